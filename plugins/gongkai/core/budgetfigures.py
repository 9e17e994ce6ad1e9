"""财政预决算 figures: the rows of a budget's tables, its totals and the previous year's comparison.

Derivations over the validated budgets of a :class:`~gongkai.core.model.Site` (the sums of every
table are checked when the files are read, see :mod:`gongkai.core.load`).  A 预算 is compared with
the previous year's 预算 and a 决算 with the previous year's 决算, as budget explanations do.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal

from .model import Budget, BudgetKind, BudgetTable
from .money import change_percent

KINDS: tuple[BudgetKind, ...] = ("预算", "决算")
THREE_PUBLIC = "三公经费"


def rows_with_paths(table: BudgetTable) -> Iterator[tuple[tuple[str, ...], Decimal, int]]:
    """Each row of ``table`` with the names of its parents and its own (``(合计, 公务接待费)``)."""
    parents: list[str] = []
    for row in table.rows:
        del parents[row.level:]
        parents.append(row.item)
        yield tuple(parents), row.amount, row.level


def find_table(budget: Budget, name: str) -> BudgetTable | None:
    """The first table of ``budget`` whose name contains ``name`` (三公经费, 收支总表)."""
    return next((t for t in budget.tables if name in t.name), None)


def top_level_total(budget: Budget, prefix: str) -> Decimal | None:
    """The amount of the first top-level row starting with ``prefix`` in any table (收入, 支出)."""
    for table in budget.tables:
        for row in table.rows:
            if row.level == 0 and row.item.startswith(prefix):
                return row.amount
    return None


def three_public_total(budget: Budget) -> Decimal | None:
    """三公经费 in total: the sum of the table's top-level rows (one 合计 row, or the three items)."""
    table = find_table(budget, THREE_PUBLIC)
    if table is None:
        return None
    return sum((row.amount for row in table.rows if row.level == 0), Decimal(0))


@dataclass(frozen=True)
class ComparedRow:
    """A row of this year's table beside the same row of the previous year."""

    item: str
    level: int
    amount: Decimal
    previous: Decimal | None
    change: Decimal | None
    percent: Decimal | None


def compare(table: BudgetTable, previous: BudgetTable | None) -> list[ComparedRow]:
    """Rows of ``table`` with the previous year's amount (matched by item and parents) and change."""
    before = {path: amount for path, amount, _ in rows_with_paths(previous)} if previous else {}
    rows: list[ComparedRow] = []
    for path, amount, level in rows_with_paths(table):
        old = before.get(path)
        rows.append(ComparedRow(path[-1], level, amount, old,
                                None if old is None else amount - old, change_percent(amount, old)))
    return rows


def previous_of(budget: Budget, budgets: Sequence[Budget]) -> Budget | None:
    """The budget of the same kind one year earlier."""
    return next((b for b in budgets if b.kind == budget.kind and b.year == budget.year - 1), None)
