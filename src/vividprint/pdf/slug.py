"""The proof's slug: a line outside the trim on every page saying what the page is a proof of.

Magazine, issue, edition, page label, when the PDF was written, the source revision when the issue
folder is in git, and PROOF. The page's media box grows below the trim to hold it; the TrimBox keeps
the page, so a viewer that shows the trim (and `vividprint diff`, and the spreads) leaves it out.

The lines are set by WeasyPrint in the layout's own fonts, all of them in one small document of one
page per proof page, so the fonts are embedded once, as subsets; each of its pages is placed under
its proof page as a form XObject. That costs some 0.3 s of processor time for 40 pages, once per PDF
written: the time in the slug is the time the PDF was written, and a build that writes nothing keeps
the slug it had.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import io
from dataclasses import dataclass

from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import DictionaryObject, NameObject, RectangleObject

from ..inputs.layout import Font
from .forms import draw_over, page_form

SLUG_MM = 10.0  # below the trim
SLUG_NAME = "/VividSlug"  # the slug's form in each page's resources; `vividprint diff` looks past it
PT_PER_MM = 72 / 25.4
VERSION = 1  # of the slug's look: part of what decides whether a proof is written again


@dataclass(frozen=True)
class Slug:
    magazine: str
    number: str
    language: str  # the edition
    revision: str | None  # "1a2b3c4" or "1a2b3c4 dirty"; None outside git
    fonts: tuple[Font, ...]  # the layout's

    def key(self) -> str:
        """What the slug says apart from the time: a change rewrites the proof."""
        return repr((VERSION, self.magazine, self.number, self.language, self.revision))


def add_slugs(writer: PdfWriter, labels: list[str], slug: Slug, written: dt.datetime | None = None) -> None:
    """Grow every page of `writer` below its trim and draw its slug there."""
    pages = list(writer.pages)
    if not pages:
        return
    width = float(pages[0].mediabox.width)
    stamp = (written or dt.datetime.now().astimezone()).strftime("%Y-%m-%d %H:%M %Z").strip()
    lines = PdfReader(io.BytesIO(_document(slug, tuple(labels), width, stamp))).pages
    height = SLUG_MM * PT_PER_MM
    for page, line in zip(pages, lines, strict=True):
        media = page.mediabox
        left, bottom, right, top = (float(v) for v in (media.left, media.bottom, media.right, media.top))
        page.trimbox = RectangleObject([left, bottom, right, top])
        grown = RectangleObject([left, bottom - height, right, top])
        page.mediabox = grown
        page.cropbox = grown
        form = page_form(writer, line, (0, 0, float(line.mediabox.width), float(line.mediabox.height)))
        _draw(writer, page, form, left, bottom - height)


def _draw(writer: PdfWriter, page: PageObject, form: object, x: float, y: float) -> None:
    """Place the slug's form at (x, y) over the page's own drawing, which is wrapped in q/Q so that
    whatever state it leaves does not move the slug. The page's resources may be shared with other
    pages: it gets a copy of them with the slug added."""
    resources = page.get("/Resources")
    own = DictionaryObject(resources.get_object().items()) if resources is not None else DictionaryObject()
    xobjects = own.get("/XObject")
    xobjects = DictionaryObject(xobjects.get_object().items()) if xobjects is not None else DictionaryObject()
    xobjects[NameObject(SLUG_NAME)] = form
    own[NameObject("/XObject")] = xobjects
    page[NameObject("/Resources")] = own
    draw_over(writer, page, f"q 1 0 0 1 {x:.3f} {y:.3f} cm {SLUG_NAME} Do Q".encode())


@functools.lru_cache(maxsize=4)
def _document(slug: Slug, labels: tuple[str, ...], width_pt: float, stamp: str) -> bytes:
    """The slugs, one page each. Kept for the minute they name: `watch` and the build server write
    the same proof again within it for every edit (WeasyPrint takes some 7 ms a page to set them)."""
    from weasyprint import HTML  # late: only a proof that is written needs it

    regular, bold = _faces(slug.fonts)
    # Under the layout's own family name: WeasyPrint names embedded fonts after it, and the font
    # check of a proof (every font one of the layout's) holds for the slug too.
    family = _css_string(regular.family) if regular is not None else "sans-serif"
    faces = "".join(
        f"@font-face {{ font-family: {_css_string(font.family)}; src: url({_css_string(font.path.as_uri())}); "
        f"font-weight: {weight} }}"
        for font, weight in ((regular, 400), (bold, 700))
        if font is not None
    )
    edition = f"{slug.magazine} {slug.number} · {slug.language}"
    tail = f"written {stamp}" + (f" · rev {slug.revision}" if slug.revision else "")
    rows = "".join(
        f'<div class="slug"><b class="proof">PROOF</b><span>{html.escape(edition)} · '
        f'<b>{html.escape(_page(label))}</b></span><span class="when">{html.escape(tail)}</span></div>'
        for label in labels
    )
    document = f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><style>{faces}
@page {{ size: {width_pt:.3f}pt {SLUG_MM}mm; margin: 0 }}
html {{ font: 7pt/1 {family}, sans-serif; color: #444 }}
body {{ margin: 0 }}
.slug {{ display: flex; align-items: center; gap: 3mm; height: {SLUG_MM}mm; padding: 0 4mm;
  box-sizing: border-box; break-after: page; border-top: 0.3pt solid #999; white-space: nowrap }}
.proof {{ color: #c0006e; letter-spacing: 0.12em; font-size: 8pt }}
.when {{ margin-left: auto }}
</style></head><body>{rows}</body></html>"""
    return HTML(string=document).write_pdf()


def _css_string(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _page(label: str) -> str:
    return label if label.startswith("U") else f"page {label}"


def _faces(fonts: tuple[Font, ...]) -> tuple[Font | None, Font | None]:
    """A regular and a bold face of the layout's sans family if it has one, else of its first."""
    upright = [font for font in fonts if font.style == "normal"]
    if not upright:
        return None, None
    family = next((font.family for font in upright if "sans" in font.family.lower()), upright[0].family)
    faces = [font for font in upright if font.family == family]
    regular = min(faces, key=lambda font: abs(font.weight - 400))
    bold = min(faces, key=lambda font: abs(font.weight - 700))
    return regular, bold if bold.weight >= 600 else None
