"""HTML rendering of consolidated versions (pure): the blocks of `layout()` → fragments for the site.

Source wording is always escaped, never interpreted: the fragments are put into Markdown pages as
raw HTML blocks, so besides HTML's own characters, `{` and `}` are written as character references
(attr_list could otherwise read `{: …}` in an act's text) and no fragment holds a blank line (which
would end the raw block and hand the rest to Markdown).

Anchors: every provision has an id from its number in the version shown (`5.9.4`; annex provisions
on the act's page get the annex id in front, `meyarlar-2.5`, because body and annex both have a
point 1), and one from its stable identity (`wid-esasname-5.9.4`) that survives renumbering. Numbers
a provision had in other versions, unused in this one, are kept as extra anchors, so an old link
still reaches the provision in its new place.
"""
from __future__ import annotations

import datetime as dt
import html
import json
import re
from dataclasses import dataclass
from typing import Iterable

from ..consolidate import History, Note, Version, VersionedProvision
from ..language import format_date, format_date_short
from ..model import BODY, Act
from ..notes import citation
from ..textedit import DEL, INS, Segment
from .layout import PREVIOUS_WORDING, Block, header_rows, layout, status_line
from .urls import Urls, rel

# Labels of the interface, in Azerbaijani.
CURRENT_VERSION = "Qüvvədə olan redaksiya"
VERSIONS = "Redaksiyalar"
CHANGES_VIEW = "Dəyişikliklər"
NOT_CURRENT = "Bu, qüvvədə olan redaksiya deyil."
DISCLAIMER = ("Konsolidə edilmiş mətn yalnız məlumat üçün dərc olunur və rəsmi mətn deyil. "
              "Aktın rəsmi mətni onun rəsmi dərc mənbəyindədir.")
