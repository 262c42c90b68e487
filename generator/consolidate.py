"""Consolidate stage (pure): acts + the changes made to them → every point-in-time version.

For each act, its changes are applied in order of effective date (then the amending act's stated
`order`, adoption date and id, then the order the amending act lists them). After each effective
date a frozen `Version` is taken, with notes numbered by position and each changed provision
marked. A change that cannot apply becomes a diagnostic at its source line; the others still apply,
so `qanun check` reports every problem at once.
"""
from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from itertools import groupby

from . import textedit as te
from .errors import Diagnostic, Loc
from .language import split_sentences
from .model import BODY, Act, Change, ChangeKind, Provision
from .notes import PREVIOUS_WORDING, Place, note_text
from .versions import History, Note, NoteEntry, Version, VersionedDocument, VersionedProvision


def consolidate(acts: tuple[Act, ...]) -> tuple[dict[str, History], list[Diagnostic]]:
    """Every version of every act, and every problem met on the way."""
    by_id = {a.id: a for a in acts}
    changes: dict[str, list[Change]] = defaultdict(list)
    problems: list[Diagnostic] = []
    for act in acts:
        for change in act.changes:
            target = by_id.get(change.target.act)
            if target is None:
                problems.append(_at(change, f"change {change.index} targets act `{change.target.act}`, "
                                             "which is not among the sources"))
            elif change.effective < target.starts:
                problems.append(_at(change, f"change {change.index} takes effect on {change.effective}, before "
                                             f"`{target.id}` itself applies ({target.starts})"))
            elif uncitable := _uncitable(change, act, target):
                problems.append(_at(change, uncitable))
            else:
                changes[target.id].append(change)
    histories = {}
    for act in acts:
        ordered, order_problems = _order(changes[act.id], by_id)
        problems += order_problems
        history, found = _Consolidator(act, by_id).run(ordered)
        histories[act.id] = history
        problems += found
    return histories, problems


def _order(changes: list[Change], acts: dict[str, Act]) -> tuple[list[Change], list[Diagnostic]]:
    def key(c: Change):
        amending = acts[c.amending_act]
        return (c.effective, amending.order, amending.adopted, amending.id, c.index)

    ordered = sorted(changes, key=key)
    problems = []
    for day, group in groupby(ordered, key=lambda c: c.effective):
        seen: dict[int, str] = {}
        for change in group:
            order = acts[change.amending_act].order
            other = seen.setdefault(order, change.amending_act)
            if other != change.amending_act:
                problems.append(_at(change, f"`{change.amending_act}` and `{other}` both change `{change.target.act}` "
                                             f"on {day}; state which applies first with `order:` in each"))
                seen[order] = change.amending_act
    return ordered, problems


def _at(change: Change, message: str) -> Diagnostic:
    return Diagnostic(change.loc or Loc(change.amending_act), message)


def _uncitable(change: Change, amending: Act, target: Act) -> str | None:
    """Why the change's note could not be written: it cites the amending act by number and `cited_as`, and names
    the amended act's own text by its `cited_as` (an annex goes by its title)."""
    example = "(how citations name the act, e.g. `cited_as: Azərbaycan Respublikası Nazirlər Kabinetinin Qərarı`)"
    missing = [f"`{f}`" for f in ("number", "cited_as") if not getattr(amending, f)]
    if missing:
        return (f"change {change.index} of `{amending.id}`: its note cites `{amending.id}` by number and `cited_as`, "
                f"but `{amending.id}` has no {' or '.join(missing)}; add {'them' if len(missing) > 1 else 'it'} to "
                f"{amending.path}" + (f" {example}" if "`cited_as`" in missing else ""))
    if change.kind is not ChangeKind.REPEAL and not change.target.annex and not target.cited_as:
        return (f"change {change.index} of `{amending.id}`: its note names the amended act by its `cited_as`, but "
                f"`{target.id}` has none; add `cited_as:` to {target.path} {example}")
    return None


class ChangeFailed(Exception):
    pass


