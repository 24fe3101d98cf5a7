"""Proof extras: pictures and supplied pages at about 150 ppi of their placement, the slug outside the
trim on every page, the reader-spreads PDF; print keeps what it had.

One small issue, kept in a git repository, is built once for the tests that only read it. Its inside
ad is a real advertisement as an agency exports it: a CMYK photo at 300 ppi and live text in an
embedded font.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageStat
from pypdf import PdfReader

from conftest import IssueFolder, article, paragraphs, photo, small_issue
from vividprint.build import BuildResult
from vividprint.compare import diff_pdfs
from vividprint.profiles import PROFILES

ROOT = Path(__file__).resolve().parents[1]
PT_PER_MM = 72 / 25.4
AD_TEXT = "Harbour light since 1904"


def git(folder: Path, *args: str) -> str:
    command = ["git", "-c", "user.name=vividprint", "-c", "user.email=dev@vividprint.invalid", "-C", str(folder)]
    return subprocess.run([*command, *args], capture_output=True, text=True, check=True).stdout.strip()


def photo_ad(path: Path, picture: Path) -> Path:
    """A one-page ad as an agency exports it: trim and bleed boxes, a CMYK photo over the top half at
    300 ppi of its box, the copy below in Inter (embedded, selectable)."""
    from weasyprint import HTML

    inter = (ROOT / "fonts/inter/Inter-Bold.otf").as_uri()
    document = f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><style>
@font-face {{ font-family: 'Ad'; src: url('{inter}'); font-weight: 700 }}
@page {{ size: 210mm 297mm; bleed: 3mm; margin: 0 }}
body {{ margin: 0; font: 700 30pt 'Ad'; color: device-cmyk(1 0.6 0 0.2) }}
img {{ display: block; width: 210mm; height: 148.5mm }}
p {{ margin: 20mm 18mm }}
</style></head><body><img src="{picture.as_uri()}"><p>{AD_TEXT}</p></body></html>"""
    HTML(string=document).write_pdf(path)
    return path


def image_rows(pdf: Path) -> list[dict[str, str]]:
    """`pdfimages -list`: one row per image drawn, with its page, pixels and ppi as placed."""
    out = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    lines = out.splitlines()
    names = lines[0].split()
    return [dict(zip(names, line.split(), strict=False)) for line in lines[2:]]


def picture_bytes(pdf: Path) -> int:
    """The bytes of the images a PDF holds, each stored once, as stored."""
    import pikepdf

    with pikepdf.open(pdf) as doc:
        images = [o for o in doc.objects if isinstance(o, pikepdf.Stream) and o.get("/Subtype") == "/Image"]
        return sum(len(image.read_raw_bytes()) for image in images)


def bbox_words(pdf: Path) -> list[list[tuple[float, float, float, float, str]]]:
    """Every page's words as poppler finds them: x0, y0, x1, y1 from the crop box's top left, in points."""
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
    return [
        [(float(a), float(b), float(c), float(d), text) for a, b, c, d, text in re.findall(pattern, page)]
        for page in re.findall(r"<page .*?</page>", html, flags=re.S)
    ]


@dataclass(frozen=True)
class Extras:
    issue: IssueFolder
    result: BuildResult
    revision: str  # git rev-parse --short HEAD of the issue's repository

    @property
    def proof(self) -> Path:
        return self.result.output

    @property
    def spreads(self) -> Path:
        return self.proof.with_name(self.proof.stem + "-spreads.pdf")


def extras_issue(root: Path) -> IssueFolder:
    """The small issue with a photo ad inside and a large picture set small in a column."""
    issue = small_issue(IssueFolder(root))
    picture = photo(root.parent / "ad-photo.jpg", (2480, 1754), seed=5, mode="CMYK")
    photo_ad(issue.root / "supplied/ad.pdf", picture)
    picture.unlink()
    photo(issue.root / "images/huge.jpg", (4000, 2700), seed=8)
    issue.write(
        "articles/river.md",
        article(
            "The river economy",
            paragraphs(6),
            kicker="Key topic",
            images=[{"src": "images/huge.jpg", "caption": "Big, set small.", "role": "inline"}],
        ),
    )
    return issue


