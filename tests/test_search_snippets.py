"""Search results show each entry's own snippet text, whichever index chunk holds it.

The metadata rows travel eight to a chunk (``search/meta/<k>.json``) and the texts' passages eight
to a file (``search/text/<k>.json``, numbered across entries), so that a 10,000-entry index needs
no file per entry.  A row read from the wrong chunk, or a passage from the wrong place, would show
another entry's text under a title: these tests build a site whose entries each carry a marker of
their own and check, in the files and in a real browser, that every result shows its own.
"""

from __future__ import annotations

import json
import urllib.parse

import pytest

from conftest import AGENCY_CODE, entry

# One marker per entry, in order of publication (2025-01-01 … 2025-01-18).
STEMS = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未"


def marker(stem: str) -> str:
    return f"专项标记{stem}字段"


def title(stem: str) -> str:
    return f"关于冷链食品专项检查的通知（{stem}）"


def cold_chain_entries() -> dict[str, str | bytes | None]:
    """18 entries about 冷链食品 next to the minimal site's three (21 entries, chunks 8 + 8 + 5)."""
    files: dict[str, str | bytes | None] = {}
    for day, stem in enumerate(STEMS, 1):
        files[f"catalogue/2025/cold-{day:02d}.md"] = entry(
            f"{AGENCY_CODE}/2025-{day:05d}", title=title(stem), created=f"2025-01-{day:02d}",
            published=f"2025-01-{day:02d}", summary="部署冷链食品专项检查。",
            body=f"冷链食品专项检查第{stem}组：{marker(stem)}。\n")
    return files


@pytest.fixture
def built(build_site):
    result = build_site(cold_chain_entries(), strict=True)
    assert result.exit_code == 0, result.log
    return result


def test_each_metadata_chunk_row_holds_its_own_entry_with_its_snippet_text(built):
    # Entries are numbered newest first: the 18 entries of 2025 are numbers 0-17 (未 … 甲), then
    # the minimal site's b (2024-04-02), a (2024-03-08) and c (2023-05-06).
    newest_first = [title(stem) for stem in reversed(STEMS)] + [
        "临川市测试局行政许可事项清单", "关于开展2024年计量器具检定工作的通知", "临川市测试局规范性文件管理办法"]
    # Category and 有效性 of each (shown in its result): the minimal site's c is a 规范性文件.
    expected_facets = [["其他法定公开信息", "有效"]] * 18 + [
        ["行政许可", "有效"], ["其他法定公开信息", "有效"], ["行政规范性文件", "有效"]]
    facets = json.loads(built.text("search/facets.json"))
    chunks = [json.loads(built.text(f"search/meta/{k}.json")) for k in range(3)]
    assert [len(rows) for rows in chunks] == [8, 8, 5]
    assert not (built.site_dir / "search" / "meta" / "3.json").exists()
    texts = [json.loads(built.text(f"search/text/{k}.json")) for k in range(3)]
    assert not (built.site_dir / "search" / "text" / "3.json").exists()

    def passage(row: list[object], number: int) -> str:
        """Passage ``number`` of the text of the entry of ``row`` (where search.js reads it)."""
        first, count = row[7], row[8]
        assert isinstance(first, int) and isinstance(count, int) and number < count
        return texts[(first + number) // 8][(first + number) % 8]

    for number, expected_title in enumerate(newest_first):
        row = chunks[number // 8][number % 8]  # where search.js looks for entry `number`
        assert row[0] == expected_title, number
        assert row[7:9] == [number, 1]  # one passage each: the passages follow the entries
        categories, validities = facets["categories"], facets["validities"]
        assert [categories[row[9]], validities[row[10]]] == expected_facets[number], number
        if number < 18:
            stem = STEMS[17 - number]
            assert row[1] == f"doc/{AGENCY_CODE.lower()}-2025-{18 - number:05d}/"
            assert row[6] == "部署冷链食品专项检查。"
            assert passage(row, 0) == f"冷链食品专项检查第{stem}组：{marker(stem)}。"
    # The minimal site's entries keep their summary and body as the snippet text.
    assert [chunks[2][2][6], passage(chunks[2][2], 0)] == ["公布本局行政许可事项。",
                                                          "为做好计量器具检定工作，现通知如下。"]
    assert [chunks[2][4][6], passage(chunks[2][4], 0)] == ["规范性文件的制定和管理。",
                                                          "为做好计量器具检定工作，现通知如下。"]


@pytest.mark.browser
def test_every_result_shows_the_snippet_of_its_own_entry_across_chunks(built, serve, browser):
    base = serve(built.site_dir)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(urllib.parse.urlsplit(request.url).path))
    page.goto(base + "search/?q=" + urllib.parse.quote("冷链食品"))
    page.wait_for_selector("[data-gk-search][data-state=results]", timeout=15000)
    assert page.inner_text(".gk-search__status") == "找到18条与“冷链食品”相关的政府信息"
    page.click("[data-gk-more]")  # ten results a page: show the other eight
    page.wait_for_function("document.querySelectorAll('.gk-result').length === 18")
    results = page.eval_on_selector_all(".gk-result", """items => items.map(item => ({
        title: item.querySelector('a').textContent,
        snippet: item.querySelector('.gk-result__snippet').textContent}))""")
    context.close()
    assert sorted(r["title"] for r in results) == sorted(title(stem) for stem in STEMS)
    for result in results:
        stem = result["title"][-2]  # the stem between the title's （）
        assert result["snippet"] == f"部署冷链食品专项检查。 冷链食品专项检查第{stem}组：{marker(stem)}。"
    # The rows came in the metadata chunks of the results and the texts in the passage files
    # that hold them: all three of each, no per-entry file.
    assert sorted(p for p in fetched if "/search/meta/" in p) == [
        f"/search/meta/{k}.json" for k in range(3)]
    assert sorted(p for p in fetched if "/search/text/" in p) == [
        f"/search/text/{k}.json" for k in range(3)]


def test_index_version_changes_with_any_index_file(build_site):
    """Browsers cache the index files under ``?v=<version>``: an edit that changes only the
    facets (another category) or only a metadata row (another 公开日期) must change it too."""
    import re

    def version(files: dict[str, str | bytes | None]) -> str:
        result = build_site(files=files)
        assert result.exit_code == 0, result.log
        found = re.search(r'data-version="([^"]+)"', result.page("search/"))
        assert found is not None
        return found.group(1)

    base = version({})
    assert version({}) == base  # the same content: the same version
    recategorised = version({"catalogue/2024/a.md": entry(category="规划计划")})
    redated = version({"catalogue/2024/a.md": entry(published="2024-03-09")})
    assert len({base, recategorised, redated}) == 3
