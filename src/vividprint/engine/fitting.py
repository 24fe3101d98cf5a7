"""Frames that fit their text: `data-fit="shrink"` lets vividprint set an element smaller until it fits.

A designer marks a frame whose text varies from issue to issue (a cover headline, a masthead, an opener's
title) with `data-fit="shrink"` and a floor, `data-fit-min="36pt"`. When its text would be cut, run off
the page or overrun its frame, the element's font size is lowered in steps of a twelfth and the slot laid
out again, down to the floor; what was done is reported, and a frame that still does not fit at the floor
is reported as any other. Frames without the attribute are never changed: the editor cuts the text.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..plan.jobs import Fitted
from .frames import MM_PER_PX, faulty_blocks

STEP = 11 / 12
ROUNDS = 12  # 54 pt reaches 19 pt: far below any floor a designer gives
PX_PER_PT = 96 / 72
_LENGTH = re.compile(r"^\s*([\d.]+)\s*(pt|px|mm)?\s*$")
_PX = {"pt": PX_PER_PT, "px": 1.0, "mm": 96 / 25.4, None: PX_PER_PT}


def fit(html, document, again: Callable[[], object], pages: int) -> tuple[object, list[Fitted]]:  # type: ignore[no-untyped-def]
    """The document laid out with every shrinkable frame fitting (or at its floor), and what was fitted.
    `again` lays out `html` anew, with the sizes set on its elements."""
    started: dict[int, tuple[object, float, str, str]] = {}  # element -> (element, first size, name, text)
    sizes: dict[int, float] = {}
    floors: dict[int, float] = {}
    for _ in range(ROUNDS):
        shrink = []
        for block, element, finding in faulty_blocks(document, {}, pages):
            target = _shrinkable(element, html)
            if target is None or id(target) in {id(t) for t, _ in shrink}:
                continue
            size = sizes.get(id(target)) or float(block.style["font_size"])
            floors.setdefault(id(target), _floor(target.get("data-fit-min"), size))
            started.setdefault(id(target), (target, size, finding.element, finding.text))
            # Too wide by a known amount: go near the size that fits at once, not a twelfth at a time.
            step = STEP
            if finding.kind in ("too-wide", "off-page") and block.width:
                step = min(STEP, max(0.5, 0.99 * block.width / (block.width + finding.mm / MM_PER_PX)))
            if size * step < floors[id(target)]:
                step = floors[id(target)] / size  # the floor itself, once
            if step < 0.999:
                shrink.append((target, size * step))
        if not shrink:
            break
        for target, size in shrink:
            sizes[id(target)] = size
            style = re.sub(r"font-size:[^;]*;?", "", target.get("style") or "")
            target.set("style", f"{style} font-size: {size:.2f}px;".strip())
        document = again()
    still = {id(_shrinkable(element, html)) for _, element, _ in faulty_blocks(document, {}, pages)}
    fitted = [
        Fitted(name, text, round(first / PX_PER_PT, 1), round(sizes[key] / PX_PER_PT, 1), key not in still)
        for key, (_, first, name, text) in started.items()
        if key in sizes
    ]
    return document, fitted


def _shrinkable(element, html):  # type: ignore[no-untyped-def]
    """The element itself or its nearest ancestor marked data-fit="shrink", or None."""
    if element is None:
        return None
    parents = _parents(html)
    while element is not None:
        if element.get("data-fit") == "shrink":
            return element
        element = parents.get(id(element))
    return None


def _parents(html) -> dict[int, object]:  # type: ignore[no-untyped-def]
    cached = getattr(html, "_vividprint_parents", None)
    if cached is None:
        cached = {id(child): parent for parent in html.etree_element.iter() for child in parent}
        html._vividprint_parents = cached
    return cached


def _floor(text: str | None, size: float) -> float:
    """The floor in CSS px; without one, two thirds of the size the layout gives."""
    match = _LENGTH.match(text or "")
    if match is None:
        return size * 2 / 3
    return float(match.group(1)) * _PX[match.group(2)]
