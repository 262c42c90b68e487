"""One function applied to many items over the cores, in forked worker processes (issue 7).

The workers are forked, so they inherit the function and its items (a consolidated corpus, say) instead of
receiving them pickled: only the results cross a process boundary. A fork copies no lock held by another thread
only when no other thread runs, so with another thread running (the preview server), with one core, with few
items or where fork does not exist (Windows), the items are done one by one in this process: the same results,
in the same order.
"""
from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Sequence
from typing import Any

_TASK: tuple[Callable[[Any], Any], Sequence[Any]] | None = None  # what the forked workers do (inherited)


def fork_map(function: Callable[[Any], Any], items: Sequence[Any], *, per_worker: int,
             done: Callable[[int], None] = lambda n: None) -> list[Any]:
    """`[function(item) for item in items]`, over as many workers as there are cores, at least `per_worker`
    items each. Items go out in slices of about a sixteenth of a worker's share, so a slow one does not hold
    the others up. `done` is told of each result as it comes back."""
    global _TASK
    workers = min(os.cpu_count() or 1, len(items) // max(1, per_worker))
    if workers < 2 or threading.active_count() > 1 or "fork" not in multiprocessing.get_all_start_methods():
        return [_told(function(item), done) for item in items]
    _TASK = (function, items)
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            chunk = max(1, len(items) // (workers * 16))
            return [_told(result, done) for result in pool.imap(_run, range(len(items)), chunksize=chunk)]
    finally:
        _TASK = None


def _told(result: Any, done: Callable[[int], None]) -> Any:
    done(1)
    return result


def _run(index: int) -> Any:
    function, items = _TASK  # type: ignore[misc]  # set before the fork
    return function(items[index])
