"""The preflight's walk of a page (check/walk.py) finds colour wherever a page paints it: one small PDF
per hiding place, written with pikepdf, and the inks measured checked against Ghostscript's plates."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from itertools import pairwise
from pathlib import Path

import pikepdf
import pytest

from conftest import separations
from vividprint.check.seen import PageWalk
from vividprint.check.walk import walk_page

N = pikepdf.Name


def one_page(path: Path, content: bytes, resources: dict | None = None, **page: object) -> Path:
    """A 200 x 200 pt page drawing `content` with `resources` (dictionaries of pikepdf objects or
    callables that make them for the file)."""
    pdf = pikepdf.new()
    made = {f"/{key}": value(pdf) if callable(value) else value for key, value in (resources or {}).items()}
    obj = pikepdf.Dictionary(Type=N.Page, MediaBox=[0, 0, 200, 200], Resources=pikepdf.Dictionary(made))
    for key, value in page.items():
        obj[f"/{key}"] = value(pdf) if callable(value) else value
    obj.Contents = pdf.make_stream(content)
    pdf.pages.append(pikepdf.Page(obj))
    pdf.save(path)
    return path


def form(content: bytes, **keys: object) -> Callable[[pikepdf.Pdf], pikepdf.Stream]:
    """A maker of a Form XObject, for one_page."""

    def make(pdf: pikepdf.Pdf) -> pikepdf.Stream:
        stream = pikepdf.Stream(pdf, content, Type=N.XObject, Subtype=N.Form, BBox=[0, 0, 200, 200])
        for key, value in keys.items():
            stream[f"/{key}"] = value
        return stream

    return make


def walked(path: Path) -> PageWalk:
    with pikepdf.open(path) as pdf:
        return walk_page(pdf.pages[0])


RED_BOX = b"1 0 0 rg 0 0 50 50 re f"
HIDING_PLACES = {
    "an inline image": (b"q 50 0 0 50 0 0 cm BI /W 2 /H 1 /CS /RGB /BPC 8 ID \x00\x00\xff\xff\x00\x00 EI Q", {}, {}),
    "a soft mask": (
        b"/GS0 gs 0 0 0 1 k 0 0 50 50 re f",
        {
            "ExtGState": lambda pdf: pikepdf.Dictionary(
                GS0=pikepdf.Dictionary(
                    SMask=pikepdf.Dictionary(S=N.Luminosity, G=form(b"1 1 1 rg 0 0 200 200 re f")(pdf))
                )
            )
        },
        {},
    ),
    "a transparency group": (
        b"/Fm0 Do",
        {
            "XObject": lambda pdf: pikepdf.Dictionary(
                Fm0=form(b"0 0 0 1 k 0 0 50 50 re f", Group=pikepdf.Dictionary(S=N.Transparency, CS=N.DeviceRGB))(pdf)
            )
        },
        {},
    ),
    "a tiling pattern": (
        b"/Pattern cs /P0 scn 0 0 100 100 re f",
        {
            "Pattern": lambda pdf: pikepdf.Dictionary(
                P0=pikepdf.Stream(
                    pdf,
                    RED_BOX,
                    PatternType=1,
                    PaintType=1,
                    TilingType=1,
                    BBox=[0, 0, 50, 50],
                    XStep=50,
                    YStep=50,
                    Resources=pikepdf.Dictionary(),
                )
            )
        },
        {},
    ),
    "a shading pattern": (
        b"/Pattern cs /P1 scn 0 0 100 100 re f",
        {
            "Pattern": pikepdf.Dictionary(
                P1=pikepdf.Dictionary(
                    PatternType=2,
                    Shading=pikepdf.Dictionary(
                        ShadingType=2,
                        ColorSpace=N.DeviceRGB,
                        Coords=[0, 0, 100, 0],
                        Function=pikepdf.Dictionary(FunctionType=2, Domain=[0, 1], C0=[1, 0, 0], C1=[0, 0, 1], N=1),
                    ),
                )
            )
        },
        {},
    ),
    "an annotation": (
        b"0 0 0 1 k 0 0 10 10 re f",
        {},
        {
            "Annots": lambda pdf: pikepdf.Array(
                [
                    pdf.make_indirect(
                        pikepdf.Dictionary(
                            Type=N.Annot,
                            Subtype=N.FreeText,
                            Rect=[0, 150, 100, 170],
                            F=4,
                            AP=pikepdf.Dictionary(N=form(RED_BOX)(pdf)),
                        )
                    )
                ]
            )
        },
    ),
    "a Type 3 glyph": (
        b"BT /T3 12 Tf 10 10 Td (a) Tj ET",
        {
            "Font": lambda pdf: pikepdf.Dictionary(
                T3=pikepdf.Dictionary(
                    Type=N.Font,
                    Subtype=N.Type3,
                    Name=N("/Stamp"),
                    FontBBox=[0, 0, 1000, 1000],
                    FontMatrix=[0.001, 0, 0, 0.001, 0, 0],
                    FirstChar=97,
                    LastChar=97,
                    Widths=[1000],
                    Encoding=pikepdf.Dictionary(Differences=[97, N("/a")]),
                    CharProcs=pikepdf.Dictionary(a=pikepdf.Stream(pdf, b"1000 0 d0 1 0 0 rg 0 0 1000 1000 re f")),
                )
            )
        },
        {},
    ),
    "a three-component ICC image": (
        b"q 50 0 0 50 0 0 cm /Im0 Do Q",
        {
            "XObject": lambda pdf: pikepdf.Dictionary(
                Im0=pikepdf.Stream(
                    pdf,
                    b"\xff\x00\x00",
                    Type=N.XObject,
                    Subtype=N.Image,
                    Width=1,
                    Height=1,
                    BitsPerComponent=8,
                    ColorSpace=pikepdf.Array([N.ICCBased, pikepdf.Stream(pdf, b"\x00" * 128, N=3)]),
                )
            )
        },
        {},
    ),
}
EXPECTED = {
    "an inline image": ["an inline image in DeviceRGB"],
    "a soft mask": ["a fill in a soft mask in DeviceRGB"],
    "a transparency group": ["the transparency group of form Fm0 in DeviceRGB"],
    "a tiling pattern": ["a fill in pattern P0 in DeviceRGB"],
    "a shading pattern": ["pattern P1 in DeviceRGB"],
    "an annotation": ["a fill in annotation FreeText in DeviceRGB"],
    "a Type 3 glyph": ["a fill in a glyph of Stamp in DeviceRGB"],
    "a three-component ICC image": ["image Im0 in ICCBased RGB"],
}


@pytest.mark.parametrize("place", sorted(HIDING_PLACES))
def test_rgb_is_found_wherever_it_is_painted(tmp_path: Path, place: str) -> None:
    content, resources, page = HIDING_PLACES[place]
    walk = walked(one_page(tmp_path / "page.pdf", content, resources, **page))
    assert sorted(set(walk.rgb)) == EXPECTED[place]


def test_colour_spaces_listed_but_not_painted_are_not_reported(tmp_path: Path) -> None:
    """WeasyPrint lists Lab and its own ICC spaces in every page's resources without painting in them."""
    spaces = {
        "ColorSpace": pikepdf.Dictionary(
            R=N.DeviceRGB, L=pikepdf.Array([N.Lab, pikepdf.Dictionary(WhitePoint=[0.95, 1, 1.09])])
        )
    }
    walk = walked(one_page(tmp_path / "page.pdf", b"0 0 0 1 k 0 0 50 50 re f", spaces))
    assert (walk.rgb, walk.lab, walk.plates) == ([], [], {"Black"})
    walk = walked(one_page(tmp_path / "lab.pdf", b"/L cs 50 0 0 scn 0 0 50 50 re f", spaces))
    assert walk.lab == ["a fill in Lab"]


