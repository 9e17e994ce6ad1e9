"""财政预决算: tables with checked sums, 三公经费 beside the previous year, charts, downloads, deadline.

One fixture site with 2024 and 2025 预算 and the 2025 决算 (published 25 days after approval) is
built once with ``--strict``; every expected figure below is worked out by hand in the comments.
"""

from __future__ import annotations

import csv
import io
import json
import re
import textwrap
from decimal import Decimal
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from conftest import (
    FIXTURE_SETTINGS,
    BuildResult,
    found,
    minimal_site,
    run_build,
    validate,
    write_files,
    write_site,
)
from gongkai.core.budgetchecks import publication_problems
from gongkai.core.load import read_site
from gongkai.core.money import change_percent, money, signed
from search_fixture import pdf_bytes

# A real (text) PDF: the build reads every attachment's text for the personal-data scan.
BUDGET_PDF = pdf_bytes(["2025年部门预算公开文本"])

SVG = "{http://www.w3.org/2000/svg}"


def budget(year: int, kind: str, approved: str, published: str, income: tuple[str, str, str],
           spending: tuple[str, str, str], three: tuple[str, str, str, str, str],
           extra: str = "") -> str:
    """A budget file: 收支总表 (total, two items each side) and 三公经费 (合计, 出国, 车, 购置, 运维, 接待)."""
    total3, car, purchase, running, reception = three
    return textwrap.dedent(f"""\
        year: {year}
        kind: {kind}
        approved: {approved}
        published: {published}
        unit: 万元
        tables:
          - name: 收支总表
            rows:
              - item: 收入合计
                amount: {income[0]}
                items:
                  - {{item: 财政拨款收入, amount: {income[1]}}}
                  - {{item: 其他收入（含<b>利息</b>）, amount: {income[2]}}}
              - item: 支出合计
                amount: {spending[0]}
                items:
                  - {{item: 一般公共服务支出, amount: {spending[1]}}}
                  - {{item: 其他支出, amount: {spending[2]}}}
          - name: 三公经费
            rows:
              - item: 合计
                amount: {total3}
                items:
                  - {{item: 因公出国（境）费, amount: 0.00}}
                  - item: 公务用车购置及运行维护费
                    amount: {car}
                    items:
                      - {{item: 购置费, amount: {purchase}}}
                      - {{item: 运行维护费, amount: {running}}}
                  - {{item: 公务接待费, amount: {reception}}}
        """) + extra


BUDGETS = {
    # 17 days from approval to publication.  三公: 0 + 40.00 + 20.00 = 60.00; 10.00 + 30.00 = 40.00.
    "budgets/2024-预算.yml": budget(2024, "预算", "2024-01-22", "2024-02-08",
                                  ("1000.50", "900.40", "100.10"), ("1000.50", "800.00", "200.50"),
                                  ("60.00", "40.00", "10.00", "30.00", "20.00")),
    # 16 days.  三公: 0 + 37.50 + 21.00 = 58.50; 0.00 + 37.50 = 37.50.
    "budgets/2025-预算.yml": budget(2025, "预算", "2025-01-20", "2025-02-05",
                                  ("1100.00", "990.00", "110.00"), ("1100.00", "880.00", "220.00"),
                                  ("58.50", "37.50", "0.00", "37.50", "21.00"),
                                  "attachments:\n  - {path: files/2025预算.pdf, title: 2025年部门预算公开文本}\n"),
    # Approved 10 June, published 5 July: 20 days left in June + 5 = 25 days, 5 more than allowed.
    "budgets/2025-决算.yml": budget(2025, "决算", "2026-06-10", "2026-07-05",
                                  ("1080.20", "980.20", "100.00"), ("1080.20", "870.20", "210.00"),
                                  ("50.30", "32.10", "0.00", "32.10", "18.20"),
                                  "notes: 决算批复后补充项目说明，公开时间晚于规定时限。\n"),
    "budgets/files/2025预算.pdf": BUDGET_PDF,
}


