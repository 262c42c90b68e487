"""Properties of consolidation and of text edits, on small synthetic acts built in memory.

Each word change is also applied by a deliberately simple reference (lists of words), so a version
can be compared with “the text with exactly the changes effective by then”, computed independently.
"""
from __future__ import annotations

import datetime as dt
import itertools
import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import textedit as te
from generator.consolidate import Version, consolidate
from generator.load import load_project
from generator.model import BODY, ChangeKind, Provision, Target
from helpers import ADOPTED, TARGET, amending_acts, target_act

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

DAYS = [dt.date(2024, 3, 1), dt.date(2024, 6, 1), dt.date(2024, 9, 1)]

# Whole words only (letters), some differing only in case or by a suffix, so that whole-word matching
# matters: “iclas” must not match inside “iclasa”.
VOCAB = ["iclas", "iclasa", "İclas", "qərar", "və", "ya", "üzv", "ışıq", "Agentlik"]
FRESH = ["yeni", "sözlər", "əlavə"]  # never in VOCAB: a word brought in and only it


def bare(num: str, text: str, children=(), heading=None, unit="bənd") -> Provision:
    return Provision(num, num, unit, heading, text, tuple(children))


def texts(version: Version) -> dict[str, str | None]:
    return {p.num: p.text for p in version.document(BODY).walk()}


# --- an act without changes consolidates to itself ---------------------------------------------

words = st.lists(st.sampled_from(VOCAB), min_size=1, max_size=8)
sentence = words.map(lambda w: " ".join(w) + ".")
text = st.lists(sentence, min_size=1, max_size=3).map(" ".join)


@st.composite
def provision_trees(draw, prefix: str = "", depth: int = 0) -> tuple[Provision, ...]:
    count = draw(st.integers(1 if depth == 0 else 0, 3 if depth < 2 else 0))
    out = []
    for i in range(1, count + 1):
        num = f"{prefix}{i}"
        heading = draw(st.none() | sentence) if depth == 0 else None
        body = draw(st.none() | text)
        children = draw(provision_trees(f"{num}.", depth + 1))
        out.append(bare(num, body, children, heading, unit=("hissə", "bənd", "yarımbənd")[depth]))
    return tuple(out)


@FAST
@given(provision_trees())
def test_act_without_changes_consolidates_to_itself(provisions):
    act = target_act(provisions)
    histories, problems = consolidate((act,))
    assert problems == []
    (version,) = histories[TARGET].versions
    assert version.notes == () and version.amending_acts == ()
    original = [(p.id, p.num, p.unit, p.heading, p.text) for p in act.body.walk()]
    assert [(p.id, p.num, p.unit, p.heading, p.text) for p in version.document(BODY).walk()] == original
    assert not any(p.removed or p.added or p.text_changes or version.note_number(BODY, p.id)
                   for p in version.document(BODY).walk())


def test_real_regulation_without_changes_is_the_source():
    """Nothing amends the Regulation in the real project: its one version is its source, word for word."""
    project, problems = load_project(ROOT)
    assert problems == []
    histories, _ = consolidate(project.acts)
    act = project.act("nk-2024-21")
    (version,) = histories["nk-2024-21"].versions
    for doc in act.documents:
        assert ([(p.num, p.heading, p.text) for p in version.document(doc.id).walk()]
                == [(p.num, p.heading, p.text) for p in doc.walk()])


# --- a version is the text with exactly the changes effective by then --------------------------

def matches(words: list[str], needle: list[str]) -> list[int]:
    """Starts of the non-overlapping occurrences of `needle`, left to right."""
    found, i = [], 0
    while i + len(needle) <= len(words):
        if words[i:i + len(needle)] == needle:
            found.append(i)
            i += len(needle)
        else:
            i += 1
    return found


def reference_apply(words: list[str], kind: ChangeKind, needle: list[str], new: list[str], before: bool,
                    starts: list[int]) -> list[str]:
    out, i = [], 0
    for start in starts:
        out += words[i:start]
        old = words[start:start + len(needle)]
        if kind is ChangeKind.REPLACE_WORDS:
            out += new
        elif kind is ChangeKind.INSERT_WORDS:
            out += new + old if before else old + new
        i = start + len(needle)
    return out + words[i:]


def render(words: list[str]) -> str:
    return " ".join(words) + "."


