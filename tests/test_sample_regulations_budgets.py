"""The sample site's 法规文件 and 财政预决算 pages are complete, and a browser shows their charts."""

from __future__ import annotations

import json

import pytest


def test_sample_has_three_years_of_budgets_and_final_accounts_with_downloads(sample):
    site, _ = sample
    for year in (2023, 2024, 2025):
        for kind in ("预算", "决算"):
            data = json.loads((site / f"budgets/{year}/{year}-{kind}.json").read_text(encoding="utf-8"))
            names = [t["name"] for t in data["tables"]]
            assert "收支总表" in names and "三公经费" in names, (year, kind)
            assert (site / f"budgets/{year}/{year}-{kind}.csv").is_file()
    for chart in ("income", "expenditure", "three-public"):
        assert (site / f"budgets/charts/{chart}.svg").is_file()


def test_sample_budget_year_compares_three_public_with_the_previous_year(sample):
    site, _ = sample
    html = (site / "budgets/2024/index.html").read_text(encoding="utf-8")
    # 2024 预算 三公 合计 64.20 against 2023 预算 68.90: -4.70, -6.8 % (-4.70 / 68.90 = -6.82 %).
    assert ('<th scope="row">合计</th><td class="gk-num">64.20</td><td class="gk-num">68.90</td>'
            '<td class="gk-num">-4.70</td><td class="gk-num">-6.8%</td>') in html


def test_sample_reports_its_late_final_accounts_as_information_only(sample):
    _, log = sample
    assert ("INFO    -  gongkai: budgets/2023-决算.yml:6: published: 2023年决算 published 2024-07-26, "
            "30 days after approval on 2024-06-26") in log
    assert "WARNING" not in log


def test_sample_regulations_page_has_every_part(sample):
    site, _ = sample
    html = (site / "regulations/index.html").read_text(encoding="utf-8")
    current, rest = html.split(">已废止、失效的文件和已修改的文件</h2>", 1)
    former, laws = rest.split(">本机关执行的法律法规</h2>", 1)
    assert "临川市电梯安全管理办法" in current and "政策解读" in current
    for status in (">废止<", ">失效<", ">已修改<"):
        assert status in former
    assert "中华人民共和国计量法" in laws and 'rel="external noopener"' in laws


@pytest.mark.browser
def test_budget_charts_load_in_a_browser_without_leaving_the_site(sample, browser, serve):
    site, _ = sample
    base = serve(site)
    page = browser.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(base + "budgets/")
    page.wait_for_load_state("networkidle")
    images = page.locator("figure.gk-chart img")
    assert images.count() == 3
    for index in range(3):
        image = images.nth(index)
        image.scroll_into_view_if_needed()
        page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
        assert image.get_attribute("alt")
    assert page.locator("table.gk-chart-table").count() == 3
    assert all(url.startswith(base) for url in requests), [u for u in requests if not u.startswith(base)]
    page.close()
