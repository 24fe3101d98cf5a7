"""The validated issue: what `load` hands to the rest of the pipeline.

The pydantic models mirror the user contracts (issue.toml, article front matter) one to one, with
unknown keys forbidden because in hand-written TOML and YAML they are almost always typos.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from ..errors import Problem

Binding = Literal["saddle-stitch", "perfect"]
ImageRole = Literal["hero", "inline", "full-bleed"]
CoverName = Literal["front", "inside-front", "inside-back", "back"]

#: Physical order and printed labels of the four cover pages.
COVER_ORDER: tuple[tuple[str, str], ...] = (
    ("front", "U1"),
    ("inside-front", "U2"),
    ("inside-back", "U3"),
    ("back", "U4"),
)


def _positive_int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise PydanticCustomError("positive_int", "must be a positive whole number")
    return value


def _positive_mm(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise PydanticCustomError("positive_mm", "must be a positive length in millimetres")
    return float(value)


def _non_negative_mm(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise PydanticCustomError("mm", "must be a length in millimetres, 0 or more")
    return float(value)


def _language_tag(value: str) -> str:
    parts = value.split("-")
    if not (2 <= len(parts[0]) <= 3 and parts[0].isalpha() and all(p.isalnum() for p in parts[1:])):
        raise PydanticCustomError("language", "must be a language tag such as en, en-GB or de-DE")
    return value


PositiveInt = Annotated[Any, AfterValidator(_positive_int)]
PositiveMM = Annotated[Any, AfterValidator(_positive_mm)]
NonNegativeMM = Annotated[Any, AfterValidator(_non_negative_mm)]
LanguageTag = Annotated[str, AfterValidator(_language_tag)]


#: Text given once, or per edition: `title = "Global city"` or `title = { en = "...", de-DE = "..." }`.
Localized = str | dict[LanguageTag, str]


def localized(value: Localized | None, language: str, main: str) -> str | None:
    """The text for an edition: its own, else its primary language's, else the main language's."""
    if value is None or isinstance(value, str):
        return value
    for tag in (language, language.split("-")[0], main, main.split("-")[0]):
        if tag in value:
            return value[tag]
    return next(iter(value.values()), None)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class IssueMeta(Strict):
    magazine: str = Field(min_length=1)
    number: str = Field(min_length=1)
    date: dt.date
    language: LanguageTag = "en"
    layout: str = Field(min_length=1)
    title: Localized | None = None
    editions: list[LanguageTag] | None = None  # languages built from one flatplan; the first is the main one


class FormatSpec(Strict):
    trim: tuple[PositiveMM, PositiveMM] | None = None
    bleed: NonNegativeMM | None = None
    binding: Binding | None = None
    first_page: PositiveInt = 1


class PageSource(Strict):
    """A cover or flatplan slot: rendered from a layout template, or taken from a supplied PDF."""

    template: str | None = None
    pdf: str | None = None
    article: str | None = None
    image: str | None = None
    headline: Localized | None = None
    page: PositiveInt | None = None  # which page of `pdf` (covers take one page)

    @model_validator(mode="after")
    def _one_source(self) -> PageSource:
        if self.pdf and (self.template or self.article):
            raise PydanticCustomError("source", "give either `pdf` or `template`/`article`, not both")
        if not (self.pdf or self.template or self.article):
            raise PydanticCustomError("source", "needs `template`, `article` or `pdf`")
        if self.page is not None and not self.pdf:
            raise PydanticCustomError("source", "`page` only goes with `pdf`")
        return self


class SlotSpec(PageSource):
    pages: PositiveInt | None = None
    key_topic: bool = False  # this slot's article is the issue's key topic (the cover story); see load


class CoversSpec(Strict):
    front: PageSource | None = None
    inside_front: PageSource | None = Field(None, alias="inside-front")
    inside_back: PageSource | None = Field(None, alias="inside-back")
    back: PageSource | None = None


class Manifest(Strict):
    issue: IssueMeta
    format: FormatSpec = FormatSpec()
    covers: CoversSpec = CoversSpec()
    flatplan: list[SlotSpec] = Field(min_length=1)


#: The longest a display text may be, in characters: far beyond any headline or lead a page shows, short
#: enough that setting it (balanced, every break weighed against every other) stays quick.
SHORT_TEXT, LONG_TEXT = 300, 2000


class ImageRef(Strict):
    src: str
    caption: str | None = Field(None, max_length=LONG_TEXT)
    credit: str | None = Field(None, max_length=SHORT_TEXT)
    role: ImageRole = "inline"
    focus: tuple[float, float] = (0.5, 0.5)

    @model_validator(mode="after")
    def _focus_in_range(self) -> ImageRef:
        if not all(0.0 <= f <= 1.0 for f in self.focus):
            raise PydanticCustomError("focus", "focus must be two numbers from 0 to 1, e.g. [0.5, 0.3]")
        return self


class FrontMatter(Strict):
    title: str = Field(min_length=1, max_length=SHORT_TEXT)
    kicker: str | None = Field(None, max_length=SHORT_TEXT)
    lead: str | None = Field(None, max_length=LONG_TEXT)
    author: str | None = Field(None, max_length=SHORT_TEXT)
    photos: str | None = Field(None, max_length=SHORT_TEXT)
    language: LanguageTag | None = None
    quote: str | None = Field(None, max_length=LONG_TEXT)
    images: list[ImageRef] = []


# ---- what load() returns: plain data with paths resolved --------------------------------------


class ImageLimits(Strict):
    """The layout's `[images]`: pictures larger than this are refused before they are decoded (a
    decompression bomb of a few kilobytes can ask for gigabytes of memory)."""

    max_megapixels: float = Field(200, gt=0)
    max_megabytes: float = Field(500, gt=0)  # of the file


class Image(BaseModel):
    model_config = ConfigDict(frozen=True)

    path: Path  # absolute
    src: str  # as written, relative to the issue folder
    caption: str | None
    credit: str | None
    role: ImageRole
    focus: tuple[float, float]
    width_px: int
    height_px: int


class Article(BaseModel):
    model_config = ConfigDict(frozen=True)

    src: str  # relative to the issue folder, e.g. articles/interview.md
    title: str
    kicker: str | None
    lead: str | None
    author: str | None
    photos: str | None
    language: str
    quote: str | None
    images: tuple[Image, ...]
    body: str  # Markdown
    body_images: tuple[Image, ...] = ()  # images written into the body, by their `src` as written


class SuppliedPdf(BaseModel):
    model_config = ConfigDict(frozen=True)

    path: Path
    src: str
    page_count: int
    page_sizes_mm: tuple[tuple[float, float], ...]  # trim (or media) size of each page
    page_bleeds_mm: tuple[float, ...]  # how far each page reaches beyond its trim


class Slot(BaseModel):
    """One place in the issue: a cover or a flatplan slot, with everything it needs resolved."""

    model_config = ConfigDict(frozen=True)

    key: str  # "flatplan[3]" or "covers.front": names the slot in messages
    template: str | None
    article: Article | None
    pdf: SuppliedPdf | None
    pdf_pages: tuple[int, ...]  # 0-based pages of `pdf` placed here
    image: Image | None  # cover image
    headline: str | None
    pages: int  # pages allotted
    cover_label: str | None  # U1..U4 for covers
    key_topic: bool = False  # marked in issue.toml as the issue's key topic

    @property
    def kind(self) -> Literal["template", "pdf"]:
        """What makes the slot's pages: a layout template, or a supplied PDF (load allows no other)."""
        return "pdf" if self.pdf is not None else "template"


class Issue(BaseModel):
    model_config = ConfigDict(frozen=True)

    root: Path  # the issue folder, absolute
    magazine: str
    number: str
    date: dt.date
    language: str  # of this edition
    editions: tuple[str, ...]  # every edition of the issue; empty when it has only one language
    layout: str
    title: str | None
    trim_mm: tuple[float, float] | None
    bleed_mm: float | None
    binding: Binding | None
    first_page: int
    covers: tuple[Slot, ...]  # in physical order U1, U2, U3, U4 (absent ones left out)
    flatplan: tuple[Slot, ...]
    notes: tuple[Problem, ...] = ()  # warnings found while loading
