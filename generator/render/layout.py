"""The reading order of a consolidated text, shared by every text format.

`layout()` turns a version into a flat list of blocks laid out like the State Register's
consolidated texts (seed 003): header table, status, title, preamble, provisions, signature,
annexes, the list of amending acts and the list of changes. Renderers only decide how each block
looks, so the formats cannot drift apart.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..consolidate import History, Note, Version, VersionedProvision
from ..language import Case, az_upper, format_date, format_date_short, inflect, ordinal
from ..model import BODY, Act
from ..notes import PREVIOUS_WORDING, citation

AMENDING_ACTS_HEADING = "İSTİFADƏ OLUNMUŞ MƏNBƏ SƏNƏDLƏRİNİN SİYAHISI"


@dataclass(frozen=True)
class Block:
    kind: str  # header | status | title | para | enacting | provision | signature | stamp | list_heading | source | note
    text: str = ""
    num: str = ""
    heading: str | None = None
    note: int | None = None
    depth: int = 0
    rows: tuple[tuple[str, str], ...] = ()
    lines: tuple[str, ...] = ()  # signature lines; note paragraphs
    previous: tuple[str | None, ...] = ()  # per note paragraph: the old wording it quotes
    doc: str = ""  # the document (BODY or an annex id) a block of the text belongs to; "" outside the text
    provision: VersionedProvision | None = None  # for a provision block: the provision itself


def changes_heading(act: Act) -> str:
    """“QƏRARA EDİLMİŞ DƏYİŞİKLİK VƏ ƏLAVƏLƏRİN SİYAHISI”: the act's type in the dative."""
    return f"{az_upper(inflect(act.type, Case.DAT))} EDİLMİŞ DƏYİŞİKLİK VƏ ƏLAVƏLƏRİN SİYAHISI"


def header_rows(act: Act) -> tuple[tuple[str, str], ...]:
    """The State Register header table, in its order; a field the sources do not give stays empty."""
    def short(d: dt.date | None) -> str:
        return format_date_short(d) if d else ""
    return (
        ("AKTIN NÖVÜ", act.issuer or act.type_name or ""),
        ("QƏBUL EDİLDİYİ TARİX", short(act.adopted)),
        ("QEYDİYYAT NÖMRƏSİ", act.number or ""),
        ("ADI", act.title or ""),
        ("RƏSMİ DƏRC EDİLDİYİ MƏNBƏ", "; ".join(_publication(p) for p in act.publication)),
        ("QÜVVƏYƏ MİNMƏ TARİXİ", short(act.in_force)),
        ("AZƏRBAYCAN RESPUBLİKASI VAHİD HÜQUQI TƏSNİFATI ÜZRƏ İNDEKS KODU", " ".join(act.classification)),
        ("HÜQUQİ AKTLARIN DÖVLƏT REYESTRİNİN QEYDİYYAT NÖMRƏSİ", act.register.number if act.register else ""),
        ("HÜQUQİ AKTIN HÜQUQİ AKTLARIN DÖVLƏT REYESTRİNƏ DAXİL EDİLDİYİ TARİX",
         short(act.register.entered) if act.register else ""),
    )


def _publication(p) -> str:
    details = []
    if p.date:
        details.append(f"Dərc olunma tarixi: {p.date.strftime('%d-%m-%Y')}")
    elif p.year:
        details.append(f"İl: {p.year}")
    if p.issue:
        details.append(f"Nəşr nömrəsi: {p.issue}")
    if p.article:
        details.append(f"Maddə nömrəsi: {p.article}")
    if p.volume:
        details.append(f"Cild: {p.volume}")
    return f"{p.source} ({', '.join(details)})" if details else p.source


def status_line(history: History, version: Version, day: dt.date, acts: dict[str, Act]) -> str:
    """What the reader must know first: in force, not yet in force, a past version, or repealed."""
    act = history.act
    if day < act.starts:
        return f"Qüvvəyə minməyib: akt {format_date_short(act.starts)} tarixində qüvvəyə minir."
    if version.repealed:
        return f"Ləğv edilib: {format_date_short(version.start)} tarixindən qüvvədə deyil{_repealed_by(history, acts)}."
    end = f" {format_date_short(version.end)} tarixinədək" if version.end else ""
    return f"Redaksiya: {format_date_short(version.start)} tarixindən{end}."


def _repealed_by(history: History, acts: dict[str, Act]) -> str:
    """“ (13 yanvar 2024-cü il tarixli 21 nömrəli … Qərarının 4-cü bəndi ilə)”: who repealed it, and where."""
    change = history.repealed_by
    if change is None:
        return ""
    by = acts[change.amending_act]
    name = f"{format_date(by.adopted)} tarixli {by.number} nömrəli {by.cited_as}"
    if change.by:
        name = f"{inflect(name, Case.GEN, possessive=True)} {ordinal(change.by)} bəndi"
    return f" ({name} ilə)"


def layout(history: History, version: Version, day: dt.date, acts: dict[str, Act]) -> list[Block]:
    act = history.act
    notes = {(n.document, n.provision): n for n in version.notes}
    whole = notes.get(("", ""))
    blocks = [Block("header", rows=header_rows(act)), Block("status", status_line(history, version, day, acts))]
    blocks.append(Block("title", act.title or citation(act), note=whole.number if whole else None, doc=BODY))
    if act.preamble:
        blocks.append(Block("para", act.preamble, doc=BODY))
    if act.enacting_formula:
        blocks.append(Block("enacting", act.enacting_formula, doc=BODY))
    blocks += _provisions(version, BODY)
    if act.signatories:
        lines = tuple(line for s in act.signatories for line in (s.position, s.name) if line)
        blocks.append(Block("signature", lines=lines, doc=BODY))
    if act.date_line:
        blocks.append(Block("signature", lines=(act.date_line, *([f"№ {act.number}"] if act.number else [])), doc=BODY))
    for annex in act.annexes:
        if annex.stamp:
            blocks.append(Block("stamp", annex.stamp, doc=annex.id))
        blocks.append(Block("title", " ".join(annex.heading) if annex.heading else annex.title, doc=annex.id))
        blocks += _provisions(version, annex.id)
    if version.amending_acts:
        blocks.append(Block("list_heading", AMENDING_ACTS_HEADING))
        blocks += [Block("source", citation(acts[a]), num=str(i)) for i, a in enumerate(version.amending_acts, 1)]
    if version.notes:
        blocks.append(Block("list_heading", changes_heading(act)))
        blocks += [_note(n) for n in version.notes]
    return blocks


def _provisions(version: Version, doc: str) -> list[Block]:
    blocks = []

    def visit(p: VersionedProvision, depth: int) -> None:
        blocks.append(Block("provision", p.text or "", num=p.num, heading=p.heading,
                            note=version.note_number(doc, p.id), depth=depth, doc=doc, provision=p))
        for child in p.children:
            visit(child, depth + 1)

    for p in version.document(doc).provisions:
        visit(p, 0)
    return blocks


def _note(note: Note) -> Block:
    # `note` is set only when the note has a marker in the text to link back to.
    return Block("note", num=str(note.number), note=note.number if note.marked else None,
                 lines=tuple(e.text for e in note.entries),
                 previous=tuple(e.previous for e in note.entries))


__all__ = ["AMENDING_ACTS_HEADING", "PREVIOUS_WORDING", "Block", "changes_heading", "header_rows", "layout", "status_line"]
