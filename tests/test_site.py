"""The public site (issue 3): pages, banners, anchors, search data, feeds, reproducibility, atomicity.

The site is built once per module (as of a fixed day, so the tests do not age) and read as files.
"""
from __future__ import annotations

import json
import os
import posixpath
import re
import shutil
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT, seed
from generator.cli import main
from generator.language import sort_key

AS_OF = "2026-01-01"
CRITERIA = "akn/az/act/2019/191705000007900/"
REGULATION = "akn/az/act/2024/21/esasname/"
ANNEX_TITLE = "“KOB klaster şirkəti”nin meyarları"
SOURCES = "İSTİFADƏ OLUNMUŞ MƏNBƏ SƏNƏDLƏRİNİN SİYAHISI"
CHANGES = "QƏRARA EDİLMİŞ DƏYİŞİKLİK VƏ ƏLAVƏLƏRİN SİYAHISI"


@pytest.fixture(scope="module", autouse=True)
def shared_cache():
    """Rendered DOCX/PDF are cached by content: copies of the project share the repository's cache."""
    saved = os.environ.get("QANUN_CACHE")
    os.environ["QANUN_CACHE"] = str(ROOT / "build" / "cache")
    yield
    if saved is None:
        os.environ.pop("QANUN_CACHE", None)
    else:
        os.environ["QANUN_CACHE"] = saved


def build(root: Path, output: Path, *args: str) -> int:
    return main(["-C", str(root), "build", "--output", str(output), *args])


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site") / "site"
    assert build(ROOT, out, "--as-of", AS_OF, "--strict") == 0
    return out


