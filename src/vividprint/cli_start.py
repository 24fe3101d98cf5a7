"""The commands that start a magazine, an issue or an article (`init`, `new-issue`, `new-article`) and
`--version`. cli.py registers them; the work is done in scaffold/, imported when a command runs."""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.text import Text

from . import __version__
from .errors import Problem, VividError

err = Console(stderr=True, highlight=False)
out = Console(highlight=False)
T = TypeVar("T")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"vividprint {__version__}")
        raise typer.Exit()


def app_options(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Magazine issues to print-ready PDF."""


def init_command(
    folder: Annotated[Path, typer.Argument(metavar="DIR", help="The new project's folder: new, or empty.")],
    magazine: Annotated[
        str | None, typer.Option(metavar="NAME", help="The magazine's name (default: from the folder's name).")
    ] = None,
) -> None:
    """Start a magazine: the vivid layout, its fonts, the print profile and a first issue to build."""
    from .scaffold import init_project

    made = run_action(lambda: init_project(folder, magazine))
    first = _shown(made.issue.root)
    out.print(
        _done(
            "created",
            f"{_shown(made.root)}: layouts/vivid, fonts/, icc/ and {first} "
            f"({made.issue.magazine} {made.issue.number}, {made.pages} pages)",
        ),
        soft_wrap=True,
    )
    out.print(Text(f"next: vividprint build {first}"), soft_wrap=True)


def new_issue_command(
    folder: Annotated[Path, typer.Argument(metavar="ISSUE", help="The new issue's folder, inside a project.")],
    number: Annotated[
        str | None,
        typer.Option(metavar="TEXT", help="The number as printed on the cover (default: the folder's name)."),
    ] = None,
    date: Annotated[
        str | None, typer.Option(metavar="YYYY-MM-DD", help="The publication date (default: today).")
    ] = None,
    title: Annotated[str | None, typer.Option(metavar="TEXT", help="The key topic, on the cover.")] = None,
    magazine: Annotated[
        str | None, typer.Option(metavar="NAME", help="The magazine's name (default: the latest issue's).")
    ] = None,
    language: Annotated[
        str | None, typer.Option(metavar="LANG", help="The issue's language (default: the latest issue's, or en).")
    ] = None,
    layout: Annotated[
        str | None, typer.Option(metavar="NAME", help="A folder in layouts/ (default: the latest issue's).")
    ] = None,
) -> None:
    """Start an issue: covers, a flatplan, an editorial and a cover story to fill."""
    from .scaffold import binding_note, new_issue

    when = _date_option(date)
    made = run_action(
        lambda: new_issue(
            folder, number=number, date=when, title=title, magazine=magazine, language=language, layout=layout
        )
    )
    shown = _shown(made.issue.root)
    articles = ", ".join(sorted(f"articles/{p.name}" for p in (made.issue.root / "articles").glob("*.md")))
    out.print(
        _done("created", f"{shown}: issue.toml ({made.pages} pages, covers included), {articles}"), soft_wrap=True
    )
    out.print("replace images/cover.jpg and the placeholder ads in supplied/ with the real ones")
    if note := binding_note(made.issue, made.pages):
        print_problems([Problem("issue.toml", "flatplan", note)], "warning", "yellow")
    out.print(Text(f"next: vividprint new-article {shown} SLUG, or vividprint build {shown}"), soft_wrap=True)


def new_article_command(
    issue: Annotated[Path, typer.Argument(metavar="ISSUE", help="The issue folder (it holds issue.toml).")],
    slug: Annotated[
        str, typer.Argument(metavar="SLUG", help="The article's file name without .md: lower case and hyphens.")
    ],
    title: Annotated[str | None, typer.Option(metavar="TEXT", help="The title (default: from the slug).")] = None,
    template: Annotated[str, typer.Option(metavar="NAME", help="The page type of its slot.")] = "feature",
    pages: Annotated[int, typer.Option(metavar="N", min=1, help="Pages allotted to it.")] = 4,
    kicker: Annotated[str | None, typer.Option(metavar="TEXT", help="The rubric above the title.")] = None,
) -> None:
    """Add an article: articles/SLUG.md and a slot for it at the end of the flatplan."""
    from .scaffold import binding_note, new_article

    added = run_action(lambda: new_article(issue, slug, title=title, template=template, pages=pages, kicker=kicker))
    last = added.first_page + pages - 1
    where = f"page {added.first_page}" if last == added.first_page else f"pages {added.first_page}-{last}"
    out.print(
        _done(
            "added",
            f"{_shown(added.article)} and its slot, {added.slot} ({template}, {where}), "
            "at the end of issue.toml: move the [[flatplan]] table to move its pages",
        ),
        soft_wrap=True,
    )
    notes = [Problem("issue.toml", "flatplan", note)] if (note := binding_note(added.issue, added.pages)) else []
    if added.translations:
        notes.append(
            Problem(
                _shown(added.article),
                "",
                f"the issue's other editions need {', '.join(added.translations)} beside it "
                "(or build them with --fallback)",
            )
        )
    print_problems(notes, "warning", "yellow")


def _date_option(text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        err.print(
            Text.assemble(
                ("error:", "red"), f" --date: {text!r} is not a date; write it as YYYY-MM-DD, e.g. 2026-03-01"
            )
        )
        raise typer.Exit(1) from None


def run_action(action: Callable[[], T]) -> T:
    """The action's result; its problems printed, and exit status 1, when the user's input is at fault."""
    try:
        return action()
    except VividError as exc:
        print_problems(exc.problems, "error", "red")
        err.print(Text(f"{len(exc.problems)} error(s); nothing was written.", style="red"))
        raise typer.Exit(1) from None


def print_problems(problems: list[Problem], kind: str, colour: str) -> None:
    for problem in problems:
        # Text, not markup: the user's titles and names may hold square brackets.
        err.print(Text.assemble((f"{kind}:", colour), " ", str(problem)), soft_wrap=True)


def _done(what: str, text: str) -> Text:
    return Text.assemble((what, "green"), " ", text)


def _shown(path: Path) -> str:
    """A path as the user would write it: relative to the working directory when it lies below it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix() or "."
    except ValueError:
        return path.as_posix()


def crashed(exc: BaseException) -> int:
    """Say that vividprint failed with a bug, not the user's files, where its traceback is written and
    how to report it; the exit status."""
    import traceback

    from .disk import machine_cache

    detail = "".join(traceback.format_exception(exc))
    if remote := getattr(exc, "traceback", None):  # a bug in the build server: its own traceback
        detail += "\nin the build server:\n" + remote
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    log = machine_cache() / "logs" / f"crash-{stamp}-{os.getpid()}.log"
    try:
        log.parent.mkdir(parents=True, exist_ok=True)
        log.write_text(f"vividprint {__version__}\n{' '.join(sys.argv)}\n\n{detail}", encoding="utf-8")
        where = f"the details are in {log}"
    except OSError:
        where, log = "the details follow", None
    summary = f"{type(exc).__name__}: {exc}".splitlines()[0][:200]
    err.print(
        Text.assemble(("error:", "red"), f" vividprint stopped on a bug, not on a mistake in your files ({summary})"),
        soft_wrap=True,
    )
    err.print(
        Text(f"{where}; please report the bug with that file and the command you ran (vividprint {__version__})"),
        soft_wrap=True,
    )
    if log is None:
        err.print(Text(detail))
    return 1


COMMANDS: dict[str, Callable[..., Any]] = {
    "init": init_command,
    "new-issue": new_issue_command,
    "new-article": new_article_command,
}
