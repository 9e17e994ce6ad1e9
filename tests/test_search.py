"""Site search as a citizen uses it: the header box, the results page, in real headless Chromium.

One fixture site (tests/search_fixture.py) is built once for the module and served on 127.0.0.1;
the query set runs through ``search/?q=…`` exactly as a shared link or the header box opens it.
"""

from __future__ import annotations

import functools
import http.server
import re
import shutil
import threading
import urllib.parse
from collections import Counter
from collections.abc import Iterator

import pytest

from conftest import BuildResult, minimal_site, run_build, write_site
from search_fixture import (
    QUERIES,
    SECRET_INDEX_NO,
    SECRET_WORD,
    search_site,
    title_of,
    url_of,
)
from test_search_terms import DOC_NO_KEYS, QUERY_TERMS

pytestmark = pytest.mark.browser
DONE = "[data-gk-search][data-state=results], [data-gk-search][data-state=none]"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - base signature
        """No line per request in the test output."""


@pytest.fixture(scope="module")
def search_build(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    root = tmp_path_factory.mktemp("search-site")
    files: dict[str, str | bytes] = dict(minimal_site())
    for rel, data in search_site().items():
        if data is None:
            files.pop(rel, None)
        else:
            files[rel] = data
    write_site(root, files)  # the fixture's mkdocs.yml still lists Material's `search` plugin
    result = run_build(root, "--strict")
    assert result.exit_code == 0, result.log
    return result


@pytest.fixture(scope="module")
def site_url(search_build: BuildResult) -> Iterator[str]:
    """The built site served under the sub-path /xxgk/, as on the agency's real host."""
    served = search_build.root / "served"
    shutil.copytree(search_build.site_dir, served / "xxgk", dirs_exist_ok=True)
    handler = functools.partial(_Quiet, directory=str(served))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/xxgk/"
    server.shutdown()


@pytest.fixture
def page(browser, site_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    requested: list[str] = []
    tab.on("request", lambda request: requested.append(request.url))
    tab.requested = requested  # type: ignore[attr-defined]
    yield tab
    context.close()


def search(tab, site_url: str, query: str, **filters: str) -> list[dict[str, str]]:
    """Open the results page for ``query`` and return the results as shown (title, href, text)."""
    params = urllib.parse.urlencode({"q": query, **filters})
    tab.goto(f"{site_url}search/?{params}")
    tab.wait_for_selector(DONE, timeout=15000)
    return tab.eval_on_selector_all(".gk-result", """items => items.map(item => ({
        title: item.querySelector('a').textContent,
        href: item.querySelector('a').href,
        meta: item.querySelector('.gk-result__meta').innerText,
        snippet: item.querySelector('.gk-result__snippet').textContent}))""")


def test_query_set_finds_the_expected_entry_among_the_first_three(page, site_url):
    categories = Counter(category for category, _, _ in QUERIES)
    assert len(QUERIES) >= 40
    assert set(categories) == {"词", "文号", "索引号", "年份", "繁简", "混合", "附件"}
    assert min(categories.values()) >= 3
    misses = []
    for category, query, key in QUERIES:
        results = search(page, site_url, query)
        top = [r["href"] for r in results[:3]]
        if site_url + url_of(key) not in top:
            misses.append((category, query, key, [r["title"] for r in results[:3]]))
    recall = 1 - len(misses) / len(QUERIES)
    print(f"recall@3 {recall:.1%} over {len(QUERIES)} queries; missed: {misses}")
    assert recall >= 0.95, f"recall@3 {recall:.0%}; missed: {misses}"
    outside = [u for u in page.requested if not u.startswith("http://127.0.0.1:")]
    assert outside == []


def test_result_shows_title_as_link_text_with_doc_no_date_category_and_snippet(page, site_url):
    results = search(page, site_url, "临市财发（2024）12号")
    first = results[0]
    assert first["title"] == "临川市测试局2024年部门预算"
    assert first["href"] == site_url + url_of("budget2024")
    assert "文号：临市财发〔2024〕12号" in first["meta"]
    assert "公开日期：2024年2月6日" in first["meta"]
    assert "主题分类：财政预决算" in first["meta"]
    assert "有效性：有效" in first["meta"]
    assert "预算收支总表" in first["snippet"] or "部门预算" in first["snippet"]
    page.click(".gk-result a")
    page.wait_for_load_state()
    assert page.url == site_url + url_of("budget2024")
    assert "临川市测试局2024年部门预算" in page.inner_text("h1")


def test_matched_terms_are_highlighted_in_title_and_snippet(page, site_url):
    search(page, site_url, "明码标价")
    marks = page.eval_on_selector_all(".gk-result:first-child mark", "ms => ms.map(m => m.textContent)")
    assert "明码标价" in marks
    assert page.eval_on_selector(".gk-result:first-child .gk-result__snippet",
                                 "p => p.querySelectorAll('mark').length") >= 1
    # A 繁体 query highlights the 简体 words it matched.
    search(page, site_url, "行政許可事項")
    marks = page.eval_on_selector_all(".gk-result:first-child .gk-result__title mark",
                                      "ms => ms.map(m => m.textContent)")
    assert marks == ["行政许可事项"]


def test_no_result_state_points_to_the_application_page(page, site_url):
    results = search(page, site_url, "火星探测器")
    assert results == []
    message = page.inner_text("[data-gk-none]")
    assert "火星探测器" in message and "依申请公开" in message
    page.click("[data-gk-none] a:has-text('依申请公开')")
    page.wait_for_load_state()
    assert page.url == site_url + "apply/"


def test_filters_by_category_year_and_validity(page, site_url):
    # 临市监规 is the 文号 prefix of three entries: 轻微违法… (2024, 有效, 行政处罚和行政强制),
    # 裁量权适用规则 (2023, 废止, 行政规范性文件) and 登记便利化 (2023, 有效, 行政规范性文件).
    titles = {r["title"] for r in search(page, site_url, "临市监规")}
    assert titles == {title_of("light_penalty"), title_of("penalty_rule"), title_of("registration")}
    page.select_option("[data-gk-filter=validity]", "废止")
    page.wait_for_selector(DONE)
    assert page.eval_on_selector_all(".gk-result a", "as => as.map(a => a.textContent)") == [
        title_of("penalty_rule")]
    assert "validity=%E5%BA%9F%E6%AD%A2" in page.url  # the filtered view is a shareable link
    shown = {r["title"] for r in search(page, site_url, "临市监规", year="2023")}
    assert shown == {title_of("penalty_rule"), title_of("registration")}
    shown = {r["title"] for r in search(page, site_url, "临市监规", category="行政处罚和行政强制")}
    assert shown == {title_of("light_penalty")}
    options = page.eval_on_selector_all("[data-gk-filter=year] option", "os => os.map(o => o.textContent)")
    assert options == ["全部", "2024年（1）", "2023年（2）"]


def test_header_box_opens_the_results_page_with_the_keyboard(page, site_url):
    page.goto(site_url + url_of("gas"))
    page.focus("#gk-search-input")
    page.keyboard.type("电梯维护")
    page.keyboard.press("Enter")
    page.wait_for_selector(DONE)
    assert page.url == site_url + "search/?q=" + urllib.parse.quote_plus("电梯维护")
    assert page.input_value("#gk-search-query") == "电梯维护"
    assert page.inner_text(".gk-result:first-child a") == title_of("elevator_old")
    # Keyboard only: Tab from the query field reaches the search button and the filters.
    page.focus("#gk-search-query")
    reached = []
    for _ in range(6):
        page.keyboard.press("Tab")
        reached.append(page.evaluate("document.activeElement.tagName + ':' + "
                                     "(document.activeElement.name || '')"))
    assert "SELECT:category" in reached and "SELECT:year" in reached


def test_more_results_by_touch(browser, site_url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True,
                                  is_mobile=True)
    tab = context.new_page()
    search(tab, site_url, "临川市")
    assert tab.locator(".gk-result").count() == 10
    box = tab.locator("[data-gk-more]").bounding_box()
    assert box is not None and box["height"] >= 44  # a finger-sized target
    tab.tap("[data-gk-more]")
    tab.wait_for_function("document.querySelectorAll('.gk-result').length > 10")
    assert tab.is_visible("#gk-search-input")  # the header box on a phone too
    context.close()


def test_every_page_has_the_header_search_form(search_build):
    pages = sorted(search_build.site_dir.rglob("index.html"))
    assert len(pages) > 30
    for path in pages:
        html = path.read_text(encoding="utf-8")
        folder = path.parent.relative_to(search_build.site_dir).as_posix()
        page_url = "https://example.org/xxgk/" + ("" if folder == "." else folder + "/")
        form = re.search(r'<form class="gk-search-form"[^>]*action="([^"]*)"', html)
        assert form is not None, path
        # A relative action: Enter opens /xxgk/search/ from every page, whatever the sub-path.
        assert not form.group(1).startswith(("/", "http")), path
        assert urllib.parse.urljoin(page_url, form.group(1)) == (
            "https://example.org/xxgk/search/"), path
        assert 'name="q"' in html, path


def test_material_index_is_not_built_and_unreviewed_entries_are_in_no_index_file(search_build):
    site = search_build.site_dir
    assert not (site / "search" / "search_index.json").exists()
    index_files = [p for p in (site / "search").rglob("*") if p.is_file()]
    names = sorted(p.relative_to(site / "search").as_posix() for p in index_files)
    # 32 entries: 4 metadata chunks of 8 rows (with their snippet texts), the smallest number of
    # term shards (8), the filters, the folding tables, the names and phrases of the index, one
    # vocabulary shard and the results page; no file per entry.
    assert names == (["facets.json", "fold.json", "index.html"]
                     + [f"meta/{k}.json" for k in range(4)] + ["phrases.json"]
                     + sorted(f"terms/{n}.json" for n in range(8)) + ["vocab/0.json"]), names
    secret_slug = SECRET_INDEX_NO.lower().replace("/", "-")
    for path in site.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            for secret in (SECRET_WORD, SECRET_INDEX_NO, secret_slug):
                assert secret.encode() not in data, (path, secret)
    assert "search index: 32 entries" in search_build.log


def test_unreadable_attachment_is_a_warning_naming_the_file(build_site):
    files = {"catalogue/2024/a.md": None, "catalogue/2024/scan.md": (
        "---\ntitle: 扫描件通知\nindex_no: 11360100MB00000016/2024-00009\ncategory: 其他法定公开信息\n"
        "created: 2024-03-01\npublished: 2024-03-02\nsummary: 扫描件。\n"
        "review: {result: 通过, by: 王审查, date: 2024-03-02}\n"
        "attachments:\n  - {path: broken.pdf, title: 扫描件}\n---\n见附件。\n"),
        "catalogue/2024/broken.pdf": b"%PDF-1.4\nthis is not really a PDF\n"}
    strict = build_site(files, strict=True)
    assert strict.exit_code != 0
    line = next(li for li in strict.log.splitlines() if "broken.pdf" in li)
    assert "WARNING" in line and "catalogue/2024/scan.md:10: attachments: 'broken.pdf' " in line
    assert "cannot be scanned for personal data" in line and "Traceback" not in strict.log
    relaxed = build_site(files)
    assert relaxed.exit_code == 0
    assert (relaxed.site_dir / "doc" / "11360100mb00000016-2024-00009" / "index.html").exists()


def test_browser_cuts_queries_exactly_like_the_build(page, site_url):
    page.goto(site_url + "search/")
    page.wait_for_selector("[data-gk-search][data-state=idle]")
    terms, keys = page.evaluate("""async ([queries, docNos]) => {
        await gongkaiSearch.loadFold();
        return [queries.map(q => gongkaiSearch.queryTerms(q)),
                docNos.map(d => gongkaiSearch.docNoKey(d))];
    }""", [[q for q, _ in QUERY_TERMS], [d for d, _ in DOC_NO_KEYS]])
    assert terms == [t for _, t in QUERY_TERMS]
    assert keys == [k for _, k in DOC_NO_KEYS]