@pytest.fixture(scope="module")
def site_2020(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site2020") / "site"
    assert build(ROOT, out, "--as-of", "2020-01-01") == 0
    return out


def page(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


class _Text(HTMLParser):
    """The text inside the element with a given id (whitespace collapsed)."""

    def __init__(self, element_id: str) -> None:
        super().__init__()
        self.target, self.depth, self.parts = element_id, 0, []

    def handle_starttag(self, tag, attrs):
        if self.depth:
            self.depth += tag not in ("br", "img", "input", "meta", "link", "hr")
        elif dict(attrs).get("id") == self.target:
            self.depth = 1

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.parts.append(data)


def text_of(html: str, element_id: str) -> str:
    parser = _Text(element_id)
    parser.feed(html)
    return " ".join("".join(parser.parts).split())


def ids(html: str) -> set[str]:
    return set(re.findall(r'\bid="([^"]+)"', html))


# --- seed 003 ---------------------------------------------------------------------------------

def _seed_body_and_notes() -> tuple[str, list[str]]:
    """Seed 003's annex body (deleted words removed, as its notes say) and its four notes, as plain text."""
    text = seed("003")
    def unmark(s: str) -> str:  # as tests/test_seed_criteria.py reads the seed
        s = re.sub(r"\[\\\[(\d+)\\\]\]\(#\)", r"[\1]", s)
        s = re.sub(r"\[([^\]]+)\]\(#\)", r"\1", s)
        s = re.sub(r"<sup>(\[\d+\])</sup>", r"\1", s).replace("**", "")
        return re.sub(r"^#+ ", "", s, flags=re.M)
    notes_part = unmark(text[text.index(f"### {CHANGES}"):])
    notes = [n.strip() for n in re.split(r"\[\d\] ", " ".join(notes_part.split()).split(CHANGES, 1)[1]) if n.strip()]
    body = text[text.index(f"### {ANNEX_TITLE}"):text.index(f"### {SOURCES}")]
    for words in re.findall(r"“([^”]+)” sözləri çıxarılmışdır", notes_part):
        struck = next(s for s in re.findall(r"~~(.+?)~~", body) if words.startswith(s))
        body = body.replace(f"~~{struck}~~{words[len(struck):]}", "", 1)
    return " ".join(unmark(body).split()), notes


def test_criteria_current_page_has_seed_body_and_four_notes(site):
    html = page(site, CRITERIA)
    body, notes = _seed_body_and_notes()
    annex = text_of(html, "doc-meyarlar")
    assert annex[annex.index(ANNEX_TITLE):] == body
    assert len(notes) == 4
    for n, note in enumerate(notes, 1):
        assert text_of(html, f"note-{n}") == f"[{n}] {note}"
        assert f'<a href="#note-{n}" id="ref-{n}">[{n}]</a>' in html  # marker → note
        assert f'href="#ref-{n}"' in html  # note → back to the marker


def test_criteria_page_has_register_header_timeline_source_and_disclaimer(site):
    html = page(site, CRITERIA)
    assert "<th scope=\"row\">HÜQUQİ AKTLARIN DÖVLƏT REYESTRİNİN QEYDİYYAT NÖMRƏSİ</th><td>15201905087900</td>" in html
    assert "22.05.2019 – 02.08.2020" in text_of(html, "versions")
    assert 'href="aze@2019-05-22/"' in html and 'href="aze@2020-08-03/changes/"' in html
    assert "Rəsmi mənbə:" in html and "yalnız məlumat üçün dərc olunur" in html
    assert 'href="../../2020/4/"' in html  # the amending act, linked
    assert 'lang="az"' in html


def test_past_version_has_banner_linking_the_current(site):
    html = page(site, CRITERIA + "aze@2019-05-22/")
    assert "Bu, qüvvədə olan redaksiya deyil." in html
    banner = re.search(r'<div class="banner banner-past".*?</div>', html).group(0)
    assert 'href="../"' in banner
    assert "Agentliyə və Vergilər Nazirliyinə 3 gün" in html  # the 2019 wording
    assert 'id="note-1"' not in html
    current = page(site, CRITERIA)
    assert "banner-past" not in current


def test_changes_view_strikes_and_marks_each_linked_to_its_note(site):
    html = page(site, CRITERIA + "aze@2020-08-03/changes/")
    assert '<a class="change" href="#note-1"><del> elektron vergi hesab-fakturası,</del></a>' in html
    assert '<a class="change" href="#note-2"><del>Vergilər Nazirliyinə</del></a>' in html
    assert '<a class="change" href="#note-4"><ins>Dövlət Vergi Xidməti</ins></a>' in html
    assert 'id="note-4"' in html


def test_every_provision_has_number_and_stable_anchors(site):
    html = page(site, REGULATION)
    assert {"5.9.4", "wid-esasname-5.9.4", "1.1", "note-1"} - ids(html) <= {"note-1"}
    act = page(site, "akn/az/act/2024/21/")
    assert {"4", "esasname-5.9.4", "wid-body-4", "wid-esasname-5.9.4"} <= ids(act)


def test_repealed_act_names_and_links_the_repealing_act(site):
    html = page(site, "akn/az/act/2018/408/")
    banner = re.search(r'<div class="banner banner-repealed".*?</div>', html).group(0)
    assert "13 yanvar 2024-cü il tarixindən" in banner
    assert 'href="../../2024/21/"' in banner and "21 nömrəli" in banner


def test_amending_act_lists_the_places_it_changed(site):
    html = page(site, "akn/az/act/2020/4/")
    for n in ("2.4.2", "2.5", "2.6", "2.7"):
        assert f'href="../../2019/191705000007900/aze@2020-08-03/#wid-meyarlar-{n}"' in html
    repealing = page(site, "akn/az/act/2024/21/")
    assert 'href="../../2018/408/aze@2024-01-13/#note-1"' in repealing


def test_home_lists_acts_in_azerbaijani_order_with_type_number_date_status(site):
    html = page(site, "")
    rows = re.findall(r"<tr data-status=\"(\w+)\"><td><a [^>]*>([^<]+)</a></td><td>([^<]*)</td><td>([^<]*)</td>"
                      r"<td><time datetime=\"([-\d]+)\">", html)
    assert len(rows) == 4
    titles = [r[1] for r in rows]
    assert titles == sorted(titles, key=lambda t: sort_key(t.lstrip("“")))
    assert {r[0] for r in rows} == {"in_force", "repealed"}
    assert ("repealed", "408") in {(r[0], r[3]) for r in rows}


def test_json_ld_legislation(site):
    html = page(site, CRITERIA)
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html).group(1))
    assert data["@type"] == "Legislation" and data["legislationIdentifier"] == "191705000007900"
    assert data["legislationLegalForce"] == "InForce" and data["legislationDate"] == "2019-05-08"
    assert data["legislationConsolidates"][0]["url"] == "../../2020/4/"
    old = json.loads(re.search(r'ld\+json">(.*?)</script>', page(site, "akn/az/act/2018/408/")).group(1))
    assert old["legislationLegalForce"] == "NotInForce"


