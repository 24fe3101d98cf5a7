"""`vividprint diff` between real proof rounds of the small issue, checked with poppler and pypdf.

Round 1 is the small issue as built; each other round is a copy of it changed as an editor would: one
word of an article, a four-page insert in the flatplan, two articles swapping places. All rounds build
with the run's shared part cache, so only the slots a change touches render.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image, ImageChops
from pypdf import PdfReader, PdfWriter, Transformation
from pypdf.annotations import FreeText

from conftest import IssueFolder, cli_here, pdftotext, small_issue, supplied_pdf
from vividprint.compare import Diff, diff_pdfs

A4 = (595.28, 841.89)
SHEET_GAP, SHEET_BAND = 24, 34  # the side-by-side sheet: between its pages, above them


@dataclass(frozen=True)
class Rounds:
    first: Path
    edited: Path  # the tenth "Seoul" of the river article is "Busan"
    inserted: Path  # a four-page supplied insert before the second feature
    swapped: Path  # the two features change places


def _round(base: Path, name: str, change) -> Path:
    folder = IssueFolder(base / name)
    shutil.copytree(base / "first", folder.root, dirs_exist_ok=True)
    change(folder)
    return folder.build(out=base / f"{name}-out").output


def _edit_word(folder: IssueFolder) -> None:
    path = folder.root / "articles/river.md"
    parts = path.read_text(encoding="utf-8").split("Seoul")
    assert len(parts) > 11
    path.write_text("Seoul".join(parts[:10]) + "Busan" + "Seoul".join(parts[10:]), encoding="utf-8")


def _insert_pages(folder: IssueFolder) -> None:
    supplied_pdf(folder.root / "supplied/insert.pdf", pages=4)
    manifest = folder.root / "issue.toml"
    text, found = re.subn(
        r'\[\[flatplan\]\]\s*article = "articles/viertel.md"',
        '[[flatplan]]\npdf = "supplied/insert.pdf"\n\n[[flatplan]]\narticle = "articles/viertel.md"',
        manifest.read_text(encoding="utf-8"),
    )
    assert found == 1
    manifest.write_text(text, encoding="utf-8")


def _swap_features(folder: IssueFolder) -> None:
    manifest = folder.root / "issue.toml"
    text = manifest.read_text(encoding="utf-8")
    text = text.replace("articles/river.md", "@").replace("articles/viertel.md", "articles/river.md")
    manifest.write_text(text.replace("@", "articles/viertel.md"), encoding="utf-8")


@pytest.fixture(scope="module")
def rounds(tmp_path_factory: pytest.TempPathFactory) -> Rounds:
    base = tmp_path_factory.mktemp("rounds")
    first = small_issue(IssueFolder(base / "first")).build(out=base / "first-out").output
    return Rounds(
        first=first,
        edited=_round(base, "edited", _edit_word),
        inserted=_round(base, "inserted", _insert_pages),
        swapped=_round(base, "swapped", _swap_features),
    )


def word_boxes(pdf: Path, word: str) -> list[tuple[int, tuple[float, float, float, float]]]:
    """Where poppler finds `word`: page index from 0 and its box in PDF points (origin bottom left).
    Poppler measures from the crop box's top left; a proof's crop box reaches below the page, to its slug."""
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    tops = [float(page.cropbox.top) for page in PdfReader(pdf).pages]
    found = []
    for index, page in enumerate(re.findall(r"<page .*?</page>", html, flags=re.S)):
        height = tops[index]
        for x0, y0, x1, y1, text in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', page
        ):
            if text.strip(".,;:") == word:
                found.append((index, (float(x0), height - float(y1), float(x1), height - float(y0))))
    return found


def statuses(diff: Diff) -> dict[str, list[str]]:
    """Pages by status, each named by its labels, old>new."""
    found: dict[str, list[str]] = {}
    for page in diff.pages:
        found.setdefault(page.status, []).append(f"{page.old_label}>{page.new_label}")
    return found


def sheet_sizes(pdf: Path) -> list[tuple[float, float]]:
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "99", str(pdf)], capture_output=True, text=True, check=True)
    return [(float(w), float(h)) for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", info.stdout)]


def magenta(picture: Image.Image) -> Image.Image:
    """White where the picture is the outline's magenta (the layout's own red has little blue)."""
    red, green, blue = picture.split()
    masks = [red.point(lambda v: 255 if v > 200 else 0), green.point(lambda v: 255 if v < 60 else 0)]
    masks.append(blue.point(lambda v: 255 if v > 100 else 0))
    return ImageChops.multiply(ImageChops.multiply(masks[0], masks[1]), masks[2])


def test_one_word_edited_is_found_on_its_page_and_nowhere_else(rounds: Rounds) -> None:
    diff = diff_pdfs(rounds.first, rounds.edited)
    [(page_index, (x0, y0, x1, y1))] = word_boxes(rounds.edited, "Busan")
    changed = [page for page in diff.pages if page.status != "unchanged"]
    assert [(p.old_index, p.new_index) for p in changed] == [(page_index, page_index)], statuses(diff)
    [page] = changed
    assert page.status == "changed"
    assert (page.added, page.removed) == (["Busan"], ["Seoul"])
    centre = ((x0 + x1) / 2, (y0 + y1) / 2)
    assert any(r[0] <= centre[0] <= r[2] and r[1] <= centre[1] <= r[3] for r in page.regions), page.regions
    # Only the word's line: the justified line may set its other words a hair apart, no other line.
    for region in page.regions:
        assert y0 - 3 <= region[1] and region[3] <= y1 + 3, (region, (x0, y0, x1, y1))


def test_cli_writes_the_json_and_a_side_by_side_sheet_next_to_the_new_proof(rounds: Rounds) -> None:
    result = cli_here("diff", str(rounds.first), str(rounds.edited))
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    [(page_index, (x0, y0, x1, y1))] = word_boxes(rounds.edited, "Busan")
    label = PdfReader(rounds.edited).page_labels[page_index]
    assert f"page {label} changed: 1 region; + Busan; - Seoul" in result.stdout
    assert "1 changed, 11 unchanged" in result.stdout

    out = rounds.edited.with_name(rounds.edited.stem + "-diff")
    report = json.loads((out / "diff.json").read_text(encoding="utf-8"))
    assert report["changed"] is True and report["counts"]["changed"] == 1
    [entry] = [p for p in report["pages"] if p["status"] != "unchanged"]
    assert entry["new_index"] == entry["old_index"] == page_index
    assert entry["new_label"] == label
    assert (entry["words_added"], entry["words_removed"]) == (["Busan"], ["Seoul"])
    [region] = entry["regions"]

    sheet = out / "side-by-side.pdf"
    assert len(PdfReader(sheet).pages) == 1
    [(width, height)] = sheet_sizes(sheet)
    assert width == pytest.approx(2 * A4[0] + SHEET_GAP, abs=0.1)
    assert height == pytest.approx(A4[1] + SHEET_BAND, abs=0.1)
    # The old page on the left, the new one on the right, each with its word where the proof has it.
    right = A4[0] + SHEET_GAP
    top = height - A4[1]  # poppler measures from the top: the pages hang below the captions

    def text_at(x: float, box: tuple[float, float, float, float]) -> str:
        args = ["-x", str(int(x + box[0] - 4)), "-y", str(int(top + A4[1] - box[3] - 4))]
        args += ["-W", str(int(box[2] - box[0] + 8)), "-H", str(int(box[3] - box[1] + 8))]
        command = ["pdftotext", "-r", "72", *args, str(sheet), "-"]
        return subprocess.run(command, capture_output=True, text=True, check=True).stdout

    assert "Busan" in text_at(right, (x0, y0, x1, y1)) and "Seoul" not in text_at(right, (x0, y0, x1, y1))
    assert "Seoul" in text_at(0, (x0, y0, x1, y1))
    # The outline: magenta strokes around the region on the new page, nowhere else below the captions.
    subprocess.run(["pdftoppm", "-r", "72", "-png", "-singlefile", str(sheet), str(out / "sheet")], check=True)
    picture = Image.open(out / "sheet.png").convert("RGB")
    left, upper, right_edge, lower = magenta(picture.crop((0, int(top), *picture.size))).getbbox()
    expected = (right + region[0], A4[1] - region[3], right + region[2], A4[1] - region[1])
    assert expected[0] - 6 <= left <= expected[0] and expected[2] <= right_edge <= expected[2] + 6
    assert expected[1] - 6 <= upper <= expected[1] and expected[3] <= lower <= expected[3] + 6


def test_inserted_pages_leave_the_pages_after_them_unchanged(rounds: Rounds) -> None:
    diff = diff_pdfs(rounds.first, rounds.inserted)
    labels = PdfReader(rounds.inserted).page_labels
    inserted = [p.new_index for p in diff.pages if p.status == "inserted"]
    assert [labels[i] for i in inserted] == ["6", "7", "8", "9"]
    assert [pdftotext(rounds.inserted, i + 1).split() for i in inserted] == [
        ["Supplied", "page", str(n)] for n in (1, 2, 3, 4)
    ]
    after = [p for p in diff.pages if p.new_index is not None and p.new_index > inserted[-1]]
    assert [(p.status, p.old_index, p.new_index) for p in after] == [("moved", i, i + 4) for i in range(7, 12)], (
        statuses(diff)
    )
    assert [f"{p.old_label}>{p.new_label}" for p in after] == ["6>10", "7>11", "8>12", "U3>U3", "U4>U4"]
    # What did change is where the issue names the second feature's page: contents and cover.
    changed = {p.new_label: p for p in diff.pages if p.status == "changed"}
    assert set(changed) == {"U1", "1"}, statuses(diff)
    assert (changed["1"].added, changed["1"].removed) == (["10"], ["6"])
    assert (changed["U1"].added, changed["U1"].removed) == (["10"], ["6"])  # the cover line's page number
    assert set(statuses(diff)) == {"changed", "inserted", "moved", "unchanged"}

    out = rounds.inserted.parent / "inserted-diff"
    result = cli_here("diff", str(rounds.first), str(rounds.inserted), "--out", str(out))
    assert result.returncode == 1
    assert "pages 6–9 inserted" in result.stdout
    assert "pages 6–8 moved to 10–12" in result.stdout
    assert "pages U3–U4 moved from place 11–12 to 15–16" in result.stdout
    sizes = sheet_sizes(out / "side-by-side.pdf")
    assert len(sizes) == 2 + 4  # two changed pages, four inserted; moved pages look as they did
    assert all(w == pytest.approx(2 * A4[0] + SHEET_GAP, abs=0.1) for w, _ in sizes)


def test_removed_pages_the_other_way_round(rounds: Rounds) -> None:
    diff = diff_pdfs(rounds.inserted, rounds.first)
    assert [p.old_label for p in diff.pages if p.status == "removed"] == ["6", "7", "8", "9"]
    assert statuses(diff)["moved"] == ["10>6", "11>7", "12>8", "U3>U3", "U4>U4"]
    result = cli_here("diff", str(rounds.inserted), str(rounds.first), "--out", str(rounds.first.parent / "back"))
    assert "pages 6–9 removed" in result.stdout and "pages 10–12 moved to 6–8" in result.stdout


def test_articles_that_swap_places_are_moved(rounds: Rounds) -> None:
    diff = diff_pdfs(rounds.first, rounds.swapped)
    moved = statuses(diff)["moved"]
    # The features' pages of text went to each other's places; their blank last pages are alike.
    assert {"2>6", "3>7", "6>2"} <= set(moved), moved
    assert {p.new_label for p in diff.pages if p.status == "changed"} == {"U1", "1"}
    assert not {"inserted", "removed"} & set(statuses(diff))
    assert pdftotext(rounds.swapped, 8).count("The river economy") == 1  # new folio 6 opens the river


def test_a_page_shifted_by_less_than_a_pixel_is_unchanged_and_by_three_points_changed(
    rounds: Rounds, tmp_path: Path
) -> None:
    """Anti-aliasing: the same page drawn 0.3 or 0.7 pt to the right differs in many pixels, each by a
    blend of its neighbours; 3 pt is a move a reader sees. The cover (photo, display type), the contents
    and a page of body text, each placed anew by pypdf, shifted or not."""
    source = PdfReader(rounds.first)
    pages = [0, 2, 4]

    def shifted(by: float) -> Path:
        writer = PdfWriter()
        for index in pages:
            page = source.pages[index]
            sheet = writer.add_blank_page(width=float(page.mediabox.width), height=float(page.mediabox.height))
            sheet.merge_transformed_page(page, Transformation().translate(by, 0))
        path = tmp_path / f"shifted-{by}.pdf"
        writer.write(path)
        return path

    placed = shifted(0)
    for by in (0.3, 0.7):
        assert set(statuses(diff_pdfs(placed, shifted(by)))) == {"unchanged"}, by
    far = diff_pdfs(placed, shifted(3))
    assert [page.status for page in far.pages] == ["changed"] * 3
    assert all(page.regions and not page.added and not page.removed for page in far.pages)
    # The body text page: its columns of text, every line of them moved, in a few large regions.
    covered = sum((r[2] - r[0]) * (r[3] - r[1]) for r in far.pages[2].regions)
    assert covered > 0.3 * A4[0] * A4[1]


def test_an_overset_note_is_a_change_and_the_sheet_carries_it(rounds: Rounds, tmp_path: Path) -> None:
    """The build marks overset with a FreeText annotation on the page: the sheet must show it too."""
    writer = PdfWriter(clone_from=rounds.first)
    note = FreeText(text="OVERSET: 3 lines over", rect=(60, 780, 380, 808), font="Helvetica", font_color="cc0000")
    writer.add_annotation(page_number=4, annotation=note)
    noted = tmp_path / "noted.pdf"
    writer.write(noted)
    diff = diff_pdfs(rounds.first, noted)
    [page] = [p for p in diff.pages if p.status != "unchanged"]
    assert (page.status, page.new_index, page.added, page.removed) == ("changed", 4, [], [])
    [region] = page.regions
    assert region[0] <= 62 and region[2] >= 378 and region[1] <= 782 and region[3] >= 806, region
    result = cli_here("diff", str(rounds.first), str(noted), "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    [sheet] = PdfReader(tmp_path / "out" / "side-by-side.pdf").pages
    # The proof's own typesetting notes travel too; the overset note is the one FreeText among them.
    notes = [a.get_object() for a in sheet["/Annots"] if a.get_object()["/Subtype"] == "/FreeText"]
    assert len(notes) == 1
    shift = A4[0] + SHEET_GAP
    assert [float(v) for v in notes[0]["/Rect"]] == pytest.approx([60 + shift, 780, 380 + shift, 808], abs=0.01)


def test_identical_proofs_exit_0_and_leave_no_stale_sheet(rounds: Rounds, tmp_path: Path) -> None:
    out = tmp_path / "review"
    assert cli_here("diff", str(rounds.first), str(rounds.edited), "--out", str(out)).returncode == 1
    assert (out / "side-by-side.pdf").exists()
    copy = shutil.copyfile(rounds.first, tmp_path / "again.pdf")
    result = cli_here("diff", str(rounds.first), str(copy), "--out", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "(12 pages): identical" in result.stdout
    assert not (out / "side-by-side.pdf").exists()  # it showed the other comparison
    report = json.loads((out / "diff.json").read_text(encoding="utf-8"))
    assert report["changed"] is False
    assert {p["status"] for p in report["pages"]} == {"unchanged"}
    assert [p["new_label"] for p in report["pages"]] == list(PdfReader(copy).page_labels)


def test_missing_and_unreadable_pdfs_are_named_without_a_traceback(rounds: Rounds, tmp_path: Path) -> None:
    toml = tmp_path / "notes.pdf"
    toml.write_text("not a PDF\n", encoding="utf-8")
    missing = tmp_path / "round-0.pdf"
    result = cli_here("diff", str(missing), str(toml), "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"{missing}: no such file" in result.stderr
    assert f"{toml}: cannot be read as a PDF" in result.stderr
    assert "2 error(s)" in result.stderr
    assert not (tmp_path / "out").exists()
    result = cli_here("diff", str(rounds.first), str(rounds.first), "--out", str(toml))
    assert result.returncode == 1 and f"{toml}: is a file, not a folder" in result.stderr
