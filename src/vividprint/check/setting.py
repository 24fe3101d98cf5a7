"""The typesetting report: the body lines each page shows that a typesetter would look at again, and one
line of counts for the issue, as a layout program's H&J view shows them.

They are findings, not errors: a loose line or a runt never stops a build, in print neither. The
lines come from the render workers (engine/setting.py), which measured each part's PDF.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..errors import Problem
from ..plan.jobs import Plan, RenderedPart
from .preflight import page_name

PLURALS = {
    "loose": ("loose line", "loose lines"),
    "tight": ("tight line", "tight lines"),
    "stack": ("third hyphen in a row", "third hyphens in a row"),
    "fragment": ("one-fragment line", "one-fragment lines"),
    "widow": ("widow", "widows"),
    "orphan": ("orphan", "orphans"),
    "runt": ("runt", "runts"),
    "foot-hyphen": ("hyphen ending a column", "hyphens ending a column"),
    "short-column": ("short column", "short columns"),
}


@dataclass
class Typesetting:
    findings: list[Problem] = field(default_factory=list)  # in page order
    counts: dict[str, int] = field(default_factory=dict)  # per kind, and "justified", "by_line"

    @property
    def summary(self) -> str:
        justified = self.counts.get("justified", 0)
        if not justified:
            return "typesetting: no justified body text"
        shown = []
        for kind, (one, many) in PLURALS.items():
            count = self.counts.get(kind, 0)
            share = f" ({count / justified:.1%})" if kind in ("loose", "tight") else ""
            shown.append(f"{count} {one if count == 1 else many}{share}")
        by_line = self.counts.get("by_line", 0)
        tail = f"; {by_line} paragraph{'' if by_line == 1 else 's'} set line by line" if by_line else ""
        return f"typesetting: {justified:,} justified lines; " + ", ".join(shown) + tail


def typesetting_report(plan: Plan, parts: dict[str, RenderedPart]) -> Typesetting:
    """Every named line of the allotted pages, slot by slot in page order, and the counts."""
    report = Typesetting()
    counts: Counter[str] = Counter()
    for job in plan.renders:
        part = parts[job.key]
        counts["justified"] += part.counts.justified
        counts["by_line"] += part.counts.by_line
        for line in part.setting:
            if line.page >= job.pages:  # overset: reported as such, not line by line
                continue
            counts[line.kind] += 1
            report.findings.append(Problem(job.source, f"{job.key}, {page_name(job, line.page)}", line.sentence()))
    report.counts = dict(counts)
    return report
