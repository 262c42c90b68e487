"""A deterministic generator of realistic synthetic qanun projects, for benchmarks.

    python benchmarks/corpus.py OUTDIR --acts 100 --seed 1 [--no-tax-code] [--holdback] [--no-site] [--meetings]

OUTDIR receives `acts/*.yaml` sources that `qanun check` accepts, a copy of the repository's `site/`
and `mkdocs.yml` (so that `qanun -C OUTDIR build` works) and `corpus.json`, a summary.

- `--acts N` regular acts: half of them base acts of 5–300 provisions (laws with articles, Cabinet and
  collegium decisions approving a regulation in an annex, decrees), half amending acts making every kind
  of change to them, one amending act a day at most, so that no `order:` is needed.
- The Tax-Code-sized act (`acts/tax-code/`): 2,000 provisions in 20 chapters, amended by 300 laws making
  3,000 changes; some take effect on the 1st of January after their adoption (with `order:`).
- `--holdback` writes the chronologically last regular amending act to `pending/` instead of `acts/`:
  moving it in is "one new amending act" for incremental-build benchmarks.

Every change is generated against a simulation of the target's text as in force on its date, with
qanun's own rules (whole words, found exactly once; sentence spans; provision numbers and ids), so the
whole corpus consolidates without a single problem. The same seed gives the same bytes.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

sys.path.insert(0, str(Path(__file__).resolve().parent))
from vocabulary import INTRO_ENDINGS, SIGNATORIES, STARTERS, TOPICS, VERBS, WORDS  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
BODY = "body"
PURE = re.compile(r"\w+")
TAX_PROVISIONS, TAX_CHAPTERS, TAX_ARTICLES, TAX_AMENDING, TAX_CHANGES = 2000, 20, 220, 300, 3000
REGULAR_FIRST_DAY, LAST_DAY = dt.date(2001, 1, 10), dt.date(2025, 6, 30)


# --- families of acts -------------------------------------------------------------------------

@dataclass(frozen=True)
class Family:
    key: str
    type: str
    cited_as: str
    issuer: str
    type_name: str
    note_style: str
    units: tuple[str, str, str]  # unit of provisions at depth 1, 2, 3
    headings: bool  # top-level provisions have headings (articles of a law)
    annex: float  # share of base acts whose text is an annex they approve
    code: str  # two digits heading the State Register number
    position: str  # signatory's position
    weight: int


FAMILIES = (
    Family("law", "qanun", "Azərbaycan Respublikasının Qanunu", "Azərbaycan Respublikasının Milli Məclisi", "Qanun",
           "law", ("maddə", "maddə", "maddə"), True, 0.0, "11", "Azərbaycan Respublikasının Prezidenti", 30),
    Family("cabinet", "qərar", "Azərbaycan Respublikası Nazirlər Kabinetinin Qərarı",
           "Azərbaycan Respublikasının Nazirlər Kabineti", "Qərar", "register", ("bənd", "yarımbənd", "yarımbənd"),
           False, 0.8, "14", "Azərbaycan Respublikasının Baş naziri", 40),
    Family("decree", "fərman", "Azərbaycan Respublikası Prezidentinin Fərmanı", "Azərbaycan Respublikasının Prezidenti",
           "Fərman", "register", ("bənd", "yarımbənd", "yarımbənd"), False, 0.3, "12",
           "Azərbaycan Respublikasının Prezidenti", 15),
    Family("collegium", "qərar", "Azərbaycan Respublikası İqtisadiyyat Nazirliyinin Kollegiyasının Qərarı",
           "Azərbaycan Respublikasının İqtisadiyyat Nazirliyi", "Kollegiyanın Qərarı", "register",
           ("bənd", "yarımbənd", "yarımbənd"), False, 1.0, "15", "Azərbaycan Respublikasının iqtisadiyyat naziri", 15),
)
TAX_FAMILY = Family("code", "məcəllə", "Azərbaycan Respublikasının Vergi Məcəlləsi",
                    "Azərbaycan Respublikasının Milli Məclisi", "Məcəllə", "law", ("maddə", "maddə", "maddə"), True, 0.0,
                    "11", "Azərbaycan Respublikasının Prezidenti", 0)


def convocation(day: dt.date) -> str:
    """The Milli Məclis convocation in a law's number (“512-IIQ”)."""
    for year, roman in ((2020, "VI"), (2015, "V"), (2010, "IV"), (2005, "III"), (2000, "II")):
        if day.year >= year:
            return roman
    return "I"


# --- the simulated text -------------------------------------------------------------------------

