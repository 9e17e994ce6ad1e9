"""The 本级政府's annual report: the government's own report.json plus its departments', summed
cell by cell after each part is audited.  Every expected figure is added up by hand below.
"""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from typing import Any

import docx
import pytest

from gongkai.core.report import federated_report, federated_report_files
from gongkai.core.report.labels import table_b_spec

COLUMNS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")
RESULTS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
GOVERNMENT = "临川县人民政府"


def report(agency: str, year: int, table_3: dict[str, tuple[int, ...]],
           table_4: dict[str, tuple[int, ...]], table_2: dict[str, tuple[Any, ...]],
           fee: float, categories: dict[str, int]) -> dict[str, Any]:
    """A report.json as a department's site publishes it; rows not given are all 0."""
    blocks = [
        ("第二十条第（一）项", ("本年制发件数", "本年废止件数", "现行有效件数"), ("规章", "行政规范性文件")),
        ("第二十条第（五）项", ("本年处理决定数量",), ("行政许可",)),
        ("第二十条第（六）项", ("本年处理决定数量",), ("行政处罚", "行政强制")),
        ("第二十条第（八）项", ("本年收费金额（单位：万元）",), ("行政事业性收费",)),
    ]
    return {
        "year": year, "format": "2021", "agency": agency,
        "proactive": {"total": sum(categories.values()), "categories": [
            {"category": c, "count": n, "share_percent": "0"} for c, n in categories.items()]},
        "table_2": {"blocks": [
            {"item": item, "columns": list(columns), "rows": [
                {"label": label, "values": dict(zip(columns, table_2.get(label, (0,) * len(columns)), strict=True))}
                for label in labels]}
            for item, columns, labels in blocks]},
        "table_3": {"columns": list(COLUMNS), "rows": [
            {"key": key, "label": label, "group": group,
             "values": dict(zip(COLUMNS, table_3.get(key, (0,) * 7), strict=True))}
            for key, label, group in table_b_spec("2021")]},
        "table_4": {"columns": list(RESULTS), "rows": [
            {"kind": kind, "label": label, "values": dict(zip(RESULTS, table_4.get(kind, (0,) * 5), strict=True))}
            for kind, label in (("行政复议", "行政复议"), ("直接起诉", "未经复议直接起诉"),
                                ("复议后起诉", "复议后起诉"))]},
        "information_processing_fee_yuan": fee,
    }


OWN = report(GOVERNMENT, 2025, {
    "new": (3, 0, 0, 0, 0, 0, 3),
    "予以公开": (2, 0, 0, 0, 0, 0, 2),
    "total": (2, 0, 0, 0, 0, 0, 2),
    "carried_out": (1, 0, 0, 0, 0, 0, 1),
}, {"行政复议": (1, 0, 0, 0, 1)},
    {"规章": (1, 0, 5), "行政规范性文件": (2, 1, 10), "行政许可": (100,), "行政处罚": (20,),
     "行政强制": (1,), "行政事业性收费": (1.5,)}, 0, {"政策文件": 30, "通知公告": 20})
FINANCE = report("临川县财政局", 2025, {
    "new": (2, 1, 0, 0, 0, 0, 3),
    "carried_in": (0, 0, 0, 0, 1, 0, 1),
    "部分公开": (1, 0, 0, 0, 0, 0, 1),
    "不予公开/4": (1, 0, 0, 0, 0, 0, 1),
    "无法提供/1": (0, 1, 0, 0, 0, 0, 1),
    "其他处理/3": (0, 0, 0, 0, 1, 0, 1),
    "total": (2, 1, 0, 0, 1, 0, 4),
}, {"直接起诉": (0, 1, 0, 0, 1)},
    {"行政规范性文件": (1, 0, 4), "行政许可": (40,), "行政事业性收费": (2.25,)}, 100,
    {"政策文件": 10, "财政预决算": 20})
