"""Images prepared for a profile with Pillow before WeasyPrint sees them.

WeasyPrint embeds what it is given: a 30-megapixel photo placed at postcard size would make the PDF
huge, and an RGB photo would put RGB into a print PDF. So each image is scaled once to what the page
needs, converted to the profile's colours (CMYK through the paper's ICC profile for print) and kept in
the cache by content hash. WeasyPrint passes JPEG data through untouched, so what is prepared here is
exactly what is printed.
"""

from __future__ import annotations

import functools
import hashlib
import io
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

from PIL import Image as PILImage
from PIL import ImageCms, ImageOps

from ..disk import write_atomic
from ..inputs.files import World
from ..inputs.model import Image

MM_PER_INCH = 25.4
_INTENTS = {
    "perceptual": ImageCms.Intent.PERCEPTUAL,
    "relative-colorimetric": ImageCms.Intent.RELATIVE_COLORIMETRIC,
    "saturation": ImageCms.Intent.SATURATION,
    "absolute-colorimetric": ImageCms.Intent.ABSOLUTE_COLORIMETRIC,
}


@dataclass(frozen=True)
class ImageSpec:
    long_side: int  # pixels at most
    quality: int
    cmyk_profile: Path | None = None  # convert to CMYK through this profile
    intent: str = "relative-colorimetric"
    black_point_compensation: bool = True

    def key(self) -> str:
        icc = "rgb"
        if self.cmyk_profile:
            stat = self.cmyk_profile.stat()
            icc = _file_digest(self.cmyk_profile, stat.st_mtime_ns, stat.st_size)
        return f"{self.long_side}|{self.quality}|{icc}|{self.intent}|{self.black_point_compensation}|v2"


@functools.lru_cache(maxsize=8)
def _file_digest(path: Path, mtime_ns: int, size: int) -> str:
    """The ICC profile's digest, read once per process rather than once per image, and again when the
    file changes under a process that lives on (watch, the build server)."""
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def max_pixels(page_mm: tuple[float, float], ppi: int) -> int:
    """The longest side an image can usefully have: the page's longest side at `ppi`."""
    return round(max(page_mm) / MM_PER_INCH * ppi)


def prepare_image(source: Path, cache_dir: Path, spec: ImageSpec) -> Path:
    """The image as the profile needs it, cached by content.

    An RGB JPEG that is already small enough and upright is used as it is in RGB profiles: decoding and
    encoding it again would only cost time and quality. The same holds for CMYK JPEGs in print.
    """
    with PILImage.open(source) as im:
        orientation = im.getexif().get(0x0112, 1)
        wanted = "CMYK" if spec.cmyk_profile else "RGB"
        if im.format == "JPEG" and im.mode == wanted and max(im.size) <= spec.long_side and orientation == 1:
            return source
    data = source.read_bytes()
    key = hashlib.sha256(data + spec.key().encode()).hexdigest()[:32]
    for suffix in (".jpg", ".png"):
        cached = cache_dir / f"{key}{suffix}"
        if cached.is_file():
            return cached
    with PILImage.open(io.BytesIO(data)) as im:
        im = ImageOps.exif_transpose(im)
        if max(im.size) > spec.long_side:
            im.thumbnail((spec.long_side, spec.long_side), PILImage.Resampling.LANCZOS)
        buf = io.BytesIO()
        if spec.cmyk_profile is not None:
            _to_cmyk(im, spec).save(buf, "JPEG", quality=spec.quality, optimize=True)
            suffix = ".jpg"
        else:
            has_alpha = im.mode in ("RGBA", "LA") or (im.mode == "P" and "transparency" in im.info)
            if has_alpha:
                im.convert("RGBA").save(buf, "PNG", optimize=True)
                suffix = ".png"
            else:
                _to_rgb(im).save(buf, "JPEG", quality=spec.quality, optimize=True)
                suffix = ".jpg"
    target = cache_dir / f"{key}{suffix}"
    write_atomic(target, buf.getvalue())
    return target


def _to_rgb(im: PILImage.Image) -> PILImage.Image:
    return im if im.mode == "RGB" else im.convert("RGB")


def _to_cmyk(im: PILImage.Image, spec: ImageSpec) -> PILImage.Image:
    """Through the paper's profile, as a printer's RIP would, not Pillow's naive formula."""
    if im.mode == "CMYK":
        return im
    if im.mode in ("RGBA", "LA", "P"):
        # Transparency has nothing to show through on paper: flatten onto white.
        rgba = im.convert("RGBA")
        flat = PILImage.new("RGB", rgba.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba.getchannel("A"))
        im = flat
    elif im.mode != "RGB":
        im = im.convert("RGB")
    embedded = im.info.get("icc_profile")
    source = ImageCms.ImageCmsProfile(io.BytesIO(embedded)) if embedded else ImageCms.createProfile("sRGB")
    assert spec.cmyk_profile is not None
    flags = ImageCms.Flags.BLACKPOINTCOMPENSATION if spec.black_point_compensation else ImageCms.Flags.NONE
    transform = ImageCms.buildTransform(
        source,
        ImageCms.getOpenProfile(str(spec.cmyk_profile)),
        "RGB",
        "CMYK",
        renderingIntent=_INTENTS[spec.intent],
        flags=flags,
    )
    return ImageCms.applyTransform(im, transform)


IMAGE_SCHEME = "vividprint-image"


@dataclass(frozen=True)
class PreparedImage:
    path: Path  # the file WeasyPrint embeds: the prepared copy, or the original where it fits as it is
    url: str  # how the HTML names it


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
        path = prepare_image(source, self.cache_dir, spec)
        # Named by content, not by place on disk: WeasyPrint names an image in the PDF after its URL, so a
        # path would make two builds from two cache folders differ. A prepared copy is already named by a
        # digest of its source and the profile; an original used as it is gets its own digest.
        digest = path.stem if path != source else self.world.digest(source)[:32]
        return PreparedImage(path=path, url=f"{IMAGE_SCHEME}:{digest}{path.suffix.lower()}")
