"""Import: a State-Register-style text (plain, PDF-extracted or Markdown-ish) → an act source in YAML.

The input is what the seeds are: a header table (AKTIN NÖVÜ …), the title, the preamble and the
enacting formula, numbered provisions, the signature, place and date, the number, then each annex
after its approval stamp ("… təsdiq edilmişdir."), and in an official consolidated text the list of
amending acts and the notes.

Stages, each a small pure function: clean the lines (markup, struck words, hyphenation at line ends)
→ cut them into paragraphs → read the header → walk the paragraphs through the parts of an act →
build the source data → dump YAML. Anything the importer cannot place is reported with its line
number; nothing is silently dropped and nothing is invented (DOMAIN.md §1).

Notes of a consolidated text (seed 003) describe changes already made in the text that is imported:
typing them as `changes` would apply them twice, and the changes belong to the amending act's own
source anyway. So they are kept verbatim in the act's `notes` field, which the schema allows and the
loader never publishes, and each marked provision gets a `# [N]` comment pointing there.
"""
from __future__ import annotations

import datetime as dt
import io
import re
import textwrap
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Iterable, Sequence

from .language import ascii_fold, az_casefold

NOTE_OPEN, NOTE_CLOSE = "\ue000", "\ue001"  # private-use characters mark a note reference inside a line
_MONTHS = ("yanvar", "fevral", "mart", "aprel", "may", "iyun", "iyul", "avqust", "sentyabr", "oktyabr", "noyabr",
           "dekabr")
_MONTH = "|".join(_MONTHS)
_ORD = r"-?c[iıuü]"


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


# --- 1. lines -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Line:
    no: int
    text: str  # cleaned: no markup, single spaces
    heading: bool = False  # a Markdown heading (`### …`): a paragraph of its own
    cells: tuple[str, ...] = ()  # a table row (tab-separated)


def _strike(line: str) -> str:
    """Remove ~~struck~~ words, the deleted ones, with the punctuation the deletion leaves doubled:
    “faktura, ~~x~~, yük” → “faktura, yük”; “faktura ~~x~~ əsasında” → “faktura əsasında”."""
    def drop(m: re.Match) -> str:
        comma_before, after = m.group(1), m.group(2)
        if after and after != ",":
            return after + " "  # a final . ; : stays, attached to the word before
        return ", " if comma_before or after else " "
    return re.sub(r"(\s*,)?\s*~~.+?~~\s*([,.;:])?", drop, line)


def _unmark(line: str) -> tuple[str, bool]:
    """Markdown-ish markup off; note references become NOTE_OPEN n NOTE_CLOSE. Returns (text, is_heading)."""
    line = re.sub(r"\[\\\[(\d+)\\\]\]\(#[^)]*\)", rf"{NOTE_OPEN}\1{NOTE_CLOSE}", line)  # [\[2\]](#)
    line = re.sub(r"<sup>\s*\[(\d+)\]\s*</sup>", rf"{NOTE_OPEN}\1{NOTE_CLOSE}", line)
    line = _strike(line)
    line = re.sub(r"\[([^\]]*)\]\(#[^)]*\)", r"\1", line)  # [words](#): a link to nowhere, keep the words
    line = re.sub(r"</?(b|strong|i|em|u|sup|sub|span|p|br)\b[^>]*>", "", line)
    line = line.replace("**", "")
    heading = re.match(r"\s*#{1,6}\s+", line)
    if heading:
        line = line[heading.end():]
    return line, bool(heading)


def clean_lines(text: str) -> list[Line]:
    """Numbered, cleaned lines; blank lines kept (as empty text) because paragraphs are cut at them."""
    raw = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n")).split("\n")
    lines: list[Line] = []
    for no, original in enumerate(raw, 1):
        if "\t" in original:
            cells = tuple(" ".join(_unmark(c)[0].split()) for c in original.split("\t"))
            lines.append(Line(no, " ".join(c for c in cells if c), cells=cells))
            continue
        cleaned, heading = _unmark(original)
        lines.append(Line(no, cleaned.rstrip(), heading))
    return _dehyphenate(lines)


def _dehyphenate(lines: list[Line]) -> list[Line]:
    """A line ending in “letter-” whose next non-blank line starts in lower case: one word split by a PDF.

    The blank lines between the halves (page layout) go too.
    """
    out = list(lines)
    i = 0
    while i < len(out):
        line = out[i]
        if not line.cells and re.search(r"\w-$", line.text):
            j = i + 1
            while j < len(out) and not out[j].text.strip():
                j += 1
            if j < len(out) and not out[j].cells and out[j].text.lstrip()[:1].islower():
                head, _, rest = out[j].text.lstrip().partition(" ")
                out[i] = Line(line.no, line.text[:-1] + head, line.heading)
                tail = Line(out[j].no, rest, out[j].heading)
                out[i + 1:j + 1] = [tail] if rest.strip() else []
                continue
        i += 1
    return out


