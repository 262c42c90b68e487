"""Akoma Ntoso XML as a source: `acts/*.xml` → the same model as its YAML twin.

The file is read as untrusted bytes. Before any XML parser sees it, a DOCTYPE (and with it every
entity declaration, internal or external DTD) is refused outright; then lxml parses with entities,
DTDs and the network off; XInclude elements are refused, never processed; the document is checked
against the OASIS schema. Each refusal is a diagnostic at `file:line:col`.

The document is then turned into the very data a YAML source holds (the same field names, lists
and values) with the position of every value, and handed to the YAML loader's schema check and
builder. One builder makes every act, so an XML source cannot drift from its YAML twin, and every
check (duplicate numbers, change shapes, dates) applies to both.

What is read from where (render/akn.py writes the same places):
- id: `FRBRWork/FRBRalias[@name="qanun"]` (else the file name); type: `FRBRsubtype`; adopted:
  `FRBRWork/FRBRdate`; number: `FRBRnumber`; cited_as: `FRBRalias[@name="citedAs"]`;
- title: `preface//docTitle`; type_name: `preface//docType`; place: `preface//location`;
  issuer: `references/TLCOrganization[@eId="issuer"]/@showAs`;
- in_force: `lifecycle/eventRef[@refersTo="#entryIntoForce"]`; classification: `classification/keyword`;
- note_style, order, publications, State Register entry: `proprietary/qanun:act|publication|register`;
- preamble: `preamble/p`; enacting formula: `preamble/formula[@name="enactingFormula"]`;
- provisions: the hierarchy of `body` / an annex's `mainBody`: number from `num`, unit from
  `qanun:unit` (else from the element, see UNIT_ELEMENTS), id from `wId`, words from `content/p` or
  `intro/p` (noteRefs skipped); signatories and date line: `conclusions`;
- annexes: `attachments/attachment/doc` (id from its FRBRalias, title from its FRBRname, stamp from
  `preface/container[@name="stamp"]`, title lines from `longTitle/p`);
- changes: `analysis/activeModifications/textualMod` with their `qanun:*` attributes.
Notes, passiveModifications and lifecycle amendments are generated, never read: a warning says so.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from lxml import etree

from .akn_xsd import safe_parser, schema_problems
from .errors import Diagnostic, Loc, Severity
from .load import _Builder  # one builder for YAML and XML sources
from .schemacheck import schema_problems as source_schema_problems
from .model import Act, ChangeKind
from .render.akn import AKN_NS, QANUN_NS, UNIT_ELEMENTS, abbreviation
from .yamlsource import MAX_BYTES, Located
from .i18n import _

XINCLUDE_NAMESPACES = ("http://www.w3.org/2001/XInclude", "http://www.w3.org/2003/XInclude")
_HIERARCHY = frozenset({"part", "chapter", "article", "paragraph", "point", "alinea", "subparagraph", "section",
                        "subsection", "clause", "subclause", "division", "subdivision", "subchapter", "subpart",
                        "title", "subtitle", "book", "tome", "list", "indent", "rule", "level", "hcontainer"})
_PLACEHOLDER = "textNotInSources"  # the empty hcontainer render/akn.py writes for a text the sources lack
# An element from another producer, without qanun:unit: the unit it most likely stands for.
_DEFAULT_UNITS = {"part": "bölmə", "chapter": "fəsil", "article": "maddə", "paragraph": "bənd", "point": "yarımbənd",
                  "alinea": "abzas", "subparagraph": "abzas", "indent": "abzas", "section": "bölmə"}
_NOTE_ELEMENTS = frozenset({"noteRef", "authorialNote"})
_ALL_CHANGE_KINDS = ", ".join(k.value for k in ChangeKind)


class Refused(Exception):
    """The bytes are not a safe, well-formed Akoma Ntoso document; `diagnostic` says where and why."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(str(diagnostic))
        self.diagnostic = diagnostic


