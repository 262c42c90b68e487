"""The link check of a built site: every relative link of every page must reach a file, and a #fragment into
an act page an element with that id (mkdocs does not check links inside raw HTML). A broken link fails the build.
"""
from __future__ import annotations

import html
import os
import posixpath
import re
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path
from collections.abc import Iterable
from typing import TYPE_CHECKING, Callable
from urllib.parse import unquote, urlsplit

from .shells import SHELL, Shell

if TYPE_CHECKING:
    from .buildcache import Stored

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


# one "<" before the alternatives: the regex engine then skips to each "<" instead of trying every character
_TAG = re.compile(r"<(?:!--.*?-->|(script|style)\b([^>]*)>.*?</\1\s*>|([a-zA-Z][^\s/>]*)([^>]*)>)", re.S | re.I)
_ID = re.compile("id", re.I)
_ATTR = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")


def links_of(body: str) -> list[list[str]]:
    """[ids, hrefs] of a page's content (plain lists: kept in the build cache). The content is qanun's own HTML
    (every attribute quoted, every text escaped), read with a regular expression: what `_Links` finds in it,
    in a tenth of the time (tests/test_incremental.py compares both on every page)."""
    ids: set[str] = set()
    hrefs: list[str] = []
    for script, script_attrs, tag, attrs in _TAG.findall(body):
        if script:
            tag, attrs = script, script_attrs
        elif not tag:
            continue  # a comment
        if tag not in ("a", "A") and _ID.search(attrs) is None:
            continue  # neither a link nor anything with an id: most tags, not worth reading attribute by attribute
        a = {}
        for name, v1, v2, v3 in _ATTR.findall(attrs):
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


def packed_links(page: str, body: str) -> list[bytes] | None:
    """The links of an act page's content as the check needs them, compact for the build cache: [its ids, each
    link's href, target and fragment (`resolve`)], each list joined by NUL (which no page text holds: None if one
    does, and the page is checked from its text)."""
    ids, hrefs = links_of(body)
    links = [x for link in resolve(page, hrefs) for x in link]
    if any("\0" in x for x in (*ids, *links)):
        return None
    return ["\0".join(ids).encode("utf-8"), "\0".join(links).encode("utf-8")]


def _unpacked(packed: list[bytes | Stored]) -> tuple[list[str], list[tuple[str, str, str]]]:
    ids, links = (text.split("\0") if (text := bytes(part).decode("utf-8")) else [] for part in packed)
    return ids, list(zip(links[0::3], links[1::3], links[2::3]))


def resolve(page: str, hrefs: list[str], targets: Targets | None = None,
            split: dict[str, tuple[str, str] | None] | None = None) -> list[tuple[str, str, str]]:
    """Each link of `page` (a site path) as (href, the site path it points to ("" for an external link),
    fragment). `targets` and `split` carry what was worked out for other pages (the theme's links recur on every
    page, and the versions of an act link to each other)."""
    of = (Targets() if targets is None else targets).at(page.rpartition("/")[0])
    split = {} if split is None else split
    out = []
    for href in hrefs:
        if href not in split:
            parts = urlsplit(href)
            external = parts.scheme or parts.netloc or href.startswith(("mailto:", "javascript:"))
            split[href] = None if external else (unquote(parts.path), unquote(parts.fragment))
        where = split[href]
        if where is None:
            out.append((href, "", ""))
        else:
            path, fragment = where
            out.append((href, of(path) if path else page, fragment))
    return out


def check_links(site: Path, filled: dict[str, tuple[Shell, str | list]] | None = None,
                files: Iterable[str] | None = None) -> list[str]:
    """Every relative link of every page must reach a file, and a #fragment into an act page an element
    with that id: mkdocs does not check links inside raw HTML, so qanun does (a broken one fails the build).

    `filled`: site path → (shell, content) of the pages `build_site` filled into a theme shell; the shell's
    two halves are parsed once per depth instead of once per page (the links are the same). The content may be
    given as its `packed_links` (from the build cache) instead of its text.

    `files`: the site's files (paths relative to it), when the folder may hold others (what is left of an
    earlier site, removed later): only these are pages and link targets. Default: every file in `site`.

    Each place linked to is checked once (`_all_reach`), however many pages link to it: at a thousand acts a
    third of a million links lead to far fewer places. Only when one is broken are the pages read link by link,
    for the messages."""
    files, folders = _site_files(site) if files is None else _with_folders(files)
    if _all_reach(site, filled or {}, files, folders):
        return []
    return _broken(site, filled, files, folders)


