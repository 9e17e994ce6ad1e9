"""The 政府信息公开工作年度报告, compiled from the content in the national format.

Pipeline: :func:`compile_report` (model → typed tables) → :func:`check_report` (the arithmetic of the
format) → :func:`report_pages` (pages, ``report.json``, CSVs, Word document, SVG charts).
:func:`parse_report` reads a published report (``report.json``, a saved page, copied text) and
:func:`audit_reports` names its wrong cells (``gongkai audit``); :func:`federated_report` sums a
government's and its departments' reports into the 本级政府's report
(:func:`federated_report_files` writes it).  Time-limit findings
(:func:`time_limit_problems`) use the working-day calendar of :mod:`gongkai.core.calendar`.
Nothing here imports mkdocs.
"""

from __future__ import annotations

from .audit import WrongCell, audit_reports
from .charts import Chart, ChartSeries, applications_chart, chart_svg, entries_chart
from .checks import (
    RULE_B_BALANCE,
    RULE_B_OUTCOMES,
    RULE_B_ROW_TOTAL,
    RULE_C_TOTAL,
    RULE_CARRIED_OVER,
    check_report,
)
from .compile import compile_report, proactive_summary, report_deadline, share_percent
from .federate import (
    CellBreakdown,
    Exclusion,
    FederatedReport,
    federated_report,
    federated_report_files,
)
from .labels import ReportFormat, report_format
from .layout import Cell, TableLayout, layout_tables
from .limits import late_applications, late_publications, time_limit_problems
from .narrative import parse_narrative
from .outputs import report_csv, report_data, report_json
from .pages import report_pages, report_years
from .parse import ParsedReport, ReportReadError, parse_report, parse_report_data
from .tables import (
    AnnualReport,
    CategoryShare,
    ProactiveSummary,
    ReportTableA,
    ReportTableB,
    ReportTableC,
    TableABlock,
    TableARow,
    TableBRow,
    TableCGroup,
)

__all__ = [
    "CellBreakdown",
    "Exclusion",
    "FederatedReport",
    "ParsedReport",
    "ReportReadError",
    "WrongCell",
    "audit_reports",
    "federated_report",
    "federated_report_files",
    "parse_report",
    "parse_report_data",
    "RULE_B_BALANCE",
    "RULE_B_OUTCOMES",
    "RULE_B_ROW_TOTAL",
    "RULE_CARRIED_OVER",
    "RULE_C_TOTAL",
    "AnnualReport",
    "CategoryShare",
    "Cell",
    "Chart",
    "ChartSeries",
    "ProactiveSummary",
    "ReportFormat",
    "ReportTableA",
    "ReportTableB",
    "ReportTableC",
    "TableABlock",
    "TableARow",
    "TableBRow",
    "TableCGroup",
    "TableLayout",
    "applications_chart",
    "chart_svg",
    "check_report",
    "compile_report",
    "entries_chart",
    "late_applications",
    "late_publications",
    "layout_tables",
    "parse_narrative",
    "proactive_summary",
    "report_csv",
    "report_data",
    "report_deadline",
    "report_format",
    "report_json",
    "report_pages",
    "report_years",
    "share_percent",
    "time_limit_problems",
]
