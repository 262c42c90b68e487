"""Set-up that several test modules share: the CLI runner, project copies, the shared download cache and
small acts built in memory. Only plumbing lives here; what a test expects stays in the test."""
from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from conftest import ROOT
from generator.model import BODY, Act, Change, Document, Provision, Register

# --- the command line --------------------------------------------------------------------------


def run_cli(capsys, *args: str) -> tuple[int, str, str]:
    """`qanun ARGS` in this process: exit status, standard output, standard error."""
    from generator.cli import main  # here, so that modules needing only the acts below do not load the CLI

    try:
        code = main(list(args))
    except SystemExit as exc:  # argparse's own usage errors
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


# --- projects on disk --------------------------------------------------------------------------


def copy_project(target: Path, *names: str) -> Path:
    """A project in target made of the repository's folders and files with these names (acts, site, mkdocs.yml …)."""
    target.mkdir(parents=True, exist_ok=True)
    for name in names:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        else:
            shutil.copy(source, target / name)
    return target


@contextmanager
def shared_download_cache() -> Iterator[None]:
    """Point QANUN_CACHE at the repository's cache for a while: rendered DOCX/PDF are cached by content, so
    copies of the project reuse what an earlier build rendered instead of running pandoc again."""
    saved = os.environ.get("QANUN_CACHE")
    os.environ["QANUN_CACHE"] = str(ROOT / "build" / "cache")
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop("QANUN_CACHE", None)
        else:
            os.environ["QANUN_CACHE"] = saved


# --- acts built in memory ----------------------------------------------------------------------

TARGET = "sinaq-qerari"
CITED = "Azərbaycan Respublikası Nazirlər Kabinetinin Qərarı"
ADOPTED = dt.date(2024, 1, 10)


def target_act(provisions: Iterable[Provision]) -> Act:
    """The act under test: a Cabinet decision adopted on ADOPTED with these provisions as its body."""
    return Act(id=TARGET, type="qərar", adopted=ADOPTED, path=f"{TARGET}.yaml", title="Sınaq haqqında",
               cited_as=CITED, number="1", body=Document(BODY, tuple(provisions)))


def amending_act(n: int, day: dt.date, changes: list[dict]) -> Act:
    """Amending act number n, registered and in force on day; each change is Change's fields but the act's own."""
    aid = f"deyisiklik-{n}"
    return Act(id=aid, type="qərar", adopted=day, path=f"{aid}.yaml", cited_as=CITED, number=str(100 + n),
               register=Register(f"14{day:%Y%m%d}{100 + n:04d}", day),
               changes=tuple(Change(**{**c, "amending_act": aid, "index": i, "effective": day})
                             for i, c in enumerate(changes, 1)))


def amending_acts(changes: list[tuple[dt.date, dict]]) -> tuple[Act, ...]:
    """One amending act per day, its changes in the order given."""
    days = sorted({day for day, _ in changes})
    return tuple(amending_act(i, day, [c for d, c in changes if d == day]) for i, day in enumerate(days, 1))
