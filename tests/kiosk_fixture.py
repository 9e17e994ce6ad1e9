"""A fixture agency site built for the lobby kiosk with a ``kiosk.yml`` that inherits ``mkdocs.yml``.

The entries carry what the kiosk tests look for: 多音字 titles (重庆, 银行行长), a 文号 with a year,
and an entry whose full text links to another website, an e-mail address and a phone number.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from conftest import AGENCY_CODE, BuildResult, entry, minimal_site, run_build, write_site
from search_fixture import pdf_bytes

CHONGQING = "关于赴重庆学习市场监管经验的通知"
BANK = "临川市测试局召开银行行长座谈会"
RULES = "临川市测试局政府信息公开工作制度"
LINKS = "临川市测试局联系方式和相关网站"
EXTERNAL_URL = "https://www.gov.cn/zhengce/"

KIOSK_ENTRIES: dict[str, str] = {
    "catalogue/2025/chongqing.md": entry(
        f"{AGENCY_CODE}/2025-00001", title=CHONGQING, category="其他法定公开信息",
        created="2025-02-10", published="2025-02-12", summary="组织赴重庆学习。"),
    "catalogue/2025/bank.md": entry(
        f"{AGENCY_CODE}/2025-00002", title=BANK, category="其他法定公开信息",
        created="2025-03-03", published="2025-03-05", summary="座谈会情况。"),
    "catalogue/2025/rules.md": entry(
        f"{AGENCY_CODE}/2025-00003", title=RULES, category="政府信息公开制度",
        created="2025-04-01", published="2025-04-03", summary="本局政府信息公开工作制度。",
        extra="doc_no: 临测办〔2025〕7号\n"),
    "catalogue/2025/links.md": entry(
        f"{AGENCY_CODE}/2025-00004", title=LINKS, category="其他法定公开信息",
        created="2025-05-06", published="2025-05-08", summary="联系方式。",
        extra="attachments:\n  - {path: files/form.pdf, title: 申请表}\n",
        body=(f"更多政策见[中国政府网]({EXTERNAL_URL})。\n\n"
              "来信请发[电子邮件](mailto:xxgk@test.linchuan.gov.cn)，"
              "或[拨打电话](tel:0794-8000001)。\n")),
}
KIOSK_FILES: dict[str, str | bytes] = {"catalogue/2025/files/form.pdf": pdf_bytes(["政府信息公开申请表"])}


def kiosk_plugin_options(idle_seconds: int, countdown_seconds: int) -> dict[str, Any]:
    """Options of the gongkai plugin in the fixture's kiosk.yml (timers shortened for tests)."""
    # kiosk.yml restates the plugin options (INHERIT replaces the plugin list), as conftest sets them.
    return {"today": "2026-11-25", "inspections": "info",
            "kiosk": {"enabled": True, "idle_seconds": idle_seconds,
                      "countdown_seconds": countdown_seconds}}


def build_kiosk(root: Path, idle_seconds: int = 90, countdown_seconds: int = 30,
                files: dict[str, str] | None = None) -> BuildResult:
    """Write the fixture site with a kiosk.yml (INHERIT: mkdocs.yml) and build it to site-kiosk/."""
    write_site(root, {**minimal_site(), **KIOSK_ENTRIES, **KIOSK_FILES, **(files or {})})
    kiosk = {"INHERIT": "mkdocs.yml", "site_dir": "site-kiosk",
             "plugins": [{"gongkai": kiosk_plugin_options(idle_seconds, countdown_seconds)}]}
    (root / "kiosk.yml").write_text(yaml.safe_dump(kiosk, allow_unicode=True), encoding="utf-8")
    result = run_build(root, "--strict", config_file="kiosk.yml")
    return BuildResult(result.exit_code, result.log, root, root / "site-kiosk")
