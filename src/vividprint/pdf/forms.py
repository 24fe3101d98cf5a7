"""Pages placed on other pages as form XObjects: the diff's side-by-side sheets, the proof's spreads,
the slug under each proof page.

A page's content stream becomes a form XObject (a box of it as the form's bounding box, which clips
it) drawn where the sheet wants it, and its visible annotations (an overset note, the typesetting
marks' notes) are copied along, moved with it. pypdf's `merge_transformed_page` would do the same by
parsing and rewriting every operator of the page, a second per page of body text; a form needs none
of that, and the page stays as sharp and as searchable as it was.
"""

from __future__ import annotations

from pypdf import PageObject, PdfWriter
from pypdf.generic import ArrayObject, DecodedStreamObject, FloatObject, IndirectObject, NameObject

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in PDF points, origin bottom left

# Annotations that only link or hold form fields mean nothing on a sheet; links would also drag the
# pages they point to into it.
SKIPPED_ANNOTATIONS = {"/Link", "/Widget", "/Popup"}


def page_form(writer: PdfWriter, page: PageObject, box: Box) -> IndirectObject:
    """The page's drawing as a form XObject in `writer`, clipped to `box` (in the page's space)."""
    contents = page.get_contents()
    stream = DecodedStreamObject()
    stream.set_data(contents.get_data() if contents is not None else b"")
    form = stream.flate_encode()
    form[NameObject("/Type")] = NameObject("/XObject")
    form[NameObject("/Subtype")] = NameObject("/Form")
    form[NameObject("/BBox")] = ArrayObject(FloatObject(v) for v in box)
    resources = page.get("/Resources")
    if resources is not None:
        form[NameObject("/Resources")] = resources.get_object().clone(writer)
    return writer._add_object(form)


def copy_annotations(writer: PdfWriter, page: PageObject, sheet: PageObject, dx: float, dy: float) -> None:
    """The page's visible annotations on `sheet`, moved by (dx, dy) as the page's form is."""
    annotations = page.get("/Annots")
    if annotations is None:
        return
    copied = sheet.get("/Annots")
    copied = copied.get_object() if copied is not None else ArrayObject()
    for reference in annotations.get_object():
        annotation = reference.get_object()
        if annotation.get("/Subtype") in SKIPPED_ANNOTATIONS:
            continue
        copy = annotation.clone(writer, force_duplicate=True, ignore_fields=("/P", "/Parent", "/Popup", "/Dest", "/A"))
        x0, y0, x1, y1 = (float(v) for v in annotation["/Rect"])
        copy[NameObject("/Rect")] = ArrayObject(FloatObject(v) for v in (x0 + dx, y0 + dy, x1 + dx, y1 + dy))
        if "/QuadPoints" in annotation:
            points = [float(v) for v in annotation["/QuadPoints"]]
            copy[NameObject("/QuadPoints")] = ArrayObject(
                FloatObject(v + (dx if k % 2 == 0 else dy)) for k, v in enumerate(points)
            )
        copy[NameObject("/P")] = sheet.indirect_reference
        copied.append(copy.indirect_reference if copy.indirect_reference is not None else writer._add_object(copy))
    sheet[NameObject("/Annots")] = copied


def trim_box(page: PageObject) -> Box:
    """What a reader of the printed page sees: the TrimBox where it lies within the crop box (a proof
    page with its slug below, a print page with bleed), else the crop box."""
    crop = page.cropbox
    outer = float(crop.left), float(crop.bottom), float(crop.right), float(crop.top)
    if "/TrimBox" not in page:
        return outer
    trim = page.trimbox
    inner = float(trim.left), float(trim.bottom), float(trim.right), float(trim.top)
    inside = inner[0] >= outer[0] - 0.01 and inner[1] >= outer[1] - 0.01
    inside = inside and inner[2] <= outer[2] + 0.01 and inner[3] <= outer[3] + 0.01
    return inner if inside and inner[2] > inner[0] and inner[3] > inner[1] else outer


def draw_over(writer: PdfWriter, page: PageObject, ops: bytes) -> None:
    """Draw `ops` over the page's own content, which is wrapped in q/Q so that whatever graphics state
    it leaves does not move what is drawn over it."""
    existing = page.get("/Contents")
    if existing is None:
        streams = []
    elif isinstance(existing.get_object(), ArrayObject):
        streams = list(existing.get_object())
    else:
        streams = [existing]
    parts = []
    for data in (b"q", None, b"Q", ops):
        if data is None:
            parts.extend(streams)
            continue
        stream = DecodedStreamObject()
        stream.set_data(data)
        parts.append(writer._add_object(stream))
    page[NameObject("/Contents")] = ArrayObject(parts)
