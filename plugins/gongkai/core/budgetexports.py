"""财政预决算 data files: each budget as CSV (for spreadsheets) and as JSON."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any

from .budgetfigures import rows_with_paths
from .exports import spreadsheet_text
from .model import Budget, BudgetTable
from .money import money

# Excel opens a UTF-8 CSV as the local ANSI code page unless it starts with a byte-order mark.
BOM = "\ufeff"


def _json_amount(value: Decimal) -> int | float:
    # Amounts have two places at most; float's shortest repr prints them as written (12.5).
    return int(value) if value == value.to_integral_value() else float(value)


def _nested_rows(table: BudgetTable) -> list[dict[str, Any]]:
    root: list[dict[str, Any]] = []
    stack: list[list[dict[str, Any]]] = [root]
    for row in table.rows:
        del stack[row.level + 1:]
        node: dict[str, Any] = {"item": row.item, "amount": _json_amount(row.amount), "items": []}
        stack[row.level].append(node)
        stack.append(node["items"])
    return root


def budget_data(budget: Budget, agency: str) -> dict[str, Any]:
    """A budget as JSON-ready data: the tables as nested rows, dates in ISO 8601."""
    return {
        "agency": agency,
        "year": budget.year,
        "kind": budget.kind,
        "approved": budget.approved.isoformat(),
        "published": budget.published.isoformat(),
        "unit": budget.unit,
        "tables": [{"name": t.name, "rows": _nested_rows(t)} for t in budget.tables],
    }


def budget_csv(budget: Budget) -> str:
    """A budget as one CSV table: 表名 · 项目 · 上级项目 · 层级 · 金额 (one line per row)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["表名", "项目", "上级项目", "层级", f"金额（{budget.unit}）"])
    for table in budget.tables:
        for path, amount, level in rows_with_paths(table):
            writer.writerow([spreadsheet_text(table.name), spreadsheet_text(path[-1]),
                             spreadsheet_text(path[-2]) if len(path) > 1 else "", level,
                             money(amount, grouping=False)])
    return BOM + buffer.getvalue()
