"""The built site in a real browser (Debian's Chromium driven by Playwright), served over http on 127.0.0.1
(search does not work from file://). One journey through the acceptance steps of issue 3, a screenshot
per step in test-artifacts/, and no console errors on the way.

Skipped when /usr/bin/chromium is missing, unless CI is set: there it must run (.ci/run installs it).
"""
from __future__ import annotations

import functools
import http.server
import os
import threading
from pathlib import Path

import pytest

from conftest import ROOT
from generator.cli import main

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts"

if not CHROMIUM.exists():
    if os.environ.get("CI"):
        pytest.fail(f"{CHROMIUM} is missing (CI is set: install chromium, as .ci/run does)", pytrace=False)
    pytest.skip(f"{CHROMIUM} is missing", allow_module_level=True)

playwright_api = pytest.importorskip("playwright.sync_api")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    site = tmp_path_factory.mktemp("browser") / "site"
    assert main(["-C", str(ROOT), "build", "--output", str(site), "--as-of", "2026-01-01"]) == 0
    handler = functools.partial(_Quiet, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--no-first-run"])
        yield b
        b.close()


def test_reader_journey(server, browser):
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page()
    errors: list[str] = []
    outside: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith((server, "data:")) else None)
    step = iter(range(1, 100))

    def shot(name: str) -> None:
        page.screenshot(path=str(ARTIFACTS / f"browser-{next(step):02d}-{name}.png"), full_page=False)

    # 1. Home: the list of acts.
    page.goto(server)
    assert page.locator("html").get_attribute("lang") == "az"
    shot("home")

    # 2. The criteria, current version.
    page.locator("table.acts-list a", has_text="KOB klaster şirkəti").click()
    page.wait_for_url("**/akn/az/act/2019/191705000007900/")
    assert page.locator("#note-4").count() == 1
    shot("criteria")

    # 3. Switch to the 2019 version and back.
    page.locator("#versions a[href='aze@2019-05-22/']").click()
    page.wait_for_url("**/aze@2019-05-22/")
    assert page.locator(".banner-past").is_visible()
    shot("criteria-2019")
    page.locator(".banner-past a", has_text="Qüvvədə olan redaksiya").click()
    page.wait_for_url("**/akn/az/act/2019/191705000007900/")
    shot("criteria-back")

    # 4. Note marker [2] to its note, and back.
    page.locator("a#ref-2").click()
    page.wait_for_url("**#note-2")
    assert page.locator("#note-2").is_visible()
    assert "Vergilər Nazirliyinə" in page.locator("#note-2").inner_text()
    shot("note-2")
    page.locator("#note-2 a.note-back").click()
    page.wait_for_url("**#ref-2")
    assert page.locator("#ref-2").is_visible()
    shot("note-2-back")

    # 5. The changes view.
    page.locator("a.changes-link").first.click()
    page.wait_for_url("**/aze@2020-08-03/changes/")
    assert page.locator("del", has_text="Vergilər Nazirliyinə").is_visible()
    assert page.locator("ins", has_text="Dövlət Vergi Xidməti").first.is_visible()
    shot("changes")

    # 6. Search without Azerbaijani letters reaches the Regulation.
    _search(page, "esasname")
    result = page.locator(".md-search-result__link[href*='2024/21/esasname/']").first
    result.wait_for()
    shot("search-esasname")
    result.click()
    page.wait_for_url("**/2024/21/esasname/**")
    assert "ƏSASNAMƏ" in page.locator("h2.act-title").inner_text()
    shot("regulation")

    # 7. Search a provision number reaches that sub-point.
    _search(page, "5.9.4")
    result = page.locator(".md-search-result__link[href*='2024/21/esasname/'][href$='#5.9.4']").first
    result.wait_for()
    shot("search-5.9.4")
    result.click()
    page.wait_for_url(lambda url: "/2024/21/esasname/" in url and url.endswith("#5.9.4"))
    target = page.locator("[id='5.9.4']")
    assert target.is_visible() and "sadə səs çoxluğu" in target.inner_text()
    shot("5.9.4")

    assert errors == []
    assert outside == []


def _search(page, query: str) -> None:
    box = page.locator("input.md-search__input")
    box.click()
    box.fill("")
    box.press_sequentially(query, delay=30)  # the theme searches on key events, not on a filled value
    page.wait_for_selector(".md-search-result__item", timeout=15000)
