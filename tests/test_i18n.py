"""Every message of the command line exists in Azerbaijani and in English (issue #9, item 8).

Messages are written in English as `_("…")` calls; generator/i18n/az.py maps each to Azerbaijani. The checks
here read generator/ as syntax trees: every `_()` message has a translation with the same placeholders, no
translation is stale, and every place that shows a person a message (a diagnostic, an error, a progress line,
standard error) takes it from `_()`. Then the command line is run in both languages.
"""
from __future__ import annotations

import argparse
import ast
import inspect
import os
import re
import shutil
import string
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import ROOT
from generator.i18n.az import ARGPARSE, AZ

GENERATOR = ROOT / "generator"
FILES = sorted(p for p in GENERATOR.rglob("*.py") if "_data" not in p.parts)


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


TREES = {p.relative_to(ROOT).as_posix(): _tree(p) for p in FILES}


def _is_translate(call: ast.AST) -> bool:
    return isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id == "_"


def _placeholders(text: str) -> set[str]:
    return {field for _lit, field, _spec, _conv in string.Formatter().parse(text) if field is not None}


@dataclass(frozen=True)
class Use:
    where: str
    message: str | None  # None: not a plain string literal


def _uses() -> list[Use]:
    uses = []
    for rel, tree in TREES.items():
        for node in ast.walk(tree):
            if _is_translate(node):
                first = node.args[0] if node.args else None
                literal = isinstance(first, ast.Constant) and isinstance(first.value, str)
                uses.append(Use(f"{rel}:{node.lineno}", first.value if literal else None))
    return uses


USES = _uses()


# --- completeness: the catalog and the code agree ------------------------------------------------------

def test_every_message_is_a_plain_literal():
    bad = [u.where for u in USES if u.message is None]
    assert not bad, f"_() needs a plain string literal (no f-string, no variable), so it can be looked up: {bad}"


def test_every_message_has_its_azerbaijani_translation():
    missing = sorted({f"{u.where}: {u.message!r}" for u in USES if u.message is not None and u.message not in AZ})
    assert not missing, "messages without an entry in generator/i18n/az.py:\n" + "\n".join(missing)


def test_translations_keep_the_placeholders():
    bad = [f"{key!r}: {_placeholders(key)} ≠ {_placeholders(value)}" for key, value in AZ.items()
           if _placeholders(key) != _placeholders(value)]
    assert not bad, "\n".join(bad)


def test_no_translation_is_stale():
    used = {u.message for u in USES}
    stale = sorted(key for key in AZ if key not in used)
    assert not stale, "entries of az.py no `_()` uses any more (remove or update them):\n" + "\n".join(stale)


def test_translations_are_azerbaijani_and_not_empty():
    for key, value in AZ.items():
        assert value.strip() or not key.strip(), key
        if re.search(r"[a-z]{4,} [a-z]{4,} [a-z]{4,}", key) and len(key) > 30:
            assert value != key, f"left in English: {key!r}"


def test_argparse_words_are_argparse_msgids_and_keep_their_placeholders():
    source = inspect.getsource(argparse)
    for key, value in ARGPARSE.items():
        assert repr(key)[1:-1] in source or key.replace("'", "\\'") in source, f"argparse has no message {key!r}"
        assert sorted(re.findall(r"%(?:\(\w+\))?[sr]", key)) == sorted(re.findall(r"%(?:\(\w+\))?[sr]", value)), key


def test_no_function_rebinds_the_translation_function():
    """`for _ in …` or `a, _ = …` in a function that also calls `_()` makes `_` local there: a crash at run time."""
    bad = []
    for rel, tree in TREES.items():
        for func in ast.walk(tree):
            if not isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            body = list(_own_nodes(func))
            if any(_is_translate(n) for n in body) and any(
                    isinstance(n, ast.Name) and n.id == "_" and isinstance(n.ctx, ast.Store) for n in body):
                bad.append(f"{rel}:{func.lineno} {func.name}")
    assert not bad, bad


def _own_nodes(func: ast.AST):
    """The nodes of a function's own scope: not those of nested functions, classes or comprehensions."""
    scopes = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef, ast.ListComp, ast.SetComp,
              ast.DictComp, ast.GeneratorExp)
    stack = list(ast.iter_child_nodes(func))
    while stack:
        node = stack.pop()
        yield node
        if not isinstance(node, scopes):
            stack.extend(ast.iter_child_nodes(node))


