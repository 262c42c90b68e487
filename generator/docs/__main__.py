"""`python -m generator.docs [ROOT]`: regenerate docs/*/reference.md and docs/*/cli.md."""
from __future__ import annotations

import sys
from pathlib import Path

from . import write

root = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2]
for path in write(root):
    print(f"wrote {path}")
