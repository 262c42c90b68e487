"""The Regulation's rules for the Coordination Group (DOMAIN.md §2): one test per check, with its exact message."""
from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from generator.errors import Loc, Severity
from generator.meetings import check_meetings
from generator.meetings import rules
from generator.meetings.model import (
    AGENCY, Access, ActKind, ActRef, AgendaItem, Complainant, Complaint, Escalation, GroupAct, Guest, GuestBasis,
    Meeting, MeetingKind, Member, Membership, Minutes, Nature, Note, Outcome, Programme, ProgrammeItem, Records,
    Response, Role, Subject, Text, Vote, Votes,
)

PATH = "meetings/2025/2025-03-14.yaml"
AT = Loc(PATH, 3, 7)
DAY = dt.date(2025, 3, 14)
PUBLIC = Access(False)
RESTRICTED = Access(True, "a law")
MEMBERS = ("m1", "m2", "m3", "m4", "m5", "m6", "m7")


def t(value: str) -> Text:
    return Text(value, AT)


def membership(extra: tuple[Member, ...] = ()) -> Membership:
    """Nine seats: the head, the deputy and seven members."""
    start = dt.date(2024, 1, 1)
    seats = [Member("head", "Head", "Ministry", "Unit", Role.HEAD, start),
             Member("deputy", "Deputy", "Agency", "Board", Role.DEPUTY, start)]
    seats += [Member(m, f"Member {m}", "Body", "Unit", Role.MEMBER, start) for m in MEMBERS]
    return Membership(tuple(seats) + extra)


ALL = ("head", "deputy", *MEMBERS)


def act(f: int = 9, a: int = 0, b: int = 0, *, kind: ActKind = ActKind.PROPOSAL, chair: Vote | None = None,
        signed_by: str | None = "head", outcome: Outcome | None = None, roll_call=()) -> GroupAct:
    return GroupAct(kind, t("Body"), t("The text"), PUBLIC, Votes(f, a, b, chair, roll_call), signed_by=signed_by,
                    outcome_given=outcome, loc=AT)


def item(*acts: GroupAct, nature: Nature = Nature.SUBSTANTIVE, rapporteur: str = "m1") -> AgendaItem:
    return AgendaItem(t("A matter"), PUBLIC, rapporteur, nature, acts=acts, loc=AT)


def meeting(*items: AgendaItem, date: dt.date = DAY, present: tuple[str, ...] = ALL,
            kind: MeetingKind = MeetingKind.ORDINARY, sent: dt.date | None = None, requested_by: str | None = None,
            signed: tuple[str, ...] | None = None, guests: tuple[Guest, ...] = ()) -> Meeting:
    return Meeting(
        id=date.isoformat(), date=date, kind=kind, documents_sent=sent or date - dt.timedelta(days=7),
        present=present, items=items or (item(act()),), path=PATH, requested_by=requested_by, guests=guests,
        minutes=Minutes(present if signed is None else signed, AT), loc=AT,
    )


def messages(diagnostics) -> list[str]:
    return [d.message for d in diagnostics]


GUEST = Guest("g1", t("A guest"), t("An NGO"), GuestBasis.REPRESENTATIVE, PUBLIC)


# --- the sample data ------------------------------------------------------------------------------

def test_the_sample_data_passes_every_check_without_errors_or_warnings(root):
    records, problems = check_meetings(root)
    assert records is not None and len(records.meetings) >= 4
    assert [str(p) for p in problems] == []
    years = {m.date.year for m in records.meetings}
    assert {2025, 2026} <= years
    assert any(m.kind is MeetingKind.EXTRAORDINARY and m.requested_by for m in records.meetings)
    present = {m.id: len(rules.present_members(m, records.membership)) for m in records.meetings}
    decided = [m for m in records.meetings for i in m.items for a in i.acts
               if rules.decided_by_chair(a.votes, present[m.id])]
    assert decided, "a meeting where the head's vote decided a tie"
    assert any(c.escalation for c in records.complaints)
    assert records.sample and all(m.sample for m in records.meetings)


