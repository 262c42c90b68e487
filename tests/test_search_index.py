"""The search index (issue 7): Pagefind over stand-in pages with folded words; what the leak scan sees of it.

The browser side (queries with and without Azerbaijani letters, 5.9.4, the bytes fetched) is in test_browser.py;
the figures at 3,000 acts come from benchmarks/search.py.
"""
from __future__ import annotations

import gzip
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.errors import Loc
from generator.meetings.filetext import decode
from generator.meetings.leakscan import RestrictedValue, scan
from generator.language import az_upper
from generator.search_index import (SearchIndexError, folders, fold, fragments, page_sections, searchable_pages,
                                      stand_in, with_folded, write_index)

ROOT = Path(__file__).resolve().parent.parent
JS = ROOT / "site" / "assets" / "qanun-search.js"
CANARY = "Qızılquşoğlu"  # one word: the word index holds words one by one


def _docs(text: str) -> list[dict[str, str]]:
    return [{"location": "akn/az/act/2024/1/", "title": "Qərar", "text": "Nazirlər Kabinetinin Qərarı"},
            {"location": "akn/az/act/2024/1/#5.9.4", "title": "5.9.4.", "text": text},
            {"location": "akn/az/act/2024/1/esasname/", "title": "Əsasnamə", "text": "İŞTİRAK edənlər"}]


def test_fold_and_the_added_forms():
    assert fold("Əsasnamə") == "esasname" and fold("İŞTİRAK") == "istirak" and fold("IĞDIR") == "igdir"
    assert fold("Çoxluğu, Şəki, Ölkə, Üzv") == "coxlugu, seki, olke, uzv"
    assert with_folded("Bu Əsasnamə, sadə qrup") == "Bu Əsasnamə, esasname, sadə sade qrup"
    assert with_folded("5.9.4. Qrup") == "5.9.4. Qrup"  # a capital alone needs no second form: Pagefind lower-cases


def _folded_text_by_the_letter(text: str) -> str:
    """The text with the folded form after each word, folding the whole text at once (the first way qanun did it)."""
    words, lower, folded = text.split(), text.lower().split(), fold(text).split()
    if len(words) != len(lower) or len(words) != len(folded):
        lower, folded = [w.lower() for w in words], [fold(w) for w in words]
    return " ".join(x for w, low, f in zip(words, lower, folded) for x in ((w, f) if f != low else (w,)))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("aAəƏıIİiöÖüÜğĞçÇşŞσΣ \t\n\u00a0\u2028.,İİ"), max_size=40))
def test_words_are_folded_one_by_one_as_the_whole_text_would_be(text):
    assert with_folded(text) == _folded_text_by_the_letter(text)


@pytest.mark.skipif(not shutil.which("node"), reason="node is not installed")
def test_the_browser_folds_queries_as_the_index_does():
    source = JS.read_text(encoding="utf-8")
    start = source.index("  var FOLD = ")
    end = source.index("  var loading")
    words = ["Əsasnamə", "İŞTİRAK", "IĞDIR", "ıİiI", "Çoxluğu", "ŞƏKİ", "Ölkə", "Üzv", "Straße", "ÇĞÖÜŞ", "2.10-cu"]
    program = source[start:end] + f"\nconsole.log(JSON.stringify({json.dumps(words)}.map(fold)));\n"
    done = subprocess.run(["node", "-e", program], capture_output=True, text=True, timeout=60, check=True)
    assert json.loads(done.stdout) == [fold(w) for w in words]


def test_stand_in_pages_escape_text_and_keep_anchors():
    page = stand_in('A "title" <b>', [("", 'A "title" <b>', "lead"), ("5.9.4", "5.9.4.", "<img src=x onerror=alert(1)>")])
    assert 'content="A &quot;title&quot; &lt;b&gt;"' in page and '<h2 id="5.9.4">5.9.4.</h2>' in page
    assert "<img" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page


def test_built_pages_to_sections(tmp_path):
    html = ('<html><head><title>Ad - Sayt</title></head><body><nav>menyu</nav><article class="md-content__inner '
            'md-typeset"><h1 id="ad">Ad</h1><p>Giriş</p><h2 id="gundelik">Gündəlik</h2><section id="m-1"><h3>1. Məsələ'
            '</h3><p>Mətn<br>iki</p><script>x()</script></section></article><footer>alt</footer></body></html>')
    title, sections = page_sections(html)
    assert title == "Ad"
    assert sections == [("ad", "Ad", "Giriş"), ("gundelik", "Gündəlik", ""), ("m-1", "1. Məsələ", "Mətn iki")]
    docs = tmp_path / "docs"
    (docs / "qrup").mkdir(parents=True)
    (docs / "index.md").write_text("home", encoding="utf-8")
    (docs / "about.md").write_text("# About", encoding="utf-8")
    (docs / "qrup" / "index.md").write_text("---\ntitle: x\nhide:\n  - toc\n---\n", encoding="utf-8")
    (docs / "qrup" / "akt.md").write_text("---\ntitle: x\nsearch:\n  exclude: true\n---\n", encoding="utf-8")
    assert searchable_pages(docs) == ["about/index.html", "qrup/index.html"]


