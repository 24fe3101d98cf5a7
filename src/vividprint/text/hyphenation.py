"""Hyphenation dictionaries, loaded fast.

pyphen parses a German dictionary in about 0.8 s, every process, every build. The parsed patterns are
kept as a pickle keyed by the dictionary file's digest and pyphen's version, which loads in a twentieth
of that time, and are put where pyphen (and so WeasyPrint) looks for them, to be read when a word of
that language is first looked up. The pickles belong to the machine, not to an issue: they live in the
user's cache folder, so every issue's first build is fast too.

`Hyphenator` knows where a word may break: at the breaks of the house lists (`parse_exceptions`, the
layout's list and then the issue's) where they list a word, else at the breaks of those patterns, and
never in capitals, digits or words shorter than the layout's minimum (URLs and compounds are kept whole
by the text stage, markdown.py). `Hyphenator.install` puts those rules where WeasyPrint's
`hyphens: auto` looks them up; `install` does the same from `HyphenationRules`, the plain data a render
worker is sent.
"""

from __future__ import annotations

import hashlib
import itertools
import pickle
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyphen

from ..disk import machine_cache, own_file, private_folder, write_atomic
from ..errors import VividError


@dataclass(frozen=True)
class HyphenationRules:
    """Where the words of one language may break: its dictionary, corrected by the house lists."""

    language: str  # the tag WeasyPrint is given, e.g. "de-DE"
    exceptions: tuple[tuple[str, tuple[int, ...]], ...]  # word -> break offsets, from the house lists
    min_word: int
    digest: str  # names the rules in cache keys, and tells a worker whether it has them in force


def dictionary_path(language: str) -> Path | None:
    """The pyphen dictionary WeasyPrint uses for a BCP 47 tag ("de-DE" -> hyph_de_DE.dic)."""
    fallback = pyphen.language_fallback(language.replace("-", "_"))
    return Path(pyphen.LANGUAGES[fallback]) if fallback else None


def preload(languages: Iterable[str], cache_dir: Path | None = None) -> None:
    """Make these languages' dictionaries known to pyphen; each is read on its first use."""
    cache_dir = cache_dir or machine_cache() / "hyphenation"
    for language in set(languages):
        path = dictionary_path(language)
        if path is not None and path not in pyphen.hdcache:
            pyphen.hdcache[path] = _Patterns(path, cache_dir)


class _Patterns(pyphen.HyphDict):
    """A pyphen dictionary whose patterns are read when a word is first looked up, not when it is made:
    a render worker that sets an English slot never pays for the German patterns, and a build process
    that only prepares (its workers render) reads none at all."""

    def __init__(self, path: Path, cache_dir: Path) -> None:  # pyphen's would parse the file at once
        self.path = path
        self.cache_dir = cache_dir
        self.cache = {}

    def __getattr__(self, name: str) -> object:
        if name not in ("patterns", "maxlen"):
            raise AttributeError(name)
        parsed = _read_patterns(self.path, self.cache_dir)
        self.patterns, self.maxlen = parsed.patterns, parsed.maxlen
        return getattr(self, name)


def _read_patterns(path: Path, cache_dir: Path) -> pyphen.HyphDict:
    data = path.read_bytes()
    key = hashlib.sha256(data + pyphen.__version__.encode()).hexdigest()[:24]
    pickled = cache_dir / f"{path.stem}-{key}.pickle"
    if not private_folder(cache_dir):  # a pickle from a folder others may write could run their code
        return pyphen.HyphDict(path)
    try:
        # Only vividprint writes this folder; a damaged file fails to load and is rebuilt.
        if not own_file(pickled):
            raise TypeError(pickled)
        parsed = pickle.loads(pickled.read_bytes())
        if not isinstance(parsed, pyphen.HyphDict):
            raise TypeError(pickled)
    except (OSError, pickle.UnpicklingError, EOFError, TypeError, AttributeError, ValueError):
        parsed = pyphen.HyphDict(path)
        write_atomic(pickled, pickle.dumps(parsed, protocol=pickle.HIGHEST_PROTOCOL))
    return parsed


