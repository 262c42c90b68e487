"""The site's search index (issue 7): Pagefind, so that a reader fetches only the chunks a query needs.

mkdocs-material's lunr search ships the whole corpus to every reader (about 16 MB at 3,000 acts). Pagefind
(`pagefind[bin]` on PyPI: a binary, run offline) writes a word index split into chunks, one small fragment per
page, and a WebAssembly searcher; `site/assets/qanun-search.js` drives it from the theme's search box.

What is indexed, as before: the version in force of every act (its page and each annex page), with each
provision a section at its own anchor (so “5.9.4” leads to that sub-point), and the other pages that are not
excluded from search (the Coordination Group's public pages, the hand-written pages except the home page, which
lists every act). Pagefind reads a folder of stand-in pages written here, one per indexed page, with that page's
path as metadata: headings with ids become the sections.

Two indexes, merged in the browser (`folders`): the acts' (pagefind/), which needs only the consolidated acts and
so is made while the rest of the site is built, and the built pages' (pagefind/pages/), made after mkdocs. With
only one kind of page there is one index, in pagefind/.

Pagefind does not fold letters (“esasname” would not find “Əsasnamə”). So every word whose folded form
(`fold`: ə→e, ı→i, ö→o, ü→u, ğ→g, ç→c, ş→s, and I→ı, İ→i first) differs from its plain lower case is followed
by that folded form in the indexed text, and the browser folds the query the same way before searching and
drops those added forms from the snippets it shows.

Everything published is scanned: the stand-in pages hold only public text (the acts, and pages of the built
site that the leak scan reads too), and the index files themselves are decompressed and read by the scan
(`meetings/leakscan.py`), which runs after this over the whole staged site.
"""
from __future__ import annotations

import gzip
import html
import json
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterable
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

from .errors import QanunError
from .i18n import _

FOLDER = "pagefind"  # in the published site
PAGES = "pages"  # the built pages' own index, inside FOLDER when there is an index of acts (`folders`)
TIMEOUT = 1800  # seconds: the 3,000-act corpus takes well under a minute
# Not published: Pagefind's own user interfaces (the theme's search box is used) and its web worker (the search
# runs on the page: faster, see qanun-search.js).
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
          "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js", "pagefind-worker.js")
SEARCHER = ("wasm.*.pagefind",)  # the WebAssembly searcher, one per language
_FOLD = str.maketrans({"ə": "e", "ı": "i", "ş": "s", "ç": "c", "ğ": "g", "ö": "o", "ü": "u"})
_EXCLUDED = re.compile(r"^search:\s*\n\s+exclude:\s*true\s*$", re.M)


class SearchIndexError(QanunError):
    """Pagefind could not be run or failed."""


def fold(text: str) -> str:
    """The form a reader without an Azerbaijani keyboard types: the same as `fold` in qanun-search.js."""
    return text.replace("I", "ı").replace("İ", "i").lower().translate(_FOLD)


def with_folded(text: str) -> str:
    """The text with each word's folded form after it, where that differs from the word in lower case."""
    out: list[str] = []
    for word in text.split():
        out.append(word)
        if extra := _folded_form(word):
            out.append(extra)
    return " ".join(out)


@lru_cache(maxsize=1 << 16)
def _folded_form(word: str) -> str:
    """The word's folded form if it differs from its lower case, else "" (a register repeats its words: each is
    folded once)."""
    folded = fold(word)
    return folded if folded != word.lower() else ""


Section = tuple[str, str, str]  # (anchor or "", heading, text)


def act_sections(docs: Iterable[dict[str, str]]) -> dict[str, list[Section]]:
    """`site.search_docs` entries (escaped HTML, as the old index held them) → page → its sections in order.
    The first entry of a page (no anchor) is its title and lead text."""
    pages: dict[str, list[Section]] = {}
    for d in docs:
        page, _sep, anchor = d["location"].partition("#")
        pages.setdefault(page, []).append((anchor, html.unescape(d["title"]), html.unescape(d["text"])))
    return pages


