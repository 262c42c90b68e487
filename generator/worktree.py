"""The working tree of one consolidation run: mutable provisions (`Node`) and documents (`Doc`) that changes are
applied to, frozen into the shared, immutable versions of `versions.py` after each effective date.

Freezing is incremental: a node remembers its frozen copy until one of its content fields changes, and a change
drops the frozen copies of the node and every node above it, so a snapshot rebuilds only the path to what changed
and shares every other subtree with the previous version (which is what keeps a Tax-Code-sized act, hundreds of
amending acts and thousands of changes, within a second).
"""
from __future__ import annotations

from dataclasses import MISSING, dataclass, field, fields

from . import textedit as te
from .model import Provision
from .versions import VersionedDocument, VersionedProvision


# Fields whose change alters what a node freezes to: setting one drops the cached frozen provision of the node and
# of every node above it, so a snapshot rebuilds only what changed and shares every other subtree with the
# previous version (frozen dataclasses, safe to share).
_CONTENT = frozenset({"num", "heading", "text", "children", "removed", "added", "text_segs", "heading_segs"})


@dataclass(eq=False)
class Node:
    """A provision being worked on (mutable, private to one consolidation run)."""

    id: str
    num: str
    unit: str
    heading: str | None
    text: str | None
    children: list[Node]
    removed: bool = False
    added: bool = False
    text_segs: tuple[te.Segment, ...] | None = None  # edits made on the current date
    heading_segs: tuple[te.Segment, ...] | None = None
    parent: Node | None = field(default=None, repr=False)
    frozen: VersionedProvision | None = field(default=None, repr=False)  # None: changed since the last snapshot
    last: VersionedProvision | None = field(default=None, repr=False)  # the last frozen copy, even if changed since

    def __setattr__(self, name: str, value) -> None:
        object.__setattr__(self, name, value)
        if name in _CONTENT:
            self.touch()

    def touch(self) -> None:
        """Forget the frozen copies of this node and its ancestors (a node without one has none above it either)."""
        node = self
        while node is not None and node.frozen is not None:
            object.__setattr__(node, "frozen", None)
            node = node.parent

    @classmethod
    def of(cls, p: Provision, parent: Node | None = None) -> Node:
        """The working copy of a source provision and its children. Built field by field without `__init__` (a fresh
        node has no frozen copy to forget): every provision of a thousand acts goes through here each build."""
        node = object.__new__(cls)
        node.__dict__.update(_DEFAULTS, id=p.id, num=p.num, unit=p.unit, heading=p.heading, text=p.text, parent=parent)
        node.__dict__["children"] = [cls.of(c, node) for c in p.children]
        return node

    def adopt(self, children: list[Node]) -> None:
        for child in children:
            object.__setattr__(child, "parent", self)
        self.children = children

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()

    def freeze(self) -> VersionedProvision:
        frozen = self.frozen
        if frozen is None:
            children = tuple([c.frozen or c.freeze() for c in self.children])
            last = self.last
            if last is None:
                frozen = VersionedProvision(
                    self.id, self.num, self.unit, self.heading, self.text, children, self.removed,
                    self.text_segs or (), self.heading_segs or (), self.added)
            else:
                # Most nodes frozen again differ only in a child: a copy of the last
                # frozen provision with every field set afresh is the same value, built three times faster than
                # through the frozen dataclass's __init__ (hundreds of thousands of times for a Tax Code).
                values = last.__dict__.copy()
                values["id"], values["num"], values["unit"] = self.id, self.num, self.unit
                values["heading"], values["text"], values["children"] = self.heading, self.text, children
                values["removed"], values["added"] = self.removed, self.added
                values["text_changes"], values["heading_changes"] = self.text_segs or (), self.heading_segs or ()
                frozen = object.__new__(VersionedProvision)
                object.__setattr__(frozen, "__dict__", values)
            object.__setattr__(self, "frozen", frozen)
            object.__setattr__(self, "last", frozen)
        return frozen


_DEFAULTS = {f.name: f.default for f in fields(Node) if f.default is not MISSING}  # `Node.of`


@dataclass(eq=False)
class Doc:
    """One document's working tree, with indexes kept up to date by every change to its structure."""

    id: str
    roots: list[Node] = field(default_factory=list)
    by_num: dict[str, list[Node]] = field(default_factory=dict)  # provisions in force (not removed) by number
    by_id: dict[str, list[Node]] = field(default_factory=dict)  # every node in the text, removed stubs too
    structure: int = 0  # counts changes to which nodes stand in the text, and in what order
    frozen: VersionedDocument | None = None

    def __post_init__(self) -> None:
        for root in self.roots:
            self.enter(root)

    def walk(self):
        for root in self.roots:
            yield from root.walk()

    def find(self, num: str) -> Node | None:
        found = self.by_num.get(num)
        if not found:
            return None
        if len(found) == 1:
            return found[0]
        return next((n for n in self.walk() if n.num == num and not n.removed), None)  # the first, in text order

    def enter(self, node: Node) -> None:
        """`node` and its sub-provisions now stand in the text."""
        self.structure += 1
        for n in node.walk():
            self.by_id.setdefault(n.id, []).append(n)
            if not n.removed:
                self.by_num.setdefault(n.num, []).append(n)

    def leave(self, node: Node) -> None:
        """`node` and its sub-provisions no longer stand in the text."""
        self.structure += 1
        for n in node.walk():
            _drop(self.by_id, n.id, n)
            if not n.removed:
                _drop(self.by_num, n.num, n)

    def remove(self, node: Node) -> None:
        """`node` becomes a stub: still in the text, no longer in force."""
        if not node.removed:
            _drop(self.by_num, node.num, node)
        node.removed = True

    def renumber(self, node: Node, num: str) -> None:
        if not node.removed:
            _drop(self.by_num, node.num, node)
            self.by_num.setdefault(num, []).append(node)
        node.num = num

    def freeze(self) -> VersionedDocument:
        roots = tuple(r.freeze() for r in self.roots)
        old = self.frozen
        if old is None or len(old.provisions) != len(roots) or any(a is not b for a, b in zip(old.provisions, roots)):
            self.frozen = VersionedDocument(self.id, roots)
        return self.frozen


def _drop(index: dict[str, list[Node]], key: str, node: Node) -> None:
    nodes = index.get(key, [])
    for i, n in enumerate(nodes):
        if n is node:
            del nodes[i]
            break
    if not nodes:
        index.pop(key, None)
