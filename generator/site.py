"""The public site: generated pages + the hand-written `site/` folder → mkdocs-material → an atomic swap.

`site_pages`, `group_pages`, `data_files` and `search_docs` are pure (corpus → texts); `build_site` is the
only writer. It works in temporary folders, so nothing generated ever lands in the repository, and
replaces the output folder only when everything succeeded: a failed build leaves the last good site as
it was.

The Coordination Group's records (`corpus.meetings`) hold restricted information. `build_site` turns them
into the public view once (`public_view`) and hands only that to the renderers (redaction by
construction). Then the second wall: before the swap, every file of the staged site and every generated
Markdown page is scanned for every restricted value (`leak_scan`); a leak fails the build, the old site
stays, and the report names files, source fields and hashes, never the text. There is no switch to skip it.

Speed (issue 7): mkdocs builds only the hand-written pages, the Coordination Group's pages and one "shell"
page per URL depth; every act page is written by filling its shell (`fill_page`), the same bytes mkdocs
would write. So mkdocs' plugins (its search plugin included) never see the act pages: they are excluded
from mkdocs' search anyway, and the search index is made from `search_docs` and the built HTML. The act
pages, versions' data and AKN/JSON downloads come from a per-act cache (`buildcache.py`) when nothing they
depend on changed, and the link check parses each shell once.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import gzip
import io
import html
import json
import os
import posixpath
import re
import shutil
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Callable
from urllib.parse import quote, unquote, urlsplit
from xml.sax.saxutils import escape as xml_escape

from . import publish
from .errors import QanunError
from .i18n import _
from .pipeline import Corpus, status
from .render import compare_html as C
from .render import html as H
from .render import meetings_html as M
from .render.urls import Urls, rel

if TYPE_CHECKING:  # the public view: the one model of the Group's records a renderer may receive
    from .meetings.public import PublicRecords

ACTS_MARKER = "<!-- qanun:acts -->"
Progress = Callable[[str], None]
# The Regulation whose clauses the Group's acts rely on: an annex of an act (linked from the meeting pages).
REGULATION = ("nk-2024-21", "esasname")


class BuildError(QanunError):
    """The site could not be built; the previous site is untouched."""


# --- pure: pages, feeds, search data ------------------------------------------------------

def context(corpus: Corpus, as_of: dt.date) -> H.Context:
    return H.Context(corpus.acts, corpus.histories, as_of, Urls.for_acts(corpus.project.acts))


def _page(title: str, body: str, *, search: bool = False) -> str:
    """A Markdown page holding one raw HTML block; front matter marks pages the search
    index leaves out (`search_docs` gives act pages instead, provision by provision)."""
    exclude = "" if search else "search:\n  exclude: true\n"
    # The theme prints the title into <title> and the header without escaping it: escape it here.
    front = f"---\ntitle: {json.dumps(html.escape(title, quote=False), ensure_ascii=False)}\n{exclude}hide:\n  - toc\n---\n\n"
    return front + body + "\n"


def site_pages(ctx: H.Context, home: str, acts: dict[str, dict[str, str]] | None = None) -> dict[str, str]:
    """Every generated file of the docs folder: path → text (Markdown pages and Atom feeds). `acts`: act id →
    `act_pages` of that act, already made (the build cache); the other acts are rendered here."""
    pages: dict[str, str] = {}
    statuses = {a: status(ctx.histories[a], ctx.as_of) for a in ctx.acts}
    pages["index.md"] = home.replace(ACTS_MARKER, H.acts_table(ctx, "", statuses))
    for act_id in sorted(ctx.histories):
        pages.update((acts or {}).get(act_id) or act_pages(ctx, act_id))
    pages[ctx.urls.feed()] = atom_feed(ctx, sorted(ctx.histories), ctx.urls.feed(), "Hüquqi aktlar: dəyişikliklər")
    return pages


def act_pages(ctx: H.Context, act_id: str) -> dict[str, str]:
    """One act's pages: its current page, every version and changes view, annexes, feed, comparisons, history."""
    pages: dict[str, str] = {}
    h = ctx.histories[act_id]
    act = h.act
    work = ctx.urls.work(act_id)
    current = ctx.current(act_id)
    pages[f"{work}index.md"] = _page(H.act_name(act), H.version_page(ctx, act_id, current, work))
    for v in h.versions:
        here = ctx.urls.expression(act_id, v.start)
        title = f"{H.act_name(act)} ({v.start.isoformat()})"
        pages[f"{here}index.md"] = _page(title, H.version_page(ctx, act_id, v, here))
        if v.changes:
            here = ctx.urls.changes(act_id, v.start)
            pages[f"{here}index.md"] = _page(f"{title}: {H.CHANGES_VIEW.lower()}",
                                             H.version_page(ctx, act_id, v, here, changes=True))
    for annex in act.annexes:
        here = ctx.urls.annex(act_id, annex.id)
        pages[f"{here}index.md"] = _page(annex.title or annex.id, H.annex_page(ctx, act_id, annex.id, here))
    pages[ctx.urls.feed(act_id)] = atom_feed(ctx, [act_id], ctx.urls.feed(act_id), H.act_name(act))
    pages.update(_comparison_pages(ctx, act_id))
    return pages