@st.composite
def word_change(draw, state: dict[str, list[str]]):
    """A replace / delete / insert on one provision's current words, and what it should make of them."""
    num = draw(st.sampled_from(sorted(state)))
    current = state[num]
    start = draw(st.integers(0, len(current) - 1))
    needle = current[start:start + draw(st.integers(1, 3))]
    found = matches(current, needle)
    occurrence = draw(st.sampled_from([None, 1, "all"] if len(found) == 1 else ["all", *range(1, len(found) + 1)]))
    chosen = found if occurrence == "all" else [found[(occurrence or 1) - 1]]
    kinds = [ChangeKind.REPLACE_WORDS, ChangeKind.INSERT_WORDS]
    if len(current) - len(needle) * len(chosen) >= 1:  # keep at least one word
        kinds.append(ChangeKind.DELETE_WORDS)
    kind = draw(st.sampled_from(kinds))
    new = draw(st.lists(st.sampled_from(VOCAB + FRESH), min_size=1, max_size=3))
    before = draw(st.booleans())
    change = {"kind": kind, "target": Target(TARGET, provision=num), "old": " ".join(needle), "occurrence": occurrence}
    if kind is not ChangeKind.DELETE_WORDS:
        change["new"] = " ".join(new)
    if kind is ChangeKind.INSERT_WORDS:
        change["before"] = before
    return num, change, reference_apply(current, kind, needle, new, before, chosen)


@FAST
@given(st.data())
def test_version_at_any_date_applies_exactly_the_changes_effective_by_then(data):
    state = {"1": data.draw(words, label="1"), "2": data.draw(words, label="2")}
    original = {num: render(w) for num, w in state.items()}
    days = sorted(data.draw(st.lists(st.sampled_from(DAYS), min_size=1, max_size=8), label="days"))
    changes, expected = [], {}
    for day in days:
        num, change, after = data.draw(word_change(state))
        state = {**state, num: after}
        changes.append((day, change))
        expected[day] = {n: render(w) for n, w in state.items()}  # after every change of that day so far

    act = target_act((bare("1", original["1"]), bare("2", original["2"])))
    histories, problems = consolidate((act, *amending_acts(changes)))
    assert problems == []
    history = histories[TARGET]
    assert texts(history.at(ADOPTED)) == original
    assert texts(history.at(DAYS[0] - dt.timedelta(days=1))) == original
    last = original
    for day in DAYS:
        last = expected.get(day, last)
        assert texts(history.at(day)) == last, day
        assert texts(history.at(day + dt.timedelta(days=45))) == last


@FAST
@given(st.data())
def test_replace_then_replace_back_restores_the_text(data):
    current = data.draw(words)
    start = data.draw(st.integers(0, len(current) - 1))
    needle = " ".join(current[start:start + data.draw(st.integers(1, 3))])
    fresh = " ".join(data.draw(st.lists(st.sampled_from(FRESH), min_size=1, max_size=2)))
    there = {"kind": ChangeKind.REPLACE_WORDS, "target": Target(TARGET, provision="1"), "old": needle, "new": fresh,
             "occurrence": "all"}
    back = {**there, "old": fresh, "new": needle}
    original = render(current)
    act = target_act((bare("1", original),))
    histories, problems = consolidate((act, *amending_acts([(DAYS[0], there), (DAYS[1], back)])))
    assert problems == []
    history = histories[TARGET]
    assert fresh in history.at(DAYS[0]).document(BODY).find("1").text
    restored = history.at(DAYS[1])
    assert restored.document(BODY).find("1").text == original
    assert len(restored.notes) == 1 and len(restored.notes[0].entries) == 2


# --- notes point at existing provisions ----------------------------------------------------------

STRUCTURE = (
    bare("1", None, [bare("1.1", "iclas və qərar. Agentlik üzv.", unit="yarımbənd"),
                     bare("1.2", "qərar ya üzv.", unit="yarımbənd")], heading="İclas qərar", unit="hissə"),
    bare("2", "Agentlik və üzv. İclas qərar.", [bare("2.1", "üzv ya iclas.", unit="yarımbənd")]),
    bare("3", "ışıq qərar.", heading="Agentlik"),
)
NUMS = ["1", "1.1", "1.2", "1.3", "2", "2.1", "2.2", "3", "4"]


