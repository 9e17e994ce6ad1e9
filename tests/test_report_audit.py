"""``gongkai audit``: any annual report in the national format, checked cell by cell.

A hand-made report whose every total is written out below (and adds up), then published as
another agency would: report.json, a page with merged cells, text copied from a page.  Each test
breaks one cell the way reports are found broken and asserts the one line naming that cell.  Real
published reports are in ``tests/data/reports`` (see its README.txt).
"""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from gongkai.cli import main
from gongkai.core.report.audit import audit_reports
from gongkai.core.report.parse import ReportReadError, parse_report

DATA = Path(__file__).parent / "data" / "reports"
COLUMNS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")
NEW, CARRIED_IN = "一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量"
TOTAL, CARRIED_OUT = "（七）总计", "四、结转下年度继续办理"

# (key, group heading or "", label, figures: six applicant columns and 总计, added up by hand)
ROWS_2025: list[tuple[str, str, str, tuple[int, ...]]] = [
    ("new", "", NEW, (9, 2, 0, 1, 1, 0, 13)),
    ("carried_in", "", CARRIED_IN, (2, 0, 0, 0, 1, 0, 3)),
    ("予以公开", "", "（一）予以公开", (4, 1, 0, 0, 0, 0, 5)),
    ("部分公开", "", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", (1, 0, 0, 1, 0, 0, 2)),
    ("不予公开/1", "（三）不予公开", "1.属于国家秘密", (0,) * 7),
    ("不予公开/2", "（三）不予公开", "2.其他法律行政法规禁止公开", (0,) * 7),
    ("不予公开/3", "（三）不予公开", "3.危及“三安全一稳定”", (1, 0, 0, 0, 0, 0, 1)),
    ("不予公开/4", "（三）不予公开", "4.保护第三方合法权益", (0,) * 7),
    ("不予公开/5", "（三）不予公开", "5.属于三类内部事务信息", (0,) * 7),
    ("不予公开/6", "（三）不予公开", "6.属于四类过程性信息", (0,) * 7),
    ("不予公开/7", "（三）不予公开", "7.属于行政执法案卷", (0,) * 7),
    ("不予公开/8", "（三）不予公开", "8.属于行政查询事项", (0,) * 7),
    ("无法提供/1", "（四）无法提供", "1.本机关不掌握相关政府信息", (2, 0, 0, 0, 1, 0, 3)),
    ("无法提供/2", "（四）无法提供", "2.没有现成信息需要另行制作", (0,) * 7),
    ("无法提供/3", "（四）无法提供", "3.补正后申请内容仍不明确", (0,) * 7),
    ("不予处理/1", "（五）不予处理", "1.信访举报投诉类申请", (0,) * 7),
    ("不予处理/2", "（五）不予处理", "2.重复申请", (1, 1, 0, 0, 0, 0, 2)),
    ("不予处理/3", "（五）不予处理", "3.要求提供公开出版物", (0,) * 7),
    ("不予处理/4", "（五）不予处理", "4.无正当理由大量反复申请", (0,) * 7),
    ("不予处理/5", "（五）不予处理", "5.要求行政机关确认或重新出具已获取信息", (0,) * 7),
    ("其他处理/1", "（六）其他处理",
     "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", (0,) * 7),
    ("其他处理/2", "（六）其他处理",
     "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", (0,) * 7),
    ("其他处理/3", "（六）其他处理", "3.其他", (1, 0, 0, 0, 0, 0, 1)),
    # 自然人 4+1+1+2+1+1 = 10, 商业企业 1+1 = 2, 社会公益组织 1, 法律服务机构 1: 14
    ("total", "", TOTAL, (10, 2, 0, 1, 1, 0, 14)),
    # 一 + 二 − （七）: 自然人 9+2−10 = 1, 法律服务机构 1+1−1 = 1: 2
    ("carried_out", "", CARRIED_OUT, (1, 0, 0, 0, 1, 0, 2)),
]
# 行政复议, 未经复议直接起诉, 复议后起诉: 结果维持 结果纠正 其他结果 尚未审结 总计
TABLE_4_2025 = ((1, 1, 0, 1, 3), (0, 0, 1, 0, 1), (0, 0, 0, 0, 0))
# 2024's 四 is 2025's 二.
ROWS_2024_CHANGES = {"carried_out": (2, 0, 0, 0, 1, 0, 3), "new": (5, 0, 0, 0, 1, 0, 6),
                     "予以公开": (3, 0, 0, 0, 0, 0, 3), "total": (3, 0, 0, 0, 0, 0, 3)}
KINDS = (("行政复议", "行政复议"), ("直接起诉", "未经复议直接起诉"), ("复议后起诉", "复议后起诉"))


def rows_of(year: int) -> list[tuple[str, str, str, tuple[int, ...]]]:
    if year == 2025:
        return list(ROWS_2025)
    # 2024: 一 6 (5 自然人, 1 法律服务机构), 3 予以公开, 3 carried out, nothing carried in.
    return [(k, g, label, ROWS_2024_CHANGES.get(k, (0,) * 7)) for k, g, label, _ in ROWS_2025]


def altered(rows: list[tuple[str, str, str, tuple[int, ...]]], label: str, column: str,
            value: int) -> list[tuple[str, str, str, tuple[int, ...]]]:
    index = COLUMNS.index(column)
    return [(k, g, lbl, v[:index] + (value,) + v[index + 1:] if lbl == label else v)
            for k, g, lbl, v in rows]


def report_json(year: int, rows: list[tuple[str, str, str, tuple[int, ...]]],
                table_4: tuple[tuple[int, ...], ...] = TABLE_4_2025) -> str:
    data = {
        "year": year, "format": "2021", "agency": "临川市某某局",
        "table_3": {"columns": list(COLUMNS), "rows": [
            {"key": k, "label": label, "group": "", "values": dict(zip(COLUMNS, v, strict=True))}
            for k, _, label, v in rows]},
        "table_4": {"columns": ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"], "rows": [
            {"kind": kind, "label": label,
             "values": dict(zip(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"], v, strict=True))}
            for (kind, label), v in zip(KINDS, table_4, strict=True)]},
    }
    return json.dumps(data, ensure_ascii=False)


FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def report_html(year: int, rows: list[tuple[str, str, str, tuple[int, ...]]],
                table_4: tuple[tuple[int, ...], ...] = TABLE_4_2025, blank_zeros: bool = False,
                full_width: bool = False) -> str:
    """The page as agencies publish it: merged label cells, header rows, the narrative around."""
    def figure(value: int) -> str:
        text = "&nbsp;" if blank_zeros and value == 0 else str(value)
        return f"<td><p align=\"center\">{text.translate(FULL_WIDTH) if full_width else text}</p></td>"

    body = []
    seen: set[str] = set()
    for index, (_, group, label, values) in enumerate(rows):
        cells = ""
        if label in (NEW, CARRIED_IN, CARRIED_OUT):
            cells = f'<td colspan="3">{label}</td>'
        else:
            if index == 2:
                cells += '<td rowspan="22">三、本年度办理结果</td>'
            if group and group not in seen:
                seen.add(group)
                size = sum(1 for r in rows if r[1] == group)
                cells += f'<td rowspan="{size}">{group}</td>'
            cells += f"<td>{label}</td>" if group else f'<td colspan="2">{label}</td>'
        body.append(f"<tr>{cells}{''.join(figure(v) for v in values)}</tr>")
    header = ('<tr><td colspan="3" rowspan="3">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加'
              '第四项之和）</td><td colspan="7">申请人情况</td></tr><tr><td rowspan="2">自然人</td>'
              '<td colspan="5">法人或其他组织</td><td rowspan="2">总计</td></tr><tr><td>商业企业</td>'
              "<td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>")
    figures_4 = "".join(figure(v) for group in table_4 for v in group)
    return (f"<html><head><meta charset=\"utf-8\"><title>临川市某某局{year}年政府信息公开工作年度报告"
            "</title></head><body><h1>临川市某某局" + str(year) + "年政府信息公开工作年度报告</h1>"
            f"<p>一、总体情况</p><p>{year}年，本局共收到申请13件。</p>"
            "<p>三、收到和处理政府信息公开申请情况</p><table>" + header + "".join(body) + "</table>"
            "<p>四、政府信息公开行政复议、行政诉讼情况</p><table><tr><td colspan=\"5\">行政复议</td>"
            "<td colspan=\"10\">行政诉讼</td></tr><tr><td rowspan=\"2\">结果维持</td><td rowspan=\"2\">"
            "结果纠正</td><td rowspan=\"2\">其他结果</td><td rowspan=\"2\">尚未审结</td><td rowspan=\"2\">"
            "总计</td><td colspan=\"5\">未经复议直接起诉</td><td colspan=\"5\">复议后起诉</td></tr><tr>"
            + "<td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td>" * 2
            + f"</tr><tr>{figures_4}</tr></table><p>五、存在的主要问题及改进情况</p><p>无。</p>"
            "</body></html>")


def report_text(year: int, rows: list[tuple[str, str, str, tuple[int, ...]]],
                table_4: tuple[tuple[int, ...], ...] = TABLE_4_2025) -> str:
    """Tables copied from a browser: one row a line, cells separated by tabs, labels spaced."""
    lines = [f"临川市某某局{year}年政府信息公开工作年度报告", "三、收到和处理政府信息公开申请情况",
             "\t".join(("申请人情况", *COLUMNS))]
    for _, _group, label, values in rows:
        spaced = label.replace("、", "、 ").replace(".", ". ", 1)  # "1. 属于国家秘密"
        lines.append("\t".join((spaced, *map(str, values))))
    lines += ["四、政府信息公开行政复议、行政诉讼情况", "行政复议\t行政诉讼",
              "\t".join(str(v) for group in table_4 for v in group), "五、存在的主要问题及改进情况"]
    return "\n".join(lines) + "\n"


def audit(tmp_path: Path, capsys: pytest.CaptureFixture[str], *files: tuple[str, str]
          ) -> tuple[int, list[str], str]:
    """Run ``gongkai audit`` on ``files`` ((name, text)); exit status, stdout lines, stderr."""
    paths = []
    for name, text in files:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    status = main(["audit", *paths])
    out, err = capsys.readouterr()
    return status, out.splitlines(), err


def test_a_report_that_adds_up_passes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for name, text in (("report.json", report_json(2025, ROWS_2025)),
                       ("page.html", report_html(2025, ROWS_2025)),
                       ("copied.txt", report_text(2025, ROWS_2025))):
        status, lines, err = audit(tmp_path, capsys, (name, text))
        assert (status, lines) == (0, []), err
        assert "every total and every 勾稽关系 holds" in err


# Each kind of broken table: (row label, column, printed figure, the cell named, expected figure)
BROKEN = [
    # 总计 of a row typed wrong: only that row's sum and the 总计 column break.
    pytest.param(NEW, "总计", 15, (NEW, "总计"), 13, id="row-total"),
    # （七）总计 of a column (the issue's case): its rows add up to 10, it says 2.
    pytest.param(TOTAL, "自然人", 2, (TOTAL, "自然人"), 10, id="column-total"),
    # 一 + 二 = （七） + 四: 四 × 法律服务机构 should be 1 + 1 − 1 = 1.
    pytest.param(CARRIED_OUT, "法律服务机构", 0, (CARRIED_OUT, "法律服务机构"), 1, id="carried-out"),
    # 一 itself typed wrong: breaks its row sum and the balance of its column, nothing else.
    pytest.param(NEW, "商业企业", 3, (NEW, "商业企业"), 2, id="new"),
    # An item of （五）: breaks its row sum and the （七） sum of its column.
    pytest.param("2.重复申请", "商业企业", 0, ("2.重复申请", "商业企业"), 1, id="outcome-item"),
]


@pytest.mark.parametrize(("label", "column", "value", "named", "expected"), BROKEN)
@pytest.mark.parametrize("form", ["json", "html", "text"])
def test_each_broken_cell_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str], form: str,
                                   label: str, column: str, value: int,
                                   named: tuple[str, str], expected: int) -> None:
    rows = altered(ROWS_2025, label, column, value)
    text = {"json": report_json, "html": report_html, "text": report_text}[form](2025, rows)
    status, lines, _ = audit(tmp_path, capsys, (f"report.{form}", text))
    assert status == 1
    assert len(lines) == 1, lines
    assert f"2025年 表三“{named[0]}”×“{named[1]}”: {value}, expected {expected} —" in lines[0]


def test_the_issues_example_names_the_column_total(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    # （七）总计 × 自然人 printed as 2: the rule it breaks is spelled out with the figures.
    rows = altered(ROWS_2025, TOTAL, "自然人", 2)
    status, (line,), _ = audit(tmp_path, capsys, ("p.html", report_html(2025, rows)))
    assert status == 1
    assert "rule “表三每一列：（七）总计等于本年度办理结果各项之和”: column 自然人: " in line
    assert "“（七）总计 × 自然人” is 2, but the 21 outcome rows of this column add up to 10" in line
    assert "(or one of" not in line  # nothing else explains the broken rules


def test_table_4_total(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # 行政复议 1 + 1 + 0 + 1 = 3, printed 4.  One rule alone cannot tell the total from its parts:
    # the total is named, and the line says so.
    table_4 = ((1, 1, 0, 1, 4), *TABLE_4_2025[1:])
    status, (line,), _ = audit(tmp_path, capsys, ("p.html", report_html(2025, ROWS_2025, table_4)))
    assert status == 1
    assert line.startswith(f"{tmp_path / 'p.html'}: 2025年 表四“行政复议”×“总计”: 4, expected 3 "
                           "(or another cell of the rule) — rule “表四：")


def test_carried_over_across_two_years(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # 2024's 四 is (2, 0, 0, 0, 1, 0, 3) = 2025's 二: clean.  Then 2024 says 4 for 自然人 in 四
    # and 一 (its own tables still add up): 2025's 二 × 自然人 (2) is the cell named.
    clean_2024 = report_html(2024, rows_of(2024))
    status, lines, _ = audit(tmp_path, capsys, ("2024.html", clean_2024),
                             ("2025.html", report_html(2025, ROWS_2025)))
    assert (status, lines) == (0, [])
    rows_2024 = altered(altered(altered(altered(rows_of(2024), CARRIED_OUT, "自然人", 4),
                                        CARRIED_OUT, "总计", 5), NEW, "自然人", 7), NEW, "总计", 8)
    status, lines, _ = audit(tmp_path, capsys, ("2025.html", report_html(2025, ROWS_2025)),
                             ("2024.html", report_html(2024, rows_2024)))
    assert status == 1
    assert [line.split(" — ")[0] for line in lines] == [
        f"{tmp_path / '2025.html'}: 2025年 表三“{CARRIED_IN}”×“自然人”: 2, expected 4 "
        "(or another cell of the rule)",
        f"{tmp_path / '2025.html'}: 2025年 表三“{CARRIED_IN}”×“总计”: 3, expected 5 "
        "(or another cell of the rule)"]
    assert "2024年“四、结转下年度继续办理 × 自然人” is 4" in lines[0]


def test_blank_cells_full_width_digits_and_spaced_labels_are_read(tmp_path: Path) -> None:
    rows = altered(ROWS_2025, TOTAL, "自然人", 2)
    page = report_html(2025, rows, blank_zeros=True, full_width=True)
    page = page.replace("（三）不予公开", "(三) 不予公开").replace("1.本机关", "1、本机关")
    report = parse_report(page.encode("gb18030").replace(b'charset="utf-8"', b'charset="gbk"'),
                          "p.html")
    assert report.table_b.value("不予处理/2", "商业企业") == 1
    assert report.table_b.value("无法提供/1", "总计") == 3
    assert [(w.cell.row, w.cell.column, w.found, w.expected) for w in audit_reports([report])] == [
        (TOTAL, "自然人", 2, 10)]


def test_markdown_tables_are_read() -> None:
    lines = ["# 临川市某某局2025年政府信息公开工作年度报告", "| 项目 | " + " | ".join(COLUMNS) + " |",
             "|---" * 8 + "|"]
    lines += [f"| {label} | " + " | ".join(map(str, values)) + " |"
              for _, _, label, values in ROWS_2025]
    lines += ["## 四、政府信息公开行政复议、行政诉讼情况", "| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |"]
    lines += ["|---|---|---|---|---|\n| " + " | ".join(map(str, group)) + " |" for group in TABLE_4_2025]
    report = parse_report("\n".join(lines).encode(), "r.md")
    assert report.year == 2025 and report.agency == "临川市某某局"
    assert report.table_c.value("直接起诉", "其他结果") == 1
    assert audit_reports([report]) == []


def test_text_extracted_with_bars_between_cells() -> None:
    # As text extractions of report pages look: "label | 1 | 0 | … |", group labels first, empty
    # cells of merged columns as "| |", sometimes one cell a line ("8 |").
    lines = ["临川市某某局2025年政府信息公开工作年度报告",
             "(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和) | 申请人情况 | ||||||||",
             "自然人 | 法人或其他组织 | 总计 | |||||||", "商业 企业 | 科研 机构 | 社会公益组织 | 法律服务机构 | 其他 | |||||"]
    for _, _, label, values in ROWS_2025:
        lines.append(f"{label} | " + " | ".join(map(str, values)) + " | |")
    lines += ["四、政府信息公开行政复议、行政诉讼情况", "行政复议 | 行政诉讼 |"]
    lines += [f"{v} |" for group in TABLE_4_2025 for v in group]
    report = parse_report("\n".join(lines).encode(), "extract.txt")
    assert report.table_b.row("total").values == ROWS_2025[-2][3]
    assert report.table_c.value("行政复议", "总计") == 3
    assert audit_reports([report]) == []


@pytest.mark.parametrize(("text", "message"), [
    ("<html><body><p>关于开展安全检查的通知</p></body></html>", "no table 三"),
    # A copy that lost its blank cells: the row cannot be placed column by column.
    ("一、本年新收政府信息公开申请数量 5 3\n", "2 figure(s) found, 7 expected — were blank cells lost"),
    ('{"year": 2025, "table_3": {"rows": []}, "table_4": {"rows": []}}', "row “一、本年新收政府信息公开申请数量” (new) missing"),
    ('{"year": 2025, "table_3": ', "not valid JSON"),
])
def test_what_is_not_a_report_says_why(text: str, message: str) -> None:
    with pytest.raises(ReportReadError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_report(text.encode(), "x")


def test_unreadable_input_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, lines, err = audit(tmp_path, capsys, ("notice.html", "<p>通知</p>"))
    assert (status, lines) == (2, [])
    assert "notice.html: no table 三" in err
    assert main(["audit", str(tmp_path / "missing.html")]) == 2
    assert "missing.html: cannot be read" in capsys.readouterr().err
    assert main(["audit", str(tmp_path)]) == 2  # a folder without report.json or index.html
    assert "no report.json or index.html" in capsys.readouterr().err


# -- real published reports (tests/data/reports/README.txt) ---------------------------------------

# 上海市人民政府办公厅2019年 (trial format): the 总计 column of eleven outcome rows left blank.
SHANGHAI_BLANK_TOTALS = [
    ("（一）予以公开", 272), ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", 3),
    ("1.属于国家秘密", 14), ("5.属于三类内部事务信息", 5), ("6.属于四类过程性信息", 4),
    ("8.属于行政查询事项", 12), ("1.本机关不掌握相关政府信息", 265), ("2.没有现成信息需要另行制作", 47),
    ("3.补正后申请内容仍不明确", 25), ("1.信访举报投诉类申请", 149), ("2.重复申请", 9)]


@pytest.mark.parametrize("name", ["shanghai-office-2019.html", "shanghai-office-2019.txt"])
def test_real_report_with_blank_totals(name: str) -> None:
    # The .txt is the page copied from Chromium (Ctrl+A, Ctrl+C): one cell a line, blanks as spaces.
    report = parse_report((DATA / name).read_bytes(), name)
    assert (report.year, report.agency, report.format) == (2019, "上海市人民政府办公厅", "2019")
    assert report.table_b.value("new", "总计") == 859
    assert report.table_c.value("直接起诉", "总计") == 9
    wrong = audit_reports([report])
    assert [(w.cell.row, w.cell.column, w.found, w.expected) for w in wrong] == [
        (row, "总计", 0, expected) for row, expected in SHANGHAI_BLANK_TOTALS]
    assert all(w.certain for w in wrong)  # a part changed would break its column


def test_real_clean_report_and_its_lossy_copy(capsys: pytest.CaptureFixture[str]) -> None:
    # 沭阳县发展和改革局2023年: labels split over <span>s, blank cells, 规范性文件 for 行政规范性文件.
    page = DATA / "shuyang-fgj-2023.html"
    assert main(["audit", str(page)]) == 0
    report = parse_report(page.read_bytes(), page.name)
    assert (report.year, report.agency) == (2023, "沭阳县发展和改革局")
    assert report.table_b.value("予以公开", "自然人") == 26
    assert report.table_c.value("行政复议", "尚未审结") == 1
    assert report.table_a is not None
    assert report.table_a.value("第二十条第（一）项", "行政规范性文件", "现行有效件数") == 18
    # Chromium's copy of this page drops its blank cells (they hold only a collapsed space): the
    # auditor says so instead of guessing the columns.
    capsys.readouterr()
    assert main(["audit", str(DATA / "shuyang-fgj-2023.txt")]) == 2
    assert "were blank cells lost when the table was copied?" in capsys.readouterr().err


def test_text_pasted_on_standard_input(monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    rows = altered(ROWS_2025, "3.其他", "自然人", 3)  # its row and column 自然人 say 1
    pasted = report_text(2025, rows).encode("utf-8")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(pasted), encoding="utf-8"))
    assert main(["audit", "-"]) == 1
    (line,) = capsys.readouterr().out.splitlines()
    assert line.startswith("<stdin>: 2025年 表三“3.其他”×“自然人”: 3, expected 1 —")


def test_real_pdf_text_with_labels_broken_over_lines() -> None:
    # 淮安市人民政府2024年, text of its PDF: the title's year and long labels on lines of their own
    # ("（二）部分公开（区分处理的，只计这一情" / "形，不计其他情形）" / figures) and the tail of a
    # group heading before a label ("法提供 2.没有现成信息需要另行制作 11 0 …").
    report = parse_report((DATA / "huaian-gov-2024.txt").read_bytes(), "huaian-gov-2024.txt")
    assert (report.year, report.agency) == (2024, "淮安市人民政府")
    assert report.table_b.row("new").values == (3001, 53, 0, 0, 61, 4, 3119)
    assert report.table_b.row("部分公开").values == (447, 7, 0, 0, 0, 0, 454)
    assert report.table_b.row("无法提供/2").values == (11, 0, 0, 0, 0, 0, 11)
    assert report.table_b.row("不予处理/5").values == (1, 0, 0, 0, 0, 0, 1)
    assert report.table_b.row("其他处理/1").values == (67, 3, 0, 0, 1, 0, 71)
    assert report.table_b.row("total").values == (2932, 53, 0, 0, 61, 4, 3050)
    assert report.table_b.row("carried_out").values == (103, 0, 0, 0, 0, 0, 103)
    assert [g.values for g in report.table_c.groups] == [
        (72, 64, 178, 37, 351), (13, 4, 8, 1, 26), (12, 1, 1, 6, 20)]
    assert audit_reports([report]) == []


def test_real_markdown_title_with_the_year_spaced() -> None:
    # 沭阳县人民政府2025年 as transcribed to Markdown in KIROGOVCOMPARE ("沐阳" sic): the title
    # "# 沐阳县人民政府 2025 年 政府信息公开工作年度报告", one table per item of 表三 with their
    # own header rows ("| 类别 | 数据1 | … |"), "| - | - |" placeholder tables before them.
    report = parse_report((DATA / "shuyang-gov-2025.md").read_bytes(), "shuyang-gov-2025.md")
    assert (report.year, report.agency) == (2025, "沐阳县人民政府")
    assert report.table_b.row("予以公开").values == (290, 1, 0, 0, 3, 0, 294)
    assert report.table_b.row("其他处理/3").values == (142, 1, 0, 0, 0, 0, 143)
    assert report.table_b.row("total").values == (710, 3, 0, 0, 5, 0, 718)
    assert report.table_c.value("行政复议", "总计") == 61
    assert audit_reports([report]) == []


def test_real_clean_page_with_paragraphs_in_cells(capsys: pytest.CaptureFixture[str]) -> None:
    # 平潭综合实验区2024年: labels and headers split into <p>s with runs of &nbsp; (三、本 / 年度办 /
    # 理结果), <br/> in the headers of 表四.
    page = DATA / "pingtan-2024.html"
    assert main(["audit", str(page)]) == 0
    assert "read 平潭综合实验区、2024年 in the 2021 format" in capsys.readouterr().err
    report = parse_report(page.read_bytes(), page.name)
    assert report.table_b.row("其他处理/1").values == (1, 0, 0, 0, 0, 0, 1)
    assert report.table_b.row("total").values == (217, 1, 0, 0, 0, 0, 218)
    assert [g.values for g in report.table_c.groups] == [
        (2, 1, 3, 1, 7), (0, 0, 0, 0, 0), (13, 2, 4, 0, 19)]


def test_real_report_whose_total_is_not_the_sum_of_its_rows(capsys: pytest.CaptureFixture[str]
                                                             ) -> None:
    # 平潭综合实验区2020年 (trial format): （七）总计 gives 自然人 20 and 总计 21 (as 一 does: 21
    # applications), but its own outcome rows add up to 6+6+4+3+3+4 = 26 and 7+6+4+3+3+4 = 27.
    # No single cell explains it (（七） agrees with 一 + 二 and with its own row), so the column
    # totals are named, hedged.
    page = DATA / "pingtan-2020.html"
    assert main(["audit", str(page)]) == 1
    out, err = capsys.readouterr()
    assert "read 平潭综合实验区、2020年 in the 2019 format" in err
    assert [line.split(" — ")[0].split("pingtan-2020.html: ")[1] for line in out.splitlines()] == [
        "2020年 表三“（七）总计”×“自然人”: 20, expected 26 (or another cell of the rule)",
        "2020年 表三“（七）总计”×“总计”: 21, expected 27 (or another cell of the rule)"]
    report = parse_report(page.read_bytes(), page.name)
    assert report.table_b.row("new").values == (20, 0, 0, 0, 0, 1, 21)  # digits in two spans
    assert report.table_b.row("其他处理").values == (4, 0, 0, 0, 0, 0, 4)  # "&nbsp;0" cells


def test_real_pdf_text_with_table_4_totals_left_at_0(capsys: pytest.CaptureFixture[str]) -> None:
    # 洪泽区人民政府 2023 and 2024 (text of their PDFs): 表三 in the 2019 layout (（六）其他处理 one
    # row) in reports of the 2021 format, a label as mistyped ("2.其他法律行政止公开": not 3.其他),
    # and in 2024 the narrative before the table broken over lines ("…受理政府" / "信息公开申请" /
    # "17"). 2023's 表四 leaves both 总计 it needs at 0: 行政复议 10 + 1, 复议后起诉 5.
    old, new = DATA / "hongze-gov-2023.txt", DATA / "hongze-gov-2024.txt"
    assert main(["audit", str(old), str(new)]) == 1
    out, err = capsys.readouterr()
    assert [line.split(" — ")[0].split("hongze-gov-2023.txt: ")[1] for line in out.splitlines()] == [
        "2023年 表四“行政复议”×“总计”: 0, expected 11 (or another cell of the rule)",
        "2023年 表四“复议后起诉”×“总计”: 0, expected 5 (or another cell of the rule)"]
    assert ("read 洪泽区人民政府、2023年 in the 2021 format, 表三 in the 2019 layout (（六）其他处理 "
            "one row)") in err
    report = parse_report(old.read_bytes(), old.name)
    assert report.table_b.row("不予公开/1").values == (1, 0, 0, 0, 0, 0, 1)
    assert report.table_b.row("不予公开/2").values == (0,) * 7
    assert report.table_b.row("不予公开/6").values == (1, 0, 0, 0, 0, 0, 1)
    assert report.table_b.row("无法提供/1").values == (10, 0, 0, 0, 0, 0, 10)
    assert report.table_b.row("total").values == (21, 0, 0, 0, 0, 0, 21)
    later = parse_report(new.read_bytes(), new.name)
    assert (later.year, later.agency) == (2024, "淮安市洪泽区人民政府")
    assert later.table_b.row("new").values == (95, 0, 0, 0, 0, 0, 95)
    assert later.table_b.row("无法提供/1").values == (31, 0, 0, 0, 0, 0, 31)
    assert [g.values for g in later.table_c.groups] == [
        (1, 1, 0, 0, 2), (1, 0, 0, 0, 1), (2, 0, 1, 0, 3)]


def test_a_missing_row_is_named_not_read_in_another_layout() -> None:
    # Only a 表三 whose missing rows are the items of （六） is read in the 2019 layout.
    rows = [r for r in ROWS_2025 if r[0] != "不予公开/4"]
    with pytest.raises(ReportReadError, match="row\\(s\\) not found: “4.保护第三方合法权益”$"):
        parse_report(report_text(2025, rows).encode(), "t.txt")
    merged = [r for r in ROWS_2025 if not r[0].startswith("其他处理/")]
    merged.insert(-2, ("其他处理", "", "（六）其他处理", (1, 0, 0, 0, 0, 0, 1)))
    report = parse_report(report_text(2025, merged).encode(), "t.txt")
    assert (report.format, report.table_b.format) == ("2021", "2019")
    assert report.table_b.row("其他处理").values == (1, 0, 0, 0, 0, 0, 1)
    assert audit_reports([report]) == []
