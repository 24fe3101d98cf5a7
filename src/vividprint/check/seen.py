"""What the walk (walk.py) saw on one page, as plain data for the rules (inks.py) and the job report."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

from .pixels import Ink
from .spaces import Inks, describe


@dataclass(frozen=True)
class ImageUse:
    name: str  # the XObject's resource name ("Im3"), or "inline image"
    width: int
    height: int
    ppi: float  # effective, at the size the page prints it (the lower of the two axes)
    space: str
    ink: Ink | None  # None when its pixels could not be read
    where: str = ""  # " in form Fm0": where the page draws it

    @property
    def label(self) -> str:
        return "an inline image" if self.name == "inline image" else f"image {self.name}"

    @property
    def what(self) -> str:
        return self.label + self.where


@dataclass
class PageWalk:
    """What one page paints, as far as a printer's preflight asks."""

    peak: float = 0.0  # the highest total ink of what is painted but images (theirs is in `images`), percent
    peak_what: str = ""  # what reached it: "a fill in C100 M90 Y90 K100"
    plates: set[str] = field(default_factory=set)
    spots: dict[str, str] = field(default_factory=dict)  # spot colour -> the first thing painted in it
    rgb: list[str] = field(default_factory=list)  # what is RGB: "image Im3 in DeviceRGB"
    lab: list[str] = field(default_factory=list)
    fonts: dict[str, bool] = field(default_factory=dict)  # font name -> embedded
    images: list[ImageUse] = field(default_factory=list)
    white_overprint: list[str] = field(default_factory=list)  # "text", "fill", "line", "image Im1"
    rich_black: dict[str, float] = field(default_factory=dict)  # "C60 M40 Y40 K100" -> its smallest text, pt
    thinnest: float | None = None  # the thinnest line, pt
    malformed: list[str] = field(default_factory=list)

    def note_ink(self, inks: Inks, what: str) -> None:
        """Ink painted by `what` ("a fill in form Fm0")."""
        used = {plate for plate, tint in inks.items() if tint > 0.004}
        self.plates |= used
        for spot in used - {"Cyan", "Magenta", "Yellow", "Black"}:
            self.spots.setdefault(spot, what)
        total = sum(inks.values()) * 100
        if total > self.peak + 0.05:
            self.peak, self.peak_what = total, f"{what} in {describe(inks)}"

    def highest(self, judged: Collection[str] = ()) -> tuple[float, str]:
        """The highest total ink on the page and what reaches it, images included but those named in
        `judged` (judged before, as their files)."""
        peak, what = self.peak, self.peak_what
        for image in self.images:
            if image.ink is not None and image.name not in judged and image.ink.peak > peak + 0.05:
                peak, what = image.ink.peak, image.what
        return peak, what

    def note_line(self, width: float) -> None:
        if self.thinnest is None or width < self.thinnest:
            self.thinnest = width
