"""Mutation test on the real project: leave out one change and the text and notes must follow.

Decision No 4 of 2020 makes four changes to the SME-cluster criteria (DOMAIN.md §1, seed 003). Without
its third one (words deleted from the 2nd sentence of 2.6), 2.6 keeps its 2019 wording in 2020, and
the notes renumber to three, on 2.4.2, 2.5 and 2.7. The project is built in memory: no file changes.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from generator.consolidate import consolidate
from generator.load import load_project

ROOT = Path(__file__).resolve().parent.parent
AMENDING = "in-kollegiya-2020-4"
CRITERIA = "vn-kollegiya-2019-191705000007900"
ANNEX = "meyarlar"
AUGUST_2020 = dt.date(2020, 8, 3)

CITE = (
    "20 iyul 2020-ci il tarixli 4 nömrəli Azərbaycan Respublikası İqtisadiyyat Nazirliyinin Kollegiyasının Qərarı "
    "(Hüquqi Aktların Dövlət Reyestrinin qeydiyyat nömrəsi 15202007200004, "
    "Hüquqi Aktların Dövlət Reyestrinə daxil edildiyi tarix 3 avqust 2020-ci il)"
)
TITLE = "“KOB klaster şirkəti”nin meyarları”nın"

# 2.6 as adopted in 2019: the seed's 2020 text with the words note [3] deleted put back (DOMAIN.md §1).
WORDING_2019 = (
    "Bu Meyarların 2.2-ci bəndi üzrə nəzərdə tutulan investisiyanın obyektini kimi əvvəllər sahibkarlıq "
    "fəaliyyətində istifadə edilmiş aktivlər, o cümlədən əsas vəsaitlər çıxış etmir və həmin aktivlərin dəyəri "
    "“KOB klaster şirkəti”nin həyata keçirəcəyi layihə üzrə investisiyanın həcminə daxil edilmir. “KOB klaster "
    "şirkəti”nin aktivi kimi yalnız “KOB klaster şirkəti”nin tərəfindən bu Meyarlarla müəyyən olunmuş "
    "investisiya qoyuluşu çərçivəsində gömrük qanunvericiliyinə uyğun olaraq idxal gömrük sənədləri əsasında "
    "əldə edilmiş aktivlər və ya Vergi Məcəlləsinə uyğun olaraq elektron qaimə-faktura və ya elektron vergi "
    "hesab-fakturası əsasında əldə edilmiş aktivlər çıxış edə bilər."
)


def consolidated(drop: int | None):
    """The criteria's histories with the amending act's change number `drop` (1-based) left out."""
    project, problems = load_project(ROOT)
    assert problems == []
    acts = []
    for act in project.acts:
        if act.id == AMENDING and drop is not None:
            assert len(act.changes) == 4
            act = dataclasses.replace(act, changes=tuple(c for c in act.changes if c.index != drop))
        acts.append(act)
    histories, problems = consolidate(tuple(acts))
    assert problems == []
    return histories[CRITERIA]


@pytest.fixture(scope="module")
def mutated():
    return consolidated(drop=3).at(AUGUST_2020)


def test_unmutated_project_has_four_notes():
    """The mutation matters: with all four changes, 2.6 changes and carries note [3]."""
    version = consolidated(drop=None).at(AUGUST_2020)
    assert [n.provision for n in version.notes] == ["2.4.2", "2.5", "2.6", "2.7"]
    assert version.document(ANNEX).find("2.6").text != WORDING_2019


def test_2_6_keeps_its_2019_wording(mutated):
    p = mutated.document(ANNEX).find("2.6")
    assert p.text == WORDING_2019
    assert mutated.note_number(ANNEX, p.id) is None
    assert p.text_changes == ()


def test_other_changes_still_apply(mutated):
    annex = mutated.document(ANNEX)
    assert annex.find("2.4.2").text == (
        "əməliyyatların tam həcmdə qanunla müəyyən olunmuş qaydada sənədləşdirilməsi (elektron qaimə-faktura, "
        "yük gömrük sənədləri, ciddi hesabat sənədi olan alış aktları);"
    )
    assert annex.find("2.7").text == (
        "“KOB klaster şirkəti”nin bu Meyarlara cavab verməsi Agentlik tərəfindən Dövlət Vergi Xidməti ilə "
        "razılaşdırılmaqla təqdim edilmiş şəhadətnamə ilə təsdiq edilir."
    )


def test_notes_renumber_to_three(mutated):
    assert [(n.number, n.document, n.provision) for n in mutated.notes] == [
        (1, ANNEX, "2.4.2"), (2, ANNEX, "2.5"), (3, ANNEX, "2.7"),
    ]
    assert [[e.text for e in n.entries] for n in mutated.notes] == [
        [f"{CITE} ilə {TITLE} 2.4.2-ci yarımbəndindən “elektron vergi hesab-fakturası,” sözləri çıxarılmışdır."],
        [f"{CITE} ilə {TITLE} 2.5-ci bəndində “Vergilər Nazirliyinə” sözləri “Azərbaycan Respublikasının "
         "İqtisadiyyat Nazirliyi yanında Dövlət Vergi Xidmətinə (bundan sonra - Dövlət Vergi Xidməti)” sözləri "
         "ilə əvəz edilmişdir."],
        [f"{CITE} ilə {TITLE} 2.7-ci bəndində “Vergilər Nazirliyi” sözləri “Dövlət Vergi Xidməti” sözləri ilə "
         "əvəz edilmişdir."],
    ]


def test_markers_follow_the_renumbering(mutated):
    numbers = {p.num: mutated.note_number(ANNEX, p.id) for p in mutated.document(ANNEX).walk()}
    marked = {num: n for num, n in numbers.items() if n is not None}
    assert marked == {"2.4.2": 1, "2.5": 2, "2.7": 3}