STATUS_LABELS = {"in_force": "Qüvvədədir", "repealed": "Ləğv edilib", "not_yet_in_force": "Qüvvəyə minməyib"}
COMPARE = "Müqayisə"
HISTORY = "Tarixçə"
PROVISION_HISTORY = "Bəndin tarixçəsi: bütün redaksiyalardakı mətni"
# The downloads of every version (render/urls.py names the files; site.py writes them), in the order offered.
DOWNLOADS = (("akn", "Akoma Ntoso (XML)", "application/akn+xml"),
             ("docx", "DOCX", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
             ("pdf", "PDF", "application/pdf"),
             ("json", "JSON", "application/json"))


def esc(text: str | None) -> str:
    """Text as HTML that neither the browser nor Markdown's attr_list can read as markup."""
    if not text or _MARKUP.search(text) is None:  # most texts: a search is a fifth of the escaping's time
        return text or ""
    return html.escape(text, quote=True).replace("{", "&#123;").replace("}", "&#125;")


_MARKUP = re.compile("[&<>\"'{}]")  # what `esc` replaces


def attr(text: str) -> str:
    return esc(text)


@dataclass(frozen=True)
class Context:
    """What every page of one build shares: the acts, their histories, the day described, the URLs."""

    acts: dict[str, Act]
    histories: dict[str, History]
    as_of: dt.date
    urls: Urls

    def current(self, act_id: str) -> Version:
        h = self.histories[act_id]
        return h.at(self.as_of) or h.versions[0]

    def when(self, version: Version) -> str:
        """past | current | future, as seen on the day the site describes."""
        current = self.current(version.act)
        if version.start == current.start:
            return "current"
        return "future" if version.start > current.start else "past"


def act_name(act: Act) -> str:
    """A short name for headings and links: “08.05.2019 tarixli 191705000007900 nömrəli Qərar”."""
    kind = act.cited_as or act.type_name or act.type
    number = f" {act.number} nömrəli" if act.number else ""
    return f"{format_date_short(act.adopted)} tarixli{number} {kind}"


def sort_title(act: Act) -> str:
    """What the list of acts shows and sorts by: the title, or for an act without one its short name."""
    return (act.title or act_name(act)).lstrip("“\"«")


# --- pages ----------------------------------------------------------------------------------

def version_page(ctx: Context, act_id: str, version: Version, here: str, *, changes: bool = False) -> str:
    """An act's page for one version: its current page, an expression page, or the changes view."""
    h = ctx.histories[act_id]
    act = h.act
    blocks = layout(h, version, ctx.as_of, ctx.acts)
    parts = _split(blocks)
    out = [f'<div class="qanun-act" lang="az" data-act="{attr(act.id)}">']
    title = f"{act_name(act)}: {CHANGES_VIEW.lower()}" if changes else act_name(act)
    out.append(f"<h1>{esc(title)}</h1>")
    out += _banners(ctx, h, version, here)
    out.append(_toolbar(ctx, act_id, version, here, changes))
    if changes:
        out.append(f'<p class="changes-legend">{esc(_changes_legend(version))}</p>')
    else:
        out.append(downloads(ctx, act_id, version, here))
    out.append(_header_table(act))
    notes_here = "#"
    for part in parts:
        out += _part_html(ctx, act, part, here, notes_here, changes, annex_prefix=True)
    annex_links = [a for a in act.annexes if version.document(a.id) and version.document(a.id).provisions]
    if annex_links and not changes and ctx.when(version) == "current":
        out.append('<ul class="annex-links">')
        out += [f'<li><a href="{attr(rel(here, ctx.urls.annex(act_id, a.id)))}">Əlavə ayrıca: {esc(a.title or a.id)}</a></li>'
                for a in annex_links]
        out.append("</ul>")
    out += _lists(ctx, blocks, version, here)
    if not changes:
        out += _timeline(ctx, h, here)
        out += _amended_places(ctx, act, here)
    out += _official_source(act)
    out.append(json_ld(ctx, act_id, version, here))
    out.append("</div>")
    return "\n".join(out)


def annex_page(ctx: Context, act_id: str, annex_id: str, here: str) -> str:
    """An annex (the Regulation, the criteria) on its own page, in its current wording, with its notes."""
    h = ctx.histories[act_id]
    act = h.act
    version = ctx.current(act_id)
    blocks = layout(h, version, ctx.as_of, ctx.acts)
    part = next(p for p in _split(blocks) if p.doc == annex_id)
    annex = act.document(annex_id)
    out = [f'<div class="qanun-act qanun-annex" lang="az" data-act="{attr(act.id)}">',
           f"<h1>{esc(annex.title or annex_id)}</h1>"]
    out += _banners(ctx, h, version, here)
    work = rel(here, ctx.urls.work(act_id))
    out.append(f'<p class="annex-of">{esc(act_name(act))} ilə təsdiq edilmişdir: <a href="{attr(work)}">aktın tam mətni</a></p>')
    out += _part_html(ctx, act, part, here, "#", False, annex_prefix=False)
    notes = [n for n in version.notes if n.document == annex_id]
    if notes:
        out.append('<section class="notes">')
        out.append(f"<h2>{esc(_notes_heading(act))}</h2>")
        out.append('<ol class="notes-list">')
        out += [_note_html(_note_block(n)) for n in notes]
        out.append("</ol></section>")
    out += _official_source(act)
    out.append("</div>")
    return "\n".join(out)


def acts_table(ctx: Context, here: str, statuses: dict[str, str]) -> str:
    """The home page's list of acts, in Azerbaijani alphabetical order of their titles."""
    from ..language import sort_key
    rows = []
    for act in sorted(ctx.acts.values(), key=lambda a: sort_key(sort_title(a))):
        link = rel(here, ctx.urls.work(act.id))
        status = statuses[act.id]
        rows.append(
            f'<tr data-status="{attr(status)}"><td><a href="{attr(link)}">{esc(act.title or act_name(act))}</a></td>'
            f"<td>{esc(act.type_name or act.type)}</td><td>{esc(act.number or '')}</td>"
            f'<td><time datetime="{act.adopted.isoformat()}">{format_date_short(act.adopted)}</time></td>'
            f'<td class="status-{attr(status)}">{esc(STATUS_LABELS[status])}</td></tr>')
    head = "<tr><th>Ad</th><th>Növ</th><th>Nömrə</th><th>Qəbul edildiyi tarix</th><th>Status</th></tr>"
    return "\n".join(['<div class="qanun-acts" lang="az">', '<table class="acts-list">', f"<thead>{head}</thead>",
                      "<tbody>", *rows, "</tbody>", "</table>", "</div>"])


# --- parts of a page ------------------------------------------------------------------------

@dataclass
class _Part:
    doc: str  # BODY or an annex id
    blocks: list[tuple[Block, VersionedProvision | None]]


def _split(blocks: list[Block]) -> list[_Part]:
    """The text blocks grouped by document (the act's own text, then each annex); the header,
    status and the lists at the end belong to no document and are left out (see `_lists`)."""
    parts: list[_Part] = []
    for b in blocks:
        if not b.doc:
            continue
        if not parts or parts[-1].doc != b.doc:
            parts.append(_Part(b.doc, []))
        parts[-1].blocks.append((b, b.provision))
    return parts


def _part_html(ctx: Context, act: Act, part: _Part, here: str, notes_page: str, changes: bool,
               *, annex_prefix: bool) -> list[str]:
    h = ctx.histories[act.id]
    history = None if changes else rel(here, ctx.urls.history(act.id))
    prefix = f"{part.doc}-" if part.doc != BODY and annex_prefix else ""
    aliases = _old_numbers(h, part.doc)
    out = [f'<section class="document" id="{attr("doc-" + part.doc)}">']
    used = {p.num for _, p in part.blocks if p is not None}
    given: set[str] = set()
    for b, p in part.blocks:
        if p is None:
            out.append(_plain_block(b))
            continue
        extra = [n for n in sorted(aliases.get(p.id, ())) if n not in used and n not in given]
        given.update(extra)
        out.append(_provision_html(b, p, part.doc, prefix, extra, changes, history=history))
    out.append("</section>")
    return out


def _plain_block(b: Block) -> str:
    if b.kind == "title":
        return f'<h2 class="act-title">{esc(b.text)}{_marker(b.note)}</h2>'
    if b.kind == "enacting":
        return f'<p class="enacting">{esc(b.text)}</p>'
    if b.kind == "stamp":
        return f'<p class="stamp">{esc(b.text)}</p>'
    if b.kind == "signature":
        return '<p class="signature">' + "<br>".join(esc(line) for line in b.lines) + "</p>"
    return f'<p class="para">{esc(b.text)}</p>'


def _provision_html(b: Block, p: VersionedProvision, doc: str, prefix: str, aliases: list[str], changes: bool,
                    *, history: str | None = None) -> str:
    classes = f"provision depth-{b.depth}" + (" removed" if p.removed else "") + (" added" if p.added and changes else "")
    anchors = f'<a class="wid" id="{attr(f"wid-{doc}-{p.id}")}"></a>'
    anchors += "".join(f'<a class="alias" id="{attr(prefix + n)}"></a>' for n in aliases)
    num = f'<span class="num">{esc(b.num)}.</span>'
    if history is not None and not p.removed:  # the provision's wording in every version (no text: CSS labels it)
        num += (f'<a class="prov-history" href="{attr(history)}#{attr(f"wid-{doc}-{p.id}")}" '
                f'title="{attr(PROVISION_HISTORY)}" aria-label="{attr(PROVISION_HISTORY)}"></a>')
    show = changes and (p.heading_changes or p.text_changes)
    heading_html = _segments(p.heading_changes, b.note) if changes and p.heading_changes else esc(b.heading)
    text_html = _segments(p.text_changes, b.note) if changes and p.text_changes else esc(b.text)
    head = f' <span class="heading">{heading_html}</span>' if (b.heading or (show and p.heading_changes)) else ""
    text = f' <span class="text">{text_html}</span>' if (b.text or (show and p.text_changes)) else ""
    return (f'<div class="{classes}" id="{attr(prefix + b.num)}">{anchors}'
            f"<p>{num}{head}{text}{_marker(b.note)}</p></div>")


def _segments(segments: tuple[Segment, ...], note: int | None) -> str:
    """The changes view: deleted words struck through, inserted words marked, each linked to its note."""
    out = []
    for s in segments:
        if s.kind == DEL or s.kind == INS:
            tag = "del" if s.kind == DEL else "ins"
            inner = f"<{tag}>{esc(s.text)}</{tag}>"
            out.append(f'<a class="change" href="#note-{note}">{inner}</a>' if note else inner)
        else:
            out.append(esc(s.text))
    return "".join(out)


def _marker(note: int | None) -> str:
    if not note:
        return ""
    return f' <sup class="note-ref"><a href="#note-{note}" id="ref-{note}">[{note}]</a></sup>'


def _old_numbers(h: History, doc: str) -> dict[str, set[str]]:
    """Stable id → every number the provision had in any version of the act (for redirecting anchors)."""
    seen: dict[str, set[str]] = {}
    for v in h.versions:
        d = v.document(doc)
        for p in d.walk() if d else ():
            if not p.removed:
                seen.setdefault(p.id, set()).add(p.num)
    return seen


def _header_table(act: Act) -> str:
    rows = "".join(f'<tr><th scope="row">{esc(label)}</th><td>{esc(value)}</td></tr>' for label, value in header_rows(act))
    return f'<table class="register-header"><tbody>{rows}</tbody></table>'


def _toolbar(ctx: Context, act_id: str, version: Version, here: str, changes: bool) -> str:
    links = [f'<a href="{attr(rel(here, ctx.urls.work(act_id)))}">{CURRENT_VERSION}</a>']
    if version.changes:
        if changes:
            links.append(f'<a href="{attr(rel(here, ctx.urls.expression(act_id, version.start)))}">Redaksiyanın mətni</a>')
        else:
            links.append(f'<a class="changes-link" href="{attr(rel(here, ctx.urls.changes(act_id, version.start)))}">'
                         f"{CHANGES_VIEW} ({format_date_short(version.start)})</a>")
    links.append(f'<a href="{attr(rel(here, ctx.urls.work(act_id) + "#versions"))}">{VERSIONS}</a>')
    if len(ctx.histories[act_id].versions) > 1:
        links.append(f'<a class="compare-link" href="{attr(rel(here, ctx.urls.compare(act_id)))}">{COMPARE}</a>')
    links.append(f'<a class="history-link" href="{attr(rel(here, ctx.urls.history(act_id)))}">{HISTORY}</a>')
    links.append(f'<a href="{attr(rel(here, ctx.urls.feed(act_id)))}" type="application/atom+xml">Atom lenti</a>')
    return '<nav class="act-toolbar">' + " · ".join(links) + "</nav>"


def downloads(ctx: Context, act_id: str, version: Version, here: str) -> str:
    """The version's AKN, DOCX, PDF and JSON files (written beside its expression page)."""
    links = [f'<a href="{attr(rel(here, ctx.urls.download(act_id, version.start, fmt)))}" type="{attr(mime)}" '
             f'data-format="{fmt}">{esc(label)}</a>' for fmt, label, mime in DOWNLOADS]
    return (f'<p class="downloads">Bu redaksiyanı yüklə ({format_date_short(version.start)}): '
            + " · ".join(links) + "</p>")


def _changes_legend(version: Version) -> str:
    return (f"{format_date(version.start)} tarixindən qüvvəyə minən dəyişikliklər: çıxarılan sözlər xətlə pozulmuş, "
            "əlavə edilən sözlər isə altından xətt çəkilmiş göstərilir; hər dəyişiklik öz qeydinə keçid verir.")


def _banners(ctx: Context, h: History, version: Version, here: str) -> list[str]:
    act = h.act
    out = [f'<p class="status-line">{esc(status_line(h, version, ctx.as_of, ctx.acts))}</p>']
    when = ctx.when(version)
    current = ctx.current(act.id)
    work = attr(rel(here, ctx.urls.work(act.id)))
    if when == "past":
        period = _period(version)
        out.append(f'<div class="banner banner-past" role="note"><strong>{NOT_CURRENT}</strong> Bu redaksiya '
                   f"{esc(period)} qüvvədə olub. <a href=\"{work}\">{CURRENT_VERSION}</a> "
                   f"({format_date_short(current.start)} tarixindən).</div>")
    elif when == "future":
        out.append(f'<div class="banner banner-future" role="note"><strong>Hələ qüvvəyə minməyib.</strong> Bu redaksiya '
                   f"{format_date(version.start)} tarixindən qüvvəyə minəcək. "
                   f'<a href="{work}">{CURRENT_VERSION}</a>.</div>')
    elif ctx.as_of < act.starts:
        out.append(f'<div class="banner banner-future" role="note"><strong>Akt hələ qüvvəyə minməyib:</strong> '
                   f"{format_date(act.starts)} tarixindən qüvvəyə minir.</div>")
    if version.repealed and when != "future":
        change = h.repealed_by
        by = ctx.acts[change.amending_act] if change else None
        link = (f' Ləğv edən akt: <a href="{attr(rel(here, ctx.urls.work(by.id)))}">{esc(citation(by))}</a>.'
                if by else "")
        out.append(f'<div class="banner banner-repealed" role="note"><strong>Akt ləğv edilib</strong> '
                   f"{format_date(version.start)} tarixindən.{link}</div>")
    if when == "current":
        for future in (v for v in h.versions if v.start > version.start):
            target = attr(rel(here, ctx.urls.expression(act.id, future.start)))
            what = "Akt" if future.repealed else "Dəyişiklik"
            verb = "ləğv edilir" if future.repealed else "qüvvəyə minir"
            out.append(f'<div class="banner banner-prospective" role="note"><strong>{what} '
                       f"{format_date(future.start)} tarixində {verb}.</strong> "
                       f'<a href="{target}">Həmin tarixdən qüvvədə olacaq redaksiya</a>.</div>')
    return out


def _period(version: Version) -> str:
    if version.end:
        return f"{format_date_short(version.start)} – {format_date_short(version.end)} tarixlərində"
    return f"{format_date_short(version.start)} tarixindən"


def _lists(ctx: Context, blocks: list[Block], version: Version, here: str) -> list[str]:
    """The list of amending acts (linked to their pages) and the notes, as the State Register prints them."""
    out: list[str] = []
    sources = [b for b in blocks if b.kind == "source"]
    notes = [b for b in blocks if b.kind == "note"]
    headings = [b for b in blocks if b.kind == "list_heading"]
    if sources:
        out.append('<section class="amending-acts">')
        out.append(f"<h2>{esc(headings[0].text)}</h2>")
        out.append('<ol class="amending-list">')
        for b, act_id in zip(sources, version.amending_acts):
            out.append(f'<li value="{attr(b.num)}"><a href="{attr(rel(here, ctx.urls.work(act_id)))}">{esc(b.text)}</a></li>')
        out.append("</ol></section>")
    if notes:
        out.append('<section class="notes">')
        out.append(f"<h2>{esc(headings[-1].text)}</h2>")
        out.append('<ol class="notes-list">')
        out += [_note_html(b) for b in notes]
        out.append("</ol></section>")
    return out


def _notes_heading(act: Act) -> str:
    from .layout import changes_heading
    return changes_heading(act)


def _note_block(note: Note) -> Block:
    return Block("note", num=str(note.number), lines=tuple(e.text for e in note.entries),
                 previous=tuple(e.previous for e in note.entries))


def _note_html(b: Block) -> str:
    paras = []
    for i, (text, previous) in enumerate(zip(b.lines, b.previous)):
        back = ""
        if i == 0:  # an unmarked note (its place left the text) has nothing to link back to
            back = (f'<a class="note-back" href="#ref-{b.num}" title="Mətnə qayıt">[{b.num}]</a> ' if b.note
                    else f"[{b.num}] ")
        paras.append(f"<p>{back}{esc(text)}</p>")
        if previous:
            paras.append(f'<p class="previous-label">{esc(PREVIOUS_WORDING)}</p>')
            paras += [f'<p class="previous"><del>{esc(line)}</del></p>' for line in previous.split("\n")]
    return f'<li id="note-{attr(b.num)}" value="{attr(b.num)}">{"".join(paras)}</li>'


def _timeline(ctx: Context, h: History, here: str) -> list[str]:
    out = ['<section class="timeline" id="versions">', f"<h2>{VERSIONS}</h2>", '<ol class="versions-list">']
    for v in h.versions:
        when = ctx.when(v)
        label = {"past": "keçmiş redaksiya", "current": "qüvvədə olan redaksiya",
                 "future": "hələ qüvvəyə minməyib"}[when]
        if v.repealed:
            label = "ləğv edilib" if when != "future" else "ləğv ediləcək"
        link = attr(rel(here, ctx.urls.expression(h.act.id, v.start)))
        period = f"{format_date_short(v.start)} – {format_date_short(v.end)}" if v.end else \
            f"{format_date_short(v.start)} tarixindən"
        changes = (f' · <a href="{attr(rel(here, ctx.urls.changes(h.act.id, v.start)))}">{CHANGES_VIEW.lower()}</a>'
                   if v.changes else "")
        changes += _compare_links(ctx, h, v, here)
        out.append(f'<li class="version-{when}"><a href="{link}"><time datetime="{v.start.isoformat()}">{esc(period)}</time></a>'
                   f" ({esc(label)}){changes}</li>")
    out.append("</ol></section>")
    return out


def _compare_links(ctx: Context, h: History, v: Version, here: str) -> str:
    """The static comparisons of a version: against the one before it and against the current one."""
    i = h.versions.index(v)
    current = ctx.current(h.act.id)
    links = []
    if i > 0:
        before = h.versions[i - 1]
        links.append(f'<a class="compare-previous" href="{attr(rel(here, ctx.urls.comparison(h.act.id, before.start, v.start)))}">'
                     "əvvəlki redaksiya ilə müqayisə</a>")
    if v.start != current.start:
        a, b = (v, current) if v.start < current.start else (current, v)
        if not (i > 0 and a is h.versions[i - 1] and b is v):
            links.append(f'<a class="compare-current" href="{attr(rel(here, ctx.urls.comparison(h.act.id, a.start, b.start)))}">'
                         "qüvvədə olan redaksiya ilə müqayisə</a>")
    return "".join(f" · {link}" for link in links)


def _amended_places(ctx: Context, act: Act, here: str) -> list[str]:
    """For an amending act: each place it changed, linked to that provision in the version it made."""
    items = []
    for change in act.changes:
        target = ctx.histories.get(change.target.act)
        if target is None:
            continue
        version = next((v for v in target.versions if v.start == change.effective), None)
        if version is None:
            continue
        found = next(((n, e) for n in version.notes for e in n.entries
                      if e.amending_act == act.id and e.change_index == change.index), None)
        page = ctx.urls.expression(target.act.id, version.start)
        if found is None:
            anchor, text = "", act_name(target.act)
        else:
            note, entry = found
            # The provision itself when there is one; a whole-act note (a repeal) is reached by its note.
            anchor = f"wid-{note.document}-{note.stands_at}" if note.provision else f"note-{note.number}"
            text = entry.text
        href = rel(here, f"{page}#{anchor}" if anchor else page)
        items.append(f'<li><a href="{attr(href)}">{esc(text)}</a></li>')
    if not items:
        return []
    return ['<section class="amended-places">', "<h2>Bu aktla edilmiş dəyişikliklər</h2>", '<ol>', *items, "</ol></section>"]


def _official_source(act: Act) -> list[str]:
    if act.register:
        source = (f"Hüquqi Aktların Dövlət Reyestri (qeydiyyat nömrəsi {act.register.number}, "
                  f"daxil edildiyi tarix {format_date_short(act.register.entered)})")
    elif act.publication:
        source = "; ".join(row[1] for row in header_rows(act) if row[0] == "RƏSMİ DƏRC EDİLDİYİ MƏNBƏ")
    else:
        source = "mənbələrdə göstərilməyib"
    return ['<aside class="official-source">', f"<p><strong>Rəsmi mənbə:</strong> {esc(source)}.</p>",
            f'<p class="disclaimer">{esc(DISCLAIMER)}</p>', "</aside>"]


# --- metadata -------------------------------------------------------------------------------

def legal_force(ctx: Context, act_id: str, version: Version) -> str:
    """schema.org LegalForceStatus of this version on the day the site describes."""
    if version.repealed or ctx.when(version) != "current" or ctx.as_of < ctx.acts[act_id].starts:
        return "NotInForce"
    return "InForce"


def json_ld(ctx: Context, act_id: str, version: Version, here: str) -> str:
    act = ctx.acts[act_id]
    data: dict = {
        "@context": "https://schema.org",
        "@type": "Legislation",
        "name": act.title or act_name(act),
        "inLanguage": "az",
        "legislationJurisdiction": "AZ",
        "legislationType": act.type_name or act.type,
        "legislationDate": act.adopted.isoformat(),
        "legislationLegalForce": legal_force(ctx, act_id, version),
        "url": rel(here, ctx.urls.expression(act_id, version.start)),
        "temporalCoverage": f"{version.start.isoformat()}/{version.end.isoformat() if version.end else '..'}",
        "isBasedOn": {"@type": "Legislation", "name": citation(act) if act.cited_as else act_name(act),
                      "url": rel(here, ctx.urls.expression(act_id, ctx.histories[act_id].versions[0].start))},
    }
    if act.number:
        data["legislationIdentifier"] = act.number
    if act.in_force:
        data["legislationDateVersion"] = version.start.isoformat()
    if version.amending_acts:
        data["legislationConsolidates"] = [
            {"@type": "Legislation", "name": citation(ctx.acts[a]), "url": rel(here, ctx.urls.work(a))}
            for a in version.amending_acts]
    data["encoding"] = [{"@type": "MediaObject", "encodingFormat": mime,
                         "contentUrl": rel(here, ctx.urls.download(act_id, version.start, fmt))}
                        for fmt, _, mime in DOWNLOADS]
    changed = sorted({c.target.act for c in act.changes if c.target.act in ctx.acts})
    if changed:
        data["legislationChanges"] = [{"@type": "Legislation", "name": act_name(ctx.acts[a]),
                                       "url": rel(here, ctx.urls.work(a))} for a in changed]
    # Inside <script> the HTML parser reacts to "<!--", "<script" and "</": none may survive as such.
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    text = text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
    return f'<script type="application/ld+json">{text}</script>'


def provisions_for_search(version: Version, doc: str) -> Iterable[VersionedProvision]:
    d = version.document(doc)
    return (p for p in (d.walk() if d else ()) if not p.removed)