def test_ink_of_gradients_and_devicen_colours_as_ghostscript_separates_them(tmp_path: Path) -> None:
    def devicen(pdf: pikepdf.Pdf) -> pikepdf.Dictionary:
        # Cyan, Black and a spot; the alternate in CMYK: C = cyan, M = 0.81 spot, Y = 0.72 spot, K = black.
        program = b"{ dup 0.81 mul exch 0.72 mul 3 -1 roll }"
        tint = pikepdf.Stream(pdf, program, FunctionType=4, Domain=[0, 1] * 3, Range=[0, 1] * 4)
        names = [N.Cyan, N.Black, N("/PANTONE 185 C")]
        return pikepdf.Dictionary(D=pikepdf.Array([N.DeviceN, names, N.DeviceCMYK, tint]))

    gradient = pikepdf.Dictionary(FunctionType=2, Domain=[0, 1], C0=[0, 0, 0, 0], C1=[0.9, 0.9, 0.9, 0.9], N=1)
    spaces = {
        "ColorSpace": devicen,
        "Shading": pikepdf.Dictionary(
            S=pikepdf.Dictionary(
                ShadingType=2, ColorSpace=N.DeviceCMYK, Coords=[100, 0, 200, 0], Extend=[True, True], Function=gradient
            )
        ),
    }
    content = b"/D cs 1 1 0.5 scn 0 0 100 200 re f q 100 0 100 200 re W n /S sh Q"
    pdf = one_page(tmp_path / "page.pdf", content, spaces)
    walk = walked(pdf)
    assert round(walk.peak) == 360 and walk.peak_what == "shading S in C90 M90 Y90 K90"
    assert walk.plates == {"Cyan", "Magenta", "Yellow", "Black", "PANTONE 185 C"}
    assert walk.spots == {"PANTONE 185 C": "a fill"}
    plates = separations(pdf, tmp_path, dpi=72)
    total = sum(plates.values())
    assert abs(total.max() * 100 - 360) < 2  # the gradient's end
    assert abs(total[100, 50] * 100 - 250) < 1  # the DeviceN box: C100 K100 and the spot at 50 %
    assert abs(plates["PANTONE 185 C"][100, 50] - 0.5) < 0.01


