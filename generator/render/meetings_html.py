"""HTML of the Coordination Group's section of the site (pure), from the PUBLIC VIEW ONLY.

Every function here takes a `PublicRecords` (generator.meetings.public_view of the full records) and
refuses anything else: the full records hold restricted information and never reach a renderer. What a
page can show is therefore what the public view holds (5.6.3): meeting-level facts (date, kind, whether
quorate, how many items were discussed and how many were restricted), the public items and the public
acts with their votes and outcome, the public guests, the programme's public items, and complaints as
statistics with small counts suppressed.

The sample records are invented: every page that shows them carries a visible banner saying so.
Clauses of the Regulation an act relies on are linked through `ClauseLink`, which the site builds from
the consolidated Regulation (so a link always reaches an existing provision anchor).
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from ..language import ablative, format_date, format_date_short, ordinal
from ..meetings.documents import KIND_BY_NAME, MEETING_KIND, OUTCOME, STATUS
from ..meetings.public import ComplaintStatistics, PublicAct, PublicItem, PublicMeeting, PublicRecords
from .html import attr, esc
from .urls import Urls, rel

# (clause number, the meeting's date) → (link from the site root, unit word of that provision) or None
ClauseLink = Callable[[str, dt.date], "tuple[str, str] | None"]

SECTION = "Koordinasiya Qrupu"
SAMPLE_BANNER = ('<div class="banner banner-sample" role="note"><strong>NÜMUNƏ məlumat — real deyil.</strong> '
                 "Bu səhifədəki iclaslar, şəxslər, şikayətlər və qəbul edilmiş aktlar uydurulmuşdur: "
                 "sistemin necə işlədiyini göstərmək üçün nümunə məlumatlardır.</div>")
RESTRICTED_NOTE = ("Qanunla açıqlanması məhdudlaşdırılan məlumatlar dərc olunmur (Əsasnamənin 5.6.3-cü yarımbəndi); "
                   "belə məsələlərin yalnız sayı göstərilir.")
NATURE = {"organisational": "təşkilati məsələ", "substantive": "mahiyyət üzrə məsələ"}
ROLE = {"head": "rəhbər", "deputy": "rəhbərin müavini", "member": "üzv"}
INITIATIVE = {"agency": "Agentliyin təşəbbüsü ilə", "member": "üzvün müraciəti ilə"}
GUEST_BASIS = {"4.1.4": "ekspert və ya mütəxəssis (4.1.4)", "4.1.5": "sahibkarlıq subyektinin nümayəndəsi (4.1.5)"}
_UNIT_POSS = {"hissə": "hissəsi", "bənd": "bəndi", "yarımbənd": "yarımbəndi", "maddə": "maddəsi", "abzas": "abzası"}
_UNIT_BY_DEPTH = {1: "hissə", 2: "bənd", 3: "yarımbənd"}


def _public(view: object) -> PublicRecords:
    if not isinstance(view, PublicRecords):
        raise TypeError("the site renders the Coordination Group's records from the public view only "
                        "(generator.meetings.public_view(records)), never from the full records")
    return view


def few(threshold: int) -> str:
    """“3-dən az”, “6-dan az”: the label of a suppressed count."""
    return f"{ablative(threshold)} az"


def count(n: int | None, threshold: int) -> str:
    return few(threshold) if n is None else str(n)


def _banner(sample: bool) -> list[str]:
    return [SAMPLE_BANNER] if sample else []


def _sample(view: PublicRecords, meetings: tuple[PublicMeeting, ...] = ()) -> bool:
    return view.sample or any(m.sample for m in meetings) or any(p.sample for p in view.programmes)


def _open(here: str, classes: str = "") -> list[str]:
    return [f'<div class="qanun-group{(" " + classes) if classes else ""}" lang="az">']


def _breadcrumb(here: str, *trail: tuple[str, str]) -> str:
    links = [f'<a href="{attr(rel(here, Urls.group()))}">{esc(SECTION)}</a>']
    links += [f'<a href="{attr(rel(here, path))}">{esc(label)}</a>' for path, label in trail]
    return '<nav class="group-breadcrumb">' + " › ".join(links) + "</nav>"


def _clauses(nums: tuple[str, ...], day: dt.date, here: str, link: ClauseLink) -> str:
    """“Əsasnamənin 4.1.3-cü yarımbəndi, 5.10-cu bəndi”, each clause linked to its provision."""
    parts = []
    for num in nums:
        found = link(num, day)
        unit = found[1] if found else _UNIT_BY_DEPTH.get(num.count(".") + 1, "bənd")
        try:
            label = f"{ordinal(num)} {_UNIT_POSS.get(unit, unit)}"
        except ValueError:  # a clause “ç”: letters take no ordinal suffix
            label = f"{num} {_UNIT_POSS.get(unit, unit)}"
        parts.append(f'<a class="clause" href="{attr(rel(here, found[0]))}">{esc(label)}</a>' if found else esc(label))
    return "Əsasnamənin " + ", ".join(parts)


# --- the section's home -------------------------------------------------------------------------

def group_page(view: PublicRecords, here: str, link: ClauseLink, as_of: dt.date) -> str:
    view = _public(view)
    out = _open(here) + [f"<h1>{esc(SECTION)}</h1>"] + _banner(_sample(view, view.meetings))
    basis = _clauses(("5.6.3",), as_of, here, link)
    out.append(f"<p>Azərbaycan Respublikasının Kiçik və Orta Biznesin İnkişafı Agentliyi yanında daimi fəaliyyət "
               f"göstərən Koordinasiya Qrupunun iclasları, qəbul etdiyi aktlar və şikayətlər üzrə statistika. "
               f"Qanunla açıqlanması məhdudlaşdırılan məlumatlar istisna olmaqla dərc olunur ({basis}).</p>")
    out.append('<h2 id="iller">İllər üzrə</h2>')
    out.append('<table class="group-years"><thead><tr><th>İl</th><th>İclaslar</th><th>Müzakirə olunmuş məsələlər</th>'
               "<th>O cümlədən məhdud girişli</th><th>Qəbul edilmiş aktlar</th><th>İllik hesabat</th></tr></thead><tbody>")
    for year in view.years():
        ms = view.meetings_in(year)
        out.append(f'<tr><td><a href="{attr(rel(here, Urls.group_year(year)))}">{year}</a></td><td>{len(ms)}</td>'
                   f"<td>{sum(m.items_discussed for m in ms)}</td><td>{sum(m.items_restricted for m in ms)}</td>"
                   f"<td>{sum(m.acts_adopted for m in ms)}</td>"
                   f'<td><a href="{attr(rel(here, Urls.annual_report(year)))}">{esc(ordinal(year))} il üzrə hesabat</a>'
                   "</td></tr>")
    out.append("</tbody></table>")
    out.append(f'<p><a href="{attr(rel(here, Urls.complaints()))}">Şikayətlər üzrə statistika</a> '
               f"(Əsasnamənin 3.1.1-ci yarımbəndi).</p>")
    if view.members:
        out.append('<h2 id="terkib">Tərkib</h2>')
        out.append('<table class="group-members"><thead><tr><th>Ad</th><th>Vəzifə</th><th>Dövlət orqanı</th>'
                   "<th>Struktur bölmə</th><th>Qrupda</th><th>Dövr</th></tr></thead><tbody>")
        for m in view.members:
            period = f"{format_date_short(m.start)} – {format_date_short(m.end)}" if m.end else \
                f"{format_date_short(m.start)} tarixindən"
            out.append(f"<tr><td>{esc(m.name)}</td><td>{esc(m.position or '')}</td><td>{esc(m.body)}</td>"
                       f"<td>{esc(m.unit)}</td><td>{esc(ROLE.get(m.role, m.role))}</td><td>{esc(period)}</td></tr>")
        out.append("</tbody></table>")
    out.append(f'<p class="restricted-note">{esc(RESTRICTED_NOTE)}</p>')
    out.append("</div>")
    return "\n".join(out)


# --- a year -------------------------------------------------------------------------------------

def year_page(view: PublicRecords, year: int, here: str, link: ClauseLink) -> str:
    view = _public(view)
    meetings = view.meetings_in(year)
    out = _open(here) + [_breadcrumb(here), f"<h1>Koordinasiya Qrupu: {esc(ordinal(year))} il</h1>"]
    out += _banner(_sample(view, meetings))
    out.append('<h2 id="iclaslar">İclaslar</h2>')
    if meetings:
        out.append('<table class="group-meetings"><thead><tr><th>Tarix</th><th>Növ</th><th>Kvorum</th>'
                   "<th>Müzakirə olunmuş məsələlər</th><th>O cümlədən məhdud girişli</th><th>Qəbul edilmiş aktlar</th>"
                   "</tr></thead><tbody>")
        for m in meetings:
            out.append(f'<tr><td><a href="{attr(rel(here, Urls.meeting(m.id, m.date)))}">'
                       f'<time datetime="{m.date.isoformat()}">{esc(format_date(m.date))}</time></a></td>'
                       f"<td>{esc(_kind(m))}</td><td>{esc(_quorum(m))}</td><td>{m.items_discussed}</td>"
                       f"<td>{m.items_restricted}</td><td>{m.acts_adopted}</td></tr>")
        out.append("</tbody></table>")
    else:
        out.append("<p>Bu il iclas keçirilməyib.</p>")
    programme = view.programme(year)
    if programme:
        out.append('<h2 id="proqram">Fəaliyyət proqramı</h2>')
        out.append(f'<p>Təsdiq edildiyi tarix: <time datetime="{programme.approved.isoformat()}">'
                   f"{esc(format_date(programme.approved))}</time> (Əsasnamənin 5.3.1-ci yarımbəndi).</p>")
        if programme.title:
            out.append(f'<p class="programme-title">{esc(programme.title)}</p>')
        if programme.items:
            out.append("<ul>" + "".join(f"<li>{esc(t)}</li>" for t in programme.items) + "</ul>")
        if programme.items_restricted:
            out.append(f"<p>Məhdud girişli bəndlər: {programme.items_restricted}.</p>")
    stats = view.complaints_in(year)
    out.append('<h2 id="sikayetler">Şikayətlər</h2>')
    out += _statistics(view, stats) if stats else ["<p>Bu il şikayət daxil olmayıb.</p>"]
    out.append(f'<p><a href="{attr(rel(here, Urls.annual_report(year)))}">'
               f"{esc(ordinal(year))} il üzrə illik hesabat (açıq versiya)</a></p>")
    out.append(f'<p class="restricted-note">{esc(RESTRICTED_NOTE)}</p>')
    out.append("</div>")
    return "\n".join(out)


def _kind(m: PublicMeeting) -> str:
    kind = MEETING_KIND.get(m.kind, m.kind)
    return f"{kind} ({INITIATIVE[m.initiative]})" if m.initiative in INITIATIVE else kind


def _quorum(m: PublicMeeting) -> str:
    return f"{'var' if m.quorate else 'yoxdur'} ({m.present} / {m.members})"


# --- a meeting ----------------------------------------------------------------------------------

def meeting_title(m: PublicMeeting) -> str:
    return f"Koordinasiya Qrupunun iclası: {format_date(m.date)}"


def meeting_page(view: PublicRecords, meeting: PublicMeeting, here: str, link: ClauseLink) -> str:
    view = _public(view)
    if not isinstance(meeting, PublicMeeting) or meeting not in view.meetings:
        raise TypeError("a meeting page is rendered from a meeting of the public view")
    m = meeting
    out = _open(here) + [_breadcrumb(here, (Urls.group_year(m.date.year), str(m.date.year))),
                         f"<h1>{esc(meeting_title(m))}</h1>"]
    out += _banner(view.sample or m.sample)
    rows = [("Tarix", f'<time datetime="{m.date.isoformat()}">{esc(format_date(m.date))}</time>'),
            ("İclasın növü", esc(_kind(m)))]
    if m.place:
        rows.append(("Yer", esc(m.place)))
    quorum = "var: iclas səlahiyyətlidir" if m.quorate else "yoxdur: iclas səlahiyyətli deyil"
    rows.append(("İştirak edən üzvlər", esc(f"{m.present} / {m.members}")))
    rows.append(("Kvorum", f"{esc(quorum)} ({_clauses(('5.9.1',), m.date, here, link)})"))
    rows.append(("Müzakirə olunmuş məsələlər", esc(f"{m.items_discussed} (o cümlədən məhdud girişli: {m.items_restricted})")))
    rows.append(("Qəbul edilmiş aktlar", esc(f"{m.acts_adopted} (o cümlədən məhdud girişli: {m.acts_adopted_restricted})")))
    if m.guests_total:
        hidden = m.guests_total - len(m.guests)
        rows.append(("Dəvət olunmuş şəxslər", esc(f"{m.guests_total}" + (f" (o cümlədən adı dərc olunmayan: {hidden})"
                                                                          if hidden else ""))))
    out.append('<table class="meeting-facts"><tbody>' + "".join(
        f'<tr><th scope="row">{esc(label)}</th><td>{value}</td></tr>' for label, value in rows) + "</tbody></table>")
    if m.guests:
        out.append('<h2 id="qonaqlar">Dəvət olunmuş şəxslər</h2><ul class="guests">')
        for g in m.guests:
            org = f", {g.organisation}" if g.organisation else ""
            out.append(f"<li>{esc(g.name + org)} — {esc(GUEST_BASIS.get(g.basis, g.basis))}</li>")
        out.append("</ul>")
    out.append('<h2 id="gundelik">Müzakirə olunmuş məsələlər</h2>')
    for item in m.items:
        out += _item(item, m, here, link)
    if m.items_restricted:
        out.append(f'<p class="restricted-items">Məhdud girişli məsələlər: {m.items_restricted} '
                   "(məzmunu dərc olunmur).</p>")
    if not m.items and not m.items_restricted:
        out.append("<p>Gündəlikdə məsələ yoxdur.</p>")
    out.append(f'<p class="restricted-note">{esc(RESTRICTED_NOTE)}</p>')
    out.append("</div>")
    return "\n".join(out)


def _item(item: PublicItem, m: PublicMeeting, here: str, link: ClauseLink) -> list[str]:
    out = [f'<section class="agenda-item" id="mesele-{item.number}">',
           f"<h3>{item.number}. {esc(item.title)}</h3>"]
    facts = []
    if item.rapporteur:
        facts.append(f"Məruzəçi: {esc(item.rapporteur)}")
    facts.append(esc(NATURE.get(item.nature, item.nature)).capitalize())
    out.append(f'<p class="item-facts">{"; ".join(facts)}.</p>')
    if item.summary:
        out.append(f'<p class="item-summary">{esc(item.summary)}</p>')
    if item.documents or item.documents_restricted:
        docs = [f"<li>{esc(d)}</li>" for d in item.documents]
        if item.documents_restricted:
            docs.append(f"<li>Məhdud girişli sənədlər: {item.documents_restricted}</li>")
        out.append("<p>Sənədlər:</p><ul class=\"item-documents\">" + "".join(docs) + "</ul>")
    for n, act in enumerate(item.acts, 1):
        out += _act(act, f"mesele-{item.number}-akt-{n}", m, here, link)
    if item.acts_restricted:
        out.append(f"<p>Məhdud girişli aktlar: {item.acts_restricted}.</p>")
    out.append("</section>")
    return out


def _act(act: PublicAct, anchor: str, m: PublicMeeting, here: str, link: ClauseLink) -> list[str]:
    kind = KIND_BY_NAME.get(act.kind, act.kind)
    number = f" № {act.number}" if act.number else ""
    v = act.votes
    outcome = OUTCOME.get(act.outcome, act.outcome)
    if v.decided_by_chair:
        outcome += "; səslər bərabər olduqda sədrlik edənin səsi həlledici olmuşdur"
    out = [f'<div class="group-act outcome-{attr(act.outcome)}" id="{attr(anchor)}">',
           f"<h4>{esc(kind + number)}</h4>"]
    rows = []
    if act.addressee:
        rows.append(("Ünvan", esc(act.addressee)))
    rows.append(("Mətn", esc(act.text)))
    if act.relies_on:
        rows.append(("Əsas", _clauses(act.relies_on, m.date, here, link)))
    rows.append(("Səsvermə", esc(f"lehinə {v.for_}, əleyhinə {v.against}, bitərəf {v.abstained}")))
    rows.append(("Nəticə", f'<strong class="outcome">{esc(outcome)}</strong>' +
                 (f" ({_clauses(('5.9.4',), m.date, here, link)})" if v.decided_by_chair else "")))
    if act.signed_by:
        rows.append(("İmzalayıb", esc(act.signed_by)))
    out.append('<table class="act-facts"><tbody>' + "".join(
        f'<tr><th scope="row">{esc(label)}</th><td>{value}</td></tr>' for label, value in rows) + "</tbody></table>")
    out.append("</div>")
    return out


# --- complaints ---------------------------------------------------------------------------------

def _statistics(view: PublicRecords, stats: ComplaintStatistics) -> list[str]:
    rows = [f"<tr><th scope=\"row\">daxil olub (cəmi)</th><td>{esc(count(stats.received, stats.threshold))}</td></tr>"]
    rows += [f'<tr><td>{esc(STATUS.get(s, s))}</td><td>{esc(count(n, stats.threshold))}</td></tr>'
             for s, n in stats.by_status]
    return [f'<table class="complaint-stats" data-year="{stats.year}"><thead><tr><th>Vəziyyət</th><th>Say</th></tr>'
            "</thead><tbody>" + "".join(rows) + "</tbody></table>"]


def complaints_page(view: PublicRecords, here: str, link: ClauseLink, as_of: dt.date) -> str:
    view = _public(view)
    out = _open(here) + [_breadcrumb(here), "<h1>Şikayətlər üzrə statistika</h1>"]
    out += _banner(view.sample)
    out.append(f"<p>{_clauses(('3.1.1',), as_of, here, link)} üzrə Koordinasiya Qrupuna daxil olmuş şikayətlər, "
               "hazırkı vəziyyətinə görə. Yalnız statistika dərc olunur: şikayətçilərin şəxsi məlumatları və "
               "şikayətlərin məzmunu dərc olunmur. "
               f"Konkret işi müəyyən etməyə imkan verə biləcək kiçik saylar göstərilmir ({esc(few(view.threshold))} "
               "kimi yazılır).</p>")
    if not view.complaints:
        out.append("<p>Şikayət daxil olmayıb.</p>")
    for stats in view.complaints:
        out.append(f'<h2 id="il-{stats.year}">{esc(ordinal(stats.year))} il</h2>')
        out += _statistics(view, stats)
    out.append("</div>")
    return "\n".join(out)


# --- the public annual report -------------------------------------------------------------------

def annual_report_page(view: PublicRecords, year: int, here: str, report_html: str, docx: str | None) -> str:
    """The public annual report (documents.public_annual_report, already converted to HTML by pandoc)."""
    view = _public(view)
    out = _open(here, "qanun-report") + [_breadcrumb(here, (Urls.group_year(year), str(year)))]
    out += _banner(_sample(view, view.meetings_in(year)))
    if docx:
        out.append(f'<p class="downloads">Yüklə: <a href="{attr(rel(here, docx))}" type="application/vnd.'
                   'openxmlformats-officedocument.wordprocessingml.document">DOCX</a></p>')
    out.append(_safe_fragment(report_html))
    out.append("</div>")
    return "\n".join(out)


def _safe_fragment(fragment: str) -> str:
    """pandoc's HTML as one raw block: no blank line (it would end the block) and no braces (attr_list)."""
    fragment = fragment.replace("{", "&#123;").replace("}", "&#125;")
    return re.sub(r"\n\s*\n", "\n", fragment).strip()


__all__ = ["SAMPLE_BANNER", "annual_report_page", "complaints_page", "count", "few", "group_page", "meeting_page",
           "meeting_title", "year_page"]
