"""The plan of a build (``gongkai.core.plan``): one call, no engine, the same for ``mkdocs build``
and ``gongkai check``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from conftest import AGENCY_CODE, entry, minimal_site, write_files
from gongkai.core.pages import drawn
from gongkai.core.plan import OptionsError, SiteConfig, build_options, plan_build
from gongkai.core.search import SearchIndex, search_page


def site_config(root: Path, text: str = "site_name: 测试站点\n") -> SiteConfig:
    (root / "mkdocs.yml").write_text(text, encoding="utf-8")
    return SiteConfig(root / "mkdocs.yml", root / "content", root / "site",
                      "https://test.linchuan.gov.cn", {"site_name": "测试站点"})


def options(root: Path, **values: Any):  # noqa: ANN201 - BuildOptions
    return build_options({"today": "2026-11-25", "inspections": "info", "text_cache": "", **values},
                         site_config(root), environ={})


def planned(root: Path, files: dict[str, str] | None = None, **values: Any):  # noqa: ANN201
    write_files(root / "content", {**minimal_site(), **(files or {})})
    return plan_build(options(root, **values), root / "content")


@pytest.mark.parametrize(("values", "message"), [
    ({"today": "2026-13-01"},
     "mkdocs.yml: plugins.gongkai.today: '2026-13-01' is not a date — write YYYY-MM-DD"),
    ({"report_deadline": "31-01"},
     "mkdocs.yml: plugins.gongkai.report_deadline: '31-01' is not a month-day — write MM-DD"),
    ({"page_size": 0}, "mkdocs.yml: plugins.gongkai.page_size: 0 is not a number above zero"),
    ({"report_years": [2018]}, "mkdocs.yml: plugins.gongkai.report_years[0]: 2018 has no national"),
    ({"categories": [{"name": "工作动态", "slug": "../x"}]},
     "mkdocs.yml: plugins.gongkai.categories[0]: slug: '../x' is not a plain folder name"),
    ({"text_cache": "content/cache"},
     "mkdocs.yml: plugins.gongkai.text_cache: 'content/cache' is inside docs_dir"),
])
def test_bad_options_are_reported_in_the_build_words(tmp_path, values, message):
    with pytest.raises(OptionsError) as raised:
        options(tmp_path, **values)
    assert str(raised.value).startswith(message)


def test_options_are_plain_data(tmp_path):
    resolved = build_options({"today": "2026-11-25", "nav_labels": {"home": "本站首页"},
                              "footer": {"site_id": "3610000099"}}, site_config(tmp_path),
                             environ={})
    settings = resolved.settings
    assert settings.today == dt.date(2026, 11, 25)
    assert settings.site_url == "https://test.linchuan.gov.cn/"
    assert settings.text_cache == (tmp_path / ".cache/gongkai/text").resolve()
    assert resolved.nav_labels["home"] == "本站首页"
    assert resolved.nav_labels["guide"] == "政府信息公开指南"
    assert resolved.inspections.severity == "warning"
    assert resolved.inspections.site_id == "3610000099"
    # the values checked for the sample agency's, with the line where mkdocs.yml sets them
    assert [(s.key, s.line) for s in resolved.inspections.site_settings] == [
        ("site_name", 1), ("site_url", 0), ("plugins.gongkai.footer.site_id", 0)]


def test_the_build_date_comes_from_source_date_epoch_without_today(tmp_path):
    resolved = build_options({}, site_config(tmp_path), environ={"SOURCE_DATE_EPOCH": "1795564800"})
    assert resolved.settings.today == dt.date(2026, 11, 25)


def test_a_valid_site_is_planned_in_one_call(tmp_path):
    plan = planned(tmp_path)
    assert plan.errors == []
    assert plan.site is not None and len(plan.site.entries) == 3
    urls = [spec.url_path for spec in plan.pages]
    assert {"catalogue/", "regulations/", "agency/", "reports/", "reports/2024/", "budgets/"} <= set(urls)
    assert urls[-1] == "search/"  # late: its context comes with the index
    assert [p.path for p in plan.exports][:1] == ["data/catalogue.json"]
    assert {"reports/2024/report.json", "reports/charts/applications.svg"} <= {
        f.path for f in plan.data_files}
    assert plan.navigation[0] == {"首页": "index.md"}
    assert plan.navigation[1] == {"政府信息公开指南": "guide.md"}
    assert plan.policy is not None
    assert plan.policy.decide("catalogue/2024/a.md") == "entry"
    assert plan.policy.decide("registers/2024.yml") == "skip"
    assert plan.content_day == dt.date(2024, 4, 2)
    generated = plan.generated_paths(["assets/gongkai/gongkai.css"])
    assert generated["search/index.html"] == "'搜索'"
    assert generated["data/catalogue.json"] == "a data file"


def test_late_pages_are_new_specs(tmp_path):
    plan = planned(tmp_path)
    chart = next(f for f in plan.files if f.path == "reports/charts/applications.svg")
    assert chart.draw is not None and chart.content == ""
    svg = drawn(chart)
    assert svg is not chart and "<svg" in str(svg.content)
    assert chart.content == ""  # the plan's spec is left as it was
    placeholder = plan.pages[-1]
    ready = search_page(SearchIndex(documents=3))
    assert (ready.url_path, ready.title) == (placeholder.url_path, placeholder.title)
    assert placeholder.context["documents"] == 0


def test_titles_are_text_in_the_plan(tmp_path):
    plan = planned(tmp_path, categories=["A&B<工作动态>", *[
        "规章", "行政规范性文件", "行政许可", "其他法定公开信息", "政府信息公开制度"]])
    catalogue = plan.navigation[3]["法定主动公开内容"][3]["政府信息公开目录"]
    assert {"A&B<工作动态>": "catalogue/a-b-gongzuo-dongtai/index.md"} in catalogue
    assert any(spec.title == "A&B<工作动态>" for spec in plan.pages)


def test_content_errors_stop_the_plan(tmp_path):
    plan = planned(tmp_path, {"catalogue/2024/a.md": entry(title="")})
    assert plan.site is None and plan.pages == () and plan.policy is None
    assert [str(p).split(":")[:3] for p in plan.errors] == [["catalogue/2024/a.md", "2", " title"]]


def test_check_reports_what_the_build_reports_before_rendering(tmp_path):
    write_files(tmp_path / "content", {**minimal_site(), "catalogue/2024/d.md": entry(
        f"{AGENCY_CODE}/2024-00003", title="临川市测试局2024年工作要点", published="2024-05-02",
        body="见[附件](missing.pdf)。\n")})
    valid: list[object] = []
    build = plan_build(options(tmp_path, inspections="warn"), tmp_path / "content",
                       on_valid=valid.append)
    check = plan_build(options(tmp_path, inspections="warn"), tmp_path / "content", check_only=True)
    assert valid == [build.site]
    assert build.problems  # the inspection findings of a site with empty columns
    # the check adds the links the sources decide; the build checks the built site's links
    assert list(check.problems[:len(build.problems)]) == list(build.problems)
    assert [p.field for p in check.problems[len(build.problems):]] == ["href"]
    assert check.pages == () and check.exports == ()


def test_a_preview_reuses_the_exports_while_the_entries_stay_the_same(tmp_path):
    first = planned(tmp_path)
    urls = [e.slug for e in first.site.entries] if first.site else []
    again = plan_build(first.options, tmp_path / "content", previous_exports=(urls, ["kept"]))  # type: ignore[list-item]
    assert again.exports == ("kept",)
    other = plan_build(first.options, tmp_path / "content", previous_exports=(urls[1:], []))
    assert other.exports == first.exports
