"""`qanun diff`: the comparison of two versions as a user meets it, in every format, and the DOCX as Word
and LibreOffice read it (real tracked changes by the amending act, dated with its effective date)."""
from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from generator.cli import main
from generator.compare import compare
from generator.consolidate import consolidate
from generator.model import BODY, Act, Change, ChangeKind, Document, Provision, Register, Target
from generator.render import diff as render_diff
from generator.render.docx import write_docx
from helpers import run_cli

CRITERIA = "vn-kollegiya-2019-191705000007900"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
AUTHOR = "20 iyul 2020-ci il tarixli 4 nömrəli Azərbaycan Respublikası İqtisadiyyat Nazirliyinin Kollegiyasının Qərarı"
WHEN = "2020-08-03T00:00:00Z"
NEW_25 = "Azərbaycan Respublikasının İqtisadiyyat Nazirliyi yanında Dövlət Vergi Xidmətinə (bundan sonra - Dövlət Vergi Xidməti)"


def diff(capsys, root, *extra: str) -> tuple[int, str, str]:
    return run_cli(capsys, "-C", str(root), "diff", CRITERIA, "--from", "2019-06-01", "--to", "2020-08-03", *extra)


# Written by hand from DOMAIN.md §1: the four changes of notes [1]-[4], under their provision numbers.
EXPECTED_CHANGES = f"""“KOB klaster şirkəti”nin meyarları

2.4.2 (dəyişdirilib) [1]
- elektron vergi hesab-fakturası,

2.5 (dəyişdirilib) [2]
- Vergilər Nazirliyinə
+ {NEW_25}

2.6 (dəyişdirilib) [3]
- və ya elektron vergi hesab-fakturası

2.7 (dəyişdirilib) [4]
- Vergilər Nazirliyi
+ Dövlət Vergi Xidməti

QƏRARA EDİLMİŞ DƏYİŞİKLİK VƏ ƏLAVƏLƏRİN SİYAHISI
"""


def test_txt_lists_only_the_changes_under_their_provision_numbers(capsys, root):
    code, out, err = diff(capsys, root)
    assert (code, err) == (0, "")
    head = "“KOB klaster şirkəti”nin meyarları”nın təsdiq edilməsi barədə\n\nRedaksiyaların müqayisəsi: 22.05.2019 → 03.08.2020\n\n"
    assert out.startswith(head + EXPECTED_CHANGES)
    notes = out[len(head + EXPECTED_CHANGES):].strip().split("\n\n")
    assert [n[:4] for n in notes] == ["[1] ", "[2] ", "[3] ", "[4] "]
    assert notes[1].endswith("ilə “KOB klaster şirkəti”nin meyarları”nın 2.5-ci bəndində “Vergilər Nazirliyinə” sözləri "
                             f"“{NEW_25}” sözləri ilə əvəz edilmişdir.")
    assert "2.4.1" not in out.split("QƏRARA")[0]  # unchanged provisions are not listed


def test_txt_says_so_when_nothing_changed(capsys, root):
    code, out, _ = run_cli(capsys, "-C", str(root), "diff", CRITERIA, "--from", "2020-08-03", "--to", "2024-01-01")
    assert code == 0
    assert out.endswith("Bu redaksiyalar arasında mətndə dəyişiklik yoxdur.\n")


def test_md_shows_a_redline_per_changed_provision(capsys, root):
    code, out, _ = diff(capsys, root, "--format", "md")
    assert code == 0
    assert "**2\\.7 \\(dəyişdirilib\\) \\[4\\]**" in out
    assert "Agentlik tərəfindən ~~Vergilər Nazirliyi~~**Dövlət Vergi Xidməti** ilə razılaşdırılmaqla" in out
    assert "qaimə\\-faktura, ~~elektron vergi hesab\\-fakturası,~~ yük" in out


def test_html_is_a_fragment_with_del_and_ins(capsys, root):
    code, out, _ = diff(capsys, root, "--format", "html")
    assert code == 0
    assert out.startswith('<section class="qanun-diff">') and out.rstrip().endswith("</section>")
    assert "<html" not in out and "<script" not in out
    assert "tərəfindən <del>Vergilər Nazirliyi</del><ins>Dövlət Vergi Xidməti</ins> ilə" in out
    assert '<h4>2.5 (dəyişdirilib) <a href="#qeyd-2">[2]</a></h4>' in out
    assert '<li id="qeyd-2" value="2">20 iyul 2020-ci il tarixli' in out


