"""Text a reader will not see: clipped by a frame, run off the page, too wide for its frame, or painted over.

WeasyPrint lays out whatever it is given and draws it, and what it clips or covers it clips or covers
without a word: a cover headline whose last word runs past the page edge, a title under the opening
photo, a masthead cut by `overflow: hidden`. After layout, every text box of a slot is measured against
the boxes that clip it (every ancestor whose `overflow` is not `visible`, and the page's trim), against
the frame it is set in, and against the images painted after it. Paint order is taken from WeasyPrint's
own drawing: while the PDF is written, the text and image boxes are recorded in the order they are drawn.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import replace

from weasyprint import draw
from weasyprint.formatting_structure import boxes

from ..plan.jobs import FrameFinding

MM_PER_PX = 25.4 / 96
#: Below this nobody sees the difference: anti-aliasing, rounding, a hairline of italic overhang.
TOLERANCE_PX = 1.5
#: A text box counts as hidden when an image painted after it covers this share of it.
HIDDEN_SHARE = 0.3

Rect = tuple[float, float, float, float]  # left, top, right, bottom in CSS px


@contextlib.contextmanager
def paint_order() -> Iterator[dict[int, int]]:
    """While the PDF is written: id(box) -> when it was drawn, for every text and replaced box."""
    order: dict[int, int] = {}
    text, replaced = draw.draw_text, draw.draw_replacedbox

    def draw_text(stream, textbox, *args, **kwargs):  # type: ignore[no-untyped-def]
        order.setdefault(id(textbox), len(order))
        return text(stream, textbox, *args, **kwargs)

    def draw_replacedbox(stream, box):  # type: ignore[no-untyped-def]
        order.setdefault(id(box), len(order))
        return replaced(stream, box)

    draw.draw_text, draw.draw_replacedbox = draw_text, draw_replacedbox
    try:
        yield order
    finally:
        draw.draw_text, draw.draw_replacedbox = text, replaced


GRAVITY = ("off-page", "clipped", "hidden", "too-wide")


def _graver(a: FrameFinding, b: FrameFinding) -> bool:
    return (GRAVITY.index(a.kind), -a.mm) < (GRAVITY.index(b.kind), -b.mm)


def frame_findings(document, order: dict[int, int], pages: int) -> list[FrameFinding]:
    """What the reader of the first `pages` pages will not see, one finding per element and page."""
    return [finding for _, _, finding in faulty_blocks(document, order, pages)]


def faulty_blocks(document, order: dict[int, int], pages: int) -> list[tuple[boxes.Box, object, FrameFinding]]:  # type: ignore[no-untyped-def]
    """(block box, its element, the gravest finding) for every element and page with text not seen."""
    worst: dict[tuple[int, int], tuple[boxes.Box, object, FrameFinding]] = {}
    for index, page in enumerate(document.pages[:pages]):
        trim: Rect = (0.0, 0.0, float(page.width), float(page.height))
        texts: list[tuple[boxes.TextBox, Rect | None, Rect | None, boxes.Box | None]] = []
        images: list[tuple[boxes.ReplacedBox, Rect]] = []
        _walk(page._page_box, None, None, None, texts, images)
        for text, clip, frame, block in texts:
            if not text.text.strip():
                continue
            rect = _rect(text)
            element = block.element if block is not None else None
            for kind, mm, by in _faults(text, rect, clip, trim, frame, images, order):
                # One finding per element and page: the gravest kind, by how far it reaches.
                key = (index, id(block))
                finding = FrameFinding(index, kind, element_name(element), _text(element), round(mm, 1), by)
                if key not in worst or _graver(finding, worst[key][2]):
                    worst[key] = (block, element, finding)
                break
    return list(worst.values())


def _faults(text, rect, clip, trim, frame, images, order) -> Iterator[tuple[str, float, str]]:  # type: ignore[no-untyped-def]
    if (off := _outside(rect, trim)) > TOLERANCE_PX:
        yield "off-page", off * MM_PER_PX, ""
    elif clip is not None and (cut := _outside(rect, clip)) > TOLERANCE_PX:
        yield "clipped", cut * MM_PER_PX, ""
    # Text that only runs below a frame of fixed height is left alone: it still prints, and layouts let
    # panels run into the foot of the page on purpose.
    if frame is not None and (wide := rect[2] - frame[2]) > TOLERANCE_PX:
        yield "too-wide", wide * MM_PER_PX, ""
    drawn = order.get(id(text), -1)
    area = max(1.0, (rect[2] - rect[0]) * (rect[3] - rect[1]))
    for image, box in images:
        if order.get(id(image), -1) > drawn and _overlap(rect, box) / area > HIDDEN_SHARE:
            yield "hidden", (min(rect[3], box[3]) - max(rect[1], box[1])) * MM_PER_PX, image.element.get("src", "")
            return


def _walk(box, clip, frame, block, texts, images) -> None:  # type: ignore[no-untyped-def]
    """Every text box with the clip that applies to it and the block it is set in (its frame)."""
    if isinstance(box, boxes.TextBox):
        texts.append((box, clip, frame, block))
        return
    if isinstance(box, boxes.ReplacedBox):
        images.append((box, _border_rect(box)))
        return
    if isinstance(box, boxes.BlockContainerBox) and not isinstance(box, boxes.PageBox):
        frame = (
            box.content_box_x(),
            box.content_box_y(),
            box.content_box_x() + box.width,
            box.content_box_y() + box.height,
        )
        block = box
    if box.style["overflow"] != "visible" and not isinstance(box, boxes.PageBox):
        own = (
            box.padding_box_x(),
            box.padding_box_y(),
            box.padding_box_x() + box.padding_width(),
            box.padding_box_y() + box.padding_height(),
        )
        clip = own if clip is None else _intersection(clip, own)
    for child in getattr(box, "children", ()):
        _walk(child, clip, frame, block, texts, images)


def _rect(box) -> Rect:  # type: ignore[no-untyped-def]
    return (box.position_x, box.position_y, box.position_x + box.width, box.position_y + box.height)


def _border_rect(box) -> Rect:  # type: ignore[no-untyped-def]
    x, y = box.border_box_x(), box.border_box_y()
    return (x, y, x + box.border_width(), y + box.border_height())


def _outside(rect: Rect, bounds: Rect) -> float:
    """How far `rect` reaches beyond `bounds` on its worst side (0 when inside)."""
    return max(0.0, bounds[0] - rect[0], bounds[1] - rect[1], rect[2] - bounds[2], rect[3] - bounds[3])


def _intersection(a: Rect, b: Rect) -> Rect:
    return (max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3]))


def _overlap(a: Rect, b: Rect) -> float:
    left, top, right, bottom = _intersection(a, b)
    return max(0.0, right - left) * max(0.0, bottom - top)


def element_name(element) -> str:  # type: ignore[no-untyped-def]
    if element is None:
        return "text"
    classes = (element.get("class") or "").split()
    return element.tag + "".join(f".{cls}" for cls in classes[:2])


def _text(element) -> str:  # type: ignore[no-untyped-def]
    if element is None:
        return ""
    text = " ".join("".join(element.itertext()).replace("\u00ad", "").split())
    return text if len(text) <= 60 else text[:57] + "..."


def unset_text(root, document) -> list[FrameFinding]:  # type: ignore[no-untyped-def]
    """Text in the slot's HTML that was laid out on no page at all: WeasyPrint drops what does not fit a
    frame of fixed height (columns in a box of set height, for one), without a word. Found where an
    element's text stops part-way, with every element after it that got no box."""
    laid: dict[int, list[str]] = {}
    pages: dict[int, int] = {}
    for index, page in enumerate(document.pages):
        texts: list[tuple[boxes.TextBox, Rect | None, Rect | None, boxes.Box | None]] = []
        _walk(page._page_box, None, None, None, texts, [])
        for text, _, _, block in texts:
            if block is not None and block.element is not None:
                laid.setdefault(id(block.element), []).append(text.text)
                pages[id(block.element)] = index
    findings = []
    body = next((el for el in root.iter() if el.tag == "body"), root)
    cut = None
    # Elements with text after the last one laid out: lost too when the frame filled up exactly at an
    # element's end, so that none stops part-way (not when something is laid out after them: hidden).
    trailing: FrameFinding | None = None
    last_page = -1
    inside: set[int] = set()  # descendants of an element laid out as a block: their text is counted with it
    for element in body.iter():
        if id(element) in inside:
            continue
        if id(element) in laid:
            trailing, last_page = None, pages[id(element)]
            inside.update(id(child) for child in element.iter() if child is not element and id(child) not in laid)
            if cut is not None:  # text was set again after the cut: what was lost is counted
                findings.append(cut[0])
                cut = None
            written = _letters(_own_text(element, laid))
            got = _letters("".join(laid[id(element)]))
            if len(written) - len(got) >= MISSING_LETTERS:
                missing = len(_own_text(element, laid).split()) - len("".join(laid[id(element)]).split())
                cut = (
                    FrameFinding(
                        pages[id(element)], "not set", element_name(element), _text(element), 0.0, "", missing
                    ),
                )
        elif cut is None and last_page >= 0 and element.text and element.text.strip():
            words = len(element.text.split())
            if trailing is None:
                trailing = FrameFinding(last_page, "not set", element_name(element), _text(element), 0.0, "", words)
            else:
                trailing = replace(trailing, words=trailing.words + words)
        elif cut is not None and element.text and element.text.strip():
            finding = cut[0]
            cut = (
                FrameFinding(
                    finding.page,
                    finding.kind,
                    finding.element,
                    finding.text,
                    0.0,
                    "",
                    finding.words + len(element.text.split()),
                ),
            )
    if cut is not None:
        findings.append(cut[0])
    elif trailing is not None and trailing.words * 5 >= MISSING_LETTERS:
        findings.append(trailing)
    return findings


#: Fewer missing letters than this are hyphens, generated content and the like, not lost text.
MISSING_LETTERS = 12


def _own_text(element, laid: dict[int, list[str]]) -> str:  # type: ignore[no-untyped-def]
    """An element's text with that of its descendants that are laid out as blocks of their own left out."""
    parts = [element.text or ""]
    for child in element:
        if id(child) in laid:
            pass
        elif any(id(inner) in laid for inner in child.iter()):  # a container of blocks: only its loose text
            parts.append(_own_text(child, laid))
        else:
            parts.append("".join(child.itertext()))
        parts.append(child.tail or "")
    return " ".join("".join(parts).split())


def _letters(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())
