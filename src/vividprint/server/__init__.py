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
never gets an old server's answer. The address is an abstract Unix socket: nothing is left on disk when
a server is killed, and no stale socket file can be taken over. An abstract socket has no file mode, so
both ends check with SO_PEERCRED that the other runs as the same user, and what they exchange is JSON
(server/codec.py): a message can ask for a build, never run code.

A client that cannot reach or start a server, finds it busy with another client's build, or loses it in
the middle of a build, builds in its own process instead, at once, and says why. The server drops a
client that stays silent (a command suspended with Ctrl-Z) after VIVIDPRINT_SERVER_SILENT seconds (20),
stops its render workers after a few idle minutes to give their memory back, and is listed in `ps` as
`vividprint server`.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import socket
import struct
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from ..errors import VividError
from ..options import BuildOptions, BuildResult
from .codec import options_to_json, problems_from_json, receive, result_from_json, send

if TYPE_CHECKING:  # the rest of vividprint is imported where a build runs here, not by every client
    from ..build import Builder
    from ..engine.pool import Progress

IDLE_SECONDS = 15 * 60
BUSY_SECONDS = 0.5  # no greeting within this: the server is busy with another client
_LIBRARIES = ("weasyprint", "pydyf", "tinycss2", "cssselect2", "pyphen", "pypdf", "PIL", "jinja2", "markdown_it")
# Variables that may change what a build writes or where it looks: a server serves only clients whose
# values are the same.
_ENVIRONMENT = ("VIVIDPRINT_", "XDG_", "FONTCONFIG_", "FC_", "PANGO", "LC_", "LANG", "HOME", "TMPDIR", "PYTHON")


class ServerError(RuntimeError):
    """The server failed with a bug; carries its traceback."""

    def __init__(self, traceback: str) -> None:
        last = traceback.strip().splitlines()[-1] if traceback.strip() else "no traceback"
        super().__init__(f"the build server failed: {last}")
        self.traceback = traceback


class ServerGone(ConnectionError):
    """The server stopped answering in the middle of a request."""


class ServerBusy(ConnectionError):
    """The server is serving another client."""


def enabled() -> bool:
    """Abstract Unix sockets and fork are Linux's; elsewhere every build runs in its own process."""
    wanted = os.environ.get("VIVIDPRINT_SERVER", "on").lower() not in ("off", "0", "no", "false")
    return wanted and sys.platform.startswith("linux")


def address() -> str:
    """The abstract socket of this user's server for this vividprint code and environment."""
    digest = hashlib.sha256()
    sources = sorted(Path(__file__).parents[1].rglob("*.py"))
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
    """Builds through a server; builds here instead if the server is busy or goes away mid-build."""

    def __init__(self, sock: socket.socket) -> None:
        self._sock: socket.socket | None = sock
        self._local: Builder | None = None
        self._greeted = False

    def build(self, options: BuildOptions, progress: Progress | None = None) -> BuildResult:
        if self._sock is not None:
            try:
                return result_from_json(self._request(["build", options_to_json(absolute(options))], progress))
            except ServerBusy:
                self._drop("the build server is busy with another build; building in this process")
            except ServerGone:
                self._drop("the build server stopped; building in this process")
        if self._local is None:
            from ..build import Builder

            self._local = Builder()
        return self._local.build(options, progress)

    def status(self) -> ServerStatus:
        data = self._request(["status"], wait=True)
        try:
            return ServerStatus(**data)
        except TypeError as exc:
            raise ServerGone(f"not a status: {exc}") from None

    def stop(self) -> None:
        self._request(["stop"], wait=True)

    def close(self) -> None:
        if self._sock is not None:
            self._sock.close()
        if self._local is not None:
            self._local.close()

    def __enter__(self) -> RemoteBuilder:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def _drop(self, why: str) -> None:
        assert self._sock is not None
        self._sock.close()
        self._sock = None
        print(why, file=sys.stderr)

    def _request(self, request: list, progress: Progress | None = None, wait: bool = False):
        sock = self._sock
        assert sock is not None
        try:
            if not self._greeted:
                # The server answers one client at a time: a build does not queue behind another's.
                sock.settimeout(BUSY_SECONDS)
                try:
                    receive(sock)
                except TimeoutError:
                    if not wait:
                        raise ServerBusy("busy") from None
                    print("the build server is busy with another build; waiting for it", file=sys.stderr)
                    sock.settimeout(None)
                    receive(sock)
                sock.settimeout(None)
                self._greeted = True
            send(sock, *request)
            while True:
                kind, *payload = receive(sock)
                if kind == "progress" and len(payload) == 3:
                    if progress is not None:
                        progress(str(payload[0]), int(payload[1]), int(payload[2]))
                    continue
                if kind == "problems":
                    raise VividError(problems_from_json(payload[0]))
                if kind == "failed":
                    raise ServerError(str(payload[0]))
                return payload[0] if payload else None
        except (EOFError, ConnectionError, TimeoutError, ValueError, IndexError) as exc:
            if isinstance(exc, ServerBusy):
                raise
            raise ServerGone(str(exc)) from None


def builder() -> RemoteBuilder | Builder:
    """What a command builds with: the server (started if need be), else a Builder in this process."""
    if enabled():
        conn = connect() or start()
        if conn is not None:
            return RemoteBuilder(conn)
    from ..build import Builder

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


def connect(name: str | None = None) -> socket.socket | None:
    """A connection to the running server, or None when there is none (or another user holds its name)."""
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.connect(name or address())
        if peer_uid(sock) != os.getuid():
            raise ConnectionRefusedError("the build server's address is held by another user")
    except OSError:
        sock.close()
        return None
    return sock


def start() -> socket.socket | None:
    """Start a server for this process's code and environment; None if that cannot be done."""
    from .. import build  # noqa: F401  (the server is forked with it, ready to build)

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
                from .daemon import run

                run(listener, idle)
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


@dataclass(frozen=True)
class ServerStatus:
    pid: int
    started: float  # time.time() when it started
    builds: int  # builds served
    peak_mb: float  # the largest peak resident memory of the server and its render workers


def peer_uid(sock: socket.socket) -> int:
    _, uid, _ = struct.unpack("3i", sock.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i")))
    return uid
