"""Reading YAML sources safely: bytes → plain data plus the line and column of every value.

ruamel.yaml's round-trip loader keeps positions; we turn its output into plain dicts, lists,
strings, ints and ISO date strings so that the JSON Schema sees exactly what the author wrote, and
keep a map from each value's path to its `Loc` for messages.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.composer import Composer, MaxDepthExceededError
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent
from ruamel.yaml.reader import ReaderError
from ruamel.yaml.scanner import RoundTripScanner

from .errors import Diagnostic, Loc
from .i18n import _

Path_ = tuple[str | int, ...]
MAX_BYTES = 5 * 1024 * 1024  # sources are a few hundred KB at most; refuse before parsing more
# The deepest real source (a sub-sub-point added by a change) nests about a dozen levels; far below Python's
# recursion limit, which ruamel's recursive composer would otherwise hit on a hostile file (a RecursionError).
MAX_DEPTH = 50


@dataclass(frozen=True)
class Located:
    """A parsed source: its plain data and where each value stands."""

    data: Any
    positions: dict[Path_, Loc]
    lines: tuple[str, ...]
    keys: dict[Path_, Loc] = field(default_factory=dict)  # where the field name of each mapping value stands

    def loc(self, path: Path_) -> Loc:
        """The position of the value at `path`, or of its nearest enclosing value."""
        while path not in self.positions and path:
            path = path[:-1]
        return self.positions.get(path, Loc(self.positions[()].path, 1, 1))

    def key_loc(self, path: Path_) -> Loc:
        """The position of the field name of the value at `path` (its value's position for a list item)."""
        return self.keys.get(path) or self.loc(path)

    def raw(self, path: Path_) -> str:
        """The scalar as written in the file (before YAML typed it), for messages."""
        loc = self.loc(path)
        if not loc.line or loc.line > len(self.lines):
            return ""
        rest = self.lines[loc.line - 1][loc.col - 1:]
        return re.split(r"[,}\]]|\s#", rest, maxsplit=1)[0].strip()


class YamlProblem(Exception):
    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(str(diagnostic))
        self.diagnostic = diagnostic


def read_yaml(path: Path, shown: str) -> Located:
    """Parse one YAML file; raise YamlProblem with a located message for any defect."""
    text = _decode(_read_bytes(path, shown), shown)
    directive = re.search(r"^%(YAML|TAG)\b[ \t]*(\S*)", text, re.M)
    if directive:
        line = text.count("\n", 0, directive.start()) + 1
        raise YamlProblem(Diagnostic(Loc(shown, line, 1), _directive_message(directive.group(1), directive.group(2))))
    fast = _read_fast(text, shown)
    if fast is not None:
        return fast
    yaml = YAML(typ="rt", pure=True)
    yaml.Scanner = _Scanner
    yaml.Composer = _Composer
    yaml.Constructor = _Constructor
    yaml.allow_duplicate_keys = False
    yaml.max_depth = MAX_DEPTH
    try:
        tree = yaml.load(text)
    except _Refused as exc:
        raise YamlProblem(Diagnostic(Loc(shown, exc.line, exc.col), exc.message)) from None
    except MarkedYAMLError as exc:
        raise YamlProblem(_syntax(exc, text, shown)) from None
    except ReaderError as exc:  # a control character the YAML reader refuses
        line = text.count("\n", 0, exc.position) + 1
        col = exc.position - text.rfind("\n", 0, exc.position)
        code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "?")
        raise YamlProblem(Diagnostic(Loc(shown, line, col), _(
            "the file contains the invisible control character U+{code}, which a text never needs: delete it",
            code=f"{code:04X}"))) from None
    except YAMLError as exc:  # ruamel raises unmarked errors for some structural problems
        raise YamlProblem(Diagnostic(Loc(shown, 1, 1), _("YAML: {problem}", problem=" ".join(str(exc).split())))) \
            from None
    except RecursionError:  # the depth limit should make this unreachable; never show a traceback for it
        raise YamlProblem(Diagnostic(Loc(shown, 1, 1), _too_deep())) from None
    positions: dict[Path_, Loc] = {(): _start(tree, shown)}
    keys: dict[Path_, Loc] = {}
    data = _plain(tree, (), positions, shown, keys)
    return Located(data, positions, tuple(text.splitlines()), keys)


