"""Restricted information under attack: hidden in odd places, it never reaches the site, or the leak scan stops it
(issue 8, point 4).

Each case is a meeting source (made up, never real records) that hides a secret somewhere. The output is what
the site publishes from the public view, made by the site's own functions: the Coordination Group's pages
(`site.group_pages`, render/meetings_html.py), its downloads (`site.group_files`: the public annual report as
DOCX, through pandoc), and a JSON dump of the public view. Then the leak scan (`scan` with `restricted_values`
of the full records, as `qanun build` runs it) looks at every file.

Outcomes, decided from the output and never from the code under test: the secret is absent from every output
file (searched for with the scanner's own folding and unescaping, and as a plain substring); or it is there and
the scan reports it as a leak, naming the source field and never the text; or the loader refuses the source
(with `path:line:col`), so nothing is built. A quotation shorter than the scan's FRAGMENT words is published and
not flagged: that limit is part of the table, with its own case.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest

from generator import site as S
from generator.errors import Diagnostic, Loc
from generator.language import az_upper
from generator.meetings import load_records, public_view, restricted_values, scan
from generator.meetings.folding import strings
from generator.meetings.leakscan import FRAGMENT, RestrictedValue
from generator.meetings.model import Records
from hostile_cases import (
    CAUGHT_BY_SCAN, NEVER_PUBLISHED, NOT_A_LEAK, REJECTED_BY_LOADER, Case, cases, check,
)

ROOT = Path(__file__).resolve().parent.parent
AS_OF = dt.date(2026, 1, 1)
BASIS = 'legal_basis: "Test: “Fərdi məlumatlar haqqında” Azərbaycan Respublikasının Qanunu"'
PRESENT = "[rehber, muavin, uzv-vergi-1, uzv-edliyye, uzv-emek, uzv-gomruk, uzv-emlak, uzv-asan]"

# The secrets: made-up words, so that nothing else in the output contains them by chance.
SECRET = "Qapalı Zərfdə Saxlanan Məxfi Qərəmçəli Arayışı"
NAME = "Sirrəddin Gizliyev Məxfiqulu oğlu"
LONG_TEXT = ("Qərəmçəli rayonundakı anbarın yoxlanılması zamanı aşkar edilmiş çatışmazlıqlar barədə arayış "
             "Nazirlər Kabinetinə təqdim edilsin və sahibkarın adı açıqlanmasın")
EIGHT = LONG_TEXT.split()[1:1 + FRAGMENT]  # eight consecutive words of the restricted act's text
COMMENT = "Şərhdəki Sirr Zümrüdqayalı Kölgəbəy"


def _item(title: str, access: str = "access: public", extra: str = "") -> str:
    return (f"  - title: {json.dumps(title, ensure_ascii=False)}\n    {access}\n    rapporteur: muavin\n"
            f"    nature: substantive\n{extra}")


def _restricted(indent: int = 4) -> str:
    return f"access: restricted\n{' ' * indent}{BASIS}"


def _act(text: str, restricted: bool = False, votes: str = "{for: 8, against: 0, abstained: 0}") -> str:
    access = _restricted(8) if restricted else "access: public"
    return (f"    acts:\n      - kind: proposal\n        addressee: Azərbaycan Respublikasının Nazirlər Kabineti\n"
            f"        text: {json.dumps(text, ensure_ascii=False)}\n        {access}\n"
            f"        votes: {votes}\n        signed_by: rehber\n")


def _summary(text: str) -> str:
    return f"    summary:\n      access: public\n      text: {json.dumps(text, ensure_ascii=False)}\n"


def meeting(agenda: str, guests: str = "", head: str = "") -> str:
    return (f"# test fixture, not a real meeting\n{head}sample: true\nkind: meeting\ndate: 2025-02-14\ntype: ordinary\n"
            f"documents_sent: 2025-02-07\npresent: {PRESENT}\n{guests}agenda:\n{agenda}"
            f"minutes:\n  signed_by: {PRESENT}\n")


def _guest(name: str, access: str, organisation: str = "Test Təşkilatı") -> str:
    return (f"guests:\n  - id: qonaq-1\n    name: {json.dumps(name, ensure_ascii=False)}\n"
            f"    organisation: {json.dumps(organisation, ensure_ascii=False)}\n    basis: \"4.1.5\"\n    {access}\n")


COMPLAINT = f"""# test fixture, not a real complaint
sample: true
kind: complaint
id: test-1
received: 2025-01-20
complainant:
  name: "{NAME}"
