from __future__ import annotations

import os
from pathlib import Path

# The tests read qanun's messages in English (their expectations are written in English); subprocesses inherit
# this. tests/test_i18n.py checks the Azerbaijani default explicitly.
os.environ["QANUN_LANG"] = "en"

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def corpus():
    from generator.pipeline import load_and_consolidate
    return load_and_consolidate(ROOT)


def seed(name_prefix: str) -> str:
    matches = sorted(SEEDS.glob(f"{name_prefix}_*.txt"))
    if not matches:
        pytest.fail(f"seed {name_prefix} not found in {SEEDS} (the shared/ folder must sit beside the repository)")
    return matches[0].read_text(encoding="utf-8")


def second_arguments(monkeypatch, module, name: str) -> list:
    """The second argument of each call of `module.name` from now on (the call itself still runs): which files a
    loader read or checked, say."""
    seen: list = []
    honest = getattr(module, name)

    def counted(first, second, *rest, **options):
        seen.append(second)
        return honest(first, second, *rest, **options)
    monkeypatch.setattr(module, name, counted)
    return seen
