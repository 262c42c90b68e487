"""PDF of a consolidated version, set by Typst (the PyPI `typst` binding) in this process, from the shared layout.

Why Typst: it compiles a version in a few hundredths of a second, in-process (no pandoc, no HTML engine), and
writes the same bytes for the same source: no creation date (`document(date: none)` and a fixed timestamp), a
document id derived from the content. WeasyPrint, the route before it, took one to two seconds a version.

The Typst source is written here, not by pandoc's typst writer: that writer leaves Typst's markup shorthands in
the text (“...” becomes “…”, “-?” a soft hyphen, “-5” a minus sign), so the PDF would not say what the source
says. Here every source text is a Typst *string literal* (`"…"`, only `\\` and `"` escaped) placed by code:
a string is never read as markup or code, so no source text can be a shorthand, a function call, an import or a
file read. The compiler's root is a temporary folder holding nothing but the sources being set (written there
for the compiler to read) and the source names no package (nothing to download): the PDF step reads nothing but
its own source and the fonts given to it.

Text is set flush left, not justified: a justified line stretched around a long word leaves gaps that
`pdftotext` and search tools read as columns, scrambling the order of the words.

Fonts: DejaVu Serif (Debian fonts-dejavu-core), the same four files whatever else is installed, passed as a
folder of their own with system fonts ignored and fallback off; every Azerbaijani letter, "Ə" included, is set
and extractable. Where DejaVu Serif is not installed (a Windows machine), Typst's own Libertinus Serif, which
has every Azerbaijani letter too. `font_fingerprint()` says which: it is part of the download cache key.
"""
from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
import threading
from functools import cache
from pathlib import Path

from ..notes import PREVIOUS_WORDING
from .layout import Block

FONT = "DejaVu Serif"
FALLBACK_FONT = "Libertinus Serif"  # bundled with Typst
_DEJAVU = ("DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf", "DejaVuSerif-Italic.ttf", "DejaVuSerif-BoldItalic.ttf")
_FONT_DIRS = ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu", "/usr/share/fonts/TTF",
              "/usr/share/fonts/truetype/ttf-dejavu", "/usr/local/share/fonts", "/usr/local/share/fonts/dejavu",
              "/opt/homebrew/share/fonts", "/Library/Fonts", "~/Library/Fonts", "~/.local/share/fonts", "~/.fonts",
              "%WINDIR%/Fonts", "%LOCALAPPDATA%/Microsoft/Windows/Fonts")
DEPTH_INDENT_EM = 1.5


class TypstFailure(RuntimeError):
    """Typst failed to set a PDF (its own message: callers say which document)."""


# --- fonts -------------------------------------------------------------------------------------

@cache
def _dejavu_files() -> tuple[Path, ...]:
    """The four DejaVu Serif files (regular, bold, italic, bold italic) from the first folder that has them all."""
    extra = os.environ.get("QANUN_FONT_DIR")
    for folder in ([extra] if extra else []) + list(_FONT_DIRS):
        base = Path(os.path.expanduser(os.path.expandvars(folder)))
        files = tuple(base / name for name in _DEJAVU)
        if all(f.is_file() for f in files):
            return files
    return ()


@cache
def font_fingerprint() -> str:
    """What decides the glyphs: the DejaVu Serif files' bytes, or the bundled fallback."""
    files = _dejavu_files()
    if not files:
        return f"bundled {FALLBACK_FONT}"
    h = hashlib.sha256()
    for f in files:
        h.update(f.read_bytes())
    return f"{FONT} {h.hexdigest()}"


@cache
def _fonts():
    """Typst's font set: only the DejaVu Serif files (copied to a folder of their own), or only Typst's bundled fonts."""
    import typst

    files = _dejavu_files()
    if not files:
        return typst.Fonts(include_system_fonts=False, include_embedded_fonts=True), FALLBACK_FONT
    import atexit

    folder = tempfile.mkdtemp(prefix="qanun-fonts-")  # read by Typst when it sets text: kept while we run
    atexit.register(shutil.rmtree, folder, True)
    for f in files:
        shutil.copyfile(f, os.path.join(folder, f.name))
    return typst.Fonts(include_system_fonts=False, include_embedded_fonts=False, font_paths=[folder]), FONT


# --- the Typst source --------------------------------------------------------------------------

# `\` and `"` escaped; every other control character as a Unicode escape (whitespace is collapsed before)
_STRING_ESCAPES = {ord("\\"): "\\\\", ord('"'): '\\"', **{c: f"\\u{{{c:x}}}" for c in (*range(0x20), 0x7F)}}


def string(text: str) -> str:
    """A source text as a Typst string literal: whitespace collapsed as everywhere, `\\` and `"` escaped, any
    other control character as a Unicode escape. A string is text to Typst, never markup."""
    return _literal(" ".join(text.split()))


def _literal(text: str) -> str:
    if _TO_ESCAPE.search(text) is None:  # most texts: nothing to escape, and `translate` costs ~90 ns a character
        return '"' + text + '"'
    return '"' + text.translate(_STRING_ESCAPES) + '"'