@st.composite
def any_change(draw) -> dict:
    """A change of any kind, shaped as the loader would accept it, but not necessarily applicable."""
    kind = draw(st.sampled_from([k for k in ChangeKind if k is not ChangeKind.REPEAL]))
    num = draw(st.sampled_from(NUMS))
    word = draw(st.sampled_from(VOCAB))
    change: dict = {"kind": kind, "target": Target(TARGET, provision=num)}
    if kind in (ChangeKind.REPLACE_WORDS, ChangeKind.DELETE_WORDS, ChangeKind.INSERT_WORDS):
        heading = draw(st.booleans())
        sentence = None if heading else draw(st.none() | st.integers(1, 2))
        change.update(target=Target(TARGET, provision=num, sentence=sentence, heading=heading), old=word,
                      occurrence=draw(st.sampled_from([None, "all", 1, 2])))
        if kind is not ChangeKind.DELETE_WORDS:
            change["new"] = draw(st.sampled_from(FRESH))
        change["before"] = kind is ChangeKind.INSERT_WORDS and draw(st.booleans())
    elif kind is ChangeKind.RESTATE:
        part = draw(st.sampled_from(["provision", "sentence", "heading"]))
        if part == "sentence":
            change.update(target=Target(TARGET, provision=num, sentence=draw(st.integers(1, 2))),
                          provision=bare("", "Yeni cümlə."))
        elif part == "heading":
            change.update(target=Target(TARGET, provision=num, heading=True), provision=bare("", None, heading="Yeni ad"))
        else:
            change["provision"] = bare("", "Yeni mətn.", [bare(f"{num}.1", "əlavə.", unit="yarımbənd")]
                                       if draw(st.booleans()) else [])
    elif kind is ChangeKind.ADD_PROVISION:
        parent = draw(st.sampled_from([None, "1", "2", "2.1"]))
        new_num = draw(st.sampled_from(["4", "1.3", "2.2", "2.1.1"]))
        change.update(target=Target(TARGET, provision=parent), after=draw(st.sampled_from([None, "1", "1.1", "2"])),
                      provision=Provision(f"new-{new_num}-{draw(st.integers(0, 99))}", new_num,
                                          "yarımbənd" if "." in new_num else "bənd", None, "Yeni müddəa."))
    elif kind is ChangeKind.ADD_SENTENCE:
        change["new"] = "Yeni cümlə."
    elif kind is ChangeKind.DELETE_SENTENCE:
        change["target"] = Target(TARGET, provision=num, sentence=draw(st.integers(1, 2)))
    elif kind is ChangeKind.DELETE_PROVISION:
        change["verb"] = draw(st.sampled_from(["çıxarılsın", "ləğv edilsin"]))
    elif kind is ChangeKind.RENUMBER:
        change["to"] = draw(st.sampled_from(NUMS + ["5", "1.4"]))
    return change


def check_notes(version: Version) -> None:
    provisions = {(d.id, p.id): p for d in version.documents for p in d.walk()}
    marker = {place: version.note_number(*place) for place in provisions}
    assert [n.number for n in version.notes] == list(range(1, len(version.notes) + 1))
    for note in version.notes:
        assert note.entries
        if note.document == "":  # a note on the whole act (its repeal)
            continue
        # A note whose place left the text (a sub-point of a restated or deleted provision) stays unmarked.
        assert note.marked == ((note.document, note.provision) in provisions)
        if note.marked:
            assert marker[(note.document, note.provision)] == note.number
    numbers = {n.number for n in version.notes if n.marked}
    for n in marker.values():
        assert n is None or n in numbers
    marked = [n for n in marker.values() if n is not None]
    assert len(marked) == len(set(marked))  # one marker per note
    # the notes follow the order of the text
    order = [(d.id, p.id) for d in version.documents for p in d.walk()]
    places = [order.index((n.document, n.provision)) for n in version.notes if n.document and n.marked]
    assert places == sorted(places)


@FAST
@given(st.lists(st.tuples(st.sampled_from(DAYS), any_change()), min_size=1, max_size=10))
def test_notes_point_at_existing_provisions(changes):
    histories, _ = consolidate((target_act(STRUCTURE), *amending_acts(changes)))
    for version in histories[TARGET].versions:
        check_notes(version)


def test_notes_point_at_existing_provisions_in_the_projects():
    for root in (ROOT, FIXTURES / "regulation-amendments", FIXTURES / "law-style"):
        project, problems = load_project(root)
        assert problems == []
        histories, problems = consolidate(project.acts)
        assert problems == []
        for history in histories.values():
            for version in history.versions:
                check_notes(version)


