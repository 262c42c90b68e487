"""YAML is data: every hostile source either loads as exactly the string written, or is rejected with
`path:line:col` and a fix hint; none crashes, hangs or eats memory (issue 8, point 2).

The corpus is tests/hostile_yaml/*.yaml (made-up fixtures, never law) plus the cases that are bytes rather than
text (encodings, control characters, sizes), built below. Each case is one test; the expectations are exact,
like tests/test_broken_sources.py, with the line and column checked by hand against the fixture.

Bounds: each case is timed in a plain run (< 5 s) and measured in a second run under tracemalloc (< 200 MB of
Python allocations at peak). They are deliberately generous: they only catch real blow-ups (an alias bomb
expanding to 10⁹ strings, a 20 MB file read and parsed, a RecursionError unwinding 1,000 levels), never
ordinary variation on a shared machine. tracemalloc slows ruamel's pure-Python scanner about tenfold, which
is why time is taken from the untraced run.
"""
from __future__ import annotations

import os
import subprocess
import sys
import time
import tracemalloc
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import pytest

from generator.load import load_act
from generator.model import Act
from generator.yamlsource import MAX_BYTES, read_yaml
from hostile_cases import LOADS_AS_WRITTEN, REJECTED, Case, cases, check

CORPUS = Path(__file__).parent / "hostile_yaml"
MAX_SECONDS = 5.0
MAX_PEAK = 200 * 1024 * 1024

HEAD = """# test fixture, not a real act
kind: act
id: sample
type: qərar
cited_as: Test Qərarı
number: "1"
adopted: 2020-01-10
"""


def _act(text: str = "Mətn.") -> str:
    return HEAD + f"provisions:\n  - num: \"1\"\n    unit: bənd\n    text: {text}\n"


def _deep_block(levels: int) -> str:
    """`title:` holding a mapping holding a mapping … `levels` deep, two spaces per level."""
    return HEAD + "".join(f"{'  ' * i}k{i}:\n" for i in range(levels)) + f"{'  ' * levels}end\n"


def _long_words(size: int) -> str:
    words, total, i = [], 0, 0
    while total < size:
        word = f"söz{i}"
        words.append(word)
        total += len(word.encode("utf-8")) + 1
        i += 1
    return " ".join(words)


# The longest line of the real sources is 141 characters; this one is 900 times longer.
LONG_TEXT = _long_words(128 * 1024)
BIG = 20 * 1024 * 1024

# The cases that are bytes, not readable text, built here rather than kept as files.
GENERATED: dict[str, Callable[[], bytes]] = {
    "bom": lambda: b"\xef\xbb\xbf" + _act().encode("utf-8"),
    "crlf": lambda: _act().replace("\n", "\r\n").encode("utf-8"),
    "utf-16": lambda: _act().encode("utf-16"),  # with its BOM, as Notepad's "Unicode" saves it
    # Windows-1254 has no ə: an editor saving in it would have lost those already ("?").
    "windows-1254": lambda: _act("Gömrük rüsumu.").encode("cp1254", errors="replace"),
    "nul": lambda: _act("Mətn\x00.").encode("utf-8"),
    "escape-char": lambda: _act("Mətn\x1b[31m.").encode("utf-8"),
    "size-20mb": lambda: (HEAD + "title: ").encode("utf-8").ljust(BIG, b"a") + b"\n",
    "deep-block-1000": lambda: _deep_block(1000).encode("utf-8"),
    "deep-flow-1000": lambda: (HEAD + "title: " + "[" * 1000 + "]" * 1000 + "\n").encode("utf-8"),
    "long-line": lambda: _act(LONG_TEXT).encode("utf-8"),
}


@dataclass(frozen=True)
class Loads:
    """The value at `path` is exactly `written`; the act loads, and `model` of it is the value as the model keeps
    it (texts with their whitespace collapsed, as the README says)."""

    path: tuple[str | int, ...]
    written: str
    model: Callable[[Act], Any]
    kept: str | None = None  # the model's value, when it differs from `written` (collapsed whitespace)


