"""Dependencies at safe versions, pandoc boxed in, no network at build time (issue 8, point 5).

- lxml before 6.1 had an unsafe `iterparse`, mkdocs-material before 9.7.7 is older than the version the site was
  checked with: the suite fails if either is installed, and pyproject.toml declares the same minimums.
- pandoc reads untrusted text: every run must have `--sandbox` (no file or network access beyond what it is given)
  and a time limit. Checked twice: in the source (pandoc is reached only through `render.pandoc.run_pandoc`, and
  every subprocess qanun starts has a time limit), and by running every pandoc route with `subprocess.Popen`
  wrapped to record each pandoc command and the time limit it was waited on with.
- A build fetches nothing: the whole site build runs with sockets disabled, in this process (monkeypatched) and
  in the worker processes it starts (a sitecustomize module on PYTHONPATH disables them there and logs any try).
"""
from __future__ import annotations

import ast
import datetime as dt
import http.server
import importlib.metadata
import os
import shutil
import socket
import subprocess
import threading
import time
import tomllib
from pathlib import Path
from typing import Any

import pytest
from packaging.requirements import Requirement
from packaging.version import Version

from hostile_cases import ENFORCED, case, cases, check

ROOT = Path(__file__).resolve().parent.parent
GENERATOR = ROOT / "generator"
MINIMUMS = {"lxml": "6.1", "mkdocs-material": "9.7.7"}


def _record(case_id: str, ok: bool, detail: str) -> str:
    return check(case("deps", case_id), ENFORCED if ok else detail)


# --- versions -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("dist", sorted(MINIMUMS))
def test_installed_version_is_safe(dist: str) -> None:
    installed = Version(importlib.metadata.version(dist))
    ok = installed >= Version(MINIMUMS[dist])
    case_id = "lxml-at-least-6.1" if dist == "lxml" else "mkdocs-material-at-least-9.7.7"
    assert _record(case_id, ok, f"{dist} {installed} is installed") == ENFORCED, \
        f"{dist} {installed} is installed; qanun needs {dist}>={MINIMUMS[dist]}: upgrade it"


def test_pyproject_declares_the_same_minimums() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = {Requirement(r).name: Requirement(r).specifier for r in project["dependencies"]}
    wrong = [d for d, low in MINIMUMS.items() if d not in declared or Version(low) not in declared[d]
             or any(Version(low) > Version(s.version) for s in declared[d] if s.operator in (">=", ">"))
             or not any(s.operator in (">=", ">") for s in declared[d])]
    assert _record("declared-minimums", not wrong, f"not declared as minimums: {wrong}") == ENFORCED


# --- pandoc: the source ---------------------------------------------------------------------------------------

def _modules() -> list[tuple[str, ast.Module]]:
    return [(p.relative_to(ROOT).as_posix(), ast.parse(p.read_text(encoding="utf-8"), str(p)))
            for p in sorted(GENERATOR.rglob("*.py"))]


def _functions(tree: ast.Module) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
    return [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]


def _calls(node: ast.AST) -> list[ast.Call]:
    return [n for n in ast.walk(node) if isinstance(n, ast.Call)]


def _name(func: ast.expr) -> str:
    """`subprocess.run`, `Popen`, `pypandoc.convert_text`: a call's target as written."""
    if isinstance(func, ast.Attribute):
        return f"{_name(func.value)}.{func.attr}"
    return func.id if isinstance(func, ast.Name) else ""


def test_pandoc_is_reached_only_through_run_pandoc() -> None:
    """No pypandoc conversion (pypandoc waits on pandoc without a time limit), and the pandoc binary is started
    only by `run_pandoc`, which adds `--sandbox` and the time limit."""
    found = []
    for rel, tree in _modules():
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and _name(node.value) == "pypandoc" and node.attr != "get_pandoc_path":
                found.append(f"{rel}:{node.lineno}: pypandoc.{node.attr}")
        for fn in _functions(tree):
            starts = any(_name(c.func).endswith("pandoc_path") for c in _calls(fn))
            if starts and fn.name not in ("run_pandoc", "pandoc_path"):
                found.append(f"{rel}:{fn.lineno}: {fn.name} starts the pandoc binary itself")
        for call in _calls(tree):  # a pandoc found on PATH, started by name
            named = [a.value for a in ast.walk(call) if isinstance(a, ast.Constant) and isinstance(a.value, str)]
            if (_name(call.func) in _RUNS | {"subprocess.Popen", "Popen", "shutil.which", "os.system"}
                    and any(Path(n.split()[0]).name == "pandoc" for n in named if n.strip())):
                found.append(f"{rel}:{call.lineno}: {_name(call.func)} names pandoc directly")
    assert _record("pandoc-only-through-run-pandoc", not found, "; ".join(found)) == ENFORCED, found


_RUNS = {"subprocess.run", "subprocess.call", "subprocess.check_call", "subprocess.check_output"}


