"""Sample pictures and supplied advertisements: the example issue's, and the same kinds for the tests.

Run from the repository root, it writes the example issue's media, with the file names, pixel sizes and
formats that issue.toml and the articles expect, into a folder laid out like an issue (``images/``,
``supplied/``)::

    .venv/bin/python scripts/make_sample_media.py                 # into issues/example
    .venv/bin/python scripts/make_sample_media.py --out some/folder

Imported, it makes one file at a time; tests/conftest.py finds it through pytest's ``pythonpath``
setting and makes each file it needs once per test run:

* ``photo(path, size, seed)``: a photo-like picture (a seeded sky-to-ground gradient, soft light and
  colour shapes, a sharper skyline, fine grain). JPEG in RGB, CMYK or greyscale (``mode``), PNG with
  an alpha channel or LZW-compressed TIFF, by the file's suffix. Small sizes make the low-resolution
  pictures that print checks must find.
* ``supplied_pdf(path, pages, trim, bleed, cmyk, ad)``: pages made elsewhere, set with WeasyPrint in the
  repository's fonts: by default plain pages reading "Supplied page N", or a one-page advertisement;
  in DeviceCMYK colours only unless ``cmyk=False``.

The same arguments give the same bytes: pictures depend only on their seed, and the PDFs carry fixed
dates. Every brand and person in them is made up.

The files committed in issues/example were painted by an earlier, much longer version of this script
(detailed scenes; ads flattened to CMYK images on PDF/X-4 pages). Writing into issues/example replaces
them with these simpler ones of the same names, pixel sizes and formats, which give the same resolution
warnings in proof and print builds of the example.
"""

from __future__ import annotations

import argparse
import html
import math
import os
import random
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFilter, TiffImagePlugin

ROOT = Path(__file__).resolve().parents[1]
FONTS = ROOT / "fonts"

Size = tuple[int, int]
RGB = tuple[int, int, int]
CMYK = tuple[float, float, float, float]

DPI = (300, 300)
JPEG_QUALITY = 84
PDF_DATE = "2025-11-01T00:00:00Z"
SOURCE_DATE_EPOCH = "1761955200"  # PDF_DATE in seconds since 1970

# Sky top, sky at the horizon, ground at the horizon, ground at the bottom, and light colours.
PALETTES: dict[str, tuple[RGB, RGB, RGB, RGB, tuple[RGB, ...]]] = {
    "day": ((92, 148, 206), (214, 226, 236), (120, 130, 120), (58, 66, 60), ((255, 250, 230), (250, 214, 150))),
    "dusk": ((38, 52, 104), (236, 150, 112), (70, 58, 72), (24, 22, 34), ((255, 196, 120), (255, 140, 96))),
    "night": ((8, 14, 38), (40, 58, 104), (26, 28, 44), (6, 8, 16), ((255, 204, 130), (160, 200, 255))),
    "studio": ((196, 186, 170), (150, 136, 120), (110, 96, 84), (60, 52, 46), ((255, 236, 210), (230, 190, 150))),
    "fabric": ((128, 40, 64), (214, 120, 60), (40, 90, 120), (20, 40, 64), ((250, 210, 90), (90, 200, 190))),
}


# --------------------------------------------------------------------------- pictures


def _mix(a: RGB, b: RGB, t: float) -> RGB:
    return (
        round(a[0] + (b[0] - a[0]) * t),
        round(a[1] + (b[1] - a[1]) * t),
        round(a[2] + (b[2] - a[2]) * t),
    )


def _jitter(colour: RGB, rng: random.Random, amount: int) -> RGB:
    r, g, b = (max(0, min(255, c + rng.randint(-amount, amount))) for c in colour)
    return r, g, b


def _grain(size: Size, rng: random.Random, amount: int) -> Image.Image:
    """Film grain as an L image around 128. One tile repeated: noise for every pixel of a 10-megapixel
    picture would take longer than the rest of the picture, and no one sees the repeat."""
    tile = Image.new("L", (256, 256))
    tile.putdata([128 + rng.randint(-amount, amount) for _ in range(256 * 256)])
    tile = tile.filter(ImageFilter.GaussianBlur(0.6))
    out = Image.new("L", size)
    for y in range(0, size[1], 256):
        for x in range(0, size[0], 256):
            out.paste(tile, (x, y))
    return out