def test_json_gives_the_changes_with_their_notes_and_amending_acts(capsys, root):
    code, out, _ = diff(capsys, root, "--format", "json")
    data = json.loads(out)
    assert code == 0
    assert (data["from"], data["to"]) == ("2019-05-22", "2020-08-03")
    assert data["summary"] == {"added": 0, "deleted": 0, "renumbered": 0, "changed": 4, "unchanged": data["summary"]["unchanged"]}
    assert [(c["num"], c["notes"], c["amending_acts"]) for c in data["changes"]] == [
        ("2.4.2", [1], ["in-kollegiya-2020-4"]), ("2.5", [2], ["in-kollegiya-2020-4"]),
        ("2.6", [3], ["in-kollegiya-2020-4"]), ("2.7", [4], ["in-kollegiya-2020-4"])]
    assert data["changes"][3]["text"]["edits"] == [{"start": 72, "end": 90, "old": "Vergilər Nazirliyi",
                                                    "new": "Dövlət Vergi Xidməti", "note": 4,
                                                    "amending_act": "in-kollegiya-2020-4"}]
    assert [n["number"] for n in data["notes"]] == [1, 2, 3, 4]
    assert data["notes"][0]["citation"] == AUTHOR


def test_output_file(capsys, root, tmp_path):
    target = tmp_path / "out" / "diff.txt"
    code, out, _ = diff(capsys, root, "--output", str(target))
    assert (code, out) == (0, "")
    assert "2.7 (dəyişdirilib) [4]" in target.read_text(encoding="utf-8")


@pytest.mark.parametrize("args, message", [
    (("--format", "docx"), "qanun: --format docx writes a binary file: give it with --output FILE\n"),
    (("--from", "2019-01-01"), f"qanun: `{CRITERIA}` was adopted on 2019-05-08; there is no text on 2019-01-01\n"),
])
def test_usage_errors_are_one_line_with_status_2(capsys, root, args, message):
    base = {"--from": "2019-06-01", "--to": "2020-08-03"}
    extra = list(args)
    if "--from" in extra:
        base.pop("--from")
    argv = ["-C", str(root), "diff", CRITERIA, *[x for kv in base.items() for x in kv], *extra]
    code, out, err = run_cli(capsys, *argv)
    assert (code, out, err) == (2, "", message)


def test_unknown_act_and_missing_dates(capsys, root):
    code, _, err = run_cli(capsys, "-C", str(root), "diff", "yoxdur", "--from", "2019-06-01", "--to", "2020-08-03")
    assert code == 2 and err.startswith("qanun: no act `yoxdur`") and err.count("\n") == 1
    code, _, err = run_cli(capsys, "-C", str(root), "diff", CRITERIA, "--from", "2019-06-01")
    assert code == 2 and "--to" in err and err.count("\n") == 1


# --- DOCX: real tracked changes ----------------------------------------------------------------

def revisions(docx: Path) -> list[tuple[str, str, str, str]]:
    """(w:ins | w:del, author, date, text) of every revision in the document body."""
    with zipfile.ZipFile(docx) as z:
        xml = z.read("word/document.xml")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    tree = etree.fromstring(xml, parser)
    found = []
    for el in tree.iter(f"{W}ins", f"{W}del"):
        text = "".join(t.text or "" for t in el.iter(f"{W}t", f"{W}delText"))
        found.append((etree.QName(el).localname, el.get(f"{W}author"), el.get(f"{W}date"), text))
    return found


@pytest.fixture(scope="module")
def criteria_docx(tmp_path_factory, root) -> Path:
    target = tmp_path_factory.mktemp("docx") / "criteria.docx"
    assert main(["-C", str(root), "diff", CRITERIA, "--from", "2019-06-01", "--to", "2020-08-03",
                 "--format", "docx", "--output", str(target)]) == 0
    return target


def test_docx_has_word_revisions_by_the_amending_act_on_its_effective_date(criteria_docx):
    assert revisions(criteria_docx) == [
        ("del", AUTHOR, WHEN, "elektron vergi hesab-fakturası,"),
        ("del", AUTHOR, WHEN, "Vergilər Nazirliyinə"),
        ("ins", AUTHOR, WHEN, NEW_25),
        ("del", AUTHOR, WHEN, "və ya elektron vergi hesab-fakturası"),
        ("del", AUTHOR, WHEN, "Vergilər Nazirliyi"),
        ("ins", AUTHOR, WHEN, "Dövlət Vergi Xidməti"),
    ]


def test_docx_escapes_the_source_text(tmp_path):
    """Wording full of Markdown and pandoc syntax reaches Word letter for letter."""
    tricky = r"a *b* _c_ [d]{.insertion} <e> & `f` $g$ \h ~i~ ^j^ @k #l 1. | -- ... “m”"
    act = Act(id="x", type="qərar", adopted=dt.date(2024, 1, 1), path="x.yaml", title="X", cited_as="Nazirlər Kabinetinin Qərarı",
              number="1", body=Document(BODY, (Provision("1", "1", "bənd", None, "köhnə söz"),)))
    amending = Act(id="y", type="qərar", adopted=dt.date(2024, 2, 1), path="y.yaml", cited_as='Qərar "Y"',
                   number="2", register=Register("14202402010002", dt.date(2024, 2, 1)),
                   changes=(Change(ChangeKind.REPLACE_WORDS, Target("x", provision="1"), "y", 1, dt.date(2024, 2, 5),
                                   old="köhnə", new=tricky),))
    histories, problems = consolidate((act, amending))
    assert problems == []
    h = histories["x"]
    c = compare(h, h.versions[0], h.versions[1])
    target = tmp_path / "tricky.docx"
    write_docx(render_diff.to_docx_markdown(c, h, {"x": act, "y": amending}), target)
    author = '1 fevral 2024-cü il tarixli 2 nömrəli Qərar "Y"'
    assert revisions(target) == [("del", author, "2024-02-05T00:00:00Z", "köhnə"),
                                 ("ins", author, "2024-02-05T00:00:00Z", tricky)]
    html_out = render_diff.to_html(c, h)
    assert "&lt;e&gt; &amp;" in html_out and "<e>" not in html_out


