"""Typographic polish for the text runs of an article: quotes, dashes, ellipses and no-break spaces.

`smarten(text, lang)` is called for every text run of every article (the text of Markdown inline text
tokens, never markup, link targets or code), so every pattern is compiled once and each rule first checks
cheaply whether it can apply at all. German rules apply to any language tag starting with "de", English
rules to every other tag. The rules, in the order they run:

1. Protected spans. URLs (http://, https://, www.), bare domains with a common top-level domain
   ("duesseldorf.de") and e-mail addresses are cut out first and put back unchanged at the end. While the
   rules run, each is stood in for by U+FDD0, a Unicode noncharacter that never occurs in real text; a run
   that does contain one is returned unchanged. Trailing punctuation (".", ",", ")" …) and quotes are
   not part of a URL, so a quote right after a URL is still made typographic.
2. Ellipsis: "..." becomes "…".
3. Number ranges: "10-12", "1990-2000", "pp. 4-7", "10:00-12:00" and German "1.-3. Oktober" get an en
   dash. Not when either number touches another hyphen or a slash ("0211-123-456", "2024-05-12",
   "0211/123-45"), not in "ISSN 1234-5678" (both sides exactly four digits after "ISSN " or "ISSN: ") and
   not in a phone number with one hyphen when a label ("Tel.", "Telefon", "Fax", "Mobil", "phone") or a
   "+49" comes before it, with only digits, spaces, "/", "+" and brackets in between. Any other single
   hyphen between numbers ("0211 123-456" without a label) cannot be told from a range and is converted.
4. Spaced hyphen: " - " between two words (or at an end of the run, where inline markup may sit) becomes
   " – ".
5. Quotes. Straight quotes become English “…” ‘…’ or German „…“ ‚…‘; quotes that are already
   typographic are left alone. A quote is opening after whitespace, an opening bracket, a dash, a slash or
   an opening quote of the other kind, and closing otherwise. At the very start of a run (the run may
   follow emphasis, as in *Title*") a quote is closing when whitespace, punctuation or the end follows,
   else opening. An apostrophe (’ in both languages) is a single quote between two letters or digits
   ("don't", "geht's", "Peter's"), a leading elision ("'90s", "rock 'n' roll", "'til", "'ne Menge") and a
   single quote after a letter when no single quote is open ("founders'", "Hans' Auto"). Elisions are
   "'" + two digits and "'n'" in both languages, "'tis", "'twas", "'em", "'til", "'cause" in English and
   "'s", "'n", "'ne", "'nen", "'nem", "'ner" in German. A quoted text that starts with two digits
   ('20 Jahre') is taken for an elision. In English the closing single quote and the apostrophe are the
   same character, so only German needs to know whether a single quote is open.
6. No-break spaces (U+00A0) replace the single space
   - between a number (digits with "," and "." separators) and a following unit, currency or counted noun
     from `_UNITS` ("5,000 people", "5.000 Menschen", "70 hectares", "3.5 million", "20 °C");
     in "5 per cent" both spaces become no-break;
   - between a currency and a following number ("€ 450", "$ 20", "EUR 450");
   - between a day and an English or German month name ("8 September", "12. September"). Only the day
     next to the month is bound: "8 to 12 September" becomes "8 to 12 September" with one no-break space
     before "September"; the range itself may still break after "8" or "to";
   - after a page or number abbreviation followed by a number: English "p.", "pp.", "No.", "Nos.",
     "Vol.", "Fig.", German "S.", "Nr.", "Abs.", "Art.", "Bd.", "Abb.", "Kap.", "ca.", and "§" in both;
   - after a title followed by a capitalised word, in both languages: "Mr", "Mrs", "Ms", "Mx", "Dr",
     "Prof", "St", with or without a full stop ("Dr. Smith", "Mr Smith", "St. Lambertus").
7. German abbreviations of two or three letters ("z. B.", "z.B.", "d. h.", "u. a.", "i. d. R." …, see
   `_GERMAN_ABBREVIATIONS`) are written with a narrow no-break space (U+202F) between their parts.

Every rule only matches straight quotes, hyphens, "..." or plain spaces and writes something else, so
smarten(smarten(x)) == smarten(x).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

NBSP = "\u00a0"
NNBSP = "\u202f"
_PLACEHOLDER = "\ufdd0"

# Characters a URL does not end with: sentence punctuation and closing brackets belong to the text around it.
_URL_BODY = r"[^\s<>\"'“”„‘’‚«»]"
_URL_END = r"[^\s<>\"'“”„‘’‚«».,;:!?)\]}]"
_TLDS = "com|org|net|de|eu|info|io|biz|nrw|ruhr|koeln|cologne|at|ch|nl|fr|uk|us|jp"
URL_OR_EMAIL = re.compile(
    rf"(?i:https?://){_URL_BODY}*{_URL_END}"
    rf"|(?<![\w.])(?i:www\.){_URL_BODY}*{_URL_END}"
    r"|(?<![\w.+%'-])[\w%+-](?:[\w.%+'-]*[\w%+-])?@[\w-]+(?:\.[\w-]+)+"
    rf"|(?<![\w.@/-])(?:[^\W_][\w-]*\.)+(?:{_TLDS})(?![\w-])(?:/(?:{_URL_BODY}*{_URL_END})?)?"
)
"""URLs, bare domains with a common top-level domain, and e-mail addresses: spans no text rule may touch."""


@dataclass(frozen=True)
class _Style:
    """What differs between English and German: quote characters, abbreviations, elisions."""

    ldquo: str
    rdquo: str
    lsquo: str
    rsquo: str
    page_abbreviations: re.Pattern[str]
    elisions: re.Pattern[str]
    quote_marks: re.Pattern[str]  # straight quotes, and the typographic single quotes that open or close
    german: bool


_APOSTROPHE = "’"
_DASHES = "-–—‐"
_OPEN_BRACKETS = "([{<"
# After these a quote at the start of a run closes: the run follows inline markup such as *Title*".
_CLOSE_FOLLOWERS = ".,;:!?)]}…–—-"


def _page_abbreviations(words: list[str]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![\w.])({alternatives}) (?=\d)")


def _elisions(words: str) -> re.Pattern[str]:
    """Leading elisions, tried at a single quote in opening position: '90s, rock 'n' roll, and `words`."""
    return re.compile(rf"'(?:\d\d(?!\d)|n'(?!\w)|(?:{words})(?!\w))", re.IGNORECASE)


