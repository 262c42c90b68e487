"""sourcecache.py: a rebuild takes the model of an unchanged source file from the cache, exactly as read from the
file (positions included), and reads every other file as always."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import second_arguments
from generator import load, sourcecache
from generator.errors import SourceError
from generator.pipeline import load_and_consolidate

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def project(tmp_path) -> Path:
    shutil.copytree(ROOT / "acts", tmp_path / "project" / "acts")
    return tmp_path / "project"


def models(corpus) -> list:
    """Every act as its JSON form: every field, the positions in the sources included."""
    return [sourcecache.encode(act) for act in sorted(corpus.project.acts, key=lambda a: a.id)]


def yaml_reads(monkeypatch) -> list[str]:
    """The sources read as YAML from now on (in this process: a handful of files is read without forking)."""
    return second_arguments(monkeypatch, load, "read_yaml")


def test_an_unchanged_source_is_not_read_again_and_gives_the_same_model(project, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    first = load_and_consolidate(project, cache)
    entries = sorted((cache / sourcecache.FOLDER).rglob("*.json"))
    assert len(entries) == len([a for a in first.project.acts if a.path.endswith(".yaml")]) >= 4
    read = yaml_reads(monkeypatch)
    again = load_and_consolidate(project, cache)
    assert read == []
    assert models(again) == models(first) == models(load_and_consolidate(project))  # and a build without a cache
    assert again.histories.keys() == first.histories.keys()


def test_a_changed_source_is_read_again(project, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    load_and_consolidate(project, cache)
    source = sorted((project / "acts").rglob("*.yaml"))[0]
    source.write_text(source.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")
    read = yaml_reads(monkeypatch)
    load_and_consolidate(project, cache)
    assert read == [source.relative_to(project).as_posix()]


def test_a_source_with_a_problem_is_never_kept(project, tmp_path):
    """Its messages are worded in the language of the run, and it must be told again each time."""
    cache = tmp_path / "cache"
    broken = project / "acts" / "broken.yaml"
    broken.write_text("id: [unclosed\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(SourceError, match="broken.yaml"):
            load_and_consolidate(project, cache)
    kept = {json.loads(p.read_bytes())["f"]["path"] for p in (cache / sourcecache.FOLDER).rglob("*.json")}
    assert kept and "acts/broken.yaml" not in kept


@pytest.mark.parametrize("content", [
    b"not json",
    b'{"c": "Act", "f": {"id": {"c": "Popen", "f": {}}}}',  # a class not in the list: nothing is constructed
    b'{"c": "Loc", "f": {"path": "x"}}',  # a model object, but not an act
    b'{"c": "Act", "f": {"no_such_field": 1}}',
    b'{"c": "Act", "f": {"id": ["a list"], "changes": {"t": [1.5]}}}',  # neither a list nor a float is a model value
    b'{"c": "Act", "f": {"id": {"t": [], "x": 1}}}',
])
def test_a_damaged_or_foreign_entry_is_read_from_the_source(project, tmp_path, monkeypatch, content):
    cache = tmp_path / "cache"
    first = load_and_consolidate(project, cache)
    entries = sorted((cache / sourcecache.FOLDER).rglob("*.json"))
    for entry in entries:
        entry.write_bytes(content)
    read = yaml_reads(monkeypatch)
    assert models(load_and_consolidate(project, cache)) == models(first)
    assert len(read) == len(entries)


def test_the_one_pass_reading_gives_what_decode_gives(project, tmp_path):
    """Entries are read with `_decoded` as the JSON parser's object hook: the same models as `decode` of the parsed
    JSON, for every source of the project."""
    cache = tmp_path / "cache"
    load_and_consolidate(project, cache)
    entries = sorted((cache / sourcecache.FOLDER).rglob("*.json"))
    assert entries
    for entry in entries:
        raw = entry.read_bytes()
        assert json.loads(raw, object_hook=sourcecache._decoded) == sourcecache.decode(json.loads(raw))


def test_an_act_is_known_by_what_its_model_was_made_from(project, tmp_path):
    """`Project.made_from` names each YAML act by its file (bytes, path, qanun's code, the schemas), which the
    per-act build cache keys on instead of the model's repr: read from the file or from the cache, the same name;
    an edited file, another name, and so another key for it and the acts around it only."""
    import datetime as dt

    from generator.buildcache import act_keys
    from generator.render.urls import Urls

    cache = tmp_path / "cache"
    first = load_and_consolidate(project, cache)  # read from the files
    again = load_and_consolidate(project, cache)  # from the source cache
    assert set(first.project.made_from) == {a.id for a in first.project.acts} and len(first.project.acts) == 4
    assert again.project.made_from == first.project.made_from
    source = project / "acts" / "in-kollegiya-2020-4.yaml"
    source.write_text(source.read_text(encoding="utf-8") + "# a comment\n", encoding="utf-8")
    edited = load_and_consolidate(project, cache)
    assert {a for a in first.project.made_from if first.project.made_from[a] != edited.project.made_from[a]} == \
        {"in-kollegiya-2020-4"}

    def keys(corpus):
        acts = {a.id: a for a in corpus.project.acts}
        return act_keys(acts, Urls.for_acts(corpus.project.acts), dt.date(2026, 1, 1),
                        made_from=corpus.project.made_from)
    before, after = keys(first), keys(edited)
    assert keys(again) == before
    assert before["in-kollegiya-2020-4"] != after["in-kollegiya-2020-4"]
    # the act it amends changes key with it; the Cabinet's decision and Regulation, linked to neither, keep theirs
    assert sorted(a for a in before if before[a] != after[a]) == ["in-kollegiya-2020-4",
                                                                   "vn-kollegiya-2019-191705000007900"]
