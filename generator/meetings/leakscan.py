"""The second wall: find restricted text in built output, whatever redaction by construction missed.

`restricted_values(records)` lists every restricted string with the place it is written; `scan(folder,
values)` reads every output file (HTML, JSON, XML, sitemaps and feeds, Markdown, text, the text inside
DOCX and other zip containers, gzip, the search index's compressed Pagefind files, and PDF through `pdftotext`)
and looks for each value.

Comparison is on words: both sides are unescaped (HTML entities, JSON `\\u` escapes, %-escapes), folded
the Azerbaijani way (İ/i, I/ı) and to the letters people type without an Azerbaijani keyboard (the
search index stores that form), and split into words, so that case, whitespace, markup and escaping
do not hide a value. A text of more than FRAGMENT words is also found by any FRAGMENT consecutive
words of it (a quotation). A file that cannot be read is a failure: the scan never vouches for text
it did not see.

Reports never contain a restricted value: they name the output file, the source field (path:line) and
a short keyed hash of the value (keyed, so that nobody can confirm a guessed name against a public CI
log). A value, or a quoted fragment, that also appears in public sources — “Dövlət Vergi Xidməti” as a
public member's body, a sentence of the Regulation in the acts — is not a leak: it is reported once, as
a warning to review. The public records excuse a value only where a public field holds it whole: the
same words inside a longer public text (a restricted guest's name in a public title, a restricted act
quoted in a public summary) are a leak. A complainant's personal data is never excused.
"""
from __future__ import annotations

import gzip
import hashlib
import hmac
import html
import io
import json
import re
import shutil
import subprocess
import tempfile
import unicodedata
import zipfile
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, fields, is_dataclass
from dataclasses import field as _field  # `field` is also an attribute name below
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from ..errors import Loc, QanunError, Severity
from ..language import az_casefold
from .access import restricted_texts
from .model import Records
from ..i18n import _

FRAGMENT = 8  # a quotation of this many consecutive words of a restricted text is a leak
MIN_CHARS = 3  # shorter values (“5”, “AB”) would match everywhere and say nothing
BINARY = frozenset(".png .jpg .jpeg .gif .webp .ico .bmp .tif .tiff .avif .woff .woff2 .ttf .otf .eot .mp3 .mp4 "
                   ".webm .ogg .wasm".split())
ZIPS = frozenset(".docx .xlsx .pptx .odt .ods .odp .epub .zip".split())
# The search index (generator/search_index.py): gzip, a "pagefind_dcd" header, then JSON (a page's fragment:
# its whole text), CBOR (the word index and its metadata: every word as a string) or the searcher's WebAssembly.
PAGEFIND = frozenset(".pf_fragment .pf_index .pf_meta .pagefind".split())
Key = tuple[str, ...]


# --- normalisation ---------------------------------------------------------------------------

_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")  # soft hyphen, zero-width characters
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_WORD = re.compile(r"\w+")
_JSON_U = re.compile(r"\\u([0-9a-fA-F]{4})")
_JSON_CHAR = re.compile(r"\\([\"\\/bfnrt])")
_JSON_CHARS = {'"': '"', "\\": "\\", "/": "/", "b": " ", "f": " ", "n": "\n", "r": "\n", "t": "\t"}
_PERCENT = re.compile(r"(?:%[0-9A-Fa-f]{2})+")
_TAG = re.compile(r"<[^<>]{0,4000}>")


def words(text: str) -> list[str]:
    """The words of a text, folded for comparison: Azerbaijani case (az_casefold), then the letters people type
    without an Azerbaijani keyboard, as language.ascii_fold and the search index do (ş→s, ə→e …), accents and
    ligatures included. Written with regular expressions and replace: str.translate is slow on megabytes."""
    folded = unicodedata.normalize("NFKD", az_casefold(_INVISIBLE.sub("", text)))
    folded = _COMBINING.sub("", folded).replace("ə", "e").replace("ı", "i")
    return _WORD.findall(folded)


