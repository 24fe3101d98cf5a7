"""Parsed hyphenation dictionaries are cached per machine; house exceptions and soft hyphens."""

from __future__ import annotations

import re
from pathlib import Path

import pyphen
import pytest

from vividprint.errors import VividError
from vividprint.text.hyphenation import (
    Hyphenator,
    dictionary_path,
    house_lists,
    parse_exceptions,
    preload,
)
from vividprint.text.markdown import TextRules, render_body


def test_de_de_maps_to_the_german_dictionary() -> None:
    path = dictionary_path("de-DE")
    assert path is not None and path.name == "hyph_de_DE.dic"
    assert dictionary_path("xx-YY") is None


def test_pickled_dictionary_is_used_and_a_damaged_one_rebuilt(tmp_path: Path) -> None:
    path = dictionary_path("de-DE")
    assert path is not None
    pyphen.hdcache.pop(path, None)
    preload(["de-DE"], tmp_path)
    assert not list(tmp_path.iterdir())  # read on first use, not before
    first = pyphen.hdcache[path]
    assert pyphen.Pyphen(lang="de_DE").inserted("Wirtschaftsförderung") == "Wirt-schafts-för-de-rung"
    (pickled,) = tmp_path.glob("hyph_de_DE-*.pickle")

    pickled.write_bytes(pickled.read_bytes()[:100])
    pyphen.hdcache.pop(path)
    preload(["de-DE"], tmp_path)
    assert pyphen.hdcache[path] is not first
    assert pyphen.hdcache[path].positions("Wirtschaftsförderung") == first.positions("Wirtschaftsförderung")
    assert pickled.stat().st_size > 100_000


# --- house exceptions and soft hyphens -------------------------------------------------------------------

HOUSE_DE = """\
# VIVID house list
Düs-sel-dorf
Rhein-ufer-pro-me-na-de   # the patterns say "Rhei-n-u-fer"
Medienhafen               # never break
"""


def marked(hyphenator: Hyphenator, text: str) -> str:
    """`text` broken as WeasyPrint's `hyphens: auto` breaks it with these rules in force: each word looked up
    in pyphen's dictionary for the language, which install() has made the house dictionary. Breaks are
    shown as "|" so that expectations are readable. (Pango hands WeasyPrint words without the punctuation
    around them; URLs and compounds are kept whole by the text stage, see the keep-span tests.)"""
    hyphenator.install()
    language = pyphen.language_fallback(hyphenator.language.replace("-", "_"))
    dictionary = pyphen.Pyphen(lang=language, left=2, right=2)  # WeasyPrint's default hyphenate-limit-chars
    return re.sub(r"[^\W\d_][\w\u00ad]*(?:['’]\w+)?", lambda m: dictionary.inserted(m.group(), "|"), text)


def test_parse_exceptions_reads_breaks_never_break_words_and_comments() -> None:
    assert parse_exceptions(HOUSE_DE + "\n\n  Kö-nigs-al-lee  \n", "de-DE.txt") == {
        "düsseldorf": (3, 6),
        "rheinuferpromenade": (5, 9, 12, 14, 16),
        "medienhafen": (),
        "königsallee": (2, 6, 8),
    }


@pytest.mark.parametrize(
    ("line", "says"),
    [
        ("Rhein ufer", "space"),
        ("-Düsseldorf", "hyphen"),
        ("Düsseldorf-", "hyphen"),
        ("Düs--sel-dorf", "two hyphens"),
        ("K2-Gipfel", "only contain letters"),
    ],
)
def test_a_bad_exception_line_names_file_and_line(line: str, says: str) -> None:
    with pytest.raises(VividError) as caught:
        parse_exceptions(f"# list\nDüs-sel-dorf\n{line}\n", "layouts/vivid/hyphenation/de-DE.txt")
    (problem,) = caught.value.problems
    assert problem.file == "layouts/vivid/hyphenation/de-DE.txt"
    assert problem.place == "line 3"
    assert says in problem.message


def test_the_same_word_with_different_breaks_is_a_mistake() -> None:
    with pytest.raises(VividError, match="line 2"):
        parse_exceptions("Düs-sel-dorf\nDüssel-dorf\n", "de-DE.txt")


def test_later_house_lists_win(tmp_path: Path) -> None:
    layout = tmp_path / "layout.txt"
    issue = tmp_path / "issue.txt"
    layout.write_text("Düs-sel-dorf\nMedienhafen\n", encoding="utf-8")
    issue.write_text("Medi-en-ha-fen\n", encoding="utf-8")
    merged = parse_exceptions(layout.read_text(encoding="utf-8"), "layout.txt")
    merged.update(parse_exceptions(issue.read_text(encoding="utf-8"), "issue.txt"))
    assert merged == {"düsseldorf": (3, 6), "medienhafen": (4, 6, 8)}


def test_house_lists_general_first() -> None:
    lists = {"de-DE": Path("de-DE.txt"), "en": Path("en.txt"), "de": Path("de.txt")}
    assert house_lists(lists, "de-DE") == [Path("de.txt"), Path("de-DE.txt")]
    assert house_lists(lists, "en-GB") == [Path("en.txt")]
    assert house_lists(lists, "fr") == []


