"""The ink preflight as a printing house runs it: supplied ads with one hazard each, and pages of our own.

Each hazard is built into the small issue's print build and must stop it with a message naming file,
page and what to do. What the preflight measures is checked with tools vividprint does not use for
writing: Ghostscript's separations (tiffsep) for ink coverage, plates and overprint, poppler's pdffonts
and pdfimages for fonts and resolution.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import numpy as np
import pikepdf
import pytest
from PIL import Image

from conftest import (
    LAYOUTS,
    IssueFolder,
    cli_here,
    hazard_pdf,
    heavy_photo,
    layout_copy,
    photo,
    separations,
    small_issue,
)
from vividprint.build import BuildResult
from vividprint.check.seen import ImageUse
from vividprint.check.walk import walk_page
from vividprint.errors import VividError

AD = "supplied/u4.pdf"  # the back cover: one slot, covers.back

EXPECTED = {
    "ink": "supplied/u4.pdf: page 1: a fill in C100 M90 Y90 K100 reaches 380 % ink, above the limit of 300 % "
    "([print] max_ink) (covers.back): ask for the page separated for the paper, with at most 300 % ink",
    "spot": 'supplied/u4.pdf: page 1: a fill in the spot colour "PANTONE 185 C" needs a plate this job does not '
    'have (covers.back): ask for the page in CMYK only, or list "PANTONE 185 C" in layout.toml\'s [print] plates '
    "if the job prints it as a plate of its own",
    "font": "supplied/u4.pdf: page 1: font Helvetica is not embedded (covers.back): ask for the page with all "
    "fonts embedded",
    "lowres": "supplied/u4.pdf: page 1: image Im0 (157 × 110 px) prints at 40 ppi, below the minimum of 150 "
    "(covers.back): ask for the page with images of at least 300 ppi",
    "white": "supplied/u4.pdf: page 1: white fill is set to overprint and vanishes on press (covers.back): ask "
    "for the page with white set to knock out",
    "rgb-form": "supplied/u4.pdf: page 1: contains RGB (image Im0 in form Fm0 in DeviceRGB); a print PDF must be "
    "CMYK only: ask for a CMYK (PDF/X) version of this page (covers.back)",
}
PREFLIGHT_WORDS = ("% ink", "spot colour", "overprint", "rich black", "pt thin", "RGB", "Lab", "embedded", "malformed")


def peak_ink(plates: dict[str, np.ndarray]) -> float:
    return float(sum(plates.values()).max() * 100)


def print_fails(issue: IssueFolder, tmp_path: Path, *args: str) -> str:
    out = tmp_path / "out"
    result = cli_here(
        "build", str(issue.root), "--profile", "print", "--out", str(out), "--layouts", str(LAYOUTS), *args
    )
    assert result.returncode == 1, result.stderr
    assert not out.exists() or not any(out.iterdir()), "nothing is written"
    return " ".join(result.stderr.split())


def report(result: BuildResult) -> dict[str, dict]:
    pages = json.loads((result.output / "report.json").read_text())["per_page"]
    return {page["label"]: page for page in pages}


@pytest.mark.parametrize("hazard", sorted(EXPECTED))
def test_each_hazard_in_a_supplied_ad_stops_the_print_build(issue: IssueFolder, tmp_path: Path, hazard: str) -> None:
    small_issue(issue)
    hazard_pdf(issue.root / AD, hazard)
    stderr = print_fails(issue, tmp_path)
    assert EXPECTED[hazard] in stderr
    assert "1 error(s)" in stderr, "the hazard is the only error: the rest of the ad is clean"


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    issue = small_issue(IssueFolder(tmp_path_factory.mktemp("clean") / "issue"))
    hazard_pdf(issue.root / AD, "clean")
    return issue.build(profile="print")


def test_a_clean_issue_passes_with_no_ink_findings(clean: BuildResult, tmp_path: Path) -> None:
    assert not [w for w in clean.warnings if any(word in w.message for word in PREFLIGHT_WORDS)]
    pages = report(clean)
    assert list(pages) == ["U1", "U2", *map(str, range(1, 9)), "U3", "U4"]
    for label, page in pages.items():
        assert page["peak_ink"] <= 300, label
        assert set(page["inks"]) <= {"Cyan", "Magenta", "Yellow", "Black"}, label
        assert not [f for f in page["findings"] if any(word in f for word in PREFLIGHT_WORDS)], label
    # The ad: a cyan ground at 20 % and a K100 box; Ghostscript's plates agree.
    assert pages["U4"]["peak_ink"] == 100 and pages["U4"]["inks"] == ["Cyan", "Black"]
    plates = separations(clean.output / "vivid-1-2026_U4.pdf", tmp_path)
    assert round(peak_ink(plates)) == 100
    assert {name for name, ink in plates.items() if ink.max() > 0.01} == {"Cyan", "Black"}


def test_the_job_report_gives_each_page_its_ink_plates_fonts_and_images(clean: BuildResult, tmp_path: Path) -> None:
    pages = report(clean)
    cover = pages["U1"]
    assert cover["file"] == "issue.toml" and cover["page"] == "covers.front, U1"
    assert any(font.startswith("Vivid-") for font in cover["fonts"])
    ((image, ppi),) = cover["images"]
    assert image == "images/cover.jpg" and 200 <= ppi <= 230
    assert "images/cover.jpg prints at" in " ".join(cover["findings"]), "the page's warnings are with it"
    # The peak of an own page, against Ghostscript's plates of the page as delivered.
    plates = separations(clean.output / "vivid-1-2026_p002.pdf", tmp_path)
    assert abs(pages["2"]["peak_ink"] - peak_ink(plates)) < 8, (pages["2"]["peak_ink"], peak_ink(plates))
    assert pages["U2"]["file"] == "supplied/ad.pdf" and pages["U2"]["page"] == "page 1"
    text = (clean.output / "report.txt").read_text()
    assert "    U4  ink 100.0 %  plates C K  (supplied/u4.pdf, page 1)" in text
    assert "        image: images/cover.jpg at" in text


def test_supplied_hazards_measured_independently(tmp_path: Path) -> None:
    """What the messages say, seen by Ghostscript and poppler in the ads themselves."""
    ads = {hazard: hazard_pdf(tmp_path / f"{hazard}.pdf", hazard) for hazard in EXPECTED}
    assert round(peak_ink(separations(ads["ink"], tmp_path))) == 380
    assert "PANTONE 185 C" in separations(ads["spot"], tmp_path)
    fonts = subprocess.run(["pdffonts", str(ads["font"])], capture_output=True, text=True, check=True).stdout
    (row,) = fonts.splitlines()[2:]
    assert row.split()[:5] == ["Helvetica", "Type", "1", "Standard", "no"]  # name, type, encoding, emb
    images = subprocess.run(["pdfimages", "-list", str(ads["lowres"])], capture_output=True, text=True, check=True)
    (row,) = [r.split() for r in images.stdout.splitlines()[2:]]
    assert (row[12], row[13]) == ("40", "40")  # x-ppi, y-ppi
    images = subprocess.run(["pdfimages", "-list", str(ads["rgb-form"])], capture_output=True, text=True, check=True)
    assert [r.split()[5] for r in images.stdout.splitlines()[2:]] == ["rgb"]
    # Overprinted white leaves the cyan ground under it: the box (200-380 x 300-420 pt) is not there.
    plates = separations(ads["white"], tmp_path)
    x, y = round(290 / 72 * 25.4), plates["Cyan"].shape[0] - round(360 / 72 * 25.4)
    assert abs(plates["Cyan"][y, x] - 0.2) < 0.01
    clean = separations(hazard_pdf(tmp_path / "knockout.pdf", "clean"), tmp_path)
    assert abs(clean["Cyan"][y, x] - 0.2) < 0.01  # the same spot of the clean ad: the ground alone


def test_what_the_layout_allows_builds_and_the_report_says_it(tmp_path: Path) -> None:
    """A higher ink limit and a declared spot plate let the same hazards through; the job report gives
    the ink Ghostscript measures on the delivered pages, and the extra plate."""
    layouts = layout_copy(tmp_path, 'max_ink = 400\nplates = ["PANTONE 185 C"]')
    issue = small_issue(IssueFolder(tmp_path / "issue"))
    hazard_pdf(issue.root / AD, "ink")
    hazard_pdf(issue.root / "supplied/ad.pdf", "spot")
    heavy_photo(issue.root / "images/hero.jpg", (1600, 1000), seed=2)
    result = issue.build(profile="print", layouts_dir=layouts)
    pages = report(result)
    assert pages["U4"]["peak_ink"] == 380
    assert round(peak_ink(separations(result.output / "vivid-1-2026_U4.pdf", tmp_path))) == 380
    assert pages["U2"]["inks"] == ["Cyan", "Black", "PANTONE 185 C"] == pages["5"]["inks"]
    assert "PANTONE 185 C" in separations(result.output / "vivid-1-2026_U2.pdf", tmp_path)
    # The CMYK photo's flat shadow, C90 M85 Y85 K100, on the article's first page.
    assert abs(pages["2"]["peak_ink"] - 360) <= 1
    assert abs(peak_ink(separations(result.output / "vivid-1-2026_p002.pdf", tmp_path)) - 360) <= 2


def test_rich_black_text_and_rgb_gradients_of_the_layout_are_refused(issue: IssueFolder, tmp_path: Path) -> None:
    """Both in one run: the body colour made rich black in layout.toml, a gradient in RGB in the CSS. The
    gradient is named once per page, by its element, and never reaches the page to be found there as RGB."""
    layouts = layout_copy(tmp_path, css=".kicker { background: linear-gradient(#e2482d, #1d3b5c); }\n")
    toml = layouts / "vivid/layout.toml"
    toml.write_text(toml.read_text().replace("ink = { cmyk = [0, 0, 0, 100]", "ink = { cmyk = [60, 40, 40, 100]"))
    small_issue(issue)
    with pytest.raises(VividError) as info:
        issue.build(profile="print", layouts_dir=layouts)
    problems = [str(p) for p in info.value.problems]
    assert (
        "articles/river.md: flatplan[2], page 2: text set in rich black C60 M40 Y40 K100 at 6.6 pt: use 100 % K "
        "(template 'feature'; text colours are layout.toml's [colors])"
    ) in problems
    gradients = [
        p for p in problems if "linear-gradient" in p and p.startswith("articles/river.md: flatplan[2], page 2")
    ]
    assert gradients == [
        "articles/river.md: flatplan[2], page 2: p.kicker paints a linear-gradient in #e2482d, #1d3b5c (template "
        "'feature'): print takes gradients and shadows only in CMYK; give every colour of it as a var(--colour) "
        "from layout.toml"
    ]
    assert not [p for p in problems if "RGB" in p and "gradient" not in p]


def test_hairlines_are_a_warning_in_the_report(issue: IssueFolder, tmp_path: Path) -> None:
    layouts = layout_copy(tmp_path, css=".kicker { border-bottom: 0.1pt solid var(--ink); }\n")
    small_issue(issue)
    result = issue.build(profile="print", layouts_dir=layouts)
    message = (
        "has lines 0.1 pt thin, below 0.125 pt, which break up or vanish on press (template 'feature'): give the "
        "layout's CSS lines of at least 0.125 pt"
    )
    assert f"articles/river.md: flatplan[2], page 2: {message}" in [str(w) for w in result.warnings]
    assert message in report(result)["2"]["findings"]


def test_a_proof_warns_about_what_print_refuses(issue: IssueFolder) -> None:
    small_issue(issue)
    hazard_pdf(issue.root / AD, "ink")
    result = issue.build()
    assert EXPECTED["ink"] in [str(w) for w in result.warnings]


def test_the_layout_names_its_plates_and_ink_limit_correctly(tmp_path: Path) -> None:
    layouts = layout_copy(tmp_path, 'max_ink = 50\nplates = ["Black"]')
    issue = small_issue(IssueFolder(tmp_path / "issue"))
    result = cli_here("check", str(issue.root), "--layouts", str(layouts))
    assert result.returncode == 1
    stderr = " ".join((result.stdout + result.stderr).split())  # check prints its table on stdout
    assert "layouts/vivid/layout.toml: print.max_ink: Input should be greater than or equal to 100" in stderr
    assert (
        "layouts/vivid/layout.toml: print.plates: 'Black' is a process ink, not a spot colour: list only the extra "
        'plates ("PANTONE 185 C")'
    ) in stderr


def _embedded_inks(pdf: Path, page: int, tmp_path: Path) -> list[float]:
    """The highest ink of each channel (C, M, Y, K) of the image on a page, as poppler extracts it."""
    tmp_path.mkdir()
    subprocess.run(["pdfimages", "-f", str(page), "-l", str(page), "-j", str(pdf), str(tmp_path / "im")], check=True)
    (jpeg,) = tmp_path.glob("im-*.jpg")
    with Image.open(jpeg) as im:
        assert im.mode == "CMYK"
        return [high / 255 for _, high in im.getextrema()]  # Pillow reads Adobe CMYK JPEGs as ink


def _pictures(pdf: Path) -> list[ImageUse]:
    with pikepdf.open(pdf) as doc:
        return [image for image in walk_page(doc.pages[0]).images if image.width >= 1000]


def test_greyscale_photos_are_found_on_the_black_plate_alone(issue: IssueFolder, tmp_path: Path) -> None:
    """A greyscale original goes to print as DeviceGray (Ghostscript's plates of it: test_colour_print.py),
    and the walk counts DeviceGray as black ink only; a CMYK original in black ink alone stays as it is."""
    small_issue(issue)
    photo(issue.root / "images/hero.jpg", (1600, 1000), seed=2, mode="L")
    result = issue.build(profile="print")
    (grey,) = _pictures(result.output / "vivid-1-2026_p002.pdf")
    assert grey.space == "DeviceGray" and grey.ink is not None and grey.ink.plates == ("Black",)
    photo(issue.root / "images/hero.jpg", (1600, 1000), seed=2, mode="K")
    result = issue.build(profile="print")
    cyan, magenta, yellow, black = _embedded_inks(result.output / "vivid-1-2026_p002.pdf", 1, tmp_path / "k")
    assert max(cyan, magenta, yellow) < 0.02 < black
    (black_only,) = _pictures(result.output / "vivid-1-2026_p002.pdf")
    assert black_only.space == "DeviceCMYK" and black_only.ink is not None and black_only.ink.plates == ("Black",)
