"""DOCX (and the PDF's entry point) of a consolidated version, through pandoc, from the shared layout.

The layout blocks become a document in pandoc's own model (its AST, as JSON): every source text goes in as
words, so nothing in it can ever be read as markup, and pandoc parses no Markdown. pandoc writes the DOCX: notes
as real Word footnotes at their markers, headings as Word headings, every provision a paragraph in a style of its
depth. The PDF is set by Typst from the same blocks (render/pdf.py); `to_pdf` here is its entry point.

A version's DOCX is written by render/wordml.py, which gives pandoc's bytes without a pandoc run (checked against
pandoc once per process); what it cannot write goes to pandoc. Many versions at once (`to_docx_many`, the site
build): one pandoc process converts a batch of those, run as pandoc-server's CGI program (render/pandoc.py), and
gives the same bytes as one `pandoc --sandbox` run per file.

`escape` and `markdown_to_docx` serve the other documents qanun makes with pandoc from Markdown (the comparison of
two versions, the Group's annual report).
"""
from __future__ import annotations

import io
import json
import os
import re
import zipfile
from functools import cache
from pathlib import Path
from typing import Callable, Iterator

from ..chunks import chunked
from ..notes import PREVIOUS_WORDING
from .layout import Block
from .pandoc import PANDOC_TIMEOUT, RenderError, api_version, convert_batch, run_pandoc
from ..i18n import _

_READER = "markdown-auto_identifiers"  # ids would be built from Azerbaijani headings: not needed


# --- escaping ------------------------------------------------------------------------------

_ASCII_PUNCT = re.compile(r"([!-/:-@\[-`{-~])")


def escape(text: str) -> str:
    """Source text as pandoc-Markdown that reads back as exactly that text, never as markup.

    Pandoc allows a backslash before any ASCII punctuation (all_symbols_escapable), so escaping all of
    it leaves nothing to be read as emphasis, links, raw HTML/TeX, footnotes, lists or smart quotes.
    Line breaks are layout in the sources and become spaces.
    """
    return _ASCII_PUNCT.sub(r"\\\1", " ".join(text.split()))


# --- pandoc's document model from the layout ----------------------------------------------------

DEPTH_STYLES = 4  # "Provision 0" … "Provision 3"; deeper provisions use the last

Inline = dict  # one pandoc inline element as JSON: {"t": "Str", "c": "söz"}
_SPACE: Inline = {"t": "Space"}
_NO_ATTR = ["", [], []]  # an element's identifier, classes and attributes: none


def words(text: str) -> list[Inline]:
    """Source text as pandoc inlines: each word a `Str`, one `Space` between (line breaks in the sources are
    layout). pandoc reads no markup in a `Str`: the text is set exactly as written."""
    out: list[Inline] = []
    for word in text.split():
        out += (_SPACE, {"t": "Str", "c": word})
    return out[1:]


def _joined(*parts: list[Inline]) -> list[Inline]:
    """Runs of inlines with one `Space` between; an empty one adds nothing."""
    out: list[Inline] = []
    for part in parts:
        if part:
            out += [_SPACE, *part] if out else part
    return out


def _para(inlines: list[Inline]) -> dict:
    return {"t": "Para", "c": inlines}


def _styled(name: str, inlines: list[Inline]) -> dict:
    """A paragraph in a named style: pandoc makes a `custom-style` div a Word paragraph style."""
    return {"t": "Div", "c": [["", [], [["custom-style", name]]], [_para(inlines)] if inlines else []]}


def _heading(level: int, inlines: list[Inline]) -> dict:
    return {"t": "Header", "c": [min(level, 6), _NO_ATTR, inlines]}


def _provision_style(depth: int) -> str:
    return f"Provision {min(depth, DEPTH_STYLES - 1)}"


