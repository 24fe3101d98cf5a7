"""The typesetting audit, run on small paragraphs rendered by WeasyPrint with a known font."""

from __future__ import annotations

from pathlib import Path

import pytest
from weasyprint import HTML

from vividprint.engine.audit import audit

ROOT = Path(__file__).resolve().parents[1]
FONT = (ROOT / "fonts" / "noto-serif" / "NotoSerif-Regular.ttf").as_uri()

SPACE_EM = 0.26  # Noto Serif's space, the gap of a line set without justification


def render(tmp_path: Path, body: str, css: str = "", name: str = "page.pdf") -> Path:
    html = f"""<html lang="en"><style>
      @font-face {{ font-family: Body; src: url({FONT}); }}
      @page {{ size: 120mm 160mm; margin: 10mm; }}
      body {{ font: 10pt/13pt Body; margin: 0; }}
      p {{ margin: 0; text-align: justify; hyphens: manual; }}
      h1 {{ font: 16pt/20pt Body; margin: 0 0 13pt; }}
      {css}
    </style><h1>A heading at another size</h1>{body}</html>"""
    path = tmp_path / name
    HTML(string=html).write_pdf(path)
    return path


TEXT = (
    "The harbour office opened its doors at seven, and by eight the first delegations from Osaka and Seoul "
    "were queuing for coffee. Trade in the city has always followed the river, but the new tenants of the "
    "old warehouses measure distance in flight hours rather than barge days. "
)


def test_a_line_stretched_by_a_long_word_is_found_loose(tmp_path: Path) -> None:
    # "Donaudampfschifffahrtsgesellschaft" cannot break, so the line before it keeps three short words
    # spread over the whole measure.
    pdf = render(
        tmp_path,
        f"<p style='width: 62mm'>We are at Donaudampfschifffahrtsgesellschaftskapitän and {TEXT}</p>",
    )
    result = audit([pdf])
    assert result.body_size == pytest.approx(10, abs=0.01)
    first = result.lines[0]
    assert first.text.split() == ["We", "are", "at"]
    assert first.justified
    assert first.mean_gap > 3.0  # 62 mm less three short words, over two gaps
    assert result.share_over(1.0) > 0
    assert result.lines[-1].justified is False  # the paragraph's last line is set ragged


def test_ragged_text_has_no_justified_lines_and_natural_gaps(tmp_path: Path) -> None:
    pdf = render(tmp_path, f"<p style='text-align: left; width: 80mm'>{TEXT * 2}</p>")
    result = audit([pdf])
    assert len(result.lines) > 8
    assert result.justified == []
    gaps = sorted(gap for line in result.lines for gap in line.gaps)
    # Kerning moves a word's last letter or punctuation a little; the space itself is never widened.
    assert gaps[len(gaps) // 2] == pytest.approx(SPACE_EM, abs=0.01)
    assert gaps[0] > 0.15 and gaps[-1] < SPACE_EM + 0.05


def test_justified_wide_measure_is_mostly_tight(tmp_path: Path) -> None:
    pdf = render(tmp_path, f"<p>{TEXT * 3}</p>")
    result = audit([pdf])
    assert len(result.justified) >= 8
    assert all(line.mean_gap >= SPACE_EM - 0.01 for line in result.justified)
    assert result.median_gap < 0.45
    assert result.share_over(1.0) == 0


def test_stacked_hyphens_and_one_fragment_lines(tmp_path: Path) -> None:
    lines = ["one line ends in a com-", "pound and the next ends in a Rhein-", "Ruhr and then the Düssel-", "dorf."]
    pdf = render(tmp_path, "<p style='text-align: left'>" + "<br>".join(lines) + "</p>")
    result = audit([pdf])
    assert [line.hyphenated for line in result.lines] == [True, True, True, False]
    assert len(result.hyphen_runs(3)) == 1
    assert [line.text for line in result.fragment_lines()] == ["dorf."]

    two = render(tmp_path, "<p style='text-align: left'>" + "<br>".join(lines[1:]) + "</p>", name="two.pdf")
    assert audit([two]).hyphen_runs(3) == []


def test_columns_are_told_apart_and_their_baselines_compared(tmp_path: Path) -> None:
    pdf = render(tmp_path, f"<div style='columns: 2; column-gap: 5mm'><p>{TEXT * 4}</p></div>")
    result = audit([pdf])
    assert {line.column for line in result.lines} == {0, 1}
    lefts = {line.column: round(line.left) for line in result.lines}
    assert lefts[1] - lefts[0] > 100  # half the page's 100 mm measure plus the gap, in pt
    assert result.baseline_share() == 1.0

    shifted = render(
        tmp_path,
        f"<div style='columns: 2; column-gap: 5mm'><p>{TEXT * 2}</p><p style='margin-top: 6pt'>{TEXT * 2}</p></div>",
        name="shifted.pdf",
    )
    assert audit([shifted]).baseline_share() < 0.9
