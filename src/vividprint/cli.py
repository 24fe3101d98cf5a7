"""The command line: `vividprint build`, `vividprint watch`, `vividprint check`, `vividprint server`."""

from __future__ import annotations

import itertools
import time
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from . import server
from .errors import Problem, VividError
from .options import CACHE_DIR, BuildOptions, BuildResult, editions_of
from .profiles import PDFX_VARIANTS, PROFILES

if TYPE_CHECKING:  # imported where used: a build handed to the server needs neither
    from multiprocessing.connection import Connection

    from .build import Builder

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Magazine issues to print-ready PDF.")
err = Console(stderr=True, highlight=False)
out = Console(highlight=False)

IssueArg = Annotated[Path, typer.Argument(help="The issue folder (it holds issue.toml).")]
LayoutsOpt = Annotated[
    Path | None,
    typer.Option("--layouts", help="Folder holding the layouts (default: the nearest layouts/ above the issue)."),
]
OutOpt = Annotated[Path, typer.Option("--out", help="Where the PDFs go.")]
CacheOpt = Annotated[Path | None, typer.Option(help="Cache folder (default: ISSUE/.vividprint-cache).")]
JobsOpt = Annotated[int | None, typer.Option("--jobs", "-j", min=1, help="Slots rendered at once (default: cores).")]
EditionOpt = Annotated[
    str | None, typer.Option("--edition", help="Build one edition (a language of the issue's editions).")
]
FallbackOpt = Annotated[
    bool, typer.Option("--fallback", help="A missing translation uses the main language, with a warning.")
]
OversetOpt = Annotated[
    bool, typer.Option("--allow-overset", help="Build even when text overruns its pages; the page is marked.")
]


@app.command("build")
def build_command(
    issue: IssueArg,
    out_dir: OutOpt = Path("out"),
    profile: Annotated[str, typer.Option(help="Output profile: proof or print.")] = "proof",
    layouts: LayoutsOpt = None,
    cache: CacheOpt = None,
    jobs: JobsOpt = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Print: supplied pages without bleed and images below 300 ppi fail.")
    ] = False,
    pdfx: Annotated[str | None, typer.Option("--pdfx", help="Print: PDF/X variant, 4 (default) or 1a.")] = None,
    marks: Annotated[bool, typer.Option("--marks", help="Print: crop marks, outside the bleed.")] = False,
    edition: EditionOpt = None,
    fallback: FallbackOpt = False,
    allow_overset: OversetOpt = False,
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
    # Before any progress bar: starting the server forks this process, which must have no threads then.
    with _run(server.builder) as builder:
        for one in editions_of(options):
            _report(_run(lambda one=one: _build_edition(builder, replace(options, edition=one))))


@app.command("watch")
def watch_command(
    issue: IssueArg,
    out_dir: OutOpt = Path("out"),
    layouts: LayoutsOpt = None,
    cache: CacheOpt = None,
    jobs: JobsOpt = None,
    edition: EditionOpt = None,
    fallback: FallbackOpt = False,
    allow_overset: OversetOpt = False,
) -> None:
    """Build the proof, then again whenever the issue, the layouts or the fonts change. Ctrl-C stops."""
    # Ctrl-C stops quietly from the start: while the libraries load as well as during a build.
    try:
        import watchfiles

        from .build import Builder

        options = BuildOptions(
            issue_dir=issue,
            out_dir=out_dir,
            layouts_dir=layouts,
            cache_dir=cache,
            jobs=jobs,
            allow_overset=allow_overset,
            edition=edition,
            fallback=fallback,
        )
        cache_root = (cache or issue / CACHE_DIR).resolve()
        # Nothing vividprint writes may start another round.
        quiet = watchfiles.DefaultFilter(ignore_paths=[str(cache_root), str(out_dir.resolve())])
        with Builder() as builder:
            out.print(f"building {_shown(issue)} (Ctrl-C stops)")
            roots = _watch_round(builder, options, {issue.resolve(), *([layouts.resolve()] if layouts else [])})
            while True:
                watcher = watchfiles.watch(
                    *roots, watch_filter=quiet, debounce=300, step=50, yield_on_timeout=True, rust_timeout=300
                )
                # The first answer comes after one timeout at the latest; from then on an edit is seen.
                first = next(watcher)
                out.print(f"watching {', '.join(sorted(str(root) for root in roots))} (Ctrl-C stops)")
                for changes in itertools.chain([first], watcher):
                    if not changes:
                        continue
                    out.print(f"[bold]changed:[/] {', '.join(sorted({Path(path).name for _, path in changes}))}")
                    if (seen := _watch_round(builder, options, roots)) != roots:
                        roots = seen  # a layout that loads now, or another one: watch it too
                        watcher.close()
                        break
    except KeyboardInterrupt:
        pass


