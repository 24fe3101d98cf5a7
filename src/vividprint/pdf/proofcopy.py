"""Supplied pages as a proof carries them: each picture scaled to about 150 ppi of where the page draws it.

Ads arrive with their pictures at 300 ppi or more, for print; a proof is read on screens and mailed.
The copy keeps everything else as it was: vector art and text (sharp at any zoom, searchable, compared
word by word by `vividprint diff`), colours, boxes. Rasterising the page into one JPEG would be simpler,
but a designer checks an ad's copy and its position in the proof, and a rastered page loses its text
to search, to copy and to the diff. Print never sees these copies: its pages come from the originals.

Where a picture is drawn is read from the page's content (qpdf's parser, via pikepdf), following form
XObjects; a picture drawn several times keeps what its largest drawing needs. Pictures only reached
through patterns or annotations, stencil masks, and encodings other than JPEG and lossless 8-bit ones
stay as supplied. Each copy is made once and kept in the cache, named by the file's digest, the pages
used and the settings.
"""

from __future__ import annotations

import hashlib
import io
import math
import os
import zlib
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pikepdf
from PIL import Image as PILImage

from ..disk import write_atomic

VERSION = 1  # of the copying: a change here must not reuse copies made before it
Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
MODES = {1: "L", 3: "RGB", 4: "CMYK"}
COMPONENTS = {"/DeviceGray": 1, "/CalGray": 1, "/Separation": 1, "/DeviceRGB": 3, "/CalRGB": 3, "/DeviceCMYK": 4}
MAX_DEPTH = 16  # forms within forms; deeper nesting is a loop the file should not have


@dataclass(frozen=True)
class Resampling:
    max_ppi: int  # a picture drawn above this is scaled down ...
    target_ppi: int  # ... to this, at its largest drawing
    quality: int  # JPEG quality of pictures that were JPEGs

    def key(self) -> str:
        return f"{self.max_ppi}|{self.target_ppi}|{self.quality}|v{VERSION}"


@dataclass(frozen=True)
class Source:
    path: Path  # the supplied file
    data: bytes
    digest: str
    pages: tuple[int, ...]  # from 0: the pages the issue uses


def proof_copies(sources: Iterable[Source], cache_dir: Path, resampling: Resampling) -> dict[Path, Path]:
    """{supplied file: its proof copy}, made in threads where the cache lacks them (Pillow decodes,
    scales and encodes without the interpreter lock)."""
    todo = list(sources)
    with ThreadPoolExecutor(max_workers=min(len(todo), os.cpu_count() or 1) or 1) as pool:
        made = pool.map(lambda source: proof_copy(source, cache_dir, resampling), todo)
        return {source.path: path for source, path in zip(todo, made, strict=True)}


def proof_copy(source: Source, cache_dir: Path, resampling: Resampling) -> Path:
    key = hashlib.sha256(f"{source.digest}|{source.pages}|{resampling.key()}".encode()).hexdigest()[:32]
    target = cache_dir / f"{key}.pdf"
    if target.is_file():
        return target
    with pikepdf.open(io.BytesIO(source.data)) as pdf:
        seen = _Seen()
        for index in source.pages:
            page = pdf.pages[index]
            _walk(page.obj, page.obj.get("/Resources"), IDENTITY, seen, [], own=True)
        for objgen, ppi in seen.lowest.items():
            if math.isfinite(ppi) and ppi > resampling.max_ppi:
                shrink(seen.images[objgen], resampling.target_ppi / ppi, resampling.quality)
        for index in source.pages:
            # Ad exports carry fonts, pictures and colour profiles that nothing draws (the example's ads:
            # a 0.8 MB ICC profile each); qpdf drops unused fonts and XObjects, colour spaces are ours.
            pdf.pages[index].remove_unreferenced_resources()
            if seen.names is not None:
                _drop_colour_spaces(pdf.pages[index].obj, seen.names)
        buffer = io.BytesIO()
        pdf.save(buffer, deterministic_id=True)
    write_atomic(target, buffer.getvalue())
    return target


class _Seen:
    """What the walk found: the lowest ppi each image is drawn at, and the resource names the pages'
    own content uses (None when that cannot be told: a stream that could not be read)."""

    def __init__(self) -> None:
        self.lowest: dict[tuple[int, int], float] = {}
        self.images: dict[tuple[int, int], pikepdf.Stream] = {}
        self.names: set[str] | None = set()


def _walk(
    stream: pikepdf.Object,
    resources: pikepdf.Object | None,
    ctm: Matrix,
    seen: _Seen,
    open_forms: list[tuple[int, int]],
    own: bool,
) -> None:
    """Note, for every image the content draws, the ppi it is drawn at (page space, 72 units an inch);
    `own`: the content uses the page's resources, so its names count."""
    xobjects = resources.get("/XObject") if isinstance(resources, pikepdf.Dictionary) else None
    saved: list[Matrix] = []
    try:
        instructions = pikepdf.parse_content_stream(stream)
    except pikepdf.PdfError:
        seen.names = None
        return  # unreadable content: its pictures stay as they are
    for operands, operator in instructions:
        op = str(operator)
        if own and seen.names is not None:
            seen.names.update(str(v) for v in operands if isinstance(v, pikepdf.Name))
        if op == "q":
            saved.append(ctm)
        elif op == "Q":
            ctm = saved.pop() if saved else ctm
        elif op == "cm" and len(operands) == 6:
            ctm = _mul(tuple(float(v) for v in operands), ctm)  # type: ignore[arg-type]
        elif op == "Do" and xobjects is not None and operands:
            xobject = xobjects.get(operands[0])
            if not isinstance(xobject, pikepdf.Stream):
                continue
            subtype = xobject.get("/Subtype")
            if subtype == "/Image":
                a, b, c, d = ctm[:4]
                wide, high = math.hypot(a, b) / 72, math.hypot(c, d) / 72
                width, height = int(xobject.get("/Width", 0)), int(xobject.get("/Height", 0))
                ppi = min(width / wide if wide else math.inf, height / high if high else math.inf)
                key = xobject.objgen
                seen.lowest[key] = min(ppi, seen.lowest.get(key, math.inf))
                seen.images[key] = xobject
            elif subtype == "/Form" and xobject.objgen not in open_forms and len(open_forms) < MAX_DEPTH:
                matrix = xobject.get("/Matrix")
                form_matrix = tuple(float(v) for v in matrix) if matrix is not None and len(matrix) == 6 else IDENTITY
                open_forms.append(xobject.objgen)
                # A form without resources of its own uses the page's (an old habit PDF still allows).
                inner, inherits = xobject.get("/Resources"), "/Resources" not in xobject
                _walk(
                    xobject,
                    resources if inherits else inner,
                    _mul(form_matrix, ctm),
                    seen,
                    open_forms,
                    own and inherits,
                )  # type: ignore[arg-type]
                open_forms.pop()


