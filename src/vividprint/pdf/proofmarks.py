"""Proof marks: each line the typesetting report names gets a coloured bar in the gutter beside it and
a thin frame around it, with the finding as the frame's note (a PDF viewer shows it on hover).

Proofs only: print never carries them. They are drawn over the page's own content, which is wrapped
in q/Q so that whatever state the page leaves does not move them.
"""

from __future__ import annotations

from pypdf import PageObject, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from ..plan.jobs import SetLine
from .forms import draw_over

COLOURS = {  # RGB: proofs are screen documents
    "loose": (0.85, 0.1, 0.55),
    "tight": (0.1, 0.45, 0.85),
    "stack": (0.95, 0.5, 0.0),
    "fragment": (0.95, 0.5, 0.0),
    "foot-hyphen": (0.95, 0.5, 0.0),
    "widow": (0.5, 0.2, 0.75),
    "orphan": (0.5, 0.2, 0.75),
    "runt": (0.5, 0.2, 0.75),
    "short-column": (0.1, 0.6, 0.3),
}
BAR_WIDTH = 2.0  # pt
BAR_GAP = 3.0  # pt between the bar and the line's first letter


def mark_lines(writer: PdfWriter, page: PageObject, lines: list[SetLine], size: float) -> None:
    """Mark `lines` (measured on this page, body size `size` pt) on `page`, which `writer` holds."""
    if not lines:
        return
    ops = []
    for line in lines:
        red, green, blue = COLOURS[line.kind]
        bottom, top = line.baseline_pt - 0.3 * size, line.baseline_pt + 0.85 * size
        x = line.left_pt - BAR_GAP - BAR_WIDTH
        ops.append(f"{red} {green} {blue} rg {x:.2f} {bottom:.2f} {BAR_WIDTH} {top - bottom:.2f} re f")
        _note(writer, page, line, (line.left_pt - 1, bottom, line.right_pt + 1, top), (red, green, blue))
    draw_over(writer, page, ("q " + " ".join(ops) + " Q").encode())


def _note(
    writer: PdfWriter, page: PageObject, line: SetLine, rect: tuple[float, ...], colour: tuple[float, ...]
) -> None:
    note = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Square"),
            NameObject("/Rect"): ArrayObject(FloatObject(round(v, 2)) for v in rect),
            NameObject("/C"): ArrayObject(FloatObject(v) for v in colour),
            NameObject("/BS"): DictionaryObject({NameObject("/W"): NumberObject(0.5)}),
            NameObject("/Contents"): TextStringObject(line.sentence()),
            NameObject("/T"): TextStringObject("typesetting"),
            NameObject("/F"): NumberObject(4),  # printed with the page, like the bar beside it
        }
    )
    annotations = page.get("/Annots")
    if annotations is None:
        page[NameObject("/Annots")] = annotations = ArrayObject()
    annotations.get_object().append(writer._add_object(note))
