"""Content problems: one sentence each, ``path:line: field: what is wrong — how to fix``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True)
class Problem:
    """A problem found in the agency's content.

    Errors stop the build (nothing can be published); warnings are for what an author should fix
    (``mkdocs build --strict`` fails on them); infos are reported and change nothing.
    """

    path: str
    line: int
    field: str
    message: str
    fix: str = ""
    severity: Severity = "error"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        what = f"{self.field}: {self.message}" if self.field else self.message
        return f"{where}: {what} — {self.fix}" if self.fix else f"{where}: {what}"


class ContentError(Exception):
    """Raised when content has errors; carries every problem found, errors first."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        errors = [p for p in problems if p.severity == "error"]
        super().__init__(f"{len(errors)} content error(s)")


class Problems:
    """Collects problems while content is read, so that all are reported in one run."""

    def __init__(self) -> None:
        self.items: list[Problem] = []

    def error(self, path: str, line: int, field: str, message: str, fix: str = "") -> None:
        self.items.append(Problem(path, line, field, message, fix, "error"))

    def warning(self, path: str, line: int, field: str, message: str, fix: str = "") -> None:
        self.items.append(Problem(path, line, field, message, fix, "warning"))

    def info(self, path: str, line: int, field: str, message: str, fix: str = "") -> None:
        self.items.append(Problem(path, line, field, message, fix, "info"))

    def extend(self, other: list[Problem]) -> None:
        self.items.extend(other)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "warning"]

    @property
    def infos(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "info"]

    def raise_if_errors(self) -> None:
        if self.errors:
            raise ContentError(self.errors + self.warnings)
