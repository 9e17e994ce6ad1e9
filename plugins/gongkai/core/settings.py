"""Site settings the core needs, independent of how an engine configures them."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .model import Category

# 条例第二十条, with 规章 and 行政规范性文件 distinct because report table 二 counts them apart,
# plus the agency's own disclosure rules and policy interpretations.
DEFAULT_CATEGORIES: tuple[Category, ...] = (
    Category("规章", "guizhang", 1, "本机关制定的规章"),
    Category("行政规范性文件", "guifanxing-wenjian", 1, "本机关制定的行政规范性文件"),
    Category("机构职能", "jigou-zhineng", 2, "机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名"),
    Category("规划计划", "guihua-jihua", 3, "国民经济和社会发展规划、专项规划、区域规划及相关政策"),
    Category("统计信息", "tongji-xinxi", 4, "国民经济和社会发展统计信息"),
    Category("行政许可", "xingzheng-xuke", 5, "办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果"),
    Category("行政处罚和行政强制", "chufa-qiangzhi", 6, "实施行政处罚、行政强制的依据、条件、程序以及具有一定社会影响的行政处罚决定"),
    Category("财政预决算", "caizheng-yujuesuan", 7, "财政预算、决算信息"),
    Category("行政事业性收费", "xingzheng-shiyexing-shoufei", 8, "行政事业性收费项目及其依据、标准"),
    Category("政府集中采购", "zhengfu-caigou", 9, "政府集中采购项目的目录、标准及实施情况"),
    Category("重大建设项目", "zhongda-jianshe-xiangmu", 10, "重大建设项目的批准和实施情况"),
    Category("民生政策", "minsheng-zhengce", 11, "扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况"),
    Category("应急管理", "yingji-guanli", 12, "突发公共事件的应急预案、预警信息及应对情况"),
    Category("监督检查", "jiandu-jiancha", 13, "环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况"),
    Category("公务员招考", "gongwuyuan-zhaokao", 14, "公务员招考的职位、名额、报考条件等事项以及录用结果"),
    Category("其他法定公开信息", "qita-fading-gongkai", 15, "法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息"),
    Category("政府信息公开制度", "gongkai-zhidu", None, "本机关政府信息公开工作制度"),
    Category("政策解读", "zhengce-jiedu", None, "对本机关政策文件的解读"),
)

# Categories whose entries are regulations (法规文件): their lifecycle feeds report table 二 （一）.
REGULATION_CATEGORIES: tuple[str, ...] = ("规章", "行政规范性文件", "法律法规")
INTERPRETATION_CATEGORY = "政策解读"
RULES_CATEGORY = "政府信息公开制度"

DEFAULT_INDEX_NO_PATTERN = "<code>/<YYYY>-<NNNNN>"

_SLUG = re.compile(r"[a-z0-9][a-z0-9_-]*")
CONFIG_PATH = "mkdocs.yml: plugins.gongkai"
# Options that count what a page shows, with the example a message gives: 0 would divide by
# zero or show nothing.
POSITIVE_OPTIONS: dict[str, int] = {"page_size": 50, "feed_size": 50, "latest_size": 10,
                                    "summary_max_length": 100}
# Options where 0 means "off" or "automatic".
NON_NEGATIVE_OPTIONS: dict[str, int] = {"regulation_validity_years": 5, "build_workers": 0}
# The build date may preview the coming year; a date beyond that is a typo (9999-12-31), and
# time limits and working days are counted with calendars known only for a few years around now.
EARLIEST_TODAY = dt.date(2000, 1, 1)
TODAY_AHEAD = dt.timedelta(days=366)


@dataclass(frozen=True)
class Settings:
    """Everything the core reads besides the content itself."""

    categories: tuple[Category, ...] = DEFAULT_CATEGORIES
    index_no_pattern: str = DEFAULT_INDEX_NO_PATTERN
    summary_max_length: int = 100
    page_size: int = 50
    feed_size: int = 50
    latest_size: int = 10
    # (month, day) by which the previous year's annual report must be published (条例第四十九条).
    report_deadline: tuple[int, int] = (1, 31)
    # 行政规范性文件 validity period in years before a 清理 review is due; 0 disables the check.
    regulation_validity_years: int = 5
    # The build date: "published in the future" and the unfinished current year are judged by it.
    today: dt.date = dt.date.today()
    site_url: str = ""
    # Folder of the attachment-text cache (outside content/ and site/); None keeps texts in memory.
    text_cache: Path | None = None
    # The years that get an annual report (option report_years); None: the years with a register
    # or a narrative (see gongkai.core.report.report_years).
    report_years: tuple[int, ...] | None = None
    # The option search_abbreviations as written ({简称: [名称, …]}), applied over the shipped table
    # by gongkai.core.search.expand.abbreviation_groups; None: the shipped table alone.
    search_abbreviations: object = None

    def category(self, name: str) -> Category | None:
        """The configured category called ``name``, if any."""
        for category in self.categories:
            if category.name == name:
                return category
        return None


def slug_problem(slug: str) -> str:
    """Why ``slug`` cannot name a category's folder below catalogue/ ('' when it can)."""
    if not slug:
        return "is empty"
    if not _SLUG.fullmatch(slug):
        return "is not a plain folder name (it could write outside its folder)"
    if slug.isdigit():
        return "is a number: catalogue/<year>/ lists a year's entries"
    return ""