def unescape(text: str) -> str:
    """Undo JSON, HTML and URL escaping (repeatedly: a JSON string may hold escaped HTML)."""
    for _round in range(4):  # not `_`: that is the translation function here
        before = text
        if "\\u" in text:
            text = _JSON_U.sub(lambda m: chr(int(m.group(1), 16)), text)
            text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")  # join surrogate pairs
        if "\\" in text:
            text = _JSON_CHAR.sub(lambda m: _JSON_CHARS[m.group(1)], text)
        if "&" in text:
            text = html.unescape(text)
        if "%" in text:
            text = _PERCENT.sub(lambda m: unquote(m.group()), text)
        if text == before:
            break
    return text


def variants(text: str) -> Iterator[str]:
    """The ways a value can stand in a file: the text with tags as word breaks; the tags themselves (attribute
    values: title="…", alt, meta content); the text with tags removed (inline markup inside a word, as a search
    highlight or a DOCX run boundary makes); with line-end hyphens joined (PDF text)."""
    plain = unescape(text)
    if "<" in plain:
        yield _TAG.sub(" ", plain)
        yield " \n ".join(_TAG.findall(plain))
        yield _TAG.sub("", _BLOCK_END.sub(" ", plain))
    else:
        yield plain
    if "-\n" in plain:
        yield re.sub(r"-\s*\n\s*", "", plain)


_BLOCK_END = re.compile(r"</w:p>|<w:(?:tab|br|cr)\b[^>]*>|</(?:p|div|li|td|th|tr|h\d|title|dd|dt)>|<br\s*/?>", re.I)


def contains_words(haystack: str, needle: str) -> bool:
    """Whether the words of `needle` stand, in order and consecutively, among those of `haystack`."""
    want, have = tuple(words(needle)), words(haystack)
    n = len(want)
    return bool(n) and any(tuple(have[i:i + n]) == want for i in range(len(have) - n + 1))


def _keys(tokens: Sequence[str]) -> tuple[Key, ...]:
    """What to look for: the whole value, or every FRAGMENT-word window of a longer one."""
    if len(tokens) <= FRAGMENT:
        return (tuple(tokens),)
    return tuple(dict.fromkeys(tuple(tokens[i:i + FRAGMENT]) for i in range(len(tokens) - FRAGMENT + 1)))


# --- restricted values -------------------------------------------------------------------------

@dataclass(frozen=True)
class RestrictedValue:
    text: str
    loc: Loc
    field: str  # e.g. "items[2].acts[1].text"
    digest: str  # short keyed hash, the only trace of the value a report carries
    personal: bool = False  # a complainant's personal data: never excused as also public
    keys: tuple[Key, ...] = _field(default=(), repr=False)


@dataclass(frozen=True)
class RestrictedValues:
    """Every restricted string of the records, and which of their word sequences also occur in public sources."""

    values: tuple[RestrictedValue, ...]
    public: frozenset[Key] = frozenset()

    def __iter__(self) -> Iterator[RestrictedValue]:
        return iter(self.values)

    def __len__(self) -> int:
        return len(self.values)


def restricted_values(full: Records, public_texts: Iterable[str] = ()) -> RestrictedValues:
    """Every restricted string of `full` with its source, for `scan`.

    Public sources are `public_texts` (pass the texts of the acts and any fixed wording of the site) and the public
    fields of the same records: a restricted value that also stands in a public text, or that a public field holds
    whole, is only a warning. Quoted inside a public field, it is a leak."""
    from .public import public_view

    found = [f for f in restricted_texts(full) if f.text.value.strip()]
    secret = hashlib.sha256(b"qanun-leakscan\0")
    for f in found:
        secret.update(f.text.value.encode("utf-8") + b"\0")
    key = secret.digest()
    values = []
    for f in found:
        tokens = words(f.text.value)
        if sum(map(len, tokens)) < MIN_CHARS:
            continue
        digest = hmac.new(key, " ".join(tokens).encode("utf-8"), hashlib.sha256).hexdigest()[:10]
        personal = f.field.startswith("complainant.")
        values.append(RestrictedValue(f.text.value, f.text.loc, f.field, digest, personal, _keys(tokens)))
    wanted = {k for v in values if not v.personal for k in v.keys}
    # The project's public texts (acts, site pages) excuse any overlap: a restricted record may quote the Regulation.
    public = set(_find(wanted, (words(s) for s in public_texts)))
    # The public view of the same records excuses a value only where a public field holds that same value, whole
    # (a restricted complaint's body, "Dövlət Vergi Xidməti", is also a public member's body). Inside a longer public
    # text it is no excuse: a restricted guest's name in a public item's title, or eight words of a restricted act
    # quoted in a public summary, is exactly the leak the scan exists for (issue 8).
    fields = {tuple(words(s)) for s in strings(public_view(full))}
    public |= {k for v in values if not v.personal and tuple(words(v.text)) in fields for k in v.keys}
    return RestrictedValues(tuple(values), frozenset(public))


