"""Make the sample images and supplied advertisements of the example issue.

VIVID is an English/German business magazine from Düsseldorf; its example issue needs pictures
and ready-made ad pages to lay out. This script paints abstract, photo-like pictures with Pillow
only (gradients, blurred shapes, glow and bloom, vignetting, film grain) and sets three full-page
advertisements with WeasyPrint. Every brand and person in them is fictional.

It writes:

* ``issues/example/images/`` - sixteen pictures: RGB JPEGs, one CMYK JPEG, one PNG and one
  LZW-compressed TIFF; ``tram-night.jpg`` and ``market-stall.jpg`` are deliberately too small
  for print, so that resolution checks have something to find.
* ``issues/example/supplied/`` - four one-page A4 advertisements (210 x 297 mm trim with 3 mm
  bleed): ``u2-ad.pdf``, ``u4-ad.pdf``, ``ad-coworking.pdf`` and ``ad-fair.pdf``, flattened to CMYK PDF/X-4 pages as
  an agency would deliver them for print.

Random seeds and PDF dates are fixed, so two runs give byte-identical files. Run it from the
repository root::

    .venv/bin/python scripts/make_sample_media.py
"""

from __future__ import annotations

import functools
import itertools
import math
import os
import random
import unittest.mock
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageStat

ROOT = Path(__file__).resolve().parents[1]
IMAGES = ROOT / "issues" / "example" / "images"
SUPPLIED = ROOT / "issues" / "example" / "supplied"
FONTS = ROOT / "fonts"

DPI = (300, 300)
JPEG_QUALITY = 84
PDF_DATE = "2025-11-01T00:00:00Z"
SOURCE_DATE_EPOCH = "1761955200"  # PDF_DATE as seconds since 1970

RGB = tuple[int, int, int]
Point = tuple[float, float]
Size = tuple[int, int]
Stops = Sequence[tuple[float, RGB]]
Paint = Callable[[], None]

BLACK: RGB = (0, 0, 0)
WHITE: RGB = (255, 255, 255)
WARM_WINDOWS: tuple[RGB, ...] = ((255, 196, 120), (255, 214, 152), (255, 178, 98), (250, 226, 182))
COOL_WINDOWS: tuple[RGB, ...] = ((200, 222, 255), (172, 202, 242), (226, 236, 250))


# --------------------------------------------------------------------------- colour helpers


def clamp8(value: float) -> int:
    return max(0, min(255, round(value)))


def mix(a: RGB, b: RGB, t: float) -> RGB:
    t = max(0.0, min(1.0, t))
    return (
        clamp8(a[0] + (b[0] - a[0]) * t),
        clamp8(a[1] + (b[1] - a[1]) * t),
        clamp8(a[2] + (b[2] - a[2]) * t),
    )


def dim(color: RGB, gain: float) -> RGB:
    return (clamp8(color[0] * gain), clamp8(color[1] * gain), clamp8(color[2] * gain))


def jitter(color: RGB, rng: random.Random, amount: int) -> RGB:
    return (
        clamp8(color[0] + rng.randint(-amount, amount)),
        clamp8(color[1] + rng.randint(-amount, amount)),
        clamp8(color[2] + rng.randint(-amount, amount)),
    )


def sample(stops: Stops, t: float) -> RGB:
    """Colour at ``t`` of a gradient given as (position, colour) stops."""
    if t <= stops[0][0]:
        return stops[0][1]
    for (t0, c0), (t1, c1) in itertools.pairwise(stops):
        if t <= t1:
            return mix(c0, c1, (t - t0) / (t1 - t0) if t1 > t0 else 1.0)
    return stops[-1][1]


# --------------------------------------------------------------------------- image primitives


def gradient(size: Size, stops: Stops, *, horizontal: bool = False) -> Image.Image:
    """A linear RGB gradient, top to bottom (or left to right)."""
    n = size[0] if horizontal else size[1]
    line = Image.new("RGB", (n, 1) if horizontal else (1, n))
    line.putdata([sample(stops, i / max(1, n - 1)) for i in range(n)])
    return line.resize(size, Image.Resampling.NEAREST)


def scaled(img: Image.Image, gain: float, offset: float = 0.0) -> Image.Image:
    """Every channel multiplied by ``gain`` plus ``offset``, clipped."""
    lut = [clamp8(v * gain + offset) for v in range(256)]
    return img.point(lut * len(img.getbands()))


def tinted(img: Image.Image, color: RGB) -> Image.Image:
    return ImageChops.multiply(img, Image.new("RGB", img.size, color))


@functools.lru_cache(maxsize=512)
def falloff(size: Size, power: float = 2.0) -> Image.Image:
    """Soft round mask: 255 in the middle, 0 on the ellipse inscribed in ``size``."""
    # radial_gradient is 0 in its centre and 181 on its inscribed circle
    lut = [clamp8(255 * max(0.0, 1 - v / 181) ** power) for v in range(256)]
    return Image.radial_gradient("L").point(lut).resize(size, Image.Resampling.BILINEAR)


def add_glow(
    layer: Image.Image, center: Point, radius: float | tuple[float, float], color: RGB, power: float = 2.0
) -> None:
    """Add a soft round light to ``layer`` in place."""
    rx, ry = radius if isinstance(radius, tuple) else (radius, radius)
    rx, ry = max(1, round(rx)), max(1, round(ry))
    x0, y0 = round(center[0]) - rx, round(center[1]) - ry
    box = (x0, y0, x0 + 2 * rx, y0 + 2 * ry)
    patch = Image.new("RGB", (2 * rx, 2 * ry))
    patch.paste(color, (0, 0, 2 * rx, 2 * ry), falloff((2 * rx, 2 * ry), power))
    layer.paste(ImageChops.add(layer.crop(box), patch), box)


def shade_disc(img: Image.Image, box: tuple[float, float, float, float], color: RGB, power: float) -> None:
    """Paste ``color`` through a soft round mask that fills ``box``."""
    x0, y0 = round(box[0]), round(box[1])
    w, h = max(2, round(box[2] - box[0])), max(2, round(box[3] - box[1]))
    img.paste(color, (x0, y0, x0 + w, y0 + h), falloff((w, h), power))


def bloom(base: Image.Image, light: Image.Image, halos: Sequence[tuple[float, float]]) -> Image.Image:
    """Screen an emission layer onto ``base`` together with blurred halos of it."""
    out = ImageChops.screen(base, light)
    for radius, gain in halos:
        out = ImageChops.screen(out, scaled(light.filter(ImageFilter.GaussianBlur(radius)), gain))
    return out


def vignette(img: Image.Image, amount: float) -> Image.Image:
    lut = [clamp8(255 * (1 - amount * min(1.0, max(0.0, v / 181 - 0.45)) ** 2)) for v in range(256)]
    mask = Image.radial_gradient("L").point(lut).resize(img.size, Image.Resampling.BICUBIC)
    return ImageChops.multiply(img, Image.merge("RGB", (mask, mask, mask)))


def noise(size: Size, rng: random.Random) -> Image.Image:
    """Triangular-distributed grey noise around 128 (deterministic, unlike effect_noise)."""
    a = Image.frombytes("L", size, rng.randbytes(size[0] * size[1]))
    b = Image.frombytes("L", size, rng.randbytes(size[0] * size[1]))
    return ImageChops.add(a, b, scale=2.0)


def add_grain(img: Image.Image, rng: random.Random, amount: float) -> Image.Image:
    """Monochrome film grain with a standard deviation of about ``amount`` levels."""
    grain = noise(img.size, rng).filter(ImageFilter.GaussianBlur(0.55))
    spread = ImageStat.Stat(grain).stddev[0] or 1.0
    centre = round(3 * amount)
    grain = grain.point([clamp8(centre + (v - 128) * amount / spread) for v in range(256)])
    return ImageChops.add(img, Image.merge("RGB", (grain, grain, grain)), 1.0, -centre)


def mottle(size: Size, rng: random.Random, cells: int) -> Image.Image:
    """Low-frequency blotches (grey, around 128) for painted backdrops and haze."""
    small = (max(2, cells), max(2, round(cells * size[1] / size[0])))
    return noise(small, rng).resize(size, Image.Resampling.BICUBIC)


def finish(
    img: Image.Image, rng: random.Random, *, grain: float, vignette_amount: float, lift: int = 5
) -> Image.Image:
    """Photographic finish: vignetting, slightly lifted blacks and grain."""
    img = vignette(img, vignette_amount)
    img = scaled(img, (255 - lift) / 255, lift)
    return add_grain(img, rng, grain)


def polygon_mask(size: Size, points: Sequence[Point], blur: float = 0.0) -> Image.Image:
    mask = Image.new("L", size, 0)
    ImageDraw.Draw(mask).polygon(list(points), fill=255)
    return mask.filter(ImageFilter.GaussianBlur(blur)) if blur else mask


def fill_gradient(
    img: Image.Image, points: Sequence[Point], stops: Stops, *, horizontal: bool = False
) -> None:
    """Fill a polygon with a gradient that spans its bounding box."""
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    x0, y0 = max(0, math.floor(min(xs))), max(0, math.floor(min(ys)))
    x1, y1 = min(img.width, math.ceil(max(xs))), min(img.height, math.ceil(max(ys)))
    if x1 <= x0 or y1 <= y0:
        return
    mask = polygon_mask(img.size, points).crop((x0, y0, x1, y1))
    img.paste(gradient((x1 - x0, y1 - y0), stops, horizontal=horizontal), (x0, y0), mask)


def soft_layer(size: Size) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    layer = Image.new("L", size, 0)
    return layer, ImageDraw.Draw(layer)


# --------------------------------------------------------------------------- perspective


@dataclass(frozen=True)
class Camera:
    """Pinhole camera looking along +z; y grows downwards and the eye sits at y = 0."""

    vx: float
    vy: float
    focal: float

    def at(self, x: float, y: float, z: float) -> Point:
        z = max(z, 0.05)
        return (self.vx + self.focal * x / z, self.vy + self.focal * y / z)

    def scale(self, length: float, z: float) -> float:
        return self.focal * length / max(z, 0.05)

    def side(self, x: float, y0: float, y1: float, z0: float, z1: float) -> list[Point]:
        """Quad on the vertical plane x = const."""
        return [self.at(x, y0, z0), self.at(x, y0, z1), self.at(x, y1, z1), self.at(x, y1, z0)]

    def flat(self, y: float, x0: float, x1: float, z0: float, z1: float) -> list[Point]:
        """Quad on the horizontal plane y = const (floor or ceiling)."""
        return [self.at(x0, y, z0), self.at(x1, y, z0), self.at(x1, y, z1), self.at(x0, y, z1)]

    def front(
        self, z: float, x0: float, x1: float, y0: float, y1: float
    ) -> tuple[float, float, float, float]:
        """Screen box of a rectangle facing the camera."""
        a, b = self.at(x0, y0, z), self.at(x1, y1, z)
        return (a[0], a[1], b[0], b[1])


def mirrored(points: Sequence[tuple[float, float, float]], cam: Camera, ground: float) -> list[Point]:
    """Screen points of world points mirrored in a wet floor at height ``ground``."""
    return [cam.at(x, 2 * ground - y, z) for x, y, z in points]


def paint_by_depth(items: list[tuple[float, Paint]]) -> None:
    """Paint far things first."""
    for _, paint in sorted(items, key=lambda item: -item[0]):
        paint()


# --------------------------------------------------------------------------- sky, water, city


def streak_clouds(
    img: Image.Image, rng: random.Random, band: tuple[float, float], color: RGB, alpha: float, count: int
) -> None:
    """Thin, wind-stretched clouds lit from below."""
    w, h = img.size
    mask, draw = soft_layer(img.size)
    for _ in range(count):
        cx, cy = rng.uniform(-0.1, 1.1) * w, rng.uniform(*band)
        rx = rng.uniform(0.08, 0.28) * w
        ry = rx * rng.uniform(0.025, 0.06)
        draw.ellipse((cx - rx, cy - ry, cx + rx, cy + ry), fill=rng.randint(80, 220))
    mask = mask.filter(ImageFilter.GaussianBlur((w * 0.02, h * 0.004)))
    img.paste(color, mask=scaled(mask, alpha))


def cumulus(img: Image.Image, rng: random.Random, centre: Point, width: float, shade: RGB) -> None:
    """A fair-weather cloud: a cluster of soft white puffs with a greyer base."""
    body, draw = soft_layer(img.size)
    base, base_draw = soft_layer(img.size)
    cx, cy = centre
    for _ in range(26):
        r = width * rng.uniform(0.07, 0.17)
        x, y = cx + rng.uniform(-0.42, 0.42) * width, cy - abs(rng.gauss(0, 0.08)) * width
        draw.ellipse((x - r, y - r, x + r, min(y + r, cy + r * 0.3)), fill=255)
        base_draw.ellipse((x - r, y, x + r, min(y + r, cy + r * 0.3)), fill=200)
    body = body.filter(ImageFilter.GaussianBlur(width * 0.025))
    img.paste((250, 251, 252), mask=scaled(body, 0.92))
    img.paste(shade, mask=ImageChops.multiply(base.filter(ImageFilter.GaussianBlur(width * 0.05)), body))


def ripple(img: Image.Image, rng: random.Random, amplitude: float) -> Image.Image:
    """Shift rows sideways like a wavy water surface; waves grow towards the viewer."""
    out = img.copy()
    w, h = img.size
    phase, y = rng.uniform(0, math.tau), 0
    while y < h:
        depth = (y + 1) / h
        band = max(1, round(1 + 7 * depth))
        wave = math.sin(y * 0.9 / (1 + 60 * depth) + phase) + rng.uniform(-0.6, 0.6)
        out.paste(img.crop((0, y, w, y + band)), (round(amplitude * depth * wave), y))
        y += band
    return out


def wave_mask(size: Size, rng: random.Random, count: int) -> Image.Image:
    """Short horizontal ripple crests, thin near the horizon and broad near the viewer."""
    w, h = size
    mask, draw = soft_layer(size)
    for _ in range(count):
        depth = rng.random() ** 1.4
        y, x = depth * h, rng.uniform(-0.05, 1.0) * w
        length = (10 + 260 * depth) * rng.uniform(0.4, 1.6)
        draw.rectangle((x, y, x + length, y + 1 + 7 * depth), fill=rng.randint(90, 255))
    return mask.filter(ImageFilter.GaussianBlur((3, 0.8)))


def reflection(
    img: Image.Image, horizon: int, rng: random.Random, *, smear: float, tint: RGB, waves: float = 1.0
) -> Image.Image:
    """Water surface below ``horizon``: the scene above it, mirrored, smeared and rippled."""
    w, h = img.size
    depth = h - horizon
    src = img.crop((0, max(0, horizon - depth), w, horizon)).transpose(Image.Transpose.FLIP_TOP_BOTTOM)
    if src.height != depth:
        src = src.resize((w, depth), Image.Resampling.BICUBIC)
    water = ripple(src.filter(ImageFilter.GaussianBlur((smear * 0.08, smear))), rng, w * 0.006 * waves)
    water = tinted(water, tint)
    crests = wave_mask(water.size, rng, round(w * depth * waves / 900))
    water = Image.composite(scaled(water, 1.45, 6), water, crests)
    troughs = wave_mask(water.size, rng, round(w * depth * waves / 1200))
    return Image.composite(scaled(water, 0.7), water, troughs)


@dataclass(frozen=True)
class Towers:
    """A row of buildings standing on one ground line."""

    base: int
    heights: tuple[int, int]
    widths: tuple[int, int]
    color: RGB
    window: tuple[int, int] = (0, 0)
    lit: float = 0.0
    glow: float = 0.5
    palette: tuple[RGB, ...] = WARM_WINDOWS + COOL_WINDOWS[:1]


