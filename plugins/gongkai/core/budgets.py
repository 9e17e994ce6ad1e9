"""财政预决算 pages and files: the budgets' pages, data files and charts of a site.

The figures (:mod:`.budgetfigures`), the publication check (:mod:`.budgetchecks`), the data
files (:mod:`.budgetexports`) and the charts (:mod:`.budgetcharts`) are made by their own
modules; this one puts them together as the pages and files a build publishes.
"""

from __future__ import annotations

import functools
import json
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from .budgetcharts import BudgetChart, budget_charts, chart_svg
from .budgetchecks import PUBLICATION_LIMIT_DAYS, days_to_publish, publication_problems
from .budgetexports import budget_csv, budget_data
from .budgetfigures import KINDS, THREE_PUBLIC, ComparedRow, compare, find_table, previous_of
from .model import Budget, BudgetTable, Site
from .money import money, signed
from .pages import FileSpec, PageSpec
from .problems import Problem


def budget_url(year: int) -> str:
    """URL path of the page of one year's budgets."""
    return f"budgets/{year}/"


def data_path(budget: Budget, extension: str) -> str:
    """Where a budget's CSV or JSON is published: ``budgets/2024/2024-预算.csv``."""
    return f"{budget_url(budget.year)}{budget.year}-{budget.kind}.{extension}"


def _table_view(table: BudgetTable, previous: Budget | None) -> dict[str, Any]:
    compared = THREE_PUBLIC in table.name
    rows = compare(table, find_table(previous, THREE_PUBLIC) if previous else None) if compared \
        else [ComparedRow(r.item, r.level, r.amount, None, None, None) for r in table.rows]
    return {
        "name": table.name,
        "compared": compared,
        "previous_year": previous.year if previous else None,
        "rows": [{"item": r.item, "level": r.level, "amount": money(r.amount),
                  "previous": money(r.previous), "change": signed(r.change),
                  "percent": signed(r.percent, "%", places=False)} for r in rows],
    }


def _budget_view(budget: Budget, budgets: Sequence[Budget]) -> dict[str, Any]:
    previous = previous_of(budget, budgets)
    base = budget_url(budget.year)
    days = days_to_publish(budget)
    return {
        "year": budget.year,
        "kind": budget.kind,
        "title": f"{budget.year}年部门{budget.kind}",
        "id": f"gk-{budget.kind}",
        "approved": budget.approved,
        "published": budget.published,
        "days": days,
        "late": days > PUBLICATION_LIMIT_DAYS,
        "limit": PUBLICATION_LIMIT_DAYS,
        "unit": budget.unit,
        "tables": [_table_view(t, previous) for t in budget.tables],
        "notes": budget.notes,
        "downloads": [
            {"url": data_path(budget, "csv")[len(base):], "title": f"{budget.year}年{budget.kind}（CSV）"},
            {"url": data_path(budget, "json")[len(base):], "title": f"{budget.year}年{budget.kind}（JSON）"},
        ],
        "attachments": [{"url": a.url, "title": a.title, "ext": a.path.rsplit(".", 1)[-1].upper()}
                        for a in budget.attachments],
    }


def _chart_view(chart: BudgetChart, href: str) -> dict[str, Any]:
    return {"title": chart.title, "href": href, "alt": chart.description, "table": chart.table()}


def budget_outputs(site: Site, draw_charts: bool = True,
                   ) -> tuple[list[PageSpec], list[FileSpec], list[Problem]]:
    """The 财政预决算 pages, their data files and charts, and the publication report.

    With ``draw_charts`` false the charts' files are left to be drawn (:func:`.pages.drawn`).
    """
    budgets = site.budgets
    years: dict[int, list[Budget]] = defaultdict(list)
    for budget in budgets:
        years[budget.year].append(budget)
    ordered = sorted(years.items(), reverse=True)
    charts = budget_charts(budgets)
    files = [FileSpec(chart.path, chart_svg(chart)) if draw_charts
             else FileSpec(chart.path, "", draw=functools.partial(chart_svg, chart)) for chart in charts]
    for budget in budgets:
        files.append(FileSpec(data_path(budget, "csv"), budget_csv(budget)))
        files.append(FileSpec(data_path(budget, "json"), json.dumps(
            budget_data(budget, site.agency.name), ensure_ascii=False, indent=1) + "\n"))
    index = PageSpec("budgets/", "财政预决算", "gongkai/budgets.html", {
        "kind": "budgets",
        "years": [{"year": year, "url": budget_url(year),
                   "budgets": [{"kind": b.kind, "published": b.published, "csv": data_path(b, "csv"),
                                "json": data_path(b, "json")}
                               for b in sorted(group, key=lambda b: KINDS.index(b.kind))]}
                  for year, group in ordered],
        "charts": [_chart_view(c, f"charts/{c.name}.svg") for c in charts],
    }, in_nav=True)
    pages = [index]
    for year, group in ordered:
        pages.append(PageSpec(budget_url(year), f"{year}年财政预决算", "gongkai/budget.html", {
            "kind": "budget", "year": year,
            "budgets": [_budget_view(b, budgets) for b in sorted(group, key=lambda b: KINDS.index(b.kind))],
        }))
    return pages, files, publication_problems(budgets)
