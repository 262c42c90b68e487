"""The OASIS Akoma Ntoso 3.0 schema (vendored in schemas/akn/) and the one safe way qanun parses XML.

Every Akoma Ntoso document qanun writes is checked against the schema, and so is every `acts/*.xml`
source it reads. The parser never expands entities, loads a DTD, reaches the network or builds an
oversized tree; a document with a DOCTYPE is refused before it reaches the parser at all (see
`akn_load`), so the settings below are a second line of defence, not the only one.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from lxml import etree

from .packaged import data_path

XSD = data_path("schemas/akn/akomantoso30.xsd")


def safe_parser() -> etree.XMLParser:
    """A parser that reads only the bytes it is given (MEASURED.md, XML traps)."""
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                           dtd_validation=False, remove_comments=False)


@cache
def schema() -> etree.XMLSchema:
    # xml.xsd is imported by the relative path ./xml.xsd, so building the schema reads only schemas/akn/.
    return etree.XMLSchema(etree.parse(str(XSD), parser=safe_parser()))


def warm() -> None:
    """Build the schema in a thread while the caller goes on (lxml lets go of the interpreter's lock while it
    compiles the schema, a third of a second): the first act rendered does not wait for it, and workers forked
    after it (`forked.brief`) inherit it instead of each compiling it again."""
    from .forked import brief

    brief(schema)


@dataclass(frozen=True)
class SchemaProblem:
    line: int
    col: int
    message: str
    path: str | None = None  # XPath of the element at fault, to find its column when libxml2 gives none

    def __str__(self) -> str:
        return f"{self.line}:{self.col}: {self.message}"


def schema_problems(doc: etree._ElementTree | etree._Element) -> list[SchemaProblem]:
    """Every way `doc` breaks the Akoma Ntoso schema, in document order (empty when it is valid)."""
    xsd = schema()
    if xsd.validate(doc):
        return []
    return [SchemaProblem(e.line, e.column, _short(e.message), e.path) for e in xsd.error_log]


def _short(message: str) -> str:
    """lxml names elements as {namespace}name; the Akoma Ntoso namespace is implied, so leave it out."""
    return message.replace("{http://docs.oasis-open.org/legaldocml/ns/akn/3.0}", "")
