"""Text is text: whatever a source string holds, the page shows exactly that text and nothing else (issue 8, point 1).

How it is checked. The same small project (two acts and one meeting of the Coordination Group) is published twice
through the real renderer: `site.site_pages` and `site.group_pages` (the pure part of the build, which calls the
page functions of render/html.py, compare_html.py and meetings_html.py and adds the front matter), then every
page through mkdocs itself (mkdocs.yml as `qanun build` writes it, `load_config`, the plugins' `on_config`, and
mkdocs' own `_populate_page`: front matter, the `page_markdown` plugin events, Markdown with the configured
extensions, the `page_content` events); the feeds; and `site.group_files` (the public annual report as DOCX,
through pandoc). Once with inert placeholders (ꙮ0ꙮ …) in every source string, once with the hostile strings. The
two outputs must be identical, element by element and attribute by attribute, once each placeholder is replaced
by its string (whitespace-normalised, as the loader collapses runs of whitespace): so the hostile text adds no
element, no attribute and no link, and every element that showed a placeholder shows the string exactly. Pages
that compare wordings split a text into as many kept, deleted and inserted runs as its words make: there, no
element, attribute or link may appear that the placeholder page lacks, and the page read without its <del>
(the later wording) and without its <ins> (the earlier one) must match. The home page, which sorts acts by
title, is compared as a multiset.

Where the strings go: act title (heading, register header, JSON-LD, home page list), `cited_as` of both acts
(names, citations and the note), a provision's heading and text, its old wording (quoted by the note of the
change that restated it) and its new wording (also struck/marked in the changes view, the comparison and the
history), an annex title and text, a meeting item's title, an act's text and its addressee.

Three places once let markup through and are checked here: the page title (front matter `title`, which the
theme prints unescaped into `<title>` and the page header), the search index (whose `title` and `text` the
theme's search inserts as HTML), both on a full build, and the JSON-LD (where `<!--` then `<script>` in a name
would make the browser read the rest of the page as script).
"""
from __future__ import annotations

import datetime as dt
import io
import json
import re
import shutil
import string
import tempfile
import zipfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import lxml.etree
import lxml.html
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from generator import site as S
from generator.load import clean
from generator.pipeline import load_and_consolidate
from hostile_cases import KNOWN_BUG, SHOWN_AS_WRITTEN, case, check

ROOT = Path(__file__).resolve().parent.parent
AS_OF = dt.date(2021, 1, 1)
HOME = (ROOT / "site" / "index.md").read_text(encoding="utf-8")
MEMBERS = (ROOT / "meetings" / "members.yaml").read_text(encoding="utf-8")

# Every source string of the project, and its placeholder: one word (so that a comparison of wordings keeps it
# whole) of a letter no hostile string here contains.
FIELDS = ("title", "cited", "heading", "text", "new_text", "annex_title", "annex_text", "amend_cited",
          "item_title", "act_text", "addressee")
TOKENS = {f: f"ꙮ{i}ꙮ" for i, f in enumerate(FIELDS)}

