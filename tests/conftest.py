"""Small real issues built in tmp_path, and the tools that inspect their PDFs."""

from __future__ import annotations

import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFilter
from weasyprint import HTML

from vividprint.build import BuildOptions, BuildResult, build

ROOT = Path(__file__).resolve().parents[1]
LAYOUTS = ROOT / "layouts"

LOREM_EN = (
    "The harbour office opened its doors at seven, and by eight the first delegations from Osaka and Seoul "
    "were queuing for coffee. Trade in the city has always followed the river, but the new tenants of the "
    "old warehouses measure distance in flight hours rather than barge days. "
)


def article(title: str, body: str, **front: object) -> str:
    """An article file: YAML front matter from keyword arguments, then the Markdown body."""
    import yaml

    meta = {"title": title, **front}
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n" + body


def paragraphs(count: int, text: str = LOREM_EN) -> str:
    return "\n\n".join(text * 3 for _ in range(count)) + "\n"


def photo(path: Path, size: tuple[int, int] = (1200, 800), seed: int = 1) -> Path:
    """A small photo-like JPEG: a gradient with shapes, softened."""
    path.parent.mkdir(parents=True, exist_ok=True)
    im = Image.linear_gradient("L").resize(size).convert("RGB")
    draw = ImageDraw.Draw(im)
    for i in range(6):
        x = (seed * 97 + i * 173) % size[0]
        y = (seed * 53 + i * 131) % size[1]
        draw.ellipse([x, y, x + size[0] // 5, y + size[1] // 5], fill=(40 * i % 255, 90, 160))
    im.filter(ImageFilter.GaussianBlur(3)).save(path, "JPEG", quality=85)
    return path


def supplied_pdf(
    path: Path, pages: int = 1, trim: tuple[float, float] = (210, 297), bleed: float = 3, cmyk: bool = True
) -> Path:
    """A supplied page made elsewhere: a real PDF with its own trim and bleed, in CMYK unless asked."""
    path.parent.mkdir(parents=True, exist_ok=True)
    body = "".join(f'<div style="break-after: page">Supplied page {i + 1}</div>' for i in range(pages))
    ink, paper = ("device-cmyk(0 0 0 1)", "device-cmyk(0.2 0 0 0)") if cmyk else ("#000", "#ddeeff")
    html = (
        f"<style>@page {{ size: {trim[0]}mm {trim[1]}mm; margin: 20mm; bleed: {bleed}mm; background: {paper} }}"
        f"@font-face {{ font-family: 'Ad Sans'; src: url('{(ROOT / 'fonts/inter/Inter-Regular.otf').as_uri()}') }}"
        f"html {{ color: {ink}; font-family: 'Ad Sans'; }}</style>{body}"
    )
    HTML(string=html).write_pdf(path)
    return path


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

    def build(self, out: Path | None = None, **options: object) -> BuildResult:
        out = out or self.root.parent / "out"
        options.setdefault("layouts_dir", LAYOUTS)
        return build(BuildOptions(issue_dir=self.root, out_dir=out, **options))


@pytest.fixture
def issue(tmp_path: Path) -> IssueFolder:
    return IssueFolder(tmp_path / "issue")


def cli_exe() -> str:
    return shutil.which("vividprint") or str(Path(__import__("sys").executable).parent / "vividprint")


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([cli_exe(), *args], capture_output=True, text=True, cwd=cwd, timeout=600)


def pdftotext(path: Path, page: int | None = None) -> str:
    args = ["pdftotext", "-layout"]
    if page is not None:
        args += ["-f", str(page), "-l", str(page)]
    return subprocess.run([*args, str(path), "-"], capture_output=True, text=True, check=True).stdout


def words(path: Path, page: int | None = None) -> str:
    """The page's text in reading order, whitespace folded: for phrases that layout mode would split."""
    args = ["pdftotext"]
    if page is not None:
        args += ["-f", str(page), "-l", str(page)]
    text = subprocess.run([*args, str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(text.replace("\u00ad", "").split())


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


@pytest.fixture(autouse=True, scope="session")
def _machine_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Keep the machine-level cache (parsed hyphenation dictionaries) out of the user's home, and build
    in the command's own process: a build server shared by the tests would carry one test's workers and
    temporary files into the next (test_server.py turns it on, with a cache of its own)."""
    import os

    os.environ["VIVIDPRINT_CACHE"] = str(tmp_path_factory.mktemp("machine-cache"))
    os.environ["VIVIDPRINT_SERVER"] = "off"
