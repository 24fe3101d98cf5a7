"""The plain data passed between plan, render, assemble and check."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ..errors import Problem
from ..text.hyphenation import HyphenationRules

Side = Literal["left", "right"]


@dataclass(frozen=True)
class PageSize:
    trim_mm: tuple[float, float]
    bleed_mm: float  # 0 when the profile does not extend pages into the bleed


@dataclass(frozen=True)
class RenderSetup:
    """What every slot of a build is rendered with, known as soon as the issue is loaded.

    Render workers start from it while the slots are still being prepared.
    """

    page_css: str
    stylesheets: tuple[Path, ...]  # the layout's CSS, in order
    languages: tuple[str, ...]  # the tags of the text, as WeasyPrint is given them
    folders: tuple[Path, ...]  # the only folders WeasyPrint may read files from: the layout's, the fonts'


@dataclass(frozen=True)
class PlacedImage:
    src: str  # as the article names it
    url: str  # how the HTML names the prepared file
    path: Path  # the prepared file
    width_px: int  # of the original, for its effective resolution
    height_px: int
    colour: str = "rgb"  # of the original: "rgb" | "cmyk" | "grey" | "svg" (plan/images.py)
    peak_ink: float | None = None  # CMYK originals: the highest total of their four inks, percent
    converted_ink: float | None = None  # separated again to keep within the ink limit: the highest after


@dataclass(frozen=True)
class RenderJob:
    """One WeasyPrint document: a cover or a flatplan slot, self-contained so it can run anywhere."""

    key: str  # names the slot in messages: "flatplan[3]", "covers.front"
    source: str  # the file a designer would open: the article, or issue.toml
    template: str
    html: str
    base_url: str
    stylesheets: tuple[Path, ...]  # the layout's CSS, in order
    page_css: str  # generated: fonts, colours, page size, first folio, first side
    language: str
    first_folio: int | None  # None for covers
    label: str | None  # U1..U4
    side: Side
    pages: int  # allotted
    title: str | None  # outline entry, when this slot is an article
    images: tuple[PlacedImage, ...] = ()
    hyphenation: str = ""  # digest of the hyphenation rules in force: they change the output, not the HTML
    folders: tuple[Path, ...] = ()  # the only folders WeasyPrint may read files from (RenderSetup.folders)
    typesetting: str = ""  # the layout's [typesetting], as JSON (TypesettingSettings.key)

    @property
    def page_count(self) -> int:
        return self.pages


@dataclass(frozen=True)
class SuppliedJob:
    """Pages taken from a supplied PDF."""

    key: str
    source: str
    path: Path
    pages: tuple[int, ...]  # 0-based
    sizes_mm: tuple[tuple[float, float], ...]
    bleeds_mm: tuple[float, ...]
    first_folio: int | None
    label: str | None
    side: Side

    @property
    def page_count(self) -> int:
        return len(self.pages)


Job = RenderJob | SuppliedJob


@dataclass(frozen=True)
class Plan:
    """What prepare hands on: every page source in physical order, and the page geometry."""

    jobs: tuple[Job, ...]  # U1, U2, flatplan..., U3, U4
    size: PageSize
    binding: str
    hyphenation: tuple[HyphenationRules, ...] = ()  # of every language set, for the render workers
    notes: tuple[Problem, ...] = ()  # warnings found while planning

    @property
    def renders(self) -> tuple[RenderJob, ...]:
        return tuple(job for job in self.jobs if isinstance(job, RenderJob))

    @property
    def supplied(self) -> tuple[SuppliedJob, ...]:
        return tuple(job for job in self.jobs if isinstance(job, SuppliedJob))

    @property
    def page_count(self) -> int:
        return sum(job.page_count for job in self.jobs)


@dataclass(frozen=True)
class ImagePlacement:
    """An image as laid out: on which page of the part, in a box of what size, fitted how."""

    url: str
    page: int  # 0-based page of the part
    width_in: float
    height_in: float
    fit: str  # object-fit


@dataclass(frozen=True)
class FrameFinding:
    """Text of one element on one page of a part that does not print as set (engine/frames.py finds it)."""

    page: int  # 0-based page of the part
    kind: str  # "off-page" | "clipped" | "hidden" | "too-wide" | "not set"
    element: str  # as a designer names it in the CSS: "h1.headline"
    text: str  # the element's text, shortened
    mm: float  # how far it reaches out (for "hidden": how much of its height is covered)
    by: str = ""  # what hides it: the image's URL
    words: int = 0  # for "not set": how many words were laid out nowhere

    def sentence(self) -> str:
        what = f'{self.element} "{self.text}"'
        if self.kind == "clipped":
            return f"{what} is cut off by its frame ({self.mm:.0f} mm of it cannot be seen)"
        if self.kind == "off-page":
            return f"{what} runs {self.mm:.0f} mm off the page"
        if self.kind == "too-wide":
            return f"{what} is {self.mm:.0f} mm wider than its frame"
        if self.kind == "not set":
            return f"{what} stops part-way: {self.words} words from there on are set on no page"
        return f"{what} is hidden under an image"


@dataclass(frozen=True)
class GradientFinding:
    """A gradient the document cannot paint in its colours: RGB in print (engine/gradients.py)."""

    page: int  # 0-based page of the part
    element: str  # as a designer names it in the CSS: "div.band"
    kind: str  # "linear-gradient" | "radial-gradient" | "box-shadow" (a blurred shadow is a gradient)
    stops: str  # its colours as CSS: "#ff0000, device-cmyk(0 0 0 1)"


@dataclass(frozen=True)
class Fitted:
    """A frame marked data-fit="shrink" that was set smaller to fit its text (engine/fitting.py)."""

    element: str  # as a designer names it: "h1.headline"
    text: str
    from_pt: float
    to_pt: float
    fits: bool  # False: at its floor and still not fitting (a frame finding says how)


SET_KINDS = {
    "loose": "loose line",
    "tight": "tight line",
    "stack": "third hyphen in a row",
    "fragment": "line holding one piece of a hyphenated word",
    "widow": "widow (a paragraph's last line alone at the top of a column)",
    "orphan": "orphan (a paragraph's first line alone at the foot of a column)",
    "runt": "runt (a last line shorter than the layout's min_last_line)",
    "foot-hyphen": "hyphen ending a column",
    "short-column": "column ending above the others on a full page",
}


@dataclass(frozen=True)
class SetLine:
    """A body line the typesetting report names, measured from the part's PDF (engine/setting.py)."""

    page: int  # 0-based page of the part
    kind: str  # a key of SET_KINDS
    text: str  # the line, shortened
    gap_em: float  # its mean word gap, 0 where there is none
    baseline_pt: float  # from the page's bottom, in PDF points
    left_pt: float
    right_pt: float
    short: int = 0  # for a short column: by how many lines

    def sentence(self) -> str:
        if self.kind == "short-column":
            lines = f"{self.short} line{'' if self.short == 1 else 's'}"
            return f'column ending {lines} above the longest on a full page, after "{self.text}"'
        gap = f" ({self.gap_em:.2f} em between words)" if self.kind in ("loose", "tight") else ""
        return f'{SET_KINDS[self.kind]}{gap}: "{self.text}"'


