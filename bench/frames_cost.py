"""What checking every frame and reading the set lines back costs: per slot of an issue, the layout and
PDF writing WeasyPrint does, the frame analysis vividprint adds (text off the page, clipped, too wide,
hidden, not set) and the typesetting report's reading of the part's PDF (loose and tight lines, stacks,
widows, runts), in one run.

    .venv/bin/python bench/frames_cost.py [--issue issues/example] [--runs 3]

Every slot is laid out in this process with the same stylesheets and fetcher the build uses; each step is
timed on its own, so the ratio needs no second build. Prints the medians over the runs and
(render + analysis) / render, the factor a cold build pays for the analysis (target <= 1.15 with the
other typesetting work).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from weasyprint import CSS, HTML

from vividprint.engine import render as engine
from vividprint.engine.frames import frame_findings, paint_order, unset_text
from vividprint.engine.setting import body_size, set_lines
from vividprint.inputs.files import World
from vividprint.inputs.load import load
from vividprint.plan import make_plan
from vividprint.plan.css import slot_css
from vividprint.profiles import get_profile
from vividprint.text.hyphenation import install

ROOT = Path(__file__).resolve().parent.parent


def one_run(issue_dir: Path, cache: Path) -> tuple[float, float, float]:
    world = World.open(issue_dir, ROOT / "layouts")
    issue, layout = load(world)
    plan = make_plan(world, issue, layout, get_profile("proof"), cache)
    install(plan.hyphenation)
    rendering = analysis = report = 0.0
    for job in plan.renders:
        fonts, page, profiles = engine._page_css(job.page_css, job.folders)
        sheets = [page, *(engine._stylesheet(job, path, fonts) for path in job.stylesheets)]
        sheets.append(CSS(string=slot_css(job.first_folio, job.side), font_config=fonts))
        fetcher = engine.Fetcher(job.folders, {image.url: image.path for image in job.images})
        started = time.perf_counter()
        html = HTML(string=job.html, base_url=job.base_url, url_fetcher=fetcher)
        document = html.render(stylesheets=sheets, font_config=fonts, color_profiles=profiles)
        with paint_order() as order:
            pdf = document.write_pdf()
        laid = time.perf_counter()
        frame_findings(document, order, job.pages)
        unset_text(html.etree_element, document)
        framed = time.perf_counter()
        set_lines(pdf, body_size(document), layout.typesetting)
        rendering += laid - started
        analysis += framed - laid
        report += time.perf_counter() - framed
    return rendering, analysis, report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--issue", type=Path, default=ROOT / "issues" / "example")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    cache = Path(tempfile.mkdtemp(prefix="frames-cost-"))
    runs = []
    for run in range(args.runs):
        rendering, analysis, report = one_run(args.issue, cache)
        runs.append((rendering, analysis, report))
        print(
            f"run {run + 1}: render {rendering:.2f} s, frame analysis {analysis:.3f} s, "
            f"typesetting report {report:.3f} s",
            flush=True,
        )
    rendering = statistics.median(r for r, _, _ in runs)
    analysis = statistics.median(a for _, a, _ in runs)
    report = statistics.median(t for _, _, t in runs)
    print(
        f"median: render {rendering:.2f} s, frames {analysis:.3f} s, report {report:.3f} s; "
        f"(render + frames) / render = {(rendering + analysis) / rendering:.3f}, "
        f"(render + frames + report) / render = {(rendering + analysis + report) / rendering:.3f}"
    )


if __name__ == "__main__":
    main()