def _table(rows: tuple[tuple[str, str], ...]) -> dict:
    """The State Register header: two columns, no header row, the full width of the page, half and half."""
    column = [{"t": "AlignDefault"}, {"t": "ColWidth", "c": 0.5}]

    def cell(text: str) -> list:
        content = words(text)
        return [_NO_ATTR, {"t": "AlignDefault"}, 1, 1, [{"t": "Plain", "c": content}] if content else []]
    body = [_NO_ATTR, 0, [], [[_NO_ATTR, [cell(label), cell(value)]] for label, value in rows]]
    return {"t": "Table", "c": [_NO_ATTR, [None, []], [column, column], [_NO_ATTR, []], [body], [_NO_ATTR, []]]}


def _note_paragraphs(b: Block) -> list[list[Inline]]:
    """A note's paragraphs; the old wording it quotes comes struck through, a paragraph a line."""
    paras: list[list[Inline]] = []
    for text, previous in zip(b.lines, b.previous):
        paras.append(words(text))
        if previous:
            paras.append(words(PREVIOUS_WORDING))
            paras += [[{"t": "Strikeout", "c": words(line)}] for line in previous.split("\n") if line.strip()]
    return [p for p in paras if p]


def pandoc_blocks(blocks: list[Block]) -> list[dict]:
    """The version as the blocks of a pandoc document: notes as footnotes at their markers; a note that no marker
    places is listed under the heading of the list of changes, as the official texts do."""
    notes = {int(b.num): _note_paragraphs(b) for b in blocks if b.kind == "note"}
    used: set[int] = set()

    def mark(number: int | None) -> list[Inline]:
        if number not in notes:
            return []
        used.add(number)
        return [{"t": "Note", "c": [_para(p) for p in notes[number]]}]

    out = []
    for b, after in zip(blocks, [*blocks[1:], None]):
        if b.kind == "note" or (b.kind == "list_heading" and after is not None and after.kind == "note"):
            continue  # notes go to their markers; the heading of their list comes back only for unplaced ones
        out += _block(b, mark)
    unplaced = [b for b in blocks if b.kind == "note" and int(b.num) not in used]
    if unplaced:
        out.append(_heading(2, words(_changes_heading(blocks))))
        for b in unplaced:
            first, *rest = notes[int(b.num)] or [[]]
            out.append(_para(_joined([{"t": "Str", "c": f"[{b.num}]"}], first)))
            out += [_para(p) for p in rest]
    return out


def _changes_heading(blocks: list[Block]) -> str:
    """The heading of the list of changes as the layout gives it (the last list heading)."""
    headings = [b.text for b in blocks if b.kind == "list_heading"]
    return headings[-1] if headings else ""


_STYLED = {"status": "Status", "enacting": "Enacting", "stamp": "Stamp"}


def _block(b: Block, mark: Callable[[int | None], list[Inline]]) -> list[dict]:
    if b.kind == "header":
        return [_table(b.rows)]
    if b.kind in _STYLED:
        return [_styled(_STYLED[b.kind], words(b.text))]
    if b.kind == "title":
        return [_heading(1, words(b.text) + mark(b.note))]
    if b.kind == "list_heading":
        return [_heading(2, words(b.text))]
    if b.kind == "provision":
        return _provision(b, mark)
    if b.kind == "signature":
        lines: list[Inline] = []
        for i, line in enumerate(b.lines):
            lines += [{"t": "LineBreak"}, *words(line)] if i else words(line)
        return [_styled("Signature", lines)]
    if b.kind == "source":
        return [_styled("Source", _joined(_number(b.num), words(b.text)))]
    text = words(b.text)
    return [_para(text)] if text else []


def _number(num: str) -> list[Inline]:
    """A provision's number as printed: “2.4.”."""
    return words(num.strip() + ".")


def _provision(b: Block, mark: Callable[[int | None], list[Inline]]) -> list[dict]:
    """A provision with its number as printed; one with a heading (hissə, maddə) is a Word heading."""
    text, style = words(b.text), _provision_style(b.depth)
    if b.heading:
        heading = _joined(_number(b.num), words(b.heading))
        if not text:
            return [_heading(2 + b.depth, heading + mark(b.note))]
        return [_heading(2 + b.depth, heading), _styled(style, text + mark(b.note))]
    return [_styled(style, _joined([{"t": "Strong", "c": _number(b.num)}], text) + mark(b.note))]


