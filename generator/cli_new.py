"""`qanun new act|amendment|meeting`: the command-line side of scaffold.py.

Each kind is a list of fields. A field given as a flag is checked and taken; a missing one is asked for
when a person sits at a terminal (stdin and stdout both terminals), with its default in brackets, until
the answer is valid; otherwise its default is taken, or, for a field without one, the command stops with
a one-line usage error naming the flag. The file is then created, never overwritten, and the problems
`qanun check` would report on it (a meeting past the 6-month cadence, say) are shown straight away.
"""
from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .clock import today_in_baku
from .errors import Diagnostic, QanunError, UsageError
from .i18n import _

if TYPE_CHECKING:  # scaffold (with the meetings' rules) is imported when `qanun new` runs, not for every command
    from . import scaffold

Answers = dict[str, Any]
Ask = Callable[["Field", Answers], Any]


@dataclass(frozen=True)
class Field:
    """One thing `qanun new` needs to know, as a flag and as a question."""

    dest: str
    flag: str
    label: str
    parse: Callable[[str], Any]
    required: bool = True
    default: Callable[[Answers], str | None] = lambda answers: None
    default_without_terminal: bool = False  # else the default is only offered to a person at a terminal
    check: Callable[[Any, Answers], Any] | None = None  # a check against earlier answers
    when: Callable[[Answers], bool] = lambda answers: True

    def accept(self, raw: str, answers: Answers) -> Any:
        value = self.parse(raw)
        return self.check(value, answers) if self.check else value


class Cancelled(QanunError):
    """The person closed the input (Ctrl-D) before every question was answered."""


# --- the parser -------------------------------------------------------------------------------------------

def add_new_command(sub: Any) -> None:
    """Register `qanun new` and its kinds on the main parser's subcommands."""
    new = sub.add_parser("new", help=_("write a commented skeleton of a new act, amending act or meeting, with "
                                       "the next free id (asks for what is missing when run in a terminal)"))
    kinds = new.add_subparsers(dest="kind", required=True, metavar=_("KIND"), parser_class=type(new))
    act = kinds.add_parser("act", help=_("a new act: acts/<id>.yaml"))
    _act_flags(act)
    act.set_defaults(func=cmd_new_act)
    amendment = kinds.add_parser("amendment", help=_("a new amending act whose changes target ACT"))
    amendment.add_argument("--amends", metavar=_("ACT"), help=_("the id of the act it amends (see `qanun acts`)"))
    _act_flags(amendment)
    amendment.set_defaults(func=cmd_new_amendment)
    meeting = kinds.add_parser("meeting", help=_("a new meeting of the Coordination Group: "
                                                 "meetings/<yyyy>/<yyyy-mm-dd>.yaml"))
    meeting.add_argument("--date", metavar=_("DATE"), help=_("the meeting's date, YYYY-MM-DD"))
    meeting.add_argument("--type", dest="meeting_type", metavar=_("TYPE"),
                         help=_("ordinary or extraordinary (default: ordinary)"))
    meeting.add_argument("--requested-by", dest="requested_by", metavar=_("ID"),
                         help=_("for an extraordinary meeting: agency, or the id of the member who asked for it "
                                "(default: agency)"))
    meeting.add_argument("--time", metavar=_("HH:MM"), help=_("the start time"))
    meeting.add_argument("--documents-sent", dest="documents_sent", metavar=_("DATE"),
                         help=_("the day the agenda documents were sent to the members (default: the latest day "
                                "5.8 allows)"))
    meeting.set_defaults(func=cmd_new_meeting)


