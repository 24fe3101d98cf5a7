"""Every page of a proof as a PNG, kept by what the page draws, and what changed since the last round.

A page is rendered only when its drawing is new: the key is the digest of its content (compare/digest.py),
which a page rebuilt from the same parts keeps although the PDF was assembled anew. What counts as a
change is decided by the pictures, not the digests: pages whose bytes differ but whose pixels agree (an
image stream written again) are not marked. Pages are rendered at their TrimBox, as the reader sees them.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image
from pypdf import PdfReader

from ..compare.digest import page_digest
from ..compare.regions import changed_regions
from ..disk import write_atomic

DPI = 96  # a page large on a screen; rendering costs the same at 72 (decoding the pictures is most of it)
SMALL_WIDTH = 110  # px: the page in sheet.png, kept beside the large one so that the sheet decodes no page
PNG_LEVEL = 3  # measured on the example: half the time of the default level for 7 % more bytes

Region = tuple[float, float, float, float]  # left, top, right, bottom as fractions of the page


@dataclass(frozen=True)
class Thumb:
    digest: str
    path: Path  # in the store, named by the digest
    size: tuple[int, int]  # pixels
    rendered: bool  # made in this round, not found in the store

    @property
    def small(self) -> Path:
        return self.path.with_name(f"{self.path.stem}-small.png")


def thumbnails(
    pdf: Path, reader: PdfReader, store: Path, stop: Callable[[], bool] = lambda: False
) -> list[Thumb] | None:
    """A picture of every page of `pdf` (open in `reader`), from `store` where it has one; None when `stop`
    says so between two renderings (a newer round is waiting)."""
    digests = [page_digest(page)[:32] for page in reader.pages]
    thumbs: list[Thumb] = []
    document: pdfium.PdfDocument | None = None
    try:
        for index, digest in enumerate(digests):
            path = store / f"{digest}-{DPI}.png"
            if path.exists() and path.with_name(f"{path.stem}-small.png").exists():
                with Image.open(path) as known:  # reads the header only
                    thumbs.append(Thumb(digest, path, known.size, rendered=False))
                continue
            if stop():
                return None
            document = document or pdfium.PdfDocument(pdf)
            picture = _render(document[index])
            thumb = Thumb(digest, path, picture.size, rendered=True)
            small = picture.resize(
                (SMALL_WIDTH, round(SMALL_WIDTH * picture.height / picture.width)), Image.Resampling.LANCZOS
            )
            write_atomic(thumb.small, _png(small))
            write_atomic(path, _png(picture))
            thumbs.append(thumb)
    finally:
        if document is not None:
            document.close()
    return thumbs


def _png(picture: Image.Image) -> bytes:
    data = io.BytesIO()
    picture.save(data, "PNG", compress_level=PNG_LEVEL)
    return data.getvalue()


def _render(page: pdfium.PdfPage) -> Image.Image:
    left, bottom, right, top = page.get_cropbox()
    trim = page.get_trimbox()
    # The slug and marks of a proof lie outside the trim: they are not the page, and a build time
    # printed there would make every page differ from the last round.
    crop = (max(0, trim[0] - left), max(0, trim[1] - bottom), max(0, right - trim[2]), max(0, top - trim[3]))
    return page.render(scale=DPI / 72, crop=crop).to_pil().convert("RGB")


def changes(thumbs: list[Thumb], labels: tuple[str, ...], before: Mapping[str, str], store: Path) -> list[list[Region]]:
    """For each page, the regions that differ from the page of the same label in the last round (`before`:
    label -> digest); the whole page for one that is new; none for one that draws the same."""
    found: list[list[Region]] = []
    for thumb, label in zip(thumbs, labels, strict=True):
        old_digest = before.get(label)
        if old_digest == thumb.digest:
            found.append([])
            continue
        old_path = store / f"{old_digest}-{DPI}.png"
        if old_digest is None or not old_path.exists():
            found.append([(0.0, 0.0, 1.0, 1.0)])
            continue
        with Image.open(old_path) as old, Image.open(thumb.path) as new:
            old_rgb, new_rgb = old.convert("RGB"), new.convert("RGB")
        width, height = new_rgb.size
        boxes = changed_regions(old_rgb, new_rgb)
        found.append([(x0 / width, y0 / height, x1 / width, y1 / height) for x0, y0, x1, y1 in boxes])
    return found


def prune(store: Path, keep: set[str]) -> None:
    """Remove the pictures of pages that neither this round nor the last one has."""
    for path in store.glob(f"*-{DPI}*.png"):
        if path.name.split("-")[0] not in keep:
            path.unlink(missing_ok=True)
