"""`qanun new act|amendment|meeting` (issue #9, items 3 and 4): valid, commented skeletons with the next free id.

Each test works on a copy of the project (acts/, meetings/, schemas/). Flags mode runs main() in-process
(stdin is not a terminal under pytest); interactive mode runs the real command under a pseudo-terminal.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator import scaffold
from generator.cli import main
from generator.cli_new import Field, ask

ACT = ["--issuer", "Azərbaycan Respublikasının Nazirlər Kabineti", "--type", "qərar", "--number", "35",
       "--adopted", "2025-02-01"]
AMENDS = ["--issuer", "Azərbaycan Respublikasının Nazirlər Kabineti", "--type", "qərar", "--number", "36",
          "--adopted", "2025-03-01", "--cited-as", "Azərbaycan Respublikası Nazirlər Kabinetinin Qərarı"]


@pytest.fixture
def project(tmp_path, root):
    for folder in ("acts", "meetings", "schemas"):
        shutil.copytree(root / folder, tmp_path / folder)
    return tmp_path


def run(capsys, project: Path, *args: str) -> tuple[int, str, str]:
    try:
        code = main(["-C", str(project), *args])
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


def assert_checks(capsys, project: Path, unfilled: int = 0) -> None:
    """`qanun check` passes; `unfilled` files still hold a DOLDURUN placeholder, one warning each."""
    code, out, err = run(capsys, project, "check")
    assert code == 0 and out.startswith("ok: "), err
    warnings = err.splitlines()
    assert len(warnings) == unfilled and all(": warning: not filled in yet: " in w for w in warnings), err


def schema_of(path: Path) -> Path:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
    assert match, first
    return (path.parent / match.group(1)).resolve()


# --- acts ---------------------------------------------------------------------------------------------------

def test_new_act_writes_a_valid_skeleton_named_after_issuer_year_and_number(capsys, project):
    code, out, err = run(capsys, project, "new", "act", *ACT, "--title", "Sınaq: “adı”, iki nöqtə və \"dırnaq\"")
    assert (code, err) == (0, "")
    path = project / "acts" / "nk-2025-35.yaml"
    assert out.splitlines()[0] == "wrote acts/nk-2025-35.yaml"
    assert "`qanun check`" in out.splitlines()[-1]
    assert schema_of(path) == (project / "schemas" / "act.schema.json").resolve()
    text = path.read_text(encoding="utf-8")
    assert "id: nk-2025-35\n" in text and 'number: "35"\n' in text and "adopted: 2025-02-01\n" in text
    assert "# provisions:" in text  # the text is the author's: an example to fill in, never invented
    assert_checks(capsys, project)
    code, out, _ = run(capsys, project, "acts", "--format", "json")
    row = next(r for r in json.loads(out) if r["id"] == "nk-2025-35")
    assert (row["title"], row["number"], row["adopted"]) == ("Sınaq: “adı”, iki nöqtə və \"dırnaq\"", "35",
                                                             "2025-02-01")


def test_a_second_act_gets_its_own_id_and_an_existing_one_is_never_overwritten(capsys, project):
    assert run(capsys, project, "new", "act", *ACT)[0] == 0
    first = (project / "acts" / "nk-2025-35.yaml").read_bytes()
    code, out, err = run(capsys, project, "new", "act", *ACT[:-3], "36", "--adopted", "2025-02-01")
    assert code == 0 and out.startswith("wrote acts/nk-2025-36.yaml")
    code, out, err = run(capsys, project, "new", "act", *ACT)
    assert (code, out) == (2, "")
    assert err == "qanun: --id: acts/nk-2025-35.yaml already exists; qanun never overwrites a source: give another id\n"
    assert (project / "acts" / "nk-2025-35.yaml").read_bytes() == first
    # an id used inside another file is taken too
    code, _, err = run(capsys, project, "new", "act", *ACT, "--id", "nk-2024-21")
    assert code == 2 and "nk-2024-21" in err


def test_an_example_uncommented_but_not_filled_in_is_one_warning(capsys, project):
    run(capsys, project, "new", "act", *ACT)
    path = project / "acts" / "nk-2025-35.yaml"
    text = path.read_text(encoding="utf-8")
    example = text[text.index("# provisions:\n"):text.index("# İmzalayanlar")]
    path.write_text(text.replace(example, "".join(line[2:] + "\n" for line in example.splitlines())), encoding="utf-8")
    code, out, err = run(capsys, project, "check")
    assert code == 0 and out.startswith("ok: ")
    assert err == ("acts/nk-2025-35.yaml:46:11: warning: not filled in yet: DOLDURUN is still in `provisions[1].text`; "
                   "write the real values\n")


def test_a_law_gets_the_law_note_style(capsys, project):
    code, _, _ = run(capsys, project, "new", "act", "--issuer", "Milli Məclis", "--type", "qanun", "--number",
                     "661-VIQ", "--adopted", "2022-12-02", "--in-force", "2023-01-01")
    assert code == 0
    text = (project / "acts" / "mm-2022-661-viq.yaml").read_text(encoding="utf-8")
    assert "note_style: law\n" in text and "in_force: 2023-01-01\n" in text
    assert_checks(capsys, project)


@pytest.mark.parametrize("args, message", [
    (["--adopted", "2025-13-01"], "qanun: --adopted: “2025-13-01” is not a date; write YYYY-MM-DD\n"),
    (["--adopted", "20250201"], "qanun: --adopted: “20250201” is not a date; write YYYY-MM-DD\n"),
    (["--in-force", "2025-01-01"], "qanun: --in-force: the act cannot come into force (2025-01-01) before it is "
                                   "adopted (2025-02-01)\n"),
    (["--type", "qerar"], "qanun: --type: “qerar” is not allowed; expected one of: qərar, qanun, məcəllə, fərman, "
                          "sərəncam, əmr, konstitusiya\n"),
    (["--id", "NK 1"], "qanun: --id: “NK 1” is not an id: use small letters a-z, digits and hyphens, starting with a "
                       "letter or digit\n"),
    (["--cited-as", "Nazirlər Kabinetinin Qərar"], "qanun: --cited-as: “Nazirlər Kabinetinin Qərar” must end in the "
                                                   "form citations use, with its possessive ending (e.g. “… Qərarı”, "
                                                   "“… Qanunu”)\n"),
])
def test_bad_values_are_one_line_usage_errors_and_nothing_is_written(capsys, project, args, message):
    base = dict(zip(ACT[::2], ACT[1::2]))
    base.update(zip(args[::2], args[1::2]))
    code, out, err = run(capsys, project, "new", "act", *[x for pair in base.items() for x in pair])
    assert (code, out, err) == (2, "", message)
    assert not list((project / "acts").glob("nk-2025-*"))


def test_a_missing_flag_without_a_terminal_names_the_flag(capsys, project):
    code, out, err = run(capsys, project, "new", "act", "--issuer", "Nazirlər Kabineti", "--type", "qərar")
    assert (code, out) == (2, "")
    assert err == "qanun: missing --number (or run the command in a terminal to be asked)\n"


# --- amendments ---------------------------------------------------------------------------------------------

def test_new_amendment_targets_the_act_and_checks(capsys, project):
    code, out, err = run(capsys, project, "new", "amendment", "--amends", "nk-2024-21", *AMENDS)
    assert (code, err) == (0, "")
    path = project / "acts" / "nk-2025-36.yaml"
    text = path.read_text(encoding="utf-8")
    assert schema_of(path).is_file()
    assert "\nchanges: []\n" in text  # valid as written; the examples below target the act
    assert "#   - target: {act: nk-2024-21, annex: esasname, provision: \"1.1\"}" in text
    assert "#   - target: {act: nk-2024-21, provision: \"1\"}" in text
    assert 'cited_as: "Azərbaycan Respublikası Nazirlər Kabinetinin Qərarı"' in text
    assert_checks(capsys, project)
    code, out, _ = run(capsys, project, "acts", "--format", "json")
    assert "nk-2025-36" in {r["id"] for r in json.loads(out)}


def test_an_uncommented_example_change_is_a_real_change(capsys, project):
    """The example is the real format: filled in and uncommented, it amends the act."""
    run(capsys, project, "new", "amendment", "--amends", "vn-kollegiya-2019-191705000007900", *AMENDS)
    path = project / "acts" / "nk-2025-36.yaml"
    text = path.read_text(encoding="utf-8")
    example = text[text.index("# changes:\n"):]
    lines = [line[2:] for line in example.splitlines()[:5]]
    change = "\n".join(lines).replace("DOLDURUN: əvəz edilən sözlər", "hazırlanmışdır").replace(
        "DOLDURUN: yeni sözlər", "hazırlanıb")
    path.write_text(text.replace("changes: []\n", "").replace(example, change + "\n"), encoding="utf-8")
    code, out, err = run(capsys, project, "check")
    assert (code, err) == (0, ""), err
    assert "6 changes" in out


def test_an_unknown_act_to_amend_lists_the_known_acts(capsys, project):
    code, out, err = run(capsys, project, "new", "amendment", "--amends", "nk-2024-99", *AMENDS)
    assert (code, out) == (2, "")
    assert err == ("qanun: --amends: no act `nk-2024-99` (known: in-kollegiya-2020-4, nk-2018-408, nk-2024-21, "
                   "vn-kollegiya-2019-191705000007900)\n")
    code, _, err = run(capsys, project, "new", "amendment", *AMENDS)
    assert code == 2 and err.startswith("qanun: missing --amends ")


def test_an_amendment_needs_cited_as_for_its_notes(capsys, project):
    code, _, err = run(capsys, project, "new", "amendment", "--amends", "nk-2024-21", *AMENDS[:-2])
    assert code == 2 and err.startswith("qanun: missing --cited-as ")


# --- meetings -----------------------------------------------------------------------------------------------

def test_new_meeting_lists_the_members_of_the_day_and_checks(capsys, project):
    code, out, err = run(capsys, project, "new", "meeting", "--date", "2026-06-10", "--time", "11:00")
    assert (code, err) == (0, "")
    path = project / "meetings" / "2026" / "2026-06-10.yaml"
    assert out.splitlines()[0] == "wrote meetings/2026/2026-06-10.yaml"
    assert schema_of(path) == (project / "schemas" / "meeting.schema.json").resolve()
    text = path.read_text(encoding="utf-8")
    assert "documents_sent: 2026-06-05\n" in text  # 5.8: the latest day allowed, to be corrected
    assert "  - uzv-vergi-2  #" in text and "uzv-vergi-1" not in text  # the seat that ended in 2025 is gone
    assert "    access: restricted\n" in text  # a placeholder item publishes nothing
    assert out.splitlines()[1:3] == [
        "`qanun check` will report on it:",
        "  meetings/2026/2026-06-10.yaml:44:12: warning: not filled in yet: DOLDURUN is still in "
        "`agenda[1].title`, `agenda[1].legal_basis`; write the real values"]
    assert_checks(capsys, project, unfilled=1)
    code, out, _ = run(capsys, project, "meetings", "--format", "json")
    row = next(r for r in json.loads(out) if r["path"] == "meetings/2026/2026-06-10.yaml")
    assert (row["status"], row["quorate"], row["items"], row["restricted_items"]) == ("1 warning", True, 1, 1)
    # filled in, the warning goes
    path.write_text(text.replace("DOLDURUN: gündəlik məsələsinin adı", "KOB evlərinin iş saatları").replace(
        '    access: restricted\n    legal_basis: "DOLDURUN: məhdudiyyətin qanuni əsası (və ya access: public)"\n',
        "    access: public\n"), encoding="utf-8")
    assert_checks(capsys, project)


def test_a_second_meeting_that_day_is_numbered_and_the_first_is_kept(capsys, project):
    run(capsys, project, "new", "meeting", "--date", "2026-06-10")
    first = (project / "meetings" / "2026" / "2026-06-10.yaml").read_bytes()
    code, out, err = run(capsys, project, "new", "meeting", "--date", "2026-06-10", "--type", "extraordinary")
    assert (code, err) == (0, "") and out.startswith("wrote meetings/2026/2026-06-10-2.yaml")
    text = (project / "meetings" / "2026" / "2026-06-10-2.yaml").read_text(encoding="utf-8")
    assert "requested_by: agency\n" in text and "documents_sent: 2026-06-08\n" in text
    assert (project / "meetings" / "2026" / "2026-06-10.yaml").read_bytes() == first
    assert_checks(capsys, project, unfilled=2)


def test_a_meeting_in_a_new_year_gets_its_folder_and_the_cadence_problem_is_shown_at_once(capsys, project):
    code, out, err = run(capsys, project, "new", "meeting", "--date", "2027-01-15")
    assert (code, err) == (0, "")
    assert (project / "meetings" / "2027" / "2027-01-15.yaml").is_file()
    assert "5.9.2: the meeting of 2027-01-15 is more than 6 months after the previous one (2026-03-13)" in out


@pytest.mark.parametrize("args, message", [
    ([], "qanun: missing --date (or run the command in a terminal to be asked)\n"),
    (["--date", "2026-02-30"], "qanun: --date: “2026-02-30” is not a date; write YYYY-MM-DD\n"),
    (["--date", "2026-06-10", "--time", "9:00"], "qanun: --time: “9:00” is not a time; write HH:MM, e.g. 11:00\n"),
    (["--date", "2026-06-10", "--type", "extraordinary", "--requested-by", "uzv-vergi-1"],
     "qanun: --requested-by: `uzv-vergi-1` is not a member on 2026-06-10; write agency or a member's id\n"),
    (["--date", "2026-06-10", "--documents-sent", "2026-06-11"],
     "qanun: --documents-sent: the documents cannot be sent (2026-06-11) after the meeting (2026-06-10)\n"),
])
def test_bad_meeting_flags_are_usage_errors(capsys, project, args, message):
    code, out, err = run(capsys, project, "new", "meeting", *args)
    assert (code, out, err) == (2, "", message)
    assert not (project / "meetings" / "2026" / "2026-06-10.yaml").exists()


def test_a_project_without_meetings_cannot_get_one(capsys, tmp_path, root):
    shutil.copytree(root / "acts", tmp_path / "acts")
    code, _, err = run(capsys, tmp_path, "new", "meeting", "--date", "2026-06-10")
    assert code == 2 and err.startswith("qanun: no meetings/ folder in ")


# --- the pure parts -----------------------------------------------------------------------------------------

def test_meeting_names_and_act_ids():
    day = dt.date(2026, 6, 10)
    assert scaffold.meeting_name(day, set()) == "2026-06-10"
    assert scaffold.meeting_name(day, {"2026-06-10", "2026-06-10-2"}) == "2026-06-10-3"
    assert scaffold.derive_act_id("Vergilər Nazirliyinin Kollegiyası", dt.date(2019, 5, 8), "191705000007900") \
        == "vn-kollegiya-2019-191705000007900"
    assert scaffold.derive_act_id("Azərbaycan Respublikasının Nazirlər Kabineti", dt.date(2024, 1, 13), "21") \
        == "nk-2024-21"


def test_ask_repeats_until_the_answer_is_valid(capsys):
    answers = iter(["2025-02-30", "", "2025-02-28"])
    field = Field("adopted", "--adopted", "Adoption date", scaffold.parse_date, default=lambda a: None)
    assert ask(field, {}, read=lambda prompt: next(answers)) == dt.date(2025, 2, 28)
    assert capsys.readouterr().out == "“2025-02-30” is not a date; write YYYY-MM-DD\nan answer is needed\n"
    optional = Field("title", "--title", "Title", scaffold.parse_text, required=False)
    assert ask(optional, {}, read=lambda prompt: "") is None
    with_default = Field("type", "--type", "Type", scaffold.parse_text, default=lambda a: "qərar")
    prompts = []
    assert ask(with_default, {}, read=lambda prompt: prompts.append(prompt) or "") == "qərar"
    assert prompts == ["Type [qərar]: "]


# --- a person at a terminal ---------------------------------------------------------------------------------

def test_at_a_terminal_only_what_no_flag_gave_is_asked(capsys, project, monkeypatch):
    """Flags still count at a terminal; the rest is asked, defaults in brackets (today in Baku, the derived id)."""
    import generator.cli_new as cli_new

    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(dt.datetime(2025, 3, 1, 12, tzinfo=dt.timezone.utc).timestamp())))
    replies = {"Id of the act it amends": "nk-2024-21", "Kind of act": "", "Number": "36", "Adoption date": "",
               "Date of entry into force": "2025-02-28", "Title": "", "Cited as": "Azərbaycan Respublikası Nazirlər "
               "Kabinetinin Qərarı", "Id": ""}
    retried, prompts = iter(["2025-03-15"]), []

    def read(prompt: str) -> str:
        prompts.append(prompt)
        if prompt.startswith("Date of entry into force") and prompts.count(prompt) == 2:
            return next(retried)  # the first answer was before adoption: asked again
        return replies[max((k for k in replies if prompt.startswith(k)), key=len)]

    monkeypatch.setattr(cli_new, "_asker", lambda: lambda field, answers: ask(field, answers, read=read))
    code, out, err = run(capsys, project, "new", "amendment", "--issuer", "Nazirlər Kabineti")
    assert (code, err) == (0, ""), err
    assert "the act cannot come into force (2025-02-28) before it is adopted (2025-03-01)" in out
    assert prompts[1:5] == ["Kind of act (qərar, qanun, məcəllə, fərman, sərəncam, əmr, konstitusiya) [qərar]: ",
                            "Number: ", "Adoption date (YYYY-MM-DD) [2025-03-01]: ",
                            "Date of entry into force (YYYY-MM-DD) (Enter: none): "]
    assert prompts[-1] == "Id [nk-2025-36]: " and not any(p.startswith("Issuing body") for p in prompts)
    text = (project / "acts" / "nk-2025-36.yaml").read_text(encoding="utf-8")
    assert "in_force: 2025-03-15\n" in text
    assert_checks(capsys, project)


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
def test_interactive_meeting_in_a_pseudo_terminal(project):
    import pty

    env = {**os.environ, "QANUN_LANG": "en", "PYTHONIOENCODING": "utf-8",
           "SOURCE_DATE_EPOCH": str(int(dt.datetime(2026, 6, 10, 12, tzinfo=dt.timezone.utc).timestamp()))}
    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "generator", "-C", str(project), "new", "meeting"],
                            stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True,
                            cwd=Path(__file__).resolve().parent.parent)
    os.close(slave)
    screen = _Screen(master)
    try:
        screen.answer("Meeting date (YYYY-MM-DD) [2026-06-10]: ", "2026-06-31")  # bad: asked again
        screen.answer("Meeting date (YYYY-MM-DD) [2026-06-10]: ", "")  # Enter: today in Baku
        screen.answer("Type (ordinary, extraordinary) [ordinary]: ", "extraordinary")
        screen.answer("Requested by (agency or a member's id) [agency]: ", "uzv-asan")
        screen.answer("Start time (HH:MM) (Enter: none): ", "25:00")
        screen.answer("Start time (HH:MM) (Enter: none): ", "10:30")
        screen.answer("Day the agenda documents were sent (YYYY-MM-DD) [2026-06-08]: ", "")
        screen.wait_for("then run `qanun check`")
        assert proc.wait(timeout=30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(master)
    assert "“2026-06-31” is not a date; write YYYY-MM-DD" in screen.text
    assert "“25:00” is not a time" in screen.text
    assert "wrote meetings/2026/2026-06-10.yaml" in screen.text
    text = (project / "meetings" / "2026" / "2026-06-10.yaml").read_text(encoding="utf-8")
    assert "type: extraordinary\nrequested_by: uzv-asan\n" in text.replace(
        "# Təşəbbüskar (requested by): agency (Agentlik) və ya Katibliyə müraciət edən üzvün id-si (5.9.2).\n", "")
    assert 'time: "10:30"\n' in text and "documents_sent: 2026-06-08\n" in text


class _Screen:
    """What the command wrote to the terminal so far, read as it comes."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.text = ""
        self.seen = 0

    def wait_for(self, wanted: str, timeout: float = 30) -> None:
        import select

        deadline = time.monotonic() + timeout
        while wanted not in self.text[self.seen:]:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self.fd], [], [], left)[0]:
                raise AssertionError(f"timed out waiting for {wanted!r}; the terminal shows:\n{self.text}")
            try:
                chunk = os.read(self.fd, 4096)
            except OSError:  # the command ended and closed the terminal
                chunk = b""
            if not chunk:
                raise AssertionError(f"the command ended before {wanted!r}; the terminal shows:\n{self.text}")
            self.text += chunk.decode("utf-8", "replace").replace("\r\n", "\n")
        self.seen = self.text.index(wanted, self.seen) + len(wanted)

    def answer(self, prompt: str, reply: str) -> None:
        self.wait_for(prompt)
        os.write(self.fd, reply.encode("utf-8") + b"\n")
