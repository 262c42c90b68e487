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
"""
from __future__ import annotations

import datetime as dt
import gzip
import io
import html
import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Callable
from urllib.parse import unquote, urlsplit
from xml.sax.saxutils import escape as xml_escape

from .errors import QanunError
from .language import ascii_fold
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
    """A Markdown page holding one raw HTML block; front matter keeps it out of the default search index
    (`search_docs` indexes act pages instead, provision by provision, with folded letters)."""
    exclude = "" if search else "search:\n  exclude: true\n"
    # The theme prints the title into <title> and the header without escaping it: escape it here.
    front = f"---\ntitle: {json.dumps(html.escape(title, quote=False), ensure_ascii=False)}\n{exclude}hide:\n  - toc\n---\n\n"
    return front + body + "\n"


def site_pages(ctx: H.Context, home: str) -> dict[str, str]:
    """Every generated file of the docs folder: path → text (Markdown pages and Atom feeds)."""
    pages: dict[str, str] = {}
    statuses = {a: status(ctx.histories[a], ctx.as_of) for a in ctx.acts}
    pages["index.md"] = home.replace(ACTS_MARKER, H.acts_table(ctx, "", statuses))
    for act_id, h in sorted(ctx.histories.items()):
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
    pages[ctx.urls.feed()] = atom_feed(ctx, sorted(ctx.histories), ctx.urls.feed(), "Hüquqi aktlar: dəyişikliklər")
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
    return {ctx.urls.versions_json(act_id): json.dumps(C.versions_data(ctx, act_id), ensure_ascii=False,
                                                       separators=(",", ":")) + "\n"
            for act_id, h in sorted(ctx.histories.items()) if len(h.versions) > 1}


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


def _folded(*texts: str) -> str:
    """The words that a query typed without Azerbaijani letters must find: each word's folded form when
    it differs from the plain lower-case the browser's search makes of it."""
    seen: dict[str, None] = {}
    for text in texts:
        for word in re.findall(r"\w+", text):
            folded = ascii_fold(word)
            if folded != word.lower():
                seen.setdefault(folded, None)
    return " ".join(seen)


def search_docs(ctx: H.Context) -> list[dict[str, str]]:
    """Search entries for the current version of every act: the act's page, each annex page, and each
    provision at its own anchor (so “5.9.4” leads to that sub-point). Past versions are not indexed:
    the search finds the law in force; the timeline leads to the rest."""
    docs: list[dict[str, str]] = []

    def add(location: str, title: str, text: str) -> None:
        # The theme inserts title and text with innerHTML, so they are given as escaped HTML.
        docs.append({"location": location, "title": html.escape(title, quote=False),
                     "text": html.escape(text, quote=False), "folded": _folded(title, text)})
    for act_id in sorted(ctx.histories):
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
               cache: Path | None = None) -> BuildResult:
    """Build the site into a staging folder beside `output` and swap it in when everything succeeded:
    pages, mkdocs, data and downloads, search index, link check, and the leak scan over all of it.
    `cache` holds rendered DOCX/PDF by content hash (default: $QANUN_CACHE/downloads, or build/cache/downloads
    in the project)."""
    if strict and corpus.warnings:
        raise BuildError("--strict: the sources have warnings:\n" + "\n".join(str(w) for w in corpus.warnings))
    ctx = context(corpus, as_of)
    public = _public(corpus)  # the only form of the Group's records that reaches a renderer
    if cache is None:  # QANUN_CACHE: a folder shared between checkouts (CI caches, tests)
        cache = Path(os.environ.get("QANUN_CACHE") or corpus.project.root.resolve() / "build" / "cache") / "downloads"
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="qanun-site-"))
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}-", dir=output.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; the web server must read the published site
    try:
        progress(f"generating pages for {len(ctx.acts)} acts as of {as_of.isoformat()}")
        docs = work / "docs"
        _copy_hand_written(root / "site", docs, work / "overrides")
        home = (docs / "index.md").read_text(encoding="utf-8")
        pages = site_pages(ctx, home)
        if public is not None:
            pages.update(group_pages(ctx, public))
        for i, (path, text) in enumerate(sorted(pages.items()), 1):
            target = docs / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8", newline="\n")
        progress(f"wrote {len(pages)} generated files; running mkdocs")
        config = _write_config(root, work, staging, base_url, group=public is not None)
        _run_mkdocs(config, strict, as_of)
        progress("writing the versions' data and downloads (AKN, DOCX, PDF, JSON)")
        _write_files(staging, {path: text.encode("utf-8") for path, text in data_files(ctx).items()})
        _write_files(staging, _downloads(corpus, ctx, cache, progress))
        if public is not None:
            _write_files(staging, group_files(public))
        progress("indexing for search, checking links")
        _write_search_index(staging, search_docs(ctx))
        _fix_sitemap_gz(staging)
        broken = check_links(staging)
        if broken:
            raise BuildError("broken internal links:\n" + "\n".join(broken[:50]))
        warnings = leak_scan(corpus, root, (docs, staging), progress)
        files = sum(1 for p in staging.rglob("*") if p.is_file())
        _swap(staging, output)
        progress(f"site ready: {output}")
        return BuildResult(output, len([p for p in pages if p.endswith(".md")]), files, warnings)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _public(corpus: Corpus) -> PublicRecords | None:
    if corpus.meetings is None:
        return None
    from .meetings import public_view
    return public_view(corpus.meetings)


