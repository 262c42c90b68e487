"""`qanun check --format github|json`: problems as GitHub Actions annotations and as JSON.

The annotations are read back with a parser that follows the GitHub runner's own
(`ActionCommand.TryParseV2` in actions/runner, src/Runner.Common/ActionCommand.cs): the line starts with
`::`, the command and its properties end at the next `::`, properties are `key=value` pairs separated
by `,`, and escapes are undone in the runner's order (`%0D`, `%0A`, then `%3A` and `%2C` for
properties, `%25` last).
"""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from generator.annotations import escape_data, escape_property, to_github, to_json
from generator.errors import Diagnostic, Loc, Severity
from helpers import run_cli

BROKEN = Path(__file__).parent / "broken"
# (escaped, plain) in the order the runner undoes them
DATA_ESCAPES = (("%0D", "\r"), ("%0A", "\n"), ("%25", "%"))
PROPERTY_ESCAPES = (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%"))
COMMANDS = {"error", "warning", "notice"}
PROPERTIES = {"title", "file", "line", "col", "endLine", "endColumn"}


def _unescape(text: str, table) -> str:
    for escaped, plain in table:
        text = text.replace(escaped, plain)
    return text


def parse_command(line: str) -> tuple[str, dict[str, str], str]:
    """One workflow command, as the runner reads it; AssertionError where the runner would not see one."""
    assert line.startswith("::"), line
    end = line.find("::", 2)
    assert end > 2, f"no `::` ends the command: {line}"
    info, data = line[2:end], line[end + 2:]
    name, _, props = info.partition(" ")
    assert name in COMMANDS, name
    properties = {}
    for pair in filter(None, props.split(",")):
        key, sep, value = pair.partition("=")
        assert sep and key in PROPERTIES, f"not a property: {pair!r}"
        assert key not in properties, f"{key} given twice"
        properties[key] = _unescape(value, PROPERTY_ESCAPES)
    for key in ("line", "col"):
        if key in properties:
            assert re.fullmatch(r"[1-9][0-9]*", properties[key]), properties[key]
    return name, properties, _unescape(data, DATA_ESCAPES)


def test_escapes_follow_github():
    assert escape_data("50% off\r\nnext") == "50%25 off%0D%0Anext"
    assert escape_data("a: b, c") == "a: b, c"  # data keeps `:` and `,`
    assert escape_property("acts/a:b,c%.yaml") == "acts/a%3Ab%2Cc%25.yaml"
    assert escape_property("line\nbreak") == "line%0Abreak"


@pytest.mark.parametrize("message", ["plain", "50% of “2.4.2”: `a`, b", "two\nlines\r\nand %0A literally",
                                     "ends with ::", "::starts with colons", "%25 already escaped"])
@pytest.mark.parametrize("path", ["acts/act.yaml", "acts/with,comma:and%percent.yaml", "meetings/2025/2025-02-14.yaml"])
def test_every_message_and_path_round_trips_through_the_runners_parser(tmp_path, message, path):
    diagnostics = [Diagnostic(Loc(path, 12, 7), message), Diagnostic(Loc(path, 3, 0), message, Severity.WARNING),
                   Diagnostic(Loc(path), message)]
    out = to_github(diagnostics, Path("."))
    lines = out.splitlines()
    assert out.endswith("\n") and len(lines) == 3  # one command per line: nothing unescaped breaks a line
    parsed = [parse_command(line) for line in lines]
    assert [p[0] for p in parsed] == ["error", "warning", "error"]  # sorted by place: the whole file first
    for _, props, data in parsed:
        assert data == message
        assert props["file"] == path and props["title"] == "qanun"
    assert "line" not in parsed[0][1] and "col" not in parsed[0][1]
    assert parsed[1][1]["line"] == "3" and "col" not in parsed[1][1]  # column unknown: left out, not 0
    assert (parsed[2][1]["line"], parsed[2][1]["col"]) == ("12", "7")


def test_github_format_annotates_the_broken_line(capsys, tmp_path, monkeypatch):
    project = tmp_path / "repo"
    shutil.copytree(BROKEN / "date-dotted", project)
    monkeypatch.chdir(project)
    code, out, err = run_cli(capsys, "check", "--format", "github")
    assert code == 1
    assert out == ("::error file=acts/act.yaml,line=7,col=10,title=qanun::`adopted`: “13.01.2024” is not written "
                   "as YYYY-MM-DD; write it as 2024-01-13\n")
    assert err == "1 error, 0 warnings in the sources\n"


def test_github_paths_are_relative_to_where_qanun_runs(capsys, tmp_path, monkeypatch):
    """In a workflow qanun runs at the repository's root; with -C the paths still name the files from there."""
    shutil.copytree(BROKEN / "date-dotted", tmp_path / "sources")
    monkeypatch.chdir(tmp_path)
    code, out, _ = run_cli(capsys, "-C", "sources", "check", "--format", "github")
    assert code == 1
    assert parse_command(out.splitlines()[0])[1]["file"] == "sources/acts/act.yaml"


def test_json_format_lists_every_problem(capsys, tmp_path, monkeypatch):
    shutil.copytree(BROKEN / "schema-missing-required", tmp_path / "p")
    monkeypatch.chdir(tmp_path / "p")
    code, out, err = run_cli(capsys, "check", "--format", "json")
    problems = json.loads(out)
    expected = (BROKEN / "schema-missing-required" / "expected.txt").read_text(encoding="utf-8").splitlines()[:-1]
    assert code == 1
    assert [f"{p['file']}:{p['line']}:{p['column']}: {p['message']}" for p in problems] == expected
    assert all(set(p) == {"file", "line", "column", "severity", "message"} and p["severity"] == "error"
               for p in problems)
    assert err.startswith(f"{len(problems)} error")


def test_json_of_warnings_and_unknown_places():
    data = json.loads(to_json([Diagnostic(Loc("acts/x.yaml", 2, 1), "w", Severity.WARNING),
                               Diagnostic(Loc("acts"), "no folder")], Path(".")))
    assert data == [{"file": "acts", "line": None, "column": None, "severity": "error", "message": "no folder"},
                    {"file": "acts/x.yaml", "line": 2, "column": 1, "severity": "warning", "message": "w"}]


@pytest.mark.parametrize("fmt", ["github", "json"])
def test_clean_sources_give_no_annotations(capsys, root, fmt):
    code, out, err = run_cli(capsys, "-C", str(root), "check", "--format", fmt)
    assert code == 0
    assert out == ("[]\n" if fmt == "json" else "")
    assert err == "0 errors, 0 warnings in the sources\n"


def test_text_stays_the_default(capsys, root):
    assert run_cli(capsys, "-C", str(root), "check") == run_cli(capsys, "-C", str(root), "check", "--format", "text")
