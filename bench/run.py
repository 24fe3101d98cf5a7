"""Benchmark of the flatplan engine against one WeasyPrint document of the same pages.

Generates a 64-page issue (12 articles, 24 images, two-column hyphenated text in English and German)
under bench/work/, then measures in this one run, each in a fresh process, the median of --runs runs:

  a  the issue's HTML as a single WeasyPrint document (the baseline)
  b  vividprint cold build (empty cache, no build server running: the build starts one)
  c  rebuild after one article's text changed (handed to the build server b started)
  d  rebuild with nothing changed (likewise)
  l  c without a build server (VIVIDPRINT_SERVER=off): the build warms its own workers
  w  rebuild after one article's text changed, in a running `vividprint watch` (its workers already up
     and used: timed is the second edit after it started)

Each build is timed as `vividprint build` runs it, from handing over the options to the result; the
imports before are not. It prints the times, the ratios b/a, c/b, d/b, l/b, w/b and the peak memory of
the largest process, build server and render workers included.

    .venv/bin/python bench/run.py [--runs 3] [--jobs N]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORK = HERE / "work"
ISSUE = WORK / "issue"

EN = [
    "The container terminal now handles twice the volume it did a decade ago.",
    "Most of the new tenants in the old warehouses work in software, design or consulting.",
    "Rents along the harbour basin have risen, but slower than in the city centre.",
    "The municipal development agency expects another four hundred jobs by next autumn.",
    "Several founders said the airport's connections to Asia decided the location.",
    "A second bridge for cyclists and pedestrians is planned for the northern quay.",
    "Logistics companies are investing in electric lorries for the last mile.",
    "Trade fair visitors spend an average of three nights in the city's hotels.",
]
DE = [
    "Die Wirtschaftsförderung rechnet bis zum Herbst mit vierhundert zusätzlichen Arbeitsplätzen.",
    "Immobilienprojektentwickler setzen auf Gewerbeflächenentwicklung entlang des Hafenbeckens.",
    "Die Stadtentwicklungsgesellschaft verhandelt mit der Denkmalschutzbehörde über die Speicherhallen.",
    "Nachbarschaftsinitiativen fordern mehr Grünflächen und bezahlbare Wohnungen im Quartier.",
    "Viele Gründerinnen und Gründer schätzen die Nähe zum Flughafen und zu den Messehallen.",
    "Der Einzelhandel in der Innenstadt profitiert von Geschäftsreisenden aus aller Welt.",
]
PLAN = [(5, "en"), (5, "de-DE"), (6, "en"), (5, "en"), (5, "de-DE"), (6, "en"),
        (5, "en"), (5, "de-DE"), (6, "en"), (5, "en"), (6, "de-DE"), (5, "en")]  # fmt: skip


def make_issue() -> None:
    """Write the benchmark issue (deterministic) into bench/work/issue."""
    if ISSUE.exists():
        shutil.rmtree(ISSUE)
    rng = random.Random(64)
    (ISSUE / "images").mkdir(parents=True)
    (ISSUE / "articles").mkdir()
    for i in range(24):
        photo(ISSUE / "images" / f"photo-{i:02d}.jpg", rng)
    slots = []
    for n, (pages, lang) in enumerate(PLAN):
        pool = DE if lang == "de-DE" else EN
        words_per_page = 700
        paragraphs = []
        words = 0
        while words < pages * words_per_page - 500:
            para = " ".join(rng.choice(pool) for _ in range(rng.randint(4, 8)))
            paragraphs.append(para)
            words += len(para.split())
            if len(paragraphs) % 6 == 0:
                paragraphs.append("## " + rng.choice(pool).split()[1].capitalize())
        front = [
            "---",
            f"title: Benchmark article {n + 1}",
            "kicker: Economy",
            "lead: A generated article that fills its pages with two columns of hyphenated text.",
            "author: Bench Writer",
            f"language: {lang}",
            "images:",
            f"  - src: images/photo-{2 * n:02d}.jpg",
            "    role: hero",
            "    caption: A generated photo.",
            f"  - src: images/photo-{2 * n + 1:02d}.jpg",
            "    role: inline",
            "    caption: Another generated photo.",
            "---",
        ]
        (ISSUE / "articles" / f"a{n:02d}.md").write_text("\n".join(front) + "\n" + "\n\n".join(paragraphs) + "\n")
        slots.append(f'[[flatplan]]\narticle = "articles/a{n:02d}.md"\ntemplate = "feature"\npages = {pages}\n')
    manifest = (
        '[issue]\nmagazine = "BENCH"\nnumber = "1/2026"\ndate = 2026-01-01\nlayout = "vivid"\n\n'
        '[format]\nbinding = "saddle-stitch"\n\n' + "\n".join(slots)
    )
    (ISSUE / "issue.toml").write_text(manifest)


def photo(path: Path, rng: random.Random) -> None:
    size = (1600, 1100)
    im = Image.linear_gradient("L").rotate(rng.choice([0, 90, 180, 270])).resize(size).convert("RGB")
    draw = ImageDraw.Draw(im)
    for _ in range(12):
        x, y = rng.randrange(size[0]), rng.randrange(size[1])
        r = rng.randint(40, 260)
        draw.ellipse([x - r, y - r, x + r, y + r], fill=tuple(rng.randrange(256) for _ in range(3)))
    im.filter(ImageFilter.GaussianBlur(6)).save(path, "JPEG", quality=85)


# ---- measurements, each run in a child process so its memory is its own ----------------------


def measure_single() -> None:
    """(a) Every slot's HTML as sections of one document, with the same stylesheets."""
    import re

    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    from vividprint.engine.render import Fetcher
    from vividprint.inputs.files import World
    from vividprint.inputs.load import load
    from vividprint.plan import make_plan
    from vividprint.profiles import get_profile

    world = World.open(ISSUE, ROOT / "layouts")
    issue, layout = load(world)
    plan = make_plan(world, issue, layout, get_profile("proof"), WORK / "single-cache")
    jobs = list(plan.renders)
    sections = []
    for job in jobs:
        body = re.search(r"<body([^>]*)>(.*)</body>", job.html, re.S)
        assert body is not None
        sections.append(
            f'<section lang="{job.language}" {body.group(1)} style="break-before: page">{body.group(2)}</section>'
        )
    html = f"<!DOCTYPE html><html lang='en'><body>{''.join(sections)}</body></html>"
    started = time.perf_counter()
    fonts = FontConfiguration()
    sheets = [CSS(string=jobs[0].page_css, font_config=fonts)]
    sheets += [CSS(filename=str(p), font_config=fonts) for p in jobs[0].stylesheets]
    # The same prepared images as the build's slots: the baseline embeds what they embed.
    fetcher = Fetcher(jobs[0].folders, {image.url: image.path for job in jobs for image in job.images})
    document = HTML(string=html, base_url=jobs[0].base_url, url_fetcher=fetcher).render(
        stylesheets=sheets, font_config=fonts
    )
    document.write_pdf()
    report(time.perf_counter() - started, pages=len(document.pages))


