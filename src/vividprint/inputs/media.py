"""What load needs to know of an image or a supplied PDF: its size, read without decoding it whole."""

from __future__ import annotations

import re
import warnings
from pathlib import Path
from xml.etree import ElementTree

from PIL import Image as PILImage
from pypdf.errors import PdfReadError

from ..errors import Problems
from .files import World

MANIFEST = "issue.toml"
MM_PER_PT = 25.4 / 72
#: Larger images are refused: Pillow would only warn, and WeasyPrint would silently drop them.
MAX_IMAGE_PIXELS = 200_000_000


def image_size(path: Path, rel: str, file: str, place: str, problems: Problems) -> tuple[int, int] | None:
    """(width, height) in pixels (for SVG: its size in CSS px, which gives its shape), or None with the
    problem added."""
    if is_svg(path):
        size = svg_size(path)
        if size is None:
            problems.add(file, place, f"{rel!r} is not a readable SVG image (no <svg> element at its root)")
        return size
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


SVG_SUFFIXES = (".svg",)
_SVG_TAGS = ("svg", "{http://www.w3.org/2000/svg}svg")
_LENGTH = re.compile(r"^\s*(\d+(?:\.\d+)?|\.\d+)\s*(px|pt|pc|mm|cm|in)?\s*$")
_PX_PER = {"px": 1.0, "pt": 96 / 72, "pc": 16.0, "mm": 96 / 25.4, "cm": 96 / 2.54, "in": 96.0}
#: CSS's size for a replaced element that says nothing of its own.
DEFAULT_SVG_PX = (300, 150)


def is_svg(path: Path) -> bool:
    return path.suffix.lower() in SVG_SUFFIXES


def svg_size(path: Path) -> tuple[int, int] | None:
    """An SVG's size in CSS px from its root's width and height, else its viewBox; None if the file's root
    is no <svg>. Only the root element is read."""
    try:
        for _, element in ElementTree.iterparse(path, events=("start",)):
            if element.tag not in _SVG_TAGS:
                return None
            width, height = _svg_length(element.get("width")), _svg_length(element.get("height"))
            box = [float(v) for v in re.split(r"[\s,]+", (element.get("viewBox") or "").strip()) if v][:4]
            ratio = box[3] / box[2] if len(box) == 4 and box[2] > 0 and box[3] > 0 else None
            if not (width and height):
                width, height = _fill_in(width, height, box, ratio)
            return max(1, round(width)), max(1, round(height))
    except (ElementTree.ParseError, OSError, ValueError):
        return None
    return None


def _fill_in(width: float | None, height: float | None, box: list[float], ratio: float | None) -> tuple[float, float]:
    """A size from what an SVG's root gives: one side and the viewBox's shape, the viewBox, or CSS's default."""
    if ratio and width:
        return width, width * ratio
    if ratio and height:
        return height / ratio, height
    if ratio:
        return box[2], box[3]
    return DEFAULT_SVG_PX


def _svg_length(value: str | None) -> float | None:
    match = _LENGTH.match(value or "")
    if not match or float(match[1]) <= 0:
        return None  # missing, a percentage or a unit that depends on fonts: the viewBox decides
    return float(match[1]) * _PX_PER[match[2] or "px"]
