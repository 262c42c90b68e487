"""`qanun serve` (issue 9, item 5): rebuilds on save, pages reload by themselves, and a source error shows on
the page as `path:line:col: message` (escaped) while the server keeps running on the last good site.

One server runs in a thread for the module, on a copy of the project (acts/, meetings/, site/, mkdocs.yml);
the tests take turns editing that copy and poll the status endpoint (generous timeouts, nothing timed).
The command itself (first build failing, Ctrl+C) is run as a subprocess; a real browser checks the reload.
"""
from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import ROOT
from helpers import copy_project
from generator import serve as S
from generator.cli import main

AS_OF = "2026-01-01"
CRITERIA = "akn/az/act/2019/191705000007900/"
SOURCE = "acts/vn-kollegiya-2019-191705000007900.yaml"
WORDING = "Qərarın icrasına nəzarəti öz üzərimdə saxlayıram."
TIMEOUT = 300  # seconds: a ceiling for a rebuild on a slow, shared machine, never an expectation
CHROMIUM = Path("/usr/bin/chromium")


# --- helpers ---------------------------------------------------------------------------------

def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


def status(base: str) -> dict:
    return json.loads(fetch(base + "__qanun__/status")[1])


def wait_for(base: str, done: Callable[[dict], bool], what: str) -> dict:
    deadline = time.monotonic() + TIMEOUT
    while True:
        s = status(base)
        if done(s):
            return s
        if time.monotonic() > deadline:
            pytest.fail(f"waited {TIMEOUT} s for {what}; last status {s}")
        time.sleep(0.2)


def next_build(base: str, after: int) -> dict:
    """The status once a build newer than generation `after` has finished."""
    return wait_for(base, lambda s: s["generation"] > after and s["state"] != "building", "a rebuild")


def save_atomically(path: Path, text: str) -> None:
    """As many editors save: write a new file beside the old one and rename it over."""
    temp = path.with_name(path.name + ".tmp")
    temp.write_text(text, encoding="utf-8")
    os.replace(temp, path)


# --- the server in a thread ------------------------------------------------------------------

@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return copy_project(tmp_path_factory.mktemp("serve") / "project", "acts", "meetings", "site", "mkdocs.yml")


@pytest.fixture(scope="module")
def server(project):
    log: list[str] = []
    urls: list[str] = []
    stop = threading.Event()
    thread = threading.Thread(target=S.serve, args=(project, S.dt.date.fromisoformat(AS_OF), "127.0.0.1:0", log.append),
                              kwargs={"stop": stop, "ready": urls.append}, daemon=True)
    thread.start()
    deadline = time.monotonic() + TIMEOUT
    while not urls and thread.is_alive() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert urls, f"the server did not start: {log}"
    base = urls[0]
    wait_for(base, lambda s: s["generation"] >= 1, "the first build")
    yield base, log, thread
    stop.set()
    thread.join(TIMEOUT)
    assert not thread.is_alive()


def test_page_has_the_wording_and_the_reload_script(server):
    base, log, _ = server
    assert status(base)["state"] == "ok", log
    code, page = fetch(base + CRITERIA)
    assert code == 200
    assert WORDING in page
    assert "data-qanun-preview" in page and "/__qanun__/status" in page
    assert page.index("data-qanun-preview") < page.lower().rindex("</body>")
    assert 'id="qanun-preview-errors"' not in page


def test_a_saved_source_is_rebuilt_and_served(server, project):
    base, log, thread = server
    before = status(base)["generation"]
    source = project / SOURCE
    save_atomically(source, source.read_text(encoding="utf-8").replace(WORDING, "Nəzarət yeni mətnlə saxlanılır."))
    s = next_build(base, before)
    assert s["state"] == "ok", s
    page = fetch(base + CRITERIA)[1]
    assert "Nəzarət yeni mətnlə saxlanılır." in page and WORDING not in page
    assert re.search(r"var g=%d;" % s["generation"], page)  # the script knows which build it came from
    assert thread.is_alive()


def test_broken_yaml_shows_on_every_page_with_file_and_line(server, project):
    base, log, thread = server
    source = project / SOURCE
    good = source.read_text(encoding="utf-8")
    before = status(base)["generation"]
    save_atomically(source, good + "title: [unclosed\n")
    s = next_build(base, before)
    assert s["state"] == "error" and s["site"] is True
    where = [p["where"] for p in s["problems"] if p["where"].startswith(f"{SOURCE}:")]
    assert where, s["problems"]
    line = int(where[0].split(":")[1])
    assert line > good.count("\n")  # at the bad line appended (or the end of the file it leaves open)
    for path in ("", CRITERIA):
        code, page = fetch(base + path)
        assert code == 200  # the last good site, with the banner over it
        assert 'id="qanun-preview-errors"' in page
        assert f"{SOURCE}:{line}:" in page
    assert "Nəzarət yeni mətnlə saxlanılır." in fetch(base + CRITERIA)[1]
    assert any(SOURCE in line for line in log)  # and on the console
    assert thread.is_alive()
    save_atomically(source, good)
    assert next_build(base, s["generation"])["state"] == "ok"