about:
  access: restricted
  {BASIS}
  body: Dövlət Vergi Xidməti
  text: "Arayışın verilməsi gecikdirilib."
"""

# The sources of each case: meeting file text, and whether a complaint file is added. `secret` is what must not be
# published (or must be flagged).
SOURCES: dict[str, tuple[str, str, bool]] = {
    "restricted-item-title": (meeting(_item(SECRET, _restricted()) + _item("Açıq məsələ")), SECRET, False),
    "public-title-holds-restricted": (
        meeting(_item(f"{NAME} ilə görüşün nəticələri"), _guest(NAME, _restricted())), NAME, False),
    "restricted-guest-name": (meeting(_item("Açıq məsələ"), _guest(NAME, _restricted(), SECRET)), NAME, False),
    "guest-is-complainant": (meeting(_item("Açıq məsələ"), _guest(NAME, "access: public")), NAME, True),
    "vote-note": (meeting(_item("Açıq məsələ", extra=_act(
        "Açıq tövsiyə mətni.", votes=f"{{for: 8, against: 0, abstained: 0, note: \"{SECRET}\"}}"))), SECRET, False),
    "restricted-act-in-public-item": (
        meeting(_item("Açıq məsələ", extra=_act(SECRET, restricted=True))), SECRET, False),
    "attachment-field": (meeting(_item("Açıq məsələ", extra=(
        f"    documents:\n      - title: Açıq sənəd\n        access: public\n        file: \"{SECRET}.pdf\"\n"))),
        SECRET, False),
    "restricted-attachment-title": (meeting(_item("Açıq məsələ", extra=(
        f"    documents:\n      - title: \"{SECRET}\"\n        access: restricted\n        {BASIS}\n"))), SECRET, False),
    "output-file-name": (meeting(_item(SECRET, _restricted())), SECRET, False),
    "yaml-comments": (meeting(
        f"  # {COMMENT}\n" + _item("Açıq məsələ", extra=f"    # {COMMENT}\n").replace(
            "nature: substantive", f"nature: substantive  # {COMMENT}")
        + f"  - {{title: Başqa məsələ, access: public, rapporteur: muavin, nature: substantive}}  # {COMMENT}\n"
        + f"# {COMMENT}\n",
        head=f"# {COMMENT}\n"), COMMENT, False),
    "verbatim-quote": (meeting(
        _item("Gizli məsələ", _restricted(), _act(LONG_TEXT, restricted=True))
        + _item("Açıq məsələ", extra=_summary(f"Müzakirədə bildirildi ki, {' '.join(EIGHT)}, dedilər."))),
        " ".join(EIGHT), False),
    "verbatim-quote-disguised": (meeting(
        _item("Gizli məsələ", _restricted(), _act(LONG_TEXT, restricted=True))
        + _item("Açıq məsələ", extra=_summary(
            "Qeyd: " + az_upper(", ".join(EIGHT[:4])) + "\n" + "; ".join(EIGHT[4:]) + "."))),
        " ".join(EIGHT), False),
    "short-quote": (meeting(
        _item("Gizli məsələ", _restricted(), _act(LONG_TEXT, restricted=True))
        + _item("Açıq məsələ", extra=_summary(f"Müzakirədə bildirildi ki, {' '.join(EIGHT[:-1])}, dedilər."))),
        " ".join(EIGHT[:-1]), False),
}


def write_project(folder: Path, case_id: str) -> None:
    text, _, complaint = SOURCES[case_id]
    (folder / "meetings" / "2025").mkdir(parents=True)
    (folder / "meetings" / "members.yaml").write_text((ROOT / "meetings" / "members.yaml").read_text(encoding="utf-8"),
                                                      encoding="utf-8")
    (folder / "meetings" / "2025" / "2025-02-14.yaml").write_text(text, encoding="utf-8")
    if complaint:
        (folder / "meetings" / "complaints").mkdir()
        (folder / "meetings" / "complaints" / "test-1.yaml").write_text(COMPLAINT, encoding="utf-8")


def publish(records: Records, ctx, out: Path) -> None:
    """What the site publishes of the Group's records, made by the site's functions from the public view only."""
    view = public_view(records)
    files: dict[str, bytes] = {p: t.encode("utf-8") for p, t in S.group_pages(ctx, view).items()}
    files.update(S.group_files(view))
    files["koordinasiya-qrupu/public-view.json"] = json.dumps(dataclasses.asdict(view), default=str,
                                                              ensure_ascii=False).encode("utf-8")
    for path, data in files.items():
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def published(out: Path, secret: str) -> bool:
    """Whether `secret` stands in any output file: with the scanner's folding and unescaping, or as plain text."""
    probe = RestrictedValue(secret, Loc("probe"), "probe", "probe")
    raw = any(secret in p.read_bytes().decode("utf-8", "replace") for p in out.rglob("*") if p.is_file())
    return raw or bool(scan(out, [probe]).findings)


