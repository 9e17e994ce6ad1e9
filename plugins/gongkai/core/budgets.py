"""财政预决算: comparisons, year-over-year charts, publication deadline and data files of budgets.

Derivations over the validated budgets of a :class:`~gongkai.core.model.Site` (the sums of every
table are checked when the files are read, see :mod:`gongkai.core.load`).  A 预算 is compared with
the previous year's 预算 and a 决算 with the previous year's 决算, as budget explanations do.
Amounts stay :class:`~decimal.Decimal` until a page or file prints them, so 0.1 + 0.2 is 0.3.
"""

from __future__ import annotations

import csv
import functools
import io
import json
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from .exports import spreadsheet_text
from .model import Budget, BudgetKind, BudgetTable, Site
from .pages import FileSpec, PageSpec
from .problems import Problem

if TYPE_CHECKING:
    from matplotlib.figure import Figure

# 预算法第十四条: budgets and 决算 are published within twenty days of their approval (calendar days).
PUBLICATION_LIMIT_DAYS = 20
KINDS: tuple[BudgetKind, ...] = ("预算", "决算")
CHARTS_DIR = "budgets/charts"
THREE_PUBLIC = "三公经费"
# Excel opens a UTF-8 CSV as the local ANSI code page unless it starts with a byte-order mark.
BOM = "\ufeff"
KIND_COLOURS = {"预算": "#1f77b4", "决算": "#d62728"}


def budget_url(year: int) -> str:
    """URL path of the page of one year's budgets."""
    return f"budgets/{year}/"


def data_path(budget: Budget, extension: str) -> str:
    """Where a budget's CSV or JSON is published: ``budgets/2024/2024-预算.csv``."""
    return f"{budget_url(budget.year)}{budget.year}-{budget.kind}.{extension}"


# -- figures ---------------------------------------------------------------------------------


def rows_with_paths(table: BudgetTable) -> Iterator[tuple[tuple[str, ...], Decimal, int]]:
    """Each row of ``table`` with the names of its parents and its own (``(合计, 公务接待费)``)."""
    parents: list[str] = []
    for row in table.rows:
        del parents[row.level:]
        parents.append(row.item)
        yield tuple(parents), row.amount, row.level


def find_table(budget: Budget, name: str) -> BudgetTable | None:
    """The first table of ``budget`` whose name contains ``name`` (三公经费, 收支总表)."""
    return next((t for t in budget.tables if name in t.name), None)


def top_level_total(budget: Budget, prefix: str) -> Decimal | None:
    """The amount of the first top-level row starting with ``prefix`` in any table (收入, 支出)."""
    for table in budget.tables:
        for row in table.rows:
            if row.level == 0 and row.item.startswith(prefix):
                return row.amount
    return None


def three_public_total(budget: Budget) -> Decimal | None:
    """三公经费 in total: the sum of the table's top-level rows (one 合计 row, or the three items)."""
    table = find_table(budget, THREE_PUBLIC)
    if table is None:
        return None
    return sum((row.amount for row in table.rows if row.level == 0), Decimal(0))


def change_percent(current: Decimal, previous: Decimal | None) -> Decimal | None:
    """Change from ``previous`` in percent, rounded half up to one place; None without a base."""
    if previous is None or previous == 0:
        return None
    return ((current - previous) * 100 / previous).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def money(value: Decimal | None, grouping: bool = True) -> str:
    """An amount as budget tables print it, to two places at least: ``8,682.40``; None → ``—``.

    YAML reads ``8682.40`` as the number 8682.4, so the places are restored here.  Data files
    are written without thousands separators (``grouping=False``).
    """
    if value is None:
        return "—"
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent > -2:
        value = value.quantize(Decimal("0.01"))
    return format(value, ",f" if grouping else "f")


def signed(value: Decimal | None, suffix: str = "", places: bool = True) -> str:
    """A change with its sign: ``+2.83``, ``-4.70``, ``0.00``, ``-6.8%``; None → ``—``."""
    if value is None:
        return "—"
    return ("+" if value > 0 else "") + (money(value) if places else format(value, "f")) + suffix


