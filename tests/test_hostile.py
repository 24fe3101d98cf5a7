"""Hostile and broken input, each through the real command: exit status 1, a message naming the file and
the place, no traceback, nothing written, and the issue's and the layout's files as they were.

An issue folder comes from outside (freelancers, agencies, photographers); a layout folder is copied
between machines and edited on Windows. Every case here is one thing such a folder may hold.
"""

from __future__ import annotations

import hashlib
import io
import shutil
import struct
import subprocess
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image, ImageCms

from conftest import LAYOUTS, ROOT, SESSION, IssueFolder, cli_exe, cli_here, small_issue

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@dataclass(frozen=True)
class Case:
    name: str
    damage: Callable[[Path, Path], object]  # (issue folder, project folder)
    expect: tuple[str, ...]  # what the message must say, file and place first
    args: tuple[str, ...] = ()
    project: str = "shared"  # "shared": the repository's layouts; "copy": a copy to damage; "fonts": with fonts


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return small_issue(IssueFolder(tmp_path_factory.mktemp("hostile") / "issue")).root


def _project(folder: Path, fonts: bool) -> Path:
    """A project folder of its own: a copy of the layouts and the profile, the fonts linked in (or copied,
    for a case that damages one)."""
    shutil.copytree(LAYOUTS, folder / "layouts")
    shutil.copytree(ROOT / "icc", folder / "icc")
    if fonts:
        shutil.copytree(ROOT / "fonts", folder / "fonts")
    else:
        (folder / "fonts").symlink_to(ROOT / "fonts")
    return folder


def snapshot(*roots: Path) -> dict[str, str]:
    """Every file under `roots` by digest (the build's own cache excepted): what 'untouched' means."""
    found = {}
    for root in roots:
        for path in sorted(root.rglob("*")):
            if not path.is_file() or path.is_symlink() or ".vividprint-cache" in path.parts:
                continue
            stat = path.stat()
            if stat.st_size > 50_000_000:  # the 2 GB cases: reading them twice would take longer than the build
                found[str(path)] = f"{stat.st_size} {stat.st_mtime_ns}"
                continue
            with path.open("rb") as fh:
                found[str(path)] = hashlib.file_digest(fh, "sha256").hexdigest()
    return found


def run(case: Case, base: Path, tmp_path: Path):  # type: ignore[no-untyped-def]
    issue = tmp_path / "issue"
    shutil.copytree(base, issue)
    project = _project(tmp_path / "project", case.project == "fonts") if case.project != "shared" else ROOT
    case.damage(issue, project)
    before = snapshot(issue, *([project / "layouts", project / "icc"] if case.project != "shared" else []))
    out = tmp_path / "out"
    args = ["build", str(issue), "--layouts", str(project / "layouts"), "--out", str(out), "--jobs", "1"]
    result = cli_here(*args, "--cache", str(SESSION.parts), *case.args)
    after = snapshot(issue, *([project / "layouts", project / "icc"] if case.project != "shared" else []))
    return result, out, before, after


# --- ways to damage a file ---------------------------------------------------------------------------------


def cut_in_half(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def as_mode(path: Path, mode: str, suffix: str) -> Path:
    """The issue's hero picture saved again in `mode` under a new name, and the article pointed at it."""
    with Image.open(path) as im:
        picture = im.convert("RGB").convert(mode) if mode not in ("F", "LAB") else im.convert("L").convert(mode)
    target = path.with_suffix(suffix)
    picture.save(target)
    return target


def point_hero_at(issue: Path, name: str) -> None:
    article = issue / "articles/river.md"
    article.write_text(article.read_text(encoding="utf-8").replace("images/hero.jpg", f"images/{name}"))


def png_claiming(path: Path, width: int, height: int) -> None:
    """A few hundred bytes that claim a picture of width x height: a decompression bomb's header."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 4096))
        + chunk(b"IEND", b"")
    )


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def front(issue: Path, extra: str) -> None:
    """Lines added to river.md's front matter."""
    edit(issue / "articles/river.md", "title: The river economy\n", f"title: The river economy\n{extra}")


def sparse(path: Path, size: int) -> None:
    """A file of `size` bytes that takes no room on disk: reading it would take minutes and the memory."""
    with path.open("r+b" if path.exists() else "wb") as fh:
        fh.truncate(size)


def latin1(path: Path, line: str) -> None:
    with path.open("ab") as fh:
        fh.write(line.encode("latin-1"))


def bom_and_crlf(path: Path) -> None:
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))


def rgb_profile(path: Path) -> None:
    path.write_bytes(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())


def font_cut(project: Path) -> None:
    cut_in_half(project / "fonts/noto-serif/NotoSerif-Regular.ttf")


