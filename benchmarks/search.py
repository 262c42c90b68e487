"""Search at N acts (issue 7): time to the first result and bytes transferred in Chromium, cold caches.

    .venv/bin/python benchmarks/search.py                       # 3,000 acts, the synthetic corpus of corpus.py
    .venv/bin/python benchmarks/search.py --acts 300 --runs 3   # quicker
    .venv/bin/python benchmarks/search.py --work /tmp/s3000     # keep the corpus and the index, reuse them

The index is the real one: the synthetic corpus (`corpus.py`, seed 1) is loaded and consolidated by qanun, its
search entries made by `pages.search_docs` and indexed by `search_index.write_index`, exactly as `qanun build`
does. The pages around it are the repository's own site (`qanun build` of acts/: the theme, the search box,
qanun-search.js), whose acts' index (pagefind/, beside its own pages' index in pagefind/pages/, which the search
box merges into it) is replaced by the corpus's, so that the measurement does not wait
for a full build of thousands of pages (which the search does not depend on). `--full-build` builds the
corpus's site with `qanun build` instead and measures that.

Each query runs in a new browser context with the cache disabled (cold): open a version page, wait until it has
loaded, type the query into the header's search box (30 ms a key), and record
- first: from the first key to the first result shown (results of the query typed so far);
- final: from the last key to the results of the whole query (both on the page's clock, as "first": while the
  page is busy, Playwright's keys wait);
- bytes: the response bodies and headers of every request the search made (pagefind/…), until the first result
  and until the final one (Playwright's request sizes); the page itself (HTML, theme CSS/JS) is reported apart.
The local server sends files as they are (no HTTP compression): Pagefind's index files are compressed already,
its script (pagefind.js) would be about a third of its size gzipped. Medians over the queries are printed.
"""
from __future__ import annotations

import argparse
import gzip
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from browser import CHROMIUM  # noqa: E402

AS_OF = "2026-01-01"
QUERIES = ["vergi", "ödəyicisi", "odeyicisi", "sahibkarlıq", "sahibkarliq", "müqavilə", "Nazirlər Kabineti", "12.3"]
PAGE = "akn/az/act/2024/21/esasname/"  # a page of the repository's site, with the search box


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def corpus_project(work: Path, acts: int, seed: int) -> Path:
    import corpus

    project = work / "corpus"
    if not (project / "acts").exists():
        start = time.perf_counter()
        summary = corpus.generate(project, acts, seed)
        log(f"corpus: {summary.acts} acts, {summary.provisions} provisions in {time.perf_counter() - start:.1f} s")
    return project


def build_index(project: Path, out: Path) -> dict[str, Any]:
    """The corpus's search index, as `qanun build` makes it (search_docs → write_index)."""
    import datetime as dt

    from generator import pages, pipeline, site
    from generator.search_index import write_index

    info: dict[str, Any] = {}
    start = time.perf_counter()
    corpus = pipeline.load_and_consolidate(project)
    info["load_consolidate_s"] = time.perf_counter() - start
    ctx = site.context(corpus, dt.date.fromisoformat(AS_OF))
    start = time.perf_counter()
    docs = pages.search_docs(ctx)
    info["entries_s"] = time.perf_counter() - start
    info["acts"], info["entries"] = len(ctx.acts), len(docs)
    out.mkdir(parents=True)
    start = time.perf_counter()
    info["pages"] = write_index(out, docs)
    info["index_s"] = time.perf_counter() - start
    return info


def index_stats(index: Path) -> dict[str, Any]:
    files = [p for p in index.rglob("*") if p.is_file()]
    by_kind: dict[str, list[int]] = {}
    for p in files:
        kind = p.suffix if p.suffix.startswith(".pf_") else p.name.split(".")[0] if p.suffix != ".js" else p.name
        by_kind.setdefault(kind, []).append(p.stat().st_size)
    return {"files": len(files), "bytes": sum(sum(v) for v in by_kind.values()),
            "kinds": {k: {"files": len(v), "bytes": sum(v), "largest": max(v)} for k, v in sorted(by_kind.items())}}


