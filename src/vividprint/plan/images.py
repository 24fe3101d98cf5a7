"""Images prepared for a profile with Pillow before WeasyPrint sees them.

WeasyPrint embeds what it is given: a 30-megapixel photo placed at postcard size would make the PDF
huge, and an RGB photo would put RGB into a print PDF. So each image is scaled once to what the page
needs, converted to the profile's colours and kept in the cache by content hash. For print that means
(plan/colours.py): RGB to the paper's CMYK through its ICC profile; greyscale pictures to the black
plate alone (a grey JPEG, DeviceGray in the PDF), never to a four-colour grey; CMYK pictures measured
against the layout's ink limit and, above it, separated again through the profile or refused, as the
layout says. WeasyPrint passes JPEG data through untouched, so what is prepared here is exactly what is
printed.

SVG images are drawn by WeasyPrint as they are, in RGB: proofs show them; print takes none (the check
stage says so), and renders a blank stand-in meanwhile so that every other problem still comes to light.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Literal

from PIL import Image as PILImage
from PIL import ImageOps

from ..disk import write_atomic
from ..inputs.files import World
from ..inputs.media import is_svg, svg_size
from ..inputs.model import Image
from .colours import (
    Conversion,
    eight_bit,
    flatten,
    is_grey,
    limit_ink,
    peak_ink,
    rgb_to_cmyk,
    to_black_plate,
    within_ink,
)

MM_PER_INCH = 25.4
#: Rounds of encoding a CMYK picture so that no pixel ends above the ink limit: JPEG's rounding can lift
#: a pixel a few percent above what was encoded, and each round lowers the target by what it overshot.
INK_ROUNDS = 4

ColourKind = Literal["rgb", "cmyk", "grey", "svg"]


@dataclass(frozen=True)
class ImageSpec:
    long_side: int  # pixels at most
    quality: int
    cmyk_profile: Path | None = None  # convert to CMYK through this profile
    intent: str = "relative-colorimetric"
    black_point_compensation: bool = True
    max_ink: float = 300  # percent: a CMYK picture above it is separated again, or refused
    over_ink: Literal["convert", "refuse"] = "convert"

    def key(self) -> str:
        icc = "rgb"
        if self.cmyk_profile:
            stat = self.cmyk_profile.stat()
            icc = _file_digest(self.cmyk_profile, stat.st_mtime_ns, stat.st_size)
        return (
            f"{self.long_side}|{self.quality}|{icc}|{self.intent}|{self.black_point_compensation}|"
            f"{self.max_ink:g}|{self.over_ink}|v4"
        )

    def conversion(self) -> Conversion:
        assert self.cmyk_profile is not None
        return Conversion(self.cmyk_profile, self.intent, self.black_point_compensation)


@dataclass(frozen=True)
class Prepared:
    """A prepared file and what preparing it found of its colours."""

    path: Path
    colour: ColourKind  # of the original: what it is as supplied
    peak_ink: float | None = None  # CMYK originals: the highest total of their four inks, percent
    converted_ink: float | None = None  # separated again to keep within the limit: the highest after


@functools.lru_cache(maxsize=8)
def _file_digest(path: Path, mtime_ns: int, size: int) -> str:
    """The ICC profile's digest, read once per process rather than once per image, and again when the
    file changes under a process that lives on (watch, the build server)."""
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def max_pixels(page_mm: tuple[float, float], ppi: int) -> int:
    """The longest side an image can usefully have: the page's longest side at `ppi`."""
    return round(max(page_mm) / MM_PER_INCH * ppi)


