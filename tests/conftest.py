"""Small real issues built in tmp_path, and the tools that inspect their PDFs.

Pictures and supplied PDFs are made by scripts/make_sample_media.py (importable as `make_sample_media`:
pytest's `pythonpath` setting puts scripts/ on sys.path). Each different one is made once per run (by
whichever pytest-xdist worker asks first) and copied into the test's folder, so a test may change its copy.

Builds share one part cache per run unless a test asks for its own (`own_cache=True`): the cache key
covers everything that changes a part, so the slots of the small issue render once, not in every test.
A test that counts rendered slots or tests the cache itself keeps its own. Builds render in the test's
process (`jobs=1`) unless a test asks for workers.
"""

from __future__ import annotations

import hashlib
import os
import queue
import shutil
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO, TYPE_CHECKING

import pytest

import make_sample_media as media
from vividprint.build import BuildOptions, BuildResult, build

if TYPE_CHECKING:
    import numpy as np

ROOT = Path(__file__).resolve().parents[1]
LAYOUTS = ROOT / "layouts"

LOREM_EN = (
    "The harbour office opened its doors at seven, and by eight the first delegations from Osaka and Seoul "
    "were queuing for coffee. Trade in the city has always followed the river, but the new tenants of the "
    "old warehouses measure distance in flight hours rather than barge days. "
)


class _Session:
    """Folders that live as long as the test session: set by the `_session` fixture."""

    media: Path
    parts: Path


SESSION = _Session()


def _once(make: Callable[..., Path], suffix: str, **args: object) -> Path:
    """The file `make` writes for `args`, made by the first test of the run that asks for it."""
    name = hashlib.sha256(repr((make.__name__, sorted(args.items()))).encode()).hexdigest()[:16] + suffix
    path = SESSION.media / name
    if not path.exists():
        # Another worker of the run may make it at the same time: each writes its own copy, with the same
        # name and so the same bytes, and moves it into place.
        partial = make(SESSION.media / f".{os.getpid()}" / name, **args)
        os.replace(partial, path)
    return path


def _placed(source: Path, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, path)
    return path


def article(title: str, body: str, **front: object) -> str:
    """An article file: YAML front matter from keyword arguments, then the Markdown body."""
    import yaml

    meta = {"title": title, **front}
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n" + body


def paragraphs(count: int, text: str = LOREM_EN) -> str:
    return "\n\n".join(text * 3 for _ in range(count)) + "\n"


def photo(path: Path, size: tuple[int, int] = (1200, 800), seed: int = 1, mode: str = "RGB") -> Path:
    """A photo-like picture in the format of the path's suffix (make_sample_media.photo). Without grain:
    grain makes a JPEG several times larger, and WeasyPrint compresses every image stream once more."""
    return _placed(_once(media.photo, path.suffix, size=size, seed=seed, mode=mode, grain=0), path)


def supplied_pdf(
    path: Path, pages: int = 1, trim: tuple[float, float] = (210, 297), bleed: float = 3, cmyk: bool = True
) -> Path:
    """A supplied page made elsewhere: a real PDF with its own trim and bleed, in CMYK unless asked,
    reading "Supplied page N" (make_sample_media.supplied_pdf)."""
    return _placed(_once(media.supplied_pdf, ".pdf", pages=pages, trim=trim, bleed=bleed, cmyk=cmyk), path)


def hazard_pdf(path: Path, hazard: str) -> Path:
    """A supplied ad with one print hazard: "ink", "spot", "font", "lowres", "white", "rgb-form", or
    "clean" for none (make_sample_media.hazard_pdf)."""
    return _placed(_once(media.hazard_pdf, ".pdf", hazard=hazard), path)


def heavy_photo(path: Path, size: tuple[int, int] = (1200, 800), seed: int = 1) -> Path:
    """A CMYK JPEG photo with a flat C90 M85 Y85 K100 (360 %) shadow (make_sample_media.heavy_photo)."""
    return _placed(_once(media.heavy_photo, path.suffix, size=size, seed=seed), path)


