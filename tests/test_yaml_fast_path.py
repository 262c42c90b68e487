"""The C-parser fast path of generator/yamlsource.py reads a file exactly as the round-trip reader does, or
leaves it to it (issue 7).

For every YAML file the tests keep (the real acts, fixtures, hostile and broken sources) and a set of tricky
snippets written below: when the fast path reads a file, its data (with the Python type of every value), the
position of every value and field name, and the lines are those the pure round-trip reader gives; when the
round-trip reader rejects a file, the fast path leaves it alone, so the message and position are its own.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from generator import yamlsource as ys

ROOT = Path(__file__).resolve().parent.parent
FILES = sorted(p for d in ("acts", "tests/fixtures", "tests/hostile_yaml", "tests/broken")
               for p in (ROOT / d).rglob("*.y*ml"))

SNIPPETS = {
    "flow": "a: [x, {b: c, d: [1, 2.10, no]}, 'q', \"r\"]\ne: {}\nf: []\n",
    "block-scalars": "a: |\n  one\n\n  two\nb: |-\n  x\nc: |+\n  y\n\nd: >\n  folded\n  line\n\n    more\n  back\n"
                     "e: >-\n  z\n  w\nf: |2\n    indented\n",
    "multiline": "a: plain\n  continued here\n  and here\nb: \"dq\n  continued \\x41 \\u018F end\"\nc: 'sq\n\n  it''s'\n",
    "empty-values": "a:\nb:\n  c:\n  d: 1\ne:\n- \n- x\n",
    "comments": "# head\na: 1 # c\n# mid\nb:   # c\n  - x # c\n  # c\n  - y\n...\n",
    "document-start": "---\na: 1\n...\n",
    "keys": "'quoted key': 1\n\"dq key\": 2\nƏsas: 3\nkey with spaces: 4\n",
    "typed-words": "a: 2.10\nb: 010\nc: 0o10\nd: 0x1F\ne: 1_000\nf: -.5\ng: .inf\nh: .NaN\ni: 2024-01-01\n"
                   "j: 2024-01-01T10:00:00Z\nk: true\nl: False\nm: yes\nn: on\no: no\np: ~\nq: null\nr: 1e3\ns: +12\n"
                   "t: 12:30:00\nu: '2.10'\nv: 2002-13-45\nw: =\n",
    "letters": "a: Ə ə ç ş ğ ı ö ü — “quoted” «x» 😀 after emoji\nb: 😀😀: colon\nc: [😀, ə]\nd: \u00a0x\u00a0\n",
    "nested": "a:\n- - x\n  - y\nb:\n  c:\n    d:\n      e: [f, [g, [h]]]\n",
    "indentless": "a:\n- x\n- b: 1\n  c: 2\n- [1]\nd: x\n",
    "typed-keys": "1: a\n2.10: b\ntrue: c\n~: d\n",
    "merge-alias": "a: &x {b: 1}\nc:\n  <<: *x\n",
    "duplicates": "a: 1\n'a': 2\n",
    "second-document": "a: 1\n---\nb: 2\n",
    "list": "- a\n- b\n",
    "single-value": "just text\n",
    "tag": "a: !!str 2.10\n",
    "deep": "a:" + "".join("\n" + "  " * i + f"k{i}:" for i in range(1, 60)) + " x\n",
    "deep-flow": "a: " + "[" * 60 + "]" * 60 + "\n",
    "tab": "a:\n\tb: 1\n",
    "unclosed": "a: \"open\nb: 2\n",
    "bad-indent": "a:\n  b: 1\n c: 2\n",
    "no-final-newline": "a: 1\nb: |\n  x",
}


def _types(value):
    if isinstance(value, dict):
        return {k: _types(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_types(v) for v in value]
    return type(value).__name__


def _round_trip(path: Path, monkeypatch: pytest.MonkeyPatch):
    with monkeypatch.context() as m:
        m.setattr(ys, "_read_fast", lambda text, shown: None)
        try:
            return ys.read_yaml(path, "f.yaml")
        except ys.YamlProblem as exc:
            return exc.diagnostic
        except Exception as exc:  # noqa: BLE001 - a crash of the round-trip reader is its own bug, not this test's
            return exc


def _check(path: Path, monkeypatch: pytest.MonkeyPatch) -> bool:
    try:
        text = ys._decode(ys._read_bytes(path, "f.yaml"), "f.yaml")
    except ys.YamlProblem:
        return False
    if ys.re.search(r"^%(YAML|TAG)\b", text, ys.re.M):
        return False  # refused before either reader runs
    fast = ys._read_fast(text, "f.yaml")
    if fast is None:
        return False
    slow = _round_trip(path, monkeypatch)
    assert isinstance(slow, ys.Located), f"{path.name}: the fast path read what the round-trip reader refuses: {slow}"
    assert fast.data == slow.data and _types(fast.data) == _types(slow.data)
    assert fast.positions == slow.positions
    assert fast.keys == slow.keys
    assert fast.lines == slow.lines
    return True


@pytest.mark.skipif(ys.CParser is None, reason="ruamel.yaml.clib is not installed")
def test_fast_path_reads_kept_files_as_the_round_trip_reader(monkeypatch: pytest.MonkeyPatch) -> None:
    read = [p for p in FILES if _check(p, monkeypatch)]
    # the real acts and fixtures are ordinary sources: the fast path must read them, or it is not used at all
    ordinary = [p for p in FILES if "/acts/" in p.as_posix() and "broken" not in p.as_posix()]
    assert ordinary and all(p in read for p in ordinary)


@pytest.mark.skipif(ys.CParser is None, reason="ruamel.yaml.clib is not installed")
@pytest.mark.parametrize("name", sorted(SNIPPETS))
def test_fast_path_reads_snippets_as_the_round_trip_reader(name: str, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / f"{name}.yaml"
    path.write_text(SNIPPETS[name], encoding="utf-8")
    _check(path, monkeypatch)


@pytest.mark.skipif(ys.CParser is None, reason="ruamel.yaml.clib is not installed")
@pytest.mark.parametrize("name", ["merge-alias", "duplicates", "second-document", "tag", "deep", "deep-flow", "tab",
                                  "unclosed", "typed-keys", "empty-values"])
def test_fast_path_leaves_what_it_cannot_vouch_for(name: str) -> None:
    assert ys._read_fast(SNIPPETS[name], "f.yaml") is None


def test_merge_key_without_alias_is_refused_not_a_crash(tmp_path: Path) -> None:
    """`<<: {…}` merged fields the round-trip reader then failed to locate (a KeyError traceback); refused now."""
    path = tmp_path / "a.yaml"
    path.write_text("kind: act\nid: sample\n<<: {title: x}\n", encoding="utf-8")
    with pytest.raises(ys.YamlProblem) as exc:
        ys.read_yaml(path, "a.yaml")
    assert (exc.value.diagnostic.loc.line, exc.value.diagnostic.loc.col) == (3, 1)
    assert "<<:" in exc.value.diagnostic.message