def _comparison_pages(ctx: H.Context, act_id: str) -> dict[str, str]:
    """The compare page (any two versions, in the browser), the static comparisons and the provision history."""
    h = ctx.histories[act_id]
    name = H.act_name(h.act)
    pages = {}
    here = ctx.urls.history(act_id)
    pages[f"{here}index.md"] = _page(f"{name}: {C.HISTORY.lower()}", C.history_page(ctx, act_id, here))
    if len(h.versions) > 1:
        here = ctx.urls.compare(act_id)
        pages[f"{here}index.md"] = _page(f"{name}: {C.COMPARE.lower()}", C.compare_page(ctx, act_id, here))
        for a, b in C.static_pairs(ctx, h):
            here = ctx.urls.comparison(act_id, a.start, b.start)
            pages[f"{here}index.md"] = _page(f"{name}: {a.start.isoformat()} → {b.start.isoformat()}",
                                             C.comparison_page(ctx, act_id, a, b, here))
    return pages


def data_files(ctx: H.Context) -> dict[str, str]:
    """`…/versions.json` of every act with more than one version: what the compare page's script reads."""
    return {path: text for act_id in sorted(ctx.histories) for path, text in act_data_files(ctx, act_id).items()}


def act_data_files(ctx: H.Context, act_id: str) -> dict[str, str]:
    if len(ctx.histories[act_id].versions) < 2:
        return {}
    return {ctx.urls.versions_json(act_id): json.dumps(C.versions_data(ctx, act_id), ensure_ascii=False,
                                                       separators=(",", ":")) + "\n"}


# --- the Coordination Group (public view only) ----------------------------------------------------

def regulation_links(ctx: H.Context) -> M.ClauseLink:
    """Clause number + meeting day → the Regulation's provision (its anchor on the annex page when it still
    stands there; otherwise in the version in force that day), with its unit word; None if not found."""
    act_id, annex = REGULATION
    if act_id not in ctx.histories or ctx.acts[act_id].document(annex) is None:
        found = next(((a, x.id) for a in sorted(ctx.acts) for x in ctx.acts[a].annexes if x.id == annex), None)
        if found is None:
            return lambda num, day: None
        act_id, annex = found
    h = ctx.histories[act_id]
    current = ctx.current(act_id)
    page = ctx.urls.annex(act_id, annex)

    def link(num: str, day: dt.date) -> tuple[str, str] | None:
        version = h.at(day) or current
        doc = version.document(annex)
        p = doc.find(num) if doc else None
        if p is None:
            return None
        now = current.document(annex)
        same = next((q for q in now.walk() if q.id == p.id and not q.removed), None) if now else None
        if same is not None:
            return (f"{page}#{same.num}" if same.num == num else f"{page}#wid-{annex}-{p.id}"), p.unit
        return f"{ctx.urls.expression(act_id, version.start)}#{annex}-{num}", p.unit
    return link


