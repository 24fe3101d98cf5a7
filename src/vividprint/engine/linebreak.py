"""Optimal line breaks for justified paragraphs, chosen inside WeasyPrint's own layout.

On unless the layout says `[typesetting] linebreak = "greedy"` or `VIVIDPRINT_LINEBREAK=greedy` (which
wins over the layout) says otherwise. WeasyPrint breaks lines one at a time: block
layout asks `iter_line_boxes` for a paragraph's lines, and each text box is cut by `split_text_box`
(Pango's greedy `split_first_line` underneath) to the width left on the line. Three functions are
wrapped, each falling back to WeasyPrint's own for anything not planned:

- `iter_line_boxes`: at a justified paragraph's first line, with its measure now known, the paragraph is
  measured with Pango (paragraph.py) and its breaks chosen for all lines at once (text/linebreak.py).
- `split_text_box`: a planned text box is cut where the plan says, its letters spaced by the line's
  tracking and its spaces widened (or narrowed) so that the line fills the measure exactly.
- `text_align`: planned justified lines are already justified; WeasyPrint's justification only widens.

Elements the layout lists to be balanced (headlines, decks, cover lines) get as many lines as WeasyPrint
would give them, broken so that the lines are about equally long, and are aligned as their CSS says.

Plans are kept per paragraph and measure: column balancing lays a paragraph out several times. Floats
already placed beside the paragraph (a drop cap, a picture) narrow the lines they reach into, and the
plan is made for those measures. A plan that no longer matches what WeasyPrint asks (another measure in
the next column, a line much narrower than planned) is dropped and the rest of the paragraph is set
greedily; `stats` counts both.
"""

from __future__ import annotations

import bisect
import json
import os
from collections import Counter
from dataclasses import dataclass, field, replace

import cssselect2
from weasyprint.formatting_structure import boxes
from weasyprint.layout import block, inline
from weasyprint.layout.percent import resolve_one_percentage, resolve_percentages
from weasyprint.text.line_break import split_first_line, strut

from ..inputs.layout import TypesettingSettings
from ..text.linebreak import BOX, GLUE, PENALTY, Params, balanced_breaks, finish, line_breaks
from .paragraph import Spacing, measure, text_boxes

stats: Counter[str] = Counter()
# Justified paragraphs of the document laid out last that WeasyPrint set line by line, wholly or from a
# column of another measure on: id() of their elements, for the typesetting report
by_line: set[int] = set()
_ORIGINAL = {
    "iter_line_boxes": block.iter_line_boxes,
    "split_text_box": inline.split_text_box,
    "text_align": inline.text_align,
}
SAFETY = 0.01  # px left unfilled on a line, so rounding never makes it overflow and break early
MAX_BESIDE = 40  # lines beside floats planned for: a longer float leaves the paragraph to WeasyPrint
MISFIT = 0.12  # em: spaces narrower than planned by more than this mean the plan does not fit the line


@dataclass
class Settings:
    """What a document's layout asks of the breaker (layout.toml `[typesetting]`)."""

    optimal: bool = True
    spacing: Spacing = field(default_factory=Spacing)
    min_last_line: float = 0.0  # em of the paragraph's size
    balanced: set = field(default_factory=set)  # elements whose lines are balanced (id() of etree elements)


settings = Settings()


#: Longer paragraphs are broken by WeasyPrint, line by line: a pasted text without paragraph breaks
#: would otherwise take minutes to plan (a normal paragraph has a few hundred characters).
MAX_PLANNED_CHARS = 10_000


def enabled(layout_choice: str = "optimal") -> bool:
    """Whether optimal breaking is on: the environment's choice, else the layout's."""
    return (os.environ.get("VIVIDPRINT_LINEBREAK") or layout_choice) not in ("greedy", "off")