def test_every_subprocess_has_a_time_limit() -> None:
    """`subprocess.run` and friends get `timeout=`; a `Popen` is waited on with a timeout in the same function."""
    found = []
    for rel, tree in _modules():
        for fn in _functions(tree):
            calls = _calls(fn)
            for call in calls:
                name = _name(call.func)
                keywords = {k.arg for k in call.keywords}
                if name in _RUNS and "timeout" not in keywords:
                    found.append(f"{rel}:{call.lineno}: {name} without timeout=")
                if name.endswith("Popen"):
                    waits = [c for c in calls if _name(c.func).endswith((".communicate", ".wait"))
                             and ("timeout" in {k.arg for k in c.keywords} or len(c.args) >= 2)]
                    if not waits:
                        found.append(f"{rel}:{call.lineno}: Popen never waited on with a timeout in {fn.name}")
    assert _record("subprocess-timeouts", not found, "; ".join(found)) == ENFORCED, found


# --- pandoc: every route, run ---------------------------------------------------------------------------------

class _Recorded:
    """What the wrapped Popen saw of each pandoc run."""

    def __init__(self) -> None:
        self.runs: list[dict[str, Any]] = []


@pytest.fixture
def pandoc_runs(monkeypatch) -> _Recorded:
    from generator.render import docx, pandoc as pandoc_module, wordml

    recorded = _Recorded()
    real = subprocess.Popen
    pandoc = pandoc_module.pandoc_path()

    class Recording(real):  # type: ignore[misc, valid-type]
        def __init__(self, args, *rest, **kwargs):
            super().__init__(args, *rest, **kwargs)
            argv = [str(a) for a in (args if isinstance(args, (list, tuple)) else [args])]
            self._run = {"argv": argv, "timeouts": []} if argv and Path(argv[0]).name == Path(pandoc).name else None
            if self._run is not None:
                recorded.runs.append(self._run)

        def communicate(self, input=None, timeout=None):
            if self._run is not None:
                self._run["timeouts"].append(timeout)
                self._inside = True  # communicate waits internally: those waits are not the caller's
            try:
                return super().communicate(input, timeout)
            finally:
                self._inside = False

        def wait(self, timeout=None):
            # Only a wait on a running process counts: `with Popen(...)` waits again on exit, after it ended.
            if self._run is not None and not getattr(self, "_inside", False) and self.returncode is None:
                self._run["timeouts"].append(timeout)
            return super().wait(timeout)

    monkeypatch.setattr(subprocess, "Popen", Recording)
    # built once per process: make this test run them again (the DOCX writer's package comes from a pandoc run)
    docx.reference_docx.cache_clear()
    wordml.package.cache_clear()
    yield recorded
    docx.reference_docx.cache_clear()
    wordml.package.cache_clear()


def test_every_pandoc_run_is_sandboxed_and_time_limited(pandoc_runs: _Recorded, corpus, tmp_path: Path) -> None:
    from generator import pages as S
    from generator.meetings import documents, public_view
    from generator.render import docx
    from generator.render.layout import layout

    h = corpus.histories["vn-kollegiya-2019-191705000007900"]
    blocks = layout(h, h.versions[-1], dt.date(2026, 1, 1), corpus.acts)
    routes = {
        "act DOCX": lambda: docx.to_docx(blocks, "Sınaq"),
        # the act PDF runs no pandoc: Typst sets it in-process from the layout (render/pdf.py)
        "diff DOCX": lambda: docx.write_docx("Mətn \\*", tmp_path / "diff.docx"),
        "annual report (site DOCX)": lambda: S.group_files(public_view(corpus.meetings)),
        "annual report (site HTML)": lambda: S._markdown_to_html("Mətn"),
        "meeting documents": lambda: documents.to_docx("Mətn", tmp_path / "minutes.docx"),
    }
    problems = []
    for route, run in routes.items():
        before = len(pandoc_runs.runs)
        run()
        mine = pandoc_runs.runs[before:]
        if not mine:
            problems.append(f"{route}: no pandoc run recorded")
        for r in mine:
            if "--sandbox" not in r["argv"]:
                problems.append(f"{route}: pandoc without --sandbox: {r['argv'][1:6]}")
            if not r["timeouts"] or any(t is None for t in r["timeouts"]):
                problems.append(f"{route}: pandoc waited on without a time limit ({r['timeouts']})")
    assert _record("pandoc-sandbox-and-timeout", not problems, "; ".join(problems)) == ENFORCED, problems


def test_a_pandoc_run_past_its_time_limit_is_stopped() -> None:
    from generator.render.pandoc import RenderError, run_pandoc

    big = ("Mətn *söz* [bax](x) " * 200_000).encode("utf-8")  # seconds of work for pandoc
    start = time.monotonic()
    with pytest.raises(RenderError) as caught:
        run_pandoc(["-f", "markdown", "-t", "docx", "-o", "-"], big, timeout=0.2)
    took = time.monotonic() - start
    ok = "pandoc took longer than 0.2 s and was stopped" in str(caught.value) and took < 10
    assert _record("pandoc-timeout-kills", ok, f"{caught.value} after {took:.1f} s") == ENFORCED