@dataclass
class _Node:
    """A provision being worked on (mutable, private to one consolidation run)."""

    id: str
    num: str
    unit: str
    heading: str | None
    text: str | None
    children: list[_Node]
    removed: bool = False
    added: bool = False
    text_segs: tuple[te.Segment, ...] | None = None  # edits made on the current date
    heading_segs: tuple[te.Segment, ...] | None = None

    @classmethod
    def of(cls, p: Provision) -> _Node:
        return cls(p.id, p.num, p.unit, p.heading, p.text, [cls.of(c) for c in p.children])

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()

    def freeze(self, notes: dict[str, int]) -> VersionedProvision:
        return VersionedProvision(
            self.id, self.num, self.unit, self.heading, self.text,
            tuple(c.freeze(notes) for c in self.children), self.removed, notes.get(self.id),
            self.text_segs or (), self.heading_segs or (), self.added)


@dataclass
class _Doc:
    id: str
    roots: list[_Node] = field(default_factory=list)

    def walk(self):
        for root in self.roots:
            yield from root.walk()

    def find(self, num: str) -> _Node | None:
        return next((n for n in self.walk() if n.num == num and not n.removed), None)

    def parent_of(self, node: _Node) -> _Node | None:
        return next((n for n in self.walk() if node in n.children), None)

    def siblings(self, parent: _Node | None) -> list[_Node]:
        return parent.children if parent else self.roots