def settings_for(typesetting: str, root) -> Settings:
    """The breaker's settings for a document: `typesetting` is a render job's JSON of the layout's
    `[typesetting]` (empty: the defaults), `root` the document's parsed HTML, searched for what is
    to be balanced."""
    spec = TypesettingSettings.model_validate_json(typesetting) if typesetting else TypesettingSettings()
    balanced = set()
    if spec.balance:
        selectors = cssselect2.compile_selector_list(", ".join(spec.balance))
        for element in cssselect2.ElementWrapper.from_html_root(root).iter_subtree():
            if any(selector.test(element) for selector in selectors):
                balanced.add(id(element.etree_element))
    return Settings(
        optimal=enabled(spec.linebreak),
        spacing=Spacing(spec.word_space, spec.letter_spacing),
        min_last_line=spec.min_last_line,
        balanced=balanced,
    )


@dataclass(frozen=True, slots=True)
class _Segment:
    start: int  # bytes of the text box on one line
    end: int
    resume: int | None  # where the next line starts in this box; None: the line goes on in the next box
    hyphen: str
    spacing: float  # extra width per space planned for the line (negative: shrunk)
    last_line: bool
    tracking: float = 0.0  # em added to every letter of the line (negative: tighter)
    fills: bool = False  # the last piece of text on a line that is not a paragraph's last


@dataclass
class _Plan:
    text_box: boxes.TextBox
    starts: list[int]
    segments: list[_Segment]
    width: float

    def segment(self, skip: int) -> _Segment | None:
        i = bisect.bisect_right(self.starts, skip) - 1
        if i < 0:
            return None
        segment = self.segments[i]
        return segment if segment.start <= skip < max(segment.end, segment.start + 1) else None


_plans: dict[int, _Plan] = {}
_paragraphs: dict[tuple[int, float, float], tuple[boxes.LineBox, list[_Plan]]] = {}


def use(optimal: bool, chosen: Settings | None = None) -> None:
    """Wrap WeasyPrint's line breaking in this process, or put its own back; `chosen` are the settings
    of the documents rendered from now on."""
    global settings
    settings = chosen or Settings(optimal=optimal)
    optimal = optimal and settings.optimal
    block.iter_line_boxes = _iter_line_boxes if optimal else _ORIGINAL["iter_line_boxes"]
    inline.split_text_box = _split_text_box if optimal else _ORIGINAL["split_text_box"]
    inline.text_align = _text_align if optimal else _ORIGINAL["text_align"]


def reset() -> None:
    """Forget the plans of the last document: its boxes are gone. With VIVIDPRINT_LINEBREAK_STATS naming
    a file, the counts so far are appended to it, one JSON line per document (for bench/)."""
    if (path := os.environ.get("VIVIDPRINT_LINEBREAK_STATS")) and stats:
        with open(path, "a", encoding="utf-8") as out:
            out.write(json.dumps(dict(stats)) + "\n")
        stats.clear()
    _plans.clear()
    _paragraphs.clear()
    by_line.clear()


def _iter_line_boxes(context, box, position_y, bottom_space, skip_stack, containing_block, *args):
    first_letter_style, first_line_style = args[-2], args[-1]
    planned = box.style["text_align_all"] == "justify" or id(box.element) in settings.balanced
    if skip_stack is None and planned and not (first_letter_style or first_line_style):
        resolve_percentages(box, containing_block)
        resolve_one_percentage(box, "text_indent", containing_block.width)
        _plan(context, box, position_y, containing_block)
    elif skip_stack is not None and not _same_measure(box, containing_block.width):
        _drop(box)  # the paragraph goes on in a column of another measure: set the rest greedily
    return _ORIGINAL["iter_line_boxes"](context, box, position_y, bottom_space, skip_stack, containing_block, *args)


