"""Colour in the print delivery, one hazard per issue: a greyscale photo, a CMYK photo over the ink
limit, gradients in the layout's CSS, solid black text over colour, an SVG, --allow-overset.

Each delivery is read back with tools vividprint does not write with: Ghostscript's tiffsep device
renders the four separations (the ink of each plate, measured in pixels), poppler lists the images and
renders the pages, pikepdf walks every colour space and content stream of the file. A clean issue passes
the same checks.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pikepdf
import pytest
from PIL import Image

from conftest import LAYOUTS, IssueFolder, article, cli_here, layout_copy, paragraphs, photo, small_issue
from conftest import separations as plates_of
from vividprint.build import BuildResult
from vividprint.errors import VividError

INKS = ("Cyan", "Magenta", "Yellow", "Black")
WHOLE = "vivid-1-2026-print.pdf"
GS = ("gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER")

pytestmark = pytest.mark.skipif(shutil.which("gs") is None, reason="Ghostscript (Debian ghostscript) is needed")


# --------------------------------------------------------------------------- reading a delivery back


def separations(pdf: Path, page: int, tmp: Path, dpi: int = 100) -> dict[str, np.ndarray]:
    """Ink per plate of one page (1-based), 0..100 %, as Ghostscript's tiffsep device separates it."""
    return {ink: plate * 100 for ink, plate in plates_of(pdf, tmp, page, dpi).items()}


def renders_cleanly(pdf: Path, tmp: Path) -> None:
    """poppler and Ghostscript render every page without an error or a warning."""
    tmp.mkdir(parents=True, exist_ok=True)
    poppler = subprocess.run(["pdftoppm", "-r", "20", "-png", str(pdf), str(tmp / "p")], capture_output=True, text=True)
    assert poppler.returncode == 0 and not poppler.stderr, f"pdftoppm on {pdf.name}: {poppler.stderr}"
    ghost = subprocess.run(
        [*GS, "-sDEVICE=png16m", "-r20", f"-sOutputFile={tmp}/g%d.png", str(pdf)], capture_output=True, text=True
    )
    assert ghost.returncode == 0 and not ghost.stdout and not ghost.stderr, (
        f"gs on {pdf.name}: {ghost.stdout}{ghost.stderr}"
    )


def _space(space: object) -> str:
    """A colour space as a short name: DeviceCMYK, ICCBased/4, Indexed(DeviceRGB), Separation/PANTONE..."""
    if isinstance(space, pikepdf.Name):
        return str(space)[1:]
    if isinstance(space, pikepdf.Array) and len(space):
        family = str(space[0])[1:]
        if family == "ICCBased":
            return f"ICCBased/{int(space[1].get('/N', 0))}"
        if family == "Indexed":
            return f"Indexed({_space(space[1])})"
        if family in ("Separation", "DeviceN"):
            return f"{family}({_space(space[2])})"
        if family == "Pattern" and len(space) > 1:
            return f"Pattern({_space(space[1])})"
        return family
    return repr(space)


RGB = re.compile(r"DeviceRGB|CalRGB|ICCBased/3|^RGB$|\(RGB\)")
ICC_COMPONENTS = {b"CMYK": 4, b"GRAY": 1, b"RGB ": 3, b"Lab ": 3}
COMPONENTS = {"DeviceCMYK": 4, "ICCBased/4": 4, "DeviceGray": 1, "ICCBased/1": 1, "DeviceRGB": 3, "ICCBased/3": 3}


def _outputs(function: object) -> int:
    """How many values a PDF function gives (an array of functions gives one each)."""
    if isinstance(function, pikepdf.Array):
        return len(function)
    kind = int(function["/FunctionType"])
    if kind == 2:
        return len(function.get("/C0", [0]))
    if kind == 3:
        return _outputs(function["/Functions"][0])
    return len(function["/Range"]) // 2


def _direct(value: object) -> bool:
    """A dictionary or array written inside its parent (an indirect one is visited as an object of its own)."""
    return isinstance(value, pikepdf.Dictionary | pikepdf.Array | pikepdf.Stream) and not value.is_indirect