def group_pages(ctx: H.Context, public: PublicRecords, report_html: Callable[[str], str] | None = None
                ) -> dict[str, str]:
    """The Coordination Group's section, from the public view: the section's home, a page per year, per meeting,
    the complaint statistics and the public annual report of each year."""
    from .meetings.documents import public_annual_report
    from .meetings.public import PublicRecords as _Public

    if not isinstance(public, _Public):
        raise TypeError("group_pages renders the public view only (generator.meetings.public_view(records))")
    to_html = report_html or _markdown_to_html
    link = regulation_links(ctx)
    pages: dict[str, str] = {}
    here = Urls.group()
    pages[f"{here}index.md"] = _page(M.SECTION, M.group_page(public, here, link, ctx.as_of), search=True)
    for year in public.years():
        here = Urls.group_year(year)
        pages[f"{here}index.md"] = _page(f"{M.SECTION}: {year}", M.year_page(public, year, here, link), search=True)
        for meeting in public.meetings_in(year):
            here = Urls.meeting(meeting.id, meeting.date)
            pages[f"{here}index.md"] = _page(M.meeting_title(meeting), M.meeting_page(public, meeting, here, link),
                                             search=True)
        here = Urls.annual_report(year)
        body = to_html(public_annual_report(public, year))
        pages[f"{here}index.md"] = _page(f"İllik hesabat: {year}", M.annual_report_page(
            public, year, here, body, annual_report_docx(year)), search=True)
    here = Urls.complaints()
    pages[f"{here}index.md"] = _page("Şikayətlər üzrə statistika", M.complaints_page(public, here, link, ctx.as_of),
                                     search=True)
    return pages


def annual_report_docx(year: int) -> str:
    return f"{Urls.annual_report(year)}illik-hesabat-{year}.docx"


def group_files(public: PublicRecords) -> dict[str, bytes]:
    """The public annual reports as DOCX (pandoc, sandboxed), from the public view."""
    from .meetings.documents import public_annual_report
    from .meetings.public import PublicRecords as _Public
    from .downloads import normalise_zip
    from .render.docx import markdown_to_docx

    if not isinstance(public, _Public):
        raise TypeError("group_files renders the public view only")
    return {annual_report_docx(year): normalise_zip(markdown_to_docx(public_annual_report(public, year),
                                                                     title=f"İllik hesabat {year}"))
            for year in public.years()}


def _markdown_to_html(markdown: str) -> str:
    """The annual report's pandoc Markdown (every source text escaped) as an HTML fragment, by pandoc."""
    from .render.docx import run_pandoc

    return run_pandoc(["-f", "markdown-auto_identifiers-raw_html-raw_tex-raw_attribute", "-t", "html5", "--wrap=none"],
                      markdown.encode("utf-8")).decode("utf-8")


def feed_entries(ctx: H.Context, act_ids: list[str]) -> list[tuple[dt.date, str, str, str]]:
    """(date, id path, title, page) of each new act and each new version up to the day described, newest first."""
    entries = []
    for act_id in act_ids:
        h = ctx.histories[act_id]
        name = H.act_name(h.act)
        if h.act.adopted <= ctx.as_of:
            entries.append((h.act.adopted, ctx.urls.work(act_id), f"Yeni akt: {name}", ctx.urls.work(act_id)))
        for v in h.versions[1:]:
            if v.start <= ctx.as_of:
                what = "Akt ləğv edilib" if v.repealed else "Yeni redaksiya"
                page = ctx.urls.changes(act_id, v.start)
                entries.append((v.start, ctx.urls.expression(act_id, v.start), f"{what}: {name} ({v.start.isoformat()})", page))
    return sorted(entries, key=lambda e: (e[0], e[1]), reverse=True)


def atom_feed(ctx: H.Context, act_ids: list[str], here: str, title: str) -> str:
    """An Atom feed; dates come from the sources (never the clock), so the feed is reproducible."""
    entries = feed_entries(ctx, act_ids)
    updated = entries[0][0] if entries else ctx.as_of
    folder = here.rpartition("/")[0] + "/" if "/" in here else ""

    def link(page: str) -> str:
        return xml_escape(rel(folder, page), {'"': "&quot;"})

    def stamp(day: dt.date) -> str:
        return f"{day.isoformat()}T00:00:00+04:00"
    out = ['<?xml version="1.0" encoding="utf-8"?>', '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="az">',
           f"<title>{xml_escape(title)}</title>", f"<id>urn:qanun:{xml_escape(here)}</id>",
           f"<updated>{stamp(updated)}</updated>", f'<link rel="self" href="{link(here)}"/>']
    for day, ident, entry_title, page in entries:
        out += ["<entry>", f"<title>{xml_escape(entry_title)}</title>", f"<id>urn:qanun:{xml_escape(ident)}</id>",
                f"<updated>{stamp(day)}</updated>", f'<link href="{link(page)}"/>',
                "<author><name>Kiçik və Orta Biznesin İnkişafı Agentliyi</name></author>", "</entry>"]
    out.append("</feed>")
    return "\n".join(out) + "\n"


