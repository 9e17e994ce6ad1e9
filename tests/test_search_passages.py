"""Snippets cut where the words are, from the text the page shows; nothing shown made of nothing.

One fixture site, built once for the module: a long entry whose searched words stand deep in its
text (beyond the 1,500 characters the index once kept), an entry written with the Markdown a
regular expression gets wrong (table, footnote, entity, reference link, admonition, fenced code),
an entry with neither 全文 nor 内容概述 and one whose 内容概述 only repeats its title.
"""

from __future__ import annotations

import json
import urllib.parse
from pathlib import Path

import pytest

from conftest import AGENCY_CODE, BuildResult, entry, minimal_site, run_build, write_site
from gongkai.core.search.normalize import fold, index_terms

DONE = "[data-gk-search][data-state=results], [data-gk-search][data-state=none]"
DEEP_WORDS = "危险化学品仓储专项整治"
# Forty different paragraphs (about 1,650 characters) before the paragraph with DEEP_WORDS.
FILLER = [f"第{n}项工作：各县区要对照第{n}批任务清单逐条落实，按月报送进展，年底前完成验收。"
          for n in range(1, 41)]
DEEP_BODY = "\n\n".join([*FILLER, f"第四十一项工作：开展{DEEP_WORDS}行动，逐一排查储存场所。",
                         "第四十二项工作：总结经验。"]) + "\n"
MARKUP_BODY = """\
研发&amp;创新投入情况见下表[^1]。

| 项目 | 金额 |
|---|---|
| 设备购置 | 12 |

详见[国务院网站][gov]。

!!! note "注意事项"
    申报材料须加盖公章。

```yaml
申报期限: 三十日
```

[gov]: https://www.gov.cn/zhengce/
[^1]: 脚注说明文字。
"""


def _slug(index_no: str) -> str:
    return index_no.lower().replace("/", "-")


DEEP = f"{AGENCY_CODE}/2024-00011"
MARKUP = f"{AGENCY_CODE}/2024-00012"
EMPTY = f"{AGENCY_CODE}/2024-00013"
TITLE_ONLY = f"{AGENCY_CODE}/2024-00014"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    root = tmp_path_factory.mktemp("passages")
    files: dict[str, str | bytes] = dict(minimal_site())
    files["catalogue/2024/deep.md"] = entry(DEEP, title="关于全年重点工作任务的通知",
                                            summary="部署全年重点工作。", body=DEEP_BODY)
    files["catalogue/2024/markup.md"] = entry(MARKUP, title="关于研发投入情况的说明",
                                              summary="说明研发投入。", body=MARKUP_BODY)
    files["catalogue/2024/empty.md"] = entry(
        EMPTY, title="关于公布信访接待日安排的通知", summary="", body="",
        extra="unstated: [summary]\n").replace("summary: \n", "")
    files["catalogue/2024/title-only.md"] = entry(
        TITLE_ONLY, title="关于调整办公时间的公告", summary="关于调整办公时间的公告", body="")
    write_site(root, files, mkdocs_extra={"markdown_extensions": [
        "tables", "footnotes", "admonition", "fenced_code", {"toc": {"permalink": False}}]})
    result = run_build(root, "--strict")
    assert result.exit_code == 0, result.log
    return result