def painting(size: Size, seed: int, palette: str | None = None, grain: int = 6) -> Image.Image:
    """A photo-like RGB picture: soft out-of-focus light and colour over a gradient, a skyline in focus."""
    rng = random.Random(seed)
    sky_top, sky_low, ground_high, ground_low, lights = PALETTES[palette or rng.choice(sorted(PALETTES))]
    width, height = size
    # Painted at an eighth of the size and scaled up: the softness of a shallow depth of field, cheaply.
    small = (max(24, width // 8), max(24, height // 8))
    horizon = rng.uniform(0.45, 0.7)
    column = []
    for y in range(small[1]):
        t = y / (small[1] - 1)
        if t < horizon:
            column.append(_mix(sky_top, sky_low, (t / horizon) ** 1.4))
        else:
            column.append(_mix(ground_high, ground_low, ((t - horizon) / (1 - horizon)) ** 0.8))
    strip = Image.new("RGB", (1, small[1]))
    strip.putdata(column)
    img = strip.resize(small, Image.Resampling.BILINEAR)

    for _ in range(rng.randint(7, 12)):  # soft shapes: light sources, foliage, people out of focus
        colour = _jitter(rng.choice([*lights, sky_low, ground_high]), rng, 30)
        r = rng.uniform(0.04, 0.22) * small[0]
        cx, cy = rng.uniform(0, small[0]), rng.uniform(0.1, 1.0) * small[1]
        mask = Image.new("L", small)
        box = [cx - r, cy - r * rng.uniform(0.6, 1.4), cx + r, cy + r]
        ImageDraw.Draw(mask).ellipse(box, fill=rng.randint(70, 200))
        img.paste(colour, (0, 0, *small), mask.filter(ImageFilter.GaussianBlur(r / 2)))
    img = img.filter(ImageFilter.GaussianBlur(1.5)).resize(size, Image.Resampling.BICUBIC)

    # A skyline along the horizon, drawn at full size: the sharp edges a photo has somewhere.
    draw = ImageDraw.Draw(img)
    base = round(horizon * height)
    silhouette = _mix(ground_high, (0, 0, 0), 0.5)
    x = 0
    while x < width:
        w = rng.randint(max(4, width // 40), max(5, width // 12))
        top = base - rng.randint(height // 40, max(height // 40 + 1, height // 6))
        draw.rectangle([x, top, x + w, base], fill=_jitter(silhouette, rng, 8))
        for _ in range(rng.randint(0, 6)):  # lit windows
            wx, wy = rng.randint(x, x + w), rng.randint(top, base)
            draw.rectangle([wx, wy, wx + max(2, w // 12), wy + max(2, w // 10)], fill=rng.choice(lights))
        x += w + rng.randint(0, width // 60)
    img = img.filter(ImageFilter.BoxBlur(0.7))

    # A vignette, as lenses give, then grain.
    falloff = Image.radial_gradient("L").resize(size, Image.Resampling.BILINEAR)
    img = ImageChops.subtract(img, Image.merge("RGB", [falloff.point(lambda v: max(0, v - 120) // 3)] * 3))
    if not grain:
        return img
    noise = _grain(size, rng, grain)
    return ImageChops.add(img, Image.merge("RGB", (noise, noise, noise)), 1, -128)


def photo(
    path: Path,
    size: Size = (1200, 800),
    seed: int = 1,
    mode: str = "RGB",
    palette: str | None = None,
    grain: int = 6,
) -> Path:
    """Write a photo-like picture of `size` pixels, in the format its suffix names (.jpg, .png, .tif).

    `mode` "RGB", "CMYK" (JPEG), "L" (greyscale) or "K" (a CMYK JPEG in black ink only, as a greyscale
    photo is separated to stay on the black plate); a PNG has an alpha channel: opaque, with soft,
    transparent corners, as a cut-out would. `grain` 0 makes a smooth picture, a fraction of the bytes."""
    suffix = path.suffix.lower()
    # Grain defeats LZW: a TIFF gets only a trace of it, or it would be three times the size.
    img = painting(size, seed, palette, grain=min(grain, 2) if suffix in (".tif", ".tiff") else grain)
    path.parent.mkdir(parents=True, exist_ok=True)
    if suffix in (".jpg", ".jpeg"):
        # No EXIF, no timestamps: the bytes depend on the pixels alone.
        if mode == "K":
            blank = Image.new("L", size, 0)
            img = Image.merge("CMYK", (blank, blank, blank, ImageChops.invert(img.convert("L"))))
        img.convert("CMYK" if mode == "K" else mode).save(path, "JPEG", quality=JPEG_QUALITY, optimize=True, dpi=DPI)
    elif suffix == ".png":
        alpha = Image.new("L", (size[0] // 4, size[1] // 4), 0)
        inset = min(alpha.size) // 10
        ImageDraw.Draw(alpha).rounded_rectangle(
            [inset, inset, alpha.width - inset, alpha.height - inset], radius=inset * 2, fill=255
        )
        alpha = alpha.filter(ImageFilter.GaussianBlur(inset / 3)).resize(size, Image.Resampling.BILINEAR)
        img = img.convert(mode) if mode != "RGB" else img
        img.putalpha(alpha)
        img.save(path, "PNG", dpi=DPI)
    elif suffix in (".tif", ".tiff"):
        # LZW with horizontal differencing (predictor 2), as image editors write it: a third of the size.
        tags = TiffImagePlugin.ImageFileDirectory_v2()
        tags[317] = 2
        img.convert(mode).save(path, "TIFF", compression="tiff_lzw", tiffinfo=tags, dpi=DPI)
    else:
        raise ValueError(f"{path.name}: no writer for {suffix!r}")
    return path


# --------------------------------------------------------------------------- supplied pages


@dataclass(frozen=True)
class Ad:
    """A full-page advertisement: colours as CMYK fractions, text in the advertiser's words."""

    brand: str
    kicker: str
    headline: str
    copy: str
    web: str
    paper: CMYK
    ink: CMYK
    accent: CMYK
    serif: bool = False


FONT_FACES = (
    ("Ad Sans", "inter/Inter-Regular.otf", 400, "normal"),
    ("Ad Sans", "inter/Inter-Bold.otf", 700, "normal"),
    ("Ad Sans", "inter/Inter-Black.otf", 900, "normal"),
    ("Ad Serif", "noto-serif-display/NotoSerifDisplay-Regular.ttf", 400, "normal"),
    ("Ad Serif", "noto-serif-display/NotoSerifDisplay-Italic.ttf", 400, "italic"),
)


def _colour(value: CMYK, cmyk: bool) -> str:
    c, m, y, k = value
    if cmyk:
        return f"device-cmyk({c:g} {m:g} {y:g} {k:g})"
    # The naive conversion is enough: an RGB page is made to be refused.
    r, g, b = (round(255 * (1 - v) * (1 - k)) for v in (c, m, y))
    return f"rgb({r} {g} {b})"


def _ad_page(ad: Ad, cmyk: bool) -> str:
    def col(value: CMYK) -> str:
        return _colour(value, cmyk)

    headline_font = "400 44pt/1.05 'Ad Serif'" if ad.serif else "900 42pt/1.05 'Ad Sans'"
    # Boxes that run 3 mm past the trim fill the bleed; an agency would do the same.
    return f"""<section style="break-after: page; position: relative; height: 100%">
<div style="position: absolute; top: -3mm; left: -3mm; right: -3mm; bottom: -3mm; background: {col(ad.paper)}"></div>
<div style="position: absolute; top: 22mm; right: -40mm; width: 150mm; height: 150mm; border-radius: 50%;
  background: {col(ad.accent)}"></div>
<div style="position: absolute; top: 48mm; right: -12mm; width: 96mm; height: 96mm; border-radius: 50%;
  border: 1.2mm solid {col(ad.ink)}"></div>
<p style="position: absolute; top: 18mm; left: 18mm; margin: 0; font: 700 9pt 'Ad Sans'; letter-spacing: 0.2em;
  color: {col(ad.ink)}">{html.escape(ad.kicker)}</p>
<h1 style="position: absolute; top: 150mm; left: 18mm; width: 170mm; margin: 0; font: {headline_font};
  color: {col(ad.ink)}">{html.escape(ad.headline)}</h1>
<p style="position: absolute; top: 212mm; left: 18mm; width: 120mm; margin: 0; font: 400 11pt/1.45 'Ad Sans';
  color: {col(ad.ink)}">{html.escape(ad.copy)}</p>
<div style="position: absolute; left: -3mm; right: -3mm; bottom: -3mm; height: 33mm; background: {col(ad.ink)}"></div>
<p style="position: absolute; bottom: 12mm; left: 18mm; margin: 0; font: 900 15pt 'Ad Sans'; letter-spacing: 0.1em;
  color: {col(ad.paper)}">{html.escape(ad.brand)}</p>
<p style="position: absolute; bottom: 13mm; right: 18mm; margin: 0; font: 400 9pt 'Ad Sans';
  color: {col(ad.paper)}">{html.escape(ad.web)}</p>
</section>"""


def supplied_pdf(
    path: Path,
    pages: int = 1,
    trim: tuple[float, float] = (210, 297),
    bleed: float = 3,
    cmyk: bool = True,
    ad: Ad | None = None,
) -> Path:
    """Write pages as an advertiser would supply them: trim and bleed boxes set, colours in DeviceCMYK
    only (unless `cmyk` is False, to make a page that print must refuse). Without `ad`, each page just
    reads "Supplied page N", which tests can find with pdftotext."""
    os.environ.setdefault("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
    from weasyprint import HTML  # imported late: SOURCE_DATE_EPOCH must be set first

    faces = "".join(
        f"@font-face {{ font-family: '{family}'; src: url('{(FONTS / file).as_uri()}'); "
        f"font-weight: {weight}; font-style: {style} }}"
        for family, file, weight, style in FONT_FACES
    )
    if ad is None:
        page = f"margin: 20mm; background: {_colour((0.2, 0, 0, 0), cmyk)}"
        body = "".join(f'<div style="break-after: page">Supplied page {n + 1}</div>' for n in range(pages))
        ink = _colour((0, 0, 0, 1), cmyk)
    else:
        page, body, ink = "margin: 0", _ad_page(ad, cmyk) * pages, _colour(ad.ink, cmyk)
    document = f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{html.escape(ad.brand if ad else "Supplied pages")}</title>
<meta name="dcterms.created" content="{PDF_DATE}"><meta name="dcterms.modified" content="{PDF_DATE}">
<style>{faces}
@page {{ size: {trim[0]}mm {trim[1]}mm; bleed: {bleed}mm; {page} }}
html, body {{ margin: 0; height: 100%; font-family: 'Ad Sans'; color: {ink} }}
</style></head><body>{body}</body></html>"""
    path.parent.mkdir(parents=True, exist_ok=True)
    HTML(string=document).write_pdf(path, pdf_identifier=path.name.encode())
    return path


# --------------------------------------------------------------------------- print hazards

# One hazard each, as printers' preflights find them in supplied ads (GWG 2015 MagazineAds), on an
# otherwise clean page: a light cyan ground and a K100 box, no text.
HAZARDS = ("clean", "ink", "spot", "font", "lowres", "white", "rgb-form")
HEAVY: CMYK = (1, 0.9, 0.9, 1)  # 380 % ink: a "rich black" made by converting RGB black with no limit
SPOT = "PANTONE 185 C"
LOWRES_PPI = 40


def hazard_pdf(path: Path, hazard: str = "clean", trim: tuple[float, float] = (210, 297), bleed: float = 3) -> Path:
    """Write a one-page ad with trim and bleed boxes and one print hazard, written with pikepdf as a
    careless export would write it:

    * ``ink``: a full-bleed fill in C100 M90 Y90 K100 (380 % ink);
    * ``spot``: a box in the Separation "PANTONE 185 C";
    * ``font``: "Supplied page" set in Helvetica, not embedded;
    * ``lowres``: a CMYK photo of 100 × 70 mm at 40 ppi;
    * ``white``: a white (CMYK 0 0 0 0) box set to overprint, over the cyan ground;
    * ``rgb-form``: an RGB image inside a Form XObject;
    * ``clean``: none of them.
    """
    import pikepdf

    if hazard not in HAZARDS:
        raise ValueError(f"no hazard {hazard!r}: one of {', '.join(HAZARDS)}")
    pt = 72 / 25.4
    width, height = (trim[0] + 2 * bleed) * pt, (trim[1] + 2 * bleed) * pt
    pdf = pikepdf.new()
    resources = pikepdf.Dictionary()
    content = f"0.2 0 0 0 k 0 0 {width:.3f} {height:.3f} re f 0 0 0 1 k 60 60 120 80 re f\n"
    if hazard == "ink":
        c, m, y, k = HEAVY
        content += f"{c:g} {m:g} {y:g} {k:g} k 0 0 {width:.3f} {height:.3f} re f\n"
    elif hazard == "spot":
        tint = pikepdf.Dictionary(FunctionType=2, Domain=[0, 1], C0=[0, 0, 0, 0], C1=[0, 0.81, 0.72, 0], N=1)
        separation = pikepdf.Array([pikepdf.Name.Separation, pikepdf.Name("/" + SPOT), pikepdf.Name.DeviceCMYK, tint])
        resources.ColorSpace = pikepdf.Dictionary(CS0=separation)
        content += "/CS0 cs 1 scn 200 300 180 120 re f\n"
    elif hazard == "font":
        font = pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica)
        resources.Font = pikepdf.Dictionary(F1=font)
        content += "BT /F1 24 Tf 0 0 0 1 k 70 400 Td (Supplied page) Tj ET\n"
    elif hazard == "lowres":
        box = (100, 70)  # mm
        size = (round(box[0] / 25.4 * LOWRES_PPI), round(box[1] / 25.4 * LOWRES_PPI))
        resources.XObject = pikepdf.Dictionary(Im0=_cmyk_jpeg(pdf, painting(size, seed=31, grain=0)))
        content += f"q {box[0] * pt:.3f} 0 0 {box[1] * pt:.3f} 150 400 cm /Im0 Do Q\n"
    elif hazard == "white":
        resources.ExtGState = pikepdf.Dictionary(
            GS0=pikepdf.Dictionary(Type=pikepdf.Name.ExtGState, OP=True, op=True, OPM=1)
        )
        content += "q /GS0 gs 0 0 0 0 k 200 300 180 120 re f Q\n"
    elif hazard == "rgb-form":
        picture = painting((60, 40), seed=32, grain=0)
        image = pikepdf.Stream(pdf, picture.tobytes(), Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Image,
                               Width=60, Height=40, ColorSpace=pikepdf.Name.DeviceRGB, BitsPerComponent=8)  # fmt: skip
        form = pikepdf.Stream(pdf, b"q 180 0 0 120 0 0 cm /Im0 Do Q", Type=pikepdf.Name.XObject,
                              Subtype=pikepdf.Name.Form, BBox=[0, 0, 180, 120],
                              Resources=pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=image)))  # fmt: skip
        resources.XObject = pikepdf.Dictionary(Fm0=form)
        content += "q 1 0 0 1 200 300 cm /Fm0 Do Q\n"
    page = pikepdf.Page(pikepdf.Dictionary(Type=pikepdf.Name.Page, MediaBox=[0, 0, width, height]))
    page.obj.TrimBox = pikepdf.Array([bleed * pt, bleed * pt, width - bleed * pt, height - bleed * pt])
    page.obj.BleedBox = pikepdf.Array([0, 0, width, height])
    page.obj.Resources = resources
    page.obj.Contents = pdf.make_stream(content.encode())
    pdf.pages.append(page)
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.save(path, deterministic_id=True)
    return path


def _cmyk_jpeg(pdf: object, picture: Image.Image) -> object:
    """A CMYK JPEG image XObject, with colours kept well inside the ink limit. Pillow writes CMYK JPEGs
    in Adobe's inverted convention, so the image says so in its /Decode, as PDF writers do."""
    import io

    import pikepdf

    cmyk = picture.convert("CMYK").point(lambda v: v * 7 // 10)  # at most 70 % of each ink: 280 % at most
    data = io.BytesIO()
    cmyk.save(data, "JPEG", quality=JPEG_QUALITY)
    keys = {"Width": picture.width, "Height": picture.height, "BitsPerComponent": 8, "Decode": [1, 0] * 4}
    names = {"Type": "/XObject", "Subtype": "/Image", "ColorSpace": "/DeviceCMYK", "Filter": "/DCTDecode"}
    return pikepdf.Stream(pdf, data.getvalue(), **keys, **{k: pikepdf.Name(v) for k, v in names.items()})


def heavy_photo(path: Path, size: Size = (1200, 800), seed: int = 1, ink: CMYK = (0.9, 0.85, 0.85, 1)) -> Path:
    """A CMYK JPEG photo whose lower third is a flat area of `ink` (by default C90 M85 Y85 K100, 360 %):
    a shadow an image editor separated with no ink limit. The rest keeps to 70 % of each ink."""
    cmyk = painting(size, seed, grain=0).convert("CMYK").point(lambda v: v * 7 // 10)
    fill = tuple(round(v * 255) for v in ink)
    ImageDraw.Draw(cmyk).rectangle([0, size[1] * 2 // 3, size[0], size[1]], fill=fill)
    path.parent.mkdir(parents=True, exist_ok=True)
    cmyk.save(path, "JPEG", quality=JPEG_QUALITY, dpi=DPI)
    return path


# --------------------------------------------------------------------------- the example issue

# Name, pixel size, seed, palette and colour mode of each picture the example's articles place. Two
# are too small for print on purpose: the example shows what the resolution checks report.
PICTURES: tuple[tuple[str, Size, int, str, str], ...] = (
    ("cover.jpg", (2600, 3650), 11, "dusk", "RGB"),
    ("rhine-promenade.jpg", (3000, 2000), 12, "day", "RGB"),
    ("japanese-quarter.jpg", (2400, 1600), 13, "night", "RGB"),
    ("interview-portrait.jpg", (2000, 2600), 14, "studio", "RGB"),
    ("portrait-baker.jpg", (1800, 2400), 15, "studio", "RGB"),
    ("portrait-engineer.jpg", (1600, 2000), 16, "studio", "RGB"),
    ("harbour-cranes.jpg", (3000, 2000), 17, "dusk", "RGB"),
    ("district-unterbilk.jpg", (2400, 1600), 18, "day", "RGB"),
    ("startup-lab.jpg", (1600, 1200), 19, "studio", "RGB"),
    ("startup-team.png", (1200, 900), 20, "day", "RGB"),
    ("trade-fair-hall.jpg", (2400, 1600), 21, "night", "RGB"),
    ("tram-night.jpg", (800, 533), 22, "night", "RGB"),
    ("market-stall.jpg", (600, 450), 23, "day", "RGB"),
    ("skyline-panorama.tif", (3000, 1200), 24, "dusk", "RGB"),
    ("editor.jpg", (900, 1200), 25, "studio", "RGB"),
    ("textile-cmyk.jpg", (2000, 1400), 26, "fabric", "CMYK"),
)

NAVY, GOLD, PAPER = (1, 0.75, 0.2, 0.55), (0.1, 0.3, 0.7, 0.1), (0, 0.02, 0.08, 0)
ADS: dict[str, Ad] = {
    "u2-ad.pdf": Ad(
        brand="HAFENTOR PRIVATBANK",
        kicker="PRIVATE BANKING SINCE 1904",
        headline="Patience is an asset class.",
        copy="Three generations of the same families have banked with us. We would like to meet the fourth: "
        "quietly, in person, and without a sales target in the room.",
        web="hafentor-bank.example",
        paper=NAVY,
        ink=PAPER,
        accent=GOLD,
        serif=True,
    ),
    "u4-ad.pdf": Ad(
        brand="KRANICH RAIL & AIR",
        kicker="FROM THE CENTRAL STATION TO THE FAR EAST",
        headline="Check in by the river. Wake up in Busan.",
        copy="Drop your bags at the station, take the express to the gate and fly through the night. "
        "Daily departures to Busan, Fukuoka and Kaohsiung.",
        web="kranich-railair.example",
        paper=(0.55, 0, 0.05, 0),
        ink=(1, 0.8, 0, 0.45),
        accent=(0, 0.65, 0.85, 0),
    ),
    "ad-coworking.pdf": Ad(
        brand="DOCK SIEBEN",
        kicker="DESKS · STUDIOS · ROOF TERRACE",
        headline="Rent a desk with a view of the cranes.",
        copy="Day passes, fixed desks and studios for teams of up to fifteen, a workshop with a laser cutter "
        "and coffee that the roasters next door deliver every morning.",
        web="dock-sieben.example",
        paper=(0.8, 0.3, 0.65, 0.6),
        ink=(0, 0, 0.05, 0),
        accent=(0.15, 0, 0.85, 0),
    ),
    "ad-fair.pdf": Ad(
        brand="ORIENT SOURCING DAYS",
        kicker="HALLS 2 TO 6 · NOVEMBER",
        headline="Meet the makers behind your shelf.",
        copy="Four days, nine hundred manufacturers from twenty-six countries and a matchmaking desk that "
        "books your meetings before you arrive. Trade visitors enter free until the end of October.",
        web="orient-sourcing-days.example",
        paper=(0, 0.85, 0.8, 0.25),
        ink=(0, 0, 0, 0),
        accent=(0, 0.5, 0.9, 0),
    ),
}


def make_example(folder: Path) -> list[Path]:
    """Every picture and supplied page of the example issue, in `folder`/images and `folder`/supplied."""
    made = [photo(folder / "images" / name, size, seed, mode, palette) for name, size, seed, palette, mode in PICTURES]
    made += [supplied_pdf(folder / "supplied" / name, ad=ad) for name, ad in ADS.items()]
    return made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "issues" / "example", help="the issue folder to write into")
    folder = parser.parse_args().out
    for path in make_example(folder):
        print(f"{path.relative_to(folder)}  {math.ceil(path.stat().st_size / 1024):,} KB")


if __name__ == "__main__":
    main()
