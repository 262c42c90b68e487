"""What stands between the last provision and the first annex: signature, place and date, number."""
from __future__ import annotations

import re
from typing import Any

from ..language import az_casefold
from .clean import Reporter, short
from .dates import DATE_LINE, date_words
from .paragraphs import NUMBER_LINE, Para
from ..i18n import _

_INSTITUTION_STEMS = ("azərbaycan", "respublika", "nazir", "kabinet", "prezident", "məclis", "agentli", "komitə",
                      "xidmət", "qrup", "şəhər", "bakı", "kollegiya", "milli", "dövlət", "mərkəz", "reyestr", "hüquq")


def read_closing(paras: list[Para], report: Reporter) -> dict[str, Any]:
    """`place`, `date_line`, `adopted` and `number` (each with its line), `signatories`: what was found."""
    out: dict[str, Any] = {}
    signature_lines: list[tuple[str, int]] = []
    for para in paras:
        text = para.text
        date = DATE_LINE.match(text)
        number = NUMBER_LINE.match(text)
        if date:
            out["place"] = date.group(1).strip()
            out["date_line"] = text
            out["adopted"] = (date_words(date.group(2), date.group(3), date.group(4)), para.no)
        elif number:
            out["number"] = (number.group(1), para.no)
        elif _sentence_like(text):
            report(para.no, _("paragraph after the provisions not placed: “{text}”", text=short(text)))
        else:
            signature_lines += [(t, line.no) for t, line in zip(para.line_texts, para.lines) if t]
    if signature_lines:
        out["signatories"] = _signatories(signature_lines, report)
    return out


def _signatories(lines: list[tuple[str, int]], report: Reporter) -> list[dict[str, str]]:
    """Names and positions: a position stands after its name when the block starts with a name, else before."""
    names = [i for i, (text, _) in enumerate(lines) if _looks_like_name(text)]
    if not names:
        report(lines[0][1], _("signature block without a recognisable name; not imported: “{text}”",
                              text=short(" ".join(t for t, _line in lines))))
        return []
    out = []
    name_first = names[0] == 0
    bounds = names + [len(lines)]
    for k, at in enumerate(names):
        if name_first:
            position = lines[at + 1: bounds[k + 1]]
        else:
            position = lines[(names[k - 1] + 1 if k else 0): at]
        entry = {"name": lines[at][0]}
        if position:
            entry["position"] = " ".join(t for t, _ in position)
        out.append(entry)
    if not name_first and names[-1] != len(lines) - 1:
        rest = lines[names[-1] + 1:]
        report(rest[0][1], _("lines after the last signatory not placed: “{text}”",
                             text=short(" ".join(t for t, _line in rest))))
    return out


def split_signature(para: Para) -> tuple[Para | None, Para]:
    """Lines up to the last personal name are a signature, the rest the stamp they ran into."""
    names = [i for i, line in enumerate(para.lines) if _looks_like_name(line.text)]
    if not names or names[-1] == len(para.lines) - 1:
        return None, para
    cut = names[-1] + 1
    return Para(para.lines[:cut]), Para(para.lines[cut:])


def _sentence_like(text: str) -> bool:
    """Running text, not a signature block (names and positions are short and end without a full stop)."""
    return text.endswith(".") and len(text.split()) > 6


def _looks_like_name(text: str) -> bool:
    """“Əli Əsədov”, “Mikayıl Cabbarov”, “Ə.Əsədov”: two or three capitalised words that name no institution
    (a wrapped line “Azərbaycan Respublikası Nazirlər” is capitalised too)."""
    word = r"[A-ZÇƏĞİÖŞÜ][a-zçəğıiöşü]+(?:-[A-ZÇƏĞİÖŞÜ][a-zçəğıiöşü]+)?"
    if not re.fullmatch(rf"(?:{word}|[A-ZÇƏĞİÖŞÜ]\.)(?:\s*{word}){{1,2}}", text.strip()):
        return False
    return not any(az_casefold(w).startswith(_INSTITUTION_STEMS) for w in text.split())
