"""What the typesetting report says of a part: its body lines as a reader sees them, read back from the
part's PDF (audit.py), not from what the line breaker meant to do.

The body is the justified text: its size is the one most of a part's justified characters have. Parts
without justified text (covers, ads, the contents page) have no body and nothing to report. Findings are
made here, in the render worker, so they are cached with the part and cost nothing on a rebuild.
"""

from __future__ import annotations

from collections import Counter

from weasyprint.formatting_structure import boxes

from ..inputs.layout import TypesettingSettings
from ..plan.jobs import SetCounts, SetLine
from .audit import Line, audit

PT_PER_PX = 0.75
SHOWN = 60  # characters of a line shown in a message


def body_size(document) -> float | None:  # type: ignore[no-untyped-def]
    """The font size (pt) of most justified characters of the document, None when none is justified."""
    sizes: Counter[float] = Counter()
    for page in document.pages:
        for box in page._page_box.descendants():
            if isinstance(box, boxes.TextBox) and box.style["text_align_all"] == "justify":
                sizes[round(box.style["font_size"] * PT_PER_PX, 2)] += len(box.text)
    return sizes.most_common(1)[0][0] if sizes else None


def set_lines(
    pdf: bytes, body_pt: float | None, typesetting: TypesettingSettings, by_line: int = 0
) -> tuple[tuple[SetLine, ...], SetCounts]:
    """The lines of the part's body the report names, and its counts."""
    if body_pt is None:
        return (), SetCounts(by_line=by_line)
    measured = audit([pdf], body_pt)
    tight, loose = typesetting.flag_gaps
    found: list[tuple[str, Line]] = []
    for line in measured.justified:
        gap = line.mean_gap or 0.0
        if gap > loose:
            found.append(("loose", line))
        elif gap < tight:
            found.append(("tight", line))
    # The third hyphen of a run is the one to remove; a longer run names each one after the second.
    found += [("stack", line) for run in measured.hyphen_runs(3) for line in run[2:]]
    found += [("fragment", line) for line in measured.fragment_lines()]
    found += [("widow", line) for line in measured.widows()]
    found += [("orphan", line) for line in measured.orphans()]
    found += [("runt", line) for line in measured.runts(typesetting.min_last_line)]
    found += [("foot-hyphen", line) for line in measured.column_foot_hyphens()]
    named = sorted(
        (_named(kind, line) for kind, line in found), key=lambda s: (s.page, -s.baseline_pt, s.left_pt, s.kind)
    )
    counts = SetCounts(body_pt=body_pt, lines=len(measured.lines), justified=len(measured.justified), by_line=by_line)
    return tuple(named), counts


def _named(kind: str, line: Line) -> SetLine:
    text = line.text.replace("\u00a0", " ")
    if len(text) > SHOWN:
        text = text[: SHOWN - 1] + "…"
    gap = line.mean_gap or 0.0
    return SetLine(
        page=line.page,
        kind=kind,
        text=text,
        gap_em=round(gap, 3),
        baseline_pt=round(line.baseline, 2),
        left_pt=round(line.left, 2),
        right_pt=round(line.right, 2),
    )


def last_page_empty(document, allotted: int) -> float:  # type: ignore[no-untyped-def]
    """How much of the text area of the last page a slot fills is left empty, from 0 to 1: below its
    columns (balanced, as the layout's are, so the longest one counts) or, on a page without columns,
    below its lowest line or picture."""
    pages = document.pages[:allotted]
    if not pages:
        return 0.0
    page = pages[-1]._page_box
    bottom = page.content_box_y() + page.height
    columns = [box for box in page.descendants() if getattr(box, "is_column", False)]
    areas = columns or [child for child in page.children if not isinstance(child, boxes.MarginBox)]
    filled = [end for area in areas if (end := _content_bottom(area)) is not None]
    if not filled:
        return 1.0
    top = min(area.position_y for area in areas) if columns else page.content_box_y()
    room = bottom - top
    return max(0.0, min(1.0, (bottom - max(filled)) / room)) if room > 0 else 0.0


def _content_bottom(area) -> float | None:  # type: ignore[no-untyped-def]
    ends = [
        box.position_y + box.margin_height()
        for box in area.descendants()
        if isinstance(box, boxes.ReplacedBox) or (isinstance(box, boxes.LineBox) and box.children)
    ]
    return max(ends) if ends else None


def short_columns(document, allotted: int) -> tuple[SetLine, ...]:  # type: ignore[no-untyped-def]
    """Columns of a full page that end a line or more above the others: on every page a slot fills
    but its last (where balanced columns end where the text does), each column's foot is where its
    last line or picture ends; one standing short of the longest is named by its last line."""
    found = []
    for index, page in enumerate(document.pages[: allotted - 1]):
        page_box = page._page_box
        height_pt = page_box.margin_height() * PT_PER_PX
        groups: dict[int, list] = {}
        for box in page_box.descendants():
            if getattr(box, "is_column", False):
                groups.setdefault(id(box.element), []).append(box)
        for columns in groups.values():
            feet = [(_content_bottom(column), column) for column in columns]
            feet = [(foot, column) for foot, column in feet if foot is not None]
            if len(feet) < 2:
                continue
            lowest = max(foot for foot, _ in feet)
            for foot, column in feet:
                lines = [box for box in column.descendants() if isinstance(box, boxes.LineBox) and box.children]
                if not lines:
                    continue
                pitch = lines[-1].height or 1.0
                if lowest - foot < 0.9 * pitch:
                    continue
                last = lines[-1]
                text = "".join(b.text for b in last.descendants() if isinstance(b, boxes.TextBox)).strip()
                short = round((lowest - foot) / pitch)
                found.append(
                    SetLine(
                        page=index,
                        kind="short-column",
                        text=text if len(text) <= SHOWN else text[: SHOWN - 1] + "…",
                        gap_em=0.0,
                        baseline_pt=round(height_pt - (last.position_y + last.baseline) * PT_PER_PX, 2),
                        left_pt=round(last.position_x * PT_PER_PX, 2),
                        right_pt=round((last.position_x + last.width) * PT_PER_PX, 2),
                        short=short,
                    )
                )
    return tuple(found)


def in_page_order(lines: tuple[SetLine, ...]) -> tuple[SetLine, ...]:
    return tuple(sorted(lines, key=lambda s: (s.page, -s.baseline_pt, s.left_pt, s.kind)))