@dataclass(frozen=True)
class ComparedRow:
    """A row of this year's table beside the same row of the previous year."""

    item: str
    level: int
    amount: Decimal
    previous: Decimal | None
    change: Decimal | None
    percent: Decimal | None


def compare(table: BudgetTable, previous: BudgetTable | None) -> list[ComparedRow]:
    """Rows of ``table`` with the previous year's amount (matched by item and parents) and change."""
    before = {path: amount for path, amount, _ in rows_with_paths(previous)} if previous else {}
    rows: list[ComparedRow] = []
    for path, amount, level in rows_with_paths(table):
        old = before.get(path)
        rows.append(ComparedRow(path[-1], level, amount, old,
                                None if old is None else amount - old, change_percent(amount, old)))
    return rows


def previous_of(budget: Budget, budgets: Sequence[Budget]) -> Budget | None:
    """The budget of the same kind one year earlier."""
    return next((b for b in budgets if b.kind == budget.kind and b.year == budget.year - 1), None)


def days_to_publish(budget: Budget) -> int:
    """Calendar days from approval (批复) to publication (公开)."""
    return (budget.published - budget.approved).days


def publication_problems(budgets: Sequence[Budget]) -> list[Problem]:
    """Late and impossible publication dates.

    A publication later than 20 days after approval is reported as information: it happened and
    cannot be undone, so it must not fail a strict build; the agency explains it in ``notes``.
    A publication before approval is a mistake in the file and a warning.
    """
    problems: list[Problem] = []
    for budget in budgets:
        days = days_to_publish(budget)
        label = f"{budget.year}年{budget.kind}"
        if days < 0:
            problems.append(Problem(
                budget.source, budget.published_line, "published",
                f"{label} published {budget.published} before its approval on {budget.approved}",
                "check both dates: a budget is published after it is approved", "warning"))
        elif days > PUBLICATION_LIMIT_DAYS:
            problems.append(Problem(
                budget.source, budget.published_line, "published",
                f"{label} published {budget.published}, {days} days after approval on "
                f"{budget.approved}; 预算法 requires publication within {PUBLICATION_LIMIT_DAYS} days "
                "(reported as a fact, the build goes on)",
                "explain the delay in the budget's notes", "info"))
    return problems


# -- data files ------------------------------------------------------------------------------


def _json_amount(value: Decimal) -> int | float:
    # Amounts have two places at most; float's shortest repr prints them as written (12.5).
    return int(value) if value == value.to_integral_value() else float(value)


def _nested_rows(table: BudgetTable) -> list[dict[str, Any]]:
    root: list[dict[str, Any]] = []
    stack: list[list[dict[str, Any]]] = [root]
    for row in table.rows:
        del stack[row.level + 1:]
        node: dict[str, Any] = {"item": row.item, "amount": _json_amount(row.amount), "items": []}
        stack[row.level].append(node)
        stack.append(node["items"])
    return root


def budget_data(budget: Budget, agency: str) -> dict[str, Any]:
    """A budget as JSON-ready data: the tables as nested rows, dates in ISO 8601."""
    return {
        "agency": agency,
        "year": budget.year,
        "kind": budget.kind,
        "approved": budget.approved.isoformat(),
        "published": budget.published.isoformat(),
        "unit": budget.unit,
        "tables": [{"name": t.name, "rows": _nested_rows(t)} for t in budget.tables],
    }