def observe(problems: list[Diagnostic], records: Records | None, out: Path, secret: str) -> str:
    """The outcome, from the loader's problems and the output folder."""
    if problems:
        located = all(p.loc.line and p.loc.col for p in problems)
        silent = all(secret not in str(p) for p in problems)  # a message must not repeat the secret either
        return REJECTED_BY_LOADER if located and silent else f"loader problems: {[str(p) for p in problems]}"
    assert records is not None
    leaks = scan(out, restricted_values(records)).leaks
    if leaks:
        silent = all(secret not in str(f) and secret not in f.file for f in leaks)
        return CAUGHT_BY_SCAN if silent else "caught, but the report repeats the secret"
    return NEVER_PUBLISHED if not published(out, secret) else NOT_A_LEAK


@pytest.fixture(scope="module")
def ctx(corpus):
    return S.context(corpus, AS_OF)


@pytest.mark.parametrize("case", cases("leak"), ids=lambda c: c.id)
def test_restricted_information_never_reaches_the_site(case: Case, ctx, tmp_path: Path) -> None:
    project, out = tmp_path / "project", tmp_path / "out"
    write_project(project, case.id)
    records, problems = load_records(project)
    secret = SOURCES[case.id][1]
    if not problems:
        publish(records, ctx, out)
    if case.id == "output-file-name":  # a careless template that names a page after a restricted title
        slug = "-".join(SECRET.lower().split())
        (out / "koordinasiya-qrupu" / slug).mkdir(parents=True)
        (out / "koordinasiya-qrupu" / slug / "index.html").write_text("<p>…</p>", encoding="utf-8")
    assert check(case, observe(problems, records, out, secret)) == case.outcome


def test_comments_never_reach_the_model(tmp_path: Path) -> None:
    """The proof behind `yaml-comments`: no string anywhere in the full records (not only the public view) holds a
    comment's words, so no renderer, however careless, could publish them."""
    write_project(tmp_path, "yaml-comments")
    source = (tmp_path / "meetings" / "2025" / "2025-02-14.yaml").read_text(encoding="utf-8")
    records, problems = load_records(tmp_path)
    assert (source.count(COMMENT), problems) == (6, [])
    found = [s for s in strings(dataclasses.asdict(records)) if "Zümrüdqayalı" in s or "Kölgəbəy" in s]
    assert found == []


def test_the_quotation_cases_quote_exactly_as_described() -> None:
    """The quotation cases are what the table says: eight consecutive words, and seven."""
    assert len(EIGHT) == FRAGMENT == 8
    assert " ".join(EIGHT) in LONG_TEXT and len(LONG_TEXT.split()) > FRAGMENT + 2
    assert set(SOURCES) == {c.id for c in cases("leak")}
