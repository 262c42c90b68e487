"""The Regulation's rules for the Coordination Group (DOMAIN.md §2), one function per clause.

Each check returns diagnostics whose message starts with the clause number, so that a person can look
the rule up; errors stop a build, warnings are listed. The reading of each rule is the one DOMAIN.md
states, and the docstrings repeat it. Pure functions: no dates from the clock, no I/O.
"""
from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterator

from ..errors import Diagnostic, Loc, Severity
from .model import (
    AGENCY, ActKind, ActRef, AgendaItem, Complaint, GroupAct, Meeting, MeetingKind, Member, Membership, Nature, Outcome,
    Programme, Records, Role, Vote, Votes,
)
from ..i18n import _

WARNING = Severity.WARNING
NOTICE_DAYS = {MeetingKind.ORDINARY: 5, MeetingKind.EXTRAORDINARY: 2}  # 5.8
CADENCE_MONTHS = 6  # 5.9.2


# --- the readings, as functions other modules (documents, public view) reuse ----------------------

def quorum_needed(members: int) -> int:
    """5.9.1: more than half of the members: the smallest whole number above members / 2."""
    return members // 2 + 1


def is_quorate(present: int, members: int) -> bool:
    """5.9.1: present members > members / 2."""
    return present > members / 2


def present_members(meeting: Meeting, membership: Membership) -> tuple[Member, ...]:
    """The members present: ids listed as present whose seat covers the meeting date (guests never count)."""
    return tuple(m for m in membership.on(meeting.date) if m.id in meeting.present)


def chair(meeting: Meeting, membership: Membership) -> Member | None:
    """Who chairs, casts the deciding vote and signs: the head, or the deputy when the head is absent (5.4)."""
    present = {m.id for m in present_members(meeting, membership)}
    head, deputy = membership.head(meeting.date), membership.deputy(meeting.date)
    if head and head.id in present:
        return head
    if deputy and deputy.id in present:
        return deputy
    return None


def outcome(votes: Votes, present: int) -> Outcome | None:
    """5.9.4 with P members present, F for and A against: adopted if F > P / 2; if not, and F = A (a tie, F > 0),
    the chair's vote decides (5.4); otherwise rejected. None: a tie whose deciding vote is not recorded."""
    if votes.for_ > present / 2:
        return Outcome.ADOPTED
    if votes.for_ == votes.against and votes.for_ > 0:
        if votes.chair is None:
            return None
        return Outcome.ADOPTED if votes.chair is Vote.FOR else Outcome.REJECTED
    return Outcome.REJECTED


def decided_by_chair(votes: Votes, present: int) -> bool:
    """True when the outcome came from the chair's deciding vote on a tie (5.9.4)."""
    return not votes.for_ > present / 2 and votes.for_ == votes.against > 0 and votes.chair is not None


def act_outcome(meeting: Meeting, membership: Membership, act: GroupAct) -> Outcome | None:
    return outcome(act.votes, len(present_members(meeting, membership)))


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day of the month `months` later, or that month's last day when it has no such day (5.9.2)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# --- the checks ----------------------------------------------------------------------------------

def check_records(records: Records) -> list[Diagnostic]:
    """Every rule over every record."""
    problems: list[Diagnostic] = []
    for meeting in records.meetings:
        problems += check_meeting(meeting, records.membership)
    problems += check_cadence(records.meetings)
    for complaint in records.complaints:
        problems += check_complaint(complaint, records)
    for programme in records.programmes:
        problems += check_programme(programme, records.membership)
    problems += check_personal_data(records)
    return problems


def check_meeting(meeting: Meeting, membership: Membership) -> list[Diagnostic]:
    return [
        *check_head_and_deputy(meeting, membership),
        *check_quorum(meeting, membership),
        *check_notice(meeting),
        *check_initiative(meeting, membership),
        *check_rapporteurs(meeting, membership),
        *check_votes(meeting, membership),
        *check_guests_do_not_vote(meeting),
        *check_outcomes(meeting, membership),
        *check_act_kinds(meeting),
        *check_signatory(meeting, membership),
        *check_minutes(meeting, membership),
    ]


def _at(meeting: Meeting, field: str | None = None) -> Loc:
    """Where to point: the named field of the meeting when known, else its date."""
    return (meeting.locs.get(field) if field else None) or meeting.loc or Loc(meeting.path)


