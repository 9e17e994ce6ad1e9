"""What ``mkdocs build -f kiosk.yml`` writes, and that the public site stays as it was."""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

from conftest import AGENCY_CODE, ROOT, BuildResult, run_build
from kiosk_fixture import (
    BANK,
    CHONGQING,
    EXTERNAL_URL,
    LINKS,
    OWN_SITE_ID,
    RULES,
    build_kiosk,
    build_own_columns_kiosk,
    write_own_columns_site,
)

SITE_URL = "https://test.linchuan.gov.cn/"


def _slug(serial: str) -> str:
    return f"{AGENCY_CODE.lower()}-{serial}"


def test_kiosk_yml_builds_the_same_content_into_its_own_folder_with_a_pinyin_index(tmp_path):
    result = build_kiosk(tmp_path)
    assert result.exit_code == 0, result.log
    assert not (tmp_path / "site").exists()  # the public site folder is not touched
    index = json.loads((result.site_dir / "kiosk" / "search.json").read_text(encoding="utf-8"))
    by_title = {e["title"]: e for e in index["entries"]}
    assert set(by_title) == {CHONGQING, BANK, RULES, LINKS, "关于开展2024年计量器具检定工作的通知",
                             "临川市测试局行政许可事项清单", "临川市测试局规范性文件管理办法"}
    # Keys computed by hand from the titles (phrase-aware 多音字: 重庆 chongqing, 银行行长 yinhanghangzhang).
    assert by_title[CHONGQING]["pinyin"] == "guanyufuchongqingxuexishichangjianguanjingyandetongzhi"
    assert by_title[CHONGQING]["initials"] == "gyfcqxxscjgjydtz"
    assert by_title[BANK]["pinyin"] == "linchuanshiceshijuzhaokaiyinhanghangzhangzuotanhui"
    assert by_title[RULES]["initials"] == "lcscsjzfxxgkgzzd"
    # Digits: the 文号's year and number, the publication and creation year, the 索引号 serial.
    assert by_title[RULES]["digits"] == " 2025 7 00003 "
    assert by_title[RULES]["doc_no"] == "临测办〔2025〕7号"
    assert by_title[RULES]["url"] == f"doc/{_slug('2025-00003')}/"
    categories = {c["name"]: c for c in index["categories"]}
    assert categories["行政许可"] == {"name": "行政许可", "url": "catalogue/xingzheng-xuke/", "count": 1,
                                   "pinyin": "xingzhengxuke", "initials": "xzxk"}
    assert "规划计划" not in categories  # empty categories are not offered
    # Nothing of the secrecy review or the registers is in the index.
    text = (result.site_dir / "kiosk" / "search.json").read_text(encoding="utf-8")
    assert "王审查" not in text and "张某某" not in text


def test_every_entry_page_offers_a_qr_code_of_its_public_url(tmp_path):
    result = build_kiosk(tmp_path)
    assert result.exit_code == 0, result.log
    entry_pages = sorted((result.site_dir / "doc").iterdir())
    assert len(entry_pages) == 7
    for folder in entry_pages:
        page = (folder / "index.html").read_text(encoding="utf-8")
        qr = re.search(r'<img src="([^"]+)" alt="本文件网址的二维码"', page)
        assert qr is not None and (folder / qr.group(1)).resolve().is_file(), folder.name
        assert f"{SITE_URL}doc/{folder.name}/" in page
    slug = _slug("2025-00003")
    html = result.page(f"doc/{slug}/")
    assert "带走这份文件" in html
    match = re.search(r'<img src="([^"]+)" alt="本文件网址的二维码"', html)
    assert match is not None
    qr_file = (result.site_dir / "doc" / slug / match.group(1)).resolve()
    assert qr_file.is_file() and qr_file.read_text(encoding="utf-8").startswith("<svg")
    assert f"{SITE_URL}doc/{slug}/" in html  # the address is printed under the code too


