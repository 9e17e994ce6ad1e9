"""Values of the sample agency (临川市市场监督管理局) that a real site must not keep.

An agency starts by copying the sample site; its name, 统一社会信用代码, footer codes (网站标识码, ICP
and 公安备案号) and web address belong to a fictional agency.  Once ``agency.yml`` names another
agency, every such value still in place is a warning (``mkdocs build --strict`` fails) naming the
file and key to change.  The sample site itself, which names the sample agency, builds clean.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from .problems import Problem

SAMPLE_AGENCY_NAME = "临川市市场监督管理局"
SAMPLE_AGENCY_CODE = "11360100MB1C38423B"
SAMPLE_HOST = "scjgj.linchuan.gov.cn"
# Footer codes issued to the sample site, by the key that holds them.
SAMPLE_FOOTER = {
    "plugins.gongkai.footer.site_id": "3610000099",
    "plugins.gongkai.footer.icp": "赣ICP备00000000号",
    "plugins.gongkai.footer.psb": "赣公网安备 36100002000000号",
}
_FOOTER_FIXES = {
    "plugins.gongkai.footer.site_id": "write the 网站标识码 the 全国政府网站基本信息数据库 issued for this site",
    "plugins.gongkai.footer.icp": "write this site's ICP备案号 (工业和信息化部 备案)",
    "plugins.gongkai.footer.psb": "write this site's 公安机关备案号, or delete the line if it has none",
}
# Settings whose text names the agency (site_name: 临川市市场监督管理局政府信息公开).
NAMING_KEYS = ("site_name", "site_description", "copyright", "plugins.gongkai.footer.organizer")


@dataclass(frozen=True)
class SiteSetting:
    """One value of the site's configuration as a webmaster wrote it: key, value and line."""

    key: str  # as the webmaster finds it, e.g. ``site_name`` or ``plugins.gongkai.footer.icp``
    value: str
    line: int = 0


def is_sample_agency(name: str) -> bool:
    """Whether ``agency.yml`` still names the sample agency (then its values are its own)."""
    return name.strip() == SAMPLE_AGENCY_NAME


def sample_value_problems(agency_name: str, settings: Sequence[SiteSetting],
                          config_file: str = "mkdocs.yml") -> list[Problem]:
    """A warning for each sample value left in ``settings`` of a site of another agency."""
    if is_sample_agency(agency_name) or not agency_name.strip():
        return []
    problems: list[Problem] = []
    for setting in settings:
        value = setting.value.strip()
        if not value:
            continue
        if setting.key in SAMPLE_FOOTER and value == SAMPLE_FOOTER[setting.key]:
            problems.append(Problem(
                config_file, setting.line, setting.key,
                f"'{value}' is the sample site's code, not {agency_name}'s",
                _FOOTER_FIXES[setting.key], "warning"))
        elif setting.key in NAMING_KEYS and SAMPLE_AGENCY_NAME in value:
            problems.append(Problem(
                config_file, setting.line, setting.key,
                f"'{value}' names the sample agency {SAMPLE_AGENCY_NAME}, but agency.yml names "
                f"{agency_name}", f"write {agency_name}'s own text", "warning"))
        elif setting.key == "site_url" and urlsplit(value).hostname == SAMPLE_HOST:
            problems.append(Problem(
                config_file, setting.line, setting.key,
                f"'{value}' is the sample site's address ({SAMPLE_HOST})",
                "write the address where this site is published (links in the feed, sitemap and "
                "kiosk QR codes use it)", "warning"))
    return problems


def line_of_setting(text: str, key: str, value: str) -> int:
    """The line of a configuration ``text`` where ``key`` (its last part) is given ``value``;
    0 when no line does (the value comes from an inherited file or a default)."""
    name = key.rsplit(".", 1)[-1]
    for number, line in enumerate(text.splitlines(), start=1):
        if line.lstrip(" -").startswith(name) and value in line:
            return number
    return 0
