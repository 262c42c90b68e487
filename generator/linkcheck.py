"""The link check of a built site: every relative link of every page must reach a file, and a #fragment into
an act page an element with that id (mkdocs does not check links inside raw HTML). A broken link fails the build.
"""
from __future__ import annotations

import html
import os
import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .shells import SHELL, Shell

class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "a" and a.get("href"):
            self.hrefs.append(a["href"])


def _parse(text: str) -> _Links:
    p = _Links()
    p.feed(text)
    p.close()
    return p


_TAG = re.compile(r"<!--.*?-->|<(script|style)\b([^>]*)>.*?</\1\s*>|<([a-zA-Z][^\s/>]*)([^>]*)>", re.S | re.I)
_ATTR = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")


def links_of(body: str) -> list[list[str]]:
    """[ids, hrefs] of a page's content (plain lists: kept in the build cache). The content is qanun's own HTML
    (every attribute quoted, every text escaped), read with a regular expression: what `_Links` finds in it,
    in a tenth of the time (tests/test_incremental.py compares both on every page)."""
    ids: set[str] = set()
    hrefs: list[str] = []
    for m in _TAG.finditer(body):
        tag, attrs = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        if tag is None:
            continue  # a comment
        a = {}
        for name, v1, v2, v3 in _ATTR.findall(attrs or ""):
            value = v1 or v2 or v3
            a[name.lower()] = html.unescape(value) if "&" in value else value
        if a.get("id"):
            ids.add(a["id"])
        if tag.lower() == "a" and a.get("href"):
            hrefs.append(a["href"])
    return [sorted(ids), hrefs]


def links_of_parsed(body: str) -> list[list[str]]:
    p = _parse(body)
    return [sorted(p.ids), p.hrefs]


def check_links(site: Path, filled: dict[str, tuple[Shell, str | list[list[str]]]] | None = None) -> list[str]:
    """Every relative link of every page must reach a file, and a #fragment into an act page an element
    with that id: mkdocs does not check links inside raw HTML, so qanun does (a broken one fails the build).

    `filled`: site path → (shell, content) of the pages `build_site` filled into a theme shell; the shell's
    two halves are parsed once per depth instead of once per page (the links are the same). The content may be
    given as its `links_of` (from the build cache) instead of its text."""
    files: set[str] = set()
    folders: set[str] = set()
    for folder, dirs, names in os.walk(site):
        here = Path(folder).relative_to(site).as_posix()
        prefix = "" if here == "." else f"{here}/"
        folders.update(prefix + d for d in dirs)
        files.update(prefix + n for n in names)
    memo: dict[int, _Links] = {}

    def halves(part: str) -> _Links:
        if id(part) not in memo:
            memo[id(part)] = _parse(part)
        return memo[id(part)]
    plain: dict[int, bool] = {}  # shell → whether its own links and ids are free of the shell's placeholder

    def is_plain(shell: Shell) -> bool:
        if id(shell) not in plain:
            plain[id(shell)] = not any(SHELL in x for part in (shell.before, shell.after)
                                       for x in (*halves(part).hrefs, *halves(part).ids))
        return plain[id(shell)]
    parsed: dict[str, tuple[set[str], list[str]]] = {}
    for page in sorted(f for f in files if f.endswith(".html")):
        known = (filled or {}).get(page)
        if known is not None and is_plain(known[0]):
            before, after = halves(known[0].before), halves(known[0].after)
            ids, hrefs = links_of(known[1]) if isinstance(known[1], str) else known[1]
            parsed[page] = (before.ids | set(ids) | after.ids, before.hrefs + hrefs + after.hrefs)
        else:
            p = _parse((site / page).read_text(encoding="utf-8"))
            parsed[page] = (p.ids, p.hrefs)
    broken = []
    split: dict[str, tuple[str, str] | None] = {}  # href → (path, fragment), None for an external link
    targets = Targets()
    for page, (_ids, hrefs) in parsed.items():  # not `_`: the translation function
        if page.rpartition("/")[2] == "404.html":  # served at any depth, so mkdocs writes its links from the root
            continue
        folder = page.rpartition("/")[0]
        for href in hrefs:
            if href not in split:  # the theme's links recur on every page: each is taken apart once
                parts = urlsplit(href)
                external = parts.scheme or parts.netloc or href.startswith(("mailto:", "javascript:"))
                split[href] = None if external else (unquote(parts.path), unquote(parts.fragment))
            if split[href] is None:
                continue
            path, fragment = split[href]
            target = targets.of(folder, path) if path else page
            if target in folders or target == ".":
                target = "index.html" if target == "." else f"{target}/index.html"
            if target.startswith("../") or target not in files:
                broken.append(f"{page}: {href}")
                continue
            if fragment and target in parsed and "akn" in target.split("/") and fragment not in parsed[target][0]:
                broken.append(f"{page}: {href} (no such anchor)")
    return broken


class Targets:
    """`posixpath.normpath(posixpath.join(folder, path))`, each answer worked out once for all the folders it holds
    for. A path that climbs k folders ("../../x") reaches the same file from every folder as deep with the same
    first components but the last k: the theme's links climb to the root from every page, and each version page
    links to its act's other versions from a sibling folder (hundreds of thousands of links at 1,000 acts)."""

    def __init__(self) -> None:
        self._known: dict[tuple[int, str, str], str] = {}

    def of(self, folder: str, path: str) -> str:
        parts = folder.split("/") if folder else []
        up = min(_climbs(path), len(parts))  # the depth stays in the key: above the root, "../x" is not x
        key = (len(parts), "/".join(parts[:len(parts) - up]), path)
        found = self._known.get(key)
        if found is None:
            found = self._known[key] = posixpath.normpath(posixpath.join(folder, path))
        return found


def _climbs(path: str) -> int:
    """How many folders a relative path climbs before anything else ("../../x": 2)."""
    k = 0
    while path.startswith("../", 3 * k):
        k += 1
    return k
