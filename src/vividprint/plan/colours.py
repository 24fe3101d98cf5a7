"""Colour for print with Pillow: RGB to CMYK, greys to the black plate, CMYK within the ink limit.

Everything goes through the paper's ICC profile, as a printer's RIP would, never through Pillow's naive
formulas: those ignore dot gain, the paper's white and how much ink the press can take.
"""

from __future__ import annotations

import bisect
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PIL import Image as PILImage
from PIL import ImageChops, ImageCms, ImageMath

INTENTS = {
    "perceptual": ImageCms.Intent.PERCEPTUAL,
    "relative-colorimetric": ImageCms.Intent.RELATIVE_COLORIMETRIC,
    "saturation": ImageCms.Intent.SATURATION,
    "absolute-colorimetric": ImageCms.Intent.ABSOLUTE_COLORIMETRIC,
}
#: A pixel whose channels differ by no more than this (of 255) is grey: a greyscale picture saved as RGB
#: decodes with rounding noise, never with a visible tint.
NEUTRAL_SPREAD = 2
GREY_MODES = ("1", "L", "LA", "La", "I", "I;16", "I;16B", "I;16L", "I;16N")


@dataclass(frozen=True)
class Conversion:
    """How to reach the paper: its profile and how colours outside its gamut are brought in."""

    profile: Path
    intent: str = "relative-colorimetric"
    black_point_compensation: bool = True

    @property
    def flags(self) -> ImageCms.Flags:
        return ImageCms.Flags.BLACKPOINTCOMPENSATION if self.black_point_compensation else ImageCms.Flags.NONE

    def open(self) -> ImageCms.ImageCmsProfile:
        return ImageCms.getOpenProfile(str(self.profile))


def flatten(im: PILImage.Image) -> PILImage.Image:
    """Transparency has nothing to show through on paper: an image with alpha is put onto white, in RGB or
    in greys as it was."""
    if im.mode in ("LA", "La"):
        grey = im.convert("LA")
        flat = PILImage.new("L", grey.size, 255)
        flat.paste(grey.getchannel("L"), mask=grey.getchannel("A"))
        return _keep_profile(flat, im)
    if im.mode in ("RGBA", "RGBa", "PA") or (im.mode == "P" and "transparency" in im.info):
        rgba = im.convert("RGBA")
        flat = PILImage.new("RGB", rgba.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return _keep_profile(flat, im)
    return im


def eight_bit(im: PILImage.Image) -> PILImage.Image:
    """Greys of more than 8 bits (16-bit PNG and TIFF) as 8-bit greys: Pillow's own conversion clips every
    value above 255 to white. A 32-bit picture whose values stay below 256 is taken as 8-bit."""
    if not im.mode.startswith("I"):
        return im
    wide = im.convert("I")
    high = wide.getextrema()[1]
    scale = 1 if high <= 255 else 257 if high <= 65535 else high / 255
    return _keep_profile(wide.point(lambda v: v / scale).convert("L"), im)


def _keep_profile(new: PILImage.Image, old: PILImage.Image) -> PILImage.Image:
    if "icc_profile" in old.info:
        new.info["icc_profile"] = old.info["icc_profile"]
    return new


def is_grey(im: PILImage.Image) -> bool:
    """A greyscale picture: in a grey mode, or RGB with every pixel neutral. CMYK never is: its black may
    be built of all four inks on purpose."""
    if im.mode in GREY_MODES:
        return True
    if im.mode == "P":
        im = im.convert("RGB")
    if im.mode != "RGB":
        return False
    r, g, b = im.split()
    return all(ImageChops.difference(x, y).getextrema()[1] <= NEUTRAL_SPREAD for x, y in ((r, g), (g, b), (r, b)))


def to_black_plate(im: PILImage.Image, to: Conversion) -> PILImage.Image:
    """A greyscale picture for the black ink alone, as an L image (0 = 100 % K: DeviceGray in the PDF).

    Gray values cannot go to the plate as they are: a picture's greys are set for a screen's tone curve
    and full black, the plate has dot gain and a black that is only so deep. Each grey is matched in
    lightness (L*) to the tint of black that prints it on this paper, the darkest grey to solid black
    when black-point compensation is on."""
    lightness = _lightness(im)
    blacks = _black_ramp(to)  # L* of 0..100 % K in 256 steps, lightest first
    dark, light = blacks[-1], blacks[0]
    low, high = min(lightness), max(lightness)
    lut = []
    for value in lightness:
        if to.black_point_compensation and high > low:
            wanted = dark + (value - low) * (light - dark) / (high - low)
        else:
            wanted = max(dark, min(light, value))
        lut.append(255 - _black_for(wanted, blacks))
    grey = _as_l(im)
    return grey.point(lut)


def _as_l(im: PILImage.Image) -> PILImage.Image:
    if im.mode.startswith("I"):
        return eight_bit(im)
    return im if im.mode == "L" else im.convert("L")


def embedded_profile(im: PILImage.Image, mode: str) -> ImageCms.ImageCmsProfile | None:
    """The picture's own ICC profile when it has one for colours of `mode` (L, RGB, CMYK), else None:
    a damaged profile, or one of another kind, is as good as none."""
    embedded = im.info.get("icc_profile")
    if not embedded:
        return None
    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(embedded))
    except (OSError, ImageCms.PyCMSError):
        return None
    return profile if profile_mode(profile) == mode else None


