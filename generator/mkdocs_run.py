"""mkdocs-material on the docs folder `site.build_site` prepares: the hand-written `site/` copied in, the
configuration qanun writes for one build, the build itself (in-process, dated by the day described), and its gzipped
sitemap made byte-identical from build to build.
"""
from __future__ import annotations

import datetime as dt
import gzip
import io
import os
import shutil
from pathlib import Path

from . import publish
from .buildcache import prune_unused
from .errors import BuildError
from .i18n import _
from .mkdocs_hooks import FOLDER
from .render import meetings_html as M
from .render.urls import Urls

TEMPLATES_KEEP_DAYS = 30  # the theme's compiled templates are compiled afresh this often (mkdocs_hooks.py)


def copy_hand_written(source: Path, docs: Path, overrides: Path) -> None:
    """site/ → the docs folder, except overrides/ (theme templates: copied beside it, never published)."""
    if not (source / "index.md").is_file():
        raise BuildError(_("{folder}/index.md is missing: the home page is hand-written there", folder=source))
    _copy_tree(source, docs, ignore=shutil.ignore_patterns("overrides", "*.pyc", "__pycache__"))
    if (source / "overrides").is_dir():
        _copy_tree(source / "overrides", overrides)
    else:
        overrides.mkdir()


def _copy_tree(source: Path, target: Path, **options) -> None:
    """`shutil.copytree`, raising the first file's own OSError: copytree gathers them into one shutil.Error whose
    errno is lost, so a full disk would not be told as one (`publish.out_of_space`)."""
    refused: list[OSError] = []

    def copy(src: str, dst: str) -> object:
        try:
            return shutil.copy2(src, dst)
        except OSError as exc:
            refused.append(exc)
            raise
    try:
        shutil.copytree(source, target, copy_function=copy, **options)
    except shutil.Error:
        if refused:
            raise refused[0] from None
        raise


def write_config(root: Path, work: Path, site_dir: Path, base_url: str | None, *, group: bool = False,
                 search_merge: str = "") -> Path:
    """mkdocs' configuration for one build: the project's mkdocs.yml with qanun's folders, hooks and settings.
    `search_merge`: the folder of the built pages' search index, which the search box merges into the acts' one
    (`search_index.folders`), or "" (one index)."""
    import yaml  # mkdocs' own dependency

    base = root / "mkdocs.yml"
    try:
        data = yaml.safe_load(base.read_text(encoding="utf-8")) if base.is_file() else {}
    except yaml.YAMLError as exc:  # a person's typo: a message, not a traceback
        raise BuildError(_("{path} is not valid YAML: {problem}", path=base, problem=exc)) from None
    data = data or {}
    if not isinstance(data, dict):
        raise BuildError(_("{path} must be a mapping of mkdocs settings (`key: value` lines)", path=base))
    data["docs_dir"] = str(work / "docs")
    data["site_dir"] = str(site_dir)
    data.setdefault("theme", {"name": "material"})
    data["theme"]["custom_dir"] = str(work / "overrides")
    data["theme"]["font"] = False  # never Google Fonts, whatever the base file says
    if base_url is not None:
        data["site_url"] = base_url
    if group and isinstance(data.get("nav"), list):  # the Group's section, when the project keeps its records
        data["nav"] = [*data["nav"], {M.SECTION: f"{Urls.group()}index.md"}]
    if not data.get("site_url"):
        data.pop("site_url", None)
    if not isinstance(data.get("extra") or {}, dict):
        raise BuildError(_("{path}: `extra` must be a mapping", path=base))
    data["extra"] = {**(data.get("extra") or {}), "qanun_search_merge": search_merge}
    data["hooks"] = [*(data.get("hooks") or []), str(Path(__file__).with_name("mkdocs_hooks.py"))]  # templates kept
    path = work / "mkdocs.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def run_mkdocs(config_file: Path, strict: bool, as_of: dt.date, templates: Path | None = None) -> None:
    """mkdocs build in-process, with the build date fixed to the day described (reproducible sitemap), and the
    theme's compiled templates kept in `templates` (mkdocs_hooks.py)."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    epoch = str(int(dt.datetime.combine(as_of, dt.time(), dt.timezone.utc).timestamp()))
    saved = {name: os.environ.get(name) for name in ("SOURCE_DATE_EPOCH", FOLDER)}
    os.environ["SOURCE_DATE_EPOCH"] = epoch
    if templates is not None:
        os.environ[FOLDER] = os.fspath(templates)
    try:
        config = load_config(config_file=str(config_file), strict=strict)
        build(config)
        if templates is not None:
            prune_unused(templates, ("__jinja2_*.cache",), TEMPLATES_KEEP_DAYS)
    except MkDocsException as exc:
        raise BuildError(_("mkdocs: {problem}", problem=exc)) from exc
    except Exception as exc:  # a broken template or page: report it, keep the last good site
        if publish.out_of_space(exc):  # a full disk while mkdocs writes: publish.py words it
            raise
        raise BuildError(_("mkdocs failed: {problem}", problem=f"{type(exc).__name__}: {exc}")) from exc
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def fix_sitemap_gz(site: Path) -> None:
    """Rewrite sitemap.xml.gz with a zero mtime and no file name, so that it is byte-identical across builds."""
    plain, packed = site / "sitemap.xml", site / "sitemap.xml.gz"
    if not plain.is_file():
        return
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0) as gz:
        gz.write(plain.read_bytes())
    packed.write_bytes(buf.getvalue())


__all__ = ["copy_hand_written", "fix_sitemap_gz", "run_mkdocs", "write_config"]
