"""Builds killed, run twice at once, or stopped by a full disk: the last good output stays whole, nothing
temporary is left in the output folder, the next build succeeds and the cache stays sound. And what is
written gets the user's umask."""

from __future__ import annotations

import contextlib
import fcntl
import os
import resource
import signal
import stat
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import LAYOUTS, SESSION, IssueFolder, OutputLines, children, cli_exe, small_issue, wait_until, words

TEMP_MARK = ".vividprint-tmp"


def command(issue: IssueFolder, out: Path, *extra: str) -> list[str]:
    return [cli_exe(), "build", str(issue.root), "--layouts", str(LAYOUTS), "--out", str(out), "--jobs", "2", *extra]


def build(issue: IssueFolder, out: Path, *extra: str, **kw: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command(issue, out, *extra), capture_output=True, text=True, timeout=600, **kw)  # type: ignore[call-overload]


def contents(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def edit(issue: IssueFolder, text: str) -> None:
    river = issue.root / "articles/river.md"
    river.write_text(river.read_text() + f"\n{text}\n")


def kill_when(issue: IssueFolder, out: Path, moment: Callable[[subprocess.Popen[bytes]], object], *extra: str) -> None:
    """Start a build and SIGKILL it, with its render workers, as soon as `moment(process)` is true."""
    process = subprocess.Popen(command(issue, out, *extra), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until(lambda: moment(process) or process.poll() is not None, seconds=300, what="the moment to kill")
        assert process.poll() is None, "the build ended before the moment came"
    finally:
        _kill_tree(process.pid)
        process.wait(timeout=60)


def _kill_tree(pid: int) -> None:
    """SIGKILL a process and the processes it started at once, as a power cut or the OOM killer would."""
    for each in [pid, *children(pid)]:
        with contextlib.suppress(ProcessLookupError):
            os.kill(each, signal.SIGKILL)


def leftovers(*folders: Path) -> list[Path]:
    return [p for folder in folders if folder.exists() for p in folder.rglob("*") if TEMP_MARK in p.name]


def test_a_build_killed_at_any_moment_leaves_the_last_proof_whole_and_the_next_one_succeeds(
    issue: IssueFolder, tmp_path: Path
) -> None:
    small_issue(issue)
    out = tmp_path / "out"
    assert build(issue, out).returncode == 0
    good = contents(out)
    cache = issue.root / ".vividprint-cache"

    def count(folder: str) -> int:
        return len(list((cache / folder).glob("*")))

    moments: dict[str, Callable[[subprocess.Popen[bytes]], object]] = {
        "as the edited article is set": lambda p: count("bodies") > bodies,
        "once its render workers are started": lambda p: children(p.pid),
        "with the slot just rendered and cached": lambda p: count("parts") > parts,
    }
    for number, (name, moment) in enumerate(moments.items()):
        bodies, parts = count("bodies"), count("parts")
        edit(issue, f"Edit number {number}.")
        kill_when(issue, out, moment)
        assert contents(out) == good, f"killed {name}: the last proof is as it was"
        assert not leftovers(out), f"killed {name}: nothing temporary in the output folder"

    # Killed while it waits to write: another build holds the output folder.
    edit(issue, "Edit number 3.")
    holder = os.open(out, os.O_RDONLY)
    fcntl.flock(holder, fcntl.LOCK_EX)
    try:
        process = subprocess.Popen(command(issue, out), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        OutputLines(process.stderr).wait_for("waiting for the other build", seconds=300)
        _kill_tree(process.pid)
        process.wait(timeout=60)
    finally:
        os.close(holder)
    assert contents(out) == good

    again = build(issue, out)
    assert again.returncode == 0, again.stderr
    assert sorted(contents(out)) == ["vivid-1-2026-proof-spreads.pdf", "vivid-1-2026-proof.pdf"]
    assert "Edit number 3." in words(out / "vivid-1-2026-proof.pdf")
    assert not leftovers(out, cache), "what killed builds left is gone"


def test_a_print_build_killed_while_it_writes_the_delivery_folder_leaves_the_last_one_whole(
    issue: IssueFolder, tmp_path: Path
) -> None:
    small_issue(issue)
    out = tmp_path / "out"
    assert build(issue, out, "--profile", "print").returncode == 0
    good = contents(out)
    scratch = issue.root / ".vividprint-cache/tmp"

    def staging() -> list[Path]:
        return [p for p in scratch.glob(f"*{TEMP_MARK}") if p.is_dir()]

    for number, moment in enumerate(
        [
            lambda p: staging(),  # the folder is made: the issue PDF moves in
            lambda p: any(len(list(s.glob("*_p00*.pdf"))) >= 2 for s in staging()),  # single pages being written
        ]
    ):
        edit(issue, f"Print edit {number}.")
        kill_when(issue, out, moment, "--profile", "print")
        assert contents(out) == good, "the last delivery folder is as it was, every file of it"
        assert not leftovers(out)

    again = build(issue, out, "--profile", "print")
    assert again.returncode == 0, again.stderr
    folder = out / "vivid-1-2026-print"
    assert "Print edit 1." in words(folder / "vivid-1-2026-print.pdf")
    sums = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=folder, capture_output=True, text=True)
    assert sums.returncode == 0, sums.stdout
    assert not leftovers(out, scratch)


def test_a_damaged_cache_entry_is_rendered_again(issue: IssueFolder, tmp_path: Path) -> None:
    small_issue(issue)
    out = tmp_path / "out"
    assert build(issue, out).returncode == 0
    parts = sorted((issue.root / ".vividprint-cache/parts").glob("*.pdf"))
    # A part the proof uses (the cover's first rendering, with its picture too large, is not one).
    victim = next(part for part in parts if "Das Viertel am Hafen" in words(part))
    victim.write_bytes(victim.read_bytes()[:1000])  # as a disk that filled up, or a killed copy, leaves it
    again = build(issue, out)
    assert again.returncode == 0, again.stderr
    assert "1 slots rendered" in again.stdout
    assert victim.stat().st_size > 1000


def test_two_builds_of_one_issue_at_once_both_finish_and_agree(issue: IssueFolder, tmp_path: Path) -> None:
    small_issue(issue)
    out = tmp_path / "out"
    first = subprocess.Popen(command(issue, out), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    second = subprocess.Popen(command(issue, out), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    results = [p.communicate(timeout=600) for p in (first, second)]
    assert first.returncode == 0 and second.returncode == 0, results
    assert sorted(contents(out)) == ["vivid-1-2026-proof-spreads.pdf", "vivid-1-2026-proof.pdf"]
    assert len(PdfReader(out / "vivid-1-2026-proof.pdf").pages) == 12
    # What was written and the record of it agree: a third build finds nothing to do.
    before = (out / "vivid-1-2026-proof.pdf").stat().st_mtime_ns
    third = build(issue, out)
    assert "0 slots rendered" in third.stdout
    assert (out / "vivid-1-2026-proof.pdf").stat().st_mtime_ns == before


def test_a_build_waits_for_the_other_build_writing_the_same_folder_and_says_so(
    issue: IssueFolder, tmp_path: Path
) -> None:
    small_issue(issue)
    out = tmp_path / "out"
    out.mkdir()
    holder = os.open(out, os.O_RDONLY)
    fcntl.flock(holder, fcntl.LOCK_EX)  # another build, in the middle of writing
    try:
        waiting = subprocess.Popen(
            [*command(issue, out), "--cache", str(SESSION.parts)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        errors = OutputLines(waiting.stderr)
        errors.wait_for(f"waiting for the other build writing into {out}", seconds=300)
        assert waiting.poll() is None and not list(out.iterdir()), "it waits its turn, writing nothing"
    finally:
        os.close(holder)
    assert waiting.wait(timeout=300) == 0, errors.rest()
    assert sorted(contents(out)) == ["vivid-1-2026-proof-spreads.pdf", "vivid-1-2026-proof.pdf"]


def _file_size_limit(limit: int) -> Callable[[], None]:
    def limited() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return limited


def test_a_file_size_limit_is_a_message_and_leaves_the_last_proof_whole(issue: IssueFolder, tmp_path: Path) -> None:
    """A file size limit (as a quota sets one) stops the first large write, wherever it is: the copy of
    a font WeasyPrint makes, or the proof. Either way the user is told which file could not be written."""
    small_issue(issue)
    out = tmp_path / "out"
    assert build(issue, out).returncode == 0
    good = contents(out)
    edit(issue, "Written past the limit.")
    full = build(issue, out, preexec_fn=_file_size_limit(300_000))
    assert full.returncode == 1
    message = " ".join(full.stderr.split())
    assert "cannot be written: the file is larger than this system lets a file be (File too large" in message
    assert "Traceback" not in full.stderr and "bug" not in message
    assert contents(out) == good
    assert not leftovers(out, issue.root / ".vividprint-cache")
    assert build(issue, out).returncode == 0
    assert "Written past the limit." in words(out / "vivid-1-2026-proof.pdf")


def test_a_full_tmpfs_leaves_no_partial_file(issue: IssueFolder, tmp_path: Path) -> None:
    """A real file system that fills up under the proof: a 600 kB tmpfs holding the last one (440 kB)."""
    small_issue(issue)
    out = tmp_path / "out"
    out.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=600k", "tmpfs", str(out)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"no tmpfs to mount here: {mounted.stderr.decode().strip()}")
    try:
        assert build(issue, out, "--cache", str(SESSION.parts)).returncode == 0
        good = contents(out)
        edit(issue, "Written to a full tmpfs.")
        full = build(issue, out, "--cache", str(SESSION.parts))
        assert full.returncode == 1
        message = " ".join(full.stderr.split())
        assert f"error: {out / 'vivid-1-2026-proof.pdf'}: cannot be written: the disk is full" in message
        assert "Traceback" not in full.stderr
        assert contents(out) == good
        assert not leftovers(out)
    finally:
        subprocess.run(["umount", str(out)], check=True)


@pytest.mark.parametrize("umask", [0o022, 0o002])
def test_everything_written_for_the_user_gets_the_umask(issue: IssueFolder, tmp_path: Path, umask: int) -> None:
    small_issue(issue)
    out = tmp_path / "out"

    def masked() -> None:
        os.umask(umask)

    cache = ("--cache", str(SESSION.parts))
    assert build(issue, out, *cache, preexec_fn=masked).returncode == 0
    first = out / "vivid-1-2026-proof.pdf"
    os.replace(first, tmp_path / "round1.pdf")
    edit(issue, "Second round.")
    assert build(issue, out, *cache, preexec_fn=masked).returncode == 0
    assert build(issue, out, *cache, "--profile", "print", preexec_fn=masked).returncode == 0
    report = tmp_path / "reports/check.json"
    run = [cli_exe(), "check", str(issue.root), "--layouts", str(LAYOUTS), "--json", str(report), *cache]
    subprocess.run(run, capture_output=True, timeout=600, preexec_fn=masked)
    diff = [cli_exe(), "diff", str(tmp_path / "round1.pdf"), str(first), "--out", str(tmp_path / "diff")]
    subprocess.run(diff, capture_output=True, timeout=600, preexec_fn=masked)

    written = [*out.rglob("*"), report, *(tmp_path / "diff").iterdir()]
    assert len(written) > 12
    for path in written:
        want = (0o777 if path.is_dir() else 0o666) & ~umask
        assert stat.S_IMODE(path.stat().st_mode) == want, f"{path}: {oct(path.stat().st_mode)}"
