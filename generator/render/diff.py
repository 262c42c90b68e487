"""Renderings of a comparison of two versions: txt, md, html, json, and the Markdown behind the DOCX.

Every format lists only what changed, each change under its provision number, with the note(s) that
record it: `2.5 (dəyişdirilib) [2]`. The text format shows the words taken out (`- …`) and brought
in (`+ …`); md, html and the DOCX show each changed provision as a redline, where the DOCX's
deletions and insertions are Word revisions by the amending act, dated with its effective date.
"""
from __future__ import annotations

import html
from typing import Any

from ..compare import ADDED, CHANGED, DELETED, UNCHANGED, Cause, Comparison, ProvisionDiff, Run, TextDiff, walk_changes
from ..consolidate import History
from ..language import format_date, format_date_short
from ..model import Act
from ..textedit import DEL, INS
from .docx import escape as pandoc_escape  # one escaping for every Markdown that pandoc reads
from .layout import changes_heading
from .text import md_escape as text_md_escape

STATUS = {ADDED: "əlavə edilib", DELETED: "çıxarılıb", CHANGED: "dəyişdirilib"}
RENUMBERED = "nömrəsi dəyişdirilib"
MOVED = "yeri dəyişdirilib"
HEADING = "Başlıq"
NO_CHANGES = "Bu redaksiyalar arasında mətndə dəyişiklik yoxdur."
REPEALED = "Akt ləğv edilib"
UNKNOWN_AUTHOR = "qanun"  # a revision whose amending act could not be told (none is expected)


def title_line(c: Comparison) -> str:
    return f"Redaksiyaların müqayisəsi: {format_date_short(c.a)} → {format_date_short(c.b)}"


def label(p: ProvisionDiff, notes: bool = True) -> str:
    """“2.5 (dəyişdirilib) [2]”, “2.6 (nömrəsi dəyişdirilib: 2.7 → 2.6) [3]”."""
    parts = []
    if p.renumbered:
        parts.append(f"{RENUMBERED}: {p.num_a} → {p.num_b}")
    if p.moved:
        parts.append(MOVED)
    if p.status in STATUS:
        parts.append(STATUS[p.status])
    marks = "".join(f" [{n}]" for n in p.notes) if notes else ""
    return f"{p.num} ({'; '.join(parts)}){marks}"


def short_citation(act: Act) -> str:
    """The amending act as a revision's author: “20 iyul 2020-ci il tarixli 4 nömrəli … Qərarı”."""
    if act.number and act.cited_as:
        return f"{format_date(act.adopted)} tarixli {act.number} nömrəli {act.cited_as}"
    return act.title or act.id


def _document_titles(history: History) -> dict[str, str]:
    act = history.act
    titles = {d.id: d.title or " ".join(d.heading) or d.id for d in act.annexes}
    titles[act.body.id] = act.title or act.id
    return titles


def _cited(c: Comparison) -> list[Cause]:
    """Every note entry cited by the comparison, once, by note number."""
    causes = [*c.act_causes, *(cause for p in c.changes for cause in p.causes)]
    return sorted(dict.fromkeys(causes), key=lambda x: (x.note, x.effective, x.change_index))


def _sections(c: Comparison, history: History):
    """(document title or None, its changes): titles only when the act has annexes to tell apart."""
    titles = _document_titles(history)
    several = len(history.act.documents) > 1
    for doc, changes in walk_changes(c):
        yield (titles.get(doc, doc) if several else None), changes


# --- txt -------------------------------------------------------------------------------------

def to_txt(c: Comparison, history: History) -> str:
    out = [history.act.title or history.act.id, title_line(c)]
    if c.repealed:
        out.append(REPEALED + "".join(f" [{x.note}]" for x in c.act_causes))
    if not c.changes and not c.repealed:
        out.append(NO_CHANGES)
    for title, changes in _sections(c, history):
        if title:
            out.append(title)
        out += [_provision_txt(p) for p in changes]
    cited = _cited(c)
    if cited:
        out.append(changes_heading(history.act))
        out += [f"[{x.note}] {x.text}" for x in cited]
    return "\n\n".join(out) + "\n"


def _provision_txt(p: ProvisionDiff) -> str:
    lines = [label(p)]
    if p.heading.changed:
        lines.append(f"{HEADING}:")
        lines += _edit_lines(p.heading)
        if p.text.changed:
            lines.append("Mətn:")
    lines += _edit_lines(p.text)
    return "\n".join(lines)