# --- 2. paragraphs --------------------------------------------------------------------------

@dataclass
class Para:
    lines: list[Line]
    heading: bool = False

    @property
    def no(self) -> int:
        return self.lines[0].no

    @property
    def text(self) -> str:
        return " ".join(" ".join(l.text for l in self.lines).split())

    @property
    def line_texts(self) -> list[str]:
        return [" ".join(l.text.split()) for l in self.lines]


_NUMBERED = re.compile(r"^\s*(\d+(?:\.\d+)*)\.\s+(.*)$")
_NUMBER_LINE = re.compile(r"^\s*№\s*(\S+)\s*$")
_DATE_LINE = re.compile(rf"^\s*([^,]+?),\s*(\d{{1,2}})\s+({_MONTH})\s+(\d{{4}}){_ORD}\s+il\.?\s*$", re.I)
_RULE = re.compile(r"^\s*[_\-–—*]{5,}\s*$")
_TERMINAL = (".", ";", ":", "!", "?")


def _standalone(text: str) -> bool:
    """Lines that are always a paragraph of their own: number, place and date, a rule, a word in capitals."""
    bare = text.strip()
    return bool(_NUMBER_LINE.match(bare) or _DATE_LINE.match(bare) or _RULE.match(bare) or _all_caps(bare))


def _all_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters) and len(text.split()) <= 8


def _ends_paragraph(text: str) -> bool:
    """Final punctuation, or the last word of a title (“… haqqında”, “… barədə”), which has none."""
    return text.endswith(_TERMINAL) or bool(re.search(r"\b(haqqında|barədə)[”\"]?$", text))


def paragraphs(lines: Iterable[Line]) -> list[Para]:
    """Cut lines into paragraphs.

    A PDF extraction puts blank lines inside paragraphs (after a provision's first line, inside a
    stamp), so one blank line ends a paragraph only after final punctuation; two always do. A numbered
    line, a Markdown heading and the standalone lines always start a paragraph of their own.
    """
    out: list[Para] = []
    current: Para | None = None
    blanks = 0
    for line in lines:
        if line.cells:
            current, blanks = None, 0
            continue
        bare = line.text.strip()
        if not bare:
            blanks += 1
            continue
        starts_new = (current is None or line.heading or current.heading or _NUMBERED.match(bare)
                      or _standalone(bare) or _standalone(current.text) or blanks >= 2
                      or (blanks == 1 and _ends_paragraph(current.text)))
        if starts_new:
            current = Para([line], line.heading)
            out.append(current)
        else:
            current.lines.append(line)
        blanks = 0
    return out


# --- 3. header -------------------------------------------------------------------------------

_HEADER_FIELDS = (  # (field, test on the casefolded label); more specific first
    ("register_entered", lambda l: "daxil edildiyi tarix" in l),
    ("register_number", lambda l: "reyestrinin qeydiyyat nömrəsi" in l),
    ("classification", lambda l: "indeks kodu" in l),
    ("kind", lambda l: l == "aktın növü"),
    ("adopted", lambda l: l == "qəbul edildiyi tarix"),
    ("number", lambda l: l == "qeydiyyat nömrəsi"),
    ("title", lambda l: l == "adı"),
    ("publication", lambda l: l == "rəsmi dərc edildiyi mənbə"),
    ("in_force", lambda l: l == "qüvvəyə minmə tarixi"),
)


def _header_field(label: str) -> str | None:
    folded = " ".join(az_casefold(label).split())
    return next((name for name, test in _HEADER_FIELDS if test(folded)), None)


@dataclass(frozen=True)
class HeaderValue:
    field: str
    value: str
    line: int


def read_header(lines: Sequence[Line], reports: list[Report]) -> list[HeaderValue]:
    """Every `label<TAB>value` row; a label split over two rows (the second with no value) is joined."""
    values: list[HeaderValue] = []
    pending: Line | None = None
    for line in (l for l in lines if l.cells):
        label, value = line.cells[0], " ".join(c for c in line.cells[1:] if c)
        if pending is not None:
            joined = f"{pending.cells[0]} {label}"
            name = _header_field(joined)
            if name and not value:
                values.append(HeaderValue(name, " ".join(c for c in pending.cells[1:] if c), pending.no))
                pending = None
                continue
            reports.append(Report(pending.no, f"header row “{pending.cells[0]}” is not a State Register field; not imported"))
            pending = None
        name = _header_field(label)
        if name:
            values.append(HeaderValue(name, value, line.no))
        else:
            pending = line
    if pending is not None:
        reports.append(Report(pending.no, f"header row “{pending.cells[0]}” is not a State Register field; not imported"))
    return values


# --- 4. the parts of an act ------------------------------------------------------------------

