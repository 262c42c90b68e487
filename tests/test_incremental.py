"""Issue 7: a rebuild from the build cache is byte for byte a clean build, and the act pages filled into the
theme's shells are byte for byte what mkdocs writes for them.

Both compare whole trees (pages, sitemap, feeds, data, Akoma Ntoso and JSON downloads, the search index).
DOCX and PDF are left out here (`downloads=False`: pandoc takes seconds a file); their own content-hash cache
is checked in tests/test_docx_pdf.py, and benchmarks/run.py compares the full trees, DOCX and PDF included.
"""
from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import sys
from pathlib import Path

import pytest

from generator import acts_search, linkcheck, pages, pipeline, publish, site
from generator.stager import Stager

ROOT = Path(__file__).resolve().parent.parent
AS_OF = dt.date(2026, 1, 1)


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def assert_same_tree(a: Path, b: Path) -> None:
    ta, tb = tree(a), tree(b)
    assert sorted(ta) == sorted(tb)
    differing = [path for path in ta if ta[path] != tb[path]]
    assert differing == []


def build(project: Path, out: Path, cache: Path, *, early: bool = False, **kwargs) -> list[str]:
    """`qanun build` of `project` into `out` with its caches in `cache`; the progress messages. `early`: the acts'
    search index is begun once the sources are read, as `qanun build` does (then the messages say whether it was)."""
    messages: list[str] = []
    begun: list[acts_search.Search | None] = []
    loaded = (lambda p: begun.append(acts_search.begin_search(p, AS_OF, cache / "search", binary=False))) if early \
        else (lambda p: None)
    corpus = pipeline.load_and_consolidate(project, cache, loaded=loaded)  # validated sources known from the last build
    site.build_site(corpus, project, out, AS_OF, cache=cache / "downloads", progress=messages.append,
                    downloads=False, search=begun[0] if begun else None, **kwargs)
    if early:
        used = begun[0] is not None and bool(begun[0].running.result())  # "cancelled" had build_site not used it
        messages.append(f"search begun early: {used}")
    return messages


def counts(messages: list[str]) -> tuple[int, int]:
    """(acts rendered, acts taken from the build cache), from the build's own report."""
    found = [m for m in messages if re.fullmatch(r"rendered \d+ acts, \d+ from the build cache", m)]
    assert len(found) == 1, messages
    rendered, cached = map(int, re.findall(r"\d+", found[0]))
    return rendered, cached


def test_a_rebuild_after_a_new_amending_act_equals_a_clean_build(tmp_path):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import corpus as synthetic
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    project = tmp_path / "project"
    summary = synthetic.generate(project, 40, 3, tax_code=False, holdback=True)
    (pending,) = summary.pending
    out = tmp_path / "out" / "site"
    first = build(project, out, tmp_path / "cache", early=True)
    rendered, cached = counts(first)
    total = rendered
    assert cached == 0 and total > 20
    assert "search begun early: False" in first  # no act's stand-ins kept: begun once the sources are consolidated

    messages = build(project, out, tmp_path / "cache", early=True)
    assert counts(messages) == (0, total)  # nothing changed: nothing is rendered
    assert "search begun early: True" in messages

    shutil.move(str(project / pending), str(project / "acts" / Path(pending).name))
    messages = build(project, out, tmp_path / "cache", early=True)
    rendered, cached = counts(messages)
    assert rendered + cached == total + 1
    assert 1 <= rendered < total // 2 and cached > total // 2  # the new act and the acts around it only
    assert "search begun early: True" in messages  # the changed acts consolidated beside the build for their entries

    clean = tmp_path / "clean" / "site"
    rendered, cached = counts(build(project, clean, tmp_path / "fresh-cache"))
    assert cached == 0
    assert_same_tree(out, clean)


@pytest.mark.parametrize("base_url", [None, "https://example.org/aktlar/"])
def test_act_pages_filled_into_shells_are_what_mkdocs_writes(tmp_path, monkeypatch, base_url):
    filled = build(ROOT, tmp_path / "filled" / "site", tmp_path / "cache", base_url=base_url)
    assert any(re.fullmatch(r"filling \d+ act pages into the theme", m) and not m.startswith("filling 0 ")
               for m in filled)
    monkeypatch.setattr(site, "fillable", lambda path, text: None)  # every page through mkdocs
    build(ROOT, tmp_path / "mkdocs" / "site", tmp_path / "cache", base_url=base_url)
    assert_same_tree(tmp_path / "filled" / "site", tmp_path / "mkdocs" / "site")


