"""The arithmetic of the national format: each rule broken by altering one cell.

Every cell of table 三 is in one row sum and one or two column sums, so one altered cell breaks
every rule it takes part in: each case lists exactly the problems expected, as (rule, where).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from gongkai.core.model import ApplicationRecord, Register, ReviewKind
from gongkai.core.problems import Problem
from gongkai.core.report import (
    RULE_B_BALANCE,
    RULE_B_OUTCOMES,
    RULE_B_ROW_TOTAL,
    RULE_C_TOTAL,
    RULE_CARRIED_OVER,
    AnnualReport,
    check_report,
    compile_report,
    report_pages,
)
from test_report_tables import SETTINGS, two_year_site  # the hand-counted site

NEW = "一、本年新收政府信息公开申请数量"
CARRIED_IN = "二、上年结转政府信息公开申请数量"
TOTAL_ROW = "（七）总计"
CARRIED_OUT = "四、结转下年度继续办理"


@pytest.fixture(scope="module")
def reports() -> dict[int, AnnualReport]:
    site = two_year_site()
    return {year: compile_report(site, year, SETTINGS) for year in (2023, 2024, 2025)}


ALL_RULES = (RULE_B_BALANCE, RULE_B_OUTCOMES, RULE_B_ROW_TOTAL, RULE_C_TOTAL, RULE_CARRIED_OVER)


def rules(problems: list[Problem]) -> list[str]:
    """The rule each problem names, in order."""
    return [next(r for r in ALL_RULES if p.message.startswith(f"rule “{r}” does not hold"))
            for p in problems]


def test_compiled_reports_satisfy_every_rule(reports: dict[int, AnnualReport]) -> None:
    assert check_report(reports[2023], None) == []
    assert check_report(reports[2024], reports[2023]) == []
    assert check_report(reports[2025], reports[2024]) == []


@pytest.mark.parametrize(
    ("key", "column", "value", "expected"),
    [
        # 一 × 自然人 3 → 4: 一+二 ≠ 七+四 in 自然人; row 一 no longer adds up to its 总计
        ("new", "自然人", 4, [(RULE_B_BALANCE, "column 自然人"), (RULE_B_ROW_TOTAL, f"row {NEW}")]),
        # 四 × 其他 1 → 0
        ("carried_out", "其他", 0,
         [(RULE_B_BALANCE, "column 其他"), (RULE_B_ROW_TOTAL, f"row {CARRIED_OUT}")]),
        # an outcome cell (（四）无法提供 1. × 法律服务机构, 1 → 2): （七） no longer its sum
        ("无法提供/1", "法律服务机构", 2,
         [(RULE_B_OUTCOMES, "column 法律服务机构"), (RULE_B_ROW_TOTAL, "row 1.本机关不掌握相关政府信息")]),
        # （七）总计 × 总计 8 → 9: breaks the balance, the outcome sum and the row sum
        ("total", "总计", 9, [(RULE_B_BALANCE, "column 总计"), (RULE_B_OUTCOMES, "column 总计"),
                              (RULE_B_ROW_TOTAL, f"row {TOTAL_ROW}")]),
        # 二 × 社会公益组织 1 → 0: also no longer last year's 四
        ("carried_in", "社会公益组织", 0,
         [(RULE_B_BALANCE, "column 社会公益组织"), (RULE_B_ROW_TOTAL, f"row {CARRIED_IN}"),
          (RULE_CARRIED_OVER, "column 社会公益组织")]),
    ],
)
def test_each_table_3_rule(reports: dict[int, AnnualReport], key: str, column: str, value: int,
                           expected: list[tuple[str, str]]) -> None:
    report = reports[2025]
    altered = replace(report, table_b=report.table_b.with_value(key, column, value))
    problems = check_report(altered, reports[2024])
    assert rules(problems) == [rule for rule, _ in expected]
    for problem, (_, where) in zip(problems, expected, strict=True):
        assert where in problem.message
        assert problem.severity == "error"
        assert problem.path == "registers/2025.yml"
        assert problem.field == "2025年度报告表三"


def test_balance_problem_names_the_cells_and_values(reports: dict[int, AnnualReport]) -> None:
    report = reports[2025]
    altered = replace(report, table_b=report.table_b.with_value("new", "自然人", 4))
    problem = check_report(altered, None)[0]
    assert problem.message == (
        f"rule “{RULE_B_BALANCE}” does not hold: column 自然人: “{NEW} × 自然人” 4 + "
        f"“{CARRIED_IN} × 自然人” 1 = 5, but “{TOTAL_ROW} × 自然人” 3 + "
        f"“{CARRIED_OUT} × 自然人” 1 = 4")


@pytest.mark.parametrize(
    ("kind", "column", "value", "label"),
    [
        ("行政复议", "结果维持", 1, "行政复议"),  # 0 → 1: 总计 still 1
        ("复议后起诉", "总计", 3, "复议后起诉"),  # 2 → 3
        ("直接起诉", "尚未审结", 0, "未经复议直接起诉"),  # 1 → 0
    ],
)
def test_table_4_total_rule(reports: dict[int, AnnualReport], kind: ReviewKind, column: str,
                            value: int, label: str) -> None:
    report = reports[2025]
    altered = replace(report, table_c=report.table_c.with_value(kind, column, value))
    (problem,) = check_report(altered, reports[2024])
    assert rules([problem]) == [RULE_C_TOTAL]
    assert f"“{label} × 总计”" in problem.message
    assert problem.field == "2025年度报告表四"


def test_carried_over_rule_across_years(reports: dict[int, AnnualReport]) -> None:
    # Last year's published 四 says 2 for 法律服务机构; this year's 二 says 1.
    last = reports[2024]
    altered_last = replace(last, table_b=last.table_b.with_value("carried_out", "法律服务机构", 2))
    (problem,) = check_report(reports[2025], altered_last)
    assert rules([problem]) == [RULE_CARRIED_OVER]
    assert problem.message.endswith(
        f"column 法律服务机构: 2025年“{CARRIED_IN} × 法律服务机构” is 1, but "
        f"2024年“{CARRIED_OUT} × 法律服务机构” is 2")


def test_carried_over_needs_the_year_before(reports: dict[int, AnnualReport]) -> None:
    # 2023's 四 (0) is not 2025's 二 (4), but 2023 is not the year before 2025.
    assert check_report(reports[2025], reports[2023]) == []


def test_inconsistent_data_is_a_build_error() -> None:
    # A record answered without an outcome (the loader refuses it; a hand-made model may not)
    # cannot be placed in any outcome row: the balance rule catches it.
    site = two_year_site()
    broken = ApplicationRecord(id="X", received=dt.date(2025, 4, 1), applicant="其他",
                               channel="信函", source="registers/2025.yml", line=9,
                               replied=dt.date(2025, 4, 10))
    old = site.registers[2025]
    registers = {**site.registers, 2025: Register(2025, old.source, (*old.applications, broken),
                                                   old.reviews, old.statistics)}
    _, _, problems = report_pages(replace(site, registers=registers), SETTINGS)
    errors = [p for p in problems if p.severity == "error"]
    assert [(rules([p])[0], p.path) for p in errors] == [
        (RULE_B_BALANCE, "registers/2025.yml"), (RULE_B_BALANCE, "registers/2025.yml")]
    assert "column 其他" in errors[0].message and "column 总计" in errors[1].message
