"""The 无障碍 toolbar in a real browser (issue 16), used as a visitor would.

《互联网网站适老化通用设计规范》 asks for voice reading with a switch, page enlargement independent of the
browser, high contrast, an extra-large pointer and a reading guide for desktop users, and full keyboard
use.  Each test here proves one of those as a person sees it: what the page asks the browser's speech
synthesis to say, colours as rendered, the page width at 200% on a phone and a desktop, the order Tab
goes through the controls, settings kept from page to page and cleared by 重置, and axe-core with every
mode on.  The README's 适老化 checklist points at these tests.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from test_accessibility import A1, AXE, _axe_violations, site_url  # noqa: F401 - site_url is a fixture

pytestmark = pytest.mark.browser

ENTRY = f"doc/{A1}/"
SEARCH = "search/?q=计量"
# The toolbar's controls in the order Tab reaches them after the band's two entry buttons.
TOOLBAR_ORDER = ["朗读", "暂停", "停止", "慢速", "中速", "快速", "指读", "放大", "缩小",
                 "高对比", "大鼠标", "阅读线", "长辈模式", "重置", "关闭"]
TOGGLES = {"朗读", "暂停", "慢速", "中速", "快速", "指读", "高对比", "大鼠标", "阅读线", "长辈模式"}

# Records every call the page makes to the browser's speech synthesis instead of speaking.
SPEECH_SPY = """
    window.spoken = []; window.speechCalls = [];
    const synth = window.speechSynthesis;
    synth.speak = u => window.spoken.push({text: u.text, lang: u.lang, rate: u.rate});
    for (const name of ['cancel', 'pause', 'resume']) synth[name] = () => window.speechCalls.push(name);
