"""Report tables 二、三、四 compiled from a model, against values counted by hand.

The site below has registers for 2023 (one application carried into 2024), 2024 and 2025, with
applications answered in the year after receipt and one never answered.  Every expected cell is
written out literally; the hand count is in the comments next to the data.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import xml.etree.ElementTree as ET
from dataclasses import replace
from decimal import Decimal

import pytest

from gongkai.core.model import (
    Agency,
    ApplicantType,
    ApplicationRecord,
    CatalogueEntry,
    Outcome,
    Register,
    ReportNarrative,
    ReviewCase,
    ReviewCaseResult,
    ReviewKind,
    Site,
    Validity,
)
from gongkai.core.report import (
    AnnualReport,
    Chart,
    ChartSeries,
    chart_svg,
    compile_report,
    layout_tables,
    parse_narrative,
    report_csv,
    report_json,
    report_pages,
    report_years,
    share_percent,
)
from gongkai.core.report.narrative import fee_sentence, proactive_sentences
from gongkai.core.settings import Settings

D = dt.date
SETTINGS = Settings(today=D(2026, 3, 1))
# The years of the first published entry (2022) to this year (a preview), listed explicitly.
EVERY_YEAR = replace(SETTINGS, report_years=(2022, 2023, 2024, 2025, 2026))
AGENCY = Agency("某市测试局", "11110000000000000X", "某市某路1号", "100000", "9:00-17:00",
                "010-1", "010-2", "gk@example.cn", "https://example.cn")


def entry(number: int, category: str, created: dt.date, published: dt.date,
          validity: Validity = "有效", abolished: dt.date | None = None) -> CatalogueEntry:
    """A published catalogue entry."""
    index_no = f"CS/{published.year}-{number:05d}"
    return CatalogueEntry(
        source=f"catalogue/{number}.md", title=f"文件{number}", index_no=index_no,
        slug=f"cs-{number}", category=category, created=created, published=published,
        summary="概述", issuer=AGENCY.name, body="正文", validity=validity, abolished=abolished)


def application(ident: str, applicant: ApplicantType, received: dt.date, replied: dt.date | None,
                outcome: Outcome | None, fee: str = "0", extended: bool = False) -> ApplicationRecord:
    """A register record (the model keeps no name, contact or request text)."""
    return ApplicationRecord(
        id=ident, received=received, applicant=applicant, channel="网上",
        source=f"registers/{received.year}.yml", line=1, extended=extended, outcome=outcome,
        replied=replied, fee=Decimal(fee))


def review(kind: ReviewKind, result: ReviewCaseResult, year: int) -> ReviewCase:
    """A 行政复议 / 行政诉讼 case filed in ``year``."""
    return ReviewCase(kind=kind, result=result, year=year, source=f"registers/{year}.yml", line=1)


ENTRIES = (
    # Regulations and their lifecycle:
    entry(1, "规章", D(2023, 5, 10), D(2023, 5, 20)),  # in force 2024 and 2025
    entry(2, "规章", D(2024, 3, 1), D(2024, 3, 10), "废止", D(2025, 6, 30)),  # made 2024, gone 2025
    entry(3, "行政规范性文件", D(2024, 1, 15), D(2024, 1, 20)),  # made 2024, in force
    entry(4, "行政规范性文件", D(2024, 11, 1), D(2024, 11, 5), "失效", D(2024, 12, 31)),  # made and
    # abolished in 2024; not in force on 31 December (abolished that day)
    entry(5, "行政规范性文件", D(2025, 2, 1), D(2025, 2, 10), "已修改"),  # made 2025, still in force
    entry(6, "行政规范性文件", D(2022, 6, 1), D(2022, 6, 5), "废止", D(2025, 1, 1)),  # gone 2025
    entry(7, "行政规范性文件", D(2025, 12, 20), D(2026, 1, 5)),  # made 2025, published 2026
    # Other entries, for the shares: 2024 = 规章 1 (no. 2) + 规范性 2 (3, 4) + 统计信息 5 = 8;
    # 2025 = 规范性 1 (no. 5) + 机构职能 2 = 3.
    *(entry(10 + i, "统计信息", D(2024, 4, 1), D(2024, 4, 2 + i)) for i in range(5)),
    entry(20, "机构职能", D(2025, 3, 1), D(2025, 3, 3)),
    entry(21, "机构职能", D(2025, 5, 1), D(2025, 5, 6)),
)

APPS_2023 = (
    application("APP23-A0", "社会公益组织", D(2023, 12, 25), D(2024, 1, 5), Outcome("予以公开")),
)
APPS_2024 = (
    application("APP24-A1", "自然人", D(2024, 1, 10), D(2024, 1, 25), Outcome("予以公开")),
    application("APP24-A2", "自然人", D(2024, 3, 5), D(2024, 3, 20), Outcome("不予公开", 3)),
    application("APP24-A3", "商业企业", D(2024, 5, 6), D(2024, 5, 30), Outcome("部分公开"),
                fee="100"),
    application("APP24-A4", "法律服务机构", D(2024, 12, 16), D(2025, 1, 8), Outcome("无法提供", 1),
                fee="20"),  # charged in the year it is answered: 2025
    application("APP24-A5", "自然人", D(2024, 12, 27), D(2025, 2, 20), Outcome("不予处理", 2),
                extended=True),
    application("APP24-A6", "其他", D(2024, 12, 30), None, None),  # never answered
    application("APP24-A7", "科研机构", D(2024, 8, 1), D(2024, 8, 15), Outcome("其他处理", 3)),
    # answered on 31 December: counted in 2024, not carried over
    application("APP24-A8", "科研机构", D(2024, 12, 20), D(2024, 12, 31), Outcome("予以公开")),
    # answered on 1 January: open at the end of 2024, carried into 2025 and counted there
    application("APP24-A9", "社会公益组织", D(2024, 12, 25), D(2025, 1, 1), Outcome("部分公开")),
)
APPS_2025 = (
    application("APP25-B1", "自然人", D(2025, 1, 6), D(2025, 1, 20), Outcome("予以公开")),
    application("APP25-B2", "商业企业", D(2025, 3, 3), D(2025, 3, 28), Outcome("不予公开", 4),
                fee="50.50"),
    application("APP25-B3", "商业企业", D(2025, 6, 2), D(2025, 6, 20), Outcome("其他处理", 1)),
    application("APP25-B4", "社会公益组织", D(2025, 9, 26), D(2025, 10, 31), Outcome("无法提供", 2)),
    application("APP25-B5", "自然人", D(2025, 12, 29), D(2026, 1, 15), Outcome("予以公开")),
    application("APP25-B6", "法律服务机构", D(2025, 11, 3), None, None),
    application("APP25-B7", "自然人", D(2025, 7, 1), D(2025, 7, 10), Outcome("不予处理", 5)),
)


def two_year_site(narratives: dict[int, ReportNarrative] | None = None) -> Site:
    """The site of this module (also used by test_report_checks)."""
    registers = {
        2023: Register(2023, "registers/2023.yml", APPS_2023),
        2024: Register(2024, "registers/2024.yml", APPS_2024, (
            review("行政复议", "维持", 2024), review("行政复议", "未审结", 2024),
            review("直接起诉", "纠正", 2024),
        ), {"行政许可": Decimal(120), "行政处罚": Decimal(35), "行政强制": Decimal(2),
            "行政事业性收费": Decimal("12.5")}),
        2025: Register(2025, "registers/2025.yml", APPS_2025, (
            review("行政复议", "纠正", 2025), review("复议后起诉", "其他", 2025),
            review("复议后起诉", "维持", 2025), review("直接起诉", "未审结", 2025),
        ), {"行政许可": Decimal(98), "行政事业性收费": Decimal("3.20")}),
    }
    return Site(AGENCY, None, SETTINGS.categories, ENTRIES, (), registers,
                narratives=narratives or {})


@pytest.fixture(scope="module")
def reports() -> dict[int, AnnualReport]:
    site = two_year_site()
    return {year: compile_report(site, year, SETTINGS) for year in (2024, 2025)}


# -- table 二 -----------------------------------------------------------------------------------

TABLE_2 = {
    2024: [
        ("第二十条第（一）项", ("本年制发件数", "本年废止件数", "现行有效件数"), [
            ("规章", (1, 0, 2)),  # made: no. 2; in force 31 Dec: nos. 1, 2
            ("行政规范性文件", (2, 1, 2)),  # made: 3, 4; abolished: 4; in force: 3, 6
        ]),
        ("第二十条第（五）项", ("本年处理决定数量",), [("行政许可", (120,))]),
        ("第二十条第（六）项", ("本年处理决定数量",), [("行政处罚", (35,)), ("行政强制", (2,))]),
        ("第二十条第（八）项", ("本年收费金额（单位：万元）",), [("行政事业性收费", (Decimal("12.5"),))]),
    ],
    2025: [
        ("第二十条第（一）项", ("本年制发件数", "本年废止件数", "现行有效件数"), [
            ("规章", (0, 1, 1)),  # abolished: no. 2; in force: no. 1
            ("行政规范性文件", (2, 1, 3)),  # made: 5, 7; abolished: 6; in force: 3, 5, 7
        ]),
        ("第二十条第（五）项", ("本年处理决定数量",), [("行政许可", (98,))]),
        ("第二十条第（六）项", ("本年处理决定数量",), [("行政处罚", (0,)), ("行政强制", (0,))]),
        ("第二十条第（八）项", ("本年收费金额（单位：万元）",), [("行政事业性收费", (Decimal("3.20"),))]),
    ],
}


@pytest.mark.parametrize("year", [2024, 2025])
def test_table_2_every_cell(reports: dict[int, AnnualReport], year: int) -> None:
    table = reports[year].table_a
    actual = [(b.item, b.columns, [(r.label, r.values) for r in b.rows]) for b in table.blocks]
    assert actual == TABLE_2[year]


# -- table 三 -----------------------------------------------------------------------------------

COLUMNS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")

TABLE_3 = {
    2024: [
        # received in 2024: A1 A2 A5 自然人, A3 商业, A7 A8 科研, A9 公益, A4 法律, A6 其他
        ("一、本年新收政府信息公开申请数量", (3, 1, 2, 1, 1, 1, 9)),
        # A0 (社会公益组织) received 2023-12-25, answered 2024-01-05
        ("二、上年结转政府信息公开申请数量", (0, 0, 0, 1, 0, 0, 1)),
        ("（一）予以公开", (1, 0, 1, 1, 0, 0, 3)),  # A1, A8, A0
        ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", (0, 1, 0, 0, 0, 0, 1)),  # A3
        ("1.属于国家秘密", (0, 0, 0, 0, 0, 0, 0)),
        ("2.其他法律行政法规禁止公开", (0, 0, 0, 0, 0, 0, 0)),
        ("3.危及“三安全一稳定”", (1, 0, 0, 0, 0, 0, 1)),  # A2
        ("4.保护第三方合法权益", (0, 0, 0, 0, 0, 0, 0)),
        ("5.属于三类内部事务信息", (0, 0, 0, 0, 0, 0, 0)),
        ("6.属于四类过程性信息", (0, 0, 0, 0, 0, 0, 0)),
        ("7.属于行政执法案卷", (0, 0, 0, 0, 0, 0, 0)),
        ("8.属于行政查询事项", (0, 0, 0, 0, 0, 0, 0)),
        ("1.本机关不掌握相关政府信息", (0, 0, 0, 0, 0, 0, 0)),
        ("2.没有现成信息需要另行制作", (0, 0, 0, 0, 0, 0, 0)),
        ("3.补正后申请内容仍不明确", (0, 0, 0, 0, 0, 0, 0)),
        ("1.信访举报投诉类申请", (0, 0, 0, 0, 0, 0, 0)),
        ("2.重复申请", (0, 0, 0, 0, 0, 0, 0)),
        ("3.要求提供公开出版物", (0, 0, 0, 0, 0, 0, 0)),
        ("4.无正当理由大量反复申请", (0, 0, 0, 0, 0, 0, 0)),
        ("5.要求行政机关确认或重新出具已获取信息", (0, 0, 0, 0, 0, 0, 0)),
        ("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", (0, 0, 0, 0, 0, 0, 0)),
        ("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", (0, 0, 0, 0, 0, 0, 0)),
        ("3.其他", (0, 0, 1, 0, 0, 0, 1)),  # A7
        ("（七）总计", (2, 1, 2, 1, 0, 0, 6)),
        # open on 31 December: A5 自然人, A9 公益, A4 法律 (all answered 2025), A6 其他 (open)
        ("四、结转下年度继续办理", (1, 0, 0, 1, 1, 1, 4)),
    ],
    2025: [
        # received in 2025: B1 B5 B7 自然人, B2 B3 商业, B4 公益, B6 法律
        ("一、本年新收政府信息公开申请数量", (3, 2, 0, 1, 1, 0, 7)),
        # last year's 四: A5 自然人, A9 公益, A4 法律, A6 其他
        ("二、上年结转政府信息公开申请数量", (1, 0, 0, 1, 1, 1, 4)),
        ("（一）予以公开", (1, 0, 0, 0, 0, 0, 1)),  # B1 (B5 is answered in 2026)
        ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", (0, 0, 0, 1, 0, 0, 1)),  # A9
        ("1.属于国家秘密", (0, 0, 0, 0, 0, 0, 0)),
        ("2.其他法律行政法规禁止公开", (0, 0, 0, 0, 0, 0, 0)),
        ("3.危及“三安全一稳定”", (0, 0, 0, 0, 0, 0, 0)),
        ("4.保护第三方合法权益", (0, 1, 0, 0, 0, 0, 1)),  # B2
        ("5.属于三类内部事务信息", (0, 0, 0, 0, 0, 0, 0)),
        ("6.属于四类过程性信息", (0, 0, 0, 0, 0, 0, 0)),
        ("7.属于行政执法案卷", (0, 0, 0, 0, 0, 0, 0)),
        ("8.属于行政查询事项", (0, 0, 0, 0, 0, 0, 0)),
        ("1.本机关不掌握相关政府信息", (0, 0, 0, 0, 1, 0, 1)),  # A4
        ("2.没有现成信息需要另行制作", (0, 0, 0, 1, 0, 0, 1)),  # B4
        ("3.补正后申请内容仍不明确", (0, 0, 0, 0, 0, 0, 0)),
        ("1.信访举报投诉类申请", (0, 0, 0, 0, 0, 0, 0)),
        ("2.重复申请", (1, 0, 0, 0, 0, 0, 1)),  # A5
        ("3.要求提供公开出版物", (0, 0, 0, 0, 0, 0, 0)),
        ("4.无正当理由大量反复申请", (0, 0, 0, 0, 0, 0, 0)),
        ("5.要求行政机关确认或重新出具已获取信息", (1, 0, 0, 0, 0, 0, 1)),  # B7
        ("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", (0, 1, 0, 0, 0, 0, 1)),  # B3
        ("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", (0, 0, 0, 0, 0, 0, 0)),
        ("3.其他", (0, 0, 0, 0, 0, 0, 0)),
        ("（七）总计", (3, 2, 0, 2, 1, 0, 8)),
        # open on 31 December: B5 自然人 (answered 2026), B6 法律, A6 其他
        ("四、结转下年度继续办理", (1, 0, 0, 0, 1, 1, 3)),
    ],
}


@pytest.mark.parametrize("year", [2024, 2025])
def test_table_3_every_cell(reports: dict[int, AnnualReport], year: int) -> None:
    table = reports[year].table_b
    assert table.columns == COLUMNS
    assert [(r.label, r.values) for r in table.rows] == TABLE_3[year]


def test_table_3_has_the_25_rows_of_the_2021_format(reports: dict[int, AnnualReport]) -> None:
    assert len(reports[2025].table_b.rows) == 25


# -- table 四 -----------------------------------------------------------------------------------

TABLE_4 = {
    # 行政复议: 维持 1, 未审结 1; 直接起诉: 纠正 1
    2024: [("行政复议", (1, 0, 0, 1, 2)), ("未经复议直接起诉", (0, 1, 0, 0, 1)),
           ("复议后起诉", (0, 0, 0, 0, 0))],
    # 行政复议: 纠正 1; 直接起诉: 未审结 1; 复议后起诉: 其他 1, 维持 1
    2025: [("行政复议", (0, 1, 0, 0, 1)), ("未经复议直接起诉", (0, 0, 0, 1, 1)),
           ("复议后起诉", (1, 0, 1, 0, 2))],
}


@pytest.mark.parametrize("year", [2024, 2025])
def test_table_4_every_cell(reports: dict[int, AnnualReport], year: int) -> None:
    table = reports[year].table_c
    assert table.columns == ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
    assert [(g.label, g.values) for g in table.groups] == TABLE_4[year]


# -- figures of the narrative -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("part", "total", "expected"),
    [
        (1, 3, "33.33"),
        (2, 3, "66.67"),
        (1, 8, "12.50"),  # two places always
        (5, 8, "62.50"),
        (1, 800, "0.13"),  # 0.125 rounds half up (half-to-even would give 0.12)
        (1, 32, "3.13"),  # 3.125 likewise
        (2, 7, "28.57"),
        (398, 511, "77.89"),  # the example of issue 3
        (0, 0, "0.00"),  # no entries: no division by zero
    ],
)
def test_share_percent_rounds_half_up(part: int, total: int, expected: str) -> None:
    assert str(share_percent(part, total)) == expected


def test_category_shares(reports: dict[int, AnnualReport]) -> None:
    shares = [(c.category, c.count, str(c.share)) for c in reports[2024].proactive.categories]
    assert reports[2024].proactive.total == 8
    assert shares == [("规章", 1, "12.50"), ("行政规范性文件", 2, "25.00"), ("统计信息", 5, "62.50")]
    assert proactive_sentences(reports[2025].proactive) == (
        "本年度共主动公开政府信息3条。其中，“行政规范性文件”栏目发布信息1条，占总数的33.33%；"
        "“机构职能”栏目发布信息2条，占总数的66.67%。")


def test_fee_sentence(reports: dict[int, AnnualReport]) -> None:
    assert fee_sentence(reports[2024]) == "本年度共收取信息处理费100元。"  # A3
    assert fee_sentence(reports[2025]) == "本年度共收取信息处理费70.50元。"  # B2 50.50 + A4 20


def test_fee_sentence_without_fees() -> None:
    site = two_year_site()
    report = compile_report(site, 2023, SETTINGS)
    assert fee_sentence(report) == "本年度共收取信息处理费0元。"


def test_parse_narrative_splits_sections() -> None:
    text = """# 2025年度报告