def public_source_texts(root: Path) -> list[str]:
    """The project's other public sources: every string of the acts (acts/**/*.yaml), the hand-written pages of the
    site (site/) and mkdocs.yml, for `restricted_values(records, public_source_texts(root))`. A restricted value
    that stands there too (a body's name, a sentence of the Regulation) is then a warning, not a leak."""
    from ..yamlsource import YamlProblem, read_yaml

    texts: list[str] = []
    for path in sorted((root / "acts").rglob("*.y*ml")):
        try:
            texts += strings(read_yaml(path, path.name).data)
        except YamlProblem:
            continue  # the loader reports it; an unreadable act publishes nothing
    for path in sorted((root / "site").rglob("*")) if (root / "site").is_dir() else []:
        if path.is_file() and path.suffix.lower() in (".md", ".html", ".txt", ".yml", ".yaml"):
            texts.append(path.read_text(encoding="utf-8", errors="replace"))
    if (root / "mkdocs.yml").is_file():
        texts.append((root / "mkdocs.yml").read_text(encoding="utf-8", errors="replace"))
    return texts


def strings(obj: Any) -> Iterator[str]:
    """Every string inside a public model object or plain data (dicts, lists, scalars)."""
    if isinstance(obj, str):
        yield obj
    elif is_dataclass(obj) and not isinstance(obj, type):
        for f in fields(obj):
            yield from strings(getattr(obj, f.name))
    elif isinstance(obj, dict):
        for value in obj.values():
            yield from strings(value)
    elif isinstance(obj, (tuple, list)):
        for item in obj:
            yield from strings(item)


def _find(keys: set[Key] | dict[Key, Any], streams: Iterable[list[str]]) -> set[Key]:
    """The keys that occur, as consecutive words, in any of the token streams.

    Only keys whose first word occurs at all are tried, each by a substring search over the words joined with
    spaces (words never contain a space, so a match is a match of whole words): both steps run in C, which
    matters on a site of many megabytes."""
    by_first: dict[str, list[Key]] = defaultdict(list)
    for k in keys:
        if k:
            by_first[k[0]].append(k)
    firsts = set(by_first)
    hits: set[Key] = set()
    for tokens in streams:
        present = firsts.intersection(tokens)
        if not present:
            continue
        vocabulary = set(tokens)
        joined = " " + " ".join(tokens) + " "
        for first in present:
            for k in by_first[first]:
                if k not in hits and vocabulary.issuperset(k) and f" {' '.join(k)} " in joined:
                    hits.add(k)
    return hits


# --- the scan --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Finding:
    file: str  # the output file, relative to the scanned folder (withheld when its name holds restricted text)
    source: Loc | None  # where the restricted value is written
    field: str
    digest: str
    message: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        if self.severity is Severity.ERROR:
            return f"{self.file}: {self.message}"
        return _("{location}: warning: {message}", location=self.file, message=self.message)


