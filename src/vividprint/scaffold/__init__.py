"""Starting a magazine without the repository: `vividprint init`, `new-issue` and `new-article`.

The wheel carries the vivid layout, its fonts and the print profile under `vividprint/_starter/`; a source
checkout has them at the top of the repository, and uses those. Everything is written beside its final
place first and moved there when complete, and nothing that exists is overwritten: a folder that is not
empty, an article that exists already, a manifest that an edit would break are refused with the reason.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from ..disk import write_atomic
from ..errors import VividError
from ..inputs.files import LAYOUTS, World
from ..inputs.load import MANIFEST, load
from ..inputs.model import Issue
from .manifest import SLUG, layout_format, new_manifest, quoted, read_manifest, sibling_issue, with_slot
from .pictures import write_house_ads, write_picture

HERE = Path(__file__).parent
#: What a project holds besides its issues, as the starter has it.
PROJECT_PARTS = (f"{LAYOUTS}/vivid", "fonts", "icc")
COVER_SIZE = (2560, 3620)  # 300 ppi of an A4 page with 3 mm bleed
HERO_SIZE = (2600, 1760)
ADS = {
    "u2.pdf": (
        "Advertisement",
        "Your advertisement here.",
        "The inside front cover: replace supplied/u2.pdf with the advertiser's page, "
        "{trim} with {bleed} mm bleed, in CMYK, fonts embedded.",
    ),
    "u4.pdf": (
        "Advertisement",
        "The back cover is the best seat in the house.",
        "Replace supplied/u4.pdf with the page the advertiser supplies, {trim} with {bleed} mm bleed.",
    ),
}
GITIGNORE = "out/\n.vividprint-cache/\n"


def starter_root() -> Path:
    """The folder holding layouts/vivid, fonts/ and icc/ to copy into a new project."""
    packaged = Path(str(resources.files("vividprint"))) / "_starter"
    if (packaged / LAYOUTS / "vivid" / "layout.toml").is_file():
        return packaged
    checkout = HERE.parents[2]  # src/vividprint/scaffold -> the repository
    if (checkout / LAYOUTS / "vivid" / "layout.toml").is_file() and (checkout / "pyproject.toml").is_file():
        return checkout
    raise VividError.one("vividprint", "installation", "the starter layout is missing; reinstall vividprint")


@dataclass(frozen=True)
class Made:
    """What a scaffolding command wrote, and the issue it leaves ready to build."""

    root: Path
    issue: Issue
    pages: int


def init_project(target: Path, magazine: str | None = None, today: dt.date | None = None) -> Made:
    """A new project in `target` (new, or empty but for hidden entries such as .git): the vivid layout,
    its fonts and print profile, and issues/first, a small issue that builds without a warning."""
    target = Path(os.path.abspath(target))
    _refuse_unless_empty(target, "init")
    magazine = magazine or _name_of(target)
    today = today or dt.date.today()
    starter = starter_root()
    with _staged(target) as stage:
        for part in PROJECT_PARTS:
            shutil.copytree(starter / part, stage / part, ignore=shutil.ignore_patterns("__pycache__", ".*"))
        if not (target / ".gitignore").exists():
            (stage / ".gitignore").write_text(GITIGNORE, encoding="utf-8")
        issue_dir = stage / "issues" / "first"
        _write_issue(
            issue_dir,
            folder="issues/first",
            what=f"The first issue of {magazine}: covers, contents, an editorial and the cover story.",
            magazine=magazine,
            number=f"1/{today.year}",
            date=today,
            language="en",
            layout="vivid",
            title="From files to pages",
            story="files-to-pages",
            texts=HERE / "first" / "articles",
        )
        write_picture(issue_dir / "images" / "hills.jpg", HERO_SIZE, seed=7, palette="day")
        issue = _moved(_loaded(issue_dir), stage, target)
    return Made(target, issue, _pages(issue))


def new_issue(
    issue_dir: Path,
    *,
    number: str | None = None,
    date: dt.date | None = None,
    title: str | None = None,
    magazine: str | None = None,
    language: str | None = None,
    layout: str | None = None,
) -> Made:
    """A new issue folder inside a project: a manifest with covers and a flatplan to fill, an editorial
    and a cover story to write, a cover picture and placeholder advertisements to replace. Magazine,
    language and layout come from the latest issue beside it unless given, and so does its imprint."""
    issue_dir = Path(os.path.abspath(issue_dir))
    project = _project_of(issue_dir)
    _refuse_unless_empty(issue_dir, "new-issue")
    sibling = sibling_issue(issue_dir.parent, issue_dir)
    meta = sibling[1] if sibling else {}
    magazine = magazine or _text(meta.get("magazine")) or _name_of(project)
    language = language or _text(meta.get("language")) or "en"
    layout = layout or _text(meta.get("layout")) or _default_layout(project, issue_dir)
    with _staged(issue_dir) as stage:
        _write_issue(
            stage,
            folder=_shown(issue_dir),
            what=f"{magazine} {number or issue_dir.name}: write the articles, replace the cover picture and the ads.",
            magazine=magazine,
            number=number or issue_dir.name,
            date=date or dt.date.today(),
            language=language,
            layout=layout,
            title=title or "The key topic",
            story="cover-story",
            texts=HERE / "blank" / "articles",
            imprint=sibling[0] / "articles" / "imprint.md" if sibling else None,
            layout_toml=project / LAYOUTS / layout / "layout.toml",
        )
        issue = _moved(_loaded(stage), stage, issue_dir)
    return Made(issue_dir, issue, _pages(issue))


@dataclass(frozen=True)
class Added:
    article: Path
    slot: str  # flatplan[N]
    first_page: int
    issue: Issue
    pages: int  # the whole issue's, covers included
    translations: tuple[str, ...] = ()  # files the issue's other editions will look for


def new_article(
    issue_dir: Path,
    slug: str,
    *,
    title: str | None = None,
    template: str = "feature",
    pages: int = 4,
    kicker: str | None = None,
) -> Added:
    """articles/SLUG.md with front matter to fill, and a flatplan slot for it at the end of issue.toml.
    The issue is loaded again afterwards: if it does not load, both files are put back as they were."""
    manifest_path = issue_dir / MANIFEST
    if not manifest_path.is_file():
        raise VividError.one(str(issue_dir), "", f"no {MANIFEST} here; name an issue folder (new-issue makes one)")
    if not SLUG.match(slug):
        raise VividError.one(
            "SLUG", "", f"{slug!r} is not a slug: use lower-case letters, digits and hyphens, e.g. city-hall"
        )
    rel = f"articles/{slug}.md"
    article_path = issue_dir / rel
    if article_path.exists():
        raise VividError.one(rel, "", "exists already; choose another SLUG, or add its slot to issue.toml by hand")
    before = manifest_path.read_bytes()
    if read_manifest(manifest_path) is None:
        raise VividError.one(MANIFEST, "", "is not valid TOML; fix it (`vividprint check`) before adding an article")
    front = [f"title: {quoted(title or slug.replace('-', ' ').capitalize())}"]
    if kicker:
        front.append(f"kicker: {quoted(kicker)}")
    front += ['lead: "One or two sentences that open the article."', 'author: "Your name"']
    body = (
        "Write the article here, in Markdown: a blank line between paragraphs, two hash signs at the start "
        f"of a line for a crosshead. Its slot in issue.toml allots it {pages} page(s); the proof says when the text "
        "needs more or fewer.\n"
    )
    write_atomic(article_path, ("---\n" + "\n".join(front) + "\n---\n" + body).encode())
    try:
        write_atomic(manifest_path, with_slot(before.decode("utf-8"), rel, template, pages).encode())
        issue = _loaded(issue_dir)
    except BaseException:
        write_atomic(manifest_path, before)
        article_path.unlink(missing_ok=True)
        raise
    index = len(issue.flatplan)
    first = issue.first_page + sum(slot.pages for slot in issue.flatplan[:-1])
    others = tuple(f"articles/{slug}.{tag}.md" for tag in issue.editions if tag != issue.language)
    return Added(article_path, f"flatplan[{index}]", first, issue, _pages(issue), others)


def binding_note(issue: Issue, pages: int) -> str | None:
    """What the page count means for the binding, when it does not fit it."""
    binding = issue.binding
    if binding == "saddle-stitch" and pages % 4:
        return (
            f"the issue has {pages} pages, covers included; saddle-stitch binding needs a multiple of 4: "
            f"add {4 - pages % 4} or remove {pages % 4}, with a slot's `pages` or a slot more or less"
        )
    if binding == "perfect" and pages % 2:
        return f"the issue has {pages} pages; perfect binding needs an even count: add or remove one"
    return None


# --- the parts -------------------------------------------------------------------------------------


def _write_issue(
    root: Path,
    *,
    texts: Path,
    imprint: Path | None = None,
    layout_toml: Path | None = None,
    **manifest: object,
) -> None:
    (root / "articles").mkdir(parents=True, exist_ok=True)
    (root / MANIFEST).write_text(new_manifest(**manifest), encoding="utf-8")  # type: ignore[arg-type]
    for text in sorted(texts.glob("*.md")):
        shutil.copyfile(text, root / "articles" / text.name)
    if not (root / "articles" / "imprint.md").exists():
        shutil.copyfile(
            imprint if imprint and imprint.is_file() else HERE / "first/articles/imprint.md",
            root / "articles" / "imprint.md",
        )
    write_picture(root / "images" / "cover.jpg", COVER_SIZE, seed=3, palette="dusk")
    trim, bleed = layout_format(layout_toml) if layout_toml else ((210.0, 297.0), 3.0)
    size = f"{trim[0]:g} × {trim[1]:g} mm"
    fonts = starter_root() / "fonts"
    for name, (kicker, headline, copy) in ADS.items():
        page = (kicker, headline, copy.format(trim=size, bleed=f"{bleed:g}"))
        write_house_ads(root / "supplied" / name, [page], str(manifest["magazine"]), fonts, trim, bleed)


def _loaded(issue_dir: Path) -> Issue:
    issue, layout = load(World.open(issue_dir))
    # The binding that applies, the issue's or its layout's, kept where the notes about it look.
    return issue.model_copy(update={"binding": issue.binding or layout.binding})


def _pages(issue: Issue) -> int:
    return len(issue.covers) + sum(slot.pages for slot in issue.flatplan)


def _refuse_unless_empty(folder: Path, command: str) -> None:
    """Refuse a folder with anything in it but hidden entries (.git): nothing of the user's is overwritten."""
    if folder.exists() and not folder.is_dir():
        raise VividError.one(_shown(folder), "", f"is a file; {command} writes into a new folder: name one")
    if folder.is_dir() and any(not entry.name.startswith(".") for entry in folder.iterdir()):
        raise VividError.one(
            _shown(folder),
            "",
            f"is not empty; {command} writes only into a new or empty folder, so that it overwrites nothing: "
            "name another folder",
        )