def test_atom_feeds_site_wide_and_per_act(site):
    ns = {"a": "http://www.w3.org/2005/Atom"}
    feed = ET.parse(site / "feed.xml").getroot()
    titles = [e.findtext("a:title", namespaces=ns) for e in feed.findall("a:entry", ns)]
    assert any(t.startswith("Yeni redaksiya") and "2020-08-03" in t for t in titles)
    assert any(t.startswith("Akt ləğv edilib") for t in titles)
    per_act = ET.parse(site / CRITERIA / "feed.xml").getroot()
    links = [e.find("a:link", ns).get("href") for e in per_act.findall("a:entry", ns)]
    assert links == ["aze@2020-08-03/changes/", "./"]
    for href in links:
        assert (site / CRITERIA / href / "index.html").is_file()


# --- search -----------------------------------------------------------------------------------

def test_search_index_folds_letters_and_keeps_provision_numbers(site):
    """Issue 7: Pagefind's index (pagefind/), not the theme's whole-site lunr index. The Regulation's page is
    indexed with its title, each provision at its anchor, and every word with Azerbaijani letters followed by its
    folded form (what a query typed without them is folded to); past versions are not indexed."""
    from generator.search_index import fragments, unfolded

    assert not (site / "search").exists() and (site / "pagefind" / "pagefind.js").is_file()
    pages = fragments(site)
    regulation = pages["/" + REGULATION]
    assert regulation["meta"]["title"].endswith("haqqında Əsasnamə")
    assert "Əsasnamə esasname" in regulation["content"]
    anchors = {a["id"]: a["text"] for a in regulation["anchors"]}
    assert anchors["5.9.4"] == "5.9.4." and "sadə sade səs ses çoxluğu coxlugu" in regulation["content"]
    assert "sadə səs çoxluğu" in unfolded(regulation["content"])
    assert any("sahibkarlıq sahibkarliq" in p["content"] for p in pages.values())
    assert not any("aze@" in url for url in pages)  # past versions are not searched
    assert "/" not in pages  # the home page lists every act: not indexed


# --- build properties --------------------------------------------------------------------------

