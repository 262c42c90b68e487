"""What consolidation produces: every version of an act, with its notes. Frozen dataclasses only.

A `VersionedProvision` carries the provision's wording in one version and the words that version deleted and
inserted (for the changes view). A `Note` groups every change made to one place; `marked` is false for a note
whose place no longer stands in the text (a sub-point of a provision that was later restated or deleted): it stays
in the list of changes, unmarked.

Versions share what did not change: a provision (with everything under it) or a note left as it was between
two versions is the same object in both (consolidate.py builds only what changed). Never mutate them. So that
they can be shared, neither carries its note's number, which changes whenever a note is added before it: a
version numbers its notes in text order only when asked (`Version.notes`, `Version.note_number`), which
rendering does and consolidation does not.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from functools import cached_property

from .model import Act, Change, ChangeKind
from .textedit import Segment


@dataclass(frozen=True)
class NoteEntry:
    text: str
    amending_act: str
    change_index: int
    effective: dt.date
    previous: str | None = None  # the old wording of a restated or deleted provision


@dataclass(frozen=True)
class Note:
    number: int  # its number in one version's list; 0 in `Version.kept_notes`, which are shared between versions
    document: str  # "" for a note on the whole act (its repeal)
    provision: str  # the stable id of the provision it marks
    entries: tuple[NoteEntry, ...]
    marked: bool = True  # false when its place is no longer in the text
    anchor: str = ""  # the provision the note stands at: its own place, or the one that replaced it

    @property
    def stands_at(self) -> str:
        return self.anchor or self.provision


@dataclass(frozen=True)
class VersionedProvision:
    """A provision as it reads in one version, with this version's edits (its note: `Version.note_number`)."""

    id: str
    num: str
    unit: str
    heading: str | None
    text: str | None
    children: tuple[VersionedProvision, ...]
    removed: bool = False
    text_changes: tuple[Segment, ...] = ()  # set only when this version changed the text
    heading_changes: tuple[Segment, ...] = ()
    added: bool = False  # brought in by this version

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True)
class VersionedDocument:
    id: str
    provisions: tuple[VersionedProvision, ...]

    def walk(self):
        for p in self.provisions:
            yield from p.walk()

    def find(self, num: str) -> VersionedProvision | None:
        return next((p for p in self.walk() if p.num == num and not p.removed), None)


@dataclass(frozen=True)
class Version:
    act: str
    start: dt.date
    end: dt.date | None  # last day in force, None for the latest version
    documents: tuple[VersionedDocument, ...]
    kept_notes: tuple[Note, ...]  # unnumbered, in the order their places were first changed (see `notes`)
    amending_acts: tuple[str, ...]  # every act whose changes are in this version, by date
    changes: tuple[Change, ...]  # the changes that took effect on `start`
    repealed: bool = False

    def document(self, doc_id: str) -> VersionedDocument | None:
        return next((d for d in self.documents if d.id == doc_id), None)

    @cached_property
    def notes(self) -> tuple[Note, ...]:
        """The notes numbered as the list of changes prints them: in text order (a note on the whole act first),
        a detached note right after the provision that replaced its place, ties in the order they were made."""
        places = [("", ""), *((doc.id, p.id) for doc in self.documents for p in doc.walk())]
        position = {place: i for i, place in enumerate(places)}
        end = len(position)

        def rank(note: Note) -> tuple[int, int]:
            at = position.get((note.document, note.provision))
            if at is not None:
                return at, 0
            return position.get((note.document, note.anchor), end), 0 if note.anchor == note.provision else 1

        ordered = sorted(self.kept_notes, key=rank)
        return tuple(replace(n, number=i) for i, n in enumerate(ordered, 1))

    @cached_property
    def _marked(self) -> dict[tuple[str, str], int]:
        return {(n.document, n.provision): n.number for n in self.notes if n.marked}

    def note_number(self, document: str, provision: str) -> int | None:
        """The number of the note marked at a provision (`document` "" and `provision` "" for the whole act)."""
        return self._marked.get((document, provision))


@dataclass(frozen=True)
class History:
    act: Act
    versions: tuple[Version, ...]

    def at(self, day: dt.date) -> Version | None:
        """The version in force on `day`; before entry into force, the adopted text."""
        if day < self.act.adopted:
            return None
        current = self.versions[0]
        for version in self.versions:
            if version.start <= day:
                current = version
        return current

    @property
    def repealed_on(self) -> dt.date | None:
        return next((v.start for v in self.versions if v.repealed), None)

    @property
    def repealed_by(self) -> Change | None:
        return next((c for v in self.versions for c in v.changes if c.kind is ChangeKind.REPEAL), None)
