"""The pandoc Markdown the DOCX of a version was made from until December 2026, kept as the reference that the
pandoc document qanun now builds itself (render/docx.py `pandoc_blocks`) is checked against: pandoc's Markdown
reader, given this, must build the very same document (tests/test_docx_pdf.py). Not used by qanun."""
from __future__ import annotations

from dataclasses import dataclass

from generator.notes import PREVIOUS_WORDING
from generator.render.docx import escape
from generator.render.layout import Block

DEPTH_STYLES = 4


def _style(name: str, content: str) -> str:
    """A fenced div with a custom style: a named paragraph style in DOCX, a `data-custom-style` in HTML."""
    return f'::: {{custom-style="{name}"}}\n{content}\n:::'


def _provision_style(depth: int) -> str:
    return f"Provision {min(depth, DEPTH_STYLES - 1)}"


@dataclass(frozen=True)
class _Notes:
    """How notes are written: pandoc footnotes at their markers."""

    texts: dict[int, str]  # note number → its Markdown body (paragraphs separated by blank lines)

    def marker(self, number: int | None) -> str:
        if not number or number not in self.texts:
            return ""
        return f"[^{number}]"

    def definitions(self, used: set[int]) -> list[str]:
        out = []
        for number in sorted(used):
            first, *rest = self.texts[number].split("\n\n")
            out.append(f"[^{number}]: {first}" + "".join(f"\n\n    {p}" for p in rest))
        return out


def _note_body(b: Block) -> str:
    paras: list[str] = []
    for text, previous in zip(b.lines, b.previous):
        paras.append(escape(text))
        if previous:
            paras.append(escape(PREVIOUS_WORDING))
            paras += [f"~~{escape(line)}~~" for line in previous.split("\n") if line.strip()]
    return "\n\n".join(paras)


def to_pandoc_markdown(blocks: list[Block]) -> str:
    """The version as pandoc Markdown; notes as footnotes at their markers."""
    notes = _Notes({int(b.num): _note_body(b) for b in blocks if b.kind == "note"})
    used: set[int] = set()

    def mark(number: int | None) -> str:
        if number in notes.texts:
            used.add(number)
        return notes.marker(number)

    out: list[str] = []
    for b, after in zip(blocks, [*blocks[1:], None]):
        if b.kind == "note" or (b.kind == "list_heading" and after is not None and after.kind == "note"):
            continue  # notes go to their markers; the heading of their list comes back only for unplaced ones
        out.append(_block(b, mark))
    unplaced = [b for b in blocks if b.kind == "note" and int(b.num) not in used]
    if unplaced:  # a note with no marker in the text still must be read: list it as the official texts do
        out.append(_heading(2, escape(_changes_heading(blocks))))
        out += [f"\\[{b.num}\\] {notes.texts[int(b.num)]}" for b in unplaced]
    out += notes.definitions(used)
    return "\n\n".join(part for part in out if part) + "\n"


def _changes_heading(blocks: list[Block]) -> str:
    """The heading of the list of changes as the layout gives it (the last list heading)."""
    headings = [b.text for b in blocks if b.kind == "list_heading"]
    return headings[-1] if headings else ""


def _heading(level: int, content: str) -> str:
    return f"{'#' * min(level, 6)} {content}"


def _block(b: Block, mark) -> str:
    if b.kind == "header":
        rows = [f"| {escape(label)} | {escape(value)} |" for label, value in b.rows]
        return "\n".join(["| | |", "|---|---|", *rows])  # an empty header row: a headerless table
    if b.kind == "status":
        return _style("Status", escape(b.text))
    if b.kind == "title":
        return _heading(1, escape(b.text) + mark(b.note))
    if b.kind == "enacting":
        return _style("Enacting", escape(b.text))
    if b.kind == "list_heading":
        return _heading(2, escape(b.text))
    if b.kind == "provision":
        return _provision(b, mark)
    if b.kind == "signature":
        return _style("Signature", "\\\n".join(escape(line) for line in b.lines))
    if b.kind == "stamp":
        return _style("Stamp", escape(b.text))
    if b.kind == "source":
        return _style("Source", f"{escape(b.num)}\\. {escape(b.text)}")
    return escape(b.text)


def _provision(b: Block, mark) -> str:
    """A provision with its number as printed; one with a heading (hissə, maddə) is a Word heading."""
    number = f"{escape(b.num)}\\."
    if b.heading:
        heading = _heading(2 + b.depth, f"{number} {escape(b.heading)}" + ("" if b.text else mark(b.note)))
        if not b.text:
            return heading
        return f"{heading}\n\n" + _style(_provision_style(b.depth), escape(b.text) + mark(b.note))
    text = f" {escape(b.text)}" if b.text else ""
    return _style(_provision_style(b.depth), f"**{number}**{text}{mark(b.note)}")


