"""Skeletons for new sources (`qanun new act|amendment|meeting`): pure functions from answers to YAML text.

A skeleton is valid as written: `qanun check` passes right after `qanun new`. What the author must still
supply is either a commented-out example (provisions, changes, place …) or, where the schema needs a value,
a text marked DOLDURUN ("fill in") in a field that is never published as written (a restricted agenda
item). Nothing here invents the wording of a real act: the act's words come from the author.

Comments in the skeletons are Azerbaijani with English in brackets: the Secretariat reads Azerbaijani.
Reading the project (which acts and members exist, which file names are taken) and writing the file
happen in cli_new.py; everything here takes those facts as arguments.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from .i18n import _
from .language import Case, inflect
from .schemacheck import schema
from .meetings.model import MeetingKind
from .meetings.rules import NOTICE_DAYS, quorum_needed
from .placeholders import PLACEHOLDER  # "fill in": marks every value the author must replace

ACT_TYPES: tuple[str, ...] = tuple(schema("act")["properties"]["type"]["enum"])  # qərar first: the usual one
LAW_STYLE_TYPES = ("qanun", "məcəllə", "konstitusiya")  # laws and codes: notes count sentences in words
MEETING_TYPES: tuple[str, ...] = tuple(schema("meeting")["properties"]["type"]["enum"])
AGENCY = "agency"
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_TIME = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")


# --- answers: parsing and checking what a person typed ------------------------------------------------
# Each parser returns the clean value or raises ValueError with a message fit to show as is.

def parse_date(value: str) -> dt.date:
    """YYYY-MM-DD only: Python would also take 20240113 or 2024-W02, which the schema refuses."""
    text = value.strip()
    try:
        if _ISO_DATE.match(text):
            return dt.date.fromisoformat(text)
    except ValueError:
        pass
    raise ValueError(_("“{value}” is not a date; write YYYY-MM-DD", value=text))


def parse_time(value: str) -> str:
    text = value.strip()
    if not _TIME.match(text):
        raise ValueError(_("“{value}” is not a time; write HH:MM, e.g. 11:00", value=text))
    return text


def parse_id(value: str) -> str:
    text = value.strip()
    if not _ID.match(text):
        raise ValueError(_("“{value}” is not an id: use small letters a-z, digits and hyphens, starting with a "
                           "letter or digit", value=text))
    return text


def parse_text(value: str) -> str:
    """A value written as one line: runs of spaces are layout, as everywhere in the sources."""
    text = " ".join(value.split())
    if not text:
        raise ValueError(_("this cannot be empty"))
    return text


def parse_choice(choices: tuple[str, ...]):
    def parse(value: str) -> str:
        text = value.strip()
        if text not in choices:
            raise ValueError(_("“{value}” is not allowed; expected one of: {choices}", value=text,
                               choices=", ".join(choices)))
        return text
    return parse


def parse_cited_as(value: str) -> str:
    """Notes decline `cited_as` (“…Qərarının”): the loader refuses a last word without its possessive ending."""
    text = parse_text(value)
    try:
        inflect(text, Case.GEN, possessive=True)
    except ValueError:
        raise ValueError(_("“{value}” must end in the form citations use, with its possessive ending (e.g. "
                           "“… Qərarı”, “… Qanunu”)", value=text)) from None
    return text


# --- acts -------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ActDraft:
    """What the author told us about a new act; everything else in the skeleton is an example to fill in."""

    id: str
    type: str
    number: str
    adopted: dt.date
    issuer: str | None = None
    cited_as: str | None = None
    title: str | None = None
    in_force: dt.date | None = None


@dataclass(frozen=True)
class AmendedAct:
    """The act an amendment changes, as far as the examples in the skeleton need it."""

    id: str
    annexes: tuple[str, ...] = ()
    body_provision: str | None = None  # a real provision number of the act's own text, for the examples
    annex_provision: str | None = None  # and of its first annex


def derive_act_id(issuer: str | None, adopted: dt.date, number: str) -> str:
    """`<issuer>-<year>-<number>`, the project's naming convention (nk-2024-21, in-kollegiya-2020-4)."""
    from .importer.identity import derive_id  # the importer names acts the same way; one rule, one place

    return derive_id(issuer, None, None, adopted, number)


def check_in_force(adopted: dt.date, in_force: dt.date) -> dt.date:
    if in_force < adopted:
        raise ValueError(_("the act cannot come into force ({in_force}) before it is adopted ({adopted})",
                           in_force=in_force, adopted=adopted))
    return in_force


