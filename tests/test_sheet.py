"""The flatplan sheet of a proof (`build --sheet`): every page as a PNG, the issue as spreads, each page
named by its slot, the build's findings on their pages, the pages changed since the last sheet."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from PIL import Image, ImageChops, ImageStat

from conftest import LAYOUTS, SESSION, IssueFolder, cli_here, small_issue
from vividprint.preview import picture

SPREADS = [["U1"], ["U2", "1"], ["2", "3"], ["4", "5"], ["6", "7"], ["8", "U3"], ["U4"]]


def _build(issue: IssueFolder, out: Path, *more: str) -> subprocess.CompletedProcess[str]:
    args = ["build", str(issue.root), "--out", str(out), "--layouts", str(LAYOUTS), "-j", "1"]
    return cli_here(*args, "--cache", str(SESSION.parts), "--sheet", *more)


def _sheet(out: Path) -> dict:
    return json.loads((out / "vivid-1-2026-proof-sheet/sheet.json").read_text())


def _page(sheet: dict, label: str) -> dict:
    return next(page for page in sheet["pages"] if page["label"] == label)


def _badge_centre(sheet: dict, label: str) -> tuple[int, int]:
    """Where sheet.png puts the dot of a page's findings (picture.py draws spreads in rows)."""
    page = _page(sheet, label)
    spread = next(i for i, s in enumerate(sheet["spreads"]) if page["index"] in s)
    row, column = divmod(spread, picture.SPREADS_PER_ROW)
    height = round(picture.PAGE_WIDTH * page["height"] / page["width"])
    x = picture.MARGIN + column * (2 * picture.PAGE_WIDTH + picture.GAP)
    x += picture.PAGE_WIDTH if page["side"] == "right" else 0
    y = picture.HEADER + row * (height + picture.CAPTION + picture.GAP)
    return x + picture.PAGE_WIDTH - 12, y + 5  # inside the dot, above its number


def _near(colour: tuple[int, ...], wanted: tuple[int, int, int], within: int = 40) -> bool:
    return all(abs(a - b) <= within for a, b in zip(colour, wanted, strict=False))


def test_build_sheet_shows_the_issue_as_spreads_with_slots_and_findings(issue: IssueFolder, tmp_path: Path) -> None:
    small_issue(issue)
    out = tmp_path / "out"
    done = _build(issue, out)
    assert done.returncode == 0, done.stderr
    # Pages that draw the same (the blank ones, the ad on U2 and page 5) are drawn once.
    assert "vivid-1-2026-proof-sheet/index.html and sheet.png (12 pages, 8 drawn anew)" in done.stdout
    folder = out / "vivid-1-2026-proof-sheet"
    assert sorted(p.name for p in (folder / "pages").iterdir()) == [f"{i:03d}.png" for i in range(12)]
    sheet = _sheet(out)
    labels = [page["label"] for page in sheet["pages"]]
    assert [[labels[i] for i in spread] for spread in sheet["spreads"]] == SPREADS
    slot = {page["label"]: sheet["slots"][page["slot"]] for page in sheet["pages"]}
    assert (slot["2"]["name"], slot["2"]["key"], slot["2"]["template"]) == (
        "The river economy",
        "flatplan[2]",
        "feature",
    )
    assert slot["3"] == slot["2"] and slot["2"]["source"] == "articles/river.md"
    assert (slot["1"]["name"], slot["5"]["name"], slot["U1"]["name"]) == ("contents", "ad.pdf", "cover")
    assert not any(page["changed"] for page in sheet["pages"]), "a first sheet has nothing to compare with"

    # The findings are the build's, on the pages they name.
    underset = [f for f in sheet["findings"] if "underset" in f["message"]]
    assert {(f["page"], f["file"]) for f in underset} == {("2", "articles/river.md"), ("6", "articles/viertel.md")}
    assert any(f["page"] == "U1" and "images/cover.jpg" in f["message"] for f in sheet["findings"])
    assert "underset" in done.stderr  # the same warnings as the terminal's
    png = Image.open(folder / "sheet.png").convert("RGB")
    warned = {f["page"] for f in sheet["findings"] if f["severity"] == "warning"}
    assert {"U1", "2", "6"} <= warned
    for label in ("U1", "2", "6"):
        assert _near(png.getpixel(_badge_centre(sheet, label)), picture.SEVERITY_COLOURS["warning"]), label
    assert not {f["page"] for f in sheet["findings"]} & {"4"}  # page 4 is blank: no dot on it
    assert _near(png.getpixel(_badge_centre(sheet, "4")), (255, 255, 255), within=8)

    # Each picture is its page, as poppler renders it at the same resolution.
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "96",
            "-f",
            "3",
            "-l",
            "3",
            "-png",
            "-singlefile",
            str(out / "vivid-1-2026-proof.pdf"),
            str(tmp_path / "poppler"),
        ],
        check=True,
    )
    ours = Image.open(folder / "pages/002.png").convert("RGB")
    theirs = Image.open(tmp_path / "poppler.png").convert("RGB")
    # The proof's slug lies below the trim, which the thumbnail is cut to: poppler's page is cut alike.
    theirs = theirs.crop((0, 0, theirs.width, ours.height))
    assert abs(ours.width - theirs.width) <= 1 and abs(ours.height - theirs.height) <= 1
    difference = ImageStat.Stat(ImageChops.difference(ours, theirs.resize(ours.size))).mean
    assert max(difference) < 6, difference
    other = Image.open(folder / "pages/003.png").convert("RGB")
    assert max(ImageStat.Stat(ImageChops.difference(other, theirs.resize(other.size))).mean) > 3 * max(difference)


