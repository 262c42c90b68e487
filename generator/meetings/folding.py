"""How the leak scan compares text: unescaped (JSON, HTML, URL), folded the Azerbaijani way and to the letters people
type without an Azerbaijani keyboard, and split into words, so that case, whitespace, markup and escaping do not
hide a value (meetings/leakscan.py)."""
from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import fields, is_dataclass
from typing import Any
from urllib.parse import unquote

from ..language import az_casefold

_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")  # soft hyphen, zero-width characters
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_WORD = re.compile(r"\w+")
_JSON_U = re.compile(r"\\u([0-9a-fA-F]{4})")
_JSON_CHAR = re.compile(r"\\([\"\\/bfnrt])")
_JSON_CHARS = {'"': '"', "\\": "\\", "/": "/", "b": " ", "f": " ", "n": "\n", "r": "\n", "t": "\t"}
_PERCENT = re.compile(r"(?:%[0-9A-Fa-f]{2})+")
_TAG = re.compile(r"<[^<>]{0,4000}>")


def fold(text: str) -> str:
    """A text folded for comparison: Azerbaijani case (az_casefold), then the letters people type without an
    Azerbaijani keyboard, as language.ascii_fold and the search index do (ş→s, ə→e …), accents and ligatures
    included; soft hyphens and zero-width characters dropped. Written with regular expressions and replace:
    str.translate is slow on megabytes."""
    folded = unicodedata.normalize("NFKD", az_casefold(_INVISIBLE.sub("", text)))
    return _COMBINING.sub("", folded).replace("ə", "e").replace("ı", "i")


def words(text: str) -> list[str]:
    """The words of a text, folded for comparison (`fold`)."""
    return _WORD.findall(fold(text))


def unescape(text: str) -> str:
    """Undo JSON, HTML and URL escaping (repeatedly: a JSON string may hold escaped HTML)."""
    for _round in range(4):
        before = text
        if "\\u" in text:
            text = _JSON_U.sub(lambda m: chr(int(m.group(1), 16)), text)
            text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")  # join surrogate pairs
        if "\\" in text:
            text = _JSON_CHAR.sub(lambda m: _JSON_CHARS[m.group(1)], text)
        if "&" in text:
            text = html.unescape(text)
        if "%" in text:
            text = _PERCENT.sub(lambda m: unquote(m.group()), text)
        if text == before:
            break
    return text


def variants(text: str) -> Iterator[str]:
    """The ways a value can stand in a file: the text with tags as word breaks; the tags themselves (attribute
    values: title="…", alt, meta content); the text with tags removed (inline markup inside a word, as a search
    highlight or a DOCX run boundary makes); with line-end hyphens joined (PDF text)."""
    plain = unescape(text)
    if "<" in plain:
        yield _TAG.sub(" ", plain)
        yield " \n ".join(_TAG.findall(plain))
        yield _TAG.sub("", _BLOCK_END.sub(" ", plain))
    else:
        yield plain
    if "-\n" in plain:
        yield re.sub(r"-\s*\n\s*", "", plain)


_BLOCK_END = re.compile(r"</w:p>|<w:(?:tab|br|cr)\b[^>]*>|</(?:p|div|li|td|th|tr|h\d|title|dd|dt)>|<br\s*/?>", re.I)


def contains_words(haystack: str, needle: str) -> bool:
    """Whether the words of `needle` stand, in order and consecutively, among those of `haystack`."""
    want, have = tuple(words(needle)), words(haystack)
    n = len(want)
    return bool(n) and any(tuple(have[i:i + n]) == want for i in range(len(have) - n + 1))


def strings(obj: Any) -> Iterator[str]:
    """Every string inside a public model object or plain data (dicts, lists, scalars)."""
    if isinstance(obj, str):
        yield obj
    elif is_dataclass(obj) and not isinstance(obj, type):
        for f in fields(obj):
            yield from strings(getattr(obj, f.name))
    elif isinstance(obj, dict):
        for value in obj.values():
            yield from strings(value)
    elif isinstance(obj, (tuple, list)):
        for item in obj:
            yield from strings(item)