def budget_csv(budget: Budget) -> str:
    """A budget as one CSV table: 表名 · 项目 · 上级项目 · 层级 · 金额 (one line per row)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["表名", "项目", "上级项目", "层级", f"金额（{budget.unit}）"])
    for table in budget.tables:
        for path, amount, level in rows_with_paths(table):
            writer.writerow([spreadsheet_text(table.name), spreadsheet_text(path[-1]),
                             spreadsheet_text(path[-2]) if len(path) > 1 else "", level,
                             money(amount, grouping=False)])
    return BOM + buffer.getvalue()


# -- charts ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class BudgetChart:
    """A year-over-year chart of one figure, 预算 and 决算 side by side, and its data table."""

    name: str
    title: str
    unit: str
    years: tuple[int, ...]
    values: dict[str, tuple[Decimal | None, ...]]  # kind → one amount per year (None: not published)

    @property
    def path(self) -> str:
        return f"{CHARTS_DIR}/{self.name}.svg"

    @property
    def description(self) -> str:
        """A one-sentence text alternative for the image."""
        parts = [f"{year}年" + "、".join(f"{kind}{money(values[i])}{self.unit}"
                                        for kind, values in self.values.items() if values[i] is not None)
                 for i, year in enumerate(self.years)]
        return f"{self.title}（{'；'.join(parts)}），明细见下表。"

    def table(self) -> dict[str, Any]:
        """The figures as a table for screen readers: one row per kind, one column per year."""
        return {
            "caption": f"{self.title}（单位：{self.unit}）",
            "columns": ["类别", *(f"{year}年" for year in self.years)],
            "rows": [[kind, *(money(v) for v in values)]
                     for kind, values in self.values.items()],
        }


def budget_charts(budgets: Sequence[Budget]) -> list[BudgetChart]:
    """收入, 支出 and 三公经费 by year; no chart without figures."""
    if not budgets:
        return []
    years = tuple(sorted({b.year for b in budgets}))
    unit = budgets[0].unit
    by_key = {(b.year, b.kind): b for b in budgets}
    figures = (
        ("income", "历年收入", lambda b: top_level_total(b, "收入")),
        ("expenditure", "历年支出", lambda b: top_level_total(b, "支出")),
        ("three-public", "历年“三公”经费", three_public_total),
    )
    charts: list[BudgetChart] = []
    for name, title, figure in figures:
        values: dict[str, tuple[Decimal | None, ...]] = {
            kind: tuple(figure(by_key[(y, kind)]) if (y, kind) in by_key else None for y in years)
            for kind in KINDS if any((y, kind) in by_key for y in years)}
        if any(v is not None for series in values.values() for v in series):
            charts.append(BudgetChart(name, title, unit, years, values))
    return charts


def chart_svg(chart: BudgetChart) -> str:
    """The chart as a standalone SVG (grouped bars with their amounts written above them)."""
    key = repr(chart)  # the same figures give the same SVG: drawn once per process (serve)
    if key not in _SVG_CACHE:
        if len(_SVG_CACHE) >= 16:
            _SVG_CACHE.clear()
        _SVG_CACHE[key] = _draw_chart(chart)
    return _SVG_CACHE[key]


_SVG_CACHE: dict[str, str] = {}


def _draw_chart(chart: BudgetChart) -> str:
    from .report.charts import render_svg

    def draw(figure: Figure) -> None:
        figure.subplots_adjust(left=0.1, right=0.85, top=0.92, bottom=0.1)
        axes = figure.add_subplot()
        kinds = list(chart.values)
        width = 0.8 / len(kinds)
        for index, kind in enumerate(kinds):
            positions = [i - 0.4 + width * (index + 0.5) for i in range(len(chart.years))]
            shown = [(p, float(v)) for p, v in zip(positions, chart.values[kind], strict=True)
                     if v is not None]
            bars = axes.bar([p for p, _ in shown], [v for _, v in shown], width * 0.9,
                            label=kind, color=KIND_COLOURS.get(kind, "#7f7f7f"))
            axes.bar_label(bars, labels=[f"{v:,.2f}" for _, v in shown], fontsize=7, padding=2)
        axes.set_xticks(range(len(chart.years)), [str(y) for y in chart.years])
        axes.set_ylabel(chart.unit, rotation=0, ha="right")
        axes.spines[["top", "right"]].set_visible(False)
        axes.grid(axis="y", color="#dddddd", linewidth=0.6)
        axes.set_axisbelow(True)
        axes.margins(y=0.15)
        axes.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)

    return render_svg(chart.title, draw)


# -- pages -----------------------------------------------------------------------------------


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
        "attachments": [{"url": a.path, "title": a.title, "ext": a.path.rsplit(".", 1)[-1].upper()}
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
