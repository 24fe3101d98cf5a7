"""One font program per face for the whole issue.

WeasyPrint subsets every font for each document it writes, so an issue assembled from 17 slots carried
some 140 font programs for its 16 faces. Its subsets keep each glyph's id (HarfBuzz's RETAIN_GIDS), so
the subsets of one face are views of one glyph space: here every face is subset once, for the union of
the glyphs every part uses (each part's CIDFont lists its glyphs in /W), and all parts share that one
program. A face is recognised by the name table its subsets keep, matched against the layout's font
files. The union subset is kept in the cache by the face's bytes and its glyphs, so a rebuild that
changes one article subsets again only the faces whose glyphs changed.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterator
from pathlib import Path

import uharfbuzz as hb
from fontTools.ttLib import TTFont, TTLibError
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, IndirectObject, NameObject

from ..disk import write_atomic

FONT_FILES = ("/FontFile2", "/FontFile3")
# As WeasyPrint drops them from its subsets: the PDF holds glyphs already shaped and positioned.
DROPPED_TABLES = ("BASE", "DSIG", "EBDT", "EBLC", "EBSC", "GPOS", "GSUB", "JSTF", "LTSH", "PCLT", "SVG ")


def share_fonts(writer: PdfWriter, font_files: tuple[Path, ...], cache: Path | None = None) -> int:
    """Give every embedded subset of a layout font one shared program; returns the programs written."""
    faces = _faces(font_files)
    users: dict[Path, list[tuple[DictionaryObject, str]]] = {}
    glyphs: dict[Path, set[int]] = {}
    names: dict[int, str | None] = {}
    for descendant in _cid_fonts(writer):
        descriptor = descendant["/FontDescriptor"].get_object()
        key = next((k for k in FONT_FILES if k in descriptor), None)
        if key is None:
            continue
        stream = descriptor[key].get_object()
        ident = id(stream)
        if ident not in names:
            names[ident] = _full_name(stream.get_data())
        face = faces.get(names[ident] or "")
        if face is None:
            continue  # a font the layout does not know (a supplied page's): left as it is
        users.setdefault(face, []).append((descriptor, key))
        glyphs.setdefault(face, set()).update(_widths_glyphs(descendant.get("/W", ArrayObject())))
    for face, descriptors in users.items():
        data = _subset(face, glyphs[face], cache)
        if data is None:
            continue
        first_descriptor, key = descriptors[0]
        template = first_descriptor[key].get_object()
        program = DecodedStreamObject()
        program.set_data(data)
        if "/Subtype" in template:  # FontFile3: /OpenType
            program[NameObject("/Subtype")] = template["/Subtype"]
        shared = writer._add_object(program.flate_encode())
        for descriptor, key in descriptors:
            descriptor[NameObject(key)] = shared
    return len(users)  # the programs replaced are left for the writer to drop as unreferenced


def _cid_fonts(writer: PdfWriter) -> Iterator[DictionaryObject]:
    """Every CIDFont of the pages' resources, forms and patterns included, each once."""
    seen: set[int] = set()
    stack = [page.get("/Resources") for page in writer.pages]
    while stack:
        resources = stack.pop()
        if resources is None:
            continue
        resources = resources.get_object()
        if not isinstance(resources, DictionaryObject) or id(resources) in seen:
            continue
        seen.add(id(resources))
        for font in (resources.get("/Font") or DictionaryObject()).get_object().values():
            font = font.get_object()
            if font.get("/Subtype") == "/Type0":
                for descendant in font["/DescendantFonts"]:
                    descendant = descendant.get_object()
                    if id(descendant) not in seen:
                        seen.add(id(descendant))
                        yield descendant
        for group in ("/XObject", "/Pattern"):
            for item in (resources.get(group) or DictionaryObject()).get_object().values():
                item = item.get_object()
                if "/Resources" in item:
                    stack.append(item["/Resources"])


def _widths_glyphs(widths: ArrayObject) -> Iterator[int]:
    """The glyph ids a /W array gives widths for: `c [w1 w2 ...]` and `c_first c_last w`."""
    items = list(widths.get_object()) if isinstance(widths, IndirectObject) else list(widths)
    i = 0
    while i < len(items):
        first = int(items[i])
        following = items[i + 1].get_object() if isinstance(items[i + 1], IndirectObject) else items[i + 1]
        if isinstance(following, ArrayObject):
            yield from range(first, first + len(following))
            i += 2
        else:
            yield from range(first, int(following) + 1)
            i += 3


def _full_name(data: bytes) -> str | None:
    try:
        font = TTFont(io.BytesIO(data), lazy=True)
        return font["name"].getDebugName(4)
    except (TTLibError, KeyError, AssertionError, ValueError, OSError):
        return None


_names: dict[tuple[str, int], str | None] = {}


def _faces(font_files: tuple[Path, ...]) -> dict[str, Path]:
    faces = {}
    for path in font_files:
        stamp = (str(path), path.stat().st_mtime_ns)
        if stamp not in _names:
            _names[stamp] = _full_name(path.read_bytes())
        if (name := _names[stamp]) is not None:
            faces.setdefault(name, path)
    return faces


def _subset(face: Path, glyphs: set[int], cache: Path | None) -> bytes | None:
    """The face cut to `glyphs`, each at its own id, as WeasyPrint cuts it (no hinting, no layout tables:
    the PDF holds glyphs already shaped). HarfBuzz's subsetter, from uharfbuzz, whatever the machine's
    own HarfBuzz lacks: a face takes about a millisecond."""
    original = face.read_bytes()
    key = hashlib.sha256(original + repr(sorted(glyphs)).encode()).hexdigest()[:40]
    stored = cache / f"{key}.font" if cache is not None else None
    if stored is not None and stored.is_file():
        return stored.read_bytes()
    request = hb.SubsetInput()
    for glyph in sorted({0, *glyphs}):
        request.glyph_set.add(glyph)
    dropped = request.sets(hb.SubsetInputSets.DROP_TABLE_TAG)
    for tag in DROPPED_TABLES:
        dropped.add(int.from_bytes(tag.encode(), "big"))
    flags = hb.SubsetFlags
    request.flags = (
        flags.RETAIN_GIDS | flags.PASSTHROUGH_UNRECOGNIZED | flags.DESUBROUTINIZE | flags.NO_HINTING
    ) | flags.NOTDEF_OUTLINE
    result = hb.subset(hb.Face(original), request)
    data = result.blob.data if result is not None else b""
    if not data:
        return None
    if stored is not None:
        write_atomic(stored, data)
    return data
