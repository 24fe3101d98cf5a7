"""Every picture decoded whole, once: what it is, or why it cannot be printed.

Reading an image's header tells its size, not whether the rest is there: a JPEG cut off by a failed
upload has a perfect header. WeasyPrint sets Pillow's `LOAD_TRUNCATED_IMAGES` for the whole process, so
such a picture would render with grey bands and no message. Here each picture is decoded to its last
pixel with that setting off, before anything else uses it, and what was found is kept by the file's
digest (in the process, and in the machine cache), so that a rebuild does not decode it again.

Only raster formats Pillow decodes itself are opened (never EPS or PDF, which Pillow hands to
Ghostscript), and a picture larger than the layout's limits is refused before it is decoded: its
pixels would have to fit in memory first.
"""

from __future__ import annotations

import contextlib
import json
import threading
from dataclasses import asdict, dataclass
from pathlib import Path

import PIL
from PIL import Image as PILImage
from PIL import ImageFile

from ..disk import machine_cache, write_atomic
from .files import World

#: Formats a picture may come in. Others (EPS, PDF, PSD ...) are refused by name.
FORMATS = ("JPEG", "PNG", "TIFF", "GIF", "WEBP", "BMP")
#: Pixel modes the image preparation (plan/images.py) turns into what each profile needs.
MODES = {
    "1": "1-bit",
    "L": "greyscale",
    "LA": "greyscale with alpha",
    "La": "greyscale with alpha",
    "P": "palette",
    "PA": "palette with alpha",
    "RGB": "RGB",
    "RGBA": "RGB with alpha",
    "RGBa": "RGB with alpha",
    "CMYK": "CMYK",
    "YCbCr": "YCbCr",
    "I": "32-bit greyscale",
    "I;16": "16-bit greyscale",
    "I;16B": "16-bit greyscale",
    "I;16L": "16-bit greyscale",
    "I;16N": "16-bit greyscale",
}
_ROTATED = (5, 6, 7, 8)  # EXIF orientations that turn the picture a quarter: width and height swap
_FORMAT = 1  # of the records kept in the machine cache
_decoding = threading.Lock()  # Pillow's settings are the process's: one strict decode at a time
_known: dict[str, Verdict] = {}


@dataclass(frozen=True)
class Verdict:
    """What decoding a picture found: its size as it will be shown (EXIF orientation applied)."""

    width: int
    height: int
    mode: str
    problem: str | None = None  # why it cannot be used; None when it can


def examine(world: World, path: Path, max_pixels: int) -> Verdict:
    """Decode the picture at `path` whole (or say why not), unless a picture with the same bytes was."""
    digest = world.digest(path)
    if (known := _known.get(digest)) is None:
        known = _recorded(digest)
    if known is None:
        known = _decode(path, max_pixels)
        if known.width * known.height <= max_pixels:  # a larger one was not decoded: nothing to keep
            _keep(digest, known)
    _known[digest] = known
    if known.width * known.height > max_pixels and known.problem is None:
        return Verdict(known.width, known.height, known.mode, _too_large(known, max_pixels))
    return known


def _decode(path: Path, max_pixels: int) -> Verdict:
    with _decoding:
        truncated, limit = ImageFile.LOAD_TRUNCATED_IMAGES, PILImage.MAX_IMAGE_PIXELS
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        PILImage.MAX_IMAGE_PIXELS = None  # the layout's limit is checked below, before decoding
        try:
            return _strictly(path, max_pixels)
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES, PILImage.MAX_IMAGE_PIXELS = truncated, limit


def _strictly(path: Path, max_pixels: int) -> Verdict:
    try:
        im = PILImage.open(path, formats=FORMATS)
    except PILImage.UnidentifiedImageError:
        return Verdict(0, 0, "", _unknown(path))
    except Exception as exc:  # a header no decoder makes sense of
        return Verdict(0, 0, "", f"is damaged: its header cannot be read ({_said(exc, path)}); export it again")
    with im:
        width, height = im.size
        if width * height > max_pixels:
            return Verdict(width, height, im.mode)
        if im.mode not in MODES:
            return Verdict(width, height, im.mode, _mode_refused(im.mode))
        if width < 1 or height < 1:
            return Verdict(width, height, im.mode, "has no pixels")
        try:
            im.load()
        except Exception as exc:  # what a damaged stream makes a decoder raise varies: OSError, SyntaxError ...
            return Verdict(width, height, im.mode, f"is damaged: {_said(exc, path)}; export or copy it again")
        try:
            orientation = im.getexif().get(0x0112, 1)
        except Exception:  # a damaged EXIF block: the picture is shown as stored
            orientation = 1
    if orientation in _ROTATED:
        width, height = height, width
    return Verdict(width, height, im.mode)


def _unknown(path: Path) -> str:
    head = path.read_bytes()[:8] if path.stat().st_size else b""
    if not head:
        return "is empty (0 bytes); copy the picture again"
    if head.startswith(b"%PDF"):
        return "is a PDF, not a picture; place it as a supplied page (pdf = ...) or export it as JPEG, PNG or TIFF"
    if head.startswith((b"%!PS", b"\xc5\xd0\xd3\xc6")):
        return "is EPS/PostScript, which is not read; export it as TIFF, PNG or JPEG"
    return "is not a picture vividprint reads; save it as JPEG, PNG or TIFF"


def _mode_refused(mode: str) -> str:
    kinds = {"F": "32-bit floating-point", "LAB": "Lab", "HSV": "HSV"}
    kind = kinds.get(mode, f"{mode!r}")
    return f"has {kind} pixels, which print cannot take; save it as 8- or 16-bit RGB, CMYK or greyscale"


def _too_large(verdict: Verdict, max_pixels: int) -> str:
    megapixels = verdict.width * verdict.height / 1e6
    return (
        f"is {verdict.width} x {verdict.height} pixels ({megapixels:.0f} megapixels), more than the layout's "
        f"limit of {max_pixels / 1e6:g} (images.max_megapixels); scale it down"
    )


def _said(exc: BaseException, path: Path) -> str:
    """An exception's message without the absolute path some of Pillow's carry."""
    text = str(exc).replace(str(path), path.name).strip() or type(exc).__name__
    return text[:200]


def _record_path(digest: str) -> Path:
    return machine_cache() / "pictures" / f"{digest[:40]}.json"


def _recorded(digest: str) -> Verdict | None:
    try:
        record = json.loads(_record_path(digest).read_text(encoding="utf-8"))
        if record.pop("format") != _FORMAT or record.pop("pillow") != PIL.__version__:
            return None
        return Verdict(**record)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _keep(digest: str, verdict: Verdict) -> None:
    record = {"format": _FORMAT, "pillow": PIL.__version__, **asdict(verdict)}
    # A cache that cannot be written costs a decode next time, nothing more.
    with contextlib.suppress(Exception):
        write_atomic(_record_path(digest), json.dumps(record).encode())