def _edit_lines(d: TextDiff) -> list[str]:
    lines = []
    for e in d.edits:
        if e.old:
            lines.append(f"- {e.old}")
        if e.new:
            lines.append(f"+ {e.new}")
    return lines


# --- md --------------------------------------------------------------------------------------

def to_md(c: Comparison, history: History) -> str:
    return _markdown(c, history, lambda runs: _runs_md(runs, text_md_escape), text_md_escape)


def _markdown(c: Comparison, history: History, runs_md, escape=pandoc_escape) -> str:
    out = [f"## {escape(history.act.title or history.act.id)}", f"*{escape(title_line(c))}*"]
    if c.repealed:
        out.append(escape(REPEALED + "".join(f" [{x.note}]" for x in c.act_causes)))
    if not c.changes and not c.repealed:
        out.append(escape(NO_CHANGES))
    for title, changes in _sections(c, history):
        if title:
            out.append(f"### {escape(title)}")
        for p in changes:
            out.append(f"**{escape(label(p))}**")
            if p.heading.changed:
                out.append(f"*{escape(HEADING)}:* {runs_md(p.heading.runs)}")
            if p.text.runs and p.status != UNCHANGED:  # only renumbered or moved: the label says it all
                out.append(runs_md(p.text.runs))
    cited = _cited(c)
    if cited:
        out.append(f"### {escape(changes_heading(history.act))}")
        out += [escape(f"[{x.note}] {x.text}") for x in cited]
    return "\n\n".join(out) + "\n"


def _runs_md(runs: tuple[Run, ...], escape) -> str:
    """Deleted words struck through, inserted ones in bold (spaces kept outside the markers)."""
    marks = {DEL: "~~", INS: "**"}
    return "".join(_wrap(_escape_keep_edges(r.text, escape), marks.get(r.kind, "")) for r in runs)


def _escape_keep_edges(text: str, escape=pandoc_escape) -> str:
    """Escape, keeping one leading and trailing space: runs are laid side by side."""
    lead = " " if text[:1].isspace() else ""
    trail = " " if text[-1:].isspace() and text.strip() else ""
    return lead + escape(" ".join(text.split())) + trail


def _wrap(text: str, mark: str) -> str:
    if not mark or not text.strip():
        return text
    core = text.strip(" ")
    lead, trail = text[: len(text) - len(text.lstrip(" "))], text[len(text.rstrip(" ")):]
    return f"{lead}{mark}{core}{mark}{trail}"


# --- docx (through pandoc's Markdown) --------------------------------------------------------

def to_docx_markdown(c: Comparison, history: History, acts: dict[str, Act]) -> str:
    """Markdown whose deletions and insertions pandoc turns into Word revisions (`w:del` / `w:ins`)."""
    fallback = c.b if c.b >= c.a else c.a

    def runs_md(runs: tuple[Run, ...]) -> str:
        out = []
        for r in runs:
            text = _escape_keep_edges(r.text)
            if r.kind == INS or r.kind == DEL:
                out.append(_tracked(text, "insertion" if r.kind == INS else "deletion", r.cause, acts, fallback))
            else:
                out.append(text)
        return "".join(out)

    return _markdown(c, history, runs_md)


def _tracked(text: str, kind: str, cause: Cause | None, acts: dict[str, Act], fallback) -> str:
    if not text.strip():
        return text
    act = acts.get(cause.amending_act) if cause else None
    author = short_citation(act) if act else (cause.amending_act if cause else UNKNOWN_AUTHOR)
    day = cause.effective if cause else fallback
    lead, core, trail = _edges(text)
    return f'{lead}[{core}]{{.{kind} author="{_attr(author)}" date="{day.isoformat()}T00:00:00Z"}}{trail}'


def _edges(text: str) -> tuple[str, str, str]:
    core = text.strip(" ")
    return text[: len(text) - len(text.lstrip(" "))], core, text[len(text.rstrip(" ")):]


def _attr(value: str) -> str:
    """An attribute value inside double quotes: pandoc reads backslash escapes there."""
    return value.replace("\\", "\\\\").replace('"', '\\"')


# --- html ------------------------------------------------------------------------------------

