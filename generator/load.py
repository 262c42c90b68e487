"""Load stage: source files → a validated model of acts, with every problem located.

Each file is read (yamlsource), checked against its JSON Schema, and turned into frozen model
objects. Problems in one file do not stop the others: `load_project` returns every diagnostic.
"""
from __future__ import annotations

import calendar
import datetime as dt
import difflib
import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema

from .errors import Diagnostic, Loc
from .language import Case, inflect
from .packaged import data_path
from .model import BODY, Act, Change, ChangeKind, Document, Provision, Publication, Register, Signatory, Target
from .yamlsource import Located, YamlProblem, read_yaml

SCHEMA_DIR = data_path("schemas")  # the repository's schemas/, or the copy inside an installed wheel


@dataclass(frozen=True)
class Project:
    root: Path
    acts: tuple[Act, ...]

    def act(self, act_id: str) -> Act | None:
        return next((a for a in self.acts if a.id == act_id), None)


def load_project(root: Path) -> tuple[Project, list[Diagnostic]]:
    """Read every source under `root/acts`; return the acts that loaded and all problems found."""
    acts: list[Act] = []
    problems: list[Diagnostic] = []
    act_dir = root / "acts"
    if not act_dir.is_dir():
        problems.append(Diagnostic(Loc(str(act_dir)), "no `acts/` folder here; run qanun in a project folder or pass -C DIR"))
        return Project(root, ()), problems
    from .akn_load import load_akn_act  # here, not at the top: akn_load builds acts with this module
    for path in sorted([*act_dir.rglob("*.y*ml"), *act_dir.rglob("*.xml")]):
        shown = path.relative_to(root).as_posix()
        act, found = (load_akn_act if path.suffix == ".xml" else load_act)(path, shown)
        problems += found
        if act:
            acts.append(act)
    problems += _duplicate_ids(acts)
    return Project(root, tuple(sorted(acts, key=lambda a: a.id))), problems


def load_act(path: Path, shown: str) -> tuple[Act | None, list[Diagnostic]]:
    try:
        src = read_yaml(path, shown)
    except YamlProblem as exc:
        return None, [exc.diagnostic]
    if not isinstance(src.data, dict):
        return None, [Diagnostic(src.loc(()), _not_a_mapping(src.data))]
    problems = schema_problems(src, "act")
    if problems:
        return None, problems
    builder = _Builder(src, shown)
    act = builder.act()
    return act, builder.problems


@cache
def schema(kind: str) -> dict[str, Any]:
    return json.loads((SCHEMA_DIR / f"{kind}.schema.json").read_text(encoding="utf-8"))


def schema_problems(src: Located, kind: str) -> list[Diagnostic]:
    validator = jsonschema.Draft202012Validator(schema(kind), format_checker=jsonschema.FormatChecker())
    problems = []
    for error in sorted(validator.iter_errors(src.data), key=lambda e: list(map(str, e.absolute_path))):
        path = tuple(error.absolute_path)
        if error.validator == "additionalProperties" and isinstance(error.instance, dict):
            allowed = sorted(error.schema.get("properties", {}))
            for extra in (k for k in error.instance if k not in allowed):
                problems.append(Diagnostic(src.key_loc((*path, extra)), _unknown_field(path, extra, allowed)))
            continue
        # a problem with a whole group of fields, or with a field left empty, is shown at the field's name
        whole = (error.instance is None or isinstance(error.instance, (dict, list))) and path and isinstance(path[-1], str)
        loc = src.key_loc(path) if whole else src.loc(path)
        problems.append(Diagnostic(loc, _explain(error, path, src)))
    return _unique(problems)


def _not_a_mapping(data: Any) -> str:
    if data is None:
        return "the file has no fields (it is empty or holds only comments); an act source is a set of " \
               "`name: value` lines starting with `kind: act` and `id: …`"
    if isinstance(data, list):
        return "the file holds a list (its lines start with `- `), but an act source is a set of fields such as " \
               "`kind: act` and `id: …`, each at the start of its line: remove the leading `- ` and the indentation"
    return f"the file holds the single value “{data}”, but an act source is a set of fields such as `kind: act` and `id: …`"