def prepare_image(source: Path, cache_dir: Path, spec: ImageSpec) -> Prepared:
    """The image as the profile needs it, cached by content, with what was found of its colours.

    An RGB JPEG that is already small enough and upright is used as it is in RGB profiles: decoding and
    encoding it again would only cost time and quality. The same holds for CMYK JPEGs within the ink
    limit in print (measured once, the measure kept in the cache).
    """
    print_ = spec.cmyk_profile is not None
    if is_svg(source):
        # Print takes no SVG: a blank stand-in of its shape keeps the layout as it would be.
        return _svg_stand_in(source, cache_dir) if print_ else Prepared(source, "svg")
    with PILImage.open(source) as im:
        as_is = im.format == "JPEG" and max(im.size) <= spec.long_side and im.getexif().get(0x0112, 1) == 1
        if as_is and im.mode == "RGB" and not print_:
            return Prepared(source, "rgb")
    data = source.read_bytes()
    key = hashlib.sha256(data + spec.key().encode()).hexdigest()[:32]
    if (known := _recorded(cache_dir, key, source)) is not None:
        return known
    with PILImage.open(io.BytesIO(data)) as im:
        peak = peak_ink(im) if im.mode == "CMYK" else None  # of the original, as it was supplied
        if as_is and print_ and peak is not None and (peak <= spec.max_ink or spec.over_ink == "refuse"):
            return _record(cache_dir, key, Prepared(source, "cmyk", peak))
        im = eight_bit(ImageOps.exif_transpose(im))
        if max(im.size) > spec.long_side:
            # CMYK is scaled by averaging alone: a sharpening filter overshoots at edges, and a shadow
            # within the ink limit would come out above it.
            resample = PILImage.Resampling.BILINEAR if im.mode == "CMYK" else PILImage.Resampling.LANCZOS
            im.thumbnail((spec.long_side, spec.long_side), resample)
        buf = io.BytesIO()
        prepared = _for_print(im, spec, buf, peak) if print_ else _for_screen(im, spec, buf, peak)
    target = cache_dir / f"{key}{prepared.path.suffix}"
    write_atomic(target, buf.getvalue())
    return _record(cache_dir, key, replace(prepared, path=target))


def _for_print(im: PILImage.Image, spec: ImageSpec, buf: io.BytesIO, peak: float | None) -> Prepared:
    """Encode `im` into `buf` for the paper (the path in the answer names only the suffix)."""
    to = spec.conversion()
    if im.mode == "CMYK":
        assert peak is not None
        if peak <= spec.max_ink:
            _encode_within(im, spec, buf)  # JPEG's rounding must not carry it over the limit either
            return Prepared(Path(".jpg"), "cmyk", peak)
        if spec.over_ink == "refuse":  # the check stage refuses it, naming it
            im.save(buf, "JPEG", quality=spec.quality, optimize=True)
            return Prepared(Path(".jpg"), "cmyk", peak)
        return Prepared(Path(".jpg"), "cmyk", peak, _encode_within(within_ink(im, to, spec.max_ink), spec, buf))
    im = flatten(im)
    if is_grey(im):
        to_black_plate(im, to).save(buf, "JPEG", quality=spec.quality, optimize=True)
        return Prepared(Path(".jpg"), "grey")
    rgb_to_cmyk(im, to).save(buf, "JPEG", quality=spec.quality, optimize=True)
    return Prepared(Path(".jpg"), "rgb")


def _encode_within(im: PILImage.Image, spec: ImageSpec, buf: io.BytesIO) -> float:
    """Encode a CMYK picture as JPEG with no pixel above the ink limit once decoded; the highest total."""
    target = spec.max_ink
    for _ in range(INK_ROUNDS):
        buf.seek(0)
        buf.truncate()
        limit_ink(im, target).save(buf, "JPEG", quality=spec.quality, optimize=True)
        with PILImage.open(io.BytesIO(buf.getvalue())) as written:
            got = peak_ink(written)
        if got <= spec.max_ink:
            break
        target -= got - spec.max_ink + 0.5
    return got