@pytest.fixture(scope="module")
def extras(tmp_path_factory: pytest.TempPathFactory) -> Extras:
    repo = tmp_path_factory.mktemp("repo")
    issue = extras_issue(repo / "issue")
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "First round")
    result = issue.build(repo / "out")
    return Extras(issue, result, git(repo, "rev-parse", "--short", "HEAD"))


# --------------------------------------------------------------------------- a proof small enough to mail


def test_pictures_and_supplied_pages_are_embedded_at_about_150_ppi(extras: Extras) -> None:
    rows = image_rows(extras.proof)
    assert rows, "the proof draws no image"
    for row in rows:
        # Every picture whose original has the pixels: 150 ppi of its box, within a fifth.
        assert int(row["x-ppi"]) <= 185 and int(row["y-ppi"]) <= 185, row
    labels = extras.result.labels
    ads = {str(labels.index(label) + 1) for label in ("U2", "5")}  # supplied/ad.pdf, placed twice
    on_ads = [row for row in rows if row["page"] in ads]
    assert len(on_ads) == 2 and all(row["color"] == "cmyk" for row in on_ads), on_ads
    assert all(140 <= int(row["x-ppi"]) <= 160 for row in on_ads), on_ads  # 300 ppi as supplied
    river = {str(labels.index(label) + 1) for label in ("2", "3", "4")}
    inline = [row for row in rows if row["page"] in river]
    # 4000 pixels set in a column: some 1,500 ppi as supplied
    assert len(inline) == 1 and 140 <= min(int(inline[0]["x-ppi"]), int(inline[0]["y-ppi"])) <= 185, inline


