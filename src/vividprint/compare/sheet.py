"""The side-by-side PDF: for each page that changed, came or went, the old page left and the new one
right on one sheet, the changed regions outlined on the new page.

Each proof page is placed as vector content, a form XObject (pdf/forms.py) showing the page as a
reader sees it (its trim: a proof's slug stays off the sheet). The outlines and captions are a small
content stream of our own: the sheet is as sharp as the proofs and its text can still be searched.
"""

from __future__ import annotations

import io
from pathlib import Path

from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.errors import PdfReadError
from pypdf.generic import (
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
)

from ..errors import VividError
from ..pdf.forms import copy_annotations, page_form, trim_box
from . import Diff, PageDiff
from .reading import Box

GAP = 24.0  # pt between the old page and the new one
BAND = 34.0  # pt above the pages for their captions
PAD = 2.0  # pt between a change and its outline, so the outline does not hide it
HIGHLIGHT = "0.9 0 0.5"  # RGB: magenta, a colour proof pages rarely use
OLD_MARK = "0.45 0.45 0.45"  # where the change is, dashed on the old page
CAPTION_FONT = "/VividCaption"


def side_by_side(diff: Diff) -> bytes | None:
    """The sheets as PDF bytes, or None when no page changed, came or went (moved pages look alike)."""
    shown = [page for page in diff.pages if page.status in ("changed", "inserted", "removed")]
    if not shown:
        return None
    readers = [_reader(diff.old), _reader(diff.new)]
    writer = PdfWriter()
    for entry in shown:
        _add_sheet(writer, diff, entry, *readers)
    writer.add_metadata({"/Title": f"{diff.old.name} | {diff.new.name}", "/Producer": "vividprint diff"})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _reader(path: Path) -> PdfReader:
    try:
        return PdfReader(path)
    except (PdfReadError, OSError, ValueError) as exc:
        raise VividError.one(str(path), "", f"cannot be read as a PDF ({exc}): is it a whole PDF?") from None


def _add_sheet(writer: PdfWriter, diff: Diff, entry: PageDiff, old: PdfReader, new: PdfReader) -> None:
    old_page = old.pages[entry.old_index] if entry.old_index is not None else None
    new_page = new.pages[entry.new_index] if entry.new_index is not None else None
    old_box = _box(old_page) if old_page is not None else None
    new_box = _box(new_page) if new_page is not None else None
    # A page that is missing on one side leaves a space of the other's size.
    left_w, left_h = _size(old_box or new_box)
    right_w, right_h = _size(new_box or old_box)
    width, height = left_w + GAP + right_w, max(left_h, right_h) + BAND
    sheet = writer.add_blank_page(width, height)
    top = height - BAND
    left = (0.0, top - left_h)  # where each side's crop box goes: tops level, under the band
    right = (left_w + GAP, top - right_h)
    # Paper white where a page is, grey around it and where a side has none.
    ops = ["q 0.86 0.86 0.86 rg", f"0 0 {width:.2f} {height:.2f} re f", "1 1 1 rg"]
    for page, side, (w, h) in ((old_page, left, (left_w, left_h)), (new_page, right, (right_w, right_h))):
        if page is not None:
            ops.append(f"{side[0]:.2f} {side[1]:.2f} {w:.2f} {h:.2f} re f")
    ops.append("Q")
    forms = DictionaryObject()
    for name, page, box, at in (("/VividOld", old_page, old_box, left), ("/VividNew", new_page, new_box, right)):
        if page is not None and box is not None:
            forms[NameObject(name)] = page_form(writer, page, box)
            ops.append(f"q 1 0 0 1 {at[0] - box[0]:.3f} {at[1] - box[1]:.3f} cm {name} Do Q")
            copy_annotations(writer, page, sheet, at[0] - box[0], at[1] - box[1])
    ops.append("q")
    if new_box is not None:
        regions = entry.regions if entry.status == "changed" else [new_box] if entry.status == "inserted" else []
        ops += _outlines(regions, new_box, right, HIGHLIGHT, 1.5, dashed=False)
    if old_box is not None and entry.status == "changed":
        ops += _outlines(entry.regions, old_box, left, OLD_MARK, 0.75, dashed=True)
    ops += _captions(diff, entry, top + 8, (left, left_w, left_h), (right, right_w, right_h))
    ops.append("Q")
    content = DecodedStreamObject()
    content.set_data("\n".join(ops).encode("latin-1"))
    sheet[NameObject("/Contents")] = writer._add_object(content.flate_encode())
    sheet[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/XObject"): forms, NameObject("/Font"): DictionaryObject({NameObject(CAPTION_FONT): _font()})}
    )