def _acts(meeting: Meeting) -> Iterator[tuple[str, AgendaItem, GroupAct]]:
    for i, item in enumerate(meeting.items, 1):
        for j, act in enumerate(item.acts, 1):
            yield _("item {item}, act {act}", item=i, act=j), item, act


def check_head_and_deputy(meeting: Meeting, membership: Membership) -> list[Diagnostic]:
    """5.2: on the meeting date the membership names exactly one head and one deputy head."""
    problems = []
    for role in (Role.HEAD, Role.DEPUTY):
        holders = membership.with_role(role, meeting.date)
        facts = {"date": meeting.date, "path": membership.path, "count": len(holders),
                 "names": ", ".join(f"`{m.id}`" for m in holders)}
        if not holders and role is Role.HEAD:
            problems.append(Diagnostic(_at(meeting), _("5.2: no head of the Group on {date}: {path} must name one",
                                                       **facts)))
        elif not holders:
            problems.append(Diagnostic(_at(meeting), _("5.2: no deputy head of the Group on {date}: {path} must name "
                                                       "one", **facts)))
        elif len(holders) > 1 and role is Role.HEAD:
            problems.append(Diagnostic(_at(meeting), _("5.2: {count} heads of the Group on {date} ({names}); there is "
                                                       "one", **facts)))
        elif len(holders) > 1:
            problems.append(Diagnostic(_at(meeting), _("5.2: {count} deputy heads of the Group on {date} ({names}); "
                                                       "there is one", **facts)))
    return problems


def check_quorum(meeting: Meeting, membership: Membership) -> list[Diagnostic]:
    """5.9.1: the meeting is quorate when present members > members / 2 (vacant seats do not count)."""
    problems = []
    members = {m.id for m in membership.on(meeting.date)}
    guests = {g.id for g in meeting.guests}
    for person in meeting.present:
        if person not in members:
            if person in guests:
                message = _("5.9.1: `{person}` is listed as present but is an invited guest, not a member",
                            person=person)
            else:
                message = _("5.9.1: `{person}` is listed as present but is not a member on {date}", person=person,
                            date=meeting.date)
            problems.append(Diagnostic(_at(meeting, "present"), message))
    present, total = len(present_members(meeting, membership)), len(members)
    if total and not is_quorate(present, total):
        problems.append(Diagnostic(_at(meeting, "present"), _("5.9.1: quorum not reached: {present} of {total} members "
                                                              "present; more than half ({needed}) required",
                                                              present=present, total=total,
                                                              needed=quorum_needed(total))))
    return problems


def check_notice(meeting: Meeting) -> list[Diagnostic]:
    """5.8: documents sent ≤ meeting date − 5 calendar days (2 for an extraordinary meeting)."""
    need = NOTICE_DAYS[meeting.kind]
    days = (meeting.date - meeting.documents_sent).days
    if days >= need:
        return []
    latest = meeting.date - dt.timedelta(days=need)
    return [Diagnostic(_at(meeting, "documents_sent"), _late_notice(meeting, days, need, latest))]


def _late_notice(meeting: Meeting, days: int, need: int, latest: dt.date) -> str:
    facts = {"sent": meeting.documents_sent, "kind": _kind(meeting.kind), "date": meeting.date, "need": need,
             "latest": latest, "days": abs(days)}
    if days == 1:
        return _("5.8: agenda documents sent on {sent}, 1 day before the {kind} meeting of {date}; at least {need} "
                 "calendar days required: send them by {latest}", **facts)
    if days > 1:
        return _("5.8: agenda documents sent on {sent}, {days} days before the {kind} meeting of {date}; at least "
                 "{need} calendar days required: send them by {latest}", **facts)
    if days == 0:
        return _("5.8: agenda documents sent on {sent}, on the day of the {kind} meeting of {date}; at least {need} "
                 "calendar days required: send them by {latest}", **facts)
    if days == -1:
        return _("5.8: agenda documents sent on {sent}, 1 day after the {kind} meeting of {date}; at least {need} "
                 "calendar days required: send them by {latest}", **facts)
    return _("5.8: agenda documents sent on {sent}, {days} days after the {kind} meeting of {date}; at least {need} "
             "calendar days required: send them by {latest}", **facts)


