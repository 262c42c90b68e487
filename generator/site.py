"""The public site: generated pages + the hand-written `site/` folder → mkdocs-material → an atomic swap.

The pages themselves are made by `pages.py` (pure: corpus → texts); `build_site` is the only writer. It works in temporary folders, so nothing generated ever lands in the repository, and
replaces the output folder only when everything succeeded: a failed build leaves the last good site as
it was.

The Coordination Group's records (`corpus.meetings`) hold restricted information. `build_site` turns them
into the public view once (`public_view`) and hands only that to the renderers (redaction by
construction). Then the second wall: before the swap, every file of the staged site and every generated
Markdown page is scanned for every restricted value (`leak_scan`); a leak fails the build, the old site
stays, and the report names files, source fields and hashes, never the text. There is no switch to skip it.

Speed (issue 7): mkdocs builds only the hand-written pages, the Coordination Group's pages and one "shell"
page per URL depth; every act page is written by filling its shell (`shells.py`), the same bytes mkdocs
would write. So mkdocs' plugins (its search plugin included) never see the act pages: they are excluded
from mkdocs' search anyway. The search index is two: the acts' (`acts_search.py`), made by Pagefind beside the
build from the moment the acts are known, and the built pages', made after mkdocs (`search_index.folders`). The act
pages, versions' data and AKN/JSON downloads come from a per-act cache (`buildcache.py`) when nothing they
depend on changed, and the link check (`linkcheck.py`) parses each shell once. An act is rendered into its cache
entry page by page and each file is read back only when it is written, so the build holds the act pages of a
code with hundreds of versions (gigabytes) one at a time, not all at once.
"""
from __future__ import annotations

import datetime as dt
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Callable, TypeVar

from . import publish
from .stager import Stager
from .errors import BuildError, QanunError
from .i18n import _
from .forked import beside, fork_map
from .acts_search import Search, acts_index
from .ticker import Ticker
from .search_index import FOLDER as SEARCH_FOLDER, folders, index_pages, searchable_pages
from . import buildcache
from .buildcache import Stored, close_open, read_ahead
from .linkcheck import check_links, packed_links
from .mkdocs_run import copy_hand_written, fix_sitemap_gz, run_mkdocs, write_config
from .filerecord import FileRecord, signature
from .pages import (ACTS_MARKER, act_data_files, context, each_act_page, group_files, group_pages,
                    home_acts, markdown_page, site_pages)
from .pipeline import Corpus
from .render import html as H
from .shells import SHELL, SHELL_BODY, Shell, fill_pages, fill_sitemap, fillable, read_shells, shell_path

if TYPE_CHECKING:  # the public view: the one model of the Group's records a renderer may receive
    from .meetings.public import PublicRecords

Progress = Callable[[str], None]
T = TypeVar("T")
PROGRESS_FROM_ACTS = 100  # acts to render before the build says how far it is: fewer take seconds


# --- the writer ------------------------------------------------------------------------------

@dataclass(frozen=True)
class BuildResult:
    output: Path
    pages: int
    files: int
    warnings: tuple[str, ...] = ()  # the leak scan's overlaps with public sources, for review


