"""The arithmetic every report in the national format must satisfy, checked cell by cell.

The compiler derives every cell, so on a compiled report these checks guard against defects in the
data or the compiler; they also run on a report whose cells were altered (or typed in by hand), which
is how the tests prove each rule.  A broken rule is an error: a report that breaks one is wrong.
"""

from __future__ import annotations

from ..problems import Problem
from .labels import (
    KEY_CARRIED_IN,
    KEY_CARRIED_OUT,
    KEY_NEW,
    KEY_OUTCOME_TOTAL,
    ROW_CARRIED_IN,
    ROW_CARRIED_OUT,
    TOTAL,
)
from .tables import AnnualReport, ReportTableB, TableBRow

RULE_B_BALANCE = "表三每一列：第一项加第二项之和，等于第三项加第四项之和"
RULE_B_OUTCOMES = "表三每一列：（七）总计等于本年度办理结果各项之和"
RULE_B_ROW_TOTAL = "表三每一行：总计等于自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他之和"
RULE_C_TOTAL = "表四：每个总计等于结果维持、结果纠正、其他结果、尚未审结之和"
RULE_CARRIED_OVER = "本年表三“二、上年结转”等于上年表三“四、结转下年度继续办理”"

_FIX = ("the tables are compiled from the register files: check received, replied and outcome of "
        "the applications there; if they are right, report this as a defect of gongkai")


def _cell(row: TableBRow, column: str) -> str:
    return f"“{row.label} × {column}”"


def _problem(report: AnnualReport, table: str, rule: str, detail: str) -> Problem:
    return Problem(report.source, 0, f"{report.year}年度报告{table}",
                   f"rule “{rule}” does not hold: {detail}", _FIX, "error")


def _check_table_b(report: AnnualReport, table: ReportTableB) -> list[Problem]:
    problems: list[Problem] = []
    new, carried_in = table.row(KEY_NEW), table.row(KEY_CARRIED_IN)
    total, carried_out = table.row(KEY_OUTCOME_TOTAL), table.row(KEY_CARRIED_OUT)
    outcomes = table.outcome_rows
    for index, column in enumerate(table.columns):
        left = new.values[index] + carried_in.values[index]
        right = total.values[index] + carried_out.values[index]
        if left != right:
            problems.append(_problem(report, "表三", RULE_B_BALANCE, (
                f"column {column}: {_cell(new, column)} {new.values[index]} + "
                f"{_cell(carried_in, column)} {carried_in.values[index]} = {left}, but "
                f"{_cell(total, column)} {total.values[index]} + "
                f"{_cell(carried_out, column)} {carried_out.values[index]} = {right}")))
        added = sum(row.values[index] for row in outcomes)
        if added != total.values[index]:
            problems.append(_problem(report, "表三", RULE_B_OUTCOMES, (
                f"column {column}: {_cell(total, column)} is {total.values[index]}, but the "
                f"{len(outcomes)} outcome rows of this column add up to {added}")))
    types = len(table.columns) - 1
    for row in table.rows:
        added = sum(row.values[:types])
        if added != row.values[types]:
            problems.append(_problem(report, "表三", RULE_B_ROW_TOTAL, (
                f"row {row.label}: {_cell(row, TOTAL)} is {row.values[types]}, but the six "
                f"applicant columns add up to {added}")))
    return problems


def _check_table_c(report: AnnualReport) -> list[Problem]:
    problems: list[Problem] = []
    table = report.table_c
    for group in table.groups:
        added = sum(group.values[:-1])
        if added != group.values[-1]:
            problems.append(_problem(report, "表四", RULE_C_TOTAL, (
                f"“{group.label} × {TOTAL}” is {group.values[-1]}, but "
                f"{'、'.join(table.columns[:-1])} of {group.label} add up to {added}")))
    return problems


def _check_carried_over(report: AnnualReport, previous: AnnualReport) -> list[Problem]:
    problems: list[Problem] = []
    this_year = report.table_b.row(KEY_CARRIED_IN)
    last_year = previous.table_b.row(KEY_CARRIED_OUT)
    for index, column in enumerate(report.table_b.columns):
        if this_year.values[index] != last_year.values[index]:
            problems.append(_problem(report, "表三", RULE_CARRIED_OVER, (
                f"column {column}: {report.year}年“{ROW_CARRIED_IN} × {column}” is "
                f"{this_year.values[index]}, but {previous.year}年“{ROW_CARRIED_OUT} × {column}” "
                f"is {last_year.values[index]}")))
    return problems


def check_report(report: AnnualReport, previous: AnnualReport | None) -> list[Problem]:
    """Every rule of the national format that ``report`` breaks, one problem per broken cell group.

    ``previous`` is the report of the year before, for 上年结转 = last year's 结转下年度; ``None`` for
    the first report (nothing to compare).  Each problem names the rule, the cells (row × column)
    and their values; its path is the register file of the year.
    """
    problems = _check_table_b(report, report.table_b) + _check_table_c(report)
    if previous is not None and previous.year == report.year - 1:
        problems += _check_carried_over(report, previous)
    return problems
