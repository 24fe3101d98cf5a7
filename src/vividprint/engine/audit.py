"""How the body text of a PDF is set, measured from the PDF alone: word gaps, justification, hyphens.

The measurements come from pdfium's character boxes (pypdfium2), read in one process without an
intermediate text format; `pdftotext -bbox-layout` would give word boxes too, but no
font sizes, and it rebuilds words with its own heuristics. Boxes are pdfium's *loose* boxes: a glyph's
advance, not its ink, so a gap between two words is the space's advance plus whatever justification added
(Noto Serif's space is 0.26 em) and does not depend on the side bearings of the letters beside it.

What counts:

- Body lines: runs of characters on one baseline at the body size (the most common size, weighted by
  characters, or the size given), split where the text jumps back or far ahead.
- Columns: per page, lines whose left edges lie together; a column's right edge is where most of its
  lines end.
- A line is justified when it ends at its column's right edge (within `EDGE_TOLERANCE`) and the next line
  of the column does not start a paragraph (an indented line or one after a vertical gap).
- A line's gap is the mean of its word gaps, in em of its font size. Spaces and no-break spaces separate
  words; the narrow no-break space does not, since justification never widens it.
"""

from __future__ import annotations

import ctypes
import itertools
import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as raw

EDGE_TOLERANCE = 0.5  # pt: justified lines end within this of the column's edge
# A glyph's declared width (the PDF's /W, read by pdfium) may reach past where the pen stops, which
# Pango's positioning puts right (Noto Serif's "f" by 0.1 em): a line may end this far beyond the edge.
OVERHANG = 0.12  # em
MIN_LAST_LINE = 5.0  # em: a paragraph's last line shorter than this is a runt (layout.toml may say otherwise)
HYPHENS = "-\u2010\u00ad\x02"  # a hyphenated line's end (pdfium reads a hyphen there as 0x02); no dashes
SPACES = " \u00a0"


@dataclass
class Line:
    page: int  # from 0
    baseline: float  # pt from the page's bottom
    size: float  # font size, pt
    chars: list[tuple[str, float, float]]  # character, left, right (pt)
    column: int = -1
    justified: bool = False
    paragraph_end: bool = False
    paragraph_start: bool = False  # indented, or after a vertical gap or a paragraph's last line
    ends_paragraph: bool = False  # ends short of a justified column's edge, or before a paragraph start
    indent: float = 0.0  # pt right of the column's left edge

    @property
    def left(self) -> float:
        return self.chars[0][1]

    @property
    def right(self) -> float:
        return self.chars[-1][2]

    @property
    def text(self) -> str:
        return "".join(c for c, _, _ in self.chars)

    @property
    def words(self) -> list[str]:
        return self.text.replace("\u00a0", " ").split()

    @property
    def gaps(self) -> list[float]:
        """Each word gap in em: from the last glyph of a word to the first glyph of the next."""
        gaps, word_end, in_space = [], None, False
        for char, left, right in self.chars:
            if char in SPACES:
                in_space = word_end is not None
                continue
            if in_space and word_end is not None:
                gaps.append((left - word_end) / self.size)
                word_end = None
            in_space = False
            word_end = right if word_end is None else max(word_end, right)
        return gaps

    @property
    def mean_gap(self) -> float | None:
        gaps = self.gaps
        return sum(gaps) / len(gaps) if gaps else None

    @property
    def hyphenated(self) -> bool:
        return self.text.rstrip()[-1:] in HYPHENS and len(self.text.rstrip()) > 1


