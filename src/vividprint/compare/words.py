"""Words added and removed between two versions of a page, and the folio that only followed the page."""

from __future__ import annotations

import difflib
from dataclasses import dataclass


@dataclass(frozen=True)
class WordChanges:
    added: list[str]
    removed: list[str]
    old_folio: list[int]  # indices of the words that are the page's own number, which changed with its place
    new_folio: list[int]


def word_changes(old: list[str], new: list[str], old_label: str, new_label: str) -> WordChanges:
    """The words of `new` that `old` lacks and the other way round, in reading order.

    A page that moves carries another folio: the old page's label going and the new one's coming is no
    edit, so that pair is left out (and reported as the folio, whose place the picture comparison skips).
    Only the label itself counts, not a number that happens to equal it elsewhere on the page."""
    # autojunk would treat the words a page repeats most as noise and align long pages badly.
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    added: list[int] = []
    removed: list[int] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op in ("replace", "delete"):
            removed.extend(range(i1, i2))
        if op in ("replace", "insert"):
            added.extend(range(j1, j2))
    old_folio: list[int] = []
    new_folio: list[int] = []
    if old_label != new_label:
        going = [i for i in removed if old[i] == old_label]
        coming = [j for j in added if new[j] == new_label]
        for i, j in zip(going, coming, strict=False):
            old_folio.append(i)
            new_folio.append(j)
    return WordChanges(
        added=[new[j] for j in added if j not in new_folio],
        removed=[old[i] for i in removed if i not in old_folio],
        old_folio=old_folio,
        new_folio=new_folio,
    )
