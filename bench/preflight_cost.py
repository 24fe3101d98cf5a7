"""What the ink preflight costs in a build's check stage: every page of an issue walked, cold and warm.

    .venv/bin/python bench/preflight_cost.py [--runs 5] [--issue issues/example] [--edition en] [--profile print]

Builds the issue once in this process (parts come from a temporary cache), keeping what the check stage
is handed, then times the preflight of all its pages: cold (a fresh memo, as in a build's first round:
every page walked, every image's ink measured) and warm (the memo of the round before, as in watch and
the build server). Prints each run and the medians, and the whole check stage once for comparison.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--issue", type=Path, default=ROOT / "issues" / "example")
    parser.add_argument("--edition", default="en")
    parser.add_argument("--profile", default="print")
    args = parser.parse_args()
    os.environ["VIVIDPRINT_SERVER"] = "off"
    import vividprint.build as build
    from vividprint.check.pages import Memo, preflight_pages
    from vividprint.options import BuildOptions

    seen: dict[str, Any] = {}
    check = build.check

    def keep(*a: Any, **k: Any) -> Any:
        started = time.perf_counter()
        report = check(*a, **k)
        seen.update(args=a, kwargs=k, check=time.perf_counter() - started)
        return report

    build.check = keep  # type: ignore[assignment]
    work = Path(tempfile.mkdtemp(prefix="preflight-cost-"))
    options = BuildOptions(
        issue_dir=args.issue, out_dir=work / "out", profile=args.profile, edition=args.edition, cache_dir=work / "cache"
    )
    build.build(options)
    world, _, layout, plan, rendered, profile = seen["args"]
    pages = sum(job.page_count for job in plan.jobs)
    print(f"{args.issue.name}, {args.profile}: {pages} pages; the check stage took {seen['check']:.2f} s")
    cold, warm = [], []
    for run in range(args.runs):
        memo: Memo = {}
        started = time.perf_counter()
        result = preflight_pages(world, plan, rendered.parts, layout, profile, memo=memo)
        cold.append(time.perf_counter() - started)
        started = time.perf_counter()
        preflight_pages(world, plan, rendered.parts, layout, profile, memo=memo)
        warm.append(time.perf_counter() - started)
        print(f"run {run + 1}: cold {cold[-1]:.3f} s, warm {warm[-1]:.3f} s", flush=True)
    images = sum(len(page.images) for page in result.pages)
    print(
        f"median of {args.runs}: cold {statistics.median(cold):.3f} s ({images} images measured), "
        f"warm {statistics.median(warm):.3f} s"
    )


if __name__ == "__main__":
    main()
