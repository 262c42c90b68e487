"""Load stage: source files → a validated model of acts, with every problem located.

Each file is read (yamlsource), checked against its JSON Schema, and turned into frozen model
objects. Problems in one file do not stop the others: `load_project` returns every diagnostic.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema

from .errors import Diagnostic, Loc
from .model import BODY, Act, Change, ChangeKind, Document, Provision, Publication, Register, Signatory, Target
from .yamlsource import Located, YamlProblem, read_yaml

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schemas"


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
    for path in sorted(act_dir.rglob("*.y*ml")):
        shown = path.relative_to(root).as_posix()
        act, found = load_act(path, shown)
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
        return None, [Diagnostic(src.loc(()), "expected a mapping of fields (kind: act, id: …)")]
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
        for leaf in _leaves(error):
            path = tuple(leaf.absolute_path)
            problems.append(Diagnostic(src.loc(path), _explain(leaf, path, src)))
    return _unique(problems)


def _leaves(error: jsonschema.ValidationError) -> list[jsonschema.ValidationError]:
    """For a change with no or several actions, report that plainly instead of every branch."""
    if error.validator == "oneOf" and error.context:
        return [error]
    return [error]


def _explain(error: jsonschema.ValidationError, path: tuple, src: Located) -> str:
    where = _field_name(path)
    value = error.instance
    if error.validator == "required":
        missing = [k for k in error.validator_value if k not in (value or {})]
        return f"{where}missing required field `{missing[0]}`"
    if error.validator == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        extra = sorted(set(value) - set(allowed))
        return f"{where}unknown field `{extra[0]}` (expected one of: {', '.join(allowed)})"
    if error.validator == "type" and error.validator_value == "string" and isinstance(value, (int, float, bool)):
        written = src.raw(path) or str(value)
        return (f"{where}“{written}” was read as {'a yes/no value' if isinstance(value, bool) else 'a number'} "
                f"({value!r}); write it in quotes (\"{written}\") so it stays exactly as written")
    if error.validator == "pattern" and path and path[-1] in ("adopted", "in_force", "entered", "effective", "date"):
        return f"{where}“{value}” is not a date; write it as YYYY-MM-DD"
    if error.validator == "format" and error.validator_value == "date":
        return f"{where}“{value}” is not a valid date"
    if error.validator == "enum":
        return f"{where}“{value}” is not allowed (expected one of: {', '.join(map(str, error.validator_value))})"
    if error.validator == "oneOf" and isinstance(value, dict) and "target" in value:
        actions = [k for k in _ACTIONS if k in value]
        if not actions:
            return f"{where}the change says what to change but not how: add one of {', '.join(_ACTIONS)}"
        if len(actions) > 1:
            return f"{where}a change has exactly one action, found {len(actions)}: {', '.join(actions)}; split it"
        return f"{where}{error.context[0].message if error.context else error.message}"
    if error.validator == "oneOf" and isinstance(value, dict) and "words" in value:
        return f"{where}say where the words go: `after:` or `before:` (exactly one)"
    if error.validator in ("maxProperties", "minProperties") and isinstance(value, dict) and "target" in value:
        return f"{where}a change has a target and exactly one action (plus optional effective, occurrence, by)"
    return f"{where}{error.message}"


_ACTIONS = tuple(k.value for k in ChangeKind)


def _field_name(path: tuple) -> str:
    if not path:
        return ""
    return "`" + ".".join(str(p) if isinstance(p, str) else f"[{p}]" for p in path).replace(".[", "[") + "`: "


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
            problems.append(Diagnostic(act.loc or Loc(act.path), f"act id `{act.id}` is already used by {first[act.id].path}"))
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
            self.problem(("in_force",), f"entry into force {in_force} is before adoption {adopted}")
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

    def problem(self, path: tuple, message: str) -> None:
        self.problems.append(Diagnostic(self.src.loc(path), message))

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
            for provision in doc.walk():
                for key, kind in ((provision.num, "number"), ("#" + provision.id, "id")):
                    if key in nums:
                        shown = key.lstrip("#")
                        self.problems.append(Diagnostic(provision.loc or Loc(self.shown), f"provision {kind} {shown} "
                                                        f"appears twice in {_doc_name(doc)} (first at {nums[key]})"))
                    else:
                        nums[key] = str(provision.loc.line if provision.loc else "?")

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
        if kind is ChangeKind.REPEAL and (target.annex or target.provision):
            self.problem((*path, "target"), "`repeal` repeals a whole act: its target names only `act`")
        elif needs_provision and not target.provision:
            self.problem((*path, "target"), f"`{kind.value}` needs a `provision` in its target")
        if kind in (ChangeKind.DELETE_SENTENCE, ChangeKind.ADD_SENTENCE) and kind is ChangeKind.DELETE_SENTENCE and not target.sentence:
            self.problem((*path, "target"), "`delete_sentence` needs a `sentence` in its target")
        if target.sentence and kind in (ChangeKind.ADD_PROVISION, ChangeKind.DELETE_PROVISION, ChangeKind.RENUMBER, ChangeKind.ADD_SENTENCE):
            self.problem((*path, "target", "sentence"), f"`{kind.value}` cannot target a sentence")


def _replace_changes(act: Act, changes: tuple[Change, ...]) -> Act:
    from dataclasses import replace
    return replace(act, changes=changes)


def _doc_name(doc: Document) -> str:
    return "the act's text" if doc.id == BODY else f"annex `{doc.id}`"
