"""Machine-readable report: ``report.json`` with every cell, one CSV per table.

Keys follow the national table order (not sorted), so that a reader sees the table as printed and
two builds of the same content give the same bytes.  Only aggregates are written.
"""

from __future__ import annotations

import csv
import io
import json
import re
from decimal import Decimal
from typing import Any

from ..exports import spreadsheet_text
from .labels import (
    KEY_CARRIED_IN,
    KEY_CARRIED_OUT,
    KEY_NEW,
    OUTCOME_GROUP_LABELS,
    ROW_RESULTS,
    SECTION_TITLES,
)
from .tables import AnnualReport, Number

# Excel opens a UTF-8 CSV as the local ANSI code page unless it starts with a byte-order mark.
BOM = "\ufeff"
CSV_FILES = ("table-2.csv", "table-3.csv", "table-4.csv")
_FIGURE = re.compile(r"-?\d+(?:\.\d+)?")


def _json_number(value: Number) -> int | float:
    if isinstance(value, Decimal):
        # Amounts in 万元 have few places; float's shortest repr prints them as given (12.5).
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def report_data(report: AnnualReport) -> dict[str, Any]:
    """Every figure of ``report`` as plain JSON-ready data, in the order of the national format."""
    table_a, table_b, table_c = report.table_a, report.table_b, report.table_c
    return {
        "year": report.year,
        "format": report.format,
        "agency": report.agency,
        "title": report.title,
        "preview": report.preview,
        "period": {"start": f"{report.year}-01-01", "end": report.as_of.isoformat()},
        "deadline": report.deadline.isoformat(),
        "proactive": {
            "total": report.proactive.total,
            "categories": [
                {"category": c.category, "count": c.count, "share_percent": str(c.share)}
                for c in report.proactive.categories
            ],
        },
        "table_2": {
            "title": SECTION_TITLES[1],
            "blocks": [
                {
                    "item": block.item,
                    "columns": list(block.columns),
                    "rows": [
                        {"label": row.label,
                         "values": {c: _json_number(v)
                                    for c, v in zip(block.columns, row.values, strict=True)}}
                        for row in block.rows
                    ],
                }
                for block in table_a.blocks
            ],
        },
        "table_3": {
            "title": SECTION_TITLES[2],
            "columns": list(table_b.columns),
            "rows": [
                {"key": row.key, "label": row.label, "group": row.group,
                 "values": dict(zip(table_b.columns, row.values, strict=True))}
                for row in table_b.rows
            ],
        },
        "table_4": {
            "title": SECTION_TITLES[3],
            "columns": list(table_c.columns),
            "rows": [
                {"kind": group.kind, "label": group.label,
                 "values": dict(zip(table_c.columns, group.values, strict=True))}
                for group in table_c.groups
            ],
        },
        "information_processing_fee_yuan": _json_number(report.fee_total),
    }


def report_json(report: AnnualReport) -> str:
    """``report.json``: every cell of ``report``, UTF-8 text, indented, in the national order."""
    return json.dumps(report_data(report), ensure_ascii=False, indent=2) + "\n"


def _csv(rows: list[list[str]]) -> str:
    # Labels come from the national format, but every text cell of every published CSV goes
    # through the same guard; a figure (even a negative one) stays a number.
    buffer = io.StringIO()
    csv.writer(buffer).writerows([[cell if _FIGURE.fullmatch(cell) else spreadsheet_text(cell)
                                   for cell in row] for row in rows])
    return BOM + buffer.getvalue()


def report_csv(report: AnnualReport) -> dict[str, str]:
    """One CSV per table (``table-2.csv``, ``table-3.csv``, ``table-4.csv``), BOM-prefixed UTF-8.

    Write the strings as UTF-8.  Table 二 is long (项目, 信息内容, 指标, 数值) since its blocks have
    different columns; table 三 has one line per row with its place in the outline
    (项目 / 办理结果 / 具体情形); table 四 one line per kind of case.
    """
    table_a, table_b, table_c = report.table_a, report.table_b, report.table_c
    rows_a: list[list[str]] = [["项目", "信息内容", "指标", "数值"]]
    for block in table_a.blocks:
        for line in block.rows:
            for column, value in zip(block.columns, line.values, strict=True):
                rows_a.append([block.item, line.label, column, format(value, "f")
                               if isinstance(value, Decimal) else str(value)])
    rows_b: list[list[str]] = [["项目", "办理结果", "具体情形", *table_b.columns]]
    for row in table_b.rows:
        if row.key in (KEY_NEW, KEY_CARRIED_IN, KEY_CARRIED_OUT):
            outline = [row.label, "", ""]
        elif row.group and row.label != OUTCOME_GROUP_LABELS[row.group]:
            outline = [ROW_RESULTS, OUTCOME_GROUP_LABELS[row.group], row.label]
        else:
            outline = [ROW_RESULTS, row.label, ""]
        rows_b.append([*outline, *(str(v) for v in row.values)])
    rows_c: list[list[str]] = [["案件类型", *table_c.columns]]
    for group in table_c.groups:
        kind = group.label if group.kind == "行政复议" else f"行政诉讼（{group.label}）"
        rows_c.append([kind, *(str(v) for v in group.values)])
    return dict(zip(CSV_FILES, (_csv(rows_a), _csv(rows_b), _csv(rows_c)), strict=True))
