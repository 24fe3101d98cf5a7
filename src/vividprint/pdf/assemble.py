"""Assembly: rendered parts and supplied pages become the issue PDF, in flatplan order.

Page labels carry the printed folios (U1, U2, 1, 2, ... U3, U4) so that a PDF viewer's page box and
the printed page agree; the outline has one entry per article. In print, every page gets TrimBox and
BleedBox, and the file is made a PDF/X file as a whole.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.annotations import FreeText
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    IndirectObject,
    NameObject,
    RectangleObject,
    TextStringObject,
)

from .. import __version__
from ..disk import write_atomic
from ..inputs.files import World
from ..plan.jobs import Plan, RenderedPart, RenderJob, SuppliedJob
from . import pdfx
from .fonts import share_fonts
from .proofmarks import mark_lines
from .slug import Slug, add_slugs

PT_PER_MM = 72 / 25.4


@dataclass(frozen=True)
class DocumentInfo:
    title: str
    magazine: str
    number: str
    language: str
    date: dt.date
    identity: str  # names the document for its fixed identifiers: magazine, number, profile


@dataclass(frozen=True)
class Assembled:
    path: Path
    page_count: int
    labels: tuple[str, ...]


def assemble(
    world: World,
    plan: Plan,
    parts: dict[str, RenderedPart],
    info: DocumentInfo,
    target: Path,
    standard: pdfx.Standard | None = None,
    marks: bool = False,
    proof_marks: bool = False,
    fonts: tuple[Path, ...] = (),
    font_cache: Path | None = None,
    supplied: dict[Path, Path] | None = None,
    slug: Slug | None = None,
    scratch: Path | None = None,
) -> Assembled:
    """Put every page in place and write the issue PDF atomically to `target`; `proof_marks` marks the
    lines the typesetting report names; `supplied` gives the copies of supplied files to place instead
    of the originals (a proof's, with smaller pictures); `slug`: a proof's slug under every page, and
    pictures and fonts that several parts embed alike written once."""
    writer = PdfWriter()
    copies: dict[Path, PdfReader] = {}
    labels: list[str] = []
    bleed = plan.size.bleed_mm * PT_PER_MM
    width_pt, height_pt = (v * PT_PER_MM + 2 * bleed for v in plan.size.trim_mm)
    for job in plan.jobs:
        start = len(writer.pages)
        match job:
            case RenderJob():
                part = parts[job.key]
                for index, page in enumerate(PdfReader(part.pdf).pages[: job.pages]):
                    added = writer.add_page(page)
                    if proof_marks:
                        lines = [line for line in part.setting if line.page == index]
                        mark_lines(writer, added, lines, part.counts.body_pt)
                for _ in range(job.pages - min(part.pages_used, job.pages)):
                    _set_boxes(writer.add_blank_page(width_pt, height_pt), bleed)
                if part.pages_used > job.pages and standard is None:  # print refuses overset (check stage)
                    _mark_overset(writer, len(writer.pages) - 1, part, job.pages)
                if job.title:
                    writer.add_outline_item(title=job.title, page_number=start)
            case SuppliedJob():
                if supplied is None:
                    reader = world.pdf(job.path)
                elif (reader := copies.get(job.path)) is None:
                    reader = copies[job.path] = PdfReader(supplied[job.path])
                for index in job.pages:
                    _fit_to_trim(writer.add_page(reader.pages[index]), bleed)
        count = len(writer.pages) - start
        if job.label:
            labels.append(job.label)
            writer.set_page_label(start, start, prefix=job.label)
        else:
            assert job.first_folio is not None
            labels.extend(str(job.first_folio + i) for i in range(count))
            writer.set_page_label(start, start + count - 1, style="/D", start=job.first_folio)
    if marks:
        for page in writer.pages:
            add_crop_marks(writer, page)
    share_fonts(writer, fonts, font_cache)
    if slug is not None:
        add_slugs(writer, labels, slug)
    # Parts are rendered one by one, each embedding the pictures it shows: a photo on two pages, or an
    # ad booked twice, would be in a proof twice (0.7 MB of the example's 5.3 MB). The font programs
    # shared fonts replaced are dropped in the same pass.
    writer.compress_identical_objects(remove_duplicates=slug is not None, remove_unreferenced=True)
    finish(writer, info, standard)
    write_pdf(writer, target, scratch)
    return Assembled(path=target, page_count=len(writer.pages), labels=tuple(labels))


def finish(writer: PdfWriter, info: DocumentInfo, standard: pdfx.Standard | None) -> None:
    """Document metadata (dates from the manifest, never the clock) and, in print, PDF/X."""
    stamp = "D:" + info.date.strftime("%Y%m%d") + "000000Z"
    writer.add_metadata(
        {
            "/Title": info.title,
            "/Author": info.magazine,
            "/Subject": f"{info.magazine} {info.number}",
            "/Creator": f"vividprint {__version__}",
            "/Producer": f"vividprint {__version__}",
            "/CreationDate": stamp,
            "/ModDate": stamp,
        }
    )
    writer.root_object[NameObject("/Lang")] = TextStringObject(info.language)
    if standard is not None:
        pdfx.apply(writer, standard, info.title, info.date, info.identity)


def write_pdf(writer: PdfWriter, target: Path, scratch: Path | None = None) -> None:
    buffer = io.BytesIO()
    writer.write(buffer)
    write_atomic(target, buffer.getvalue(), scratch)


MARK_GAP_MM = 1.0  # between the bleed and the start of a mark
MARK_LENGTH_MM = 5.0


def add_crop_marks(writer: PdfWriter, page: PageObject) -> None:
    """Crop marks outside the bleed, in registration black (all four inks): the media box grows to
    hold them, trim and bleed stay as they are, and no mark reaches into the bleed."""
    trim, bleed = page.trimbox, page.bleedbox
    gap, length = MARK_GAP_MM * PT_PER_MM, MARK_LENGTH_MM * PT_PER_MM
    left, bottom, right, top = (float(v) for v in (bleed.left, bleed.bottom, bleed.right, bleed.top))
    lines = []
    for x in (float(trim.left), float(trim.right)):
        lines.append((x, bottom - gap - length, x, bottom - gap))  # vertical marks below and above
        lines.append((x, top + gap, x, top + gap + length))
    for y in (float(trim.bottom), float(trim.top)):
        lines.append((left - gap - length, y, left - gap, y))  # horizontal marks left and right
        lines.append((right + gap, y, right + gap + length, y))
    ops = "q 1 1 1 1 K 0.25 w " + " ".join(f"{a:.3f} {b:.3f} m {c:.3f} {d:.3f} l S" for a, b, c, d in lines) + " Q"
    grow = gap + length + gap
    media = RectangleObject([left - grow, bottom - grow, right + grow, top + grow])
    existing = page.get("/Contents")
    if existing is None:  # a blank page
        streams = []
    elif isinstance(existing.get_object(), ArrayObject):
        streams = list(existing.get_object())
    else:
        streams = [existing]
    # The page's own drawing may leave its coordinate system changed: wrap it so the marks start clean.
    page[NameObject("/Contents")] = ArrayObject(
        [_stream(writer, "q"), *streams, _stream(writer, "Q"), _stream(writer, ops)]
    )
    page.mediabox = media
    page.cropbox = media


def _stream(writer: PdfWriter, ops: str) -> IndirectObject:
    stream = DecodedStreamObject()
    stream.set_data(ops.encode())
    return writer._add_object(stream)


def _set_boxes(page: PageObject, bleed: float) -> None:
    media = page.mediabox
    page.bleedbox = RectangleObject(media)
    page.trimbox = RectangleObject(
        [float(media.left) + bleed, float(media.bottom) + bleed, float(media.right) - bleed, float(media.top) - bleed]
    )


def _mark_overset(writer: PdfWriter, index: int, part: RenderedPart, allotted: int) -> None:
    """A visible note on the last allotted page: the text goes on where the reader cannot see it."""
    page = writer.pages[index]
    box = page.trimbox
    left, top = float(box.left) + 20, float(box.top) - 20
    note = FreeText(
        text=f"OVERSET: {part.overflow_lines} lines over ({part.pages_used} pages needed, {allotted} allotted)",
        rect=(left, top - 28, left + 380, top),
        font="Helvetica",
        bold=True,
        font_size="11pt",
        font_color="cc0000",
        border_color="cc0000",
        background_color="ffffff",
    )
    writer.add_annotation(page_number=index, annotation=note)


def _fit_to_trim(page: PageObject, bleed: float) -> None:
    """A supplied page shows its trim area plus the profile's bleed, as far as the page has it."""
    trim = page.trimbox
    media = page.mediabox
    box = RectangleObject(
        [
            max(float(media.left), float(trim.left) - bleed),
            max(float(media.bottom), float(trim.bottom) - bleed),
            min(float(media.right), float(trim.right) + bleed),
            min(float(media.top), float(trim.top) + bleed),
        ]
    )
    page.mediabox = box
    page.cropbox = box
    page.bleedbox = box
    page.trimbox = RectangleObject(trim)