def test_the_built_pages_have_an_index_of_their_own_merged_into_the_acts_one(tmp_path):
    """The acts' index needs no built page, so a build makes it beside mkdocs; the built pages' index goes inside it
    (pagefind/pages/), without a searcher of its own (the browser merges it into the acts' one). With only one kind
    of page there is one index, with its searcher, in pagefind/."""
    assert folders(True, True) == ("pagefind", "pagefind/pages", "pagefind/pages/")
    assert folders(True, False) == folders(False, True) == ("pagefind", "pagefind", "")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "about.md").write_text("# Haqqında", encoding="utf-8")
    site = tmp_path / "site"
    (site / "about").mkdir(parents=True)
    (site / "about" / "index.html").write_text(
        '<article class="md-content__inner"><h1>Haqqında</h1><p>Sayt işçi qrupu</p></article>', encoding="utf-8")
    assert write_index(site, _docs("sadə səs çoxluğu"), docs) == 3
    both = site / "pagefind"
    assert (both / "pagefind.js").is_file() and list(both.glob("wasm.*.pagefind"))
    assert (both / "pages" / "pagefind-entry.json").is_file()
    assert not (both / "pages" / "pagefind.js").exists() and not list((both / "pages").glob("wasm.*"))
    assert sorted(fragments(site)) == ["/about/", "/akn/az/act/2024/1/", "/akn/az/act/2024/1/esasname/"]
    alone = tmp_path / "alone"
    shutil.copytree(site / "about", alone / "about")
    assert write_index(alone, [], docs) == 1
    assert (alone / "pagefind" / "pagefind.js").is_file() and not (alone / "pagefind" / "pages").exists()
    assert sorted(fragments(alone)) == ["/about/"]
    with pytest.raises(SearchIndexError, match="would overwrite"):
        write_index(alone, [], docs)


def test_index_is_byte_identical_for_the_same_pages(tmp_path):
    trees = []
    for name in ("a", "b"):
        site = tmp_path / name
        site.mkdir()
        assert write_index(site, _docs("sadə səs çoxluğu ilə qəbul edilir")) == 2
        trees.append({p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()})
    assert trees[0] == trees[1]
    assert "pagefind/pagefind.js" in trees[0] and not any("-ui" in name or "worker" in name for name in trees[0])


def test_a_restricted_canary_in_a_page_is_found_inside_the_index_files(tmp_path):
    """The scan decompresses Pagefind's files: the canary is found in the page's fragment (its text) and in the
    word index on its own, folded or not; a damaged index file is unreadable, which fails the scan."""
    site = tmp_path / "site"
    site.mkdir()
    write_index(site, _docs(f"iclasda {CANARY} iştirak edir"))
    index = site / "pagefind"
    probe = [RestrictedValue(CANARY, Loc("meetings/x.yaml", 1, 1), "members[0].name", "d1g3st")]
    for kind in ("fragment", "index"):  # each kind of file alone
        only = tmp_path / kind
        shutil.copytree(index / kind, only / kind)
        report = scan(only, probe)
        assert [f.file.split("/")[0] for f in report.leaks] == [kind], report.lines()
        raw = b"".join(gzip.decompress(p.read_bytes()) for p in (only / kind).iterdir())
        assert CANARY.encode() not in raw or kind == "fragment"  # the word index keeps words lower-cased
    assert {f.file.split("/")[0] for f in scan(site, probe).leaks} == {"pagefind"}
    # A name of several words, in capitals: the index writes “QIZILQUŞOĞLU qizilqusoglu ƏLİ eli” and the scan still
    # finds the consecutive words.
    name = "Qızılquşoğlu Əli İsmayıl"
    shouted = tmp_path / "shouted"
    shouted.mkdir()
    write_index(shouted, _docs(f"iclasda {az_upper(name)} iştirak edir"))
    assert "ƏLİ eli" in json.dumps(fragments(shouted), ensure_ascii=False)
    named = [RestrictedValue(name, Loc("meetings/x.yaml", 2, 1), "guests[0].name", "n4m3")]
    assert [f.file.split("/")[1] for f in scan(shouted, named).leaks] == ["fragment"]
    clean = tmp_path / "clean"
    clean.mkdir()
    write_index(clean, _docs("sadə səs çoxluğu"))
    assert scan(clean, probe).leaks == ()
    assert all(decode(p.name, p.read_bytes()) == [] for p in (clean / "pagefind").glob("wasm.*"))
    broken = next((clean / "pagefind" / "index").iterdir())
    broken.write_bytes(gzip.compress(b"pagefind_dcd\xff\xff"))
    report = scan(clean, probe)
    assert any(f.source is None and f.digest == "" for f in report.leaks)  # unreadable: the scan cannot vouch
