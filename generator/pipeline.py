"""The stages wired together: load → consolidate → render → write. The CLI calls only this."""
from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from .clock import today_in_baku
from .consolidate import History, Version, consolidate
from .errors import Diagnostic, Severity, SourceError, UsageError
from .load import Project, load_project
from .model import Act
from .validsources import ValidSources
from .render.jsonout import version_json
from .render.layout import layout
from .render.text import to_md, to_txt
from .i18n import _

if TYPE_CHECKING:
    from .meetings.model import Records

today = today_in_baku


@dataclass(frozen=True)
class Corpus:
    project: Project
    histories: dict[str, History]
    warnings: tuple[Diagnostic, ...] = ()
    # The Coordination Group's full records (meetings/), or None without that folder. Restricted: publishing
    # code takes generator.meetings.public_view(corpus.meetings), never this.
    meetings: Records | None = None

    @cached_property  # asked for on every version rendered: a thousand acts' map made once, not each time
    def acts(self) -> dict[str, Act]:
        return {a.id: a for a in self.project.acts}


def load_and_consolidate(root: Path, cache: Path | None = None,
                         progress: Callable[[str], None] = lambda m: None,
                         loaded: Callable[[Project], None] = lambda project: None) -> Corpus:
    """Everything `qanun check` checks; raises SourceError listing every problem found. With a build cache
    folder, files that passed their JSON Schema in an earlier build are not validated again (validsources.py).
    `progress` hears how far the reading of a large register is; `loaded` is given the project once it is read
    without error, before it is consolidated (`site.begin_search`)."""
    valid = ValidSources.open(cache)
    project, problems = load_project(root, valid, progress)
    valid.save()
    if not any(p.severity is Severity.ERROR for p in problems):
        loaded(project)
    histories, found = consolidate(project.acts)
    problems += found
    meetings, found = _meetings(root)
    problems += found
    errors = [p for p in problems if p.severity is Severity.ERROR]
    if errors:
        raise SourceError(problems)
    return Corpus(project, histories, tuple(p for p in problems if p.severity is Severity.WARNING), meetings)


def _meetings(root: Path) -> tuple[Records | None, list[Diagnostic]]:
    """The meetings/ records, checked against the Regulation; imported only for projects that keep them."""
    if not (root / "meetings").is_dir():
        return None, []
    from .meetings import check_meetings
    return check_meetings(root)


def history(corpus: Corpus, act_id: str) -> History:
    found = corpus.histories.get(act_id)
    if found is None:
        known = ", ".join(sorted(corpus.histories))
        raise UsageError(_("no act `{act}` (known: {known})", act=act_id, known=known))
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
        raise UsageError(_("`{act}` was adopted on {adopted}; there is no text on {day}", act=act_id,
                           adopted=h.act.adopted, day=day))
    if fmt == "json":
        return json.dumps(version_json(h, version, day, corpus.acts), ensure_ascii=False, indent=2) + "\n"
    if fmt == "akn":
        return render_akn(corpus, h, version)
    blocks = layout(h, version, day, corpus.acts)
    return to_md(blocks) if fmt == "md" else to_txt(blocks)


def render_akn(corpus: Corpus, h: History, version: Version) -> str:
    """Akoma Ntoso 3.0 XML of one version, checked against the OASIS schema before anyone gets it."""
    from lxml import etree

    from .akn_xsd import schema_problems
    from .errors import QanunError
    from .render.akn import version_xml

    xml = version_xml(h, version, corpus.histories)
    problems = schema_problems(etree.fromstring(xml.encode("utf-8")))
    if problems:  # a bug in qanun, never in the sources: say so rather than hand out an invalid document
        raise QanunError(_("internal error: the Akoma Ntoso of `{act}` as of {start} breaks the OASIS schema at line "
                           "{problem}; please report it", act=h.act.id, start=version.start, problem=problems[0]))
    return xml


BINARY_FORMATS = ("docx", "pdf")


def render_binary(corpus: Corpus, act_id: str, day: dt.date, fmt: str) -> bytes:
    """DOCX or PDF of the version in force on `day`, through pandoc (render/docx.py)."""
    from .render import docx  # pandoc and Typst load only when a binary format is asked for

    h = history(corpus, act_id)
    version = h.at(day)
    if version is None:
        raise UsageError(_("`{act}` was adopted on {adopted}; there is no text on {day}", act=act_id,
                           adopted=h.act.adopted, day=day))
    blocks = layout(h, version, day, corpus.acts)
    title = h.act.title or act_id
    return docx.to_docx(blocks, title) if fmt == "docx" else docx.to_pdf(blocks, title)


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Readers see the old file or the new one, never half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


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
