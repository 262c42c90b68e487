"""Redaction by construction (the public view) and the second wall (the leak scan over every output file)."""
from __future__ import annotations

import dataclasses
import datetime as dt
import gzip
import html
import itertools
import json
import shutil
import tempfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from ruamel.yaml import YAML

from generator.cli import main
from generator.errors import Loc, Severity
from generator.language import ascii_fold, az_casefold, az_upper
from generator.meetings import LeakError, check_meetings, public_view, restricted_values, scan
from generator.meetings import documents
from generator.meetings.folding import strings as all_strings, words
from generator.meetings.leakscan import RestrictedValue
from generator.meetings.model import (
    Access, ActKind, AgendaItem, Complainant, Complaint, GroupAct, Guest, GuestBasis, Meeting, MeetingKind, Member,
    Membership, Minutes, Nature, Note, Paper, Programme, ProgrammeItem, Records, Role, Subject, Text, Votes,
)

# The source fields that hold free text (everything else is an id, a date, a number or a choice).
FREE_TEXT = {"title", "text", "name", "organisation", "addressee", "body", "unit", "position", "sme_house", "tin",
             "phone", "email", "address", "business"}


# --- canaries in a copy of the sample data ------------------------------------------------------------

def inject_canaries(folder: Path) -> tuple[dict[str, str], dict[str, str]]:
    """Replace every free-text value under `folder` with a unique canary; return (restricted, public) canaries,
    each mapped to where it stands. Which values are restricted is decided here, from the YAML alone, and not by
    the code under test: a value is restricted when any mapping around it says `access: restricted`, or when it
    is a complainant's personal data."""
    yaml = YAML(typ="rt")
    yaml.width = 4096
    restricted: dict[str, str] = {}
    public: dict[str, str] = {}
    # (The membership list's own title is a label of the file, not a record: it is neither published nor secret.)
    counter = itertools.count(1)

    def walk(node, secret: bool, key: str, where: str) -> None:
        if isinstance(node, dict):
            secret = secret or node.get("access") == "restricted" or key == "complainant"
            for k in list(node):
                if isinstance(node[k], str) and k in FREE_TEXT and not (k == "title" and node.get("kind") == "membership"):
                    n = next(counter)
                    # Azerbaijani letters in both, so that folding (İ/i, I/ı, ə) is exercised.
                    canary = f"Gizli İşarə Qızılquş R{n:04d}Q" if secret else f"Açıq Nişan Ilğım P{n:04d}Q"
                    (restricted if secret else public)[canary] = f"{where}:{node.lc.value(k)[0] + 1}"
                    node[k] = canary
                else:
                    walk(node[k], secret, k, where)
        elif isinstance(node, list):
            for item in node:
                walk(item, secret, key, where)

    for path in sorted(folder.rglob("*.yaml")):
        data = yaml.load(path)
        walk(data, False, "", path.relative_to(folder.parent).as_posix())
        with path.open("w", encoding="utf-8") as f:
            yaml.dump(data, f)
    return restricted, public


def render_public(view, site: Path) -> None:
    """Stand-ins for what the site publishes, each from the public view only: a JSON dump (\\u-escaped), an HTML
    page (characters as entities), a search index (folded letters), a gzipped sitemap and the annual reports."""
    site.mkdir(parents=True, exist_ok=True)
    data = dataclasses.asdict(view)
    (site / "meetings.json").write_text(json.dumps(data, default=str, ensure_ascii=True), encoding="utf-8")
    strings = list(all_strings(data))
    items = "".join(f"<li title=\"{html.escape(s)}\">{html.escape(s).encode('ascii', 'xmlcharrefreplace').decode()}</li>"
                    for s in strings)
    (site / "index.html").write_text(f"<html><body><ul>{items}</ul></body></html>", encoding="utf-8")
    search = [{"location": "meetings/", "text": ascii_fold(s)} for s in strings]
    (site / "search").mkdir(exist_ok=True)
    (site / "search" / "search_index.json").write_text(json.dumps({"docs": search}, ensure_ascii=False), encoding="utf-8")
    (site / "sitemap.xml.gz").write_bytes(gzip.compress(f"<urlset>{items}</urlset>".encode()))
    for year in view.years():
        (site / f"illik-hesabat-{year}.md").write_text(documents.public_annual_report(view, year), encoding="utf-8")


