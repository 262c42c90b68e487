"""The command line as a user meets it: outputs, exit codes and one-line errors."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from helpers import run_cli as run

CRITERIA = "vn-kollegiya-2019-191705000007900"




def test_check_passes_on_the_real_acts(capsys, root):
    code, out, err = run(capsys, "-C", str(root), "check")
    assert (code, err) == (0, "")
    assert out == "ok: 4 acts, 5 changes, 6 versions\n"


def test_acts_json_lists_every_act_with_versions(capsys, root):
    code, out, _ = run(capsys, "-C", str(root), "acts", "--format", "json", "--at", "2025-01-01")
    rows = {r["id"]: r for r in json.loads(out)}
    assert code == 0
    assert set(rows) == {"nk-2024-21", "nk-2018-408", CRITERIA, "in-kollegiya-2020-4"}
    for row in rows.values():
        assert {"id", "title", "type", "number", "adopted", "status", "versions"} <= set(row)
    assert rows[CRITERIA]["versions"] == ["2019-05-22", "2020-08-03"]
    assert rows[CRITERIA]["number"] == "191705000007900"
    assert rows["nk-2024-21"]["status"] == "in_force"


def test_decision_408_is_repealed_by_point_4_of_decision_21(capsys, root):
    _, out, _ = run(capsys, "-C", str(root), "acts", "--format", "json", "--at", "2024-01-13")
    row = next(r for r in json.loads(out) if r["id"] == "nk-2018-408")
    assert row["status"] == "repealed"
    assert row["repealed"] == {"on": "2024-01-13", "by": "nk-2024-21", "provision": "4"}
    _, out, _ = run(capsys, "-C", str(root), "acts", "--format", "json", "--at", "2024-01-12")
    assert next(r for r in json.loads(out) if r["id"] == "nk-2018-408")["status"] == "in_force"
    _, text, _ = run(capsys, "-C", str(root), "text", "nk-2018-408", "--at", "2024-02-01")
    assert ("Ləğv edilib: 13.01.2024 tarixindən qüvvədə deyil (13 yanvar 2024-cü il tarixli 21 nömrəli Azərbaycan "
            "Respublikası Nazirlər Kabinetinin Qərarının 4-cü bəndi ilə).") in text
    assert "[1] 13 yanvar 2024-cü il tarixli 21 nömrəli Azərbaycan Respublikası Nazirlər Kabinetinin Qərarı ilə ləğv edilmişdir." in text


@pytest.mark.parametrize("act", ["nk-2024-21", "nk-2018-408"])
def test_fields_the_seeds_do_not_give_stay_empty(capsys, root, act):
    _, text, _ = run(capsys, "-C", str(root), "text", act, "--at", "2024-02-01")
    for label in ("QÜVVƏYƏ MİNMƏ TARİXİ", "HÜQUQİ AKTLARIN DÖVLƏT REYESTRİNİN QEYDİYYAT NÖMRƏSİ",
                  "HÜQUQİ AKTIN HÜQUQİ AKTLARIN DÖVLƏT REYESTRİNƏ DAXİL EDİLDİYİ TARİX"):
        assert f"\n{label}\t\n" in text


@pytest.mark.parametrize("args, message", [
    (["text", "no-such-act"], "qanun: no act `no-such-act` (known: in-kollegiya-2020-4, nk-2018-408, nk-2024-21, "
                              f"{CRITERIA})\n"),
    (["text", CRITERIA, "--at", "2020-02-30"], "qanun: argument --at: “2020-02-30” is not a date; write YYYY-MM-DD "
                                               "(see `qanun --help`)\n"),
    (["text", CRITERIA, "--at", "2019-05-07"], f"qanun: `{CRITERIA}` was adopted on 2019-05-08; there is no text on "
                                               "2019-05-07\n"),
])
def test_usage_errors_are_one_line_with_exit_2(capsys, root, args, message):
    code, out, err = run(capsys, "-C", str(root), *args)
    assert (code, out, err) == (2, "", message)


def test_text_formats_and_output_file(capsys, root, tmp_path):
    out_file = tmp_path / "deep" / "criteria.md"
    code, out, _ = run(capsys, "-C", str(root), "text", CRITERIA, "--at", "2020-08-03", "--format", "md",
                       "--output", str(out_file))
    assert (code, out) == (0, "")
    md = out_file.read_text(encoding="utf-8")
    assert "\\[4\\]" in md and "QƏRARA EDİLMİŞ DƏYİŞİKLİK VƏ ƏLAVƏLƏRİN SİYAHISI" in md
    _, js, _ = run(capsys, "-C", str(root), "text", CRITERIA, "--at", "2020-08-03", "--format", "json")
    data = json.loads(js)
    assert [n["number"] for n in data["notes"]] == [1, 2, 3, 4]
    assert data["version"]["start"] == "2020-08-03"


def test_works_on_a_project_folder_elsewhere(tmp_path, root):
    shutil.copytree(root / "acts", tmp_path / "acts")
    result = subprocess.run([sys.executable, "-m", "generator", "acts"], cwd=tmp_path, capture_output=True,
                            text=True, encoding="utf-8", env=_env(root))
    assert result.returncode == 0, result.stderr
    assert CRITERIA in result.stdout


def test_missing_acts_folder_is_reported(capsys, tmp_path):
    code, _, err = run(capsys, "-C", str(tmp_path), "check")
    assert code == 1
    assert "no `acts/` folder here; run qanun in a project folder or pass -C DIR" in err


def _env(root):
    import os
    env = dict(os.environ)
    env["PYTHONPATH"] = str(root)
    return env
