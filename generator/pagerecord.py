"""What the last build published of each act page, so that a rebuild keeps an unchanged page unread (issue 7).

A rebuild of a thousand acts stages some 8,000 act pages, nearly all of them the same bytes as the published
site's: filling each into its shell, reading the file there and comparing them was a third of the rebuild. The
record, kept in the build cache, says for each act page the last build published: the signature of what it was
made from (`signature`: the act's build-cache key, which covers its sources, the acts around it, the day and
qanun's code, with the theme shell and the page's path), the SHA-256 of its bytes, and the published file's size,
modification time and inode. A page made from the same signature, whose published file still has that size, time
and inode, is those bytes: it is staged as that file (`Stager.put_file`), neither filled nor read.

Like make and git, this trusts a file's time: a published page edited by hand in place gets a new modification time
and is filled and written again; a page no older than the record itself is not trusted (it could have been edited
in the same tick of the clock). Without the record (a first build, another output folder, a renderer replaced at
run time), every page is filled and compared as before.
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

FORMAT = "qanun-pages-1"
KEEP_DAYS = 30  # a record not written for this long (its output folder is no longer built) is removed


@dataclass(frozen=True)
class Published:
    signature: str
    digest: str  # SHA-256 of the page's bytes
    stat: tuple[int, int, int]  # the published file's size, modification time (ns), inode


def signature(act_key: str, shell: str, path: str) -> str:
    """What an act page is made from: its act's build-cache key, its theme shell (`shell_digest`) and its path."""
    return hashlib.sha256(f"{FORMAT}\0{act_key}\0{shell}\0{path}".encode("utf-8")).hexdigest()


def shell_digest(before: str, after: str, url: str) -> str:
    return hashlib.sha256(f"{before}\0{after}\0{url}".encode("utf-8")).hexdigest()


def _stat(path: str) -> tuple[int, int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns, st.st_ino


class PageRecord:
    """The record for the site published at `output`, kept in the build cache's `folder` (None: no record), one file
    an output folder."""

    def __init__(self, folder: Path | None, output: Path) -> None:
        self.output = os.path.abspath(output)
        name = hashlib.sha256(self.output.encode("utf-8")).hexdigest()[:16]
        self.file = folder / f"published-pages-{name}.json" if folder is not None else None
        self.pages: dict[str, Published] = {}
        try:
            data = json.loads(self.file.read_text(encoding="utf-8")) if self.file is not None else None
        except (OSError, ValueError):
            data = None  # none yet, or damaged: every page is filled
        if isinstance(data, dict) and data.get("format") == FORMAT and data.get("output") == self.output:
            written = _stat(os.fspath(self.file))  # type: ignore[arg-type]  # read just now
            since = written[1] if written is not None else 0
            # a file as new as the record may have been edited in the same tick of the clock after it was recorded,
            # keeping its time (git's "racy" files): it is filled and compared as before
            self.pages = {path: Published(sig, digest, tuple(stat))
                          for path, (sig, digest, stat) in data.get("pages", {}).items() if stat[1] < since}

    def unchanged(self, path: str, made_from: str) -> str | None:
        """The SHA-256 of the published page `path` (site path) if it was made from `made_from` and its file is still
        the one published; else None (fill it)."""
        known = self.pages.get(path)
        if known is None or known.signature != made_from:
            return None
        return known.digest if _stat(f"{self.output}/{path}") == known.stat else None

    def save(self, made_from: dict[str, str], digests: dict[str, str]) -> None:
        """Record the pages just published: site path → signature (`made_from`), with their SHA-256 (`digests`) and
        their files' stat. The record only saves time: a failure to write it is ignored."""
        if self.file is None:
            return
        from .pipeline import write_text_atomic

        pages = {}
        for path, sig in made_from.items():
            stat = _stat(f"{self.output}/{path}")
            if stat is not None and path in digests:
                pages[path] = [sig, digests[path], list(stat)]
        try:
            write_text_atomic(self.file, json.dumps({"format": FORMAT, "output": self.output, "pages": pages}))
        except OSError:
            pass
        from .buildcache import prune_unused

        prune_unused(self.file.parent, ("published-pages-*.json",), KEEP_DAYS)  # of output folders no longer built


__all__ = ["PageRecord", "signature", "shell_digest"]
