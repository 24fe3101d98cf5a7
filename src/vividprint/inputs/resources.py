"""The layout's binary files, looked at before a build relies on them: its fonts and the paper's ICC
profile. A font cut short by a failed copy or a profile that is not one would otherwise surface as a
library's traceback in the middle of rendering or of the print conversion."""

from __future__ import annotations

import functools
from pathlib import Path

from ..errors import VividError

#: The tables every font that sets text has, and that vividprint and WeasyPrint read.
_NEEDED_TABLES = ("head", "cmap", "maxp", "hhea", "name")


def font_problem(path: Path) -> str | None:
    """Why the font file at `path` cannot be used, or None."""
    stat = path.stat()
    return _font_problem(path, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=128)
def _font_problem(path: Path, mtime_ns: int, size: int) -> str | None:
    from fontTools.ttLib import TTFont

    try:
        with TTFont(path, lazy=True, fontNumber=0) as font:
            reader = font.reader
            tables = getattr(reader, "tables", {})
            for tag, entry in tables.items():
                offset, length = getattr(entry, "offset", 0), getattr(entry, "length", 0)
                # WOFF and WOFF2 keep compressed tables: their sizes are not the file's.
                if reader.flavor is None and offset + length > size:
                    return f"is cut short: its {tag.strip()!r} table ends beyond the file's {size} bytes"
            for tag in _NEEDED_TABLES:
                if tag not in font:
                    return f"has no {tag!r} table, which every text font has"
                font[tag]
            if not font.getBestCmap():
                return "maps no characters to glyphs"
    except Exception as exc:  # fontTools raises whatever a damaged table makes its parser raise
        return f"cannot be read as a font ({type(exc).__name__}: {exc})"
    return None


def check_output_profile(path: Path, label: str) -> None:
    """Raise a VividError when the layout's output profile (print.output_profile) is no CMYK ICC profile
    a colour conversion can use. `label` names layout.toml as the designer sees it."""
    stat = path.stat()
    if why := _profile_problem(path, stat.st_mtime_ns, stat.st_size):
        raise VividError.one(label, "print.output_profile", f"{path.name} {why}; put the paper's ICC profile there")


@functools.lru_cache(maxsize=8)
def _profile_problem(path: Path, mtime_ns: int, size: int) -> str | None:
    from PIL import ImageCms

    try:
        profile = ImageCms.getOpenProfile(str(path))
        space = profile.profile.xcolor_space.strip()
        if space != "CMYK":
            return f"is an ICC profile for {space}, not for a CMYK printing process"
        ImageCms.buildTransform(ImageCms.createProfile("sRGB"), profile, "RGB", "CMYK")
    except (OSError, ImageCms.PyCMSError, ValueError, TypeError) as exc:
        return f"is not a usable ICC profile ({exc})"
    return None