def colour_walk(pdf: Path) -> tuple[set[str], list[str]]:
    """Every colour space named anywhere in the file (objects, resources, groups, images, shadings, inline
    images, content streams), and what is wrong: RGB colour operators, shadings whose functions give
    more or fewer values than their colour space has components, ICC profiles embedded with the wrong /N."""
    spaces: set[str] = set()
    wrong: list[str] = []

    def visit(obj: object, depth: int = 0) -> None:
        if depth > 12:
            return
        if isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
            for key in ("/ColorSpace", "/CS"):
                if key in obj:
                    value = obj[key]
                    if isinstance(value, pikepdf.Dictionary):  # a resources dictionary: name -> space
                        spaces.update(_space(v) for v in value.values())
                    else:
                        spaces.add(_space(value))
            if isinstance(obj, pikepdf.Stream) and "/N" in obj:
                header = obj.read_bytes()[:40]
                if header[36:40] == b"acsp" and ICC_COMPONENTS.get(header[16:20]) != int(obj["/N"]):
                    wrong.append(f"an ICC profile of {header[16:20].decode().strip()} embedded with /N {obj['/N']}")
            if "/ShadingType" in obj and "/Function" in obj:
                space = _space(obj["/ColorSpace"])
                if COMPONENTS.get(space, 0) != _outputs(obj["/Function"]):
                    wrong.append(f"shading in {space} with a function of {_outputs(obj['/Function'])} values")
            for key, value in obj.items():
                if key != "/Parent" and _direct(value):
                    visit(value, depth + 1)
        elif isinstance(obj, pikepdf.Array):
            for value in obj:
                if _direct(value):
                    visit(value, depth + 1)

    with pikepdf.open(pdf) as doc:
        for obj in doc.objects:
            visit(obj)
        streams = [page.obj for page in doc.pages]
        streams += [o for o in doc.objects if isinstance(o, pikepdf.Stream) and ("/BBox" in o or "/PatternType" in o)]
        for stream in streams:
            for instruction in pikepdf.parse_content_stream(stream):
                if isinstance(instruction, pikepdf.ContentStreamInlineImage):
                    spaces.add(_space(instruction.iimage.obj.get("/ColorSpace", pikepdf.Name.DeviceGray)))
                    continue
                operator = str(instruction.operator)
                if operator in ("rg", "RG"):
                    wrong.append(f"{operator} operator (RGB)")
                elif operator in ("cs", "CS") and str(instruction.operands[0]).startswith("/Device"):
                    spaces.add(str(instruction.operands[0])[1:])
    return spaces, wrong


def dictionaries(pdf: Path) -> list[pikepdf.Dictionary]:
    """Every dictionary in the file, those written inside others too."""
    found: list[pikepdf.Dictionary] = []

    def visit(obj: object, depth: int) -> None:
        if isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
            if isinstance(obj, pikepdf.Dictionary):
                found.append(obj)
            values = list(obj.values())
        elif isinstance(obj, pikepdf.Array):
            values = list(obj)
        else:
            return
        for value in values:
            if _direct(value) and depth < 12:
                visit(value, depth + 1)

    doc = pikepdf.open(pdf)
    for obj in doc.objects:
        visit(obj, 0)
    return found


def assert_cmyk_only(pdf: Path) -> set[str]:
    spaces, wrong = colour_walk(pdf)
    assert not wrong, wrong
    assert not [s for s in spaces if RGB.search(s)], spaces
    return spaces