def to_pandoc_json(blocks: list[Block]) -> str:
    """The version as the JSON document pandoc reads (`-f json`)."""
    document = {"pandoc-api-version": api_version(), "meta": {}, "blocks": pandoc_blocks(blocks)}
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"))


# --- DOCX --------------------------------------------------------------------------------------

# Paragraph styles added to pandoc's reference document: indentation shows the depth of a provision.
_STYLES = {
    **{_provision_style(d): f'<w:pPr><w:ind w:left="{567 * d}"/><w:jc w:val="both"/></w:pPr>' for d in range(DEPTH_STYLES)},
    "Status": '<w:pPr><w:spacing w:after="240"/></w:pPr><w:rPr><w:i/></w:rPr>',
    "Enacting": '<w:pPr><w:jc w:val="center"/><w:spacing w:before="240" w:after="240"/></w:pPr><w:rPr><w:b/></w:rPr>',
    "Signature": '<w:pPr><w:jc w:val="right"/><w:spacing w:before="240"/></w:pPr><w:rPr><w:b/></w:rPr>',
    "Stamp": '<w:pPr><w:ind w:left="5103"/><w:spacing w:before="480" w:after="240"/></w:pPr><w:rPr><w:i/></w:rPr>',
    "Source": '<w:pPr><w:ind w:left="284" w:hanging="284"/><w:jc w:val="both"/></w:pPr>',
}


def _style_xml(name: str, props: str) -> str:
    style_id = name.replace(" ", "")
    return (f'<w:style w:type="paragraph" w:customStyle="1" w:styleId="{style_id}"><w:name w:val="{name}"/>'
            f'<w:basedOn w:val="BodyText"/><w:qFormat/>{props}</w:style>')


@cache
def reference_docx() -> bytes:
    """pandoc's own reference document with qanun's paragraph styles added (built once per process)."""
    base = run_pandoc(["--print-default-data-file", "reference.docx"])
    src = zipfile.ZipFile(io.BytesIO(base))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/styles.xml":
                extra = "".join(_style_xml(name, props) for name, props in _STYLES.items())
                data = data.replace(b"</w:styles>", extra.encode("utf-8") + b"</w:styles>")
            dst.writestr(item, data)
    return out.getvalue()


def markdown_to_docx(markdown: str, timeout: float = PANDOC_TIMEOUT, title: str | None = None) -> bytes:
    """Any pandoc Markdown (already escaped) as DOCX, with qanun's paragraph styles available."""
    return _to_docx(markdown, _READER, title, timeout)


def _to_docx(source: str, reader: str, title: str | None, timeout: float) -> bytes:
    import tempfile

    with tempfile.TemporaryDirectory(prefix="qanun-docx-") as tmp:
        reference = os.path.join(tmp, "reference.docx")
        with open(reference, "wb") as f:
            f.write(reference_docx())
        meta = ["--metadata", f"title-meta={title}"] if title else []
        # `--sandbox` lets pandoc read only the files named here: the reference document
        return run_pandoc(["-f", reader, "-t", "docx", f"--reference-doc={reference}", *meta,
                           "--metadata", "lang=az-AZ", "-o", "-"], source.encode("utf-8"), timeout)


def write_docx(markdown: str, output: Path, timeout: float = PANDOC_TIMEOUT) -> None:
    """Convert pandoc Markdown to DOCX and write it atomically (used by `qanun diff --format docx`)."""
    from ..pipeline import write_bytes_atomic  # the one place that writes files

    write_bytes_atomic(output, markdown_to_docx(markdown, timeout))


