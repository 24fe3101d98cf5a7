"""Building again and again: `Builder` keeps its render workers; `vividprint watch` rebuilds on every edit."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import signal
import subprocess
from pathlib import Path

import pytest

from conftest import (
    LAYOUTS,
    IssueFolder,
    OutputLines,
    children,
    cli_exe,
    ctrl_c_default,
    gone,
    small_issue,
    wait_until,
    words,
)
from vividprint.build import Builder, BuildOptions
from vividprint.errors import VividError


def test_a_builder_keeps_its_workers_and_renders_only_what_changed(issue: IssueFolder, tmp_path: Path) -> None:
    small_issue(issue)
    options = BuildOptions(issue_dir=issue.root, out_dir=tmp_path / "out", layouts_dir=LAYOUTS, jobs=2)
    before = set(multiprocessing.active_children())
    with Builder() as builder:
        first = builder.build(options)
        workers = set(multiprocessing.active_children()) - before
        assert len(workers) == 2
        river = issue.root / "articles/river.md"
        river.write_text(river.read_text() + "\nA sentence added between two rounds.\n")
        second = builder.build(options)
        assert set(multiprocessing.active_children()) - before == workers  # the same, warm processes
    assert len(first.rendered) >= 3
    assert second.rendered == ["flatplan[2]"]
    assert "A sentence added between two rounds." in words(second.output)
    assert not set(multiprocessing.active_children()) - before


def test_a_build_that_fails_its_check_leaves_warm_workers_and_the_next_build_renders_the_right_slot(
    issue: IssueFolder, tmp_path: Path
) -> None:
    small_issue(issue)
    options = BuildOptions(issue_dir=issue.root, out_dir=tmp_path / "out", layouts_dir=LAYOUTS, jobs=2)
    manifest = issue.root / "issue.toml"
    river = issue.root / "articles/river.md"
    with Builder() as builder:
        builder.build(options)
        river.write_text(river.read_text() + "\nA sentence for the next round.\n")
        good = manifest.read_text()
        # The river slot is rendered with 4 pages before the page count is checked.
        manifest.write_text(good.replace("pages = 3", "pages = 4", 1))
        with pytest.raises(VividError, match="multiple of 4"):
            builder.build(options)
        manifest.write_text(good)
        again = builder.build(options)
    assert again.rendered == ["flatplan[2]"]
    assert "A sentence for the next round." in words(again.output)


def test_a_builder_starts_new_workers_when_a_font_changes(issue: IssueFolder, tmp_path: Path) -> None:
    small_issue(issue)
    # A copy of the layout with its fonts and profile, so that touching a font leaves the project's alone.
    shutil.copytree(LAYOUTS / "vivid", tmp_path / "layouts/vivid")
    for folder in ("fonts", "icc"):
        shutil.copytree(LAYOUTS.parent / folder, tmp_path / folder)
    options = BuildOptions(issue_dir=issue.root, out_dir=tmp_path / "out", layouts_dir=tmp_path / "layouts", jobs=2)
    before = set(multiprocessing.active_children())
    with Builder() as builder:
        builder.build(options)
        workers = set(multiprocessing.active_children()) - before
        font = tmp_path / "fonts/inter/Inter-Regular.otf"
        stat = font.stat()
        os.utime(font, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
        builder.build(options)
        now = set(multiprocessing.active_children()) - before
        assert now and not now & workers


def test_watch_rebuilds_on_each_edit_and_survives_a_broken_one(issue: IssueFolder, tmp_path: Path) -> None:
    small_issue(issue)
    env = {**os.environ, "COLUMNS": "200"}  # one line per message
    command = [cli_exe(), "watch", str(issue.root), "--layouts", str(LAYOUTS), "--out", str(tmp_path / "out")]
    process = subprocess.Popen(
        ctrl_c_default(command), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env
    )
    lines = OutputLines(process.stdout)
    try:
        assert "0 from cache" in lines.wait_for("built ")
        lines.wait_for("watching ")
        river = issue.root / "articles/river.md"
        good = river.read_text()
        river.write_text(good + "\nWritten while the proof was open.\n")
        lines.wait_for("changed: river.md")
        assert "1 slots rendered" in lines.wait_for("built ")
        pdf = next((tmp_path / "out").glob("*.pdf"))
        assert "Written while the proof was open." in words(pdf)

        river.write_text("---\ntitle: [unclosed\n---\nBroken.\n")
        assert "articles/river.md" in lines.wait_for("error:")
        lines.wait_for("the last good PDF stays")
        assert "Written while the proof was open." in words(pdf)

        river.write_text(good + "\nMended.\n")
        assert "1 slots rendered" in lines.wait_for("built ")
        river.write_text(good)  # as in the first round: that part is still in the cache
        assert "0 slots rendered" in lines.wait_for("built ")
    finally:
        process.send_signal(signal.SIGINT)
        code = process.wait(timeout=30)
    assert code == 0
    assert not any("Traceback" in line for line in lines.seen)


def _ignores_ctrl_c(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    ignored = int(next(line.split()[1] for line in status.splitlines() if line.startswith("SigIgn:")), 16)
    return bool(ignored & (1 << (signal.SIGINT - 1)))


def _waiting_for_workers(pid: int) -> bool:
    """Whether the main thread of `pid` sleeps in poll(), as the pool does while its workers render."""
    try:
        return "poll" in Path(f"/proc/{pid}/wchan").read_text()
    except OSError:
        return False


def test_ctrl_c_in_the_middle_of_a_build_stops_everything_cleanly(issue: IssueFolder, tmp_path: Path) -> None:
    small_issue(issue)
    # Eight more features: a first build long enough that Ctrl-C surely comes in its middle.
    more = '[[flatplan]]\narticle = "articles/viertel.md"\ntemplate = "feature"\npages = 3\n'
    manifest = issue.root / "issue.toml"
    manifest.write_text(manifest.read_text() + more * 8)
    scratch = tmp_path / "tmp"  # its own: other processes may use the system's meanwhile
    scratch.mkdir()
    # A fault handler, so that a watch that does not stop can be asked where it is.
    env = {**os.environ, "TMPDIR": str(scratch), "COLUMNS": "200", "PYTHONFAULTHANDLER": "1"}
    command = [cli_exe(), "watch", str(issue.root), "--layouts", str(LAYOUTS), "--out", str(tmp_path / "out")]
    # Its own process group, which a terminal's Ctrl-C reaches as a whole: workers included.
    process = subprocess.Popen(
        ctrl_c_default([*command, "--jobs", "2"]),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
        env=env,
    )
    lines = OutputLines(process.stdout)
    workers: list[int] = []

    def rendering() -> bool:
        # Both render workers are up and ignore Ctrl-C, and watch waits for their slots. (Not while it
        # forks one: a Ctrl-C then is lost in the fork's handlers or misses the new worker.)
        workers[:] = children(process.pid)
        return len(workers) == 2 and all(map(_ignores_ctrl_c, workers)) and _waiting_for_workers(process.pid)

    try:
        lines.wait_for("building ")  # its first round has begun: Ctrl-C is watch's to answer
        wait_until(rendering, what="two render workers at work")
        os.killpg(process.pid, signal.SIGINT)
        try:
            code = process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGABRT)  # the fault handler prints every thread's stack
            process.wait(timeout=30)
            raise AssertionError(f"watch did not stop on Ctrl-C:\n{lines.rest()}") from None
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    output = lines.rest()
    assert code == 0, output
    assert "Traceback" not in output
    assert "built " not in output, "the build was interrupted, not finished"
    assert all(gone(pid) for pid in workers), "no render worker lives on"
    assert not list((tmp_path / "out").glob("*.pdf")), "an interrupted build writes nothing"
    assert not list(scratch.iterdir()), "no temporary files are left"
