"""The meetings records end to end: the public view's shape, complaint statistics, the CLI and the documents."""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
import shutil
import zipfile
import re
import html

import pytest

from generator.meetings import check_meetings, public_view
from generator.meetings import documents
from generator.meetings.public import PublicRecords, suppress
from helpers import run_cli


@pytest.fixture(scope="module")
def records(root):
    found, problems = check_meetings(root)
    assert problems == []
    return found


def test_the_public_view_keeps_meeting_level_facts_and_drops_restricted_content(records):
    view = public_view(records)
    first, extraordinary, tie = view.meetings[:3]
    assert (first.date, first.kind, first.quorate, first.present, first.members) == (dt.date(2025, 2, 14), "ordinary",
                                                                                      True, 8, 12)
    assert (first.items_discussed, first.items_restricted, [i.number for i in first.items]) == (3, 1, [1, 2])
    assert (first.acts_adopted, first.acts_adopted_restricted) == (3, 1)
    assert [g.name for g in first.guests] == ["NÜMUNƏ Ekspert Məsləhətçiyev"] and first.guests_total == 2
    assert (extraordinary.kind, extraordinary.initiative, extraordinary.items) == ("extraordinary", "member", ())
    decided = tie.items[0].acts[0]
    assert (decided.outcome, decided.votes.decided_by_chair, decided.relies_on) == ("adopted", True, ("3.1.4",))
    assert tie.items[1].summary is None  # a restricted summary of a public item
    assert view.sample and all(m.sample for m in view.meetings)


def test_the_public_view_holds_no_part_of_the_full_model(records):
    allowed = (str, int, bool, dt.date, type(None))

    def check(obj, where="view"):
        if dataclasses.is_dataclass(obj):
            assert type(obj).__module__ == "generator.meetings.public", where
            for f in dataclasses.fields(obj):
                check(getattr(obj, f.name), f"{where}.{f.name}")
        elif isinstance(obj, tuple):
            for i, item in enumerate(obj):
                check(item, f"{where}[{i}]")
        else:
            assert isinstance(obj, allowed), where

    check(public_view(records))


def test_complaints_are_statistics_with_small_counts_suppressed(records):
    (stats,) = public_view(records).complaints
    assert (stats.year, stats.received, stats.threshold) == (2025, 3, 3)
    assert dict(stats.by_status) == {"received": 0, "discussed": 0, "recommended": None, "complied": None,
                                     "not_complied": 0, "escalated": None}
    assert dict(public_view(records, threshold=1).complaints[0].by_status)["escalated"] == 1


@pytest.mark.parametrize("total, cells, expected", [
    (10, [7, 3, 0], (10, [7, 3, 0])),
    (9, [7, 2, 0], (9, [None, None, 0])),  # 2 is hidden, so 7 is too: 9 − 7 would tell it
    (8, [4, 2, 2], (8, [4, None, None])),
    (2, [1, 1, 0], (None, [None, None, None])),  # a hidden total hides every cell, zeros too
    (0, [0, 0, 0], (0, [0, 0, 0])),
])
def test_suppression_leaves_no_hidden_count_to_work_out(total, cells, expected):
    assert suppress(total, cells, 3) == (expected[0], expected[1])


def test_the_public_report_is_built_from_the_public_view_only(records):
    with pytest.raises(TypeError):
        documents.public_annual_report(records, 2025)
    assert isinstance(public_view(records), PublicRecords)


def test_the_public_report_puts_the_threshold_in_the_ablative_by_how_it_is_read(records):
    """altı → “6-dan az”, not “6-dən az” (the report once wrote -dən after every number)."""
    markdown = documents.public_annual_report(public_view(records, threshold=6), 2025)
    assert "Yalnız statistika\\; 6\\-dan az olan saylar göstərilmir\\." in markdown
    assert "| daxil olub \\(cəmi\\) | 6\\-dan az |" in markdown
    assert "dən az" not in markdown


def test_qanun_meetings_lists_meetings_with_their_check_status(capsys, root):
    code, out, err = run_cli(capsys, "-C", str(root), "meetings")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "2025-02-14\tordinary\t8/12 present\tquorate\t3 items (1 restricted)\t3 acts adopted\tok",
        "2025-05-20\textraordinary\t7/12 present\tquorate\t1 item (1 restricted)\t1 act adopted\tok",
        "2025-10-17\tordinary\t8/12 present\tquorate\t3 items (1 restricted)\t3 acts adopted\tok",
        "2026-03-13\tordinary\t7/12 present\tquorate\t3 items (1 restricted)\t2 acts adopted\tok",
    ]
    code, out, _ = run_cli(capsys, "-C", str(root), "meetings", "--format", "json")
    rows = json.loads(out)
    assert rows[1] == {"id": "2025-05-20", "date": "2025-05-20", "kind": "extraordinary", "initiative": "member",
                       "members": 12, "present": 7, "quorate": True, "items": 1, "restricted_items": 1,
                       "acts_adopted": 1, "errors": 0, "warnings": 0, "status": "ok",
                       "path": "meetings/2025/2025-05-20.yaml", "sample": True}


