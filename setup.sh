#!/usr/bin/env bash
# One command for a fresh machine: a virtual environment with qanun and its test tools, then a build
# of the public site of the embedded default project (the acts in acts/) into build/site. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")"
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[test]'
.venv/bin/qanun check
# Last: the site (mkdocs-material), replaced atomically; a failed build keeps the previous one.
.venv/bin/qanun build
