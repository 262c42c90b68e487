"""Diagnostics for machines: GitHub Actions workflow commands and JSON (`qanun check --format github|json`).

GitHub turns each `::error file=…,line=…,col=…,title=…::message` line a step prints into an annotation
on that line of the pull request. Its syntax: the message escapes `%`, CR and LF as `%25`, `%0D`,
`%0A`; a property value also escapes `:` and `,` (`%3A`, `%2C`), which otherwise end it.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TypedDict

from .errors import Diagnostic, Severity

TITLE = "qanun"
FORMATS = ("text", "github", "json")


class Problem(TypedDict):
    file: str
    line: int | None
    column: int | None
    severity: str
    message: str


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def source_file(path: str, root: Path) -> str:
    """A diagnostic's path (relative to the project `root`) as seen from the current folder, with `/`."""
    candidate = Path(path) if Path(path).is_absolute() else root / path
    if not candidate.exists() and Path(path).exists():  # already relative to the current folder
        candidate = Path(path)
    try:
        shown = os.path.relpath(candidate)
    except ValueError:  # another drive on Windows
        shown = str(candidate)
    return Path(shown).as_posix()


def problems(diagnostics: list[Diagnostic], root: Path) -> list[Problem]:
    return [Problem(file=source_file(d.loc.path, root), line=d.loc.line or None, column=d.loc.col or None,
                    severity=d.severity.value, message=d.message)
            for d in sorted(diagnostics, key=lambda d: (d.loc, d.message))]


def to_github(diagnostics: list[Diagnostic], root: Path) -> str:
    lines = []
    for p in problems(diagnostics, root):
        command = "error" if p["severity"] == Severity.ERROR.value else "warning"
        props = [f"file={escape_property(p['file'])}"]
        if p["line"]:
            props.append(f"line={p['line']}")
            if p["column"]:
                props.append(f"col={p['column']}")
        props.append(f"title={escape_property(TITLE)}")
        lines.append(f"::{command} {','.join(props)}::{escape_data(p['message'])}\n")
    return "".join(lines)


def to_json(diagnostics: list[Diagnostic], root: Path) -> str:
    return json.dumps(problems(diagnostics, root), ensure_ascii=False, indent=2) + "\n"


def render(diagnostics: list[Diagnostic], fmt: str, root: Path) -> str:
    if fmt == "github":
        return to_github(diagnostics, root)
    if fmt == "json":
        return to_json(diagnostics, root)
    raise ValueError(f"no machine format {fmt!r}")
