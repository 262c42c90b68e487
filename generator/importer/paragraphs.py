"""Stage 2: cleaned lines → paragraphs, and the patterns of lines that always stand alone
(a provision's number, the act's number, a rule)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from .clean import Line
from .dates import DATE_LINE

NUMBERED = re.compile(r"^\s*(\d+(?:\.\d+)*)\.\s+(.*)$")
NUMBER_LINE = re.compile(r"^\s*№\s*(\S+)\s*$")
RULE = re.compile(r"^\s*[_\-–—*]{5,}\s*$")
TERMINAL = (".", ";", ":", "!", "?")


@dataclass
class Para:
    lines: list[Line]
    heading: bool = False

    @property
    def no(self) -> int:
        return self.lines[0].no

    @property
    def text(self) -> str:
        return " ".join(" ".join(l.text for l in self.lines).split())

    @property
    def line_texts(self) -> list[str]:
        return [" ".join(l.text.split()) for l in self.lines]


def split_paragraphs(lines: Iterable[Line]) -> list[Para]:
    """Cut lines into paragraphs.

    A PDF extraction puts blank lines inside paragraphs (after a provision's first line, inside a
    stamp), so one blank line ends a paragraph only after final punctuation; two always do. A numbered
    line, a Markdown heading and the standalone lines always start a paragraph of their own.
    """
    out: list[Para] = []
    current: Para | None = None
    blanks = 0
    for line in lines:
        if line.cells:
            current, blanks = None, 0
            continue
        bare = line.text.strip()
        if not bare:
            blanks += 1
            continue
        starts_new = (current is None or line.heading or current.heading or NUMBERED.match(bare)
                      or _standalone(bare) or _standalone(current.text) or blanks >= 2
                      or (blanks == 1 and _ends_paragraph(current.text)))
        if starts_new:
            current = Para([line], line.heading)
            out.append(current)
        else:
            current.lines.append(line)
        blanks = 0
    return out


def _standalone(text: str) -> bool:
    """Lines that are always a paragraph of their own: number, place and date, a rule, a word in capitals."""
    bare = text.strip()
    return bool(NUMBER_LINE.match(bare) or DATE_LINE.match(bare) or RULE.match(bare) or _all_caps(bare))


def _all_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters) and len(text.split()) <= 8


def _ends_paragraph(text: str) -> bool:
    """Final punctuation, or the last word of a title (“… haqqında”, “… barədə”), which has none."""
    return text.endswith(TERMINAL) or bool(re.search(r"\b(haqqında|barədə)[”\"]?$", text))