def test_bare_languages_use_the_country_dictionary() -> None:
    german = Hyphenator("de")
    assert german.language == "de-DE"
    assert german.dictionary is not None and german.dictionary.name == "hyph_de_DE.dic"
    english = Hyphenator("en")
    assert english.dictionary is not None and english.dictionary.name == "hyph_en_US.dic"
    british = Hyphenator("en-GB")
    assert british.dictionary is not None and british.dictionary.name == "hyph_en_GB.dic"


def test_house_exceptions_win_over_the_patterns() -> None:
    hyphenator = Hyphenator("de-DE", parse_exceptions(HOUSE_DE, "de-DE.txt"))
    text = "Die Rheinuferpromenade in DÜSSELDORF und Düsseldorf: der Medienhafen lebt."
    assert marked(hyphenator, text) == (
        "Die Rhein|ufer|pro|me|na|de in DÜSSELDORF und Düs|sel|dorf: der Medienhafen lebt."
    )


def test_house_exceptions_match_any_case_and_keep_it() -> None:
    hyphenator = Hyphenator("de-DE", {"düsseldorf": (3, 6)})
    assert marked(hyphenator, "düsseldorf") == "düs|sel|dorf"


def test_house_exceptions_apply_to_english_possessives() -> None:
    hyphenator = Hyphenator("en", {"königsallee": (2, 6, 8), "medienhafen": ()})
    assert marked(hyphenator, "Königsallee's shops and Medienhafen's towers") == (
        "Kö|nigs|al|lee's shops and Medienhafen's tow|ers"
    )


def test_dictionary_breaks_for_ordinary_words() -> None:
    hyphenator = Hyphenator("de-DE")
    assert marked(hyphenator, "Die Wirtschaftsförderung berät Gründer.") == (
        "Die Wirt|schafts|för|de|rung berät Grün|der."
    )
    english = Hyphenator("en")
    assert marked(english, "International development, don't worry.") == (
        "In|ter|na|tional de|vel|op|ment, don't worry."
    )


def test_words_in_capitals_with_digits_or_with_soft_hyphens_of_their_own_are_not_broken_by_the_dictionary() -> None:
    hyphenator = Hyphenator("de-DE")
    text = "Kleine Stadt, alter Hafen: VIVID über NRW, Wirtschafts- und Finanzpolitik, Covid19, Unter\u00adnehmen."
    assert marked(hyphenator, text) == (
        # A word before a suspended hyphen is an ordinary word to the dictionary: "Wirt-schafts-".
        "Kleine Stadt, alter Hafen: VIVID über NRW, Wirt|schafts- und Fi|nanz|po|li|tik, Covid19, Unter\u00adnehmen."
    )


def test_compounds_urls_and_addresses_are_kept_whole_by_the_text_stage() -> None:
    hyphenator = Hyphenator("de-DE")
    text = (
        "Die Rhein-Ruhr-Region und die Start-up-Szene, Online-Plattformen: mehr unter "
        "https://www.duesseldorf.de/wirtschaftsfoerderung oder wirtschaftsfoerderung@duesseldorf.de."
    )
    html = render_body(text, TextRules("de-DE", hyphenator)).html
    kept = re.findall(r'<span class="vp-keep">(.*?)</span>', html)
    assert kept == [
        "Rhein-Ruhr-Region",
        "Start-up-Szene",
        "Online-Plattformen",
        "https://www.duesseldorf.de/wirtschaftsfoerderung",
        "wirtschaftsfoerderung@duesseldorf.de",
    ]


def test_short_words_are_left_whole_unless_the_house_list_breaks_them() -> None:
    plain = Hyphenator("de-DE")
    assert marked(plain, "Hafen Markt Halle") == "Hafen Markt Halle"
    assert marked(Hyphenator("de-DE", min_word=5), "Hafen") == "Ha|fen"
    house = Hyphenator("de-DE", {"halle": (3,)})
    assert marked(house, "Hafen Markt Halle") == "Hafen Markt Hal|le"


@pytest.mark.parametrize(("name", "language"), [("de-DE.txt", "de-DE"), ("en.txt", "en")])
def test_the_vivid_house_lists_spell_their_words(name: str, language: str) -> None:
    path = Path(__file__).resolve().parents[1] / "layouts" / "vivid" / "hyphenation" / name
    exceptions = parse_exceptions(path.read_text(encoding="utf-8"), name)
    assert len(exceptions) >= 15
    hyphenator = Hyphenator(language, exceptions, min_word=1)
    for line in path.read_text(encoding="utf-8").splitlines():
        entry = line.split("#", 1)[0].strip()
        if entry:
            assert marked(hyphenator, entry.replace("-", "")).replace("|", "-") == entry


def test_a_dictionary_is_read_only_when_its_language_is_looked_up(tmp_path: Path) -> None:
    german, english = dictionary_path("de-DE"), dictionary_path("en-US")
    assert german is not None and english is not None
    for path in (german, english):
        pyphen.hdcache.pop(path, None)
    preload(["de-DE", "en-US"], tmp_path)
    assert pyphen.Pyphen(lang="en_US").inserted("hyphenation") == "hy-phen-ation"
    assert [p.name.split("-")[0] for p in tmp_path.iterdir()] == ["hyph_en_US"]
    assert "patterns" not in vars(pyphen.hdcache[german])
    for path in (german, english):
        pyphen.hdcache.pop(path, None)
