"""What optimal line breaking costs: cold builds of an issue with the breaker on and off, interleaved.

    .venv/bin/python bench/linebreak_cost.py [--runs 3] [--issue issues/example] [--audit]

Each build runs in a fresh process without a build server (VIVIDPRINT_SERVER=off) into an empty cache,
so every slot is laid out; "off" is VIVIDPRINT_LINEBREAK=greedy. Runs alternate on, off, on, off ... so
that a machine busy with other work slows both alike. Prints each run, the medians and on/off (target
<= 1.15); with --audit, the typesetting audit of the last build of each kind.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def build(issue: Path, work: Path, optimal: bool) -> float:
    out, cache = work / ("on" if optimal else "off"), work / "cache"
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(cache, ignore_errors=True)
    env = {**os.environ, "VIVIDPRINT_SERVER": "off", "VIVIDPRINT_LINEBREAK": "optimal" if optimal else "greedy"}
    command = [str(Path(sys.executable).with_name("vividprint")), "build", str(issue), "--out", str(out)]
    started = time.perf_counter()
    subprocess.run([*command, "--cache", str(cache)], env=env, check=True, capture_output=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--issue", type=Path, default=ROOT / "issues" / "example")
    parser.add_argument("--audit", action="store_true", help="audit the last build of each kind")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="linebreak-cost-"))
    times: dict[bool, list[float]] = {True: [], False: []}
    for run in range(args.runs):
        for optimal in (True, False):
            times[optimal].append(build(args.issue, work, optimal))
        print(f"run {run + 1}: on {times[True][-1]:.2f} s, off {times[False][-1]:.2f} s", flush=True)
    on, off = statistics.median(times[True]), statistics.median(times[False])
    print(f"median of {args.runs}: on {on:.2f} s, off {off:.2f} s, on/off = {on / off:.3f}   (target <= 1.15)")
    if args.audit:
        pdfs = [str(p) for kind in ("off", "on") for p in sorted((work / kind).glob("*.pdf"))]
        subprocess.run([sys.executable, str(ROOT / "bench" / "audit.py"), *pdfs], check=True)
    shutil.rmtree(work / "cache", ignore_errors=True)
    print(f"PDFs in {work}")


if __name__ == "__main__":
    main()
