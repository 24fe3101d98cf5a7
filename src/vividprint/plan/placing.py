"""Where an article's pictures and pull quote go among its text, decided before anything is rendered.

The columns of a page type are estimated in characters (the layout's `[flow.<page type>]`): how much the
first page holds beside the opener, how much every further page, how much one line. That is enough to
put a picture with a page of its own where a text page is likely to end, so that it does not leave half
a column empty before it.
"""

from __future__ import annotations

from collections.abc import Container, Sequence
from dataclasses import dataclass

from ..text.display import QUESTION, plain

#: Extra cost of a block, in lines: a heading or question keeps space around it, a paragraph half a line.
HEADING_LINES = 3
#: The lines an inline figure takes in a column, by its shape, and the pull quote.
LANDSCAPE_LINES, PORTRAIT_LINES, QUOTE_LINES = 12, 19, 9
#: Inline figures start after this many blocks, so the opening paragraphs run on unbroken.
FIGURES_SKIP = 2
#: The pull quote goes after the first paragraph from this share of the text on.
QUOTE_FROM = 0.45
#: A page picture goes after the last paragraph that ends safely before the estimated page end.
PAGE_END_MARGIN = 0.98


@dataclass(frozen=True)
class After:
    """What follows a block in the columns: inline figures, the pull quote, pictures with a page of their
    own (indices into the article's inline and page images). Most blocks have nothing after them; more
    than one figure only when an article has more figures than paragraphs to put them after."""

    figures: tuple[int, ...] = ()
    quote: bool = False
    pictures: tuple[int, ...] = ()


