"""Starting a magazine without the repository: the wheel, `vividprint init`, `new-issue`, `new-article`,
and the command line's help.

The wheel is built from this checkout and installed into a virtual environment made for the test, outside
the repository and without this environment's packages: pip fetches the dependencies from the package
index (or takes them from its cache), as it would for a user. The built issue is read back with pypdf and
poppler's pdffonts.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader
from typer.testing import CliRunner

import vividprint
from conftest import ROOT, SESSION, cli_here, words
from vividprint.build import BuildOptions, build
from vividprint.cli import app

STARTER = "vividprint/_starter"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", str(dist), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    (built,) = dist.glob("vividprint-*.whl")
    return built


def _outside_env() -> dict[str, str]:
    """This environment without what would let the installed command import vividprint from the
    checkout: only the virtual environment's own packages count."""
    return {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}


def test_the_wheel_carries_the_layout_its_fonts_and_the_icc_profile_with_their_licences(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    layout = tomllib.loads((ROOT / "layouts/vivid/layout.toml").read_text(encoding="utf-8"))
    for font in layout["fonts"]:
        assert f"{STARTER}/fonts/{font['file']}" in names
    for family in {font["file"].split("/")[0] for font in layout["fonts"]}:
        licences = [n for n in names if n.startswith(f"{STARTER}/fonts/{family}/LICENSE")]
        assert licences, f"no licence beside the {family} fonts"
    assert f"{STARTER}/icc/ISOcoated_v2_300_bas.icc" in names
    assert f"{STARTER}/icc/ISOcoated_v2_300_bas.LICENSE.txt" in names
    for path in (ROOT / "layouts/vivid").rglob("*"):
        if path.is_file():
            assert f"{STARTER}/layouts/vivid/{path.relative_to(ROOT / 'layouts/vivid').as_posix()}" in names
    # The same bytes as the repository's, which keeps them once: nothing is copied into the source tree.
    with zipfile.ZipFile(wheel) as zipped:
        assert (
            zipped.read(f"{STARTER}/icc/ISOcoated_v2_300_bas.icc")
            == (ROOT / "icc/ISOcoated_v2_300_bas.icc").read_bytes()
        )
    assert not (ROOT / "src" / STARTER).exists()


def test_in_a_fresh_environment_the_installed_wheel_starts_a_magazine_that_builds(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    python, command = venv / "bin" / "python", str(venv / "bin" / "vividprint")
    env = _outside_env()
    installed = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--no-compile", str(wheel)],
        capture_output=True,
        text=True,
        env=env,
        timeout=900,
    )
    assert installed.returncode == 0, installed.stderr

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([command, *args], capture_output=True, text=True, cwd=tmp_path, env=env, timeout=600)

    where = subprocess.run(
        [
            str(python),
            "-c",
            "import vividprint, importlib.metadata as m; print(vividprint.__file__, m.version('vividprint'))",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        check=True,
    ).stdout.split()
    assert Path(where[0]).is_relative_to(venv)  # the installed package, not the checkout
    assert where[1] == vividprint.__version__
    assert run("--version").stdout.strip() == f"vividprint {vividprint.__version__}"

    made = run("init", "proj")
    assert made.returncode == 0, made.stderr
    assert "vividprint build proj/issues/first" in made.stdout
    for licence in ("fonts/inter/LICENSE.debian-copyright", "icc/ISOcoated_v2_300_bas.LICENSE.txt"):
        assert (tmp_path / "proj" / licence).is_file()

    built = run("build", "proj/issues/first", "--out", "out")
    assert built.returncode == 0, built.stderr
    assert "warning" not in built.stderr  # the first issue is a clean example: nothing to fix before one's own
    (pdf,) = (tmp_path / "out").glob("*-proof.pdf")
    reader = PdfReader(pdf)
    assert len(reader.pages) == 8
    assert reader.page_labels == ["U1", "U2", "1", "2", "3", "4", "U3", "U4"]
    assert "From files to pages" in words(pdf, 1)
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert fonts
    assert all(line.split()[-5] == "yes" for line in fonts), "a font not embedded:\n" + "\n".join(fonts)
    families = " ".join(line.split()[0] for line in fonts)
    for family in ("Vivid-Serif", "Vivid-Display", "Vivid-Sans"):
        assert family in families


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project made by `vividprint init`, the working directory its parent."""
    monkeypatch.chdir(tmp_path)
    made = cli_here("init", "harbour", "--magazine", "Harbour Light")
    assert made.returncode == 0, made.stderr
    return tmp_path / "harbour"


def _build(issue_dir: Path, out: Path):  # type: ignore[no-untyped-def]
    return build(BuildOptions(issue_dir=issue_dir, out_dir=out, jobs=1, cache_dir=SESSION.parts))


def test_init_names_the_magazine_and_writes_a_project_of_its_own(project: Path, tmp_path: Path) -> None:
    manifest = tomllib.loads((project / "issues/first/issue.toml").read_text(encoding="utf-8"))
    assert manifest["issue"]["magazine"] == "Harbour Light"
    assert (project / "layouts/vivid/layout.toml").read_bytes() == (ROOT / "layouts/vivid/layout.toml").read_bytes()
    assert sorted(p.name for p in project.iterdir()) == [".gitignore", "fonts", "icc", "issues", "layouts"]
    result = _build(project / "issues/first", tmp_path / "out")
    # The name on the cover, on one line and unbroken, however long: the masthead is set smaller instead.
    assert "Harbour Light" in words(result.output, 1)
    assert not [p for p in result.warnings if "data-fit" not in p.message]


def test_init_refuses_a_folder_that_is_not_empty_and_touches_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "notes.txt").write_text("my notes\n")
    result = cli_here("init", str(folder))
    assert result.returncode == 1
    assert "is not empty" in result.stderr and "overwrites nothing" in result.stderr
    assert [p.name for p in folder.iterdir()] == ["notes.txt"]
    assert (folder / "notes.txt").read_text() == "my notes\n"
    assert [p.name for p in tmp_path.iterdir()] == ["mine"]  # no half-made project left beside it

    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / ".gitignore").write_text("secret/\n")
    assert cli_here("init", str(repo)).returncode == 0  # hidden entries (a git repository) are no obstacle
    assert (repo / ".gitignore").read_text() == "secret/\n"


def test_new_issue_carries_the_magazine_over_and_passes_check(project: Path) -> None:
    imprint = project / "issues/first/articles/imprint.md"
    imprint.write_text(imprint.read_text(encoding="utf-8").replace("Your publishing house", "Quay Press"))
    result = cli_here(
        "new-issue", "harbour/issues/second", "--number", "2/2026", "--date", "2026-04-01", "--title", "Night trains"
    )
    assert result.returncode == 0, result.stderr
    second = project / "issues/second"
    meta = tomllib.loads((second / "issue.toml").read_text(encoding="utf-8"))
    assert meta["issue"]["magazine"] == "Harbour Light"
    assert meta["issue"]["number"] == "2/2026" and str(meta["issue"]["date"]) == "2026-04-01"
    assert meta["covers"]["front"]["headline"] == "Night trains"
    assert len(meta["covers"]) == 4 and [s.get("template") for s in meta["flatplan"]] == [
        "contents",
        "editorial",
        "feature",
    ]
    assert "Quay Press" in (second / "articles/imprint.md").read_text(encoding="utf-8")
    checked = cli_here("check", "harbour/issues/second")
    assert checked.returncode == 0, checked.stderr

    assert cli_here("new-issue", "harbour/issues/second").returncode == 1  # exists: refused
    outside = cli_here("new-issue", str(project.parent / "loose"))
    assert outside.returncode == 1 and "vividprint init" in outside.stderr


def test_new_article_appends_a_slot_keeping_the_manifest_as_written(project: Path, tmp_path: Path) -> None:
    issue_dir = project / "issues/first"
    manifest = issue_dir / "issue.toml"
    before = manifest.read_text(encoding="utf-8").replace(
        'title = "From files to pages"', 'title = "From files to pages"   # ours'
    )
    manifest.write_text(before, encoding="utf-8")
    result = cli_here(
        "new-article", str(issue_dir), "night-trains", "--title", "Sleepers: the return", "--kicker", "Travel"
    )
    assert result.returncode == 0, result.stderr
    assert "flatplan[4]" in result.stdout and "pages 5-8" in result.stdout
    after = manifest.read_text(encoding="utf-8")
    assert after.startswith(before)
    assert tomllib.loads(after)["flatplan"][-1] == {
        "article": "articles/night-trains.md",
        "template": "feature",
        "pages": 4,
    }
    text = (issue_dir / "articles/night-trains.md").read_text(encoding="utf-8")
    front = yaml.safe_load(text.split("---\n")[1])
    assert front["title"] == "Sleepers: the return" and front["kicker"] == "Travel"
    assert cli_here("check", str(issue_dir)).returncode == 0
    built = _build(issue_dir, tmp_path / "out")
    assert built.page_count == 12
    assert "Sleepers: the return" in words(built.output, 7)  # U1 U2 1 2 3 4, then page 5

    short = cli_here("new-article", str(issue_dir), "letters", "--pages", "2", "--template", "shorts")
    assert short.returncode == 0, short.stderr
    assert "14 pages" in short.stderr and "multiple of 4" in short.stderr


def test_new_article_puts_everything_back_when_the_issue_would_not_load(project: Path) -> None:
    issue_dir = project / "issues/first"
    before = (issue_dir / "issue.toml").read_bytes()
    typo = cli_here("new-article", str(issue_dir), "interview", "--template", "interviw")
    assert typo.returncode == 1
    assert "flatplan[4].template" in typo.stderr and "interview" in typo.stderr
    assert (issue_dir / "issue.toml").read_bytes() == before
    assert not (issue_dir / "articles/interview.md").exists()

    for args, says in (
        (["files-to-pages"], "exists already"),
        (["City_Hall"], "is not a slug"),
    ):
        result = cli_here("new-article", str(issue_dir), *args)
        assert result.returncode == 1 and says in result.stderr
        assert (issue_dir / "issue.toml").read_bytes() == before


def _help(*args: str) -> str:
    result = CliRunner().invoke(app, [*args, "--help"], env={"COLUMNS": "120", "NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize(
    "command",
    [[], ["build"], ["watch"], ["check"], ["init"], ["new-issue"], ["new-article"], ["server"], ["server", "stop"]],
)
def test_help_shows_arguments_by_name_and_flags_without_a_value(command: list[str]) -> None:
    text = _help(*command)
    usage = next(line for line in text.splitlines() if "Usage:" in line)
    assert "{" not in usage and "<bool>" not in text
    flags = [line for line in text.splitlines() if re.search(r"--(help|strict|marks|fallback|allow-overset)\b", line)]
    assert flags and all("<" not in line for line in flags)


def test_help_names_what_each_value_is() -> None:
    assert re.search(r"Usage: \S+ build \[OPTIONS\] ISSUE\s*$", _help("build"), re.MULTILINE)
    assert re.search(r"Usage: \S+ new-article \[OPTIONS\] ISSUE SLUG\s*$", _help("new-article"), re.MULTILINE)
    build_help = _help("build")
    for option, value in (("--out", "DIR"), ("--profile", "proof|print"), ("--jobs", "N"), ("--edition", "LANG")):
        assert re.search(rf"{option}\s.*{re.escape(value)}", build_help)


def test_version() -> None:
    result = cli_here("--version")
    assert result.returncode == 0 and result.stdout.strip() == f"vividprint {vividprint.__version__}"
