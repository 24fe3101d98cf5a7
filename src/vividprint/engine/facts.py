"""Fonts as a PDF names them."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from pypdf import PdfReader


def pdf_fonts(source: Path | BinaryIO) -> set[str]:
    """The base fonts a PDF uses, without the subset prefix (ABCDEF+)."""
    names = set()
    for page in PdfReader(source).pages:
        resources = page.get("/Resources")
        fonts = resources.get_object().get("/Font") if resources else None
        if not fonts:
            continue
        for ref in fonts.get_object().values():
            base = str(ref.get_object().get("/BaseFont", ""))
            names.add(base.lstrip("/").split("+", 1)[-1])
    return names