class IssueFolder:
    """An issue folder under construction; `build()` runs the real pipeline on it."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.root.mkdir(parents=True, exist_ok=True)

    def write(self, rel: str, text: str) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text) if text.startswith("\n") else text, encoding="utf-8")
        return path

    def manifest(self, text: str) -> Path:
        return self.write("issue.toml", textwrap.dedent(text))

    def build(self, out: Path | None = None, *, own_cache: bool = False, **options: object) -> BuildResult:
        """Build with the session's part cache (or the issue's own, ISSUE/.vividprint-cache), in this
        process unless `jobs` asks for workers: forking them costs more than a small slot takes."""
        out = out or self.root.parent / "out"
        options.setdefault("layouts_dir", LAYOUTS)
        options.setdefault("jobs", 1)
        if not own_cache:
            options.setdefault("cache_dir", SESSION.parts)
        return build(BuildOptions(issue_dir=self.root, out_dir=out, **options))


@pytest.fixture
def issue(tmp_path: Path) -> IssueFolder:
    return IssueFolder(tmp_path / "issue")


def cli_exe() -> str:
    return shutil.which("vividprint") or str(Path(sys.executable).parent / "vividprint")


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The installed command, in a process of its own."""
    return subprocess.run([cli_exe(), *args], capture_output=True, text=True, cwd=cwd, timeout=600)


def cli_here(*args: str) -> subprocess.CompletedProcess[str]:
    """The command line run in this process: what it prints and its exit status, as `run_cli` gives
    them, without starting Python and importing WeasyPrint again (for commands that fail early). An
    exception that escapes the command comes back as exit status 1 with its traceback on stderr."""
    import traceback

    from typer.testing import CliRunner

    from vividprint.cli import app

    result = CliRunner().invoke(app, list(args))
    stderr = result.stderr
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        stderr += "".join(traceback.format_exception(result.exception))
    return subprocess.CompletedProcess(["vividprint", *args], result.exit_code, result.stdout, stderr)


def ctrl_c_default(command: list[str]) -> list[str]:
    """`command` with Ctrl-C's default action. A process started in the background by a shell script
    inherits SIGINT ignored, and Python then never raises KeyboardInterrupt: a test that stops a command
    with Ctrl-C would wait for it in vain."""
    restore = (
        "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execv(sys.argv[1], sys.argv[1:])"
    )
    return [sys.executable, "-c", restore, *command]


class OutputLines:
    """The output of a running command, line by line, waited for with a deadline."""

    def __init__(self, stream: IO[str] | None) -> None:
        assert stream is not None
        self.seen: list[str] = []
        self._lines: queue.Queue[str | None] = queue.Queue()
        self._ended = False

        def read() -> None:
            for line in stream:
                self._lines.put(line)
            self._lines.put(None)  # the command closed its output: it has ended

        threading.Thread(target=read, daemon=True).start()

    def wait_for(self, text: str, seconds: float = 60) -> str:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and not self._ended:
            try:
                line = self._lines.get(timeout=0.5)
            except queue.Empty:
                continue
            if line is None:
                self._ended = True
                break
            self.seen.append(line)
            if text in line:
                return line
        ended = "the command ended" if self._ended else f"not within {seconds} s"
        raise AssertionError(f"no {text!r}: {ended}; output was:\n{''.join(self.seen)}")

    def rest(self, seconds: float = 60) -> str:
        """All the output, once the command has closed it."""
        deadline = time.monotonic() + seconds
        while not self._ended:
            line = self._lines.get(timeout=max(0.0, deadline - time.monotonic()))
            if line is None:
                self._ended = True
            else:
                self.seen.append(line)
        return "".join(self.seen)


