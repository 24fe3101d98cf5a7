"""The issue's articles as the cover and the contents page present them: the key topic, the other
stories and the regular pages, every one with its page.

The key topic (the cover story) is, in this order:

1. the article of the `[[flatplan]]` slot marked `key_topic = true` in issue.toml;
2. else the article whose title is the front cover's `headline`, else the issue's `title` (compared as
   read: markup, case and spacing do not count);
3. else the first article whose kicker is "Key topic", "Cover story", "Titelthema" or "Titelgeschichte".

Stories are the articles on the page types the layout lists in `[stories] page_types`; every other
article is a regular page. An issue with a page type that shows the key topic (`[stories] key_topic_on`)
but no key topic gets a warning naming issue.toml, rather than a cover and a contents band that quietly
leave it out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from markupsafe import Markup

from ..errors import Problem
from ..inputs.layout import Layout
from ..inputs.model import Issue
from ..text.display import first_sentence, headline, plain
from ..text.markdown import render_inline
from .flatplan import Placement

KEY_TOPIC_KICKERS = frozenset({"key topic", "cover story", "titelthema", "titelgeschichte"})
MANIFEST = "issue.toml"


class Candidate(NamedTuple):
    """An article slot as the key topic rule sees it: its title and kicker as written, and whether the
    slot is marked `key_topic = true`."""

    title: str
    kicker: str | None
    marked: bool = False


def _as_read(html: str | None) -> str:
    return " ".join(plain(html).split()).casefold()


def same_words(a: str | None, b: str | None, language: str) -> bool:
    """Whether two titles as written read the same, whatever their markup, case or spacing."""
    if not a or not b:
        return False
    return _as_read(render_inline(a, language)) == _as_read(render_inline(b, language))


def choose_key_topic(candidates: Sequence[Candidate], headlines: Sequence[str | None], language: str) -> int | None:
    """The index of the key topic among `candidates` (in page order), or None. `headlines` are the
    front cover's headline and the issue's title, in that order; see the module's rule."""
    found = next((i for i, c in enumerate(candidates) if c.marked), None)
    for wording in headlines:
        if found is None and wording:
            found = next((i for i, c in enumerate(candidates) if same_words(c.title, wording, language)), None)
    if found is None:
        kickers = [" ".join((c.kicker or "").split()).casefold() for c in candidates]
        found = next((i for i, kicker in enumerate(kickers) if kicker in KEY_TOPIC_KICKERS), None)
    return found


@dataclass(frozen=True)
class Contents:
    """What every template is given about the issue's articles, each as an entry (see `_entry`)."""

    entries: list[dict[str, Any]]  # every article slot inside the issue, in page order
    key_topic: dict[str, Any] | None
    stories: list[dict[str, Any]]  # the key topic among them
    cover_lines: list[dict[str, Any]]  # the stories other than the key topic
    regulars: list[dict[str, Any]]  # the articles that are not stories, the key topic never among them
    notes: tuple[Problem, ...] = ()  # the warning when a page would show a key topic and there is none


def contents(issue: Issue, layout: Layout, placements: list[Placement]) -> Contents:
    """The entries of every article inside the issue (covers have no page number to list), the key
    topic among them, and the warning when a page that shows the key topic would show none."""
    inside = [(p, p.slot.article) for p in placements if p.slot.article is not None and p.first_folio is not None]
    candidates = [Candidate(article.title, article.kicker, p.slot.key_topic) for p, article in inside]
    front = next((c for c in issue.covers if c.cover_label == "U1"), None)
    key = choose_key_topic(candidates, [front.headline if front else None, issue.title], issue.language)
    entries = [_entry(p, i == key, p.slot.template in layout.stories.page_types) for i, (p, _) in enumerate(inside)]
    key_topic = entries[key] if key is not None else None
    stories = [e for e in entries if e["story"]]
    notes: tuple[Problem, ...] = ()
    showing = [p.slot for p in placements if p.slot.template in layout.stories.key_topic_on]
    if key_topic is None and showing:
        pages = " and ".join(f"{slot.key} ({slot.template})" for slot in showing)
        verb = "shows" if len(showing) == 1 else "show"
        notes = (
            Problem(
                MANIFEST,
                "flatplan",
                f"no article is the key topic, so {pages} {verb} none: add `key_topic = true` to the "
                "flatplan slot of the cover story (or give the article the cover's headline as its title)",
            ),
        )
    return Contents(
        entries=entries,
        key_topic=key_topic,
        stories=stories,
        cover_lines=[e for e in stories if not e["key_topic"]],
        regulars=[e for e in entries if not e["story"] and not e["key_topic"]],
        notes=notes,
    )


def _entry(placement: Placement, key_topic: bool, story: bool) -> dict[str, Any]:
    article = placement.slot.article
    assert article is not None
    title = Markup(render_inline(article.title, article.language))
    lead = Markup(render_inline(article.lead, article.language)) if article.lead else None
    return {
        "page": placement.first_folio,
        "title": title,
        "headline": headline(title),  # the title as set: last words kept together, its size class
        "kicker": article.kicker,
        "lead": lead,
        "teaser": first_sentence(lead),
        "author": article.author,
        "template": placement.slot.template,
        "story": story,
        "key_topic": key_topic,
    }


def cover_context(wording: str | None, key_topic: dict[str, Any] | None, language: str) -> dict[str, Any]:
    """The front cover's story: its `headline` as set, and the key topic's own title when the cover
    words the story differently (the reader is to find it in the contents under that title)."""
    html = Markup(render_inline(wording, language)) if wording else None
    differs = key_topic is not None and _as_read(key_topic["title"]) != _as_read(html)
    return {"headline": headline(html), "story_title": key_topic["title"] if differs else None}
