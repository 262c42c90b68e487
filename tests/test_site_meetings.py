"""The Coordination Group on the site (issue 4, items 3, 4, 7, 8), through the real `qanun build`.

- Canary test: a copy of the project whose every free-text field of meetings/ holds a unique canary; the build
  publishes none of the restricted ones in any output file (HTML, search index, sitemap, JSON, AKN, DOCX, PDF…),
  checked twice: by plain token search over the extracted text of every file, and by the leak scanner; while the
  public canaries are found (positive control).
- A page, a Markdown-only line or a download made to print a restricted value fails the build at the leak scan:
  the previous site stays as it was, and the report names file, source field and hash, never the value.
- The pages: sample banner, public facts only, suppressed small counts, Regulation clauses linked.
"""
from __future__ import annotations

import datetime as dt
import gzip
import html
import re
import subprocess
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT
from generator import pages, pipeline, site
from generator.cli import main
from generator.language import ascii_fold, az_casefold, az_upper
from generator.meetings import public_view, restricted_values
from generator.meetings.folding import words
from generator.render import meetings_html
from helpers import copy_project, shared_download_cache
from test_redaction import found_in, inject_canaries

AS_OF = "2026-01-01"
TOKEN = re.compile(r"\b([RP]\d{4}Q)\b", re.I)
SAMPLE = "NÜMUNƏ məlumat — real deyil."


PROJECT = ("acts", "meetings", "site", "schemas", "mkdocs.yml")  # what a copy of the project holds


@pytest.fixture(scope="module", autouse=True)
def shared_cache():
    with shared_download_cache():
        yield


def build(project: Path, out: Path) -> int:
    return main(["-C", str(project), "build", "--output", str(out), "--as-of", AS_OF])


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def extracted_text(path: Path) -> str:
    """The text of an output file, independently of the leak scanner: unzipped, gunzipped, PDF through pdftotext."""
    data = path.read_bytes()
    if path.suffix == ".gz":
        data = gzip.decompress(data)
    if path.suffix in (".docx", ".zip"):
        with zipfile.ZipFile(path) as z:
            return "\n".join(z.read(i).decode("utf-8", "replace") for i in z.infolist() if not i.is_dir())
    if path.suffix == ".pdf":
        return subprocess.run(["pdftotext", "-q", "-enc", "UTF-8", str(path), "-"], capture_output=True,
                              check=True).stdout.decode("utf-8", "replace")
    return data.decode("utf-8", "replace")


# --- the canary build ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def canary(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("canary") / "project", *PROJECT)
    restricted, public = inject_canaries(project / "meetings")
    out = project.parent / "out" / "site"
    assert build(project, out) == 0
    return project, out, restricted, public


def test_no_restricted_canary_in_any_output_file_and_public_ones_are_there(canary):
    project, out, restricted, public = canary
    tokens = lambda texts: {TOKEN.search(t).group(1).upper() for t in texts}
    secret, published = tokens(restricted), tokens(c for c, where in public.items() if "/complaints/" not in where)
    seen: dict[str, set[str]] = {}
    kinds = set()
    for path in sorted(out.rglob("*")):
        if path.is_file() and path.suffix not in meetings_html_binary():
            kinds.add(path.suffix)
            for token in TOKEN.findall(extracted_text(path)):
                seen.setdefault(token.upper(), set()).add(str(path.relative_to(out)))
    assert {".html", ".json", ".xml", ".gz", ".docx", ".pdf"} <= kinds
    assert {t: sorted(seen[t]) for t in secret if t in seen} == {}
    assert published and published - set(seen) == set()  # positive control: every public canary is published
    # The same through the leak scanner's own normalisation (folding, escapes, words).
    assert found_in(out, restricted) == set()
    shown = {c: w for c, w in public.items() if "/complaints/" not in w}
    assert found_in(out, shown) == set(shown)


def meetings_html_binary() -> set[str]:
    return {".png", ".ico", ".svg", ".woff", ".woff2"}


def test_the_generated_markdown_holds_no_restricted_canary_either(canary):
    """The Markdown pages are built in a temporary folder and scanned there; render them again to look."""
    project, _, restricted, _ = canary
    corpus = pipeline.load_and_consolidate(project)
    ctx = site.context(corpus, dt.date.fromisoformat(AS_OF))
    home = (project / "site" / "index.md").read_text(encoding="utf-8")
    pages = {**site.site_pages(ctx, home), **site.group_pages(ctx, public_view(corpus.meetings))}
    text = "\n".join(pages.values())
    assert {t for t in TOKEN.findall(text) if any(t in c for c in restricted)} == set()
    assert any(t.startswith("P") for t in TOKEN.findall(text))