def _kind(kind: MeetingKind) -> str:
    return _("ordinary") if kind is MeetingKind.ORDINARY else _("extraordinary")


def check_cadence(meetings: tuple[Meeting, ...]) -> list[Diagnostic]:
    """5.9.2: each meeting is at most 6 calendar months after the previous one."""
    problems = []
    ordered = sorted(meetings, key=lambda m: (m.date, m.id))
    for previous, meeting in zip(ordered, ordered[1:]):
        due = add_months(previous.date, CADENCE_MONTHS)
        if meeting.date > due:
            problems.append(Diagnostic(_at(meeting), _("5.9.2: the meeting of {date} is more than {months} months "
                                                       "after the previous one ({previous}); the next meeting was due "
                                                       "by {due}", date=meeting.date, months=CADENCE_MONTHS,
                                                       previous=previous.date, due=due)))
    return problems


def check_initiative(meeting: Meeting, membership: Membership) -> list[Diagnostic]:
    """5.9.2: an extraordinary meeting is held on the Agency's initiative or at a member's request."""
    who = meeting.requested_by
    if meeting.kind is MeetingKind.ORDINARY:
        if who:
            return [Diagnostic(_at(meeting, "requested_by"), _("5.9.2: `requested_by` is given for an ordinary "
                                                               "meeting; only an extraordinary meeting is requested: "
                                                               "check `type`"), WARNING)]
        return []
    if not who:
        return [Diagnostic(_at(meeting, "type"), _("5.9.2: an extraordinary meeting is held on the Agency's "
                                                   "initiative or at a member's request: give `requested_by` (`agency` "
                                                   "or the member's id)"))]
    if who != AGENCY and membership.member(who, meeting.date) is None:
        return [Diagnostic(_at(meeting, "requested_by"), _("5.9.2: the extraordinary meeting was requested by "
                                                           "`{who}`, who is not a member on {date}; write `agency` or "
                                                           "a member's id", who=who, date=meeting.date))]
    return []


def check_rapporteurs(meeting: Meeting, membership: Membership) -> list[Diagnostic]:
    """5.9.3: each item is presented by the head, the deputy or a member: a member, present at the meeting."""
    problems = []
    guests = {g.id for g in meeting.guests}
    for i, item in enumerate(meeting.items, 1):
        who = item.rapporteur
        at = item.loc or _at(meeting)
        if who in guests:
            problems.append(Diagnostic(at, _("5.9.3: item {item}: the rapporteur `{who}` is an invited guest; items "
                                             "are presented by the head, the deputy head or a member", item=i, who=who)))
        elif membership.member(who, meeting.date) is None:
            problems.append(Diagnostic(at, _("5.9.3: item {item}: the rapporteur `{who}` is not a member on {date}; "
                                             "items are presented by the head, the deputy head or a member", item=i,
                                             who=who, date=meeting.date)))
        elif who not in meeting.present:
            problems.append(Diagnostic(at, _("5.9.3: item {item}: the rapporteur `{who}` is not among the members "
                                             "present", item=i, who=who)))
    return problems


def check_votes(meeting: Meeting, membership: Membership) -> list[Diagnostic]:
    """5.9.4: votes never exceed the members present; a roll call names members present and agrees with the counts."""
    problems = []
    present = {m.id for m in present_members(meeting, membership)}
    guests = {g.id for g in meeting.guests}
    leader = chair(meeting, membership)
    for where, _item, act in _acts(meeting):
        v, at = act.votes, act.votes.loc or act.loc or _at(meeting)
        if v.cast > len(present):
            problems.append(Diagnostic(at, _("5.9.4: {where}: {cast} votes cast but {present} members present; votes "
                                             "never exceed the members present", where=where, cast=v.cast,
                                             present=len(present))))
        if v.roll_call:
            for who, _vote in v.roll_call:
                if who not in present and who not in guests:  # guests voting: check_guests_do_not_vote
                    problems.append(Diagnostic(at, _("5.9.4: {where}: `{who}` voted but is not among the members "
                                                     "present", where=where, who=who)))
            counted = tuple(sum(1 for who, vote in v.roll_call if vote is kind and who not in guests)
                            for kind in (Vote.FOR, Vote.AGAINST, Vote.ABSTAINED))
            if counted != (v.for_, v.against, v.abstained):
                problems.append(Diagnostic(at, _("5.9.4: {where}: the roll call gives {called}, but the counts say "
                                                 "{counted}", where=where, called=_counts(*counted),
                                                 counted=_counts(v.for_, v.against, v.abstained))))
            by_chair = dict(v.roll_call).get(leader.id) if leader else None
            if leader and by_chair and v.chair and by_chair is not v.chair:
                problems.append(Diagnostic(at, _("5.9.4: {where}: `chair` is {vote}, but the roll call has `{who}` "
                                                 "voting {called}", where=where, vote=v.chair.value, who=leader.id,
                                                 called=by_chair.value)))
        if v.chair is not None and leader is None:
            problems.append(Diagnostic(at, _("5.4: {where}: `chair` is given, but neither the head nor the deputy "
                                             "head was present", where=where)))
        elif v.chair is not None and {Vote.FOR: v.for_, Vote.AGAINST: v.against, Vote.ABSTAINED: v.abstained}[v.chair] == 0:
            problems.append(Diagnostic(at, _("5.9.4: {where}: the chair voted {vote}, but no such vote is counted",
                                             where=where, vote=v.chair.value)))
    return problems