def build_site(corpus: Corpus, root: Path, output: Path, as_of: dt.date, *, strict: bool = False,
               base_url: str | None = None, progress: Progress = lambda m: None,
               cache: Path | None = None, downloads: bool = True, search: Search | None = None) -> BuildResult:
    """Build the site into a staging folder beside `output` and swap it in when everything succeeded:
    pages, mkdocs, data and downloads, search index, link check, and the leak scan over all of it.
    `cache` holds rendered DOCX/PDF by content hash (default: $QANUN_CACHE/downloads, or build/cache/downloads
    in the project). `downloads=False` (the preview, `qanun serve`) leaves out DOCX and PDF, the slow part of
    a rebuild, and so does not check the links to them. `search`: the acts' search index begun before the sources
    were consolidated (`begin_search`); without it, or begun for another build, it is begun here."""
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
    record = FileRecord(cache.parent / "records", output, "published")  # the act files published last time
    if search is not None and (search.as_of, search.binary, search.cache) != (as_of, downloads,
                                                                             cache.parent / "search"):
        search.running.cancel()  # begun for another build
        search = None
    try:
        # The acts' search index needs only the acts: Pagefind makes it, in a process of its own, while the pages
        # are made (the built pages have an index of their own, `search_index.folders`).
        if search is None:
            keys = buildcache.act_keys(ctx.acts, ctx.urls, as_of, binary=downloads, made_from=corpus.project.made_from)
            search = Search(as_of, downloads, cache.parent / "search", keys, beside(partial(
                acts_index, ctx.acts, ctx.urls, as_of, keys, cache.parent / "search", ctx.histories)))
        keys = search.keys
        progress(_("generating pages for {count} acts as of {day}", count=len(ctx.acts), day=as_of.isoformat()))
        docs = work / "docs"
        copy_hand_written(root / "site", docs, work / "overrides")
        home = (docs / "index.md").read_text(encoding="utf-8")
        acts = act_outputs(corpus, ctx, cache.parent / "acts" if cache else None, spool=work / "acts", binary=downloads,
                           progress=progress, keys=keys)
        # The home page's list of acts goes into the built page: through mkdocs, its thousand rows of raw HTML
        # would be most of mkdocs' time in a rebuild.
        pages = site_pages(ctx, home, {a: o["pages"] for a, o in acts.items()}, acts_table=False)
        if public is not None:
            pages.update(group_pages(ctx, public))
        filled = _filled_pages(pages, acts)
        depths = {path.count("/") for path in filled}
        # An act's Atom feed is written into the site as it is, like its pages: mkdocs would only copy it (a second
        # for a thousand acts). The site's own feed goes through mkdocs, which checks the home page's link to it.
        feeds = {path: text.encode("utf-8") for path, text in pages.items()
                 if path.startswith("akn/") and not path.endswith(".md")}
        through_mkdocs = {path: text for path, text in pages.items() if path not in filled and path not in feeds}
        # Two threads beside this one, each waiting on programs of their own: the DOCX/PDF workers, from here
        # on, while mkdocs runs and the pages are filled; the built pages' search index, made by Pagefind while the
        # act pages, data and downloads are written and the links checked (it reads none of those, and no page
        # links into its folder). Leaving the block waits for both, even after an error; `stop` spares the
        # downloads not begun.
        stop = threading.Event()
        built = work / "built"  # mkdocs builds here; its files are staged with the rest
        with ThreadPoolExecutor(2) as pool:
            try:
                made = pool.submit(_downloads, corpus, ctx, cache, progress, binary=downloads, stop=stop,
                                   done={a: (o["texts"], o["jobs"]) for a, o in acts.items()})
                _write_docs(docs, {**through_mkdocs,
                                   **{shell_path(d): markdown_page(SHELL, SHELL_BODY) for d in depths}})
                searchable = searchable_pages(docs)
                into_acts, into_pages, merged = folders(bool(ctx.histories), bool(searchable))
                progress(_("wrote {count} generated files; running mkdocs", count=len(through_mkdocs)))
                config = write_config(root, work, built, base_url, group=public is not None, search_merge=merged)
                run_mkdocs(config, strict, as_of, templates=cache.parent / "templates")
                _fill_home(built / "index.html", home_acts(ctx))
                if (built / SEARCH_FOLDER).exists():
                    raise BuildError(_("search: {path} would overwrite a file of the site", path=SEARCH_FOLDER))
                shells = read_shells(built, depths)
                indexed = pool.submit(index_pages, work / "search-pages", built, searchable, searcher=not merged)
                progress(_("filling {count} act pages into the theme", count=len(filled)))
                stage = Stager(staging, publication.previous)
                made_from = _made_from(acts, shells)
                unpublished = _unpublished(stage, {_html(path): path for path in filled}, made_from, record)
                fill_pages(stage, {path: filled[path] for path in unpublished.values()}, shells)
                fill_sitemap(built, [p.relative_to(docs).as_posix() for p in docs.rglob("*.md")], list(filled), shells)
                progress(_("writing the versions' data and downloads (AKN, DOCX, PDF, JSON)"))
                data = {path: data for o in acts.values() for path, data in o["data"].items()}  # versions' data
                texts = {path: data for o in acts.values() for path, data in o["texts"].items()}  # AKN, JSON
                _write_files(stage, _unpublished(stage, data, made_from, record))
                _write_files(stage, {**feeds, **_unpublished(stage, texts, made_from, record)})
                if public is not None:
                    _write_files(stage, group_files(public))
                fix_sitemap_gz(built)
                _stage_built(stage, built)
                # The links are checked while the DOCX and PDF are still being made, against the files they will
                # be (every one is, or the build fails): the check is most of a core's second a thousand acts.
                progress(_("checking links"))
                documents = {path for o in acts.values() for path, *_job in o["jobs"]}
                known = {path: links for o in acts.values() for path, links in o["links"].items()}
                shelled = {_html(p): (shells[p.count("/")], known.get(p) or bytes(body).decode("utf-8"))
                           for p, (_, body) in filled.items()}
                broken = [b for b in check_links(staging, shelled, files=stage.written.keys() | documents)
                          if downloads or not b.endswith(_BINARY_SUFFIXES)]  # not what is left of the spare
                if broken:
                    stop.set()  # the build fails: no more documents begun, and those under way not waited for here
                else:
                    documents_made = made.result()
                    if documents - documents_made.keys():
                        raise BuildError(_("internal error: {count} downloads were not made",
                                           count=len(documents - documents_made.keys())))
                    _write_files(stage, {path: data for path, data in documents_made.items() if path not in texts})
            finally:
                stop.set()
            progress(_("indexing for search"))
            acts_files, pages_indexed = search.running.result(), indexed.result()
            if merged and not (acts_files and pages_indexed):  # the browser would look for both
                raise BuildError(_("internal error: one of the two search indexes is missing"))
            _write_files(stage, {f"{into_acts}/{path}": data for path, data in acts_files.items()})
            _stage_built(stage, work / "search-pages", under=into_pages)
            stage.sweep()
        if broken:
            raise BuildError(_("broken internal links:\n{links}", links="\n".join(broken[:50])))
        warnings = leak_scan(corpus, root, (docs, staging), progress)
        files = publication.commit(stage.written)  # SHA256SUMS, then the atomic swap
        record.save(made_from, stage.written)
        progress(_("site ready: {output}", output=output))
        return BuildResult(output, len({p for p in pages if p.endswith(".md")} | set(filled)), files, warnings)
    except BaseException as exc:
        if search is not None:
            search.running.cancel()
        raise publication.failed(exc)  # a write error (full disk …) becomes a message; the old site stays
    finally:
        close_open()  # the build cache entries read from
        publication.close()