def _lightness(im: PILImage.Image) -> list[float]:
    """L* of the 256 grey levels of a picture: by its own profile, else by sRGB's tone curve."""
    lab = ImageCms.createProfile("LAB")
    mode = "RGB" if im.mode == "RGB" else "L"
    profile = embedded_profile(im, mode) if im.mode in ("L", "RGB") else None
    if profile is None:
        profile, mode = ImageCms.createProfile("sRGB"), "RGB"
    ramp = PILImage.new(mode, (256, 1))
    ramp.putdata([(v, v, v) if mode == "RGB" else v for v in range(256)])  # type: ignore[misc]
    out = ImageCms.applyTransform(ramp, ImageCms.buildTransform(profile, lab, mode, "LAB"))
    assert out is not None
    return [out.getpixel((x, 0))[0] * 100 / 255 for x in range(256)]  # type: ignore[index]


def profile_mode(profile: ImageCms.ImageCmsProfile) -> str:
    return {"GRAY": "L", "RGB": "RGB", "CMYK": "CMYK"}.get(profile.profile.xcolor_space.strip(), "")


def _black_ramp(to: Conversion) -> list[float]:
    ramp = PILImage.new("CMYK", (256, 1))
    ramp.putdata([(0, 0, 0, k) for k in range(256)])
    lab = ImageCms.createProfile("LAB")
    transform = ImageCms.buildTransform(
        to.open(), lab, "CMYK", "LAB", renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC
    )
    out = ImageCms.applyTransform(ramp, transform)
    assert out is not None
    return [out.getpixel((x, 0))[0] * 100 / 255 for x in range(256)]  # type: ignore[index]


def _black_for(lightness: float, blacks: list[float]) -> int:
    """The tint of black (0-255) that prints `lightness`; `blacks` falls from paper white to solid."""
    rising = [-v for v in blacks]
    index = bisect.bisect_left(rising, -lightness)
    if index <= 0:
        return 0
    if index >= len(blacks):
        return 255
    before, after = blacks[index - 1], blacks[index]
    share = (before - lightness) / (before - after) if before != after else 0.0
    return round(index - 1 + share)


def rgb_to_cmyk(im: PILImage.Image, to: Conversion) -> PILImage.Image:
    """An RGB picture (its own profile, else sRGB) in the paper's CMYK."""
    source = embedded_profile(im, "RGB") or ImageCms.createProfile("sRGB")
    im = im if im.mode == "RGB" else im.convert("RGB")
    transform = ImageCms.buildTransform(
        source, to.open(), "RGB", "CMYK", renderingIntent=INTENTS[to.intent], flags=to.flags
    )
    out = ImageCms.applyTransform(im, transform)
    assert out is not None
    return out


def peak_ink(im: PILImage.Image) -> float:
    """The highest total of the four inks anywhere in a CMYK picture, in percent (400 at most)."""
    return total_ink(im.split())


def total_ink(planes: Sequence[PILImage.Image], weights: Sequence[float] = ()) -> float:
    """The highest total of ink planes (8 bits, 255 solid) anywhere, in percent; `weights` counts a plane
    more than once (a registration colour is on every plate) or not at all. The one measure of ink in
    pixels: of pictures as they are prepared here, and of every image the preflight finds in a page."""
    weights = tuple(weights) or (1,) * len(planes)
    if len(planes) == 1:
        return planes[0].getextrema()[1] * weights[0] * 100 / 255  # type: ignore[operator]
    args = {f"p{i}": plane.convert("I") for i, plane in enumerate(planes)}
    total = ImageMath.lambda_eval(lambda a: sum(a[f"p{i}"] * w for i, w in enumerate(weights)), **args)
    assert isinstance(total, PILImage.Image)
    return total.getextrema()[1] * 100 / 255  # type: ignore[no-any-return,operator]


def within_ink(im: PILImage.Image, to: Conversion, limit: float) -> PILImage.Image:
    """A CMYK picture separated again through the paper's profile (from its own CMYK profile, else
    assumed to be meant for this paper), so that its ink stays under `limit` percent: the profile
    separates dark colours with less colour and more black, as it was made for this press.

    Where the profile itself allows more than `limit`, or where rounding leaves a pixel above it, the
    colour inks of that pixel are lowered in proportion and its black kept: the pixel keeps its depth."""
    source = embedded_profile(im, "CMYK") or to.open()
    transform = ImageCms.buildTransform(
        source, to.open(), "CMYK", "CMYK", renderingIntent=INTENTS[to.intent], flags=to.flags
    )
    out = ImageCms.applyTransform(im, transform)
    assert out is not None
    return limit_ink(out, limit)


def limit_ink(im: PILImage.Image, limit: float) -> PILImage.Image:
    """Lower C, M and Y of every pixel whose four inks add up to more than `limit` percent; K stays."""
    if peak_ink(im) <= limit:
        return im
    c, m, y, k = (band.convert("F") for band in im.split())
    most = limit * 255 / 100

    def scaled(a):  # type: ignore[no-untyped-def]
        colour = a["c"] + a["m"] + a["y"]
        room = a["max"](most - a["k"], 0.0)
        share = a["min"](room / a["max"](colour, 1.0), 1.0)
        return a["band"] * share

    bands = []
    for band in (c, m, y):
        out = ImageMath.lambda_eval(scaled, c=c, m=m, y=y, k=k, band=band)
        assert isinstance(out, PILImage.Image)
        bands.append(out.convert("L"))
    return PILImage.merge("CMYK", (*bands, k.convert("L")))
