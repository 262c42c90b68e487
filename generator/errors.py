"""The one exception family of qanun, and diagnostics that point at a place in a source file.

User mistakes never surface as tracebacks: every problem found in the sources becomes a
`Diagnostic` with `path:line:col`, and the CLI prints them and exits with a status code.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass

from .i18n import _


@dataclass(frozen=True, order=True)
class Loc:
    """A position in a source file (1-based line and column)."""

    path: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        if self.line:
            return f"{self.path}:{self.line}:{self.col}"
        return self.path


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Diagnostic:
    loc: Loc
    message: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        if self.severity is Severity.ERROR:
            return f"{self.loc}: {self.message}"
        return _("{location}: warning: {message}", location=self.loc, message=self.message)


class QanunError(Exception):
    """Base of every error qanun reports to a person."""

    exit_code = 1


class SourceError(QanunError):
    """The sources have problems; `diagnostics` lists all of them."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = sorted(diagnostics, key=lambda d: (d.loc, d.message))
        super().__init__("\n".join(str(d) for d in self.diagnostics))


class BuildError(QanunError):
    """The site could not be built; the previous site is untouched."""


class UsageError(QanunError):
    """A command was called with arguments that cannot work (unknown act, bad date …)."""

    exit_code = 2