def test_a_sheet_after_an_edit_draws_and_marks_only_the_pages_that_changed(issue: IssueFolder, tmp_path: Path) -> None:
    small_issue(issue)
    out = tmp_path / "out"
    assert _build(issue, out).returncode == 0
    first = _sheet(out)
    again = _build(issue, out)
    assert "(12 pages, 0 drawn anew)" in again.stdout
    assert not any(page["changed"] for page in _sheet(out)["pages"])

    pages = out / "vivid-1-2026-proof-sheet/pages"
    before = {name: (pages / name).read_bytes() for name in ("003.png", "007.png")}  # pages 2 and 6
    viertel = issue.root / "articles/viertel.md"
    viertel.write_text(viertel.read_text().replace("Netzwerk", "Verbund", 1), encoding="utf-8")
    edited = _build(issue, out)
    assert edited.returncode == 0, edited.stderr
    sheet = _sheet(out)
    assert [page["label"] for page in sheet["pages"] if page["changed"]] == ["6"]
    # The edited article's pages are drawn anew where their PDF changed (page 6, and those after it that
    # were written again); the pages of every other slot are not.
    drawn = int(edited.stdout.split("sheet.png (12 pages, ")[1].split(" drawn anew")[0])
    assert 1 <= drawn <= 3, edited.stdout
    six = _page(sheet, "6")
    assert six["digest"] != _page(first, "6")["digest"]
    assert six["regions"] and all(0 <= v <= 1 for box in six["regions"] for v in box)
    left, top, right, bottom = six["regions"][0]
    assert right - left < 0.9 and bottom - top < 0.5, "the changed paragraph, not the whole page"
    # Other pages may be drawn again when the issue's shared fonts gained a glyph (pdf/fonts.py); they are
    # never marked changed, since their pixels are the same.
    # Beside the sheet, the picture of page 6 is new; that of page 2 was left alone.
    assert six["index"] == 7 and (pages / "007.png").read_bytes() != before["007.png"]
    assert (pages / "003.png").read_bytes() == before["003.png"]


def test_sheet_is_for_proofs(issue: IssueFolder, tmp_path: Path) -> None:
    small_issue(issue)
    done = _build(issue, tmp_path / "out", "--profile", "print")
    assert done.returncode == 1
    assert "--sheet: the flatplan sheet is drawn from a proof" in " ".join(done.stderr.split())
    assert not (tmp_path / "out").exists()
