"""The Regulation (annex of Decision No 21) equals seed 000 provision by provision.

Seed 000 is a PDF extraction, so the test undoes exactly its layout: words hyphenated across a line
end are joined (DOMAIN.md names the four), runs of spaces are collapsed. Everything else must match.
"""
from __future__ import annotations

import datetime as dt
import re

import pytest

from conftest import seed
from generator.pipeline import render_text

HYPHENATED = {"nümayəndələrindən", "Qanununu", "aşağıdakılardır", "Koordinasiya"}
PROVISION = re.compile(r"^(\d+(?:\.\d+)*)\.\s+(.*)$")


def _dehyphenate(lines: list[str]) -> tuple[list[str], set[str]]:
    """Join a line ending in a hyphen with the next when the next starts in lower case: one split word."""
    out: list[str] = []
    joined = set()
    for line in lines:
        if out and out[-1].endswith("-") and line[:1].islower():
            head, _, stub = out[-1][:-1].rpartition(" ")
            tail, _, rest = line.partition(" ")
            joined.add((stub + tail).rstrip(":;,."))
            out[-1] = f"{head} {stub}{tail} {rest}".strip()
        else:
            out.append(line)
    return out, joined


def _seed_regulation() -> dict[str, str]:
    text = seed("000")
    body = text[text.index("ƏSASNAMƏ") + len("ƏSASNAMƏ"):]
    lines = [" ".join(l.split()) for l in body.splitlines()]
    lines = [l for l in lines if l and not set(l) <= {"_"}]
    lines, joined = _dehyphenate(lines)
    assert joined == HYPHENATED
    provisions: dict[str, str] = {}
    current = None
    for line in lines:
        m = PROVISION.match(line)
        if m:
            current = m.group(1)
            provisions[current] = m.group(2)
        else:
            provisions[current] += " " + line
    return {num: " ".join(text.split()) for num, text in provisions.items()}


def _ours(corpus) -> dict[str, str]:
    version = corpus.histories["nk-2024-21"].at(dt.date(2024, 1, 13))
    out = {}
    for p in version.document("esasname").walk():
        out[p.num] = p.heading if p.unit == "hissə" else p.text
    return out


def test_regulation_equals_seed_provision_by_provision(corpus):
    expected = _seed_regulation()
    ours = _ours(corpus)
    assert list(ours) == list(expected)  # same provisions, same order
    for num in expected:
        assert ours[num] == expected[num], num
    assert len(expected) == 58


@pytest.mark.parametrize("oddity", [
    "təmsil olun dövlət orqanları",
    "(qərarlarını, təkliflərini və tövsiyələri)",
])
def test_official_oddities_are_kept(corpus, oddity):
    assert oddity in render_text(corpus, "nk-2024-21", dt.date(2024, 2, 1), "txt")


def test_decision_points_equal_seed(corpus):
    text = seed("000")
    decision = text[text.index("qərara alır:"): text.index("Əli Əsədov")]
    lines, _ = _dehyphenate([" ".join(l.split()) for l in decision.splitlines() if l.strip()])
    flat = " ".join(lines[1:])
    expected = dict(re.findall(r"(?:^| )(\d)\. (.*?)(?= \d\. |$)", flat))
    version = corpus.histories["nk-2024-21"].at(dt.date(2024, 1, 13))
    ours = {p.num: p.text for p in version.document("body").provisions}
    assert ours == expected
    assert expected["4"].endswith("maddə 1936 (Cild I) ləğv edilsin.")  # the unclosed parenthesis stays


def test_regulation_text_renders_with_stamp_and_title(corpus):
    ours = render_text(corpus, "nk-2024-21", dt.date(2024, 2, 1), "txt")
    assert ("Azərbaycan Respublikası Nazirlər Kabinetinin 2024-cü il 13 yanvar tarixli 21 nömrəli Qərarı ilə təsdiq "
            "edilmişdir.") in ours
    assert "\n5.9.4. Koordinasiya Qrupunun aktları (qərarlar, təkliflər və tövsiyələr) iclasda" in ours
    assert "Əli Əsədov" in ours and "Azərbaycan Respublikasının Baş naziri" in ours
