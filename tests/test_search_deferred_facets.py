"""A long filter column travels apart: fetched when the visitor asks for that filter, not per query.

At a 本级政府 platform's scale (300 agencies × 1,000 entries) the category column alone is 300 KB,
more than half of what one query may fetch (issue 18: ≤ 500 KB). A category or 有效性 column
longer than ``FACETS_INLINE_BYTES`` is written to ``search/facets/<name>.json``: each result shows
its category and 有效性 from its own metadata row, the filter shows a button until pressed, and an
address that filters by the column fetches it at once. The fixture site is small, so the build
runs with ``GONGKAI_FACETS_INLINE=0`` (every such column counts as long); the same site built
without it keeps every column in ``facets.json``.
"""

from __future__ import annotations

import datetime as dt
import json
import urllib.parse
from dataclasses import dataclass

import pytest

from conftest import AGENCY_CODE, BuildResult, entry, minimal_site, run_build, write_site
from gongkai.core.search.facets import FACETS_INLINE_BYTES, facet_files
from gongkai.core.settings import Settings

DONE = "[data-gk-search][data-state=results], [data-gk-search][data-state=none]"


def _files() -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = dict(minimal_site())
    files["catalogue/2024/licence.md"] = entry(
        f"{AGENCY_CODE}/2024-00005", title="衡器生产许可办理指南", category="行政许可",
        created="2024-06-01", published="2024-06-03", summary="衡器生产许可的办理流程。",
        extra="unstated: [validity]\n")
    files["catalogue/2024/rules.md"] = entry(
        f"{AGENCY_CODE}/2024-00006", title="临川市衡器监督管理办法", category="行政规范性文件",
        created="2024-07-01", published="2024-07-05", summary="衡器监督管理的规定。",
        extra="doc_no: 临测规〔2024〕2号\nvalidity: 有效\n")
    return files


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    root = tmp_path_factory.mktemp("deferred")
    write_site(root, _files())
    result = run_build(root, "--strict", env={"GONGKAI_FACETS_INLINE": "0"})
    assert result.exit_code == 0, result.log
    return result


def test_long_columns_are_written_apart_and_the_year_stays(built, tmp_path):
    facets = json.loads(built.text("search/facets.json"))
    assert facets["deferred"] == ["category", "validity"]
    assert set(facets["columns"]) == {"year"}
    for name in ("category", "validity"):
        assert isinstance(json.loads(built.text(f"search/facets/{name}.json")), str)
    write_site(tmp_path, _files())
    usual = run_build(tmp_path, "--strict")
    assert usual.exit_code == 0, usual.log
    inline = json.loads(usual.text("search/facets.json"))
    assert inline["deferred"] == [] and set(inline["columns"]) == {"category", "year", "validity"}
    assert not (usual.site_dir / "search/facets").exists()


@dataclass
class _Entry:
    """What the facets read of a catalogue entry."""

    category: str
    published: dt.date
    validity: str = "有效"
    validity_stated: bool = False
    also_in: tuple[str, ...] = ()


def test_a_platform_sized_category_column_is_deferred_the_year_column_is_not():
    # 70,000 entries, newest first, the columns interleaved as agencies publish: one byte each.
    settings = Settings(categories=Settings().categories)
    names = [c.name for c in settings.categories]
    entries = [_Entry(names[(n * 7) % len(names)], dt.date(2026 - n // 7000, 1, 1))
               for n in range(70_000)]
    files = {spec.path: spec.content for spec in facet_files(entries, settings)}  # type: ignore[arg-type]
    assert sorted(files) == ["search/facets.json", "search/facets/category.json"]
    assert len(str(files["search/facets/category.json"]).encode()) > FACETS_INLINE_BYTES
    facets = json.loads(str(files["search/facets.json"]))
    assert facets["deferred"] == ["category"]
    assert len(str(files["search/facets.json"]).encode()) < 1024  # ten runs of years, one of 有效性


def _search(browser, base: str, **params: str):
    tab = browser.new_context().new_page()
    fetched: list[str] = []
    tab.on("request", lambda request: fetched.append(urllib.parse.urlparse(request.url).path))
    tab.goto(f"{base}search/?{urllib.parse.urlencode(params)}")
    tab.wait_for_selector(DONE, timeout=20000)
    return tab, fetched


def _titles(tab) -> list[str]:
    return sorted(tab.eval_on_selector_all(".gk-result__title", "a => a.map(x => x.textContent)"))


@pytest.mark.browser
def test_results_show_their_facets_and_the_filter_loads_when_asked(built, serve, browser):
    base = serve(built.site_dir)
    tab, fetched = _search(browser, base, q="衡器")
    assert _titles(tab) == ["临川市衡器监督管理办法", "衡器生产许可办理指南"]
    meta = {tab.inner_text(f".gk-result:nth-child({n}) .gk-result__title"):
            tab.inner_text(f".gk-result:nth-child({n}) .gk-result__meta") for n in (1, 2)}
    assert "主题分类：行政规范性文件" in meta["临川市衡器监督管理办法"]
    assert "有效性：有效" in meta["临川市衡器监督管理办法"]
    assert "主题分类：行政许可" in meta["衡器生产许可办理指南"]
    assert "有效性：未注明" in meta["衡器生产许可办理指南"]
    assert not any("/search/facets/" in path for path in fetched)
    assert not tab.is_visible("select[name=category]") and not tab.is_visible("select[name=validity]")
    assert tab.is_visible("select[name=year]")  # inline: filled with the results

    tab.click("text=按主题分类筛选")
    tab.wait_for_selector("select[name=category]", state="visible")
    assert "/search/facets/category.json" in fetched
    assert "/search/facets/validity.json" not in fetched
    assert tab.evaluate("document.activeElement.name") == "category"
    assert not tab.is_visible("text=按主题分类筛选")
    options = tab.eval_on_selector_all("select[name=category] option", "o => o.map(x => x.textContent)")
    assert options == ["全部", "行政规范性文件（1）", "行政许可（1）"]
    tab.select_option("select[name=category]", "行政许可")
    tab.wait_for_function("document.querySelectorAll('.gk-result').length === 1")
    assert _titles(tab) == ["衡器生产许可办理指南"]
    assert "category=" in tab.url
    tab.context.close()


@pytest.mark.browser
def test_an_address_filtering_by_a_deferred_column_fetches_it_at_once(built, serve, browser):
    base = serve(built.site_dir)
    tab, fetched = _search(browser, base, q="衡器", validity="有效")
    assert _titles(tab) == ["临川市衡器监督管理办法"]
    assert "/search/facets/validity.json" in fetched
    assert "/search/facets/category.json" not in fetched
    assert tab.is_visible("select[name=validity]")
    assert tab.eval_on_selector("select[name=validity]", "s => s.value") == "有效"
    assert tab.is_visible("text=按主题分类筛选")
    tab.context.close()
