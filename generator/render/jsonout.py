"""JSON rendering of a consolidated version: the model as plain data, for programs."""
from __future__ import annotations

import datetime as dt
from typing import Any

from ..consolidate import History, Version, VersionedProvision
from ..model import Act
from ..notes import citation
from .layout import header_rows, status_line


def version_json(h: History, version: Version, day: dt.date, acts: dict[str, Act]) -> dict[str, Any]:
    act = h.act
    return {
        "act": act.id,
        "title": act.title,
        "type": act.type,
        "number": act.number,
        "header": [{"label": label, "value": value} for label, value in header_rows(act)],
        "status": status_line(h, version, day, acts),
        "version": {"start": version.start.isoformat(), "end": version.end.isoformat() if version.end else None,
                    "repealed": version.repealed, "in_force_on": day.isoformat()},
        "documents": [{"id": d.id, "provisions": [_provision(p, d.id, version) for p in d.provisions]} for d in version.documents],
        "amending_acts": [{"id": a, "citation": citation(acts[a])} for a in version.amending_acts],
        "notes": [{"number": n.number, "document": n.document or None, "provision": n.provision or None,
                   "entries": [{"text": e.text, "amending_act": e.amending_act, "change": e.change_index,
                                "effective": e.effective.isoformat(), "previous": e.previous} for e in n.entries]}
                  for n in version.notes],
    }


def _provision(p: VersionedProvision, doc: str, version: Version) -> dict[str, Any]:
    out: dict[str, Any] = {"id": p.id, "num": p.num, "unit": p.unit}
    for key in ("heading", "text"):
        if getattr(p, key) is not None:
            out[key] = getattr(p, key)
    if (note := version.note_number(doc, p.id)) is not None:
        out["note"] = note
    if p.removed:
        out["removed"] = True
    if p.children:
        out["children"] = [_provision(c, doc, version) for c in p.children]
    return out
