"""Writing issue.toml: a new manifest from the template beside this file, and one more flatplan slot
appended to a manifest a person wrote, leaving every byte of theirs as it was."""

from __future__ import annotations

import datetime as dt
import json
import re
import tomllib
from pathlib import Path
from string import Template
from typing import Any

TEMPLATE = Path(__file__).with_name("issue.toml")
#: A name that is safe as a file name, a TOML value and a URL alike: `interview`, `city-hall-2`.
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def quoted(text: str) -> str:
    """`text` as a TOML basic string (JSON's string syntax is a subset of it) or a YAML double-quoted
    scalar: the same escapes serve both."""
    return json.dumps(text, ensure_ascii=False)


def new_manifest(
    *,
    what: str,
    folder: str,
    magazine: str,
    number: str,
    date: dt.date,
    language: str,
    layout: str,
    title: str,
    story: str,
) -> str:
    return Template(TEMPLATE.read_text(encoding="utf-8")).substitute(
        what=what,
        folder=folder,
        magazine=quoted(magazine),
        number=quoted(number),
        date=date.isoformat(),
        language=quoted(language),
        layout=quoted(layout),
        title=quoted(title),
        story=story,
    )


def with_slot(manifest: str, article: str, template: str, pages: int) -> str:
    """The manifest with a `[[flatplan]]` table for `article` at its end. The person's text is kept
    byte for byte: a table at the end is the one edit that needs no understanding of their layout of
    the file (comments, blank lines, key order)."""
    newline = "\r\n" if "\r\n" in manifest else "\n"  # the file's own line ends
    ending = "" if manifest.endswith("\n") or not manifest else newline
    lines = ["", "[[flatplan]]", f"article = {quoted(article)}", f"template = {quoted(template)}", f"pages = {pages}"]
    return manifest + ending + newline.join(lines) + newline


def read_manifest(path: Path) -> dict[str, Any] | None:
    """The parsed manifest, or None when it cannot be read as TOML."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None


def sibling_issue(parent: Path, exclude: Path) -> tuple[Path, dict[str, Any]] | None:
    """The latest issue beside a new one (by its date, else by its folder's name): the magazine's name,
    language and layout are carried over from it, and its imprint."""
    found = []
    for folder in sorted(parent.iterdir()) if parent.is_dir() else []:
        if folder.resolve() == exclude.resolve() or not (folder / "issue.toml").is_file():
            continue
        data = read_manifest(folder / "issue.toml")
        meta = data.get("issue") if data else None
        if isinstance(meta, dict):
            date = meta.get("date")
            found.append((date if isinstance(date, dt.date) else dt.date.min, folder.name, folder, meta))
    if not found:
        return None
    *_, folder, meta = max(found, key=lambda item: (item[0], item[1]))
    return folder, meta


def layout_format(layout_toml: Path) -> tuple[tuple[float, float], float]:
    """The trim (mm) and bleed a layout gives its issues, for the placeholder advertisements."""
    data = read_manifest(layout_toml) or {}
    fmt = data.get("format") if isinstance(data.get("format"), dict) else {}
    trim = fmt.get("trim", [210, 297])
    bleed = fmt.get("bleed", 3)
    if not (isinstance(trim, list) and len(trim) == 2 and all(isinstance(v, int | float) for v in trim)):
        trim = [210, 297]
    return (float(trim[0]), float(trim[1])), float(bleed) if isinstance(bleed, int | float) else 3.0