@dataclass(frozen=True)
class ScanReport:
    folder: Path
    files: int
    findings: tuple[Finding, ...]

    @property
    def leaks(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity is Severity.WARNING)

    @property
    def ok(self) -> bool:
        return not self.leaks

    def lines(self) -> list[str]:
        return [str(f) for f in self.findings]

    def raise_for_leaks(self) -> None:
        if self.leaks:
            raise LeakError(self)


class LeakError(QanunError):
    """Restricted information was found in the output; the message names places and hashes, never the text."""

    def __init__(self, report: ScanReport) -> None:
        self.report = report
        n, found = len(report.leaks), "\n".join(str(f) for f in report.leaks)
        if n == 1:
            super().__init__(_("leak scan: 1 restricted value found in {folder}; nothing was published:\n{found}",
                               folder=report.folder, found=found))
        else:
            super().__init__(_("leak scan: {count} restricted values found in {folder}; nothing was published:\n"
                               "{found}", count=n, folder=report.folder, found=found))


def scan(directory: Path, values: RestrictedValues | Sequence[RestrictedValue]) -> ScanReport:
    """Look for every restricted value in every file under `directory`."""
    directory = Path(directory)
    public = values.public if isinstance(values, RestrictedValues) else frozenset()
    index: dict[Key, list[RestrictedValue]] = defaultdict(list)
    for value in values:
        if not value.keys:  # a value built by hand (tests): derive what to look for
            value = RestrictedValue(value.text, value.loc, value.field, value.digest, value.personal,
                                    _keys(words(value.text)))
        for k in value.keys:
            if k:
                index[k].append(value)
    findings: list[Finding] = []
    hits: dict[tuple[str, str], tuple[RestrictedValue, bool]] = {}  # (file, digest) → value, whole value?
    overlaps: dict[str, tuple[RestrictedValue, list[str]]] = {}
    files = sorted(p for p in directory.rglob("*") if p.is_file()) if directory.exists() else []
    for path in files:
        rel = path.relative_to(directory).as_posix()
        name = words(unescape(rel))  # a URL slug made from a restricted title leaks too
        shown = rel
        if _find(index, [name]):  # and the report must not repeat it
            shown = _("[file name withheld: {digest}]", digest=hashlib.sha256(rel.encode()).hexdigest()[:10])
        try:
            streams = [words(v) for text in _texts(path) for v in variants(text)]
        except _Unreadable as exc:
            findings.append(Finding(shown, None, "", "", _("cannot read the text of this file ({reason}); the leak "
                                                          "scan cannot vouch for it, so the build stops", reason=exc)))
            continue
        found = _find(index, [*streams, name])
        for value in {id(v): v for k in found for v in index[k]}.values():
            mine = [k for k in value.keys if k in found]
            if not value.personal and all(k in public for k in mine):
                overlaps.setdefault(value.digest, (value, []))[1].append(shown)
                continue
            hits[(shown, value.digest)] = (value, len(mine) == len(value.keys))
    for (shown, _digest), (value, whole) in sorted(hits.items()):
        facts = {"loc": value.loc, "field": value.field, "digest": value.digest, "words": FRAGMENT}
        if value.personal:
            message = _("a complainant's personal data from {loc} ({field}) [{digest}]", **facts)
        elif whole:
            message = _("restricted text from {loc} ({field}) [{digest}]", **facts)
        else:
            message = _("a quotation ({words}+ words) of a restricted text from {loc} ({field}) [{digest}]", **facts)
        findings.append(Finding(shown, value.loc, value.field, value.digest, message))
    for digest, (value, where) in sorted(overlaps.items()):
        if any(f.digest == digest and f.severity is Severity.ERROR for f in findings):
            continue  # already a leak elsewhere in the value
        findings.append(Finding(where[0], value.loc, value.field, value.digest,
                                _also_public(value, digest, len(set(where)) - 1), Severity.WARNING))
    return ScanReport(directory, len(files), tuple(findings))


def assert_no_leaks(directory: Path, full: Records, public_texts: Iterable[str] = ()) -> ScanReport:
    """Scan a built folder for the records' restricted values; raise LeakError on any leak, return the report
    (whose warnings are for review) otherwise. Call it on the staging folder, before it replaces the site."""
    report = scan(directory, restricted_values(full, public_texts))
    report.raise_for_leaks()
    return report


