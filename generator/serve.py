"""`qanun serve`: a live preview for the secretariat. Builds the site, serves it on 127.0.0.1, and
rebuilds whenever a source, the hand-written site or mkdocs.yml changes (reload the page to see it).

Each rebuild is the same atomic `build_site`, so the server always has a complete site to show; a
source with errors is reported and the last good preview stays up.
"""
from __future__ import annotations

import datetime as dt
import functools
import http.server
import shutil
import tempfile
import threading
import time
from pathlib import Path

from . import pipeline
from .errors import QanunError, SourceError
from .site import Progress, build_site


def _stamp(root: Path) -> tuple:
    """Every watched file with its modification time: a change to any of them triggers a rebuild."""
    files = [root / "mkdocs.yml", *sorted((root / "acts").rglob("*")), *sorted((root / "site").rglob("*"))]
    return tuple((str(f), f.stat().st_mtime_ns) for f in files if f.is_file())


def _build(root: Path, output: Path, as_of: dt.date | None, progress: Progress) -> None:
    try:
        corpus = pipeline.load_and_consolidate(root)
        build_site(corpus, root, output, as_of or pipeline.today(), progress=progress)
    except SourceError as exc:
        progress("\n".join(str(d) for d in exc.diagnostics) + "\nthe preview keeps the last good site")
    except QanunError as exc:
        progress(f"{exc}\nthe preview keeps the last good site")


def serve(root: Path, as_of: dt.date | None, addr: str, progress: Progress) -> int:
    host, _, port = addr.rpartition(":")
    folder = Path(tempfile.mkdtemp(prefix="qanun-serve-"))
    output = folder / "site"
    output.mkdir()
    _build(root, output, as_of, progress)

    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

    handler = functools.partial(Handler, directory=str(output))
    httpd = http.server.ThreadingHTTPServer((host or "127.0.0.1", int(port)), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    progress(f"serving http://{host or '127.0.0.1'}:{httpd.server_address[1]}/ (Ctrl+C stops)")
    seen = _stamp(root)
    try:
        while True:
            time.sleep(1)
            now = _stamp(root)
            if now != seen:
                seen = now
                progress("change detected: rebuilding")
                _build(root, output, as_of, progress)
    except KeyboardInterrupt:
        return 0
    finally:
        httpd.shutdown()
        shutil.rmtree(folder, ignore_errors=True)