def load_akn_act(path: Path, shown: str) -> tuple[Act | None, list[Diagnostic]]:
    """Read one `acts/*.xml` source; return its act (None when it cannot be read) and every problem found."""
    try:
        root, lines = read_akn(path, shown)
    except Refused as exc:
        return None, [exc.diagnostic]
    invalid = [Diagnostic(_error_loc(shown, root, lines, p.line, p.col, p.path),
                          _("not valid Akoma Ntoso 3.0 (OASIS schema): {problem}", problem=p.message))
               for p in schema_problems(root)]
    if invalid:
        return None, invalid
    reader = _Reader(root, shown, lines, Path(path).stem)
    src = reader.source()
    if src is None:
        return None, reader.problems
    # The reader already said, in XML terms, what is wrong at a place; the schema's YAML-worded echo is dropped.
    said = {p.loc for p in reader.problems if p.severity is Severity.ERROR}
    problems = [p for p in source_schema_problems(src, "act") if p.loc not in said]
    if problems or said:
        return None, reader.problems + problems
    builder = _Builder(src, shown)
    act = builder.act()
    return act, reader.problems + builder.problems


# --- safe reading ---------------------------------------------------------------------------


def read_akn(path: Path, shown: str) -> tuple[etree._Element, tuple[str, ...]]:
    """Parse the file safely; raise Refused for a DOCTYPE, entities, XInclude, bad encoding or bad XML."""
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise Refused(Diagnostic(Loc(shown), _("cannot read the file: {reason}", reason=exc.strerror or exc))) from None
    if len(raw) > MAX_BYTES:
        raise Refused(Diagnostic(Loc(shown, 1, 1), _("file is {size} bytes; sources are limited to {limit} bytes",
                                                     size=f"{len(raw):,}", limit=f"{MAX_BYTES:,}")))
    text = _decode(raw, shown)
    _refuse_doctype(text, shown)
    try:
        root = etree.fromstring(raw, parser=safe_parser())
    except etree.XMLSyntaxError as exc:
        line, col = exc.position if exc.position else (exc.lineno or 1, exc.offset or 1)
        message = re.sub(r",? line \d+, column \d+$", "", str(exc.msg or exc))
        raise Refused(Diagnostic(Loc(shown, line or 1, max(col, 1)), _("not well-formed XML: {problem}",
                                                                       problem=message))) from None
    lines = tuple(text.splitlines())
    _refuse_after_parse(root, shown, lines)
    return root, lines


def _decode(raw: bytes, shown: str) -> str:
    """Sources are UTF-8 (as the YAML ones): another encoding is refused before parsing, with its place."""
    body = raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = body.count(b"\n", 0, exc.start) + 1
        col = len(body[body.rfind(b"\n", 0, exc.start) + 1: exc.start].decode("utf-8", errors="replace")) + 1
        raise Refused(Diagnostic(Loc(shown, line, col), _("the file is not saved as UTF-8: byte 0x{byte} here is not "
                                                          "UTF-8 text; save the file with the UTF-8 encoding",
                                                          byte=f"{body[exc.start]:02x}"))) from None
    declared = re.match(r"""<\?xml[^>]*\bencoding\s*=\s*["']([^"']+)["']""", text)
    if declared and declared.group(1).lower().replace("_", "-") not in ("utf-8", "utf8"):
        raise Refused(Diagnostic(Loc(shown, 1, declared.start(1) + 1), _(
            "the XML declaration names the encoding “{encoding}”; Akoma Ntoso sources are UTF-8: write "
            "encoding=\"UTF-8\"", encoding=declared.group(1))))
    return text


def _refuse_doctype(text: str, shown: str) -> None:
    """No DOCTYPE at all: that one rule keeps out entity expansion, external entities and DTDs, local or remote."""
    found = re.search(r"<!DOCTYPE|<!ENTITY", text, re.IGNORECASE)
    if not found:
        return
    line = text.count("\n", 0, found.start()) + 1
    col = found.start() - text.rfind("\n", 0, found.start())
    declaration = text[found.start(): found.start() + 2000]
    entities = re.search(r"<!ENTITY", declaration, re.IGNORECASE) is not None
    external = re.search(r"""\b(?:SYSTEM|PUBLIC)\s+["']([^"']*)["']""", declaration)
    raise Refused(Diagnostic(Loc(shown, line, col), _doctype_refused(entities, external.group(1) if external else None)))


