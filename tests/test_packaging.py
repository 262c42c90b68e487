"""The wheel is all a user needs: built with `python -m build`, installed into a fresh virtual environment
(dependencies from the package index), it checks and builds a project holding only a copy of acts/, from a
folder outside the repository. The schemas, the default hand-written site and mkdocs.yml travel inside it.

Slow (a minute or two: the build backend and every dependency are installed), but in the default run.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT

pytestmark = pytest.mark.slow
BIN = "Scripts" if os.name == "nt" else "bin"


def _run(cmd: list[str], cwd: Path, timeout: float = 900) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    result = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, encoding="utf-8", timeout=timeout)
    assert result.returncode == 0, f"{' '.join(map(str, cmd))} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    _run([sys.executable, "-m", "build", "--outdir", str(out), str(ROOT)], ROOT)
    return out


def _wheel(dist: Path) -> Path:
    (wheel,) = dist.glob("qanun-*.whl")
    return wheel


def test_the_wheel_carries_every_module_the_schemas_and_the_default_site(dist):
    names = set(zipfile.ZipFile(_wheel(dist)).namelist())
    modules = {p.relative_to(ROOT).as_posix() for p in (ROOT / "generator").rglob("*.py")
               if "__pycache__" not in p.parts and "_data" not in p.parts}
    assert modules - names == set()
    schemas = {f"generator/_data/schemas/{p.name}" for p in (ROOT / "schemas").glob("*.schema.json")}
    assert schemas and schemas <= names
    assert {"generator/_data/schemas/akn/akomantoso30.xsd", "generator/_data/schemas/akn/xml.xsd",
            "generator/_data/site/index.md", "generator/_data/mkdocs.yml", "generator/py.typed"} <= names
    assert not any(n.startswith(("acts/", "meetings/", "tests/")) for n in names)  # no sources, no sample records


def test_the_sdist_can_rebuild_the_wheel(dist):
    (sdist,) = dist.glob("qanun-*.tar.gz")
    with tarfile.open(sdist) as tar:
        names = {n.split("/", 1)[1] for n in tar.getnames() if "/" in n}
    assert {"setup.py", "pyproject.toml", "MANIFEST.in", "mkdocs.yml", "site/index.md", "schemas/act.schema.json",
            "schemas/akn/akomantoso30.xsd", "CHANGELOG.md"} <= names


def test_installed_wheel_checks_and_builds_a_copy_of_acts_outside_the_repository(dist, tmp_path):
    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", str(venv)], tmp_path)
    python = venv / BIN / ("python.exe" if os.name == "nt" else "python")
    _run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-compile",
          str(_wheel(dist))], tmp_path)
    qanun = venv / BIN / ("qanun.exe" if os.name == "nt" else "qanun")

    project = tmp_path / "sources"
    shutil.copytree(ROOT / "acts", project / "acts")
    where = _run([str(python), "-c", "import generator, sys; print(generator.__file__)"], project).stdout.strip()
    assert Path(where).resolve().is_relative_to(venv.resolve()), where  # the installed copy, not the repository's

    assert _run([str(qanun), "check"], project).stdout.startswith("ok: 4 acts")
    github = _run([str(qanun), "check", "--format", "github"], project)
    assert github.stdout == ""
    _run([str(qanun), "build", "--as-of", "2025-01-01"], project)
    index = project / "build" / "site" / "index.html"
    assert index.is_file()
    assert "KOB klaster şirkəti”nin meyarları”nın təsdiq edilməsi barədə" in index.read_text(encoding="utf-8")
