"""DOCX and PDF through pandoc: Azerbaijani letters survive, notes are real footnotes, nothing is markup.

Needs Debian's poppler-utils (pdftotext, pdffonts) and fonts-dejavu-core; LibreOffice
(libreoffice-writer-nogui) for the "opens in Word-compatible software" check, which is skipped when
it is missing unless CI is set.
"""
from __future__ import annotations

import datetime as dt
import io
import os
import re
import shutil
import subprocess
import json
import zipfile

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import pandoc_markdown_reference as markdown_reference
from generator.cli import main
from generator.load import clean
from generator.model import Act
from generator.render import docx, pandoc
from generator.render.layout import Block, header_rows, layout

REGULATION = ("nk-2024-21", dt.date(2024, 1, 13))
CRITERIA = ("vn-kollegiya-2019-191705000007900", dt.date(2020, 8, 3))
AZ_LETTERS = "əşğıçöü"


def _need(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(f"`{tool}` is missing: CI must install it (see this module's docstring)")
        pytest.skip(f"`{tool}` is not installed")
    return path


def _blocks(corpus, act_id: str, day: dt.date) -> list[Block]:
    h = corpus.histories[act_id]
    return layout(h, h.at(day), day, corpus.acts)


def _provision(corpus, act_id: str, day: dt.date, doc: str, num: str):
    return corpus.histories[act_id].at(day).document(doc).find(num)


@pytest.fixture(scope="module")
def regulation_pdf(corpus, tmp_path_factory) -> bytes:
    return docx.to_pdf(_blocks(corpus, *REGULATION), "nk-2024-21")


@pytest.fixture(scope="module")
def criteria_docx(corpus) -> bytes:
    return docx.to_docx(_blocks(corpus, *CRITERIA), "criteria")


def _pdftotext(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "x.pdf"
    path.write_bytes(pdf)
    out = subprocess.run([_need("pdftotext"), "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True,
                         timeout=60).stdout.decode("utf-8")
    lines = [line for line in out.replace("\f", "\n").splitlines() if not line.strip().isdigit()]  # page numbers
    return " ".join(" ".join(lines).split())


# --- PDF -------------------------------------------------------------------------------------

def test_pdf_holds_the_regulation_5_9_4_with_azerbaijani_letters(corpus, regulation_pdf, tmp_path):
    text = _pdftotext(regulation_pdf, tmp_path)
    wording = _provision(corpus, *REGULATION, "esasname", "5.9.4").text
    assert f"5.9.4. {wording}" in text
    # 5.9.4 has every letter but ü; the rest of 5.9 (meetings: 5.9.1 “üzvlərindən”) has it
    meetings = [_provision(corpus, *REGULATION, "esasname", f"5.9.{i}").text for i in range(1, 6)]
    assert set(AZ_LETTERS) <= set(" ".join(meetings)) and set(AZ_LETTERS) - {"ü"} <= set(wording)
    for i, clause in enumerate(meetings, 1):
        assert f"5.9.{i}. {clause}" in text
    assert "ƏSASNAMƏ" in text  # capital schwa: the letter Latin Modern drops


def test_pdf_embeds_dejavu_serif_only(regulation_pdf, tmp_path):
    path = tmp_path / "x.pdf"
    path.write_bytes(regulation_pdf)
    listing = subprocess.run([_need("pdffonts"), str(path)], capture_output=True, text=True, check=True).stdout
    fonts = listing.splitlines()[2:]
    assert fonts and all(re.match(r"[A-Z]{6}\+DejaVuSerif(-Bold|-Italic|-BoldItalic)?\s", line) for line in fonts), listing
    assert all(re.search(r"\byes\s+yes\s+yes\b", line) for line in fonts), listing  # embedded, subset, unicode


def test_pdf_sets_notes_as_page_footnotes(corpus, tmp_path):
    pdf = docx.to_pdf(_blocks(corpus, *CRITERIA), "criteria")
    text = _pdftotext(pdf, tmp_path)
    notes = corpus.histories[CRITERIA[0]].at(CRITERIA[1]).notes
    for note in notes:
        assert f"{note.number}. {note.entries[0].text}" in text
    assert "QƏRARA EDİLMİŞ DƏYİŞİKLİK VƏ ƏLAVƏLƏRİN SİYAHISI" not in text  # footnotes replace the list
    assert "İSTİFADƏ OLUNMUŞ MƏNBƏ SƏNƏDLƏRİNİN SİYAHISI" in text


def test_a_pdf_footnote_carries_its_notes_own_number(tmp_path):
    """Note 1 has no marker in the text, so the first footnote is note 2: it says 2, as the HTML does."""
    blocks = [Block("title", "Sınaq qərarı"), Block("provision", "Birinci bənd.", num="1", note=2, doc="body"),
              Block("list_heading", "DƏYİŞİKLİKLƏRİN SİYAHISI"),
              Block("note", num="1", lines=("Birinci qeyd.",), previous=(None,)),
              Block("note", num="2", lines=("İkinci qeyd.",), previous=(None,))]
    text = " ".join(_pdftotext(docx.to_pdf(blocks, "sınaq"), tmp_path).split())
    assert "Birinci bənd.2" in text and "2. İkinci qeyd." in text and "1. İkinci qeyd." not in text
    assert "[1] Birinci qeyd." in text  # the unplaced note, listed at the end


def test_a_pdf_does_not_depend_on_what_was_set_before_it(tmp_path):
    """Each thread keeps one Typst compiler, and writes each version over its main file: a version set after
    others (one of the very same length among them), or in a new thread (a compiler of its own), has the bytes it
    has when set first."""
    from concurrent.futures import ThreadPoolExecutor
    from generator.render import pdf

    first, second, twin = (pdf.to_typst([Block("title", title), Block("provision", text, num="1", doc="body")], title)
                           for title, text in (("Bir", "Mətn – 1234567."), ("İki", "Başqa mətn, çox-çox uzun. " * 400),
                                               ("Bir", "Mətn – 7654321.")))
    assert len(first.encode()) == len(twin.encode()) and first != twin
    alone = pdf.compile_typst(first)
    pdf.compile_typst(second)
    assert pdf.compile_typst(first) == alone
    made = pdf.compile_typst(twin)  # at once, the same size: read again all the same
    assert made != alone and "7654321" in _pdftotext(made, tmp_path)
    with ThreadPoolExecutor(1) as pool:
        assert pool.submit(pdf.compile_typst, first).result() == alone


# --- DOCX ------------------------------------------------------------------------------------

def _xml(docx_bytes: bytes, name: str) -> str:
    return zipfile.ZipFile(io.BytesIO(docx_bytes)).read(name).decode("utf-8")


def _paragraph_texts(xml: str) -> list[str]:
    return ["".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", p)) for p in re.findall(r"<w:p[ >].*?</w:p>", xml, re.S)]


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_W_CHARACTERS = {f"{_W}softHyphen": "\u00ad", f"{_W}noBreakHyphen": "\u2011"}  # characters Word keeps as elements


def _word_paragraphs(docx_bytes: bytes, part: str) -> list[str]:
    """Each paragraph's text as Word shows it (its runs' text and character elements), from a DOCX part."""
    import lxml.etree

    root = lxml.etree.fromstring(zipfile.ZipFile(io.BytesIO(docx_bytes)).read(part))
    return ["".join(e.text or "" if e.tag == f"{_W}t" else _W_CHARACTERS.get(e.tag, "") for e in p.iter())
            for p in root.iter(f"{_W}p")]


def _footnotes(docx_bytes: bytes) -> list[str]:
    xml = _xml(docx_bytes, "word/footnotes.xml")
    notes = re.findall(r'<w:footnote w:id="\d+">(.*?)</w:footnote>', xml, re.S)
    return [" ".join(" ".join(_paragraph_texts(n)).split()) for n in notes]


def test_docx_has_the_four_criteria_notes_as_footnotes(corpus, criteria_docx):
    notes = corpus.histories[CRITERIA[0]].at(CRITERIA[1]).notes
    assert len(notes) == 4
    assert _footnotes(criteria_docx) == [n.entries[0].text for n in notes]
    document = _xml(criteria_docx, "word/document.xml")
    assert document.count("<w:footnoteReference ") == 4


def test_docx_footnote_markers_stand_at_the_end_of_the_changed_provisions(criteria_docx):
    document = _xml(criteria_docx, "word/document.xml")
    marked = [p for p in re.findall(r"<w:p[ >].*?</w:p>", document, re.S) if "<w:footnoteReference " in p]
    numbers = [re.match(r"\s*([\d.]+)", "".join(_paragraph_texts(p))).group(1) for p in marked]
    assert numbers == ["2.4.2.", "2.5.", "2.6.", "2.7."]
    assert all(p.rstrip().endswith("</w:r></w:p>") and p.rfind("footnoteReference") > p.rfind("<w:t") for p in marked)


def test_docx_structure_numbers_as_printed_headings_and_depth_styles(criteria_docx):
    document = _xml(criteria_docx, "word/document.xml")
    paragraphs = re.findall(r"<w:p[ >].*?</w:p>", document, re.S)

    def style_of(prefix: str) -> str:
        p = next(p for p in paragraphs if "".join(_paragraph_texts(p)).startswith(prefix))
        return re.search(r'<w:pStyle w:val="([^"]+)"', p).group(1)

    assert style_of("2. “KOB klaster şirkəti”nin meyarları").startswith("Heading")  # hissə: a Word heading
    assert style_of("2.4. ") == "Provision1"
    assert style_of("2.4.2. ") == "Provision2"
    assert style_of("2.1.4.1. ") == "Provision3"
    assert "<w:tbl>" in document  # the State Register header table
    text = " ".join(_paragraph_texts(document))
    assert "İSTİFADƏ OLUNMUŞ MƏNBƏ SƏNƏDLƏRİNİN SİYAHISI" in text
    styles = _xml(criteria_docx, "word/styles.xml")
    assert 'w:styleId="Provision2"' in styles


def test_docx_opens_in_libreoffice_headless(criteria_docx, tmp_path):
    soffice = _need("soffice")
    src = tmp_path / "criteria.docx"
    src.write_bytes(criteria_docx)
    profile = (tmp_path / "profile").as_uri()  # a fresh profile: no state shared with a running LibreOffice
    subprocess.run([soffice, "--headless", "--norestore", f"-env:UserInstallation={profile}", "--convert-to",
                    "txt:Text (encoded):UTF8", "--outdir", str(tmp_path), str(src)],
                   capture_output=True, check=True, timeout=180)
    text = (tmp_path / "criteria.txt").read_text(encoding="utf-8-sig")
    assert "2.4.2. əməliyyatların tam həcmdə" in text
    assert "Dövlət Vergi Xidməti" in text


# --- escaping, sandbox, time limit -------------------------------------------------------------

HOSTILE = ("**bold** <script>alert(1)</script> [link](http://example.com) ![img](/etc/hostname) [^1] "
           "$x^2$ \\textbf{tex} `code` ~~struck~~ @cite {.class} -- ... \"quoted\" 'single' | pipe")


def test_source_text_is_never_read_as_markup():
    blocks = [Block("title", HOSTILE), Block("provision", HOSTILE, num="1", depth=0),
              Block("header", rows=((HOSTILE, HOSTILE),))]
    made = docx.to_docx(blocks, "t")
    document = _xml(made, "word/document.xml")
    for tag in ("<w:hyperlink", "<w:drawing", "<w:footnoteReference", "<w:strike", "<m:oMath", "<w:fldSimple",
                "<w:instrText", "<w:i />", "<w:rStyle w:val=\"VerbatimChar\""):
        assert tag not in document, tag
    assert document.count("<w:b />") == 1  # the provision's number, and nothing from the text
    texts = _word_paragraphs(made, "word/document.xml")
    # title, provision and both header cells: every character as written (no smart quotes, no dashes)
    assert sum(t.count(HOSTILE) for t in texts) == 4, texts
    assert f"1. {HOSTILE}" in texts


# --- the pandoc document against the Markdown route it replaced ------------------------------------------------

def _read_by_pandoc(markdown: str) -> list:
    """The document pandoc's Markdown reader builds from the old route's Markdown (its blocks, as JSON)."""
    return json.loads(pandoc.run_pandoc(["-f", docx._READER, "-t", "json"], markdown.encode("utf-8")))["blocks"]


def _built(blocks: list[Block]) -> list:
    return json.loads(json.dumps(docx.pandoc_blocks(blocks)))  # tuples as lists, as pandoc's JSON has them


def test_every_version_of_the_real_acts_is_the_document_the_markdown_gave(corpus):
    versions = [layout(h, v, dt.date(2026, 1, 1), corpus.acts) for _, h in sorted(corpus.histories.items())
                for v in h.versions]
    assert len(versions) >= 6
    for blocks in versions:
        assert _built(blocks) == _read_by_pandoc(markdown_reference.to_pandoc_markdown(blocks))


def test_the_docx_of_a_version_has_the_bytes_the_markdown_route_gave(corpus):
    from generator.render.wordml import normalise_zip

    for act in (CRITERIA, REGULATION):
        blocks = _blocks(corpus, *act)
        old = docx.markdown_to_docx(markdown_reference.to_pandoc_markdown(blocks), title=act[0])
        assert normalise_zip(docx.to_docx(blocks, act[0])) == normalise_zip(old)


_CHARACTERS = st.characters(codec="utf-8", exclude_categories=("Cc", "Cs"))  # what YAML and XML sources can hold
_source_text = (st.text(_CHARACTERS, max_size=24) | st.text(st.sampled_from(list(HOSTILE + "\u00a0əİ“”")), max_size=24)
                | st.sampled_from([HOSTILE, ""])).map(clean)  # whitespace collapsed, as the loader does
_number = st.from_regex(r"[0-9]{1,2}(\.[0-9]{1,2}){0,3}", fullmatch=True) | _source_text
_marker = st.none() | st.integers(1, 6)
_ACT = Act(id="x", type="qərar", adopted=dt.date(2020, 1, 1), path="acts/x.yaml")  # only its header labels are used
_body_block = st.one_of(
    st.builds(Block, st.sampled_from(["status", "title", "enacting", "para", "stamp", "list_heading"]), _source_text,
              note=_marker),
    st.builds(lambda text, num, heading, depth, note: Block("provision", text, num=num, heading=heading, depth=depth,
                                                            note=note),
              _source_text, _number, st.none() | _source_text, st.integers(0, 7), _marker),
    st.builds(lambda lines: Block("signature", lines=tuple(lines)), st.lists(_source_text, max_size=3)),
    st.builds(lambda text, num: Block("source", text, num=num), _source_text, _number),
)
_old_wording = st.none() | st.text(st.sampled_from(list("ab ə.*[]\n\t\u00a0")), max_size=16)


@st.composite
def _versions(draw) -> list[Block]:
    blocks = [Block("header", rows=tuple((label, draw(_source_text)) for label, _ in header_rows(_ACT)))]
    blocks += draw(st.lists(_body_block, max_size=10))
    numbers = draw(st.lists(st.integers(1, 6), unique=True, max_size=4))
    if numbers and draw(st.booleans()):
        blocks.append(Block("list_heading", draw(_source_text)))
    for n in numbers:
        lines = draw(st.lists(_source_text.filter(bool), min_size=1, max_size=3))  # qanun's own wording: never empty
        previous = tuple(draw(_old_wording) for _ in lines)
        blocks.append(Block("note", num=str(n), note=n if draw(st.booleans()) else None, lines=tuple(lines),
                            previous=previous))
    return blocks


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_versions())
def test_any_version_is_the_document_the_markdown_gave(blocks):
    """Any text in any block, notes placed or not: the document qanun builds is, element for element, the one
    pandoc read from the escaped Markdown that made the DOCX before."""
    assert _built(blocks) == _read_by_pandoc(markdown_reference.to_pandoc_markdown(blocks))



# Any text a source can hold: YAML and XML refuse control characters and U+FFFE/U+FFFF; the loader collapses
# whitespace (load.clean).
_any_text = st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs"), exclude_characters="\ufffe\uffff"),
                    min_size=1, max_size=40).map(clean).filter(bool)


def _visible(text: str) -> str:
    """Text without its soft hyphens: pandoc's DOCX writer makes each a Word soft hyphen, but drops one that ends a
    word or follows another (hypothesis found it). A soft hyphen is invisible, a hint where a line may break."""
    return text.replace("\u00ad", "")


def test_a_soft_hyphen_inside_a_word_stays_in_the_docx():
    made = docx.to_docx([Block("provision", "hesab\u00adfakturası", num="1", depth=0)], "t")
    assert "1. hesab\u00adfakturası" in _word_paragraphs(made, "word/document.xml")


@settings(max_examples=80, deadline=None)
@given(_any_text, _any_text, _any_text, _any_text)
def test_any_source_text_stands_in_the_docx_exactly_as_written(title, text, cell, note):
    """The act's title, a provision, a header cell and a note's text are each, character for character, the text of
    their Word paragraph (the provision after its number; the note after its footnote mark)."""
    blocks = [Block("header", rows=(("ADI", cell),)), Block("title", title),
              Block("provision", text, num="1", depth=0, note=1),
              Block("list_heading", "SİYAHI"), Block("note", num="1", note=1, lines=(note,), previous=(None,))]
    made = docx.to_docx(blocks, "t")
    body = [_visible(p) for p in _word_paragraphs(made, "word/document.xml")]
    assert _visible(title) in body and _visible(f"1. {text}") in body and _visible(cell) in body, body
    notes = [_visible(p).strip() for p in _word_paragraphs(made, "word/footnotes.xml")]
    assert _visible(note) in notes, notes


def test_source_text_is_set_in_the_pdf_exactly_as_written(tmp_path):
    """Typst reads every source text as a string: no markup, no code, none of its shorthands (“...” → “…”,
    “-?” → soft hyphen, “-5” → minus sign, “--” → dash, smart quotes) and no file or package is read."""
    from generator.render import pdf

    typst_traps = ('#import "@preview/x:0.1.0" #read("/etc/hostname") #image("x.png") ... -? -5 --- ~ '
                   "\\ \\\" $x$ <label> @ref = + / // /* */ ' \"")
    blocks = [Block("title", HOSTILE), Block("provision", f"{HOSTILE} {typst_traps}", num="1", depth=0),
              Block("header", rows=((HOSTILE, typst_traps),))]
    source = pdf.to_typst(blocks, HOSTILE)
    assert "#import" not in source.replace('#import \\"@preview', "")  # only inside a string literal
    text = "".join(_pdftotext(docx.to_pdf(blocks, HOSTILE), tmp_path).split())  # lines break at “/” and “!”
    assert text.count("".join(HOSTILE.split())) == 3 and text.count("".join(typst_traps.split())) == 2, text


def test_pdf_is_deterministic(corpus):
    blocks = _blocks(corpus, *CRITERIA)
    assert docx.to_pdf(blocks, "criteria") == docx.to_pdf(blocks, "criteria")


def test_typst_cache_is_aged_out_after_each_share_of_source(corpus, monkeypatch):
    """Typst keeps what the last ten compiles memoized (10 GB for ten versions of a Tax-Code-sized act): after every
    AGE_AFTER_BYTES of source, AGE_ROUNDS empty documents age it out. The PDF is the same either way."""
    from generator.render import pdf

    blocks = _blocks(corpus, *CRITERIA)
    source = pdf.to_typst(blocks, "criteria", pdf._fonts()[1])
    before = docx.to_pdf(blocks, "criteria")
    compiled: list[int] = []
    real = pdf._compile

    def counted(text: str) -> bytes:
        compiled.append(len(text))
        return real(text)
    monkeypatch.setattr(pdf, "_compile", counted)
    monkeypatch.setattr(pdf, "AGE_AFTER_BYTES", len(source) + 1)
    monkeypatch.setattr(pdf, "_unaged", [0])
    assert docx.to_pdf(blocks, "criteria") == before
    assert compiled == [len(source)]  # not yet a whole share: nothing aged
    assert docx.to_pdf(blocks, "criteria") == before
    assert compiled == [len(source)] * 2 + [0] * pdf.AGE_ROUNDS
    assert pdf._unaged == [0]
    assert docx.to_pdf(blocks, "criteria") == before  # and the count starts again
    assert compiled[-1] == len(source) and pdf._unaged == [len(source)]


@pytest.fixture
def pandoc_only(monkeypatch):
    """Every DOCX made by pandoc: render/wordml.py writes none."""
    from generator.render import wordml

    monkeypatch.setattr(wordml, "to_docx", lambda document, title: None)


def test_docx_batch_gives_the_same_bytes_as_one_run_per_file(corpus, monkeypatch):
    """pandoc's batch, pandoc run file by file and render/wordml.py (the route taken) give the same bytes."""
    from generator.render import wordml

    versions = [(_blocks(corpus, *CRITERIA), "criteria"), (_blocks(corpus, *REGULATION), "nk-2024-21")]
    written = [docx.to_docx(b, t) for b, t in versions]
    assert written == [wordml.to_docx(docx.pandoc_blocks(b), t) for b, t in versions]
    monkeypatch.setattr(wordml, "to_docx", lambda document, title: None)
    batch = docx.to_docx_many(versions)
    assert batch == [docx.to_docx(b, t) for b, t in versions] == written
    assert len(_footnotes(batch[0])) == 4


def test_docx_batches_are_bounded_by_size_as_well_as_count(corpus, monkeypatch, pandoc_only):
    """A code's version is megabytes of JSON and pandoc holds a whole batch in memory: batches stop at BATCH_BYTES
    of documents (a larger one goes alone) as well as at BATCH_SIZE documents, with the same bytes."""
    from generator.render.wordml import normalise_zip

    versions = [(_blocks(corpus, *CRITERIA), "criteria"), (_blocks(corpus, *REGULATION), "nk-2024-21")] * 3
    sizes = [len(docx.to_pandoc_json(blocks)) for blocks, _title in versions]
    batches: list[int] = []
    real = docx.convert_batch

    def counted(requests, timeout):
        batches.append(len(requests))
        return real(requests, timeout)
    monkeypatch.setattr(docx, "convert_batch", counted)
    whole = docx.to_docx_many(versions)
    assert batches == [6]
    batches.clear()
    monkeypatch.setattr(docx, "BATCH_BYTES", sizes[0] + sizes[1])  # two documents fit, a third does not
    assert [normalise_zip(d) for d in docx.to_docx_many(versions)] == [normalise_zip(d) for d in whole]
    assert batches == [2, 2, 2]
    batches.clear()
    monkeypatch.setattr(docx, "BATCH_BYTES", 1)  # every document is larger: each goes alone
    monkeypatch.setattr(docx, "BATCH_SIZE", 4)
    assert len(docx.to_docx_many(versions)) == 6 and batches == [1] * 6
    batches.clear()
    monkeypatch.setattr(docx, "BATCH_BYTES", 10**9)
    assert len(docx.to_docx_many(versions)) == 6 and batches == [4, 2]


def test_docx_batch_falls_back_to_one_run_per_file_where_pandoc_cannot_serve(corpus, monkeypatch, pandoc_only):
    from generator.render.wordml import normalise_zip

    def unavailable(*args, **kwargs):
        raise pandoc.ServerUnavailable("pandoc did not answer as pandoc-server.cgi")

    monkeypatch.setattr(docx, "convert_batch", unavailable)
    versions = [(_blocks(corpus, *CRITERIA), "criteria")] * 2
    made = docx.to_docx_many(versions)
    assert [normalise_zip(d) for d in made] == [normalise_zip(docx.to_docx(*versions[0]))] * 2


def test_a_binary_that_is_not_a_cgi_program_is_recognised():
    with pytest.raises(pandoc.ServerUnavailable):
        pandoc._cgi_body(b"<p>{&quot;text&quot;: ...}</p>\n")


def test_docx_batch_reports_a_failed_conversion():
    with pytest.raises(pandoc.RenderError, match="pandoc failed"):
        pandoc.convert_batch([{"text": "x", "from": "no-such-format", "to": "docx"}])


def test_docx_batch_runs_pandoc_server_under_a_time_limit(monkeypatch):
    """The batch is one pandoc-server request (PandocPure: no I/O), in a process killed at its time limit."""
    big = {"text": "Mətn *söz* [bax](x) " * 200_000, "from": "markdown", "to": "docx"}
    with pytest.raises(pandoc.RenderError, match="longer than"):
        pandoc.convert_batch([big], timeout=0.2)


def test_pandoc_server_reads_no_files():
    """A local image named in the text is not read into the document by the batch route either."""
    import base64

    out = pandoc.convert_batch([{"text": "![x](/etc/hostname)\n", "from": "markdown", "to": "docx"}])[0]
    names = zipfile.ZipFile(io.BytesIO(out)).namelist()
    assert not [n for n in names if n.startswith("word/media/")]
    assert base64  # (the answer came base64-encoded and was decoded)


def test_pandoc_runs_sandboxed():
    """A local image is not read into the document: pandoc may read only the files named to it."""
    out = pandoc.run_pandoc(["-f", "markdown", "-t", "docx", "-o", "-"], b"![x](/etc/hostname)\n")
    names = zipfile.ZipFile(io.BytesIO(out)).namelist()
    assert not [n for n in names if n.startswith("word/media/")]


def test_pandoc_is_stopped_at_its_time_limit():
    with pytest.raises(pandoc.RenderError, match="longer than"):
        pandoc.run_pandoc(["-f", "markdown", "-t", "docx", "-o", "-"], b"x\n" * 200_000, timeout=0.01)


# --- CLI ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_binary_formats_need_output(fmt, capsys, root):
    assert main(["-C", str(root), "text", "nk-2024-21", "--format", fmt]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--output" in err


def test_cli_writes_docx(tmp_path, root):
    out = tmp_path / "criteria.docx"
    assert main(["-C", str(root), "text", CRITERIA[0], "--at", "2020-08-03", "--format", "docx", "--output", str(out)]) == 0
    assert len(_footnotes(out.read_bytes())) == 4


def test_cli_writes_pdf(tmp_path, root):
    out = tmp_path / "regulation.pdf"
    assert main(["-C", str(root), "text", "nk-2024-21", "--at", "2024-01-13", "--format", "pdf", "--output", str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF-")


def _string_one_character_at_a_time(text: str) -> str:
    """pdf.string as first written (a loop over the characters): the reference for the faster one."""
    out = []
    for ch in " ".join(text.split()):
        if ch in '\\"':
            out.append("\\" + ch)
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{{{ord(ch):x}}}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


@settings(max_examples=500, deadline=None)
@given(st.text(st.characters(codec="utf-8")) | st.text(st.sampled_from('\\"\x00\x01\x1b\x7f\t\n\x1c \u00a0əİ“”#$[]')))
def test_a_typst_string_is_what_the_character_loop_gave(text):
    from generator.render.pdf import string

    assert string(text) == _string_one_character_at_a_time(text)


def _words_by_one_regex(text: str) -> str:
    """pdf.words as first written (one regular expression finding whole hyphenated words): the reference for the
    faster one."""
    from generator.render.pdf import _literal

    text = " ".join(text.split())
    parts, at = [], 0
    for word in re.finditer(r"\S*\w-\w\S*", text):
        if word.start() > at:
            parts.append(_literal(text[at:word.start()]))
        parts.append(f"box({_literal(word.group())})")
        at = word.end()
    if not parts:
        return _literal(text)
    if at < len(text):
        parts.append(_literal(text[at:]))
    return "(" + " + ".join(parts) + ")"


@settings(max_examples=1000, deadline=None)
@given(st.text(st.sampled_from('aə1--- \t\u00a0"\\\x01_.')) | st.text(st.characters(codec="utf-8")))
@example("1-ci-2-ci 3-cü-4 -a- a- -a a-b")
def test_typst_words_are_what_the_one_regex_gave(text):
    from generator.render.pdf import words

    assert words(text) == _words_by_one_regex(text)


def test_no_line_of_the_pdf_breaks_inside_a_hyphenated_word(tmp_path):
    """“2020-ci”, “vergi-hüquq”: Typst would break a line after the hyphen, and text tools would read two words.
    A provision, a note and a header cell where such words fall at every place in a line: each is read whole."""
    text = " ".join(f"{'ş' * (k % 17 + 1)} 2020-ci vergi-hüquq" for k in range(60))
    blocks = [Block("header", rows=(("ADI", text),)), Block("provision", text, num="1", depth=1, note=1),
              Block("list_heading", "SİYAHI"), Block("note", num="1", note=1, lines=(text,), previous=(text,))]
    path = tmp_path / "x.pdf"
    path.write_bytes(docx.to_pdf(blocks, "t"))
    out = subprocess.run([_need("pdftotext"), "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True,
                         timeout=60).stdout.decode("utf-8")
    read = " ".join(out.split())  # the provision's last word has the footnote mark after it
    assert read.count(" 2020-ci ") == read.count(" vergi-hüquq") == 4 * 60
    assert not [line for line in out.splitlines() if line.rstrip().endswith(("2020-", "vergi-"))]
