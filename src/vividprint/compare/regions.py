"""Where two renderings of a page differ, as a few boxes rather than scattered pixels.

Both versions are rendered by the same pdfium at the same resolution, so unchanged content gives equal
pixels. What anti-aliasing makes of a glyph moved by a fraction of a pixel (a justified line whose word
spaces changed by a hair) is not a change: a pixel counts when it lies outside the range of the other
rendering's pixels around it (a 3 x 3 minimum and maximum filter, the morphological erosion and
dilation) by more than a threshold, in either direction, or when it differs by more than such a shift
can make it differ. Changed pixels are then counted in small cells;
cells closer than `JOIN` are grown together (another maximum filter) so the letters of a word and the
lines of a paragraph make one region; a region needs `MIN_PIXELS` changed pixels, which drops the odd
speck. Pillow does all of it: no array library is needed.
"""

from __future__ import annotations

from functools import reduce

from PIL import Image, ImageChops, ImageDraw, ImageFilter

PixelBox = tuple[int, int, int, int]  # left, top, right, bottom in pixels, right and bottom exclusive

DPI = 100  # proof resolution: a changed comma is a few pixels, a page renders in some 30 ms
THRESHOLD = 64  # of 255 in any channel, beyond what the other rendering has around the pixel
# Of 255, at the pixel itself: more than a glyph moved by half a pixel can change (it shifts half a
# pixel's coverage), so small glyphs that differ, a 0 made a 2, count even where their shapes overlap.
STRONG = 160
CELL = 4  # pixels a side
JOIN = 2  # cells: changes this close belong to one region (about 6 pt at 100 dpi)
MIN_PIXELS = 4


def changed_regions(old: Image.Image, new: Image.Image, ignore: list[PixelBox] = ()) -> list[PixelBox]:  # type: ignore[assignment]
    """Boxes on `new` around what differs from `old` (both RGB), leaving out the `ignore` boxes."""
    if old.size != new.size:
        return [(0, 0, *new.size)]
    plain = reduce(ImageChops.lighter, ImageChops.difference(old, new).split())
    _blank(plain, ignore)
    # No pixel differs by less than it would need to count: the rank filters, the costly part, need
    # only run over the area of those that differ by more (often a few lines, or nothing).
    near = plain.point(lambda v: 255 if v >= THRESHOLD else 0).getbbox()
    if near is None:
        return []
    area = (max(0, near[0] - 2), max(0, near[1] - 2), min(new.width, near[2] + 2), min(new.height, near[3] + 2))
    mask = Image.new("L", new.size, 0)
    mask.paste(_outside(old.crop(area), new.crop(area), plain.crop(area)), area[:2])
    _blank(mask, ignore)
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
        if mask.crop(box).histogram()[255] >= MIN_PIXELS:
            regions.append(box)
    return _merged(regions)


def _blank(mask: Image.Image, boxes: list[PixelBox]) -> None:
    draw = ImageDraw.Draw(mask)
    for left, top, right, bottom in boxes:
        draw.rectangle((left, top, right - 1, bottom - 1), fill=0)


def _outside(old: Image.Image, new: Image.Image, plain: Image.Image) -> Image.Image:
    """255 where the renderings differ by STRONG or more (`plain`: the difference), or where one is
    darker or lighter than every pixel of the other's 3 x 3 neighbourhood by THRESHOLD or more (in any
    channel), else 0."""
    spread = []
    for one, two in ((old, new), (new, old)):
        low, high = one.filter(ImageFilter.MinFilter(3)), one.filter(ImageFilter.MaxFilter(3))
        spread += [ImageChops.subtract(low, two), ImageChops.subtract(two, high)]  # each clipped at 0
    outside = reduce(ImageChops.lighter, reduce(ImageChops.lighter, spread).split())
    return ImageChops.lighter(
        outside.point(lambda v: 255 if v >= THRESHOLD else 0), plain.point(lambda v: 255 if v >= STRONG else 0)
    )


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
