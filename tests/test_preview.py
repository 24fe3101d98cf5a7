"""`vividprint watch --serve` end to end, in a real browser: headless Chromium from Debian's `chromium`
package, driven by Playwright (no browser of Playwright's own is downloaded or used).

The page is opened, read, scrolled and left open on a spread while an article is edited; the test waits
for the round counter the page keeps, never for a fixed time.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from conftest import LAYOUTS, SESSION, IssueFolder, OutputLines, cli_exe, cli_here, ctrl_c_default, small_issue

CHROMIUM = Path("/usr/bin/chromium")  # Debian's package; `./dev test` installs it
LAUNCH = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SPREADS = [["U1"], ["U2", "1"], ["2", "3"], ["4", "5"], ["6", "7"], ["8", "U3"], ["U4"]]
WAIT = 60_000  # ms: a round on a loaded machine


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert CHROMIUM.exists(), "install Debian's chromium package (./dev test does)"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH)
        yield launched
        launched.close()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _round(page: Page) -> int:
    return int(page.evaluate("document.body.dataset.round"))


def _next_round(page: Page, after: int, state: str) -> None:
    page.wait_for_function(
        "([after, state]) => Number(document.body.dataset.round) > after && document.body.dataset.state === state",
        arg=[after, state],
        timeout=WAIT,
    )


def _src(page: Page, selector: str) -> str:
    src = page.get_attribute(selector, "src")
    assert src is not None
    return src


def _answers(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=5):
            return True
    except OSError:
        return False


def _outward_address() -> str | None:
    """This machine's address on its network, if it has one (a UDP socket sends nothing to learn it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.123", 9))
        except OSError:
            return None
        address = probe.getsockname()[0]
    return None if address.startswith("127.") else address


def test_the_preview_follows_edits_keeps_its_place_and_shows_errors_over_the_last_good_pages(
    issue: IssueFolder, tmp_path: Path, browser: Browser
) -> None:
    small_issue(issue)
    port = _free_port()
    command = [cli_exe(), "watch", str(issue.root), "--layouts", str(LAYOUTS), "--out", str(tmp_path / "out")]
    command += ["--cache", str(SESSION.parts), "-j", "1", "--serve", "--port", str(port)]
    process = subprocess.Popen(
        ctrl_c_default(command),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        # A fault handler, so that a watch that does not stop can be asked where it is.
        env={**os.environ, "COLUMNS": "200", "PYTHONFAULTHANDLER": "1"},
    )
    lines = OutputLines(process.stdout)
    url = f"http://127.0.0.1:{port}/"
    river = issue.root / "articles/river.md"
    good = river.read_text()
    try:
        lines.wait_for(f"serving {url}")
        page = browser.new_page(viewport={"width": 1000, "height": 600})
        problems: list[str] = []
        page.on("pageerror", lambda error: problems.append(str(error)))
        page.goto(url)
        page.wait_for_function("Number(document.body.dataset.round) >= 1", timeout=WAIT)

        # The flatplan as spreads, every page named by its slot, every picture loaded.
        spreads = page.evaluate(
            "[...document.querySelectorAll('#spreads .spread')].map(s => [...s.querySelectorAll('.page')]"
            ".map(p => p.dataset.label))"
        )
        assert spreads == SPREADS
        assert "The river economy" in page.inner_text("#page-2 figcaption")
        assert "ad.pdf" in page.inner_text("#page-5 figcaption")
        page.wait_for_function("[...document.images].every(i => i.complete && i.naturalWidth > 0)", timeout=WAIT)
        # Findings listed and linked to their pages: the underset of the German article opens page 6.
        assert "underset" in page.inner_text("#findings")
        page.click("#findings a[href='#page-6']")
        assert page.is_visible("#viewer")
        shown = page.eval_on_selector_all("#viewer-pages .page", "nodes => nodes.map(n => n.dataset.label)")
        assert shown == ["6", "7"]

        page.click("#viewer-close")
        assert page.is_hidden("#viewer")

        # A spread opened large and the sheet scrolled: both stay as they were while the round comes in.
        page.click("#spreads .spread[data-key='2|3']")
        assert page.eval_on_selector_all("#viewer-pages .page", "nodes => nodes.map(n => n.dataset.label)") == [
            "2",
            "3",
        ]
        page.evaluate("window.scrollTo(0, 260)")
        page.wait_for_function("window.scrollY === 260")
        before, large = _src(page, "#page-2 img"), _src(page, "#viewer-pages img")
        assert large == before
        first = _round(page)

        river.write_text(good.replace("Why the harbour matters again.", "Why the river matters more than ever."))
        page.wait_for_function(
            "([before]) => document.querySelector('#page-2 img').getAttribute('src') !== before",
            arg=[before],
            timeout=WAIT,
        )
        _next_round(page, first, "ready")
        assert page.evaluate("window.scrollY") == 260
        assert page.is_visible("#viewer")
        assert page.eval_on_selector_all("#viewer-pages .page", "nodes => nodes.map(n => n.dataset.label)") == [
            "2",
            "3",
        ]
        assert _src(page, "#viewer-pages img") == _src(page, "#page-2 img") != before
        assert "changed" in (page.get_attribute("#page-2", "class") or "").split()
        # The ad is not marked changed: its pixels are the same, though its picture may have been drawn
        # again (the proof's slug and shared fonts are written anew with every proof).
        assert "changed" not in (page.get_attribute("#page-5", "class") or "").split()
        assert page.locator("#page-2 .region").count() >= 1, "the changed lines are outlined"
        page.keyboard.press("Escape")
        assert page.is_hidden("#viewer")
        assert page.evaluate("window.scrollY") == 260
        edited = _src(page, "#page-2 img")

        # A broken edit: its errors over the last good pages, which stay as they were.
        second = _round(page)
        river.write_text("---\ntitle: [unclosed\n---\nBroken.\n")
        _next_round(page, second, "failed")
        assert page.is_visible("#errors")
        assert "articles/river.md" in page.inner_text("#errors")
        assert "the last good pages are shown below" in page.inner_text("#errors")
        assert _src(page, "#page-2 img") == edited
        assert page.locator("#spreads .spread").count() == len(SPREADS)
        assert page.evaluate("window.scrollY") == 260

        third = _round(page)
        river.write_text(good)
        _next_round(page, third, "ready")
        assert page.is_hidden("#errors")
        assert _src(page, "#page-2 img") == before  # the first round's page again, under its old address
        assert not problems, problems

        # Only 127.0.0.1 answers, and only requests addressed to it.
        with urllib.request.urlopen(url + "round.json", timeout=10) as answer:
            assert json.load(answer)["state"] == "ready"
        rebound = urllib.request.Request(url + "round.json", headers={"Host": f"preview.example:{port}"})
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(rebound, timeout=10)
        assert refused.value.code == 403
        elsewhere = ["127.0.0.2", *filter(None, [_outward_address()])]
        assert not [host for host in elsewhere if _answers(host, port)]
        assert _answers("127.0.0.1", port)
    finally:
        process.send_signal(signal.SIGINT)
        try:
            code = process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGABRT)  # the fault handler prints every thread's stack
            process.wait(timeout=30)
            raise AssertionError(f"watch did not stop on Ctrl-C:\n{lines.rest()}") from None
    output = lines.rest()
    assert code == 0, output
    assert "Traceback" not in output
    assert "1 error(s); the last good PDF stays." in output