def _doctype_refused(entities: bool, outside: str | None) -> str:
    if entities and outside is not None:
        return _("a DOCTYPE declaration is not allowed in an Akoma Ntoso source (it declares entities; it refers to "
                 "“{outside}” outside this file): qanun never reads DTDs or expands entities, which could read other "
                 "files, reach the network or grow without bound; remove the declaration and write the text itself",
                 outside=outside)
    if entities:
        return _("a DOCTYPE declaration is not allowed in an Akoma Ntoso source (it declares entities): qanun never "
                 "reads DTDs or expands entities, which could read other files, reach the network or grow without "
                 "bound; remove the declaration and write the text itself")
    if outside is not None:
        return _("a DOCTYPE declaration is not allowed in an Akoma Ntoso source (it refers to “{outside}” outside "
                 "this file): qanun never reads DTDs or expands entities, which could read other files, reach the "
                 "network or grow without bound; remove the declaration and write the text itself", outside=outside)
    return _("a DOCTYPE declaration is not allowed in an Akoma Ntoso source: qanun never reads DTDs or expands "
             "entities, which could read other files, reach the network or grow without bound; remove the "
             "declaration and write the text itself")


def _refuse_after_parse(root: etree._Element, shown: str, lines: tuple[str, ...]) -> None:
    """Second line of defence, and XInclude: an inclusion is refused, never followed."""
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None or docinfo.externalDTD is not None:
        raise Refused(Diagnostic(Loc(shown, 1, 1), _("a DOCTYPE declaration is not allowed in an Akoma Ntoso source")))
    for el in root.iter():
        if isinstance(el, etree._Entity):
            raise Refused(Diagnostic(_loc(shown, lines, el), _("the entity reference {entity} is not allowed: write "
                                                               "the character itself", entity=el.text)))
        if not isinstance(el.tag, str):
            continue
        if etree.QName(el).namespace in XINCLUDE_NAMESPACES:
            href = el.get("href")
            name = f"{el.prefix}:{etree.QName(el).localname}" if el.prefix else etree.QName(el).localname
            if href:
                message = _("XInclude (<{element}> of “{href}”) is not allowed in an Akoma Ntoso source: qanun never "
                            "includes other files; put the text in this file", element=name, href=href)
            else:
                message = _("XInclude (<{element}>) is not allowed in an Akoma Ntoso source: qanun never includes "
                            "other files; put the text in this file", element=name)
            raise Refused(Diagnostic(_loc(shown, lines, el), message))


def _loc(shown: str, lines: tuple[str, ...], el: etree._Element) -> Loc:
    """Where an element's start tag is: its line, and the column of its `<`."""
    line = el.sourceline or 1
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    name = el.tag if isinstance(el.tag, str) else ""
    local = etree.QName(el).localname if name else ""
    match = re.search(rf"<([\w.-]+:)?{re.escape(local)}\b", text) if local else None
    return Loc(shown, line, match.start() + 1 if match else 1)


def _error_loc(shown: str, root: etree._Element, lines: tuple[str, ...], line: int, col: int, path: str | None) -> Loc:
    if col:
        return Loc(shown, line, col)
    found = root.getroottree().xpath(path) if path else []
    return _loc(shown, lines, found[0]) if found else Loc(shown, line or 1, 1)


# --- Akoma Ntoso → source data --------------------------------------------------------------


def _a(tag: str) -> str:
    return f"{{{AKN_NS}}}{tag}"


def _q(tag: str) -> str:
    return f"{{{QANUN_NS}}}{tag}"


def _local(el: etree._Element) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def words(el: etree._Element | None) -> str | None:
    """The running text of an element, without note markers (a `noteRef` is not part of the wording)."""
    if el is None:
        return None
    parts = [el.text or ""]
    for child in el:
        if _local(child) not in _NOTE_ELEMENTS:
            parts.append(words(child) or "")
        parts.append(child.tail or "")
    return "".join(parts)


def _joined(paragraphs: list[etree._Element]) -> str | None:
    texts = [t for t in (" ".join((words(p) or "").split()) for p in paragraphs) if t]
    return " ".join(texts) if texts else None


