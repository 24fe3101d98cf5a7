"""The typesetting report: the lines a typesetter would look at again, named by page, counted, and
marked in the proof's margin; checked against the PDF with poppler's word boxes."""

from __future__ import annotations

import itertools
import re
import subprocess
from pathlib import Path

from pypdf import PdfReader

from conftest import IssueFolder, article, paragraphs, small_issue

# An address is never broken, and it does not fit beside the paragraph's first words: the first line
# can only be set loose (or overfull, which would be worse).
LOOSE = "Questions about the fair go to press@rheinwerk.example every weekday before noon. "


def _with_loose_line(issue: IssueFolder) -> IssueFolder:
    small_issue(issue)
    body = paragraphs(2) + "\n" + LOOSE + paragraphs(1).strip() + "\n\n" + paragraphs(3)
    issue.write("articles/river.md", article("The river economy", body, kicker="Key topic", author="Mara Quell"))
    return issue


def _poppler_words(pdf: Path, page: int) -> list[tuple[str, float, float, float, float]]:
    """(word, x0, y0, x1, y1) of one page, y from the top, as poppler sees them."""
    xml = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
    return [(w, float(a), float(b), float(c), float(d)) for a, b, c, d, w in re.findall(pattern, xml)]


def test_a_loose_line_is_named_by_page_counted_and_marked_beside_it(issue: IssueFolder) -> None:
    built = _with_loose_line(issue).build()
    named = [str(p) for p in built.typeset if '"Questions about' in str(p)]
    assert len(named) == 1, "\n".join(str(p) for p in built.typeset)
    found = re.match(r"articles/river\.md: flatplan\[2\], page (\d+): loose line \(([\d.]+) em", named[0])
    assert found, named[0]
    label, gap = found[1], float(found[2])
    shown = named[0].split(': "')[1].rstrip('"').split()
    assert gap > 0.75
    assert re.search(r"typesetting: [\d,]+ justified lines; [1-9]\d* loose lines? \(", built.typeset_summary)

    # Independently: poppler's word boxes of that line show the same gaps, in em of the 9 pt body.
    index = built.labels.index(label)
    words = _poppler_words(built.output, index + 1)
    start = next(i for i, w in enumerate(words) if w[0] == "Questions" and words[i + 1][0] == "about")
    line = words[start : start + len(shown)]
    assert [w[0] for w in line] == shown
    gaps = [(b[1] - a[3]) / 9.0 for a, b in itertools.pairwise(line)]
    assert min(gaps) > 0.75
    assert abs(sum(gaps) / len(gaps) - gap) < 0.1  # poppler's boxes are ink-tight, pdfium's advance-wide

    # The proof marks it: a note on that page whose frame holds the line.
    page = PdfReader(built.output).pages[index]
    notes = [a.get_object() for a in page.get("/Annots", [])]
    marked = [n for n in notes if n.get("/T") == "typesetting" and " ".join(shown) in n["/Contents"]]
    assert len(marked) == 1
    x0, y0, x1, y1 = (float(v) for v in marked[0]["/Rect"])
    height = float(page.cropbox.top)
    top_of_line = height - line[0][4]  # poppler measures from the crop box's top
    assert y0 <= top_of_line <= y1 + 2 and x0 <= line[0][1] <= x1


def test_print_carries_no_marks_and_reports_the_same_lines(issue: IssueFolder) -> None:
    built = _with_loose_line(issue).build(profile="print")
    assert any("loose line" in str(p) and '"Questions about' in str(p) for p in built.typeset)
    pdf = next(built.output.glob("*-print.pdf"))
    for page in PdfReader(pdf).pages:
        assert not [a for a in page.get("/Annots", []) if a.get_object().get("/T") == "typesetting"]


def test_the_command_prints_the_findings_and_a_summary_line(issue: IssueFolder, tmp_path: Path) -> None:
    from conftest import LAYOUTS, run_cli

    _with_loose_line(issue)
    done = run_cli("build", str(issue.root), "--layouts", str(LAYOUTS), "--out", str(tmp_path / "out"), "-j", "1")
    assert done.returncode == 0, done.stderr
    assert re.search(
        r'typesetting: articles/river.md: flatplan\[2\], page \d+: loose line \(.*"Questions about', done.stderr
    )
    summary = [line for line in done.stdout.splitlines() if line.startswith("typesetting:")]
    assert summary and "justified lines" in summary[0]


def test_a_column_ending_short_on_a_full_page_is_named_with_its_last_line() -> None:
    from weasyprint import HTML

    from vividprint.engine.setting import short_columns

    font = (Path(__file__).resolve().parents[1] / "fonts" / "noto-serif" / "NotoSerif-Regular.ttf").as_uri()
    text = "The harbour office opened its doors at seven, and by eight the first delegations were queuing. "
    html = f"""<html lang="en"><style>
      @font-face {{ font-family: Body; src: url({font}); }}
      @page {{ size: 150mm 80mm; margin: 10mm; }}
      body {{ font: 9pt/12pt Body; margin: 0; }}
      div {{ columns: 3; column-gap: 4mm; column-fill: auto; }}
      p {{ margin: 0; text-align: justify; }}
    </style><div><p>{text}</p><p id="early">Ends early here.</p>
      <p style="break-before: column">{text * 30}</p></div></html>"""
    document = HTML(string=html).render()
    assert len(document.pages) >= 2
    found = short_columns(document, len(document.pages))
    first_page = [line for line in found if line.page == 0]
    assert len(first_page) == 1, found
    assert first_page[0].text == "Ends early here." and first_page[0].short >= 3
    assert "column ending" in first_page[0].sentence() and '"Ends early here."' in first_page[0].sentence()
    assert not [line for line in found if line.page == len(document.pages) - 1]  # the last page ends as it may
