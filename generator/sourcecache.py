"""The model built from each source file, kept between builds (issue 7): a rebuild reads no YAML it read before.

Reading a source (ruamel.yaml, with every position) and building its model is the largest part of loading once
the JSON Schema check is skipped (validsources.py): some 5 ms a file, 1.6 s of a rebuild at 1,000 acts. The
model of a file that loaded without a single problem is kept in `build/cache/sources/`, one JSON file a source,
named by a hash of the file's bytes, its path in the project and everything the schema check's key holds
(qanun's code, the schemas, jsonschema: validsources.key). A file with the same name is the same model.

The JSON holds the frozen dataclasses of model.py and errors.Loc by name, from a fixed list: reading it
constructs nothing else, runs no code, and anything unexpected (another format, a damaged file) is a miss, read
from the source as always. A file with problems is never kept: its messages are worded in the language of the
run. Entries unused for 30 days are removed (at most once a day).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import hashlib
import json
from pathlib import Path
from typing import Any

from . import model
from .buildcache import mark_used
from .errors import Loc

FOLDER = "sources"
FORMAT = "qanun-source-1"
_CLASSES: dict[str, type] = {cls.__name__: cls for cls in (model.Act, model.Document, model.Provision,
                                                           model.Publication, model.Register, model.Signatory,
                                                           model.Target, model.Change, Loc)}
_ENUMS: dict[str, type[enum.Enum]] = {"ChangeKind": model.ChangeKind}


class _Unexpected(ValueError):
    """What a cache file holds is not a model this version of qanun writes."""


def entry_key(valid_key: str, shown: str) -> str:
    """The name of a source's entry: its schema key (bytes, code, schemas) and its path (the model's positions)."""
    return hashlib.sha256(f"{FORMAT}\0{valid_key}\0{shown}".encode("utf-8")).hexdigest()


def _path(folder: Path, key: str) -> Path:
    return folder / key[:2] / f"{key}.json"


def read(folder: Path | None, key: str) -> model.Act | None:
    """The act kept under `key`, or None (none kept, or not readable as one)."""
    if folder is None:
        return None
    path = _path(folder, key)
    try:
        act = json.loads(path.read_bytes(), object_hook=_decoded)
    except (OSError, ValueError, TypeError, KeyError):
        return None
    if not isinstance(act, model.Act):
        return None
    mark_used(path)
    return act


def write(folder: Path | None, key: str, act: model.Act) -> None:
    """Keep `act` under `key` (atomically; a cache that cannot be written only costs time)."""
    if folder is None:
        return
    from .pipeline import write_bytes_atomic

    try:
        write_bytes_atomic(_path(folder, key), json.dumps(encode(act), ensure_ascii=False,
                                                          separators=(",", ":")).encode("utf-8"))
    except OSError:
        pass


def prune(folder: Path | None, days: int = 30) -> None:
    """Remove the models unused for `days` days, and what a killed build left half-written (at most once a day)."""
    from .buildcache import prune_unused

    prune_unused(folder, ("*/*.json", "*/.*"), days)


# --- the JSON form of the model --------------------------------------------------------------------------

def encode(value: Any) -> Any:
    """A model object as JSON: a dataclass {"c": class, "f": fields}, a tuple {"t": items}, a date {"d": ISO}, an
    enum {"e": class, "v": name}; strings, numbers, booleans and None as they are."""
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, tuple):
        return {"t": [encode(item) for item in value]}
    if isinstance(value, dt.date):
        return {"d": value.isoformat()}
    if isinstance(value, enum.Enum):
        return {"e": type(value).__name__, "v": value.name}
    if dataclasses.is_dataclass(value) and type(value).__name__ in _CLASSES:
        return {"c": type(value).__name__,
                "f": {f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value)}}
    raise _Unexpected(f"cannot keep a {type(value).__name__}")


def decode(value: Any) -> Any:
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if not isinstance(value, dict):
        raise _Unexpected(f"not a model value: {type(value).__name__}")
    if "t" in value:
        return tuple(decode(item) for item in value["t"])
    if "d" in value:
        return dt.date.fromisoformat(value["d"])
    if "e" in value:
        return _ENUMS[value["e"]][value["v"]]
    cls = _CLASSES[value["c"]]
    return cls(**{name: decode(item) for name, item in value["f"].items()})


def _decoded(value: dict[str, Any]) -> Any:
    """`decode` as the JSON parser's object hook: each object is met once the values in it are decoded, so a model is
    read in one pass (a thousand sources' models in a rebuild). A dataclass's fields (an object of field names, none
    of them one letter) come through as they are, and are checked where their dataclass is made."""
    if len(value) == 1 and "t" in value:
        items = value["t"]
        if not isinstance(items, list) or any(isinstance(item, (list, float, dict)) for item in items):
            raise _Unexpected("not a tuple of model values")
        return tuple(items)
    if len(value) == 1 and "d" in value:
        return dt.date.fromisoformat(value["d"])
    if value.keys() == {"e", "v"}:
        return _ENUMS[value["e"]][value["v"]]
    if value.keys() == {"c", "f"}:
        fields = value["f"]
        if not isinstance(fields, dict) or any(isinstance(item, (list, float, dict)) for item in fields.values()):
            raise _Unexpected("not the fields of a model value")
        return _CLASSES[value["c"]](**fields)
    if any(len(name) == 1 for name in value):
        raise _Unexpected("not a model value")
    return value  # the fields of a dataclass, checked above when it is made


__all__ = ["FOLDER", "entry_key", "prune", "read", "write"]