def build(root: Path, strict: bool = True, files: dict[str, str | bytes] | None = None) -> BuildResult:
    write_site(root, {**minimal_site(), **BUDGETS, **(files or {})})
    return run_build(root, *(["--strict"] if strict else []))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    result = build(tmp_path_factory.mktemp("budgets"))
    assert result.exit_code == 0, result.log
    return result


def rows_of(html: str, caption: str) -> list[list[str]]:
    """The cells of the table with ``caption``, as text, one list per body row."""
    table = html.split(f"<caption>{caption}", 1)[1].split("</table>", 1)[0]
    body = table.split("<tbody>", 1)[1]
    return [[re.sub(r"<[^>]+>", "", cell).strip()
             for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.DOTALL)]
            for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.DOTALL)]


# -- pure figures ----------------------------------------------------------------------------

@pytest.mark.parametrize(("current", "previous", "expected"), [
    ("58.50", "60.00", Decimal("-2.5")),    # -1.50 / 60.00 = -2.5 %
    ("37.50", "40.00", Decimal("-6.3")),    # -6.25 % rounds half away from zero
    ("37.50", "30.00", Decimal("25.0")),    # +7.50 / 30.00
    ("21.00", "20.00", Decimal("5.0")),
    ("0.00", "10.00", Decimal("-100.0")),
    ("5.00", "0.00", None),                 # no base, no percentage
    ("5.00", None, None),                   # no previous year
])
def test_change_percent_is_rounded_half_up_to_one_place(current, previous, expected):
    assert change_percent(Decimal(current), Decimal(previous) if previous else None) == expected


@pytest.mark.parametrize(("value", "kwargs", "expected"), [
    (Decimal("8682.4"), {}, "8,682.40"),       # YAML 8682.40 arrives as 8682.4
    (Decimal("0.0"), {}, "0.00"),
    (Decimal("12.345"), {}, "12.345"),         # places given are never cut
    (Decimal("8682.4"), {"grouping": False}, "8682.40"),
    (None, {}, "—"),
])
def test_money_shows_two_places_and_thousands(value, kwargs, expected):
    assert money(value, **kwargs) == expected


@pytest.mark.parametrize(("value", "suffix", "expected"), [
    (Decimal("7.5"), "", "+7.50"),
    (Decimal("-2.5"), "", "-2.50"),
    (Decimal("0"), "", "0.00"),
    (None, "", "—"),
])
def test_signed_change(value, suffix, expected):
    assert signed(value, suffix) == expected


# -- pages -----------------------------------------------------------------------------------

def test_tables_are_rendered_with_amounts_to_two_places(built):
    html = built.page("budgets/2025/")
    assert "2025年部门预算" in html and "2025年部门决算" in html
    rows = rows_of(html, "收支总表（单位：万元）")
    assert rows[:3] == [["收入合计", "1,100.00"], ["财政拨款收入", "990.00"],
                        ["其他收入（含&lt;b&gt;利息&lt;/b&gt;）", "110.00"]]  # YAML text is escaped
    assert "<b>利息</b>" not in html
    assert "批复日期：2025年1月20日；公开日期：2025年2月5日（批复后16日公开）" in html


def test_three_public_table_sets_the_previous_year_beside_with_change(built):
    html = built.page("budgets/2025/")
    budget_part = html.split('id="gk-预算"', 1)[1].split('id="gk-决算"', 1)[0]
    header = budget_part.split("<caption>三公经费（单位：万元）</caption>", 1)[1].split("</thead>")[0]
    assert re.findall(r'<th scope="col">(.*?)</th>', header) == [
        "项目", "2025年预算", "2024年预算", "增减（万元）", "增减（%）"]
    assert rows_of(budget_part, "三公经费（单位：万元）") == [
        ["合计", "58.50", "60.00", "-1.50", "-2.5%"],
        ["因公出国（境）费", "0.00", "0.00", "0.00", "—"],
        ["公务用车购置及运行维护费", "37.50", "40.00", "-2.50", "-6.3%"],
        ["购置费", "0.00", "10.00", "-10.00", "-100.0%"],
        ["运行维护费", "37.50", "30.00", "+7.50", "+25.0%"],
        ["公务接待费", "21.00", "20.00", "+1.00", "+5.0%"],
    ]


