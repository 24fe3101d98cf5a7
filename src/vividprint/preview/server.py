"""The live preview's web server: the sheet page, the round's data as JSON, the sheets' files, and a stream
of server-sent events that tells the page when a round has finished.

It listens on 127.0.0.1 alone and answers only requests addressed to it by that name (or `localhost`): a
page elsewhere that points a name of its own at 127.0.0.1 (DNS rebinding) gets nothing. The standard
library's threading server is enough for one designer's browser tabs.
"""

from __future__ import annotations

import errno
import json
import re
import sys
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from ..errors import VividError
from ..findings import findings
from ..options import CheckResult
from .page import page_html
from .rounds import Round
from .sheet import edition_view
from .thumbs import DPI

HOST = "127.0.0.1"
PING = 15.0  # seconds between keep-alive comments on an idle event stream
_FILE = re.compile(r"/sheets/([^/]+)/((?:pages/\d{3,5}\.png)|sheet\.png|index\.html)")
_DIGEST = re.compile(r"[0-9a-f]{32}")
_TYPES = {".png": "image/png", ".html": "text/html; charset=utf-8"}


class Preview:
    """What the page shows, shared by the watch loop, which publishes rounds, and the server's threads."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._version = 0  # counts every change the page should hear of
        self._closed = False
        self.round = 0
        self.state = "waiting"  # for the first round; then building, ready or failed
        self._editions: dict[str | None, dict[str, Any]] = {}  # the last view of each edition
        self._folders: dict[str, Path] = {}  # the sheets' folders by name, as their files are addressed
        self._stores: dict[str, Path] = {}  # their pages' pictures by digest

    def building(self) -> None:
        self._set(lambda: setattr(self, "state", "building"))

    def publish(self, done: Round) -> None:
        def change() -> None:
            for one in done.editions:
                last = self._editions.get(one.edition, edition_view(None, ""))
                if one.sheet is not None:
                    self._folders[one.sheet.folder.name] = one.sheet.folder
                    self._stores[one.sheet.folder.name] = one.sheet.store
                    view = edition_view(one.sheet.data, f"sheets/{one.sheet.folder.name}/")
                else:  # a failed build: its errors over the last good sheet
                    errors = [finding.as_dict() for finding in findings(CheckResult(errors=one.errors))]
                    view = edition_view(last["sheet"], last["base"], errors)
                self._editions[one.edition] = {"edition": one.edition, **view}
            self.round += 1
            self.state = "failed" if any(view["errors"] for view in self._editions.values()) else "ready"

        self._set(change)

    def view(self) -> dict[str, Any]:
        with self._changed:
            return {"round": self.round, "state": self.state, "editions": list(self._editions.values())}

    def folder(self, name: str) -> Path | None:
        with self._changed:
            return self._folders.get(name)

    def store(self, name: str) -> Path | None:
        with self._changed:
            return self._stores.get(name)

    def wait(self, version: int, timeout: float) -> int | None:
        """The version once it is newer than `version` (or after `timeout`); None when closed."""
        with self._changed:
            self._changed.wait_for(lambda: self._version != version or self._closed, timeout)
            return None if self._closed else self._version

    def close(self) -> None:
        self._set(lambda: setattr(self, "_closed", True))

    def _set(self, change: Any) -> None:
        with self._changed:
            change()
            self._version += 1
            self._changed.notify_all()


def serve(preview: Preview, port: int) -> ThreadingHTTPServer:
    """Start serving in a thread of its own; raises VividError when the port is taken."""
    try:
        httpd = _Server((HOST, port), _Handler)
    except OSError as exc:
        if exc.errno != errno.EADDRINUSE:
            raise
        raise VividError.one(
            "--port", "", f"port {port} on {HOST} is in use: give another with --port, or --port 0 for any free one"
        ) from None
    httpd.preview = preview
    threading.Thread(target=httpd.serve_forever, name="preview-server", daemon=True).start()
    return httpd


def stop(httpd: ThreadingHTTPServer) -> None:
    httpd.preview.close()  # type: ignore[attr-defined]
    httpd.shutdown()
    httpd.server_close()


class _Server(ThreadingHTTPServer):
    daemon_threads = True  # an event stream never ends by itself
    preview: Preview

    def handle_error(self, request: object, client_address: object) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a tab closed while it was being answered
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:
        port = self.server.server_address[1]
        if self.headers.get("Host") not in (f"{HOST}:{port}", f"localhost:{port}"):
            self._send(
                HTTPStatus.FORBIDDEN, f"this preview answers only at http://{HOST}:{port}/\n".encode(), "text/plain"
            )
            return
        address = urlsplit(self.path)
        preview = self.server.preview
        if address.path == "/":
            self._send(HTTPStatus.OK, page_html(preview.view(), live=True), "text/html; charset=utf-8")
        elif address.path == "/round.json":
            self._send(HTTPStatus.OK, json.dumps(preview.view(), ensure_ascii=False).encode(), "application/json")
        elif address.path == "/events":
            self._events(preview)
        elif address.path == "/favicon.ico":
            self._send(HTTPStatus.NO_CONTENT, b"", "image/x-icon")
        elif (found := _FILE.fullmatch(address.path)) and (folder := preview.folder(found[1])):
            self._file(folder, found[1], found[2], parse_qs(address.query).get("v", [None])[0])
        else:
            self._send(HTTPStatus.NOT_FOUND, b"not found\n", "text/plain")

    def _file(self, folder: Path, name: str, rel: str, digest: str | None) -> None:
        store = self.server.preview.store(name)
        # A page asked for by its digest comes from the pictures kept by digest, so that what the browser
        # keeps under that address is that page whatever the sheet's folder holds by now.
        if rel.startswith("pages/") and digest and _DIGEST.fullmatch(digest) and store is not None:
            kept = store / f"{digest}-{DPI}.png"
            if kept.exists():
                self._send(HTTPStatus.OK, kept.read_bytes(), "image/png", "max-age=31536000, immutable")
                return
        try:
            data = (folder / rel).read_bytes()
        except OSError:
            self._send(HTTPStatus.NOT_FOUND, b"not found\n", "text/plain")
            return
        self._send(HTTPStatus.OK, data, _TYPES[Path(rel).suffix])

    def _events(self, preview: Preview) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        version: int | None = -1
        try:
            self.wfile.write(b"retry: 1000\n\n")
            while version is not None:
                newer = preview.wait(version, PING)
                if newer is None:
                    break
                if newer == version:
                    self.wfile.write(b": ping\n\n")
                else:
                    said = json.dumps({key: preview.view()[key] for key in ("round", "state")})
                    self.wfile.write(f"event: update\ndata: {said}\n\n".encode())
                version = newer
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the page was closed or reloaded

    def _send(self, status: HTTPStatus, body: bytes, kind: str, cache: str = "no-store") -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", cache)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the terminal is the watch's: it says what was built, not what was fetched
