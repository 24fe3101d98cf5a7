"""The build: load, prepare, render, assemble, check, in that order. Nothing else knows the order."""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from PIL import ImageCms

from . import __version__
from .check.preflight import Report, check_images, check_parts, check_plan, lowest_ppi_by_page, oversampled
from .engine.cache import PartCache
from .engine.pool import Progress, RenderPool
from .errors import VividError
from .inputs.layout import Layout
from .inputs.load import load
from .inputs.model import Issue
from .options import CACHE_DIR, BuildOptions, BuildResult
from .pdf.assemble import DocumentInfo, PartReader, assemble
from .pdf.delivery import JobReport, deliver
from .pdf.pdfx import VERSIONS, OutputIntent, Standard
from .pdf.record import OutputRecord
from .plan.jobs import HyphenationRules, Plan, RenderedPart, RenderJob
from .plan.prepare import prepare, render_setup
from .profiles import Profile, get_profile
from .text.glyphs import check_glyphs


def build(options: BuildOptions, progress: Progress | None = None) -> BuildResult:
    with Builder() as builder:
        return builder.build(options, progress)


class Builder:
    """Builds issues one after another with the same render workers: every edition of a `build` command,
    every round of `watch`, every build handed to the build server. From the second build on, the
    workers have the CSS parsed, the fonts loaded and their memory grown; they are started afresh only
    when what they parsed has changed."""

    def __init__(self) -> None:
        self._pool: RenderPool | None = None
        self._serves: tuple[object, ...] = ()

    def build(self, options: BuildOptions, progress: Progress | None = None) -> BuildResult:
        profile = get_profile(options.profile, options.pdfx)
        issue, layout = load(options.issue_dir, options.layouts_dir, options.edition, options.fallback)
        setup = render_setup(issue, layout, profile)
        workers = _workers(options, issue)
        # A changed stylesheet is parsed again by the workers themselves (its mtime is in their key); fonts
        # and the generated CSS are loaded once per worker, so a change there needs new workers.
        serves = (setup.page_css, setup.stylesheets, _stamps(font.path for font in layout.fonts), workers)
        if self._pool is None or serves != self._serves:
            self.close()
            # Workers start now and warm up while the slots are prepared and looked up in the cache.
            self._pool, self._serves = RenderPool(setup, workers), serves
        return _build(options, profile, issue, layout, self._pool, progress)

    def worker_pids(self) -> list[int]:
        return self._pool.pids() if self._pool is not None else []

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
            self._pool = None

    def __enter__(self) -> Builder:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _stamps(paths: Iterable[Path]) -> tuple[tuple[str, int], ...]:
    return tuple((str(path), path.stat().st_mtime_ns) for path in paths)


def _build(
    options: BuildOptions, profile: Profile, issue: Issue, layout: Layout, pool: RenderPool, progress: Progress | None
) -> BuildResult:
    cmyk = profile.colour == "cmyk"
    cache_root = options.cache_dir or issue.root / CACHE_DIR
    slots = _Slots(
        cache=PartCache(cache_root / "parts", profile.name, profile.pdf_variant),
        fonts=tuple(font.path for font in layout.fonts),
        tmp=cache_root / "tmp",
        variant=profile.pdf_variant,
        pool=pool,
        progress=progress,
    )
    try:
        # A slot that is not in the cache starts rendering as soon as it is prepared.
        plan = prepare(issue, layout, profile, cache_root, made=slots.start)
        preflight = check_plan(plan, cmyk=cmyk, strict=options.strict)
        glyphs = check_glyphs(issue, [font.path for font in layout.fonts])
        # A proof shows the gap; print must not go out with a fallback font in it.
        (preflight.errors if cmyk else preflight.warnings).extend(glyphs)
        _raise_errors(preflight)
    except BaseException:
        pool.abandon()
        raise

    parts, rendered, cached = slots.render(plan)
    if cmyk and (limits := oversampled(plan, parts, issue.root, layout.print.max_ppi, layout.print.warn_ppi)):
        # Only now is it known how large each image is placed: embed no more pixels than print uses.
        plan = prepare(issue, layout, profile, cache_root, limits)
        parts, again, _ = slots.render(plan)
        rendered += again
        cached = [key for key in cached if key not in again]

    report = check_parts(plan, parts, layout, allow_overset=options.allow_overset, cmyk=cmyk)
    report.warnings[:0] = [*issue.notes, *preflight.warnings]
    images = check_images(plan, parts, layout.print.warn_ppi, layout.print.min_ppi, strict=options.strict)
    report.warnings += images.warnings
    if cmyk:
        report.errors += images.errors
    else:  # a proof shows what print will refuse, without refusing it
        report.warnings += images.errors
    _raise_errors(report)

    output, page_count, labels = _write(options, profile, issue, layout, plan, parts, report, cache_root, slots.read)
    return BuildResult(
        output=output,
        page_count=page_count,
        labels=labels,
        rendered=rendered,
        cached=cached,
        warnings=report.warnings,
        inputs=(issue.root, layout.root, layout.fonts_dir),
    )