def _text(text: str) -> str:
    """Text for a stand-in page: with its folded words, and a word joiner (U+2060, which Pagefind keeps) after each
    "&". Pagefind's snippets escape "<" and ">" but not "&", so a text "&lt;" would come back as an escaped "<";
    with the joiner it cannot, and the browser's script drops the joiner after undoing "&lt;" and "&gt;"."""
    return html.escape(with_folded(text).replace("&", "&\u2060"), quote=False)


def stand_in(title: str, sections: list[Section], url: str = "") -> str:
    """The page Pagefind reads in place of a published page: its site path (`url`, from the site's root) and title
    as metadata, each section a heading (with its anchor as id) and a paragraph, every text with its folded words.
    The stand-ins lie side by side in one folder (thousands of nested folders are slow to make and remove), so the
    path comes from the metadata: the browser's script links results to it."""
    out = ['<!doctype html><html lang="az"><head><meta charset="utf-8">',
           f'<meta data-pagefind-meta="url[content]" content="{html.escape(url)}">' if url else "",
           f'<meta data-pagefind-meta="title[content]" content="{html.escape(title)}"></head>',
           "<body><main data-pagefind-body>"]
    for anchor, heading, text in sections:
        ident = f' id="{html.escape(anchor)}"' if anchor else ""
        tag = "h2" if anchor else "h1"
        if heading:
            out.append(f"<{tag}{ident}>{_text(heading)}</{tag}>")
        if text:
            out.append(f"<p>{_text(text)}</p>")
    out.append("</main></body></html>\n")
    return "\n".join(out)