EDUCATION = report("临川县教育局", 2025, {
    "new": (5, 0, 0, 1, 0, 0, 6),
    "予以公开": (3, 0, 0, 1, 0, 0, 4),
    "不予处理/2": (1, 0, 0, 0, 0, 0, 1),
    "total": (4, 0, 0, 1, 0, 0, 5),
    "carried_out": (1, 0, 0, 0, 0, 0, 1),
}, {}, {"行政许可": (10,), "行政处罚": (3,)}, 0, {"通知公告": 20})
# （七）总计 × 自然人 printed 2 while its rows add up to 11.
TRANSPORT = report("临川县交通运输局", 2025, {
    "new": (11, 0, 0, 0, 0, 0, 11),
    "予以公开": (11, 0, 0, 0, 0, 0, 11),
    "total": (2, 0, 0, 0, 0, 0, 11),
}, {}, {"行政许可": (999,)}, 0, {})

DEPARTMENTS = [("临川县财政局", FINANCE), ("临川县教育局", EDUCATION), ("临川县交通运输局", TRANSPORT)]


@pytest.fixture(scope="module")
def fr() -> Any:
    return federated_report(OWN, DEPARTMENTS, 2025)


def test_every_cell_is_the_sum_of_the_parts_summed(fr: Any) -> None:
    b = fr.report.table_b
    # 一: 自然人 3 + 2 + 5 = 10, 商业企业 1 (财政局), 社会公益组织 1 (教育局); 总计 3 + 3 + 6 = 12
    assert b.row("new").values == (10, 1, 0, 1, 0, 0, 12)
    assert b.row("carried_in").values == (0, 0, 0, 0, 1, 0, 1)  # 财政局's 法律服务机构
    assert b.row("予以公开").values == (5, 0, 0, 1, 0, 0, 6)  # 2 + 3; 教育局's 社会公益组织 1
    assert b.row("部分公开").values == (1, 0, 0, 0, 0, 0, 1)
    assert b.row("不予公开/4").values == (1, 0, 0, 0, 0, 0, 1)
    assert b.row("无法提供/1").values == (0, 1, 0, 0, 0, 0, 1)
    assert b.row("不予处理/2").values == (1, 0, 0, 0, 0, 0, 1)
    assert b.row("其他处理/3").values == (0, 0, 0, 0, 1, 0, 1)
    # （七）: 自然人 2 + 2 + 4 = 8; 总计 2 + 4 + 5 = 11.  四: 自然人 1 + 0 + 1 = 2.
    assert b.row("total").values == (8, 1, 0, 1, 1, 0, 11)
    assert b.row("carried_out").values == (2, 0, 0, 0, 0, 0, 2)
    c = fr.report.table_c
    assert c.groups[0].values == (1, 0, 0, 0, 1) and c.groups[1].values == (0, 1, 0, 0, 1)
    a = fr.report.table_a
    assert a.value("第二十条第（一）项", "行政规范性文件", "现行有效件数") == 14  # 10 + 4
    assert a.value("第二十条第（五）项", "行政许可", "本年处理决定数量") == 150  # 100 + 40 + 10
    assert a.value("第二十条第（八）项", "行政事业性收费", "本年收费金额（单位：万元）") == Decimal("3.75")
    assert fr.report.fee_total == 100
    assert fr.report.proactive.total == 100  # 50 + 30 + 20
    assert [(s.category, s.count, str(s.share)) for s in fr.report.proactive.categories] == [
        ("政策文件", 40, "40.00"), ("通知公告", 40, "40.00"), ("财政预决算", 20, "20.00")]
    assert fr.report.title == "临川县人民政府2025年政府信息公开工作年度报告"
    assert fr.report.deadline.isoformat() == "2026-03-31"  # a government's report: 31 March


def test_the_breakdown_behind_each_figure(fr: Any) -> None:
    cell = fr.cell("表三", "（七）总计", "自然人")
    assert (cell.total, cell.parts) == (8, ((GOVERNMENT, 2), ("临川县财政局", 2), ("临川县教育局", 4)))
    assert fr.cell("表二", "行政许可", "本年处理决定数量").parts[1] == ("临川县财政局", 40)
    assert fr.cell("表四", "未经复议直接起诉", "结果纠正").total == 1