_ENGLISH = _Style(
    ldquo="“",
    rdquo="”",
    lsquo="‘",
    rsquo="’",
    page_abbreviations=_page_abbreviations(["p.", "pp.", "No.", "Nos.", "Vol.", "vol.", "Fig.", "fig.", "§"]),
    elisions=_elisions("tis|twas|em|til|cause"),
    # English ’ closes a quote but is also the apostrophe, so only ‘ says anything.
    quote_marks=re.compile("[\"'‘]"),
    german=False,
)
_GERMAN = _Style(
    ldquo="„",
    rdquo="“",
    lsquo="‚",
    rsquo="‘",
    page_abbreviations=_page_abbreviations(["S.", "Nr.", "Abs.", "Art.", "Bd.", "Abb.", "Kap.", "ca.", "§"]),
    elisions=_elisions("s|n|ne|nen|nem|ner"),
    quote_marks=re.compile("[\"'‚‘]"),
    german=True,
)


def smarten(text: str, lang: str) -> str:
    """The text run with typographic quotes, dashes, ellipses and no-break spaces (see the module docstring)."""
    if not text or _PLACEHOLDER in text:
        return text
    style = _GERMAN if lang.lower().startswith("de") else _ENGLISH
    spans: list[str] = []
    masked = _mask(text, spans)
    for rule in _RULES:
        masked = rule(masked, style)
    return _unmask(masked, spans) if spans else masked


def quotes(text: str, lang: str) -> str:
    """Only rule 5: straight quotes made typographic, one character for one (so lengths are kept)."""
    return _quotes(text, _GERMAN if lang.lower().startswith("de") else _ENGLISH)


def _mask(text: str, spans: list[str]) -> str:
    def keep(match: re.Match[str]) -> str:
        spans.append(match.group())
        return _PLACEHOLDER

    return URL_OR_EMAIL.sub(keep, text)


def _unmask(text: str, spans: list[str]) -> str:
    pieces = text.split(_PLACEHOLDER)
    out = [pieces[0]]
    for span, piece in zip(spans, pieces[1:], strict=True):
        out.append(span)
        out.append(piece)
    return "".join(out)


# --- 2. ellipsis -------------------------------------------------------------------------------------


