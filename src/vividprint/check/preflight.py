"""The checks themselves: of the plan (binding, supplied pages), of the rendered parts, of the images."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..engine.facts import effective_ppi, pixels, placed_images
from ..errors import Problem
from ..inputs.layout import Layout
from ..plan.jobs import PageFacts, Plan, RenderedPart, RenderJob

SIZE_TOLERANCE_MM = 0.5


@dataclass
class Report:
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    typeset: list[Problem] = field(default_factory=list)  # the typesetting report's lines (check/setting.py)
    typeset_summary: str = ""
    pages: list[PageFacts] = field(default_factory=list)  # for the job report

    def add(self, error: bool, problem: Problem) -> None:
        (self.errors if error else self.warnings).append(problem)


def check_plan(plan: Plan, *, strict: bool = False) -> Report:
    """What needs no rendering: binding, and the size and bleed of supplied pages (their inks are
    pages.py's)."""
    report = Report()
    total = plan.page_count
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
    for job in plan.supplied:
        for index, bleed in zip(job.pages, job.bleeds_mm, strict=True):
            if plan.size.bleed_mm and bleed + 0.05 < plan.size.bleed_mm:
                problem = Problem(
                    job.source,
                    f"page {index + 1}",
                    f"has {bleed:g} mm bleed where {plan.size.bleed_mm:g} mm are needed ({job.key}); "
                    "the printer may see white edges: ask for the page with bleed",
                )
                report.add(strict, problem)
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


def check_parts(
    plan: Plan, parts: dict[str, RenderedPart], layout: Layout, allow_overset: bool = False, cmyk: bool = False
) -> Report:
    """What rendering showed: overset and underset slots, and type set in fonts the layout lacks."""
    report = Report()
    families = layout_families(layout)
    for job in plan.renders:
        part = parts[job.key]
        where = _where(job)
        if part.pages_used > job.pages:
            message = (
                f"overset: needs {part.pages_used} pages but {job.pages} are allotted; "
                f"{part.overflow_lines} lines of text are over "
                f"({part.pages_used - job.pages} page(s)); cut the text or allot more pages in issue.toml"
            )
            if allow_overset and not cmyk:
                report.warnings.append(Problem(job.source, where, message + " (overflow left out, page marked)"))
            elif allow_overset:
                # The proof's note would be an RGB annotation on the page, and a printed page must not
                # silently lose text: print has no such way out.
                report.errors.append(
                    Problem(
                        job.source, where, message + " (--allow-overset is for proofs only: print leaves no text out)"
                    )
                )
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
        elif job.title and not job.label and part.last_empty > layout.typesetting.max_empty:
            last = page_name(job, job.pages - 1)
            report.warnings.append(
                Problem(
                    job.source,
                    f"{job.key}, {last}",
                    f"underset: {last} is {part.last_empty:.0%} empty; add text or a picture, or allot fewer pages",
                )
            )
        for font in part.fonts:
            if not any(font == f or font.startswith(f + "-") for f in families):
                report.warnings.append(
                    Problem(job.source, where, f"text set in {font!r}, a font the layout does not provide")
                )
        for message in part.warnings:
            report.warnings.append(Problem(job.source, where, message))
        for fitted in part.fitted:
            how = "to fit its frame (data-fit)" if fitted.fits else "(its floor) and still does not fit"
            report.warnings.append(
                Problem(
                    job.source,
                    where,
                    f'{fitted.element} "{fitted.text}" is set at {fitted.to_pt:g} pt instead of '
                    f"{fitted.from_pt:g} pt {how}",
                )
            )
        for finding in part.frames:
            problem = Problem(
                job.source,
                f"{job.key}, {page_name(job, finding.page)}",
                f"{finding.sentence()} in template {job.template!r}: shorten the text or give it a larger frame",
            )
            # A proof shows it; print must not go out with text the reader cannot see.
            report.add(cmyk, problem)
        for url in part.refused:
            report.errors.append(
                Problem(
                    job.source,
                    where,
                    f"asks for {url!r}, which is neither an image of the issue nor a file of the layout "
                    f"(template {job.template!r}); put images in the issue folder and name them in the article",
                )
            )
    return report


def page_name(job: RenderJob, page: int) -> str:
    if job.label:
        return job.label
    assert job.first_folio is not None
    return f"page {job.first_folio + page}"


def check_images(plan: Plan, parts: dict[str, RenderedPart], warn_ppi: int, min_ppi: int, strict: bool) -> Report:
    """Effective resolution of every placed image, from the original file's pixels and its box."""
    report = Report()
    for job, placement, image in placed_images(plan, parts):
        ppi = effective_ppi(placement, image.width_px, image.height_px)
        where = f"{job.key}, {page_name(job, placement.page)}"
        if ppi < min_ppi:
            report.errors.append(
                Problem(
                    job.source,
                    where,
                    f"{image.src} prints at {ppi:.0f} ppi, below the minimum of {min_ppi}; "
                    "use a larger original or place it smaller",
                )
            )
        elif ppi < warn_ppi:
            problem = Problem(job.source, where, f"{image.src} prints at {ppi:.0f} ppi (below {warn_ppi})")
            report.add(strict, problem)
    return report


def oversampled(
    plan: Plan, parts: dict[str, RenderedPart], root: Path, max_ppi: int, target_ppi: int
) -> dict[Path, int]:
    """Images embedded above `max_ppi`: {original file: longest side that gives `target_ppi`}.

    Judged on the prepared file against its most demanding placement, so an image used large on one
    page and small on another keeps what the large one needs.
    """
    return {
        source: max(1, round(long_side * target_ppi / ppi))
        for source, (ppi, long_side, _) in _lowest(plan, parts, root).items()
        if ppi > max_ppi
    }


def resettled(
    plan: Plan, parts: dict[str, RenderedPart], root: Path, max_ppi: int, target_ppi: int, used: dict[Path, int]
) -> dict[Path, int] | None:
    """For a build that started from the limits an earlier one settled on (`used`): the limits its
    images need now, or None when `used` still holds for every image placed. An image placed smaller
    since is scaled down as `oversampled` does; one placed larger, below nine tenths of `target_ppi`,
    gets back the pixels it needs, as far as its original has them."""
    lowest = _lowest(plan, parts, root)
    settled: dict[Path, int] = {}
    for source, (ppi, long_side, original) in lowest.items():
        if ppi > max_ppi or (source in used and ppi < 0.9 * target_ppi):
            if (want := max(1, round(long_side * target_ppi / ppi))) < original:
                settled[source] = want
        elif source in used:
            settled[source] = used[source]
    return None if settled == {source: used[source] for source in lowest if source in used} else settled


def _lowest(plan: Plan, parts: dict[str, RenderedPart], root: Path) -> dict[Path, tuple[float, int, int]]:
    """{original: (lowest effective ppi of the prepared file, its longest side, the original's)}."""
    needed: dict[Path, tuple[float, int, int]] = {}
    for _, placement, image in placed_images(plan, parts, allotted_only=False):
        width, height = pixels(image.path)
        source = root / image.src
        lowest = needed[source][0] if source in needed else float("inf")
        ppi = min(lowest, effective_ppi(placement, width, height))
        needed[source] = (ppi, max(width, height), max(image.width_px, image.height_px))
    return needed


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


def _mm(size: tuple[float, float]) -> str:
    return f"{size[0]:g} × {size[1]:g} mm"
