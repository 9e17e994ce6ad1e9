"""Link check: a broken internal link, anchor, attachment or export link fails the build.

The checker is tested on small hand-written site folders (what a browser would request is obvious
from the HTML), then through the build of a fixture site and as the command CI runs.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import entry
from gongkai.core.linkcheck import check_site, infer_site_url

SITE_URL = "https://example.gov.cn/xxgk/"


def write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def page(body: str) -> str:
    return f'<!doctype html><html><head></head><body>{body}</body></html>'


TARGETS = {
    "index.html": page('<h2 id="latest">最新</h2>'),
    "doc/a/index.html": page('<h2 id="gk-fulltext-title">全文</h2><a name="old-anchor"></a>'),
    "catalogue/2024/files/申请表.docx": "docx",
    "data/catalogue.json": "{}",
    "assets/site.css": "body{}",
}

# (link written on the page doc/b/index.html, broken?)   — the page sits at /xxgk/doc/b/
CASES = [
    ("../a/", False),                                    # relative page link
    ("../a/index.html", False),                          # the same page, file form
    ("../a", False),                                     # folder without slash: servers redirect
    ("../missing/", True),                               # no such page
    ("../a/#gk-fulltext-title", False),                  # anchor that exists
    ("../a/#old-anchor", False),                         # <a name> anchors count
    ("../a/#nowhere", True),                             # anchor the page lacks
    ("#own", False),                                     # anchor on the page itself
    ("#not-here", True),
    ("../../catalogue/2024/files/%E7%94%B3%E8%AF%B7%E8%A1%A8.docx", False),  # attachment, URL-encoded
    ("../../catalogue/2024/files/缺失.pdf", True),        # attachment not copied
    ("../../data/catalogue.json", False),                # export
    ("/xxgk/assets/site.css", False),                    # root-absolute under the sub-path
    ("/assets/site.css", True),                          # root-absolute, forgets the sub-path
    ("https://example.gov.cn/xxgk/#latest", False),      # absolute URL of the site itself
    ("https://example.gov.cn/xxgk/gone/", True),
    ("https://www.gov.cn/zhengce/", False),              # another host: not fetched
    ("mailto:xxgk@example.gov.cn", False),
    ("../../../../etc/passwd", True),                    # above the site root
]


@pytest.mark.parametrize(("link", "broken"), CASES)
def test_each_kind_of_link_resolves_or_is_reported(tmp_path, link, broken):
    files = dict(TARGETS)
    files["doc/b/index.html"] = page(f'<p id="own"><a href="{link}">链接</a></p>')
    report = check_site(write(tmp_path, files), SITE_URL)
    found = [(b.page, b.link) for b in report.broken]
    assert found == ([("doc/b/index.html", link)] if broken else [])


def test_src_of_images_and_scripts_is_checked_but_script_text_is_not(tmp_path):
    files = dict(TARGETS)
    files["doc/b/index.html"] = page(
        '<img src="../../assets/logo.png" alt="">'
        '<script>var html = \'<a href="nowhere/">x</a>\';</script>'
        '<script src="../../assets/site.css"></script><script src="../../assets/gone.js"></script>'
        '<!-- <a href="commented-out/">x</a> -->')
    report = check_site(write(tmp_path, files), SITE_URL)
    assert [(b.attribute, b.link) for b in report.broken] == [("src", "../../assets/logo.png"),
                                                              ("src", "../../assets/gone.js")]


def test_absolute_urls_in_feed_and_exports_are_checked(tmp_path):
    files = dict(TARGETS)
    files["feed.xml"] = ('<feed><link href="https://example.gov.cn/xxgk/doc/a/"/>'
                         '<link href="https://example.gov.cn/xxgk/doc/zz/"/></feed>')
    report = check_site(write(tmp_path, files), SITE_URL)
    assert [(b.page, b.link) for b in report.broken] == [
        ("feed.xml", "https://example.gov.cn/xxgk/doc/zz/")]


def test_the_site_url_is_read_from_the_sitemap(tmp_path):
    write(tmp_path, {"sitemap.xml": "<urlset><url><loc>https://example.gov.cn/xxgk/</loc></url>"
                                    "<url><loc>https://example.gov.cn/xxgk/doc/a/</loc></url></urlset>"})
    assert infer_site_url(tmp_path) == "https://example.gov.cn/xxgk/"


def test_a_broken_link_in_an_entry_fails_the_build_naming_the_entry_file(build_site):
    body = "详见[计量检定规程](../nowhere/)和[附件](files/缺失.pdf)。\n"
    result = build_site({"catalogue/2024/a.md": entry(body=body)})
    assert result.exit_code != 0
    # Line 10: nine lines of front matter (between the --- lines), then the full text.
    assert ("ERROR   -  gongkai: catalogue/2024/a.md:10: href: '../nowhere/' does not exist in the "
            "built site" in result.log), result.log
    assert "catalogue/2024/a.md:10: href: 'files/缺失.pdf' does not exist" in result.log
    assert "2 broken internal link(s) in the built site" in result.log
    assert "Traceback" not in result.log


def test_the_fixture_site_has_no_broken_link_and_the_command_agrees(build_site):
    result = build_site(strict=True)
    assert result.exit_code == 0, result.log
    assert "link check:" in result.log and "none broken" in result.log
    command = [sys.executable, "-m", "gongkai.core.linkcheck", str(result.site_dir)]
    proc = subprocess.run(command, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "0 broken (site URL https://test.linchuan.gov.cn/)" in proc.stdout
    # Break one page after the build: the command reports it and exits 1.
    home = result.site_dir / "index.html"
    home.write_text(home.read_text(encoding="utf-8").replace("</body>", '<a href="gone/">x</a></body>'),
                    encoding="utf-8")
    proc = subprocess.run(command, capture_output=True, text=True)
    assert proc.returncode == 1
    assert "index.html: href: 'gone/' does not exist" in proc.stderr


def test_the_same_link_on_pages_at_other_depths_is_judged_for_each_page(tmp_path):
    files = dict(TARGETS)
    link = '<a href="../../assets/site.css">x</a><a href="../../../index.html">y</a>'
    files["doc/b/index.html"] = page(link)  # the stylesheet; one level above the site root
    files["deep/er/c/index.html"] = page(link)  # deep/assets/ does not exist; the home page
    files["doc/d/index.html"] = page(link)
    report = check_site(write(tmp_path, files), SITE_URL)
    assert sorted((b.page, b.link) for b in report.broken) == [
        ("deep/er/c/index.html", "../../assets/site.css"),
        ("doc/b/index.html", "../../../index.html"),
        ("doc/d/index.html", "../../../index.html"),
    ]
