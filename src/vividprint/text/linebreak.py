"""Total-fit line breaking (Knuth and Plass, "Breaking Paragraphs into Lines", 1981).

A paragraph is a row of items: boxes (word pieces, fixed width), glue (spaces, which may stretch and
shrink) and penalties (places to break inside a word, costing a hyphen's width and some demerits). The
breaks chosen are those that minimise the sum of every line's demerits, so a loose line early in a
paragraph is avoided by choices made lines later, which a greedy breaker cannot do.

Beyond the paper's rules: a third hyphenated line in a row costs like an overfull line, and so does a
line holding a single piece of a hyphenated word ("tion." alone on the last line). Lines may be looser
than the threshold only when nothing else fits, or nothing but a stack of hyphens or a lone fragment: a
second pass allows up to `Params.emergency_ratio`, and beyond it, at a price, any line that is not
overfull; only a box wider than the measure is set overfull rather than failing.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate

BOX, GLUE, PENALTY = 0, 1, 2
INFINITY = 10000  # a penalty this high forbids a break; minus this high forces one
OVERFULL = 1e12  # demerits of a line set overfull, or looser than the emergency pass allows


@dataclass(frozen=True, slots=True)
class Item:
    kind: int
    width: float
    stretch: float = 0.0  # a box stretches too: its letters may be spaced a little wider or tighter
    shrink: float = 0.0
    penalty: float = 0.0
    flagged: bool = False  # a hyphen break: consecutive ones cost extra


def box(width: float, stretch: float = 0.0, shrink: float = 0.0) -> Item:
    return Item(BOX, width, stretch, shrink)


def glue(width: float, stretch: float, shrink: float) -> Item:
    return Item(GLUE, width, stretch, shrink)


def penalty(width: float, cost: float, flagged: bool = False) -> Item:
    return Item(PENALTY, width, penalty=cost, flagged=flagged)


def finish(items: list[Item]) -> list[Item]:
    """The paragraph's end: no break before the last glue, which fills the last line, then a forced break."""
    return [*items, penalty(0, INFINITY), glue(0, 1e6, 0), penalty(0, -INFINITY)]


@dataclass(frozen=True)
class Params:
    threshold: float = 2.5  # the loosest adjustment ratio of the first pass
    emergency_ratio: float = 12.0  # of the second
    line_penalty: float = 10.0
    hyphen_penalty: float = 50.0
    adjacent_hyphens: float = 3000.0  # demerits for two hyphenated lines in a row
    stacked_hyphens: float = 1e10  # for a third: dearer than any line the first pass allows
    fitness_change: float = 3000.0  # a very loose line next to a tight one
    fragment: float = 1e10  # a line holding only one piece of a hyphenated word
    min_last_line: float = 0.0  # a paragraph's last line narrower than this (in the items' unit) is a runt
    runt: float = 2e7  # its demerits: those of a line at ratio 3.5, dearer than any of the first pass


@dataclass(frozen=True, slots=True)
class Break:
    index: int  # the item broken at: a glue or a penalty
    ratio: float  # how far the line's glue was stretched (>0) or shrunk (<0), 1 = all of it
    hyphenated: bool


@dataclass(slots=True)
class _Node:
    index: int
    line: int
    fitness: int
    hyphen_run: int
    demerits: float
    ratio: float
    previous: _Node | None


def _fitness(ratio: float) -> int:
    if ratio < -0.5:
        return 0
    if ratio <= 0.5:
        return 1
    return 2 if ratio <= 1 else 3


def line_breaks(items: Sequence[Item], widths: Sequence[float], params: Params = Params()) -> list[Break]:
    """The breaks of the paragraph `items` (ending as `finish` ends it), with line n set `widths[n]`
    wide (the last width serves every later line)."""
    first = _breaks(items, widths, params, params.threshold, overfull_allowed=False)
    if first is not None and first[1] < min(params.stacked_hyphens, params.fragment, params.runt):
        return first[0]
    # Nothing fits, or only with a third hyphen in a row, a lone fragment or a runt: a looser line may be
    # better, if its demerits say so (a runt is worth a line at about ratio 3.5, spaces of 0.6 em).
    second = _breaks(items, widths, params, params.emergency_ratio, overfull_allowed=True)
    assert second is not None, "the emergency pass always ends"
    return second[0] if first is None or second[1] < first[1] else first[0]