def _num(act: Act) -> str:
    return act.body.provisions[0].num


def _text(act: Act) -> str | None:
    return act.body.provisions[0].text


NUM = ("provisions", 0, "num")
TEXT = ("provisions", 0, "text")


def _at(name: str, line: int, col: int, message: str) -> str:
    return f"tests/hostile_yaml/{name}.yaml:{line}:{col}: {message}"


_QUOTE = "write it in quotes ({q}) so it stays exactly as written"
_ANCHORS = "sources do not use anchors and aliases (`&name`, `*name`, `<<:`)"
_TAG = ("is not allowed: sources hold only text, numbers, dates, lists and fields, written plainly; delete the tag "
        "(put the value in quotes if it must stay text exactly as written)")
_DEEP = ("the values here are nested more than 50 levels deep, which no source needs: check the indentation and "
         "the `[` `{` brackets above this line")
_NOT_UTF8 = ("here is not UTF-8 text (another encoding, such as Windows-1254, was used); save the file with the UTF-8 "
             "encoding")

EXPECTED: dict[str, Loads | str] = {
    "num-2.10-quoted": Loads(NUM, "2.10", _num),
    "num-1.10-quoted": Loads(NUM, "1.10", _num),
    "num-010-quoted": Loads(NUM, "010", _num),
    "num-2.10-unquoted": _at("num-2.10-unquoted", 9, 10, "`num`: “2.10” was read as a number (2.1); "
                             + _QUOTE.format(q='"2.10"')),
    "num-1.10-unquoted": _at("num-1.10-unquoted", 9, 10, "`num`: “1.10” was read as a number (1.1); "
                             + _QUOTE.format(q='"1.10"')),
    "num-010-unquoted": _at("num-010-unquoted", 9, 10, "`num`: “010” was read as a number (10); "
                            + _QUOTE.format(q='"010"')),
    "number-inf": _at("number-inf", 6, 9, "`number`: “.inf” was read as a number (inf); " + _QUOTE.format(q='".inf"')),
    "word-no": Loads(TEXT, "no", _text),
    "word-yes": Loads(TEXT, "yes", _text),
    "word-on": Loads(TEXT, "on", _text),
    "word-off": Loads(TEXT, "Off", _text),
    "word-true": _at("word-true", 11, 11, "`text`: “true” was read as a yes/no value (True); "
                     + _QUOTE.format(q='"true"')),
    # A value YAML reads as "nothing" is reported at its field's name, like every field left empty.
    "word-null": _at("word-null", 11, 5, "`text`: “null” was read as no value; write it in quotes (\"null\") if it is "
                     "the text, or delete the field"),
    "word-tilde": _at("word-tilde", 11, 5, "`text`: “~” was read as no value; write it in quotes (\"~\") if it is the "
                      "text, or delete the field"),
    "date-field": Loads(("adopted",), "2020-01-10", lambda act: act.adopted.isoformat()),
    "date-in-text": Loads(TEXT, "2020-01-10", _text),
    "timestamp-in-text": Loads(TEXT, "2001-12-14t21:59:43.10-05:00", _text),
    "date-impossible": _at("date-impossible", 7, 10, "`adopted`: “2023-02-30” is not a real date: February 2023 has "
                           "28 days"),
    "directive-yaml-1.1": _at("directive-yaml-1.1", 2, 1, "the `%YAML 1.1` directive is not allowed: it changes how "
                              "values are read (no → false, 010 → 8); delete the line"),
    "directive-tag": _at("directive-tag", 2, 1, "the `%TAG` directive is not allowed: sources use no tags; delete the "
                         "line"),
    "anchor-alias": _at("anchor-alias", 5, 11, f"the anchor `&ad` is not allowed: {_ANCHORS}; delete it and write "
                        "each value out in full"),
    "alias-undefined": _at("alias-undefined", 8, 8, f"`*ad` repeats a value marked elsewhere with `&ad`; {_ANCHORS}: "
                           "write the value out in full here"),
    "merge-key": _at("merge-key", 9, 5, f"the anchor `&base` is not allowed: {_ANCHORS}; delete it and write each "
                     "value out in full"),
    "alias-bomb": _at("alias-bomb", 8, 7, f"the anchor `&a0` is not allowed: {_ANCHORS}; delete it and write each "
                      "value out in full"),
    "duplicate-key": _at("duplicate-key", 12, 5, "field `text` is given twice in the same place (first at line 11); "
                         "each field may appear only once: keep one and delete the other"),
    "duplicate-key-flow": _at("duplicate-key-flow", 9, 28, "field `num` is given twice in the same place; each field "
                              "may appear only once: keep one and delete the other"),
    "tag-python-apply": _at("tag-python-apply", 11, 11, f"the tag `!!python/object/apply:os.system` {_TAG}"),
    "tag-python-name": _at("tag-python-name", 11, 11, f"the tag `!!python/name:os.system` {_TAG}"),
    "tag-str": _at("tag-str", 9, 10, f"the tag `!!str` {_TAG}"),
    "tag-binary": _at("tag-binary", 11, 11, f"the tag `!!binary` {_TAG}"),
    "tag-custom": _at("tag-custom", 11, 11, f"the tag `!secret` {_TAG}"),
    "bom": Loads(("kind",), "act", lambda act: "act"),
    "crlf": Loads(TEXT, "Mətn.", _text),
    "utf-16": _at("utf-16", 1, 1, f"the file is not saved as UTF-8: byte 0xff {_NOT_UTF8}"),
    # The first byte that is not UTF-8 is the dotless ı of `Qərarı` (0xfd): column 21 of `cited_as: Test Q?rarı`.
    "windows-1254": _at("windows-1254", 5, 21, f"the file is not saved as UTF-8: byte 0xfd {_NOT_UTF8}"),
    "nul": _at("nul", 11, 15, "the file contains a NUL byte (character code 0), which a text never has; delete it "
                              "(the file may be damaged)"),
    "escape-char": _at("escape-char", 11, 15, "the file contains the invisible control character U+001B, which a "
                                              "text never needs: delete it"),
    "tab-indent": _at("tab-indent", 11, 1, "YAML syntax: a tab character is used for indentation here; YAML indents "
                                           "with spaces only: replace the tab with spaces"),
    "tab-in-value": Loads(TEXT, "Mətn\tsonra.", _text, kept="Mətn sonra."),
    "size-20mb": _at("size-20mb", 1, 1, f"file is {BIG + 1:,} bytes; sources are limited to {MAX_BYTES:,} bytes: "
                                        "check that this is the right file (an act source is a few hundred KB at "
                                        "most), or split it"),
    # Line 8 is `title:`; each line after it opens one more mapping, and the 50th of them (line 57, indented by
    # 49 levels of two spaces) is the 51st level counting the file's own fields.
    "deep-block-1000": _at("deep-block-1000", 57, 99, _DEEP),
    # `title: ` is 7 characters; the 51st `[` stands in column 58.
    "deep-flow-1000": _at("deep-flow-1000", 8, 58, _DEEP),
    "long-line": Loads(TEXT, LONG_TEXT, _text),
}