def test_first_year_of_a_kind_has_no_previous_figures(built):
    final = built.page("budgets/2025/").split('id="gk-决算"', 1)[1]
    assert rows_of(final, "三公经费（单位：万元）")[0] == ["合计", "50.30", "—", "—", "—"]


def test_late_publication_is_reported_in_the_log_and_on_the_page(built):
    lines = [line for line in built.log.splitlines() if "budgets/" in line]
    assert lines == [
        "INFO    -  gongkai: budgets/2025-决算.yml:4: published: 2025年决算 published 2026-07-05, "
        "25 days after approval on 2026-06-10; 预算法 requires publication within 20 days (reported "
        "as a fact, the build goes on) — explain the delay in the budget's notes"]
    # An information, not a warning: the fixture was built with --strict.
    assert "（批复后25日公开，晚于20日的规定时限）" in built.page("budgets/2025/")


def test_publication_on_day_20_is_on_time_and_before_approval_is_a_warning(tmp_path):
    on_time = BUDGETS["budgets/2024-预算.yml"].replace("published: 2024-02-08", "published: 2024-02-11")
    before = BUDGETS["budgets/2025-预算.yml"].replace("published: 2025-02-05", "published: 2025-01-19")
    write_files(tmp_path, {**minimal_site(), **BUDGETS, "budgets/2024-预算.yml": on_time,
                           "budgets/2025-预算.yml": before})
    site, problems = read_site(tmp_path, FIXTURE_SETTINGS, workers=1)
    assert not problems.errors
    found = [str(p) for p in publication_problems(site.budgets)]
    assert not [line for line in found if "2024年预算 published" in line]  # 22 January + 20 days
    assert ("budgets/2025-预算.yml:4: published: 2025年预算 published 2025-01-19 before its approval "
            "on 2025-01-20 — check both dates: a budget is published after it is approved") in found


def test_downloads_csv_json_and_pdf_are_linked_and_published(built):
    html = built.page("budgets/2025/")
    assert '<a href="2025-预算.csv" download>2025年预算（CSV）</a>' in html
    assert '<a href="2025-决算.json" download>2025年决算（JSON）</a>' in html
    assert '<a href="../files/2025预算.pdf" download>2025年部门预算公开文本</a>' in html
    assert (built.site_dir / "budgets/files/2025预算.pdf").read_bytes() == BUDGET_PDF
    assert not list(built.site_dir.rglob("*.yml"))

    data = json.loads(built.text("budgets/2025/2025-决算.json"))
    assert (data["year"], data["kind"], data["approved"], data["published"], data["unit"]) == (
        2025, "决算", "2026-06-10", "2026-07-05", "万元")
    three = data["tables"][1]
    assert three["name"] == "三公经费"
    assert three["rows"][0]["item"] == "合计" and three["rows"][0]["amount"] == 50.3
    car = three["rows"][0]["items"][1]
    assert car == {"item": "公务用车购置及运行维护费", "amount": 32.1, "items": [
        {"item": "购置费", "amount": 0, "items": []}, {"item": "运行维护费", "amount": 32.1, "items": []}]}

    text = built.text("budgets/2025/2025-决算.csv")
    assert text.startswith("\ufeff")  # Excel reads the UTF-8 correctly
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0] == ["表名", "项目", "上级项目", "层级", "金额（万元）"]
    assert ["收支总表", "收入合计", "", "0", "1080.20"] in rows
    assert ["三公经费", "购置费", "公务用车购置及运行维护费", "2", "0.00"] in rows
    assert len(rows) == 1 + 6 + 6  # header, 收支总表 rows, 三公经费 rows


