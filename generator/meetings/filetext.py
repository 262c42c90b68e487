"""The text inside every kind of file a build writes, for the leak scan (meetings/leakscan.py): HTML, JSON, XML,
sitemaps and feeds, Markdown and text as UTF-8; DOCX and other zip containers entry by entry; gzip; the search
index's compressed Pagefind files (a page's fragment as JSON, the word index as CBOR, read by the small decoder
here); PDF through `pdftotext`. A file that cannot be read raises `Unreadable`."""
from __future__ import annotations

import gzip
import io
import json
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

from .folding import fold, strings, unescape
from ..i18n import _

BINARY = frozenset(".png .jpg .jpeg .gif .webp .ico .bmp .tif .tiff .avif .woff .woff2 .ttf .otf .eot .mp3 .mp4 "
                   ".webm .ogg .wasm".split())
ZIPS = frozenset(".docx .xlsx .pptx .odt .ods .odp .epub .zip".split())
# The search index (generator/search_index.py): gzip, a "pagefind_dcd" header, then JSON (a page's fragment:
# its whole text), CBOR (the word index and its metadata: every word as a string) or the searcher's WebAssembly.
PAGEFIND = frozenset(".pf_fragment .pf_index .pf_meta .pagefind".split())


class Unreadable(Exception):
    """A file whose text cannot be read: the scan never vouches for text it did not see."""


def texts(path: Path) -> list[str]:
    """The text of the file at `path` (`decode`)."""
    return decode(path.name, path.read_bytes())


def decode(name: str, data: bytes) -> list[str]:
    """The texts inside a file named `name` holding `data`: none for images, fonts, media and WebAssembly; what is
    inside gzip, zip containers (DOCX …) and the search index's files; a PDF's text by `pdftotext`; anything else
    read as UTF-8. `Unreadable` if the file is not what its name says."""
    suffix = Path(name).suffix.lower()
    if suffix in BINARY:
        return []
    if suffix == ".gz":
        try:
            return decode(name[:-3], gzip.decompress(data))
        except (OSError, EOFError) as exc:
            raise Unreadable(_("not gzip: {problem}", problem=exc)) from None
    if suffix in PAGEFIND:
        return _pagefind_texts(data)
    if suffix in ZIPS:
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                return [t for info in z.infolist() if not info.is_dir() for t in decode(info.filename, z.read(info))]
        except (zipfile.BadZipFile, OSError) as exc:
            raise Unreadable(_("not a readable zip container: {problem}", problem=exc)) from None
    if suffix == ".pdf":
        return [_pdf_text(data)]
    return [data.decode("utf-8", errors="replace")]


def _pagefind_texts(data: bytes) -> list[str]:
    """A Pagefind file's text: a fragment's JSON as it is, every string of a CBOR index (one a line: words, URLs,
    titles), nothing from the WebAssembly program. Anything else is unreadable: the scan does not guess."""
    try:
        raw = gzip.decompress(data)
    except (OSError, EOFError) as exc:
        raise Unreadable(_("not a compressed Pagefind file: {problem}", problem=exc)) from None
    raw = raw.removeprefix(b"pagefind_dcd")
    if raw.startswith(b"\0asm"):
        return []
    if raw[:1] in (b"{", b"["):
        text = raw.decode("utf-8", errors="replace")
        return [text, _without_folded_copies(text)]
    found: list[str] = []
    try:
        end = _cbor(raw, 0, found)
    except (IndexError, ValueError, RecursionError) as exc:
        raise Unreadable(_("not a Pagefind index (CBOR): {problem}", problem=exc)) from None
    if end != len(raw):
        raise Unreadable(_("not a Pagefind index (CBOR): trailing bytes"))
    return [" \n ".join(found)]


def _without_folded_copies(fragment: str) -> str:
    """A fragment's strings, folded as the scan folds, without each word that repeats the one before it. The index
    writes a word with Azerbaijani letters or capitals followed by its folded form (“ƏLİ eli VƏLİYEV veliyev”,
    search_index.with_folded): without this, a restricted name would not stand there as consecutive words."""
    try:
        text = "\n".join(strings(json.loads(fragment)))
    except ValueError as exc:
        raise Unreadable(_("not a Pagefind fragment (JSON): {problem}", problem=exc)) from None
    tokens = fold(unescape(text)).split()
    return " ".join(t for i, t in enumerate(tokens) if not i or t != tokens[i - 1])


def _cbor(data: bytes, at: int, found: list[str], depth: int = 0) -> int:
    """Read the CBOR item at `at`, adding its text and byte strings to `found`; return where it ends."""
    if depth > 64:
        raise ValueError("nested too deeply")
    head = data[at]
    major, info, at = head >> 5, head & 31, at + 1
    if info < 24:
        n = info
    elif info in (24, 25, 26, 27):
        size = 1 << (info - 24)
        if at + size > len(data):
            raise IndexError("truncated")
        n, at = int.from_bytes(data[at:at + size], "big"), at + size
    elif info == 31 and major in (2, 3, 4, 5):
        n = -1  # indefinite length, up to a break (0xff)
    else:
        raise ValueError(f"unsupported header byte {head:#x}")
    if major in (0, 1, 7):  # integers, floats and simple values: no text
        return at
    if major == 6:  # a tag: the item follows
        return _cbor(data, at, found, depth + 1)
    if major in (2, 3):
        if n < 0:
            while data[at] != 0xFF:
                at = _cbor(data, at, found, depth + 1)
            return at + 1
        if at + n > len(data):
            raise IndexError("truncated")
        found.append(data[at:at + n].decode("utf-8", errors="replace"))
        return at + n
    items = n * (2 if major == 5 else 1)
    if n < 0:
        while data[at] != 0xFF:
            at = _cbor(data, at, found, depth + 1)
        return at + 1
    for _i in range(items):
        at = _cbor(data, at, found, depth + 1)
    return at


def _pdf_text(data: bytes) -> str:
    tool = shutil.which("pdftotext")
    if tool is None:
        raise Unreadable(_("a PDF, and `pdftotext` (poppler-utils) is not installed"))
    with tempfile.TemporaryDirectory(prefix="qanun-scan-") as tmp:
        source = Path(tmp) / "file.pdf"
        source.write_bytes(data)
        try:
            done = subprocess.run([tool, "-q", "-enc", "UTF-8", str(source), "-"], capture_output=True, timeout=120,
                                  check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise Unreadable(_("pdftotext failed: {problem}", problem=exc)) from None
    if done.returncode != 0:
        raise Unreadable(_("pdftotext failed with status {status}", status=done.returncode))
    return done.stdout.decode("utf-8", errors="replace")
