"""`qanun serve`: a live preview for the secretariat. Builds the site, serves it on 127.0.0.1, rebuilds
whenever something the build reads changes (acts/, meetings/, the project's site/ and mkdocs.yml), and
makes every open page reload itself after a rebuild.

Each rebuild is the same atomic `build_site` as `qanun build` (without DOCX and PDF unless asked for, as
they are the slow part), so the server always has a complete site to show. A rebuild that fails keeps the
last good site up, and every page then carries a banner listing the problems as `path:line:col: message`.

The preview code lives in the server only: the reload script and the banner are added to HTML responses
as they are sent, never written into the built site, so nothing of it can reach a published site.
"""
from __future__ import annotations

import datetime as dt
import html
import http.server
import json
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from . import pipeline
from .errors import QanunError, SourceError, UsageError
from .i18n import _, language
from .buildcache import cache_root
from .site import Progress, build_site

STATUS_PATH = "/__qanun__/status"  # the one URL of the preview itself; no act or page path starts with "__"
POLL_SECONDS = 0.5  # how often the sources are looked at
QUIET_SECONDS = 0.4  # a burst of saves must settle this long before one rebuild starts
PAGE_POLL_MS = 1000  # how often an open page asks whether there is a new build
WATCHED = ("acts", "meetings", "site", "mkdocs.yml")  # everything a build reads from the project
SKIPPED_DIRS = {".git", "__pycache__"}
SKIPPED_SUFFIXES = ("~", ".swp", ".swx", ".swo", ".tmp")  # editors' backups and swap files
BINARY_SUFFIXES = (".docx", ".pdf")  # left out of a preview built without --downloads


class ServeError(QanunError):
    """The preview server could not start (bad address, port taken)."""

    exit_code = 2


# --- the state shared by the builder and the request handlers ---------------------------------