# --- coverage: nothing a person reads escapes the catalog ----------------------------------------------

# Places whose message argument is not a `_()` call and need not be, each with its reason.
# (file, function, the message expression) → why.
DIAGNOSTIC = "a Diagnostic object: its message is checked where the Diagnostic is made"
RAISED = "an exception's text: checked where it is raised"
ALLOWED = {
    ("generator/cli.py", "main", "d"): DIAGNOSTIC,
    ("generator/cli.py", "cmd_check", "warning"): DIAGNOSTIC,
    ("generator/cli.py", "cmd_build", "warning"): DIAGNOSTIC,
    ("generator/cli.py", "_records", "warning"): DIAGNOSTIC,
    ("generator/cli.py", "cmd_meetings", "problem"): DIAGNOSTIC,
    ("generator/cli.py", "cmd_import", "f'{args.file}:{report.line}: {report.message}'"):
        "`FILE:LINE: message`: a location before the importer's report",
    ("generator/cli.py", "_progress", "message"): "prints what it is given; its callers pass `_()` messages",
    ("generator/consolidate.py", "run", "str(failure)"): RAISED + " (ChangeFailed)",
    ("generator/document_workers.py", "_worker", "exc"): RAISED + " (QanunError, in the worker process)",
    ("generator/yamlsource.py", "read_yaml", "exc.message"): RAISED + " (_Refused)",
    ("generator/site.py", "leak_scan", "line"): "the leak scan's warnings, each made with `_()` just above",
    ("generator/serve.py", "rebuild", "str(problem)"): DIAGNOSTIC,
    ("generator/serve.py", "rebuild", "warning"): "the build's warnings, made with `_()` where found",
    ("generator/meetings/leakscan.py", "raise_for_leaks", "self"): "the report, whose str() is made with `_()`",
    ("generator/meetings/load.py", "_hint", "message"): "the schema's message (made with `_()`), perhaps completed "
                                                        "by a hint made with `_()`",
}

# Functions whose message argument is checked: the name called → index of the message among the positional
# arguments (and its keyword).
MESSAGE_ARG = {"Diagnostic": (1, "message"), "progress": (0, "message"), "_progress": (0, "message"),
               "ArgumentTypeError": (0, "message"), "ChangeFailed": (0, "message"), "_Refused": (1, "message"),
               "_Unreadable": (0, "message"), "report": (1, "message")}  # report: the importer's Reporter


def _error_classes() -> set[str]:
    """QanunError and its subclasses anywhere in generator/ (by name), except SourceError, which takes
    diagnostics."""
    classes = {"QanunError"}
    changed = True
    while changed:
        changed = False
        for tree in TREES.values():
            for node in ast.walk(tree):
                if isinstance(node, ast.ClassDef) and node.name not in classes and any(
                        _name(b) in classes for b in node.bases):
                    classes.add(node.name)
                    changed = True
    return classes - {"SourceError"}


def _name(node: ast.AST) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _translating_functions() -> set[str]:
    """Functions (by name) every `return` of which gives a translated message."""
    funcs = [n for tree in TREES.values() for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
    found: set[str] = set()
    changed = True
    while changed:
        changed = False
        for func in funcs:
            if func.name in found:
                continue
            params = {a.arg for a in func.args.args}
            returns = [n.value for n in _own_nodes(func) if isinstance(n, ast.Return)]
            # a parameter handed back unchanged passes a message through (`if not place: return message`)
            made = [r for r in returns if not (isinstance(r, ast.Name) and r.id in params)
                    and not (isinstance(r, ast.Constant) and r.value is None)]  # `return None`: no message
            if made and all(_translated(r, found, func) for r in made):
                found.add(func.name)
                changed = True
    return found


def _translated(node: ast.AST, funcs: set[str], scope: ast.AST | None) -> bool:
    if _is_translate(node):
        return True
    if isinstance(node, ast.Call) and _name(node.func) in funcs:
        return True
    if isinstance(node, ast.IfExp):
        return _translated(node.body, funcs, scope) and _translated(node.orelse, funcs, scope)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):  # a translated message + "\n"
        return _translated(node.left, funcs, scope) and isinstance(node.right, ast.Constant)
    if isinstance(node, ast.Name) and scope is not None:  # a variable: every value given to it is translated
        values = [n.value for n in _own_nodes(scope) if isinstance(n, (ast.Assign, ast.AnnAssign, ast.NamedExpr))
                  and n.value is not None and any(isinstance(t, ast.Name) and t.id == node.id for t in _targets(n))]
        return bool(values) and all(_translated(v, funcs, None) for v in values)
    return False


