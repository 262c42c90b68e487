"""Generated documentation: the source format reference (from schemas/) and the CLI reference (from
`--help`), each in Azerbaijani and English. `python -m generator.docs` writes them into docs/; a test
fails when the committed files differ from what these functions produce."""
from __future__ import annotations

from pathlib import Path

from .cli_reference import cli_reference
from .schema_reference import schema_reference

LANGUAGES = ("az", "en")
__all__ = ["LANGUAGES", "cli_reference", "generated", "schema_reference"]


def generated() -> dict[str, str]:
    """Every generated file, by its path under the project root."""
    files: dict[str, str] = {}
    for lang in LANGUAGES:
        files[f"docs/{lang}/reference.md"] = schema_reference(lang)
        files[f"docs/{lang}/cli.md"] = cli_reference(lang)
    return files


def write(root: Path) -> list[Path]:
    written = []
    for rel, text in generated().items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
        written.append(path)
    return written