def _ellipsis(text: str, style: _Style) -> str:
    return text.replace("...", "…") if "..." in text else text


# --- 3. and 4. dashes ---------------------------------------------------------------------------------

_NUMBER = r"\d+(?:[.,:]\d+)*"
_RANGE = re.compile(rf"(?<![\w\-–‐/.,:+])({_NUMBER})-({_NUMBER})(?![\d\-–‐/]|[.,:]\d)")
_ORDINAL_RANGE = re.compile(r"(?<![\w\-–‐/.,:+])(\d{1,2}\.)-(?=\d{1,2}\.(?!\d))")
_ISSN_BEFORE = re.compile(r"ISSN:?[ \u00a0]$")
# A phone number with one hyphen looks like a range; its label or its "+49" gives it away.
_PHONE_BEFORE = re.compile(r"(?:\b(?:Tel|Telefon|Fax|Mobil|Phone|phone|tel|fax)\.?:?|\+\d)[\d\s/()+]*$")
_SPACED_HYPHEN = re.compile(r"(?:^|(?<=\S)) - (?=\S|$)")


def _ranges(text: str, style: _Style) -> str:
    if "-" not in text:
        return text

    def dash(match: re.Match[str]) -> str:
        left, right = match.groups()
        issn_like = len(left) == len(right) == 4 and left.isdigit() and right.isdigit()
        if issn_like and _ISSN_BEFORE.search(text, 0, match.start()):
            return match.group()
        if _PHONE_BEFORE.search(text, 0, match.start()):
            return match.group()
        return f"{left}–{right}"

    text = _RANGE.sub(dash, text)
    # German day ranges: "1.-3. Oktober"
    return _ORDINAL_RANGE.sub(r"\1–", text)


def _spaced_hyphens(text: str, style: _Style) -> str:
    return _SPACED_HYPHEN.sub(" – ", text) if " - " in text else text


# --- 5. quotes ------------------------------------------------------------------------------------------


def _quotes(text: str, style: _Style) -> str:
    if "'" not in text and '"' not in text:
        return text
    out: list[str] = []
    done = 0  # text[:done] is in `out`
    single_open = double_open = False
    for match in style.quote_marks.finditer(text):
        at, char = match.start(), match.group()
        if at < done:
            continue  # the closing quote of 'n', already written
        if char not in "'\"":
            # Quotes already typographic still open and close, so a straight one after them is read right.
            single_open = char == style.lsquo
            continue
        out.append(text[done:at])
        prev = _last_char(out)
        if char == '"':
            double_open = _is_opening(prev, text[at + 1 : at + 2], style, double_open)
            out.append(style.ldquo if double_open else style.rdquo)
            done = at + 1
        else:
            replacement, single_open, done = _single_quote(text, at, prev, style, single_open)
            out.append(replacement)
    out.append(text[done:])
    return "".join(out)


def _last_char(pieces: list[str]) -> str:
    for piece in reversed(pieces):
        if piece:
            return piece[-1]
    return ""


def _single_quote(text: str, at: int, prev: str, style: _Style, is_open: bool) -> tuple[str, bool, int]:
    """The replacement for the straight single quote at `at`, whether a single quote is now open, and where to go on."""
    following = text[at + 1 : at + 2]
    if prev.isalnum() and following.isalpha():
        return _APOSTROPHE, is_open, at + 1
    if _opening_context(prev, style) and (elision := style.elisions.match(text, at)):
        body = elision.group()[1:].replace("'", _APOSTROPHE)
        return _APOSTROPHE + body, is_open, elision.end()
    if _is_opening(prev, following, style, is_open):
        return style.lsquo, True, at + 1
    if is_open:
        return style.rsquo, False, at + 1
    return _APOSTROPHE, False, at + 1


def _is_opening(prev: str, following: str, style: _Style, is_open: bool) -> bool:
    if not prev:
        return not (following == "" or following.isspace() or following in _CLOSE_FOLLOWERS)
    if not _opening_context(prev, style):
        return False
    # A quote with space on both sides says nothing by its position; close what is open.
    if following == "" or following.isspace():
        return not is_open
    return True


def _opening_context(prev: str, style: _Style) -> bool:
    return (
        prev == ""
        or prev.isspace()
        or prev in _OPEN_BRACKETS
        or prev in _DASHES
        or prev == "/"
        or prev in (style.ldquo, style.lsquo)
    )