def _targets(assign: ast.AST) -> list[ast.AST]:
    return assign.targets if isinstance(assign, ast.Assign) else [assign.target]  # AnnAssign, NamedExpr


def _message_arg(call: ast.Call, index: int, keyword: str) -> ast.AST | None:
    for kw in call.keywords:
        if kw.arg == keyword:
            return kw.value
    return call.args[index] if 0 <= index < len(call.args) else None


def _to_stderr(call: ast.Call) -> bool:
    return _name(call.func) == "print" and any(
        kw.arg == "file" and isinstance(kw.value, ast.Attribute) and kw.value.attr == "stderr" for kw in call.keywords)


Checked = dict[tuple[str | None, str], tuple[int, str]]  # (file, or None for any file; name) → message argument


def _wrappers(errors: set[str]) -> Checked:
    """Functions that pass one of their parameters on as a message (`def problem(self, path, message)`):
    their callers are checked in turn, at that parameter. A module function is known in its own file only
    (two modules may each have an `_at`); a method wherever it is called."""
    checked: Checked = {(None, name): arg for name, arg in MESSAGE_ARG.items()}
    changed = True
    while changed:
        changed = False
        for rel, tree in TREES.items():
            for func in ast.walk(tree):
                if not isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    continue
                params = [a.arg for a in func.args.args]
                method = params[:1] in (["self"], ["cls"])
                key = (None if method else rel, func.name)
                if key in checked:
                    continue
                for _call, _called, message in _messages_in(rel, func, checked, errors):
                    if isinstance(message, ast.Name) and message.id in params and message.id not in ("self", "cls"):
                        checked[key] = (params.index(message.id) - (1 if method else 0), message.id)
                        changed = True
                        break
    return checked


def _lookup(rel: str, call: ast.Call, checked: Checked) -> tuple[int, str] | None:
    name = _name(call.func)
    if isinstance(call.func, ast.Attribute):  # a method: whichever class defines it
        return checked.get((None, name)) or next((v for (r, n), v in checked.items() if n == name), None)
    return checked.get((rel, name)) or checked.get((None, name))


def _messages_in(rel: str, func: ast.AST, checked: Checked, errors: set[str]):
    for call in _own_nodes(func):
        if not isinstance(call, ast.Call):
            continue
        name = _name(call.func)
        arg = _lookup(rel, call, checked)
        if arg is not None:
            message = _message_arg(call, *arg)
        elif name in errors or _to_stderr(call):
            message = call.args[0] if call.args else None
        else:
            continue
        if message is not None:
            yield call, name, message


def _untranslated_messages() -> list[str]:
    errors, funcs = _error_classes(), _translating_functions()
    checked = _wrappers(errors)
    found = []
    for rel, tree in TREES.items():
        if rel.startswith("generator/i18n/") or rel.startswith("generator/docs/"):
            continue  # the mechanism itself; the docs generator writes files, it talks to no one
        for func in ast.walk(tree):
            if not isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            params = {a.arg for a in func.args.args}
            for call, name, message in _messages_in(rel, func, checked, errors):
                if isinstance(message, ast.Name) and message.id in params and (
                        (rel, func.name) in checked or (None, func.name) in checked):
                    continue  # a wrapper: its callers are checked
                if not _translated(message, funcs, func) and (rel, func.name, ast.unparse(message)) not in ALLOWED:
                    found.append(f"{rel}:{call.lineno} ({func.name}): {name}({ast.unparse(message)[:70]})")
    return found


def test_every_message_a_person_reads_comes_from_the_catalog():
    found = _untranslated_messages()
    assert not found, "messages that bypass _():\n" + "\n".join(found)


CANARY = '''
class CanaryError(UsageError):
    pass

def check(loc, name, progress):
    problems = [Diagnostic(loc, f"no act `{name}`"), Diagnostic(loc, _("fine {name}", name=name))]
    progress("working")
    say(loc, "bad " + name)
    raise CanaryError(f"`{name}` is wrong")

def say(loc, message):
    return Diagnostic(loc, message)
'''


