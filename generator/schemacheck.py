"""A source checked against its JSON Schema, every problem located and worded for the people who write the
YAML (secretariat staff, not programmers): which field, what is wrong with it, and what would be right.
"""
from __future__ import annotations

import calendar
import datetime as dt
import difflib
import json
import re
from functools import cache
from typing import Any

import jsonschema

from .errors import Diagnostic
from .model import ChangeKind
from .packaged import data_path
from .yamlsource import Located
from .i18n import _

SCHEMA_DIR = data_path("schemas")  # the repository's schemas/, or the copy inside an installed wheel


@cache
def schema(kind: str) -> dict[str, Any]:
    return json.loads((SCHEMA_DIR / f"{kind}.schema.json").read_text(encoding="utf-8"))


@cache
def validator(kind: str) -> jsonschema.Draft202012Validator:
    """One validator per schema, checked and built once (its $refs resolve once, not for every file)."""
    return jsonschema.Draft202012Validator(schema(kind), format_checker=jsonschema.FormatChecker())


def schema_problems(src: Located, kind: str) -> list[Diagnostic]:
    validator_ = validator(kind)
    if validator_.is_valid(src.data):  # most files: no errors to sort and explain
        return []
    problems = []
    for error in sorted(validator_.iter_errors(src.data), key=lambda e: list(map(str, e.absolute_path))):
        path = tuple(error.absolute_path)
        if error.validator == "additionalProperties" and isinstance(error.instance, dict):
            allowed = sorted(error.schema.get("properties", {}))
            for extra in (k for k in error.instance if k not in allowed):
                problems.append(Diagnostic(src.key_loc((*path, extra)), _unknown_field(path, extra, allowed)))
            continue
        # a problem with a whole group of fields, or with a field left empty, is shown at the field's name
        whole = (error.instance is None or isinstance(error.instance, (dict, list))) and path and isinstance(path[-1], str)
        loc = src.key_loc(path) if whole else src.loc(path)
        problems.append(Diagnostic(loc, _explain(error, path, src)))
    return _unique(problems)


def not_a_mapping(data: Any) -> str:
    if data is None:
        return _("the file has no fields (it is empty or holds only comments); an act source is a set of "
                 "`name: value` lines starting with `kind: act` and `id: …`")
    if isinstance(data, list):
        return _("the file holds a list (its lines start with `- `), but an act source is a set of fields such as "
                 "`kind: act` and `id: …`, each at the start of its line: remove the leading `- ` and the indentation")
    return _("the file holds the single value “{value}”, but an act source is a set of fields such as `kind: act` "
             "and `id: …`", value=data)


def _explain(error: jsonschema.ValidationError, path: tuple, src: Located) -> str:
    return _placed(path, _what_is_wrong(error, path, src))


def _placed(path: tuple, message: str) -> str:
    """The message after the name of its place (“change 2, `target.act`: …”), when the place has one."""
    place = _field_name(path)
    if not place:
        return message
    return _("{place}: {message}", place=place, message=message)