def _stitched(*stops: list[float]) -> pikepdf.Dictionary:
    """A gradient's colour function as WeasyPrint writes one: a piece from each stop to the next."""
    pieces = [pikepdf.Dictionary(FunctionType=2, Domain=[0, 1], C0=a, C1=b, N=1) for a, b in pairwise(stops)]
    bounds = [i / len(pieces) for i in range(1, len(pieces))]
    return pikepdf.Dictionary(
        FunctionType=3, Domain=[0, 1], Functions=pieces, Bounds=bounds, Encode=[0, 1] * len(pieces)
    )


def test_stitched_gradients_faded_by_a_soft_mask_are_walked_as_printed(tmp_path: Path) -> None:
    """A CSS gradient in CMYK fading to transparent, as print writes it: a DeviceCMYK shading of stitched
    functions under a soft mask of greys. Ghostscript and poppler render it without a word; so the walk
    must read it too, and find its ink where Ghostscript does."""

    def shading(space: pikepdf.Name, function: pikepdf.Object) -> pikepdf.Dictionary:
        return pikepdf.Dictionary(ShadingType=2, ColorSpace=space, Coords=[0, 0, 200, 0], Extend=[True, True],
                                  Function=function)  # fmt: skip

    def faded(pdf: pikepdf.Pdf) -> pikepdf.Dictionary:
        fade = shading(N.DeviceGray, _stitched([1], [0.5], [0]))
        mask = form(b"/M sh", Group=pikepdf.Dictionary(S=N.Transparency, CS=N.DeviceGray),
                    Resources=pikepdf.Dictionary(Shading=pikepdf.Dictionary(M=fade)))(pdf)  # fmt: skip
        return pikepdf.Dictionary(
            GS0=pikepdf.Dictionary(Type=N.ExtGState, SMask=pikepdf.Dictionary(S=N.Luminosity, G=mask))
        )

    deep = shading(N.DeviceCMYK, _stitched([0.92, 0.68, 0.22, 0.28], [0.46, 0.34, 0.11, 0.14], [0, 0, 0, 0]))
    resources = {"ExtGState": faded, "Shading": pikepdf.Dictionary(S=deep)}
    pdf = one_page(tmp_path / "page.pdf", b"q /GS0 gs /S sh Q", resources)
    walk = walked(pdf)
    assert walk.malformed == []
    assert round(walk.peak) == 210 and walk.peak_what == "shading S in C92 M68 Y22 K28"
    assert walk.plates == {"Cyan", "Magenta", "Yellow", "Black"} and walk.rgb == []
    total = sum(separations(pdf, tmp_path, dpi=72).values())
    assert abs(total.max() * 100 - 210) < 3  # at the left edge, where the mask lets all of it through
    poppler = subprocess.run(["pdftoppm", "-r", "20", "-png", str(pdf), str(tmp_path / "p")], capture_output=True)
    assert poppler.returncode == 0 and not poppler.stderr