def skyline(
    img: Image.Image,
    light: Image.Image,
    rng: random.Random,
    spec: Towers,
    span: tuple[int, int] | None = None,
) -> None:
    x0, x1 = span or (0, img.width)
    x = x0 - rng.randint(0, spec.widths[1])
    while x < x1:
        bw = rng.randint(*spec.widths)
        bh = round(spec.heights[0] + (spec.heights[1] - spec.heights[0]) * rng.random() ** 1.7)
        building(img, light, rng, (x, spec.base - bh, x + bw, spec.base), spec)
        x += bw + rng.randint(-bw // 4, bw // 5)


def building(
    img: Image.Image, light: Image.Image, rng: random.Random, box: tuple[int, int, int, int], spec: Towers
) -> None:
    draw = ImageDraw.Draw(img)
    color = jitter(spec.color, rng, 5)
    x0, y0, x1, y1 = box
    bw, bh = x1 - x0, y1 - y0
    draw.rectangle(box, fill=color)
    roof = rng.random()
    if roof < 0.22:
        draw.rectangle((x0 + bw * 0.2, y0 - bh * 0.07, x1 - bw * 0.2, y0), fill=color)
    elif roof < 0.34:
        draw.polygon([(x0, y0), (x1, y0), (x1, y0 - bw * 0.35)], fill=color)
    elif roof < 0.46:
        mast = x0 + bw * rng.uniform(0.3, 0.7)
        draw.line((mast, y0, mast, y0 - bh * 0.18), fill=color, width=max(2, bw // 40))
        add_glow(light, (mast, y0 - bh * 0.18), max(4, bw * 0.05), (255, 40, 30), 1.5)
    windows(img, light, rng, box, spec, color)


def windows(
    img: Image.Image,
    light: Image.Image,
    rng: random.Random,
    box: tuple[int, int, int, int],
    spec: Towers,
    wall: RGB,
) -> None:
    ww, wh = spec.window
    if ww == 0:
        return
    draw, glow = ImageDraw.Draw(img), ImageDraw.Draw(light)
    x0, y0, x1, y1 = box
    gap_x, gap_y = ww * 0.75, wh * 0.6
    cols, rows = int((x1 - x0 - ww) // (ww + gap_x)), int((y1 - y0 - 2 * wh) // (wh + gap_y))
    left = x0 + (x1 - x0 - cols * (ww + gap_x) + gap_x) / 2
    unlit = mix(wall, (70, 80, 110), 0.12)
    for row in range(rows):
        chance = spec.lit * rng.uniform(0.2, 1.8)
        y = y0 + wh + row * (wh + gap_y)
        for col in range(cols):
            x = left + col * (ww + gap_x)
            rect = (x, y, x + ww - 1, y + wh - 1)
            if rng.random() < chance:
                color = dim(rng.choice(spec.palette), rng.uniform(0.6, 1.0))
                draw.rectangle(rect, fill=color)
                glow.rectangle(rect, fill=dim(color, spec.glow))
            else:
                draw.rectangle(rect, fill=unlit)


def tv_tower(img: Image.Image, light: Image.Image, x: float, base: float, height: float, color: RGB) -> None:
    """A slender telecom tower with a lit observation pod and a red beacon."""
    draw = ImageDraw.Draw(img)
    pod_y = base - height * 0.74
    draw.polygon(
        [
            (x - height * 0.022, base),
            (x - height * 0.007, pod_y),
            (x + height * 0.007, pod_y),
            (x + height * 0.022, base),
        ],
        fill=color,
    )
    draw.ellipse(
        (x - height * 0.045, pod_y - height * 0.035, x + height * 0.045, pod_y + height * 0.012), fill=color
    )
    draw.rectangle(
        (x - height * 0.03, pod_y - height * 0.06, x + height * 0.03, pod_y - height * 0.03), fill=color
    )
    draw.rectangle((x - height * 0.004, base - height, x + height * 0.004, pod_y), fill=color)
    band = (x - height * 0.04, pod_y - height * 0.018, x + height * 0.04, pod_y - height * 0.008)
    draw.rectangle(band, fill=(255, 214, 160))
    ImageDraw.Draw(light).rectangle(band, fill=(150, 110, 70))
    for k in range(6):
        add_glow(light, (x, base - height * (0.2 + k * 0.16)), height * 0.012, (255, 50, 40), 1.4)
    add_glow(light, (x, base - height), height * 0.02, (255, 60, 40), 1.4)


def cable_bridge(
    img: Image.Image, light: Image.Image, pylon_x: float, deck_y: float, span: tuple[float, float], color: RGB
) -> None:
    """A cable-stayed bridge seen from the side, with a row of deck lamps."""
    draw = ImageDraw.Draw(img)
    height = (span[1] - span[0]) * 0.28
    top = deck_y - height
    draw.rectangle((span[0], deck_y - 8, span[1], deck_y + 10), fill=color)
    draw.rectangle((pylon_x - 11, top, pylon_x + 11, deck_y + 50), fill=color)
    for k in range(1, 11):
        y = top + k * height * 0.035
        for end in (pylon_x - (pylon_x - span[0]) * k / 11, pylon_x + (span[1] - pylon_x) * k / 11):
            draw.line((pylon_x, y, end, deck_y - 6), fill=color, width=3)
    x = span[0]
    while x < span[1]:
        add_glow(light, (x, deck_y - 14), 9, (255, 200, 130), 1.5)
        x += 70
    add_glow(light, (pylon_x, top), 12, (255, 60, 40), 1.5)


# --------------------------------------------------------------------------- plants, people, props


def tree_crown(
    img: Image.Image, rng: random.Random, centre: Point, radius: float, dark: RGB, lit: RGB, sun: Point
) -> None:
    """Clustered leaf masses, lighter on the side facing ``sun`` (a unit vector), with gaps of sky."""
    pad = round(radius * 1.25)
    box = (round(centre[0]) - pad, round(centre[1]) - pad, round(centre[0]) + pad, round(centre[1]) + pad)
    crown, mask = Image.new("RGB", (2 * pad, 2 * pad)), Image.new("L", (2 * pad, 2 * pad), 0)
    draw, cut = ImageDraw.Draw(crown), ImageDraw.Draw(mask)
    for scale, count in ((0.11, 90), (0.05, 420)):
        for _ in range(max(8, min(count, round(count * radius / 250)))):
            angle, dist = rng.uniform(0, math.tau), radius * math.sqrt(rng.random()) * 0.82
            x, y = pad + math.cos(angle) * dist, pad + math.sin(angle) * dist * 0.85
            r = radius * scale * rng.uniform(0.6, 1.4)
            facing = (math.cos(angle) * sun[0] + math.sin(angle) * sun[1]) * dist / radius
            color = jitter(mix(dark, lit, 0.3 + 0.7 * facing * (1.4 if scale < 0.1 else 1.0)), rng, 8)
            draw.ellipse((x - r, y - r * 0.8, x + r, y + r * 0.8), fill=color)
            cut.ellipse((x - r, y - r * 0.8, x + r, y + r * 0.8), fill=255)
    blur = ImageFilter.GaussianBlur(max(0.6, radius * 0.004))
    img.paste(crown.filter(blur), box, mask.filter(blur))


def walker(
    draw: ImageDraw.ImageDraw,
    rng: random.Random,
    base: Point,
    height: float,
    color: RGB,
    rim: RGB | None = None,
) -> None:
    """A small walking figure whose feet are at ``base``, optionally with a rim of light on its left."""
    stride = height * rng.uniform(-0.11, 0.11)
    if rim is not None and height >= 8:
        walker_shape(
            draw, (base[0] - max(1.0, height * 0.012), base[1] - height * 0.004), height, stride, rim
        )
    walker_shape(draw, base, height, stride, color)


def walker_shape(draw: ImageDraw.ImageDraw, base: Point, u: float, stride: float, color: RGB) -> None:
    x, y = base
    if u < 8:
        draw.ellipse((x - u * 0.13, y - u, x + u * 0.13, y), fill=color)
        return
    head = u * 0.125
    draw.ellipse((x - head * 0.4, y - u, x + head * 0.4, y - u + head), fill=color)
    neck, hips = y - u + head * 0.95, y - u * 0.47
    shoulder = neck + u * 0.035
    draw.polygon(
        [
            (x - u * 0.05, neck),
            (x + u * 0.05, neck),
            (x + u * 0.12, shoulder),
            (x + u * 0.1, hips),
            (x - u * 0.1, hips),
            (x - u * 0.12, shoulder),
        ],
        fill=color,
    )
    arm, leg = max(1, round(u * 0.045)), max(1, round(u * 0.065))
    draw.line((x - u * 0.1, shoulder, x - u * 0.12 + stride * 0.6, y - u * 0.5), fill=color, width=arm)
    draw.line((x + u * 0.1, shoulder, x + u * 0.12 - stride * 0.6, y - u * 0.5), fill=color, width=arm)
    draw.line((x - u * 0.05, hips, x - u * 0.05 - stride, y), fill=color, width=leg)
    draw.line((x + u * 0.05, hips, x + u * 0.05 + stride, y), fill=color, width=leg)


def lantern(img: Image.Image, light: Image.Image, centre: Point, size: float, color: RGB) -> None:
    """A glowing paper lantern with ribs and dark caps."""
    draw = ImageDraw.Draw(img)
    cx, cy = centre
    rx, ry = size * 0.5, size * 0.62
    draw.ellipse((cx - rx, cy - ry, cx + rx, cy + ry), fill=dim(color, 0.55))
    shade_disc(img, (cx - rx, cy - ry, cx + rx, cy + ry), color, 0.6)
    if ry > 8:
        for k in range(1, 6):
            y = cy - ry + k * 2 * ry / 6
            half = rx * math.sqrt(max(0.0, 1 - ((y - cy) / ry) ** 2))
            draw.line((cx - half, y, cx + half, y), fill=dim(color, 0.7), width=max(1, round(size / 40)))
    cap = (10, 8, 8)
    draw.rectangle((cx - rx * 0.5, cy - ry * 1.1, cx + rx * 0.5, cy - ry * 0.9), fill=cap)
    draw.rectangle((cx - rx * 0.5, cy + ry * 0.9, cx + rx * 0.5, cy + ry * 1.1), fill=cap)
    add_glow(light, centre, size * 2.4, dim(color, 0.35), 2.2)
    add_glow(light, centre, size * 0.8, dim(color, 0.35), 1.6)


def bokeh(
    light: Image.Image,
    rng: random.Random,
    count: int,
    area: tuple[float, float, float, float],
    radius: tuple[float, float],
    colors: Sequence[RGB],
) -> None:
    """Out-of-focus highlights: soft-edged discs with a slightly brighter rim."""
    for _ in range(count):
        r = rng.uniform(*radius)
        x, y = rng.uniform(area[0], area[2]), rng.uniform(area[1], area[3])
        color = dim(rng.choice(colors), rng.uniform(0.25, 0.6))
        size = 2 * round(r) + 8
        disc = Image.new("RGB", (size, size))
        d = ImageDraw.Draw(disc)
        d.ellipse((4, 4, size - 5, size - 5), fill=color)
        d.ellipse((4, 4, size - 5, size - 5), outline=dim(color, 1.3), width=max(1, round(r * 0.08)))
        disc = disc.filter(ImageFilter.GaussianBlur(max(1.0, r * 0.04)))
        box = (
            round(x - size / 2),
            round(y - size / 2),
            round(x - size / 2) + size,
            round(y - size / 2) + size,
        )
        light.paste(ImageChops.add(light.crop(box), disc), box)


# --------------------------------------------------------------------------- portrait figures


@dataclass(frozen=True)
class Figure:
    """Head-and-shoulders figure; lengths in pixels."""

    cx: float
    top: float
    head: float
    shoulders: float
    hair: str = "short"
    tilt: float = 0.0

    @property
    def head_x(self) -> float:
        return self.cx + self.tilt * self.head


@dataclass(frozen=True)
class Lighting:
    base: RGB
    key: RGB
    key_side: int
    rim: RGB
    rim_width: float


def figure_mask(size: Size, fig: Figure) -> Image.Image:
    mask, draw = soft_layer(size)
    figure_body(draw, fig, size[1])
    figure_head(draw, fig)
    figure_hair(draw, fig)
    soft = mask.filter(ImageFilter.GaussianBlur(fig.head * 0.035))
    return soft.point([clamp8((v - 128) * 4 + 128) for v in range(256)]).filter(ImageFilter.GaussianBlur(1.2))


def figure_body(draw: ImageDraw.ImageDraw, fig: Figure, bottom: float) -> None:
    cx, hh, sw = fig.cx, fig.head, fig.shoulders
    neck_w, shoulder_y = hh * 0.22, fig.top + hh * 1.36
    draw.rectangle((fig.head_x - neck_w, fig.top + hh * 0.6, fig.head_x + neck_w, shoulder_y), fill=255)
    draw.polygon(
        [
            (cx - neck_w * 1.1, fig.top + hh * 1.06),
            (cx - sw * 0.7, shoulder_y + sw * 0.02),
            (cx + sw * 0.7, shoulder_y + sw * 0.02),
            (cx + neck_w * 1.1, fig.top + hh * 1.06),
        ],
        fill=255,
    )
    for s in (-1, 1):
        r = sw * 0.3
        draw.ellipse(
            (cx + s * sw * 0.7 - r, shoulder_y, cx + s * sw * 0.7 + r, shoulder_y + 2.2 * r), fill=255
        )
    draw.rounded_rectangle((cx - sw * 0.8, shoulder_y, cx + sw * 0.8, bottom + sw), radius=sw * 0.3, fill=255)
    draw.polygon(
        [
            (cx - sw, shoulder_y + sw * 0.3),
            (cx + sw, shoulder_y + sw * 0.3),
            (cx + sw * 0.98, bottom),
            (cx - sw * 0.98, bottom),
        ],
        fill=255,
    )


def figure_head(draw: ImageDraw.ImageDraw, fig: Figure) -> None:
    hh, hw, cx = fig.head, fig.head * 0.39, fig.head_x
    draw.ellipse((cx - hw, fig.top, cx + hw, fig.top + hh * 0.9), fill=255)
    draw.ellipse((cx - hw * 0.76, fig.top + hh * 0.35, cx + hw * 0.76, fig.top + hh), fill=255)
    ear_y = fig.top + hh * 0.4
    for s in (-1, 1):
        draw.ellipse((cx + s * hw - hw * 0.16, ear_y, cx + s * hw + hw * 0.16, ear_y + hh * 0.2), fill=255)


def figure_hair(draw: ImageDraw.ImageDraw, fig: Figure) -> None:
    hh, hw, cx, top = fig.head, fig.head * 0.39, fig.head_x, fig.top
    if fig.hair == "bald":
        return
    draw.ellipse((cx - hw * 1.07, top - hh * 0.05, cx + hw * 1.07, top + hh * 0.6), fill=255)
    if fig.hair == "bun":
        draw.ellipse((cx - hw * 0.3, top - hh * 0.3, cx + hw * 0.55, top + hh * 0.15), fill=255)
    elif fig.hair == "bob":
        draw.rounded_rectangle(
            (cx - hw * 1.15, top + hh * 0.1, cx + hw * 1.15, top + hh * 0.86), radius=hw * 0.5, fill=255
        )
    elif fig.hair == "long":
        draw.rounded_rectangle(
            (cx - hw * 1.12, top + hh * 0.15, cx + hw * 1.12, top + hh * 1.45), radius=hw * 0.5, fill=255
        )
    elif fig.hair == "cap":
        draw.ellipse((cx - hw * 1.12, top - hh * 0.1, cx + hw * 1.12, top + hh * 0.42), fill=255)
        draw.rounded_rectangle(
            (cx, top + hh * 0.26, cx + hw * 1.8, top + hh * 0.36), radius=hh * 0.04, fill=255
        )


def shifted(mask: Image.Image, dx: int, dy: int) -> Image.Image:
    out = Image.new("L", mask.size, 0)
    out.paste(mask, (dx, dy))
    return out


def paint_figure(img: Image.Image, mask: Image.Image, lighting: Lighting) -> Image.Image:
    """Fill the figure with side-lit shading and add a rim light on the other side."""
    box = mask.getbbox()
    if box is None:
        return img
    x0, y0, x1, y1 = box
    shade = gradient(
        (x1 - x0, y1 - y0), [(0.0, lighting.key), (0.6, lighting.base), (1.0, lighting.base)], horizontal=True
    )
    if lighting.key_side > 0:
        shade = shade.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    shade = ImageChops.multiply(shade, gradient(shade.size, [(0.0, WHITE), (1.0, (150, 150, 150))]))
    out = img.copy()
    out.paste(shade, (x0, y0), mask.crop(box))
    return ImageChops.screen(out, rim_light(mask, lighting))


def rim_light(mask: Image.Image, lighting: Lighting) -> Image.Image:
    d = max(2, round(lighting.rim_width))
    edge = ImageChops.subtract(mask, shifted(mask, lighting.key_side * d, round(d * 0.6)))
    glow = Image.new("RGB", mask.size)
    glow.paste(lighting.rim, mask=edge.filter(ImageFilter.GaussianBlur(d * 0.35)))
    wrap = Image.new("RGB", mask.size)
    wrap.paste(dim(lighting.rim, 0.35), mask=edge.filter(ImageFilter.GaussianBlur(d * 2.5)))
    return ImageChops.screen(glow, wrap)


def paint_inside(
    img: Image.Image, mask: Image.Image, points: Sequence[Point], color: RGB, alpha: float, blur: float = 2.0
) -> None:
    """Paint a clothing detail that is clipped to the figure."""
    shape = polygon_mask(img.size, points, blur=blur)
    img.paste(color, mask=scaled(ImageChops.multiply(shape, mask), alpha))


def collar(fig: Figure) -> list[Point]:
    neck_y, hh = fig.top + fig.head * 1.1, fig.head
    return [(fig.cx - hh * 0.3, neck_y), (fig.cx + hh * 0.3, neck_y), (fig.cx, neck_y + hh * 0.75)]


def jacket_lapels(fig: Figure, bottom: float) -> list[Point]:
    neck_y, hh = fig.top + fig.head * 1.1, fig.head
    return [
        (fig.cx - hh * 0.3, neck_y),
        (fig.cx, neck_y + hh * 0.75),
        (fig.cx + hh * 0.3, neck_y),
        (fig.cx + fig.shoulders * 0.8, neck_y + hh * 0.2),
        (fig.cx + fig.shoulders, bottom),
        (fig.cx - fig.shoulders, bottom),
        (fig.cx - fig.shoulders * 0.8, neck_y + hh * 0.2),
    ]


def portrait(
    backdrop: Image.Image,
    fig: Figure,
    lighting: Lighting,
    details: Sequence[tuple[Sequence[Point], RGB, float]] = (),
) -> tuple[Image.Image, Image.Image]:
    """Figure over a backdrop, with a soft shadow behind it; returns the picture and the figure mask."""
    mask = figure_mask(backdrop.size, fig)
    shadow = shifted(mask, round(-lighting.key_side * fig.head * 0.25), round(fig.head * 0.1))
    shadow = scaled(shadow.filter(ImageFilter.GaussianBlur(fig.head * 0.25)), 0.45)
    img = backdrop.copy()
    img.paste(BLACK, mask=shadow)
    img = paint_figure(img, mask, lighting)
    for points, color, alpha in details:
        paint_inside(img, mask, points, color, alpha, blur=fig.head * 0.03)
    return img, mask


def studio_backdrop(
    size: Size, rng: random.Random, stops: Stops, spot: Point, spot_color: RGB
) -> Image.Image:
    """Hand-painted canvas backdrop with a soft light spot."""
    img = gradient(size, stops)
    blotches = mottle(size, rng, 9)
    img = Image.composite(scaled(img, 1.12), scaled(img, 0.9), blotches)
    light = Image.new("RGB", size)
    add_glow(light, spot, (size[0] * 0.6, size[1] * 0.5), spot_color, 1.6)
    return ImageChops.screen(img, light)


# --------------------------------------------------------------------------- scenes: city and river


def cover() -> Image.Image:
    """Dusk skyline over the river; the upper third stays calm for the masthead."""
    rng = random.Random(101)
    w, h = size = (2600, 3650)
    horizon = round(h * 0.61)
    img = gradient(
        size,
        [
            (0.0, (10, 14, 40)),
            (0.25, (22, 28, 72)),
            (0.4, (66, 54, 112)),
            (0.5, (158, 86, 108)),
            (0.57, (232, 132, 92)),
            (0.61, (255, 188, 118)),
            (1.0, (255, 188, 118)),
        ],
    )
    sky = Image.new("RGB", size)
    add_glow(sky, (w * 0.66, horizon), (w * 0.8, h * 0.17), (160, 70, 26), 1.6)
    add_glow(sky, (w * 0.66, horizon), (w * 0.16, h * 0.045), (255, 170, 80), 1.8)
    img = ImageChops.screen(img, sky)
    streak_clouds(img, rng, (h * 0.43, h * 0.565), (236, 136, 118), 0.55, 30)
    light = Image.new("RGB", size)
    skyline(img, light, rng, Towers(horizon, (50, 240), (60, 190), (120, 72, 96)))
    tv_tower(img, light, w * 0.31, horizon, h * 0.26, (40, 30, 58))
    skyline(img, light, rng, Towers(horizon, (120, 500), (110, 250), (54, 38, 70), (10, 15), 0.3, 0.5))
    skyline(
        img,
        light,
        rng,
        Towers(horizon + 4, (220, 780), (170, 330), (24, 22, 42), (13, 19), 0.3, 0.6),
        span=(round(w * 0.5), w),
    )
    cable_bridge(img, light, w * 0.16, horizon - 30, (-40, w * 0.46), (30, 26, 46))
    img = bloom(img, light, ((3, 1.0), (18, 1.5), (90, 1.8)))
    img.paste(reflection(img, horizon, rng, smear=h * 0.012, tint=(150, 145, 170)), (0, horizon))
    return finish(img, rng, grain=4.5, vignette_amount=0.34)


def panorama() -> Image.Image:
    """Misty morning skyline in pastel layers, river in front (saved as TIFF)."""
    rng = random.Random(1414)
    w, h = size = (3000, 1200)
    horizon = round(h * 0.74)
    img = gradient(
        size,
        [(0.0, (150, 178, 212)), (0.45, (206, 204, 216)), (0.74, (250, 224, 204)), (1.0, (250, 224, 204))],
    )
    sun = Image.new("RGB", size)
    add_glow(sun, (w * 0.28, h * 0.5), (w * 0.3, h * 0.4), (90, 60, 30), 1.4)
    add_glow(sun, (w * 0.28, h * 0.5), h * 0.05, (120, 100, 70), 1.0)
    img = ImageChops.screen(img, sun)
    light = Image.new("RGB", size)
    layers = [
        Towers(horizon - 6, (30, 170), (50, 160), (196, 190, 206)),
        Towers(horizon - 2, (40, 300), (70, 190), (160, 158, 182), (6, 9), 0.0),
        Towers(horizon, (30, 210), (90, 220), (104, 106, 134), (7, 10), 0.0),
    ]
    for k, spec in enumerate(layers):
        skyline(img, light, rng, spec)
        if k == 0:
            tv_tower(img, light, w * 0.62, horizon - 6, h * 0.62, (180, 176, 196))
        mist_band(img, rng, spec.base - 30 - 20 * k, 60 + 20 * k)
    cable_bridge(img, Image.new("RGB", size), w * 0.82, horizon - 14, (w * 0.66, w * 1.02), (92, 94, 120))
    img.paste(reflection(img, horizon, rng, smear=h * 0.02, tint=(214, 214, 224), waves=0.35), (0, horizon))
    mist_band(img, rng, horizon + 10, 50)
    return finish(img, rng, grain=0.0, vignette_amount=0.18, lift=0)


def mist_band(img: Image.Image, rng: random.Random, y: float, height: float) -> None:
    mask, draw = soft_layer(img.size)
    for _ in range(24):
        cx, cy = rng.uniform(-0.1, 1.1) * img.width, y + rng.uniform(-0.3, 0.3) * height
        rx = rng.uniform(0.1, 0.3) * img.width
        draw.ellipse((cx - rx, cy - height / 2, cx + rx, cy + height / 2), fill=rng.randint(60, 140))
    img.paste((244, 236, 234), mask=mask.filter(ImageFilter.GaussianBlur((img.width * 0.02, height * 0.4))))


def harbour() -> Image.Image:
    """Blue hour at the media harbour: cranes, wavy modern buildings, lit water."""
    rng = random.Random(707)
    w, h = size = (3000, 2000)
    horizon = round(h * 0.64)
    img = gradient(
        size,
        [
            (0.0, (8, 18, 56)),
            (0.35, (26, 62, 124)),
            (0.56, (86, 136, 186)),
            (0.62, (156, 150, 186)),
            (0.64, (176, 156, 178)),
            (1.0, (176, 156, 178)),
        ],
    )
    light = Image.new("RGB", size)
    skyline(img, light, rng, Towers(horizon, (20, 90), (40, 140), (58, 70, 110), (4, 6), 0.3, 0.6))
    glass_tower(img, light, rng, (w * 0.55, horizon - h * 0.42, w * 0.63, horizon))
    for x0, width, height in (
        (w * 0.66, w * 0.09, h * 0.3),
        (w * 0.76, w * 0.1, h * 0.22),
        (w * 0.87, w * 0.12, h * 0.26),
    ):
        wavy_building(img, light, rng, (x0, horizon - height, x0 + width, horizon))
    containers(img, light, rng, horizon, (0, w * 0.5))
    for x, scale in ((w * 0.1, 1.0), (w * 0.3, 0.85), (w * 0.44, 0.62)):
        crane(img, light, x, horizon - 4, h * 0.4 * scale)
    quay_lamps(light, rng, horizon - 2, w)
    img = bloom(img, light, ((2, 1.0), (14, 1.5), (60, 1.4)))
    img.paste(reflection(img, horizon, rng, smear=h * 0.015, tint=(120, 140, 176)), (0, horizon))
    return finish(img, rng, grain=4.5, vignette_amount=0.3)


def glass_tower(img: Image.Image, light: Image.Image, rng: random.Random, box: tuple[float, ...]) -> None:
    x0, y0, x1, y1 = box
    points = [(x0, y0 + (y1 - y0) * 0.04), (x1, y0), (x1, y1), (x0, y1)]
    fill_gradient(img, points, [(0.0, (110, 150, 200)), (0.5, (40, 66, 110)), (1.0, (24, 34, 60))])
    draw, glow = ImageDraw.Draw(img), ImageDraw.Draw(light)
    y = y0 + 40
    while y < y1 - 10:
        if rng.random() < 0.55:
            color = dim(rng.choice(COOL_WINDOWS), rng.uniform(0.5, 0.9))
            draw.rectangle((x0 + 6, y, x1 - 6, y + 5), fill=color)
            glow.rectangle((x0 + 6, y, x1 - 6, y + 5), fill=dim(color, 0.4))
        y += 17
    draw.line((x0 + (x1 - x0) * 0.5, y0 - 10, x0 + (x1 - x0) * 0.5, y1), fill=(30, 42, 70), width=3)


def wavy_building(img: Image.Image, light: Image.Image, rng: random.Random, box: tuple[float, ...]) -> None:
    """A sculptural building whose floors bulge in and out."""
    x0, y0, x1, y1 = box
    amp, phase = (x1 - x0) * 0.08, rng.uniform(0, math.tau)
    rows = round((y1 - y0) / 24)
    bend = [amp * math.sin(phase + k * 0.35) for k in range(rows + 1)]
    left = [(x0 + bend[k], y0 + k * 24) for k in range(rows + 1)]
    right = [(x1 + bend[k] * 0.6, y0 + k * 24) for k in range(rows, -1, -1)]
    fill_gradient(
        img,
        left + right,
        [(0.0, (190, 196, 214)), (0.5, (120, 130, 160)), (1.0, (70, 80, 112))],
        horizontal=True,
    )
    draw, glow = ImageDraw.Draw(img), ImageDraw.Draw(light)
    for k in range(1, rows - 1):
        for j in range(int((x1 - x0 - 30) // 22)):
            x = x0 + bend[k] + 14 + j * 22
            rect = (x, y0 + k * 24 + 6, x + 12, y0 + k * 24 + 18)
            if rng.random() < 0.35:
                color = dim(rng.choice(WARM_WINDOWS + COOL_WINDOWS), rng.uniform(0.6, 1.0))
                draw.rectangle(rect, fill=color)
                glow.rectangle(rect, fill=dim(color, 0.5))
            else:
                draw.rectangle(rect, fill=(50, 58, 86))


def containers(
    img: Image.Image, light: Image.Image, rng: random.Random, base: int, span: tuple[float, float]
) -> None:
    draw = ImageDraw.Draw(img)
    colors = ((120, 40, 36), (36, 66, 110), (150, 90, 30), (46, 90, 70), (96, 100, 110), (130, 120, 60))
    x = span[0]
    while x < span[1]:
        stack = rng.randint(1, 4)
        for level in range(stack):
            y = base - (level + 1) * 26
            color = dim(rng.choice(colors), 0.75)
            draw.rectangle((x, y, x + 92, y + 24), fill=color)
            for rib in range(4, 92, 7):
                draw.line((x + rib, y + 2, x + rib, y + 22), fill=dim(color, 0.8))
        x += 96 + rng.choice((0, 0, 40))
    add_glow(light, ((span[0] + span[1]) / 2, base - 40), (span[1] - span[0], 70), (70, 36, 10), 1.2)


def crane(img: Image.Image, light: Image.Image, x: float, base: float, height: float) -> None:
    """A ship-to-shore gantry crane in silhouette, boom out over the water."""
    draw = ImageDraw.Draw(img)
    color, s = (16, 24, 42), height
    boom_y, legs = base - s * 0.62, (x - s * 0.16, x + s * 0.16)
    lw = max(3, round(s * 0.012))
    for leg in legs:
        draw.line((leg, base, leg, boom_y), fill=color, width=lw * 2)
    draw.line((legs[0], base - s * 0.3, legs[1], base - s * 0.3), fill=color, width=lw * 2)
    draw.rectangle((x - s * 0.5, boom_y - s * 0.035, x + s * 0.32, boom_y), fill=color)
    for k in range(24):
        bx = x - s * 0.5 + k * s * 0.034
        draw.line((bx, boom_y, bx + s * 0.017, boom_y - s * 0.035), fill=dim(color, 2.2), width=1)
    apex = (x + s * 0.04, base - s)
    draw.line((legs[0], boom_y, apex[0], apex[1]), fill=color, width=lw * 2)
    draw.line((legs[1], boom_y, apex[0], apex[1]), fill=color, width=lw * 2)
    for end in (x - s * 0.5, x - s * 0.25, x + s * 0.3):
        draw.line((apex[0], apex[1], end, boom_y - s * 0.03), fill=color, width=lw)
    draw.rectangle((x - s * 0.05, boom_y, x + s * 0.08, boom_y + s * 0.05), fill=color)
    for point in (apex, (x - s * 0.5, boom_y - s * 0.04), (x + s * 0.32, boom_y - s * 0.04)):
        add_glow(light, point, s * 0.018, (255, 40, 30), 1.4)
    add_glow(light, (x + s * 0.015, boom_y + s * 0.05), s * 0.03, (255, 230, 190), 1.6)


def quay_lamps(light: Image.Image, rng: random.Random, y: float, width: int) -> None:
    x = rng.uniform(0, 60)
    while x < width:
        add_glow(light, (x, y - 30), 10, (255, 190, 110), 1.4)
        add_glow(light, (x, y - 30), 50, (90, 50, 16), 1.6)
        x += rng.uniform(90, 160)


def promenade() -> Image.Image:
    """Riverside promenade in evening light: plane trees, lamps, strollers, the river on the left."""
    rng = random.Random(202)
    w, h = size = (3000, 2000)
    cam = Camera(w * 0.68, h * 0.44, w * 0.9)
    img = gradient(
        size,
        [
            (0.0, (112, 140, 184)),
            (0.22, (176, 174, 196)),
            (0.38, (242, 194, 152)),
            (0.45, (255, 212, 160)),
            (1.0, (255, 212, 160)),
        ],
    )
    sun = Image.new("RGB", size)
    add_glow(sun, (w * 0.2, cam.vy - h * 0.04), (w * 0.55, h * 0.35), (150, 84, 30), 1.5)
    add_glow(sun, (w * 0.2, cam.vy - h * 0.04), h * 0.035, (255, 236, 190), 1.2)
    img = ImageChops.screen(img, sun)
    streak_clouds(img, rng, (h * 0.08, h * 0.34), (252, 204, 176), 0.45, 16)
    light = Image.new("RGB", size)
    skyline(
        img, light, rng, Towers(round(cam.vy + 10), (10, 70), (20, 110), (150, 118, 126), (3, 4), 0.08, 0.4)
    )
    river(img, rng, cam)
    promenade_ground(img, cam)
    riverside_facades(img, light, rng, cam)
    railing(img, cam)
    items: list[tuple[float, Paint]] = []
    for z in range(9, 260, 7):
        items.append((z, functools.partial(plane_tree, img, rng, cam, z)))
    for z in range(5, 200, 14):
        items.append((z, functools.partial(street_lamp, img, light, cam, 7.5, z)))
    for _ in range(46):
        z = 10 + 100 * rng.random() ** 1.5
        items.append((z, functools.partial(stroller, img, rng, cam, rng.uniform(-2.3, 6.8), z)))
    paint_by_depth(items)
    img = bloom(img, light, ((3, 1.0), (20, 1.3)))
    img = tinted(img, (255, 242, 226))
    return finish(img, rng, grain=4.5, vignette_amount=0.3)


def river(img: Image.Image, rng: random.Random, cam: Camera) -> None:
    horizon = round(cam.vy + 10)
    water = Image.new("RGB", img.size)
    water.paste(reflection(img, horizon, rng, smear=12, tint=(196, 184, 178)), (0, horizon))
    edge = [(-img.width, horizon), cam.at(-3, 1.7, 400), cam.at(-3, 1.7, 0.5), (-img.width, img.height * 3)]
    img.paste(water, mask=polygon_mask(img.size, edge))
    barge = ImageDraw.Draw(img)
    y = horizon + 34
    barge.polygon([(180, y), (980, y), (1000, y - 22), (160, y - 22)], fill=(44, 36, 42))
    barge.rectangle((860, y - 62, 960, y - 22), fill=(52, 42, 48))
    barge.rectangle((872, y - 52, 948, y - 40), fill=(230, 190, 140))


def promenade_ground(img: Image.Image, cam: Camera) -> None:
    floor = cam.flat(1.7, -3, 12, 0.4, 600)
    fill_gradient(img, floor, [(0.0, (226, 196, 168)), (0.1, (200, 168, 140)), (1.0, (120, 102, 92))])
    seams, draw = soft_layer(img.size)
    for k in range(12):
        draw.line([cam.at(-3 + k * 1.25, 1.7, 0.4), cam.at(-3 + k * 1.25, 1.7, 600)], fill=90, width=2)
    z = 1.0
    while z < 80:
        draw.line([cam.at(-3, 1.7, z), cam.at(12, 1.7, z)], fill=90, width=max(1, round(cam.scale(0.02, z))))
        z += 1.25
    img.paste((80, 64, 58), mask=seams.filter(ImageFilter.GaussianBlur(1)))
    ImageDraw.Draw(img).polygon(cam.flat(1.7, -3, -2.6, 0.4, 600), fill=(236, 214, 188))


def riverside_facades(img: Image.Image, light: Image.Image, rng: random.Random, cam: Camera) -> None:
    fill_gradient(
        img,
        cam.side(15, -14, 1.7, 0.6, 900),
        [(0.0, (236, 204, 170)), (0.5, (214, 160, 112)), (1.0, (196, 136, 92))],
        horizontal=True,
    )
    draw, glow = ImageDraw.Draw(img), ImageDraw.Draw(light)
    for storey in range(4):
        y0 = -1.6 - storey * 3.2 - 1.6
        z = 2.0
        while z < 260:
            quad = cam.side(14.98, y0, y0 + 1.7, z, z + 1.3)
            if storey == 0 and rng.random() < 0.7:
                color = dim(rng.choice(WARM_WINDOWS), rng.uniform(0.7, 1.0))
                draw.polygon(quad, fill=color)
                glow.polygon(quad, fill=dim(color, 0.45))
            else:
                draw.polygon(quad, fill=mix((96, 104, 128), (230, 200, 170), z / 260))
            z += 3.4
    draw.polygon(cam.side(14.95, -14.4, -13.6, 0.6, 900), fill=(150, 104, 74))


def railing(img: Image.Image, cam: Camera) -> None:
    draw, color = ImageDraw.Draw(img), (40, 34, 38)
    for z in [2 + 1.8 * k for k in range(80)]:
        draw.line(
            [cam.at(-2.9, 1.7, z), cam.at(-2.9, 0.65, z)], fill=color, width=max(1, round(cam.scale(0.05, z)))
        )
    for y in (0.65, 1.15):
        points = [cam.at(-2.9, y, z) for z in (1.2, 2, 4, 8, 16, 40, 150)]
        for a, b in itertools.pairwise(points):
            draw.line(
                [a, b], fill=color, width=max(1, round(cam.scale(0.04, cam.focal * 0.9 / max(1, a[1]))))
            )


def plane_tree(img: Image.Image, rng: random.Random, cam: Camera, z: float) -> None:
    draw, haze = ImageDraw.Draw(img), min(1.0, z / 220)
    trunk = mix((46, 38, 34), (200, 170, 150), haze)
    draw.polygon(cam.side(9.5, -2.5, 1.7, z, z + 0.45), fill=trunk)
    base = cam.at(9.5, 1.7, z)
    top = cam.at(9.5, -3.2, z)
    draw.line([base, top], fill=trunk, width=max(1, round(cam.scale(0.45, z))))
    crown = cam.at(9.5, -6.0, z)
    radius = cam.scale(3.4, z)
    dark, lit = mix((34, 44, 28), (196, 170, 150), haze), mix((150, 130, 60), (236, 200, 160), haze)
    tree_crown(img, rng, crown, radius, dark, lit, (-0.8, -0.6))


def street_lamp(img: Image.Image, light: Image.Image, cam: Camera, x: float, z: float) -> None:
    draw = ImageDraw.Draw(img)
    draw.line(
        [cam.at(x, 1.7, z), cam.at(x, -3.3, z)], fill=(36, 32, 36), width=max(1, round(cam.scale(0.1, z)))
    )
    head = cam.at(x, -3.3, z)
    r = cam.scale(0.22, z)
    draw.ellipse((head[0] - r, head[1] - r, head[0] + r, head[1] + r), fill=(255, 224, 170))
    add_glow(light, head, r * 5, (130, 80, 30), 1.8)


def stroller(img: Image.Image, rng: random.Random, cam: Camera, x: float, z: float) -> None:
    """A walker with a long evening shadow falling away from the low sun on the left."""
    colors = (
        (58, 48, 58),
        (120, 44, 40),
        (40, 58, 92),
        (206, 184, 150),
        (70, 88, 60),
        (30, 30, 36),
        (180, 90, 60),
    )
    haze = z / 160
    color = mix(dim(rng.choice(colors), 0.55), (214, 180, 150), haze)
    feet, height = cam.at(x, 1.7, z), cam.scale(rng.uniform(1.6, 1.9), z)
    shade = ImageDraw.Draw(img, "RGBA")
    tip = cam.at(x + 3.2, 1.7, z - 0.8)
    half = height * 0.07
    shade.polygon(
        [(feet[0] - half, feet[1]), (feet[0] + half, feet[1]), (tip[0] + half, tip[1]), (tip[0], tip[1])],
        fill=(60, 40, 40, round(110 * (1 - haze))),
    )
    walker(ImageDraw.Draw(img), rng, feet, height, color, rim=mix((255, 196, 130), color, haze))


def japanese_quarter() -> Image.Image:
    """Shopping street at night with rows of red and white lanterns and a wet road."""
    rng = random.Random(303)
    w, h = size = (2400, 1600)
    cam = Camera(w * 0.5, h * 0.47, w * 0.8)
    img = gradient(size, [(0.0, (6, 8, 22)), (0.45, (30, 26, 58)), (1.0, (30, 26, 58))])
    light, mirror = Image.new("RGB", size), Image.new("RGB", size)
    fill_gradient(
        img, cam.flat(1.6, -5, 5, 0.3, 400), [(0.0, (52, 42, 60)), (0.2, (26, 24, 32)), (1.0, (14, 14, 20))]
    )
    for side in (-1, 1):
        fill_gradient(
            img,
            cam.side(side * 5, -14, 1.6, 0.3, 400),
            [(0.0, (22, 18, 26)), (1.0, (48, 36, 56))],
            horizontal=side < 0,
        )
        shop_row(img, light, mirror, rng, cam, side)
    items: list[tuple[float, Paint]] = []
    for side in (-1, 1):
        for z in [2.2 + 1.7 * k for k in range(40)]:
            items.append(
                (
                    z,
                    functools.partial(
                        street_lantern, img, light, mirror, cam, (side * 4.4, -2.1, z), k_color(z)
                    ),
                )
            )
    for z in (7.0, 13.0, 20.0, 29.0, 40.0, 55.0):
        items.append((z, functools.partial(lantern_string, img, light, mirror, cam, z)))
    paint_by_depth(items)
    wet = scaled(mirror.filter(ImageFilter.GaussianBlur((8, 26))), 1.1)
    img.paste(ImageChops.screen(img, wet), mask=polygon_mask(size, cam.flat(1.6, -5, 5, 0.3, 400)))
    img = bloom(img, light, ((3, 1.0), (16, 1.4), (70, 1.2)))
    people = [(rng.uniform(12, 50), rng.uniform(-3.5, 3.5)) for _ in range(16)]
    for z, x in sorted(people, reverse=True):
        walker(
            ImageDraw.Draw(img),
            rng,
            cam.at(x, 1.6, z),
            cam.scale(rng.uniform(1.6, 1.85), z),
            (14, 12, 18),
            rim=(90, 50, 46),
        )
    discs = Image.new("RGB", size)
    bokeh(discs, rng, 6, (-100, -100, w * 0.22, h * 0.3), (60, 130), ((255, 70, 50), (255, 190, 120)))
    bokeh(discs, rng, 6, (w * 0.78, -100, w + 100, h * 0.3), (60, 130), ((255, 70, 50), (255, 230, 200)))
    img = ImageChops.screen(img, scaled(discs, 0.6))
    return finish(img, rng, grain=5.5, vignette_amount=0.45)


def k_color(z: float) -> RGB:
    return (236, 52, 40) if round(z * 10) % 2 else (255, 238, 212)


def shop_row(
    img: Image.Image, light: Image.Image, mirror: Image.Image, rng: random.Random, cam: Camera, side: int
) -> None:
    draw, glow, wet = ImageDraw.Draw(img), ImageDraw.Draw(light), ImageDraw.Draw(mirror)
    x, z = side * 4.98, 2.5
    while z < 160:
        width = rng.uniform(4, 8)
        color = dim(
            rng.choice(((255, 176, 84), (255, 214, 150), (255, 130, 90), (255, 236, 206), (150, 206, 255))),
            rng.uniform(0.45, 0.8),
        )
        front = [(x, -1.3, z + 0.5), (x, -1.3, z + width - 1.4), (x, 0.9, z + width - 1.4), (x, 0.9, z + 0.5)]
        fill_gradient(img, [cam.at(*p) for p in front], [(0.0, color), (1.0, dim(color, 0.45))])
        glow.polygon([cam.at(*p) for p in front], fill=dim(color, 0.25))
        wet.polygon(mirrored(front, cam, 1.6), fill=dim(color, 0.2))
        shop_interior(draw, cam, x, z + 0.5, z + width - 1.4, dim(color, 0.45))
        noren = rng.choice(((40, 40, 110), (150, 30, 36), (30, 30, 34)))
        for k in range(5):
            z0 = z + 0.3 + k * (width - 0.6) / 5
            draw.polygon(
                cam.side(x * 0.999, -1.5, -0.6, z0 + 0.04, z0 + (width - 0.6) / 5 - 0.04), fill=noren
            )
        upper_windows(draw, glow, rng, cam, x, z, width)
        if z > 5 and rng.random() < 0.7:
            signboard(img, light, rng, cam, side, z + 0.5)
        z += width


def shop_interior(draw: ImageDraw.ImageDraw, cam: Camera, x: float, z0: float, z1: float, color: RGB) -> None:
    """Shelves and window bars seen through a lit shop window."""
    width = max(1, round(cam.scale(0.04, z0)))
    for y in (-0.7, -0.15, 0.4):
        draw.line([cam.at(x, y, z0), cam.at(x, y, z1)], fill=color, width=width)
    z = z0
    while z < z1:
        draw.line(
            [cam.at(x, -1.3, z), cam.at(x, 0.9, z)],
            fill=(20, 16, 18),
            width=max(1, round(cam.scale(0.08, z))),
        )
        z += 1.3
    draw.polygon(cam.side(x, -1.3, 1.6, z1, z1 + 0.9), fill=(16, 12, 16))


def upper_windows(
    draw: ImageDraw.ImageDraw,
    glow: ImageDraw.ImageDraw,
    rng: random.Random,
    cam: Camera,
    x: float,
    z: float,
    width: float,
) -> None:
    for storey in range(3):
        y0 = -4.4 - storey * 3.2
        if rng.random() < 0.45:
            color = dim(rng.choice(WARM_WINDOWS + COOL_WINDOWS), rng.uniform(0.3, 0.6))
            quad = cam.side(x * 0.999, y0, y0 + 1.5, z + 1, z + width - 1)
            draw.polygon(quad, fill=color)
            glow.polygon(quad, fill=dim(color, 0.3))


def signboard(
    img: Image.Image, light: Image.Image, rng: random.Random, cam: Camera, side: int, z: float
) -> None:
    """A vertical sign sticking out of the facade: lit panel with abstract marks, no words."""
    draw = ImageDraw.Draw(img)
    color = rng.choice(((230, 40, 50), (255, 180, 60), (250, 244, 230), (60, 200, 190)))
    x0, x1 = sorted((side * 4.95, side * 4.25))
    box = cam.front(z, x0, x1, -5.6, -2.6)
    draw.rectangle(box, fill=(18, 14, 16))
    inset = (box[2] - box[0]) * 0.12
    inner = (box[0] + inset, box[1] + inset, box[2] - inset, box[3] - inset)
    draw.rectangle(inner, fill=color)
    mark = dim(color, 0.35) if sum(color) > 500 else (250, 240, 220)
    step = (inner[3] - inner[1]) / 5
    for k in range(4):
        y = inner[1] + step * (k + 0.6)
        draw.rectangle((inner[0] + inset, y, inner[2] - inset, y + step * rng.uniform(0.3, 0.6)), fill=mark)
    centre = ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)
    add_glow(light, centre, ((box[2] - box[0]) * 2.2, (box[3] - box[1]) * 0.9), dim(color, 0.4), 2.0)


def street_lantern(
    img: Image.Image,
    light: Image.Image,
    mirror: Image.Image,
    cam: Camera,
    pos: tuple[float, float, float],
    color: RGB,
) -> None:
    x, y, z = pos
    size = cam.scale(0.42, z)
    lantern(img, light, cam.at(x, y, z), size, color)
    add_glow(mirror, cam.at(x, 2 * 1.6 - y, z), (size * 0.6, size * 1.6), dim(color, 0.6), 1.6)


def lantern_string(img: Image.Image, light: Image.Image, mirror: Image.Image, cam: Camera, z: float) -> None:
    """A sagging wire across the street with lanterns hanging from it."""

    def sag(x: float) -> float:
        return -3.5 + 0.7 * (1 - (x / 5) ** 2)

    points = [cam.at(x / 4, sag(x / 4), z) for x in range(-20, 21)]
    ImageDraw.Draw(img).line(points, fill=(10, 10, 12), width=max(1, round(cam.scale(0.02, z))))
    for k in range(-4, 5):
        color = (236, 52, 40) if k % 2 else (255, 238, 212)
        street_lantern(img, light, mirror, cam, (k, sag(k) + 0.35, z), color)


def district() -> Image.Image:
    """A sunny street of old townhouses with stucco facades."""
    rng = random.Random(808)
    w, h = size = (2400, 1600)
    img = gradient(size, [(0.0, (66, 124, 204)), (0.3, (140, 184, 234)), (1.0, (186, 212, 240))])
    cumulus(img, rng, (w * 0.3, h * 0.09), w * 0.26, (188, 198, 216))
    cumulus(img, rng, (w * 0.8, h * 0.05), w * 0.2, (188, 198, 216))
    ground = round(h * 0.84)
    palette = (
        (236, 222, 194),
        (214, 168, 116),
        (226, 186, 180),
        (170, 186, 196),
        (206, 202, 168),
        (242, 234, 222),
    )
    x, k = -rng.randint(60, 160), rng.randrange(len(palette))
    while x < w:
        width = rng.randint(400, 540)
        townhouse(img, rng, (x, x + width), ground, palette[k % len(palette)], rng.choice((3, 4, 4)))
        x, k = x + width, k + 1
    pavement(img, rng, ground)
    cast_shadow(img, ground)
    base = (w * 0.88, ground + h * 0.05)
    ImageDraw.Draw(img).polygon(
        [
            (base[0] - 22, base[1]),
            (base[0] + 22, base[1]),
            (base[0] + 12, h * 0.38),
            (base[0] - 12, h * 0.38),
        ],
        fill=(62, 50, 40),
    )
    tree_crown(img, rng, (base[0], h * 0.3), w * 0.15, (36, 66, 34), (150, 186, 92), (-0.7, -0.7))
    return finish(img, rng, grain=3.5, vignette_amount=0.2)


def townhouse(
    img: Image.Image, rng: random.Random, span: tuple[int, int], ground: int, color: RGB, storeys: int
) -> None:
    x0, x1 = span
    storey, ground_floor = rng.randint(196, 214), 290
    top = ground - ground_floor - storeys * storey
    fill_gradient(
        img,
        [(x0 - 10, top - 4), (x0 + 50, top - 120), (x1 - 50, top - 120), (x1 + 10, top - 4)],
        [(0.0, (70, 74, 86)), (1.0, (104, 108, 120))],
    )
    fill_gradient(
        img,
        [(x0, top), (x1, top), (x1, ground), (x0, ground)],
        [(0.0, mix(color, WHITE, 0.12)), (1.0, dim(color, 0.9))],
        horizontal=True,
    )
    draw, shade = ImageDraw.Draw(img), ImageDraw.Draw(img, "RGBA")
    draw.rectangle((x0 - 8, top - 12, x1 + 8, top + 14), fill=mix(color, WHITE, 0.3))
    shade.rectangle((x0, top + 14, x1, top + 32), fill=(40, 30, 40, 60))
    draw.rectangle(
        (x0, ground - ground_floor - 12, x1, ground - ground_floor + 4), fill=mix(color, WHITE, 0.25)
    )
    draw.rectangle((x0, top + 14, x0 + 18, ground), fill=mix(color, WHITE, 0.2))
    columns = 3 if x1 - x0 < 470 else 4
    for level in range(storeys):
        y = ground - ground_floor - (level + 1) * storey + 46
        for c in range(columns):
            cx = x0 + (x1 - x0) * (c + 0.5) / columns
            sash_window(img, (cx - 36, y, cx + 36, y + 150), color, pediment=level == 0)
    dormer_y = top - 90
    for c in range(columns - 1):
        cx = x0 + (x1 - x0) * (c + 1) / columns
        draw.rectangle((cx - 26, dormer_y, cx + 26, top - 6), fill=(84, 88, 100))
        sash_window(img, (cx - 18, dormer_y + 10, cx + 18, top - 14), (84, 88, 100), pediment=False)
    shopfront(img, rng, (x0, x1), ground, ground_floor, color)


def sash_window(
    img: Image.Image, box: tuple[float, float, float, float], wall: RGB, *, pediment: bool
) -> None:
    x0, y0, x1, y1 = box
    draw, shade = ImageDraw.Draw(img), ImageDraw.Draw(img, "RGBA")
    frame = (240, 236, 228)
    draw.rectangle((x0 - 8, y0 - 8, x1 + 8, y1 + 8), fill=mix(wall, WHITE, 0.35))
    draw.rectangle(box, fill=frame)
    fill_gradient(
        img,
        [(x0 + 5, y0 + 5), (x1 - 5, y0 + 5), (x1 - 5, y1 - 5), (x0 + 5, y1 - 5)],
        [(0.0, (156, 184, 212)), (0.45, (70, 86, 106)), (1.0, (38, 46, 58))],
    )
    mid_x, mid_y = (x0 + x1) / 2, y0 + (y1 - y0) * 0.45
    draw.line((mid_x, y0, mid_x, y1), fill=frame, width=4)
    draw.line((x0, mid_y, x1, mid_y), fill=frame, width=5)
    shade.polygon(
        [
            (x0 + 5, y0 + 5),
            (x1 - 5, y0 + 5),
            (x1 - 5, y0 + 16),
            (x0 + 16, y0 + 16),
            (x0 + 16, y1 - 5),
            (x0 + 5, y1 - 5),
        ],
        fill=(0, 0, 0, 70),
    )
    draw.rectangle((x0 - 14, y1 + 8, x1 + 14, y1 + 18), fill=mix(wall, WHITE, 0.5))
    shade.rectangle((x0 - 14, y1 + 18, x1 + 14, y1 + 30), fill=(30, 20, 30, 50))
    if pediment:
        draw.polygon(
            [(x0 - 18, y0 - 12), (x1 + 18, y0 - 12), ((x0 + x1) / 2, y0 - 46)], fill=mix(wall, WHITE, 0.4)
        )
        shade.rectangle((x0 - 18, y0 - 12, x1 + 18, y0 - 4), fill=(30, 20, 30, 50))
    else:
        draw.rectangle((x0 - 14, y0 - 22, x1 + 14, y0 - 10), fill=mix(wall, WHITE, 0.4))


def shopfront(
    img: Image.Image, rng: random.Random, span: tuple[int, int], ground: int, height: int, wall: RGB
) -> None:
    x0, x1 = span
    draw, shade = ImageDraw.Draw(img), ImageDraw.Draw(img, "RGBA")
    door_x = x0 + (x1 - x0) * rng.choice((0.22, 0.78))
    door = (door_x - 46, ground - 230, door_x + 46, ground)
    draw.rounded_rectangle(
        (door[0] - 10, door[1] - 10, door[2] + 10, door[3]), radius=56, fill=mix(wall, WHITE, 0.4)
    )
    draw.rounded_rectangle(door, radius=46, fill=rng.choice(((54, 72, 60), (88, 52, 40), (40, 50, 74))))
    for py in (door[1] + 70, door[1] + 150):
        shade.rectangle((door[0] + 14, py, door[2] - 14, py + 60), fill=(0, 0, 0, 50))
    sx0 = x0 + 40 if door_x > (x0 + x1) / 2 else door[2] + 40
    sx1 = door[0] - 40 if door_x > (x0 + x1) / 2 else x1 - 40
    fill_gradient(
        img,
        [(sx0, ground - 220), (sx1, ground - 220), (sx1, ground - 50), (sx0, ground - 50)],
        [(0.0, (120, 140, 160)), (0.5, (52, 58, 66)), (1.0, (70, 66, 60))],
    )
    draw.rectangle((sx0 - 8, ground - 50, sx1 + 8, ground - 40), fill=mix(wall, WHITE, 0.4))
    stripes = rng.choice(
        (((46, 92, 70), (236, 232, 220)), ((170, 48, 44), (240, 232, 220)), ((40, 60, 110), WHITE))
    )
    for k in range(int((sx1 - sx0) // 36) + 1):
        sx = sx0 - 12 + k * 36
        draw.polygon(
            [(sx, ground - 250), (sx + 36, ground - 250), (sx + 44, ground - 200), (sx + 8, ground - 200)],
            fill=stripes[k % 2],
        )
    shade.polygon(
        [(sx0 - 4, ground - 200), (sx1 + 20, ground - 200), (sx1 + 10, ground - 150), (sx0, ground - 150)],
        fill=(20, 10, 20, 70),
    )


def pavement(img: Image.Image, rng: random.Random, ground: int) -> None:
    w, h = img.size
    draw = ImageDraw.Draw(img)
    curb = ground + round(h * 0.07)
    fill_gradient(
        img,
        [(0, ground), (w, ground), (w, curb), (0, curb)],
        [(0.0, (186, 182, 176)), (1.0, (206, 202, 196))],
    )
    for x in range(-40, w + 40, 90):
        draw.line((x + 30, ground, x - 10, curb), fill=(160, 156, 150), width=2)
    draw.line((0, (ground + curb) / 2, w, (ground + curb) / 2), fill=(166, 162, 156), width=2)
    draw.rectangle((0, curb, w, curb + 14), fill=(220, 216, 210))
    fill_gradient(
        img, [(0, curb + 14), (w, curb + 14), (w, h), (0, h)], [(0.0, (82, 84, 90)), (1.0, (58, 60, 66))]
    )
    for x in range(rng.randint(0, 200), w, 260):
        draw.rectangle((x, h - 40, x + 120, h - 28), fill=(200, 200, 196))


def cast_shadow(img: Image.Image, ground: int) -> None:
    """Shade of the houses across the street, falling diagonally over the lower facades."""
    w, h = img.size
    mask = polygon_mask(img.size, [(0, ground - h * 0.34), (w, ground - h * 0.12), (w, h), (0, h)], blur=8)
    shadow = tinted(img, (150, 160, 196))
    img.paste(shadow, mask=mask)


# --------------------------------------------------------------------------- scenes: portraits


def interview_portrait() -> Image.Image:
    """Head-and-shoulders silhouette in a suit against a painted slate-teal studio backdrop."""
    rng = random.Random(404)
    w, h = size = (2000, 2600)
    backdrop = studio_backdrop(
        size, rng, [(0.0, (62, 80, 88)), (1.0, (24, 32, 38))], (w * 0.6, h * 0.32), (74, 88, 86)
    )
    fig = Figure(w * 0.5, h * 0.2, h * 0.26, w * 0.37, "short", tilt=0.04)
    lighting = Lighting((22, 22, 26), (96, 86, 80), -1, (255, 220, 184), h * 0.006)
    details = [(jacket_lapels(fig, h), (16, 16, 20), 0.45), (collar(fig), (110, 112, 118), 0.45)]
    img, _ = portrait(backdrop, fig, lighting, details)
    return finish(img, rng, grain=4.0, vignette_amount=0.45)


def editor() -> Image.Image:
    """Small portrait of the editor: bob haircut, warm ochre backdrop, light from the right."""
    rng = random.Random(1515)
    w, h = size = (900, 1200)
    backdrop = studio_backdrop(
        size, rng, [(0.0, (200, 150, 72)), (1.0, (104, 64, 30))], (w * 0.32, h * 0.3), (96, 64, 24)
    )
    fig = Figure(w * 0.53, h * 0.22, h * 0.25, w * 0.36, "bob", tilt=-0.03)
    lighting = Lighting((40, 28, 26), (156, 112, 92), 1, (255, 240, 214), h * 0.006)
    details = [(jacket_lapels(fig, h), (54, 36, 34), 0.4), (collar(fig), (176, 160, 146), 0.4)]
    img, _ = portrait(backdrop, fig, lighting, details)
    return finish(img, rng, grain=3.5, vignette_amount=0.35)


def baker() -> Image.Image:
    """Baker in a white toque and apron, backlit in a warm bakery full of bread."""
    rng = random.Random(505)
    w, h = size = (1800, 2400)
    fig = Figure(w * 0.46, h * 0.27, h * 0.21, w * 0.33, "bald", tilt=-0.03)
    lighting = Lighting((46, 30, 24), (136, 98, 70), 1, (255, 196, 128), h * 0.005)
    details = [(apron(fig, h), (140, 126, 110), 0.7)]
    img, _ = portrait(bakery_backdrop(size, rng), fig, lighting, details)
    toque(img, fig)
    return finish(img, rng, grain=4.0, vignette_amount=0.4)


def apron(fig: Figure, bottom: float) -> list[Point]:
    hh, cx = fig.head, fig.cx
    y0 = fig.top + hh * 1.55
    return [
        (cx - hh * 0.42, y0),
        (cx + hh * 0.42, y0),
        (cx + hh * 0.5, y0 + hh * 0.8),
        (cx + fig.shoulders * 0.75, bottom),
        (cx - fig.shoulders * 0.75, bottom),
        (cx - hh * 0.5, y0 + hh * 0.8),
    ]


def toque(img: Image.Image, fig: Figure) -> None:
    """A pleated chef's hat, lit from the right."""
    hh, hw, cx, top = fig.head, fig.head * 0.39, fig.head_x, fig.top
    mask, draw = soft_layer(img.size)
    draw.rounded_rectangle(
        (cx - hw * 1.02, top - hh * 0.2, cx + hw * 1.02, top + hh * 0.28), radius=hh * 0.06, fill=255
    )
    for dx in (-0.6, 0.0, 0.6):
        draw.ellipse(
            (cx + hw * (dx - 0.75), top - hh * 0.75, cx + hw * (dx + 0.75), top - hh * 0.05), fill=255
        )
    mask = mask.filter(ImageFilter.GaussianBlur(3))
    x0, y0, x1, y1 = mask.getbbox() or (0, 0, 1, 1)
    shade = gradient(
        (x1 - x0, y1 - y0),
        [(0.0, (120, 108, 100)), (0.7, (206, 196, 182)), (1.0, (250, 236, 214))],
        horizontal=True,
    )
    img.paste(shade, (x0, y0), mask.crop((x0, y0, x1, y1)))
    pleats = ImageDraw.Draw(img, "RGBA")
    for k in range(-3, 4):
        x = cx + k * hw * 0.28
        pleats.line(
            (x, top - hh * 0.15, x + k * 2, top + hh * 0.26),
            fill=(60, 50, 40, 60),
            width=max(2, round(hh * 0.02)),
        )


def bakery_backdrop(size: Size, rng: random.Random) -> Image.Image:
    """Shelves of loaves under warm pendant lamps, thrown out of focus."""
    w, h = size
    img = gradient(size, [(0.0, (92, 56, 32)), (0.5, (130, 80, 42)), (1.0, (60, 36, 22))])
    draw = ImageDraw.Draw(img)
    for row in range(6):
        y = h * (0.16 + row * 0.16)
        draw.rectangle((0, y, w, y + h * 0.018), fill=(64, 38, 22))
        draw.rectangle((0, y, w, y + h * 0.004), fill=(170, 120, 70))
        x = rng.uniform(-40, 20)
        while x < w:
            lw, lh = rng.uniform(90, 170), rng.uniform(50, 80)
            loaf(img, (x, y - lh, x + lw, y + 4), rng)
            x += lw + rng.uniform(4, 30)
    light = Image.new("RGB", size)
    for lx, ly in ((w * 0.18, h * 0.07), (w * 0.8, h * 0.1), (w * 0.62, h * 0.04)):
        draw.pieslice((lx - 90, ly - 60, lx + 90, ly + 60), 180, 360, fill=(30, 20, 14))
        add_glow(light, (lx, ly + 10), 60, (255, 220, 160), 1.2)
        add_glow(light, (lx, ly + 80), (420, 360), (120, 70, 24), 1.6)
    bokeh(light, rng, 22, (0, 0, w, h * 0.6), (40, 90), ((255, 190, 110), (255, 220, 170)))
    img = img.filter(ImageFilter.GaussianBlur(14))
    return bloom(img, light.filter(ImageFilter.GaussianBlur(6)), ((40, 0.8),))


def loaf(img: Image.Image, box: tuple[float, float, float, float], rng: random.Random) -> None:
    crust = rng.choice(((176, 110, 52), (200, 140, 70), (150, 90, 44), (214, 168, 96)))
    ImageDraw.Draw(img).ellipse(box, fill=dim(crust, 0.7))
    x0, y0, x1, y1 = box
    shade_disc(img, (x0 + (x1 - x0) * 0.1, y0, x1 - (x1 - x0) * 0.1, y1 - (y1 - y0) * 0.3), crust, 0.8)


def engineer() -> Image.Image:
    """Engineer with safety glasses in a cool blue workshop lab with racks and tube lights."""
    rng = random.Random(606)
    w, h = size = (1600, 2000)
    fig = Figure(w * 0.55, h * 0.25, h * 0.22, w * 0.37, "short", tilt=0.02)
    lighting = Lighting((20, 26, 34), (74, 96, 116), -1, (126, 222, 255), h * 0.005)
    details = [(jacket_lapels(fig, h), (28, 46, 78), 0.55), (collar(fig), (64, 70, 80), 0.4)]
    img, _ = portrait(lab_backdrop(size, rng), fig, lighting, details)
    safety_glasses(img, fig)
    return finish(img, rng, grain=4.0, vignette_amount=0.4)


def safety_glasses(img: Image.Image, fig: Figure) -> None:
    hh, cx = fig.head, fig.head_x
    y = fig.top + hh * 0.38
    band = ImageDraw.Draw(img, "RGBA")
    band.rounded_rectangle(
        (cx - hh * 0.4, y, cx + hh * 0.4, y + hh * 0.13), radius=hh * 0.05, fill=(90, 170, 210, 90)
    )
    band.line(
        (cx - hh * 0.3, y + hh * 0.03, cx + hh * 0.1, y + hh * 0.03),
        fill=(200, 240, 255, 110),
        width=max(2, round(hh * 0.012)),
    )


def lab_backdrop(size: Size, rng: random.Random) -> Image.Image:
    """Equipment racks with status LEDs and ceiling tube lights, out of focus."""
    w, h = size
    cam = Camera(w * 0.38, h * 0.42, w * 0.7)
    img = gradient(size, [(0.0, (22, 32, 44)), (0.6, (34, 48, 60)), (1.0, (16, 22, 30))])
    light = Image.new("RGB", size)
    draw, glow = ImageDraw.Draw(img), ImageDraw.Draw(light)
    for x in (-2.6, 0.0, 2.6):
        for z in range(3, 40, 4):
            quad = cam.flat(-1.9, x - 0.1, x + 0.1, z, z + 1.8)
            draw.polygon(quad, fill=(220, 244, 255))
            glow.polygon(quad, fill=(120, 170, 200))
    for z in (4.0, 6.5, 9.0, 12.0):
        for side in (-1, 1):
            rack(draw, glow, rng, cam.front(z, side * 2.2 - 0.5, side * 2.2 + 0.5, -1.2, 1.6))
    draw.polygon(cam.flat(0.6, -3, 3, 2, 14), fill=(52, 62, 72))
    img = img.filter(ImageFilter.GaussianBlur(12))
    return bloom(img, light.filter(ImageFilter.GaussianBlur(9)), ((30, 1.0),))


def rack(
    draw: ImageDraw.ImageDraw, glow: ImageDraw.ImageDraw, rng: random.Random, box: tuple[float, ...]
) -> None:
    x0, y0, x1, y1 = box
    draw.rectangle(box, fill=(14, 18, 24))
    units = 14
    for k in range(units):
        y = y0 + (y1 - y0) * (k + 0.5) / units
        draw.line((x0 + 4, y + 3, x1 - 4, y + 3), fill=(40, 48, 58), width=2)
        for j in range(rng.randint(1, 5)):
            x = x0 + (x1 - x0) * (0.1 + 0.15 * j)
            color = rng.choice(((60, 255, 120), (80, 170, 255), (255, 180, 60), (60, 255, 120)))
            r = max(2.0, (x1 - x0) * 0.012)
            draw.ellipse((x - r, y - r, x + r, y + r), fill=color)
            glow.ellipse((x - r * 2, y - r * 2, x + r * 2, y + r * 2), fill=dim(color, 0.6))


# --------------------------------------------------------------------------- scenes: work and trade


ROOM_FLOOR, ROOM_CEILING, DESK_TOP = 1.3, -1.7, 0.55


def startup_lab() -> Image.Image:
    """Bright open-plan office: desks with glowing screens, window light, plants, pendant lamps."""
    rng = random.Random(909)
    w, h = size = (1600, 1200)
    cam = Camera(w * 0.54, h * 0.42, w * 0.6)
    img = Image.new("RGB", size, (220, 220, 216))
    light = Image.new("RGB", size)
    office_room(img, light, cam)
    desks = [(x, z) for z in (3.0, 5.6, 8.2, 10.8, 13.4) for x in (-3.7, 0.9)]
    far = [(x, z) for x, z in desks if z > 6]
    paint_by_depth([(z, functools.partial(desk, img, light, rng, cam, x, z)) for x, z in far])
    for x, z in ((-4.0, 15.5), (4.5, 12.0), (4.5, 7.0)):
        potted_plant(img, rng, cam, x, z)
    img = img.filter(ImageFilter.GaussianBlur(1.6))
    paint_by_depth([(z, functools.partial(desk, img, light, rng, cam, x, z)) for x, z in desks if z <= 6])
    for x, z in ((-2.2, 4.5), (2.0, 4.5), (-2.2, 9.5), (2.0, 9.5)):
        pendant(img, light, cam, x, z)
    img = bloom(img, light, ((3, 0.8), (24, 1.0)))
    img = foreground_leaves(img, rng)
    return finish(img, rng, grain=3.5, vignette_amount=0.22)


def office_room(img: Image.Image, light: Image.Image, cam: Camera) -> None:
    draw, glow = ImageDraw.Draw(img), ImageDraw.Draw(light)
    fill_gradient(
        img, cam.flat(ROOM_CEILING, -4.5, 5, 0.3, 18), [(0.0, (226, 226, 222)), (1.0, (200, 200, 198))]
    )
    fill_gradient(
        img, cam.flat(ROOM_FLOOR, -4.5, 5, 0.3, 18), [(0.0, (190, 160, 122)), (1.0, (138, 102, 70))]
    )
    for k in range(48):
        x = -4.5 + k * 0.2
        draw.line([cam.at(x, ROOM_FLOOR, 0.3), cam.at(x, ROOM_FLOOR, 18)], fill=(128, 96, 66), width=1)
    fill_gradient(
        img,
        cam.side(-4.5, ROOM_CEILING, ROOM_FLOOR, 0.3, 18),
        [(0.0, (196, 200, 200)), (1.0, (214, 216, 214))],
        horizontal=True,
    )
    fill_gradient(
        img,
        cam.side(5, ROOM_CEILING, ROOM_FLOOR, 0.3, 18),
        [(0.0, (220, 216, 208)), (1.0, (234, 230, 222))],
        horizontal=True,
    )
    draw.rectangle(cam.front(18, -4.5, 5, ROOM_CEILING, ROOM_FLOOR), fill=(226, 226, 222))
    window_box = cam.front(18, -3, 3.5, -1.3, 0.8)
    fill_gradient(
        img,
        [
            (window_box[0], window_box[1]),
            (window_box[2], window_box[1]),
            (window_box[2], window_box[3]),
            (window_box[0], window_box[3]),
        ],
        [(0.0, (236, 244, 252)), (0.7, (214, 226, 236)), (1.0, (190, 204, 196))],
    )
    sun = ImageDraw.Draw(img, "RGBA")
    for z0 in (1.5, 5.5, 9.5, 13.5):
        pane = cam.side(-4.49, -1.3, 0.7, z0, z0 + 3)
        draw.polygon(pane, fill=(240, 246, 252))
        draw.line([cam.at(-4.49, -1.3, z0 + 1.5), cam.at(-4.49, 0.7, z0 + 1.5)], fill=(90, 94, 98), width=3)
        sun.polygon(cam.flat(ROOM_FLOOR, -4.5, -2.2, z0 + 1.2, z0 + 4.0), fill=(255, 246, 224, 70))
    for x in (-2.0, 1.6):
        for z in range(2, 17, 3):
            strip = cam.flat(ROOM_CEILING + 0.01, x - 0.12, x + 0.12, z, z + 1.6)
            draw.polygon(strip, fill=(252, 252, 248))
            glow.polygon(strip, fill=(140, 140, 136))
    pinboard(img, cam)


def pinboard(img: Image.Image, cam: Camera) -> None:
    draw = ImageDraw.Draw(img)
    draw.polygon(cam.side(4.99, -1.0, 0.3, 6, 11), fill=(184, 152, 112))
    notes = ((250, 226, 90), (250, 150, 170), (130, 200, 240), (160, 220, 130))
    for k in range(30):
        z, y = 6.3 + (k % 10) * 0.45, -0.85 + (k // 10) * 0.38
        draw.polygon(cam.side(4.98, y, y + 0.22, z, z + 0.22), fill=notes[(k * 7) % 4])


def desk(img: Image.Image, light: Image.Image, rng: random.Random, cam: Camera, x: float, z: float) -> None:
    draw = ImageDraw.Draw(img)
    x1 = x + 2.8
    for lx in (x + 0.1, x1 - 0.1):
        for lz in (z + 0.05, z + 1.15):
            draw.line(
                [cam.at(lx, DESK_TOP, lz), cam.at(lx, ROOM_FLOOR, lz)],
                fill=(60, 60, 64),
                width=max(1, round(cam.scale(0.04, lz))),
            )
    draw.polygon(cam.flat(DESK_TOP, x, x1, z, z + 1.2), fill=(240, 238, 234))
    draw.rectangle(cam.front(z, x, x1, DESK_TOP, DESK_TOP + 0.04), fill=(196, 194, 190))
    for mx in (x + 0.7, x + 2.1):
        monitor(img, light, rng, cam, mx, z + 0.9)
        if z > 4 and rng.random() < 0.6:
            seated_person(img, rng, cam, mx, z - 0.5)
        else:
            draw.rounded_rectangle(
                cam.front(z - 0.5, mx - 0.25, mx + 0.25, -0.15, 0.5),
                radius=cam.scale(0.08, z),
                fill=(44, 46, 52),
            )


def monitor(
    img: Image.Image, light: Image.Image, rng: random.Random, cam: Camera, x: float, z: float
) -> None:
    draw = ImageDraw.Draw(img)
    draw.line(
        [cam.at(x, DESK_TOP, z), cam.at(x, 0.3, z)],
        fill=(50, 50, 54),
        width=max(1, round(cam.scale(0.05, z))),
    )
    bezel = cam.front(z, x - 0.32, x + 0.32, 0.0, 0.38)
    draw.rectangle(bezel, fill=(26, 28, 32))
    inset = cam.scale(0.02, z)
    screen = (bezel[0] + inset, bezel[1] + inset, bezel[2] - inset, bezel[3] - inset)
    dark = rng.random() < 0.5
    draw.rectangle(screen, fill=(30, 38, 56) if dark else (226, 234, 244))
    sw, sh = screen[2] - screen[0], screen[3] - screen[1]
    for k in range(7):
        y = screen[1] + sh * (0.12 + k * 0.11)
        x0 = screen[0] + sw * (0.08 + 0.06 * rng.randint(0, 3))
        color = rng.choice(((120, 200, 255), (250, 190, 90), (150, 230, 150))) if dark else (120, 140, 170)
        draw.rectangle((x0, y, x0 + sw * rng.uniform(0.2, 0.6), y + sh * 0.05), fill=color)
    add_glow(
        light,
        ((screen[0] + screen[2]) / 2, (screen[1] + screen[3]) / 2),
        (sw * 0.9, sh * 1.1),
        (40, 60, 90) if dark else (90, 96, 104),
        1.6,
    )


def seated_person(img: Image.Image, rng: random.Random, cam: Camera, x: float, z: float) -> None:
    """Someone at a desk, seen from behind: chair back, shoulders and head."""
    draw = ImageDraw.Draw(img)
    shirt = rng.choice(
        ((60, 80, 110), (170, 60, 50), (220, 216, 206), (70, 90, 70), (40, 40, 44), (200, 150, 60))
    )
    hair = rng.choice(((30, 24, 20), (90, 60, 36), (170, 140, 90), (50, 40, 34)))
    draw.rounded_rectangle(
        cam.front(z + 0.05, x - 0.25, x + 0.25, 0.05, 0.5), radius=cam.scale(0.08, z), fill=(44, 46, 52)
    )
    draw.rounded_rectangle(cam.front(z, x - 0.24, x + 0.24, -0.28, 0.3), radius=cam.scale(0.1, z), fill=shirt)
    head = cam.front(z, x - 0.1, x + 0.1, -0.55, -0.28)
    draw.ellipse(head, fill=hair)


def potted_plant(img: Image.Image, rng: random.Random, cam: Camera, x: float, z: float) -> None:
    draw = ImageDraw.Draw(img)
    pot = cam.front(z, x - 0.25, x + 0.25, 0.7, ROOM_FLOOR)
    draw.polygon(
        [
            (pot[0], pot[1]),
            (pot[2], pot[1]),
            (pot[2] - (pot[2] - pot[0]) * 0.12, pot[3]),
            (pot[0] + (pot[2] - pot[0]) * 0.12, pot[3]),
        ],
        fill=(236, 234, 228),
    )
    base = ((pot[0] + pot[2]) / 2, pot[1])
    leaves(draw, rng, base, cam.scale(1.3, z), 36)


def leaves(draw: ImageDraw.ImageDraw, rng: random.Random, base: Point, length: float, count: int) -> None:
    """Lance-shaped leaves fanning up and out from ``base``."""
    for _ in range(count):
        angle = rng.uniform(-math.pi * 0.95, -math.pi * 0.05)
        size = length * rng.uniform(0.45, 1.0)
        tip = (base[0] + math.cos(angle) * size, base[1] + math.sin(angle) * size)
        mid = (base[0] + math.cos(angle) * size * 0.5, base[1] + math.sin(angle) * size * 0.5)
        nx, ny = -math.sin(angle) * size * 0.12, math.cos(angle) * size * 0.12
        color = jitter(rng.choice(((46, 110, 52), (70, 140, 60), (34, 86, 44), (96, 160, 70))), rng, 10)
        draw.polygon([base, (mid[0] + nx, mid[1] + ny), tip, (mid[0] - nx, mid[1] - ny)], fill=color)


def pendant(img: Image.Image, light: Image.Image, cam: Camera, x: float, z: float) -> None:
    draw = ImageDraw.Draw(img)
    draw.line([cam.at(x, ROOM_CEILING, z), cam.at(x, -0.75, z)], fill=(40, 40, 40), width=1)
    box = cam.front(z, x - 0.22, x + 0.22, -0.85, -0.6)
    draw.pieslice((box[0], box[1], box[2], box[3] + (box[3] - box[1])), 180, 360, fill=(34, 36, 38))
    add_glow(light, ((box[0] + box[2]) / 2, box[3]), cam.scale(0.5, z), (150, 110, 60), 1.8)


def foreground_leaves(img: Image.Image, rng: random.Random) -> Image.Image:
    """A big out-of-focus plant in the lower left corner."""
    w, h = img.size
    layer = Image.new("RGBA", img.size, (0, 0, 0, 0))
    leaves(ImageDraw.Draw(layer), rng, (-w * 0.02, h * 1.05), h * 0.55, 26)
    blur = ImageFilter.GaussianBlur(14)
    layer, mask = layer.convert("RGB"), layer.getchannel("A")
    return Image.composite(scaled(layer.filter(blur), 0.7), img, mask.filter(blur))


def startup_team() -> Image.Image:
    """Four founders, backlit against a bright office window (saved as PNG)."""
    rng = random.Random(1010)
    w, h = size = (1200, 900)
    img = window_wall(size, rng)
    backdrop = img.copy()
    figures = (
        Figure(w * 0.16, h * 0.34, h * 0.18, w * 0.1, "bun"),
        Figure(w * 0.385, h * 0.24, h * 0.2, w * 0.12),
        Figure(w * 0.62, h * 0.3, h * 0.19, w * 0.105, "long"),
        Figure(w * 0.845, h * 0.26, h * 0.2, w * 0.12, "cap"),
    )
    shirts = ((46, 38, 42), (30, 34, 46), (58, 38, 34), (34, 38, 34))
    for fig, shirt in zip(figures, shirts, strict=True):
        lighting = Lighting(shirt, dim(shirt, 1.6), 1, (255, 242, 222), 5)
        img, _ = portrait(img, fig, lighting)
    img = ImageChops.screen(img, scaled(backdrop.filter(ImageFilter.GaussianBlur(40)), 0.12))
    return finish(img, rng, grain=2.0, vignette_amount=0.25)


def window_wall(size: Size, rng: random.Random) -> Image.Image:
    """Floor-to-ceiling windows, overexposed, with a hazy city beyond."""
    w, h = size
    img = gradient(size, [(0.0, (238, 242, 246)), (0.6, (226, 232, 238)), (1.0, (206, 196, 184))])
    draw = ImageDraw.Draw(img)
    x = -20.0
    while x < w:
        bw, bh = rng.uniform(60, 160), rng.uniform(h * 0.15, h * 0.45)
        draw.rectangle((x, h * 0.75 - bh, x + bw, h * 0.75), fill=jitter((196, 206, 218), rng, 10))
        x += bw + rng.uniform(-10, 30)
    img = img.filter(ImageFilter.GaussianBlur(16))
    draw = ImageDraw.Draw(img)
    for k in range(5):
        draw.rectangle((k * w / 4 - 9, 0, k * w / 4 + 9, h), fill=(70, 66, 64))
    draw.rectangle((0, h * 0.5 - 6, w, h * 0.5 + 6), fill=(80, 76, 74))
    draw.rectangle((0, h * 0.8, w, h), fill=(150, 128, 108))
    return img.filter(ImageFilter.GaussianBlur(5))


def trade_fair() -> Image.Image:
    """A huge exhibition hall: truss ceiling with rows of lights, booths, visitors, polished floor."""
    rng = random.Random(1111)
    w, h = size = (2400, 1600)
    cam = Camera(w * 0.5, h * 0.55, w * 0.42)
    img = Image.new("RGB", size, (180, 182, 190))
    light, mirror = Image.new("RGB", size), Image.new("RGB", size)
    fill_gradient(img, cam.flat(-14, -40, 40, 0.5, 300), [(0.0, (26, 28, 38)), (1.0, (120, 124, 138))])
    fill_gradient(img, cam.flat(1.7, -40, 40, 0.5, 300), [(0.0, (206, 206, 210)), (1.0, (132, 134, 140))])
    hall_ceiling(img, light, mirror, cam)
    background_stands(img, rng, cam)
    items: list[tuple[float, Paint]] = []
    for side in (-1, 1):
        z = rng.uniform(6, 10)
        while z < 220:
            depth = rng.uniform(9, 14)
            items.append((z, functools.partial(booth, img, light, mirror, rng, cam, side, z, depth)))
            z += depth + 4
    for x, z, color in ((-10, 40, (220, 30, 120)), (12, 70, (20, 170, 190)), (-4, 120, (250, 140, 20))):
        items.append((z, functools.partial(banner, img, cam, x, z, color)))
    paint_by_depth(items)
    floor = polygon_mask(size, cam.flat(1.7, -40, 40, 0.5, 300))
    img.paste(
        ImageChops.screen(img, scaled(mirror.filter(ImageFilter.GaussianBlur((4, 18))), 0.7)), mask=floor
    )
    haze = Image.new("RGB", size)
    add_glow(haze, (cam.vx, cam.vy), (w * 0.45, h * 0.4), (90, 92, 100), 1.3)
    img = ImageChops.screen(bloom(img, light, ((3, 1.0), (20, 1.2))), haze)
    visitors(img, rng, cam)
    return finish(img, rng, grain=4.0, vignette_amount=0.35)


def visitors(img: Image.Image, rng: random.Random, cam: Camera) -> None:
    crowd = [(6 + 120 * rng.random() ** 1.5, rng.uniform(-3.4, 3.4)) for _ in range(70)]
    draw, shade = ImageDraw.Draw(img), ImageDraw.Draw(img, "RGBA")
    for z, x in sorted(crowd, reverse=True):
        color = mix(
            rng.choice(((40, 40, 46), (70, 60, 80), (30, 50, 80), (110, 50, 40))), (170, 170, 180), z / 160
        )
        feet, height = cam.at(x, 1.7, z), cam.scale(rng.uniform(1.6, 1.9), z)
        reflected = cam.at(x, 1.7, z)
        shade.ellipse(
            (
                reflected[0] - height * 0.16,
                reflected[1] - height * 0.02,
                reflected[0] + height * 0.16,
                reflected[1] + height * 0.03,
            ),
            fill=(40, 40, 50, 70),
        )
        walker(draw, rng, feet, height, color, rim=mix(color, WHITE, 0.4))


def hall_ceiling(img: Image.Image, light: Image.Image, mirror: Image.Image, cam: Camera) -> None:
    draw = ImageDraw.Draw(img)
    for z in range(6, 300, 12):
        draw.line(
            [cam.at(-40, -13.6, z), cam.at(40, -13.6, z)],
            fill=(70, 74, 88),
            width=max(1, round(cam.scale(0.3, z))),
        )
    for x in range(-40, 41, 10):
        draw.line([cam.at(x, -13.6, 1), cam.at(x, -13.6, 300)], fill=(64, 68, 80), width=2)
    for x in range(-35, 36, 10):
        for z in range(8, 300, 12):
            point, r = cam.at(x, -13.2, z), cam.scale(0.45, z)
            draw.ellipse(
                (point[0] - r, point[1] - r * 0.6, point[0] + r, point[1] + r * 0.6), fill=(255, 252, 240)
            )
            add_glow(light, point, r * 6, (90, 88, 80), 2.0)
            add_glow(mirror, cam.at(x, 2 * 1.7 + 13.2, z), (r * 2, r * 5), (255, 250, 236), 1.6)


def booth(
    img: Image.Image,
    light: Image.Image,
    mirror: Image.Image,
    rng: random.Random,
    cam: Camera,
    side: int,
    z: float,
    depth: float,
) -> None:
    """An exhibition stand beside the aisle: white walls, a coloured fascia, a lit graphic panel."""
    draw = ImageDraw.Draw(img)
    accent = rng.choice(((226, 40, 110), (30, 160, 200), (250, 150, 30), (120, 190, 60), (90, 80, 220)))
    haze = min(0.8, z / 250)
    aisle = side * 4.0
    draw.polygon(cam.side(aisle, -1.3, 1.7, z, z + depth), fill=mix((236, 236, 240), (170, 172, 180), haze))
    draw.polygon(cam.side(aisle, -2.2, -1.3, z, z + depth), fill=mix(accent, (170, 172, 180), haze))
    x0, x1 = sorted((aisle, side * 12.0))
    draw.rectangle(cam.front(z, x0, x1, -1.3, 1.7), fill=mix((214, 214, 220), (170, 172, 180), haze))
    draw.rectangle(cam.front(z, x0, x1, -2.2, -1.3), fill=mix(dim(accent, 0.85), (170, 172, 180), haze))
    booth_panel(img, light, mirror, cam, (aisle * 0.998, z + 1.2, z + depth * 0.6), mix(accent, WHITE, 0.3))


def booth_panel(
    img: Image.Image,
    light: Image.Image,
    mirror: Image.Image,
    cam: Camera,
    where: tuple[float, float, float],
    color: RGB,
) -> None:
    """A backlit graphic on a booth wall: a disc and two bars, no lettering."""
    x, z0, z1 = where
    panel = [(x, -1.0, z0), (x, -1.0, z1), (x, 0.9, z1), (x, 0.9, z0)]
    draw = ImageDraw.Draw(img)
    draw.polygon([cam.at(*p) for p in panel], fill=color)
    ImageDraw.Draw(light).polygon([cam.at(*p) for p in panel], fill=dim(color, 0.3))
    ImageDraw.Draw(mirror).polygon(mirrored(panel, cam, 1.7), fill=dim(color, 0.4))
    zc = z0 + (z1 - z0) * 0.3
    a, b = cam.at(x, -0.7, zc - 0.6), cam.at(x, 0.5, zc + 0.6)
    draw.ellipse((min(a[0], b[0]), a[1], max(a[0], b[0]), b[1]), fill=(252, 252, 252))
    for y, length in ((-0.5, 0.85), (0.1, 0.6)):
        draw.polygon(
            cam.side(x, y, y + 0.25, zc + 1.0, zc + 1.0 + (z1 - zc - 1.2) * length), fill=(252, 252, 252)
        )


def background_stands(img: Image.Image, rng: random.Random, cam: Camera) -> None:
    """Tall stands further off the aisle, seen over the nearer booths and softened by haze."""
    draw = ImageDraw.Draw(img)
    for _ in range(46):
        z, x = rng.uniform(25, 220), rng.choice((-1, 1)) * rng.uniform(8, 34)
        haze = min(0.9, z / 200)
        accent = rng.choice(((226, 40, 110), (30, 160, 200), (250, 150, 30), (120, 190, 60), (90, 80, 220)))
        width, top = rng.uniform(4, 9), -rng.uniform(3, 7)
        draw.rectangle(
            cam.front(z, x - width / 2, x + width / 2, top + 1.2, 1.7),
            fill=mix((226, 226, 232), (160, 162, 172), haze),
        )
        draw.rectangle(
            cam.front(z, x - width / 2, x + width / 2, top, top + 1.2),
            fill=mix(accent, (160, 162, 172), haze),
        )


def banner(img: Image.Image, cam: Camera, x: float, z: float, color: RGB) -> None:
    draw = ImageDraw.Draw(img)
    box = cam.front(z, x - 4, x + 4, -11.5, -7.5)
    for cx in (x - 3.5, x + 3.5):
        draw.line([cam.at(cx, -13.6, z), cam.at(cx, -11.5, z)], fill=(60, 60, 70), width=1)
    draw.rectangle(box, fill=color)
    r = (box[3] - box[1]) * 0.28
    cx, cy = box[0] + (box[2] - box[0]) * 0.22, (box[1] + box[3]) / 2
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=(250, 250, 250))
    draw.rectangle(
        (cx + r * 1.6, cy - r * 0.3, box[2] - (box[2] - box[0]) * 0.1, cy + r * 0.3), fill=(250, 250, 250)
    )


# --------------------------------------------------------------------------- scenes: small and special


TRAM_GROUND = 1.6


def tram_night() -> Image.Image:
    """A tram gliding through a wet street at night, with light trails (deliberately low resolution)."""
    rng = random.Random(1212)
    w, h = size = (800, 533)
    cam = Camera(w * 0.58, h * 0.5, w * 0.7)
    img = gradient(size, [(0.0, (8, 10, 24)), (0.5, (28, 30, 54)), (1.0, (28, 30, 54))])
    light, mirror = Image.new("RGB", size), Image.new("RGB", size)
    fill_gradient(img, cam.flat(TRAM_GROUND, -9, 9, 0.3, 300), [(0.0, (30, 30, 36)), (1.0, (16, 16, 22))])
    for side in (-1, 1):
        fill_gradient(
            img,
            cam.side(side * 9, -20, TRAM_GROUND, 0.3, 300),
            [(0.0, (18, 18, 26)), (1.0, (40, 38, 56))],
            horizontal=side < 0,
        )
        lit_facade(img, light, rng, cam, side * 8.99)
    tracks_and_wires(img, cam)
    tram(img, light, mirror, cam)
    light_trails(light, mirror, rng, cam)
    for z in range(6, 120, 14):
        lamp = cam.at(7.5, -4.5, z)
        add_glow(light, lamp, cam.scale(0.6, z), (255, 170, 80), 1.6)
        add_glow(
            mirror,
            cam.at(7.5, 2 * TRAM_GROUND + 4.5, z),
            (cam.scale(0.5, z), cam.scale(2.5, z)),
            (200, 120, 50),
        )
    floor = polygon_mask(size, cam.flat(TRAM_GROUND, -9, 9, 0.3, 300))
    img.paste(
        ImageChops.screen(img, scaled(mirror.filter(ImageFilter.GaussianBlur((2, 8))), 0.8)), mask=floor
    )
    img = bloom(img, light, ((1.5, 1.0), (8, 1.4), (30, 1.0)))
    return finish(img, rng, grain=5.0, vignette_amount=0.45)


def lit_facade(img: Image.Image, light: Image.Image, rng: random.Random, cam: Camera, x: float) -> None:
    draw, glow = ImageDraw.Draw(img), ImageDraw.Draw(light)
    for storey in range(5):
        y0 = -2.5 - storey * 3.2
        z = 2.0
        while z < 150:
            if rng.random() < 0.3:
                color = dim(rng.choice(WARM_WINDOWS + COOL_WINDOWS), rng.uniform(0.4, 0.8))
                quad = cam.side(x, y0, y0 + 1.6, z, z + 1.3)
                draw.polygon(quad, fill=color)
                glow.polygon(quad, fill=dim(color, 0.3))
            z += 2.8


def tracks_and_wires(img: Image.Image, cam: Camera) -> None:
    draw = ImageDraw.Draw(img)
    for x in (-4.1, -2.7, 0.7, 2.1):
        draw.line([cam.at(x, TRAM_GROUND, 0.8), cam.at(x, TRAM_GROUND, 300)], fill=(96, 96, 110), width=2)
    for x in (-3.4, 1.4):
        draw.line([cam.at(x, -4.2, 0.8), cam.at(x, -4.2, 300)], fill=(10, 10, 14), width=1)
    for z in range(5, 200, 20):
        draw.line([cam.at(-9, -4.6, z), cam.at(9, -4.6, z)], fill=(12, 12, 16), width=1)


def tram(img: Image.Image, light: Image.Image, mirror: Image.Image, cam: Camera) -> None:
    """The tram on the left track: lit side windows, headlights and a destination display."""
    draw, glow = ImageDraw.Draw(img), ImageDraw.Draw(light)
    x0, x1, top, bottom, z0, z1 = -4.6, -2.2, -2.0, 1.3, 10.0, 40.0
    glow.polygon(cam.side(x1, top, bottom, z0, z1), fill=BLACK)
    glow.rectangle(cam.front(z0, x0, x1, top, bottom), fill=BLACK)
    draw.polygon(cam.side(x1, top, bottom, z0, z1), fill=(70, 72, 82))
    draw.polygon(cam.side(x1, 0.6, 1.0, z0, z1), fill=(150, 30, 36))
    z = z0 + 0.8
    while z < z1 - 1:
        quad = cam.side(x1 * 0.99, -1.4, -0.2, z, z + 1.7)
        draw.polygon(quad, fill=(255, 226, 176))
        glow.polygon(quad, fill=(120, 96, 60))
        ImageDraw.Draw(mirror).polygon(
            mirrored(
                [(x1, -1.4, z), (x1, -1.4, z + 1.7), (x1, -0.2, z + 1.7), (x1, -0.2, z)], cam, TRAM_GROUND
            ),
            fill=(120, 100, 70),
        )
        z += 2.2
    front = cam.front(z0, x0, x1, top, bottom)
    draw.rounded_rectangle(front, radius=(front[2] - front[0]) * 0.12, fill=(84, 86, 96))
    draw.rectangle(cam.front(z0 - 0.01, x0 + 0.15, x1 - 0.15, -1.6, -0.2), fill=(40, 46, 60))
    display = cam.front(z0 - 0.01, x0 + 0.4, x1 - 0.4, -1.9, -1.68)
    draw.rectangle(display, fill=(255, 170, 40))
    glow.rectangle(display, fill=(150, 90, 20))
    for hx in (x0 + 0.35, x1 - 0.35):
        head = cam.at(hx, 0.75, z0 - 0.02)
        add_glow(light, head, cam.scale(0.3, z0), (255, 250, 236), 1.2)
        add_glow(light, head, cam.scale(1.0, z0), (90, 90, 80), 1.8)
        add_glow(
            mirror,
            cam.at(hx, 2 * TRAM_GROUND - 0.75, z0),
            (cam.scale(0.4, z0), cam.scale(3, z0)),
            (255, 240, 210),
        )
    draw.line([cam.at(-3.4, top, 20), cam.at(-3.4, -4.2, 17)], fill=(20, 20, 24), width=2)


def light_trails(light: Image.Image, mirror: Image.Image, rng: random.Random, cam: Camera) -> None:
    """Long-exposure streaks of passing cars on the right-hand lane."""
    draw, wet = ImageDraw.Draw(light), ImageDraw.Draw(mirror)
    for _ in range(7):
        x, y = rng.uniform(3.0, 7.0), rng.uniform(0.7, 1.0)
        color = rng.choice(((255, 40, 30), (255, 60, 40), (255, 240, 220)))
        z0, z1 = rng.uniform(2.5, 5), rng.uniform(40, 120)
        points = [cam.at(x, y, z0 + (z1 - z0) * k / 20) for k in range(21)]
        draw.line(points, fill=dim(color, 0.8), width=max(1, round(cam.scale(0.12, z0))))
        wet.line(
            [cam.at(x, 2 * TRAM_GROUND - y, z0 + (z1 - z0) * k / 20) for k in range(21)],
            fill=dim(color, 0.5),
            width=max(1, round(cam.scale(0.12, z0))),
        )


def market_stall() -> Image.Image:
    """A fruit and vegetable stall under a striped awning (deliberately low resolution)."""
    rng = random.Random(1313)
    w, h = size = (600, 450)
    img = gradient(size, [(0.0, (214, 222, 230)), (0.5, (170, 160, 140)), (1.0, (120, 108, 92))])
    light = Image.new("RGB", size)
    bokeh(light, rng, 18, (0, 0, w, h * 0.5), (12, 30), ((255, 200, 120), (120, 200, 120), (255, 120, 120)))
    img = bloom(img.filter(ImageFilter.GaussianBlur(6)), light, ())
    draw = ImageDraw.Draw(img)
    draw.rectangle((20, h * 0.2, w - 20, h * 0.62), fill=(58, 42, 32))
    awning(img)
    draw.rectangle((0, h * 0.9, w, h), fill=(96, 84, 72))
    crates = (
        ((236, 132, 28), 0.0),
        ((200, 30, 24), 0.0),
        ((140, 190, 56), 0.0),
        ((246, 214, 60), 0.3),
        ((80, 30, 72), 0.6),
        ((60, 130, 50), 0.2),
    )
    for k, (color, stretch) in enumerate(crates):
        col, row = k % 3, k // 3
        box = (
            30 + col * 184,
            h * (0.46 + row * 0.22),
            30 + col * 184 + 172,
            h * (0.46 + row * 0.22) + h * 0.2,
        )
        crate(img, rng, box, color, stretch)
    for x in (90, 300, 480):
        draw.rectangle((x, h * 0.4, x + 50, h * 0.46), fill=(30, 30, 32))
        draw.line((x + 8, h * 0.43, x + 40, h * 0.43), fill=(220, 220, 210), width=2)
    return finish(img, rng, grain=3.0, vignette_amount=0.25)


def awning(img: Image.Image) -> None:
    w, h = img.size
    draw = ImageDraw.Draw(img)
    for k in range(0, w // 40 + 1):
        color = (196, 36, 40) if k % 2 == 0 else (246, 238, 224)
        draw.rectangle((k * 40, 0, k * 40 + 40, h * 0.2), fill=color)
        draw.ellipse((k * 40, h * 0.2 - 20, k * 40 + 40, h * 0.2 + 20), fill=color)
    shade = ImageDraw.Draw(img, "RGBA")
    shade.rectangle((0, 0, w, h * 0.06), fill=(255, 255, 255, 40))
    shade.rectangle((20, h * 0.2 + 20, w - 20, h * 0.3), fill=(0, 0, 0, 70))


def crate(
    img: Image.Image, rng: random.Random, box: tuple[float, float, float, float], color: RGB, stretch: float
) -> None:
    """A wooden crate heaped with round produce."""
    x0, y0, x1, y1 = box
    draw = ImageDraw.Draw(img)
    draw.rectangle(box, fill=(70, 48, 30))
    r = 13
    for row in range(int((y1 - y0 - 20) // (r * 1.6)) + 1):
        y = y0 + 6 + row * r * 1.6
        for col in range(int((x1 - x0) // (r * 1.9))):
            x = x0 + r + col * r * 1.9 + (r * 0.9 if row % 2 else 0) + rng.uniform(-2, 2)
            if x < x1 - r * 0.5:
                produce(
                    img,
                    (x, y + rng.uniform(-2, 2)),
                    r * rng.uniform(0.9, 1.1),
                    jitter(color, rng, 12),
                    stretch,
                )
    draw.rectangle((x0 - 3, y1 - 18, x1 + 3, y1), fill=(150, 104, 62))
    draw.line((x0 - 3, y1 - 9, x1 + 3, y1 - 9), fill=(110, 74, 42), width=2)


def produce(img: Image.Image, centre: Point, r: float, color: RGB, stretch: float) -> None:
    cx, cy = centre
    rx, ry = r * (1 + stretch * 0.5), r / (1 + stretch * 0.3)
    ImageDraw.Draw(img).ellipse((cx - rx, cy - ry, cx + rx, cy + ry), fill=dim(color, 0.6))
    shade_disc(img, (cx - rx * 0.95, cy - ry * 1.0, cx + rx * 0.8, cy + ry * 0.8), color, 0.5)
    shade_disc(
        img, (cx - rx * 0.55, cy - ry * 0.65, cx - rx * 0.05, cy - ry * 0.15), mix(color, WHITE, 0.6), 1.2
    )


def textile() -> Image.Image:
    """Rolls of coloured fabric stacked end-on on a shelf (saved as a CMYK JPEG)."""
    rng = random.Random(1616)
    w, h = size = (2000, 1400)
    img = gradient(size, [(0.0, (40, 30, 26)), (1.0, (22, 16, 14))])
    r = 140
    rolls = [
        ((col + 0.5 * (row % 2)) * r * 2.02 - r * 0.4, -r * 0.2 + row * r * 1.75)
        for row in range(int(h // (r * 1.75)) + 2)
        for col in range(int(w // (r * 2.02)) + 2)
    ]
    shadow = Image.new("L", size, 0)
    sdraw = ImageDraw.Draw(shadow)
    for x, y in rolls:
        sdraw.ellipse((x - r + 16, y - r + 22, x + r + 16, y + r + 22), fill=200)
    img.paste(BLACK, mask=shadow.filter(ImageFilter.GaussianBlur(18)))
    palette = (
        (206, 28, 120),
        (0, 150, 160),
        (242, 170, 20),
        (40, 50, 130),
        (236, 96, 80),
        (20, 140, 80),
        (110, 40, 110),
        (90, 170, 220),
        (230, 220, 200),
        (180, 30, 40),
    )
    for x, y in rolls:
        fabric_roll(img, rng, (x, y), r * rng.uniform(0.9, 1.0), rng.choice(palette), rng.choice(palette))
    return finish(img, rng, grain=3.5, vignette_amount=0.3)


def fabric_roll(
    img: Image.Image, rng: random.Random, centre: Point, r: float, color: RGB, second: RGB
) -> None:
    """End view of a roll of cloth: wound layers, a cardboard core and soft round shading."""
    cx, cy = centre
    draw = ImageDraw.Draw(img)
    striped = rng.random() < 0.3
    layers = 16
    for k in range(layers):
        rr = r * (1 - 0.78 * k / layers)
        ox, oy = k * 0.5, k * 0.35
        tone = (second if k % 2 else color) if striped else dim(color, 1.0 if k % 2 else 0.86)
        draw.ellipse((cx + ox - rr, cy + oy - rr, cx + ox + rr, cy + oy + rr), fill=tone)
    core = (cx + 8 - r * 0.22, cy + 5 - r * 0.22, cx + 8 + r * 0.22, cy + 5 + r * 0.22)
    draw.ellipse(core, fill=(196, 164, 120))
    draw.ellipse(
        (core[0] + r * 0.08, core[1] + r * 0.08, core[2] - r * 0.08, core[3] - r * 0.08), fill=(34, 24, 20)
    )
    box = (round(cx - r), round(cy - r), round(cx - r) + round(2 * r), round(cy - r) + round(2 * r))
    disc = Image.new("L", (box[2] - box[0], box[3] - box[1]), 0)
    ImageDraw.Draw(disc).ellipse((0, 0, disc.width - 1, disc.height - 1), fill=255)
    edge = falloff(disc.size, 0.35).point([clamp8(150 + v * 105 / 255) for v in range(256)])
    region = img.crop(box)
    region = ImageChops.multiply(region, Image.merge("RGB", (edge, edge, edge)))
    highlight = Image.new("RGB", disc.size)
    highlight.paste(
        (120, 120, 120),
        (0, 0, disc.width // 2 + disc.width // 4, disc.height // 2 + disc.height // 4),
        falloff((disc.width // 2 + disc.width // 4, disc.height // 2 + disc.height // 4), 1.5),
    )
    img.paste(ImageChops.screen(region, highlight), box, disc)


# --------------------------------------------------------------------------- writing the pictures


@dataclass(frozen=True)
class Picture:
    name: str
    make: Callable[[], Image.Image]
    size: Size
    mode: str = "RGB"


PICTURES: tuple[Picture, ...] = (
    Picture("cover.jpg", cover, (2600, 3650)),
    Picture("rhine-promenade.jpg", promenade, (3000, 2000)),
    Picture("japanese-quarter.jpg", japanese_quarter, (2400, 1600)),
    Picture("interview-portrait.jpg", interview_portrait, (2000, 2600)),
    Picture("portrait-baker.jpg", baker, (1800, 2400)),
    Picture("portrait-engineer.jpg", engineer, (1600, 2000)),
    Picture("harbour-cranes.jpg", harbour, (3000, 2000)),
    Picture("district-unterbilk.jpg", district, (2400, 1600)),
    Picture("startup-lab.jpg", startup_lab, (1600, 1200)),
    Picture("startup-team.png", startup_team, (1200, 900)),
    Picture("trade-fair-hall.jpg", trade_fair, (2400, 1600)),
    Picture("tram-night.jpg", tram_night, (800, 533)),
    Picture("market-stall.jpg", market_stall, (600, 450)),
    Picture("skyline-panorama.tif", panorama, (3000, 1200)),
    Picture("editor.jpg", editor, (900, 1200)),
    Picture("textile-cmyk.jpg", textile, (2000, 1400), "CMYK"),
)


def save_picture(img: Image.Image, path: Path) -> None:
    """Write without EXIF or timestamps, so the bytes only depend on the pixels."""
    if path.suffix == ".jpg":
        img.save(path, "JPEG", quality=JPEG_QUALITY, optimize=True, dpi=DPI)
    elif path.suffix == ".png":
        img.save(path, "PNG", optimize=True, dpi=DPI)
    elif path.suffix == ".tif":
        img.save(path, "TIFF", compression="tiff_lzw", dpi=DPI)
    else:
        raise ValueError(f"no writer for {path.name}")


def make_picture(picture: Picture) -> Path:
    img = picture.make()
    if img.size != picture.size:
        raise RuntimeError(f"{picture.name}: painted {img.size}, expected {picture.size}")
    path = IMAGES / picture.name
    save_picture(img.convert(picture.mode), path)
    return path


# --------------------------------------------------------------------------- supplied advertisements


FONT_FILES: tuple[tuple[str, str, int, str], ...] = (
    ("Inter", "inter/Inter-Regular.otf", 400, "normal"),
    ("Inter", "inter/Inter-Medium.otf", 500, "normal"),
    ("Inter", "inter/Inter-SemiBold.otf", 600, "normal"),
    ("Inter", "inter/Inter-Bold.otf", 700, "normal"),
    ("Inter", "inter/Inter-ExtraBold.otf", 800, "normal"),
    ("Inter", "inter/Inter-Black.otf", 900, "normal"),
    ("Noto Serif Display", "noto-serif-display/NotoSerifDisplay-Regular.ttf", 400, "normal"),
    ("Noto Serif Display", "noto-serif-display/NotoSerifDisplay-Italic.ttf", 400, "italic"),
    ("Noto Serif Display", "noto-serif-display/NotoSerifDisplay-Bold.ttf", 700, "normal"),
    ("Noto Serif Display", "noto-serif-display/NotoSerifDisplay-BoldItalic.ttf", 700, "italic"),
    ("Noto Serif", "noto-serif/NotoSerif-Regular.ttf", 400, "normal"),
    ("Noto Serif", "noto-serif/NotoSerif-Italic.ttf", 400, "italic"),
    ("Noto Serif", "noto-serif/NotoSerif-Bold.ttf", 700, "normal"),
    ("Noto Serif", "noto-serif/NotoSerif-BoldItalic.ttf", 700, "italic"),
)

# Gradients with three or more stops name the midpoint hints explicitly: WeasyPrint 70 puts an implicit hint
# at 50 % of the whole gradient instead of halfway between two stops, which makes visible steps.
PAGE_CSS = """
@page { size: 210mm 297mm; margin: 0; bleed: 3mm; }
html, body { margin: 0; padding: 0; }
body { position: relative; width: 210mm; height: 297mm; }
.abs { position: absolute; }
.bleed { position: absolute; top: -3mm; left: -3mm; width: 216mm; height: 303mm; }
"""


def font_faces() -> str:
    return "\n".join(
        f"@font-face {{ font-family: '{family}'; src: url('{(FONTS / path).as_uri()}'); "
        f"font-weight: {weight}; font-style: {style}; }}"
        for family, path, weight, style in FONT_FILES
    )


def ad_document(title: str, css: str, body: str) -> str:
    """A one-page HTML advertisement with fixed PDF dates and the repository's fonts only."""
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title}</title>
<meta name="author" content="VIVID example issue (fictional advertiser)">
<meta name="dcterms.created" content="{PDF_DATE}">
<meta name="dcterms.modified" content="{PDF_DATE}">
<style>
{font_faces()}
{PAGE_CSS}
{css}
</style>
</head>
<body>
{body}
</body>
</html>
"""


def wave_lines(count: int, color: str, width_mm: float = 216, height_mm: float = 60) -> str:
    """Inline SVG of gently flowing parallel lines, a river drawn in hairlines."""
    paths = []
    for k in range(count):
        y, amp = 8 + k * (height_mm - 16) / max(1, count - 1), 3 + k * 0.6
        segments = " ".join(
            f"S {x + 27:.1f} {y + (amp if (x // 27) % 2 else -amp):.1f} {x + 54:.1f} {y:.1f}"
            for x in range(0, round(width_mm), 54)
        )
        paths.append(
            f'<path d="M 0 {y:.1f} {segments}" fill="none" stroke="{color}" '
            f'stroke-width="{0.25 + 0.05 * (k % 3):.2f}" opacity="{0.35 + 0.06 * k:.2f}"/>'
        )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width_mm} {height_mm}" '
        f'width="{width_mm}mm" height="{height_mm}mm">{"".join(paths)}</svg>'
    )


def bank_ad() -> str:
    """Inside front cover: a discreet private bank, dark navy and gold, serif headline."""
    css = """
html { background: #0c1a2e; }
.bleed { background: radial-gradient(ellipse at 72% 18%, #1f3a5f 0%, 26%, #0c1a2e 52%, 76%, #060d18 100%); }
body { color: #efe6d2; font-family: 'Noto Serif'; }
.frame { top: 12mm; left: 12mm; width: 184mm; height: 271mm; border: 0.35mm solid #b89b5e; }
.monogram { top: 34mm; left: 91mm; width: 28mm; height: 28mm;
  border: 0.45mm solid #c9a96a; border-radius: 50%;
  text-align: center; font: italic 400 16mm/27mm 'Noto Serif Display'; color: #d8bb7c; }
.since { top: 66mm; left: 0; width: 210mm; text-align: center; font: 600 6.5pt 'Inter'; letter-spacing: 0.4em;
  color: #b89b5e; }
.river { top: 92mm; left: -3mm; }
h1 { top: 162mm; left: 26mm; width: 158mm; margin: 0;
  font: 400 38pt/1.08 'Noto Serif Display'; color: #f6efe0; }
h1 em { color: #d8bb7c; }
.copy { top: 214mm; left: 26mm; width: 118mm; font-size: 10.5pt; line-height: 1.5; color: #cfc6b4; }
.name { top: 256mm; left: 26mm; font: 600 9pt 'Inter'; letter-spacing: 0.32em; color: #d8bb7c; }
.web { top: 262mm; left: 26mm; font: 400 8pt 'Inter'; letter-spacing: 0.08em; color: #8f9bb0; }
"""
    body = f"""
<div class="bleed"></div>
<div class="abs frame"></div>
<div class="abs monogram">R</div>
<div class="abs since">PRIVATBANK · DÜSSELDORF · SINCE 1891</div>
<div class="abs river">{wave_lines(11, "#c9a96a")}</div>
<h1 class="abs">Wealth that keeps<br>its <em>course.</em></h1>
<p class="abs copy">Private banking for families and founders on both banks of the Rhine: unhurried,
independent and personal. We look after what our clients build, one generation at a time.
Shall we talk about the next one?</p>
<div class="abs name">RHEINUFER PRIVATBANK</div>
<div class="abs web">rheinufer-privatbank.example · Wealth planning · Succession · Foundations</div>
"""
    return ad_document("Rheinufer Privatbank - advertisement", css, body)


AIRCRAFT = (
    "M 2 30 L 40 26 L 62 4 L 70 4 L 58 26 L 92 24 L 102 14 L 108 14 L 102 28 L 108 42 L 102 42 "
    "L 92 32 L 58 30 L 70 52 L 62 52 L 40 30 Z"
)


def airline_ad() -> str:
    """Back cover: a bright, sans-serif ad for a fictional airport rail-and-air connection."""
    css = """
html { background: #5fd0f6; }
.bleed { background: linear-gradient(165deg, #0fa9ea 0%, 24%, #5fd0f6 48%, 74%, #fff3cf 100%); }
body { font-family: 'Inter'; color: #0b2545; }
.sun { top: 28mm; left: 118mm; width: 78mm; height: 78mm; border-radius: 50%;
  background: radial-gradient(circle, #ffe27a 0%, 31%, #ffc93c 62%, 81%, #ffb627 100%); }
.route { top: 40mm; left: -3mm; }
.plane { top: 50mm; left: 132mm; transform: rotate(-14deg); }
.kicker { top: 128mm; left: 18mm; font: 800 10pt 'Inter'; letter-spacing: 0.24em; color: #ffffff;
  background: #0b2545; padding: 2mm 3.5mm; }
h1 { top: 142mm; left: 18mm; width: 180mm; margin: 0; font: 900 46pt/1.0 'Inter'; letter-spacing: -0.02em; }
h1 span { color: #ff5a3c; }
.copy { top: 200mm; left: 18mm; width: 140mm; margin: 0; font: 500 12.5pt/1.45 'Inter'; }
.band { bottom: -3mm; left: -3mm; width: 216mm; height: 45mm; background: #ff5a3c; }
.logo { bottom: 18mm; left: 18mm; font: 900 19pt 'Inter'; letter-spacing: 0.06em; color: #ffffff; }
.logo small { display: block; margin-top: 1.5mm;
  font: 600 8pt 'Inter'; letter-spacing: 0.3em; color: #ffe3dc; }
.web { bottom: 20mm; right: 18mm; font: 700 10.5pt 'Inter'; color: #ffffff; text-align: right; }
"""
    route = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 216 80" width="216mm" height="80mm">'
        '<path d="M 20 76 C 70 10, 130 0, 200 30" fill="none" stroke="#ffffff" stroke-width="0.9" '
        'stroke-dasharray="2.5 2.5" stroke-linecap="round"/>'
        '<circle cx="21" cy="75" r="2.6" fill="#0b2545"/>'
        '<circle cx="21" cy="75" r="1.1" fill="#ffffff"/></svg>'
    )
    plane = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 110 56" width="44mm" height="22.4mm">'
        f'<path d="{AIRCRAFT}" fill="#ffffff"/></svg>'
    )
    body = f"""
<div class="bleed"></div>
<div class="abs sun"></div>
<div class="abs route">{route}</div>
<div class="abs plane">{plane}</div>
<div class="abs kicker">DÜSSELDORF TO ASIA, DAILY</div>
<h1 class="abs">Breakfast by<br>the Rhine.<br><span>Dinner in Osaka.</span></h1>
<p class="abs copy">Check in your bags at the main station, ride twelve minutes to the gate and sleep flat
all the way east. Non-stop to Osaka, Seoul and Taipei, every single day.</p>
<div class="abs band"></div>
<div class="abs logo">RHEIN AIR CONNECT<small>FLY FROM THE CITY CENTRE</small></div>
<div class="abs web">rheinair-connect.example<br>Book by 30 November</div>
"""
    return ad_document("Rhein Air Connect - advertisement", css, body)


def coworking_ad() -> str:
    """Inside ad: a coworking space, photo across the top and into the bleed, text below."""
    photo = (IMAGES / "startup-lab.jpg").as_uri()
    css = f"""
html {{ background: #10241f; }}
.bleed {{ background: #10241f; }}
body {{ font-family: 'Inter'; color: #ffffff; }}
.photo {{ top: -3mm; left: -3mm; width: 216mm; height: 186mm;
  background: url('{photo}') center 40% / cover no-repeat; }}
.fade {{ top: 100mm; left: -3mm; width: 216mm; height: 87mm;
  background: linear-gradient(to bottom, rgba(16, 36, 31, 0) 0%, 27.5%, rgba(16, 36, 31, 0.75) 55%, 77.5%,
    #10241f 100%); }}
.tag {{ top: 16mm; left: 16mm; padding: 2.2mm 3.5mm; background: #e4ff5c; color: #10241f;
  font: 800 8.5pt 'Inter'; letter-spacing: 0.18em; }}
h1 {{ top: 150mm; left: 16mm; width: 178mm; margin: 0; font: 700 44pt/1.02 'Noto Serif Display'; }}
h1 em {{ font-style: italic; font-weight: 400; color: #e4ff5c; }}
ul {{ top: 206mm; left: 16mm; width: 110mm; margin: 0; padding: 0; list-style: none;
  font: 400 10.5pt/1.55 'Inter'; color: #d5e2dc; }}
li {{ border-top: 0.25mm solid #3c5a51; padding: 1.6mm 0; }}
.offer {{ top: 208mm; left: 136mm; width: 58mm; height: 40mm; background: #e4ff5c; color: #10241f;
  border-radius: 50%; text-align: center; font: 800 11pt/1.25 'Inter';
  padding-top: 12mm; box-sizing: border-box; }}
.name {{ bottom: 16mm; left: 16mm; font: 900 15pt 'Inter'; letter-spacing: 0.12em; }}
.web {{ bottom: 17mm; right: 16mm; font: 500 9.5pt 'Inter'; color: #a9c2b8; }}
"""
    body = """
<div class="bleed"></div>
<div class="abs photo"></div>
<div class="abs fade"></div>
<div class="abs tag">NOW OPEN · MEDIENHAFEN</div>
<h1 class="abs">Your desk<br><em>by the harbour.</em></h1>
<ul class="abs">
<li>Day passes, fixed desks and studios for teams of up to twelve</li>
<li>Meeting rooms by the hour, phone booths on every floor</li>
<li>Espresso bar, roof terrace, community breakfast on Fridays</li>
</ul>
<div class="abs offer">First week free<br>for VIVID readers</div>
<div class="abs name">WERFT NEUN</div>
<div class="abs web">werft-neun.example · Coworking in Düsseldorf</div>
"""
    return ad_document("Werft Neun Coworking - advertisement", css, body)


def fair_ad() -> str:
    """Inside ad: a trade-fair organiser's autumn show, hall photo above, a bold red panel below."""
    photo = (IMAGES / "trade-fair-hall.jpg").as_uri()
    css = f"""
html {{ background: #b3261e; }}
.bleed {{ background: #b3261e; }}
body {{ font-family: 'Inter'; color: #ffffff; }}
.photo {{ top: -3mm; left: -3mm; width: 216mm; height: 170mm;
  background: url('{photo}') center 55% / cover no-repeat; }}
.date {{ top: 14mm; left: 16mm; padding: 2.5mm 4mm; background: #ffffff; color: #b3261e;
  font: 900 11pt 'Inter'; letter-spacing: 0.12em; }}
h1 {{ top: 180mm; left: 16mm; width: 178mm; margin: 0; font: 900 50pt/0.98 'Inter'; letter-spacing: -0.02em; }}
.copy {{ top: 236mm; left: 16mm; width: 120mm; margin: 0; font: 500 11pt/1.5 'Inter'; color: #ffe1dc; }}
.name {{ bottom: 16mm; left: 16mm; font: 900 14pt 'Inter'; letter-spacing: 0.14em; }}
.web {{ bottom: 17mm; right: 16mm; font: 600 9.5pt 'Inter'; color: #ffe1dc; }}
"""
    body = """
<div class="bleed"></div>
<div class="abs photo"></div>
<div class="abs date">18 TO 21 NOVEMBER · HALLS 3 TO 7</div>
<h1 class="abs">Made in Asia.<br>Sold in Europe.</h1>
<p class="abs copy">Four days, 1,200 exhibitors from 30 countries and one question: who supplies Europe next?
Trade visitors register free of charge until 10 November.</p>
<div class="abs name">ASIA SOURCING RHEIN</div>
<div class="abs web">asia-sourcing-rhein.example</div>
"""
    return ad_document("Asia Sourcing Rhein - advertisement", css, body)


ADS: tuple[tuple[str, Callable[[], str]], ...] = (
    ("u2-ad.pdf", bank_ad),
    ("u4-ad.pdf", airline_ad),
    ("ad-coworking.pdf", coworking_ad),
    ("ad-fair.pdf", fair_ad),
)


AD_PPI = 300
PRINT_PROFILE = ROOT / "icc" / "ISOcoated_v2_300_bas.icc"


def write_ad(name: str, html: str) -> Path:
    """Set the ad, then deliver it as an agency would for print: flattened to CMYK, with bleed.

    WeasyPrint cannot draw gradients in CMYK, and the ads use them, so the page is set in RGB,
    rasterised at 300 ppi, converted through the coated-paper profile and placed on a PDF/X-4 page.
    """
    import io

    import pypdfium2
    from PIL import ImageCms
    from weasyprint import HTML  # imported late: SOURCE_DATE_EPOCH must be set first

    vector = HTML(string=html, base_url=str(ROOT)).write_pdf()
    page = pypdfium2.PdfDocument(vector)[0]
    rgb = page.render(scale=AD_PPI / 72).to_pil().convert("RGB")
    to_cmyk = ImageCms.buildTransform(
        ImageCms.createProfile("sRGB"),
        ImageCms.getOpenProfile(str(PRINT_PROFILE)),
        "RGB",
        "CMYK",
        renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
        flags=ImageCms.Flags.BLACKPOINTCOMPENSATION,
    )
    flat = io.BytesIO()
    ImageCms.applyTransform(rgb, to_cmyk).save(flat, "JPEG", quality=90, dpi=(AD_PPI, AD_PPI))
    image = SUPPLIED / f".{name}.jpg"
    image.write_bytes(flat.getvalue())
    try:
        wrapper = f"""<!DOCTYPE html><html><head>
<meta name="dcterms.created" content="{PDF_DATE}"><meta name="dcterms.modified" content="{PDF_DATE}">
<style>
@color-profile device-cmyk {{ src: url('{PRINT_PROFILE.as_uri()}'); components: cyan magenta yellow black; }}
@page {{ size: 210mm 297mm; margin: 0; bleed: 3mm; }}
img {{ position: absolute; top: -3mm; left: -3mm; width: 216mm; height: 303mm; }}
</style></head><body><img src="{image.as_uri()}"></body></html>"""
        path = SUPPLIED / name
        # WeasyPrint gives every PDF/X a random XMP DocumentID; a fixed one keeps reruns byte-identical.
        from weasyprint.pdf import metadata

        with unittest.mock.patch.object(metadata, "uuid4", lambda: uuid.uuid5(uuid.NAMESPACE_URL, name)):
            HTML(string=wrapper).write_pdf(path, pdf_variant="pdf/x-4", pdf_identifier=name.encode())
    finally:
        image.unlink()
    return path


# --------------------------------------------------------------------------- main


def report(path: Path) -> None:
    print(f"{path.relative_to(ROOT)}  {path.stat().st_size / 1024:,.0f} KB")


def main() -> None:
    os.environ["SOURCE_DATE_EPOCH"] = SOURCE_DATE_EPOCH
    IMAGES.mkdir(parents=True, exist_ok=True)
    SUPPLIED.mkdir(parents=True, exist_ok=True)
    for picture in PICTURES:
        report(make_picture(picture))
    for name, make_html in ADS:
        report(write_ad(name, make_html()))


if __name__ == "__main__":
    main()