def _breaks(
    items: Sequence[Item], widths: Sequence[float], params: Params, limit: float, overfull_allowed: bool
) -> tuple[list[Break], float] | None:
    """The best breaks with no line looser than `limit`, and their demerits."""
    width = [0.0, *accumulate(item.width if item.kind != PENALTY else 0.0 for item in items)]
    stretch = [0.0, *accumulate(item.stretch if item.kind != PENALTY else 0.0 for item in items)]
    spread = [0.0, *accumulate(item.stretch if item.kind == GLUE else 0.0 for item in items)]
    shrink = [0.0, *accumulate(item.shrink if item.kind != PENALTY else 0.0 for item in items)]
    # Word spaces only: the glue that fills the last line does not make a fragment there a second word.
    spaces = [0, *accumulate(1 if item.kind == GLUE and item.stretch < 1e5 else 0 for item in items)]
    starts = _line_starts(items)
    active: list[_Node] = [_Node(-1, 0, 1, 0, 0.0, 0.0, None)]
    for b, item in enumerate(items):
        if item.kind == BOX or (item.kind == PENALTY and item.penalty >= INFINITY):
            continue
        if item.kind == GLUE and (b == 0 or items[b - 1].kind != BOX):
            continue
        forced = item.kind == PENALTY and item.penalty <= -INFINITY
        best: dict[tuple[int, int], _Node] = {}
        kept: list[_Node] = []
        dropped: _Node | None = None
        dropped_over = float("inf")  # how far the line from `dropped` would reach beyond the measure
        for node in active:
            start = starts[node.index + 1]
            natural = width[b] - width[start] + (item.width if item.kind == PENALTY else 0.0)
            measure = widths[min(node.line, len(widths) - 1)]
            if natural < measure:
                room = stretch[b] - stretch[start]
                ratio = (measure - natural) / room if room > 0 else float("inf")
                if 1 < ratio < float("inf"):
                    # Letters stop at their limit (ratio 1); beyond it only the spaces widen.
                    spaces_room = spread[b] - spread[start]
                    # A line without spaces (one piece of a long word) keeps its letters' ratio: far past
                    # any limit, yet finite, so that of two such lines the fuller one is the better.
                    ratio = 1 + (measure - natural - room) / spaces_room if spaces_room > 0 else ratio
            elif natural > measure:
                room = shrink[b] - shrink[start]
                ratio = (measure - natural) / room if room > 0 else float("-inf")
            else:
                ratio = 0.0
            if ratio < -1 or forced:
                # Should nothing fit, the line set overfull is the one that reaches out least: a word
                # too wide alone, not that word with the line's other words squeezed under it.
                over = natural - (shrink[b] - shrink[start]) - measure
                if dropped is None or (over, node.demerits) < (dropped_over, dropped.demerits):
                    dropped, dropped_over = node, over
            else:
                kept.append(node)
            # The emergency pass takes a line looser than its limit too, at the price of an overfull one:
            # a loose line is what the reader sees, an overfull one WeasyPrint would break again greedily.
            too_loose = ratio > limit
            if ratio >= -1 and (overfull_allowed or not too_loose):
                # A short last line after others is a runt; a paragraph of one line is not.
                runt = forced and node.index >= 0 and natural < params.min_last_line
                extra = (params.runt if runt else 0) + (OVERFULL if too_loose else 0)
                _consider(best, node, b, item, ratio, spaces[b] - spaces[start], params, extra)
        if not best and not kept and dropped is not None and overfull_allowed:
            # Nothing fits (a word wider than the measure): set this line overfull and go on.
            ratio = -1.0
            _consider(best, dropped, b, item, ratio, spaces[b] - spaces[starts[dropped.index + 1]], params)
            next(iter(best.values())).demerits += OVERFULL
        active = kept + list(best.values())
        if not active:
            return None
    ends = [node for node in active if node.index == len(items) - 1]
    if not ends:
        return None
    node: _Node | None = min(ends, key=lambda n: n.demerits)
    assert node is not None
    demerits = node.demerits
    found = []
    while node is not None and node.index >= 0:
        broken = items[node.index]
        found.append(Break(node.index, node.ratio, broken.kind == PENALTY and broken.flagged))
        node = node.previous
    return found[::-1], demerits


