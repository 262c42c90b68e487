"""Benchmarks of `qanun build` on synthetic corpora (benchmarks/corpus.py); prints a Markdown table.

    .venv/bin/python benchmarks/run.py --acts 100 [--repeat 3] [--seed 1] [--profile]

Measured (each build in a fresh process, median of --repeat runs):
- per stage: load (YAML parse + model), validate (JSON Schema), consolidate, render (qanun's pages and
  search entries), mkdocs, link check, the rest of `build_site` (copying, writing, swapping), and the
  whole `qanun build` process; peak RSS after each stage (ru_maxrss, so cumulative);
- the rebuild after one new amending act, against a clean build of the same sources (byte-identical?);
- the same pages as a plain mkdocs-material site with every page in one nav section (the naive layout;
  past --naive-max-pages, extrapolated from two smaller builds, the cost being quadratic) and with Hugo
  when /usr/bin/hugo exists: qanun's time as a ratio to both;
- the Tax-Code-sized act alone: consolidation of all its versions with notes (time, RSS, tracemalloc);
- the first search result in Chromium (Playwright, site served on 127.0.0.1) and the bytes transferred;
- `generator/compare.py` on two versions of the big act, when that module exists.

The stage times come from wrapping qanun's own functions in the worker process (see `Stages`); a
function that is renamed or gone shows as "n/a" rather than failing the run.
"""
from __future__ import annotations

import argparse
import functools
import gzip
import inspect
import io
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO))
import corpus  # noqa: E402
from browser import CHROMIUM  # noqa: E402

AS_OF = "2026-01-01"
HUGO = Path("/usr/bin/hugo")
TAX_CODE_ID = "vergi-mecellesi"


# --- worker side: one process, one measurement -------------------------------------------------------

def maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_now() -> float:
    """CPU seconds of this process and of its finished children (the downloads' process pool)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


# (module, function, stage): the functions of qanun whose calls are timed, by stage
WRAPPED = (
    ("load", "read_yaml", "parse"), ("load", "schema_problems", "validate"), ("pipeline", "load_project", "load"),
    ("pipeline", "consolidate", "consolidate"), ("site", "site_pages", "render"),
    ("site", "group_pages", "render"), ("site", "act_outputs", "render"), ("site", "run_mkdocs", "mkdocs"),
    ("site", "fill_pages", "fill"),
    ("site", "_downloads", "downloads"), ("site", "check_links", "links"), ("site", "leak_scan", "leaks"),
    ("site", "build_site", "site"),
)
INNER_SITE_STAGES = ("render", "leaks")  # one after the other; `BESIDE` overlap the downloads
BESIDE = ("mkdocs", "fill", "links")  # the main thread's work while the DOCX/PDF workers run (site.build_site)


@dataclass
class Stages:
    """Wraps module functions so that each call adds to a stage's time and records the RSS peak after it."""

    time: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    cpu: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    rss: dict[str, float] = field(default_factory=dict)
    pages: int = 0  # Markdown pages the render stage generated
    missing: list[str] = field(default_factory=list)

    def wrap(self, module: Any, name: str, stage: str) -> None:
        original = getattr(module, name, None)
        if original is None:
            self.missing.append(f"{module.__name__}.{name}")
            return

        @functools.wraps(original)
        def timed(*args: Any, **kwargs: Any) -> Any:
            start, start_cpu = time.perf_counter(), cpu_now()
            try:
                result = original(*args, **kwargs)
                if stage == "render" and isinstance(result, dict):  # site_pages: path → page; act_outputs: act → dict
                    self.pages += sum(1 for path in result if str(path).endswith(".md"))
                    self.pages += sum(len(out.get("filled", ())) for out in result.values() if isinstance(out, dict))
                return result
            finally:
                self.time[stage] += time.perf_counter() - start
                self.cpu[stage] += cpu_now() - start_cpu
                self.rss[stage] = maxrss_mb()
        setattr(module, name, timed)