# --- a template that prints a restricted field -----------------------------------------------------

@pytest.fixture(scope="module")
def good_site(tmp_path_factory):
    """One good build; every test below tries a leaking rebuild over it (each fails, so it stays the same)."""
    tmp_path = tmp_path_factory.mktemp("leak")
    project = copy_project(tmp_path / "project", *PROJECT)
    out = tmp_path / "out" / "site"
    assert build(project, out) == 0
    corpus = pipeline.load_and_consolidate(project)
    values = restricted_values(corpus.meetings)
    secret = next(v for v in values if v.field.endswith("summary.text"))
    return project, out, files(out), secret


def _forms(text: str) -> list[str]:
    return [text, az_casefold(text), ascii_fold(text), az_upper(text), html.escape(text)]


@pytest.mark.parametrize("where", ["meeting page", "markdown only", "download", "search index"])
def test_a_template_printing_a_restricted_field_fails_the_build_and_keeps_the_old_site(good_site, where, monkeypatch,
                                                                                       capsys):
    project, out, before, secret = good_site
    if where == "meeting page":  # a careless template: the restricted summary printed on a meeting page
        honest = meetings_html.meeting_page
        monkeypatch.setattr(meetings_html, "meeting_page",
                            lambda *a, **k: honest(*a, **k) + f"<p>{meetings_html.esc(secret.text)}</p>")
    elif where == "markdown only":  # a link reference definition: in the Markdown, dropped from the HTML
        honest_page = pages.markdown_page
        monkeypatch.setattr(pages, "markdown_page", lambda title, body, **k: honest_page(title, body, **k)
                            + f'\n[unused]: /x "{secret.text}"\n')
    elif where == "download":  # the JSON download of every version
        from generator import downloads
        honest_json = downloads.version_json
        monkeypatch.setattr(downloads, "version_json", lambda *a: {**honest_json(*a), "x": secret.text})
    else:  # the search index
        from generator import acts_search
        honest_docs = acts_search.act_search_docs
        monkeypatch.setattr(acts_search, "act_search_docs", lambda ctx, act_id: [*honest_docs(ctx, act_id), {
            "location": "", "title": "x", "text": az_upper(secret.text)}])
    capsys.readouterr()
    assert build(project, out) == 1
    err = capsys.readouterr().err
    assert "leak scan:" in err and "nothing was published" in err
    assert secret.digest in err and f"({secret.field})" in err and str(secret.loc) in err
    for form in _forms(secret.text):
        assert form not in err
    assert {w for w in words(secret.text) if len(w) > 3} - {"numune"} & set(words(err)) == set()
    if where == "markdown only":  # found in the generated Markdown, which the HTML does not show
        assert re.search(r"index\.md: restricted text", err) and not re.search(r"\.html: restricted text", err)
    assert files(out) == before  # the last good site, untouched
    # no staging folder left behind (the output's lock file aside: generator/publish.py)
    assert sorted(p.name for p in out.parent.iterdir() if p.name != ".site.lock") == ["site"]


def test_the_leak_scan_has_no_switch():
    import io
    import contextlib
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer), pytest.raises(SystemExit):
        main(["build", "--help"])
    assert not re.search(r"scan|leak|unsafe|no-check", buffer.getvalue(), re.I)


def test_renderers_refuse_the_full_records(corpus):
    ctx = site.context(corpus, dt.date.fromisoformat(AS_OF))
    link = pages.regulation_links(ctx)
    for call in (lambda: site.group_pages(ctx, corpus.meetings), lambda: site.group_files(corpus.meetings),
                 lambda: meetings_html.group_page(corpus.meetings, "", link, ctx.as_of),
                 lambda: meetings_html.year_page(corpus.meetings, 2025, "", link),
                 lambda: meetings_html.complaints_page(corpus.meetings, "", link, ctx.as_of)):
        with pytest.raises(TypeError, match="public view"):
            call()


# --- the pages -----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("group") / "site"
    assert main(["-C", str(ROOT), "build", "--output", str(out), "--as-of", AS_OF, "--strict"]) == 0
    return out


def page(out: Path, path: str) -> str:
    return (out / path / "index.html").read_text(encoding="utf-8")


def group_pages(out: Path) -> list[Path]:
    return sorted((out / "koordinasiya-qrupu").rglob("index.html"))


def test_every_page_showing_sample_data_says_so(built):
    pages = group_pages(built)
    assert len(pages) == 1 + 2 + 4 + 2 + 1  # section, years, meetings, annual reports, complaints
    for path in pages:
        assert SAMPLE in path.read_text(encoding="utf-8"), path
    assert "Koordinasiya Qrupu" in page(built, "")  # in the navigation