_TO_ESCAPE = re.compile("[" + re.escape("".join(map(chr, _STRING_ESCAPES))) + "]")  # any of _STRING_ESCAPES
_INNER_HYPHEN = re.compile(r"\w-\w")  # a word with a hyphen inside: “1-ci”, “vergi-hüquq”


def words(text: str) -> str:
    """A source text as a Typst expression of content: its string literal (`string`), with each word that has a
    hyphen inside in a box of its own, so that no line breaks at that hyphen (`pdftotext` would read the halves
    as two words). Boxed here rather than by a `show regex(…): box` rule, which cost Typst a tenth of its time.
    A word is a run of characters between spaces (the text's whitespace is collapsed to single spaces first)."""
    text = " ".join(text.split())
    parts, at = [], 0
    for hyphen in _INNER_HYPHEN.finditer(text):
        if hyphen.start() < at:
            continue  # in the word just boxed
        start = text.rfind(" ", 0, hyphen.start()) + 1
        end = text.find(" ", hyphen.end())
        end = len(text) if end < 0 else end
        if start > at:
            parts.append(_literal(text[at:start]))
        parts.append(f"box({_literal(text[start:end])})")
        at = end
    if not parts:
        return _literal(text)
    if at < len(text):
        parts.append(_literal(text[at:]))
    return "(" + " + ".join(parts) + ")"


def _preamble(title: str, font: str) -> str:
    return f"""#set document(title: {string(title)}, author: (), date: none)
#set page(paper: "a4", margin: (top: 2cm, right: 2cm, bottom: 2.2cm, left: 2.5cm),
  footer: context align(center, text(size: 9pt, counter(page).display())))
#set text(font: "{font}", size: 11pt, lang: "az", hyphenate: false, ligatures: false, fallback: false)
#set par(justify: false, leading: 0.5em, spacing: 0.75em)
#set strike(stroke: 0.5pt)
#show heading: it => block(width: 100%, above: 1.4em, below: 0.9em, sticky: true,
  align(center, text(size: if it.level == 1 {{ 13pt }} else {{ 11pt }}, weight: "bold", it.body)))
#set footnote.entry(separator: line(length: 30%, stroke: 0.5pt), gap: 0.45em, clearance: 1em)
#show footnote.entry: it => {{
  set text(size: 8.5pt)
  set par(leading: 0.4em, spacing: 0.4em)
  [#(it.note.numbering)(0). #it.note.body]  // the note's own number: its numbering ignores the count
}}
"""


def to_typst(blocks: list[Block], title: str, font: str = FONT) -> str:
    """The version as a Typst document: every text a string literal, notes as page footnotes at their markers."""
    notes = {int(b.num): b for b in blocks if b.kind == "note"}
    used: set[int] = set()

    def mark(number: int | None) -> str:
        if not number or number not in notes:
            return ""
        used.add(number)
        # the note's own number, as the HTML and the official texts give it, not Typst's count of footnotes: the
        # same wherever every note has its marker, and looking the count up cost Typst a tenth of its time
        return f'#footnote(numbering: _ => "{number}")[{_note_body(notes[number])}]'

    out = [_preamble(title, font)]
    for b, after in zip(blocks, [*blocks[1:], None]):
        if b.kind == "note" or (b.kind == "list_heading" and after is not None and after.kind == "note"):
            continue  # notes go to their markers; the heading of their list comes back only for unplaced ones
        out.append(_block(b, mark))
    unplaced = [b for b in blocks if b.kind == "note" and int(b.num) not in used]
    if unplaced:  # a note with no marker in the text still must be read: listed as the official texts do
        headings = [b.text for b in blocks if b.kind == "list_heading"]
        out.append(_heading(2, f"#{words(headings[-1] if headings else '')}"))
        out += [f"#par[#{words(f'[{b.num}]')} {_note_body(b)}]" for b in unplaced]
    return "\n".join(part for part in out if part) + "\n"


def _note_body(b: Block) -> str:
    paras: list[str] = []
    for text, previous in zip(b.lines, b.previous):
        paras.append(f"#{words(text)}")
        if previous:
            paras.append(f"#{words(PREVIOUS_WORDING)}")
            paras += [f"#strike({words(line)})" for line in previous.split("\n") if line.strip()]
    return " #parbreak() ".join(paras)


def _heading(level: int, content: str) -> str:
    return f"#heading(level: {min(level, 6)})[{content}]"


def _block(b: Block, mark) -> str:
    s = words
    if b.kind == "header":
        cells = ", ".join(f"table.cell(strong({s(label)})), {s(value)}" for label, value in b.rows)
        return ("#block(width: 100%, below: 1.2em)[#set text(size: 8.5pt); "
                f"#table(columns: (45%, 55%), stroke: 0.5pt + luma(60%), inset: (x: 4pt, y: 3pt), {cells})]")
    if b.kind == "status":
        return f"#block(below: 1.2em, emph({s(b.text)}))"
    if b.kind == "title":
        return _heading(1, f"#{s(b.text)}{mark(b.note)}")
    if b.kind == "enacting":
        return f"#block(width: 100%, above: 1.2em, below: 1.2em, align(center, strong({s(b.text)})))"
    if b.kind == "list_heading":
        return _heading(2, f"#{s(b.text)}")
    if b.kind == "provision":
        return _provision(b, mark)
    if b.kind == "signature":
        lines = " #linebreak() ".join(f"#{s(line)}" for line in b.lines)
        return f"#block(width: 100%, above: 1.2em, align(right, strong[{lines}]))"
    if b.kind == "stamp":
        return f"#block(above: 2em, below: 1em, pad(left: 50%, emph({s(b.text)})))"
    if b.kind == "source":
        return f"#par[#{s(b.num + '.')} #{s(b.text)}]"
    return f"#par[#{s(b.text)}]"