def test_only_act_pages_of_one_raw_html_block_are_filled():
    page = pages.markdown_page("Başlıq & “ad”", '<div class="qanun-act">\n<h1>x</h1>\n</div>')
    assert site.fillable("akn/az/act/2020/4/index.md", page) == ("Başlıq &amp; “ad”", '<div class="qanun-act">\n<h1>x</h1>\n</div>')
    assert site.fillable("koordinasiya-qrupu/index.md", page) is None  # not an act page
    assert site.fillable("akn/az/act/2020/4/index.md", pages.markdown_page("t", "<div>\n\n*x*</div>")) is None  # blank line
    assert site.fillable("akn/az/act/2020/4/index.md", pages.markdown_page("t", "<div>\nx</div>", search=True)) is None


def test_the_link_checks_fast_reading_of_act_pages_finds_what_the_html_parser_finds(corpus):
    ctx = site.context(corpus, AS_OF)
    bodies = [page[1] for path, text in site.site_pages(ctx, "home").items() if (page := site.fillable(path, text))]
    assert len(bodies) > 10
    for body in bodies:
        assert linkcheck.links_of(body) == linkcheck.links_of_parsed(body)
    tricky = '<div id="a&amp;b"><!-- <a href="x"> --><a class=x href="../y/#z">t</a><script id="s">"<a href=q>"</script></div>'
    assert linkcheck.links_of(tricky) == linkcheck.links_of_parsed(tricky) == [["a&b", "s"], ["../y/#z"]]


def test_the_build_cache_stays_out_of_the_way_of_a_replaced_renderer(monkeypatch):
    import functools

    from generator import buildcache, downloads

    assert not buildcache.patched()
    honest = site.each_act_page

    @functools.wraps(honest)
    def timed(*args, **kwargs):  # a benchmark's timer: the same output, so the cache may be used
        return honest(*args, **kwargs)
    monkeypatch.setattr(site, "each_act_page", timed)
    assert not buildcache.patched()
    monkeypatch.setattr(downloads, "version_json", lambda *a: {})  # another output: cache neither read nor written
    assert buildcache.patched()


def test_a_rebuild_links_unchanged_files_to_the_published_site_and_writes_the_others(tmp_path):
    """Files of a rebuild with the same bytes as the published site's are hard links to them (nothing written); a
    published file edited by hand is not carried over: the rebuild has the built bytes, as a clean build has."""

    out = tmp_path / "out" / "site"
    build(ROOT, out, tmp_path / "cache")
    inodes = {p.relative_to(out).as_posix(): p.stat().st_ino for p in out.rglob("*") if p.is_file()}
    data = sorted(p for p in out.rglob("*.json") if "/akn/" in f"/{p.relative_to(out).as_posix()}")
    page = next(p for p in sorted(out.rglob("index.html")) if "/aze@" in p.as_posix())
    edited = [data[0], page]
    for path in edited:
        text = path.read_bytes()
        path.write_bytes(text[:-2] + (b"X" if text[-2:-1] != b"X" else b"Y") + text[-1:])  # same size, other bytes
    build(ROOT, out, tmp_path / "cache")

    clean = tmp_path / "clean" / "site"
    build(ROOT, clean, tmp_path / "fresh-cache")
    assert_same_tree(out, clean)
    assert publish.verify(out).ok
    after = {p.relative_to(out).as_posix(): p.stat().st_ino for p in out.rglob("*") if p.is_file()}
    names = {p.relative_to(out).as_posix() for p in edited}
    assert all(after[n] != inodes[n] for n in names)  # written anew
    linked = {n for n in after if n in inodes and after[n] == inodes[n]}
    ours = {n for n in after if n.startswith("akn/")} - names
    assert len(ours) > 20 and ours <= linked  # every act page, feed, data file and download qanun wrote