def found_in(site: Path, texts: dict[str, str]) -> set[str]:
    """Which of `texts` the scanner finds in `site` (the positive control uses the scanner itself)."""
    probes = [RestrictedValue(text, Loc(where), "probe", text) for text, where in texts.items()]
    return {f.digest for f in scan(site, probes).findings}


@pytest.fixture(scope="module")
def canary_project(tmp_path_factory, root):
    project = tmp_path_factory.mktemp("canary")
    shutil.copytree(root / "meetings", project / "meetings")
    restricted, public = inject_canaries(project / "meetings")
    records, problems = check_meetings(project)
    assert [str(p) for p in problems] == []
    return project, records, restricted, public


def test_every_restricted_field_is_found_by_restricted_values(canary_project):
    _, records, restricted, _ = canary_project
    assert {v.text for v in restricted_values(records)} == set(restricted)


def test_canaries_restricted_never_reach_the_output_while_public_ones_do(canary_project, tmp_path):
    project, records, restricted, public = canary_project
    site = tmp_path / "site"
    render_public(public_view(records), site)
    for year in (2025, 2026):  # the DOCX public report, through pandoc
        documents.write_public_annual_report(records, year, site / "downloads" / f"illik-hesabat-{year}.docx")

    report = scan(site, restricted_values(records))
    assert report.findings == ()
    assert report.files >= 7
    assert found_in(site, restricted) == set()
    # Positive control: every public canary the public view publishes is found, in every kind of file.
    published = {c: w for c, w in public.items() if "/complaints/" not in w}
    assert published and found_in(site, published) == set(published)
    docx_only = site.parent / "docx-only"
    shutil.copytree(site / "downloads", docx_only)
    programme_titles = {c for c, w in published.items() if "programmes/" in w}
    assert programme_titles and found_in(docx_only, {c: "" for c in programme_titles}) == programme_titles


def test_a_restricted_value_printed_into_the_output_fails_the_scan_without_being_named(canary_project, tmp_path):
    _, records, restricted, _ = canary_project
    values = restricted_values(records)
    personal = next(v for v in values if v.field == "complainant.name")
    title = next(v for v in values if v.field.endswith(".title"))
    site = tmp_path / "site"
    render_public(public_view(records), site)
    # As a careless template would print them: upper case the Azerbaijani way, entities, a line break, JSON escapes.
    shouting = html.escape(az_upper(personal.text)).replace(" ", "\n  ", 1).encode("ascii", "xmlcharrefreplace")
    (site / "meetings" / "2025").mkdir(parents=True)
    (site / "meetings" / "2025" / "index.html").write_bytes(b"<p><b>" + shouting + b"</b></p>")
    (site / "search" / "extra.json").write_text(json.dumps({"t": title.text.lower()}, ensure_ascii=True), encoding="utf-8")

    report = scan(site, values)
    assert not report.ok
    assert {(f.file, f.digest) for f in report.leaks} == {("meetings/2025/index.html", personal.digest),
                                                          ("search/extra.json", title.digest)}
    text = "\n".join(report.lines())
    with pytest.raises(LeakError) as caught:
        report.raise_for_leaks()
    for shown in (text, str(caught.value)):
        assert f"{personal.loc} (complainant.name) [{personal.digest}]" in shown
        assert str(title.loc) in shown and "meetings/2025/index.html" in shown
        for secret in (personal, title):
            for form in (secret.text, az_casefold(secret.text), ascii_fold(secret.text), az_upper(secret.text)):
                assert form not in shown
            assert not set(words(secret.text)) - {"gizli", "isare", "qizilqus"} & set(words(shown))


def test_a_template_that_prints_a_restricted_field_stops_the_public_report(canary_project, tmp_path, monkeypatch):
    _, records, _, _ = canary_project
    secret = next(v for v in restricted_values(records) if v.field.endswith("summary.text"))
    honest = documents.public_annual_report
    monkeypatch.setattr(documents, "public_annual_report",
                        lambda view, year: honest(view, year) + f"\n\n{documents.esc(secret.text)}\n")
    target = tmp_path / "site" / "report.docx"
    with pytest.raises(LeakError) as caught:
        documents.write_public_annual_report(records, 2025, target)
    assert not target.exists() and not target.parent.exists()
    assert secret.text not in str(caught.value) and secret.digest in str(caught.value)


