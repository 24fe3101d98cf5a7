"""The build server: a second `vividprint build`, in a new process, is handed to the first one's server."""

from __future__ import annotations

import os
import pickle
import re
import signal
import socket
import struct
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import LAYOUTS, SESSION, IssueFolder, children, cli_exe, gone, small_issue, wait_until, words
from vividprint import server
from vividprint.build import BuildOptions
from vividprint.server.codec import receive


@pytest.fixture
def served(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, str]]:
    """The environment of commands that use a server of their own (its address depends on the cache)."""
    monkeypatch.setenv("VIVIDPRINT_CACHE", str(tmp_path / "machine-cache"))
    monkeypatch.setenv("VIVIDPRINT_SERVER", "on")
    # What a server killed outright leaves behind stays in the test's folder.
    (tmp_path / "tmp").mkdir()
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    env = {**os.environ, "COLUMNS": "200"}
    yield env
    subprocess.run([cli_exe(), "server", "stop"], env=env, capture_output=True, timeout=60)


def cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([cli_exe(), *args], env=env, capture_output=True, text=True, timeout=600)


def server_pid(env: dict[str, str]) -> int | None:
    status = cli(env, "server", "status").stdout
    match = re.search(r"pid (\d+)", status)
    return int(match.group(1)) if match else None


def test_a_second_build_is_handed_to_the_server_the_first_started_and_errors_come_back_as_from_here(
    issue: IssueFolder, tmp_path: Path, served: dict[str, str]
) -> None:
    small_issue(issue)
    build = ["build", str(issue.root), "--layouts", str(LAYOUTS), "--out", str(tmp_path / "out")]
    first = cli(served, *build)
    assert first.returncode == 0, first.stderr
    pid = server_pid(served)
    assert pid is not None and pid != os.getpid()
    workers = children(pid)
    assert workers, "the server keeps its render workers"

    river = issue.root / "articles/river.md"
    river.write_text(river.read_text() + "\nWritten between two builds.\n")
    second = cli(served, *build)
    assert second.returncode == 0, second.stderr
    assert "1 slots rendered" in second.stdout
    assert "Written between two builds." in words(next((tmp_path / "out").glob("*.pdf")))
    status = cli(served, "server", "status").stdout
    assert f"pid {pid}," in status and "2 builds" in status
    assert set(children(pid)) == set(workers), "the same warm workers rendered the edit"

    river.write_text("---\ntitle: [unclosed\n---\nBroken.\n")
    broken = cli(served, *build)
    assert broken.returncode == 1
    assert "error: articles/river.md" in broken.stderr
    assert "nothing was written" in broken.stderr
    assert "Traceback" not in broken.stderr
    assert server_pid(served) == pid, "a broken issue does not stop the server"

    assert "build server stopped" in cli(served, "server", "stop").stdout
    assert all(gone(p) for p in [pid, *workers])
    assert "no build server running" in cli(served, "server", "status").stdout


def test_a_killed_server_takes_its_workers_with_it_and_the_next_build_starts_another(
    issue: IssueFolder, tmp_path: Path, served: dict[str, str]
) -> None:
    small_issue(issue)
    build = ["build", str(issue.root), "--layouts", str(LAYOUTS), "--out", str(tmp_path / "out"), "--jobs", "2"]
    assert cli(served, *build).returncode == 0
    pid = server_pid(served)
    assert pid is not None
    workers = children(pid)
    assert len(workers) == 2
    os.kill(pid, signal.SIGKILL)
    assert all(gone(p) for p in [pid, *workers])

    (issue.root / "articles/river.md").write_text((issue.root / "articles/river.md").read_text() + "\nAgain.\n")
    again = cli(served, *build)
    assert again.returncode == 0, again.stderr
    assert "1 slots rendered" in again.stdout
    assert server_pid(served) not in (None, pid)