def test_a_valid_meeting_has_no_problems():
    assert rules.check_meeting(meeting(), membership()) == []


# --- 5.2 -----------------------------------------------------------------------------------------

def test_5_2_the_membership_names_a_head_on_the_meeting_date():
    ms = Membership(tuple(m for m in membership().members if m.role is not Role.HEAD))
    assert messages(rules.check_head_and_deputy(meeting(), ms)) == [
        "5.2: no head of the Group on 2025-03-14: meetings/members.yaml must name one"]


# --- 5.9.1 ---------------------------------------------------------------------------------------

def test_5_9_1_quorum_is_more_than_half_of_the_members():
    assert messages(rules.check_quorum(meeting(present=("head", "m1", "m2", "m3")), membership())) == [
        "5.9.1: quorum not reached: 4 of 9 members present; more than half (5) required"]
    assert rules.check_quorum(meeting(present=("head", "m1", "m2", "m3", "m4")), membership()) == []


def test_5_9_1_exactly_half_is_not_a_quorum_and_vacant_seats_do_not_count():
    ten = membership((Member("m8", "Member 8", "Body", "Unit", Role.MEMBER, dt.date(2024, 1, 1)),))
    assert messages(rules.check_quorum(meeting(present=("head", "m1", "m2", "m3", "m4")), ten)) == [
        "5.9.1: quorum not reached: 5 of 10 members present; more than half (6) required"]
    left = membership((Member("m8", "Member 8", "Body", "Unit", Role.MEMBER, dt.date(2024, 1, 1), dt.date(2025, 1, 31)),))
    assert rules.check_quorum(meeting(present=("head", "m1", "m2", "m3", "m4")), left) == []


def test_5_9_1_only_members_on_the_date_count_as_present():
    assert messages(rules.check_quorum(meeting(present=(*ALL, "stranger")), membership())) == [
        "5.9.1: `stranger` is listed as present but is not a member on 2025-03-14"]


# --- 5.8 ---------------------------------------------------------------------------------------------

def test_5_8_ordinary_meetings_need_five_calendar_days_notice():
    assert messages(rules.check_notice(meeting(sent=dt.date(2025, 3, 12)))) == [
        "5.8: agenda documents sent on 2025-03-12, 2 days before the ordinary meeting of 2025-03-14; at least 5 "
        "calendar days required: send them by 2025-03-09"]
    assert rules.check_notice(meeting(sent=dt.date(2025, 3, 9))) == []


def test_5_8_extraordinary_meetings_need_two_calendar_days_notice():
    extraordinary = meeting(kind=MeetingKind.EXTRAORDINARY, requested_by=AGENCY, sent=dt.date(2025, 3, 13))
    assert messages(rules.check_notice(extraordinary)) == [
        "5.8: agenda documents sent on 2025-03-13, 1 day before the extraordinary meeting of 2025-03-14; at least 2 "
        "calendar days required: send them by 2025-03-12"]
    assert rules.check_notice(replace(extraordinary, documents_sent=dt.date(2025, 3, 12))) == []


# --- 5.9.2 -------------------------------------------------------------------------------------------

def test_5_9_2_at_most_six_calendar_months_between_meetings():
    first, late = meeting(), meeting(date=dt.date(2025, 9, 15))
    assert messages(rules.check_cadence((first, late))) == [
        "5.9.2: the meeting of 2025-09-15 is more than 6 months after the previous one (2025-03-14); the next "
        "meeting was due by 2025-09-14"]
    assert rules.check_cadence((first, meeting(date=dt.date(2025, 9, 14)))) == []