def _broken(site: Path, filled: dict[str, tuple[Shell, str | list]] | None, files: set[str],
            folders: set[str]) -> list[str]:
    """Every broken link, page by page, as "page: href"."""
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
    targets, split = Targets(), {}
    parsed: dict[str, tuple[set[str], list[tuple[str, str, str]]]] = {}  # page → (ids, resolved links)
    for page in sorted(f for f in files if f.endswith(".html")):
        known = (filled or {}).get(page)
        if known is not None and is_plain(known[0]):
            before, after = halves(known[0].before), halves(known[0].after)
            if isinstance(known[1], str):
                ids, hrefs = links_of(known[1])
                links = resolve(page, hrefs, targets, split)
            else:
                ids, links = _unpacked(known[1])
            parsed[page] = (before.ids | set(ids) | after.ids, [*resolve(page, before.hrefs, targets, split), *links,
                                                                *resolve(page, after.hrefs, targets, split)])
        else:
            p = _parse((site / page).read_text(encoding="utf-8"))
            parsed[page] = (p.ids, resolve(page, p.hrefs, targets, split))
    broken = []
    for page, (_ids, links) in parsed.items():  # not `_`: the translation function
        if page.rpartition("/")[2] == "404.html":  # served at any depth, so mkdocs writes its links from the root
            continue
        for href, target, fragment in links:
            if not target:
                continue  # an external link
            if target in folders or target == ".":
                target = "index.html" if target == "." else f"{target}/index.html"
            if target.startswith("../") or target not in files:
                broken.append(f"{page}: {href}")
                continue
            if fragment and target in parsed and "akn" in target.split("/") and fragment not in parsed[target][0]:
                broken.append(f"{page}: {href} (no such anchor)")
    return broken


def _all_reach(site: Path, filled: dict[str, tuple[Shell, str | list]], files: set[str], folders: set[str]) -> bool:
    """Whether every link reaches its file, and its fragment an id there: what `_broken` finds nothing against,
    worked out per place linked to instead of per link. The theme's links of a filled page that climb to the root
    lead to the same places from every page filled into that shell, so they are resolved once per shell."""
    targets, split = Targets(), {}
    places: set[tuple[str, str]] = set()  # (site path, fragment), external links as ("", "")
    ids: dict[str, tuple] = {}  # page → what its ids are made of (parts of `_Links`, id lists), set on demand
    shells: dict[tuple[int, int], tuple[_Links, _Links, list[str]] | None] = {}  # `_shell`
    for page in sorted(f for f in files if f.endswith(".html")):
        known = filled.get(page)
        halves = None if known is None else _shell(known[0], page, shells, places, targets, split)
        if halves is None:
            p = _parse((site / page).read_text(encoding="utf-8"))
            ids[page] = (p.ids,)
            if page.rpartition("/")[2] != "404.html":  # served at any depth: see `_broken`
                places.update((target, fragment) for _href, target, fragment in resolve(page, p.hrefs, targets, split))
            continue
        before, after, local = halves
        content = known[1]  # type: ignore[index]
        if local:
            places.update((target, fragment) for _href, target, fragment in resolve(page, local, targets, split))
        if isinstance(content, str):
            own, hrefs = links_of(content)
            places.update((target, fragment) for _href, target, fragment in resolve(page, hrefs, targets, split))
        else:
            packed = [bytes(part).decode("utf-8") for part in content]
            own = packed[0].split("\0") if packed[0] else []
            if packed[1]:
                links = packed[1].split("\0")
                places.update(zip(links[1::3], links[2::3]))
        ids[page] = (before.ids, own, after.ids)
    wanted: defaultdict[str, set[str]] = defaultdict(set)  # place linked to → the fragments asked of it
    for target, fragment in places:
        wanted[target].add(fragment)
    wanted.pop("", None)  # external links
    for target, fragments in wanted.items():
        if target in folders or target == ".":
            target = "index.html" if target == "." else f"{target}/index.html"
        if target.startswith("../") or target not in files:
            return False
        fragments.discard("")
        if fragments and target in ids and "akn" in target.split("/") and not fragments <= set().union(*ids[target]):
            return False
    return True


