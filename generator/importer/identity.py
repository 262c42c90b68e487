"""Who issued the act, its type, number and adoption date, and the id the project gives it.

The header table says so, but the act's own words (closing date and number line, enacting formula) and
the approval stamps of its annexes say so too: where they differ the choice is reported.
"""
from __future__ import annotations

import datetime as dt
import re

from ..language import ascii_fold, az_casefold
from .annexes import Stamp
from .body import FORMULA
from .clean import Reporter
from .dates import date_dotted
from .header import HeaderValue
from .paragraphs import Para
from ..i18n import _

_TYPE_WORDS = {"qərar": "qərar", "qərarı": "qərar", "fərman": "fərman", "fərmanı": "fərman", "sərəncam": "sərəncam",
               "sərəncamı": "sərəncam", "əmr": "əmr", "əmri": "əmr", "qanun": "qanun", "qanunu": "qanun",
               "məcəllə": "məcəllə", "məcəlləsi": "məcəllə"}
_POSSESSIVE_TYPE_WORDS = {word for word, kind in _TYPE_WORDS.items() if word != kind}  # qərarı, fərmanı …
_ISSUERS = (("nazirlər kabineti", "nk"), ("prezident", "prezident"), ("milli məclis", "mm"))


def act_kind(values: list[HeaderValue], stamps: list[Stamp], front: list[Para],
             report: Reporter) -> tuple[str, str | None, str | None]:
    """(type, type_name, issuer): the header's AKTIN NÖVÜ gives a type name (“… QƏRARI”) or an issuer;
    the type is its last word, else a stamp's, else the enacting formula's verb."""
    type_name = next((v.value for v in values if _type_like(v.value)), None)
    issuer = next((v.value for v in values if not _type_like(v.value)), None)
    words = [type_name.split()[-1]] if type_name else []
    words += [s.type_word for s in stamps]
    for word in words:
        kind = _TYPE_WORDS.get(az_casefold(word).strip(".,"))
        if kind:
            return kind, type_name, issuer
    formula = next((m.group(1) for para in front if (m := FORMULA.search(az_casefold(para.text)))), "")
    if az_casefold(formula).startswith("qərara"):
        return "qərar", type_name, issuer
    if az_casefold(formula).startswith("fərman"):
        return "fərman", type_name, issuer
    report(1, _("the act's type (qərar, fərman …) is not stated; `type: qərar` written: check it"))
    return "qərar", type_name, issuer


def _type_like(value: str) -> bool:
    last = az_casefold(value.split()[-1]) if value.split() else ""
    return last in _TYPE_WORDS


def act_number(values: list[HeaderValue], closing_number: tuple[str, int] | None, stamps: list[Stamp],
               report: Reporter) -> str | None:
    """The header's and the closing line's number; where they differ, the one a stamp confirms, else the last."""
    candidates = [(v.value, v.line) for v in values]
    if closing_number:
        candidates.append(closing_number)
    stamp_numbers = {s.number for s in stamps}
    distinct = list(dict.fromkeys(value for value, _ in candidates))
    if len(distinct) <= 1:
        chosen = distinct[0] if distinct else next(iter(stamp_numbers), None)
    else:
        confirmed = [n for n in distinct if n in stamp_numbers]
        chosen = confirmed[0] if confirmed else candidates[-1][0]
        for value, line in candidates:
            if value != chosen and confirmed:
                report(line, _("number {value} differs from {chosen}; kept {chosen} (the approval stamp agrees)",
                               value=value, chosen=chosen))
            elif value != chosen:
                report(line, _("number {value} differs from {chosen}; kept {chosen} (the last one given)",
                               value=value, chosen=chosen))
    for stamp in stamps:
        if chosen and stamp.number != chosen:
            report(stamp.line, _("the approval stamp gives number {stamp}, the act {chosen}", stamp=stamp.number,
                                 chosen=chosen))
    return chosen


def adoption_date(values: list[HeaderValue], from_closing: tuple[dt.date, int] | None, stamps: list[Stamp],
                  report: Reporter) -> dt.date | None:
    """The first date given (header, date line, stamps); every other that differs is reported."""
    dates = [(d, v.line) for v in values if (d := date_dotted(v.value, v.line, report))]
    if from_closing:
        dates.append(from_closing)
    dates += [(s.adopted, s.line) for s in stamps]
    if not dates:
        report(1, _("no adoption date found (header, date line or stamp); `adopted` must be filled in"))
        return None
    chosen = dates[0][0]
    for day, line in dates[1:]:
        if day != chosen:
            report(line, _("date {day} differs from the adoption date {chosen}", day=day, chosen=chosen))
    return chosen


def cited_as(stamps: list[Stamp]) -> str | None:
    """How citations name the act, from an approval stamp that names it so (“… Kabinetinin … Qərarı”)."""
    if stamps and az_casefold(stamps[0].type_word) in _POSSESSIVE_TYPE_WORDS:
        return f"{stamps[0].issuer} {stamps[0].type_word}"
    return None


def derive_id(issuer: str | None, type_name: str | None, stamp_issuer: str | None, adopted: dt.date | None,
              number: str | None) -> str:
    """`<issuer>-<year>-<number>` as the project names acts: nk-2024-21, vn-kollegiya-2019-191705000007900."""
    who = az_casefold(" ".join(filter(None, (type_name, stamp_issuer, issuer))))
    prefix = next((short for name, short in _ISSUERS if name in who), None)
    if prefix is None:
        ministry = re.search(r"(\w+)\s+nazirliyi", who)
        prefix = f"{ascii_fold(ministry.group(1))[0]}n" if ministry else "akt"
        if "kollegiya" in who:
            prefix += "-kollegiya"
    year = str(adopted.year) if adopted else "0000"
    tail = re.sub(r"[^a-z0-9]+", "-", ascii_fold(number or "x")).strip("-") or "x"
    return f"{prefix}-{year}-{tail}"