# --- the scanner's comparisons ----------------------------------------------------------------------

def _value(text: str, personal: bool = False, line: int = 4) -> RestrictedValue:
    return RestrictedValue(text, Loc("meetings/2025/2025-02-14.yaml", line, 9), "items[3].title", f"h{line}", personal)


def _site(tmp_path: Path, files: dict[str, str | bytes]) -> Path:
    site = tmp_path / "out"
    for name, content in files.items():
        path = site / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return site


@pytest.mark.parametrize("written", [
    "İŞIQLI İNAM",  # Azerbaijani upper case: İ ↔ i, I ↔ ı
    "işıqlı   inam",
    "<span>İşıqlı</span>\n<em>inam</em>",
    "&#304;&#351;&#305;ql&#305; &#105;nam",
    "\\u0130\\u015f\\u0131ql\\u0131 inam",
    "isiqli inam",  # the search index's folded letters
    "<mark>İşıq</mark>lı inam",  # a highlight inside a word
    "%C4%B0%C5%9F%C4%B1ql%C4%B1%20inam",
])
def test_restricted_values_are_found_whatever_the_case_spacing_markup_or_escaping(tmp_path, written):
    site = _site(tmp_path, {"page.html": f"<p>Bu gün {written} oldu</p>"})
    assert [f.digest for f in scan(site, [_value("İşıqlı İnam")]).leaks] == ["h4"]


def test_words_must_match_whole(tmp_path):
    site = _site(tmp_path, {"page.html": "Dövlət Vergi Xidmətinə müraciət"})
    assert scan(site, [_value("Dövlət Vergi Xidməti")]).findings == ()


def test_a_quotation_of_eight_words_of_a_restricted_text_is_a_leak(tmp_path):
    secret = "bir iki üç dörd beş altı yeddi səkkiz doqquz on on-bir on-iki"
    site = _site(tmp_path, {"a.md": "sitat: üç dörd beş altı yeddi səkkiz doqquz on.",  # eight words of it
                            "b.md": "üç dörd beş altı yeddi səkkiz doqquz"})  # seven
    leaks = scan(site, [_value(secret)]).leaks
    assert [(f.file, f.message.split(" from ")[0]) for f in leaks] == [("a.md", "a quotation (8+ words) of a restricted text")]


def test_a_value_also_in_public_sources_is_one_warning_for_review(tmp_path, canary_project):
    _, records, _, _ = canary_project
    body = "Dövlət Vergi Xidməti"
    secret = dataclasses.replace(records.complaints[0], about=dataclasses.replace(
        records.complaints[0].about, body=Text(body, Loc("meetings/complaints/x.yaml", 5, 9))))
    public_member = dataclasses.replace(records.membership.members[2], body=body)
    members = dataclasses.replace(records.membership, members=(*records.membership.members[:2], public_member,
                                                                *records.membership.members[3:]))
    full = dataclasses.replace(records, membership=members, complaints=(secret, *records.complaints[1:]))
    site = _site(tmp_path, {"a.html": f"<td>{body}</td>", "b/index.html": f"<td>{body.upper()}</td>"})
    report = scan(site, restricted_values(full))
    assert report.ok
    assert [(f.severity, f.file) for f in report.findings] == [(Severity.WARNING, "a.html")]
    assert "also stands in public sources and 1 more file: not a leak" in report.findings[0].message
    assert body not in report.findings[0].message


def test_personal_data_is_never_excused_as_public(tmp_path):
    values = restricted_values(Records(Membership()))
    site = _site(tmp_path, {"a.html": "Əli Məmmədov"})
    probe = _value("Əli Məmmədov", personal=True)
    report = scan(site, dataclasses.replace(values, values=(probe,), public=frozenset({("eli", "memmedov")})))
    assert [f.message.split(" from ")[0] for f in report.leaks] == ["a complainant's personal data"]


def test_a_file_name_holding_restricted_text_is_withheld(tmp_path):
    site = _site(tmp_path, {"meetings/gizli-mesele/index.html": "ok"})
    (finding,) = scan(site, [_value("gizli məsələ")]).leaks
    assert finding.file.startswith("[file name withheld: ") and "gizli" not in str(finding)


