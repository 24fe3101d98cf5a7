"""Stage 2, prepare: the validated issue and its layout become one job per page source.

Everything a slot's look depends on is decided here, before rendering: its folio, its side, the
contents page's numbers, its HTML and its prepared images. That is what lets slots render on their own.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from .. import __version__
from ..disk import machine_cache, write_atomic
from ..errors import Problems, VividError
from ..inputs.layout import Layout
from ..inputs.model import Image, Issue, Slot
from ..profiles import Profile
from ..text.hyphenation import Hyphenator, dictionary_language, house_lists, load_house_exceptions
from ..text.markdown import KEEP_CLASS, Body, Item, TextRules, render_body, render_inline, spread
from .images import ImageSpec, max_pixels, prepare_image
from .jobs import HyphenationRules, Job, PageSize, PlacedImage, Plan, RenderJob, RenderSetup, Side, SuppliedJob

IMAGE_SCHEME = "vividprint-image"
BODY_FORMAT = f"{__version__}/1"  # bump when body.py or typography.py set text differently
COVER_SIDES: dict[str, Side] = {"U1": "right", "U2": "left", "U3": "right", "U4": "left"}


@dataclass(frozen=True)
class Placement:
    slot: Slot
    first_folio: int | None
    side: Side


def prepare(
    issue: Issue,
    layout: Layout,
    profile: Profile,
    cache_dir: Path,
    limits: dict[Path, int] | None = None,
    made: Callable[[RenderJob, tuple[HyphenationRules, ...]], None] | None = None,
) -> Plan:
    """Lay out the flatplan, render every slot's HTML, and prepare images for the profile.

    `limits` caps the longest side of particular images (original file -> pixels), once layout has
    shown how large they are placed. `made` is handed each slot's job, with the plan's hyphenation
    rules, as soon as it is made: a slot that must be rendered can start before the rest are prepared."""
    size = page_size(issue, layout, profile)
    placements = place(issue)
    env = template_environment(layout)
    page_mm = (size.trim_mm[0] + 2 * size.bleed_mm, size.trim_mm[1] + 2 * size.bleed_mm)
    spec = ImageSpec(
        long_side=max_pixels(page_mm, profile.image_ppi),
        quality=profile.jpeg_quality,
        cmyk_profile=layout.output_profile if profile.colour == "cmyk" else None,
        intent=layout.print.rendering_intent,
        black_point_compensation=layout.print.black_point_compensation,
    )
    images = _ImagePreparer(cache_dir / "images", spec, limits or {})
    images.prepare_all(_all_images(issue))
    contents = contents_entries(placements)
    typeset = Typesetter(issue, layout, cache_dir / "bodies")
    # Every language's rules before the first slot: one handed out early renders with the same rules.
    for placement in placements:
        if placement.slot.template is not None:
            typeset(_language(placement.slot, issue))
    hyphenation = typeset.hyphenation()
    problems = Problems()
    jobs: list[Job] = []
    for placement in placements:
        job = _job(placement, issue, layout, profile, size, env, images, contents, problems, typeset)
        if job is not None:
            jobs.append(job)
            if made is not None and isinstance(job, RenderJob) and not problems:
                made(job, hyphenation)
    problems.raise_if_any()
    return Plan(
        jobs=tuple(jobs),
        size=size,
        binding=issue.binding or layout.binding,
        hyphenation=hyphenation,
    )


def _language(slot: Slot, issue: Issue) -> str:
    return slot.article.language if slot.article else issue.language


def page_size(issue: Issue, layout: Layout, profile: Profile) -> PageSize:
    trim = issue.trim_mm or layout.trim_mm
    bleed = (issue.bleed_mm if issue.bleed_mm is not None else layout.bleed_mm) if profile.bleed else 0.0
    return PageSize(trim_mm=trim, bleed_mm=bleed)


def render_setup(issue: Issue, layout: Layout, profile: Profile) -> RenderSetup:
    """What every slot will be rendered with, from the loaded issue alone: render workers get ready with
    it while prepare is still at work."""
    slots = (*issue.covers, *issue.flatplan)
    languages = {issue.language} | {slot.article.language for slot in slots if slot.article}
    return RenderSetup(
        page_css=page_css(layout, profile, page_size(issue, layout, profile)),
        stylesheets=layout.stylesheets,
        languages=tuple(sorted(dictionary_language(language) for language in languages)),
    )


def place(issue: Issue) -> list[Placement]:
    """Folios and sides for every slot in physical order: U1, U2, the flatplan, U3, U4."""
    front = [c for c in issue.covers if c.cover_label in ("U1", "U2")]
    back = [c for c in issue.covers if c.cover_label in ("U3", "U4")]
    out = [Placement(c, None, COVER_SIDES[c.cover_label or "U1"]) for c in front]
    folio = issue.first_page
    for slot in issue.flatplan:
        out.append(Placement(slot, folio, side_of(folio)))
        folio += slot.pages
    out += [Placement(c, None, COVER_SIDES[c.cover_label or "U4"]) for c in back]
    return out


def side_of(folio: int) -> Side:
    """Odd folios are right-hand pages, as in every book and magazine set left to right."""
    return "right" if folio % 2 else "left"


def contents_entries(placements: list[Placement]) -> list[dict[str, Any]]:
    return [
        {
            "page": p.first_folio,
            "title": Markup(render_inline(p.slot.article.title, p.slot.article.language)),
            "kicker": p.slot.article.kicker,
            "lead": Markup(render_inline(p.slot.article.lead, p.slot.article.language))
            if p.slot.article.lead
            else None,
            "author": p.slot.article.author,
            "template": p.slot.template,
        }
        for p in placements
        if p.slot.article is not None and p.first_folio is not None
    ]


def _jinja_cache() -> Path:
    folder = machine_cache() / "templates"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def template_environment(layout: Layout) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(layout.root / "templates"),
        # Compiling the templates costs more than rendering a slot's HTML; Jinja keeps the compiled code
        # per machine and recompiles when a template's source changes.
        bytecode_cache=jinja2.FileSystemBytecodeCache(str(_jinja_cache())),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["inline"] = lambda text: Markup(render_inline(text)) if text else ""
    env.globals["spread"] = spread
    return env


def image_url(prepared: Path, source: Path) -> str:
    """A URL named by the image's content, not its place on disk.

    WeasyPrint names an image in the PDF after its URL, so a path in the URL would make two builds from
    two cache folders differ by a byte; render() resolves these URLs to the prepared files. A prepared
    copy is already named by a digest of its source and the profile; an original used as it is gets one.
    """
    digest = prepared.stem if prepared != source else hashlib.sha256(source.read_bytes()).hexdigest()[:32]
    return f"{IMAGE_SCHEME}:{digest}{prepared.suffix.lower()}"


class Typesetter:
    """Text rules per language, with a hyphenator built on first use from the dictionary, the layout's
    house lists and the issue's own (`ISSUE/hyphenation/<lang>.txt`, which wins)."""

    def __init__(self, issue: Issue, layout: Layout, cache_dir: Path) -> None:
        self.issue = issue
        self.layout = layout
        self.cache_dir = cache_dir
        self._rules: dict[str, TextRules] = {}

    def __call__(self, language: str) -> TextRules:
        if language not in self._rules:
            issue_lists = {p.stem: p for p in sorted((self.issue.root / "hyphenation").glob("*.txt"))}
            paths = house_lists(self.layout.hyphenation, language) + house_lists(issue_lists, language)
            exceptions = load_house_exceptions(paths, describe=self._describe)
            hyphenator = Hyphenator(language, exceptions, min_word=self.layout.hyphenation_min_word)
            # Rendering in this process uses them; render workers are sent them (Plan.hyphenation).
            hyphenator.install()
            self._rules[language] = TextRules(language, hyphenator)
        return self._rules[language]

    def hyphenation(self) -> tuple[HyphenationRules, ...]:
        """The rules of every language set so far, as data for other processes."""
        return tuple(
            rules.hyphenator.rules() for _, rules in sorted(self._rules.items()) if rules.hyphenator is not None
        )

    def body(self, markdown: str, rules: TextRules) -> Body:
        """An article body set by `rules`, from the cache when the same text was set the same way before."""
        digest = rules.hyphenator.digest() if rules.hyphenator else ""
        key = hashlib.sha256(f"{BODY_FORMAT}|{rules.language}|{digest}|{markdown}".encode()).hexdigest()[:32]
        path = self.cache_dir / f"{key}.json"
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return Body(html=data["html"], blocks=tuple(data["blocks"]), items=tuple(Item(**i) for i in data["items"]))
        except (OSError, ValueError, KeyError, TypeError):
            pass
        body = render_body(markdown, rules)
        write_atomic(path, json.dumps(asdict(body)).encode())
        return body

    def _describe(self, path: Path) -> str:
        if path.is_relative_to(self.issue.root):
            return path.relative_to(self.issue.root).as_posix()
        return self.layout.rel(path)


