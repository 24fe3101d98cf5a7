"""Stage 4, check: preflight of everything a build made, before anything is written.

All of an issue's problems are collected in one report: the binding and the supplied pages, what
rendering showed (overset, underset, fonts, refused files), image resolution, glyphs, and the ink
preflight of every page as a printing house runs it (ink coverage, spot colours, RGB, fonts, white
overprint, rich black text, hairlines). The profile decides what is an error: a proof shows what
print will refuse, without refusing it. The report also carries what the job report gives per page.
"""

from __future__ import annotations

from ..engine import Rendered
from ..inputs.files import World
from ..inputs.layout import Layout
from ..inputs.model import Issue
from ..plan.jobs import Plan
from ..profiles import Profile
from ..text.glyphs import check_glyphs
from .artwork import check_artwork
from .pages import Memo, preflight_pages, with_findings
from .preflight import Report, check_images, check_parts, check_plan
from .setting import typesetting_report

__all__ = ["Memo", "Report", "check"]


def check(
    world: World,
    issue: Issue,
    layout: Layout,
    plan: Plan,
    rendered: Rendered,
    profile: Profile,
    *,
    strict: bool = False,
    allow_overset: bool = False,
    memo: Memo | None = None,
) -> Report:
    cmyk = profile.colour == "cmyk"
    report = check_plan(plan, strict=strict)
    report.warnings[:0] = (*issue.notes, *plan.notes)
    glyphs = check_glyphs(issue, [font.path for font in layout.fonts])
    # A proof shows the gap; print must not go out with a fallback font in it.
    (report.errors if cmyk else report.warnings).extend(glyphs)
    parts = check_parts(plan, rendered.parts, layout, allow_overset=allow_overset, cmyk=cmyk)
    report.errors += parts.errors
    report.warnings += parts.warnings
    images = check_images(plan, rendered.parts, layout.print.warn_ppi, layout.print.min_ppi, strict=strict)
    report.warnings += images.warnings
    (report.errors if cmyk else report.warnings).extend(images.errors)
    typesetting = typesetting_report(plan, rendered.parts)
    report.typeset, report.typeset_summary = typesetting.findings, typesetting.summary
    artwork = check_artwork(plan, rendered.parts, layout, cmyk=cmyk)
    report.errors += artwork.errors
    report.warnings += artwork.warnings
    inks = preflight_pages(world, plan, rendered.parts, layout, profile, strict=strict, memo=memo)
    report.errors += inks.errors
    report.warnings += inks.warnings
    report.pages = with_findings(inks.pages, report.warnings)
    return report