def act_source(draft: ActDraft, schema_ref: str, amends: AmendedAct | None = None) -> str:
    """The YAML text of a new act; with `amends`, an amending act whose (empty) `changes` target that act."""
    command = "amendment --amends " + amends.id if amends else "act"
    lines = [
        f"# yaml-language-server: $schema={schema_ref}",
        f"# `qanun new {command}` ilə yaradılıb (created by `qanun new {command}`).",
        f"# {PLACEHOLDER} yazılan yerləri aktın rəsmi mətnindən doldurun, lazım olan nümunələrin qarşısındakı “#”",
        "# işarəsini silin, sonra `qanun check` işlədin. (Fill in what is marked DOLDURUN from the act's official",
        "# text, uncomment the examples you need, then run `qanun check`.) Hər sahə: docs/az/reference.md.",
        "kind: act",
        "# İdentifikator (id): faylın adı ilə eynidir; dəyişikliklərin `target.act` sahəsində işlədilir.",
        f"id: {draft.id}",
        "# Aktın növü (kind of act): " + ", ".join(ACT_TYPES) + ".",
        f"type: {draft.type}",
        "# Qeydlərin üslubu (note style): register — Dövlət Reyestrinin üslubu; law — qanunlar və məcəllələr.",
        f"note_style: {'law' if draft.type in LAW_STYLE_TYPES else 'register'}",
        "# AKTIN NÖVÜ: aktı qəbul edən orqan, Dövlət Reyestrində olduğu kimi (issuing body, verbatim).",
        _field("issuer", draft.issuer, f"{PLACEHOLDER}: aktı qəbul edən orqan"),
        "# İstinad forması (cited as): qeydlər onu hallandırır, son söz mənsubiyyət şəkilçili olur (… Qərarı).",
        _field("cited_as", draft.cited_as, f"{PLACEHOLDER}: Azərbaycan Respublikası … Qərarı"),
        "# Nömrəsi (number): həmişə dırnaq içində.",
        f"number: {_quoted(draft.number)}",
        "# ADI (title): aktın adı, olduğu kimi.",
        _field("title", draft.title, f"{PLACEHOLDER}: aktın adı"),
        "# QƏBUL EDİLDİYİ TARİX (adoption date), İİİİ-AA-GG.",
        f"adopted: {draft.adopted.isoformat()}",
        "# QÜVVƏYƏ MİNMƏ TARİXİ (entry into force); yazılmayıbsa, akt qəbul edildiyi gündən tətbiq olunur.",
        f"in_force: {draft.in_force.isoformat()}" if draft.in_force else "# in_force: İİİİ-AA-GG",
        *_HEADER_EXAMPLES,
    ]
    lines += _amendment_lines(amends) if amends else _BODY_EXAMPLES
    return "\n".join(lines) + "\n"


def _field(name: str, value: str | None, placeholder: str) -> str:
    """`name: "value"`, or the field commented out with a placeholder when the author gave no value."""
    return f"{name}: {_quoted(value)}" if value else f"# {name}: {_quoted(placeholder)}"


def _quoted(text: str) -> str:
    """A double-quoted YAML scalar: JSON's escapes are YAML's, so any text the author typed stays as typed."""
    return json.dumps(text, ensure_ascii=False)


_HEADER_EXAMPLES = [
    "# Dövlət Reyestri (State Register): qeydiyyat nömrəsi (14 rəqəm) və Reyestrə daxil edildiyi tarix.",
    "# register:",
    f"#   number: \"{PLACEHOLDER}\"",
    "#   entered: İİİİ-AA-GG",
    "# RƏSMİ DƏRC EDİLDİYİ MƏNBƏ (official publication):",
    "# publication:",
    "#   - source: Azərbaycan Respublikasının Qanunvericilik Toplusu",
    "#     year: İİİİ",
    f"#     issue: \"{PLACEHOLDER}\"",
    f"#     article: \"{PLACEHOLDER}\"",
    "# Təsnifat kodları (classification codes), “020.020.020” şəklində:",
    "# classification:",
    f"#   - \"{PLACEHOLDER}\"",
]

_BODY_EXAMPLES = [
    "# Preambula (preamble) və qərar düsturu (enacting formula), olduğu kimi:",
    "# preamble: >-",
    f"#   {PLACEHOLDER}: preambulanın mətni",
    "# enacting_formula: \"qərara alır:\"",
    "# Müddəalar (provisions): hər biri nömrəsi (dırnaq içində), növü (bənd, maddə …) və mətni ilə, olduğu kimi.",
    "# provisions:",
    "#   - num: \"1\"",
    "#     unit: bənd",
    "#     text: >-",
    f"#       {PLACEHOLDER}: 1-ci bəndin mətni",
    "# İmzalayanlar (signatories):",
    "# signatories:",
    f"#   - name: \"{PLACEHOLDER}\"",
    f"#     position: \"{PLACEHOLDER}\"",
    "# Əlavələr (annexes), məsələn təsdiq edilmiş Əsasnamə: id, title və provisions ilə (docs/az/reference.md).",
]


