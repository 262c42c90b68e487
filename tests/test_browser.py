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
from urllib.parse import urlsplit
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


class _Server(http.server.ThreadingHTTPServer):
    request_queue_size = 128  # the default 5 drops some of the ten fragments a search fetches at once (retried after 1–15 s)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    site = tmp_path_factory.mktemp("browser") / "site"
    assert main(["-C", str(ROOT), "build", "--output", str(site), "--as-of", "2026-01-01"]) == 0
    handler = functools.partial(_Quiet, directory=str(site))
    httpd = _Server(("127.0.0.1", 0), handler)
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


def test_search_folds_letters_and_fetches_only_the_index_chunks(server, browser):
    """Issue 7: the theme's search box runs Pagefind. Written with Azerbaijani letters, in capitals or without
    them, a query finds the Regulation and its sub-point 5.9.4; the snippets show the text as written (the folded
    forms the index adds are not shown); the reader fetches the searcher and some index chunks, never a whole-site
    index, and nothing from another host."""
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    fetched: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: fetched.append(r.url))
    page.goto(server + "about/")
    regulation = ".md-search-result__link[href*='2024/21/esasname/']"
    for query in ("Əsasnamə", "ƏSASNAMƏ", "esasname", "əsasname"):
        _search(page, query)
        page.locator(regulation).first.wait_for()
        title = page.locator(f"{regulation} h1").first.inner_text()
        assert title.endswith("haqqında Əsasnamə"), title
        snippets = " ".join(page.locator(".md-search-result__article p").all_inner_texts())
        assert "Əsasnamə" in snippets and "esasname" not in snippets.replace("/esasname/", "").replace("“esasname”", "")
    for query in ("5.9.4", "sadə səs çoxluğu", "sade ses coxlugu"):
        _search(page, query)
        link = page.locator(f"{regulation}[href$='#5.9.4']").first
        link.wait_for()
        assert "sadə səs çoxluğu" in link.inner_text()
    link.click()
    page.wait_for_url(lambda url: url.endswith("/2024/21/esasname/#5.9.4"))
    assert page.locator("[id='5.9.4']").is_visible()
    searched = [u for u in fetched if "/pagefind/" in u]
    assert any(u.endswith("/pagefind/pagefind.js") for u in searched)
    assert any(".pf_index" in u for u in searched) and any(".pf_fragment" in u for u in searched)
    assert not any("search_index.json" in u or "/search/" in u for u in fetched)
    assert all(u.startswith((server, "data:")) for u in fetched)
    assert errors == []
    context.close()


def test_search_finds_the_built_pages_from_their_own_index_beside_the_acts(server, browser):
    """The built pages (About, the Group's) have a search index of their own, merged in the browser into the acts'
    one: one query lists pages from both, and the merged index brings no second searcher."""
    page = browser.new_page()
    errors: list[str] = []
    fetched: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: fetched.append(r.url))
    page.goto(server + "about/")
    assert page.locator("[data-qanun-search]").get_attribute("data-qanun-search-merge") == "pagefind/pages/"
    _search(page, "Sayt haqqında")
    page.locator(".md-search-result__link[href$='/about/']").first.wait_for()
    hrefs = page.locator(".md-search-result__link").evaluate_all("links => links.map(a => a.href)")
    assert any("/akn/" in h for h in hrefs), hrefs  # the acts' titles say "haqqında" too
    assert any("/pagefind/pages/pagefind-entry.json" in u for u in fetched)
    assert not any("/pagefind/pages/" in u and (urlsplit(u).path.endswith(".js") or "wasm" in u) for u in fetched)
    assert errors == []
    page.close()