def resolve_categories(raw: list[str | dict[str, object]] | None) -> tuple[tuple[Category, ...], list[str]]:
    """Categories from the configuration: plain names or ``{name, slug, item, description}``.

    Returns the categories and a list of configuration problems.  Names of the default list keep
    their default slug and 条例第二十条 item unless the configuration says otherwise.
    """
    from .identifiers import category_slug

    if not raw:
        return DEFAULT_CATEGORIES, []
    defaults = {c.name: c for c in DEFAULT_CATEGORIES}
    problems: list[str] = []
    result: list[Category] = []
    for position, item in enumerate(raw):
        where = f"mkdocs.yml: plugins.gongkai.categories[{position}]"
        if isinstance(item, str):
            item = {"name": item}
        name = str(item.get("name") or "").strip()
        if not name:
            problems.append(f"{where}: name: missing — write '- name: 栏目名称' or just '- 栏目名称'")
            continue
        unknown = set(item) - {"name", "slug", "item", "description"}
        if unknown:
            problems.append(f"{where}: {sorted(unknown)[0]}: unknown key — allowed: name, slug, item, description")
        base = defaults.get(name)
        slug = str(item.get("slug") if item.get("slug") is not None
                   else base.slug if base else category_slug(name))
        why = slug_problem(slug)
        if why:  # a listing is written to catalogue/<slug>/: the slug must be one folder name
            problems.append(f"{where}: slug: '{slug}' {why} — write lowercase letters, digits, "
                            "'-' and '_' only, e.g. 'bumen-dongtai'")
            continue
        article = item.get("item", base.article_item if base else None)
        if article is not None and (not isinstance(article, int) or not 1 <= article <= 15):
            problems.append(f"{where}: item: '{article}' is not an item of 条例第二十条 — use 1–15")
            article = None
        description = str(item.get("description") or (base.description if base else ""))
        result.append(Category(name, slug, article, description))
    seen: dict[str, str] = {}
    for category in result:
        for key in (category.name, category.slug):
            if key in seen and seen[key] != category.name:
                problems.append(f"mkdocs.yml: plugins.gongkai.categories: '{category.name}' and "
                                f"'{seen[key]}' share the slug '{category.slug}' — give one a 'slug'")
            seen[key] = category.name
    if len({c.name for c in result}) != len(result):
        problems.append("mkdocs.yml: plugins.gongkai.categories: a category is listed twice — keep one")
    return tuple(result), problems


def option_problems(options: Mapping[str, Any], today: dt.date, clock: dt.date) -> list[str]:
    """Configuration errors of the plugin's options, each ``mkdocs.yml: plugins.gongkai.<option>:
    what — how to fix``; MkDocs has checked their types already.

    ``today`` is the build date the options give and ``clock`` the machine's date.
    """
    from .identifiers import index_no_regex

    problems: list[str] = []
    for name, example in POSITIVE_OPTIONS.items():
        value = options.get(name, example)
        if isinstance(value, int) and value < 1:
            problems.append(f"{CONFIG_PATH}.{name}: {value} is not a number above zero — "
                            f"write e.g. '{name}: {example}'")
    for name, example in NON_NEGATIVE_OPTIONS.items():
        value = options.get(name, example)
        if isinstance(value, int) and value < 0:
            problems.append(f"{CONFIG_PATH}.{name}: {value} is negative — write 0 or more, "
                            f"e.g. '{name}: {example}'")
    if not EARLIEST_TODAY <= today <= clock + TODAY_AHEAD:
        problems.append(f"{CONFIG_PATH}.today: {today.isoformat()} is not a plausible build date — "
                        f"use a date from {EARLIEST_TODAY.isoformat()} to "
                        f"{(clock + TODAY_AHEAD).isoformat()}, or leave 'today' out to build for "
                        "the current date")
    pattern = options.get("index_no_pattern", DEFAULT_INDEX_NO_PATTERN)
    try:
        index_no_regex(pattern, "")
    except ValueError as error:
        what, _, fix = str(error).partition("; ")
        problems.append(f"{CONFIG_PATH}.index_no_pattern: '{pattern}' has an {what} — {fix}, "
                        f"e.g. '{DEFAULT_INDEX_NO_PATTERN}'")
    return problems


def resolve_report_years(raw: object, today: dt.date) -> tuple[tuple[int, ...] | None, list[str]]:
    """The option ``report_years``: a list of years from 2019 to this year, or None (not given).

    Returns the sorted years without repeats and a list of configuration problems.
    """
    from .report.labels import FIRST_REPORT_YEAR

    if raw is None:
        return None, []
    where = "mkdocs.yml: plugins.gongkai.report_years"
    if not isinstance(raw, list):
        return None, [f"{where}: '{raw}' is not a list of years — write e.g. 'report_years: [2024, 2025]'"]
    problems: list[str] = []
    years: set[int] = set()
    for position, year in enumerate(raw):
        if not isinstance(year, int) or isinstance(year, bool):
            problems.append(f"{where}[{position}]: '{year}' is not a year — write a year such as 2024")
        elif year < FIRST_REPORT_YEAR:
            problems.append(f"{where}[{position}]: {year} has no national report format (the first is "
                            f"{FIRST_REPORT_YEAR}) — publish older reports as catalogue entries")
        elif year > today.year:
            problems.append(f"{where}[{position}]: {year} has not begun (today is {today.isoformat()}) "
                            "— list years up to this one")
        else:
            years.add(year)
    return tuple(sorted(years)), problems
