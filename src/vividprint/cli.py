"""The command line: `vividprint build`, `watch`, `check`, `server`, and `init`, `new-issue`, `new-article`."""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.text import Text

from . import cli_start, server
from .cli_start import print_problems as _print_problems
from .cli_start import run_action as _run
from .helpformat import App
from .options import BuildOptions, BuildResult, editions_of
from .profiles import PDFX_VARIANTS, PROFILES

if TYPE_CHECKING:  # imported where used: a build handed to the server needs neither
    import socket

    from .build import Builder

app = App(add_completion=False, no_args_is_help=True, help="Magazine issues to print-ready PDF.")
err = Console(stderr=True, highlight=False)
out = Console(highlight=False)

IssueArg = Annotated[Path, typer.Argument(metavar="ISSUE", help="The issue folder (it holds issue.toml).")]
LayoutsOpt = Annotated[
    Path | None,
    typer.Option(
        "--layouts", metavar="DIR", help="Folder holding the layouts (default: the nearest layouts/ above the issue)."
    ),
]
OutOpt = Annotated[Path, typer.Option("--out", metavar="DIR", help="Where the PDFs go.")]
CacheOpt = Annotated[Path | None, typer.Option(metavar="DIR", help="Cache folder (default: ISSUE/.vividprint-cache).")]
JobsOpt = Annotated[
    int | None, typer.Option("--jobs", "-j", metavar="N", min=1, help="Slots rendered at once (default: cores).")
]
EditionOpt = Annotated[
    str | None,
    typer.Option("--edition", metavar="LANG", help="Build one edition (a language of the issue's editions)."),
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
    profile: Annotated[str, typer.Option(metavar="proof|print", help="Output profile: proof or print.")] = "proof",
    layouts: LayoutsOpt = None,
    cache: CacheOpt = None,
    jobs: JobsOpt = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Print: supplied pages without bleed and images below 300 ppi fail.")
    ] = False,
    pdfx: Annotated[
        str | None, typer.Option("--pdfx", metavar="4|1a", help="Print: PDF/X variant, 4 (default) or 1a.")
    ] = None,
    marks: Annotated[bool, typer.Option("--marks", help="Print: crop marks, outside the bleed.")] = False,
    edition: EditionOpt = None,
    fallback: FallbackOpt = False,
    allow_overset: OversetOpt = False,
    sheet: Annotated[
        bool, typer.Option("--sheet", help="Proof: also the flatplan sheet, in DIR/NAME-proof-sheet/.")
    ] = False,
) -> None:
    """Build the issue's PDF."""
    if sheet and profile != "proof":
        err.print(
            f"[red]error:[/] --sheet: the flatplan sheet is drawn from a proof; build it without --profile {profile}"
        )
        raise typer.Exit(1)
    if profile not in PROFILES:
        _usage("--profile", f"no profile {profile!r}; choose one of {', '.join(PROFILES)}")
    if pdfx is not None and pdfx not in PDFX_VARIANTS:
        _usage("--pdfx", f"{pdfx!r} is not one of {', '.join(PDFX_VARIANTS)}")
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
            built = _run(lambda one=one: _build_edition(builder, replace(options, edition=one)))
            _report(built)
            if sheet:
                from .preview.sheet import sheet_of

                drawn = sheet_of(built[0], replace(options, edition=one))
                assert drawn is not None  # nothing stops it
                said = f"{len(drawn.data['pages'])} pages, {drawn.rendered} drawn anew"
                out.print(f"[green]wrote[/] {_shown(drawn.folder)}/index.html and sheet.png ({said})", soft_wrap=True)


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
    serve: Annotated[
        bool, typer.Option("--serve", help="Show each round in the browser, at http://127.0.0.1:PORT/.")
    ] = False,
    port: Annotated[
        int | None,
        typer.Option(metavar="N", min=0, max=65535, help="The preview's port (default 8421; 0: any free one)."),
    ] = None,
) -> None:
    """Build the proof, then again whenever the issue, the layouts or the fonts change. Ctrl-C stops."""
    # Ctrl-C stops quietly from the start: while the libraries load as well as during a build.
    try:
        from .preview.watch import PORT, Voice, watch

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
        voice = Voice(out, err, lambda builder, one: _build_edition(builder, one)[0], _report, _print_problems, _shown)
        serving = port if port is not None else PORT if serve else None  # --port alone serves too
        if code := watch(options, voice, serving):
            raise typer.Exit(code)
    except KeyboardInterrupt:
        pass