@dataclass(frozen=True)
class Problem:
    """One reason a build failed: `where` is `path:line:col` for a problem in a source, else empty."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


@dataclass(frozen=True)
class Status:
    generation: int = 0  # finished builds, good or bad: an open page reloads when it changes
    state: str = "building"  # building | ok | error
    problems: tuple[Problem, ...] = ()  # of the last build, when it failed
    has_site: bool = False  # a good build exists to be served

    def to_json(self) -> bytes:
        data = {"generation": self.generation, "state": self.state, "site": self.has_site,
                "problems": [{"where": p.where, "message": p.message} for p in self.problems]}
        return json.dumps(data, ensure_ascii=False).encode("utf-8")


@dataclass
class Preview:
    """What the server shows: the site folder and the status. The builder (main thread) changes the status,
    request threads read it; a lock keeps each change whole."""

    site: Path
    downloads: bool = False
    _status: Status = field(default_factory=Status)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def status(self) -> Status:
        with self._lock:
            return self._status

    def building(self) -> None:
        with self._lock:
            self._status = Status(self._status.generation, "building", self._status.problems, self._status.has_site)

    def finished(self, problems: tuple[Problem, ...]) -> None:
        with self._lock:
            s = self._status
            self._status = Status(s.generation + 1, "error" if problems else "ok", problems,
                                  s.has_site or not problems)


# --- pure: what the browser is sent ----------------------------------------------------------

def reload_script(generation: int) -> str:
    """Asks the server for its status and reloads the page when a newer build finished. Same origin only;
    a server that is gone (Ctrl+C) is simply asked again later."""
    return (
        "<script data-qanun-preview>(function(){var g=%d;function p(){fetch(%s,{cache:'no-store'})"
        ".then(function(r){return r.json()}).then(function(s){if(s.generation!==g){location.reload()}"
        "else{setTimeout(p,%d)}},function(){setTimeout(p,%d)})}setTimeout(p,%d)})();</script>"
        % (generation, json.dumps(STATUS_PATH), PAGE_POLL_MS, PAGE_POLL_MS * 2, PAGE_POLL_MS))


def problem_list(problems: tuple[Problem, ...]) -> str:
    """The problems as an HTML list, every character of them escaped: sources are hostile input."""
    items = "".join(f"<li><code>{html.escape(str(p))}</code></li>" for p in problems)
    return f'<ul style="margin:.4em 0;padding-left:1.4em">{items}</ul>'


def banner(status: Status) -> str:
    """The overlay at the top of every page while the last build failed (empty otherwise)."""
    if status.state != "error":
        return ""
    return (
        '<div id="qanun-preview-errors" role="alert" data-qanun-preview style="position:fixed;top:0;left:0;'
        "right:0;z-index:100000;max-height:50vh;overflow:auto;background:#fff3f3;color:#5c0000;"
        "border-bottom:3px solid #c00;padding:.6em 1em;font:14px/1.4 system-ui,sans-serif;text-align:left\">"
        f"<strong>{html.escape(_('The sources have errors:'))}</strong>"
        f"{problem_list(status.problems)}"
        f"<div>{html.escape(_('The preview shows the last good site; it reloads by itself when the sources are fixed.'))}</div>"
        "</div>")


def inject(page: str, status: Status) -> str:
    """The page with the banner and the reload script added just before </body> (at the end without one)."""
    addition = banner(status) + reload_script(status.generation)
    end = page.lower().rfind("</body>")
    return page + addition if end < 0 else page[:end] + addition + page[end:]


def status_page(status: Status) -> str:
    """Served for every page while no build has succeeded yet: building, or why the first build failed."""
    if status.state == "error":
        title = _("The preview could not be built")
        body = (f"<h1>{html.escape(title)}</h1>{problem_list(status.problems)}"
                f"<p>{html.escape(_('This page reloads by itself when the sources are fixed.'))}</p>")
    else:
        title = _("Building the preview…")
        body = f"<h1>{html.escape(title)}</h1>"
    return (f'<!doctype html><html lang="{language()}"><head><meta charset="utf-8">'
            f"<title>{html.escape(title)}</title></head>"
            f'<body style="font:16px/1.5 system-ui,sans-serif;margin:2em">{body}'
            f"{reload_script(status.generation)}</body></html>")


def no_download_page() -> str:
    message = _("DOCX and PDF are not made in the preview; start it with --downloads to have them.")
    return (f'<!doctype html><html lang="{language()}"><head><meta charset="utf-8"><title>404</title></head>'
            f'<body style="font:16px/1.5 system-ui,sans-serif;margin:2em"><p>{html.escape(message)}</p></body></html>')


# --- watching the sources --------------------------------------------------------------------

Snapshot = dict[str, tuple[int, int, int]]


def _files(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    found = []
    for folder, dirs, names in os.walk(path):  # a missing folder gives nothing; errors while walking are skipped
        dirs[:] = [d for d in dirs if d not in SKIPPED_DIRS]
        found += [Path(folder, n) for n in names if not n.endswith(SKIPPED_SUFFIXES)]
    return found


def snapshot(root: Path) -> Snapshot:
    """Every file the build may read, with what changes when it is saved. The inode is there for an editor's
    atomic save (write a new file, rename it over the old one); a folder or file that appears later (a
    project's first site/index.md) is picked up, since the build would use it."""
    stamps: Snapshot = {}
    for name in WATCHED:
        for path in _files(root / name):
            try:
                st = path.stat()
            except OSError:  # deleted while we looked, or a dangling link (an editor's lock file)
                continue
            stamps[path.relative_to(root).as_posix()] = (st.st_mtime_ns, st.st_size, st.st_ino)
    return stamps


def changed_files(before: Snapshot, after: Snapshot) -> list[str]:
    return sorted(p for p in before.keys() | after.keys() if before.get(p) != after.get(p))


def wait_for_change(root: Path, seen: Snapshot, stop: threading.Event) -> Snapshot | None:
    """Block until the watched files differ from `seen` and have been quiet for QUIET_SECONDS (so a burst of
    saves gives one rebuild); the new snapshot, or None once `stop` is set."""
    while not stop.wait(POLL_SECONDS):
        now = snapshot(root)
        if now == seen:
            continue
        while not stop.wait(QUIET_SECONDS):
            later = snapshot(root)
            if later == now:
                break
            now = later
        else:
            return None
        if now != seen:
            return now
    return None


# --- building --------------------------------------------------------------------------------

def build_once(root: Path, output: Path, as_of: dt.date | None, downloads: bool) -> tuple[tuple[Problem, ...], tuple[str, ...]]:
    """One build of the preview: (problems, warnings). Never raises for a problem in the sources or the
    site, nor for an unexpected error: the server must outlive them all."""
    from .packaged import site_root

    try:
        corpus = pipeline.load_and_consolidate(root, cache_root(root))
        with site_root(root) as site_from:  # the same site/ and mkdocs.yml `qanun build` would use
            result = build_site(corpus, site_from, output, as_of or pipeline.today(), downloads=downloads)
        return (), tuple(str(w) for w in corpus.warnings) + result.warnings
    except SourceError as exc:
        return tuple(Problem(str(d.loc), d.message) for d in exc.diagnostics), ()
    except QanunError as exc:
        return (Problem("", str(exc)),), ()
    except Exception as exc:  # noqa: BLE001  a bug must not stop the preview: report it briefly, keep going
        return (Problem("", _("unexpected error: {error}", error=f"{type(exc).__name__}: {exc}")),), ()


def rebuild(root: Path, preview: Preview, as_of: dt.date | None, progress: Progress,
            shown: tuple[str, ...]) -> tuple[str, ...]:
    """Build, update the status and report on the console; returns the warnings now shown (each warning
    is printed once, not again on every rebuild)."""
    preview.building()
    started = time.monotonic()
    problems, warnings = build_once(root, preview.site, as_of, preview.downloads)
    seconds = f"{time.monotonic() - started:.1f}"
    preview.finished(problems)
    if problems:
        for problem in problems:
            progress(str(problem))
        progress(_("the build failed after {seconds} s; the preview shows the last good site", seconds=seconds))
        return shown
    for warning in warnings:
        if warning not in shown:
            progress(warning)
    progress(_("built in {seconds} s", seconds=seconds))
    return warnings


# --- serving ---------------------------------------------------------------------------------

class _Handler(http.server.SimpleHTTPRequestHandler):
    """The built site as files, except that HTML gets the reload script (and the banner), and the status."""

    preview: Preview  # set on the subclass `serve` makes

    def log_message(self, *args) -> None:  # the console is for builds, not requests
        pass

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")  # a reload must show the new build
        super().end_headers()

    def do_GET(self) -> None:  # noqa: N802  (http.server's name)
        self._respond(head=False)

    def do_HEAD(self) -> None:  # noqa: N802
        self._respond(head=True)

    def _respond(self, head: bool) -> None:
        status = self.preview.status
        path = urlsplit(self.path).path
        if path == STATUS_PATH:
            return self._send(200, "application/json; charset=utf-8", status.to_json(), head)
        if not status.has_site:
            return self._send(503, "text/html; charset=utf-8", status_page(status).encode("utf-8"), head)
        target = Path(self.translate_path(self.path))  # inside the site folder: http.server drops "..", drives
        if target.is_dir() and path.endswith("/"):
            target = target / "index.html"
        if target.suffix == ".html" and self._send_page(200, target, status, head):
            return None
        if not target.exists():
            return self._not_found(target, status, head)
        return super().do_HEAD() if head else super().do_GET()

    def _send_page(self, code: int, page: Path, status: Status, head: bool) -> bool:
        try:
            text = page.read_text(encoding="utf-8")
        except OSError:  # not there, or swapped away by a rebuild this very moment
            return False
        self._send(code, "text/html; charset=utf-8", inject(text, status).encode("utf-8"), head)
        return True

    def _not_found(self, target: Path, status: Status, head: bool) -> None:
        if not self.preview.downloads and target.suffix in BINARY_SUFFIXES:
            return self._send(404, "text/html; charset=utf-8", no_download_page().encode("utf-8"), head)
        if not self._send_page(404, self.preview.site / "404.html", status, head):
            self.send_error(404)
        return None

    def _send(self, code: int, content_type: str, body: bytes, head: bool) -> None:
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head:
            self.wfile.write(body)


def parse_addr(addr: str) -> tuple[str, int]:
    host, _sep, port = addr.rpartition(":")
    if not port.isdigit() or int(port) > 65535:
        raise UsageError(_("--addr must be HOST:PORT (for example 127.0.0.1:8000), not {addr}", addr=addr))
    return host or "127.0.0.1", int(port)


def listen(addr: str, preview: Preview) -> http.server.ThreadingHTTPServer:
    host, port = parse_addr(addr)
    handler = type("Handler", (_Handler,), {"preview": preview})
    try:
        return http.server.ThreadingHTTPServer((host, port), lambda *a: handler(*a, directory=str(preview.site)))
    except OSError as exc:  # port taken, unknown host
        raise ServeError(_("cannot serve on {addr}: {error}", addr=addr, error=exc.strerror or exc)) from exc


def serve(root: Path, as_of: dt.date | None, addr: str, progress: Progress, *, downloads: bool = False,
          stop: threading.Event | None = None, ready: Callable[[str], None] | None = None) -> int:
    """Serve the preview until Ctrl+C (or until `stop` is set: tests run it in a thread); `ready` is told
    the address once the server listens, before the first build."""
    folder = Path(tempfile.mkdtemp(prefix="qanun-serve-"))
    preview = Preview(folder / "site", downloads)
    try:
        httpd = listen(addr, preview)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    host, port = httpd.server_address[:2]
    url = f"http://{host}:{port}/"
    stop = stop or threading.Event()
    try:
        progress(_("serving {url} (Ctrl+C stops); pages reload by themselves after each rebuild", url=url))
        if ready is not None:
            ready(url)
        seen = snapshot(root)
        progress(_("building the preview"))
        shown = rebuild(root, preview, as_of, progress, ())
        while (now := wait_for_change(root, seen, stop)) is not None:
            files = changed_files(seen, now)
            seen = now
            progress(_("changed: {files}; rebuilding", files=", ".join(files[:3]) + (" …" if len(files) > 3 else "")))
            shown = rebuild(root, preview, as_of, progress, shown)
    except KeyboardInterrupt:
        pass
    finally:
        httpd.shutdown()
        httpd.server_close()
        shutil.rmtree(folder, ignore_errors=True)
    progress(_("preview stopped"))
    return 0
