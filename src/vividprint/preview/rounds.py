"""The rounds of `watch`: each builds every edition as the files stood when it began. Edits are counted as
the watcher sees them, also while a round builds; a round overtaken by a newer edit is given up after the
build it is in (its later editions and its sheets are not made) and nothing of it is shown, since the
next round starts at once. A build in progress is not cut short: its slots land in the part cache as they
finish, and the render workers stay warm, so the next round has less to do."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..errors import Problem, VividError
from ..options import BuildOptions, BuildResult, editions_of
from .sheet import Sheet, sheet_of

SIGNAL_SLICE = 0.2  # s: how soon a waiting watch answers Ctrl-C


class Edits:
    """What the watcher has seen, counted; shared between its thread and the rounds."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._count = 0
        self._names: set[str] = set()

    def note(self, names: Iterable[str]) -> None:
        with self._changed:
            self._count += 1
            self._names.update(names)
            self._changed.notify_all()

    @property
    def count(self) -> int:
        with self._changed:
            return self._count

    def newer(self, than: int) -> bool:
        """Whether an edit came after the `than`-th."""
        return self.count > than

    def take(self, after: int) -> tuple[int, list[str]]:
        """Wait for an edit after the `after`-th; the count now and the files changed since the last take."""
        with self._changed:
            # In slices: Ctrl-C that the kernel hands to another thread (the watcher's, the server's) does
            # not wake a wait without a timeout, and Python only raises it once this thread runs again.
            while not self._changed.wait_for(lambda: self._count > after, timeout=SIGNAL_SLICE):
                pass
            names, self._names = sorted(self._names), set()
            return self._count, names


@dataclass
class EditionRound:
    edition: str | None
    result: BuildResult | None = None  # None when it failed
    errors: list[Problem] = field(default_factory=list)
    sheet: Sheet | None = None
    seconds: float = 0.0  # the build's


@dataclass
class Round:
    seen: int  # the count of edits it was built with
    editions: list[EditionRound]  # those to show: of an overtaken round, the sheets it drew before the edit
    overtaken: bool = False  # by an edit while it built or drew: given up

    @property
    def inputs(self) -> set[Path]:
        return {path for one in self.editions if one.result for path in one.result.inputs}


def run_round(
    options: BuildOptions,
    build: Callable[[BuildOptions], BuildResult],
    edits: Edits,
    sheets: bool = False,
    tell: Callable[[EditionRound], None] = lambda one: None,
) -> Round:
    """Build every edition, then draw their sheets when asked, until an edit comes in. `tell` hears of each
    edition as it is built (of none that an edit overtook)."""
    seen = edits.count
    done = []
    for edition in editions_of(options):
        one = EditionRound(edition)
        wanted = replace(options, edition=edition)
        started = time.perf_counter()
        try:
            one.result = build(wanted)
        except VividError as exc:
            one.errors = exc.problems
        one.seconds = time.perf_counter() - started
        if edits.newer(seen):
            return Round(seen, [], overtaken=True)
        tell(one)
        done.append(one)
    for index, one in enumerate(done if sheets else []):
        if one.result is None:
            continue
        one.sheet = sheet_of(one.result, replace(options, edition=one.edition), stop=lambda: edits.newer(seen))
        if one.sheet is None:
            # The sheets drawn before the edit are written, and so are shown: every sheet on disk is the
            # one the page shows, which the next sheet's changed pages are counted against.
            return Round(seen, [drawn for drawn in done[:index] if drawn.sheet], overtaken=True)
    return Round(seen, done)
