"""The second wall: find restricted text in built output, whatever redaction by construction missed.

`restricted_values(records)` lists every restricted string with the place it is written; `scan(folder,
values)` reads every output file (HTML, JSON, XML, sitemaps and feeds, Markdown, text, the text inside
DOCX and other zip containers, gzip, the search index's compressed Pagefind files, and PDF through `pdftotext`:
meetings/filetext.py) and looks for each value.

Comparison is on words (meetings/folding.py): both sides are unescaped (HTML entities, JSON `\\u` escapes,
%-escapes), folded the Azerbaijani way (İ/i, I/ı) and to the letters people type without an Azerbaijani keyboard
(the search index stores that form), and split into words, so that case, whitespace, markup and escaping
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

import hashlib
import hmac
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from dataclasses import field as _field  # `field` is also an attribute name below
from pathlib import Path
from typing import Any

from ..errors import Loc, QanunError, Severity
from .access import restricted_texts
from . import filetext
from .folding import strings, unescape, variants, words
from .model import Records
from ..i18n import _

FRAGMENT = 8  # a quotation of this many consecutive words of a restricted text is a leak
MIN_CHARS = 3  # shorter values (“5”, “AB”) would match everywhere and say nothing
Key = tuple[str, ...]


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
            streams = [words(v) for text in filetext.texts(path) for v in variants(text)]
        except filetext.Unreadable as exc:
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


