"""Which page of the new proof is which page of the old one.

Pages are compared by their words (shared words and word pairs, so that one edit costs little and
another article's page shares next to nothing), pages without words by a small picture, and equal
labels break ties: a supplied ad that appears twice in an issue keeps to its own place. A global
alignment (Needleman-Wunsch with free gaps) then keeps the order of both proofs, so pages inserted or
removed leave the pages after them matched to themselves. Pages left over on both sides are paired
again without regard to order when they are nearly the same: those moved.
"""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import dataclass

from PIL import ImageChops, ImageStat

from .reading import Proof

MATCH = 0.5  # the least similarity of two pages taken for versions of one page, in order
MOVE = 0.8  # the least for a page found elsewhere in the other proof
LABEL_BONUS = 0.05  # equal labels: among equally similar pages, the one with the same label
LABEL_ONLY = 0.01  # equal labels, different content: one page redone, where nothing else matches
RASTER_SPREAD = 64.0  # mean grey difference (of 255) at which two pictures count as unlike


@dataclass(frozen=True)
class Pair:
    old: int | None  # index from 0; None: the page was inserted
    new: int | None  # None: the page was removed


@dataclass(frozen=True)
class _Content:
    shingles: Counter[tuple[str, ...]]
    size: int


def _content(proof: Proof, index: int) -> _Content:
    tokens = [token.casefold() for token in proof.text(index).tokens]
    shingles: Counter[tuple[str, ...]] = Counter((token,) for token in tokens)
    shingles.update(itertools.pairwise(tokens))
    return _Content(shingles, sum(shingles.values()))


def similarity(old: Proof, i: int, new: Proof, j: int, a: _Content, b: _Content) -> float:
    """0 (nothing in common) to 1 (the same words, or the same picture for pages without words)."""
    if a.size and b.size:
        if 2 * min(a.size, b.size) / (a.size + b.size) < MATCH:
            return 0.0  # one page holds less than half of the other's words: they cannot match
        return 2 * sum((a.shingles & b.shingles).values()) / (a.size + b.size)
    if a.size or b.size:
        return 0.0
    one, two = old.thumbnail(i), new.thumbnail(j)
    if one.size != two.size:
        return 0.0
    spread = ImageStat.Stat(ImageChops.difference(one, two)).mean[0]
    return max(0.0, 1.0 - spread / RASTER_SPREAD)


def match_pages(old: Proof, new: Proof) -> list[Pair]:
    """Every page of both proofs once, in the new proof's order; a removed page where it stood."""
    m, n = len(old), len(new)
    old_content = [_content(old, i) for i in range(m)]
    new_content = [_content(new, j) for j in range(n)]
    sims = [[similarity(old, i, new, j, old_content[i], new_content[j]) for j in range(n)] for i in range(m)]

    def score(i: int, j: int) -> float:
        same_label = old.labels[i] == new.labels[j]
        if sims[i][j] >= MATCH:
            return sims[i][j] + (LABEL_BONUS if same_label else 0.0)
        return LABEL_ONLY if same_label else 0.0

    best = [[0.0] * (n + 1) for _ in range(m + 1)]
    for i in range(1, m + 1):
        row, above = best[i], best[i - 1]
        for j in range(1, n + 1):
            gain = score(i - 1, j - 1)
            row[j] = max(above[j], row[j - 1], above[j - 1] + gain if gain > 0 else 0.0)
    steps: list[Pair] = []
    i, j = m, n
    while i or j:
        gain = score(i - 1, j - 1) if i and j else 0.0
        if i and j and gain > 0 and best[i][j] == best[i - 1][j - 1] + gain:
            steps.append(Pair(i - 1, j - 1))
            i, j = i - 1, j - 1
        elif j and (not i or best[i][j] == best[i][j - 1]):
            steps.append(Pair(None, j - 1))
            j -= 1
        else:
            steps.append(Pair(i - 1, None))
            i -= 1
    steps.reverse()
    return _moved(steps, sims)


def _moved(steps: list[Pair], sims: list[list[float]]) -> list[Pair]:
    """Pair pages the alignment left alone on both sides that are nearly the same: they moved. A moved
    page takes its new place; its old place is dropped."""
    removed = [p.old for p in steps if p.new is None and p.old is not None]
    inserted = [p.new for p in steps if p.old is None and p.new is not None]
    candidates = sorted(
        ((sims[i][j], i, j) for i in removed for j in inserted if sims[i][j] >= MOVE), key=lambda c: (-c[0], c[1], c[2])
    )
    found: dict[int, int] = {}  # new index -> old index
    taken: set[int] = set()
    for _, i, j in candidates:
        if i not in taken and j not in found:
            found[j] = i
            taken.add(i)
    result = []
    for pair in steps:
        if pair.new is None and pair.old in taken:
            continue
        if pair.old is None and pair.new in found:
            result.append(Pair(found[pair.new], pair.new))
        else:
            result.append(pair)
    return result
