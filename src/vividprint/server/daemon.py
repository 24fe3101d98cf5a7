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
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import VividError
from ..options import BuildOptions
from . import ServerStatus, address, peer_uid

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
    listener.settimeout(idle)
    with Builder() as local:
        while True:
            try:
                sock, _ = listener.accept()
            except TimeoutError:
                return
            sock.settimeout(None)
            if peer_uid(sock) != os.getuid():
                sock.close()
                continue
            conn = Connection(sock.detach())
            try:
                if not _session(conn, local, served):
                    return
            finally:
                conn.close()
            # Between clients, not between the editions one client asks for.
            _give_back_memory()


@dataclass
class _Served:
    started: float
    builds: int = 0


def _session(conn: Connection, local: Builder, served: _Served) -> bool:
    """Answer one client until it hangs up; False when it asks the server to stop."""

    def progress(*step: object) -> None:
        conn.send(("progress", *step))

    try:
        conn.send(("hello",))  # the client knows it has the server's ear, not a place in its queue
        while True:
            kind, *payload = conn.recv()
            if kind == "stop":
                local.close()  # the workers are gone when the client hears so
                conn.send(("stopped",))
                return False
            if kind == "status":
                conn.send(("status", ServerStatus(os.getpid(), served.started, served.builds, _peak_mb(local))))
            elif kind == "build":
                served.builds += 1
                conn.send(_build(local, payload[0], progress))
    except (EOFError, ConnectionError):
        return True  # the client has gone, perhaps stopped with Ctrl-C: its build stopped with it


def _build(local: Builder, options: BuildOptions, progress: Callable[[str, int, int], None]) -> tuple:
    try:
        return ("result", local.build(options, progress))
    except VividError as exc:
        return ("problems", exc.problems)
    except ConnectionError:
        raise
    except Exception:
        return ("failed", traceback.format_exc())


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
