"""The table of hostile inputs (docs/hostile-inputs.md) is generated from the case definitions and cannot drift."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import hostile_table
from hostile_cases import CORPORA, KNOWN_BUG, OUTCOMES_LOG

ROOT = Path(__file__).resolve().parent.parent


def test_the_committed_table_is_what_the_generator_writes() -> None:
    assert hostile_table.TABLE.read_text(encoding="utf-8") == hostile_table.render(), \
        "docs/hostile-inputs.md is out of date: run `python tests/hostile_table.py` and commit the result"


def test_the_generator_runs_as_a_script_and_checks() -> None:
    done = subprocess.run([sys.executable, "tests/hostile_table.py", "--check"], cwd=ROOT, capture_output=True,
                          text=True, timeout=60)
    assert (done.returncode, done.stderr) == (0, "")


def test_every_case_is_listed_once_with_a_known_outcome() -> None:
    ids = [(c.corpus, c.id) for cases in CORPORA.values() for c in cases]
    assert len(ids) == len(set(ids))
    table = hostile_table.render()
    for cases in CORPORA.values():
        for c in cases:
            assert hostile_table.cell(c.what) in table and hostile_table.cell(c.outcome) in table


def test_no_case_is_left_as_a_known_bug() -> None:
    """The three escaping bugs the corpus found (page title, search index, JSON-LD) are fixed; none is pending."""
    bugs = [c for cases in CORPORA.values() for c in cases if c.outcome == KNOWN_BUG]
    assert {c.id for c in bugs} == set()


def test_the_run_log_is_json_lines() -> None:
    """When the hostile tests have run in this session, their log holds one JSON object a line."""
    import json
    if OUTCOMES_LOG.is_file():
        for line in OUTCOMES_LOG.read_text(encoding="utf-8").splitlines():
            assert {"corpus", "case", "class", "expected", "observed"} <= set(json.loads(line))
