"""The build: load, prepare, render, assemble, check, in that order. Nothing else knows the order."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .assemble import DocumentInfo, assemble
from .check import Report, check_parts, check_plan
from .errors import Problem, VividError
from .jobs import RenderedPart, RenderJob
from .load import load
from .prepare import prepare
from .profiles import get_profile
from .render import render

CACHE_DIR = ".vividprint-cache"

#: Called before each slot renders: (slot key, done so far, total).
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class BuildOptions:
    issue_dir: Path
    out_dir: Path = Path("out")
    profile: str = "proof"
    layouts_dir: Path | None = None
    cache_dir: Path | None = None


@dataclass
class BuildResult:
    output: Path
    page_count: int
    labels: tuple[str, ...]
    rendered: int
    warnings: list[Problem] = field(default_factory=list)


def build(options: BuildOptions, progress: Progress | None = None) -> BuildResult:
    profile = get_profile(options.profile)
    issue, layout = load(options.issue_dir, options.layouts_dir)
    cache = options.cache_dir or issue.root / CACHE_DIR
    plan = prepare(issue, layout, profile, cache)
    _raise_errors(check_plan(plan))

    render_jobs = [job for job in plan.jobs if isinstance(job, RenderJob)]
    parts: dict[str, RenderedPart] = {}
    for done, job in enumerate(render_jobs):
        if progress:
            progress(job.key, done, len(render_jobs))
        parts[job.key] = render(job, cache / "parts", profile.pdf_variant)
    report = check_parts(plan, parts, layout)
    _raise_errors(report)

    title = f"{issue.magazine} {issue.number}" + (f" – {issue.title}" if issue.title else "")
    info = DocumentInfo(
        title=title, magazine=issue.magazine, number=issue.number, language=issue.language, date=issue.date
    )
    target = options.out_dir / f"{slugify(issue.magazine)}-{slugify(issue.number)}-{profile.name}.pdf"
    assembled = assemble(plan, parts, info, target)
    return BuildResult(
        output=assembled.path,
        page_count=assembled.page_count,
        labels=assembled.labels,
        rendered=len(render_jobs),
        warnings=report.warnings,
    )


def _raise_errors(report: Report) -> None:
    if report.errors:
        raise VividError(report.errors)


def slugify(text: str) -> str:
    """'VIVID' -> 'vivid', '4/2025' -> '4-2025', 'Düsseldorf' -> 'dusseldorf'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "issue"
