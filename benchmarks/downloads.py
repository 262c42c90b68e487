"""Per-file cost of the DOCX and PDF downloads: the old way (one pandoc process per DOCX; pandoc HTML + WeasyPrint
per PDF) against the new way (a batch of DOCX per pandoc-server CGI process; Typst in-process per PDF).

    .venv/bin/python benchmarks/downloads.py [PROJECT] [--limit N] [--no-old] [--stage]

PROJECT is a folder holding acts/ (default: this repository; a synthetic one from `benchmarks/corpus.py OUT
--acts 20 --no-tax-code --no-site` for more versions). Every version of every act is rendered (at most --limit),
one process, no cache. Prints the median and the mean seconds a file for each route, and checks that the batch
DOCX are byte-identical to the one-process-per-file DOCX. The "old PDF" needs WeasyPrint installed (it is no
longer a dependency) and uses a CSS close to the old one: it is a yardstick, not the old renderer.
`--stage` instead times the whole download stage of a cold build (`render_downloads`, no cache, worker
processes as in `qanun build`) of the qanun in QANUN_SOURCE (default: this checkout; point it at a copy of
an older commit, e.g. `git archive HEAD generator schemas | tar -x -C /tmp/old`, to compare).
"""
from __future__ import annotations

import argparse
import os
import datetime as dt
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, os.environ.get("QANUN_SOURCE") or str(Path(__file__).resolve().parent.parent))

OLD_CSS = """@page { size: A4; margin: 2cm 2cm 2.2cm 2.5cm; @bottom-center { content: counter(page); } }
html { font-family: "DejaVu Serif"; font-size: 11pt; line-height: 1.35; text-align: justify; }
h1, h2, h3, h4, h5, h6 { font-size: 11pt; text-align: center; }
td { border: 0.5pt solid #999; } .fn { float: footnote; font-size: 8.5pt; }"""


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


def old_pdf(blocks, title) -> bytes:
    import weasyprint

    from generator.render import docx

    return weasyprint.HTML(string=docx.to_html(blocks, title)).write_pdf(stylesheets=[weasyprint.CSS(string=OLD_CSS)])


def report(name: str, per_file: list[float]) -> None:
    print(f"{name:<44} median {statistics.median(per_file):7.3f} s   mean {statistics.mean(per_file):7.3f} s"
          f"   ({len(per_file)} files, {sum(per_file):.1f} s)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", nargs="?", type=Path, default=Path(__file__).resolve().parent.parent)
    parser.add_argument("--limit", type=int, default=200)
    parser.add_argument("--no-old", action="store_true", help="skip the old routes (slow)")
    parser.add_argument("--stage", action="store_true", help="time the cold download stage of a build instead")
    args = parser.parse_args(argv)
    if args.stage:
        return stage(args.project)

    from generator.downloads import normalise_zip
    from generator.render import docx, pdf

    items = versions(args.project, args.limit)
    print(f"{len(items)} versions from {args.project}")
    docx.reference_docx()
    pdf.to_pdf(*items[0])  # fonts loaded once a process, as in a build
    if not args.no_old:
        report("DOCX old: pandoc --sandbox, a process a file", timed(docx.to_docx, items))
    start = time.perf_counter()
    batch = docx.to_docx_many(items)
    took = time.perf_counter() - start
    report(f"DOCX new: pandoc-server CGI, {docx.BATCH_SIZE} a process", [took / len(items)] * len(items))
    same = all(normalise_zip(a) == normalise_zip(docx.to_docx(b, t)) for a, (b, t) in zip(batch[:20], items[:20]))
    print(f"  batch DOCX byte-identical to the per-file DOCX (first 20): {same}")
    if not args.no_old:
        try:
            report("PDF old: pandoc HTML + WeasyPrint", timed(old_pdf, items))
        except ImportError:
            print("PDF old: WeasyPrint is not installed")
    report("PDF new: Typst in-process", timed(pdf.to_pdf, items))
    return 0


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