@dataclass
class Audit:
    body_size: float
    lines: list[Line] = field(default_factory=list)

    @property
    def justified(self) -> list[Line]:
        return [line for line in self.lines if line.justified and line.gaps]

    def share_over(self, em: float) -> float:
        lines = self.justified
        return sum(1 for line in lines if (line.mean_gap or 0) > em) / len(lines) if lines else 0.0

    @property
    def median_gap(self) -> float:
        gaps = [line.mean_gap for line in self.justified if line.mean_gap is not None]
        return statistics.median(gaps) if gaps else 0.0

    def columns(self) -> dict[tuple[int, int], list[Line]]:
        found: dict[tuple[int, int], list[Line]] = {}
        for line in self.lines:
            found.setdefault((line.page, line.column), []).append(line)
        return found

    def hyphen_runs(self, length: int = 3) -> list[list[Line]]:
        """Runs of `length` or more consecutive lines of a column ending with a hyphen."""
        runs = []
        for lines in self.columns().values():
            run: list[Line] = []
            for line in [*lines, None]:
                if line is not None and line.hyphenated:
                    run.append(line)
                    continue
                if len(run) >= length:
                    runs.append(run)
                run = []
        return runs

    def fragment_lines(self) -> list[Line]:
        """Lines holding one word only, and that word a piece of a hyphenated word."""
        found = []
        for lines in self.columns().values():
            for before, line in zip([None, *lines], lines, strict=False):
                if len(line.words) != 1:
                    continue
                if line.hyphenated or (before is not None and before.hyphenated):
                    found.append(line)
        return found

    def baseline_share(self) -> float:
        """Of the lines beside which the next column holds text, the share whose baseline it shares.

        The next column holds text beside a line when one of its baselines lies less than a line pitch
        away; beside a picture or a pull quote of that column there is nothing to align with."""
        shared = total = 0
        columns = self.columns()
        for (page, column), lines in columns.items():
            neighbour = columns.get((page, column + 1))
            if not neighbour:
                continue
            baselines = sorted(n.baseline for n in neighbour)
            pitch = _pitch(baselines) or 1.2 * self.body_size
            for line in lines:
                nearest = min(abs(line.baseline - b) for b in baselines)
                if nearest < 0.9 * pitch:
                    total += 1
                    shared += nearest < 0.5
        return shared / total if total else 0.0

    def widows(self) -> list[Line]:
        """A paragraph's last line alone at the top of a column, the rest of it in the column before."""
        columns = self.columns().values()
        return [lines[0] for lines in columns if lines[0].ends_paragraph and not lines[0].paragraph_start]

    def orphans(self) -> list[Line]:
        """A paragraph's first line alone at the foot of a column, the rest of it in the next."""
        return [
            lines[-1]
            for lines in self.columns().values()
            if len(lines) > 1 and lines[-1].paragraph_start and not lines[-1].ends_paragraph
        ]

    def runts(self, min_em: float = MIN_LAST_LINE) -> list[Line]:
        """Last lines of paragraphs of two or more lines that are shorter than `min_em`."""
        found = []
        for lines in self.columns().values():
            for line in lines:
                if not line.ends_paragraph or line.paragraph_start:  # a one-line paragraph is no runt
                    continue
                if (line.right - line.left) / line.size < min_em:
                    found.append(line)
        return found

    def column_foot_hyphens(self) -> list[Line]:
        """Columns whose last line ends with a hyphen: the reader turns to the next column mid-word."""
        return [lines[-1] for lines in self.columns().values() if lines[-1].hyphenated]

    def summary(self) -> dict[str, float]:
        return {
            "body_size_pt": self.body_size,
            "body_lines": len(self.lines),
            "justified_lines": len(self.justified),
            "over_0.5em": self.share_over(0.5),
            "over_0.75em": self.share_over(0.75),
            "over_1.0em": self.share_over(1.0),
            "median_gap_em": self.median_gap,
            "hyphen_runs_3plus": len(self.hyphen_runs(3)),
            "hyphenated_ends": sum(1 for line in self.lines if line.hyphenated),
            "fragment_lines": len(self.fragment_lines()),
            "widows": len(self.widows()),
            "orphans": len(self.orphans()),
            "runts": len(self.runts()),
            "column_foot_hyphens": len(self.column_foot_hyphens()),
            "shared_baselines": self.baseline_share(),
        }


def _pitch(baselines: list[float]) -> float:
    """The usual distance between a column's consecutive baselines."""
    steps = [b - a for a, b in itertools.pairwise(baselines) if b - a > 0.5]
    return statistics.median(steps) if steps else 0.0


def _page_chars(page: pdfium.PdfPage) -> list[tuple[str, float, float, float, float]]:
    """(character, left, right, baseline, size) of every character the page draws."""
    text = page.get_textpage()
    handle = text.raw
    origin_x, origin_y, matrix, rect = ctypes.c_double(), ctypes.c_double(), raw.FS_MATRIX(), raw.FS_RECTF()
    # Made once: a build reads every character of every part, and ctypes' byref costs per call.
    x_ref, y_ref, matrix_ref = ctypes.byref(origin_x), ctypes.byref(origin_y), ctypes.byref(matrix)
    get_unicode, is_generated = raw.FPDFText_GetUnicode, raw.FPDFText_IsGenerated
    get_matrix, get_size = raw.FPDFText_GetMatrix, raw.FPDFText_GetFontSize
    get_origin, get_box = raw.FPDFText_GetCharOrigin, raw.FPDFText_GetLooseCharBox
    chars = []
    try:
        for i in range(raw.FPDFText_CountChars(handle)):
            code = get_unicode(handle, i)
            if code != 0x20 and is_generated(handle, i) == 1:
                continue  # line ends pdfium made up; the spaces it adds stand where a drawn one was too wide
            get_matrix(handle, i, matrix_ref)
            scale = abs(matrix.a * matrix.d - matrix.b * matrix.c) ** 0.5
            size = get_size(handle, i) * scale
            get_origin(handle, i, x_ref, y_ref)
            get_box(handle, i, rect)
            chars.append((chr(code), rect.left, rect.right, origin_y.value, round(size, 2)))
    finally:
        text.close()
    return chars


