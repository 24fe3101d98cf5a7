"""Which page of the new proof is which page of the old one.

Pages are compared by their words: shared words and word pairs, so that one edit costs little and
another article's page shares next to nothing; pages that draw the same (digest.py) are the same. A
global alignment (Needleman-Wunsch with free gaps) keeps the order of both proofs, so pages inserted or
removed leave the pages after them matched to themselves; equal labels break ties, so a supplied ad
that appears twice in an issue keeps to its own place. A match counts by how much the pages hold: two
blank pages (an article shorter than its allotment leaves them) are alike but say little, and must not
outweigh a page of text that moved.

Where the alignment left pages over on both sides between two matches, they are aligned again with
what costs more to know: pages without words by a small picture (which decodes the page's photos), and
pages of the same label, whatever they hold, as one page redone. Pages still left over on both sides
are paired without regard to order when they are nearly the same: those moved.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from PIL import ImageChops, ImageStat

from .reading import Proof

MATCH = 0.5  # the least similarity of two pages taken for versions of one page, in order
MOVE = 0.8  # the least for a page found elsewhere in the other proof
LABEL_BONUS = 0.05  # equal labels: among equally similar pages, the one with the same label
LABEL_ONLY = 0.01  # equal labels, different content: one page redone, where nothing else matches
RASTER_SPREAD = 64.0  # mean grey difference (of 255) at which two pictures count as unlike
FULL_WORDS = 100  # words and word pairs on a page that make its match count fully
LEAST_WEIGHT = 0.1  # what a blank page's match counts; a page without words counts by what it draws


@dataclass(frozen=True)
class Pair:
    old: int | None  # index from 0; None: the page was inserted
    new: int | None  # None: the page was removed


@dataclass(frozen=True)
class _Content:
    shingles: Counter[tuple[str, ...]]
    size: int
    weight: float  # LEAST_WEIGHT (a blank page) to 1 (a page of text or a photo)


def _content(proof: Proof, index: int) -> _Content:
    tokens = [token.casefold() for token in proof.text(index).tokens]
    shingles: Counter[tuple[str, ...]] = Counter((token,) for token in tokens)
    shingles.update(itertools.pairwise(tokens))
    size = sum(shingles.values())
    held = min(1.0, size / FULL_WORDS) if size else proof.drawn(index)
    return _Content(shingles, size, LEAST_WEIGHT + (1 - LEAST_WEIGHT) * held)


class _Similarity:
    """How alike two pages are, 0 (nothing in common) to 1, each pair worked out once."""

    def __init__(self, old: Proof, new: Proof) -> None:
        self.old, self.new = old, new
        self.old_content = [_content(old, i) for i in range(len(old))]
        self.new_content = [_content(new, j) for j in range(len(new))]
        self._known: dict[tuple[int, int], float] = {}

    def cheap(self, i: int, j: int) -> float:
        """By the words, or the drawing; 0 for pages without words that draw differently."""
        if (i, j) in self._known:
            return self._known[i, j]
        a, b = self.old_content[i], self.new_content[j]
        if self.old.digest(i) == self.new.digest(j):
            found = 1.0
        elif not (a.size and b.size) or 2 * min(a.size, b.size) / (a.size + b.size) < MATCH:
            found = 0.0  # no words on one side, or one holds less than half of the other's words
        else:
            found = 2 * sum((a.shingles & b.shingles).values()) / (a.size + b.size)
        if a.size or b.size or found == 1.0:
            self._known[i, j] = found
        return found

    def full(self, i: int, j: int) -> float:
        """Pages without words compared as pictures too."""
        found = self.cheap(i, j)
        if (i, j) not in self._known:
            one, two = self.old.thumbnail(i), self.new.thumbnail(j)
            spread = ImageStat.Stat(ImageChops.difference(one, two)).mean[0] if one.size == two.size else 255
            found = self._known[i, j] = max(0.0, 1.0 - spread / RASTER_SPREAD)
        return found

    def score(self, i: int, j: int, *, full: bool) -> float:
        """What matching the pages adds to an alignment; 0: they are not to be matched."""
        found = self.full(i, j) if full else self.cheap(i, j)
        same_label = self.old.labels[i] == self.new.labels[j]
        if found >= MATCH:
            weight = min(self.old_content[i].weight, self.new_content[j].weight)
            return found * weight + (LABEL_BONUS if same_label else 0.0)
        return LABEL_ONLY if full and same_label else 0.0


def match_pages(old: Proof, new: Proof) -> list[Pair]:
    """Every page of both proofs once, in the new proof's order; a removed page where it stood."""
    alike = _Similarity(old, new)
    steps = _align(list(range(len(old))), list(range(len(new))), lambda i, j: alike.score(i, j, full=False))
    refined: list[Pair] = []
    gap: list[Pair] = []
    for pair in [*steps, None]:
        if pair is not None and (pair.old is None or pair.new is None):
            gap.append(pair)
            continue
        olds = [p.old for p in gap if p.old is not None]
        news = [p.new for p in gap if p.new is not None]
        refined += _align(olds, news, lambda i, j: alike.score(i, j, full=True)) if olds and news else gap
        gap = []
        if pair is not None:
            refined.append(pair)
    return _moved(refined, alike)


def _align(olds: list[int], news: list[int], score: Callable[[int, int], float]) -> list[Pair]:
    """The order-keeping matching of `olds` to `news` with the greatest total score."""
    m, n = len(olds), len(news)
    gains = [[score(i, j) for j in news] for i in olds]
    best = [[0.0] * (n + 1) for _ in range(m + 1)]
    for a in range(1, m + 1):
        row, above = best[a], best[a - 1]
        for b in range(1, n + 1):
            gain = gains[a - 1][b - 1]
            row[b] = max(above[b], row[b - 1], above[b - 1] + gain if gain > 0 else 0.0)
    steps: list[Pair] = []
    a, b = m, n
    while a or b:
        gain = gains[a - 1][b - 1] if a and b else 0.0
        if a and b and gain > 0 and best[a][b] == best[a - 1][b - 1] + gain:
            steps.append(Pair(olds[a - 1], news[b - 1]))
            a, b = a - 1, b - 1
        elif b and (not a or best[a][b] == best[a][b - 1]):
            steps.append(Pair(None, news[b - 1]))
            b -= 1
        else:
            steps.append(Pair(olds[a - 1], None))
            a -= 1
    steps.reverse()
    return steps


def _moved(steps: list[Pair], alike: _Similarity) -> list[Pair]:
    """Pair pages the alignment left alone on both sides that are nearly the same: they moved. A moved
    page takes its new place; its old place is dropped. Among equals (blank pages) the one with the same
    label, then the nearest, is taken."""
    removed = [p.old for p in steps if p.new is None and p.old is not None]
    inserted = [p.new for p in steps if p.old is None and p.new is not None]
    labels = alike.old.labels, alike.new.labels
    candidates = sorted(
        ((alike.full(i, j), i, j) for i in removed for j in inserted),
        key=lambda c: (-c[0], labels[0][c[1]] != labels[1][c[2]], abs(c[1] - c[2]), c[1], c[2]),
    )
    found: dict[int, int] = {}  # new index -> old index
    taken: set[int] = set()
    for similarity, i, j in candidates:
        if similarity >= MOVE and i not in taken and j not in found:
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
