"""The pictures and supplied pages a new issue starts with, made on the spot so that nothing is downloaded
and nothing of anyone else's is shipped: a landscape painted with Pillow, and placeholder advertisements
set with WeasyPrint in the project's own fonts, in CMYK with trim and bleed boxes, as an agency delivers
them."""

from __future__ import annotations

import html
import math
import random
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

RGB = tuple[int, int, int]

#: Sky at the top, sky at the horizon, the far hills, the near hills, the water, the sun.
DUSK: tuple[RGB, ...] = ((36, 50, 98), (240, 168, 120), (112, 86, 116), (48, 42, 70), (58, 70, 112), (255, 226, 170))
DAY: tuple[RGB, ...] = ((70, 130, 196), (206, 224, 236), (120, 150, 140), (58, 92, 72), (64, 110, 140), (255, 250, 228))
PALETTES = {"dusk": DUSK, "day": DAY}

#: Pictures are stored at 300 ppi of the size they are placed at: a proof and a print build take them
#: without a resolution warning.
DPI = (300, 300)
#: Fixed dates: the same init writes the same advertisement PDFs.
PDF_DATE = "2026-01-01T00:00:00Z"


def _mix(a: RGB, b: RGB, t: float) -> RGB:
    t = min(1.0, max(0.0, t))
    return (round(a[0] + (b[0] - a[0]) * t), round(a[1] + (b[1] - a[1]) * t), round(a[2] + (b[2] - a[2]) * t))


def _ridge(width: int, base: float, height: float, rng: random.Random) -> list[tuple[float, float]]:
    """The outline of a range of hills: a few sine waves of random phase added up."""
    waves = [(rng.uniform(0.6, 3.2), rng.uniform(0, math.tau), rng.uniform(0.2, 1.0)) for _ in range(4)]
    total = sum(w for _, _, w in waves)
    points = []
    for x in range(0, width + 1, max(1, width // 200)):
        t = x / width
        y = sum(w * math.sin(f * math.tau * t + p) for f, p, w in waves) / total
        points.append((float(x), base - height * (0.5 + 0.5 * y)))
    return points


def landscape(size: tuple[int, int], seed: int = 1, palette: str = "dusk") -> Image.Image:
    """Hills over water under a low sun. Painted at a quarter of the size and scaled up: soft, like a
    photograph's out-of-focus background, and quick."""
    rng = random.Random(seed)
    sky_top, sky_low, far, near, water, sun = PALETTES[palette]
    width, height = max(32, size[0] // 4), max(32, size[1] // 4)
    horizon = rng.uniform(0.5, 0.62) * height
    img = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(img)
    for y in range(height):
        if y < horizon:
            colour = _mix(sky_top, sky_low, (y / horizon) ** 1.6)
        else:
            colour = _mix(water, _mix(water, (0, 0, 0), 0.5), (y - horizon) / (height - horizon))
        draw.line([(0, y), (width, y)], fill=colour)

    glow = Image.new("L", (width, height))
    cx, cy, r = rng.uniform(0.25, 0.75) * width, horizon - rng.uniform(0.08, 0.2) * height, 0.06 * width
    ImageDraw.Draw(glow).ellipse([cx - r * 3, cy - r * 3, cx + r * 3, cy + r * 3], fill=150)
    img.paste(sun, (0, 0), glow.filter(ImageFilter.GaussianBlur(r * 1.5)))
    draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=sun)

    for colour, lift, rise in ((far, 0.0, 0.16), (_mix(far, near, 0.5), 0.0, 0.1), (near, 0.02, 0.07)):
        outline = _ridge(width, horizon + lift * height, rise * height, rng)
        draw.polygon([*outline, (width, horizon + 1), (0, horizon + 1)], fill=colour)
    # The sun's path on the water: short strokes that thin out towards the shore.
    for _ in range(60):
        y = rng.uniform(horizon + 2, height)
        spread = (y - horizon) * 0.5 + r
        x = cx + rng.gauss(0, spread / 2)
        draw.line([(x - spread / 3, y), (x + spread / 3, y)], fill=_mix(sun, water, (y - horizon) / height * 2))
    return img.filter(ImageFilter.GaussianBlur(0.8)).resize(size, Image.Resampling.BICUBIC)


def write_picture(path: Path, size: tuple[int, int], seed: int = 1, palette: str = "dusk") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    landscape(size, seed, palette).save(path, "JPEG", quality=86, optimize=True, dpi=DPI)
    return path


def write_house_ads(
    path: Path,
    pages: list[tuple[str, str, str]],
    magazine: str,
    fonts_dir: Path,
    trim: tuple[float, float],
    bleed: float,
) -> Path:
    """One placeholder advertisement per page: (kicker, headline, copy). Colours in DeviceCMYK only,
    TrimBox and BleedBox set: a supplied page as a printer wants it."""
    from weasyprint import HTML  # imported here: only scaffolding an issue needs it

    faces = "".join(
        f"@font-face {{ font-family: 'House {family}'; src: url('{(fonts_dir / file).resolve().as_uri()}'); "
        f"font-weight: {weight} }}"
        for family, file, weight in (
            ("Sans", "inter/Inter-Regular.otf", 400),
            ("Sans", "inter/Inter-Black.otf", 900),
            ("Serif", "noto-serif-display/NotoSerifDisplay-Bold.ttf", 700),
        )
    )
    paper, ink, accent = "device-cmyk(0.9 0.7 0.15 0.35)", "device-cmyk(0 0.03 0.1 0)", "device-cmyk(0 0.8 0.9 0)"
    body = "".join(
        f"""<section>
<div class="paper"></div><div class="disc"></div>
<p class="kicker">{html.escape(kicker)}</p>
<h1>{html.escape(headline)}</h1>
<p class="copy">{html.escape(copy)}</p>
<p class="brand">{html.escape(magazine)}</p>
</section>"""
        for kicker, headline, copy in pages
    )
    document = f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{html.escape(magazine)}: house advertisements</title>
<meta name="dcterms.created" content="{PDF_DATE}"><meta name="dcterms.modified" content="{PDF_DATE}">
<style>{faces}
@page {{ size: {trim[0]}mm {trim[1]}mm; bleed: {bleed}mm; margin: 0 }}
html, body {{ margin: 0; height: 100%; font-family: 'House Sans'; color: {ink} }}
section {{ break-after: page; position: relative; height: 100% }}
.paper {{ position: absolute; inset: -{bleed}mm; background: {paper} }}
.disc {{ position: absolute; top: 30mm; right: -35mm; width: 140mm; height: 140mm; border-radius: 50%;
  background: {accent} }}
.kicker {{ position: absolute; top: 20mm; left: 18mm; margin: 0; font: 900 9pt 'House Sans';
  letter-spacing: 0.2em; text-transform: uppercase }}
h1 {{ position: absolute; top: 150mm; left: 18mm; width: 165mm; margin: 0; font: 700 40pt/1.08 'House Serif' }}
.copy {{ position: absolute; top: 215mm; left: 18mm; width: 125mm; margin: 0; font: 400 11pt/1.45 'House Sans' }}
.brand {{ position: absolute; bottom: 14mm; left: 18mm; margin: 0; font: 900 16pt 'House Sans';
  letter-spacing: 0.08em }}
</style></head><body>{body}</body></html>"""
    path.parent.mkdir(parents=True, exist_ok=True)
    HTML(string=document).write_pdf(path, pdf_identifier=path.name.encode())
    return path
