"""Consolidate stage (pure): acts + the changes made to them → every point-in-time version.

For each act, its changes are applied in order of effective date (then the amending act's stated
`order`, adoption date and id, then the order the amending act lists them). After each effective
date a frozen `Version` is taken, with its notes (numbered in text order only when rendered, so that a note
added early in the text does not make every later provision new) and this date's edits. A change that cannot
apply becomes a diagnostic at its source line; the others still apply,
so `qanun check` reports every problem at once.
"""
from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Collection
from dataclasses import replace
from itertools import groupby

from . import collector
from . import textedit as te
from .errors import Diagnostic, Loc
from .language import split_sentences
from .model import BODY, Act, Change, ChangeKind, Provision
from .notes import PREVIOUS_WORDING, Place, note_text
from .versions import History, Note, NoteEntry, Version, VersionedDocument, VersionedProvision
from .worktree import Doc, Node
from .i18n import _


def consolidate(acts: tuple[Act, ...], only: Collection[str] | None = None
                ) -> tuple[dict[str, History], list[Diagnostic]]:
    """Every version of every act (or of the acts `only`: each act's history depends on it and the acts
    amending it alone), and every problem met on the way."""
    # Consolidation makes hundreds of thousands of long-lived frozen objects (a Tax Code's versions): Python's cyclic
    # collector would scan them again and again, about 40 % of the time. Nothing here needs it while it runs (its
    # only cycles, the working trees' parent links, are collected afterwards), so it waits until the end.
    with collector.paused():
        return _consolidate(acts, only)


def _consolidate(acts: tuple[Act, ...], only: Collection[str] | None) -> tuple[dict[str, History], list[Diagnostic]]:
    by_id = {a.id: a for a in acts}
    changes: dict[str, list[Change]] = defaultdict(list)
    problems: list[Diagnostic] = []
    for act in acts:
        for change in act.changes:
            target = by_id.get(change.target.act)
            if target is None:
                problems.append(_at(change, _("change {index} targets act `{act}`, which is not among the sources",
                                              index=change.index, act=change.target.act)))
            elif change.effective < target.starts:
                problems.append(_at(change, _("change {index} takes effect on {effective}, before `{act}` itself "
                                              "applies ({starts})", index=change.index, effective=change.effective,
                                              act=target.id, starts=target.starts)))
            elif uncitable := _uncitable(change, act, target):
                problems.append(_at(change, uncitable))
            else:
                changes[target.id].append(change)
    histories = {}
    for act in acts if only is None else [a for a in acts if a.id in only]:
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
                problems.append(_at(change, _("`{first}` and `{second}` both change `{act}` on {day}; state which "
                                              "applies first with `order:` in each", first=change.amending_act,
                                              second=other, act=change.target.act, day=day)))
                seen[order] = change.amending_act
    return ordered, problems


def _at(change: Change, message: str) -> Diagnostic:
    return Diagnostic(change.loc or Loc(change.amending_act), message)


def _uncitable(change: Change, amending: Act, target: Act) -> str | None:
    """Why the change's note could not be written: it cites the amending act by number and `cited_as`, and names
    the amended act's own text by its `cited_as` (an annex goes by its title)."""
    no_number, no_cited_as = not amending.number, not amending.cited_as
    facts = {"index": change.index, "act": amending.id, "path": amending.path}
    if no_number and no_cited_as:
        return _("change {index} of `{act}`: its note cites `{act}` by number and `cited_as`, but `{act}` has no "
                 "`number` or `cited_as`; add them to {path} (how citations name the act, e.g. `cited_as: "
                 "Azərbaycan Respublikası Nazirlər Kabinetinin Qərarı`)", **facts)
    if no_number:
        return _("change {index} of `{act}`: its note cites `{act}` by number and `cited_as`, but `{act}` has no "
                 "`number`; add it to {path}", **facts)
    if no_cited_as:
        return _("change {index} of `{act}`: its note cites `{act}` by number and `cited_as`, but `{act}` has no "
                 "`cited_as`; add it to {path} (how citations name the act, e.g. `cited_as: Azərbaycan "
                 "Respublikası Nazirlər Kabinetinin Qərarı`)", **facts)
    if change.kind is not ChangeKind.REPEAL and not change.target.annex and not target.cited_as:
        return _("change {index} of `{act}`: its note names the amended act by its `cited_as`, but `{target}` has "
                 "none; add `cited_as:` to {path} (how citations name the act, e.g. `cited_as: Azərbaycan "
                 "Respublikası Nazirlər Kabinetinin Qərarı`)", index=change.index, act=amending.id,
                 target=target.id, path=target.path)
    return None


