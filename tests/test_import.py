"""`qanun import`: both seeds become sources that `qanun check` accepts and that consolidate to the
hand-transcribed acts' text.

Each seed is imported into a fresh project holding the other real acts. For seed 003 the amending act
(Decision No 4 of 2020) is left out: the imported text is the 2020 wording, which already has its four
changes, so applying them again would fail (the words are gone). Its notes are kept, never applied.
"""
from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from conftest import ROOT, SEEDS
from generator import importer
from generator.cli import main
from generator.pipeline import load_and_consolidate, render_text

REGULATION = "nk-2024-21"
CRITERIA = "vn-kollegiya-2019-191705000007900"
AMENDING = "in-kollegiya-2020-4"


@dataclass(frozen=True)
class Imported:
    root: Path
    source: Path
    reports: list[str]


def _seed_path(prefix: str) -> Path:
    found = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    if not found:
        pytest.fail(f"seed {prefix} not found in {SEEDS}")
    return found[0]


def _import(prefix: str, act_id: str, leave_out: set[str], tmp: Path, capsys) -> Imported:
    root = tmp / f"project-{prefix}"
    (root / "acts").mkdir(parents=True)
    shutil.copytree(ROOT / "schemas", root / "schemas")
    for path in (ROOT / "acts").glob("*.yaml"):
        if path.stem not in leave_out | {act_id}:
            shutil.copy(path, root / "acts")
    target = root / "acts" / f"{act_id}.yaml"
    capsys.readouterr()
    assert main(["-C", str(root), "import", str(_seed_path(prefix)), "--output", str(target)]) == 0
    reports = capsys.readouterr().err.splitlines()
    return Imported(root, target, reports)


@pytest.fixture()
def regulation(tmp_path, capsys) -> Imported:
    return _import("000", REGULATION, set(), tmp_path, capsys)


@pytest.fixture()
def criteria(tmp_path, capsys) -> Imported:
    return _import("003", CRITERIA, {AMENDING}, tmp_path, capsys)


def _check(root: Path, capsys) -> str:
    code = main(["-C", str(root), "check"])
    out = capsys.readouterr()
    assert code == 0, out.err
    return out.out


def _provisions(corpus, act_id: str, day: dt.date) -> list[list[tuple[str, str, str | None, str | None]]]:
    version = corpus.histories[act_id].at(day)
    return [[(p.num, p.unit, p.heading, p.text) for p in doc.walk()] for doc in version.documents]


# --- seed 000: the Decision and its Regulation ---------------------------------------------------

def test_seed_000_imports_to_a_source_qanun_check_accepts(regulation, capsys):
    assert _check(regulation.root, capsys).startswith("ok: 4 acts")


def test_seed_000_consolidates_to_act_nk_2024_21_provision_by_provision(regulation, corpus):
    ours = load_and_consolidate(regulation.root)
    day = dt.date(2024, 1, 13)
    expected = _provisions(corpus, REGULATION, day)
    actual = _provisions(ours, REGULATION, day)
    assert [len(d) for d in actual] == [4, 58]
    for doc_expected, doc_actual in zip(expected, actual, strict=True):
        for e, a in zip(doc_expected, doc_actual, strict=True):
            assert a == e, e[0]


def test_seed_000_whole_text_equals_the_hand_transcription(regulation, corpus):
    """Title, preamble, formula, signature, date line, number, stamp and annex heading too; and the repeal."""
    ours = load_and_consolidate(regulation.root)
    for act_id, day in ((REGULATION, dt.date(2024, 1, 13)), (REGULATION, dt.date(2025, 1, 1)),
                        ("nk-2018-408", dt.date(2024, 2, 1))):
        assert render_text(ours, act_id, day, "txt") == render_text(corpus, act_id, day, "txt"), act_id


