"""Publishing a built site safely: one build per output folder, an atomic swap, recovery, a checksum manifest.

A build writes into a staging folder beside the output (`.site.new-XXXX`, same file system, so renames are
atomic) and publishes it with `Publication.commit`: `SHA256SUMS` first, then the swap. Whatever happens
before the swap (a failing step, a full disk, SIGKILL) leaves the published folder byte-identical.

- **Lock.** `begin` takes an OS lock on `.site.lock` beside the output (`filelock`: flock on POSIX,
  LockFileEx on Windows). The kernel drops it when the process dies, so a killed build never leaves a stale
  lock; a second build of the same folder stops at once with a message.
- **Swap.** On Linux the two folders are exchanged by one `renameat2(RENAME_EXCHANGE)`: at every instant the
  output path holds a complete site. Elsewhere (or on a file system without it) two renames, output →
  `.site.old` then staging → output; a kill between them is repaired by `recover` (the next build, under the
  lock, or `qanun verify`), which puts `.site.old` back.
- **Leftovers.** Staging and work folders of killed builds are removed by the next build, under the lock.
- **Spare.** The site a swap replaced is kept beside the output (`.site.spare`) and becomes the next build's
  staging folder: that build writes only the files that changed and removes the ones it did not write
  (`stager.Stager`), instead of making some 10,000 folders again and removing the old site's. A spare file is never
  written through: it may be a hard link to a file of the published site.
- **Manifest.** `SHA256SUMS` lists every other file as `<sha256>  <path>` (sorted POSIX paths, the format of
  `sha256sum -c`); `verify` checks a copy against it.
"""
from __future__ import annotations

import ctypes
import errno
import hashlib
import os
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from collections.abc import Mapping
from typing import Callable

from .errors import QanunError
from .i18n import _

MANIFEST = "SHA256SUMS"
Progress = Callable[[str], None]


class PublishError(QanunError):
    """Publishing could not go ahead or failed; the published site is as it was."""


class BusyError(PublishError):
    """Another build holds the lock of the same output folder."""


class WriteError(PublishError):
    """Writing the new site failed (full disk, file too large, no permission …) before anything was published."""


# --- names beside the output ------------------------------------------------------------------------------

def lock_path(output: Path) -> Path:
    return output.with_name(f".{output.name}.lock")


def backup_path(output: Path) -> Path:
    """Where the two-rename swap parks the old site for an instant (recover() puts it back)."""
    return output.with_name(f".{output.name}.old")


def spare_path(output: Path) -> Path:
    """The site the last swap replaced, kept to stage the next build in."""
    return output.with_name(f".{output.name}.spare")


def _temp_prefix(output: Path, kind: str) -> str:
    return f".{output.name}.{kind}-"


def _leftovers(output: Path) -> list[Path]:
    """Staging and work folders left by killed builds of this output (only ever removed under the lock)."""
    if not output.parent.is_dir():
        return []
    # mkdtemp's 8 random characters end the name: another output called `site.new-x` is not mistaken for ours
    pattern = re.compile(re.escape(f".{output.name}.") + r"(new|work)-[a-z0-9_]{8}")
    return sorted(p for p in output.parent.iterdir() if pattern.fullmatch(p.name))


# --- the lock ----------------------------------------------------------------------------------------------

def _lock(output: Path):
    """The output folder's lock, taken at once or not at all: a second build is told, never queued."""
    from filelock import FileLock, Timeout

    lock = FileLock(str(lock_path(output)), timeout=0)
    try:
        lock.acquire()
    except Timeout:
        raise BusyError(_("another build of {output} is running; wait for it to finish", output=output)) from None
    except OSError as exc:
        raise PublishError(_("cannot lock {path}: {reason}", path=lock_path(output), reason=_reason(exc))) from None
    return lock


# --- recovery ----------------------------------------------------------------------------------------------

def _recover_unlocked(output: Path, progress: Progress) -> None:
    """Repair what a killed build left (the caller holds the lock)."""
    backup = backup_path(output)
    if backup.exists():
        if output.exists():  # the swap finished; only removing the old site was cut short
            shutil.rmtree(backup, ignore_errors=True)
        else:  # killed between the two renames: the previous site is put back
            os.rename(backup, output)
            progress(_("an interrupted build was found: the previous site was restored in {output}", output=output))
    stale = _leftovers(output)
    for folder in stale:
        shutil.rmtree(folder, ignore_errors=True)
    if stale:
        progress(_("removed {count} folder(s) left by interrupted builds", count=len(stale)))


def needs_recovery(output: Path) -> bool:
    return backup_path(output).exists()


