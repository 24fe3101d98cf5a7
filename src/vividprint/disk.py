"""Where vividprint keeps files of its own, and how it writes every file: whole or not at all.

A file is written under a temporary name and renamed into place, so a build killed at any moment leaves
either the old file or the new one. The temporary name lies in a scratch folder (the cache's) when that
is on the same file system as the target, so that a killed build leaves nothing in the user's output
folder; elsewhere it lies beside the target, hidden (`.NAME.PID.RANDOM.vividprint-tmp`). Such leftovers
of killed builds are removed by the next build that writes there (`clean_stale`).

Files get the mode the user's umask gives (0644 with the usual 022): a proof on a shared drive must open
for colleagues too. A disk that is full, read-only or not ours to write is the user's to fix, and said so
with the file (`VividError`); nothing partial is left under the real name.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import functools
import hashlib
import os
import re
import secrets
import shutil
import socket
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from .errors import VividError

TEMP_MARK = ".vividprint-tmp"
#: Temporary files of another machine (a shared drive) older than this are its killed builds' leftovers.
STALE_ELSEWHERE = 24 * 3600
_HOST = re.sub(r"[^A-Za-z0-9-]", "-", socket.gethostname())[:40] or "host"
#: Errors of the place written to, not of vividprint: the user frees space, picks another folder, or
#: changes the folder's permissions.
_USER_ERRNOS = {
    errno.ENOSPC: "the disk is full: free some space",
    errno.EDQUOT: "the disk quota is used up: free some space",
    errno.EFBIG: "the file is larger than this system lets a file be",
    errno.EROFS: "the disk is read-only: choose another folder",
    errno.EACCES: "permission denied: choose a folder you may write to",
    errno.EPERM: "permission denied: choose a folder you may write to",
    errno.ENOTDIR: "a file stands where a folder should be: choose another folder",
    errno.EEXIST: "a file stands where a folder should be: choose another folder",
    errno.ENOENT: "the folder cannot be made there: choose another folder",
    errno.EISDIR: "a folder stands where the file should be: remove it or choose another folder",
}


def machine_cache() -> Path:
    """$VIVIDPRINT_CACHE, else $XDG_CACHE_HOME/vividprint, else ~/.cache/vividprint."""
    if env := os.environ.get("VIVIDPRINT_CACHE"):
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "vividprint"


def private_folder(folder: Path) -> bool:
    """Whether `folder` (made if need be, 0700) is this user's alone: owned by them and writable by
    nobody else. What runs code when loaded (pickles, compiled templates) is kept only in such a folder:
    a cache that another user could write to would let them run code as this one."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        stat = folder.stat()
    except OSError:
        return False
    return stat.st_uid == os.getuid() and not stat.st_mode & 0o022


def own_file(path: Path) -> bool:
    """Whether `path` was written by this user and may be written by nobody else."""
    try:
        stat = path.stat()
    except OSError:
        return False
    return stat.st_uid == os.getuid() and not stat.st_mode & 0o022


def write_atomic(target: Path, data: bytes, scratch: Path | None = None) -> None:
    """Write `data` to `target` whole or not at all (see the module's docstring); `scratch`, where the
    temporary file goes if it is on the target's file system."""
    with user_error(target):
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = temp_path(target, scratch)
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666)
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, target)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise


def check_folder(folder: Path) -> None:
    """Raise a VividError now, before a build renders anything, if `folder` cannot be made or written:
    a file stands on its way, or its nearest existing folder is not ours to write."""
    existing = folder
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        reason = "a file stands where a folder should be: choose another folder"
    elif not os.access(existing, os.W_OK | os.X_OK):
        reason = "permission denied: choose a folder you may write to"
    else:
        return
    raise VividError.one(str(folder), "", f"cannot be written: {reason} ({existing})")


def temp_path(target: Path, scratch: Path | None = None) -> Path:
    """A new temporary name for `target`: in `scratch` if that is on the same file system (a rename
    cannot cross one), else hidden beside the target."""
    name = f".{target.name[:80]}.{_HOST}.{os.getpid()}.{secrets.token_hex(4)}{TEMP_MARK}"
    if scratch is not None:
        with contextlib.suppress(OSError):
            scratch.mkdir(parents=True, exist_ok=True)
            if scratch.stat().st_dev == target.parent.stat().st_dev:
                return scratch / name
    return target.parent / name


