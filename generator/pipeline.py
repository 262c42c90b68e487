"""The stages wired together: load → consolidate → render → write. The CLI calls only this."""
from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .clock import today_in_baku
from .consolidate import History, consolidate
from .errors import Diagnostic, Severity, SourceError, UsageError
from .load import Project, load_project
from .render.jsonout import version_json
from .render.layout import layout
from .render.text import to_md, to_txt

today = today_in_baku


@dataclass(frozen=True)
class Corpus:
    project: Project
    histories: dict[str, History]
    warnings: tuple[Diagnostic, ...] = ()

    @property
    def acts(self):
        return {a.id: a for a in self.project.acts}


def load_and_consolidate(root: Path) -> Corpus:
    """Everything `qanun check` checks; raises SourceError listing every problem found."""
    project, problems = load_project(root)
    histories, found = consolidate(project.acts)
    problems += found
    errors = [p for p in problems if p.severity is Severity.ERROR]
    if errors:
        raise SourceError(problems)
    return Corpus(project, histories, tuple(p for p in problems if p.severity is Severity.WARNING))


def history(corpus: Corpus, act_id: str) -> History:
    found = corpus.histories.get(act_id)
    if found is None:
        known = ", ".join(sorted(corpus.histories))
        raise UsageError(f"no act `{act_id}` (known: {known})")
    return found


def status(h: History, day: dt.date) -> str:
    repealed = h.repealed_on
    if repealed and repealed <= day:
        return "repealed"
    if day < h.act.starts:
        return "not_yet_in_force"
    return "in_force"


def act_summaries(corpus: Corpus, day: dt.date) -> list[dict]:
    rows = []
    for act in corpus.project.acts:
        h = corpus.histories[act.id]
        repeal = h.repealed_by
        rows.append({
            "id": act.id, "title": act.title, "type": act.type, "number": act.number,
            "adopted": act.adopted.isoformat(), "in_force": act.in_force.isoformat() if act.in_force else None,
            "status": status(h, day),
            "repealed": {"on": h.repealed_on.isoformat(), "by": repeal.amending_act, "provision": repeal.by}
            if repeal else None,
            "versions": [v.start.isoformat() for v in h.versions],
            "path": act.path,
        })
    return rows


def render_text(corpus: Corpus, act_id: str, day: dt.date, fmt: str) -> str:
    h = history(corpus, act_id)
    version = h.at(day)
    if version is None:
        raise UsageError(f"`{act_id}` was adopted on {h.act.adopted}; there is no text on {day}")
    if fmt == "json":
        return json.dumps(version_json(h, version, day, corpus.acts), ensure_ascii=False, indent=2) + "\n"
    blocks = layout(h, version, day, corpus.acts)
    return to_md(blocks) if fmt == "md" else to_txt(blocks)


def write_text_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