def _explain(error: jsonschema.ValidationError, path: tuple, src: Located) -> str:
    where = _field_name(path)
    value = error.instance
    if error.validator == "required":
        missing = [k for k in error.validator_value if k not in (value or {})]
        return f"{where}missing required field{'s' if len(missing) > 1 else ''} {', '.join(f'`{m}`' for m in missing)}"
    if error.schema.get("format") == "date" and error.validator in ("type", "pattern", "format"):
        return f"{where}{_bad_date(src.raw(path) if not isinstance(value, str) else value)}"
    if error.validator == "type" and error.validator_value == "string" and value is None and src.raw(path) in _NULLS:
        # `text: null` or `text: ~`: YAML's words for "no value", which an author may have meant as the text
        written = src.raw(path)
        return (f"{where}“{written}” was read as no value; write it in quotes (\"{written}\") if it is the text, "
                "or delete the field")
    if error.validator == "type" and error.validator_value == "string" and isinstance(value, (int, float, bool)):
        written = src.raw(path) or str(value)
        return (f"{where}“{written}” was read as {'a yes/no value' if isinstance(value, bool) else 'a number'} "
                f"({value!r}); write it in quotes (\"{written}\") so it stays exactly as written")
    if error.validator == "type":
        return f"{where}expected {_TYPES.get(str(error.validator_value), error.validator_value)}, found {_describe(value)}"
    if error.validator == "pattern":
        return f"{where}{_bad_pattern(error.validator_value, value)}"
    if error.validator == "enum":
        close = difflib.get_close_matches(str(value), list(map(str, error.validator_value)), n=1)
        hint = f" (did you mean “{close[0]}”?)" if close else ""
        return f"{where}“{value}” is not allowed{hint}; expected one of: {', '.join(map(str, error.validator_value))}"
    if error.validator == "const":
        return f"{where}expected `{_yaml_value(error.validator_value)}`, found {_describe(value)}"
    if error.validator == "minLength":
        return f"{where}is empty; write the words, or remove the field"
    if error.validator == "minimum":
        counting = " (counting starts at 1)" if error.validator_value == 1 else ""
        return f"{where}{value} is too small: the smallest allowed is {error.validator_value}{counting}"
    if error.validator in ("oneOf", "minProperties", "maxProperties") and isinstance(value, dict) and path[:1] == ("changes",) \
            and len(path) == 2:
        if "target" not in value:  # reported once, as the missing required field
            return f"{where}missing required field `target`"
        actions = [k for k in value if k in _ACTIONS]
        if not actions:
            return f"{where}no action given: say what to do to the target with one of {', '.join(_ACTIONS)}"
        if len(actions) > 1:
            return (f"{where}{len(actions)} actions given ({', '.join(actions)}), but a change has exactly one; "
                    "split it into one change per action")
        if error.validator == "oneOf":
            return f"{where}{error.context[0].message if error.context else error.message}"
        return f"{where}a change has a target and exactly one action (plus optional effective, occurrence, by)"
    if error.validator == "oneOf" and isinstance(value, dict) and "words" in value:
        both = "after" in value and "before" in value
        return (f"{where}give either `after:` or `before:`, not both" if both
                else f"{where}say where the words go: add `after:` or `before:` (exactly one)")
    if error.validator == "oneOf" and path and path[-1] == "occurrence":
        return f"{where}“{value}” is not an occurrence: write a whole number (1 for the first match, 2 for the second …) or `all`"
    return f"{where}{error.message}"


_ACTIONS = tuple(k.value for k in ChangeKind)
_NULLS = ("null", "Null", "NULL", "~")
_TYPES = {"string": "a text", "integer": "a whole number", "number": "a number", "boolean": "true or false",
          "array": "a list (lines starting with `- `)", "object": "a set of fields (`name: value` lines)"}
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")


def _describe(value: Any) -> str:
    if value is None:
        return "nothing (the field has no value)"
    if isinstance(value, bool):
        return f"the yes/no value `{_yaml_value(value)}`"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a set of fields"
    return f"“{value}”"


def _yaml_value(value: Any) -> str:
    """A value as it is written in YAML: true, false, null, act."""
    if value is True or value is False or value is None:
        return {True: "true", False: "false", None: "null"}[value]
    return str(value)