def test_docx_text_is_read_even_when_runs_split_a_word(tmp_path):
    xml = ('<w:document><w:body><w:p><w:r><w:t>Gizli Mə</w:t></w:r><w:r><w:t>sələ</w:t></w:r></w:p>'
           '</w:body></w:document>')
    buffer = tmp_path / "x.docx"
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("word/document.xml", xml)
    site = _site(tmp_path, {"report.docx": buffer.read_bytes()})
    assert [f.file for f in scan(site, [_value("gizli məsələ")]).leaks] == ["report.docx"]


def test_an_unreadable_file_fails_the_scan(tmp_path, monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    site = _site(tmp_path, {"report.pdf": b"%PDF-1.4 ...", "broken.docx": b"not a zip"})
    messages = [str(f) for f in scan(site, [_value("gizli məsələ")]).leaks]
    assert messages == [
        "broken.docx: cannot read the text of this file (not a readable zip container: File is not a zip file); the "
        "leak scan cannot vouch for it, so the build stops",
        "report.pdf: cannot read the text of this file (a PDF, and `pdftotext` (poppler-utils) is not installed); the "
        "leak scan cannot vouch for it, so the build stops"]


# --- random meetings with random access marks --------------------------------------------------------

WORD = st.text(alphabet="abcçdeəfgğhxıijkqlmnoöprsştuüvyzABCÇDEƏFGĞHXIİJKQLMNOÖPRSŞTUÜVYZ", min_size=2, max_size=7)
DAY0 = dt.date(2025, 1, 10)


@st.composite
def random_records(draw):
    """Meetings, complaints and a programme whose every access mark is drawn at random; returns the records and
    the texts that must be published (public, with every enclosing record public, in a published place)."""
    counter = itertools.count(1)
    published: list[str] = []

    def text(shown: bool) -> Text:
        n = next(counter)
        value = f"{draw(WORD)} u{n:04d}k {draw(WORD)}"  # the middle word makes every text unique
        if shown:
            published.append(value)
        return Text(value, Loc("meetings/random.yaml", n, 1))

    def access() -> Access:
        return Access(True, "a law") if draw(st.booleans()) else Access(False)

    seats = (Member("h", "Rəhbər", "Nazirlik", "Bölmə", Role.HEAD, dt.date(2024, 1, 1)),
             Member("d", "Müavin", "Agentlik", "Heyət", Role.DEPUTY, dt.date(2024, 1, 1)),
             *(Member(f"m{i}", f"Üzv {i}", "Orqan", "Bölmə", Role.MEMBER, dt.date(2024, 1, 1)) for i in range(5)))
    meetings = []
    for k in range(draw(st.integers(1, 3))):
        day = DAY0 + dt.timedelta(days=60 * k)
        place_access = access()
        items = []
        for _ in range(draw(st.integers(1, 3))):
            item_access = access()
            open_item = not item_access.restricted

            def note() -> Note | None:
                if not draw(st.booleans()):
                    return None
                a = access()
                return Note(text(open_item and not a.restricted), a)

            title = text(open_item)
            summary = note()
            papers = []
            for _ in range(draw(st.integers(0, 2))):
                a = access()
                papers.append(Paper(text(open_item and not a.restricted), a))
            acts = []
            for _ in range(draw(st.integers(0, 2))):
                a = access()
                f = draw(st.integers(0, 7))
                acts.append(GroupAct(draw(st.sampled_from(list(ActKind))), text(open_item and not a.restricted),
                                     text(open_item and not a.restricted), a, Votes(f, 7 - f, 0), signed_by="h"))
            items.append(AgendaItem(title, item_access, "m0", Nature.SUBSTANTIVE, summary, tuple(papers), tuple(acts)))
        guests = []
        for g in range(draw(st.integers(0, 2))):
            a = access()
            guests.append(Guest(f"g{g}", text(not a.restricted), text(not a.restricted), GuestBasis.EXPERT, a))
        meetings.append(Meeting(day.isoformat(), day, MeetingKind.ORDINARY, day - dt.timedelta(days=7),
                                tuple(s.id for s in seats), tuple(items), "meetings/random.yaml",
                                place=Note(text(not place_access.restricted), place_access), guests=tuple(guests),
                                minutes=Minutes(tuple(s.id for s in seats))))
    complaints = []
    for c in range(draw(st.integers(0, 4))):
        person = Complainant((("name", text(False)), ("tin", text(False))))
        about_access = access()
        complaints.append(Complaint(f"c{c}", DAY0, person, Subject(text(False), text(False), about_access),
                                    "meetings/complaints/c.yaml"))
    programme_access = access()
    programme_items = []
    for _ in range(draw(st.integers(0, 3))):
        a = access()
        programme_items.append(ProgrammeItem(text(not programme_access.restricted and not a.restricted), a))
    programme = Programme(2025, DAY0, "h", text(not programme_access.restricted), programme_access,
                          tuple(programme_items), "meetings/programmes/2025.yaml")
    return Records(Membership(seats), tuple(meetings), tuple(complaints), (programme,)), published


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_records())
def test_random_meetings_with_random_access_marks_never_leak(drawn):
    records, published = drawn
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        render_public(public_view(records), site)
        values = restricted_values(records)
        report = scan(site, values)
        assert report.findings == ()
        secret = {v.text for v in values}
        assert secret.isdisjoint(published)
        assert found_in(site, {t: "" for t in published}) == set(published)


