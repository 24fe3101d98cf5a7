"""The colour of vividprint's own pages: pictures over the ink limit, SVG images, gradients.

Preparing the pictures measured them (plan/images.py) and rendering found the gradients it could not
paint (engine/gradients.py); here that becomes messages naming the article, the slot and the picture or
element. Print refuses what would go to the press wrongly; a proof warns of it, so that it shows early.
"""

from __future__ import annotations

from ..errors import Problem
from ..inputs.layout import Layout
from ..plan.jobs import PlacedImage, Plan, RenderedPart, RenderJob
from .preflight import Report, page_name

SVG_ADVICE = "export it as a CMYK TIFF or JPEG at 300 ppi for the size it is printed at"


def check_artwork(plan: Plan, parts: dict[str, RenderedPart], layout: Layout, *, cmyk: bool) -> Report:
    report = Report()
    seen: set[str] = set()
    for job in plan.renders:
        for image in job.images:
            if image.src not in seen:
                seen.add(image.src)
                _image(job, image, layout, cmyk, report)
        for finding in parts[job.key].gradients:
            if finding.page >= job.pages:
                continue
            where = f"{job.key}, {page_name(job, finding.page)}"
            if cmyk:
                report.errors.append(
                    _problem(
                        job,
                        where,
                        f"{finding.element} paints a {finding.kind} in {finding.stops} (template {job.template!r}): "
                        "print takes gradients and shadows only in CMYK; give every colour of it as a "
                        "var(--colour) from layout.toml",
                    )
                )
            else:
                report.warnings.append(
                    _problem(
                        job,
                        where,
                        f"{finding.element} paints a {finding.kind} in {finding.stops} (template {job.template!r}), "
                        "mixing CMYK and other colours: it is left out; give all its colours the same way",
                    )
                )
    return report


def _image(job: RenderJob, image: PlacedImage, layout: Layout, cmyk: bool, report: Report) -> None:
    where = _slot(job)
    settings = layout.print
    paper = layout.output_profile.name
    if image.colour == "svg":
        if cmyk:
            report.errors.append(
                _problem(
                    job,
                    where,
                    f"{image.src} is an SVG image, which print does not take: its colours are RGB and "
                    f"vividprint does not separate vector art; {SVG_ADVICE}",
                )
            )
        else:
            report.warnings.append(
                _problem(job, where, f"{image.src} is an SVG image: proofs show it, print will refuse it; {SVG_ADVICE}")
            )
        return
    peak = image.peak_ink
    if peak is None or peak <= settings.max_ink:
        return
    over = (
        f"{image.src} has {peak:.0f} % ink at its darkest, above the layout's limit of {settings.max_ink:g} % "
        "([print] max_ink)"
    )
    if not cmyk:
        will = (
            f"print will separate it again through {paper}"
            if settings.over_ink == "convert"
            else 'print will refuse it (over_ink = "refuse")'
        )
        report.warnings.append(_problem(job, where, f"{over}: {will}"))
    elif settings.over_ink == "refuse":
        report.errors.append(
            _problem(
                job,
                where,
                f'{over}; the layout refuses such pictures (over_ink = "refuse"): ask for a version separated '
                f'for the paper ({paper}), or set over_ink = "convert" to have it separated again',
            )
        )
    else:
        report.warnings.append(
            _problem(job, where, f"{over}: separated again through {paper}, now {image.converted_ink:.0f} % at most")
        )


def _problem(job: RenderJob, where: str, message: str) -> Problem:
    return Problem(job.source, where, message)


def _slot(job: RenderJob) -> str:
    return f"{job.key} ({job.label})" if job.label else f"{job.key} (page {job.first_folio})"
