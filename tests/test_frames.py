"""Text the reader would not see is named by the build: off the page, cut by its frame, covered, not set."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import LAYOUTS, IssueFolder, article, paragraphs, photo, run_cli, small_issue, words
from vividprint.errors import VividError


def _manifest(issue: IssueFolder, old: str, new: str) -> None:
    path = issue.root / "issue.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _said(result, *parts: str) -> str:  # type: ignore[no-untyped-def]
    """The warnings and errors that name every one of `parts`."""
    lines = [str(p) for p in result.warnings] if hasattr(result, "warnings") else result
    found = [line for line in lines if all(part in line for part in parts)]
    assert found, f"nothing says {parts} in:\n" + "\n".join(lines)
    return found[0]


def test_a_cover_headline_too_wide_for_the_page_is_set_smaller_to_fit_and_said_so(issue: IssueFolder) -> None:
    small_issue(issue)
    _manifest(issue, 'headline = "River economy"', 'headline = "International Düsseldorf"')
    built = issue.build(jobs=1)
    said = _said(
        built, "issue.toml", "covers.front (U1)", "h1.headline", '"International Düsseldorf"', "to fit its frame"
    )
    smaller, larger = (float(n) for n in said.split("set at ")[1].split(" pt to fit")[0].split(" pt instead of "))
    assert 30 <= smaller < larger  # the cover's floor is 30 pt
    assert "International Düsseldorf" in words(built.output, 1)  # whole, on the page
    assert not [str(w) for w in built.warnings if "off the page" in str(w) or "wider than" in str(w)]


def test_a_masthead_that_does_not_fit_even_at_its_floor_is_named(issue: IssueFolder) -> None:
    small_issue(issue)
    _manifest(issue, 'magazine = "VIVID"', 'magazine = "RHEINWERKSTADTMAGAZIN"')
    built = issue.build(jobs=1)
    _said(built, "covers.front, U1", 'p.magazine "RHEINWERKSTADTMAGAZIN"', "off the page")


def test_text_dropped_from_a_frame_of_fixed_height_is_named_with_the_words_lost(issue: IssueFolder) -> None:
    small_issue(issue)
    issue.write("articles/last.md", article("Last word", paragraphs(30), kicker="Last word"))
    # The ad after the first article gives way to the last word, on the back page type (one page).
    _manifest(
        issue,
        '[[flatplan]]\n        pdf = "supplied/ad.pdf"',
        '[[flatplan]]\n        article = "articles/last.md"\n        template = "back"\n        pages = 1',
    )
    built = issue.build(jobs=1)
    said = _said(built, "articles/last.md", "flatplan[3], page 5", "stops part-way", "set on no page")
    lost = int(said.split("stops part-way: ")[1].split()[0])
    printed = len(words(built.output, built.labels.index("5") + 1).split())
    written = len(paragraphs(30).split())
    assert lost > 1000 and printed < written  # most of the article is not on the page
    assert (
        abs((written - lost) - printed) < 200
    )  # what is missing is what was counted, give or take the page's furniture


def test_a_title_under_the_opening_photo_is_named(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(LAYOUTS / "vivid", project / "layouts/vivid")
    for folder in ("fonts", "icc"):
        (project / folder).symlink_to(LAYOUTS.parent / folder)
    # A designer's slip: the opening photo of portraits drawn on top of everything, title included.
    (project / "layouts/vivid/css/90-slip.css").write_text(
        ".portrait-hero { position: absolute; z-index: 5; left: 0; top: 0; width: 210mm; height: 150mm; }\n",
        encoding="utf-8",
    )
    issue = small_issue(IssueFolder(project / "issues/first"))
    photo(issue.root / "images/shoes.jpg", (1400, 2000), seed=5)
    issue.write(
        "articles/shoes.md",
        article(
            "Shoes like precious objects",
            paragraphs(3),
            kicker="Portrait",
            images=[{"src": "images/shoes.jpg", "role": "hero", "caption": "The workshop."}],
        ),
    )
    _manifest(
        issue,
        'article = "articles/river.md"\n        template = "feature"',
        'article = "articles/shoes.md"\n        template = "portrait"',
    )
    built = issue.build(jobs=1, layouts_dir=project / "layouts")
    _said(built, "articles/shoes.md", "Shoes like precious objects", "hidden under an image")


def test_findings_come_back_with_parts_taken_from_the_cache(issue: IssueFolder) -> None:
    small_issue(issue)
    _manifest(issue, 'magazine = "VIVID"', 'magazine = "RHEINWERKSTADTMAGAZIN"')
    first = issue.build(jobs=1)
    again = issue.build(jobs=1)
    assert "covers.front" in again.cached
    assert _said(again, "off the page") == _said(first, "off the page")
    assert _said(again, "(its floor) and still does not fit") == _said(first, "(its floor)")


def test_a_clean_issue_has_no_findings(issue: IssueFolder) -> None:
    small_issue(issue)
    built = issue.build(jobs=1)
    kinds = ("off the page", "cut off by its frame", "wider than its frame", "hidden under", "stops part-way")
    assert not [str(w) for w in built.warnings if any(kind in str(w) for kind in kinds)]


def test_in_print_text_the_reader_cannot_see_is_an_error(issue: IssueFolder, tmp_path: Path) -> None:
    small_issue(issue)
    _manifest(issue, 'magazine = "VIVID"', 'magazine = "RHEINWERKSTADTMAGAZIN"')
    with pytest.raises(VividError) as failed:
        issue.build(jobs=1, profile="print")
    _said([str(p) for p in failed.value.problems], 'p.magazine "RHEINWERKSTADTMAGAZIN"', "off the page")
    result = run_cli(
        "build", str(issue.root), "--profile", "print", "--out", str(tmp_path / "cli"), "--layouts", str(LAYOUTS)
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "RHEINWERK" in result.stderr and not (tmp_path / "cli").exists()


def test_a_page_type_for_inside_pages_is_refused_on_a_cover(issue: IssueFolder) -> None:
    small_issue(issue)
    _manifest(issue, 'inside-back = { template = "imprint" }', 'inside-back = { template = "back" }')
    with pytest.raises(VividError) as failed:
        issue.build(jobs=1)
    _said(
        [str(p) for p in failed.value.problems], "issue.toml: covers.inside-back.template", "'back'", "cover, imprint"
    )
