"""`vividprint watch`: build, then build again on every edit, and with `--serve` show each round in the
browser.

The watcher runs in a thread of its own, so that edits are seen while a round builds (rounds.py decides
what an edit that arrives then does); the rounds build in the main thread, where Ctrl-C stops them and
their render workers at once.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import watchfiles
from rich.console import Console

from ..build import Builder
from ..errors import Problem, VividError
from ..options import CACHE_DIR, BuildOptions, BuildResult
from .rounds import SIGNAL_SLICE, EditionRound, Edits, Round, run_round
from .server import HOST, Preview, serve, stop

PORT = 8421  # the preview's unless --port says otherwise


@dataclass(frozen=True)
class Voice:
    """How the loop speaks: the command line's consoles and its ways of building and reporting."""

    out: Console
    err: Console
    build: Callable[[Builder, BuildOptions], BuildResult]  # with the command line's progress bar
    report: Callable[[tuple[BuildResult, float]], None]
    problems: Callable[[list[Problem], str, str], None]
    shown: Callable[[Path], Path]


class Watcher:
    """watchfiles on some folders, in a thread: every batch of changes it sees is noted in `edits`."""

    def __init__(self, roots: set[Path], quiet: watchfiles.BaseFilter, edits: Edits) -> None:
        self.roots = roots
        self._ready = threading.Event()
        self._stop = threading.Event()
        self._failed: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(quiet, edits), name="watcher", daemon=True)
        self._thread.start()

    def _run(self, quiet: watchfiles.BaseFilter, edits: Edits) -> None:
        try:
            for changes in watchfiles.watch(
                *self.roots,
                watch_filter=quiet,
                debounce=300,
                step=50,
                stop_event=self._stop,
                yield_on_timeout=True,
                rust_timeout=300,
                raise_interrupt=False,
            ):
                # The first answer comes after one timeout at the latest; from then on an edit is seen.
                self._ready.set()
                if changes:
                    edits.note(Path(path).name for _, path in changes)
        except BaseException as exc:  # handed to the main thread, which says what went wrong
            self._failed = exc
        finally:
            self._ready.set()

    def wait_ready(self) -> None:
        while not self._ready.wait(SIGNAL_SLICE):  # in slices, as Edits.take waits, for Ctrl-C
            pass
        if self._failed is not None:
            raise self._failed

    def stop(self) -> None:
        self._stop.set()  # the thread ends within one timeout
        self._thread.join(timeout=2)


def watch(options: BuildOptions, voice: Voice, port: int | None = None) -> int:
    """Build and rebuild until Ctrl-C (KeyboardInterrupt); the exit status when it cannot start."""
    cache_root = (options.cache_dir or options.issue_dir / CACHE_DIR).resolve()
    # Nothing vividprint writes may start another round.
    quiet = watchfiles.DefaultFilter(ignore_paths=[str(cache_root), str(options.out_dir.resolve())])
    preview = Preview() if port is not None else None
    try:
        httpd = serve(preview, port) if preview is not None and port is not None else None
    except VividError as exc:
        voice.problems(exc.problems, "error", "red")
        return 1
    edits = Edits()
    roots = {options.issue_dir.resolve(), *([options.layouts_dir.resolve()] if options.layouts_dir else [])}
    watcher, announced = Watcher(roots, quiet, edits), False
    try:
        with Builder() as builder:
            if httpd is not None:
                voice.out.print(f"serving http://{HOST}:{httpd.server_address[1]}/ (Ctrl-C stops)")
            voice.out.print(f"building {voice.shown(options.issue_dir)} (Ctrl-C stops)")
            while True:
                if preview is not None:
                    preview.building()
                done = run_round(
                    options,
                    lambda wanted: voice.build(builder, wanted),
                    edits,
                    sheets=preview is not None,
                    tell=lambda one: _tell(voice, one),
                )
                if done.overtaken:
                    voice.out.print("a newer edit came in: building again")
                if preview is not None and done.editions:
                    preview.publish(done)
                    _tell_round(voice, preview, done)
                if not done.overtaken and (seen := roots | done.inputs) != roots:
                    # A layout that loads now, or another one: watch it too, from before the old
                    # watcher stops, so that no edit falls between the two.
                    roots, old = seen, watcher
                    watcher, announced = Watcher(roots, quiet, edits), False
                    watcher.wait_ready()
                    old.stop()
                if not announced:
                    watcher.wait_ready()
                    voice.out.print(f"watching {', '.join(sorted(str(root) for root in roots))} (Ctrl-C stops)")
                    announced = True
                _, names = edits.take(done.seen)
                voice.out.print(f"[bold]changed:[/] {', '.join(names)}")
    finally:
        watcher.stop()
        if httpd is not None:
            stop(httpd)


def _tell(voice: Voice, one: EditionRound) -> None:
    if one.result is None:
        voice.problems(one.errors, "error", "red")
        voice.err.print(f"[red]{len(one.errors)} error(s); the last good PDF stays.[/]")
    else:
        voice.report((one.result, one.seconds))


def _tell_round(voice: Voice, preview: Preview, done: Round) -> None:
    changed = [label for one in done.editions if one.sheet for label in one.sheet.changed]
    rendered = sum(one.sheet.rendered for one in done.editions if one.sheet)
    said = []
    if any(one.sheet for one in done.editions):
        said.append(f"pages changed: {', '.join(changed)}" if changed else "no page changed")
        said[-1] += f" ({rendered} drawn anew)"
    if failed := [one.edition or "the issue" for one in done.editions if one.errors]:
        said.append(f"errors of {', '.join(failed)} shown over the last good pages")
    voice.out.print(f"preview round {preview.round}: {'; '.join(said)}", soft_wrap=True)
