"""Act pages filled into theme shells (issue 7: build time linear in pages).

mkdocs-material renders the whole theme around every page and re-parses our raw HTML through Markdown:
most of a build at thousands of pages. A generated act page is one raw HTML block (no blank line, see
render/html.py), which Markdown passes through verbatim, and pages at the same URL depth outside the nav
differ in the theme only by their title (and canonical URL). So mkdocs renders one shell page per depth
(title `SHELL`, content `SHELL_BODY`) and each act page is that shell with its title, URL and content
put in: the same bytes mkdocs would write (tests/test_incremental.py compares both ways).
"""
from __future__ import annotations

import json
import os
import re
import shutil
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from .errors import BuildError
from .stager import Stager
from .i18n import _

if TYPE_CHECKING:
    from .buildcache import Stored

SHELL = "qanun-shell-5e1d"  # the shells' title and the folder segment of their paths (akn/qanun-shell-5e1d/…)
SHELL_BODY = f"<h1>{SHELL}</h1>"
_ACT_PAGE = re.compile(r'---\ntitle: ("[^\n]*")\nsearch:\n  exclude: true\nhide:\n  - toc\n---\n\n(<div [^\n]*\n.*</div>)\n',
                       re.S)


def fillable(path: str, text: str) -> tuple[str, str] | None:
    """(title as mkdocs reads it, content) of a generated act page that can be filled into a shell, or None
    (the page goes through mkdocs): an `akn/…/index.md` page written by `_page` without search, whose body is
    a single raw HTML block."""
    if not (path.startswith("akn/") and path.endswith("/index.md")) or SHELL in text:
        return None
    m = _ACT_PAGE.fullmatch(text)
    if m is None or re.search(r"\n[ \t]*\n", m.group(2)):
        return None
    title = json.loads(m.group(1))
    return (title, m.group(2)) if isinstance(title, str) and "\n" not in title else None


def shell_path(depth: int) -> str:
    """A shell page with `depth` folders in its URL, under akn/ like the act pages (same relative links)."""
    return "akn/" + f"{SHELL}/" * (depth - 1) + "index.md"


@dataclass(frozen=True)
class Shell:
    before: str  # the theme's page up to the content
    after: str
    url: str  # the shell's URL path, as mkdocs quotes it

    @cached_property
    def pieces(self) -> tuple[list[list[bytes]], list[list[bytes]]]:
        """`before` and `after` in UTF-8, cut at the shell's URL and then at its title: filled by joining
        (`fill_page`)."""
        return ([[x.encode("utf-8") for x in p.split(SHELL)] for p in self.before.split(self.url)],
                [[x.encode("utf-8") for x in p.split(SHELL)] for p in self.after.split(self.url)])


def read_shells(site: Path, depths: set[int]) -> dict[int, Shell]:
    """The shells mkdocs rendered, split at the content; their folder is removed from the site."""
    shells = {}
    for depth in depths:
        url = shell_path(depth)[:-len("index.md")]
        text = (site / url / "index.html").read_text(encoding="utf-8")
        before, found, after = text.partition(SHELL_BODY)
        if not found or SHELL_BODY in after:
            raise BuildError(_("internal error: the theme shell {url} lost its content marker", url=url))
        shells[depth] = Shell(before, after, quote(url))
    shutil.rmtree(site / "akn" / SHELL, ignore_errors=True)
    return shells


def fill_page(shell: Shell, url: str, title: str, body: bytes) -> bytes:
    """The act page at `url` (folder path, unquoted) as mkdocs would have written it from its shell, in UTF-8
    (`body`: the content, in UTF-8: the build cache keeps it so, and it is never decoded on the way)."""
    # the same as replacing the shell's URL, then its title, in `before` and `after` (neither holds the other)
    before, after = shell.pieces
    quoted, name = quote(url).encode("utf-8"), title.encode("utf-8")
    return quoted.join(name.join(p) for p in before) + body + quoted.join(name.join(p) for p in after)


def fill_pages(stage: Stager, filled: dict[str, tuple[str, bytes | Stored]], shells: dict[int, Shell]) -> None:
    """Each act page, its shell filled, into the staged site (its content read from the build cache only now)."""
    from .buildcache import read_ahead

    pages = sorted(filled.items())
    for (path, (title, _body)), body in zip(pages, read_ahead(body for _path, (_title, body) in pages)):
        name = f'{path[:-len(".md")].rpartition("/")[0]}/index.html'
        data = fill_page(shells[path.count("/")], path[:-len("index.md")], title, body)
        try:
            stage.put(name, data)
        except FileExistsError:
            raise BuildError(_("internal error: {path} would overwrite a file of the site", path=path)) from None


def _walk_key(src: str) -> tuple:
    """mkdocs' order of the docs folder (os.walk, folders sorted, index first): the sitemap's order."""
    *folders, name = src.split("/")
    return (*((1, f) for f in folders), (0, os.path.splitext(name)[0] not in ("index", "README"), name))


def fill_sitemap(site: Path, sources: list[str], filled: list[str], shells: dict[int, Shell]) -> None:
    """Put the filled pages into mkdocs' sitemap.xml (in mkdocs' own order) and take the shells out. Without a
    site URL mkdocs lists no page, and there is nothing to do."""
    path = site / "sitemap.xml"
    if not filled or not path.is_file():
        return
    text = path.read_text(encoding="utf-8")
    entries = re.findall(r"    <url>\n.*?</url>\n", text, re.S)
    if not entries:
        return
    head, tail = text[:text.index(entries[0])], text[text.index(entries[-1]) + len(entries[-1]):]
    loc = {re.search(r"<loc>(.*?)</loc>", e).group(1): e for e in entries}
    shell_urls = {s.url for s in shells.values()}
    template = next((e, u) for e in entries for u in shell_urls if f"{u}</loc>" in e)
    prefix = re.search(r"<loc>(.*?)</loc>", template[0]).group(1)[:-len(template[1])]

    def url(src: str) -> str:
        folder, _, name = src.rpartition("/")
        stem = name[:-len(".md")]
        return quote(f"{folder}/" if stem in ("index", "README") and folder else "" if stem in ("index", "README")
                     else f"{folder}/{stem}/" if folder else f"{stem}/")
    out = []
    for src in sorted(set(sources) | set(filled), key=_walk_key):
        if src.startswith(f"akn/{SHELL}/"):
            continue
        here = prefix + url(src)
        if src in filled:
            out.append(template[0].replace(f"{prefix}{template[1]}", here))
        elif here in loc:
            out.append(loc.pop(here))
    for u in shell_urls:
        loc.pop(prefix + u, None)
    if loc:  # a page mkdocs listed that qanun cannot place: keep mkdocs' sitemap order rather than guess
        raise BuildError(_("internal error: sitemap entries not understood: {entries}", entries=sorted(loc)[:3]))
    path.write_text(head + "".join(out) + tail, encoding="utf-8")
