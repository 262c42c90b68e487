"""Values a `qanun new` skeleton left for the author: the marker DOLDURUN ("fill in") still in a source.

A skeleton is valid as written, so `qanun check` passes on it; but a record whose agenda item still says
DOLDURUN is not finished. The loaders add one warning per such file (at the first placeholder, naming every
field that holds one): `qanun check` shows it and still passes, `qanun build --strict` refuses to publish.
Kept apart from scaffold.py so that the loaders can use it without importing the meetings' rules.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from .errors import Diagnostic, Severity
from .i18n import _
from .yamlsource import Located

PLACEHOLDER = "DOLDURUN"
_MARK = re.compile(rf"\b{PLACEHOLDER}\b")  # capitals, a whole word: a real text's “doldurun” is not a placeholder


def placeholder_warnings(src: Located) -> list[Diagnostic]:
    found = list(_placeholders(src.data, ()))
    if not found:
        return []
    fields = ", ".join(f"`{_field(path)}`" for path in found)
    return [Diagnostic(src.loc(found[0]), _("not filled in yet: {marker} is still in {fields}; write the real "
                                            "values", fields=fields, marker=PLACEHOLDER), Severity.WARNING)]


def _placeholders(node: Any, path: tuple) -> Iterator[tuple]:
    if isinstance(node, str) and _MARK.search(node):
        yield path
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _placeholders(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _placeholders(value, (*path, i))


def _field(path: tuple) -> str:
    """`agenda[1].title`: list positions counted from 1, as people count agenda items."""
    out = ""
    for part in path:
        out += f"[{part + 1}]" if isinstance(part, int) else f".{part}" if out else str(part)
    return out
