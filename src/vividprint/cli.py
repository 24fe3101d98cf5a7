"""The command line: `vividprint build`, `vividprint check`."""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

from .build import BuildOptions, build, editions_of
from .errors import Problem, VividError
from .load import load
from .profiles import PDFX_VARIANTS, PROFILES

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Magazine issues to print-ready PDF.")
err = Console(stderr=True, highlight=False)
out = Console(highlight=False)

IssueArg = Annotated[Path, typer.Argument(help="The issue folder (it holds issue.toml).")]
LayoutsOpt = Annotated[
    Path | None,
    typer.Option("--layouts", help="Folder holding the layouts (default: the nearest layouts/ above the issue)."),
]


@app.command("build")
def build_command(
    issue: IssueArg,
    out_dir: Annotated[Path, typer.Option("--out", help="Where the PDFs go.")] = Path("out"),
    profile: Annotated[str, typer.Option(help="Output profile: proof or print.")] = "proof",
    layouts: LayoutsOpt = None,
    cache: Annotated[Path | None, typer.Option(help="Cache folder (default: ISSUE/.vividprint-cache).")] = None,
    jobs: Annotated[
        int | None, typer.Option("--jobs", "-j", min=1, help="Slots rendered at once (default: cores).")
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Print: supplied pages without bleed and images below 300 ppi fail.")
    ] = False,
    pdfx: Annotated[str | None, typer.Option("--pdfx", help="Print: PDF/X variant, 4 (default) or 1a.")] = None,
    marks: Annotated[bool, typer.Option("--marks", help="Print: crop marks, outside the bleed.")] = False,
    edition: Annotated[
        str | None, typer.Option("--edition", help="Build one edition (a language of [issue] editions).")
    ] = None,
    fallback: Annotated[
        bool, typer.Option("--fallback", help="A missing translation uses the main language, with a warning.")
    ] = False,
    allow_overset: Annotated[
        bool, typer.Option("--allow-overset", help="Build even when text overruns its pages; the page is marked.")
    ] = False,
) -> None:
    """Build the issue's PDF."""
    if profile not in PROFILES:
        err.print(f"[red]error:[/] --profile: no profile {profile!r}; choose one of {', '.join(PROFILES)}")
        raise typer.Exit(1)
    if pdfx is not None and pdfx not in PDFX_VARIANTS:
        err.print(f"[red]error:[/] --pdfx: {pdfx!r} is not one of {', '.join(PDFX_VARIANTS)}")
        raise typer.Exit(1)
    options = BuildOptions(
        issue_dir=issue,
        out_dir=out_dir,
        profile=profile,
        layouts_dir=layouts,
        cache_dir=cache,
        jobs=jobs,
        allow_overset=allow_overset,
        strict=strict,
        pdfx=pdfx,
        marks=marks,
        edition=edition,
        fallback=fallback,
    )
    for one in editions_of(options):
        started = time.perf_counter()
        edition_options = replace(options, edition=one)
        with Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            TextColumn("{task.completed}/{task.total}"),
            TimeElapsedColumn(),
            console=err,
            transient=True,
        ) as bar:
            task = bar.add_task("loading" + (f" {one}" if one else ""), total=None)

            def step(key: str, done: int, total: int, task: TaskID = task, bar: Progress = bar) -> None:
                bar.update(task, description=f"rendering {key}", completed=done, total=total)

            result = _run(lambda opts=edition_options, step=step: build(opts, progress=step))
        _print_problems(result.warnings, "warning", "yellow")
        seconds = time.perf_counter() - started
        out.print(
            f"[green]built[/] {result.output}  ({result.page_count} pages, "
            f"{len(result.rendered)} slots rendered, {len(result.cached)} from cache, "
            f"{len(result.warnings)} warnings, {seconds:.1f} s)"
        )


@app.command("check")
def check_command(issue: IssueArg, layouts: LayoutsOpt = None) -> None:
    """Validate the issue folder without rendering."""
    loaded, layout = _run(lambda: load(issue, layouts))
    pages = sum(s.pages for s in loaded.flatplan)
    out.print(
        f"[green]ok[/] {loaded.magazine} {loaded.number}: {len(loaded.flatplan)} slots, {pages} inside pages, "
        f"{len(loaded.covers)} covers, layout {layout.name!r}"
    )


def _run(action):
    try:
        return action()
    except VividError as exc:
        _print_problems(exc.problems, "error", "red")
        err.print(f"[red]{len(exc.problems)} error(s); nothing was written.[/]")
        raise typer.Exit(1) from None


def _print_problems(problems: list[Problem], kind: str, colour: str) -> None:
    for problem in problems:
        err.print(f"[{colour}]{kind}:[/] {problem}", soft_wrap=True)


def main() -> None:
    app()