def to_docx(blocks: list[Block], title: str, timeout: float = PANDOC_TIMEOUT) -> bytes:
    """The version as DOCX: header table, numbered provisions, Word footnotes, the amending acts list. Written by
    render/wordml.py where it can (pandoc's bytes, without a pandoc run), else by pandoc; normalised either way."""
    from .wordml import normalise_zip, to_docx as written

    made = written(pandoc_blocks(blocks), title)
    return made if made is not None else normalise_zip(_to_docx(to_pandoc_json(blocks), "json", title, timeout))


def _docx_request(document: str, title: str | None) -> dict:
    """One pandoc-server request giving the same document as `to_docx` (the same document, reference document and
    metadata: the same bytes)."""
    import base64

    meta = {"lang": {"t": "MetaString", "c": "az-AZ"}}
    if title:
        meta["title-meta"] = {"t": "MetaString", "c": title}
    return {"text": document, "from": "json", "to": "docx", "reference-doc": "reference.docx",
            "files": {"reference.docx": base64.b64encode(reference_docx()).decode("ascii")}, "metadata": meta}


BATCH_SIZE = 40  # documents per pandoc process at most: bounds one request's time limit
BATCH_BYTES = 8_000_000  # and their source's size, past the first: pandoc holds a whole batch in memory, and one
# version of a Tax-Code-sized act is 7 MB of JSON (40 of them made pandoc grow to 3.2 GB, and this process to 2.2 GB)
BATCH_SECONDS_PER_DOCUMENT = 5.0  # a version converts in hundredths of a second; the limit is for a runaway


def to_docx_many(versions: list[tuple[list[Block], str]], timeout: float = PANDOC_TIMEOUT, *,
                 done: Callable[[int], None] = lambda n: None) -> list[bytes]:
    """`to_docx` of many versions, the same bytes. What render/wordml.py cannot write goes to pandoc, one pandoc
    process a batch (`_batches`; pandoc-server as CGI, no process start per file), or one pandoc run per file where
    the binary cannot serve. `done` is told how many are made as they are."""
    from .wordml import normalise_zip, to_docx as written

    out: list[bytes | None] = []
    for blocks, title in versions:
        out.append(written(pandoc_blocks(blocks), title))
        if out[-1] is not None:
            done(1)
    left = [i for i, made in enumerate(out) if made is None]
    slots = iter(left)
    for chunk in _batches([versions[i] for i in left]):
        requests = [_docx_request(document, title) for document, title in chunk]
        try:
            made = convert_batch(requests, timeout + BATCH_SECONDS_PER_DOCUMENT * len(chunk))
        except OSError:  # ServerUnavailable, or the renamed binary cannot be made or started here
            made = [_to_docx(document, "json", title, timeout) for document, title in chunk]
        for data in made:
            out[next(slots)] = normalise_zip(data)
        done(len(chunk))
    return [made or b"" for made in out]  # every one is made above; an empty one would be reported as such


def _batches(versions: list[tuple[list[Block], str]]) -> Iterator[list[tuple[str, str]]]:
    """The versions as (pandoc document, title), in order, grouped for one pandoc process each: at most BATCH_SIZE
    of them, and no more than BATCH_BYTES of documents unless one alone is larger. Made as they are needed: only one
    batch is held at a time."""
    documents = ((to_pandoc_json(blocks), title) for blocks, title in versions)
    return chunked(documents, most=BATCH_SIZE, size=lambda item: len(item[0]), limit=BATCH_BYTES)


# --- PDF -----------------------------------------------------------------------------------------

def to_pdf(blocks: list[Block], title: str, timeout: float = PANDOC_TIMEOUT) -> bytes:
    """The version as PDF, set by Typst in this process (render/pdf.py: A4, DejaVu Serif embedded, notes as page
    footnotes). `timeout` is kept for the callers: no pandoc runs for the PDF."""
    from . import pdf

    try:
        return pdf.to_pdf(blocks, title)
    except pdf.TypstFailure as exc:
        raise RenderError(_("{format} of “{title}”: {problem}", format="PDF", title=title[:60], problem=exc)) from None
