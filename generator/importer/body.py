"""The body of an act: title, preamble and enacting formula, then the numbered provisions.

Provisions are read into a tree (`Item`, `Tree`) and written out with their units decided by depth
(`unit_plan`, `provisions`); a provision that repeals an act the project holds becomes a change.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Iterable, Sequence

from ..language import az_casefold
from .clean import Reporter, same, short, take_note
from .dates import cited_acts
from .paragraphs import TERMINAL, Para
from ..i18n import _

if TYPE_CHECKING:
    from . import KnownAct

FORMULA = re.compile(r"(?:^|\s)(qərara alır(?:am)?|qərara alınır|fərman verirəm|sərəncam verirəm|əmr edirəm)\s*:?\s*$",
                     re.I)


@dataclass
class Item:
    """A numbered provision as read, before units are decided."""

    num: tuple[int, ...]
    line: int
    text: str
    heading_para: bool = False  # read from a Markdown heading or standing alone: a chapter title
    extra: list[str] = field(default_factory=list)  # unnumbered paragraphs that follow it
    children: list[Item] = field(default_factory=list)
    note: int | None = None

    @property
    def label(self) -> str:
        return ".".join(map(str, self.num))


def read_item(para: Para, m: re.Match) -> Item:
    """The provision a paragraph starts, from its NUMBERED match."""
    text, note = take_note(m.group(2))
    return Item(tuple(int(n) for n in m.group(1).split(".")), para.no, text, heading_para=para.heading, note=note)


class Tree:
    """Numbered paragraphs into a tree, accepting a number only where it can follow the one before.

    A line that merely starts with “4. ” inside a wrapped sentence would otherwise start a provision.
    """

    def __init__(self, items: list[Item], report: Reporter) -> None:
        self.items = items
        self.report = report
        self.path: list[Item] = []

    def fits(self, num: tuple[int, ...]) -> bool:
        if not self.path:
            return len(num) == 1
        parent_num = num[:-1]
        chain = [p.num for p in self.path]
        if parent_num and parent_num not in chain:
            return False
        siblings = self.siblings(parent_num)
        last = siblings[-1].num[-1] if siblings else 0
        return num[-1] > last

    def siblings(self, parent_num: tuple[int, ...]) -> list[Item]:
        if not parent_num:
            return self.items
        return next(p for p in self.path if p.num == parent_num).children

    def add(self, item: Item) -> None:
        parent_num = item.num[:-1]
        siblings = self.siblings(parent_num)
        expected = (siblings[-1].num[-1] if siblings else 0) + 1
        if item.num[-1] != expected:
            if siblings:
                self.report(item.line, _("provision {label} follows {previous}: numbers are skipped", label=item.label,
                                         previous=siblings[-1].label))
            else:
                self.report(item.line, _("provision {label} follows no sibling: numbers are skipped",
                                         label=item.label))
        siblings.append(item)
        self.path = [p for p in self.path if len(p.num) < len(item.num) and item.num[:len(p.num)] == p.num] + [item]

    @property
    def last(self) -> Item | None:
        return self.path[-1] if self.path else None


def attach(item: Item | None, para: Para) -> bool:
    """An unnumbered paragraph right after a chapter heading is that chapter's own text (seed 003, 1.)."""
    if item is None or item.children or item.extra or not heading_like(item) or para.heading:
        return False
    text, note = take_note(para.text)
    item.extra.append(text)
    item.note = note or item.note
    return True


def heading_like(item: Item) -> bool:
    return item.heading_para or not item.text.endswith(TERMINAL)


def all_items(items: list[Item]) -> Iterable[Item]:
    """Every provision, depth first."""
    for item in items:
        yield item
        yield from all_items(item.children)


def front_matter(paras: list[Para], header_title: str | None,
          report: Reporter) -> tuple[str | None, str | None, str | None]:
    """Title, preamble and enacting formula from the paragraphs before the first provision."""
    paras = list(paras)
    formula, preamble_parts = None, []
    for i, para in enumerate(paras):
        m = FORMULA.search(az_casefold(para.text))  # same length: I→ı and İ→i are one letter each
        if m:
            formula = para.text[m.start(1):].strip()
            head = para.text[:m.start()].strip()
            before = paras[:i]
            preamble_parts = [head] if head else ([before.pop().text] if before else [])
            paras = before + paras[i + 1:]
            break
    if formula is None and paras:
        report(paras[-1].no, _("no enacting formula (“qərara alır:”) found; the last paragraph before the "
                               "provisions is taken as the preamble"))
        preamble_parts = [paras.pop().text]
    title = header_title
    leftover = [p for p in paras if not (header_title and same(p.text, header_title))]
    if title is None and leftover:
        title = leftover.pop(0).text
    for para in leftover:
        report(para.no, _("paragraph before the provisions not placed: “{text}”", text=short(para.text)))
    return title, " ".join(preamble_parts) or None, formula


def repeals(items: list[Item], known: Sequence[KnownAct], report: Reporter) -> list[dict[str, Any]]:
    """A provision that repeals an act the project holds becomes a `repeal` change; others are reported."""
    changes = []
    for item in all_items(items):
        if not re.search(r"(ləğv edilsin|qüvvədən düşmüş hesab edilsin)\.?$", item.text):
            continue
        for cited in cited_acts(item.text):
            match = [a for a in known if a.adopted == cited.adopted and a.number == cited.number]
            if len(match) == 1:
                changes.append({"by": item.label, "target": {"act": match[0].id}, "repeal": True})
            else:
                report(item.line, _("provision {label} repeals the act of {adopted} No {number}, which is not among "
                                    "the project's acts: add it and a `repeal` change by hand", label=item.label,
                                    adopted=cited.adopted, number=cited.number))
    return changes


def unit_plan(items: list[Item], annex: bool) -> tuple[str, ...]:
    """Units by depth. An annex whose top-level items are titled chapters with numbered points:
    hissə / bənd / yarımbənd (the Regulation, the criteria); otherwise bənd / yarımbənd."""
    chapters = annex and any(i.children for i in items) and all(heading_like(i) for i in items if i.children)
    return ("hissə", "bənd", "yarımbənd") if chapters else ("bənd", "yarımbənd")


def provisions(items: list[Item], units: tuple[str, ...], document: str, marks: dict[tuple[str, str], int],
               depth: int = 0) -> list[dict[str, Any]]:
    """The source's `provisions`; each note reference is recorded in `marks` as (document, num) → note."""
    out = []
    for item in items:
        unit = units[min(depth, len(units) - 1)]
        p: dict[str, Any] = {"num": item.label, "unit": unit}
        if unit == "hissə":
            p["heading"] = item.text
            if item.extra:
                p["text"] = " ".join(item.extra)
        else:
            text = " ".join([item.text, *item.extra]).strip()
            if text:
                p["text"] = text
        if item.children:
            p["children"] = provisions(item.children, units, document, marks, depth + 1)
        if item.note:
            marks[(document, item.label)] = item.note
        out.append(p)
    return out