def test_the_coverage_check_catches_what_it_should(monkeypatch):
    """The checker itself: an f-string diagnostic, a bare progress line, a message through a wrapper and an error
    subclass are found; the `_()` diagnostic is not."""
    monkeypatch.setitem(TREES, "generator/canary.py", ast.parse(CANARY))
    found = [f for f in _untranslated_messages() if f.startswith("generator/canary.py")]
    assert sorted(f.split(" ", 1)[1] for f in found) == [
        "(check): CanaryError(f'`{name}` is wrong')", "(check): Diagnostic(f'no act `{name}`')",
        "(check): progress('working')", "(check): say('bad ' + name)"]


def test_allowlist_is_not_stale():
    errors = _error_classes()
    checked = _wrappers(errors)
    present = {(rel, func.name, ast.unparse(message)) for rel, tree in TREES.items() for func in ast.walk(tree)
               if isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef))
               for _call, _name_, message in _messages_in(rel, func, checked, errors)}
    assert set(ALLOWED) <= present, set(ALLOWED) - present


# --- the command line in both languages ----------------------------------------------------------------

BROKEN = ROOT / "tests" / "broken"


def _qanun(*args: str, lang: str | None, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "QANUN_LANG"}
    env.update(PYTHONIOENCODING="utf-8", COLUMNS="100")
    if lang is not None:
        env["QANUN_LANG"] = lang
    return subprocess.run([sys.executable, "-m", "generator", *args], capture_output=True, text=True,
                          encoding="utf-8", env=env, cwd=cwd or ROOT, timeout=120)


def _broken(tmp_path: Path, source: str) -> Path:  # a one-file project
    (tmp_path / "acts").mkdir()
    (tmp_path / "acts" / "t.yaml").write_text(source, encoding="utf-8")
    return tmp_path


YAML_ERROR = "kind: act\nid: t\ntitle: [unclosed\n"


def test_azerbaijani_is_the_default(tmp_path):
    project = _broken(tmp_path, YAML_ERROR)
    default = _qanun("-C", str(project), "check", lang=None)
    assert default.returncode == 1
    assert default.stderr.endswith("mənbələrdə 1 xəta\n"), default.stderr
    assert _qanun("--lang", "az", "-C", str(project), "check", lang="en").stderr == default.stderr
    english = _qanun("--lang", "en", "-C", str(project), "check", lang=None)
    assert english.stderr.endswith("1 error in the sources\n"), english.stderr
    assert "ə" not in english.stderr


# Expected Azerbaijani written by hand (not copied from the catalog), for cases of tests/broken whose English
# expectation is in their expected.txt.
AZERBAIJANI = {
    "yaml-tab-indent": "acts/act.yaml:9:1: YAML sintaksisi: burada girinti üçün tabulyasiya işarəsi işlədilib; "
                       "YAML-da girinti yalnız boşluqlarla olur: tabulyasiyanı boşluqlarla əvəz edin",
    "unknown-provision": "acts/amend.yaml:9:5: dəyişiklik 1 `target` aktının 9 müddəasını hədəf alır, lakin "
                         "2020-02-01 tarixinə qüvvədə olan mətndə 9 yoxdur",
    "date-february-30": "acts/act.yaml:7:10: `adopted`: “2023-02-30” real tarix deyil: 2023 ilin fevral ayında 28 gün "
                        "var",
}


@pytest.mark.parametrize("case", sorted(AZERBAIJANI))
def test_source_messages_in_both_languages(tmp_path, case):
    project = tmp_path / case
    shutil.copytree(BROKEN / case, project)
    az = _qanun("--lang", "az", "check", lang=None, cwd=project)
    en = _qanun("--lang=en", "check", lang=None, cwd=project)
    assert az.returncode == en.returncode == 1
    assert az.stderr == f"{AZERBAIJANI[case]}\nmənbələrdə 1 xəta\n"
    assert en.stderr == (BROKEN / case / "expected.txt").read_text(encoding="utf-8")