TRAPS: dict[str, str] = {
    "emphasis": "Mətn *qalın* və _maili_, **iki** və __iki__ ulduz*",
    "heading": "# Başlıq\n## İkinci\nsonra #teq",
    "ordered-list": "1. birinci\n2) ikinci\n10. onuncu",
    "bullet-list": "- bir\n* iki\n+ üç",
    "table-pipes": "| a | b |\n| --- | --- |\n| 1 | 2 |",
    "definition-colon": "Termin\n: izahı\nvaxt: 10:30",
    "blockquote": "> sitat\n>> iç-içə",
    "indented-code": "Mətn\n\n    kod bloku\n        daha dərin",
    "tabs": "bir\tiki\t\tüç\n\tbaşda",
    "trailing-spaces": "sətir  \nsonrakı sətir  \n",
    "strikethrough": "~~pozulmuş~~ və ~alt~ ~",
    "backticks": "`kod` və ``iki`` və\n```\nhasar\n```",
    "backslash": "\\* \\_ \\\\ \\[x\\] son\\",
    "footnote": "Mətn[^1] və [^qeyd]\n[^1]: qeyd mətni",
    "entity": "&copy; &amp; &#169; &#x41; &lt;b&gt; & ;",
    "raw-html": "<b>qalın</b> <script>alert(1)</script> <img src=x onerror=alert(2)> <div>",
    "html-comment": "<!-- gizli --> <![CDATA[ x ]]> <?php ?> <!DOCTYPE html>",
    "javascript-link": "[bax](javascript:alert(1)) <javascript:alert(1)> [x]: javascript:alert(1)",
    "autolink": "<https://example.com> https://example.com [x][ref]\n[ref]: https://example.com",
    "attr-list": "Mətn {: onclick=\"alert(1)\" } {#kimlik .sinif} {: .x }",
    "jinja": "{{ config.site_name }} {% include 'x.html' %} {# şərh #} {{",
    "quotes-and-dashes": "\"dırnaq\" 'tək' -- --- ... (c) (tm) <<>>",
    "azerbaijani": "Əə İi Iı Şş Çç Ğğ Öö Üü «sitat» “dırnaq” — № 5",
}


# --- the project --------------------------------------------------------------------------------------------

def _q(value: str) -> str:
    """A YAML double-quoted scalar: JSON's string syntax is a subset of it."""
    return json.dumps(value, ensure_ascii=False)


def write_project(root: Path, v: dict[str, str]) -> None:
    """Two acts, `target` (a body provision and an annex) and `amend` (which restates the body provision), and one
    meeting of the Coordination Group whose public item holds a public act."""
    (root / "acts").mkdir(parents=True)
    (root / "acts" / "target.yaml").write_text(f"""# test fixture, not a real act
kind: act
id: target
type: qərar
title: {_q(v["title"])}
cited_as: {_q(v["cited"] + " Qərarı")}
number: "1"
adopted: 2020-01-10
provisions:
  - num: "1"
    unit: bənd
    heading: {_q(v["heading"])}
    text: {_q(v["text"])}
annexes:
  - id: elave
    title: {_q(v["annex_title"])}
    provisions:
      - num: "1"
        unit: bənd
        text: {_q(v["annex_text"])}
""", encoding="utf-8")
    (root / "acts" / "amend.yaml").write_text(f"""# test fixture, not a real act
kind: act
id: amend
type: qərar
cited_as: {_q(v["amend_cited"] + " Qərarı")}
number: "2"
adopted: 2020-02-01
changes:
  - target: {{act: target, provision: "1"}}
    restate:
      heading: {_q(v["heading"])}
      text: {_q(v["new_text"])}
""", encoding="utf-8")
    (root / "meetings" / "2025").mkdir(parents=True)
    (root / "meetings" / "members.yaml").write_text(MEMBERS, encoding="utf-8")
    (root / "meetings" / "2025" / "2025-02-14.yaml").write_text(f"""# test fixture, not a real meeting
sample: true
kind: meeting
date: 2025-02-14
type: ordinary
documents_sent: 2025-02-07
present: [rehber, muavin, uzv-vergi-1, uzv-edliyye, uzv-emek, uzv-gomruk, uzv-emlak, uzv-asan]
agenda:
  - title: {_q(v["item_title"])}
    access: public
    rapporteur: muavin
    nature: substantive
    acts:
      - kind: proposal
        addressee: {_q(v["addressee"])}
        text: {_q(v["act_text"])}
        access: public
        votes: {{for: 8, against: 0, abstained: 0}}
        signed_by: rehber
minutes:
  signed_by: [rehber, muavin, uzv-vergi-1, uzv-edliyye, uzv-emek, uzv-gomruk, uzv-emlak, uzv-asan]
""", encoding="utf-8")


