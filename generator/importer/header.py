"""The State Register's header table: `label<TAB>value` rows (AKTIN NÖVÜ, QƏBUL EDİLDİYİ TARİX …).

Reading the rows, and the fields that only the header gives: entry into force, classification codes,
official publication and the register entry. Type, number and adoption date are checked against the
act's own words in identity.py.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Sequence

from ..language import az_casefold
from .clean import Line, Reporter, short
from .dates import date_dotted
from ..i18n import _

_FIELDS = (  # (field, test on the casefolded label); more specific first
    ("register_entered", lambda l: "daxil edildiyi tarix" in l),
    ("register_number", lambda l: "reyestrinin qeydiyyat nömrəsi" in l),
    ("classification", lambda l: "indeks kodu" in l),
    ("kind", lambda l: l == "aktın növü"),
    ("adopted", lambda l: l == "qəbul edildiyi tarix"),
    ("number", lambda l: l == "qeydiyyat nömrəsi"),
    ("title", lambda l: l == "adı"),
    ("publication", lambda l: l == "rəsmi dərc edildiyi mənbə"),
    ("in_force", lambda l: l == "qüvvəyə minmə tarixi"),
)


@dataclass(frozen=True)
class HeaderValue:
    field: str
    value: str
    line: int


def read_header(lines: Sequence[Line], report: Reporter) -> list[HeaderValue]:
    """Every `label<TAB>value` row; a label split over two rows (the second with no value) is joined."""
    values: list[HeaderValue] = []
    pending: Line | None = None
    for line in (l for l in lines if l.cells):
        label, value = line.cells[0], " ".join(c for c in line.cells[1:] if c)
        if pending is not None:
            joined = f"{pending.cells[0]} {label}"
            name = _field(joined)
            if name and not value:
                values.append(HeaderValue(name, " ".join(c for c in pending.cells[1:] if c), pending.no))
                pending = None
                continue
            report(pending.no, _("header row “{row}” is not a State Register field; not imported",
                                 row=pending.cells[0]))
            pending = None
        name = _field(label)
        if name:
            values.append(HeaderValue(name, value, line.no))
        else:
            pending = line
    if pending is not None:
        report(pending.no, _("header row “{row}” is not a State Register field; not imported",
                                 row=pending.cells[0]))
    return values


def _field(label: str) -> str | None:
    folded = " ".join(az_casefold(label).split())
    return next((name for name, test in _FIELDS if test(folded)), None)


def given(header: list[HeaderValue], name: str) -> list[HeaderValue]:
    """The non-empty values of one field (a consolidated text may repeat the table)."""
    return [v for v in header if v.field == name and v.value]


def header_fields(header: list[HeaderValue], report: Reporter) -> dict[str, Any]:
    """`in_force`, `classification` and `publication`, in the order the source writes them."""
    out: dict[str, Any] = {}
    days = [d for v in given(header, "in_force") if (d := date_dotted(v.value, v.line, report))]
    if days:
        out["in_force"] = days[0]
    codes: list[str] = []
    for v in given(header, "classification"):
        for code in re.split(r"[;,\s]+", v.value):
            if re.fullmatch(r"\d{3}\.\d{3}\.\d{3}", code):
                codes.append(code)
            elif code:
                report(v.line, _("“{code}” is not a classification code (000.000.000); not imported", code=code))
    if codes:
        out["classification"] = list(dict.fromkeys(codes))
    for v in given(header, "publication"):
        publication = read_publication(v.value)
        if publication:
            out.setdefault("publication", []).append(publication)
        else:
            report(v.line, _("official publication “{text}” not understood; not imported", text=short(v.value)))
    return out


def read_publication(value: str) -> dict[str, Any] | None:
    """“<source> (Dərc olunma tarixi: 31-12-2009, Nəşr nömrəsi: 12, Maddə nömrəsi: 1068)”."""
    m = re.fullmatch(r"(.+?)\s*\((.*)\)\s*", value)
    if not m:
        return {"source": value} if value else None
    out: dict[str, Any] = {"source": m.group(1)}
    for key, val in re.findall(r"([^:,]+):\s*([^,]+)", m.group(2)):
        key = az_casefold(key.strip())
        if "tarix" in key and (d := re.fullmatch(r"(\d{2})-(\d{2})-(\d{4})", val.strip())):
            out["date"] = dt.date(int(d.group(3)), int(d.group(2)), int(d.group(1)))
        elif "nəşr" in key:
            out["issue"] = val.strip()
        elif "maddə" in key:
            out["article"] = val.strip()
        else:
            return None
    return out


def register(header: list[HeaderValue], report: Reporter) -> dict[str, Any] | None:
    """The State Register entry: its 14-digit number and the day it was entered, both or nothing."""
    numbers = list(dict.fromkeys(v.value for v in given(header, "register_number")))
    entered = [d for v in given(header, "register_entered") if (d := date_dotted(v.value, v.line, report))]
    if not numbers and not entered:
        return None
    line = next(v.line for v in header if v.field in ("register_number", "register_entered"))
    if len(numbers) != 1 or not re.fullmatch(r"\d{14}", numbers[0]) or not entered:
        if numbers:
            report(line, _("State Register entry incomplete or inconsistent ({numbers}); not imported",
                           numbers=", ".join(numbers)))
        else:
            report(line, _("State Register entry incomplete or inconsistent (no number); not imported"))
        return None
    return {"number": numbers[0], "entered": entered[0]}