def wait_until(condition: Callable[[], object], seconds: float = 60, what: str = "the condition") -> None:
    """Poll for `condition` rather than sleep for a time that a loaded machine may not keep to."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} not reached within {seconds} s")
        time.sleep(0.02)


def children(pid: int) -> list[int]:
    """The processes `pid` started that still run (its render workers, for vividprint)."""
    tasks = Path(f"/proc/{pid}/task")
    found = []
    for task in tasks.iterdir() if tasks.exists() else []:
        try:
            found += [int(child) for child in (task / "children").read_text().split()]
        except OSError:  # a thread that ended meanwhile
            continue
    return found


def gone(pid: int, seconds: float = 10) -> bool:
    """Whether `pid` ends within `seconds` (a zombie counts: it has ended, its parent has not collected it)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
        except OSError:
            return True
        if state == "Z":
            return True
        time.sleep(0.05)
    return False


def within_trim(path: Path, page: int | None = None) -> list[str]:
    """pdftotext's options that read a page as a reader sees it: a proof's slug, below the trim, left
    out. Poppler measures the area from the crop box's top left (all pages of a proof are alike)."""
    from pypdf import PdfReader

    first = PdfReader(path).pages[(page or 1) - 1]
    crop, trim = first.cropbox, first.trimbox
    if float(trim.bottom) - float(crop.bottom) < 1:
        return []
    height = float(crop.top) - float(trim.bottom)
    return ["-x", "0", "-y", "0", "-W", str(int(float(crop.width)) + 1), "-H", str(int(height))]


def pdftotext(path: Path, page: int | None = None) -> str:
    """The page's text (or the document's) within the trim, laid out as poppler sees it."""
    args = ["pdftotext", "-layout", *within_trim(path, page)]
    if page is not None:
        args += ["-f", str(page), "-l", str(page)]
    return subprocess.run([*args, str(path), "-"], capture_output=True, text=True, check=True).stdout


