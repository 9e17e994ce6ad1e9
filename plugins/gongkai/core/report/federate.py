"""The 本级政府's annual report: the government's own figures plus its departments', cell by cell.

条例第四十九条 asks a government at county level and above for a report of its own (by 31 March) on
top of each department's (by 31 January).  Its tables are the sum of the parts: every cell of
tables 二、三、四 (and the entry count, the 信息处理费) is the government's own figure plus each
department's published one, and :class:`FederatedReport` keeps the figures behind every sum.

Entry point for a platform build::

    fr = federated_report(own, departments, 2025, government="临川县人民政府")
    for spec in federated_report_files(fr):          # page, JSON, CSVs, 明细 CSV, Word
        write(spec.path, spec.content)
    for problem in fr.problems: log(problem)          # excluded departments, by name and cell

``own`` and each department's data are ``report.json`` as the build publishes it under
``reports/<year>/`` (parsed JSON, :func:`~.outputs.report_data`).

**A department whose tables break the rules is excluded, not blocking.**  The auditor
(:mod:`.audit`) runs first on every part; a part with a wrong cell (or unreadable, of another year,
or a preview built before the year ended) is left out of every sum, named on the page and in ``report.json`` with the cells that are
wrong, and reported as a warning (so a strict platform build fails until it is corrected or
consciously published without it).  Summing it would put its error into the government's report,
where nobody can find it any more; blocking would let one department stop the report the
government owes by 31 March.  ``FederatedReport.complete`` is False while anything is excluded.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..model import REVIEW_KINDS, ReportNarrative
from ..pages import FileSpec
from ..problems import Problem
from .audit import audit_reports
from .checks import TABLE_B_NAME, TABLE_C_NAME
from .compile import share_percent
from .labels import (
    SECTION_TITLES,
    TABLE_B_COLUMNS,
    TABLE_C_COLUMNS,
    TABLE_C_KIND_LABELS,
    report_format,
    report_title,
    table_a_spec,
    table_b_spec,
)
from .layout import Cell, TableLayout, format_number, layout_tables
from .narrative import (
    application_sentence,
    fee_sentence,
    proactive_sentences,
    review_sentence,
    with_defaults,
)
from .outputs import BOM, report_csv, report_data
from .parse import ParsedReport, ReportReadError, parse_report_data
from .tables import (
    AnnualReport,
    CategoryShare,
    Number,
    ProactiveSummary,
    ReportTableA,
    ReportTableB,
    ReportTableC,
    TableABlock,
    TableARow,
    TableBRow,
    TableCGroup,
)
from .word import report_docx

TABLE_A_NAME = "表二"
# 条例第四十九条: a government's own annual report is due by 31 March.
GOVERNMENT_DEADLINE = (3, 31)


@dataclass(frozen=True)
class Exclusion:
    """A part left out of the sums: its name, why, and the wrong cells (one line each)."""

    name: str
    reason: str
    cells: tuple[str, ...] = ()


@dataclass(frozen=True)
class CellBreakdown:
    """One cell of the government's tables and the figure of every part that adds up to it.

    ``table`` is 表二/表三/表四; ``block`` the item of 表二 (``第二十条第（一）项``), else "".
    """

    table: str
    block: str
    row: str
    column: str
    total: Number
    parts: tuple[tuple[str, Number], ...]


@dataclass(frozen=True)
class FederatedReport:
    """The government-wide report of ``year``: ``report`` holds the summed tables (the same type
    the build renders for one agency), ``parts`` the names summed (the government first),
    ``breakdown`` every cell with its parts in the national order, ``excluded`` what was left
    out, ``problems`` one warning per exclusion."""

    year: int
    government: str
    report: AnnualReport
    parts: tuple[str, ...]
    breakdown: tuple[CellBreakdown, ...]
    excluded: tuple[Exclusion, ...]
    problems: tuple[Problem, ...]

    @property
    def complete(self) -> bool:
        """Whether every part given was summed."""
        return not self.excluded

    def cell(self, table: str, row: str, column: str, block: str = "") -> CellBreakdown:
        """The breakdown of one cell (labels as printed); KeyError if the tables have none."""
        for cell in self.breakdown:
            if (cell.table, cell.row, cell.column) == (table, row, column) and (
                    not block or cell.block == block):
                return cell
        raise KeyError(f"{table} {block} {row} × {column}")


def _read(name: str, data: Mapping[str, Any], year: int) -> tuple[ParsedReport | None, Exclusion | None]:
    try:
        parsed = parse_report_data(data, f"{name} report.json")
    except ReportReadError as error:
        return None, Exclusion(name, f"report.json cannot be read: {error}")
    if parsed.year != year:
        return None, Exclusion(name, f"its report.json is the report for {parsed.year}, not {year}")
    if data.get("preview") is True:
        end = (data.get("period") or {}).get("end", "")
        return None, Exclusion(name, f"its report is a preview (figures up to {end}): rebuild its "
                                     "site after 31 December")
    wrong = audit_reports([parsed])
    if wrong:
        return None, Exclusion(name, f"{len(wrong)} cell(s) break the rules of the national format",
                               tuple(w.line() for w in wrong))
    return parsed, None


def _sum(values: Sequence[Number]) -> Number:
    total: Number = 0
    for value in values:
        total = total + value
    return total


def _sum_table_a(parts: list[tuple[str, ParsedReport]], year: int,
                 breakdown: list[CellBreakdown]) -> ReportTableA:
    fmt = report_format(year)
    blocks = []
    for item, columns, labels in table_a_spec(fmt):
        rows = []
        for label in labels:
            values: list[Number] = []
            for column in columns:
                figures: list[tuple[str, Number]] = []
                for name, part in parts:
                    try:
                        value = part.table_a.value(item, label, column) if part.table_a else 0
                    except KeyError:
                        value = 0
                    figures.append((name, value))
                total = _sum([v for _, v in figures])
                values.append(total)
                breakdown.append(CellBreakdown(TABLE_A_NAME, item, label, column, total,
                                               tuple(figures)))
            rows.append(TableARow(label, tuple(values)))
        blocks.append(TableABlock(item, columns, tuple(rows)))
    return ReportTableA(fmt, tuple(blocks))


def _sum_table_b(parts: list[tuple[str, ParsedReport]], year: int,
                 breakdown: list[CellBreakdown]) -> ReportTableB:
    fmt = report_format(year)
    rows = []
    for key, label, group in table_b_spec(fmt):
        values = []
        for column in TABLE_B_COLUMNS:
            figures = tuple((name, part.table_b.value(key, column)) for name, part in parts)
            total = sum(v for _, v in figures)
            values.append(total)
            breakdown.append(CellBreakdown(TABLE_B_NAME, "", label, column, total, figures))
        rows.append(TableBRow(key, label, group, tuple(values)))
    return ReportTableB(fmt, tuple(rows))


def _sum_table_c(parts: list[tuple[str, ParsedReport]], breakdown: list[CellBreakdown],
                 ) -> ReportTableC:
    groups = []
    for kind in REVIEW_KINDS:
        label = TABLE_C_KIND_LABELS[kind]
        values = []
        for column in TABLE_C_COLUMNS:
            figures = tuple((name, part.table_c.value(kind, column)) for name, part in parts)
            total = sum(v for _, v in figures)
            values.append(total)
            breakdown.append(CellBreakdown(TABLE_C_NAME, "", label, column, total, figures))
        groups.append(TableCGroup(kind, label, tuple(values)))
    return ReportTableC(tuple(groups))


def _proactive(parts: list[tuple[str, ParsedReport]]) -> ProactiveSummary:
    counts: dict[str, int] = {}
    for _, part in parts:
        for share in part.proactive.categories if part.proactive else ():
            counts[share.category] = counts.get(share.category, 0) + share.count
    total = sum(part.proactive.total for _, part in parts if part.proactive)
    return ProactiveSummary(total, tuple(CategoryShare(c, n, share_percent(n, total))
                                         for c, n in counts.items()))


def federated_report(own: Mapping[str, Any] | None,
                     departments: Sequence[tuple[str, Mapping[str, Any]]], year: int, *,
                     government: str = "", narrative: ReportNarrative | None = None,
                     ) -> FederatedReport:
    """The government-wide report of ``year`` from the government's own ``report.json`` data
    (``own``; None when the government has no figures of its own) and its departments'
    (``(name, data)`` pairs).

    Every part is audited first; a part with a wrong cell, unreadable, or for another year is
    excluded and reported (see the module docstring).  Every cell of the result is the sum of
    that cell of the parts summed.  ``government`` names the report (default: ``own``'s
    ``agency``); ``narrative`` gives its sections 一、五、六 (default texts otherwise).
    Raises ValueError for a year before 2019 (no national format).
    """
    fmt = report_format(year)
    name = government or str((own or {}).get("agency", "")) or "本级政府"
    given: list[tuple[str, Mapping[str, Any]]] = ([(name, own)] if own is not None else [])
    given += list(departments)
    parts: list[tuple[str, ParsedReport]] = []
    excluded: list[Exclusion] = []
    seen: set[str] = set()
    for part_name, data in given:
        if part_name in seen:
            excluded.append(Exclusion(part_name, "given twice: summed once"))
            continue
        seen.add(part_name)
        parsed, exclusion = _read(part_name, data, year)
        if parsed is not None:
            parts.append((part_name, parsed))
        if exclusion is not None:
            excluded.append(exclusion)
    breakdown: list[CellBreakdown] = []
    table_a = _sum_table_a(parts, year, breakdown)
    table_b = _sum_table_b(parts, year, breakdown)
    table_c = _sum_table_c(parts, breakdown)
    fees = [part.fee_yuan or Decimal(0) for _, part in parts]
    end = dt.date(year, 12, 31)
    report = AnnualReport(
        year=year, format=fmt, agency=name, title=report_title(name, year),
        source=f"government report {year}", preview=False, as_of=end,
        deadline=dt.date(year + 1, *GOVERNMENT_DEADLINE), proactive=_proactive(parts),
        table_a=table_a, table_b=table_b, table_c=table_c,
        fee_total=sum(fees, Decimal(0)),
        narrative=with_defaults(narrative, year, f"government report {year}"),
        narrative_is_default=narrative is None)
    problems = tuple(
        Problem(f"{e.name} reports/{year}/report.json", 0, f"{year}年度报告",
                f"not summed into the {name} report: {e.reason}"
                + ("".join(f"\n    {line}" for line in e.cells)),
                "correct and republish the department's report, then rebuild the platform",
                "warning")
        for e in excluded)
    return FederatedReport(year, name, report, tuple(n for n, _ in parts), tuple(breakdown),
                           tuple(excluded), problems)


# -- files -----------------------------------------------------------------------------------------


def _parts_note(fr: FederatedReport) -> str:
    text = f"本报告汇总本级政府及所属{max(0, len(fr.parts) - 1)}个部门的年度报告数据。"
    if fr.excluded:
        text += "未汇总：" + "、".join(e.name for e in fr.excluded) + "（数据有误，待更正）。"
    return text


def breakdown_csv(fr: FederatedReport) -> str:
    """明细: one line per cell (表, 项目, 行, 列, 合计) with one column per part, BOM-prefixed."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["表", "项目", "行", "列", "合计", *fr.parts])
    for cell in fr.breakdown:
        figures = dict(cell.parts)
        writer.writerow([cell.table, cell.block, cell.row, cell.column, format_number(cell.total),
                         *(format_number(figures.get(p, 0)) for p in fr.parts)])
    return BOM + buffer.getvalue()