def shell_site(work: Path) -> Path:
    """The repository's own site, built once: the pages that carry the search box."""
    from generator.cli import main

    shell = work / "shell"
    if not (shell / "index.html").exists():
        assert main(["-C", str(ROOT), "build", "--output", str(shell), "--as-of", AS_OF]) == 0
    return shell


def measure(site: Path, page: str, queries: list[str], runs: int) -> list[dict[str, Any]]:
    from browser import served

    from generator.search_index import fold

    results = []
    with served(site) as (browser, url):
        for _run in range(runs):
            for query in queries:
                results.append(one_query(browser, url + page, query, fold(query)))
                r = results[-1]
                log(f"  {query!r}: first {r['first_s']:.2f} s, {r['first_bytes'] / 1e3:.0f} kB; final "
                    f"{r['final_s']:.2f} s, {r['final_bytes'] / 1e3:.0f} kB, {r['results']}; page "
                    f"{r['page_bytes'] / 1e3:.0f} kB")
    return results


def one_query(browser: Any, url: str, query: str, folded: str) -> dict[str, Any]:
    context = browser.new_context()  # a cold cache: nothing from the previous query
    page = context.new_page()
    page.set_default_timeout(120_000)
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    finished: list[tuple[float, Any]] = []
    page.on("requestfinished", lambda r: finished.append((time.perf_counter(), r)))
    page.goto(url, wait_until="load")
    box = page.locator("input.md-search__input")
    loaded = len(finished)
    page.evaluate("""() => {  // page-side clocks: the first key, the first result item shown
        window.__qanunKey = 0; window.__qanunLastKey = 0; window.__qanunFirst = 0; window.__qanunFinal = 0;
        document.addEventListener("keydown", () => {
            window.__qanunKey ||= performance.now(); window.__qanunLastKey = performance.now(); }, true);
        new MutationObserver(() => {
            if (!window.__qanunFirst && document.querySelector(".md-search-result__item"))
                window.__qanunFirst = performance.now();
        }).observe(document.body, {childList: true, subtree: true});
        const form = document.querySelector("[data-qanun-search]");
        new MutationObserver(() => { window.__qanunFinal = performance.now(); })
            .observe(form, {attributes: true, attributeFilter: ["data-shown"]});
    }""")
    box.click()
    first_key = time.perf_counter()
    box.press_sequentially(query, delay=30)
    page.wait_for_selector(".md-search-result__item")
    page.wait_for_function("(q) => document.querySelector('[data-qanun-search]').dataset.shown === q", arg=folded)
    final = time.perf_counter()
    first = page.evaluate("(window.__qanunFirst - window.__qanunKey) / 1000")
    final_s = page.evaluate("(window.__qanunFinal - window.__qanunLastKey) / 1000")  # page clock: keys may queue
    items = page.locator(".md-search-result__item").count()
    count = page.locator(".md-search-result__meta").inner_text()
    page.wait_for_timeout(200)  # late fragments of the shown results

    def size(r: Any) -> int:
        s = r.sizes()
        return s["responseBodySize"] + s["responseHeadersSize"]
    rows = [(t, r.url, size(r)) for t, r in finished]
    page_bytes = sum(s for _t, _u, s in rows[:loaded])
    search_rows = rows[loaded:]
    first_at = first_key + first
    out = {
        "query": query, "results": count, "items": items,
        "first_s": first,
        "final_s": final_s,
        "first_bytes": sum(s for t, _u, s in search_rows if t <= first_at),
        "final_bytes": sum(s for t, _u, s in search_rows if t <= final),
        "requests": len([1 for t, _u, _s in search_rows if t <= final]),
        "page_bytes": page_bytes,
        "files": sorted({u.split("/pagefind/")[-1].split("/")[0] for _t, u, _s in search_rows if "/pagefind/" in u}),
    }
    context.close()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--acts", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=1, help="rounds over the queries")
    parser.add_argument("--work", type=Path, help="keep the corpus, the index and the sites here (reused)")
    parser.add_argument("--full-build", action="store_true", help="measure a full `qanun build` of the corpus")
    parser.add_argument("--query", action="append", help="instead of the default queries")
    args = parser.parse_args(argv)
    if not CHROMIUM.exists():
        log(f"{CHROMIUM} is not installed")
        return 2
    work = args.work or Path(tempfile.mkdtemp(prefix="qanun-search-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    project = corpus_project(work, args.acts, args.seed)
    saved = work / "index.json"
    if args.full_build:
        from generator.cli import main as qanun

        site = work / "site-full"
        if not (site / "index.html").exists():
            start = time.perf_counter()
            assert qanun(["-C", str(project), "build", "--output", str(site), "--as-of", AS_OF]) == 0
            log(f"full build: {time.perf_counter() - start:.0f} s")
        info: dict[str, Any] = {"full_build": True}
        page = next(p.parent.relative_to(site).as_posix() + "/" for p in sorted(site.glob("akn/az/act/*/*/index.html")))
    else:
        index = work / "index"
        if not (index / "pagefind" / "pagefind-entry.json").exists():
            shutil.rmtree(index, ignore_errors=True)
            info = build_index(project, index)
            saved.write_text(json.dumps(info))
            log(f"index: {info['entries']} entries of {info['acts']} acts → {info['pages']} pages in {info['index_s']:.1f} s "
                f"(loading and consolidating the corpus: {info['load_consolidate_s']:.0f} s)")
        info = json.loads(saved.read_text())
        site = work / "site"
        shutil.rmtree(site, ignore_errors=True)
        shutil.copytree(shell_site(work), site)
        # The acts' index is the corpus's; the site's other pages keep their own (pagefind/pages/), which the
        # search box merges into it as on any qanun site.
        pages_index = site / "pagefind" / "pages"
        assert (pages_index / "pagefind-entry.json").is_file(), "the site's own pages have no index of their own"
        shutil.move(pages_index, work / "pages-index")
        shutil.rmtree(site / "pagefind")
        shutil.copytree(index / "pagefind", site / "pagefind")
        shutil.move(work / "pages-index", pages_index)
        page = PAGE
    stats = index_stats(site / "pagefind")
    results = measure(site, page, args.query or QUERIES, args.runs)
    med = {k: statistics.median(r[k] for r in results) for k in ("first_s", "final_s", "first_bytes", "final_bytes",
                                                                 "requests", "page_bytes")}
    js = len(gzip.compress((site / "pagefind" / "pagefind.js").read_bytes()))
    print(f"## Search at {info.get('acts', args.acts)} acts (seed {args.seed}), Pagefind, cold cache, "
          f"median of {len(results)} queries\n")
    if not args.full_build:
        print(f"Index: {info['entries']} search entries → {info['pages']} pages indexed in {info['index_s']:.1f} s; "
              f"{stats['files']} files, {stats['bytes'] / 1e6:.2f} MB in all (what no reader downloads).\n")
    print("| query | first result | bytes to it | whole query's results | bytes to them | requests | results |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for r in results:
        print(f"| {r['query']} | {r['first_s']:.2f} s | {r['first_bytes'] / 1e3:.0f} kB | {r['final_s']:.2f} s | "
              f"{r['final_bytes'] / 1e3:.0f} kB | {r['requests']} | {r['results']} |")
    print(f"| **median** | **{med['first_s']:.2f} s** | **{med['first_bytes'] / 1e3:.0f} kB** | {med['final_s']:.2f} s | "
          f"{med['final_bytes'] / 1e3:.0f} kB | {med['requests']:.0f} | |")
    met = med["first_s"] <= 1 and med["final_bytes"] <= 1_000_000
    print(f"\nTarget (issue 7: first result ≤ 1 s and ≤ 1 MB transferred): {'met' if met else 'NOT met'} "
          f"(first result from the first key; bytes to the whole query's results, uncompressed HTTP; Pagefind's "
          f"script would be {js / 1e3:.0f} kB gzipped). The page itself: {med['page_bytes'] / 1e3:.0f} kB.")
    print("\nIndex files by kind: " + ", ".join(f"{k}: {v['files']} ({v['bytes'] / 1e3:.0f} kB, largest "
                                                f"{v['largest'] / 1e3:.0f} kB)" for k, v in stats["kinds"].items()))
    (work / "search-results.json").write_text(json.dumps({"info": info, "stats": stats, "results": results}, indent=1))
    log(f"kept in {work}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
