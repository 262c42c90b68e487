"""Memory of a process that sets many large PDFs with Typst, with and without aging out Typst's memo cache.

    .venv/bin/python benchmarks/pdf_memory.py PROJECT [--act ID] [--versions N]

Sets the last N versions (default 6) of the most amended act of PROJECT (or --act) one after the other, as a DOCX/PDF
worker does, in two fresh processes: one as qanun runs (render/pdf.py ages the cache out after every
AGE_AFTER_BYTES of source), one with the aging switched off (the behaviour before). Prints each process's
resident memory after every version, its peak, and the seconds a version. A synthetic project with a
Tax-Code-sized act only: `benchmarks/corpus.py /tmp/tc --acts 0 --seed 1 --no-site` (324 versions; the last has
2,453 provisions).
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def resident_mb() -> float:
    """This process's resident memory now (Linux), else its peak so far."""
    try:
        return int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6
    except (OSError, ValueError, IndexError):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / 1e6


def child(project: Path, act: str | None, versions: int, aging: bool) -> None:
    from generator.pipeline import load_and_consolidate
    from generator.render import pdf
    from generator.render.layout import layout

    if not aging:
        pdf.AGE_AFTER_BYTES = 10**18
    corpus = load_and_consolidate(project)
    act = act or max(corpus.histories, key=lambda a: len(corpus.histories[a].versions))  # the most amended
    h = corpus.histories[act]
    rows = []
    for v in h.versions[-versions:]:
        blocks = list(layout(h, v, dt.date(2026, 1, 1), corpus.acts))
        start = time.perf_counter()
        pdf.to_pdf(blocks, h.act.title or act)
        rows.append({"seconds": time.perf_counter() - start, "resident": resident_mb()})
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / 1e6  # Linux gives KiB
    print("RESULT " + json.dumps({"act": act, "rows": rows, "peak": peak}))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--act")
    parser.add_argument("--versions", type=int, default=6)
    parser.add_argument("--child", choices=["aging", "none"], help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.project, args.act, args.versions, args.child == "aging")
        return 0
    results = {}
    for mode in ("none", "aging"):
        cmd = [sys.executable, __file__, str(args.project), "--versions", str(args.versions), "--child", mode]
        out = subprocess.run(cmd + (["--act", args.act] if args.act else []), capture_output=True, text=True,
                             timeout=3600, check=True).stdout
        results[mode] = json.loads(out.split("RESULT ", 1)[1])
    print(f"act {results['aging']['act']}, last {args.versions} versions, one process each way\n")
    print("| version | resident MB, no aging | resident MB, aging | s, no aging | s, aging |")
    print("| --- | --- | --- | --- | --- |")
    for i, (a, b) in enumerate(zip(results["none"]["rows"], results["aging"]["rows"]), 1):
        print(f"| {i} | {a['resident']:.0f} | {b['resident']:.0f} | {a['seconds']:.2f} | {b['seconds']:.2f} |")
    print(f"| peak | {results['none']['peak']:.0f} | {results['aging']['peak']:.0f} | | |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
