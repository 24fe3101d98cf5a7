"""What `vividprint check` shows: every problem of an issue grouped by the page it is on, as a table for
the terminal and as JSON for tools.

The page is read from where a problem says it is ("flatplan[3], page 12", "covers.front (U1)"); a
problem of the issue as a whole (the binding, a manifest key) is listed first, under no page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rich.table import Table
from rich.text import Text

from .errors import Problem
from .options import CheckResult

_PAGE = re.compile(r"\b(U[1-4])\b|\bpage (\d+)\b")
SEVERITIES = {"error": "red", "warning": "yellow", "typesetting": "cyan"}


@dataclass(frozen=True)
class Finding:
    severity: str  # a key of SEVERITIES
    page: str  # the page label ("U1", "12"), "" for the issue as a whole
    problem: Problem

    def as_dict(self) -> dict[str, str]:
        return {
            "severity": self.severity,
            "page": self.page,
            "file": self.problem.file,
            "place": self.problem.place,
            "message": self.problem.message,
        }


def page_of(problem: Problem) -> str:
    """The page a problem names in its place, "" when it names none."""
    found = _PAGE.search(problem.place)
    if not found:
        return ""
    return found[1] or found[2]


def _order(page: str) -> tuple[int, int]:
    if not page:
        return (0, 0)
    if page in ("U1", "U2"):
        return (1, int(page[1]))
    if page in ("U3", "U4"):
        return (3, int(page[1]))
    return (2, int(page))


def findings(result: CheckResult) -> list[Finding]:
    """Every problem of the check, by page, errors before warnings before typesetting on each page."""
    found = [
        Finding(severity, page_of(problem), problem)
        for severity, problems in (
            ("error", result.errors),
            ("warning", result.warnings),
            ("typesetting", result.typeset),
        )
        for problem in problems
    ]
    rank = list(SEVERITIES)
    return sorted(found, key=lambda f: (_order(f.page), rank.index(f.severity)))


def table(found: list[Finding], title: str) -> Table:
    view = Table(title=Text(title), title_justify="left", show_lines=False, expand=False)
    view.add_column("page", justify="right", no_wrap=True)
    view.add_column("", no_wrap=True)
    view.add_column("file", no_wrap=True)
    view.add_column("where")
    view.add_column("what")
    last = None
    for finding in found:
        label = finding.page or "issue"
        shown, last = ("" if label == last else label), label
        problem = finding.problem
        # Text, not markup: file names and messages quote the issue's own words.
        view.add_row(
            Text(shown),
            Text(finding.severity, style=SEVERITIES[finding.severity]),
            Text(problem.file),
            Text(problem.place),
            Text(problem.message),
        )
    return view


def lines(found: list[Finding]) -> list[Text]:
    """The findings one a line, for a pipe or a log: `page 12  warning  file: place: message`."""
    shown = []
    for finding in found:
        page = f"page {finding.page}" if finding.page.isdigit() else finding.page or "issue"
        shown.append(
            Text.assemble(
                f"{page:<9} ", (f"{finding.severity:<11}", SEVERITIES[finding.severity]), " ", str(finding.problem)
            )
        )
    return shown


def summary(result: CheckResult) -> str:
    errors, warnings = len(result.errors), len(result.warnings)
    line = f"{errors} error{'' if errors == 1 else 's'}, {warnings} warning{'' if warnings == 1 else 's'}"
    if result.pages:
        line += f" on {result.pages} pages"
    return line


def as_json(result: CheckResult, edition: str | None) -> dict[str, object]:
    return {
        "edition": edition,
        "pages": result.pages,
        "errors": len(result.errors),
        "warnings": len(result.warnings),
        "typesetting": result.typeset_summary,
        "findings": [finding.as_dict() for finding in findings(result)],
    }
