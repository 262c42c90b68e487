"""Where each page of the site lives: Akoma Ntoso / ELI-style paths, and relative links between them.

Paths are site-relative folders ending in "/" (mkdocs' directory URLs). Links are always written
relative to the page that holds them, so the site works under any base URL, from a sub-folder of
the Agency's server as well as from 127.0.0.1 in the tests.
"""
from __future__ import annotations

import datetime as dt
import posixpath
from collections import Counter
from dataclasses import dataclass

from ..model import Act


@dataclass(frozen=True)
class Urls:
    works: dict[str, str]  # act id → the plain path of its current version ("akn/az/act/2019/191705000007900/")

    @classmethod
    def for_acts(cls, acts: list[Act] | tuple[Act, ...]) -> Urls:
        """`akn/az/act/<year>/<number>/`; when two acts share year and number, both use their id instead."""
        def key(a: Act) -> tuple[int, str]:
            return (a.adopted.year, a.number or a.id)
        clashes = Counter(key(a) for a in acts)
        works = {}
        for a in acts:
            name = a.number if a.number and clashes[key(a)] == 1 else a.id
            works[a.id] = f"akn/az/act/{a.adopted.year}/{_segment(name)}/"
        return cls(works)

    def work(self, act_id: str) -> str:
        return self.works[act_id]

    def expression(self, act_id: str, day: dt.date) -> str:
        return f"{self.works[act_id]}aze@{day.isoformat()}/"

    def changes(self, act_id: str, day: dt.date) -> str:
        return f"{self.expression(act_id, day)}changes/"

    def annex(self, act_id: str, annex_id: str) -> str:
        return f"{self.works[act_id]}{_segment(annex_id)}/"

    def feed(self, act_id: str | None = None) -> str:
        return f"{self.works[act_id]}feed.xml" if act_id else "feed.xml"

    # --- comparing versions, provision history (issue 5) ---

    def versions_json(self, act_id: str) -> str:
        """Every version's provisions and notes, for the compare page's script."""
        return f"{self.works[act_id]}versions.json"

    def compare(self, act_id: str) -> str:
        """The page where the reader picks any two versions (the choice is kept in the query string)."""
        return f"{self.works[act_id]}compare/"

    def comparison(self, act_id: str, a: dt.date, b: dt.date) -> str:
        """A static, shareable comparison of version `a` against version `b`."""
        return f"{self.works[act_id]}compare/{a.isoformat()}/{b.isoformat()}/"

    def history(self, act_id: str) -> str:
        """Every provision's wording in every version; each provision at `#wid-<document>-<id>`."""
        return f"{self.works[act_id]}history/"

    # --- downloads of a version (issue 6) ---

    def download(self, act_id: str, day: dt.date, fmt: str) -> str:
        """`…/aze@2020-08-03/191705000007900_2020-08-03.pdf`: a name that still says what it is once saved."""
        name = self.works[act_id].rstrip("/").rpartition("/")[2]
        return f"{self.expression(act_id, day)}{name}_{day.isoformat()}{DOWNLOAD_SUFFIXES[fmt]}"

    # --- the Coordination Group (issue 4): pages built from the public view only ---

    @staticmethod
    def group() -> str:
        return f"{GROUP}/"

    @staticmethod
    def group_year(year: int) -> str:
        return f"{GROUP}/{year}/"

    @staticmethod
    def meeting(meeting_id: str, day: dt.date) -> str:
        return f"{GROUP}/{day.year}/{_segment(meeting_id)}/"

    @staticmethod
    def annual_report(year: int) -> str:
        return f"{GROUP}/{year}/illik-hesabat/"

    @staticmethod
    def complaints() -> str:
        return f"{GROUP}/sikayetler/"


GROUP = "koordinasiya-qrupu"
DOWNLOAD_SUFFIXES = {"akn": ".akn.xml", "docx": ".docx", "pdf": ".pdf", "json": ".json"}


def _segment(name: str) -> str:
    """One URL path segment: letters, digits and - . _ only (numbers like “408” or “15/2020” stay readable)."""
    return "".join(c if c.isalnum() and c.isascii() or c in "-._" else "-" for c in name)


def rel(here: str, target: str) -> str:
    """The link from page folder `here` to `target` (a folder ending in "/" or a file), with its #fragment."""
    path, _, fragment = target.partition("#")
    frag = f"#{fragment}" if fragment else ""
    if path == here:
        return frag or "./"
    link = relative(path or ".", here.rstrip("/") or ".")
    if (not path or path.endswith("/")) and not link.endswith("/"):
        link += "/"
    return link + frag


def relative(path: str, start: str) -> str:
    """`posixpath.relpath(path, start)` for site paths. relpath makes both absolute against the current folder
    first, which took a tenth of rendering an act (tens of thousands of links); site paths need no such trip,
    unless one climbs ("..")."""
    p = [x for x in path.split("/") if x and x != "."]
    s = [x for x in start.split("/") if x and x != "."]
    if ".." in p or ".." in s or path.startswith("/") or start.startswith("/"):
        return posixpath.relpath(path, start)
    n = 0
    while n < len(p) and n < len(s) and p[n] == s[n]:
        n += 1
    return "/".join([".."] * (len(s) - n) + p[n:]) or "."
