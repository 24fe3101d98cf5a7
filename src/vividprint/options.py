"""What a build is asked to do and what it answers: plain data that the command line, the build and the
build server exchange. Importing it costs nothing: a command that hands its build to the server loads
neither WeasyPrint nor pypdf."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .errors import Problem

CACHE_DIR = ".vividprint-cache"


@dataclass(frozen=True)
class BuildOptions:
    issue_dir: Path
    out_dir: Path = Path("out")
    profile: str = "proof"
    layouts_dir: Path | None = None
    cache_dir: Path | None = None
    jobs: int | None = None  # worker processes; None: one per core
    allow_overset: bool = False
    strict: bool = False  # print: warnings the printer would query become errors
    pdfx: str | None = None  # "4" or "1a"
    edition: str | None = None  # a language of the issue's editions; None: the main one
    fallback: bool = False  # a missing translation uses the main language (a warning, not an error)
    marks: bool = False  # print: crop marks outside the bleed (printers mostly want none)


@dataclass(frozen=True)
class SlotPages:
    """The pages one slot fills in the built issue: what the flatplan sheet names each page by."""

    key: str  # "covers.front", "flatplan[3]"
    source: str  # the file a designer would open: the article, the supplied PDF, or issue.toml
    template: str | None  # None for supplied pages
    title: str | None  # the article's
    first: int  # the index of its first page in the issue PDF, from 0
    count: int
    side: str  # of its first page: "left" or "right"


@dataclass
class BuildResult:
    output: Path  # the issue PDF (proof) or the delivery folder (print)
    page_count: int
    labels: tuple[str, ...]
    rendered: list[str]  # slots rendered in this build
    cached: list[str]  # slots taken from the cache
    warnings: list[Problem] = field(default_factory=list)
    inputs: tuple[Path, ...] = ()  # the folders read: the issue's, its layout's, the fonts'
    typeset: list[Problem] = field(default_factory=list)  # the typesetting report, page by page
    typeset_summary: str = ""
    slots: tuple[SlotPages, ...] = ()  # in page order


@dataclass
class CheckResult:
    """What `vividprint check` found: a build's problems without its output."""

    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    typeset: list[Problem] = field(default_factory=list)
    typeset_summary: str = ""
    pages: int = 0


def editions_of(options: BuildOptions) -> list[str | None]:
    """The editions one `build` call makes: the one asked for, or every edition the issue declares."""
    if options.edition is not None:
        return [options.edition]
    manifest = options.issue_dir / "issue.toml"
    try:
        if manifest.stat().st_size > 16 * 1024 * 1024:  # inputs.files.MAX_TEXT_BYTES: not read at all
            return [None]
        # As World.read_text reads it: a byte-order mark, as Windows editors write one, is no TOML.
        meta = tomllib.loads(manifest.read_text(encoding="utf-8-sig")).get("issue", {})
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
        return [None]  # load() reports what is wrong with it
    editions = meta.get("editions") if isinstance(meta, dict) else None
    if isinstance(editions, list) and editions and all(isinstance(e, str) for e in editions):
        return list(editions)
    return [None]
