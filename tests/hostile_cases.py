"""The hostile-input corpora of issue 8, as data: each case's class, what it is, and the outcome its test asserts.

The tests take their cases from here (one test, one assertion per case) and append what they observed to
test-artifacts/hostile-outcomes.jsonl; `python tests/hostile_table.py` turns these definitions into
docs/hostile-inputs.md, and test_hostile_table.py checks that the committed table is exactly what it generates.
So the table is never written by hand, and it never lists an outcome that no test asserts: a case whose test
observes anything else fails.

This module holds definitions only (no imports of qanun, pytest or hypothesis), so that the table generator
runs without loading the application.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
OUTCOMES_LOG = ARTIFACTS / "hostile-outcomes.jsonl"

# The outcomes, worded once: the table shows these words, and the tests record exactly these words.
SHOWN_AS_WRITTEN = "shown exactly as written: no element, attribute or link comes from it"
LOADS_AS_WRITTEN = "loads as exactly the written string"
REJECTED = "rejected with `path:line:col` and a fix hint"
NEVER_PUBLISHED = "never reaches the output"
CAUGHT_BY_SCAN = "caught by the leak scan, which names the source field, never the text"
REJECTED_BY_LOADER = "rejected by the loader with `path:line:col`: nothing is published"
NOT_A_LEAK = "not flagged: below the quotation length (documented limit)"
ENFORCED = "enforced by a test"
KNOWN_BUG = "KNOWN BUG: the test is an expected failure (xfail strict) until it is fixed"
SITE_KEPT = "the published site stays byte-identical (the SHA-256 of every file compared)"
SITE_KEPT_OR_NEW = ("the published site is byte-identical to the previous one or, if the kill came after the swap, "
                    "is the complete new site (its SHA256SUMS verifies)")
SITE_NEW = "the complete new site is published (it verifies); the next build removes the old one"
SITE_RESTORED = "the previous site is put back byte-identical by the next build or by `qanun verify`"
WRITE_FAILED = ("fails with “could not write …: …; the published site was not changed”; the published site stays "
                "byte-identical")
STEP_FAILED = "fails with a message; the published site stays byte-identical"
LOCKED = ("the second build stops at once with “another build of DIR is running”; the first publishes a site that "
          "verifies")
SERIALISED = ("never both at once: each build either publishes a complete site or stops with the lock message; "
              "the result verifies")
REPORTED = "`qanun verify` names each file on a line of its own (changed, missing, unlisted) and exits with 1"


@dataclass(frozen=True)
class Case:
    corpus: str  # text | yaml | leak | deps | publish
    id: str  # the pytest id of its test
    cls: str  # the case class, a row group of the table
    what: str  # the case, in a few words (Markdown)
    outcome: str  # one of the outcomes above


def _text(id_: str, cls: str, what: str, outcome: str = SHOWN_AS_WRITTEN) -> Case:
    return Case("text", id_, cls, what, outcome)


def _yaml(id_: str, cls: str, what: str, outcome: str) -> Case:
    return Case("yaml", id_, cls, what, outcome)


def _leak(id_: str, cls: str, what: str, outcome: str) -> Case:
    return Case("leak", id_, cls, what, outcome)


def _deps(id_: str, cls: str, what: str, outcome: str = ENFORCED) -> Case:
    return Case("deps", id_, cls, what, outcome)


# --- 1. text is text: each trap in every place a source string is shown --------------------------------------

TEXT = (
    _text("emphasis", "Markdown emphasis", "`*a*` `_b_` `**c**` `__d__`"),
    _text("heading", "Markdown block syntax", "`# heading` at the start of a line"),
    _text("ordered-list", "Markdown block syntax", "`1.` `2)` at the start of a line"),
    _text("bullet-list", "Markdown block syntax", "`-` `*` `+` at the start of a line"),
    _text("table-pipes", "Markdown block syntax", "`| a | b |` and a `| --- |` line"),
    _text("definition-colon", "Markdown block syntax", "`: definition` after a line"),
    _text("blockquote", "Markdown block syntax", "`> quote` at the start of a line"),
    _text("indented-code", "whitespace", "a line indented by four spaces"),
    _text("tabs", "whitespace", "tab characters, alone and in runs"),
    _text("trailing-spaces", "whitespace", "two trailing spaces before a line break (a Markdown hard break)"),
    _text("strikethrough", "Markdown inline syntax", "`~~a~~` `~b~`"),
    _text("backticks", "Markdown inline syntax", "`` `code` `` and a ```` ``` ```` fence"),
    _text("backslash", "Markdown inline syntax", "`\\*` `\\\\` backslash escapes"),
    _text("footnote", "Markdown inline syntax", "`[^1]` and `[^1]: note`"),
    _text("entity", "HTML", "`&copy;` `&amp;` `&#169;` `&lt;`"),
    _text("raw-html", "HTML", "`<b>` `<script>alert(1)</script>` `<img src=x onerror=…>`"),
    _text("html-comment", "HTML", "`<!-- … -->` and `<![CDATA[ … ]]>`"),
    _text("javascript-link", "links", "`[x](javascript:alert(1))` and `<javascript:alert(1)>`"),
    _text("autolink", "links", "`<https://example.com>`, a bare URL and `[x][ref]` with `[ref]: …`"),
    _text("attr-list", "attr_list", "`{: onclick=\"alert(1)\" }` and `{#id .class}`"),
    _text("jinja", "templates", "`{{ config.site_name }}` `{% include 'x' %}` `{# c #}`"),
    _text("quotes-and-dashes", "typography", "`\"a\"` `'b'` `--` `...` (no smart quotes or dashes)"),
    _text("azerbaijani", "letters", "`Əə İi Iı Şş Çç Ğğ Öö Üü` and `«»“”—№`"),
    _text("page-title", "page title and header (front matter `title`)",
          "an annex title or `cited_as` holding `<script>` or `&copy;`, printed by the theme into `<title>` and the "
          "page header"),
    _text("search-index", "search results (the Pagefind index)",
          "a provision text or title holding `<img src=x onerror=…>` or `&lt;`, shown in the search box's results"),
    _text("json-ld-script-escape", "structured data (JSON-LD)",
          "`<!--` and then `<script>` in a name (an act's `cited_as`, a title) inside the page's JSON-LD: browsers "
          "read the rest of the page, up to the next `</script>`, as part of the script"),
    _text("random", "random text (hypothesis)",
          "Azerbaijani letters, punctuation and every trap above, mixed, in every source string of the project"),
)

# --- 2. YAML is data ------------------------------------------------------------------------------------------

YAML = (
    _yaml("num-2.10-quoted", "provision numbers", '`num: "2.10"`', LOADS_AS_WRITTEN),
    _yaml("num-1.10-quoted", "provision numbers", "`num: '1.10'`", LOADS_AS_WRITTEN),
    _yaml("num-010-quoted", "provision numbers", '`num: "010"`', LOADS_AS_WRITTEN),
    _yaml("num-2.10-unquoted", "provision numbers", "`num: 2.10` (YAML reads 2.1)", REJECTED),
    _yaml("num-1.10-unquoted", "provision numbers", "`num: 1.10` (YAML reads 1.1)", REJECTED),
    _yaml("num-010-unquoted", "provision numbers", "`num: 010` (YAML reads 10)", REJECTED),
    _yaml("number-inf", "provision numbers", "`number: .inf`", REJECTED),
    _yaml("word-no", "YAML 1.1 booleans and nulls", "`text: no`", LOADS_AS_WRITTEN),
    _yaml("word-yes", "YAML 1.1 booleans and nulls", "`text: yes`", LOADS_AS_WRITTEN),
    _yaml("word-on", "YAML 1.1 booleans and nulls", "`text: on`", LOADS_AS_WRITTEN),
    _yaml("word-off", "YAML 1.1 booleans and nulls", "`text: Off`", LOADS_AS_WRITTEN),
    _yaml("word-true", "YAML 1.1 booleans and nulls", "`text: true`", REJECTED),
    _yaml("word-null", "YAML 1.1 booleans and nulls", "`text: null`", REJECTED),
    _yaml("word-tilde", "YAML 1.1 booleans and nulls", "`text: ~`", REJECTED),
    _yaml("date-field", "dates", "`adopted: 2020-01-10`", LOADS_AS_WRITTEN),
    _yaml("date-in-text", "dates", "`text: 2020-01-10`", LOADS_AS_WRITTEN),
    _yaml("timestamp-in-text", "dates", "`text: 2001-12-14t21:59:43.10-05:00`", LOADS_AS_WRITTEN),
    _yaml("date-impossible", "dates", "`adopted: 2023-02-30`", REJECTED),
    _yaml("directive-yaml-1.1", "directives", "a `%YAML 1.1` line", REJECTED),
    _yaml("directive-tag", "directives", "a `%TAG` line", REJECTED),
    _yaml("anchor-alias", "anchors and aliases", "`&name` on one value, `*name` on another", REJECTED),
    _yaml("alias-undefined", "anchors and aliases", "`*name` with no anchor", REJECTED),
    _yaml("merge-key", "anchors and aliases", "`<<: *base`", REJECTED),
    _yaml("alias-bomb", "anchors and aliases", "billion laughs: nine levels of nine aliases (10⁹ strings if expanded)",
          REJECTED),
    _yaml("duplicate-key", "duplicate keys", "`text:` twice in one provision", REJECTED),
    _yaml("duplicate-key-flow", "duplicate keys", '`{num: "1", num: "2"}`', REJECTED),
    _yaml("tag-python-apply", "explicit tags", "`!!python/object/apply:os.system [\"…\"]`", REJECTED),
    _yaml("tag-python-name", "explicit tags", "`!!python/name:os.system`", REJECTED),
    _yaml("tag-str", "explicit tags", "`!!str 2.10`", REJECTED),
    _yaml("tag-binary", "explicit tags", "`!!binary …`", REJECTED),
    _yaml("tag-custom", "explicit tags", "`!secret value`", REJECTED),
    _yaml("bom", "encodings and line ends", "UTF-8 byte order mark", LOADS_AS_WRITTEN),
    _yaml("crlf", "encodings and line ends", "Windows line ends (CR LF)", LOADS_AS_WRITTEN),
    _yaml("utf-16", "encodings and line ends", "UTF-16 with BOM (Notepad's \"Unicode\")", REJECTED),
    _yaml("windows-1254", "encodings and line ends", "Windows-1254 (Turkish) bytes", REJECTED),
    _yaml("nul", "control characters", "a NUL byte in a value", REJECTED),
    _yaml("escape-char", "control characters", "an ESC (U+001B) in a value", REJECTED),
    _yaml("tab-indent", "tabs", "a tab used for indentation", REJECTED),
    _yaml("tab-in-value", "tabs", "a tab inside a quoted value", LOADS_AS_WRITTEN),
    _yaml("size-20mb", "size and shape", "a 20 MB file (refused by its size, before reading)", REJECTED),
    _yaml("deep-block-1000", "size and shape", "1,000-deep nesting, block style", REJECTED),
    _yaml("deep-flow-1000", "size and shape", "1,000-deep nesting, `[[[…]]]`", REJECTED),
    _yaml("long-line", "size and shape", "a 128 KiB line (one value)", LOADS_AS_WRITTEN),
)

# --- 4. restricted information under attack -------------------------------------------------------------------

LEAK = (
    _leak("restricted-item-title", "a title", "the title of a restricted agenda item", NEVER_PUBLISHED),
    _leak("public-title-holds-restricted", "a title",
          "a public item's title that repeats a restricted guest's name", CAUGHT_BY_SCAN),
    _leak("restricted-guest-name", "a guest's name", "a guest marked restricted (name and organisation)",
          NEVER_PUBLISHED),
    _leak("guest-is-complainant", "a guest's name", "a public guest who is also a complainant (personal data)",
          CAUGHT_BY_SCAN),
    _leak("vote-note", "a vote note", "`votes: {…, note: …}` (the schema has no such field)", REJECTED_BY_LOADER),
    _leak("restricted-act-in-public-item", "a vote note",
          "a restricted act's text under a public item, with its votes", NEVER_PUBLISHED),
    _leak("attachment-field", "an attachment file name", "`documents: [{…, file: name.pdf}]` (no such field)",
          REJECTED_BY_LOADER),
    _leak("restricted-attachment-title", "an attachment file name", "a restricted document's title",
          NEVER_PUBLISHED),
    _leak("output-file-name", "an attachment file name",
          "an output file named after a restricted title (a URL slug)", CAUGHT_BY_SCAN),
    _leak("yaml-comments", "YAML comments",
          "restricted text in comments: at the top, before an item, after a value, after a flow mapping, at the "
          "end", NEVER_PUBLISHED),
    _leak("verbatim-quote", "verbatim quotation",
          "a public summary quoting 8 consecutive words of a restricted act", CAUGHT_BY_SCAN),
    _leak("verbatim-quote-disguised", "verbatim quotation",
          "the same 8 words in capitals, across a line break, with different punctuation", CAUGHT_BY_SCAN),
    _leak("short-quote", "verbatim quotation", "a public summary quoting 7 consecutive words", NOT_A_LEAK),
)

# --- 5. dependencies at safe versions ------------------------------------------------------------------------

DEPS = (
    _deps("lxml-at-least-6.1", "safe versions", "the test suite fails if lxml < 6.1 is installed"),
    _deps("mkdocs-material-at-least-9.7.7", "safe versions", "the test suite fails if mkdocs-material < 9.7.7 is "
                                                             "installed"),
    _deps("declared-minimums", "safe versions", "pyproject.toml declares the same minimums"),
    _deps("pandoc-only-through-run-pandoc", "pandoc", "no module calls pandoc except through `run_pandoc` (source "
                                                      "scan of generator/)"),
    _deps("pandoc-sandbox-and-timeout", "pandoc", "every pandoc process (DOCX, PDF, diff DOCX, meeting documents) "
                                                  "gets `--sandbox` and a time limit (recorded by a wrapped Popen)"),
    _deps("pandoc-timeout-kills", "pandoc", "a pandoc run past its time limit is killed, with a clear error"),
    _deps("subprocess-timeouts", "pandoc", "every subprocess qanun starts has a time limit (source scan)"),
    _deps("build-offline", "network", "the whole site build runs with sockets disabled"),
    _deps("pdf-offline", "network", "the PDF route fetches nothing (Typst sets source text as strings, reads nothing outside an empty root)"),
)

# --- 6. publishing: killed, full, failing, concurrent builds and tampered copies --------------------------------


def _pub(id_: str, cls: str, what: str, outcome: str) -> Case:
    return Case("publish", id_, cls, what, outcome)


PUBLISH = (
    _pub("kill-before-mkdocs", "SIGKILL of a real build", "the moment the (empty) staging folder appears, before mkdocs",
         SITE_KEPT),
    _pub("kill-during-mkdocs", "SIGKILL of a real build", "while mkdocs writes its pages (into the build's work folder)",
         SITE_KEPT),
    _pub("kill-after-mkdocs", "SIGKILL of a real build", "after mkdocs, while the data and downloads are written",
         SITE_KEPT),
    _pub("kill-during-manifest", "SIGKILL of a real build", "with half of SHA256SUMS written, just before the swap",
         SITE_KEPT),
    _pub("kill-at-swap", "SIGKILL of a real build", "the moment SHA256SUMS is complete (the swap under way)",
         SITE_KEPT_OR_NEW),
    _pub("kill-at-offsets", "SIGKILL of a real build", "at spread-out moments: 0.3 s, 1 s, 2 s, 2.8 s after the start, "
         "each build staged in the site the last swap replaced (the spare, whose unchanged files are hard links to "
         "the published site's)", SITE_KEPT_OR_NEW),
    _pub("kill-after-exchange", "SIGKILL of a real build",
         "right after the atomic exchange (renameat2), before the old site is set aside as the spare", SITE_NEW),
    _pub("kill-between-renames", "SIGKILL of a real build",
         "without renameat2 (the two-rename swap of other systems): between moving the old site aside and putting "
         "the new one in place", SITE_RESTORED),
    _pub("kill-after-renames", "SIGKILL of a real build",
         "without renameat2: after the new site is in place, before the old one is set aside", SITE_NEW),
    _pub("full-disk", "full disk",
         "the file size limit (RLIMIT_FSIZE) set at 16 KiB, 256 KiB and 640 KiB: a write past it fails with EFBIG, "
         "as on a full disk", WRITE_FAILED),
    _pub("source-error", "a failing step", "an error in a source (caught while loading)", STEP_FAILED),
    _pub("broken-template", "a failing step", "a broken theme template (caught by mkdocs, halfway)", STEP_FAILED),
    _pub("broken-mkdocs-yml", "a failing step", "a mkdocs.yml that is not YAML", STEP_FAILED),
    _pub("second-build", "concurrent builds", "a second build of the same folder while the first runs", LOCKED),
    _pub("simultaneous-builds", "concurrent builds", "two builds of the same folder started at the same instant",
         SERIALISED),
    _pub("changed-byte", "a tampered copy", "one byte of a page changed", REPORTED),
    _pub("missing-file", "a tampered copy", "a file deleted", REPORTED),
    _pub("extra-file", "a tampered copy", "a file added", REPORTED),
    _pub("manifest-line-removed", "a tampered copy", "a line removed from SHA256SUMS", REPORTED),
)

CORPORA = {"text": TEXT, "yaml": YAML, "publish": PUBLISH, "leak": LEAK, "deps": DEPS}
TITLES = {
    "text": ("1. Text is text", "tests/test_text_is_text.py: each trap in every source string (act and annex title, "
                                "`cited_as`, a provision's heading, old and new wording, annex text, a meeting item's "
                                "title, an act's text and addressee), on every page the site generates (render/html.py, "
                                "compare_html.py, meetings_html.py through `site.site_pages` and `site.group_pages`) "
                                "converted by mkdocs as `qanun build` configures it, in the feeds, and in the Group's "
                                "DOCX report; compared element by element with the same pages made from placeholders."),
    "yaml": ("2. YAML is data", "tests/test_hostile_yaml.py, corpus in tests/hostile_yaml/: each file loaded by "
                                "`load_act`, timed (< 5 s) and measured with tracemalloc (< 200 MB); bounds that only "
                                "catch real blow-ups."),
    "leak": ("4. Restricted information under attack", "tests/test_leak_attacks.py: the output the site makes from "
                                                        "the public view (the Group's pages, the DOCX annual report, "
                                                        "and a JSON dump of the view), then the leak scan."),
    "deps": ("5. Dependencies and external processes", "tests/test_dependencies.py."),
    "publish": ("3. Publishing: atomic, locked, reproducible", "tests/test_publish_safety.py: a site is built into a copy of the project, then a "
                                 "real `qanun build` process on changed sources is killed, starved of disk, broken or "
                                 "run twice at once; afterwards every file's SHA-256 is compared with the previous "
                                 "site, a new build must succeed and `qanun verify` must pass. Kills at exact points "
                                 "inside publishing come from tests/publish_harness.py, which wraps a function of "
                                 "generator/publish.py in the child process and SIGKILLs it from inside."),
}


def cases(corpus: str) -> tuple[Case, ...]:
    return CORPORA[corpus]


def case(corpus: str, case_id: str) -> Case:
    return next(c for c in CORPORA[corpus] if c.id == case_id)


_started: list[bool] = []  # whether this process has written to the log yet


def record(c: Case, observed: str) -> None:
    """Append what a test observed for a case to the run's log (evidence beside the generated table). The first
    record of a test run replaces the log of the previous run."""
    ARTIFACTS.mkdir(exist_ok=True)
    mode = "a" if _started else "w"
    _started.append(True)
    with OUTCOMES_LOG.open(mode, encoding="utf-8") as f:
        f.write(json.dumps({"corpus": c.corpus, "case": c.id, "class": c.cls, "expected": c.outcome,
                            "observed": observed, "pid": os.getpid()}, ensure_ascii=False) + "\n")


def check(c: Case, observed: str) -> str:
    """Record the observed outcome and return it, for `assert check(case, observed) == case.outcome`."""
    record(c, observed)
    return observed
