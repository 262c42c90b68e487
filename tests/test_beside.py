"""`forked.beside`: one function run beside the caller (the acts' search index while a build goes on)."""
from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from generator.errors import BuildError
from generator.forked import beside


def _pid_and(value: int) -> tuple[int, int]:
    return os.getpid(), value * 2


def test_the_result_comes_from_a_forked_process_and_so_does_an_exception():
    big = list(range(100_000))  # inherited by the fork, not pickled
    running = beside(lambda: _pid_and(len(big)))
    pid, value = running.result()
    assert value == 200_000 and pid != os.getpid()
    assert running.result() == (pid, value)  # asked again: the same answer
    failing = beside(lambda: (_ for _ in ()).throw(BuildError("search: Pagefind failed")))
    with pytest.raises(BuildError, match="Pagefind failed"):
        failing.result()


class _Unpicklable(Exception):
    def __init__(self, a: int, b: int) -> None:  # pickle would call it with one argument
        super().__init__(f"{a}/{b}")


def test_an_exception_that_cannot_cross_the_pipe_comes_back_as_its_text():
    def fail() -> None:
        raise _Unpicklable(1, 2)
    with pytest.raises(RuntimeError, match=r"_Unpicklable: 1/2"):
        beside(fail).result()


def test_cancel_ends_the_process_and_what_it_started(tmp_path: Path):
    """Asked to leave, the function leaves by SystemExit (its `finally` and `with` blocks run: a temporary folder is
    removed); a program it started and left running is killed with its process group."""
    marker = tmp_path / "pid"
    scratch = tmp_path / "scratch"

    def slow() -> None:  # like Pagefind: a program the function waits for
        scratch.mkdir()
        try:
            child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
            marker.write_text(str(child.pid))
            child.wait()
        finally:
            scratch.rmdir()
    running = beside(slow)
    grandchild = _pid_in(marker)
    running.cancel()
    assert _ended(grandchild), "the program the function started still runs"
    assert not scratch.exists()
    with pytest.raises(RuntimeError, match="cancelled"):
        running.result()


def test_with_another_thread_running_it_runs_in_a_thread():
    """Forking while another thread runs could copy a lock that thread holds (the preview server serves pages
    while it rebuilds): then the function runs in a thread of this process."""
    stop = threading.Event()
    other = threading.Thread(target=stop.wait, daemon=True)
    other.start()
    try:
        pid, value = beside(lambda: _pid_and(21)).result()
    finally:
        stop.set()
        other.join()
    assert (pid, value) == (os.getpid(), 42)


CALLER = """
import sys, time
sys.path.insert(0, {root!r})
from generator.forked import beside
from pathlib import Path

def wait() -> None:
    Path({marker!r}).write_text(str(__import__("os").getpid()))
    time.sleep(60)

running = beside(wait)
time.sleep(60)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_the_process_beside_ends_when_the_caller_is_killed(tmp_path: Path):
    """A build killed with SIGKILL (tests/test_publish_safety.py) leaves no process beside running on: it holds the
    killed build's output streams, and a reader of them would wait until it ended."""
    marker = tmp_path / "pid"
    caller = subprocess.Popen([sys.executable, "-c", CALLER.format(root=str(Path(__file__).parent.parent),
                                                                   marker=str(marker))],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    beside_pid = _pid_in(marker)
    caller.kill()
    caller.communicate(timeout=30)  # the streams close: the process beside has ended too
    assert _ended(beside_pid), "the process beside still runs"


def _pid_in(marker: Path) -> int:
    """The process id a process beside writes into `marker` once it runs."""
    for _ in range(200):
        if marker.exists() and marker.read_text():
            break
        time.sleep(0.05)
    return int(marker.read_text())


def _ended(pid: int) -> bool:
    """Whether the process ends within five seconds: gone, or a zombie until its parent or init reaps it."""
    for _ in range(100):
        try:
            state = Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0]
        except FileNotFoundError:
            return True
        if state == "Z":
            return True
        time.sleep(0.05)
    return False
