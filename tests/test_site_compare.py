"""Comparing versions and provision history on the site (issue 5, items 2 and 5), and each version's downloads
(issue 6, item 7). The site is built once (as of a fixed day) and read as files; the browser part of the
compare page is in test_browser.py.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from lxml import etree

from conftest import ROOT
from generator import pipeline
from generator.akn_xsd import safe_parser, schema_problems
from generator.cli import main
from generator.notes import citation
from generator.render.jsonout import version_json

AS_OF = "2026-01-01"
CRITERIA = "akn/az/act/2019/191705000007900/"
REGULATION_ACT = "akn/az/act/2024/21/"
FORMATS = {"akn": ".akn.xml", "docx": ".docx", "pdf": ".pdf", "json": ".json"}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("compare") / "site"
    assert main(["-C", str(ROOT), "build", "--output", str(out), "--as-of", AS_OF]) == 0
    return out


def page(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[dict[str, str]] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if a.get("id"):
            self.ids.add(a["id"])
        if tag in ("a", "script", "form"):
            self.links.append({"tag": tag, **a})


def parse(html: str) -> _Links:
    p = _Links()
    p.feed(html)
    return p


def resolve(site: Path, here: str, href: str) -> Path:
    path = (site / here / href.partition("#")[0].partition("?")[0]).resolve()
    return path / "index.html" if path.is_dir() else path


# --- versions' data and the compare page -------------------------------------------------------------

def test_versions_json_indexes_every_version_and_its_json_download(site, corpus):
    """The compare page's script reads the index, then the JSON download of each version it compares: the
    index names them and the amending acts their notes cite, and holds no version's text."""
    raw = (site / CRITERIA / "versions.json").read_text(encoding="utf-8")
    data = json.loads(raw)
    h = corpus.histories["vn-kollegiya-2019-191705000007900"]
    assert [v["start"] for v in data["versions"]] == [v.start.isoformat() for v in h.versions]
    assert data["current"] == "2020-08-03" and data["history"] == "history/"
    for entry, version in zip(data["versions"], h.versions):
        assert (site / CRITERIA / entry["page"] / "index.html").is_file()
        download = json.loads((site / CRITERIA / entry["json"]).read_text(encoding="utf-8"))
        assert download["version"]["start"] == version.start.isoformat()
        assert entry["json"] == f"aze@{version.start.isoformat()}/191705000007900_{version.start.isoformat()}.json"
    assert "provisions" not in raw and "Vergilər Nazirliyinə" not in raw  # an index: no version's text
    v2020 = json.loads((site / CRITERIA / data["versions"][1]["json"]).read_text(encoding="utf-8"))
    cited = {e["amending_act"] for n in v2020["notes"] for e in n["entries"]}
    assert cited and set(data["amending_acts"]) == cited
    for act_id, act in data["amending_acts"].items():
        assert act["citation"] == citation(corpus.acts[act_id])
        assert (site / CRITERIA / act["page"] / "index.html").is_file()
    assert not (site / "akn/az/act/2020/4/versions.json").exists()  # one version: nothing to compare


def test_compare_page_has_the_pickers_the_views_and_the_script(site):
    html = page(site, CRITERIA + "compare/")
    links = parse(html).links
    form = next(x for x in links if x["tag"] == "form" and x.get("class") == "compare-form")
    assert form["data-versions"] == "../versions.json" and (form["data-a"], form["data-b"]) == ("2019-05-22", "2020-08-03")
    assert html.count('<option value="2019-05-22">') == 2 and html.count('<option value="2020-08-03">') == 2
    assert 'value="inline"' in html and 'value="side"' in html and 'name="only"' in html
    script = next(x for x in links if x["tag"] == "script" and "qanun-compare" in x.get("src", ""))
    assert resolve(site, CRITERIA + "compare/", script["src"]).is_file()
    js = resolve(site, CRITERIA + "compare/", script["src"]).read_text(encoding="utf-8")
    assert "http" not in re.sub(r"/\*.*?\*/", "", js, flags=re.S)  # no request to any host of its own choosing
    assert 'href="2019-05-22/2020-08-03/"' in html  # the static comparison, for readers without the script
    assert 'class="compare-link"' in page(site, CRITERIA)  # reached from the act's toolbar