def test_a_rule_clause_message_in_azerbaijani():
    """Clause numbers stay as they are; the sentence after them is translated."""
    from generator.i18n import set_language
    from test_meeting_rules import meeting, membership, messages

    from generator.meetings import rules

    set_language("az")
    try:
        found = messages(rules.check_quorum(meeting(present=("head", "m1", "m2", "m3")), membership()))
    finally:
        set_language(None)
    assert found == ["5.9.1: yetərsay yoxdur: 9 üzvdən 4 üzv iştirak edib; yarıdan çox (5) tələb olunur"]


def test_a_usage_error_in_both_languages():
    az = _qanun("text", "--at", "2020-02-30", "x", lang="az")
    assert az.returncode == 2
    assert az.stderr == ("qanun: --at arqumenti: “2020-02-30” tarix deyil; onu YYYY-MM-DD kimi yazın "
                         "(bax: `qanun --help`)\n"), az.stderr
    en = _qanun("text", "--at", "2020-02-30", "x", lang="en")
    assert en.stderr == "qanun: argument --at: “2020-02-30” is not a date; write YYYY-MM-DD (see `qanun --help`)\n"
    missing = _qanun("--lang", "az", "diff", "x", lang=None)
    assert missing.stderr == ("qanun: bu arqumentlər mütləqdir: --from, --to (bax: `qanun --help`)\n")


def test_the_language_is_read_ahead_of_argparse():
    from generator.cli import _lang_in

    assert _lang_in(["--lang", "en", "check"]) == "en"
    assert _lang_in(["-C", "x", "--lang=az", "check"]) == "az"
    assert _lang_in(["--lang", "en", "--lang=az"]) == "az"  # the last one, as argparse takes it
    assert _lang_in(["--lang", "fr"]) is None and _lang_in(["--lang"]) is None
    assert _lang_in(["import", "--", "--lang", "en"]) is None


def test_the_language_may_follow_the_command():
    result = _qanun("-C", str(BROKEN / "yaml-tab-indent"), "check", "--lang", "en", lang="az")
    assert result.stderr == (BROKEN / "yaml-tab-indent" / "expected.txt").read_text(encoding="utf-8")


def test_a_bad_language_is_a_usage_error():
    result = _qanun("--lang", "fr", "check", lang=None)
    assert result.returncode == 2
    assert "--lang" in result.stderr and "'fr'" in result.stderr and "Traceback" not in result.stderr


def _helps(lang: str) -> dict[str, str]:
    from generator.cli import _lang_in, _parser
    from generator.docs.cli_reference import subcommands
    from generator.i18n import set_language

    assert _lang_in(["--lang", lang]) == lang
    set_language(lang)
    try:
        helps = _all_helps("qanun", _parser(), subcommands)
    finally:
        set_language(None)
    return helps


def _all_helps(name: str, parser, subcommands) -> dict[str, str]:
    """The help of a command and of every command under it (`qanun new act` …)."""
    helps = {name: parser.format_help()}
    for sub_name, sub in subcommands(parser).items():
        helps |= _all_helps(f"{name} {sub_name}", sub, subcommands)
    return helps


ENGLISH_ARGPARSE = ("usage:", "options:", "positional arguments", "show this help message")


def test_azerbaijani_help_has_no_english_argparse_words():
    helps = _helps("az")
    assert {"qanun check", "qanun build", "qanun diff"} <= set(helps)
    for command, text in helps.items():
        for word in ENGLISH_ARGPARSE:
            assert word not in text, f"{command}: {word!r} in\n{text}"
        assert "istifadə qaydası:" in text


def test_english_help_has_no_azerbaijani():
    for command, text in _helps("en").items():
        assert "ə" not in text.lower(), f"{command}:\n{text}"
        assert "usage:" in text


def test_help_runs_in_a_subprocess_in_azerbaijani():
    result = _qanun("--lang", "az", "--help", lang=None)
    assert result.returncode == 0 and result.stdout.startswith("istifadə qaydası: qanun")
    result = _qanun("check", "--help", lang=None)
    assert result.returncode == 0 and "bu kömək mətnini göstər və çıx" in result.stdout


def test_the_choice_does_not_leak_between_calls(capsys):
    """main() sets the language on every call: an in-process `--lang az` must not change the next call."""
    from generator.cli import main

    main(["--lang", "az", "-C", str(BROKEN / "comment-only-file"), "check"])
    assert "xəta" in capsys.readouterr().err
    main(["-C", str(BROKEN / "comment-only-file"), "check"])
    assert capsys.readouterr().err.endswith("1 error in the sources\n")
