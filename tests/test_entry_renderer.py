"""Entry pages come from gongkai's renderer (plugins/gongkai/entrypages.py): a page shell, one
Markdown parser, every core.  Whatever way they are rendered, a visitor gets the same bytes as from
MkDocs' own page loop — these tests build the same sites both ways and compare every file."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from conftest import AGENCY_CODE, ROOT, entry, minimal_site, run_build, write_site
from search_fixture import pdf_bytes

SLUG = AGENCY_CODE.lower()


def varied_site() -> dict[str, str | bytes]:
    """Entries with everything an entry page can show, and a few things that could go wrong."""
    files: dict[str, str | bytes] = dict(minimal_site())
    files.update({
        # headings in the full text (table of contents, skip link), raw HTML with an id,
        # a title that must be escaped, a link to another entry's Markdown file
        "catalogue/2024/headings.md": entry(
            f"{AGENCY_CODE}/2024-00010", title='关于<b>"检定"</b>&复核的通知',
            body="## 一、总体要求\n\n正文。\n\n### （一）范围\n\n<div id=\"gk-raw\">原始HTML</div>\n\n"
                 "## 二、工作安排\n\n见[许可清单](b.md)。\n"),
        "catalogue/2024/attached.md": entry(
            f"{AGENCY_CODE}/2024-00011", title="附件较多的通知",
            extra="attachments:\n  - {path: files/表格.pdf, title: 检定申请表}\n"
                  "keywords: [计量, 检定]\ndoc_no: 临测〔2024〕11号\nform: 通知\n"),
        "catalogue/2024/files/表格.pdf": pdf_bytes(["计量器具检定申请表"]),
        "catalogue/2023/old.md": entry(
            f"{AGENCY_CODE}/2023-00002", title="旧版价格监督检查办法", category="行政规范性文件",
            created="2023-01-05", published="2023-01-10",
            extra=f"validity: 废止\nabolished: 2024-06-01\nsuperseded_by: {AGENCY_CODE}/2024-00003\n"),
        "catalogue/2024/new.md": entry(
            f"{AGENCY_CODE}/2024-00003", title="新版价格监督检查办法", category="行政规范性文件",
            created="2024-05-20", published="2024-05-25"),
        "catalogue/2024/reading.md": entry(
            f"{AGENCY_CODE}/2024-00004", title="《新版价格监督检查办法》政策解读", category="政策解读",
            created="2024-05-26", published="2024-05-27", extra=f"interprets: {AGENCY_CODE}/2024-00003\n"),
    })
    for number in range(20, 32):  # more than one worker's share
        files[f"catalogue/2022/n{number}.md"] = entry(
            f"{AGENCY_CODE}/2022-000{number}", title=f"2022年第{number}号公告", created="2022-03-01",
            published="2022-03-02", body=f"公告正文{number}。\n" + ("## 说明\n\n详见下文。\n" if number % 3 else ""))
    return files


def build_into(root: Path, files: dict[str, str | bytes], options: dict[str, object],
               *args: str, mkdocs_extra: dict[str, object] | None = None):
    root.mkdir(parents=True, exist_ok=True)
    write_site(root, files, options, mkdocs_extra)
    return run_build(root, *args)


def site_bytes(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def assert_same_sites(one: Path, other: Path) -> None:
    first, second = site_bytes(one), site_bytes(other)
    assert sorted(first) == sorted(second)
    different = [name for name in first if first[name] != second[name]]
    assert different == [], different[:5]


@pytest.mark.parametrize("kiosk", [False, True], ids=["public", "kiosk"])
def test_entry_pages_are_the_bytes_mkdocs_would_write(tmp_path, kiosk):
    options = {"kiosk": {"enabled": True}} if kiosk else {}
    fast = build_into(tmp_path / "fast", varied_site(), {**options, "build_workers": 2})
    slow = build_into(tmp_path / "slow", varied_site(), {**options, "fast_entry_pages": False})
    assert fast.exit_code == 0 and slow.exit_code == 0, fast.log + slow.log
    assert "(entries and listings) in 2 process(es)" in fast.log and "rendered in full" not in fast.log
    assert "(entries and listings) in" not in slow.log  # MkDocs' page loop rendered them
    assert_same_sites(fast.site_dir, slow.site_dir)
    page = fast.page(f"doc/{SLUG}-2024-00010/")
    # what the shell must fill in per entry: escaped title (header and <title>), table of contents
    assert "关于&lt;b&gt;&#34;检定&#34;&lt;/b&gt;&amp;复核的通知 - 测试站点</title>" in page
    # the skip link goes to the first heading of the full text (一、总体要求: id _1)
    assert 'href="#_1" class="md-skip"' in page
    assert "（一）范围" in page.split('data-md-type="toc"')[1]
    assert f'href="../{SLUG}-2024-00002/"' in page  # the .md link resolved to the entry's URL
    sitemap = fast.text("sitemap.xml")
    assert sitemap.count("<url>") == slow.text("sitemap.xml").count("<url>")
    assert f"https://test.linchuan.gov.cn/doc/{SLUG}-2022-00031/" in sitemap


def test_the_sample_site_is_the_same_rendered_either_way(tmp_path):
    """All 107 entries of the repository's sample, in two processes and in MkDocs' page loop."""
    for name in ("content", "overrides"):
        shutil.copytree(ROOT / name, tmp_path / name)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    for variant, option in (("fast", "build_workers: 2"), ("slow", "fast_entry_pages: false")):
        text = config.replace("  - gongkai:", f"  - gongkai:\n      {option}", 1)
        assert text != config
        (tmp_path / f"{variant}.yml").write_text(text, encoding="utf-8")
        result = run_build(tmp_path, "--strict", "-d", f"site-{variant}", config_file=f"{variant}.yml")
        assert result.exit_code == 0, result.log
    assert_same_sites(tmp_path / "site-fast", tmp_path / "site-slow")


def test_a_warning_in_a_worker_process_is_logged_and_fails_strict(tmp_path):
    files = varied_site()
    files["catalogue/2022/n25.md"] = entry(f"{AGENCY_CODE}/2022-00025", title="链接有误的公告",
                                           body="见[不存在的文件](missing.md)。\n")
    # link_check off: only MkDocs' own warning, logged by the worker, may stop the build
    result = build_into(tmp_path, files, {"build_workers": 2, "link_check": False}, "--strict")
    assert result.exit_code != 0
    assert "(entries and listings) in 2 process(es)" in result.log
    assert "catalogue/2022/n25.md" in result.log and "missing.md" in result.log
    assert "Aborted with 1 warnings in strict mode" in result.log


def test_a_hook_with_page_events_sees_entry_pages_too(tmp_path):
    (tmp_path / "hooks.py").write_text(textwrap.dedent("""\
        def on_page_content(html, page, config, files):
            return html + "<p>由钩子添加</p>"
        """), encoding="utf-8")
    result = build_into(tmp_path, varied_site(), {}, mkdocs_extra={"hooks": ["hooks.py"]})
    assert result.exit_code == 0, result.log
    assert "(entries and listings) in" not in result.log  # MkDocs' page loop, where the hook runs
    assert "由钩子添加" in result.page(f"doc/{SLUG}-2024-00010/")


def test_a_template_that_prints_the_page_elsewhere_is_rendered_in_full(tmp_path):
    """An override printing page data outside the entry's blocks: the shell would repeat the first
    entry's URL on every page; the build notices and renders each entry in full."""
    overrides = tmp_path / "overrides" / "partials" / "javascripts"
    overrides.mkdir(parents=True)
    (overrides / "content.html").write_text("<!-- 页面地址 {{ page.url }} -->\n", encoding="utf-8")
    result = build_into(tmp_path, varied_site(), {"build_workers": 2}, mkdocs_extra={
        "theme": {"name": "material", "language": "zh", "font": False, "custom_dir": "overrides"}})
    assert result.exit_code == 0, result.log
    assert "rendered in full" in result.log
    for number in (20, 31):
        url = f"doc/{SLUG}-2022-000{number}/"
        assert f"<!-- 页面地址 {url} -->" in result.page(url)