def files(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_same_sources_and_day_give_byte_identical_sites(site, tmp_path):
    again = tmp_path / "again"
    assert build(ROOT, again, "--as-of", AS_OF) == 0
    first, second = files(site), files(again)
    assert first.keys() == second.keys()
    assert [k for k in first if first[k] != second[k]] == []


def test_as_of_2020_makes_2019_wording_current_and_2020_not_yet_in_force(site_2020):
    html = page(site_2020, CRITERIA)
    assert "Agentliyə və Vergilər Nazirliyinə 3 gün" in html
    assert 'id="note-1"' not in html
    assert "Dəyişiklik 3 avqust 2020-ci il tarixində qüvvəyə minir." in html
    assert 'href="aze@2020-08-03/"' in html
    future = page(site_2020, CRITERIA + "aze@2020-08-03/")
    assert "Hələ qüvvəyə minməyib." in future and "banner-past" not in future
    assert "hələ qüvvəyə minməyib" in text_of(html, "versions")


def _project_copy(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    for name in ("acts", "site"):
        shutil.copytree(ROOT / name, project / name)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    return project


@pytest.mark.parametrize("break_it", ["source", "template", "link", "download"])
def test_a_failed_build_leaves_the_previous_site_intact(tmp_path, break_it, capsys, monkeypatch):
    project = _project_copy(tmp_path)
    out = tmp_path / "out" / "site"
    assert build(project, out, "--as-of", AS_OF) == 0
    before = files(out)
    if break_it == "source":  # caught while loading, before any page is written
        act = project / "acts" / "in-kollegiya-2020-4.yaml"
        act.write_text(act.read_text(encoding="utf-8").replace("Vergilər Nazirliyi\n", "Nazirlik yoxdur\n"),
                       encoding="utf-8")
    elif break_it == "template":  # caught halfway, by mkdocs rendering the pages
        (project / "site" / "overrides" / "main.html").write_text("{% extends 'base.html' %}{% block x %}",
                                                                     encoding="utf-8")
    elif break_it == "link":  # caught by the link check, while the DOCX and PDF are being made
        home = project / "site" / "index.md"
        home.write_text(home.read_text(encoding="utf-8") + '\n<a href="akn/nowhere/">x</a>\n', encoding="utf-8")
    else:  # a download the links were checked against is not made: an internal error, never a site without it
        from generator import site as site_module

        honest = site_module._downloads
        monkeypatch.setattr(site_module, "_downloads", lambda *a, **k: {
            path: data for path, data in sorted(honest(*a, **k).items()) if not path.endswith(".pdf")})
    capsys.readouterr()
    assert build(project, out, "--as-of", AS_OF) != 0
    said = capsys.readouterr().err
    assert {"link": "broken internal links:\nindex.html: akn/nowhere/",
            "download": "internal error: 6 downloads were not made"}.get(break_it, "") in said
    assert files(out) == before
    # no staging or work folder left behind (the output's lock file aside: generator/publish.py)
    assert sorted(p.name for p in out.parent.iterdir() if p.name != ".site.lock") == ["site"]


ALLOWED_NAMESPACES = {"http://www.w3.org/2000/svg", "http://www.w3.org/2005/Atom",
                      "http://www.sitemaps.org/schemas/sitemap/0.9", "http://www.w3.org/1999/xlink",
                      # XML namespace names in the Akoma Ntoso downloads: identifiers, never fetched
                      "http://docs.oasis-open.org/legaldocml/ns/akn/3.0", "https://qanun.example/ns/akn/1.0"}


def test_no_page_references_a_third_party_host(site):
    """HTML, CSS, XML and JSON are scanned (CSS license comments aside); the theme's JavaScript bundle
    is not a page, and names hosts only for features this site does not enable (mermaid, repo facts)."""
    found = set()
    for path in site.rglob("*"):
        if path.suffix not in (".html", ".css", ".xml", ".json"):
            continue
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".css":
            text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)  # license comments
            text = re.sub(r"\\3c !--.*?-->", "", text, flags=re.S)  # the same, inside inline SVG icons
        text = re.sub(r'<script type="application/ld\+json">.*?</script>', lambda m: m.group(0).replace(
            '"https://schema.org"', '""'), text, flags=re.S)
        for url in re.findall(r"https?://[^\s\"'<>)]+", text):
            if url not in ALLOWED_NAMESPACES:
                found.add((str(path.relative_to(site)), url))
    assert sorted(found) == []


def test_base_url_is_configurable(tmp_path):
    out = tmp_path / "site"
    assert build(ROOT, out, "--as-of", AS_OF, "--base-url", "https://qanun.example.az/sayt/") == 0
    html = page(out, CRITERIA)
    assert '<link rel="canonical" href="https://qanun.example.az/sayt/akn/az/act/2019/191705000007900/">' in html
    assert "https://qanun.example.az/sayt/akn/az/act/2019/191705000007900/aze%402019-05-22/" in \
        (out / "sitemap.xml").read_text(encoding="utf-8")


# --- rendering units -----------------------------------------------------------------------------

def test_source_text_is_escaped_never_interpreted():
    from generator.consolidate import VersionedProvision
    from generator.render.html import _provision_html, esc
    from generator.render.layout import Block

    evil = 'a <script>alert(1)</script> {: onclick="x" } **b** [l](javascript:x) &amp;'
    p = VersionedProvision("1", "1", "bənd", None, evil, ())
    out = _provision_html(Block("provision", evil, num="1"), p, "body", "", [], False)
    assert "<script>" not in out and "{" not in out and "}" not in out
    assert esc(evil) in out and "&amp;amp;" in out
    assert "\n\n" not in out


def test_check_links_reports_broken_links_and_anchors(tmp_path):
    from generator.linkcheck import check_links

    (tmp_path / "akn" / "x").mkdir(parents=True)
    (tmp_path / "akn" / "x" / "index.html").write_text('<p id="a">x</p><a href="#b">b</a><a href="../y/">y</a>')
    (tmp_path / "index.html").write_text('<a href="akn/x/#a">ok</a>')
    assert check_links(tmp_path) == ["akn/x/index.html: #b (no such anchor)", "akn/x/index.html: ../y/"]


def test_a_link_to_what_is_left_of_an_earlier_site_is_broken(tmp_path):
    """A build staged in the spare (an earlier site) checks its links against the files it staged: a page the
    earlier site had and this one has not is no target, nor a page to check, though it is still on disk."""
    from generator.linkcheck import check_links

    (tmp_path / "gone").mkdir()
    (tmp_path / "gone" / "index.html").write_text('<a href="../nowhere.html">x</a>')
    (tmp_path / "index.html").write_text('<a href="gone/">gone</a><a href="here.html">here</a>')
    (tmp_path / "here.html").write_text("")
    assert check_links(tmp_path) == ["gone/index.html: ../nowhere.html"]
    assert check_links(tmp_path, files={"index.html", "here.html"}) == ["index.html: gone/"]


def test_links_that_climb_to_the_root_are_resolved_from_each_page(tmp_path):
    """The same href from pages as deep reaches the same file; from pages of another depth, another one."""
    from generator.linkcheck import check_links

    for folder in ("a/b", "a/c", "d/e/f"):
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / "index.html").write_text(
            '<a href="../../x.css">x</a><a href="../../../x.css">deeper</a><a href="../../">root</a>'
            '<a href="../../../../x.css">out</a>')
    (tmp_path / "x.css").write_text("")
    (tmp_path / "index.html").write_text("")
    assert check_links(tmp_path) == [
        "a/b/index.html: ../../../x.css", "a/b/index.html: ../../../../x.css",  # above the site's root
        "a/c/index.html: ../../../x.css", "a/c/index.html: ../../../../x.css",
        "d/e/f/index.html: ../../x.css", "d/e/f/index.html: ../../",  # d/ has neither x.css nor index.html
        "d/e/f/index.html: ../../../../x.css",
    ]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(st.lists(st.sampled_from(["a", "b", "c", "aze@1"]), max_size=4),
                          st.lists(st.sampled_from(["..", "..", ".", "a", "b", "x.css", ""]), max_size=6)),
                min_size=1, max_size=30))