def published(v: dict[str, str], *, docx: bool = False) -> tuple[dict[str, str], dict[str, bytes]]:
    """Every generated page of the site for the project holding `v` (acts and the Group's section: Markdown with
    its front matter, Atom feeds), and with `docx` the Group's downloads (the public annual report)."""
    from generator.meetings import public_view

    with tempfile.TemporaryDirectory(prefix="qanun-text-") as tmp:
        write_project(Path(tmp), v)
        corpus = load_and_consolidate(Path(tmp))
    ctx = S.context(corpus, AS_OF)
    public = public_view(corpus.meetings)
    pages = {**S.site_pages(ctx, HOME), **S.group_pages(ctx, public)}
    return pages, (S.group_files(public) if docx else {})


def values(strings: dict[str, str]) -> dict[str, str]:
    """The strings as the sources hold them, made valid where the project needs it: a new wording that differs;
    a title that does not open with “ (a note quotes the title in “…”, without doubling a “ it already has: a rule
    of the notes' wording, not of escaping, which the placeholder comparison would take for a difference)."""
    v = dict(strings)
    if clean(v["new_text"]) == clean(v["text"]):
        v["new_text"] += " yeni"
    if (clean(v["title"]) or "").startswith("“"):
        v["title"] = "Ə " + v["title"]
    return v


PLACEHOLDERS = values({f: TOKENS[f] for f in FIELDS})


# --- mkdocs, configured exactly as `qanun build` configures it --------------------------------------------------

class Mkdocs:
    """mkdocs with the configuration `qanun build` writes, turning pages into HTML the way `mkdocs build` does."""

    def __init__(self, work: Path) -> None:
        from mkdocs.config import load_config

        from generator.mkdocs_run import copy_hand_written, write_config

        copy_hand_written(ROOT / "site", work / "docs", work / "overrides")
        config_file = write_config(ROOT, work, work / "out", None, group=True)
        self.config = load_config(config_file=str(config_file))
        self.config = self.config.plugins.on_config(self.config)
        self.docs = work / "docs"

    def render(self, pages: dict[str, str]) -> dict[str, str]:
        """page path → the HTML mkdocs makes of the page's content (what the theme puts in the article);
        other generated files (feeds) as they are."""
        from mkdocs.commands.build import _populate_page
        from mkdocs.structure.files import File, Files
        from mkdocs.structure.pages import Page

        markdown = {p: t for p, t in pages.items() if p.endswith(".md")}
        for path, text in markdown.items():
            target = self.docs / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        files = {p: File(p, self.config.docs_dir, self.config.site_dir, self.config.use_directory_urls) for p in markdown}
        everything = Files(list(files.values()))
        out = {p: t for p, t in pages.items() if p.endswith(".xml")}
        for path, file in files.items():
            page = Page(None, file, self.config)
            _populate_page(page, self.config, everything)
            out[path] = page.content or ""
        return out


@pytest.fixture(scope="module")
def mkdocs(tmp_path_factory) -> Mkdocs:
    return Mkdocs(tmp_path_factory.mktemp("mkdocs"))


@pytest.fixture(scope="module")
def expected(mkdocs: Mkdocs) -> tuple[dict[str, str], dict[str, bytes]]:
    pages, files = published(PLACEHOLDERS, docx=True)
    return mkdocs.render(pages), files


# --- comparing a page with the placeholder one --------------------------------------------------------------

def normal(text: str | None) -> str:
    return " ".join((text or "").split())


def substitute(text: str, v: dict[str, str]) -> str:
    for field, token in TOKENS.items():
        if field in v:
            text = text.replace(token, clean(v[field]) or "")
    return text


def _json_substitute(data: Any, v: dict[str, str]) -> Any:
    if isinstance(data, str):
        return substitute(data, v)
    if isinstance(data, dict):
        return {k: _json_substitute(x, v) for k, x in data.items()}
    if isinstance(data, list):
        return [_json_substitute(x, v) for x in data]
    return data


