"""Debian's Chromium on a folder served over http on 127.0.0.1: for the benchmarks that measure pages in a browser
(search.py, compare_page.py, run.py). Pages that fetch (search, comparison) do not work from file://."""
from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run"]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass


class _Server(http.server.ThreadingHTTPServer):
    # socketserver's default backlog is 5: the ten fragments a search fetches at once would overflow it, and a dropped
    # connection is retried by the client after 1, 3, 7, 15 s: a stall of the test server, not of the page.
    request_queue_size = 128


@contextlib.contextmanager
def served(folder: Path) -> Iterator[tuple[Any, str]]:
    """(a headless Chromium, the URL of `folder` served as it is, without compression), both stopped after."""
    from playwright.sync_api import sync_playwright

    httpd = _Server(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
            try:
                yield browser, f"http://127.0.0.1:{httpd.server_address[1]}/"
            finally:
                browser.close()
    finally:
        httpd.shutdown()
        httpd.server_close()
