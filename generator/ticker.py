"""Progress on long work: how far it is, said at each tenth (a cold build of a register spends minutes rendering
pages and making DOCX and PDF)."""
from __future__ import annotations

import threading
from collections.abc import Callable


class Ticker:
    """Counts finished items, from any thread, and calls `say(done, total)` each time another tenth of `total` is
    done. Says nothing when `total` is below `least`: short work needs no running count."""

    def __init__(self, total: int, say: Callable[[int, int], None], *, least: int = 1) -> None:
        self.total, self.say, self.done, self.said = total, say, 0, 0
        self.quiet = total < least
        self._lock = threading.Lock()

    def __call__(self, count: int = 1) -> None:
        with self._lock:
            self.done += count
            tenth = self.done * 10 // self.total if self.total else 10
            if tenth > self.said and not self.quiet:
                self.said = tenth
                self.say(self.done, self.total)