def test_without_a_server_the_command_builds_alone(issue: IssueFolder, tmp_path: Path, served: dict[str, str]) -> None:
    small_issue(issue)
    env = {**served, "VIVIDPRINT_SERVER": "off"}
    build = ["build", str(issue.root), "--layouts", str(LAYOUTS), "--out", str(tmp_path / "out")]
    assert cli(env, *build, "--cache", str(SESSION.parts)).returncode == 0
    assert "no build server running" in cli(served, "server", "status").stdout


def test_a_server_lost_in_the_middle_is_replaced_by_a_build_here(
    issue: IssueFolder, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    small_issue(issue)
    ours, theirs = socket.socketpair()
    theirs.close()  # the server's end: gone before it answers
    options = BuildOptions(
        issue_dir=issue.root, out_dir=tmp_path / "out", layouts_dir=LAYOUTS, jobs=1, cache_dir=SESSION.parts
    )
    with server.RemoteBuilder(ours) as remote:
        result = remote.build(options)
    assert result.page_count == 12 and result.output.exists()
    assert "the build server stopped; building in this process" in capsys.readouterr().err


def test_the_address_changes_with_the_environment_that_changes_a_build(monkeypatch: pytest.MonkeyPatch) -> None:
    before = server.address()
    monkeypatch.setenv("VIVIDPRINT_SERVER", "on")  # whether to use one: not part of the address
    assert server.address() == before
    monkeypatch.setenv("VIVIDPRINT_CACHE", "/elsewhere")
    assert server.address() != before
    assert server.address().startswith(f"\0vividprint-{os.getuid()}-")


def test_a_server_stopped_by_the_system_stops_its_workers_and_leaves_no_files(
    issue: IssueFolder, tmp_path: Path, served: dict[str, str]
) -> None:
    small_issue(issue)
    build = ["build", str(issue.root), "--layouts", str(LAYOUTS), "--out", str(tmp_path / "o")]
    assert cli(served, *build, "--cache", str(SESSION.parts)).returncode == 0
    pid = server_pid(served)
    assert pid is not None
    workers = children(pid)
    assert list((tmp_path / "tmp").iterdir()), "the server keeps its temporary files in TMPDIR"
    os.kill(pid, signal.SIGTERM)
    assert all(gone(p) for p in [pid, *workers])
    assert not list((tmp_path / "tmp").iterdir())


def test_an_idle_server_stops_by_itself(issue: IssueFolder, tmp_path: Path, served: dict[str, str]) -> None:
    small_issue(issue)
    # Long enough that a loaded machine still asks for the status before the server has gone.
    env = {**served, "VIVIDPRINT_SERVER_IDLE": "10"}
    build = ["build", str(issue.root), "--layouts", str(LAYOUTS), "--out", str(tmp_path / "o")]
    assert cli(env, *build, "--cache", str(SESSION.parts)).returncode == 0
    pid = server_pid(env)  # a request: the idle time starts again
    assert pid is not None
    workers = children(pid)
    assert all(gone(p, seconds=30) for p in [pid, *workers])
    assert not list((tmp_path / "tmp").iterdir())


def test_a_wrong_idle_time_is_named(issue: IssueFolder, tmp_path: Path, served: dict[str, str]) -> None:
    small_issue(issue)
    env = {**served, "VIVIDPRINT_SERVER_IDLE": "15 min"}
    result = cli(env, "build", str(issue.root), "--layouts", str(LAYOUTS), "--out", str(tmp_path / "o"))
    assert result.returncode == 1
    assert "error: VIVIDPRINT_SERVER_IDLE: '15 min' is not a number of seconds" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "o").exists()