def _tree(path: str, text: str) -> Any:
    if path.endswith(".xml"):
        return lxml.etree.fromstring(text.encode("utf-8"))
    tree = lxml.html.fragment_fromstring(text, create_parent="div")
    for widths in list(tree.iter("colgroup")):  # pandoc sets column widths when a cell's text is long: layout
        widths.drop_tree()
    return tree


def _node(el: Any, v: dict[str, str] | None = None) -> tuple[str, tuple[tuple[str, str], ...]]:
    """An element as tag and attributes (placeholders in attribute values replaced, when `v` is given)."""
    return str(el.tag), tuple(sorted((k, substitute(x, v) if v else x) for k, x in el.attrib.items()))


def _projection(tree: Any, drop: str, v: dict[str, str] | None = None) -> str:
    """The text of a tree without its `drop` elements (del: the later wording; ins: the earlier one), with no
    whitespace."""
    parts: list[str] = []

    def walk(el: Any) -> None:
        if el.tag == drop or _is_json_ld(el):  # JSON-LD is compared as data, not as text
            parts.append(el.tail or "")
            return
        parts.append(el.text or "")
        for child in el:
            walk(child)
        parts.append(el.tail or "")
    walk(tree)
    text = "".join(parts)
    # Without whitespace: where a run of kept words ends and an inserted one starts is a matter of layout there.
    return "".join((substitute(text, v) if v else text).split())


def _is_json_ld(el: Any) -> bool:
    return el.tag == "script" and el.get("type") == "application/ld+json"


def _json_ld_differences(path: str, want: Any, got: Any, v: dict[str, str]) -> Iterator[str]:
    """Structured data is compared as data: the strings in it must be the source strings exactly."""
    a = [_json_substitute(json.loads(e.text), v) for e in want.iter() if _is_json_ld(e)]
    try:
        b = [json.loads(e.text) for e in got.iter() if _is_json_ld(e)]
    except json.JSONDecodeError as exc:  # the script element ran on past its end: it swallowed part of the page
        yield f"{path}: the JSON-LD script is not JSON ({exc}): it ran on into the page after it"
        return
    if a != b:
        yield f"{path}: JSON-LD differs: {json.dumps(b, ensure_ascii=False)[:300]}"