def search(browser, base: str, query: str) -> tuple[list[dict[str, object]], list[str]]:
    """The results shown for ``query`` (title, snippet text or None, marked words) in a fresh
    browser context, and the index files it fetched."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    fetched: list[str] = []
    tab.on("request", lambda request: fetched.append(urllib.parse.urlsplit(request.url).path))
    tab.goto(f"{base}search/?q={urllib.parse.quote(query)}")
    tab.wait_for_selector(DONE, timeout=15000)
    results = tab.eval_on_selector_all(".gk-result", """items => items.map(item => {
        const snippet = item.querySelector('.gk-result__snippet');
        return {title: item.querySelector('a').textContent,
                snippet: snippet ? snippet.textContent : null,
                marks: snippet ? Array.from(snippet.querySelectorAll('mark'), m => m.textContent) : []};
    })""")
    context.close()
    return results, [path.split("/search/", 1)[1] for path in fetched if "/search/" in path
                     and not path.endswith("/search/")]


def index_text(site: Path, index_no: str) -> str:
    """The text the index holds for the entry ``index_no``: its passages, in order."""
    number = next(n for n, rows in enumerate(_meta_rows(site)) if rows[3] == index_no)
    row = _meta_rows(site)[number]
    first, count = row[7], row[8]
    texts = {}
    for k in range(first // 8, (first + count - 1) // 8 + 1):
        texts[k] = json.loads((site / f"search/text/{k}.json").read_text(encoding="utf-8"))
    return "\n".join(texts[(first + p) // 8][(first + p) % 8] for p in range(count))


def _meta_rows(site: Path) -> list[list[object]]:
    rows: list[list[object]] = []
    for k in range(len(list((site / "search/meta").glob("*.json")))):
        rows += json.loads((site / f"search/meta/{k}.json").read_text(encoding="utf-8"))
    return rows


def vocabulary(site: Path) -> set[str]:
    """Every term of the index (the keys of all shards)."""
    terms: set[str] = set()
    for shard in (site / "search/terms").glob("*.json"):
        terms.update(json.loads(shard.read_text(encoding="utf-8")))
    return terms


def test_the_whole_text_is_kept_in_passages_and_a_deep_match_is_found(built):
    text = index_text(built.site_dir, DEEP)
    assert text.index(DEEP_WORDS) > 1500 and text.endswith("第四十二项工作：总结经验。")


@pytest.mark.browser
def test_a_match_deep_in_a_long_text_gets_a_snippet_around_the_marked_words(built, serve, browser):
    base = serve(built.site_dir)
    results, fetched = search(browser, base, "危险化学品仓储")
    assert results[0]["title"] == "关于全年重点工作任务的通知"
    snippet = str(results[0]["snippet"])
    assert DEEP_WORDS in snippet, snippet
    assert "".join(results[0]["marks"]) == "危险化学品仓储"  # type: ignore[arg-type]
    assert snippet.startswith("…")  # cut from the middle of the text
    # Only the passage file that holds the words, not the whole text.
    assert len([name for name in fetched if name.startswith("text/")]) == 1


@pytest.mark.browser
def test_an_entry_with_neither_full_text_nor_summary_shows_no_snippet(built, serve, browser):
    base = serve(built.site_dir)
    for query, title in (("信访接待日", "关于公布信访接待日安排的通知"),
                         ("调整办公时间", "关于调整办公时间的公告")):
        results, _ = search(browser, base, query)
        assert [r["title"] for r in results] == [title]
        assert results[0]["snippet"] is None  # no empty snippet, no title repeated as one


def test_an_entry_page_without_full_text_has_no_full_text_heading(built):
    for index_no in (EMPTY, TITLE_ONLY):
        html = built.page(f"doc/{_slug(index_no)}/")
        assert "<h1>" in html and "内容概述" in html
        assert "全文" not in html and "gk-fulltext" not in html
    assert ">全文</h2>" in built.page(f"doc/{_slug(DEEP)}/")


@pytest.mark.browser
def test_search_holds_the_words_the_page_shows_for_markup_a_regex_gets_wrong(built, serve, browser):
    base = serve(built.site_dir)
    context = browser.new_context()
    tab = context.new_page()
    tab.goto(f"{base}doc/{_slug(MARKUP)}/")
    shown = tab.eval_on_selector(".gk-fulltext", """section => Array.from(section.children)
        .filter(child => child.tagName !== 'H2').map(child => child.innerText).join('\\n')""")
    context.close()
    words = vocabulary(built.site_dir)
    # What the page shows: the entity as a character, the cells, the footnote, the link text, the
    # admonition's title and text, the code.
    assert {"研发", "创新", "设备", "脚注", "国务", "注意", "公章", "申报", "期限"} <= words
    # What it does not show: the entity's name, the reference's URL, the admonition's type, the
    # code block's language.
    assert not {"amp", "https", "zhengce", "note", "yaml"} & words
    # The index's text of the entry holds the same terms as the page.
    text = index_text(built.site_dir, MARKUP)
    assert set(index_terms(fold(text), False)) == set(index_terms(fold(shown), False))


@pytest.mark.browser
def test_the_browser_fetches_the_files_query_files_names(built, serve, browser):
    from gongkai.core.search.index import query_files

    base = serve(built.site_dir)
    shards = int(built.page("search/").split('data-shards="', 1)[1].split('"', 1)[0])
    for query in ("危险化学品仓储", "研发 创新 设备", "GB 7588", "臨市財發〔2024〕12號", "2024-00011"):
        _, fetched = search(browser, base, query)
        before_results = [name.split("?")[0] for name in fetched
                          if not name.startswith(("meta/", "text/"))]
        assert sorted(before_results) == sorted(query_files(query, shards)), query