def test_link_targets_worked_out_once_are_what_normpath_gives(cases):
    from generator.linkcheck import Targets

    targets = Targets()  # one for all the cases: answers are reused between folders
    for folder_parts, path_parts in cases:
        folder, path = "/".join(folder_parts), "/".join(path_parts)
        if path:
            assert targets.of(folder, path) == posixpath.normpath(posixpath.join(folder, path)), (folder, path)


def test_a_shell_filled_into_pages_of_two_depths_has_its_links_checked_from_each(tmp_path):
    """Only a shell's links that climb to the root are worked out once for the pages of a depth: the same
    "../x.css" reaches x.css from one depth and nothing from the other, and two files from two folders as deep."""
    from generator.linkcheck import _all_reach, _broken, _site_files, check_links
    from generator.shells import Shell

    shell = Shell('<a href="../x.css">css</a><main>', "</main>", "")
    for folder in ("a", "b/c"):
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / "index.html").write_text(shell.before + "<p>x</p>" + shell.after, encoding="utf-8")
    (tmp_path / "x.css").write_text("")
    filled = {"a/index.html": (shell, "<p>x</p>"), "b/c/index.html": (shell, "<p>x</p>")}
    assert check_links(tmp_path, filled) == ["b/c/index.html: ../x.css"] == check_links(tmp_path)
    files, folders = _site_files(tmp_path)
    assert not _all_reach(tmp_path, filled, files, folders) and _broken(tmp_path, filled, files, folders)
    # as deep, in another folder: a link that climbs less than the page is deep leads elsewhere from each page
    (tmp_path / "d" / "e").mkdir(parents=True)
    (tmp_path / "d" / "e" / "index.html").write_text(shell.before + "<p>x</p>" + shell.after, encoding="utf-8")
    (tmp_path / "b" / "x.css").write_text("")
    filled["d/e/index.html"] = (shell, "<p>x</p>")
    assert check_links(tmp_path, filled) == ["d/e/index.html: ../x.css"] == check_links(tmp_path)