def _provision(b: Block, mark) -> str:
    """A provision with its number as printed, indented by depth; one with a heading (hissə, maddə) is a heading."""
    number = words(f"{b.num}.")
    if b.heading:
        heading = _heading(2 + b.depth, f"#{number} #{words(b.heading)}" + ("" if b.text else mark(b.note)))
        if not b.text:
            return heading
        return heading + "\n" + _indented(b.depth, f"#{words(b.text)}{mark(b.note)}")
    text = f" #{words(b.text)}" if b.text else ""
    return _indented(b.depth, f"#strong({number}){text}{mark(b.note)}")


def _indented(depth: int, content: str) -> str:
    if depth:
        return f"#pad(left: {DEPTH_INDENT_EM * depth:g}em)[#par[{content}]]"
    return f"#par[{content}]"


# --- compiling ---------------------------------------------------------------------------------

def to_pdf(blocks: list[Block], title: str) -> bytes:
    """The version as PDF: A4, DejaVu Serif embedded, notes as numbered page footnotes; deterministic bytes."""
    return compile_typst(to_typst(blocks, title, _fonts()[1]))


def compile_typst(source: str) -> bytes:
    pdf = _compile(source)
    _spend(len(source))
    return pdf


def _compile(source: str) -> bytes:
    import typst

    compiler, main = _compiler()
    try:
        with open(main, "w", encoding="utf-8") as f:
            f.write(source)
        pdf = compiler.compile(format="pdf", timestamp=0)
    except typst.TypstError as exc:  # the tool's own words: the caller names the document
        raise TypstFailure(f"typst: {getattr(exc, 'message', exc)}") from None
    if not isinstance(pdf, bytes) or not pdf.startswith(b"%PDF"):
        raise TypstFailure(f"typst: {type(pdf).__name__}")
    return pdf


_local = threading.local()  # a compiler each thread (and process: a forked child makes its own)


def _compiler():
    """This thread's Typst compiler and its main file, made once: making a compiler (its fonts, its world) cost
    1.5 ms, a tenth of a version. Each version is written over the main file, not handed over as bytes: the
    compiler then parses again only what changed from the version before (the binding keeps the file's
    source and compares), and the next version of an act, which a worker sets soon after, is set about 7 %
    faster (benchmarks/typst_variants.py). The root and package folders are `_folder()`: nothing to read there
    but the sources being set."""
    import typst

    made = getattr(_local, "made", None)
    if made is None or made[0] != os.getpid():
        fonts, _font = _fonts()
        root = _folder()
        main = os.path.join(root, f"{os.getpid()}-{threading.get_ident()}.typ")
        with open(main, "w", encoding="utf-8"):
            pass  # the compiler is made for an existing file
        made = _local.made = (os.getpid(), typst.Compiler(main, root=root, font_paths=fonts, ignore_system_fonts=True,
                                                          package_path=root, package_cache_path=root), main)
    return made[1], made[2]


@cache
def _folder() -> str:
    """Typst's root, a folder of this process (and of its forked children) holding only the main files of its
    compilers; removed when the process ends."""
    import atexit

    folder = tempfile.mkdtemp(prefix="qanun-typst-")
    atexit.register(shutil.rmtree, folder, True)
    return folder


# Typst memoizes its work in a cache of the whole process, and the binding keeps what the last ten compiles used
# (it calls `comemo::evict(10)` after each): about 500 bytes for each byte of source, so ten versions of a
# Tax-Code-sized act (1.8 MB of source each) held 10 GB, and a worker making them grew without bound in practice.
# After every AGE_AFTER_BYTES of source compiled, AGE_ROUNDS empty documents age all of it out: about 25 ms, and
# the process stays near the size of its largest single compile (benchmarks/pdf_memory.py).
AGE_AFTER_BYTES = 1_000_000
AGE_ROUNDS = 11
_unaged = [0]  # bytes of source compiled since the cache was last aged out
_aging = threading.Lock()


def _spend(size: int) -> None:
    with _aging:
        _unaged[0] += size
        if _unaged[0] < AGE_AFTER_BYTES:
            return
        _unaged[0] = 0
        for _round in range(AGE_ROUNDS):
            _compile("")


def typst_version() -> str:
    import importlib.metadata

    try:
        return importlib.metadata.version("typst")
    except importlib.metadata.PackageNotFoundError:  # pragma: no cover
        return "none"


__all__ = ["compile_typst", "font_fingerprint", "string", "words", "to_pdf", "to_typst", "typst_version"]
