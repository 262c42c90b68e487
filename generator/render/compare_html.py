"""Comparing versions on the site (pure): the versions' data for the compare page's script, static comparisons
rendered with `compare()` and `render.diff`, and each provision's history.

- `versions_data`: the index of an act's versions for `…/versions.json`: each version's period, label, page
  and JSON download. The compare page's script (site/assets/qanun-compare.js) fetches the JSON download of
  the two versions picked, aligns their provisions by stable id and diffs their words in the browser: any
  pair, no server, and only those two versions' texts travel.
- `comparison_page`: one pair rendered server-side, for links that must work without a script: each
  version against the one before it and against the current one (`static_pairs`).
- `history_page`: every provision's wording in every version, one row per wording, with the note and the
  amending act behind each change; a provision's section is `#wid-<document>-<id>`, the same stable
  anchor as on the act's pages, which link to it from each provision number.
"""
from __future__ import annotations

import re
from typing import Any

from ..compare import ADDED, CHANGED, DELETED, Comparison, ProvisionDiff, compare
from ..consolidate import History, Version, VersionedProvision
from ..language import format_date_short
from ..model import BODY
from ..notes import citation
from ..textedit import DEL, INS
from . import diff as D
from .html import CURRENT_VERSION, Context, act_name, attr, esc
from .urls import rel

COMPARE = "Redaksiyaların müqayisəsi"
HISTORY = "Bəndlərin tarixçəsi"
SCRIPT = "assets/qanun-compare.js"


def period(version: Version) -> str:
    if version.end:
        return f"{format_date_short(version.start)} – {format_date_short(version.end)}"
    return f"{format_date_short(version.start)} tarixindən"


def version_label(ctx: Context, version: Version) -> str:
    when = ctx.when(version)
    tail = {"past": "", "current": " (qüvvədə olan)", "future": " (hələ qüvvəyə minməyib)"}[when]
    if version.repealed:
        tail = " (ləğv edilib)" if when != "future" else " (ləğv ediləcək)"
    return f"{period(version)}{tail}"


def document_titles(h: History) -> dict[str, str]:
    titles = {BODY: h.act.title or act_name(h.act)}
    for annex in h.act.annexes:
        titles[annex.id] = annex.title or " ".join(annex.heading) or annex.id
    return titles


# --- the data behind the compare page -------------------------------------------------------------

def versions_data(ctx: Context, act_id: str) -> dict[str, Any]:
    """The act's versions as published in `versions.json`: an index, not the texts. Each version names its JSON
    download (`render.jsonout`: provisions with their notes), which the compare page's script fetches for the
    two versions being compared only: a code with hundreds of versions would otherwise send every version's full
    text to a reader who compares two. The amending acts cited in notes are listed once, with their pages.
    Links are relative to this file's folder."""
    h = ctx.histories[act_id]
    here = ctx.urls.work(act_id)
    cited = sorted({e.amending_act for v in h.versions for n in v.notes for e in n.entries} & ctx.acts.keys())
    return {
        "act": act_id,
        "name": act_name(h.act),
        "title": h.act.title,
        "documents": [{"id": k, "title": v} for k, v in document_titles(h).items()],
        "current": ctx.current(act_id).start.isoformat(),
        "history": rel(here, ctx.urls.history(act_id)),
        "amending_acts": {a: {"citation": citation(ctx.acts[a]), "page": rel(here, ctx.urls.work(a))} for a in cited},
        "versions": [{"start": v.start.isoformat(), "end": v.end.isoformat() if v.end else None,
                      "repealed": v.repealed, "when": ctx.when(v), "label": version_label(ctx, v),
                      "page": rel(here, ctx.urls.expression(act_id, v.start)),
                      "json": rel(here, ctx.urls.download(act_id, v.start, "json"))}
                     for v in h.versions],
    }


# --- the compare page (any two versions, in the browser) ------------------------------------------

def default_pair(ctx: Context, h: History) -> tuple[Version, Version] | None:
    """What the compare page shows first: the version before the current one against the current one."""
    if len(h.versions) < 2:
        return None
    current = ctx.current(h.act.id)
    i = h.versions.index(current)
    return (h.versions[i - 1], current) if i > 0 else (current, h.versions[1])


def static_pairs(ctx: Context, h: History) -> list[tuple[Version, Version]]:
    """Each version against the one before it, and against the current one (older first), once each."""
    current = ctx.current(h.act.id)
    pairs: list[tuple[Version, Version]] = []
    for before, after in zip(h.versions, h.versions[1:]):
        pairs.append((before, after))
    for v in h.versions:
        if v.start != current.start:
            pair = (v, current) if v.start < current.start else (current, v)
            if pair not in pairs:
                pairs.append(pair)
    return sorted(pairs, key=lambda p: (p[1].start, p[0].start))