def test_a_meeting_page_shows_public_facts_and_counts_restricted_items(built):
    html_ = page(built, "koordinasiya-qrupu/2025/2025-02-14/")
    assert "14 fevral 2025-ci il" in html_ and ">adi<" in html_
    assert "var: iclas səlahiyyətlidir" in html_ and "8 / 12" in html_
    assert "3 (o cümlədən məhdud girişli: 1)" in html_
    assert "Məhdud girişli məsələlər: 1 (məzmunu dərc olunmur)" in html_
    assert "NÜMUNƏ: KOB evlərində xidmətlərin sadələşdirilməsi üzrə işçi qrupun yaradılması" in html_
    assert "lehinə 8, əleyhinə 0, bitərəf 0" in html_ and "qəbul edildi" in html_
    # The restricted item, its summary, its document, its act and the restricted guest are not there.
    for secret in ("Sahibkarın KOB evində vergi xidməti", "on gün gecikdirildiyini", "Şikayət ərizəsi",
                   "beş iş günü", "Dəvətli Sahibkarov"):
        assert secret not in html_
    assert "2 (o cümlədən adı dərc olunmayan: 1)" in html_


def test_acts_link_the_regulation_clauses_they_rely_on(built):
    html_ = page(built, "koordinasiya-qrupu/2025/2025-02-14/")
    assert '<a class="clause" href="../../../akn/az/act/2024/21/esasname/#4.1.3">4.1.3-cü yarımbəndi</a>' in html_
    assert '<a class="clause" href="../../../akn/az/act/2024/21/esasname/#5.10">5.10-cu bəndi</a>' in html_
    regulation = page(built, "akn/az/act/2024/21/esasname/")
    assert 'id="4.1.3"' in regulation and 'id="5.10"' in regulation


def test_a_tie_decided_by_the_heads_vote_says_so(built):
    html_ = page(built, "koordinasiya-qrupu/2025/2025-10-17/")
    assert "lehinə 4, əleyhinə 4, bitərəf 0" in html_
    assert "səslər bərabər olduqda sədrlik edənin səsi həlledici olmuşdur" in html_
    assert 'href="../../../akn/az/act/2024/21/esasname/#5.9.4"' in html_


def test_an_extraordinary_meeting_shows_who_asked_but_not_their_name(built):
    html_ = page(built, "koordinasiya-qrupu/2025/2025-05-20/")
    assert "növbədənkənar (üzvün müraciəti ilə)" in html_
    assert "Nazirlər Kabinetinə müraciət" not in html_  # its only item is restricted
    assert "1 (o cümlədən məhdud girişli: 1)" in html_


def test_complaints_are_statistics_with_small_counts_suppressed(built):
    html_ = page(built, "koordinasiya-qrupu/sikayetler/")
    table = re.search(r'<table class="complaint-stats" data-year="2025">.*?</table>', html_, re.S).group(0)
    cells = re.findall(r"<td>([^<]*)</td>", table)
    assert "3-dən az" in cells
    assert not any(re.fullmatch(r"[12]", c) for c in cells)  # no count of 1 or 2 is shown
    assert "Şikayətçi" not in html_ and "VÖEN" not in html_


def test_the_public_annual_report_is_a_page_and_a_docx(built):
    html_ = page(built, "koordinasiya-qrupu/2025/illik-hesabat/")
    assert "Koordinasiya Qrupunun 2025-ci il üzrə fəaliyyəti barədə illik hesabat" in html_
    assert "Açıq versiya" in html_ and "Məhdud girişli məsələlər: 1" in html_
    assert "Sahibkarın KOB evində" not in html_
    docx = built / "koordinasiya-qrupu/2025/illik-hesabat/illik-hesabat-2025.docx"
    assert 'href="illik-hesabat-2025.docx"' in html_ and docx.stat().st_size > 0
    assert "Açıq versiya" in extracted_text(docx)


def test_the_year_page_lists_its_meetings_and_programme(built):
    html_ = page(built, "koordinasiya-qrupu/2025/")
    assert html_.count('<time datetime="2025-') >= 3
    assert "Fəaliyyət proqramı" in html_ and "Məhdud girişli bəndlər: 1." in html_
    assert "daxili monitorinqi" not in html_  # the restricted programme item


def test_ablative_of_the_threshold():
    assert [meetings_html.few(n) for n in (3, 5, 6, 10, 2, 40)] == \
        ["3-dən az", "5-dən az", "6-dan az", "10-dan az", "2-dən az", "40-dan az"]
