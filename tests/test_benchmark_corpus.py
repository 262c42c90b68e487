"""The synthetic corpus of benchmarks/corpus.py: the same seed gives the same bytes, and every source it
writes passes `qanun check` (in process), before and after the held-back amending act is added.

Small: a dozen regular acts and a scaled-down Tax Code (same code path, fewer provisions and changes).
"""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from generator.pipeline import load_and_consolidate

sys.path.insert(0, str(ROOT / "benchmarks"))
import corpus  # noqa: E402

ALL_KINDS = {"replace_words", "delete_words", "insert_words", "restate", "add_provision", "add_sentence",
             "delete_provision", "delete_sentence", "renumber", "repeal"}


@pytest.fixture(autouse=True)
def small_tax_code(monkeypatch):
    monkeypatch.setattr(corpus, "TAX_PROVISIONS", 160)
    monkeypatch.setattr(corpus, "TAX_CHAPTERS", 4)
    monkeypatch.setattr(corpus, "TAX_ARTICLES", 30)
    monkeypatch.setattr(corpus, "TAX_AMENDING", 20)
    monkeypatch.setattr(corpus, "TAX_CHANGES", 120)


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_same_seed_gives_the_same_bytes(tmp_path):
    first = corpus.generate(tmp_path / "a", 12, seed=7, holdback=True)
    corpus.generate(tmp_path / "b", 12, seed=7, holdback=True)
    corpus.generate(tmp_path / "c", 12, seed=8, holdback=True)
    a, b, c = files(tmp_path / "a"), files(tmp_path / "b"), files(tmp_path / "c")
    assert len([p for p in a if p.endswith(".yaml")]) == first.files
    assert a == b
    assert a != c


def test_corpus_passes_check_before_and_after_the_pending_act(tmp_path):
    root = tmp_path / "project"
    summary = corpus.generate(root, 12, seed=3, holdback=True)
    assert set(summary.changes) == ALL_KINDS
    checked = load_and_consolidate(root)  # raises SourceError listing every problem
    assert len(checked.project.acts) == summary.acts
    assert all(a.cited_as and a.register for a in checked.project.acts)
    code = checked.histories["vergi-mecellesi"]
    assert len(code.versions) > corpus.TAX_AMENDING  # some laws take effect in two steps
    assert sum(1 for d in code.act.documents for _ in d.walk()) == corpus.TAX_PROVISIONS

    (pending,) = summary.pending
    shutil.move(root / pending, root / "acts" / Path(pending).name)
    after = load_and_consolidate(root)
    assert len(after.project.acts) == summary.acts + 1
