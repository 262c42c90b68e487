"""Compare stage (pure): two versions of an act → what changed between them, provision by provision.

Provisions are aligned by their stable `id` (never by number), so a renumbered or moved provision is
matched and reported as renumbered or moved, not as deleted plus added. Inside each pair the heading and
the text are diffed word by word. Words and punctuation marks are the units compared: whitespace is
not, so a difference in spacing alone (“a ,b” against “a, b”) is no change of wording.

Each change is linked to the note(s) that record it and the amending act(s) behind them: the note
entries, in the later of the two versions, whose changes took effect after the earlier version began
and by the time the later one began.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from functools import lru_cache
from itertools import accumulate
from typing import Iterator, NamedTuple

from . import collector
from .consolidate import History, Version, VersionedProvision
from .model import Change, ChangeKind
from .textedit import DEL, INS, SAME

# --- the result ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cause:
    """One note entry behind a change: where the later version prints it, and who made the change."""

    note: int  # the note's number in the later version
    amending_act: str
    change_index: int
    effective: dt.date
    kind: ChangeKind
    text: str  # the note entry's wording


@dataclass(frozen=True)
class WordEdit:
    """The old text's words at [start, end) (character offsets; start == end for an insertion, placed
    before the next old word) read `new` in the new text."""

    start: int
    end: int
    old: str  # the old words as written, old_text[start:end] ("" for an insertion)
    new: str  # the new words as written ("" for a deletion)
    cause: Cause | None = None


@dataclass(frozen=True)
class Run:
    """A piece of the redline: kept (SAME), deleted (DEL) or inserted (INS) wording."""

    kind: str
    text: str
    cause: Cause | None = None


@dataclass(frozen=True)
class TextDiff:
    old: str
    new: str
    edits: tuple[WordEdit, ...] = ()
    runs: tuple[Run, ...] = ()  # SAME + INS is exactly `new`; SAME + DEL reads as `old`

    @property
    def changed(self) -> bool:
        return bool(self.edits)


ADDED, DELETED, CHANGED, UNCHANGED = "added", "deleted", "changed", "unchanged"


@dataclass(frozen=True)
class ProvisionDiff:
    """One provision in either version; `num_a` is None when it was added, `num_b` when deleted."""

    id: str
    unit: str
    document_a: str | None
    document_b: str | None
    num_a: str | None
    num_b: str | None
    parent_a: str | None
    parent_b: str | None
    heading: TextDiff
    text: TextDiff
    causes: tuple[Cause, ...] = ()

    @property
    def document(self) -> str:
        return self.document_b if self.document_b is not None else self.document_a or ""

    @property
    def num(self) -> str:
        return self.num_b if self.num_b is not None else self.num_a or ""

    @property
    def status(self) -> str:
        if self.num_a is None:
            return ADDED
        if self.num_b is None:
            return DELETED
        return CHANGED if self.heading.changed or self.text.changed else UNCHANGED

    @property
    def renumbered(self) -> bool:
        return self.num_a is not None and self.num_b is not None and self.num_a != self.num_b

    @property
    def moved(self) -> bool:
        both = self.num_a is not None and self.num_b is not None
        return both and (self.document_a, self.parent_a) != (self.document_b, self.parent_b)

    @property
    def is_change(self) -> bool:
        return self.status != UNCHANGED or self.renumbered or self.moved

    @property
    def notes(self) -> tuple[int, ...]:
        return tuple(sorted({c.note for c in self.causes}))

    @property
    def amending_acts(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c.amending_act for c in self.causes))


@dataclass(frozen=True)
class Comparison:
    act: str
    a: dt.date  # the start of the version compared from
    b: dt.date  # the start of the version compared to
    provisions: tuple[ProvisionDiff, ...]  # every provision of either version, in reading order
    repealed: bool = False  # the act is repealed in b but not in a
    act_causes: tuple[Cause, ...] = ()  # notes on the whole act (its repeal)

    @property
    def changes(self) -> tuple[ProvisionDiff, ...]:
        return tuple(p for p in self.provisions if p.is_change)

    @property
    def added(self) -> tuple[ProvisionDiff, ...]:
        return tuple(p for p in self.provisions if p.status == ADDED)

    @property
    def deleted(self) -> tuple[ProvisionDiff, ...]:
        return tuple(p for p in self.provisions if p.status == DELETED)

    @property
    def renumbered(self) -> tuple[ProvisionDiff, ...]:
        return tuple(p for p in self.provisions if p.renumbered or p.moved)

    @property
    def changed(self) -> tuple[ProvisionDiff, ...]:
        return tuple(p for p in self.provisions if p.status == CHANGED)

    @property
    def unchanged(self) -> tuple[ProvisionDiff, ...]:
        return tuple(p for p in self.provisions if not p.is_change)


# --- words -----------------------------------------------------------------------------------

# A word keeps its inner hyphens and the dots and commas between digits (“hesab-fakturası”,
# “2.2.1-2.2.3-cü”, “2,5”), so one word is one unit of the diff; any other mark is a unit of its own.
_TOKEN = re.compile(r"\w+(?:[.,]\d+)*(?:-\w+(?:[.,]\d+)*)*|[^\w\s]")


# Each word with the spaces before it: one C-level `findall` gives both the words and where they are.
_SPACED_TOKEN = re.compile(r"\s*(?:" + _TOKEN.pattern + ")")


class _Words:
    """The words of text[start:end]: the keys compared (NFC, so differently composed letters are the
    same letter), and where each word starts and ends in the text."""

    __slots__ = ("keys", "_ends", "_lens")

    def __init__(self, text: str, start: int = 0, end: int | None = None) -> None:
        raw = _SPACED_TOKEN.findall(text, start, len(text) if end is None else end)
        bare = [r.lstrip() for r in raw]
        self._ends = list(accumulate(map(len, raw), initial=start))[1:]
        self._lens = list(map(len, bare))
        normal = unicodedata.is_normalized("NFC", text)  # the usual case, and much cheaper
        self.keys = bare if normal else [unicodedata.normalize("NFC", b) for b in bare]

    def __len__(self) -> int:
        return len(self.keys)

    def start(self, k: int) -> int:
        return self._ends[k] - self._lens[k]

    def end(self, k: int) -> int:
        return self._ends[k]


def tokens(text: str) -> list[str]:
    """The words and punctuation marks of `text`, as compared (`_Words.keys`, without their places)."""
    found = _TOKEN.findall(text)
    return found if unicodedata.is_normalized("NFC", text) else [unicodedata.normalize("NFC", t) for t in found]


@lru_cache(maxsize=4096)
def _joined(text: str) -> str:
    """The words of `text` between separators, so that a run of words is a substring (searched in C)."""
    return "\x00" + "\x00".join(tokens(text)) + "\x00"


def _shared_head(old: str, new: str) -> int:
    """Where the text both share at the start ends, moved back to just after a space (a word boundary)."""
    lo, hi = 0, min(len(old), len(new))
    while lo < hi:  # binary search, comparing only the unknown part (in C): old[:lo] == new[:lo]
        mid = (lo + hi + 1) // 2
        if old.startswith(new[lo:mid], lo):
            lo = mid
        else:
            hi = mid - 1
    while lo > 0 and not old[lo - 1].isspace():
        lo -= 1
    return lo


def _shared_tail(old: str, new: str, head: int) -> int:
    """How many characters both share at the end (after `head`), starting at a space (a word boundary)."""
    la, lb = len(old), len(new)
    lo, hi = 0, min(la, lb) - head
    while lo < hi:  # as in _shared_head: old[la - lo:] == new[lb - lo:]
        mid = (lo + hi + 1) // 2
        if old.startswith(new[lb - mid:lb - lo], la - mid):
            lo = mid
        else:
            hi = mid - 1
    while lo > 0 and not old[len(old) - lo].isspace():
        lo -= 1
    return lo


def apply_edits(old: str, edits: tuple[WordEdit, ...]) -> str:
    """`old` with `edits` applied: the reported changes alone, replayed on the old text."""
    out, pos = "", 0
    for e in sorted(edits, key=lambda e: e.start):
        out = _join(_join(out, old[pos:e.start]), e.new)
        pos = e.end
    return _join(out, old[pos:])


def _join(left: str, right: str) -> str:
    """`left` + `right` with one space between them where they would otherwise run together."""
    if left.endswith(" ") and right.startswith(" "):
        right = right.lstrip(" ")
    if not left or not right or tokens(left + right) == tokens(left) + tokens(right):
        return left + right
    return left + " " + right


_NO_TEXT = TextDiff("", "")  # no wording on either side (most headings): one value, shared
_Piece = tuple[str, str, "Cause | None"]  # a run before `_merge` makes the runs: (kind, text, cause)


def diff_text(old: str | None, new: str | None, causes: tuple[Cause, ...] = (),
              changes: dict[tuple[str, int], Change] | None = None) -> TextDiff:
    """Word-level diff of two wordings; each edit is attributed to the cause that best explains it."""
    old, new = old or "", new or ""
    if old == new:
        return TextDiff(old, new, (), (Run(SAME, new),)) if new else _NO_TEXT
    # Only the stretch between the wording both share at the start and at the end is diffed: edits
    # are usually a few words in a long provision.
    head = _shared_head(old, new)
    tail = _shared_tail(old, new, head)
    end_a, end_b = len(old) - tail, len(new) - tail
    ta, tb = _Words(old, head, end_a), _Words(new, head, end_b)
    if ta.keys == tb.keys:
        return TextDiff(old, new, (), (Run(SAME, new),) if new else ())
    chunks = _slide(_cleanup(_chunks(ta, tb), ta, tb), ta, tb)
    edits: list[WordEdit] = []
    runs: list[_Piece] = [(SAME, new[:head], None)]
    pa = pb = head  # how far the old and new texts have been laid out
    for equal, i1, i2, j1, j2 in chunks:
        if equal:
            runs.append((SAME, new[pb:tb.end(j2 - 1)], None))
            pa, pb = ta.end(i2 - 1), tb.end(j2 - 1)
            continue
        at = ta.start(i1) if i1 < len(ta) else end_a
        until = ta.end(i2 - 1) if i2 > i1 else at
        words_b = new[tb.start(j1):tb.end(j2 - 1)] if j2 > j1 else ""
        edit = WordEdit(at, until, old[at:until], words_b, _attribute(old[at:until], words_b, causes, changes or {}))
        edits.append(edit)
        # The edit takes the whole stretch between the kept words around it, spaces included, except
        # the spaces both texts share at its edges.
        ea = ta.start(i2) if i2 < len(ta) else end_a
        eb = tb.start(j2) if j2 < len(tb) else end_b
        runs += _region(old[pa:ea], new[pb:eb], edit.cause)
        pa, pb = ea, eb
    runs.append((SAME, new[pb:], None))
    return TextDiff(old, new, tuple(edits), _merge(runs))


def _chunks(ta: _Words, tb: _Words) -> list[tuple[bool, int, int, int, int]]:
    """Alternating kept and edited stretches (token ranges of old and new)."""
    if set(ta.keys).isdisjoint(tb.keys):  # nothing to keep (the usual replacement): no need to search
        return [(False, 0, len(ta), 0, len(tb))]
    matcher = SequenceMatcher(None, ta.keys, tb.keys, autojunk=False)
    chunks: list[tuple[bool, int, int, int, int]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        equal = tag == "equal"
        if chunks and not equal and not chunks[-1][0]:
            _, a1, _, b1, _ = chunks.pop()
            i1, j1 = a1, b1
        chunks.append((equal, i1, i2, j1, j2))
    return chunks


def _cleanup(chunks, ta: _Words, tb: _Words):
    """Fold a short kept stretch between two larger edits into them (diff-match-patch's semantic
    cleanup): a restated sentence should read as one replacement, not as edits around every “və”."""
    def size(words: _Words, a: int, b: int) -> int:
        return sum(map(len, words.keys[a:b]))

    changed = True
    while changed:
        changed = False
        for k in range(1, len(chunks) - 1):
            before, kept, after = chunks[k - 1], chunks[k], chunks[k + 1]
            if not kept[0] or before[0] or after[0]:
                continue
            length = size(ta, kept[1], kept[2])
            if (length <= max(size(ta, before[1], before[2]), size(tb, before[3], before[4]))
                    and length <= max(size(ta, after[1], after[2]), size(tb, after[3], after[4]))):
                chunks[k - 1: k + 2] = [(False, before[1], after[2], before[3], after[4])]
                changed = True
                break
    return chunks


def _slide(chunks, ta: _Words, tb: _Words):
    """Move each pure insertion or deletion, where the words around it allow, to where it reads as a
    phrase: starting with a word after punctuation, not with a comma (“elektron vergi hesab-fakturası,”
    rather than “, elektron vergi hesab-fakturası”)."""
    for k, (equal, i1, i2, j1, j2) in enumerate(chunks):
        if equal or (i1 != i2 and j1 != j2):
            continue
        seq, lo, hi = (ta.keys, i1, i2) if i2 > i1 else (tb.keys, j1, j2)
        prev = chunks[k - 1] if k > 0 else None
        nxt = chunks[k + 1] if k + 1 < len(chunks) else None
        left = right = 0
        # A kept stretch is never emptied, so edits on either side of it stay apart.
        while prev and left < prev[2] - prev[1] - 1 and seq[lo - left - 1] == seq[hi - left - 1]:
            left += 1
        while nxt and right < nxt[2] - nxt[1] - 1 and seq[lo + right] == seq[hi + right]:
            right += 1
        if not left and not right:
            continue
        d = max(range(-left, right + 1), key=lambda d: (_boundary_score(seq, lo + d, hi + d), -abs(d), -d))
        chunks[k] = (False, i1 + d, i2 + d, j1 + d, j2 + d)
        if prev:
            chunks[k - 1] = (True, prev[1], prev[2] + d, prev[3], prev[4] + d)
        if nxt:
            chunks[k + 1] = (True, nxt[1] + d, nxt[2], nxt[3] + d, nxt[4])
    return chunks


_OPENING = set("(“«[„\"'")
_CLOSING = set(",.;:!?)”»]")


def _boundary_score(seq: list[str], start: int, end: int) -> int:
    first, last = seq[start], seq[end - 1]
    before = seq[start - 1] if start > 0 else None
    score = 0 if first in _CLOSING else 2
    score += 1 if first[0].isalnum() else 0
    score += 1 if before is None or before in _CLOSING else 0
    score += 0 if last in _OPENING else 1
    return score


def _region(old: str, new: str, cause: Cause | None) -> list[_Piece]:
    """One edited stretch as runs: shared leading and trailing spaces kept, the rest deleted / inserted."""
    lead = 0
    while lead < min(len(old), len(new)) and old[lead] == new[lead] and old[lead].isspace():
        lead += 1
    trail = 0
    while (trail < min(len(old), len(new)) - lead and old[-1 - trail] == new[-1 - trail]
           and old[-1 - trail].isspace()):
        trail += 1
    return [(SAME, new[:lead], None), (DEL, old[lead:len(old) - trail], cause), (INS, new[lead:len(new) - trail], cause),
            (SAME, new[len(new) - trail:], None)]


def _merge(pieces: list[_Piece]) -> tuple[Run, ...]:
    """The runs: empty pieces dropped, neighbours of the same kind and cause joined (only these become `Run`s)."""
    merged: list[_Piece] = []
    for kind, text, cause in pieces:
        if not text:
            continue
        if merged and merged[-1][0] == kind and merged[-1][2] == cause:
            merged[-1] = (kind, merged[-1][1] + text, cause)
        else:
            merged.append((kind, text, cause))
    return tuple(Run(kind, text, cause) for kind, text, cause in merged)


def _contains(haystack: str, needle: str | None) -> bool:
    if not needle:
        return False
    return _joined(needle) in _joined(haystack)


def _attribute(old: str, new: str, causes: tuple[Cause, ...], changes: dict[tuple[str, int], Change]) -> Cause | None:
    """The cause whose words the edit shows; failing that, the latest (a restatement explains anything)."""
    for cause in causes:
        change = changes.get((cause.amending_act, cause.change_index))
        if change is None:
            continue
        if change.kind in (ChangeKind.REPLACE_WORDS, ChangeKind.DELETE_WORDS) and _contains(old, change.old):
            return cause
        if change.kind in (ChangeKind.REPLACE_WORDS, ChangeKind.INSERT_WORDS, ChangeKind.ADD_SENTENCE) \
                and _contains(new, change.new):
            return cause
    return max(causes, key=lambda c: (c.effective, c.change_index), default=None)


# --- provisions ------------------------------------------------------------------------------

class _Placed(NamedTuple):  # immutable like the rest; a tuple because thousands are made per comparison
    provision: VersionedProvision
    document: str
    parent: str | None
    ancestors: tuple[str, ...]  # ids, nearest first


def _placed(version: Version) -> dict[tuple[str, str], _Placed]:
    """Every provision of a version in reading order, keyed by (document, id); removed stubs left out."""
    out: dict[tuple[str, str], _Placed] = {}

    def visit(p: VersionedProvision, doc: str, ancestors: tuple[str, ...]) -> None:
        if p.removed:
            return
        out[(doc, p.id)] = _Placed(p, doc, ancestors[0] if ancestors else None, ancestors)
        for child in p.children:
            visit(child, doc, (p.id, *ancestors))

    for document in version.documents:
        for p in document.provisions:
            visit(p, document.id, ())
    return out


def _align(pa: dict[tuple[str, str], _Placed], pb: dict[tuple[str, str], _Placed]
           ) -> list[tuple[_Placed | None, _Placed | None]]:
    """Pairs by (document, id); a provision that changed document is matched by id when that is unambiguous.
    Pairs come in b's reading order, with provisions gone from b after the one they followed in a."""
    moved_a: dict[tuple[str, str], tuple[str, str]] = {}  # a key → b key for cross-document moves
    only_a = [k for k in pa if k not in pb]
    only_b: dict[str, list[tuple[str, str]]] = {}  # id → keys of b with that id, not in a
    for kb in pb:
        if kb not in pa:
            only_b.setdefault(kb[1], []).append(kb)
    ids_a = Counter(k[1] for k in only_a)
    for ka in only_a:
        candidates = only_b.get(ka[1], [])
        if len(candidates) == 1 and ids_a[ka[1]] == 1:
            moved_a[ka] = candidates[0]
    moved_b = {kb: ka for ka, kb in moved_a.items()}
    gone: dict[tuple[str, str] | None, list[tuple[str, str]]] = {}
    anchor: tuple[str, str] | None = None
    for ka in pa:
        if ka in pb or ka in moved_a:
            anchor = ka if ka in pb else moved_a[ka]
        else:
            gone.setdefault(anchor, []).append(ka)
    pairs: list[tuple[_Placed | None, _Placed | None]] = [(pa[k], None) for k in gone.get(None, [])]
    for kb in pb:
        ka = kb if kb in pa else moved_b.get(kb)
        pairs.append((pa[ka] if ka else None, pb[kb]))
        pairs += [(pa[k], None) for k in gone.get(kb, [])]
    return pairs