def drawn_images(pdf: Path, page: int) -> list[tuple[str, tuple[float, float, float, float]]]:
    """(colour space, box in points from the media box's top left) of every image a page draws, found by
    following the content stream's transformations down through forms."""
    found: list[tuple[str, tuple[float, float, float, float]]] = []

    def walk(stream: object, resources: pikepdf.Dictionary, ctm: np.ndarray, depth: int) -> None:
        stack = []
        xobjects = resources.get("/XObject", {})
        for instruction in pikepdf.parse_content_stream(stream):
            if isinstance(instruction, pikepdf.ContentStreamInlineImage):
                continue
            op, args = str(instruction.operator), instruction.operands
            if op == "q":
                stack.append(ctm)
            elif op == "Q":
                ctm = stack.pop()
            elif op == "cm":
                a, b, c, d, e, f = (float(v) for v in args)
                ctm = np.array([[a, b, 0], [c, d, 0], [e, f, 1]]) @ ctm
            elif op == "Do" and depth < 8:
                xobject = xobjects[str(args[0])]
                if xobject.get("/Subtype") == "/Image":
                    corners = np.array([[0, 0, 1], [1, 0, 1], [0, 1, 1], [1, 1, 1]]) @ ctm
                    xs, ys = corners[:, 0], corners[:, 1]
                    found.append((_space(xobject.get("/ColorSpace")), (xs.min(), ys.min(), xs.max(), ys.max())))
                elif xobject.get("/Subtype") == "/Form":
                    matrix = [float(v) for v in xobject.get("/Matrix", [1, 0, 0, 1, 0, 0])]
                    a, b, c, d, e, f = matrix
                    inner = np.array([[a, b, 0], [c, d, 0], [e, f, 1]]) @ ctm
                    walk(xobject, xobject.get("/Resources", resources), inner, depth + 1)

    with pikepdf.open(pdf) as doc:
        page_obj = doc.pages[page - 1]
        walk(page_obj.obj, page_obj.obj.get("/Resources", pikepdf.Dictionary()), np.identity(3), 0)
        left, _, _, top = (float(v) for v in page_obj.mediabox)
    return [(space, (x0 - left, top - y1, x1 - left, top - y0)) for space, (x0, y0, x1, y1) in found]


def crop(plate: np.ndarray, box_pt: tuple[float, float, float, float], dpi: int, inset_px: int = 3) -> np.ndarray:
    x0, y0, x1, y1 = (round(v * dpi / 72) for v in box_pt)
    return plate[y0 + inset_px : y1 - inset_px, x0 + inset_px : x1 - inset_px]


def labelled(pdf: Path, label: str) -> int:
    """The page (1-based) that carries this folio or cover label."""
    with pikepdf.open(pdf) as doc:
        return next(i for i, page in enumerate(doc.pages, start=1) if page.label == label)


def page_of(pdf: Path, text: str) -> int:
    """The first page (1-based) whose text has `text`."""
    pages = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout.split("\f")
    return next(i for i, page in enumerate(pages, start=1) if text in " ".join(page.split()))


def with_pictures(issue: IssueFolder, *pictures: tuple[str, str]) -> IssueFolder:
    """The small issue with the key topic carrying these inline pictures (file, caption)."""
    small_issue(issue)
    issue.write(
        "articles/river.md",
        article(
            "The river economy",
            paragraphs(4),
            kicker="Key topic",
            images=[{"src": src, "role": "inline", "caption": caption} for src, caption in pictures],
        ),
    )
    return issue


# --------------------------------------------------------------------------- a clean issue


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    return small_issue(IssueFolder(tmp_path_factory.mktemp("clean") / "issue")).build(profile="print")


def test_a_clean_issue_is_cmyk_everywhere_and_renders_without_a_warning(clean: BuildResult, tmp_path: Path) -> None:
    for pdf in sorted(clean.output.glob("*.pdf")):  # the issue and every single page
        assert_cmyk_only(pdf)
    assert {"DeviceCMYK", "ICCBased/4"} <= assert_cmyk_only(clean.output / WHOLE)
    renders_cleanly(clean.output / WHOLE, tmp_path / "render")


def test_solid_black_text_overprints(clean: BuildResult) -> None:
    states = [d for d in dictionaries(clean.output / WHOLE) if d.get("/Type") == "/ExtGState" and d.get("/OP")]
    assert states, "no graphics state sets overprint"
    assert all(state.get("/op") is True and int(state.get("/OPM", 0)) == 1 for state in states)


# --------------------------------------------------------------------------- greyscale photos