# --- the fast path -------------------------------------------------------------------------------------------
# ruamel.yaml's pure-Python round-trip reader takes about 50 ms for a 10 KB source: most of loading a large
# project. The fast path reads the same file with ruamel.yaml's C parser (ruamel.yaml.clib, libyaml) and builds
# the plain data and positions straight from its events, typing plain scalars with the same resolver and
# constructor as the round-trip reader. It takes only what it reads exactly as the round-trip reader does: plain
# characters (no tabs, control characters, byte order marks, Unicode line separators), one mapping as the
# document, text keys given once, no anchors, aliases or tags, nesting well under MAX_DEPTH. Anything else, and
# any error, goes to the round-trip reader above, which reads it or explains it, with its own message and position.
try:
    from ruamel.yaml.main import CParser
except ImportError:  # pragma: no cover - ruamel.yaml.clib is a dependency; without it everything takes the pure path
    CParser = None

from ruamel.yaml.events import (DocumentEndEvent, DocumentStartEvent, MappingEndEvent, MappingStartEvent, ScalarEvent,
                                SequenceEndEvent, SequenceStartEvent, StreamEndEvent, StreamStartEvent)
from ruamel.yaml.nodes import ScalarNode

_FAST_CHARS = re.compile("[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
_FAST_DEPTH = 30  # real sources nest about a dozen levels; deeper files take the path that enforces MAX_DEPTH
_STR = "tag:yaml.org,2002:str"
_TYPED = {"tag:yaml.org,2002:" + t for t in ("null", "bool", "int", "float", "timestamp")}


class _Slow(Exception):
    """The fast path leaves this file to the round-trip reader."""


def _round_trip() -> YAML:
    yaml = YAML(typ="rt", pure=True)
    yaml.Constructor = _Constructor
    return yaml


_RESOLVER = YAML(typ="rt", pure=True).resolver  # the round-trip reader's, YAML 1.2 (directives are refused)
# Plain scalars whose first character starts no implicit type (most text) are text: the resolver's own rule.
_TYPED_STARTS = frozenset(k for k in _RESOLVER.versioned_resolver if k is not None)
_ANY_START_TYPED = bool(_RESOLVER.versioned_resolver.get(None))


def _read_fast(text: str, shown: str) -> Located | None:
    """The file read through the C parser, or None to leave it to the round-trip reader."""
    if CParser is None or _FAST_CHARS.search(text):
        return None
    try:
        return _FastReader(text, shown).read()
    except Exception:  # _Slow, or any problem the C parser found: the round-trip reader explains it
        return None


class _FastReader:
    def __init__(self, text: str, shown: str) -> None:
        self.text = text
        self.shown = shown
        self.next = CParser(text).get_event
        self.positions: dict[Path_, Loc] = {}
        self.keys: dict[Path_, Loc] = {}
        self.constructor: Any = None

    def read(self) -> Located:
        if type(self.next()) is not StreamStartEvent or type(self.next()) is not DocumentStartEvent:
            raise _Slow
        root = self.next()
        if type(root) is not MappingStartEvent:
            raise _Slow  # an empty file, a list or a single value: the round-trip reader words the problem
        self.positions[()] = self.loc(root)
        data = self.node(root, (), 1)
        if type(self.next()) is not DocumentEndEvent or type(self.next()) is not StreamEndEvent:
            raise _Slow  # a second document
        return Located(data, self.positions, tuple(self.text.splitlines()), self.keys)

    def loc(self, event: Any) -> Loc:
        mark = event.start_mark
        return Loc(self.shown, mark.line + 1, mark.column + 1)

    def node(self, event: Any, path: Path_, depth: int) -> Any:
        kind = type(event)
        if depth > _FAST_DEPTH or kind not in (ScalarEvent, MappingStartEvent, SequenceStartEvent) \
                or event.anchor is not None or event.tag is not None:
            raise _Slow
        if kind is ScalarEvent:
            return self.scalar(event)
        if kind is SequenceStartEvent:
            items = []
            while type(item := self.next()) is not SequenceEndEvent:
                at = (*path, len(items))
                self.positions[at] = self.loc(item)
                items.append(self.node(item, at, depth + 1))
            return items
        out: dict[str, Any] = {}
        while type(key := self.next()) is not MappingEndEvent:
            if type(key) is not ScalarEvent or key.anchor is not None or key.tag is not None:
                raise _Slow
            name = key.value
            if name in out or (not key.style and self.tag(name) != _STR):
                raise _Slow  # a key given twice, or one YAML types (a number, `<<`): the round-trip reader decides
            value = self.next()
            at = (*path, name)
            self.positions[at] = self.loc(value)
            self.keys[at] = self.loc(key)
            out[name] = self.node(value, at, depth + 1)
        return out

    def tag(self, value: str) -> str:
        if value and value[0] not in _TYPED_STARTS and not _ANY_START_TYPED:
            return _STR
        return str(_RESOLVER.resolve(ScalarNode, value, (True, False)))

    def scalar(self, event: Any) -> Any:
        if event.style:  # quoted, literal or folded: text as written
            return event.value
        if not event.value:
            raise _Slow  # a field left empty: libyaml places it where it stands, ruamel at the next token
        tag = self.tag(event.value)
        if tag == _STR:
            return event.value
        if tag not in _TYPED:
            raise _Slow
        if self.constructor is None:
            self.constructor = _round_trip().constructor
        node = ScalarNode(_RESOLVER.resolve(ScalarNode, event.value, (True, False)), event.value,
                          event.start_mark, event.end_mark)
        return _plain(self.constructor.construct_object(node), (), {}, self.shown, {})


def _read_bytes(path: Path, shown: str) -> bytes:
    """The file's bytes, refusing an oversized file by its size before reading it (a 20 MB file costs nothing)."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise YamlProblem(Diagnostic(Loc(shown, 1, 1), _too_big(size)))
        with path.open("rb") as f:
            raw = f.read(MAX_BYTES + 1)  # never more, even if the file grew after stat()
    except OSError as exc:
        raise YamlProblem(Diagnostic(Loc(shown), _("cannot read the file: {reason}", reason=exc.strerror or exc))) \
            from None
    if len(raw) > MAX_BYTES:
        raise YamlProblem(Diagnostic(Loc(shown, 1, 1), _too_big(len(raw))))
    return raw


def _too_big(size: int) -> str:
    return _("file is {size} bytes; sources are limited to {limit} bytes: check that this is the right file "
             "(an act source is a few hundred KB at most), or split it", size=f"{size:,}", limit=f"{MAX_BYTES:,}")


def _too_deep() -> str:
    return _("the values here are nested more than {depth} levels deep, which no source needs: check the "
             "indentation and the `[` `{{` brackets above this line", depth=MAX_DEPTH)


def _directive_message(name: str, value: str) -> str:
    if name == "YAML":
        return _("the `%YAML {value}` directive is not allowed: it changes how values are read (no → false, "
                 "010 → 8); delete the line", value=value)
    return _("the `%TAG` directive is not allowed: sources use no tags; delete the line")


class _Refused(Exception):
    """A YAML feature sources never need, met while composing (before anything is built from it)."""

    def __init__(self, mark: Any, message: str) -> None:
        super().__init__(message)
        self.line, self.col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        self.message = message


class _Scanner(RoundTripScanner):
    """ruamel's scanner, refusing flow brackets nested too deep as soon as it meets them.

    The composer's depth limit would come too late for `[[[[…`: while a `[` may still start a key, the
    scanner looks up to 1,024 characters ahead at every nesting level, seconds of work on one hostile line."""

    def fetch_flow_collection_start(self, TokenClass: Any, to_push: Any) -> None:
        if self.flow_level >= MAX_DEPTH:
            raise _Refused(self.reader.get_mark(), _too_deep())
        super().fetch_flow_collection_start(TokenClass, to_push)


class _Composer(Composer):
    """ruamel's composer, refusing anchors, aliases and explicit tags where they first appear.

    Legal sources never need them, and each is a way to make the data differ from the text: an alias
    repeats a value written elsewhere (nine nested aliases expand to a billion strings: the "billion
    laughs"), a tag such as `!!python/object/apply:os.system` or `!!float` turns text into something
    else. Refusing them here, before any node is built, keeps that cost at zero."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.parser.peek_event()
        if isinstance(event, AliasEvent):
            raise _Refused(event.start_mark, _("`*{anchor}` repeats a value marked elsewhere with `&{anchor}`; "
                                               "sources do not use anchors and aliases (`&name`, `*name`, `<<:`): "
                                               "write the value out in full here", anchor=event.anchor))
        if getattr(event, "anchor", None) is not None:
            raise _Refused(event.start_mark, _("the anchor `&{anchor}` is not allowed: sources do not use anchors "
                                               "and aliases (`&name`, `*name`, `<<:`); delete it and write each value "
                                               "out in full", anchor=event.anchor))
        if isinstance(index, ScalarNode) and index.value == "<<" and not index.style:  # `<<:` without an alias
            raise _Refused(index.start_mark, _("`<<:` merges fields written elsewhere into this place: sources do not "
                                               "use anchors and aliases (`&name`, `*name`, `<<:`); write each field "
                                               "out in full here"))
        tag = getattr(event, "ctag", None)
        if tag is not None:
            raise _Refused(event.start_mark, _("the tag `{tag}` is not allowed: sources hold only text, numbers, "
                                               "dates, lists and fields, written plainly; delete the tag (put the "
                                               "value in quotes if it must stay text exactly as written)",
                                               tag=_tag_text(tag)))
        try:
            return super().compose_node(parent, index)
        except MaxDepthExceededError as exc:
            raise _Refused(exc.problem_mark, _too_deep()) from None


def _tag_text(tag: Any) -> str:
    """A tag as its author wrote it: `!!python/object/apply:os.system`, not its expanded URI."""
    text = str(getattr(tag, "value", None) or tag)
    standard = "tag:yaml.org,2002:"
    return "!!" + text[len(standard):] if text.startswith(standard) else text


class _Constructor(RoundTripConstructor):
    """Round-trip constructor that keeps dates as the text written, so that the schema checks them.

    ruamel would turn `2024-01-13` into a date object and crash on an impossible `2023-02-30`; as text,
    an impossible date becomes an ordinary, located diagnostic.
    """


_Constructor.add_constructor("tag:yaml.org,2002:timestamp", lambda self, node: self.construct_scalar(node))


def _start(tree: Any, shown: str) -> Loc:
    """Where the file's content starts: its first field, or line 1 when it has none."""
    lc = getattr(tree, "lc", None)
    if lc is not None and lc.line is not None:
        return Loc(shown, lc.line + 1, (lc.col or 0) + 1)
    return Loc(shown, 1, 1)


def _syntax(exc: MarkedYAMLError, text: str, shown: str) -> Diagnostic:
    """A YAML syntax error in words for people who edit the sources, at the place to fix."""
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = " ".join((exc.problem or exc.context or "invalid YAML").split())
    if "duplicate key" in problem:
        key = re.search(r'duplicate key "?([^"\s]+)', problem)
        name = key.group(1) if key else "?"
        first = _first_key_line(text, name, line, col)
        if first:
            return Diagnostic(Loc(shown, line, col), _("field `{name}` is given twice in the same place (first at line "
                                                       "{first}); each field may appear only once: keep one and delete "
                                                       "the other", name=name, first=first))
        return Diagnostic(Loc(shown, line, col), _("field `{name}` is given twice in the same place; each field may "
                                                   "appear only once: keep one and delete the other", name=name))
    unclosed = _unclosed_quote(text, line)
    if unclosed:
        (qline, qcol), quote = unclosed
        return Diagnostic(Loc(shown, qline, qcol), _("YAML syntax: the quoted value that starts here has no closing "
                                                     "`{quote}`, so the lines after it were read as part of it; "
                                                     "add the closing `{quote}` where the value ends", quote=quote))
    if re.search(r"\btab\b", problem) or "'\\t'" in problem:
        return Diagnostic(Loc(shown, line, col), _("YAML syntax: a tab character is used for indentation here; "
                                                   "YAML indents with spaces only: replace the tab with spaces"))
    if "single document" in (exc.context or ""):
        return Diagnostic(Loc(shown, line, col), _("YAML syntax: a second document starts here (a `---` line); a "
                                                   "source holds one act: move the rest to a file of its own"))
    if problem.startswith("mapping values are not allowed"):
        return Diagnostic(Loc(shown, line, col), _("YAML syntax: unexpected `:` here; if this line starts a field, "
                                                   "indent it like the fields around it; if the `:` is part of a "
                                                   "value, put the whole value in quotes"))
    if problem.startswith("expected <block end>") or problem.startswith("expected <block"):
        return Diagnostic(Loc(shown, line, col), _("YAML syntax: this line is not indented like the lines above it; "
                                                   "fields of the same group must start in the same column: fix the "
                                                   "spaces at the start of the line"))
    return Diagnostic(Loc(shown, line, col), _("YAML syntax: {problem}", problem=problem))


def _unclosed_quote(text: str, error_line: int) -> tuple[tuple[int, int], str] | None:
    """The start of a quoted value that ran on, over lines that look like fields, up to where the parser failed:
    its closing quote was forgotten, and the next quote in the file closed it instead."""
    yaml = YAML(typ="rt", pure=True)
    found = None
    try:
        for token in yaml.scan(text):
            if token.start_mark.line + 1 > error_line:
                break
            style = getattr(token, "style", None)
            if style in ('"', "'") and token.start_mark.line < token.end_mark.line == error_line - 1:
                inner = text.splitlines()[token.start_mark.line + 1: token.end_mark.line + 1]
                if any(re.match(r"\s*-?\s*[\w-]+:(\s|$)", ln) for ln in inner):
                    found = ((token.start_mark.line + 1, token.start_mark.column + 1), style)
    except YAMLError as exc:
        context = getattr(exc, "context", "") or ""
        mark = getattr(exc, "context_mark", None)
        if "quoted scalar" in context and mark is not None:
            quote = text[mark.index] if mark.index < len(text) and text[mark.index] in "'\"" else '"'
            return (mark.line + 1, mark.column + 1), quote
    return found


def _first_key_line(text: str, key: str, line: int, col: int) -> int | None:
    """The line where `key` first appears at the same indentation, before `line`."""
    lines = text.splitlines()
    for i in range(line - 2, -1, -1):
        current = lines[i]
        indent = len(current) - len(current.lstrip(" -"))
        if indent < col - 1 and current.strip() and not current.lstrip().startswith("#"):
            return None  # left the mapping the duplicate stands in
        if indent == col - 1 and re.match(rf"{re.escape(key)}\s*:", current[indent:]):
            return i + 1
    return None


def _decode(raw: bytes, shown: str) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = len(raw[raw.rfind(b"\n", 0, exc.start) + 1: exc.start].decode("utf-8", errors="replace")) + 1
        raise YamlProblem(Diagnostic(Loc(shown, line, col), _(
            "the file is not saved as UTF-8: byte 0x{byte} here is not UTF-8 text (another encoding, such as "
            "Windows-1254, was used); save the file with the UTF-8 encoding", byte=f"{raw[exc.start]:02x}"))) from None
    if "\x00" in text:
        offset = text.index("\x00")
        line = text.count("\n", 0, offset) + 1
        raise YamlProblem(Diagnostic(Loc(shown, line, offset - text.rfind("\n", 0, offset)),
                                     _("the file contains a NUL byte (character code 0), which a text never has; "
                                       "delete it (the file may be damaged)")))
    return text.replace("\r\n", "\n")


def _plain(node: Any, path: Path_, positions: dict[Path_, Loc], shown: str, keys: dict[Path_, Loc]) -> Any:
    """Convert ruamel's round-trip nodes to plain data, recording positions of children."""
    if isinstance(node, dict):
        out = {}
        for key in node:
            line, col = node.lc.value(key) if hasattr(node, "lc") else (0, 0)
            positions[(*path, str(key))] = Loc(shown, line + 1, col + 1)
            if hasattr(node, "lc"):
                kline, kcol = node.lc.key(key)
                keys[(*path, str(key))] = Loc(shown, kline + 1, kcol + 1)
            out[str(key)] = _plain(node[key], (*path, str(key)), positions, shown, keys)
        return out
    if isinstance(node, list):
        items = []
        for i, item in enumerate(node):
            line, col = node.lc.item(i) if hasattr(node, "lc") else (0, 0)
            positions[(*path, i)] = Loc(shown, line + 1, col + 1)
            items.append(_plain(item, (*path, i), positions, shown, keys))
        return items
    if isinstance(node, (dt.date, dt.datetime)):
        return node.isoformat()[:10] if not isinstance(node, dt.datetime) else node.isoformat()
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    return str(node)
