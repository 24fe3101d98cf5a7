"""A proof's pages as the comparison needs them: labels, words with their boxes, pictures.

pdfium (pypdfium2) reads and renders; it is the one library here that does both in one process. Words
are the page's characters split at white space, with the hyphens of broken lines taken out again, so a
paragraph that is only broken differently reads the same in both rounds.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as raw
from PIL import Image
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from ..errors import Problem, VividError
from .digest import page_digest

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in PDF points, origin bottom left

LINE_END_HYPHENS = {"\u2010", "\u00ad", "\x02"}  # set by the layout where it broke a word: not part of it
FULL_OBJECTS = 20  # page objects (shapes, texts) that make a page without words count as full
TRACKING_GAP = 0.3  # em: letters closer than this, with no space between them, belong to one word
THUMB_DPI = 10  # a picture small enough to compare any two pages, big enough to tell photos apart


@dataclass(frozen=True)
class Word:
    text: str
    spans: tuple[tuple[int, int], ...]  # pdfium's first and last character index, one pair per line


@dataclass(frozen=True)
class PageText:
    words: tuple[Word, ...]

    @property
    def tokens(self) -> list[str]:
        return [word.text for word in self.words]


class Proof:
    """One PDF, open for reading. Use as a context manager, or call `close`."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._doc = pdfium.PdfDocument(path)
        count = len(self._doc)
        # A PDF without /PageLabels counts its pages from 1, as a viewer does.
        self.labels = [self._doc.get_page_label(i) or str(i + 1) for i in range(count)]
        self._pages: dict[int, tuple[pdfium.PdfPage, pdfium.PdfTextPage]] = {}
        self._text: dict[int, PageText] = {}
        self._thumbs: dict[int, Image.Image] = {}
        self._digests: list[str] | None = None

    @classmethod
    def open_all(cls, paths: list[Path]) -> list[Proof]:
        """Every PDF, or one error naming each that cannot be read."""
        problems, opened = [], []
        for path in paths:
            if not path.exists():
                problems.append(Problem(str(path), "", "no such file: give the path of a proof PDF"))
            elif path.is_dir():
                problems.append(Problem(str(path), "", "is a folder: give the path of a proof PDF"))
            else:
                try:
                    opened.append(cls(path))
                except (pdfium.PdfiumError, OSError) as exc:
                    reason = str(exc).rstrip(".")
                    problems.append(Problem(str(path), "", f"cannot be read as a PDF ({reason}): is it a whole PDF?"))
        if problems:
            for proof in opened:
                proof.close()
            raise VividError(problems)
        return opened

    def __len__(self) -> int:
        return len(self.labels)

    def __enter__(self) -> Proof:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        for page, textpage in self._pages.values():
            textpage.close()
            page.close()
        self._pages.clear()
        self._doc.close()

    def _page(self, index: int) -> tuple[pdfium.PdfPage, pdfium.PdfTextPage]:
        if index not in self._pages:
            page = self._doc[index]
            self._pages[index] = (page, page.get_textpage())
        return self._pages[index]

    def cropbox(self, index: int) -> Box:
        """The page as a reader sees it, which is compared and rendered: its TrimBox where that lies
        within the crop box (a proof's slug and a print page's bleed stay out), else the crop box."""
        page = self._page(index)[0]
        crop = page.get_cropbox()
        trim = page.get_trimbox()  # the crop box where the page has none
        inside = trim[0] >= crop[0] - 0.01 and trim[1] >= crop[1] - 0.01
        inside = inside and trim[2] <= crop[2] + 0.01 and trim[3] <= crop[3] + 0.01
        left, bottom, right, top = trim if inside and trim[2] > trim[0] and trim[3] > trim[1] else crop
        return left, bottom, right, top

    def text(self, index: int) -> PageText:
        """The words inside the page's box: a slug's build time is not a change of the page."""
        if index not in self._text:
            textpage = self._page(index)[1]
            left, bottom, right, top = self.cropbox(index)
            words = []
            for word in _read_words(textpage).words:
                x0, y0, x1, y1 = textpage.get_charbox(word.spans[0][0])
                if left <= (x0 + x1) / 2 <= right and bottom <= (y0 + y1) / 2 <= top:
                    words.append(word)
            self._text[index] = PageText(tuple(words))
        return self._text[index]

    def boxes(self, index: int, word: Word) -> list[Box]:
        """Where a word is set: a box per line it takes."""
        textpage = self._page(index)[1]
        found = []
        for first, last in word.spans:
            inked = [i for i in range(first, last + 1) if not chr(raw.FPDFText_GetUnicode(textpage, i)).isspace()]
            parts = [textpage.get_charbox(i) for i in inked]
            found.append(
                (min(p[0] for p in parts), min(p[1] for p in parts), max(p[2] for p in parts), max(p[3] for p in parts))
            )
        return found

    def drawn(self, index: int) -> float:
        """How much a page draws, 0 (blank) to 1 (a picture, or 20 shapes and texts), counted from its
        objects: rendering would decode its pictures, which for a 300 ppi ad takes half a second."""
        objects = list(self._page(index)[0].get_objects())
        if any(obj.type == raw.FPDF_PAGEOBJ_IMAGE for obj in objects):
            return 1.0
        return min(1.0, len(objects) / FULL_OBJECTS)

    def digest(self, index: int) -> str:
        """Equal for pages that draw the same (digest.py); read for all pages at once."""
        if self._digests is None:
            try:
                self._digests = [page_digest(page) for page in PdfReader(self.path).pages]
            except (PdfReadError, ValueError, KeyError, TypeError):
                # pypdf reads less than pdfium does: such a page is compared by its pixels.
                self._digests = [f"unread {i}" for i in range(len(self))]
            if len(self._digests) != len(self):
                self._digests = [f"unread {i}" for i in range(len(self))]
        return self._digests[index]

    def render(self, index: int, dpi: float) -> Image.Image:
        """The page as an RGB picture, its box (`cropbox`) at `dpi`; annotations (an overset note) included."""
        # Both rounds are rendered alike, so smoothing pictures adds nothing to the comparison; it costs
        # some 0.1 s on a page with a 300 ppi ad (decoding the picture, which it cannot spare, 0.9 s).
        page = self._page(index)[0]
        crop, (left, bottom, right, top) = page.get_cropbox(), self.cropbox(index)
        cut = (left - crop[0], bottom - crop[1], crop[2] - right, crop[3] - top)
        return page.render(scale=dpi / 72, crop=cut, no_smoothimage=True).to_pil().convert("RGB")

    def thumbnail(self, index: int) -> Image.Image:
        if index not in self._thumbs:
            self._thumbs[index] = self.render(index, THUMB_DPI).convert("L")
        return self._thumbs[index]


