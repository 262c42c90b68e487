"""A version's DOCX without a pandoc run per file: pandoc's DOCX writer, for the few elements qanun's documents
use, done again in Python, byte for byte (issue 7).

pandoc spends some 25 ms on every DOCX, however small (it reads its reference document and writes the whole
package again), about half of what a register's downloads cost. Only three parts of the package differ from one
version to the next: `word/document.xml`, `word/footnotes.xml` and the title in `docProps/custom.xml`. This module
takes every other part from one pandoc run per process (`_package`) and writes those three itself, the way pandoc
writes them: the same paragraphs, runs, styles, footnote ids, escaping and whitespace.

What it writes is only trusted because pandoc agrees: `_package` converts PROBE, a document with every element
and quirk handled here, with pandoc and with this writer; unless the two packages are byte-identical (another
pandoc version, say), `to_docx` answers None and the caller runs pandoc. A document with anything outside that
subset (`Unsupported`) goes to pandoc too. The tests compare the two routes on every version of the real acts and
on generated documents (tests/test_wordml.py).

The quirks kept (pandoc 3's docx writer): a `Str`, `Space`, `Str` run merges into one run, but a `Space` next to
anything else is a run of its own; a soft hyphen (U+00AD) is a `w:softHyphen` run, a trailing one is dropped and
several in a row are one; characters XML 1.0 does not allow are dropped; a paragraph right after a heading, or the
first of the document, is a "First Paragraph", any other a "Body Text": a heading or a table starts that, any
paragraph with words (one in a footnote, a table cell or a custom style included) ends it; two tables in a row have
an empty paragraph between them.
"""
from __future__ import annotations

import io
import json
import re
import zipfile
from dataclasses import dataclass
from functools import cache

_XML_INVALID = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_XML_PLAIN = re.compile("[^&<>\"'\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]*")  # nothing to drop or escape
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"})
_SOFT_HYPHEN = "\u00ad"
_SOFT_HYPHENS = re.compile(_SOFT_HYPHEN + "+")

_TEXT_WIDTH = 7920  # twips between the margins of pandoc's reference document: a table column's width is a share
_FOOTNOTE_REF = '<w:r>\n  <w:rPr>\n    <w:rStyle w:val="FootnoteReference" />\n  </w:rPr>\n  <w:footnoteRef />\n</w:r>'
_SPACE_RUN = '<w:r><w:t xml:space="preserve"> </w:t></w:r>'
_TABLE_PROPERTIES = ('<w:tblPr><w:tblStyle w:val="Table" /><w:tblW w:type="pct" w:w="5000" />'
                     '<w:tblLayout w:type="fixed" /><w:tblLook w:firstRow="0" w:lastRow="0" w:firstColumn="0" '
                     'w:lastColumn="0" w:noHBand="0" w:noVBand="0" w:val="0000" /></w:tblPr>')
_FORMATS = {"Strong": "<w:b /><w:bCs />", "Strikeout": "<w:strike />"}
_NO_ATTR = ["", [], []]  # a pandoc element's identifier, classes and attributes: none


class Unsupported(ValueError):
    """The document has an element, or a shape of one, this writer does not know: pandoc makes it."""


def xml_text(text: str) -> str:
    """Text as pandoc puts it in a part: characters XML 1.0 does not allow dropped, the five specials escaped."""
    if _XML_PLAIN.fullmatch(text):  # most texts: one match is a tenth of the time of `sub` and `translate`
        return text
    return _XML_INVALID.sub("", text).translate(_ESCAPES)


# --- the body -------------------------------------------------------------------------------------

