"""Plain text and Markdown renderings of a consolidated version, from the shared layout."""
from __future__ import annotations

import re

from .layout import PREVIOUS_WORDING, Block


def to_txt(blocks: list[Block]) -> str:
    out: list[str] = []
    for b in blocks:
        if b.kind == "header":
            out.append("\n".join(f"{label}\t{value}" for label, value in b.rows))
        elif b.kind == "provision":
            out.append(_provision_line(b, b.text))
        elif b.kind == "title":
            out.append(b.text + _marker(b.note))
        elif b.kind == "signature":
            out.append("\n".join(b.lines))
        elif b.kind == "source":
            out.append(f"{b.num}. {b.text}")
        elif b.kind == "note":
            out.append(_note_txt(b))
        else:
            out.append(b.text)
    return "\n\n".join(out) + "\n"


def _provision_line(b: Block, text: str) -> str:
    head = f"{b.num}. {b.heading}" if b.heading else f"{b.num}."
    if b.heading and text:
        return f"{head}\n\n{text}{_marker(b.note)}"
    return f"{head} {text}".rstrip() + _marker(b.note)


def _marker(note: int | None) -> str:
    return f" [{note}]" if note else ""


def _note_txt(b: Block) -> str:
    paras = []
    for i, (text, previous) in enumerate(zip(b.lines, b.previous)):
        paras.append(f"[{b.num}] {text}" if i == 0 else text)
        if previous:
            paras.append(f"{PREVIOUS_WORDING}\n\n{previous}")
    return "\n\n".join(paras)


# Markdown: every character that Markdown (or its common extensions) could read as markup is
# escaped, so source text always shows as written.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~:])")


def md_escape(text: str) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", text)


def to_md(blocks: list[Block]) -> str:
    out: list[str] = []
    for b in blocks:
        e = md_escape
        if b.kind == "header":
            rows = [f"| {e(label)} | {e(value)} |" for label, value in b.rows]
            out.append("\n".join(["| | |", "| --- | --- |", *rows]))
        elif b.kind == "status":
            out.append(f"*{e(b.text)}*")
        elif b.kind == "title":
            out.append(f"## {e(b.text)}{_md_marker(b.note)}")
        elif b.kind in ("enacting", "list_heading"):
            out.append(f"### {e(b.text)}")
        elif b.kind == "provision":
            heading = f" {e(b.heading)}" if b.heading else ""
            text = f" {e(b.text)}" if b.text else ""
            out.append(f"**{e(b.num)}\\.**{heading}{text}{_md_marker(b.note)}")
        elif b.kind == "signature":
            out.append("  \n".join(f"**{e(line)}**" for line in b.lines))
        elif b.kind == "stamp":
            out.append(f"*{e(b.text)}*")
        elif b.kind == "source":
            out.append(f"{e(b.num)}\\. {e(b.text)}")
        elif b.kind == "note":
            out.append(_note_md(b))
        else:
            out.append(e(b.text))
    return "\n\n".join(out) + "\n"


def _md_marker(note: int | None) -> str:
    return f" \\[{note}\\]" if note else ""


def _note_md(b: Block) -> str:
    paras = []
    for i, (text, previous) in enumerate(zip(b.lines, b.previous)):
        paras.append(f"\\[{b.num}\\] {md_escape(text)}" if i == 0 else md_escape(text))
        if previous:
            paras.append(md_escape(PREVIOUS_WORDING))
            paras += [f"~~{md_escape(line)}~~" for line in previous.split("\n")]
    return "\n\n".join(paras)
