"""Characters the layout's fonts cannot set are named with the article and the code point."""

from __future__ import annotations

import pytest

from conftest import IssueFolder, article, paragraphs, small_issue
from vividprint.errors import VividError


def test_uncovered_character_is_reported(issue: IssueFolder) -> None:
    small_issue(issue)
    body = paragraphs(2) + "\nThe founder, Kim Ji-woo (김지우), spoke first.\n"
    issue.write("articles/river.md", article("The river economy", body, kicker="Key topic"))
    result = issue.build()  # a proof shows it as a warning
    (warning,) = [w for w in result.warnings if "no font of the layout" in w.message]
    assert warning.file == "articles/river.md"
    assert "U+AE40" in warning.message and "hangul" in warning.message
    with pytest.raises(VividError, match=r"articles/river.md: flatplan\[2\] \(en\): no font of the layout has '김'"):
        issue.build(profile="print")


def test_chinese_and_umlauts_are_covered(issue: IssueFolder) -> None:
    small_issue(issue)
    body = paragraphs(1) + "\nDüsseldorf’s „Wirtschaftsförderung“ met 日本 and 中国 firms — 5 000 m².\n"
    issue.write("articles/river.md", article("Grüße aus Düsseldorf", body))
    result = issue.build()
    assert not [w for w in result.warnings if "font" in w.message]
