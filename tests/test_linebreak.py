"""Optimal line breaking (VIVIDPRINT_LINEBREAK=optimal): real WeasyPrint renders measured by the audit."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from weasyprint import HTML

from vividprint.engine import linebreak
from vividprint.engine.audit import audit
from vividprint.text.linebreak import box, finish, glue, line_breaks, penalty

ROOT = Path(__file__).resolve().parents[1]
FONT = (ROOT / "fonts" / "noto-serif" / "NotoSerif-Regular.ttf").as_uri()
TEXT = (
    "The harbour office opened its doors at seven, and by eight the first delegations from Osaka and Seoul "
    "were queuing for coffee. Trade in the city has always followed the river, but the new tenants of the "
    "old warehouses measure distance in flight hours rather than barge days. <em>Nobody</em> here remembers "
    "the name of the company that built the quay walls, yet everybody knows the internationalisation strategy "
    "of the city council and its economic development agency. "
)


@pytest.fixture
def optimal() -> Iterator[None]:
    linebreak.use(True)
    yield
    linebreak.use(False)
    linebreak.reset()


def render(path: Path) -> Path:
    html = f"""<html lang="en"><style>
      @font-face {{ font-family: Body; src: url({FONT}); }}
      @page {{ size: 140mm 260mm; margin: 10mm; }}
      body {{ font: 9pt/12.4pt Body; margin: 0; hyphens: auto; }}
      p {{ margin: 0; text-align: justify; text-indent: 1em; }}
    </style><div style="columns: 2; column-gap: 4.5mm; width: 116.5mm">
      <p>{TEXT * 4}</p><p>{TEXT * 3}</p></div></html>"""
    HTML(string=html).write_pdf(path)
    return path


def _words(pdf: Path) -> list[str]:
    """The text as a reader reads it: hyphenated line ends joined again."""
    text = ""
    for line in audit([pdf]).lines:
        text += line.text[:-1] if line.hyphenated else line.text + " "
    return text.split()


def test_optimal_breaks_set_fewer_loose_lines_and_the_same_text(tmp_path: Path, optimal: None) -> None:
    linebreak.use(False)
    greedy = audit([render(tmp_path / "greedy.pdf")])
    linebreak.use(True)
    chosen = audit([render(tmp_path / "optimal.pdf")])
    assert linebreak.stats["paragraphs planned"] >= 2
    assert chosen.share_over(0.75) < greedy.share_over(0.75)
    assert max(line.mean_gap for line in chosen.justified) < max(line.mean_gap for line in greedy.justified)
    assert chosen.hyphen_runs(3) == []
    assert chosen.fragment_lines() == []
    # Nearly every line still ends at the column's edge (see the module notes on the few that do not),
    # and nothing is lost.
    assert len(chosen.justified) >= len(chosen.lines) - 8
    assert _words(tmp_path / "optimal.pdf") == _words(tmp_path / "greedy.pdf")


def test_spaces_shrink_at_most_to_four_fifths_and_letters_by_a_hundredth_em(tmp_path: Path, optimal: None) -> None:
    chosen = audit([render(tmp_path / "optimal.pdf")])
    natural = 0.26  # Noto Serif's space in em
    tracking = 0.01  # the tightest letter spacing, which the letters on both sides of a gap bring
    # Line means: a single gap moves by a few hundredths with kerning, or an "f" whose declared width
    # reaches into the space.
    means = [line.mean_gap for line in chosen.justified]
    assert min(means) > natural * 0.8 - 2 * tracking - 0.02


def test_a_word_wider_than_the_measure_is_set_overfull_not_lost() -> None:
    items = finish([box(30), glue(5, 3, 1), box(150), glue(5, 3, 1), box(30)])
    breaks = line_breaks(items, [100])
    assert breaks[-1].index == len(items) - 1  # the paragraph is set to its end
    assert any(b.ratio == -1 for b in breaks)  # with one line overfull


def test_a_line_that_can_only_be_very_loose_is_set_loose_not_overfull() -> None:
    # "Managing director Jürgen" | "Pöhlmann, a former": the name does not fit beside the first words and
    # cannot be hyphenated; an overfull first line would be broken again by WeasyPrint, greedily.
    items = finish([box(40), glue(5, 1, 1), box(40), glue(5, 1, 1), box(60), glue(5, 1, 1), box(50)])
    breaks = line_breaks(items, [120])
    assert [b.index for b in breaks][:1] == [3]  # after the second word
    assert all(b.ratio >= -1 + 1e-9 for b in breaks)
    assert breaks[0].ratio > 12  # looser than the emergency pass allows: nothing else fits


def test_a_word_too_wide_alone_is_the_overfull_line_not_the_words_before_it() -> None:
    # "Questions go to" | "press.office.department@example.org" (wider than the measure): squeezing the
    # first words under the address would print them over each other.
    items = finish([box(40), glue(5, 1, 1), box(20), glue(5, 1, 1), box(130), glue(5, 1, 1), box(30)])
    breaks = line_breaks(items, [120])
    assert breaks[0].index == 3  # "Questions go" alone, loose
    assert breaks[1].ratio == -1  # the address alone, overfull


def test_of_two_lines_that_can_only_hold_a_piece_of_a_long_word_the_fuller_is_chosen() -> None:
    # "Immobilienprojektentwickler" beside a drop cap: no line of it has a space to stretch; "mmo-" alone
    # would leave the next line a lone fragment too, where "mmobilienprojekt-" fills the first line.
    pieces = [box(15, 0.3, 0.1), box(40, 0.8, 0.3), box(45, 0.9, 0.3)]  # mmo | bilienprojekt | entwickler
    items = finish(
        [
            pieces[0],
            penalty(3, 50, flagged=True),
            pieces[1],
            penalty(3, 50, flagged=True),
            pieces[2],
            glue(5, 1, 1),
            box(40),
            glue(5, 1, 1),
            box(50),
            glue(5, 1, 1),
            box(30),
        ]
    )
    breaks = line_breaks(items, [80, 150])
    assert breaks[0].index == 3  # after "mmobilienprojekt-", the fuller of the two first lines