# --- House exceptions -----------------------------------------------------------------------------------
#
# WeasyPrint hyphenates with pyphen's patterns, which get place names and brand words wrong
# ("Rhei-n-u-fer-pro-me-na-de"): the house lists correct them. A word that has soft hyphens of its own
# breaks only there, as WeasyPrint does.

SOFT_HYPHEN = "\u00ad"

# A bare language picks the dictionary of the country the magazine is made for, not pyphen's first match
# (for "de" that would be de_AT, for "en" en_GB). A tag with a region is used as it is.
DEFAULT_REGIONS = {"de": "de-DE", "en": "en-US"}

_EXCEPTION_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
# Decomposed letters ("u" + U+0308): the patterns are written for composed ones and a break could
# separate a letter from its accent.
_COMBINING = re.compile(r"[\u0300-\u036f]")
_APOSTROPHES = "'’"
_APOSTROPHE = re.compile("['’]")


def dictionary_language(language: str) -> str:
    """The tag whose dictionary hyphenates `language`: "de" -> "de-DE", "en" -> "en-US", "de-CH" -> "de-CH"."""
    tag = language.replace("_", "-")
    return DEFAULT_REGIONS.get(tag.lower(), tag)


def parse_exceptions(text: str, source: str) -> dict[str, tuple[int, ...]]:
    """A house list: one word per line, "Düs-sel-dorf" for its breaks, "Medienhafen" for none, "#" comments.

    Keys are the lowercased words without hyphens, values the indices where a hyphen may go.
    """
    exceptions: dict[str, tuple[int, ...]] = {}
    first_line: dict[str, int] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        entry = raw.split("#", 1)[0].strip()
        if not entry:
            continue
        _check_entry(entry, source, number)
        parts = entry.split("-")
        word = "".join(parts).lower()
        breaks = tuple(itertools.accumulate(len(part) for part in parts[:-1]))
        if word in exceptions and exceptions[word] != breaks:
            raise VividError.one(
                source,
                f"line {number}",
                f"{entry!r} is already listed differently on line {first_line[word]}: keep one of the two lines",
            )
        exceptions[word] = breaks
        first_line.setdefault(word, number)
    return exceptions


def _check_entry(entry: str, source: str, number: int) -> None:
    if _EXCEPTION_WORD.fullmatch(entry):
        return
    if any(c.isspace() for c in entry):
        problem = "has a space in it: write one word per line, with hyphens where it may break (Düs-sel-dorf)"
    elif entry.startswith("-") or entry.endswith("-"):
        problem = "starts or ends with a hyphen: hyphens go only between syllables (Düs-sel-dorf)"
    elif "--" in entry:
        problem = "has two hyphens in a row: put one hyphen between syllables (Düs-sel-dorf)"
    else:
        problem = (
            "may only contain letters and single hyphens between syllables (Düs-sel-dorf), "
            "or letters alone for a word that must never break (Medienhafen)"
        )
    raise VividError.one(source, f"line {number}", f"{entry!r} {problem}")


def house_lists(lists: dict[str, Path], language: str) -> list[Path]:
    """The lists of a folder (keyed by tag, e.g. Layout.hyphenation) that apply to `language`, general first.

    For "de-DE" that is de.txt, then de-DE.txt; for "en-GB" en.txt, then en-GB.txt.
    """
    by_tag = {tag.lower(): path for tag, path in lists.items()}
    subtags = language.replace("_", "-").lower().split("-")
    prefixes = ["-".join(subtags[: n + 1]) for n in range(len(subtags))]
    return [by_tag[prefix] for prefix in prefixes if prefix in by_tag]