HOSTILE = "Tələ <img src=x onerror=window.__qanun_x=1> &lt;b&gt; <mark>işarə</mark> & ;"


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory):
    """The sample acts with markup in the text of 5.9.4, built and served."""
    import shutil

    project = tmp_path_factory.mktemp("hostile-search")
    shutil.copytree(ROOT / "acts", project / "acts")
    shutil.copytree(ROOT / "site", project / "site")
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    source = project / "acts" / "nk-2024-21.yaml"
    text = source.read_text(encoding="utf-8")
    assert text.count("edənlərin sadə səs çoxluğu") == 1
    source.write_text(text.replace("edənlərin sadə səs çoxluğu", f"edənlərin {HOSTILE} sadə səs çoxluğu"),
                      encoding="utf-8")
    site = project / "out"
    assert main(["-C", str(project), "build", "--output", str(site), "--as-of", "2026-01-01"]) == 0
    handler = functools.partial(_Quiet, directory=str(site))
    httpd = _Server(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


def test_search_results_show_markup_in_the_text_as_written(hostile_server, browser):
    """A provision holding markup and entities: its search snippet shows them as text; nothing is run or loaded."""
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(hostile_server)
    _search(page, "tele")
    link = page.locator(".md-search-result__link[href$='#5.9.4']").first
    link.wait_for()
    assert HOSTILE in link.locator("p").inner_text()
    assert page.locator(".md-search-result__list img, .md-search-result__list b").count() == 0
    assert [m.inner_text() for m in link.locator("mark").all()] == ["Tələ"]
    assert page.evaluate("window.__qanun_x") is None and errors == []
    page.close()


def test_compare_two_versions_redline_then_side_by_side(server, browser):
    """Issue 5: pick two versions on the compare page, see the redline, switch to side by side; the choice is
    kept in the URL; a provision's history is reached from its number."""
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page()
    errors: list[str] = []
    outside: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith((server, "data:")) else None)
    step = iter(range(1, 100))

    def shot(name: str) -> None:
        page.screenshot(path=str(ARTIFACTS / f"compare-{next(step):02d}-{name}.png"), full_page=False)

    # 1. From the criteria's page to its compare page.
    page.goto(server + "akn/az/act/2019/191705000007900/")
    page.locator("a.compare-link").click()
    page.wait_for_url("**/191705000007900/compare/**")
    page.wait_for_selector("html.compare-ready")
    shot("compare-default")

    # 2. Pick the two versions: the later as "old" first, then the right order (any pair can be chosen).
    page.select_option("#compare-a", "2020-08-03")
    page.select_option("#compare-b", "2020-08-03")
    assert "Eyni redaksiya" in page.locator(".compare-summary").inner_text()
    page.select_option("#compare-a", "2019-05-22")
    result = page.locator("#compare-result")
    assert result.get_attribute("data-a") == "2019-05-22" and result.get_attribute("data-b") == "2020-08-03"
    assert "a=2019-05-22" in page.url and "b=2020-08-03" in page.url

    # 3. The redline: deleted and inserted words, each change linked to its note on the 2020 page.
    assert page.locator("#compare-result .cmp-inline del", has_text="Vergilər Nazirliyinə").first.is_visible()
    assert page.locator("#compare-result .cmp-inline ins", has_text="Dövlət Vergi Xidməti").first.is_visible()
    assert page.locator("#compare-result .cmp-change").count() == 4
    note = page.locator("article[data-id='2.5'] a.cmp-note").first
    assert note.inner_text() == "[2]" and note.get_attribute("href").endswith("/aze@2020-08-03/#note-2")
    assert "4 bənd dəyişdirilib" in page.locator(".compare-summary").inner_text()
    shot("redline")

    # 4. Side by side (old | new), then changed provisions only.
    page.locator("input[name=view][value=side]").check()
    table = page.locator("#compare-result table.cmp-side")
    table.wait_for()
    row = table.locator("tr[data-id='2.5']")
    assert row.locator("td.cmp-old del", has_text="Vergilər Nazirliyinə").is_visible()
    assert row.locator("td.cmp-new ins", has_text="Dövlət Vergi Xidməti").first.is_visible()
    assert row.locator("td.cmp-old ins").count() == 0 and row.locator("td.cmp-new del").count() == 0
    assert "view=side" in page.url
    all_rows = table.locator("tr.cmp-prov").count()
    page.locator("#compare-only").check()
    assert table.locator("tr.cmp-prov").count() == 4 < all_rows
    assert "only=1" in page.url
    shot("side-by-side-changed-only")

    # 5. The URL keeps the choice: reloading shows the same comparison.
    page.reload()
    page.wait_for_selector("html.compare-ready")
    assert page.locator("input[name=view][value=side]").is_checked() and page.locator("#compare-only").is_checked()
    assert page.locator("#compare-result table.cmp-side tr.cmp-prov").count() == 4
    shot("reloaded")

    # 6. From a provision's number on the act page to its history.
    page.goto(server + "akn/az/act/2019/191705000007900/")
    page.locator("[id='meyarlar-2.5'] a.prov-history").click()
    page.wait_for_url("**/history/#wid-meyarlar-2.5")
    section = page.locator("[id='wid-meyarlar-2.5']")
    assert section.is_visible() and section.locator("tr").count() == 3  # header, 2019 wording, 2020 wording
    assert section.locator("a", has_text="[2]").count() == 1
    shot("provision-history")

    # 7. The Coordination Group's sample data says it is a sample.
    page.goto(server + "koordinasiya-qrupu/2025/2025-02-14/")
    assert page.locator(".banner-sample").is_visible()
    shot("meeting")

    assert errors == []
    assert outside == []