def measure_build(jobs: int | None) -> None:
    from vividprint import server
    from vividprint.build import BuildOptions

    options = BuildOptions(
        issue_dir=ISSUE, out_dir=WORK / "out", layouts_dir=ROOT / "layouts", cache_dir=WORK / "cache",
        jobs=jobs, allow_overset=True,
    )  # fmt: skip
    started = time.perf_counter()
    with server.builder() as builder:  # as the command does
        result = builder.build(options)
    seconds = time.perf_counter() - started
    served = server.connect()
    peak = 0.0
    if served is not None:
        with server.RemoteBuilder(served) as remote:
            peak = remote.status().peak_mb
    report(seconds, pages=result.page_count, rendered=len(result.rendered), server_peak_mb=peak)


def measure_watch(jobs: int | None) -> None:
    from vividprint.build import Builder, BuildOptions

    options = BuildOptions(
        issue_dir=ISSUE, out_dir=WORK / "out", layouts_dir=ROOT / "layouts", cache_dir=WORK / "cache",
        jobs=jobs, allow_overset=True,
    )  # fmt: skip
    with Builder() as builder:
        builder.build(options)
        edit_one_article()
        builder.build(options)
        edit_one_article()
        started = time.perf_counter()
        result = builder.build(options)
        report(time.perf_counter() - started, pages=result.page_count, rendered=len(result.rendered))