def _all_images(issue: Issue) -> list[Image]:
    slots = (*issue.covers, *issue.flatplan)
    found = [slot.image for slot in slots if slot.image is not None]
    found += [image for slot in slots if slot.article is not None for image in slot.article.images]
    return found


class _ImagePreparer:
    def __init__(self, cache_dir: Path, spec: ImageSpec, limits: dict[Path, int]) -> None:
        self.cache_dir = cache_dir
        self.spec = spec
        self.limits = limits
        self._prepared: dict[Path, Path] = {}
        self._urls: dict[Path, str] = {}

    def _prepare(self, source: Path) -> Path:
        spec = self.spec
        if source in self.limits:
            spec = replace(spec, long_side=min(spec.long_side, self.limits[source]))
        return prepare_image(source, self.cache_dir, spec)

    def prepare_all(self, images: list[Image]) -> None:
        """Decode, scale and encode in threads: Pillow releases the interpreter lock while it works."""
        sources = sorted({image.path for image in images})
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
            prepared = pool.map(self._prepare, sources)
            self._prepared.update(zip(sources, prepared, strict=True))

    def __call__(self, image: Image, language: str | None = None) -> dict[str, Any]:
        path = self._prepared.get(image.path) or self._prepare(image.path)
        if image.path not in self._urls:  # an image placed twice is hashed once
            self._urls[image.path] = image_url(path, image.path)
        x, y = image.focus
        return {
            "src": image.src,
            "url": self._urls[image.path],
            "file": path,
            "caption": Markup(render_inline(image.caption, language)) if image.caption else None,
            "credit": image.credit,
            "role": image.role,
            "position": f"{x * 100:.0f}% {y * 100:.0f}%",
            "width_px": image.width_px,
            "height_px": image.height_px,
            "landscape": image.width_px >= image.height_px,
        }


