"""The annual report as a webmaster and a citizen meet it: a fixture site built with ``mkdocs``.

Registers for 2024 and 2025 with one application carried over and one still open; the expected
cells are counted by hand in the comments.
"""

from __future__ import annotations

import json
import textwrap
from html.parser import HTMLParser

import pytest

from conftest import AGENCY_YML, BuildResult, BuildSite, minimal_site, run_build, write_site

REGISTER_2024 = textwrap.dedent("""\
    applications:
      - id: GK-APP-2024-001
        received: 2024-03-04
        applicant: 自然人
        name: 张某某
        contact: zhang@example.com
        channel: 网上
        request: 申请公开某检查记录
        outcome: 予以公开
        replied: 2024-03-15
      - id: GK-APP-2024-002
        received: 2024-12-20
        applicant: 商业企业
        name: 临川某某科技有限公司
        contact: "0794-8123456"
        channel: 信函
        request: 申请公开某项目的验收报告
        outcome: 不予公开/4
        replied: 2025-01-10
      - id: GK-APP-2024-003
        received: 2024-06-03
        applicant: 法律服务机构
        name: 某某律师事务所
        contact: lawyer@example.com
        channel: 当面
        request: 申请公开某案卷
        outcome: 无法提供/1
        replied: 2024-06-28
    reviews:
      - {kind: 行政复议, result: 维持, concluded: 2024-08-01}
    statistics: {行政许可: 10, 行政处罚: 2, 行政强制: 0, 行政事业性收费: 1.5}
    """)

REGISTER_2025 = textwrap.dedent("""\
    applications:
      - id: GK-APP-2025-001
        received: 2025-09-26
        applicant: 自然人
        name: 王某某
        contact: wang@example.com
        channel: 网上
        request: 申请公开某统计数据
        outcome: 部分公开
        replied: 2025-10-31
        fee: 20
      - id: GK-APP-2025-002
        received: 2025-12-29
        applicant: 其他
        name: 某某协会
        contact: assoc@example.com
        channel: 电子邮件
        request: 申请公开某会议纪要
    reviews: []
    statistics: {行政许可: 12}
    """)

NARRATIVE_2025 = textwrap.dedent("""\
    # 2025年度报告

    ## 一、总体情况

    本年度，我局认真贯彻落实《条例》，公开工作稳步推进。

    ## 五、存在的主要问题及改进情况

    一是公开的及时性有待提高。
    """)

PERSONAL = ("GK-APP-", "张某某", "zhang@example.com", "申请公开某检查记录", "临川某某科技有限公司",
            "0794-8123456", "某某律师事务所", "王某某", "某某协会", "assoc@example.com",
            "申请公开某会议纪要")


