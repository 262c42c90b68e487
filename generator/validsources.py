"""Which source files already passed their JSON Schema (issue 7): a rebuild does not validate them again.

JSON Schema validation is the largest part of loading a big register (3.8 s of 6.5 s at 1,000 acts), and its
answer depends only on the file's bytes, the schemas, the jsonschema library and qanun's code. `qanun build`
keeps the keys (a SHA-256 of all of those) of the files that validated in `build/cache/valid-sources.json`;
a file whose key is listed skips the schema check and is built into the model directly. Every other check
(the model builder's, consolidation's, the site's) runs as always.

The list holds hashes only, never code or data, and only the keys of the files met in the last build (the file
does not grow). Unreadable or foreign content is ignored: the cache only saves time.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import cache
from importlib.metadata import version
from pathlib import Path

FILE = "valid-sources.json"
FORMAT = "qanun-valid-sources-1"


@cache
def _salt() -> bytes:
    """What a validation's answer depends on besides the file: qanun's code, the schemas, jsonschema."""
    from .buildcache import code_fingerprint
    from .schemacheck import SCHEMA_DIR

    h = hashlib.sha256(f"{FORMAT}\0{code_fingerprint()}\0{version('jsonschema')}".encode())
    for schema in sorted(Path(SCHEMA_DIR).glob("*.json")):
        h.update(schema.name.encode() + b"\0" + schema.read_bytes() + b"\0")
    return h.digest()


def key(data: bytes) -> str:
    """The key of a source file's bytes (salted with everything else its validation depends on)."""
    return hashlib.sha256(_salt() + data).hexdigest()


@dataclass
class ValidSources:
    """The keys read from the cache folder (`known`) and the keys of the files that validated in this run."""

    folder: Path | None
    known: frozenset[str] = frozenset()
    valid_now: set[str] = field(default_factory=set)

    @classmethod
    def open(cls, folder: Path | None) -> ValidSources:
        if folder is None:
            return cls(None)
        try:
            data = json.loads((folder / FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls(folder)
        keys = data.get("keys") if isinstance(data, dict) and data.get("format") == FORMAT else None
        if not isinstance(keys, list):
            return cls(folder)
        return cls(folder, frozenset(k for k in keys if isinstance(k, str)))

    def save(self) -> None:
        """Keep the keys of this run's valid files (atomically; a read-only checkout simply keeps none)."""
        if self.folder is None or self.valid_now == self.known:
            return
        from .pipeline import write_text_atomic

        try:
            write_text_atomic(self.folder / FILE, json.dumps({"format": FORMAT, "keys": sorted(self.valid_now)}))
        except OSError:
            pass