def differences(path: str, expected: str, actual: str, v: dict[str, str]) -> Iterator[str]:
    """Where `actual` (hostile strings) differs from `expected` (placeholders) once each placeholder is replaced."""
    want, got = _tree(path, expected), _tree(path, actual)
    diffs = any(e.tag in ("del", "ins") for e in want.iter())
    if path == "index.md" or diffs:
        # The home page lists acts by title (hostile titles may sort differently), and comparisons split texts
        # into runs of kept, deleted and inserted words (as many as the words make): there, no element or
        # attribute may appear that the placeholder page lacks, and the earlier and later wordings must read
        # exactly as written.
        kinds = {_node(e, v) if path == "index.md" else (str(e.tag), tuple(sorted(e.attrib))) for e in want.iter()}
        extra = {_node(e) if path == "index.md" else (str(e.tag), tuple(sorted(e.attrib))) for e in got.iter()} - kinds
        if extra:
            yield f"{path}: elements the placeholder page does not have: {sorted(extra)[:5]}"
        links = {substitute(e.get(a), v) for e in want.iter() for a in ("href", "src") if e.get(a) is not None}
        new_links = {e.get(a) for e in got.iter() for a in ("href", "src") if e.get(a) is not None} - links
        if new_links:
            yield f"{path}: links the placeholder page does not have: {sorted(new_links)[:5]}"
        if path == "index.md":
            a = Counter(normal(substitute(x or "", v)) for e in want.iter() for x in (e.text, e.tail))
            b = Counter(normal(x) for e in got.iter() for x in (e.text, e.tail))
            if a != b:
                yield f"{path}: texts {sorted((b - a).elements())[:5]} instead of {sorted((a - b).elements())[:5]}"
        for drop in ("del", "ins") if path != "index.md" else ():
            a, b = _projection(want, drop, v), _projection(got, drop)
            if a != b:
                at = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
                yield f"{path}: text without <{drop}> reads …{b[max(0, at - 80):at + 80]!r}… instead of " \
                      f"…{a[max(0, at - 80):at + 80]!r}…"
        yield from _json_ld_differences(path, want, got, v)
        return
    want_nodes, got_nodes = list(want.iter()), list(got.iter())
    if len(want_nodes) != len(got_nodes):
        extra = Counter(_node(e) for e in got_nodes) - Counter(_node(e, v) for e in want_nodes)
        yield f"{path}: {len(got_nodes)} elements instead of {len(want_nodes)}; extra: {sorted(extra.elements())[:5]}"
        return
    for w, g in zip(want_nodes, got_nodes):
        where = f"{path}: <{w.tag} {dict(w.attrib)}>"
        if _node(w, v) != _node(g):
            yield f"{where}: became <{g.tag} {dict(g.attrib)}>"
            return
        if _is_json_ld(w):
            yield from _json_ld_differences(path, w, g, v)
        elif normal(substitute(w.text or "", v)) != normal(g.text):
            yield f"{where}: text {normal(g.text)!r} instead of {normal(substitute(w.text or '', v))!r}"
        if normal(substitute(w.tail or "", v)) != normal(g.tail):
            yield f"{where}: tail {normal(g.tail)!r} instead of {normal(substitute(w.tail or '', v))!r}"


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_PLAIN_RUN = {f"{_W}{n}" for n in ("r", "t", "rPr", "pPr", "pStyle", "numPr", "ilvl", "numId", "jc", "spacing",
                                   "ind", "keepNext", "rStyle")}


def _paragraphs(docx: bytes) -> list[tuple[str, tuple[str, ...]]]:
    """Each paragraph of a DOCX: its text, and every element inside it other than plain runs of text (formatting,
    links, fields): the hostile text must add none of these."""
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        root = lxml.etree.fromstring(z.read("word/document.xml"))
    out = []
    for p in root.iter(f"{_W}p"):
        text = "".join(t.text or "" for t in p.iter(f"{_W}t"))
        marks = tuple(sorted(str(e.tag).replace(_W, "w:") for e in p.iter() if e is not p and e.tag not in _PLAIN_RUN))
        out.append((normal(text), marks))
    return out


def docx_differences(name: str, expected: bytes, actual: bytes, v: dict[str, str]) -> list[str]:
    want = [(normal(substitute(t, v)), marks) for t, marks in _paragraphs(expected)]
    got = _paragraphs(actual)
    return [f"{name}, paragraph {i}: {g} instead of {w}" for i, (w, g) in enumerate(zip(want, got)) if w != g] + (
        [f"{name}: {len(got)} paragraphs instead of {len(want)}"] if len(want) != len(got) else [])


def site_differences(mkdocs: Mkdocs, expected: tuple[dict[str, str], dict[str, bytes]], v: dict[str, str],
                     *, docx: bool = False) -> list[str]:
    pages, files = published(v, docx=docx)
    rendered = mkdocs.render(pages)
    want_pages, want_files = expected
    problems = [f"pages: {sorted(rendered)} instead of {sorted(want_pages)}"] if set(rendered) != set(want_pages) else []
    for path in sorted(want_pages):
        problems += differences(path, want_pages[path], rendered.get(path, ""), v)
    for name in sorted(want_files) if docx else ():
        problems += docx_differences(name, want_files[name], files.get(name, b""), v)
    return problems


# --- explicit traps ---------------------------------------------------------------------------------------------

def trap_values(trap: str) -> dict[str, str]:
    """The trap in every source string; the new wording is the trap after a word, so that it differs."""
    v = {f: trap for f in FIELDS}
    v["new_text"] = "Yeni: " + trap
    return values(v)


