"""Issue 7: a build does not validate again the source files that passed their JSON Schema in an earlier build
(generator/validsources.py), and a large project is loaded over the cores; neither changes what is loaded."""
from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

from conftest import second_arguments
from generator import load, pipeline, schemacheck, validsources
from generator.errors import SourceError

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(ROOT / "acts", root / "acts")
    return root


@pytest.fixture
def validations(monkeypatch) -> list[str]:
    """The files the JSON Schema check ran on (their kinds), in this process."""
    return second_arguments(monkeypatch, load, "schema_problems")


def yaml_files(root: Path) -> list[Path]:
    return sorted((root / "acts").rglob("*.y*ml"))


def test_a_second_build_validates_only_what_changed(project, tmp_path, validations):
    cache = tmp_path / "cache"
    first = pipeline.load_and_consolidate(project, cache)
    assert len(validations) == len(yaml_files(project)) > 3
    keys = json.loads((cache / validsources.FILE).read_text(encoding="utf-8"))["keys"]
    assert sorted(keys) == sorted(validsources.key(p.read_bytes()) for p in yaml_files(project))

    validations.clear()
    again = pipeline.load_and_consolidate(project, cache)
    assert validations == []
    assert again.project.acts == first.project.acts and again.histories == first.histories

    changed = yaml_files(project)[0]
    changed.write_text(changed.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")
    pipeline.load_and_consolidate(project, cache)
    assert len(validations) == 1


def test_an_invalid_file_is_never_listed_and_is_always_reported(project, tmp_path):
    cache = tmp_path / "cache"
    broken = yaml_files(project)[0]
    broken.write_text(broken.read_text(encoding="utf-8").replace("\nkind: act\n", "\nkind: act\nunknown_field: 1\n", 1),
                      encoding="utf-8")
    for _ in range(2):
        with pytest.raises(SourceError) as raised:
            pipeline.load_and_consolidate(project, cache)
        assert any("unknown_field" in d.message for d in raised.value.diagnostics)
    keys = json.loads((cache / validsources.FILE).read_text(encoding="utf-8"))["keys"]
    assert validsources.key(broken.read_bytes()) not in keys
    assert len(keys) == len(yaml_files(project)) - 1


def test_a_key_depends_on_the_schemas(project, monkeypatch, tmp_path):
    data = yaml_files(project)[0].read_bytes()
    before = validsources.key(data)
    schemas = tmp_path / "schemas"
    shutil.copytree(schemacheck.SCHEMA_DIR, schemas)
    (schemas / "act.schema.json").write_text((schemas / "act.schema.json").read_text(encoding="utf-8") + "\n",
                                             encoding="utf-8")
    monkeypatch.setattr(schemacheck, "SCHEMA_DIR", schemas)
    validsources._salt.cache_clear()
    try:
        assert validsources.key(data) != before
    finally:
        monkeypatch.undo()
        validsources._salt.cache_clear()
    assert validsources.key(data) == before


@pytest.mark.parametrize("content", ["not json", '{"format": "other", "keys": []}', '{"format": 1}', "[1, 2]",
                                     '{"format": "qanun-valid-sources-1", "keys": "abc"}'])
def test_an_unreadable_list_is_ignored(project, tmp_path, validations, content):
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / validsources.FILE).write_text(content, encoding="utf-8")
    pipeline.load_and_consolidate(project, cache)
    assert len(validations) == len(yaml_files(project))


def test_loading_over_the_cores_gives_what_one_process_gives(tmp_path, monkeypatch):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import corpus as synthetic
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    root = tmp_path / "project"
    synthetic.generate(root, 240, 5, tax_code=False)
    (root / "acts" / "zz-broken.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    monkeypatch.setattr("os.cpu_count", lambda: 2)  # two workers, on any machine
    forked, forked_problems = load.load_project(root)
    monkeypatch.setattr("os.cpu_count", lambda: 1)
    alone, alone_problems = load.load_project(root)
    assert len(alone.acts) >= 240
    assert forked.acts == alone.acts
    assert [str(p) for p in forked_problems] == [str(p) for p in alone_problems] != []