def jpeg_bytes(size: tuple[int, int] = (40, 30)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, (200, 40, 40)).save(buf, "JPEG")
    return buf.getvalue()


GB2 = 2 * 1024**3
FEATURE = "layouts/vivid/templates/feature.html.j2"
RIVER = "articles/river.md"
HERO = "images[1].src"

REFUSED = [
    # pictures
    Case("jpeg cut in half", lambda i, p: cut_in_half(i / "images/hero.jpg"), (RIVER, HERO, "is damaged")),
    Case(
        "png cut in half",
        lambda i, p: (cut_in_half(as_mode(i / "images/hero.jpg", "RGB", ".png")), point_hero_at(i, "hero.png")),
        (RIVER, HERO, "'images/hero.png' is damaged"),
    ),
    Case("empty picture", lambda i, p: (i / "images/hero.jpg").write_bytes(b""), (RIVER, HERO, "is empty (0 bytes)")),
    Case(
        "text named .jpg",
        lambda i, p: (i / "images/hero.jpg").write_text("not a picture"),
        (RIVER, HERO, "is not a picture vividprint reads"),
    ),
    Case(
        "pdf named .jpg",
        lambda i, p: shutil.copyfile(i / "supplied/ad.pdf", i / "images/hero.jpg"),
        (RIVER, HERO, "is a PDF, not a picture"),
    ),
    Case(
        "eps named .jpg (never handed to Ghostscript)",
        lambda i, p: (i / "images/hero.jpg").write_bytes(b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 9 9\n"),
        (RIVER, HERO, "is EPS/PostScript"),
    ),
    Case(
        "decompression bomb",
        lambda i, p: (png_claiming(i / "images/bomb.png", 100_000, 100_000), point_hero_at(i, "bomb.png")),
        (RIVER, HERO, "100000 x 100000 pixels", "images.max_megapixels"),
    ),
    Case(
        "picture above the layout's pixel limit",
        lambda i, p: latin1(p / "layouts/vivid/layout.toml", "\n[images]\nmax_megapixels = 1\n"),
        (RIVER, HERO, "1600 x 1000 pixels", "limit of 1 (images.max_megapixels)"),
        project="copy",
    ),
    Case(
        "picture above the layout's file size limit",
        lambda i, p: latin1(p / "layouts/vivid/layout.toml", "\n[images]\nmax_megabytes = 0.01\n"),
        (RIVER, HERO, "images.max_megabytes"),
        project="copy",
    ),
    Case(
        "floating-point TIFF",
        lambda i, p: (as_mode(i / "images/hero.jpg", "F", ".tif"), point_hero_at(i, "hero.tif")),
        (RIVER, HERO, "32-bit floating-point"),
    ),
    Case(
        "picture of 2 GB",
        lambda i, p: sparse(i / "images/hero.jpg", GB2),
        (RIVER, HERO, "2147 MB", "images.max_megabytes"),
    ),
    Case(
        "svg that is not one",
        lambda i, p: ((i / "images/logo.svg").write_text("<html/>"), point_hero_at(i, "logo.svg")),
        (RIVER, HERO, "not a readable SVG"),
    ),
    # text files
    Case(
        "issue.toml not UTF-8",
        lambda i, p: latin1(i / "issue.toml", "# Düsseldorf\n"),
        ("issue.toml", "byte ", "UTF-8"),
    ),
    Case("issue.toml of 2 GB", lambda i, p: sparse(i / "issue.toml", GB2), ("issue.toml", "2147 MB")),
    Case(
        "issue.toml not TOML", lambda i, p: latin1(i / "issue.toml", "[[flatplan\n"), ("issue.toml", "not valid TOML")
    ),
    Case(
        "issue.toml unknown key",
        lambda i, p: edit(i / "issue.toml", 'layout = "vivid"\n', 'layout = "vivid"\n"[bold]big" = 1\n'),
        ("issue.toml", "issue.[bold]big", "unknown key"),
    ),
    Case("article not UTF-8", lambda i, p: latin1(i / RIVER, "Caf\xe9\n"), (RIVER, "byte ", "save it as UTF-8")),
    Case("article of 2 GB", lambda i, p: sparse(i / RIVER, GB2), (RIVER, "2147 MB")),
    Case(
        "article without front matter",
        lambda i, p: (i / RIVER).write_text("Just text.\n"),
        (RIVER, "line 1", "front-matter block"),
    ),
    Case("front matter not YAML", lambda i, p: front(i, "kicker: [unclosed\n"), (RIVER, "line ", "not valid YAML")),
    Case(
        "front matter nested ten thousand deep",
        lambda i, p: front(i, "kicker: " + "[" * 10_000 + "]" * 10_000 + "\n"),
        (RIVER, "not valid YAML"),
    ),
    Case(
        "front matter a list",
        lambda i, p: (i / RIVER).write_text("---\n- a\n- b\n---\nText.\n"),
        (RIVER, "front matter", "key: value"),
    ),
    Case(
        "front matter key in markup brackets",
        lambda i, p: front(i, '"[bold]big": 1\n'),
        (RIVER, "[bold]big: unknown key"),
    ),
    Case(
        "title of 100,000 characters",
        lambda i, p: edit(i / RIVER, "title: The river economy", "title: " + "Word " * 20_000),
        (RIVER, "title", "characters long; at most 300"),
    ),
    Case(
        "yaml alias bomb",
        lambda i, p: front(
            i,
            "a: &a [x, x, x, x, x, x, x, x, x]\n"
            + "".join(
                f"{n}: &{n} [{', '.join(['*' + prev] * 9)}]\n" for prev, n in zip("abcdefgh", "bcdefghi", strict=True)
            ),
        ),
        (RIVER, "i: unknown key"),
    ),
    Case(
        "title in markup brackets with a bad image",
        lambda i, p: (
            edit(i / RIVER, "title: The river economy", 'title: "[/x] and [bold]big"'),
            edit(i / RIVER, "images/hero.jpg", "images/[red]nope[/red].jpg"),
        ),
        (RIVER, HERO, "'images/[red]nope[/red].jpg' not found"),
    ),
    # paths
    Case("image outside the issue", lambda i, p: point_hero_at(i, "../../etc/passwd"), (RIVER, HERO, "points outside")),
    Case(
        "image by URL",
        lambda i, p: edit(i / RIVER, "images/hero.jpg", "https://example.org/x.jpg"),
        (RIVER, "is a URL"),
    ),
    Case(
        "image by absolute path", lambda i, p: edit(i / RIVER, "images/hero.jpg", "/etc/hostname"), (RIVER, "absolute")
    ),
    Case(
        "image linked from outside",
        lambda i, p: ((i / "images/hero.jpg").unlink(), (i / "images/hero.jpg").symlink_to("/etc/hostname")),
        (RIVER, HERO, "leads outside"),
    ),
    Case(
        "body image with a file: URL",
        lambda i, p: latin1(i / RIVER, "\n![x](file:///etc/passwd)\n"),
        (RIVER, "line ", "is a URL"),
    ),
    # supplied PDFs
    Case(
        "supplied PDF empty",
        lambda i, p: (i / "supplied/ad.pdf").write_bytes(b""),
        ("issue.toml", "covers.inside-front.pdf", "not a readable PDF"),
    ),
    Case(
        "supplied PDF that is a JPEG",
        lambda i, p: (i / "supplied/ad.pdf").write_bytes(jpeg_bytes()),
        ("issue.toml", "covers.inside-front.pdf", "not a readable PDF"),
    ),
    Case(
        "supplied PDF of 2 GB",
        lambda i, p: sparse(i / "supplied/ad.pdf", GB2),
        ("issue.toml", "covers.inside-front.pdf", "2.1 GB"),
    ),
    # the layout
    Case(
        "layout.toml not UTF-8",
        lambda i, p: latin1(p / "layouts/vivid/layout.toml", "# café\n"),
        ("layouts/vivid/layout.toml", "byte ", "UTF-8"),
        project="copy",
    ),
    Case(
        "house list not UTF-8",
        lambda i, p: latin1(p / "layouts/vivid/hyphenation/de-DE.txt", "Düs-sel-dorf\n"),
        ("layouts/vivid/hyphenation/de-DE.txt", "byte ", "UTF-8"),
        project="copy",
    ),
    Case(
        "house list of 2 GB",
        lambda i, p: sparse(p / "layouts/vivid/hyphenation/de-DE.txt", GB2),
        ("layouts/vivid/hyphenation/de-DE.txt", "2147 MB"),
        project="copy",
    ),
    Case(
        "font file cut short",
        lambda i, p: font_cut(p),
        ("layouts/vivid/layout.toml", "fonts[1].file", "NotoSerif-Regular.ttf", "cut short"),
        project="fonts",
    ),
    Case(
        "font file that is text",
        lambda i, p: (p / "fonts/inter/Inter-Regular.otf").write_text("not a font"),
        ("layouts/vivid/layout.toml", "Inter-Regular.otf", "cannot be read as a font"),
        project="fonts",
    ),
    Case(
        "ICC profile cut short",
        lambda i, p: cut_in_half(p / "icc/ISOcoated_v2_300_bas.icc"),
        ("layouts/vivid/layout.toml", "print.output_profile", "not a usable ICC profile"),
        args=("--profile", "print"),
        project="copy",
    ),
    Case(
        "ICC profile for RGB",
        lambda i, p: rgb_profile(p / "icc/ISOcoated_v2_300_bas.icc"),
        ("layouts/vivid/layout.toml", "print.output_profile", "for RGB, not for a CMYK"),
        args=("--profile", "print"),
        project="copy",
    ),
    Case(
        "python error in a template",
        lambda i, p: edit(
            p / "layouts/vivid/templates/feature.html.j2", "{% block content %}", "{% block content %}\n{{ 1 // 0 }}"
        ),
        ("layouts/vivid/templates/feature.html.j2", "line ", "ZeroDivisionError", "flatplan[2]"),
        project="copy",
    ),
    Case(
        "template syntax error",
        lambda i, p: edit(p / FEATURE, "{% block", "{% if %}\n{% block"),
        ("layouts/vivid/templates/feature.html.j2", "line ", "template error"),
        project="copy",
    ),
    # where it goes
    Case(
        "--out where a file stands",
        lambda i, p: (i.parent / "out").write_text("a file"),
        ("out", "a file stands where a folder should be"),
    ),
    Case(
        "--profile in markup brackets",
        lambda i, p: None,
        ("--profile", "no profile '[/x]'"),
        args=("--profile", "[/x]"),
    ),
]


@pytest.mark.parametrize("case", REFUSED, ids=[case.name for case in REFUSED])
def test_hostile_input_is_named_and_nothing_is_written(case: Case, base: Path, tmp_path: Path) -> None:
    result, out, before, after = run(case, base, tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    message = " ".join(result.stderr.split())  # a terminal wraps long lines
    for part in case.expect:
        assert part in message, f"{part!r} not in:\n{result.stderr}"
    assert "Traceback" not in result.stderr
    assert "bug" not in message, "a mistake in the input is not a bug"
    if case.name != "--out where a file stands":
        assert not out.exists(), "nothing is written"
    assert after == before, "the sources are untouched"


ACCEPTED = [
    Case("issue.toml with a byte-order mark and CRLF", lambda i, p: bom_and_crlf(i / "issue.toml"), ()),
    Case("article with a byte-order mark and CRLF", lambda i, p: bom_and_crlf(i / RIVER), ()),
    Case(
        "layout.toml and a house list with a byte-order mark and CRLF",
        lambda i, p: (
            bom_and_crlf(p / "layouts/vivid/layout.toml"),
            bom_and_crlf(p / "layouts/vivid/hyphenation/de-DE.txt"),
        ),
        (),
        project="copy",
    ),
    Case("NUL characters in a body", lambda i, p: latin1(i / RIVER, "\nNUL \x00 in the text.\n"), ()),
    Case(
        "file names with brackets, spaces and accents",
        lambda i, p: (
            (i / RIVER).rename(i / "articles/[bold] Flüsse .md"),
            edit(i / "issue.toml", '"articles/river.md"', '"articles/[bold] Flüsse .md"'),
        ),
        (),
    ),
]


@pytest.mark.parametrize("case", ACCEPTED, ids=[case.name for case in ACCEPTED])
def test_input_from_other_systems_builds(case: Case, base: Path, tmp_path: Path) -> None:
    result, out, before, after = run(case, base, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["vivid-1-2026-proof-spreads.pdf", "vivid-1-2026-proof.pdf"]
    assert after == before


def test_a_bug_says_so_and_where_its_traceback_is(base: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What no input explains: one line saying it is a bug, the log holding the traceback, how to report.
    The bug is a build server's: one that answers a build with its traceback, as a failing server does."""
    import socket
    import threading

    from vividprint import server
    from vividprint.server.codec import receive, send

    monkeypatch.setenv("VIVIDPRINT_CACHE", str(tmp_path / "machine-cache"))
    monkeypatch.setenv("VIVIDPRINT_SERVER", "on")
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(server.address())  # the address the command will look for, in this environment
    listener.listen(1)
    failing = 'Traceback (most recent call last):\n  File "build.py", line 1\nZeroDivisionError: in the server\n'

    def serve() -> None:
        sock, _ = listener.accept()
        with sock:
            send(sock, "hello")
            receive(sock)
            send(sock, "failed", failing)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        out = tmp_path / "out"
        command = [cli_exe(), "build", str(base), "--layouts", str(LAYOUTS), "--out", str(out)]
        result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    finally:
        listener.close()
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert "Traceback" not in result.stderr
    assert "error: vividprint stopped on a bug, not on a mistake in your files" in lines[-2]
    log = Path(lines[-1].split("the details are in ")[1].split(";")[0])
    assert log.is_relative_to(tmp_path / "machine-cache/logs")
    assert "ZeroDivisionError: in the server" in log.read_text()
    assert "please report the bug with that file and the command you ran" in lines[-1]
    assert not out.exists()
