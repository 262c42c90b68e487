"""render/wordml.py writes a version's DOCX with exactly the bytes pandoc gives: pandoc is the oracle throughout."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.render import docx, wordml
from generator.render.layout import Block, layout
from generator.render.pandoc import api_version, convert_batch
from generator.render.wordml import normalise_zip

ROOT = Path(__file__).resolve().parent.parent


def _by_pandoc(documents: list[tuple[list[dict], str]]) -> list[bytes]:
    """pandoc's DOCX of each (blocks, title), normalised as every DOCX qanun publishes is."""
    requests = [docx._docx_request(json.dumps({"pandoc-api-version": api_version(), "meta": {}, "blocks": blocks},
                                              ensure_ascii=False), title) for blocks, title in documents]
    return [normalise_zip(made) for made in convert_batch(requests)]


def test_the_writer_is_used_with_the_pinned_pandoc():
    """pandoc and the writer agree on the probe, every element and quirk the writer knows: it is switched on."""
    assert wordml.package() is not None


def _documents(corpus) -> list[tuple[list[dict], str]]:
    return [(docx.pandoc_blocks(layout(h, v, v.start, corpus.acts)), h.act.title or act_id)
            for act_id, h in sorted(corpus.histories.items()) for v in h.versions]


def test_every_version_of_the_real_acts_has_pandocs_bytes(corpus):
    documents = _documents(corpus)
    written = [wordml.to_docx(blocks, title) for blocks, title in documents]
    assert len(written) >= 6 and None not in written
    assert written == _by_pandoc(documents)


def test_every_version_of_a_synthetic_register_has_pandocs_bytes(tmp_path, monkeypatch):
    """benchmarks/corpus.py: every change kind, headed articles, notes on titles and in lists, a small code."""
    import sys

    from generator.pipeline import load_and_consolidate

    sys.path.insert(0, str(ROOT / "benchmarks"))
    import corpus as synthetic

    for name, value in {"TAX_PROVISIONS": 120, "TAX_CHAPTERS": 3, "TAX_ARTICLES": 20, "TAX_AMENDING": 12,
                        "TAX_CHANGES": 60}.items():
        monkeypatch.setattr(synthetic, name, value)
    synthetic.generate(tmp_path, 12, seed=3)
    documents = _documents(load_and_consolidate(tmp_path))
    written = [wordml.to_docx(blocks, title) for blocks, title in documents]
    assert len(written) >= 40 and None not in written
    assert written == _by_pandoc(documents)


def test_a_writer_that_disagrees_with_pandoc_is_not_used(monkeypatch, corpus):
    """Were pandoc to write the footnote mark otherwise (another version), the probe differs: pandoc makes every DOCX."""
    monkeypatch.setattr(wordml, "_FOOTNOTE_REF", wordml._FOOTNOTE_REF.replace("\n", ""))
    wordml.package.cache_clear()
    try:
        assert wordml.package() is None
        blocks = [Block("title", "Başlıq", note=1), Block("note", num="1", note=1, lines=("Qeyd.",), previous=(None,))]
        assert wordml.to_docx(docx.pandoc_blocks(blocks), "t") is None
        assert docx.to_docx(blocks, "t") == _by_pandoc([(docx.pandoc_blocks(blocks), "t")])[0]
    finally:
        monkeypatch.undo()
        wordml.package.cache_clear()


@pytest.mark.parametrize("document", [
    [{"t": "Para", "c": [{"t": "Emph", "c": [{"t": "Str", "c": "x"}]}]}],
    [{"t": "BulletList", "c": [[{"t": "Plain", "c": [{"t": "Str", "c": "x"}]}]]}],
    [{"t": "Div", "c": [["", [], [["custom-style", "No Such Style"]]], [{"t": "Para", "c": [{"t": "Str", "c": "x"}]}]]}],
    [{"t": "Para", "c": [{"t": "Strong", "c": [{"t": "Strikeout", "c": [{"t": "Str", "c": "x"}]}]}]}],
    [{"t": "Header", "c": [1, ["id", [], []], [{"t": "Str", "c": "x"}]]}],
])
def test_what_the_writer_does_not_know_goes_to_pandoc(document):
    assert wordml.to_docx(document, "t") is None