def compare_link(ctx: Context, act_id: str, a: Version, b: Version, here: str) -> str:
    return rel(here, ctx.urls.compare(act_id)) + f"?a={a.start.isoformat()}&b={b.start.isoformat()}"


def compare_page(ctx: Context, act_id: str, here: str) -> str:
    h = ctx.histories[act_id]
    act = h.act
    out = [f'<div class="qanun-act qanun-compare" lang="az" data-act="{attr(act.id)}">',
           f"<h1>{esc(act_name(act))}: {esc(COMPARE.lower())}</h1>", _toolbar(ctx, act_id, here)]
    pair = default_pair(ctx, h)
    if pair is None:
        out.append("<p>Bu aktın yalnız bir redaksiyası var: müqayisə ediləcək başqa redaksiya yoxdur.</p>")
    else:
        a, b = pair
        options = "".join(f'<option value="{v.start.isoformat()}">{esc(version_label(ctx, v))}</option>' for v in h.versions)
        out.append(
            f'<form class="compare-form" data-versions="{attr(rel(here, ctx.urls.versions_json(act_id)))}" '
            f'data-a="{a.start.isoformat()}" data-b="{b.start.isoformat()}">'
            f'<label>Köhnə redaksiya <select name="a" id="compare-a">{options}</select></label> '
            f'<label>Yeni redaksiya <select name="b" id="compare-b">{options}</select></label> '
            '<span class="compare-views" role="group" aria-label="Görünüş">'
            '<label><input type="radio" name="view" value="inline" checked> Bir mətndə (redlayn)</label> '
            '<label><input type="radio" name="view" value="side"> Yan-yana (köhnə | yeni)</label></span> '
            '<label><input type="checkbox" name="only" id="compare-only"> Yalnız dəyişmiş bəndlər</label>'
            "</form>")
        out.append('<p class="compare-summary" aria-live="polite"></p>')
        out.append('<div class="compare-result" id="compare-result"></div>')
        out.append("<noscript><p>Redaksiyaları brauzerdə müqayisə etmək üçün JavaScript lazımdır. "
                   "Hazır müqayisələr aşağıdadır.</p></noscript>")
    pairs = static_pairs(ctx, h)
    if pairs:
        out.append('<section class="static-comparisons"><h2>Hazır müqayisələr</h2><ul>')
        for a, b in pairs:
            out.append(f'<li><a href="{attr(rel(here, ctx.urls.comparison(act_id, a.start, b.start)))}">'
                       f"{esc(period(a))} → {esc(period(b))}</a></li>")
        out.append("</ul></section>")
    out.append(f'<script src="{attr(rel(here, SCRIPT))}"></script>')
    out.append("</div>")
    return "\n".join(out)


def _toolbar(ctx: Context, act_id: str, here: str) -> str:
    links = [f'<a href="{attr(rel(here, ctx.urls.work(act_id)))}">{CURRENT_VERSION}</a>',
             f'<a href="{attr(rel(here, ctx.urls.work(act_id) + "#versions"))}">Redaksiyalar</a>']
    if len(ctx.histories[act_id].versions) > 1:
        links.append(f'<a href="{attr(rel(here, ctx.urls.compare(act_id)))}">{COMPARE}</a>')
    links.append(f'<a href="{attr(rel(here, ctx.urls.history(act_id)))}">{HISTORY}</a>')
    return '<nav class="act-toolbar">' + " · ".join(links) + "</nav>"


# --- a static comparison ----------------------------------------------------------------------------

def comparison_page(ctx: Context, act_id: str, a: Version, b: Version, here: str) -> str:
    """Version `a` against version `b`, rendered with compare() and render.diff's HTML."""
    h = ctx.histories[act_id]
    c = compare(h, a, b)
    later = b if b.start >= a.start else a
    out = [f'<div class="qanun-act qanun-comparison" lang="az" data-act="{attr(act_id)}">',
           f"<h1>{esc(act_name(h.act))}: {esc(COMPARE.lower())}</h1>", _toolbar(ctx, act_id, here)]
    out.append(f'<p class="compare-versions">Köhnə: <a href="{attr(rel(here, ctx.urls.expression(act_id, a.start)))}">'
               f"{esc(version_label(ctx, a))}</a> → Yeni: "
               f'<a href="{attr(rel(here, ctx.urls.expression(act_id, b.start)))}">{esc(version_label(ctx, b))}</a></p>')
    out.append(f'<p class="compare-summary">{esc(summary(c))} '
               f'<a href="{attr(compare_link(ctx, act_id, a, b, here))}">Başqa redaksiyaları seçin</a>.</p>')
    out.append(_safe(D.to_html(c, h)).replace("</del><ins>", "</del> <ins>"))  # deleted and new words apart
    cited = sorted({x.note for p in c.changes for x in p.causes} | {x.note for x in c.act_causes})
    if cited:
        page = rel(here, ctx.urls.expression(act_id, later.start))
        links = " ".join(f'<a href="{attr(page)}#note-{n}">[{n}]</a>' for n in cited)
        out.append(f'<p class="compare-notes">Qeydlər {esc(period(later))} redaksiyasının səhifəsində: {links}</p>')
    out.append("</div>")
    return "\n".join(out)


