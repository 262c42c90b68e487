"""The Secretariat's documents, from the same records: agenda notice (5.6.1, 5.6.5), minutes (5.6.7, 5.9.5),
adopted acts, and the annual report (5.6.10); DOCX through pandoc (pypandoc-binary), run with --sandbox.

Internal documents hold restricted information. They are written only to an internal folder that is
never inside the site (`check_internal_folder` refuses it). The public annual report is built from the
public view alone — its builder does not accept the full records — and is leak-scanned before it is
written. Builders return Markdown (pure); writers are the only functions here that touch the disk.
"""
from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

from ..errors import QanunError, UsageError
from ..language import ablative, format_date, ordinal, sort_key
from .model import (
    AGENCY, ActKind, GroupAct, Meeting, MeetingKind, Member, Note, Outcome, Records, Role, Text,
)
from .public import PublicMeeting, PublicRecords
from .rules import act_outcome, chair, decided_by_chair, is_quorate, present_members
from ..i18n import _

INTERNAL = Path("build") / "internal"  # beside build/site, never inside it

SAMPLE_LINE = "NÜMUNƏ — uydurulmuş məlumat, real deyil (sample data, not real)"
KIND = {ActKind.DECISION: "Qərar", ActKind.PROPOSAL: "Təklif", ActKind.RECOMMENDATION: "Tövsiyə"}
KIND_BY_NAME = {k.value: v for k, v in KIND.items()}
MEETING_KIND = {"ordinary": "adi", "extraordinary": "növbədənkənar"}
ROLE = {Role.HEAD: "Koordinasiya Qrupunun rəhbəri", Role.DEPUTY: "Koordinasiya Qrupunun rəhbərinin müavini",
        Role.MEMBER: "Koordinasiya Qrupunun üzvü"}
OUTCOME = {"adopted": "qəbul edildi", "rejected": "qəbul edilmədi"}
STATUS = {"received": "hələ müzakirə olunmayıb", "discussed": "müzakirə olunub", "recommended": "tövsiyə təqdim edilib",
          "complied": "tövsiyəyə əməl edilib", "not_complied": "tövsiyəyə əməl edilməyib",
          "escalated": "Nazirlər Kabinetinə müraciət edilib"}
GROUP = "Azərbaycan Respublikasının Kiçik və Orta Biznesin İnkişafı Agentliyi yanında daimi fəaliyyət göstərən " \
        "Koordinasiya Qrupu"


class InternalFolderError(UsageError):
    """The internal folder would be published."""


# --- where internal documents may go ---------------------------------------------------------------

def site_folders(root: Path, site_output: Path | None = None) -> tuple[Path, ...]:
    """Folders whose content is published: the built site and the hand-written pages copied into it."""
    return (site_output or root / "build" / "site", root / "site")


def check_internal_folder(internal: Path, published: Iterable[Path]) -> Path:
    """The internal folder, resolved; refuse one inside (or equal to) a published folder."""
    resolved = internal.resolve()
    for folder in published:
        site = folder.resolve()
        if resolved == site or site in resolved.parents:
            raise InternalFolderError(
                _("the internal folder {internal} is inside the site folder {folder}: internal documents hold "
                  "restricted information and must never be published; choose a folder outside it (default: "
                  "{default})", internal=internal, folder=folder, default=INTERNAL))
    return resolved


# --- Markdown building blocks ------------------------------------------------------------------

_PUNCT = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~^$&@:;\"'=%/,?])")


def esc(text: str | Text | None) -> str:
    """Literal text for pandoc's Markdown: every ASCII punctuation mark escaped, so that source text can never
    become markup, a link or raw HTML."""
    return _PUNCT.sub(r"\\\1", " ".join(str(text or "").split()))


def _date(d) -> str:
    return esc(format_date(d))


def _header(sample: bool, title: str, subtitle: str | None = None) -> list[str]:
    lines = [f"# {esc(title)}", ""]
    if sample:
        lines += [f"**{esc(SAMPLE_LINE)}**", ""]
    if subtitle:
        lines += [esc(subtitle), ""]
    return lines


