"""Article bodies from Markdown to the HTML the templates place.

Two page types read structure out of plain Markdown so that editors need no markup of their own:
interviews (a paragraph wholly in bold is a question) and shorts (each `##` heading starts an item).

Typography is set here, on the text runs of the parsed Markdown, so that it never reaches into link
targets or code: quotation marks, dashes and no-break spaces for the article's language. Hyphenation
itself is WeasyPrint's `hyphens: auto` with the house rules installed as its dictionary; what that
dictionary cannot see, because it is handed one word at a time, is marked here: URLs, e-mail
addresses and compounds with a hyphen of their own go into `<span class="vp-keep">`, which is never
hyphenated (a compound still breaks at its own hyphen).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.token import Token

from .hyphenation import Hyphenator
from .typography import URL_OR_EMAIL, quotes, smarten

_md = MarkdownIt("commonmark", {"html": False, "typographer": False})


@dataclass(frozen=True)
class Item:
    title: str
    html: str


@dataclass(frozen=True)
class TextRules:
    """How an article's text is set: its language, and the hyphenator for running text (None: none)."""

    language: str
    hyphenator: Hyphenator | None = None


@dataclass(frozen=True)
class Body:
    html: str  # the whole body
    blocks: tuple[str, ...]  # top-level blocks (paragraphs, headings, lists) so templates can place figures
    items: tuple[Item, ...]  # the `##` sections, for shorts pages


def render_body(markdown: str, rules: TextRules | None = None, image_urls: Mapping[str, str] | None = None) -> Body:
    """`image_urls` maps each image's `src` as written to the URL of its prepared file; load has
    resolved every one of them (or refused the article)."""
    tokens = _md.parse(markdown)
    _point_images(tokens, image_urls or {})
    if rules is not None:
        _set_text(tokens, rules)
    _mark_questions(tokens)
    _mark_first_paragraph(tokens)
    blocks = tuple(_md.renderer.render(group, _md.options, {}) for group in _top_level(tokens))
    return Body(html="".join(blocks), blocks=blocks, items=tuple(_items(tokens)))


def render_inline(text: str, language: str) -> str:
    """One line of Markdown (a title, lead or caption) as inline HTML, with the language's typography."""
    tokens = _md.parseInline(text)
    _point_images(tokens, {})
    _set_text(tokens, TextRules(language))
    return _md.renderer.render(tokens, _md.options, {})


def _point_images(tokens: list[Token], urls: Mapping[str, str]) -> None:
    for tok in tokens:
        for child in tok.children or []:
            if child.type == "image":
                child.attrSet("src", urls.get(unquote(str(child.attrGet("src") or "")), ""))


def _set_text(tokens: list[Token], rules: TextRules) -> None:
    """Typography on every text run; soft hyphens only in paragraphs and list items, never headings."""
    in_heading = False
    for tok in tokens:
        if tok.type == "heading_open":
            in_heading = True
        elif tok.type == "heading_close":
            in_heading = False
        elif tok.type == "inline":
            _quote_across_markup(tok.children or [], rules.language)
            keep = rules.hyphenator is not None and not in_heading
            children: list[Token] = []
            for child in tok.children or []:
                if child.type == "text":
                    child.content = smarten(child.content, rules.language)
                    if keep:
                        children.extend(_keep_whole(child))
                        continue
                children.append(child)
            tok.children = children


#: Stands in, while quotes are read, for inline content that is not text (code, an image): it reads as a word.
_OPAQUE = "\ufdd1"


def _quote_across_markup(children: list[Token], language: str) -> None:
    """The straight quotes of one inline's text runs made typographic together.

    Markup splits text into runs: in `"**Wir** bleiben", sagt sie.` the opening quote stands alone before
    the bold word. Read run by run it cannot tell whether it opens or closes; read with the text on both
    sides of the markup, it opens. Only quotes change, one character for one, so each run keeps its length.
    """
    runs = []
    for child in children:
        if child.type == "text":
            runs.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            runs.append(" ")
        elif child.type in ("code_inline", "image"):
            runs.append(_OPAQUE)
        else:  # emphasis and link markers have no text of their own
            runs.append("")
    joined = "".join(runs)
    if "'" not in joined and '"' not in joined:
        return
    quoted = quotes(joined, language)
    at = 0
    for child, run in zip(children, runs, strict=True):
        if child.type == "text":
            child.content = quoted[at : at + len(run)]
        at += len(run)


KEEP_CLASS = "vp-keep"
_MAYBE_KEEP = re.compile(r"[-@]|\.[^\W\d_]")
_KEEP = re.compile(rf"{URL_OR_EMAIL.pattern}|[^\W\d_]+(?:-[^\W\d_]+)+")


def _keep_whole(text: Token) -> list[Token]:
    """Split a text run so that URLs, addresses and hyphenated compounds sit in no-hyphenation spans."""
    content = text.content
    if not _MAYBE_KEEP.search(content):  # most runs: no URL, address, domain or compound in them
        return [text]
    pieces: list[Token] = []
    done = 0
    for match in _KEEP.finditer(content):
        if match.start() > done:
            pieces.append(_text(content[done : match.start()]))
        pieces.append(_html(f'<span class="{KEEP_CLASS}">'))
        pieces.append(_text(match.group()))
        pieces.append(_html("</span>"))
        done = match.end()
    if not pieces:
        return [text]
    if done < len(content):
        pieces.append(_text(content[done:]))
    return pieces


def _text(content: str) -> Token:
    token = Token("text", "", 0)
    token.content = content
    return token


def _html(content: str) -> Token:
    token = Token("html_inline", "", 0)
    token.content = content
    return token


def _mark_questions(tokens: list[Token]) -> None:
    for i in range(len(tokens) - 2):
        opening, inline = tokens[i], tokens[i + 1]
        if opening.type == "paragraph_open" and inline.type == "inline" and _wholly_strong(inline):
            opening.attrJoin("class", "question")


def _wholly_strong(inline: Token) -> bool:
    children = [c for c in inline.children or [] if not (c.type == "text" and not c.content.strip())]
    return (
        len(children) >= 3
        and children[0].type == "strong_open"
        and children[-1].type == "strong_close"
        and sum(c.type == "strong_open" for c in children) == 1
    )


def _mark_first_paragraph(tokens: list[Token]) -> None:
    """The first body paragraph carries the drop cap; after a heading, text starts flush again."""
    for tok in tokens:
        if tok.type == "paragraph_open" and tok.level == 0:
            if "question" not in (tok.attrGet("class") or ""):
                tok.attrJoin("class", "first")
            return


def _top_level(tokens: list[Token]) -> list[list[Token]]:
    groups: list[list[Token]] = []
    depth = 0
    for tok in tokens:
        if depth == 0:
            groups.append([])
        groups[-1].append(tok)
        depth += tok.nesting
    return groups


def _items(tokens: list[Token]) -> list[Item]:
    items: list[Item] = []
    title: str | None = None
    content: list[Token] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.type == "heading_open" and tok.tag == "h2":
            if title is not None:
                items.append(_item(title, content))
            title = _md.renderer.render(tokens[i + 1].children or [], _md.options, {})
            content = []
            i += 3
            continue
        if title is not None:
            content.append(tok)
        i += 1
    if title is not None:
        items.append(_item(title, content))
    return items


def _item(title: str, content: list[Token]) -> Item:
    return Item(title=title, html=_md.renderer.render(content, _md.options, {}))
