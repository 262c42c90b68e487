"""The docs cannot drift: the committed references are what `python -m generator.docs` writes now, every
command has help text, and every page exists in Azerbaijani and in English."""
from __future__ import annotations

import re

import pytest

from conftest import ROOT
from generator.cli import _parser
from generator.docs import LANGUAGES, generated
from generator.docs.cli_reference import python_version, subcommands

GENERATED = generated()
REGENERATE = "out of date: run `python -m generator.docs` and commit the result"


@pytest.mark.parametrize("rel", sorted(GENERATED))
def test_committed_reference_is_what_the_generator_writes(rel):
    path = ROOT / rel
    assert path.is_file(), f"{rel} is missing: run `python -m generator.docs`"
    committed = path.read_text(encoding="utf-8")
    if rel.endswith("cli.md"):
        made_with = re.search(r": (\d+\.\d+)\.\n", committed)
        if made_with and made_with.group(1) != python_version():
            pytest.skip(f"{rel} was generated with Python {made_with.group(1)}; argparse lays out help differently "
                        f"in {python_version()}")
    assert committed == GENERATED[rel], f"{rel} is {REGENERATE}"


def test_every_command_has_help_and_is_in_the_cli_reference():
    commands = subcommands(_parser())
    assert commands
    parser = _parser()
    action = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    described = {c.dest for c in action._choices_actions if c.help}
    assert set(commands) == described, f"commands without help: {set(commands) - described}"
    for lang in LANGUAGES:
        text = GENERATED[f"docs/{lang}/cli.md"]
        for name in commands:
            assert f"## qanun {name}\n" in text


def test_every_page_exists_in_both_languages():
    az = {p.name for p in (ROOT / "docs" / "az").glob("*.md")}
    en = {p.name for p in (ROOT / "docs" / "en").glob("*.md")}
    assert az == en and {"guide.md", "publishing.md", "reference.md", "cli.md"} <= az


def test_guides_link_only_to_pages_that_exist():
    for page in (ROOT / "docs").rglob("*.md"):
        for target in re.findall(r"\]\(([^)#:]+\.md)(?:#[^)]*)?\)", page.read_text(encoding="utf-8")):
            assert (page.parent / target).is_file(), f"{page.relative_to(ROOT)} links to missing {target}"


def test_readme_points_to_the_docs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for lang in LANGUAGES:
        assert f"docs/{lang}/guide.md" in readme


@pytest.mark.parametrize("lang", LANGUAGES)
def test_publishing_says_the_records_repository_is_private_and_lists_gitlab_ci(lang):
    import yaml

    text = (ROOT / "docs" / lang / "publishing.md").read_text(encoding="utf-8")
    assert "private" in text and "build/site" in text
    gitlab = yaml.safe_load(re.findall(r"```yaml\n(.*?)```", text, re.S)[-1])
    assert gitlab["pages"]["artifacts"]["paths"] == ["public"]
    assert "rsync" in " ".join(str(line) for line in gitlab["publish-server"]["script"])
    assert gitlab["check"]["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'}]
