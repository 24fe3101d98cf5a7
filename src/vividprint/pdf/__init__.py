"""Stage 5, assemble and write: the parts and supplied pages become the profile's output.

A proof is one PDF; print is a delivery folder (the issue PDF, single pages by folio, a job report,
checksums). Nothing is written when what the last build wrote is still current.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from PIL import ImageCms

from .. import __version__
from ..disk import clean_stale, output_lock, temp_path
from ..engine import Rendered
from ..engine.facts import lowest_ppi_by_page
from ..errors import Problem
from ..inputs.files import World
from ..inputs.layout import Layout
from ..inputs.model import Issue
from ..plan.jobs import PageFacts, Plan
from ..profiles import Profile
from .assemble import DocumentInfo, assemble
from .delivery import JobReport, deliver
from .pdfx import VERSIONS, OutputIntent, Standard
from .record import OutputRecord

__all__ = ["Written", "write_output"]


@dataclass(frozen=True)
class Written:
    path: Path  # the issue PDF (proof) or the delivery folder (print)
    page_count: int
    labels: tuple[str, ...]


def write_output(
    world: World,
    issue: Issue,
    layout: Layout,
    profile: Profile,
    plan: Plan,
    rendered: Rendered,
    warnings: list[Problem],
    out_dir: Path,
    cache_root: Path,
    marks: bool = False,
    pages: Sequence[PageFacts] = (),
    waiting: Callable[[], None] = lambda: None,
) -> Written:
    """Assemble and write the profile's output, unless what the last build wrote is still current.

    Two builds writing into the same folder take turns (`waiting` is called when this one has to wait):
    the output and the record of what was written must come from the same build."""
    scratch = cache_root / "tmp"
    with output_lock(out_dir, waiting):
        # What builds killed before they could rename it into place.
        clean_stale(out_dir, scratch)
        return _write(world, issue, layout, profile, plan, rendered, warnings, out_dir, cache_root, marks, pages)


def _write(
    world: World,
    issue: Issue,
    layout: Layout,
    profile: Profile,
    plan: Plan,
    rendered: Rendered,
    warnings: list[Problem],
    out_dir: Path,
    cache_root: Path,
    marks: bool,
    pages: Sequence[PageFacts],
) -> Written:
    scratch = cache_root / "tmp"
    slug = f"{slugify(issue.magazine)}-{slugify(issue.number)}"
    if issue.editions:
        slug += f"-{slugify(issue.language)}"
    title = f"{issue.magazine} {issue.number}" + (f" – {issue.title}" if issue.title else "")
    info = DocumentInfo(
        title=title,
        magazine=issue.magazine,
        number=issue.number,
        language=issue.language,
        date=issue.date,
        identity=f"{issue.magazine}/{issue.number}/{issue.language}/{profile.name}",
    )
    standard = _standard(layout, profile)
    parts = rendered.parts
    final = out_dir / (f"{slug}-{profile.name}" + ("" if profile.delivery else ".pdf"))
    record = OutputRecord(cache_root / "outputs" / f"{final.name}.json", final, world.digest)
    # The version is in the stamp: a new vividprint may write the same inputs differently.
    proof_marks = layout.typesetting.proof_marks and not profile.delivery
    # The report lists the warnings and each page's inks, fonts and images: a change there is a change.
    notes = [str(w) for w in warnings] + [repr(page) for page in pages]
    stamp = record.stamp(plan, parts, info, (__version__, standard, marks, proof_marks), notes)
    if (unchanged := record.unchanged(stamp)) is not None:
        return Written(final, unchanged["page_count"], tuple(unchanged["labels"]))
    if not profile.delivery:
        assembled = assemble(world, plan, parts, info, final, standard, proof_marks=proof_marks, scratch=scratch)
        record.save(stamp, assembled.page_count, assembled.labels)
        return Written(assembled.path, assembled.page_count, assembled.labels)
    assert standard is not None
    staging = temp_path(final.with_suffix(".pdf"), scratch)
    try:
        assembled = assemble(world, plan, parts, info, staging, standard, marks=marks, scratch=scratch)
        job_report = JobReport(
            magazine=issue.magazine,
            number=issue.number,
            date=issue.date.isoformat(),
            profile=profile.name,
            standard=VERSIONS[standard.variant][0],
            trim_mm=plan.size.trim_mm,
            bleed_mm=plan.size.bleed_mm,
            binding=plan.binding,
            pages=assembled.page_count,
            output_intent=f"{standard.intent.description} ({standard.intent.condition})",
            lowest_ppi=lowest_ppi_by_page(plan, parts),
            per_page=[asdict(page) for page in pages],
            warnings=[str(w) for w in warnings],
        )
        output = deliver(staging, assembled.labels, slug, final, info, standard, job_report, scratch)
        record.save(stamp, assembled.page_count, assembled.labels)
        return Written(output, assembled.page_count, assembled.labels)
    finally:
        staging.unlink(missing_ok=True)


def _standard(layout: Layout, profile: Profile) -> Standard | None:
    if not profile.pdf_variant:
        return None
    description = ImageCms.getProfileDescription(ImageCms.getOpenProfile(str(layout.output_profile))).strip()
    intent = OutputIntent(
        profile=layout.output_profile, condition=layout.print.output_condition, description=description
    )
    return Standard(variant=profile.pdf_variant, intent=intent)


def slugify(text: str) -> str:
    """'VIVID' -> 'vivid', '4/2025' -> '4-2025', 'Düsseldorf' -> 'dusseldorf'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "issue"
