"""A paragraph as WeasyPrint holds it, turned into boxes, glue and penalties measured by Pango.

Widths come from one Pango layout per text box, laid out on one line with the box's own style (font,
features, letter-spacing): a word's width is the distance between the positions of its first and last
byte, so kerning and ligatures inside it count as they will when the line is set. Breaks inside words are
the ones WeasyPrint would use: pyphen's dictionary for the box's language with the house rules installed
on top (text/hyphenation.py), limited by `hyphenate-limit-chars`; explicit hyphens; soft hyphens.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pyphen
from weasyprint.formatting_structure import boxes
from weasyprint.text.ffi import FROM_UNITS, ffi, pango
from weasyprint.text.line_break import create_layout, line_size

from ..text.linebreak import INFINITY, Item, box, glue, penalty

ffi.cdef("void pango_layout_index_to_pos (PangoLayout *layout, int index_, PangoRectangle *pos);")

_WORD = re.compile(r"\w+(?:[’']\w+)*")


@dataclass(frozen=True, slots=True)
class Place:
    """Where a break item cuts the text: the line ends at byte `end` of text box `box` (plus `hyphen`),
    and the next line starts at byte `resume` of that box."""

    box: int
    end: int
    resume: int
    hyphen: str = ""


@dataclass(frozen=True, slots=True)
class Spacing:
    """How far a justified line may be adjusted: its spaces from `space[0]` to `space[1]` times their
    natural width, and every letter by `tracking[0]` to `tracking[1]` em. A line at ratio 1 uses both
    maxima, one at -1 both minima: letters take their share, so spaces need not take it all."""

    space: tuple[float, float] = (0.8, 1.4)
    tracking: tuple[float, float] = (-0.01, 0.02)


@dataclass
class Paragraph:
    texts: list[boxes.TextBox]
    items: list[Item] = field(default_factory=list)
    places: dict[int, Place] = field(default_factory=dict)  # item index -> where it breaks the text


def text_boxes(line_box: boxes.LineBox) -> list[boxes.TextBox] | None:
    """The paragraph's text boxes in order, or None when it holds anything the optimal breaker does not
    handle (images, floats, inline blocks, decorated inline boxes, preserved line breaks)."""
    found: list[boxes.TextBox] = []

    def walk(parent: boxes.Box) -> bool:
        for child in parent.children:
            if isinstance(child, boxes.TextBox):
                style = child.style
                if style["white_space"] != "normal" or style["direction"] != "ltr" or not style["font_size"]:
                    return False
                if any(char in child.text for char in "\n\t\u200b"):
                    return False
                found.append(child)
            elif isinstance(child, boxes.InlineBox) and _undecorated(child):
                if not walk(child):
                    return False
            else:
                return False
        return True

    return found if walk(line_box) and found else None


def _undecorated(box_: boxes.InlineBox) -> bool:
    style = box_.style
    return all(
        getattr(style[f"{kind}_{side}"], "value", style[f"{kind}_{side}"]) in (0, "auto")
        for kind in ("padding", "margin")
        for side in ("left", "right")
    ) and not (style["border_left_width"] or style["border_right_width"])


def measure(context, texts: list[boxes.TextBox], spacing: Spacing = Spacing()) -> Paragraph:
    """Boxes, glue and penalties for these text boxes, and where each break item cuts the text."""
    narrowest, widest = spacing.space
    tight, loose = spacing.tracking
    paragraph = Paragraph(texts)
    items, places = paragraph.items, paragraph.places
    rect = ffi.new("PangoRectangle *")
    for index, text_box in enumerate(texts):
        style = text_box.style
        text = text_box.text
        data = text.encode()
        layout = create_layout(text, style, context, None, 0)
        line, _ = layout.get_first_line()
        total, _ = line_size(line, style)
        size = style["font_size"]

        def x(byte: int, layout=layout, data=data, total=total) -> float:
            if byte >= len(data):
                return total
            pango.pango_layout_index_to_pos(layout.layout, byte, rect)
            return rect.x * FROM_UNITS

        def word(begin: int, end: int, chars: int, x=x, size=size) -> Item:
            return box(x(end) - x(begin), chars * loose * size, -chars * tight * size)

        hyphen = style["hyphenate_character"]
        hyphen_width = _width(context, hyphen, style)
        cuts = _cuts(context, text, style)
        offsets = _byte_offsets(text)
        start, first = 0, 0  # byte and character where the current box began
        for i, char in enumerate(text):
            at = offsets[i]
            if char in " \u00a0":
                if at > start:
                    items.append(word(start, at, i - first))
                space = x(offsets[i + 1]) - x(at)
                if char == "\u00a0":
                    items.append(penalty(0, INFINITY))  # justified like a space, never broken
                elif not items or items[-1].kind != 0:
                    # A space after a space or at the start is collapsed by WeasyPrint's line start rules.
                    start, first = offsets[i + 1], i + 1
                    continue
                else:
                    places[len(items)] = Place(index, at, offsets[i + 1])
                stretch = space * (widest - 1) + loose * size  # the space is letter-spaced too
                items.append(glue(space, stretch, space * (1 - narrowest) - tight * size))
                start, first = offsets[i + 1], i + 1
            elif i in cuts:
                kind, resume = cuts[i]
                if at > start:
                    items.append(word(start, at, i - first))
                drawn = kind not in "-/"  # a hyphen is added, unless the line ends at a hyphen or slash
                places[len(items)] = Place(index, at, offsets[resume], hyphen if drawn else "")
                items.append(penalty(hyphen_width if drawn else 0, 50, flagged=kind != "/"))
                start, first = offsets[resume], resume
        if len(data) > start:
            items.append(word(start, len(data), len(text) - first))
        layout.deactivate()
    return paragraph


def _cuts(context, text: str, style) -> dict[int, tuple[str, int]]:
    """Character index -> (kind, index the next line resumes at) of every break inside a word: "auto"
    (dictionary), "soft" (U+00AD, not drawn unless broken at), "-" (after an explicit hyphen) and "/"
    (after a slash inside a word, in URLs)."""
    cuts: dict[int, tuple[str, int]] = {}
    hyphens = style["hyphens"]
    # A word's own hyphen and a URL's slash break under `hyphens: none` too (a compound kept whole by
    # text/markdown.py still breaks at its hyphen), as Pango breaks them; a soft hyphen does not.
    for i, char in enumerate(text):
        if char == "\u00ad" and hyphens != "none":
            cuts[i] = ("soft", i + 1)
        elif char == "-" and 0 < i < len(text) - 1 and text[i - 1].isalpha() and text[i + 1].isalpha():
            cuts[i + 1] = ("-", i + 1)
        elif char == "/" and 0 < i < len(text) - 1 and text[i + 1] not in "/ \u00a0" and text[i - 1] != "/":
            cuts[i + 1] = ("/", i + 1)  # a URL may wrap after a slash, as Pango lets it, with no hyphen
        elif i and _ideographic_break(text[i - 1], char):
            cuts[i] = ("/", i)  # Chinese and Japanese break between characters, with no hyphen
    if hyphens == "none":
        return cuts
    lang = style["lang"] and pyphen.language_fallback(style["lang"])
    if hyphens != "auto" or not lang or "\u00ad" in text:
        return cuts
    total, left, right = style["hyphenate_limit_chars"]
    key = (lang, left, right, total)
    dictionary = context.dictionaries.get(key)
    if dictionary is None:
        dictionary = context.dictionaries[key] = pyphen.Pyphen(lang=lang, left=left, right=right)
    for match in _WORD.finditer(text):
        word = match.group()
        if len(word) < total:
            continue
        for position in dictionary.positions(word):
            cuts.setdefault(match.start() + position, ("auto", match.start() + position))
    return cuts


_IDEOGRAPHIC = re.compile(r"[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
_NO_BREAK_BEFORE = set("、。，．・：；？！）」』】〕〉》ー々ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ")
_NO_BREAK_AFTER = set("（「『【〔〈《")


def _ideographic_break(before: str, char: str) -> bool:
    """Whether a line may break between these two characters of Chinese or Japanese text: anywhere,
    but not before closing punctuation and small kana, nor after opening punctuation."""
    if not (_IDEOGRAPHIC.match(before) and _IDEOGRAPHIC.match(char)):
        return False
    return char not in _NO_BREAK_BEFORE and before not in _NO_BREAK_AFTER


def _byte_offsets(text: str) -> list[int]:
    offsets = [0]
    for char in text:
        offsets.append(offsets[-1] + len(char.encode()))
    return offsets


def _width(context, text: str, style) -> float:
    layout = create_layout(text, style, context, None, 0)
    line, _ = layout.get_first_line()
    width, _ = line_size(line, style)
    layout.deactivate()
    return width