## 一、总体情况

### （一）主动公开
本年度……

## 五、存在的主要问题及改进情况
一是……

```
## 其他需要报告的事项 (inside a code block: not a heading)
```

## 六、其他需要报告的事项
无。
"""
    narrative = parse_narrative(text, 2025, "reports/2025.md")
    assert narrative.overview == "### （一）主动公开\n本年度……"
    assert narrative.problems.startswith("一是……")
    assert "## 其他需要报告的事项 (inside a code block" in narrative.problems
    assert narrative.other == "无。"


def test_narrative_defaults_and_given_text() -> None:
    given = ReportNarrative(2025, "reports/2025.md", overview="我局……", problems="", other="")
    site = two_year_site({2025: given})
    with_text = compile_report(site, 2025, SETTINGS)
    without = compile_report(site, 2024, SETTINGS)
    assert with_text.narrative.overview == "我局……" and not with_text.narrative_is_default
    assert with_text.narrative.problems == "本部分内容待补充。"
    assert without.narrative_is_default
    assert "统计期限自2024年1月1日起至2024年12月31日止" in without.narrative.overview


# -- the 2019 trial format ----------------------------------------------------------------------


def test_2019_trial_format() -> None:
    entries = (
        entry(1, "行政规范性文件", D(2019, 12, 1), D(2020, 1, 6)),  # made 2019, published 2020
        entry(2, "行政规范性文件", D(2020, 3, 1), D(2020, 3, 2)),
        entry(3, "规章", D(2020, 4, 1), D(2021, 1, 4)),  # made 2020, published 2021
        # published long ago and abolished in 2020: still part of what was disclosed
        entry(4, "行政规范性文件", D(2018, 5, 1), D(2018, 5, 2), "废止", D(2020, 6, 1)),
    )
    applications = (
        application("X1", "自然人", D(2020, 2, 3), D(2020, 2, 20), Outcome("其他处理", 1)),
        application("X2", "其他", D(2020, 3, 2), D(2020, 3, 20), Outcome("其他处理", 3)),
        application("X3", "自然人", D(2020, 4, 1), D(2020, 4, 20), Outcome("予以公开")),
    )
    statistics = {"行政许可": Decimal(40), "其他对外管理服务事项": Decimal(6), "行政处罚": Decimal(3),
                  "政府集中采购项目数量": Decimal(2), "政府集中采购总金额": Decimal("85.6")}
    site = Site(AGENCY, None, SETTINGS.categories, entries, (),
                {2020: Register(2020, "registers/2020.yml", applications, (), statistics)})
    report = compile_report(site, 2020, SETTINGS)
    assert report.format == "2019"
    actual = [(b.item, b.columns, [(r.label, r.values) for r in b.rows])
              for b in report.table_a.blocks]
    assert actual == [
        # made 2020: nos. 2 (规范性) and 3 (规章); published 2020: nos. 1, 2; published by 31 Dec:
        # nos. 1, 2, 4 (no. 3 only in 2021)
        ("第二十条第（一）项", ("本年新制作数量", "本年新公开数量", "对外公开总数量"),
         [("规章", (1, 0, 0)), ("规范性文件", (1, 2, 3))]),
        ("第二十条第（五）项", ("上一年项目数量", "本年增/减", "处理决定数量"),
         [("行政许可", (0, 0, 40)), ("其他对外管理服务事项", (0, 0, 6))]),
        ("第二十条第（六）项", ("上一年项目数量", "本年增/减", "处理决定数量"),
         [("行政处罚", (0, 0, 3)), ("行政强制", (0, 0, 0))]),
        ("第二十条第（八）项", ("上一年项目数量", "本年增/减"), [("行政事业性收费", (0, 0))]),
        ("第二十条第（九）项", ("采购项目数量", "采购总金额"), [("政府集中采购", (2, Decimal("85.6")))]),
    ]
    rows = {r.label: r.values for r in report.table_b.rows}
    assert len(report.table_b.rows) == 23  # （六）其他处理 is one row
    assert rows["（六）其他处理"] == (1, 0, 0, 0, 0, 1, 2)  # X1 and X2 together
    assert rows["（一）予以公开"] == (1, 0, 0, 0, 0, 0, 1)
    assert rows["（七）总计"] == (2, 0, 0, 0, 0, 1, 3)
    assert "3.其他" not in rows


def test_format_by_year() -> None:
    site = two_year_site()
    assert compile_report(site, 2021, SETTINGS).format == "2021"
    assert compile_report(site, 2019, SETTINGS).format == "2019"
    with pytest.raises(ValueError):
        compile_report(site, 2018, SETTINGS)


# -- layout: merged cells as published ----------------------------------------------------------


def test_table_3_merged_cells(reports: dict[int, AnnualReport]) -> None:
    _, table_3, table_4 = layout_tables(reports[2025])
    first, second, third = table_3.head
    assert [(c.text, c.colspan, c.rowspan) for c in first] == [
        ("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 3, 3),
        ("申请人情况", 7, 1)]
    assert [(c.text, c.colspan, c.rowspan) for c in second] == [
        ("自然人", 1, 2), ("法人或其他组织", 5, 1), ("总计", 1, 2)]
    assert [c.text for c in third] == ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    # 三、本年度办理结果 spans its 22 rows; each itemised group spans its items
    spans = {c.text: (c.colspan, c.rowspan) for row in table_3.body for c in row if c.header}
    assert spans["三、本年度办理结果"] == (1, 22)
    assert spans["（三）不予公开"] == (1, 8)
    assert spans["（四）无法提供"] == (1, 3)
    assert spans["（五）不予处理"] == (1, 5)
    assert spans["（六）其他处理"] == (1, 3)
    assert spans["（一）予以公开"] == (2, 1)
    assert spans["（七）总计"] == (2, 1)
    assert spans["一、本年新收政府信息公开申请数量"] == (3, 1)
    assert all(len([c for c in row if not c.header]) == 7 for row in table_3.body)
    # table 四: 行政复议 over 5 (two header rows), 行政诉讼 over 10, its two kinds over 5 each
    assert [(c.text, c.colspan, c.rowspan) for c in table_4.head[0]] == [
        ("行政复议", 5, 2), ("行政诉讼", 10, 1)]
    assert [(c.text, c.colspan) for c in table_4.head[1]] == [
        ("未经复议直接起诉", 5), ("复议后起诉", 5)]
    assert [c.text for c in table_4.body[0]] == [
        "0", "1", "0", "0", "1", "0", "0", "0", "1", "1", "1", "0", "1", "0", "2"]


def test_table_2_layout_prints_amounts_as_given(reports: dict[int, AnnualReport]) -> None:
    table_2, _, _ = layout_tables(reports[2025])
    texts = [[c.text for c in row] for row in table_2.body]
    assert ["行政事业性收费", "3.20"] == texts[-1]
    assert texts[-2] == ["信息内容", "本年收费金额（单位：万元）"]
    assert table_2.body[-1][1].colspan == 3  # one figure spans the three value columns


# -- outputs ------------------------------------------------------------------------------------


def test_report_json_has_every_cell(reports: dict[int, AnnualReport]) -> None:
    data = json.loads(report_json(reports[2025]))
    assert data["year"] == 2025 and data["format"] == "2021"
    rows = {r["label"]: r["values"] for r in data["table_3"]["rows"]}
    assert len(rows) == 25
    assert rows["2.重复申请"] == {"自然人": 1, "商业企业": 0, "科研机构": 0, "社会公益组织": 0,
                                "法律服务机构": 0, "其他": 0, "总计": 1}
    assert data["table_2"]["blocks"][3]["rows"][0]["values"] == {"本年收费金额（单位：万元）": 3.2}
    assert data["table_4"]["rows"][2]["values"]["总计"] == 2
    assert data["proactive"]["categories"][0] == {
        "category": "行政规范性文件", "count": 1, "share_percent": "33.33"}
    assert data["information_processing_fee_yuan"] == 70.5
    assert report_json(reports[2025]) == report_json(reports[2025])  # stable


def test_report_csv(reports: dict[int, AnnualReport]) -> None:
    files = report_csv(reports[2024])
    assert sorted(files) == ["table-2.csv", "table-3.csv", "table-4.csv"]
    assert all(text.startswith("\ufeff") for text in files.values())  # Excel needs the BOM
    table_3 = list(csv.reader(io.StringIO(files["table-3.csv"].lstrip("\ufeff"))))
    assert table_3[0] == ["项目", "办理结果", "具体情形", *COLUMNS]
    assert table_3[7] == ["三、本年度办理结果", "（三）不予公开", "3.危及“三安全一稳定”",
                          "1", "0", "0", "0", "0", "0", "1"]
    assert len(table_3) == 26
    table_4 = list(csv.reader(io.StringIO(files["table-4.csv"].lstrip("\ufeff"))))
    assert table_4[2] == ["行政诉讼（未经复议直接起诉）", "0", "1", "0", "0", "1"]
    table_2 = list(csv.reader(io.StringIO(files["table-2.csv"].lstrip("\ufeff"))))
    assert ["第二十条第（八）项", "行政事业性收费", "本年收费金额（单位：万元）", "12.5"] in table_2


def test_report_pages_years_files_and_privacy() -> None:
    pages, files, problems = report_pages(two_year_site(), EVERY_YEAR)
    urls = [p.url_path for p in pages]
    # the listed years, 2022 to 2026 (this year, a preview); the index lists newest first
    assert urls == ["reports/", "reports/2022/", "reports/2023/", "reports/2024/",
                    "reports/2025/", "reports/2026/"]
    index = pages[0].context
    assert [r["year"] for r in index["reports"]] == [2026, 2025, 2024, 2023, 2022]
    assert index["reports"][1]["deadline"] == D(2026, 1, 31)
    assert [p.context["preview"] for p in pages[1:]] == [False, False, False, False, True]
    paths = {f.path for f in files}
    assert {"reports/2025/report.json", "reports/2025/table-2.csv", "reports/2025/table-3.csv",
            "reports/2025/table-4.csv", "reports/charts/applications.svg",
            "reports/charts/entries.svg"} <= paths
    assert [p for p in problems if p.severity == "error"] == []
    # 2022 and 2026 have no register: their reports are built and say so
    assert [str(p).split(":", 1)[0] for p in problems if p.severity == "warning"] == [
        "registers/2022.yml", "registers/2026.yml"]
    # Only aggregates: no application id in any file or page context.
    everything = "".join(str(f.content) for f in files) + repr([p.context for p in pages])
    for record in (*APPS_2023, *APPS_2024, *APPS_2025):
        assert record.id not in everything


def test_charts_are_reproducible_static_svg() -> None:
    _, files, _ = report_pages(two_year_site(), SETTINGS)
    svg = next(f.content for f in files if f.path == "reports/charts/applications.svg")
    assert isinstance(svg, str)
    root = ET.fromstring(svg.encode())
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert "<script" not in svg and "DOCTYPE" not in svg and "purl.org" not in svg
    assert "予以公开" in svg  # text stays text
    again = report_pages(two_year_site(), SETTINGS)[1]
    assert svg == next(f.content for f in again if f.path == "reports/charts/applications.svg")


def test_chart_data_table_matches_the_reports(reports: dict[int, AnnualReport]) -> None:
    pages, _, _ = report_pages(two_year_site(), EVERY_YEAR)
    chart = pages[0].context["charts"][0]
    assert chart["table"]["columns"] == ["办理结果", "2022", "2023", "2024", "2025", "2026*"]
    rows = {row[0]: row[1:] for row in chart["table"]["rows"]}
    assert rows["予以公开"] == [0, 0, 3, 1, 1]  # 2024: A0 A1 A8; 2025: B1; 2026: B5
    assert rows["不予处理"] == [0, 0, 0, 2, 0]  # 2025: A5 B7
    assert rows["总计"] == [0, 0, 6, 8, 1]  # the （七）总计 of each year; 2026 so far: B5


def test_report_years_are_the_register_and_narrative_years_or_the_listed_ones() -> None:
    site = Site(AGENCY, None, SETTINGS.categories, ENTRIES, (), {2024: Register(
        2024, "registers/2024.yml",
        (application("OPEN-1", "自然人", D(2024, 6, 3), None, None),))},
        narratives={2018: ReportNarrative(2018, "reports/2018.md"),
                    2023: ReportNarrative(2023, "reports/2023.md")})
    # Entries (2022–2025) and an open application make no report year; a narrative before the
    # national format (2018) makes none either.
    assert report_years(site, SETTINGS) == [2023, 2024]
    assert report_years(site, replace(SETTINGS, report_years=(2025, 2026))) == [2025, 2026]
    # An application still open is carried into a listed later year.
    report_2025 = compile_report(site, 2025, SETTINGS)
    assert report_2025.carried_in == 1 and report_2025.carried_out == 1


def test_chart_text_is_escaped() -> None:
    chart = Chart("entries", "历年<统计>&", "栏目", "条", (2024, 2025), None,
                  (ChartSeries("<script>alert(1)</script>", (1, 2)),))
    svg = chart_svg(chart)
    root = ET.fromstring(svg.encode())  # well-formed despite the markup in the labels
    texts = ["".join(e.itertext()) for e in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "<script>alert(1)</script>" in texts
    assert "<script>" not in svg
    assert root.find("{http://www.w3.org/2000/svg}title").text == "历年<统计>&"  # type: ignore[union-attr]
