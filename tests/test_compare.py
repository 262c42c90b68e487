"""Comparing two versions of an act: alignment by identity, word-level diffs, and the notes behind them.

The expected word operations of the criteria comparison are written by hand from DOMAIN.md §1 (the
table of notes [1]-[4]), never copied from the tool's output.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.compare import (ADDED, CHANGED, DELETED, UNCHANGED, Comparison, apply_edits, compare, diff_text,
                               tokens)
from generator.consolidate import Version, VersionedDocument, VersionedProvision, consolidate
from generator.model import BODY, ChangeKind, Provision, Target
from generator.pipeline import load_and_consolidate
from generator.textedit import DEL, INS, SAME
from helpers import TARGET, amending_acts, target_act

CRITERIA = "vn-kollegiya-2019-191705000007900"
AMENDING = "in-kollegiya-2020-4"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


# --- the criteria, 2019 → 2020 ------------------------------------------------------------------

def criteria_comparison(corpus, start: str, end: str) -> Comparison:
    h = corpus.histories[CRITERIA]
    return compare(h, h.at(dt.date.fromisoformat(start)), h.at(dt.date.fromisoformat(end)))


# (provision, note, [(words deleted, words inserted)]) — DOMAIN.md §1, notes [1]-[4].
CRITERIA_CHANGES = [
    ("2.4.2", 1, [("elektron vergi hesab-fakturası,", "")]),
    ("2.5", 2, [("Vergilər Nazirliyinə", "Azərbaycan Respublikasının İqtisadiyyat Nazirliyi yanında Dövlət Vergi "
                                          "Xidmətinə (bundan sonra - Dövlət Vergi Xidməti)")]),
    ("2.6", 3, [("və ya elektron vergi hesab-fakturası", "")]),
    ("2.7", 4, [("Vergilər Nazirliyi", "Dövlət Vergi Xidməti")]),
]


def test_criteria_2019_to_2020_reports_exactly_the_four_changes(corpus):
    c = criteria_comparison(corpus, "2019-06-01", "2020-08-03")
    assert (c.a, c.b) == (dt.date(2019, 5, 22), dt.date(2020, 8, 3))
    assert [(p.document, p.num, p.status) for p in c.changes] == [("meyarlar", n, CHANGED) for n, _, _ in
                                                                    CRITERIA_CHANGES]
    assert c.added == c.deleted == c.renumbered == ()
    for p, (num, note, ops) in zip(c.changes, CRITERIA_CHANGES):
        assert p.notes == (note,), num
        assert p.amending_acts == (AMENDING,)
        assert [(e.old, e.new) for e in p.text.edits] == ops, num
        assert not p.heading.changed
        for e in p.text.edits:
            assert (e.cause.note, e.cause.amending_act, e.cause.effective) == (note, AMENDING, dt.date(2020, 8, 3))
    # Everything else, body and annex, is matched and unchanged.
    h = corpus.histories[CRITERIA]
    everything = sum(1 for d in h.versions[-1].documents for _ in d.walk())
    assert len(c.unchanged) == everything - 4


def test_criteria_edit_positions_point_into_the_old_text(corpus):
    c = criteria_comparison(corpus, "2019-06-01", "2020-08-03")
    for p in c.changes:
        for edit in p.text.edits:
            assert p.text.old[edit.start:edit.end] == edit.old
    p = next(p for p in c.changes if p.num == "2.7")
    (edit,) = p.text.edits
    assert p.text.old[edit.end:].startswith(" ilə razılaşdırılmaqla")


def test_criteria_redline_shows_old_and_new_words_in_place(corpus):
    c = criteria_comparison(corpus, "2019-06-01", "2020-08-03")
    p = next(p for p in c.changes if p.num == "2.7")
    assert [(r.kind, r.text) for r in p.text.runs] == [
        (SAME, "“KOB klaster şirkəti”nin bu Meyarlara cavab verməsi Agentlik tərəfindən "),
        (DEL, "Vergilər Nazirliyi"), (INS, "Dövlət Vergi Xidməti"),
        (SAME, " ilə razılaşdırılmaqla təqdim edilmiş şəhadətnamə ilə təsdiq edilir."),
    ]


def test_criteria_backwards_undoes_the_same_four_changes(corpus):
    c = criteria_comparison(corpus, "2020-08-03", "2019-06-01")
    assert [p.num for p in c.changes] == [n for n, _, _ in CRITERIA_CHANGES]
    for p, (num, note, ops) in zip(c.changes, CRITERIA_CHANGES):
        assert [(e.new, e.old) for e in p.text.edits] == ops
        assert p.notes == (note,)


def test_a_version_against_itself_has_no_changes(corpus):
    c = criteria_comparison(corpus, "2021-01-01", "2020-08-03")
    assert c.changes == () and c.unchanged == c.provisions


# --- words ---------------------------------------------------------------------------------------

def test_words_keep_hyphens_and_numbers_whole():
    assert tokens("(elektron qaimə-faktura, 2.2.1-2.2.3-cü və 2,5 milyon);") == [
        "(", "elektron", "qaimə-faktura", ",", "2.2.1-2.2.3-cü", "və", "2,5", "milyon", ")", ";"]


def test_whitespace_and_punctuation_spacing_are_not_changes_of_wording():
    assert not diff_text("iclas ,  qərar və\nüzv .", "iclas, qərar və üzv.").changed
    assert diff_text("iclas, qərar", "iclas; qərar").changed  # another mark is another wording


def test_a_restated_sentence_reads_as_one_replacement_not_edits_around_every_word():
    d = diff_text("Agentlik və üzv qərar verir.", "Qrup və Katiblik iclas keçirir.")
    assert [(e.old, e.new) for e in d.edits] == [("Agentlik və üzv qərar verir", "Qrup və Katiblik iclas keçirir")]


def test_an_insertion_or_deletion_is_placed_as_a_phrase():
    d = diff_text("a, b, c", "a, c")
    assert [(e.old, e.new) for e in d.edits] == [("b,", "")]


def test_apply_edits_replays_the_changes_on_the_old_text():
    d = diff_text("Agentliyə və Vergilər Nazirliyinə 3 gün", "Agentliyə və Dövlət Vergi Xidmətinə 3 gün")
    assert apply_edits(d.old, d.edits) == d.new


# --- renumbering and moves, on acts built in memory -------------------------------------------------

DAYS = [dt.date(2024, 3, 1), dt.date(2024, 6, 1), dt.date(2024, 9, 1), dt.date(2024, 12, 1)]


def bare(num: str, text: str | None, children=(), heading=None, unit="bənd", pid: str | None = None) -> Provision:
    return Provision(pid or num, num, unit, heading, text, tuple(children))


def history_of(provisions, changes, *, strict: bool = True):
    histories, problems = consolidate((target_act(provisions), *amending_acts(changes)))
    if strict:
        assert problems == []
    return histories[TARGET]


RENUMBERING = [
    bare("1", "Qrup iclas keçirir."),
    bare("2", "Agentlik məlumat verir."),
    bare("3", "Qrup aşağıdakıları edir:", [bare("3.1", "təklif verir;", unit="yarımbənd"),
                                            bare("3.2", "qərar qəbul edir.", unit="yarımbənd")]),
]


def test_renumbering_is_reported_as_renumbering_not_delete_and_add():
    h = history_of(RENUMBERING, [
        (DAYS[0], {"kind": ChangeKind.DELETE_PROVISION, "target": Target(TARGET, provision="2")}),
        (DAYS[0], {"kind": ChangeKind.RENUMBER, "target": Target(TARGET, provision="3"), "to": "2"}),
    ])
    c = compare(h, h.versions[0], h.versions[-1])
    assert [(p.id, p.num_a, p.num_b) for p in c.renumbered] == [("3", "3", "2"), ("3.1", "3.1", "2.1"),
                                                                 ("3.2", "3.2", "2.2")]
    assert [(p.id, p.num, p.status) for p in c.deleted] == [("2", "2", DELETED)]
    assert c.added == () and c.changed == ()
    assert all(p.status == UNCHANGED and not p.text.changed for p in c.renumbered)  # same words, new numbers
    notes = {n.provision: n.number for n in h.versions[-1].notes}
    assert c.deleted[0].notes == (notes["2"],)
    assert [p.notes for p in c.renumbered] == [(notes["3"],)] * 3  # 3.1 and 3.2 follow their parent
    assert [p.num for p in c.changes] == ["2", "2", "2.1", "2.2"]  # reading order: the deleted 2, then the new 2


def test_added_and_restated_provisions_are_linked_to_their_notes():
    h = history_of(RENUMBERING, [
        (DAYS[0], {"kind": ChangeKind.ADD_PROVISION, "target": Target(TARGET, provision="3"), "after": "3.1",
                   "provision": bare("3.1-1", "rəy bildirir;", unit="yarımbənd", pid="yeni")}),
        (DAYS[1], {"kind": ChangeKind.RESTATE, "target": Target(TARGET, provision="1"),
                   "provision": bare("", "Qrup ildə iki dəfə iclas keçirir.")}),
    ])
    c = compare(h, h.versions[0], h.versions[-1])
    notes = {n.provision: n for n in h.versions[-1].notes}
    assert [(p.id, p.status) for p in c.changes] == [("1", CHANGED), ("yeni", ADDED)]
    changed, added = c.changes
    assert [(e.old, e.new) for e in changed.text.edits] == [("", "ildə iki dəfə")]
    assert changed.notes == (notes["1"].number,) and changed.amending_acts == ("deyisiklik-2",)
    assert added.notes == (notes["yeni"].number,) and added.amending_acts == ("deyisiklik-1",)
    assert [(r.kind, r.text) for r in added.text.runs] == [(INS, "rəy bildirir;")]
    # From the middle version only the later change is reported.
    c = compare(h, h.versions[1], h.versions[2])
    assert [p.id for p in c.changes] == ["1"]


def test_a_restatement_in_the_same_words_is_not_reported():
    h = history_of(RENUMBERING, [
        (DAYS[0], {"kind": ChangeKind.RESTATE, "target": Target(TARGET, provision="2"),
                   "provision": bare("", "Agentlik  məlumat verir .")}),
    ])
    assert h.versions[-1].notes  # consolidation records the restatement …
    c = compare(h, h.versions[0], h.versions[-1])
    assert c.changes == ()  # … but the wording did not change


def _version(provisions: tuple[VersionedProvision, ...], start: dt.date) -> Version:
    return Version(TARGET, start, None, (VersionedDocument(BODY, provisions),), (), (), ())


def _vp(pid: str, num: str, text: str, children=()) -> VersionedProvision:
    return VersionedProvision(pid, num, "bənd", None, text, tuple(children))


def test_a_provision_moved_to_another_parent_is_matched():
    a = _version((_vp("1", "1", "Bir:", [_vp("x", "1.1", "köçən mətn.")]), _vp("2", "2", "İki:")), DAYS[0])
    b = _version((_vp("1", "1", "Bir:"), _vp("2", "2", "İki:", [_vp("x", "2.1", "köçən mətn.")])), DAYS[1])
    h = history_of(RENUMBERING, [])
    c = compare(h, a, b)
    (moved,) = c.changes
    assert (moved.id, moved.moved, moved.renumbered, moved.status) == ("x", True, True, UNCHANGED)
    assert (moved.parent_a, moved.parent_b) == ("1", "2")


def test_the_regulation_fixture_every_change_is_linked_to_a_note():
    corpus = load_and_consolidate(FIXTURES / "regulation-amendments")
    h = corpus.histories["nk-2024-21"]
    c = compare(h, h.versions[0], h.versions[-1])
    assert c.changes
    for p in c.changes:
        assert p.causes, p.num
        for e in (*p.text.edits, *p.heading.edits):
            assert e.cause in p.causes
    check_replay(h.versions[0], h.versions[-1], c)


# --- property: the reported changes, applied to A, give B ----------------------------------------

VOCAB = ["iclas", "iclasa", "İclas", "qərar", "və", "ya", "üzv", "ışıq", "Agentlik", ",", ";"]
FRESH = ["yeni", "sözlər", "əlavə"]
SPACES = [" "]  # single spaces: consolidate cannot yet target sentences in text with runs of spaces


@st.composite
def wording(draw, min_words: int = 1) -> str:
    """Words and marks with uneven spacing, so that spacing alone must never count as a change."""
    words = draw(st.lists(st.sampled_from(VOCAB), min_size=min_words, max_size=7))
    out = ""
    for w in words:
        out += (draw(st.sampled_from(["", " "])) if w in ",;" else draw(st.sampled_from(SPACES))) + w
    return out.strip() + "."


@st.composite
def synthetic_act(draw) -> tuple[Provision, ...]:
    out = []
    for i in range(1, draw(st.integers(1, 4)) + 1):
        children = [bare(f"{i}.{j}", draw(wording()), unit="yarımbənd")
                    for j in range(1, draw(st.integers(0, 2)) + 1)]
        out.append(bare(str(i), draw(st.none() | wording()), children,
                        heading=draw(st.none() | st.just("İclas qərar"))))
    return tuple(out)


NUMS = ["1", "2", "3", "4", "1.1", "1.2", "2.1", "2.2", "3.1"]


@st.composite
def any_change(draw, n: int) -> dict:
    """A change of any kind; consolidation drops the ones that cannot apply, which is fine here."""
    kind = draw(st.sampled_from([k for k in ChangeKind if k is not ChangeKind.REPEAL]))
    num = draw(st.sampled_from(NUMS))
    change: dict = {"kind": kind, "target": Target(TARGET, provision=num)}
    fresh = " ".join(draw(st.lists(st.sampled_from(FRESH + VOCAB[:5]), min_size=1, max_size=3)))
    if kind in (ChangeKind.REPLACE_WORDS, ChangeKind.DELETE_WORDS, ChangeKind.INSERT_WORDS):
        heading = draw(st.booleans())
        change.update(target=Target(TARGET, provision=num, heading=heading), old=draw(st.sampled_from(VOCAB[:9])),
                      occurrence="all", before=draw(st.booleans()))
        if kind is not ChangeKind.DELETE_WORDS:
            change["new"] = fresh
    elif kind is ChangeKind.RESTATE:
        children = [bare(f"{num}.{j}", draw(wording()), unit="yarımbənd", pid=f"r{n}-{j}")
                    for j in range(1, draw(st.integers(0, 2)) + 1)]
        change["provision"] = bare("", draw(wording()), children, heading=draw(st.none() | st.just("Yeni ad")))
    elif kind is ChangeKind.ADD_PROVISION:
        parent = draw(st.sampled_from([None, "1", "2"]))
        new_num = f"{parent}.{n + 5}" if parent else str(n + 5)
        change.update(target=Target(TARGET, provision=parent), after=draw(st.sampled_from([None, "1", "1.1", "2.1"])),
                      provision=bare(new_num, draw(wording()), unit="bənd", pid=f"added-{n}"))
    elif kind is ChangeKind.ADD_SENTENCE:
        change["new"] = fresh.capitalize() + "."
    elif kind is ChangeKind.DELETE_SENTENCE:
        change["target"] = Target(TARGET, provision=num, sentence=draw(st.integers(1, 2)))
    elif kind is ChangeKind.RENUMBER:
        change["to"] = draw(st.sampled_from(["5", "6", "1.9", str(n + 20)]))
    return change


@st.composite
def synthetic_history(draw):
    provisions = draw(synthetic_act())
    count = draw(st.integers(1, 8))
    changes = [(draw(st.sampled_from(DAYS)), draw(any_change(i))) for i in range(count)]
    return history_of(provisions, changes, strict=False)


def _state(version: Version) -> dict:
    """What a version says, provision by provision: number, parent, words of heading and text, order."""
    out = {}

    def visit(p: VersionedProvision, doc: str, parent: str | None) -> None:
        if p.removed:
            return
        out[(doc, p.id)] = (p.num, parent, p.heading or "", p.text or "")
        for child in p.children:
            visit(child, doc, p.id)

    for d in version.documents:
        for p in d.provisions:
            visit(p, d.id, None)
    return out


def check_replay(a: Version, b: Version, c: Comparison) -> None:
    """Replay the comparison on A, provision by provision, and check it gives B's wording."""
    state = _state(a)
    for p in c.provisions:
        key_a, key_b = (p.document_a, p.id), (p.document_b, p.id)
        if p.status == DELETED:
            del state[key_a]
            continue
        num, parent, heading, text = state.pop(key_a) if p.status != ADDED else (None, None, "", "")
        if p.is_change:
            num, parent = p.num_b, p.parent_b
            heading, text = apply_edits(heading, p.heading.edits), apply_edits(text, p.text.edits)
        state[key_b] = (num, parent, heading, text)
    expected = _state(b)
    assert state.keys() == expected.keys()
    for key, (num, parent, heading, text) in expected.items():
        got = state[key]
        assert (got[0], got[1], tokens(got[2]), tokens(got[3])) == (num, parent, tokens(heading), tokens(text)), key
    # and the comparison lists B's provisions in B's reading order
    assert [(p.document_b, p.id) for p in c.provisions if p.status != DELETED] == list(expected)


PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(synthetic_history(), st.data())
def test_applying_the_reported_changes_to_a_gives_b(h, data):
    a = data.draw(st.sampled_from(h.versions), label="a")
    b = data.draw(st.sampled_from(h.versions), label="b")
    c = compare(h, a, b)
    check_replay(a, b, c)
    for p in c.provisions:
        for d in (p.heading, p.text):
            # the redline reads as B when accepted and as A when rejected
            assert "".join(r.text for r in d.runs if r.kind != DEL) == d.new
            assert tokens("".join(r.text for r in d.runs if r.kind != INS)) == tokens(d.old)
            assert all(r.text for r in d.runs)
    if a.start != b.start:
        for p in c.changes:  # every change is explained by a note of the later version
            assert p.causes, (p.num, p.status)
            for e in (*p.text.edits, *p.heading.edits):
                assert e.cause in p.causes


@PROPERTY
@given(synthetic_act(), st.data())
def test_whitespace_only_restatements_are_not_reported(provisions, data):
    target = data.draw(st.sampled_from([p for p in provisions if p.text]), label="target") \
        if any(p.text for p in provisions) else None
    if target is None:
        return
    respaced = " ".join(target.text.replace(",", " , ").split()) + "  "
    h = history_of(provisions, [(DAYS[0], {"kind": ChangeKind.RESTATE, "target": Target(TARGET, provision=target.num),
                                           "provision": bare("", respaced, [c for c in target.children],
                                                             heading=target.heading)})], strict=False)
    c = compare(h, h.versions[0], h.versions[-1])
    assert c.changes == ()