def _consider(
    best: dict[tuple[int, int], _Node],
    node: _Node,
    b: int,
    item: Item,
    ratio: float,
    gaps: int,
    params: Params,
    extra: float = 0.0,
) -> None:
    hyphenated = item.kind == PENALTY and item.flagged
    badness = 100 * abs(ratio) ** 3
    demerits = (params.line_penalty + badness) ** 2
    if item.kind == PENALTY and item.penalty > 0:
        demerits += item.penalty**2
    elif item.kind == PENALTY and item.penalty > -INFINITY:
        demerits -= item.penalty**2
    run = node.hyphen_run + 1 if hyphenated else 0
    if hyphenated and node.hyphen_run >= 1:
        demerits += params.adjacent_hyphens
    if run >= 3:
        demerits += params.stacked_hyphens
    fitness = _fitness(ratio)
    if abs(fitness - node.fitness) > 1:
        demerits += params.fitness_change
    if gaps == 0 and (hyphenated or node.hyphen_run > 0):
        demerits += params.fragment
    total = node.demerits + demerits + extra
    # The best node per fitness class, as in the paper, and per hyphens ending the lines before (none,
    # one, two or more): a cheaper node after a hyphen must not push out one after none, whose next line
    # may end with a hyphen freely.
    key = (fitness, min(run, 2))
    if key not in best or total < best[key].demerits:
        best[key] = _Node(b, node.line + 1, fitness, run, total, ratio, node)


def _line_starts(items: Sequence[Item]) -> list[int]:
    """For each item, the first item of a line broken just before it: glue and penalties at the start of
    a line are discarded up to the first box."""
    starts = [len(items)] * (len(items) + 1)
    for i in range(len(items) - 1, -1, -1):
        starts[i] = i if items[i].kind == BOX else starts[i + 1]
    return starts


def balanced_breaks(items: Sequence[Item], widths: Sequence[float]) -> list[Break]:
    """Breaks for a ragged headline or deck: as few lines as filling each line would give, and among
    those breaks, the ones whose lines are most nearly equal (the least sum of squared leftovers), so
    that no word stands alone on the last line. Hyphen breaks are taken only when nothing else fits."""
    width = [0.0, *accumulate(item.width if item.kind != PENALTY else 0.0 for item in items)]
    starts = _line_starts(items)
    legal = [
        b
        for b, item in enumerate(items)
        if (item.kind == GLUE and b > 0 and items[b - 1].kind == BOX)
        or (item.kind == PENALTY and item.penalty < INFINITY)
    ]

    def natural(after: int, b: int) -> float:
        start = starts[after + 1]
        return width[b] - width[start] + (items[b].width if items[b].kind == PENALTY else 0.0)

    def cost(after: int, b: int, line: int) -> float:
        measure = widths[min(line, len(widths) - 1)]
        left = measure - natural(after, b)
        flagged = items[b].kind == PENALTY and items[b].flagged
        return left**2 + (measure**2 if flagged else 0.0) + (1e12 if left < 0 else 0.0)

    # Per line count, the cheapest way to reach each break: lines grow until the paragraph's end is
    # reached without an overfull line.
    reached: dict[int, tuple[float, list[int]]] = {-1: (0.0, [])}
    for line in range(len(items)):
        step: dict[int, tuple[float, list[int]]] = {}
        for after, (total, path) in reached.items():
            first = bisect_right(legal, after)
            for b in legal[first:]:
                here = total + cost(after, b, line)
                if b not in step or here < step[b][0]:
                    step[b] = (here, [*path, b])
                if natural(after, b) > widths[min(line, len(widths) - 1)]:
                    break  # longer lines only get wider; the first overfull one stays, for a word too wide
        end = step.get(len(items) - 1)
        if end is not None and end[0] < 1e12:
            return [Break(b, 0.0, items[b].kind == PENALTY and items[b].flagged) for b in end[1]]
        reached = {b: value for b, value in step.items() if b != len(items) - 1}
        if not reached:
            break
    return line_breaks(items, widths)  # nothing fits at all: leave it to total fit