def _build_edition(builder: Builder | server.RemoteBuilder, options: BuildOptions) -> tuple[BuildResult, float]:
    started = time.perf_counter()
    with Progress(
        # Not markup: a slot's key or an edition is the user's text.
        TextColumn("{task.description}", markup=False, style="bold"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    ) as bar:
        task = bar.add_task("loading" + (f" {options.edition}" if options.edition else ""), total=None)

        def step(key: str, done: int, total: int) -> None:
            if total == 0:  # a note (engine.pool.Progress): said once, and shown while it lasts
                err.print(Text(key), soft_wrap=True)
                bar.update(task, description=key)
                return
            bar.update(task, description=f"rendering {key}", completed=done, total=total)

        result = builder.build(options, progress=step)
    return result, time.perf_counter() - started


def _report(built: tuple[BuildResult, float]) -> None:
    result, seconds = built
    _print_problems(result.typeset, "typesetting", "cyan")
    _print_problems(result.warnings, "warning", "yellow")
    if result.typeset_summary:
        out.print(Text(result.typeset_summary))
    out.print(
        Text.assemble(
            ("built", "green"),
            f" {_shown(result.output)}  ({result.page_count} pages, "
            f"{len(result.rendered)} slots rendered, {len(result.cached)} from cache, "
            f"{len(result.warnings)} warnings, {seconds:.1f} s)",
        )
    )


def _shown(path: Path) -> Path:
    """A path as the user would write it: relative to the working directory when it lies below it (a
    server answers with absolute paths)."""
    try:
        return path.relative_to(Path.cwd()) if path.is_absolute() else path
    except ValueError:
        return path


server_app = App(
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


def _connected() -> socket.socket:
    if (conn := server.connect()) is None:
        raise server.ServerGone("none running")
    return conn


@app.command("diff")
def diff_command(
    old: Annotated[Path, typer.Argument(help="The earlier proof PDF.")],
    new: Annotated[Path, typer.Argument(help="The later proof PDF.")],
    out_dir: Annotated[
        Path | None,
        typer.Option("--out", help="Where diff.json and side-by-side.pdf go (default: NEW-diff/ beside NEW)."),
    ] = None,
) -> None:
    """Show what changed between two proof rounds: pages inserted, removed, moved, and changed regions.
    Exits 1 when something changed, 0 when the proofs are the same."""
    from .compare import diff_pdfs
    from .compare.report import default_out, summary, write_outputs

    found = _run(lambda: diff_pdfs(old, new))
    written = _run(lambda: write_outputs(found, out_dir or default_out(new)))
    for line in summary(found):
        out.print(line, soft_wrap=True)
    out.print(Text(f"wrote {', '.join(str(_shown(path)) for path in written)}"), soft_wrap=True)
    raise typer.Exit(1 if found.changed else 0)


@app.command("check")
def check_command(
    issue: IssueArg,
    profile: Annotated[
        str, typer.Option(metavar="proof|print", help="Check as this profile builds: proof or print.")
    ] = "proof",
    edition: EditionOpt = None,
    fallback: FallbackOpt = False,
    json_file: Annotated[
        Path | None, typer.Option("--json", metavar="FILE", help="Also write the findings as JSON to this file.")
    ] = None,
    layouts: LayoutsOpt = None,
    cache: CacheOpt = None,
    jobs: JobsOpt = None,
) -> None:
    """Check everything a build checks, page by page, without writing the issue's PDF (slots the cache
    lacks are rendered). Exit status 1 when anything is an error."""
    import json

    from .build import Builder
    from .disk import write_atomic
    from .findings import as_json, findings, lines, summary, table

    if profile not in PROFILES:
        _usage("--profile", f"no profile {profile!r}; choose one of {', '.join(PROFILES)}")
    options = BuildOptions(
        issue_dir=issue, profile=profile, layouts_dir=layouts, cache_dir=cache, jobs=jobs, fallback=fallback
    )
    reports, failed = [], False
    with Builder() as builder:
        for one in editions_of(replace(options, edition=edition)):
            result = builder.check(replace(options, edition=one))
            found = findings(result)
            title = f"{_shown(issue)}" + (f", edition {one}" if one else "") + f", {profile}"
            if found and out.is_terminal:
                out.print(table(found, title))
            elif found:  # a pipe or a log: one finding a line, whole
                for line in lines(found):
                    out.print(line, soft_wrap=True)
            out.print(Text(f"{title}: {summary(result)}", style="red" if result.errors else "green"))
            if result.typeset_summary:
                out.print(Text(result.typeset_summary))
            reports.append(as_json(result, one))
            failed = failed or bool(result.errors)
    if json_file is not None:
        write_atomic(
            json_file, json.dumps({"issue": str(issue), "profile": profile, "editions": reports}, indent=1).encode()
        )
    if failed:
        raise typer.Exit(1)


def _usage(option: str, message: str) -> NoReturn:
    err.print(Text.assemble(("error:", "red"), f" {option}: {message}"), soft_wrap=True)
    raise typer.Exit(1)


# Starting a magazine (init, new-issue, new-article) and --version: in cli_start.py.
app.callback()(cli_start.app_options)
for _name, _command in cli_start.COMMANDS.items():
    app.command(_name)(_command)


def main() -> None:
    """The command, with what no mistake of the user's explains said in a line or two and the rest in a
    log file (cli_start.crashed)."""
    try:
        app()
    except Exception as exc:  # typer has handled usage errors and exits; what is left is ours
        raise SystemExit(cli_start.crashed(exc)) from None
