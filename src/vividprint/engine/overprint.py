"""Solid black text overprints in print, as printers ask: it is never knocked out of what lies beneath.

Black text that knocks out leaves a hole in the colour plates the exact shape of every letter; the
smallest misregistration on press shows it as a white or coloured fringe. Text in 100 % K, nothing
else, is set to overprint with nonzero overprint mode (OPM 1): the black is printed on top and the
other plates carry on beneath it.

WeasyPrint writes no overprint of its own. Each line of black text it draws is wrapped, inside its
text object, in a graphics state that turns overprint on and one that turns it off again (`gs` is
allowed between BT and ET, where `q` is not); text in any other colour is drawn as before.
"""

from __future__ import annotations

import pydyf
from weasyprint.draw import text

_ORIGINAL = text.draw_first_line
ON, OFF = "OPk", "OPn"  # the graphics states' names in a page's resources
_STATES = {
    ON: {"Type": "/ExtGState", "OP": "true", "op": "true", "OPM": 1},
    OFF: {"Type": "/ExtGState", "OP": "false", "op": "false", "OPM": 0},
}


def use(on: bool) -> None:
    """Overprint solid black text in this process's documents, or draw it as WeasyPrint does."""
    text.draw_first_line = _draw_first_line if on else _ORIGINAL


def solid_black(colour) -> bool:  # type: ignore[no-untyped-def]
    """100 % K and no other ink, opaque."""
    if getattr(colour, "space", None) != "device-cmyk" or colour.alpha < 1:
        return False
    c, m, y, k = (v or 0.0 for v in colour.coordinates)
    return c == m == y == 0 and k >= 1


def _draw_first_line(stream, textbox, *args, **kwargs):  # type: ignore[no-untyped-def]
    if not (textbox.text.strip() and solid_black(textbox.style["color"])):
        return _ORIGINAL(stream, textbox, *args, **kwargs)
    states = stream._resources["ExtGState"]
    for name, entries in _STATES.items():
        if name not in states:
            states[name] = pydyf.Dictionary(entries)
    # pydyf's own set_state: WeasyPrint's would add a new resource each time.
    pydyf.Stream.set_state(stream, ON)
    try:
        return _ORIGINAL(stream, textbox, *args, **kwargs)
    finally:
        pydyf.Stream.set_state(stream, OFF)