class _Consolidator:
    def __init__(self, act: Act, acts: dict[str, Act]) -> None:
        self.act = act
        self.acts = acts
        self.docs = {d.id: _Doc(d.id, [_Node.of(p) for p in d.provisions]) for d in act.documents}
        self.notes: dict[tuple[str, str], list[NoteEntry]] = {}
        self.anchors: dict[tuple[str, str], tuple[str, str]] = {}  # detached note place → where it now stands
        self.amending: list[str] = []
        self.repealed = False
        self.problems: list[Diagnostic] = []

    def run(self, changes: list[Change]) -> tuple[History, list[Diagnostic]]:
        versions = [self.snapshot(self.act.starts, ())]
        for day, group in groupby(changes, key=lambda c: c.effective):
            self.reset_edits()
            applied = []
            for change in group:
                try:
                    self.apply(change)
                    applied.append(change)
                except ChangeFailed as failure:
                    self.problems.append(_at(change, str(failure)))
            if applied:
                if day == versions[-1].start:
                    versions[-1] = self.snapshot(day, tuple(applied))
                else:
                    versions.append(self.snapshot(day, tuple(applied)))
        dated = [replace(v, end=(versions[i + 1].start - dt.timedelta(days=1)) if i + 1 < len(versions) else None)
                 for i, v in enumerate(versions)]
        return History(self.act, tuple(dated)), self.problems

    def reset_edits(self) -> None:
        for doc in self.docs.values():
            for node in doc.walk():
                node.text_segs = node.heading_segs = None
                node.added = False

    def snapshot(self, day: dt.date, changes: tuple[Change, ...]) -> Version:
        order = [("", "")] + [(d.id, n.id) for d in self.docs.values() for n in d.walk()]
        position = {place: i for i, place in enumerate(order)}
        numbers = {place: i + 1 for i, place in enumerate(sorted(self.notes, key=lambda p: self.rank(p, position)))}
        notes = tuple(Note(n, doc, pid, tuple(self.notes[(doc, pid)]), (doc, pid) in position,
                           self.resolve((doc, pid), position)[1])
                      for (doc, pid), n in numbers.items())
        documents = tuple(
            VersionedDocument(d.id, tuple(r.freeze({pid: n for (doc, pid), n in numbers.items() if doc == d.id})
                                          for r in d.roots))
            for d in self.docs.values())
        amending = tuple(sorted(set(self.amending), key=lambda a: (self._first_effective(a), self.acts[a].adopted, a)))
        return Version(self.act.id, day, None, documents, notes, amending, changes, self.repealed)

    def resolve(self, place: tuple[str, str], position: dict[tuple[str, str], int]) -> tuple[str, str]:
        """Where a note stands now: its own place, or (detached) the provision that replaced it."""
        seen = 0
        while place not in position and place in self.anchors and seen <= len(self.anchors):
            place, seen = self.anchors[place], seen + 1
        return place

    def rank(self, place: tuple[str, str], position: dict[tuple[str, str], int]) -> tuple[int, int]:
        """Notes are numbered by position; a detached note stands right after the provision that replaced it."""
        resolved = self.resolve(place, position)
        return position.get(resolved, len(position)), 0 if resolved == place else 1

    def detach_notes(self, doc: _Doc, node: _Node) -> None:
        """The sub-provisions of a restated or deleted provision leave the text; their notes stay, unmarked."""
        for old in list(node.walk())[1:]:
            key = (doc.id, old.id)
            if key in self.notes:
                detached = (doc.id, f"{old.id}@{len(self.anchors) + 1}")
                self.notes[detached] = self.notes.pop(key)
                self.anchors[detached] = (doc.id, node.id)
            for earlier, anchor in self.anchors.items():  # notes detached onto a sub-provision follow it
                if anchor == key:
                    self.anchors[earlier] = (doc.id, node.id)

    def _first_effective(self, act_id: str) -> dt.date:
        return min(c.effective for c in self.acts[act_id].changes if c.target.act == self.act.id)

    # --- applying one change -------------------------------------------------------------

    def apply(self, change: Change) -> None:
        if self.repealed:
            raise ChangeFailed(f"change {change.index} changes `{self.act.id}`, which was repealed before {change.effective}")
        if change.kind is ChangeKind.REPEAL:
            self.repealed = True
            self.note(change, ("", ""), Place())
            return
        doc = self.docs.get(change.target.document)
        if doc is None:
            annexes = ", ".join(d for d in self.docs if d != BODY) or "none"
            raise ChangeFailed(f"change {change.index} targets annex `{change.target.annex}` of `{self.act.id}`, "
                               f"which has no such annex (annexes: {annexes})")
        if change.kind is ChangeKind.ADD_PROVISION:
            self.add_provision(change, doc)
            return
        node = self.lookup(change, doc, change.target.provision)
        handler = {
            ChangeKind.REPLACE_WORDS: self.words, ChangeKind.DELETE_WORDS: self.words,
            ChangeKind.INSERT_WORDS: self.words, ChangeKind.RESTATE: self.restate,
            ChangeKind.ADD_SENTENCE: self.add_sentence, ChangeKind.DELETE_SENTENCE: self.delete_sentence,
            ChangeKind.DELETE_PROVISION: self.delete_provision, ChangeKind.RENUMBER: self.renumber,
        }[change.kind]
        place = Place(node.num, node.unit, sentence_count=len(split_sentences(node.text or "")))
        previous = handler(change, doc, node)
        self.note(change, (doc.id, node.id), place, previous)

    def lookup(self, change: Change, doc: _Doc, num: str) -> _Node:
        node = doc.find(num)
        if node is None:
            gone = next((n for n in doc.walk() if n.num == num), None)
            why = "was deleted earlier" if gone else "does not exist"
            raise ChangeFailed(f"change {change.index} targets provision {num}{_in(doc)} of `{self.act.id}`, but {num} as in force "
                               f"on {change.effective} {why}")
        return node

    def note(self, change: Change, key: tuple[str, str], place: Place, previous: str | None = None) -> None:
        """Add the change's note to its place; a place that has a note already gets a further paragraph."""
        amending = self.acts[change.amending_act]
        text = note_text(change, amending, self.act, place)
        self.notes.setdefault(key, []).append(NoteEntry(text, amending.id, change.index, change.effective, previous))
        if amending.id not in self.amending:
            self.amending.append(amending.id)

    def words(self, change: Change, doc: _Doc, node: _Node) -> None:
        part = "heading" if change.target.heading else "text"
        text = getattr(node, part)
        where = self.where(change, node)
        if text is None:
            raise ChangeFailed(f"change {change.index} targets words in {where}, but {where} has no "
                               f"{'heading' if part == 'heading' else 'text of its own'}")
        lo, hi = self.sentence_span(change, node, text) if change.target.sentence else (0, len(text))
        needle = change.old
        spans = [(a + lo, b + lo) for a, b in te.find_words(text[lo:hi], needle)]
        spans = self.choose(change, spans, needle, where)
        segs = getattr(node, f"{part}_segs") or te.plain(text)
        for a, b in reversed(spans):
            if change.kind is ChangeKind.REPLACE_WORDS:
                segs = te.edit(segs, a, b, change.new)
            elif change.kind is ChangeKind.DELETE_WORDS:
                segs = te.tidy(te.edit(segs, a, b, ""), a)
            else:
                at = a if change.before else b
                segs = te.edit(segs, at, at, _spaced(text, at, change.new))
        self.set_part(node, part, segs)

    def choose(self, change: Change, spans: list[tuple[int, int]], needle: str, where: str) -> list[tuple[int, int]]:
        date = change.effective.isoformat()
        if not spans:
            raise ChangeFailed(f"change {change.index} targets “{needle}” in {where}, but {where} as in force on "
                               f"{date} does not contain it")
        occurrence = change.occurrence
        if occurrence == "all":
            return spans
        if occurrence is None:
            if len(spans) > 1:
                raise ChangeFailed(f"change {change.index}: “{needle}” occurs {len(spans)} times in {where} as in force "
                                   f"on {date}; say which with `occurrence: N` or `occurrence: all`")
            return spans
        if occurrence > len(spans):
            raise ChangeFailed(f"change {change.index} asks for occurrence {occurrence} of “{needle}” in {where}, but it "
                               f"occurs {len(spans)} time{'s' if len(spans) > 1 else ''} there as in force on {date}")
        return [spans[occurrence - 1]]

    def where(self, change: Change, node: _Node) -> str:
        if change.target.sentence:
            return f"{node.num}, sentence {change.target.sentence}"
        return f"the heading of {node.num}" if change.target.heading else node.num

    def sentence_span(self, change: Change, node: _Node, text: str) -> tuple[int, int]:
        spans = _sentence_spans(text)
        n = change.target.sentence
        if n > len(spans):
            raise ChangeFailed(f"change {change.index} targets sentence {n} of provision {node.num}, but {node.num} as in force on "
                               f"{change.effective} has {len(spans)} sentence{'s' if len(spans) != 1 else ''}")
        return spans[n - 1]

    def set_part(self, node: _Node, part: str, segs: tuple[te.Segment, ...]) -> None:
        setattr(node, f"{part}_segs", segs)
        setattr(node, part, te.visible(segs) or None)

    def restate(self, change: Change, doc: _Doc, node: _Node) -> str:
        new = change.provision
        t = change.target
        if t.sentence:
            text = node.text or ""
            a, b = self.sentence_span(change, node, text)
            if not new.text:
                raise ChangeFailed(f"change {change.index} restates sentence {t.sentence} of {node.num}: give its `text`")
            self.set_part(node, "text", te.edit(node.text_segs or te.plain(text), a, b, new.text))
            return text[a:b]
        if t.heading:
            if not new.heading:
                raise ChangeFailed(f"change {change.index} restates the heading of {node.num}: give the new `heading`")
            previous = node.heading
            self.set_part(node, "heading", te.edit(node.heading_segs or te.plain(node.heading or ""), 0,
                                                   len(node.heading or ""), new.heading))
            return previous
        if not (new.text or new.heading or new.children):
            raise ChangeFailed(f"change {change.index} restates {node.num} but gives no new wording")
        previous = _wording(node)
        # The new wording replaces the old sub-provisions, so their ids are free for the new ones (5.3.1 …).
        old_children, node.children = node.children, []
        try:
            node.children = [self.fresh(change, doc, c) for c in new.children]
        except ChangeFailed:
            node.children = old_children
            raise
        self.detach_notes(doc, _Node(node.id, node.num, node.unit, None, None, old_children))
        for part in ("heading", "text"):
            old_value, new_value = getattr(node, part), getattr(new, part)
            if old_value != new_value:
                segs = getattr(node, f"{part}_segs") or te.plain(old_value or "")
                self.set_part(node, part, te.edit(segs, 0, len(te.visible(segs)), new_value or ""))
        return previous

    def fresh(self, change: Change, doc: _Doc, p: Provision) -> _Node:
        """A provision brought in by a change, checked for clashes with what the act already has."""
        if any(n.id == p.id for n in doc.walk()):
            raise ChangeFailed(f"change {change.index} brings in {p.num}, but `{self.act.id}` already has a provision "
                               f"with id `{p.id}`; give the new provision its own `id`")
        node = _Node.of(p)
        for n in node.walk():
            n.added = True
            n.text_segs = (te.Segment(te.INS, n.text),) if n.text else None
            n.heading_segs = (te.Segment(te.INS, n.heading),) if n.heading else None
        return node

    def add_provision(self, change: Change, doc: _Doc) -> None:
        parent = self.lookup(change, doc, change.target.provision) if change.target.provision else None
        siblings = doc.siblings(parent)
        new = change.provision
        if doc.find(new.num):
            raise ChangeFailed(f"change {change.index} adds provision {new.num}{_in(doc)}, but {new.num} already exists on "
                               f"{change.effective}; give the new provision another number, or restate {new.num}")
        position = len(siblings)
        if change.after:
            after = next((i for i, n in enumerate(siblings) if n.num == change.after and not n.removed), None)
            if after is None:
                where = f"under {parent.num}" if parent else _in(doc).strip() or "at the top level"
                raise ChangeFailed(f"change {change.index} adds {new.num} after {change.after}, but there is no "
                                   f"{change.after} {where} as in force on {change.effective}")
            position = after + 1
        node = self.fresh(change, doc, new)
        siblings.insert(position, node)
        place = Place(parent_num=parent.num if parent else None, parent_unit=parent.unit if parent else None)
        self.note(change, (doc.id, node.id), place)

    def add_sentence(self, change: Change, doc: _Doc, node: _Node) -> None:
        text = node.text or ""
        segs = node.text_segs or te.plain(text)
        self.set_part(node, "text", te.edit(segs, len(text), len(text), (" " if text else "") + change.new))

    def delete_sentence(self, change: Change, doc: _Doc, node: _Node) -> str:
        text = node.text or ""
        a, b = self.sentence_span(change, node, text)
        self.set_part(node, "text", te.tidy(te.edit(node.text_segs or te.plain(text), a, b, ""), a))
        return text[a:b]

    def delete_provision(self, change: Change, doc: _Doc, node: _Node) -> str:
        previous = _wording(node)
        self.detach_notes(doc, node)
        for part in ("heading", "text"):
            if getattr(node, part):
                segs = getattr(node, f"{part}_segs") or te.plain(getattr(node, part))
                self.set_part(node, part, te.edit(segs, 0, len(te.visible(segs)), ""))
        node.children = []
        node.removed = True
        return previous

    def renumber(self, change: Change, doc: _Doc, node: _Node) -> None:
        clash = doc.find(change.to)
        if clash is not None and clash is not node:
            raise ChangeFailed(f"change {change.index} renumbers provision {node.num} as {change.to}, but {change.to} already exists "
                               f"on {change.effective}; renumber that one first")
        old = node.num
        for n in node.walk():
            if n is node or n.num.startswith(old + "."):
                n.num = change.to + n.num[len(old):]


