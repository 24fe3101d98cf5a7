"""The render workers of a build, or of a series of builds (build.Builder: the editions of one command,
the rounds of `watch`, the builds handed to the build server).

The first worker is forked as soon as the issue is loaded, so that it parses the layout's CSS and
warms its fonts (render.start_worker) while the parent is still preparing the
slots; a rebuild after an edit mostly has one slot to render, and a worker that is ready for it is what
makes it quick. More workers, up to one per core, are forked when there is more than one slot to
render. Workers keep what they have loaded from one slot to the next. With one worker there is no pool:
slots render in this process.

Each worker has a pipe of its own and is sent a slot only when it has said it is ready for one, so
the parent never waits on a full pipe, and a worker that dies is noticed at once. A worker dies with
its parent, so that a build server killed outright leaves none behind.
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import shutil
import signal
import tempfile
import traceback
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from pathlib import Path
from types import TracebackType
from typing import NoReturn

from ..disk import as_user_error
from ..errors import VividError
from ..plan.jobs import HyphenationRules, RenderedPart, RenderJob, RenderSetup
from . import framestack
from .render import render, start_worker

#: Called as slots finish: (slot key, done so far, total). A total of 0 is a note for the user instead,
#: its text in place of the key ("waiting for the other build ...").
Progress = Callable[[str, int, int], None]

_context = multiprocessing.get_context("fork")


@dataclass
class _Worker:
    process: BaseProcess
    conn: Connection
    scratch: Path  # its temporary files, which WeasyPrint would leave behind when the worker is stopped
    job: RenderJob | None = None  # the slot it is rendering
    idle: bool = False  # has said it is ready and has nothing to do


class WorkerError(RuntimeError):
    """A render worker failed: a bug, reported with the worker's traceback."""


class RenderPool:
    def __init__(self, setup: RenderSetup, workers: int) -> None:
        self._setup = setup
        self._limit = workers
        self._workers: list[_Worker] = []
        if workers > 1:
            self._spawn()

    def render(
        self,
        jobs: list[RenderJob],
        tmp: Path,
        variant: str | None,
        hyphenation: tuple[HyphenationRules, ...],
        progress: Progress | None = None,
    ) -> Iterator[RenderedPart]:
        """Render `jobs`, yielding each part as it is done (not in order)."""
        if self._limit <= 1:
            for done, job in enumerate(jobs, start=1):
                yield framestack.call(render, job, tmp, variant, hyphenation)
                if progress:
                    progress(job.key, done, len(jobs))
            return

        try:
            while len(self._workers) < min(self._limit, len(jobs)):
                self._spawn()
            # Largest slots first, so that a long feature does not start last and keep one core busy alone.
            pending = deque(sorted(jobs, key=lambda job: len(job.html), reverse=True))
            done = 0
            while done < len(jobs):
                for worker in self._next(bool(pending)):
                    if not worker.idle:
                        message = self._receive(worker)
                        if message[0] == "failed":
                            raise WorkerError(message[1])
                        if message[0] == "problems":
                            raise VividError(message[1])
                        if message[0] == "done":
                            assert worker.job is not None
                            done += 1
                            yield message[1]
                            if progress:
                                progress(worker.job.key, done, len(jobs))
                    worker.job, worker.idle = None, True
                    if pending:
                        worker.job, worker.idle = pending.popleft(), False
                        self._send(worker, (worker.job, tmp, variant, hyphenation))
        except BaseException:
            # A worker may be busy with a slot nobody waits for any more: its answer would be taken for
            # the next build's. Start afresh instead.
            self.close()
            raise

    def pids(self) -> list[int]:
        return [worker.process.pid for worker in self._workers if worker.process.pid is not None]

    def close(self) -> None:
        """Stop the workers at once: every result wanted has arrived, or the build has failed, and a build
        that had nothing to render must not wait for a worker still warming up."""
        for worker in self._workers:
            worker.process.terminate()
        for worker in self._workers:
            worker.process.join()
            worker.conn.close()
            shutil.rmtree(worker.scratch, ignore_errors=True)
        self._workers = []

    def __enter__(self) -> RenderPool:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    def _spawn(self) -> None:
        ours, theirs = _context.Pipe()
        scratch = Path(tempfile.mkdtemp(prefix="vividprint-worker-"))
        siblings = [worker.conn for worker in self._workers]
        process = _context.Process(
            target=_serve, args=(self._setup, theirs, scratch, os.getpid(), siblings), daemon=True
        )
        process.start()
        theirs.close()
        self._workers.append(_Worker(process, ours, scratch))

    def _receive(self, worker: _Worker) -> tuple:
        try:
            return worker.conn.recv()
        # A worker that died with a slot unread in its pipe resets it rather than closing it.
        except (EOFError, ConnectionResetError):
            self._died(worker)

    def _send(self, worker: _Worker, message: tuple) -> None:
        try:
            worker.conn.send(message)
        except (BrokenPipeError, ConnectionResetError):
            self._died(worker)

    def _died(self, worker: _Worker) -> NoReturn:
        worker.process.join(timeout=5)
        raise WorkerError(f"a render worker stopped (exit code {worker.process.exitcode})") from None

    def _next(self, work: bool) -> list[_Worker]:
        """Idle workers when there is work for them; else the workers that have sent a message (ready, done
        or failed), waiting for one."""
        if work and (idle := [worker for worker in self._workers if worker.idle]):
            return idle
        handles: dict[object, _Worker] = {worker.conn: worker for worker in self._workers if not worker.idle}
        handles.update({worker.process.sentinel: worker for worker in self._workers})
        ready: list[_Worker] = []
        for handle in wait(list(handles)):
            worker = handles[handle]
            if isinstance(handle, int) and worker.idle:  # died with nothing to say
                self._receive(worker)
            if worker not in ready and not worker.idle:
                ready.append(worker)
        return ready


def _serve(setup: RenderSetup, conn: Connection, scratch: Path, parent: int, siblings: list[Connection]) -> None:
    """A worker's life: get ready, say so, then render what it is sent until it is stopped."""
    # The parent's ends of the other workers' pipes came with the fork: held here, they would keep those
    # workers from noticing that the parent has gone.
    for sibling in siblings:
        sibling.close()
    _die_with(parent)
    # WeasyPrint copies every font into a folder of its own, removed only when its font configuration is
    # collected, which a stopped process never does: 11 MB left in /tmp per worker and build. The
    # parent removes this folder instead.
    tempfile.tempdir = str(scratch)
    # Ctrl-C reaches the whole process group; the parent answers it by stopping the workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        start_worker(setup)
        conn.send(("ready",))
        while True:
            job, tmp, variant, hyphenation = conn.recv()
            # Garbage is collected after a slot, when nobody waits for it: during a render the collector
            # would walk the worker's whole heap again and again, for 4-8 % of the slot's time.
            gc.disable()
            part = framestack.call(render, job, tmp, variant, hyphenation)
            conn.send(("done", part))
            gc.enable()
            gc.collect()
    except EOFError:  # the parent has gone
        return
    except OSError as exc:  # a full disk, perhaps, where WeasyPrint copies the fonts: not a bug
        error = as_user_error(exc)
        conn.send(("problems", error.problems) if error is not None else ("failed", traceback.format_exc()))
    except BaseException:
        conn.send(("failed", traceback.format_exc()))


def _die_with(parent: int) -> None:
    """Be stopped when the parent dies, even when nobody is left to stop us: a build server killed
    outright would otherwise leave its workers waiting for work forever (Linux; elsewhere they notice
    at their next message)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # it died before we asked
        os._exit(0)


_PR_SET_PDEATHSIG = 1
