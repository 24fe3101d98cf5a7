"""Parsed hyphenation dictionaries are cached per machine; house exceptions and soft hyphens."""

from __future__ import annotations

from pathlib import Path

import pyphen
import pytest

from vividprint.errors import VividError
from vividprint.text.hyphenation import (
    Hyphenator,
    dictionary_path,
    house_lists,
    load_house_exceptions,
    parse_exceptions,
    preload,
)


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

SHY = "\u00ad"

HOUSE_DE = """\
# VIVID house list
Düs-sel-dorf
Rhein-ufer-pro-me-na-de   # the patterns say "Rhei-n-u-fer"
Medienhafen               # never break
"""


def marked(text: str) -> str:
    """Soft hyphens shown as "|" so that expectations are readable."""
    return text.replace(SHY, "|")


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
    merged = load_house_exceptions([layout, issue, tmp_path / "missing.txt"])
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
    assert marked(hyphenator.soft_hyphenate(text)) == (
        "Die Rhein|ufer|pro|me|na|de in DÜSSELDORF und Düs|sel|dorf: der Medienhafen lebt."
    )


def test_house_exceptions_match_any_case_and_keep_it() -> None:
    hyphenator = Hyphenator("de-DE", {"düsseldorf": (3, 6)})
    assert marked(hyphenator.soft_hyphenate("düsseldorf")) == "düs|sel|dorf"


def test_house_exceptions_apply_to_english_possessives() -> None:
    hyphenator = Hyphenator("en", {"königsallee": (2, 6, 8), "medienhafen": ()})
    assert marked(hyphenator.soft_hyphenate("Königsallee's shops and Medienhafen's towers")) == (
        "Kö|nigs|al|lee's shops and Medienhafen's tow|ers"
    )


def test_dictionary_breaks_for_ordinary_words() -> None:
    hyphenator = Hyphenator("de-DE")
    assert marked(hyphenator.soft_hyphenate("Die Wirtschaftsförderung berät Gründer.")) == (
        "Die Wirt|schafts|för|de|rung berät Grün|der."
    )
    english = Hyphenator("en")
    assert marked(english.soft_hyphenate("International development, don't worry.")) == (
        "In|ter|na|tional de|vel|op|ment, don't worry."
    )


def test_words_that_are_never_given_soft_hyphens() -> None:
    hyphenator = Hyphenator("de-DE")
    text = (
        "Kleine Stadt, alter Hafen: VIVID über NRW, die Rhein-Ruhr-Region und die Start-up-Szene, "
        "Wirtschafts- und Finanzpolitik, B2B-Plattformen, Covid19, Unter\u00adnehmen."
    )
    out = hyphenator.soft_hyphenate(text)
    assert marked(out) == (
        "Kleine Stadt, alter Hafen: VIVID über NRW, die Rhein-Ruhr-Region und die Start-up-Szene, "
        "Wirtschafts- und Fi|nanz|po|li|tik, B2B-Plattformen, Covid19, Unter|nehmen."
    )


def test_urls_and_email_addresses_get_no_soft_hyphens() -> None:
    hyphenator = Hyphenator("de-DE")
    text = (
        "Mehr unter https://www.duesseldorf.de/wirtschaftsfoerderung, www.unternehmensgruendung.de, "
        "duesseldorf.de/unternehmensgruendung oder wirtschaftsfoerderung@duesseldorf.de. Wirtschaftsförderung!"
    )
    assert marked(hyphenator.soft_hyphenate(text)) == (
        "Mehr unter https://www.duesseldorf.de/wirtschaftsfoerderung, www.unternehmensgruendung.de, "
        "duesseldorf.de/unternehmensgruendung oder wirtschaftsfoerderung@duesseldorf.de. Wirt|schafts|för|de|rung!"
    )


def test_short_words_are_left_whole_unless_the_house_list_breaks_them() -> None:
    plain = Hyphenator("de-DE")
    assert plain.soft_hyphenate("Hafen Markt Halle") == "Hafen Markt Halle"
    assert marked(Hyphenator("de-DE", min_word=5).soft_hyphenate("Hafen")) == "Ha|fen"
    house = Hyphenator("de-DE", {"halle": (3,)})
    assert marked(house.soft_hyphenate("Hafen Markt Halle")) == "Hafen Markt Hal|le"


def test_soft_hyphenating_twice_changes_nothing() -> None:
    hyphenator = Hyphenator("de-DE", parse_exceptions(HOUSE_DE, "de-DE.txt"))
    once = hyphenator.soft_hyphenate("Die Rheinuferpromenade und die Wirtschaftsförderung in Düsseldorf.")
    assert hyphenator.soft_hyphenate(once) == once


@pytest.mark.parametrize(("name", "language"), [("de-DE.txt", "de-DE"), ("en.txt", "en")])
def test_the_vivid_house_lists_spell_their_words(name: str, language: str) -> None:
    path = Path(__file__).resolve().parents[1] / "layouts" / "vivid" / "hyphenation" / name
    exceptions = load_house_exceptions([path])
    assert len(exceptions) >= 15
    hyphenator = Hyphenator(language, exceptions, min_word=1)
    for line in path.read_text(encoding="utf-8").splitlines():
        entry = line.split("#", 1)[0].strip()
        if entry:
            assert hyphenator.soft_hyphenate(entry.replace("-", "")).replace(SHY, "-") == entry


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