"""

# Settings as a11y-toolbar.js stores them: a visitor who switched every look on, on an earlier page.
ALL_ON = {"open": True, "contrast": True, "zoom": 150, "cursor": True, "guide": True, "rate": "fast"}


def _open_toolbar(page: Any) -> None:
    entry_button = page.get_by_role("button", name="无障碍", exact=True)
    if entry_button.get_attribute("aria-expanded") != "true":
        entry_button.click()
    assert page.locator("#gk-a11y-bar").is_visible()


def _bar_button(page: Any, name: str) -> Any:
    return page.locator("#gk-a11y-bar").get_by_role("button", name=name, exact=True)


def _focused(page: Any) -> dict[str, Any]:
    focused: dict[str, Any] = page.evaluate("""() => {
        const e = document.activeElement;
        return {tag: e.tagName.toLowerCase(), name: (e.getAttribute('aria-label') || e.innerText || '').trim(),
                pressed: e.getAttribute('aria-pressed'), inBar: !!e.closest('#gk-a11y-bar')};
    }""")
    return focused


def test_tab_reaches_every_toolbar_button_in_order_and_escape_closes_it(site_url, browser):  # noqa: F811
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(site_url + "guide/")
    for _ in range(10):  # past the skip link to the band's entry button
        page.keyboard.press("Tab")
        if _focused(page)["name"] == "无障碍":
            break
    entry_button = page.get_by_role("button", name="无障碍", exact=True)
    assert _focused(page)["name"] == "无障碍"
    assert entry_button.get_attribute("aria-expanded") == "false"
    assert not page.locator("#gk-a11y-bar").is_visible()

    page.keyboard.press("Enter")
    assert entry_button.get_attribute("aria-expanded") == "true"
    assert page.get_by_role("group", name="无障碍工具条").is_visible()
    page.keyboard.press("Tab")
    assert _focused(page)["name"] == "长辈模式"  # the band's own 长辈模式 switch
    reached = []
    for _ in TOOLBAR_ORDER:
        page.keyboard.press("Tab")
        reached.append(_focused(page))
    assert [f["name"] for f in reached] == TOOLBAR_ORDER
    assert all(f["tag"] == "button" and f["inBar"] for f in reached)
    # Switches say whether they are on; 放大, 缩小, 停止, 重置 and 关闭 are plain buttons.
    assert {f["name"] for f in reached if f["pressed"] is not None} == TOGGLES

    page.keyboard.press("Escape")  # from 关闭, the last button
    assert not page.locator("#gk-a11y-bar").is_visible()
    assert entry_button.get_attribute("aria-expanded") == "false"
    assert _focused(page)["name"] == "无障碍"  # focus goes back to where the bar was opened
    context.close()


def test_reading_aloud_speaks_the_main_text_or_the_selection_in_chinese(site_url, browser):  # noqa: F811
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(SPEECH_SPY)
    page = context.new_page()
    page.goto(site_url + ENTRY)
    _open_toolbar(page)
    read = _bar_button(page, "朗读")
    main_start = page.evaluate(
        "document.querySelector('.md-content article').innerText.replace(/\\s+/g, ' ').trim().slice(0, 20)")
    assert main_start.startswith("关于开展2024年计量器具")  # the entry's title opens its text

    read.click()
    spoken = page.evaluate("window.spoken")
    assert len(spoken) == 1
    assert spoken[0]["text"].replace("\n", " ").startswith(main_start)
    assert spoken[0]["lang"] == "zh-CN"
    assert spoken[0]["rate"] == 1
    assert read.get_attribute("aria-pressed") == "true"

    # A faster rate: the sentence being read starts again at once, faster.
    _bar_button(page, "快速").click()
    assert _bar_button(page, "快速").get_attribute("aria-pressed") == "true"
    assert _bar_button(page, "中速").get_attribute("aria-pressed") == "false"
    spoken = page.evaluate("window.spoken")
    assert [s["rate"] for s in spoken] == [1, pytest.approx(1.4)]  # a float32 in the browser
    assert spoken[1]["text"] == spoken[0]["text"]
    assert "cancel" in page.evaluate("window.speechCalls")

    _bar_button(page, "暂停").click()
    assert page.evaluate("window.speechCalls").count("pause") == 1
    assert _bar_button(page, "暂停").get_attribute("aria-pressed") == "true"
    _bar_button(page, "暂停").click()
    assert page.evaluate("window.speechCalls").count("resume") == 1

    calls = len(page.evaluate("window.speechCalls"))
    _bar_button(page, "停止").click()
    assert page.evaluate("window.speechCalls")[calls:] == ["cancel"]
    assert read.get_attribute("aria-pressed") == "false"

    # Only the selected text is read when something is selected.
    selected = page.evaluate("""() => {
        const p = [...document.querySelectorAll('.md-content article p')].find(p => p.innerText.includes('现通知如下'));
        const range = document.createRange(); range.selectNodeContents(p);
        getSelection().removeAllRanges(); getSelection().addRange(range);
        return String(getSelection()).trim();
    }""")
    assert selected == "为做好计量器具检定工作，现通知如下。"
    read.click()
    spoken = page.evaluate("window.spoken")
    assert spoken[-1]["text"] == selected
    assert spoken[-1]["rate"] == pytest.approx(1.4)  # the rate chosen before stays
    _bar_button(page, "停止").click()

    # 指读: what the keyboard reaches is read out.
    _bar_button(page, "指读").click()
    assert _bar_button(page, "指读").get_attribute("aria-pressed") == "true"
    _bar_button(page, "放大").focus()
    page.wait_for_function("window.spoken.length && window.spoken[window.spoken.length - 1].text === '放大'")
    context.close()


def test_reading_controls_are_left_out_where_the_browser_cannot_speak(site_url, browser):  # noqa: F811
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script("delete Window.prototype.speechSynthesis; delete window.speechSynthesis;")
    page = context.new_page()
    page.goto(site_url + ENTRY)
    assert page.evaluate("'speechSynthesis' in window") is False
    _open_toolbar(page)
    assert not _bar_button(page, "朗读").is_visible()
    assert not _bar_button(page, "指读").is_visible()
    assert _bar_button(page, "高对比").is_visible()  # the rest of the bar works as before
    context.close()


# The WCAG 2 contrast of every piece of text against what is rendered behind it: colours as the
# browser computed them, semi-transparent colours and faded elements blended over their backdrop.
CONTRASTS = """() => {
    const rgba = c => { const m = c.match(/rgba?\\(([^)]+)\\)/);
        if (!m) return null;
        const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
        return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1]; };
    const over = (top, bottom) => [0, 1, 2].map(i => top[i] * top[3] + bottom[i] * (1 - top[3])).concat(1);
    const luminance = c => { const [r, g, b] = c.slice(0, 3).map(v => { v /= 255;
        return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
        return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
    const backdrop = e => { const layers = [];
        for (let a = e; a; a = a.parentElement) { const s = getComputedStyle(a);
            if (s.backgroundImage !== 'none') return null;
            const c = rgba(s.backgroundColor); if (c && c[3] > 0) { layers.push(c); if (c[3] === 1) break; } }
        let base = [255, 255, 255, 1];
        for (const layer of layers.reverse()) base = over(layer, base);
        return base; };
    const results = [];
    for (const e of document.body.querySelectorAll('*')) {
        const own = [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
        if (!own && !e.matches('input:not([type=hidden]), select, textarea')) continue;
        const s = getComputedStyle(e), box = e.getBoundingClientRect();
        if (box.width < 2 || box.height < 2 || s.visibility === 'hidden') continue;
        let opacity = 1;
        for (let a = e; a; a = a.parentElement) opacity *= Number(getComputedStyle(a).opacity);
        if (opacity === 0) continue;
        const back = backdrop(e);
        const ink = rgba(e instanceof SVGElement ? s.fill : s.color);
        if (!back || !ink) { results.push({text: e.textContent.trim().slice(0, 30), ratio: 0, why: 'unknown colour'}); continue; }
        const text = over([ink[0], ink[1], ink[2], ink[3] * opacity], back);
        const [hi, lo] = [luminance(text), luminance(back)].sort((x, y) => y - x);
        results.push({text: (e.value || e.textContent).trim().slice(0, 30), tag: e.tagName.toLowerCase(),
                      ratio: (hi + 0.05) / (lo + 0.05)});
    }
    return results;
}"""


def test_high_contrast_gives_every_text_at_least_7_to_1_and_stays_on(site_url, browser):  # noqa: F811
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(site_url)
    _open_toolbar(page)
    _bar_button(page, "高对比").click()
    assert _bar_button(page, "高对比").get_attribute("aria-pressed") == "true"
    low: list[str] = []
    for url in ("", ENTRY, "catalogue/", SEARCH):
        page.goto(site_url + url)  # a new page: the choice is kept
        if url == SEARCH:
            page.wait_for_selector("[data-gk-results] li mark")  # results with the word highlighted
        assert _bar_button(page, "高对比").get_attribute("aria-pressed") == "true"
        texts = page.evaluate(CONTRASTS)
        assert len(texts) > 50, url  # header, band, toolbar, content, footer
        kinds = {t.get("tag") for t in texts}
        assert {"a", "button", "span"} <= kinds, url
        low += [f"/{url}: {t['text']!r} ({t.get('tag')}) {t['ratio']:.2f}:1" for t in texts if t["ratio"] < 7]
    assert low == [], "\n".join(low)
    context.close()


@pytest.mark.parametrize("width", [375, 1280], ids=["phone", "desktop"])
def test_page_enlarges_to_200_percent_by_reflow_without_horizontal_scrolling(site_url, browser, width):  # noqa: F811
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    page.goto(site_url + "guide/")
    body_px = "parseFloat(getComputedStyle(document.querySelector('.md-content .md-typeset')).fontSize)"
    # Line spacing of body text (paragraphs, list items, table cells), as a multiple of the type size.
    spacing = """Math.min(...[...document.querySelectorAll('.md-content .md-typeset :is(p, li, td)')]
        .map(e => { const s = getComputedStyle(e); return parseFloat(s.lineHeight) / parseFloat(s.fontSize); }))"""
    assert page.evaluate(body_px) == 16
    assert page.evaluate(spacing) >= 1.5
    _open_toolbar(page)
    zoom_in, zoom_out = _bar_button(page, "放大"), _bar_button(page, "缩小")
    assert zoom_out.get_attribute("aria-disabled") == "true"  # already at 100%
    for percent in (125, 150, 175, 200):
        zoom_in.click()
        assert page.locator("#gk-a11y-zoom").inner_text() == f"页面大小 {percent}%"
    assert zoom_in.get_attribute("aria-disabled") == "true"
    zoom_in.click(force=True)  # no further (aria-disabled keeps it in the Tab order)
    assert page.locator("#gk-a11y-zoom").inner_text() == "页面大小 200%"
    assert page.evaluate(body_px) == 32  # text twice as large, laid out again (no transform)
    assert page.evaluate("getComputedStyle(document.body).transform") == "none"

    wide: list[str] = []
    for url in ("", "guide/", "agency/", "apply/", "catalogue/", "catalogue/xingzheng-xuke/", ENTRY,
                f"doc/{A1[:-5]}00004/", "regulations/", "budgets/2024/", "reports/2024/", SEARCH):
        page.goto(site_url + url)
        if url == SEARCH:
            page.wait_for_selector("[data-gk-results] li")
        assert page.evaluate(body_px) == 32, url
        assert page.evaluate(spacing) >= 1.5, url
        scroll, client = page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        if scroll > client:
            wide.append(f"/{url}: {scroll}px wide in a {client}px window")
    assert wide == []

    zoom_out.click()
    assert page.locator("#gk-a11y-zoom").inner_text() == "页面大小 175%"
    assert page.evaluate(body_px) == 28
    context.close()


def test_settings_are_applied_before_the_page_is_drawn_and_reset_clears_them(site_url, browser):  # noqa: F811
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    # Notes the classes <html> has when the content is parsed (a flash of the default look otherwise).
    context.add_init_script("""
        new MutationObserver((records, observer) => {
            if (document.querySelector('.md-content')) {
                window.classesAtContent = document.documentElement.className;
                observer.disconnect();
            }
        }).observe(document, {childList: true, subtree: true});""")
    page = context.new_page()
    page.goto(site_url + "guide/")
    _open_toolbar(page)
    for name in ("高对比", "大鼠标", "阅读线", "长辈模式", "快速"):
        _bar_button(page, name).click()
        assert _bar_button(page, name).get_attribute("aria-pressed") == "true", name
    _bar_button(page, "放大").click()
    _bar_button(page, "放大").click()

    page.get_by_role("link", name="依申请公开", exact=True).first.click()
    page.wait_for_url(site_url + "apply/")
    at_content = page.evaluate("window.classesAtContent").split()
    assert {"gk-contrast", "gk-cursor", "gk-guide", "gk-elder", "gk-zoom", "gk-toolbar-open"} <= set(at_content)
    for name in ("高对比", "大鼠标", "阅读线", "长辈模式", "快速"):
        assert _bar_button(page, name).get_attribute("aria-pressed") == "true", name
    assert page.locator("#gk-a11y-zoom").inner_text() == "页面大小 150%"
    assert page.evaluate("getComputedStyle(document.documentElement).fontSize") == "36px"  # 16px × 150% (长辈模式) × 150%

    # 大鼠标: the site's own cursor images, served by the site.
    cursors = page.evaluate("""[getComputedStyle(document.querySelector('.md-content p')).cursor,
                               getComputedStyle(document.querySelector('.md-content a')).cursor]""")
    assert "assets/gongkai/cursors/arrow.svg" in cursors[0]
    assert "assets/gongkai/cursors/hand.svg" in cursors[1]
    for name in ("arrow", "hand"):
        response = page.request.get(site_url + f"assets/gongkai/cursors/{name}.svg")
        assert response.status == 200 and b"<svg" in response.body()

    # 阅读线: a line across the page that follows the pointer.
    page.mouse.move(600, 420)
    line = page.locator(".gk-guide-line")
    assert line.is_visible()
    box = line.bounding_box()
    assert box is not None and box["width"] == 1280 and abs(box["y"] - 420) < 20

    _bar_button(page, "重置").click()
    assert page.evaluate("document.documentElement.className").split().count("gk-toolbar-open") == 1
    for cls in ("gk-contrast", "gk-cursor", "gk-guide", "gk-elder", "gk-zoom"):
        assert cls not in page.evaluate("document.documentElement.className"), cls
    for name in ("高对比", "大鼠标", "阅读线", "长辈模式", "指读"):
        assert _bar_button(page, name).get_attribute("aria-pressed") == "false", name
    assert _bar_button(page, "中速").get_attribute("aria-pressed") == "true"
    assert page.locator("#gk-a11y-zoom").inner_text() == "页面大小 100%"
    assert not line.is_visible()
    assert page.evaluate("[localStorage.getItem('gongkai.a11y'), localStorage.getItem('gongkai.elder')]") \
        == [None, None]
    page.goto(site_url + "guide/")
    assert not [c for c in page.evaluate("window.classesAtContent").split() if c.startswith("gk-")]
    assert page.evaluate("getComputedStyle(document.documentElement).fontSize") == "20px"
    context.close()


MODES: dict[str, dict[str, Any]] = {
    "default": {"open": True},
    "高对比": {"open": True, "contrast": True},
    "长辈模式": {"open": True},
    "200%": {"open": True, "zoom": 200},
    "all on": ALL_ON,
}
AXE_PAGES = ["", "guide/", "apply/", "catalogue/", "catalogue/xingzheng-xuke/", ENTRY,
             "regulations/", "budgets/2024/", "reports/2024/", SEARCH, "no-such-page/"]


@pytest.mark.parametrize("mode", MODES)
def test_axe_finds_no_serious_or_critical_violation_in_any_mode(site_url, browser, mode):  # noqa: F811
    assert AXE.exists(), "install axe-core: npm ci --prefix tests/a11y"
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(f"localStorage.setItem('gongkai.a11y', {json.dumps(json.dumps(MODES[mode]))});"
                            + ("localStorage.setItem('gongkai.elder', 'on');" if mode in ("长辈模式", "all on") else ""))
    page = context.new_page()
    found: list[str] = []
    # No pop-up window and no dialog opens by itself (the 规范 bans ads and random pop-ups).
    page.on("popup", lambda popup: found.append(f"pop-up window {popup.url}"))
    page.on("dialog", lambda dialog: found.append(f"{dialog.type} {dialog.message}"))
    for url in AXE_PAGES:
        page.goto(site_url + url)
        if url == SEARCH:
            page.wait_for_selector("[data-gk-results] li")
        assert page.locator("#gk-a11y-bar").is_visible(), url
        assert page.locator("[role=dialog], [role=alertdialog], dialog[open]").count() == 0, url
        for violation in _axe_violations(page):
            targets = [" ".join(node["target"]) for node in violation["nodes"][:3]]
            found.append(f"/{url}: {violation['id']} [{violation['impact']}] {violation['help']} — {targets}")
    context.close()
    assert found == [], "\n".join(found)