@pytest.mark.parametrize("trap", sorted(TRAPS))
def test_trap_is_shown_as_written(trap: str, mkdocs: Mkdocs, expected) -> None:
    c = case("text", trap)
    problems = site_differences(mkdocs, expected, trap_values(TRAPS[trap]), docx=True)
    assert check(c, SHOWN_AS_WRITTEN if not problems else "; ".join(problems[:3])) == c.outcome, problems


# --- random text ------------------------------------------------------------------------------------------------

LETTERS = "abcçdeəfgğhxıijkqlmnoöprsştuüvyzABCÇDEƏFGĞHXIİJKQLMNOÖPRSŞTUÜVYZ"
ALPHABET = LETTERS + string.digits + string.punctuation + " \t\n" + "«»“”—–…№"
MARKUP = ("*", "_", "#", "1. ", "\n1. ", "|", ":", "~", "&copy;", "<script>", "</script>", "javascript:",
          "{: onclick=\"x()\" }", "{{ ", " }}", "{% ", " %}", "  \n", "\t", "\n    ", "\n", "[", "](", ")", "<", ">",
          "&", "&#", ";", "`", "\\", "{#", "#}", "<!--", "-->", "![", "<a href=\"", "\">")
hostile = st.lists(st.one_of(st.sampled_from(MARKUP), st.text(ALPHABET, min_size=1, max_size=6)), min_size=1,
                   max_size=10).map("".join).filter(lambda s: bool(s.split()))

# Hypothesis runs a test many times in one call and refuses function-scoped fixtures: the module's renderer and
# expectations reach the property tests through this holder, filled by an autouse fixture.
_SHARED: dict[str, Any] = {}


@pytest.fixture(autouse=True, scope="module")
def _shared(mkdocs: Mkdocs, expected) -> Iterator[None]:
    _SHARED.update(mkdocs=mkdocs, expected=expected)
    yield
    _SHARED.clear()


pages_strings = st.fixed_dictionaries({f: hostile for f in FIELDS})


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pages_strings)
def test_random_text_is_shown_as_written_on_every_page(strings: dict[str, str]) -> None:
    assert site_differences(_SHARED["mkdocs"], _SHARED["expected"], values(strings)) == []


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pages_strings)
def test_random_text_is_shown_as_written_in_the_downloads(strings: dict[str, str]) -> None:
    assert site_differences(_SHARED["mkdocs"], _SHARED["expected"], values(strings), docx=True) == []


def test_structured_data_cannot_swallow_the_page(mkdocs: Mkdocs, expected) -> None:
    c = case("text", "json-ld-script-escape")
    problems = site_differences(mkdocs, expected, trap_values("Mətn <!--<script> son"))
    assert check(c, SHOWN_AS_WRITTEN if not problems else "; ".join(problems[:2])) == SHOWN_AS_WRITTEN, problems


def test_random_case_is_recorded() -> None:
    """The property tests above are the `random` case of the table; they fail on their own when they fail."""
    c = case("text", "random")
    assert check(c, SHOWN_AS_WRITTEN) == c.outcome


# --- the full build: page titles and the search index -----------------------------------------------------------

FULL_TRAP = TRAPS["raw-html"] + " " + TRAPS["entity"]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    """Two real builds (`build_site`, mkdocs and its theme included): placeholders, and the raw-HTML trap."""
    from generator.site import build_site

    out = {}
    for name, v in (("expected", PLACEHOLDERS), ("hostile", trap_values(FULL_TRAP))):
        project = tmp_path_factory.mktemp(f"project-{name}")
        write_project(project, v)
        shutil.copytree(ROOT / "site", project / "site")
        shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
        build_site(load_and_consolidate(project), project, project / "out", AS_OF)
        out[name] = project / "out"
    return out