def summary(c: Comparison) -> str:
    parts = [(len(c.changed), "dəyişdirilib"), (len(c.added), "əlavə edilib"), (len(c.deleted), "çıxarılıb"),
             (len(c.renumbered), "nömrəsi dəyişdirilib")]
    said = [f"{n} bənd {word}" for n, word in parts if n]
    if c.repealed:
        said.insert(0, "akt ləğv edilib")
    return ("Dəyişikliklər: " + ", ".join(said) + ".") if said else D.NO_CHANGES


def _safe(fragment: str) -> str:
    """A fragment as one raw HTML block of a Markdown page: no blank line, no braces for attr_list."""
    fragment = fragment.replace("{", "&#123;").replace("}", "&#125;")
    return re.sub(r"\n\s*\n", "\n", fragment).strip()


# --- provision history ------------------------------------------------------------------------------

def history_anchor(doc: str, provision_id: str) -> str:
    return f"wid-{doc}-{provision_id}"


def _order(h: History) -> list[tuple[str, str]]:
    """Every (document, id) that stands in any version, in reading order: the latest version's order, with
    provisions that left the text placed after the one they followed."""
    order: list[tuple[str, str]] = []
    for v in reversed(h.versions):
        keys = [(d.id, p.id) for d in v.documents for p in d.walk() if not p.removed]
        seen = set(order)
        previous = None
        for k in keys:
            if k not in seen:
                at = order.index(previous) + 1 if previous in seen else _first_of(order, k[0])
                order.insert(at, k)
                seen.add(k)
            previous = k
    docs = [BODY, *(a.id for a in h.act.annexes)]
    return sorted(order, key=lambda k: docs.index(k[0]) if k[0] in docs else len(docs))


def _first_of(order: list[tuple[str, str]], doc: str) -> int:
    return next((i for i, k in enumerate(order) if k[0] == doc), len(order))


def history_page(ctx: Context, act_id: str, here: str) -> str:
    h = ctx.histories[act_id]
    versions = h.versions
    found: list[dict[tuple[str, str], VersionedProvision]] = [
        {(d.id, p.id): p for d in v.documents for p in d.walk() if not p.removed} for v in versions]
    diffs: list[dict[tuple[str, str], ProvisionDiff]] = [{}]
    for before, after in zip(versions, versions[1:]):
        diffs.append({(p.document_b if p.document_b is not None else p.document_a, p.id): p
                      for p in compare(h, before, after).changes})
    titles = document_titles(h)
    out = [f'<div class="qanun-act qanun-history" lang="az" data-act="{attr(act_id)}">',
           f"<h1>{esc(act_name(h.act))}: {esc(HISTORY.lower())}</h1>", _toolbar(ctx, act_id, here),
           "<p>Hər bəndin bütün redaksiyalardakı mətni: hər sətir bəndin bir mətnidir, dəyişikliyin qeydi və onu "
           "edən akt ilə. Çıxarılan sözlər xətlə pozulmuş, əlavə edilən sözlər altından xətt çəkilmiş göstərilir.</p>"]
    current_doc = None
    order = _order(h)
    if not order:
        out.append('<p class="history-empty">Mənbələrdə bu aktın bəndləri yoxdur: tarixçəsi göstəriləcək bənd yoxdur.</p>')
    for key in order:
        doc, pid = key
        if doc != current_doc and len(titles) > 1:
            out.append(f'<h2 class="history-document">{esc(titles.get(doc, doc))}</h2>')
        current_doc = doc
        out += _provision_history(ctx, h, key, found, diffs, here)
    out.append("</div>")
    return "\n".join(out)


