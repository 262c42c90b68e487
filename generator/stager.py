"""Writing the files of a site into its staging folder (publish.py makes the folder and swaps it in).

The staging folder may hold an earlier site, the spare (`publish.begin`): a rebuild writes only the files that
changed and removes the rest, instead of making some 10,000 folders again. A file of the spare may be a hard
link to the published site's, so it is never written through, only replaced.
"""
from __future__ import annotations

import errno
import hashlib
import os
import shutil
from pathlib import Path


class Stager:
    """Writes the files of a site into its staging folder (`written`: site path → SHA-256, for the manifest).

    The staging folder may hold an earlier site (the spare, `publish.begin`). A file already there with the same bytes is
    kept; otherwise, where the published site `previous` has a file of the same name and bytes (most files of a
    rebuild), the staged file is a hard link to it; otherwise it is written. A DOCX or PDF of the build cache is a
    hard link to its cache file (`put_file`). A file that was there is replaced, never written through: it may be a
    hard link to the published site or to the cache. `sweep` then removes whatever of the
    earlier site was not staged again. Each folder is made once, parents first. A file staged twice:
    FileExistsError."""

    def __init__(self, site: Path, previous: Path | None) -> None:
        self.site = os.fspath(site)
        self.previous = os.fspath(previous) if previous is not None else None
        self.written: dict[str, str] = {}
        self._folders: set[str] = {""}
        with os.scandir(self.site) as entries:
            self._spare = any(True for _entry in entries)  # an earlier site to bring up to date, or an empty folder

    def put(self, name: str, data: bytes) -> None:
        self._stage(name, data, None, None)

    def put_file(self, name: str, path: str, digest: str) -> None:
        """Stage the file at `path`, whose SHA-256 is known to be `digest` (a document of the build cache, or the
        published site's file of an unchanged act: filerecord.py), as `name`: linked to it, neither read nor written
        nor hashed, or copied where it cannot be linked (another file system). A file already there that is that very
        file (linked by the build before) is kept without reading either."""
        if self._spare and name not in self.written and _is(f"{self.site}/{name}", path):
            self._folders.update(parents(name.rpartition("/")[0]))
            self.written[name] = digest
            return
        self._stage(name, None, path, digest)

    def _stage(self, name: str, data: bytes | None, link: str | None, digest: str | None) -> None:
        """`data`, or the file `link` whose SHA-256 is `digest` (read only when it must be compared or copied),
        staged as `name`."""
        if name in self.written:
            raise FileExistsError(errno.EEXIST, "staged twice", f"{self.site}/{name}")
        folder = name.rpartition("/")[0]
        target = f"{self.site}/{name}"
        if data is None and self._spare:
            data = _read(link)  # to compare with the file there
        there = _same(target, data) if self._spare else None
        if folder not in self._folders:
            if there is None:
                self._make(folder)
            else:  # a file is there: so is its folder
                self._folders.update(parents(folder))
        if there is False and os.path.isdir(target):  # the earlier site had a folder of that name
            shutil.rmtree(target)
            there = None
        if there is not True:
            fresh = f"{target}.qanun-new" if there is False else target  # another file there: replaced, below
            if not self._linked(link, fresh):
                data = _read(link) if data is None else data
                if self.previous is None or not self._link(f"{self.previous}/{name}", fresh, data):
                    with open(fresh, "xb") as f:
                        f.write(data)
            if there is False:
                os.replace(fresh, target)
        self.written[name] = digest or hashlib.sha256(data).hexdigest()

    def adopt(self, folder: Path, under: str = "") -> None:
        """Stage every file of `folder` (what mkdocs or Pagefind built there) at the same path, or `under` a
        folder of the site."""
        base = os.fspath(folder)
        for top, dirs, files in os.walk(base):
            prefix = os.path.relpath(top, base).replace(os.sep, "/")
            prefix = under if prefix == "." else f"{under}/{prefix}" if under else prefix
            for file in files:
                with open(os.path.join(top, file), "rb") as f:
                    self.put(f"{prefix}/{file}" if prefix else file, f.read())

    def sweep(self) -> int:
        """Remove every file and folder of the staging folder that was not staged (what is left of the spare);
        the number of files removed."""
        removed = 0
        for top, dirs, files in os.walk(self.site, topdown=False):
            prefix = os.path.relpath(top, self.site).replace(os.sep, "/")
            prefix = "" if prefix == "." else f"{prefix}/"
            for file in files:
                if f"{prefix}{file}" not in self.written:
                    os.unlink(os.path.join(top, file))
                    removed += 1
            for folder in dirs:
                if f"{prefix}{folder}" not in self._folders:
                    shutil.rmtree(os.path.join(top, folder), ignore_errors=True)
        return removed

    @staticmethod
    def _linked(source: str | None, target: str) -> bool:
        if source is None:
            return False
        try:
            os.link(source, target)
            return True
        except FileExistsError:
            raise
        except OSError:
            return False  # another file system, no hard links here: written instead

    @staticmethod
    def _link(old: str, target: str, data: bytes) -> bool:
        """Link `target` to the file `old` if it holds `data` (compared byte for byte: a file edited by hand is
        written again)."""
        return _same(old, data) is True and Stager._linked(old, target)

    def _make(self, folder: str) -> None:
        parent = folder.rpartition("/")[0]
        if parent not in self._folders:
            self._make(parent)
        path = f"{self.site}/{folder}"
        try:
            os.mkdir(path)
        except FileExistsError:
            if not os.path.isdir(path):  # the earlier site had a file of that name
                os.unlink(path)
                os.mkdir(path)
        self._folders.add(folder)


def parents(folder: str) -> list[str]:
    """A folder of the site and the folders it is in: "a/b" → ["a/b", "a"]."""
    out = []
    while folder:
        out.append(folder)
        folder = folder.rpartition("/")[0]
    return out


def _read(path: str | None) -> bytes:
    with open(path, "rb") as f:  # type: ignore[arg-type]  # only called with a file to read
        return f.read()


def _is(path: str, other: str) -> bool:
    """Whether `path` is the file `other` (the same inode), without reading either."""
    try:
        return os.path.samefile(path, other)
    except OSError:
        return False  # nothing at either path


def _same(path: str, data: bytes) -> bool | None:
    """Whether the file at `path` holds `data`, compared byte for byte (a file edited by hand is written again);
    None if there is no file."""
    try:
        fd = os.open(path, os.O_RDONLY)  # not open(): its file object cost more than reading a page (19,000 a build)
    except (FileNotFoundError, NotADirectoryError):  # nothing there, or a file where a folder of the path goes
        return None
    except OSError:
        return False  # unreadable: replaced
    try:
        return os.fstat(fd).st_size == len(data) and os.read(fd, len(data) + 1) == data  # a short read: rewritten
    except OSError:
        return False  # a folder: replaced
    finally:
        os.close(fd)


__all__ = ["Stager", "parents"]
