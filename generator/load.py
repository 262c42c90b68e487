"""Load stage: source files → a validated model of acts, with every problem located.

Each file is read (yamlsource), checked against its JSON Schema (schemacheck, which also words the
problems for people), and turned into frozen model objects. Problems in one file do not stop the
others: `load_project` returns every diagnostic.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import Diagnostic, Loc
from .forked import fork_map
from .ticker import Ticker
from .language import Case, inflect
from .model import BODY, Act, Change, ChangeKind, Document, Provision, Publication, Register, Signatory, Target
from . import sourcecache, validsources
from .validsources import ValidSources
from .schemacheck import not_a_mapping, schema_problems
from .yamlsource import Located, YamlProblem, read_yaml
from .i18n import _


@dataclass(frozen=True)
class Project:
    root: Path
    acts: tuple[Act, ...]
    # act id → what its model was made from (`sourcecache.entry_key`: the file's bytes and path, qanun's code, the
    # schemas), for the acts read from YAML: the same name, the same model (`buildcache.act_keys`)
    made_from: dict[str, str] = field(default_factory=dict, compare=False)

    def act(self, act_id: str) -> Act | None:
        return next((a for a in self.acts if a.id == act_id), None)


PROGRESS_FROM_FILES = 1000  # source files to read before loading says how far it is: fewer take seconds


def load_project(root: Path, valid: ValidSources | None = None,
                 progress: Callable[[str], None] = lambda m: None) -> tuple[Project, list[Diagnostic]]:
    """Read every source under `root/acts`; return the acts that loaded and all problems found. With `valid`
    (validsources.py), files it knows skip the JSON Schema check, and the keys of the files that passed it
    are added to it."""
    acts: list[Act] = []
    problems: list[Diagnostic] = []
    act_dir = root / "acts"
    if not act_dir.is_dir():
        problems.append(Diagnostic(Loc(str(act_dir)), _("no `acts/` folder here; run qanun in a project folder or pass "
                                                        "-C DIR")))
        return Project(root, ()), problems
    paths = sorted([*act_dir.rglob("*.y*ml"), *act_dir.rglob("*.xml")])
    jobs = [(path, path.relative_to(root).as_posix()) for path in paths]
    known = valid.known if valid else frozenset()
    kept = valid.folder / sourcecache.FOLDER if valid and valid.folder else None  # models of earlier builds
    tick = Ticker(len(jobs), lambda done, total: progress(_("sources: {done} of {total} files read", done=done,
                                                              total=total)), least=PROGRESS_FROM_FILES)
    loaded = _kept_acts(kept, jobs)  # index → (act, schema key)
    tick(len(loaded))
    missing = [job for i, job in enumerate(jobs) if i not in loaded]
    results = iter(fork_map(lambda job: _load_file(*job, known), missing, per_worker=100, done=tick))
    made_from: dict[str, str | None] = {}
    for i, (_path, shown) in enumerate(jobs):  # in the files' order: the first of two acts with one id is kept
        if i in loaded:
            act, valid_key = loaded[i]
            found: list[Diagnostic] = []
        else:
            act, found, valid_key = next(results)
            if act and valid_key and not found:
                sourcecache.write(kept, sourcecache.entry_key(valid_key, shown), act)
        problems += found
        if act:
            acts.append(act)
            twice = act.id in made_from  # an error (`_duplicate_ids`): neither is named by its file
            made_from[act.id] = sourcecache.entry_key(valid_key, shown) if valid_key and not twice else None
        if valid is not None and valid_key:
            valid.valid_now.add(valid_key)
    sourcecache.prune(kept)
    problems += _duplicate_ids(acts)
    named = {act_id: key for act_id, key in made_from.items() if key is not None}
    return Project(root, tuple(sorted(acts, key=lambda a: a.id)), named), problems


_Loaded = tuple[Act | None, list[Diagnostic], str | None]  # the act, its problems, its key if it validated


def _kept_acts(kept: Path | None, jobs: list[tuple[Path, str]]) -> dict[int, tuple[Act, str]]:
    """Job index → (act, schema key) of the YAML sources whose model an earlier build kept (sourcecache.py)."""
    if kept is None or not kept.is_dir():
        return {}
    found = {}
    for i, (path, shown) in enumerate(jobs):
        if path.suffix == ".xml":
            continue
        try:
            valid_key = validsources.key(path.read_bytes())
        except OSError:
            continue  # read again with the others, where the problem is told
        act = sourcecache.read(kept, sourcecache.entry_key(valid_key, shown))
        if act is not None:
            found[i] = (act, valid_key)
    return found


def _load_file(path: Path, shown: str, known: frozenset[str]) -> _Loaded:
    if path.suffix == ".xml":
        from .akn_load import load_akn_act  # here, not at the top: akn_load builds acts with this module
        return (*load_akn_act(path, shown), None)
    return _load_yaml_act(path, shown, known)


def load_act(path: Path, shown: str) -> tuple[Act | None, list[Diagnostic]]:
    act, problems, _valid_key = _load_yaml_act(path, shown, frozenset())
    return act, problems


def _load_yaml_act(path: Path, shown: str, known: frozenset[str]) -> _Loaded:
    try:
        src = read_yaml(path, shown)
    except YamlProblem as exc:
        return None, [exc.diagnostic], None
    if not isinstance(src.data, dict):
        return None, [Diagnostic(src.loc(()), not_a_mapping(src.data))], None
    valid_key = validsources.key(path.read_bytes())
    if valid_key not in known:
        problems = schema_problems(src, "act")
        if problems:
            return None, problems, None
    builder = _Builder(src, shown)
    act = builder.act()
    from .placeholders import placeholder_warnings  # a `qanun new` skeleton not filled in yet: a warning

    return act, builder.problems + placeholder_warnings(src), valid_key


def _duplicate_ids(acts: list[Act]) -> list[Diagnostic]:
    first: dict[str, Act] = {}
    problems = []
    for act in acts:
        if act.id in first:
            other = first[act.id]
            if other.loc and other.loc.line:
                message = _("act id `{id}` is already used by {path} (line {line}); every act needs its own id",
                            id=act.id, path=other.path, line=other.loc.line)
            else:
                message = _("act id `{id}` is already used by {path}; every act needs its own id", id=act.id,
                            path=other.path)
            problems.append(Diagnostic(act.loc or Loc(act.path), message))
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
            self.problem(("in_force",), _("`in_force` {in_force} is before `adopted` {adopted}: an act cannot come "
                                          "into force before it is adopted; check both dates", in_force=in_force,
                                          adopted=adopted))
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
            self.problem(("cited_as",), _("`cited_as` “{cited_as}” must end in the form citations use, with its "
                                          "possessive ending (e.g. “… Qərarı”, “… Qanunu”), not “{last}”: notes "
                                          "decline it (“…Qərarının”)", cited_as=cited_as, last=last))
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
            self.problem(path, _("“{value}” is not a valid date", value=value))
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
                self.problem(("annexes", i, "id"), _("annex id `{id}` is used twice in this act", id=annex.id)
                             if annex.id in seen else _("annex id `{id}` is reserved for the act's own text", id=BODY))
            seen.add(annex.id)
        for doc in act.documents:
            nums: dict[str, str] = {}
            ids: dict[str, str] = {}
            for provision in doc.walk():
                line = _("line {line}", line=provision.loc.line) if provision.loc else "?"
                if provision.num in nums:
                    self.problems.append(Diagnostic(provision.loc or Loc(self.shown), _(
                        "provision number {num} appears twice in {document} (first at {first}); each provision needs "
                        "its own number", num=provision.num, document=_doc_name(doc), first=nums[provision.num])))
                elif provision.id in ids:  # numbers differ, but an `id` was given twice
                    self.problems.append(Diagnostic(provision.loc or Loc(self.shown), _(
                        "provision id `{id}` appears twice in {document} (first at {first}); give each provision its "
                        "own `id`", id=provision.id, document=_doc_name(doc), first=ids[provision.id])))
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
            self.problem((*path, "effective"), _("change {number} takes effect on {effective}, before its act was "
                                                 "adopted ({adopted})", number=i + 1, effective=effective,
                                                 adopted=act.adopted))
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
            self.problem_at_key((*path, "target", extra[0]), _(
                "change {number}: `repeal` repeals a whole act, so its target names only `act`; remove {fields}",
                number=n, fields=", ".join(f"`{k}`" for k in extra)))
        elif needs_provision and not target.provision:
            self.problem_at_key((*path, "target"), _("change {number}: `{action}` needs a `provision` in its target",
                                                     number=n, action=kind.value))
        if kind is ChangeKind.DELETE_SENTENCE and not target.sentence:
            self.problem_at_key((*path, "target"), _("change {number}: `{action}` needs a `sentence` in its target",
                                                     number=n, action="delete_sentence"))
        if target.sentence and kind in (ChangeKind.ADD_PROVISION, ChangeKind.DELETE_PROVISION, ChangeKind.RENUMBER, ChangeKind.ADD_SENTENCE):
            self.problem_at_key((*path, "target", "sentence"), _("change {number}: `{action}` cannot target a sentence",
                                                                 number=n, action=kind.value))


def _replace_changes(act: Act, changes: tuple[Change, ...]) -> Act:
    from dataclasses import replace
    return replace(act, changes=changes)


def _doc_name(doc: Document) -> str:
    return _("the act's text") if doc.id == BODY else _("annex `{id}`", id=doc.id)
