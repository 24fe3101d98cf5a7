"""Turns pydantic's validation errors into sentences a designer can act on."""

from __future__ import annotations

import datetime as dt
import difflib
import typing
from collections.abc import Sequence

from pydantic import BaseModel, ValidationError

from ..errors import Problem
from .model import CoversSpec, FormatSpec, ImageRef, IssueMeta, Manifest, SlotSpec

_MESSAGES = {
    "missing": "is required but missing",
    "string_type": "must be text (in quotes)",
    "int_type": "must be a whole number",
    "float_type": "must be a number",
    "bool_type": "must be true or false",
    "date_type": "must be a date written like 2025-11-01, without quotes",
    "date_from_datetime_inexact": "must be a date like 2025-11-01, without a time",
    "date_parsing": "must be a date written like 2025-11-01, without quotes",
    "date_from_datetime_parsing": "must be a date written like 2025-11-01, without quotes",
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


def describe_validation_error(
    file: str, exc: ValidationError, prefix: str = "", model: type[BaseModel] | None = None
) -> list[Problem]:
    """One problem per mistake; with the `model` validated, an unknown key is told the known key it is
    most like."""
    problems = []
    for err in exc.errors():
        # Union branch names ("function-after[...]") are pydantic's, not the file's; the last part of an
        # unknown key's place is the key as written, brackets or not.
        *path, last = err["loc"] or ("",)
        loc = [p for p in path if not (isinstance(p, str) and "[" in p)]
        if err["type"] == "extra_forbidden" or not (isinstance(last, str) and "[" in last):
            loc.append(last)
        place = format_place(loc)
        if prefix:
            place = f"{prefix}.{place}" if place else prefix
        kind = err["type"]
        if kind == "extra_forbidden":
            keys = _keys_at(model, loc[:-1]) if model is not None else []
            close = difflib.get_close_matches(str(last), keys, n=1, cutoff=0.6)
            if close:
                message = f"unknown key: did you mean {close[0]!r}?"
            elif keys:
                message = f"unknown key; the keys allowed here are {', '.join(keys)}"
            else:
                message = "unknown key (a typo?); see the documentation for the keys allowed here"
        elif kind == "literal_error":
            expected = err.get("ctx", {}).get("expected", "")
            message = f"must be one of {expected}, not {err.get('input')!r}"
        elif kind == "string_too_long":
            limit = err.get("ctx", {}).get("max_length")
            message = f"is {len(str(err.get('input', '')))} characters long; at most {limit} fit there: shorten it"
        elif kind in ("too_long", "too_short") and err.get("ctx", {}).get("expected") is not None:
            message = f"must have {err['ctx']['expected']} items"
        else:
            message = _MESSAGES.get(kind, err["msg"])
        problems.append(Problem(file, place, message))
    return problems


def _keys_at(model: type[BaseModel], loc: Sequence[str | int]) -> list[str]:
    """The keys a table at `loc` of `model` may have, as a file spells them."""
    current: type[BaseModel] | None = model
    for part in loc:
        if isinstance(part, int) or current is None:
            continue
        fields = current.model_fields
        field = fields.get(str(part)) or next((f for f in fields.values() if f.alias == part), None)
        current = _model_in(field.annotation) if field is not None else None
    if current is None:
        return []
    return [field.alias or name for name, field in current.model_fields.items()]


def _model_in(annotation: object) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in typing.get_args(annotation):
        if (found := _model_in(argument)) is not None:
            return found
    return None


def _valid(model: type[BaseModel], data: object) -> BaseModel | None:
    try:
        return model.model_validate(data)
    except ValidationError:
        return None


def salvage(raw: dict) -> Manifest:
    """What of a manifest with mistakes can still be read: each section and slot that is valid on its
    own; a slot that is not stands as None in its place, so that the others keep their numbers. Only
    for finding the rest of the issue's mistakes: its mistakes are reported already."""
    meta = raw.get("issue") if isinstance(raw.get("issue"), dict) else {}
    issue = _valid(IssueMeta, meta)
    if issue is None:
        # Each key on its own, beside stand-ins for the required ones: what is valid is kept.
        stand_in: dict[str, object] = {"magazine": "-", "number": "-", "date": dt.date(1970, 1, 1), "layout": "-"}
        fields: dict[str, object] = {"language": "en", "title": None, "editions": None, "layout": ""}
        for key, value in meta.items():
            if key in IssueMeta.model_fields and (one := _valid(IssueMeta, {**stand_in, key: value})):
                fields[key] = getattr(one, key)
        issue = IssueMeta.model_construct(**{**stand_in, **fields})
    covers_raw = raw.get("covers") if isinstance(raw.get("covers"), dict) else {}
    covers = {
        name.replace("-", "_"): _valid(CoversSpec, {name: value})
        for name, value in covers_raw.items()
        if name.replace("-", "_") in CoversSpec.model_fields
    }
    flatplan = raw.get("flatplan") if isinstance(raw.get("flatplan"), list) else []
    return Manifest.model_construct(
        issue=issue,
        format=_valid(FormatSpec, raw.get("format", {})) or FormatSpec(),
        covers=CoversSpec.model_construct(
            **{key: getattr(spec, key) if spec is not None else None for key, spec in covers.items()}
        ),
        flatplan=[_valid(SlotSpec, spec) for spec in flatplan],
    )


def salvage_images(front: dict) -> list[ImageRef]:
    """The valid image entries of front matter that has mistakes elsewhere."""
    images = front.get("images")
    if not isinstance(images, list):
        return []
    return [ref for entry in images if (ref := _valid(ImageRef, entry)) is not None]  # type: ignore[misc]