def test_static_comparisons_each_version_against_the_previous_and_the_current(site, corpus):
    for path, h in ((CRITERIA, corpus.histories["vn-kollegiya-2019-191705000007900"]),
                    ("akn/az/act/2018/408/", corpus.histories["nk-2018-408"])):
        found = sorted(p.parent.relative_to(site / path / "compare").as_posix()
                       for p in (site / path / "compare").glob("*/*/index.html"))
        starts = [v.start.isoformat() for v in h.versions]
        assert found == [f"{a}/{b}" for a, b in zip(starts, starts[1:])]  # with two versions, one page serves both


def test_criteria_2019_to_2020_shows_the_four_changes_each_linked_to_its_note(site):
    here = CRITERIA + "compare/2019-05-22/2020-08-03/"
    html = page(site, here)
    assert "Dəyişikliklər: 4 bənd dəyişdirilib." in html
    articles = re.findall(r'<article class="qanun-diff-changed" data-id="([^"]+)" data-document="meyarlar">', html)
    assert articles == ["2.4.2", "2.5", "2.6", "2.7"]
    assert "<del>Vergilər Nazirliyinə</del>" in html and "<ins>Dövlət Vergi Xidməti</ins>" in html
    for n in (1, 2, 3, 4):
        assert f'href="#qeyd-{n}"' in html and f'id="qeyd-{n}"' in html
        assert f'href="../../../aze@2020-08-03/#note-{n}"' in html
    assert "?a=2019-05-22&amp;b=2020-08-03" in html  # to the interactive page, with the pair chosen
    assert 'href="compare/2019-05-22/2020-08-03/"' in page(site, CRITERIA)  # from the timeline


# --- provision history -------------------------------------------------------------------------------

def test_every_provision_links_its_history_and_the_history_has_it(site):
    for path in (CRITERIA, CRITERIA + "aze@2019-05-22/", REGULATION_ACT, REGULATION_ACT + "esasname/"):
        parsed = parse(page(site, path))
        history_links = [x["href"] for x in parsed.links if x.get("class") == "prov-history"]
        provisions = len(re.findall(r"<div class=\"provision depth-\d+\"", page(site, path)))
        assert history_links and len(history_links) == provisions
        for href in history_links:
            target, _, anchor = href.partition("#")
            history = resolve(site, path, target)
            assert history.relative_to(site).as_posix().endswith("/history/index.html")
            assert anchor in parse(history.read_text(encoding="utf-8")).ids


def test_history_of_a_changed_provision_shows_each_wording_with_note_and_amending_act(site):
    html = page(site, CRITERIA + "history/")
    section = re.search(r'<section class="provision-history" id="wid-meyarlar-2.5">.*?</section>', html, re.S).group(0)
    rows = re.findall(r"<tr class=\"history-(\w+)\">(.*?)</tr>", section, re.S)
    assert [r[0] for r in rows] == ["original", "changed"]
    assert "22.05.2019 – 02.08.2020" in rows[0][1] and "Vergilər Nazirliyinə" in rows[0][1]
    assert "03.08.2020 tarixindən" in rows[1][1]
    assert "<del>Vergilər Nazirliyinə</del>" in rows[1][1] and "<ins>" in rows[1][1]
    assert 'href="../aze@2020-08-03/#note-2">[2]</a>' in rows[1][1]
    assert 'href="../../../2020/4/"' in rows[1][1]  # the amending act
    unchanged = re.search(r'id="wid-meyarlar-2.2".*?</section>', html, re.S).group(0)
    assert len(re.findall(r"<tr class=", unchanged)) == 1 and "22.05.2019 tarixindən" in unchanged