def _what_is_wrong(error: jsonschema.ValidationError, path: tuple, src: Located) -> str:
    value = error.instance
    if error.validator == "required":
        missing = [k for k in error.validator_value if k not in (value or {})]
        fields = ", ".join(f"`{m}`" for m in missing)
        if len(missing) > 1:
            return _("missing required fields {fields}", fields=fields)
        return _("missing required field {fields}", fields=fields)
    if error.schema.get("format") == "date" and error.validator in ("type", "pattern", "format"):
        return _bad_date(src.raw(path) if not isinstance(value, str) else value)
    if error.validator == "type" and error.validator_value == "string" and value is None and src.raw(path) in _NULLS:
        # `text: null` or `text: ~`: YAML's words for "no value", which an author may have meant as the text
        return _("“{written}” was read as no value; write it in quotes (\"{written}\") if it is the text, or delete "
                 "the field", written=src.raw(path))
    if error.validator == "type" and error.validator_value == "string" and isinstance(value, (int, float, bool)):
        written = src.raw(path) or str(value)
        if isinstance(value, bool):
            return _("“{written}” was read as a yes/no value ({value}); write it in quotes (\"{written}\") so it "
                     "stays exactly as written", written=written, value=repr(value))
        return _("“{written}” was read as a number ({value}); write it in quotes (\"{written}\") so it stays "
                 "exactly as written", written=written, value=repr(value))
    if error.validator == "type":
        return _("expected {expected}, found {found}", expected=_type_name(str(error.validator_value)),
                 found=_describe(value))
    if error.validator == "pattern":
        return _bad_pattern(error.validator_value, value)
    if error.validator == "enum":
        close = difflib.get_close_matches(str(value), list(map(str, error.validator_value)), n=1)
        allowed = ", ".join(map(str, error.validator_value))
        if close:
            return _("“{value}” is not allowed (did you mean “{close}”?); expected one of: {allowed}", value=value,
                     close=close[0], allowed=allowed)
        return _("“{value}” is not allowed; expected one of: {allowed}", value=value, allowed=allowed)
    if error.validator == "const":
        return _("expected `{expected}`, found {found}", expected=_yaml_value(error.validator_value),
                 found=_describe(value))
    if error.validator == "minLength":
        return _("is empty; write the words, or remove the field")
    if error.validator == "minimum":
        if error.validator_value == 1:
            return _("{value} is too small: the smallest allowed is 1 (counting starts at 1)", value=value)
        return _("{value} is too small: the smallest allowed is {minimum}", value=value, minimum=error.validator_value)
    if error.validator in ("oneOf", "minProperties", "maxProperties") and isinstance(value, dict) and path[:1] == ("changes",) \
            and len(path) == 2:
        if "target" not in value:  # reported once, as the missing required field
            return _("missing required field {fields}", fields="`target`")
        actions = [k for k in value if k in _ACTIONS]
        if not actions:
            return _("no action given: say what to do to the target with one of {actions}", actions=", ".join(_ACTIONS))
        if len(actions) > 1:
            return _("{count} actions given ({actions}), but a change has exactly one; split it into one change per "
                     "action", count=len(actions), actions=", ".join(actions))
        if error.validator == "oneOf":
            return _("{problem}", problem=error.context[0].message if error.context else error.message)
        return _("a change has a target and exactly one action (plus optional effective, occurrence, by)")
    if error.validator == "oneOf" and isinstance(value, dict) and "words" in value:
        if "after" in value and "before" in value:
            return _("give either `after:` or `before:`, not both")
        return _("say where the words go: add `after:` or `before:` (exactly one)")
    if error.validator == "oneOf" and path and path[-1] == "occurrence":
        return _("“{value}” is not an occurrence: write a whole number (1 for the first match, 2 for the second …) "
                 "or `all`", value=value)
    return _("{problem}", problem=error.message)  # jsonschema's own words: no case above fits


_ACTIONS = tuple(k.value for k in ChangeKind)
_NULLS = ("null", "Null", "NULL", "~")


def _type_name(json_type: str) -> str:
    names = {"string": _("a text"), "integer": _("a whole number"), "number": _("a number"),
             "boolean": _("true or false"), "array": _("a list (lines starting with `- `)"),
             "object": _("a set of fields (`name: value` lines)")}
    return names.get(json_type, json_type)


def _month(month: int) -> str:
    return (_("January"), _("February"), _("March"), _("April"), _("May"), _("June"), _("July"), _("August"),
            _("September"), _("October"), _("November"), _("December"))[month - 1]


def _describe(value: Any) -> str:
    if value is None:
        return _("nothing (the field has no value)")
    if isinstance(value, bool):
        return _("the yes/no value `{value}`", value=_yaml_value(value))
    if isinstance(value, (int, float)):
        return _("the number {value}", value=value)
    if isinstance(value, list):
        return _("a list")
    if isinstance(value, dict):
        return _("a set of fields")
    return _("“{value}”", value=value)


def _yaml_value(value: Any) -> str:
    """A value as it is written in YAML: true, false, null, act."""
    if value is True or value is False or value is None:
        return {True: "true", False: "false", None: "null"}[value]
    return str(value)