def test_5_9_2_a_month_without_the_day_ends_on_its_last_day():
    assert rules.add_months(dt.date(2025, 8, 31), 6) == dt.date(2026, 2, 28)
    assert rules.add_months(dt.date(2023, 8, 31), 6) == dt.date(2024, 2, 29)
    ok, late = meeting(date=dt.date(2026, 2, 28)), meeting(date=dt.date(2026, 3, 1))
    base = meeting(date=dt.date(2025, 8, 31))
    assert rules.check_cadence((base, ok)) == []
    assert len(rules.check_cadence((base, late))) == 1


def test_5_9_2_an_extraordinary_meeting_says_who_asked_for_it():
    assert messages(rules.check_initiative(meeting(kind=MeetingKind.EXTRAORDINARY), membership())) == [
        "5.9.2: an extraordinary meeting is held on the Agency's initiative or at a member's request: give "
        "`requested_by` (`agency` or the member's id)"]
    assert messages(rules.check_initiative(meeting(kind=MeetingKind.EXTRAORDINARY, requested_by="nobody"),
                                           membership())) == [
        "5.9.2: the extraordinary meeting was requested by `nobody`, who is not a member on 2025-03-14; write "
        "`agency` or a member's id"]
    for who in (AGENCY, "m3"):
        assert rules.check_initiative(meeting(kind=MeetingKind.EXTRAORDINARY, requested_by=who), membership()) == []


def test_5_9_2_requested_by_on_an_ordinary_meeting_is_a_warning():
    found = rules.check_initiative(meeting(requested_by="m3"), membership())
    assert [(d.severity, d.message) for d in found] == [(Severity.WARNING, (
        "5.9.2: `requested_by` is given for an ordinary meeting; only an extraordinary meeting is requested: "
        "check `type`"))]


# --- 5.9.3 -------------------------------------------------------------------------------------------

def test_5_9_3_the_rapporteur_is_the_head_the_deputy_or_a_member_present():
    def check(who: str, **kw) -> list[str]:
        return messages(rules.check_rapporteurs(meeting(item(act(), rapporteur=who), **kw), membership()))

    assert check("g1", guests=(GUEST,)) == [
        "5.9.3: item 1: the rapporteur `g1` is an invited guest; items are presented by the head, the deputy head "
        "or a member"]
    assert check("stranger") == [
        "5.9.3: item 1: the rapporteur `stranger` is not a member on 2025-03-14; items are presented by the head, "
        "the deputy head or a member"]
    assert check("m7", present=ALL[:-1]) == ["5.9.3: item 1: the rapporteur `m7` is not among the members present"]
    assert check("head") == check("deputy") == []


# --- 5.9.4 and 5.11 ----------------------------------------------------------------------------------

def test_5_9_4_votes_never_exceed_the_members_present():
    assert messages(rules.check_votes(meeting(item(act(8, 1, 1))), membership())) == [
        "5.9.4: item 1, act 1: 10 votes cast but 9 members present; votes never exceed the members present"]


def test_5_9_4_a_roll_call_names_members_present_and_agrees_with_the_counts():
    calls = (("head", Vote.FOR), ("m1", Vote.FOR), ("m9", Vote.AGAINST))
    found = messages(rules.check_votes(meeting(item(act(3, 1, 0, roll_call=calls))), membership()))
    assert found == ["5.9.4: item 1, act 1: `m9` voted but is not among the members present",
                     "5.9.4: item 1, act 1: the roll call gives 2 for, 1 against, 0 abstaining, but the counts say "
                     "3 for, 1 against, 0 abstaining"]


def test_5_11_invited_guests_never_vote():
    calls = (("head", Vote.FOR), ("g1", Vote.FOR))
    assert messages(rules.check_guests_do_not_vote(meeting(item(act(1, 0, 0, roll_call=calls)), guests=(GUEST,)))) == [
        "5.11: item 1, act 1: guest `g1` (invited under 4.1.5) voted; invited guests may only make proposals and "
        "give opinions"]


