"""Where two renderings of a page differ, as a few boxes rather than scattered pixels.

Both versions are rendered by the same pdfium at the same resolution, so unchanged content gives equal
pixels. Pixels that differ by more than a threshold in any channel are counted in small cells; cells
closer than `JOIN` are grown together (a maximum filter, the morphological dilation) so the letters of
a word and the lines of a paragraph make one region; a region needs `MIN_PIXELS` changed pixels, which
drops the odd speck.

What anti-aliasing makes of content moved by a pixel or less (a justified line whose word spaces
changed by a hair, an edge that pdfium snaps to the next pixel) is no change: a region is dropped when
one shift of at most a pixel explains it, each pixel of either rendering lying between the other's
pixel and its neighbour in that direction. A pixel-by-pixel tolerance would not do: a small glyph
that changed (a 0 made a 2) also lies within a pixel of the old one's strokes nearly everywhere, but
no single shift turns one into the other. Pillow does all of it: no array library is needed.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import reduce

from PIL import Image, ImageChops, ImageDraw, ImageFilter

PixelBox = tuple[int, int, int, int]  # left, top, right, bottom in pixels, right and bottom exclusive

DPI = 100  # proof resolution: a changed comma is a few pixels, a page renders in some 30 ms
THRESHOLD = 64  # of 255 in any channel
# Of 255: how far a pixel of content moved by less than a pixel may lie outside the range between its
# neighbours before and after the move. pdfium's glyph coverage is no exact blend of the two; measured
# here, it strays up to some 90 (a page moved by 0.3 pt), where a glyph that changed is off by 200 and more.
BLEND = 96
CELL = 4  # pixels a side
JOIN = 2  # cells: changes this close belong to one region (about 6 pt at 100 dpi)
MIN_PIXELS = 4
SHIFTS = [(dx, dy) for dy in (-1, 0, 1) for dx in (-1, 0, 1) if dx or dy]


def changed_regions(old: Image.Image, new: Image.Image, ignore: Sequence[PixelBox] = ()) -> list[PixelBox]:
    """Boxes on `new` around what differs from `old` (both RGB), leaving out the `ignore` boxes."""
    if old.size != new.size:
        return [(0, 0, *new.size)]
    mask = _beyond(ImageChops.difference(old, new))
    draw = ImageDraw.Draw(mask)
    for left, top, right, bottom in ignore:
        draw.rectangle((left, top, right - 1, bottom - 1), fill=0)
    if mask.getbbox() is None:
        return []
    cells = mask.reduce(CELL).point(lambda v: 255 if v else 0)
    grown = cells.filter(ImageFilter.MaxFilter(2 * JOIN + 1))
    regions = []
    for cx0, cy0, cx1, cy1 in _components(grown):
        # The grown cells reach JOIN cells past the change: the changed pixels inside give the region.
        area = (cx0 * CELL, cy0 * CELL, min(mask.width, cx1 * CELL), min(mask.height, cy1 * CELL))
        tight = mask.crop(area).getbbox()
        if tight is None:
            continue
        box = (area[0] + tight[0], area[1] + tight[1], area[0] + tight[2], area[1] + tight[3])
        if mask.crop(box).histogram()[255] >= MIN_PIXELS and not _shifted(old, new, box):
            regions.append(box)
    return _merged(regions)


def _beyond(difference: Image.Image, threshold: int = THRESHOLD) -> Image.Image:
    """255 where any channel of an RGB difference reaches `threshold`, else 0."""
    return reduce(ImageChops.lighter, difference.split()).point(lambda v: 255 if v >= threshold else 0)


def _shifted(old: Image.Image, new: Image.Image, box: PixelBox) -> bool:
    """Whether content moved by at most a pixel in one direction is all that differs in `box`."""
    # A pixel of margin, and one more that the shifted crops may reach, inside the page.
    area = (max(1, box[0] - 1), max(1, box[1] - 1), min(new.width - 1, box[2] + 1), min(new.height - 1, box[3] + 1))
    return any(_between(old, new, area, dx, dy) and _between(new, old, area, -dx, -dy) for dx, dy in SHIFTS)


def _between(one: Image.Image, other: Image.Image, area: PixelBox, dx: int, dy: int) -> bool:
    """Whether `other` lies, in `area`, between `one` and `one` moved by (dx, dy), give or take BLEND,
    but for fewer than MIN_PIXELS pixels."""
    here = one.crop(area)
    moved = one.crop((area[0] - dx, area[1] - dy, area[2] - dx, area[3] - dy))
    low, high = ImageChops.darker(here, moved), ImageChops.lighter(here, moved)
    target = other.crop(area)
    outside = ImageChops.lighter(ImageChops.subtract(low, target), ImageChops.subtract(target, high))
    return _beyond(outside, BLEND).histogram()[255] < MIN_PIXELS


def _components(image: Image.Image) -> list[PixelBox]:
    """The bounding boxes of the 4-connected groups of non-zero pixels of a small mode-L image."""
    width, height = image.size
    data = image.tobytes()
    seen = bytearray(len(data))
    boxes = []
    start = data.find(b"\xff")
    while start != -1:
        if not seen[start]:
            seen[start] = 1
            stack = [start]
            x0, y0, x1, y1 = width, height, 0, 0
            while stack:
                at = stack.pop()
                y, x = divmod(at, width)
                x0, y0, x1, y1 = min(x0, x), min(y0, y), max(x1, x + 1), max(y1, y + 1)
                for near, inside in (
                    (at - 1, x > 0),
                    (at + 1, x < width - 1),
                    (at - width, y > 0),
                    (at + width, y < height - 1),
                ):
                    if inside and data[near] and not seen[near]:
                        seen[near] = 1
                        stack.append(near)
            boxes.append((x0, y0, x1, y1))
        start = data.find(b"\xff", start + 1)
    return boxes


def _merged(boxes: list[PixelBox]) -> list[PixelBox]:
    """Overlapping boxes as one, until none overlap: outlines that cross each other say nothing."""
    boxes = list(boxes)
    merged = True
    while merged:
        merged = False
        for a in range(len(boxes)):
            for b in range(a + 1, len(boxes)):
                one, two = boxes[a], boxes[b]
                if one[0] < two[2] and two[0] < one[2] and one[1] < two[3] and two[1] < one[3]:
                    boxes[a] = (min(one[0], two[0]), min(one[1], two[1]), max(one[2], two[2]), max(one[3], two[3]))
                    del boxes[b]
                    merged = True
                    break
            if merged:
                break
    return sorted(boxes, key=lambda box: (box[1], box[0]))
