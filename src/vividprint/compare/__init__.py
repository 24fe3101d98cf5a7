"""What changed between two proof rounds of an issue: `diff_pdfs(old, new) -> Diff`, plain data.

Pages are matched by content and label in order (match.py), matched pages compared as pictures
(regions.py) and as words (words.py); `write_outputs` writes the side-by-side PDF (sheet.py) and
diff.json (report.py). It reads only the two PDFs: a proof of any origin can be compared.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from .match import Pair, match_pages
from .reading import Box, Proof
from .regions import DPI, PixelBox, changed_regions
from .words import word_changes

__all__ = ["DPI", "Diff", "PageDiff", "diff_pdfs"]

Status = Literal["unchanged", "changed", "moved", "inserted", "removed"]
FOLIO_MARGIN = 1.5  # pt around a folio's glyphs that the picture comparison leaves out with it


@dataclass(frozen=True)
class PageDiff:
    """One page of either proof. `moved`: the same content at another place or under another label
    (pages after an insertion); `changed`: matched, with regions or words that differ."""

    status: Status
    old_index: int | None  # from 0, as pypdf counts; None for an inserted page
    new_index: int | None  # None for a removed page
    old_label: str | None
    new_label: str | None
    regions: list[Box] = field(default_factory=list)  # PDF points on the new page
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Diff:
    old: Path
    new: Path
    old_count: int
    new_count: int
    pages: list[PageDiff]  # in the new proof's order, a removed page where it stood

    @property
    def changed(self) -> bool:
        return any(page.status != "unchanged" for page in self.pages)

    def count(self, status: Status) -> int:
        return sum(1 for page in self.pages if page.status == status)


def diff_pdfs(old: Path, new: Path, *, dpi: float = DPI) -> Diff:
    """Compare two PDFs page by page. Raises VividError naming each file that cannot be read."""
    old_proof, new_proof = Proof.open_all([old, new])
    with old_proof, new_proof:
        pages = [_page(old_proof, new_proof, pair, dpi) for pair in match_pages(old_proof, new_proof)]
        return Diff(old, new, len(old_proof), len(new_proof), pages)


def _page(old: Proof, new: Proof, pair: Pair, dpi: float) -> PageDiff:
    if pair.new is None:
        assert pair.old is not None
        return PageDiff("removed", pair.old, None, old.labels[pair.old], None, removed=old.text(pair.old).tokens)
    if pair.old is None:
        return PageDiff("inserted", None, pair.new, None, new.labels[pair.new], added=new.text(pair.new).tokens)
    i, j = pair.old, pair.new
    old_label, new_label = old.labels[i], new.labels[j]
    placed = "unchanged" if (i, old_label) == (j, new_label) else "moved"
    if old.digest(i) == new.digest(j):
        return PageDiff(placed, i, j, old_label, new_label)  # the same drawing: nothing to render
    old_text, new_text = old.text(i), new.text(j)
    words = word_changes(old_text.tokens, new_text.tokens, old_label, new_label)
    old_crop, new_crop = old.cropbox(i), new.cropbox(j)
    folio = [_pixels(box, old_crop, dpi) for k in words.old_folio for box in old.boxes(i, old_text.words[k])]
    folio += [_pixels(box, new_crop, dpi) for k in words.new_folio for box in new.boxes(j, new_text.words[k])]
    if _size(old_crop) != _size(new_crop):
        regions = [new_crop]  # another page size: the whole page is new, whatever its pixels say
    else:
        found = changed_regions(old.render(i, dpi), new.render(j, dpi), folio)
        regions = [_points(box, new_crop, dpi) for box in found]
    status: Status = "changed" if regions or words.added or words.removed else placed
    return PageDiff(status, i, j, old_label, new_label, regions, words.added, words.removed)


def _size(box: Box) -> tuple[float, float]:
    return round(box[2] - box[0], 1), round(box[3] - box[1], 1)


def _pixels(box: Box, crop: Box, dpi: float) -> PixelBox:
    """A box in PDF points (origin bottom left) as pixels of the page's rendering (origin top left)."""
    scale = dpi / 72
    x0, y0, x1, y1 = box[0] - FOLIO_MARGIN, box[1] - FOLIO_MARGIN, box[2] + FOLIO_MARGIN, box[3] + FOLIO_MARGIN
    return (
        int((x0 - crop[0]) * scale),
        int((crop[3] - y1) * scale),
        int((x1 - crop[0]) * scale) + 1,
        int((crop[3] - y0) * scale) + 1,
    )


def _points(box: PixelBox, crop: Box, dpi: float) -> Box:
    scale = 72 / dpi
    left, top, right, bottom = box
    return (
        round(crop[0] + left * scale, 2),
        round(crop[3] - bottom * scale, 2),
        round(crop[0] + right * scale, 2),
        round(crop[3] - top * scale, 2),
    )