@pytest.mark.parametrize("f, a, b, chair, expected", [
    (5, 4, 0, None, Outcome.ADOPTED),  # more than half of the 9 present
    (4, 1, 4, None, Outcome.REJECTED),  # abstentions count as present: 4 is not more than 4.5
    (4, 4, 1, Vote.FOR, Outcome.ADOPTED),  # a tie: the head's vote decides
    (4, 4, 1, Vote.AGAINST, Outcome.REJECTED),
    (4, 4, 1, None, None),  # a tie whose deciding vote is not recorded
    (3, 4, 2, Vote.FOR, Outcome.REJECTED),  # not a tie: the chair's vote decides nothing
    (0, 0, 9, None, Outcome.REJECTED),
])
def test_5_9_4_the_outcome_is_computed_from_the_votes(f, a, b, chair, expected):
    assert rules.outcome(Votes(f, a, b, chair), 9) is expected


def test_5_9_4_a_tie_needs_the_heads_deciding_vote():
    assert messages(rules.check_outcomes(meeting(item(act(4, 4, 1))), membership())) == [
        "5.9.4: item 1, act 1: the votes are tied (4 for, 4 against); the head's vote decides: record it as "
        "`votes.chair`"]


def test_5_4_with_the_head_absent_the_deputys_vote_decides_a_tie():
    present = ALL[1:]
    tie = meeting(item(act(4, 4, 0, signed_by="deputy")), present=present)
    assert messages(rules.check_outcomes(tie, membership())) == [
        "5.9.4: item 1, act 1: the votes are tied (4 for, 4 against); the deputy head's vote decides, the head "
        "being absent (5.4): record it as `votes.chair`"]
    decided = meeting(item(act(4, 4, 0, chair=Vote.FOR, signed_by="deputy")), present=present)
    assert rules.check_meeting(decided, membership()) == []
    assert rules.chair(decided, membership()).id == "deputy"


def test_5_4_a_chairs_vote_needs_the_head_or_the_deputy_present():
    present = MEMBERS
    found = messages(rules.check_votes(meeting(item(act(3, 3, 1, chair=Vote.FOR)), present=present), membership()))
    assert found == ["5.4: item 1, act 1: `chair` is given, but neither the head nor the deputy head was present"]


def test_5_9_4_a_typed_outcome_must_agree_with_the_votes():
    assert messages(rules.check_outcomes(meeting(item(act(3, 4, 2, outcome=Outcome.ADOPTED))), membership())) == [
        "5.9.4: item 1, act 1: the outcome is given as `adopted`, but 3 for, 4 against and 2 abstaining of 9 present "
        "give `rejected`; the outcome is computed from the votes, not typed"]


# --- 5.10 --------------------------------------------------------------------------------------------

def test_5_10_decisions_only_on_organisational_matters():
    assert messages(rules.check_act_kinds(meeting(item(act(kind=ActKind.DECISION))))) == [
        "5.10: item 1, act 1: a decision on a matter that is not organisational; the Group adopts decisions on "
        "organisational matters and proposals or recommendations on all others"]


def test_5_10_proposals_and_recommendations_on_everything_else():
    organisational = item(act(kind=ActKind.RECOMMENDATION), nature=Nature.ORGANISATIONAL)
    assert messages(rules.check_act_kinds(meeting(organisational))) == [
        "5.10: item 1, act 1: a recommendation on an organisational matter; the Group settles organisational matters "
        "by decisions"]


# --- 5.3.2 -------------------------------------------------------------------------------------------

def test_5_3_2_each_adopted_act_names_its_signatory():
    assert messages(rules.check_signatory(meeting(item(act(signed_by=None))), membership())) == [
        "5.3.2: item 1, act 1: the adopted act names no signatory; the head signs it (the deputy head when the head "
        "is absent, 5.4): give `signed_by`"]
    assert messages(rules.check_signatory(meeting(item(act(signed_by="m2"))), membership())) == [
        "5.3.2: item 1, act 1: signed by `m2`, but the head `head` signs the Group's acts"]
    assert rules.check_signatory(meeting(item(act(1, 8, 0, signed_by=None))), membership()) == []  # rejected


