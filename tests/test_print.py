"""The print profile: PDF/X-4 in CMYK, boxes, fonts, images, delivery folder, reproducible bytes,
checked with poppler-utils, qpdf and pypdf rather than with vividprint's own readers."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import (
    LAYOUTS,
    IssueFolder,
    article,
    cli_here,
    layout_copy,
    paragraphs,
    photo,
    run_cli,
    small_issue,
    supplied_pdf,
)
from vividprint.build import BuildResult
from vividprint.errors import VividError

PT_PER_MM = 72 / 25.4


def _print_issue(issue: IssueFolder) -> IssueFolder:
    """The small issue with a full-bleed opener, pictures of every kind (RGB, CMYK and greyscale JPEG, PNG
    with alpha, LZW TIFF), a supplied page."""
    small_issue(issue)
    photo(issue.root / "images/harbour.jpg", (2700, 3800), seed=5)
    photo(issue.root / "images/rgb.jpg", (1300, 900), seed=6)
    photo(issue.root / "images/cmyk.jpg", (1300, 900), seed=6, mode="CMYK")
    photo(issue.root / "images/grey.jpg", (1200, 800), seed=7, mode="L")
    photo(issue.root / "images/cutout.png", (1200, 800), seed=8)
    photo(issue.root / "images/scan.tif", (1200, 800), seed=9)
    issue.write(
        "articles/river.md",
        article(
            "The river economy",
            paragraphs(4),
            kicker="Key topic",
            images=[
                {"src": "images/harbour.jpg", "role": "full-bleed", "caption": "The harbour."},
                {"src": "images/rgb.jpg", "role": "inline", "caption": "An RGB original."},
                {"src": "images/cmyk.jpg", "role": "inline", "caption": "A CMYK original."},
            ],
        ),
    )
    issue.write(
        "articles/viertel.md",
        article(
            "Das Viertel am Hafen",
            paragraphs(
                5,
                "Die Wirtschaftsförderung der Landeshauptstadt unterstützt Gründerinnen und Gründer mit "
                "Beratungsangeboten, Mietzuschüssen und einem Netzwerk von Ansprechpartnern. ",
            ),
            kicker="Stadtteil",
            language="de-DE",
            images=[
                {"src": "images/grey.jpg", "role": "inline", "caption": "Ein Graustufenbild."},
                {"src": "images/cutout.png", "role": "inline", "caption": "Ein PNG mit Transparenz."},
                {"src": "images/scan.tif", "role": "inline", "caption": "Ein TIFF."},
            ],
        ),
    )
    return issue


@pytest.fixture(scope="module")
def print_issue(tmp_path_factory: pytest.TempPathFactory) -> IssueFolder:
    return _print_issue(IssueFolder(tmp_path_factory.mktemp("print") / "issue"))


@pytest.fixture(scope="module")
def delivery(print_issue: IssueFolder) -> tuple[BuildResult, Path]:
    result = print_issue.build(profile="print")
    return result, result.output


def _run(*args: str) -> str:
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def test_delivery_folder(delivery: tuple[BuildResult, Path]) -> None:
    _, folder = delivery
    assert folder.name == "vivid-1-2026-print"
    names = sorted(p.name for p in folder.iterdir())
    pages = [f"vivid-1-2026_p{n:03d}.pdf" for n in range(1, 9)]
    covers = [f"vivid-1-2026_U{n}.pdf" for n in range(1, 5)]
    assert names == sorted(["SHA256SUMS", "report.json", "report.txt", "vivid-1-2026-print.pdf", *pages, *covers])
    subprocess.run(["sha256sum", "--check", "--quiet", "SHA256SUMS"], cwd=folder, check=True)
    assert len(PdfReader(folder / "vivid-1-2026_p003.pdf").pages) == 1
    assert "Supplied page 1" in _run("pdftotext", str(folder / "vivid-1-2026_U2.pdf"), "-")


def test_boxes_and_pdfx_on_every_page(delivery: tuple[BuildResult, Path]) -> None:
    _, folder = delivery
    for pdf in sorted(folder.glob("*.pdf")):
        info = _run("pdfinfo", "-box", "-f", "1", "-l", "99", str(pdf))
        assert re.search(r"PDF subtype:\s+PDF/X-4", info), pdf.name
        trims = re.findall(r"Page\s+\d+ TrimBox:\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)", info)
        bleeds = re.findall(r"Page\s+\d+ BleedBox:\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)", info)
        pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
        assert len(trims) == len(bleeds) == pages
        for trim, bleed in zip(trims, bleeds, strict=True):
            x0, y0, x1, y1 = map(float, trim)
            assert abs((x1 - x0) - 210 * PT_PER_MM) < 0.5 and abs((y1 - y0) - 297 * PT_PER_MM) < 0.5
            b0, c0, b1, c1 = map(float, bleed)
            for got in (x0 - b0, y0 - c0, b1 - x1, c1 - y1):
                assert abs(got - 3 * PT_PER_MM) < 0.3, f"{pdf.name}: bleed {got / PT_PER_MM:.2f} mm"


def test_output_intent_and_metadata(delivery: tuple[BuildResult, Path]) -> None:
    _, folder = delivery
    reader = PdfReader(folder / "vivid-1-2026-print.pdf")
    root = reader.trailer["/Root"]
    (intent,) = root["/OutputIntents"]
    intent = intent.get_object()
    assert intent["/S"] == "/GTS_PDFX" and intent["/OutputConditionIdentifier"] == "FOGRA39"
    assert intent["/DestOutputProfile"].get_object()["/N"] == 4
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert "<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>" in xmp
    assert reader.metadata["/Trapped"] == "/False"
    assert reader.metadata["/CreationDate"] == "D:20260201000000Z"


def test_fonts_embedded(delivery: tuple[BuildResult, Path]) -> None:
    _, folder = delivery
    rows = _run("pdffonts", str(folder / "vivid-1-2026-print.pdf")).splitlines()[2:]
    assert rows
    for row in rows:
        assert row.split()[-5] == "yes", row


def test_images_cmyk_with_their_resolution(delivery: tuple[BuildResult, Path]) -> None:
    _, folder = delivery
    rows = [r.split() for r in _run("pdfimages", "-list", str(folder / "vivid-1-2026-print.pdf")).splitlines()[2:]]
    # cover, opener, the RGB, CMYK and greyscale JPEGs, the PNG and the TIFF; the greyscale one on the
    # black plate alone (tests/test_colour_print.py measures the plates)
    assert len(rows) >= 7, rows
    assert sorted(row[5] for row in rows).count("gray") == 1, rows
    for row in rows:
        assert row[5] in ("cmyk", "gray"), row
        assert int(row[12]) >= 150, row
    report = (folder / "report.txt").read_text()
    assert "ISO Coated v2 300% (basICColor) (FOGRA39)" in report
    assert re.search(r"lowest image resolution per page:\n\s+U1\s+\d+ ppi\s+images/cover.jpg", report)


def test_no_rgb_operator_in_any_content_stream(delivery: tuple[BuildResult, Path], tmp_path: Path) -> None:
    _, folder = delivery
    qdf = tmp_path / "qdf.pdf"
    subprocess.run(
        ["qpdf", "--qdf", "--object-streams=disable", str(folder / "vivid-1-2026-print.pdf"), str(qdf)], check=True
    )
    text = qdf.read_bytes().decode("latin-1")
    assert not re.search(r"(?m)(^|\s)[-\d.]+\s+[-\d.]+\s+[-\d.]+\s+(rg|RG)\s", text), "RGB colour operator found"
    assert "/DeviceRGB" not in text
    assert "/N 3" not in text, "a three-component (RGB) ICC profile is in the file"


def test_qpdf_check_clean(delivery: tuple[BuildResult, Path]) -> None:
    _, folder = delivery
    for pdf in sorted(folder.glob("*.pdf")):
        out = subprocess.run(["qpdf", "--check", str(pdf)], capture_output=True, text=True)
        assert out.returncode == 0, out.stdout + out.stderr
        assert "No syntax or stream encoding errors found" in out.stdout


def test_two_builds_are_byte_identical(
    print_issue: IssueFolder, delivery: tuple[BuildResult, Path], tmp_path: Path
) -> None:
    """Neither the cache, nor the number of workers, nor what a process rendered before shows in the bytes:
    the delivery was rendered in this process, after other tests; this build runs the command, from
    nothing, on two workers."""
    _, first = delivery
    command = ["build", str(print_issue.root), "--profile", "print", "--layouts", str(LAYOUTS), "--jobs", "2"]
    again = run_cli(*command, "--out", str(tmp_path / "two"), "--cache", str(tmp_path / "fresh"))
    assert again.returncode == 0, again.stderr
    second = tmp_path / "two" / first.name
    names = sorted(p.name for p in first.iterdir())
    assert names == sorted(p.name for p in second.iterdir())
    for name in names:
        subprocess.run(["cmp", str(first / name), str(second / name)], check=True)


def test_rgb_supplied_page_fails_naming_it(issue: IssueFolder, tmp_path: Path) -> None:
    small_issue(issue)
    supplied_pdf(issue.root / "supplied/ad.pdf", cmyk=False)
    out = tmp_path / "out"
    result = cli_here("build", str(issue.root), "--profile", "print", "--out", str(out), "--layouts", str(LAYOUTS))
    assert result.returncode == 1
    assert "supplied/ad.pdf: page 1: contains RGB" in " ".join(result.stderr.split())
    assert not out.exists() or not any(out.iterdir())


def test_low_resolution_image_fails_naming_it(issue: IssueFolder) -> None:
    small_issue(issue)
    photo(issue.root / "images/hero.jpg", (500, 320), seed=2)  # about 60 ppi across the page
    with pytest.raises(VividError) as info:
        issue.build(profile="print")
    assert re.search(r"articles/river.md: flatplan\[2\], page 2: images/hero.jpg prints at \d+ ppi", str(info.value))


def test_supplied_page_without_bleed(issue: IssueFolder) -> None:
    small_issue(issue)
    supplied_pdf(issue.root / "supplied/ad.pdf", bleed=0)
    result = issue.build(profile="print")
    assert any(w.file == "supplied/ad.pdf" and "0 mm bleed" in w.message for w in result.warnings)
    with pytest.raises(VividError, match=r"supplied/ad.pdf: page 1: has 0 mm bleed"):
        issue.build(profile="print", strict=True)


def test_rgb_in_layout_css_fails_naming_the_template(issue: IssueFolder, tmp_path: Path) -> None:
    layouts = layout_copy(tmp_path, css=".kicker { color: #ff0000; }\n")
    small_issue(issue)
    with pytest.raises(VividError, match=r"renders RGB .* with template 'feature'"):
        issue.build(profile="print", layouts_dir=layouts)


def test_oversampled_image_is_embedded_at_300_ppi(issue: IssueFolder, tmp_path: Path) -> None:
    small_issue(issue)
    photo(issue.root / "images/huge.jpg", (4000, 2700), seed=8)
    issue.write(
        "articles/river.md",
        article("River", paragraphs(3), images=[{"src": "images/huge.jpg", "role": "inline", "caption": "Big."}]),
    )
    result = issue.build(profile="print")
    whole = result.output / "vivid-1-2026-print.pdf"
    rows = [r.split() for r in _run("pdfimages", "-list", str(whole)).splitlines()[2:]]
    inline = [r for r in rows if r[0] == "4"]  # folio 2 is the fourth page
    assert len(inline) == 1, rows
    x_ppi, y_ppi = int(inline[0][12]), int(inline[0][13])
    assert 290 <= min(x_ppi, y_ppi) <= 310, inline
    assert max(x_ppi, y_ppi) <= 450


def test_crop_marks_outside_the_bleed(issue: IssueFolder, tmp_path: Path) -> None:
    import pikepdf

    from vividprint.check.walk import rgb_uses

    small_issue(issue)
    folder = issue.build(profile="print", marks=True).output
    whole = folder / "vivid-1-2026-print.pdf"
    info = _run("pdfinfo", "-box", "-f", "1", "-l", "12", str(whole))
    media = re.findall(r"Page\s+\d+ MediaBox:\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)", info)
    bleed = re.findall(r"Page\s+\d+ BleedBox:\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)", info)
    assert len(media) == len(bleed) == 12
    for m, b in zip(media, bleed, strict=True):
        assert abs((float(b[0]) - float(m[0])) - 7 * PT_PER_MM) < 0.2  # 1 mm gap, 5 mm mark, 1 mm margin
    reader = PdfReader(whole)
    walked = pikepdf.open(whole)
    for page, same in zip(reader.pages, walked.pages, strict=True):
        assert not rgb_uses(same)
        marks = page["/Contents"][-1].get_object().get_data().decode()
        assert marks.startswith("q 1 1 1 1 K")
        box = page.bleedbox
        for x1, y1, x2, y2 in re.findall(r"([-\d.]+) ([-\d.]+) m ([-\d.]+) ([-\d.]+) l", marks):
            xs, ys = (float(x1), float(x2)), (float(y1), float(y2))
            outside = max(xs) < float(box.left) or min(xs) > float(box.right)
            outside = outside or max(ys) < float(box.bottom) or min(ys) > float(box.top)
            assert outside, "a crop mark reaches into the bleed"
    assert "Supplied page 1" in _run("pdftotext", str(whole), "-")


def test_an_image_spec_follows_its_output_profile_when_the_file_changes(tmp_path: Path) -> None:
    from vividprint.plan.images import ImageSpec

    icc = tmp_path / "paper.icc"
    shutil.copy(Path(__file__).resolve().parents[1] / "icc/ISOcoated_v2_300_bas.icc", icc)
    spec = ImageSpec(long_side=3000, quality=90, cmyk_profile=icc)
    before = spec.key()
    assert spec.key() == before
    # A process that lives on (watch, the build server) must not go on converting with the old paper.
    icc.write_bytes(icc.read_bytes() + b"\0")
    assert spec.key() != before


def _icc_profiles(pdf: Path) -> list[bytes]:
    """The ICC profiles that the pages' colour spaces embed."""
    found = []
    for page in PdfReader(pdf).pages:
        spaces = page["/Resources"].get_object().get("/ColorSpace", {})
        for space in spaces.get_object().values():
            space = space.get_object()
            if isinstance(space, list) and space[0] == "/ICCBased":
                found.append(space[1].get_object().get_data())
    return found