def worker_build(root: Path, out: Path, profile: Path | None) -> dict[str, Any]:
    """`qanun build` in this process, with its stages timed."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from generator import cli, load, pipeline, site

    stages = Stages()
    modules = {"load": load, "pipeline": pipeline, "site": site}
    for module, name, stage in WRAPPED:
        stages.wrap(modules[module], name, stage)
    argv = ["-C", str(root), "build", "--output", str(out), "--as-of", AS_OF]
    start = time.perf_counter()
    messages = io.StringIO()
    saved, sys.stderr = sys.stderr, messages
    try:
        if profile:
            import cProfile
            cProfile.runctx("cli.main(argv)", globals(), {"cli": cli, "argv": argv}, str(profile))
            code = 0 if (out / "index.html").exists() else 1
        else:
            code = cli.main(argv)
    except Exception:  # a crash of the build (not a reported problem): keep the stages it got through
        import traceback
        traceback.print_exc(file=messages)
        code = 1
    finally:
        sys.stderr = saved
    return {"code": code, "messages": messages.getvalue()[-4000:], "in_process": time.perf_counter() - start, "time": dict(stages.time),
            "cpu": dict(stages.cpu), "process_cpu": cpu_now(),
            "rss": dict(stages.rss), "pages": stages.pages, "peak": maxrss_mb(), "missing": stages.missing,
            "children_peak": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}


def generated_pages(root: Path) -> tuple[dict[str, str], Path]:
    """The Markdown pages qanun generates for `root`, and the hand-written site folder."""
    import datetime as dt

    from generator import pipeline, site
    corpus_ = pipeline.load_and_consolidate(root)
    ctx = site.context(corpus_, dt.date.fromisoformat(AS_OF))
    home = (root / "site" / "index.md").read_text(encoding="utf-8")
    return site.site_pages(ctx, home), root / "site"


def worker_naive(root: Path, out: Path, limit: int) -> dict[str, Any]:
    """The same pages as a plain mkdocs-material site, every page in one nav section (the naive layout)."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    import yaml
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    pages, hand_written = generated_pages(root)
    docs = out / "docs"
    shutil.copytree(hand_written, docs, ignore=shutil.ignore_patterns("overrides"))
    md = sorted(p for p in pages if p.endswith(".md") and p != "index.md")[:limit]
    for path in ["index.md", *md]:
        target = docs / path
        target.parent.mkdir(parents=True, exist_ok=True)
        # a plain site indexes every page: drop qanun's `search: exclude` from the front matter
        target.write_text(pages[path].replace("search:\n  exclude: true\n", ""), encoding="utf-8")
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    config.pop("not_in_nav", None)
    config["nav"] = [{"Ana səhifə": "index.md"}, {"Aktlar": md}]
    config.update(docs_dir=str(docs), site_dir=str(out / "site"))
    config["theme"]["font"] = False
    (out / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    start = time.perf_counter()
    build(load_config(config_file=str(out / "mkdocs.yml")))
    return {"mkdocs": time.perf_counter() - start, "pages": len(md) + 1, "peak": maxrss_mb(),
            "site_bytes": tree_bytes(out / "site"), "docs": str(docs)}


def worker_tax(root: Path, repeat: int, render_budget: float) -> dict[str, Any]:
    """The Tax-Code-sized act: load, then consolidate all versions with notes `repeat` times."""
    import datetime as dt

    from generator import consolidate, load
    start = time.perf_counter()
    project, problems = load.load_project(root)
    load_time = time.perf_counter() - start
    times, histories = [], {}
    for _ in range(repeat):
        start = time.perf_counter()
        histories, found = consolidate.consolidate(project.acts)
        times.append(time.perf_counter() - start)
        problems += found
    peak = maxrss_mb()
    h = histories[TAX_CODE_ID]
    result = {"load": load_time, "consolidate": times, "peak": peak, "problems": len(problems),
              "versions": len(h.versions), "notes": len(h.versions[-1].notes),
              "provisions": sum(1 for d in h.versions[-1].documents for _ in d.walk())}
    result.update(render_tax_pages(project, histories, dt.date.fromisoformat(AS_OF), render_budget))
    result["compare"] = time_compare(h)
    return result


def render_tax_pages(project: Any, histories: dict, as_of: Any, budget: float) -> dict[str, Any]:
    """qanun's HTML for every version page and changes view of the big act (stops after `budget` s)."""
    from generator import pipeline, site
    from generator.render import html as H
    ctx = site.context(pipeline.Corpus(project, histories), as_of)
    h = histories[TAX_CODE_ID]
    jobs = [(v, False) for v in h.versions] + [(v, True) for v in h.versions if v.changes]
    start, done, size = time.perf_counter(), 0, 0
    for version, changes in jobs:
        here = ctx.urls.changes(TAX_CODE_ID, version.start) if changes else ctx.urls.expression(TAX_CODE_ID, version.start)
        size += len(H.version_page(ctx, TAX_CODE_ID, version, here, changes=changes).encode())
        done += 1
        if time.perf_counter() - start > budget:
            break
    spent = time.perf_counter() - start
    return {"render_pages": len(jobs), "render_done": done, "render_time": spent,
            "render_estimate": spent / done * len(jobs), "page_bytes": size / done}


def time_compare(h: Any) -> dict[str, Any]:
    """generator/compare.py on the first and last versions, if the module exists (its API is guessed)."""
    if not (REPO / "generator" / "compare.py").exists():
        return {"status": "not available (generator/compare.py does not exist)"}
    import importlib
    module = importlib.import_module("generator.compare")
    candidates = [getattr(module, n) for n in ("compare", "compare_versions", "diff", "diff_versions")
                  if callable(getattr(module, n, None))]
    for fn in candidates:
        for args in ((h, h.versions[0], h.versions[-1]), (h.versions[0], h.versions[-1])):
            try:
                start = time.perf_counter()
                fn(*args)
                return {"status": "ok", "time": time.perf_counter() - start, "function": fn.__name__}
            except TypeError:
                continue
    signatures = ", ".join(f"{fn.__name__}{inspect.signature(fn)}" for fn in candidates) or "no known function"
    return {"status": f"present, but its API is unknown to run.py: {signatures}"}


def worker_trace(root: Path) -> dict[str, Any]:
    """tracemalloc's peak during consolidation alone (Python allocations; slower, so run apart)."""
    import tracemalloc

    from generator import consolidate, load
    project, _ = load.load_project(root)
    tracemalloc.start()
    consolidate.consolidate(project.acts)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {"traced_peak": peak / 2**20}


def tree_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def worker_main(argv: list[str]) -> int:
    kind, *rest = argv
    if kind == "build":
        result = worker_build(Path(rest[0]), Path(rest[1]), Path(rest[2]) if len(rest) > 2 else None)
    elif kind == "naive":
        result = worker_naive(Path(rest[0]), Path(rest[1]), int(rest[2]))
    elif kind == "tax":
        result = worker_tax(Path(rest[0]), int(rest[1]), float(rest[2]))
    elif kind == "trace":
        result = worker_trace(Path(rest[0]))
    else:
        raise SystemExit(f"unknown worker {kind}")
    print("RESULT " + json.dumps(result))
    return 0


# --- parent side ---------------------------------------------------------------------------------------

def run_worker(*args: str, timeout: float = 7200) -> tuple[dict[str, Any], float]:
    """Run a worker in a fresh interpreter; its result and the process's wall time."""
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--worker", *args], capture_output=True,
                          text=True, timeout=timeout, cwd=REPO, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    wall = time.perf_counter() - start
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("RESULT ")]
    if proc.returncode or not lines:
        raise RuntimeError(f"worker {args[0]} failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    return json.loads(lines[-1][len("RESULT "):]), wall


def fresh_copy(project: Path, dest: Path) -> Path:
    """The sources only (acts/, site/, mkdocs.yml): no cache a previous build may have left."""
    dest.mkdir(parents=True)
    for name in ("acts", "site"):
        shutil.copytree(project / name, dest / name)
    shutil.copyfile(project / "mkdocs.yml", dest / "mkdocs.yml")
    return dest


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


@dataclass
class Build:
    wall: float
    result: dict[str, Any]

    def stage(self, name: str, clock: str = "time") -> float | None:
        return self.result[clock].get(name)


def full_builds(project: Path, work: Path, repeat: int) -> list[Build]:
    builds = []
    for i in range(repeat):
        root = project if i == 0 else fresh_copy(project, work / f"copy-{i}")
        result, wall = run_worker("build", str(root), str(work / f"site-{i}"))
        builds.append(Build(wall, result))
        print(f"  build {i + 1}/{repeat}: {wall:.1f} s{' FAILED' if result['code'] else ''}", file=sys.stderr)
        if result["code"]:  # the stages it got through are still reported; repeating would fail the same way
            print(result["messages"][-2000:], file=sys.stderr)
            break
    return builds


def rebuild(project: Path, work: Path, pending: list[str]) -> dict[str, Any]:
    """Add the held-back amending act to the project built first, rebuild into the same folder, and compare
    with a clean build of the same sources in a fresh copy. Before, the unchanged project is built once more, so
    the site of the first build is kept beside the output as the spare the rebuild stages into, as it is for
    every build after the first (`publish.spare_path`); nothing built so far has seen the act."""
    if not pending:
        return {"status": "no pending act"}
    again, _again_wall = run_worker("build", str(project), str(work / "site-0"))
    if again["code"]:
        return {"status": f"failed: {again['messages'][-500:]}"}
    for rel in pending:
        shutil.move(str(project / rel), str(project / "acts" / Path(rel).name))
    incremental, inc_wall = run_worker("build", str(project), str(work / "site-0"))
    clean_root = fresh_copy(project, work / "copy-clean")
    clean, clean_wall = run_worker("build", str(clean_root), str(work / "site-clean"))
    if incremental["code"] or clean["code"]:  # e.g. the corpus meets a bug of the build
        return {"status": f"failed: {(incremental['messages'] or clean['messages'])[-500:]}"}
    differing = compare_trees(work / "site-0", work / "site-clean")
    # the same full build once more with the DOCX/PDF cache the clean build left, but no per-act cache: the
    # fair yardstick for the rebuild (a cold clean build is mostly pandoc and Typst)
    shutil.rmtree(clean_root / "build" / "cache" / "acts", ignore_errors=True)
    warm, warm_wall = run_worker("build", str(clean_root), str(work / "site-warm"))
    return {"status": "ok", "rebuild": inc_wall, "clean": clean_wall, "differing": differing,
            "warm": None if warm["code"] else warm_wall, "rebuild_result": incremental, "clean_result": clean}


def compare_trees(a: Path, b: Path) -> list[str]:
    """Relative paths that differ between two folders (missing on one side, or other bytes)."""
    files_a = {p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file()}
    files_b = {p.relative_to(b).as_posix() for p in b.rglob("*") if p.is_file()}
    differing = sorted(files_a ^ files_b)
    differing += sorted(p for p in files_a & files_b if (a / p).read_bytes() != (b / p).read_bytes())
    return differing


def naive(project: Path, work: Path, pages: int, max_pages: int) -> dict[str, Any]:
    """The naive mkdocs-material layout: built in full up to `max_pages`, else fitted t = a·n + b·n²."""
    if pages <= max_pages:
        result, _ = run_worker("naive", str(project), str(work / "naive"), str(pages))
        return {"time": result["mkdocs"], "pages": result["pages"], "extrapolated": False,
                "site_bytes": result["site_bytes"], "docs": result["docs"]}
    n1, n2 = max_pages // 2, max_pages
    r1, _ = run_worker("naive", str(project), str(work / "naive-1"), str(n1))
    r2, _ = run_worker("naive", str(project), str(work / "naive-2"), str(n2))
    (p1, t1), (p2, t2) = (r1["pages"], r1["mkdocs"]), (r2["pages"], r2["mkdocs"])
    b = (t2 / p2 - t1 / p1) / (p2 - p1)
    a = t1 / p1 - b * p1
    return {"time": a * pages + b * pages * pages, "pages": pages, "extrapolated": True,
            "from": [(p1, t1), (p2, t2)], "docs": r2["docs"]}


HUGO_LAYOUT = """<!doctype html><html lang="az"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><main>{{ .Content }}</main></body></html>
"""


def hugo(docs: Path, work: Path) -> dict[str, Any]:
    """The same Markdown pages built by Hugo with a minimal layout (raw HTML allowed)."""
    if not HUGO.exists():
        return {"status": f"{HUGO} not installed"}
    site = work / "hugo"
    content = site / "content"
    shutil.copytree(docs, content, ignore=shutil.ignore_patterns("*.css", "*.xml"))
    (content / "index.md").rename(content / "_index.md")
    for name in ("single.html", "list.html"):
        (site / "layouts" / "_default").mkdir(parents=True, exist_ok=True)
        (site / "layouts" / "_default" / name).write_text(HUGO_LAYOUT, encoding="utf-8")
    (site / "hugo.toml").write_text('baseURL = "/"\ndisableKinds = ["taxonomy", "term", "RSS", "sitemap"]\n'
                                    "[markup.goldmark.renderer]\nunsafe = true\n", encoding="utf-8")
    start = time.perf_counter()
    proc = subprocess.run([str(HUGO), "--quiet", "--source", str(site), "--destination", str(site / "public")],
                          capture_output=True, text=True)
    wall = time.perf_counter() - start
    if proc.returncode:
        return {"status": f"hugo failed: {proc.stderr.strip()[-300:]}"}
    return {"status": "ok", "time": wall}


def tax_code(work: Path, seed: int, repeat: int, budget: float) -> dict[str, Any]:
    root = work / "tax"
    corpus.generate(root, 0, seed, tax_code=True)
    result, wall = run_worker("tax", str(root), str(repeat), str(budget))
    trace, _ = run_worker("trace", str(root))
    return {**result, **trace, "wall": wall}


# --- search in Chromium ---

def search(site: Path, query: str, folded: str) -> dict[str, Any]:
    """Open the home page, type at once, and time the first result; bytes received meanwhile (CDP)."""
    if not CHROMIUM.exists():
        return {"status": f"{CHROMIUM} not installed"}
    try:
        from browser import served
    except ImportError:
        return {"status": "playwright not installed"}
    with served(site) as (browser, url):
        return first_result(browser, url, query, folded)


def first_result(browser: Any, url: str, query: str, folded: str) -> dict[str, Any]:
    page = browser.new_page()
    page.set_default_timeout(180_000)
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    received: list[int] = []
    cdp.on("Network.loadingFinished", lambda e: received.append(int(e.get("encodedDataLength", 0))))
    start = time.perf_counter()
    page.goto(url, wait_until="domcontentloaded")
    box = page.locator("input.md-search__input")
    box.click()
    typed = time.perf_counter()
    box.press_sequentially(query, delay=30)
    page.wait_for_selector(".md-search-result__item", timeout=180_000)
    done = time.perf_counter()
    bytes_first = sum(received)
    box.fill("")
    box.press_sequentially(folded, delay=30)
    try:
        page.wait_for_selector(".md-search-result__item", timeout=60_000)
        folded_found = page.locator(".md-search-result__item").count()
    except Exception:
        folded_found = 0
    return {"status": "ok", "from_navigation": done - start, "from_typing": done - typed,
            "typing": len(query) * 0.03, "bytes": bytes_first, "folded_results": folded_found}


def search_index_size(site: Path) -> tuple[int, int]:
    """The whole search index as stored (Pagefind's pagefind/ folder: compressed already; no reader fetches all of
    it, benchmarks/search.py measures what one does), and gzipped."""
    index = site / "pagefind"
    if not index.is_dir():
        return 0, 0
    files = [p.read_bytes() for p in sorted(index.rglob("*")) if p.is_file()]
    return sum(map(len, files)), sum(len(gzip.compress(raw, 6)) for raw in files)


# --- the report ---

def fmt_s(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f} s" if value < 100 else f"{value:.0f} s"


Row = tuple[str, "float | None", "float | None", "float | None"]


def fmt_mb(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0f} MB"


def stage_rows(builds: list[Build]) -> list[Row]:
    def med(name: str, clock: str) -> float | None:
        values = [b.stage(name, clock) for b in builds if b.stage(name, clock) is not None]
        return median(values) if values else None

    def rss(name: str) -> float | None:
        values = [b.result["rss"][name] for b in builds if name in b.result["rss"]]
        return median(values) if values else None

    def rest(b: Build, clock: str) -> float | None:
        """What build_site spends outside the inner stages, in one build. mkdocs, the filling and the link check run
        while the downloads are made (and their CPU is in the downloads' figure, which counts the whole process): the
        longer of the two is the time of that stretch."""
        site = b.stage("site", clock)
        if site is None:
            return None
        beside = max(b.stage("downloads", clock) or 0, sum(b.stage(k, clock) or 0 for k in BESIDE))
        return site - beside - sum(b.stage(k, clock) or 0 for k in INNER_SITE_STAGES)

    def times(clock: str) -> dict[str, float | None]:
        t = {name: med(name, clock) for name in {stage for *_, stage in WRAPPED}}
        rests = [r for b in builds if (r := rest(b, clock)) is not None]
        t["rest"] = median(rests) if rests else None
        return t
    wall, cpu = times("time"), times("cpu")
    # from 200 source files on, loading runs in forked workers, whose parse and schema calls are not timed here
    rows = [("load (YAML parse, JSON Schema, model; forked workers from 200 files)", "load", "load"),
            ("  of which YAML parse (one process only)", "parse", None),
            ("  of which JSON Schema (one process only)", "validate", None),
            ("consolidate", "consolidate", "consolidate"),
            ("render (pages + search entries; per-act cache)", "render", "render"),
            ("mkdocs build (hand-written pages + one shell a depth; beside the downloads)", "mkdocs", "mkdocs"),
            ("act pages filled into the shells (beside the downloads)", "fill", "fill"),
            ("link check (beside the downloads)", "links", "links"),
            ("downloads (AKN, JSON, DOCX, PDF; CPU incl. pool and the three rows above)", "downloads", "downloads"),
            ("leak scan", "leaks", "leaks"),
            ("rest of build_site (copy, write, index, swap)", "rest", "site")]
    out: list[Row] = [(label, wall[key], cpu[key], rss(r) if r else None) for label, key, r in rows]
    out.append(("total: `qanun build` process", median([b.wall for b in builds]),
                median([b.result.get("process_cpu", 0) for b in builds]), median([b.result["peak"] for b in builds])))
    return out


def report(args: argparse.Namespace, info: dict[str, Any], builds: list[Build], reb: dict[str, Any],
           nv: dict[str, Any], hg: dict[str, Any], tax: dict[str, Any] | None, srch: dict[str, Any]) -> str:
    total = median([b.wall for b in builds])
    out = [f"## qanun benchmark: {args.acts} acts (seed {args.seed}, median of {len(builds)}, "
           f"{os.cpu_count()} cores, load average at start {info['load']})", "",
           f"Corpus: {info['summary']['acts']} acts (+{len(info['summary']['pending'])} held back for the rebuild), "
           f"{info['summary']['provisions']} provisions, "
           f"{sum(info['summary']['changes'].values())} changes ({info['kinds']}); site: {info['pages']} pages, "
           f"{info['files']} files, {info['site_mb']:.0f} MB; generated in {info['generate']:.1f} s.", "",
           "| stage | wall | CPU | peak RSS after (cumulative) |", "| --- | --- | --- | --- |"]
    out += [f"| {name} | {fmt_s(t)} | {fmt_s(c)} | {fmt_mb(m)} |" for name, t, c, m in stage_rows(builds)]
    out += ["", "| comparison | time | qanun's total as a ratio |", "| --- | --- | --- |"]
    nv_note = (f"extrapolated (t = a·n + b·n²) from {', '.join(f'{p} pages: {t:.1f} s' for p, t in nv['from'])}"
               if nv.get("extrapolated") else f"{nv.get('pages', '?')} pages")
    if "time" in nv:
        out.append(f"| naive mkdocs-material (all pages in one nav section), {nv_note} | {fmt_s(nv['time'])} | "
                   f"{total / nv['time']:.2f} ({nv['time'] / total:.1f}× faster) |")
    else:
        out.append(f"| naive mkdocs-material | {nv.get('status')} | n/a |")
    out.append(f"| Hugo, same pages | {fmt_s(hg.get('time')) if 'time' in hg else hg['status']} | "
               + (f"{total / hg['time']:.1f}" if "time" in hg else "n/a") + " |")
    if reb.get("status") == "ok":
        same = "byte-identical" if not reb["differing"] else f"{len(reb['differing'])} files differ, e.g. {reb['differing'][:3]}"
        out.append(f"| rebuild after one new amending act (same project and output, the site before kept as the spare) | {fmt_s(reb['rebuild'])} | "
                   f"{reb['rebuild'] / reb['clean'] * 100:.0f} % of a clean build ({fmt_s(reb['clean'])}); {same} |")
        if reb.get("warm"):
            out.append(f"| full build with the DOCX/PDF cache warm, no per-act cache | {fmt_s(reb['warm'])} | "
                       f"the rebuild is {reb['rebuild'] / reb['warm'] * 100:.0f} % of it |")
    out += ["", "| target (issue 7) | measured | met? |", "| --- | --- | --- |"]
    if tax:
        cons = median(tax["consolidate"])
        out.append(f"| Tax-Code-sized act ({tax['provisions']} provisions in the last version, {tax['versions']} versions, "
                   f"{tax['notes']} notes): consolidate ≤ 2 s | {fmt_s(cons)} (load of its 301 files: {fmt_s(tax['load'])}) | "
                   f"{'yes' if cons <= 2 else 'no'} |")
        out.append(f"| … and ≤ 500 MB peak | process RSS {fmt_mb(tax['peak'])} (load + consolidate); tracemalloc peak "
                   f"of consolidate {fmt_mb(tax['traced_peak'])} | {'yes' if tax['peak'] <= 500 else 'no'} |")
        out.append(f"| (not a target) its {tax['render_pages']} version and changes pages rendered by qanun | "
                   f"{fmt_s(tax['render_estimate'])}{' (estimated from ' + str(tax['render_done']) + ' pages)' if tax['render_done'] < tax['render_pages'] else ''}, "
                   f"{tax['page_bytes'] / 1e6:.1f} MB a page | |")
        cmp = tax["compare"]
        out.append(f"| comparison of two versions of the big act ≤ 200 ms | "
                   f"{fmt_s(cmp['time']) if 'time' in cmp else cmp['status']} | "
                   f"{('yes' if cmp['time'] <= 0.2 else 'no') if 'time' in cmp else 'n/a'} |")
    complete = not any(b.result["code"] for b in builds)
    verdict = (lambda ok: "yes" if ok else "no") if complete else (lambda ok: "n/a: the build failed before its end")
    if args.acts >= 1000:
        out.append(f"| full build at {args.acts} acts ≤ 60 s | {fmt_s(total)} | {verdict(total <= 60)} |")
    if "time" in nv:
        out.append(f"| ≥ 5× faster than the naive layout | {nv['time'] / total:.1f}× | {verdict(nv['time'] / total >= 5)} |")
    if reb.get("status") == "ok":
        ok = reb["rebuild"] <= 0.1 * reb["clean"] and not reb["differing"]
        out.append(f"| rebuild ≤ 10 % of the full build, byte-identical | {reb['rebuild'] / reb['clean'] * 100:.0f} %, "
                   f"{'identical' if not reb['differing'] else 'different'} | {'yes' if ok else 'no'} |")
    if srch.get("status") == "ok":
        met = srch["from_typing"] <= 1 and srch["bytes"] <= 1_000_000
        out.append(f"| search: first result ≤ 1 s and ≤ 1 MB (target at 3,000 acts) | {srch['from_typing']:.2f} s after "
                   f"the first key ({srch['from_navigation']:.2f} s from opening the home page, {srch['typing']:.2f} s of it "
                   f"typing); {srch['bytes'] / 1e6:.2f} MB received; index {info['index'][0] / 1e6:.1f} MB "
                   f"({info['index'][1] / 1e6:.2f} MB gzipped); folded query: {srch['folded_results']} results | "
                   f"{'yes' if met else 'no'} |")
    else:
        out.append(f"| search | {srch.get('status')} | n/a |")
    failed = [b for b in builds if b.result["code"]]
    if failed:
        last = [ln for ln in failed[0].result["messages"].splitlines() if ln.strip()][-1:]
        out += ["", f"**`qanun build` FAILED** (exit {failed[0].result['code']}): {' '.join(last)}. Stages it did not "
                    "reach show n/a; the total is the time to the failure."]
    missing = sorted({m for b in builds for m in b.result["missing"]})
    if missing:
        out += ["", f"Not measured (function not found): {', '.join(missing)}."]
    return "\n".join(out)


def print_profile(path: Path, limit: int = 30) -> None:
    import pstats
    for key in ("cumulative", "tottime"):
        print(f"\n### cProfile of one build, by {key}\n\n```")
        stats = pstats.Stats(str(path))
        stats.sort_stats(key).print_stats(limit)
        print("```")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--worker"]:
        return worker_main(argv[1:])
    args = parse_args(argv)
    work = Path(args.keep or tempfile.mkdtemp(prefix="qanun-bench-"))
    try:
        return benchmark(args, work)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Benchmarks of qanun build on a synthetic corpus; prints a table.")
    parser.add_argument("--acts", type=int, default=100, help="regular acts in the corpus (default 100)")
    parser.add_argument("--repeat", type=int, default=3, help="full builds to take the median of (default 3)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--with-tax-code", action="store_true", help="put the Tax-Code-sized act in the full build too")
    parser.add_argument("--naive-max-pages", type=int, default=1200,
                        help="beyond this, the naive layout is extrapolated from two smaller builds (default 1200)")
    parser.add_argument("--tax-render-budget", type=float, default=60.0,
                        help="seconds spent rendering the big act's pages before estimating the rest (default 60)")
    parser.add_argument("--skip", action="append", default=[], choices=("naive", "hugo", "rebuild", "tax", "search"),
                        help="leave a measurement out (repeatable)")
    parser.add_argument("--profile", action="store_true", help="profile one more build with cProfile and print it")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it (corpus, sites, profile)")
    parser.add_argument("--json", type=Path, help="also write every figure to this file")
    parser.add_argument("--resume", action="store_true",
                        help="with --keep DIR of an earlier run: reuse its corpus and full builds, measure the rest")
    return parser.parse_args(argv)


def attempt(name: str, args: argparse.Namespace, measure: Any) -> dict[str, Any]:
    """One optional measurement; a failure is reported in the table, not fatal to the run."""
    if name in args.skip:
        return {"status": "skipped"}
    print(f"{name} …", file=sys.stderr)
    try:
        return measure()
    except Exception as exc:  # noqa: BLE001 (the report says what failed)
        print(f"{name} failed: {type(exc).__name__}: {exc}", file=sys.stderr)
        return {"status": f"failed: {type(exc).__name__}: {str(exc).splitlines()[0][:200]}"}


def benchmark(args: argparse.Namespace, work: Path) -> int:
    log = functools.partial(print, file=sys.stderr)
    info: dict[str, Any] = {"load": f"{os.getloadavg()[0]:.1f}"}
    project = work / "project"
    saved = work / "builds.json"
    if args.resume and saved.exists():  # the corpus and full builds of an earlier run in --keep DIR
        state = json.loads(saved.read_text())
        info, builds = state["info"], [Build(**b) for b in state["builds"]]
        summary = corpus.Summary(**{**info["summary"], "pending": tuple(info["summary"]["pending"])})
    else:
        start = time.perf_counter()
        summary = corpus.generate(project, args.acts, args.seed, tax_code=args.with_tax_code, holdback=True)
        info["generate"] = time.perf_counter() - start
        info["summary"] = summary.as_json()
        info["kinds"] = ", ".join(f"{k} {v}" for k, v in sorted(summary.changes.items(), key=lambda kv: -kv[1]))
        log(f"corpus: {summary.acts} acts in {info['generate']:.1f} s; full builds …")
        builds = full_builds(project, work, args.repeat)
        saved.write_text(json.dumps({"info": info, "builds": [b.__dict__ for b in builds]}))
    site0 = work / "site-0"
    info["pages"] = builds[0].result.get("pages") or sum(1 for _ in site0.rglob("index.html")) - 1
    info["files"] = sum(1 for p in site0.rglob("*") if p.is_file())
    info["site_mb"] = tree_bytes(site0) / 1e6
    info["index"] = search_index_size(site0)
    if not (site0 / "index.html").exists():
        args.skip += ["search", "rebuild"]  # the build failed: no site to search or to rebuild
    srch = attempt("search", args, lambda: search(site0, "vergi", "odeyicisi"))
    nv = attempt("naive", args, lambda: naive(project, work, info["pages"], args.naive_max_pages))
    hg = ({"status": "skipped"} if "hugo" in args.skip or "docs" not in nv
          else {"status": "skipped: the naive site was extrapolated"} if nv.get("extrapolated")
          else attempt("hugo", args, lambda: hugo(Path(nv["docs"]), work)))
    reb = attempt("rebuild", args, lambda: rebuild(project, work, list(summary.pending)))
    tax = attempt("tax", args, lambda: tax_code(work, args.seed, args.repeat, args.tax_render_budget))
    if tax.get("status"):
        tax = None
    print(report(args, info, builds, reb, nv, hg, tax, srch))
    if args.profile:
        log("profiling one build …")
        prof = work / "build.prof"
        run_worker("build", str(fresh_copy(project, work / "copy-profile")), str(work / "site-profile"), str(prof))
        print_profile(prof)
    if args.json:
        args.json.write_text(json.dumps({"info": info, "builds": [b.__dict__ for b in builds], "rebuild": reb,
                                         "naive": nv, "hugo": hg, "tax": tax, "search": srch}, indent=2, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