class Hyphenator:
    """Where the words of one language may break, house exceptions first.

    A word gets none when it is in the house list as never-break, is shorter than `min_word` letters (unless
    the house list breaks it), is in capitals ("NRW"), contains a digit, or already has soft hyphens.
    (Compounds with a hyphen of their own, URLs and e-mail addresses never reach it: the text stage keeps
    them whole.) A language without a pyphen dictionary is hyphenated by the house list alone.
    """

    def __init__(
        self,
        language: str,
        exceptions: dict[str, tuple[int, ...]] | None = None,
        min_word: int = 6,
        left: int = 2,
        right: int = 3,
    ) -> None:
        self.language = dictionary_language(language)
        self.exceptions = exceptions or {}
        self.min_word = min_word
        self._limits = (left, right)
        preload([self.language])
        self.dictionary = dictionary_path(self.language)
        self._pyphen = pyphen.Pyphen(filename=self.dictionary, left=left, right=right) if self.dictionary else None
        if self._pyphen is not None and isinstance(self._pyphen.hd, HouseDict):
            self._pyphen.hd = self._pyphen.hd.base  # the patterns themselves, not the house rules on top

    def breaks(self, word: str) -> tuple[int, ...]:
        """Where `word` may break, by the house rules: the house list first, then the patterns."""
        if SOFT_HYPHEN in word or not _breakable(word):
            return ()
        breaks = self._house_breaks(word)
        if breaks is None:
            if _letters(word) < self.min_word or self._pyphen is None:
                return ()
            breaks = self._dictionary_breaks(word)
        return breaks

    def digest(self) -> str:
        """Names these rules: dictionary, house list and limits, for cache keys."""
        state = repr((self.language, str(self.dictionary), pyphen.__version__, self.min_word, self._limits))
        state += repr(sorted(self.exceptions.items()))
        return hashlib.sha256(state.encode()).hexdigest()[:24]

    def rules(self) -> HyphenationRules:
        """These rules as plain data, to install in another process."""
        exceptions = tuple(sorted(self.exceptions.items()))
        return HyphenationRules(self.language, exceptions, self.min_word, self.digest())

    def install(self) -> None:
        """Make pyphen, and so WeasyPrint's `hyphens: auto`, break words by these rules in this process."""
        if self.dictionary is not None and self._pyphen is not None:
            pyphen.hdcache[self.dictionary] = HouseDict(self._pyphen.hd, self)
            _installed[self.dictionary] = self.digest()

    def _house_breaks(self, word: str) -> tuple[int, ...] | None:
        key = word.lower()
        if key in self.exceptions:
            return self.exceptions[key]
        # "Düsseldorf's" breaks like "Düsseldorf": the list has no possessives.
        stem = _APOSTROPHE.split(key, maxsplit=1)[0]
        return self.exceptions.get(stem) if stem != key else None

    def _dictionary_breaks(self, word: str) -> tuple[int, ...]:
        assert self._pyphen is not None
        # Never next to an apostrophe: "Peter'­s" would show a hyphen inside the elision.
        return tuple(
            p for p in self._pyphen.positions(word) if word[p - 1] not in _APOSTROPHES and word[p] not in _APOSTROPHES
        )


class HouseDict(pyphen.HyphDict):
    """A pyphen dictionary that answers with the house rules: the custom dictionary WeasyPrint uses for
    `hyphens: auto`, since it has no exception list of its own.

    Preferred to soft hyphens put into the text before rendering, which WeasyPrint handles much more
    slowly: every line break rescans all soft hyphens of the paragraph.
    """

    def __init__(self, base: pyphen.HyphDict, hyphenator: Hyphenator) -> None:  # no file to parse
        self.base = base
        self.cache = {}
        self.hyphenator = hyphenator

    def __getattr__(self, name: str) -> object:
        if name in ("patterns", "maxlen"):  # read from the base only if someone asks
            return getattr(self.base, name)
        raise AttributeError(name)

    def positions(self, word: str) -> list[pyphen.DataInt]:
        # WeasyPrint hands over the word as written, so capitals and the house list can be told apart.
        return [pyphen.DataInt(i) for i in self.hyphenator.breaks(word)]


# The digest of the rules installed for each dictionary in this process.
_installed: dict[Path, str] = {}


def install(rules: Iterable[HyphenationRules]) -> None:
    """Put these rules in force in this process, unless they already are (a worker renders many slots)."""
    for rule in rules:
        if _installed.get(dictionary_path(rule.language) or Path()) != rule.digest:
            Hyphenator(rule.language, dict(rule.exceptions), rule.min_word).install()


def _breakable(word: str) -> bool:
    """Not in capitals (2+ letters), no digits, underscores or combining marks."""
    if any(c.isdigit() or c == "_" for c in word) or _COMBINING.search(word):
        return False
    return not (word.isupper() and _letters(word) >= 2)


def _letters(word: str) -> int:
    return sum(1 for c in word if c.isalpha())