class ChangeFailed(Exception):
    pass


class _Consolidator:
    def __init__(self, act: Act, acts: dict[str, Act]) -> None:
        self.act = act
        self.acts = acts
        self.docs = {d.id: Doc(d.id, [Node.of(p) for p in d.provisions]) for d in act.documents}
        self.notes: dict[tuple[str, str], list[NoteEntry]] = {}
        self.anchors: dict[tuple[str, str], tuple[str, str]] = {}  # detached note place → where it now stands
        self.amending: list[str] = []
        self.repealed = False
        self.problems: list[Diagnostic] = []
        self.edited: list[Node] = []  # nodes carrying edits of the current date
        self.structure: tuple[int, ...] = ()  # each document's structure count at the last snapshot
        self.frozen_notes: dict[tuple[str, str], Note] = {}
        self.first_effective: dict[str, dt.date] = {}
        self.amending_order: tuple[str, ...] = ()
        self.renoted: set[tuple[str, str]] = set()  # places given a note since the last snapshot

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
        for node in self.edited:
            if node.text_segs is not None:
                node.text_segs = None
            if node.heading_segs is not None:
                node.heading_segs = None
            if node.added:
                node.added = False
        self.edited = []

    def snapshot(self, day: dt.date, changes: tuple[Change, ...]) -> Version:
        """The version as it stands: only what changed since the last snapshot is built anew, the rest is shared."""
        structure = tuple(d.structure for d in self.docs.values())
        # Whether a note is marked, and where it stands, can change only with the structure of the text: until then
        # a note given no entry since the last snapshot is the same Note object.
        moved, self.structure = structure != self.structure, structure
        frozen, renoted, in_text, notes = self.frozen_notes, self.renoted, self.in_text, []
        for place in self.notes:
            old = frozen.get(place)
            if old is None or place in renoted or moved and not (old.marked and in_text(place)):
                old = self.frozen_note(place)
            notes.append(old)
        self.renoted = set()
        documents = tuple(d.freeze() for d in self.docs.values())
        if len(self.amending_order) != len(self.amending):
            self.amending_order = tuple(sorted(self.amending, key=lambda a: (self._first_effective(a), self.acts[a].adopted, a)))
        return Version(self.act.id, day, None, documents, tuple(notes), self.amending_order, changes, self.repealed)

    def frozen_note(self, place: tuple[str, str]) -> Note:
        """The place's note, the same object as in the last snapshot when nothing about it changed."""
        entries = self.notes[place]
        marked = self.in_text(place)
        anchor = place[1] if marked else self.resolve(place)[1]
        old = self.frozen_notes.get(place)
        # entries only ever grow, and an entry belongs to one list: the same last entry and count is the same list
        if (old is None or len(old.entries) != len(entries) or old.entries[-1] is not entries[-1]
                or old.marked != marked or old.anchor != anchor):
            old = self.frozen_notes[place] = Note(0, place[0], place[1], tuple(entries), marked, anchor)
        return old

    def in_text(self, place: tuple[str, str]) -> bool:
        """Whether the place stands in the text (a deleted provision's stub does): the whole act always does."""
        doc_id, pid = place
        return not doc_id and not pid or doc_id in self.docs and pid in self.docs[doc_id].by_id

    def resolve(self, place: tuple[str, str]) -> tuple[str, str]:
        """Where a note stands now: its own place, or (detached) the provision that replaced it."""
        seen = 0
        while not self.in_text(place) and place in self.anchors and seen <= len(self.anchors):
            place, seen = self.anchors[place], seen + 1
        return place

    def detach_notes(self, doc: Doc, node: Node) -> None:
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
        if act_id not in self.first_effective:
            self.first_effective[act_id] = min(c.effective for c in self.acts[act_id].changes
                                               if c.target.act == self.act.id)
        return self.first_effective[act_id]

    # --- applying one change -------------------------------------------------------------

    def apply(self, change: Change) -> None:
        if self.repealed:
            raise ChangeFailed(_("change {index} changes `{act}`, which was repealed before {effective}",
                                 index=change.index, act=self.act.id, effective=change.effective))
        if change.kind is ChangeKind.REPEAL:
            self.repealed = True
            self.note(change, ("", ""), Place())
            return
        doc = self.docs.get(change.target.document)
        if doc is None:
            annexes = ", ".join(d for d in self.docs if d != BODY)
            if not annexes:
                raise ChangeFailed(_("change {index} targets annex `{annex}` of `{act}`, which has no annexes",
                                     index=change.index, annex=change.target.annex, act=self.act.id))
            raise ChangeFailed(_("change {index} targets annex `{annex}` of `{act}`, which has no such annex "
                                 "(annexes: {annexes})", index=change.index, annex=change.target.annex,
                                 act=self.act.id, annexes=annexes))
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

    def lookup(self, change: Change, doc: Doc, num: str) -> Node:
        node = doc.find(num)
        if node is None:
            gone = next((n for n in doc.walk() if n.num == num), None)
            raise ChangeFailed(_missing_provision(change, doc, num, self.act.id, deleted=gone is not None))
        return node

    def note(self, change: Change, key: tuple[str, str], place: Place, previous: str | None = None) -> None:
        """Add the change's note to its place; a place that has a note already gets a further paragraph."""
        amending = self.acts[change.amending_act]
        text = note_text(change, amending, self.act, place)
        self.renoted.add(key)
        self.notes.setdefault(key, []).append(NoteEntry(text, amending.id, change.index, change.effective, previous))
        if amending.id not in self.amending:
            self.amending.append(amending.id)

    def words(self, change: Change, doc: Doc, node: Node) -> None:
        part = "heading" if change.target.heading else "text"
        text = getattr(node, part)
        where = self.where(change, node)
        if text is None:
            if part == "heading":
                raise ChangeFailed(_("change {index} targets words in {where}, but {where} has no heading",
                                     index=change.index, where=where))
            raise ChangeFailed(_("change {index} targets words in {where}, but {where} has no text of its own",
                                 index=change.index, where=where))
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
            raise ChangeFailed(_("change {index} targets “{words}” in {where}, but {where} as in force on {date} does "
                                 "not contain it", index=change.index, words=needle, where=where, date=date))
        occurrence = change.occurrence
        if occurrence == "all":
            return spans
        if occurrence is None:
            if len(spans) > 1:
                raise ChangeFailed(_("change {index}: “{words}” occurs {count} times in {where} as in force on {date}; "
                                     "say which with `occurrence: N` or `occurrence: all`", index=change.index,
                                     words=needle, count=len(spans), where=where, date=date))
            return spans
        if occurrence > len(spans):
            facts = {"index": change.index, "occurrence": occurrence, "words": needle, "where": where, "date": date}
            if len(spans) == 1:
                raise ChangeFailed(_("change {index} asks for occurrence {occurrence} of “{words}” in {where}, but it "
                                     "occurs 1 time there as in force on {date}", **facts))
            raise ChangeFailed(_("change {index} asks for occurrence {occurrence} of “{words}” in {where}, but it "
                                 "occurs {count} times there as in force on {date}", count=len(spans), **facts))
        return [spans[occurrence - 1]]

    def where(self, change: Change, node: Node) -> str:
        if change.target.sentence:
            return _("{num}, sentence {sentence}", num=node.num, sentence=change.target.sentence)
        return _("the heading of {num}", num=node.num) if change.target.heading else node.num

    def sentence_span(self, change: Change, node: Node, text: str) -> tuple[int, int]:
        spans = _sentence_spans(text)
        n = change.target.sentence
        if n > len(spans):
            facts = {"index": change.index, "sentence": n, "num": node.num, "effective": change.effective}
            if len(spans) == 1:
                raise ChangeFailed(_("change {index} targets sentence {sentence} of provision {num}, but {num} as in "
                                     "force on {effective} has 1 sentence", **facts))
            raise ChangeFailed(_("change {index} targets sentence {sentence} of provision {num}, but {num} as in force "
                                 "on {effective} has {count} sentences", count=len(spans), **facts))
        return spans[n - 1]

    def set_part(self, node: Node, part: str, segs: tuple[te.Segment, ...]) -> None:
        self.edited.append(node)
        setattr(node, f"{part}_segs", segs)
        setattr(node, part, te.visible(segs) or None)

    def restate(self, change: Change, doc: Doc, node: Node) -> str:
        new = change.provision
        t = change.target
        if t.sentence:
            text = node.text or ""
            a, b = self.sentence_span(change, node, text)
            if not new.text:
                raise ChangeFailed(_("change {index} restates sentence {sentence} of {num}: give its `text`",
                                     index=change.index, sentence=t.sentence, num=node.num))
            self.set_part(node, "text", te.edit(node.text_segs or te.plain(text), a, b, new.text))
            return text[a:b]
        if t.heading:
            if not new.heading:
                raise ChangeFailed(_("change {index} restates the heading of {num}: give the new `heading`",
                                     index=change.index, num=node.num))
            previous = node.heading
            self.set_part(node, "heading", te.edit(node.heading_segs or te.plain(node.heading or ""), 0,
                                                   len(node.heading or ""), new.heading))
            return previous
        if not (new.text or new.heading or new.children):
            raise ChangeFailed(_("change {index} restates {num} but gives no new wording", index=change.index,
                                 num=node.num))
        previous = _wording(node)
        # The new wording replaces the old sub-provisions, so their ids are free for the new ones (5.3.1 …).
        old_children = node.children
        for child in old_children:
            doc.leave(child)
        try:
            children = [self.fresh(change, doc, c) for c in new.children]
        except ChangeFailed:
            for child in old_children:
                doc.enter(child)
            raise
        node.adopt(children)
        for child in children:
            doc.enter(child)
        self.detach_notes(doc, Node(node.id, node.num, node.unit, None, None, old_children))
        for part in ("heading", "text"):
            old_value, new_value = getattr(node, part), getattr(new, part)
            if old_value != new_value:
                segs = getattr(node, f"{part}_segs") or te.plain(old_value or "")
                self.set_part(node, part, te.edit(segs, 0, len(te.visible(segs)), new_value or ""))
        return previous

    def fresh(self, change: Change, doc: Doc, p: Provision) -> Node:
        """A provision brought in by a change, checked for clashes with what the act already has."""
        if p.id in doc.by_id:
            raise ChangeFailed(_("change {index} brings in {num}, but `{act}` already has a provision with id `{id}`; "
                                 "give the new provision its own `id`", index=change.index, num=p.num, act=self.act.id,
                                 id=p.id))
        node = Node.of(p)
        for n in node.walk():
            self.edited.append(n)
            n.added = True
            n.text_segs = (te.Segment(te.INS, n.text),) if n.text else None
            n.heading_segs = (te.Segment(te.INS, n.heading),) if n.heading else None
        return node

    def add_provision(self, change: Change, doc: Doc) -> None:
        parent = self.lookup(change, doc, change.target.provision) if change.target.provision else None
        siblings = parent.children if parent else doc.roots
        new = change.provision
        if doc.find(new.num):
            facts = {"index": change.index, "num": new.num, "effective": change.effective}
            if doc.id == BODY:
                raise ChangeFailed(_("change {index} adds provision {num}, but {num} already exists on {effective}; "
                                     "give the new provision another number, or restate {num}", **facts))
            raise ChangeFailed(_("change {index} adds provision {num} of annex `{annex}`, but {num} already exists on "
                                 "{effective}; give the new provision another number, or restate {num}", annex=doc.id,
                                 **facts))
        position = len(siblings)
        if change.after:
            after = next((i for i, n in enumerate(siblings) if n.num == change.after and not n.removed), None)
            if after is None:
                raise ChangeFailed(_no_sibling(change, doc, parent.num if parent else None))
            position = after + 1
        node = self.fresh(change, doc, new)
        siblings.insert(position, node)
        if parent is not None:
            object.__setattr__(node, "parent", parent)
            parent.touch()
        doc.enter(node)
        place = Place(parent_num=parent.num if parent else None, parent_unit=parent.unit if parent else None)
        self.note(change, (doc.id, node.id), place)

    def add_sentence(self, change: Change, doc: Doc, node: Node) -> None:
        text = node.text or ""
        segs = node.text_segs or te.plain(text)
        self.set_part(node, "text", te.edit(segs, len(text), len(text), (" " if text else "") + change.new))

    def delete_sentence(self, change: Change, doc: Doc, node: Node) -> str:
        text = node.text or ""
        a, b = self.sentence_span(change, node, text)
        self.set_part(node, "text", te.tidy(te.edit(node.text_segs or te.plain(text), a, b, ""), a))
        return text[a:b]

    def delete_provision(self, change: Change, doc: Doc, node: Node) -> str:
        previous = _wording(node)
        self.detach_notes(doc, node)
        for part in ("heading", "text"):
            if getattr(node, part):
                segs = getattr(node, f"{part}_segs") or te.plain(getattr(node, part))
                self.set_part(node, part, te.edit(segs, 0, len(te.visible(segs)), ""))
        for child in node.children:
            doc.leave(child)
        node.children = []
        doc.remove(node)
        return previous

    def renumber(self, change: Change, doc: Doc, node: Node) -> None:
        clash = doc.find(change.to)
        if clash is not None and clash is not node:
            raise ChangeFailed(_("change {index} renumbers provision {num} as {to}, but {to} already exists on "
                                 "{effective}; renumber that one first", index=change.index, num=node.num, to=change.to,
                                 effective=change.effective))
        old = node.num
        for n in node.walk():
            if n is node or n.num.startswith(old + "."):
                doc.renumber(n, change.to + n.num[len(old):])


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


