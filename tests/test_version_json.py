"""schemas/version.schema.json documents the JSON of a version: every version of every act validates.

The real acts and the fixture projects (which exercise every kind of change: added, deleted, restated,
renumbered provisions, repeal) are rendered on the first day of each version, and on the adoption
day when the act comes into force later (the "not yet in force" text).
"""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import jsonschema
import pytest

from conftest import ROOT
from generator.pipeline import load_and_consolidate, render_text

SCHEMA = json.loads((ROOT / "schemas" / "version.schema.json").read_text(encoding="utf-8"))
PROJECTS = [ROOT, *sorted(p for p in (ROOT / "tests" / "fixtures").iterdir() if (p / "acts").is_dir())]


def _days(history) -> list[dt.date]:
    days = [v.start for v in history.versions]
    if history.act.adopted < history.act.starts:
        days.append(history.act.adopted)
    return sorted(set(days))


def _documents(project: Path):
    corpus = load_and_consolidate(project)
    for act_id, history in sorted(corpus.histories.items()):
        for day in _days(history):
            yield f"{act_id}@{day}", json.loads(render_text(corpus, act_id, day, "json"))


def test_schema_is_valid_draft_2020_12():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


@pytest.mark.parametrize("project", PROJECTS, ids=lambda p: p.name)
def test_every_version_validates(project):
    validator = jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker())
    checked = 0
    for name, document in _documents(project):
        errors = [f"{name}: /{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(document)]
        assert not errors, "\n".join(errors)
        checked += 1
    assert checked >= 2


def test_schema_documents_every_field_in_both_languages():
    """Each property description carries English and Azerbaijani, split by “ / ” (the ids and dates excepted)."""
    top = SCHEMA["properties"]
    for name, spec in top.items():
        words = spec.get("description", "")
        assert " / " in words, name


def test_the_schema_rejects_what_the_renderer_never_writes(corpus):
    """additionalProperties is closed: a field added to jsonout.py without documenting it fails the test above."""
    document = json.loads(render_text(corpus, "nk-2024-21", dt.date(2024, 1, 13), "json"))
    document["undocumented"] = 1
    assert not jsonschema.Draft202012Validator(SCHEMA).is_valid(document)