def _watch_round(builder: Builder, options: BuildOptions, roots: set[Path]) -> set[Path]:
    """Build every edition; problems are printed, not fatal. Returns the folders to watch."""
    for one in editions_of(options):
        try:
            built = _build_edition(builder, replace(options, edition=one))
        except VividError as exc:
            _print_problems(exc.problems, "error", "red")
            err.print(f"[red]{len(exc.problems)} error(s); the last good PDF stays.[/]")
            continue
        _report(built)
        result, _ = built
        roots = roots | set(result.inputs)
    return roots


def _build_edition(builder: Builder | server.RemoteBuilder, options: BuildOptions) -> tuple[BuildResult, float]:
    started = time.perf_counter()
    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    ) as bar:
        task = bar.add_task("loading" + (f" {options.edition}" if options.edition else ""), total=None)

        def step(key: str, done: int, total: int) -> None:
            bar.update(task, description=f"rendering {key}", completed=done, total=total)

        result = builder.build(options, progress=step)
    return result, time.perf_counter() - started


def _report(built: tuple[BuildResult, float]) -> None:
    result, seconds = built
    _print_problems(result.warnings, "warning", "yellow")
    out.print(
        f"[green]built[/] {_shown(result.output)}  ({result.page_count} pages, "
        f"{len(result.rendered)} slots rendered, {len(result.cached)} from cache, "
        f"{len(result.warnings)} warnings, {seconds:.1f} s)"
    )


def _shown(path: Path) -> Path:
    """A path as the user would write it: relative to the working directory when it lies below it (a
    server answers with absolute paths)."""
    try:
        return path.relative_to(Path.cwd()) if path.is_absolute() else path
    except ValueError:
        return path


server_app = typer.Typer(
    no_args_is_help=True,
    help="The build server, which keeps render workers warm between builds (VIVIDPRINT_SERVER=off: none).",
)
app.add_typer(server_app, name="server")


@server_app.command("status")
def server_status() -> None:
    """Say whether a server runs for this vividprint and environment, and what it has done."""
    try:
        with server.RemoteBuilder(_connected()) as remote:
            status = remote.status()
    except server.ServerGone:
        out.print("no build server running")
        return
    minutes = (time.time() - status.started) / 60
    out.print(
        f"build server running: pid {status.pid}, up {minutes:.0f} min, {status.builds} builds, "
        f"peak memory {status.peak_mb:.0f} MB"
    )


@server_app.command("stop")
def server_stop() -> None:
    """Stop the server and its render workers (it also stops by itself when idle)."""
    try:
        with server.RemoteBuilder(_connected()) as remote:
            remote.stop()
    except server.ServerGone:
        out.print("no build server running")
        return
    out.print("build server stopped")


def _connected() -> Connection:
    if (conn := server.connect()) is None:
        raise server.ServerGone("none running")
    return conn


@app.command("check")
def check_command(issue: IssueArg, layouts: LayoutsOpt = None) -> None:
    """Validate the issue folder without rendering."""
    from .inputs.files import World
    from .inputs.load import load

    loaded, layout = _run(lambda: load(World.open(issue, layouts)))
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
        # Escaped: a message may name a TOML table ("[print] max_ink"), which Rich would take for markup.
        err.print(f"[{colour}]{kind}:[/] {escape(str(problem))}", soft_wrap=True)


def main() -> None:
    app()
