"""The flatplan sheet as one picture (sheet.png): every spread in rows, each page captioned with its label
and its slot, findings as a numbered dot in the page's corner, changed pages framed.

Drawn with Pillow in Inter, the font vividprint carries for its starter layout, so the picture needs
nothing of the issue's layout.
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageFont

from ..scaffold import starter_root
from .thumbs import SMALL_WIDTH

PAGE_WIDTH = SMALL_WIDTH  # px
SPREADS_PER_ROW = 6
GAP = 28  # between spreads
MARGIN = 24
CAPTION = 36  # below a page: its label and its slot
HEADER = 64
INK = (30, 30, 30)
GREY = (120, 120, 120)
CHANGED = (208, 33, 159)  # magenta, as the diff's outlines
SEVERITY_COLOURS = {"error": (214, 39, 40), "warning": (230, 150, 0), "typesetting": (31, 155, 180)}


def sheet_picture(data: dict[str, Any], thumbs: Sequence[Path]) -> bytes:
    pages, spreads = data["pages"], data["spreads"]
    ratio = max(page["height"] / page["width"] for page in pages) if pages else 1.414
    page_height = round(PAGE_WIDTH * ratio)
    cell = 2 * PAGE_WIDTH
    rows = [spreads[i : i + SPREADS_PER_ROW] for i in range(0, len(spreads), SPREADS_PER_ROW)] or [[]]
    width = 2 * MARGIN + SPREADS_PER_ROW * cell + (SPREADS_PER_ROW - 1) * GAP
    height = HEADER + len(rows) * (page_height + CAPTION + GAP) + MARGIN
    sheet = Image.new("RGB", (width, height), (244, 243, 240))
    draw = ImageDraw.Draw(sheet)
    title, small, label_font = _font(18, bold=True), _font(11), _font(13, bold=True)
    marks = _marks(data)
    draw.text((MARGIN, 18), data["title"] + (f" ({data['edition']})" if data.get("edition") else ""), INK, title)
    draw.text((MARGIN, 42), _summary(data), GREY, small)
    for row_index, row in enumerate(rows):
        top = HEADER + row_index * (page_height + CAPTION + GAP)
        for column, spread in enumerate(row):
            left = MARGIN + column * (cell + GAP)
            for index in spread:
                page = pages[index]
                x = left + (PAGE_WIDTH if page["side"] == "right" else 0)
                _page(sheet, draw, page, thumbs[index], (x, top), page_height)
                slot = data["slots"][page["slot"]]
                first = slot["first"] == index
                draw.text((x + 3, top + page_height + 4), page["label"], INK, label_font)
                draw.text(
                    (x + 3, top + page_height + 20), _fit(draw, slot["name"], small), INK if first else GREY, small
                )
                if page["label"] in marks:
                    _badge(draw, (x + PAGE_WIDTH - 12, top + 12), marks[page["label"]])
    data_out = io.BytesIO()
    sheet.save(data_out, "PNG", compress_level=6)
    return data_out.getvalue()


def _page(
    sheet: Image.Image, draw: ImageDraw.ImageDraw, page: dict[str, Any], thumb: Path, at: tuple[int, int], height: int
) -> None:
    x, y = at
    with Image.open(thumb) as picture:
        small = picture.convert("RGB")
    if small.height > height:  # a page taller than the (a supplied one)
        small.thumbnail((PAGE_WIDTH, height), Image.Resampling.LANCZOS)
    sheet.paste(small, (x, y))
    draw.rectangle((x, y, x + small.width - 1, y + small.height - 1), outline=(190, 190, 190))
    if page["changed"]:
        for x0, y0, x1, y1 in page["regions"]:
            box = (x + x0 * small.width, y + y0 * small.height, x + x1 * small.width, y + y1 * small.height)
            draw.rectangle(box, outline=CHANGED, width=1)
        draw.rectangle((x - 2, y - 2, x + small.width + 1, y + small.height + 1), outline=CHANGED, width=3)


def _marks(data: dict[str, Any]) -> dict[str, tuple[str, int]]:
    """Per page label: its gravest finding's severity and how many it has."""
    ranked = list(SEVERITY_COLOURS)
    counts: Counter[str] = Counter()
    worst: dict[str, str] = {}
    for finding in data["findings"]:
        label = finding["page"]
        if not label:
            continue
        counts[label] += 1
        if label not in worst or ranked.index(finding["severity"]) < ranked.index(worst[label]):
            worst[label] = finding["severity"]
    return {label: (worst[label], counts[label]) for label in counts}


def _badge(draw: ImageDraw.ImageDraw, centre: tuple[int, int], mark: tuple[str, int]) -> None:
    severity, count = mark
    x, y = centre
    draw.ellipse((x - 10, y - 10, x + 10, y + 10), fill=SEVERITY_COLOURS[severity], outline=(255, 255, 255), width=2)
    draw.text((x, y), str(count), (255, 255, 255), _font(11), anchor="mm")


def _summary(data: dict[str, Any]) -> str:
    severities = Counter(finding["severity"] for finding in data["findings"])
    parts = [f"{len(data['pages'])} pages"]
    names = {
        "error": ("error", "errors"),
        "warning": ("warning", "warnings"),
        "typesetting": ("typesetting note", "typesetting notes"),
    }
    parts += [f"{n} {names[kind][n != 1]}" for kind in SEVERITY_COLOURS if (n := severities[kind])]
    if changed := sum(page["changed"] for page in data["pages"]):
        parts.append(f"{changed} changed since the last sheet")
    return " · ".join(parts)


def _fit(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont) -> str:
    if draw.textlength(text, font) <= PAGE_WIDTH - 6:
        return text
    while text and draw.textlength(text + "…", font) > PAGE_WIDTH - 6:
        text = text[:-1]
    return text.rstrip() + "…"


@cache
def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    path = starter_root() / "fonts" / "inter" / ("Inter-SemiBold.otf" if bold else "Inter-Regular.otf")
    return ImageFont.truetype(path, size)