def _counts(f: int, a: int, b: int) -> str:
    return _("{for_} for, {against} against, {abstained} abstaining", for_=f, against=a, abstained=b)


def check_guests_do_not_vote(meeting: Meeting) -> list[Diagnostic]:
    """5.11: invited experts and representatives (4.1.4, 4.1.5) may only propose and give opinions."""
    guests = {g.id: g for g in meeting.guests}
    problems = []
    for where, _item, act in _acts(meeting):
        for who, _vote in act.votes.roll_call:
            if who in guests:
                problems.append(Diagnostic(act.votes.loc or _at(meeting), _(
                    "5.11: {where}: guest `{who}` (invited under {basis}) voted; invited guests may only make "
                    "proposals and give opinions", where=where, who=who, basis=guests[who].basis.value)))
    return problems


def check_outcomes(meeting: Meeting, membership: Membership) -> list[Diagnostic]:
    """5.9.4: the outcome is computed from the votes; a tie is decided by the chair's vote (5.4), which must be recorded."""
    problems = []
    present = len(present_members(meeting, membership))
    leader = chair(meeting, membership)
    head = membership.head(meeting.date)
    for where, _item, act in _acts(meeting):
        v, at = act.votes, act.loc or _at(meeting)
        result = outcome(v, present)
        if result is None:
            if leader is None:
                continue  # nobody could decide: not adopted, and nothing to record
            if head and leader.id == head.id:
                message = _("5.9.4: {where}: the votes are tied ({for_} for, {against} against); the head's vote "
                            "decides: record it as `votes.chair`", where=where, for_=v.for_, against=v.against)
            else:
                message = _("5.9.4: {where}: the votes are tied ({for_} for, {against} against); the deputy head's "
                            "vote decides, the head being absent (5.4): record it as `votes.chair`", where=where,
                            for_=v.for_, against=v.against)
            problems.append(Diagnostic(at, message))
        elif act.outcome_given is not None and act.outcome_given is not result:
            problems.append(Diagnostic(at, _("5.9.4: {where}: the outcome is given as `{given}`, but {for_} for, "
                                             "{against} against and {abstained} abstaining of {present} present give "
                                             "`{result}`; the outcome is computed from the votes, not typed",
                                             where=where, given=act.outcome_given.value, for_=v.for_,
                                             against=v.against, abstained=v.abstained, present=present,
                                             result=result.value)))
    return problems


def check_act_kinds(meeting: Meeting) -> list[Diagnostic]:
    """5.10: decisions on organisational matters; proposals and recommendations on all other matters."""
    problems = []
    for where, item, act in _acts(meeting):
        at = act.loc or _at(meeting)
        if act.kind is ActKind.DECISION and item.nature is not Nature.ORGANISATIONAL:
            problems.append(Diagnostic(at, _("5.10: {where}: a decision on a matter that is not organisational; the "
                                             "Group adopts decisions on organisational matters and proposals or "
                                             "recommendations on all others", where=where)))
        elif act.kind is not ActKind.DECISION and item.nature is Nature.ORGANISATIONAL:
            problems.append(Diagnostic(at, _("5.10: {where}: a {kind} on an organisational matter; the Group settles "
                                             "organisational matters by decisions", where=where, kind=act.kind.value)))
    return problems


