"""The per-act build cache (issue 7): a rebuild re-renders only the acts whose outputs can have changed.

Everything `qanun build` writes for one act (its pages, its versions' data, search entries, Akoma Ntoso and
JSON downloads, and the content keys of its DOCX/PDF, which `downloads.py` caches by themselves) depends on
the act and on the acts it is linked to by changes: the acts that amend or repeal it (the notes, the lists of
amending acts, the links) and the acts it amends (the places it changed), and on those acts' own amending
acts, whose changes make the versions an amending act points into. So an act's key hashes, for every act
within two change links of it, its source model (what the model was made from, `load.Project.made_from`, or
else `repr` of the frozen dataclasses, which is all of it) and its URL, plus the day described and the code of the `generator` package. A new amending act therefore
re-renders itself, the acts it changes and their neighbours; every other act comes from
`build/cache/acts/`. The cache holds JSON (text only, never pickles: a shared CI cache must not be able to
run code), compressed, written atomically; anything damaged is simply rendered again. Bytes (the pages'
content, the data and downloads) are kept out of the JSON, each compressed on its own before it: decoding some
300 MB of them as JSON strings took longer than everything else of reading the cache, and an act is written into
its entry page by page (`Writer`) and read back page by page (`Stored`), so neither the worker that renders a
code of hundreds of versions nor the build that publishes it holds gigabytes of its pages at once.

The output does not depend on the cache: `tests/test_incremental.py` checks that a rebuild after a new
amending act is byte for byte a clean build.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import tempfile
import threading
import zlib
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .chunks import chunked

if TYPE_CHECKING:
    from .model import Act
    from .render.urls import Urls

FORMAT = "qanun-acts-4"  # bump to drop every cached act


def cache_root(project: Path) -> Path:
    """The build cache of a project: $QANUN_CACHE (a folder shared between checkouts: CI caches, tests), or
    build/cache in the project."""
    return Path(os.environ.get("QANUN_CACHE") or project.resolve() / "build" / "cache")


@cache
def code_fingerprint() -> str:
    """Every module of the generator package (and the package data qanun renders with)."""
    root = Path(__file__).resolve().parent
    h = hashlib.sha256(FORMAT.encode())
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".json", ".css", ".js", ".html", ".xsd") \
                and "__pycache__" not in path.parts:
            h.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def neighbours(acts: dict[str, Act]) -> dict[str, set[str]]:
    """Act id → the acts linked to it by a change (either way)."""
    out: dict[str, set[str]] = defaultdict(set)
    for act in acts.values():
        for change in act.changes:
            target = change.target.act
            if target in acts and target != act.id:
                out[act.id].add(target)
                out[target].add(act.id)
    return out


def act_keys(acts: dict[str, Act], urls: Urls, as_of: dt.date, *, binary: bool = True,
             made_from: dict[str, str] | None = None) -> dict[str, str]:
    """Act id → the key of everything built for it (see the module's docstring), with DOCX/PDF or without
    (`binary`: the preview's outputs differ). An act is known by what its model
    was made from where that is given (`load.Project.made_from`: the same name, the same model), else by the model
    itself (its repr: a tenth of a second a thousand acts)."""
    made_from = made_from or {}
    own = {a: hashlib.sha256(f"{made_from.get(a) or repr(act)}\0{urls.work(a)}".encode()).hexdigest()
           for a, act in acts.items()}
    near = neighbours(acts)
    base = f"{code_fingerprint()}\0{as_of.isoformat()}\0binary={binary}"
    keys = {}
    for act_id in acts:
        deps = {act_id} | near[act_id]
        for other in near[act_id]:
            deps |= near[other]
        h = hashlib.sha256(f"{base}\0{act_id}".encode())
        for dep in sorted(deps):
            h.update(f"\0{dep}\0{own[dep]}".encode())
        keys[act_id] = h.hexdigest()
    return keys


# The modules whose functions make an act's outputs. If one of their names holds a Python function defined
# neither in qanun nor in an installed package (a test replaced it), what it renders is not what the code
# renders: the cache is then neither read nor written.
_MODULES = ("site", "pages", "shells", "linkcheck", "downloads", "document_workers", "acts_search", "search_index",
            "pipeline", "notes", "language",
            "textedit", "render.html", "render.compare_html", "render.layout", "render.jsonout", "render.akn",
            "render.urls", "render.docx")


def patched() -> bool:
    import importlib
    import inspect
    import sys

    own = str(Path(__file__).resolve().parent)
    installed = tuple({str(Path(p).resolve()) for p in (sys.prefix, sys.base_prefix, sys.exec_prefix)})
    for name in _MODULES:
        for value in vars(importlib.import_module(f"generator.{name}")).values():
            if callable(value) and hasattr(value, "__wrapped__"):  # functools.wraps: a timer (benchmarks/run.py)
                try:
                    value = inspect.unwrap(value)
                except ValueError:
                    return True
            code = getattr(value, "__code__", None)
            if code is None:
                continue
            where = str(Path(code.co_filename).resolve())
            if not where.startswith((own, *installed)):
                return True
    return False


SUFFIX = ".qc"
MAGIC = b"qanun-qc"
_BYTES = "\0bytes"  # {_BYTES: [offset, length]} in the JSON stands for bytes stored before it in the entry
_TRAILER = 20  # the head's offset (8 bytes) and length (8), and the CRC-32 of everything before the trailer (4)


def _path(folder: Path, key: str) -> Path:
    return folder / key[:2] / f"{key}{SUFFIX}"


class Stored:
    """Bytes kept in an entry on disk, read when asked for: `bytes(stored)`. An act's pages and downloads are
    never all in memory at once, only the one being written (a code's act makes gigabytes of them)."""

    __slots__ = ("path", "offset", "length")

    def __init__(self, path: Path, offset: int, length: int) -> None:
        self.path, self.offset, self.length = path, offset, length

    def __bytes__(self) -> bytes:
        try:
            return zlib.decompress(_read_at(self.path, self.offset, self.length))
        except (OSError, zlib.error) as exc:
            raise changed_while_read(self.path, exc) from None

    def __repr__(self) -> str:
        return f"Stored({str(self.path)!r}, {self.offset}, {self.length})"


def changed_while_read(path: Path, problem: Exception) -> Exception:
    """The error for a cache file that was checked when the build began and cannot be read when it is written."""
    from .errors import BuildError
    from .i18n import _
    return BuildError(_("the build cache changed while this build read it ({path}: {problem}); build again",
                        path=path, problem=problem))


_OPEN: dict[Path, int] = {}  # the entries read last, open: a build reads an act's files one after the other
_OPEN_AT_MOST = 8
_OPEN_LOCK = threading.Lock()


def _read_at(path: Path, offset: int, length: int) -> bytes:
    with _OPEN_LOCK:
        fd = _OPEN.pop(path, None)
        if fd is None:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
            while len(_OPEN) >= _OPEN_AT_MOST:
                os.close(_OPEN.pop(next(iter(_OPEN))))
        _OPEN[path] = fd  # the most recent last
        os.lseek(fd, offset, os.SEEK_SET)
        parts = []
        while length > 0:
            part = os.read(fd, length)
            if not part:
                raise OSError(f"{path} ends before its data")
            parts.append(part)
            length -= len(part)
        return b"".join(parts)


def read_ahead(values: Iterable[bytes | Stored], window: int = 64) -> Iterator[bytes]:
    """`bytes(value)` of each value, in order. A thread reads the stored ones ahead of the caller, `window` at a
    time: zlib and the disk let go of the GIL, so reading overlaps writing the site, and at most two windows of
    values are in memory at once."""
    with ThreadPoolExecutor(1) as pool:
        ahead: deque[Future[list[bytes]]] = deque()
        for chunk in chunked(values, most=window):
            ahead.append(pool.submit(lambda chunk: [bytes(v) for v in chunk], chunk))
            if len(ahead) > 1:
                yield from ahead.popleft().result()
        while ahead:
            yield from ahead.popleft().result()


def close_open() -> None:
    """Close the entries kept open for reading (after a build)."""
    with _OPEN_LOCK:
        while _OPEN:
            os.close(_OPEN.popitem()[1])


class Writer:
    """One entry, written as its parts are made: each bytes value compressed on its own and appended (`put` gives
    the placeholder to keep in the value), then the JSON of the value (`close`), then the trailer. The file is
    renamed into place only when whole, so a reader sees a complete entry or none; `abort` drops it."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
        self.path, self._tmp, self._file = path, Path(tmp), os.fdopen(fd, "wb")
        self._crc = self._size = 0
        self._write(MAGIC)

    def _write(self, data: bytes) -> None:
        self._file.write(data)
        self._crc = zlib.crc32(data, self._crc)
        self._size += len(data)

    def put(self, data: bytes) -> dict[str, list[int]]:
        packed = zlib.compress(data, 1)
        self._write(packed)
        return {_BYTES: [self._size - len(packed), len(packed)]}

    def close(self, key: str, value: Any) -> None:
        """Write `value` (JSON data, placeholders from `put`, and bytes, stored here) and put the entry in place."""
        def out_of_line(o: Any) -> Any:
            if not isinstance(o, bytes):
                raise TypeError(f"cannot cache a {type(o).__name__}")
            return self.put(o)
        head = zlib.compress(json.dumps({"key": key, "value": value}, ensure_ascii=False,
                                        default=out_of_line).encode("utf-8"), 1)
        at = self._size
        self._write(head)
        self._file.write(at.to_bytes(8, "big") + len(head).to_bytes(8, "big") + self._crc.to_bytes(4, "big"))
        self._file.close()
        os.replace(self._tmp, self.path)

    def abort(self) -> None:
        self._file.close()
        self._tmp.unlink(missing_ok=True)

    def __enter__(self) -> Writer:
        return self

    def __exit__(self, kind: type | None, *_exc: object) -> None:
        if kind is not None or not self._file.closed:
            self.abort()


def read(path: Path, key: str) -> Any | None:
    """The value of the entry at `path` with its bytes as `Stored`, if it is whole and made under `key`; else None.
    Every byte of the file is checked against its CRC here, so a damaged entry is rendered again, not believed."""
    try:
        with open(path, "rb") as f:
            size = os.fstat(f.fileno()).st_size - _TRAILER
            if size < len(MAGIC) or f.read(len(MAGIC)) != MAGIC:
                return None
            crc, left = zlib.crc32(MAGIC), size - len(MAGIC)
            while left > 0:
                chunk = f.read(min(left, 1 << 20))
                if not chunk:
                    return None
                crc, left = zlib.crc32(chunk, crc), left - len(chunk)
            trailer = f.read(_TRAILER)
            at, length = int.from_bytes(trailer[:8], "big"), int.from_bytes(trailer[8:16], "big")
            if crc != int.from_bytes(trailer[16:], "big") or not len(MAGIC) <= at == size - length:
                return None
            f.seek(at)
            head = zlib.decompress(f.read(length))
    except (OSError, zlib.error):
        return None

    def stored(o: dict[str, Any]) -> Any:
        where = o.get(_BYTES) if len(o) == 1 else None
        if where is None:
            return o
        start, size_ = where
        if not (isinstance(start, int) and isinstance(size_, int) and len(MAGIC) <= start <= start + size_ <= at):
            raise ValueError("a cache entry pointing outside itself")
        return Stored(path, start, size_)
    try:
        entry = json.loads(head.decode("utf-8"), object_hook=stored)
    except (ValueError, TypeError):
        return None
    if not isinstance(entry, dict) or entry.get("key") != key:
        return None
    return entry["value"]


def load(folder: Path | None, key: str) -> Any | None:
    if folder is None:
        return None
    path = _path(folder, key)
    value = read(path, key)
    if value is not None:
        mark_used(path)
    return value


def writer(folder: Path, key: str) -> Writer:
    """A writer of the entry for `key` in `folder` (OSError where the folder cannot be written)."""
    return Writer(_path(folder, key))


PRUNED = ".pruned"  # in a cache folder: touched when it was last pruned
USED_EVERY = 86_400.0  # seconds: a cached file is marked used at most this often, far below the days it is kept


def mark_used(path: Path) -> None:
    """Mark a cached file used, so that `prune_unused` keeps it: at most once a day. A published DOCX or PDF is the
    downloads cache's very file (`Stager.put_file`), and a new time on it every build would make every download look
    changed to a server or a copy tool; for the other caches it spares a write a file a build."""
    import time

    try:
        if time.time() - path.stat().st_mtime > USED_EVERY:
            os.utime(path)
    except OSError:
        pass  # gone meanwhile, or a read-only cache: it only costs time


def _prune_due(folder: Path | None) -> bool:
    """Whether the cache `folder` was not pruned for a day (and so is now): a prune looks at every cached file,
    some 10,000 for a register, too long to do on each rebuild for files kept a month."""
    import time

    if folder is None or not folder.is_dir():
        return False
    marker = folder / PRUNED
    try:
        if time.time() - marker.stat().st_mtime < 86400:
            return False
    except OSError:
        pass
    try:
        marker.touch()
    except OSError:
        pass  # a read-only cache: pruned each time, as before
    return True


KEEP_DAYS = 30  # an entry unused this long is removed (`prune_unused`)


def prune(folder: Path | None, days: int = KEEP_DAYS) -> None:
    """Remove cached acts unused for `days` days (at most once a day): older formats' entries too, and what a
    killed build left half-written."""
    prune_unused(folder, (f"*/*{SUFFIX}", f"*/.*{SUFFIX}-*", "*/*.z"), days)


def prune_unused(folder: Path | None, patterns: Iterable[str], days: int,
                 companions: Callable[[Path], Iterable[Path]] = lambda path: ()) -> None:
    """Remove the files of a cache `folder` matching `patterns` that were not used (touched) for `days` days, each
    with its `companions`; at most once a day (`_prune_due`). Every cache of qanun is pruned this way."""
    import time

    if folder is None or not _prune_due(folder):
        return
    limit = time.time() - days * 86400
    for pattern in patterns:
        for path in folder.glob(pattern):
            try:
                if path.stat().st_mtime < limit:
                    path.unlink()
                    for other in companions(path):
                        other.unlink(missing_ok=True)
            except OSError:
                pass
