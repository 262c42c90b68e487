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
