"""The per-act build cache's entries: JSON with each bytes value compressed on its own before it, read back lazily
(buildcache.Writer, read, Stored)."""
from __future__ import annotations

import zlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import buildcache
from generator.errors import BuildError

_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text() | st.binary(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20)


def save(folder: Path, key: str, value: object) -> None:
    with buildcache.writer(folder, key) as entry:
        entry.close(key, value)


def materialised(value: object) -> object:
    """`value` with every `Stored` read into bytes."""
    if isinstance(value, buildcache.Stored):
        return bytes(value)
    if isinstance(value, dict):
        return {k: materialised(v) for k, v in value.items()}
    if isinstance(value, list):
        return [materialised(v) for v in value]
    return value


@settings(max_examples=300, deadline=None)
@given(_values)
def test_an_entry_gives_back_what_was_put_in_bytes_included(value):
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        save(Path(folder), "k0", value)
        assert materialised(buildcache.load(Path(folder), "k0")) == value


def test_bytes_are_read_only_when_asked_for(tmp_path):
    with buildcache.writer(tmp_path, "ab12") as entry:
        put = [entry.put(b"first" * 1000), entry.put("ə".encode() * 10)]
        entry.close("ab12", {"parts": put, "raw": b"tail"})
    value = buildcache.load(tmp_path, "ab12")
    assert all(isinstance(x, buildcache.Stored) for x in [*value["parts"], value["raw"]])
    assert [bytes(x) for x in value["parts"]] == [b"first" * 1000, "ə".encode() * 10]
    assert bytes(value["raw"]) == b"tail"


def test_saved_entries_load_under_their_key_only(tmp_path):
    value = {"pages": {"a/index.md": "# A"}, "filled": {"b/index.md": ["B", "<p>ə</p>".encode()]}, "jobs": [[1, "x"]]}
    save(tmp_path, "ab12", value)
    assert materialised(buildcache.load(tmp_path, "ab12")) == value
    assert buildcache.load(tmp_path, "ab13") is None
    path = next(tmp_path.glob(f"*/*{buildcache.SUFFIX}"))
    path.rename(path.with_name(f"ab13{buildcache.SUFFIX}"))  # an entry under another key's name is not believed
    assert buildcache.load(tmp_path, "ab13") is None


def test_a_failed_write_leaves_no_entry(tmp_path):
    with pytest.raises(RuntimeError):
        with buildcache.writer(tmp_path, "ab12") as entry:
            entry.put(b"x" * 100)
            raise RuntimeError("rendering failed")
    assert buildcache.load(tmp_path, "ab12") is None
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


def _entry(tmp_path: Path) -> Path:
    save(tmp_path, "cd34", {"texts": {"a.xml": b"<a/>" * 10}, "n": 1})
    return next(tmp_path.glob(f"*/*{buildcache.SUFFIX}"))


def _sealed(body: bytes, head: bytes) -> bytes:
    """An entry of `body` (magic and bytes values) and `head` (the JSON), its trailer and CRC made right: what
    only the checks behind the CRC can refuse."""
    at = len(body)
    whole = body + zlib.compress(head)
    return whole + at.to_bytes(8, "big") + (len(whole) - at).to_bytes(8, "big") + zlib.crc32(whole).to_bytes(4, "big")


@pytest.mark.parametrize("damage", [
    lambda raw: raw[:-3],  # truncated
    lambda raw: raw[:20] + bytes([raw[20] ^ 1]) + raw[21:],  # a flipped bit: the CRC says so
    lambda raw: b"x" + raw[1:],  # not an entry
    lambda raw: raw + b"\0",  # something after the trailer
])
def test_a_damaged_entry_is_rendered_again_not_believed(tmp_path, damage):
    path = _entry(tmp_path)
    raw = path.read_bytes()
    path.write_bytes(damage(raw))
    assert buildcache.load(tmp_path, "cd34") is None


@pytest.mark.parametrize("head", [
    b'{"key": "cd34", "value": {"\\u0000bytes": [9999, 4]}}',  # bytes said to lie beyond the entry
    b'{"key": "cd34", "value": {"\\u0000bytes": [0, 4]}}',  # … or inside its magic
    b'{"key": "cd34", "value": {"\\u0000bytes": ["x", 4]}}',  # not a number
    b'{"key": "cd34", "value": ',  # broken JSON
    b'["cd34"]',  # not an entry
])
def test_an_entry_whose_crc_holds_but_whose_head_lies_is_not_believed(tmp_path, head):
    path = _entry(tmp_path)
    good = _sealed(buildcache.MAGIC + zlib.compress(b"abcd"), b'{"key": "cd34", "value": {"\\u0000bytes": [8, 12]}}')
    path.write_bytes(good)
    assert bytes(buildcache.load(tmp_path, "cd34")) == b"abcd"  # the sealing is right: only the head below is wrong
    path.write_bytes(_sealed(buildcache.MAGIC + zlib.compress(b"abcd"), head))
    assert buildcache.load(tmp_path, "cd34") is None


def test_an_unreadable_file_is_a_miss(tmp_path):
    _entry(tmp_path).write_bytes(b"not an entry")
    assert buildcache.load(tmp_path, "cd34") is None


def test_an_entry_replaced_while_it_is_read_fails_the_build_with_a_message(tmp_path):
    path = _entry(tmp_path)
    value = buildcache.load(tmp_path, "cd34")
    path.unlink()
    with pytest.raises(BuildError, match="build cache changed while this build read it"):
        bytes(value["texts"]["a.xml"])


def test_unused_entries_are_pruned_at_most_once_a_day(tmp_path):
    """A month unused, an entry goes; the cache is looked through at most once a day (a register's 10,000 files
    each rebuild took longer than the rest of what a rebuild reads), and that day starts at the last prune."""
    import os
    import time

    from generator import downloads

    acts, files = tmp_path / "acts", tmp_path / "downloads"
    month = time.time() - 31 * 86400

    def old(path: Path) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x")
        os.utime(path, (month, month))
        return path
    stale = [old(acts / "ab" / f"x{n}{buildcache.SUFFIX}") for n in range(2)]
    fresh = acts / "ab" / f"y{buildcache.SUFFIX}"
    fresh.write_bytes(b"y")
    cached = [old(files / "cd" / f"k{n}.pdf") for n in range(2)]
    for path in cached:
        old(path.with_name(path.name + ".sha256"))
    buildcache.prune(acts)
    downloads._prune(files)
    assert not any(p.exists() for p in stale) and fresh.exists()
    assert not any(p.exists() or p.with_name(p.name + ".sha256").exists() for p in cached)
    again = [old(acts / "ab" / f"z{buildcache.SUFFIX}"), old(files / "cd" / "z.docx")]
    buildcache.prune(acts)
    downloads._prune(files)
    assert all(p.exists() for p in again)  # pruned today already
    for folder in (acts, files):
        os.utime(folder / buildcache.PRUNED, (month, month))
    buildcache.prune(acts)
    downloads._prune(files)
    assert not any(p.exists() for p in again) and fresh.exists()
