"""The build: load, prepare, render, assemble, check, in that order. Nothing else knows the order."""

from __future__ import annotations

import multiprocessing
import os
import re
import unicodedata
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from .assemble import DocumentInfo, assemble
from .cache import PartCache
from .check import Report, check_parts, check_plan
from .errors import Problem, VividError
from .jobs import RenderedPart, RenderJob
from .load import load
from .prepare import prepare
from .profiles import get_profile
from .render import render, warm

CACHE_DIR = ".vividprint-cache"

#: Called as slots finish: (slot key, done so far, total).
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class BuildOptions:
    issue_dir: Path
    out_dir: Path = Path("out")
    profile: str = "proof"
    layouts_dir: Path | None = None
    cache_dir: Path | None = None
    jobs: int | None = None  # worker processes; None: one per core
    allow_overset: bool = False


@dataclass
class BuildResult:
    output: Path
    page_count: int
    labels: tuple[str, ...]
    rendered: list[str]  # slots rendered in this build
    cached: list[str]  # slots taken from the cache
    warnings: list[Problem] = field(default_factory=list)


def build(options: BuildOptions, progress: Progress | None = None) -> BuildResult:
    profile = get_profile(options.profile)
    issue, layout = load(options.issue_dir, options.layouts_dir)
    cache_root = options.cache_dir or issue.root / CACHE_DIR
    plan = prepare(issue, layout, profile, cache_root)
    _raise_errors(check_plan(plan))

    cache = PartCache(cache_root / "parts", profile.name, profile.pdf_variant)
    fonts = tuple(font.path for font in layout.fonts)
    render_jobs = [job for job in plan.jobs if isinstance(job, RenderJob)]
    keys = {job.key: cache.key(job, fonts) for job in render_jobs}
    parts: dict[str, RenderedPart] = {}
    for job in render_jobs:
        hit = cache.get(keys[job.key], job.key)
        if hit is not None:
            parts[job.key] = hit
    cached = list(parts)
    todo = [job for job in render_jobs if job.key not in parts]
    warm(todo)
    for part in _render_all(todo, cache_root / "tmp", profile.pdf_variant, options.jobs, progress):
        parts[part.key] = cache.put(keys[part.key], part)

    report = check_parts(plan, parts, layout, allow_overset=options.allow_overset)
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
        rendered=[job.key for job in todo],
        cached=cached,
        warnings=report.warnings,
    )


def _render_all(
    jobs: list[RenderJob], tmp: Path, variant: str | None, workers: int | None, progress: Progress | None
) -> list[RenderedPart]:
    """Render slots, in worker processes when there is more than one slot and more than one core."""
    workers = min(workers or os.cpu_count() or 1, len(jobs))
    if workers <= 1:
        parts = []
        for done, job in enumerate(jobs, start=1):
            parts.append(render(job, tmp, variant))
            if progress:
                progress(job.key, done, len(jobs))
        return parts
    # Workers are forked from this process, which has parsed the CSS and loaded the hyphenation
    # dictionaries (warm), so each starts warm and keeps what it parses from one slot to the next.
    context = multiprocessing.get_context("fork")
    parts = []
    # Largest slots first, so that a long feature does not start last and keep one core busy alone.
    ordered = sorted(jobs, key=lambda job: len(job.html), reverse=True)
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures: dict[Future[RenderedPart], RenderJob] = {
            pool.submit(render, job, tmp, variant): job for job in ordered
        }
        for done, future in enumerate(as_completed(futures), start=1):
            parts.append(future.result())
            if progress:
                progress(futures[future].key, done, len(jobs))
    return parts


def _raise_errors(report: Report) -> None:
    if report.errors:
        raise VividError(report.errors)


def slugify(text: str) -> str:
    """'VIVID' -> 'vivid', '4/2025' -> '4-2025', 'Düsseldorf' -> 'dusseldorf'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "issue"
