"""Articles as written: a YAML front-matter block, then Markdown; what load reads out of them."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

import yaml
from markdown_it import MarkdownIt

from ..errors import VividError
from .files import World


def front_language(world: World, path: Path) -> str | None:
    try:
        split = split_front_matter(world.read_text(path))
    except VividError:
        return None  # reported when the file itself is read
    try:
        data = parse_yaml(split[0]) if split else None
    except yaml.YAMLError:
        return None
    language = data.get("language") if isinstance(data, dict) else None
    return language if isinstance(language, str) else None


def split_front_matter(text: str) -> tuple[str, str] | None:
    """('yaml', 'markdown') from an article, or None when it has no front-matter block."""
    text = text.removeprefix("\ufeff")
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        return None
    for i in range(1, len(lines)):
        if lines[i].strip() == "---":
            return "".join(lines[1:i]), "".join(lines[i + 1 :])
    return None


def parse_yaml(text: str) -> object:
    """Front matter parsed by libyaml where it is installed, a tenth of the time of PyYAML's own parser
    (a build reads every article's); a mistake is described by PyYAML's, whose messages and line
    numbers say better where it is."""
    try:
        return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        try:
            return yaml.safe_load(text)
        except RecursionError:  # PyYAML's parser recurses once per level of nesting
            raise exc from None
    except RecursionError:
        raise yaml.YAMLError("it is nested too deeply (lists or tables inside each other)") from None


_markdown = MarkdownIt("commonmark")
# Every image reference is looked at, those markdown-it would not link too (file:, data:, javascript:):
# each is refused by name rather than left in the text.
_markdown.validateLink = lambda url: True


def body_image_refs(body: str) -> list[tuple[str, int]]:
    """(src, line counted from 0) of every image in a Markdown body."""
    found = []
    for token in _markdown.parse(body):
        if token.type != "inline" or "![" not in token.content:
            continue
        line = token.map[0] if token.map else 0
        for child in token.children or []:
            if child.type == "image":
                found.append((unquote(str(child.attrGet("src") or "")), line))
    return found
