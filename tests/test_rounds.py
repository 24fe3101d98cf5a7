"""The rounds of `watch --serve`: an edit that comes in while a round builds overtakes it, and the next
round shows the newer text. The edits arrive from inside the real build (its progress callback, as a
slot finishes), so the test needs no timing."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import LAYOUTS, SESSION, IssueFolder, small_issue, words
from vividprint.build import Builder, BuildOptions
from vividprint.options import BuildResult
from vividprint.preview.rounds import EditionRound, Edits, run_round
from vividprint.preview.sheet import sheet_of


def _options(issue: IssueFolder, tmp_path: Path) -> BuildOptions:
    return BuildOptions(
        issue_dir=issue.root, out_dir=tmp_path / "out", layouts_dir=LAYOUTS, cache_dir=SESSION.parts, jobs=1
    )


def test_an_edit_during_a_round_overtakes_it_and_the_next_round_shows_it(issue: IssueFolder, tmp_path: Path) -> None:
    small_issue(issue)
    options = _options(issue, tmp_path)
    river = issue.root / "articles/river.md"
    good = river.read_text()
    sheet_json = tmp_path / "out/vivid-1-2026-proof-sheet/sheet.json"
    edits = Edits()
    told: list[EditionRound] = []
    with Builder() as builder:
        first = run_round(options, builder.build, edits, sheets=True, tell=told.append)
        assert not first.overtaken and told and told[0].sheet is not None
        shown = sheet_json.read_bytes()

        river.write_text(good + "\nThe first edit.\n")
        edits.note(["river.md"])

        def build_and_edit_again(wanted: BuildOptions) -> BuildResult:
            def progress(key: str, done: int, total: int) -> None:
                if key == "flatplan[2]":  # the slot of the first edit is rendered: the designer types on
                    river.write_text(good + "\nThe second edit.\n")
                    edits.note(["river.md"])

            return builder.build(wanted, progress=progress)

        told.clear()
        second = run_round(options, build_and_edit_again, edits, sheets=True, tell=told.append)
        assert second.overtaken and second.seen == 1
        assert not told, "nothing of an overtaken round is told"
        assert sheet_json.read_bytes() == shown, "nor drawn"

        third = run_round(options, builder.build, edits, sheets=True, tell=told.append)
    assert not third.overtaken and third.seen == 2
    (one,) = third.editions
    assert one.result is not None and one.sheet is not None
    assert "The second edit." in words(one.result.output)
    assert "The first edit." not in words(one.result.output)
    sheet = json.loads(sheet_json.read_text())
    changed = [page["label"] for page in sheet["pages"] if page["changed"]]
    assert "2" in changed or "3" in changed, changed  # the river's text, compared with the first round
    assert not {"U2", "5", "6", "U4"} & set(changed)


def test_a_failed_round_keeps_the_last_sheet_and_carries_its_errors(issue: IssueFolder, tmp_path: Path) -> None:
    small_issue(issue)
    options = _options(issue, tmp_path)
    river = issue.root / "articles/river.md"
    edits = Edits()
    with Builder() as builder:
        good = run_round(options, builder.build, edits, sheets=True)
        assert good.editions[0].sheet is not None
        shown = (good.editions[0].sheet.folder / "sheet.json").read_bytes()
        river.write_text("---\ntitle: [unclosed\n---\nBroken.\n")
        edits.note(["river.md"])
        failed = run_round(options, builder.build, edits, sheets=True)
    (one,) = failed.editions
    assert one.result is None and one.sheet is None
    assert any(problem.file == "articles/river.md" for problem in one.errors)
    assert (good.editions[0].sheet.folder / "sheet.json").read_bytes() == shown


def test_drawing_a_sheet_stops_when_asked_and_leaves_the_last_one(issue: IssueFolder, tmp_path: Path) -> None:
    small_issue(issue)
    options = _options(issue, tmp_path)
    with Builder() as builder:
        result = builder.build(options)
        drawn = sheet_of(result, options)
        assert drawn is not None
        before = (drawn.folder / "sheet.json").read_bytes()
        viertel = issue.root / "articles/viertel.md"
        viertel.write_text(viertel.read_text().replace("Netzwerk", "Verbund", 1))
        again = builder.build(options)
    assert sheet_of(again, options, stop=lambda: True) is None
    assert (drawn.folder / "sheet.json").read_bytes() == before
    assert sheet_of(again, options) is not None
    # A sheet with nothing new to draw is written whatever `stop` says: it costs no rendering.
    assert sheet_of(again, options, stop=lambda: True) is not None
