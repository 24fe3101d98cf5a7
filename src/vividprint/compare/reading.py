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

from ..errors import Problem, VividError

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in PDF points, origin bottom left

LINE_END_HYPHENS = {"\u2010", "\u00ad", "\x02"}  # set by the layout where it broke a word: not part of it
THUMB_DPI = 10  # a picture small enough to compare any two pages, big enough to tell photos apart


@dataclass(frozen=True)
class Word:
    text: str
    boxes: tuple[Box, ...]  # one per line the word is set on


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
        self._text: dict[int, PageText] = {}
        self._thumbs: dict[int, Image.Image] = {}

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
        self._doc.close()

    def cropbox(self, index: int) -> Box:
        """What a viewer shows, and what pdfium renders."""
        return tuple(self._doc[index].get_cropbox())  # type: ignore[return-value]

    def text(self, index: int) -> PageText:
        if index not in self._text:
            self._text[index] = _read_words(self._doc[index])
        return self._text[index]

    def render(self, index: int, dpi: float) -> Image.Image:
        """The page as an RGB picture, its crop box at `dpi`; annotations (an overset note) included."""
        return self._doc[index].render(scale=dpi / 72).to_pil().convert("RGB")

    def thumbnail(self, index: int) -> Image.Image:
        if index not in self._thumbs:
            self._thumbs[index] = self.render(index, THUMB_DPI).convert("L")
        return self._thumbs[index]


def _read_words(page: pdfium.PdfPage) -> PageText:
    textpage = page.get_textpage()
    words: list[Word] = []
    chars: list[str] = []
    boxes: list[Box] = []
    line_box: list[float] | None = None
    joined: tuple[str, tuple[Box, ...]] | None = None  # the first part of a word broken at a line's end

    def end_line() -> None:
        nonlocal line_box
        if line_box is not None:
            boxes.append(tuple(line_box))  # type: ignore[arg-type]
            line_box = None

    def end_word(line_break: bool) -> None:
        nonlocal joined
        end_line()
        if not chars:
            return
        text, parts = "".join(chars), tuple(boxes)
        chars.clear()
        boxes.clear()
        if joined is not None:
            text, parts = joined[0] + text, joined[1] + parts
            joined = None
        if line_break and text[-1] in LINE_END_HYPHENS | {"-"}:
            joined = (text.rstrip("".join(LINE_END_HYPHENS)), parts)
            return
        words.append(Word(text, parts))

    for i in range(textpage.count_chars()):
        char = chr(raw.FPDFText_GetUnicode(textpage, i))
        if char.isspace() or char == "\x00":
            end_word(line_break=char in "\r\n")
            continue
        left, bottom, right, top = textpage.get_charbox(i)
        if line_box is None:
            line_box = [left, bottom, right, top]
        else:
            line_box = [
                min(line_box[0], left),
                min(line_box[1], bottom),
                max(line_box[2], right),
                max(line_box[3], top),
            ]
        chars.append(char)
    end_word(line_break=False)
    if joined is not None:  # a page that ends inside a word
        words.append(Word(*joined))
    textpage.close()
    return PageText(tuple(words))