def search_docs(ctx: H.Context) -> list[dict[str, str]]:
    """Search entries for the current version of every act: the act's page, each annex page, and each
    provision at its own anchor (so “5.9.4” leads to that sub-point). Past versions are not indexed:
    the search finds the law in force; the timeline leads to the rest."""
    return [doc for act_id in sorted(ctx.histories) for doc in act_search_docs(ctx, act_id)]


def act_search_docs(ctx: H.Context, act_id: str) -> list[dict[str, str]]:
    docs: list[dict[str, str]] = []

    def add(location: str, title: str, text: str) -> None:
        # The theme inserts title and text with innerHTML, so they are given as escaped HTML.
        docs.append({"location": location, "title": html.escape(title, quote=False),
                     "text": html.escape(text, quote=False)})
    act = ctx.acts[act_id]
    version = ctx.current(act_id)
    work = ctx.urls.work(act_id)
    add(work, act.title or H.act_name(act), f"{H.act_name(act)}. {act.preamble or ''}".strip())
    for p in H.provisions_for_search(version, "body"):
        add(f"{work}#{p.num}", _prov_title(p), p.text or "")
    for annex in act.annexes:
        page = ctx.urls.annex(act_id, annex.id)
        add(page, annex.title or annex.id, " ".join(annex.heading) or "")
        for p in H.provisions_for_search(version, annex.id):
            add(f"{page}#{p.num}", _prov_title(p), p.text or "")
    return docs


def _prov_title(p) -> str:
    return f"{p.num}. {p.heading}" if p.heading else f"{p.num}."


# --- the writer ------------------------------------------------------------------------------

@dataclass(frozen=True)
class BuildResult:
    output: Path
    pages: int
    files: int
    warnings: tuple[str, ...] = ()  # the leak scan's overlaps with public sources, for review


def build_site(corpus: Corpus, root: Path, output: Path, as_of: dt.date, *, strict: bool = False,
               base_url: str | None = None, progress: Progress = lambda m: None,
               cache: Path | None = None, downloads: bool = True) -> BuildResult:
    """Build the site into a staging folder beside `output` and swap it in when everything succeeded:
    pages, mkdocs, data and downloads, search index, link check, and the leak scan over all of it.
    `cache` holds rendered DOCX/PDF by content hash (default: $QANUN_CACHE/downloads, or build/cache/downloads
    in the project). `downloads=False` (the preview, `qanun serve`) leaves out DOCX and PDF, the slow part of
    a rebuild, and so does not check the links to them."""
    if strict and corpus.warnings:
        raise BuildError(_("--strict: the sources have warnings:\n{warnings}",
                           warnings="\n".join(str(w) for w in corpus.warnings)))
    ctx = context(corpus, as_of)
    public = _public(corpus)  # the only form of the Group's records that reaches a renderer
    if cache is None:
        from .buildcache import cache_root
        cache = cache_root(corpus.project.root) / "downloads"
    output = output.resolve()
    # The output's lock, recovery from a killed build, fresh staging and work folders beside it (publish.py)
    publication = publish.begin(output, progress)
    work, staging = publication.work, publication.staging
    try:
        progress(_("generating pages for {count} acts as of {day}", count=len(ctx.acts), day=as_of.isoformat()))
        docs = work / "docs"
        _copy_hand_written(root / "site", docs, work / "overrides")
        home = (docs / "index.md").read_text(encoding="utf-8")
        acts = act_outputs(corpus, ctx, cache.parent / "acts" if cache else None, binary=downloads, progress=progress)
        pages = site_pages(ctx, home, {a: o["pages"] for a, o in acts.items()})
        if public is not None:
            pages.update(group_pages(ctx, public))
        filled = {path: page for path, text in pages.items() if (page := fillable(path, text)) is not None}
        depths = {path.count("/") for path in filled}
        for path, text in sorted([*((p, t) for p, t in pages.items() if p not in filled),
                                  *((_shell_path(d), _page(_SHELL, _SHELL_BODY)) for d in depths)]):
            target = docs / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8", newline="\n")
        progress(_("wrote {count} generated files; running mkdocs", count=len(pages) - len(filled)))
        config = _write_config(root, work, staging, base_url, group=public is not None)
        _run_mkdocs(config, strict, as_of)
        progress(_("filling {count} act pages into the theme", count=len(filled)))
        shells = _read_shells(staging, depths)
        written: dict[str, str] = {}  # site path → SHA-256 of the files written here, for the manifest
        _fill_pages(staging, filled, shells, written)
        _fill_sitemap(staging, [p.relative_to(docs).as_posix() for p in docs.rglob("*.md")], list(filled), shells)
        progress(_("writing the versions' data and downloads (AKN, DOCX, PDF, JSON)"))
        _write_files(staging, {path: text.encode("utf-8") for o in acts.values() for path, text in o["data"].items()},
                     written)
        _write_files(staging, _downloads(corpus, ctx, cache, progress, binary=downloads,
                                         done={a: (o["texts"], o["jobs"]) for a, o in acts.items()}), written)
        if public is not None:
            _write_files(staging, group_files(public), written)
        progress(_("indexing for search, checking links"))
        from .search_index import write_index  # Pagefind (issue 7): fetched in chunks, letters folded
        write_index(staging, search_docs(ctx), docs)
        _fix_sitemap_gz(staging)
        known = {path: links for o in acts.values() for path, links in o.get("links", {}).items()}
        shelled = {f"{p[:-len('.md')]}.html": (shells[p.count("/")], known.get(p) or body)
                   for p, (_, body) in filled.items()}
        broken = [b for b in check_links(staging, shelled) if downloads or not b.endswith(_BINARY_SUFFIXES)]
        if broken:
            raise BuildError(_("broken internal links:\n{links}", links="\n".join(broken[:50])))
        warnings = leak_scan(corpus, root, (docs, staging), progress)
        files = sum(1 for p in staging.rglob("*") if p.is_file())
        publication.commit(written)  # SHA256SUMS, then the atomic swap
        progress(_("site ready: {output}", output=output))
        return BuildResult(output, len([p for p in pages if p.endswith(".md")]), files, warnings)
    except BaseException as exc:
        raise publication.failed(exc)  # a write error (full disk …) becomes a message; the old site stays
    finally:
        publication.close()