@dataclass(frozen=True)
class SetCounts:
    """How a part's body text was set, counted from its PDF."""

    body_pt: float = 0.0  # the body size measured; 0 when the part has no justified text
    lines: int = 0  # body lines
    justified: int = 0  # of them justified (a paragraph's last line is not)
    by_line: int = 0  # justified paragraphs WeasyPrint set line by line instead of the optimal breaker


@dataclass(frozen=True)
class RenderedPart:
    """A rendered slot: its PDF and the facts the check stage needs."""

    key: str
    pdf: Path
    pages_used: int
    warnings: tuple[str, ...] = ()
    overflow_lines: int = 0  # lines of text on the pages beyond the allotment
    placements: tuple[ImagePlacement, ...] = ()  # every image as laid out
    fonts: tuple[str, ...] = ()  # base fonts of the PDF, subset prefix removed
    refused: tuple[str, ...] = ()  # URLs the slot's HTML or the layout's CSS asked for and were not given
    frames: tuple[FrameFinding, ...] = ()  # text that does not print as set: clipped, off the page, covered
    fitted: tuple[Fitted, ...] = ()  # frames set smaller to fit
    setting: tuple[SetLine, ...] = ()  # body lines the typesetting report names
    counts: SetCounts = SetCounts()
    last_empty: float = 0.0  # of the text area of the last page the part fills (of its allotment), 0 to 1
    gradients: tuple[GradientFinding, ...] = ()  # gradients in colours the document cannot take
    sha256: str = ""  # of the PDF, once it is in the cache


@dataclass(frozen=True)
class PageFacts:
    """One page of the issue as the preflight saw it (check/inks.py), for the job report."""

    label: str  # as the printer counts: the folio, or U1..U4
    file: str  # where it comes from: the article, issue.toml, or the supplied PDF
    page: str  # which page of that: "flatplan[2], page 5", or "page 1" of a supplied PDF
    peak_ink: float  # percent: the highest total ink of anything on the page
    inks: tuple[str, ...]  # the plates it puts ink on: Cyan, Magenta, Yellow, Black and any spot
    fonts: tuple[str, ...]
    images: tuple[tuple[str, int], ...]  # (image, effective ppi as embedded)
    findings: tuple[str, ...] = ()  # every warning about this page
