"""Only one thing pyproject.toml cannot say: copy the repository's schemas/, site/ and mkdocs.yml into
the wheel (as generator/_data/), so an installed qanun finds them from any folder (generator/packaged.py).
The copies in the repository root stay the only ones anyone edits."""
from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
SHIPPED = ("schemas", "site", "mkdocs.yml")  # as generator.packaged.SHIPPED


class BuildPyWithData(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):  # an editable install reads the repository itself
            return
        target = Path(self.build_lib) / "generator" / "_data"
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir(parents=True)
        for name in SHIPPED:
            source = HERE / name
            if source.is_dir():
                shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
            else:
                shutil.copyfile(source, target / name)


setup(cmdclass={"build_py": BuildPyWithData})
