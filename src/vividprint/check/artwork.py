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
    """What print refuses is an error there and, in a proof, a warning that print will refuse it."""
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
            paints = f"{finding.element} paints a {finding.kind} in {finding.stops} (template {job.template!r})"
            if cmyk:
                message = (
                    f"{paints}: print takes gradients and shadows only in CMYK; give every colour of it as a "
                    "var(--colour) from layout.toml"
                )
            else:
                message = f"{paints}, mixing CMYK and other colours: it is left out; give all its colours the same way"
            report.add(cmyk, Problem(job.source, f"{job.key}, {page_name(job, finding.page)}", message))
    return report


def _image(job: RenderJob, image: PlacedImage, layout: Layout, cmyk: bool, report: Report) -> None:
    settings = layout.print
    paper = layout.output_profile.name
    if image.colour == "svg":
        message = (
            f"{image.src} is an SVG image, which print does not take: its colours are RGB and vividprint does not "
            f"separate vector art; {SVG_ADVICE}"
            if cmyk
            else f"{image.src} is an SVG image: proofs show it, print will refuse it; {SVG_ADVICE}"
        )
        report.add(cmyk, Problem(job.source, _slot(job), message))
        return
    peak = image.peak_ink
    if peak is None or peak <= settings.max_ink:
        return
    over = (
        f"{image.src} has {peak:.0f} % ink at its darkest, above the layout's limit of {settings.max_ink:g} % "
        "([print] max_ink)"
    )
    refuse = settings.over_ink == "refuse"
    if not cmyk:
        will = (
            'print will refuse it (over_ink = "refuse")' if refuse else f"print will separate it again through {paper}"
        )
        message = f"{over}: {will}"
    elif refuse:
        message = (
            f'{over}; the layout refuses such pictures (over_ink = "refuse"): ask for a version separated for the '
            f'paper ({paper}), or set over_ink = "convert" to have it separated again'
        )
    else:
        message = f"{over}: separated again through {paper}, now {image.converted_ink:.0f} % at most"
    report.add(cmyk and refuse, Problem(job.source, _slot(job), message))


def _slot(job: RenderJob) -> str:
    return f"{job.key} ({job.label})" if job.label else f"{job.key} (page {job.first_folio})"
