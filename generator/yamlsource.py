"""Reading YAML sources safely: bytes → plain data plus the line and column of every value.

ruamel.yaml's round-trip loader keeps positions; we turn its output into plain dicts, lists,
strings, ints and ISO date strings so that the JSON Schema sees exactly what the author wrote, and
keep a map from each value's path to its `Loc` for messages.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from .errors import Diagnostic, Loc

Path_ = tuple[str | int, ...]
MAX_BYTES = 5 * 1024 * 1024  # sources are a few hundred KB at most; refuse before parsing more


@dataclass(frozen=True)
class Located:
    """A parsed source: its plain data and where each value stands."""

    data: Any
    positions: dict[Path_, Loc]
    lines: tuple[str, ...]

    def loc(self, path: Path_) -> Loc:
        """The position of the value at `path`, or of its nearest enclosing value."""
        while path not in self.positions and path:
            path = path[:-1]
        return self.positions.get(path, Loc(self.positions[()].path, 1, 1))

    def raw(self, path: Path_) -> str:
        """The scalar as written in the file (before YAML typed it), for messages."""
        loc = self.loc(path)
        if not loc.line or loc.line > len(self.lines):
            return ""
        rest = self.lines[loc.line - 1][loc.col - 1:]
        return re.split(r"[,}\]]|\s#", rest, maxsplit=1)[0].strip()


class YamlProblem(Exception):
    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(str(diagnostic))
        self.diagnostic = diagnostic


def read_yaml(path: Path, shown: str) -> Located:
    """Parse one YAML file; raise YamlProblem with a located message for any defect."""
    raw = path.read_bytes()
    if len(raw) > MAX_BYTES:
        raise YamlProblem(Diagnostic(Loc(shown, 1, 1), f"file is {len(raw):,} bytes; sources are limited to {MAX_BYTES:,} bytes"))
    text = _decode(raw, shown)
    directive = re.search(r"^%YAML\s+(\S+)", text, re.M)
    if directive:
        line = text.count("\n", 0, directive.start()) + 1
        raise YamlProblem(Diagnostic(Loc(shown, line, 1), f"the `%YAML {directive.group(1)}` directive is not allowed: "
                                     "it changes how values are read (no → false, 010 → 8); delete the line"))
    yaml = YAML(typ="rt", pure=True)
    yaml.allow_duplicate_keys = False
    try:
        tree = yaml.load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = (exc.problem or exc.context or "invalid YAML").strip()
        if "duplicate key" in problem:
            key = re.search(r'duplicate key "?([^"\s]+)', problem)
            problem = f"duplicate key `{key.group(1) if key else '?'}`: each field may appear once"
        raise YamlProblem(Diagnostic(Loc(shown, line, col), f"YAML syntax: {problem}")) from None
    except YAMLError as exc:  # ruamel raises unmarked errors for some structural problems
        raise YamlProblem(Diagnostic(Loc(shown, 1, 1), f"YAML: {exc}")) from None
    positions: dict[Path_, Loc] = {(): Loc(shown, 1, 1)}
    data = _plain(tree, (), positions, shown)
    return Located(data, positions, tuple(text.splitlines()))


def _decode(raw: bytes, shown: str) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise YamlProblem(Diagnostic(Loc(shown, line, col), f"the file is not UTF-8 (byte 0x{raw[exc.start]:02x}); "
                                     "save it as UTF-8")) from None
    if "\x00" in text:
        offset = text.index("\x00")
        line = text.count("\n", 0, offset) + 1
        raise YamlProblem(Diagnostic(Loc(shown, line, offset - text.rfind("\n", 0, offset)), "the file contains a NUL byte"))
    return text.replace("\r\n", "\n")


def _plain(node: Any, path: Path_, positions: dict[Path_, Loc], shown: str) -> Any:
    """Convert ruamel's round-trip nodes to plain data, recording positions of children."""
    if isinstance(node, dict):
        out = {}
        for key in node:
            line, col = node.lc.value(key) if hasattr(node, "lc") else (0, 0)
            positions[(*path, str(key))] = Loc(shown, line + 1, col + 1)
            out[str(key)] = _plain(node[key], (*path, str(key)), positions, shown)
        return out
    if isinstance(node, list):
        items = []
        for i, item in enumerate(node):
            line, col = node.lc.item(i) if hasattr(node, "lc") else (0, 0)
            positions[(*path, i)] = Loc(shown, line + 1, col + 1)
            items.append(_plain(item, (*path, i), positions, shown))
        return items
    if isinstance(node, (dt.date, dt.datetime)):
        return node.isoformat()[:10] if not isinstance(node, dt.datetime) else node.isoformat()
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    return str(node)
