"""DOCX and PDF of a consolidated version, through pandoc, from the shared layout.

One pandoc-Markdown document is written from the layout blocks; pandoc turns it into DOCX (notes as
real Word footnotes at their markers, headings as Word headings, every provision a paragraph in a
style of its depth) or into HTML that WeasyPrint sets as a PDF (notes as page footnotes).

Why this PDF route: WeasyPrint installs from PyPI as a pure-Python wheel on the pango that Debian
ships, so CI needs no TeX and no browser; it embeds (subsets) the TrueType font it is given, and with
DejaVu Serif (Debian fonts-dejavu-core) every Azerbaijani letter, "Ə" included, is set and extractable.
TeX Live's default Latin Modern silently drops "Ə"; the typst binding would need fonts configured
separately; wkhtmltopdf is an unmaintained Qt WebKit.

Untrusted-input rules: every source text is backslash-escaped so pandoc reads no markup in it;
pandoc runs with `--sandbox` (no file or network access beyond its input) in its own process group
under a time limit; WeasyPrint gets a URL fetcher that refuses every URL, so the PDF step reads
nothing but the HTML and the CSS given here.
"""
from __future__ import annotations

import html
import io
import os
import re
import signal
import subprocess
import zipfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..errors import QanunError
from ..notes import PREVIOUS_WORDING
from .layout import Block
from ..i18n import _

PANDOC_TIMEOUT = 60.0  # seconds; a version of the largest code converts in a few seconds
PDF_FONT = "DejaVu Serif"
_READER = "markdown-auto_identifiers"  # ids would be built from Azerbaijani headings: not needed


class RenderError(QanunError):
    """pandoc or WeasyPrint failed or ran out of time."""


# --- escaping ------------------------------------------------------------------------------

_ASCII_PUNCT = re.compile(r"([!-/:-@\[-`{-~])")


def escape(text: str) -> str:
    """Source text as pandoc-Markdown that reads back as exactly that text, never as markup.

    Pandoc allows a backslash before any ASCII punctuation (all_symbols_escapable), so escaping all of
    it leaves nothing to be read as emphasis, links, raw HTML/TeX, footnotes, lists or smart quotes.
    Line breaks are layout in the sources and become spaces.
    """
    return _ASCII_PUNCT.sub(r"\\\1", " ".join(text.split()))


# --- Markdown from the layout --------------------------------------------------------------

DEPTH_STYLES = 4  # "Provision 0" … "Provision 3"; deeper provisions use the last


def _style(name: str, content: str) -> str:
    """A fenced div with a custom style: a named paragraph style in DOCX, a `data-custom-style` in HTML."""
    return f'::: {{custom-style="{name}"}}\n{content}\n:::'


def _provision_style(depth: int) -> str:
    return f"Provision {min(depth, DEPTH_STYLES - 1)}"


@dataclass(frozen=True)
class _Notes:
    """How notes are written: pandoc footnotes (DOCX) or inline spans the PDF CSS floats to the page foot."""

    inline: bool
    texts: dict[int, str]  # note number → its Markdown body (paragraphs separated by blank lines)

    def marker(self, number: int | None) -> str:
        if not number or number not in self.texts:
            return ""
        if self.inline:
            paras = "".join(f"[{p}]{{.fnp}}" for p in self.texts[number].split("\n\n"))
            return f"[{paras}]{{.fn}}"
        return f"[^{number}]"

    def definitions(self, used: set[int]) -> list[str]:
        if self.inline:
            return []
        out = []
        for number in sorted(used):
            first, *rest = self.texts[number].split("\n\n")
            out.append(f"[^{number}]: {first}" + "".join(f"\n\n    {p}" for p in rest))
        return out


def _note_body(b: Block) -> str:
    paras: list[str] = []
    for text, previous in zip(b.lines, b.previous):
        paras.append(escape(text))
        if previous:
            paras.append(escape(PREVIOUS_WORDING))
            paras += [f"~~{escape(line)}~~" for line in previous.split("\n") if line.strip()]
    return "\n\n".join(paras)


def to_pandoc_markdown(blocks: list[Block], *, inline_notes: bool = False) -> str:
    """The version as pandoc Markdown; notes as footnotes at their markers (inline spans for the PDF)."""
    notes = _Notes(inline_notes, {int(b.num): _note_body(b) for b in blocks if b.kind == "note"})
    used: set[int] = set()

    def mark(number: int | None) -> str:
        if number in notes.texts:
            used.add(number)
        return notes.marker(number)

    out: list[str] = []
    for b, after in zip(blocks, [*blocks[1:], None]):
        if b.kind == "note" or (b.kind == "list_heading" and after is not None and after.kind == "note"):
            continue  # notes go to their markers; the heading of their list comes back only for unplaced ones
        out.append(_block(b, mark))
    unplaced = [b for b in blocks if b.kind == "note" and int(b.num) not in used]
    if unplaced:  # a note with no marker in the text still must be read: list it as the official texts do
        out.append(_heading(2, escape(_changes_heading(blocks))))
        out += [f"\\[{b.num}\\] {notes.texts[int(b.num)]}" for b in unplaced]
    out += notes.definitions(used)
    return "\n\n".join(part for part in out if part) + "\n"