def test_seed_000_pdf_layout_is_undone(regulation):
    text = regulation.source.read_text(encoding="utf-8")
    folded = " ".join(text.split())
    for word in ("nümayəndələrindən", "Qanununu", "aşağıdakılardır:", "Koordinasiya Qrupunun daimi orqanı"):
        assert word in folded
    for split in ("nümayəndə-", "Qanu-", "aşağıda-", "Koordina-"):
        assert split not in text
    assert "  " not in folded


def test_seed_000_reports_only_what_it_cannot_know(regulation):
    assert len(regulation.reports) == 1, regulation.reports
    assert regulation.reports[0].endswith(":107: annex “Azərbaycan Respublikasının Kiçik və Orta Biznesin İnkişafı …”: "
                                          "whether the last noun of its title is possessive (meyarları) or not "
                                          "(Əsasnamə) is not guessed: set `head_noun` (plain by default)")
    assert regulation.reports[0].startswith(str(_seed_path("000")))


# --- seed 003: the criteria, 2020 consolidated text ----------------------------------------------

def test_seed_003_imports_to_a_source_qanun_check_accepts(criteria, capsys):
    assert _check(criteria.root, capsys).startswith("ok: 3 acts")


def test_seed_003_is_the_2020_text_provision_by_provision(criteria, corpus):
    ours = load_and_consolidate(criteria.root)
    expected = _provisions(corpus, CRITERIA, dt.date(2020, 8, 3))
    actual = _provisions(ours, CRITERIA, dt.date(2020, 8, 3))
    assert [len(d) for d in actual] == [4, 26]
    for doc_expected, doc_actual in zip(expected, actual, strict=True):
        for e, a in zip(doc_expected, doc_actual, strict=True):
            assert a == e, e[0]


def test_seed_003_header_and_front_matter_equal_the_hand_transcription(criteria, corpus):
    ours = load_and_consolidate(criteria.root).project.act(CRITERIA)
    hand = corpus.project.act(CRITERIA)
    for name in ("type", "issuer", "type_name", "number", "title", "adopted", "in_force", "classification", "register",
                 "publication", "preamble", "enacting_formula", "signatories"):
        assert getattr(ours, name) == getattr(hand, name), name
    assert (ours.annexes[0].stamp, ours.annexes[0].title) == (hand.annexes[0].stamp, hand.annexes[0].title)


def test_seed_003_notes_are_kept_but_never_typed_as_changes(criteria):
    data = YAML(typ="rt").load(criteria.source.read_text(encoding="utf-8"))
    assert "changes" not in data
    notes = data["notes"]
    for n in range(1, 5):
        assert f"\n[{n}] 20 iyul 2020-ci il tarixli 4 nömrəli" in notes
    assert "“elektron vergi hesab-fakturası,” sözləri çıxarılmışdır." in notes
    text = criteria.source.read_text(encoding="utf-8")
    for n, num in enumerate(("2.4.2", "2.5", "2.6", "2.7"), 1):
        assert f'num: "{num}"  # [{n}]: a note of the source stands here (see `notes`)' in text
    ours = load_and_consolidate(criteria.root)
    assert render_text(ours, CRITERIA, dt.date(2020, 8, 3), "txt").count("[1]") == 0  # notes are not published


def test_seed_003_struck_words_are_the_deleted_ones(criteria):
    text = " ".join(criteria.source.read_text(encoding="utf-8").split("\nnotes:")[0].split())
    assert "(elektron qaimə-faktura, yük gömrük sənədləri," in text
    assert "elektron qaimə-faktura əsasında əldə edilmiş aktivlər" in text
    assert "elektron vergi hesab-fakturası" not in text


def test_seed_003_reports(criteria):
    """The typo in the first header table, the head noun, and the notes not applied: nothing else."""
    seed = str(_seed_path("003"))
    assert [r.split(": ", 1)[0] for r in criteria.reports] == [f"{seed}:7", f"{seed}:48", f"{seed}:110"]
    assert criteria.reports[0].endswith("number 1917050000007900 differs from 191705000007900; kept 191705000007900 "
                                        "(the approval stamp agrees)")
    assert "set `head_noun`" in criteria.reports[1]
    assert "4 notes kept in `notes`, not applied" in criteria.reports[2]


