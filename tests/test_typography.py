"""Quotes, dashes, ellipses and no-break spaces in English and German text runs."""

from __future__ import annotations

import pytest

from vividprint.text.typography import smarten

NB = "\u00a0"  # no-break space
NN = "\u202f"  # narrow no-break space


# --- quotes and apostrophes ---------------------------------------------------------------------------


def test_english_double_and_single_quotes() -> None:
    text = "\"We moved here for the talent,\" says the founder. 'Düsseldorf is the gateway to Europe.'"
    assert smarten(text, "en") == (
        "“We moved here for the talent,” says the founder. ‘Düsseldorf is the gateway to Europe.’"
    )


def test_german_double_and_single_quotes() -> None:
    text = "Sie sagt: \"Der Slogan 'Made in Düsseldorf' zieht noch immer.\""
    assert smarten(text, "de-DE") == "Sie sagt: „Der Slogan ‚Made in Düsseldorf‘ zieht noch immer.“"


def test_english_apostrophes() -> None:
    text = "The founders' plan didn't change in the '90s, when rock 'n' roll bars lined the Altstadt."
    assert smarten(text, "en-GB") == (
        "The founders’ plan didn’t change in the ’90s, when rock ’n’ roll bars lined the Altstadt."
    )


def test_german_apostrophes_are_not_closing_quotes() -> None:
    text = "Wie geht's? Hans' Büro liegt am Rhein, seit den '90ern; 'ne Menge hat sich getan."
    assert smarten(text, "de") == "Wie geht’s? Hans’ Büro liegt am Rhein, seit den ’90ern; ’ne Menge hat sich getan."


def test_quote_after_a_bracket_or_dash_opens() -> None:
    assert smarten('The slogan ("Live the Rhine") works -"mostly".', "en") == (
        "The slogan (“Live the Rhine”) works -“mostly”."
    )


def test_quote_at_the_start_of_a_run_closes_before_punctuation() -> None:
    # The run follows emphasis: *Rheinische Post*", the paper wrote.
    assert smarten('", the paper wrote.', "en") == "”, the paper wrote."
    assert smarten('"Wir bleiben"', "de") == "„Wir bleiben“"


def test_typographic_quotes_are_left_alone() -> None:
    assert smarten("„Wir bleiben“, sagt sie. “We stay,” she says.", "de") == (
        "„Wir bleiben“, sagt sie. “We stay,” she says."
    )
    # An already typographic German opening quote is closed by a straight one with the German closing quote.
    assert smarten("Das ‚Kö-Gefühl' ist zurück.", "de") == "Das ‚Kö-Gefühl‘ ist zurück."


# --- dashes and ellipses --------------------------------------------------------------------------------


def test_number_ranges_get_an_en_dash() -> None:
    text = "Open 10-12 and 14-18 daily, from 1990-2000 the harbour was quiet (see pp. 4-7)."
    assert smarten(text, "en") == (
        f"Open 10–12 and 14–18 daily, from 1990–2000 the harbour was quiet (see pp.{NB}4–7)."
    )
    assert smarten("Sprechstunde 9:30-12:00 Uhr", "de") == f"Sprechstunde 9:30–12:00{NB}Uhr"
    assert smarten("Die Messe läuft vom 1.-3. Oktober.", "de") == f"Die Messe läuft vom 1.–3.{NB}Oktober."


@pytest.mark.parametrize(
    "text",
    [
        "Call 0211-899-4000 for tickets.",
        "The report dated 2024-05-12 is online.",
        "VIVID is registered as ISSN 1234-5678.",
        "Tel. 0211 899-4000, Fax: +49 (0)211 89-0",
        "Die Corona-Jahre und COVID-19 haben die Altstadt verändert.",
    ],
)
def test_hyphens_that_are_not_ranges_stay(text: str) -> None:
    assert smarten(text, "en") == text


def test_spaced_hyphen_becomes_a_spaced_en_dash() -> None:
    assert smarten("The Kö - Düsseldorf's boulevard - is busy.", "en") == "The Kö – Düsseldorf’s boulevard – is busy."
    assert smarten("Der Rhein - und sonst?", "de") == "Der Rhein – und sonst?"
    # A hyphen inside a word is not a dash.
    assert smarten("Rhein-Ruhr-Region", "de") == "Rhein-Ruhr-Region"


def test_three_dots_become_an_ellipsis() -> None:
    assert smarten("And then... the river rose.", "en") == "And then… the river rose."


# --- no-break spaces ----------------------------------------------------------------------------------


def test_no_break_space_between_number_and_unit_english() -> None:
    text = "The park covers 70 hectares, employs 5,000 people and cost 3.5 million euros; at 20 °C and 5 per cent."
    assert smarten(text, "en") == (
        f"The park covers 70{NB}hectares, employs 5,000{NB}people and cost 3.5{NB}million euros; "
        f"at 20{NB}°C and 5{NB}per{NB}cent."
    )