def federated_data(fr: FederatedReport) -> dict[str, Any]:
    """``report.json`` of the government-wide report: every cell as for one agency, plus the parts
    summed, the parts excluded with their wrong cells, and the breakdown of every non-zero cell."""
    data = report_data(fr.report)
    data["parts"] = list(fr.parts)
    data["excluded"] = [{"name": e.name, "reason": e.reason, "cells": list(e.cells)}
                        for e in fr.excluded]
    data["breakdown"] = [
        {"table": c.table, "block": c.block, "row": c.row, "column": c.column,
         "total": json.loads(format_number(c.total)),
         "parts": {n: json.loads(format_number(v)) for n, v in c.parts if v}}
        for c in fr.breakdown if c.total
    ]
    return data


def _cell_html(cell: Cell) -> str:
    tag = "th" if cell.header else "td"
    attributes = f' scope="{cell.scope}"' if cell.scope else ""
    attributes += f' colspan="{cell.colspan}"' if cell.colspan > 1 else ""
    attributes += f' rowspan="{cell.rowspan}"' if cell.rowspan > 1 else ""
    attributes += ' class="num"' if cell.numeric else ""
    return f"<{tag}{attributes}>{html.escape(cell.text)}</{tag}>"


def _table_html(layout: TableLayout) -> str:
    rows = [f"<table id=\"{layout.id}\"><caption>{html.escape(layout.caption)}</caption>"]
    if layout.head:
        rows.append("<thead>" + "".join("<tr>" + "".join(map(_cell_html, r)) + "</tr>"
                                        for r in layout.head) + "</thead>")
    rows.append("<tbody>" + "".join("<tr>" + "".join(map(_cell_html, r)) + "</tr>"
                                    for r in layout.body) + "</tbody></table>")
    return "".join(rows)


