"""The full model of the Coordination Group's records. Frozen dataclasses only.

This model holds restricted information. Nothing that publishes may receive it: publishing code gets
`public.public_view(records)` and nothing else. Every free-text value is a `Text`, which keeps the
place it was written, so that the leak scan can name the source of a value without printing it.
"""
from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from dataclasses import dataclass, field

from ..errors import Loc


@dataclass(frozen=True)
class Text:
    """A free-text value and where it is written."""

    value: str
    loc: Loc = field(compare=False)

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class Access:
    """An explicit access mark (there is no default). `legal_basis` is required for restricted records."""

    restricted: bool
    legal_basis: str | None = None
    loc: Loc | None = field(default=None, compare=False)


PUBLIC = Access(False)


class Role(enum.Enum):
    HEAD = "head"
    DEPUTY = "deputy"
    MEMBER = "member"


@dataclass(frozen=True)
class Member:
    """One person's seat in the Group for a period (a person whose role changes has several)."""

    id: str
    name: str
    body: str  # the state body (5.1)
    unit: str  # the body's unit that serves in the SME houses (5.1)
    role: Role
    start: dt.date
    end: dt.date | None = None  # last day, inclusive; None while serving
    position: str | None = None
    loc: Loc | None = field(default=None, compare=False)

    def serves_on(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class Membership:
    members: tuple[Member, ...] = ()
    path: str = "meetings/members.yaml"
    sample: bool = False

    def on(self, day: dt.date) -> tuple[Member, ...]:
        """The members on a day (5.1): persons whose membership covers it, head and deputy included."""
        return tuple(m for m in self.members if m.serves_on(day))

    def with_role(self, role: Role, day: dt.date) -> tuple[Member, ...]:
        return tuple(m for m in self.on(day) if m.role is role)

    def head(self, day: dt.date) -> Member | None:
        found = self.with_role(Role.HEAD, day)
        return found[0] if len(found) == 1 else None

    def deputy(self, day: dt.date) -> Member | None:
        found = self.with_role(Role.DEPUTY, day)
        return found[0] if len(found) == 1 else None

    def member(self, member_id: str, day: dt.date) -> Member | None:
        return next((m for m in self.on(day) if m.id == member_id), None)

    def person(self, member_id: str) -> Member | None:
        """Any seat the person ever held, latest first (for names in documents)."""
        return next((m for m in sorted(self.members, key=lambda m: m.start, reverse=True) if m.id == member_id), None)


class GuestBasis(enum.Enum):
    EXPERT = "4.1.4"  # scientific and international organisations, specialists, experts, consultants
    REPRESENTATIVE = "4.1.5"  # entrepreneurs, NGOs and other civil society institutions


@dataclass(frozen=True)
class Guest:
    id: str
    name: Text
    organisation: Text | None
    basis: GuestBasis
    access: Access
    loc: Loc | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Note:
    """A free-text field group with its own access mark (a summary of the discussion, a response …)."""

    text: Text
    access: Access


@dataclass(frozen=True)
class Paper:
    """A document on the agenda (5.8): its title and access."""

    title: Text
    access: Access
    loc: Loc | None = field(default=None, compare=False)


class ActKind(enum.Enum):
    DECISION = "decision"  # qərar: organisational matters only (5.10)
    PROPOSAL = "proposal"  # təklif
    RECOMMENDATION = "recommendation"  # tövsiyə


class Vote(enum.Enum):
    FOR = "for"
    AGAINST = "against"
    ABSTAINED = "abstained"


class Outcome(enum.Enum):
    ADOPTED = "adopted"
    REJECTED = "rejected"


@dataclass(frozen=True)
class Votes:
    for_: int
    against: int
    abstained: int
    chair: Vote | None = None  # the head's vote, or the deputy's when the head is absent (5.4)
    roll_call: tuple[tuple[str, Vote], ...] = ()  # (person id, vote), when the minutes name the voters
    loc: Loc | None = field(default=None, compare=False)

    @property
    def cast(self) -> int:
        return self.for_ + self.against + self.abstained


@dataclass(frozen=True)
class GroupAct:
    """An act put to the vote under an agenda item: a decision, proposal or recommendation (5.9.4)."""

    kind: ActKind
    addressee: Text | None
    text: Text
    access: Access
    votes: Votes
    number: str | None = None
    outcome_given: Outcome | None = None  # as the source states it; the outcome itself is computed (rules.outcome)
    signed_by: str | None = None  # 5.3.2
    relies_on: tuple[str, ...] = ()  # clauses of the Regulation the act relies on, e.g. ("3.1.1",)
    loc: Loc | None = field(default=None, compare=False)


class Nature(enum.Enum):
    ORGANISATIONAL = "organisational"  # 5.10: decisions
    SUBSTANTIVE = "substantive"  # 5.10: proposals and recommendations


@dataclass(frozen=True)
class AgendaItem:
    title: Text
    access: Access
    rapporteur: str  # a person id: the head, the deputy or a member (5.9.3)
    nature: Nature
    summary: Note | None = None
    papers: tuple[Paper, ...] = ()
    acts: tuple[GroupAct, ...] = ()
    loc: Loc | None = field(default=None, compare=False)


class MeetingKind(enum.Enum):
    ORDINARY = "ordinary"
    EXTRAORDINARY = "extraordinary"


AGENCY = "agency"  # an extraordinary meeting on the Agency's initiative (5.9.2)


@dataclass(frozen=True)
class Minutes:
    signed_by: tuple[str, ...]
    loc: Loc | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Meeting:
    id: str  # the file's stem: its date, with a suffix for a second meeting on one day
    date: dt.date
    kind: MeetingKind
    documents_sent: dt.date
    present: tuple[str, ...]
    items: tuple[AgendaItem, ...]
    path: str
    requested_by: str | None = None  # AGENCY or a member's id, for an extraordinary meeting
    time: str | None = None
    place: Note | None = None
    guests: tuple[Guest, ...] = ()
    minutes: Minutes | None = None
    sample: bool = False
    loc: Loc | None = field(default=None, compare=False)
    locs: Mapping[str, Loc] = field(default_factory=dict, compare=False)  # where some fields stand, for messages

    def item(self, number: int) -> AgendaItem | None:
        return self.items[number - 1] if 1 <= number <= len(self.items) else None


@dataclass(frozen=True)
class ActRef:
    """An act of the Group: meeting id, agenda item number and act number (both from 1)."""

    meeting: str
    item: int
    act: int | None = None
    loc: Loc | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Complainant:
    """Personal data of the complainant: never public, whatever is marked (3.1.1, 5.6.3)."""

    fields: tuple[tuple[str, Text], ...]


@dataclass(frozen=True)
class Subject:
    """What a complaint is about: a free-text field group with its own access mark."""

    body: Text  # the state body whose representative in an SME house the complaint is about
    text: Text
    access: Access
    sme_house: Text | None = None


@dataclass(frozen=True)
class Response:
    date: dt.date | None
    complied: bool | None  # None: no answer yet
    note: Note | None = None
    loc: Loc | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Escalation:
    """The Group's appeal to the Cabinet of Ministers when a body did not comply (3.1.1)."""

    date: dt.date
    act: ActRef | None = None
    note: Note | None = None
    loc: Loc | None = field(default=None, compare=False)


class ComplaintStatus(enum.Enum):
    RECEIVED = "received"
    DISCUSSED = "discussed"
    RECOMMENDED = "recommended"  # recommendation sent, no answer yet
    COMPLIED = "complied"
    NOT_COMPLIED = "not_complied"  # and no appeal recorded (a warning)
    ESCALATED = "escalated"


@dataclass(frozen=True)
class Complaint:
    id: str
    received: dt.date
    complainant: Complainant
    about: Subject
    path: str
    discussed: tuple[ActRef, ...] = ()
    recommendation: ActRef | None = None
    response: Response | None = None
    escalation: Escalation | None = None
    sample: bool = False
    loc: Loc | None = field(default=None, compare=False)

    @property
    def status(self) -> ComplaintStatus:
        if self.escalation:
            return ComplaintStatus.ESCALATED
        if self.response and self.response.complied is True:
            return ComplaintStatus.COMPLIED
        if self.response and self.response.complied is False:
            return ComplaintStatus.NOT_COMPLIED
        if self.recommendation:
            return ComplaintStatus.RECOMMENDED
        if self.discussed:
            return ComplaintStatus.DISCUSSED
        return ComplaintStatus.RECEIVED


@dataclass(frozen=True)
class ProgrammeItem:
    text: Text
    access: Access


@dataclass(frozen=True)
class Programme:
    """The head's programme of activity for a calendar year (5.3.1)."""

    year: int
    approved: dt.date
    approved_by: str
    title: Text
    access: Access
    items: tuple[ProgrammeItem, ...]
    path: str
    sample: bool = False
    loc: Loc | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Records:
    """Everything under meetings/: the full, restricted model."""

    membership: Membership
    meetings: tuple[Meeting, ...] = ()
    complaints: tuple[Complaint, ...] = ()
    programmes: tuple[Programme, ...] = ()

    @property
    def sample(self) -> bool:
        return (self.membership.sample or any(m.sample for m in self.meetings)
                or any(c.sample for c in self.complaints) or any(p.sample for p in self.programmes))

    def meeting(self, meeting_id: str) -> Meeting | None:
        return next((m for m in self.meetings if m.id == meeting_id), None)

    def act(self, ref: ActRef) -> GroupAct | None:
        meeting = self.meeting(ref.meeting)
        item = meeting.item(ref.item) if meeting else None
        if item is None or ref.act is None:
            return None
        return item.acts[ref.act - 1] if 1 <= ref.act <= len(item.acts) else None
