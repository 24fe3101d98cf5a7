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
from ..disk import clean_stale, code_digest, output_lock, temp_path
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
from .proofcopy import Resampling, Source, proof_copies
from .record import OutputRecord
from .slug import Slug
from .spreads import write_spreads

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
    revision: str | None = None,
    waiting: Callable[[], None] = lambda: None,
) -> Written:
    """Assemble and write the profile's output, unless what the last build wrote is still current.

    Two builds writing into the same folder take turns (`waiting` is called when this one has to wait):
    the output and the record of what was written must come from the same build. `revision`: the issue
    folder's in git, for a proof's slug."""
    scratch = cache_root / "tmp"
    with output_lock(out_dir, waiting):
        # What builds killed before they could rename it into place.
        clean_stale(out_dir, scratch)
        return _write(
            world, issue, layout, profile, plan, rendered, warnings, out_dir, cache_root, marks, pages, revision
        )


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
    revision: str | None,
) -> Written:
    scratch = cache_root / "tmp"
    slug_name = f"{slugify(issue.magazine)}-{slugify(issue.number)}"
    if issue.editions:
        slug_name += f"-{slugify(issue.language)}"
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
    final = out_dir / (f"{slug_name}-{profile.name}" + ("" if profile.delivery else ".pdf"))
    record = OutputRecord(cache_root / "outputs" / f"{final.name}.json", final, world.digest)
    # The version and the code are in the stamp: a new vividprint may write the same inputs differently.
    proof_marks = layout.typesetting.proof_marks and not profile.delivery
    # The report lists the warnings and each page's inks, fonts and images: a change there is a change.
    notes = [str(w) for w in warnings] + [repr(page) for page in pages]
    resampling = _resampling(profile)
    slug = None if profile.delivery else Slug(issue.magazine, issue.number, issue.language, revision, layout.fonts)
    spreads = out_dir / f"{slug_name}-{profile.name}-spreads.pdf"
    # The code's digest too: a build made by changed code is written again, though no input changed.
    # The slug's time is not: it is the time the PDF was written, and a commit (the revision) is a change.
    extras = (__version__, code_digest(), standard, marks, proof_marks, resampling and resampling.key())
    stamp = record.stamp(plan, parts, info, (*extras, slug and slug.key()), notes)
    if (unchanged := record.unchanged(stamp)) is not None and (profile.delivery or spreads.is_file()):
        return Written(final, unchanged["page_count"], tuple(unchanged["labels"]))
    # Every face once for the whole issue, cut to the glyphs all its parts use (pdf/fonts.py).
    shared = {"fonts": tuple(font.path for font in layout.fonts), "font_cache": cache_root / "fonts"}
    if not profile.delivery:
        copies = _proof_copies(world, plan, cache_root, resampling) if resampling else None
        assembled = assemble(
            world,
            plan,
            parts,
            info,
            final,
            standard,
            proof_marks=proof_marks,
            supplied=copies,
            slug=slug,
            scratch=scratch,
            **shared,
        )
        write_spreads(final, assembled.labels, spreads, info.title)
        record.save(stamp, assembled.page_count, assembled.labels)
        return Written(assembled.path, assembled.page_count, assembled.labels)
    assert standard is not None
    staging = temp_path(final.with_suffix(".pdf"), scratch)
    try:
        assembled = assemble(world, plan, parts, info, staging, standard, marks=marks, scratch=scratch, **shared)
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
        output = deliver(staging, assembled.labels, slug_name, final, info, standard, job_report, scratch)
        record.save(stamp, assembled.page_count, assembled.labels)
        return Written(output, assembled.page_count, assembled.labels)
    finally:
        staging.unlink(missing_ok=True)


def _resampling(profile: Profile) -> Resampling | None:
    """How a proof scales the pictures of supplied pages; None: print takes them as supplied."""
    if profile.max_ppi is None:
        return None
    return Resampling(profile.max_ppi, profile.image_ppi, profile.jpeg_quality)


def _proof_copies(world: World, plan: Plan, cache_root: Path, resampling: Resampling) -> dict[Path, Path]:
    used: dict[Path, set[int]] = {}
    for job in plan.supplied:
        used.setdefault(job.path, set()).update(job.pages)
    sources = (
        Source(path, world.read_bytes(path), world.digest(path), tuple(sorted(pages))) for path, pages in used.items()
    )
    return proof_copies(sources, cache_root / "supplied", resampling)


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
