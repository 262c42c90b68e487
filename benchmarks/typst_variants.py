"""What Typst's time a PDF goes to: the same versions set as qanun sets them and in variants, in one process.

    .venv/bin/python benchmarks/typst_variants.py PROJECT [--acts 30] [--seed 2] [--rounds 2]

Takes every version of `--acts` acts picked at random from PROJECT (a `corpus.py` project), writes each one's
Typst source as qanun does (`render/pdf.py`), and times, a version on average, each variant against qanun's own
route in the same process (ratios printed):

- qanun: one compiler a thread (`pdf.compile_typst`), each act's versions in order, as a worker gets them;
- the same, the versions dealt one by one to two workers (the shares before: every other version of an act);
- a new compiler a version (its world and fonts set up each time), and one compiler handed each version's
  source as bytes (both routes before: the compiler parsed every version afresh);
- footnotes counted by Typst (`counter(footnote)`, the route before, instead of each note's own number);
- no page footer; no header table; notes as superscript text at their markers instead of page footnotes;
- content in files named by their hash (`#include`): whether Typst's memoization of layout carries from one
  version of an act to the next with the unchanged parts' sources the same files (it did not).

Variants that change the document are measures of cost only, not proposals: the PDF keeps its footnotes,
header and page numbers. Every variant that should give qanun's bytes is checked to give them.
"""
from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

AS_OF = dt.date(2026, 12, 7)
FOOTER = ",\n  footer: context align(center, text(size: 9pt, counter(page).display())))"
ENTRY = re.compile(r"#show footnote\.entry: it => \{.*?\n\}\n", re.S)
COUNTED_ENTRY = """#show footnote.entry: it => {
  set text(size: 8.5pt)
  set par(leading: 0.4em, spacing: 0.4em)
  let n = counter(footnote).at(it.note.location())
  [#numbering("1", ..n). #it.note.body]
}
"""
HEADER = re.compile(r"^#block\(width: 100%, below: 1\.2em\)\[#set text\(size: 8\.5pt\); #table.*$", re.M)


def sources(project: Path, acts: int, seed: int) -> list[list[str]]:
    """Each picked act's versions' Typst sources, in order."""
    from generator import pipeline
    from generator.render import pdf
    from generator.render.layout import layout

    corpus = pipeline.load_and_consolidate(project)
    picked = random.Random(seed).sample(sorted(corpus.histories), min(acts, len(corpus.histories)))
    font = pdf._fonts()[1]
    return [[pdf.to_typst(list(layout(corpus.histories[a], v, AS_OF, corpus.acts)), a, font)
             for v in corpus.histories[a].versions] for a in picked]


def counted(source: str) -> str:
    return re.sub(r'#footnote\(numbering: _ => "\d+"\)\[', "#footnote[", ENTRY.sub(COUNTED_ENTRY, source))


def superscript(source: str) -> str:
    """Each note's text set where its marker is, as superscript: `#footnote(numbering: …)[…]` → `#super[…]`."""
    return re.sub(r'#footnote\(numbering: _ => "\d+"\)\[', "#super[", source)


def fresh_compiler(source: str) -> bytes:
    import typst

    from generator.render import pdf

    with tempfile.TemporaryDirectory() as root:
        return typst.Compiler(root=root, font_paths=pdf._fonts()[0], ignore_system_fonts=True).compile(
            input=source.encode("utf-8"), format="pdf", timestamp=0)


class Compilers:
    """Compilers of their own, in a folder of their own, for the variants that set a version another way."""

    def __init__(self) -> None:
        import typst

        from generator.render import pdf

        self.root = tempfile.mkdtemp(prefix="typst-variants-")
        self.as_bytes = typst.Compiler(root=self.root, font_paths=pdf._fonts()[0], ignore_system_fonts=True)
        self.including = typst.Compiler(root=self.root, font_paths=pdf._fonts()[0], ignore_system_fonts=True)

    def bytes(self, source: str) -> bytes:
        return self.as_bytes.compile(input=source.encode("utf-8"), format="pdf", timestamp=0)

    def included(self, source: str) -> bytes:
        """Each block of lines (cut where a line's hash says, so cuts survive edits) in a file named by its hash."""
        head, body = source.split("\n}\n", 1)
        parts, current = [], []
        for line in body.split("\n"):
            current.append(line)
            if hashlib.md5(line.encode("utf-8")).digest()[0] % 16 == 0:
                parts.append("\n".join(current))
                current = []
        parts.append("\n".join(current))
        main = [head + "\n}"]
        for part in parts:
            name = f"c{hashlib.sha256(part.encode('utf-8')).hexdigest()[:24]}.typ"
            path = os.path.join(self.root, name)
            if not os.path.exists(path):
                Path(path).write_text(part + "\n", encoding="utf-8")
            main.append(f'#include "{name}"')
        return self.including.compile(input=("\n".join(main) + "\n").encode("utf-8"), format="pdf", timestamp=0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--acts", type=int, default=30)
    parser.add_argument("--seed", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=2, help="times each variant is run (the median is shown)")
    args = parser.parse_args(argv)
    from generator.render import pdf

    acts = sources(args.project, args.acts, args.seed)
    flat = [s for versions in acts for s in versions]
    own = Compilers()
    variants: dict[str, tuple[Callable[[str], bytes], Callable[[str], str], bool]] = {
        "qanun (one compiler a thread)": (pdf.compile_typst, str, True),
        "versions dealt one by one to two workers": (pdf.compile_typst, str, True),
        "a new compiler a version": (fresh_compiler, str, True),
        "footnotes counted by Typst": (pdf.compile_typst, counted, False),
        "no page footer": (pdf.compile_typst, lambda s: s.replace(FOOTER, ")"), False),
        "no header table": (pdf.compile_typst, lambda s: HEADER.sub("", s), False),
        "notes as text at their markers": (pdf.compile_typst, superscript, False),
        "one compiler, each source handed over as bytes": (own.bytes, str, True),
        "content in files by hash (#include)": (own.included, str, True),
    }
    reference = [pdf.compile_typst(s) for s in flat]
    times: dict[str, list[float]] = {name: [] for name in variants}
    dealt = [*range(0, len(flat), 2), *range(1, len(flat), 2)]  # worker 1's share, then worker 2's
    for _round in range(args.rounds):
        for name, (compile_, change, same) in variants.items():
            order = dealt if name.startswith("versions dealt") else range(len(flat))
            changed = [(i, change(flat[i])) for i in order]
            start = time.perf_counter()
            made = {i: compile_(s) for i, s in changed}
            times[name].append((time.perf_counter() - start) / len(flat))
            if same and [made[i] for i in range(len(flat))] != reference:
                print(f"{name}: the PDFs differ from qanun's", file=sys.stderr)
                return 1
    base = statistics.median(times["qanun (one compiler a thread)"])
    print(f"{len(flat)} versions of {len(acts)} acts, {sum(map(len, flat)) // len(flat):,} bytes of Typst source on "
          f"average, {sum(s.count('#footnote(') for s in flat)} footnotes; median of {args.rounds} rounds\n")
    print("| variant | ms a version | against qanun |\n| --- | --- | --- |")
    for name in variants:
        t = statistics.median(times[name])
        print(f"| {name} | {t * 1000:.1f} | {t / base:.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