def _act_flags(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--issuer", metavar=_("ISSUER"),
                        help=_("the issuing body, as the State Register gives it; it also makes the id"))
    parser.add_argument("--type", dest="act_type", metavar=_("TYPE"),
                        help=_("the kind of act, one of the `type` values of the schema (e.g. qanun)"))
    parser.add_argument("--number", metavar=_("NUMBER"), help=_("the act's number, as printed"))
    parser.add_argument("--adopted", metavar=_("DATE"), help=_("the adoption date, YYYY-MM-DD"))
    parser.add_argument("--in-force", dest="in_force", metavar=_("DATE"), help=_("the date of entry into force"))
    parser.add_argument("--title", metavar=_("TITLE"), help=_("the act's title, verbatim"))
    parser.add_argument("--cited-as", dest="cited_as", metavar=_("WORDS"),
                        help=_("issuer and type as citations name the act (its last word possessive); notes need "
                               "it on an amending act"))
    parser.add_argument("--id", dest="act_id", metavar=_("ID"),
                        help=_("the act's id and file name (default: <issuer>-<year>-<number>, e.g. nk-2024-21)"))


# --- the commands -----------------------------------------------------------------------------------------

def cmd_new_act(args: argparse.Namespace) -> int:
    return _new_act(args, _acts_of(args.root), amends=None)


def _acts_of(root: Path) -> dict[str, Any]:
    """The project's acts that load, by id (problems in the sources are `qanun check`'s business)."""
    from .load import load_project

    if not (root / "acts").is_dir():
        return {}
    project, _problems = load_project(root)
    return {a.id: a for a in project.acts}


def cmd_new_amendment(args: argparse.Namespace) -> int:
    from . import scaffold

    known = _acts_of(args.root)
    field = Field("amends", "--amends", _("Id of the act it amends ({known})", known=", ".join(known)),
                  lambda raw: _known_act(raw.strip(), known))
    target = _resolve([field], {"amends": args.amends}, _asker())["amends"]
    act = known[target]
    amended = scaffold.AmendedAct(act.id, tuple(a.id for a in act.annexes), _first_num(act.body),
                                  _first_num(act.annexes[0]) if act.annexes else None)
    return _new_act(args, known, amends=amended)


def _first_num(document: Any) -> str | None:
    """The first numbered provision, a leaf if possible (a chapter heading is rarely what changes)."""
    provisions = list(document.provisions)
    while provisions and provisions[0].children:
        provisions = [*provisions[0].children, *provisions[1:]]
    return provisions[0].num if provisions else None


def _known_act(act_id: str, known: dict) -> str:
    if act_id not in known:
        raise ValueError(_("no act `{act}` (known: {known})", act=act_id, known=", ".join(known) or "—"))
    return act_id


def _new_act(args: argparse.Namespace, known: dict[str, Any], amends: scaffold.AmendedAct | None) -> int:
    from . import scaffold

    acts = args.root / "acts"
    given = {"issuer": args.issuer, "type": args.act_type, "number": args.number, "adopted": args.adopted,
             "in_force": args.in_force, "title": args.title, "cited_as": args.cited_as, "id": args.act_id}
    answers = _resolve(_act_fields(acts, set(known), amending=amends is not None), given, _asker())
    draft = scaffold.ActDraft(
        id=answers["id"], type=answers["type"], number=answers["number"], adopted=answers["adopted"],
        issuer=answers["issuer"], cited_as=answers["cited_as"], title=answers["title"], in_force=answers["in_force"])
    path = acts / f"{draft.id}.yaml"
    text = scaffold.act_source(draft, _schema_ref(args.root, "act", path), amends)
    _create(path, text)
    return _report(args.root, path, _act_problems(args.root, path))


