"""What ``mkdocs build -f kiosk.yml`` writes, and that the public site stays as it was."""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

from conftest import AGENCY_CODE, ROOT, run_build
from kiosk_fixture import BANK, CHONGQING, EXTERNAL_URL, LINKS, RULES, build_kiosk

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


def test_sample_kiosk_yml_restates_the_plugin_options_of_mkdocs_yml():
    # MkDocs' INHERIT replaces the plugin list, so kiosk.yml must repeat the site's gongkai options.
    site = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    kiosk = yaml.safe_load((ROOT / "kiosk.yml").read_text(encoding="utf-8"))
    assert kiosk["INHERIT"] == "mkdocs.yml" and kiosk["site_dir"] == "site-kiosk"

    def gongkai_options(config: dict) -> dict:
        for plugin in config["plugins"]:
            if isinstance(plugin, dict) and "gongkai" in plugin:
                return dict(plugin["gongkai"] or {})
        return {}

    kiosk_options = gongkai_options(kiosk)
    assert kiosk_options.pop("kiosk") == {"enabled": True, "idle_seconds": 90, "countdown_seconds": 30}
    assert kiosk_options == gongkai_options(site)


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