_FORMULA = re.compile(r"(?:^|\s)(qərara alır(?:am)?|qərara alınır|fərman verirəm|sərəncam verirəm|əmr edirəm)\s*:?\s*$", re.I)
_STAMP = re.compile(r"təsdiq (?:edilmişdir|olunmuşdur)\.?$", re.I)
_SOURCES = "istifadə olunmuş mənbə sənədlərinin siyahısı"
_CHANGES = "edilmiş dəyişiklik və əlavələrin siyahısı"
_ACT_DATE = re.compile(rf"(?:(\d{{4}}){_ORD} il (\d{{1,2}}) ({_MONTH})|(\d{{1,2}}) ({_MONTH}) (\d{{4}}){_ORD} il) tarixli "
                       r"(\S+) nömrəli", re.I)
_TYPE_WORDS = {"qərar": "qərar", "qərarı": "qərar", "fərman": "fərman", "fərmanı": "fərman", "sərəncam": "sərəncam",
               "sərəncamı": "sərəncam", "əmr": "əmr", "əmri": "əmr", "qanun": "qanun", "qanunu": "qanun",
               "məcəllə": "məcəllə", "məcəlləsi": "məcəllə"}
_POSSESSIVE_TYPE_WORDS = {"qərarı", "fərmanı", "sərəncamı", "əmri", "qanunu", "məcəlləsi"}


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


@dataclass
class Annex:
    stamp: str
    stamp_line: int
    heading: list[tuple[str, int]] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)


@dataclass
class Parsed:
    front: list[Para] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    closing: list[Para] = field(default_factory=list)
    annexes: list[Annex] = field(default_factory=list)
    sources: list[Para] = field(default_factory=list)
    notes: list[Para] = field(default_factory=list)


class _Tree:
    """Numbered paragraphs into a tree, accepting a number only where it can follow the one before.

    A line that merely starts with “4. ” inside a wrapped sentence would otherwise start a provision.
    """

    def __init__(self, items: list[Item], reports: list[Report]) -> None:
        self.items = items
        self.reports = reports
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
            self.reports.append(Report(item.line, f"provision {item.label} follows "
                                       f"{siblings[-1].label if siblings else 'no sibling'}: numbers are skipped"))
        siblings.append(item)
        self.path = [p for p in self.path if len(p.num) < len(item.num) and item.num[:len(p.num)] == p.num] + [item]

    @property
    def last(self) -> Item | None:
        return self.path[-1] if self.path else None


def _item(para: Para, m: re.Match) -> Item:
    text, note = _take_note(m.group(2))
    return Item(tuple(int(n) for n in m.group(1).split(".")), para.no, text, heading_para=para.heading, note=note)


def _take_note(text: str) -> tuple[str, int | None]:
    """Strip note references from a provision's text; the marker stands after its final punctuation."""
    found = re.findall(rf"{NOTE_OPEN}(\d+){NOTE_CLOSE}", text)
    text = " ".join(re.sub(rf"\s*{NOTE_OPEN}\d+{NOTE_CLOSE}", "", text).split())
    return text, int(found[-1]) if found else None


def _is_list_heading(para: Para, which: str) -> bool:
    """The headings of the two closing lists, set as a heading or in capitals (never words in a provision)."""
    capitals = all(c.isupper() for c in para.text if c.isalpha())
    return (para.heading or capitals) and which in " ".join(az_casefold(para.text).split())


_REGISTER_BANNER = "azərbaycan respublikasının hüquqi aktların dövlət reyestri"


def walk(paras: list[Para], reports: list[Report]) -> Parsed:
    """Assign each paragraph to a part of the act, in the order the parts come."""
    parsed = Parsed()
    phase = "front"
    tree = _Tree(parsed.items, reports)
    for para in paras:
        if _is_list_heading(para, _SOURCES):
            phase = "sources"
            continue
        if _is_list_heading(para, _CHANGES):
            phase = "notes"
            continue
        if phase == "sources":
            parsed.sources.append(para)
            continue
        if phase == "notes":
            _note_para(parsed, para, reports)
            continue
        if _RULE.match(para.text):
            phase = "after_annex" if phase == "annex" else phase
            continue
        if para.heading and _same(para.text, _REGISTER_BANNER):
            continue  # the banner over the State Register's own header table
        if phase in ("body", "closing", "annex", "annex_heading", "after_annex") and _STAMP.search(para.text):
            signature, para = _split_signature(para)
            if signature:  # no blank line between the signatory's name and the stamp (seed 003)
                parsed.closing.append(signature)
            parsed.annexes.append(Annex(para.text, para.no))
            tree = _Tree(parsed.annexes[-1].items, reports)
            phase = "annex_heading"
            continue
        m = _NUMBERED.match(para.text)
        if phase in ("front", "body", "annex_heading", "annex") and m:
            item = _item(para, m)
            if tree.fits(item.num):
                tree.add(item)
                phase = "body" if phase in ("front", "body") else "annex"
                continue
            if tree.last is not None:
                reports.append(Report(para.no, f"“{m.group(1)}.” cannot follow provision {tree.last.label} here; "
                                                "read as part of its text"))
                tree.last.text = f"{tree.last.text} {para.text}".strip()
                continue
        if phase == "front":
            parsed.front.append(para)
        elif phase == "body":
            if _attach(tree.last, para):
                continue
            phase = "closing"
            parsed.closing.append(para)
        elif phase == "closing":
            parsed.closing.append(para)
        elif phase == "annex_heading":
            parsed.annexes[-1].heading.append((para.text, para.no))
        elif phase == "annex":
            if not _attach(tree.last, para):
                last = tree.last
                reports.append(Report(para.no, f"unnumbered paragraph after provision {last.label}: joined to its text "
                                                "(check whether it is a paragraph of its own)"))
                last.text = f"{last.text} {para.text}".strip()
        else:
            reports.append(Report(para.no, f"text after the end of the annex not placed: “{_short(para.text)}”"))
    return parsed


