"""Inspection rules (政府网站与政务新媒体检查指标) at build time.

A 空白栏目 is a veto item: the column shows 暂无 with an explanation and the build warns, so
``mkdocs build --strict`` (what CI runs) fails.  工作动态 columns left without news longer than the
configured days, and last year's annual report missing after 31 January, are reported too.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from dataclasses import replace
from pathlib import Path

import pytest

from conftest import AGENCY_CODE, ROOT, entry, minimal_site, write_site
from gongkai.core.inspection import freshness_problems, missing_report_problems, site_id_problems
from gongkai.core.load import read_site
from gongkai.core.settings import Settings, resolve_categories

WARN = {"inspections": "warn", "footer": {"site_id": "3610000001"}}
NARRATIVE_2025 = textwrap.dedent("""\
    ---
    title: 2025年政府信息公开工作年度报告
    ---
    ## 一、总体情况
    本局认真贯彻《中华人民共和国政府信息公开条例》。
    ## 五、存在的主要问题及改进情况
    公开内容的及时性有待提高。
    ## 六、其他需要报告的事项
    无。
    """)
BUDGET_2024 = (ROOT / "content/budgets/2024-预算.yml").read_text(encoding="utf-8")


def test_empty_columns_show_zanwu_and_fail_the_strict_build(build_site):
    result = build_site(plugin_options=WARN, strict=True)
    assert result.exit_code != 0
    # The fixture fills 3 of the 18 default columns: 15 are empty, each named once.
    assert result.log.count("has no published entry and shows 暂无") == 15
    assert ("WARNING -  gongkai: mkdocs.yml: plugins.gongkai.categories: 栏目「应急管理」 has no "
            "published entry and shows 暂无 — a 空白栏目 fails the 政府网站检查 (单项否决) — publish the "
            "documents of this column") in result.log
    assert "栏目「行政许可」" not in result.log  # a column with an entry is fine
    assert "budgets/: 财政预决算: no 预算 or 决算 is published" in result.log
    assert "Traceback" not in result.log


def test_empty_column_page_says_zanwu_with_the_reason(build_site):
    result = build_site(plugin_options=WARN)  # without --strict the warnings do not stop the build
    assert result.exit_code == 0, result.log
    html = result.page("catalogue/yingji-guanli/")
    assert "<strong>暂无</strong>" in html
    assert "本栏目暂无公开信息。本机关在本栏目范围内尚未制作或获取需要主动公开的政府信息" in html
    assert "暂无" in result.page("budgets/")


def test_a_site_with_every_column_filled_passes_every_inspection(build_site):
    result = build_site(
        {"budgets/2024-预算.yml": BUDGET_2024, "reports/2025.md": NARRATIVE_2025,
         "registers/2025.yml": "applications: []\n"},
        plugin_options={**WARN, "categories": ["其他法定公开信息", "行政许可", "行政规范性文件"]},
        strict=True)
    assert result.exit_code == 0, result.log
    assert "WARNING" not in result.log


def test_a_stale_work_news_column_is_reported_by_the_build(build_site):
    news = entry(f"{AGENCY_CODE}/2026-00001", title="局领导带队开展节前食品安全检查", category="部门动态",
                 created="2026-08-01", published="2026-08-01", summary="节前检查。")
    result = build_site(
        {"catalogue/2026/news.md": news, "budgets/2024-预算.yml": BUDGET_2024,
         "reports/2025.md": NARRATIVE_2025},
        plugin_options={**WARN, "categories": ["其他法定公开信息", "行政许可", "行政规范性文件", "部门动态"],
                        "freshness": {"部门动态": 90}},
        strict=True)
    assert result.exit_code != 0
    # 2026-08-01 → 2026-11-25 (the fixture's build date): 31 (Aug) + 30 (Sep) + 31 (Oct) + 24 = 116 days.
    assert ("mkdocs.yml: plugins.gongkai.freshness.部门动态: 栏目「部门动态」 has had nothing new for 116 "
            "days (last published 2026-08-01, limit 90 days)") in result.log


def test_a_freshness_limit_for_an_unknown_column_is_a_configuration_error(build_site):
    result = build_site(plugin_options={"freshness": {"工作动态": 30}})
    assert result.exit_code != 0
    assert ("mkdocs.yml: plugins.gongkai.freshness.工作动态: is not a configured category — use a name "
            "from plugins.gongkai.categories") in result.log
    assert not (result.site_dir / "index.html").exists()  # nothing half-built


@pytest.fixture(scope="module")
def news_site(tmp_path_factory: pytest.TempPathFactory):
    """The fixture content with a 部门动态 column last updated on 2026-09-01, read without MkDocs."""
    root = tmp_path_factory.mktemp("news")
    news = entry(f"{AGENCY_CODE}/2026-00001", title="局领导带队开展安全检查", category="部门动态",
                 created="2026-09-01", published="2026-09-01", summary="安全检查。")
    write_site(root, {**minimal_site(), "catalogue/2026/news.md": news})
    categories, problems = resolve_categories(["其他法定公开信息", "行政许可", "行政规范性文件", "部门动态"])
    assert problems == []
    settings = Settings(categories=categories)
    site, found = read_site(root / "content", settings)
    assert found.errors == []
    return site, settings


@pytest.mark.parametrize(("today", "limit", "reported"), [
    ("2026-11-25", 90, False),  # 2026-09-01 → 11-25: 29 + 31 + 25 = 85 days, within 90
    ("2026-11-30", 90, False),  # exactly 90 days: still within the limit
    ("2026-12-01", 90, True),   # 91 days
    ("2026-11-25", 60, True),   # a stricter limit
])
def test_freshness_counts_days_since_the_last_publication(news_site, today, limit, reported):
    site, settings = news_site
    settings = replace(settings, today=dt.date.fromisoformat(today))
    problems = freshness_problems(site, settings, {"部门动态": limit})
    assert bool(problems) is reported, problems


@pytest.mark.parametrize(("today", "deadline", "reported"), [
    ("2026-01-31", (1, 31), False),  # the deadline day itself: still on time
    ("2026-02-01", (1, 31), True),   # the day after: 2025's report is late
    ("2026-02-01", (2, 28), False),  # a configured later deadline
    ("2026-11-25", (1, 31), True),
])
def test_last_years_report_is_reported_missing_after_the_deadline(news_site, today, deadline, reported):
    site, settings = news_site
    settings = replace(settings, today=dt.date.fromisoformat(today), report_deadline=deadline)
    problems = missing_report_problems(site, settings)
    # The fixture has registers/2024.yml only: 2025 has no report at all.
    assert [str(p) for p in problems] == ([
        "registers/2025.yml: 年度报告: the 2025 annual report was due by 2026-01-31 (条例第四十九条) and "
        "none is built — write content/registers/2025.yml (依申请公开 records and statistics) and "
        "content/reports/2025.md with the sections 一、总体情况, 五、存在的主要问题及改进情况 and "
        "六、其他需要报告的事项"] if reported else [])


def test_a_narrative_for_last_year_satisfies_the_deadline(news_site, tmp_path: Path):
    site, settings = news_site
    write_site(tmp_path, {**minimal_site(), "reports/2025.md": NARRATIVE_2025})
    with_report, _ = read_site(tmp_path / "content", settings)
    late = replace(settings, today=dt.date(2026, 3, 1))
    assert missing_report_problems(site, late) != []
    assert missing_report_problems(with_report, late) == []


@pytest.mark.parametrize(("site_id", "reported"), [
    ("3610000099", ""),            # 地方政府网站: ten digits
    ("bm01000001", ""),            # 部门网站: two letters, eight digits
    ("", "is empty — every page of a government site must show its 网站标识码"),
    ("36100000", "'36100000' is not a 网站标识码"),
])
def test_the_site_id_must_be_set_and_well_formed(site_id, reported):
    problems = [str(p) for p in site_id_problems(site_id)]
    if reported:
        assert len(problems) == 1 and problems[0].startswith(
            f"mkdocs.yml: plugins.gongkai.footer.site_id: {reported}"), problems
    else:
        assert problems == []
