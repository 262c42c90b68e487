"""Stage 1: the raw text → numbered, cleaned lines.

Markdown-ish markup comes off, ~~struck~~ (deleted) words go with the punctuation their deletion leaves
doubled, note references become private-use markers, and words that a PDF split at a line end are
joined again. Also the small text helpers the later stages share.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Callable

from ..language import az_casefold

NOTE_OPEN, NOTE_CLOSE = "\ue000", "\ue001"  # private-use characters mark a note reference inside a line

Reporter = Callable[[int, str], None]  # report(line, message): what the importer could not place


@dataclass(frozen=True)
class Line:
    no: int
    text: str  # cleaned: no markup, single spaces
    heading: bool = False  # a Markdown heading (`### …`): a paragraph of its own
    cells: tuple[str, ...] = ()  # a table row (tab-separated)


def clean_lines(text: str) -> list[Line]:
    """Numbered, cleaned lines; blank lines kept (as empty text) because paragraphs are cut at them."""
    raw = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n")).split("\n")
    lines: list[Line] = []
    for no, original in enumerate(raw, 1):
        if "\t" in original:
            cells = tuple(" ".join(_unmark(c)[0].split()) for c in original.split("\t"))
            lines.append(Line(no, " ".join(c for c in cells if c), cells=cells))
            continue
        cleaned, heading = _unmark(original)
        lines.append(Line(no, cleaned.rstrip(), heading))
    return _dehyphenate(lines)


def _unmark(line: str) -> tuple[str, bool]:
    """Markdown-ish markup off; note references become NOTE_OPEN n NOTE_CLOSE. Returns (text, is_heading)."""
    line = re.sub(r"\[\\\[(\d+)\\\]\]\(#[^)]*\)", rf"{NOTE_OPEN}\1{NOTE_CLOSE}", line)  # [\[2\]](#)
    line = re.sub(r"<sup>\s*\[(\d+)\]\s*</sup>", rf"{NOTE_OPEN}\1{NOTE_CLOSE}", line)
    line = _strike(line)
    line = re.sub(r"\[([^\]]*)\]\(#[^)]*\)", r"\1", line)  # [words](#): a link to nowhere, keep the words
    line = re.sub(r"</?(b|strong|i|em|u|sup|sub|span|p|br)\b[^>]*>", "", line)
    line = line.replace("**", "")
    heading = re.match(r"\s*#{1,6}\s+", line)
    if heading:
        line = line[heading.end():]
    return line, bool(heading)


def _strike(line: str) -> str:
    """Remove ~~struck~~ words, the deleted ones, with the punctuation the deletion leaves doubled:
    “faktura, ~~x~~, yük” → “faktura, yük”; “faktura ~~x~~ əsasında” → “faktura əsasında”."""
    def drop(m: re.Match) -> str:
        comma_before, after = m.group(1), m.group(2)
        if after and after != ",":
            return after + " "  # a final . ; : stays, attached to the word before
        return ", " if comma_before or after else " "
    return re.sub(r"(\s*,)?\s*~~.+?~~\s*([,.;:])?", drop, line)


def _dehyphenate(lines: list[Line]) -> list[Line]:
    """A line ending in “letter-” whose next non-blank line starts in lower case: one word split by a PDF.

    The blank lines between the halves (page layout) go too.
    """
    out = list(lines)
    i = 0
    while i < len(out):
        line = out[i]
        if not line.cells and re.search(r"\w-$", line.text):
            j = i + 1
            while j < len(out) and not out[j].text.strip():
                j += 1
            if j < len(out) and not out[j].cells and out[j].text.lstrip()[:1].islower():
                head, _, rest = out[j].text.lstrip().partition(" ")
                out[i] = Line(line.no, line.text[:-1] + head, line.heading)
                tail = Line(out[j].no, rest, out[j].heading)
                out[i + 1:j + 1] = [tail] if rest.strip() else []
                continue
        i += 1
    return out


def take_note(text: str) -> tuple[str, int | None]:
    """Strip note references from a provision's text; the marker stands after its final punctuation."""
    found = re.findall(rf"{NOTE_OPEN}(\d+){NOTE_CLOSE}", text)
    text = " ".join(re.sub(rf"\s*{NOTE_OPEN}\d+{NOTE_CLOSE}", "", text).split())
    return text, int(found[-1]) if found else None


def same(a: str, b: str) -> bool:
    """Equal but for case and spacing."""
    return " ".join(az_casefold(a).split()) == " ".join(az_casefold(b).split())


def short(text: str, n: int = 60) -> str:
    """A paragraph cut to fit a report."""
    return text if len(text) <= n else text[: n - 1] + "…"
