"""``budgets/<year>-预算.yml`` and ``-决算.yml``: the tables of a budget, their sums checked."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from ..model import (
    Budget,
    BudgetRow,
    BudgetTable,
)
from ..money import money
from ..problems import Problems
from .entry import _attachments
from .fields import Fields, decimal_amount, mapping_document, not_amount, read_published_yaml

BUDGET_KEYS = ("year", "kind", "approved", "published", "unit", "tables", "notes", "attachments",
               "privacy_allow")


def _budget_rows(fields: Fields, key: str, level: int, table: str,
                 out: list[BudgetRow]) -> Decimal:
    total = Decimal(0)
    for index, item, sub in fields.items(key):
        if sub is None:
            fields.error(f"{key}.{index}", f"'{item}' must be a mapping {{item, amount}}",
                         "write '- {item: 名称, amount: 12.34}'")
            continue
        sub.unknown_keys(("item", "amount", "items"))
        name = sub.text("item", True, "项目")
        amount = decimal_amount(sub.data.get("amount"))
        if amount is None:
            sub.error("amount", not_amount(sub.data.get("amount")),
                      "write the amount as a number, e.g. 12.34")
            continue
        out.append(BudgetRow(name, amount, level))
        if "items" in sub.data:
            children = _budget_rows(sub, "items", level + 1, table, out)
            if children != amount:
                sub.error("amount",
                          f"table '{table}', row '{name}': {money(amount, grouping=False)} is not the sum "
                          f"of its items ({money(children, grouping=False)})",
                          "correct the total or the items so that they add up")
        total += amount
    return total


def read_budget(root: Path, rel: str, year: int, kind: str, problems: Problems) -> Budget | None:
    """One budget file, its rows checked against their sums; None when it has errors."""
    fields = mapping_document(read_published_yaml(root, rel, problems), rel, problems, "a budget")
    if fields is None:
        return None
    before = len(problems.errors)
    fields.unknown_keys(BUDGET_KEYS)
    if fields.has("year") and fields.text("year") != str(year):
        fields.error("year", f"year {fields.text('year')} does not match the file name ({year})",
                     "rename the file or correct the year")
    if fields.has("kind") and fields.text("kind") != kind:
        fields.error("kind", f"kind {fields.text('kind')} does not match the file name ({kind})",
                     "rename the file or correct the kind")
    approved = fields.date("approved", True, "批复日期")
    published = fields.date("published", True, "公开日期")
    tables: list[BudgetTable] = []
    for index, _item, sub in fields.items("tables"):
        if sub is None:
            fields.error(f"tables.{index}", "must be a mapping {name, rows}", "write '- name: 收支总表'")
            continue
        sub.unknown_keys(("name", "rows"))
        name = sub.text("name", True, "表名")
        rows: list[BudgetRow] = []
        _budget_rows(sub, "rows", 0, name, rows)
        tables.append(BudgetTable(name, tuple(rows)))
    attachments = _attachments(fields, rel, root)
    if len(problems.errors) > before or approved is None or published is None:
        return None
    return Budget(year, kind, approved, published, rel,  # type: ignore[arg-type]
                  fields.text("unit") or "万元", tuple(tables), fields.text("notes"), attachments,
                  fields.line("published"), fields.text_list("privacy_allow"))
