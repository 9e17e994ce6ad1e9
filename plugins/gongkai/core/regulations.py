"""法规文件: validity periods of 行政规范性文件 (清理 review) and the 法律法规 the agency applies.

Many provinces give a 行政规范性文件 a validity period (commonly five years, counted here from its
成文日期); when it runs out the document lapses unless it is re-issued.  A document still marked
有效 after that is reported so that the agency reviews it (清理); the period is the plugin option
``regulation_validity_years`` (0 turns the check off).

``laws.yml`` lists laws and regulations made by others that the agency applies; they are shown as
links to their official text, never copied.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from urllib.parse import urlsplit

from .dates import parse_date
from .model import CatalogueEntry, Law, Site
from .problems import Problem, Problems
from .settings import REGULATION_CATEGORIES, Settings

NORMATIVE_CATEGORY = "行政规范性文件"
# The documents a 清理 reviews, and the only ones a ``cleanup`` decision may be recorded for.
CLEANUP_CATEGORIES = ("规章", NORMATIVE_CATEGORY)
LAWS_FILE = "laws.yml"
LAW_KEYS = ("title", "url", "issuer", "effective")
# Reported ahead of the end of the period so that the review (评估) can be done in time.
NOTICE_MONTHS = 6


def add_years(day: dt.date, years: int) -> dt.date:
    """``day`` moved by whole years; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by whole months, clamped to the end of a shorter month."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month + 1, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has at least 28 days")


def valid_until(entry: CatalogueEntry, years: int) -> dt.date | None:
    """The day a document's validity ends: the 有效期至 it states itself (``valid_until``), else for
    a 行政规范性文件 the end of its ``years``-year period, counted from its 成文日期 or from the day
    a 清理 decided to keep it (保留); None when neither applies."""
    if entry.valid_until is not None:
        return entry.valid_until
    if NORMATIVE_CATEGORY not in entry.categories or years <= 0:
        return None
    kept = entry.cleanup is not None and entry.cleanup.decision == "保留"
    return add_years(entry.cleanup.date if entry.cleanup is not None and kept else entry.created, years)


def is_regulation(entry: CatalogueEntry) -> bool:
    """Whether the entry is listed under a regulation column (its category or an ``also_in``)."""
    return any(name in REGULATION_CATEGORIES for name in entry.categories)


def validity_problems(site: Site, settings: Settings) -> list[Problem]:
    """行政规范性文件 still marked 有效 whose validity period has ended (warning) or ends soon (info).

    The period runs from the 成文日期, or from the date of a 清理 decision 保留; a document that
    states its own 有效期至 (``valid_until``) lapses by itself and is only announced (info) when that
    day comes within six months.  Regulations whose 有效性 is unstated are counted in one info line.
    A warning, because the author must act: the document lapsed and must be marked 失效, or it was
    re-issued and the new entry replaces it.  ``mkdocs build --strict`` therefore fails until that
    is done.  Documents whose period ends within six months are listed as information.
    """
    years = settings.regulation_validity_years
    problems: list[Problem] = []
    notice = add_months(settings.today, NOTICE_MONTHS)
    unstated: list[CatalogueEntry] = []
    for entry in sorted(site.entries, key=lambda e: (e.created, e.index_no)):
        if not entry.validity_stated:
            # An imported catalogue may hold hundreds: one line for all, not a warning each.
            if is_regulation(entry) and entry.in_force_on(settings.today):
                unstated.append(entry)
            continue
        end = valid_until(entry, years)
        if end is None or entry.validity != "有效" or not entry.in_force_on(settings.today):
            continue
        name = f"{entry.index_no} {entry.title}" + (f"（{entry.doc_no}）" if entry.doc_no else "")
        if entry.valid_until is not None:
            # The document states its own end: it lapses by itself, no 清理 is due before it.
            if end <= notice:
                problems.append(Problem(
                    entry.source, 0, "valid_until", f"{name}: its 有效期 ends on {end}",
                    "evaluate it (清理) before then and re-issue it or let it lapse", "info"))
            continue
        if end <= settings.today:
            problems.append(Problem(
                entry.source, 0, "validity",
                f"{name} is still marked 有效, but its {years}-year validity period ended on {end}: "
                "清理 review due",
                f"if it lapsed, write 'validity: 失效' and 'abolished: {end}'; if it was re-issued, "
                "also set superseded_by to the new entry's 索引号; if the 清理 kept it, record "
                "'cleanup: {decision: 保留, date: YYYY-MM-DD}' (the period is the option "
                "regulation_validity_years in mkdocs.yml)", "warning"))
        elif end <= notice:
            problems.append(Problem(
                entry.source, 0, "validity",
                f"{name}: its {years}-year validity period ends on {end}",
                "evaluate it (清理) before then and re-issue it or let it lapse", "info"))
    if unstated:
        problems.append(Problem(
            unstated[0].source, 0, "unstated",
            f"有效性 is not stated for {len(unstated)} 规章/行政规范性文件 (this one and "
            f"{len(unstated) - 1} more): they count as in force and 法规文件 marks them 有效性未注明",
            "find them with 'unstated:' in content/catalogue and write the 有效性 of each "
            "(validity: 有效, or 失效/废止 with abolished: YYYY-MM-DD)", "info"))
    return problems


def read_laws(data: object, path: str, problems: Problems,
              lines: Callable[[str], int] | None = None) -> tuple[Law, ...]:
    """Read ``laws.yml``: a list of ``{title, url, issuer, effective}`` (title and url required).

    Every bad value is an error naming its line; links must be http(s) addresses.
    """

    def line(key: str) -> int:
        return lines(key) if lines is not None else 0

    example = "write e.g. '- {title: 中华人民共和国计量法, url: https://flk.npc.gov.cn/, issuer: 全国人大常委会}'"
    if data is None:
        return ()
    if not isinstance(data, list):
        problems.error(path, line(""), "", "must be a list of laws", example)
        return ()
    laws: list[Law] = []
    for index, item in enumerate(data):
        where = str(index)
        if not isinstance(item, dict):
            problems.error(path, line(where), where, f"'{item}' must be a mapping", example)
            continue
        ok = True
        for key in item:
            if key not in LAW_KEYS:
                problems.error(path, line(f"{where}.{key}"), str(key), "unknown key",
                               "use " + ", ".join(LAW_KEYS))
                ok = False
        title = str(item.get("title") or "").strip()
        url = str(item.get("url") or "").strip()
        if not title:
            problems.error(path, line(where), "title", "a law needs its title (名称)", example)
            ok = False
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            problems.error(path, line(f"{where}.url"), "url",
                           f"'{url}' is not a web address" if url else "a law needs the url of its "
                           "official text", "write the full address, starting with https://")
            ok = False
        stated = item.get("effective")
        effective = parse_date(stated) if stated is not None else None
        if stated is not None and effective is None:
            problems.error(path, line(f"{where}.effective"), "effective",
                           f"'{stated}' is not a date", "write YYYY-MM-DD")
            ok = False
        if ok:
            laws.append(Law(title, url, str(item.get("issuer") or "").strip(), effective))
    return tuple(laws)
