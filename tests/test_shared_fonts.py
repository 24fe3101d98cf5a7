"""One font program per face for the whole issue, shared by every part that uses the face."""

from __future__ import annotations

import subprocess
from collections import defaultdict

from pypdf import PdfReader

from conftest import IssueFolder, small_issue, words


def _programs(pdf) -> dict[str, set[int]]:  # type: ignore[no-untyped-def]
    """Face (BaseFont without its subset tag) -> the font programs its font dictionaries embed."""
    found: dict[str, set[int]] = defaultdict(set)
    for page in PdfReader(pdf).pages:
        for font in page["/Resources"].get("/Font", {}).values():
            font = font.get_object()
            if font.get("/Subtype") != "/Type0":
                continue
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
            key = "/FontFile2" if "/FontFile2" in descriptor else "/FontFile3"
            found[str(font["/BaseFont"]).split("+", 1)[-1]].add(descriptor.raw_get(key).idnum)
    return found


def test_each_face_is_embedded_once_and_every_page_still_reads(issue: IssueFolder) -> None:
    built = small_issue(issue).build()
    programs = _programs(built.output)
    assert len(programs) >= 5  # serif, display, sans in several weights
    assert all(len(ids) == 1 for ids in programs.values()), programs
    fonts = subprocess.run(["pdffonts", str(built.output)], capture_output=True, text=True, check=True).stdout
    assert all(row.split()[-5] == "yes" for row in fonts.splitlines()[2:])  # embedded
    assert "The river economy" in words(built.output)
    assert "Das Viertel am Hafen" in words(built.output)
    # Every glyph of every page is in the shared programs: poppler renders without a word.
    rendered = subprocess.run(
        ["pdftoppm", "-r", "20", "-png", str(built.output), str(issue.root.parent / "page")],
        capture_output=True,
        text=True,
    )
    assert rendered.returncode == 0 and rendered.stderr == "", rendered.stderr


def test_print_shares_the_fonts_too_and_stays_valid(issue: IssueFolder) -> None:
    built = small_issue(issue).build(profile="print")
    pdf = next(built.output.glob("*-print.pdf"))
    assert all(len(ids) == 1 for ids in _programs(pdf).values())
    check = subprocess.run(["qpdf", "--check", str(pdf)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