def make_temp_dir(target: Path, scratch: Path | None = None) -> Path:
    """A new empty folder to fill and then rename to `target` (see temp_path), with the umask's mode."""
    with user_error(target):
        target.parent.mkdir(parents=True, exist_ok=True)
        folder = temp_path(target, scratch)
        folder.mkdir(0o777)
        return folder


def replace_folder(staging: Path, folder: Path) -> None:
    """Put the complete folder `staging` in `folder`'s place. Where the system can, the two are swapped
    in one step and the old one removed after: at no moment is there no folder by that name."""
    with user_error(folder):
        if folder.is_dir() and _exchange(staging, folder):
            shutil.rmtree(staging, ignore_errors=True)  # now the old folder
            return
        if folder.exists():
            old = temp_path(folder, staging.parent)
            os.replace(folder, old)
            os.replace(staging, folder)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(staging, folder)


def _exchange(a: Path, b: Path) -> bool:
    """renameat2(RENAME_EXCHANGE), Linux's atomic swap of two names; False where it is not to be had."""
    try:
        renameat2 = _libc().renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    done = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0
    return done


@functools.cache
def _libc() -> ctypes.CDLL:
    return ctypes.CDLL(None, use_errno=True)


def clean_stale(*folders: Path) -> None:
    """Remove what killed builds left in `folders`: temporary files and folders whose process is gone."""
    for folder in folders:
        try:
            entries = list(folder.iterdir())
        except OSError:
            continue
        for entry in entries:
            if not entry.name.endswith(TEMP_MARK) or _alive(entry):
                continue
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)


def _alive(entry: Path) -> bool:
    """Whether the build that made the temporary `entry` may still be writing it."""
    parts = entry.name.removesuffix(TEMP_MARK).split(".")
    try:
        host, pid = parts[-3], int(parts[-2])
    except (ValueError, IndexError):
        return False
    if host != _HOST:  # another machine's build, on a shared drive: its processes are not seen from here
        try:
            return time.time() - entry.lstat().st_mtime < STALE_ELSEWHERE
        except OSError:
            return False
    if pid == os.getpid():
        return True  # another thread of this process (the build server serves several at once)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextlib.contextmanager
def output_lock(folder: Path, waiting: Callable[[], None]) -> Iterator[None]:
    """Hold the lock on the output folder `folder` for the length of the block: two builds writing the
    same outputs take turns (the outputs and the record of what was written must agree). `waiting` is
    called when another build holds it, before this one waits its turn."""
    with user_error(folder):
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(folder, os.O_RDONLY | os.O_CLOEXEC)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            waiting()
            fcntl.flock(fd, fcntl.LOCK_EX)
        except OSError:
            pass  # a file system without locks (some network drives): write without
        yield
    finally:
        os.close(fd)  # releases the lock


@contextlib.contextmanager
def user_error(path: Path) -> Iterator[None]:
    """An OSError of the place written to becomes a VividError naming `path`."""
    try:
        yield
    except OSError as exc:
        if (error := as_user_error(exc, path)) is None:
            raise
        raise error from None


def as_user_error(exc: OSError, path: Path | None = None) -> VividError | None:
    """The VividError for an OSError that the place written to explains (full, read-only, not ours), naming
    `path` or else the file the error names; None for any other."""
    if exc.errno not in _USER_ERRNOS:
        return None
    named = exc.filename if isinstance(exc.filename, str) and TEMP_MARK not in exc.filename else None
    where = str(path) if path is not None else named or "a temporary file"
    detail = f"{os.strerror(exc.errno)}: {named or where}"
    return VividError.one(where, "", f"cannot be written: {_USER_ERRNOS[exc.errno]} ({detail})")


@functools.cache
def code_digest() -> str:
    """A digest of vividprint's own source: what other code rendered or wrote is not taken for its own
    (a version number alone does not change while the code is being worked on)."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.rglob("*.py")):
        digest.update(path.relative_to(Path(__file__).parent).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]