def _for_screen(im: PILImage.Image, spec: ImageSpec, buf: io.BytesIO, peak: float | None) -> Prepared:
    """Encode `im` into `buf` in RGB; `peak` is kept: a proof warns of what print will do with it."""
    colour: ColourKind = "cmyk" if im.mode == "CMYK" else "rgb"
    has_alpha = im.mode in ("RGBA", "LA") or (im.mode == "P" and "transparency" in im.info)
    if has_alpha:
        im.convert("RGBA").save(buf, "PNG", optimize=True)
        return Prepared(Path(".png"), colour)
    (im if im.mode == "RGB" else im.convert("RGB")).save(buf, "JPEG", quality=spec.quality, optimize=True)
    return Prepared(Path(".jpg"), colour, peak)


def _record(cache_dir: Path, key: str, prepared: Prepared) -> Prepared:
    """Keep what was found beside the prepared file: the next build finds both without decoding."""
    record = {k: v for k, v in asdict(prepared).items() if k != "path"}
    record["file"] = prepared.path.name if prepared.path.parent == cache_dir else ""
    write_atomic(cache_dir / f"{key}.json", json.dumps(record).encode())
    return prepared


def _recorded(cache_dir: Path, key: str, source: Path) -> Prepared | None:
    try:
        record = json.loads((cache_dir / f"{key}.json").read_text(encoding="utf-8"))
        path = cache_dir / record["file"] if record["file"] else source
        if not path.is_file():
            return None
        return Prepared(path, record["colour"], record["peak_ink"], record["converted_ink"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _svg_stand_in(source: Path, cache_dir: Path) -> Prepared:
    width, height = svg_size(source) or (100, 100)
    scale = 64 / max(width, height)
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    buf = io.BytesIO()
    PILImage.new("L", size, 255).save(buf, "JPEG")
    target = cache_dir / f"svg-{size[0]}x{size[1]}.jpg"
    if not target.is_file():
        write_atomic(target, buf.getvalue())
    return Prepared(target, "svg")


IMAGE_SCHEME = "vividprint-image"


@dataclass(frozen=True)
class PreparedImage:
    path: Path  # the file WeasyPrint embeds: the prepared copy, or the original where it fits as it is
    url: str  # how the HTML names it
    colour: ColourKind = "rgb"  # of the original
    peak_ink: float | None = None  # CMYK originals: the highest total of their inks, percent
    converted_ink: float | None = None  # separated again to keep within the ink limit: the highest after


class ImagePreparer:
    """Every image of a plan, prepared once for the profile (`limits`: original -> longest side, for
    images that layout showed are placed smaller than their pixels need)."""

    def __init__(self, world: World, cache_dir: Path, spec: ImageSpec, limits: dict[Path, int]) -> None:
        self.world = world
        self.cache_dir = cache_dir
        self.spec = spec
        self.limits = limits
        self._prepared: dict[Path, PreparedImage] = {}

    def prepare_all(self, images: list[Image]) -> None:
        """Decode, scale and encode in threads: Pillow releases the interpreter lock while it works."""
        sources = sorted({image.path for image in images} - set(self._prepared))
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
            self._prepared.update(zip(sources, pool.map(self._prepare, sources), strict=True))

    def __call__(self, image: Image) -> PreparedImage:
        if image.path not in self._prepared:
            self._prepared[image.path] = self._prepare(image.path)
        return self._prepared[image.path]

    def _prepare(self, source: Path) -> PreparedImage:
        spec = self.spec
        if source in self.limits:
            spec = replace(spec, long_side=min(spec.long_side, self.limits[source]))
        prepared = prepare_image(source, self.cache_dir, spec)
        path = prepared.path
        # Named by content, not by place on disk: WeasyPrint names an image in the PDF after its URL, so a
        # path would make two builds from two cache folders differ. A prepared copy is already named by a
        # digest of its source and the profile; an original used as it is gets its own digest.
        digest = path.stem if path != source else self.world.digest(source)[:32]
        return PreparedImage(
            path=path,
            url=f"{IMAGE_SCHEME}:{digest}{path.suffix.lower()}",
            colour=prepared.colour,
            peak_ink=prepared.peak_ink,
            converted_ink=prepared.converted_ink,
        )
