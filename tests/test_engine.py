"""The flatplan engine: slots on their own, cached, in parallel; overset, underset, binding, assembly."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import IssueFolder, article, paragraphs, pdftotext, small_issue, supplied_pdf, words
from vividprint.build import BuildResult
from vividprint.errors import VividError


def _footer(pdf: Path, physical: int) -> list[str]:
    lines = [line for line in pdftotext(pdf, physical).splitlines() if line.strip()]
    return lines[-1].split()


def _flatplan_of(issue: IssueFolder, slots: str, first_page: int = 1, binding: str = "perfect") -> None:
    issue.manifest(
        f"""
        [issue]
        magazine = "VIVID"
        number = "3/2026"
        date = 2026-05-01
        layout = "vivid"

        [format]
        binding = "{binding}"
        first_page = {first_page}
        """
        + slots
    )


SHORT = "[[flatplan]]\narticle = 'articles/a.md'\ntemplate = 'portrait'\npages = {pages}\n"


@pytest.mark.parametrize("first_page", [1, 2])
def test_folio_and_side_follow_the_flatplan(issue: IssueFolder, first_page: int) -> None:
    """A slot starting on an odd folio starts on a right page; on an even folio, on a left page."""
    issue.write("articles/a.md", article("Alpha", paragraphs(14), kicker="One"))
    issue.write("articles/b.md", article("Beta", paragraphs(2), kicker="Two"))
    _flatplan_of(
        issue,
        SHORT.format(pages=3) + "[[flatplan]]\narticle = 'articles/b.md'\ntemplate = 'portrait'\npages = 1\n",
        first_page=first_page,
    )
    pdf = issue.build().output
    reader = PdfReader(pdf)
    assert list(reader.page_labels) == [str(first_page + i) for i in range(4)]
    for physical in range(1, 5):
        folio = first_page + physical - 1
        footer = _footer(pdf, physical) if pdftotext(pdf, physical).strip() else []
        if not footer:
            continue  # an underset page stays blank
        if folio % 2:
            assert footer[-1] == str(folio), f"right page {folio}: folio outside right, got {footer}"
        else:
            assert footer[0] == str(folio), f"left page {folio}: folio outside left, got {footer}"
    # The second slot starts at first_page + 3: its text sits on that page, mirrored margins included.
    second = first_page + 3
    assert "Beta" in pdftotext(pdf, 4)
    assert str(second) in _footer(pdf, 4)


def test_only_the_edited_slot_renders_again(issue: IssueFolder, tmp_path: Path) -> None:
    small_issue(issue)
    first = issue.build(jobs=2, own_cache=True)
    assert sorted(first.rendered) == sorted(
        ["covers.front", "flatplan[1]", "flatplan[2]", "flatplan[4]", "covers.inside-back"]
    )
    unchanged = issue.build(jobs=2, own_cache=True)
    assert unchanged.rendered == [] and len(unchanged.cached) == 5
    text = (issue.root / "articles/viertel.md").read_text(encoding="utf-8")
    (issue.root / "articles/viertel.md").write_text(text + "\nEin neuer Absatz am Ende.\n", encoding="utf-8")
    edited = issue.build(jobs=2, own_cache=True)
    assert edited.rendered == ["flatplan[4]"]
    assert "Ein neuer Absatz am Ende." in pdftotext(edited.output)


def test_a_title_change_renders_the_contents_page_too(issue: IssueFolder) -> None:
    small_issue(issue)
    issue.build(own_cache=True)
    path = issue.root / "articles/river.md"
    path.write_text(path.read_text(encoding="utf-8").replace("The river economy", "The new river"), "utf-8")
    again = issue.build(own_cache=True)
    assert sorted(again.rendered) == ["covers.front", "flatplan[1]", "flatplan[2]"]  # cover lines, contents


def test_layout_css_change_renders_everything(issue: IssueFolder, tmp_path: Path) -> None:
    import shutil

    from conftest import LAYOUTS

    layouts = tmp_path / "layouts"
    shutil.copytree(LAYOUTS, layouts)
    (tmp_path / "fonts").symlink_to(LAYOUTS.parent / "fonts")
    (tmp_path / "icc").symlink_to(LAYOUTS.parent / "icc")
    small_issue(issue)
    issue.build(layouts_dir=layouts, own_cache=True)
    css = layouts / "vivid/css/20-type.css"
    css.write_text(css.read_text(encoding="utf-8") + "\nh1.title { color: var(--deep); }\n", "utf-8")
    again = issue.build(layouts_dir=layouts, own_cache=True)
    assert len(again.rendered) == 5 and again.cached == []


def test_corrupt_cache_entry_is_rebuilt(issue: IssueFolder) -> None:
    small_issue(issue)
    issue.build(own_cache=True)
    parts = sorted((issue.root / ".vividprint-cache/parts").glob("*.pdf"))
    # Five slots; the cover twice: its picture is placed smaller than its pixels, and a proof embeds
    # 150 ppi of the placement (the slot is rendered again with a smaller copy).
    assert len(parts) == 6
    victim = next(part for part in parts if "Das Viertel am Hafen" in words(part))  # the contents page or the article
    victim.write_bytes(victim.read_bytes()[:200])  # truncated
    again = issue.build(own_cache=True)
    assert len(again.rendered) == 1 and len(again.cached) == 4
    assert len(PdfReader(again.output).pages) == 12
    assert victim.stat().st_size > 1000


def test_parallel_and_serial_builds_agree(issue: IssueFolder, tmp_path: Path) -> None:
    small_issue(issue)
    serial = issue.build(out=tmp_path / "serial", jobs=1, cache_dir=tmp_path / "c1").output
    parallel = issue.build(out=tmp_path / "parallel", jobs=2, cache_dir=tmp_path / "c2").output
    for page in range(1, 13):
        assert pdftotext(serial, page) == pdftotext(parallel, page)


def test_overset_names_the_figures(issue: IssueFolder) -> None:
    small_issue(issue)
    issue.write("articles/river.md", article("Too long", paragraphs(30), kicker="Key topic"))
    with pytest.raises(VividError) as info:
        issue.build()
    (problem,) = info.value.problems
    assert problem.file == "articles/river.md"
    assert problem.place == "flatplan[2] (page 2)"
    match = re.search(r"needs (\d+) pages but 3 are allotted; (\d+) lines of text are over", problem.message)
    assert match, problem.message
    assert int(match.group(1)) > 3 and int(match.group(2)) > 20


def test_allow_overset_builds_and_marks_the_page(issue: IssueFolder) -> None:
    small_issue(issue)
    issue.write("articles/river.md", article("Too long", paragraphs(30), kicker="Key topic"))
    result = issue.build(allow_overset=True)
    reader = PdfReader(result.output)
    assert len(reader.pages) == 12, "folios after the slot stay where the flatplan put them"
    last_of_slot = reader.pages[5]  # folio 4
    notes = [a.get_object() for a in last_of_slot.get("/Annots", [])]
    assert any("OVERSET" in str(n.get("/Contents", "")) for n in notes)
    assert any("overset" in w.message for w in result.warnings)


def test_underset_keeps_later_folios(small_proof: BuildResult) -> None:
    result = small_proof
    reader = PdfReader(result.output)
    assert pdftotext(result.output, 6).strip() == ""  # folio 4: the feature's spare page
    assert reader.page_labels[6] == "5" and "Supplied page 1" in pdftotext(result.output, 7)
    assert any(w.place == "flatplan[2] (page 2)" and "underset" in w.message for w in result.warnings)


def test_wrong_size_supplied_page_fails(issue: IssueFolder) -> None:
    small_issue(issue)
    supplied_pdf(issue.root / "supplied/ad.pdf", trim=(230, 300))
    with pytest.raises(VividError) as info:
        issue.build()
    text = str(info.value)
    assert "supplied/ad.pdf: page 1: trim is 230 × 300 mm but the issue's trim is 210 × 297 mm" in text


@pytest.mark.parametrize(
    ("binding", "pages", "expected"),
    [
        ("saddle-stitch", 4, "needs a multiple of 4 pages; the issue has 13 (covers included): add 3 or remove 1"),
        ("perfect", 4, "needs an even page count; the issue has 13"),
    ],
)
def test_binding_violation_fails(issue: IssueFolder, binding: str, pages: int, expected: str) -> None:
    small_issue(issue)
    path = issue.root / "issue.toml"
    text = path.read_text(encoding="utf-8").replace("pages = 3", f"pages = {pages}", 1)
    path.write_text(text.replace("[covers]", f'[format]\nbinding = "{binding}"\n\n[covers]'), encoding="utf-8")
    with pytest.raises(VividError, match=re.escape(expected)):
        issue.build()


def test_page_labels_outline_and_metadata(small_proof: BuildResult) -> None:
    reader = PdfReader(small_proof.output)
    assert list(reader.page_labels) == ["U1", "U2", "1", "2", "3", "4", "5", "6", "7", "8", "U3", "U4"]
    outline = [(item.title, reader.get_destination_page_number(item)) for item in reader.outline]
    assert outline == [("The river economy", 3), ("Das Viertel am Hafen", 7)]
    meta = reader.metadata
    assert meta.title == "VIVID 1/2026 – River economy"
    assert meta["/CreationDate"].startswith("D:20260201")
    assert reader.trailer["/Root"]["/Lang"] == "en"


def test_nothing_changed_writes_nothing(issue: IssueFolder) -> None:
    small_issue(issue)
    first = issue.build(own_cache=True).output
    stamp = first.stat().st_mtime_ns
    again = issue.build(own_cache=True)
    assert again.rendered == [] and again.output == first and first.stat().st_mtime_ns == stamp
    assert len(again.labels) == 12
    first.write_bytes(b"damaged")  # an output changed since is written again
    issue.build(own_cache=True)
    assert len(PdfReader(first).pages) == 12