def _fill_home(page: Path, acts: str) -> None:
    """The list of acts where the hand-written home page has its marker (mkdocs leaves an HTML comment as it is)."""
    text = page.read_text(encoding="utf-8")
    if ACTS_MARKER in text:
        page.write_text(text.replace(ACTS_MARKER, acts), encoding="utf-8", newline="")


def _stage_built(stage: Stager, built: Path, under: str = "") -> None:
    """What mkdocs or Pagefind built, into the staged site (`Stager.adopt`)."""
    try:
        stage.adopt(built, under)
    except FileExistsError as exc:
        path = Path(exc.filename).relative_to(stage.site).as_posix() if exc.filename else "?"
        raise BuildError(_("internal error: {path} would overwrite a file of the site", path=path)) from None


def _filled_pages(pages: dict[str, str], acts: dict[str, dict]) -> dict[str, tuple[str, bytes | Stored]]:
    """Page path → (title, content in UTF-8) of every page filled into a theme shell instead of going through
    mkdocs: those of `pages` that can be, and the act pages, split when they were rendered (`act_outputs`)."""
    filled: dict[str, tuple[str, bytes | Stored]] = {path: (page[0], page[1].encode("utf-8")) for path, text in pages.items()
                                                     if (page := fillable(path, text)) is not None}
    for o in acts.values():
        filled.update((path, (title, body)) for path, (title, body) in o["filled"].items())
    return filled


