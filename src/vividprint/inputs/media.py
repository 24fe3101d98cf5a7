"""What load needs to know of an image or a supplied PDF: its size, read without decoding it whole."""

from __future__ import annotations

import warnings
from pathlib import Path

from PIL import Image as PILImage
from pypdf.errors import PdfReadError

from ..errors import Problems
from .files import World

MANIFEST = "issue.toml"
MM_PER_PT = 25.4 / 72
#: Larger images are refused: Pillow would only warn, and WeasyPrint would silently drop them.
MAX_IMAGE_PIXELS = 200_000_000


def image_size(path: Path, rel: str, file: str, place: str, problems: Problems) -> tuple[int, int] | None:
    """(width, height) in pixels, or None with the problem added."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            with PILImage.open(path) as im:
                width, height = im.size
    except (PILImage.DecompressionBombWarning, PILImage.DecompressionBombError):
        problems.add(file, place, f"{rel!r} is too large to process; reduce it below 200 megapixels")
        return None
    except (OSError, SyntaxError) as exc:
        problems.add(file, place, f"{rel!r} is not a readable image ({exc})")
        return None
    if width * height > MAX_IMAGE_PIXELS:
        problems.add(file, place, f"{rel!r} is too large to process; reduce it below 200 megapixels")
        return None
    return width, height


def pdf_pages(
    world: World, path: Path, rel: str, place: str, problems: Problems
) -> tuple[tuple[tuple[float, float], ...], tuple[float, ...]] | None:
    """Each page's trim size and bleed in millimetres, or None with the problem added."""
    try:
        reader = world.pdf(path)
        sizes = tuple(_trim_size_mm(page) for page in reader.pages)
        bleeds = tuple(_bleed_mm(page) for page in reader.pages)
    except (PdfReadError, OSError, ValueError) as exc:
        problems.add(MANIFEST, place, f"{rel!r} is not a readable PDF ({exc})")
        return None
    if not sizes:
        problems.add(MANIFEST, place, f"{rel!r} has no pages")
        return None
    return sizes, bleeds


def _trim_size_mm(page) -> tuple[float, float]:
    box = page.trimbox
    return (round(float(box.width) * MM_PER_PT, 2), round(float(box.height) * MM_PER_PT, 2))


def _bleed_mm(page) -> float:
    """How far the page's content reaches beyond its trim on the narrowest side."""
    trim, media = page.trimbox, page.mediabox
    margins = (
        float(trim.left) - float(media.left),
        float(trim.bottom) - float(media.bottom),
        float(media.right) - float(trim.right),
        float(media.top) - float(trim.top),
    )
    return round(max(0.0, min(margins)) * MM_PER_PT, 2)