class _Writer:
    """One document's body and footnotes, in pandoc's order (a footnote is numbered where its marker stands)."""

    def __init__(self, styles: frozenset[str], first_note: int) -> None:
        self.styles = styles  # the custom paragraph styles the reference document has
        self.first_para = True  # pandoc's stFirstPara
        self.next_note = first_note
        self.notes: list[str] = []
        self.in_note = False

    def blocks(self, blocks: list[dict]) -> list[str]:
        out: list[str] = []
        for block, before in zip(blocks, [None, *blocks]):
            if block.get("t") == "Table" and before is not None and before.get("t") == "Table":
                out.append("<w:p />")  # pandoc's `separateTables`: Word would join two tables in a row
            out += self.block(block)
        return out

    def block(self, block: dict, style: str | None = None) -> list[str]:
        kind, content = block.get("t"), block.get("c")
        if kind == "Para":
            return self.para(content, style)
        if kind == "Header" and style is None:
            level, (ident, classes, attributes), inlines = content
            if ident or classes or attributes or not 1 <= level <= 9:
                raise Unsupported("a heading with attributes")
            self.first_para = True  # set before its text: a footnote in a heading ends it again
            return [self._paragraph(f"Heading{level}", self.inlines(inlines))]
        if kind == "Div" and style is None:
            (ident, classes, attributes), blocks = content
            name = dict(attributes).get("custom-style") if len(attributes) == 1 else None
            if ident or classes or name not in self.styles:
                raise Unsupported("a division that is not one of qanun's paragraph styles")
            out: list[str] = []
            for inner in blocks:
                out += self.block(inner, name.replace(" ", ""))
            return out
        if kind == "Table" and style is None:
            return [self.table(content)]
        raise Unsupported(f"a {kind} block")

    def para(self, inlines: list[dict], style: str | None) -> list[str]:
        if not inlines:
            return []  # pandoc writes no empty paragraph
        if style is None:
            style = "FirstParagraph" if self.first_para else "BodyText"
        self.first_para = False
        return [self._paragraph(style, self.inlines(inlines))]

    @staticmethod
    def _paragraph(style: str, runs: str) -> str:
        return f'<w:p><w:pPr><w:pStyle w:val="{style}" /></w:pPr>{runs}</w:p>'

    def table(self, content: list) -> str:
        """qanun's one table shape: columns with widths, no caption, head, foot or spans; a cell holds one line."""
        attr, caption, columns, head, bodies, foot = content
        if attr != _NO_ATTR or caption != [None, []] or head != [_NO_ATTR, []] or foot != [_NO_ATTR, []] \
                or len(bodies) != 1 or bodies[0][:3] != [_NO_ATTR, 0, []]:
            raise Unsupported("a table with a caption, a head, a foot or attributes")
        widths = []
        for align, width in columns:
            if align != {"t": "AlignDefault"} or width.get("t") != "ColWidth":
                raise Unsupported("a table column without a width")
            widths.append(int(width["c"] * _TEXT_WIDTH))
        self.first_para = True  # as after a heading: a paragraph after a table of empty cells is a first one
        rows = []
        for row_attr, cells in bodies[0][3]:
            if row_attr != _NO_ATTR or len(cells) != len(widths):
                raise Unsupported("a table row with attributes or spans")
            rows.append("<w:tr>" + "".join(self._cell(cell) for cell in cells) + "</w:tr>")
        if not rows:
            raise Unsupported("a table without rows")
        grid = "".join(f'<w:gridCol w:w="{w}" />' for w in widths)
        return f"<w:tbl>{_TABLE_PROPERTIES}<w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"

    def _cell(self, cell: list) -> str:
        attr, align, rows, cols, blocks = cell
        if attr != _NO_ATTR or align != {"t": "AlignDefault"} or (rows, cols) != (1, 1):
            raise Unsupported("a table cell with attributes or spans")
        if not blocks:
            runs = ""
        elif len(blocks) == 1 and blocks[0].get("t") == "Plain" and blocks[0]["c"]:
            self.first_para = False  # a cell's line is a paragraph to pandoc
            runs = self.inlines(blocks[0]["c"])
        else:
            raise Unsupported("a table cell with more than one line")
        return f"<w:tc><w:tcPr />{self._paragraph('Compact', runs)}</w:tc>"

    # --- runs ---

    def inlines(self, inlines: list[dict], formats: str = "") -> str:
        out = []
        for item in _merged(inlines):
            kind = item.get("t")
            if kind == "Str":
                out.append(_text_runs(item["c"], formats))
            elif kind == "Space":
                out.append(_text_runs(" ", formats))
            elif kind in _FORMATS and not formats:
                out.append(self.inlines(item["c"], _FORMATS[kind]))
            elif kind == "LineBreak" and not formats:
                out.append("<w:r><w:br /></w:r>")
            elif kind == "Note" and not formats:
                out.append(self.note(item["c"]))
            else:
                raise Unsupported(f"a {kind} inline" + (" in formatted text" if formats else ""))
        return "".join(out)

    def note(self, blocks: list[dict]) -> str:
        """A footnote: its mark and a space open the first paragraph, which pandoc adds where there is none."""
        if self.in_note or any(block.get("t") != "Para" for block in blocks):
            raise Unsupported("a footnote with something other than paragraphs")
        number = self.next_note
        self.next_note += 1
        self.in_note, self.first_para = True, False
        first, *rest = blocks or [None]
        opening = _FOOTNOTE_REF + (_SPACE_RUN + self.inlines(first["c"]) if first else "")
        paras = [self._paragraph("FootnoteText", opening)]
        for block in rest:
            if block["c"]:
                paras.append(self._paragraph("FootnoteText", self.inlines(block["c"])))
        self.in_note = False
        self.notes.append(f'<w:footnote w:id="{number}">{"".join(paras)}</w:footnote>')
        return (f'<w:r><w:rPr><w:rStyle w:val="FootnoteReference" /></w:rPr>'
                f'<w:footnoteReference w:id="{number}" /></w:r>')


