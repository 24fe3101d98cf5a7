"""Language in the rendered PDF: house hyphenation, words that must not break, typography per language."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pyphen
from pypdf import PdfReader

from conftest import IssueFolder, article, words

GERMAN = (
    "Die Wirtschaftsförderung der Landeshauptstadt Düsseldorf und die Stadtentwicklungsgesellschaft "
    'beraten im Medienhafen, z.B. bei 5.000 Menschen und 450 Euro Miete. "Es geht voran", sagt sie. '
    "Mehr unter https://www.wirtschaftsfoerderung.example/gewerbeflaechenentwicklung oder "
    "kontakt@wirtschaftsfoerderung.example, und die NORDRHEINWESTFALENAGENTUR hilft. "
)
ENGLISH = (
    'The "harbour office" opened at 8 a.m. on 8 to 12 September; 5,000 people came, paying 450 euros '
    "for 70 hectares... It's the city's biggest fair - again. "
)


def _build(issue: IssueFolder, body: str, language: str, house: str | None = None, slots: int = 1) -> Path:
    slot = '[[flatplan]]\narticle = "articles/a.md"\ntemplate = "portrait"\npages = 2\n'
    issue.manifest(
        f"""
        [issue]
        magazine = "VIVID"
        number = "6/2026"
        date = 2026-07-01
        language = "{language}"
        layout = "vivid"

        [format]
        binding = "perfect"
        """
        + slot * slots
    )
    if house:
        issue.write(f"hyphenation/{language}.txt", house)
    issue.write("articles/a.md", article("Hafen", body))
    # Two slots on two workers: the house list reaches processes started before it was read. Its own
    # cache, so that the workers render whatever ran before.
    return issue.build(jobs=2, own_cache=True).output


def _flat(pdf: Path) -> str:
    """Text as pypdf extracts it (it keeps no-break and thin spaces, which poppler turns into plain
    spaces), line-end hyphens joined and lines run together."""
    raw = "\n".join(page.extract_text() for page in PdfReader(pdf).pages)
    raw = re.sub(r"[\u2010-]\n", "", raw).replace("\n", " ")
    # pypdf turns the stretched spaces of justified lines into several; a no-break space stays one.
    return re.sub(r" *([\u00a0\u202f]) *", r"\1", re.sub(r" +", " ", raw))


def _line_breaks(pdf: Path) -> list[tuple[str, str]]:
    """Words hyphenated at a line end, in poppler's reading of the content stream."""
    text = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    # A hyphen ending a page is followed by its folio in reading order, not by the rest of the word.
    return re.findall(r"(\w+)\u2010\n([^\W\d_]\w*)", text)


def test_german_breaks_follow_dictionary_and_house_list(issue: IssueFolder) -> None:
    house = "Wirt-schaftsförderung\nStadtentwicklungsgesellschaft\n"  # one break only; never break
    pdf = _build(issue, "\n\n".join([GERMAN * 2] * 6), "de-DE", house, slots=2)
    breaks = _line_breaks(pdf)
    assert len(breaks) >= 5
    dictionary = pyphen.Pyphen(lang="de_DE")
    for head, tail in breaks:
        word = head + tail
        assert word.lower() != "stadtentwicklungsgesellschaft", "a never-break word was broken"
        assert not word.isupper(), f"capitals broken: {head}-{tail}"
        if word.lower() == "wirtschaftsförderung":
            assert head == "Wirt", f"house list says Wirt-schaftsförderung, got {head}-{tail}"
        else:
            assert len(head) in dictionary.positions(word), f"{head}-{tail} is no de-DE break"
    raw = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    joined = re.sub(r"\s+", "", raw)  # a URL may wrap after a slash, but gets no hyphen
    assert joined.count("https://www.wirtschaftsfoerderung.example/gewerbeflaechenentwicklung") == 24
    assert joined.count("kontakt@wirtschaftsfoerderung.example") == 24
    assert "Stadtentwicklungsgesellschaft" in words(pdf)


def test_german_typography_in_the_pdf(issue: IssueFolder) -> None:
    pdf = _build(issue, GERMAN, "de-DE")
    raw = _flat(pdf)
    assert "„Es geht voran“" in raw
    assert "z.\u202fB." in raw
    assert "5.000\u00a0Menschen" in raw and "450\u00a0Euro" in raw


def test_english_typography_in_the_pdf(issue: IssueFolder) -> None:
    pdf = _build(issue, ENGLISH, "en")
    raw = _flat(pdf)
    assert "“harbour office”" in raw
    assert "It’s the city’s" in raw
    assert "12\u00a0September" in raw and "5,000\u00a0people" in raw and "450\u00a0euros" in raw
    assert "hectares…" in raw and "fair – again" in raw


def test_japanese_and_chinese_runs_in_latin_text(issue: IssueFolder) -> None:
    """CJK inside an English paragraph is set in the layout's CJK font and breaks between characters."""
    run = "駅前の商店街では毎朝八時に市場が開き、近所の人々が新鮮な野菜を買いに来ます。" * 3
    body = ("The lantern street greets visitors with " + run + " and then the text goes on in English. ") * 4
    pdf = _build(issue, body, "en")
    rows = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    names = {row.split()[0].split("+", 1)[-1] for row in rows}
    assert "Vivid-CJK" in names, names
    assert all(n.startswith("Vivid-") for n in names), names
    raw = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    lines = [line for line in raw.splitlines() if "駅" in line or "商" in line or "野菜" in line]
    assert len(lines) >= 6, "a long CJK run must wrap over several lines of a narrow column"
    assert "商店街" in raw.replace("\n", "")
