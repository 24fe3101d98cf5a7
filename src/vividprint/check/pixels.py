"""The ink an image puts on paper, from its pixels: the highest total over areas of about 1 mm².

A single pixel of 390 % in a photo's deepest shadow is no hazard; a square millimetre of it is (the ink
does not dry, sheets stick together). So pixels are averaged over blocks of about 1 mm at the size the
image is printed, and the peak is taken over the blocks: for a JPEG the decoder itself averages (its
scaled decoding at 1/2, 1/4 or 1/8 is a block mean), which keeps the measurement of a page of photos to
a few milliseconds per photo. Indexed images are judged by the palette entries they use.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable
from dataclasses import dataclass

from PIL import Image, ImageChops

from ..plan.colours import total_ink
from .spaces import PROCESS, Space

# Filters pikepdf (qpdf) decodes to plain samples; DCT is decoded by Pillow, others are not measured.
_GENERAL = {"/FlateDecode", "/Fl", "/LZWDecode", "/LZW", "/RunLengthDecode", "/RL", "/ASCIIHexDecode", "/AHx"}
_GENERAL |= {"/ASCII85Decode", "/A85"}
_DCT = {"/DCTDecode", "/DCT"}
USED = 3  # of 255: a channel reaching no higher than this (about 1 %) is JPEG noise, not a plate in use


@dataclass(frozen=True)
class Picture:
    """An image XObject or inline image, as far as its ink is concerned."""

    width: int
    height: int
    bits: int
    filters: tuple[str, ...]
    decode: tuple[float, ...]  # the /Decode array, or () for the default
    raw: Callable[[], bytes]  # the stream as stored
    samples: Callable[[], bytes]  # decoded by pikepdf (not for DCT)


@dataclass(frozen=True)
class Ink:
    peak: float  # percent, the highest total of any block
    plates: tuple[str, ...]  # the plates it puts ink on


def measure(picture: Picture, space: Space, ppi: float) -> Ink | None:
    """The image's peak ink and plates, or None when its pixels cannot be read here (JPEG 2000, JBIG2,
    16-bit or 1-bit samples of more than one colour). A damaged stream raises what its decoder raises."""
    if space.kind in ("rgb", "lab", "unknown", "pattern") or picture.width <= 0 or picture.height <= 0:
        return None
    block = max(1, round(ppi / 25.4)) if math.isfinite(ppi) else 1  # pixels to a millimetre as printed
    channels = _channels(picture, space, block)
    if channels is None:
        return None
    if space.kind == "indexed":
        return _indexed(channels[0], space)
    planes = []
    for i, channel in enumerate(channels):
        if _inverted(picture, space, i):
            channel = ImageChops.invert(channel)
        scale = channel.width / picture.width
        if (step := round(block * scale)) > 1:
            channel = channel.reduce(step)  # a box mean over the block
        planes.append(channel)
    names = space.colourants if space.kind == "colourants" else space.plates
    weights = [4 if n == "All" else 0 if n == "None" else 1 for n in names]
    highs = [plane.getextrema()[1] for plane in planes]
    plates: set[str] = set()
    for name, high in zip(names, highs, strict=False):
        if high > USED and name != "None":
            plates |= set(PROCESS) if name == "All" else {name}
    return Ink(peak=total_ink(planes, weights), plates=tuple(sorted(plates)))


def _channels(picture: Picture, space: Space, block: int) -> list[Image.Image] | None:
    """One 8-bit plane per component, JPEGs decoded at the coarsest scale that keeps blocks whole."""
    if picture.filters and set(picture.filters) <= _DCT:
        with Image.open(io.BytesIO(picture.raw())) as im:
            scale = min(8, 2 ** int(math.log2(block)))
            if scale > 1:
                im.draft(im.mode, (max(1, picture.width // scale), max(1, picture.height // scale)))
            im.load()
            if len(im.getbands()) != space.components:
                return None
            return list(im.split())
    if picture.bits != 8 or not set(picture.filters) <= _GENERAL:
        return None
    n = space.components
    data = picture.samples()
    size = picture.width * picture.height
    if len(data) < size * n:
        return None
    if n == 1:
        return [Image.frombytes("L", (picture.width, picture.height), data[:size])]
    return [Image.frombytes("L", (picture.width, picture.height), data[i : size * n : n]) for i in range(n)]


def _inverted(picture: Picture, space: Space, channel: int) -> bool:
    """Whether a plane must be inverted to read as ink: gray samples are lightness (1 is no ink), a
    /Decode of [1 0] flips a component, and Pillow reads CMYK JPEGs in Adobe's inverted convention
    (which is why PDF writers put [1 0 1 0 1 0 1 0] beside them)."""
    flipped = len(picture.decode) > 2 * channel + 1 and picture.decode[2 * channel] > picture.decode[2 * channel + 1]
    pillow_inverts = space.components == 4 and set(picture.filters) <= _DCT
    ink_is_dark = space.kind == "gray"
    return flipped ^ pillow_inverts ^ ink_is_dark


def _indexed(indices: Image.Image, space: Space) -> Ink:
    assert space.base is not None
    colours = indices.getcolors(256) or []
    peak, plates = 0.0, set()
    entries = len(space.palette) // max(1, space.base.components)
    for _, index in colours:
        if index < entries:
            inks = space.inks((index,))
            peak = max(peak, sum(inks.values()))
            plates |= {p for p, v in inks.items() if v > USED / 255}
    return Ink(peak=peak * 100, plates=tuple(sorted(plates)))