def _amendment_lines(amends: AmendedAct) -> list[str]:
    target = f"act: {amends.id}"
    # the first example targets the first annex when there is one (amendments mostly change annexes)
    annex = f", annex: {amends.annexes[0]}" if amends.annexes else ""
    first = (amends.annex_provision if amends.annexes else amends.body_provision) or PLACEHOLDER
    body = amends.body_provision or PLACEHOLDER
    known = ", ".join(amends.annexes) if amends.annexes else "yoxdur (none)"
    return [
        "# Eyni gündə eyni aktı dəyişən başqa dəyişdirici akt da varsa, sıra (order; kiçik ədəd əvvəl):",
        "# order: 1",
        f"# Dəyişikliklər (changes): bu aktın `{amends.id}` aktına etdiyi dəyişikliklər, aktda göstərildiyi",
        "# ardıcıllıqla; hər biri bir hədəf (target) və bir əməldir (one action). Yazanda `changes: []` sətrini",
        "# silin və aşağıdakı nümunələri açın (uncomment the examples and remove `changes: []`).",
        "# Bütün əməllər (every action): replace_words, delete_words, insert_words, restate, add_provision,",
        "# add_sentence, delete_provision, delete_sentence, renumber, repeal — docs/az/reference.md.",
        f"# `{amends.id}` aktının əlavələri (annexes): {known}.",
        "changes: []",
        "# changes:",
        f"#   - target: {{{target}{annex}, provision: \"{first}\"}}",
        "#     replace_words:",
        f"#       old: \"{PLACEHOLDER}: əvəz edilən sözlər\"",
        f"#       new: \"{PLACEHOLDER}: yeni sözlər\"",
        f"#   - target: {{{target}, provision: \"{body}\"}}",
        f"#     delete_words: \"{PLACEHOLDER}: çıxarılan sözlər\"",
    ]


# --- meetings -----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class MeetingDraft:
    date: dt.date
    type: str = "ordinary"
    documents_sent: dt.date | None = None  # None: the latest day 5.8 allows
    requested_by: str | None = None
    time: str | None = None

    @property
    def sent(self) -> dt.date:
        return self.documents_sent or latest_notice(self.date, self.type)


@dataclass(frozen=True)
class Seat:
    """A member on the meeting's date, as the skeleton lists them (the membership is public)."""

    id: str
    name: str
    role: str  # head, deputy, member


def latest_notice(date: dt.date, meeting_type: str) -> dt.date:
    """5.8: agenda documents reach the members 5 calendar days before (2 for an extraordinary meeting)."""
    return date - dt.timedelta(days=NOTICE_DAYS[MeetingKind(meeting_type)])


def meeting_name(date: dt.date, taken: set[str]) -> str:
    """The file stem for a meeting on `date`: the date, or date-2, date-3 … for a further meeting that day."""
    stem, n = date.isoformat(), 1
    while (stem if n == 1 else f"{stem}-{n}") in taken:
        n += 1
    return stem if n == 1 else f"{stem}-{n}"


def meeting_source(draft: MeetingDraft, schema_ref: str, seats: tuple[Seat, ...], stem: str) -> str:
    """The YAML text of a new meeting: every member of the day listed as present, one agenda item to fill in."""
    rapporteur = next((s.id for role in ("head", "deputy", "member") for s in seats if s.role == role),
                      PLACEHOLDER.lower())
    days = NOTICE_DAYS[MeetingKind(draft.type)]
    lines = [
        f"# yaml-language-server: $schema={schema_ref}",
        "# Koordinasiya Qrupunun iclası: `qanun new meeting` ilə yaradılıb (meeting of the Coordination Group,",
        f"# created by `qanun new meeting`). {PLACEHOLDER} yazılan yerləri protokola əsasən doldurun, lazım olan",
        "# nümunələrin qarşısındakı “#” işarəsini silin, sonra `qanun check` işlədin. (Fill in what is marked",
        "# DOLDURUN from the minutes, uncomment the examples you need, then run `qanun check`.)",
        "kind: meeting",
        f"# İclasın tarixi (date); fayl da belə adlanır: meetings/{draft.date.year}/{stem}.yaml.",
        f"date: {draft.date.isoformat()}",
        "# Başlama vaxtı (start time), SS:DD, dırnaq içində (5.6.1).",
        f"time: {_quoted(draft.time)}" if draft.time else "# time: \"SS:DD\"",
        "# İclasın növü (type): ordinary (adi) və ya extraordinary (növbədənkənar) (5.9.2).",
        f"type: {draft.type}",
    ]
    if draft.type == "extraordinary":
        lines += ["# Təşəbbüskar (requested by): agency (Agentlik) və ya Katibliyə müraciət edən üzvün id-si (5.9.2).",
                  f"requested_by: {draft.requested_by or AGENCY}"]
    lines += [
        "# İclasın yeri (place), öz əlçatanlıq qeydi ilə (with its own access mark, 5.6.1):",
        "# place:",
        "#   access: public",
        f"#   text: \"{PLACEHOLDER}: iclasın keçirildiyi yer\"",
        f"# Gündəlik sənədlərinin üzvlərə göndərildiyi gün (documents sent): iclasdan ən azı {days} təqvim günü",
        "# əvvəl (5.8)." + ("" if draft.documents_sent else " Burada ən gec mümkün gün yazılıb: həqiqi günü yazın."),
        f"documents_sent: {draft.sent.isoformat()}",
        "# İştirak edən üzvlər (members present): bu tarixdə Qrupun bütün üzvləri yazılıb (members.yaml);",
        f"# iştirak etməyənləri silin. Kvorum (5.9.1): {len(seats)} üzvdən ən azı {quorum_needed(len(seats))} nəfər.",
    ]
    lines += ["present:", *[f"  - {s.id}  # {s.name}{_ROLE_WORD.get(s.role, '')}" for s in seats]] if seats \
        else ["present: []"]
    lines += _meeting_body(rapporteur)
    return "\n".join(lines) + "\n"


