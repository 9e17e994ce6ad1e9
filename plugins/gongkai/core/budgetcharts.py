"""财政预决算 charts: 收入, 支出 and 三公经费 year over year, as SVG with a text alternative."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from .budgetfigures import KINDS, three_public_total, top_level_total
from .model import Budget
from .money import money

if TYPE_CHECKING:
    from matplotlib.figure import Figure

CHARTS_DIR = "budgets/charts"
KIND_COLOURS = {"预算": "#1f77b4", "决算": "#d62728"}


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
