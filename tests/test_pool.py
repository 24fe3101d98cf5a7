"""Render workers: started when the issue is loaded, given the hyphenation rules as data, failures reported."""

from __future__ import annotations

import multiprocessing
import os
import resource
import signal
import tempfile
from pathlib import Path

import pyphen
import pytest

from conftest import LAYOUTS, IssueFolder, small_issue
from vividprint.engine import framestack, render
from vividprint.engine.pool import RenderPool, WorkerError
from vividprint.inputs.files import World
from vividprint.inputs.load import load
from vividprint.plan import make_plan, render_setup
from vividprint.profiles import get_profile
from vividprint.text.hyphenation import HouseDict, Hyphenator, dictionary_path, install


def _plan(issue: IssueFolder, tmp: Path):
    small_issue(issue)
    world = World.open(issue.root, LAYOUTS)
    loaded, layout = load(world)
    profile = get_profile("proof")
    return render_setup(loaded, layout, profile), make_plan(world, loaded, layout, profile, tmp / "cache")


def test_one_worker_starts_at_once_more_when_there_is_more_to_render(issue: IssueFolder, tmp_path: Path) -> None:
    before = set(multiprocessing.active_children())
    setup, plan = _plan(issue, tmp_path)
    jobs = list(plan.renders)
    with RenderPool(setup, 2) as pool:
        assert len(set(multiprocessing.active_children()) - before) == 1  # warming up while the plan is made
        parts = list(pool.render(jobs, tmp_path / "tmp", None, plan.hyphenation))
        assert len(set(multiprocessing.active_children()) - before) == 2
    assert sorted(part.key for part in parts) == sorted(job.key for job in jobs)
    assert all(part.pdf.read_bytes().startswith(b"%PDF") for part in parts)
    assert not set(multiprocessing.active_children()) - before


def test_stopped_workers_leave_no_temporary_files(
    issue: IssueFolder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    setup, plan = _plan(issue, tmp_path)
    jobs = list(plan.renders)
    temporary = tmp_path / "temporary"  # this test's alone: other processes may use the system's meanwhile
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    # Workers forked from a process that rendered before reuse its fonts; these must load their own.
    monkeypatch.setattr(render, "_shared", {})
    monkeypatch.setattr(render, "_layout_css", {})
    with RenderPool(setup, 2) as pool:
        list(pool.render(jobs, tmp_path / "tmp", None, plan.hyphenation))
        assert list(temporary.glob("vividprint-worker-*/weasyprint-*"))  # the workers' copies of the fonts
    assert not list(temporary.iterdir())


@pytest.mark.parametrize("ready", [False, True], ids=["while-warming-up", "after-saying-ready"])
def test_a_worker_that_dies_is_named(issue: IssueFolder, tmp_path: Path, ready: bool) -> None:
    before = set(multiprocessing.active_children())
    setup, plan = _plan(issue, tmp_path)
    jobs = list(plan.renders)
    with RenderPool(setup, 2) as pool:
        (worker,) = set(multiprocessing.active_children()) - before
        assert worker.pid is not None
        if ready:  # its "ready" waits in the pipe, unread: the slot is sent to a dead worker
            assert pool._workers[0].conn.poll(60), "the worker said it was ready"
        os.kill(worker.pid, signal.SIGKILL)
        with pytest.raises(WorkerError, match=r"render worker stopped \(exit code -9\)"):
            list(pool.render(jobs[:1], tmp_path / "tmp", None, plan.hyphenation))


def test_a_failing_render_comes_back_with_its_traceback(issue: IssueFolder, tmp_path: Path) -> None:
    setup, plan = _plan(issue, tmp_path)
    jobs = list(plan.renders)
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("")
    failed = r"(?s)Traceback.*(NotADirectoryError|Not a directory)"
    with RenderPool(setup, 2) as pool, pytest.raises(WorkerError, match=failed):
        list(pool.render(jobs[:1], not_a_folder / "tmp", None, plan.hyphenation))


def test_hyphenation_rules_survive_the_trip_to_another_process() -> None:
    house = Hyphenator("de-DE", {"rheinuferpromenade": (5, 9)})
    rules = house.rules()
    path = dictionary_path("de-DE")
    assert path is not None
    pyphen.hdcache.pop(path, None)
    try:
        install([rules])
        installed = pyphen.hdcache[path]
        assert isinstance(installed, HouseDict)
        assert installed.hyphenator.digest() == rules.digest == house.digest()
        assert [int(p) for p in installed.positions("Rheinuferpromenade")] == [5, 9]
        install([rules])  # already in force: left as it is
        assert pyphen.hdcache[path] is installed
    finally:
        pyphen.hdcache.pop(path, None)


def _oscillate(depth: int) -> int:
    """Recursion that goes up and down around `depth` many times, as layout does."""

    def down(n: int) -> int:
        return 0 if n == 0 else down(n - 1) + 1

    def at(n: int) -> int:
        if n:
            return at(n - 1)
        return sum(down(20) for _ in range(300))

    return at(depth)


def _faults(function, *args) -> int:
    start = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    function(*args)
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt - start


def _at_many_depths() -> None:
    for depth in range(0, 200, 7):  # one of them sits on a chunk border, wherever the stack starts
        _oscillate(depth)


def test_calls_under_framestack_call_do_not_thrash_the_frame_stack() -> None:
    plain = _faults(_at_many_depths)
    if plain < 1000:
        pytest.skip(f"this Python keeps its frame-stack chunks ({plain} page faults without the workaround)")
    roomy = _faults(framestack.call, _at_many_depths)  # mapping its one big chunk costs ~130 faults
    assert roomy < plain / 4, (plain, roomy)
    assert framestack.call(_oscillate, 3) == 300 * 20