@pytest.fixture(scope="module")
def code_server(tmp_path_factory):
    """A small synthetic code (benchmarks/corpus.py: 160 provisions, 20 amending laws, some in two steps), built
    without DOCX/PDF and served; with its consolidated corpus."""
    import datetime as dt
    import sys

    from generator.pipeline import load_and_consolidate
    from generator.site import build_site

    sys.path.insert(0, str(ROOT / "benchmarks"))
    import corpus as synthetic

    project = tmp_path_factory.mktemp("code")
    with pytest.MonkeyPatch.context() as mp:
        for name, value in {"TAX_PROVISIONS": 160, "TAX_CHAPTERS": 4, "TAX_ARTICLES": 30, "TAX_AMENDING": 20,
                            "TAX_CHANGES": 120}.items():
            mp.setattr(synthetic, name, value)
        synthetic.generate(project, 0, seed=5)
    code = load_and_consolidate(project)
    site = project / "out"
    build_site(code, project, site, dt.date(2026, 1, 1), downloads=False)
    handler = functools.partial(_Quiet, directory=str(site))
    httpd = _Server(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/", code
    httpd.shutdown()
    httpd.server_close()


def test_compare_fetches_only_the_two_versions_it_shows(code_server, browser):
    """Issue 7: the compare page of an act with many versions fetches the index and the JSON download of the two
    versions compared, each once; another pick fetches the one new version. What it shows is what the
    comparison of generator/compare.py finds."""
    from generator.compare import compare
    from generator.render.urls import Urls

    server, code = code_server
    act_id = max(code.histories, key=lambda a: len(code.histories[a].versions))
    h = code.histories[act_id]
    assert len(h.versions) >= 10
    work = Urls.for_acts(list(code.acts.values())).work(act_id)
    page = browser.new_page()
    errors: list[str] = []
    fetched: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: fetched.append(r.url[len(server):]) if r.url.endswith(".json") else None)

    page.goto(f"{server}{work}compare/")
    page.wait_for_selector("html.compare-ready")
    result = page.locator("#compare-result")
    a, b = result.get_attribute("data-a"), result.get_attribute("data-b")
    assert b == h.versions[-1].start.isoformat() and a == h.versions[-2].start.isoformat()
    assert sorted(fetched) == sorted([f"{work}versions.json", *(f"{work}aze@{d}/{_name(work)}_{d}.json" for d in (a, b))])

    first = h.versions[0]
    page.select_option("#compare-a", first.start.isoformat())
    page.wait_for_selector(f"#compare-result[data-a='{first.start.isoformat()}']:not([aria-busy])")
    assert len(fetched) == 4 and fetched[-1].endswith(f"_{first.start.isoformat()}.json")
    expected = compare(h, first, h.versions[-1])
    changed = sorted((p.id, p.status) for p in expected.provisions if p.is_change and p.status != "unchanged")
    shown = sorted((x.get_attribute("data-id"), x.get_attribute("class").split()[1][len("cmp-"):])
                   for x in result.locator("article.cmp-change").all()
                   if "cmp-unchanged" not in x.get_attribute("class"))
    assert changed and shown == changed
    notes = {int(x.inner_text().strip("[]")) for x in result.locator("article a.cmp-note").all()}
    assert notes == {n for p in expected.provisions for n in p.notes}
    amending = result.locator(".cmp-notes a.cmp-amending").first
    amending.wait_for()
    assert page.request.get(amending.get_attribute("href")).ok  # the amending act's page, from the index

    page.select_option("#compare-a", a)  # fetched already: drawn at once, nothing fetched again
    assert result.get_attribute("data-a") == a and len(fetched) == 4
    assert errors == []
    page.close()


def _name(work: str) -> str:
    return work.rstrip("/").rpartition("/")[2]
