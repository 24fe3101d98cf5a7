"""Turns pydantic's validation errors into sentences a designer can act on."""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import ValidationError

from ..errors import Problem

_MESSAGES = {
    "missing": "is required but missing",
    "string_type": "must be text (in quotes)",
    "int_type": "must be a whole number",
    "float_type": "must be a number",
    "bool_type": "must be true or false",
    "date_type": "must be a date like 2025-11-01",
    "date_from_datetime_inexact": "must be a date like 2025-11-01, without a time",
    "date_parsing": "must be a date like 2025-11-01",
    "list_type": "must be a list",
    "tuple_type": "must be a list",
    "dict_type": "must be a table",
    "model_type": "must be a table",
    "model_attributes_type": "must be a table",
    "too_short": "is too short",
    "string_too_short": "must not be empty",
}


def format_place(loc: Sequence[str | int]) -> str:
    """('flatplan', 2, 'pages') -> 'flatplan[3].pages' (lists counted from 1, as a reader counts)."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def describe_validation_error(file: str, exc: ValidationError, prefix: str = "") -> list[Problem]:
    problems = []
    for err in exc.errors():
        loc = [p for p in err["loc"] if not (isinstance(p, str) and "[" in p)]  # drop union branch names
        place = format_place(loc)
        if prefix:
            place = f"{prefix}.{place}" if place else prefix
        kind = err["type"]
        if kind == "extra_forbidden":
            message = "unknown key (a typo?); see the documentation for the keys allowed here"
        elif kind == "literal_error":
            expected = err.get("ctx", {}).get("expected", "")
            message = f"must be one of {expected}, not {err.get('input')!r}"
        elif kind in ("too_long", "too_short") and err.get("ctx", {}).get("expected") is not None:
            message = f"must have {err['ctx']['expected']} items"
        else:
            message = _MESSAGES.get(kind, err["msg"])
        problems.append(Problem(file, place, message))
    return problems