def report(seconds: float, server_peak_mb: float = 0.0, **facts: int) -> None:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(json.dumps({"seconds": seconds, "peak_mb": max(own / 1024, children / 1024, server_peak_mb), **facts}))


def child(*args: str, server: bool = True) -> dict[str, float]:
    env = {**os.environ, "VIVIDPRINT_SERVER": "on" if server else "off"}
    command = [sys.executable, __file__, *args]
    out = subprocess.run(command, capture_output=True, text=True, check=True, env=env).stdout
    return json.loads(out.strip().splitlines()[-1])


def stop_server() -> None:
    from vividprint import server

    if (conn := server.connect()) is not None:
        with server.RemoteBuilder(conn) as remote:
            remote.stop()


def edit_one_article() -> None:
    path = ISSUE / "articles" / "a03.md"
    path.write_text(path.read_text() + f"\n\nEdited at {time.time_ns()}.\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--measure", choices=["single", "build", "watch"])
    args = parser.parse_args()
    if args.measure == "single":
        return measure_single()
    if args.measure == "build":
        return measure_build(args.jobs)
    if args.measure == "watch":
        return measure_watch(args.jobs)

    make_issue()
    jobs = ["--jobs", str(args.jobs)] if args.jobs else []
    names = {
        "a": "single WeasyPrint document",
        "b": "vividprint cold build",
        "c": "rebuild, one article edited",
        "d": "rebuild, nothing changed",
        "l": "c without a build server",
        "w": "rebuild, one article, in watch",
    }
    results: dict[str, list[dict[str, float]]] = {key: [] for key in names}
    try:
        for run in range(args.runs):
            stop_server()
            shutil.rmtree(WORK / "cache", ignore_errors=True)
            results["a"].append(child("--measure", "single"))
            results["b"].append(child("--measure", "build", *jobs))
            edit_one_article()
            results["c"].append(child("--measure", "build", *jobs))
            results["d"].append(child("--measure", "build", *jobs))
            edit_one_article()
            results["l"].append(child("--measure", "build", *jobs, server=False))
            results["w"].append(child("--measure", "watch", *jobs, server=False))
            times = ", ".join(f"{k} {v[-1]['seconds']:.2f} s" for k, v in results.items())
            print(f"run {run + 1}: {times}", flush=True)
    finally:
        stop_server()
    median = {k: statistics.median(r["seconds"] for r in v) for k, v in results.items()}
    peak = max(r["peak_mb"] for v in results.values() for r in v)
    print(f"\npages: {int(results['b'][0]['pages'])}, runs: {args.runs}, cores: {os.cpu_count()}")
    for key, name in names.items():
        extra = f"  ({int(results[key][0]['rendered'])} slots rendered)" if key != "a" else ""
        print(f"{key}  {name:<30} {median[key]:7.2f} s{extra}")
    print(f"\nb/a = {median['b'] / median['a']:.3f}   (target <= 0.60)")
    print(f"c/b = {median['c'] / median['b']:.3f}   (target <= 0.15)")
    print(f"d/b = {median['d'] / median['b']:.3f}   (target <= 0.05)")
    print(f"l/b = {median['l'] / median['b']:.3f}   (c without a server)")
    print(f"w/b = {median['w'] / median['b']:.3f}   (c in a running watch)")
    print(f"peak memory of any process: {peak:.0f} MB   (target <= 400)")


if __name__ == "__main__":
    main()
