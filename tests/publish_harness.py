"""Run `qanun` as a real process that kills itself with SIGKILL at one exact point of publishing.

    python tests/publish_harness.py POINT [qanun arguments …]

Some moments are too short to hit from outside (a kill between two renames that are microseconds apart), so
this wrapper, used only by tests/test_publish_safety.py, wraps a function of generator.publish in the child
process and kills the process from inside at that point. Nothing in qanun knows about it: no hook, no option.
The kill is the real thing (SIGKILL; TerminateProcess on Windows): no `finally`, no cleanup, no flush.

POINT:
  none             no kill (with `fallback` semantics unchanged: the normal build)
  fallback         no kill, but without renameat2(RENAME_EXCHANGE): the two-rename swap other systems use
  manifest         half of SHA256SUMS written
  exchange         right after the atomic exchange, before the old site is removed
  between-renames  fallback swap: the old site moved aside, the new one not yet in place
  after-renames    fallback swap: the new site in place, the old one not yet removed
"""
from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator import publish  # noqa: E402 (after the path is set)
from generator.cli import main  # noqa: E402

KILL = getattr(signal, "SIGKILL", signal.SIGTERM)  # os.kill with SIGTERM is TerminateProcess on Windows


def die() -> None:
    os.kill(os.getpid(), KILL)


def arm(point: str) -> None:
    if point in ("fallback", "between-renames", "after-renames"):
        publish._renameat2 = None  # as on a system without renameat2
    if point == "manifest":
        def half_manifest(site: Path, known=None) -> None:
            data = publish.manifest_text(site, known).encode("utf-8")
            with (site / publish.MANIFEST).open("wb") as f:
                f.write(data[: len(data) // 2])
                f.flush()
                die()
        publish.write_manifest = half_manifest
    elif point == "exchange":
        real_exchange = publish.exchange

        def exchange_then_die(a: Path, b: Path) -> bool:
            if real_exchange(a, b):
                die()
            return False
        publish.exchange = exchange_then_die
    elif point in ("between-renames", "after-renames"):
        real_rename = os.rename

        def rename_then_die(src, dst, *args, **kwargs) -> None:
            real_rename(src, dst, *args, **kwargs)
            moved_aside = Path(dst).name.endswith(".old")  # output → .site.old
            put_in_place = ".new-" in Path(src).name and not Path(dst).name.startswith(".")  # staging → output
            if (point == "between-renames" and moved_aside) or (point == "after-renames" and put_in_place):
                die()
        os.rename = rename_then_die  # this process only
    elif point not in ("none", "fallback"):
        raise SystemExit(f"unknown point {point!r}")


if __name__ == "__main__":
    arm(sys.argv[1])
    sys.exit(main(sys.argv[2:]))
