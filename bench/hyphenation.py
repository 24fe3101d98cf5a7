"""The two ways to give WeasyPrint house hyphenation, measured in one run on German text:

  soft    soft hyphens put into the text before rendering (`Hyphenator.soft_hyphenate`), `hyphens: manual`
  custom  the house rules installed as pyphen's dictionary (`Hyphenator.install`), `hyphens: auto`

Both apply the same rules (de-DE patterns, the layout's house list, no breaks in capitals or
digits, words of 5+ letters, 2 letters either side), so their line breaks can be compared. Prints
words per second of hyphenation (render time with it minus render time without) and whether the
two PDFs break the same lines.

    .venv/bin/python bench/hyphenation.py [--runs 3]
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import pyphen
from weasyprint import HTML

from vividprint.inputs.load import split_front_matter
from vividprint.text.hyphenation import Hyphenator, dictionary_path, parse_exceptions, preload
from vividprint.text.markdown import TextRules, render_body

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = ["unterbilk.md", "interview.de.md", "asia-rhine.de.md", "logistics.de.md"]
CSS = """@page { size: A4; margin: 20mm }
body { columns: 3; column-gap: 5mm; font: 9pt/12pt serif; text-align: justify }
p { margin: 0; hyphenate-limit-chars: 5 2 2 } .vp-keep { hyphens: manual }"""


def german_text() -> str:
    bodies = []
    for name in ARTICLES:
        split = split_front_matter((ROOT / "issues/example/articles" / name).read_text(encoding="utf-8"))
        assert split is not None
        bodies.append(split[1])
    return "\n\n".join(bodies)


def html(body_html: str, hyphens: str) -> str:
    return f'<html lang="de-DE"><style>{CSS} p {{ hyphens: {hyphens} }}</style><body>{body_html}</body></html>'


def render(document: str) -> tuple[float, bytes]:
    started = time.perf_counter()
    pdf = HTML(string=document).write_pdf()
    return time.perf_counter() - started, pdf


def lines(pdf: bytes) -> list[str]:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as fh:
        fh.write(pdf)
        fh.flush()
        out = subprocess.run(["pdftotext", "-raw", fh.name, "-"], capture_output=True, text=True, check=True)
    return out.stdout.replace("\u00ad", "").splitlines()


def soft_hyphenated(body_html: str, hyphenator: Hyphenator) -> str:
    """Soft hyphens in the paragraphs' text, as the custom dictionary hyphenates only paragraphs too."""
    out, in_paragraph = [], False
    for part in re.split(r"(<[^>]+>)", body_html):
        if part.startswith("<"):
            in_paragraph = part.startswith("<p") or (in_paragraph and not part.startswith("</p"))
            out.append(part)
        else:
            out.append(hyphenator.soft_hyphenate(part) if in_paragraph else part)
    return "".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    text = german_text()
    words = len(text.split())
    plain = render_body(text, TextRules("de-DE")).html
    path = dictionary_path("de-DE")
    assert path is not None
    preload(["de-DE"])
    pyphen.Pyphen(filename=path)  # both paths start with the dictionary parsed
    render(html(plain, "none"))  # warm fonts and Pango

    house = parse_exceptions((ROOT / "layouts/vivid/hyphenation/de-DE.txt").read_text(encoding="utf-8"), "de-DE")
    hyphenator = Hyphenator("de-DE", house, min_word=5, left=2, right=2)
    hyphenator.install()
    custom = render_body(text, TextRules("de-DE", hyphenator)).html  # URLs and compounds marked to keep
    results: dict[str, list[float]] = {"none": [], "auto": [], "soft": [], "insert": []}
    for _ in range(args.runs):
        results["none"].append(render(html(plain, "none"))[0])
        seconds, auto_pdf = render(html(custom, "auto"))
        results["auto"].append(seconds)
        started = time.perf_counter()
        fresh = Hyphenator("de-DE", house, min_word=5, left=2, right=2)  # its word cache starts empty
        soft = "".join(
            fresh.soft_hyphenate(part) if not part.startswith("<") else part for part in re.split(r"(<[^>]+>)", plain)
        )
        results["insert"].append(time.perf_counter() - started)
        seconds, soft_pdf = render(html(soft, "manual"))
        results["soft"].append(seconds)
    median = {k: statistics.median(v) for k, v in results.items()}
    auto_cost = median["auto"] - median["none"]
    soft_cost = median["soft"] - median["none"] + median["insert"]
    custom_lines, soft_lines = lines(auto_pdf), lines(soft_pdf)
    differ = sum(a != b for a, b in zip(custom_lines, soft_lines, strict=False))
    same = custom_lines == soft_lines
    print(f"{words} German words, {args.runs} runs, medians")
    print(f"render, no hyphenation       {median['none']:.3f} s")
    print(f"render, custom dictionary    {median['auto']:.3f} s   hyphenation {auto_cost:.3f} s")
    print(f"insert soft hyphens          {median['insert']:.3f} s   ({words / median['insert']:,.0f} words/s)")
    print(f"render, soft hyphens         {median['soft']:.3f} s   hyphenation {soft_cost:.3f} s")
    print(f"words/s  custom dictionary: {words / auto_cost:,.0f}   soft hyphens: {words / soft_cost:,.0f}")
    print(f"same line breaks: {same} ({differ} of {len(custom_lines)} lines differ)")


if __name__ == "__main__":
    main()