def _tracked(textpage: pdfium.PdfTextPage, at: int) -> bool:
    """Whether the space at `at` is one pdfium put between the letters of a letter-spaced word: the PDF
    has no space there, the letters on both sides are of one size on one line, and they are closer than
    a word space (measured: letters of tracked capitals 0.10-0.19 em apart, their words 0.41 em and more)."""
    if not raw.FPDFText_IsGenerated(textpage, at) or at + 1 >= textpage.count_chars():
        return False
    if chr(raw.FPDFText_GetUnicode(textpage, at + 1)).isspace():
        return False
    size = raw.FPDFText_GetFontSize(textpage, at - 1)
    if size <= 0 or abs(raw.FPDFText_GetFontSize(textpage, at + 1) - size) > 0.01 * size:
        return False
    before, after = textpage.get_charbox(at - 1, loose=True), textpage.get_charbox(at + 1, loose=True)
    gap = after[0] - before[2]
    return abs(after[1] - before[1]) < 0.1 * size and -0.1 * size <= gap < TRACKING_GAP * size


def _read_words(textpage: pdfium.PdfTextPage) -> PageText:
    words: list[Word] = []
    chars: list[str] = []
    spans: list[tuple[int, int]] = []
    line_start: int | None = None
    joined: tuple[str, tuple[tuple[int, int], ...]] | None = None  # a word's part before a line's end

    def end_word(at: int, line_break: bool) -> None:
        nonlocal joined, line_start
        if line_start is not None:
            spans.append((line_start, at - 1))
            line_start = None
        if not chars:
            return
        text, parts = "".join(chars), tuple(spans)
        chars.clear()
        spans.clear()
        if joined is not None:
            text, parts = joined[0] + text, joined[1] + parts
            joined = None
        if line_break and text[-1] in LINE_END_HYPHENS | {"-"}:
            joined = (text.rstrip("".join(LINE_END_HYPHENS)), parts)
            return
        words.append(Word(text, parts))

    count = textpage.count_chars()
    for i in range(count):
        char = chr(raw.FPDFText_GetUnicode(textpage, i))
        if char.isspace() or char == "\x00":
            if not (char == " " and chars and _tracked(textpage, i)):
                end_word(i, line_break=char in "\r\n")
            continue
        if line_start is None:
            line_start = i
        chars.append(char)
    end_word(count, line_break=False)
    if joined is not None:  # a page that ends inside a word
        words.append(Word(*joined))
    return PageText(tuple(words))
