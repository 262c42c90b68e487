"""The downloads of every version on the site: Akoma Ntoso, DOCX, PDF and JSON (issue 6, item 7).

`render_downloads` returns site path → bytes for every version of every act; `site.build_site` writes them
into the built site after mkdocs (they are files to fetch, not pages: mkdocs has nothing to do with them)
and before the link check, the leak scan and the swap.

The text formats are rendered in-process. The DOCX is written in-process too, with pandoc's bytes (render/wordml.py,
a few thousandths of a second a version); what that cannot write goes through pandoc, a batch of versions per
pandoc process (pandoc-server as CGI, render/docx.py `to_docx_many`). The PDF is set by Typst in-process
(render/pdf.py), a few hundredths of a second a version. Both are cached by content hash (the layout they
are made from, the title, the renderer's code, the fonts and the tool versions) in `build/cache/downloads/`, so a
rebuild renders only the versions whose text changed; the misses run in worker processes, one a core. Both
formats are deterministic (pandoc writes fixed dates, the zip entries are dated 1980, Typst writes no date):
the same sources and the same `--as-of` give byte-identical files, cached or not.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import itertools
import json
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .buildcache import mark_used
from .filerecord import FileRecord
from .chunks import chunked
from .errors import QanunError
from .render.jsonout import version_json
from .render.layout import Block, layout
from .render.urls import Urls
from .ticker import Ticker
from .i18n import _, language

if TYPE_CHECKING:
    from .pipeline import Corpus

FORMATS = ("akn", "docx", "pdf", "json")
BINARY = ("docx", "pdf")
CACHE_FORMAT = "qanun-downloads-4"  # bump to drop every cached file
CACHE_KEEP_DAYS = 30  # cached files unused this long are removed


@dataclass(frozen=True)
class _Job:
    path: str  # in the site
    fmt: str
    blocks: tuple[Block, ...] | None  # None: from the build cache, made again only if the file is not cached
    title: str
    key: str  # content hash: the cache's file name
    act: str = ""
    start: str = ""  # the version's first day (ISO)


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
    jobs: list[_Job] = []
    for act_id in sorted(corpus.histories):
        texts, act_jobs = (done or {}).get(act_id) or act_files(corpus, urls, as_of, act_id, binary=binary)
        files.update(texts)
        jobs += [_Job(path, fmt, None, title, key, act, start) for path, fmt, title, key, act, start in act_jobs]
    record = FileRecord(cache / "records", cache, "checked") if cache else None  # the documents checked last time
    found, missing = _from_cache(jobs, cache, record)
    files.update(found)
    if missing:
        progress(_("rendering {count} DOCX/PDF downloads ({cached} from the cache)", count=len(missing),
                   cached=len(found)))
        tick = Ticker(len(missing), lambda done, total: progress(_("DOCX/PDF: {done} of {total} made", done=done,
                                                                    total=total)))

        def keep(job: _Job, data: bytes) -> None:
            files[job.path] = _to_cache(cache, job, data)
        _render_all(missing, functools.partial(_blocks, corpus, as_of), tick, keep, stop)
    if record is not None:
        cached = [(job, files[job.path]) for job in jobs if isinstance(files.get(job.path), CachedDocument)]
        record.save({_in_cache(job): job.key for job, _doc in cached}, {_in_cache(job): doc.digest for job, doc in cached})
    _prune(cache)
    return files


def _blocks(corpus: Corpus, as_of: dt.date, job: _Job) -> tuple[Block, ...]:
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

    from .render import docx, pdf, wordml

    h = hashlib.sha256(CACHE_FORMAT.encode())
    for module in (docx, pdf, wordml):
        h.update(Path(module.__file__).read_bytes())
    h.update(pdf.font_fingerprint().encode("utf-8"))
    import inspect  # and the code here that shapes the bytes (not the whole module: a change elsewhere keeps the cache)

    for function in (_render, _render_batch):
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


def _in_cache(job: _Job) -> str:
    return f"{job.key[:2]}/{job.key}.{job.fmt}"


def _cached(cache: Path, job: _Job) -> Path:
    return cache / _in_cache(job)


def _from_cache(jobs: list[_Job], cache: Path | None, record: FileRecord | None = None
                ) -> tuple[dict[str, CachedDocument], list[_Job]]:
    """The jobs' documents found in the cache, each checked against the SHA-256 beside it, or known from `record` to
    be the file checked before (filerecord.py: not read again); and the jobs whose document is not there."""
    found: dict[str, CachedDocument] = {}
    missing: list[_Job] = []
    for job in jobs:
        path = _cached(cache, job) if cache else None
        if path and record is not None and (digest := record.unchanged(_in_cache(job), job.key)) is not None:
            found[job.path] = CachedDocument(path, digest)
            mark_used(path)
            continue
        try:
            data = path.read_bytes() if path else b""
        except OSError:
            data = b""
        if path and data and (digest := hashlib.sha256(data).hexdigest()) == _sidecar(path):
            found[job.path] = CachedDocument(path, digest)
            mark_used(path)
        else:
            missing.append(job)
    return found, missing


def _sidecar(path: Path | None) -> str | None:
    """The SHA-256 written beside a cached file: a truncated or damaged file is rendered again."""
    try:
        return path.with_name(path.name + ".sha256").read_text(encoding="ascii").strip() if path else None
    except OSError:
        return None


def _to_cache(cache: Path | None, job: _Job, data: bytes) -> bytes | CachedDocument:
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

_TICK = "qanun-downloads-done "  # a worker's line on standard error: that many more documents are made


CHUNK_BLOCKS = 5_000  # layout blocks sent to a worker process at once, past the first job: bounds what the worker
# and this process hold (a Tax-Code-sized version is some 3,000 blocks), and about a second of a worker's time, so
# that a worker begins soon and the two end near each other


def _render_all(jobs: list[_Job], blocks: Callable[[_Job], tuple[Block, ...]], tick: Callable[[int], None],
                keep: Callable[[_Job, bytes], None], stop: threading.Event | None = None) -> None:
    """DOCX and PDF of the jobs, each handed to `keep` as it comes back: with more than one job and more than one
    core, in worker processes, one a core. `blocks` lays a job out, only when its chunk is sent; `tick` is told of
    every document made (from the workers' threads).

    Each worker is a fresh `python -m generator.downloads` reading chunks of jobs (pickled) on standard input:
    unlike multiprocessing's spawn, that never re-runs the caller's main module, and unlike fork it copies no lock
    of the caller's threads (a preview server, a test's browser). A worker takes the next run of versions
    (`_runs`) when it needs more, so both stay busy to the end; its chunks, of at most CHUNK_BLOCKS layout blocks,
    are laid out and sent while it sets the one before."""
    workers = min(os.cpu_count() or 1, len(jobs))
    take = _dealt(_runs(jobs, workers))

    def run(_worker: int) -> None:
        chunks = _chunks(take, jobs, blocks, stop)
        if workers > 1:
            first = next(chunks, None)  # a worker is started only when there is something for it to make
            if first is not None:
                _run_worker(itertools.chain([first], chunks), tick, lambda i, data: keep(jobs[i], data))
            return
        for chunk in chunks:
            for (i, _a), data in zip(chunk, _render_batch([a for _i, a in chunk], tick)):
                keep(jobs[i], data)
    if workers < 2:
        run(0)
        return
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(run, range(workers)))


def _runs(jobs: list[_Job], workers: int) -> list[list[int]]:
    """The jobs (indices) in runs, each made by one worker in order: of each act, `workers` runs of consecutive
    versions, each version's PDF then its DOCX; the longest runs first, so that what is left at the end is short.
    Typst sets a version faster right after the one before it (render/pdf.py, `_compiler`): about 5 % faster
    than every other version of the act (benchmarks/typst_variants.py); and a version's two documents are laid out
    and sent once (`_chunks`)."""
    runs: list[list[int]] = []
    versions: dict[str, dict[str, list[int]]] = {}  # act → version → its jobs
    for i, job in enumerate(jobs):
        versions.setdefault(job.act, {}).setdefault(job.start, []).append(i)
    for found in versions.values():
        each = [sorted(indices, key=lambda i: jobs[i].fmt != "pdf") for indices in found.values()]
        size = -(-len(each) // workers)  # rounded up: a run a worker
        runs += [[i for version in each[start:start + size] for i in version] for start in range(0, len(each), size)]
    return sorted(runs, key=len, reverse=True)  # stable: among runs as long, the acts' order


def _dealt(runs: list[list[int]]) -> Callable[[], list[int] | None]:
    """The next run to make, to whichever worker asks (from their threads); None when none is left."""
    left, lock = iter(runs), threading.Lock()

    def take() -> list[int] | None:
        with lock:
            return next(left, None)
    return take


def _chunks(take: Callable[[], list[int] | None], jobs: list[_Job], blocks: Callable[[_Job], tuple[Block, ...]],
            stop: threading.Event | None = None) -> Iterator[list[tuple[int, tuple[str, tuple[Block, ...], str]]]]:
    """The jobs of the runs `take` gives, as (index, worker arguments), laid out as they are needed, CHUNK_BLOCKS
    blocks a chunk; a version's two documents share one layout (pickled once, counted once). None once `stop` is
    set."""
    def laid_out() -> Iterator[tuple[int, tuple[str, tuple[Block, ...], str], int]]:
        last: tuple[tuple[str, str], tuple[Block, ...]] | None = None
        for run in iter(take, None):
            for i in run:
                job = jobs[i]
                same = last is not None and last[0] == (job.act, job.start)
                if not same:
                    last = ((job.act, job.start), blocks(job))
                yield i, (job.fmt, last[1], job.title), 0 if same else len(last[1])
    for chunk in chunked(laid_out(), size=lambda job: job[2], limit=CHUNK_BLOCKS):
        if stop is not None and stop.is_set():
            return
        yield [(i, args) for i, args, _size in chunk]


WORKER_SILENCE = 600.0  # seconds without a document made before a worker is taken for hung and stopped
_FRAME = 8  # bytes of a frame's length, before its pickle (`_send`, `_received`)


def _run_worker(chunks: Iterable[list[tuple[int, tuple[str, tuple[Block, ...], str]]]], tick: Callable[[int], None],
                keep: Callable[[int, bytes], None]) -> None:
    """One worker process making `chunks`, each (index, arguments) handed to `keep` with its document as its chunk
    comes back. A thread sends the chunks, each a frame of its own, while the worker sets the one before (the pipe
    holds back the next: at most two are laid out at once); another reads the answers."""
    import pickle
    import queue
    import subprocess
    import sys

    proc = subprocess.Popen([sys.executable, "-m", "generator.downloads"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            cwd=str(Path(__file__).resolve().parent.parent),
                            env={**os.environ, "QANUN_LANG": language()})  # its messages in the chosen language
    sent: queue.SimpleQueue[list[int]] = queue.SimpleQueue()  # the indices of each chunk sent, in order
    failed: list[BaseException] = []
    wrong: list[str] = []

    def send() -> None:
        try:
            for chunk in chunks:
                sent.put([i for i, _a in chunk])
                _send(proc.stdin, pickle.dumps([a for _i, a in chunk]))
        except OSError:
            pass  # the worker ended early: what it said is read below
        except BaseException as exc:  # laying a job out failed: the caller's error, raised below
            failed.append(exc)
        finally:
            try:
                proc.stdin.close()  # type: ignore[union-attr]
            except OSError:
                pass

    def answers() -> None:
        try:
            while (frame := _received(proc.stdout)) is not None:
                made = pickle.loads(frame)  # our own child's answer
                indices = sent.get()
                if len(made) != len(indices):
                    wrong.append("count")
                    break
                for i, data in zip(indices, made):
                    keep(i, data)
        except BaseException as exc:  # keeping a document failed: raised below, and the worker stops
            failed.append(exc)
        if failed or wrong:
            proc.kill()
    sender = threading.Thread(target=send, daemon=True)
    reader = threading.Thread(target=answers, daemon=True)  # the answers are read while the progress lines are:
    heard, finished = [time.monotonic()], threading.Event()  # neither pipe fills up and stalls the child

    def watch() -> None:  # a worker silent for too long is taken for hung
        while not finished.wait(1.0):
            if time.monotonic() - heard[0] > WORKER_SILENCE:
                proc.kill()
                return
    watchdog = threading.Thread(target=watch, daemon=True)
    said: list[str] = []
    try:
        for thread in (sender, reader, watchdog):
            thread.start()
        for line in proc.stderr:  # type: ignore[union-attr]
            heard[0] = time.monotonic()
            text = line.decode("utf-8", "replace").rstrip("\n")
            if text.startswith(_TICK) and text[len(_TICK):].isdigit():
                tick(int(text[len(_TICK):]))
            elif text.strip():
                said.append(text)
        try:
            code = proc.wait(timeout=WORKER_SILENCE)  # its error stream is closed: it is ending
        except subprocess.TimeoutExpired:
            code = -1  # stopped below, as a hung one
        reader.join(timeout=WORKER_SILENCE)
    finally:
        finished.set()
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=WORKER_SILENCE)
        sender.join(timeout=WORKER_SILENCE)
    if failed:
        raise failed[0]
    if code != 0:
        reason = said[-1] if said else _("no document made for {seconds} s", seconds=int(WORKER_SILENCE)) \
            if code < 0 else code
        raise QanunError(_("a DOCX/PDF worker failed: {reason}", reason=reason))
    if wrong or not sent.empty():
        raise QanunError(_("a DOCX/PDF worker returned the wrong number of documents"))


def _send(stream: Any, data: bytes) -> None:
    stream.write(len(data).to_bytes(_FRAME, "big") + data)
    stream.flush()


def _received(stream: Any) -> bytes | None:
    """The next frame of `stream`; None at its end."""
    head = stream.read(_FRAME)
    if len(head) < _FRAME:
        return None
    size = int.from_bytes(head, "big")
    data = stream.read(size)
    return data if len(data) == size else None


def _ticks_to(stream: Any) -> Callable[[int], None]:
    """`tick` for a worker: each count a whole line of `stream`, though both of its threads (the PDFs, the DOCX
    batch) tell (a `print` writes the line's end apart, and two lines could run together and be lost)."""
    said = threading.Lock()

    def tick(count: int) -> None:
        with said:
            stream.write(f"{_TICK}{count}\n")
            stream.flush()
    return tick


def _worker() -> int:
    """`python -m generator.downloads`: render each frame of pickled jobs on standard input and answer it with a frame
    of their bytes on standard output, saying on standard error how many are made as they are."""
    import pickle
    import sys

    tick = _ticks_to(sys.stderr)
    while (frame := _received(sys.stdin.buffer)) is not None:
        try:
            results = _render_batch(pickle.loads(frame), tick)
        except QanunError as exc:
            print(exc, file=sys.stderr)
            return 1
        _send(sys.stdout.buffer, pickle.dumps(results))
    return 0


def _render_batch(share: list[tuple[str, tuple[Block, ...], str]],
                  tick: Callable[[int], None] = lambda n: None) -> list[bytes]:
    """The documents of `share` in order: the DOCX in a thread (`to_docx_many`: pandoc, where it runs, is another
    process), while this one sets the PDFs with Typst; a batch that fails is made again file by file, to name the
    document."""
    from concurrent.futures import ThreadPoolExecutor

    from .render import docx

    docx_jobs = [i for i, (fmt, _blocks, _title) in enumerate(share) if fmt == "docx"]
    results: list[bytes] = [b""] * len(share)
    batched = [0]  # DOCX made by the batch, told to `tick` as they come

    def batch_done(count: int) -> None:
        batched[0] += count
        tick(count)
    with ThreadPoolExecutor(max_workers=1) as pool:
        batch = pool.submit(docx.to_docx_many, [(list(share[i][1]), share[i][2]) for i in docx_jobs],
                            done=batch_done) if len(docx_jobs) > 1 else None
        for i, job in enumerate(share):
            if job[0] != "docx" or batch is None:
                results[i] = _render(*job)
                tick(1)
        if batch is not None:
            try:
                made = batch.result()
            except QanunError:
                made = [_render(*share[i]) for i in docx_jobs]  # raises, naming the document that fails
                tick(len(docx_jobs) - batched[0])
            for i, data in zip(docx_jobs, made):
                results[i] = _render(*share[i], data=data)
    return results


def _render(fmt: str, blocks: tuple[Block, ...], title: str, data: bytes | None = None) -> bytes:
    """One document (`data`: already made by a batch, only checked here)."""
    from .render import docx, pdf

    try:
        if data is None:
            data = docx.to_docx(list(blocks), title) if fmt == "docx" else pdf.to_pdf(list(blocks), title)
    except (QanunError, pdf.TypstFailure) as exc:  # re-raised as a plain error: it crosses a process boundary
        raise QanunError(_("{format} of “{title}”: {problem}", format=fmt.upper(), title=title[:60], problem=exc)) \
            from None
    if not data:
        raise QanunError(_("{format} of “{title}” came out empty", format=fmt.upper(), title=title[:60]))
    return data


__all__ = ["FORMATS", "CachedDocument", "render_downloads"]

if __name__ == "__main__":
    raise SystemExit(_worker())