def test_a_slot_embeds_the_same_profile_whether_its_process_rendered_before_or_not(
    issue: IssueFolder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Build servers and watch render slot after slot in one process: the first slot must not differ
    from the next (its XMP metadata date and document ID do, but assembly replaces them)."""
    from vividprint.engine import render
    from vividprint.inputs.files import World
    from vividprint.inputs.load import load
    from vividprint.plan import make_plan
    from vividprint.profiles import get_profile

    small_issue(issue)
    world = World.open(issue.root, LAYOUTS)
    loaded, layout = load(world)
    profile = get_profile("print")
    plan = make_plan(world, loaded, layout, profile, tmp_path / "cache")
    job = next(job for job in plan.renders if job.key == "covers.inside-back")
    # As in a process that has rendered nothing yet: no stylesheet parsed, no profile read.
    monkeypatch.setattr(render, "_shared", {})
    monkeypatch.setattr(render, "_layout_css", {})
    first = render.render(job, tmp_path / "first", profile.pdf_variant, plan.hyphenation)
    second = render.render(job, tmp_path / "second", profile.pdf_variant, plan.hyphenation)
    profiles = _icc_profiles(first.pdf)
    assert profiles, "the slot's CMYK colour space embeds the output profile"
    assert profiles == _icc_profiles(second.pdf)