# --- reading output files --------------------------------------------------------------------

def _also_public(value: RestrictedValue, digest: str, more: int) -> str:
    facts = {"loc": value.loc, "field": value.field, "digest": digest, "more": more}
    if more == 0:
        return _("restricted text from {loc} ({field}) [{digest}] also stands in public sources: not a leak, review "
                 "that it may be shown here", **facts)
    if more == 1:
        return _("restricted text from {loc} ({field}) [{digest}] also stands in public sources and 1 more file: "
                 "not a leak, review that it may be shown here", **facts)
    return _("restricted text from {loc} ({field}) [{digest}] also stands in public sources and {more} more files: "
             "not a leak, review that it may be shown here", **facts)


class _Unreadable(Exception):
    pass


def _texts(path: Path) -> list[str]:
    return _decode(path.name, path.read_bytes())


def _decode(name: str, data: bytes) -> list[str]:
    suffix = Path(name).suffix.lower()
    if suffix in BINARY:
        return []
    if suffix == ".gz":
        try:
            return _decode(name[:-3], gzip.decompress(data))
        except (OSError, EOFError) as exc:
            raise _Unreadable(_("not gzip: {problem}", problem=exc)) from None
    if suffix in PAGEFIND:
        return _pagefind_texts(data)
    if suffix in ZIPS:
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                return [t for info in z.infolist() if not info.is_dir() for t in _decode(info.filename, z.read(info))]
        except (zipfile.BadZipFile, OSError) as exc:
            raise _Unreadable(_("not a readable zip container: {problem}", problem=exc)) from None
    if suffix == ".pdf":
        return [_pdf_text(data)]
    return [data.decode("utf-8", errors="replace")]


def _pagefind_texts(data: bytes) -> list[str]:
    """A Pagefind file's text: a fragment's JSON as it is, every string of a CBOR index (one a line: words, URLs,
    titles), nothing from the WebAssembly program. Anything else is unreadable: the scan does not guess."""
    try:
        raw = gzip.decompress(data)
    except (OSError, EOFError) as exc:
        raise _Unreadable(_("not a compressed Pagefind file: {problem}", problem=exc)) from None
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
        raise _Unreadable(_("not a Pagefind index (CBOR): {problem}", problem=exc)) from None
    if end != len(raw):
        raise _Unreadable(_("not a Pagefind index (CBOR): trailing bytes"))
    return [" \n ".join(found)]


def _without_folded_copies(fragment: str) -> str:
    """A fragment's strings, folded as the scan folds, without each word that repeats the one before it. The index
    writes a word with Azerbaijani letters or capitals followed by its folded form (“ƏLİ eli VƏLİYEV veliyev”,
    search_index.with_folded): without this, a restricted name would not stand there as consecutive words."""
    try:
        text = "\n".join(strings(json.loads(fragment)))
    except ValueError as exc:
        raise _Unreadable(_("not a Pagefind fragment (JSON): {problem}", problem=exc)) from None
    folded = unicodedata.normalize("NFKD", az_casefold(_INVISIBLE.sub("", unescape(text))))
    tokens = _COMBINING.sub("", folded).replace("ə", "e").replace("ı", "i").split()
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
        raise _Unreadable(_("a PDF, and `pdftotext` (poppler-utils) is not installed"))
    with tempfile.TemporaryDirectory(prefix="qanun-scan-") as tmp:
        source = Path(tmp) / "file.pdf"
        source.write_bytes(data)
        try:
            done = subprocess.run([tool, "-q", "-enc", "UTF-8", str(source), "-"], capture_output=True, timeout=120,
                                  check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise _Unreadable(_("pdftotext failed: {problem}", problem=exc)) from None
    if done.returncode != 0:
        raise _Unreadable(_("pdftotext failed with status {status}", status=done.returncode))
    return done.stdout.decode("utf-8", errors="replace")