def _provision_history(ctx: Context, h: History, key: tuple[str, str], found, diffs, here: str) -> list[str]:
    doc, pid = key
    versions = h.versions
    # Runs of consecutive versions in which the provision reads the same (None: not in the text).
    groups: list[tuple[int, int]] = []
    for i, v in enumerate(versions):
        p = found[i].get(key)
        same = groups and _reading(found[groups[-1][0]].get(key)) == _reading(p) and key not in diffs[i]
        if same:
            groups[-1] = (groups[-1][0], i)
        else:
            groups.append((i, i))
    last = next(found[i][key] for i in range(len(versions) - 1, -1, -1) if key in found[i])
    heading = f"{last.num}. {last.heading}" if last.heading else f"{last.num}."
    out = [f'<section class="provision-history" id="{attr(history_anchor(doc, pid))}">',
           f"<h3>{esc(heading)}</h3>",
           '<table class="history-table"><thead><tr><th>Redaksiya</th><th>Mətn</th><th>Dəyişiklik</th></tr></thead><tbody>']
    for first, final in groups:
        p = found[first].get(key)
        d = diffs[first].get(key)
        if p is None and d is None:
            continue  # not yet in the text
        start, end = versions[first], versions[final]
        when = f"{format_date_short(start.start)} – {format_date_short(end.end)}" if end.end else \
            f"{format_date_short(start.start)} tarixindən"
        page = rel(here, ctx.urls.expression(h.act.id, start.start))
        period_cell = f'<a href="{attr(page)}#{attr(history_anchor(doc, pid))}">{esc(when)}</a>' if p else esc(when)
        if ctx.when(start) == "future":
            period_cell += " <small>(hələ qüvvəyə minməyib)</small>"
        out.append(f'<tr class="history-{_status(d, p)}"><td>{period_cell}</td><td>{_wording(p, d)}</td>'
                   f"<td>{_causes(ctx, d, page, here)}</td></tr>")
    out.append("</tbody></table></section>")
    return out


def _reading(p: VersionedProvision | None) -> tuple | None:
    return None if p is None else (p.num, p.heading, p.text)


def _status(d: ProvisionDiff | None, p: VersionedProvision | None) -> str:
    if d is None:
        return "original"
    if d.status in (ADDED, DELETED, CHANGED):
        return d.status
    return "renumbered" if d.renumbered else "moved"


def _wording(p: VersionedProvision | None, d: ProvisionDiff | None) -> str:
    if p is None:  # deleted in this version
        return '<span class="history-deleted">çıxarılıb</span>'
    num = f'<span class="num">{esc(p.num)}.</span>'
    if d is not None and d.num_a and d.renumbered:
        num = f'<span class="num"><del>{esc(d.num_a)}.</del> <ins>{esc(p.num)}.</ins></span>'
    changed = d is not None and d.status == CHANGED
    heading = _runs(d.heading.runs) if changed and d.heading.changed else esc(p.heading)
    text = _runs(d.text.runs) if changed and d.text.changed else esc(p.text)
    parts = [num]
    if p.heading:
        parts.append(f'<span class="heading">{heading}</span>')
    if p.text or (changed and d.text.changed):
        parts.append(f'<span class="text">{text}</span>')
    return " ".join(parts)


def _runs(runs) -> str:
    """The redline; a space between deleted words and the words put in their place, so they read apart."""
    tags = {DEL: "del", INS: "ins"}
    out = []
    for r, after in zip(runs, [*runs[1:], None]):
        out.append(f"<{tags[r.kind]}>{esc(r.text)}</{tags[r.kind]}>" if r.kind in tags else esc(r.text))
        if r.kind == DEL and after is not None and after.kind == INS and not r.text[-1:].isspace():
            out.append(" ")
    return "".join(out)


def _causes(ctx: Context, d: ProvisionDiff | None, page: str, here: str) -> str:
    """What made this wording: the change's kind, and each note (on the version's page) with its amending act."""
    if d is None:
        return '<span class="history-label">ilkin mətn</span>'
    label = D.label(d, notes=False)
    items = []
    for cause in d.causes:
        by = ctx.acts.get(cause.amending_act)
        act = (f' <a class="amending-act" href="{attr(rel(here, ctx.urls.work(by.id)))}">{esc(D.short_citation(by))}</a>'
               if by else "")
        items.append(f'<li><a href="{attr(page)}#note-{cause.note}">[{cause.note}]</a> {esc(cause.text)}{act}</li>')
    listing = f'<ul class="history-causes">{"".join(items)}</ul>' if items else ""
    return f'<span class="history-label">{esc(_status_word(d, label))}</span>{listing}'


def _status_word(d: ProvisionDiff, label: str) -> str:
    words = [D.STATUS[d.status]] if d.status in D.STATUS else []
    if d.renumbered:
        words.append(D.RENUMBERED)
    if d.moved:
        words.append(D.MOVED)
    return ", ".join(words) or label


__all__ = ["COMPARE", "HISTORY", "comparison_page", "compare_link", "compare_page", "default_pair", "history_anchor",
           "history_page", "static_pairs", "summary", "versions_data"]
