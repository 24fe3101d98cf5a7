"""What vividprint's typesetting costs: builds with all of it and with none of it, interleaved in one run.

    .venv/bin/python bench/typesetting_cost.py [--runs 3] [--issue issues/example] [--audit]

"All" is a normal build: optimal line breaking, the baseline grid, fitting frames, every frame checked
and the typesetting report read back from each part. "Bare" is WeasyPrint's own work on the same HTML
(VIVIDPRINT_BARE=1, a switch for this benchmark), which also leaves the breaks to WeasyPrint. Each kind
makes a cold build (a fresh process without a build server, VIVIDPRINT_SERVER=off, into an empty cache)
and then a rebuild after one article was edited. Runs alternate all, bare, all, bare ... so that a
machine busy with other work slows both alike; what is timed is CPU seconds, the command's and its
workers', which other work on the machine hardly changes. Prints each run, the medians and all/bare
(target <= 1.15 for the cold build); with --audit, the typesetting audit of the last build of each kind.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KINDS = ("all", "bare")


def build(issue: Path, out: Path, cache: Path, kind: str) -> float:
    """The build's CPU time (user and system, of the command and its render workers): unlike its wall
    time, it hardly changes when other work shares the machine."""
    env = {**os.environ, "VIVIDPRINT_SERVER": "off", "VIVIDPRINT_BARE": "1" if kind == "bare" else ""}
    command = [str(Path(sys.executable).with_name("vividprint")), "build", str(issue), "--out", str(out)]
    command += ["--cache", str(cache), "--layouts", str(ROOT / "layouts")]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, env=env, check=True, capture_output=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def one_run(source: Path, work: Path, kind: str) -> tuple[float, float]:
    """A cold build of a fresh copy of the issue, then a rebuild after one article's first paragraph
    grew by a sentence."""
    issue, out, cache = work / kind / "issue", work / kind / "out", work / kind / "cache"
    shutil.rmtree(work / kind, ignore_errors=True)
    shutil.copytree(source, issue, ignore=shutil.ignore_patterns(".vividprint-cache"))
    cold = build(issue, out, cache, kind)
    article = sorted((issue / "articles").glob("*.md"))[0]
    text = article.read_text(encoding="utf-8")
    head, front, body = text.split("---", 2)
    first, rest = body.strip().split("\n\n", 1) if "\n\n" in body.strip() else (body.strip(), "")
    article.write_text(f"{head}---{front}---\n{first} One more sentence.\n\n{rest}", encoding="utf-8")
    return cold, build(issue, out, cache, kind)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--issue", type=Path, default=ROOT / "issues" / "example")
    parser.add_argument("--audit", action="store_true", help="audit the last build of each kind")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="typesetting-cost-"))
    cold: dict[str, list[float]] = {kind: [] for kind in KINDS}
    again: dict[str, list[float]] = {kind: [] for kind in KINDS}
    for run in range(args.runs):
        for kind in KINDS:
            first, second = one_run(args.issue, work, kind)
            cold[kind].append(first)
            again[kind].append(second)
        print(
            f"run {run + 1} (CPU s): cold all {cold['all'][-1]:.2f}, bare {cold['bare'][-1]:.2f}; "
            f"one article all {again['all'][-1]:.2f}, bare {again['bare'][-1]:.2f}",
            flush=True,
        )
    c_all, c_bare = statistics.median(cold["all"]), statistics.median(cold["bare"])
    a_all, a_bare = statistics.median(again["all"]), statistics.median(again["bare"])
    print(f"median of {args.runs}, CPU s: cold all {c_all:.2f}, bare {c_bare:.2f}, all/bare = {c_all / c_bare:.3f}")
    print(f"  one-article rebuild: all {a_all:.2f}, bare {a_bare:.2f}, all/bare = {a_all / a_bare:.3f}")
    if args.audit:
        pdfs = [str(p) for kind in KINDS for p in sorted((work / kind / "out").glob("*.pdf"))]
        subprocess.run([sys.executable, str(ROOT / "bench" / "audit.py"), *pdfs], check=True)
    for kind in KINDS:
        shutil.rmtree(work / kind / "cache", ignore_errors=True)
    print(f"PDFs in {work}")


if __name__ == "__main__":
    main()