def _neutral_rgb(source: Path, target: Path) -> Path:
    """A greyscale picture saved as RGB, as cameras and editors often hand them over."""
    with Image.open(source) as im:
        im.convert("RGB").save(target, "JPEG", quality=90)
    return target


@pytest.fixture(scope="module")
def grey(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    issue = IssueFolder(tmp_path_factory.mktemp("grey") / "issue")
    photo(issue.root / "images/grey.jpg", (1200, 800), seed=7, mode="L")
    _neutral_rgb(issue.root / "images/grey.jpg", issue.root / "images/grey-rgb.jpg")
    photo(issue.root / "images/colour.jpg", (1200, 800), seed=6)
    with_pictures(
        issue,
        ("images/grey.jpg", "A greyscale photo."),
        ("images/grey-rgb.jpg", "The same, saved in RGB."),
        ("images/colour.jpg", "A colour photo."),
    )
    return issue.build(profile="print")


def _images(pdf: Path) -> list[tuple[int, str, int]]:
    """(page, colour, components) of every image, as poppler lists them."""
    out = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    return [(int(row[0]), row[5], int(row[6])) for row in (line.split() for line in out.splitlines()[2:])]


def test_greyscale_photos_are_embedded_grey(grey: BuildResult) -> None:
    images = _images(grey.output / WHOLE)
    # The cover and the colour photo in CMYK, both greyscale photos (grey and neutral RGB originals) grey.
    assert sorted(colour for _, colour, _ in images) == ["cmyk", "cmyk", "gray", "gray"], images
    assert all(components == (1 if colour == "gray" else 4) for _, colour, components in images)


def test_greyscale_photos_print_on_the_black_plate_alone(grey: BuildResult, tmp_path: Path) -> None:
    pdf = grey.output / WHOLE
    pages = sorted({page for page, _, _ in _images(pdf) if page > 1})  # the article's, not the cover's
    drawn = [(page, space, box) for page in pages for space, box in drawn_images(pdf, page)]
    assert sorted(space for _, space, _ in drawn) == ["DeviceCMYK", "DeviceGray", "DeviceGray"], drawn
    for page, space, box in drawn:
        plates = separations(pdf, page, tmp_path)
        colour = [crop(plates[ink], box, 100).max() for ink in ("Cyan", "Magenta", "Yellow")]
        black = crop(plates["Black"], box, 100)
        if space == "DeviceGray":
            assert max(colour) < 1, f"colour ink under a greyscale photo on page {page}: {colour}"
            # The picture is there, in tints of black from light to solid: its darkest grey prints solid.
            assert black.max() > 90 and black.min() < 30, (black.min(), black.max())
        else:  # the colour photo beside them does use the colour plates
            assert min(colour) > 20, colour


def test_greyscale_delivery_is_cmyk_only_and_renders_cleanly(grey: BuildResult, tmp_path: Path) -> None:
    assert_cmyk_only(grey.output / WHOLE)
    renders_cleanly(grey.output / WHOLE, tmp_path)


# --------------------------------------------------------------------------- ink over the limit


def rich_black_photo(path: Path) -> Path:
    """A CMYK photo with a shadow area at C100 M90 Y90 K80 (360 %), as an uncorrected scan can have."""
    source = photo(path.with_name("base-" + path.name), (1200, 800), seed=6, mode="CMYK")
    with Image.open(source) as im:
        cmyk = im.copy()
    cmyk.paste((255, 230, 230, 204), (80, 80, 560, 420))
    cmyk.save(path, "JPEG", quality=95)
    source.unlink()
    return path


def peak_ink(path: Path) -> float:
    with Image.open(path) as im:
        return float(np.asarray(im.convert("CMYK"), dtype=float).sum(axis=2).max() * 100 / 255)


@pytest.fixture(scope="module")
def over_ink(tmp_path_factory: pytest.TempPathFactory) -> tuple[IssueFolder, BuildResult]:
    issue = IssueFolder(tmp_path_factory.mktemp("ink") / "issue")
    rich_black_photo(issue.root / "images/shadows.jpg")
    with_pictures(issue, ("images/shadows.jpg", "A photo with deep shadows."))
    return issue, issue.build(profile="print")


def test_a_photo_over_the_ink_limit_is_separated_again_with_a_note(over_ink: tuple[IssueFolder, BuildResult]) -> None:
    issue, result = over_ink
    before = peak_ink(issue.root / "images/shadows.jpg")
    assert 355 <= before <= 365
    notes = [str(w) for w in result.warnings if "images/shadows.jpg" in w.message]
    assert len(notes) == 1, result.warnings
    assert re.fullmatch(
        rf"articles/river.md: flatplan\[2\] \(page 2\): images/shadows.jpg has {before:.0f} % ink at its darkest, "
        r"above the layout's limit of 300 % \(\[print\] max_ink\): separated again through "
        r"ISOcoated_v2_300_bas.icc, now (\d+) % at most",
        notes[0],
    ), notes[0]
    assert int(re.search(r"now (\d+) %", notes[0])[1]) <= 300


def test_the_separated_photo_prints_within_the_limit(over_ink: tuple[IssueFolder, BuildResult], tmp_path: Path) -> None:
    _, result = over_ink
    pdf = result.output / WHOLE
    (page,) = {page for page, _, _ in _images(pdf) if page > 1}
    plates = separations(pdf, page, tmp_path, dpi=150)
    ((space, box),) = drawn_images(pdf, page)
    assert space == "DeviceCMYK"
    total = sum(crop(plates[ink], box, 150) for ink in INKS)
    # The shadow area is still the deepest the paper takes (the limit is what it was made for).
    assert 280 <= total.max() <= 301, total.max()
    # The preflight's walk of the delivered page finds it so too, and names nothing more.
    per_page = json.loads((result.output / "report.json").read_text())["per_page"]
    assert 280 <= per_page[page - 1]["peak_ink"] <= 300, per_page[page - 1]
    assert [w.message for w in result.warnings if "% ink" in w.message and "images/shadows.jpg" not in w.message] == []
    assert_cmyk_only(pdf)
    renders_cleanly(pdf, tmp_path / "render")


def test_a_proof_says_what_print_will_do_with_a_photo_over_the_limit(over_ink: tuple[IssueFolder, BuildResult]) -> None:
    issue, _ = over_ink
    proof = issue.build()
    notes = [str(w) for w in proof.warnings if "images/shadows.jpg" in w.message]
    before = peak_ink(issue.root / "images/shadows.jpg")
    assert notes == [
        f"articles/river.md: flatplan[2] (page 2): images/shadows.jpg has {before:.0f} % "
        "ink at its darkest, above the layout's limit of 300 % ([print] max_ink): print will separate it again "
        "through ISOcoated_v2_300_bas.icc"
    ]


def test_a_layout_can_refuse_photos_over_the_ink_limit(tmp_path: Path) -> None:
    issue = IssueFolder(tmp_path / "issue")
    rich_black_photo(issue.root / "images/shadows.jpg")
    with_pictures(issue, ("images/shadows.jpg", "A photo with deep shadows."))
    layouts = layout_copy(tmp_path, 'over_ink = "refuse"')
    before = peak_ink(issue.root / "images/shadows.jpg")
    out = tmp_path / "out"
    result = cli_here("build", str(issue.root), "--profile", "print", "--layouts", str(layouts), "--out", str(out))
    assert result.returncode == 1
    message = " ".join(result.stderr.split())
    assert (
        f"articles/river.md: flatplan[2] (page 2): images/shadows.jpg has {before:.0f} % ink at its darkest, above "
        'the layout\'s limit of 300 % ([print] max_ink); the layout refuses such pictures (over_ink = "refuse"): '
        'ask for a version separated for the paper (ISOcoated_v2_300_bas.icc), or set over_ink = "convert" to '
        "have it separated again"
    ) in message, message
    assert "1 error(s)" in message, "the picture is named once, by its file, not again as its page's ink"
    assert "Traceback" not in result.stderr
    assert not out.exists() or not any(out.iterdir())


# --------------------------------------------------------------------------- gradients in the layout

GRADIENTS = """
body::after { content: ""; position: fixed; top: 0; left: 0; width: 120mm; height: 8mm;
  background: linear-gradient(90deg, var(--deep), var(--white)); }
h1 { background: linear-gradient(transparent, var(--paper) 70%); }
.kicker { box-shadow: 1mm 1mm 2mm var(--deep); }
.standfirst { background: radial-gradient(circle, var(--accent), var(--paper) 60%, transparent); }
"""


@pytest.fixture(scope="module")
def gradients(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    tmp = tmp_path_factory.mktemp("gradients")
    issue = small_issue(IssueFolder(tmp / "issue"))
    return issue.build(profile="print", layouts_dir=layout_copy(tmp, css=GRADIENTS))


def test_gradients_are_written_in_cmyk(gradients: BuildResult) -> None:
    pdf = gradients.output / WHOLE
    spaces = assert_cmyk_only(pdf)  # no shading function of the wrong size among them
    assert "DeviceCMYK" in spaces
    with pikepdf.open(pdf) as doc:
        shadings = [o for o in doc.objects if isinstance(o, pikepdf.Dictionary) and "/ShadingType" in o]
        assert {int(s.ShadingType) for s in shadings} == {2, 3}  # linear and radial
        colour = [s for s in shadings if str(s.ColorSpace) == "/DeviceCMYK"]
        masks = [s for s in shadings if str(s.ColorSpace) == "/DeviceGray"]  # transparency, as soft masks
        assert colour and masks


def test_gradients_render_without_a_warning(gradients: BuildResult, tmp_path: Path) -> None:
    renders_cleanly(gradients.output / WHOLE, tmp_path)


def test_a_gradient_fades_across_the_cyan_plate(gradients: BuildResult, tmp_path: Path) -> None:
    pdf = gradients.output / WHOLE
    page = len(pikepdf.open(pdf).pages) - 1  # U3, the imprint: nothing else on it uses cyan
    cyan = separations(pdf, page, tmp_path)["Cyan"]
    rows = np.nonzero((cyan > 50).any(axis=1))[0]
    assert rows.size, "the band is on the page"
    bottom = rows[0]
    while bottom + 1 in rows:
        bottom += 1
    row = cyan[(rows[0] + bottom) // 2]  # across the middle of the band, the first thing down the page
    start = int(np.argmax(row > 0.5))
    end = start + int(np.argmax(row[start:] <= 0.5))
    band = row[start:end]
    assert band.size > 300  # 120 mm at 100 dpi: 472 pixels, the last of them nearly white
    assert band[:3].mean() > 85 and band[-3:].mean() < 5  # deep blue's 92 % cyan fading to paper white
    assert np.all(np.diff(band) <= 1.5), "the fade goes one way"
    assert 30 < band[band.size // 2] < 62


def test_an_rgb_gradient_is_refused_in_print_naming_template_and_element(tmp_path: Path) -> None:
    issue = small_issue(IssueFolder(tmp_path / "issue"))
    layouts = layout_copy(tmp_path, css=".kicker { background: linear-gradient(#ff0000, #0000ff); }\n")
    out = tmp_path / "out"
    result = cli_here("build", str(issue.root), "--profile", "print", "--layouts", str(layouts), "--out", str(out))
    assert result.returncode == 1
    message = " ".join(result.stderr.split())
    assert (
        "articles/river.md: flatplan[2], page 2: p.kicker paints a linear-gradient in #ff0000, #0000ff "
        "(template 'feature'): print takes gradients and shadows only in CMYK; give every colour of it as a "
        "var(--colour) from layout.toml"
    ) in message, message
    assert "Traceback" not in result.stderr
    assert not out.exists() or not any(out.iterdir())


# --------------------------------------------------------------------------- black text over colour


def test_black_text_over_colour_leaves_the_colour_plates_whole(tmp_path: Path) -> None:
    """Under solid black text the cyan of a coloured panel goes on: nothing is knocked out."""
    issue = small_issue(IssueFolder(tmp_path / "issue"))
    result = issue.build(
        profile="print", layouts_dir=layout_copy(tmp_path, css=".columns { background: var(--deep); }")
    )
    pdf = result.output / WHOLE
    plates = separations(pdf, labelled(pdf, "3"), tmp_path, dpi=150)  # the key topic's second page: text
    panel = plates["Cyan"] > 80
    rows, columns = np.nonzero(panel)
    inside = (slice(rows.min() + 4, rows.max() - 4), slice(columns.min() + 4, columns.max() - 4))
    cyan, black = plates["Cyan"][inside], plates["Black"][inside]
    letters = black > 95
    assert letters.sum() > 1000, "the panel has black text on it"
    assert cyan[letters].min() > 85, "black text knocked out of the cyan plate"


# --------------------------------------------------------------------------- SVG

SVG = """<svg xmlns="http://www.w3.org/2000/svg" width="300" height="200" viewBox="0 0 300 200">
<rect width="300" height="200" fill="#d02020"/><circle cx="150" cy="100" r="60" fill="#2040d0"/></svg>
"""


def test_svg_shows_in_proofs_and_is_refused_in_print(tmp_path: Path) -> None:
    issue = IssueFolder(tmp_path / "issue")
    issue.write("images/chart.svg", SVG)
    with_pictures(issue, ("images/chart.svg", "A chart."))
    proof = issue.build()
    notes = [str(w) for w in proof.warnings if "chart.svg" in w.message]
    assert notes == [
        "articles/river.md: flatplan[2] (page 2): images/chart.svg is an SVG image: proofs show it, print will "
        "refuse it; export it as a CMYK TIFF or JPEG at 300 ppi for the size it is printed at"
    ]
    page = page_of(proof.output, "A chart.")
    png = tmp_path / "proof"
    subprocess.run(
        ["pdftoppm", "-r", "30", "-f", str(page), "-l", str(page), "-png", str(proof.output), str(png)], check=True
    )
    pixels = np.asarray(Image.open(next(tmp_path.glob("proof*.png"))).convert("RGB"), dtype=int)
    red = (pixels[..., 0] > 180) & (pixels[..., 1] < 70) & (pixels[..., 2] < 70)
    blue = (pixels[..., 2] > 170) & (pixels[..., 0] < 80)
    assert red.sum() > 100 and blue.sum() > 50, "the SVG is drawn in the proof"

    with pytest.raises(VividError) as info:
        issue.build(profile="print")
    assert (
        "articles/river.md: flatplan[2] (page 2): images/chart.svg is an SVG image, which print does not take: "
        "its colours are RGB and vividprint does not separate vector art; export it as a CMYK TIFF or JPEG at "
        "300 ppi for the size it is printed at"
    ) in str(info.value).splitlines()


def test_an_unreadable_svg_is_named(issue: IssueFolder) -> None:
    issue.write("images/chart.svg", "<html>not a drawing</html>")
    with_pictures(issue, ("images/chart.svg", "A chart."))
    with pytest.raises(VividError, match=r"'images/chart.svg' is not a readable SVG image"):
        issue.build()


# --------------------------------------------------------------------------- overset


def test_allow_overset_is_refused_in_print(issue: IssueFolder, tmp_path: Path) -> None:
    small_issue(issue)
    issue.write("articles/river.md", article("The river economy", paragraphs(40), kicker="Key topic"))
    proof = issue.build(allow_overset=True)  # a proof marks the page and goes on
    assert any("overflow left out, page marked" in w.message for w in proof.warnings)
    out = tmp_path / "print"
    result = cli_here(
        "build", str(issue.root), "--profile", "print", "--allow-overset", "--layouts", str(LAYOUTS), "--out", str(out)
    )
    assert result.returncode == 1
    message = " ".join(result.stderr.split())
    assert re.search(
        r"articles/river.md: flatplan\[2\] \(page 2\): overset: needs \d+ pages but 3 are allotted; \d+ lines of "
        r"text are over \(\d+ page\(s\)\); cut the text or allot more pages in issue.toml \(--allow-overset is for "
        r"proofs only: print leaves no text out\)",
        message,
    ), message
    assert not out.exists() or not any(out.iterdir())
