"""What the build server and its clients say to each other: JSON, one message a frame, and an explicit
codec for the few kinds of data they exchange. Data only: a message can make the other end do nothing
but what its kind says (pickles, which the first server exchanged, can make the receiver run any code).

A frame is four bytes of length, big-endian, then that many bytes of UTF-8 JSON: a list whose first item
is the message's kind. Frames larger than MAX_FRAME are refused unread.
"""

from __future__ import annotations

import json
import socket
import struct
from dataclasses import asdict, fields
from pathlib import Path
from typing import Any

from ..errors import Problem
from ..options import BuildOptions, BuildResult

MAX_FRAME = 64 * 1024 * 1024
_LENGTH = struct.Struct(">I")


class ProtocolError(ConnectionError):
    """The other end sent what no vividprint sends: the connection is dropped."""


def send(sock: socket.socket, *message: object) -> None:
    data = json.dumps(message, ensure_ascii=False).encode()
    if len(data) > MAX_FRAME:
        raise ProtocolError(f"a message of {len(data)} bytes")
    sock.sendall(_LENGTH.pack(len(data)) + data)


def receive(sock: socket.socket) -> list[Any]:
    (length,) = _LENGTH.unpack(_exactly(sock, _LENGTH.size))
    if length > MAX_FRAME:
        raise ProtocolError(f"a frame of {length} bytes")
    try:
        message = json.loads(_exactly(sock, length))
    except ValueError as exc:
        raise ProtocolError(f"not JSON: {exc}") from None
    if not isinstance(message, list) or not message or not isinstance(message[0], str):
        raise ProtocolError("not a message")
    return message


def _exactly(sock: socket.socket, size: int) -> bytes:
    chunks, got = [], 0
    while got < size:
        chunk = sock.recv(min(size - got, 1 << 20))
        if not chunk:
            raise EOFError("the other end hung up")
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


# --- the data --------------------------------------------------------------------------------------------

_OPTION_PATHS = ("issue_dir", "out_dir", "layouts_dir", "cache_dir")


def options_to_json(options: BuildOptions) -> dict[str, Any]:
    data = asdict(options)
    for name in _OPTION_PATHS:
        data[name] = None if data[name] is None else str(data[name])
    return data


def options_from_json(data: object) -> BuildOptions:
    """BuildOptions from a client's request; anything but the fields and types it has is refused."""
    if not isinstance(data, dict) or set(data) - {f.name for f in fields(BuildOptions)}:
        raise ProtocolError("not build options")
    values: dict[str, Any] = {}
    for field in fields(BuildOptions):
        if field.name not in data:
            continue
        value = data[field.name]
        if field.name in _OPTION_PATHS:
            if value is not None and not isinstance(value, str):
                raise ProtocolError(f"{field.name}: not a path")
            value = None if value is None else Path(value)
        elif value is not None and not isinstance(value, (str, int, bool)):
            raise ProtocolError(f"{field.name}: not a plain value")
        values[field.name] = value
    return BuildOptions(**values)


def problems_to_json(problems: list[Problem]) -> list[list[str]]:
    return [[p.file, p.place, p.message] for p in problems]


def problems_from_json(data: object) -> list[Problem]:
    if not isinstance(data, list) or not all(
        isinstance(p, list) and len(p) == 3 and all(isinstance(x, str) for x in p) for p in data
    ):
        raise ProtocolError("not a list of problems")
    return [Problem(*p) for p in data]


def result_to_json(result: BuildResult) -> dict[str, Any]:
    return {
        "output": str(result.output),
        "page_count": result.page_count,
        "labels": list(result.labels),
        "rendered": list(result.rendered),
        "cached": list(result.cached),
        "warnings": problems_to_json(result.warnings),
        "inputs": [str(p) for p in result.inputs],
        "typeset": problems_to_json(result.typeset),
        "typeset_summary": result.typeset_summary,
    }


def result_from_json(data: object) -> BuildResult:
    if not isinstance(data, dict):
        raise ProtocolError("not a build result")
    try:
        return BuildResult(
            output=Path(data["output"]),
            page_count=int(data["page_count"]),
            labels=tuple(str(label) for label in data["labels"]),
            rendered=[str(key) for key in data["rendered"]],
            cached=[str(key) for key in data["cached"]],
            warnings=problems_from_json(data["warnings"]),
            inputs=tuple(Path(p) for p in data["inputs"]),
            typeset=problems_from_json(data["typeset"]),
            typeset_summary=str(data["typeset_summary"]),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ProtocolError(f"not a build result: {exc}") from None
