"""Bad input: every mistake named with its file and place, all at once, exit 1, nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import LAYOUTS, IssueFolder, article, cli_here, small_issue
from vividprint.errors import VividError
from vividprint.inputs.files import World
from vividprint.inputs.load import load


def _replace(issue: IssueFolder, old: str, new: str, rel: str = "issue.toml") -> None:
    path = issue.root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _fails(issue: IssueFolder, tmp_path: Path, *expected: str) -> str:
    out = tmp_path / "out"
    # In this process: what is wrong is found before anything renders, and a new process for each case
    # would cost more than the case (test_build.py runs the installed command).
    result = cli_here("build", str(issue.root), "--out", str(out), "--layouts", str(LAYOUTS))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    message = " ".join(result.stderr.split())  # rich may wrap long lines
    for part in expected:
        assert part in message, f"{part!r} not in:\n{result.stderr}"
    assert not out.exists() or not any(out.iterdir()), "no output may be left behind"
    return message


BAD_INPUTS = {
    "bad toml": (lambda i: _replace(i, 'magazine = "VIVID"', 'magazine = "VIVID'), ["issue.toml", "not valid TOML"]),
    "unknown key": (
        lambda i: _replace(i, "pages = 3", "pages = 3\npagse = 2"),
        ["issue.toml: flatplan[2].pagse", "unknown key"],
    ),
    "pages not positive": (
        lambda i: _replace(i, "pages = 3", "pages = 0"),
        ["issue.toml: flatplan[2].pages: must be a positive whole number"],
    ),
    "missing article": (
        lambda i: _replace(i, "articles/river.md", "articles/rivers.md"),
        ["issue.toml: flatplan[2].article", "'articles/rivers.md' not found"],
    ),
    "missing image": (
        lambda i: _replace(i, "images/hero.jpg", "images/hero-missing.jpg", "articles/river.md"),
        ["articles/river.md: images[1].src", "'images/hero-missing.jpg' not found"],
    ),
    "unknown template": (
        lambda i: _replace(i, 'template = "feature"', 'template = "featuer"'),
        ["issue.toml: flatplan[2].template", "no template 'featuer'", "feature"],
    ),
    "path outside": (
        lambda i: _replace(i, "articles/river.md", "../../etc/passwd"),
        ["issue.toml: flatplan[2].article", "outside the issue folder"],
    ),
    "missing supplied pdf": (
        lambda i: _replace(i, 'pdf = "supplied/ad.pdf"\n\n', 'pdf = "supplied/gone.pdf"\n\n'),
        ["issue.toml: flatplan[3].pdf", "'supplied/gone.pdf' not found"],
    ),
    "unknown front matter key": (
        lambda i: _replace(i, "kicker: Key topic", "kickr: Key topic", "articles/river.md"),
        ["articles/river.md: kickr", "unknown key"],
    ),
    "bad front matter yaml": (
        lambda i: _replace(i, "kicker: Key topic", "kicker: [Key topic", "articles/river.md"),
        ["articles/river.md: line", "not valid YAML"],
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_is_named_and_nothing_is_written(issue: IssueFolder, tmp_path: Path, case: str) -> None:
    small_issue(issue)
    before = {p: p.read_bytes() for p in issue.root.rglob("*") if p.is_file()}
    mutate, expected = BAD_INPUTS[case]
    mutate(issue)
    touched = {p for p in before if p.read_bytes() != before[p]}
    _fails(issue, tmp_path, *expected)
    after = {p: p.read_bytes() for p in issue.root.rglob("*") if p.is_file() and p in before}
    assert {p for p in before if after.get(p) != before[p]} == touched, "source files must not change"


def test_all_problems_reported_together(issue: IssueFolder) -> None:
    small_issue(issue)
    _replace(issue, "articles/river.md", "articles/nope.md")
    _replace(issue, 'template = "feature"', 'template = "nosuch"')
    _replace(issue, "images/cover.jpg", "images/nocover.jpg")
    with pytest.raises(VividError) as info:
        load(World.open(issue.root, LAYOUTS))
    places = {p.place for p in info.value.problems}
    assert {"flatplan[2].article", "covers.front.image"} <= places
    assert any(p.place.endswith(".template") for p in info.value.problems)


def test_unknown_layout_is_named(issue: IssueFolder) -> None:
    small_issue(issue)
    _replace(issue, 'layout = "vivid"', 'layout = "glossy"')
    with pytest.raises(VividError, match=r"issue.toml: issue.layout: no layout 'glossy'"):
        load(World.open(issue.root, LAYOUTS))


def test_slot_needs_a_source(issue: IssueFolder) -> None:
    small_issue(issue)
    _replace(issue, 'pdf = "supplied/ad.pdf"\n\n', "pages = 1\n\n")
    with pytest.raises(VividError, match=r"flatplan\[3\]: needs `template`, `article` or `pdf`"):
        load(World.open(issue.root, LAYOUTS))


def test_article_without_front_matter(issue: IssueFolder) -> None:
    small_issue(issue)
    issue.write("articles/river.md", "Just text.\n")
    with pytest.raises(VividError, match=r"articles/river.md: line 1: must start with a front-matter block"):
        load(World.open(issue.root, LAYOUTS))


def test_article_language_defaults_to_issue(issue: IssueFolder) -> None:
    small_issue(issue)
    loaded, layout = load(World.open(issue.root, LAYOUTS))
    languages = {s.article.src: s.article.language for s in loaded.flatplan if s.article}
    assert languages == {"articles/river.md": "en", "articles/viertel.md": "de-DE"}
    assert layout.name == "vivid"


def test_image_that_is_not_an_image(issue: IssueFolder) -> None:
    small_issue(issue)
    (issue.root / "images/hero.jpg").write_bytes(b"not a jpeg")
    issue.write("articles/river.md", article("T", "Text.\n", images=[{"src": "images/hero.jpg"}]))
    expected = r"articles/river.md: images\[1\].src: 'images/hero.jpg' is not a picture vividprint reads"
    with pytest.raises(VividError, match=expected):
        load(World.open(issue.root, LAYOUTS))


def test_key_topic_marks_one_article_slot(issue: IssueFolder) -> None:
    small_issue(issue)
    _replace(issue, 'article = "articles/viertel.md"', 'article = "articles/viertel.md"\nkey_topic = true')
    loaded, _ = load(World.open(issue.root, LAYOUTS))
    assert [s.key for s in loaded.flatplan if s.key_topic] == ["flatplan[4]"]


def test_key_topic_twice_or_without_an_article_is_an_error(issue: IssueFolder) -> None:
    small_issue(issue)
    _replace(issue, 'article = "articles/river.md"', 'article = "articles/river.md"\nkey_topic = true')
    _replace(issue, 'article = "articles/viertel.md"', 'article = "articles/viertel.md"\nkey_topic = true')
    _replace(issue, 'pdf = "supplied/ad.pdf"\n\n', 'pdf = "supplied/ad.pdf"\nkey_topic = true\n\n')
    with pytest.raises(VividError) as info:
        load(World.open(issue.root, LAYOUTS))
    found = {str(p) for p in info.value.problems}
    assert "issue.toml: flatplan[4].key_topic: an issue has one key topic, and flatplan[2] is marked already" in found
    assert "issue.toml: flatplan[3].key_topic: the key topic is an article, and this slot has none" in found


def test_layout_names_page_types_it_has(issue: IssueFolder, tmp_path: Path) -> None:
    """A typo in the layout's [flow] or [stories] tables is named, not silently ignored."""
    import shutil

    layouts = tmp_path / "layouts"
    shutil.copytree(LAYOUTS, layouts)
    (tmp_path / "fonts").symlink_to(LAYOUTS.parent / "fonts")
    (tmp_path / "icc").symlink_to(LAYOUTS.parent / "icc")
    toml = layouts / "vivid/layout.toml"
    text = toml.read_text(encoding="utf-8").replace("[flow.portrait]", "[flow.portriat]")
    toml.write_text(text.replace('"interview", "portrait"]', '"interveiw", "portrait"]'), encoding="utf-8")
    small_issue(issue)
    with pytest.raises(VividError) as info:
        load(World.open(issue.root, layouts))
    found = " ".join(str(p) for p in info.value.problems)
    assert "layouts/vivid/layout.toml: flow.portriat: no template 'portriat' in templates/" in found
    assert "layouts/vivid/layout.toml: stories.page_types[2]: no template 'interveiw'" in found