# --- the YAML written ----------------------------------------------------------------------------

def test_yaml_style_schema_line_quoted_numbers_iso_dates(regulation):
    text = regulation.source.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../schemas/act.schema.json\n")
    assert 'num: "5.10"' in text and 'num: "5.6.10"' in text and 'number: "21"' in text
    assert "\nadopted: 2024-01-13\n" in text
    data = YAML(typ="safe").load(text)
    assert data["annexes"][0]["provisions"][4]["children"][9]["num"] == "5.10"
    assert data["changes"] == [{"by": "4", "target": {"act": "nk-2018-408"}, "repeal": True}]


def test_import_to_standard_output(capsys):
    assert main(["-C", str(ROOT), "import", str(_seed_path("003"))]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# yaml-language-server: $schema=../schemas/act.schema.json\n")
    assert "id: vn-kollegiya-2019-191705000007900\n" in out


def test_import_unreadable_file_is_a_usage_error(tmp_path, capsys):
    bad = tmp_path / "x.txt"
    bad.write_bytes(b"\xff\xfe q\xe9rar")
    assert main(["import", str(bad)]) == 2
    assert capsys.readouterr().err.count("\n") == 1


# --- reports on what cannot be placed --------------------------------------------------------------

SMALL = """\
Test haqqında

Bu barədə rəhbər tutaraq Nazirlər Kabineti qərara alır:
1. Birinci bənd.
2. İkinci bənd
1.5. davamı deyil, amma sətir başında rəqəm var.

Bu abzas heç yerə aid deyil, çünki imzadan əvvəl gəlir.

Əli Əsədov
Baş nazir

Bakı şəhəri, 5 mart 2024-cü il
№ 7
"""


def test_a_line_starting_with_a_number_that_cannot_follow_is_text():
    result = importer.import_text(SMALL)
    texts = [p.get("text") for p in result.data["provisions"]]
    assert texts == ["Birinci bənd.", "İkinci bənd 1.5. davamı deyil, amma sətir başında rəqəm var."]
    assert any(r.line == 6 and "cannot follow provision 2" in r.message for r in result.reports)


def test_the_parts_of_a_plain_text_are_found():
    d = importer.import_text(SMALL).data
    assert d["title"] == "Test haqqında" and d["enacting_formula"] == "qərara alır:"
    assert d["preamble"] == "Bu barədə rəhbər tutaraq Nazirlər Kabineti"
    assert d["adopted"] == dt.date(2024, 3, 5) and d["number"] == "7" and d["place"] == "Bakı şəhəri"
    assert d["signatories"] == [{"name": "Əli Əsədov", "position": "Baş nazir"}]


def test_unplaced_paragraphs_are_reported_with_their_line():
    reports = importer.import_text(SMALL).reports
    assert any(r.line == 8 and "not placed" in r.message for r in reports), reports


def test_an_unknown_header_row_and_a_repeal_of_an_unknown_act_are_reported():
    text = ("AKTIN NÖVÜ\tAZƏRBAYCAN RESPUBLİKASI NAZİRLƏR KABİNETİNİN QƏRARI\n"
            "QƏBUL EDİLDİYİ TARİX\t05.03.2024\nRƏNGİ\tgöy\n\n"
            "Bu barədə Nazirlər Kabineti qərara alır:\n"
            "1. 2010-cu il 1 iyun tarixli 99 nömrəli Qərar ləğv edilsin.\n")
    result = importer.import_text(text)
    messages = {r.line: r.message for r in result.reports}
    assert "not a State Register field" in messages[3]
    assert "not among the project's acts" in messages[6]
    assert result.data["type"] == "qərar" and result.data["id"] == "nk-2024-x"