@pytest.fixture
def project(tmp_path, root):
    for folder in ("acts", "meetings"):
        shutil.copytree(root / folder, tmp_path / folder)
    return tmp_path


def _edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_qanun_check_fails_on_a_rule_error_in_the_meetings(capsys, project):
    _edit(project / "meetings/2025/2025-10-17.yaml", "documents_sent: 2025-10-10", "documents_sent: 2025-10-14")
    code, out, err = run_cli(capsys, "-C", str(project), "check")
    assert (code, out) == (1, "")
    assert err == ("meetings/2025/2025-10-17.yaml:11:17: 5.8: agenda documents sent on 2025-10-14, 3 days before the "
                   "ordinary meeting of 2025-10-17; at least 5 calendar days required: send them by 2025-10-12\n"
                   "1 error in the sources\n")
    code, out, err = run_cli(capsys, "-C", str(project), "meetings")
    assert code == 1 and "2025-10-17\tordinary\t8/12 present\tquorate\t3 items (1 restricted)\t3 acts adopted\t1 error" in out


def test_qanun_check_lists_warnings_and_passes(capsys, project):
    path = project / "meetings/complaints/numune-2025-01.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[:text.index("escalation:")], encoding="utf-8")
    code, out, err = run_cli(capsys, "-C", str(project), "check")
    assert code == 0 and out.startswith("ok: ")
    assert err == ("meetings/complaints/numune-2025-01.yaml:23:3: warning: 3.1.1: complaint numune-2025-01: the "
                   "recommendation was not complied with and no appeal to the Cabinet of Ministers is recorded\n")


def test_a_project_without_meetings_is_checked_as_before(capsys, tmp_path, root):
    shutil.copytree(root / "acts", tmp_path / "acts")
    code, out, _ = run_cli(capsys, "-C", str(tmp_path), "check")
    assert code == 0 and out.startswith("ok: ")
    code, _, err = run_cli(capsys, "-C", str(tmp_path), "meetings")
    assert code == 2 and err.startswith("qanun: no meetings/ folder in ")


def _docx_text(path) -> str:
    with zipfile.ZipFile(path) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    return html.unescape(" ".join(re.sub(r"<[^>]+>", "", p) for p in re.findall(r"<w:p[ >].*?</w:p>", xml)))


def test_qanun_documents_writes_the_notice_the_minutes_and_the_acts(capsys, root, tmp_path):
    code, out, err = run_cli(capsys, "-C", str(root), "documents", "2025-10-17", "--internal", str(tmp_path))
    assert (code, err) == (0, "")
    folder = tmp_path / "2025-10-17"
    assert out.splitlines() == [f"wrote {folder / name}" for name in ("gundelik-bildiris.docx", "protokol.docx",
                                                                       "aktlar.docx")]
    notice, minutes, acts = (_docx_text(folder / n) for n in ("gundelik-bildiris.docx", "protokol.docx", "aktlar.docx"))
    assert "Koordinasiya Qrupunun iclası barədə bildiriş" in notice and "Vaxt: 10:00" in notice
    assert "Əsasnamənin 5.8-ci bəndi: ən azı 5 gün əvvəl" in notice
    assert "Kvorum: üzvlərin sayı 12, iştirak edən 8; iclas səlahiyyətlidir" in minutes
    assert ("Nəticə: qəbul edildi; səslər bərabər olduqda rəhbərin səsi həlledici olmuşdur (5.9.4-cü yarımbənd)"
            in minutes)
    assert "Əsas: Əsasnamənin 5.9.2-ci yarımbəndi, 5.10-cu bəndi" in minutes
    assert "Məhdud girişli məlumat" in minutes  # internal documents show restricted content, marked
    assert acts.count("İmzalayır: NÜMUNƏ Rəhbər Kamranov") == 3
    code, _, err = run_cli(capsys, "-C", str(root), "documents", "2025-10-18", "--internal", str(tmp_path))
    assert code == 2 and err.startswith("qanun: no meeting `2025-10-18` (known: 2025-02-14, ")
