"""Which texts of the full records are restricted: one walk over the model, shared by the leak scan and the checks.

A text is restricted when any record enclosing it is marked restricted (the strictest mark wins: a
`public` summary inside a restricted agenda item is restricted), and a complainant's personal data is
restricted whatever is marked. The walk is generic over the dataclasses, so a field added to the model
later is covered without anyone remembering to list it here.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, fields, is_dataclass
from typing import Any

from ..errors import Loc
from .model import Access, Complainant, Records, Text


@dataclass(frozen=True)
class Found:
    text: Text
    restricted: bool
    field: str  # e.g. "items[2].acts[1].text", for reports

    @property
    def loc(self) -> Loc:
        return self.text.loc


def texts(records: Records) -> Iterator[Found]:
    """Every free-text value of the records with its effective access."""
    for meeting in records.meetings:
        yield from _walk(meeting, False, "")
    for complaint in records.complaints:
        yield from _walk(complaint, False, "")
    for programme in records.programmes:
        yield from _walk(programme, False, "")


def _walk(obj: Any, restricted: bool, field: str) -> Iterator[Found]:
    if isinstance(obj, Text):
        yield Found(obj, restricted, field.lstrip("."))
        return
    if isinstance(obj, Complainant):  # personal data: never public (3.1.1, 5.6.3)
        for key, text in obj.fields:
            yield Found(text, True, f"{field}.{key}".lstrip("."))
        return
    if is_dataclass(obj) and not isinstance(obj, type):
        access = getattr(obj, "access", None)
        if isinstance(access, Access) and access.restricted:
            restricted = True
        for f in fields(obj):
            if f.name not in ("access", "loc"):
                yield from _walk(getattr(obj, f.name), restricted, f"{field}.{f.name}")
    elif isinstance(obj, tuple):
        for i, item in enumerate(obj, 1):
            yield from _walk(item, restricted, f"{field}[{i}]")


def restricted_texts(records: Records) -> list[Found]:
    return [f for f in texts(records) if f.restricted]


def public_texts(records: Records) -> list[Found]:
    return [f for f in texts(records) if not f.restricted]
