"""The designer's layout folder: layout.toml, templates, CSS, hyphenation lists, and its fonts."""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, ValidationError
from pydantic_core import PydanticCustomError

from ..errors import Problems, VividError
from .files import World
from .model import Binding, ImageLimits, LanguageTag, NonNegativeMM, PositiveMM
from .resources import font_problem
from .validation import describe_validation_error

LAYOUT_FILE = "layout.toml"
TEMPLATE_SUFFIX = ".html.j2"
_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")


def _hex_colour(value: str) -> str:
    if not _HEX.match(value):
        raise PydanticCustomError("hex", "must be a colour like #1a2b3c")
    return value.lower()


def _plates(value: list[str]) -> list[str]:
    for name in value:
        if not name.strip():
            raise PydanticCustomError("plate", "a plate needs the name of its spot colour, as the PDFs spell it")
        if name in ("Cyan", "Magenta", "Yellow", "Black", "All", "None"):
            raise PydanticCustomError(
                "plate",
                "'{name}' is a process ink, not a spot colour: list only the extra plates (\"PANTONE 185 C\")",
                {"name": name},
            )
    if len(set(value)) != len(value):
        raise PydanticCustomError("plate", "names a plate twice")
    return value


def _cmyk(value: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    if not all(0 <= v <= 100 for v in value):
        raise PydanticCustomError("cmyk", "CMYK values are percentages from 0 to 100")
    return value


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Colour(_Strict):
    cmyk: Annotated[tuple[float, float, float, float], AfterValidator(_cmyk)]
    rgb: Annotated[str, AfterValidator(_hex_colour)]


class FontFile(_Strict):
    family: str = Field(min_length=1)
    file: str = Field(min_length=1)  # relative to the fonts folder
    weight: int = Field(400, ge=100, le=900)
    style: Literal["normal", "italic"] = "normal"


class LayoutFormat(_Strict):
    trim: tuple[PositiveMM, PositiveMM] = (210.0, 297.0)
    bleed: NonNegativeMM = 3.0
    binding: Binding = "saddle-stitch"


class PrintSettings(_Strict):
    """What the print profile needs from the layout: the paper's colour profile and image limits."""

    output_profile: str = "../../icc/ISOcoated_v2_300_bas.icc"  # relative to the layout folder
    output_condition: str = "FOGRA39"
    rendering_intent: Literal["perceptual", "relative-colorimetric", "saturation", "absolute-colorimetric"] = (
        "relative-colorimetric"
    )
    black_point_compensation: bool = True
    warn_ppi: int = Field(300, ge=1)  # below: a warning naming page and file
    min_ppi: int = Field(150, ge=1)  # below: an error
    max_ppi: int = Field(450, ge=1)  # above: downsampled to warn_ppi before embedding
    # Total area coverage, percent: the most ink a square millimetre may carry (the output profile's
    # 300 % for ISO Coated v2); above it is an error naming file and page.
    max_ink: float = Field(300, ge=100, le=400)
    # Spot colours printed as plates of their own, named as the PDFs name their Separation; any other
    # spot colour is an error.
    plates: Annotated[list[str], AfterValidator(_plates)] = []
    # A CMYK picture above max_ink: separated again through output_profile (with a note), or an error.
    over_ink: Literal["convert", "refuse"] = "convert"


class HyphenationSettings(_Strict):
    min_word: int = Field(6, ge=2)  # shorter words are never broken


class TypesettingSettings(_Strict):
    """How body text is set (engine/linebreak.py): the breaker, how far spaces and letters may give,
    the shortest last line, and which elements are balanced instead of filled line by line."""

    linebreak: Literal["optimal", "greedy"] = "optimal"
    word_space: tuple[float, float] = (0.8, 1.4)  # narrowest and widest space, of its natural width
    letter_spacing: tuple[float, float] = (-0.01, 0.02)  # em added to each letter of a line, least and most
    min_last_line: float = Field(5.0, ge=0)  # em: a paragraph's last line shorter than this is a runt
    balance: list[str] = []  # CSS selectors of headlines, decks and cover lines to balance
    # em: justified body lines whose mean word gap lies below the first or above the second are named in
    # the typesetting report as tight or loose
    flag_gaps: tuple[float, float] = (0.17, 0.75)
    proof_marks: bool = True  # a proof marks each line the report names in the margin beside it
    max_empty: float = Field(0.25, ge=0, le=1)  # an article's last page emptier than this is underset

    def key(self) -> str:
        """The settings as one string, for render jobs and the part cache."""
        return self.model_dump_json()


class FlowSpec(_Strict):
    """How much text a page type's columns hold, in characters: estimates that let pictures be placed
    among the paragraphs before anything is rendered."""

    columns: int = Field(3, ge=1)
    first: int = Field(1450, ge=0)  # the first page, beside or under the opener
    first_full_bleed: int | None = Field(None, ge=0)  # the first text page after a full-bleed opener
    page: int = Field(6200, ge=1)  # every further page
    line: int = Field(34, ge=1)  # one line of a column
    leadin: int = Field(110, ge=0)  # beside the drop cap: a good three lines


_LENGTH = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(pt|mm)\s*$")


def _length_pt(value: object) -> float:
    match = _LENGTH.match(value) if isinstance(value, str) else None
    if not match or float(match[1]) <= 0:
        raise PydanticCustomError("length", 'must be a length in pt or mm, like "12.4pt"')
    return float(match[1]) * (72 / 25.4 if match[2] == "mm" else 1.0)


class GridSpec(_Strict):
    """The baseline grid: the body's line height, on which the lines of neighbouring columns sit
    together, and the type area's columns, by which a picture in a column gets its height in lines."""

    line: Annotated[float, BeforeValidator(_length_pt)] = 12.4  # pt; written "12.4pt" or "4.4mm"
    measure: PositiveMM = 177.0  # the type area's width
    gutter: NonNegativeMM = 4.5  # between columns
    figure_max_lines: int = Field(15, ge=1)  # a picture in a column is never taller than this

    def column_pt(self, columns: int) -> float:
        return (self.measure - (columns - 1) * self.gutter) / columns * 72 / 25.4


class StoriesSpec(_Strict):
    """What the cover and the contents page call the issue's stories."""

    page_types: list[str] = []  # articles on these are stories; every other article is a regular
    key_topic_on: list[str] = []  # page types that show the key topic: without one, the build warns


class LayoutToml(_Strict):
    name: str
    description: str = ""
    fonts_dir: str = "../../fonts"
    format: LayoutFormat = LayoutFormat()
    colors: dict[str, Colour] = {}
    fonts: list[FontFile] = Field(min_length=1)
    settings: dict[str, str | int | float | bool] = {}
    print: PrintSettings = PrintSettings()
    hyphenation: HyphenationSettings = HyphenationSettings()
    flow: dict[str, FlowSpec] = {}
    stories: StoriesSpec = StoriesSpec()
    words: dict[LanguageTag, dict[str, str]] = {}
    # Page types made for a cover page: no folio, no running head. Any other prints a folio (the page
    # counter), which a cover must not carry.
    cover_templates: list[str] = ["cover", "imprint"]
    grid: GridSpec = GridSpec()
    typesetting: TypesettingSettings = TypesettingSettings()
    images: ImageLimits = ImageLimits()


class Font(BaseModel):
    model_config = ConfigDict(frozen=True)

    family: str
    path: Path
    weight: int
    style: str


class Layout(BaseModel):
    """A loaded layout. Paths are absolute; nothing here reads files after loading."""

    model_config = ConfigDict(frozen=True)

    name: str
    root: Path
    fonts_dir: Path
    trim_mm: tuple[float, float]
    bleed_mm: float
    binding: Binding
    colors: dict[str, Colour]
    fonts: tuple[Font, ...]
    templates: dict[str, Path]  # name -> file
    stylesheets: tuple[Path, ...]
    hyphenation: dict[str, Path]  # language tag -> exception list
    settings: dict[str, str | int | float | bool]
    print: PrintSettings
    output_profile: Path
    hyphenation_min_word: int
    flow: dict[str, FlowSpec] = {}  # page type -> its text estimates; FlowSpec() for any other
    stories: StoriesSpec = StoriesSpec()
    words: dict[str, dict[str, str]] = {}  # language -> the layout's own words
    cover_templates: tuple[str, ...] = ("cover", "imprint")  # page types a cover page may use
    grid: GridSpec = GridSpec()

    def refuses(self, template: str, cover: str | None) -> str | None:
        """Why a slot (a cover when `cover` is its label) cannot use `template`, or None."""
        if template not in self.templates:
            known = ", ".join(sorted(self.templates)) or "none"
            return f"no template {template!r} in layout {self.name!r} (it has: {known})"
        if cover and template not in self.cover_templates:
            covers = ", ".join(self.cover_templates) or "none"
            return (
                f"{template!r} is a page type for inside pages (it prints a folio and running heads); a "
                f"cover ({cover}) takes one of: {covers}, or a supplied PDF"
            )
        return None

    typesetting: TypesettingSettings = TypesettingSettings()
    images: ImageLimits = ImageLimits()

    def flow_of(self, template: str) -> FlowSpec:
        return self.flow.get(template) or FlowSpec()

    def rel(self, path: Path) -> str:
        """A path as a designer would name it: relative to the folder holding layouts/."""
        return _label(self.root, path)


def load_layout(world: World, root: Path, problems: Problems) -> Layout | None:
    """Read and validate a layout folder; problems go to `problems`, None if it cannot be used."""
    toml_path = root / LAYOUT_FILE
    label = world.label(toml_path)
    try:
        raw = tomllib.loads(world.read_text(toml_path))
    except tomllib.TOMLDecodeError as exc:
        problems.add(label, "", f"is not valid TOML ({exc})")
        return None
    except VividError as exc:
        problems.extend(exc.problems)
        return None
    try:
        spec = LayoutToml.model_validate(raw)
    except ValidationError as exc:
        problems.extend(describe_validation_error(label, exc))
        return None

    fonts_dir = Path(os.path.normpath(root / spec.fonts_dir))
    if not fonts_dir.is_relative_to(world.project_root):
        problems.add(label, "fonts_dir", f"{spec.fonts_dir!r} points outside the project folder; keep fonts in it")
    fonts: list[Font] = []
    for i, font in enumerate(spec.fonts, start=1):
        path = world.project_path(fonts_dir, font.file, label, f"fonts[{i}].file", "font file", problems)
        if path is not None and (why := font_problem(path)):
            problems.add(label, f"fonts[{i}].file", f"{font.file!r} {why}; replace it with the font's own file")
        elif path is not None:
            fonts.append(Font(family=font.family, path=path, weight=font.weight, style=font.style))

    where = "print.output_profile"
    output_profile = world.project_path(root, spec.print.output_profile, label, where, "ICC profile", problems)

    templates = {
        p.name.removesuffix(TEMPLATE_SUFFIX): p
        for p in sorted((root / "templates").glob(f"*{TEMPLATE_SUFFIX}"))
        if not p.name.startswith("_")
    }
    stylesheets = tuple(sorted((root / "css").glob("*.css")))
    if not stylesheets:
        problems.add(label, "css", "the layout has no stylesheets in css/")
    hyphenation = {p.stem: p for p in sorted((root / "hyphenation").glob("*.txt"))}
    named = [(f"flow.{name}", name) for name in spec.flow]
    named += [(f"stories.page_types[{i}]", name) for i, name in enumerate(spec.stories.page_types, start=1)]
    named += [(f"stories.key_topic_on[{i}]", name) for i, name in enumerate(spec.stories.key_topic_on, start=1)]
    for place, name in named:
        if name not in templates:
            problems.add(label, place, f"no template {name!r} in templates/ (it has: {', '.join(templates)})")
    return Layout(
        name=spec.name,
        root=root,
        fonts_dir=fonts_dir,
        trim_mm=spec.format.trim,
        bleed_mm=spec.format.bleed,
        binding=spec.format.binding,
        colors=spec.colors,
        fonts=tuple(fonts),
        templates=templates,
        stylesheets=stylesheets,
        hyphenation=hyphenation,
        settings=spec.settings,
        print=spec.print,
        output_profile=output_profile or root / spec.print.output_profile,
        hyphenation_min_word=spec.hyphenation.min_word,
        flow=spec.flow,
        stories=spec.stories,
        cover_templates=tuple(spec.cover_templates),
        words=spec.words,
        grid=spec.grid,
        typesetting=spec.typesetting,
        images=spec.images,
    )


def _label(root: Path, path: Path) -> str:
    """`path` relative to the folder that holds layouts/ (the layout root's grandparent)."""
    try:
        return path.relative_to(root.parent.parent).as_posix()
    except ValueError:
        return path.as_posix()
