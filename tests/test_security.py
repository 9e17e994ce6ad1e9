"""Non-negotiables: nothing unreviewed, nothing from registers, no personal data, all escaped."""

from __future__ import annotations

import re

import pytest

from conftest import AGENCY_CODE, BuildResult, entry

WITHHELD_MARKER = "内部待审稿甲乙丙"
HOSTILE = "<script>alert('x')</script>恶意标题"


@pytest.mark.parametrize("result_text", ["待审", "不通过"])
def test_unreviewed_entries_are_absent_from_every_byte(build_site, result_text):
    withheld = entry(f"{AGENCY_CODE}/2024-00077", title=f"{WITHHELD_MARKER}的通知", review=result_text,
                     summary=f"{WITHHELD_MARKER}概述", body=f"{WITHHELD_MARKER}正文\n",
                     extra="attachments: [secret.pdf]\n")
    result = build_site({"catalogue/2024/withheld.md": withheld,
                         "catalogue/2024/secret.pdf": b"%PDF-1.4 secret"})
    assert result.exit_code == 0, result.log
    for path, data in result.all_bytes():
        assert WITHHELD_MARKER.encode() not in data, path
        assert b"2024-00077" not in data, path
    assert not (result.site_dir / "catalogue/2024/secret.pdf").exists()
    # The webmaster is told what was left out.
    assert f"catalogue/2024/withheld.md:8: review: not published: 保密审查 is '{result_text}'" in result.log


def test_entry_without_review_is_withheld_with_a_warning(build_site):
    text = entry(title=f"{WITHHELD_MARKER}无审查").replace(
        "review: {result: 通过, by: 王审查, date: 2024-03-08}\n", "")
    result = build_site({"catalogue/2024/a.md": text})
    assert result.exit_code == 0, result.log
    assert "catalogue/2024/a.md:2: review: no 保密审查 record: the entry is not published" in result.log
    for path, data in result.all_bytes():
        assert WITHHELD_MARKER.encode() not in data, path


def test_register_values_never_reach_the_site(build_site):
    result = build_site()
    assert result.exit_code == 0, result.log
    for path, data in result.all_bytes():
        for secret in ("张某某", "zhang@example.com", "申请公开某检查记录", "2024-001"):
            assert secret.encode() not in data, (path, secret)


def test_no_yaml_file_is_published(build_site):
    result = build_site({"catalogue/2024/notes.yml": "a: 1\n", "budgets/2024-预算.yml": None})
    assert result.exit_code == 0, result.log
    assert not [p for p, _ in result.all_bytes() if p.suffix in (".yml", ".yaml")]
    assert not (result.site_dir / "registers").exists()


def test_reviewer_name_is_never_shown(build_site):
    result = build_site()
    assert result.exit_code == 0, result.log
    files = result.all_bytes()
    # The entries whose review names 王审查 are published: their pages are among the bytes.
    assert (result.site_dir / "doc" / f"{AGENCY_CODE.lower()}-2024-00001" / "index.html").is_file()
    for path, data in files:
        assert "王审查".encode() not in data, path


def test_a_build_that_wrote_no_site_has_no_bytes_to_pass_a_check(tmp_path):
    # A check of "every byte" of a failed build must fail, not pass over nothing.
    failed = BuildResult(1, "ERROR - 1 content error(s)", tmp_path, tmp_path / "site")
    with pytest.raises(AssertionError, match="no site/ was written"):
        failed.all_bytes()


def test_hostile_title_is_escaped_everywhere(build_site):
    hostile = entry(f"{AGENCY_CODE}/2024-00066", title=f'"{HOSTILE}"', summary=f'"{HOSTILE}"')
    result = build_site({"catalogue/2024/hostile.md": hostile})
    assert result.exit_code == 0, result.log
    seen = 0
    for path, data in result.all_bytes():
        text = data.decode("utf-8", errors="ignore")
        if path.suffix in (".html", ".xml"):
            assert "<script>alert(" not in text, path
            seen += text.count("&lt;script&gt;alert(")
    assert seen >= 4  # entry page, listings, home, feed: shown as text, not run


# URLs of other hosts in the scripts the site ships, each never requested by a gongkai site:
FETCHED_ONLY_IF = {
    # Material's bundle, when the browser has no ResizeObserver: gongkai's local polyfill
    # (assets/gongkai/vendor) is loaded before the bundle (tests/test_sanitize.py, in a browser)
    "https://unpkg.com/resize-observer-polyfill",
    # Material's bundle, for an element of class "mermaid": the sanitizer removes that class
    "https://unpkg.com/mermaid@11/dist/mermaid.min.js",
    # Material's repository facts, with repo_url set: the build warns against repo_url
    "https://api.github.com/repos/${e}/${t}", "https://api.github.com/users/${e}",
    "https://${e}/api/v4/projects/${encodeURIComponent(t)}",
}


def test_no_page_loads_anything_from_another_host(build_site):
    """Every asset a page loads is the site's own; only plain links of content lead elsewhere."""
    body = ("见[市政府网站](https://www.linchuan.gov.cn/)。\n\n<img src=\"https://cdn.example.com/a.png\">\n\n"
            "<iframe src=\"https://v.example.com/\"></iframe><p style=\"background:url(https://x.example/b.png)\">"
            "正文</p>\n<link rel=\"stylesheet\" href=\"https://x.example/c.css\">\n")
    result = build_site({"catalogue/2024/a.md": entry(body=body)})
    assert result.exit_code == 0, result.log
    own = "https://test.linchuan.gov.cn/"
    # any attribute that names a URL, and CSS url()/@import, in pages and stylesheets
    loads = re.compile(r'(<[a-z]+)?[^<>]*?\s(src|href|action|srcset|poster|data)=["\']((?:https?:)?//[^"\']+)'
                       r'|url\(\s*["\']?((?:https?:)?//[^)"\']+)|@import\s+["\']((?:https?:)?//[^"\']+)')
    literal = re.compile(r'["\'`](https?://[^"\'`\s]+)')
    links = 0
    for path, data in result.all_bytes():
        text = data.decode("utf-8", errors="ignore")
        if path.suffix in (".html", ".css"):
            for match in loads.finditer(text):
                tag, attribute, url = match.group(1), match.group(2), match.group(3)
                if url is None:  # url() or @import
                    url = match.group(4) or match.group(5)
                elif tag == "<a" and attribute == "href":
                    links += not url.startswith(own)
                    continue  # a plain link: the reader chooses to follow it
                assert url.startswith(own), (path, url)
        elif path.suffix == ".js":
            for url in literal.findall(text):
                assert url.startswith(own) or url in FETCHED_ONLY_IF, (path, url)
    assert links >= 2  # the two content links (the image became one) are kept as links