def check_signatory(meeting: Meeting, membership: Membership) -> list[Diagnostic]:
    """5.3.2 (with 5.4): each adopted act is signed by the head, or by the deputy when the head is absent."""
    problems = []
    leader = chair(meeting, membership)
    for where, _item, act in _acts(meeting):
        if act_outcome(meeting, membership, act) is not Outcome.ADOPTED:
            continue
        at = act.loc or _at(meeting)
        if act.signed_by is None:
            problems.append(Diagnostic(at, _("5.3.2: {where}: the adopted act names no signatory; the head signs it "
                                             "(the deputy head when the head is absent, 5.4): give `signed_by`",
                                             where=where)))
        elif leader is not None and act.signed_by != leader.id:
            facts = {"where": where, "signed": act.signed_by, "leader": leader.id}
            if leader.role is Role.HEAD:
                message = _("5.3.2: {where}: signed by `{signed}`, but the head `{leader}` signs the Group's acts",
                            **facts)
            else:
                message = _("5.3.2: {where}: signed by `{signed}`, but the deputy head, acting for the absent head "
                            "(5.4), `{leader}` signs the Group's acts", **facts)
            problems.append(Diagnostic(at, message))
    return problems


def check_minutes(meeting: Meeting, membership: Membership) -> list[Diagnostic]:
    """5.9.5: adopted acts are recorded in minutes signed by the head, the deputy and the members: every member
    present signs, the deputy in the head's place when the head is absent (5.4)."""
    adopted = any(act_outcome(meeting, membership, act) is Outcome.ADOPTED for _, _, act in _acts(meeting))
    if meeting.minutes is None:
        if adopted:
            return [Diagnostic(_at(meeting), _("5.9.5: acts were adopted but no minutes are recorded: give "
                                               "`minutes.signed_by`"))]
        return []
    at = meeting.minutes.loc or _at(meeting)
    problems = []
    present = [m.id for m in present_members(meeting, membership)]
    signed = meeting.minutes.signed_by
    for who in signed:
        if membership.member(who, meeting.date) is None:
            problems.append(Diagnostic(at, _("5.9.5: `{who}` signed the minutes but is not a member on {date}",
                                             who=who, date=meeting.date)))
        elif who not in present:
            problems.append(Diagnostic(at, _("5.9.5: `{who}` signed the minutes but was not present at the meeting",
                                             who=who)))
    missing = [who for who in present if who not in signed]
    if missing:
        problems.append(Diagnostic(at, _("5.9.5: the minutes are not signed by {names} (present); they are signed "
                                         "by the head, the deputy head and the members",
                                         names=", ".join(f"`{w}`" for w in missing))))
    if chair(meeting, membership) is None:
        problems.append(Diagnostic(at, _("5.9.5: neither the head nor the deputy head was present to sign the "
                                         "minutes (5.4)")))
    return problems