def test_markup_in_an_error_is_escaped(server, project):
    base, log, thread = server
    source = project / SOURCE
    good = source.read_text(encoding="utf-8")
    before = status(base)["generation"]
    save_atomically(source, good.replace("enacting_formula:", '"<script>alert(1)</script>": 1\nenacting_formula:', 1))
    s = next_build(base, before)
    assert s["state"] == "error"
    assert any("<script>alert(1)</script>" in p["message"] for p in s["problems"])  # JSON: data, not markup
    page = fetch(base + CRITERIA)[1]
    banner = page[page.index('id="qanun-preview-errors"'):]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in banner
    assert "<script>alert(1)" not in page
    assert thread.is_alive()
    save_atomically(source, good)
    assert next_build(base, s["generation"])["state"] == "ok"


def test_fixing_the_source_removes_the_banner(server, project):
    base, log, thread = server
    s = status(base)
    assert s["state"] == "ok" and s["problems"] == []
    page = fetch(base + CRITERIA)[1]
    assert 'id="qanun-preview-errors"' not in page
    assert "Nəzarət yeni mətnlə saxlanılır." in page


def test_a_change_in_meetings_rebuilds(server, project):
    base, log, thread = server
    before = status(base)["generation"]
    records = sorted((project / "meetings").rglob("*.yaml"))[0]
    with records.open("a", encoding="utf-8") as f:
        f.write("# edited in the preview\n")
    assert next_build(base, before)["state"] == "ok"


def test_downloads_are_left_out_and_say_so(server):
    base, log, thread = server
    page = fetch(base + CRITERIA)[1]
    docx = re.search(r'href="([^"]+\.docx)"', page)
    assert docx, "the page links its DOCX download"
    code, body = fetch(base + CRITERIA + docx.group(1))
    assert code == 404 and "--downloads" in body
    code, body = fetch(base + "no/such/page/")
    assert code == 404 and "data-qanun-preview" in body  # the site's own 404 page, reloading too


def test_a_page_in_a_browser_reloads_by_itself(server, project):
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing (CI is set: install chromium, as .ci/run does)", pytrace=False)
        pytest.skip(f"{CHROMIUM} is missing")
    playwright_api = pytest.importorskip("playwright.sync_api")
    base, log, thread = server
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--no-first-run"])
        try:
            page = browser.new_page()
            outside: list[str] = []
            page.on("request", lambda r: outside.append(r.url) if not r.url.startswith((base, "data:")) else None)
            page.goto(base + CRITERIA)
            assert page.get_by_text("Nəzarət yeni mətnlə saxlanılır.").count() == 1
            source = project / SOURCE
            save_atomically(source, source.read_text(encoding="utf-8").replace(
                "Nəzarət yeni mətnlə saxlanılır.", "Brauzer səhifəni özü yenilədi."))
            page.get_by_text("Brauzer səhifəni özü yenilədi.").wait_for(timeout=TIMEOUT * 1000)
            assert outside == []
        finally:
            browser.close()


def test_the_built_site_has_no_preview_code(tmp_path, monkeypatch):
    monkeypatch.setenv("QANUN_CACHE", str(ROOT / "build" / "cache"))  # rendered DOCX/PDF, shared
    out = tmp_path / "site"
    assert main(["-C", str(ROOT), "build", "--output", str(out), "--as-of", AS_OF]) == 0
    for path in out.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".js", ".json", ".xml"):
            text = path.read_text(encoding="utf-8", errors="replace")
            assert "__qanun__" not in text and "data-qanun-preview" not in text, path


# --- the command: a first build that fails, then Ctrl+C ---------------------------------------