def _split_signature(para: Para) -> tuple[Para | None, Para]:
    """Lines up to the last personal name are a signature, the rest the stamp they ran into."""
    names = [i for i, line in enumerate(para.lines) if _looks_like_name(line.text)]
    if not names or names[-1] == len(para.lines) - 1:
        return None, para
    cut = names[-1] + 1
    return Para(para.lines[:cut]), Para(para.lines[cut:])


def _attach(item: Item | None, para: Para) -> bool:
    """An unnumbered paragraph right after a chapter heading is that chapter's own text (seed 003, 1.)."""
    if item is None or item.children or item.extra or not _heading_like(item) or para.heading:
        return False
    text, note = _take_note(para.text)
    item.extra.append(text)
    item.note = note or item.note
    return True


def _heading_like(item: Item) -> bool:
    return item.heading_para or not item.text.endswith(_TERMINAL)


def _note_para(parsed: Parsed, para: Para, reports: list[Report]) -> None:
    if para.text.startswith(NOTE_OPEN) or not parsed.notes:
        if not para.text.startswith(NOTE_OPEN):
            reports.append(Report(para.no, "text in the list of changes before its first note [N]; kept with the notes"))
        parsed.notes.append(para)
    else:
        parsed.notes[-1].lines += para.lines


def _short(text: str, n: int = 60) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


# --- 5. from parts to the source -------------------------------------------------------------

def _date_dotted(value: str, line: int, reports: list[Report]) -> dt.date | None:
    m = re.fullmatch(r"(\d{1,2})[.\-/](\d{1,2})[.\-/](\d{4})", value.strip())
    try:
        return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1))) if m else None
    except ValueError:
        pass
    if value.strip():
        reports.append(Report(line, f"“{value}” is not a date (dd.mm.yyyy); not imported"))
    return None


def _date_words(day: str, month: str, year: str) -> dt.date:
    return dt.date(int(year), _MONTHS.index(month.lower()) + 1, int(day))


@dataclass(frozen=True)
class Cited:
    """An act named as “<date> tarixli <number> nömrəli <issuer and type>”."""

    adopted: dt.date
    number: str
    start: int
    end: int


def cited_acts(text: str) -> list[Cited]:
    out = []
    for m in _ACT_DATE.finditer(text):
        if m.group(1):
            adopted = _date_words(m.group(2), m.group(3), m.group(1))
        else:
            adopted = _date_words(m.group(4), m.group(5), m.group(6))
        out.append(Cited(adopted, m.group(7), m.start(), m.end()))
    return out


@dataclass(frozen=True)
class Stamp:
    issuer: str
    adopted: dt.date
    number: str
    type_word: str


def read_stamp(text: str) -> Stamp | None:
    """“<issuer> <date> tarixli <N> nömrəli <Type> ilə təsdiq edilmişdir.”"""
    cited = cited_acts(text)
    if not cited:
        return None
    c = cited[0]
    rest = text[c.end:].split()
    return Stamp(text[:c.start].strip(), c.adopted, c.number, rest[0] if rest else "")


def _consensus(values: list[HeaderValue], name: str) -> list[HeaderValue]:
    return [v for v in values if v.field == name and v.value]


def _type_like(value: str) -> bool:
    last = az_casefold(value.split()[-1]) if value.split() else ""
    return last in _TYPE_WORDS