class _Article(HTMLParser):
    """The text of a built page's article (the theme's `md-content__inner`), cut into sections: a new one at each
    heading with an id, and at each `<section id=…>` (whose first heading is its heading)."""

    SKIP = {"script", "style", "template", "svg", "button", "nav"}
    VOID = {"br", "img", "hr", "input", "meta", "link", "wbr", "col", "source"}
    BLOCK = {"p", "li", "td", "th", "dd", "dt", "div", "tr", "section", "table", "ul", "ol", "dl", "br",
             "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "figcaption"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0  # inside the article: the element depth, else 0
        self.skip = 0
        self.heading: str | None = None  # the tag of the heading whose text is a section's heading
        self.open = False  # a <section id> waiting for its heading
        self.title = ""
        self.sections: list[list[str]] = [["", "", ""]]

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if self.depth == 0:
            if tag == "article" and "md-content__inner" in (a.get("class") or "").split():
                self.depth = 1
            return
        if tag not in self.VOID:
            self.depth += 1
        if self.skip or tag in self.SKIP:
            self.skip += tag in self.SKIP and tag not in self.VOID
            return
        if tag in self.BLOCK:
            self._add(" ")
        if tag == "section" and a.get("id"):
            self.sections.append([a["id"], "", ""])
            self.open = True
        elif re.fullmatch(r"h[1-6]", tag) and (a.get("id") or self.open or tag == "h1" and not self.title):
            if a.get("id"):
                self.sections.append([a["id"], "", ""])
            self.heading, self.open = tag, False

    def handle_endtag(self, tag):
        if self.depth == 0 or tag in self.VOID:
            return
        self.depth -= 1
        if tag in self.SKIP and self.skip:
            self.skip -= 1
            return
        if tag == self.heading:
            self.heading = None
            if tag == "h1" and not self.title:
                self.title = " ".join(self.sections[-1][1].split())
        if tag in self.BLOCK:
            self._add(" ")

    def handle_data(self, data):
        if self.depth and not self.skip:
            self._add(data)

    def _add(self, data: str) -> None:
        self.sections[-1][1 if self.heading else 2] += data


def page_sections(page: str) -> tuple[str, list[Section]]:
    """A built page → its title (the first h1, or the document title) and its sections."""
    p = _Article()
    p.feed(page)
    title = p.title
    if not title and (m := re.search(r"<title>(.*?)</title>", page, re.S)):
        title = html.unescape(m.group(1)).split(" - ")[0].strip()
    sections = [(a, " ".join(h.split()), " ".join(t.split())) for a, h, t in p.sections]
    return title, [s for s in sections if s[1] or s[2]]


def searchable_pages(markdown: Path) -> list[str]:
    """The generated and hand-written pages not excluded from search (front matter `search: exclude: true`),
    except the home page: the site paths of their built HTML."""
    found = []
    for md in sorted(markdown.rglob("*.md")):
        rel = md.relative_to(markdown).as_posix()
        if rel == "index.md":
            continue
        text = md.read_text(encoding="utf-8")
        front = text.split("\n---", 1)[0] if text.startswith("---") else ""
        if _EXCLUDED.search(front):
            continue
        base = rel[:-len("index.md")] if rel.endswith("index.md") else rel[:-len(".md")] + "/"
        found.append(f"{base}index.html")
    return found


def executable() -> Path:
    try:
        from pagefind_bin import get_executable
        return Path(get_executable())
    except (ImportError, FileNotFoundError):
        pass
    found = shutil.which("pagefind")
    if found:
        return Path(found)
    raise SearchIndexError(_("search: the Pagefind program is missing; install qanun's dependencies "
                             "(pip install 'pagefind[bin]')"))


def index_acts(output: Path, acts: Iterable[tuple[str | None, Callable[[], list[dict[str, str]]]]],
               cache: Path | None = None) -> int:
    """Index the acts into the folder `output` (which must not exist yet); each act is given as (its build-cache key,
    or None, and a function giving its entries, as `site.search_docs` makes them). An act's stand-in pages are kept
    in `cache` under its key (which covers everything they are made from), so that a rebuild makes them only for
    the acts that changed. Returns the pages indexed (0: no act, no index). It needs nothing mkdocs builds, so a
    build makes it from the moment the sources are consolidated."""
    pages: dict[str, str] = {}
    for key, entries in acts:
        pages.update(_cached_stand_ins(cache, key, entries))
    return _index(output, {f"a{n:06d}": pages[page] for n, page in enumerate(sorted(pages))})


def _cached_stand_ins(cache: Path | None, key: str | None, entries: Callable[[], list[dict[str, str]]]
                      ) -> dict[str, str]:
    """Page → stand-in of one act's pages: from the cache, or made (and kept there)."""
    from .buildcache import mark_used
    from .pipeline import write_text_atomic

    path = cache / f"{key}.json" if cache is not None and key is not None else None
    if path is not None:
        try:
            kept = json.loads(path.read_text(encoding="utf-8"))
            mark_used(path)
            return kept
        except (OSError, ValueError):
            pass  # not kept yet, or damaged: made again
    sections = act_sections(entries())
    made = {page: _stand_in(page, "", sections[page]) for page in sections}
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_text_atomic(path, json.dumps(made, ensure_ascii=False))
        except OSError:
            pass  # a read-only cache: made again next time
    return made


def index_pages(output: Path, site: Path, pages: Iterable[str], *, searcher: bool = True) -> int:
    """Index the built pages `pages` of `site` (site paths of their HTML, `searchable_pages`) into `output`.
    `searcher=False`: without Pagefind's script and WebAssembly searcher, which the browser takes from the index
    this one is merged into."""
    built = {}
    for page in pages:
        path = site / page
        if path.is_file():
            built[page[:-len("index.html")]] = page_sections(path.read_text(encoding="utf-8"))
    stand_ins = {f"b{n:06d}": _stand_in(page, *built[page]) for n, page in enumerate(sorted(built))}
    return _index(output, stand_ins, unused=UNUSED if searcher else (*UNUSED, "pagefind.js", *SEARCHER))


def folders(acts: bool, pages: bool) -> tuple[str, str, str]:
    """Where the two indexes go in the site: (the act entries' index, the built pages' index, the folder the browser
    merges into the first, or ""). The act entries' index, by far the larger, is the main one: the built pages
    have their own, made after mkdocs, so that the acts' need not wait for mkdocs (issue 7)."""
    if acts and pages:
        return FOLDER, f"{FOLDER}/{PAGES}", f"{FOLDER}/{PAGES}/"
    return FOLDER, FOLDER, ""


def write_index(site: Path, docs: Iterable[dict[str, str]], markdown: Path | None = None) -> int:
    """Both indexes of `site`, laid out as a build lays them out (`folders`): the act entries `docs` and the built
    pages of `markdown` (the docs folder) that are not excluded from search. Returns the pages indexed."""
    docs = list(docs)
    pages = searchable_pages(markdown) if markdown is not None else []
    into_acts, into_pages, merged = folders(bool(docs), bool(pages))
    if (site / FOLDER).exists():
        raise SearchIndexError(_("search: {path} would overwrite a file of the site", path=FOLDER))
    made = index_acts(site / into_acts, [(None, lambda: docs)])
    return made + index_pages(site / into_pages, site, pages, searcher=not merged)


def _index(output: Path, stand_ins: dict[str, str], unused: tuple[str, ...] = UNUSED) -> int:
    """Pagefind on stand-in pages (file name → the page), into `output`."""
    if not stand_ins:  # nothing to search (Pagefind refuses an empty site): no index, nothing found
        return 0
    if output.exists():
        raise SearchIndexError(_("search: {path} would overwrite a file of the site", path=output))
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="qanun-search-", dir=output.parent) as tmp:
        source = Path(tmp) / "pages"
        source.mkdir()
        for name, page in stand_ins.items():
            (source / f"{name}.html").write_text(page, encoding="utf-8", newline="\n")
        _run(source, output, Path(tmp))
    for name in unused:
        for path in output.glob(name):
            path.unlink()
    return len(stand_ins)


