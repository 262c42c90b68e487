"""One function applied to many items over the cores, in forked worker processes (issue 7).

The workers are forked, so they inherit the function and its items (a consolidated corpus, say) instead of
receiving them pickled: only the results cross a process boundary. A fork copies no lock held by another thread
only when no other thread runs, so with another thread running (the preview server), with one core, with few
items or where fork does not exist (Windows), the items are done one by one in this process: the same results,
in the same order.

`beside` runs one function beside the caller, in a forked process of its own where that is safe: work that would
otherwise hold the interpreter's lock while the caller works (the search index, made while the site is built).
"""
from __future__ import annotations

import ctypes
import multiprocessing
import os
import pickle
import signal
import threading
import traceback
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from typing import Any, Generic, TypeVar

T = TypeVar("T")
_PR_SET_PDEATHSIG = 1  # linux/prctl.h
CANCEL_WAIT = 5.0  # seconds a cancelled process has to leave before its process group is killed

_TASK: tuple[Callable[[Any], Any], Sequence[Any]] | None = None  # what the forked workers do (inherited)
_BRIEF: list[threading.Thread] = []  # threads that end soon (`brief`): a fork waits for them


def fork_map(function: Callable[[Any], Any], items: Sequence[Any], *, per_worker: int,
             done: Callable[[int], None] = lambda n: None) -> list[Any]:
    """`[function(item) for item in items]`, over as many workers as there are cores, at least `per_worker`
    items each. Items go out in slices of about a sixteenth of a worker's share, so a slow one does not hold
    the others up. `done` is told of each result as it comes back."""
    global _TASK
    _settle()
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


def brief(function: Callable[[], Any]) -> None:
    """`function()` in a thread of its own, for work that lets go of the interpreter's lock (lxml compiling a schema)
    and ends soon: the next `fork_map` or `beside` waits for it, instead of doing without forking because another
    thread runs. An exception it raises is left to the next call of the same function, which meets it again."""
    def run() -> None:
        try:
            function()
        except Exception:  # noqa: BLE001 — met again where the result is needed
            pass
    thread = threading.Thread(target=run, daemon=True)
    _BRIEF.append(thread)
    thread.start()


def _settle() -> None:
    while _BRIEF:
        _BRIEF.pop().join()


def _told(result: Any, done: Callable[[int], None]) -> Any:
    done(1)
    return result


def _run(index: int) -> Any:
    function, items = _TASK  # type: ignore[misc]  # set before the fork
    return function(items[index])


class Beside(Generic[T]):
    """`function()` running beside the caller (`beside`): its result, or its exception, is had from `result()`."""

    def __init__(self, function: Callable[[], T]) -> None:
        self._outcome: tuple[bool, Any] | None = None
        _settle()
        if threading.active_count() > 1 or "fork" not in multiprocessing.get_all_start_methods():
            self._process = None
            self._thread = threading.Thread(target=self._keep, args=(function,), daemon=True)
            self._thread.start()
            return
        context = multiprocessing.get_context("fork")
        self._receive, send = context.Pipe(duplex=False)
        self._process = context.Process(target=_beside, args=(function, send, self._receive, os.getpid()), daemon=True)
        self._process.start()  # forked: the function and what it refers to are inherited, not pickled
        send.close()
        _own_group(self._process.pid)  # here too, so that `cancel` right away reaches it

    def _keep(self, function: Callable[[], T]) -> None:
        self._outcome = _outcome(function)

    def result(self) -> T:
        """Waits for the function's result, or raises its exception."""
        if self._outcome is None:
            if self._process is None:
                self._thread.join()
            else:
                try:
                    self._outcome = self._receive.recv()
                except EOFError:  # it died without a word: killed (out of memory …) or `cancel`
                    self._process.join()
                    self._outcome = (False, RuntimeError(f"the process beside ended with status "
                                                         f"{self._process.exitcode}"))
                self._process.join()
        ok, value = self._outcome  # type: ignore[misc]
        if ok:
            return value
        raise value

    def cancel(self) -> None:
        """Ends the work if it still runs, with every process it started (a thread is waited for: it cannot be
        stopped). The process is asked first (SIGTERM: the function is left by SystemExit, so that it removes its
        temporary files and `subprocess.run` ends its program); whatever is left of its process group is killed."""
        if self._process is None:
            self._thread.join()
            return
        if self._outcome is None:
            self._outcome = (False, RuntimeError("the work beside was cancelled"))
        if self._process.is_alive():
            self._process.terminate()
            self._process.join(CANCEL_WAIT)
            if os.name == "posix":  # always, where there is a fork
                try:
                    os.killpg(self._process.pid, signal.SIGKILL)
                except OSError:  # nothing left of the group
                    pass
        self._process.join()


def beside(function: Callable[[], T]) -> Beside[T]:
    """`function()` started beside the caller: in a forked process, where it holds no lock (the interpreter's
    included) that the caller needs, and whose own children `Beside.cancel` ends with it; in a thread where forking
    is not safe (another thread runs, as in the preview server) or not possible."""
    return Beside(function)


def _beside(function: Callable[[], Any], send: Connection, receive: Connection, caller: int) -> None:
    receive.close()  # the caller's end: with it closed here, a send to a caller that is gone fails, never blocks
    _own_group(0)
    signal.signal(signal.SIGTERM, _leave)
    _end_with(caller)
    ok, value = _outcome(function)
    if not ok:
        try:
            pickle.loads(pickle.dumps(value))
        except Exception:  # an exception that does not cross a pipe: its text, with the traceback
            value = RuntimeError("".join(traceback.format_exception(value)))
    send.send((ok, value))


def _end_with(caller: int) -> None:
    """Be sent SIGTERM when the caller ends (killed, say), on Linux (PR_SET_PDEATHSIG): in a process group of its
    own, the process would not be reached by a kill of the caller's group, and would run on. Elsewhere it runs to
    its end, which a send to the caller then fails."""
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return
    prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    if os.getppid() != caller:  # the caller ended before that was asked for
        raise SystemExit(128 + signal.SIGTERM)


def _leave(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


def _outcome(function: Callable[[], Any]) -> tuple[bool, Any]:
    try:
        return True, function()
    except BaseException as exc:  # noqa: BLE001 — handed to whoever waits for the result
        return False, exc


def _own_group(pid: int) -> None:
    try:
        os.setpgid(pid, 0)
    except OSError:  # it has already made itself a group (or exec'd): nothing to do
        pass