class _Builder:
    def __init__(self, parsed: Parsed, header: list[HeaderValue], reports: list[Report],
                 known: Sequence[KnownAct], act_id: str | None) -> None:
        self.p = parsed
        self.header = header
        self.reports = reports
        self.known = known
        self.act_id = act_id
        self.stamps = [read_stamp(a.stamp) for a in parsed.annexes]
        self.data: dict[str, Any] = {}
        self.note_marks: dict[tuple[str, str], int] = {}

    def report(self, line: int, message: str) -> None:
        self.reports.append(Report(line, message))

    def build(self) -> dict[str, Any]:
        d = self.data
        d["kind"] = "act"
        kind, type_name, issuer = self.kind()
        closing = self.closing()
        number = self.number(closing.get("number"))
        adopted = self.adopted(closing.get("adopted"))
        title, preamble, formula = self.front()
        d["id"] = self.act_id or derive_id(issuer, type_name, self.stamp_issuer(), adopted, number)
        d["type"] = kind
        d["note_style"] = "law" if kind in ("qanun", "məcəllə", "konstitusiya") else "register"
        if issuer:
            d["issuer"] = issuer
        if type_name:
            d["type_name"] = type_name
        cited_as = self.cited_as()
        if cited_as:
            d["cited_as"] = cited_as
        if number:
            d["number"] = number
        if title:
            d["title"] = title
        d["adopted"] = adopted or dt.date(1900, 1, 1)
        self.dates()
        if closing.get("place"):
            d["place"] = closing["place"]
        self.register()
        if preamble:
            d["preamble"] = preamble
        if formula:
            d["enacting_formula"] = formula
        if self.p.items:
            d["provisions"] = provisions(self.p.items, unit_plan(self.p.items, annex=False), "body", self.note_marks)
        if closing.get("signatories"):
            d["signatories"] = closing["signatories"]
        if closing.get("date_line"):
            d["date_line"] = closing["date_line"]
        changes = self.repeals()
        if changes:
            d["changes"] = changes
        if self.p.annexes:
            d["annexes"] = [self.annex(a) for a in self.p.annexes]
        notes = self.notes()
        if notes:
            d["notes"] = notes
        return d

    # header fields, with the body's own words as a check

    def kind(self) -> tuple[str, str | None, str | None]:
        values = _consensus(self.header, "kind")
        type_name = next((v.value for v in values if _type_like(v.value)), None)
        issuer = next((v.value for v in values if not _type_like(v.value)), None)
        words = [type_name.split()[-1]] if type_name else []
        words += [s.type_word for s in self.stamps if s]
        for word in words:
            kind = _TYPE_WORDS.get(az_casefold(word).strip(".,"))
            if kind:
                return kind, type_name, issuer
        formula = next((m.group(1) for para in self.p.front if (m := _FORMULA.search(az_casefold(para.text)))), "")
        if az_casefold(formula).startswith("qərara"):
            return "qərar", type_name, issuer
        if az_casefold(formula).startswith("fərman"):
            return "fərman", type_name, issuer
        self.report(1, "the act's type (qərar, fərman …) is not stated; `type: qərar` written: check it")
        return "qərar", type_name, issuer

    def stamp_issuer(self) -> str | None:
        return next((s.issuer for s in self.stamps if s), None)

    def cited_as(self) -> str | None:
        """How citations name the act, from an approval stamp that names it so (“… Kabinetinin … Qərarı”)."""
        stamp = next((s for s in self.stamps if s), None)
        if stamp and az_casefold(stamp.type_word) in _POSSESSIVE_TYPE_WORDS:
            return f"{stamp.issuer} {stamp.type_word}"
        return None

    def number(self, closing_number: tuple[str, int] | None) -> str | None:
        candidates = [(v.value, v.line) for v in _consensus(self.header, "number")]
        if closing_number:
            candidates.append(closing_number)
        stamp_numbers = {s.number for s in self.stamps if s}
        distinct = list(dict.fromkeys(value for value, _ in candidates))
        if len(distinct) <= 1:
            chosen = distinct[0] if distinct else next(iter(stamp_numbers), None)
        else:
            confirmed = [n for n in distinct if n in stamp_numbers]
            chosen = confirmed[0] if confirmed else candidates[-1][0]
            why = "the approval stamp agrees" if confirmed else "the last one given"
            for value, line in candidates:
                if value != chosen:
                    self.report(line, f"number {value} differs from {chosen}; kept {chosen} ({why})")
        for stamp, annex in zip(self.stamps, self.p.annexes):
            if stamp and chosen and stamp.number != chosen:
                self.report(annex.stamp_line, f"the approval stamp gives number {stamp.number}, the act {chosen}")
        return chosen

    def adopted(self, from_closing: tuple[dt.date, int] | None) -> dt.date | None:
        dates = [(d, v.line) for v in _consensus(self.header, "adopted")
                 if (d := _date_dotted(v.value, v.line, self.reports))]
        if from_closing:
            dates.append(from_closing)
        dates += [(s.adopted, a.stamp_line) for s, a in zip(self.stamps, self.p.annexes) if s]
        if not dates:
            self.report(1, "no adoption date found (header, date line or stamp); `adopted` must be filled in")
            return None
        chosen = dates[0][0]
        for day, line in dates[1:]:
            if day != chosen:
                self.report(line, f"date {day} differs from the adoption date {chosen}")
        return chosen

    def dates(self) -> None:
        values = _consensus(self.header, "in_force")
        days = [d for v in values if (d := _date_dotted(v.value, v.line, self.reports))]
        if days:
            self.data["in_force"] = days[0]
        codes: list[str] = []
        for v in _consensus(self.header, "classification"):
            for code in re.split(r"[;,\s]+", v.value):
                if re.fullmatch(r"\d{3}\.\d{3}\.\d{3}", code):
                    codes.append(code)
                elif code:
                    self.report(v.line, f"“{code}” is not a classification code (000.000.000); not imported")
        if codes:
            self.data["classification"] = list(dict.fromkeys(codes))
        for v in _consensus(self.header, "publication"):
            publication = read_publication(v.value)
            if publication:
                self.data.setdefault("publication", []).append(publication)
            else:
                self.report(v.line, f"official publication “{_short(v.value)}” not understood; not imported")

    def register(self) -> None:
        numbers = list(dict.fromkeys(v.value for v in _consensus(self.header, "register_number")))
        entered = [d for v in _consensus(self.header, "register_entered")
                   if (d := _date_dotted(v.value, v.line, self.reports))]
        if not numbers and not entered:
            return
        line = next(v.line for v in self.header if v.field in ("register_number", "register_entered"))
        if len(numbers) != 1 or not re.fullmatch(r"\d{14}", numbers[0]) or not entered:
            self.report(line, f"State Register entry incomplete or inconsistent ({', '.join(numbers) or 'no number'}); "
                              "not imported")
            return
        self.data["register"] = {"number": numbers[0], "entered": entered[0]}

    def front(self) -> tuple[str | None, str | None, str | None]:
        """Title, preamble and enacting formula from the paragraphs before the first provision."""
        paras = list(self.p.front)
        header_title = next((v.value for v in _consensus(self.header, "title")), None)
        formula, preamble_parts = None, []
        for i, para in enumerate(paras):
            m = _FORMULA.search(az_casefold(para.text))  # same length: I→ı and İ→i are one letter each
            if m:
                formula = para.text[m.start(1):].strip()
                head = para.text[:m.start()].strip()
                before = paras[:i]
                preamble_parts = [head] if head else ([before.pop().text] if before else [])
                paras = before + paras[i + 1:]
                break
        if formula is None and paras:
            self.report(paras[-1].no, "no enacting formula (“qərara alır:”) found; the last paragraph before the "
                                      "provisions is taken as the preamble")
            preamble_parts = [paras.pop().text]
        title = header_title
        leftover = [p for p in paras if not (header_title and _same(p.text, header_title))]
        if title is None and leftover:
            title = leftover.pop(0).text
        for para in leftover:
            self.report(para.no, f"paragraph before the provisions not placed: “{_short(para.text)}”")
        return title, " ".join(preamble_parts) or None, formula

    def closing(self) -> dict[str, Any]:
        """Signature, place and date, number: what stands between the last provision and the first annex."""
        out: dict[str, Any] = {}
        signature_lines: list[tuple[str, int]] = []
        for para in self.p.closing:
            text = para.text
            date = _DATE_LINE.match(text)
            number = _NUMBER_LINE.match(text)
            if date:
                out["place"] = date.group(1).strip()
                out["date_line"] = text
                out["adopted"] = (_date_words(date.group(2), date.group(3), date.group(4)), para.no)
            elif number:
                out["number"] = (number.group(1), para.no)
            elif _sentence_like(text):
                self.report(para.no, f"paragraph after the provisions not placed: “{_short(text)}”")
            else:
                signature_lines += [(t, line.no) for t, line in zip(para.line_texts, para.lines) if t]
        if signature_lines:
            out["signatories"] = self.signatories(signature_lines)
        return out

    def signatories(self, lines: list[tuple[str, int]]) -> list[dict[str, str]]:
        """Names and positions: a position stands after its name when the block starts with a name, else before."""
        names = [i for i, (text, _) in enumerate(lines) if _looks_like_name(text)]
        if not names:
            self.report(lines[0][1], "signature block without a recognisable name; not imported: "
                                     f"“{_short(' '.join(t for t, _ in lines))}”")
            return []
        out = []
        name_first = names[0] == 0
        bounds = names + [len(lines)]
        for k, at in enumerate(names):
            if name_first:
                position = lines[at + 1: bounds[k + 1]]
            else:
                position = lines[(names[k - 1] + 1 if k else 0): at]
            entry = {"name": lines[at][0]}
            if position:
                entry["position"] = " ".join(t for t, _ in position)
            out.append(entry)
        if not name_first and names[-1] != len(lines) - 1:
            rest = lines[names[-1] + 1:]
            self.report(rest[0][1], f"lines after the last signatory not placed: “{_short(' '.join(t for t, _ in rest))}”")
        return out

    def repeals(self) -> list[dict[str, Any]]:
        """A provision that repeals an act the project holds becomes a `repeal` change; others are reported."""
        changes = []
        for item in _walk(self.p.items):
            if not re.search(r"(ləğv edilsin|qüvvədən düşmüş hesab edilsin)\.?$", item.text):
                continue
            for cited in cited_acts(item.text):
                match = [a for a in self.known if a.adopted == cited.adopted and a.number == cited.number]
                if len(match) == 1:
                    changes.append({"by": item.label, "target": {"act": match[0].id}, "repeal": True})
                else:
                    self.report(item.line, f"provision {item.label} repeals the act of {cited.adopted} No {cited.number}, "
                                           "which is not among the project's acts: add it and a `repeal` change by hand")
        return changes

    def annex(self, annex: Annex) -> dict[str, Any]:
        parts = [text for text, _ in annex.heading]
        title = self.annex_title(parts)
        out: dict[str, Any] = {"id": annex_id(title)}
        out["stamp"] = annex.stamp
        out["title"] = title
        if parts and parts != [title]:
            out["heading"] = _heading_lines(annex.heading)
        if not annex.items:
            self.report(annex.stamp_line, "annex without numbered provisions; its text was not imported")
        line = annex.heading[0][1] if annex.heading else annex.stamp_line
        self.report(line, f"annex “{_short(title)}”: whether the last noun of its title is possessive (meyarları) or "
                          "not (Əsasnamə) is not guessed: set `head_noun` (plain by default)")
        out["provisions"] = provisions(annex.items, unit_plan(annex.items, annex=True), out["id"], self.note_marks)
        return out

    def annex_title(self, parts: list[str]) -> str:
        """The annex's name as the act itself quotes it (“… Əsasnamə” təsdiq edilsin), else its heading."""
        if not parts:
            return "Əlavə"
        words = " ".join(parts).split()
        pattern = re.compile(r"\s+".join(map(re.escape, words)), re.I)
        for item in _walk(self.p.items):
            m = pattern.search(item.text)
            if m:
                return m.group(0)
        return " ".join(parts)

    def notes(self) -> str | None:
        """The list of amending acts and the notes, verbatim, for maintainers (never published)."""
        if not self.p.notes and not self.p.sources:
            return None
        blocks = []
        if self.p.sources:
            blocks.append("İSTİFADƏ OLUNMUŞ MƏNBƏ SƏNƏDLƏRİNİN SİYAHISI (imported, not applied):")
            blocks += [p.text for p in self.p.sources]
        if self.p.notes:
            blocks.append("Notes of the consolidated text (their changes are already in this text; not applied):")
            blocks += [re.sub(rf"{NOTE_OPEN}(\d+){NOTE_CLOSE}\s*", r"[\1] ", p.text) for p in self.p.notes]
            first = self.p.notes[0].no
            self.report(first, f"{len(self.p.notes)} note(s) kept in `notes`, not applied: the text already has their "
                               "changes. For the history, add the amending act(s) they cite with their `changes` and "
                               "import the text as it was before them")
        return "\n\n".join(blocks) + "\n"