def _downloads(corpus: Corpus, ctx: H.Context, cache: Path | None, progress: Progress) -> dict[str, bytes]:
    from .downloads import render_downloads
    try:
        return render_downloads(corpus, ctx.urls, ctx.as_of, cache, progress)
    except QanunError as exc:
        raise BuildError(f"downloads: {exc}") from exc


def _write_files(site: Path, files: dict[str, bytes]) -> None:
    """Files qanun writes into the built site itself (data, downloads): never over a file mkdocs wrote."""
    for path, data in sorted(files.items()):
        target = site / path
        if target.exists():
            raise BuildError(f"internal error: {path} would overwrite a file of the site")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def leak_scan(corpus: Corpus, root: Path, folders: tuple[Path, ...], progress: Progress) -> tuple[str, ...]:
    """The second wall (issue 4): every file under `folders` (the staged site and the generated Markdown) is
    scanned for every restricted value of the Group's records; a leak raises LeakError (the build fails and
    the old site stays). Returns the warnings (restricted values that also stand in public sources).

    There is deliberately no way to skip this for a build that has records: not an option, not a setting."""
    if corpus.meetings is None:
        progress("leak scan: no meetings/ records, so nothing restricted to look for")
        return ()
    from .meetings.leakscan import public_source_texts, restricted_values, scan

    texts = public_source_texts(corpus.project.root)  # the acts (and the project's own site/, mkdocs.yml)
    if root.resolve() != corpus.project.root.resolve():  # the site used is qanun's default one
        texts += public_source_texts(root)
    values = restricted_values(corpus.meetings, texts)
    progress(f"leak scan: {len(values)} restricted values, every output file")
    reports = [scan(folder, values) for folder in folders]
    once = {w.digest: w for r in reversed(reports) for w in reversed(r.warnings)}  # each value once, first place
    warnings = tuple(f"leak scan: {w}" for w in sorted(once.values(), key=lambda w: (str(w.source), w.field)))
    for line in warnings:
        progress(line)
    for report in reports:
        report.raise_for_leaks()
    progress(f"leak scan: no restricted information in {sum(r.files for r in reports)} files")
    return warnings


def _copy_hand_written(source: Path, docs: Path, overrides: Path) -> None:
    """site/ → the docs folder, except overrides/ (theme templates: copied beside it, never published)."""
    if not (source / "index.md").is_file():
        raise BuildError(f"{source}/index.md is missing: the home page is hand-written there")
    shutil.copytree(source, docs, ignore=shutil.ignore_patterns("overrides", "*.pyc", "__pycache__"))
    if (source / "overrides").is_dir():
        shutil.copytree(source / "overrides", overrides)
    else:
        overrides.mkdir()


def _write_config(root: Path, work: Path, site_dir: Path, base_url: str | None, *, group: bool = False) -> Path:
    import yaml  # mkdocs' own dependency

    base = root / "mkdocs.yml"
    data = yaml.safe_load(base.read_text(encoding="utf-8")) if base.is_file() else {}
    data = data or {}
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
        raise BuildError(f"mkdocs: {exc}") from exc
    except Exception as exc:  # a broken template or page: report it, keep the last good site
        raise BuildError(f"mkdocs failed: {type(exc).__name__}: {exc}") from exc
    finally:
        if saved is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved


def _write_search_index(site: Path, docs: list[dict[str, str]]) -> None:
    """Add the act entries (with their folded words) to the index the search plugin wrote."""
    path = site / "search" / "search_index.json"
    index = json.loads(path.read_text(encoding="utf-8"))
    index["docs"] = [d for d in index["docs"]] + docs
    path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _fix_sitemap_gz(site: Path) -> None:
    """Rewrite sitemap.xml.gz with a zero mtime and no file name, so that it is byte-identical across builds."""
    plain, packed = site / "sitemap.xml", site / "sitemap.xml.gz"
    if not plain.is_file():
        return
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0) as gz:
        gz.write(plain.read_bytes())
    packed.write_bytes(buf.getvalue())


def _swap(staging: Path, output: Path) -> None:
    """Replace `output` by `staging`: readers see the old site or the new one, never a mix."""
    old = output.with_name(f".{output.name}-old")
    shutil.rmtree(old, ignore_errors=True)
    if output.exists():
        os.replace(output, old)
    os.replace(staging, output)
    shutil.rmtree(old, ignore_errors=True)


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


def check_links(site: Path) -> list[str]:
    """Every relative link of every page must reach a file, and a #fragment into an act page an element
    with that id: mkdocs does not check links inside raw HTML, so qanun does (a broken one fails the build)."""
    parsed: dict[Path, _Links] = {}
    for page in sorted(site.rglob("*.html")):
        p = _Links()
        p.feed(page.read_text(encoding="utf-8"))
        parsed[page] = p
    broken = []
    for page, links in parsed.items():
        if page.name == "404.html":  # served at any depth, so mkdocs writes its links from the root
            continue
        for href in links.hrefs:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or href.startswith(("mailto:", "javascript:")):
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{page.relative_to(site)}: {href}")
                continue
            fragment = unquote(parts.fragment)
            if fragment and target in parsed and "akn" in target.relative_to(site).parts \
                    and fragment not in parsed[target].ids:
                broken.append(f"{page.relative_to(site)}: {href} (no such anchor)")
    return broken
