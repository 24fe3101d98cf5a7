"""Stage 2, plan: the validated issue and its layout become one job per page source.

Everything a slot's look depends on is decided here, before rendering: its folio, its side, the
contents page's numbers, its HTML and its prepared images. That is what lets slots render on their own,
in any order, on any worker.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from ..errors import Problems
from ..inputs.files import World
from ..inputs.layout import Layout
from ..inputs.model import Image, Issue
from ..profiles import Profile
from ..text.hyphenation import dictionary_language
from ..text.typesetter import Typesetter
from .css import page_css
from .editorial import Contents, contents
from .flatplan import Placement, language_of, page_size, place
from .images import ImagePreparer, ImageSpec, PreparedImage, max_pixels
from .jobs import Job, PageSize, PlacedImage, Plan, RenderJob, RenderSetup, SuppliedJob
from .templates import (
    article_context,
    image_context,
    render_template,
    slot_context,
    template_environment,
)

__all__ = ["make_plan", "render_setup"]


def make_plan(
    world: World,
    issue: Issue,
    layout: Layout,
    profile: Profile,
    cache_dir: Path,
    limits: dict[Path, int] | None = None,
) -> Plan:
    """Lay out the flatplan, render every slot's HTML, and prepare images for the profile.

    `limits` caps the longest side of particular images (original file -> pixels), once layout has
    shown how large they are placed. Raises VividError with every template problem."""
    size = page_size(issue, layout, profile)
    placements = place(issue)
    images = ImagePreparer(world, cache_dir / "images", _image_spec(layout, profile, size), limits or {})
    images.prepare_all(_all_images(issue))
    planner = _Planner(
        world=world,
        issue=issue,
        layout=layout,
        profile=profile,
        size=size,
        page_css=page_css(layout, profile, size),
        env=template_environment(layout),
        images=images,
        typeset=Typesetter(world, layout, cache_dir / "bodies"),
        contents=contents(issue, layout, placements),
        problems=Problems(),
    )
    jobs = [job for placement in placements if (job := JOB_KINDS[placement.slot.kind](planner, placement))]
    planner.problems.raise_if_any()
    return Plan(
        jobs=tuple(jobs),
        size=size,
        binding=issue.binding or layout.binding,
        hyphenation=planner.typeset.hyphenation(),
        notes=planner.contents.notes,
    )


def render_setup(issue: Issue, layout: Layout, profile: Profile) -> RenderSetup:
    """What every slot will be rendered with, from the loaded issue alone: render workers get ready with
    it while the plan is still being made."""
    slots = (*issue.covers, *issue.flatplan)
    languages = {issue.language} | {slot.article.language for slot in slots if slot.article}
    return RenderSetup(
        page_css=page_css(layout, profile, page_size(issue, layout, profile)),
        stylesheets=layout.stylesheets,
        languages=tuple(sorted(dictionary_language(language) for language in languages)),
        folders=_folders(layout),
    )


def _folders(layout: Layout) -> tuple[Path, ...]:
    """The folders WeasyPrint may read from: the layout's own, its fonts and its colour profile's."""
    return tuple(dict.fromkeys((layout.root, layout.fonts_dir, layout.output_profile.parent)))


@dataclass
class _Planner:
    world: World
    issue: Issue
    layout: Layout
    profile: Profile
    size: PageSize
    page_css: str
    env: jinja2.Environment
    images: ImagePreparer
    typeset: Typesetter
    contents: Contents
    problems: Problems


def _supplied_job(planner: _Planner, placement: Placement) -> Job:
    slot = placement.slot
    assert slot.pdf is not None
    return SuppliedJob(
        key=slot.key,
        source=slot.pdf.src,
        path=slot.pdf.path,
        pages=slot.pdf_pages,
        sizes_mm=tuple(slot.pdf.page_sizes_mm[i] for i in slot.pdf_pages),
        bleeds_mm=tuple(slot.pdf.page_bleeds_mm[i] for i in slot.pdf_pages),
        first_folio=placement.first_folio,
        label=slot.cover_label,
        side=placement.side,
    )


def _template_job(planner: _Planner, placement: Placement) -> Job | None:
    slot, issue, layout = placement.slot, planner.issue, planner.layout
    assert slot.template is not None
    language = language_of(slot, issue)
    rules = planner.typeset(language)
    article = slot.article
    placed: list[tuple[Image, dict[str, Any]]] = []
    article_ctx = None
    if article is not None:
        body_urls = {image.src: planner.images(image).url for image in article.body_images}
        body = planner.typeset.body(article.body, rules, body_urls)
        placed = [(image, image_context(image, planner.images(image), language)) for image in article.images]
        flow = layout.flow_of(slot.template)
        article_ctx = article_context(article, body, [ctx for _, ctx in placed], flow, layout.grid)
        placed += [(image, {"url": body_urls[image.src]}) for image in article.body_images]
    cover_image = None
    if slot.image is not None:
        cover_image = image_context(slot.image, planner.images(slot.image), issue.language)
        placed.append((slot.image, cover_image))
    context = slot_context(placement, issue, layout, language, article_ctx, cover_image, planner.contents)
    html = render_template(planner.env, layout, slot.template, context, planner.problems)
    if html is None:
        return None
    return RenderJob(
        key=slot.key,
        source=article.src if article else "issue.toml",
        template=slot.template,
        html=html,
        base_url=layout.root.as_uri() + "/",
        stylesheets=layout.stylesheets,
        page_css=planner.page_css,
        language=language,
        first_folio=placement.first_folio,
        label=slot.cover_label,
        side=placement.side,
        pages=slot.pages,
        title=article.title if article else None,
        images=tuple(_placed_image(image, ctx["url"], planner.images(image)) for image, ctx in placed),
        hyphenation=rules.hyphenator.digest() if rules.hyphenator else "",
        folders=_folders(layout),
        typesetting=layout.typesetting.key(),
    )


def _placed_image(image: Image, url: str, prepared: PreparedImage) -> PlacedImage:
    return PlacedImage(
        src=image.src,
        url=url,
        path=prepared.path,
        width_px=image.width_px,
        height_px=image.height_px,
        colour=prepared.colour,
        peak_ink=prepared.peak_ink,
        converted_ink=prepared.converted_ink,
    )


#: The one place slot kinds are told apart: what makes the job for each.
JOB_KINDS: dict[str, Callable[[_Planner, Placement], Job | None]] = {
    "template": _template_job,
    "pdf": _supplied_job,
}


def _image_spec(layout: Layout, profile: Profile, size: PageSize) -> ImageSpec:
    page_mm = (size.trim_mm[0] + 2 * size.bleed_mm, size.trim_mm[1] + 2 * size.bleed_mm)
    return ImageSpec(
        long_side=max_pixels(page_mm, profile.image_ppi),
        quality=profile.jpeg_quality,
        cmyk_profile=layout.output_profile if profile.colour == "cmyk" else None,
        intent=layout.print.rendering_intent,
        black_point_compensation=layout.print.black_point_compensation,
        max_ink=layout.print.max_ink,
        over_ink=layout.print.over_ink,
    )


def _all_images(issue: Issue) -> list[Image]:
    slots = (*issue.covers, *issue.flatplan)
    found = [slot.image for slot in slots if slot.image is not None]
    for article in (slot.article for slot in slots if slot.article is not None):
        found += [*article.images, *article.body_images]
    return found