_KINDS = {"Str": "s", "Space": " "}
_MERGING = re.compile(r"s(?: ?s)*")  # over the inlines' kinds: what pandoc merges, left to right


def _merged(inlines: list[dict]) -> list[dict]:
    """pandoc's `convertSpace`: `Str Space Str` and `Str Str` become one `Str`; any other `Space` stays."""
    kinds = "".join([_KINDS.get(item.get("t"), "x") for item in inlines])
    out: list[dict] = []
    at = 0
    for run in _MERGING.finditer(kinds):
        start, end = run.span()
        out += inlines[at:start]
        out.append({"t": "Str", "c": "".join([item.get("c", " ") for item in inlines[start:end]])})  # a Space is " "
        at = end
    return out + inlines[at:]


def _text_runs(text: str, formats: str) -> str:
    """pandoc's `formattedString`: soft hyphens as runs of their own between the pieces of text around them."""
    props = f"<w:rPr>{formats}</w:rPr>" if formats else ""
    pieces = _SOFT_HYPHENS.split(text)
    if len(pieces) > 1 and pieces[-1] == "":
        pieces.pop()  # pandoc splits with `splitTextBy`, which leaves out a last, empty piece
    runs = [f'<w:r>{props}<w:t xml:space="preserve">{escaped}</w:t></w:r>' if (escaped := xml_text(piece)) else ""
            for piece in pieces]
    return f"<w:r>{props}<w:softHyphen /></w:r>".join(runs)


# --- the package ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Package:
    """pandoc's DOCX package with the three parts that vary cut open where the content goes."""

    entries: tuple[tuple[str, int, int], ...]  # name, compression, external attributes: in pandoc's order
    fixed: dict[str, bytes]  # the parts that never vary
    document: tuple[str, str]  # word/document.xml before and after the body's content
    footnotes: tuple[str, str]  # word/footnotes.xml before and after the footnotes
    custom: tuple[str, str]  # docProps/custom.xml before and after the title
    first_note: int
    styles: frozenset[str]


_TITLE_MARK = "qanun-title-here"


def write(package: _Package, document: list[dict], title: str) -> bytes:
    """The DOCX of a pandoc document (its blocks, as JSON) from the package; `Unsupported` if pandoc must make it."""
    if not title or xml_text(title) != title.translate(_ESCAPES):
        raise Unsupported("an empty title, or one with characters XML does not allow")
    writer = _Writer(package.styles, package.first_note)
    body = writer.blocks(document)
    varying = {
        "word/document.xml": package.document[0] + "\n    ".join(body) + package.document[1],
        "word/footnotes.xml": package.footnotes[0] + "".join(writer.notes) + package.footnotes[1],
        "docProps/custom.xml": package.custom[0] + xml_text(title) + package.custom[1],
    }
    parts = {**package.fixed, **{name: text.encode("utf-8") for name, text in varying.items()}}
    return _zipped(package.entries, parts)


def _zipped(entries: tuple[tuple[str, int, int], ...], parts: dict[str, bytes]) -> bytes:
    """A package as `normalise_zip` leaves pandoc's: the entries in pandoc's order, each dated 1980-01-01."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for name, compression, attributes in entries:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = compression
            info.external_attr = attributes
            info.create_system = 3
            dst.writestr(info, parts[name])
    return out.getvalue()


def _opened(data: bytes) -> tuple[tuple[tuple[str, int, int], ...], dict[str, bytes]]:
    """A zip's entries (name, compression, attributes) in order, and their contents."""
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        entries = tuple((item.filename, item.compress_type, item.external_attr) for item in src.infolist())
        return entries, {item.filename: src.read(item) for item in src.infolist()}


def normalise_zip(data: bytes) -> bytes:
    """The same container with every entry dated 1980-01-01: pandoc copies the parts of its reference document
    with the time they were made (the day the build ran), which would make each build's DOCX differ."""
    return _zipped(*_opened(data))


