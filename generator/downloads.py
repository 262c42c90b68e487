"""The downloads of every version on the site: Akoma Ntoso, DOCX, PDF and JSON (issue 6, item 7).

`render_downloads` returns site path → bytes for every version of every act; `site.build_site` writes them
into the built site itself (they are files to fetch, not pages: mkdocs has nothing to do with them), having
checked the links to them while they were made, before the leak scan and the swap.

The text formats are rendered in-process. The DOCX is written in-process too, with pandoc's bytes (render/wordml.py,
a few thousandths of a second a version); what that cannot write goes through pandoc, a batch of versions per
pandoc process (pandoc-server as CGI, render/docx.py `to_docx_many`). The PDF is set by Typst in-process
(render/pdf.py), a few hundredths of a second a version. Both are cached by content hash (the layout they
are made from, the title, the renderer's code, the fonts and the tool versions) in `build/cache/downloads/`, so a
rebuild renders only the versions whose text changed; the misses run in worker processes, one a core
(document_workers.py). Both
formats are deterministic (pandoc writes fixed dates, the zip entries are dated 1980, Typst writes no date):
the same sources and the same `--as-of` give byte-identical files, cached or not.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import json
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .buildcache import mark_used
from .document_workers import Job, render_all
from .filerecord import FileRecord
from .render.jsonout import version_json
from .render.layout import Block, layout
from .render.urls import Urls
from .ticker import Ticker
from .i18n import _

if TYPE_CHECKING:
    from .pipeline import Corpus

FORMATS = ("akn", "docx", "pdf", "json")
BINARY = ("docx", "pdf")
CACHE_FORMAT = "qanun-downloads-4"  # bump to drop every cached file
CACHE_KEEP_DAYS = 30  # cached files unused this long are removed


def act_files(corpus: Corpus, urls: Urls, as_of: dt.date, act_id: str, *, binary: bool = True,
              store: Callable[[bytes], Any] = lambda data: data) -> tuple[dict[str, Any], list[tuple[str, ...]]]:
    """One act's Akoma Ntoso and JSON of every version (site path → UTF-8), and its DOCX/PDF jobs as
    (path, format, title, content key, act, version start): plain data, what the build cache keeps. Each text is
    handed to `store` as it is made, and what `store` returns is kept (the build cache's place for it)."""
    from .pipeline import render_akn

    h = corpus.histories[act_id]
    texts: dict[str, Any] = {}
    jobs = []
    fingerprint = _fingerprint()
    for v in h.versions:
        texts[urls.download(act_id, v.start, "akn")] = store(render_akn(corpus, h, v).encode("utf-8"))
        data = version_json(h, v, as_of, corpus.acts)
        texts[urls.download(act_id, v.start, "json")] = store((json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode())
        if binary:
            blocks = tuple(layout(h, v, as_of, corpus.acts))
            title = h.act.title or act_id
            jobs += [(urls.download(act_id, v.start, fmt), fmt, title, key, act_id, v.start.isoformat())
                     for fmt, key in zip(BINARY, _keys(blocks, title, fingerprint))]
    return texts, jobs


def render_downloads(corpus: Corpus, urls: Urls, as_of: dt.date, cache: Path | None,
                     progress: Callable[[str], None] = lambda m: None, *, binary: bool = True,
                     done: dict[str, tuple[dict[str, Any], list]] | None = None,
                     stop: threading.Event | None = None) -> dict[str, Any]:
    """Every version's AKN, DOCX, PDF and JSON, by site path (`binary=False`: without DOCX and PDF): bytes, or
    a file of the cache to read them from when they are written (`bytes(value)`), so that a code's hundreds of
    DOCX and PDF are not all held in memory. `done`: act id → `act_files` of that act, already made (the build
    cache); the other acts are made here. Once `stop` is set (the build failed meanwhile), no more documents are
    begun and what is returned is incomplete."""
    files: dict[str, Any] = {}
    jobs: list[Job] = []
    for act_id in sorted(corpus.histories):
        texts, act_jobs = (done or {}).get(act_id) or act_files(corpus, urls, as_of, act_id, binary=binary)
        files.update(texts)
        jobs += [Job(path, fmt, None, title, key, act, start) for path, fmt, title, key, act, start in act_jobs]
    record = FileRecord(cache / "records", cache, "checked") if cache else None  # the documents checked last time
    found, missing = _from_cache(jobs, cache, record)
    files.update(found)
    if missing:
        progress(_("rendering {count} DOCX/PDF downloads ({cached} from the cache)", count=len(missing),
                   cached=len(found)))
        tick = Ticker(len(missing), lambda done, total: progress(_("DOCX/PDF: {done} of {total} made", done=done,
                                                                    total=total)))

        def keep(job: Job, data: bytes) -> None:
            files[job.path] = _to_cache(cache, job, data)
        render_all(missing, functools.partial(_blocks, corpus, as_of), tick, keep, stop)
    if record is not None and jobs:  # a build without DOCX and PDF (the preview) keeps the record as it was
        cached = [(job, files[job.path]) for job in jobs if isinstance(files.get(job.path), CachedDocument)]
        record.save({_in_cache(job): job.key for job, _doc in cached},
                    {_in_cache(job): doc.digest for job, doc in cached})
    _prune(cache)
    return files


def _blocks(corpus: Corpus, as_of: dt.date, job: Job) -> tuple[Block, ...]:
    """The layout a job's document is made from (laid out again only when the document is made)."""
    h = corpus.histories[job.act]
    version = next(v for v in h.versions if v.start.isoformat() == job.start)
    return tuple(layout(h, version, as_of, corpus.acts))


class CachedDocument:
    """A document in the cache, whose SHA-256 is `digest`: linked into the site (`Stager.put_file`), or read when
    it is written there, `bytes(cached)`."""

    __slots__ = ("path", "digest")

    def __init__(self, path: Path, digest: str) -> None:
        self.path = path
        self.digest = digest

    def __bytes__(self) -> bytes:
        from .buildcache import changed_while_read

        try:
            return self.path.read_bytes()
        except OSError as exc:
            raise changed_while_read(self.path, exc) from None


# --- the cache ---------------------------------------------------------------------------------

@functools.cache
def _fingerprint() -> str:
    """What else decides the bytes: the renderers' code, the PDF's fonts and the versions of pandoc and Typst."""
    import importlib.metadata

    from . import document_workers
    from .render import docx, pdf, wordml

    h = hashlib.sha256(CACHE_FORMAT.encode())
    for module in (docx, pdf, wordml):
        h.update(Path(module.__file__).read_bytes())
    h.update(pdf.font_fingerprint().encode("utf-8"))
    import inspect  # and the workers' code that shapes the bytes (not the whole module: a change elsewhere keeps it)

    for function in (document_workers._render, document_workers._render_batch):
        h.update(inspect.getsource(function).encode("utf-8"))
    for dist in ("pypandoc-binary", "typst"):
        try:
            h.update(f"{dist}={importlib.metadata.version(dist)}".encode())
        except importlib.metadata.PackageNotFoundError:
            h.update(f"{dist}=none".encode())
    return h.hexdigest()


UNRENDERED = ("provision", "doc")  # the block fields the DOCX and PDF renderers do not read (the HTML does)
_RENDERED = tuple(f.name for f in dataclasses.fields(Block) if f.name not in UNRENDERED)


def _keys(blocks: tuple[Block, ...], title: str, fingerprint: str) -> list[str]:
    """The cache keys of a version's DOCX and PDF (in BINARY's order): its layout blocks, every field the renderers
    read, with the title and the fingerprint (the renderers' code and the tools' versions). Hashing the blocks, not
    the pandoc document or Typst source made from them, takes a tenth of the time; the bytes follow from either."""
    content = hashlib.sha256(json.dumps([[getattr(b, name) for name in _RENDERED] for b in blocks],
                                        ensure_ascii=False).encode("utf-8"))
    keys = []
    for fmt in BINARY:
        h = hashlib.sha256(fingerprint.encode())
        for part in (fmt, title, content.hexdigest()):
            h.update(b"\0" + part.encode("utf-8"))
        keys.append(h.hexdigest())
    return keys


def _in_cache(job: Job) -> str:
    return f"{job.key[:2]}/{job.key}.{job.fmt}"


def _cached(cache: Path, job: Job) -> Path:
    return cache / _in_cache(job)


def _from_cache(jobs: list[Job], cache: Path | None, record: FileRecord | None = None
                ) -> tuple[dict[str, CachedDocument], list[Job]]:
    """The jobs' documents found in the cache (`_checked`), and the jobs whose document is not there."""
    found: dict[str, CachedDocument] = {}
    missing: list[Job] = []
    for job in jobs:
        path = _cached(cache, job) if cache else None
        digest = _checked(path, job, record) if path else None
        if path and digest:
            found[job.path] = CachedDocument(path, digest)
            mark_used(path)
        else:
            missing.append(job)
    return found, missing


def _checked(path: Path, job: Job, record: FileRecord | None) -> str | None:
    """The SHA-256 of the cached document at `path`: known from `record` when it is the file checked before
    (filerecord.py: not read again), else read and checked against the SHA-256 beside it; None if it is missing,
    truncated or damaged (made again)."""
    if record is not None and (digest := record.unchanged(_in_cache(job), job.key)) is not None:
        return digest
    try:
        data = path.read_bytes()
    except OSError:
        return None
    digest = hashlib.sha256(data).hexdigest()
    return digest if data and digest == _sidecar(path) else None


def _sidecar(path: Path) -> str | None:
    """The SHA-256 written beside a cached file: a truncated or damaged file is rendered again."""
    try:
        return path.with_name(path.name + ".sha256").read_text(encoding="ascii").strip()
    except OSError:
        return None


def _to_cache(cache: Path | None, job: Job, data: bytes) -> bytes | CachedDocument:
    """`data` kept in the cache; what to write into the site: the cached file, or `data` where it cannot be kept."""
    if cache is None:
        return data
    from .pipeline import write_bytes_atomic

    path = _cached(cache, job)
    digest = hashlib.sha256(data).hexdigest()
    try:
        write_bytes_atomic(path, data)
        write_bytes_atomic(path.with_name(path.name + ".sha256"), digest.encode("ascii"))
    except OSError:
        return data  # the cache only saves time: a read-only checkout builds without it
    return CachedDocument(path, digest)


def _prune(cache: Path | None) -> None:
    """Remove cached documents unused for CACHE_KEEP_DAYS days, with their checksums, and what a killed build left
    half-written (at most once a day)."""
    from .buildcache import prune_unused

    prune_unused(cache, ("*/*.docx", "*/*.pdf", "*/.*"), CACHE_KEEP_DAYS,
                 lambda path: [path.with_name(path.name + ".sha256")])


# --- rendering ---------------------------------------------------------------------------------

__all__ = ["FORMATS", "CachedDocument", "render_downloads"]

