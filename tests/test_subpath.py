"""Deployment under a sub-path: ``site_url: https://example.gov.cn/xxgk/`` served at ``/xxgk/``.

Many agencies publish the disclosure site as a folder of their main site.  The fixture is built
with such a ``site_url`` and served by a local server that answers only below ``/xxgk/`` (every
other path is 404, as on the agency's host); every link, asset, attachment and export must work.
"""

from __future__ import annotations

import functools
import http.server
import re
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from html import unescape
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urljoin, urlsplit

import pytest

from conftest import AGENCY_CODE, entry, minimal_site, run_build, write_site

PREFIX = "/xxgk/"
SITE_URL = "https://example.gov.cn/xxgk/"
FILES = {
    **minimal_site(),
    "catalogue/2024/files/检定申请表.docx": "申请表",
    "catalogue/2024/a.md": entry(extra="attachments:\n  - {path: files/检定申请表.docx, title: 检定申请表}\n",
                                 body="见[许可清单](../../doc/" + f"{AGENCY_CODE.lower()}-2024-00002/)。\n"),
}


class SubPathHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site folder at /xxgk/ only, like a web server with the site in a sub-folder."""

    def translate_path(self, path: str) -> str:
        plain = urlsplit(path).path
        if not plain.startswith(PREFIX):
            return str(Path(self.directory) / "__outside_the_sub_path__")
        return super().translate_path(path[len(PREFIX) - 1:])

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - signature of the base
        """No line per request in the test output."""


@pytest.fixture(scope="module")
def deployed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """(URL of the site on the local server, build log)."""
    root = tmp_path_factory.mktemp("subpath")
    write_site(root, FILES, mkdocs_extra={"site_url": SITE_URL})
    result = run_build(root)
    assert result.exit_code == 0, result.log
    handler = functools.partial(SubPathHandler, directory=str(result.site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}{PREFIX}", result.log
    server.shutdown()


LINK = re.compile(r"""(?:href|src)="([^"]*)"|<loc>([^<]+)</loc>""")


def fetch(url: str) -> tuple[int, str, str]:
    try:
        # As a browser does: non-ASCII characters of a link are sent percent-encoded.
        with urllib.request.urlopen(quote(url, safe=":/?=&%"), timeout=30) as response:
            kind = response.headers.get_content_type()
            body = response.read()
            text = body.decode("utf-8", "replace") if kind in ("text/html", "text/xml",
                                                              "application/xml") else ""
            return response.status, kind, text
    except urllib.error.HTTPError as error:
        return error.code, "", ""


def test_the_build_link_checks_the_sub_path(deployed):
    _, log = deployed
    assert "link check:" in log and "none broken" in log


def test_every_link_of_every_page_answers_200_under_the_sub_path(deployed):
    base, _ = deployed
    own = urlsplit(base).netloc
    queue = [base, base + "sitemap.xml", base + "feed.xml"]
    seen: dict[str, int] = {}
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        status, kind, text = fetch(url)
        seen[url] = status
        for match in LINK.finditer(re.sub(r"(<script\b[^>]*>).*?</script>", r"\1", text, flags=re.S)):
            link = unescape(match.group(1) or match.group(2)).replace(SITE_URL, base)
            target = unquote(urljoin(url, link).split("#")[0])
            if urlsplit(target).scheme == "http" and urlsplit(target).netloc == own:
                queue.append(target)
    broken = {url: status for url, status in seen.items() if status != 200}
    assert broken == {}
    visited = {url[len(base):] for url in seen}
    # Pages, assets, an attachment and every export were all reached from the home page.
    for needed in ("catalogue/", f"doc/{AGENCY_CODE.lower()}-2024-00001/",
                   "catalogue/2024/files/检定申请表.docx",
                   "data/catalogue.json", "data/catalogue.csv", "feed.xml", "reports/2024/"):
        assert needed in visited, needed
    assert any(url.endswith(".css") for url in visited)
    assert any(url.endswith(".js") for url in visited)


def test_nothing_is_served_outside_the_sub_path(deployed):
    base, _ = deployed
    root = base[: -len(PREFIX) + 1]
    assert fetch(root + "index.html")[0] == 404
    assert fetch(base + "index.html")[0] == 200


@pytest.mark.browser
def test_pages_render_with_every_request_answered_under_the_sub_path(deployed, browser):
    base, _ = deployed
    page = browser.new_page()
    failed: list[str] = []
    answered: list[str] = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.on("response", lambda r: answered.append(r.url) if r.status == 200 else None)
    page.on("requestfailed", lambda r: failed.append(f"failed {r.url}"))
    for url in ("", "catalogue/", f"doc/{AGENCY_CODE.lower()}-2024-00001/", "reports/2024/"):
        response = page.goto(base + url)
        assert response is not None and response.status == 200, url
        page.wait_for_load_state("networkidle")
        # The stylesheets loaded: Material's header is laid out, not an unstyled list.
        assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") in (
            "sticky", "fixed"), url
    page.goto(base + f"doc/{AGENCY_CODE.lower()}-2024-00001/")
    page.click(".gk-fulltext a")  # a link written in an entry's full text
    page.wait_for_load_state("networkidle")
    assert page.url == base + f"doc/{AGENCY_CODE.lower()}-2024-00002/"
    # The search index is fetched from below the sub-path too, and finds the entry.
    page.goto(base + "search/?q=" + quote("计量器具"))
    page.wait_for_selector(".gk-result__title", timeout=15000)
    assert "关于开展2024年计量器具检定工作的通知" in page.locator(".gk-result__title").all_inner_texts()
    assert failed == []
    assert any(url.startswith(base + "search/") and ".json" in url for url in answered)
    page.close()
