"""What load needs to know of an image or a supplied PDF: its size, and that it can be used."""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree import ElementTree

from ..errors import Problems
from .files import World
from .model import ImageLimits
from .pictures import examine

MANIFEST = "issue.toml"
MM_PER_PT = 25.4 / 72
#: Larger supplied PDFs are refused unread: a whole issue's print PDF is a few hundred megabytes.
MAX_PDF_BYTES = 2_000_000_000


def image_size(
    world: World, path: Path, rel: str, file: str, place: str, problems: Problems, limits: ImageLimits
) -> tuple[int, int] | None:
    """(width, height) in pixels as shown (for SVG: its size in CSS px, which gives its shape), or None
    with the problem added. Every raster picture is decoded whole (inputs/pictures.py)."""
    size = path.stat().st_size
    if size > limits.max_megabytes * 1e6:
        problems.add(
            file,
            place,
            f"{rel!r} is {size / 1e6:.0f} MB, more than the layout's limit of {limits.max_megabytes:g} MB "
            "(images.max_megabytes); a picture for print is far smaller: export it again",
        )
        return None
    if is_svg(path):
        svg = svg_size(path)
        if svg is None:
            problems.add(file, place, f"{rel!r} is not a readable SVG image (no <svg> element at its root)")
        return svg
    verdict = examine(world, path, round(limits.max_megapixels * 1e6))
    if verdict.problem is not None:
        problems.add(file, place, f"{rel!r} {verdict.problem}")
        return None
    return verdict.width, verdict.height


def pdf_pages(
    world: World, path: Path, rel: str, place: str, problems: Problems
) -> tuple[tuple[tuple[float, float], ...], tuple[float, ...]] | None:
    """Each page's trim size and bleed in millimetres, or None with the problem added."""
    if (size := path.stat().st_size) > MAX_PDF_BYTES:
        problems.add(MANIFEST, place, f"{rel!r} is {size / 1e9:.1f} GB; a supplied PDF is far smaller: export it again")
        return None
    try:
        reader = world.pdf(path)
        sizes = tuple(_trim_size_mm(page) for page in reader.pages)
        bleeds = tuple(_bleed_mm(page) for page in reader.pages)
    except Exception as exc:  # pypdf raises what a damaged file makes its parser raise
        problems.add(MANIFEST, place, f"{rel!r} is not a readable PDF ({type(exc).__name__}: {exc}); export it again")
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