def _workers(options: BuildOptions, issue: Issue) -> int:
    """One worker per core (or as asked), but no more than there are slots to render."""
    templates = sum(1 for slot in (*issue.covers, *issue.flatplan) if slot.template is not None)
    return min(options.jobs or os.cpu_count() or 1, templates)


def _write(
    options: BuildOptions,
    profile: Profile,
    issue: Issue,
    layout: Layout,
    plan: Plan,
    parts: dict[str, RenderedPart],
    report: Report,
    cache_root: Path,
    parts_read: PartReader,
) -> tuple[Path, int, tuple[str, ...]]:
    """Assemble and write the profile's output, unless what the last build wrote is still current:
    (output path, page count, page labels)."""
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
    standard = None
    if profile.pdf_variant:
        intent = OutputIntent(
            profile=layout.output_profile,
            condition=layout.print.output_condition,
            description=ImageCms.getProfileDescription(ImageCms.getOpenProfile(str(layout.output_profile))).strip(),
        )
        standard = Standard(variant=profile.pdf_variant, intent=intent)
    final = options.out_dir / (f"{slug}-{profile.name}" + ("" if profile.delivery else ".pdf"))
    record = OutputRecord(cache_root / "outputs" / f"{final.name}.json", final)
    # The version is in the stamp: a new vividprint may write the same inputs differently.
    stamp = record.stamp(plan, parts, info, (__version__, standard, options.marks), [str(w) for w in report.warnings])
    if (unchanged := record.unchanged(stamp)) is not None:
        output, page_count, labels = final, unchanged["page_count"], tuple(unchanged["labels"])
    elif not profile.delivery:
        assembled = assemble(plan, parts, info, final, standard, parts_read=parts_read)
        output, page_count, labels = assembled.path, assembled.page_count, assembled.labels
        record.save(stamp, page_count, labels)
    else:
        assert standard is not None
        staging = options.out_dir / f".{slug}-{profile.name}.{os.getpid()}.pdf"
        try:
            assembled = assemble(plan, parts, info, staging, standard, marks=options.marks, parts_read=parts_read)
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
                output_intent=f"{intent.description} ({intent.condition})",
                lowest_ppi=lowest_ppi_by_page(plan, parts),
                warnings=[str(w) for w in report.warnings],
            )
            output = deliver(staging, assembled.labels, slug, final, info, standard, job_report)
            page_count, labels = assembled.page_count, assembled.labels
            record.save(stamp, page_count, labels)
        finally:
            staging.unlink(missing_ok=True)
    return output, page_count, labels


@dataclass
class _Slots:
    """Renders a plan's slots: from the cache where their inputs are unchanged, else in the pool, while
    the parts already there are read ahead for assembly."""

    cache: PartCache
    fonts: tuple[Path, ...]
    tmp: Path
    variant: str | None
    pool: RenderPool
    progress: Progress | None
    read: PartReader = field(default_factory=PartReader)
    looked_up: dict[tuple[str, str], RenderedPart | None] = field(default_factory=dict)  # (cache key, slot)

    def start(self, job: RenderJob, hyphenation: tuple[HyphenationRules, ...]) -> None:
        """A slot just prepared: if the cache does not have it, a ready worker may start on it now."""
        key = self.cache.key(job, self.fonts)
        if self._lookup(key, job.key) is None:
            self.pool.start(job, self.tmp, self.variant, hyphenation)

    def render(self, plan: Plan) -> tuple[dict[str, RenderedPart], list[str], list[str]]:
        """Every slot's part: (parts, keys of the slots rendered, keys of those from the cache)."""
        render_jobs = [job for job in plan.jobs if isinstance(job, RenderJob)]
        keys = {job.key: self.cache.key(job, self.fonts) for job in render_jobs}
        parts: dict[str, RenderedPart] = {}
        for job in render_jobs:
            if (hit := self._lookup(keys[job.key], job.key)) is not None:
                parts[job.key] = hit
                self.read.expect(hit.pdf)
        cached = list(parts)
        todo = [job for job in render_jobs if job.key not in parts]
        for part in self.pool.render(todo, self.tmp, self.variant, plan.hyphenation, self.progress, self.read.step):
            parts[part.key] = self.looked_up[keys[part.key], part.key] = self.cache.put(keys[part.key], part)
            self.read.expect(parts[part.key].pdf)
        return parts, [job.key for job in todo], cached

    def _lookup(self, key: str, slot_key: str) -> RenderedPart | None:
        if (key, slot_key) not in self.looked_up:
            self.looked_up[key, slot_key] = self.cache.get(key, slot_key)
        return self.looked_up[key, slot_key]


def _raise_errors(report: Report) -> None:
    if report.errors:
        raise VividError(report.errors)


def slugify(text: str) -> str:
    """'VIVID' -> 'vivid', '4/2025' -> '4-2025', 'Düsseldorf' -> 'dusseldorf'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "issue"