@pytest.mark.skipif(sys.platform == "win32", reason="Ctrl+C is a POSIX signal here")
def _ctrl_c_as_at_a_terminal() -> None:
    """A test run started in the background (`cmd &` in a script) ignores SIGINT, and its children inherit that;
    at a terminal Ctrl+C interrupts, which is what the test is about."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_first_build_fails_then_recovers_and_ctrl_c_cleans_up(tmp_path):
    project = copy_project(tmp_path / "project", "acts")  # qanun's default site/ and mkdocs.yml
    source = project / SOURCE
    good = source.read_text(encoding="utf-8")
    source.write_text(good + "title: [unclosed\n", encoding="utf-8")
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {**os.environ, "TMPDIR": str(temp), "QANUN_LANG": "en", "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "generator.cli", "-C", str(project), "serve",
                             "--addr", "127.0.0.1:0", "--as-of", AS_OF],
                            cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True, encoding="utf-8",
                            preexec_fn=_ctrl_c_as_at_a_terminal if os.name == "posix" else None)
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(proc.stderr), daemon=True)
    reader.start()
    try:
        deadline = time.monotonic() + TIMEOUT
        while not any("http://" in line for line in lines) and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        found = [m.group(0) for line in lines if (m := re.search(r"http://127\.0\.0\.1:\d+/", line))]
        assert found, lines
        base = found[0]
        s = wait_for(base, lambda s: s["generation"] >= 1, "the first build")
        assert s["state"] == "error" and s["site"] is False
        for path in ("", CRITERIA, "anything/at/all"):
            code, page = fetch(base + path)
            assert code == 503 and f"{SOURCE}:" in page and "data-qanun-preview" in page
        source.write_text(good, encoding="utf-8")
        assert next_build(base, s["generation"])["state"] == "ok"
        code, page = fetch(base + CRITERIA)
        assert code == 200 and WORDING in page
        assert any(f"{SOURCE}:" in line for line in lines)  # the errors were printed
        proc.send_signal(signal.SIGINT)
        assert proc.wait(TIMEOUT) == 0
        reader.join(TIMEOUT)
        assert not list(temp.glob("qanun-serve-*")), "the preview's folder is removed"
        assert "Traceback" not in "".join(lines)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


# --- pure parts --------------------------------------------------------------------------------

def test_inject_puts_banner_and_script_before_the_body_ends():
    bad = S.Status(3, "error", (S.Problem("acts/x.yaml:2:1", "<b>bold</b> & more"),), True)
    page = S.inject("<html><body><p>text</p></BODY></html>", bad)
    assert page.endswith("</BODY></html>")
    assert "acts/x.yaml:2:1: &lt;b&gt;bold&lt;/b&gt; &amp; more" in page and "<b>" not in page
    assert "var g=3;" in page
    assert S.inject("no body", S.Status(1, "ok", (), True)).startswith("no body<script data-qanun-preview>")
    assert S.banner(S.Status(1, "ok", (), True)) == ""


def test_the_snapshot_covers_what_the_build_reads_and_skips_editor_files(tmp_path):
    (tmp_path / "acts").mkdir()
    (tmp_path / "acts" / "a.yaml").write_text("x", encoding="utf-8")
    (tmp_path / "acts" / "a.yaml.swp").write_text("x", encoding="utf-8")
    (tmp_path / "acts" / "a.yaml~").write_text("x", encoding="utf-8")
    (tmp_path / "build").mkdir()
    (tmp_path / "build" / "out.html").write_text("x", encoding="utf-8")
    first = S.snapshot(tmp_path)
    assert list(first) == ["acts/a.yaml"]
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "index.md").write_text("# home", encoding="utf-8")  # from now on the build uses it
    (tmp_path / "mkdocs.yml").write_text("site_name: x", encoding="utf-8")
    (tmp_path / "meetings" / "2026").mkdir(parents=True)
    (tmp_path / "meetings" / "2026" / "m.yaml").write_text("x", encoding="utf-8")
    assert S.changed_files(first, S.snapshot(tmp_path)) == ["meetings/2026/m.yaml", "mkdocs.yml", "site/index.md"]


def test_a_burst_of_saves_gives_one_change(tmp_path):
    (tmp_path / "acts").mkdir()
    source = tmp_path / "acts" / "a.yaml"
    source.write_text("0", encoding="utf-8")
    seen = S.snapshot(tmp_path)
    stop = threading.Event()
    results: list = []
    watcher = threading.Thread(target=lambda: results.append(S.wait_for_change(tmp_path, seen, stop)))
    watcher.start()
    for i in range(1, 6):
        save_atomically(source, str(i) * i)
    watcher.join(TIMEOUT)
    assert results and S.changed_files(seen, results[0]) == ["acts/a.yaml"]  # the swap files never count
    stop.set()
    assert S.wait_for_change(tmp_path, results[0], stop) is None  # a stopped watcher returns at once


def test_an_unexpected_error_is_a_problem_not_a_crash(tmp_path, monkeypatch):
    copy_project(tmp_path, "acts")

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(S, "build_site", broken)
    problems, warnings = S.build_once(tmp_path, tmp_path / "out", S.dt.date.fromisoformat(AS_OF), False)
    assert [p.where for p in problems] == [""] and "RuntimeError: boom" in problems[0].message


def test_a_bad_address_is_a_usage_error():
    with pytest.raises(S.UsageError):
        S.parse_addr("localhost")
    assert S.parse_addr(":8001") == ("127.0.0.1", 8001)


@pytest.mark.skipif(sys.platform == "win32", reason="SO_REUSEADDR lets Windows bind a port in use")
def test_a_port_in_use_is_a_one_line_error(tmp_path):
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        addr = f"127.0.0.1:{taken.getsockname()[1]}"
        with pytest.raises(S.ServeError, match="127.0.0.1"):
            S.listen(addr, S.Preview(tmp_path / "site"))