# --- 5.9.5 -------------------------------------------------------------------------------------------

def test_5_9_5_minutes_are_signed_by_the_head_the_deputy_and_the_members_present():
    assert messages(rules.check_minutes(meeting(signed=("head", "deputy", "m1", "m2", "m3", "m4", "m5")),
                                        membership())) == [
        "5.9.5: the minutes are not signed by `m6`, `m7` (present); they are signed by the head, the deputy head and "
        "the members"]


def test_5_9_5_adopted_acts_need_minutes():
    assert messages(rules.check_minutes(replace(meeting(), minutes=None), membership())) == [
        "5.9.5: acts were adopted but no minutes are recorded: give `minutes.signed_by`"]


def test_5_9_5_only_members_present_sign():
    found = rules.check_minutes(meeting(present=ALL[:-1], signed=ALL), membership())
    assert messages(found) == ["5.9.5: `m7` signed the minutes but was not present at the meeting"]


# --- 3.1.1 -------------------------------------------------------------------------------------------

def _complaint(**kw) -> Complaint:
    base = dict(id="c1", received=dt.date(2025, 3, 1), complainant=Complainant((("name", t("Sahibkar Adı")),)),
                about=Subject(t("Body"), t("About"), RESTRICTED), path="meetings/complaints/c1.yaml",
                discussed=(ActRef("2025-03-14", 1),), recommendation=ActRef("2025-03-14", 1, 1), loc=AT)
    return Complaint(**{**base, **kw})


def _records(*complaints: Complaint) -> Records:
    rec = act(kind=ActKind.RECOMMENDATION)
    return Records(membership(), (meeting(item(rec)),), complaints)


def test_3_1_1_a_recommendation_not_complied_with_and_not_appealed_is_a_warning():
    c = _complaint(response=Response(dt.date(2025, 4, 1), False))
    found = rules.check_complaint(c, _records(c))
    assert [(d.severity, d.message) for d in found] == [(Severity.WARNING, (
        "3.1.1: complaint c1: the recommendation was not complied with and no appeal to the Cabinet of Ministers is "
        "recorded"))]
    appealed = replace(c, escalation=Escalation(dt.date(2025, 5, 1)))
    assert rules.check_complaint(appealed, _records(appealed)) == []


def test_3_1_1_an_appeal_follows_a_failure_to_comply():
    c = _complaint(response=Response(dt.date(2025, 4, 1), True), escalation=Escalation(dt.date(2025, 5, 1)))
    assert messages(rules.check_complaint(c, _records(c))) == [
        "3.1.1: complaint c1: an appeal to the Cabinet of Ministers is recorded, but not that the body failed to "
        "comply with the recommendation (`response.complied: false`)"]


def test_3_1_1_the_trail_refers_to_recorded_meetings_and_recommendations():
    c = _complaint(discussed=(ActRef("2025-04-01", 1),), recommendation=ActRef("2025-03-14", 2, 1))
    assert messages(rules.check_complaint(c, _records(c))) == [
        "3.1.1: complaint c1: `discussed` refers to a meeting `2025-04-01` that is not in meetings/",
        "3.1.1: complaint c1: `recommendation`: the meeting of 2025-03-14 has no agenda item 2"]
    proposal = Records(membership(), (meeting(item(act())),), (c,))
    c2 = _complaint()
    assert messages(rules.check_complaint(c2, proposal)) == [
        "3.1.1: complaint c1: `recommendation` refers to a proposal; the Group answers a complaint with a "
        "recommendation to the body"]


# --- 5.3.1 -------------------------------------------------------------------------------------------

