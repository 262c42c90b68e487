"""The DOCX and PDF of the versions, made in worker processes, one a core (`downloads.render_downloads` hands them
the jobs its cache does not hold).

Each worker is a fresh `python -m generator.document_workers`, reading chunks of jobs (pickled) on standard input
and answering each with the documents (pickled) on standard output, telling on standard error how many it has made.
Unlike multiprocessing's spawn, that never re-runs the caller's main module, and unlike fork it copies no lock of
the caller's threads (a preview server, a test's browser). Inside a worker the PDFs are set by Typst in-process
(render/pdf.py) while a thread writes the DOCX (render/docx.py `to_docx_many`).
"""
from __future__ import annotations

import itertools
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .chunks import chunked
from .errors import QanunError
from .i18n import _, language
from .render.layout import Block


@dataclass(frozen=True)
class Job:
    """A DOCX or PDF to make."""

    path: str  # in the site
    fmt: str
    blocks: tuple[Block, ...] | None  # None: from the build cache, made again only if the file is not cached
    title: str
    key: str  # content hash: the cache's file name
    act: str = ""
    start: str = ""  # the version's first day (ISO)


_TICK = "qanun-downloads-done "  # a worker's line on standard error: that many more documents are made


CHUNK_BLOCKS = 5_000  # layout blocks sent to a worker process at once, past the first job: bounds what the worker
# and this process hold (a Tax-Code-sized version is some 3,000 blocks), and about a second of a worker's time, so
# that a worker begins soon and the two end near each other


def render_all(jobs: list[Job], blocks: Callable[[Job], tuple[Block, ...]], tick: Callable[[int], None],
               keep: Callable[[Job, bytes], None], stop: threading.Event | None = None) -> None:
    """DOCX and PDF of the jobs, each handed to `keep` as it comes back: with more than one job and more than one
    core, in worker processes, one a core. `blocks` lays a job out, only when its chunk is sent; `tick` is told of
    every document made (from the workers' threads); once `stop` is set, no more chunks are sent.

    A worker takes the next run of versions (`_runs`) when it needs more, so both stay busy to the end; its chunks,
    of at most CHUNK_BLOCKS layout blocks, are laid out and sent while it sets the one before."""
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


def _runs(jobs: list[Job], workers: int) -> list[list[int]]:
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


def _chunks(take: Callable[[], list[int] | None], jobs: list[Job], blocks: Callable[[Job], tuple[Block, ...]],
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

    proc = subprocess.Popen([sys.executable, "-m", "generator.document_workers"], stdin=subprocess.PIPE,
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
    """`python -m generator.document_workers`: render each frame of pickled jobs on standard input and answer it
    with a frame of their bytes on standard output, saying on standard error how many are made as they are."""
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


__all__ = ["Job", "render_all"]

if __name__ == "__main__":
    raise SystemExit(_worker())
