/* qanun: compare any two versions of an act in the browser (no server, no third-party code).
 *
 * The page holds a form with data-versions (the act's versions.json: an index of its versions, each naming its
 * JSON download). Only the two versions picked are fetched (a code with hundreds of versions is hundreds of
 * megabytes in all), each once. Two versions are aligned provision by provision by stable id, as generator/compare.py
 * does (a renumbered or moved provision is matched, not shown as deleted + added), and the words inside each
 * pair are diffed. Words and punctuation marks are compared, whitespace is not. Views: an inline redline,
 * or side by side (old | new); "changed provisions only"; each change links to its note(s). The choice is
 * kept in the query string (?a=2019-05-22&b=2020-08-03&view=side&only=1), so a comparison can be shared.
 * Every text is put in with textContent: nothing from the data is ever read as HTML.
 */
(function () {
  "use strict";

  var form = document.querySelector("form.compare-form");
  if (!form) return;
  var result = document.getElementById("compare-result");
  var summaryBox = document.querySelector(".compare-summary");
  var STATUS = { added: "əlavə edilib", deleted: "çıxarılıb", changed: "dəyişdirilib" };
  var RENUMBERED = "nömrəsi dəyişdirilib";
  var MOVED = "yeri dəyişdirilib";
  var TOKEN = /[\p{L}\p{N}_]+|[^\p{L}\p{N}_\s]/gu;
  var data = null;
  var base = null;
  var texts = new Map();    // version start → the version with its provisions and notes, once fetched
  var fetching = new Map(); // version start → its fetch under way
  var asked = 0;            // the latest choice: a slower fetch for an earlier choice must not draw over it

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }

  // --- words ---------------------------------------------------------------------------------------

  function tokens(text) {
    var out = [];
    var m;
    TOKEN.lastIndex = 0;
    text = text || "";
    while ((m = TOKEN.exec(text)) !== null) out.push({ t: m[0], s: m.index, e: m.index + m[0].length });
    return out;
  }

  function sameWords(a, b) {
    var ta = tokens(a), tb = tokens(b);
    if (ta.length !== tb.length) return false;
    for (var i = 0; i < ta.length; i++) if (ta[i].t !== tb[i].t) return false;
    return true;
  }

  /* Edit script between two token lists: [["=", i, j] | ["-", i] | ["+", j]]. Common head and tail are cut
   * first; the middle by longest common subsequence (a very long middle is shown as replaced whole). */
  function script(ta, tb) {
    var n = ta.length, m = tb.length, head = 0, tail = 0, ops = [], i, j;
    while (head < n && head < m && ta[head].t === tb[head].t) head++;
    while (tail < n - head && tail < m - head && ta[n - 1 - tail].t === tb[m - 1 - tail].t) tail++;
    for (i = 0; i < head; i++) ops.push(["=", i, i]);
    var a0 = head, a1 = n - tail, b0 = head, b1 = m - tail, rows = a1 - a0, cols = b1 - b0;
    if (rows * cols > 4000000) {
      for (i = a0; i < a1; i++) ops.push(["-", i]);
      for (j = b0; j < b1; j++) ops.push(["+", j]);
    } else if (rows || cols) {
      var w = cols + 1, L = new Uint32Array((rows + 1) * w);
      for (i = rows - 1; i >= 0; i--) {
        for (j = cols - 1; j >= 0; j--) {
          L[i * w + j] = ta[a0 + i].t === tb[b0 + j].t ? L[(i + 1) * w + j + 1] + 1
            : Math.max(L[(i + 1) * w + j], L[i * w + j + 1]);
        }
      }
      i = 0; j = 0;
      while (i < rows || j < cols) {
        if (i < rows && j < cols && ta[a0 + i].t === tb[b0 + j].t) { ops.push(["=", a0 + i, b0 + j]); i++; j++; }
        else if (j < cols && (i === rows || L[i * w + j + 1] >= L[(i + 1) * w + j])) { ops.push(["+", b0 + j]); j++; }
        else { ops.push(["-", a0 + i]); i++; }
      }
    }
    for (i = 0; i < tail; i++) ops.push(["=", n - tail + i, m - tail + i]);
    return ops;
  }

  /* Runs of [kind, leading whitespace, text]: "=" in the new text's spelling, "-" from the old, "+" from the new. */
  function runs(oldText, newText) {
    oldText = oldText || ""; newText = newText || "";
    var ta = tokens(oldText), tb = tokens(newText), ops = script(ta, tb), out = [];
    function lead(list, text, k) { return text.slice(k > 0 ? list[k - 1].e : 0, list[k].s); }
    var k = 0;
    while (k < ops.length) {
      var kind = ops[k][0], start = k;
      while (k < ops.length && ops[k][0] === kind) k++;
      var first = ops[start], last = ops[k - 1];
      if (kind === "-") out.push(["-", lead(ta, oldText, first[1]), oldText.slice(ta[first[1]].s, ta[last[1]].e)]);
      else {
        var f = kind === "=" ? first[2] : first[1], l = kind === "=" ? last[2] : last[1];
        out.push([kind, lead(tb, newText, f), newText.slice(tb[f].s, tb[l].e)]);
      }
    }
    return out;
  }

  function redline(parent, oldText, newText, side) {
    runs(oldText, newText).forEach(function (r) {
      if (side === "old" && r[0] === "+") return;
      if (side === "new" && r[0] === "-") return;
      if (r[1]) parent.appendChild(document.createTextNode(r[1].replace(/\s+/g, " ")));
      if (r[0] === "=") parent.appendChild(document.createTextNode(r[2]));
      else parent.appendChild(el(r[0] === "-" ? "del" : "ins", null, r[2]));
    });
  }

  // --- the versions' texts -------------------------------------------------------------------------

  /* A version's JSON download (generator/render/jsonout.py) as the comparison reads it: its provisions in
   * reading order with their document and parent, deleted provisions' stubs left out (as generator/compare.py
   * does), and its notes with the amending acts' citations and pages, listed once in versions.json. */
  function withText(v, json) {
    var provisions = [];
    function visit(p, doc, parent) {
      if (p.removed) return;
      provisions.push({ document: doc, id: p.id, num: p.num, parent: parent, heading: p.heading, text: p.text });
      (p.children || []).forEach(function (c) { visit(c, doc, p.id); });
    }
    json.documents.forEach(function (d) { d.provisions.forEach(function (p) { visit(p, d.id, null); }); });
    var notes = json.notes.map(function (n) {
      return { number: n.number, document: n.document, provision: n.provision, entries: n.entries.map(function (e) {
        var act = Object.prototype.hasOwnProperty.call(data.amending_acts, e.amending_act) ? data.amending_acts[e.amending_act] : {};
        return { text: e.text, amending_act: e.amending_act, effective: e.effective,
                 citation: act.citation || null, page: act.page || null };
      }) };
    });
    return Object.assign({}, v, { provisions: provisions, notes: notes });
  }

  function load(v) {
    if (!fetching.has(v.start)) {
      fetching.set(v.start, fetch(new URL(v.json, base).href).then(function (r) {
        if (!r.ok) throw new Error(String(r.status));
        return r.json();
      }).then(function (json) {
        texts.set(v.start, withText(v, json));
      }).finally(function () { fetching.delete(v.start); }));  // a failed fetch is tried again on the next choice
    }
    return fetching.get(v.start);
  }

  // --- alignment by stable id ----------------------------------------------------------------------

  function key(p) { return p.document + "\u0000" + p.id; }

  function align(va, vb) {
    var A = new Map(), B = new Map();
    va.provisions.forEach(function (p) { A.set(key(p), p); });
    vb.provisions.forEach(function (p) { B.set(key(p), p); });
    var onlyA = [], onlyB = [];
    A.forEach(function (p, k) { if (!B.has(k)) onlyA.push(p); });
    B.forEach(function (p, k) { if (!A.has(k)) onlyB.push(p); });
    var movedA = new Map(), movedB = new Map();
    onlyA.forEach(function (p) {
      var c = onlyB.filter(function (q) { return q.id === p.id; });
      var twins = onlyA.filter(function (q) { return q.id === p.id; });
      if (c.length === 1 && twins.length === 1) { movedA.set(key(p), key(c[0])); movedB.set(key(c[0]), key(p)); }
    });
    var gone = new Map(), anchor = null;
    A.forEach(function (p, k) {
      if (B.has(k) || movedA.has(k)) anchor = B.has(k) ? k : movedA.get(k);
      else { if (!gone.has(anchor)) gone.set(anchor, []); gone.get(anchor).push(p); }
    });
    var pairs = (gone.get(null) || []).map(function (p) { return [p, null]; });
    B.forEach(function (q, k) {
      var ka = A.has(k) ? k : movedB.get(k);
      pairs.push([ka ? A.get(ka) : null, q]);
      (gone.get(k) || []).forEach(function (p) { pairs.push([p, null]); });
    });
    return pairs.map(function (pair) { return describe(pair[0], pair[1]); });
  }

  function describe(a, b) {
    var d = { a: a, b: b, p: b || a };
    if (!a) d.status = "added";
    else if (!b) d.status = "deleted";
    else d.status = sameWords(a.heading, b.heading) && sameWords(a.text, b.text) ? "unchanged" : "changed";
    d.renumbered = !!(a && b && a.num !== b.num);
    d.moved = !!(a && b && (a.document !== b.document || a.parent !== b.parent));
    d.isChange = d.status !== "unchanged" || d.renumbered || d.moved;
    return d;
  }

  // --- notes ---------------------------------------------------------------------------------------

  function notesFor(later, lo, hi, doc, id) {
    return later.notes.filter(function (n) {
      return (n.document || "") === (doc || "") && (n.provision || "") === (id || "") &&
        n.entries.some(function (e) { return lo < e.effective && e.effective <= hi; });
    });
  }

  function noteLink(later, n) {
    var a = el("a", "cmp-note", "[" + n.number + "]");
    a.href = new URL(later.page, base).href + "#note-" + n.number;
    a.title = n.entries.map(function (e) { return e.text; }).join(" ");
    return a;
  }

  // --- rendering -----------------------------------------------------------------------------------

  function label(d) {
    var words = [];
    if (STATUS[d.status]) words.push(STATUS[d.status]);
    if (d.renumbered) words.push(RENUMBERED);
    if (d.moved) words.push(MOVED);
    var num = d.renumbered ? d.a.num + " → " + d.b.num : d.p.num;
    return num + "." + (words.length ? " (" + words.join(", ") + ")" : "");
  }

  function historyLink(d) {
    var a = el("a", "cmp-history", "tarixçə");
    a.href = new URL(data.history, base).href + "#wid-" + d.p.document + "-" + d.p.id;
    a.title = "Bəndin bütün redaksiyalardakı mətni";
    return a;
  }

  function wording(parent, d, side) {
    var oldP = d.a || {}, newP = d.b || {};
    if (side === "old" && !d.a) { parent.appendChild(el("span", "cmp-absent", "—")); return; }
    if (side === "new" && !d.b) { parent.appendChild(el("span", "cmp-absent", "çıxarılıb")); return; }
    var num = el("span", "num", (side === "old" ? oldP.num : side === "new" ? newP.num : d.p.num) + ". ");
    if (side) parent.appendChild(num);
    if (oldP.heading || newP.heading) {
      var h = el("span", "heading");
      if (d.status === "unchanged") h.textContent = d.p.heading || "";
      else redline(h, d.a ? oldP.heading : "", d.b ? newP.heading : "", side);
      parent.appendChild(h);
      parent.appendChild(document.createTextNode(" "));
    }
    var t = el("span", "text");
    if (d.status === "unchanged") t.textContent = d.p.text || "";
    else redline(t, d.a ? oldP.text : "", d.b ? newP.text : "", side);
    parent.appendChild(t);
  }

  /* The comparison chosen in the form: drawn at once when both versions' texts are here, else once they are
   * fetched (the result is aria-busy meanwhile). */
  function render() {
    var params = current();
    var ia = find(params.a), ib = find(params.b);
    var ticket = ++asked;
    if (!ia || !ib) {
      result.textContent = "";
      summaryBox.textContent = "";
      result.appendChild(el("p", null, "Bu tarixli redaksiya yoxdur."));
      return;
    }
    var missing = [ia, ib].filter(function (v) { return !texts.has(v.start); });
    if (!missing.length) { draw(params, texts.get(ia.start), texts.get(ib.start)); return; }
    result.setAttribute("aria-busy", "true");
    summaryBox.textContent = "Redaksiyaların mətni yüklənir…";
    Promise.all(missing.map(load)).then(function () {
      if (ticket === asked) draw(params, texts.get(ia.start), texts.get(ib.start));
    }).catch(function (e) {
      if (ticket !== asked) return;
      result.removeAttribute("aria-busy");
      summaryBox.textContent = "";
      result.textContent = "Redaksiyanın mətni yüklənmədi (" + e.message + "). Hazır müqayisələrdən istifadə edin.";
    });
  }

  function draw(params, va, vb) {
    result.removeAttribute("aria-busy");
    result.textContent = "";
    summaryBox.textContent = "";
    var later = vb.start >= va.start ? vb : va;
    var lo = va.start < vb.start ? va.start : vb.start, hi = va.start < vb.start ? vb.start : va.start;
    var diffs = align(va, vb);
    var cited = new Map();
    var counts = { changed: 0, added: 0, deleted: 0, renumbered: 0 };
    diffs.forEach(function (d) {
      if (counts[d.status] !== undefined) counts[d.status]++;
      if (d.renumbered) counts.renumbered++;
      d.notes = d.isChange ? notesFor(later, lo, hi, d.p.document, d.p.id) : [];
      d.notes.forEach(function (n) { cited.set(n.number, n); });
    });
    var repealed = later === vb && vb.repealed && !va.repealed;
    var actNotes = repealed ? notesFor(later, lo, hi, null, null) : [];
    actNotes.forEach(function (n) { cited.set(n.number, n); });
    var said = [];
    if (repealed) said.push("akt ləğv edilib");
    [["changed", "dəyişdirilib"], ["added", "əlavə edilib"], ["deleted", "çıxarılıb"], ["renumbered", "nömrəsi dəyişdirilib"]]
      .forEach(function (c) { if (counts[c[0]]) said.push(counts[c[0]] + " bənd " + c[1]); });
    if (va === vb) summaryBox.textContent = "Eyni redaksiya seçilib: dəyişiklik yoxdur.";
    else summaryBox.textContent = said.length ? "Dəyişikliklər: " + said.join(", ") + "." : "Bu redaksiyalar arasında mətndə dəyişiklik yoxdur.";
    if (repealed) {
      var banner = el("p", "banner banner-repealed", "Akt ləğv edilib. ");
      actNotes.forEach(function (n) { banner.appendChild(noteLink(later, n)); });
      result.appendChild(banner);
    }
    var shown = params.only ? diffs.filter(function (d) { return d.isChange; }) : diffs;
    var titles = new Map(data.documents.map(function (d) { return [d.id, d.title]; }));
    var several = new Set(diffs.map(function (d) { return d.p.document; })).size > 1;
    var container, doc = null;
    if (params.view === "side") {
      var table = el("table", "cmp-side");
      var head = el("tr");
      head.appendChild(el("th", null, "Köhnə: " + va.label));
      head.appendChild(el("th", null, "Yeni: " + vb.label));
      var thead = el("thead"); thead.appendChild(head); table.appendChild(thead);
      container = el("tbody"); table.appendChild(container);
      result.appendChild(table);
    } else {
      container = el("div", "cmp-inline");
      result.appendChild(container);
    }
    shown.forEach(function (d) {
      if (several && d.p.document !== doc) {
        doc = d.p.document;
        var title = titles.get(doc) || doc;
        if (params.view === "side") {
          var tr = el("tr", "cmp-document"), th = el("th", null, title);
          th.colSpan = 2; tr.appendChild(th); container.appendChild(tr);
        } else container.appendChild(el("h3", "cmp-document", title));
      }
      if (params.view === "side") {
        var row = el("tr", "cmp-prov cmp-" + d.status + (d.isChange ? " cmp-change" : ""));
        row.dataset.id = d.p.id;
        var left = el("td", "cmp-old"), right = el("td", "cmp-new");
        wording(left, d, "old");
        wording(right, d, "new");
        d.notes.forEach(function (n) { right.appendChild(document.createTextNode(" ")); right.appendChild(noteLink(later, n)); });
        row.appendChild(left); row.appendChild(right);
        container.appendChild(row);
      } else {
        var art = el("article", "cmp-prov cmp-" + d.status + (d.isChange ? " cmp-change" : ""));
        art.dataset.id = d.p.id;
        var h4 = el("h4", "cmp-label", label(d));
        d.notes.forEach(function (n) { h4.appendChild(document.createTextNode(" ")); h4.appendChild(noteLink(later, n)); });
        h4.appendChild(document.createTextNode(" "));
        h4.appendChild(historyLink(d));
        art.appendChild(h4);
        var p = el("p");
        wording(p, d, null);
        art.appendChild(p);
        container.appendChild(art);
      }
    });
    if (!shown.length) result.appendChild(el("p", null, "Dəyişmiş bənd yoxdur."));
    if (cited.size) {
      var section = el("section", "cmp-notes");
      section.appendChild(el("h3", null, "Dəyişikliklərin qeydləri (" + later.label + " redaksiyası)"));
      var ol = el("ol");
      Array.from(cited.values()).sort(function (x, y) { return x.number - y.number; }).forEach(function (n) {
        var li = el("li");
        li.value = n.number;
        li.appendChild(noteLink(later, n));
        n.entries.filter(function (e) { return lo < e.effective && e.effective <= hi; }).forEach(function (e) {
          li.appendChild(document.createTextNode(" " + e.text + " "));
          if (e.page) {
            var act = el("a", "cmp-amending", e.citation || e.amending_act);
            act.href = new URL(e.page, base).href;
            li.appendChild(act);
          }
        });
        ol.appendChild(li);
      });
      section.appendChild(ol);
      result.appendChild(section);
    }
    result.dataset.a = va.start;
    result.dataset.b = vb.start;
    result.dataset.view = params.view;
    // Once: setting a class on <html>, even one it has, restyles the whole page (a second on a large code)
    if (!document.documentElement.classList.contains("compare-ready")) document.documentElement.classList.add("compare-ready");
  }

  // --- state in the URL ----------------------------------------------------------------------------

  function find(start) {
    return data.versions.filter(function (v) { return v.start === start; })[0] || null;
  }

  function current() {
    var view = form.querySelector("input[name=view]:checked");
    return { a: form.elements.a.value, b: form.elements.b.value, view: view ? view.value : "inline",
             only: form.elements.only.checked };
  }

  function fromUrl() {
    var q = new URLSearchParams(window.location.search);
    var a = q.get("a") || form.dataset.a, b = q.get("b") || form.dataset.b;
    if (find(a)) form.elements.a.value = a;
    if (find(b)) form.elements.b.value = b;
    var view = q.get("view") === "side" ? "side" : "inline";
    form.querySelector("input[name=view][value=" + view + "]").checked = true;
    form.elements.only.checked = q.get("only") === "1";
  }

  function toUrl() {
    var s = current();
    var q = new URLSearchParams();
    q.set("a", s.a);
    q.set("b", s.b);
    if (s.view === "side") q.set("view", "side");
    if (s.only) q.set("only", "1");
    window.history.replaceState(null, "", window.location.pathname + "?" + q.toString() + window.location.hash);
  }

  form.addEventListener("change", function () { toUrl(); render(); });
  form.addEventListener("submit", function (e) { e.preventDefault(); });

  base = new URL(form.dataset.versions, window.location.href).href;
  result.textContent = "Redaksiyalar yüklənir…";
  fetch(base).then(function (r) {
    if (!r.ok) throw new Error(String(r.status));
    return r.json();
  }).then(function (json) {
    data = json;
    fromUrl();
    toUrl();
    render();
  }).catch(function (e) {
    result.textContent = "Redaksiyaların məlumatı yüklənmədi (" + e.message + "). Hazır müqayisələrdən istifadə edin.";
  });
})();
