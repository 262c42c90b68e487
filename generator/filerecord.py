"""What a build knew of the files it left behind, so that the next one trusts them unread (issue 7).

A rebuild of a thousand acts stages some 14,000 files that are the same bytes as the published site's (act pages,
versions' data, AKN/JSON), and checks some 4,000 cached DOCX/PDF against their checksums: reading, filling,
comparing and hashing them was most of the rebuild. A record says, for each such file the build published or
checked: what it was made from (for an act page, the act's build-cache key, which covers its sources, the acts
around it, the day and qanun's code, with the theme shell and the page's path; for a cached document, its content
key), the SHA-256 of its bytes, and the file's size, modification time and inode. A file made from the same thing,
whose size, time and inode are still those recorded, is those bytes: it is used as it is, neither read nor made.

Like make and git, this trusts a file's time: a file edited by hand in place gets a new modification time and is
made (or checked) and written again; a file no older than the record itself is not trusted (it could have been
edited in the same tick of the clock). A file replaced is a new inode: qanun never writes one through. Without a
record (a first build, another output folder, a renderer replaced at run time), every file is made and compared.
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

FORMAT = "qanun-files-1"
KEEP_DAYS = 30  # a record not written for this long (its folder is no longer built) is removed


@dataclass(frozen=True)
class Known:
    made_from: str
    digest: str  # SHA-256 of the file's bytes
    stat: tuple[int, int, int]  # the file's size, modification time (ns), inode


def signature(*parts: str) -> str:
    """A signature of what a file is made from."""
    return hashlib.sha256("\0".join((FORMAT, *parts)).encode("utf-8")).hexdigest()


def _stat(path: str) -> tuple[int, int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns, st.st_ino


class FileRecord:
    """The record of the files in `base` (a published site, a cache folder), kept in `folder` (None: no record) as
    one file for each `kind` and `base`."""

    def __init__(self, folder: Path | None, base: Path, kind: str) -> None:
        self.base = os.path.abspath(base)
        name = hashlib.sha256(self.base.encode("utf-8")).hexdigest()[:16]
        self.kind = kind
        self.file = folder / f"{kind}-{name}.json" if folder is not None else None
        self.files: dict[str, Known] = {}
        try:
            data = json.loads(self.file.read_text(encoding="utf-8")) if self.file is not None else None
        except (OSError, ValueError):
            data = None  # none yet, or damaged: every file is made and compared
        if isinstance(data, dict) and data.get("format") == FORMAT and data.get("base") == self.base:
            written = _stat(os.fspath(self.file))  # type: ignore[arg-type]  # read just now
            since = written[1] if written is not None else 0
            # a file as new as the record may have been edited in the same tick of the clock after it was recorded,
            # keeping its time (git's "racy" files): it is made and compared as before
            self.files = {path: Known(sig, digest, tuple(stat))
                          for path, (sig, digest, stat) in data.get("files", {}).items() if stat[1] < since}

    def unchanged(self, path: str, made_from: str) -> str | None:
        """The SHA-256 of the file `path` (relative to the base) if it was made from `made_from` and is still the file
        recorded; else None (make it, or check it)."""
        known = self.files.get(path)
        if known is None or known.made_from != made_from:
            return None
        return known.digest if _stat(f"{self.base}/{path}") == known.stat else None

    def save(self, made: dict[str, str], digests: dict[str, str]) -> None:
        """Record the files just published or checked: path → what it was made from (`made`), with their SHA-256
        (`digests`) and their stat. The record only saves time: a failure to write it is ignored."""
        if self.file is None:
            return
        from .buildcache import prune_unused
        from .pipeline import write_text_atomic

        files = {}
        for path, sig in made.items():
            stat = _stat(f"{self.base}/{path}")
            if stat is not None and path in digests:
                files[path] = [sig, digests[path], list(stat)]
        try:
            write_text_atomic(self.file, json.dumps({"format": FORMAT, "base": self.base, "files": files}))
        except OSError:
            pass
        prune_unused(self.file.parent, (f"{self.kind}-*.json",), KEEP_DAYS)  # of folders no longer built


__all__ = ["FileRecord", "signature"]
