"""Inspection rules of 政府网站与政务新媒体检查指标, checked on the finished model at build time.

Inspectors fail a site outright (单项否决) for a 空白栏目 — a column with nothing in it — and mark
it down for 工作动态 columns that are not kept up to date and for an annual report that is not
published by its deadline (条例第四十九条).  Each finding is a :class:`Problem` naming the file or
option to change, so the webmaster sees it in the build log and ``mkdocs build --strict`` fails.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

from .model import Site
from .problems import Problem, Severity
from .report import report_years
from .settings import Settings

CONFIG = "mkdocs.yml"
# 网站标识码: ten digits (地方政府网站) or two letters and eight digits (部门网站, e.g. bm01000001).
SITE_ID = re.compile(r"\d{10}|[a-z]{2}\d{8}")


def empty_column_problems(site: Site, settings: Settings,
                          severity: Severity = "warning") -> list[Problem]:
    """Every category and section with nothing published (空白栏目, a veto item)."""
    published = {name for entry in site.entries for name in entry.categories}  # also_in fills a column
    problems = [
        Problem(CONFIG, 0, "plugins.gongkai.categories",
                f"栏目「{category.name}」 has no published entry and shows 暂无 — a 空白栏目 fails the "
                "政府网站检查 (单项否决)",
                "publish the documents of this column, or leave the column out of the categories list "
                "if the agency has none",
                severity)
        for category in settings.categories if category.name not in published
    ]
    if not site.budgets:
        problems.append(Problem(
            "budgets/", 0, "财政预决算", "no 预算 or 决算 is published and the column shows 暂无 — a 空白栏目 "
            "fails the 政府网站检查 (单项否决)",
            "add content/budgets/<year>-预算.yml (and -决算.yml) for the latest year", severity))
    return problems


def freshness_problems(site: Site, settings: Settings, limits: Mapping[str, int],
                       severity: Severity = "warning") -> list[Problem]:
    """工作动态-type categories with nothing published for longer than their limit in days.

    A limit naming no configured category, or not a number of days, is an error of the
    configuration whatever ``severity`` the findings have.
    """
    problems: list[Problem] = []
    where = "plugins.gongkai.freshness"
    for name, days in limits.items():
        if settings.category(name) is None:
            problems.append(Problem(CONFIG, 0, f"{where}.{name}", "is not a configured category",
                                    "use a name from plugins.gongkai.categories"))
            continue
        if not isinstance(days, int) or isinstance(days, bool) or days < 1:
            problems.append(Problem(CONFIG, 0, f"{where}.{name}", f"'{days}' is not a number of days",
                                    "write a whole number of days, e.g. 90"))
            continue
        dates = [entry.published for entry in site.entries if name in entry.categories]
        if not dates:
            continue  # reported as a 空白栏目 already
        newest = max(dates)
        idle = (settings.today - newest).days
        if idle > days:
            problems.append(Problem(
                CONFIG, 0, f"{where}.{name}",
                f"栏目「{name}」 has had nothing new for {idle} days (last published "
                f"{newest.isoformat()}, limit {days} days) — 工作动态 columns not kept up to date are "
                "marked down by the 政府网站检查",
                "publish the column's recent work, or raise its limit if it is updated less often",
                severity))
    return problems


def missing_report_problems(site: Site, settings: Settings,
                            severity: Severity = "warning") -> list[Problem]:
    """The previous year's annual report, missing after its deadline (条例第四十九条).

    Asked for from the agency's first report year on (:func:`~.report.report_years`): a year
    before it has no report by the agency's choice.  A site with no report year at all is asked
    for the previous year's.
    """
    year = settings.today.year - 1
    month, day = settings.report_deadline
    deadline = dt.date(year + 1, month, day)
    if settings.today <= deadline:
        return []
    years = report_years(site, settings)
    if years and year < years[0]:
        return []
    due = f"the {year} annual report was due by {deadline.isoformat()} (条例第四十九条)"
    sections = "一、总体情况, 五、存在的主要问题及改进情况 and 六、其他需要报告的事项"
    if year not in years:
        listed = settings.report_years is not None
        return [Problem(
            CONFIG if listed else f"registers/{year}.yml",
            0, "plugins.gongkai.report_years" if listed else "年度报告",
            f"{due} and none is built" + (f": {year} is not listed" if listed else ""),
            (f"add {year} to plugins.gongkai.report_years, " if listed else "")
            + f"write content/registers/{year}.yml (依申请公开 records and statistics) and "
            f"content/reports/{year}.md with the sections {sections}", severity)]
    if year in site.narratives:
        return []
    return [Problem(
        f"reports/{year}.md", 0, "年度报告", f"{due} and its narrative is missing",
        f"write content/reports/{year}.md with the sections {sections}", severity)]


def site_id_problems(site_id: str, severity: Severity = "warning") -> list[Problem]:
    """The 网站标识码 every page must show (footer and the ``SiteIDCode`` meta tag)."""
    where = "plugins.gongkai.footer.site_id"
    fix = "write the code the 全国政府网站基本信息数据库 issued for this site, e.g. site_id: \"3610000099\""
    if not site_id:
        return [Problem(CONFIG, 0, where, "is empty — every page of a government site must show its "
                        "网站标识码", fix, severity)]
    if not SITE_ID.fullmatch(site_id):
        return [Problem(CONFIG, 0, where, f"'{site_id}' is not a 网站标识码 (ten digits, or two letters "
                        "and eight digits)", fix, severity)]
    return []


def inspection_problems(site: Site, settings: Settings, freshness: Mapping[str, int],
                        severity: Severity = "warning", site_id: str = "") -> list[Problem]:
    """Every inspection finding of the site, in the order a webmaster would fix them."""
    return (site_id_problems(site_id, severity)
            + empty_column_problems(site, settings, severity)
            + freshness_problems(site, settings, freshness, severity)
            + missing_report_problems(site, settings, severity))