# --- text edits ------------------------------------------------------------------------------------

segment = st.builds(te.Segment, st.sampled_from([te.SAME, te.INS, te.DEL]), st.text("ab (,”", max_size=4))
segments = st.lists(segment, max_size=6).map(tuple)


def original(segs: tuple[te.Segment, ...]) -> str:
    """The wording before this version's edits: what was there, deleted or not."""
    return "".join(s.text for s in segs if s.kind != te.INS)


@settings(max_examples=300, deadline=None)
@given(segments, st.data(), st.text("xy ", max_size=3))
def test_edit_replaces_exactly_the_visible_span(segs, data, new):
    v = te.visible(segs)
    a = data.draw(st.integers(0, len(v)), label="a")
    b = data.draw(st.integers(a, len(v)), label="b")
    edited = te.edit(segs, a, b, new)
    assert te.visible(edited) == v[:a] + new + v[b:]
    assert original(edited) == original(segs)  # deleted words stay, struck through
    assert all(s.text for s in edited)


@settings(max_examples=200, deadline=None)
@given(st.text("ab ,.(", max_size=10), st.data())
def test_tidy_only_removes_spaces_at_the_junction(text, data):
    j = data.draw(st.integers(0, len(text)))
    tidied = te.visible(te.tidy(te.plain(text), j))
    near = [i for i in range(max(0, j - 2), min(len(text), j + 2)) if text[i] == " "]
    ways = {"".join(c for i, c in enumerate(text) if i not in drop)
            for k in range(3) for drop in itertools.combinations(near, k)}
    assert tidied in ways


def _words_by_regex(text: str, words: str) -> list[tuple[int, int]]:
    """What `textedit.find_words` found with one regular expression per change (the first way qanun did it)."""
    left = r"(?<!\w)" if re.match(r"\w", words[0]) else ""
    right = r"(?!\w)" if re.match(r"\w", words[-1]) else ""
    return [(m.start(), m.end()) for m in re.finditer(left + re.escape(words) + right, text)]


_WORDISH = st.sampled_from("aəİ5_ ,.-\u00a0\u0307²٣")


@settings(max_examples=1000, deadline=None)
@given(st.text(_WORDISH, max_size=16) | st.text(max_size=12),
       st.text(_WORDISH, min_size=1, max_size=3) | st.text(min_size=1, max_size=2))
def test_whole_words_are_found_where_the_regular_expression_found_them(text, words):
    assert te.find_words(text, words) == _words_by_regex(text, words)
    assert te.find_words("Vergilər Nazirliyinə, Vergilər Nazirliyi", "Vergilər Nazirliyi") == [(22, 40)]
    assert te.find_words("aa aaa a", "a") == [(7, 8)] and te.find_words("-a-a", "-a") == [(0, 2), (2, 4)]


@settings(max_examples=500, deadline=None)
@given(st.text(st.sampled_from("aə &<>\"'{}#;")) | st.text())
def test_html_escaping_replaces_exactly_what_html_escape_and_the_braces_did(text):
    """`html.esc` skips texts with nothing to escape; what it gives must be what it always gave."""
    import html

    from generator.render.html import esc

    assert esc(text) == html.escape(text, quote=True).replace("{", "&#123;").replace("}", "&#125;")
    assert esc(None) == ""


def test_a_working_node_is_what_its_constructor_would_make():
    """`Node.of` fills a node's fields without `__init__`: every field as the constructor would set it."""
    from dataclasses import fields
    from generator.worktree import Node

    project, problems = load_project(ROOT)
    checked = 0

    def each(provisions):
        for p in provisions:
            yield p
            yield from each(p.children)
    for act in project.acts:
        for doc in act.documents:
            for p in each(doc.provisions):
                node = Node.of(p)
                made = Node(p.id, p.num, p.unit, p.heading, p.text, [])
                assert set(vars(node)) == {f.name for f in fields(Node)}
                for f in fields(Node):
                    if f.name != "children":
                        assert getattr(node, f.name) == getattr(made, f.name), f.name
                assert [c.parent for c in node.children] == [node] * len(node.children)
                assert [c.id for c in node.children] == [c.id for c in p.children]
                checked += 1
    assert checked > 50