class _Tables(HTMLParser):
    """Rows of every table of a page: each row a list of (tag, text, attributes)."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[tuple[str, str, dict[str, str | None]]]]] = {}
        self._table: str | None = None
        self._cell: tuple[str, dict[str, str | None]] | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._table = dict(attrs).get("id") or f"table{len(self.tables)}"
            self.tables[self._table] = []
        elif tag == "tr" and self._table is not None:
            self.tables[self._table].append([])
        elif tag in ("td", "th") and self._table is not None:
            self._cell, self._text = (tag, dict(attrs)), []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self._table is not None:
            self.tables[self._table][-1].append((self._cell[0], "".join(self._text).strip(),
                                                 self._cell[1]))
            self._cell = None
        elif tag == "table":
            self._table = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._text.append(data)


def tables(html: str) -> dict[str, list[list[tuple[str, str, dict[str, str | None]]]]]:
    parser = _Tables()
    parser.feed(html)
    return parser.tables


def figures(row: list[tuple[str, str, dict[str, str | None]]]) -> list[str]:
    return [text for tag, text, _ in row if tag == "td"]


def row_labelled(table: list[list[tuple[str, str, dict[str, str | None]]]],
                 label: str) -> list[tuple[str, str, dict[str, str | None]]]:
    return next(row for row in table if any(text == label for tag, text, _ in row if tag == "th"))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    # One build for the module: building is the slow part.  The fixture ``build_site`` is
    # function-scoped, so its helpers are used directly.
    root = tmp_path_factory.mktemp("report-site")
    files: dict[str, str | bytes] = {**minimal_site(), "registers/2024.yml": REGISTER_2024,
             "registers/2025.yml": REGISTER_2025, "reports/2025.md": NARRATIVE_2025}
    write_site(root, files)
    result = run_build(root, "--strict")
    assert result.exit_code == 0, result.log
    return result


def test_report_pages_exist_for_every_register_year(built: BuildResult) -> None:
    index = built.page("reports/")
    # The years with a register (2024, 2025); entries of 2023 and an application still open in
    # 2026 make no report year.
    for year in (2024, 2025):
        assert f'href="{year}/"' in index
        assert (built.site_dir / f"reports/{year}/index.html").is_file()
    for year in (2023, 2026):
        assert not (built.site_dir / f"reports/{year}").exists()
    listing = next(rows for rows in tables(index).values() if rows and rows[0][0][1] == "年度")
    assert [row[0][1] for row in listing[1:]] == ["2025年", "2024年"]
    assert "2026年1月31日前" in index  # the 2025 report's deadline (条例第四十九条)


def test_this_years_report_is_a_preview(build_site: BuildSite) -> None:
    result = build_site({"registers/2026.yml": "applications: []\n"})
    assert result.exit_code == 0, result.log
    assert "预览" in result.page("reports/2026/")


def test_report_html_has_the_national_labels_and_merged_cells(built: BuildResult) -> None:
    html = built.page("reports/2025/")
    for label in ("一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                  "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况",
                  "六、其他需要报告的事项", "第二十条第（一）项", "本年收费金额（单位：万元）",
                  "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
                  "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
                  "3.危及“三安全一稳定”", "未经复议直接起诉", "复议后起诉"):
        assert label in html, label
    table_3 = tables(html)["table-3"]
    header = {text: attrs for row in table_3[:3] for tag, text, attrs in row}
    assert header["法人或其他组织"].get("colspan") == "5"
    assert header["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"] == {
        "colspan": "3", "rowspan": "3"}
    assert row_labelled(table_3, "三、本年度办理结果")[0][2].get("rowspan") == "22"
    table_4 = tables(html)["table-4"]
    assert [(t, a.get("colspan"), a.get("rowspan")) for _, t, a in table_4[0]] == [
        ("行政复议", "5", "2"), ("行政诉讼", "10", None)]


def test_report_cells_counted_by_hand(built: BuildResult) -> None:
    table_3 = tables(built.page("reports/2025/"))["table-3"]
    # columns: 自然人 商业企业 科研机构 社会公益组织 法律服务机构 其他 总计
    assert figures(row_labelled(table_3, "一、本年新收政府信息公开申请数量")) == [
        "1", "0", "0", "0", "0", "1", "2"]  # 2025-001 自然人, 2025-002 其他
    assert figures(row_labelled(table_3, "二、上年结转政府信息公开申请数量")) == [
        "0", "1", "0", "0", "0", "0", "1"]  # 2024-002 商业企业, answered 2025-01-10
    assert figures(row_labelled(table_3, "4.保护第三方合法权益")) == [
        "0", "1", "0", "0", "0", "0", "1"]
    assert figures(row_labelled(table_3, "（七）总计")) == ["1", "1", "0", "0", "0", "0", "2"]
    assert figures(row_labelled(table_3, "四、结转下年度继续办理")) == [
        "0", "0", "0", "0", "0", "1", "1"]  # 2025-002 still open
    table_2 = tables(built.page("reports/2024/"))["table-2"]
    assert figures(row_labelled(table_2, "行政事业性收费")) == ["1.5"]
    table_4 = tables(built.page("reports/2024/"))["table-4"]
    assert figures(table_4[-1]) == ["1", "0", "0", "0", "1"] + ["0"] * 10


def test_empty_cells_print_zero(built: BuildResult) -> None:
    html = built.page("reports/2025/")
    cells = [c for name in ("table-2", "table-3", "table-4") for row in tables(html)[name]
             for c in row if c[0] == "td"]
    assert cells and all(text != "" for _, text, _ in cells)
    assert sum(1 for _, text, _ in cells if text == "0") > 150


def test_narrative_and_figures(built: BuildResult) -> None:
    html = built.page("reports/2025/")
    assert "<p>本年度，我局认真贯彻落实《条例》，公开工作稳步推进。</p>" in html
    assert "一是公开的及时性有待提高。" in html
    assert "本年度共收取信息处理费20元。" in html
    assert "本年度新收政府信息公开申请2件，上年结转1件，办结2件，结转下年度继续办理1件。" in html
    # 2024: a（其他法定公开信息）and b（行政许可）
    assert ("“行政许可”栏目发布信息1条，占总数的50.00%；“其他法定公开信息”栏目发布信息1条，"
            "占总数的50.00%。") in built.page("reports/2024/")


def test_downloads_and_print_stylesheet(built: BuildResult) -> None:
    html = built.page("reports/2025/")
    for href in ("report.json", "table-2.csv", "table-3.csv", "table-4.csv"):
        assert f'href="{href}"' in html
        assert (built.site_dir / "reports/2025" / href).is_file()
    assert "window.print()" in html
    assert "assets/gongkai/report-print.css" in html
    assert "@page" in built.text("assets/gongkai/report-print.css")
    data = json.loads(built.text("reports/2025/report.json"))
    values = {r["label"]: r["values"] for r in data["table_3"]["rows"]}
    assert values["二、上年结转政府信息公开申请数量"]["商业企业"] == 1
    assert built.text("reports/2025/table-3.csv").startswith("\ufeff项目,")


def test_word_document_for_sign_off(built: BuildResult) -> None:
    # reports/<year>/report.docx, linked from the page, in the national layout: its cells are the
    # figures counted by hand above, its header cells merged as on the page.
    import docx
    from docx.oxml.ns import qn

    html = built.page("reports/2025/")
    assert 'href="report.docx"' in html and "Word 文档（审签稿）" in html
    path = built.site_dir / "reports/2025/report.docx"
    document = docx.Document(str(path))
    assert document.paragraphs[0].text == "临川市测试局2025年政府信息公开工作年度报告"
    assert document.paragraphs[0].style.name == "Title"
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                        "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况",
                        "六、其他需要报告的事项"]
    assert any("一是公开的及时性有待提高。" in p.text for p in document.paragraphs)  # the narrative

    def east_asian(style: str) -> str | None:
        fonts = document.styles[style].element.rPr.find(qn("w:rFonts"))
        return None if fonts is None else fonts.get(qn("w:eastAsia"))

    assert (east_asian("Normal"), east_asian("Heading 1"), east_asian("Title")) == (
        "仿宋_GB2312", "黑体", "方正小标宋简体")
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)  # A4
    table_2, table_3, table_4 = document.tables

    def figures(label: str) -> list[str]:
        row = next(r for r in table_3.rows if label in {c.text for c in r.cells[:3]})
        return [c.text for c in row.cells[3:]]

    # columns: 自然人 商业企业 科研机构 社会公益组织 法律服务机构 其他 总计 (counted in the registers)
    assert figures("一、本年新收政府信息公开申请数量") == ["1", "0", "0", "0", "0", "1", "2"]
    assert figures("二、上年结转政府信息公开申请数量") == ["0", "1", "0", "0", "0", "0", "1"]
    assert figures("4.保护第三方合法权益") == ["0", "1", "0", "0", "0", "0", "1"]
    assert figures("（二）部分公开（区分处理的，只计这一情形，不计其他情形）") == [
        "1", "0", "0", "0", "0", "0", "1"]
    assert figures("（七）总计") == ["1", "1", "0", "0", "0", "0", "2"]
    assert figures("四、结转下年度继续办理") == ["0", "0", "0", "0", "0", "1", "1"]
    note = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    assert table_3.cell(0, 0).text == note and table_3.cell(2, 2)._tc is table_3.cell(0, 0)._tc
    assert table_3.cell(1, 4).text == "法人或其他组织" and table_3.cell(1, 8)._tc is table_3.cell(1, 4)._tc
    assert [c.text for c in table_4.rows[0].cells] == ["行政复议"] * 5 + ["行政诉讼"] * 10
    assert [c.text for c in table_4.rows[3].cells] == ["0"] * 15  # no case filed in 2025
    assert table_2.cell(0, 0).text == "第二十条第（一）项"
    # Only aggregates: nothing of the registers' personal data inside the (zipped) document.
    import zipfile
    with zipfile.ZipFile(path) as package:
        xml = package.read("word/document.xml").decode("utf-8")
    assert not [value for value in PERSONAL if value in xml]


def test_our_published_report_passes_the_audit(built: BuildResult,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    # gongkai audit reads what the build publishes: report.json (the folder) and the page.
    from gongkai.cli import main

    assert main(["audit", str(built.site_dir / "reports/2025")]) == 0
    assert main(["audit", str(built.site_dir / "reports/2025/index.html"),
                 str(built.site_dir / "reports/2024/report.json")]) == 0
    err = capsys.readouterr().err
    assert "read 临川市测试局、2025年 in the 2021 format" in err
    assert "every total and every 勾稽关系 holds" in err


def test_charts_are_svg_files_with_data_tables(built: BuildResult) -> None:
    index = built.page("reports/")
    assert 'src="charts/applications.svg"' in index and 'src="charts/entries.svg"' in index
    svg = built.text("reports/charts/applications.svg")
    assert svg.lstrip().startswith("<?xml") and "<script" not in svg
    assert "历年政府信息公开申请办理结果（单位：件）" in index  # the data table's caption
    assert 'src="../charts/applications.svg"' in built.page("reports/2025/")


def test_no_applicant_data_in_any_site_file(built: BuildResult) -> None:
    for path, data in built.all_bytes():
        text = data.decode("utf-8", errors="ignore")
        for value in PERSONAL:
            assert value not in text, f"{value} leaked into {path}"



def test_agency_text_is_escaped_in_the_report(build_site: BuildSite) -> None:
    hostile = "临川<script>alert(1)</script>局"
    agency = AGENCY_YML.replace("name: 临川市测试局", f'name: "{hostile}"')
    result = build_site({"agency.yml": agency})
    assert result.exit_code == 0, result.log
    for page in ("reports/", "reports/2024/"):
        html = result.page(page)
        assert "<script>alert(1)</script>" not in html
    assert "临川&lt;script&gt;alert(1)&lt;/script&gt;局2024年政府信息公开工作年度报告" in result.page(
        "reports/2024/")
    assert json.loads(result.text("reports/2024/report.json"))["agency"] == hostile


def test_build_log_lists_answers_after_the_time_limit(built: BuildResult) -> None:
    # GK-APP-2025-001: received Fri 2025-09-26; working days 9/28 (调休 Sunday) 1 … 10/30 20, so the
    # answer of 10/31 is one working day late.  2024-002 (12/20 → 1/10, 14 working days) and
    # 2024-003 (6/3 → 6/28 around 端午 6/10, 18 working days) are on time.
    late = [line for line in built.log.splitlines() if "over the limit" in line]
    assert len(late) == 1, late
    assert "registers/2025.yml:" in late[0] and "GK-APP-2025-001" in late[0]
    assert "1 working day over the limit of 20 working days (due 2025-10-30)" in late[0]


def test_a_year_without_a_holiday_calendar_is_a_warning_not_a_guess(build_site: BuildSite) -> None:
    register_2027 = textwrap.dedent("""\
        applications:
          - id: GK-APP-2027-001
            received: 2027-01-04
            applicant: 自然人
            channel: 网上
            outcome: 予以公开
            replied: 2027-01-20
        statistics: {}
        """)
    result = build_site({"registers/2027.yml": register_2027}, plugin_options={"today": "2027-03-01"})
    assert result.exit_code == 0, result.log
    warnings = [line for line in result.log.splitlines() if line.startswith("WARNING") and "2027" in line]
    assert warnings and "calendar" in warnings[0], result.log
    assert "Traceback" not in result.log
    strict = build_site({"registers/2027.yml": register_2027},
                        plugin_options={"today": "2027-03-01"}, strict=True)
    assert strict.exit_code != 0