def _changes_heading(blocks: list[Block]) -> str:
    """The heading of the list of changes as the layout gives it (the last list heading)."""
    headings = [b.text for b in blocks if b.kind == "list_heading"]
    return headings[-1] if headings else ""


def _heading(level: int, content: str) -> str:
    return f"{'#' * min(level, 6)} {content}"


def _block(b: Block, mark) -> str:
    if b.kind == "header":
        rows = [f"| {escape(label)} | {escape(value)} |" for label, value in b.rows]
        return "\n".join(["| | |", "|---|---|", *rows])  # an empty header row: a headerless table
    if b.kind == "status":
        return _style("Status", escape(b.text))
    if b.kind == "title":
        return _heading(1, escape(b.text) + mark(b.note))
    if b.kind == "enacting":
        return _style("Enacting", escape(b.text))
    if b.kind == "list_heading":
        return _heading(2, escape(b.text))
    if b.kind == "provision":
        return _provision(b, mark)
    if b.kind == "signature":
        return _style("Signature", "\\\n".join(escape(line) for line in b.lines))
    if b.kind == "stamp":
        return _style("Stamp", escape(b.text))
    if b.kind == "source":
        return _style("Source", f"{escape(b.num)}\\. {escape(b.text)}")
    return escape(b.text)


def _provision(b: Block, mark) -> str:
    """A provision with its number as printed; one with a heading (hissə, maddə) is a Word heading."""
    number = f"{escape(b.num)}\\."
    if b.heading:
        heading = _heading(2 + b.depth, f"{number} {escape(b.heading)}" + ("" if b.text else mark(b.note)))
        if not b.text:
            return heading
        return f"{heading}\n\n" + _style(_provision_style(b.depth), escape(b.text) + mark(b.note))
    text = f" {escape(b.text)}" if b.text else ""
    return _style(_provision_style(b.depth), f"**{number}**{text}{mark(b.note)}")


# --- pandoc ------------------------------------------------------------------------------------

def pandoc_path() -> str:
    import pypandoc  # the binary comes with pypandoc-binary; imported late so text formats never need it

    return pypandoc.get_pandoc_path()