def _job(
    placement: Placement,
    issue: Issue,
    layout: Layout,
    profile: Profile,
    size: PageSize,
    env: jinja2.Environment,
    images: _ImagePreparer,
    contents: list[dict[str, Any]],
    problems: Problems,
    typeset: Typesetter,
) -> Job | None:
    slot = placement.slot
    source = slot.article.src if slot.article else "issue.toml"
    if slot.pdf is not None:
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
    assert slot.template is not None
    article = slot.article
    language = _language(slot, issue)
    rules = typeset(language)
    article_ctx = None
    placed: list[dict[str, Any]] = []
    if article is not None:
        body = typeset.body(article.body, rules)
        placed = [images(im, language) for im in article.images]
        hero = placed[0] if placed and placed[0]["role"] in ("hero", "full-bleed") else None
        article_ctx = {
            "src": article.src,
            "title": Markup(render_inline(article.title, language)),
            "kicker": article.kicker,
            "lead": Markup(render_inline(article.lead, language)) if article.lead else None,
            "author": article.author,
            "photos": article.photos,
            "quote": Markup(render_inline(article.quote, language)) if article.quote else None,
            "language": language,
            "body": Markup(body.html),
            "blocks": [Markup(b) for b in body.blocks],
            "items": [{"title": Markup(i.title), "html": Markup(i.html)} for i in body.items],
            "images": placed,
            "hero": hero,
            "inline_images": [im for im in placed if im["role"] == "inline"],
            "page_images": [im for im in placed if im["role"] != "inline" and im is not hero],
        }
    cover_image = images(slot.image, issue.language) if slot.image is not None else None
    if cover_image is not None:
        placed.append(cover_image)
    context = {
        "issue": {
            "magazine": issue.magazine,
            "number": issue.number,
            "date": issue.date,
            "language": issue.language,
            "title": issue.title,
        },
        "slot": {
            "key": slot.key,
            "template": slot.template,
            "first_page": placement.first_folio,
            "pages": slot.pages,
            "side": placement.side,
            "label": slot.cover_label,
        },
        "article": article_ctx,
        "image": cover_image,
        "headline": Markup(render_inline(slot.headline, issue.language)) if slot.headline else None,
        "contents": contents,
        "settings": layout.settings,
        # The tag WeasyPrint picks its dictionary by: "de" would get the Austrian one, "en" the British.
        "lang": dictionary_language(language),
    }
    template_path = layout.templates[slot.template]
    try:
        html = env.get_template(template_path.name).render(context)
    except jinja2.TemplateSyntaxError as exc:
        raise VividError.one(
            layout.rel(Path(exc.filename or template_path)), f"line {exc.lineno}", f"template error: {exc.message}"
        ) from None
    except jinja2.TemplateError as exc:
        problems.add(layout.rel(template_path), _template_line(exc), f"{exc} (while rendering {slot.key})")
        return None
    return RenderJob(
        key=slot.key,
        source=source,
        template=slot.template,
        html=html,
        base_url=layout.root.as_uri() + "/",
        stylesheets=layout.stylesheets,
        page_css=page_css(layout, profile, size),
        language=language,
        first_folio=placement.first_folio,
        label=slot.cover_label,
        side=placement.side,
        pages=slot.pages,
        title=article.title if article else None,
        images=tuple(
            PlacedImage(
                src=im["src"], url=im["url"], path=im["file"], width_px=im["width_px"], height_px=im["height_px"]
            )
            for im in placed
        ),
        hyphenation=rules.hyphenator.digest() if rules.hyphenator else "",
    )


