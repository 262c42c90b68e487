"""Stage 3: paragraphs → the parts of an act, in the order they come.

front matter (title, preamble, formula) → provisions → closing (signature, date, number) → for each
annex its stamp, heading and provisions → the list of amending acts → the notes. A paragraph that fits
no part is reported with its line, never dropped silently.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .annexes import STAMP, Annex
from .body import Item, Tree, attach, read_item
from .clean import Reporter, same, short
from .closing import split_signature
from .notes import add_note, is_changes_heading, is_sources_heading
from .paragraphs import NUMBERED, RULE, Para
from ..i18n import _

_REGISTER_BANNER = "azərbaycan respublikasının hüquqi aktların dövlət reyestri"


@dataclass
class Parsed:
    front: list[Para] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    closing: list[Para] = field(default_factory=list)
    annexes: list[Annex] = field(default_factory=list)
    sources: list[Para] = field(default_factory=list)
    notes: list[Para] = field(default_factory=list)


def walk(paras: list[Para], report: Reporter) -> Parsed:
    """Assign each paragraph to a part of the act, in the order the parts come."""
    parsed = Parsed()
    phase = "front"
    tree = Tree(parsed.items, report)
    for para in paras:
        if is_sources_heading(para):
            phase = "sources"
            continue
        if is_changes_heading(para):
            phase = "notes"
            continue
        if phase == "sources":
            parsed.sources.append(para)
            continue
        if phase == "notes":
            add_note(parsed.notes, para, report)
            continue
        if RULE.match(para.text):
            phase = "after_annex" if phase == "annex" else phase
            continue
        if para.heading and same(para.text, _REGISTER_BANNER):
            continue  # the banner over the State Register's own header table
        if phase in ("body", "closing", "annex", "annex_heading", "after_annex") and STAMP.search(para.text):
            signature, para = split_signature(para)
            if signature:  # no blank line between the signatory's name and the stamp (seed 003)
                parsed.closing.append(signature)
            parsed.annexes.append(Annex(para.text, para.no))
            tree = Tree(parsed.annexes[-1].items, report)
            phase = "annex_heading"
            continue
        m = NUMBERED.match(para.text)
        if phase in ("front", "body", "annex_heading", "annex") and m:
            item = read_item(para, m)
            if tree.fits(item.num):
                tree.add(item)
                phase = "body" if phase in ("front", "body") else "annex"
                continue
            if tree.last is not None:
                report(para.no, _("“{num}.” cannot follow provision {label} here; read as part of its text",
                                  num=m.group(1), label=tree.last.label))
                tree.last.text = f"{tree.last.text} {para.text}".strip()
                continue
        if phase == "front":
            parsed.front.append(para)
        elif phase == "body":
            if attach(tree.last, para):
                continue
            phase = "closing"
            parsed.closing.append(para)
        elif phase == "closing":
            parsed.closing.append(para)
        elif phase == "annex_heading":
            parsed.annexes[-1].heading.append((para.text, para.no))
        elif phase == "annex":
            if not attach(tree.last, para):
                last = tree.last
                report(para.no, _("unnumbered paragraph after provision {label}: joined to its text (check whether "
                                  "it is a paragraph of its own)", label=last.label))
                last.text = f"{last.text} {para.text}".strip()
        else:
            report(para.no, _("text after the end of the annex not placed: “{text}”", text=short(para.text)))
    return parsed