def _made_from(acts: dict[str, dict], shells: dict[int, Shell]) -> dict[str, str]:
    """Site path → signature (`filerecord.signature`) of every act page, versions' data file and AKN/JSON download
    whose act's key is known."""
    digests = {depth: signature(s.before, s.after, s.url) for depth, s in shells.items()}
    out = {}
    for o in acts.values():
        if o["key"] is not None:
            out.update((_html(path), signature(o["key"], digests[path.count("/")], path)) for path in o["filled"])
            out.update((path, signature(o["key"], "", path)) for path in (*o["data"], *o["texts"]))
    return out


def _html(page: str) -> str:
    """The site path of a Markdown page's HTML."""
    return f"{page[:-len('.md')]}.html"


def _unpublished(stage: Stager, files: dict[str, T], made_from: dict[str, str], record: FileRecord) -> dict[str, T]:
    """Those of `files` (site path → anything) to write: each of the others is made from what the published file of
    that name was (`filerecord.py`), and is staged as that file, unread."""
    left = {}
    for path, data in files.items():
        sig = made_from.get(path)
        digest = record.unchanged(path, sig) if sig is not None else None
        if digest is None:
            left[path] = data
            continue
        try:
            stage.put_file(path, f"{record.base}/{path}", digest)
        except FileExistsError:
            raise BuildError(_("internal error: {path} would overwrite a file of the site", path=path)) from None
    return left


def _write_docs(docs: Path, pages: dict[str, str]) -> None:
    """The generated Markdown pages mkdocs builds, into its docs folder."""
    for path, text in sorted(pages.items()):
        target = docs / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8", newline="\n")


def _public(corpus: Corpus) -> PublicRecords | None:
    if corpus.meetings is None:
        return None
    from .meetings import public_view
    return public_view(corpus.meetings)


_BINARY_SUFFIXES = (".docx", ".pdf")  # the downloads a preview build leaves out


def act_outputs(corpus: Corpus, ctx: H.Context, folder: Path | None, *, spool: Path, binary: bool = True,
                progress: Progress = lambda m: None, keys: dict[str, str] | None = None) -> dict[str, dict]:
    """Act id → everything built for that act (pages, versions' data, search entries, AKN/JSON texts, DOCX/PDF
    jobs, and its "key": what it is made from, None if a renderer was replaced), its bytes as `buildcache.Stored`,
    read when written: from the build cache (`buildcache.py`) when the act and the acts around it are unchanged,
    else rendered into it. Without a cache (`folder` None or not writable) the entries go to `spool`, a folder of
    this build. `keys`: `buildcache.act_keys` of the acts, if the caller has them already."""
    keys = keys or buildcache.act_keys(ctx.acts, ctx.urls, ctx.as_of, binary=binary, made_from=corpus.project.made_from)
    replaced = buildcache.patched()
    if replaced:  # a renderer replaced at run time (tests do): its output is not the code's, keep out
        folder = None
    out: dict[str, dict] = {}
    act_ids = sorted(ctx.histories)
    with ThreadPoolExecutor(2) as pool:  # zlib lets go of the GIL while it checks an entry: one in each thread
        cached = list(pool.map(lambda act_id: buildcache.load(folder, keys[act_id]), act_ids))
    todo = [act_id for act_id, value in zip(act_ids, cached) if value is None]
    into = folder if folder is not None and _writable(folder) else spool
    # forked workers inherit the consolidated corpus and write each act's entry themselves: nothing but the act's
    # id crosses a process boundary, and no process holds an act's pages all at once (forked.py)
    tick = Ticker(len(todo), lambda done, total: progress(_("pages: {done} of {total} acts rendered", done=done,
                                                             total=total)), least=PROGRESS_FROM_ACTS)
    fork_map(lambda act_id: _render_act(corpus, ctx, act_id, binary, into, keys[act_id]), todo, per_worker=4, done=tick)
    for act_id, value in zip(act_ids, cached):
        out[act_id] = value if value is not None else buildcache.load(into, keys[act_id])
        if out[act_id] is None:
            raise BuildError(_("internal error: the rendered outputs of {act} could not be read back", act=act_id))
        out[act_id]["key"] = None if replaced else keys[act_id]  # what its pages are made from (filerecord.py)
    buildcache.prune(folder)
    progress(_("rendered {rendered} acts, {cached} from the build cache", rendered=len(todo),
               cached=len(out) - len(todo)))
    return out


