"""The compare page of an act with many versions (issue 7), in Chromium: bytes fetched and time to the comparison.

    .venv/bin/python benchmarks/compare_page.py /tmp/tc                 # a corpus of corpus.py (the Tax-Code act)
    .venv/bin/python benchmarks/compare_page.py /tmp/tc --runs 5 --act tax-code-2000
    QANUN_SOURCE=/tmp/old .venv/bin/python benchmarks/compare_page.py /tmp/tc   # another qanun's page and data

The project is loaded and consolidated by the qanun in QANUN_SOURCE (default: this checkout); the act with the
most versions is taken unless `--act` says. A folder is made with what the compare page reads, as `qanun build`
writes it: the page's form and script (`render.compare_html.compare_page`, site/assets/qanun-compare.js), the
act's versions' data (`pages.act_data_files`) and every version's JSON download (`render.jsonout`). The rest of
the site (theme, other pages) is left out: the page does not read it. Served over http on 127.0.0.1, files as
they are (no HTTP compression; the gzip sizes are printed beside).

Each run opens the page in a new browser context with the cache disabled and records
- ready: from navigation start until the first comparison is drawn and laid out (the default pair: the version
  before the current one against the current one), and the bytes of the JSON fetched until then;
- repick: the first version chosen as the old one (the whole code's changes against the current version): from
  the choice until that comparison is drawn and laid out, and the bytes it fetched.
"Laid out" is the first task after the next animation frame: the browser has styled and laid out the new result.
Medians over the runs are printed, and the whole as JSON with --json.
"""
from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

CODE = Path(os.environ.get("QANUN_SOURCE") or Path(__file__).resolve().parent.parent)
sys.path.insert(0, str(CODE))
sys.path.insert(0, str(Path(__file__).resolve().parent))  # browser.py beside this file

AS_OF = dt.date(2026, 1, 1)
PAGE = """<!doctype html>
<html lang="az"><head><meta charset="utf-8"><title>compare</title></head>
<body>{body}</body></html>
"""


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def write_page(project: Path, out: Path, act: str | None) -> dict[str, Any]:
    """The compare page of the act, its data and JSON downloads, under `out` at their site paths."""
    from generator import pages
    from generator.pipeline import load_and_consolidate
    from generator.render import compare_html as C
    from generator.render.jsonout import version_json

    start = time.perf_counter()
    corpus = load_and_consolidate(project)
    act_id = act or max(corpus.histories, key=lambda a: len(corpus.histories[a].versions))
    h = corpus.histories[act_id]
    ctx = pages.context(corpus, AS_OF)
    log(f"{act_id}: {len(h.versions)} versions, loaded in {time.perf_counter() - start:.1f} s")
    here = ctx.urls.compare(act_id)
    files = {f"{here}index.html": PAGE.format(body=C.compare_page(ctx, act_id, here)).encode()}
    files.update((path, text.encode()) for path, text in pages.act_data_files(ctx, act_id).items())
    for v in h.versions:  # as downloads.act_files writes them
        data = version_json(h, v, AS_OF, corpus.acts)
        files[ctx.urls.download(act_id, v.start, "json")] = (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode()
    files[C.SCRIPT] = (CODE / "site" / C.SCRIPT).read_bytes()
    for path, data in files.items():
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    json_files = {p: d for p, d in files.items() if p.endswith(".json")}
    return {"act": act_id, "versions": len(h.versions), "page": here, "first": h.versions[0].start.isoformat(),
            "json_bytes": sum(len(d) for d in json_files.values()),
            "gzip": {p: len(gzip.compress(d, 6)) for p, d in json_files.items()}}


def measure(folder: Path, made: dict[str, Any], runs: int) -> list[dict[str, Any]]:
    from browser import served

    results = []
    with served(folder) as (browser, base):
        for _ in range(runs):
            results.append(one_run(browser, base + made["page"], made))
            r = results[-1]
            log(f"  ready {r['ready_s']:.2f} s, {r['ready_bytes'] / 1e6:.2f} MB; repick {r['repick_s']:.2f} s, "
                f"{r['repick_bytes'] / 1e6:.2f} MB")
    return results


def one_run(browser: Any, url: str, made: dict[str, Any]) -> dict[str, Any]:
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(600_000)
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    fetched: list[tuple[str, int]] = []
    page.on("requestfinished", lambda r: fetched.append((r.url, r.sizes()["responseBodySize"]))
            if r.url.endswith(".json") else None)
    page.add_init_script("""new MutationObserver((_, o) => {  // the page's <html> does not exist yet: watch the document
        if (!document.documentElement.classList.contains("compare-ready")) return;
        o.disconnect();
        requestAnimationFrame(() => setTimeout(() => { window.__ready = performance.now(); }));  // once laid out
    }).observe(document, {attributes: true, attributeFilter: ["class"], subtree: true});""")
    page.goto(url)
    page.wait_for_function("window.__ready !== undefined")
    ready = page.evaluate("window.__ready") / 1000
    ready_bytes = sum(size for _url, size in fetched)
    before = len(fetched)
    repick = page.evaluate("""async (start) => {
        const result = document.getElementById("compare-result"), pick = document.getElementById("compare-a");
        const t0 = performance.now();
        pick.value = start;
        pick.dispatchEvent(new Event("change", {bubbles: true}));
        await new Promise(done => {
            const check = () => result.dataset.a === start && !result.hasAttribute("aria-busy") ? done() : setTimeout(check, 5);
            check();
        });
        await new Promise(done => requestAnimationFrame(() => setTimeout(done)));  // once laid out
        return (performance.now() - t0) / 1000;
    }""", made["first"])
    page.wait_for_timeout(200)  # Playwright tells of finished requests after the page's promise: let them arrive
    changes = page.locator("#compare-result .cmp-change").count()
    context.close()
    return {"ready_s": ready, "ready_bytes": ready_bytes, "ready_files": [u.rpartition("/")[2] for u, _ in fetched[:before]],
            "repick_s": repick, "repick_bytes": sum(size for _url, size in fetched[before:]), "changes_shown": changes}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("project", type=Path, help="a qanun project (corpus.py makes one)")
    parser.add_argument("--act", help="the act's id (default: the one with the most versions)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", type=Path, help="write the results here too")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="qanun-compare-page-"))
    try:
        made = write_page(args.project, folder, args.act)
        index = next(p for p in made["gzip"] if p.endswith("versions.json"))
        log(f"versions.json {(folder / index).stat().st_size / 1e6:.2f} MB ({made['gzip'][index] / 1e6:.2f} MB gzipped); "
            f"all JSON {made['json_bytes'] / 1e6:.1f} MB")
        results = measure(folder, made, args.runs)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    median = {k: statistics.median(r[k] for r in results) for k in ("ready_s", "ready_bytes", "repick_s", "repick_bytes")}
    fetched = results[0]["ready_files"]
    gz = sum(made["gzip"][p] for p in made["gzip"] if p.rpartition("/")[2] in fetched)
    print(f"{made['act']}: {made['versions']} versions; median of {len(results)} runs, cold cache")
    print(f"first comparison drawn: {median['ready_s']:.2f} s, {median['ready_bytes'] / 1e6:.2f} MB of JSON "
          f"({len(fetched)} files; {gz / 1e6:.2f} MB gzipped)")
    print(f"first version against the current one: {median['repick_s']:.2f} s, {median['repick_bytes'] / 1e6:.2f} MB "
          f"more; {results[0]['changes_shown']} changed provisions shown")
    if args.json:
        args.json.write_text(json.dumps({"made": {k: v for k, v in made.items() if k != "gzip"}, "median": median,
                                         "runs": results}, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
