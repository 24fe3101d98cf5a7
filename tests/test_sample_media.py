"""scripts/make_sample_media.py makes what the example issue places, of the kinds the checks need."""

from __future__ import annotations

import re
from pathlib import Path

import pikepdf
import pytest
from PIL import Image
from pypdf import PdfReader

import make_sample_media as media
from conftest import ROOT
from vividprint.check.walk import rgb_uses

EXAMPLE = ROOT / "issues" / "example"
PT_PER_MM = 72 / 25.4


def _placed_by_the_example() -> set[str]:
    """Every image and supplied PDF that the example's issue.toml and articles name."""
    texts = [(EXAMPLE / "issue.toml").read_text(encoding="utf-8")]
    texts += [path.read_text(encoding="utf-8") for path in sorted((EXAMPLE / "articles").glob("*.md"))]
    return {name for text in texts for name in re.findall(r"\b((?:images|supplied)/[\w.-]+\.\w+)", text)}


def test_the_script_makes_every_file_the_example_places() -> None:
    made = {f"images/{name}" for name, *_ in media.PICTURES} | {f"supplied/{name}" for name in media.ADS}
    assert made == _placed_by_the_example()


@pytest.mark.parametrize(("name", "size", "mode"), [(name, size, mode) for name, size, _, _, mode in media.PICTURES])
def test_the_example_pictures_are_what_the_script_makes(name: str, size: tuple[int, int], mode: str) -> None:
    """The committed pictures have the pixel sizes and formats that the script writes: its resolution
    warnings depend on them."""
    with Image.open(EXAMPLE / "images" / name) as committed:
        assert committed.size == size
        assert committed.format == {".jpg": "JPEG", ".png": "PNG", ".tif": "TIFF"}[Path(name).suffix]
        assert committed.mode.startswith(mode)


@pytest.mark.parametrize(
    ("suffix", "mode", "expected"),
    [
        (".jpg", "RGB", ("JPEG", "RGB")),
        (".jpg", "CMYK", ("JPEG", "CMYK")),
        (".jpg", "L", ("JPEG", "L")),
        (".png", "RGB", ("PNG", "RGBA")),
        (".tif", "RGB", ("TIFF", "RGB")),
    ],
)
def test_each_kind_of_picture(tmp_path: Path, suffix: str, mode: str, expected: tuple[str, str]) -> None:
    path = media.photo(tmp_path / f"picture{suffix}", (300, 200), seed=4, mode=mode)
    with Image.open(path) as picture:
        assert (picture.format, picture.mode, picture.size) == (*expected, (300, 200))
        if suffix == ".tif":
            assert picture.info["compression"] == "tiff_lzw"
        if suffix == ".png":  # a cut-out: opaque in the middle, see-through in the corners
            alpha = picture.getchannel("A")
            assert alpha.getpixel((150, 100)) == 255 and alpha.getpixel((0, 0)) == 0
        colours = picture.convert("RGB").getcolors(maxcolors=300 * 200)
        assert colours is not None and len(colours) > 100, "a picture, not a flat area"
    again = media.photo(tmp_path / f"again{suffix}", (300, 200), seed=4, mode=mode)
    assert again.read_bytes() == path.read_bytes(), "the same seed gives the same bytes"


@pytest.mark.parametrize("name", sorted(media.ADS))
def test_the_ads_are_a4_with_bleed_in_cmyk_only(tmp_path: Path, name: str) -> None:
    path = media.supplied_pdf(tmp_path / name, ad=media.ADS[name])
    (page,) = PdfReader(path).pages
    trim, bleed = page.trimbox, page.bleedbox
    assert abs(float(trim.width) - 210 * PT_PER_MM) < 0.5 and abs(float(trim.height) - 297 * PT_PER_MM) < 0.5
    assert abs(float(trim.left) - float(bleed.left) - 3 * PT_PER_MM) < 0.1
    with pikepdf.open(path) as pdf:
        assert rgb_uses(pdf.pages[0]) == []
    assert media.ADS[name].brand in page.extract_text()


def test_an_rgb_supplied_page_is_rgb(tmp_path: Path) -> None:
    with pikepdf.open(media.supplied_pdf(tmp_path / "rgb.pdf", cmyk=False)) as pdf:
        assert rgb_uses(pdf.pages[0])