def _libreoffice() -> str | None:
    found = shutil.which("libreoffice") or shutil.which("soffice")
    if found is None and os.environ.get("CI"):
        pytest.fail("LibreOffice is needed in CI: install the Debian package libreoffice-writer-nogui")
    if found is None:
        pytest.skip("LibreOffice is not installed (Debian package libreoffice-writer-nogui)")
    return found


def _convert(office: str, source: Path, fmt: str, out: Path) -> Path:
    # A profile of its own, so the test neither touches nor waits for anyone else's LibreOffice.
    profile = (out / "profile").as_uri()
    result = subprocess.run([office, f"-env:UserInstallation={profile}", "--headless", "--convert-to", fmt,
                             "--outdir", str(out), str(source)], capture_output=True, text=True, timeout=300)
    converted = out / f"{source.stem}.{fmt}"
    assert result.returncode == 0 and converted.exists(), result.stdout + result.stderr
    return converted


def test_libreoffice_opens_the_docx_and_sees_the_revisions(criteria_docx, tmp_path):
    office = _libreoffice()
    pdf = _convert(office, criteria_docx, "pdf", tmp_path)
    assert pdf.read_bytes().startswith(b"%PDF")
    odt = _convert(office, criteria_docx, "odt", tmp_path)
    with zipfile.ZipFile(odt) as z:
        content = z.read("content.xml").decode("utf-8")
    # LibreOffice keeps them as tracked changes (not plain text): six regions, by the amending act.
    assert content.count("<text:changed-region") == 6
    assert content.count(f"<dc:creator>{AUTHOR}</dc:creator>") == 6


def test_txt_of_a_renumbering_names_old_and_new_numbers():
    """Point 2 deleted and point 3 renumbered 2 by one act; then a word of 2.2 (once 3.2) replaced by another."""
    cited = "Azərbaycan Respublikası Nazirlər Kabinetinin Qərarı"
    act = Act(id="x", type="qərar", adopted=dt.date(2024, 1, 10), path="x.yaml", title="Sınaq haqqında",
              cited_as=cited, number="1", body=Document(BODY, (
                  Provision("1", "1", "bənd", None, "Qrup iclas keçirir."),
                  Provision("2", "2", "bənd", None, "Agentlik məlumat verir."),
                  Provision("3", "3", "bənd", None, "Qrup aşağıdakıları edir:", (
                      Provision("3.1", "3.1", "yarımbənd", None, "təklif verir;"),
                      Provision("3.2", "3.2", "yarımbənd", None, "qərar qəbul edir."))))))

    def amending(n: int, day: dt.date, *changes: dict) -> Act:
        return Act(id=f"d{n}", type="qərar", adopted=day, path=f"d{n}.yaml", cited_as=cited, number=str(100 + n),
                   register=Register(f"14{day:%Y%m%d}{100 + n:04d}", day),
                   changes=tuple(Change(**c, amending_act=f"d{n}", index=i, effective=day)
                                 for i, c in enumerate(changes, 1)))

    first = amending(1, dt.date(2024, 3, 1), {"kind": ChangeKind.DELETE_PROVISION, "target": Target("x", provision="2")},
                     {"kind": ChangeKind.RENUMBER, "target": Target("x", provision="3"), "to": "2"})
    second = amending(2, dt.date(2024, 6, 1), {"kind": ChangeKind.REPLACE_WORDS, "target": Target("x", provision="2.2"),
                                               "old": "qərar", "new": "tövsiyə"})
    histories, problems = consolidate((act, first, second))
    assert problems == []
    h = histories["x"]
    c = compare(h, h.versions[0], h.versions[-1])
    text = render_diff.to_txt(c, h)
    assert text.split("QƏRARA EDİLMİŞ")[0] == (
        "Sınaq haqqında\n\nRedaksiyaların müqayisəsi: 10.01.2024 → 01.06.2024\n\n"
        "2 (çıxarılıb) [1]\n- Agentlik məlumat verir.\n\n"
        "2 (nömrəsi dəyişdirilib: 3 → 2) [2]\n\n"
        "2.1 (nömrəsi dəyişdirilib: 3.1 → 2.1) [2]\n\n"
        "2.2 (nömrəsi dəyişdirilib: 3.2 → 2.2; dəyişdirilib) [2] [3]\n- qərar\n+ tövsiyə\n\n")
    assert "\n\n[3] 1 iyun 2024-cü il tarixli 102 nömrəli" in text