def _heading_lines(heading: list[tuple[str, int]]) -> list[str]:
    return [text for text, _ in heading]


def _sentence_like(text: str) -> bool:
    """Running text, not a signature block (names and positions are short and end without a full stop)."""
    return text.endswith(".") and len(text.split()) > 6


def _same(a: str, b: str) -> bool:
    return " ".join(az_casefold(a).split()) == " ".join(az_casefold(b).split())


_INSTITUTION_STEMS = ("azərbaycan", "respublika", "nazir", "kabinet", "prezident", "məclis", "agentli", "komitə",
                      "xidmət", "qrup", "şəhər", "bakı", "kollegiya", "milli", "dövlət", "mərkəz", "reyestr", "hüquq")


def _looks_like_name(text: str) -> bool:
    """“Əli Əsədov”, “Mikayıl Cabbarov”, “Ə.Əsədov”: two or three capitalised words that name no institution
    (a wrapped line “Azərbaycan Respublikası Nazirlər” is capitalised too)."""
    word = r"[A-ZÇƏĞİÖŞÜ][a-zçəğıiöşü]+(?:-[A-ZÇƏĞİÖŞÜ][a-zçəğıiöşü]+)?"
    if not re.fullmatch(rf"(?:{word}|[A-ZÇƏĞİÖŞÜ]\.)(?:\s*{word}){{1,2}}", text.strip()):
        return False
    return not any(az_casefold(w).startswith(_INSTITUTION_STEMS) for w in text.split())


