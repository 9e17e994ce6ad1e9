"""The compiled annual report: typed tables and figures, in the national order.

Every record is immutable.  ``with_value`` returns a copy with one cell changed, which is how a
report that was altered (or typed in by hand) is checked by :func:`gongkai.core.report.check_report`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from decimal import Decimal

from ..model import ReportNarrative, ReviewKind
from .labels import (
    KEY_CARRIED_IN,
    KEY_CARRIED_OUT,
    KEY_NEW,
    KEY_OUTCOME_TOTAL,
    TABLE_B_COLUMNS,
    TABLE_C_COLUMNS,
    TOTAL,
    ReportFormat,
)

# Counts are ints; amounts (万元) are Decimals and keep the places they were given.
Number = int | Decimal


@dataclass(frozen=True)
class TableARow:
    """One row of table 二: ``label`` (信息内容) and one value per column of its block."""

    label: str
    values: tuple[Number, ...]


@dataclass(frozen=True)
class TableABlock:
    """A block of table 二 for one item of 条例第二十条 (``第二十条第（一）项``)."""

    item: str
    columns: tuple[str, ...]
    rows: tuple[TableARow, ...]


@dataclass(frozen=True)
class ReportTableA:
    """Table 二 主动公开政府信息情况."""

    format: ReportFormat
    blocks: tuple[TableABlock, ...]

    @property
    def width(self) -> int:
        """The number of value columns of the widest block (the table has one more column)."""
        return max(len(block.columns) for block in self.blocks)

    def value(self, item: str, row: str, column: str) -> Number:
        """The cell of block ``item``, row ``row`` (信息内容), column ``column``; KeyError if none."""
        for block in self.blocks:
            if block.item != item:
                continue
            for table_row in block.rows:
                if table_row.label == row and column in block.columns:
                    return table_row.values[block.columns.index(column)]
        raise KeyError(f"{item} / {row} / {column}")


@dataclass(frozen=True)
class TableBRow:
    """One row with figures of table 三; ``group`` is the outcome group of an item row."""

    key: str
    label: str
    group: str
    values: tuple[int, ...]  # one per TABLE_B_COLUMNS: six applicant types, then 总计


@dataclass(frozen=True)
class ReportTableB:
    """Table 三 收到和处理政府信息公开申请情况."""

    format: ReportFormat
    rows: tuple[TableBRow, ...]

    columns: tuple[str, ...] = TABLE_B_COLUMNS

    def row(self, key: str) -> TableBRow:
        """The row with ``key`` (``new``, ``不予公开/3``, ``total``…); KeyError if none."""
        for table_row in self.rows:
            if table_row.key == key:
                return table_row
        raise KeyError(key)

    def value(self, key: str, column: str = TOTAL) -> int:
        """The cell of row ``key`` and column ``column`` (an applicant type or 总计)."""
        return self.row(key).values[self.columns.index(column)]

    def with_value(self, key: str, column: str, value: int) -> ReportTableB:
        """A copy with one cell changed (and nothing recomputed)."""
        index = self.columns.index(column)
        self.row(key)
        return replace(self, rows=tuple(
            replace(r, values=r.values[:index] + (value,) + r.values[index + 1:]) if r.key == key else r
            for r in self.rows
        ))

    @property
    def outcome_rows(self) -> tuple[TableBRow, ...]:
        """The rows of section 三 that are added up into （七）总计."""
        return tuple(r for r in self.rows if r.key not in (KEY_NEW, KEY_CARRIED_IN,
                                                            KEY_OUTCOME_TOTAL, KEY_CARRIED_OUT))


@dataclass(frozen=True)
class TableCGroup:
    """The five cells of one kind of case in table 四."""

    kind: ReviewKind
    label: str
    values: tuple[int, ...]  # one per TABLE_C_COLUMNS: 维持 纠正 其他 尚未审结 总计


@dataclass(frozen=True)
class ReportTableC:
    """Table 四 政府信息公开行政复议、行政诉讼情况."""

    groups: tuple[TableCGroup, ...]

    columns: tuple[str, ...] = TABLE_C_COLUMNS

    def value(self, kind: ReviewKind, column: str) -> int:
        """The cell of ``kind`` (行政复议 直接起诉 复议后起诉) and ``column``; KeyError if none."""
        for group in self.groups:
            if group.kind == kind:
                return group.values[self.columns.index(column)]
        raise KeyError(kind)

    def with_value(self, kind: ReviewKind, column: str, value: int) -> ReportTableC:
        """A copy with one cell changed (and nothing recomputed)."""
        index = self.columns.index(column)
        self.value(kind, column)
        return replace(self, groups=tuple(
            replace(g, values=g.values[:index] + (value,) + g.values[index + 1:]) if g.kind == kind
            else g
            for g in self.groups
        ))


@dataclass(frozen=True)
class CategoryShare:
    """Entries one category published in the year and their share of all (percent, 2 places)."""

    category: str
    count: int
    share: Decimal


@dataclass(frozen=True)
class ProactiveSummary:
    """The figures of the sentence that opens section 二."""

    total: int
    categories: tuple[CategoryShare, ...]


@dataclass(frozen=True)
class AnnualReport:
    """The 政府信息公开工作年度报告 of one agency and year, compiled from its content."""

    year: int
    format: ReportFormat
    agency: str
    title: str
    source: str  # the register file the tables come from, for problems
    preview: bool  # the year is not over yet
    as_of: dt.date  # the last day the figures cover (31 December, or the build date in a preview)
    deadline: dt.date  # by when the report must be published (条例第四十九条, configurable)
    proactive: ProactiveSummary
    table_a: ReportTableA
    table_b: ReportTableB
    table_c: ReportTableC
    fee_total: Decimal  # 信息处理费 charged for applications answered in the year, 元
    narrative: ReportNarrative
    narrative_is_default: bool

    @property
    def received(self) -> int:
        """本年新收 applications."""
        return self.table_b.value(KEY_NEW)

    @property
    def carried_in(self) -> int:
        """上年结转 applications."""
        return self.table_b.value(KEY_CARRIED_IN)

    @property
    def answered(self) -> int:
        """Applications answered in the year (（七）总计)."""
        return self.table_b.value(KEY_OUTCOME_TOTAL)

    @property
    def carried_out(self) -> int:
        """结转下年度 applications."""
        return self.table_b.value(KEY_CARRIED_OUT)