# --- qanun report -------------------------------------------------------------------------------------

def docx_text(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    import re
    return html.unescape(" ".join(re.sub(r"<[^>]+>", "", p) for p in re.findall(r"<w:p[ >].*?</w:p>", xml)))


def test_qanun_report_writes_the_annual_report(capsys, root, tmp_path):
    internal, public = tmp_path / "internal", tmp_path / "public" / "hesabat-2025.docx"
    code = main(["-C", str(root), "report", "2025", "--internal", str(internal), "--public-output", str(public)])
    out, err = capsys.readouterr()
    target = internal / "illik-hesabat-2025.docx"
    assert (code, err) == (0, "")
    assert out == (f"wrote {target} (internal: restricted information)\n"
                   f"wrote {public} (public version, leak-scanned)\n")
    text = docx_text(target)
    assert "Koordinasiya Qrupunun 2025-ci il üzrə fəaliyyəti barədə illik hesabat" in text
    assert "NÜMUNƏ — uydurulmuş məlumat, real deyil" in text
    for heading in ("Keçirilmiş iclaslar", "Müzakirə olunmuş məsələlər", "Qəbul edilmiş aktlar",
                    "Şikayətlər və onların nəticələri", "Fəaliyyət proqramı"):
        assert heading in text
    assert "14 fevral 2025-ci il" in text and "20 may 2025-ci il" in text and "13 mart 2026" not in text
    assert "növbədənkənar (üzvün müraciəti ilə: NÜMUNƏ Üzv Xidmətli, 5.9.2)" in text
    # The internal report shows restricted matters too.
    assert "Sahibkarın KOB evində vergi xidməti nümayəndəsinin hərəkətindən şikayəti" in text
    assert "Nazirlər Kabinetinə müraciət edilib" in text
    assert "Şikayətçi" not in text  # complainants' personal data is not in the report at all

    public_text = docx_text(public)
    assert "Açıq versiya" in public_text and "3-dən az" in public_text
    assert "Sahibkarın KOB evində" not in public_text
    assert "Məhdud girişli məsələlər: 1" in public_text


def test_qanun_report_refuses_an_internal_folder_inside_the_site(capsys, root):
    code = main(["-C", str(root), "report", "2025", "--internal", str(root / "build" / "site" / "internal")])
    _, err = capsys.readouterr()
    assert code == 2
    assert err.startswith(f"qanun: the internal folder {root / 'build/site/internal'} is inside the site folder "
                          f"{root / 'build/site'}: internal documents hold restricted information and must never be "
                          "published")


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
def test_pdf_text_is_read_with_pdftotext(tmp_path):
    from generator.render.pdf import compile_typst

    pdf = compile_typst("Hesabat: *GİZLİ* məsələ barədə")
    site = _site(tmp_path, {"downloads/hesabat.pdf": pdf})
    assert [f.file for f in scan(site, [_value("gizli məsələ")]).leaks] == ["downloads/hesabat.pdf"]
    assert scan(site, [_value("başqa məsələ")]).findings == ()