def to_html(c: Comparison, history: History) -> str:
    """A standalone fragment: <del>/<ins> redlines, notes linked by number; all text escaped."""
    e = html.escape
    out = ['<section class="qanun-diff">', f"<h2>{e(history.act.title or history.act.id)}</h2>",
           f'<p class="qanun-diff-dates">{e(title_line(c))}</p>']
    if c.repealed:
        out.append(f"<p>{e(REPEALED)}{_note_links(tuple(x.note for x in c.act_causes))}</p>")
    if not c.changes and not c.repealed:
        out.append(f"<p>{e(NO_CHANGES)}</p>")
    for title, changes in _sections(c, history):
        if title:
            out.append(f"<h3>{e(title)}</h3>")
        out += [_provision_html(p) for p in changes]
    cited = _cited(c)
    if cited:
        out.append(f"<h3>{e(changes_heading(history.act))}</h3>")
        out.append("<ol class=\"qanun-diff-notes\">")
        out += [f'<li id="qeyd-{x.note}" value="{x.note}">{e(x.text)}</li>' for x in cited]
        out.append("</ol>")
    out.append("</section>")
    return "\n".join(out) + "\n"


def _provision_html(p: ProvisionDiff) -> str:
    e = html.escape
    parts = [f'<article class="qanun-diff-{p.status}" data-id="{e(p.id)}" data-document="{e(p.document)}">',
             f"<h4>{e(label(p, notes=False))}{_note_links(p.notes)}</h4>"]
    if p.heading.changed:
        parts.append(f"<p><em>{e(HEADING)}:</em> {_runs_html(p.heading.runs)}</p>")
    if p.text.runs and p.status != UNCHANGED:  # a provision only renumbered or moved: its label says it all
        parts.append(f"<p>{_runs_html(p.text.runs)}</p>")
    parts.append("</article>")
    return "\n".join(parts)


def _note_links(notes: tuple[int, ...]) -> str:
    return "".join(f' <a href="#qeyd-{n}">[{n}]</a>' for n in notes)


def _runs_html(runs: tuple[Run, ...]) -> str:
    tags = {DEL: "del", INS: "ins"}
    out = []
    for r in runs:
        tag = tags.get(r.kind)
        out.append(f"<{tag}>{html.escape(r.text)}</{tag}>" if tag else html.escape(r.text))
    return "".join(out)


# --- json ------------------------------------------------------------------------------------

def to_json(c: Comparison, acts: dict[str, Act]) -> dict[str, Any]:
    return {
        "act": c.act,
        "from": c.a.isoformat(),
        "to": c.b.isoformat(),
        "repealed": c.repealed,
        "summary": {"added": len(c.added), "deleted": len(c.deleted), "renumbered": len(c.renumbered),
                    "changed": len(c.changed), "unchanged": len(c.unchanged)},
        "changes": [_provision_json(p) for p in c.changes],
        "notes": [_cause_json(x, acts) for x in _cited(c)],
        "unchanged": [{"document": p.document, "id": p.id, "num": p.num} for p in c.unchanged],
    }


def _provision_json(p: ProvisionDiff) -> dict[str, Any]:
    return {
        "document": p.document, "id": p.id, "unit": p.unit, "num": p.num, "num_from": p.num_a, "num_to": p.num_b,
        "status": p.status, "renumbered": p.renumbered, "moved": p.moved,
        "notes": list(p.notes), "amending_acts": list(p.amending_acts),
        "heading": _text_json(p.heading), "text": _text_json(p.text),
    }


def _text_json(d: TextDiff) -> dict[str, Any]:
    return {
        "old": d.old or None, "new": d.new or None,
        "edits": [{"start": e.start, "end": e.end, "old": e.old, "new": e.new,
                   "note": e.cause.note if e.cause else None,
                   "amending_act": e.cause.amending_act if e.cause else None} for e in d.edits],
    }


def _cause_json(x: Cause, acts: dict[str, Act]) -> dict[str, Any]:
    act = acts.get(x.amending_act)
    return {"number": x.note, "amending_act": x.amending_act, "citation": short_citation(act) if act else None,
            "change": x.change_index, "kind": x.kind.value, "effective": x.effective.isoformat(), "text": x.text}


__all__ = ["label", "short_citation", "title_line", "to_docx_markdown", "to_html", "to_json", "to_md",
           "to_txt"]