def test_a_department_with_a_wrong_cell_is_left_out_and_named(fr: Any) -> None:
    assert fr.parts == (GOVERNMENT, "临川县财政局", "临川县教育局")
    assert not fr.complete
    (excluded,) = fr.excluded
    assert excluded.name == "临川县交通运输局"
    assert excluded.cells[0].startswith("2025年 表三“（七）总计”×“自然人”: 2, expected 11 —")
    (problem,) = fr.problems
    assert problem.severity == "warning"
    assert "临川县交通运输局" in problem.path and "表三“（七）总计”×“自然人”: 2, expected 11" in problem.message
    # Its 行政许可 999 is in no sum.
    assert fr.report.table_a.value("第二十条第（五）项", "行政许可", "本年处理决定数量") == 150


@pytest.mark.parametrize(("data", "reason"), [
    ({**EDUCATION, "year": 2024}, "the report for 2024, not 2025"),
    ({"year": 2025, "table_3": {}}, "report.json cannot be read"),
    ({**EDUCATION, "preview": True, "period": {"start": "2025-01-01", "end": "2025-11-25"}},
     "its report is a preview (figures up to 2025-11-25)"),
])
def test_other_parts_that_cannot_be_summed(data: dict[str, Any], reason: str) -> None:
    result = federated_report(OWN, [("临川县教育局", data), ("临川县财政局", FINANCE),
                                    ("临川县财政局", FINANCE)], 2025)
    assert result.parts == (GOVERNMENT, "临川县财政局")
    assert [(e.name, reason in e.reason) for e in result.excluded] == [
        ("临川县教育局", True), ("临川县财政局", False)]
    assert result.excluded[1].reason == "given twice: summed once"
    assert result.report.table_b.value("new") == 6  # 3 + 3


def test_files_page_json_csv_breakdown_and_word(fr: Any) -> None:
    files = {f.path: f.content for f in federated_report_files(fr, "gov/2025/")}
    assert sorted(files) == [f"gov/2025/{n}" for n in (
        "breakdown.csv", "index.html", "report.docx", "report.json", "table-2.csv", "table-3.csv",
        "table-4.csv")]
    page = files["gov/2025/index.html"]
    assert isinstance(page, str)
    for text in ("临川县人民政府2025年政府信息公开工作年度报告", "六、其他需要报告的事项",
                 "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
                 "未汇总的部门", "临川县交通运输局", "表三明细", "临川县人民政府 2、临川县财政局 2、临川县教育局 4",
                 'href="report.docx"', 'href="breakdown.csv"'):
        assert text in page, text
    data = json.loads(files["gov/2025/report.json"])
    assert data["parts"] == [GOVERNMENT, "临川县财政局", "临川县教育局"]
    assert data["excluded"][0]["name"] == "临川县交通运输局"
    seventh = next(c for c in data["breakdown"] if c["row"] == "（七）总计" and c["column"] == "自然人")
    assert seventh == {"table": "表三", "block": "", "row": "（七）总计", "column": "自然人", "total": 8,
                       "parts": {GOVERNMENT: 2, "临川县财政局": 2, "临川县教育局": 4}}
    breakdown = files["gov/2025/breakdown.csv"]
    assert isinstance(breakdown, str) and breakdown.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(breakdown.lstrip("\ufeff"))))
    assert rows[0] == ["表", "项目", "行", "列", "合计", GOVERNMENT, "临川县财政局", "临川县教育局"]
    assert ["表三", "", "（七）总计", "自然人", "8", "2", "2", "4"] in rows
    assert ["表二", "第二十条第（八）项", "行政事业性收费", "本年收费金额（单位：万元）", "3.75", "1.5",
            "2.25", "0"] in rows
    word = files["gov/2025/report.docx"]
    assert isinstance(word, bytes)
    document = docx.Document(io.BytesIO(word))
    table_3 = document.tables[1]
    seventh_row = next(r for r in table_3.rows if r.cells[0].text == "三、本年度办理结果"
                       and r.cells[1].text == "（七）总计")
    assert [c.text for c in seventh_row.cells[3:]] == ["8", "1", "0", "1", "1", "0", "11"]
    assert "未汇总：临川县交通运输局" in document.paragraphs[1].text


def test_no_parts_gives_a_report_of_zeros() -> None:
    result = federated_report(None, [], 2025, government=GOVERNMENT)
    assert result.parts == () and result.complete
    assert result.report.table_b.value("total") == 0
    assert result.cell("表三", "（七）总计", "总计").parts == ()
