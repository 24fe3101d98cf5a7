"""The typesetting targets on real WeasyPrint renders, measured from the PDF by the audit: optimal
breaking against greedy in English and German, a widow and a runt avoided, no stack of three hyphens,
and a balanced headline."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from weasyprint import HTML

from vividprint.engine import linebreak
from vividprint.engine.audit import audit

ROOT = Path(__file__).resolve().parents[1]
FONT = (ROOT / "fonts" / "noto-serif" / "NotoSerif-Regular.ttf").as_uri()
PITCH_PT = 12.4
TEXTS = {
    "en": "The harbour office opened its doors at seven, and by eight the first delegations from Osaka and "
    "Seoul were queuing for coffee. Trade in the city has always followed the river, but the new tenants of "
    "the old warehouses measure distance in flight hours rather than barge days. Nobody here remembers the "
    "name of the company that built the quay walls, yet everybody knows the internationalisation strategy. ",
    "de": "Die Wirtschaftsförderung rechnet bis zum Herbst mit vierhundert zusätzlichen Arbeitsplätzen. "
    "Immobilienprojektentwickler setzen auf Gewerbeflächenentwicklung entlang des Hafenbeckens. Die "
    "Stadtentwicklungsgesellschaft verhandelt mit der Denkmalschutzbehörde über die Speicherhallen. ",
}


@pytest.fixture(autouse=True)
def greedy_after() -> Iterator[None]:
    yield
    linebreak.use(False)
    linebreak.reset()


def render(
    path: Path, body: str, optimal: bool, lang: str = "en", lines: int = 60, css: str = "", **typesetting
) -> Path:
    """`body` in one 56 mm column of Noto Serif 9/12.4 pt, `lines` lines to a page."""
    html = HTML(
        string=f"""<html lang="{lang}"><style>
      @font-face {{ font-family: Body; src: url({FONT}); }}
      @page {{ size: 76mm {lines * PITCH_PT + 0.5}pt; margin: 0 10mm; }}
      body {{ font: 9pt/{PITCH_PT}pt Body; margin: 0; hyphens: auto; orphans: 2; widows: 2; }}
      p {{ margin: 0; text-align: justify; text-indent: 1em; }}
      h1 {{ font: 20pt/24pt Body; margin: 0; hyphens: manual; text-align: left; }}
      {css}
    </style><body>{body}</body></html>"""
    )
    chosen = linebreak.settings_for(json.dumps(typesetting), html.etree_element)
    linebreak.use(optimal, chosen)
    html.write_pdf(path)
    linebreak.reset()
    return path


def _words(pdf: Path, size: float = 9.0) -> list[str]:
    text = ""
    for line in audit([pdf], size).lines:
        text += line.text[:-1] if line.hyphenated else line.text + " "
    return text.split()


@pytest.mark.parametrize("lang", ["en", "de"])
def test_optimal_breaking_sets_tighter_lines_than_greedy(tmp_path: Path, lang: str) -> None:
    body = f"<p>{TEXTS[lang] * 3}</p><p>{TEXTS[lang] * 2}</p>"
    greedy = render(tmp_path / "greedy.pdf", body, optimal=False, lang=lang)
    optimal = render(tmp_path / "optimal.pdf", body, optimal=True, lang=lang)
    before, after = audit([greedy], 9.0), audit([optimal], 9.0)
    assert len(after.justified) >= len(after.lines) - 3  # planned lines reach the column's edge
    assert after.share_over(0.75) < before.share_over(0.75)
    assert after.median_gap < before.median_gap
    assert after.median_gap <= 0.40
    assert _words(optimal) == _words(greedy)


def test_no_stack_of_three_hyphens(tmp_path: Path) -> None:
    body = f"<p>{TEXTS['de'] * 6}</p>"
    greedy = audit([render(tmp_path / "greedy.pdf", body, optimal=False, lang="de")], 9.0)
    optimal = audit([render(tmp_path / "optimal.pdf", body, optimal=True, lang="de")], 9.0)
    assert greedy.hyphen_runs(3)  # the text does stack hyphens when set line by line
    assert optimal.hyphen_runs(3) == []
    assert optimal.fragment_lines() == []


RUNT = (
    "Trade fair visitors spend an average of three nights in the city's hotels, and most of them come back "
    "within two years. Logistics companies are investing in electric lorries for the last mile. It works."
)


def test_a_runt_is_avoided(tmp_path: Path) -> None:
    loose = audit([render(tmp_path / "any.pdf", f"<p>{RUNT}</p>", optimal=True, min_last_line=0)], 9.0)
    assert [line.text for line in loose.runts(5)] == ["It works."]
    kept = audit([render(tmp_path / "kept.pdf", f"<p>{RUNT}</p>", optimal=True, min_last_line=5)], 9.0)
    assert kept.runts(5) == []
    assert (kept.lines[-1].right - kept.lines[-1].left) / 9 >= 5


def test_a_widow_is_avoided(tmp_path: Path) -> None:
    body = f"<p>{TEXTS['en'] * 2}</p><p>{TEXTS['en']}</p>"
    lines = len(audit([render(tmp_path / "tall.pdf", body, optimal=True)], 9.0).lines)
    # One line fewer to the page than the text has: the last line alone would open the second page.
    widowed = audit([render(tmp_path / "w1.pdf", body, optimal=True, lines=lines - 1, css="p { widows: 1 }")], 9.0)
    assert [line.page for line in widowed.widows()] == [1]
    kept = audit([render(tmp_path / "w2.pdf", body, optimal=True, lines=lines - 1)], 9.0)
    assert kept.widows() == [] and kept.orphans() == []
    assert {line.page for line in kept.lines} == {0, 1}
    assert sum(1 for line in kept.lines if line.page == 1) == 2


HEADLINE = "Where the workshops never left the city"


def test_a_balanced_headline_has_no_word_alone_and_even_lines(tmp_path: Path) -> None:
    body = f"<h1>{HEADLINE}</h1>"
    filled = audit([render(tmp_path / "filled.pdf", body, optimal=True)], 20.0).lines
    balanced = audit([render(tmp_path / "balanced.pdf", body, optimal=True, balance=["h1"])], 20.0).lines
    assert filled[-1].words == ["city"]  # filled line by line, the last word stands alone
    assert len(balanced) == len(filled)
    assert len(balanced[-1].words) >= 2

    def spread(lines: list) -> float:
        widths = [line.right - line.left for line in lines]
        return max(widths) - min(widths)

    assert spread(balanced) < spread(filled) / 2
    assert " ".join(line.text for line in balanced).split() == HEADLINE.split()


DROP_CAP = """.initial { float: left; font: 700 43.7pt/35pt Body; margin: 0 1.5mm 0 -0.3mm; }
  .leadin { font-variant-caps: all-small-caps; letter-spacing: 0.06em; }"""


@pytest.mark.parametrize("lang", ["en", "de"])
def test_a_paragraph_beside_a_drop_cap_is_set_optimally_around_it(tmp_path: Path, lang: str) -> None:
    lead = {"en": "The harbour office", "de": "Die Wirtschaftsförderung rechnet"}[lang]
    rest = TEXTS[lang][len(lead) + 1 :]
    body = (
        f"<p style='text-indent: 0'><span class='initial'>{lead[0]}</span><span class='leadin'>{lead[1:]}"
        f"</span> {rest * 3}</p>"
    )
    greedy = audit([render(tmp_path / "greedy.pdf", body, optimal=False, lang=lang, css=DROP_CAP)], 9.0)
    optimal = audit([render(tmp_path / "optimal.pdf", body, optimal=True, lang=lang, css=DROP_CAP)], 9.0)
    if lang == "en":
        assert optimal.share_over(0.75) < greedy.share_over(0.75)
        assert optimal.median_gap < greedy.median_gap
    else:  # German compounds in 56 mm: set line by line they stack hyphens
        assert greedy.hyphen_runs(3) and optimal.hyphen_runs(3) == []
        assert optimal.share_over(1.0) < greedy.share_over(1.0)
    beside = [line for line in optimal.lines if line.indent > 20]  # the three lines beside the cap
    assert len(beside) == 3
    assert all(abs(line.right - optimal.lines[-2].right) < 0.6 for line in beside)  # each reaches the edge


def test_the_part_cache_key_covers_the_typesetting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from dataclasses import replace

    from vividprint.engine.cache import PartCache
    from vividprint.inputs.layout import TypesettingSettings
    from vividprint.plan.jobs import RenderJob

    job = RenderJob(
        key="flatplan[1]", source="a.md", template="feature", html="<p>x</p>", base_url="file:///",
        stylesheets=(), page_css="", language="en", first_folio=3, label=None, side="right", pages=1,
        title=None, typesetting=TypesettingSettings().key(),
    )  # fmt: skip
    greedy_layout = replace(job, typesetting=TypesettingSettings(linebreak="greedy").key())

    def key(job: RenderJob) -> str:
        return PartCache(tmp_path, "proof", None, lambda path: "").key(job, ())

    assert key(job) != key(greedy_layout)
    monkeypatch.setenv("VIVIDPRINT_LINEBREAK", "greedy")
    switched = key(job)
    monkeypatch.delenv("VIVIDPRINT_LINEBREAK")
    assert key(job) != switched  # the environment's choice is in the key too
