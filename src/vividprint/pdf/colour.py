"""Finds RGB in a PDF page: colour operators, colour spaces of images, shadings and forms.

A print PDF must hold no RGB at all: a printer's RIP converts it with whatever profile it has, and the
red of a rubric comes out another red. The scan reads what a page draws, not what its resources merely
list, and follows form XObjects down.
"""

from __future__ import annotations

from pypdf import PageObject
from pypdf.generic import ArrayObject, ContentStream, DictionaryObject, NameObject

RGB_OPERATORS = {b"rg", b"RG"}
CS_OPERATORS = {b"cs", b"CS"}


def rgb_uses(page: PageObject) -> list[str]:
    """What on this page is RGB, as short descriptions ('rg operator', 'image Im3 in DeviceRGB')."""
    found: list[str] = []
    contents = page.get_contents()
    resources = page.get("/Resources")
    _scan(contents, resources.get_object() if resources else DictionaryObject(), page.pdf, found, depth=0)
    group = page.get("/Group")
    if group is not None and _is_rgb(group.get_object().get("/CS")):
        found.append("page transparency group in RGB")
    return sorted(set(found))


def _scan(contents, resources: DictionaryObject, pdf, found: list[str], depth: int) -> None:
    if contents is None or depth > 8:
        return
    spaces = resources.get("/ColorSpace")
    spaces = spaces.get_object() if spaces is not None else DictionaryObject()
    xobjects = resources.get("/XObject")
    xobjects = xobjects.get_object() if xobjects is not None else DictionaryObject()
    shadings = resources.get("/Shading")
    shadings = shadings.get_object() if shadings is not None else DictionaryObject()
    stream = contents if isinstance(contents, ContentStream) else ContentStream(contents, pdf)
    for operands, operator in stream.operations:
        if operator in RGB_OPERATORS:
            found.append(f"{operator.decode()} operator")
        elif operator in CS_OPERATORS and operands:
            name = operands[0]
            space = spaces.get(name, name)
            if _is_rgb(space):
                found.append(f"colour space {name}")
        elif operator == b"sh" and operands:
            shading = shadings.get(operands[0])
            if shading is not None and _is_rgb(shading.get_object().get("/ColorSpace")):
                found.append(f"shading {operands[0]}")
        elif operator == b"Do" and operands:
            xobject = xobjects.get(operands[0])
            if xobject is None:
                continue
            xobject = xobject.get_object()
            subtype = xobject.get("/Subtype")
            if subtype == "/Image" and _is_rgb(xobject.get("/ColorSpace")):
                found.append(f"image {operands[0]} in RGB")
            elif subtype == "/Form":
                inner = xobject.get("/Resources")
                group = xobject.get("/Group")
                if group is not None and _is_rgb(group.get_object().get("/CS")):
                    found.append(f"form {operands[0]} transparency group in RGB")
                _scan(xobject, inner.get_object() if inner else resources, pdf, found, depth + 1)


def _is_rgb(space) -> bool:
    if space is None:
        return False
    space = space.get_object()
    if isinstance(space, NameObject):
        return space in ("/DeviceRGB", "/CalRGB", "/RGB")
    if isinstance(space, ArrayObject) and space:
        family = space[0]
        if family == "/ICCBased":
            return int(space[1].get_object().get("/N", 0)) == 3
        if family == "/CalRGB":
            return True
        if family == "/Indexed":
            return _is_rgb(space[1])
        if family in ("/Separation", "/DeviceN"):
            return _is_rgb(space[2])
    return False
