"""The wording of the national report format, printed verbatim.

Reports for 2021 onward follow 国办公开办函〔2021〕30号; reports for 2019–2020 the 2019 trial format
(国办公开办函〔2019〕60号).  Full-width punctuation, Chinese quotes and the ASCII slash of “本年增/减”
are as published.  The outcome items of table 三 come from :mod:`gongkai.core.outcomes`, the single
source of those labels for registers and report alike.
"""

from __future__ import annotations

from typing import Literal

from ..model import APPLICANT_TYPES, REVIEW_KINDS, ReviewKind
from ..outcomes import ITEMISED_GROUPS

ReportFormat = Literal["2021", "2019"]

# The 2019 revision of the 条例 introduced the report format; earlier years used the 2008 format,
# which the build does not produce.
FIRST_REPORT_YEAR = 2019
FIRST_2021_FORMAT_YEAR = 2021


def report_format(year: int) -> ReportFormat:
    """The national format of the report for ``year``; ValueError before 2019."""
    if year < FIRST_REPORT_YEAR:
        raise ValueError(f"there is no national report format for {year} (first: {FIRST_REPORT_YEAR})")
    return "2021" if year >= FIRST_2021_FORMAT_YEAR else "2019"


def report_title(agency: str, year: int) -> str:
    """The report's title as agencies publish it: ``某某局2024年政府信息公开工作年度报告``."""
    return f"{agency}{year}年政府信息公开工作年度报告"


SECTION_TITLES: tuple[str, ...] = (
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
)

# -- table 二 (A) --------------------------------------------------------------------------------

CONTENT_COLUMN = "信息内容"

# (item caption, value columns, row labels) per block.
TableASpec = tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]

TABLE_A_2021: TableASpec = (
    ("第二十条第（一）项", ("本年制发件数", "本年废止件数", "现行有效件数"), ("规章", "行政规范性文件")),
    ("第二十条第（五）项", ("本年处理决定数量",), ("行政许可",)),
    ("第二十条第（六）项", ("本年处理决定数量",), ("行政处罚", "行政强制")),
    ("第二十条第（八）项", ("本年收费金额（单位：万元）",), ("行政事业性收费",)),
)

TABLE_A_2019: TableASpec = (
    ("第二十条第（一）项", ("本年新制作数量", "本年新公开数量", "对外公开总数量"), ("规章", "规范性文件")),
    ("第二十条第（五）项", ("上一年项目数量", "本年增/减", "处理决定数量"),
     ("行政许可", "其他对外管理服务事项")),
    ("第二十条第（六）项", ("上一年项目数量", "本年增/减", "处理决定数量"), ("行政处罚", "行政强制")),
    ("第二十条第（八）项", ("上一年项目数量", "本年增/减"), ("行政事业性收费",)),
    ("第二十条第（九）项", ("采购项目数量", "采购总金额"), ("政府集中采购",)),
)


def table_a_spec(fmt: ReportFormat) -> TableASpec:
    """The blocks of table 二 in ``fmt``."""
    return TABLE_A_2021 if fmt == "2021" else TABLE_A_2019


# -- table 三 (B) --------------------------------------------------------------------------------

TABLE_B_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
APPLICANT_HEADER = "申请人情况"
LEGAL_PERSON_HEADER = "法人或其他组织"
TOTAL = "总计"
TABLE_B_COLUMNS: tuple[str, ...] = (*APPLICANT_TYPES, TOTAL)

ROW_NEW = "一、本年新收政府信息公开申请数量"
ROW_CARRIED_IN = "二、上年结转政府信息公开申请数量"
ROW_RESULTS = "三、本年度办理结果"
ROW_CARRIED_OUT = "四、结转下年度继续办理"
ROW_OUTCOME_TOTAL = "（七）总计"

OUTCOME_GROUP_LABELS: dict[str, str] = {
    "予以公开": "（一）予以公开",
    "部分公开": "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "不予公开": "（三）不予公开",
    "无法提供": "（四）无法提供",
    "不予处理": "（五）不予处理",
    "其他处理": "（六）其他处理",
}
OUTCOME_GROUPS: tuple[str, ...] = tuple(OUTCOME_GROUP_LABELS)

# Stable keys of the rows of table 三, used by report.json and the consistency checks.
KEY_NEW = "new"
KEY_CARRIED_IN = "carried_in"
KEY_OUTCOME_TOTAL = "total"
KEY_CARRIED_OUT = "carried_out"

# (key, label, outcome group or "") of every row with figures, in the order of the national table.
TableBSpec = tuple[tuple[str, str, str], ...]


def _table_b_spec(itemise_other: bool) -> TableBSpec:
    rows: list[tuple[str, str, str]] = [(KEY_NEW, ROW_NEW, ""), (KEY_CARRIED_IN, ROW_CARRIED_IN, "")]
    for group in OUTCOME_GROUPS:
        items = ITEMISED_GROUPS.get(group, ())
        if not items or (group == "其他处理" and not itemise_other):
            rows.append((group, OUTCOME_GROUP_LABELS[group], group))
            continue
        for number, label in enumerate(items, start=1):
            rows.append((f"{group}/{number}", f"{number}.{label}", group))
    rows.append((KEY_OUTCOME_TOTAL, ROW_OUTCOME_TOTAL, ""))
    rows.append((KEY_CARRIED_OUT, ROW_CARRIED_OUT, ""))
    return tuple(rows)


TABLE_B_2021: TableBSpec = _table_b_spec(itemise_other=True)
# The trial format has （六）其他处理 as one row without items.
TABLE_B_2019: TableBSpec = _table_b_spec(itemise_other=False)


def table_b_spec(fmt: ReportFormat) -> TableBSpec:
    """The rows of table 三 in ``fmt``."""
    return TABLE_B_2021 if fmt == "2021" else TABLE_B_2019


# -- table 四 (C) --------------------------------------------------------------------------------

REVIEW_HEADER = "行政复议"
LITIGATION_HEADER = "行政诉讼"
TABLE_C_COLUMNS: tuple[str, ...] = ("结果维持", "结果纠正", "其他结果", "尚未审结", TOTAL)
TABLE_C_KIND_LABELS: dict[ReviewKind, str] = {
    "行政复议": "行政复议",
    "直接起诉": "未经复议直接起诉",
    "复议后起诉": "复议后起诉",
}
TABLE_C_KINDS: tuple[ReviewKind, ...] = REVIEW_KINDS
# Register results (维持 纠正 其他 未审结) in the order of the table's columns.
TABLE_C_RESULTS: tuple[str, ...] = ("维持", "纠正", "其他", "未审结")
