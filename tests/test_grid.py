"""The baseline grid: body lines of neighbouring columns on the same baselines, pictures in whole lines.

Measured from real builds with the typesetting audit's lines (pdfium's character boxes)."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as raw
import pytest

from conftest import LOREM_EN, IssueFolder, article, photo
from vividprint.engine.audit import Audit, Line, audit
from vividprint.engine.grid import extra_for
from vividprint.inputs.layout import GridSpec
from vividprint.plan.templates import figure_lines

GRID = 12.4  # pt, layouts/vivid/layout.toml [grid] line
SAME = 0.5  # pt: two baselines this close are one


def shared_beside(result: Audit) -> tuple[int, int]:
    """(lines sharing a baseline with the next column, lines the next column has a line beside): a
    line counts where the next column holds body text within half a line of it, not beside a picture."""
    shared = total = 0
    columns = result.columns()
    for (page, column), lines in columns.items():
        neighbour = columns.get((page, column + 1), [])
        for line in lines:
            near = [n.baseline for n in neighbour if abs(n.baseline - line.baseline) < GRID / 2]
            if near:
                total += 1
                shared += any(abs(b - line.baseline) < SAME for b in near)
    return shared, total


def whole_lines(distance: float) -> bool:
    return abs(distance / GRID - round(distance / GRID)) * GRID < SAME


def test_figure_lines_follow_the_pictures_shape_at_the_columns_width() -> None:
    grid = GridSpec()
    assert grid.column_pt(3) == pytest.approx(56 * 72 / 25.4)
    # 3:2 in a 56 mm column is 37.3 mm high: 8.5 lines, to the nearest line 9.
    assert figure_lines(1500, 1000, 3, grid) == 9
    assert figure_lines(1500, 1000, 2, grid) == 13  # 86.25 mm wide: 57.5 mm, 13.1 lines
    assert figure_lines(2400, 1000, 3, grid) == 5  # a panorama: 23.3 mm
    assert figure_lines(1000, 1500, 3, grid) == grid.figure_max_lines  # a portrait would fill the column
    assert figure_lines(10000, 100, 3, grid) == 1  # never nothing
    assert figure_lines(0, 0, 3, grid) == 1


def test_grid_line_is_a_length_in_pt_or_mm() -> None:
    assert GridSpec.model_validate({"line": "13.2pt"}).line == pytest.approx(13.2)
    assert GridSpec.model_validate({"line": "5mm"}).line == pytest.approx(5 * 72 / 25.4)
    for wrong in ("13.2", "0pt", "1em", 12):
        with pytest.raises(ValueError, match="length in pt or mm"):
            GridSpec.model_validate({"line": wrong})


def test_a_block_is_grown_to_the_next_whole_line() -> None:
    assert extra_for(24.8, 12.4) == pytest.approx(0)
    assert extra_for(24.80001, 12.4) == pytest.approx(0)  # float sums are not exact
    assert extra_for(25.0, 12.4) == pytest.approx(12.2)
    assert extra_for(3.0, 12.4) == pytest.approx(9.4)


def _paragraph(n: int) -> str:
    return (LOREM_EN * (2 + n % 2)).strip()


def _feature(issue: IssueFolder, template: str = "feature", pages: int = 2) -> Path:
    """A feature whose columns hold crossheads of one and two lines, a picture with a two-line caption
    and a pull quote: everything that stands between paragraphs at other sizes."""
    photo(issue.root / "images/hero.jpg", (1600, 1000), seed=2)
    photo(issue.root / "images/crane.jpg", (1500, 1000), seed=4)
    body = []
    for i in range(9):
        if i in (2, 6):
            body.append("## The harbour office opens" + (" its doors to the delegations" if i == 6 else ""))
        body.append(_paragraph(i))
    issue.write(
        "articles/river.md",
        article(
            "The river economy",
            "\n\n".join(body) + "\n",
            kicker="Key topic",
            lead="Why the harbour matters again.",
            author="Mara Quell",
            quote="Trade in the city has always followed the river, and it still does.",
            images=[
                {"src": "images/hero.jpg", "caption": "The harbour at dawn.", "role": "hero"},
                {
                    "src": "images/crane.jpg",
                    "caption": "The old cranes stand under a preservation order and frame the new offices.",
                    "credit": "Jo Lang",
                    "role": "inline",
                },
            ],
        ),
    )
    issue.manifest(
        f"""
        [issue]
        magazine = "VIVID"
        number = "1/2026"
        date = 2026-02-01
        language = "en"
        layout = "vivid"

        [format]
        binding = "perfect"

        [[flatplan]]
        article = "articles/river.md"
        template = "{template}"
        pages = {pages}
        """
    )
    return issue.build().output


@pytest.fixture(scope="module")
def feature(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _feature(IssueFolder(tmp_path_factory.mktemp("grid") / "issue"))


def _columns_of(result: Audit, page: int) -> list[list[Line]]:
    found = result.columns()
    return [found[key] for key in sorted(found) if key[0] == page]


def test_body_lines_of_neighbouring_columns_share_baselines(feature: Path) -> None:
    result = audit([feature], 9.0)
    shared, total = shared_beside(result)
    assert total > 100, "the columns stand beside each other over most of the pages"
    assert shared / total >= 0.95
    # Every column's lines are whole lines apart, from one column top to the other's.
    for page in {line.page for line in result.lines}:
        columns = _columns_of(result, page)
        origin = max(line.baseline for line in columns[0])
        for lines in columns:
            assert all(whole_lines(origin - line.baseline) for line in lines), f"page {page + 1}"


def test_the_crossheads_quote_and_figure_are_all_there(feature: Path) -> None:
    document = pdfium.PdfDocument(str(feature))
    text = " ".join(page.get_textpage().get_text_bounded() for page in document)
    assert "The harbour office opens its doors" in " ".join(text.split())
    assert "it still does" in text
    assert "preservation order" in text


def _image_boxes(path: Path) -> list[tuple[int, float, float, float]]:
    """(page, left, top, bottom) in pt of every picture drawn."""
    found = []
    for index, page in enumerate(pdfium.PdfDocument(str(path))):
        for obj in page.get_objects(filter=(raw.FPDF_PAGEOBJ_IMAGE,), max_depth=4):
            left, bottom, _, top = obj.get_bounds()
            found.append((index, left, top, bottom))
    return found


def test_a_figure_takes_whole_grid_lines(feature: Path) -> None:
    result = audit([feature], 9.0)
    figures = [box for box in _image_boxes(feature) if box[2] - box[3] < 200]  # not the opening picture
    assert figures, "the inline picture is drawn"
    page, left, top, bottom = figures[0]
    # 1500 x 1000 in a 56 mm column: 9 lines, cropped around its focus to exactly that (the picture is
    # wider than the column then, and clipped at its sides).
    assert top - bottom == pytest.approx(9 * GRID, abs=SAME)
    # Picture, caption and the line of space after them: the text goes on whole lines further down, on
    # the lines of the columns beside.
    columns = _columns_of(result, page)
    origin = max(line.baseline for lines in columns for line in lines)
    column = next(lines for lines in columns if -2 < min(n.left for n in lines) - left < 20)
    below = max(line.baseline for line in column if line.baseline < bottom)
    assert whole_lines(origin - below)
    assert top - below >= (9 + 1) * GRID  # the picture, a caption line, and the space after them
    above = [line.baseline for line in column if line.baseline > top]
    if above:
        assert whole_lines(min(above) - below)


def _laid_out(html: str) -> dict[str, tuple[float, float]]:
    """(top of the border box, its height) in pt of every element with an id, laid out with the grid."""
    from weasyprint import HTML

    from vividprint.engine import grid

    grid.use()
    try:
        document = HTML(string=html).render()
    finally:
        grid.use(False)
    found = {}
    for box in document.pages[0]._page_box.descendants():
        if box.element is not None and box.element.get("id") and box.element_tag != "html":
            key = box.element.get("id")
            if key not in found:
                found[key] = (box.border_box_y() * 0.75, box.border_height() * 0.75)
    return found


PAGE = """<style>:root {{ --grid: 12pt }} @page {{ size: 100mm 100mm; margin: 0 }}
  body {{ margin: 0; font: 10pt/12pt serif }} p {{ margin: 0 }} {css}</style>{body}"""


@pytest.mark.parametrize("mode", ["start", "center", "end", "above"])
def test_a_marked_block_is_grown_to_whole_lines_where_it_says(mode: str) -> None:
    css = f".q {{ --snap: {mode}; line-height: 17pt; padding-top: 3pt }}"
    boxes = _laid_out(PAGE.format(css=css, body="<p id=a>a</p><div class=q id=q><p id=t>quote</p></div><p id=b>b</p>"))
    q_top, q_height = boxes["q"]
    # 3 + 17 pt, grown to two lines: in the box, or (above) in the margin before it
    assert q_height == pytest.approx(20 if mode == "above" else 24)
    assert boxes["b"][0] == pytest.approx(12 + 24)  # what follows is on the grid
    text_top = boxes["t"][0]
    expected = {"start": 12 + 4 + 3, "center": 12 + 2 + 3, "end": 12 + 3, "above": 12 + 4 + 3}[mode]
    assert text_top == pytest.approx(expected)
    if mode == "above":
        assert q_top == pytest.approx(12 + 4)  # the border box itself moved down


def test_an_unmarked_block_is_left_alone() -> None:
    css = ".q { line-height: 17pt }"
    boxes = _laid_out(PAGE.format(css=css, body="<div class=q id=q>quote</div><p id=b>b</p>"))
    assert boxes["q"][1] == pytest.approx(17)


def test_a_column_that_starts_with_a_heading_starts_at_the_columns_top() -> None:
    css = ".c { columns: 2; column-fill: auto; height: 96pt } h2 { margin: 12pt 0 0; font: 10pt/12pt serif }"
    lines = "<br>".join("line" for _ in range(8))
    boxes = _laid_out(PAGE.format(css=css, body=f"<div class=c><p id=a>{lines}</p><h2 id=h>Head</h2><p>x</p></div>"))
    assert boxes["h"][0] == pytest.approx(boxes["a"][0])  # beside the first line of the first column
