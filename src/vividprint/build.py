"""The build: load, plan, render, check, write, in that order. Nothing else knows the order. A check is
the same build without the writing."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .check import Memo, Report, check
from .check.preflight import oversampled, resettled
from .disk import as_user_error, check_folder, clean_stale
from .engine import Rendered, render_plan
from .engine.cache import PartCache
from .engine.pool import Progress, RenderPool
from .errors import VividError
from .inputs.files import World
from .inputs.layout import Layout
from .inputs.load import load
from .inputs.model import Issue
from .inputs.resources import check_output_profile
from .inputs.revision import source_revision
from .options import CACHE_DIR, BuildOptions, BuildResult, CheckResult, SlotPages
from .pdf import write_output
from .plan import make_plan, render_setup
from .plan.jobs import Plan, RenderJob
from .plan.settled import SettledSizes
from .profiles import Profile, get_profile


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
        self._walks: Memo = {}  # the ink preflight's walk of each page, by file digest

    def build(self, options: BuildOptions, progress: Progress | None = None) -> BuildResult:
        check_folder(options.out_dir)  # before the user waits for the slots to render
        done = self._checked(options, progress)
        if done.report.errors:
            raise VividError(done.report.errors)
        issue, layout, report, rendered = done.issue, done.layout, done.report, done.rendered
        written = write_output(
            done.world,
            issue,
            layout,
            done.profile,
            done.plan,
            rendered,
            report.warnings,
            options.out_dir,
            done.cache_root,
            marks=options.marks,
            pages=report.pages,
            revision=None if done.profile.delivery else source_revision(issue.root, (done.cache_root, options.out_dir)),
            waiting=lambda: _note(progress, f"waiting for the other build writing into {options.out_dir}"),
        )
        return BuildResult(
            output=written.path,
            page_count=written.page_count,
            labels=written.labels,
            rendered=list(rendered.rendered),
            cached=list(rendered.cached),
            warnings=report.warnings,
            inputs=(issue.root, layout.root, layout.fonts_dir),
            typeset=report.typeset,
            typeset_summary=report.typeset_summary,
            slots=_slots(done.plan),
        )

    def check(self, options: BuildOptions, progress: Progress | None = None) -> CheckResult:
        """Everything a build checks, rendering what the cache lacks, without writing the issue's PDF;
        problems come back as the answer, not raised."""
        try:
            done = self._checked(options, progress)
        except VividError as exc:
            return CheckResult(errors=exc.problems)
        report = done.report
        return CheckResult(
            errors=report.errors,
            warnings=report.warnings,
            typeset=report.typeset,
            typeset_summary=report.typeset_summary,
            pages=done.plan.page_count,
        )

    def _checked(self, options: BuildOptions, progress: Progress | None) -> _Checked:
        try:
            return self._check(options, progress)
        except OSError as exc:  # a full disk under the cache or TMPDIR is the user's to free, not a bug
            if (error := as_user_error(exc)) is None:
                raise
            raise error from None

    def _check(self, options: BuildOptions, progress: Progress | None) -> _Checked:
        profile = get_profile(options.profile, options.pdfx)
        world = World.open(options.issue_dir, options.layouts_dir)
        issue, layout = load(world, options.edition, options.fallback)
        if profile.colour == "cmyk" or profile.pdf_variant:
            check_output_profile(layout.output_profile, world.label(layout.root / "layout.toml"))
        pool = self._pool_for(options, issue, layout, profile)
        cache_root = options.cache_dir or issue.root / CACHE_DIR
        # What builds killed in the middle of writing to the cache left there.
        clean_stale(*(cache_root / folder for folder in ("parts", "images", "bodies", "outputs", "tmp")))

        def render(limits: dict[Path, int] | None = None) -> tuple[Plan, Rendered]:
            plan = make_plan(world, issue, layout, profile, cache_root, limits)
            cache = PartCache(cache_root / "parts", profile.name, profile.pdf_variant, world.digest)
            fonts = tuple(font.path for font in layout.fonts)
            return plan, render_plan(plan, pool, cache, fonts, cache_root / "tmp", profile.pdf_variant, progress)

        # Only once a slot is laid out is it known how large each image is placed: it is rendered again
        # with no more pixels than the profile uses (300 ppi in print, 150 in a proof). A proof starts
        # from the sizes its last build settled on, and needs that second render only where they no
        # longer hold.
        max_ppi, target_ppi = _resampling(profile, layout)
        settled = SettledSizes(cache_root, profile.name, issue.language) if profile.max_ppi is not None else None
        used = settled.load(issue.root) if settled is not None else {}
        plan, rendered = render(used or None)
        if settled is None:
            limits = oversampled(plan, rendered.parts, issue.root, max_ppi, target_ppi) or None
        else:
            limits = resettled(plan, rendered.parts, issue.root, max_ppi, target_ppi, used)
        if limits is not None:
            plan, again = render(limits)
            rendered = _merged(rendered, again)
        if settled is not None and (limits is not None or settled.path.name not in _listing(settled.folder)):
            settled.save(issue.root, limits if limits is not None else used)
        report = check(
            world,
            issue,
            layout,
            plan,
            rendered,
            profile,
            strict=options.strict,
            allow_overset=options.allow_overset,
            memo=self._walks,
        )
        return _Checked(world, issue, layout, profile, cache_root, plan, rendered, report)

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

    def _pool_for(self, options: BuildOptions, issue: Issue, layout: Layout, profile: Profile) -> RenderPool:
        setup = render_setup(issue, layout, profile)
        workers = _workers(options, issue)
        # A changed stylesheet is parsed again by the workers themselves (its mtime is in their key); fonts
        # and the generated CSS are loaded once per worker, so a change there needs new workers.
        serves = (setup.page_css, setup.stylesheets, _stamps(font.path for font in layout.fonts), workers)
        if self._pool is None or serves != self._serves:
            self.close()
            # Workers start now and warm up while the slots are planned and looked up in the cache.
            self._pool, self._serves = RenderPool(setup, workers), serves
        return self._pool


@dataclass(frozen=True)
class _Checked:
    """A build up to its check: what writing the output needs."""

    world: World
    issue: Issue
    layout: Layout
    profile: Profile
    cache_root: Path
    plan: Plan
    rendered: Rendered
    report: Report


def _resampling(profile: Profile, layout: Layout) -> tuple[int, int]:
    """Above which effective resolution an image is embedded again, and at which."""
    if profile.max_ppi is None:
        return layout.print.max_ppi, layout.print.warn_ppi
    return profile.max_ppi, profile.image_ppi


def _note(progress: Progress | None, text: str) -> None:
    """Tell the user something while the build goes on: a step with no total (engine.pool.Progress)."""
    if progress is not None:
        progress(text, 0, 0)


def _merged(first: Rendered, again: Rendered) -> Rendered:
    """The second pass of a print build: its parts, and every slot rendered in either pass."""
    rendered = tuple(dict.fromkeys((*first.rendered, *again.rendered)))
    return Rendered(again.parts, rendered, tuple(key for key in again.cached if key not in rendered))


def _slots(plan: Plan) -> tuple[SlotPages, ...]:
    slots, first = [], 0
    for job in plan.jobs:
        template, title = (job.template, job.title) if isinstance(job, RenderJob) else (None, None)
        slots.append(SlotPages(job.key, job.source, template, title, first, job.page_count, job.side))
        first += job.page_count
    return tuple(slots)


def _listing(folder: Path) -> set[str]:
    return {path.name for path in folder.iterdir()} if folder.is_dir() else set()


def _stamps(paths: Iterable[Path]) -> tuple[tuple[str, int], ...]:
    return tuple((str(path), path.stat().st_mtime_ns) for path in paths)


def _workers(options: BuildOptions, issue: Issue) -> int:
    """One worker per core (or as asked), but no more than there are slots to render."""
    templates = sum(1 for slot in (*issue.covers, *issue.flatplan) if slot.template is not None)
    return min(options.jobs or os.cpu_count() or 1, templates)
