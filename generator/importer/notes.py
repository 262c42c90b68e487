"""The closing lists of an official consolidated text: the amending acts and the notes [N].

Notes describe changes already made in the imported text: typing them as `changes` would apply them
twice, and the changes belong to the amending act's own source anyway. So both lists are kept verbatim
in the act's `notes` field, which the schema allows and the loader never publishes.
"""
from __future__ import annotations

import re

from ..language import az_casefold
from .clean import NOTE_CLOSE, NOTE_OPEN, Reporter
from .paragraphs import Para
from ..i18n import _

_SOURCES = "istifadə olunmuş mənbə sənədlərinin siyahısı"
_CHANGES = "edilmiş dəyişiklik və əlavələrin siyahısı"


def is_sources_heading(para: Para) -> bool:
    """“İSTİFADƏ OLUNMUŞ MƏNBƏ SƏNƏDLƏRİNİN SİYAHISI”: the list of amending acts starts."""
    return _is_list_heading(para, _SOURCES)


def is_changes_heading(para: Para) -> bool:
    """“QƏRARA EDİLMİŞ DƏYİŞİKLİK VƏ ƏLAVƏLƏRİN SİYAHISI”: the notes start."""
    return _is_list_heading(para, _CHANGES)


def _is_list_heading(para: Para, which: str) -> bool:
    """The headings of the two closing lists, set as a heading or in capitals (never words in a provision)."""
    capitals = all(c.isupper() for c in para.text if c.isalpha())
    return (para.heading or capitals) and which in " ".join(az_casefold(para.text).split())


def add_note(notes: list[Para], para: Para, report: Reporter) -> None:
    """A paragraph starting with [N] opens a note; any other continues the one before."""
    if para.text.startswith(NOTE_OPEN) or not notes:
        if not para.text.startswith(NOTE_OPEN):
            report(para.no, _("text in the list of changes before its first note [N]; kept with the notes"))
        notes.append(para)
    else:
        notes[-1].lines += para.lines


def notes_text(sources: list[Para], notes: list[Para], report: Reporter) -> str | None:
    """The list of amending acts and the notes, verbatim, for maintainers (never published)."""
    if not notes and not sources:
        return None
    blocks = []
    if sources:
        blocks.append("İSTİFADƏ OLUNMUŞ MƏNBƏ SƏNƏDLƏRİNİN SİYAHISI (imported, not applied):")
        blocks += [p.text for p in sources]
    if notes:
        blocks.append("Notes of the consolidated text (their changes are already in this text; not applied):")
        blocks += [re.sub(rf"{NOTE_OPEN}(\d+){NOTE_CLOSE}\s*", r"[\1] ", p.text) for p in notes]
        if len(notes) == 1:
            report(notes[0].no, _("1 note kept in `notes`, not applied: the text already has its change. For the "
                                  "history, add the amending act it cites with its `changes` and import the text as "
                                  "it was before it"))
        else:
            report(notes[0].no, _("{count} notes kept in `notes`, not applied: the text already has their changes. "
                                  "For the history, add the amending acts they cite with their `changes` and import "
                                  "the text as it was before them", count=len(notes)))
    return "\n\n".join(blocks) + "\n"
