"""Publishing safety (issue 8, item 3): killed, starved, failing and concurrent builds never damage the published
site; SHA256SUMS and `qanun verify` check a copy.

The real thing: a copy of the project is built once (the previous site), then real `qanun build` processes on
changed sources are SIGKILLed at chosen moments — found from outside by watching the staging folder fill, or,
for moments too short to hit from outside, from inside by tests/publish_harness.py — starved of disk with
RLIMIT_FSIZE, broken, or run twice at once. Afterwards the SHA-256 of every file is compared with the previous
site, a new build must succeed and `qanun verify` must pass. The cases and their outcomes are rows of
docs/hostile-inputs.md (tests/hostile_cases.py).
"""
from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest

from conftest import ROOT
from generator import publish
from generator.cli import main
from hostile_cases import (LOCKED, REPORTED, SERIALISED, SITE_KEPT, SITE_KEPT_OR_NEW, SITE_NEW, SITE_RESTORED,
                           STEP_FAILED, WRITE_FAILED, case, check)

AS_OF = "2026-01-01"
HARNESS = Path(__file__).resolve().parent / "publish_harness.py"
POSIX = os.name == "posix"
EXCHANGE = publish._renameat2 is not None
LOCK_MESSAGE = "another build of"
NOT_CHANGED = "the published site was not changed"


# --- helpers -------------------------------------------------------------------------------------------------

def checksums(site: Path) -> dict[str, str]:
    """Every file of a folder (the manifest included) → its SHA-256."""
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def state(site: Path, before: dict[str, str]) -> str:
    """What a kill left at the output path, read without repairing anything: the previous site, a complete new
    one (every file exactly as its own SHA256SUMS lists), no site, or anything else (a damaged site)."""
    if not site.is_dir():
        return "missing"
    now = checksums(site)
    if now == before:
        return "previous"
    try:
        listed = publish.read_manifest(site)
    except publish.PublishError as exc:
        return f"damaged: {exc}"
    if listed == {k: v for k, v in now.items() if k != publish.MANIFEST}:
        return "new"
    return "damaged: files differ from SHA256SUMS"


@dataclass
class Project:
    """A copy of the project (acts, site, mkdocs.yml; no meetings, so builds stay quick) and its output folder."""

    root: Path
    out: Path
    builds: int = 0

    def bump(self) -> None:
        """Change a source, so that the next build publishes a different site."""
        self.builds += 1
        home = self.root / "site" / "index.md"
        home.write_text(home.read_text(encoding="utf-8") + f"\nTest build {self.builds}.\n", encoding="utf-8")

    def argv(self, point: str = "none") -> list[str]:
        return [sys.executable, str(HARNESS), point, "-C", str(self.root), "build", "--output", str(self.out),
                "--as-of", AS_OF]

    def start(self, point: str = "none", **kwargs) -> subprocess.Popen:
        return subprocess.Popen(self.argv(point), env=_env(), cwd=ROOT, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True, encoding="utf-8", **kwargs)

    def run(self, point: str = "none", **kwargs) -> subprocess.CompletedProcess:
        return subprocess.run(self.argv(point), env=_env(), cwd=ROOT, capture_output=True, text=True,
                              encoding="utf-8", timeout=600, **kwargs)

    def run_changed(self, point: str) -> tuple[subprocess.CompletedProcess, dict[str, str]]:
        """A source changed, then a build killed at `point`: the build, and the published site's checksums before."""
        before = checksums(self.out)
        self.bump()
        return self.run(point), before

    def staging(self) -> Path | None:
        return next(iter(sorted(self.out.parent.glob(f".{self.out.name}.new-*"))), None)

    def built(self) -> Path | None:
        """Where the running build's mkdocs writes (in its work folder)."""
        return next(iter(sorted(self.out.parent.glob(f".{self.out.name}.work-*/built"))), None)

    def drop_spare(self) -> None:
        shutil.rmtree(publish.spare_path(self.out), ignore_errors=True)

    def beside(self) -> list[str]:
        """What is beside the site but its lock and the spare (the site the last swap replaced, kept on purpose)."""
        spare = publish.spare_path(self.out)
        assert not spare.exists() or (spare / publish.MANIFEST).is_file()  # a whole earlier site, if any
        return [name for name in names(self.out.parent) if name != spare.name]


