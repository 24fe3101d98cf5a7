"""`vividprint check`: everything a build checks, all of an issue's mistakes in one run, by page."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import LAYOUTS, SESSION, IssueFolder, article, cli_here, paragraphs, small_issue


def _check(issue: IssueFolder, *args: str):  # type: ignore[no-untyped-def]
    return cli_here("check", str(issue.root), "--layouts", str(LAYOUTS), "--cache", str(SESSION.parts), *args)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_manifest_typo_a_front_matter_typo_and_a_missing_image_are_named_in_one_run(
    issue: IssueFolder, tmp_path: Path
) -> None:
    small_issue(issue)
    _edit(issue.root / "issue.toml", 'magazine = "VIVID"', 'magazin = "VIVID"')
    issue.write(
        "articles/river.md",
        article(
            "The river economy",
            paragraphs(3),
            kickr="Key topic",
            images=[{"src": "images/harbour-missing.jpg", "caption": "The harbour."}],
        ),
    )
    done = _check(issue, "--json", str(tmp_path / "check.json"))
    assert done.returncode == 1
    report = json.loads((tmp_path / "check.json").read_text(encoding="utf-8"))
    said = {(f["file"], f["place"], f["message"]) for e in report["editions"] for f in e["findings"]}
    assert ("issue.toml", "issue.magazin", "unknown key: did you mean 'magazine'?") in said
    assert ("articles/river.md", "kickr", "unknown key: did you mean 'kicker'?") in said
    missing = [m for file, place, m in said if file == "articles/river.md" and place == "images[1].src"]
    assert missing and "images/harbour-missing.jpg" in missing[0]
    assert all(f["severity"] == "error" for e in report["editions"] for f in e["findings"])
    assert "did you mean 'kicker'?" in done.stdout  # the table, in the terminal too
    assert "Traceback" not in done.stderr


def test_a_missing_inside_front_cover_is_an_error_that_says_which(issue: IssueFolder) -> None:
    small_issue(issue)
    _edit(issue.root / "issue.toml", 'inside-front = { pdf = "supplied/ad.pdf" }\n', "")
    done = _check(issue)
    assert done.returncode == 1
    assert "covers.inside-front" in done.stdout and "is missing" in done.stdout
    assert "U2" in done.stdout


def test_check_renders_and_finds_what_only_a_build_finds_without_writing_the_pdf(
    issue: IssueFolder, tmp_path: Path
) -> None:
    small_issue(issue)
    issue.write("articles/river.md", article("The river economy", paragraphs(40), kicker="Key topic"))
    done = _check(issue, "--json", str(tmp_path / "check.json"))
    assert done.returncode == 1, done.stdout + done.stderr
    report = json.loads((tmp_path / "check.json").read_text(encoding="utf-8"))
    found = report["editions"][0]["findings"]
    overset = [f for f in found if f["severity"] == "error" and "overset" in f["message"]]
    assert overset and overset[0]["file"] == "articles/river.md"
    assert report["editions"][0]["typesetting"].startswith("typesetting: ")
    assert not list(issue.root.parent.glob("out/*.pdf"))  # nothing written


def test_a_clean_issue_passes_with_its_warnings_grouped_by_page(issue: IssueFolder, tmp_path: Path) -> None:
    small_issue(issue)
    done = _check(issue, "--json", str(tmp_path / "check.json"))
    assert done.returncode == 0, done.stdout + done.stderr
    report = json.loads((tmp_path / "check.json").read_text(encoding="utf-8"))
    edition = report["editions"][0]
    assert edition["errors"] == 0 and edition["pages"] == 12
    labels = [f["page"] for f in edition["findings"]]
    # By page: the issue's own first, then U1, U2, the inside pages in order, U3, U4.
    order = ["", "U1", "U2", *map(str, range(1, 9)), "U3", "U4"]
    assert [order.index(label) for label in labels] == sorted(order.index(label) for label in labels)


def test_underset_is_told_in_fractions_of_the_last_page(issue: IssueFolder) -> None:
    def empty_of_last_page(count: int) -> float | None:
        small_issue(issue)
        issue.write("articles/river.md", article("The river economy", paragraphs(count), kicker="Key topic"))
        built = issue.build()
        said = [p for p in built.warnings if p.file == "articles/river.md" and "empty" in p.message]
        assert not [p for p in built.warnings if p.file == "articles/river.md" and "allotted" in p.message]
        if not said:
            return None
        assert said[0].place == "flatplan[2], page 4"  # the article's third and last page
        return float(said[0].message.split(" is ")[1].split("%")[0])

    short = empty_of_last_page(16)
    assert short is not None and short > 25
    longer = empty_of_last_page(19)
    assert longer is None or longer < short


def test_a_title_with_a_colon_is_told_to_take_quotes(issue: IssueFolder) -> None:
    small_issue(issue)
    path = issue.root / "articles/river.md"
    _edit(path, "title: The river economy", "title: The river economy: a new start")
    done = _check(issue)
    assert done.returncode == 1
    said = [line for line in done.stdout.splitlines() if "articles/river.md" in line]
    assert said and "line 2" in said[0] and 'goes in quotes: title: "' in said[0], done.stdout