_ROLE_WORD = {"head": " — rəhbər (head)", "deputy": " — rəhbərin müavini (deputy head)"}


def _meeting_body(rapporteur: str) -> list[str]:
    return [
        "# Dəvət olunmuşlar (guests; 4.1.4, 4.1.5): təklif və rəy verə bilərlər, səs vermirlər (5.11).",
        "# guests:",
        f"#   - id: {PLACEHOLDER.lower()}",
        f"#     name: \"{PLACEHOLDER}: adı və soyadı\"",
        f"#     organisation: \"{PLACEHOLDER}: təmsil etdiyi təşkilat\"",
        "#     basis: \"4.1.4\"",
        "#     access: public",
        "# Gündəlik (agenda): məsələlər ardıcıllıqla, ən azı biri.",
        "agenda:",
        f"  - title: \"{PLACEHOLDER}: gündəlik məsələsinin adı\"",
        "    # Əlçatanlıq (access): doldurulana qədər məhdud (restricted) saxlanılır ki, heç nə təsadüfən dərc",
        "    # olunmasın. Dərc oluna bilərsə, `access: public` yazın və legal_basis sətrini silin; məhdud qalırsa,",
        "    # məhdudiyyətin qanuni əsasını yazın. (Kept restricted until filled in, so nothing is published by",
        "    # accident.)",
        "    access: restricted",
        f"    legal_basis: \"{PLACEHOLDER}: məhdudiyyətin qanuni əsası (və ya access: public)\"",
        "    # Məruzəçi (rapporteur): rəhbər, müavin və ya iclasda iştirak edən üzv (5.9.3).",
        f"    rapporteur: {rapporteur}",
        "    # Xarakteri (nature): organisational (təşkilati, qərarla həll olunur) və ya substantive (digər",
        "    # məsələlər: təklif və tövsiyələrlə) (5.10).",
        "    nature: substantive",
        "    # Müzakirənin xülasəsi (summary):",
        "    # summary:",
        "    #   access: public",
        f"    #   text: \"{PLACEHOLDER}: müzakirənin qısa məzmunu\"",
        "    # Gündəliyə daxil edilmiş sənədlər (documents, 5.8):",
        "    # documents:",
        f"    #   - title: \"{PLACEHOLDER}: sənədin adı\"",
        "    #     access: public",
        "    # Səsə qoyulmuş aktlar (acts put to the vote): decision (yalnız təşkilati məsələlər), proposal və ya",
        "    # recommendation (5.10); səslər iştirak edən üzvlərindir (5.9.4); qəbul edilmiş aktı rəhbər imzalayır.",
        "    # acts:",
        "    #   - kind: recommendation",
        f"    #     addressee: \"{PLACEHOLDER}: ünvanlandığı orqan\"",
        f"    #     text: \"{PLACEHOLDER}: aktın mətni\"",
        "    #     access: public",
        "    #     votes: {for: 0, against: 0, abstained: 0}",
        f"    #     signed_by: {rapporteur}",
        "# Protokol (minutes): akt qəbul edilibsə, iştirak edən hər üzv imzalayır (5.9.5).",
        "# minutes:",
        "#   signed_by: []",
    ]


# --- where the schema is ------------------------------------------------------------------------------

def schema_ref(schema: Path, written: Path) -> str:
    """The `$schema` path as the YAML language server wants it: relative to the new file's folder, with `/`."""
    try:
        return Path(os.path.relpath(schema.resolve(), written.resolve().parent)).as_posix()
    except ValueError:  # another drive on Windows: no relative path exists
        return schema.resolve().as_uri()
