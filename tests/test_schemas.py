"""The JSON Schemas explain every field to an editor: a title and a description in Azerbaijani and English
(“az: … / en: …”) and examples that are themselves valid; every source file names its schema."""
from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = sorted((ROOT / "schemas").glob("*.schema.json"))
DESCRIPTION = re.compile(r"az: (?P<az>\S.*) / en: (?P<en>\S.*)", re.DOTALL)
CONDITIONS = ("if", "then", "else", "not")  # `properties` inside these are conditions, not fields


def properties(node, path: str = "#"):
    """(path, subschema) of every declared property, at any depth."""
    if isinstance(node, dict):
        for name, sub in node.get("properties", {}).items():
            yield f"{path}/properties/{name}", sub
        for key, value in node.items():
            if key in CONDITIONS or key in ("examples", "enum", "const", "default"):
                continue
            if key == "properties":
                for name, sub in value.items():
                    yield from properties(sub, f"{path}/properties/{name}")
            else:
                yield from properties(value, f"{path}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from properties(value, f"{path}/{i}")


def documented(node) -> list[str]:
    problems = []
    title = node.get("title", "")
    if len(title.split(" / ")) != 2 or not all(part.strip() for part in title.split(" / ")):
        problems.append(f"title {title!r} is not “Azərbaycanca / English”")
    if not DESCRIPTION.fullmatch(node.get("description", "")):
        problems.append(f"description {node.get('description')!r} is not “az: … / en: …”")
    return problems


@pytest.mark.parametrize("path", SCHEMAS, ids=lambda p: p.name)
def test_schema_is_valid_2020_12(path):
    schema = json.loads(path.read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("path", SCHEMAS, ids=lambda p: p.name)
def test_every_property_has_bilingual_title_description_and_valid_examples(path):
    schema = json.loads(path.read_text(encoding="utf-8"))
    problems = [f"schema: {p}" for p in documented(schema)]
    problems += [f"$defs/{name}: {p}" for name, sub in schema.get("$defs", {}).items() for p in documented(sub)]
    found = list(properties(schema))
    assert found, "no properties found"
    for where, sub in found:
        problems += [f"{where}: {p}" for p in documented(sub)]
        examples = sub.get("examples")
        if not examples:
            problems.append(f"{where}: no examples")
            continue
        validator = jsonschema.Draft202012Validator({"$defs": schema.get("$defs", {}), **sub},
                                                    format_checker=jsonschema.FormatChecker())
        for example in examples:
            problems += [f"{where}: example {example!r} is invalid: {e.message}" for e in validator.iter_errors(example)]
    assert problems == []


KINDS = {"acts": "act", "members.yaml": "membership", "complaints": "complaint", "programmes": "programme"}


def _kind(path: Path) -> str:
    rel = path.relative_to(ROOT)
    if rel.parts[0] == "acts":
        return "act"
    return KINDS.get(rel.parts[1], "meeting")


SOURCES = sorted([*(ROOT / "acts").rglob("*.yaml"), *(ROOT / "meetings").rglob("*.yaml")])


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_source_names_its_schema_on_its_first_line(path):
    first = path.read_text(encoding="utf-8").splitlines()[0]
    match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
    assert match, f"{path.name} starts with {first!r}"
    target = (path.parent / match.group(1)).resolve()
    assert target == ROOT / "schemas" / f"{_kind(path)}.schema.json"