def names(folder: Path) -> list[str]:
    """What a folder holds, but the lock file (kept on POSIX, where removing it would be unsafe; removed on Windows)."""
    return sorted(p.name for p in folder.iterdir() if p.name != ".site.lock")


def _env() -> dict[str, str]:
    # English messages; the repository's cache of rendered DOCX/PDF (checksummed, so a killed build cannot spoil it)
    return {**os.environ, "QANUN_LANG": "en", "QANUN_CACHE": str(ROOT / "build" / "cache")}


def verify(site: Path) -> int:
    return main(["verify", str(site)])


def rebuild_and_verify(project: Project) -> None:
    """After any mishap: a new build succeeds, verifies, and nothing is left beside the site but its lock (and the
    spare)."""
    project.bump()
    done = project.run()
    assert done.returncode == 0, done.stderr
    assert verify(project.out) == 0
    assert project.beside() == [project.out.name]
    assert state(project.out, {}) == "new"


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Project:
    base = tmp_path_factory.mktemp("publish")
    root = base / "project"
    for name in ("acts", "site"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    p = Project(root, base / "out" / "site")
    done = p.run()
    assert done.returncode == 0, done.stderr
    return p


def wait_for(proc: subprocess.Popen, ready: Callable[[], bool], what: str) -> None:
    """Poll (1 ms) until `ready()`; the build ending first is a failure of the test's timing, reported as such."""
    deadline = time.monotonic() + 300  # only against a hang; never reached by a working build
    while not ready():
        if proc.poll() is not None:
            pytest.fail(f"the build ended (status {proc.returncode}) before {what}: {proc.stderr.read()}")
        if time.monotonic() > deadline:
            pytest.fail(f"no {what} after 300 s")
        time.sleep(0.001)


def kill(proc: subprocess.Popen) -> None:
    proc.kill()  # SIGKILL on POSIX, TerminateProcess on Windows
    proc.communicate()


# --- the manifest and `qanun verify` -----------------------------------------------------------------------------

def _tiny_site(folder: Path) -> Path:
    for name, text in {"index.html": "<p>home</p>", "akn/a b/ə.html": "x", "z/y.json": "{}"}.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_manifest_lists_every_other_file_sorted_in_sha256sum_format(tmp_path):
    site = _tiny_site(tmp_path)
    publish.write_manifest(site)
    lines = (site / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    assert [line.split("  ", 1)[1] for line in lines] == ["akn/a b/ə.html", "index.html", "z/y.json"]
    assert lines[1] == hashlib.sha256(b"<p>home</p>").hexdigest() + "  index.html"
    again = (site / "SHA256SUMS").read_bytes()
    publish.write_manifest(site)  # the manifest does not list itself: writing it twice gives the same bytes
    assert (site / "SHA256SUMS").read_bytes() == again
    assert publish.verify(site).ok


@pytest.mark.skipif(not POSIX, reason="file names with a backslash or a line break exist on POSIX only")
def test_odd_file_names_are_escaped_as_sha256sum_does(tmp_path):
    site = _tiny_site(tmp_path)
    (site / "back\\slash").write_text("1")
    (site / "line\nbreak").write_text("2")
    publish.write_manifest(site)
    assert set(publish.read_manifest(site)) == {"akn/a b/ə.html", "index.html", "z/y.json", "back\\slash",
                                                "line\nbreak"}
    assert publish.verify(site).ok
    if shutil.which("sha256sum"):
        assert subprocess.run(["sha256sum", "-c", "--quiet", "SHA256SUMS"], cwd=site).returncode == 0


def test_verify_without_a_manifest_or_with_a_broken_one_says_so(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("QANUN_LANG", "en")
    site = _tiny_site(tmp_path / "site")
    assert verify(site) == 1
    assert "SHA256SUMS is missing" in capsys.readouterr().err
    (site / "SHA256SUMS").write_text("not a checksum  index.html\n", encoding="utf-8")
    assert verify(site) == 1
    assert "SHA256SUMS:1: not a line of the form" in capsys.readouterr().err
    assert verify(tmp_path / "nothing") == 1
    assert "is not a folder" in capsys.readouterr().err


def test_the_built_site_verifies_and_passes_sha256sum(project, monkeypatch, capsys):
    monkeypatch.setenv("QANUN_LANG", "en")
    assert verify(project.out) == 0
    out = capsys.readouterr().out
    assert out.startswith("ok: ") and "match SHA256SUMS" in out
    listed = publish.read_manifest(project.out)
    assert set(listed) == set(checksums(project.out)) - {"SHA256SUMS"}
    if shutil.which("sha256sum"):
        done = subprocess.run(["sha256sum", "-c", "--quiet", "SHA256SUMS"], cwd=project.out, capture_output=True)
        assert done.returncode == 0, done.stdout


def _tamper(site: Path, how: str) -> str:
    """Damage a copy; returns the line `qanun verify` must print."""
    if how == "changed-byte":
        page = site / "index.html"
        data = bytearray(page.read_bytes())
        data[100] ^= 1
        page.write_bytes(bytes(data))
        return "changed: index.html"
    if how == "missing-file":
        (site / "404.html").unlink()
        return "missing: 404.html"
    if how == "extra-file":
        (site / "akn" / "extra.html").write_text("<p>added</p>", encoding="utf-8")
        return "unlisted: akn/extra.html"
    manifest = site / "SHA256SUMS"
    lines = manifest.read_text(encoding="utf-8").splitlines(keepends=True)
    manifest.write_text("".join(line for line in lines if not line.endswith("  feed.xml\n")), encoding="utf-8")
    return "unlisted: feed.xml"


@pytest.mark.parametrize("how", ["changed-byte", "missing-file", "extra-file", "manifest-line-removed"])
def test_verify_reports_each_tampered_file(project, tmp_path, how, monkeypatch, capsys):
    monkeypatch.setenv("QANUN_LANG", "en")
    copy = tmp_path / "copy"
    shutil.copytree(project.out, copy)
    expected = _tamper(copy, how)
    status = verify(copy)
    lines = capsys.readouterr().out.splitlines()
    found = status == 1 and lines[:-1] == [expected] and "does not match SHA256SUMS" in lines[-1]
    assert check(case("publish", how), REPORTED if found else f"status {status}: {lines}") == REPORTED


def test_verify_reports_all_problems_at_once(project, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("QANUN_LANG", "en")
    copy = tmp_path / "copy"
    shutil.copytree(project.out, copy)
    expected = [_tamper(copy, how) for how in ("changed-byte", "missing-file", "extra-file")]
    assert verify(copy) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[:-1] == expected
    assert "1 changed, 1 missing, 1 unlisted" in lines[-1]


# --- the lock, the swap and recovery (in-process) ---------------------------------------------------------------

def test_a_second_publication_of_the_same_folder_is_refused_until_the_first_ends(tmp_path, monkeypatch):
    monkeypatch.setenv("QANUN_LANG", "en")
    out = tmp_path / "site"
    first = publish.begin(out)
    with pytest.raises(publish.BusyError, match=re.escape(f"another build of {out} is running; wait for it to finish")):
        publish.begin(out)
    first.close()
    publish.begin(out).close()
    assert names(tmp_path) == []


@pytest.mark.parametrize("exchange", [True, False], ids=["renameat2", "two-renames"])
def test_swap_publishes_and_keeps_only_the_old_site_as_the_spare(tmp_path, monkeypatch, exchange):
    """Nothing is left beside the site but the one it replaced, the next build's staging folder."""
    if exchange and not EXCHANGE:
        pytest.skip("renameat2(RENAME_EXCHANGE) is not available here")
    if not exchange:
        monkeypatch.setattr(publish, "_renameat2", None)
    out = tmp_path / "site"
    for n in (1, 2, 3):  # the first publication has no old site to swap with
        p = publish.begin(out)
        assert sorted(f.name for f in p.staging.iterdir()) == ([] if n < 3 else ["SHA256SUMS", "index.html"])
        (p.staging / "index.html").unlink(missing_ok=True)
        (p.staging / "index.html").write_text(f"v{n}")
        p.commit()
        p.close()
        assert (out / "index.html").read_text() == f"v{n}" and publish.verify(out).ok
        assert names(tmp_path) == (["site"] if n == 1 else [".site.spare", "site"])
        if n > 1:
            assert (tmp_path / ".site.spare" / "index.html").read_text() == f"v{n - 1}"


def test_recovery_puts_back_a_site_moved_aside_and_removes_leftovers(tmp_path, monkeypatch):
    monkeypatch.setenv("QANUN_LANG", "en")
    out = tmp_path / "site"
    (tmp_path / ".site.old").mkdir()
    (tmp_path / ".site.old" / "index.html").write_text("previous")
    for leftover in (".site.new-abcd_123", ".site.work-0000zzzz"):
        (tmp_path / leftover / "x").mkdir(parents=True)
    (tmp_path / ".site.new-x.new-abcdefgh").mkdir()  # another output's staging folder (named `site.new-x`)
    said: list[str] = []
    publish.begin(out, said.append).close()
    assert (out / "index.html").read_text() == "previous"
    assert names(tmp_path) == [".site.new-x.new-abcdefgh", "site"]
    assert said == [f"an interrupted build was found: the previous site was restored in {out}",
                    "removed 2 folder(s) left by interrupted builds"]


def test_recovery_after_a_completed_swap_removes_only_the_old_site(tmp_path):
    out = tmp_path / "site"
    out.mkdir()
    (out / "index.html").write_text("new")
    (tmp_path / ".site.old").mkdir()
    publish.recover(out)
    assert names(tmp_path) == ["site"]
    assert (out / "index.html").read_text() == "new"


def test_recover_writes_nothing_when_there_is_nothing_to_repair(tmp_path):
    (tmp_path / "site").mkdir()
    publish.recover(tmp_path / "site")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]  # no lock file: a read-only copy stays as it is


def test_an_output_that_is_a_file_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("QANUN_LANG", "en")
    (tmp_path / "site").write_text("not a folder")
    with pytest.raises(publish.PublishError, match="is a file, not a site folder"):
        publish.begin(tmp_path / "site")


# --- real builds, killed --------------------------------------------------------------------------------------

def _staging_appears(project: Project, proc: subprocess.Popen) -> str:
    wait_for(proc, lambda: project.staging() is not None, "the staging folder appeared")
    kill(proc)
    return "staging folder created"


def _mkdocs_writing(project: Project, proc: subprocess.Popen) -> str:
    wait_for(proc, lambda: bool((b := project.built()) and any(p.is_file() for p in b.rglob("*"))),
             "mkdocs wrote a file")
    kill(proc)
    return "mkdocs writing"


def _after_mkdocs(project: Project, proc: subprocess.Popen) -> str:
    # versions.json is written by qanun right after mkdocs returns, before the downloads. The first one it writes
    # is polled by name (a stat a millisecond, not a walk of the growing tree: the window before SHA256SUMS is
    # short now that unchanged files are linked, not written).
    first = min(p.relative_to(project.out).as_posix() for p in project.out.rglob("versions.json"))
    wait_for(proc, lambda: bool((s := project.staging()) and (s / first).is_file()), "the versions' data was written")
    kill(proc)
    return "data and downloads being written"


def _manifest_complete(project: Project, proc: subprocess.Popen) -> str:
    """Between SHA256SUMS and the end there are only the swap and removing the old site: milliseconds. The kill
    may land before the swap, after it, or (rarely) after the build ended; each must leave a whole site."""
    while proc.poll() is None and not ((s := project.staging()) and (s / "SHA256SUMS").is_file()):
        time.sleep(0.0005)
    ended = proc.poll() is not None
    kill(proc)
    return "build had already ended" if ended else "swap under way"


def _files_in(staging: Path | None) -> set[str]:
    return {p.relative_to(staging).as_posix() for p in staging.rglob("*") if p.is_file()} if staging else set()


# What the killed build left shows the moment the kill landed: mkdocs (into the work folder) copies the theme's
# files first and writes the pages (the home page among them) after; qanun stages the act pages and
# versions.json once mkdocs has returned, what mkdocs built after them, and SHA256SUMS last, just before the swap.
def _data_written(staged: set[str]) -> bool:
    return any(name.endswith("versions.json") for name in staged)


MOMENTS: dict[str, Callable[[set[str], set[str]], bool]] = {
    "kill-before-mkdocs": lambda staged, built: not staged and not built,
    "kill-during-mkdocs": lambda staged, built: bool(built) and "index.html" not in built and not staged,
    "kill-after-mkdocs": lambda staged, built: _data_written(staged) and "SHA256SUMS" not in staged,
    "kill-at-swap": lambda staged, built: True,
}
KILLS_FROM_OUTSIDE = {"kill-before-mkdocs": (_staging_appears, SITE_KEPT, {"previous"}),
                      "kill-during-mkdocs": (_mkdocs_writing, SITE_KEPT, {"previous"}),
                      "kill-after-mkdocs": (_after_mkdocs, SITE_KEPT, {"previous"}),
                      "kill-at-swap": (_manifest_complete, SITE_KEPT_OR_NEW, {"previous", "new"})}


@pytest.mark.slow
@pytest.mark.parametrize("case_id", sorted(KILLS_FROM_OUTSIDE))
def test_a_build_killed_from_outside_leaves_the_site_intact(project, case_id, monkeypatch):
    """Every kill must leave a whole site; the moment is checked from what the killed build left in its staging
    and work folders, and a kill that landed elsewhere (a busy machine delays the watcher) is tried again, up to
    3 times. Each build starts without a spare, so that its staging folder starts empty and shows the moment
    (builds on a spare are killed in test_a_build_on_the_spare_killed_while_staging_leaves_the_site_intact)."""
    monkeypatch.setenv("QANUN_LANG", "en")
    watch, outcome, allowed = KILLS_FROM_OUTSIDE[case_id]
    states, hit = [], False
    for _attempt in range(3):
        before = checksums(project.out)
        project.bump()
        project.drop_spare()
        moment = watch(project, project.start())
        states.append(f"{state(project.out, before)} ({moment})")
        hit = MOMENTS[case_id](_files_in(project.staging()), _files_in(project.built()))
        rebuild_and_verify(project)
        if hit or not states[-1].startswith(tuple(allowed)):
            break
    good = hit and all(s.startswith(tuple(allowed)) for s in states)
    assert check(case("publish", case_id), outcome if good else f"{states}, moment hit: {hit}") == outcome


OFFSETS = (0.3, 1.0, 2.0, 2.8)  # seconds after the start: spread over loading, pages, mkdocs, downloads


@pytest.mark.slow
def test_builds_killed_at_spread_out_moments_leave_a_whole_site(project, monkeypatch):
    monkeypatch.setenv("QANUN_LANG", "en")
    seen = []
    for offset in OFFSETS:
        before = checksums(project.out)
        project.bump()
        proc = project.start()
        time.sleep(offset)  # when to kill, not an assertion on time
        kill(proc)
        seen.append(state(project.out, before))
        rebuild_and_verify(project)
    ok = all(s in ("previous", "new") for s in seen)
    assert check(case("publish", "kill-at-offsets"), SITE_KEPT_OR_NEW if ok else str(seen)) == SITE_KEPT_OR_NEW


@pytest.mark.slow
def test_a_kill_in_the_middle_of_the_manifest_leaves_the_site_intact(project, monkeypatch):
    monkeypatch.setenv("QANUN_LANG", "en")
    done, before = project.run_changed("manifest")
    found = state(project.out, before)
    assert done.returncode != 0 and project.staging() is not None  # it died, its staging folder left behind
    assert check(case("publish", "kill-during-manifest"), SITE_KEPT if found == "previous" else found) == SITE_KEPT
    rebuild_and_verify(project)


@pytest.mark.slow
def test_a_kill_right_after_the_exchange_publishes_the_new_site(project, monkeypatch):
    if not EXCHANGE:
        pytest.skip("renameat2(RENAME_EXCHANGE) is not available here")
    monkeypatch.setenv("QANUN_LANG", "en")
    done, before = project.run_changed("exchange")
    found = state(project.out, before)
    old = project.staging()  # after the exchange the staging folder holds the previous site
    kept_old = old is not None and checksums(old) == before
    assert done.returncode != 0
    assert check(case("publish", "kill-after-exchange"), SITE_NEW if found == "new" and kept_old else found) == SITE_NEW
    rebuild_and_verify(project)


@pytest.mark.slow
@pytest.mark.parametrize("repaired_by", ["verify", "build"])
def test_a_kill_between_the_two_renames_is_repaired(project, repaired_by, monkeypatch, capsys):
    """Without renameat2 the output path is empty for an instant; a kill then leaves the previous site at
    .site.old, and the next build (under the lock) or `qanun verify` puts it back."""
    monkeypatch.setenv("QANUN_LANG", "en")
    done, before = project.run_changed("between-renames")
    assert done.returncode != 0 and state(project.out, before) == "missing"
    if repaired_by == "verify":
        status = verify(project.out)
        said = capsys.readouterr().err
    else:  # a build that fails in mkdocs, after it has taken the lock and repaired: the previous site stays
        template = project.root / "site" / "overrides" / "main.html"
        saved = template.read_bytes()
        template.write_text("{% extends 'base.html' %}{% block x %}", encoding="utf-8")
        try:
            failed = project.run()
        finally:
            template.write_bytes(saved)
        status, said = failed.returncode, failed.stderr
        assert status == 1 and "mkdocs" in said
    restored = "the previous site was restored" in said and checksums(project.out) == before
    assert repaired_by == "build" or status == 0
    assert check(case("publish", "kill-between-renames"), SITE_RESTORED if restored else said) == SITE_RESTORED
    rebuild_and_verify(project)


@pytest.mark.slow
def test_a_kill_after_the_two_renames_publishes_the_new_site(project, monkeypatch):
    monkeypatch.setenv("QANUN_LANG", "en")
    done, before = project.run_changed("after-renames")
    found = state(project.out, before)
    assert done.returncode != 0
    assert (project.out.parent / ".site.old").is_dir()  # the old site, left for the next build to remove
    assert check(case("publish", "kill-after-renames"), SITE_NEW if found == "new" else found) == SITE_NEW
    rebuild_and_verify(project)


@pytest.mark.slow
def test_the_two_rename_swap_builds_a_site_that_verifies(project, monkeypatch):
    monkeypatch.setenv("QANUN_LANG", "en")
    project.bump()
    done = project.run("fallback")
    assert done.returncode == 0, done.stderr
    assert verify(project.out) == 0
    assert project.beside() == ["site"]


# --- a full disk and failing steps ----------------------------------------------------------------------------

def _file_size_limit(limit: int) -> Callable[[], None]:
    """For the child process: files may not grow past `limit` bytes; a write beyond fails with EFBIG (with
    SIGXFSZ ignored, the process is not killed but told), as on a full disk."""
    def apply() -> None:
        import resource
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return apply


@pytest.mark.slow
@pytest.mark.skipif(not POSIX, reason="RLIMIT_FSIZE is POSIX")
def test_a_full_disk_fails_clearly_and_leaves_the_site_intact(project, monkeypatch):
    monkeypatch.setenv("QANUN_LANG", "en")
    observed = []
    for limit in (16 << 10, 256 << 10, 640 << 10):  # the largest file of the site is about 1 MB (a source map)
        before = checksums(project.out)
        project.bump()
        done = project.run(preexec_fn=_file_size_limit(limit))
        message = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else ""
        good = (done.returncode == 1 and message.startswith(f"qanun: could not write {project.out.parent}")
                and "File too large" in message
                and message.endswith(NOT_CHANGED) and "Traceback" not in done.stderr
                and checksums(project.out) == before and project.beside() == ["site"])
        observed.append(WRITE_FAILED if good else f"{limit}: status {done.returncode}: {done.stderr[-2000:]}")
    assert check(case("publish", "full-disk"), "; ".join(sorted(set(observed)))) == WRITE_FAILED
    rebuild_and_verify(project)


def _break(project: Project, how: str) -> tuple[Path, bytes]:
    if how == "source-error":
        path = project.root / "acts" / "in-kollegiya-2020-4.yaml"
        saved = path.read_bytes()
        path.write_text(saved.decode("utf-8").replace("Vergilər Nazirliyi\n", "Nazirlik yoxdur\n"), encoding="utf-8")
    elif how == "broken-template":
        path = project.root / "site" / "overrides" / "main.html"
        saved = path.read_bytes()
        path.write_text("{% extends 'base.html' %}{% block x %}", encoding="utf-8")
    else:
        path = project.root / "mkdocs.yml"
        saved = path.read_bytes()
        path.write_text("nav: [\n", encoding="utf-8")
    return path, saved


@pytest.mark.slow
@pytest.mark.parametrize("how", ["source-error", "broken-template", "broken-mkdocs-yml"])
def test_a_failing_step_leaves_the_site_intact(project, how, monkeypatch):
    monkeypatch.setenv("QANUN_LANG", "en")
    before = checksums(project.out)
    project.bump()
    path, saved = _break(project, how)
    try:
        done = project.run()
    finally:
        path.write_bytes(saved)
    good = (done.returncode != 0 and "Traceback" not in done.stderr and checksums(project.out) == before
            and project.beside() == ["site"])
    assert check(case("publish", how), STEP_FAILED if good else done.stderr[-2000:]) == STEP_FAILED


# --- concurrent builds ------------------------------------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.skipif(not POSIX, reason="holds the first build still with SIGSTOP")
def test_a_second_build_while_one_runs_is_refused_with_a_message(project, monkeypatch):
    """The first build is paused (SIGSTOP) once it holds the lock, so the second surely meets it."""
    monkeypatch.setenv("QANUN_LANG", "en")
    project.bump()
    first = project.start()
    wait_for(first, lambda: project.staging() is not None, "the first build took the lock")
    first.send_signal(signal.SIGSTOP)
    try:
        second = project.run()
    finally:
        first.send_signal(signal.SIGCONT)
    _, first_err = first.communicate(timeout=600)
    expected = f"qanun: another build of {project.out} is running; wait for it to finish"
    good = (second.returncode == 1 and second.stderr.strip().splitlines()[-1] == expected and first.returncode == 0
            and verify(project.out) == 0 and project.beside() == ["site"])
    assert check(case("publish", "second-build"), LOCKED if good else second.stderr + first_err) == LOCKED


@pytest.mark.slow
def test_two_builds_started_at_once_never_mix(project, monkeypatch):
    monkeypatch.setenv("QANUN_LANG", "en")
    project.bump()
    procs = [project.start(), project.start()]
    results = [(p.wait(timeout=600), p.communicate()[1]) for p in procs]
    each_ok = all(status == 0 or (status == 1 and LOCK_MESSAGE in err) for status, err in results)
    good = (each_ok and any(status == 0 for status, _ in results) and verify(project.out) == 0
            and project.beside() == ["site"])
    assert check(case("publish", "simultaneous-builds"), SERIALISED if good else str(results)) == SERIALISED
