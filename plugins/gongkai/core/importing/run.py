"""What ``gongkai import`` is given (:class:`ImportOptions`) and gives back (:class:`ImportRun`:
the tables read, the entries to write, what became of every row)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..problems import Problem
from .headers import Table


@dataclass(frozen=True)
class ImportOptions:
    """Values the webmaster states for fields the export lacks (``gongkai import`` options)."""

    issuer: str = ""
    validity: str = ""
    category: str = ""
    created_from_published: bool = False
    published_from_created: bool = False
    number: bool = False


@dataclass(frozen=True)
class ImportedEntry:
    """One entry to write: its file (relative to the content folder) and text."""

    row: int
    index_no: str
    path: str
    text: str


@dataclass
class RowOutcome:
    """What became of one row: a line of the report file."""

    source: str
    row: int
    index_no: str
    title: str
    result: str  # 写入 | 合并 | 已导入 | 跳过 | 表头
    file: str = ""
    reason: str = ""


@dataclass
class ImportRun:
    """Everything ``gongkai import`` reports: tables read, entries, outcomes, messages, counts."""

    tables: list[Table] = field(default_factory=list)
    skipped_sheets: list[str] = field(default_factory=list)
    entries: list[ImportedEntry] = field(default_factory=list)
    outcomes: list[RowOutcome] = field(default_factory=list)
    messages: list[Problem] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)
    unknown_categories: Counter[str] = field(default_factory=Counter)
    unknown_validity: Counter[str] = field(default_factory=Counter)
    mapped: Counter[str] = field(default_factory=Counter)
    inferred: Counter[str] = field(default_factory=Counter)
    unstated: Counter[str] = field(default_factory=Counter)
    columns: dict[str, str] = field(default_factory=dict)  # header → field, for the map template

    @property
    def rows(self) -> int:
        return sum(1 for o in self.outcomes if o.result != "表头")
