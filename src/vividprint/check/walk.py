"""Walks what a PDF page paints, the way a printer's preflight does, and notes what it finds.

The walk follows the page's content into Form XObjects (recursively), tiling and shading patterns,
shadings, images (XObjects and inline), soft masks, transparency groups, Type 3 glyphs and the
appearance streams of annotations, with the graphics state that matters for print: the transformation
matrix (for image resolution, type sizes and line widths), fill and stroke colour in their colour
spaces, overprint, line width, font and text matrix. It notes colours where they are painted, not where
resources merely list them. What the notes mean for a job (limits, plates, errors) is inks.py's.

It reads PDFs with pikepdf: its content-stream parser is qpdf's, in C++, and walks the 40 pages of the
example issue in about a tenth of a second, where pypdf's parser, in Python, took two seconds for the
RGB scan alone; it also hands over inline images and decodes stream filters.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import pikepdf

from . import objects
from .objects import IDENTITY, Matrix
from .pixels import Ink, Picture, measure
from .seen import ImageUse, PageWalk
from .spaces import CMYK, GRAY, RGB, UNKNOWN, Space, describe, resolve

MAX_DEPTH = 16  # forms within forms; deeper nesting is a loop the file should not have


def walk_page(page: pikepdf.Page, images: dict[tuple[int, int, int], Ink | None] | None = None) -> PageWalk:
    """Walk one page. `images` keeps image measurements between the pages of one file."""
    walk = PageWalk()
    walker = _Walker(walk, {} if images is None else images)
    resources = objects.inherited(page.obj, "/Resources")
    group = page.obj.get("/Group")
    if group is not None and (space := resolve(group.get("/CS"), objects.sub(resources, "/ColorSpace"))).rgb:
        walk.rgb.append(f"the page's transparency group in {space.label}")
    walker.content(page.obj, resources, IDENTITY, "", "page")
    for annot in page.obj.get("/Annots", []):
        walker.annotation(annot)
    return walk


def rgb_uses(page: pikepdf.Page) -> list[str]:
    """What on this page is RGB, as short descriptions ('image Im3 in DeviceRGB')."""
    return sorted(set(walk_page(page).rgb))


@dataclass
class _State:
    ctm: Matrix = IDENTITY
    base: Matrix = IDENTITY  # the stream's own space, in which its patterns are laid
    fill: Space = GRAY
    fill_values: tuple[float, ...] = (0.0,)
    fill_pattern: str | None = None
    stroke: Space = GRAY
    stroke_values: tuple[float, ...] = (0.0,)
    stroke_pattern: str | None = None
    line_width: float = 1.0
    op_fill: bool = False
    op_stroke: bool = False
    opm: int = 0
    font: pikepdf.Object | None = None
    font_size: float = 0.0
    render: int = 0


_INITIAL = {"gray": (0.0,), "cmyk": (0.0, 0.0, 0.0, 1.0), "rgb": (0.0, 0.0, 0.0), "indexed": (0.0,)}
_FILL_OPS = {"f": (True, False), "F": (True, False), "f*": (True, False), "S": (False, True), "s": (False, True)}
_FILL_OPS |= {"B": (True, True), "B*": (True, True), "b": (True, True), "b*": (True, True)}


class _Walker:
    """Walks content streams; `mode` says what counts: "page" (everything), "mask" (a soft mask: its
    colours are not inks, only RGB and fonts count) or "glyph" (a Type 3 glyph: colours it sets)."""

    def __init__(self, walk: PageWalk, images: dict[tuple[int, int, int], Ink | None]) -> None:
        self.walk = walk
        self.images = images
        self.open: list[tuple[int, int]] = []  # forms being walked, against loops
        self.fonts: dict[tuple[int, int], tuple[str, bool]] = {}
        self.patterns: set[tuple[int, int]] = set()

    def content(self, stream: pikepdf.Object, res: pikepdf.Object, ctm: Matrix, where: str, mode: str) -> None:
        try:
            instructions = pikepdf.parse_content_stream(stream)
        except pikepdf.PdfError as exc:
            self.walk.malformed.append(f"a content stream{where} cannot be read ({exc})")
            return
        spaces, states = objects.sub(res, "/ColorSpace"), objects.sub(res, "/ExtGState")
        glyph = mode == "glyph"
        state = _State(ctm=ctm, base=ctm, fill=UNKNOWN if glyph else GRAY, stroke=UNKNOWN if glyph else GRAY)
        saved: list[_State] = []
        text: Matrix = IDENTITY
        rects: list[tuple[float, float, float, float]] | None = []  # the path, while it is only rectangles
        for operands, operator in instructions:
            try:
                op = str(operator)
                if op in ("TJ", "Tj", "'", '"'):
                    self.text(state, text, res, where, mode)
                elif op == "Tm":
                    text = objects.matrix(operands)
                elif op == "BT":
                    text = IDENTITY
                elif op == "q":
                    saved.append(replace(state))
                elif op == "Q":
                    if saved:
                        state = saved.pop()
                elif op == "Tf":
                    state.font, state.font_size = objects.sub(res, "/Font").get(operands[0]), float(operands[1])
                elif op in ("cs", "CS"):
                    space = resolve(operands[0], spaces)
                    values = _INITIAL.get(space.kind, (1.0,) * space.components)
                    if op == "cs":
                        state.fill, state.fill_values, state.fill_pattern = space, values, None
                    else:
                        state.stroke, state.stroke_values, state.stroke_pattern = space, values, None
                elif op in ("scn", "sc", "SCN", "SC"):
                    values = tuple(float(v) for v in operands if not isinstance(v, pikepdf.Name))
                    name = str(operands[-1]) if operands and isinstance(operands[-1], pikepdf.Name) else None
                    if op in ("scn", "sc"):
                        state.fill_values, state.fill_pattern = values, name
                    else:
                        state.stroke_values, state.stroke_pattern = values, name
                elif op == "re":
                    if rects is not None:
                        x, y, w, h = (float(v) for v in operands)
                        rects.append((x, y, x + w, y + h))
                elif op in ("m", "l", "c", "v", "y", "h"):
                    rects = None
                elif op in _FILL_OPS:
                    fill, stroke = _FILL_OPS[op]
                    if fill:
                        self.paint(state, False, "a fill", where, mode, res, rects)
                    if stroke:
                        self.paint(state, True, "a line", where, mode, res, None)
                    rects = []
                elif op == "n":
                    rects = []
                elif op == "cm":
                    state.ctm = objects.mul(objects.matrix(operands), state.ctm)
                elif op == "gs":
                    self.graphics_state(state, states.get(operands[0]), res, where, mode)
                elif op in ("k", "K", "g", "G", "rg", "RG"):
                    space = {"k": CMYK, "g": GRAY, "rg": RGB}[op.lower()]
                    values = tuple(float(v) for v in operands)
                    if op.islower():
                        state.fill, state.fill_values, state.fill_pattern = space, values, None
                    else:
                        state.stroke, state.stroke_values, state.stroke_pattern = space, values, None
                elif op == "w":
                    state.line_width = float(operands[0])
                elif op == "Tr":
                    state.render = int(operands[0])
                elif op == "Do":
                    self.xobject(state, res, operands[0], where, mode)
                elif op == "sh":
                    shading = objects.sub(res, "/Shading").get(operands[0])
                    if shading is not None:
                        self.shading(shading, spaces, f"shading {objects.bare(operands[0])}{where}", mode)
                elif op == "INLINE IMAGE":
                    image = operands[0]
                    self.image(state, image.obj, objects.inline(image), "inline image", res, where, mode)
            except (IndexError, TypeError, ValueError):  # operands of the wrong kind or number
                self.walk.malformed.append(f"operator {operator} has wrong operands{where}")

    def paint(self, state: _State, stroke: bool, what: str, where: str, mode: str, res: pikepdf.Object,
              rects: list[tuple[float, float, float, float]] | None) -> None:  # fmt: skip
        space = state.stroke if stroke else state.fill
        values = state.stroke_values if stroke else state.fill_values
        if space.kind == "pattern":
            self.pattern(state, stroke, res, where, mode)
            return
        self.colour(space, values, f"{what}{where}", mode)
        if mode != "page":
            return
        if (state.op_stroke if stroke else state.op_fill) and objects.white(space, values, state.opm):
            self.walk.white_overprint.append(what.removeprefix("a "))
        if stroke:
            self.walk.note_line(state.line_width * objects.scale(state.ctm))
        elif rects and len(rects) <= 2 and (thickness := objects.band(rects)) is not None:
            self.walk.note_line(thickness * objects.scale(state.ctm))

    def colour(self, space: Space, values: tuple[float, ...], what: str, mode: str) -> None:
        if space.rgb:
            self.walk.rgb.append(f"{what} in {space.label}")
        elif space.lab:
            self.walk.lab.append(f"{what} in {space.label}")
        elif mode != "mask" and space.kind != "unknown":
            self.walk.note_ink(space.inks(values), what)

    def text(self, state: _State, text: Matrix, res: pikepdf.Object, where: str, mode: str) -> None:
        if state.render == 3 or state.font is None:  # invisible text (an OCR layer) needs no font
            return
        self.font(state.font, res, where)
        if state.render in (0, 2, 4, 6):
            self.paint(state, False, "text", where, mode, res, None)
            space, values = state.fill, state.fill_values
            if mode == "page" and space.kind == "cmyk" and len(values) == 4:
                size = state.font_size * math.hypot(*objects.mul(text, state.ctm)[2:4])
                if values[3] >= 0.995 and max(values[:3]) > 0.004:  # K 100 with C, M or Y: rich black
                    colour = describe(space.inks(values))
                    self.walk.rich_black[colour] = min(size, self.walk.rich_black.get(colour, size))
        if state.render in (1, 2, 5, 6):
            space, values = state.stroke, state.stroke_values
            self.colour(space, values, f"outlined text{where}", mode)

    def font(self, font: pikepdf.Object, res: pikepdf.Object, where: str) -> None:
        key = font.objgen
        if key not in self.fonts or key == (0, 0):
            self.fonts[key] = (objects.font_name(font), objects.embedded(font))
            if str(font.get("/Subtype")) == "/Type3" and "/CharProcs" in font:
                glyph_res = font.get("/Resources", res)
                for proc in font.CharProcs.values():
                    self.content(proc, glyph_res, IDENTITY, f" in a glyph of {objects.font_name(font)}", "glyph")
        name, embedded = self.fonts[key]
        self.walk.fonts[name] = self.walk.fonts.get(name, True) and embedded

    def graphics_state(self, state: _State, gs: pikepdf.Object | None, res: pikepdf.Object, where: str,
                       mode: str) -> None:  # fmt: skip
        if gs is None:
            return
        if "/LW" in gs:
            state.line_width = float(gs.LW)
        if "/OP" in gs:
            state.op_stroke = state.op_fill = bool(gs.OP)
        if "/op" in gs:
            state.op_fill = bool(gs.op)
        if "/OPM" in gs:
            state.opm = int(gs.OPM)
        if "/Font" in gs:
            state.font, state.font_size = gs.Font[0], float(gs.Font[1])
        mask = gs.get("/SMask")
        if isinstance(mask, pikepdf.Dictionary) and "/G" in mask:
            self.form(mask.G, res, state.ctm, "a soft mask", where, "mask")

    def xobject(self, state: _State, res: pikepdf.Object, name: pikepdf.Name, where: str, mode: str) -> None:
        xobject = objects.sub(res, "/XObject").get(name)
        if xobject is None:
            return
        subtype = str(xobject.get("/Subtype"))
        if subtype == "/Form":
            self.form(xobject, res, state.ctm, f"form {objects.bare(name)}", where, mode)
        elif subtype == "/Image":
            self.image(state, xobject, objects.stored(xobject), objects.bare(name), res, where, mode)

    def form(self, form: pikepdf.Object, res: pikepdf.Object, ctm: Matrix, what: str, where: str, mode: str) -> None:
        key = form.objgen
        if key in self.open or len(self.open) >= MAX_DEPTH or not isinstance(form, pikepdf.Stream):
            return
        inner = form.get("/Resources", res)
        group = form.get("/Group")
        if group is not None and (space := resolve(group.get("/CS"), objects.sub(inner, "/ColorSpace"))).rgb:
            self.walk.rgb.append(f"the transparency group of {what}{where} in {space.label}")
        self.open.append(key)
        try:
            self.content(form, inner, objects.mul(objects.matrix(form.get("/Matrix")), ctm), f" in {what}{where}", mode)
        finally:
            self.open.pop()

    def image(self, state: _State, obj: pikepdf.Object, picture: Picture, name: str, res: pikepdf.Object,
              where: str, mode: str) -> None:  # fmt: skip
        what = "an inline image" if name == "inline image" else f"image {name}"
        if bool(obj.get("/ImageMask", False)):  # a stencil: painted in the fill colour
            self.paint(state, False, what, where, mode, res, None)
            return
        space = resolve(obj.get("/ColorSpace"), objects.sub(res, "/ColorSpace"))
        if space.rgb or space.lab or mode == "mask":
            self.colour(space, (), f"{what}{where}", mode)
            return
        a, b, c, d = state.ctm[:4]
        wide, high = math.hypot(a, b) / 72, math.hypot(c, d) / 72
        ppi = min(picture.width / wide if wide else math.inf, picture.height / high if high else math.inf)
        ink = None
        if mode == "page":
            key = (*obj.objgen, max(1, round(ppi / 25.4)) if math.isfinite(ppi) else 1)
            if key[:2] == (0, 0) or key not in self.images:
                try:
                    self.images[key] = measure(picture, space, ppi)
                except (OSError, ValueError, SyntaxError, pikepdf.PdfError) as exc:
                    self.walk.malformed.append(f"{what}{where} cannot be decoded ({exc})")
                    self.images[key] = None
            ink = self.images[key]
            self.walk.images.append(ImageUse(name, picture.width, picture.height, ppi, space.label, ink, where))
        if ink is not None:
            self.walk.plates |= set(ink.plates)
            for spot in set(ink.plates) & set(space.spots):
                self.walk.spots.setdefault(spot, f"{what}{where}")
        elif mode != "mask":
            for spot in space.spots:
                self.walk.spots.setdefault(spot, f"{what}{where}")
            self.walk.plates |= set(space.plates)

    def shading(self, shading: pikepdf.Object, spaces: pikepdf.Object, what: str, mode: str) -> None:
        space = resolve(shading.get("/ColorSpace"), spaces)
        function = shading.get("/Function")
        try:
            outputs = objects.outputs(function) if function is not None else None
            ends = objects.ends(function) if function is not None else None
        except (AttributeError, IndexError, TypeError, ValueError):  # entries of the wrong kind
            self.walk.malformed.append(f"{what} has a colour function that cannot be read")
            return
        if outputs == 3 and space.kind in ("cmyk", "gray"):
            self.walk.rgb.append(f"{what} (three colour values, RGB, in {space.label})")
            return
        if outputs is not None and space.kind != "indexed" and outputs != space.components:
            self.walk.malformed.append(f"{what} gives {outputs} colour values in {space.label}")
            return
        if ends is None or space.rgb or space.lab:
            self.colour(space, (), what, mode)
            if mode != "mask" and not (space.rgb or space.lab):
                self.walk.plates |= set(space.plates)
                for spot in space.spots:
                    self.walk.spots.setdefault(spot, what)
            return
        for values in ends:
            self.colour(space, values, what, mode)

    def pattern(self, state: _State, stroke: bool, res: pikepdf.Object, where: str, mode: str) -> None:
        name = state.stroke_pattern if stroke else state.fill_pattern
        pattern = objects.sub(res, "/Pattern").get(name) if name else None
        if pattern is None:
            return
        space = state.stroke if stroke else state.fill
        what = f"pattern {name.removeprefix('/')}"
        if int(pattern.get("/PatternType", 0)) == 2:
            self.shading(pattern.Shading, objects.sub(res, "/ColorSpace"), f"{what}{where}", mode)
        elif int(pattern.get("/PaintType", 1)) == 2:  # uncoloured: the colour comes with the operator
            if space.base is not None:
                self.colour(space.base, state.stroke_values if stroke else state.fill_values, f"{what}{where}", mode)
        elif pattern.objgen not in self.patterns or pattern.objgen == (0, 0):
            # A tiling pattern is laid in the space of the stream that uses it, not at the current CTM;
            # its cells are walked once per page, however often it is painted.
            self.patterns.add(pattern.objgen)
            self.form(pattern, res, state.base, what, where, mode)

    def annotation(self, annot: pikepdf.Object) -> None:
        if int(annot.get("/F", 0)) & 2:  # hidden: neither shown nor printed
            return
        appearance = annot.get("/AP")
        normal = appearance.get("/N") if isinstance(appearance, pikepdf.Dictionary) else None
        if isinstance(normal, pikepdf.Dictionary):  # one appearance per state: the current one
            normal = normal.get(annot.get("/AS", "/Off"))
        if not isinstance(normal, pikepdf.Stream):
            return
        what = f"annotation {objects.bare(annot.get('/Subtype', '/unnamed'))}"
        self.form(normal, pikepdf.Dictionary(), objects.fitted(normal, annot.get("/Rect")), what, "", "page")