def test_history_of_an_act_without_provisions_says_so(site):
    html = page(site, "akn/az/act/2018/408/history/")  # the seeds give only its title and its repeal
    assert "tarixçəsi göstəriləcək bənd yoxdur" in html


# --- downloads ---------------------------------------------------------------------------------------

def version_pages(site: Path, corpus) -> list[tuple[str, str, dt.date]]:
    """(page, act id, version start) of every version page: each expression page and each act's current page."""
    out = []
    day = dt.date.fromisoformat(AS_OF)
    for act_id, h in sorted(corpus.histories.items()):
        work = next(p for p in (site / "akn").rglob("feed.xml")
                    if f'data-act="{act_id}"' in (p.parent / "index.html").read_text(encoding="utf-8")).parent
        work = work.relative_to(site).as_posix() + "/"
        out.append((work, act_id, (h.at(day) or h.versions[0]).start))
        out += [(f"{work}aze@{v.start.isoformat()}/", act_id, v.start) for v in h.versions]
    return out


def test_each_version_page_links_its_four_downloads_and_they_exist(site, corpus):
    pages = version_pages(site, corpus)
    assert len(pages) == 4 + 6
    for path, act_id, start in pages:
        links = [x for x in parse(page(site, path)).links if x.get("data-format")]
        assert [x["data-format"] for x in links] == list(FORMATS)
        for link in links:
            target = resolve(site, path, link["href"])
            assert target.name.endswith(f"_{start.isoformat()}{FORMATS[link['data-format']]}")
            assert target.parent.name == f"aze@{start.isoformat()}" and target.stat().st_size > 0
    changes = page(site, CRITERIA + "aze@2020-08-03/changes/")
    assert 'class="downloads"' not in changes


def downloads(site: Path, fmt: str) -> list[Path]:
    return sorted((site / "akn").rglob(f"*{FORMATS[fmt]}"))


def test_akn_downloads_validate_against_the_oasis_schema(site):
    files = downloads(site, "akn")
    assert len(files) == 6
    for path in files:
        doc = etree.fromstring(path.read_bytes(), parser=safe_parser())
        assert schema_problems(doc) == [], path


def test_json_downloads_are_the_version_model(site, corpus):
    day = dt.date.fromisoformat(AS_OF)
    h = corpus.histories["vn-kollegiya-2019-191705000007900"]
    for v in h.versions:
        path = site / CRITERIA / f"aze@{v.start}" / f"191705000007900_{v.start}.json"
        assert json.loads(path.read_text(encoding="utf-8")) == json.loads(json.dumps(version_json(h, v, day, corpus.acts)))


def test_docx_and_pdf_downloads_hold_the_text(site):
    docx = site / REGULATION_ACT / "aze@2024-01-13" / "21_2024-01-13.docx"
    with zipfile.ZipFile(docx) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    assert "Koordinasiya Qrupu" in re.sub(r"<[^>]+>", "", xml)
    pdf = site / REGULATION_ACT / "aze@2024-01-13" / "21_2024-01-13.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    text = subprocess.run(["pdftotext", "-q", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                          check=True).stdout.decode("utf-8")
    assert "sadə səs çoxluğu" in " ".join(text.split())
    for letter in "əşğıçöü":
        assert letter in text


def test_downloads_are_the_same_rendered_afresh_or_from_the_cache(site, tmp_path):
    """A cold cache (every DOCX and PDF rendered now, in the process pool) gives the very bytes of the warm one."""
    corpus = pipeline.load_and_consolidate(ROOT)
    from generator.downloads import render_downloads
    from generator.site import context

    ctx = context(corpus, dt.date.fromisoformat(AS_OF))

    def made() -> dict[str, bytes]:  # the files are read from the cache only when written: read them now
        return {path: bytes(data) for path, data in render_downloads(corpus, ctx.urls, ctx.as_of, tmp_path / "cache").items()}
    fresh = made()
    assert len(fresh) == 6 * 4
    for path, data in fresh.items():
        assert (site / path).read_bytes() == data, path
    assert made() == fresh  # now from the cache
    cached = sorted(p for p in (tmp_path / "cache").glob("*/*") if p.suffix in (".docx", ".pdf"))  # the documents
    assert len(cached) == 12
    cached[0].write_bytes(b"damaged")  # a damaged cache entry is rendered again, never published
    assert made() == fresh


