"""A page's drawing as a digest: equal digests draw equal pages, so they need no rendering.

Most pages of a later proof round are the earlier ones again, assembled anew: other object numbers,
the same content streams, pictures and fonts. The digest follows every reference from the page (its
content, resources, boxes, annotations) and hashes what it finds, with the references themselves left
out; what only links the page into its document (its parent, an annotation's page) does not count,
nor does a proof's slug.
"""

from __future__ import annotations

import hashlib

from pypdf import PageObject
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, PdfObject, StreamObject

from ..pdf.slug import SLUG_NAME

LINKS = {"/Parent", "/P", "/Popup", "/StructParent", "/StructParents"}
# A proof's slug differs in every round (the time it was written): pages that differ only there are
# the same page. Its drawing is the same small stream on every page; its form is left out.
LEFT_OUT = LINKS | {SLUG_NAME}


def page_digest(page: PageObject) -> str:
    digest = hashlib.sha256()
    _feed(page, digest, {})
    return digest.hexdigest()


def _feed(obj: PdfObject, digest: hashlib._Hash, seen: dict[tuple[int, int], int]) -> None:
    if isinstance(obj, IndirectObject):
        key = (obj.idnum, obj.generation)
        if key in seen:  # a loop, or an object used twice: the same mark either way
            digest.update(b"R%d" % seen[key])
            return
        seen[key] = len(seen)
        obj = obj.get_object()
    if isinstance(obj, StreamObject):
        digest.update(b"S")
        _feed(DictionaryObject(obj.items()), digest, seen)
        digest.update(b"%d:" % len(obj._data))
        digest.update(obj._data)  # as stored: decoding a picture only to hash it would cost its decoding
    elif isinstance(obj, DictionaryObject):
        digest.update(b"<")
        for key in sorted(obj):
            if key not in LEFT_OUT:
                digest.update(key.encode() + b" ")
                _feed(obj[key], digest, seen)
        digest.update(b">")
    elif isinstance(obj, ArrayObject):
        digest.update(b"[")
        for item in obj:
            _feed(item, digest, seen)
        digest.update(b"]")
    else:
        digest.update(repr(obj).encode() + b" ")
