"""The platform's pages and data files, as file specs (plain HTML from Jinja templates)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import jinja2

from ..exports import spreadsheet_text
from ..model import CatalogueEntry
from ..pages import FileSpec
from .config import PlatformConfig
from .government import GovernmentReports
from .inspect import KINDS, AgencyStatus
from .search import PlatformSearch

TEMPLATES = Path(__file__).resolve().parent.parent.parent / "templates" / "platform"
NAV = (("", "部门"), ("catalogue/", "目录"), ("search/", "搜索"), ("inspection/", "检查"))


def _environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader([TEMPLATES, TEMPLATES.parent]), autoescape=True,
                              undefined=jinja2.StrictUndefined, keep_trailing_newline=True)


def entry_href(status: AgencyStatus, entry: CatalogueEntry, root: str) -> str:
    """The link to an entry's page on its agency's site, from a page ``root`` below the top."""
    agency = status.published.agency
    return (agency.url or root + agency.href) + f"doc/{entry.slug}/"


def page_files(config: PlatformConfig, statuses: Sequence[AgencyStatus], search: PlatformSearch,
               government: GovernmentReports) -> list[FileSpec]:
    """Every HTML page of the platform (the government's reports bring their own pages)."""
    env = _environment()
    nav = (*NAV, *((("government-report/", "年度报告"),) if government.reports else ()))
    total = sum(len(s.published.entries) for s in statuses)

    def page(path: str, template: str, title: str, current: str, **context: Any) -> FileSpec:
        root = "../" * path.count("/")
        html = env.get_template(template).render(
            platform=config.name, title=title, root=root, nav=nav, current=current,
            today=config.today.isoformat(), **context)
        return FileSpec(f"{path}index.html", html)

    files = [page("", "departments.html", "部门列表", "", statuses=statuses, total=total)]
    files += [page(f"departments/{s.published.agency.path}/", "department.html",
                   s.published.agency.name, "", status=s) for s in statuses]
    files += catalogue_pages(config, statuses, page)
    files.append(page("search/", "search.html", "搜索全部部门", "search/", layout=search.layout))
    totals = {kind: sum(s.count(kind) for s in statuses) for kind in KINDS}
    files.append(page("inspection/", "inspection.html", "政务公开检查", "inspection/",
                      statuses=statuses, kinds=KINDS, totals=totals, stale_days=config.stale_days))
    if government.reports:
        files.append(page("government-report/", "government.html",
                          f"{government.name}政府信息公开工作年度报告", "government-report/",
                          government=government))
    return files


def _newest_first(statuses: Sequence[AgencyStatus]) -> list[tuple[AgencyStatus, CatalogueEntry]]:
    rows = [(s, e) for s in statuses for e in s.published.entries]
    rows.sort(key=lambda row: row[1].published, reverse=True)  # stable: agency order within a day
    return rows


def catalogue_pages(config: PlatformConfig, statuses: Sequence[AgencyStatus],
                    page: Callable[..., FileSpec]) -> list[FileSpec]:
    """The cross-agency catalogue, newest first, ``page_size`` rows a page: ``catalogue/``,
    ``catalogue/2/`` …"""
    rows = _newest_first(statuses)
    size = config.page_size
    pages = max(1, -(-len(rows) // size))
    files = []
    for number in range(1, pages + 1):
        path = "catalogue/" if number == 1 else f"catalogue/{number}/"
        root = "../" * path.count("/")

        def href(n: int, root: str = root) -> str:
            return f"{root}catalogue/" + ("" if n == 1 else f"{n}/")

        chunk = rows[(number - 1) * size:number * size]
        files.append(page(path, "catalogue.html", "政府信息公开目录", "catalogue/",
                          rows=[(s.published.agency.name, e, entry_href(s, e, root)) for s, e in chunk],
                          page=number, pages=pages, page_href=href, total=len(rows),
                          agencies=len(statuses)))
    return files


CSV_HEADER = ("部门", "索引号", "标题", "文号", "主题分类", "同时列入", "成文日期", "公开日期", "有效性", "网址")


def data_files(config: PlatformConfig, statuses: Sequence[AgencyStatus]) -> list[FileSpec]:
    """``data/agencies.json`` (departments, columns, findings) and ``data/catalogue.csv`` (every
    agency's entries, newest first; a BOM for Excel)."""
    agencies = [{
        "name": s.published.agency.name, "code": s.published.agency.code,
        "path": s.published.agency.path, "href": s.published.agency.href,
        "government": s.published.agency.government, "entries": len(s.published.entries),
        "newest": s.newest.isoformat() if s.newest else None,
        "columns": [{"name": c.name, "count": c.count,
                     "newest": c.newest.isoformat() if c.newest else None,
                     "idle_days": c.idle, "limit_days": c.limit, "stale": c.stale} for c in s.columns],
        "reports": sorted(s.published.reports),
        "report_due": {"year": s.report_due[0], "deadline": s.report_due[1].isoformat()},
        "links": s.published.links,
        "findings": [{"kind": f.kind, "subject": f.subject, "detail": f.detail} for f in s.findings],
    } for s in statuses]
    document = {"platform": config.name, "today": config.today.isoformat(), "agencies": agencies}
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for status, e in _newest_first(statuses):
        writer.writerow([spreadsheet_text(value) for value in (
            status.published.agency.name, e.index_no, e.title, e.doc_no, e.category, "；".join(e.also_in),
            e.created.isoformat(), e.published.isoformat(),
            "未注明" if not e.validity_stated else e.validity, entry_href(status, e, config.site_url))])
    return [FileSpec("data/agencies.json", json.dumps(document, ensure_ascii=False, indent=1) + "\n"),
            FileSpec("data/catalogue.csv", "\ufeff" + buffer.getvalue())]