def test_a_cached_document_checked_by_the_last_build_is_not_read_again_unless_it_changed(tmp_path, monkeypatch):
    """Checking the cached DOCX/PDF against their checksums read and hashed thousands of files on every rebuild:
    a document the last build checked or made, whose file is unchanged (size, time, inode: filerecord.py), is used
    unread; one changed since in place is checked, and made again when damaged."""
    import time

    from generator import downloads
    from generator.site import context

    corpus = pipeline.load_and_consolidate(ROOT)
    ctx = context(corpus, dt.date.fromisoformat(AS_OF))
    cache = tmp_path / "cache"
    first = {path: bytes(data) for path, data in downloads.render_downloads(corpus, ctx.urls, ctx.as_of, cache).items()}
    cached = sorted(p for p in cache.glob("*/*") if p.suffix in (".docx", ".pdf"))
    old = time.time_ns() - 10 * 10**9  # made a while before the record: not a file it could miss an edit of
    for path in cached:
        os.utime(path, ns=(old, old))
    downloads.render_downloads(corpus, ctx.urls, ctx.as_of, cache)  # checks them all, and records them
    read: list[str] = []
    honest = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: read.append(self.suffix) or honest(self))
    again = downloads.render_downloads(corpus, ctx.urls, ctx.as_of, cache)
    assert not {".docx", ".pdf"} & set(read) and {path: bytes(data) for path, data in again.items()} == first
    read.clear()
    downloads.render_downloads(corpus, ctx.urls, ctx.as_of, cache, binary=False)  # a preview keeps the record
    downloads.render_downloads(corpus, ctx.urls, ctx.as_of, cache)
    assert not {".docx", ".pdf"} & set(read)
    cached[0].write_bytes(b"damaged")  # in place: the same inode, another time and size
    again = downloads.render_downloads(corpus, ctx.urls, ctx.as_of, cache)
    assert {path: bytes(data) for path, data in again.items()} == first and cached[0].read_bytes() != b"damaged"


def test_downloads_stopped_make_no_more_documents(tmp_path, monkeypatch):
    """The DOCX/PDF workers run while mkdocs does: when the build fails meanwhile, it sets `stop`, and no more
    documents are begun (the build waits only for those under way)."""
    import threading

    from generator import document_workers, downloads
    from generator.site import context

    corpus = pipeline.load_and_consolidate(ROOT)
    ctx = context(corpus, dt.date.fromisoformat(AS_OF))
    begun: list[int] = []
    def worker(chunks, tick, keep):
        for chunk in chunks:
            begun.append(len(chunk))
            for i, _args in chunk:
                keep(i, b"x")
    monkeypatch.setattr(document_workers, "_run_worker", worker)
    monkeypatch.setattr("os.cpu_count", lambda: 2)
    stop = threading.Event()
    stop.set()
    files = downloads.render_downloads(corpus, ctx.urls, ctx.as_of, tmp_path / "cache", stop=stop)
    assert begun == [] and not any(path.endswith((".docx", ".pdf")) for path in files)
    files = downloads.render_downloads(corpus, ctx.urls, ctx.as_of, tmp_path / "cache")
    assert sum(begun) == 12 and sum(path.endswith((".docx", ".pdf")) for path in files) == 12


