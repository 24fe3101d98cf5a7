"""The build server: render workers that outlive one `vividprint build`.

A build in a new process pays for more than the slots it renders: the command imports WeasyPrint,
its first worker parses the layout's CSS and loads the fonts, and its first slot pays for what
WeasyPrint, Pango and cffi set up on first use. After an edit to one article that is more than half of
what the user waits for. So the first `vividprint build` forks a server off itself (nothing to import
again) and hands it the build; later builds, of any issue, hand theirs to the same server, whose workers
are warm (build.Builder keeps them while the layout's CSS and fonts stay the same), and import nothing
but this module. The server stops after `VIVIDPRINT_SERVER_IDLE`
seconds without a build (15 minutes by default) or with `vividprint server stop`;
`VIVIDPRINT_SERVER=off` builds in the calling process.

One server per user, vividprint code and environment: its address is named by a digest of vividprint's
source files and of the environment variables that change a build, so an edited or upgraded vividprint
never gets an old server's answer. The address is an abstract Unix socket (nothing left on disk when a
server dies); both ends check that the other runs as the same user, since pickles are exchanged.

A client that cannot reach or start a server, or loses it in the middle of a build, builds in its own
process instead.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import hashlib
import importlib.util
import os
import shutil
import signal
import socket
import struct
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from .errors import VividError
from .options import BuildOptions, BuildResult

if TYPE_CHECKING:  # the rest of vividprint is imported where a build runs here, not by every client
    from .build import Builder
    from .engine.pool import Progress

IDLE_SECONDS = 15 * 60
BUSY_SECONDS = 0.5  # no greeting within this: say that the server is busy
_LIBRARIES = ("weasyprint", "pydyf", "tinycss2", "cssselect2", "pyphen", "pypdf", "PIL", "jinja2", "markdown_it")
# Variables that may change what a build writes or where it looks: a server serves only clients whose
# values are the same.
_ENVIRONMENT = ("VIVIDPRINT_", "XDG_", "FONTCONFIG_", "FC_", "PANGO", "LC_", "LANG", "HOME", "TMPDIR", "PYTHON")


class ServerError(RuntimeError):
    """The server failed with a bug; carries its traceback."""


class ServerGone(ConnectionError):
    """The server stopped answering in the middle of a request."""


def enabled() -> bool:
    """Abstract Unix sockets and fork are Linux's; elsewhere every build runs in its own process."""
    wanted = os.environ.get("VIVIDPRINT_SERVER", "on").lower() not in ("off", "0", "no", "false")
    return wanted and sys.platform.startswith("linux")


def address() -> str:
    """The abstract socket of this user's server for this vividprint code and environment."""
    digest = hashlib.sha256()
    sources = sorted(Path(__file__).parent.rglob("*.py"))
    # A reinstalled library must not be served by a server that has the old one loaded.
    for name in _LIBRARIES:
        spec = importlib.util.find_spec(name)
        if spec is not None and spec.origin:
            sources.append(Path(spec.origin))
    for source in sources:
        stat = source.stat()
        digest.update(f"{source} {stat.st_mtime_ns} {stat.st_size}\n".encode())
    digest.update(sys.executable.encode())
    for name, value in sorted(os.environ.items()):
        if name.startswith(_ENVIRONMENT) and not name.startswith("VIVIDPRINT_SERVER"):
            digest.update(f"{name}={value}\n".encode())
    return f"\0vividprint-{os.getuid()}-{digest.hexdigest()[:20]}"


# --- the client ------------------------------------------------------------------------------------------