def _writable(folder: Path) -> bool:
    """Whether build cache entries can be written into `folder` (a read-only checkout builds without them)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        return os.access(folder, os.W_OK | os.X_OK)
    except OSError:
        return False


def _render_act(corpus: Corpus, ctx: H.Context, act_id: str, binary: bool, folder: Path, key: str) -> None:
    """Everything built for one act, written into its entry `key` in `folder` as it is made: "pages" that go through
    mkdocs (path → Markdown), "filled" pages (path → [title, content in UTF-8]) and their "links"
    (`linkcheck.packed_links`), "data" and "texts" (site path → UTF-8: versions' data, AKN and JSON downloads),
    and the DOCX/PDF "jobs" (`downloads.act_files`)."""
    from .buildcache import writer
    from .downloads import act_files

    with writer(folder, key) as entry:
        try:
            texts, jobs = act_files(corpus, ctx.urls, ctx.as_of, act_id, binary=binary, store=entry.put)
        except QanunError as exc:
            raise BuildError(_("downloads: {problem}", problem=exc)) from exc
        pages, filled, links = {}, {}, {}
        for path, text in each_act_page(ctx, act_id):
            page = fillable(path, text)
            if page is None:
                pages[path] = text  # through mkdocs
                continue
            title, body = page
            filled[path] = [title, entry.put(body.encode("utf-8"))]
            if (packed := packed_links(_html(path), body)) is not None:
                links[path] = [entry.put(part) for part in packed]
        data = {path: entry.put(text.encode("utf-8")) for path, text in act_data_files(ctx, act_id).items()}
        entry.close(key, {"pages": pages, "filled": filled, "links": links, "data": data, "texts": texts, "jobs": jobs})


def _downloads(corpus: Corpus, ctx: H.Context, cache: Path | None, progress: Progress,
               binary: bool = True, done: dict | None = None, stop: threading.Event | None = None) -> dict[str, bytes]:
    from .downloads import render_downloads
    try:
        return render_downloads(corpus, ctx.urls, ctx.as_of, cache, progress, binary=binary, done=done, stop=stop)
    except QanunError as exc:
        raise BuildError(_("downloads: {problem}", problem=exc)) from exc


def _write_files(stage: Stager, files: dict[str, bytes | Stored]) -> None:
    """Files qanun writes into the built site itself (data, downloads): never over a file mkdocs wrote; the same
    bytes as in the published site are linked to it (`stager.Stager`). Each is read from the build cache only
    now, when it is written; a DOCX or PDF of the downloads cache is linked to its file."""
    from .downloads import CachedDocument

    documents = sorted(path for path, data in files.items() if isinstance(data, CachedDocument))
    paths = sorted(set(files) - set(documents))
    path = ""
    try:
        for path in documents:
            cached = files[path]
            stage.put_file(path, os.fspath(cached.path), cached.digest)  # type: ignore[union-attr]
        for path, data in zip(paths, read_ahead(files[path] for path in paths)):
            stage.put(path, data)
    except FileExistsError:
        raise BuildError(_("internal error: {path} would overwrite a file of the site", path=path)) from None


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