def _breakdown_html(fr: FederatedReport, table: str) -> str:
    cells = [c for c in fr.breakdown if c.table == table and c.total]
    if not cells:
        return ""
    lines = "".join(
        f"<tr><th scope=\"row\">{html.escape(' '.join(filter(None, (c.block, c.row))))}</th>"
        f"<th scope=\"row\">{html.escape(c.column)}</th><td class=\"num\">"
        f"{format_number(c.total)}</td><td>"
        + "、".join(f"{html.escape(n)} {format_number(v)}" for n, v in c.parts if v)
        + "</td></tr>" for c in cells)
    return (f"<details><summary>{table}明细（每个数字由哪些部门组成）</summary><table>"
            "<thead><tr><th scope=\"col\">行</th><th scope=\"col\">列</th><th scope=\"col\">合计"
            f"</th><th scope=\"col\">组成</th></tr></thead><tbody>{lines}</tbody></table></details>")


def federated_html(fr: FederatedReport) -> str:
    """The report page: a self-contained HTML document in the national layout (the six parts,
    tables 二、三、四 with merged headers), a 明细 under each table, and the exclusions."""
    report = fr.report
    table_2, table_3, table_4 = layout_tables(report)
    excluded = "".join(
        f"<li>{html.escape(e.name)}：{html.escape(e.reason)}"
        + ("<ul>" + "".join(f"<li>{html.escape(line)}</li>" for line in e.cells) + "</ul>"
           if e.cells else "") + "</li>" for e in fr.excluded)

    def section(number: int, paragraphs: list[str], extra: str = "") -> str:
        body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs if p)
        return (f"<section id=\"section-{number}\"><h2>{SECTION_TITLES[number - 1]}</h2>"
                f"{body}{extra}</section>")

    narrative = report.narrative
    sections = [
        section(1, [narrative.overview]),
        section(2, [proactive_sentences(report.proactive)],
                _table_html(table_2) + _breakdown_html(fr, TABLE_A_NAME)),
        section(3, [application_sentence(report)],
                _table_html(table_3) + _breakdown_html(fr, TABLE_B_NAME)),
        section(4, [review_sentence(report)],
                _table_html(table_4) + _breakdown_html(fr, TABLE_C_NAME)),
        section(5, [narrative.problems]),
        section(6, [fee_sentence(report), narrative.other]),
    ]
    title = html.escape(report.title)
    return (
        "<!doctype html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
        f"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{title}"
        "</title><style>body{font-family:'仿宋_GB2312','FangSong',serif;max-width:60em;margin:auto;"
        "padding:1em}h1,h2{font-family:'黑体','SimHei',sans-serif}h1{text-align:center}"
        "table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #000;padding:.2em .4em}"
        "td.num{text-align:right}.excluded{border:2px solid #b00;padding:.5em}</style></head><body>"
        f"<h1>{title}</h1><p>{html.escape(_parts_note(fr))}</p>"
        + (f"<div class=\"excluded\" role=\"note\"><strong>未汇总的部门</strong><ul>{excluded}"
           "</ul></div>" if fr.excluded else "")
        + "<p>数据下载：<a href=\"report.json\">全部数据（JSON）</a> · <a href=\"table-2.csv\">表二（CSV）</a>"
        " · <a href=\"table-3.csv\">表三（CSV）</a> · <a href=\"table-4.csv\">表四（CSV）</a>"
        " · <a href=\"breakdown.csv\">明细（CSV，每个数字按部门）</a>"
        " · <a href=\"report.docx\">Word 文档（审签稿）</a></p>"
        + "".join(sections) + "</body></html>\n")


def federated_report_files(fr: FederatedReport, prefix: str = "") -> list[FileSpec]:
    """The files of the government-wide report under ``prefix`` (default
    ``government-report/<year>/``): ``index.html``, ``report.json``, ``table-2.csv``,
    ``table-3.csv``, ``table-4.csv``, ``breakdown.csv`` (明细) and ``report.docx`` (审签稿)."""
    base = prefix or f"government-report/{fr.year}/"
    files = [
        FileSpec(f"{base}index.html", federated_html(fr)),
        FileSpec(f"{base}report.json",
                 json.dumps(federated_data(fr), ensure_ascii=False, indent=2) + "\n"),
    ]
    files += [FileSpec(f"{base}{name}", text) for name, text in report_csv(fr.report).items()]
    files.append(FileSpec(f"{base}breakdown.csv", breakdown_csv(fr)))
    files.append(FileSpec(f"{base}report.docx", report_docx(fr.report, _parts_note(fr))))
    return files
