"""Old links to a renumbered provision still reach it on the site (generator/render/html.py, anchors).

tests/fixtures/regulation-amendments renumbers point 5.11 of the Regulation (annex `esasname`) to 5.12
and adds a new 5.11 in its place. A third amending act, written here into a copy of the fixture,
renumbers it again, 5.12 → 5.13. So in the version in force on AS_OF the provision with the stable id
“5.11” is numbered 5.13; of its old numbers 5.12 is free (an old `#5.12` link must land on it) and 5.11
belongs to another provision (an old `#5.11` link lands on that one; only the stable `#wid-…` anchor and
the Regulation's clause links follow the renumbered provision).

The site is built once for the module, without DOCX and PDF (the slow part, not concerned here).
"""
from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import lxml.html
import pytest

from conftest import ROOT
from generator.pipeline import load_and_consolidate
from generator.pages import context, regulation_links
from generator.site import build_site

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "regulation-amendments"
AS_OF = dt.date(2026, 1, 1)
ACT = "akn/az/act/2024/21/"
ANNEX = ACT + "esasname/"
OLD_VERSION = ACT + "aze@2024-01-13/"
# Words of the renumbered provision (the original 5.11, on guests of the Group) and of the new 5.11.
RENUMBERED_WORDS = "iclaslarına dəvəti nəzərdə tutulmuş şəxslərin yalnız təkliflər vermək"
NEW_5_11_WORDS = "qəbul edilmiş aktların surətləri 3 (üç) iş günü"

THIRD_ACT = """\
# TEST FIXTURE — NOT LAW, written by tests/test_renumber_redirect.py: renumbers the former 5.11 again.
kind: act
id: fixture-amendment-3
type: qərar
title: "TEST FIXTURE 3 (not law): a second renumbering of the Regulation's former point 5.11"
cited_as: "Azərbaycan Respublikasının Nazirlər Kabinetinin Qərarı"
number: "9997"
adopted: 2025-09-01
in_force: 2025-09-08
register:
  number: "14202509019997"
  entered: 2025-09-08
changes:
  - target: {act: nk-2024-21, annex: esasname, provision: "5.12"}
    renumber: "5.13"
"""


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("renumbered") / "project"
    shutil.copytree(FIXTURE, root)
    (root / "acts" / "fixture-amendment-3.yaml").write_text(THIRD_ACT, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def corpus(project: Path):
    corpus = load_and_consolidate(project)  # raises on errors in the sources
    assert corpus.warnings == ()
    return corpus


@pytest.fixture(scope="module")
def site(corpus, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("renumbered-site") / "site"
    # The hand-written pages come from the repository (the fixture has none); a broken internal link or
    # anchor would fail this build (site.check_links).
    build_site(corpus, ROOT, out, AS_OF, downloads=False, cache=out.parent / "cache")
    return out


def _page(site: Path, url: str):
    """The page at a site URL (folder/ → folder/index.html), parsed."""
    path = url.split("#", 1)[0]
    return lxml.html.parse(str(site / path / "index.html")).getroot()


def _provision(site: Path, url: str):
    """The provision a link lands on: the element with the fragment's id, or the provision holding it."""
    page = _page(site, url)
    fragment = url.split("#", 1)[1]
    found = page.xpath("//*[@id=$id]", id=fragment)
    assert len(found) == 1, f"{url}: {len(found)} elements with that id"
    hit = found[0]
    return hit if "provision" in hit.get("class", "").split() else hit.getparent()


def _anchors(provision) -> set[str]:
    """The provision's own id and the ids of its anchors (stable id and old numbers)."""
    return {provision.get("id")} | {a.get("id") for a in provision.xpath("./a[@id]")}


def _words(provision) -> str:
    return " ".join(provision.text_content().split())


def test_the_fixture_renumbers_5_11_twice(corpus):
    nums = [next(p.num for p in v.document("esasname").walk() if p.id == "5.11")
            for v in corpus.histories["nk-2024-21"].versions]
    assert nums == ["5.11", "5.12", "5.12", "5.13"]


def test_annex_page_old_free_number_leads_to_the_new_place(site):
    moved = _provision(site, ANNEX + "#5.12")
    assert moved.get("id") == "5.13"
    assert _anchors(moved) == {"5.13", "wid-esasname-5.11", "5.12"}
    assert RENUMBERED_WORDS in _words(moved)


def test_annex_page_old_number_taken_by_another_provision_stays_with_it(site):
    taken = _provision(site, ANNEX + "#5.11")
    assert _anchors(taken) == {"5.11", "wid-esasname-5.11-fixture"}
    assert NEW_5_11_WORDS in _words(taken)
    assert _provision(site, ANNEX + "#wid-esasname-5.11").get("id") == "5.13"


def test_act_page_anchors_carry_the_annex_prefix(site):
    moved = _provision(site, ACT + "#esasname-5.12")
    assert _anchors(moved) == {"esasname-5.13", "wid-esasname-5.11", "esasname-5.12"}
    assert RENUMBERED_WORDS in _words(moved)


def test_an_old_version_answers_to_the_later_numbers(site):
    """A link written today (#esasname-5.13) into the 2024 version reaches the provision then numbered 5.11."""
    old = _provision(site, OLD_VERSION + "#esasname-5.13")
    assert _anchors(old) == {"esasname-5.11", "wid-esasname-5.11", "esasname-5.12", "esasname-5.13"}
    assert RENUMBERED_WORDS in _words(old)


@pytest.mark.parametrize(("num", "day", "expected", "words"), [
    # 5.11 as cited in 2024 is the renumbered provision: the link follows it by its stable id.
    ("5.11", dt.date(2024, 6, 1), ANNEX + "#wid-esasname-5.11", RENUMBERED_WORDS),
    ("5.12", dt.date(2025, 7, 1), ANNEX + "#wid-esasname-5.11", RENUMBERED_WORDS),
    ("5.13", dt.date(2025, 12, 1), ANNEX + "#5.13", RENUMBERED_WORDS),
    # 5.11 as cited after the first renumbering is the new point 5.11.
    ("5.11", dt.date(2025, 7, 1), ANNEX + "#5.11", NEW_5_11_WORDS),
])
def test_clause_links_of_the_group_follow_the_renumbering(corpus, site, num, day, expected, words):
    link = regulation_links(context(corpus, AS_OF))(num, day)
    assert link == (expected, "bənd")
    assert words in _words(_provision(site, expected))
