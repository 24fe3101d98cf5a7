"""Text rules per language for one issue, and article bodies set by them (cached by content)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import asdict
from pathlib import Path

from .. import __version__
from ..disk import write_atomic
from ..inputs.files import World
from ..inputs.layout import Layout
from .hyphenation import HyphenationRules, Hyphenator, house_lists, parse_exceptions
from .markdown import Body, Item, TextRules, render_body

BODY_FORMAT = f"{__version__}/2"  # bump when markdown.py or typography.py set text differently


class Typesetter:
    """Text rules per language, with a hyphenator built on first use from the dictionary, the layout's
    house lists and the issue's own (`ISSUE/hyphenation/<lang>.txt`, which wins)."""

    def __init__(self, world: World, layout: Layout, cache_dir: Path) -> None:
        self.world = world
        self.layout = layout
        self.cache_dir = cache_dir
        self._rules: dict[str, TextRules] = {}

    def __call__(self, language: str) -> TextRules:
        if language not in self._rules:
            folder = self.world.issue_root / "hyphenation"
            issue_lists = {p.stem: p for p in sorted(folder.glob("*.txt"))} if folder.is_dir() else {}
            paths = house_lists(self.layout.hyphenation, language) + house_lists(issue_lists, language)
            exceptions: dict[str, tuple[int, ...]] = {}
            for path in paths:  # the layout's list first, then the issue's own, which wins
                exceptions.update(parse_exceptions(self.world.read_text(path), self.world.label(path)))
            hyphenator = Hyphenator(language, exceptions, min_word=self.layout.hyphenation_min_word)
            # Rendering in this process uses them; render workers are sent them (Plan.hyphenation).
            hyphenator.install()
            self._rules[language] = TextRules(language, hyphenator)
        return self._rules[language]

    def hyphenation(self) -> tuple[HyphenationRules, ...]:
        """The rules of every language set so far, as data for other processes."""
        return tuple(
            rules.hyphenator.rules() for _, rules in sorted(self._rules.items()) if rules.hyphenator is not None
        )

    def body(self, markdown: str, rules: TextRules, image_urls: Mapping[str, str]) -> Body:
        """An article body set by `rules`, from the cache when the same text was set the same way before.
        `image_urls` names the prepared file of every image written into the body."""
        digest = rules.hyphenator.digest() if rules.hyphenator else ""
        urls = json.dumps(sorted(image_urls.items()))
        state = f"{BODY_FORMAT}|{rules.language}|{digest}|{urls}|{markdown}"
        path = self.cache_dir / f"{hashlib.sha256(state.encode()).hexdigest()[:32]}.json"
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return Body(html=data["html"], blocks=tuple(data["blocks"]), items=tuple(Item(**i) for i in data["items"]))
        except (OSError, ValueError, KeyError, TypeError):
            pass
        body = render_body(markdown, rules, image_urls)
        write_atomic(path, json.dumps(asdict(body)).encode())
        return body