def _bad_date(value: Any) -> str:
    """Why a date field's value is not a date, and how to write it."""
    text = str(value)
    m = re.fullmatch(r"(\d{1,2})[./](\d{1,2})[./](\d{4})", text)
    if m:
        day, month, year = map(int, m.groups())
        try:
            return f"“{text}” is not written as YYYY-MM-DD; write it as {dt.date(year, month, day).isoformat()}"
        except ValueError:
            pass
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text)
    if m:
        year, month, day = map(int, m.groups())
        if not 1 <= month <= 12:
            return f"“{text}” is not a real date: there is no month {month}"
        days = calendar.monthrange(year, month)[1]
        if not 1 <= day <= days:
            return f"“{text}” is not a real date: {_MONTHS[month - 1]} {year} has {days} days"
    return f"“{text}” is not a date; write it as YYYY-MM-DD (e.g. 2024-01-13)"


def _bad_pattern(pattern: str, value: Any) -> str:
    defs = schema("act")["$defs"]
    if pattern == defs["id"]["pattern"]:
        suggestion = re.sub(r"[^a-z0-9]+", "-", str(value).lower()).strip("-")
        hint = f" (e.g. “{suggestion}”)" if suggestion and suggestion != value else ""
        return (f"“{value}” is not a valid id: use only small letters a-z, digits and hyphens, starting with a "
                f"letter or digit{hint}")
    if pattern == defs["num"]["pattern"]:
        return (f"“{value}” is not a provision number: write it as printed, without a trailing dot or spaces, "
                "e.g. “2.10” or “5.9.4”")
    if pattern == defs["provision_id"]["pattern"]:
        return f"“{value}” is not a valid provision id: use letters, digits, dots, hyphens and underscores"
    if pattern == "^[0-9]{14}$":
        return f"“{value}” is not a State Register number: it has 14 digits"
    if pattern == "^[0-9]{3}\\.[0-9]{3}\\.[0-9]{3}$":
        return f"“{value}” is not a classification code: write it like “020.020.020”"
    return f"“{value}” does not have the expected form"


def _unknown_field(path: tuple, extra: str, allowed: list[str]) -> str:
    close = difflib.get_close_matches(extra, allowed, n=1)
    hint = f" (did you mean `{close[0]}`?)" if close else ""
    return f"{_field_name(path)}unknown field `{extra}`{hint}; expected one of: {', '.join(allowed)}"


def _field_name(path: tuple) -> str:
    """How a message names the place: “change 2, `target.act`: ”, “`register.entered`: ”, “this provision: ”."""
    if not path:
        return ""
    if path[0] == "changes" and len(path) > 1 and isinstance(path[1], int):
        rest = _dotted(path[2:])
        return f"change {path[1] + 1}, `{rest}`: " if rest else f"change {path[1] + 1}: "
    rest = _dotted(path)
    if rest:
        return f"`{rest}`: "
    return f"this {_ITEMS.get(str(path[-2]), 'item') if len(path) > 1 else 'item'}: "


_ITEMS = {"provisions": "provision", "children": "provision", "annexes": "annex", "publication": "publication",
          "signatories": "signatory", "classification": "classification code", "changes": "change"}


def _dotted(path: tuple) -> str:
    """The trailing field names of a path (“register.entered”), without list positions."""
    names: list[str] = []
    for part in reversed(path):
        if not isinstance(part, str):
            break
        names.insert(0, part)
    return ".".join(names)


def _unique(problems: list[Diagnostic]) -> list[Diagnostic]:
    seen, out = set(), []
    for p in problems:
        if (p.loc, p.message) not in seen:
            seen.add((p.loc, p.message))
            out.append(p)
    return out


def _duplicate_ids(acts: list[Act]) -> list[Diagnostic]:
    first: dict[str, Act] = {}
    problems = []
    for act in acts:
        if act.id in first:
            other = first[act.id]
            line = f" (line {other.loc.line})" if other.loc and other.loc.line else ""
            problems.append(Diagnostic(act.loc or Loc(act.path), f"act id `{act.id}` is already used by {other.path}{line}; "
                                                                  "every act needs its own id"))
        else:
            first[act.id] = act
    return problems


def clean(text: str | None) -> str | None:
    """Collapse runs of whitespace: line breaks and spacing in sources are layout, not wording."""
    return " ".join(text.split()) if text is not None else None


