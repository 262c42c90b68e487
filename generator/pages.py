"""The site's generated pages, feeds and search data (pure: corpus → texts; `site.build_site` writes them).

Act pages (every version, the changes view, the comparisons), the versions' data, the Coordination Group's pages
from its public view only (redaction by construction: nothing here can see the restricted records), the Atom
feeds, and the search entries. Each generated page is a Markdown file with front matter (`markdown_page`); an
act page is one raw HTML block, which `shells.py` fills into the theme without mkdocs.
"""
from __future__ import annotations

import datetime as dt
import html
import json
from typing import TYPE_CHECKING, Callable, Iterator
from xml.sax.saxutils import escape as xml_escape

from .pipeline import Corpus, status
from .render import compare_html as C
from .render import html as H
from .render import meetings_html as M
from .render.urls import Urls, rel

if TYPE_CHECKING:  # the public view: the one model of the Group's records a renderer may receive
    from .meetings.public import PublicRecords

ACTS_MARKER = "<!-- qanun:acts -->"
# The Regulation whose clauses the Group's acts rely on: an annex of an act (linked from the meeting pages).
REGULATION = ("nk-2024-21", "esasname")


def context(corpus: Corpus, as_of: dt.date) -> H.Context:
    return H.Context(corpus.acts, corpus.histories, as_of, Urls.for_acts(corpus.project.acts))


def markdown_page(title: str, body: str, *, search: bool = False) -> str:
    """A Markdown page holding one raw HTML block; front matter marks pages the search
    index leaves out (`search_docs` gives act pages instead, provision by provision)."""
    exclude = "" if search else "search:\n  exclude: true\n"
    # The theme prints the title into <title> and the header without escaping it: escape it here.
    front = f"---\ntitle: {json.dumps(html.escape(title, quote=False), ensure_ascii=False)}\n{exclude}hide:\n  - toc\n---\n\n"
    return front + body + "\n"


def site_pages(ctx: H.Context, home: str, acts: dict[str, dict[str, str]] | None = None, *,
               acts_table: bool = True) -> dict[str, str]:
    """Every generated file of the docs folder: path → text (Markdown pages and Atom feeds). `acts`: act id →
    `act_pages` of that act, already made (the build cache; perhaps without the pages `build_site` fills into
    the theme itself); the other acts are rendered here. `acts_table=False` leaves the home page's marker
    for its list of acts (`home_acts`) in place: `build_site` puts the list into the built page."""
    pages: dict[str, str] = {}
    pages["index.md"] = home.replace(ACTS_MARKER, home_acts(ctx)) if acts_table else home
    for act_id in sorted(ctx.histories):
        pages.update(acts[act_id] if acts is not None and act_id in acts else act_pages(ctx, act_id))
    pages[ctx.urls.feed()] = atom_feed(ctx, sorted(ctx.histories), ctx.urls.feed(), "Hüquqi aktlar: dəyişikliklər")
    return pages


def home_acts(ctx: H.Context) -> str:
    """The home page's list of acts (raw HTML), which stands at its `ACTS_MARKER`."""
    return H.acts_table(ctx, "", {a: status(ctx.histories[a], ctx.as_of) for a in ctx.acts})


def act_pages(ctx: H.Context, act_id: str) -> dict[str, str]:
    """One act's pages: its current page, every version and changes view, annexes, feed, comparisons, history."""
    return dict(each_act_page(ctx, act_id))


def each_act_page(ctx: H.Context, act_id: str) -> Iterator[tuple[str, str]]:
    """`act_pages`, one (path, text) at a time: a code's hundreds of versions and comparisons are gigabytes."""
    h = ctx.histories[act_id]
    act = h.act
    work = ctx.urls.work(act_id)
    current = ctx.current(act_id)
    yield f"{work}index.md", markdown_page(H.act_name(act), H.version_page(ctx, act_id, current, work))
    for v in h.versions:
        here = ctx.urls.expression(act_id, v.start)
        title = f"{H.act_name(act)} ({v.start.isoformat()})"
        yield f"{here}index.md", markdown_page(title, H.version_page(ctx, act_id, v, here))
        if v.changes:
            here = ctx.urls.changes(act_id, v.start)
            yield f"{here}index.md", markdown_page(f"{title}: {H.CHANGES_VIEW.lower()}",
                                                   H.version_page(ctx, act_id, v, here, changes=True))
    for annex in act.annexes:
        here = ctx.urls.annex(act_id, annex.id)
        yield f"{here}index.md", markdown_page(annex.title or annex.id, H.annex_page(ctx, act_id, annex.id, here))
    yield ctx.urls.feed(act_id), atom_feed(ctx, [act_id], ctx.urls.feed(act_id), H.act_name(act))
    yield from _comparison_pages(ctx, act_id)


def _comparison_pages(ctx: H.Context, act_id: str) -> Iterator[tuple[str, str]]:
    """The compare page (any two versions, in the browser), the static comparisons and the provision history."""
    h = ctx.histories[act_id]
    name = H.act_name(h.act)
    here = ctx.urls.history(act_id)
    yield f"{here}index.md", markdown_page(f"{name}: {C.HISTORY.lower()}", C.history_page(ctx, act_id, here))
    if len(h.versions) > 1:
        here = ctx.urls.compare(act_id)
        yield f"{here}index.md", markdown_page(f"{name}: {C.COMPARE.lower()}", C.compare_page(ctx, act_id, here))
        for a, b in C.static_pairs(ctx, h):
            here = ctx.urls.comparison(act_id, a.start, b.start)
            yield f"{here}index.md", markdown_page(f"{name}: {a.start.isoformat()} → {b.start.isoformat()}",
                                                   C.comparison_page(ctx, act_id, a, b, here))


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
    pages[f"{here}index.md"] = markdown_page(M.SECTION, M.group_page(public, here, link, ctx.as_of), search=True)
    for year in public.years():
        here = Urls.group_year(year)
        pages[f"{here}index.md"] = markdown_page(f"{M.SECTION}: {year}", M.year_page(public, year, here, link), search=True)
        for meeting in public.meetings_in(year):
            here = Urls.meeting(meeting.id, meeting.date)
            pages[f"{here}index.md"] = markdown_page(M.meeting_title(meeting), M.meeting_page(public, meeting, here, link),
                                             search=True)
        here = Urls.annual_report(year)
        body = to_html(public_annual_report(public, year))
        pages[f"{here}index.md"] = markdown_page(f"İllik hesabat: {year}", M.annual_report_page(
            public, year, here, body, annual_report_docx(year)), search=True)
    here = Urls.complaints()
    pages[f"{here}index.md"] = markdown_page("Şikayətlər üzrə statistika", M.complaints_page(public, here, link, ctx.as_of),
                                     search=True)
    return pages


def annual_report_docx(year: int) -> str:
    return f"{Urls.annual_report(year)}illik-hesabat-{year}.docx"


def group_files(public: PublicRecords) -> dict[str, bytes]:
    """The public annual reports as DOCX (pandoc, sandboxed), from the public view."""
    from .meetings.documents import public_annual_report
    from .meetings.public import PublicRecords as _Public
    from .render.wordml import normalise_zip
    from .render.docx import markdown_to_docx

    if not isinstance(public, _Public):
        raise TypeError("group_files renders the public view only")
    return {annual_report_docx(year): normalise_zip(markdown_to_docx(public_annual_report(public, year),
                                                                     title=f"İllik hesabat {year}"))
            for year in public.years()}


def _markdown_to_html(markdown: str) -> str:
    """The annual report's pandoc Markdown (every source text escaped) as an HTML fragment, by pandoc."""
    from .render.pandoc import run_pandoc

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