def test_5_3_1_the_head_approves_the_programme():
    programme = Programme(2025, dt.date(2025, 1, 10), "deputy", t("Programme"), PUBLIC,
                          (ProgrammeItem(t("x"), PUBLIC),), "meetings/programmes/2025.yaml", loc=AT)
    assert messages(rules.check_programme(programme, membership())) == [
        "5.3.1: the programme for 2025 is approved by `deputy`, who is not the head on 2025-01-10; the head approves it"]
    assert rules.check_programme(replace(programme, approved_by="head"), membership()) == []


# --- 5.6.3 -------------------------------------------------------------------------------------------

def test_5_6_3_no_public_field_repeats_a_complainants_personal_data():
    public_summary = AgendaItem(t("A matter"), PUBLIC, "m1", Nature.SUBSTANTIVE,
                                summary=Note(Text("Şikayətçi SAHİBKAR ADI gəlmişdi", Loc(PATH, 9, 5)), PUBLIC),
                                acts=(act(kind=ActKind.RECOMMENDATION),))
    c = _complaint()
    records = Records(membership(), (meeting(public_summary),), (c,))
    found = rules.check_personal_data(records)
    assert [(str(d.loc), d.message) for d in found] == [(f"{PATH}:9:5", (
        f"5.6.3: a public field repeats the `name` of the complainant of complaint c1 ({AT}); mark the field "
        "restricted or remove the personal data"))]
    assert "Sahibkar" not in found[0].message


# --- loading: access is explicit ---------------------------------------------------------------------

def _project(tmp_path: Path, root: Path) -> Path:
    shutil.copytree(root / "meetings", tmp_path / "meetings")
    return tmp_path


def test_a_missing_access_mark_is_an_error(tmp_path, root):
    project = _project(tmp_path, root)
    path = project / "meetings/2025/2025-02-14.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    access: public\n    rapporteur: muavin", "    rapporteur: muavin", 1),
                    encoding="utf-8")
    _, problems = check_meetings(project)
    assert [str(p) for p in problems] == [
        "meetings/2025/2025-02-14.yaml:26:5: this item: missing required field `access`; every agenda item, document, "
        "act and text group says `access: public` or `access: restricted` (with `legal_basis`): nothing is public by "
        "default"]


def test_a_restricted_record_names_its_legal_basis(tmp_path, root):
    project = _project(tmp_path, root)
    path = project / "meetings/programmes/2025.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("    legal_basis:")
    path.write_text(text[:start] + text[text.index("\n", start) + 1:], encoding="utf-8")
    _, problems = check_meetings(project)
    assert [p.message for p in problems] == [
        "this item: missing required field `legal_basis`; a restricted record names the law that restricts its "
        "disclosure"]


def test_a_complainants_data_marked_public_stays_restricted(tmp_path, root):
    project = _project(tmp_path, root)
    path = project / "meetings/complaints/numune-2025-02.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("complainant:\n", "complainant:\n  access: public\n", 1),
                    encoding="utf-8")
    records, problems = check_meetings(project)
    assert [(p.severity, p.message) for p in problems] == [(Severity.WARNING, (
        "a complainant's personal data is never published, whatever is marked: `access: public` has no effect here; "
        "remove it"))]
    from generator.meetings.access import restricted_texts
    assert {f.field for f in restricted_texts(records) if f.loc.path.endswith("numune-2025-02.yaml")} >= {
        "complainant.name", "complainant.tin", "complainant.email"}


def test_a_meeting_file_is_named_after_its_date(tmp_path, root):
    project = _project(tmp_path, root)
    (project / "meetings/2025/2025-02-14.yaml").rename(project / "meetings/2025/2025-02-15.yaml")
    _, problems = check_meetings(project)
    assert [p.message for p in problems] == [
        "the meeting's date is 2025-02-14, but the file is named 2025-02-15.yaml: name it 2025-02-14.yaml (or "
        "2025-02-14-2.yaml for a second meeting that day)"]