class RemoteBuilder:
    """Builds through a server; falls back to building here if the server goes away mid-build."""

    def __init__(self, conn: Connection) -> None:
        self._conn: Connection | None = conn
        self._local: Builder | None = None
        self._greeted = False

    def build(self, options: BuildOptions, progress: Progress | None = None) -> BuildResult:
        if self._conn is not None:
            try:
                return self._request(("build", absolute(options)), progress)
            except ServerGone:
                self._conn.close()
                self._conn = None
                print("the build server stopped; building in this process", file=sys.stderr)
        if self._local is None:
            from .build import Builder

            self._local = Builder()
        return self._local.build(options, progress)

    def status(self) -> ServerStatus:
        return self._request(("status",))

    def stop(self) -> None:
        self._request(("stop",))

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
        if self._local is not None:
            self._local.close()

    def __enter__(self) -> RemoteBuilder:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def _request(self, request: tuple, progress: Progress | None = None):
        assert self._conn is not None
        try:
            if not self._greeted:
                # One client at a time: another's build goes on, and ours waits for it to end.
                if not self._conn.poll(BUSY_SECONDS):
                    print("the build server is busy with another build; waiting for it", file=sys.stderr)
                self._conn.recv()
                self._greeted = True
            self._conn.send(request)
            while True:
                kind, *payload = self._conn.recv()
                if kind == "progress":
                    if progress is not None:
                        progress(*payload)
                    continue
                if kind == "problems":
                    raise VividError(payload[0])
                if kind == "failed":
                    raise ServerError(payload[0])
                return payload[0] if payload else None
        except (EOFError, ConnectionError) as exc:
            raise ServerGone(str(exc)) from None


def builder() -> RemoteBuilder | Builder:
    """What a command builds with: the server (started if need be), else a Builder in this process."""
    if enabled():
        conn = connect() or start()
        if conn is not None:
            return RemoteBuilder(conn)
    from .build import Builder

    return Builder()


def absolute(options: BuildOptions) -> BuildOptions:
    """The server has a working directory of its own."""

    def resolve(path: Path | None) -> Path | None:
        return None if path is None else path.resolve()

    return replace(
        options,
        issue_dir=options.issue_dir.resolve(),
        out_dir=options.out_dir.resolve(),
        layouts_dir=resolve(options.layouts_dir),
        cache_dir=resolve(options.cache_dir),
    )


def connect(name: str | None = None) -> Connection | None:
    """A connection to the running server, or None when there is none (or another user holds its name)."""
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.connect(name or address())
        if _peer_uid(sock) != os.getuid():
            raise ConnectionRefusedError("the build server's address is held by another user")
    except OSError:
        sock.close()
        return None
    return Connection(sock.detach())


def start() -> Connection | None:
    """Start a server for this process's code and environment; None if that cannot be done."""
    from . import build  # noqa: F401  (the server is forked with it, ready to build)

    name = address()
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        listener.bind(name)
    except OSError:  # another client has just started one
        listener.close()
        for _ in range(50):
            if (conn := connect(name)) is not None:
                return conn
            time.sleep(0.02)
        return None
    listener.listen(16)
    idle = _idle_seconds()
    # The server is forked, not started afresh: it has everything imported already. A first child starts
    # a new session and forks the server, so that the server is nobody's child and no terminal's.
    try:
        child = os.fork()
    except OSError:  # no processes left to this user: build here
        listener.close()
        return None
    if child == 0:
        try:
            os.setsid()
            if os.fork() == 0:
                _daemon(listener, idle)
        finally:
            os._exit(0)
    os.waitpid(child, 0)
    listener.close()
    return connect(name)


def _idle_seconds() -> float:
    text = os.environ.get("VIVIDPRINT_SERVER_IDLE")
    if text is None:
        return IDLE_SECONDS
    try:
        seconds = float(text)
    except ValueError:
        seconds = -1
    if not seconds > 0:
        raise VividError.one(
            "VIVIDPRINT_SERVER_IDLE", "", f"{text!r} is not a number of seconds above 0: write, say, 900, or unset it"
        )
    return seconds


# --- the server ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ServerStatus:
    pid: int
    started: float  # time.time() when it started
    builds: int  # builds served
    peak_mb: float  # the largest peak resident memory of the server and its render workers


def _daemon(listener: socket.socket, idle: float) -> None:
    """The server process: detached from the client's terminal and pipes, serving until idle."""
    from .disk import machine_cache

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
    from .build import Builder

    served = _Served(started=time.time())
    listener.settimeout(idle)
    with Builder() as local:
        while True:
            try:
                sock, _ = listener.accept()
            except TimeoutError:
                return
            sock.settimeout(None)
            if _peer_uid(sock) != os.getuid():
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


def _peer_uid(sock: socket.socket) -> int:
    _, uid, _ = struct.unpack("3i", sock.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i")))
    return uid


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