def _shell(shell: Shell, page: str, shells: dict[tuple[int, int], tuple[_Links, _Links, list[str]] | None],
           places: set[tuple[str, str]], targets: Targets, split: dict) -> tuple[_Links, _Links, list[str]] | None:
    """The shell's halves and its links that do not climb to the root (resolved for each page filled into it), or
    None when its own links or ids hold the shell's placeholder (its pages are read from their files). The first
    page of a depth filled into a shell adds the places its other links lead to: the same from every page as deep."""
    depth = page.count("/")
    if (id(shell), depth) not in shells:
        before, after = _parse(shell.before), _parse(shell.after)
        if any(SHELL in x for half in (before, after) for x in (*half.hrefs, *half.ids)):
            shells[(id(shell), depth)] = None
        else:
            rooted: list[str] = []
            local: list[str] = []
            for href in (*before.hrefs, *after.hrefs):
                where = urlsplit(href)
                path = unquote(where.path)
                climbing = not (where.scheme or where.netloc) and path and _climbs(f"{path}/") >= depth  # "../.."
                (rooted if climbing else local).append(href)
            places.update((target, fragment) for _href, target, fragment in resolve(page, rooted, targets, split))
            shells[(id(shell), depth)] = (before, after, local)
    return shells[(id(shell), depth)]


def _site_files(site: Path) -> tuple[set[str], set[str]]:
    files: set[str] = set()
    folders: set[str] = set()
    for folder, dirs, names in os.walk(site):
        here = Path(folder).relative_to(site).as_posix()
        prefix = "" if here == "." else f"{here}/"
        folders.update(prefix + d for d in dirs)
        files.update(prefix + n for n in names)
    return files, folders


def _with_folders(names: Iterable[str]) -> tuple[set[str], set[str]]:
    from .stager import parents

    files = set(names)
    return files, {folder for name in files for folder in parents(name.rpartition("/")[0])}


class Targets:
    """`posixpath.normpath(posixpath.join(folder, path))`, each answer worked out once for all the folders it holds
    for. A path that climbs k folders ("../../x") reaches the same file from every folder as deep with the same
    first components but the last k: the theme's links climb to the root from every page, and each version page
    links to its act's other versions from a sibling folder (hundreds of thousands of links at 1,000 acts)."""

    def __init__(self) -> None:
        self._known: dict[tuple[int, str, str], str] = {}
        self._climbs: dict[str, int] = {}

    def at(self, folder: str) -> Callable[[str], str]:
        """`of` for one folder (the links of a page)."""
        parts = folder.split("/") if folder else []
        depth = len(parts)
        kept = ["/".join(parts[:depth - up]) for up in range(depth + 1)]  # the folders left after climbing 0, 1, …
        known, climbs = self._known, self._climbs

        def of(path: str) -> str:
            up = climbs.get(path)
            if up is None:
                up = climbs[path] = _climbs(path)
            key = (depth, kept[min(up, depth)], path)  # the depth stays in the key: above the root, "../x" is not x
            found = known.get(key)
            if found is None:
                found = known[key] = posixpath.normpath(posixpath.join(folder, path))
            return found
        return of

    def of(self, folder: str, path: str) -> str:
        return self.at(folder)(path)


def _climbs(path: str) -> int:
    """How many folders a relative path climbs before anything else ("../../x": 2)."""
    k = 0
    while path.startswith("../", 3 * k):
        k += 1
    return k
