"""The world of files: an issue reads only what is inside it, and runs no layout of its own."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import LAYOUTS, IssueFolder, article, paragraphs, photo, run_cli, small_issue, words

SECRET = "secret-of-this-machine"


def _build(issue: IssueFolder, out: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_cli("build", str(issue.root), "--out", str(out), "--layouts", str(LAYOUTS), "--jobs", "1", *args)


def _refused(result: subprocess.CompletedProcess[str], out: Path, *expected: str) -> None:
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    message = " ".join(result.stderr.split())
    for part in expected:
        assert part in message, f"{part!r} not in:\n{result.stderr}"
    assert not out.exists() or not any(out.iterdir()), "nothing may be written"


def _body_with(issue: IssueFolder, reference: str) -> None:
    small_issue(issue)
    river = issue.root / "articles/river.md"
    # The image sits on the fifth line of the body, after the front matter.
    body = "First paragraph.\n\nSecond paragraph.\n\n" + f"![The view]({reference})\n\n" + paragraphs(2)
    front = river.read_text(encoding="utf-8").split("---\n")[1]
    river.write_text(f"---\n{front}---\n{body}", encoding="utf-8")


@pytest.mark.parametrize(
    ("reference", "expected"),
    [
        ("../../../../tmp/secret.png", "points outside the issue folder"),
        ("/etc/hostname", "is an absolute path"),
        ("http://127.0.0.1:9/x.png", "is a URL"),
        ("https://example.org/x.png", "is a URL"),
        ("file:///etc/hostname", "is a URL"),
        ("data:image/png;base64,iVBORw0KGgo=", "is a URL"),
        ("images/not-there.jpg", "not found in the issue folder"),
    ],
)
def test_an_image_in_an_article_body_outside_the_issue_is_refused_with_its_line(
    issue: IssueFolder, tmp_path: Path, reference: str, expected: str
) -> None:
    _body_with(issue, reference)
    front_lines = (issue.root / "articles/river.md").read_text(encoding="utf-8").split("---\n")[1].count("\n")
    line = front_lines + 2 + 5  # the opening and closing `---`, then the body's fifth line
    _refused(_build(issue, tmp_path / "out"), tmp_path / "out", f"articles/river.md: line {line}", expected)


def test_an_image_in_an_article_body_inside_the_issue_is_printed(issue: IssueFolder, tmp_path: Path) -> None:
    _body_with(issue, "images/body%20view.jpg")
    photo(issue.root / "images/body view.jpg", (900, 600), seed=7)
    result = _build(issue, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    listed = subprocess.run(
        ["pdfimages", "-list", str(tmp_path / "out/vivid-1-2026-proof.pdf")], capture_output=True, text=True, check=True
    ).stdout
    sizes = {tuple(line.split()[3:5]) for line in listed.splitlines()[2:]}
    assert ("900", "600") in sizes  # the body's picture, as prepared for the proof


def test_a_symbolic_link_out_of_the_issue_is_refused(issue: IssueFolder, tmp_path: Path) -> None:
    small_issue(issue)
    outside = photo(tmp_path / "elsewhere/cover.jpg", (1800, 2560))
    (issue.root / "images/cover.jpg").unlink()
    (issue.root / "images/cover.jpg").symlink_to(outside)
    _refused(_build(issue, tmp_path / "out"), tmp_path / "out", "issue.toml: covers.front.image", "leads outside")


@pytest.mark.parametrize("name", ["../vivid", "vivid/../vivid", "/vivid", "a/b", ".."])
def test_a_layout_name_that_is_not_a_folder_name_is_refused(issue: IssueFolder, tmp_path: Path, name: str) -> None:
    small_issue(issue)
    manifest = issue.root / "issue.toml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace('layout = "vivid"', f'layout = "{name}"'))
    _refused(_build(issue, tmp_path / "out"), tmp_path / "out", "issue.toml: issue.layout", "is not a layout name")


def _project(tmp_path: Path) -> Path:
    """A project folder as a publisher keeps it: layouts/, fonts/ and icc/ beside its issues."""
    project = tmp_path / "project"
    shutil.copytree(LAYOUTS / "vivid", project / "layouts/vivid")
    for folder in ("fonts", "icc"):
        (project / folder).symlink_to(LAYOUTS.parent / folder)
    return project


def test_an_issue_folder_with_layouts_of_its_own_does_not_run_them(tmp_path: Path) -> None:
    project = _project(tmp_path)
    issue = small_issue(IssueFolder(project / "issues/first"))
    # A template that would run Python on the machine, shipped inside the issue folder.
    evil = issue.root / "layouts/vivid"
    shutil.copytree(project / "layouts/vivid", evil)
    (evil / "templates/cover.html.j2").write_text(
        "{{ self.__init__.__globals__.__builtins__.open('/etc/hostname').read() }} EVIL TEMPLATE", encoding="utf-8"
    )
    out = tmp_path / "out"
    result = run_cli("build", str(issue.root), "--out", str(out), "--jobs", "1")
    assert result.returncode == 0, result.stderr
    assert "EVIL TEMPLATE" not in words(out / "vivid-1-2026-proof.pdf")
    assert "River economy" in words(out / "vivid-1-2026-proof.pdf", 1)


def test_layouts_are_not_looked_for_inside_the_issue_folder(tmp_path: Path) -> None:
    issue = small_issue(IssueFolder(tmp_path / "lonely/issue"))
    shutil.copytree(LAYOUTS / "vivid", issue.root / "layouts/vivid")
    out = tmp_path / "out"
    result = run_cli("build", str(issue.root), "--out", str(out), "--jobs", "1")
    _refused(result, out, "issue.toml: issue.layout", "no layout 'vivid'")


def test_a_stylesheet_that_reaches_outside_the_layout_is_an_error_naming_the_slot(tmp_path: Path) -> None:
    project = _project(tmp_path)
    (tmp_path / "secret.png").write_bytes((LAYOUTS.parent / "issues/example/images/startup-team.png").read_bytes())
    css = project / "layouts/vivid/css/90-extra.css"
    css.write_text(
        f'.cover {{ background: url("{(tmp_path / "secret.png").as_uri()}"); }}\n'
        '.title { background-image: url("http://127.0.0.1:9/tracker.png"); }\n',
        encoding="utf-8",
    )
    issue = small_issue(IssueFolder(project / "issues/first"))
    out = tmp_path / "out"
    result = run_cli("build", str(issue.root), "--out", str(out), "--jobs", "1")
    _refused(result, out, "covers.front (U1)", "secret.png", "neither an image of the issue nor a file of the layout")
    assert "http://127.0.0.1:9/tracker.png" in " ".join(result.stderr.split())


def test_the_layouts_own_files_may_be_used_by_its_stylesheets(tmp_path: Path) -> None:
    project = _project(tmp_path)
    photo(project / "layouts/vivid/assets/texture.jpg", (300, 300), seed=4)
    (project / "layouts/vivid/css/90-extra.css").write_text(
        '.cover { background: url("../assets/texture.jpg"); }\n', encoding="utf-8"
    )
    issue = small_issue(IssueFolder(project / "issues/first"))
    issue.write("articles/note.md", article("A note", paragraphs(1)))
    out = tmp_path / "out"
    result = run_cli("build", str(issue.root), "--out", str(out), "--jobs", "1")
    assert result.returncode == 0, result.stderr
    # A background image is drawn through a pattern, which pdfimages does not list: walk the objects.
    reader = PdfReader(out / "vivid-1-2026-proof.pdf")
    images = set()
    for number in range(1, int(reader.trailer["/Size"])):
        thing = reader.get_object(number)
        if isinstance(thing, dict) and thing.get("/Subtype") == "/Image":
            images.add((int(thing["/Width"]), int(thing["/Height"])))
    assert (300, 300) in images
