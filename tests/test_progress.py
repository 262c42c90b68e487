"""Progress on long work: `Ticker` says how far it is at each tenth, and `fork_map` reports each result as it comes
back, from forked workers as well as in this process."""
from __future__ import annotations

import threading

import pytest

from generator import forked
from generator.ticker import Ticker


def test_a_ticker_speaks_at_each_tenth_and_last_of_all():
    said: list[tuple[int, int]] = []
    tick = Ticker(25, lambda done, total: said.append((done, total)))
    for _ in range(25):
        tick()
    assert said == [(3, 25), (5, 25), (8, 25), (10, 25), (13, 25), (15, 25), (18, 25), (20, 25), (23, 25),
                    (25, 25)]


def test_a_ticker_counts_from_many_threads():
    said: list[int] = []
    tick = Ticker(4000, lambda done, total: said.append(done))
    threads = [threading.Thread(target=lambda: [tick() for _ in range(1000)]) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert tick.done == 4000 and len(said) == 10 and said == sorted(said) and said[-1] == 4000


def test_a_ticker_is_quiet_on_short_work():
    said: list[int] = []
    tick = Ticker(5, lambda done, total: said.append(done), least=100)
    for _ in range(5):
        tick()
    assert said == [] and tick.done == 5


@pytest.mark.parametrize("forking", [False, True])
def test_fork_map_tells_of_each_result(monkeypatch, forking):
    monkeypatch.setattr("os.cpu_count", lambda: 2)
    monkeypatch.setattr(threading, "active_count", lambda: 1 if forking else 2)  # another thread: no fork
    counted: list[int] = []
    results = forked.fork_map(lambda n: n * n, list(range(40)), per_worker=4, done=counted.append)
    assert results == [n * n for n in range(40)]
    assert counted == [1] * 40


def test_loading_a_register_says_how_far_it_is(monkeypatch):
    """From PROGRESS_FROM_FILES source files on, loading says how many are read at each tenth; the last word is
    all of them."""
    import re
    from pathlib import Path

    from generator import load

    root = Path(__file__).resolve().parent.parent
    messages: list[str] = []
    load.load_project(root, progress=messages.append)
    assert messages == []  # the project's handful of files: no running count
    monkeypatch.setattr(load, "PROGRESS_FROM_FILES", 1)
    project, _problems = load.load_project(root, progress=messages.append)
    counts = [tuple(map(int, re.fullmatch(r"sources: (\d+) of (\d+) files read", m).groups())) for m in messages]
    files = len([*(root / "acts").rglob("*.y*ml"), *(root / "acts").rglob("*.xml")])
    assert counts and all(total == files for _done, total in counts) and counts[-1][0] == files
    assert [d for d, _t in counts] == sorted({d for d, _t in counts})
