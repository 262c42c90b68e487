"""The per-act build cache's entries: JSON with the bytes kept after it (buildcache.pack / unpack)."""
from __future__ import annotations

import zlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import buildcache

_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text() | st.binary(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20)


@settings(max_examples=300, deadline=None)
@given(_values)
def test_an_entry_gives_back_what_was_put_in_bytes_included(value):
    assert buildcache.unpack(buildcache.pack("k", value)) == {"key": "k", "value": value}


def test_saved_entries_load_under_their_key_only(tmp_path):
    value = {"pages": {"a/index.md": "# A"}, "filled": {"b/index.md": ["B", "<p>ə</p>".encode()]}, "jobs": [[1, "x"]]}
    buildcache.save(tmp_path, "ab12", value)
    assert buildcache.load(tmp_path, "ab12") == value
    assert buildcache.load(tmp_path, "ab13") is None
    path = next(tmp_path.glob(f"*/*{buildcache.SUFFIX}"))
    path.rename(path.with_name(f"ab13{buildcache.SUFFIX}"))  # an entry under another key's name is not believed
    assert buildcache.load(tmp_path, "ab13") is None


@pytest.mark.parametrize("damage", [
    lambda raw: raw[:-3],  # truncated bytes
    lambda raw: raw[:8] + raw[8:].replace(b'[0, ', b'[9999, ', 1),  # bytes said to lie beyond the entry
    lambda raw: (10 ** 6).to_bytes(8, "big") + raw[8:],  # a JSON longer than the entry
    lambda raw: raw[:8] + b"x" + raw[9:],  # broken JSON
    lambda raw: raw[:8] + raw[8:].replace(b'"\\u0000bytes": [0, ', b'"\\u0000bytes": ["x", ', 1),  # not a number
])
def test_a_damaged_entry_is_rendered_again_not_believed(tmp_path, damage):
    buildcache.save(tmp_path, "cd34", {"texts": {"a.xml": b"<a/>" * 10}, "n": 1})
    path = next(tmp_path.glob(f"*/*{buildcache.SUFFIX}"))
    raw = zlib.decompress(path.read_bytes())
    damaged = damage(raw)
    assert damaged != raw
    path.write_bytes(zlib.compress(damaged))
    assert buildcache.load(tmp_path, "cd34") is None


def test_an_unreadable_file_is_a_miss(tmp_path):
    buildcache.save(tmp_path, "ef56", {"x": b"1"})
    next(tmp_path.glob(f"*/*{buildcache.SUFFIX}")).write_bytes(b"not zlib")
    assert buildcache.load(tmp_path, "ef56") is None
