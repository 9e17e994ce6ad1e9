"""Accessibility of the public site in a real browser (issue 7, item 5).

axe-core (from npm, ``tests/a11y``) runs on every page type of a fixture site: no ``serious`` or
``critical`` violation.  The 长辈模式 (large-text) switch in the header is used as a person would:
press it, follow a link, find it still on and the text larger.  Keyboard users see where they are:
Tab reaches the main links and buttons, and the focused element has a visible outline.
"""

from __future__ import annotations

import functools
import http.server
import textwrap
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import AGENCY_CODE, _QuietHandler, entry, minimal_site, run_build, write_site

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "a11y" / "node_modules" / "axe-core" / "axe.min.js"
A1 = f"{AGENCY_CODE.lower()}-2024-00001"

BUDGET_YML = textwrap.dedent("""\
    year: 2024
    kind: 预算
    approved: 2024-01-20
    published: 2024-02-05
    tables:
      - name: 收支总表
        rows:
          - {item: 收入合计, amount: 100.5, items: [{item: 财政拨款收入, amount: 100.5}]}
          - {item: 支出合计, amount: 100.5, items: [{item: 一般公共服务支出, amount: 100.5}]}
      - name: 三公经费
        rows:
          - {item: 因公出国（境）费, amount: 0}
          - {item: 公务用车购置及运行维护费, amount: 3.2, items: [{item: 购置费, amount: 0}, {item: 运行维护费, amount: 3.2}]}
          - {item: 公务接待费, amount: 0.8}
    """)

# Every page type a citizen meets, by URL path (the 404 page is asked for by a missing URL).
PAGE_TYPES: dict[str, str] = {
    "home": "",
    "guide": "guide/",
    "agency": "agency/",
    "apply": "apply/",
    "catalogue": "catalogue/",
    "category listing": "catalogue/xingzheng-xuke/",
    "empty category listing": "catalogue/tongji-xinxi/",
    "year listing": "catalogue/2024/",
    "entry with attachments": f"doc/{A1}/",
    "repealed entry": f"doc/{AGENCY_CODE.lower()}-2023-00001/",
    "amended entry": f"doc/{AGENCY_CODE.lower()}-2024-00004/",
    "regulations": "regulations/",
    "budgets": "budgets/",
    "budget year": "budgets/2024/",
    "reports": "reports/",
    "report year": "reports/2024/",
    "404": "no-such-page/",
}


