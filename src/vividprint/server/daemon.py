"""The build server's side: one process that keeps a Builder, and so its render workers, between builds.

See the package's docstring for who talks to it and how it is found.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import os
import shutil
import signal
import socket
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import VividError
from ..options import BuildOptions
from . import ServerStatus, address, peer_uid
from .codec import options_from_json, problems_to_json, receive, result_to_json, send

SILENT_SECONDS = 20.0  # a client that neither asks nor reads for this long is dropped
TRIM_SECONDS = 180.0  # idle this long: the render workers are stopped and their memory given back
_PR_SET_NAME = 15

if TYPE_CHECKING:
    from ..build import Builder

# --- the server ------------------------------------------------------------------------------------------


def run(listener: socket.socket, idle: float) -> None:
    """The server process: detached from the client's terminal and pipes, serving until idle."""
    from ..disk import machine_cache

    log = machine_cache() / f"server-{address().rsplit('-', 1)[-1]}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    null = os.open(os.devnull, os.O_RDONLY)
    out = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    # A client reading our stdout through a pipe (a script, a test) would otherwise wait for us to end.
    os.dup2(null, 0)
    os.dup2(out, 1)
    os.dup2(out, 2)
    os.close(null)
    os.close(out)
    os.chdir("/")
    _title()
    # Render workers must not hold the server's address: if the server were killed, clients would
    # connect to it and wait forever.
    os.register_at_fork(after_in_child=listener.close)
    scratch = Path(tempfile.mkdtemp(prefix="vividprint-server-"))
    tempfile.tempdir = str(scratch)  # what WeasyPrint leaves when rendering here (--jobs 1)
    # Stopped by the system (shutdown, `kill`): stop the workers and clean up as when idle.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        _serve(listener, idle)
    except SystemExit:
        pass
    except BaseException:
        traceback.print_exc()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)


def _serve(listener: socket.socket, idle: float) -> None:
    from ..build import Builder

    served = _Served(started=time.time())
    last = time.monotonic()
    trim = _seconds("VIVIDPRINT_SERVER_TRIM", TRIM_SECONDS)
    with Builder() as local:
        while True:
            quiet = time.monotonic() - last
            if quiet >= idle:
                return
            # A few minutes without a build: the render workers go, and their memory with them; the
            # server itself stays, with everything imported (about a second of each build's start).
            warm = bool(local.worker_pids())
            listener.settimeout(max(0.1, min(idle, trim) - quiet) if warm else idle - quiet)
            try:
                sock, _ = listener.accept()
            except TimeoutError:
                if warm and time.monotonic() - last >= trim:
                    local.close()
                    _give_back_memory()
                continue
            try:
                if peer_uid(sock) == os.getuid() and not _session(sock, local, served):
                    return
            finally:
                sock.close()
            last = time.monotonic()
            # Between clients, not between the editions one client asks for.
            _give_back_memory()


@dataclass
class _Served:
    started: float
    builds: int = 0


def _session(sock: socket.socket, local: Builder, served: _Served) -> bool:
    """Answer one client until it hangs up or stays silent; False when it asks the server to stop."""
    # A client suspended with Ctrl-Z neither reads nor writes: after this long it is dropped, whether the
    # server waits for its next request or for room to send it progress.
    sock.settimeout(_silent_seconds())

    def progress(key: str, done: int, total: int) -> None:
        send(sock, "progress", key, done, total)

    try:
        send(sock, "hello")  # the client knows it has the server's ear
        while True:
            kind, *payload = receive(sock)
            if kind == "stop":
                local.close()  # the workers are gone when the client hears so
                send(sock, "stopped")
                return False
            if kind == "status":
                status = ServerStatus(os.getpid(), served.started, served.builds, _peak_mb(local))
                send(sock, "status", asdict(status))
            elif kind == "build" and payload:
                served.builds += 1
                send(sock, *_build(local, options_from_json(payload[0]), progress))
            else:
                return True
    except (EOFError, ConnectionError, TimeoutError):
        return True  # the client has gone (Ctrl-C), or fell silent: its build stopped with it


def _build(local: Builder, options: BuildOptions, progress: Callable[[str, int, int], None]) -> tuple:
    try:
        return ("result", result_to_json(local.build(options, progress)))
    except VividError as exc:
        return ("problems", problems_to_json(exc.problems))
    except (ConnectionError, TimeoutError):
        raise
    except Exception:
        return ("failed", traceback.format_exc())


def _silent_seconds() -> float:
    return _seconds("VIVIDPRINT_SERVER_SILENT", SILENT_SECONDS)


def _seconds(name: str, default: float) -> float:
    try:
        return max(0.1, float(os.environ.get(name, default)))
    except ValueError:
        return default


def _title() -> None:
    """`vividprint server` in ps and top, not the command that happened to start it."""
    try:
        import setproctitle

        setproctitle.setproctitle("vividprint server")
    except ImportError:
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None).prctl(_PR_SET_NAME, b"vividprint-srv", 0, 0, 0)


def _give_back_memory() -> None:
    """An idle server should not hold what its last builds needed: a print build's assembly grows the
    process to some 400 MB, which would otherwise stay taken until the server stops."""
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):  # not glibc
        ctypes.CDLL(None).malloc_trim(0)


def _peak_mb(local: Builder) -> float:
    pids = [os.getpid(), *local.worker_pids()]
    peaks = []
    for pid in pids:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                peaks.append(int(line.split()[1]) / 1024)
    return max(peaks, default=0.0)