def _stand_in(page: str, title: str, sections: list[Section]) -> str:
    """The stand-in of the page at site path `page`, titled by its first heading when it has no title."""
    return stand_in(title or (sections[0][1] if sections else ""), sections, "/" + page)


def _run(source: Path, output: Path, cwd: Path) -> None:
    """Pagefind on the stand-in pages, in an empty working folder (so no pagefind.yml of the project is read),
    without PAGEFIND_* settings from the environment, Azerbaijani for every page, with a time limit."""
    env = {k: v for k, v in os.environ.items() if not k.upper().startswith("PAGEFIND")}
    command = [str(executable()), "--site", str(source), "--output-path", str(output), "--force-language", "az",
               "--silent"]
    try:
        done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, timeout=TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        raise SearchIndexError(_("search: Pagefind did not finish in {seconds} s", seconds=TIMEOUT)) from None
    except OSError as exc:
        raise SearchIndexError(_("search: Pagefind could not be started: {error}", error=exc)) from None
    if done.returncode != 0 or not (output / "pagefind-entry.json").is_file():
        detail = (done.stderr or done.stdout).decode("utf-8", "replace").strip()[-2000:]
        raise SearchIndexError(_("search: Pagefind failed (status {status}): {detail}", status=done.returncode,
                                 detail=detail))


def fragments(site: Path) -> dict[str, dict]:
    """The published index's page fragments (url → Pagefind's record: content, meta, anchors), for checks."""
    out = {}
    for path in sorted((site / FOLDER).glob("**/fragment/*.pf_fragment")):  # both indexes (`folders`)
        raw = gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd")
        record = json.loads(raw)
        out[record["meta"].get("url") or record["url"]] = record
    return out


def unfolded(text: str) -> str:
    """A text of the index without the folded forms added to it, as the browser's script shows it."""
    out: list[str] = []
    for word in text.replace("\u2060", "").split():
        if out and word != out[-1].lower() and fold(out[-1]) != out[-1].lower():
            f = fold(out[-1])
            if word.startswith(f) and re.fullmatch(r"[.,;:!?]*", word[len(f):]):
                if word[len(f):] and not out[-1].endswith(word[len(f):]):
                    out[-1] += word[len(f):]
                continue
        out.append(word)
    return " ".join(out)
