"""Benchmark: compare the first and the last version of a synthetic 2,000-provision act.

Builds the act and its amending acts in memory (fixed seed, so every run measures the same work),
consolidates them, then times `compare()` of the first against the last version: the median of
several runs is the figure (target: at most 200 ms). Run with

    .venv/bin/python benchmarks/compare.py [--runs N] [--amending-acts N] [--changes-per-act N]

Timings are printed, never asserted: the machines are shared and noisy.
"""
from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import time
from dataclasses import dataclass, field

from generator.compare import compare
from generator.consolidate import consolidate
from generator.model import BODY, Act, Change, ChangeKind, Document, Provision, Register, Target

TARGET = "sintetik-qerar"
CITED = "Azərbaycan Respublikası Nazirlər Kabinetinin Qərarı"
ADOPTED = dt.date(2010, 1, 15)
SYLLABLES = ["ka", "lə", "mi", "ro", "su", "ta", "nə", "ğı", "şü", "çə", "dö", "be", "qa", "yi", "zı", "xu", "pə", "fi"]
TOP, CHILDREN = 200, 9  # 200 points with 9 sub-points each: 2,000 provisions


def word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))


def sentence(rng: random.Random, n: int) -> list[str]:
    return [word(rng) for _ in range(n)]


def render(words: list[str]) -> str:
    return " ".join(words) + "."


@dataclass
class _Sim:
    """What the act says as the changes are drawn, so that every drawn change applies."""

    words: dict[str, list[str]]  # provision id → its words
    num: dict[str, str]  # provision id → its current number
    children: dict[str, list[str]] = field(default_factory=dict)  # top-level id → child ids
    gone: set[str] = field(default_factory=set)


def build_act(rng: random.Random) -> tuple[Act, _Sim]:
    sim = _Sim({}, {})
    top = []
    for i in range(1, TOP + 1):
        kids = []
        for j in range(1, CHILDREN + 1):
            pid = f"{i}.{j}"
            sim.words[pid], sim.num[pid] = sentence(rng, rng.randint(12, 40)), pid
            kids.append(Provision(pid, pid, "yarımbənd", None, render(sim.words[pid])))
        pid = str(i)
        sim.words[pid], sim.num[pid] = sentence(rng, rng.randint(6, 20)), pid
        sim.children[pid] = [k.id for k in kids]
        top.append(Provision(pid, pid, "bənd", None, render(sim.words[pid]), tuple(kids)))
    act = Act(id=TARGET, type="qərar", adopted=ADOPTED, path=f"{TARGET}.yaml", title="Sintetik qərar",
              cited_as=CITED, number="1", body=Document(BODY, tuple(top)))
    return act, sim