# Changes to a provision that change its sub-provisions as well.
_STRUCTURAL = frozenset({ChangeKind.RESTATE, ChangeKind.RENUMBER, ChangeKind.DELETE_PROVISION, ChangeKind.ADD_PROVISION})


def _causes_index(later: Version, window: tuple[dt.date, dt.date], changes: dict[tuple[str, int], Change]
                  ) -> dict[tuple[str, str], tuple[Cause, ...]]:
    lo, hi = window
    out = {}
    for note in later.notes:
        found = tuple(Cause(note.number, e.amending_act, e.change_index, e.effective,
                            _kind(changes, e.amending_act, e.change_index), e.text)
                      for e in note.entries if lo < e.effective <= hi)
        if found:
            out[(note.document, note.provision)] = found
    return out


def _kind(changes: dict[tuple[str, int], Change], act: str, index: int) -> ChangeKind:
    change = changes.get((act, index))
    return change.kind if change else ChangeKind.RESTATE


def _causes_of(pair: tuple[_Placed | None, _Placed | None],
               index: dict[tuple[str, str], tuple[Cause, ...]]) -> tuple[Cause, ...]:
    """The provision's own note entries, and its ancestors' entries for changes that reach down to it."""
    found: list[Cause] = []
    for side in pair:
        if side is None:
            continue
        found += index.get((side.document, side.provision.id), ())
        for ancestor in side.ancestors:
            found += [c for c in index.get((side.document, ancestor), ()) if c.kind in _STRUCTURAL]
    if len(found) < 2:  # most provisions: nothing to order
        return tuple(found)
    unique = dict.fromkeys(found)
    return tuple(sorted(unique, key=lambda c: (c.effective, c.note, c.change_index)))