def _act_fields(acts: Path, taken: set[str], amending: bool) -> list[Field]:
    from . import scaffold

    def free(act_id: str, _answers: Answers) -> str:
        for suffix in (".yaml", ".yml", ".xml"):
            if (acts / f"{act_id}{suffix}").exists():
                raise ValueError(_("{path} already exists; qanun never overwrites a source: give another id",
                                   path=f"acts/{act_id}{suffix}"))
        if act_id in taken:
            raise ValueError(_("the id `{id}` is already used by another act: give another id", id=act_id))
        return act_id

    return [
        Field("issuer", "--issuer", _("Issuing body, as the State Register gives it"), scaffold.parse_text),
        Field("type", "--type", _("Kind of act ({choices})", choices=", ".join(scaffold.ACT_TYPES)),
              scaffold.parse_choice(scaffold.ACT_TYPES), default=lambda a: scaffold.ACT_TYPES[0]),
        Field("number", "--number", _("Number"), scaffold.parse_text),
        Field("adopted", "--adopted", _("Adoption date (YYYY-MM-DD)"), scaffold.parse_date,
              default=lambda a: today_in_baku().isoformat()),
        Field("in_force", "--in-force", _("Date of entry into force (YYYY-MM-DD)"), scaffold.parse_date,
              required=False, check=lambda value, a: scaffold.check_in_force(a["adopted"], value)),
        Field("title", "--title", _("Title, verbatim"), scaffold.parse_text, required=False),
        Field("cited_as", "--cited-as", _("Cited as (e.g. Azərbaycan Respublikası Nazirlər Kabinetinin Qərarı)"),
              scaffold.parse_cited_as, required=amending),
        Field("id", "--id", _("Id"), scaffold.parse_id, check=free, default_without_terminal=True,
              default=lambda a: scaffold.derive_act_id(a["issuer"], a["adopted"], a["number"])),
    ]


def _act_problems(root: Path, path: Path) -> list[Diagnostic]:
    from .load import load_act

    _act, problems = load_act(path, path.relative_to(root).as_posix())
    return problems


def cmd_new_meeting(args: argparse.Namespace) -> int:
    from . import scaffold

    from .cli import no_meetings_folder
    from .meetings.load import FOLDER, load_records

    records, _problems = load_records(args.root)
    if records is None:
        raise no_meetings_folder(args.root)
    if not records.membership.members:
        raise UsageError(_("meetings/members.yaml is missing or does not load: a new meeting lists the members "
                           "of its day; run `qanun check`"))
    membership = records.membership
    given = {"date": args.date, "type": args.meeting_type, "requested_by": args.requested_by, "time": args.time,
             "documents_sent": args.documents_sent}
    answers = _resolve(_meeting_fields(membership), given, _asker())
    draft = scaffold.MeetingDraft(answers["date"], answers["type"], answers["documents_sent"],
                                  answers.get("requested_by"), answers["time"])
    folder = args.root / FOLDER / str(draft.date.year)
    taken = {p.stem for p in folder.glob("*.y*ml")} if folder.is_dir() else set()
    stem = scaffold.meeting_name(draft.date, taken)
    path = folder / f"{stem}.yaml"
    seats = tuple(scaffold.Seat(m.id, m.name, m.role.value) for m in membership.on(draft.date))
    _create(path, scaffold.meeting_source(draft, _schema_ref(args.root, "meeting", path), seats, stem))
    return _report(args.root, path, _meeting_problems(args.root, path))


def _meeting_fields(membership: Any) -> list[Field]:
    from . import scaffold

    def requester(who: str, answers: Answers) -> str:
        if who != scaffold.AGENCY and membership.member(who, answers["date"]) is None:
            raise ValueError(_("`{who}` is not a member on {date}; write agency or a member's id", who=who,
                               date=answers["date"]))
        return who

    def sent(day: dt.date, answers: Answers) -> dt.date:
        if day > answers["date"]:
            raise ValueError(_("the documents cannot be sent ({sent}) after the meeting ({date})", sent=day,
                               date=answers["date"]))
        return day

    return [
        Field("date", "--date", _("Meeting date (YYYY-MM-DD)"), scaffold.parse_date,
              default=lambda a: today_in_baku().isoformat()),
        Field("type", "--type", _("Type (ordinary, extraordinary)"), scaffold.parse_choice(scaffold.MEETING_TYPES),
              default=lambda a: "ordinary", default_without_terminal=True),
        Field("requested_by", "--requested-by", _("Requested by (agency or a member's id)"), scaffold.parse_id,
              default=lambda a: scaffold.AGENCY, default_without_terminal=True, check=requester,
              when=lambda a: a["type"] == "extraordinary"),
        Field("time", "--time", _("Start time (HH:MM)"), scaffold.parse_time, required=False),
        Field("documents_sent", "--documents-sent", _("Day the agenda documents were sent (YYYY-MM-DD)"),
              scaffold.parse_date, check=sent, default_without_terminal=True,
              default=lambda a: scaffold.latest_notice(a["date"], a["type"]).isoformat()),
    ]


