"""Dates as the texts write them, and acts cited by date and number.

“Bakı şəhəri, 5 mart 2024-cü il” closes an act, “05.03.2024” fills the header table, and
“2010-cu il 1 iyun tarixli 99 nömrəli” (or “1 iyun 2010-cu il tarixli …”) cites another act.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..language import _MONTHS as MONTHS  # the month names format_date writes: read back the same words
from .clean import Reporter
from ..i18n import _

_MONTH = "|".join(MONTHS)
_ORD = r"-?c[iıuü]"  # the year's ordinal suffix (2024-cü), the hyphen sometimes lost

DATE_LINE = re.compile(rf"^\s*([^,]+?),\s*(\d{{1,2}})\s+({_MONTH})\s+(\d{{4}}){_ORD}\s+il\.?\s*$", re.I)
_ACT_DATE = re.compile(rf"(?:(\d{{4}}){_ORD} il (\d{{1,2}}) ({_MONTH})|(\d{{1,2}}) ({_MONTH}) (\d{{4}}){_ORD} il)"
                       r" tarixli (\S+) nömrəli", re.I)


def date_words(day: str, month: str, year: str) -> dt.date:
    return dt.date(int(year), MONTHS.index(month.lower()) + 1, int(day))


def date_dotted(value: str, line: int, report: Reporter) -> dt.date | None:
    """“05.03.2024” (or with - or /); anything else but an empty value is reported."""
    m = re.fullmatch(r"(\d{1,2})[.\-/](\d{1,2})[.\-/](\d{4})", value.strip())
    try:
        return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1))) if m else None
    except ValueError:
        pass
    if value.strip():
        report(line, _("“{value}” is not a date (dd.mm.yyyy); not imported", value=value))
    return None


@dataclass(frozen=True)
class Cited:
    """An act named as “<date> tarixli <number> nömrəli <issuer and type>”."""

    adopted: dt.date
    number: str
    start: int
    end: int


def cited_acts(text: str) -> list[Cited]:
    out = []
    for m in _ACT_DATE.finditer(text):
        if m.group(1):
            adopted = date_words(m.group(2), m.group(3), m.group(1))
        else:
            adopted = date_words(m.group(4), m.group(5), m.group(6))
        out.append(Cited(adopted, m.group(7), m.start(), m.end()))
    return out