def read_publication(value: str) -> dict[str, Any] | None:
    """“<source> (Dərc olunma tarixi: 31-12-2009, Nəşr nömrəsi: 12, Maddə nömrəsi: 1068)”."""
    m = re.fullmatch(r"(.+?)\s*\((.*)\)\s*", value)
    if not m:
        return {"source": value} if value else None
    out: dict[str, Any] = {"source": m.group(1)}
    for key, val in re.findall(r"([^:,]+):\s*([^,]+)", m.group(2)):
        key = az_casefold(key.strip())
        if "tarix" in key and (d := re.fullmatch(r"(\d{2})-(\d{2})-(\d{4})", val.strip())):
            out["date"] = dt.date(int(d.group(3)), int(d.group(2)), int(d.group(1)))
        elif "nəşr" in key:
            out["issue"] = val.strip()
        elif "maddə" in key:
            out["article"] = val.strip()
        else:
            return None
    return out


def _walk(items: list[Item]) -> Iterable[Item]:
    for item in items:
        yield item
        yield from _walk(item.children)


def unit_plan(items: list[Item], annex: bool) -> tuple[str, ...]:
    """Units by depth. An annex whose top-level items are titled chapters with numbered points:
    hissə / bənd / yarımbənd (the Regulation, the criteria); otherwise bənd / yarımbənd."""
    chapters = annex and any(i.children for i in items) and all(_heading_like(i) for i in items if i.children)
    return ("hissə", "bənd", "yarımbənd") if chapters else ("bənd", "yarımbənd")


