"""Property-based tests: whatever a manifest, a front matter, a Markdown body or a file name holds,
loading and planning the issue either succeeds or raises a VividError whose problems name a file and say
what is wrong. Any other exception is a crash a user would see as a bug.

Each property runs a few dozen examples here (the `ci` profile); scripts/fuzz.py runs them for minutes
with the `fuzz` profile. Both load and plan in this process: the stages that read what users write.
Rendering is exercised by the build tests and, for what the fuzz run found, by test_hostile.py.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import LAYOUTS, IssueFolder, small_issue
from vividprint.errors import VividError
from vividprint.inputs.files import World
from vividprint.inputs.load import load
from vividprint.plan import make_plan
from vividprint.profiles import get_profile

settings.register_profile(
    "ci", max_examples=25, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "fuzz", max_examples=int(os.environ.get("VIVIDPRINT_FUZZ_EXAMPLES", "2000")), deadline=None, database=None
)
settings.load_profile(os.environ.get("VIVIDPRINT_HYPOTHESIS", "ci"))

_BASE: dict[str, Path] = {}


def base_issue(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if "issue" not in _BASE:
        _BASE["issue"] = small_issue(IssueFolder(tmp_path_factory.mktemp("fuzz") / "issue")).root
    return _BASE["issue"]


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """A function giving a fresh copy of the small issue: each example takes one (a fixture is made once
    for all of a test's examples)."""
    base = base_issue(tmp_path_factory)
    counter = iter(range(10**9))
    root = tmp_path_factory.mktemp("examples")

    def copy() -> Path:
        target = root / str(next(counter))
        shutil.copytree(base, target)
        return target

    return copy


def load_and_plan(issue: Path) -> None:
    """Load and plan `issue` as a proof build does; a VividError must name the file of every problem."""
    try:
        world = World.open(issue, LAYOUTS)
        loaded, layout = load(world)
        make_plan(world, loaded, layout, get_profile("proof"), issue / ".vividprint-cache")
    except VividError as exc:
        assert exc.problems, "a VividError says what is wrong"
        for problem in exc.problems:
            assert problem.file.strip(), problem
            assert problem.message.strip(), problem
    finally:
        shutil.rmtree(issue, ignore_errors=True)


# --- what users write -----------------------------------------------------------------------------------

# Text as people paste it: letters of many scripts, Markdown's and TOML's and Rich's punctuation, controls.
_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), max_codepoint=0x1FFFF)
    | st.sampled_from("[]/\\*_#`!<>&\"'{}=\n\t\r\ufeff\x00"),
    max_size=200,
)
_SCALAR = st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.floats(allow_nan=True) | _TEXT
_VALUE = st.recursive(
    _SCALAR, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_TEXT, inner, max_size=4), max_leaves=12
)
_FRONT_KEYS = ["title", "kicker", "lead", "author", "photos", "language", "quote", "images"]


def _mutated(text: str, data: st.DataObject) -> str:
    """`text` with a few characters inserted, removed or replaced: a typo, a bad paste, a cut file."""
    for _ in range(data.draw(st.integers(1, 6))):
        at = data.draw(st.integers(0, len(text)))
        match data.draw(st.sampled_from(["insert", "delete", "replace", "cut"])):
            case "insert":
                text = text[:at] + data.draw(_TEXT) + text[at:]
            case "delete":
                text = text[:at] + text[at + data.draw(st.integers(1, 20)) :]
            case "replace":
                text = text[:at] + data.draw(_TEXT) + text[at + data.draw(st.integers(1, 20)) :]
            case "cut":
                text = text[:at]
    return text


@given(data=st.data())
def test_a_mutated_manifest_loads_or_is_named(fresh, data: st.DataObject) -> None:  # type: ignore[no-untyped-def]
    issue = fresh()
    manifest = issue / "issue.toml"
    manifest.write_text(_mutated(manifest.read_text(encoding="utf-8"), data), encoding="utf-8")
    load_and_plan(issue)


@given(front=st.dictionaries(st.sampled_from(_FRONT_KEYS) | _TEXT, _VALUE, max_size=6))
def test_any_front_matter_loads_or_is_named(fresh, front: dict) -> None:  # type: ignore[no-untyped-def]
    issue = fresh()
    body = "Some text of the article.\n"
    (issue / "articles/river.md").write_text("---\n" + yaml.safe_dump(front, allow_unicode=True) + "---\n" + body)
    load_and_plan(issue)


@given(data=st.data())
def test_a_mutated_article_loads_or_is_named(fresh, data: st.DataObject) -> None:  # type: ignore[no-untyped-def]
    issue = fresh()
    article = issue / "articles/river.md"
    article.write_text(_mutated(article.read_text(encoding="utf-8"), data), encoding="utf-8")
    load_and_plan(issue)


_MARKDOWN = st.lists(
    st.sampled_from(
        [
            "# ",
            "## ",
            "> ",
            "- ",
            "1. ",
            "* ",
            "**",
            "_",
            "`",
            "```\n",
            "[",
            "](",
            ")",
            "![",
            "<b>",
            "</b>",
            "&amp;",
            "---\n",
            "\n\n",
            "\n",
            "    ",
            "|",
            "\\",
            "word ",
            "Wörter ",
            "images/hero.jpg",
            "http://x",
            "\u00ad",
            "\u200b",
        ]
    )
    | _TEXT,
    max_size=60,
).map("".join)


@given(body=_MARKDOWN)
def test_any_markdown_body_loads_and_plans_or_is_named(fresh, body: str) -> None:  # type: ignore[no-untyped-def]
    issue = fresh()
    article = issue / "articles/river.md"
    head = article.read_text(encoding="utf-8").split("---\n")[1]
    article.write_text(f"---\n{head}---\n{body}", encoding="utf-8")
    load_and_plan(issue)


_NAME = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="/\0") | st.sampled_from(" .-[]\\"),
    min_size=1,
    max_size=60,
)


@given(name=_NAME)
def test_any_file_name_loads_or_is_named(fresh, name: str) -> None:  # type: ignore[no-untyped-def]
    issue = fresh()
    if name in (".", "..") or len(name.encode()) > 200:
        return
    target = issue / "articles" / name
    try:
        target.write_bytes((issue / "articles/river.md").read_bytes())
    except OSError:
        return  # a name this file system refuses: nobody can have such a file
    quoted = name.replace("\\", "\\\\").replace('"', '\\"')
    quoted = "".join(c if c.isprintable() or c == " " else f"\\u{ord(c):04x}" for c in quoted)
    manifest = issue / "issue.toml"
    manifest.write_text(
        manifest.read_text(encoding="utf-8").replace('"articles/river.md"', f'"articles/{quoted}"'), encoding="utf-8"
    )
    load_and_plan(issue)
