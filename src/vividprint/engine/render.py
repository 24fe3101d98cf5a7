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
from urllib.parse import urlsplit
from urllib.request import url2pathname

from weasyprint import CSS, HTML
from weasyprint.formatting_structure import boxes
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from ..disk import write_atomic
from ..inputs.layout import TypesettingSettings
from ..plan.css import slot_css
from ..plan.jobs import HyphenationRules, ImagePlacement, RenderedPart, RenderJob, RenderSetup, SetCounts
from ..text.hyphenation import install, preload
from . import gradients, grid, linebreak, overprint
from .facts import pdf_fonts
from .fitting import fit
from .frames import frame_findings, paint_order, unset_text
from .setting import body_size, in_page_order, last_page_empty, set_lines, short_columns

BARE = "VIVIDPRINT_BARE"
_shared: dict[str, tuple[FontConfiguration, CSS, dict]] = {}
_layout_css: dict[tuple[str, str, int], CSS] = {}
_css_refused: dict[tuple[str, str, int], tuple[str, ...]] = {}


@atexit.register
def _forget() -> None:
    # A font configuration removes its temporary copies of the fonts when it is collected; at exit, some
    # are not, unless nothing holds them any more.
    _layout_css.clear()
    _css_refused.clear()
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
    font_config, page, color_profiles = _page_css(job.page_css, job.folders)
    stylesheets = [page, *(_stylesheet(job, path, font_config) for path in job.stylesheets)]
    stylesheets.append(CSS(string=slot_css(job.first_folio, job.side), font_config=font_config))
    # bench/ only: WeasyPrint's own work, none of vividprint's typesetting (the baseline of its cost).
    bare = os.environ.get(BARE) == "1"
    grid.use(not bare)
    # Print documents are CMYK throughout: gradients in CMYK, solid black text overprinting.
    cmyk = bool(pdf_variant and pdf_variant.startswith("pdf/x"))
    gradients.use(True, cmyk)
    overprint.use(cmyk)
    collect = _Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(collect)
    try:
        # The variant must be known at layout time: it decides the colour space of transparency groups.
        fetcher = Fetcher(job.folders, {image.url: image.path for image in job.images})
        html = HTML(string=job.html, base_url=job.base_url, url_fetcher=fetcher)
        chosen = linebreak.settings_for(job.typesetting, html.etree_element)
        linebreak.use(chosen.optimal and not bare, chosen)

        def lay_out():  # type: ignore[no-untyped-def]
            linebreak.reset()  # plans are kept by box, and a new layout makes new boxes
            return html.render(
                stylesheets=stylesheets, font_config=font_config, color_profiles=color_profiles, pdf_variant=pdf_variant
            )

        document, fitted = (lay_out(), []) if bare else fit(html, lay_out(), lay_out, job.pages)
        with paint_order() as order:
            pdf = document.write_pdf(pdf_variant=pdf_variant)
        by_line = len(linebreak.by_line)
    finally:
        logger.removeHandler(collect)
        linebreak.reset()
        # Other WeasyPrint documents in this process are laid out as WeasyPrint does.
        grid.use(False)
        linebreak.use(False)
        gradients.use(False)
        overprint.use(False)
    target = out_dir / f"{_file_key(job.key)}.{os.getpid()}.pdf"
    write_atomic(target, pdf)
    overflow = sum(_text_lines(page) for page in document.pages[job.pages :])
    typesetting = TypesettingSettings.model_validate_json(job.typesetting) if job.typesetting else TypesettingSettings()
    setting, counts = ((), SetCounts()) if bare else set_lines(pdf, body_size(document), typesetting, by_line)
    if not bare:
        setting = in_page_order((*setting, *short_columns(document, job.pages)))
    return RenderedPart(
        key=job.key,
        pdf=target,
        pages_used=len(document.pages),
        warnings=tuple(dict.fromkeys(m for m in collect.messages if not _refusal(m))),
        refused=tuple(dict.fromkeys([*fetcher.refused, *_css_refusals(job)])),
        overflow_lines=overflow,
        placements=tuple(_placements(document)),
        fonts=tuple(sorted(pdf_fonts(io.BytesIO(pdf)))),
        frames=() if bare else (*frame_findings(document, order, job.pages), *unset_text(html.etree_element, document)),
        fitted=tuple(fitted),
        setting=setting,
        counts=counts,
        last_empty=0.0 if bare else last_page_empty(document, job.pages),
        gradients=tuple(gradients.findings(document, cmyk)),
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
    font_config, _, _ = _page_css(setup.page_css, setup.folders)
    for path in setup.stylesheets:
        _stylesheet(setup, path, font_config)


_MIME = {".png": "image/png", ".svg": "image/svg+xml"}


class Fetcher(URLFetcher):
    """What WeasyPrint may read: the slot's prepared images under their content-named URLs, and files in
    the layout's own folders (its stylesheets, what they refer to, the fonts). Nothing else: no other
    file, no network, no data: URLs; each refusal is kept, and the check stage names it with the slot."""

    def __init__(self, folders: Iterable[Path], images: dict[str, Path] | None = None) -> None:
        super().__init__(allowed_protocols=("file",))
        self.folders = tuple(folders)
        self.images = images or {}
        self.refused: list[str] = []

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        if url in self.images:
            path = self.images[url]
            mime = _MIME.get(path.suffix.lower(), "image/jpeg")
            return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": mime})
        if url.startswith("file:"):
            path = Path(os.path.normpath(url2pathname(urlsplit(url).path)))
            if any(path.is_relative_to(folder) for folder in self.folders):
                return super().fetch(url, headers)
        self.refused.append(url if len(url) < 120 else url[:117] + "...")
        raise ValueError(f"not one of the files a layout may use: {url[:120]}")


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


def _page_css(css: str, folders: tuple[Path, ...]) -> tuple[FontConfiguration, CSS, dict]:
    """Fonts and colour profiles declared in the generated CSS, shared by every document using it."""
    if css not in _shared:
        font_config = FontConfiguration()
        color_profiles: dict = {}
        sheet = CSS(string=css, font_config=font_config, color_profiles=color_profiles, url_fetcher=Fetcher(folders))
        # WeasyPrint embeds a profile as LittleCMS writes it, which differs once the profile's description
        # has been read, as it is while the first slot is written: read it now, so that every slot of every
        # process embeds the same bytes, whatever the process rendered before.
        for profile in color_profiles.values():
            _ = profile.name
        _shared[css] = (font_config, sheet, color_profiles)
    return _shared[css]


def _stylesheet(job: RenderJob | RenderSetup, path: Path, font_config: FontConfiguration) -> CSS:
    key = (job.page_css, str(path), path.stat().st_mtime_ns)
    if key not in _layout_css:
        fetcher = Fetcher(job.folders)
        _layout_css[key] = CSS(filename=str(path), font_config=font_config, url_fetcher=fetcher)
        _css_refused[key] = tuple(fetcher.refused)
    return _layout_css[key]


def _css_refusals(job: RenderJob) -> list[str]:
    """What the layout's stylesheets asked for and were refused when they were parsed (once per process)."""
    keys = [(job.page_css, str(path), path.stat().st_mtime_ns) for path in job.stylesheets]
    return [url for key in keys for url in _css_refused.get(key, ())]


def _refusal(message: str) -> bool:
    return "not one of the files a layout may use" in message


def _file_key(key: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in key).strip("-")