class _Reader:
    """Collects the source data of one document, remembering the element each value came from."""

    def __init__(self, root: etree._Element, shown: str, lines: tuple[str, ...], stem: str) -> None:
        self.root = root
        self.shown = shown
        self.lines = lines
        self.stem = stem
        self.positions: dict[tuple, Loc] = {}
        self.problems: list[Diagnostic] = []

    def loc(self, el: etree._Element) -> Loc:
        return _loc(self.shown, self.lines, el)

    def at(self, path: tuple, el: etree._Element, value: Any) -> Any:
        self.positions[path] = self.loc(el)
        return value

    def problem(self, el: etree._Element, message: str, severity: Severity = Severity.ERROR) -> None:
        self.problems.append(Diagnostic(self.loc(el), message, severity))

    def source(self) -> Located | None:
        act = self.root.find(_a("act"))
        if act is None:
            first = next(iter(self.root), self.root)
            self.problem(first, _("qanun reads Akoma Ntoso acts: the document must hold an <act>, not <{element}>",
                                  element=_local(first) or _local(self.root)))
            return None
        self.positions[()] = self.loc(act)
        data = self.act(act)
        return Located(data, self.positions, self.lines)

    def act(self, act: etree._Element) -> dict[str, Any]:
        meta = act.find(_a("meta"))
        work = meta.find(f"{_a('identification')}/{_a('FRBRWork')}")
        data: dict[str, Any] = {"kind": "act"}
        self.work_fields(work, data)
        self.meta_fields(meta, data)
        self.preface_fields(act.find(_a("preface")), data)
        self.preamble_fields(act.find(_a("preamble")), data)
        data["provisions"] = self.provisions(act.find(_a("body")), ("provisions",))
        self.conclusion_fields(act.find(_a("conclusions")), data)
        attachments = act.findall(f"{_a('attachments')}/{_a('attachment')}")
        if attachments:
            data["annexes"] = [self.annex(att, ("annexes", i)) for i, att in enumerate(attachments)]
        changes = meta.findall(f"{_a('analysis')}/{_a('activeModifications')}/{_a('textualMod')}")
        if changes:
            data["changes"] = [self.change(mod, ("changes", i)) for i, mod in enumerate(changes)]
        self.warn_generated(meta)
        return {k: v for k, v in data.items() if v not in (None, [], "")}

    def work_fields(self, work: etree._Element, data: dict[str, Any]) -> None:
        alias = work.find(f"{_a('FRBRalias')}[@name='qanun']")
        if alias is not None:
            data["id"] = self.at(("id",), alias, alias.get("value"))
        else:  # a document from another producer: its file name is its id, as for YAML sources
            data["id"] = self.at(("id",), work, self.stem)
        for key, el in (("type", work.find(_a("FRBRsubtype"))), ("number", work.find(_a("FRBRnumber"))),
                        ("cited_as", work.find(f"{_a('FRBRalias')}[@name='citedAs']"))):
            if el is not None:
                data[key] = self.at((key,), el, el.get("value"))
        date = work.find(f"{_a('FRBRdate')}[@name='adoption']")
        date = date if date is not None else work.find(_a("FRBRdate"))
        data["adopted"] = self.at(("adopted",), date, date.get("date"))

    def meta_fields(self, meta: etree._Element, data: dict[str, Any]) -> None:
        in_force = meta.find(f"{_a('lifecycle')}/{_a('eventRef')}[@refersTo='#entryIntoForce']")
        if in_force is not None:
            data["in_force"] = self.at(("in_force",), in_force, in_force.get("date"))
        issuer = meta.find(f"{_a('references')}/{_a('TLCOrganization')}[@eId='issuer']")
        if issuer is not None:
            data["issuer"] = self.at(("issuer",), issuer, issuer.get("showAs"))
        keywords = meta.findall(f"{_a('classification')}/{_a('keyword')}")
        data["classification"] = [self.at(("classification", i), k, k.get("value")) for i, k in enumerate(keywords)]
        for prop in meta.findall(_a("proprietary")):
            self.proprietary_fields(prop, data)

    def proprietary_fields(self, prop: etree._Element, data: dict[str, Any]) -> None:
        settings = prop.find(_q("act"))
        if settings is not None:
            if settings.get("noteStyle"):
                data["note_style"] = self.at(("note_style",), settings, settings.get("noteStyle"))
            if settings.get("order") not in (None, "0"):
                data["order"] = self.at(("order",), settings, _number(settings.get("order")))
        publications = prop.findall(_q("publication"))
        if publications:
            data["publication"] = [self.publication(p, ("publication", i)) for i, p in enumerate(publications)]
        register = prop.find(_q("register"))
        if register is not None:
            self.at(("register",), register, None)
            data["register"] = {k: self.at(("register", k), register, register.get(k))
                                for k in ("number", "entered") if register.get(k) is not None}

    def publication(self, el: etree._Element, path: tuple) -> dict[str, Any]:
        self.at(path, el, None)
        out: dict[str, Any] = {}
        for key in ("source", "date", "year", "issue", "article", "volume"):
            if el.get(key) is not None:
                out[key] = self.at((*path, key), el, _number(el.get(key)) if key == "year" else el.get(key))
        return out

    def preface_fields(self, preface: etree._Element | None, data: dict[str, Any]) -> None:
        if preface is None:
            return
        for key, tag in (("title", "docTitle"), ("type_name", "docType"), ("place", "location")):
            el = preface.find(f".//{_a(tag)}")
            if el is not None:
                data[key] = self.at((key,), el, words(el))

    def preamble_fields(self, preamble: etree._Element | None, data: dict[str, Any]) -> None:
        if preamble is None:
            return
        paragraphs = preamble.findall(_a("p"))
        if paragraphs:
            data["preamble"] = self.at(("preamble",), paragraphs[0], _joined(paragraphs))
        formula = preamble.find(f"{_a('formula')}[@name='enactingFormula']")
        if formula is not None:
            data["enacting_formula"] = self.at(("enacting_formula",), formula, _joined(formula.findall(_a("p"))))

    def conclusion_fields(self, conclusions: etree._Element | None, data: dict[str, Any]) -> None:
        if conclusions is None:
            return
        signatories = []
        for i, signature in enumerate(conclusions.iter(_a("signature"))):
            person, role = signature.find(_a("person")), signature.find(_a("role"))
            path = ("signatories", i)
            self.at(path, signature, None)
            entry = {"name": self.at((*path, "name"), person if person is not None else signature, words(person))}
            if role is not None:
                entry["position"] = self.at((*path, "position"), role, words(role))
            signatories.append({k: v for k, v in entry.items() if v is not None})
        data["signatories"] = signatories
        date_line = conclusions.find(f"{_a('p')}[@class='dateLine']")
        if date_line is not None:
            data["date_line"] = self.at(("date_line",), date_line, words(date_line))

    def annex(self, attachment: etree._Element, path: tuple) -> dict[str, Any]:
        self.at(path, attachment, None)
        doc = next((c for c in attachment if _local(c) == "doc"), None)
        if doc is None:
            self.problem(attachment, _("qanun reads an annex from an <attachment> holding a <doc>"))
            return {}
        work = doc.find(f"{_a('meta')}/{_a('identification')}/{_a('FRBRWork')}")
        out: dict[str, Any] = {}
        alias = work.find(f"{_a('FRBRalias')}[@name='qanun']")
        out["id"] = self.at((*path, "id"), alias if alias is not None else work,
                            alias.get("value") if alias is not None else attachment.get("eId"))
        name = work.find(_a("FRBRname"))
        preface = doc.find(_a("preface"))
        title = preface.find(f"{_a('longTitle')}//{_a('docTitle')}") if preface is not None else None
        if name is not None:
            out["title"] = self.at((*path, "title"), name, name.get("value"))
        elif title is not None:
            out["title"] = self.at((*path, "title"), title, words(title))
        if preface is not None:
            stamp = preface.find(f"{_a('container')}[@name='stamp']")
            if stamp is not None:
                out["stamp"] = self.at((*path, "stamp"), stamp, _joined(stamp.findall(_a("p"))))
            lines = preface.findall(f"{_a('longTitle')}/{_a('p')}")
            if lines and title is None:  # title lines as printed; a lone docTitle is the title itself
                out["heading"] = [self.at((*path, "heading", i), p, words(p)) for i, p in enumerate(lines)]
        setting = doc.find(f"{_a('meta')}/{_a('proprietary')}/{_q('annex')}")
        if setting is not None and setting.get("headNoun"):
            out["head_noun"] = self.at((*path, "head_noun"), setting, setting.get("headNoun"))
        out["provisions"] = self.provisions(doc.find(_a("mainBody")), (*path, "provisions"),
                                            attachment.get("wId") or attachment.get("eId"))
        return out

    # --- provisions ---

    def provisions(self, container: etree._Element | None, path: tuple, parent_wid: str | None = None,
                   parent_unit: str | None = None, in_article: bool = False) -> list[dict[str, Any]]:
        if container is None:
            return []
        out = []
        for child in container:
            name = _local(child)
            if name in ("num", "heading", "subheading", "intro", "content", "wrapUp") or not name:
                continue
            if name == "hcontainer" and child.get("name") == _PLACEHOLDER:
                continue
            if name not in _HIERARCHY:
                self.problem(child, _("qanun cannot place <{element}> here: provisions are hierarchy elements (part, "
                                      "chapter, article, paragraph, point, alinea …) with a <num>", element=name))
                continue
            out.append(self.provision(child, (*path, len(out)), parent_wid, parent_unit, in_article))
        return out

    def provision(self, el: etree._Element, path: tuple, parent_wid: str | None, parent_unit: str | None,
                  in_article: bool) -> dict[str, Any]:
        self.at(path, el, None)
        out: dict[str, Any] = {}
        num = el.find(_a("num"))
        if num is not None:
            out["num"] = self.at((*path, "num"), num, _clean_num(words(num) or ""))
        unit = el.get(_q("unit")) or self.unit_from_element(el, in_article)
        if unit:
            out["unit"] = self.at((*path, "unit"), el, unit)
        wid = el.get("wId")
        if wid:
            out["id"] = self.at((*path, "id"), el, _id_from_wid(wid, parent_wid, _local(el)))
        heading = el.find(_a("heading"))
        if heading is not None:
            out["heading"] = self.at((*path, "heading"), heading, words(heading))
        body = el.find(_a("content"))
        body = body if body is not None else el.find(_a("intro"))
        if body is not None:
            text = _joined(body.findall(_a("p")))
            if text is not None:
                out["text"] = self.at((*path, "text"), body, text)
        wrap = el.find(_a("wrapUp"))
        if wrap is not None:
            self.problem(wrap, _("qanun's provisions have no words after their sub-provisions (<wrapUp>); make them "
                                 "a provision of their own"))
        children = self.provisions(el, (*path, "children"), wid, unit, in_article or unit == "maddə")
        if children:
            out["children"] = children
        return out

    def unit_from_element(self, el: etree._Element, in_article: bool) -> str | None:
        name = _local(el)
        for unit, (outside, inside) in UNIT_ELEMENTS.items():
            if (inside if in_article else outside) == name:  # the first match: chapter → fəsil, point → yarımbənd
                return unit
        return _DEFAULT_UNITS.get(name)

    # --- changes ---

    def change(self, mod: etree._Element, path: tuple) -> dict[str, Any]:
        self.at(path, mod, None)
        kind = mod.get(_q("kind"))
        if kind is None:
            self.problem(mod, _("this textualMod has no qanun:kind attribute, so qanun cannot tell which change it "
                                "makes; add one of: {kinds}", kinds=_ALL_CHANGE_KINDS))
        target: dict[str, Any] = {}
        for key in ("act", "annex", "provision", "sentence", "heading"):
            value = mod.get(_q(key))
            if value is not None:
                converted = _number(value) if key == "sentence" else (value == "true" if key == "heading" else value)
                target[key] = self.at((*path, "target", key), mod, converted)
        out: dict[str, Any] = {"target": self.at((*path, "target"), mod, target)}
        for key in ("effective", "by"):
            if mod.get(_q(key)) is not None:
                out[key] = self.at((*path, key), mod, mod.get(_q(key)))
        if mod.get(_q("occurrence")) is not None:
            value = mod.get(_q("occurrence"))
            out["occurrence"] = self.at((*path, "occurrence"), mod, value if value == "all" else _number(value))
        if kind is not None:
            out[kind] = self.at((*path, kind), mod, self.action(mod, kind, (*path, kind)))
        return out

    def action(self, mod: etree._Element, kind: str, path: tuple) -> Any:
        """The change's own value, shaped as in a YAML source (`replace_words: {old, new}`, `renumber: "5.12"` …)."""
        old = _foreign(mod, "old", "text")
        new = _foreign(mod, "new", "text")
        if kind == "replace_words":
            return {"old": old, "new": new}
        if kind in ("delete_words", "add_sentence"):
            return old if kind == "delete_words" else new
        if kind == "insert_words":
            anchor = {k: mod.get(_q(k)) for k in ("after", "before") if mod.get(_q(k)) is not None}
            return {"words": new, **anchor}
        if kind in ("restate", "add_provision"):
            provision = mod.find(f"{_a('new')}/{_q('provision')}")
            if provision is None:
                self.problem(mod, _("a `{kind}` textualMod needs the provision in <new><qanun:provision>", kind=kind))
                return {}
            value = self.q_provision(provision, (*path, "provision") if kind == "add_provision" else path)
            if kind == "restate":
                return {k: v for k, v in value.items() if k in ("heading", "text", "children")}
            return {"provision": value, **({"after": mod.get(_q("after"))} if mod.get(_q("after")) else {})}
        if kind == "delete_provision":
            return mod.get(_q("verb"))
        if kind == "renumber":
            return _foreign(mod, "new", "num")
        return True  # delete_sentence, repeal: the kind says it all

    def q_provision(self, el: etree._Element, path: tuple) -> dict[str, Any]:
        self.at(path, el, None)
        out: dict[str, Any] = {k: self.at((*path, k), el, el.get(k)) for k in ("id", "num", "unit") if el.get(k)}
        for key in ("heading", "text"):
            part = el.find(_q(key))
            if part is not None:
                out[key] = self.at((*path, key), part, part.text or "")
        children = [self.q_provision(c, (*path, "children", i)) for i, c in enumerate(el.findall(_q("provision")))]
        if children:
            out["children"] = children
        return out

    def warn_generated(self, meta: etree._Element) -> None:
        """Notes and passive modifications come from the amending acts: a source's own are not read."""
        for xpath, what in ((f"{_a('analysis')}/{_a('passiveModifications')}", "passiveModifications"),
                            (_a("notes"), "notes")):
            el = meta.find(xpath)
            if el is not None:
                self.problem(el, _("the {element} of this document are not read: qanun generates them from the "
                                   "amending acts' changes (a source holds the act as adopted)", element=what),
                             Severity.WARNING)


def _foreign(mod: etree._Element, wrapper: str, tag: str) -> str | None:
    el = mod.find(f"{_a(wrapper)}/{_q(tag)}")
    return el.text or "" if el is not None else None


def _clean_num(text: str) -> str:
    """“2.4.” → “2.4”, “(ç)” or “ç)” → “ç”: the number without the punctuation it is printed with."""
    return text.strip().strip("()").rstrip(".)").strip()


def _id_from_wid(wid: str, parent_wid: str | None, element: str) -> str:
    """The stable id in a wId: what follows the parent's wId and this element's `abbr_` (render/akn.py builds them so)."""
    prefix = f"{parent_wid}__{abbreviation(element)}_" if parent_wid else f"{abbreviation(element)}_"
    if wid.startswith(prefix):
        return wid[len(prefix):]
    return wid.rsplit("__", 1)[-1].split("_", 1)[-1]  # another producer's wId: its last component's number


def _number(value: str | None) -> int | str | None:
    """Whole numbers as numbers, as YAML reads them; anything else stays text for the schema to report."""
    return int(value) if value is not None and re.fullmatch(r"-?\d+", value) else value
