"""What the templates are handed instead of computing it: display type, the places of pictures among the
text, the layout's words and the key topic, each from real Markdown and real issue folders."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from markupsafe import Markup

from conftest import LAYOUTS, LOREM_EN, IssueFolder, article, paragraphs, small_issue, words
from vividprint.inputs.files import World
from vividprint.inputs.load import load
from vividprint.plan.editorial import Candidate, choose_key_topic, contents, cover_context, same_words
from vividprint.plan.flatplan import place
from vividprint.plan.placing import (
    is_paragraph,
    pictures_for_items,
    place_in_flow,
    sparse_shorts,
    spread,
)
from vividprint.plan.words import layout_words, long_date, month_year
from vividprint.text.display import (
    block_as_set,
    drop_cap,
    first_sentence,
    fit_class,
    headline,
    item_heading,
    keep_last_words,
    plain,
    rubric,
)
from vividprint.text.markdown import render_body, render_inline


def _inline(text: str, language: str = "en") -> Markup:
    return Markup(render_inline(text, language))


# ---- display type -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "fit"),
    [
        ("Where Asia meets the Rhine", ""),
        ("Die Stadt der Nachbarschaften", "fit-m"),  # "Nachbarschaften": 15 letters
        ("Alles auf Landeshauptstadt", "fit-l"),  # 16
        ("Die Roggenrevolutionärin aus Flingern", "fit-xl"),  # 20
        ("Die Rhein-Ruhr-Regionalplanung", "fit-m"),  # broken at its hyphens: "Regionalplanung"
        ("*Wirtschaftsförderung*", "fit-xl"),  # markup does not count
    ],
)
def test_fit_class_by_the_longest_word(title: str, fit: str) -> None:
    assert fit_class(_inline(title, "de-DE")) == fit


def test_last_two_words_of_a_title_are_kept_together() -> None:
    assert keep_last_words(_inline("Where Asia meets the Rhine")) == "Where Asia meets the&nbsp;Rhine"
    # A long last word, a styled one, or one word alone: the title as it is.
    assert keep_last_words(_inline("Alles für die Wirtschaftsförderung")) == "Alles für die Wirtschaftsförderung"
    assert keep_last_words(_inline("Where Asia meets the *Rhine*")) == "Where Asia meets the <em>Rhine</em>"
    assert keep_last_words(_inline("*Where Asia* meets")) == "<em>Where Asia</em> meets"
    assert keep_last_words(_inline("Impressum")) == "Impressum"
    assert headline(_inline("All in on hydrogen")) == {"html": "All in on&nbsp;hydrogen", "fit": ""}
    assert headline(None) is None


def test_first_sentence_of_a_lead() -> None:
    lead = _inline(
        "Few European cities are as closely woven into *East Asia's* economies as Düsseldorf. Behind the "
        "ramen queues lies a network of headquarters."
    )
    assert first_sentence(lead) == "Few European cities are as closely woven into East Asia’s economies as Düsseldorf."
    short = _inline("Yes. The harbour is back, and with it the city.")
    assert first_sentence(short) == "Yes. The harbour is back, and with it the city."
    assert first_sentence(_inline("Tom & Jerry's café. Open late.")) == "Tom &amp; Jerry’s café. Open late."
    assert first_sentence(None) is None


def _first_block(markdown: str) -> str:
    return render_body(markdown).blocks[0]


def test_drop_cap_splits_the_opening_paragraph_without_losing_a_character() -> None:
    block = _first_block(paragraphs(1))
    drop = drop_cap(block, reach=110)
    assert drop is not None
    assert drop.initial == "T"
    assert drop.leadin == "he harbour"  # small capitals up to ten characters
    assert drop.cut[0] == "office" and sum(len(w) + 1 for w in drop.cut) <= 110 + len(drop.cut[-1]) + 1
    assert drop.rest.endswith("</p>\n")
    joined = f"{drop.initial}{drop.leadin} {' '.join(drop.cut)} {drop.rest}"
    assert '<p class="first">' + joined == block
    wider = drop_cap(block, reach=170)
    assert wider is not None and len(wider.cut) > len(drop.cut)


def test_drop_cap_only_where_a_letter_opens_a_word() -> None:
    assert drop_cap(_first_block('"Never," she says. ' + LOREM_EN), 110) is None  # a quotation mark
    assert drop_cap(_first_block("A city of " + LOREM_EN), 110) is None  # a one-letter word
    second = render_body(paragraphs(2)).blocks[1]
    assert drop_cap(second, 110) is None  # not the opening paragraph
    interview = render_body("**Where are you from?**\n\n" + LOREM_EN).blocks
    assert drop_cap(interview[0], 110) is None  # a question opens the text
    assert drop_cap(interview[1], 110) is None


def test_drop_cap_words_stop_at_markup_and_lose_soft_hyphens() -> None:
    drop = drop_cap(_first_block("The har\u00adbour office *opened* its doors at seven."), 110)
    assert drop is not None
    assert drop.leadin == "he harbour"
    assert drop.cut == ("office",)  # the emphasis starts a run of its own
    assert drop.rest.startswith("<em>opened</em>")


def test_questions_are_set_without_soft_hyphens() -> None:
    blocks = render_body("**Is the Medien\u00adhafen full?**\n\nThe Medien\u00adhafen is full.").blocks
    assert "\u00ad" not in block_as_set(blocks[0])
    assert "\u00ad" in block_as_set(blocks[1])


@pytest.mark.parametrize(
    ("title", "kind", "first", "second"),
    [
        ("70 hectares", "figure", "70", "hectares"),  # typography has bound them with a no-break space
        ("1,150 cherry trees", "figure", "1,150", "cherry trees"),
        ("Rheinbahn: new trams for the east", "named", "Rheinbahn", "New trams for the east"),
        ("Tram line 710 closes a gap", "plain", "Tram line 710 closes a gap", None),
        ("Note:", "plain", "Note:", None),
    ],
)
def test_shorts_heading_parts(title: str, kind: str, first: str, second: str | None) -> None:
    heading = item_heading(render_inline(title, "en"))
    assert (heading["kind"], heading["first"], heading["second"]) == (kind, first, second)


def test_rubric_of_a_shorts_page() -> None:
    assert rubric("City news", None) == {"html": "City news", "long": False}
    assert rubric(None, _inline("Stadtnachrichten aus Düsseldorf", "de-DE"))["long"] is True
    assert rubric("R&D", None)["html"] == "R&amp;D"


# ---- pictures among the text ------------------------------------------------------------------


def test_spread_is_even_and_leaves_the_first_blocks_free() -> None:
    assert spread(10, 2, 2) == [(2, 0), (6, 1)]
    assert spread(3, 5) == [(0, 0), (0, 1), (1, 2), (1, 3), (2, 4)]  # more things than blocks: shared
    assert spread(2, 1, 2) == [(1, 0)]  # too few blocks to leave two free: the last
    assert spread(5, 0) == [] and spread(0, 2) == []


def _interview(answers: int) -> tuple[str, ...]:
    parts = []
    for i in range(answers):
        parts.append(f"**Question number {i}?**")
        parts.append(LOREM_EN * 2)
        if i % 3 == 2:
            parts.append(f"## Crosshead {i}")
    return render_body("\n\n".join(parts)).blocks


def test_figures_and_quote_go_after_paragraphs_only_and_none_is_lost() -> None:
    blocks = _interview(9)
    after = place_in_flow(blocks, [True, False, True], True, 0, first=1900, page=6000, line=52)
    placed = [(i, f) for i, a in enumerate(after) for f in a.figures]
    assert sorted(f for _, f in placed) == [0, 1, 2]
    assert all(len(a.figures) <= 1 for a in after)
    quote = [i for i, a in enumerate(after) if a.quote]
    assert len(quote) == 1 and quote[0] >= int(len(blocks) * 0.45)
    for i, _ in [*placed, (quote[0], None)]:
        assert is_paragraph(blocks[i]), blocks[i][:40]
    assert not any(a.quote for a in place_in_flow(blocks, [], False, 0, first=1900, page=6000, line=52))


def test_a_figure_without_a_paragraph_after_its_share_goes_before_it() -> None:
    blocks = render_body(paragraphs(3) + "\n## The end\n").blocks  # three paragraphs, then a heading
    after = place_in_flow(blocks, [True, True, True], False, 0, first=1450, page=6200, line=34)
    assert [a.figures for a in after] == [(0,), (1,), (2,), ()]  # in their order, one a paragraph
    crowded = place_in_flow(blocks[:1], [True, False], False, 0, first=1450, page=6200, line=34)
    assert [a.figures for a in crowded] == [(0, 1)]  # one paragraph: both after it


def test_page_pictures_go_where_a_text_page_is_estimated_to_end() -> None:
    blocks = render_body(paragraphs(24)).blocks  # each paragraph about 800 characters
    line, first, page = 34, 1450, 6200
    after = place_in_flow(blocks, [], False, 2, first=first, page=page, line=line)
    spots = [i for i, a in enumerate(after) if a.pictures]
    assert [after[i].pictures for i in spots] == [(0,), (1,)]
    ends, total = [], 0
    for block in blocks:
        total += len(plain(block)) + line // 2
        ends.append(total)
    text_pages = 1 + (total - first) / page
    for n, spot in enumerate(spots, start=1):
        boundary = first + (max(1, int(n * text_pages / 3 + 0.5)) - 1) * page
        assert ends[spot] <= boundary * 0.98 < ends[spot + 1]


def test_two_page_pictures_never_share_a_block() -> None:
    blocks = render_body(paragraphs(3)).blocks  # so little text that both fall after the first block
    after = place_in_flow(blocks, [], False, 2, first=1450, page=6200, line=34)
    assert sorted(p for a in after for p in a.pictures) == [0, 1]
    assert all(len(a.pictures) <= 1 for a in after)


NEWS_TITLES = [
    "Ad-tech firm Pixelkontor raises 18 million euros",
    "Nonstop to Seoul from March",
    "Packaging fair breaks its own record",
    "Zollhafenbrücke closes for repairs",
    "Second campus for Rhine International Academy",
    "Goldene Rheinnadel for a repair cooperative",
    "Tram line 710 closes a gap",
]
NEWS_CAPTIONS = [
    "A late-evening tram glides through the city centre, where a new line will close a long-standing gap "
    "from December.",
    "A vegetable stall at a weekly market in Flingern, the district whose repair cooperative has just won "
    "this year's Goldene Rheinnadel.",
]


def test_a_picture_goes_to_the_item_its_caption_talks_about() -> None:
    titles = [render_inline(t, "en") for t in NEWS_TITLES]
    captions = [render_inline(c, "en") for c in NEWS_CAPTIONS]
    assert pictures_for_items(titles, captions) == {6: [0], 5: [1]}
    # "where", "city" and "meets" are stop words: the caption matches no item and is spread.
    assert pictures_for_items(["Harbour office", "Where the city meets"], ["Where the city meets"]) == {0: [0]}
    # Captions that name no item: spread over the items left, from their even share on.
    assert pictures_for_items(["Ostpark", "Westpark", "Nordpark"], ["Rain", "Sun"]) == {0: [0], 1: [1]}
    # More pictures than items: none is left out.
    assert pictures_for_items(["Ostpark"], ["Rain", "Sun"]) == {0: [0, 1]}


def test_a_name_before_a_colon_outweighs_shared_words() -> None:
    titles = ["River harbour office trade moves", "Pixelkontor: data"]
    caption = "Pixelkontor's staff at the river harbour office, where trade moves"
    assert pictures_for_items(titles, [caption]) == {1: [0]}  # 5 + 1 against five shared words


def test_sparse_shorts_only_for_little_text_without_pictures_or_figures() -> None:
    agenda = render_body("## 12 March: fair\n\nA fair.\n\n## Open day\n\nDoors open.\n\n## Talk\n\nA talk.\n")
    titles = [item.title for item in agenda.items]
    assert sparse_shorts(agenda.html, 0, titles)
    assert not sparse_shorts(agenda.html, 1, titles)
    assert not sparse_shorts(render_body(paragraphs(5)).html, 0, titles)  # about 4,000 characters
    figures = ["70 hectares", "183 nationalities", "Talk"]
    assert not sparse_shorts(agenda.html, 0, figures)


# ---- the layout's words and the date ----------------------------------------------------------

TABLES = {"en": {"contents": "Contents", "page": "Page"}, "de": {"contents": "Inhalt"}}


def test_layout_words_in_the_pages_language_else_english() -> None:
    assert layout_words(TABLES, "de-DE") == {"contents": "Inhalt", "page": "Page"}
    assert layout_words(TABLES, "fr") == TABLES["en"]
    assert layout_words({"de-CH": {"page": "Seite"}, **TABLES}, "de-CH")["page"] == "Seite"


def test_dates_in_the_pages_language() -> None:
    date = dt.date(2025, 11, 1)
    assert month_year(date, "en-US") == "November 2025"
    assert month_year(dt.date(2026, 3, 1), "de-DE") == "März 2026"
    assert long_date(date, "en-GB") == "1 November 2025"
    assert long_date(date, "de-DE") == "1. November 2025"
    assert long_date(date, "fr") == "1 November 2025"


# ---- the key topic ----------------------------------------------------------------------------

STORIES = [
    Candidate("Two continents, one riverbank", "Editorial"),
    Candidate("Where Asia meets the Rhine", "Key topic"),
    Candidate("Nobody here asks where you're from", "Interview"),
    Candidate("The rye revolutionary of Flingern", "Cover story"),
]


def test_key_topic_rule_in_order() -> None:
    marked = [*STORIES[:2], STORIES[2]._replace(marked=True), STORIES[3]]
    assert choose_key_topic(marked, ["Where Asia meets the Rhine", None], "en") == 2  # marked first
    assert choose_key_topic(STORIES, ["Nobody here asks where you're from", "The rye revolutionary"], "en") == 2
    assert choose_key_topic(STORIES, [None, "The rye revolutionary of Flingern"], "en") == 3  # the issue's title
    assert choose_key_topic(STORIES, ["Another wording", "And another"], "en") == 1  # the first such kicker
    assert choose_key_topic(STORIES[:1] + STORIES[2:3], [None, None], "en") is None


def test_titles_compare_as_read() -> None:
    assert same_words("*Where* Asia meets  the Rhine", "Where Asia Meets the Rhine", "en")
    assert same_words("Nobody here asks where you're from", "Nobody here asks where you’re from", "en")
    assert not same_words("The river economy", "River economy", "en")
    assert not same_words(None, "River economy", "en")


def _loaded(issue: IssueFolder):
    return load(World.open(issue.root, LAYOUTS))


def test_contents_of_a_real_issue(issue: IssueFolder) -> None:
    small_issue(issue)
    loaded, layout = _loaded(issue)
    found = contents(loaded, layout, place(loaded))
    assert [e["page"] for e in found.entries] == [2, 6]
    assert found.key_topic is found.entries[0] and found.key_topic["key_topic"]
    assert found.key_topic["teaser"] == "Why the harbour matters again."
    assert found.key_topic["headline"] == {"html": "The river&nbsp;economy", "fit": ""}
    assert [e["title"] for e in found.stories] == ["The river economy", "Das Viertel am Hafen"]
    assert [e["title"] for e in found.cover_lines] == ["Das Viertel am Hafen"]
    assert found.regulars == [] and found.notes == ()


def test_renamed_key_topic_is_warned_naming_issue_toml(issue: IssueFolder, tmp_path: Path) -> None:
    small_issue(issue)
    issue.write("articles/river.md", article("The river trade", paragraphs(6), kicker="Economy"))
    loaded, layout = _loaded(issue)
    found = contents(loaded, layout, place(loaded))
    assert found.key_topic is None
    assert [e["title"] for e in found.cover_lines] == ["The river trade", "Das Viertel am Hafen"]
    (note,) = found.notes
    assert note.file == "issue.toml"
    assert "covers.front (cover) and flatplan[1] (contents) show none" in note.message
    assert "key_topic = true" in note.message
    result = issue.build(out=tmp_path / "out")
    assert note in result.warnings  # the user is told, in the build's own report
    assert "The river trade" in words(result.output, 3)  # listed among the stories instead


def test_no_warning_without_a_page_that_shows_the_key_topic(issue: IssueFolder) -> None:
    small_issue(issue, contents=False)
    text = (issue.root / "issue.toml").read_text(encoding="utf-8")
    cover = 'front = { template = "cover", image = "images/cover.jpg", headline = "River economy" }'
    assert cover in text
    (issue.root / "issue.toml").write_text(text.replace(cover, 'front = { pdf = "supplied/u4.pdf" }'), "utf-8")
    issue.write("articles/river.md", article("The river trade", paragraphs(6), kicker="Economy"))
    loaded, layout = _loaded(issue)
    assert contents(loaded, layout, place(loaded)).notes == ()


def test_cover_names_the_story_when_it_words_it_differently(issue: IssueFolder) -> None:
    small_issue(issue)
    loaded, layout = _loaded(issue)
    key = contents(loaded, layout, place(loaded)).key_topic
    differs = cover_context("River economy", key, "en")  # the article is "The river economy"
    assert differs["headline"] == {"html": "River&nbsp;economy", "fit": ""}
    assert differs["story_title"] == "The river economy"
    assert cover_context("The River Economy", key, "en")["story_title"] is None
    assert cover_context(None, None, "en") == {"headline": None, "story_title": None}


def test_marked_key_topic_on_the_cover_and_the_contents_page(issue: IssueFolder, tmp_path: Path) -> None:
    """The reported case: an article renamed away from the issue's title and kicker. Marked in
    issue.toml, it is still the key topic: on the contents band and on the cover with its page."""
    small_issue(issue)
    lead = "Wo der Hafen wieder lebt."
    issue.write(
        "articles/viertel.md",
        article("Das Viertel am Hafen", paragraphs(5), kicker="Stadtteil", lead=lead, language="de-DE"),
    )
    toml = issue.root / "issue.toml"
    text = toml.read_text(encoding="utf-8")
    toml.write_text(
        text.replace('article = "articles/viertel.md"', 'article = "articles/viertel.md"\nkey_topic = true'),
        encoding="utf-8",
    )
    result = issue.build(out=tmp_path / "out")
    assert not [w for w in result.warnings if "key topic" in w.message]
    cover, contents_page = words(result.output, 1), words(result.output, 3)
    # The cover words the story as the issue's title does, so the way in names the article too.
    assert "River economy Wo der Hafen wieder lebt." in cover and "Das Viertel am Hafen Page 6" in cover
    band, stories = contents_page.split("STORIES")  # the band across the top, then the list
    assert band.startswith("Contents 6 ") and "Das Viertel am Hafen Wo der Hafen wieder lebt." in band
    assert "The river economy" in stories and "Das Viertel" not in stories


def test_a_pull_quote_never_stands_just_before_the_paragraph_it_quotes() -> None:
    sentence = "We measure distance in flight hours now, not in barge days."
    blocks = [f"<p>Paragraph {i} about the harbour and the river, long enough to count.</p>" for i in range(10)]
    blocks[6] = f"<p>Then she laughs. “{sentence}” The office is full.</p>"
    unaware = place_in_flow(blocks, [], True, 0, first=1900, page=6000, line=52)
    assert [i for i, a in enumerate(unaware) if a.quote] == [4]  # where it goes by position alone: right before
    after = place_in_flow(blocks, [], sentence, 0, first=1900, page=6000, line=52)
    (spot,) = [i for i, a in enumerate(after) if a.quote]
    assert not 6 - 3 < spot < 6
    assert spot >= 6  # after the sentence, as the reader met it