_OPENING = "(“"
_CLOSING = ",.;:!?)”"


def _spaced(text: str, at: int, words: str) -> str:
    """`words` to insert at `at`, with a space on each side where they meet a word.

    No space goes inside brackets and quotes or before punctuation: “, habelə Agentliyə” after
    “(qurumuna)” gives “(qurumuna), habelə Agentliyə”; words after “(” or before “;” touch them.
    """
    left, right = text[at - 1: at] if at else "", text[at: at + 1]
    lead = " " if left and not left.isspace() and left not in _OPENING and words[0] not in _CLOSING else ""
    trail = " " if right and not right.isspace() and right not in _CLOSING and words[-1] not in _OPENING else ""
    return lead + words + trail


def _in(doc: _Doc) -> str:
    return "" if doc.id == BODY else f" of annex `{doc.id}`"


def _sentence_spans(text: str) -> list[tuple[int, int]]:
    """Where each sentence stands in `text`; split_sentences collapses spacing, so match any run of it."""
    spans, pos = [], 0
    for sentence in split_sentences(text):
        found = re.compile(r"\s+".join(map(re.escape, sentence.split()))).search(text, pos)
        spans.append((found.start(), found.end()))
        pos = found.end()
    return spans


def _wording(node: _Node) -> str:
    """A provision's full wording with its sub-provisions, as the “Əvvəlki redaksiyada” note quotes it."""
    lines = []
    for n in node.walk():
        if n.removed:
            continue
        if n.heading:  # a heading is a line of its own, as the text prints it
            lines += [f"{n.num}. {n.heading}", *([n.text] if n.text else [])]
        else:
            lines.append(f"{n.num}. {n.text}" if n.text else f"{n.num}.")
    return "\n".join(lines)


__all__ = ["History", "Note", "NoteEntry", "Version", "VersionedDocument", "VersionedProvision", "consolidate",
           "PREVIOUS_WORDING"]
