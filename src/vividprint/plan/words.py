"""The words a page prints of its own, in the page's language: the layout's wording and the issue's date.

The layout's words ("Contents", "Key topic") are the designer's and live in layout.toml, one table per
language. Month names and the order of day and month are the language's, like its quotation marks, and
live here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

FALLBACK = "en"

# fmt: off
MONTHS: dict[str, tuple[str, ...]] = {
    "en": ("January", "February", "March", "April", "May", "June",
           "July", "August", "September", "October", "November", "December"),
    "de": ("Januar", "Februar", "März", "April", "Mai", "Juni",
           "Juli", "August", "September", "Oktober", "November", "Dezember"),
}
# fmt: on


def _tags(language: str) -> list[str]:
    """Where to look for a language's words: its own tag, its primary language, then the fallback."""
    primary = language.split("-")[0].lower()
    return list(dict.fromkeys((language, primary, FALLBACK)))


def layout_words(tables: Mapping[str, Mapping[str, str]], language: str) -> dict[str, str]:
    """The layout's words for a page: those of its language, with any word it lacks from the primary
    language's table and then the English one, so that a missing translation shows in English."""
    words: dict[str, str] = {}
    for tag in reversed(_tags(language)):
        words.update(tables.get(tag, {}))
    return words


def _months(language: str) -> tuple[str, ...]:
    return next(MONTHS[tag] for tag in _tags(language) if tag in MONTHS)


def month_year(date: dt.date, language: str) -> str:
    """ "November 2025", as a magazine dates an issue."""
    return f"{_months(language)[date.month - 1]} {date.year}"


def long_date(date: dt.date, language: str) -> str:
    """ "1 November 2025"; German writes the day with a full stop: "1. November 2025"."""
    day = f"{date.day}." if language.lower().startswith("de") else str(date.day)
    return f"{day} {_months(language)[date.month - 1]} {date.year}"
