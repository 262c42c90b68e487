"""Edits on a provision's text that remember what was deleted and inserted.

A text is a tuple of segments: "same" (unchanged wording), "ins" (brought in by the changes of
this version) and "del" (taken out by them). What a reader sees is the same and ins segments;
the changes view shows all three. Offsets always refer to the visible text.
"""
from __future__ import annotations

from dataclasses import dataclass

SAME, INS, DEL = "same", "ins", "del"

# After words are taken out, a space may be left next to punctuation or another space. Only the
# junction of the edit is tidied: official wording elsewhere is never touched.
_NO_SPACE_BEFORE = set(" ,.;:!?)”")
_NO_SPACE_AFTER = set("(“")


@dataclass(frozen=True)
class Segment:
    kind: str
    text: str


def plain(text: str) -> tuple[Segment, ...]:
    return (Segment(SAME, text),) if text else ()


def visible(segments: tuple[Segment, ...]) -> str:
    return "".join(s.text for s in segments if s.kind != DEL)


def edit(segments: tuple[Segment, ...], start: int, end: int, new: str) -> tuple[Segment, ...]:
    """Replace visible[start:end] with `new`, keeping the old words as deleted."""
    out: list[Segment] = []
    pos = 0
    placed = False
    for seg in segments:
        if seg.kind == DEL:
            out.append(seg)
            continue
        a, b = pos, pos + len(seg.text)
        pos = b
        before, middle, after = seg.text[: max(0, start - a)], seg.text[max(0, start - a): max(0, end - a)], seg.text[max(0, end - a):]
        if b <= start:
            before, middle, after = seg.text, "", ""
        elif a >= end:
            before, middle, after = "", "", seg.text
        if before:
            out.append(Segment(seg.kind, before))
        if middle and seg.kind == SAME:
            out.append(Segment(DEL, middle))
        if not placed and b >= end and (after or b > start or a >= end):
            placed = _place(out, new)
        if after:
            out.append(Segment(seg.kind, after))
    if not placed:
        _place(out, new)
    return _merge(out)


def _place(out: list[Segment], new: str) -> bool:
    if new:
        out.append(Segment(INS, new))
    return True


def _merge(segments: list[Segment]) -> tuple[Segment, ...]:
    merged: list[Segment] = []
    for seg in segments:
        if merged and merged[-1].kind == seg.kind:
            merged[-1] = Segment(seg.kind, merged[-1].text + seg.text)
        elif seg.text:
            merged.append(seg)
    return tuple(merged)


def tidy(segments: tuple[Segment, ...], *junctions: int) -> tuple[Segment, ...]:
    """Remove a space that an edit left at `junctions` next to punctuation, a space, or an edge."""
    for junction in sorted(junctions, reverse=True):
        for _ in range(2):
            text = visible(segments)
            j = min(junction, len(text))
            if j > 0 and text[j - 1] == " " and (j == len(text) or text[j] in _NO_SPACE_BEFORE):
                segments = edit(segments, j - 1, j, "")
                junction = j - 1
            elif j < len(text) and text[j] == " " and (j == 0 or text[j - 1] in _NO_SPACE_AFTER):
                segments = edit(segments, j, j + 1, "")
            else:
                break
    return segments


def find_words(text: str, words: str) -> list[tuple[int, int]]:
    """Whole-word occurrences: “Vergilər Nazirliyi” does not match inside “Vergilər Nazirliyinə”. What
    `re.finditer` of the words between `(?<!\\w)` and `(?!\\w)` finds (each where the words begin and end with a word
    character), without compiling a pattern for each change (a thousand acts' amendments are thousands of them)."""
    left, right = _word_char(words[0]), _word_char(words[-1])
    found: list[tuple[int, int]] = []
    start = text.find(words)
    while start >= 0:
        end = start + len(words)
        if (left and start and _word_char(text[start - 1])) or (right and end < len(text) and _word_char(text[end])):
            start = text.find(words, start + 1)
        else:
            found.append((start, end))
            start = text.find(words, end)
    return found


def _word_char(c: str) -> bool:
    """`\\w` of `re` (Unicode): a letter, a digit or a numeric character, or the underscore."""
    return c.isalnum() or c == "_"
