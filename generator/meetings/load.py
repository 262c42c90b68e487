"""Load stage for meetings/: YAML sources → the full records model, with every problem located.

Layout, beside acts/:
    meetings/members.yaml                   the membership over time
    meetings/<yyyy>/<yyyy-mm-dd>.yaml       one meeting (a suffix -2 … for a second meeting that day)
    meetings/complaints/<id>.yaml           complaints under 3.1.1 and their trail
    meetings/programmes/<yyyy>.yaml         the programme of activity for a year (5.3.1)

Like the acts' loader, a problem in one file does not stop the others; structural checks live here,
the Regulation's rules in rules.py.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from ..errors import Diagnostic, Loc, Severity
from ..load import clean
from ..schemacheck import schema_problems
from ..placeholders import placeholder_warnings
from ..yamlsource import Located, YamlProblem, read_yaml
from .model import (
    Access, ActKind, ActRef, AgendaItem, Complainant, Complaint, Escalation, GroupAct, Guest, GuestBasis, Meeting,
    MeetingKind, Member, Membership, Minutes, Nature, Note, Outcome, Paper, Programme, ProgrammeItem, Records,
    Response, Role, Subject, Text, Vote, Votes,
)
from ..i18n import _

FOLDER = "meetings"
_MEETING_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:-(\d+))?$")
def _what(kind: str) -> str:
    """What a source of this kind is, as the subject of a sentence."""
    return {"membership": _("the membership list"), "meeting": _("a meeting source"),
            "complaint": _("a complaint source")}.get(kind) or _("a programme source")


def load_records(root: Path) -> tuple[Records | None, list[Diagnostic]]:
    """Read every source under `root/meetings`; (None, []) when the project keeps no meetings."""
    folder = root / FOLDER
    if not folder.is_dir():
        return None, []
    problems: list[Diagnostic] = []
    membership = Membership()
    members_file = folder / "members.yaml"
    if members_file.is_file():
        found, issues = _load(members_file, root, "membership", _membership)
        problems += issues
        membership = found or membership
    else:
        problems.append(Diagnostic(Loc(f"{FOLDER}/members.yaml"), _("the membership list is missing: meetings are "
                                   "checked against the members on each date, so meetings/ needs a members.yaml")))
    meetings: list[Meeting] = []
    complaints: list[Complaint] = []
    programmes: list[Programme] = []
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or path == members_file:
            continue
        rel = path.relative_to(folder)
        shown = path.relative_to(root).as_posix()
        if path.suffix not in (".yaml", ".yml"):
            if not path.name.startswith(".") and path.suffix.lower() not in (".md", ".txt"):
                problems.append(Diagnostic(Loc(shown), _("not a YAML source; meetings/ holds only .yaml files")))
            continue
        top = rel.parts[0]
        if len(rel.parts) == 2 and re.fullmatch(r"\d{4}", top):
            found, issues = _load(path, root, "meeting", _meeting)
            meetings += [found] if found else []
        elif len(rel.parts) == 2 and top == "complaints":
            found, issues = _load(path, root, "complaint", _complaint)
            complaints += [found] if found else []
        elif len(rel.parts) == 2 and top == "programmes":
            found, issues = _load(path, root, "programme", _programme)
            programmes += [found] if found else []
        else:
            issues = [Diagnostic(Loc(shown), _("this file is in no known place: meetings go in "
                                               "meetings/<yyyy>/<yyyy-mm-dd>.yaml, complaints in meetings/complaints/, "
                                               "programmes in meetings/programmes/<yyyy>.yaml"))]
        problems += issues
    problems += _duplicates([(c.id, c.path, c.loc) for c in complaints], "complaint")
    problems += _duplicates([(str(p.year), p.path, p.loc) for p in programmes], "programme")
    records = Records(membership, tuple(sorted(meetings, key=lambda m: (m.date, m.id))),
                      tuple(sorted(complaints, key=lambda c: (c.received, c.id))),
                      tuple(sorted(programmes, key=lambda p: p.year)))
    return records, problems


def _load(path: Path, root: Path, kind: str, build):
    shown = path.relative_to(root).as_posix()
    try:
        src = read_yaml(path, shown)
    except YamlProblem as exc:
        return None, [exc.diagnostic]
    if not isinstance(src.data, dict):
        return None, [Diagnostic(src.loc(()), _("{what} is a set of `name: value` fields starting with `kind: {kind}`; "
                                                "this file holds {found}", what=_what(kind), kind=kind,
                                                found=_shape(src.data)))]
    problems = [_hint(p) for p in schema_problems(src, kind)]
    if problems:
        return None, problems
    builder = _Builder(src, shown, path)
    try:
        return build(builder), builder.problems + placeholder_warnings(src)  # a `qanun new` skeleton not filled in
    except _Stop:
        return None, builder.problems


def _shape(data: Any) -> str:
    if data is None:
        return _("no fields (it is empty or holds only comments)")
    return _("a list") if isinstance(data, list) else _("the single value “{value}”", value=data)


def _hint(d: Diagnostic) -> Diagnostic:
    """Say why `access` matters where the generic schema message would only say it is missing."""
    message = d.message  # already in the chosen language: compare with the same words in it
    if message.endswith(_("missing required field {fields}", fields="`access`")) or "`access`, " in message \
            or ", `access`" in message:
        message = _("{problem}; every agenda item, document, act and text group says `access: public` or "
                    "`access: restricted` (with `legal_basis`): nothing is public by default", problem=message)
    elif message.endswith(_("missing required field {fields}", fields="`legal_basis`")):
        message = _("{problem}; a restricted record names the law that restricts its disclosure", problem=message)
    return Diagnostic(d.loc, message, d.severity)


def _duplicates(entries: list[tuple[str, str, Loc | None]], kind: str) -> list[Diagnostic]:
    first: dict[str, str] = {}
    problems = []
    for key, path, loc in entries:
        if key in first:
            message = _("complaint id `{key}` is already used by {path}", key=key, path=first[key]) \
                if kind == "complaint" else \
                _("programme for the year `{key}` is already used by {path}", key=key, path=first[key])
            problems.append(Diagnostic(loc or Loc(path), message))
        else:
            first[key] = path
    return problems


class _Stop(Exception):
    """A file cannot become a model object (its problems are already recorded)."""


class _Builder:
    """Schema-valid data → model objects, checking what a schema cannot."""

    def __init__(self, src: Located, shown: str, path: Path) -> None:
        self.src = src
        self.shown = shown
        self.path = path
        self.problems: list[Diagnostic] = []

    def problem(self, path: tuple, message: str, severity: Severity = Severity.ERROR) -> None:
        self.problems.append(Diagnostic(self.src.loc(path), message, severity))

    def text(self, path: tuple) -> Text:
        value = self.get(path)
        return Text(clean(value) or "", self.src.loc(path))

    def opt_text(self, path: tuple) -> Text | None:
        return self.text(path) if self.get(path) is not None else None

    def get(self, path: tuple) -> Any:
        node = self.src.data
        for part in path:
            if isinstance(node, dict):
                node = node.get(part)
            elif isinstance(node, list) and isinstance(part, int) and part < len(node):
                node = node[part]
            else:
                return None
        return node

    def date(self, path: tuple) -> dt.date:
        value = self.get(path)
        try:
            return dt.date.fromisoformat(value)
        except (TypeError, ValueError):
            self.problem(path, _("“{value}” is not a valid date", value=value))
            raise _Stop from None

    def opt_date(self, path: tuple) -> dt.date | None:
        return self.date(path) if self.get(path) is not None else None

    def access(self, path: tuple) -> Access:
        group = self.get(path)
        return Access(group["access"] == "restricted", clean(group.get("legal_basis")), self.src.loc((*path, "access")))

    def note(self, path: tuple) -> Note | None:
        if self.get(path) is None:
            return None
        return Note(self.text((*path, "text")), self.access(path))

    def sample(self) -> bool:
        return bool(self.src.data.get("sample", False))


# --- membership ------------------------------------------------------------------------------

def _membership(b: _Builder) -> Membership:
    members = []
    for i, m in enumerate(b.src.data["members"]):
        path = ("members", i)
        start, end = b.date((*path, "from")), b.opt_date((*path, "to"))
        if end and end < start:
            b.problem((*path, "to"), _("`to` {end} is before `from` {start}: a seat ends on or after the day it starts",
                                       end=end, start=start))
        members.append(Member(
            id=m["id"], name=clean(m["name"]) or "", body=clean(m["body"]) or "", unit=clean(m["unit"]) or "",
            role=Role(m["role"]), start=start, end=end, position=clean(m.get("position")), loc=b.src.loc((*path, "id")),
        ))
    for i, a in enumerate(members):  # one person cannot hold two seats at once
        for other in members[:i]:
            if a.id == other.id and _overlap(a, other):
                b.problems.append(Diagnostic(a.loc or Loc(b.shown), _(
                    "`{id}` already has a seat covering {day} (line {line}); a person's seats must not overlap",
                    id=a.id, day=max(a.start, other.start), line=other.loc.line if other.loc else "?")))
    return Membership(tuple(members), b.shown, b.sample())


def _overlap(a: Member, b: Member) -> bool:
    a_end, b_end = a.end or dt.date.max, b.end or dt.date.max
    return a.start <= b_end and b.start <= a_end


# --- meetings --------------------------------------------------------------------------------

def _meeting(b: _Builder) -> Meeting:
    d = b.src.data
    date = b.date(("date",))
    stem, year = b.path.stem, b.path.parent.name
    name = _MEETING_NAME.match(stem)
    if not name or name.group(1) != date.isoformat():
        b.problem(("date",), _("the meeting's date is {date}, but the file is named {name}: name it {date}.yaml (or "
                               "{date}-2.yaml for a second meeting that day)", date=date.isoformat(), name=b.path.name))
    if year != str(date.year):
        b.problem(("date",), _("a meeting of {year} belongs in meetings/{year}/, not meetings/{folder}/",
                               year=date.year, folder=year))
    guests = tuple(
        Guest(g["id"], b.text(("guests", i, "name")), b.opt_text(("guests", i, "organisation")), GuestBasis(g["basis"]),
              b.access(("guests", i)), b.src.loc(("guests", i)))
        for i, g in enumerate(d.get("guests", []))
    )
    items = tuple(_item(b, ("agenda", i)) for i in range(len(d["agenda"])))
    minutes = None
    if "minutes" in d:
        minutes = Minutes(tuple(d["minutes"]["signed_by"]), b.src.loc(("minutes",)))
    return Meeting(
        id=stem, date=date, kind=MeetingKind(d["type"]), documents_sent=b.date(("documents_sent",)),
        present=tuple(d["present"]), items=items, path=b.shown, requested_by=d.get("requested_by"), time=d.get("time"),
        place=b.note(("place",)), guests=guests, minutes=minutes, sample=b.sample(), loc=b.src.loc(("date",)),
        locs={key: b.src.loc((key,)) for key in ("documents_sent", "present", "type", "requested_by") if key in d},
    )


def _item(b: _Builder, path: tuple) -> AgendaItem:
    item = b.get(path)
    papers = tuple(Paper(b.text((*path, "documents", i, "title")), b.access((*path, "documents", i)),
                         b.src.loc((*path, "documents", i)))
                   for i in range(len(item.get("documents", []))))
    acts = tuple(_act(b, (*path, "acts", i)) for i in range(len(item.get("acts", []))))
    return AgendaItem(
        title=b.text((*path, "title")), access=b.access(path), rapporteur=item["rapporteur"], nature=Nature(item["nature"]),
        summary=b.note((*path, "summary")), papers=papers, acts=acts, loc=b.src.loc(path),
    )


def _act(b: _Builder, path: tuple) -> GroupAct:
    a = b.get(path)
    v = a["votes"]
    votes = Votes(
        for_=v["for"], against=v["against"], abstained=v["abstained"], chair=Vote(v["chair"]) if "chair" in v else None,
        roll_call=tuple((who, Vote(vote)) for who, vote in v.get("roll_call", {}).items()), loc=b.src.loc((*path, "votes")),
    )
    return GroupAct(
        kind=ActKind(a["kind"]), addressee=b.opt_text((*path, "addressee")), text=b.text((*path, "text")),
        access=b.access(path), votes=votes, number=clean(a.get("number")),
        outcome_given=Outcome(a["outcome"]) if "outcome" in a else None, signed_by=a.get("signed_by"),
        relies_on=tuple(a.get("relies_on", [])), loc=b.src.loc(path),
    )


# --- complaints ------------------------------------------------------------------------------

def _complaint(b: _Builder) -> Complaint:
    d = b.src.data
    person = d["complainant"]
    if person.get("access") == "public":
        # Personal data stays restricted whatever is marked; say so, so that nobody relies on the mark.
        b.problem(("complainant", "access"), _("a complainant's personal data is never published, whatever is "
                                               "marked: `access: public` has no effect here; remove it"),
                  Severity.WARNING)
    fields = tuple((key, b.text(("complainant", key))) for key in person if key not in ("access", "legal_basis"))
    about = Subject(b.text(("about", "body")), b.text(("about", "text")), b.access(("about",)),
                    b.opt_text(("about", "sme_house")))
    response = None
    if "response" in d:
        response = Response(b.opt_date(("response", "date")), d["response"]["complied"], b.note(("response", "note")),
                            b.src.loc(("response",)))
    escalation = None
    if "escalation" in d:
        escalation = Escalation(b.date(("escalation", "date")), _ref(b, ("escalation", "act")),
                                b.note(("escalation", "note")), b.src.loc(("escalation",)))
    return Complaint(
        id=d["id"], received=b.date(("received",)), complainant=Complainant(fields), about=about, path=b.shown,
        discussed=tuple(r for i in range(len(d.get("discussed", []))) if (r := _ref(b, ("discussed", i)))),
        recommendation=_ref(b, ("recommendation",)), response=response, escalation=escalation, sample=b.sample(),
        loc=b.src.loc(("id",)),
    )


def _ref(b: _Builder, path: tuple) -> ActRef | None:
    r = b.get(path)
    if r is None:
        return None
    return ActRef(r["meeting"], r["item"], r.get("act"), b.src.loc(path))


# --- programmes ------------------------------------------------------------------------------

def _programme(b: _Builder) -> Programme:
    d = b.src.data
    if b.path.stem != str(d["year"]):
        b.problem(("year",), _("the programme is for {year}, but the file is named {name}: name it {year}.yaml",
                               year=d["year"], name=b.path.name))
    items = tuple(ProgrammeItem(b.text(("items", i, "text")), b.access(("items", i))) for i in range(len(d["items"])))
    return Programme(
        year=d["year"], approved=b.date(("approved",)), approved_by=d["approved_by"], title=b.text(("title",)),
        access=b.access(()), items=items, path=b.shown, sample=b.sample(), loc=b.src.loc(("year",)),
    )
