"""What a citizen sees in a real browser: readable type, no request to any other host."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import AGENCY_CODE

pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).parent / "artifacts"


def test_pages_load_only_from_the_site_and_body_text_is_at_least_16px(build_site, serve, browser):
    result = build_site()
    assert result.exit_code == 0, result.log
    base = serve(result.site_dir)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    ARTIFACTS.mkdir(exist_ok=True)
    for url in ("", "catalogue/", f"doc/{AGENCY_CODE.lower()}-2024-00001/", "guide/", "apply/",
                "reports/2024/"):
        response = page.goto(base + url)
        assert response is not None and response.status == 200, url
        page.wait_for_load_state("networkidle")
        # Body type: every paragraph, list item and table cell of the content, at least 16px.
        sizes = page.evaluate(
            "[...document.querySelectorAll('.md-content .md-typeset :is(p, li, td)')]"
            ".map(e => parseFloat(getComputedStyle(e).fontSize))")
        assert sizes and min(sizes) >= 16, (url, min(sizes))
        page.screenshot(path=str(ARTIFACTS / f"site-{url.strip('/').replace('/', '_') or 'home'}.png"))
    outside = [u for u in requested if not u.startswith(base) and not u.startswith("data:")]
    assert outside == []
    page.close()


def test_apply_form_prints_on_one_a4_page(build_site, serve, browser):
    result = build_site()
    base = serve(result.site_dir)
    page = browser.new_page()
    page.goto(base + "apply/")
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
    page.close()
