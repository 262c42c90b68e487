"""What a secretariat on Windows meets: sources saved with CRLF line ends (and a BOM, as Notepad may
write them) load exactly like LF ones, the console prints UTF-8 whatever its code page, and the code
calls nothing that exists only on POSIX."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from generator.cli import main

BROKEN = Path(__file__).parent / "broken"


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _windows_copy(source: Path, target: Path, bom: bool = False) -> Path:
    shutil.copytree(source, target)
    for path in target.rglob("*.yaml"):
        text = path.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
        path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text)
    return target


@pytest.mark.parametrize("bom", [False, True], ids=["crlf", "crlf+bom"])
def test_crlf_sources_load_like_lf_ones(capsys, tmp_path, bom):
    project = tmp_path / "p"
    _windows_copy(ROOT / "acts", project / "acts", bom)
    _windows_copy(ROOT / "meetings", project / "meetings", bom)
    assert all(b"\r\n" in p.read_bytes() for p in project.rglob("*.yaml"))
    assert run(capsys, "-C", str(project), "check") == run(capsys, "-C", str(ROOT), "check")
    for act in ("nk-2024-21", "vn-kollegiya-2019-191705000007900"):
        crlf = run(capsys, "-C", str(project), "text", act, "--at", "2025-01-01", "--format", "json")
        assert crlf == run(capsys, "-C", str(ROOT), "text", act, "--at", "2025-01-01", "--format", "json")


@pytest.mark.parametrize("case", ["date-dotted", "schema-missing-required", "date-february-30"])
def test_crlf_sources_are_reported_at_the_same_line_and_column(capsys, tmp_path, case):
    project = _windows_copy(BROKEN / case, tmp_path / case)
    expected = (BROKEN / case / "expected.txt").read_text(encoding="utf-8")
    code, _, err = run(capsys, "-C", str(project), "check")
    assert (code, err) == (1, expected)


def test_console_output_is_utf8_whatever_the_code_page(tmp_path):
    env = {**os.environ, "PYTHONIOENCODING": "cp1252", "PYTHONUTF8": "0"}
    result = subprocess.run([sys.executable, "-m", "generator", "-C", str(ROOT), "text", "nk-2018-408", "--at",
                             "2024-02-01"], capture_output=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "Ləğv edilib" in result.stdout.decode("utf-8")
    missing = subprocess.run([sys.executable, "-m", "generator", "-C", str(ROOT), "text", "yoxdur"],
                             capture_output=True, env=env, timeout=120)
    assert missing.returncode == 2 and "no act `yoxdur`" in missing.stderr.decode("utf-8")


# Calls that exist only on POSIX, each allowed only where a guard keeps Windows away from it.
POSIX_ONLY = re.compile(r"os\.fork\b|os\.killpg|os\.setsid|os\.get(e)?uid|signal\.SIG(KILL|STOP|HUP|CHLD)|"
                        r"\bimport (fcntl|pwd|grp|termios|resource)\b|[\"']/tmp\b")
GUARDED = {("generator/render/pandoc.py", 'if os.name == "posix":'), ("generator/forked.py", 'if os.name == "posix":')}


def test_no_posix_only_calls_unguarded():
    found = []
    for path in sorted((ROOT / "generator").rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        lines = path.read_text(encoding="utf-8").splitlines()
        for n, line in enumerate(lines):
            code = line.split("#", 1)[0]
            if not POSIX_ONLY.search(code):
                continue
            guard = next((g for f, g in GUARDED if f == rel and any(g in lines[i] for i in range(max(0, n - 3), n))), None)
            if guard is None:
                found.append(f"{rel}:{n + 1}: {line.strip()}")
    assert found == []
