"""chunks.chunked: the bounded groups that pandoc batches, DOCX/PDF worker chunks and the read-ahead are made of."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from generator.chunks import chunked


@given(st.lists(st.integers(0, 50)), st.one_of(st.none(), st.integers(1, 5)), st.one_of(st.none(), st.integers(0, 80)))
def test_chunks_keep_every_item_in_order_within_their_bounds(items, most, limit):
    chunks = list(chunked(iter(items), most=most, size=lambda n: n, limit=limit))
    assert [n for chunk in chunks for n in chunk] == items
    for chunk, after in zip(chunks, chunks[1:] + [None]):
        assert chunk
        if most is not None:
            assert len(chunk) <= most
        if limit is not None and len(chunk) > 1:
            assert sum(chunk) <= limit
        if after is not None:  # a chunk closes only when the next item would not fit
            assert len(chunk) == most or (limit is not None and sum(chunk) + after[0] > limit)


def test_items_are_taken_only_as_chunks_are_needed():
    taken = []

    def items():
        for n in range(10):
            taken.append(n)
            yield n
    first = next(chunked(items(), most=3))
    assert first == [0, 1, 2] and taken == [0, 1, 2, 3]  # the fourth item closed the first chunk