def test_a_shading_whose_function_cannot_be_read_is_named(tmp_path: Path) -> None:
    broken = pikepdf.Dictionary(FunctionType=3, Domain=[0, 1], Functions=5, Bounds=[], Encode=[0, 1])
    shading = pikepdf.Dictionary(ShadingType=2, ColorSpace=N.DeviceCMYK, Coords=[0, 0, 200, 0], Function=broken)
    walk = walked(one_page(tmp_path / "page.pdf", b"/S sh", {"Shading": pikepdf.Dictionary(S=shading)}))
    assert walk.malformed == ["shading S has a colour function that cannot be read"]


def test_thin_lines_and_small_rich_black_text_are_measured_as_printed(tmp_path: Path) -> None:
    """Widths and type sizes go through the current matrix: a 1 pt line drawn at a tenth is 0.1 pt."""
    fonts = {"Font": pikepdf.Dictionary(F=pikepdf.Dictionary(Type=N.Font, Subtype=N.Type1, BaseFont=N.Helvetica))}
    content = (
        b"q 0.1 0 0 0.1 0 0 cm 1 w 0 0 0 1 K 0 0 m 100 100 l S Q "
        b"q 0.5 0 0 0.5 0 0 cm BT /F 18 Tf 0.6 0.4 0.4 1 k 10 10 Td (small) Tj ET Q "
        b"BT /F 14 Tf 0.6 0.4 0.4 1 k 10 100 Td (large) Tj ET"
    )
    walk = walked(one_page(tmp_path / "page.pdf", content, fonts))
    assert walk.thinnest == pytest.approx(0.1)
    assert walk.rich_black == {"C60 M40 Y40 K100": 9.0}
    assert walk.fonts == {"Helvetica": False}


def test_a_damaged_image_is_named_not_a_crash(tmp_path: Path) -> None:
    def broken(pdf: pikepdf.Pdf) -> pikepdf.Dictionary:
        image = pikepdf.Stream(
            pdf, b"\xff\xd8 not a JPEG", Type=N.XObject, Subtype=N.Image, Width=40, Height=40,
            BitsPerComponent=8, ColorSpace=N.DeviceCMYK, Filter=N.DCTDecode,
        )  # fmt: skip
        return pikepdf.Dictionary(Im0=image)

    walk = walked(one_page(tmp_path / "page.pdf", b"q 100 0 0 100 0 0 cm /Im0 Do Q", {"XObject": broken}))
    assert len(walk.malformed) == 1 and walk.malformed[0].startswith("image Im0 cannot be decoded (")
