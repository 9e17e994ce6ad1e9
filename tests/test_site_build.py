"""The citizen's disclosure site: pages, URLs, exports and feed of a fixture site."""

from __future__ import annotations

import csv
import io
import json
import re
from xml.etree import ElementTree as ET

from conftest import AGENCY_CODE, entry

ATOM = "{http://www.w3.org/2005/Atom}"
A1 = f"{AGENCY_CODE.lower()}-2024-00001"


def test_happy_path_builds_every_section_page(build_site):
    result = build_site(strict=True)
    assert result.exit_code == 0, result.log
    for url in ("", "catalogue/", "catalogue/xingzheng-xuke/", "catalogue/2024/", "catalogue/2023/",
                "guide/", "agency/", "apply/", "regulations/", "budgets/", f"doc/{A1}/"):
        assert (result.site_dir / url / "index.html").is_file(), url


def test_entry_page_shows_metadata_summary_and_full_text(build_site):
    result = build_site()
    html = result.page(f"doc/{A1}/")
    assert "关于开展2024年计量器具检定工作的通知" in html
    assert f"{AGENCY_CODE}/2024-00001" in html
    assert "2024年3月1日" in html and "2024年3月8日" in html  # dates the Chinese way
    assert "部署2024年度强制检定计量器具的检定工作。" in html  # 内容概述
    assert "为做好计量器具检定工作，现通知如下。" in html  # 全文
    assert "临川市测试局" in html  # issuer defaults to the agency name
    assert "王审查" not in html  # review.by is internal


def test_entry_url_depends_on_index_no_not_file_name(build_site):
    result = build_site({"catalogue/2024/a.md": None, "catalogue/renamed/other-name.md": entry()})
    assert result.exit_code == 0, result.log
    assert (result.site_dir / "doc" / A1 / "index.html").is_file()
    assert not (result.site_dir / "catalogue" / "renamed").exists()


def test_category_and_year_listings_are_tables_with_the_six_columns(build_site):
    result = build_site()
    html = result.page("catalogue/xingzheng-xuke/")
    for header in ("索引号", "标题", "文号", "成文日期", "公开日期", "有效性"):
        assert f">{header}</th>" in html
    assert "临川市测试局行政许可事项清单" in html
    year = result.page("catalogue/2023/")
    assert "临川市测试局规范性文件管理办法" in year and "临测规〔2023〕1号" in year
    assert "行政许可事项清单" not in year


def test_listings_are_paginated(build_site):
    files = {f"catalogue/2024/p{n}.md": entry(f"{AGENCY_CODE}/2024-{n + 10:05d}", title=f"分页测试文件{n}号")
             for n in range(5)}
    result = build_site(files, plugin_options={"page_size": 3})
    assert result.exit_code == 0, result.log
    first, second = result.page("catalogue/2024/"), result.page("catalogue/2024/page/2/")
    assert "第1/3页" in first and "第2/3页" in second
    assert not (result.site_dir / "catalogue/2024/page/4").exists()


def test_empty_category_says_zanwu(build_site):
    html = build_site().page("catalogue/yingji-guanli/")
    assert "暂无" in html


def test_interpretation_links_both_ways_and_abolished_banner(build_site):
    old = entry(f"{AGENCY_CODE}/2023-00002", title="旧版价格监督检查办法", category="行政规范性文件",
                created="2023-01-05", published="2023-01-10",
                extra=f"validity: 废止\nabolished: 2024-06-01\nsuperseded_by: {AGENCY_CODE}/2024-00003\n")
    new = entry(f"{AGENCY_CODE}/2024-00003", title="新版价格监督检查办法", category="行政规范性文件",
                created="2024-05-20", published="2024-05-25")
    reading = entry(f"{AGENCY_CODE}/2024-00004", title="《新版价格监督检查办法》政策解读", category="政策解读",
                    created="2024-05-26", published="2024-05-27",
                    extra=f"interprets: {AGENCY_CODE}/2024-00003\n")
    result = build_site({"catalogue/2023/old.md": old, "catalogue/2024/new.md": new,
                         "catalogue/2024/reading.md": reading})
    assert result.exit_code == 0, result.log
    old_html = result.page(f"doc/{AGENCY_CODE.lower()}-2023-00002/")
    assert "本文件已废止" in old_html and "2024年6月1日" in old_html
    assert f'href="../{AGENCY_CODE.lower()}-2024-00003/"' in old_html  # banner links the replacement
    new_html = result.page(f"doc/{AGENCY_CODE.lower()}-2024-00003/")
    assert "《新版价格监督检查办法》政策解读" in new_html  # policy → interpretation
    reading_html = result.page(f"doc/{AGENCY_CODE.lower()}-2024-00004/")
    assert f'href="../{AGENCY_CODE.lower()}-2024-00003/"' in reading_html  # interpretation → policy
    regulations = result.page("regulations/")
    current, former = regulations.split("已废止、失效的文件")
    assert "新版价格监督检查办法" in current and "旧版价格监督检查办法" in former


