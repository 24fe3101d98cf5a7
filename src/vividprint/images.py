"""Images prepared for a profile with Pillow before WeasyPrint sees them.

WeasyPrint embeds what it is given, so a 30-megapixel photo placed at postcard size would make the PDF
huge; each image is downsampled once to what the page needs and kept in the cache by content hash.
"""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
from pathlib import Path

from PIL import Image as PILImage
from PIL import ImageOps

MM_PER_INCH = 25.4


def max_pixels(page_mm: tuple[float, float], ppi: int) -> int:
    """The longest side an image can usefully have: the page's longest side at `ppi`."""
    return round(max(page_mm) / MM_PER_INCH * ppi)


def prepare_image(source: Path, cache_dir: Path, long_side: int, quality: int) -> Path:
    """A JPEG (or PNG where there is transparency) no longer than `long_side` px, cached by content.

    An RGB JPEG that is already small enough and upright is used as it is: WeasyPrint embeds JPEG data
    untouched, so decoding and encoding it again would only cost time and quality.
    """
    with PILImage.open(source) as im:
        orientation = im.getexif().get(0x0112, 1)
        if im.format == "JPEG" and im.mode == "RGB" and max(im.size) <= long_side and orientation == 1:
            return source
    data = source.read_bytes()
    key = hashlib.sha256(data + f"|{long_side}|{quality}|rgb|v1".encode()).hexdigest()[:32]
    for suffix in (".jpg", ".png"):
        cached = cache_dir / f"{key}{suffix}"
        if cached.is_file():
            return cached
    with PILImage.open(io.BytesIO(data)) as im:
        im = ImageOps.exif_transpose(im)
        has_alpha = im.mode in ("RGBA", "LA") or (im.mode == "P" and "transparency" in im.info)
        im = im.convert("RGBA" if has_alpha else "RGB")
        if max(im.size) > long_side:
            im.thumbnail((long_side, long_side), PILImage.Resampling.LANCZOS)
        buf = io.BytesIO()
        if has_alpha:
            im.save(buf, "PNG", optimize=True)
            suffix = ".png"
        else:
            im.save(buf, "JPEG", quality=quality, optimize=True, progressive=False)
            suffix = ".jpg"
    target = cache_dir / f"{key}{suffix}"
    write_atomic(target, buf.getvalue())
    return target


def write_atomic(target: Path, data: bytes) -> None:
    """Write via a temporary file and rename, so a crash never leaves half a file under the real name."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
