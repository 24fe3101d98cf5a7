"""Which characters of an issue's text the layout's fonts cannot set.

WeasyPrint falls back silently to whatever font the machine has for a character the layout's fonts
lack, so a Hangul name or an emoji would print in a font nobody chose, or as an empty box. The text
is checked against the character maps of the layout's fonts before anything is rendered.
"""

from __future__ import annotations

import functools
import hashlib
import marshal
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from fontTools.ttLib import TTFont

from ..disk import machine_cache, write_atomic
from ..errors import Problem
from ..inputs.model import Article, Issue

#: Characters no font needs to draw: spaces, joiners, soft hyphens, direction marks.
_INVISIBLE = {"Zs", "Zl", "Zp", "Cc", "Cf"}


@functools.lru_cache(maxsize=64)
def _cmap(path: Path, mtime_ns: int) -> frozenset[int]:
    with TTFont(path, lazy=True, fontNumber=0) as font:
        return frozenset(font.getBestCmap() or ())


def coverage(paths: Iterable[Path]) -> frozenset[int]:
    """Every code point some font of `paths` maps. Reading the maps of a CJK font takes a fifth of a
    second, more than a whole unchanged rebuild may, so the union is kept in the machine cache."""
    paths = sorted(set(paths))
    stamp = "|".join(f"{p}|{p.stat().st_mtime_ns}|{p.stat().st_size}" for p in paths)
    stored = machine_cache() / "glyphs" / f"{hashlib.sha256(stamp.encode()).hexdigest()[:24]}.marshal"
    try:
        return frozenset(marshal.loads(stored.read_bytes()))
    except (OSError, EOFError, ValueError, TypeError):
        pass
    covered: set[int] = set()
    for path in paths:
        covered |= _cmap(path, path.stat().st_mtime_ns)
    write_atomic(stored, marshal.dumps(sorted(covered)))
    return frozenset(covered)


def uncovered(text: str, covered: frozenset[int]) -> list[str]:
    """Characters of `text` (once each, in order) that no font covers."""
    seen: dict[str, None] = {}
    for char in text:
        if ord(char) not in covered and unicodedata.category(char) not in _INVISIBLE:
            seen.setdefault(char)
    return list(seen)


def article_text(article: Article) -> str:
    parts = [article.title, article.kicker, article.lead, article.quote, article.author, article.photos, article.body]
    parts += [p for image in article.images for p in (image.caption, image.credit)]
    return "\n".join(p for p in parts if p)


def check_glyphs(issue: Issue, fonts: Iterable[Path]) -> list[Problem]:
    """One problem per article naming every character the layout's fonts lack, with its code point."""
    covered = coverage(fonts)
    problems = []
    seen: set[str] = set()
    for slot in (*issue.covers, *issue.flatplan):
        texts = []
        if slot.article is not None and slot.article.src not in seen:
            seen.add(slot.article.src)
            texts.append((slot.article.src, article_text(slot.article)))
        if slot.headline:
            texts.append(("issue.toml", slot.headline))
        for source, text in texts:
            missing = uncovered(text, covered)
            if missing:
                names = ", ".join(f"{c!r} U+{ord(c):04X} {unicodedata.name(c, '?').lower()}" for c in missing[:8])
                more = f" and {len(missing) - 8} more" if len(missing) > 8 else ""
                problems.append(
                    Problem(
                        source,
                        f"{slot.key} ({issue.language})",
                        f"no font of the layout has {names}{more}; it would print in a fallback font "
                        "or as an empty box: change the text or add a font that has it",
                    )
                )
    return problems