def spread(blocks: int, things: int, skip: int = 0) -> list[tuple[int, int]]:
    """Where `things` go among `blocks`, evenly, the first `skip` blocks left free when there are more:
    (block, thing) pairs in order. Every thing gets a block, even when that means sharing one."""
    if things <= 0 or blocks <= 0:
        return []
    start = min(skip, blocks - 1)
    room = blocks - start
    return [(start + min(room - 1, (i * room) // things), i) for i in range(things)]


def is_paragraph(block: str) -> bool:
    """Figures and the quote go after answers and paragraphs, never between a question or a crosshead
    and the text that belongs to it."""
    return block.startswith("<p") and not block.startswith(QUESTION)


def place_in_flow(
    blocks: Sequence[str],
    landscape: Sequence[bool],
    quote: bool | str,
    pictures: int,
    *,
    first: int,
    page: int,
    line: int,
) -> list[After]:
    """For each block, what goes after it. `landscape` gives the shape of each inline figure, `pictures`
    is the number of pictures with a page of their own; `first`, `page` and `line` are the characters
    the first page, every further page and one line hold. `quote` is the pull quote's text (True: one
    whose text is not known); it never stands just before the paragraph it quotes, where the reader would
    read the same sentence twice in a row.

    Every figure and picture is placed: one that finds no free paragraph from its even share of the text
    on goes after the last free paragraph before it, and when every paragraph has one, after the last."""
    ok = [i for i, block in enumerate(blocks) if is_paragraph(block)]
    last = ok[-1] if ok else len(blocks) - 1
    spots: list[int] = []
    for at, _ in spread(len(blocks), len(landscape), FIGURES_SKIP):
        spot = _first_free(ok, at, spots)
        if spot is None:
            spot = _last_free(ok, at, spots)
        spots.append(last if spot is None else spot)
    # The figures in their order over the spots found: a figure moved back may have come before another.
    figures: dict[int, list[int]] = {}
    for figure, spot in enumerate(sorted(spots)):
        figures.setdefault(spot, []).append(figure)
    quote_at = _quote_spot(blocks, ok, figures, quote) if quote else None

    ends: list[int] = []  # estimated characters up to the end of each block
    total = 0
    for i, block in enumerate(blocks):
        total += len(plain(block)) + (line // 2 if is_paragraph(block) else line * HEADING_LINES)
        total += sum(line * (LANDSCAPE_LINES if landscape[f] else PORTRAIT_LINES) for f in figures.get(i, ()))
        if i == quote_at:
            total += line * QUOTE_LINES
        ends.append(total)

    text_pages = 1 + (total - first) / page
    placed: dict[int, list[int]] = {}
    for n in range(1, pictures + 1):
        # The n-th of `pictures` goes after the text page nearest to its even share of the text pages.
        k = max(1, int(n * text_pages / (pictures + 1) + 0.5))
        boundary = first + (k - 1) * page
        spot = max([j for j in ok if ends[j] <= boundary * PAGE_END_MARGIN], default=0)
        if spot in placed:
            # Two pictures would fall after the same block: the later one goes after the next paragraph.
            free = _first_free(ok, spot + 1, placed)
            if free is None:
                free = _last_free(ok, len(blocks), placed)
            spot = spot if free is None else free
        placed.setdefault(spot, []).append(n - 1)
    return [After(tuple(figures.get(i, ())), i == quote_at, tuple(placed.get(i, ()))) for i in range(len(blocks))]


#: The pull quote stands at least this many blocks away before the paragraph it is taken from.
QUOTE_DISTANCE = 3


def _quote_spot(blocks: Sequence[str], ok: Sequence[int], taken: Container[int], quote: bool | str) -> int | None:
    spot = _first_free(ok, int(len(blocks) * QUOTE_FROM), taken)
    source = _quoted_block(blocks, quote) if isinstance(quote, str) else None
    if spot is None or source is None or not (source - QUOTE_DISTANCE < spot < source):
        return spot
    # Just before its own sentence: after that paragraph instead, else far enough before it.
    after = _first_free(ok, source, taken)
    return after if after is not None else _last_free(ok, source - QUOTE_DISTANCE + 1, taken)


def _quoted_block(blocks: Sequence[str], quote: str) -> int | None:
    """The block whose text holds the pull quote's opening words (quotes and spacing aside)."""
    wanted = _letters(quote)[:40]
    if len(wanted) < 12:
        return None
    return next((i for i, block in enumerate(blocks) if wanted in _letters(plain(block))), None)


def _letters(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


def _first_free(ok: Sequence[int], start: int, taken: Container[int]) -> int | None:
    return next((j for j in ok if j >= start and j not in taken), None)


def _last_free(ok: Sequence[int], before: int, taken: Container[int]) -> int | None:
    return next((j for j in reversed(ok) if j < before and j not in taken), None)


# ---- shorts: a page of items, each under its `##` heading -----------------------------------------

# fmt: off
#: Words of an item's title that say nothing about what a picture shows, so they do not match captions.
STOP_WORDS = frozenset({
    "with", "from", "that", "this", "into", "over", "more", "most", "where", "meets", "their", "there", "which",
    "about", "after", "other", "these", "those", "under", "would", "could", "first", "years", "while", "what",
    "when", "your", "they", "than", "then", "have", "been", "were", "will", "also", "just", "only", "some", "very",
    "much", "many", "each", "both", "such", "like", "make", "made", "does", "year", "city", "home", "week", "eine",
    "einer", "einem", "eines", "nicht", "sich", "sind", "wird", "werden", "oder", "nach", "auch", "über", "unter",
    "ihre", "seine", "einen", "durch", "beim", "wenn", "dass", "stadt",
})
# fmt: on
#: A caption naming an item's "Name:" outweighs any number of shared words.
NAME_SCORE = 5
#: Title words shorter than this are not compared; longer ones by their first `STEM` letters, so that
#: "harbour" finds "harbours" and "Hafen" finds "Hafens".
WORD_MIN, STEM = 4, 5
#: A shorts page with less text than this (characters) and no pictures is set in two roomier columns.
SPARSE_BELOW = 3000


def pictures_for_items(titles: Sequence[str], captions: Sequence[str | None]) -> dict[int, list[int]]:
    """{item: its pictures} for a shorts page. A picture goes to the item its caption talks about (the
    item's name before a colon, or words of its title, in the caption); the others are spread over the
    items left, each to the first free item from its even share on. An item gets a second picture only
    when there are more pictures than items."""
    placed: dict[int, list[int]] = {}
    for picture, caption in enumerate(captions):
        text = plain(caption).lower()
        best, best_score = None, 0
        for item, title in enumerate(titles):
            if item in placed:
                continue
            score = _caption_score(plain(title).lower(), text)
            if score > best_score:
                best, best_score = item, score
        if best is not None:
            placed[best] = [picture]
    matched = {picture for pictures in placed.values() for picture in pictures}
    for at, picture in spread(len(titles), len(captions)):
        if picture in matched:
            continue
        free = [j for j in range(len(titles)) if j not in placed]
        spot = next((j for j in free if j >= at), free[0] if free else at)
        placed.setdefault(spot, []).append(picture)
    return placed


def _caption_score(title: str, caption: str) -> int:
    name, colon, _ = title.partition(":")
    score = NAME_SCORE if colon and name.strip() and name.strip() in caption else 0
    words = title.replace(":", " ").replace(",", " ").replace("'", " ").split()
    return score + sum(1 for w in words if len(w) >= WORD_MIN and w not in STOP_WORDS and w[:STEM] in caption)


def starts_with_number(title: str) -> bool:
    """An item whose heading is a figure ("70 hectares"): a page of them wants the narrower columns."""
    return title[:1].isdigit()


def sparse_shorts(body_html: str, pictures: int, titles: Sequence[str]) -> bool:
    """Little text (an agenda, a handful of notes) is set in two roomier columns instead of three; not a
    page with pictures, nor a page of figures, whose large numbers want the narrower columns."""
    figures = sum(starts_with_number(title) for title in titles)
    return len(plain(body_html)) < SPARSE_BELOW and not pictures and figures * 2 < len(titles)
