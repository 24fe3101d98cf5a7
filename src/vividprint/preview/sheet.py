"""The flatplan sheet of a proof: the issue as spreads at a glance, each page named by its slot, with the
findings of the build marked on their pages and the pages that changed since the last sheet.

`write_sheet` writes, beside the proof, `<name>-proof-sheet/`: `pages/NNN.png` (every page, from 000 in
the PDF's order), `index.html` (the sheet to open in a browser: the pages are the files beside it),
`sheet.png` (the same as one picture, to mail or print) and `sheet.json` (what both are drawn from; the
next sheet compares its pages with it). The live preview serves the same folder.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pypdf import PdfReader

from ..disk import write_atomic
from ..findings import Finding, findings
from ..options import CACHE_DIR, BuildOptions, BuildResult, CheckResult, SlotPages
from .page import page_html
from .picture import sheet_picture
from .thumbs import changes, prune, thumbnails

SHEET_JSON = "sheet.json"


@dataclass(frozen=True)
class Sheet:
    folder: Path
    data: dict[str, Any]  # as in sheet.json
    rendered: int  # pages rendered for it; the others came from the store
    store: Path  # the pictures of its pages by digest (thumbs.py)

    @property
    def changed(self) -> list[str]:
        return [page["label"] for page in self.data["pages"] if page["changed"]]


def sheet_folder(pdf: Path) -> Path:
    """`out/vivid-1-2026-proof.pdf` -> `out/vivid-1-2026-proof-sheet/`."""
    return pdf.with_name(f"{pdf.stem}-sheet")


def sheet_of(result: BuildResult, options: BuildOptions, stop: Callable[[], bool] = lambda: False) -> Sheet | None:
    """The sheet of a proof built with `options`, its warnings and typesetting notes on their pages."""
    cache_root = options.cache_dir or options.issue_dir / CACHE_DIR
    found = findings(CheckResult(warnings=result.warnings, typeset=result.typeset))
    return write_sheet(result, cache_root, found, options.edition, stop)


def write_sheet(
    result: BuildResult,
    cache_root: Path,
    found: Sequence[Finding],
    edition: str | None = None,
    stop: Callable[[], bool] = lambda: False,
) -> Sheet | None:
    """Write the sheet of a built proof; None, with the last sheet left as it was, when `stop` says so
    before the pages are all rendered."""
    folder = sheet_folder(result.output)
    # One store per sheet folder: sheets written elsewhere (another --out) keep pictures of their own.
    store = cache_root / "thumbs" / f"{folder.name}-{hashlib.sha256(str(folder.resolve()).encode()).hexdigest()[:12]}"
    reader = PdfReader(result.output)
    thumbs = thumbnails(result.output, reader, store, stop)
    if thumbs is None:
        return None
    last = _last(folder)
    before = {page["label"]: page["digest"] for page in last.get("pages", [])}
    regions = changes(thumbs, result.labels, before, store)
    slots = list(result.slots)
    owner = [i for i, slot in enumerate(slots) for _ in range(slot.count)]
    if len(owner) != len(thumbs):  # pages the plan did not foresee: one slot for all, rather than wrong names
        slots, owner = [SlotPages("issue", result.output.name, None, None, 0, len(thumbs), "right")], [0] * len(thumbs)
    sides = [_side(slots[owner[page]], page) for page in range(len(thumbs))]
    pages = [
        {
            "index": index,
            "label": label,
            "src": f"pages/{index:03d}.png",
            "digest": thumb.digest,
            "width": thumb.size[0],
            "height": thumb.size[1],
            "side": sides[index],
            "slot": owner[index],
            "changed": bool(regions[index]) and bool(before),
            "regions": [[round(v, 4) for v in box] for box in regions[index]] if before else [],
        }
        for index, (thumb, label) in enumerate(zip(thumbs, result.labels, strict=True))
    ]
    title = (reader.metadata.title if reader.metadata else None) or result.output.stem
    data = {
        "title": title,
        "edition": edition,
        "pdf": result.output.name,
        "pages": pages,
        "slots": [_slot(slot) for slot in slots],
        "spreads": spreads(sides),
        "findings": [finding.as_dict() for finding in found],
        "summary": result.typeset_summary,
    }
    old = {page["index"]: page["digest"] for page in last.get("pages", [])}
    for page, thumb in zip(pages, thumbs, strict=True):
        target = folder / page["src"]
        if old.get(page["index"]) != thumb.digest or not target.exists():
            write_atomic(target, thumb.path.read_bytes())
    for stale in (folder / "pages").glob("*.png"):
        if not stale.stem.isdigit() or int(stale.stem) >= len(pages):
            stale.unlink()
    write_atomic(folder / "index.html", page_html({"round": 0, "editions": [edition_view(data, "")]}))
    write_atomic(folder / "sheet.png", sheet_picture(data, [thumb.small for thumb in thumbs]))
    write_atomic(folder / SHEET_JSON, json.dumps(data, indent=1, ensure_ascii=False).encode())
    prune(store, {thumb.digest for thumb in thumbs} | set(before.values()))
    return Sheet(folder, data, sum(thumb.rendered for thumb in thumbs), store)


def edition_view(sheet: dict[str, Any] | None, base: str, errors: Sequence[dict[str, str]] = ()) -> dict[str, Any]:
    """One edition as the page shows it: its last good sheet, where its files are, a failed round's errors."""
    return {"sheet": sheet, "base": base, "errors": list(errors)}


def spreads(sides: Sequence[str]) -> list[list[int]]:
    """Pages as they face each other: a left page with the right one after it; a page alone where it has
    no partner (U1 on the right, U4 on the left)."""
    groups: list[list[int]] = []
    for index, side in enumerate(sides):
        if side == "right" and groups and len(groups[-1]) == 1 and sides[groups[-1][0]] == "left":
            groups[-1].append(index)
        else:
            groups.append([index])
    return groups


def name_of(slot: SlotPages) -> str:
    """What a designer calls a slot: its article's title, else its template, else the supplied file."""
    return slot.title or slot.template or Path(slot.source).name


def _slot(slot: SlotPages) -> dict[str, Any]:
    return {
        "key": slot.key,
        "name": name_of(slot),
        "source": slot.source,
        "template": slot.template,
        "title": slot.title,
        "first": slot.first,
        "count": slot.count,
    }


def _side(slot: SlotPages, page: int) -> str:
    flip = (page - slot.first) % 2 == 1
    return {"left": "right", "right": "left"}[slot.side] if flip else slot.side


def _last(folder: Path) -> dict[str, Any]:
    """The sheet written before, or nothing when there is none or it cannot be read."""
    try:
        data = json.loads((folder / SHEET_JSON).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    pages = data.get("pages") if isinstance(data, dict) else None
    keys = {"index": int, "label": str, "digest": str}
    if not isinstance(pages, list) or not all(
        isinstance(page, dict) and all(isinstance(page.get(k), t) for k, t in keys.items()) for page in pages
    ):
        return {}
    return data