def provisions(items: list[Item], units: tuple[str, ...], document: str, marks: dict[tuple[str, str], int],
               depth: int = 0) -> list[dict[str, Any]]:
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


def annex_id(title: str) -> str:
    """A short id from the title's last word: “… Əsasnamə” → esasname."""
    words = re.findall(r"\w+", ascii_fold(title))
    return (words[-1] if words else "elave").lower()


_ISSUERS = (("nazirlər kabineti", "nk"), ("prezident", "prezident"), ("milli məclis", "mm"))


def derive_id(issuer: str | None, type_name: str | None, stamp_issuer: str | None, adopted: dt.date | None,
              number: str | None) -> str:
    """`<issuer>-<year>-<number>` as the project names acts: nk-2024-21, vn-kollegiya-2019-191705000007900."""
    who = az_casefold(" ".join(filter(None, (type_name, stamp_issuer, issuer))))
    prefix = next((short for name, short in _ISSUERS if name in who), None)
    if prefix is None:
        ministry = re.search(r"(\w+)\s+nazirliyi", who)
        prefix = f"{ascii_fold(ministry.group(1))[0]}n" if ministry else "akt"
        if "kollegiya" in who:
            prefix += "-kollegiya"
    year = str(adopted.year) if adopted else "0000"
    tail = re.sub(r"[^a-z0-9]+", "-", ascii_fold(number or "x")).strip("-") or "x"
    return f"{prefix}-{year}-{tail}"


# --- the whole import ------------------------------------------------------------------------

def import_text(text: str, known: Sequence[KnownAct] = (), act_id: str | None = None) -> Imported:
    """The source data and every report; `known` lets a repeal name its target act by id."""
    reports: list[Report] = []
    lines = clean_lines(text)
    header = read_header(lines, reports)
    parsed = walk(paragraphs(lines), reports)
    builder = _Builder(parsed, header, reports, known, act_id)
    data = builder.build()
    return Imported(data, sorted(reports, key=lambda r: r.line), builder.note_marks)


# --- YAML --------------------------------------------------------------------------------------

_WIDTH = 100
_QUOTED = {"num", "number", "after", "by", "classification"}  # numbers are strings: "2.10" must never read as 2.1


def to_yaml(imported: Imported, schema_ref: str = "../schemas/act.schema.json", source_name: str = "") -> str:
    """ruamel round-trip YAML in the project's style: schema line first, numbers quoted, dates ISO."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.width = _WIDTH
    yaml.indent(mapping=2, sequence=4, offset=2)
    buffer = io.StringIO()
    yaml.dump(_rt(imported.data, imported.note_marks, None, 0), buffer)
    head = [f"# yaml-language-server: $schema={schema_ref}"]
    if source_name:
        head.append(f"# Imported by `qanun import` from {source_name}; check it against the source before use.")
    return "\n".join(head) + "\n" + buffer.getvalue()


def _rt(value: Any, marks: dict[tuple[str, str], int], document: str | None, indent: int, key: str = "") -> Any:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString

    if isinstance(value, dict):
        out = CommentedMap()
        doc = value.get("id") if key == "annexes" else document
        for k, v in value.items():
            child_doc = "body" if k == "provisions" and doc is None else doc
            out[k] = _rt(v, marks, child_doc, indent + 2, k)
        note = marks.get((document or "", value.get("num", ""))) if "unit" in value else None
        if note:
            out.yaml_add_eol_comment(f"[{note}]: a note of the source stands here (see `notes`)", "num")
        return out
    if isinstance(value, list):
        return CommentedSeq([_rt(v, marks, document, indent + 4, key) for v in value])
    if isinstance(value, str):
        if key in _QUOTED:
            return DoubleQuotedScalarString(value)
        if key == "notes":
            return LiteralScalarString(value)
        if len(value) + indent + len(key) + 2 > _WIDTH - 4:
            return _folded(value, _WIDTH - indent - 2)
    return value


def _folded(text: str, width: int):
    """A `>-` block folded at spaces, like the hand-written sources (line breaks there are layout)."""
    from ruamel.yaml.scalarstring import FoldedScalarString

    folded = FoldedScalarString(text)
    positions, at = [], 0
    for line in textwrap.wrap(text, max(width, 40), break_long_words=False, break_on_hyphens=False)[:-1]:
        at = text.index(line, at) + len(line)
        positions.append(at)
    folded.fold_pos = positions
    return folded
