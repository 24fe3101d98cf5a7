"""Stage 3, render: every template slot of a plan becomes a part PDF with the facts seen while rendering.

A slot whose inputs are unchanged comes from the content-addressed cache; the rest render on the pool's
workers, largest first. Supplied PDFs are not rendered: assembly takes their pages as they are.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..plan.jobs import Plan, RenderedPart
from .cache import PartCache
from .pool import Progress, RenderPool

__all__ = ["Rendered", "render_plan"]


@dataclass(frozen=True)
class Rendered:
    parts: dict[str, RenderedPart]  # slot key -> part
    rendered: tuple[str, ...]  # slots rendered now
    cached: tuple[str, ...]  # slots taken from the cache


def render_plan(
    plan: Plan,
    pool: RenderPool,
    cache: PartCache,
    fonts: tuple[Path, ...],
    tmp: Path,
    variant: str | None,
    progress: Progress | None = None,
) -> Rendered:
    keys = {job.key: cache.key(job, fonts) for job in plan.renders}
    parts = {job.key: hit for job in plan.renders if (hit := cache.get(keys[job.key], job.key)) is not None}
    cached = tuple(parts)
    todo = [job for job in plan.renders if job.key not in parts]
    for part in pool.render(todo, tmp, variant, plan.hyphenation, progress):
        parts[part.key] = cache.put(keys[part.key], part)
    return Rendered(parts=parts, rendered=tuple(job.key for job in todo), cached=cached)