def _payload(case_id: str) -> bytes:
    if case_id in GENERATED:
        return GENERATED[case_id]()
    return (CORPUS / f"{case_id}.yaml").read_bytes()


def _observe(path: Path, shown: str, expected: Loads | str) -> tuple[str, Any]:
    """(outcome, detail): the diagnostics when rejected, else the value as read and as the model keeps it."""
    act, problems = load_act(path, shown)
    if problems or act is None:
        return REJECTED, [str(p) for p in problems]
    if not isinstance(expected, Loads):
        return LOADS_AS_WRITTEN, "loaded, but a rejection was expected"
    data: Any = read_yaml(path, shown).data
    for part in expected.path:
        data = data[part]
    return LOADS_AS_WRITTEN, (data, expected.model(act))


def _wanted(expected: Loads | str) -> tuple[str, Any]:
    if isinstance(expected, Loads):
        return LOADS_AS_WRITTEN, (expected.written, expected.kept if expected.kept is not None else expected.written)
    return REJECTED, [expected]


def _measure(run: Callable[[], Any]) -> tuple[Any, float, int]:
    """The result of `run`, its wall time (untraced) and its peak of Python allocations (a second, traced run)."""
    start = time.perf_counter()
    result = run()
    seconds = time.perf_counter() - start
    tracemalloc.start()
    try:
        run()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return result, seconds, peak


