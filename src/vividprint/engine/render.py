"""Stage 3, render: one job becomes one part PDF with WeasyPrint, plus the facts seen while rendering.

Parsed stylesheets and font configurations are kept per process: every slot of an issue shares them,
and parsing them again for each slot would cost more than some slots take to lay out. A render worker
pays for them in `start_worker`, before its first slot arrives.
"""

from __future__ import annotations

import atexit
import io
import logging
import os
from collections.abc import Iterable
from pathlib import Path

from weasyprint import CSS, HTML
from weasyprint.formatting_structure import boxes
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from ..disk import write_atomic
from ..plan.jobs import HyphenationRules, ImagePlacement, RenderedPart, RenderJob, RenderSetup
from ..plan.prepare import slot_css
from ..text.hyphenation import install, preload
from .facts import pdf_fonts

_shared: dict[str, tuple[FontConfiguration, CSS, dict]] = {}
_layout_css: dict[tuple[str, str, int], CSS] = {}


@atexit.register
def _forget() -> None:
    # A font configuration removes its temporary copies of the fonts when it is collected; at exit, some
    # are not, unless nothing holds them any more.
    _layout_css.clear()
    _shared.clear()


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if "HarfBuzz-Subset" not in message:  # about the machine, not the issue
            self.messages.append(message)


def render(
    job: RenderJob,
    out_dir: Path,
    pdf_variant: str | None = None,
    hyphenation: Iterable[HyphenationRules] = (),
) -> RenderedPart:
    """Render one slot to a PDF in `out_dir` and report what WeasyPrint saw.

    `hyphenation` is the issue's rules (Plan.hyphenation); a process that prepared the plan has them
    in force already."""
    install(hyphenation)
    font_config, page, color_profiles = _page_css(job.page_css)
    stylesheets = [page, *(_stylesheet(job.page_css, path, font_config) for path in job.stylesheets)]
    stylesheets.append(CSS(string=slot_css(job.first_folio, job.side), font_config=font_config))
    collect = _Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(collect)
    try:
        # The variant must be known at layout time: it decides the colour space of transparency groups.
        fetcher = _ImageFetcher({image.url: image.path for image in job.images})
        document = HTML(string=job.html, base_url=job.base_url, url_fetcher=fetcher).render(
            stylesheets=stylesheets, font_config=font_config, color_profiles=color_profiles, pdf_variant=pdf_variant
        )
        pdf = document.write_pdf(pdf_variant=pdf_variant)
    finally:
        logger.removeHandler(collect)
    target = out_dir / f"{_file_key(job.key)}.{os.getpid()}.pdf"
    write_atomic(target, pdf)
    overflow = sum(_text_lines(page) for page in document.pages[job.pages :])
    return RenderedPart(
        key=job.key,
        pdf=target,
        pages_used=len(document.pages),
        warnings=tuple(dict.fromkeys(collect.messages)),
        overflow_lines=overflow,
        placements=tuple(_placements(document)),
        fonts=tuple(sorted(pdf_fonts(io.BytesIO(pdf)))),
    )


CSS_PX_PER_INCH = 96


def _placements(document) -> list[ImagePlacement]:
    """Every image box as laid out, measured in inches: the basis of effective resolution."""
    found = []
    for index, page in enumerate(document.pages):
        for box in page._page_box.descendants(placeholders=True):
            if isinstance(box, boxes.ReplacedBox) and box.element is not None:
                url = box.element.get("src")
                if not url:
                    continue
                found.append(
                    ImagePlacement(
                        url=url,
                        page=index,
                        width_in=box.width / CSS_PX_PER_INCH,
                        height_in=box.height / CSS_PX_PER_INCH,
                        fit=box.style["object_fit"],
                    )
                )
    return found


def start_worker(setup: RenderSetup) -> None:
    """Get a fresh render process ready while the parent is still preparing the slots: parse the CSS and
    load the fonts it declares, and make the dictionaries known (each is read when first looked up)."""
    preload(setup.languages)
    font_config, _, _ = _page_css(setup.page_css)
    for path in setup.stylesheets:
        _stylesheet(setup.page_css, path, font_config)


class _ImageFetcher(URLFetcher):
    """Serves the prepared images under their content-named URLs; everything else as usual."""

    def __init__(self, images: dict[str, Path]) -> None:
        super().__init__()
        self.images = images

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        if url in self.images:
            path = self.images[url]
            mime = "image/png" if path.suffix.lower() == ".png" else "image/jpeg"
            return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": mime})
        return super().fetch(url, headers)


def _text_lines(page) -> int:
    """Lines of text on a page, running heads and folios not counted: what an editor would cut."""
    page_box = page._page_box
    return sum(
        1
        for child in page_box.children
        if not isinstance(child, boxes.MarginBox)
        for box in child.descendants()
        if isinstance(box, boxes.LineBox)
    )


def _page_css(css: str) -> tuple[FontConfiguration, CSS, dict]:
    """Fonts and colour profiles declared in the generated CSS, shared by every document using it."""
    if css not in _shared:
        font_config = FontConfiguration()
        color_profiles: dict = {}
        sheet = CSS(string=css, font_config=font_config, color_profiles=color_profiles)
        # WeasyPrint embeds a profile as LittleCMS writes it, which differs once the profile's description
        # has been read, as it is while the first slot is written: read it now, so that every slot of every
        # process embeds the same bytes, whatever the process rendered before.
        for profile in color_profiles.values():
            _ = profile.name
        _shared[css] = (font_config, sheet, color_profiles)
    return _shared[css]


def _stylesheet(page_css: str, path: Path, font_config: FontConfiguration) -> CSS:
    key = (page_css, str(path), path.stat().st_mtime_ns)
    if key not in _layout_css:
        _layout_css[key] = CSS(filename=str(path), font_config=font_config)
    return _layout_css[key]


def _file_key(key: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in key).strip("-")
