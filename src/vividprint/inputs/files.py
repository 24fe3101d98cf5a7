"""The world of files a build may read: the issue folder and the project that holds its layout.

Every stage reads its inputs through a `World`, as Typst's compiler reads through its `World`: paths are
resolved once, and a path that leaves its root (`..`, an absolute path, a symbolic link that points out,
a URL of any scheme) is refused with the file and place that named it. An issue folder comes from
outside (freelancers, agencies); the project (layouts/, fonts/, icc/) is the publisher's own.

The project is the folder holding `layouts/`: the one given with --layouts, else the nearest one above
the issue folder. It is never looked for inside the issue folder, so an issue cannot bring templates of
its own (Jinja templates can run any Python).

Digests are kept per file by stat stamp (mtime and size), once per process: the build server and `watch`
read the same fonts and stylesheets build after build.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from pypdf import PdfReader

from ..errors import Problems, VividError

LAYOUTS = "layouts"
#: A layout is named by a plain folder name; `@` is allowed for a pinned version (`vivid@2025.2`).
LAYOUT_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]*$")
#: `scheme:` at the start of a reference: http:, file:, data:, C: ... none of them is a path in the issue.
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
#: Text files larger than this are not read: no article, manifest or list is anywhere near it.
MAX_TEXT_BYTES = 16 * 1024 * 1024


def refusal(reference: str, what: str, where: str) -> str | None:
    """Why `reference` cannot name a file inside `where` (a folder's description), or None if it may."""
    if why := _not_a_relative_path(reference, what, where):
        return why
    if ".." in PurePosixPath(reference.replace("\\", "/")).parts:
        return f"{reference!r} points outside {where}; keep the {what} inside it"
    return None


def _not_a_relative_path(reference: str, what: str, where: str) -> str | None:
    if not reference.strip():
        return f"the {what} path is empty"
    drive = re.match(r"^[A-Za-z]:[\\/]", reference)
    if _SCHEME.match(reference) and not drive:
        return f"{reference!r} is a URL; {what}s are read only from {where}: copy the file there and name its path"
    if reference.startswith(("/", "\\")) or drive:
        return f"{reference!r} is an absolute path; name the {what} relative to {where}"
    return None


@dataclass
class World:
    """The issue folder and the project folder, and every file read from them in this build."""

    issue_root: Path  # absolute, resolved
    project_root: Path  # holds layouts/, fonts/, icc/
    _pdfs: dict[Path, PdfReader] = field(default_factory=dict, repr=False)

    @classmethod
    def open(cls, issue_dir: Path, layouts_dir: Path | None = None) -> World:
        issue_root = issue_dir.resolve()
        if layouts_dir is not None:
            project = Path(os.path.abspath(layouts_dir)).parent
            if not layouts_dir.is_dir():
                raise VividError.one(str(layouts_dir), "--layouts", "is not a folder; name the folder holding layouts")
        else:
            project = _nearest_project(issue_root)
        return cls(issue_root=issue_root, project_root=project)

    @property
    def layouts_root(self) -> Path:
        return self.project_root / LAYOUTS

    # --- paths ---------------------------------------------------------------------------------------

    def issue_path(self, rel: str, file: str, place: str, what: str, problems: Problems) -> Path | None:
        """A file named in the issue (manifest or article): inside the issue folder, and there."""
        return self._inside(self.issue_root, rel, file, place, what, "the issue folder", problems)

    def project_path(self, base: Path, rel: str, file: str, place: str, what: str, problems: Problems) -> Path | None:
        """A file the layout names, relative to `base` (a folder of the project): inside the project.

        Judged by the path as written, not where links lead: the project is the publisher's own, and a
        fonts folder linked in from a shared place is a common setup."""
        if why := _not_a_relative_path(rel, what, "the project folder"):
            problems.add(file, place, why)
            return None
        path = Path(os.path.normpath(base / rel))
        if not path.is_relative_to(self.project_root):
            problems.add(file, place, f"{rel!r} points outside the project folder; keep the {what} inside it")
            return None
        if not path.is_file():
            problems.add(file, place, f"{what} {rel!r} not found")
            return None
        return path

    def layout_root(self, name: str, problems: Problems, file: str = "issue.toml") -> Path | None:
        """The folder of the layout `name`, which must be a plain folder name under layouts/."""
        if not LAYOUT_NAME.match(name) or name in (".", ".."):
            problems.add(file, "issue.layout", f"{name!r} is not a layout name: give the name of a folder in layouts/")
            return None
        root = self.layouts_root / name
        if not (root / "layout.toml").is_file():
            known = ", ".join(self.layouts()) or "none"
            where = self._shown(self.layouts_root)
            problems.add(file, "issue.layout", f"no layout {name!r} in {where} (it has: {known})")
            return None
        return root

    def layouts(self) -> list[str]:
        if not self.layouts_root.is_dir():
            return []
        return sorted(p.name for p in self.layouts_root.iterdir() if (p / "layout.toml").is_file())

    def label(self, path: Path) -> str:
        """A file as a designer names it: relative to the issue folder, else to the project folder."""
        for root in (self.issue_root, self.project_root):
            if path.is_relative_to(root):
                return path.relative_to(root).as_posix()
        return path.as_posix()

    # --- reading -------------------------------------------------------------------------------------

    def read_text(self, path: Path) -> str:
        """A text file as UTF-8 (a byte-order mark is dropped, Windows line ends become plain ones)."""
        data = self.read_bytes(path, MAX_TEXT_BYTES)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise VividError.one(
                self.label(path), f"byte {exc.start + 1}", "is not UTF-8 text; save it as UTF-8"
            ) from None
        return text.removeprefix("\ufeff").replace("\r\n", "\n")

    def read_bytes(self, path: Path, limit: int | None = None) -> bytes:
        if limit is not None and path.stat().st_size > limit:
            raise VividError.one(
                self.label(path), "", f"is {path.stat().st_size // 1_000_000} MB; a file of this kind is far smaller"
            )
        return path.read_bytes()

    def pdf(self, path: Path) -> PdfReader:
        """A supplied PDF, parsed once per build however many stages look at it."""
        if path not in self._pdfs:
            self._pdfs[path] = PdfReader(path)
        return self._pdfs[path]

    def digest(self, path: Path) -> str:
        """SHA-256 of a file, read again only when its mtime or size changed."""
        stat = path.stat()
        return file_digest(path, stat.st_mtime_ns, stat.st_size)

    # --- private -------------------------------------------------------------------------------------

    def _inside(
        self, root: Path, rel: str, file: str, place: str, what: str, where: str, problems: Problems
    ) -> Path | None:
        if why := refusal(rel, what, where):
            problems.add(file, place, why)
            return None
        path = (root / rel).resolve()
        if not path.is_relative_to(root):  # a symbolic link that leads out
            problems.add(file, place, f"{rel!r} leads outside {where} (a link?); keep the {what} inside it")
            return None
        if not path.is_file():
            problems.add(file, place, f"{what} {rel!r} not found in {where}")
            return None
        return path

    def _shown(self, path: Path) -> str:
        try:
            return path.relative_to(Path.cwd()).as_posix() or "."
        except ValueError:
            return path.as_posix()


def _nearest_project(issue_root: Path) -> Path:
    """The nearest folder above the issue (never the issue folder itself) that holds layouts/."""
    for folder in issue_root.parents:
        if (folder / LAYOUTS).is_dir():
            return folder
    return issue_root.parent


@functools.lru_cache(maxsize=512)
def file_digest(path: Path, mtime_ns: int, size: int) -> str:
    with path.open("rb") as fh:  # in pieces: a picture may be hundreds of megabytes
        return hashlib.file_digest(fh, "sha256").hexdigest()
