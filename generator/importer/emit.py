"""Stage 5: the source data → YAML in the project's style (ruamel round-trip).

Schema line first, numbers quoted, dates ISO, long texts folded like the hand-written sources, and a
`# [N]` comment on each provision a note of the source marks.
"""
from __future__ import annotations

import io
import textwrap
from typing import TYPE_CHECKING, Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, FoldedScalarString, LiteralScalarString

if TYPE_CHECKING:
    from . import Imported

_WIDTH = 100
_QUOTED = {"num", "number", "after", "by", "classification"}  # numbers are strings: "2.10" must never read as 2.1


def to_yaml(imported: Imported, schema_ref: str = "../schemas/act.schema.json", source_name: str = "") -> str:
    """ruamel round-trip YAML in the project's style: schema line first, numbers quoted, dates ISO."""
    yaml = YAML(typ="rt")
    yaml.width = _WIDTH
    yaml.indent(mapping=2, sequence=4, offset=2)
    buffer = io.StringIO()
    yaml.dump(_rt(imported.data, imported.note_marks, None, 0), buffer)
    head = [f"# yaml-language-server: $schema={schema_ref}"]
    if source_name:
        head.append(f"# Imported by `qanun import` from {source_name}; check it against the source before use.")
    return "\n".join(head) + "\n" + buffer.getvalue()


def _rt(value: Any, marks: dict[tuple[str, str], int], document: str | None, indent: int, key: str = "") -> Any:
    """Plain data → ruamel's commented types; `document` is "body" or the annex id the provisions belong to."""
    if isinstance(value, dict):
        out = CommentedMap()
        doc = value.get("id") if key == "annexes" else document
        for k, v in value.items():
            child_doc = "body" if k == "provisions" and doc is None else doc
            out[k] = _rt(v, marks, child_doc, indent + 2, k)
        note = marks.get((document or "", value.get("num", ""))) if "unit" in value else None
        if note:
            out.yaml_add_eol_comment(f"[{note}]: a note of the source stands here (see `notes`)", "num")
        return out
    if isinstance(value, list):
        return CommentedSeq([_rt(v, marks, document, indent + 4, key) for v in value])
    if isinstance(value, str):
        if key in _QUOTED:
            return DoubleQuotedScalarString(value)
        if key == "notes":
            return LiteralScalarString(value)
        if len(value) + indent + len(key) + 2 > _WIDTH - 4:
            return _folded(value, _WIDTH - indent - 2)
    return value


def _folded(text: str, width: int) -> FoldedScalarString:
    """A `>-` block folded at spaces, like the hand-written sources (line breaks there are layout)."""
    folded = FoldedScalarString(text)
    positions, at = [], 0
    for line in textwrap.wrap(text, max(width, 40), break_long_words=False, break_on_hyphens=False)[:-1]:
        at = text.index(line, at) + len(line)
        positions.append(at)
    folded.fold_pos = positions
    return folded
