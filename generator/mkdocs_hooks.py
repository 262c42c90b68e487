"""mkdocs hooks of a qanun build (`mkdocs_run.write_config` names this file in the configuration it writes).

The theme's Jinja templates are compiled once and kept in the build cache (Jinja's own bytecode cache, keyed by
each template's name and source), instead of compiled on every build: half a second of a rebuild's mkdocs run.
`mkdocs_run.run_mkdocs` says where, in QANUN_TEMPLATE_CACHE; without it, nothing changes.
"""
from __future__ import annotations

import os
from typing import Any

import jinja2

FOLDER = "QANUN_TEMPLATE_CACHE"


def on_env(env: jinja2.Environment, config: Any, files: Any) -> jinja2.Environment:
    folder = os.environ.get(FOLDER)
    if folder:
        try:
            os.makedirs(folder, exist_ok=True)
        except OSError:
            return env  # the cache only saves time: a read-only checkout builds without it
        env.bytecode_cache = jinja2.FileSystemBytecodeCache(folder)
    return env