def test_each_worker_sets_runs_of_consecutive_versions_of_an_act():
    """Typst sets a version faster right after the one before it: the jobs go to the workers in runs of consecutive
    versions of an act (`workers` runs an act), each version's PDF then its DOCX (laid out once for both); every job
    is in exactly one run, the longest runs first, so that what is left at the end is short."""
    from generator.document_workers import Job as _Job, _runs

    versions = {"a": 5, "b": 1, "c": 1, "d": 2, "e": 3}
    jobs = [_Job(f"{act}/{n}.{fmt}", fmt, None, act, f"{act}{n}{fmt}", act, str(n))
            for act, count in versions.items() for n in range(count) for fmt in ("docx", "pdf")]
    runs = _runs(jobs, 2)
    assert sorted(i for run in runs for i in run) == list(range(len(jobs)))
    named = [[(jobs[i].act, int(jobs[i].start), jobs[i].fmt) for i in run] for run in runs]
    both = ("pdf", "docx")
    assert named == [[(act, n, fmt) for act, n in versions for fmt in both] for versions in (
        (("a", 0), ("a", 1), ("a", 2)), (("a", 3), ("a", 4)), (("e", 0), ("e", 1)), (("b", 0),), (("c", 0),),
        (("d", 0),), (("d", 1),), (("e", 2),))]
    assert _runs(jobs, 1)[0] == [i for n in range(5) for fmt in both
                                 for i, job in enumerate(jobs) if (job.act, job.start, job.fmt) == ("a", str(n), fmt)]


def test_the_workers_take_the_next_run_as_they_need_it_and_lay_a_version_out_once():
    """Each worker's chunks take runs from one deal, as it needs them: two workers together make every run once,
    in the deal's order, whichever asks; a version's two documents share one layout (the same object, pickled
    once), and a stopped build sends nothing more."""
    import threading

    from generator import document_workers
    from generator.document_workers import Job as _Job, _chunks, _dealt

    jobs = [_Job(f"a/{n}.{fmt}", fmt, None, "A", f"a{n}{fmt}", "a", str(n))
            for n in range(6) for fmt in ("docx", "pdf")]
    laid: list[str] = []

    def blocks(job):
        laid.append(job.start)
        return (job.start,) * 3
    runs = [[1, 0, 3, 2], [5, 4], [7, 6, 9, 8, 11, 10]]
    take = _dealt(runs)
    first, second = _chunks(take, jobs, blocks), _chunks(take, jobs, blocks)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(document_workers, "CHUNK_BLOCKS", 6)  # two versions a chunk
        a1, b1, b2, a2 = next(first), next(second), next(second), next(first)
        assert next(first, None) is next(second, None) is None
    # the first worker's first chunk ends where the next version does not fit: it has taken the second run already
    assert [[i for i, _args in chunk] for chunk in (a1, b1, b2, a2)] == [[1, 0, 3, 2], [7, 6, 9, 8], [11, 10], [5, 4]]
    assert laid == [str(n) for n in range(6)]
    pdf, docx = a1[0][1], a1[1][1]
    assert (pdf[0], docx[0]) == ("pdf", "docx") and pdf[1] is docx[1]
    stop = threading.Event()
    stop.set()
    assert list(_chunks(_dealt(runs), jobs, blocks, stop)) == []


def test_a_cached_document_is_marked_used_at_most_once_a_day(tmp_path):
    """The published site's DOCX and PDF are the cache's very files (linked): reading one from the cache marks it
    used for pruning only when the mark is a day old, so a build does not give every download a new time."""
    import time

    from generator.document_workers import Job as _Job
    from generator.downloads import _from_cache, _to_cache

    job = _Job("akn/x.pdf", "pdf", None, "x", "ab" * 32, "x", "2020-01-01")
    cached = _to_cache(tmp_path, job, b"%PDF-1.7 x")
    hour, days = time.time() - 3600, time.time() - 2 * 86_400
    os.utime(cached.path, (hour, hour))
    found, missing = _from_cache([job], tmp_path)
    assert not missing and found["akn/x.pdf"].digest == cached.digest
    assert cached.path.stat().st_mtime == pytest.approx(hour)  # marked within the day: left alone
    os.utime(cached.path, (days, days))
    _from_cache([job], tmp_path)
    assert cached.path.stat().st_mtime > time.time() - 60  # a day old: marked used again


