"""Building again and again: `Builder` keeps its render workers; `vividprint watch` rebuilds on every edit."""

from __future__ import annotations

import multiprocessing
import os
import queue
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import pytest

from conftest import LAYOUTS, IssueFolder, cli_exe, small_issue, words
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


class _Lines:
    """The output of a running command, line by line, waited for with a deadline."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.seen: list[str] = []
        self._lines: queue.Queue[str] = queue.Queue()
        assert process.stdout is not None
        stream = process.stdout
        threading.Thread(target=lambda: [self._lines.put(line) for line in stream], daemon=True).start()

    def wait_for(self, text: str, seconds: float = 60) -> str:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                line = self._lines.get(timeout=0.5)
            except queue.Empty:
                continue
            self.seen.append(line)
            if text in line:
                return line
        raise AssertionError(f"no {text!r} within {seconds} s; output was:\n{''.join(self.seen)}")


def test_watch_rebuilds_on_each_edit_and_survives_a_broken_one(issue: IssueFolder, tmp_path: Path) -> None:
    small_issue(issue)
    env = {**os.environ, "COLUMNS": "200"}  # one line per message
    command = [cli_exe(), "watch", str(issue.root), "--layouts", str(LAYOUTS), "--out", str(tmp_path / "out")]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    lines = _Lines(process)
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


def test_ctrl_c_in_the_middle_of_a_build_stops_everything_cleanly(issue: IssueFolder, tmp_path: Path) -> None:
    small_issue(issue)
    scratch = Path(tempfile.gettempdir())
    before = {p.name for p in scratch.iterdir() if p.name.startswith(("weasyprint-", "vividprint-"))}
    command = [cli_exe(), "watch", str(issue.root), "--layouts", str(LAYOUTS), "--out", str(tmp_path / "out")]
    # Its own process group, which a terminal's Ctrl-C reaches as a whole: workers included.
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True
    )
    time.sleep(1.5)  # past start-up, into the first build
    os.killpg(process.pid, signal.SIGINT)
    output, _ = process.communicate(timeout=30)
    assert process.returncode == 0, output
    assert "Traceback" not in output
    after = {p.name for p in scratch.iterdir() if p.name.startswith(("weasyprint-", "vividprint-"))}
    assert after <= before
