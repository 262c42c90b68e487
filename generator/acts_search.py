"""The acts' search index, made beside the build (issue 7): in a forked process (`forked.beside`), so that Pagefind
runs while the build renders, and begun as early as it can be.

The index is made from the stand-in pages of the acts' versions in force (`search_index.index_acts`), kept per act
under the act's build-cache key. In a rebuild nearly all of them are kept, so `qanun build` begins the index as soon
as the sources are read (`begin_search`), before they are consolidated: only the acts whose stand-ins are not kept
are consolidated, in the process beside. Otherwise (a first build) `site.build_site` begins it once the sources are
consolidated. Either way the index is the same.
"""
from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from . import buildcache
from .consolidate import History, consolidate
from .forked import Beside, beside
from .load import Project
from .model import Act
from .pages import act_search_docs
from .render import html as H
from .render.urls import Urls
from .search_index import index_acts


@dataclass(frozen=True)
class Search:
    """The acts' search index being made beside the build (`begin_search`), and what for."""
    as_of: dt.date
    binary: bool  # with DOCX/PDF (the keys differ)
    cache: Path  # where the acts' stand-in pages are kept
    keys: dict[str, str]  # the acts' build-cache keys (`buildcache.act_keys`)
    running: Beside[dict[str, bytes]]  # the index's files, by their path in its folder


# The index is begun before the consolidation when at most this many acts lack kept stand-in pages (they are
# consolidated twice, once beside the build): a few, or a tenth of the acts.
EARLY_ACTS, EARLY_SHARE = 10, 0.1


def begin_search(project: Project, as_of: dt.date, cache: Path, *, binary: bool = True) -> Search | None:
    """The acts' search index, begun as soon as the sources are read (`pipeline.load_and_consolidate`'s `loaded`):
    an act whose stand-in pages are kept in `cache` under its key needs no consolidation, and the few others (those
    a rebuild changed) are consolidated beside the build. So Pagefind runs while the build consolidates. None when
    more acts lack their stand-ins (a first build: they would be consolidated twice): `build_site` begins it."""
    acts = {a.id: a for a in project.acts}
    urls = Urls.for_acts(project.acts)
    keys = buildcache.act_keys(acts, urls, as_of, binary=binary, made_from=project.made_from)
    missing = sum(not _kept(cache, key) for key in keys.values())
    if buildcache.patched() or missing > max(EARLY_ACTS, EARLY_SHARE * len(acts)):
        return None
    return Search(as_of, binary, cache, keys, beside(partial(acts_index, acts, urls, as_of, keys, cache)))


def acts_index(acts: dict[str, Act], urls: Urls, as_of: dt.date, keys: dict[str, str], cache: Path,
               histories: dict[str, History] | None = None) -> dict[str, bytes]:
    """The acts' search index (`search_index.index_acts`): its files by path. The acts' stand-in pages are kept in
    `cache` under their keys (not with a renderer replaced: `buildcache.patched`); without `histories`, the acts
    whose stand-ins are not kept are consolidated here."""
    kept = None if buildcache.patched() else cache
    if histories is None:
        histories = _Histories(acts, {a for a in acts if kept is None or not _kept(kept, keys[a])})
    ctx = H.Context(acts, histories, as_of, urls)
    with tempfile.TemporaryDirectory(prefix="qanun-search-") as tmp:
        index = Path(tmp) / "index"
        index_acts(index, [(keys[a], partial(act_search_docs, ctx, a)) for a in sorted(acts)], kept)
        files = {p.relative_to(index).as_posix(): p.read_bytes() for p in index.rglob("*") if p.is_file()}
    buildcache.prune_unused(kept, ["*.json"], buildcache.KEEP_DAYS)
    return files


class _Histories(dict):
    """Act id → history, consolidated when asked for: those of `first` at once, any other alone (its stand-ins,
    kept when the index was begun, were pruned since)."""

    def __init__(self, acts: dict[str, Act], first: set[str]) -> None:
        super().__init__(consolidate(tuple(acts.values()), only=first)[0] if first else {})
        self._acts = acts

    def __missing__(self, act_id: str) -> History:
        self.update(consolidate(tuple(self._acts.values()), only={act_id})[0])
        return self[act_id]


def _kept(cache: Path, key: str) -> bool:
    return (cache / f"{key}.json").is_file()  # search_index._cached_stand_ins
