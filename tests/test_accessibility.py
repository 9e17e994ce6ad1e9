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