def _changes_between(history: History, lo: dt.date, hi: dt.date) -> dict[tuple[str, int], Change]:
    return {(c.amending_act, c.index): c for v in history.versions if lo < v.start <= hi for c in v.changes}


def compare(history: History, a: Version, b: Version) -> Comparison:
    """What changed from version `a` to version `b` of the act (either may be the later one)."""
    with collector.paused():  # thousands of small objects, no cycles: no full collections over the corpus
        return _compare(history, a, b)


def _compare(history: History, a: Version, b: Version) -> Comparison:
    later = b if b.start >= a.start else a
    window = (min(a.start, b.start), max(a.start, b.start))
    changes = _changes_between(history, *window)
    index = _causes_index(later, window, changes)
    diffs = []
    for pair in _align(_placed(a), _placed(b)):
        diffs.append(_diff_pair(pair, index, changes))
    act_causes = index.get(("", ""), ())
    return Comparison(history.act.id, a.start, b.start, tuple(diffs), b.repealed and not a.repealed, act_causes)


def _diff_pair(pair: tuple[_Placed | None, _Placed | None], index, changes) -> ProvisionDiff:
    pa, pb = pair
    old, new = pa.provision if pa else None, pb.provision if pb else None
    same = (old is not None and new is not None and (old.num, old.heading, old.text) == (new.num, new.heading, new.text)
            and (pa.document, pa.parent) == (pb.document, pb.parent))
    # Most provisions of two versions read the same: they need no notes looked up and no diff.
    causes = () if same else _causes_of(pair, index)
    heading = diff_text(old.heading if old else None, new.heading if new else None, causes, changes)
    text = diff_text(old.text if old else None, new.text if new else None, causes, changes)
    diff = ProvisionDiff(
        id=(new or old).id, unit=(new or old).unit,
        document_a=pa.document if pa else None, document_b=pb.document if pb else None,
        num_a=old.num if old else None, num_b=new.num if new else None,
        parent_a=pa.parent if pa else None, parent_b=pb.parent if pb else None,
        heading=heading, text=text, causes=causes)
    # An unchanged provision cites nothing, even if a note on it records a change that made no
    # difference to its words (a restatement in the same words, a change of spacing).
    return diff if not causes or diff.is_change else replace(diff, causes=())


def walk_changes(comparison: Comparison) -> Iterator[tuple[str, list[ProvisionDiff]]]:
    """The changes grouped by document, in reading order."""
    groups: dict[str, list[ProvisionDiff]] = {}
    for p in comparison.changes:
        groups.setdefault(p.document, []).append(p)
    yield from groups.items()


__all__ = ["ADDED", "CHANGED", "DELETED", "UNCHANGED", "Cause", "Comparison", "ProvisionDiff", "Run", "TextDiff",
           "WordEdit", "apply_edits", "compare", "diff_text", "tokens", "walk_changes"]