def _public(corpus: Corpus) -> PublicRecords | None:
    if corpus.meetings is None:
        return None
    from .meetings import public_view
    return public_view(corpus.meetings)


_BINARY_SUFFIXES = (".docx", ".pdf")  # the downloads a preview build leaves out


def act_outputs(corpus: Corpus, ctx: H.Context, folder: Path | None, *, binary: bool = True,
                progress: Progress = lambda m: None) -> dict[str, dict]:
    """Act id → everything built for that act (pages, versions' data, search entries, AKN/JSON texts, DOCX/PDF
    jobs): from the build cache (`buildcache.py`) when the act and the acts around it are unchanged, else
    rendered and cached."""
    from . import buildcache

    keys = buildcache.act_keys(ctx.acts, ctx.urls, ctx.as_of, extra=f"binary={binary}")
    if buildcache.patched():  # a renderer replaced at run time (tests do): its output is not the code's, keep out
        folder = None
    out: dict[str, dict] = {}
    todo = []
    for act_id in sorted(ctx.histories):
        value = buildcache.load(folder, keys[act_id])
        if value is None:
            todo.append(act_id)
        else:
            out[act_id] = value
    for act_id, value in _render_acts(corpus, ctx, todo, binary):
        buildcache.save(folder, keys[act_id], value)
        out[act_id] = value
    out = {act_id: out[act_id] for act_id in sorted(out)}
    rendered = len(todo)
    buildcache.prune(folder)
    progress(_("rendered {rendered} acts, {cached} from the build cache", rendered=rendered,
               cached=len(out) - rendered))
    return out


def _render_act(corpus: Corpus, ctx: H.Context, act_id: str, binary: bool) -> dict:
    from .downloads import act_files

    try:
        texts, jobs = act_files(corpus, ctx.urls, ctx.as_of, act_id, binary=binary)
    except QanunError as exc:
        raise BuildError(_("downloads: {problem}", problem=exc)) from exc
    pages = act_pages(ctx, act_id)
    links = {path: _links_of(page[1]) for path, text in pages.items() if (page := fillable(path, text))}
    return {"pages": pages, "data": act_data_files(ctx, act_id), "texts": texts, "jobs": jobs, "links": links}


_FORKED: tuple | None = None  # what the forked workers of `_render_acts` render from (inherited, not pickled)