_HREFS = ["../b/", "../b/#p", "../b/#gone", "../c/", "#p", "#q", "./", "../../x.css", "../../../x.css",
          "https://e.az/", "mailto:a@e.az", "../b/index.html", "", "?q=1", "../%62/"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_HREFS), max_size=12), st.lists(st.sampled_from(["p", "q", "r"]), max_size=3))
def test_links_known_from_the_build_cache_are_checked_as_the_page_itself_would_be(tmp_path_factory, hrefs, ids):
    """An act page's links given packed (the build cache), as its content text, or read from the written file:
    the same findings, in the same order; and the check of each place linked to once (`_all_reach`) passes exactly
    when the check link by link (`_broken`) finds nothing."""
    from generator.linkcheck import _all_reach, _broken, _site_files, check_links, packed_links
    from generator.shells import Shell

    site = tmp_path_factory.mktemp("site")
    shell = Shell('<html><a href="../../x.css">css</a><a id="top" href="#top">top</a><a href="../..">home</a><main>',
                  '</main><a href="../b/">next</a>', "akn/")
    body = "".join(f'<p id="{i}">x</p>' for i in ids) + "".join(f'<a href="{h}">l</a>' for h in hrefs if h)
    for folder, html in (("akn/a", shell.before + body + shell.after), ("akn/b", '<p id="p">b</p>')):
        (site / folder).mkdir(parents=True)
        (site / folder / "index.html").write_text(html, encoding="utf-8")
    (site / "x.css").write_text("")
    (site / "index.html").write_text("")
    page = "akn/a/index.html"
    from_file = check_links(site)
    packed = packed_links(page, body)
    assert packed is not None
    assert check_links(site, {page: (shell, body)}) == from_file
    assert check_links(site, {page: (shell, packed)}) == from_file
    files, folders = _site_files(site)
    for filled in (None, {page: (shell, body)}, {page: (shell, packed)}):
        assert _all_reach(site, filled or {}, files, folders) == (_broken(site, filled, files, folders) == [])
    assert ("akn/a/index.html: ../c/" in from_file) == ("../c/" in hrefs)  # the check is not empty-handed
    assert ("akn/a/index.html: #q (no such anchor)" in from_file) == ("#q" in hrefs and "q" not in ids)


def test_a_page_whose_links_cannot_be_packed_is_checked_from_its_text():
    from generator.linkcheck import packed_links

    assert packed_links("akn/a/index.html", '<a href="../b/#x\x00y">l</a>') is None
    assert packed_links("akn/a/index.html", '<p id="p\x00">x</p>') is None
    assert packed_links("akn/a/index.html", '<a href="../b/#x">l</a>') == [b"", "../b/#x\0akn/b\0x".encode()]


@settings(max_examples=500, deadline=None)
@given(*[st.lists(st.sampled_from(["a", "b", "aze@1", ".", "", ".."]), max_size=5).map("/".join)
         .map(lambda p: p or ".") for _ in range(2)], st.booleans(), st.booleans())
def test_relative_links_are_what_relpath_gives(path, start, slash_path, slash_start):
    from generator.render.urls import relative

    path, start = path + "/" * slash_path, start + "/" * slash_start
    assert relative(path, start) == posixpath.relpath(path, start), (path, start)