def test_proof_is_much_smaller_than_with_pictures_as_supplied(
    extras: Extras, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The baseline: the same proof with no picture scaled to its placement (the profile's threshold out
    # of reach), as proofs were built before: pictures at up to the page's size, ads as supplied.
    monkeypatch.setitem(PROFILES, "proof", replace(PROFILES["proof"], max_ppi=100_000))
    baseline = extras.issue.build(tmp_path / "baseline", cache_dir=tmp_path / "cache").output
    rows = image_rows(baseline)
    assert max(int(row["x-ppi"]) for row in rows) > 500  # the big picture, set small
    pictures, pictures_before = picture_bytes(extras.proof), picture_bytes(baseline)
    assert pictures < 0.55 * pictures_before, (pictures, pictures_before)  # the cover is 150 ppi in both
    # The rest, fonts and text, is what it was: the small issue's pictures are smooth and small.
    size, before = extras.proof.stat().st_size, baseline.stat().st_size
    assert size < before - 0.9 * (pictures_before - pictures), (size, before)


def test_supplied_ad_keeps_its_live_text_and_its_colours(extras: Extras, tmp_path: Path) -> None:
    page = extras.result.labels.index("U2") + 1
    text = subprocess.run(
        ["pdftotext", "-f", str(page), "-l", str(page), str(extras.proof), "-"], capture_output=True, text=True
    ).stdout
    assert AD_TEXT in " ".join(text.split())  # not rastered: searchable, sharp at any zoom
    fonts = subprocess.run(["pdffonts", "-f", str(page), "-l", str(page), str(extras.proof)], capture_output=True,
                           text=True, check=True).stdout  # fmt: skip
    assert re.search(r"\+Ad-Bold .* yes yes", fonts), fonts  # the ad's own font, embedded
    # The proof's ad looks like the supplied one: both rendered by poppler at 20 dpi, the proof's within
    # its trim (the slug below cut off).
    original = extras.issue.root / "supplied/ad.pdf"
    subprocess.run(["pdftoppm", "-r", "20", "-cropbox", "-png", "-singlefile", str(original), str(tmp_path / "a")],
                   check=True)  # fmt: skip
    trim_height_px = round(297 / 25.4 * 20)
    area = ["-x", "0", "-y", "0", "-W", "9999", "-H", str(trim_height_px)]
    pages = ["-f", str(page), "-l", str(page)]
    command = ["pdftoppm", "-r", "20", *pages, "-png", "-singlefile", *area, str(extras.proof), str(tmp_path / "b")]
    subprocess.run(command, check=True)
    # The supplied crop box holds the bleed: cut it to the trim.
    with Image.open(tmp_path / "a.png") as a, Image.open(tmp_path / "b.png") as b:
        bleed = round(3 / 25.4 * 20)
        a = a.convert("RGB").crop((bleed, bleed, a.width - bleed, a.height - bleed)).resize(b.size)
        difference = ImageStat.Stat(ImageChops.difference(a, b.convert("RGB"))).mean
    assert max(difference) < 8, difference  # of 255: the same picture, colours and all


def test_print_keeps_the_supplied_pages_and_pictures_as_they_were(tmp_path: Path) -> None:
    issue = extras_issue(tmp_path / "issue")
    folder = issue.build(profile="print").output
    rows = image_rows(folder / "vivid-1-2026-print.pdf")
    ad = [row for row in rows if row["page"] == "2"]  # U2
    assert [(row["width"], row["height"], row["color"]) for row in ad] == [("2480", "1754", "cmyk")]
    inline = [row for row in rows if row["page"] in ("4", "5", "6")]  # folios 2-4: 300 ppi, print's own rule
    assert len(inline) == 1 and 290 <= min(int(inline[0]["x-ppi"]), int(inline[0]["y-ppi"])) <= 310, inline
    assert not list(folder.glob("*spreads*"))
    reader = PdfReader(folder / "vivid-1-2026-print.pdf")
    assert all("/VividSlug" not in str(page.get("/Resources")) for page in reader.pages)


# --------------------------------------------------------------------------- the slug


def test_every_proof_page_has_its_slug_below_the_trim(extras: Extras) -> None:
    reader = PdfReader(extras.proof)
    trim_w, trim_h = 210 * PT_PER_MM, 297 * PT_PER_MM
    for page in reader.pages:
        trim, media = page.trimbox, page.mediabox
        assert abs(float(trim.width) - trim_w) < 0.5 and abs(float(trim.height) - trim_h) < 0.5
        assert abs(float(trim.bottom) - float(media.bottom) - 10 * PT_PER_MM) < 0.1  # 10 mm below
        assert float(trim.top) == float(media.top) and float(page.cropbox.bottom) == float(media.bottom)
    pages = bbox_words(extras.proof)
    assert len(pages) == len(extras.result.labels)
    for label, words in zip(extras.result.labels, pages, strict=True):
        below = [w for w in words if w[1] > trim_h]  # poppler counts from the top: beyond the trim
        text = " ".join(w[4] for w in below)
        assert "PROOF" in text and "VIVID 1/2026" in text and "· en ·" in text, (label, text)
        assert (label if label.startswith("U") else f"page {label}") in text, (label, text)
        assert f"rev {extras.revision}" in text and "dirty" not in text, text
        assert re.search(r"written \d{4}-\d\d-\d\d \d\d:\d\d", text), text
        assert all(w[3] <= trim_h + 10 * PT_PER_MM + 0.5 for w in below)
        # and nothing of the slug on the page itself
        assert "PROOF" not in {w[4] for w in words if w[1] <= trim_h}, label


def test_slug_says_dirty_for_uncommitted_changes_and_no_revision_outside_git(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    issue = small_issue(IssueFolder(repo / "issue"))
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "First round")
    revision = git(repo, "rev-parse", "--short", "HEAD")
    (issue.root / "articles/viertel.md").write_text(
        (issue.root / "articles/viertel.md").read_text() + "\nEin neuer Absatz.\n", encoding="utf-8"
    )
    proof = issue.build(repo / "out").output  # ISSUE/.vividprint-cache is not a change: it is left out
    assert f"rev {revision} dirty" in " ".join(w[4] for w in bbox_words(proof)[0])
    plain = small_issue(IssueFolder(tmp_path / "plain" / "issue"))
    proof = plain.build(tmp_path / "plain" / "out").output
    slug = " ".join(w[4] for w in bbox_words(proof)[0] if w[1] > 297 * PT_PER_MM)
    assert "PROOF" in slug and "rev" not in slug, slug


def test_an_unchanged_build_keeps_its_proof_and_a_commit_rewrites_it(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    issue = small_issue(IssueFolder(repo / "issue"))
    git(repo, "init", "-q")
    first = issue.build(repo / "out").output  # not committed yet: no revision
    before = first.read_bytes()
    again = issue.build(repo / "out").output
    assert again.read_bytes() == before  # the slug's time does not make a build a change
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "First round")
    revision = git(repo, "rev-parse", "--short", "HEAD")
    committed = issue.build(repo / "out").output
    assert f"rev {revision}" in " ".join(w[4] for w in bbox_words(committed)[0])
    # Two rounds that differ in their slugs alone are the same proof to `vividprint diff`.
    shutil.copyfile(committed, tmp_path / "round2.pdf")
    (tmp_path / "round1.pdf").write_bytes(before)
    diff = diff_pdfs(tmp_path / "round1.pdf", tmp_path / "round2.pdf")
    assert not diff.changed, [
        (p.new_label, p.status, p.added, p.removed) for p in diff.pages if p.status != "unchanged"
    ]


# --------------------------------------------------------------------------- reader spreads


def test_spreads_show_facing_pages_as_a_reader_sees_them(extras: Extras) -> None:
    labels = list(extras.result.labels)
    assert labels[0] == "U1" and labels[-1] == "U4" and labels[1] == "U2"
    reader = PdfReader(extras.spreads)
    widths = [round(float(page.mediabox.width) / PT_PER_MM) for page in reader.pages]
    heights = {round(float(page.mediabox.height) / PT_PER_MM) for page in reader.pages}
    # U1 alone, U2 | 1, 2 | 3, ..., last | U3, U4 alone: the slug is not part of a reader's page.
    assert widths == [210] + [420] * ((len(labels) - 2) // 2) + [210], widths
    assert heights == {297}
    assert list(reader.page_labels) == ["U1", "U2 | 1", *[f"{n} | {n + 1}" for n in range(2, 8, 2)], "8 | U3", "U4"]
    sheets = bbox_words(extras.spreads)
    half = 210 * PT_PER_MM
    proof_pages = bbox_words(extras.proof)
    # On every double sheet the left page's words are on the left half, the right page's on the right.
    checked: list[str] = []
    for sheet, (left, right) in zip(sheets[1:-1], zip(labels[1:-2:2], labels[2:-1:2], strict=True), strict=True):
        on_page = {
            label: {w[4] for w in proof_pages[labels.index(label)] if w[1] <= 297 * PT_PER_MM and len(w[4]) > 3}
            for label in (left, right)
        }
        for label, on_right in ((left, False), (right, True)):
            other = on_page[right if label == left else left]
            placed = [w for w in sheet if w[4] in on_page[label] - other]  # words of this page alone
            if on_page[label] - other:  # not a blank page (an underset article's last)
                checked.append(label)
                assert placed, (label, sheet[:5])
                assert all((w[0] >= half) == on_right for w in placed), (label, on_right, placed)
    assert len(checked) >= 6, checked
    assert "Supplied" not in " ".join(w[4] for w in sheets[0])  # U1 is the cover, not the U2 ad
    assert "PROOF" not in {w[4] for sheet in sheets for w in sheet}


# --------------------------------------------------------------------------- supplied pages, one by one


def kinds_pdf(path: Path) -> Path:
    """A supplied page with pictures of several kinds, as other tools export them:

    * Im1: a lossless (Flate) RGB picture with a soft mask, 1200 × 800 drawn 2 in wide (600 ppi);
    * Im2: a grey JPEG, 1000 × 1000, drawn 1 in wide and, inside a form, 4 in wide (250 ppi);
    * Im3: a stencil mask, 800 × 800 drawn 1 in wide (left as it is: it is a shape, not a picture);
    * an ICC profile in the page's colour spaces that nothing names, and one that the content uses.
    """
    import io
    import zlib

    import pikepdf

    pdf = pikepdf.new()
    gradient = Image.linear_gradient("L").resize((1200, 800))
    rgb = Image.merge("RGB", (gradient, gradient.rotate(180), Image.new("L", (1200, 800), 90)))
    mask = pikepdf.Stream(pdf, zlib.compress(gradient.tobytes()), Type=pikepdf.Name.XObject,
                          Subtype=pikepdf.Name.Image, Width=1200, Height=800, ColorSpace=pikepdf.Name.DeviceGray,
                          BitsPerComponent=8, Filter=pikepdf.Name.FlateDecode)  # fmt: skip
    im1 = pikepdf.Stream(pdf, zlib.compress(rgb.tobytes()), Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Image,
                         Width=1200, Height=800, ColorSpace=pikepdf.Name.DeviceRGB, BitsPerComponent=8,
                         Filter=pikepdf.Name.FlateDecode, SMask=mask)  # fmt: skip
    grey = io.BytesIO()
    Image.radial_gradient("L").resize((1000, 1000)).save(grey, "JPEG", quality=90)
    im2 = pikepdf.Stream(pdf, grey.getvalue(), Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Image, Width=1000,
                         Height=1000, ColorSpace=pikepdf.Name.DeviceGray, BitsPerComponent=8,
                         Filter=pikepdf.Name.DCTDecode)  # fmt: skip
    stencil = Image.new("1", (800, 800), 0)
    stencil.paste(1, (200, 200, 600, 600))
    im3 = pikepdf.Stream(pdf, stencil.tobytes(), Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Image, Width=800,
                         Height=800, ImageMask=True, BitsPerComponent=1)  # fmt: skip
    form = pikepdf.Stream(pdf, b"q 288 0 0 288 0 0 cm /Im2 Do Q", Type=pikepdf.Name.XObject,
                          Subtype=pikepdf.Name.Form, BBox=[0, 0, 288, 288],
                          Resources=pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im2=im2)))  # fmt: skip
    icc = (ROOT / "icc/ISOcoated_v2_300_bas.icc").read_bytes()
    unused = pikepdf.Array([pikepdf.Name.ICCBased, pikepdf.Stream(pdf, icc, N=4)])
    used = pikepdf.Array([pikepdf.Name.ICCBased, pikepdf.Stream(pdf, icc, N=4)])
    resources = pikepdf.Dictionary(
        XObject=pikepdf.Dictionary(Im1=im1, Im2=im2, Im3=im3, Fm1=form),
        ColorSpace=pikepdf.Dictionary(CS0=used, CS9=unused),
    )
    content = (
        b"/CS0 cs 0 0.2 0.6 0 scn 0 0 595 842 re f "
        b"q 144 0 0 96 40 700 cm /Im1 Do Q q 72 0 0 72 300 700 cm /Im2 Do Q "
        b"0 0 0 1 k q 72 0 0 72 420 700 cm /Im3 Do Q q 1 0 0 1 40 300 cm /Fm1 Do Q"
    )
    page = pikepdf.Page(pikepdf.Dictionary(Type=pikepdf.Name.Page, MediaBox=[0, 0, 595, 842]))
    page.obj.Resources = resources
    page.obj.Contents = pdf.make_stream(content)
    pdf.pages.append(page)
    pdf.save(path)
    return path


def test_supplied_pictures_are_scaled_to_their_largest_drawing_and_the_rest_kept(tmp_path: Path) -> None:
    from vividprint.pdf.proofcopy import Resampling, Source, proof_copy

    original = kinds_pdf(tmp_path / "kinds.pdf")
    data = original.read_bytes()
    source = Source(original, data, "digest-of-kinds", (0,))
    copy = proof_copy(source, tmp_path / "cache", Resampling(max_ppi=180, target_ppi=150, quality=80))
    assert proof_copy(source, tmp_path / "cache", Resampling(180, 150, 80)) == copy  # made once, then kept
    sizes = {(row["width"], row["height"], row["type"], row["enc"]) for row in image_rows(copy)}
    assert ("300", "200", "image", "image") in sizes  # Im1: 600 ppi -> 150, still lossless
    assert ("300", "200", "smask", "image") in sizes  # and its soft mask with it
    assert ("600", "600", "image", "jpeg") in sizes  # Im2: its largest drawing, 250 ppi -> 150
    assert ("800", "800", "stencil", "image") in sizes  # Im3 as supplied
    assert copy.stat().st_size < len(data) / 2  # the unused ICC profile is gone, the used one kept
    import pikepdf

    with pikepdf.open(copy) as pdf:
        assert set(pdf.pages[0].Resources.ColorSpace.keys()) == {"/CS0"}
    # The page looks as it did: both rendered by poppler at 30 dpi.
    for name, pdf in (("a", original), ("b", copy)):
        subprocess.run(["pdftoppm", "-r", "30", "-png", "-singlefile", str(pdf), str(tmp_path / name)], check=True)
    with Image.open(tmp_path / "a.png") as a, Image.open(tmp_path / "b.png") as b:
        difference = ImageStat.Stat(ImageChops.difference(a.convert("RGB"), b.convert("RGB"))).mean
    assert max(difference) < 3, difference