# --- no network -----------------------------------------------------------------------------------------------

SITECUSTOMIZE = '''"""Loaded by every Python process the test's build starts: sockets disabled, any try logged."""
import os
import socket

_LOG = os.environ["QANUN_TEST_NETWORK_LOG"]


def _refuse(what, *args, **kwargs):
    with open(_LOG, "a", encoding="utf-8") as f:
        f.write(f"{os.getpid()} {what} {args[:2]!r}\\n")
    raise OSError(f"network disabled by tests/test_dependencies.py ({what})")


class _NoSocket(socket.socket):
    def __init__(self, *args, **kwargs):
        _refuse("socket", *args)


socket.socket = _NoSocket
socket.create_connection = lambda *a, **k: _refuse("create_connection", *a)
socket.getaddrinfo = lambda *a, **k: _refuse("getaddrinfo", *a)
with open(_LOG, "a", encoding="utf-8") as f:
    f.write(f"{os.getpid()} loaded\\n")
'''


def _small_project(folder: Path) -> Path:
    """Two small acts (the law-style fixture), the sample meetings, the site's hand-written pages."""
    shutil.copytree(ROOT / "tests" / "fixtures" / "law-style" / "acts", folder / "acts")
    shutil.copytree(ROOT / "meetings", folder / "meetings")
    shutil.copytree(ROOT / "site", folder / "site")
    shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    return folder


@pytest.mark.slow
def test_the_build_fetches_nothing(tmp_path: Path, monkeypatch) -> None:
    from generator.pipeline import load_and_consolidate
    from generator.site import build_site

    log = tmp_path / "network.log"
    log.touch()
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    monkeypatch.setenv("QANUN_TEST_NETWORK_LOG", str(log))
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(p for p in (str(hook), os.environ.get("PYTHONPATH")) if p))
    monkeypatch.setenv("QANUN_CACHE", str(tmp_path / "cache"))  # nothing cached: every document is rendered
    attempts: list[str] = []

    def refuse(what: str):
        def refused(*args, **kwargs):
            attempts.append(f"{what} {args[:2]!r}")
            raise OSError(f"network disabled by this test ({what})")
        return refused

    class NoSocket(socket.socket):
        def __init__(self, *args, **kwargs):
            refuse("socket")(*args)

    monkeypatch.setattr(socket, "socket", NoSocket)
    monkeypatch.setattr(socket, "create_connection", refuse("create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("getaddrinfo"))
    project = _small_project(tmp_path / "project")
    result = build_site(load_and_consolidate(project), project, tmp_path / "out", dt.date(2026, 1, 1))
    children = [line for line in log.read_text(encoding="utf-8").splitlines() if line.endswith(" loaded")]
    tries = attempts + [line for line in log.read_text(encoding="utf-8").splitlines() if not line.endswith(" loaded")]
    ok = result.files > 0 and not tries
    assert _record("build-offline", ok, f"network tried: {tries}") == ENFORCED, tries
    # The check reached the worker processes too (two cores or more start workers for DOCX and PDF).
    assert children or (os.cpu_count() or 1) < 2


class _Counting(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        _Counting.hits.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


def test_the_pdf_route_fetches_nothing_even_when_the_page_names_urls(corpus) -> None:
    """Typst sets the PDF in-process from strings: a version whose text names an image, a font, a package and a
    file (on a local server that counts requests, and on disk) still makes a PDF and fetches nothing; and the
    compiler itself cannot read a file outside its empty root, even when a source asks it to."""
    from generator.render import docx, pdf
    from generator.render.layout import Block

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Counting)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    text = (f'#image("{url}/x.png") #read("/etc/hostname") #set text(font: "{url}/f.woff") '
            f'#import "@preview/cetz:0.2.2": * <img src="{url}/y.png"> file:///etc/passwd')
    _Counting.hits = []
    try:
        made = docx.to_pdf([Block("title", "Sınaq"), Block("provision", text, num="1", depth=0)], "Sınaq")
    finally:
        server.shutdown()
        server.server_close()
    refused = []
    for source in ('#read("/etc/hostname")', '#image("/etc/hostname")', '#import "/etc/hostname"'):
        try:
            pdf.compile_typst(source)
        except pdf.TypstFailure as exc:
            refused.append(str(exc))
    ok = made.startswith(b"%PDF") and _Counting.hits == [] and len(refused) == 3
    assert _record("pdf-offline", ok, f"fetched {_Counting.hits}, refused {refused}") == ENFORCED


def test_every_dependency_case_has_a_test() -> None:
    tested = {"lxml-at-least-6.1", "mkdocs-material-at-least-9.7.7", "declared-minimums",
              "pandoc-only-through-run-pandoc", "pandoc-sandbox-and-timeout", "pandoc-timeout-kills",
              "subprocess-timeouts", "build-offline", "pdf-offline"}
    assert {c.id for c in cases("deps")} == tested
