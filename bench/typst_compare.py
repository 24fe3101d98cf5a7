"""vividprint and Typst side by side: the benchmark's body text set by both, measured by the same audit.

    .venv/bin/python bench/typst_compare.py [--articles N] [--keep DIR]

The text is the body of the benchmark issue's articles (bench/run.py writes them; headings are left
out), English and German. Both engines set it in one column of the feature template's measure (56 mm),
Noto Serif 9 pt on 12.4 pt, paragraphs indented 1 em, hyphenated in the article's language:

- vividprint: WeasyPrint with vividprint's line breaker and the vivid layout's `[typesetting]`;
- Typst (the `typst` package, `pip install '.[bench]'`): `par(justify: true, linebreaks: "optimized")`
  and `text(lang: ..., hyphenate: true)`, with Typst's own justification limits.

Each PDF goes through engine/audit.py's audit; one table gives both engines' shares per language.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import tempfile
import tomllib
from pathlib import Path

import typst
from weasyprint import HTML

import run  # bench/run.py: the benchmark issue
from vividprint.engine import linebreak
from vividprint.engine.audit import audit
from vividprint.inputs.layout import TypesettingSettings

ROOT = Path(__file__).resolve().parent.parent
FONTS = ROOT / "fonts" / "noto-serif"
MEASURE_MM = 56.0  # one of the feature template's three columns (layouts/vivid/css/10-page.css)
PAGE = (MEASURE_MM + 20, 297.0)  # mm: the measure and 10 mm on each side
LANGUAGES = {"en": ("en", None), "de-DE": ("de", "DE")}
# Typst hyphenates "en" with the US patterns; pyphen reads a bare "en" as British, whose patterns break
# fewer words ("handles" not at all). vividprint's English is set as en-US, the same patterns, and as "en"
# too, to show what the dictionary alone changes.
VIVIDPRINT_TAGS = {"en": ("en-US", "en"), "de-DE": ("de-DE",)}


def paragraphs(limit: int | None) -> dict[str, list[str]]:
    """The benchmark articles' paragraphs by language, headings left out."""
    run.make_issue()
    found: dict[str, list[str]] = {lang: [] for lang in LANGUAGES}
    articles = sorted((run.ISSUE / "articles").glob("*.md"))[:limit]
    for path in articles:
        _, front, body = path.read_text(encoding="utf-8").split("---", 2)
        lang = re.search(r"^language: (\S+)", front, re.M)
        assert lang is not None
        found[lang.group(1)] += [p.strip() for p in body.split("\n\n") if p.strip() and not p.startswith("#")]
    return found


def vividprint_pdf(texts: list[str], lang: str, path: Path) -> None:
    regular = (FONTS / "NotoSerif-Regular.ttf").as_uri()
    body = "".join(f"<p>{html.escape(text)}</p>" for text in texts)
    document = HTML(
        string=f"""<html lang="{lang}"><style>
      @font-face {{ font-family: Body; src: url({regular}); }}
      @page {{ size: {PAGE[0]}mm {PAGE[1]}mm; margin: 10mm; }}
      body {{ font: 9pt/12.4pt Body; margin: 0; hyphens: auto; font-kerning: normal; }}
      p {{ margin: 0; text-align: justify; text-indent: 1em; }}
      p:first-child {{ text-indent: 0; }}
    </style><body>{body}</body></html>"""
    )
    layout = tomllib.loads((ROOT / "layouts" / "vivid" / "layout.toml").read_text(encoding="utf-8"))
    spec = TypesettingSettings.model_validate(layout.get("typesetting", {}))
    chosen = linebreak.settings_for(spec.key(), document.etree_element)
    linebreak.use(True, chosen)
    try:
        document.write_pdf(path)
    finally:
        linebreak.use(False)
        linebreak.reset()


def typst_pdf(texts: list[str], lang: str, path: Path) -> None:
    language, region = LANGUAGES[lang]
    region_arg = f', region: "{region}"' if region else ""
    body = "\n\n".join(_typst_escape(text) for text in texts)
    # Lines 12.4 pt apart: each line is 9 pt from its top edge to the baseline, then 3.4 pt of leading.
    # No hanging punctuation, as in vividprint: the audit finds a justified line by its edge.
    source = f"""#set page(width: {PAGE[0]}mm, height: {PAGE[1]}mm, margin: 10mm)
#set text(font: "Noto Serif", size: 9pt, lang: "{language}"{region_arg}, hyphenate: true,
  top-edge: 9pt, bottom-edge: 0pt, overhang: false)
#set par(justify: true, linebreaks: "optimized", leading: 3.4pt, spacing: 3.4pt, first-line-indent: 1em)
{body}
"""
    source_path = path.with_suffix(".typ")
    source_path.write_text(source, encoding="utf-8")
    typst.compile(str(source_path), output=str(path), font_paths=[str(FONTS)])


def _typst_escape(text: str) -> str:
    return re.sub(r"([\\#$*_`<>@\[\]~/=-])", r"\\\1", text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=None, help="only the first N articles")
    parser.add_argument("--keep", type=Path, default=None, help="keep the PDFs in this folder")
    args = parser.parse_args()
    texts = paragraphs(args.articles)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="typst-compare-"))
    folder.mkdir(parents=True, exist_ok=True)
    rows = []
    for lang, paras in texts.items():
        for tag in VIVIDPRINT_TAGS[lang]:
            pdf = folder / f"vividprint-{tag}.pdf"
            vividprint_pdf(paras, tag, pdf)
            rows.append((tag, "vividprint", audit([pdf], 9.0).summary()))
        pdf = folder / f"typst-{lang}.pdf"
        typst_pdf(paras, lang, pdf)
        rows.append((lang, "Typst", audit([pdf], 9.0).summary()))
    print(f"{len(texts['en'])} English and {len(texts['de-DE'])} German paragraphs, {MEASURE_MM:g} mm measure")
    header = ("lang", "engine", "justified", "> 0.5 em", "> 0.75 em", "> 1.0 em", "median", "3+ hyphens", "runts")
    print("  ".join(f"{h:>10}" for h in header))
    for lang, engine, s in rows:
        cells = (
            lang, engine, s["justified_lines"], f"{s['over_0.5em']:.1%}", f"{s['over_0.75em']:.1%}",
            f"{s['over_1.0em']:.1%}", f"{s['median_gap_em']:.3f}", s["hyphen_runs_3plus"], s["runts"],
        )  # fmt: skip
        print("  ".join(f"{c:>10}" for c in cells))
    if args.keep is None:
        print(f"PDFs in {folder}")
    (folder / "summary.json").write_text(json.dumps([[lang, e, s] for lang, e, s in rows], indent=1))


if __name__ == "__main__":
    main()