def _plan(context, line_box: boxes.LineBox, position_y: float, containing_block) -> None:
    width, indent = containing_block.width, line_box.text_indent
    key = (id(line_box), width, indent)
    if key in _paragraphs:
        _install(_paragraphs[key][1])
        stats["plans reused"] += 1
        return
    texts = text_boxes(line_box)
    if texts is not None and sum(len(text.text) for text in texts) > MAX_PLANNED_CHARS:
        texts = None  # measuring and weighing every break grows faster than the text: minutes at 100,000
    if texts is None:
        stats["paragraphs left to WeasyPrint"] += 1
        if line_box.style["text_align_all"] == "justify":
            by_line.add(id(line_box.element))
        return
    paragraph = measure(context, texts, settings.spacing)
    items = finish(paragraph.items)
    widths = _widths(context, line_box, position_y, containing_block, width - indent)
    if len(widths) > 2:
        stats["paragraphs beside a float"] += 1
    justified = line_box.style["text_align_all"] == "justify"
    if justified:
        size = texts[0].style["font_size"]
        found = line_breaks(items, widths, Params(min_last_line=settings.min_last_line * size))
    else:
        found = balanced_breaks(items, widths)
    plans: dict[int, list[_Segment]] = {i: [] for i in range(len(texts))}
    start_box, start_byte, begin = 0, 0, 0
    for number, found_break in enumerate(found):
        last = number == len(found) - 1
        measure_ = widths[min(number, len(widths) - 1)]
        line = items[begin : found_break.index]
        natural = sum(item.width for item in line if item.kind != PENALTY)
        spaces = sum(1 for item in line if item.kind == GLUE and item.stretch < 1e5)  # not the last line's fill
        if items[found_break.index].kind == PENALTY:
            natural += items[found_break.index].width
        ratio = min(found_break.ratio, 0.0) if last else found_break.ratio
        spacing, tracking = 0.0, 0.0
        if justified:
            tracking, tracked = _tracking(line, ratio, texts[0].style["font_size"], spaces)
            spacing = (measure_ - natural - tracked) / spaces if spaces else 0.0
            if last:
                spacing = min(spacing, 0.0)
        if last:
            end_box, end_byte, resume, hyphen = len(texts) - 1, len(texts[-1].text.encode()), None, ""
        else:
            place = paragraph.places[found_break.index]
            end_box, end_byte, resume, hyphen = place.box, place.end, place.resume, place.hyphen
        pieces = []
        for index in range(start_box, end_box + 1):
            size_ = len(texts[index].text.encode())
            segment_start = start_byte if index == start_box else 0
            if index == end_box:
                pieces.append((index, _Segment(segment_start, end_byte, resume, hyphen, spacing, last, tracking)))
            elif segment_start < size_:
                pieces.append((index, _Segment(segment_start, size_, None, "", spacing, last, tracking)))
        # The line's last piece with text fills the line: it may end a box the line does not end in.
        filled = max((i for i, (_, piece) in enumerate(pieces) if piece.end > piece.start or piece.hyphen), default=-1)
        for i, (index, piece) in enumerate(pieces):
            plans[index].append(replace(piece, fills=True) if i == filled and not last else piece)
        if not last:
            start_box, start_byte = end_box, resume
            begin = found_break.index + 1
    made = [_Plan(texts[i], [s.start for s in segments], segments, width) for i, segments in plans.items() if segments]
    _paragraphs[key] = (line_box, made)
    _install(made)
    stats["paragraphs planned"] += 1
    stats["lines planned"] += len(found)


def _tracking(line: list, ratio: float, size: float, spaces: int) -> tuple[float, float]:
    """The line's tracking in em and the width it adds: letters take their share of the ratio."""
    tight, loose = settings.spacing.tracking
    ratio = max(-1.0, min(ratio, 1.0))  # letters never go past their limits: looser lines widen spaces only
    em = ratio * (loose if ratio > 0 else -tight)
    letters = sum((item.stretch if ratio > 0 else item.shrink) for item in line if item.kind == BOX)
    return em, ratio * letters + spaces * em * size  # Pango letter-spaces the spaces too


def _same_measure(line_box: boxes.LineBox, width: float) -> bool:
    return any(key[0] == id(line_box) and key[1] == width for key in _paragraphs)


def _drop(line_box: boxes.LineBox) -> None:
    for held, plans in list(_paragraphs.values()):
        if held is line_box:
            for plan in plans:
                _plans.pop(id(plan.text_box), None)
            stats["plans dropped"] += 1
            by_line.add(id(line_box.element))


def _install(plans: list[_Plan]) -> None:
    for plan in plans:
        _plans[id(plan.text_box)] = plan