def recover(output: Path, progress: Progress = lambda m: None) -> None:
    """Outside a build (`qanun verify`): repair an interrupted swap, taking the lock only when there is one to
    repair, so that checking a read-only copy writes nothing."""
    output = Path(os.path.abspath(output))
    if not needs_recovery(output):
        return
    lock = _lock(output)
    try:
        _recover_unlocked(output, progress)
    finally:
        lock.release()


# --- a publication: lock, folders, commit, cleanup -----------------------------------------------------------

@dataclass
class Publication:
    """One build's hold on an output folder (mutable by nature: it goes from staged to published or aborted)."""

    output: Path
    staging: Path
    work: Path
    _lock: object = field(repr=False)
    published: bool = False

    @property
    def previous(self) -> Path | None:
        """The site published now, if any: files of the new one that are the same are linked to it (`put`)."""
        return self.output if self.output.is_dir() else None

    def commit(self, known: Mapping[str, str] | None = None) -> int:
        """Write the manifest into the staged site and swap it in; the number of files it lists. `known`: site
        path → SHA-256 of files whose bytes the caller hashed as it wrote them (read back otherwise)."""
        listed = write_manifest(self.staging, known)
        swap(self.staging, self.output)
        self.published = True
        return listed

    def failed(self, exc: BaseException) -> BaseException:
        """The error to raise for a failed build: an OSError before publication becomes a message for people."""
        if not isinstance(exc, OSError) or self.published:
            return exc
        error = _write_error(exc, self.staging)
        error.__cause__ = exc
        return error

    def close(self) -> None:
        """Remove the work folder; keep the old site a swap left in the staging folder as the spare (anything else
        there, a failed build's half-staged site, is removed); then unlock."""
        try:
            shutil.rmtree(self.work, ignore_errors=True)
            if self.published and self.staging.is_dir():
                try:
                    os.rename(self.staging, spare_path(self.output))
                except OSError:
                    pass  # removed below: the next build stages afresh
            shutil.rmtree(self.staging, ignore_errors=True)
        finally:
            self._lock.release()  # type: ignore[attr-defined]


def begin(output: Path, progress: Progress = lambda m: None) -> Publication:
    """Lock `output`, repair what a killed build left, and make fresh staging and work folders beside it."""
    output = Path(os.path.abspath(output))
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PublishError(_("cannot create {path}: {reason}", path=output.parent, reason=_reason(exc))) from None
    if output.exists() and not output.is_dir():
        raise PublishError(_("{output} is a file, not a site folder: give another --output", output=output))
    lock = _lock(output)
    try:
        _recover_unlocked(output, progress)
        staging = Path(tempfile.mkdtemp(prefix=_temp_prefix(output, "new"), dir=output.parent))
        _take_spare(output, staging)
        staging.chmod(0o755)  # mkdtemp makes it private; the web server must read the published site
        work = Path(tempfile.mkdtemp(prefix=_temp_prefix(output, "work"), dir=output.parent))
    except BaseException as exc:
        lock.release()
        if isinstance(exc, OSError):
            raise _write_error(exc, output.parent) from None
        raise
    return Publication(output, staging, work, lock)


def _take_spare(output: Path, staging: Path) -> None:
    """Move the spare (an earlier site) into the empty staging folder's place, if there is one."""
    spare = spare_path(output)
    if not spare.is_dir():
        return
    try:
        os.rmdir(staging)  # Windows renames onto no existing folder, empty or not
        os.rename(spare, staging)
    except OSError:
        os.makedirs(staging, exist_ok=True)  # no spare after all: a fresh staging folder
        shutil.rmtree(spare, ignore_errors=True)


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def _write_error(exc: OSError, where: Path) -> WriteError:
    path = exc.filename2 or exc.filename or where  # a failed copy names the source first, its target second
    if out_of_space(exc):
        return WriteError(_("could not write {path}: {reason}; the published site was not changed",
                            path=path, reason=_reason(exc)))
    return WriteError(_("file error at {path}: {reason}; the published site was not changed",
                        path=path, reason=_reason(exc)))


# No room, file too large (RLIMIT_FSIZE, FAT32's 4 GB), quota exceeded, read-only file system
_NO_SPACE = {errno.ENOSPC, errno.EFBIG, errno.EROFS, getattr(errno, "EDQUOT", errno.ENOSPC)}


def out_of_space(exc: BaseException) -> bool:
    """Whether an error means the disk refused the write (as opposed to a bug or a missing input)."""
    return isinstance(exc, OSError) and exc.errno in _NO_SPACE


# --- the swap ------------------------------------------------------------------------------------------------

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _load_renameat2() -> Callable[..., int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        func = ctypes.CDLL(None, use_errno=True).renameat2  # glibc 2.28+, musl 1.1.24+
    except (OSError, AttributeError):
        return None
    func.argtypes = (ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint)
    func.restype = ctypes.c_int
    return func


_renameat2 = _load_renameat2()


def exchange(a: Path, b: Path) -> bool:
    """Atomically exchange two existing paths (Linux renameat2); False when the system or file system cannot."""
    if _renameat2 is None:
        return False
    if _renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP):
        return False
    raise OSError(err, os.strerror(err), str(b))