def test_json_ld_names_the_downloads(site):
    html = page(site, CRITERIA)
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html).group(1))
    assert [e["encodingFormat"] for e in data["encoding"]] == [
        "application/akn+xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/pdf", "application/json"]
    for e in data["encoding"]:
        assert resolve(site, CRITERIA, e["contentUrl"]).is_file()


@pytest.mark.parametrize("cores", [1, 2])
def test_making_the_downloads_says_how_far_it_is(tmp_path, monkeypatch, cores):
    """DOCX/PDF take minutes at a register's scale: the build says how many are made, at each tenth of the work,
    from the worker processes as well as in this one; the last word is all of them."""
    from generator.downloads import render_downloads
    from generator.site import context

    corpus = pipeline.load_and_consolidate(ROOT)
    ctx = context(corpus, dt.date.fromisoformat(AS_OF))
    monkeypatch.setattr("os.cpu_count", lambda: cores)
    messages: list[str] = []
    render_downloads(corpus, ctx.urls, ctx.as_of, tmp_path / "cache", messages.append)
    counts = [tuple(map(int, m.split()[1::2])) for m in messages if re.fullmatch(r"DOCX/PDF: \d+ of \d+ made", m)]
    assert counts and all(total == 12 for _done, total in counts)
    done = [d for d, _total in counts]
    assert done == sorted(set(done)) and done[-1] == 12


