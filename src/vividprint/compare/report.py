"""What `vividprint diff` writes and prints: diff.json, the side-by-side PDF, a short summary."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from rich.text import Text

from ..disk import write_atomic
from ..errors import VividError
from . import Diff, PageDiff
from .sheet import side_by_side

JSON_NAME = "diff.json"
SHEET_NAME = "side-by-side.pdf"
STYLE = {"changed": "yellow", "inserted": "green", "removed": "red", "moved": "cyan"}
SHOWN_WORDS = 6


def default_out(new: Path) -> Path:
    """Next to the new proof: `NEW-diff/`."""
    return new.with_name(f"{new.stem}-diff")


def write_outputs(diff: Diff, out_dir: Path) -> list[Path]:
    """diff.json, and the side-by-side PDF when a page changed, came or went (else an old one is
    removed: it would show a comparison that is no longer true). Each file is written whole or not at all."""
    if out_dir.exists() and not out_dir.is_dir():
        raise VividError.one(str(out_dir), "", "is a file, not a folder: choose another --out")
    sheet = side_by_side(diff)
    written = []
    try:
        write_atomic(out_dir / JSON_NAME, (json.dumps(as_json(diff), indent=2, ensure_ascii=False) + "\n").encode())
        written.append(out_dir / JSON_NAME)
        if sheet is None:
            (out_dir / SHEET_NAME).unlink(missing_ok=True)
        else:
            write_atomic(out_dir / SHEET_NAME, sheet)
            written.append(out_dir / SHEET_NAME)
    except OSError as exc:
        raise VividError.one(
            str(out_dir), "", f"cannot write the diff there ({exc.strerror}): choose another --out"
        ) from None
    return written


def as_json(diff: Diff) -> dict[str, object]:
    return {
        "old": {"path": str(diff.old), "pages": diff.old_count},
        "new": {"path": str(diff.new), "pages": diff.new_count},
        "changed": diff.changed,
        "counts": {status: diff.count(status) for status in ("changed", "inserted", "removed", "moved", "unchanged")},
        "pages": [
            {
                "status": page.status,
                "old_index": page.old_index,
                "old_label": page.old_label,
                "new_index": page.new_index,
                "new_label": page.new_label,
                "regions": [list(box) for box in page.regions],
                "words_added": page.added,
                "words_removed": page.removed,
            }
            for page in diff.pages
        ],
    }


def summary(diff: Diff) -> list[Text]:
    """One line per run of pages that changed in the same way, then the totals."""
    lines = [_line(run) for run in _runs(diff.pages) if run[0].status != "unchanged"]
    counts = ", ".join(
        f"{diff.count(status)} {status}"
        for status in ("changed", "inserted", "removed", "moved", "unchanged")
        if diff.count(status)
    )
    total = f"{diff.old} ({diff.old_count} pages) -> {diff.new} ({diff.new_count} pages): "
    lines.append(Text(total + (counts if diff.changed else "identical"), style="bold"))
    return lines


def _runs(pages: list[PageDiff]) -> Iterator[list[PageDiff]]:
    """Neighbouring pages with the same status and the same shift; every changed page on its own."""
    run: list[PageDiff] = []
    for page in pages:
        if run and page.status != "changed" and _continues(run[-1], page):
            run.append(page)
            continue
        if run:
            yield run
        run = [page]
    if run:
        yield run


def _continues(last: PageDiff, page: PageDiff) -> bool:
    if last.status != page.status or (last.old_label == last.new_label) != (page.old_label == page.new_label):
        return False
    steps = [
        (b - a) if a is not None and b is not None else None
        for a, b in ((last.old_index, page.old_index), (last.new_index, page.new_index))
    ]
    return all(step in (1, None) for step in steps)


def _span(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{names[0]}–{names[-1]}"


def _line(run: list[PageDiff]) -> Text:
    first, many = run[0], len(run) > 1
    noun = "pages" if many else "page"
    status = first.status
    old = _span([page.old_label or "" for page in run])
    new = _span([page.new_label or "" for page in run])
    if status == "inserted":
        words = f"{noun} {new} inserted"
    elif status == "removed":
        words = f"{noun} {old} removed"
    elif status == "moved" and old != new:
        words = f"{noun} {old} moved to {new}"
    elif status == "moved":
        before = _span([str((p.old_index or 0) + 1) for p in run])
        after = _span([str((p.new_index or 0) + 1) for p in run])
        words = f"{noun} {old} moved from place {before} to {after} of the proof"
    else:
        where = new if old == new else f"{old} (now {new})"
        words = f"page {where} changed: " + _changes(first)
    return Text(words, style=STYLE.get(status, ""))


def _changes(page: PageDiff) -> str:
    parts = [f"{len(page.regions)} region{'s' if len(page.regions) != 1 else ''}"]
    for sign, found in (("+", page.added), ("-", page.removed)):
        if found:
            shown = " ".join(found[:SHOWN_WORDS]) + (f" … ({len(found)} words)" if len(found) > SHOWN_WORDS else "")
            parts.append(f"{sign} {shown}")
    return "; ".join(parts)