def test_a_build_while_another_client_is_served_builds_at_once_in_its_own_process_and_says_so(
    issue: IssueFolder, tmp_path: Path, served: dict[str, str]
) -> None:
    small_issue(issue)
    build = [cli_exe(), "build", str(issue.root), "--layouts", str(LAYOUTS), "--out", str(tmp_path / "out")]
    assert subprocess.run(build, env=served, capture_output=True, timeout=600).returncode == 0
    other = server.connect()  # another client, in the middle of its session
    assert other is not None
    try:
        receive(other)  # its greeting: the server is its
        alone = subprocess.run([*build, "--out", str(tmp_path / "alone")], env=served, capture_output=True, text=True)
        assert alone.returncode == 0, alone.stderr
        assert "the build server is busy with another build; building in this process" in alone.stderr
        assert (tmp_path / "alone/vivid-1-2026-proof.pdf").exists()
    finally:
        other.close()


def test_a_silent_client_is_dropped_and_later_builds_are_served(
    issue: IssueFolder, tmp_path: Path, served: dict[str, str]
) -> None:
    """A command suspended with Ctrl-Z holds its connection and says nothing: the server lets it go."""
    small_issue(issue)
    env = {**served, "VIVIDPRINT_SERVER_SILENT": "1"}
    build = [cli_exe(), "build", str(issue.root), "--layouts", str(LAYOUTS), "--out", str(tmp_path / "out")]
    assert subprocess.run(build, env=env, capture_output=True, timeout=600).returncode == 0
    silent = server.connect()
    assert silent is not None
    receive(silent)
    silent.settimeout(60)
    with pytest.raises(EOFError):
        receive(silent)  # the server hung up on it
    later = subprocess.run(build, env=env, capture_output=True, text=True, timeout=600)
    assert later.returncode == 0 and "busy" not in later.stderr
    assert "2 builds" in cli(env, "server", "status").stdout


def test_the_server_takes_json_only_and_says_what_it_is(
    issue: IssueFolder, tmp_path: Path, served: dict[str, str]
) -> None:
    small_issue(issue)
    build = ["build", str(issue.root), "--layouts", str(LAYOUTS), "--out", str(tmp_path / "out")]
    assert cli(served, *build, "--cache", str(SESSION.parts)).returncode == 0
    pid = server_pid(served)
    assert pid is not None
    assert Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")[0] == b"vividprint server"
    marker = tmp_path / "ran"
    evil = pickle.dumps(_Touch(str(marker)))
    sock = server.connect()
    assert sock is not None
    receive(sock)
    sock.sendall(struct.pack(">I", len(evil)) + evil)  # a pickle that would run code when loaded
    sock.settimeout(60)
    with pytest.raises(EOFError):
        receive(sock)
    sock.close()
    assert not marker.exists(), "nothing was unpickled"
    assert server_pid(served) == pid, "the server goes on serving"


class _Touch:
    def __init__(self, path: str) -> None:
        self.path = path

    def __reduce__(self):
        return (Path.touch, (Path(self.path),))


def test_an_idle_server_stops_its_workers_and_stays_to_serve(
    issue: IssueFolder, tmp_path: Path, served: dict[str, str]
) -> None:
    """Memory given back when idle: after VIVIDPRINT_SERVER_TRIM seconds without a build the render
    workers go; the server itself stays, and the next build starts workers again."""
    small_issue(issue)
    env = {**served, "VIVIDPRINT_SERVER_TRIM": "1"}
    build = ["build", str(issue.root), "--layouts", str(LAYOUTS), "--out", str(tmp_path / "o"), "--jobs", "2"]
    assert cli(env, *build, "--cache", str(SESSION.parts)).returncode == 0
    pid = server_pid(env)
    assert pid is not None
    wait_until(lambda: not children(pid), seconds=60, what="the workers stopped")
    assert server_pid(env) == pid
    river = issue.root / "articles/river.md"
    river.write_text(river.read_text() + "\nAfter a rest.\n")
    again = cli(env, *build, "--cache", str(SESSION.parts))
    assert again.returncode == 0, again.stderr
    assert "After a rest." in words(next((tmp_path / "o").glob("*.pdf")))
