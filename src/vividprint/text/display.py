"""Display type: headlines, the drop cap that opens a text, teasers and the headings of shorts.

Everything here works on the inline HTML that markdown.py makes and hands back pieces that a template
only has to write one after another. Offsets and word lengths are counted on that HTML, as a page's
characters are estimated elsewhere: what matters is that the same text always gets the same result.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

from .hyphenation import SOFT_HYPHEN

FIRST_PARAGRAPH = '<p class="first">'
QUESTION = '<p class="question">'

#: A title's longest word from this many letters on gets the class: each page type sets such titles
#: smaller where its measure is narrow, and lets the longest break.
FIT_CLASSES = ((19, "fit-xl"), (16, "fit-l"), (13, "fit-m"))
#: A title's last word is bound to the one before it when it is shorter than this (a long last word
#: fills its line anyway, and binding it could push two long words onto one line).
KEEP_BELOW = 12
#: A lead is cut at its first full stop only when that leaves a sentence of more than this many
#: characters; shorter first sentences ("Yes.") make no teaser.
TEASER_MIN = 40
#: The words set in small capitals beside the drop cap: the lead-in runs until it has this many characters.
LEADIN_MIN = 10


def plain(html: str | None) -> str:
    """The text of inline HTML, tags removed, entities read and white space folded (Jinja's striptags)."""
    return Markup(html or "").striptags()


def fit_class(html: str | None) -> str:
    """The class for a title by its longest word ("" when every word is short enough)."""
    text = plain(html).replace("\u00a0", " ").replace("-", " ").replace("\u2011", " ")
    longest = max((len(word) for word in text.split()), default=0)
    return next((cls for letters, cls in FIT_CLASSES if longest >= letters), "")


def keep_last_words(html: str) -> Markup:
    """The title with a no-break space between its last two words, so that no headline ends on a lone word.

    Not when the last word is long or carries markup, or the space follows a tag: the space would be
    inside an element or bind a whole styled phrase."""
    head, sep, last = html.rpartition(" ")
    if sep and len(plain(last)) < KEEP_BELOW and "<" not in last and ">" not in head[-1:]:
        return Markup(f"{head}&nbsp;{last}")
    return Markup(html)


def headline(html: str | None) -> dict[str, Markup | str] | None:
    """A title as a template sets it: `html` with its last words kept together, `fit` its size class."""
    if not html:
        return None
    return {"html": keep_last_words(html), "fit": fit_class(html)}


def first_sentence(html: str | None) -> Markup | None:
    """The first sentence of a lead, as plain text, for teasers; the whole lead when that is short."""
    if not html:
        return None
    text = plain(html)
    sentence, stop, _ = text.partition(". ")
    return escape(f"{sentence}." if stop and len(sentence) > TEASER_MIN else text)


@dataclass(frozen=True)
class DropCap:
    """The first paragraph cut for its drop cap: a template writes `initial`, `leadin` (small capitals),
    each of `cut` followed by an empty span, then `rest`, which closes the paragraph."""

    initial: Markup
    leadin: Markup
    cut: tuple[Markup, ...]
    rest: Markup


def drop_cap(block: str, reach: int) -> DropCap | None:
    """The opening paragraph (markdown.py marks it `class="first"`) as a drop cap and its lead-in, when it
    starts with a letter that begins a word of more than one letter.

    The drop cap is a floated span, since floating ::first-letter is not possible in columns. An empty
    span after each word beside the cap cuts the text into one run per word: WeasyPrint measures a line
    beside a float up to the next soft hyphen of its run and pushes it below the cap when that is too
    wide. `reach` is how many characters stand beside the cap (a good three lines of the measure)."""
    if not block.startswith(FIRST_PARAGRAPH):
        return None
    text = block[len(FIRST_PARAGRAPH) :]
    if not text[:1].isalpha() or text[1:2].isspace():
        return None
    words = text[1:].split(" ")
    leadin = beside = chars = 0
    for index, word in enumerate(words):
        # Markup ends the words beside the cap, and the last word carries the paragraph's closing tag.
        if "<" in word or index == len(words) - 1:
            break
        if chars >= reach:
            break
        if chars < LEADIN_MIN:
            leadin = index + 1
        beside = index + 1
        chars += len(word) + 1
    return DropCap(
        initial=Markup(text[0]),
        # Small capitals are never hyphenated: a soft hyphen there would break the run beside the cap.
        leadin=Markup(" ".join(words[:leadin]).replace(SOFT_HYPHEN, "")),
        cut=tuple(Markup(word) for word in words[leadin:beside]),
        rest=Markup(" ".join(words[beside:])),
    )


def block_as_set(block: str) -> Markup:
    """A body block as the columns take it. Questions are never hyphenated: Pango breaks at soft hyphens
    whatever the hyphens property says, so a soft hyphen written into a question is taken out."""
    if block.startswith(QUESTION):
        return Markup(block.replace(SOFT_HYPHEN, ""))
    return Markup(block)


def item_heading(title: str) -> dict[str, Markup | str | None]:
    """How a shorts item's `##` heading is set: `kind` "figure" for one that starts with a number
    ("70 hectares": the number large, the rest beneath), "named" for "Name: what it is" (the name, then
    the rest with a capital), "plain" otherwise; `first` and `second` are the two parts."""
    number, _, unit = title.replace("\u00a0", " ").replace("\u202f", " ").partition(" ")
    if number[:1].isdigit() and unit and "<" not in number:
        return {"kind": "figure", "first": Markup(number), "second": Markup(unit)}
    name, colon, what = title.partition(":")
    what = what.strip()
    if colon and what:
        return {"kind": "named", "first": Markup(name), "second": Markup(what[:1].upper() + what[1:])}
    return {"kind": "plain", "first": Markup(title), "second": None}


#: A department's name longer than this many characters is set smaller in the bar of a shorts page.
RUBRIC_LONG = 15


def rubric(kicker: str | None, title: str | None) -> dict[str, Markup | str | bool]:
    """A shorts page's department, named by its kicker (else its title): `html`, and `long` when it
    needs the smaller size to fit the bar."""
    html = escape(kicker) if kicker else Markup(title or "")
    return {"html": html, "long": len(plain(html)) > RUBRIC_LONG}
