"""The Coordination Group's records: meetings, complaints, programmes (Regulation, chapter 5).

Stages, each a module: load (YAML → full model) → rules (the Regulation's checks) → public (the public
view, the only input of publishing code) → documents (the Secretariat's DOCX) and leakscan (the second
wall over whatever was published).
"""
from __future__ import annotations

from pathlib import Path

from ..errors import Diagnostic, Severity
from .leakscan import (
    LeakError, RestrictedValues, ScanReport, assert_no_leaks, public_source_texts, restricted_values, scan,
)
from .load import FOLDER, load_records
from .model import Records
from .public import PublicRecords, public_view
from .rules import check_records

__all__ = [
    "FOLDER", "LeakError", "PublicRecords", "Records", "RestrictedValues", "ScanReport", "assert_no_leaks",
    "check_meetings", "check_records", "load_records", "public_source_texts", "public_view", "restricted_values",
    "scan",
]


def check_meetings(root: Path) -> tuple[Records | None, list[Diagnostic]]:
    """Load meetings/ and check it against the Regulation; (None, []) when the project has no meetings/ folder.

    The rules run only on sources that loaded cleanly: a meeting file that failed to load would otherwise
    show up as a false gap between meetings or a missing act."""
    records, problems = load_records(root)
    if records is None or any(p.severity is Severity.ERROR for p in problems):
        return records, problems
    return records, problems + check_records(records)