@pytest.mark.parametrize("case", cases("yaml"), ids=lambda c: c.id)
def test_hostile_yaml(case: Case, tmp_path: Path) -> None:
    expected = EXPECTED[case.id]
    path = tmp_path / f"{case.id}.yaml"
    path.write_bytes(_payload(case.id))
    shown = f"tests/hostile_yaml/{case.id}.yaml"

    (outcome, detail), seconds, peak = _measure(lambda: _observe(path, shown, expected))

    assert (check(case, outcome), detail) == (case.outcome, _wanted(expected)[1])
    assert seconds < MAX_SECONDS and peak < MAX_PEAK, f"{seconds:.2f} s, {peak / 2**20:.0f} MiB at peak"


def test_qanun_check_reports_every_rejected_file_without_a_traceback(tmp_path: Path) -> None:
    """As a person would run it, in its own process with a time limit: one project holding every rejected file
    (the 20 MB one and the alias bomb included) gives each file's diagnostic, no traceback, exit status 1."""
    rejected = [c.id for c in cases("yaml") if isinstance(EXPECTED[c.id], str)]
    (tmp_path / "acts").mkdir()
    for case_id in rejected:
        (tmp_path / "acts" / f"{case_id}.yaml").write_bytes(_payload(case_id))
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run([sys.executable, "-m", "generator", "-C", str(tmp_path), "check"], capture_output=True,
                          text=True, encoding="utf-8", env=env, timeout=120, cwd=Path(__file__).parent.parent)
    lines = done.stderr.splitlines()
    missing = [case_id for case_id in rejected
               if str(EXPECTED[case_id]).replace("tests/hostile_yaml/", "acts/") not in lines]
    assert (done.returncode, "Traceback" in done.stderr, missing) == (1, False, [])


def test_a_cited_as_the_notes_cannot_inflect_is_a_diagnostic_not_a_traceback(tmp_path: Path) -> None:
    (tmp_path / "acts").mkdir()
    (tmp_path / "acts" / "target.yaml").write_text(HEAD.replace("Test Qərarı", "Test Qərar") + "provisions:\n"
                                                   "  - num: \"1\"\n    unit: bənd\n    text: Mətn.\n", encoding="utf-8")
    (tmp_path / "acts" / "amend.yaml").write_text(HEAD.replace("id: sample", "id: amend").replace(
        'number: "1"', 'number: "2"').replace("2020-01-10", "2020-02-01") + "changes:\n  - target: {act: sample, "
        "provision: \"1\"}\n    restate: {text: Yeni mətn.}\n", encoding="utf-8")
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run([sys.executable, "-m", "generator", "-C", str(tmp_path), "check"], capture_output=True,
                          text=True, encoding="utf-8", env=env, timeout=120, cwd=Path(__file__).parent.parent)
    assert (done.returncode, "Traceback" in done.stderr) == (1, False), done.stderr[-300:]
    assert any(line.startswith("acts/target.yaml:5:") and "cited_as" in line for line in done.stderr.splitlines())


def test_every_case_has_its_payload_and_expectation() -> None:
    ids = {c.id for c in cases("yaml")}
    files = {p.stem for p in CORPUS.glob("*.yaml")}
    assert (set(EXPECTED), files | set(GENERATED), files & set(GENERATED)) == (ids, ids, set())
    for path in sorted(CORPUS.glob("*.yaml")):
        assert path.read_bytes().startswith(b"# test fixture, not a real act"), f"{path.name} is not marked"