def _lines(page_index: int, chars: list, body_size: float) -> list[Line]:
    """Characters of the body size in drawing order, cut into lines where the baseline changes or the
    text goes back or leaps far forward. Lines of two columns are drawn one column after the other, so
    a leap is allowed to be as wide as the loosest gap of a narrow column."""
    lines: list[Line] = []
    current: Line | None = None
    for char, left, right, baseline, size in chars:
        if char in SPACES and current is not None:  # pdfium's own spaces have no place or size of their own
            current.chars.append((char, left, right))
            continue
        if abs(size - body_size) > 0.05:
            current = None
            continue
        if current is not None:
            last_right = next((r for c, _, r in reversed(current.chars) if c not in SPACES), left)
            # Ligatures give their letters boxes inside one glyph, so a letter may start left of the last.
            if abs(baseline - current.baseline) < 0.2 * size and -1.5 * size < left - last_right < 10 * size:
                current.chars.append((char, left, right))
                continue
        if char in SPACES:
            current = None
            continue
        current = Line(page_index, baseline, size, [(char, left, right)])
        lines.append(current)
    for line in lines:  # a trailing space is no part of the line's measure
        while line.chars and line.chars[-1][0] in SPACES:
            line.chars.pop()
    return [line for line in lines if line.chars and not _spaced_out(line)]


def _spaced_out(line: Line) -> bool:
    """A heading set in widely spaced capitals at the body size: pdfium reads its letters as words."""
    words = line.words
    return len(words) >= 3 and sum(len(word) == 1 for word in words) > 0.6 * len(words)


def _assign_columns(lines: list[Line], size: float, known: dict[int, tuple[float, bool]]) -> None:
    """Columns by left edge: a line belongs to the leftmost-starting group its left edge is close to
    (indents and drop caps push a line's start right by a few em). A column of fewer than three lines (a
    paragraph's last line or two, alone on a page) takes its right edge from a column of another page
    that starts where it starts; `known` holds those: rounded left edge -> right edge, justified."""
    lefts = sorted(Counter(round(line.left) for line in lines).items())
    edges: list[float] = []
    for left, count in lefts:
        if (count >= 3 or round(left) in known) and (not edges or left - edges[-1] > 6 * size):
            edges.append(left)
    if not edges:
        return
    for line in lines:
        candidates = [i for i, edge in enumerate(edges) if edge - 1 <= line.left]
        line.column = candidates[-1] if candidates else 0
    for column in range(len(edges)):
        members = [line for line in lines if line.column == column]
        members.sort(key=lambda line: -line.baseline)
        ends = Counter(round(line.right * 2) / 2 for line in members)
        mode, _ = ends.most_common(1)[0]
        # The edge is where the lines around the commonest end end: the half-point bins alone would put it
        # up to a quarter point off, and a line ending a hair short of it would count as a paragraph's end.
        edge_right = statistics.median(line.right for line in members if abs(line.right - mode) <= 0.5)
        at_edge_count = sum(1 for line in members if abs(line.right - edge_right) <= EDGE_TOLERANCE)
        # Ragged lines end where they end; a few of them ending together do not make a justified edge.
        justified_column = at_edge_count >= 3 or at_edge_count * 2 > len(members)
        if len(members) >= 3:
            known.setdefault(round(edges[column]), (edge_right, justified_column))
        elif round(edges[column]) in known:
            edge_right, justified_column = known[round(edges[column])]
        pitch = statistics.median([a.baseline - b.baseline for a, b in itertools.pairwise(members)] or [0])
        for before, line, after in zip([None, *members], members, [*members[1:], None], strict=False):
            line.indent = line.left - edges[column]
            line.paragraph_start = line.indent > 0.5 * size or (
                before is not None and before.baseline - line.baseline > pitch * 1.3
            )
            new_paragraph = after is None or (
                after.left - edges[column] > 0.5 * size or line.baseline - after.baseline > pitch * 1.3
            )
            line.paragraph_end = new_paragraph and after is not None
            beyond = line.right - edge_right
            at_edge = -EDGE_TOLERANCE <= beyond <= max(EDGE_TOLERANCE, OVERHANG * line.size)
            # The last line of a column may continue in the next one: count it when it reaches the edge.
            line.justified = justified_column and at_edge and not line.paragraph_end
            line.ends_paragraph = line.paragraph_end or (justified_column and not at_edge)
        for before, line in itertools.pairwise(members):
            line.paragraph_start = line.paragraph_start or before.ends_paragraph


def audit(sources: Iterable[Path | bytes], body_size: float | None = None) -> Audit:
    """Measure the body text of these PDFs (files, or a PDF's bytes) together."""
    pages = []
    for source in sources:
        document = pdfium.PdfDocument(source if isinstance(source, bytes) else str(source))
        try:
            pages.extend(_page_chars(page) for page in document)
        finally:
            document.close()
    if body_size is None:
        sizes = Counter(size for chars in pages for *_, size in chars)
        body_size = sizes.most_common(1)[0][0] if sizes else 0.0
    result = Audit(body_size)
    known: dict[int, tuple[float, bool]] = {}
    short: list[tuple[int, list[Line]]] = []  # pages with no column of their own: measured once all are known
    for index, chars in enumerate(pages):
        lines = _lines(index, chars, body_size)
        _assign_columns(lines, body_size, known)
        if lines and all(line.column < 0 for line in lines):
            short.append((index, lines))
        result.lines.extend(line for line in lines if line.column >= 0)
    for _, lines in short:
        _assign_columns(lines, body_size, known)
        result.lines.extend(line for line in lines if line.column >= 0)
    result.lines.sort(key=lambda line: line.page)  # stable: each page's lines keep their order
    return result