def _drop_colour_spaces(page: pikepdf.Dictionary, names: set[str]) -> None:
    """Remove the page's colour spaces that its content never names. Default spaces (DefaultRGB ...)
    apply without being named; Type 3 glyphs and soft masks without resources of their own may name
    the page's, which are then all kept."""
    resources = page.get("/Resources")
    spaces = resources.get("/ColorSpace") if isinstance(resources, pikepdf.Dictionary) else None
    if not isinstance(spaces, pikepdf.Dictionary):
        return
    fonts = resources.get("/Font")
    for font in fonts.values() if isinstance(fonts, pikepdf.Dictionary) else ():
        if isinstance(font, pikepdf.Dictionary) and font.get("/Subtype") == "/Type3" and "/Resources" not in font:
            return
    states = resources.get("/ExtGState")
    for state in states.values() if isinstance(states, pikepdf.Dictionary) else ():
        mask = state.get("/SMask") if isinstance(state, pikepdf.Dictionary) else None
        group = mask.get("/G") if isinstance(mask, pikepdf.Dictionary) else None
        if isinstance(group, pikepdf.Stream) and "/Resources" not in group:  # drawn with the page's resources
            return
    for key in list(spaces.keys()):
        if key not in names and not key.startswith("/Default"):
            del spaces[key]


def _mul(m: Matrix, n: Matrix) -> Matrix:
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def shrink(image: pikepdf.Stream, factor: float, quality: int) -> bool:
    """Scale an image XObject's pixels by `factor` in place (its soft mask with it); False when it is
    of a kind left as supplied. Samples keep their meaning: colour space, /Decode and the JPEG's
    own convention stay as they were."""
    if bool(image.get("/ImageMask", False)) or "/Mask" in image or int(image.get("/BitsPerComponent", 0)) != 8:
        return False
    components = _components(image.get("/ColorSpace"))
    if components is None:
        return False
    filters = image.get("/Filter")
    names = [str(f) for f in (filters if isinstance(filters, pikepdf.Array) else [filters] if filters else [])]
    width, height = int(image.Width), int(image.Height)
    size = (max(1, round(width * factor)), max(1, round(height * factor)))
    if names == ["/DCTDecode"]:
        picture = PILImage.open(io.BytesIO(image.read_raw_bytes()))
        # Pillow reads and writes CMYK JPEGs in Adobe's inverted convention when the file says so (its
        # APP14 marker); one without the marker would come back inverted, and /Decode would then lie.
        if picture.mode != MODES[components] or (components == 4 and "adobe" not in picture.info):
            return False
        scaled = _scaled(picture, size)
        data = io.BytesIO()
        scaled.save(data, "JPEG", quality=quality, optimize=True)
        image.write(data.getvalue(), filter=pikepdf.Name.DCTDecode)
    elif not set(names) & {"/DCTDecode", "/JPXDecode", "/CCITTFaxDecode", "/JBIG2Decode"}:
        try:
            samples = image.read_bytes()  # qpdf undoes Flate, LZW, run length and predictors
        except pikepdf.PdfError:
            return False
        if len(samples) != width * height * components:
            return False
        scaled = _scaled(PILImage.frombytes(MODES[components], (width, height), samples), size)
        # Lossless stays lossless: a logo or a screenshot would blur and ring as a JPEG.
        image.write(zlib.compress(scaled.tobytes(), 6), filter=pikepdf.Name.FlateDecode)
    else:
        return False
    image.Width, image.Height = size
    if "/DecodeParms" in image:
        del image["/DecodeParms"]
    smask = image.get("/SMask")
    if isinstance(smask, pikepdf.Stream):
        shrink(smask, factor, quality)
    return True


def _scaled(picture: PILImage.Image, size: tuple[int, int]) -> PILImage.Image:
    # CMYK by averaging alone, as plan/images.py does: sharpening overshoots at edges, above the ink
    # a shadow had.
    cmyk = picture.mode == "CMYK"
    return picture.resize(size, PILImage.Resampling.BILINEAR if cmyk else PILImage.Resampling.LANCZOS, reducing_gap=3)


def _components(space: pikepdf.Object | None) -> int | None:
    if isinstance(space, pikepdf.Name):
        return COMPONENTS.get(str(space))
    if isinstance(space, pikepdf.Array) and len(space) > 0:
        family = str(space[0])
        if family == "/ICCBased" and isinstance(space[1], pikepdf.Stream):
            n = int(space[1].get("/N", 0))
            return n if n in MODES else None
        return COMPONENTS.get(family)
    return None