def test_comparing_and_consolidating_pause_the_collector_and_give_it_back_as_it_was(corpus, monkeypatch):
    import gc

    from generator import collector

    h = next(h for h in corpus.histories.values() if len(h.versions) > 1)
    seen = []
    honest = collector.paused

    def watched():
        seen.append(gc.isenabled())
        return honest()
    monkeypatch.setattr(collector, "paused", watched)
    for enabled in (True, False):
        (gc.enable if enabled else gc.disable)()
        try:
            with honest():
                assert not gc.isenabled()
            assert gc.isenabled() is enabled
            compare(h, h.versions[0], h.versions[-1])
            consolidate(corpus.project.acts)
            assert gc.isenabled() is enabled
        finally:
            gc.enable()
    assert seen == [True, True, False, False]  # both stages went through it, each time


@settings(max_examples=400, deadline=None)
@given(st.text(st.sampled_from(list("ab əİ1.,-“”\u00a0\u0307\u0301e\t\n"))) | st.text())
def test_the_words_of_a_text_are_the_keys_its_diff_compares(text):
    from generator.compare import _Words, tokens

    assert tokens(text) == _Words(text).keys


def _moves_as_first_written(pa: dict, pb: dict) -> dict:
    """compare._align's cross-document matching as first written (a scan of the others for each): the reference."""
    moved = {}
    only_a = [k for k in pa if k not in pb]
    only_b = [k for k in pb if k not in pa]
    for ka in only_a:
        candidates = [kb for kb in only_b if kb[1] == ka[1]]
        if len(candidates) == 1 and sum(k[1] == ka[1] for k in only_a) == 1:
            moved[ka] = candidates[0]
    return moved


_keys = st.lists(st.tuples(st.sampled_from(["body", "annex-1", "annex-2"]), st.sampled_from("abcdef")), unique=True,
                 max_size=12)


@settings(max_examples=400, deadline=None)
@given(_keys, _keys)
def test_provisions_moved_between_documents_are_paired_as_before(keys_a, keys_b):
    """Pairs by (document, id), and by id alone across documents when that is unambiguous, in b's order."""
    from generator.compare import _align

    pa, pb = {k: ("a", k) for k in keys_a}, {k: ("b", k) for k in keys_b}
    moved = _moves_as_first_written(pa, pb)
    pairs = _align(pa, pb)
    expected_b = [(pa.get(kb) or pa.get(next((ka for ka, m in moved.items() if m == kb), None)), pb[kb]) for kb in pb]
    assert [p for p in pairs if p[1] is not None] == expected_b
    assert sorted(p[0][1] for p in pairs if p[1] is None) == sorted(k for k in pa if k not in pb and k not in moved)
