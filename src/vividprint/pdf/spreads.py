"""The reader-spreads PDF: the proof as a reader holding the magazine sees it.

U1 alone, then every left-hand page beside the right-hand page after it (U2 and page 1, 2 and 3, ...,
the last inside page and U3), U4 alone. Each page shows its trim (the slug stays off), placed as a form
XObject (forms.py), so the spreads are as sharp and as searchable as the proof; its notes (overset,
the typesetting marks) come along.
"""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

from ..plan.flatplan import COVER_SIDES, side_of
from ..plan.jobs import Side
from .assemble import write_pdf
from .forms import copy_annotations, page_form, trim_box


def side(label: str) -> Side:
    """The side a page is on, from its label: U1 and U3 right, U2 and U4 left, odd folios right."""
    if label in COVER_SIDES:
        return COVER_SIDES[label]
    return side_of(int(label)) if label.lstrip("-").isdigit() else "right"


def spreads(labels: list[str] | tuple[str, ...]) -> list[tuple[int | None, int | None]]:
    """Pairs of page indexes (left, right) as a reader sees them; None where a side is empty."""
    pairs: list[tuple[int | None, int | None]] = []
    index = 0
    while index < len(labels):
        if side(labels[index]) == "left":
            after = index + 1
            if after < len(labels) and side(labels[after]) == "right":
                pairs.append((index, after))
                index += 2
                continue
            pairs.append((index, None))
        else:
            pairs.append((None, index))
        index += 1
    return pairs


def write_spreads(proof: Path, labels: list[str] | tuple[str, ...], target: Path, title: str) -> int:
    """Write the spreads of `proof` to `target` atomically; the number of sheets."""
    reader = PdfReader(proof)
    writer = PdfWriter()
    for left, right in spreads(labels):
        shown = [(reader.pages[i], i) for i in (left, right) if i is not None]
        boxes = [trim_box(page) for page, _ in shown]
        width = sum(box[2] - box[0] for box in boxes)
        height = max(box[3] - box[1] for box in boxes)
        sheet = writer.add_blank_page(width, height)
        forms = DictionaryObject()
        ops = []
        x = 0.0
        for (page, i), box in zip(shown, boxes, strict=True):
            name = f"/VividPage{i}"
            forms[NameObject(name)] = page_form(writer, page, box)
            dx, dy = x - box[0], height - (box[3] - box[1]) - box[1]
            ops.append(f"q 1 0 0 1 {dx:.3f} {dy:.3f} cm {name} Do Q")
            copy_annotations(writer, page, sheet, dx, dy)
            x += box[2] - box[0]
        content = DecodedStreamObject()
        content.set_data("\n".join(ops).encode())
        sheet[NameObject("/Contents")] = writer._add_object(content)
        sheet[NameObject("/Resources")] = DictionaryObject({NameObject("/XObject"): forms})
        spread = " | ".join(labels[i] for i in (left, right) if i is not None)
        writer.set_page_label(len(writer.pages) - 1, len(writer.pages) - 1, prefix=spread)
    writer.add_metadata({"/Title": f"{title} – reader spreads", "/Producer": "vividprint"})
    write_pdf(writer, target)
    return len(writer.pages)
