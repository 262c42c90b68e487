"""The source model: acts, their text, and the changes amending acts make. Frozen dataclasses only.

A provision has two names: `num`, its number as printed in a given version, and `id`, a stable
identity (Akoma Ntoso's wId) that survives renumbering. The loader sets `id` to the number a
provision first had unless the source gives one.
"""
from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field

from .errors import Loc

BODY = "body"  # the document id of an act's own text, as opposed to its annexes


@dataclass(frozen=True)
class Provision:
    id: str
    num: str
    unit: str
    heading: str | None = None
    text: str | None = None
    children: tuple[Provision, ...] = ()
    removed: bool = False  # a stub left where a change deleted the provision
    loc: Loc | None = field(default=None, compare=False)

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True)
class Document:
    """An act's own text (id BODY) or one of its annexes."""

    id: str
    provisions: tuple[Provision, ...] = ()
    title: str | None = None
    heading: tuple[str, ...] = ()
    stamp: str | None = None
    head_noun_possessive: bool = False

    def walk(self):
        for provision in self.provisions:
            yield from provision.walk()


@dataclass(frozen=True)
class Publication:
    source: str
    date: dt.date | None = None
    year: int | None = None
    issue: str | None = None
    article: str | None = None
    volume: str | None = None


@dataclass(frozen=True)
class Register:
    number: str
    entered: dt.date


@dataclass(frozen=True)
class Signatory:
    name: str
    position: str | None = None


class ChangeKind(enum.Enum):
    REPLACE_WORDS = "replace_words"
    DELETE_WORDS = "delete_words"
    INSERT_WORDS = "insert_words"
    RESTATE = "restate"
    ADD_PROVISION = "add_provision"
    ADD_SENTENCE = "add_sentence"
    DELETE_PROVISION = "delete_provision"
    DELETE_SENTENCE = "delete_sentence"
    RENUMBER = "renumber"
    REPEAL = "repeal"


@dataclass(frozen=True)
class Target:
    act: str
    annex: str | None = None
    provision: str | None = None
    sentence: int | None = None
    heading: bool = False

    @property
    def document(self) -> str:
        return self.annex or BODY


@dataclass(frozen=True)
class Change:
    """One instruction of an amending act. Only the fields its kind uses are set."""

    kind: ChangeKind
    target: Target
    amending_act: str
    index: int  # 1-based position among the amending act's changes
    effective: dt.date
    old: str | None = None  # words replaced, deleted, or the anchor of an insertion
    new: str | None = None  # words or sentence brought in
    before: bool = False  # insert before the anchor instead of after it
    occurrence: int | str | None = None  # which match (1-based) or "all"
    provision: Provision | None = None  # added provision, or restated parts
    after: str | None = None  # sibling an added provision follows
    verb: str | None = None  # "çıxarılsın" or "ləğv edilsin" for deletions
    to: str | None = None  # new number when renumbering
    by: str | None = None  # provision of the amending act that makes the change
    loc: Loc | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Act:
    id: str
    type: str
    adopted: dt.date
    path: str
    title: str | None = None
    note_style: str = "register"
    issuer: str | None = None
    type_name: str | None = None
    cited_as: str | None = None
    number: str | None = None
    in_force: dt.date | None = None
    place: str | None = None
    publication: tuple[Publication, ...] = ()
    classification: tuple[str, ...] = ()
    register: Register | None = None
    order: int = 0
    preamble: str | None = None
    enacting_formula: str | None = None
    body: Document = Document(BODY)
    signatories: tuple[Signatory, ...] = ()
    date_line: str | None = None
    annexes: tuple[Document, ...] = ()
    changes: tuple[Change, ...] = ()
    loc: Loc | None = field(default=None, compare=False)

    @property
    def starts(self) -> dt.date:
        """The first day the act applies: entry into force, or adoption when none is given."""
        return self.in_force or self.adopted

    @property
    def documents(self) -> tuple[Document, ...]:
        return (self.body, *self.annexes)

    def document(self, doc_id: str) -> Document | None:
        return next((d for d in self.documents if d.id == doc_id), None)