def _field(label: str, value: str) -> str:
    """A `label: value` paragraph (value already escaped); labels avoid inflecting names and numbers."""
    return f"**{esc(label)}:** {value}\n"


def _restricted(mark) -> str:
    basis = f"; hüquqi əsas: {mark.legal_basis}" if mark.legal_basis else ""
    return f" *\\[{esc('Məhdud girişli məlumat' + basis)}\\]*" if mark.restricted else ""


def _note(note: Note | None) -> str:
    return f"{esc(note.text)}{_restricted(note.access)}" if note else ""


def _table(head: list[str], rows: list[list[str]]) -> list[str]:
    """A pipe table; cells are escaped text."""
    if not rows:
        return ["*(yoxdur)*", ""]
    lines = ["| " + " | ".join(esc(h) for h in head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    lines += ["| " + " | ".join(cells) + " |" for cells in rows]
    return lines + [""]


_UNIT = {1: "hissəsi", 2: "bəndi", 3: "yarımbəndi"}  # the Regulation's units by depth, possessive after the genitive


def _clauses(nums: Iterable[str]) -> str:
    """“Əsasnamənin 5.9.2-ci yarımbəndi, 5.10-cu bəndi”."""
    return "Əsasnamənin " + ", ".join(f"{ordinal(n)} {_UNIT.get(n.count('.') + 1, 'bəndi')}" for n in nums)


def _person(member: Member | None, fallback: str) -> str:
    if member is None:
        return esc(fallback)
    return esc(f"{member.name} ({member.position + ', ' if member.position else ''}{member.body})")


# --- internal documents (full records) ---------------------------------------------------------

def agenda_notice(records: Records, meeting: Meeting) -> str:
    """5.6.1, 5.6.5: place, date, time and agenda, for the members and the invited guests."""
    ms = records.membership
    lines = _header(meeting.sample, "Koordinasiya Qrupunun iclası barədə bildiriş",
                    f"{GROUP}. Əsas: Əsasnamənin {ordinal('5.6.1')} və {ordinal('5.6.5')} yarımbəndləri.")
    lines.append(_field("İclasın növü", esc(MEETING_KIND[meeting.kind.value]) + _initiative(meeting, records)))
    lines.append(_field("Tarix", _date(meeting.date)))
    if meeting.time:
        lines.append(_field("Vaxt", esc(meeting.time)))
    if meeting.place:
        lines.append(_field("Yer", _note(meeting.place)))
    need = 5 if meeting.kind is MeetingKind.ORDINARY else 2
    rule = esc(f"({_clauses(['5.8'])}: ən azı {need} gün əvvəl)")
    lines.append(_field("Sənədlərin üzvlərə təqdim edildiyi tarix", f"{_date(meeting.documents_sent)} {rule}"))
    lines += ["", "## Gündəlik", ""]
    for n, item in enumerate(meeting.items, 1):
        lines += [f"### {n}\\. {esc(item.title)}{_restricted(item.access)}", ""]
        lines.append(_field("Məruzəçi", _person(ms.member(item.rapporteur, meeting.date), item.rapporteur)))
        for paper in item.papers:
            lines.append(_field("Sənəd", esc(paper.title) + _restricted(paper.access)))
        lines.append("")
    lines += ["## Ünvanlanır", ""]
    for member in sorted(ms.on(meeting.date), key=_by_role):
        lines.append(f"- {_person(member, member.id)} — {esc(ROLE[member.role])}")
    for guest in meeting.guests:
        org = f", {guest.organisation}" if guest.organisation else ""
        role = esc(f"dəvət olunmuş şəxs ({ordinal(guest.basis.value)} yarımbənd)")
        lines.append(f"- {esc(f'{guest.name}{org}')} — {role}{_restricted(guest.access)}")
    return "\n".join(lines) + "\n"


def _by_role(m: Member):
    return ({Role.HEAD: 0, Role.DEPUTY: 1, Role.MEMBER: 2}[m.role], sort_key(m.name))


def _initiative(meeting: Meeting, records: Records) -> str:
    if meeting.kind is not MeetingKind.EXTRAORDINARY or not meeting.requested_by:
        return ""
    if meeting.requested_by == AGENCY:
        return " " + esc("(Agentliyin təşəbbüsü ilə, 5.9.2)")
    member = records.membership.member(meeting.requested_by, meeting.date)
    return " " + esc(f"(üzvün müraciəti ilə: {member.name if member else meeting.requested_by}, 5.9.2)")


def minutes(records: Records, meeting: Meeting) -> str:
    """5.6.7, 5.9.5: the minutes, with the votes, the computed outcomes and the signatures."""
    ms = records.membership
    present = present_members(meeting, ms)
    members = ms.on(meeting.date)
    lines = _header(meeting.sample, "Koordinasiya Qrupunun iclasının protokolu", f"{GROUP}.")
    lines.append(_field("Tarix", _date(meeting.date)))
    if meeting.place:
        lines.append(_field("Yer", _note(meeting.place)))
    lines.append(_field("İclasın növü", esc(MEETING_KIND[meeting.kind.value]) + _initiative(meeting, records)))
    quorate = is_quorate(len(present), len(members)) if members else False
    verdict = "səlahiyyətlidir" if quorate else "səlahiyyətli deyil"
    lines.append(_field("Kvorum", esc(f"üzvlərin sayı {len(members)}, iştirak edən {len(present)}; iclas {verdict} "
                                      f"({ordinal('5.9.1')} yarımbənd)")))
    lines += ["", "## İştirak edən üzvlər", ""]
    lines += [f"- {_person(m, m.id)} — {esc(ROLE[m.role])}" for m in sorted(present, key=_by_role)] or ["- —"]
    absent = [m for m in members if m not in present]
    if absent:
        lines += ["", "## İştirak etməyən üzvlər", ""]
        lines += [f"- {_person(m, m.id)}" for m in sorted(absent, key=_by_role)]
    if meeting.guests:
        heading = f"Dəvət olunmuş şəxslər ({ordinal('5.11')} bənd: yalnız təklif və rəy, səs vermədən)"
        lines += ["", f"## {esc(heading)}", ""]
        for g in meeting.guests:
            org = f", {g.organisation}" if g.organisation else ""
            lines.append(f"- {esc(f'{g.name}{org}')} ({esc(ordinal(g.basis.value))} yarımbənd){_restricted(g.access)}")
    lines.append("")
    for n, item in enumerate(meeting.items, 1):
        lines += [f"## {n}\\. {esc(item.title)}{_restricted(item.access)}", ""]
        lines.append(_field("Məruzəçi", _person(ms.member(item.rapporteur, meeting.date), item.rapporteur)))
        if item.summary:
            lines.append(_field("Müzakirə", _note(item.summary)))
        for paper in item.papers:
            lines.append(_field("Sənəd", esc(paper.title) + _restricted(paper.access)))
        for j, act in enumerate(item.acts, 1):
            lines += [""] + _act_block(records, meeting, act, f"### {n}.{j}. ")
        lines.append("")
    lines += ["## İmzalar", "", esc(f"Protokol Əsasnamənin {ordinal('5.9.5')} yarımbəndinə uyğun olaraq imzalanır."), ""]
    signed = meeting.minutes.signed_by if meeting.minutes else ()
    for who in signed:
        member = ms.member(who, meeting.date)
        role = ROLE[member.role] if member else ""
        lines.append(f"- {esc(member.name if member else who)} — {esc(role)} \\_\\_\\_\\_\\_\\_\\_\\_\\_\\_")
    if not signed:
        lines.append("*(imzalanmayıb)*")
    return "\n".join(lines) + "\n"


def _act_block(records: Records, meeting: Meeting, act: GroupAct, heading: str) -> list[str]:
    ms = records.membership
    v = act.votes
    present = len(present_members(meeting, ms))
    result = act_outcome(meeting, ms, act)
    number = f" № {act.number}" if act.number else ""
    lines = [f"{heading.replace('.', chr(92) + '.')}{esc(KIND[act.kind] + number)}{_restricted(act.access)}", ""]
    if act.addressee:
        lines.append(_field("Ünvan", esc(act.addressee)))
    lines.append(_field("Mətn", esc(act.text)))
    if act.relies_on:
        lines.append(_field("Əsas", esc(_clauses(act.relies_on))))
    lines.append(_field("Səsvermə", esc(f"lehinə {v.for_}, əleyhinə {v.against}, bitərəf {v.abstained}")))
    undecided = "müəyyən edilməyib (səslər bərabərdir, həlledici səs qeyd edilməyib)"
    outcome_text = OUTCOME[result.value] if result else undecided
    if result and decided_by_chair(v, present):
        leader = chair(meeting, ms)
        who = "rəhbərin" if leader and leader.role is Role.HEAD else "rəhbərin müavininin (5.4)"
        outcome_text += f"; səslər bərabər olduqda {who} səsi həlledici olmuşdur ({ordinal('5.9.4')} yarımbənd)"
    lines.append(_field("Nəticə", esc(outcome_text)))
    if result is Outcome.ADOPTED and act.signed_by:
        signer = ms.member(act.signed_by, meeting.date)
        lines.append(_field("İmzalayır", esc(signer.name if signer else act.signed_by)))
    return lines


def adopted_acts(records: Records, meeting: Meeting) -> str:
    """The acts adopted at a meeting, each as it is sent to its addressee (5.3.2, 5.6.8)."""
    lines = _header(meeting.sample, "Koordinasiya Qrupunun qəbul etdiyi aktlar",
                    f"{GROUP}; iclas: {format_date(meeting.date)}.")
    count = 0
    for n, item in enumerate(meeting.items, 1):
        for j, act in enumerate(item.acts, 1):
            if act_outcome(meeting, records.membership, act) is Outcome.ADOPTED:
                count += 1
                lines += _act_block(records, meeting, act, f"## {n}.{j}. ") + [""]
    if not count:
        lines.append("*(bu iclasda akt qəbul edilməyib)*")
    return "\n".join(lines) + "\n"


def annual_report(records: Records, year: int) -> str:
    """5.6.10 (internal): meetings held, matters discussed, acts adopted, complaints and outcomes in a calendar year."""
    ms = records.membership
    meetings = [m for m in records.meetings if m.date.year == year]
    sample = any(m.sample for m in meetings) or records.sample
    lines = _header(sample, f"Koordinasiya Qrupunun {ordinal(year)} il üzrə fəaliyyəti barədə illik hesabat",
                    f"{GROUP}. Əsas: Əsasnamənin {ordinal('5.6.10')} yarımbəndi və {ordinal('5.7')} bəndi. "
                    "Daxili sənəddir: məhdud girişli məlumat var.")
    lines += ["## 1. Keçirilmiş iclaslar", ""]
    rows = []
    for m in meetings:
        present, total = len(present_members(m, ms)), len(ms.on(m.date))
        rows.append([_date(m.date), esc(MEETING_KIND[m.kind.value]) + _initiative(m, records),
                     esc(f"{present} / {total}"), esc("var" if total and is_quorate(present, total) else "yoxdur"),
                     esc(str(len(m.items)))])
    lines += _table(["Tarix", "Növ", "İştirak", "Kvorum", "Məsələlər"], rows)
    lines += [_field("Cəmi iclaslar", esc(str(len(meetings)))), "", "## 2. Müzakirə olunmuş məsələlər", ""]
    for m in meetings:
        lines += [f"**{_date(m.date)}**", ""]
        lines += [f"- {n}\\. {esc(i.title)}{_restricted(i.access)}" for n, i in enumerate(m.items, 1)] + [""]
    lines += ["## 3. Qəbul edilmiş aktlar", ""]
    rows = []
    for m in meetings:
        for item in m.items:
            for act in item.acts:
                if act_outcome(m, ms, act) is Outcome.ADOPTED:
                    v = act.votes
                    rows.append([_date(m.date), esc(KIND[act.kind]) + _restricted(act.access), esc(act.addressee or "—"),
                                 esc(act.text), esc(f"{v.for_} / {v.against} / {v.abstained}")])
    lines += _table(["Tarix", "Növ", "Ünvan", "Mətn", "Lehinə / əleyhinə / bitərəf"], rows)
    lines += ["## 4. Şikayətlər və onların nəticələri", "",
              esc(f"Əsasnamənin {ordinal('3.1.1')} yarımbəndi üzrə; şikayətçilərin şəxsi məlumatları bu hesabata "
                  "daxil edilmir."), ""]
    complaints = [c for c in records.complaints if c.received.year == year]
    lines += _table(["Şikayət", "Daxil olub", "Orqan", "Vəziyyət"],
                    [[esc(c.id), _date(c.received), esc(c.about.body) + _restricted(c.about.access),
                      esc(STATUS[c.status.value])] for c in complaints])
    programme = next((p for p in records.programmes if p.year == year), None)
    if programme:
        lines += ["## 5. Fəaliyyət proqramı", "", f"{esc(programme.title)}{_restricted(programme.access)}", ""]
        lines += [f"- {esc(i.text)}{_restricted(i.access)}" for i in programme.items] + [""]
    return "\n".join(lines) + "\n"


# --- the public annual report (public view only) -------------------------------------------------

def public_annual_report(public: PublicRecords, year: int) -> str:
    """The annual report as the site publishes it: built from the public view, never from the records."""
    if not isinstance(public, PublicRecords):
        raise TypeError("the public annual report is built from the public view only (public_view(records))")
    meetings = public.meetings_in(year)
    sample = public.sample
    lines = _header(sample, f"Koordinasiya Qrupunun {ordinal(year)} il üzrə fəaliyyəti barədə illik hesabat",
                    f"{GROUP}. Açıq versiya: qanunla məhdudlaşdırılan məlumatlar daxil edilmir "
                    f"(Əsasnamənin {ordinal('5.6.3')} yarımbəndi).")
    lines += ["## 1. Keçirilmiş iclaslar", ""]
    lines += _table(["Tarix", "Növ", "İştirak", "Kvorum", "Məsələlər", "O cümlədən məhdud girişli"],
                    [[_date(m.date), esc(MEETING_KIND[m.kind] + _public_initiative(m)), esc(f"{m.present} / {m.members}"),
                      esc("var" if m.quorate else "yoxdur"), esc(str(m.items_discussed)), esc(str(m.items_restricted))]
                     for m in meetings])
    lines += [_field("Cəmi iclaslar", esc(str(len(meetings)))), "", "## 2. Müzakirə olunmuş məsələlər", ""]
    for m in meetings:
        lines += [f"**{_date(m.date)}**", ""]
        lines += [f"- {i.number}\\. {esc(i.title)}" for i in m.items]
        if m.items_restricted:
            lines.append(f"- {esc(f'Məhdud girişli məsələlər: {m.items_restricted}')}")
        lines.append("")
    lines += ["## 3. Qəbul edilmiş aktlar", ""]
    rows = [[_date(m.date), esc(KIND_BY_NAME[a.kind]), esc(a.addressee or "—"), esc(a.text),
             esc(f"{a.votes.for_} / {a.votes.against} / {a.votes.abstained}")]
            for m in meetings for i in m.items for a in i.acts if a.outcome == "adopted"]
    lines += _table(["Tarix", "Növ", "Ünvan", "Mətn", "Lehinə / əleyhinə / bitərəf"], rows)
    restricted = sum(m.acts_adopted_restricted for m in meetings)
    lines += [_field("Cəmi qəbul edilmiş aktlar", esc(f"{sum(m.acts_adopted for m in meetings)} "
                                                       f"(o cümlədən məhdud girişli: {restricted})")), ""]
    lines += ["## 4. Şikayətlər və onların nəticələri", ""]
    stats = public.complaints_in(year)
    few = f"{ablative(public.threshold)} az"
    if stats is None:
        lines += ["*(şikayət daxil olmayıb)*", ""]
    else:
        lines += [esc(f"Yalnız statistika; {few} olan saylar göstərilmir."), ""]
        rows = [[esc("daxil olub (cəmi)"), esc(few if stats.received is None else str(stats.received))]]
        rows += [[esc(STATUS[s]), esc(few if n is None else str(n))] for s, n in stats.by_status]
        lines += _table(["Vəziyyət", "Say"], rows)
    programme = public.programme(year)
    if programme:
        lines += ["## 5. Fəaliyyət proqramı", ""]
        if programme.title:
            lines += [esc(programme.title), ""]
        lines += [f"- {esc(t)}" for t in programme.items]
        if programme.items_restricted:
            lines.append(f"- {esc(f'Məhdud girişli bəndlər: {programme.items_restricted}')}")
        lines.append("")
    return "\n".join(lines) + "\n"


def _public_initiative(m: PublicMeeting) -> str:
    return {"agency": " (Agentliyin təşəbbüsü ilə)", "member": " (üzvün müraciəti ilə)"}.get(m.initiative or "", "")


# --- writers ---------------------------------------------------------------------------------------

class DocumentError(QanunError):
    """pandoc could not produce a document."""


def to_docx(markdown: str, target: Path) -> Path:
    """Markdown → DOCX with pandoc, through render.pandoc.run_pandoc like every pandoc run of qanun: `--sandbox` (no
    file or network access while converting), its own process group, a time limit; written atomically."""
    from ..render.pandoc import RenderError, run_pandoc

    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        data = run_pandoc(["-f", "markdown-raw_html-raw_tex-raw_attribute", "-t", "docx", "-o", "-"],
                          markdown.encode("utf-8"))
    except (RenderError, OSError) as exc:
        raise DocumentError(_("pandoc could not write {target}: {problem}", target=target, problem=exc)) from None
    from ..pipeline import write_bytes_atomic

    write_bytes_atomic(target, data)
    return target


def _write(markdown: str, target: Path) -> Path:
    if target.suffix.lower() == ".docx":
        return to_docx(markdown, target)
    if target.suffix.lower() in (".md", ".markdown"):
        from ..pipeline import write_text_atomic
        write_text_atomic(target, markdown)
        return target
    raise UsageError(_("{target}: write .docx or .md", target=target))


def write_annual_report(records: Records, year: int, internal: Path, published: Iterable[Path]) -> Path:
    folder = check_internal_folder(internal, published)
    return to_docx(annual_report(records, year), folder / f"illik-hesabat-{year}.docx")


def write_meeting_documents(records: Records, meeting: Meeting, internal: Path, published: Iterable[Path]) -> list[Path]:
    """Agenda notice, minutes and adopted acts of one meeting, into the internal folder."""
    folder = check_internal_folder(internal, published) / meeting.id
    return [to_docx(agenda_notice(records, meeting), folder / "gundelik-bildiris.docx"),
            to_docx(minutes(records, meeting), folder / "protokol.docx"),
            to_docx(adopted_acts(records, meeting), folder / "aktlar.docx")]


def write_public_annual_report(records: Records, year: int, target: Path, *, threshold: int | None = None,
                               public_texts: Iterable[str] = ()) -> Path:
    """The public annual report (.docx or .md), from the public view, leak-scanned before it is put in place."""
    from .leakscan import restricted_values, scan
    from .public import THRESHOLD, public_view

    view = public_view(records, threshold=threshold or THRESHOLD)
    with tempfile.TemporaryDirectory(prefix="qanun-public-report-") as tmp:
        staged = _write(public_annual_report(view, year), Path(tmp) / target.name)
        scan(Path(tmp), restricted_values(records, public_texts)).raise_for_leaks()
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(staged), str(target))
    return target
