"""One flatplan, two languages: each edition read from its own files and built to its own PDF."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import LAYOUTS, SESSION, IssueFolder, article, paragraphs, pdftotext, run_cli, words
from vividprint.errors import VividError

EN = "The harbour office opened at seven and the first delegations were already waiting outside. "
DE = "Das Hafenbüro öffnete um sieben, und die ersten Delegationen warteten bereits vor der Tür. "


def _two_editions(issue: IssueFolder, *, translate_second: bool = True) -> None:
    issue.manifest(
        """
        [issue]
        magazine = "VIVID"
        number = "5/2026"
        date = 2026-06-01
        language = "en"
        editions = ["en", "de-DE"]
        layout = "vivid"
        title = { en = "Harbour economy", de-DE = "Hafenwirtschaft" }

        [format]
        binding = "perfect"

        [[flatplan]]
        template = "contents"
        pages = 1

        [[flatplan]]
        article = "articles/harbour.md"
        template = "feature"
        pages = 2

        [[flatplan]]
        article = "articles/trade.md"
        template = "feature"
        pages = 1
        """
    )
    issue.write("articles/harbour.md", article("The harbour at dawn", paragraphs(3, EN), kicker="Economy"))
    issue.write(
        "articles/harbour.de.md",
        article("Der Hafen im Morgengrauen", paragraphs(3, DE), kicker="Wirtschaft", language="de-DE"),
    )
    issue.write("articles/trade.md", article("Trade", paragraphs(1, EN)))
    if translate_second:
        issue.write("articles/trade.de-DE.md", article("Handel", paragraphs(1, DE), language="de-DE"))


def test_each_edition_in_its_language(issue: IssueFolder, tmp_path: Path) -> None:
    _two_editions(issue)
    out = tmp_path / "out"
    cache = str(SESSION.parts)
    result = run_cli("build", str(issue.root), "--out", str(out), "--layouts", str(LAYOUTS), "--cache", cache)
    assert result.returncode == 0, result.stderr
    english, german = out / "vivid-5-2026-en-proof.pdf", out / "vivid-5-2026-de-de-proof.pdf"
    assert english.is_file() and german.is_file()
    en_text, de_text = words(english), words(german)
    assert "The harbour at dawn" in en_text and "Der Hafen im Morgengrauen" not in en_text
    assert "Der Hafen im Morgengrauen" in de_text and "The harbour at dawn" not in de_text
    assert "Handel" in de_text and "Delegationen" in de_text
    # the German edition's contents page lists the German titles
    assert "Der Hafen im Morgengrauen" in words(german, 1)
    # text given per edition in issue.toml follows the edition too
    assert PdfReader(english).metadata.title == "VIVID 5/2026 – Harbour economy"
    assert PdfReader(german).metadata.title == "VIVID 5/2026 – Hafenwirtschaft"


def test_one_edition_on_request(issue: IssueFolder) -> None:
    _two_editions(issue)
    result = issue.build(edition="de-DE")
    assert result.output.name == "vivid-5-2026-de-de-proof.pdf"


def test_missing_translation_names_article_and_edition(issue: IssueFolder) -> None:
    _two_editions(issue, translate_second=False)
    with pytest.raises(VividError) as info:
        issue.build(edition="de-DE")
    (problem,) = info.value.problems
    assert problem.file == "articles/trade.md" and problem.place == "edition de-DE"
    assert "trade.de-DE.md" in problem.message and "--fallback" in problem.message


def test_fallback_uses_the_main_language_and_warns(issue: IssueFolder) -> None:
    _two_editions(issue, translate_second=False)
    result = issue.build(edition="de-DE", fallback=True)
    assert any(w.file == "articles/trade.md" and "main language is used" in w.message for w in result.warnings)
    assert "Trade" in pdftotext(result.output)


def test_unknown_edition(issue: IssueFolder) -> None:
    _two_editions(issue)
    with pytest.raises(VividError, match=r"issue.toml: issue.editions: the issue has no edition 'fr'"):
        issue.build(edition="fr")


def test_overset_is_checked_per_edition(issue: IssueFolder) -> None:
    _two_editions(issue)
    issue.write(
        "articles/trade.de-DE.md", article("Handel", paragraphs(40, DE), language="de-DE")
    )  # German runs longer
    issue.build(edition="en")
    with pytest.raises(VividError, match=r"articles/trade.de-DE.md: flatplan\[3\] \(page 4\): overset"):
        issue.build(edition="de-DE")


def test_main_edition_prefers_its_own_translation(issue: IssueFolder) -> None:
    """An article written in German for the English issue has an English edition beside it."""
    _two_editions(issue)
    issue.write("articles/trade.md", article("Handel am Rhein", paragraphs(1, DE), language="de-DE"))
    issue.write("articles/trade.en.md", article("Trade on the Rhine", paragraphs(1, EN), language="en"))
    issue.write("articles/trade.de-DE.md", article("Handel am Rhein", paragraphs(1, DE), language="de-DE"))
    english = words(issue.build(edition="en").output)
    assert "Trade on the Rhine" in english and "Handel am Rhein" not in english
    (issue.root / "articles/trade.de-DE.md").unlink()
    german = words(issue.build(edition="de-DE").output)  # the main file is German already
    assert "Handel am Rhein" in german