def _meeting_problems(root: Path, path: Path) -> list[Diagnostic]:
    from .meetings import check_meetings

    _records, problems = check_meetings(root)
    shown = path.relative_to(root).as_posix()
    return [p for p in problems if p.loc.path == shown]


# --- answers: flags, questions, defaults ------------------------------------------------------------------

def _resolve(fields: list[Field], given: dict[str, str | None], ask: Ask | None) -> Answers:
    answers: Answers = {}
    for field in fields:
        if not field.when(answers):
            continue
        raw = given.get(field.dest)
        if raw is not None:
            answers[field.dest] = _from_flag(field, raw, answers)
        elif ask is not None:
            answers[field.dest] = ask(field, answers)
        elif field.default_without_terminal and field.default(answers) is not None:
            answers[field.dest] = _from_flag(field, field.default(answers) or "", answers)
        elif field.required:
            raise UsageError(_("missing {flag} (or run the command in a terminal to be asked)", flag=field.flag))
        else:
            answers[field.dest] = None
    return answers


def _from_flag(field: Field, raw: str, answers: Answers) -> Any:
    try:
        return field.accept(raw, answers)
    except ValueError as exc:
        raise UsageError(_("{flag}: {problem}", flag=field.flag, problem=str(exc))) from None


def _asker() -> Ask | None:
    """Questions only for a person: both ends a terminal (a pipe or CI gets flags and usage errors)."""
    return ask if sys.stdin.isatty() and sys.stdout.isatty() else None


def ask(field: Field, answers: Answers, read: Callable[[str], str] = input) -> Any:
    """Ask until the answer is valid; Enter takes the default shown in brackets (or skips an optional field)."""
    default = field.default(answers)
    hint = f" [{default}]" if default else "" if field.required else _(" (Enter: none)")
    while True:
        try:
            raw = read(f"{field.label}{hint}: ").strip() or default or ""
        except EOFError:
            print()
            raise Cancelled(_("no answer given; nothing was written")) from None
        if not raw:
            if not field.required:
                return None
            print(_("an answer is needed"))
            continue
        try:
            return field.accept(raw, answers)
        except ValueError as exc:
            print(exc)


# --- writing ----------------------------------------------------------------------------------------------

def _schema_ref(root: Path, kind: str, path: Path) -> str:
    """The project's schemas/, as every source in the repository names it. A project without one still gets
    that path (as `qanun import` writes it), not one into this machine's installation: the file is shared."""
    from . import scaffold

    return scaffold.schema_ref(root / "schemas" / f"{kind}.schema.json", path)


def _create(path: Path, text: str) -> None:
    """Create the file; an existing one is never touched (mode "x" fails atomically if it appeared meanwhile)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(path, "x", encoding="utf-8", newline="\n") as out:
            out.write(text)
    except FileExistsError:
        raise UsageError(_("{path} already exists; qanun never overwrites a source", path=path)) from None


def _report(root: Path, path: Path, problems: list[Diagnostic]) -> int:
    shown = path.relative_to(root).as_posix()
    print(_("wrote {path}", path=shown))
    if problems:
        print(_("`qanun check` will report on it:"))
        for problem in problems:
            print(f"  {problem}")
    print(_("next: fill in what is marked DOLDURUN and uncomment the examples you need (each field is explained "
            "in the file), then run `qanun check`"))
    return 0