def _widths(context, line_box: boxes.LineBox, position_y: float, containing_block, first: float) -> list[float]:
    """Each line's measure, the last serving every later line: a float already placed (a drop cap, a
    picture) narrows the lines whose band it reaches into, as WeasyPrint will when it sets them. Lines
    are one pitch apart, the paragraph's line height."""
    width = containing_block.width
    left = containing_block.content_box_x()
    pitch = strut(line_box.style)[0]
    shapes = [
        (shape.position_y, shape.position_y + shape.margin_height(), shape.position_x, shape.margin_width())
        for shape in context.excluded_shapes
        if shape.position_y + shape.margin_height() > position_y
        and shape.position_x < left + width
        and shape.position_x + shape.margin_width() > left
    ]
    widths = []
    for n in range(MAX_BESIDE):
        top, bottom = position_y + n * pitch, position_y + (n + 1) * pitch
        taken = sum(x_width for y0, y1, _, x_width in shapes if y0 < bottom and y1 > top)
        widths.append((first if n == 0 else width) - taken)
        if n > 0 and not taken:
            break
    return widths


def _split_text_box(context, box, available_width, skip, is_line_start=True):
    plan = _plans.get(id(box))
    segment = plan.segment(skip) if plan is not None and plan.text_box is box else None
    if segment is None or available_width is None:
        if plan is not None and plan.text_box is box:
            stats["cuts left to WeasyPrint"] += 1
        return _ORIGINAL["split_text_box"](context, box, available_width, skip, is_line_start)
    if segment.spacing < -MISFIT * box.style["font_size"]:
        # Spaces squeezed past their limit (a line set overfull because a word is wider than the measure)
        # would draw words over each other: WeasyPrint sets it, overfull but legible.
        stats["cuts left to WeasyPrint"] += 1
        return _ORIGINAL["split_text_box"](context, box, available_width, skip, is_line_start)
    data = box.text.encode()
    piece = data[skip : segment.end].decode() + segment.hyphen
    resume = segment.resume
    if not piece:
        return None, resume, False
    style = box.style
    if segment.tracking:
        style = style.copy()
        base = style["letter_spacing"] if style["letter_spacing"] != "normal" else 0
        style["letter_spacing"] = base + segment.tracking * style["font_size"]
    layout, _, _, width, height, baseline = split_first_line(piece, style, context, None, 0, is_line_start)
    spaces = piece.count(" ") + piece.count("\u00a0")
    if not spaces and width > available_width + MISFIT * style["font_size"]:
        # Wider than the line with nothing to squeeze: WeasyPrint finds a break inside it or lets it out.
        stats["cuts left to WeasyPrint"] += 1
        return _ORIGINAL["split_text_box"](context, box, available_width, skip, is_line_start)
    spacing = segment.spacing
    justified = box.style["text_align_all"] == "justify"
    # WeasyPrint counts one letter space after the last letter, which Pango does not draw.
    trailing = style["letter_spacing"] if style["letter_spacing"] != "normal" else 0
    fills = segment.fills and justified
    if fills and spaces:
        # The line's last piece fills what is left of the measure exactly, up to its last letter's edge.
        spacing = (available_width - width + trailing - SAFETY) / spaces
        if spacing < -MISFIT * style["font_size"]:
            # The line is much narrower than planned (a float larger than estimated): WeasyPrint sets it.
            stats["cuts left to WeasyPrint"] += 1
            return _ORIGINAL["split_text_box"](context, box, available_width, skip, is_line_start)
    new_box = box.copy_with_text(layout.text)
    new_box.style = style
    new_box.width = width + spacing * spaces - (trailing if fills and spaces else 0)
    if fills and new_box.width > available_width - SAFETY:
        # A last piece without spaces cannot take up what the estimate of the line's tracking missed;
        # a fraction of a pixel over would make WeasyPrint carry the piece to the next line.
        new_box.width = available_width - SAFETY
    new_box.justification_spacing = spacing
    layout.justification_spacing = spacing
    new_box.pango_layout = layout
    new_box.height = height
    line_height, _ = strut(style)
    new_box.margin_top = new_box.margin_bottom = (line_height - height) / 2
    new_box.baseline = baseline + new_box.margin_top
    new_box.vividprint_planned = justified
    if resume is not None:
        stats["lines set as planned"] += 1
    return new_box, resume, False


def _text_align(context, line, available_width, last):
    if any(getattr(child, "vividprint_planned", False) for child in line.descendants()):
        return 0
    return _ORIGINAL["text_align"](context, line, available_width, last)