def _template_line(exc: BaseException) -> str:
    tb = exc.__traceback__
    line = ""
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.endswith(".j2"):
            line = f"line {tb.tb_lineno}"
        tb = tb.tb_next
    return line


def page_css(layout: Layout, profile: Profile, size: PageSize) -> str:
    """The CSS that vividprint owns: fonts, colours, page size, and where this slot starts."""
    width, height = size.trim_mm
    rules = [f"@page {{ size: {width}mm {height}mm; }}"]
    if size.bleed_mm:
        rules.append(f"@page {{ bleed: {size.bleed_mm}mm; }}")
    if profile.colour == "cmyk":
        # Names the paper's profile as the output intent; device-cmyk() colours are meant for it.
        rules.append(
            f'@color-profile device-cmyk {{ src: url("{layout.output_profile.as_uri()}"); '
            f"components: cyan magenta yellow black; }}"
        )
    for font in layout.fonts:
        rules.append(
            f'@font-face {{ font-family: "{font.family}"; src: url("{font.path.as_uri()}"); '
            f"font-weight: {font.weight}; font-style: {font.style}; }}"
        )
    colours = [f"--bleed: {size.bleed_mm:g}mm;"]
    for name, colour in layout.colors.items():
        if profile.colour == "cmyk":
            c, m, y, k = (v / 100 for v in colour.cmyk)
            colours.append(f"--{name}: device-cmyk({c:g} {m:g} {y:g} {k:g});")
        else:
            colours.append(f"--{name}: {colour.rgb};")
    rules.append(":root { " + " ".join(colours) + " }")
    return "\n".join(rules)


def slot_css(first_folio: int | None, side: Side) -> str:
    """Last in the cascade: the slot starts at its flatplan folio, on its flatplan side, and what
    body.py marked to keep whole (URLs, hyphenated compounds) is never hyphenated."""
    rules = [f"html {{ break-before: {side}; }}", f".{KEEP_CLASS} {{ hyphens: manual !important; }}"]
    if first_folio is not None:
        rules.append(f"@page :first {{ counter-reset: page {first_folio}; }}")
    return "\n".join(rules)