# --- generated documents --------------------------------------------------------------------------

_LETTERS = "aəbcçdeğhıiİjkqlmnoöprsştuüvxyzƏŞĞÇÖÜ0123456789.,;:()-–“”«»"
_TRAPS = "&<>\"'\u00ad\u00a0\u2011\x01\x0b\ufffe\U0001F600*_[]\\#"  # XML specials, soft hyphens, invalid characters
_word = st.text(st.sampled_from(_LETTERS + _TRAPS), min_size=1, max_size=8)
_text = st.lists(_word, max_size=6).map(" ".join)
_title = st.text(st.sampled_from(_LETTERS + "&<>\"' \u00ad"), min_size=1, max_size=20).filter(str.strip)
_note = st.integers(1, 3) | st.none()


@st.composite
def _blocks(draw) -> list[Block]:
    """Every kind of layout block, in any order, with text that sets traps."""
    kinds = st.sampled_from(["header", "status", "title", "para", "enacting", "provision", "signature", "stamp",
                             "list_heading", "source"])
    out = []
    for kind in draw(st.lists(kinds, max_size=8)):
        if kind == "header":
            out.append(Block("header", rows=tuple(draw(st.lists(st.tuples(_text, _text), min_size=1, max_size=3)))))
        elif kind == "provision":
            out.append(Block("provision", draw(_text), num=draw(_text), heading=draw(st.none() | _text),
                             note=draw(_note), depth=draw(st.integers(0, 5))))
        elif kind == "signature":
            out.append(Block("signature", lines=tuple(draw(st.lists(_text, min_size=1, max_size=3)))))
        else:
            out.append(Block(kind, draw(_text), num=draw(_text), note=draw(_note)))
    for number in range(1, draw(st.integers(0, 3)) + 1):  # the notes, some placed at a marker, some not
        lines = tuple(draw(st.lists(_text, min_size=1, max_size=2)))
        out.append(Block("note", num=str(number), note=number, lines=lines,
                         previous=tuple(draw(st.none() | _text) for _line in lines)))
    return out


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_blocks(), _title)
def test_any_layout_is_written_as_pandoc_writes_it(blocks, title):
    document = docx.pandoc_blocks(blocks)
    written = wordml.to_docx(document, title)
    assert written is not None
    assert written == _by_pandoc([(document, title)])[0]


_inline = st.deferred(lambda: st.one_of(
    st.builds(lambda text: {"t": "Str", "c": text}, st.text(st.sampled_from(_LETTERS + _TRAPS + " \t"), max_size=6)),
    st.just({"t": "Space"}), st.just({"t": "LineBreak"}),
    st.builds(lambda kind, inner: {"t": kind, "c": inner}, st.sampled_from(["Strong", "Strikeout"]),
              st.lists(st.one_of(st.builds(lambda text: {"t": "Str", "c": text}, _word), st.just({"t": "Space"})),
                       max_size=4)),
))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(_inline, max_size=8), min_size=1, max_size=4), st.lists(st.booleans(), max_size=4))
def test_any_run_of_words_and_spaces_is_written_as_pandoc_writes_it(paragraphs, headings):
    """Spaces next to spaces, empty words, soft hyphens at either end: pandoc's run-merging quirks, as it has them."""
    document = [{"t": "Header", "c": [2, ["", [], []], inlines]} if heading else {"t": "Para", "c": inlines}
                for inlines, heading in zip(paragraphs, headings + [False] * len(paragraphs))]
    written = wordml.to_docx(document, "t")
    assert written is not None
    assert written == _by_pandoc([(document, "t")])[0]


@settings(max_examples=500, deadline=None)
@given(st.text(st.sampled_from("aə &<>\"'\t\n\r\x00\x08\x0b\x1f\ud800\ufffe\uffff\U00010000")) | st.text())
def test_xml_text_drops_and_escapes_what_the_substitution_and_translation_did(text):
    """`xml_text` returns a text with nothing to drop or escape as it is; what it gives must be what it always gave."""
    assert wordml.xml_text(text) == wordml._XML_INVALID.sub("", text).translate(wordml._ESCAPES)