def test_links_that_leave_the_site_carry_a_build_time_qr_code(tmp_path):
    result = build_kiosk(tmp_path)
    slug = _slug("2025-00004")
    html = result.page(f"doc/{slug}/")
    for href in (EXTERNAL_URL, "mailto:xxgk@test.linchuan.gov.cn", "tel:0794-8000001"):
        tag = re.search(rf'<a href="{re.escape(href)}"[^>]*>', html)
        assert tag is not None, href
        assert 'data-gk-leave="external"' in tag.group(0)
        qr = re.search(r'data-gk-qr="([^"]+)"', tag.group(0))
        assert qr is not None and (result.site_dir / qr.group(1)).is_file()
    # An attachment is a file: taken away by QR code at its public address, never downloaded.
    tag = re.search(r'<a href="[^"]*form.pdf"[^>]*>', html)
    assert tag is not None
    assert 'data-gk-leave="file"' in tag.group(0)
    assert f'data-gk-public="{SITE_URL}catalogue/2025/files/form.pdf"' in tag.group(0)
    # Links between pages of the site are left alone.
    assert not re.search(r'<a href="[^"]*catalogue/[^"]*/"[^>]*data-gk-leave', html)


def test_the_public_site_has_no_kiosk_skin(build_site):
    result = build_site()
    assert result.exit_code == 0, result.log
    assert not (result.site_dir / "kiosk").exists()
    assert not (result.site_dir / "assets" / "gongkai" / "kiosk").exists()
    home = result.page("")
    assert "gk-kiosk" not in home and "kiosk.js" not in home and "data-gk-leave" not in home
    assert "带走这份文件" not in result.page(f"doc/{_slug('2024-00001')}/")


def test_the_kiosk_times_are_plugin_options(tmp_path):
    result = build_kiosk(tmp_path, idle_seconds=45, countdown_seconds=12)
    home = result.page("")
    assert 'data-idle-seconds="45"' in home and 'data-countdown-seconds="12"' in home


def test_sample_kiosk_yml_holds_only_the_kiosk_s_own_settings():
    # The gongkai options of mkdocs.yml are inherited: kiosk.yml does not restate (and drift from) them.
    kiosk = yaml.safe_load((ROOT / "kiosk.yml").read_text(encoding="utf-8"))
    assert kiosk == {"INHERIT": "mkdocs.yml", "site_dir": "site-kiosk",
                     "plugins": [{"gongkai": {"kiosk": {"enabled": True, "idle_seconds": 90,
                                                        "countdown_seconds": 30}}}]}


def test_sample_site_kiosk_builds_strictly(tmp_path):
    site_dir = tmp_path / "site-kiosk"
    result = run_build(ROOT, "--strict", "-d", str(site_dir), config_file="kiosk.yml")
    assert result.exit_code == 0, result.log
    assert "WARNING" not in result.log
    assert (site_dir / "kiosk" / "search.json").is_file()
    entries = json.loads((site_dir / "kiosk" / "search.json").read_text(encoding="utf-8"))["entries"]
    assert len(entries) == len(list(Path(site_dir / "doc").iterdir()))
    assert not list(site_dir.rglob("*.yml"))


def test_kiosk_times_must_be_positive(tmp_path):
    result = build_kiosk(tmp_path, idle_seconds=0, countdown_seconds=30)
    assert result.exit_code == 1
    assert ("plugins.gongkai.kiosk.idle_seconds: 0 is not a number of seconds above zero — "
            "write e.g. 'idle_seconds: 90'") in result.log
    assert "Traceback" not in result.log


def _missing_anchors(html: str) -> list[str]:
    """The ``#anchor`` links of a page whose target is not on the page."""
    ids = set(re.findall(r'\sid="([^"]+)"', html))
    return [href for href in re.findall(r'href="#([^"]*)"', html) if href and href not in ids]


def _tiles(html: str, kind: str) -> list[str]:
    return re.findall(rf'<a class="gk-tile gk-tile--{kind}"[^>]*>\s*<span class="gk-tile__title">'
                      r'([^<]+)</span>\s*<span class="gk-tile__text">([^<]+)</span>', html)


