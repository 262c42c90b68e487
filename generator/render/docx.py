"""DOCX (and the PDF's entry point) of a consolidated version, through pandoc, from the shared layout.

One pandoc-Markdown document is written from the layout blocks; pandoc turns it into DOCX (notes as
real Word footnotes at their markers, headings as Word headings, every provision a paragraph in a
style of its depth). The PDF is set by Typst from the same blocks (render/pdf.py); `to_pdf` here is
its entry point.

Many versions at once (`to_docx_many`, the site build): one pandoc process converts a batch of them,
run as pandoc-server's CGI program (the binary named `pandoc-server.cgi` answers one POST to `/batch`
read from standard input: no socket, no port, no process start per file) and gives the same bytes as
one `pandoc --sandbox` run per file.

Untrusted-input rules: every source text is backslash-escaped so pandoc reads no markup in it;
pandoc runs with `--sandbox` (no file or network access beyond its input), or as pandoc-server, whose
conversions run in pandoc's PandocPure monad and can do no I/O at all, in its own process group under a
time limit.
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
from typing import Callable

from ..errors import QanunError
from ..notes import PREVIOUS_WORDING
from .layout import Block
from ..i18n import _

PANDOC_TIMEOUT = 60.0  # seconds; a version of the largest code converts in a few seconds
_READER = "markdown-auto_identifiers"  # ids would be built from Azerbaijani headings: not needed


class RenderError(QanunError):
    """pandoc or Typst failed, or pandoc ran out of time."""


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

CGI_NAME = "pandoc-server.cgi"  # under this name the pandoc binary answers one pandoc-server request (CGI)


def pandoc_path(name: str = "pandoc") -> str:
    """The pandoc binary (from pypandoc-binary); with `name=CGI_NAME`, the same binary under that name, linked
    (or copied) once per process into a private temporary folder, removed at exit."""
    import pypandoc  # the binary comes with pypandoc-binary; imported late so text formats never need it

    binary = pypandoc.get_pandoc_path()
    return binary if name == "pandoc" else _named(binary, name)


@cache
def _named(binary: str, name: str) -> str:
    import atexit
    import shutil
    import tempfile

    folder = tempfile.mkdtemp(prefix="qanun-pandoc-")
    atexit.register(shutil.rmtree, folder, True)
    target = os.path.join(folder, name)
    for make in (os.link, os.symlink, shutil.copy2):  # a hard link is instant; Windows may allow only a copy
        try:
            make(binary, target)
            return target
        except (OSError, NotImplementedError):
            continue
    raise OSError(f"cannot name the pandoc binary {name} in {folder}")


def run_pandoc(args: list[str], source: bytes = b"", timeout: float = PANDOC_TIMEOUT, *, server: bool = False) -> bytes:
    """Run pandoc sandboxed, in its own process group, killed with its children after `timeout` s.

    `server=True`: `source` is one pandoc-server request (JSON, for the `/batch` endpoint, `args` empty) and the
    binary runs as `pandoc-server.cgi`: every conversion in pandoc's PandocPure monad, which can do no I/O at all
    (stricter than `--sandbox`: it reads only the files given in the request), under the same time limit. The
    answer is the response body; `ServerUnavailable` if the binary did not answer as a CGI program."""
    if server:
        if args:
            raise ValueError("a pandoc-server request takes no command-line arguments")
        cmd = [pandoc_path(CGI_NAME), "--sandbox"]  # ignored by the CGI program; binds pandoc if it is not one
        env = {**_cgi_environment(len(source), timeout), **{k: v for k, v in os.environ.items()
                                                            if k.upper() in ("PATH", "SYSTEMROOT", "TEMP", "TMP")}}
    else:
        cmd, env = [pandoc_path(), "--sandbox", *args], None
    with subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          start_new_session=True, env=env) as proc:
        try:
            out, err = proc.communicate(source, timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_tree(proc)
            proc.communicate()
            raise RenderError(_("pandoc took longer than {seconds} s and was stopped", seconds=f"{timeout:g}")) from None
    if proc.returncode != 0:
        raise RenderError(_("pandoc failed (exit {code}): {problem}", code=proc.returncode,
                            problem=err.decode("utf-8", "replace").strip()))
    return _cgi_body(out) if server else out


class ServerUnavailable(OSError):
    """The pandoc binary did not answer as pandoc-server.cgi (a build of pandoc without the server, a platform
    where the renamed binary does not run): the caller converts file by file instead."""


def _cgi_environment(length: int, timeout: float) -> dict[str, str]:
    """What a web server gives a CGI program: a POST of JSON to /batch (no network: the request is stdin)."""
    return {"GATEWAY_INTERFACE": "CGI/1.1", "REQUEST_METHOD": "POST", "PATH_INFO": "/batch", "SCRIPT_NAME": "",
            "QUERY_STRING": "", "CONTENT_TYPE": "application/json", "CONTENT_LENGTH": str(length),
            "HTTP_ACCEPT": "application/json", "SERVER_NAME": "localhost", "SERVER_PORT": "80",
            "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "127.0.0.1", "REMOTE_HOST": "127.0.0.1",
            "PANDOC_SERVER_TIMEOUT": str(int(timeout) + 5)}  # its own limit: after ours, which says what happened


def _cgi_body(out: bytes) -> bytes:
    ends = [(i, len(sep)) for sep in (b"\r\n\r\n", b"\n\n") if (i := out.find(sep)) >= 0]
    end, size = min(ends) if ends else (len(out), 0)
    head, sep, body = out[:end], out[end:end + size], out[end + size:]
    headers = head.decode("latin-1").splitlines()
    if not sep or not headers or not any(h.lower().startswith(("status:", "content-type:")) for h in headers):
        raise ServerUnavailable("pandoc did not answer as pandoc-server.cgi")
    status = next((h.split(":", 1)[1].strip() for h in headers if h.lower().startswith("status:")), "200 OK")
    if not status.startswith("200"):
        raise RenderError(_("pandoc failed (exit {code}): {problem}", code=status.split()[0],
                            problem=body.decode("utf-8", "replace").strip()[:500]))
    return body


def convert_batch(requests: list[dict], timeout: float = PANDOC_TIMEOUT) -> list[bytes]:
    """Many conversions in one pandoc process (pandoc-server's /batch, as CGI): the outputs in order, base64
    decoded for binary formats. Raises `ServerUnavailable` if the binary cannot serve, `RenderError` on the first
    conversion that failed."""
    import base64
    import json

    body = run_pandoc([], json.dumps(requests, ensure_ascii=False).encode("utf-8"), timeout, server=True)
    try:
        answers = json.loads(body)
    except ValueError:
        raise RenderError(_("pandoc failed (exit {code}): {problem}", code="json",
                            problem=body.decode("utf-8", "replace")[:500])) from None
    if not isinstance(answers, list) or len(answers) != len(requests):
        raise RenderError(_("pandoc failed (exit {code}): {problem}", code="batch", problem=str(answers)[:500]))
    out = []
    for answer in answers:
        if not isinstance(answer, dict) or "output" not in answer:
            problem = answer.get("error") if isinstance(answer, dict) else answer
            raise RenderError(_("pandoc failed (exit {code}): {problem}", code="batch", problem=str(problem)[:500]))
        text = answer["output"]
        out.append(base64.b64decode(text) if answer.get("base64") else text.encode("utf-8"))
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


def _docx_request(markdown: str, title: str | None) -> dict:
    """One pandoc-server request giving the same document as `markdown_to_docx` (the same reader, reference
    document and metadata: the same bytes)."""
    import base64

    meta = {"lang": {"t": "MetaString", "c": "az-AZ"}}
    if title:
        meta["title-meta"] = {"t": "MetaString", "c": title}
    return {"text": markdown, "from": _READER, "to": "docx", "reference-doc": "reference.docx",
            "files": {"reference.docx": base64.b64encode(reference_docx()).decode("ascii")}, "metadata": meta}


BATCH_SIZE = 40  # documents per pandoc process: bounds one request's memory and its time limit
BATCH_SECONDS_PER_DOCUMENT = 5.0  # a version converts in hundredths of a second; the limit is for a runaway


def to_docx_many(versions: list[tuple[list[Block], str]], timeout: float = PANDOC_TIMEOUT, *,
                 done: Callable[[int], None] = lambda n: None) -> list[bytes]:
    """`to_docx` of many versions, the same bytes, with one pandoc process for `BATCH_SIZE` of them (pandoc-server
    as CGI, no process start per file). Falls back to one pandoc run per file where the binary cannot serve.
    `done` is told how many are made after each batch."""
    out: list[bytes] = []
    for start in range(0, len(versions), BATCH_SIZE):
        chunk = versions[start:start + BATCH_SIZE]
        requests = [_docx_request(to_pandoc_markdown(blocks), title) for blocks, title in chunk]
        try:
            out += convert_batch(requests, timeout + BATCH_SECONDS_PER_DOCUMENT * len(chunk))
        except OSError:  # ServerUnavailable, or the renamed binary cannot be made or started here
            out += [to_docx(blocks, title, timeout) for blocks, title in chunk]
        done(len(chunk))
    return out


# --- PDF ---------------------------------------------------------------------------------------

def to_html(blocks: list[Block], title: str, timeout: float = PANDOC_TIMEOUT) -> str:
    """The version as a standalone HTML page (pandoc's fragment in a page of our own: lang az, no links out, notes
    inline as `.fn` spans). The PDF was set from it by WeasyPrint before Typst; kept as the HTML rendering of the
    same Markdown (tests check the escaping through it)."""
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
    """The version as PDF, set by Typst in this process (render/pdf.py: A4, DejaVu Serif embedded, notes as page
    footnotes). `timeout` is kept for the callers: no pandoc runs for the PDF."""
    from . import pdf

    try:
        return pdf.to_pdf(blocks, title)
    except pdf.TypstFailure as exc:
        raise RenderError(_("{format} of “{title}”: {problem}", format="PDF", title=title[:60], problem=exc)) from None