def draw_change(rng: random.Random, sim: _Sim, serial: int) -> dict:
    """One change that applies to the act as the simulation has it, and the simulation updated."""
    tops = [t for t in sim.children if t not in sim.gone]
    parent = rng.choice(tops)
    kids = [k for k in sim.children[parent] if k not in sim.gone]
    roll = rng.random()
    if roll < 0.04:  # renumber a point; its sub-points follow (2.3 → 1005.3)
        old, to = sim.num[parent], str(1000 + serial)
        for pid in sim.children[parent]:
            sim.num[pid] = to + sim.num[pid][len(old):]
        sim.num[parent] = to
        return {"kind": ChangeKind.RENUMBER, "target": Target(TARGET, provision=old), "to": to}
    if roll < 0.08 and kids:  # add a sub-point
        pid = f"new-{serial}"
        num = f"{sim.num[parent]}.{100 + serial}"
        sim.words[pid], sim.num[pid] = sentence(rng, rng.randint(10, 30)), num
        sim.children[parent].append(pid)
        return {"kind": ChangeKind.ADD_PROVISION, "target": Target(TARGET, provision=sim.num[parent]),
                "provision": Provision(pid, num, "yarımbənd", None, render(sim.words[pid]))}
    if roll < 0.11 and len(kids) > 2:  # delete a sub-point
        pid = rng.choice(kids)
        sim.gone.add(pid)
        return {"kind": ChangeKind.DELETE_PROVISION, "target": Target(TARGET, provision=sim.num[pid])}
    pid = rng.choice(kids) if kids and rng.random() < 0.8 else parent
    words = sim.words[pid]
    if roll < 0.16 and pid != parent:  # restate a sub-point (a point's restatement would drop its sub-points)
        sim.words[pid] = sentence(rng, rng.randint(12, 40))
        return {"kind": ChangeKind.RESTATE, "target": Target(TARGET, provision=sim.num[pid]),
                "provision": Provision("", "", "", None, render(sim.words[pid]))}
    old = rng.choice(words)
    new = sentence(rng, rng.randint(1, 4))
    kind = rng.choice([ChangeKind.REPLACE_WORDS, ChangeKind.DELETE_WORDS, ChangeKind.INSERT_WORDS])
    if kind is ChangeKind.DELETE_WORDS and len(set(words)) < 3:
        kind = ChangeKind.REPLACE_WORDS
    out: list[str] = []
    for w in words:  # every occurrence, as `occurrence: all` does
        out += {ChangeKind.REPLACE_WORDS: new, ChangeKind.DELETE_WORDS: [], ChangeKind.INSERT_WORDS: [w, *new]}[kind] \
            if w == old else [w]
    sim.words[pid] = out
    change = {"kind": kind, "target": Target(TARGET, provision=sim.num[pid]), "old": old, "occurrence": "all"}
    if kind is not ChangeKind.DELETE_WORDS:
        change["new"] = " ".join(new)
    return change


def build(amending: int, per_act: int, seed: int) -> tuple[Act, ...]:
    rng = random.Random(seed)
    act, sim = build_act(rng)
    acts = [act]
    day = dt.date(2011, 1, 1)
    serial = 0
    for n in range(1, amending + 1):
        day += dt.timedelta(days=rng.randint(20, 120))
        changes = []
        for _ in range(per_act):
            serial += 1
            change = draw_change(rng, sim, serial)
            changes.append(Change(**change, amending_act=f"deyisiklik-{n}", index=len(changes) + 1, effective=day))
        acts.append(Act(id=f"deyisiklik-{n}", type="qərar", adopted=day - dt.timedelta(days=10), in_force=day,
                        path=f"deyisiklik-{n}.yaml", cited_as=CITED, number=str(n),
                        register=Register(f"14{day:%Y%m%d}{n:04d}", day), changes=tuple(changes)))
    return tuple(acts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--amending-acts", type=int, default=60)
    parser.add_argument("--changes-per-act", type=int, default=20)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()

    t0 = time.perf_counter()
    acts = build(args.amending_acts, args.changes_per_act, args.seed)
    t1 = time.perf_counter()
    histories, problems = consolidate(acts)
    t2 = time.perf_counter()
    if problems:
        raise SystemExit(f"the synthetic changes should all apply; {len(problems)} did not, e.g. {problems[0]}")
    history = histories[TARGET]
    first, last = history.versions[0], history.versions[-1]
    timings, cpu = [], []
    for _ in range(args.runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = compare(history, first, last)
        timings.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    provisions = sum(1 for d in first.documents for _ in d.walk())
    print(f"act: {provisions} provisions, {len(acts) - 1} amending acts, "
          f"{sum(len(a.changes) for a in acts)} changes, {len(history.versions)} versions "
          f"(built in {t1 - t0:.2f} s, consolidated in {t2 - t1:.2f} s)")
    print(f"comparison first → last: {len(result.changes)} changes reported "
          f"({len(result.changed)} changed, {len(result.added)} added, {len(result.deleted)} deleted, "
          f"{len(result.renumbered)} renumbered, {len(result.unchanged)} unchanged)")
    print(f"compare(): median {statistics.median(timings):.1f} ms, min {min(timings):.1f} ms, "
          f"max {max(timings):.1f} ms over {args.runs} runs (target ≤ 200 ms); "
          f"CPU time median {statistics.median(cpu):.1f} ms")


if __name__ == "__main__":
    main()
