"""A small issue built for real and read back with pypdf and poppler-utils."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pyphen
from pypdf import PdfReader

from conftest import LAYOUTS, SESSION, IssueFolder, article, paragraphs, pdftotext, run_cli, small_issue
from vividprint.build import BuildResult


def test_output_name_and_page_order(small_proof: BuildResult) -> None:
    pdf = small_proof.output
    assert pdf.name == "vivid-1-2026-proof.pdf"
    reader = PdfReader(pdf)
    # U1 U2 | contents 1 | feature 2-4 | ad 5 | feature 6-8 | U3 U4
    assert len(reader.pages) == 12
    assert list(reader.page_labels) == ["U1", "U2", "1", "2", "3", "4", "5", "6", "7", "8", "U3", "U4"]
    assert "Supplied page 1" in pdftotext(pdf, 2)  # U2 is the supplied ad
    assert "Supplied page 1" in pdftotext(pdf, 7)  # folio 5: the ad placed in the flatplan
    assert "Supplied page 1" in pdftotext(pdf, 12)
    assert "River economy" in pdftotext(pdf, 1)
    assert "The river economy" in pdftotext(pdf, 4)
    assert "Das Viertel am Hafen" in pdftotext(pdf, 8)


def test_trim_size_on_every_page(small_proof: BuildResult) -> None:
    pdf = small_proof.output
    info = subprocess.run(
        ["pdfinfo", "-box", "-f", "1", "-l", "12", str(pdf)], capture_output=True, text=True, check=True
    )
    trims = re.findall(r"Page\s+\d+ TrimBox:\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)", info.stdout)
    assert len(trims) == 12
    for left, bottom, right, top in trims:
        width, height = float(right) - float(left), float(top) - float(bottom)
        assert abs(width - 595.28) < 0.5 and abs(height - 841.89) < 0.5
    # The media box holds the slug below the trim (test_proof_extras.py): 10 mm more, no wider.
    sizes = re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", info.stdout)
    assert all(abs(float(w) - 595.28) < 0.5 and abs(float(h) - 841.89 - 28.35) < 0.5 for w, h in sizes)


def test_folios_on_the_right_pages(small_proof: BuildResult) -> None:
    pdf = small_proof.output
    # Folio 2 opens the first feature on a left-hand page; folio 3 is the right-hand page after it.
    for physical, folio in [(4, 2), (5, 3), (8, 6)]:
        lines = [line for line in pdftotext(pdf, physical).splitlines() if line.strip()]
        footer = lines[-1].split()
        assert str(folio) in footer, f"page {physical}: footer {footer}"
        if folio % 2:  # right-hand page: folio last on the line
            assert footer[-1] == str(folio)
        else:
            assert footer[0] == str(folio)
    for cover in (1, 11):
        assert not re.search(r"^\s*\d+\s*$", pdftotext(pdf, cover).strip().splitlines()[-1])


def test_contents_lists_real_start_pages(small_proof: BuildResult) -> None:
    pdf = small_proof.output
    contents = pdftotext(pdf, 3)
    starts = {}
    for title in ("The river economy", "Das Viertel am Hafen"):
        found = [i for i in range(4, 11) if title in pdftotext(pdf, i)]
        starts[title] = PdfReader(pdf).page_labels[found[0] - 1]
    assert starts == {"The river economy": "2", "Das Viertel am Hafen": "6"}
    compact = " ".join(contents.split())
    assert re.search(r"\b2\b.*The river economy", compact)
    assert re.search(r"\b6\b.*Das Viertel am Hafen", compact)


def test_every_font_embedded_and_from_the_layout(small_proof: BuildResult) -> None:
    result, pdf = small_proof, small_proof.output
    listing = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in listing.splitlines()[2:] if line.strip()]
    assert rows, listing
    # The layout's families, and the test's own supplied ad pages (set in Inter as "Ad Sans").
    layout_families = {"Vivid-Serif", "Vivid-Display", "Vivid-Sans", "Vivid-CJK", "Ad-Sans"}
    for row in rows:
        name = row[0].split("+", 1)[-1]
        emb = row[-5]
        assert emb == "yes", f"{name} not embedded"
        assert any(name == f or name.startswith(f + "-") for f in layout_families), name
    assert not [w for w in result.warnings if "font" in w.message]


def test_german_hyphenated_with_de_de(issue: IssueFolder) -> None:
    text = (
        "Die Wirtschaftsförderungsgesellschaft und die Stadtentwicklungsgesellschaft beraten "
        "Immobilienprojektentwickler bei der Gewerbeflächenentwicklung im Hafenquartier. "
    )
    issue.write("articles/de.md", article("Hafen", paragraphs(4, text), language="de-DE"))
    issue.manifest(
        """
        [issue]
        magazine = "VIVID"
        number = "2/2026"
        date = 2026-03-01
        layout = "vivid"

        [format]
        binding = "perfect"

        [[flatplan]]
        article = "articles/de.md"
        template = "portrait"
        pages = 2
        """
    )
    pdf = issue.build().output
    text_out = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    broken = re.findall(r"(\w+)[-\u2010]\n(\w+)", text_out)
    assert len(broken) >= 5, "three narrow columns of long compounds must hyphenate"
    dictionary = pyphen.Pyphen(lang="de_DE")
    for head, tail in broken:
        word = head + tail
        assert len(head) in dictionary.positions(word), f"{head}-{tail} is not a de-DE break of {word}"
    breaks = {(head + tail, len(head)) for head, tail in broken}
    assert len(breaks) >= 4, "several different words and break points"


def test_cli_builds_and_reports(issue: IssueFolder, tmp_path: Path) -> None:
    small_issue(issue)
    out = tmp_path / "cli-out"
    cache = str(SESSION.parts)  # counts no slots: the session's cache may have them
    result = run_cli("build", str(issue.root), "--out", str(out), "--layouts", str(LAYOUTS), "--cache", cache)
    assert result.returncode == 0, result.stderr
    assert (out / "vivid-1-2026-proof.pdf").is_file()
    assert "12 pages" in result.stdout
    assert "underset" in result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["vivid-1-2026-proof-spreads.pdf", "vivid-1-2026-proof.pdf"], (
        "no temporary files left"
    )


def test_overset_fails(issue: IssueFolder, tmp_path: Path) -> None:
    small_issue(issue)
    issue.write("articles/river.md", article("Too long", paragraphs(40)))
    out = tmp_path / "out"
    cache = str(SESSION.parts)
    result = run_cli("build", str(issue.root), "--out", str(out), "--layouts", str(LAYOUTS), "--cache", cache)
    assert result.returncode == 1
    message = " ".join(result.stderr.split())
    assert "articles/river.md: flatplan[2] (page 2): overset: needs" in message
    assert not out.exists() or not list(out.iterdir())
