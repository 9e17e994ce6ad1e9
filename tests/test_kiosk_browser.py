"""The lobby kiosk in a real browser: headless Chromium with touch, portrait 1080×1920 and landscape
1920×1080, against the built kiosk served from 127.0.0.1.

A visitor finds a document by tapping alone; nothing they tap leads away; when they walk away the
screen counts down and forgets them.  Screenshots are kept in tests/artifacts/.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import AGENCY_CODE
from kiosk_fixture import (
    BANK,
    CHONGQING,
    EXTERNAL_URL,
    LINKS,
    RULES,
    build_kiosk,
    build_own_columns_kiosk,
)

pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).parent / "artifacts"
VIEWPORTS = [pytest.param((1080, 1920), id="portrait"), pytest.param((1920, 1080), id="landscape")]
IDLE_SECONDS = 5
COUNTDOWN_SECONDS = 6
LINKS_PAGE = f"doc/{AGENCY_CODE.lower()}-2025-00004/"


@pytest.fixture(scope="module")
def calm_kiosk(tmp_path_factory):
    """The kiosk with its default timers: nobody is interrupted while the tests look around."""
    result = build_kiosk(tmp_path_factory.mktemp("calm"))
    assert result.exit_code == 0, result.log
    return result.site_dir


@pytest.fixture(scope="module")
def quick_kiosk(tmp_path_factory):
    """The kiosk with timers shortened through the plugin options (idle 5 s, countdown 6 s)."""
    result = build_kiosk(tmp_path_factory.mktemp("quick"), IDLE_SECONDS, COUNTDOWN_SECONDS)
    assert result.exit_code == 0, result.log
    return result.site_dir


@pytest.fixture(scope="module")
def own_kiosk(tmp_path_factory):
    """The kiosk of an agency with its own columns and a home page that starts with a heading,
    built with a kiosk.yml of its own lines only."""
    result = build_own_columns_kiosk(tmp_path_factory.mktemp("own"))
    assert result.exit_code == 0, result.log
    return result.site_dir


@pytest.fixture
def touch(browser):
    """Open a touch-screen page of the given size; every request it makes is recorded."""
    contexts = []

    def open_page(size: tuple[int, int]):
        context = browser.new_context(viewport={"width": size[0], "height": size[1]}, has_touch=True,
                                      is_mobile=False)
        contexts.append(context)
        page = context.new_page()
        page.requested = []  # type: ignore[attr-defined]
        context.on("request", lambda request: page.requested.append(request.url))
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.errors = errors  # type: ignore[attr-defined]
        return page

    yield open_page
    for context in contexts:
        context.close()


def shot(page, name: str, size: tuple[int, int]) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"kiosk-{size[0]}x{size[1]}-{name}.png"))


def tap_and_wait(page, locator) -> None:
    """Tap something that opens another page of the kiosk and wait for it."""
    with page.expect_navigation():
        locator.tap()
    page.wait_for_load_state("load")


def type_on_screen(page, text: str) -> None:
    """Tap the on-screen keys: each key is a button whose text is its letter or digit."""
    for char in text:
        page.get_by_role("button", name=char.upper(), exact=True).tap()


def result_titles(page) -> list[str]:
    return page.locator("#gk-search-results .gk-result__title").all_inner_texts()


# -- finding a document by tapping alone -------------------------------------------------------

@pytest.mark.parametrize("size", VIEWPORTS)
def test_a_visitor_finds_a_document_by_tapping_tiles_and_goes_back(calm_kiosk, serve, touch, size):
    base = serve(calm_kiosk)
    page = touch(size)
    page.goto(base)
    start = page.evaluate("history.length")
    shot(page, "home", size)
    tap_and_wait(page, page.locator(".gk-kiosk-tiles--categories a", has_text="政府信息公开制度"))
    assert page.url == base + "catalogue/gongkai-zhidu/"
    tap_and_wait(page, page.get_by_role("link", name=RULES))
    assert page.locator("h1").inner_text() == RULES
    shot(page, "entry", size)
    tap_and_wait(page, page.get_by_role("button", name="返回"))
    assert page.url == base + "catalogue/gongkai-zhidu/"
    tap_and_wait(page, page.get_by_role("button", name="首页"))
    assert page.url == base
    # Every step replaced the page: the browser history did not grow, the kiosk's own trail did.
    assert page.evaluate("history.length") == start
    assert page.errors == []


@pytest.mark.parametrize("size", VIEWPORTS)
def test_the_skip_link_and_taps_on_a_home_page_with_headings_keep_the_kiosk_working(own_kiosk, serve,
                                                                                     touch, size):
    base = serve(own_kiosk)
    page = touch(size)
    page.goto(base)
    start = page.evaluate("history.length")
    missing = page.evaluate("""() => [...document.querySelectorAll('a[href^="#"]')]
        .map(a => decodeURIComponent(a.getAttribute('href').slice(1)))
        .filter(id => id && !document.getElementById(id))""")
    assert missing == []  # every in-page link of the home screen names something on it
    skip = page.locator("a.md-skip")
    assert skip.get_attribute("href") == "#gk-kiosk-home"
    # Hidden on the touch screen (Material's keyboard control), it still leads to the heading.
    skip.dispatch_event("click")
    for text in ("临川市测试局政府信息公开查阅", "请用手指轻点", "按类别查阅", "最新公开"):
        page.get_by_text(text).first.tap()  # taps on text, not on a control: nothing happens
    assert page.url == base and page.evaluate("history.length") == start
    assert page.locator("#gk-kiosk-home").is_visible()
    assert page.locator("#gk-search").is_hidden() and page.locator("#gk-leave").is_hidden()
    shot(page, "own-home", size)
    # The agency's own columns are the tiles, and they open.
    tap_and_wait(page, page.locator(".gk-kiosk-tiles--categories a", has_text="行政执法"))
    assert page.url == base + "catalogue/xingzheng-zhifa/"
    tap_and_wait(page, page.get_by_role("button", name="首页"))
    assert page.url == base
    assert page.errors == []


@pytest.mark.parametrize("size", VIEWPORTS)
@pytest.mark.parametrize(("typed", "expected"), [
    ("zfxxgk", ["栏目：政府信息公开制度", RULES]),  # initials: 政府信息公开 (a category and a title)
    ("chongqing", [CHONGQING]),              # full pinyin, 重 read chong in 重庆
    ("cq", [CHONGQING]),
    ("yinhanghangzhang", [BANK]),            # 银行行长: hang, hang, zhang
    ("2023", ["临川市测试局规范性文件管理办法"]),  # the year of 临测规〔2023〕1号
    ("lcscsj2025", [LINKS, RULES, BANK]),    # initials and a year together, newest first
])
def test_on_screen_keyboard_finds_titles_by_pinyin_and_digits(calm_kiosk, serve, touch, size, typed,
                                                             expected):
    base = serve(calm_kiosk)
    page = touch(size)
    page.goto(base)
    page.get_by_role("button", name="查找文件").tap()
    type_on_screen(page, typed)
    page.wait_for_function("document.querySelector('#gk-search-status').textContent.startsWith('找到')")
    assert page.locator("#gk-search-query").inner_text() == typed.upper()
    assert result_titles(page) == expected
    if typed == "zfxxgk":
        shot(page, "search", size)


def test_a_wrong_reading_of_a_polyphonic_character_finds_nothing(calm_kiosk, serve, touch):
    base = serve(calm_kiosk)
    page = touch((1080, 1920))
    page.goto(base)
    page.get_by_role("button", name="查找文件").tap()
    type_on_screen(page, "zhongqing")  # 重 is not zhong in 重庆
    page.wait_for_function("document.querySelector('#gk-search-status').textContent.startsWith('没有')")
    assert result_titles(page) == []


def test_a_category_name_is_found_too_and_its_tile_opens_it(calm_kiosk, serve, touch):
    base = serve(calm_kiosk)
    page = touch((1920, 1080))
    page.goto(base)
    page.get_by_role("button", name="查找文件").tap()
    type_on_screen(page, "xzxk")
    page.wait_for_function("document.querySelector('#gk-search-status').textContent.startsWith('找到')")
    assert result_titles(page) == ["栏目：行政许可", "临川市测试局行政许可事项清单"]
    tap_and_wait(page, page.locator(".gk-result").first)
    assert page.url == base + "catalogue/xingzheng-xuke/"
    # 返回 brings the search back as it was.
    tap_and_wait(page, page.get_by_role("button", name="返回"))
    assert page.locator("#gk-search").is_visible()
    assert page.locator("#gk-search-query").inner_text() == "XZXK"


# -- never leaving the site --------------------------------------------------------------------

@pytest.mark.parametrize("size", VIEWPORTS)
def test_links_out_of_the_site_open_a_qr_dialog_and_the_url_does_not_change(calm_kiosk, serve, touch,
                                                                           size):
    base = serve(calm_kiosk)
    page = touch(size)
    page.goto(base + LINKS_PAGE)
    start = page.evaluate("history.length")
    dialog = page.locator("#gk-leave")
    qr = page.locator("#gk-leave-qr")
    for name, shown in (("中国政府网", EXTERNAL_URL), ("电子邮件", "xxgk@test.linchuan.gov.cn"),
                        ("拨打电话", "0794-8000001"), ("申请表", "catalogue/2025/files/form.pdf")):
        page.get_by_role("link", name=name).tap()
        dialog.wait_for(state="visible")
        page.wait_for_function("document.querySelector('#gk-leave-qr').complete")
        assert qr.evaluate("img => img.naturalWidth") > 0, name  # the build-time SVG loaded
        assert shown in page.locator("#gk-leave-url").inner_text()
        assert page.url == base + LINKS_PAGE
        if name == "中国政府网":
            shot(page, "leave-dialog", size)
        page.get_by_role("button", name="关闭").tap()
        dialog.wait_for(state="hidden")
    assert page.evaluate("history.length") == start
    assert all(url.startswith(base) for url in page.requested), page.requested


@pytest.mark.parametrize("size", VIEWPORTS)
def test_every_entry_page_offers_its_qr_code_to_take_away(calm_kiosk, serve, touch, size):
    base = serve(calm_kiosk)
    page = touch(size)
    page.goto(base + LINKS_PAGE)
    page.get_by_role("button", name="带走这份文件").tap()
    takeaway = page.locator("#gk-takeaway")
    takeaway.wait_for(state="visible")
    page.wait_for_function("document.querySelector('#gk-takeaway img').complete")
    assert takeaway.locator("img").evaluate("img => img.naturalWidth") > 0
    assert "https://test.linchuan.gov.cn/" + LINKS_PAGE in takeaway.inner_text()
    shot(page, "takeaway", size)


# -- idle countdown and reset ------------------------------------------------------------------

@pytest.mark.parametrize("size", VIEWPORTS)
def test_idle_countdown_then_reset_wipes_search_storage_and_history(quick_kiosk, serve, touch, size):
    base = serve(quick_kiosk)
    page = touch(size)
    page.goto(base)
    start = page.evaluate("history.length")
    page.evaluate("localStorage.setItem('visitor', 'x')")
    page.get_by_role("button", name="查找文件").tap()
    type_on_screen(page, "zfxxgk")
    tap_and_wait(page, page.locator(".gk-result", has_text=RULES))
    entry_url = page.url
    # The visitor stops touching: after the idle time a countdown with a large 继续浏览 button.
    countdown = page.locator("#gk-idle")
    countdown.wait_for(state="visible", timeout=(IDLE_SECONDS + 10) * 1000)
    button = page.get_by_role("button", name="继续浏览")
    box = button.bounding_box()
    assert box is not None and box["width"] >= 120 and box["height"] >= 100
    shot(page, "countdown", size)
    button.tap()
    countdown.wait_for(state="hidden")
    assert page.url == entry_url  # continuing keeps the visitor where they were
    # Now they walk away for good: countdown, then back to the home screen, forgotten.
    countdown.wait_for(state="visible", timeout=(IDLE_SECONDS + 10) * 1000)
    page.wait_for_url(base, timeout=(COUNTDOWN_SECONDS + 10) * 1000)
    page.wait_for_load_state("load")
    assert page.evaluate("sessionStorage.length") == 0
    assert page.evaluate("localStorage.length") == 0
    assert page.locator("#gk-attract").is_visible()  # the attract screen: latest disclosures, large
    assert page.locator("#gk-attract .gk-attract__title").first.inner_text() == LINKS
    shot(page, "attract", size)
    page.get_by_role("button", name="轻触开始查阅").tap()
    assert page.get_by_role("button", name="返回").get_attribute("aria-disabled") == "true"
    page.get_by_role("button", name="查找文件").tap()
    assert page.locator("#gk-search-query").inner_text() == ""
    assert result_titles(page) == []
    # No history of the visit: every page change replaced the last one, so going back leaves the
    # kiosk session altogether (to the browser's blank start page) instead of showing the entry.
    assert page.evaluate("history.length") == start
    page.go_back()
    assert not page.url.startswith(base)


def test_a_tap_anywhere_on_the_countdown_keeps_the_visitor_on_their_page(quick_kiosk, serve, touch):
    base = serve(quick_kiosk)
    page = touch((1080, 1920))
    page.goto(base + LINKS_PAGE)
    countdown = page.locator("#gk-idle")
    countdown.wait_for(state="visible", timeout=(IDLE_SECONDS + 10) * 1000)
    page.touchscreen.tap(60, 300)  # on the dimmed page, far from the button
    countdown.wait_for(state="hidden", timeout=2000)
    assert page.url == base + LINKS_PAGE


def test_idle_on_a_clean_home_screen_shows_the_attract_screen(quick_kiosk, serve, touch):
    base = serve(quick_kiosk)
    page = touch((1920, 1080))
    page.goto(base)
    attract = page.locator("#gk-attract")
    attract.wait_for(state="visible", timeout=(IDLE_SECONDS + 10) * 1000)
    titles = attract.locator(".gk-attract__title").all_inner_texts()
    assert titles[:3] == [LINKS, RULES, BANK]  # newest first
    size = float(attract.locator(".gk-attract__title").first.evaluate(
        "e => parseFloat(getComputedStyle(e).fontSize)"))
    assert size >= 36
    assert page.locator("#gk-idle").is_hidden()  # nothing to forget: no countdown
    page.mouse.click(5, 5)  # any tap wakes the kiosk
    attract.wait_for(state="hidden")


# -- offline: every request stays on 127.0.0.1 -------------------------------------------------

@pytest.mark.parametrize("size", VIEWPORTS)
def test_every_request_of_a_scripted_session_goes_to_127_0_0_1(calm_kiosk, serve, touch, size):
    base = serve(calm_kiosk)
    assert base.startswith("http://127.0.0.1:")
    page = touch(size)
    page.goto(base)
    tap_and_wait(page, page.locator(".gk-kiosk-tiles a", has_text="政府信息公开目录"))
    tap_and_wait(page, page.locator(".md-content a", has_text="行政许可").first)
    tap_and_wait(page, page.get_by_role("link", name="临川市测试局行政许可事项清单"))
    tap_and_wait(page, page.get_by_role("button", name="首页"))
    tap_and_wait(page, page.locator(".gk-kiosk-tiles a", has_text="依申请公开"))
    assert page.get_by_role("button", name="打印申请表").is_hidden()  # the kiosk has no printer
    tap_and_wait(page, page.get_by_role("button", name="首页"))
    page.get_by_role("button", name="查找文件").tap()
    type_on_screen(page, "cq")
    tap_and_wait(page, page.locator(".gk-result", has_text=CHONGQING))
    page.get_by_role("button", name="带走这份文件").tap()
    page.goto(base + LINKS_PAGE)
    page.get_by_role("link", name="中国政府网").tap()
    page.wait_for_load_state("networkidle")
    assert len(page.requested) > 20
    outside = [url for url in page.requested if not url.startswith(base)]
    assert outside == []
    assert page.errors == []


# -- 适老化: sizes, type, contrast, no selection or zoom -----------------------------------------

TARGETS_JS = """() => {
  const seen = [];
  for (const el of document.querySelectorAll('a[href], button, [role=button], input, select, textarea, summary')) {
    const rect = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (!el.getClientRects().length || style.visibility === 'hidden' || rect.width === 0) continue;
    seen.push({text: (el.innerText || el.getAttribute('aria-label') || el.outerHTML).trim().slice(0, 40),
               width: rect.width, height: rect.height});
  }
  return seen;
}"""

TEXT_JS = """() => {
  const seen = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const el = node.parentElement;
    if (!node.textContent.trim() || !el || !el.getClientRects().length) continue;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || style.opacity === '0') continue;
    let bg = null;
    for (let p = el; p; p = p.parentElement) {
      const c = getComputedStyle(p).backgroundColor;
      const alpha = c.startsWith('rgba') ? parseFloat(c.split(',')[3]) : 1;
      if (alpha > 0) { bg = c; break; }
    }
    seen.push({text: node.textContent.trim().slice(0, 30), size: parseFloat(style.fontSize),
               color: style.color, background: bg || 'rgb(255, 255, 255)'});
  }
  return seen;
}"""


HOVER_JS = """() => {
  // :hover rules that show, hide or fade something now on screen: a control only a mouse finds.
  const found = [];
  const visit = (rules) => { for (const rule of rules) {
    if (rule.cssRules && !rule.selectorText) { visit(rule.cssRules); continue; }
    if (!rule.selectorText || !rule.selectorText.includes(':hover')) continue;
    const changed = ['display', 'visibility', 'opacity', 'max-height', 'pointer-events']
      .filter(p => rule.style.getPropertyValue(p));
    if (!changed.length) continue;
    for (const selector of rule.selectorText.split(',')) {
      if (!selector.includes(':hover')) continue;
      let elements = [];
      try { elements = [...document.querySelectorAll(selector.replace(/:hover/g, '').trim() || '*')]; }
      catch (e) { continue; }
      if (elements.some(e => e.getClientRects().length)) found.push(selector.trim() + ' → ' + changed);
    }
  }};
  for (const sheet of document.styleSheets) { visit(sheet.cssRules); }
  return found;
}"""


def _rgb(css: str) -> tuple[float, float, float, float]:
    inside = css[css.index("(") + 1:css.index(")")]
    parts = [float(p) for p in inside.split(",")]
    return parts[0], parts[1], parts[2], parts[3] if len(parts) > 3 else 1.0


def _luminance(r: float, g: float, b: float) -> float:
    # WCAG 2.1 relative luminance.
    def channel(c: float) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(color: str, background: str) -> float:
    """WCAG contrast ratio; a translucent background is composed over white, text over it."""
    br, bg_, bb, ba = _rgb(background)
    br, bg_, bb = (ba * c + (1 - ba) * 255 for c in (br, bg_, bb))
    fr, fg, fb, fa = _rgb(color)
    fr, fg, fb = (fa * c + (1 - fa) * b for c, b in zip((fr, fg, fb), (br, bg_, bb), strict=True))
    light, dark = sorted((_luminance(fr, fg, fb), _luminance(br, bg_, bb)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize(("color", "background", "ratio"), [
    ("rgb(0, 0, 0)", "rgb(255, 255, 255)", 21.0),
    ("rgb(255, 255, 255)", "rgb(255, 255, 255)", 1.0),
    ("rgb(118, 118, 118)", "rgb(255, 255, 255)", 4.54),  # the classic lightest AA grey on white
])
def test_contrast_formula(color, background, ratio):
    assert contrast(color, background) == pytest.approx(ratio, abs=0.01)


KIOSK_PAGES = ["", "catalogue/", "catalogue/xingzheng-xuke/", LINKS_PAGE, "guide/", "agency/",
               "apply/", "regulations/", "reports/", "reports/2024/"]


def _measure(page, where: str, problems: list[str]) -> None:
    problems.extend(f"{where}: hover-only control {rule}" for rule in page.evaluate(HOVER_JS))
    for target in page.evaluate(TARGETS_JS):
        if target["width"] < 59.5 or target["height"] < 59.5:
            problems.append(f"{where}: target {target['text']!r} is {target['width']:.0f}×"
                            f"{target['height']:.0f}")
    for text in page.evaluate(TEXT_JS):
        if text["size"] < 24:
            problems.append(f"{where}: text {text['text']!r} is {text['size']}px")
        ratio = contrast(text["color"], text["background"])
        if ratio < 4.5:
            problems.append(f"{where}: text {text['text']!r} has contrast {ratio:.2f} "
                            f"({text['color']} on {text['background']})")


@pytest.mark.parametrize("size", VIEWPORTS)
def test_targets_60px_text_24px_contrast_4_5_and_nothing_hover_only_on_every_screen(calm_kiosk, serve, touch, size):
    base = serve(calm_kiosk)
    page = touch(size)
    problems: list[str] = []
    for url in KIOSK_PAGES:
        page.goto(base + url)
        _measure(page, url or "home", problems)
        shot(page, (url.strip("/").replace("/", "_") or "home") + "-measured", size)
    page.goto(base)
    page.get_by_role("button", name="查找文件").tap()
    type_on_screen(page, "lcs")
    page.wait_for_function("document.querySelector('#gk-search-status').textContent.startsWith('找到')")
    _measure(page, "search", problems)
    page.goto(base + LINKS_PAGE)
    page.get_by_role("link", name="中国政府网").tap()
    _measure(page, "leave dialog", problems)
    assert problems == []


def test_no_text_selection_long_press_menu_or_pinch_zoom(calm_kiosk, serve, touch):
    base = serve(calm_kiosk)
    page = touch((1080, 1920))
    page.goto(base + LINKS_PAGE)
    heading = page.locator("h1")
    heading.dblclick()
    assert page.evaluate("String(getSelection())") == ""
    prevented = heading.evaluate("""h => {
        const e = new MouseEvent('contextmenu', {bubbles: true, cancelable: true});
        h.dispatchEvent(e);
        return e.defaultPrevented;
    }""")
    assert prevented is True
    # A real two-finger pinch through Chromium's input pipeline (the public site zooms 4× with it).
    session = page.context.new_cdp_session(page)
    session.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [
        {"x": 500, "y": 800, "id": 1}, {"x": 560, "y": 800, "id": 2}]})
    for step in range(1, 11):
        session.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [
            {"x": 500 - 20 * step, "y": 800, "id": 1}, {"x": 560 + 20 * step, "y": 800, "id": 2}]})
    session.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    page.wait_for_timeout(500)
    assert page.evaluate("visualViewport.scale") == 1
    # Nor ctrl+wheel or ctrl+plus zoom (a keyboard or mouse left attached by a technician).
    cancelled = page.evaluate("""() => {
        const wheel = new WheelEvent('wheel', {ctrlKey: true, deltaY: -100, bubbles: true, cancelable: true});
        document.body.dispatchEvent(wheel);
        const plus = new KeyboardEvent('keydown', {key: '+', ctrlKey: true, bubbles: true, cancelable: true});
        document.body.dispatchEvent(plus);
        return [wheel.defaultPrevented, plus.defaultPrevented];
    }""")
    assert cancelled == [True, True]