def _cut(text: str, start: str, end: str) -> tuple[str, str]:
    """`text` cut around what stands between `start` (kept before) and `end` (kept after)."""
    head = text.index(start) + len(start)
    return text[:head], text[text.index(end, head):]


# --- the probe: every element and quirk above, which pandoc and this writer must write alike ------------

def _s(text: str) -> dict:
    return {"t": "Str", "c": text}


_SP: dict = {"t": "Space"}


def _para(*inlines: dict) -> dict:
    return {"t": "Para", "c": list(inlines)}


def _probe(styles: frozenset[str]) -> list[dict]:
    from .docx import _heading, _styled, _table

    note = {"t": "Note", "c": [_para(_s("qeyd"), _SP, _s("&<>\"'")), _para({"t": "Strikeout", "c": [_s("köhnə"), _SP,
                                                                                                    _s("söz")]})]}
    return [
        _table((("AKTIN NÖVÜ", "Fərman"), ("ADI", ""), ("", "x"))),
        _table((("", ""),)),
        _para(_s("cədvəllərdən"), _SP, _s("sonra")),
        _heading(2, [_s("boş")]),
        _table((("", ""),)),
        _para(_s("Birinci"), _SP, _s("abzas")),
        _para(_s("a"), _SP, _SP, _s("b"), _s("c"), {"t": "LineBreak"}, _SP, _s("\u00adsöz\u00ad\u00adlər\u00ad"),
              _s("\x01\ufffe\U0001F600")),
        _heading(1, [_s("Başlıq"), note]),
        _para(_s("sonra"), {"t": "Note", "c": []}, _SP, {"t": "Note", "c": [_para(), _para(), _para(_s("ikinci"))]}),
        *[_heading(level, [_s(f"{level}.")]) for level in range(2, 7)],
        *[_styled(name, [{"t": "Strong", "c": [_s("1."), _SP, _s("x\u00ad")]}, _SP, _s("mətn"), note])
          for name in sorted(styles)],
        _styled("Status", []),
        _heading(2, []),
        _para(_s("son")),
    ]


_SEPARATORS_END = '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator /></w:r></w:p></w:footnote>'


@cache
def package() -> _Package | None:
    """pandoc's package for qanun's DOCX, or None where this writer does not write what pandoc does."""
    from .docx import _STYLES, _docx_request
    from .pandoc import RenderError, api_version, convert_batch

    styles = frozenset(_STYLES)
    probe = _probe(styles)
    document = json.dumps({"pandoc-api-version": api_version(), "meta": {}, "blocks": probe}, ensure_ascii=False)
    try:
        made = normalise_zip(convert_batch([_docx_request(document, _TITLE_MARK)])[0])
    except (OSError, RenderError):
        return None  # no pandoc-server here: pandoc makes every DOCX, file by file
    try:
        found = _cut_open(made, styles)
        return found if write(found, probe, _TITLE_MARK) == made else None
    except (KeyError, ValueError, TypeError, UnicodeDecodeError):
        return None  # pandoc writes another package than the one this writer knows


def _cut_open(made: bytes, styles: frozenset[str]) -> _Package:
    """pandoc's package of the probe, cut where the body, the footnotes and the title go."""
    entries, parts = _opened(made)
    document, footnotes, custom = (parts[name].decode("utf-8") for name in ("word/document.xml",
                                                                           "word/footnotes.xml", "docProps/custom.xml"))
    first_note = int(re.search(r'<w:footnoteReference w:id="(-?\d+)"', document)[1])  # type: ignore[index]
    return _Package(entries, parts, _cut(document, "<w:body>\n    ", "\n    <w:sectPr>"),
                    _cut(footnotes, _SEPARATORS_END, "</w:footnotes>"), _cut(custom, "<vt:lpwstr>", "</vt:lpwstr>"),
                    first_note, styles)


def to_docx(document: list[dict], title: str) -> bytes | None:
    """The DOCX pandoc would make of `document` (pandoc blocks, as `docx.pandoc_blocks` gives them), normalised;
    None where pandoc must make it."""
    found = package()
    if found is None:
        return None
    try:
        return write(found, document, title)
    except (Unsupported, KeyError, TypeError, ValueError, AttributeError):
        return None  # a shape this writer does not know: pandoc's


__all__ = ["Unsupported", "xml_text", "normalise_zip", "package", "to_docx"]
