"""Akoma Ntoso 3.0 rendering (pure): one version of an act → an `<akomaNtoso><act>` document.

Two entry points, one renderer:
- `version_xml(history, version, histories)`: a consolidated version, with its notes,
  `passiveModifications` (every change that made it what it is), lifecycle up to its start, and
  `activeModifications` when the act amends others;
- `source_xml(act, histories)`: the act as adopted, before any change to it: the form an
  `acts/*.xml` source takes (generator/akn_load.py reads it back to the same model).

Mapping of the model (documented in README.md, “Akoma Ntoso”):
- Units → hierarchy elements. `bölmə` → `part`, `fəsil` → `chapter`, `maddə` → `article`,
  `hissə` → `chapter` (a regulation's numbered chapters, “1. Ümumi müddəalar”) or, inside an
  article, `paragraph` (a law's numbered parts), `bənd` → `paragraph` (a regulation's points 2.4)
  or, inside an article, `point` (a law's lettered items “ç”), `yarımbənd` → `point`,
  `abzas` → `alinea` (an unnumbered paragraph: the Italian/French *alinea* is the same thing).
  The exact unit word is kept in `qanun:unit`, because the element alone cannot tell `fəsil` from a
  chapter-`hissə`.
- eId from the number the provision has *in this version* (`att_1__chp_2__para_2.4__point_2.4.2`;
  internal dots are kept, the schema allows any non-space character), wId from the stable id, built
  the same way: both survive as strings a reader can follow. Annexes are `attachment`s named
  `att_<n>`, and their eIds carry that prefix, so eIds are unique in the whole file as the schema's
  `unique` constraint on `act` demands.
- Notes go in `meta/notes` as `<note eId="note_N" marker="N">`, with a `<noteRef>` at the end of
  the changed provision's words (on its heading when it has no words of its own; on the title for a
  repeal), as the State Register places its `[N]`.
- Each change is a `textualMod`. Its `<old>`/`<new>` are `anyOtherType`, so words go in a
  `qanun:text` element (a provision in `qanun:provision`). On the amending act's own
  `activeModifications`, `qanun:*` attributes carry what Akoma Ntoso has no place for (the change's
  kind, target act and provision by number, sentence, occurrence, anchor words, effective date …):
  the change round-trips through the standard element, with no second copy in `proprietary`.
- Source facts Akoma Ntoso has no element for (note style, order, publications, the State Register
  entry, an annex's head noun) sit in `meta/proprietary` in the qanun namespace.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from lxml import etree

from ..consolidate import History, Note, NoteEntry, Version, VersionedDocument, VersionedProvision
from ..language import format_date
from ..model import BODY, Act, Change, ChangeKind, Document, Provision
from ..notes import PREVIOUS_WORDING, citation
from ..uri import LANGUAGE, FrbrUri

AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
QANUN_NS = "https://qanun.example/ns/akn/1.0"
NSMAP = {None: AKN_NS, "qanun": QANUN_NS}
SOURCE = "#qanun"  # qanun itself: the source of all metadata it writes

# unit → element outside an article, element inside one
UNIT_ELEMENTS: dict[str, tuple[str, str]] = {
    "bölmə": ("part", "part"),
    "fəsil": ("chapter", "chapter"),
    "maddə": ("article", "article"),
    "hissə": ("chapter", "paragraph"),
    "bənd": ("paragraph", "point"),
    "yarımbənd": ("point", "point"),
    "abzas": ("alinea", "alinea"),
}
# eId abbreviations of the Akoma Ntoso naming convention; other elements use their own name
ABBREVIATIONS = {"article": "art", "chapter": "chp", "paragraph": "para", "alinea": "al",
                 "subparagraph": "subpara", "section": "sec", "attachment": "att"}

MOD_TYPES = {
    ChangeKind.REPLACE_WORDS: "substitution", ChangeKind.DELETE_WORDS: "repeal",
    ChangeKind.INSERT_WORDS: "insertion", ChangeKind.RESTATE: "substitution",
    ChangeKind.ADD_PROVISION: "insertion", ChangeKind.ADD_SENTENCE: "insertion",
    ChangeKind.DELETE_PROVISION: "repeal", ChangeKind.DELETE_SENTENCE: "repeal",
    ChangeKind.RENUMBER: "renumbering", ChangeKind.REPEAL: "repeal",
}


def a(tag: str) -> str:
    return f"{{{AKN_NS}}}{tag}"


def q(tag: str) -> str:
    return f"{{{QANUN_NS}}}{tag}"


def element_for(unit: str, in_article: bool) -> str:
    outside, inside = UNIT_ELEMENTS.get(unit, ("hcontainer", "hcontainer"))
    return inside if in_article else outside


def abbreviation(element: str) -> str:
    return ABBREVIATIONS.get(element, element)


# --- public entry points --------------------------------------------------------------------


def version_xml(history: History, version: Version, histories: Mapping[str, History]) -> str:
    """The consolidated version as an Akoma Ntoso document (a string with its XML declaration)."""
    return _serialise(_Renderer(history.act, version, histories, history).document())


def source_xml(act: Act, histories: Mapping[str, History] | None = None) -> str:
    """The act as adopted, with its own changes to other acts: the form of an `acts/*.xml` source."""
    return _serialise(_Renderer(act, base_version(act), histories or {}, None).document())


def base_version(act: Act) -> Version:
    """The act's own text as a version with no changes applied: what its source says, nothing more."""
    docs = tuple(VersionedDocument(d.id, tuple(_versioned(p) for p in d.provisions)) for d in act.documents)
    return Version(act.id, act.starts, None, docs, (), (), ())