def check_complaint(complaint: Complaint, records: Records) -> list[Diagnostic]:
    """3.1.1: received → discussed → recommendation to the body → complied, or an appeal to the Cabinet of Ministers;
    a recommendation not complied with and not appealed is a warning."""
    problems: list[Diagnostic] = []
    cid = complaint.id
    at = complaint.loc or Loc(complaint.path)

    def resolve(ref: ActRef, what: str, need_act: bool) -> tuple[Meeting | None, GroupAct | None]:
        where = ref.loc or at
        meeting = records.meeting(ref.meeting)
        if meeting is None:
            problems.append(Diagnostic(where, _("3.1.1: complaint {id}: {what} refers to a meeting `{meeting}` that "
                                                "is not in meetings/", id=cid, what=what, meeting=ref.meeting)))
            return None, None
        if meeting.item(ref.item) is None:
            problems.append(Diagnostic(where, _("3.1.1: complaint {id}: {what}: the meeting of {meeting} has no "
                                                "agenda item {item}", id=cid, what=what, meeting=ref.meeting,
                                                item=ref.item)))
            return meeting, None
        if meeting.date < complaint.received:
            problems.append(Diagnostic(where, _("3.1.1: complaint {id}: {what} is dated {date}, before the complaint "
                                                "was received ({received})", id=cid, what=what, date=meeting.date,
                                                received=complaint.received)))
        if ref.act is None:
            if need_act:
                problems.append(Diagnostic(where, _("3.1.1: complaint {id}: {what} needs `act`: the number of the act "
                                                    "under that agenda item", id=cid, what=what)))
            return meeting, None
        act = records.act(ref)
        if act is None:
            problems.append(Diagnostic(where, _("3.1.1: complaint {id}: {what}: item {item} of {meeting} has no act "
                                                "{act}", id=cid, what=what, item=ref.item, meeting=ref.meeting,
                                                act=ref.act)))
        return meeting, act

    for ref in complaint.discussed:
        resolve(ref, "`discussed`", need_act=False)
    if complaint.recommendation:
        meeting, act = resolve(complaint.recommendation, "`recommendation`", need_act=True)
        where = complaint.recommendation.loc or at
        if act is not None and act.kind is not ActKind.RECOMMENDATION:
            problems.append(Diagnostic(where, _("3.1.1: complaint {id}: `recommendation` refers to a {kind}; the "
                                                "Group answers a complaint with a recommendation to the body", id=cid,
                                                kind=act.kind.value)))
        elif meeting is not None and act is not None and act_outcome(meeting, records.membership, act) is not Outcome.ADOPTED:
            problems.append(Diagnostic(where, _("3.1.1: complaint {id}: `recommendation` refers to an act that was "
                                                "not adopted", id=cid)))
    if complaint.response and not complaint.recommendation:
        problems.append(Diagnostic(complaint.response.loc or at, _("3.1.1: complaint {id}: a response is recorded, "
                                                                   "but no recommendation", id=cid)))
    if complaint.escalation:
        esc = complaint.escalation
        if not (complaint.response and complaint.response.complied is False):
            problems.append(Diagnostic(esc.loc or at, _("3.1.1: complaint {id}: an appeal to the Cabinet of Ministers "
                                                        "is recorded, but not that the body failed to comply with the "
                                                        "recommendation (`response.complied: false`)", id=cid)))
        elif complaint.response.date and esc.date < complaint.response.date:
            problems.append(Diagnostic(esc.loc or at, _("3.1.1: complaint {id}: the appeal ({date}) is dated before "
                                                        "the body's response ({response})", id=cid, date=esc.date,
                                                        response=complaint.response.date)))
        if esc.act is not None:
            resolve(esc.act, "`escalation.act`", need_act=False)
    elif complaint.response and complaint.response.complied is False:
        problems.append(Diagnostic(complaint.response.loc or at, _("3.1.1: complaint {id}: the recommendation was not "
                                   "complied with and no appeal to the Cabinet of Ministers is recorded", id=cid),
                                   WARNING))
    return problems


def check_programme(programme: Programme, membership: Membership) -> list[Diagnostic]:
    """5.3.1: the head approves the programme of activity for each calendar year."""
    head = membership.head(programme.approved)
    at = programme.loc or Loc(programme.path)
    if head is None or head.id != programme.approved_by:
        return [Diagnostic(at, _("5.3.1: the programme for {year} is approved by `{who}`, who is not the head on "
                                 "{date}; the head approves it", year=programme.year, who=programme.approved_by,
                                 date=programme.approved))]
    if programme.approved.year > programme.year:
        return [Diagnostic(at, _("5.3.1: the programme for {year} was approved on {date}, after the year it is for",
                                 year=programme.year, date=programme.approved), WARNING)]
    return []


def check_personal_data(records: Records) -> list[Diagnostic]:
    """5.6.3: a complainant's personal data never reaches the site, so no public field may repeat it.

    The message names the field and the complaint, never the data itself (CI logs may be public)."""
    from .access import public_texts
    from .folding import contains_words

    public = public_texts(records)
    problems = []
    for complaint in records.complaints:
        for key, text in complaint.complainant.fields:
            for found in public:
                if contains_words(found.text.value, text.value):
                    problems.append(Diagnostic(found.loc, _("5.6.3: a public field repeats the `{key}` of the "
                                                            "complainant of complaint {id} ({place}); mark the field "
                                                            "restricted or remove the personal data", key=key,
                                                            id=complaint.id, place=text.loc)))
    return problems