def _missing_provision(change: Change, doc: Doc, num: str, act: str, deleted: bool) -> str:
    facts = {"index": change.index, "num": num, "act": act, "effective": change.effective, "annex": doc.id}
    if doc.id == BODY:
        if deleted:
            return _("change {index} targets provision {num} of `{act}`, but {num} as in force on {effective} was "
                     "deleted earlier", **facts)
        return _("change {index} targets provision {num} of `{act}`, but {num} as in force on {effective} does not "
                 "exist", **facts)
    if deleted:
        return _("change {index} targets provision {num} of annex `{annex}` of `{act}`, but {num} as in force on "
                 "{effective} was deleted earlier", **facts)
    return _("change {index} targets provision {num} of annex `{annex}` of `{act}`, but {num} as in force on "
             "{effective} does not exist", **facts)


def _no_sibling(change: Change, doc: Doc, parent: str | None) -> str:
    """`after:` names a sibling that is not there, under `parent` (a provision number) or at the top of `doc`."""
    facts = {"index": change.index, "num": change.provision.num, "after": change.after, "effective": change.effective}
    if parent is not None:
        return _("change {index} adds {num} after {after}, but there is no {after} under {parent} as in force on "
                 "{effective}", parent=parent, **facts)
    if doc.id != BODY:
        return _("change {index} adds {num} after {after}, but there is no {after} of annex `{annex}` as in force on "
                 "{effective}", annex=doc.id, **facts)
    return _("change {index} adds {num} after {after}, but there is no {after} at the top level as in force on "
             "{effective}", **facts)


def _sentence_spans(text: str) -> list[tuple[int, int]]:
    """Where each sentence stands in `text`. split_sentences collapses spacing and splits only where there is
    some, so each sentence is a run of whole words of `text`: from its first word's start to its last word's end."""
    words = [m.span() for m in _WORD.finditer(text)]
    spans, first = [], 0
    for sentence in split_sentences(text):
        last = first + len(sentence.split()) - 1
        spans.append((words[first][0], words[last][1]))
        first = last + 1
    return spans


_WORD = re.compile(r"\S+")


def _wording(node: Node) -> str:
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
