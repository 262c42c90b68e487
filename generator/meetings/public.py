"""The public view: the only model any publishing code may receive (5.6.3).

`public_view` copies into new, plain dataclasses exactly what may be published, field by field; a
restricted record is not copied and only counted. Nothing here holds a reference to the full model, so
a template cannot reach restricted content through the public one. Complaints become statistics per
year, with small counts suppressed (they could identify a case).
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from .model import (
    AGENCY, AgendaItem, ComplaintStatus, GroupAct, Meeting, Membership, Note, Outcome, Records, Role,
)
from .rules import act_outcome, decided_by_chair, is_quorate, present_members

THRESHOLD = 3  # counts of complaints below this (and above zero) are suppressed

# The order statistics are listed in, and how the documents and the site name each status.
STATUSES = tuple(ComplaintStatus)


@dataclass(frozen=True)
class PublicMember:
    name: str
    position: str | None
    body: str
    unit: str
    role: str  # head, deputy, member
    start: dt.date
    end: dt.date | None


@dataclass(frozen=True)
class PublicVotes:
    for_: int
    against: int
    abstained: int
    decided_by_chair: bool  # a tie decided by the head's (or acting deputy's) vote, 5.9.4


@dataclass(frozen=True)
class PublicAct:
    kind: str  # decision, proposal, recommendation
    number: str | None
    addressee: str | None
    text: str
    outcome: str  # adopted, rejected
    votes: PublicVotes
    signed_by: str | None  # the signatory's name
    relies_on: tuple[str, ...]  # clauses of the Regulation, e.g. ("3.1.2",), for links


@dataclass(frozen=True)
class PublicItem:
    number: int  # its place on the agenda
    title: str
    rapporteur: str | None  # name of the head, deputy or member who presented it
    nature: str  # organisational, substantive
    summary: str | None
    documents: tuple[str, ...]
    acts: tuple[PublicAct, ...]
    documents_restricted: int
    acts_restricted: int


@dataclass(frozen=True)
class PublicGuest:
    name: str
    organisation: str | None
    basis: str  # 4.1.4 or 4.1.5


@dataclass(frozen=True)
class PublicMeeting:
    id: str
    date: dt.date
    kind: str  # ordinary, extraordinary
    initiative: str | None  # for an extraordinary meeting: "agency" or "member" (who asked, not their name)
    place: str | None
    members: int
    present: int
    quorate: bool
    items_discussed: int
    items_restricted: int
    items: tuple[PublicItem, ...]  # the public items only
    acts_adopted: int  # all adopted acts, restricted ones included (a count reveals no content)
    acts_adopted_restricted: int
    guests: tuple[PublicGuest, ...]
    guests_total: int
    sample: bool


@dataclass(frozen=True)
class PublicProgramme:
    year: int
    approved: dt.date
    title: str | None  # None when the programme as a whole is restricted
    items: tuple[str, ...]
    items_restricted: int
    sample: bool


@dataclass(frozen=True)
class ComplaintStatistics:
    """Complaints received in a year, by their status now. A count is None when suppressed (show it as
    “fewer than {threshold}”), because a small count could identify a case."""

    year: int
    threshold: int
    received: int | None
    by_status: tuple[tuple[str, int | None], ...]


@dataclass(frozen=True)
class PublicRecords:
    sample: bool
    members: tuple[PublicMember, ...]
    meetings: tuple[PublicMeeting, ...]
    programmes: tuple[PublicProgramme, ...]
    complaints: tuple[ComplaintStatistics, ...]
    threshold: int

    def years(self) -> tuple[int, ...]:
        found = {m.date.year for m in self.meetings} | {p.year for p in self.programmes} | {c.year for c in self.complaints}
        return tuple(sorted(found))

    def meetings_in(self, year: int) -> tuple[PublicMeeting, ...]:
        return tuple(m for m in self.meetings if m.date.year == year)

    def complaints_in(self, year: int) -> ComplaintStatistics | None:
        return next((c for c in self.complaints if c.year == year), None)

    def programme(self, year: int) -> PublicProgramme | None:
        return next((p for p in self.programmes if p.year == year), None)


def public_view(full: Records, *, threshold: int = THRESHOLD) -> PublicRecords:
    """The public model built from the full one: restricted content is dropped by construction."""
    if threshold < 1:
        raise ValueError("the suppression threshold is a count of at least 1")
    membership = full.membership
    members = tuple(
        PublicMember(m.name, m.position, m.body, m.unit, m.role.value, m.start, m.end)
        for m in sorted(membership.members, key=lambda m: (_ROLE_ORDER[m.role], m.start, m.name))
    )
    meetings = tuple(_meeting(m, membership) for m in full.meetings)
    programmes = tuple(
        PublicProgramme(
            year=p.year, approved=p.approved, title=None if p.access.restricted else p.title.value,
            items=() if p.access.restricted else tuple(i.text.value for i in p.items if not i.access.restricted),
            items_restricted=len(p.items) if p.access.restricted else sum(i.access.restricted for i in p.items),
            sample=p.sample,
        )
        for p in full.programmes
    )
    return PublicRecords(full.sample, members, meetings, programmes, _statistics(full, threshold), threshold)


_ROLE_ORDER = {Role.HEAD: 0, Role.DEPUTY: 1, Role.MEMBER: 2}


def _open(note: Note | None) -> str | None:
    return note.text.value if note is not None and not note.access.restricted else None


def _meeting(meeting: Meeting, membership: Membership) -> PublicMeeting:
    present = len(present_members(meeting, membership))
    total = len(membership.on(meeting.date))
    adopted = [(item, act) for item in meeting.items for act in item.acts
               if act_outcome(meeting, membership, act) is Outcome.ADOPTED]
    initiative = None
    if meeting.requested_by:
        initiative = "agency" if meeting.requested_by == AGENCY else "member"
    return PublicMeeting(
        id=meeting.id, date=meeting.date, kind=meeting.kind.value, initiative=initiative, place=_open(meeting.place),
        members=total, present=present, quorate=is_quorate(present, total) if total else False,
        items_discussed=len(meeting.items), items_restricted=sum(i.access.restricted for i in meeting.items),
        items=tuple(_item(n, item, meeting, membership) for n, item in enumerate(meeting.items, 1)
                    if not item.access.restricted),
        acts_adopted=len(adopted),
        acts_adopted_restricted=sum(item.access.restricted or act.access.restricted for item, act in adopted),
        guests=tuple(PublicGuest(g.name.value, g.organisation.value if g.organisation else None, g.basis.value)
                     for g in meeting.guests if not g.access.restricted),
        guests_total=len(meeting.guests), sample=meeting.sample,
    )


def _item(number: int, item: AgendaItem, meeting: Meeting, membership: Membership) -> PublicItem:
    rapporteur = membership.member(item.rapporteur, meeting.date)
    return PublicItem(
        number=number, title=item.title.value, rapporteur=rapporteur.name if rapporteur else None,
        nature=item.nature.value, summary=_open(item.summary),
        documents=tuple(p.title.value for p in item.papers if not p.access.restricted),
        acts=tuple(_act(act, meeting, membership) for act in item.acts if not act.access.restricted),
        documents_restricted=sum(p.access.restricted for p in item.papers),
        acts_restricted=sum(a.access.restricted for a in item.acts),
    )


def _act(act: GroupAct, meeting: Meeting, membership: Membership) -> PublicAct:
    present = len(present_members(meeting, membership))
    result = act_outcome(meeting, membership, act) or Outcome.REJECTED  # an undecided tie is not adopted
    signer = membership.member(act.signed_by, meeting.date) if act.signed_by else None
    v = act.votes
    return PublicAct(
        kind=act.kind.value, number=act.number, addressee=act.addressee.value if act.addressee else None,
        text=act.text.value, outcome=result.value,
        votes=PublicVotes(v.for_, v.against, v.abstained, decided_by_chair(v, present)),
        signed_by=signer.name if signer and result is Outcome.ADOPTED else None, relies_on=act.relies_on,
    )


def _statistics(full: Records, threshold: int) -> tuple[ComplaintStatistics, ...]:
    years = sorted({c.received.year for c in full.complaints})
    out = []
    for year in years:
        counts = Counter(c.status for c in full.complaints if c.received.year == year)
        cells = [counts.get(s, 0) for s in STATUSES]
        total, shown = suppress(sum(cells), cells, threshold)
        out.append(ComplaintStatistics(year, threshold, total, tuple((s.value, n) for s, n in zip(STATUSES, shown))))
    return tuple(out)


def suppress(total: int, cells: list[int], threshold: int) -> tuple[int | None, list[int | None]]:
    """Hide counts in 1 … threshold−1, then enough others that no hidden count can be worked out by subtraction
    from the total (secondary suppression: never exactly one hidden cell while the total is shown)."""
    shown: list[int | None] = [None if 0 < n < threshold else n for n in cells]
    total_shown: int | None = None if 0 < total < threshold else total
    if total_shown is None:
        return None, [None] * len(cells)  # with the total hidden, even zeros would tell each case's status
    hidden = [i for i, n in enumerate(shown) if n is None]
    if len(hidden) == 1:
        others = sorted((n, i) for i, n in enumerate(shown) if n)  # the smallest non-zero shown cell
        if others:
            shown[others[0][1]] = None
        else:
            total_shown = None
    return total_shown, shown
