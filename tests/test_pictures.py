"""Pictures in every form a photographer or an agency sends them: each builds, and prints as it looks."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image, ImageStat
from pypdf import PdfReader

from conftest import LAYOUTS, IssueFolder, small_issue
from vividprint.inputs.files import World
from vividprint.inputs.load import load


def saved(source: Path, mode: str, suffix: str, **options: object) -> Path:
    """The hero picture again, in `mode`, as `suffix` says."""
    with Image.open(source) as im:
        picture = im.convert("RGB")
    match mode:
        case "I;16":  # a 16-bit greyscale PNG, as scanners and raw converters write them
            picture = picture.convert("L").convert("I").point(lambda v: v * 257).convert("I;16")
        case "P+transparency":
            picture = picture.convert("P", palette=Image.Palette.ADAPTIVE)
            options["transparency"] = 0
        case "RGBA" | "LA":
            picture = picture.convert(mode)
            picture.putalpha(200)
        case _:
            picture = picture.convert(mode)
    target = source.with_name(f"hero-{mode.replace(';', '').replace('+', '-')}{suffix}")
    picture.save(target, **options)
    return target


FORMS = [
    ("I;16", ".png"),
    ("P", ".png"),
    ("P+transparency", ".png"),
    ("RGBA", ".png"),
    ("LA", ".png"),
    ("L", ".jpg"),
    ("CMYK", ".jpg"),
    ("CMYK", ".tif"),
    ("1", ".tif"),
]


def hero_brightness(pdf: Path) -> float:
    """Mean grey of the largest picture on the article's first page (page 4 of the small issue: U1, U2,
    contents, river)."""
    page = PdfReader(pdf).pages[3]
    pictures = [Image.open(io.BytesIO(image.data)) for image in page.images]
    largest = max(pictures, key=lambda im: im.width * im.height)
    return ImageStat.Stat(largest.convert("L")).mean[0]


@pytest.mark.parametrize(("mode", "suffix"), FORMS, ids=[f"{m}{s}" for m, s in FORMS])
def test_a_picture_in_any_usual_form_builds_and_keeps_its_tones(
    issue: IssueFolder, tmp_path: Path, mode: str, suffix: str
) -> None:
    small_issue(issue)
    hero = issue.root / "images/hero.jpg"
    with Image.open(hero) as im:
        expected = ImageStat.Stat(im.convert("L")).mean[0]
    other = saved(hero, mode, suffix)
    river = issue.root / "articles/river.md"
    river.write_text(river.read_text().replace("images/hero.jpg", f"images/{other.name}"))
    result = issue.build(tmp_path / "out")
    assert result.page_count == 12
    got = hero_brightness(result.output)
    if mode == "1":  # dithered to black and white: the mean grey survives only roughly
        assert abs(got - expected) < 40
    elif mode not in ("RGBA", "LA", "P+transparency"):  # alpha lightens over white
        assert abs(got - expected) < 12, f"{mode}: mean grey {got:.0f}, the original's {expected:.0f}"
    else:
        assert 40 < got < 250


def test_an_exif_rotated_picture_is_measured_as_it_is_shown(issue: IssueFolder) -> None:
    """A camera stores a portrait lying on its side and says so in EXIF: its shape is the portrait's."""
    small_issue(issue)
    hero = issue.root / "images/hero.jpg"
    with Image.open(hero) as im:
        lying = im.convert("RGB").transpose(Image.Transpose.ROTATE_90)  # 1000 x 1600, as stored
    exif = Image.Exif()
    exif[0x0112] = 6  # "turn 90° clockwise to show"
    lying.save(hero, exif=exif.tobytes())
    loaded, _ = load(World.open(issue.root, LAYOUTS))
    image = next(im for slot in loaded.flatplan if slot.article for im in slot.article.images)
    assert (image.width_px, image.height_px) == (1600, 1000)
