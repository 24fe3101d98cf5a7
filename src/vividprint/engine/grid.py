"""The baseline grid inside WeasyPrint's layout: blocks the layout marks take whole lines of it.

Body text in columns keeps to the grid by itself when everything between its paragraphs is a whole
number of lines tall: columns start at one top and lines are `--grid` apart. Headings, pull quotes and
captions are set in other sizes, and how many lines they break into is known only once they are laid
out; CSS cannot round a height. So a block whose own CSS sets `--snap` is grown, right after WeasyPrint
has laid it out and before its parent places what follows, to the next whole number of `--grid`
(its border box; its margins are the layout's to keep in whole lines). The space goes where `--snap`
says: `start` (above the content, so a crosshead stays close to its text), `center` (a pull quote
between its rules), `end` (below a caption) or `above` (before its border: a heading that hangs from
a rule keeps it close). `none` turns it off again.

A block that breaks across columns or pages is left as it is: the break ends its column anyway.

And a column that goes on with what the one before left starts with the top margin of its first block
truncated, as CSS says of margins at a break. WeasyPrint does so only at the top of a page after its
first one; a crosshead at the top of the second column beside the opener would otherwise start a line
below the first column's text.
"""

from __future__ import annotations

import math

from weasyprint.css.properties import Dimension
from weasyprint.formatting_structure import boxes
from weasyprint.layout import block

_ORIGINAL = block.block_container_layout
PX_PER = {"px": 1.0, "pt": 96 / 72, "pc": 16.0, "in": 96.0, "mm": 96 / 25.4, "cm": 96 / 2.54}
#: A box this close to a whole number of lines (px) already is one: float sums are never exact.
TOLERANCE = 0.01


def use(on: bool = True) -> None:
    """Wrap WeasyPrint's block layout in this process, or put its own back."""
    block.block_container_layout = _block_container_layout if on else _ORIGINAL


def grid_px(style) -> float | None:
    """The grid line in CSS px, from the `--grid` custom property in force for this style."""
    tokens = [t for t in style["__grid"] or () if getattr(t, "type", "") != "whitespace"]
    if len(tokens) != 1 or getattr(tokens[0], "type", "") != "dimension":
        return None
    factor = PX_PER.get(tokens[0].unit.lower())
    return tokens[0].value * factor if factor and tokens[0].value > 0 else None


def snap_mode(style) -> str | None:
    """`start`, `center`, `end` or `above` when the element's own CSS asks for it (custom properties inherit,
    and a figure's caption should not be grown inside the figure as well)."""
    if "__snap" not in getattr(style, "cascaded", {}):
        return None
    tokens = [t for t in style["__snap"] or () if getattr(t, "type", "") == "ident"]
    mode = tokens[0].value if len(tokens) == 1 else None
    return mode if mode in ("start", "center", "end", "above") else None


def extra_for(height: float, line: float) -> float:
    """What `height` lacks to be a whole number of `line`s."""
    lines = math.ceil(height / line - TOLERANCE / line)
    return max(0.0, lines * line - height)


def snap(box: boxes.Box, mode: str, line: float) -> float:
    """Grow `box` (laid out) to whole lines; returns the space added."""
    extra = extra_for(box.border_height(), line)
    if extra <= 0:
        return 0.0
    if mode == "above":
        box.margin_top += extra  # the border box moves down with it
    else:
        box.height += extra
    shift = {"start": extra, "center": extra / 2, "above": extra}.get(mode, 0.0)
    if shift:
        for child in box.children:
            child.translate(dy=shift)
    return extra


def _block_container_layout(context, box, bottom_space, skip_stack, *args, **kwargs):
    fresh = _fresh_first_child(box, skip_stack) if box.is_column else None
    if fresh is not None:
        style = fresh.style
        fresh.style = style.copy()
        fresh.style["margin_top"] = Dimension(0, "px")
    try:
        result = _ORIGINAL(context, box, bottom_space, skip_stack, *args, **kwargs)
    finally:
        if fresh is not None:
            fresh.style = style  # the next column, or the next try at balancing, may have it mid-column
    new_box, resume_at = result[0], result[1]
    if new_box is None or resume_at is not None:
        return result
    mode = snap_mode(new_box.style)
    if mode is not None and (line := grid_px(new_box.style)) is not None:
        snap(new_box, mode, line)
    return result


def _fresh_first_child(box: boxes.Box, skip_stack: dict | None) -> boxes.Box | None:
    """The block a column resumes with when it starts afresh there (not in the middle of its lines),
    however deep in the boxes the break was."""
    while skip_stack and len(skip_stack) == 1:
        ((index, inner),) = skip_stack.items()
        children = getattr(box, "children", ())
        if not isinstance(index, int) or index >= len(children):
            return None
        child = children[index]
        if inner is None:
            return child if isinstance(child, boxes.BlockBox) else None
        box, skip_stack = child, inner
    return None