def run_pandoc(args: list[str], source: bytes = b"", timeout: float = PANDOC_TIMEOUT) -> bytes:
    """Run pandoc sandboxed, in its own process group, killed with its children after `timeout` s."""
    cmd = [pandoc_path(), "--sandbox", *args]
    with subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          start_new_session=True) as proc:
        try:
            out, err = proc.communicate(source, timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_tree(proc)
            proc.communicate()
            raise RenderError(_("pandoc took longer than {seconds} s and was stopped", seconds=f"{timeout:g}")) from None
    if proc.returncode != 0:
        raise RenderError(_("pandoc failed (exit {code}): {problem}", code=proc.returncode,
                            problem=err.decode("utf-8", "replace").strip()))
    return out


def _kill_tree(proc: subprocess.Popen) -> None:
    """Stop pandoc and whatever it started: its process group on POSIX; on Windows (no process groups,
    no SIGKILL) the process itself, which is all pandoc runs there."""
    if os.name == "posix":
        os.killpg(proc.pid, signal.SIGKILL)
    else:
        proc.kill()


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
    import tempfile

    with tempfile.TemporaryDirectory(prefix="qanun-docx-") as tmp:
        reference = os.path.join(tmp, "reference.docx")
        with open(reference, "wb") as f:
            f.write(reference_docx())
        meta = ["--metadata", f"title-meta={title}"] if title else []
        # `--sandbox` lets pandoc read only the files named here: the reference document
        return run_pandoc(["-f", _READER, "-t", "docx", f"--reference-doc={reference}", *meta,
                           "--metadata", "lang=az-AZ", "-o", "-"], markdown.encode("utf-8"), timeout)


def write_docx(markdown: str, output: Path, timeout: float = PANDOC_TIMEOUT) -> None:
    """Convert pandoc Markdown to DOCX and write it atomically (used by `qanun diff --format docx`)."""
    from ..pipeline import write_bytes_atomic  # the one place that writes files

    write_bytes_atomic(output, markdown_to_docx(markdown, timeout))


def to_docx(blocks: list[Block], title: str, timeout: float = PANDOC_TIMEOUT) -> bytes:
    """The version as DOCX: header table, numbered provisions, Word footnotes, the amending acts list."""
    return markdown_to_docx(to_pandoc_markdown(blocks), timeout, title)


# --- PDF ---------------------------------------------------------------------------------------

PDF_CSS = f"""
@page {{
  size: A4; margin: 2cm 2cm 2.2cm 2.5cm;
  @bottom-center {{ content: counter(page); font-family: "{PDF_FONT}"; font-size: 9pt; }}
  @footnote {{ border-top: 0.5pt solid #555; padding-top: 4pt; }}
}}
html {{ font-family: "{PDF_FONT}"; font-size: 11pt; line-height: 1.35; text-align: justify;
        /* ligatures would turn "fl" into one glyph: kept apart so the text copies and searches as written */
        font-variant-ligatures: none; }}
h1, h2, h3, h4, h5, h6 {{ font-size: 11pt; text-align: center; break-after: avoid; margin: 1.2em 0 0.6em; }}
h1 {{ font-size: 13pt; }}
table {{ border-collapse: collapse; width: 100%; font-size: 8.5pt; text-align: left; margin-bottom: 1em; }}
td {{ border: 0.5pt solid #999; padding: 2pt 4pt; vertical-align: top; }}
td:first-child {{ width: 45%; font-weight: bold; }}
p {{ margin: 0 0 0.5em; }}
{"".join(f'div[data-custom-style="{_provision_style(d)}"] {{ margin-left: {1.5 * d}em; }}' for d in range(DEPTH_STYLES))}
div[data-custom-style="Status"] p {{ font-style: italic; }}
div[data-custom-style="Enacting"] p {{ text-align: center; font-weight: bold; }}
div[data-custom-style="Signature"] p {{ text-align: right; font-weight: bold; margin-top: 1em; }}
div[data-custom-style="Stamp"] p {{ margin: 2em 0 1em 50%; font-style: italic; text-align: left; }}
.fn {{ float: footnote; font-size: 8.5pt; line-height: 1.25; text-align: justify; font-style: normal; font-weight: normal; }}
.nw {{ white-space: nowrap; }}
.fnp + .fnp {{ display: block; }}  /* the first paragraph runs on from the marker */
::footnote-call {{ content: counter(footnote); vertical-align: super; font-size: 70%; line-height: 0; }}
::footnote-marker {{ content: counter(footnote) ". "; }}
"""


def to_html(blocks: list[Block], title: str, timeout: float = PANDOC_TIMEOUT) -> str:
    """A standalone HTML page for the PDF: pandoc's fragment in a page of our own (lang az, no links out)."""
    body = run_pandoc(["-f", _READER, "-t", "html5", "--wrap=none"], to_pandoc_markdown(blocks, inline_notes=True).encode("utf-8"),
                      timeout).decode("utf-8")
    body = _keep_hyphenated_words_whole(body)
    return (f'<!DOCTYPE html>\n<html lang="az">\n<head>\n<meta charset="utf-8">\n<title>{html.escape(title)}</title>\n'
            f'</head>\n<body>\n{body}</body>\n</html>\n')


_TAG_OR_TEXT = re.compile(r"(<[^>]*>)")
_HYPHENATED = re.compile(r"\S*\w-\w\S*")


def _keep_hyphenated_words_whole(fragment: str) -> str:
    """“2.6-cı”, “hesab-fakturası” are never broken at their hyphen: a line ending in “-” reads as a word
    split by hyphenation (pdftotext and search tools join it and drop the hyphen), and “2.6-” / “cı”
    is poor setting anyway."""
    parts = _TAG_OR_TEXT.split(fragment)
    for i in range(0, len(parts), 2):  # even items are text between tags
        parts[i] = _HYPHENATED.sub(lambda m: f'<span class="nw">{m.group(0)}</span>', parts[i])
    return "".join(parts)


def to_pdf(blocks: list[Block], title: str, timeout: float = PANDOC_TIMEOUT) -> bytes:
    import weasyprint  # imported late: loading it takes a second and only the PDF needs it
    from weasyprint.urls import URLFetcher

    class _NoFetch(URLFetcher):
        """The page is self-contained: any URL in it is refused, never fetched from disk or network."""

        def fetch(self, url, headers=None):  # type: ignore[override]
            raise ValueError(f"qanun's PDF reads no external resources (refused {url[:80]})")

    page = to_html(blocks, title, timeout)
    document = weasyprint.HTML(string=page, url_fetcher=_NoFetch())
    return document.write_pdf(stylesheets=[weasyprint.CSS(string=PDF_CSS, url_fetcher=_NoFetch())])