def _font() -> DictionaryObject:
    return DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
            NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
        }
    )


def _box(page: PageObject) -> Box:
    return trim_box(page)


def _size(box: Box | None) -> tuple[float, float]:
    assert box is not None
    return box[2] - box[0], box[3] - box[1]


def _outlines(
    regions: list[Box], box: Box, at: tuple[float, float], colour: str, line: float, *, dashed: bool
) -> list[str]:
    """Rectangles around `regions` (points on a page whose crop box is `box`) for that page placed at `at`."""
    if not regions:
        return []
    dx, dy = at[0] - box[0], at[1] - box[1]
    ops = [f"{colour} RG {line} w", "[4 2] 0 d" if dashed else "[] 0 d"]
    for x0, y0, x1, y1 in regions:
        # Inside the page, so the outline of a change at its edge is not clipped by the gap.
        x0, y0 = max(box[0], x0 - PAD) + dx, max(box[1], y0 - PAD) + dy
        x1, y1 = min(box[2], x1 + PAD) + dx, min(box[3], y1 + PAD) + dy
        ops.append(f"{x0:.2f} {y0:.2f} {x1 - x0:.2f} {y1 - y0:.2f} re S")
    return ops


Side = tuple[tuple[float, float], float, float]  # where a side's page goes, its width and height


def _captions(diff: Diff, entry: PageDiff, y: float, left: Side, right: Side) -> list[str]:
    left_x, right_x = left[0][0], right[0][0]
    ops = [f"BT {CAPTION_FONT} 10 Tf 0.15 0.15 0.15 rg"]
    if entry.old_index is not None:
        old_text = f"old: page {entry.old_label} ({entry.old_index + 1} of {diff.old_count}, {diff.old.name})"
    else:
        old_text = "old: -"
    if entry.new_index is not None:
        new_text = f"new: page {entry.new_label} ({entry.new_index + 1} of {diff.new_count}, {diff.new.name})"
    else:
        new_text = "new: -"
    ops.append(f"1 0 0 1 {left_x + 4:.2f} {y + 13:.2f} Tm {_string(old_text)} Tj")
    ops.append(f"1 0 0 1 {right_x + 4:.2f} {y + 13:.2f} Tm {_string(new_text)} Tj")
    ops.append(f"{HIGHLIGHT} rg 1 0 0 1 {right_x + 4:.2f} {y:.2f} Tm {_string(_what(entry))} Tj")
    # The missing side says why it is empty, in the middle of the space the page would take.
    empty = {"inserted": (left, "not in the old proof"), "removed": (right, "not in the new proof")}.get(entry.status)
    if empty is not None:
        ((x, bottom), w, h), text = empty
        ops.append(f"0.4 0.4 0.4 rg 1 0 0 1 {x + w / 2 - 45:.2f} {bottom + h / 2:.2f} Tm {_string(text)} Tj")
    ops.append("ET")
    return ops


def _what(entry: PageDiff) -> str:
    if entry.status != "changed":
        return entry.status
    parts = [f"{len(entry.regions)} region{'s' if len(entry.regions) != 1 else ''}"]
    if entry.added:
        parts.append(f"+{len(entry.added)} word{'s' if len(entry.added) != 1 else ''}")
    if entry.removed:
        parts.append(f"-{len(entry.removed)} word{'s' if len(entry.removed) != 1 else ''}")
    return "changed: " + ", ".join(parts)


def _string(text: str) -> str:
    """A PDF string in the caption font's WinAnsi encoding; what it cannot show becomes '?'."""
    raw = text.encode("cp1252", "replace")
    return "(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)").decode("latin-1") + ")"
