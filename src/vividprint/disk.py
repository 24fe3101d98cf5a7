"""Where vividprint keeps files of its own, and how it writes every file: whole or not at all."""

from __future__ import annotations

import functools
import hashlib
import os
import tempfile
from pathlib import Path


def machine_cache() -> Path:
    """$VIVIDPRINT_CACHE, else $XDG_CACHE_HOME/vividprint, else ~/.cache/vividprint."""
    if env := os.environ.get("VIVIDPRINT_CACHE"):
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "vividprint"


def write_atomic(target: Path, data: bytes) -> None:
    """Write via a temporary file and rename, so a crash never leaves half a file under the real name."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@functools.cache
def code_digest() -> str:
    """A digest of vividprint's own source: what other code rendered or wrote is not taken for its own
    (a version number alone does not change while the code is being worked on)."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.rglob("*.py")):
        digest.update(path.relative_to(Path(__file__).parent).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]