class _SiteHandler(_QuietHandler):
    """A static host as deployed: a missing URL gets the site's own 404.html with status 404."""

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        not_found = Path(self.directory) / "404.html"
        if code != 404 or not not_found.is_file():
            super().send_error(code, message, explain)
            return
        body = not_found.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A fixture site with every page type, built once and served on 127.0.0.1."""
    root = tmp_path_factory.mktemp("a11y")
    files: dict[str, str | bytes] = {
        **minimal_site(),
        "catalogue/2024/a.md": entry(extra="doc_no: 临测〔2024〕1号\nattachments:\n"
                                           "  - {path: files/申请表.pdf, title: 检定申请表}\n"),
        "catalogue/2024/files/申请表.pdf": b"%PDF-1.4 test",
        # A regulation repealed and one amended by a newer one: banners with links, 已修改 tags.
        "catalogue/2023/c.md": entry(f"{AGENCY_CODE}/2023-00001", title="临川市测试局规范性文件管理办法",
                                     category="行政规范性文件", created="2023-05-01",
                                     published="2023-05-06", summary="规范性文件的制定和管理。",
                                     extra="validity: 废止\nabolished: 2024-06-01\n"
                                           f"superseded_by: {AGENCY_CODE}/2024-00003\n"),
        "catalogue/2024/d.md": entry(f"{AGENCY_CODE}/2024-00003", title="临川市测试局规范性文件管理规定",
                                     category="行政规范性文件", created="2024-05-20",
                                     published="2024-06-01", summary="新的规范性文件管理规定。"),
        "catalogue/2024/e.md": entry(f"{AGENCY_CODE}/2024-00004", title="临川市测试局计量收费办法",
                                     category="行政规范性文件", created="2024-02-01",
                                     published="2024-02-05", summary="计量收费。",
                                     extra=f"validity: 已修改\nsuperseded_by: {AGENCY_CODE}/2024-00003\n"),
        # An entry of this year: this year's report is a preview (预览 tag on the reports page).
        "catalogue/2026/f.md": entry(f"{AGENCY_CODE}/2026-00001", title="临川市测试局2026年工作要点",
                                     created="2026-02-01", published="2026-02-03",
                                     summary="2026年工作要点。"),
        "budgets/2024-预算.yml": BUDGET_YML,
    }
    write_site(root, files)
    result = run_build(root)
    assert result.exit_code == 0, result.log
    handler = functools.partial(_SiteHandler, directory=str(result.site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def _axe_violations(page: Any) -> list[dict[str, Any]]:
    page.add_script_tag(path=str(AXE))
    result: dict[str, Any] = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [v for v in result["violations"] if v["impact"] in ("serious", "critical")]


def test_axe_finds_no_serious_or_critical_violation_on_any_page_type(site_url, browser):
    assert AXE.exists(), "install axe-core: npm ci --prefix tests/a11y"
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    found: list[str] = []
    for name, url in PAGE_TYPES.items():
        response = page.goto(site_url + url)
        assert response is not None
        assert response.status == (404 if name == "404" else 200), url
        for violation in _axe_violations(page):
            targets = [" ".join(node["target"]) for node in violation["nodes"][:3]]
            found.append(f"{name} (/{url}): {violation['id']} [{violation['impact']}] "
                         f"{violation['help']} — {targets}")
    page.close()
    assert found == [], "\n".join(found)


def _body_text_px(page: Any) -> float:
    size: float = page.evaluate(
        "parseFloat(getComputedStyle(document.querySelector('.md-content .md-typeset')).fontSize)")
    return size


def test_elder_mode_switch_enlarges_text_and_stays_on_across_pages(site_url, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    # Notes whether large text is already on when the content is parsed (no flash of small text).
    context.add_init_script("""
        new MutationObserver((records, observer) => {
            if (document.querySelector('.md-content')) {
                window.elderAtContent = document.documentElement.classList.contains('gk-elder');
                observer.disconnect();
            }
        }).observe(document, {childList: true, subtree: true});""")
    page = context.new_page()
    page.goto(site_url + "guide/")
    switch = page.get_by_role("button", name="长辈模式")
    assert switch.is_visible()
    assert switch.get_attribute("aria-pressed") == "false"
    assert _body_text_px(page) == 16  # .8rem of Material's 20px root

    switch.click()
    assert switch.get_attribute("aria-pressed") == "true"
    assert _body_text_px(page) == 24  # 1rem of the 24px root (150%)

    # Follow a link as a reader would (instant navigation is off: a full page load).
    page.get_by_role("link", name="依申请公开", exact=True).first.click()
    page.wait_for_url(site_url + "apply/")
    switch = page.get_by_role("button", name="长辈模式")
    assert switch.get_attribute("aria-pressed") == "true"
    assert _body_text_px(page) == 24
    assert page.evaluate("window.elderAtContent") is True
    assert not [v["id"] for v in _axe_violations(page)]  # large text keeps its contrast

    switch.click()
    page.goto(site_url + "guide/")
    assert page.get_by_role("button", name="长辈模式").get_attribute("aria-pressed") == "false"
    assert _body_text_px(page) == 16
    context.close()


def _focused(page: Any) -> dict[str, Any]:
    focused: dict[str, Any] = page.evaluate("""() => {
        const e = document.activeElement, s = getComputedStyle(e);
        return {tag: e.tagName.toLowerCase(), text: (e.innerText || e.getAttribute('aria-label') || '').trim(),
                href: e.getAttribute('href') || '', outline: s.outlineStyle,
                width: parseFloat(s.outlineWidth), shadow: s.boxShadow};
    }""")
    return focused


def test_keyboard_reaches_the_switch_search_sections_and_tiles_with_a_visible_focus(site_url, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(site_url)
    reached: list[dict[str, Any]] = []
    for _ in range(40):
        page.keyboard.press("Tab")
        focused = _focused(page)
        if focused["tag"] != "body":  # the end of the page, before Tab starts over
            reached.append(focused)
    texts = [f["text"] for f in reached]
    hrefs = [f["href"] for f in reached]
    assert "长辈模式" in texts
    assert "搜索" in texts or any(f["tag"] == "input" for f in reached)  # Material's search field
    for section in ("政府信息公开指南", "法定主动公开内容", "政府信息公开年报", "依申请公开"):
        assert any(section in text for text in texts), section
    assert "catalogue/" in hrefs and "guide/" in hrefs  # home tiles
    invisible = [f for f in reached if f["outline"] == "none" or f["width"] < 2]
    assert invisible == []

    # The switch works from the keyboard too.
    page.goto(site_url)
    while _focused(page)["text"] != "长辈模式":
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.get_by_role("button", name="长辈模式").get_attribute("aria-pressed") == "true"
    context.close()