def _render_forked(act_ids: list[str]) -> list[tuple[str, dict]]:
    corpus, ctx, binary = _FORKED
    return [(act_id, _render_act(corpus, ctx, act_id, binary)) for act_id in act_ids]


def _render_acts(corpus: Corpus, ctx: H.Context, act_ids: list[str], binary: bool):
    """(act id, outputs) of each act, over the cores: forked worker processes inherit the consolidated corpus,
    so nothing but the results crosses a process boundary. Only from a process running no other thread (a
    fork copies no lock held by another thread then: `qanun build`, not the preview server); else one by one."""
    import multiprocessing
    import threading

    global _FORKED
    workers = min(os.cpu_count() or 1, len(act_ids) // 4)
    if workers < 2 or threading.active_count() > 1 or "fork" not in multiprocessing.get_all_start_methods():
        for act_id in act_ids:
            yield act_id, _render_act(corpus, ctx, act_id, binary)
        return
    shares = [act_ids[k::workers * 4] for k in range(workers * 4)]  # round robin: the big acts spread out
    _FORKED = (corpus, ctx, binary)
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            for share in pool.imap_unordered(_render_forked, shares):
                yield from share
    finally:
        _FORKED = None


def _downloads(corpus: Corpus, ctx: H.Context, cache: Path | None, progress: Progress,
               binary: bool = True, done: dict | None = None) -> dict[str, bytes]:
    from .downloads import render_downloads
    try:
        return render_downloads(corpus, ctx.urls, ctx.as_of, cache, progress, binary=binary, done=done)
    except QanunError as exc:
        raise BuildError(_("downloads: {problem}", problem=exc)) from exc


def _write_files(site: Path, files: dict[str, bytes], written: dict[str, str]) -> None:
    """Files qanun writes into the built site itself (data, downloads): never over a file mkdocs wrote."""
    for path, data in sorted(files.items()):
        target = site / path
        if target.exists():
            raise BuildError(_("internal error: {path} would overwrite a file of the site", path=path))
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        written[path] = hashlib.sha256(data).hexdigest()


# --- act pages filled into theme shells (issue 7: build time linear in pages) ----------------------
# mkdocs-material renders the whole theme around every page and re-parses our raw HTML through Markdown:
# most of a build at thousands of pages. A generated act page is one raw HTML block (no blank line, see
# render/html.py), which Markdown passes through verbatim, and pages at the same URL depth outside the nav
# differ in the theme only by their title (and canonical URL). So mkdocs renders one shell page per depth
# (title `_SHELL`, content `_SHELL_BODY`) and each act page is that shell with its title, URL and content
# put in: the same bytes mkdocs would write (tests/test_incremental.py compares both ways).

_SHELL = "qanun-shell-5e1d"  # the shells' title and the folder segment of their paths (akn/qanun-shell-5e1d/…)
_SHELL_BODY = f"<h1>{_SHELL}</h1>"
_ACT_PAGE = re.compile(r'---\ntitle: ("[^\n]*")\nsearch:\n  exclude: true\nhide:\n  - toc\n---\n\n(<div [^\n]*\n.*</div>)\n',
                       re.S)


def fillable(path: str, text: str) -> tuple[str, str] | None:
    """(title as mkdocs reads it, content) of a generated act page that can be filled into a shell, or None
    (the page goes through mkdocs): an `akn/…/index.md` page written by `_page` without search, whose body is
    a single raw HTML block."""
    if not (path.startswith("akn/") and path.endswith("/index.md")) or _SHELL in text:
        return None
    m = _ACT_PAGE.fullmatch(text)
    if m is None or re.search(r"\n[ \t]*\n", m.group(2)):
        return None
    title = json.loads(m.group(1))
    return (title, m.group(2)) if isinstance(title, str) and "\n" not in title else None


def _shell_path(depth: int) -> str:
    """A shell page with `depth` folders in its URL, under akn/ like the act pages (same relative links)."""
    return "akn/" + f"{_SHELL}/" * (depth - 1) + "index.md"


@dataclass(frozen=True)
class _Shell:
    before: str  # the theme's page up to the content
    after: str
    url: str  # the shell's URL path, as mkdocs quotes it


def _read_shells(site: Path, depths: set[int]) -> dict[int, _Shell]:
    """The shells mkdocs rendered, split at the content; their folder is removed from the site."""
    shells = {}
    for depth in depths:
        url = _shell_path(depth)[:-len("index.md")]
        text = (site / url / "index.html").read_text(encoding="utf-8")
        before, found, after = text.partition(_SHELL_BODY)
        if not found or _SHELL_BODY in after:
            raise BuildError(_("internal error: the theme shell {url} lost its content marker", url=url))
        shells[depth] = _Shell(before, after, quote(url))
    shutil.rmtree(site / "akn" / _SHELL, ignore_errors=True)
    return shells


def fill_page(shell: _Shell, url: str, title: str, body: str) -> str:
    """The act page at `url` (folder path, unquoted) as mkdocs would have written it from its shell."""
    def put(part: str) -> str:
        return part.replace(shell.url, quote(url)).replace(_SHELL, title)
    return put(shell.before) + body + put(shell.after)


def _fill_pages(site: Path, filled: dict[str, tuple[str, str]], shells: dict[int, _Shell],
                written: dict[str, str]) -> None:
    for path, (title, body) in sorted(filled.items()):
        name = f'{path[:-len(".md")].rpartition("/")[0]}/index.html'
        target = site / name
        if target.exists():
            raise BuildError(_("internal error: {path} would overwrite a file of the site", path=path))
        target.parent.mkdir(parents=True, exist_ok=True)
        data = fill_page(shells[path.count("/")], path[:-len("index.md")], title, body).encode("utf-8")
        target.write_bytes(data)
        written[name] = hashlib.sha256(data).hexdigest()


def _walk_key(src: str) -> tuple:
    """mkdocs' order of the docs folder (os.walk, folders sorted, index first): the sitemap's order."""
    *folders, name = src.split("/")
    return (*((1, f) for f in folders), (0, os.path.splitext(name)[0] not in ("index", "README"), name))


def _fill_sitemap(site: Path, sources: list[str], filled: list[str], shells: dict[int, _Shell]) -> None:
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
        if src.startswith(f"akn/{_SHELL}/"):
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


def leak_scan(corpus: Corpus, root: Path, folders: tuple[Path, ...], progress: Progress) -> tuple[str, ...]:
    """The second wall (issue 4): every file under `folders` (the staged site and the generated Markdown) is
    scanned for every restricted value of the Group's records; a leak raises LeakError (the build fails and
    the old site stays). Returns the warnings (restricted values that also stand in public sources).

    There is deliberately no way to skip this for a build that has records: not an option, not a setting."""
    if corpus.meetings is None:
        progress(_("leak scan: no meetings/ records, so nothing restricted to look for"))
        return ()
    from .meetings.leakscan import public_source_texts, restricted_values, scan

    texts = public_source_texts(corpus.project.root)  # the acts (and the project's own site/, mkdocs.yml)
    if root.resolve() != corpus.project.root.resolve():  # the site used is qanun's default one
        texts += public_source_texts(root)
    values = restricted_values(corpus.meetings, texts)
    progress(_("leak scan: {count} restricted values, every output file", count=len(values)))
    reports = [scan(folder, values) for folder in folders]
    once = {w.digest: w for r in reversed(reports) for w in reversed(r.warnings)}  # each value once, first place
    warnings = tuple(_("leak scan: {warning}", warning=w)
                     for w in sorted(once.values(), key=lambda w: (str(w.source), w.field)))
    for line in warnings:
        progress(line)
    for report in reports:
        report.raise_for_leaks()
    progress(_("leak scan: no restricted information in {count} files", count=sum(r.files for r in reports)))
    return warnings


def _copy_hand_written(source: Path, docs: Path, overrides: Path) -> None:
    """site/ → the docs folder, except overrides/ (theme templates: copied beside it, never published)."""
    if not (source / "index.md").is_file():
        raise BuildError(_("{folder}/index.md is missing: the home page is hand-written there", folder=source))
    shutil.copytree(source, docs, ignore=shutil.ignore_patterns("overrides", "*.pyc", "__pycache__"))
    if (source / "overrides").is_dir():
        shutil.copytree(source / "overrides", overrides)
    else:
        overrides.mkdir()


def _write_config(root: Path, work: Path, site_dir: Path, base_url: str | None, *, group: bool = False) -> Path:
    import yaml  # mkdocs' own dependency

    base = root / "mkdocs.yml"
    try:
        data = yaml.safe_load(base.read_text(encoding="utf-8")) if base.is_file() else {}
    except yaml.YAMLError as exc:  # a person's typo: a message, not a traceback
        raise BuildError(_("{path} is not valid YAML: {problem}", path=base, problem=exc)) from None
    data = data or {}
    if not isinstance(data, dict):
        raise BuildError(_("{path} must be a mapping of mkdocs settings (`key: value` lines)", path=base))
    data["docs_dir"] = str(work / "docs")
    data["site_dir"] = str(site_dir)
    data.setdefault("theme", {"name": "material"})
    data["theme"]["custom_dir"] = str(work / "overrides")
    data["theme"]["font"] = False  # never Google Fonts, whatever the base file says
    if base_url is not None:
        data["site_url"] = base_url
    if group and isinstance(data.get("nav"), list):  # the Group's section, when the project keeps its records
        data["nav"] = [*data["nav"], {M.SECTION: f"{Urls.group()}index.md"}]
    if not data.get("site_url"):
        data.pop("site_url", None)
    path = work / "mkdocs.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _run_mkdocs(config_file: Path, strict: bool, as_of: dt.date) -> None:
    """mkdocs build in-process, with the build date fixed to the day described (reproducible sitemap)."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    epoch = str(int(dt.datetime.combine(as_of, dt.time(), dt.timezone.utc).timestamp()))
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = epoch
    try:
        config = load_config(config_file=str(config_file), strict=strict)
        build(config)
    except MkDocsException as exc:
        raise BuildError(_("mkdocs: {problem}", problem=exc)) from exc
    except Exception as exc:  # a broken template or page: report it, keep the last good site
        if publish.out_of_space(exc):  # a full disk while mkdocs writes: publish.py words it
            raise
        raise BuildError(_("mkdocs failed: {problem}", problem=f"{type(exc).__name__}: {exc}")) from exc
    finally:
        if saved is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved


def _fix_sitemap_gz(site: Path) -> None:
    """Rewrite sitemap.xml.gz with a zero mtime and no file name, so that it is byte-identical across builds."""
    plain, packed = site / "sitemap.xml", site / "sitemap.xml.gz"
    if not plain.is_file():
        return
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0) as gz:
        gz.write(plain.read_bytes())
    packed.write_bytes(buf.getvalue())


# --- link check ------------------------------------------------------------------------------

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


def _links_of(body: str) -> list[list[str]]:
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


def _links_of_parsed(body: str) -> list[list[str]]:
    p = _parse(body)
    return [sorted(p.ids), p.hrefs]


def check_links(site: Path, filled: dict[str, tuple[_Shell, str | list[list[str]]]] | None = None) -> list[str]:
    """Every relative link of every page must reach a file, and a #fragment into an act page an element
    with that id: mkdocs does not check links inside raw HTML, so qanun does (a broken one fails the build).

    `filled`: site path → (shell, content) of the pages `build_site` filled into a theme shell; the shell's
    two halves are parsed once per depth instead of once per page (the links are the same). The content may be
    given as its `_links_of` (from the build cache) instead of its text."""
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
    parsed: dict[str, tuple[set[str], list[str]]] = {}
    for page in sorted(f for f in files if f.endswith(".html")):
        known = (filled or {}).get(page)
        if known is not None and not any(_SHELL in x for part in (known[0].before, known[0].after)
                                         for x in (*halves(part).hrefs, *halves(part).ids)):
            before, after = halves(known[0].before), halves(known[0].after)
            ids, hrefs = _links_of(known[1]) if isinstance(known[1], str) else known[1]
            parsed[page] = (before.ids | set(ids) | after.ids, before.hrefs + hrefs + after.hrefs)
        else:
            p = _parse((site / page).read_text(encoding="utf-8"))
            parsed[page] = (p.ids, p.hrefs)
    broken = []
    split: dict[str, tuple[str, str] | None] = {}  # href → (path, fragment), None for an external link
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
            target = posixpath.normpath(posixpath.join(folder, path)) if path else page
            if target in folders or target == ".":
                target = "index.html" if target == "." else f"{target}/index.html"
            if target.startswith("../") or target not in files:
                broken.append(f"{page}: {href}")
                continue
            if fragment and target in parsed and "akn" in target.split("/") and fragment not in parsed[target][0]:
                broken.append(f"{page}: {href} (no such anchor)")
    return broken
