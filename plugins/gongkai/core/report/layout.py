"""Tables 二、三、四 laid out as published: merged header cells, row groups, 0 in every empty cell.

The layout is plain data (text, colspan, rowspan), so the template stays a loop and the merged
cells of the national format are pinned by tests without parsing HTML.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from .labels import (
    APPLICANT_HEADER,
    CONTENT_COLUMN,
    KEY_CARRIED_IN,
    KEY_CARRIED_OUT,
    KEY_NEW,
    LEGAL_PERSON_HEADER,
    LITIGATION_HEADER,
    OUTCOME_GROUP_LABELS,
    REVIEW_HEADER,
    ROW_RESULTS,
    TABLE_B_NOTE,
    TABLE_C_KIND_LABELS,
)
from .tables import AnnualReport, Number, ReportTableA, ReportTableB, ReportTableC

Scope = Literal["", "col", "colgroup", "row", "rowgroup"]


@dataclass(frozen=True)
class Cell:
    """One cell: a header (``th`` with ``scope``) or a figure (``td``)."""

    text: str
    colspan: int = 1
    rowspan: int = 1
    header: bool = False
    scope: Scope = ""
    numeric: bool = False


@dataclass(frozen=True)
class TableLayout:
    """A table ready to render: ``head`` rows go in ``thead``, ``body`` rows in ``tbody``."""

    id: str
    caption: str
    head: tuple[tuple[Cell, ...], ...]
    body: tuple[tuple[Cell, ...], ...]


def format_number(value: Number) -> str:
    """A cell's figure: whole numbers as they are, amounts with the places they were given."""
    # Fixed-point, never an exponent: Decimal("1E+3") prints as 1000.
    return format(value, "f") if isinstance(value, Decimal) else str(value)


def _figure(value: Number, colspan: int = 1) -> Cell:
    return Cell(format_number(value), colspan=colspan, numeric=True)


def layout_table_a(table: ReportTableA, caption: str) -> TableLayout:
    """Table 二: each block is a caption row across the table, a header row and its rows."""
    width = table.width
    body: list[tuple[Cell, ...]] = []
    for block in table.blocks:
        extra = width - len(block.columns)
        body.append((Cell(block.item, colspan=width + 1, header=True, scope="colgroup"),))
        headers = [Cell(CONTENT_COLUMN, header=True, scope="col")]
        headers += [Cell(c, header=True, scope="col",
                         colspan=1 + (extra if i == len(block.columns) - 1 else 0))
                    for i, c in enumerate(block.columns)]
        body.append(tuple(headers))
        for row in block.rows:
            cells = [Cell(row.label, header=True, scope="row")]
            cells += [_figure(v, 1 + (extra if i == len(row.values) - 1 else 0))
                      for i, v in enumerate(row.values)]
            body.append(tuple(cells))
    return TableLayout("table-2", caption, (), tuple(body))


def layout_table_b(table: ReportTableB, caption: str) -> TableLayout:
    """Table 三 with the 勾稽关系 note, 申请人情况 over all columns and 法人或其他组织 over five."""
    types = table.columns[:-1]
    head = (
        (Cell(TABLE_B_NOTE, colspan=3, rowspan=3, header=True),
         Cell(APPLICANT_HEADER, colspan=len(table.columns), header=True, scope="colgroup")),
        (Cell(types[0], rowspan=2, header=True, scope="col"),
         Cell(LEGAL_PERSON_HEADER, colspan=len(types) - 1, header=True, scope="colgroup"),
         Cell(table.columns[-1], rowspan=2, header=True, scope="col")),
        tuple(Cell(t, header=True, scope="col") for t in types[1:]),
    )
    results = [r for r in table.rows if r.key not in (KEY_NEW, KEY_CARRIED_IN, KEY_CARRIED_OUT)]
    body: list[tuple[Cell, ...]] = []
    started_groups: set[str] = set()
    for row in table.rows:
        figures = tuple(_figure(v) for v in row.values)
        if row.key in (KEY_NEW, KEY_CARRIED_IN, KEY_CARRIED_OUT):
            body.append((Cell(row.label, colspan=3, header=True, scope="row"), *figures))
            continue
        labels: list[Cell] = []
        if row is results[0]:
            labels.append(Cell(ROW_RESULTS, rowspan=len(results), header=True, scope="rowgroup"))
        if row.group and row.label != OUTCOME_GROUP_LABELS[row.group]:
            if row.group not in started_groups:
                started_groups.add(row.group)
                size = sum(1 for r in results if r.group == row.group)
                labels.append(Cell(OUTCOME_GROUP_LABELS[row.group], rowspan=size, header=True,
                                   scope="rowgroup"))
            labels.append(Cell(row.label, header=True, scope="row"))
        else:
            labels.append(Cell(row.label, colspan=2, header=True, scope="row"))
        body.append((*labels, *figures))
    return TableLayout("table-3", caption, head, tuple(body))


def layout_table_c(table: ReportTableC, caption: str) -> TableLayout:
    """Table 四: 行政复议 over five columns, 行政诉讼 over ten split into its two kinds of case."""
    results = table.columns
    direct, after = TABLE_C_KIND_LABELS["直接起诉"], TABLE_C_KIND_LABELS["复议后起诉"]
    head = (
        (Cell(REVIEW_HEADER, colspan=len(results), rowspan=2, header=True, scope="colgroup"),
         Cell(LITIGATION_HEADER, colspan=2 * len(results), header=True, scope="colgroup")),
        (Cell(direct, colspan=len(results), header=True, scope="colgroup"),
         Cell(after, colspan=len(results), header=True, scope="colgroup")),
        tuple(Cell(r, header=True, scope="col") for _ in table.groups for r in results),
    )
    body = (tuple(_figure(v) for g in table.groups for v in g.values),)
    return TableLayout("table-4", caption, head, body)


def layout_tables(report: AnnualReport) -> tuple[TableLayout, TableLayout, TableLayout]:
    """Tables 二、三、四 of ``report`` with their captions."""
    year = report.year
    return (
        layout_table_a(report.table_a, f"{year}年度主动公开政府信息情况"),
        layout_table_b(report.table_b, f"{year}年度收到和处理政府信息公开申请情况"),
        layout_table_c(report.table_c, f"{year}年度政府信息公开行政复议、行政诉讼情况"),
    )