class _Builder:
    """Turns schema-valid data into model objects, checking what a schema cannot."""

    def __init__(self, src: Located, shown: str) -> None:
        self.src = src
        self.shown = shown
        self.problems: list[Diagnostic] = []

    def act(self) -> Act:
        d = self.src.data
        adopted = self.date(d["adopted"], ("adopted",))
        in_force = self.date(d["in_force"], ("in_force",)) if "in_force" in d else None
        if in_force and adopted and in_force < adopted:
            self.problem(("in_force",), f"`in_force` {in_force} is before `adopted` {adopted}: an act cannot come into "
                                        "force before it is adopted; check both dates")
        if d.get("cited_as") and not self.check_cited_as(d["cited_as"]):
            d = {k: v for k, v in d.items() if k != "cited_as"}  # reported; notes must not try to decline it
        register = None
        if "register" in d:
            register = Register(d["register"]["number"], self.date(d["register"]["entered"], ("register", "entered")))
        act = Act(
            id=d["id"], type=d["type"], adopted=adopted, path=self.shown, title=clean(d.get("title")),
            note_style=d.get("note_style", "register"), issuer=clean(d.get("issuer")),
            type_name=clean(d.get("type_name")), cited_as=clean(d.get("cited_as")), number=d.get("number"),
            in_force=in_force, place=clean(d.get("place")),
            publication=tuple(self.publication(p, i) for i, p in enumerate(d.get("publication", []))),
            classification=tuple(d.get("classification", [])), register=register, order=d.get("order", 0),
            preamble=clean(d.get("preamble")), enacting_formula=clean(d.get("enacting_formula")),
            body=Document(BODY, self.provisions(d.get("provisions", []), ("provisions",))),
            signatories=tuple(Signatory(clean(s["name"]), clean(s.get("position"))) for s in d.get("signatories", [])),
            date_line=clean(d.get("date_line")),
            annexes=tuple(self.annex(a, i) for i, a in enumerate(d.get("annexes", []))),
            loc=self.src.loc(("id",)),
        )
        self.check_unique_annexes(act)
        changes = tuple(self.change(c, i, act) for i, c in enumerate(d.get("changes", [])))
        return _replace_changes(act, changes)

    def check_cited_as(self, cited_as: str) -> bool:
        """Notes put `cited_as` in other cases (“…Qərarının”), which needs a possessive last word (Qərarı, Qanunu)."""
        try:
            inflect(" ".join(cited_as.split()), Case.GEN, possessive=True)
            return True
        except ValueError:
            last = cited_as.split()[-1] if cited_as.split() else cited_as
            self.problem(("cited_as",), f"`cited_as` “{cited_as}” must end in the form citations use, with its "
                                        f"possessive ending (e.g. “… Qərarı”, “… Qanunu”), not “{last}”: notes "
                                        f"decline it (“…Qərarının”)")
            return False

    def problem(self, path: tuple, message: str) -> None:
        self.problems.append(Diagnostic(self.src.loc(path), message))

    def problem_at_key(self, path: tuple, message: str) -> None:
        """A problem with a field as a whole: point at its name."""
        self.problems.append(Diagnostic(self.src.key_loc(path), message))

    def date(self, value: str, path: tuple) -> dt.date:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            self.problem(path, f"“{value}” is not a valid date")
            return dt.date.min

    def publication(self, p: dict, i: int) -> Publication:
        date = self.date(p["date"], ("publication", i, "date")) if "date" in p else None
        return Publication(clean(p["source"]), date, p.get("year"), p.get("issue"), p.get("article"), p.get("volume"))

    def annex(self, a: dict, i: int) -> Document:
        path = ("annexes", i)
        return Document(
            id=a["id"], provisions=self.provisions(a["provisions"], (*path, "provisions")), title=clean(a["title"]),
            heading=tuple(clean(h) for h in a.get("heading", [])), stamp=clean(a.get("stamp")),
            head_noun_possessive=a.get("head_noun") == "possessive",
        )

    def check_unique_annexes(self, act: Act) -> None:
        seen: set[str] = set()
        for i, annex in enumerate(act.annexes):
            if annex.id in seen or annex.id == BODY:
                self.problem(("annexes", i, "id"), f"annex id `{annex.id}` is used twice in this act" if annex.id in seen
                             else f"annex id `{BODY}` is reserved for the act's own text")
            seen.add(annex.id)
        for doc in act.documents:
            nums: dict[str, str] = {}
            ids: dict[str, str] = {}
            for provision in doc.walk():
                line = f"line {provision.loc.line}" if provision.loc else "?"
                if provision.num in nums:
                    self.problems.append(Diagnostic(provision.loc or Loc(self.shown), f"provision number {provision.num} "
                                                    f"appears twice in {_doc_name(doc)} (first at {nums[provision.num]}); "
                                                    "each provision needs its own number"))
                elif provision.id in ids:  # numbers differ, but an `id` was given twice
                    self.problems.append(Diagnostic(provision.loc or Loc(self.shown), f"provision id `{provision.id}` "
                                                    f"appears twice in {_doc_name(doc)} (first at {ids[provision.id]}); "
                                                    "give each provision its own `id`"))
                nums.setdefault(provision.num, line)
                ids.setdefault(provision.id, line)

    def provisions(self, items: list[dict], path: tuple) -> tuple[Provision, ...]:
        return tuple(self.provision(p, (*path, i)) for i, p in enumerate(items))

    def provision(self, p: dict, path: tuple) -> Provision:
        return Provision(
            id=p.get("id", p.get("num", "")), num=p.get("num", ""), unit=p.get("unit", ""),
            heading=clean(p.get("heading")), text=clean(p.get("text")),
            children=self.provisions(p.get("children", []), (*path, "children")), loc=self.src.loc((*path, "num")),
        )

    def change(self, c: dict, i: int, act: Act) -> Change:
        path = ("changes", i)
        t = c["target"]
        target = Target(t["act"], t.get("annex"), t.get("provision"), t.get("sentence"), t.get("heading", False))
        kind = next(k for k in ChangeKind if k.value in c)
        value = c[kind.value]
        effective = self.date(c["effective"], (*path, "effective")) if "effective" in c else act.starts
        if effective < act.adopted:
            self.problem((*path, "effective"), f"change {i + 1} takes effect on {effective}, before its act was adopted ({act.adopted})")
        fields: dict[str, Any] = {}
        if kind is ChangeKind.REPLACE_WORDS:
            fields = {"old": value["old"], "new": value["new"]}
        elif kind is ChangeKind.DELETE_WORDS:
            fields = {"old": value}
        elif kind is ChangeKind.INSERT_WORDS:
            fields = {"new": value["words"], "old": value.get("after", value.get("before")), "before": "before" in value}
        elif kind is ChangeKind.RESTATE:
            fields = {"provision": Provision("", "", "", clean(value.get("heading")), clean(value.get("text")),
                                             self.provisions(value.get("children", []), (*path, "restate", "children")))}
        elif kind is ChangeKind.ADD_PROVISION:
            fields = {"provision": self.provision(value["provision"], (*path, "add_provision", "provision")),
                      "after": value.get("after")}
        elif kind is ChangeKind.ADD_SENTENCE:
            fields = {"new": clean(value)}
        elif kind is ChangeKind.DELETE_PROVISION:
            fields = {"verb": value}
        elif kind is ChangeKind.RENUMBER:
            fields = {"to": value}
        self.check_target_shape(kind, target, path)
        return Change(kind=kind, target=target, amending_act=act.id, index=i + 1, effective=effective,
                      occurrence=c.get("occurrence"), by=c.get("by"), loc=self.src.loc(path), **fields)

    def check_target_shape(self, kind: ChangeKind, target: Target, path: tuple) -> None:
        needs_provision = kind not in (ChangeKind.REPEAL, ChangeKind.ADD_PROVISION)
        n = path[-1] + 1
        extra = [k for k in ("annex", "provision", "sentence", "heading") if getattr(target, k)]
        if kind is ChangeKind.REPEAL and extra:
            self.problem_at_key((*path, "target", extra[0]), f"change {n}: `repeal` repeals a whole act, so its target "
                                f"names only `act`; remove {' and '.join(f'`{k}`' for k in extra)}")
        elif needs_provision and not target.provision:
            self.problem_at_key((*path, "target"), f"change {n}: `{kind.value}` needs a `provision` in its target")
        if kind is ChangeKind.DELETE_SENTENCE and not target.sentence:
            self.problem_at_key((*path, "target"), f"change {n}: `delete_sentence` needs a `sentence` in its target")
        if target.sentence and kind in (ChangeKind.ADD_PROVISION, ChangeKind.DELETE_PROVISION, ChangeKind.RENUMBER, ChangeKind.ADD_SENTENCE):
            self.problem_at_key((*path, "target", "sentence"), f"change {n}: `{kind.value}` cannot target a sentence")


def _replace_changes(act: Act, changes: tuple[Change, ...]) -> Act:
    from dataclasses import replace
    return replace(act, changes=changes)


def _doc_name(doc: Document) -> str:
    return "the act's text" if doc.id == BODY else f"annex `{doc.id}`"