def test_no_break_space_between_number_and_unit_german() -> None:
    text = "Der Neubau hat 450 Arbeitsplätze für 5.000 Menschen, kostet 12 Mio. Euro und 450 Euro je 10 m²."
    assert smarten(text, "de") == (
        f"Der Neubau hat 450{NB}Arbeitsplätze für 5.000{NB}Menschen, kostet 12{NB}Mio. Euro und "
        f"450{NB}Euro je 10{NB}m²."
    )


def test_units_only_as_whole_words() -> None:
    # "m" and "min" are units, "men" and "minutes" are not (and need no rule: they are words).
    assert smarten("Some 5 men in 5 minutes.", "en") == "Some 5 men in 5 minutes."


def test_currency_before_a_number() -> None:
    assert smarten("Tickets cost € 45 or $ 50.", "en") == f"Tickets cost €{NB}45 or ${NB}50."


def test_day_and_month() -> None:
    assert smarten("The fair runs 8 to 12 September.", "en") == f"The fair runs 8 to 12{NB}September."
    assert smarten("Die Messe beginnt am 12. September und endet im März.", "de") == (
        f"Die Messe beginnt am 12.{NB}September und endet im März."
    )


def test_titles_and_page_numbers() -> None:
    text = "Dr. Smith met Mr Jones and Prof Ito; see p. 12 and No. 5."
    assert smarten(text, "en") == f"Dr.{NB}Smith met Mr{NB}Jones and Prof{NB}Ito; see p.{NB}12 and No.{NB}5."
    assert smarten("Laut Dr. Müller, S. 12, Nr. 5", "de") == f"Laut Dr.{NB}Müller, S.{NB}12, Nr.{NB}5"


def test_german_abbreviations_get_a_narrow_no_break_space() -> None:
    text = "Start-ups, z.B. aus Japan, d. h. auch Konzerne, u. a. Henkel; Z. B. die Messe."
    assert smarten(text, "de") == (
        f"Start-ups, z.{NN}B. aus Japan, d.{NN}h. auch Konzerne, u.{NN}a. Henkel; Z.{NN}B. die Messe."
    )
    # English text keeps them as they are (they are not English abbreviations).
    assert smarten("z.B. stays", "en") == "z.B. stays"


# --- protected spans --------------------------------------------------------------------------------------


def test_urls_and_email_addresses_are_left_alone() -> None:
    text = (
        'Details: "https://vivid-magazin.de/archiv/2019...2024/10-12/" or www.duesseldorf.de/messe-2024-25, '
        "mail jo.o'neill@vivid-magazin.de - or see duesseldorf.de/10-12..."
    )
    assert smarten(text, "en") == (
        "Details: “https://vivid-magazin.de/archiv/2019...2024/10-12/” or www.duesseldorf.de/messe-2024-25, "
        "mail jo.o'neill@vivid-magazin.de – or see duesseldorf.de/10-12…"
    )


def test_quotes_around_a_url_are_still_made_typographic() -> None:
    assert smarten('Siehe "www.vivid-magazin.de".', "de") == "Siehe „www.vivid-magazin.de“."


# --- idempotence ----------------------------------------------------------------------------------------------

SAMPLES = [
    ("en", "\"It's the '90s again,\" says Dr Smith - 5,000 people, 10-12 September... see p. 4-7."),
    ("en", "'Quotes' inside \"quotes\", the founders' plan, www.example.com and a@b.de."),
    ("de", "\"Das 'Kö-Gefühl' ist zurück\", sagt sie - z.B. 12. März, 3,5 Mio. Euro, S. 12, ca. 300 Menschen."),
    ("de", "Wie geht's? Hans' Büro, 'ne Menge, ISSN 1234-5678, 0211-123-456, 70 Hektar..."),
]


@pytest.mark.parametrize(("lang", "text"), SAMPLES)
def test_smarten_is_idempotent(lang: str, text: str) -> None:
    once = smarten(text, lang)
    assert once != text
    assert smarten(once, lang) == once


@pytest.mark.parametrize(
    ("markdown", "language", "expected"),
    [
        ('"**Wir** bleiben", sagt sie.', "de-DE", "„<strong>Wir</strong> bleiben“, sagt sie."),
        ('Er sagt *"hallo"* und "*Titel*".', "de-DE", "Er sagt <em>„hallo“</em> und „<em>Titel</em>“."),
        ('"`code`" und "[hier](https://example.org)".', "de-DE", "„<code>code</code>“ und „<a"),
        ('"**We** stay", she says.', "en", "“<strong>We</strong> stay”, she says."),
        ("He called it *'the quarter'*, didn't he?", "en", "<em>‘the quarter’</em>, didn’t he?"),
    ],
)
def test_quotes_around_markup_are_set_as_one_pair(markdown: str, language: str, expected: str) -> None:
    from vividprint.text.markdown import TextRules, render_body

    html = render_body(markdown, TextRules(language)).html
    assert expected in html
    assert html.count("„") == html.count("“") if language == "de-DE" else html.count("“") == html.count("”")
