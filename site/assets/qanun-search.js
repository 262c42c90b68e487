/* The site's search (issue 7): the theme's search box, answered by Pagefind (pagefind/ in the site, written by
 * generator/search_index.py: the acts' index, with the other pages' own index in pagefind/pages/ merged into it).
 * Pagefind's script and index chunks are fetched on first use, and then only the chunks a query needs, never the
 * whole corpus.
 *
 * Letters are folded as in the index: the query is folded (ə→e, ı→i, ö→o, ü→u, ğ→g, ç→c, ş→s; I→ı and İ→i first),
 * so "esasname" and "Əsasnamə" both find "Əsasnamə". The index holds each word followed by its folded form where
 * the two differ; that form is dropped from the titles and snippets shown here.
 *
 * Results are written as text nodes (Pagefind's snippets are escaped text with <mark>; only <mark> becomes
 * markup), in the theme's result markup, so they look like the theme's own search. */
(function () {
  "use strict";
  var form = document.querySelector("[data-qanun-search]");
  var toggle = document.getElementById("__search");
  if (!form || !toggle) return;
  var input = form.querySelector(".md-search__input");
  var meta = form.querySelector(".md-search-result__meta");
  var list = form.querySelector(".md-search-result__list");
  var merged = form.getAttribute("data-qanun-search-merge");
  var config = {};
  try { config = JSON.parse(document.getElementById("__config").textContent); } catch (e) { /* defaults */ }
  var t = config.translations || {};
  var root = new URL((config.base || ".").replace(/\/?$/, "/"), location.href);
  var MAX = 10;  // pages shown
  var SUBS = 3;  // sections shown under a page
  var FOLD = { "ə": "e", "ı": "i", "ş": "s", "ç": "c", "ğ": "g", "ö": "o", "ü": "u" };

  function fold(s) {  // the same as search_index.fold in Python
    return s.replace(/I/g, "ı").replace(/İ/g, "i").toLowerCase().replace(/[əışçğöü]/g, function (c) { return FOLD[c]; });
  }

  var loading = null;
  function pagefind() {
    if (!loading) {
      loading = import(new URL("pagefind/pagefind.js", root).href).then(function (pf) {
        // init: the searcher (WebAssembly) and the index's metadata load while the reader is still typing.
        // noWorker: on the page itself the first result comes about twice as fast as through Pagefind's web
        // worker (measured with benchmarks/search.py at 3,000 acts), and one script less is fetched.
        // The acts have an index of their own, made while the site is built; the other pages' index, made after
        // mkdocs, is merged into it when there is one (data-qanun-search-merge).
        return pf.options({ baseUrl: root.pathname, excerptLength: 40, noWorker: true })
          .then(function () { return pf.init(); })
          .then(function () {
            return merged && pf.mergeIndex(new URL(merged, root).href, { baseUrl: root.pathname, excerptLength: 40 });
          })
          .then(function () { return pf; });
      });
      loading.catch(function () { loading = null; });
    }
    return loading;
  }

  /* "Əsasnamə esasname haqqında haqqinda" → "Əsasnamə haqqında", keeping a <mark> of the dropped form on the
   * word it came from. Works on Pagefind's snippet (escaped text, words with <mark>…</mark>) and on plain text. */
  function unfold(text) {
    var out = [];
    text.split(" ").forEach(function (token) {
      var marked = /<mark>/.test(token);
      var word = token.replace(/<\/?mark>/g, "");
      var prev = out.length ? out[out.length - 1] : null;
      if (prev && word && prev.word.toLowerCase() !== word) {
        var f = fold(prev.word);
        var tail = word.slice(f.length);
        if (word.slice(0, f.length) === f && /^[.,;:!?]*$/.test(tail) && prev.word.toLowerCase() !== f) {
          prev.marked = prev.marked || marked;
          if (tail && prev.word.slice(-tail.length) !== tail) prev.word += tail;
          return;
        }
      }
      out.push({ word: word, marked: marked });
    });
    return out;
  }

  /* Pagefind's snippet → text. It escapes only "<" and ">"; the index writes a word joiner (U+2060) after every "&"
   * of the text (search_index._text), so "&lt;" here is always an escaped "<", never a text "&lt;". */
  function decode(escaped) {
    return escaped.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/\u2060/g, "");
  }

  /* The words of a snippet to show: a first word that looks like an added folded form cut off from its word
   * (lower-case ASCII, where the snippet window starts) is dropped, and so is the section's heading, which Pagefind
   * repeats at the start of the snippet and which is shown above it. */
  function shown(escaped, heading) {
    var words = unfold(escaped);
    if (words.length > 1 && !words[0].marked && /^[a-z]+[.,;:!?]*$/.test(words[0].word)) words.shift();
    var head = heading ? heading.split(" ") : [];
    if (head.length && words.length > head.length && head.every(function (h, i) {
      return decode(words[i].word).replace(/[.]$/, "") === h.replace(/[.]$/, "");
    })) words = words.slice(head.length);
    return words;
  }

  function snippet(el, escaped, heading) {
    shown(escaped, heading).forEach(function (w, i) {
      if (i) el.appendChild(document.createTextNode(" "));
      var text = document.createTextNode(decode(w.word));
      if (w.marked) {
        var mark = document.createElement("mark");
        mark.appendChild(text);
        el.appendChild(mark);
      } else {
        el.appendChild(text);
      }
    });
    return el;
  }

  function plain(text) {  // a title: text as it is (Pagefind does not escape titles)
    return unfold(text).map(function (w) { return w.word.replace(/\u2060/g, ""); }).join(" ");
  }

  function article(href, level, title, excerpt) {
    var a = document.createElement("a");
    a.className = "md-search-result__link";
    a.href = href;
    a.tabIndex = -1;
    var art = document.createElement("article");
    art.className = "md-search-result__article md-typeset";
    if (level === "h1") {
      var icon = document.createElement("div");
      icon.className = "md-search-result__icon md-icon";
      art.appendChild(icon);
    }
    var h = document.createElement(level);
    h.textContent = title;
    art.appendChild(h);
    if (excerpt) art.appendChild(snippet(document.createElement("p"), excerpt, level === "h2" ? title : ""));
    a.appendChild(art);
    return a;
  }

  function count(n) {
    if (n === 0) return t["search.result.none"] || "0";
    if (n === 1) return t["search.result.one"] || "1";
    return (t["search.result.other"] || "#").replace("#", String(n));
  }

  function item(d) {  // a page, and up to SUBS of its sections (provisions), in the theme's result markup
    var li = document.createElement("li");
    li.className = "md-search-result__item";
    var about = d.meta || {};
    // The page's path from the site's root is in the index's metadata (search_index.stand_in).
    var url = about.url ? root.pathname + about.url.replace(/^\//, "") : d.url;
    var subs = (d.sub_results || []).filter(function (s) { return s.anchor && s.anchor.id; });
    li.appendChild(article(url, "h1", about.title || url, subs.length ? "" : d.excerpt));
    subs.slice(0, SUBS).forEach(function (s) {
      li.appendChild(article(url + "#" + s.anchor.id, "h2", plain(s.title || ""), s.excerpt));
    });
    return li;
  }

  var seq = 0;
  var timer = null;
  function run() {
    var query = fold(input.value.trim());
    var mine = ++seq;
    if (query.length < 2 && !/\d/.test(query)) {  // one letter would match most of the index: wait for more
      list.textContent = "";
      meta.textContent = t["search.result.placeholder"] || "";
      return;
    }
    pagefind().then(function (pf) {
      return pf.search(query);
    }).then(function (search) {
      if (mine !== seq || !search) return null;
      meta.textContent = count(search.results.length);
      if (!search.results.length) list.textContent = "";
      // Each page's fragment is fetched on its own: a result is shown as soon as it and those above it are there.
      var shown = 0;
      var chain = Promise.resolve();
      search.results.slice(0, MAX).forEach(function (r) {
        var data = r.data();
        chain = chain.then(function () { return data; }).then(function (d) {
          if (mine !== seq) return;
          if (!shown++) list.textContent = "";
          list.appendChild(item(d));
        });
      });
      return chain.then(function () {
        if (mine === seq) form.setAttribute("data-shown", query);  // whose results are shown (tests, benchmarks)
      });
    }).catch(function (e) {
      if (mine === seq) meta.textContent = t["search.result.term.missing"] || "";
      if (window.console) console.warn("search:", e);
    });
  }

  input.addEventListener("focus", function () {
    if (!toggle.checked) toggle.checked = true;
    pagefind();  // start fetching the searcher while the reader types
  });
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(run, 40);  // fast typing: search once it pauses
  });
  form.querySelector("form").addEventListener("submit", function (e) { e.preventDefault(); run(); });
  form.querySelector("form").addEventListener("reset", function () { setTimeout(run, 0); });
  toggle.addEventListener("change", function () {
    if (toggle.checked) input.focus(); else input.blur();
  });
  list.addEventListener("click", function (e) {
    if (e.target.closest && e.target.closest("a")) { toggle.checked = false; input.blur(); }
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && toggle.checked) {
      toggle.checked = false;
      input.blur();
    } else if (e.key === "/" && !toggle.checked && !/^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName)) {
      e.preventDefault();
      toggle.checked = true;
      input.focus();
    }
  });
})();