@dataclass
class Node:
    """A provision as in force at the point the simulation has reached."""

    id: str
    num: str
    unit: str
    heading: str | None
    sentences: list[str]
    children: list[Node] = field(default_factory=list)
    intro: bool = False  # its text ends with “:” and introduces its sub-provisions
    removed: bool = False
    chapter: bool = False  # a fəsil: heading only, articles numbered across chapters

    @property
    def text(self) -> str:
        return " ".join(self.sentences)

    def walk(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class Doc:
    id: str
    roots: list[Node]
    chaptered: bool = False
    title: str | None = None
    _live: list[tuple[Node, Node | None, int]] | None = field(default=None, repr=False)
    _all: list[Node] | None = field(default=None, repr=False)

    def touch(self) -> None:
        """Forget the cached lists: provisions were added, removed or renumbered."""
        self._live = self._all = None

    def walk(self) -> list[Node]:
        if self._all is None:
            self._all = [n for root in self.roots for n in root.walk()]
        return self._all

    def live(self) -> list[tuple[Node, Node | None, int]]:
        """Every provision in force: (node, parent, depth)."""
        if self._live is None:
            self._live = self._collect_live()
        return self._live

    def _collect_live(self) -> list[tuple[Node, Node | None, int]]:
        out: list[tuple[Node, Node | None, int]] = []

        def visit(nodes: list[Node], parent: Node | None, depth: int) -> None:
            for n in nodes:
                if not n.removed:
                    out.append((n, parent, depth))
                    visit(n.children, n, depth + 1)
        visit(self.roots, None, 1)
        return out


@dataclass
class SimAct:
    id: str
    family: Family
    adopted: dt.date
    in_force: dt.date
    number: str
    source: dict[str, Any]
    docs: dict[str, Doc]
    popularity: float = 1.0
    repealed: bool = False
    folder: str = "acts"

    @property
    def starts(self) -> dt.date:
        return self.in_force


@dataclass
class Group:
    """The changes one amending act makes to one target act on one day."""

    target: SimAct
    effective: dt.date
    count: int
    by: str
    explicit_date: bool = False
    repeal: bool = False
    changes: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Amending:
    act: SimAct
    order: int = 0
    groups: list[Group] = field(default_factory=list)


# --- words and sentences ---------------------------------------------------------------------------

class Writer:
    """Azerbaijani-looking legal sentences from the vocabulary."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def words(self, lo: int, hi: int) -> str:
        return " ".join(self.rng.choice(WORDS) for _ in range(self.rng.randint(lo, hi)))

    def sentence(self) -> str:
        body = self.words(5, 18).split(" ")
        if len(body) > 6 and self.rng.random() < 0.35:
            at = self.rng.randrange(2, len(body) - 2)
            body[at] += ","
        if self.rng.random() < 0.12:
            topic = self.rng.choice(TOPICS)
            body.insert(self.rng.randrange(1, len(body)), f"“{topic} haqqında”")
        return f"{self.rng.choice(STARTERS)} {' '.join(body)} {self.rng.choice(VERBS)}."

    def sentences(self) -> list[str]:
        return [self.sentence() for _ in range(self.rng.choices((1, 2, 3), (50, 35, 15))[0])]

    def intro(self) -> list[str]:
        return [f"{self.rng.choice(STARTERS)} {self.words(3, 10)} {self.rng.choice(INTRO_ENDINGS)}"]

    def heading(self) -> str:
        return f"{self.rng.choice(STARTERS)} {self.words(1, 4)}"


# --- building base acts ------------------------------------------------------------------------------

def provision_source(n: Node) -> dict[str, Any]:
    d: dict[str, Any] = {"num": n.num, "unit": n.unit}
    if n.id != n.num:
        d["id"] = n.id
    if n.heading:
        d["heading"] = n.heading
    if n.sentences:
        d["text"] = n.text
    if n.children:
        d["children"] = [provision_source(c) for c in n.children]
    return d


def shape_tree(rng: random.Random, total: int) -> list[list]:
    """A tree of `total` nodes (nested lists), 1–3 levels deep, as legal texts are shaped."""
    top_share = rng.choice((1.0, 0.7, 0.5, 0.4))
    tops: list[list] = [[] for _ in range(max(1, round(total * top_share)))]
    seconds: list[list] = []
    for _ in range(total - len(tops)):
        if seconds and rng.random() < 0.3:
            parent = rng.choice(seconds)
            parent.append([])
        else:
            child: list = []
            rng.choice(tops).append(child)
            seconds.append(child)
    return tops


def make_nodes(shape: list[list], prefix: str, depth: int, family: Family, writer: Writer,
               first: int = 1, headings: bool | None = None) -> list[Node]:
    nodes = []
    for i, kids in enumerate(shape, first):
        num = f"{prefix}{i}"
        heading = writer.heading() if (family.headings if headings is None else headings) and depth == 1 else None
        node = Node(num, num, family.units[min(depth, 3) - 1], heading, [])
        node.children = make_nodes(kids, f"{num}.", depth + 1, family, writer, headings=False)
        node.intro = bool(node.children)
        node.sentences = writer.intro() if node.intro else writer.sentences()
        nodes.append(node)
    return nodes


def base_act(rng: random.Random, writer: Writer, family: Family, seq: int, adopted: dt.date) -> SimAct:
    size = min(300, max(5, int(rng.lognormvariate(3.2, 0.9))))
    topic = rng.choice(TOPICS)
    in_force = adopted + dt.timedelta(days=rng.randint(0, 20))
    number, act_id = act_number(family, seq, adopted, amending=False)
    docs: dict[str, Doc] = {}
    annexes: list[dict[str, Any]] = []
    if rng.random() < family.annex and size > 8:
        possessive = rng.random() < 0.5
        title = f"{topic} Qaydaları" if possessive else f"{topic} haqqında Əsasnamə"
        annex_id = "qaydalar" if possessive else "esasname"
        body_nodes = [Node(str(i), str(i), family.units[0], None, writer.sentences()) for i in range(1, rng.randint(3, 5))]
        body_nodes[0].sentences = [f"“{title}” təsdiq edilsin (əlavə olunur)."]
        annex_nodes = make_nodes(shape_tree(rng, size - len(body_nodes)), "", 1, family, writer, headings=False)
        docs[BODY] = Doc(BODY, body_nodes)
        docs[annex_id] = Doc(annex_id, annex_nodes, title=title)
        annexes.append({"id": annex_id, "title": title,
                        "stamp": stamp(family, number),
                        **({"head_noun": "possessive"} if possessive else {}),
                        "provisions": [provision_source(n) for n in annex_nodes]})
        act_title = f"“{title}”{'nın' if possessive else 'nin'} təsdiq edilməsi haqqında"
    else:
        docs[BODY] = Doc(BODY, make_nodes(shape_tree(rng, size), "", 1, family, writer))
        act_title = f"{topic} haqqında"
    source = header(rng, family, act_id, number, adopted, in_force, seq, act_title)
    source["provisions"] = [provision_source(n) for n in docs[BODY].roots]
    source["signatories"] = [{"name": rng.choice(SIGNATORIES), "position": family.position}]
    if annexes:
        source["annexes"] = annexes
    return SimAct(act_id, family, adopted, in_force, number, source, docs, popularity=rng.paretovariate(1.2))


def stamp(family: Family, number: str) -> str:
    """“Azərbaycan Respublikası Nazirlər Kabinetinin 21 nömrəli Qərarı ilə təsdiq edilmişdir”."""
    issuer, kind = family.cited_as.rsplit(" ", 1)
    return f"{issuer} {number} nömrəli {kind} ilə təsdiq edilmişdir"


def act_number(family: Family, seq: int, adopted: dt.date, amending: bool) -> tuple[str, str]:
    if family.type in ("qanun", "məcəllə"):
        roman = convocation(adopted)
        number = f"{seq}-{roman}Q{'D' if amending else ''}"
        return number, f"qanun-{adopted.year}-{seq}-{roman.lower()}q{'d' if amending else ''}"
    prefix = {"cabinet": "nk", "decree": "ferman", "collegium": "in-kollegiya"}[family.key]
    return str(seq), f"{prefix}-{adopted.year}-{seq}"


def header(rng: random.Random, family: Family, act_id: str, number: str, adopted: dt.date, in_force: dt.date,
           seq: int, title: str) -> dict[str, Any]:
    entered = max(adopted, in_force - dt.timedelta(days=rng.randint(0, 3)))
    source: dict[str, Any] = {
        "kind": "act", "id": act_id, "type": family.type, "note_style": family.note_style, "issuer": family.issuer,
        "type_name": family.type_name, "cited_as": family.cited_as, "number": number, "title": title,
        "adopted": adopted, "in_force": in_force, "place": "Bakı şəhəri",
        "register": {"number": f"{family.code}{adopted:%y%m%d}{seq % 1_000_000:06d}", "entered": entered},
    }
    if family.type in ("qanun", "məcəllə"):
        source["publication"] = [{"source": "Azərbaycan Respublikasının Qanunvericilik Toplusu", "year": in_force.year,
                                  "issue": str(rng.randint(1, 12)), "article": str(rng.randint(1, 2000))}]
    source["notes"] = "Synthetic benchmark source generated by benchmarks/corpus.py: not law."
    return source


# --- changes, made against the simulated text -------------------------------------------------------

def find_words(text: str, words: str) -> list[tuple[int, int]]:
    """Whole-word occurrences, exactly as qanun finds them (generator/textedit.py)."""
    left = r"(?<!\w)" if re.match(r"\w", words[0]) else ""
    right = r"(?!\w)" if re.match(r"\w", words[-1]) else ""
    return [(m.start(), m.end()) for m in re.finditer(left + re.escape(words) + right, text)]


KINDS: dict[str, int] = {
    "replace_words": 26, "insert_words": 12, "delete_words": 10, "restate": 16, "add_provision": 12,
    "add_sentence": 6, "delete_provision": 7, "delete_sentence": 4, "renumber": 3, "heading_words": 2,
    "restate_heading": 1, "occurrence": 1,
}


class ChangeMaker:
    """Makes changes to one act, applying each to the simulation as qanun will apply it."""

    def __init__(self, rng: random.Random, writer: Writer, act: SimAct, day: dt.date) -> None:
        self.rng, self.writer, self.act, self.day = rng, writer, act, day

    def make(self, budget: int) -> list[dict[str, Any]]:
        """One or two changes (a renumbering and the provision it makes room for)."""
        makers: dict[str, Callable[[Doc], list[dict[str, Any]]]] = {
            "replace_words": self.replace_words, "insert_words": self.insert_words, "delete_words": self.delete_words,
            "restate": self.restate, "add_provision": self.add_provision, "add_sentence": self.add_sentence,
            "delete_provision": self.delete_provision, "delete_sentence": self.delete_sentence,
            "renumber": self.renumber, "heading_words": self.heading_words, "restate_heading": self.restate_heading,
            "occurrence": self.occurrence,
        }
        for _ in range(60):
            kind = self.rng.choices(list(KINDS), list(KINDS.values()))[0]
            if kind == "renumber" and budget < 2:
                continue
            doc = self.pick_doc()
            made = makers[kind](doc)
            if made:
                return made
        return self.add_provision(self.pick_doc(), top=True)

    def pick_doc(self) -> Doc:
        docs = list(self.act.docs.values())
        sizes = [len(d.live()) + 1 for d in docs]
        return self.rng.choices(docs, sizes)[0]

    def target(self, doc: Doc, node: Node | None = None, **extra: Any) -> dict[str, Any]:
        t: dict[str, Any] = {"act": self.act.id}
        if doc.id != BODY:
            t["annex"] = doc.id
        if node is not None:
            t["provision"] = node.num
        t.update(extra)
        return t

    def pick(self, doc: Doc, ok: Callable[[Node, int], bool]) -> Node | None:
        live = doc.live()
        for _ in range(30):  # most provisions qualify: try a few at random before filtering them all
            n, _, depth = self.rng.choice(live)
            if not n.chapter and ok(n, depth):
                return n
        found = [n for n, _, depth in live if not n.chapter and ok(n, depth)]
        return self.rng.choice(found) if found else None

    def phrase(self, node: Node, max_words: int = 3, min_left: int = 0) -> tuple[int, int, int, str] | None:
        """A run of plain words found exactly once in the provision, never a sentence's first word."""
        text = node.text
        for _ in range(15):
            si = self.rng.randrange(len(node.sentences))
            tokens = node.sentences[si].split(" ")
            if len(tokens) < 3:
                continue
            i = self.rng.randrange(1, len(tokens))
            n = self.rng.randint(1, max_words)
            span = tokens[i:i + n]
            if len(span) < n or not all(PURE.fullmatch(t) for t in span) or len(tokens) - n < min_left:
                continue
            words = " ".join(span)
            if len(find_words(text, words)) != 1:
                continue
            a = len(" ".join(tokens[:i])) + 1
            return si, a, a + len(words), words
        return None

    def maybe_sentence(self, node: Node, si: int) -> dict[str, Any]:
        if len(node.sentences) > 1 and self.rng.random() < 0.3:
            return {"sentence": si + 1}
        return {}

    # --- word changes ---

    def replace_words(self, doc: Doc) -> list[dict[str, Any]]:
        node = self.pick(doc, lambda n, d: bool(n.sentences))
        found = node and self.phrase(node)
        if not found:
            return []
        si, a, b, old = found
        new = self.writer.words(1, 4)
        if new == old:
            return []
        s = node.sentences[si]
        node.sentences[si] = s[:a] + new + s[b:]
        return [{"target": self.target(doc, node, **self.maybe_sentence(node, si)),
                 "replace_words": {"old": old, "new": new}}]

    def delete_words(self, doc: Doc) -> list[dict[str, Any]]:
        node = self.pick(doc, lambda n, d: bool(n.sentences))
        found = node and self.phrase(node, max_words=3, min_left=5)
        if not found:
            return []
        si, a, b, old = found
        s = node.sentences[si]
        node.sentences[si] = s[:a - 1] + s[b:]
        return [{"target": self.target(doc, node, **self.maybe_sentence(node, si)), "delete_words": old}]

    def insert_words(self, doc: Doc) -> list[dict[str, Any]]:
        node = self.pick(doc, lambda n, d: bool(n.sentences))
        found = node and self.phrase(node, max_words=2)
        if not found:
            return []
        si, a, b, anchor = found
        words = self.writer.words(1, 3)
        s = node.sentences[si]
        before = self.rng.random() < 0.3
        node.sentences[si] = s[:a] + words + " " + s[a:] if before else s[:b] + " " + words + s[b:]
        return [{"target": self.target(doc, node, **self.maybe_sentence(node, si)),
                 "insert_words": {"words": words, ("before" if before else "after"): anchor}}]

    def occurrence(self, doc: Doc) -> list[dict[str, Any]]:
        """Replace a word found several times: every occurrence, or the n-th."""
        node = self.pick(doc, lambda n, d: bool(n.sentences) and not n.intro)
        if node is None:
            return []
        text = node.text
        counts: dict[str, int] = {}
        for s in node.sentences:
            for t in s.split(" ")[1:]:
                if PURE.fullmatch(t):
                    counts[t] = counts.get(t, 0) + 1
        repeated = sorted(w for w in counts if len(find_words(text, w)) > 1 and all(
            s.split(" ")[0] != w for s in node.sentences))
        if not repeated:
            return []
        old = self.rng.choice(repeated)
        spans = find_words(text, old)
        which: int | str = "all" if self.rng.random() < 0.5 else self.rng.randint(1, len(spans))
        new = self.writer.words(1, 2)
        chosen = spans if which == "all" else [spans[which - 1]]
        for a, b in reversed(chosen):
            text = text[:a] + new + text[b:]
        node.sentences = resplit(text, len(node.sentences))
        return [{"target": self.target(doc, node), "occurrence": which, "replace_words": {"old": old, "new": new}}]

    def heading_words(self, doc: Doc) -> list[dict[str, Any]]:
        node = self.pick(doc, lambda n, d: bool(n.heading) and len(n.heading.split(" ")) > 1)
        if node is None:
            return []
        tokens = node.heading.split(" ")
        i = self.rng.randrange(1, len(tokens))
        if not PURE.fullmatch(tokens[i]) or len(find_words(node.heading, tokens[i])) != 1:
            return []
        old, new = tokens[i], self.writer.words(1, 2)
        tokens[i] = new
        node.heading = " ".join(tokens)
        return [{"target": self.target(doc, node, heading=True), "replace_words": {"old": old, "new": new}}]

    # --- sentences ---

    def add_sentence(self, doc: Doc) -> list[dict[str, Any]]:
        node = self.pick(doc, lambda n, d: bool(n.sentences) and not n.intro)
        if node is None:
            return []
        sentence = self.writer.sentence()
        node.sentences.append(sentence)
        return [{"target": self.target(doc, node), "add_sentence": sentence}]

    def delete_sentence(self, doc: Doc) -> list[dict[str, Any]]:
        node = self.pick(doc, lambda n, d: len(n.sentences) > 1 and not n.intro)
        if node is None:
            return []
        si = self.rng.randrange(len(node.sentences))
        del node.sentences[si]
        return [{"target": self.target(doc, node, sentence=si + 1), "delete_sentence": True}]

    # --- restatements ---

    def restate(self, doc: Doc) -> list[dict[str, Any]]:
        roll = self.rng.random()
        if roll < 0.25:
            node = self.pick(doc, lambda n, d: bool(n.sentences) and not n.intro)
            if node is None:
                return []
            si = self.rng.randrange(len(node.sentences))
            node.sentences[si] = self.writer.sentence()
            return [{"target": self.target(doc, node, sentence=si + 1), "restate": {"text": node.sentences[si]}}]
        if roll < 0.35:
            return self.restate_with_children(doc)
        node = self.pick(doc, lambda n, d: not n.children and bool(n.sentences))
        if node is None:
            return []
        node.sentences = self.writer.sentences()
        node.intro = False
        wording: dict[str, Any] = {"text": node.text}
        if node.heading:
            node.heading = self.writer.heading()
            wording = {"heading": node.heading, **wording}
        return [{"target": self.target(doc, node), "restate": wording}]

    def restate_with_children(self, doc: Doc) -> list[dict[str, Any]]:
        node = self.pick(doc, lambda n, d: not n.children and d < 3 and bool(n.sentences))
        if node is None:
            return []
        depth = next(d for n, _, d in doc.live() if n is node)
        taken = {n.id for n in doc.walk()}
        nums = {n.num for n in doc.walk()}
        kids = [self.new_node(f"{node.num}.{k}", depth + 1, taken, nums) for k in range(1, self.rng.randint(2, 4))]
        if any(k is None for k in kids):
            return []
        node.sentences, node.intro, node.children = self.writer.intro(), True, kids
        doc.touch()
        wording: dict[str, Any] = {"text": node.text, "children": [provision_source(k) for k in kids]}
        if node.heading:  # a restatement replaces the heading too: keep one
            node.heading = self.writer.heading()
            wording = {"heading": node.heading, **wording}
        return [{"target": self.target(doc, node), "restate": wording}]

    def restate_heading(self, doc: Doc) -> list[dict[str, Any]]:
        node = self.pick(doc, lambda n, d: bool(n.heading))
        if node is None:
            return []
        node.heading = self.writer.heading()
        return [{"target": self.target(doc, node, heading=True), "restate": {"heading": node.heading}}]

    # --- structure ---

    def new_node(self, num: str, depth: int, taken: set[str], nums: set[str], children: bool = False,
                 heading: bool = False) -> Node | None:
        """A provision brought in by a change: its id is its number unless that id is taken."""
        if num in nums:
            return None
        node_id = num if num not in taken else f"{num}-{self.day:%Y%m%d}"
        if node_id in taken:
            return None
        taken.add(node_id)
        unit = self.act.family.units[min(depth, 3) - 1]
        node = Node(node_id, num, unit, self.writer.heading() if heading else None, self.writer.sentences())
        if children:
            kids = [self.new_node(f"{num}.{k}", depth + 1, taken, nums) for k in range(1, self.rng.randint(2, 4))]
            if all(kids):
                node.children, node.sentences, node.intro = kids, self.writer.intro(), True  # type: ignore[assignment]
        return node

    def next_num(self, doc: Doc, parent: Node | None) -> str:
        nums = {n.num for n in doc.walk()}
        if parent is not None and parent.chapter or parent is None and doc.chaptered:
            last = max((int(n.num) for n in doc.walk() if n.num.isdigit()), default=0)
            prefix = ""
        else:
            siblings = parent.children if parent else doc.roots
            prefix = f"{parent.num}." if parent else ""
            last = max((int(n.num.rsplit(".", 1)[-1]) for n in siblings if n.num.rsplit(".", 1)[-1].isdigit()), default=0)
        last += 1
        while f"{prefix}{last}" in nums:
            last += 1
        return f"{prefix}{last}"

    def add_provision(self, doc: Doc, top: bool = False) -> list[dict[str, Any]]:
        parent, depth = self.parent_for_new(doc, top)
        if depth == 0:
            return []
        num = self.next_num(doc, parent)
        heading = self.act.family.headings and (depth == 1 and not doc.chaptered or doc.chaptered and depth == 2)
        node = self.new_node(num, depth, {n.id for n in doc.walk()}, {n.num for n in doc.walk()},
                             children=self.rng.random() < 0.15 and depth < 3, heading=heading)
        if node is None:
            return []
        siblings = parent.children if parent else doc.roots
        live_siblings = [s for s in siblings if not s.removed]
        value: dict[str, Any] = {"provision": provision_source(node)}
        if live_siblings and self.rng.random() < 0.2:
            value = {"after": live_siblings[-1].num, **value}
        siblings.append(node)
        doc.touch()
        return [{"target": self.target(doc, parent), "add_provision": value}]

    def parent_for_new(self, doc: Doc, top: bool) -> tuple[Node | None, int]:
        """Where a new provision goes, and its depth (0: nowhere suitable)."""
        live = doc.live()
        if doc.chaptered:  # a new article in a chapter, or a new part of an article
            chapters = [(n, d) for n, _, d in live if n.chapter]
            parts = [(n, d) for n, _, d in live if not n.chapter and d < 4]
            parent, parent_depth = self.rng.choice(chapters if top or not parts or self.rng.random() < 0.25 else parts)
            return parent, parent_depth + 1
        if top or self.rng.random() < 0.35:
            return None, 1
        options = [(n, d) for n, _, d in live if d < 3]
        if not options:
            return None, 0
        parent, parent_depth = self.rng.choice(options)
        return parent, parent_depth + 1

    def renumber(self, doc: Doc) -> list[dict[str, Any]]:
        """Make room for a new provision: renumber the last one, then add one in its place."""
        options = []
        for node, parent, depth in doc.live():
            siblings = [s for s in (node.children) if not s.removed]
            if len(siblings) >= 2 and not node.chapter and depth < 3:
                options.append((node, siblings, depth + 1))
        if not doc.chaptered:
            roots = [s for s in doc.roots if not s.removed]
            if len(roots) >= 2:
                options.append((None, roots, 1))
        if not options:
            return []
        parent, siblings, depth = self.rng.choice(options)
        last, before = siblings[-1], siblings[-2]
        if not last.num.rsplit(".", 1)[-1].isdigit():
            return []
        old, new = last.num, self.next_num(doc, parent)
        renumber = {"target": self.target(doc, last), "renumber": new}
        for n in last.walk():
            if n is last or n.num.startswith(old + "."):
                n.num = new + n.num[len(old):]
        node = self.new_node(old, depth, {n.id for n in doc.walk()}, {n.num for n in doc.walk()},
                             heading=self.act.family.headings and depth == 1)
        if node is None:  # cannot happen: `old` was just freed; undo to stay safe
            raise AssertionError(f"renumbering {old} did not free its number")
        container = parent.children if parent else doc.roots
        container.insert(container.index(before) + 1, node)
        doc.touch()
        return [renumber,
                {"target": self.target(doc, parent), "add_provision": {"after": before.num, "provision": provision_source(node)}}]

    def delete_provision(self, doc: Doc) -> list[dict[str, Any]]:
        live = [n for n, _, _ in doc.live() if not n.chapter]
        if len(live) < 4:
            return []
        leaves = [n for n in live if not n.children]
        node = self.rng.choice(leaves if leaves and self.rng.random() < 0.8 else live)
        node.removed, node.children, node.sentences, node.heading = True, [], [], None
        doc.touch()
        verb = self.rng.choices(("çıxarılsın", "ləğv edilsin"), (60, 40))[0]
        return [{"target": self.target(doc, node), "delete_provision": verb}]


def resplit(text: str, count: int) -> list[str]:
    """Sentences of a text that was edited without touching sentence boundaries."""
    parts = re.split(r"(?<=\.) (?=[A-ZƏÇŞĞİÖÜ“])", text)
    if len(parts) != count:
        raise AssertionError(f"sentence count changed: {count} → {len(parts)}")
    return parts


# --- amending acts -----------------------------------------------------------------------------------

def amending_act(rng: random.Random, writer: Writer, family: Family, seq: int, in_force: dt.date,
                 targets: list[SimAct], title: str) -> SimAct:
    adopted = in_force - dt.timedelta(days=rng.randint(5, 30))
    number, act_id = act_number(family, seq, adopted, amending=True)
    source = header(rng, family, act_id, number, adopted, in_force, seq, title)
    verb = family.type_name.rsplit(" ", 1)[-1]
    provisions = [{"num": str(i), "unit": family.units[0],
                   "text": f"{t.number} nömrəli {t.source['cited_as']} ilə bağlı aşağıdakı dəyişikliklər edilsin."}
                  for i, t in enumerate(targets, 1)]
    provisions.append({"num": str(len(targets) + 1), "unit": family.units[0],
                       "text": f"Bu {verb} dərc edildiyi gündən qüvvəyə minir."})
    source["provisions"] = provisions
    source["signatories"] = [{"name": rng.choice(SIGNATORIES), "position": family.position}]
    docs = {BODY: Doc(BODY, [])}
    return SimAct(act_id, family, adopted, in_force, number, source, docs)


def sample_targets(rng: random.Random, candidates: list[SimAct], k: int) -> list[SimAct]:
    chosen: list[SimAct] = []
    pool = list(candidates)
    while pool and len(chosen) < k:
        pick = rng.choices(pool, [a.popularity for a in pool])[0]
        chosen.append(pick)
        pool.remove(pick)
    return chosen


def apply_groups(rng: random.Random, writer: Writer, amendings: list[Amending]) -> None:
    """Generate every group's changes in the order qanun applies them (date, order, adoption, id, position)."""
    events = [(g.effective, am.order, am.act.adopted, am.act.id, i, g)
              for am in amendings for i, g in enumerate(am.groups)]
    for *_, group in sorted(events, key=lambda e: e[:5]):
        if group.repeal:
            group.target.repealed = True
            group.changes = [{"by": group.by, "target": {"act": group.target.id}, "repeal": True}]
            continue
        maker = ChangeMaker(rng, writer, group.target, group.effective)
        while len(group.changes) < group.count:
            for change in maker.make(group.count - len(group.changes)):
                group.changes.append({"by": group.by, **change})
        if group.explicit_date:
            group.changes = [{**c, "effective": group.effective} for c in group.changes]


def finish_amending(am: Amending) -> None:
    am.act.source["changes"] = [c for g in am.groups for c in g.changes]
    if am.order:
        am.act.source["order"] = am.order


# --- the two parts of a corpus ---------------------------------------------------------------------

def days(first: dt.date, last: dt.date, count: int) -> list[dt.date]:
    """`count` dates from `first`, at least two days apart (a change may take effect the day after)."""
    step = max(2, (last - first).days // max(1, count))
    return [first + dt.timedelta(days=i * step) for i in range(count)]


def regular_part(seed: int, n_acts: int) -> tuple[list[SimAct], list[Amending]]:
    rng = random.Random(f"qanun-corpus:{seed}:regular")
    writer = Writer(rng)
    n_base = n_acts - n_acts // 2
    adopted = sorted(dt.date(1996, 1, 1) + dt.timedelta(days=rng.randrange(6200)) for _ in range(n_base))
    adopted[0] = dt.date(1996, 1, 1)  # some act is always in force when the first amending act comes
    families = [rng.choices(FAMILIES, [f.weight for f in FAMILIES])[0] for _ in range(n_base)]
    bases = [base_act(rng, writer, f, 100 + i, d) for i, (f, d) in enumerate(zip(families, adopted))]
    amendings = []
    schedule = days(REGULAR_FIRST_DAY, LAST_DAY, n_acts // 2)
    for j, day in enumerate(schedule):
        live = [a for a in bases if a.starts < day and not a.repealed]
        family = rng.choices(FAMILIES, [f.weight for f in FAMILIES])[0]
        candidates = [a for a in live if a.family is family] or live
        targets = sample_targets(rng, candidates, rng.choices((1, 2, 3, 4, 6), (40, 25, 15, 10, 10))[0])
        family = targets[0].family
        title = (f"{family.cited_as.rsplit(' ', 1)[0]} bəzi aktlarında dəyişikliklər edilməsi haqqında" if len(targets) > 1
                 else f"“{targets[0].source['title']}” aktında dəyişikliklər edilməsi haqqında")
        act = amending_act(rng, writer, family, 100 + n_base + j, day, targets, title)
        am = Amending(act)
        for i, target in enumerate(targets, 1):
            forced = j == len(schedule) * 3 // 4 and i == 1  # every corpus of some size repeals an act
            repeal = (rng.random() < 0.025 and j > 5 or forced) and len(live) > 3
            deferred = i == len(targets) and rng.random() < 0.15
            count = rng.choices((1, 2, 3, 4, 5, 6, 8, 10), (30, 25, 15, 10, 8, 5, 4, 3))[0]
            am.groups.append(Group(target, day + dt.timedelta(days=1 if deferred else 0), 1 if repeal else count,
                                   str(i), explicit_date=deferred, repeal=repeal))
            if repeal:
                target.repealed = True  # not a candidate from now on; its text is still simulated up to here
        amendings.append(am)
    for a in bases:
        a.repealed = False
    apply_groups(rng, writer, amendings)
    for am in amendings:
        finish_amending(am)
    return bases, amendings


def tax_code_part(seed: int) -> tuple[list[SimAct], list[Amending]]:
    rng = random.Random(f"qanun-corpus:{seed}:tax-code")
    writer = Writer(rng)
    code = tax_code(rng, writer)
    amendings = []
    counts = [1] * TAX_AMENDING
    weights = [rng.paretovariate(1.5) for _ in range(TAX_AMENDING)]
    for i in rng.choices(range(TAX_AMENDING), weights, k=TAX_CHANGES - TAX_AMENDING):
        counts[i] += 1
    for j, day in enumerate(days(dt.date(2001, 2, 1), LAST_DAY, TAX_AMENDING)):
        title = "Azərbaycan Respublikasının Vergi Məcəlləsində dəyişikliklər edilməsi haqqında"
        act = amending_act(rng, writer, FAMILIES[0], 5000 + j, day, [code], title)
        act.folder = "acts/tax-code"
        am = Amending(act)
        new_year = dt.date(day.year + 1, 1, 1)
        if counts[j] > 1 and rng.random() < 0.3 and new_year > day:
            later = rng.randint(1, counts[j] - 1)
            am.order = j + 1
            am.groups = [Group(code, day, counts[j] - later, "1"), Group(code, new_year, later, "1", explicit_date=True)]
        else:
            am.groups = [Group(code, day, counts[j], "1")]
        amendings.append(am)
    apply_groups(rng, writer, amendings)
    for am in amendings:
        finish_amending(am)
    return [code], amendings


def tax_code(rng: random.Random, writer: Writer) -> SimAct:
    """2,000 provisions: 20 chapters, 220 articles numbered across them, and their parts (13.2, 13.2.1)."""
    family = TAX_FAMILY
    per_chapter = [TAX_ARTICLES // TAX_CHAPTERS] * TAX_CHAPTERS
    for i in rng.choices(range(TAX_CHAPTERS), k=TAX_ARTICLES - sum(per_chapter)):
        per_chapter[i] += 1
    parts = [[] for _ in range(TAX_ARTICLES)]  # type: list[list]
    seconds: list[list] = []
    for _ in range(TAX_PROVISIONS - TAX_CHAPTERS - TAX_ARTICLES):
        if seconds and rng.random() < 0.4:
            rng.choice(seconds).append([])
        else:
            child: list = []
            rng.choice(parts).append(child)
            seconds.append(child)
    chapters, article = [], 1
    for c, n_articles in enumerate(per_chapter, 1):
        roman = to_roman(c)
        chapter = Node(roman, roman, "fəsil", writer.heading(), [], chapter=True)
        for shape in parts[article - 1: article - 1 + n_articles]:
            node = Node(str(article), str(article), "maddə", writer.heading(), [])
            node.children = make_nodes(shape, f"{article}.", 2, family, writer, headings=False)
            node.intro = bool(node.children)
            node.sentences = writer.intro() if node.intro else writer.sentences()
            chapter.children.append(node)
            article += 1
        chapters.append(chapter)
    adopted, in_force = dt.date(2000, 7, 11), dt.date(2001, 1, 1)
    source = header(rng, family, "vergi-mecellesi", "905-IQ", adopted, in_force, 905,
                    "Azərbaycan Respublikasının Vergi Məcəlləsi")
    source["id"] = "vergi-mecellesi"
    source["provisions"] = [provision_source(n) for n in chapters]
    source["signatories"] = [{"name": rng.choice(SIGNATORIES), "position": family.position}]
    act = SimAct("vergi-mecellesi", family, adopted, in_force, "905-IQ", source,
                 {BODY: Doc(BODY, chapters, chaptered=True)})
    act.folder = "acts/tax-code"
    return act


def to_roman(n: int) -> str:
    out = ""
    for value, letters in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + letters, n - value
    return out


# --- YAML ----------------------------------------------------------------------------------------------

BARE = re.compile(r"[a-zəçşğıöü][a-zəçşğıöü0-9-]*")  # ids and enum values need no quotes
YAML_WORDS = {"true", "false", "null", "yes", "no", "on", "off", "y", "n"}


def yaml_scalar(value: Any, indent: int) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    if BARE.fullmatch(text) and text not in YAML_WORDS:
        return text
    if len(text) > 90 and text == " ".join(text.split()):
        return ">-\n" + "\n".join(" " * (indent + 2) + line for line in wrap(text, 100 - indent))
    return json.dumps(text, ensure_ascii=False)


def wrap(text: str, width: int) -> list[str]:
    lines, line = [], ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return lines + [line]


def yaml_lines(value: Any, indent: int = 0) -> list[str]:
    pad = " " * indent
    if isinstance(value, dict):
        lines = []
        for key, item in value.items():
            if isinstance(item, (dict, list)):
                lines.append(f"{pad}{key}:")
                lines += yaml_lines(item, indent + 2)
            else:
                lines.append(f"{pad}{key}: {yaml_scalar(item, indent)}")
        return lines
    lines = []
    for item in value:
        if isinstance(item, dict):
            inner = yaml_lines(item, indent + 2)
            lines.append(f"{pad}- {inner[0][indent + 2:]}")
            lines += inner[1:]
        else:
            lines.append(f"{pad}- {yaml_scalar(item, indent + 2)}")
    return lines


def act_yaml(act: SimAct, seed: int) -> str:
    depth = act.folder.count("/") + 1
    schema = "../" * depth + "schemas/act.schema.json"
    head = [f"# yaml-language-server: $schema={schema}",
            f"# SYNTHETIC BENCHMARK SOURCE, NOT LAW: benchmarks/corpus.py, seed {seed}."]
    return "\n".join(head + yaml_lines(act.source)) + "\n"


# --- writing a project ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Summary:
    acts: int
    files: int
    provisions: int
    changes: dict[str, int]
    pending: tuple[str, ...]
    tax_code: bool

    def as_json(self) -> dict[str, Any]:
        return {"acts": self.acts, "files": self.files, "provisions": self.provisions,
                "changes": dict(sorted(self.changes.items())), "pending": list(self.pending), "tax_code": self.tax_code}


def generate(out: Path, acts: int, seed: int, *, tax_code: bool = True, holdback: bool = False,
             site: bool = True, meetings: bool = False) -> Summary:
    """Write a synthetic project to `out` (which must not hold sources already)."""
    if (out / "acts").exists():
        raise SystemExit(f"{out}/acts exists already: give an empty or new folder")
    bases, amendings = regular_part(seed, acts) if acts else ([], [])
    pending = [amendings.pop()] if holdback and amendings else []
    if tax_code:
        tax_bases, tax_amendings = tax_code_part(seed)
        bases, amendings = bases + tax_bases, amendings + tax_amendings
    for am in pending:
        am.act.folder = "pending"
    written = [a for a in bases] + [am.act for am in amendings] + [am.act for am in pending]
    for act in written:
        path = out / act.folder / f"{act.id}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(act_yaml(act, seed), encoding="utf-8", newline="\n")
    if site:
        copy_site(out)
    if meetings and (REPO / "meetings").is_dir():  # the repository's invented sample records, as they are
        shutil.copytree(REPO / "meetings", out / "meetings")
    summary = Summary(
        acts=len(bases) + len(amendings), files=len(written),
        provisions=sum(count_provisions(a.source) for a in bases),
        changes=count_kinds(amendings + pending), pending=tuple(f"pending/{am.act.id}.yaml" for am in pending),
        tax_code=tax_code)
    (out / "corpus.json").write_text(json.dumps(summary.as_json(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return summary


def copy_site(out: Path) -> None:
    """The repository's hand-written site and base mkdocs.yml, so that `qanun build` works in `out`."""
    if (REPO / "site").is_dir():
        shutil.copytree(REPO / "site", out / "site", dirs_exist_ok=True)
    if (REPO / "mkdocs.yml").is_file():
        shutil.copyfile(REPO / "mkdocs.yml", out / "mkdocs.yml")


def count_provisions(source: dict[str, Any]) -> int:
    def count(items: list[dict[str, Any]]) -> int:
        return sum(1 + count(p.get("children", [])) for p in items)
    return count(source.get("provisions", [])) + sum(count(a["provisions"]) for a in source.get("annexes", []))


def count_kinds(amendings: list[Amending]) -> dict[str, int]:
    kinds = ("replace_words", "delete_words", "insert_words", "restate", "add_provision", "add_sentence",
             "delete_provision", "delete_sentence", "renumber", "repeal")
    counts: dict[str, int] = {}
    for am in amendings:
        for change in am.act.source["changes"]:
            kind = next(k for k in kinds if k in change)
            counts[kind] = counts.get(kind, 0) + 1
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, metavar="OUTDIR")
    parser.add_argument("--acts", type=int, default=100, help="regular acts, half of them amending (default 100)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-tax-code", dest="tax_code", action="store_false", help="leave out the Tax-Code-sized act")
    parser.add_argument("--holdback", action="store_true", help="write the last amending act to pending/")
    parser.add_argument("--no-site", dest="site", action="store_false", help="do not copy site/ and mkdocs.yml")
    parser.add_argument("--meetings", action="store_true",
                        help="copy the repository's sample meetings/ records (not generated: they are not built into the site)")
    args = parser.parse_args(argv)
    summary = generate(args.out, args.acts, args.seed, tax_code=args.tax_code, holdback=args.holdback, site=args.site,
                       meetings=args.meetings)
    changes = sum(summary.changes.values())
    print(f"{args.out}: {summary.acts} acts ({summary.files} files), {summary.provisions} provisions, {changes} changes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