def test_a_rebuild_stages_unchanged_act_pages_as_the_published_files_unread(tmp_path, monkeypatch):
    """The act pages, versions' data and AKN/JSON files a build publishes are recorded (filerecord.py): a rebuild
    stages one made from the same act key (shell) and path, whose published file is unchanged, as that file, neither
    filled nor read; the site is the same bytes as a clean build's. A page edited by hand in place since is filled
    again."""
    out, cache = tmp_path / "out" / "site", tmp_path / "cache"
    build(ROOT, out, cache)
    build(ROOT, out, cache)  # publishes the first build's pages again, recorded a while after they were written
    assert list((cache / "templates").glob("__jinja2_*.cache"))  # the theme's templates, compiled once (mkdocs_hooks.py)
    put: list[str] = []
    honest = Stager.put
    monkeypatch.setattr(Stager, "put", lambda self, name, data: put.append(name) or honest(self, name, data))
    act_pages = {p.relative_to(out).as_posix() for p in out.rglob("index.html") if p.parts[len(out.parts)] == "akn"}
    edited = out / sorted(act_pages)[len(act_pages) // 2]
    text = edited.read_bytes()
    edited.write_bytes(text[:-2] + (b"X" if text[-2:-1] != b"X" else b"Y") + text[-1:])  # same size, other bytes
    build(ROOT, out, cache)
    # of what the acts' outputs are (pages, versions' data, AKN/JSON), only the page edited is written again
    written = {name for name in put if name.startswith("akn/") and not name.endswith("/feed.xml")}
    assert len(act_pages) > 20 and written == {edited.relative_to(out).as_posix()}
    clean = tmp_path / "clean" / "site"
    build(ROOT, clean, tmp_path / "fresh-cache")
    assert_same_tree(out, clean)
    assert publish.verify(out).ok


def test_a_file_record_trusts_only_a_file_unchanged_since_and_older_than_the_record(tmp_path):
    import time

    from generator.filerecord import FileRecord

    out, records = tmp_path / "site", tmp_path / "records"
    page = out / "a" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_bytes(b"x")
    old = time.time_ns() - 10 * 10**9
    os.utime(page, ns=(old, old))
    FileRecord(records, out, "published").save({"a/index.html": "made-from"}, {"a/index.html": "digest"})
    record = FileRecord(records, out, "published")
    assert record.unchanged("a/index.html", "made-from") == "digest"
    assert record.unchanged("a/index.html", "made-from-else") is None
    assert record.unchanged("b/index.html", "made-from") is None
    assert FileRecord(records, tmp_path / "other-site", "published").unchanged("a/index.html", "made-from") is None
    assert FileRecord(records, out, "other-kind").unchanged("a/index.html", "made-from") is None
    assert FileRecord(None, out, "published").unchanged("a/index.html", "made-from") is None
    page.write_bytes(b"y")  # edited in place: same size and inode, another time
    assert record.unchanged("a/index.html", "made-from") is None
    os.utime(page, ns=(old, old))
    assert record.unchanged("a/index.html", "made-from") == "digest"
    later = time.time_ns() + 10 * 10**9  # as new as the record: it could have been edited in the same tick
    os.utime(page, ns=(later, later))
    FileRecord(records, out, "published").save({"a/index.html": "made-from"}, {"a/index.html": "digest"})
    assert FileRecord(records, out, "published").unchanged("a/index.html", "made-from") is None
    record.file.write_text("{damaged", encoding="utf-8")
    assert FileRecord(records, out, "published").files == {}


def test_qanun_never_stages_a_file_over_one_mkdocs_built(tmp_path):
    """mkdocs builds into the work folder and what it built is staged after qanun's files: a name both made is an
    error, never one silently taking the other's place (nor a file qanun stages twice)."""
    from generator.errors import BuildError

    built, previous = tmp_path / "built", tmp_path / "previous"
    for folder, data in ((built, b"mkdocs"), (previous, b"qanun")):
        (folder / "a").mkdir(parents=True)
        (folder / "a" / "x.json").write_bytes(data)
    for n, published in enumerate((None, previous)):  # written, or linked to the same bytes in the published site
        staged = tmp_path / f"staged-{n}"
        staged.mkdir()
        stage = Stager(staged, published)
        site._write_files(stage, {"a/x.json": b"qanun"})
        with pytest.raises(BuildError, match="a/x.json would overwrite a file of the site"):
            site._stage_built(stage, built)
        with pytest.raises(BuildError, match="would overwrite a file of the site"):
            site._write_files(stage, {"a/x.json": b"qanun"})
        assert (staged / "a" / "x.json").read_bytes() == b"qanun"


def test_a_spare_site_is_brought_to_the_new_one_and_never_written_through(tmp_path):
    """The staging folder may be an earlier site (the spare) whose files are hard links to the published site's:
    a file with the same bytes is kept, a changed one replaced (the published file keeps its bytes), a new one
    linked to the published site or written; what the new site does not have is swept away, and a folder and a
    file may trade places."""
    published, spare = tmp_path / "published", tmp_path / "spare"
    for name, data in {"same.txt": b"same", "changed.txt": b"old", "linked.txt": b"linked"}.items():
        (published / name).parent.mkdir(parents=True, exist_ok=True)
        (published / name).write_bytes(data)
    spare.mkdir()
    for name in ("same.txt", "changed.txt"):
        os.link(published / name, spare / name)
    for name, data in {"stale.txt": b"x", "gone/deep/stale.txt": b"x", "was-folder/x.txt": b"x",
                       "was-file": b"x", "kept/stale.txt": b"x", "SHA256SUMS": b"old manifest"}.items():
        (spare / name).parent.mkdir(parents=True, exist_ok=True)
        (spare / name).write_bytes(data)
    inode = (spare / "same.txt").stat().st_ino
    stage = Stager(spare, published)
    new = {"same.txt": b"same", "changed.txt": b"new", "linked.txt": b"linked", "fresh.txt": b"fresh",
           "was-folder": b"now a file", "was-file/x.txt": b"now in a folder", "kept/new.txt": b"n"}
    for name, data in new.items():
        stage.put(name, data)
    assert stage.sweep() == 4  # stale.txt, gone/deep/stale.txt, kept/stale.txt, SHA256SUMS (the others: by put)
    assert tree(spare) == new
    assert tree(published) == {"same.txt": b"same", "changed.txt": b"old", "linked.txt": b"linked"}
    assert (spare / "same.txt").stat().st_ino == inode == (published / "same.txt").stat().st_ino  # kept
    assert (spare / "linked.txt").stat().st_ino == (published / "linked.txt").stat().st_ino
    assert sorted(p.name for p in spare.iterdir() if p.is_dir()) == ["kept", "was-file"]
    assert set(stage.written) == set(new)


def test_a_cached_download_is_linked_into_the_site_neither_read_nor_hashed(tmp_path, monkeypatch):
    """A DOCX or PDF of the downloads cache is staged as a hard link to its cache file, with the cache's SHA-256;
    a rebuild that finds that very file in the spare keeps it without reading it; another file there is replaced,
    not written through (it may be the published site's); where no link can be made, the bytes are copied."""
    import errno
    import hashlib

    from generator import stager

    cache = tmp_path / "cache"
    cache.mkdir()
    one, two = cache / "1.pdf", cache / "2.pdf"
    one.write_bytes(b"%PDF one")
    two.write_bytes(b"%PDF two")
    digest = {f: hashlib.sha256(f.read_bytes()).hexdigest() for f in (one, two)}
    site_ = tmp_path / "site"
    site_.mkdir()
    stage = Stager(site_, None)
    stage.put_file("akn/x/a.pdf", str(one), digest[one])
    assert (site_ / "akn/x/a.pdf").stat().st_ino == one.stat().st_ino and stage.written == {"akn/x/a.pdf": digest[one]}

    published = tmp_path / "published"  # the next build stages into `site_`, now the spare
    (published / "akn/x").mkdir(parents=True)
    (published / "akn/x/b.pdf").write_bytes(b"%PDF old")
    os.link(published / "akn/x/b.pdf", site_ / "akn/x/b.pdf")
    stage = Stager(site_, published)
    with monkeypatch.context() as m:
        m.setattr(stager, "_read", lambda path: pytest.fail(f"read {path}"))
        m.setattr(stager.hashlib, "sha256", lambda *a: pytest.fail("hashed"))
        stage.put_file("akn/x/a.pdf", str(one), digest[one])
    stage.put_file("akn/x/b.pdf", str(two), digest[two])
    assert (site_ / "akn/x/b.pdf").stat().st_ino == two.stat().st_ino
    assert (published / "akn/x/b.pdf").read_bytes() == b"%PDF old"
    assert stage.written == {"akn/x/a.pdf": digest[one], "akn/x/b.pdf": digest[two]}

    def no_link(*args):
        raise OSError(errno.EXDEV, "cross-device link")
    monkeypatch.setattr(stager.os, "link", no_link)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    Stager(elsewhere, None).put_file("a.pdf", str(one), digest[one])
    assert (elsewhere / "a.pdf").read_bytes() == b"%PDF one" and (elsewhere / "a.pdf").stat().st_ino != one.stat().st_ino


def test_a_rebuild_on_the_spare_equals_a_clean_build(tmp_path):
    """Three builds, a change between each: the third is staged in the site the second replaced (the spare), and
    is byte for byte a clean build; the spare it leaves is the second."""
    project = tmp_path / "project"
    shutil.copytree(ROOT / "acts", project / "acts")
    shutil.copytree(ROOT / "site", project / "site")
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    out = tmp_path / "out" / "site"
    home = project / "site" / "index.md"
    sites = []
    for n in range(3):
        home.write_text(home.read_text(encoding="utf-8") + f"\nBuild {n}.\n", encoding="utf-8")
        build(project, out, tmp_path / "cache")
        sites.append(tree(out))
        assert publish.verify(out).ok
    assert publish.spare_path(out).is_dir() and tree(publish.spare_path(out)) == sites[1]
    clean = tmp_path / "clean" / "site"
    build(project, clean, tmp_path / "fresh-cache")
    assert_same_tree(out, clean)


def test_a_build_from_the_cache_reports_the_same_pages_as_a_clean_one(tmp_path):
    """The act pages come from the build cache already split for their shells: they are still counted as pages
    (one index.html each), and the count of files handed to mkdocs does not go below zero."""
    corpus = pipeline.load_and_consolidate(ROOT)
    results, written = [], []
    for _ in range(2):  # clean, then every act from the cache
        messages: list[str] = []
        results.append(site.build_site(corpus, ROOT, tmp_path / "site", AS_OF, cache=tmp_path / "cache" / "downloads",
                                       progress=messages.append, downloads=False))
        written += [int(m.split()[1]) for m in messages if re.fullmatch(r"wrote \d+ generated files; running mkdocs", m)]
    assert counts(messages)[0] == 0  # the second build rendered nothing
    pages = sum(1 for p in (tmp_path / "site").rglob("index.html") if "pagefind" not in p.parts)
    hand_written = [p for p in (ROOT / "site").rglob("*.md") if p != ROOT / "site" / "index.md"]  # the home page is made
    assert results[0].pages == results[1].pages == pages - len(hand_written) > 20
    assert len(written) == 2 and written[0] == written[1] > 0


def test_an_act_goes_into_its_cache_entry_page_by_page(tmp_path, monkeypatch):
    """A code's pages are gigabytes: each page is put into the act's entry before the next one is made, and the
    entry gives back the very pages `act_pages` makes, read from disk only when asked for."""
    from generator import buildcache

    corpus = pipeline.load_and_consolidate(ROOT)
    ctx = pages.context(corpus, AS_OF)
    act_id = "vn-kollegiya-2019-191705000007900"
    events: list[str] = []
    honest_pages, honest_put = site.each_act_page, buildcache.Writer.put

    def each_page(ctx, act_id):
        for path, text in honest_pages(ctx, act_id):
            events.append(f"made {path}")
            yield path, text

    def put(self, data):
        events.append("put")
        return honest_put(self, data)
    monkeypatch.setattr(site, "each_act_page", each_page)
    monkeypatch.setattr(buildcache.Writer, "put", put)
    site._render_act(corpus, ctx, act_id, False, tmp_path, "k1")
    made = [i for i, e in enumerate(events) if e.startswith("made ") and e.endswith("index.md")]
    assert len(made) > 5
    assert all("put" in events[i + 1:j] for i, j in zip(made, made[1:]))  # put before the next page is made

    entry = buildcache.load(tmp_path, "k1")
    assert isinstance(entry["filled"][f"{ctx.urls.work(act_id)}index.md"][1], buildcache.Stored)
    expected = pages.act_pages(ctx, act_id)
    got = {**entry["pages"], **{path: bytes(body).decode() for path, (_title, body) in entry["filled"].items()}}
    assert sorted(got) == sorted(expected)
    for path, (title, body) in entry["filled"].items():
        assert site.fillable(path, expected[path]) == (title, bytes(body).decode())
    assert entry["pages"] == {p: t for p, t in expected.items() if p not in entry["filled"]}


def test_the_search_beside_consolidates_an_act_it_was_not_told_of_when_asked_for_it():
    """Begun before the consolidation, the acts' index consolidates the acts whose stand-ins were not kept at once,
    and any other whose stand-ins vanished since (pruned) when asked for: the same history either way."""
    corpus = pipeline.load_and_consolidate(ROOT)
    acts = {a.id: a for a in corpus.project.acts}
    first = sorted(acts)[0]
    histories = acts_search._Histories(acts, {first})
    assert list(histories) == [first]
    other = sorted(acts)[-1]
    assert histories[other] == corpus.histories[other] and histories[first] == corpus.histories[first]
    assert sorted(histories) == sorted({first, other})