def swap(staging: Path, output: Path) -> None:
    """Put `staging` at `output`. Afterwards `staging` holds the old site (or nothing), for the caller to remove."""
    if not output.exists():
        os.rename(staging, output)
        return
    if exchange(staging, output):
        return
    backup = backup_path(output)
    shutil.rmtree(backup, ignore_errors=True)
    os.rename(output, backup)
    try:
        os.rename(staging, output)
    except BaseException:
        os.rename(backup, output)  # the old site goes straight back
        raise
    # The old site is parked where close() removes it; a kill before that leaves .old, which recover() removes.
    os.rename(backup, staging)


# --- the manifest ----------------------------------------------------------------------------------------------

def _file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def site_files(site: Path) -> list[str]:
    """Every file of the site except the manifest, as sorted POSIX paths relative to it."""
    found: list[str] = []

    def visit(folder: str, prefix: str) -> None:
        with os.scandir(folder) as entries:  # the directory's own file types: no stat a file (20,000 at 1,000 acts)
            for entry in entries:
                if entry.is_dir():
                    visit(entry.path, f"{prefix}{entry.name}/")
                elif entry.is_file():
                    found.append(prefix + entry.name)
    visit(str(site), "")
    return sorted(name for name in found if name != MANIFEST)


def _escape(name: str) -> tuple[str, str]:
    """sha256sum's escaping: a name holding a backslash or a line break is written escaped, the line marked `\\`."""
    if "\\" not in name and "\n" not in name and "\r" not in name:
        return "", name
    return "\\", name.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r")


def _unescape(name: str) -> str:
    out, i = [], 0
    while i < len(name):
        if name[i] == "\\" and i + 1 < len(name):
            out.append({"\\": "\\", "n": "\n", "r": "\r"}.get(name[i + 1], name[i + 1]))
            i += 2
        else:
            out.append(name[i])
            i += 1
    return "".join(out)


def manifest_text(site: Path, known: Mapping[str, str] | None = None) -> str:
    """SHA256SUMS of the site, in sha256sum's format, a line a file (sorted)."""
    lines = []
    known = known or {}
    for name in site_files(site):
        mark, written = _escape(name)
        lines.append(f"{mark}{known.get(name) or _file_hash(site / name)}  {written}\n")
    return "".join(lines)


def write_manifest(site: Path, known: Mapping[str, str] | None = None) -> int:
    """Write the site's SHA256SUMS; the number of files it lists."""
    text = manifest_text(site, known)
    (site / MANIFEST).write_bytes(text.encode("utf-8"))
    return text.count("\n")


def read_manifest(site: Path) -> dict[str, str]:
    """Path → hash, as listed in the site's SHA256SUMS; a malformed line is an error naming its number."""
    path = site / MANIFEST
    try:
        text = path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        raise PublishError(_("{path} is missing: this folder was not built by qanun, or the manifest was removed",
                             path=path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise PublishError(_("cannot read {path}: {reason}", path=path, reason=str(exc))) from None
    listed: dict[str, str] = {}
    for number, line in enumerate(text.split("\n"), 1):
        if not line:
            continue
        escaped = line.startswith("\\")
        digest, sep, name = line[escaped:].partition("  ")
        if not sep or len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest) or not name:
            raise PublishError(_("{path}:{line}: not a line of the form `<sha256>  <file>`", path=path, line=number))
        listed[_unescape(name) if escaped else name] = digest
    return listed


@dataclass(frozen=True)
class Verification:
    """What `verify` found: files whose content differs, listed files that are gone, files nobody listed."""

    listed: int
    changed: tuple[str, ...]
    missing: tuple[str, ...]
    unlisted: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not (self.changed or self.missing or self.unlisted)


def verify(site: Path, progress: Progress = lambda m: None) -> Verification:
    """Check a site folder (or a copy of it) against its SHA256SUMS. An interrupted build is repaired first."""
    site = Path(os.path.abspath(site))
    recover(site, progress)
    if not site.is_dir():
        raise PublishError(_("{path} is not a folder", path=site))
    listed = read_manifest(site)
    present = set(site_files(site))
    changed, missing = [], []
    for name, digest in sorted(listed.items()):
        if name not in present:
            missing.append(name)
        elif _file_hash(site / name) != digest:
            changed.append(name)
    unlisted = sorted(present - set(listed))
    return Verification(len(listed), tuple(changed), tuple(missing), tuple(unlisted))
