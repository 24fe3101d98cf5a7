"""The ink preflight of every page: each supplied page, and in CMYK each page vividprint rendered.

Each page is walked once per build (a supplied file placed twice is walked once, and its problems
name both slots); a page whose file is unchanged since the last build of the same process (watch,
the build server) is taken from `memo`, keyed by the file's digest.
"""

from __future__ import annotations

import io
from collections import defaultdict
from pathlib import Path

import pikepdf

from ..engine.facts import pixels
from ..errors import Problem
from ..inputs.files import World
from ..inputs.layout import Layout
from ..plan.jobs import PageFacts, Plan, RenderedPart, RenderJob, SuppliedJob
from ..profiles import Profile
from .inks import Page, judge
from .pixels import Ink
from .preflight import Report, page_name
from .seen import PageWalk
from .walk import walk_page

Memo = dict[tuple[str, int], PageWalk]  # (digest of the file, page index) -> its walk


def preflight_pages(
    world: World,
    plan: Plan,
    parts: dict[str, RenderedPart],
    layout: Layout,
    profile: Profile,
    *,
    strict: bool = False,
    memo: Memo | None = None,
) -> Report:
    """The findings of every page, and each page's facts for the job report, in the issue's order."""
    result = Report()
    used: Memo = {}
    walks = _Walks(memo if memo is not None else {}, used)
    by_file: dict[Path, list[SuppliedJob]] = defaultdict(list)
    for job in plan.supplied:
        by_file[job.path].append(job)
    supplied: dict[tuple[Path, int], tuple[PageWalk, Page]] = {}
    for path, jobs in by_file.items():
        digest = world.digest(path)
        pdf = None
        for index in sorted({i for job in jobs for i in job.pages}):
            if (walk := walks.get(digest, index)) is None:
                try:
                    pdf = pdf or pikepdf.open(io.BytesIO(world.read_bytes(path)))
                except pikepdf.PdfError as exc:
                    result.errors.append(
                        Problem(
                            jobs[0].source, "", f"cannot be read page by page ({exc}): ask for a fresh PDF/X export"
                        )
                    )
                    break
                walk = walks.put(digest, index, walk_page(pdf.pages[index], walks.images(digest)))
            slots = " and ".join(job.key for job in jobs if index in job.pages)
            page = Page(file=jobs[0].source, place=f"page {index + 1}", slot=slots)
            supplied[path, index] = walk, page
            verdict = judge(walk, page, layout.print, strict=strict)
            if profile.preflight == "refuse":
                result.errors += verdict.errors
            else:  # a proof: what print will refuse, without refusing it
                result.warnings += verdict.errors
            result.warnings += verdict.warnings
    own = profile.colour == "cmyk"
    for job in plan.jobs:
        if isinstance(job, SuppliedJob):
            for n, index in enumerate(job.pages):
                if (job.path, index) in supplied:
                    walk, page = supplied[job.path, index]
                    result.pages.append(_facts(_label(job, n), page, walk))
        elif own:
            walked = _own_pages(job, parts[job.key], walks)
            for index, (walk, page) in enumerate(walked):
                verdict = judge(walk, page, layout.print, strict=strict)
                result.errors += verdict.errors
                result.warnings += verdict.warnings
                result.pages.append(_facts(_label(job, index), page, walk))
            for index in range(len(walked), job.pages):  # underset: assembly leaves them blank
                page = Page(job.source, f"{job.key}, {page_name(job, index)}", job.key, template=job.template)
                result.pages.append(_facts(_label(job, index), page, PageWalk()))
    if memo is not None:
        memo.clear()
        memo.update(used)
    return result


def with_findings(pages: list[PageFacts], warnings: list[Problem]) -> list[PageFacts]:
    """The pages with every warning that names one of them."""
    found: dict[tuple[str, str], list[str]] = defaultdict(list)
    for problem in warnings:
        found[problem.file, problem.place].append(problem.message)
    return [PageFacts(**{**page.__dict__, "findings": tuple(found.get((page.file, page.page), ()))}) for page in pages]


class _Walks:
    def __init__(self, memo: Memo, used: Memo) -> None:
        self.memo, self.used = memo, used
        self._images: dict[str, dict[tuple[int, int, int], Ink | None]] = {}

    def get(self, digest: str, index: int) -> PageWalk | None:
        walk = self.memo.get((digest, index)) if digest else None
        if walk is not None:
            self.used[digest, index] = walk
        return walk

    def put(self, digest: str, index: int, walk: PageWalk) -> PageWalk:
        if digest:
            self.used[digest, index] = walk
        return walk

    def images(self, digest: str) -> dict[tuple[int, int, int], Ink | None]:
        """Image measurements shared by the pages of one file."""
        return self._images.setdefault(digest, {})


def _own_pages(job: RenderJob, part: RenderedPart, walks: _Walks) -> list[tuple[PageWalk, Page]]:
    sizes: dict[int, dict[tuple[int, int], str]] = defaultdict(dict)
    by_url = {image.url: image for image in job.images}
    for placement in part.placements:
        if (image := by_url.get(placement.url)) is not None:
            sizes[placement.page][pixels(image.path)] = image.src
    pdf = None
    pages = []
    count = min(job.pages, part.pages_used)
    for index in range(count):
        if (walk := walks.get(part.sha256, index)) is None:
            pdf = pdf or pikepdf.open(part.pdf)
            walk = walks.put(part.sha256, index, walk_page(pdf.pages[index], walks.images(part.sha256 or job.key)))
        names = {im.name: src for im in walk.images if (src := sizes[index].get((im.width, im.height)))}
        place = f"{job.key}, {page_name(job, index)}"
        pages.append((walk, Page(job.source, place, job.key, template=job.template, image_names=names)))
    return pages


def _label(job: RenderJob | SuppliedJob, index: int) -> str:
    return job.label or str((job.first_folio or 0) + index)


def _facts(label: str, page: Page, walk: PageWalk) -> PageFacts:
    images: dict[str, int] = {}
    for image in walk.images:
        name = page.image_names.get(image.name) or f"{image.name} ({image.width} × {image.height} px)"
        ppi = round(image.ppi) if image.ppi != float("inf") else 0
        images[name] = min(ppi, images.get(name, ppi))
    order = {"Cyan": 0, "Magenta": 1, "Yellow": 2, "Black": 3}
    return PageFacts(
        label=label,
        file=page.file,
        page=page.place,
        peak_ink=round(walk.highest()[0], 1),
        inks=tuple(sorted(walk.plates, key=lambda p: (order.get(p, 4), p))),
        fonts=tuple(sorted(walk.fonts)),
        images=tuple(images.items()),
    )
