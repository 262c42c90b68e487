"""Python's cyclic garbage collector, paused while a pure stage makes many objects and needs it for none.

The collector runs whenever enough objects were allocated, and each full pass walks every live object: after a
Tax-Code-sized act is consolidated, hundreds of thousands of them. A stage that allocates a lot (consolidating,
comparing two versions) would pay for those walks again and again, at unpredictable moments (a comparison took
0.19 s or 0.29 s by chance). The stages here make no garbage cycles they need collected while they run; any they
leave are collected when the collector resumes.
"""
from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """The collector off for the block; on again after it, if (and only if) it was on before."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
