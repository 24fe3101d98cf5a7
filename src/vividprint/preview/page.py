"""The page that shows a flatplan sheet: page.html with its style, its script and the data inlined, so
that the sheet's index.html is one file (beside its pictures), and the live preview serves the same."""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import Any


@cache
def _asset(name: str) -> str:
    return (files(__package__) / name).read_text(encoding="utf-8")


def page_html(view: dict[str, Any], live: bool = False) -> bytes:
    """The page for `view` (`{"round", "state", "editions": [edition_view...]}`)."""
    # In a <script> element only "</" could end the data early; JSON may write it as "<\/".
    data = json.dumps(view, ensure_ascii=False).replace("</", "<\\/")
    html = _asset("page.html")
    for name, value in (
        ("style", _asset("page.css")),
        ("script", _asset("page.js")),
        ("live", "true" if live else "false"),
        ("data", data),
    ):
        html = html.replace("{{" + name + "}}", value)
    return html.encode()
