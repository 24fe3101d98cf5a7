"""Stage 5, check: preflight of the plan before rendering, and of the facts and PDF after it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pypdf import PdfReader

from .errors import Problem
from .jobs import Plan, RenderedPart, RenderJob, SuppliedJob
from .layout import Layout

SIZE_TOLERANCE_MM = 0.5


@dataclass
class Report:
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def check_plan(plan: Plan) -> Report:
    """What can be known before anything is rendered: binding and the size of supplied pages."""
    report = Report()
    total = sum(_page_count(job) for job in plan.jobs)
    if plan.binding == "saddle-stitch" and total % 4:
        add = 4 - total % 4
        report.errors.append(
            Problem(
                "issue.toml",
                "flatplan",
                f"saddle-stitch binding needs a multiple of 4 pages; the issue has {total} "
                f"(covers included): add {add} or remove {total % 4}",
            )
        )
    elif plan.binding == "perfect" and total % 2:
        report.errors.append(
            Problem(
                "issue.toml",
                "flatplan",
                f"perfect binding needs an even page count; the issue has {total}: add or remove one page",
            )
        )
    want = plan.size.trim_mm
    for job in plan.jobs:
        if not isinstance(job, SuppliedJob):
            continue
        for index, got in zip(job.pages, job.sizes_mm, strict=True):
            if any(abs(g - w) > SIZE_TOLERANCE_MM for g, w in zip(got, want, strict=True)):
                report.errors.append(
                    Problem(
                        job.source,
                        f"page {index + 1}",
                        f"trim is {_mm(got)} but the issue's trim is {_mm(want)} ({job.key}); "
                        "ask for the page in the issue's format",
                    )
                )
    return report


def check_parts(plan: Plan, parts: dict[str, RenderedPart], layout: Layout, allow_overset: bool = False) -> Report:
    """What rendering showed: overset and underset slots, and type set in fonts the layout lacks."""
    report = Report()
    families = layout_families(layout)
    for job in plan.jobs:
        if not isinstance(job, RenderJob):
            continue
        part = parts[job.key]
        where = _where(job)
        if part.pages_used > job.pages:
            message = (
                f"overset: needs {part.pages_used} pages but {job.pages} are allotted; "
                f"{part.overflow_lines} lines of text are over "
                f"({part.pages_used - job.pages} page(s)); cut the text or allot more pages in issue.toml"
            )
            if allow_overset:
                report.warnings.append(Problem(job.source, where, message + " (overflow left out, page marked)"))
            else:
                report.errors.append(Problem(job.source, where, message))
        elif part.pages_used < job.pages:
            report.warnings.append(
                Problem(
                    job.source,
                    where,
                    f"underset: fills {part.pages_used} of {job.pages} allotted pages; the rest stay blank",
                )
            )
        for font in sorted(pdf_fonts(part.pdf)):
            if not any(font == f or font.startswith(f + "-") for f in families):
                report.warnings.append(
                    Problem(job.source, where, f"text set in {font!r}, a font the layout does not provide")
                )
        for message in part.warnings:
            report.warnings.append(Problem(job.source, where, message))
    return report


def _where(job: RenderJob) -> str:
    if job.label:
        return f"{job.key} ({job.label})"
    return f"{job.key} (page {job.first_folio})"


def layout_families(layout: Layout) -> set[str]:
    """The layout's font families as WeasyPrint names them in a PDF ("Vivid Sans" -> "Vivid-Sans").

    WeasyPrint names an embedded font after its @font-face family, so any other name in the PDF is a
    font the machine supplied: a fallback for characters the layout's fonts lack.
    """
    return {font.family.replace(" ", "-") for font in layout.fonts}


def pdf_fonts(path: Path) -> set[str]:
    """The base fonts a PDF uses, without the subset prefix (ABCDEF+)."""
    names = set()
    for page in PdfReader(path).pages:
        resources = page.get("/Resources")
        fonts = resources.get_object().get("/Font") if resources else None
        if not fonts:
            continue
        for ref in fonts.get_object().values():
            base = str(ref.get_object().get("/BaseFont", ""))
            names.add(base.lstrip("/").split("+", 1)[-1])
    return names


def _page_count(job: RenderJob | SuppliedJob) -> int:
    return job.pages if isinstance(job, RenderJob) else len(job.pages)


def _mm(size: tuple[float, float]) -> str:
    return f"{size[0]:g} × {size[1]:g} mm"