def _versioned(p: Provision) -> VersionedProvision:
    return VersionedProvision(p.id, p.num, p.unit, p.heading, p.text, tuple(_versioned(c) for c in p.children),
                              p.removed)


def _serialise(root: etree._Element) -> str:
    _indent(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8").decode("utf-8") + "\n"


# Elements whose content is running text: indenting inside them would add words' worth of spaces.
_RUNNING_TEXT = frozenset({"p", "heading", "subheading", "num", "signature", "docTitle", "docType", "docNumber",
                           "docDate", "location", "role", "person", "del"})


def _indent(el: etree._Element, level: int = 0) -> None:
    """Indent the structure for people reading the XML, never inside running text (unlike etree.indent)."""
    if not len(el) or el.tag.rpartition("}")[2] in _RUNNING_TEXT:  # the local name (an etree.QName cost more)
        return
    pad = "\n" + "  " * (level + 1)
    if not (el.text or "").strip():
        el.text = pad
    for child in el:
        _indent(child, level + 1)
        if not (child.tail or "").strip():
            child.tail = pad
    el[-1].tail = "\n" + "  " * level


# --- naming pass: eIds and wIds -------------------------------------------------------------


@dataclass(frozen=True)
class Placed:
    element: str
    eid: str
    wid: str


def attachment_eid(index: int) -> str:
    return f"att_{index}"


def place_provisions(documents: tuple[VersionedDocument, ...]) -> dict[tuple[str, str], Placed]:
    """(document id, stable id) → element, eId and wId of every provision of a version.

    A deleted provision's stub keeps its number, and a later provision may take that number again:
    the living one gets the plain eId and the stub a `-removed` suffix, so eIds stay unique.
    """
    found = []
    for i, doc in enumerate(documents):  # the body comes first, then the annexes: att_1, att_2 …
        prefix = "" if doc.id == BODY else attachment_eid(i)
        found += _walk_ids(doc.id, doc.provisions, prefix, prefix, False)
    used = {eid for _, _, eid, _, removed in found if not removed}
    placed: dict[tuple[str, str], Placed] = {}
    for key, element, eid, wid, removed in found:
        if removed:
            eid = _free(eid, used) if eid in used else eid
            used.add(eid)
        placed[key] = Placed(element, eid, wid)
    return placed


def _walk_ids(doc_id: str, provisions: tuple[VersionedProvision, ...], eprefix: str, wprefix: str,
              in_article: bool) -> Iterator[tuple[tuple[str, str], str, str, str, bool]]:
    for p in provisions:
        element = element_for(p.unit, in_article)
        abbr = abbreviation(element)
        eid = f"{eprefix}__{abbr}_{p.num}" if eprefix else f"{abbr}_{p.num}"
        wid = f"{wprefix}__{abbr}_{p.id}" if wprefix else f"{abbr}_{p.id}"
        yield (doc_id, p.id), element, eid, wid, p.removed
        yield from _walk_ids(doc_id, p.children, eid, wid, in_article or element == "article")


def _free(eid: str, used: set[str]) -> str:
    candidate, n = f"{eid}-removed", 1
    while candidate in used:
        n += 1
        candidate = f"{eid}-removed-{n}"
    return candidate


def provision_eid(act: Act, num: str, doc_id: str = BODY) -> str | None:
    """The eId of provision `num` of the act as adopted (for hrefs to the provision that makes a change)."""
    version, placed = _adopted(act)
    doc = version.document(doc_id)
    found = doc.find(num) if doc else None
    return placed[(doc_id, found.id)].eid if found else None


_ADOPTED: dict[int, tuple[Act, Version, dict[tuple[str, str], Placed]]] = {}  # id(act) → the act's placed provisions
_ADOPTED_MOST = 64
_ADOPTED_LOCK = threading.Lock()


def _adopted(act: Act) -> tuple[Version, dict[tuple[str, str], Placed]]:
    """The act as adopted and its provisions placed, worked out once for the versions of the acts it amends (each
    change's href names the provision making it: a sixth of the time of an Akoma Ntoso document went to this)."""
    with _ADOPTED_LOCK:
        kept = _ADOPTED.get(id(act))
    if kept is None or kept[0] is not act:  # acts are immutable: the same object, the same answer
        version = base_version(act)
        kept = (act, version, place_provisions(version.documents))
        with _ADOPTED_LOCK:
            if len(_ADOPTED) >= _ADOPTED_MOST:
                _ADOPTED.pop(next(iter(_ADOPTED)))
            _ADOPTED[id(act)] = kept
    return kept[1], kept[2]


# --- the document ---------------------------------------------------------------------------


class _Acts:
    """The acts a document names, by id: `act` itself and those of `histories`, looked up as asked (a map of a
    thousand acts made for every version cost more than its lookups)."""

    def __init__(self, act: Act, histories: Mapping[str, History]) -> None:
        self.act, self.histories = act, histories

    def get(self, act_id: str) -> Act | None:
        if act_id == self.act.id:
            return self.act
        h = self.histories.get(act_id)
        return None if h is None else h.act

    def __getitem__(self, act_id: str) -> Act:
        found = self.get(act_id)
        if found is None:
            raise KeyError(act_id)
        return found


class _Renderer:
    def __init__(self, act: Act, version: Version, histories: Mapping[str, History], history: History | None) -> None:
        self.act = act
        self.version = version
        self.histories = histories
        self.history = history  # None for the source form
        self.acts = _Acts(act, histories)
        self.work = FrbrUri.for_act(act)
        self.expression = self.work.at(version.start)
        self.placed = place_provisions(version.documents)
        self.note_at = {(n.document, n.provision): n for n in version.notes}
        self.passive_refs = {a: f"passiveRef_{i}" for i, a in enumerate(version.amending_acts, 1)}
        targets = dict.fromkeys(c.target.act for c in act.changes)
        self.active_refs = {t: f"activeRef_{i}" for i, t in enumerate(targets, 1)}

    def document(self) -> etree._Element:
        root = etree.Element(a("akomaNtoso"), nsmap=NSMAP)
        contains = "singleVersion" if self.version.notes else "originalVersion"
        act_el = _sub(root, "act", name=self.act.type, contains=contains)
        act_el.append(self.meta())
        act_el.append(self.preface())
        if self.act.preamble or self.act.enacting_formula:
            act_el.append(self.preamble())
        act_el.append(self.body())
        if self.act.signatories or self.act.date_line:
            act_el.append(self.conclusions())
        if self.act.annexes:
            act_el.append(self.attachments())
        return root

    # --- meta ---

    def meta(self) -> etree._Element:
        meta = etree.Element(a("meta"))
        meta.append(self.identification(self.work, self.expression, self.act.id, self.act.title))
        if (publication := self.publication()) is not None:
            meta.append(publication)
        if self.act.classification:
            cls = _sub(meta, "classification", source=SOURCE)
            for code in self.act.classification:
                _sub(cls, "keyword", value=code, showAs=code, dictionary="#classifier")
        events = self.events()
        lifecycle = _sub(meta, "lifecycle", source=SOURCE)
        for event in events:
            _sub(lifecycle, "eventRef", **event.attributes())
        if (analysis := self.analysis()) is not None:
            meta.append(analysis)
        meta.append(self.temporal_data(events))
        meta.append(self.references())
        if self.version.notes:
            meta.append(self.notes_element())
        meta.append(self.proprietary())
        return meta

    def identification(self, work: FrbrUri, expression: FrbrUri, alias: str, name: str | None) -> etree._Element:
        ident = etree.Element(a("identification"), source=SOURCE)
        w = _sub(ident, "FRBRWork")
        _sub(w, "FRBRthis", value=work.work_this())
        _sub(w, "FRBRuri", value=work.work_uri())
        _sub(w, "FRBRalias", value=alias, name="qanun")
        if self.act.cited_as and work.component is None:
            _sub(w, "FRBRalias", value=self.act.cited_as, name="citedAs")
        _sub(w, "FRBRdate", date=self.act.adopted.isoformat(), name="adoption")
        _sub(w, "FRBRauthor", href="#issuer" if self.act.issuer else "")
        _sub(w, "FRBRcountry", value=work.country)
        _sub(w, "FRBRsubtype", value=self.act.type)
        if self.act.number:
            _sub(w, "FRBRnumber", value=self.act.number)
        if name:
            _sub(w, "FRBRname", value=name)
        e = _sub(ident, "FRBRExpression")
        _sub(e, "FRBRthis", value=expression.expression_this())
        _sub(e, "FRBRuri", value=expression.expression_uri())
        _sub(e, "FRBRdate", date=self.version.start.isoformat(), name="version")
        _sub(e, "FRBRauthor", href=SOURCE)
        _sub(e, "FRBRlanguage", language=LANGUAGE)
        m = _sub(ident, "FRBRManifestation")
        _sub(m, "FRBRthis", value=expression.manifestation_this())
        _sub(m, "FRBRuri", value=expression.manifestation_uri())
        # The version's own date, not the day of the run: the same sources always give the same bytes.
        _sub(m, "FRBRdate", date=self.version.start.isoformat(), name="transformation")
        _sub(m, "FRBRauthor", href=SOURCE)
        _sub(m, "FRBRformat", value="application/akn+xml")
        return ident

    def publication(self) -> etree._Element | None:
        """Akoma Ntoso has room for one dated publication: the first one the sources date (all are in proprietary)."""
        dated = next((p for p in self.act.publication if p.date), None)
        if dated is None:
            return None
        attrs = {"date": dated.date.isoformat(), "name": dated.source, "showAs": dated.source}
        if dated.issue:
            attrs["number"] = dated.issue
        return etree.Element(a("publication"), **attrs)

    def events(self) -> list[_Event]:
        act = self.act
        events = [_Event(act.adopted, "generation", "#original")]
        if act.in_force:
            events.append(_Event(act.in_force, "generation", "#original", "#entryIntoForce"))
        if self.history:
            for version in self.history.versions:
                if version.start > self.version.start:
                    break
                for amending in dict.fromkeys(c.amending_act for c in version.changes):
                    repeal = any(c.kind is ChangeKind.REPEAL for c in version.changes if c.amending_act == amending)
                    events.append(_Event(version.start, "repeal" if repeal else "amendment",
                                         f"#{self.passive_refs[amending]}"))
        return [dataclasses.replace(e, eid=f"eref_{i}") for i, e in enumerate(events, 1)]

    def temporal_data(self, events: list[_Event]) -> etree._Element:
        """When the act applies: from entry into force (or adoption) until a repeal, if there is one yet."""
        start = next((e for e in events if e.refers_to == "#entryIntoForce"), events[0])
        end = next((e for e in events if e.type == "repeal"), None)
        data = etree.Element(a("temporalData"), source=SOURCE)
        group = _sub(data, "temporalGroup", eId="tmpg_1")
        attrs = {"start": f"#{start.eid}", "refersTo": "#inForce"}
        if end:
            attrs["end"] = f"#{end.eid}"
        _sub(group, "timeInterval", **attrs)
        return data

    def analysis(self) -> etree._Element | None:
        active = [self.active_mod(c, i) for i, c in enumerate(self.act.changes, 1)]
        passive = [self.passive_mod(n, e, i) for i, (n, e) in enumerate(self.note_entries(), 1)]
        if not (active or passive):
            return None
        analysis = etree.Element(a("analysis"), source=SOURCE)
        if active:
            _sub(analysis, "activeModifications").extend(active)
        if passive:
            _sub(analysis, "passiveModifications").extend(passive)
        return analysis

    def note_entries(self) -> list[tuple[Note, NoteEntry]]:
        """Every change in this version, once each, in the order they took effect."""
        pairs = [(n, e) for n in self.version.notes for e in n.entries]
        return sorted(pairs, key=lambda ne: (ne[1].effective, self.acts[ne[1].amending_act].order,
                                             self.acts[ne[1].amending_act].adopted, ne[1].amending_act,
                                             ne[1].change_index))

    def passive_mod(self, note: Note, entry: NoteEntry, i: int) -> etree._Element:
        change = self.acts[entry.amending_act].changes[entry.change_index - 1]
        destination = self.work.work_uri() if not note.document else f"#{self.placed[(note.document, note.stands_at)].eid}"
        mod = _textual_mod(change, f"pmod_{i}", self.source_href(change), destination)
        _old_new(mod, change, entry.previous)
        return mod

    def active_mod(self, change: Change, i: int) -> etree._Element:
        mod = _textual_mod(change, f"amod_{i}", self.source_href(change), self.destination_href(change))
        for key, value in _change_attributes(change).items():
            mod.set(q(key), value)
        _old_new(mod, change, None)
        return mod

    def source_href(self, change: Change) -> str:
        """The amending act, down to the provision that makes the change when the source names it."""
        amending = self.acts[change.amending_act]
        uri = FrbrUri.for_act(amending).work_uri()
        eid = provision_eid(amending, change.by) if change.by else None
        return f"{uri}/!main#{eid}" if eid else uri

    def destination_href(self, change: Change) -> str:
        """Where the change lands: the provision's eId in the version of the amended act it produced."""
        target = self.histories.get(change.target.act)
        if target is None:
            return change.target.act
        work = FrbrUri.for_act(target.act)
        version = next((v for v in target.versions if v.start == change.effective), None)
        if change.kind is ChangeKind.REPEAL or version is None:
            return work.work_uri()
        note = next((n for n in version.notes for e in n.entries
                     if e.amending_act == change.amending_act and e.change_index == change.index), None)
        expression = work.at(version.start)
        if note is None:  # the change did not apply (consolidation reported why)
            return expression.expression_this()
        if note.document != BODY:
            expression = expression.part(note.document)
        placed = place_provisions(version.documents)[(note.document, note.stands_at)]
        return f"{expression.expression_this()}#{placed.eid}"

    def references(self) -> etree._Element:
        refs = etree.Element(a("references"), source=SOURCE)
        original = self.work.at(self.act.starts)
        _sub(refs, "original", eId="original", href=original.expression_uri(), showAs=title_line(self.act))
        for act_id, eid in self.passive_refs.items():
            amending = self.acts[act_id]
            _sub(refs, "passiveRef", eId=eid, href=FrbrUri.for_act(amending).work_uri(), showAs=citation(amending))
        for act_id, eid in self.active_refs.items():
            target = self.acts.get(act_id)
            href = FrbrUri.for_act(target).work_uri() if target else act_id
            _sub(refs, "activeRef", eId=eid, href=href, showAs=(target.title if target and target.title else act_id))
        _sub(refs, "TLCOrganization", eId="qanun", href="/akn/ontology/organization/az.qanun", showAs="qanun")
        if self.act.issuer:
            _sub(refs, "TLCOrganization", eId="issuer", href=f"/akn/ontology/organization/az.{_slug(self.act.issuer)}",
                 showAs=self.act.issuer)
        for i, s in enumerate(self.act.signatories, 1):
            _sub(refs, "TLCPerson", eId=f"signatory_{i}", href=f"/akn/ontology/person/az.{_slug(s.name)}", showAs=s.name)
            if s.position:
                _sub(refs, "TLCRole", eId=f"signatory_{i}_role", href=f"/akn/ontology/role/az.{_slug(s.position)}",
                     showAs=s.position)
        if self.act.place:
            _sub(refs, "TLCLocation", eId="place", href=f"/akn/ontology/location/az.{_slug(self.act.place)}",
                 showAs=self.act.place)
        _sub(refs, "TLCEvent", eId="entryIntoForce", href="/akn/ontology/event/az.entryIntoForce", showAs="Qüvvəyə minmə")
        _sub(refs, "TLCConcept", eId="inForce", href="/akn/ontology/concept/az.inForce", showAs="Qüvvədədir")
        if self.act.classification:
            _sub(refs, "TLCReference", eId="classifier", href="/akn/ontology/reference/az.vahidHuquqiTesnifat",
                 showAs="Azərbaycan Respublikası vahid hüquqi təsnifatı", name="classification")
        return refs

    def notes_element(self) -> etree._Element:
        notes = etree.Element(a("notes"), source=SOURCE)
        for note in self.version.notes:
            el = _sub(notes, "note", eId=_note_eid(note.number), marker=str(note.number), placement="bottom")
            for entry in note.entries:
                _sub(el, "p").text = entry.text
                if entry.previous:
                    _sub(el, "p").text = PREVIOUS_WORDING
                    for line in entry.previous.split("\n"):
                        _sub(_sub(el, "p"), "del").text = line
        return notes

    def proprietary(self) -> etree._Element:
        prop = etree.Element(a("proprietary"), source=SOURCE)
        etree.SubElement(prop, q("act"), noteStyle=self.act.note_style, order=str(self.act.order))
        for p in self.act.publication:
            attrs = {"source": p.source, "date": p.date.isoformat() if p.date else None,
                     "year": str(p.year) if p.year is not None else None, "issue": p.issue, "article": p.article,
                     "volume": p.volume}
            etree.SubElement(prop, q("publication"), **{k: v for k, v in attrs.items() if v is not None})
        if self.act.register:
            etree.SubElement(prop, q("register"), number=self.act.register.number,
                             entered=self.act.register.entered.isoformat())
        return prop

    # --- the text ---

    def preface(self) -> etree._Element:
        act = self.act
        preface = etree.Element(a("preface"))
        title_p = _sub(_sub(preface, "longTitle"), "p")
        if act.title:
            _sub(title_p, "docTitle").text = act.title
        else:  # no title in the sources: the citation stands in, as in the text formats, but is no docTitle
            title_p.text = title_line(act)
        whole = self.note_at.get(("", ""))
        if whole:
            title_p.append(_note_ref(whole.number))
        if act.type_name:
            _sub(_sub(preface, "p", **{"class": "docType"}), "docType").text = act.type_name
        if act.number:
            _sub(_sub(preface, "p", **{"class": "docNumber"}), "docNumber").text = act.number
        date_p = _sub(preface, "p", **{"class": "docDate"})
        _sub(date_p, "docDate", date=act.adopted.isoformat()).text = format_date(act.adopted)
        if act.place:
            _sub(_sub(preface, "p", **{"class": "place"}), "location", eId="location_1", refersTo="#place").text = act.place
        return preface

    def preamble(self) -> etree._Element:
        preamble = etree.Element(a("preamble"))
        if self.act.preamble:
            _sub(preamble, "p").text = self.act.preamble
        if self.act.enacting_formula:
            _sub(_sub(preamble, "formula", name="enactingFormula"), "p").text = self.act.enacting_formula
        return preamble

    def body(self) -> etree._Element:
        body = etree.Element(a("body"))
        provisions = self.version.document(BODY).provisions
        if not provisions:
            # Akoma Ntoso needs something in a body; the sources do not give this act's text.
            _sub(body, "hcontainer", eId="hcontainer_1", name="textNotInSources")
        for p in provisions:
            body.append(self.provision(BODY, p))
        return body

    def provision(self, doc_id: str, p: VersionedProvision) -> etree._Element:
        placed = self.placed[(doc_id, p.id)]
        el = etree.Element(a(placed.element), eId=placed.eid, wId=placed.wid)
        if placed.element == "hcontainer":
            el.set("name", p.unit or "provision")
        el.set(q("unit"), p.unit)
        if p.removed:
            el.set("status", "removed")
        _sub(el, "num").text = f"{p.num}."
        heading = None
        if p.heading:
            heading = _sub(el, "heading")
            heading.text = p.heading
        number = self.version.note_number(doc_id, p.id)
        marker = _note_ref(number) if number else None
        if p.text is not None:
            para = _sub(_sub(el, "intro" if p.children else "content"), "p")
            para.text = p.text
            if marker is not None:
                para.append(marker)
        elif marker is not None and heading is not None:
            heading.append(marker)
        elif marker is not None:
            _sub(_sub(el, "content"), "p").append(marker)
        for child in p.children:
            el.append(self.provision(doc_id, child))
        return el

    def conclusions(self) -> etree._Element:
        act = self.act
        conclusions = etree.Element(a("conclusions"))
        for i, s in enumerate(act.signatories, 1):
            signature = _sub(_sub(conclusions, "p", **{"class": "signature"}), "signature")
            if s.position:
                role = _sub(signature, "role", eId=f"role_{i}", refersTo=f"#signatory_{i}_role")
                role.text = s.position
                role.tail = " "
            _sub(signature, "person", eId=f"person_{i}", refersTo=f"#signatory_{i}").text = s.name
        if act.date_line:
            _sub(conclusions, "p", **{"class": "dateLine"}).text = act.date_line
            if act.number:
                _sub(_sub(conclusions, "p", **{"class": "docNumber"}), "docNumber").text = f"№ {act.number}"
        return conclusions

    def attachments(self) -> etree._Element:
        attachments = etree.Element(a("attachments"))
        for i, annex in enumerate(self.act.annexes, 1):
            attachment = _sub(attachments, "attachment", eId=attachment_eid(i), wId=attachment_eid(i))
            attachment.append(self.annex(annex))
        return attachments

    def annex(self, annex: Document) -> etree._Element:
        doc = etree.Element(a("doc"), name="annex")
        meta = _sub(doc, "meta")
        meta.append(self.identification(self.work.part(annex.id), self.expression.part(annex.id), annex.id, annex.title))
        prop = _sub(meta, "proprietary", source=SOURCE)
        etree.SubElement(prop, q("annex"), headNoun="possessive" if annex.head_noun_possessive else "plain")
        preface = _sub(doc, "preface")
        if annex.stamp:
            _sub(_sub(preface, "container", name="stamp"), "p").text = annex.stamp
        long_title = _sub(preface, "longTitle")
        if annex.heading:  # the title lines as printed above the text
            for line in annex.heading:
                _sub(long_title, "p").text = line
        else:
            _sub(_sub(long_title, "p"), "docTitle").text = annex.title
        main = _sub(doc, "mainBody")
        for p in self.version.document(annex.id).provisions:
            main.append(self.provision(annex.id, p))
        if not len(main):
            _sub(main, "hcontainer", name="textNotInSources")
        return doc


@dataclass(frozen=True)
class _Event:
    date: dt.date
    type: str
    source: str
    refers_to: str | None = None
    eid: str = ""

    def attributes(self) -> dict[str, str]:
        attrs = {"eId": self.eid, "date": self.date.isoformat(), "source": self.source, "type": self.type}
        if self.refers_to:
            attrs["refersTo"] = self.refers_to
        return attrs


def title_line(act: Act) -> str:
    """What heads the act: its title, or when the sources give none, its citation (as layout.py does)."""
    if act.title:
        return act.title
    return citation(act) if act.number and act.cited_as else act.id


# --- textualMod ---------------------------------------------------------------------------------


def _textual_mod(change: Change, eid: str, source: str, destination: str) -> etree._Element:
    mod = etree.Element(a("textualMod"), type=MOD_TYPES[change.kind], eId=eid)
    _sub(mod, "source", href=source)
    _sub(mod, "destination", href=destination)
    return mod


def _change_attributes(change: Change) -> dict[str, str]:
    """The qanun:* attributes that make an active textualMod carry its change without loss."""
    t = change.target
    attrs: dict[str, str | None] = {
        "kind": change.kind.value, "act": t.act, "annex": t.annex, "provision": t.provision,
        "sentence": str(t.sentence) if t.sentence else None, "heading": "true" if t.heading else None,
        "effective": change.effective.isoformat(),
        "occurrence": str(change.occurrence) if change.occurrence is not None else None,
        "by": change.by, "verb": change.verb,
    }
    if change.kind is ChangeKind.INSERT_WORDS:
        attrs["before" if change.before else "after"] = change.old
    elif change.kind is ChangeKind.ADD_PROVISION:
        attrs["after"] = change.after
    return {k: v for k, v in attrs.items() if v is not None}


def _old_new(mod: etree._Element, change: Change, previous: str | None) -> None:
    """`<old>`/`<new>` hold foreign elements only (anyOtherType): words as qanun:text, provisions as qanun:provision."""
    kind = change.kind
    old: etree._Element | None = None
    new: etree._Element | None = None
    if kind in (ChangeKind.REPLACE_WORDS, ChangeKind.DELETE_WORDS):
        old = _q_text("text", change.old)
    elif previous:  # the old wording a note quotes, on a restated or deleted provision or sentence
        old = _q_text("text", previous)
    if kind is ChangeKind.RENUMBER:
        old, new = _q_text("num", change.target.provision), _q_text("num", change.to)
    elif kind in (ChangeKind.REPLACE_WORDS, ChangeKind.INSERT_WORDS, ChangeKind.ADD_SENTENCE):
        new = _q_text("text", change.new)
    elif kind in (ChangeKind.RESTATE, ChangeKind.ADD_PROVISION):
        new = provision_element(change.provision)
    for tag, content in (("old", old), ("new", new)):
        if content is not None:
            _sub(mod, tag).append(content)


def _q_text(tag: str, text: str | None) -> etree._Element:
    el = etree.Element(q(tag))
    el.text = text or ""
    return el


def provision_element(p: Provision) -> etree._Element:
    """A provision brought in by a change, in the qanun namespace (it sits inside `<new>`)."""
    attrs = {k: v for k, v in (("id", p.id), ("num", p.num), ("unit", p.unit)) if v}
    el = etree.Element(q("provision"), **attrs)
    if p.heading is not None:
        etree.SubElement(el, q("heading")).text = p.heading
    if p.text is not None:
        etree.SubElement(el, q("text")).text = p.text
    for child in p.children:
        el.append(provision_element(child))
    return el


# --- small helpers --------------------------------------------------------------------------


def _sub(parent: etree._Element, tag: str, **attrs: str) -> etree._Element:
    return etree.SubElement(parent, a(tag), **attrs)


def _note_eid(number: int) -> str:
    return f"note_{number}"


def _note_ref(number: int) -> etree._Element:
    return etree.Element(a("noteRef"), href=f"#{_note_eid(number)}", marker=str(number))


_FOLD = str.maketrans({"ə": "e", "ı": "i", "ş": "s", "ç": "c", "ğ": "g", "ö": "o", "ü": "u",
                       "Ə": "e", "I": "i", "İ": "i", "Ş": "s", "Ç": "c", "Ğ": "g", "Ö": "o", "Ü": "u"})


def _slug(name: str) -> str:
    """An ASCII name for ontology hrefs: “Vergilər Nazirliyi” → “vergiler-nazirliyi”."""
    folded = name.translate(_FOLD).lower()
    return "-".join("".join(c if c.isascii() and c.isalnum() else " " for c in folded).split()) or "x"


__all__ = ["AKN_NS", "QANUN_NS", "UNIT_ELEMENTS", "base_version", "element_for", "place_provisions",
           "source_xml", "version_xml"]
