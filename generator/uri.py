"""Akoma Ntoso FRBR identifiers of qanun's acts: work, expression and manifestation URIs.

A small frozen value type in the manner of cobalt's `FrbrUri`: `parse()` reads a URI, the methods
render each FRBR level. qanun's works are `/akn/az/act/<adopted yyyy-mm-dd>/<number or id>`, their
expressions `…/aze@<version start>`, and components `…/!main` or `…/!<annex id>`.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from .model import Act

COUNTRY = "az"
LANGUAGE = "aze"  # ISO 639-2 alpha-3, as Akoma Ntoso expressions name their language

_URI_RE = re.compile(
    r"^/akn/(?P<country>[a-z]{2}(?:-[^/]+)?)/(?P<doctype>[^/]+)/(?P<date>\d{4}-\d{2}-\d{2})/(?P<number>[^/!@~#.]+)"
    r"(?:/(?P<language>[a-z]{3})(?:@(?P<version>[^/!#.]*))?)?"
    r"(?:/!(?P<component>[^/#.]+))?"
    r"(?:\.(?P<format>[a-z]+))?$"
)


@dataclass(frozen=True)
class FrbrUri:
    date: str
    number: str
    country: str = COUNTRY
    doctype: str = "act"
    language: str | None = None
    version: str | None = None  # an expression's date; "" for the original version (`aze@`)
    component: str | None = None
    format: str | None = None

    @classmethod
    def for_act(cls, act: Act) -> FrbrUri:
        return cls(act.adopted.isoformat(), segment(act.number or act.id))

    @classmethod
    def parse(cls, uri: str) -> FrbrUri:
        m = _URI_RE.match(uri)
        if not m:
            raise ValueError(f"“{uri}” is not an Akoma Ntoso work, expression or manifestation URI of the form "
                             "/akn/az/act/<yyyy-mm-dd>/<number>[/aze@<date>][/!<component>]")
        return cls(**{k: v for k, v in m.groupdict().items() if v is not None})

    def at(self, day: dt.date, language: str = LANGUAGE) -> FrbrUri:
        """The expression of this work in force from `day`."""
        return replace(self, language=language, version=day.isoformat())

    def part(self, component: str) -> FrbrUri:
        return replace(self, component=component)

    def work_uri(self) -> str:
        return f"/akn/{self.country}/{self.doctype}/{self.date}/{self.number}"

    def expression_uri(self) -> str:
        if not self.language:
            raise ValueError(f"{self.work_uri()} names a work, not an expression")
        version = f"@{self.version}" if self.version is not None else ""
        return f"{self.work_uri()}/{self.language}{version}"

    def work_this(self) -> str:
        return f"{self.work_uri()}/!{self.component or 'main'}"

    def expression_this(self) -> str:
        return f"{self.expression_uri()}/!{self.component or 'main'}"

    def manifestation_uri(self, fmt: str = "akn") -> str:
        return f"{self.expression_uri()}.{fmt}"

    def manifestation_this(self, fmt: str = "xml") -> str:
        return f"{self.expression_this()}.{fmt}"


def segment(name: str) -> str:
    """One URI path segment: letters, digits and - _ only (numbers like “408” or “661-VIQ” stay as they are)."""
    return "".join(c if (c.isascii() and c.isalnum()) or c in "-_" else "-" for c in name)
