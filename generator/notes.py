"""Wording of amendment notes, generated from a change and where it applies (DOMAIN.md §4).

Every note reads `<citation of the amending act> ilə <place> <change>.` In State Register style the
place starts with the amended document's title in the genitive, so the provision word takes the
possessive (“…”nin 2.5-ci bəndində); in law style a law's own articles are named plainly, without its
title (“3-cü maddədə”, “49-cu maddə”). A sentence or heading hangs off the provision in the genitive
(2.6-cı bəndin 2-ci cümləsindən). Nothing here is ever typed in a source.
"""
from __future__ import annotations

from dataclasses import dataclass

from .language import Case, Form, format_date, inflect, ordinal, ordinal_word, quoted, quoted_case, unit_word, words_label
from .model import BODY, Act, Change, ChangeKind, Document

PREVIOUS_WORDING = "Əvvəlki redaksiyada deyilirdi:"

_DELETE_VERB = {"çıxarılsın": "çıxarılmışdır", "ləğv edilsin": "ləğv edilmişdir", None: "çıxarılmışdır"}


@dataclass(frozen=True)
class Place:
    """What a note needs to know of the changed place, as it was just before the change."""

    num: str | None = None
    unit: str | None = None
    parent_num: str | None = None  # for an added provision: where it was added
    parent_unit: str | None = None
    sentence_count: int = 0  # sentences in the provision before a sentence was added


def citation(act: Act) -> str:
    """How notes and the list of amending acts cite an act (seed 003)."""
    head = f"{format_date(act.adopted)} tarixli {act.number} nömrəli {act.cited_as}"
    if act.register:
        return (f"{head} (Hüquqi Aktların Dövlət Reyestrinin qeydiyyat nömrəsi {act.register.number}, "
                f"Hüquqi Aktların Dövlət Reyestrinə daxil edildiyi tarix {format_date(act.register.entered)})")
    publications = [_publication(p) for p in act.publication]
    return f"{head} ({'; '.join(publications)})" if publications else head


def _publication(p) -> str:
    parts = [p.source]
    if p.date:
        parts.append(format_date(p.date))
    elif p.year:
        parts.append(f"{ordinal(p.year)} il")
    if p.issue:
        parts.append(f"№ {p.issue}")
    if p.article:
        parts.append(f"maddə {p.article}")
    text = ", ".join(parts)
    return f"{text} (Cild {p.volume})" if p.volume else text


def note_text(change: Change, amending: Act, amended: Act, place: Place) -> str:
    """The note sentence for one change."""
    if change.kind is ChangeKind.REPEAL:
        return f"{citation(amending)} ilə ləğv edilmişdir."
    doc = amended.document(change.target.document)
    return f"{citation(amending)} ilə {_what(change, amended, doc, place)}."


def _what(change: Change, act: Act, doc: Document, place: Place) -> str:
    kind, t = change.kind, change.target
    style = act.note_style
    # State Register style names the place after the document's title (“…”nin 2.5-ci bəndində); law
    # style, on a law's own text, names its articles plainly (“3-cü maddədə”, “49-cu maddə”).
    titled = not (style == "law" and doc.id == BODY)
    if kind is ChangeKind.ADD_PROVISION:
        if place.parent_num:
            parent = _designate(place.parent_num, place.parent_unit, Form.POSS_DAT if titled else Form.DAT)
            where = f"{_title(act, doc, Case.GEN)} {parent} " if titled else f"{parent} "
        else:
            where = f"{_title(act, doc, Case.DAT)} " if titled else ""
        added = change.provision
        return f"{where}yeni məzmunda {_designate(added.num, added.unit, Form.BARE)} əlavə edilmişdir"
    title = f"{_title(act, doc, Case.GEN)} " if titled else ""
    if kind is ChangeKind.ADD_SENTENCE:
        n = place.sentence_count + 1
        target = _designate(place.num, place.unit, Form.POSS_DAT if titled else Form.DAT)
        return f"{title}{target} {_sentence_number(n, style)} cümlə əlavə edilmişdir"
    case = {ChangeKind.REPLACE_WORDS: Case.LOC, ChangeKind.INSERT_WORDS: Case.LOC,
            ChangeKind.DELETE_WORDS: Case.ABL}.get(kind, Case.NOM)
    return f"{title}{_part(t.sentence, t.heading, place, case, style, titled)} {_verb(change, place)}"


def _verb(change: Change, place: Place) -> str:
    kind = change.kind
    if kind is ChangeKind.REPLACE_WORDS:
        return (f"{quoted(change.old)} {words_label(change.old, Case.NOM)} "
                f"{quoted(change.new)} {words_label(change.new, Case.NOM)} ilə əvəz edilmişdir")
    if kind is ChangeKind.DELETE_WORDS:
        return f"{quoted(change.old)} {words_label(change.old, Case.NOM)} çıxarılmışdır"
    if kind is ChangeKind.INSERT_WORDS:
        side = "əvvəl" if change.before else "sonra"
        return (f"{quoted(change.old)} {words_label(change.old, Case.ABL)} {side} "
                f"{quoted(change.new)} {words_label(change.new, Case.NOM)} əlavə edilmişdir")
    if kind is ChangeKind.RESTATE:
        return "yeni redaksiyada verilmişdir"
    if kind is ChangeKind.RENUMBER:
        return f"{_designate(change.to, place.unit, Form.BARE)} hesab edilmişdir"
    return _DELETE_VERB[change.verb]  # delete_provision, delete_sentence


def _part(sentence: int | None, heading: bool, place: Place, case: Case, style: str, titled: bool = True) -> str:
    """The changed place in `case`: the provision itself, one of its sentences, or its heading.

    After the document's title the provision word takes the possessive (“2.5-ci bəndində”); without
    it, the bare form (“3-cü maddədə”).
    """
    if sentence:
        form = {Case.NOM: Form.POSS, Case.LOC: Form.POSS_LOC, Case.ABL: Form.POSS_ABL}[case]
        return f"{_designate(place.num, place.unit, Form.GEN)} {_sentence_number(sentence, style)} {unit_word('cümlə', form)}"
    if heading:
        name = {Case.NOM: "adı", Case.LOC: "adında", Case.ABL: "adından"}[case]
        return f"{_designate(place.num, place.unit, Form.GEN)} {name}"
    forms = ({Case.NOM: Form.POSS, Case.LOC: Form.POSS_LOC, Case.ABL: Form.POSS_ABL} if titled
             else {Case.NOM: Form.BARE, Case.LOC: Form.LOC, Case.ABL: Form.ABL})
    return _designate(place.num, place.unit, forms[case])


def _designate(num: str, unit: str | None, form: Form) -> str:
    """“2.4.2-ci yarımbəndindən”, or “ç” bəndi for a lettered provision (letters take no suffix)."""
    word = unit_word(unit, form) if unit else ""
    label = ordinal(num) if num.replace(".", "").isdigit() else quoted(num)
    return f"{label} {word}".strip()


def _sentence_number(n: int, style: str) -> str:
    return ordinal_word(n) if style == "law" else ordinal(n)


def _title(act: Act, doc: Document, case: Case) -> str:
    """The amended document's name in `case`: an annex by its title, the act by title and type."""
    if doc.id != BODY:
        return quoted_case(doc.title, case, possessive=doc.head_noun_possessive)
    if not act.cited_as:
        raise ValueError(f"act {act.id} has no `cited_as`")
    name = inflect(act.cited_as, case, possessive=True)
    return f"{quoted(act.title)} {name}" if act.title else name
