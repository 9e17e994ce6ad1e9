"""A fixture agency site built for the lobby kiosk with a ``kiosk.yml`` that inherits ``mkdocs.yml``.

The entries carry what the kiosk tests look for: 多音字 titles (重庆, 银行行长), a 文号 with a year,
and an entry whose full text links to another website, an e-mail address and a phone number.
A second site has its own columns and home page, and a kiosk.yml that holds only its own settings.
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
    # This kiosk.yml restates the plugin options of mkdocs.yml, as kiosk.yml files written before
    # the options were inherited do: such files keep building as they did.
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


# An agency with its own columns in mkdocs.yml and a home page in its own words, as most agencies
# write one: a heading first, then a table, a list and a link.
OWN_COLUMNS = ["机构设置", "部门动态", "政策法规", "行政执法"]
OWN_SITE_ID = "3601000042"
OWN_HOME = """\
# 临川市测试局政府信息公开

欢迎访问临川市测试局政府信息公开专栏。

## 栏目说明

| 栏目 | 内容 |
| --- | --- |
| 部门动态 | 本局工作动态 |
| 行政执法 | 行政处罚和行政许可结果 |

- 按栏目浏览
- 按年份浏览

申请公开前请阅读[政府信息公开指南](guide.md)。
"""
OWN_ENTRIES: dict[str, str] = {
    "catalogue/2024/a.md": entry(category="部门动态"),
    "catalogue/2024/b.md": entry(
        f"{AGENCY_CODE}/2024-00002", title="临川市测试局召开安全生产工作会议", category="部门动态",
        created="2024-04-01", published="2024-04-02", summary="部署安全生产工作。"),
    "catalogue/2023/c.md": entry(
        f"{AGENCY_CODE}/2023-00001", title="临川市测试局规范性文件管理办法", category="政策法规",
        created="2023-05-01", published="2023-05-06", summary="规范性文件的制定和管理。"),
    "catalogue/2024/d.md": entry(
        f"{AGENCY_CODE}/2024-00003", title="临川市测试局2024年行政处罚结果公示", category="行政执法",
        created="2024-06-03", published="2024-06-05", summary="公示行政处罚结果。"),
}
# What the agency's kiosk.yml holds: only the kiosk's own settings.
OWN_KIOSK_YML = """\
INHERIT: mkdocs.yml
site_dir: site-kiosk
plugins:
  - gongkai:
      kiosk: true
"""


def write_own_columns_site(root: Path) -> None:
    """The agency site with its own columns (and footer code, latest list size, kiosk timer) in
    mkdocs.yml, its home page starting with a heading, and a kiosk.yml of its own lines only."""
    write_site(root, {**minimal_site(), **OWN_ENTRIES, "index.md": OWN_HOME},
               {"categories": OWN_COLUMNS, "footer": {"site_id": OWN_SITE_ID}, "latest_size": 2,
                "kiosk": {"idle_seconds": 45}})
    (root / "kiosk.yml").write_text(OWN_KIOSK_YML, encoding="utf-8")


def build_own_columns_kiosk(root: Path) -> BuildResult:
    """``mkdocs build -f kiosk.yml --strict`` of :func:`write_own_columns_site`."""
    write_own_columns_site(root)
    result = run_build(root, "--strict", config_file="kiosk.yml")
    return BuildResult(result.exit_code, result.log, root, root / "site-kiosk")