def test_a_workers_counts_are_whole_lines_though_two_threads_tell_them():
    """A worker's PDF thread and DOCX batch both tell their counts on one stream: each is a line of its own, or the
    build would lose some (and say it made 10 of 12)."""
    import threading
    import time

    from generator import document_workers

    class Slow:  # a stream that lets the other thread in between any two writes
        def __init__(self) -> None:
            self.parts: list[str] = []

        def write(self, text: str) -> None:
            self.parts.append(text)
            time.sleep(0.0005)

        def flush(self) -> None:
            pass
    stream = Slow()
    tick = document_workers._ticks_to(stream)
    threads = [threading.Thread(target=lambda: [tick(1) for _ in range(100)]) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    lines = "".join(stream.parts).splitlines()
    assert lines == [f"{document_workers._TICK}1"] * 200


def test_rendering_the_pages_says_how_far_it_is(monkeypatch, tmp_path):
    """A register's pages take minutes to render cold: from PROGRESS_FROM_ACTS acts on, the build says how many acts
    are rendered at each tenth; the last word is all of them."""
    from generator import site as S

    corpus = pipeline.load_and_consolidate(ROOT)
    ctx = S.context(corpus, dt.date.fromisoformat(AS_OF))
    messages: list[str] = []
    S.act_outputs(corpus, ctx, None, spool=tmp_path, binary=False, progress=messages.append)
    assert not [m for m in messages if m.startswith("pages:")]  # a handful of acts: no running count
    monkeypatch.setattr(S, "PROGRESS_FROM_ACTS", 1)
    S.act_outputs(corpus, ctx, None, spool=tmp_path, binary=False, progress=messages.append)
    counts = [tuple(map(int, re.fullmatch(r"pages: (\d+) of (\d+) acts rendered", m).groups()))
              for m in messages if m.startswith("pages:")]
    total = len(corpus.histories)
    assert counts and all(t == total for _d, t in counts)
    done = [d for d, _t in counts]
    assert done == sorted(set(done)) and done[-1] == total


@pytest.mark.skipif(not Path("/bin/sh").exists(), reason="needs a POSIX shell to stand in for a hung worker")
def test_a_silent_worker_is_stopped_with_a_message(tmp_path, monkeypatch):
    import sys

    from generator import document_workers
    from generator.errors import QanunError

    hung = tmp_path / "hung-python"
    hung.write_text("#!/bin/sh\nexec sleep 60\n")  # exec: the process killed is the one holding the pipes
    hung.chmod(0o755)
    monkeypatch.setattr(sys, "executable", str(hung))
    monkeypatch.setattr(document_workers, "WORKER_SILENCE", 1.0)
    with pytest.raises(QanunError, match="no document made for 1 s"):
        document_workers._run_worker([[(0, ("pdf", (), "t"))]], lambda n: None, lambda i, data: None)


def test_the_jobs_go_to_the_workers_in_chunks_of_layout_blocks(monkeypatch):
    """A code's version is thousands of layout blocks: the jobs go to the worker processes CHUNK_BLOCKS at a time
    (one job alone when it is larger), so neither they nor the build hold all of it at once; a worker is started
    only when there is a chunk for it, and takes chunk after chunk; the files are the same bytes."""
    import subprocess

    from generator import document_workers, downloads
    from generator.site import context

    corpus = pipeline.load_and_consolidate(ROOT)
    ctx = context(corpus, dt.date.fromisoformat(AS_OF))
    monkeypatch.setattr("os.cpu_count", lambda: 2)
    sent: list[int] = []
    honest = document_workers._run_worker

    def counted(chunks, tick, keep):
        def each():
            for chunk in chunks:
                sent.append(len(chunk))
                yield chunk
        honest(each(), tick, keep)
    monkeypatch.setattr(document_workers, "_run_worker", counted)
    started: list[object] = []
    popen = subprocess.Popen
    monkeypatch.setattr(subprocess, "Popen", lambda *a, **k: started.append(a) or popen(*a, **k))
    whole = downloads.render_downloads(corpus, ctx.urls, ctx.as_of, None)
    assert sent == [12] and len(started) == 1  # 12 DOCX and PDF, fewer blocks than a chunk: one worker is enough
    sent.clear()
    started.clear()
    monkeypatch.setattr(document_workers, "CHUNK_BLOCKS", 1)
    assert downloads.render_downloads(corpus, ctx.urls, ctx.as_of, None) == whole
    assert sent == [1] * 12  # each job larger than a chunk: alone
    assert len(started) == 2  # a worker a core, each sent its chunks one after the other


def test_a_download_is_keyed_by_every_block_field_its_renderers_read():
    """The DOCX/PDF cache key is the layout's fields (not the pandoc document or Typst source, which took longer to
    make than the key saves): a change to any of them is a new key for both formats. The two fields left out, the
    provision object and its document, are not read by the DOCX or PDF renderers: changing them changes no byte."""
    import dataclasses

    from generator import downloads
    from generator.render import docx
    from generator.render.layout import Block

    corpus = pipeline.load_and_consolidate(ROOT)
    h = corpus.histories["vn-kollegiya-2019-191705000007900"]
    from generator.render.layout import layout

    blocks = tuple(layout(h, h.versions[-1], dt.date.fromisoformat(AS_OF), corpus.acts))
    fingerprint = downloads._fingerprint()

    def keys(blocks: tuple[Block, ...], title: str = "t") -> dict[str, str]:
        return {fmt: key for fmt, key in zip(downloads.BINARY, downloads._keys(blocks, title, fingerprint))}
    before = keys(blocks)
    assert len(set(before.values())) == 2
    provision = next(i for i, b in enumerate(blocks) if b.kind == "provision" and b.provision is not None)
    changed = {"kind": "para", "text": "x", "num": "9", "heading": "x", "note": 1, "depth": 3, "rows": (("a", "b"),),
               "lines": ("x",), "previous": ("x",)}
    assert set(changed) == {f.name for f in dataclasses.fields(Block)} - set(downloads.UNRENDERED)
    for name, value in changed.items():
        other = (*blocks[:provision], dataclasses.replace(blocks[provision], **{name: value}), *blocks[provision + 1:])
        assert all(keys(other)[fmt] != before[fmt] for fmt in downloads.BINARY), name
    assert keys(blocks, "u") != before
    assert keys(blocks) == before  # and the same blocks, the same key
    unread = (*blocks[:provision], dataclasses.replace(blocks[provision], provision=None, doc="annex-9"),
              *blocks[provision + 1:])
    assert keys(unread) == before
    assert docx.to_docx(list(unread), "t") == docx.to_docx(list(blocks), "t")
    assert docx.to_pdf(list(unread), "t") == docx.to_pdf(list(blocks), "t")
