"""Per-file cost of the DOCX and PDF downloads: one pandoc process per DOCX, a batch of DOCX per pandoc-server CGI
process read from Markdown (the route until December 2026) and from qanun's own pandoc document (until
render/wordml.py), the DOCX written in-process by render/wordml.py (today's), and Typst in-process per PDF.

    .venv/bin/python benchmarks/downloads.py [PROJECT] [--limit N] [--no-old] [--stage]

PROJECT is a folder holding acts/ (default: this repository; a synthetic one from `benchmarks/corpus.py OUT
--acts 20 --no-tax-code --no-site` for more versions). Every version of every act is rendered (at most --limit),
one process, no cache. Prints the median and the mean seconds a file for each route, and checks that every
DOCX render/wordml.py writes and every batch DOCX is byte-identical to the DOCX of the Markdown route, and (the first
20) to the one-process-per-file DOCX.
The Markdown route is the test suite's reference copy of it (tests/pandoc_markdown_reference.py).
`--stage` instead times the whole download stage of a cold build (`render_downloads`, no cache, worker
processes as in `qanun build`) of the qanun in QANUN_SOURCE (default: this checkout; point it at a copy of
an older commit, e.g. `git archive HEAD generator schemas | tar -x -C /tmp/old`, to compare).
"""
from __future__ import annotations

import argparse
import contextlib
import os
import datetime as dt
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, os.environ.get("QANUN_SOURCE") or str(Path(__file__).resolve().parent.parent))

def versions(project: Path, limit: int) -> list[tuple[list, str]]:
    from generator.pipeline import load_and_consolidate
    from generator.render.layout import layout

    corpus = load_and_consolidate(project)
    out = []
    for act_id in sorted(corpus.histories):
        h = corpus.histories[act_id]
        for v in h.versions:
            out.append((list(layout(h, v, dt.date(2026, 1, 1), corpus.acts)), h.act.title or act_id))
    return out[:limit]


def timed(fn, items) -> list[float]:
    times = []
    for item in items:
        start = time.perf_counter()
        fn(*item)
        times.append(time.perf_counter() - start)
    return times


def markdown_batches(items) -> list[bytes]:
    """The DOCX as they were made until December 2026: the version as escaped Markdown, read by pandoc."""
    from generator.render import docx, pandoc

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
    from pandoc_markdown_reference import to_pandoc_markdown

    out = []
    for start in range(0, len(items), docx.BATCH_SIZE):
        requests = []
        for blocks, title in items[start:start + docx.BATCH_SIZE]:
            request = docx._docx_request(to_pandoc_markdown(blocks), title)
            requests.append({**request, "from": docx._READER})
        out += pandoc.convert_batch(requests, 300.0)
    return out


def report(name: str, per_file: list[float]) -> None:
    print(f"{name:<44} median {statistics.median(per_file):7.3f} s   mean {statistics.mean(per_file):7.3f} s"
          f"   ({len(per_file)} files, {sum(per_file):.1f} s)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", nargs="?", type=Path, default=Path(__file__).resolve().parent.parent)
    parser.add_argument("--limit", type=int, default=200)
    parser.add_argument("--no-old", action="store_true", help="skip the one-process-a-file route (slow)")
    parser.add_argument("--stage", action="store_true", help="time the cold download stage of a build instead")
    args = parser.parse_args(argv)
    if args.stage:
        return stage(args.project)

    from generator.render import docx, pdf, wordml
    from generator.render.wordml import normalise_zip

    items = versions(args.project, args.limit)
    print(f"{len(items)} versions from {args.project}")
    docx.reference_docx()
    wordml.package()  # pandoc's package, once a process, as in a build
    pdf.to_pdf(*items[0])  # fonts loaded once a process, as in a build
    with pandoc_only():
        if not args.no_old:
            report("DOCX: pandoc --sandbox, a process a file", timed(docx.to_docx, items))
        start = time.perf_counter()
        from_markdown = [normalise_zip(d) for d in markdown_batches(items)]
        took = time.perf_counter() - start
        report(f"DOCX from Markdown, {docx.BATCH_SIZE} a pandoc-server process", [took / len(items)] * len(items))
        start = time.perf_counter()
        batch = docx.to_docx_many(items)
        batch_took = time.perf_counter() - start
        report(f"DOCX from pandoc's document, {docx.BATCH_SIZE} a process", [batch_took / len(items)] * len(items))
        per_file = [docx.to_docx(b, t) for b, t in items[:20]]
    start = time.perf_counter()
    written = docx.to_docx_many(items)
    took = time.perf_counter() - start
    report("DOCX written by render/wordml.py", [took / len(items)] * len(items))
    print(f"  {batch_took / took:.1f}× faster than pandoc's batch")
    print(f"  byte-identical to the Markdown route (all {len(items)}): {written == from_markdown}")
    print(f"  byte-identical to pandoc's batch (all {len(items)}): {written == batch}")
    print(f"  byte-identical to pandoc run a file at a time (first 20): {written[:20] == per_file}")
    report("PDF: Typst in-process", timed(pdf.to_pdf, items))
    return 0


@contextlib.contextmanager
def pandoc_only():
    """Every DOCX made by pandoc, as before render/wordml.py."""
    from generator.render import wordml

    real = wordml.to_docx
    wordml.to_docx = lambda document, title: None
    try:
        yield
    finally:
        wordml.to_docx = real


def stage(project: Path) -> int:
    from generator.downloads import render_downloads
    from generator.pipeline import load_and_consolidate
    from generator.render.urls import Urls

    corpus = load_and_consolidate(project)
    start = time.perf_counter()
    files = render_downloads(corpus, Urls.for_acts(corpus.project.acts), dt.date(2026, 1, 1), None)
    took = time.perf_counter() - start
    count = sum(1 for path in files if path.endswith((".docx", ".pdf")))
    print(f"cold download stage: {count} DOCX+PDF in {took:.1f} s ({took / max(count // 2, 1):.3f} s a version)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