def test_a_kiosk_yml_of_its_own_lines_builds_the_agencys_own_columns(tmp_path):
    # mkdocs.yml configures the agency's columns, footer code, latest list and kiosk timer;
    # kiosk.yml says only INHERIT, site_dir and `kiosk: true`.
    result = build_own_columns_kiosk(tmp_path)
    assert result.exit_code == 0, result.log
    assert "WARNING" not in result.log and "unknown category" not in result.log
    home = result.page("")
    assert _tiles(home, "category") == [("部门动态", "2条"), ("政策法规", "1条"), ("行政执法", "1条")]
    index = json.loads((result.site_dir / "kiosk" / "search.json").read_text(encoding="utf-8"))
    assert [c["name"] for c in index["categories"]] == ["部门动态", "政策法规", "行政执法"]
    assert f"网站标识码：{OWN_SITE_ID}" in home
    assert home.count('class="gk-kiosk-latest__title"') == 2  # latest_size: 2 of mkdocs.yml
    assert 'data-idle-seconds="45"' in home  # mkdocs.yml's timer, switched on by kiosk.yml


def test_the_kiosk_home_replaces_a_home_page_with_headings_and_links_only_to_itself(tmp_path):
    result = build_own_columns_kiosk(tmp_path)
    assert result.exit_code == 0, result.log
    home = result.page("")
    # The kiosk screen, not the agency's Markdown; its outline (skip link, table of contents)
    # names the screen's own heading.
    assert '<h1 id="gk-kiosk-home">临川市测试局政府信息公开查阅</h1>' in home
    assert "栏目说明" not in home and "<table" not in home.split('class="md-content"')[1]
    assert re.search(r'<a href="#gk-kiosk-home" class="md-skip">', home)
    assert _missing_anchors(home) == []


def test_the_public_home_page_keeps_the_agencys_heading_table_list_and_link(tmp_path):
    write_own_columns_site(tmp_path)
    result = run_build(tmp_path, "--strict")
    assert result.exit_code == 0, result.log
    home = result.page("")
    assert re.findall(r"<h1[^>]*>([^<]*)</h1>", home) == ["临川市测试局政府信息公开"]  # once
    assert '<h2 id="_2">栏目说明</h2>' in home
    assert "<td>本局工作动态</td>" in home and "<li>按栏目浏览</li>" in home
    assert '<a href="guide/">政府信息公开指南</a>' in home
    assert re.search(r'<a href="#_1" class="md-skip">', home)
    assert _missing_anchors(home) == []
    assert not (tmp_path / "site" / "kiosk").exists()  # the kiosk timer alone does not switch it on


def test_gongkai_kiosk_1_builds_the_kiosk_of_any_site_without_a_kiosk_yml(tmp_path):
    write_own_columns_site(tmp_path)
    (tmp_path / "kiosk.yml").unlink()
    result = run_build(tmp_path, "--strict", "-d", "site-kiosk", env={"GONGKAI_KIOSK": "1"})
    assert result.exit_code == 0, result.log
    result = BuildResult(result.exit_code, result.log, tmp_path, tmp_path / "site-kiosk")
    assert _tiles(result.page(""), "category") == [("部门动态", "2条"), ("政策法规", "1条"),
                                                  ("行政执法", "1条")]
    assert (result.site_dir / "kiosk" / "search.json").is_file()
    assert not (tmp_path / "site").exists()


def test_an_unclear_gongkai_kiosk_value_is_one_clear_message(tmp_path):
    write_own_columns_site(tmp_path)
    result = run_build(tmp_path, "--strict", env={"GONGKAI_KIOSK": "maybe"})
    assert result.exit_code == 1
    assert ("GONGKAI_KIOSK: 'maybe' is neither on nor off — write GONGKAI_KIOSK=1 to build the "
            "lobby kiosk, or unset it") in result.log
    assert "Traceback" not in result.log
    assert not (tmp_path / "site").exists()
