"""Hyphenation dictionaries, loaded fast.

pyphen parses a German dictionary in about 0.8 s, every process, every build. The parsed patterns are
kept as a pickle keyed by the dictionary file's digest and pyphen's version, which loads in a twentieth
of that time, and are put where pyphen (and so WeasyPrint) looks for them. The pickles belong to the
machine, not to an issue: they live in the user's cache folder, so every issue's first build is fast too.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Iterable
from pathlib import Path

import pyphen

from .images import write_atomic


def dictionary_path(language: str) -> Path | None:
    """The pyphen dictionary WeasyPrint uses for a BCP 47 tag ("de-DE" -> hyph_de_DE.dic)."""
    fallback = pyphen.language_fallback(language.replace("-", "_"))
    return Path(pyphen.LANGUAGES[fallback]) if fallback else None


def machine_cache() -> Path:
    """$VIVIDPRINT_CACHE, else $XDG_CACHE_HOME/vividprint, else ~/.cache/vividprint."""
    if env := os.environ.get("VIVIDPRINT_CACHE"):
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "vividprint"


def preload(languages: Iterable[str], cache_dir: Path | None = None) -> None:
    cache_dir = cache_dir or machine_cache() / "hyphenation"
    for language in set(languages):
        path = dictionary_path(language)
        if path is None or path in pyphen.hdcache:
            continue
        data = path.read_bytes()
        key = hashlib.sha256(data + pyphen.__version__.encode()).hexdigest()[:24]
        pickled = cache_dir / f"{path.stem}-{key}.pickle"
        try:
            # Only vividprint writes this folder; a damaged file fails to load and is rebuilt.
            hyph = pickle.loads(pickled.read_bytes())
            if not isinstance(hyph, pyphen.HyphDict):
                raise TypeError(pickled)
        except (OSError, pickle.UnpicklingError, EOFError, TypeError, AttributeError, ValueError):
            hyph = pyphen.HyphDict(path)
            write_atomic(pickled, pickle.dumps(hyph, protocol=pickle.HIGHEST_PROTOCOL))
        pyphen.hdcache[path] = hyph