def _project_of(issue_dir: Path) -> Path:
    for folder in Path(issue_dir).resolve().parents:
        if (folder / LAYOUTS).is_dir():
            return folder
    raise VividError.one(
        _shown(issue_dir),
        "",
        f"is in no project (no {LAYOUTS}/ folder above it): make one with `vividprint init DIR`, "
        "then a new issue inside it, e.g. DIR/issues/second",
    )


def _default_layout(project: Path, issue_dir: Path) -> str:
    names = sorted(p.name for p in (project / LAYOUTS).iterdir() if (p / "layout.toml").is_file())
    if "vivid" in names or not names:
        return "vivid"
    if len(names) == 1:
        return names[0]
    raise VividError.one(
        _shown(issue_dir), "--layout", f"the project has several layouts ({', '.join(names)}): name one with --layout"
    )


@contextmanager
def _staged(target: Path) -> Iterator[Path]:
    """A folder beside `target` to write into; removed unless its contents were moved to `target`."""
    target.parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.", suffix=".new"))
    try:
        yield stage
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def _moved(issue: Issue, stage: Path, target: Path) -> Issue:
    """Move the staged entries into `target` (each a rename on one file system) and return the issue
    as loaded from its final place, whose paths the caller reports."""
    target.mkdir(exist_ok=True)
    for entry in sorted(stage.iterdir()):
        entry.rename(target / entry.name)
    return _loaded(target / issue.root.relative_to(stage.resolve()))


def _name_of(folder: Path) -> str:
    words = Path(folder).resolve().name.replace("_", " ").replace("-", " ").split()
    return " ".join(word.capitalize() for word in words) or "My Magazine"


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _shown(path: Path) -> str:
    try:
        return Path(path).resolve().relative_to(Path.cwd()).as_posix() or "."
    except ValueError:
        return Path(path).as_posix()


__all__ = ["Added", "Made", "binding_note", "init_project", "new_article", "new_issue", "starter_root"]