def _bad_date(value: Any) -> str:
    """Why a date field's value is not a date, and how to write it."""
    text = str(value)
    m = re.fullmatch(r"(\d{1,2})[./](\d{1,2})[./](\d{4})", text)
    if m:
        day, month, year = map(int, m.groups())
        try:
            return _("“{text}” is not written as YYYY-MM-DD; write it as {date}", text=text,
                     date=dt.date(year, month, day).isoformat())
        except ValueError:
            pass
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text)
    if m:
        year, month, day = map(int, m.groups())
        if not 1 <= month <= 12:
            return _("“{text}” is not a real date: there is no month {month}", text=text, month=month)
        days = calendar.monthrange(year, month)[1]
        if not 1 <= day <= days:
            return _("“{text}” is not a real date: {month} {year} has {days} days", text=text, month=_month(month),
                     year=year, days=days)
    return _("“{text}” is not a date; write it as YYYY-MM-DD (e.g. 2024-01-13)", text=text)


def _bad_pattern(pattern: str, value: Any) -> str:
    defs = schema("act")["$defs"]
    if pattern == defs["id"]["pattern"]:
        suggestion = re.sub(r"[^a-z0-9]+", "-", str(value).lower()).strip("-")
        if suggestion and suggestion != value:
            return _("“{value}” is not a valid id: use only small letters a-z, digits and hyphens, starting with a "
                     "letter or digit (e.g. “{suggestion}”)", value=value, suggestion=suggestion)
        return _("“{value}” is not a valid id: use only small letters a-z, digits and hyphens, starting with a "
                 "letter or digit", value=value)
    if pattern == defs["num"]["pattern"]:
        return _("“{value}” is not a provision number: write it as printed, without a trailing dot or spaces, "
                 "e.g. “2.10” or “5.9.4”", value=value)
    if pattern == defs["provision_id"]["pattern"]:
        return _("“{value}” is not a valid provision id: use letters, digits, dots, hyphens and underscores",
                 value=value)
    if pattern == "^[0-9]{14}$":
        return _("“{value}” is not a State Register number: it has 14 digits", value=value)
    if pattern == "^[0-9]{3}\\.[0-9]{3}\\.[0-9]{3}$":
        return _("“{value}” is not a classification code: write it like “020.020.020”", value=value)
    return _("“{value}” does not have the expected form", value=value)


def _unknown_field(path: tuple, extra: str, allowed: list[str]) -> str:
    close = difflib.get_close_matches(extra, allowed, n=1)
    if close:
        return _placed(path, _("unknown field `{field}` (did you mean `{close}`?); expected one of: {allowed}",
                               field=extra, close=close[0], allowed=", ".join(allowed)))
    return _placed(path, _("unknown field `{field}`; expected one of: {allowed}", field=extra,
                           allowed=", ".join(allowed)))


def _field_name(path: tuple) -> str:
    """How a message names the place: “change 2, `target.act`”, “`register.entered`”, “this provision”."""
    if not path:
        return ""
    if path[0] == "changes" and len(path) > 1 and isinstance(path[1], int):
        rest = _dotted(path[2:])
        if rest:
            return _("change {number}, `{field}`", number=path[1] + 1, field=rest)
        return _("change {number}", number=path[1] + 1)
    rest = _dotted(path)
    if rest:
        return f"`{rest}`"
    return _this_item(str(path[-2]) if len(path) > 1 else "")


def _this_item(kind: str) -> str:
    items = {"provisions": _("this provision"), "children": _("this provision"), "annexes": _("this annex"),
             "publication": _("this publication"), "signatories": _("this signatory"),
             "classification": _("this classification code"), "changes": _("this change")}
    return items.get(kind, _("this item"))


def _dotted(path: tuple) -> str:
    """The trailing field names of a path (“register.entered”), without list positions."""
    names: list[str] = []
    for part in reversed(path):
        if not isinstance(part, str):
            break
        names.insert(0, part)
    return ".".join(names)


def _unique(problems: list[Diagnostic]) -> list[Diagnostic]:
    seen, out = set(), []
    for p in problems:
        if (p.loc, p.message) not in seen:
            seen.add((p.loc, p.message))
            out.append(p)
    return out
