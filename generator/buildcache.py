"""The per-act build cache (issue 7): a rebuild re-renders only the acts whose outputs can have changed.

Everything `qanun build` writes for one act (its pages, its versions' data, search entries, Akoma Ntoso and
JSON downloads, and the content keys of its DOCX/PDF, which `downloads.py` caches by themselves) depends on
the act and on the acts it is linked to by changes: the acts that amend or repeal it (the notes, the lists of
amending acts, the links) and the acts it amends (the places it changed), and on those acts' own amending
acts, whose changes make the versions an amending act points into. So an act's key hashes, for every act
within two change links of it, its source model (`repr` of the frozen dataclasses, which is all of it) and
its URL, plus the day described and the code of the `generator` package. A new amending act therefore
re-renders itself, the acts it changes and their neighbours; every other act comes from
`build/cache/acts/`. The cache holds JSON (text only, never pickles: a shared CI cache must not be able to
run code), compressed, written atomically; anything unreadable is simply rendered again. Bytes (the pages'
content, the data and downloads) are kept out of the JSON, after it, as they are: a rebuild reads some 300 MB
of them, and decoding them as JSON strings took longer than everything else of reading the cache.

The output does not depend on the cache: `tests/test_incremental.py` checks that a rebuild after a new
amending act is byte for byte a clean build.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import zlib
from collections import defaultdict
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .model import Act
    from .render.urls import Urls

FORMAT = "qanun-acts-3"  # bump to drop every cached act


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


def act_keys(acts: dict[str, Act], urls: Urls, as_of: dt.date, extra: str = "") -> dict[str, str]:
    """Act id → the key of everything built for it (see the module's docstring)."""
    own = {a: hashlib.sha256(f"{repr(act)}\0{urls.work(a)}".encode()).hexdigest() for a, act in acts.items()}
    near = neighbours(acts)
    base = f"{code_fingerprint()}\0{as_of.isoformat()}\0{extra}"
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
_MODULES = ("site", "pages", "shells", "linkcheck", "downloads", "pipeline", "notes", "language", "textedit",
            "render.html", "render.compare_html", "render.layout", "render.jsonout", "render.akn", "render.urls",
            "render.docx")


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


SUFFIX = ".qc.z"
_BYTES = "\0bytes"  # {_BYTES: [offset, length]} in the JSON stands for bytes in the blob after it


def _path(folder: Path, key: str) -> Path:
    return folder / key[:2] / f"{key}{SUFFIX}"


def pack(key: str, value: Any) -> bytes:
    """`value` (JSON data, and bytes) as one compressed entry: the JSON's length, the JSON, the bytes."""
    blob: list[bytes] = []
    size = 0

    def out_of_line(o: Any) -> Any:
        nonlocal size
        if not isinstance(o, bytes):
            raise TypeError(f"cannot cache a {type(o).__name__}")
        blob.append(o)
        size += len(o)
        return {_BYTES: [size - len(o), len(o)]}
    head = json.dumps({"key": key, "value": value}, ensure_ascii=False, default=out_of_line).encode("utf-8")
    return zlib.compress(b"".join([len(head).to_bytes(8, "big"), head, *blob]), 1)


def unpack(data: bytes) -> dict[str, Any]:
    """What `pack` packed ({"key": …, "value": …}); ValueError (or zlib.error) for anything else."""
    raw = zlib.decompress(data)
    length = int.from_bytes(raw[:8], "big")
    if len(raw) < 8 + length:
        raise ValueError("a truncated cache entry")
    view = memoryview(raw)[8 + length:]

    def in_line(o: dict[str, Any]) -> Any:
        where = o.get(_BYTES) if len(o) == 1 else None
        if where is None:
            return o
        start, size = where
        if not (0 <= start <= start + size <= len(view)):
            raise ValueError("a cache entry pointing outside itself")
        return bytes(view[start:start + size])
    entry = json.loads(raw[8:8 + length].decode("utf-8"), object_hook=in_line)
    if not isinstance(entry, dict):
        raise ValueError("not a cache entry")
    return entry


def load(folder: Path | None, key: str) -> Any | None:
    if folder is None:
        return None
    path = _path(folder, key)
    try:
        data = unpack(path.read_bytes())
    except (OSError, ValueError, TypeError, zlib.error):
        return None
    if data.get("key") != key:
        return None
    try:
        os.utime(path)  # used: kept by prune
    except OSError:
        pass
    return data["value"]


def save(folder: Path | None, key: str, value: Any) -> None:
    if folder is None:
        return
    from .pipeline import write_bytes_atomic

    try:
        write_bytes_atomic(_path(folder, key), pack(key, value))
    except OSError:
        pass  # the cache only saves time: a read-only checkout builds without it


def prune(folder: Path | None, days: int = 30) -> None:
    """Remove cached acts unused for `days` days."""
    import time

    if folder is None or not folder.is_dir():
        return
    limit = time.time() - days * 86400
    for path in folder.glob("*/*.z"):  # older formats' entries too
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
        except OSError:
            pass
