"""Files qanun ships beside its code: the JSON Schemas, the default hand-written site and mkdocs.yml.

The repository root holds the canonical, editable copies (`schemas/`, `site/`, `mkdocs.yml`). A wheel
carries copies of them in `generator/_data/` (setup.py's build step puts them there), so an installed
qanun works from any folder. `data_path` finds whichever copy this installation has.
"""
from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

# What the wheel carries, by its name in the repository root.
SHIPPED = ("schemas", "site", "mkdocs.yml")


def data_path(name: str) -> Path:
    """`schemas`, `site` or `mkdocs.yml` (or a path under them) from the installed package, else the repository."""
    if name.replace("\\", "/").split("/")[0] not in SHIPPED:
        raise ValueError(f"{name} is not shipped with qanun")
    packaged = Path(str(resources.files("generator"))) / "_data" / name
    if packaged.exists():
        return packaged
    return Path(__file__).resolve().parent.parent / name


@contextmanager
def site_root(root: Path) -> Iterator[Path]:
    """The folder whose `site/` and `mkdocs.yml` a site build reads: `root` itself when it has a hand-written
    home page (`site/index.md`), otherwise a temporary folder with qanun's defaults (and `root`'s own
    mkdocs.yml, if it has one), so a project holding only `acts/` still builds."""
    if (root / "site" / "index.md").is_file():
        yield root
        return
    folder = Path(tempfile.mkdtemp(prefix="qanun-defaults-"))
    try:
        shutil.copytree(data_path("site"), folder / "site", ignore=shutil.ignore_patterns("__pycache__"))
        config = root / "mkdocs.yml"
        shutil.copyfile(config if config.is_file() else data_path("mkdocs.yml"), folder / "mkdocs.yml")
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
