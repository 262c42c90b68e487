"""The Tax-Code-sized act (issue 7): load, validate and consolidate times, and peak memory. Prints Markdown.

    .venv/bin/python benchmarks/consolidate.py [--repeat 5] [--project DIR] [--baseline OLD_CONSOLIDATE_PY]

Without --project it writes a Tax-Code-only corpus (`corpus.py --acts 0 --seed 1`: 2,000 provisions, 300 amending
laws, 3,000 changes) to a temporary folder. Each figure is the median of --repeat runs in this process, as wall
and CPU time (read CPU when the machine is busy: it is shared). Stages:

- read YAML: `yamlsource.read_yaml` on every file (the C-parser fast path), and, for the ratio, the same files
  through the pure round-trip reader alone (the path every file took before);
- validate: `load.schema_problems` (JSON Schema); build: the model objects (`load._Builder`);
- consolidate: `consolidate.consolidate` of every act (the Tax Code's 300 amending laws and all its versions
  with notes); with --baseline FILE (e.g. `git show REV:generator/consolidate.py > /tmp/old.py`), that module
  too, in the same process, with its output checked equal to the current one.

Peak memory: a fresh process loads and consolidates once and reports its peak RSS (ru_maxrss) after loading and
after consolidating; another reports tracemalloc's peak during consolidation alone.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

TARGET_SECONDS, TARGET_MB = 2.0, 500  # issue 7, for the Tax-Code-sized act


def files(project: Path) -> list[Path]:
    return sorted((project / "acts").rglob("*.y*ml"))


def timed(fn, *args):
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn(*args)
    return result, time.perf_counter() - wall, time.process_time() - cpu


def load(paths: list[Path], project: Path, fast: bool = True):
    """Every stage of loading, separately timed: (acts, {stage: (wall, cpu)})."""
    from generator import load as ld, yamlsource as ys
    original = ys._read_fast
    if not fast:
        ys._read_fast = lambda text, shown: None
    try:
        sources, read_wall, read_cpu = timed(lambda: [ys.read_yaml(p, p.relative_to(project).as_posix()) for p in paths])
    finally:
        ys._read_fast = original
    problems, val_wall, val_cpu = timed(lambda: [pr for s in sources for pr in ld.schema_problems(s, "act")])
    if problems:
        raise SystemExit(f"the corpus does not validate: {problems[0]}")

    def build():
        acts = []
        for src, p in zip(sources, paths):
            builder = ld._Builder(src, p.relative_to(project).as_posix())
            acts.append(builder.act())
        return tuple(sorted(acts, key=lambda a: a.id))
    acts, build_wall, build_cpu = timed(build)
    return acts, {"read YAML": (read_wall, read_cpu), "validate (JSON Schema)": (val_wall, val_cpu),
                  "build model": (build_wall, build_cpu)}


def old_module(path: Path):
    spec = importlib.util.spec_from_file_location("generator._baseline_consolidate", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def worker(mode: str, project: Path, baseline: Path | None = None) -> None:
    """One fresh process: peak RSS around loading and consolidating, or tracemalloc's peak of consolidation."""
    if baseline:
        consolidate = old_module(baseline).consolidate
    else:
        from generator.consolidate import consolidate
    acts, _ = load(files(project), project)
    if mode == "rss":
        start = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        after_load = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        histories, problems = consolidate(acts)
        after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        versions = sum(len(h.versions) for h in histories.values())
        print(json.dumps({"start": start, "after_load": after_load, "after_consolidate": after, "versions": versions,
                          "problems": len(problems)}))
    else:
        import tracemalloc
        tracemalloc.start()
        histories, _ = consolidate(acts)
        print(json.dumps({"peak": tracemalloc.get_traced_memory()[1] / 2**20}))


def child(mode: str, project: Path, baseline: Path | None = None) -> dict:
    out = subprocess.run([sys.executable, __file__, "--worker", mode, "--project", str(project),
                          *(["--baseline", str(baseline)] if baseline else [])],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--project", type=Path, help="a project folder (default: a fresh Tax-Code-only corpus)")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--baseline", type=Path, help="an older generator/consolidate.py to time against")
    ap.add_argument("--worker", choices=("rss", "tracemalloc"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        worker(args.worker, args.project, args.baseline)
        return
    with tempfile.TemporaryDirectory(prefix="qanun-taxcode-") as tmp:
        project = args.project
        if project is None:
            project = Path(tmp) / "project"
            subprocess.run([sys.executable, str(HERE / "corpus.py"), str(project), "--acts", "0", "--seed", "1",
                            "--no-site"], check=True, capture_output=True)
        run(project, args)


def run(project: Path, args) -> None:
    from generator.consolidate import consolidate
    # First, while this process is small: Linux hands a forked child the parent's ru_maxrss.
    rss = child("rss", project)
    peak = child("tracemalloc", project)
    old_rss = child("rss", project, args.baseline) if args.baseline else None
    paths = files(project)
    baseline = old_module(args.baseline) if args.baseline else None
    rows: dict[str, list[tuple[float, float]]] = {}
    old_rows: dict[str, list[tuple[float, float]]] = {}
    for _ in range(args.repeat):
        acts, stages = load(paths, project)
        for name, figures in stages.items():
            rows.setdefault(name, []).append(figures)
        _, slow = load(paths, project, fast=False)
        old_rows.setdefault("read YAML", []).append(slow["read YAML"])
        (histories, problems), wall, cpu = timed(consolidate, acts)
        rows.setdefault("consolidate", []).append((wall, cpu))
        if baseline:
            (old_histories, old_problems), wall, cpu = timed(baseline.consolidate, acts)
            old_rows.setdefault("consolidate", []).append((wall, cpu))
            if old_histories != histories or [str(p) for p in old_problems] != [str(p) for p in problems]:
                raise SystemExit("the baseline consolidates differently: the comparison is void")
    versions = sum(len(h.versions) for h in histories.values())
    notes = max(len(h.versions[-1].notes) for h in histories.values())
    changes = sum(len(a.changes) for a in acts)

    def med(values, i):
        return statistics.median(v[i] for v in values)

    print(f"{len(paths)} files, {len(acts)} acts, {changes:,} changes → {versions:,} versions "
          f"(up to {notes:,} notes in one); median of {args.repeat}\n")
    print("| stage | wall s | CPU s | before (same process), CPU s | ratio |")
    print("| --- | --- | --- | --- | --- |")
    for name, values in rows.items():
        before = old_rows.get(name)
        ratio = f"{med(before, 1) / med(values, 1):.1f}×" if before else ""
        print(f"| {name} | {med(values, 0):.2f} | {med(values, 1):.2f} | {f'{med(before, 1):.2f}' if before else ''} "
              f"| {ratio} |")
    print(f"\npeak RSS (fresh process): {rss['start']:.0f} MB at start, {rss['after_load']:.0f} MB after loading, {rss['after_consolidate']:.0f} MB "
          f"after consolidating; tracemalloc peak of consolidation alone: {peak['peak']:.0f} MB")
    if old_rss:
        print(f"before (--baseline, fresh process): {old_rss['after_consolidate']:.0f} MB after consolidating")
    consolidate_wall = med(rows["consolidate"], 0)
    print(f"target for the Tax-Code-sized act: consolidation ≤ {TARGET_SECONDS:.0f} s and ≤ {TARGET_MB} MB peak: "
          f"{consolidate_wall:.2f} s wall ({med(rows['consolidate'], 1):.2f} s CPU), {rss['after_consolidate']:.0f} MB")


if __name__ == "__main__":
    main()