def test_attachments_are_published_with_their_entry_only(build_site):
    with_attachment = entry(extra="attachments:\n  - {path: files/表格.pdf, title: 检定申请表}\n")
    result = build_site({"catalogue/2024/a.md": with_attachment,
                         "catalogue/2024/files/表格.pdf": b"%PDF-1.4 test",
                         "catalogue/2024/files/stray.pdf": b"%PDF-1.4 not linked"})
    assert result.exit_code == 0, result.log
    assert (result.site_dir / "catalogue/2024/files/表格.pdf").read_bytes() == b"%PDF-1.4 test"
    assert not (result.site_dir / "catalogue/2024/files/stray.pdf").exists()
    html = result.page(f"doc/{A1}/")
    assert '<a href="../../catalogue/2024/files/表格.pdf" download>检定申请表</a>' in html
    assert "PDF，13 字节" in html


def test_guide_agency_and_apply_pages_use_agency_yml(build_site):
    result = build_site()
    guide = result.page("guide/")
    for text in ("信息分类与编排体系", "临川市人民路1号", "0794-8000002", "工作日 8:30-12:00"):
        assert text in guide
    agency = result.page("agency/")
    for text in ("负责测试工作", "李某", "主持全面工作", "办公室", "综合协调"):
        assert text in agency
    apply = result.page("apply/")
    assert "政府信息公开申请表" in apply and "20个工作日" in apply and "第二十七条" in apply


def test_catalogue_json_and_csv(build_site):
    result = build_site()
    data = json.loads(result.text("data/catalogue.json"))
    assert data["count"] == 3
    first = next(e for e in data["entries"] if e["index_no"] == f"{AGENCY_CODE}/2024-00001")
    assert first["published"] == "2024-03-08"  # ISO in data files
    assert first["url"] == f"https://test.linchuan.gov.cn/doc/{A1}/"
    rows = list(csv.reader(io.StringIO(result.text("data/catalogue.csv").lstrip("\ufeff"))))
    assert rows[0][:3] == ["索引号", "标题", "文号"]
    assert len(rows) == 4


def test_atom_feed_is_well_formed_and_lists_latest_first(build_site):
    feed = ET.fromstring(build_site().text("feed.xml"))
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == [
        "临川市测试局行政许可事项清单", "关于开展2024年计量器具检定工作的通知", "临川市测试局规范性文件管理办法"]
    assert entries[0].find(f"{ATOM}link").get("href") == (
        f"https://test.linchuan.gov.cn/doc/{AGENCY_CODE.lower()}-2024-00002/")


def test_sitemap_lists_entry_pages(build_site):
    sitemap = build_site().text("sitemap.xml")
    assert f"https://test.linchuan.gov.cn/doc/{A1}/" in sitemap


def test_entries_stay_out_of_the_navigation(build_site):
    agency = build_site().page("agency/")
    # The nav lists sections only: no entry title appears on a page that does not list entries.
    assert "行政许可事项清单" not in agency and "计量器具检定工作的通知" not in agency
    assert "政府信息公开指南" in agency and "依申请公开" in agency and "行政许可" in agency


def test_largest_page_does_not_grow_with_entry_count(build_site, tmp_path_factory):
    def largest(count: int) -> int:
        files = {f"catalogue/2024/n{n}.md": entry(f"{AGENCY_CODE}/2024-{n + 100:05d}", title=f"批量文件第{n}号")
                 for n in range(count)}
        result = build_site(files)
        assert result.exit_code == 0, result.log
        return max(p.stat().st_size for p in result.site_dir.rglob("*.html"))

    small, big = largest(50), largest(500)
    # Pagination keeps listings at 50 rows; the nav never lists entries.
    assert big <= small * 1.05, (small, big)


def test_pages_show_footer_identifiers_and_no_google_fonts(build_site):
    result = build_site(plugin_options={"footer": {"site_id": "3610000099", "icp": "赣ICP备12345678号"}})
    home = result.page("")
    assert "网站标识码：3610000099" in home and "赣ICP备12345678号" in home
    assert "fonts.googleapis" not in home and "fonts.gstatic" not in home
    assert re.search(r'<html[^>]+lang="zh', home)