# --- 6. no-break spaces --------------------------------------------------------------------------------

_UNITS = [
    # measures
    "mm", "cm", "m", "km", "m²", "km²", "m³", "kg", "g", "t", "h", "min", "s", "%", "°C",
    "kW", "MW", "GW", "kWh", "MWh", "GWh", "ha", "hectare", "hectares", "Hektar", "tonnes", "Tonnen", "Uhr",
    # money
    "euro", "euros", "Euro", "EUR", "€", "dollars", "USD", "$", "£", "GBP", "CHF",
    # counted nouns
    "people", "Menschen", "employees", "staff", "jobs", "Mitarbeiter", "Mitarbeitern", "Mitarbeiterinnen",
    "Mitarbeitende", "Mitarbeitenden", "Beschäftigte", "Beschäftigten", "Arbeitsplätze",
    # large numbers and shares
    "million", "billion", "Millionen", "Milliarden", "Mio.", "Mrd.", "Prozent", "percent",
]  # fmt: skip
_UNIT_ALTERNATIVES = "|".join(re.escape(u) for u in sorted(_UNITS, key=len, reverse=True))
_NUMBER_UNIT = re.compile(rf"(?<![\w.,])({_NUMBER}) (?=(?:{_UNIT_ALTERNATIVES})(?!\w))")
_PER_CENT = re.compile(rf"(?<![\w.,])({_NUMBER}) per cent(?!\w)")
_CURRENCY_NUMBER = re.compile(r"(?<!\w)([€$£]|EUR|USD|GBP|CHF) (?=\d)")
_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
    "|Januar|Jänner|Februar|März|Mai|Juni|Juli|Oktober|Dezember"
)
_DAY_MONTH = re.compile(rf"(?<![\w.,])(\d{{1,2}}\.?) (?=(?:{_MONTHS})(?!\w))")
_DIGIT = re.compile(r"\d")
_TITLE = re.compile(r"(?<![\w.])(Mrs|Mr|Ms|Mx|Dr|Prof|St)(\.?) (?=[A-ZÀ-ÖØ-Þ])")


def _no_break_spaces(text: str, style: _Style) -> str:
    if " " not in text:
        return text
    if _DIGIT.search(text):
        text = _NUMBER_UNIT.sub(rf"\1{NBSP}", text)
        text = _PER_CENT.sub(rf"\1{NBSP}per{NBSP}cent", text)
        text = _CURRENCY_NUMBER.sub(rf"\1{NBSP}", text)
        text = _DAY_MONTH.sub(rf"\1{NBSP}", text)
        text = style.page_abbreviations.sub(rf"\1{NBSP}", text)
    return _TITLE.sub(rf"\1\2{NBSP}", text)


# --- 7. German abbreviations ------------------------------------------------------------------------------

_GERMAN_ABBREVIATIONS = [
    "z. B.", "d. h.", "u. a.", "u. U.", "o. Ä.", "o. g.", "s. o.", "s. u.", "v. a.", "z. T.", "i. A.", "i. V.",
    "i. d. R.", "u. v. m.", "z. Zt.",
]  # fmt: skip


def _abbreviation_pattern(abbreviation: str) -> str:
    first, *rest = abbreviation.rstrip(".").split(". ")
    # The first letter is capitalised at the start of a sentence ("Z. B. die Messe …").
    parts = [f"[{first[0]}{first[0].upper()}]{re.escape(first[1:])}", *map(re.escape, rest)]
    return r"\.[ \u00a0\u202f]?".join(parts) + r"\."


_GERMAN_ABBREVIATION = re.compile(
    r"(?<![\w.])(?:" + "|".join(_abbreviation_pattern(a) for a in _GERMAN_ABBREVIATIONS) + r")(?!\w)"
)


def _german_abbreviations(text: str, style: _Style) -> str:
    if not style.german or "." not in text:
        return text
    return _GERMAN_ABBREVIATION.sub(_narrow_spaced, text)


def _narrow_spaced(match: re.Match[str]) -> str:
    parts = [part.strip() for part in match.group().split(".")[:-1]]
    return f".{NNBSP}".join(parts) + "."


_RULES: list[Callable[[str, _Style], str]] = [
    _ellipsis,
    _ranges,
    _spaced_hyphens,
    _quotes,
    _no_break_spaces,
    _german_abbreviations,
]