def test_budgets_index_lists_every_year_with_its_downloads(built):
    html = built.page("budgets/")
    assert 'href="2025/#gk-决算"' in html and 'href="2024/#gk-预算"' in html
    assert 'href="2025/2025-决算.csv"' in html and 'href="2024/2024-预算.json"' in html
    assert "2024/#gk-决算" not in html  # no 2024 决算 in the fixture


# -- charts ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "title", "budget_row", "final_row"), [
    ("income", "历年收入", ["预算", "1,000.50", "1,100.00"], ["决算", "—", "1,080.20"]),
    ("expenditure", "历年支出", ["预算", "1,000.50", "1,100.00"], ["决算", "—", "1,080.20"]),
    ("three-public", "历年“三公”经费", ["预算", "60.00", "58.50"], ["决算", "—", "50.30"]),
])
def test_charts_are_well_formed_svg_each_with_its_data_table(built, name, title, budget_row, final_row):
    html = built.page("budgets/")
    assert f'src="charts/{name}.svg"' in html
    svg_text = built.text(f"budgets/charts/{name}.svg")
    root = ET.fromstring(svg_text)  # well-formed XML
    assert root.tag == f"{SVG}svg"
    assert root.findtext(f"{SVG}title") == title
    texts = "".join("".join(t.itertext()) for t in root.iter(f"{SVG}text"))
    assert "2024" in texts and "2025" in texts and "预算" in texts  # text kept as text
    assert "<script" not in svg_text and "http://" not in svg_text.replace("http://www.w3.org/", "")
    table = rows_of(html, f"{title}（单位：万元）")
    assert table == [budget_row, final_row]


def test_chart_has_a_text_alternative_with_every_figure(built):
    assert ('<img src="charts/income.svg" alt="历年收入（2024年预算1,000.50万元；2025年预算1,100.00万元、'
            '决算1,080.20万元），明细见下表。"') in built.page("budgets/")


def test_charts_and_data_files_are_the_same_bytes_in_a_second_build(built, tmp_path):
    again = build(tmp_path)
    assert again.exit_code == 0, again.log
    for path in sorted((built.site_dir / "budgets").rglob("*")):
        if path.is_file():
            rel = path.relative_to(built.site_dir)
            assert (again.site_dir / rel).read_bytes() == path.read_bytes(), rel


# -- sums ------------------------------------------------------------------------------------

def test_a_total_that_is_not_the_sum_of_its_items_is_an_error(tmp_path):
    wrong = BUDGETS["budgets/2024-预算.yml"].replace("amount: 60.00", "amount: 60.01")
    problems = validate(tmp_path, {**BUDGETS, "budgets/2024-预算.yml": wrong})
    assert [str(p) for p in problems if p.severity == "error"] == [
        "budgets/2024-预算.yml:22: tables.1.rows.0.amount: table '三公经费', row '合计': 60.01 is not "
        "the sum of its items (60.00) — correct the total or the items so that they add up"]


def test_a_wrong_sub_item_total_names_its_row(tmp_path):
    wrong = BUDGETS["budgets/2024-预算.yml"].replace("amount: 40.00", "amount: 41.00")
    problems = validate(tmp_path, {**BUDGETS, "budgets/2024-预算.yml": wrong})
    assert found(problems, "budgets/2024-预算.yml:26: tables.1.rows.0.items.1.amount: table '三公经费', "
                 "row '公务用车购置及运行维护费': 41.00 is not the sum of its items (40.00)")
    # The 合计 above it no longer adds up either (0.00 + 41.00 + 20.00), and says so.
    assert found(problems, "row '合计': 60.00 is not the sum of its items (61.00)")
