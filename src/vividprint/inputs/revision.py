"""The source revision of an issue folder kept in git, for the proof's slug."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterable
from pathlib import Path

GIT_SECONDS = 10  # a repository on a slow disk still answers; a hung one does not hold the build


def source_revision(folder: Path, leave_out: Iterable[Path] = ()) -> str | None:
    """'1a2b3c4', with ' dirty' when the folder has changes not committed, or None when the folder is
    not in a git repository (or git is not installed). `leave_out`: folders vividprint writes into
    the issue (its cache, the output), whose files are not the issue's changes."""
    git = shutil.which("git")
    if git is None:
        return None
    env = {**os.environ, "LC_ALL": "C", "GIT_OPTIONAL_LOCKS": "0"}  # status must not take the index lock
    try:
        head = subprocess.run(
            [git, "-C", str(folder), "rev-parse", "--short", "HEAD"],
            capture_output=True, text=True, timeout=GIT_SECONDS, env=env,
        )  # fmt: skip
        if head.returncode != 0 or not head.stdout.strip():
            return None
        excluded = []
        for path in leave_out:
            resolved, root = path.resolve(), folder.resolve()
            if resolved.is_relative_to(root) and resolved != root:
                excluded.append(f":(exclude){resolved.relative_to(root).as_posix()}")
        status = subprocess.run(
            [git, "-C", str(folder), "status", "--porcelain", "--", ".", *excluded],
            capture_output=True, text=True, timeout=GIT_SECONDS, env=env,
        )  # fmt: skip
    except (OSError, subprocess.TimeoutExpired):
        return None
    revision = head.stdout.strip()
    if status.returncode != 0:
        return revision
    return f"{revision} dirty" if status.stdout.strip() else revision
