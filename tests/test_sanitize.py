"""No script and no foreign load from content or configuration: raw HTML in bodies, pages, budget
notes and report narratives is sanitized (plugins/gongkai/core/sanitize.py), mkdocs.yml values are
printed as text, and every asset a page loads is the site's own."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from conftest import AGENCY_CODE, GUIDE_MD, entry, minimal_site, run_build, write_site
from gongkai.core.sanitize import foreign, may_hold_html, only_built_in_extensions, sanitize_html
from test_budgets import BUDGETS

SLUG = AGENCY_CODE.lower()
ENTRY_URL = f"doc/{SLUG}-2024-00001/"

# What a CMS export or a careless paste puts into a body (one thing per line: warnings name lines).
CMS_BODY = textwrap.dedent("""\
    为做好计量器具检定工作，现通知如下。

    <p style="margin:0;font-family:仿宋">一、检定范围<o:p></o:p></p>

    <script>alert('body')</script>

    <p onmouseover="alert('p')">公章见附件：</p>

    ![公章](seal.png)

    <p><a href="javascript:alert('link')">点击查看</a></p>

    <iframe src="https://video.example.com/embed/1"></iframe>

    <p><img src="https://cdn.example.com/photo.jpg" alt="现场照片"></p>

    <pre class="mermaid"><code>graph TD; A-->B</code></pre>

    <table border="1"><tr><td rowspan="2">甲</td><td colspan="2">乙</td></tr><tr><td>丙</td><td>丁</td></tr></table>

    见[许可清单](b.md)和[市政府网站](https://www.linchuan.gov.cn/)。
    """)


PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")


def hostile_files() -> dict[str, str | bytes | None]:
    return {"catalogue/2024/a.md": entry(body=CMS_BODY, extra="attachments: [seal.png]\n"),
            "catalogue/2024/seal.png": PNG}


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def assert_nothing_active(html: str) -> None:
    lowered = html.lower()
    for bad in ("<script>alert", "onmouseover", "javascript:", "<iframe",
                'class="mermaid"', "video.example.com"):
        assert bad not in lowered, bad
    assert not re.search(r"<img[^>]+src=\"https?://", html)


# -- the sanitizer ------------------------------------------------------------------------------

@pytest.mark.parametrize(("html", "expected"), [
    ("<p>正文</p>", "<p>正文</p>"),
    ('<p style="color:red">正文<font face="宋体">字</font></p>', "<p>正文字</p>"),
    ("<script>alert(1)</script><p>正文</p>", "<p>正文</p>"),
    ('<img src="a.png" onerror="alert(1)" alt="图">', '<img src="a.png" alt="图">'),
    ('<a href="javascript:alert(1)">链接</a>', "<a>链接</a>"),
    ('<a href="vbscript:x">链接</a>', "<a>链接</a>"),
    ('<img src="data:image/png;base64,AAAA">', "<img>"),
    ('<iframe src="https://v.example.com/1"></iframe>', ""),
    ('<img src="https://cdn.example.com/p.jpg" alt="照片">',
     '<a href="https://cdn.example.com/p.jpg">照片</a>'),
    ('<img src="//cdn.example.com/p.jpg">', '<a href="//cdn.example.com/p.jpg">//cdn.example.com/p.jpg</a>'),
    ('<img src="https://test.linchuan.gov.cn/p.jpg">', '<img src="https://test.linchuan.gov.cn/p.jpg">'),
    ('<pre class="mermaid"><code>graph</code></pre>', "<pre><code>graph</code></pre>"),
    ('<code class="language-python mermaid">x</code>', '<code class="language-python">x</code>'),
    ('<table><tr><td rowspan="2" colspan="3" style="background:url(https://x.example/a)">甲</td></tr></table>',
     '<table><tbody><tr><td rowspan="2" colspan="3">甲</td></tr></tbody></table>'),
    ('<th style="text-align: center;">列</th>', "列"),  # a lone cell is not a table
    ('<table><tr><th style="text-align: center;">列</th></tr></table>',
     '<table><tbody><tr><th style="text-align:center">列</th></tr></tbody></table>'),
    ('<h2 id="_1">一、总体要求<a class="headerlink" href="#_1" title="Permanent link">¶</a></h2>',
     '<h2 id="_1">一、总体要求<a class="headerlink" href="#_1" title="Permanent link">¶</a></h2>'),
    ('<p><a href="https://www.gov.cn/">中国政府网</a> <a href="mailto:a@b.cn">信箱</a></p>',
     '<p><a href="https://www.gov.cn/">中国政府网</a> <a href="mailto:a@b.cn">信箱</a></p>'),
    ('<p><abbr title="统一社会信用代码">USCC</abbr><sup id="fnref:1"><a class="footnote-ref" '
     'href="#fn:1">1</a></sup></p>',
     '<p><abbr title="统一社会信用代码">USCC</abbr><sup id="fnref:1"><a class="footnote-ref" '
     'href="#fn:1">1</a></sup></p>'),
    ("<details><summary>详情</summary><ol start=\"3\"><li>第三</li></ol></details>",
     "<details><summary>详情</summary><ol start=\"3\"><li>第三</li></ol></details>"),
    ('<form action="https://x.example/"><input name="q"><button>提交</button></form>', "提交"),
])
def test_sanitize_html_keeps_what_markdown_writes_and_nothing_active(html, expected):
    assert sanitize_html(html, "test.linchuan.gov.cn")[0] == expected


@pytest.mark.parametrize(("html", "warned", "quiet"), [
    ("<p>正文</p>", [], []),
    ('<p style="x">正文<font>字</font></p>', [], ["style attributes", "<font>"]),
    ("<script>x</script>", ["<script>"], []),
    ('<img src="a.png" onerror="x">', ["onerror handler"], []),
    ('<a href=" JavaScript:x">a</a>', ["javascript: URL"], []),
    ('<img src="https://cdn.example.com/p.jpg">',
     ["image loaded from another host (https://cdn.example.com/p.jpg)"], []),
    ('<pre class="mermaid">x</pre>', ['class "mermaid" (a diagram drawn by a script from another host)'], []),
    ('<iframe src="https://v.example.com/"></iframe>', ["<iframe>"], []),
])
def test_sanitize_html_says_what_it_removed(html, warned, quiet):
    removals = sanitize_html(html, "test.linchuan.gov.cn")[1]
    assert [r.what for r in removals if r.warn] == warned
    assert [r.what for r in removals if not r.warn] == quiet


@pytest.mark.parametrize(("markdown", "may"), [
    ("为做好计量器具检定工作，现通知如下。\n\n## 一、总体要求\n\n1. 第一\n2. 第二\n", False),
    ("| 甲 | 乙 |\n|---|---|\n| 1 | 2 |\n", False),
    ("见[清单](b.md)。", True),
    ("![照片](https://cdn.example.com/p.jpg)", True),
    ("<b>粗体</b>", True),
    ("## 标题 {: onclick=\"x\" }", True),
])
def test_only_markdown_that_may_hold_html_is_sanitized(markdown, may):
    assert may_hold_html(markdown) is may


@pytest.mark.parametrize(("extensions", "built_in"), [
    (["toc", "tables", "fenced_code", "attr_list"], True),
    (["markdown.extensions.footnotes", "abbr", "admonition", "md_in_html"], True),
    (["toc", "pymdownx.superfences"], False),
    (["toc", "material.extensions.emoji"], False),
])
def test_the_quick_path_is_only_for_python_markdowns_own_extensions(extensions, built_in):
    assert only_built_in_extensions(extensions) is built_in


@pytest.mark.parametrize(("url", "is_foreign"), [
    ("photo.jpg", False), ("../files/a.png", False), ("/xxgk/a.png", False),
    ("https://test.linchuan.gov.cn/a.png", False), ("https://cdn.example.com/a.png", True),
    ("//cdn.example.com/a.png", True), ("http://test.linchuan.gov.cn.evil.com/a.png", True),
])
def test_foreign_is_any_other_host(url, is_foreign):
    assert foreign(url, "test.linchuan.gov.cn") is is_foreign


# -- built sites --------------------------------------------------------------------------------

@pytest.mark.parametrize("fast", [True, False], ids=["entry-renderer", "mkdocs-page-loop"])
def test_raw_cms_html_in_a_body_is_sanitized_and_reported(build_site, fast):
    result = build_site(hostile_files(), plugin_options={} if fast else {"fast_entry_pages": False})
    assert result.exit_code == 0, result.log
    html = result.page(ENTRY_URL)
    body = html.split('class="gk-fulltext"')[-1] if 'class="gk-fulltext"' in html else html
    assert_nothing_active(html)
    # kept: the text, tables with their spans, local images, plain links (also to other hosts)
    for kept in ("一、检定范围", '<td rowspan="2">甲</td>', '<td colspan="2">乙</td>',
                 "公章见附件", 'src="../../catalogue/2024/seal.png"', "点击查看",
                 '<a href="https://cdn.example.com/photo.jpg">现场照片</a>',
                 "graph TD; A--&gt;B", f'href="../{SLUG}-2024-00002/"',
                 '<a href="https://www.linchuan.gov.cn/">市政府网站</a>'):
        assert kept in body, kept
    assert "font-family" not in html and "<o:p>" not in html
    source = entry(body=CMS_BODY, extra="attachments: [seal.png]\n")
    where = "catalogue/2024/a.md"
    for what, needle in (("<script>", "<script>"), ("onmouseover handler", "onmouseover"),
                         ("javascript: URL", "javascript:"), ("<iframe>", "<iframe"),
                         ("image loaded from another host (https://cdn.example.com/photo.jpg)",
                          "cdn.example.com"),
                         ('class "mermaid"', "mermaid")):
        assert f"WARNING -  gongkai: {where}:{line_of(source, needle)}: 全文: {what}" in result.log, what
    assert f"{where}: 全文: formatting the site does not publish was removed (style attributes, <o:p>" \
        in result.log
    assert "WARNING" not in "".join(line for line in result.log.splitlines()
                                    if "style attributes" in line)


def test_a_body_with_a_script_fails_a_strict_build(build_site):
    text = entry(body="正文。\n\n<script>alert(1)</script>\n")
    result = build_site({"catalogue/2024/a.md": text}, strict=True)
    assert result.exit_code != 0
    assert (f"catalogue/2024/a.md:{line_of(text, '<script>')}: 全文: <script> removed from the "
            "published page") in result.log


def test_markdown_links_and_attribute_lists_cannot_run_code(build_site):
    body = ("[点击](javascript:alert(1))\n\n![图](https://cdn.example.com/p.jpg)\n\n"
            "## 标题 {: onclick=\"alert(1)\" }\n")
    result = build_site({"catalogue/2024/a.md": entry(body=body)},
                        mkdocs_extra={"markdown_extensions": ["attr_list"]})
    assert result.exit_code == 0, result.log
    html = result.page(ENTRY_URL)
    assert "javascript:" not in html and "onclick" not in html
    assert '<img alt="图" src="https://cdn.example.com' not in html
    assert "https://cdn.example.com/p.jpg" in html  # as a link the reader can follow


def test_both_renderers_write_the_same_sanitized_pages(tmp_path):
    files: dict[str, str | bytes] = dict(minimal_site())
    files.update(hostile_files())  # type: ignore[arg-type]
    for number in range(20, 30):  # enough entries for the page shell
        files[f"catalogue/2022/n{number}.md"] = entry(
            f"{AGENCY_CODE}/2022-000{number}", title=f"2022年第{number}号公告", created="2022-03-01",
            published="2022-03-02", body=f"公告<b>正文</b>{number}。<script>x()</script>\n")
    pages = {}
    for variant, options in (("fast", {"build_workers": 2}), ("slow", {"fast_entry_pages": False})):
        root = tmp_path / variant
        root.mkdir()
        write_site(root, files, options)
        result = run_build(root)
        assert result.exit_code == 0, result.log
        pages[variant] = {p.relative_to(root / "site").as_posix(): p.read_bytes()
                          for p in sorted((root / "site" / "doc").rglob("*.html"))}
        assert result.log.count(": 全文: <script> removed") == 11, result.log
    assert pages["fast"] == pages["slow"]
    assert_nothing_active(pages["fast"][f"doc/{SLUG}-2024-00001/index.html"].decode())


def test_guide_and_other_pages_are_sanitized(build_site):
    guide = GUIDE_MD + "\n<script>alert('guide')</script>\n\n<p onclick=\"x()\">联系我们</p>\n"
    about = "---\ntitle: <script>alert('title')</script>关于\n---\n\n<iframe src=\"https://x.example/\"></iframe>\n"
    result = build_site({"guide.md": guide, "about.md": about})
    assert result.exit_code == 0, result.log
    assert "<script>alert('guide')" not in result.page("guide/")
    assert "onclick" not in result.page("guide/") and "联系我们" in result.page("guide/")
    assert "<iframe" not in result.page("about/")
    assert "<script>alert('title')" not in result.page("about/")  # a title is text
    assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;关于 - 测试站点</title>" in result.page("about/")
    assert f"guide.md:{line_of(guide, '<script>')}: 全文: <script> removed" in result.log
    assert "about.md:5: 全文: <iframe> removed" in result.log


def test_budget_notes_are_sanitized_and_reported(build_site):
    notes = ("notes: |\n  决算批复后补充项目说明。\n"
             "  <script>alert('notes')</script><b onmouseover=\"alert(2)\">注意</b>\n")
    budget = BUDGETS["budgets/2025-决算.yml"].split("notes:")[0] + notes
    result = build_site({**BUDGETS, "budgets/2025-决算.yml": budget})
    assert result.exit_code == 0, result.log
    pages = [p for p in result.site_dir.joinpath("budgets").rglob("*.html")]
    text = "".join(p.read_text(encoding="utf-8") for p in pages)
    assert "决算批复后补充项目说明" in text
    assert "<script>alert('notes')" not in text and "onmouseover" not in text and "<b>注意</b>" in text
    line = line_of(budget, "<script>")
    assert f"budgets/2025-决算.yml:{line}: notes: <script> removed" in result.log
    assert f"budgets/2025-决算.yml:{line}: notes: onmouseover handler removed" in result.log


def test_report_narratives_are_sanitized_and_reported(build_site):
    narrative = ("---\ntitle: 2024年报告\n---\n\n## 一、总体情况\n\n本年度工作平稳。\n\n"
                 "<script>alert('report')</script>\n")
    result = build_site({"reports/2024.md": narrative})
    assert result.exit_code == 0, result.log
    html = result.page("reports/2024/")
    assert "本年度工作平稳" in html and "<script>alert('report')" not in html
    assert f"reports/2024.md:{line_of(narrative, '<script>')}: 全文: <script> removed" in result.log


HOSTILE_NAME = "<script>alert('config')</script>A&B"


def test_mkdocs_yml_values_are_text_on_every_page(build_site):
    result = build_site(
        plugin_options={"nav_labels": {"guide": "<script>alert('nav')</script>指南"},
                        "categories": ["政府信息公开制度", "行政许可", "行政规范性文件", "其他法定公开信息",
                                       {"name": "<script>alert('category')</script>A&B", "slug": "ab"}],
                        "footer": {"icp": "<script>alert('icp')</script>", "organizer": "甲&乙"}},
        mkdocs_extra={"site_name": HOSTILE_NAME, "site_description": "<b onmouseover=x>说明</b>",
                      "copyright": "<script>alert('copy')</script>版权所有 © 测试局"})
    assert result.exit_code == 0, result.log
    pages = 0
    for path, data in result.all_bytes():
        if path.suffix != ".html":
            continue
        text = data.decode("utf-8")
        assert "<script>alert(" not in text, path
        assert "<b onmouseover" not in text, path
        pages += 1
    assert pages > 10
    home = result.page("")
    assert "&lt;script&gt;alert(&#39;config&#39;)&lt;/script&gt;A&amp;B" in home
    assert "&lt;script&gt;alert(&#39;nav&#39;)&lt;/script&gt;指南" in home
    assert "alert(&#39;category&#39;)" in home or "alert(&#39;category&#39;)" in result.page("catalogue/")
    assert "&lt;script&gt;alert(&#39;copy&#39;)&lt;/script&gt;版权所有" in home


def test_titles_of_a_sites_own_nav_are_text(build_site):
    # A site that writes its own nav: in mkdocs.yml; the guide's title comes from the nav only.
    guide = "## 一、信息分类与编排体系\n按主题分类编排。\n## 二、获取方式\n网站。\n"
    result = build_site(
        files={"guide.md": guide},
        mkdocs_extra={"nav": [{"首页": "index.md"},
                              {"</title><script>alert('own')</script>指南": "guide.md"}]})
    assert result.exit_code == 0, result.log
    page = result.page("guide/")
    assert "<script>alert(" not in page
    assert "&lt;/title&gt;&lt;script&gt;alert(&#39;own&#39;)&lt;/script&gt;指南" in page


# -- assets -------------------------------------------------------------------------------------

def test_every_page_loads_the_local_resize_observer_polyfill_before_materials_bundle(build_site):
    result = build_site()
    assert result.exit_code == 0, result.log
    polyfill = result.site_dir / "assets/gongkai/vendor/resize-observer-polyfill.js"
    assert polyfill.is_file()
    assert "MIT" in polyfill.read_text(encoding="utf-8")[:600]
    for url in ("", ENTRY_URL, "catalogue/", "guide/"):
        html = result.page(url)
        local = html.find("assets/gongkai/vendor/resize-observer-polyfill.js")
        bundle = html.find("assets/javascripts/bundle.")
        assert 0 < local < bundle, url


@pytest.mark.browser
def test_without_resize_observer_nothing_is_fetched_from_another_host(build_site, serve, browser):
    result = build_site(hostile_files())
    assert result.exit_code == 0, result.log
    base = serve(result.site_dir)
    context = browser.new_context()
    # an old kiosk or office browser: no ResizeObserver when Material's bundle starts
    context.add_init_script("delete window.ResizeObserver;")
    outside: list[str] = []

    def route(request_route) -> None:
        url = request_route.request.url
        if url.startswith(base):
            request_route.continue_()
        else:
            outside.append(url)
            request_route.abort()

    context.route("**/*", route)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(base + ENTRY_URL)
    page.wait_for_load_state("networkidle")
    assert page.evaluate("typeof window.ResizeObserver") == "function"
    assert page.evaluate("!!window.ResizeObserver.toString().match(/native code/)") is False
    assert page.evaluate("typeof window.component$") == "object"  # Material's bundle ran
    page.goto(base)
    page.wait_for_load_state("networkidle")
    # the page still works: links lead on, the search page answers
    page.locator(".md-content a[href$='catalogue/']").first.click()
    page.wait_for_load_state("networkidle")
    assert page.url == base + "catalogue/"
    page.goto(base + "search/?q=" + "检定")
    page.wait_for_selector("[data-gk-search][data-state=results]", timeout=15000)
    assert "计量器具检定" in page.inner_text(".gk-result")
    assert outside == [] and errors == []
    context.close()


def test_repo_url_is_a_warning_since_material_would_fetch_from_its_host(build_site):
    result = build_site(mkdocs_extra={"repo_url": "https://github.com/linchuan/xxgk"})
    assert result.exit_code == 0, result.log
    assert ("mkdocs.yml: repo_url: Material fetches the repository's facts from github.com on every "
            "page") in result.log


def test_the_polyfill_is_the_vendored_upstream_file():
    path = Path(__file__).resolve().parent.parent / "plugins/gongkai/assets/gongkai/vendor/resize-observer-polyfill.js"
    text = path.read_text(encoding="utf-8")
    assert "resize-observer-polyfill 1.5.1" in text and "Copyright (c) 2016 Denis Rul" in text
    assert "global.ResizeObserver = factory()" in text
