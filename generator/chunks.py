"""Grouping a stream of items into bounded chunks, made as they are needed (issue 7: what one pandoc run, one DOCX/PDF
worker or one read-ahead holds at a time)."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")


def chunked(items: Iterable[T], *, most: int | None = None, size: Callable[[T], int] = lambda item: 0,
            limit: int | None = None) -> Iterator[list[T]]:
    """`items` in order, in lists of at most `most` items whose `size`s add up to no more than `limit`; an item
    larger than `limit` goes alone. Only the chunk being filled is held."""
    chunk: list[T] = []
    total = 0
    for item in items:
        weight = size(item)
        if chunk and (len(chunk) == most or (limit is not None and total + weight > limit)):
            yield chunk
            chunk, total = [], 0
        chunk.append(item)
        total += weight
    if chunk:
        yield chunk
