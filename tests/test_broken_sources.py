"""Broken sources: each mistake an author can make gets one exact, located, plain-English diagnostic.

Every folder in tests/broken is a tiny project (`acts/*.yaml`, made-up fixtures, never law) with one
kind of defect, and `expected.txt` holds the exact standard error of `qanun check` on it: the
`path:line:col: message` lines, then the summary line. The expectations are written by hand (the
line and column counted in the fixture), never copied from the tool's output.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli import main

BROKEN = Path(__file__).parent / "broken"
CASES = sorted(p.name for p in BROKEN.iterdir() if p.is_dir())
MARKER = b"# test fixture, not a real act"


@pytest.mark.parametrize("case", CASES)
def test_broken_source_gives_its_diagnostic(case: str, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["-C", str(BROKEN / case), "check"])
    captured = capsys.readouterr()
    expected = (BROKEN / case / "expected.txt").read_text(encoding="utf-8")
    assert code == 1
    assert captured.out == ""
    assert captured.err.splitlines() == expected.splitlines()
    assert captured.err == expected


@pytest.mark.parametrize("case", CASES)
def test_broken_source_never_shows_a_traceback(case: str) -> None:
    """Run as a person would, in a separate process: a crash would print a traceback on stderr."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    result = subprocess.run([sys.executable, "-m", "generator", "-C", str(BROKEN / case), "check"],
                            capture_output=True, text=True, encoding="utf-8", env=env, timeout=60)
    assert "Traceback" not in result.stderr
    assert result.returncode == 1, result.stderr


def test_every_case_has_its_expectation() -> None:
    assert len(CASES) >= 30
    for case in CASES:
        folder = BROKEN / case
        assert (folder / "expected.txt").is_file(), f"{case} has no expected.txt"
        expected = (folder / "expected.txt").read_text(encoding="utf-8").splitlines()
        assert expected and expected[-1].endswith("in the sources"), f"{case}: expected.txt lacks the summary line"
        sources = sorted((folder / "acts").glob("*.yaml"))
        assert sources, f"{case} has no acts/*.yaml"
        for source in sources:
            raw = source.read_bytes()
            assert raw == b"" or raw.startswith(MARKER), f"{source} is not marked as a test fixture"
