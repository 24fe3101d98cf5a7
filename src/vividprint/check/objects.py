"""Reading PDF objects for the walk: resources, matrices, line geometry, shading functions, fonts and
images, each as little as the preflight needs of it."""

from __future__ import annotations

import math

import pikepdf

from .pixels import Picture
from .spaces import Space

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def sub(res: pikepdf.Object | None, key: str) -> pikepdf.Object:
    found = res.get(key) if isinstance(res, pikepdf.Dictionary) else None
    return found if isinstance(found, pikepdf.Dictionary) else pikepdf.Dictionary()


def inherited(page: pikepdf.Object, key: str) -> pikepdf.Object:
    node: pikepdf.Object | None = page
    for _ in range(32):
        if node is None:
            break
        if key in node:
            return node[key]
        node = node.get("/Parent")
    return pikepdf.Dictionary()


def bare(name: object) -> str:
    return str(name).removeprefix("/")


def matrix(values: object) -> Matrix:
    if values is None:
        return IDENTITY
    a, b, c, d, e, f = (float(v) for v in values)  # type: ignore[union-attr]
    return a, b, c, d, e, f


def mul(m: Matrix, n: Matrix) -> Matrix:
    """m, then n (PDF's row-vector order: a point goes through m first)."""
    a, b, c, d, e, f = m
    p, q, r, s, t, u = n
    return a * p + b * r, a * q + b * s, c * p + d * r, c * q + d * s, e * p + f * r + t, e * q + f * s + u


def fitted(form: pikepdf.Object, rect: object) -> Matrix:
    """The matrix that maps an appearance stream onto its annotation's rectangle (ISO 32000 12.5.5):
    its box, through its own matrix, is fitted to the rectangle."""
    if rect is None or "/BBox" not in form:
        return IDENTITY
    x0, y0, x1, y1 = (float(v) for v in form.BBox)
    m = matrix(form.get("/Matrix"))
    corners = [(x * m[0] + y * m[2] + m[4], x * m[1] + y * m[3] + m[5]) for x in (x0, x1) for y in (y0, y1)]
    bx0, bx1 = min(c[0] for c in corners), max(c[0] for c in corners)
    by0, by1 = min(c[1] for c in corners), max(c[1] for c in corners)
    r0, s0, r1, s1 = (float(v) for v in rect)  # type: ignore[union-attr]
    sx = (r1 - r0) / (bx1 - bx0) if bx1 > bx0 else 1.0
    sy = (s1 - s0) / (by1 - by0) if by1 > by0 else 1.0
    return sx, 0.0, 0.0, sy, min(r0, r1) - bx0 * sx, min(s0, s1) - by0 * sy


def scale(m: Matrix) -> float:
    return math.sqrt(abs(m[0] * m[3] - m[1] * m[2]))


def band(rects: list[tuple[float, float, float, float]]) -> float | None:
    """How thick a fill of one or two rectangles is, as a line: WeasyPrint draws a rule or a border as
    a rectangle, or as an outer and an inner one filled even-odd."""
    if len(rects) == 1:
        x0, y0, x1, y1 = rects[0]
        thickness = min(abs(x1 - x0), abs(y1 - y0))
        return thickness if thickness > 0.001 else None
    (a0, b0, a1, b1), (c0, d0, c1, d1) = rects
    gaps = [abs(g) for g in (c0 - a0, d0 - b0, c1 - a1, d1 - b1) if abs(g) > 0.01]
    return min(gaps) if gaps else None


def white(space: Space, values: tuple[float, ...], opm: int) -> bool:
    """White that overprint makes vanish: CMYK 0 0 0 0 leaves every plate below it alone under the
    nonzero overprint mode (OPM 1); gray 1 is K 0, and overprinting leaves C, M and Y below it."""
    if space.kind == "gray":
        return bool(values) and values[0] >= 0.999
    return space.kind == "cmyk" and opm == 1 and all(v <= 0.001 for v in values)


def outputs(function: pikepdf.Object) -> int | None:
    """How many colour values a shading's function gives."""
    if isinstance(function, pikepdf.Array):
        return len(function)
    kind = int(function.get("/FunctionType", -1))
    if kind == 2:
        return len(function.get("/C0", function.get("/C1", [1])))
    if kind == 3:
        inner = function.get("/Functions")
        return outputs(inner[0]) if inner else None
    if "/Range" in function:
        return len(function.Range) // 2
    return None


def ends(function: pikepdf.Object) -> list[tuple[float, ...]] | None:
    """The colours at the ends of a gradient's pieces, where its ink peaks, or None when the function
    is sampled or a program (not evaluated here)."""
    if isinstance(function, pikepdf.Array):
        pieces = [ends(f) for f in function]
        if any(p is None or len(p) != 2 for p in pieces):
            return None
        return [tuple(p[0][0] for p in pieces), tuple(p[1][0] for p in pieces)]  # type: ignore[index]
    kind = int(function.get("/FunctionType", -1))
    if kind == 2:
        return [tuple(float(v) for v in function.get(key, [default])) for key, default in (("/C0", 0), ("/C1", 1))]
    if kind == 3:  # stitched: the ends of every piece, in order
        found: list[tuple[float, ...]] = []
        for inner in function.get("/Functions", []):
            if (piece := ends(inner)) is None:
                return None
            found += piece
        return found
    return None


def font_name(font: pikepdf.Object) -> str:
    name = str(font.get("/BaseFont", font.get("/Name", "unnamed"))).removeprefix("/")
    return name.split("+", 1)[-1] if len(name) > 7 and name[6] == "+" else name


def embedded(font: pikepdf.Object) -> bool:
    if str(font.get("/Subtype")) == "/Type3":  # its glyphs are drawn in the file
        return True
    if "/DescendantFonts" in font:
        font = font.DescendantFonts[0]
    descriptor = font.get("/FontDescriptor")
    return descriptor is not None and any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


def stored(image: pikepdf.Object) -> Picture:
    return Picture(*_picture_keys(image), raw=image.read_raw_bytes, samples=image.read_bytes)


def inline(image: pikepdf.PdfInlineImage) -> Picture:
    return Picture(*_picture_keys(image.obj), raw=image.read_raw_bytes, samples=image.read_bytes)


def _picture_keys(d: pikepdf.Object) -> tuple[int, int, int, tuple[str, ...], tuple[float, ...]]:
    filters = d.get("/Filter")
    names = (
        () if filters is None else (str(filters),) if isinstance(filters, pikepdf.Name) else tuple(map(str, filters))
    )
    decode = tuple(float(v) for v in d.get("/Decode", []))
    return int(d.get("/Width", 0)), int(d.get("/Height", 0)), int(d.get("/BitsPerComponent", 8)), names, decode