def test_the_sheet_of_a_build_opens_from_disk(issue: IssueFolder, tmp_path: Path, browser: Browser) -> None:
    small_issue(issue)
    out = tmp_path / "out"
    args = ["build", str(issue.root), "--out", str(out), "--layouts", str(LAYOUTS), "-j", "1", "--sheet"]
    done = cli_here(*args, "--cache", str(SESSION.parts))
    assert done.returncode == 0, done.stderr
    page = browser.new_page(viewport={"width": 1000, "height": 600})
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto((out / "vivid-1-2026-proof-sheet/index.html").as_uri())
    page.wait_for_function("[...document.images].every(i => i.complete && i.naturalWidth > 0)", timeout=WAIT)
    assert page.locator("#spreads .spread").count() == len(SPREADS)
    assert page.get_attribute("#page-2 img", "src") == "pages/003.png"  # the files beside it
    assert "VIVID 1/2026" in page.inner_text("#title")
    page.click("#spreads .spread[data-key='6|7']")
    assert page.eval_on_selector_all("#viewer-pages .page", "nodes => nodes.map(n => n.dataset.label)") == ["6", "7"]
    assert "underset" in page.inner_text("#viewer-findings")
    assert not problems, problems


def test_a_port_in_use_is_named_and_nothing_is_built(issue: IssueFolder, tmp_path: Path) -> None:
    small_issue(issue)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        # --port alone serves too.
        done = cli_here(
            "watch", str(issue.root), "--layouts", str(LAYOUTS), "--out", str(tmp_path / "out"), "--port", str(port)
        )
    assert done.returncode == 1
    said = " ".join(done.stderr.split())
    assert f"error: --port: port {port} on 127.0.0.1 is in use: give another with --port, or --port 0" in said
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "out").exists()
