"""Import: a State-Register-style text (plain, PDF-extracted or Markdown-ish) → an act source in YAML.

The input is what the seeds are: a header table (AKTIN NÖVÜ …), the title, the preamble and the
enacting formula, numbered provisions, the signature, place and date, the number, then each annex
after its approval stamp (“… təsdiq edilmişdir.”), and in an official consolidated text the list of
amending acts and the notes.

Stages, each a small pure function in its own module: clean the lines (clean.py) → cut them into
paragraphs (paragraphs.py) → read the header (header.py) → walk the paragraphs through the parts of an
act (parts.py) → build the source data (here, from body.py, closing.py, annexes.py, notes.py and
identity.py) → dump YAML (emit.py). Anything the importer cannot place is reported with its line
number; nothing is silently dropped and nothing is invented (DOMAIN.md §1).

Notes of a consolidated text (seed 003) are kept verbatim in the act's `notes` field, never typed as
changes (notes.py), and each marked provision gets a `# [N]` comment pointing there.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Sequence

from .annexes import annex_source, read_stamp
from .body import front_matter, provisions, repeals, unit_plan
from .clean import Reporter, clean_lines
from .closing import read_closing
from .emit import to_yaml
from .header import HeaderValue, given, header_fields, read_header, register
from .identity import act_kind, act_number, adoption_date, cited_as, derive_id
from .notes import notes_text
from .paragraphs import split_paragraphs
from .parts import Parsed, walk

__all__ = ["Imported", "KnownAct", "Report", "import_text", "to_yaml"]


@dataclass(frozen=True)
class Report:
    line: int
    message: str


@dataclass(frozen=True)
class KnownAct:
    """An act already in the project, so that a repeal in the imported text can name it."""

    id: str
    adopted: dt.date
    number: str | None


@dataclass
class Imported:
    data: dict[str, Any]  # the source, in the order the YAML is written
    reports: list[Report]
    note_marks: dict[tuple[str, str], int] = field(default_factory=dict)  # (document, num) → note number


def import_text(text: str, known: Sequence[KnownAct] = (), act_id: str | None = None) -> Imported:
    """The source data and every report; `known` lets a repeal name its target act by id."""
    reports: list[Report] = []

    def report(line: int, message: str) -> None:
        reports.append(Report(line, message))

    lines = clean_lines(text)
    header = read_header(lines, report)
    parsed = walk(split_paragraphs(lines), report)
    marks: dict[tuple[str, str], int] = {}
    data = _source(parsed, header, known, act_id, marks, report)
    return Imported(data, sorted(reports, key=lambda r: r.line), marks)


def _source(p: Parsed, header: list[HeaderValue], known: Sequence[KnownAct], act_id: str | None,
            marks: dict[tuple[str, str], int], report: Reporter) -> dict[str, Any]:
    """The source's fields in the order the YAML is written. The parts are read in a fixed order
    (type, closing, number, date, front matter …) because reports on one line keep that order."""
    stamps = [s for a in p.annexes if (s := read_stamp(a))]
    d: dict[str, Any] = {"kind": "act"}
    kind, type_name, issuer = act_kind(given(header, "kind"), stamps, p.front, report)
    closing = read_closing(p.closing, report)
    number = act_number(given(header, "number"), closing.get("number"), stamps, report)
    adopted = adoption_date(given(header, "adopted"), closing.get("adopted"), stamps, report)
    header_title = next((v.value for v in given(header, "title")), None)
    title, preamble, formula = front_matter(p.front, header_title, report)
    stamp_issuer = stamps[0].issuer if stamps else None
    d["id"] = act_id or derive_id(issuer, type_name, stamp_issuer, adopted, number)
    d["type"] = kind
    d["note_style"] = "law" if kind in ("qanun", "məcəllə", "konstitusiya") else "register"
    if issuer:
        d["issuer"] = issuer
    if type_name:
        d["type_name"] = type_name
    if named := cited_as(stamps):
        d["cited_as"] = named
    if number:
        d["number"] = number
    if title:
        d["title"] = title
    d["adopted"] = adopted or dt.date(1900, 1, 1)
    d.update(header_fields(header, report))
    if closing.get("place"):
        d["place"] = closing["place"]
    if entry := register(header, report):
        d["register"] = entry
    if preamble:
        d["preamble"] = preamble
    if formula:
        d["enacting_formula"] = formula
    if p.items:
        d["provisions"] = provisions(p.items, unit_plan(p.items, annex=False), "body", marks)
    if closing.get("signatories"):
        d["signatories"] = closing["signatories"]
    if closing.get("date_line"):
        d["date_line"] = closing["date_line"]
    if changes := repeals(p.items, known, report):
        d["changes"] = changes
    if p.annexes:
        d["annexes"] = [annex_source(a, p.items, marks, report) for a in p.annexes]
    if notes := notes_text(p.sources, p.notes, report):
        d["notes"] = notes
    return d