def _page_head(page: Path) -> tuple[str, Counter]:
    """A built page's title text and its elements outside the article (the theme's frame around the content)."""
    doc = lxml.html.document_fromstring(page.read_text(encoding="utf-8"))
    for article in doc.iter("article"):
        article.clear()
    title = doc.find(".//title")
    return normal(title.text_content() if title is not None else ""), Counter(_node(e)[0] for e in doc.iter())


def test_full_build_article_content_matches_the_placeholder_build(built: dict[str, Path]) -> None:
    """The build itself (not only the page functions): each article is the placeholder one with the trap in it."""
    v = trap_values(FULL_TRAP)
    problems = []
    for page in sorted(built["expected"].rglob("akn/**/index.html")):
        rel = page.relative_to(built["expected"])
        want = lxml.html.document_fromstring(page.read_text(encoding="utf-8")).find(".//article")
        got = lxml.html.document_fromstring((built["hostile"] / rel).read_text(encoding="utf-8")).find(".//article")
        problems += differences(str(rel), lxml.html.tostring(want, encoding="unicode"),
                                lxml.html.tostring(got, encoding="unicode"), v)
    assert problems == []


def test_page_titles_and_headers_show_source_text_as_written(built: dict[str, Path]) -> None:
    c = case("text", "page-title")
    problems = []
    for page in sorted(built["expected"].rglob("akn/**/index.html")):
        rel = page.relative_to(built["expected"])
        (want_title, want_elements), (got_title, got_elements) = _page_head(page), _page_head(built["hostile"] / rel)
        if got_elements != want_elements:
            problems.append(f"{rel}: elements added around the article: {sorted((got_elements - want_elements))}")
        expected_title = normal(substitute(want_title, trap_values(FULL_TRAP)))
        if got_title != expected_title:
            problems.append(f"{rel}: <title> {got_title!r} instead of {expected_title!r}")
    assert check(c, SHOWN_AS_WRITTEN if not problems else "; ".join(problems[:2])) == SHOWN_AS_WRITTEN, problems


def test_search_entries_are_text_as_the_theme_reads_them(built: dict[str, Path]) -> None:
    """The search index (Pagefind's fragments, issue 7) holds the source text as written: titles, section
    headings and text, once the folded forms the index adds are taken away (as the browser's script shows them;
    it writes them as text nodes, and test_browser.py checks a hostile snippet in Chromium)."""
    from generator.search_index import fragments, unfolded

    c = case("text", "search-index")
    v = trap_values(FULL_TRAP)
    index, expected = fragments(built["hostile"]), fragments(built["expected"])
    problems = [] if index.keys() == expected.keys() and expected else [f"pages: {sorted(index)} {sorted(expected)}"]
    for url, want in expected.items():
        got = index.get(url, {"meta": {}, "content": "", "anchors": []})
        pairs = [("title", want["meta"].get("title", ""), got["meta"].get("title", "")),
                 ("content", unfolded(want["content"]), unfolded(got["content"]))]
        pairs += [(f"#{a['id']}", unfolded(a["text"]), unfolded(b["text"])) for a, b in zip(want["anchors"], got["anchors"])]
        for key, w, g in pairs:  # Pagefind ends a heading with "." unless it ends with punctuation: not compared
            if re.sub(r"\.(?=\s|$)", "", normal(g)) != re.sub(r"\.(?=\s|$)", "", normal(substitute(w, v))):
                problems.append(f"{url} {key}: {g[:80]!r}")
    assert check(c, SHOWN_AS_WRITTEN if not problems else "; ".join(problems[:2])) == SHOWN_AS_WRITTEN, problems


def test_every_text_case_has_a_test() -> None:
    from hostile_cases import cases
    known = {"page-title", "search-index", "json-ld-script-escape"}
    assert {c.id for c in cases("text")} == set(TRAPS) | {"random"} | known
    assert not [c.id for c in cases("text") if c.outcome == KNOWN_BUG]
