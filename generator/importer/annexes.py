"""Annexes: the approval stamp that opens each one, its heading, and its provisions.

“<issuer> <date> tarixli <N> nömrəli <Type> ilə təsdiq edilmişdir.” opens an annex; the stamp names the
approving act, so it also checks the act's number and date (identity.py).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from ..language import ascii_fold
from .body import Item, all_items, provisions, unit_plan
from .clean import Reporter, short
from .dates import cited_acts
from ..i18n import _

STAMP = re.compile(r"təsdiq (?:edilmişdir|olunmuşdur)\.?$", re.I)


@dataclass
class Annex:
    stamp: str
    stamp_line: int
    heading: list[tuple[str, int]] = field(default_factory=list)  # (text, line) of each heading paragraph
    items: list[Item] = field(default_factory=list)


@dataclass(frozen=True)
class Stamp:
    issuer: str
    adopted: dt.date
    number: str
    type_word: str
    line: int


def read_stamp(annex: Annex) -> Stamp | None:
    """“<issuer> <date> tarixli <N> nömrəli <Type> ilə təsdiq edilmişdir.”"""
    text = annex.stamp
    cited = cited_acts(text)
    if not cited:
        return None
    c = cited[0]
    rest = text[c.end:].split()
    return Stamp(text[:c.start].strip(), c.adopted, c.number, rest[0] if rest else "", annex.stamp_line)


def annex_source(annex: Annex, body: list[Item], marks: dict[tuple[str, str], int],
                 report: Reporter) -> dict[str, Any]:
    """One entry of the source's `annexes`; `body` is the act's provisions, which quote the annex's name."""
    parts = [text for text, _ in annex.heading]
    title = _title(parts, body)
    out: dict[str, Any] = {"id": annex_id(title)}
    out["stamp"] = annex.stamp
    out["title"] = title
    if parts and parts != [title]:
        out["heading"] = parts
    if not annex.items:
        report(annex.stamp_line, _("annex without numbered provisions; its text was not imported"))
    line = annex.heading[0][1] if annex.heading else annex.stamp_line
    report(line, _("annex “{title}”: whether the last noun of its title is possessive (meyarları) or not "
                   "(Əsasnamə) is not guessed: set `head_noun` (plain by default)", title=short(title)))
    out["provisions"] = provisions(annex.items, unit_plan(annex.items, annex=True), out["id"], marks)
    return out


def _title(parts: list[str], body: list[Item]) -> str:
    """The annex's name as the act itself quotes it (“… Əsasnamə” təsdiq edilsin), else its heading."""
    if not parts:
        return "Əlavə"
    words = " ".join(parts).split()
    pattern = re.compile(r"\s+".join(map(re.escape, words)), re.I)
    for item in all_items(body):
        m = pattern.search(item.text)
        if m:
            return m.group(0)
    return " ".join(parts)


def annex_id(title: str) -> str:
    """A short id from the title's last word: “… Əsasnamə” → esasname."""
    words = re.findall(r"\w+", ascii_fold(title))
    return (words[-1] if words else "elave").lower()