def words(path: Path, page: int | None = None) -> str:
    """The page's text in reading order, whitespace folded: for phrases that layout mode would split."""
    args = ["pdftotext", *within_trim(path, page)]
    if page is not None:
        args += ["-f", str(page), "-l", str(page)]
    text = subprocess.run([*args, str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(text.replace("\u00ad", "").split())


def separations(pdf: Path, tmp: Path, page: int = 1, dpi: float = 25.4) -> dict[str, np.ndarray]:
    """Ghostscript's plates of one page (1-based), as its tiffsep device separates them: ink from 0 to 1
    per plate, at `dpi` (25.4: a pixel a millimetre). Ghostscript must render the page without a word."""
    import numpy as np
    from PIL import Image

    out = tmp / f"plates-{pdf.stem}-{page}-{dpi:g}"
    out.mkdir(parents=True, exist_ok=True)
    gs = subprocess.run(
        ["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=tiffsep", f"-r{dpi:g}", f"-dFirstPage={page}",
         f"-dLastPage={page}", f"-sOutputFile={out}/p.tif", str(pdf)],
        capture_output=True,
        text=True,
    )  # fmt: skip
    assert gs.returncode == 0 and not gs.stdout and not gs.stderr, gs.stdout + gs.stderr
    plates = {}
    for tif in out.glob("p(*).tif"):
        with Image.open(tif) as im:
            plates[tif.stem[2:-1]] = 1 - np.asarray(im.convert("L"), dtype=float) / 255  # 255: no ink
    return plates


def layout_copy(tmp: Path, toml: str = "", css: str = "") -> Path:
    """The layouts with lines added to the vivid layout's [print] table and a stylesheet of its own, the
    fonts and ICC profiles beside them as the layouts folder expects."""
    layouts = tmp / "layouts"
    shutil.copytree(LAYOUTS, layouts)
    for shared in ("fonts", "icc"):
        (tmp / shared).symlink_to(LAYOUTS.parent / shared)
    path = layouts / "vivid/layout.toml"
    text = path.read_text(encoding="utf-8")
    if toml:
        added = text.replace("\n[print]\n", f"\n[print]\n{toml}\n")
        path.write_text(added if added != text else f"{text}\n[print]\n{toml}\n", encoding="utf-8")
    if css:
        (layouts / "vivid/css/99-test.css").write_text(css, encoding="utf-8")
    return layouts


def small_issue(issue: IssueFolder, *, contents: bool = True) -> IssueFolder:
    """Covers, a contents page, two articles (one German), a supplied ad: 12 pages in all."""
    photo(issue.root / "images/hero.jpg", (1600, 1000), seed=2)
    photo(issue.root / "images/cover.jpg", (1800, 2560), seed=3)
    supplied_pdf(issue.root / "supplied/ad.pdf")
    supplied_pdf(issue.root / "supplied/u4.pdf")
    issue.write(
        "articles/river.md",
        article(
            "The river economy",
            paragraphs(6),
            kicker="Key topic",
            lead="Why the harbour matters again.",
            author="Mara Quell",
            images=[{"src": "images/hero.jpg", "caption": "The harbour at dawn.", "role": "hero"}],
        ),
    )
    issue.write(
        "articles/viertel.md",
        article(
            "Das Viertel am Hafen",
            paragraphs(
                5,
                "Die Wirtschaftsförderung der Landeshauptstadt unterstützt Gründerinnen und Gründer mit "
                "Beratungsangeboten, Mietzuschüssen und einem Netzwerk von Ansprechpartnern. ",
            ),
            kicker="Stadtteil",
            language="de-DE",
        ),
    )
    toc = '[[flatplan]]\ntemplate = "contents"\npages = 1\n' if contents else ""
    issue.manifest(
        f"""
        [issue]
        magazine = "VIVID"
        number = "1/2026"
        date = 2026-02-01
        language = "en"
        layout = "vivid"
        title = "River economy"

        [covers]
        front = {{ template = "cover", image = "images/cover.jpg", headline = "River economy" }}
        inside-front = {{ pdf = "supplied/ad.pdf" }}
        inside-back = {{ template = "imprint" }}
        back = {{ pdf = "supplied/u4.pdf" }}

        {toc}
        [[flatplan]]
        article = "articles/river.md"
        template = "feature"
        pages = 3

        [[flatplan]]
        pdf = "supplied/ad.pdf"

        [[flatplan]]
        article = "articles/viertel.md"
        template = "feature"
        pages = 3
        """
    )
    return issue


@pytest.hookimpl(tryfirst=True)
def pytest_cmdline_main(config: pytest.Config) -> None:
    """Two pytest-xdist workers, a test file each at a time, when pytest-xdist is installed (the `dev`
    extra) and no `-n` is given: most tests wait on one core for a build or a command. `-n 0` or
    `-p no:xdist` runs the tests in one process."""
    worker = hasattr(config, "workerinput") or os.environ.get("PYTEST_XDIST_WORKER")  # not in a worker again
    if config.pluginmanager.hasplugin("xdist") and config.option.numprocesses is None and not worker:
        config.option.numprocesses = 2
        if config.option.dist == "no":
            # A module's tests on one worker: its module-scoped builds are made once, not on both.
            config.option.dist = "loadfile"


@pytest.fixture(autouse=True, scope="session")
def _session(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Keep the machine-level cache (parsed hyphenation dictionaries, compiled templates) out of the
    user's home and share it for the session, and build in the command's own process: a build server
    shared by the tests would carry one test's workers and temporary files into the next (test_server.py
    turns it on, with a cache of its own)."""
    os.environ["VIVIDPRINT_CACHE"] = str(tmp_path_factory.mktemp("machine-cache"))
    os.environ["VIVIDPRINT_SERVER"] = "off"
    run = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        run = run.parent  # the folder of the whole run, which its pytest-xdist workers share
    SESSION.media = run / "media"
    SESSION.media.mkdir(exist_ok=True)
    # Parts are written to a temporary name and renamed: workers may share them.
    SESSION.parts = run / "parts-cache"


@pytest.fixture(scope="session")
def small_proof(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The small issue's proof, built once for the tests that only read it."""
    return small_issue(IssueFolder(tmp_path_factory.mktemp("small") / "issue")).build()
