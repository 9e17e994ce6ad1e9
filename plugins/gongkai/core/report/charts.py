"""Year-over-year charts of the reports, drawn at build time as SVG with matplotlib.

No JavaScript and no CDN: the SVG is a static file that works offline on the kiosk.  Text stays
text (``svg.fonttype: none``) so that it is searchable, selectable and drawn in the reader's own
Chinese font.  The bytes are reproducible: fixed hash salt for element ids, no date, text measured
with the DejaVu Sans that ships inside matplotlib (never a font that happens to be installed).  Every
chart is published with its figures as a table for screen readers (see :class:`Chart`).
"""

from __future__ import annotations

import functools
import io
import re
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from .labels import OUTCOME_GROUPS, TOTAL
from .tables import AnnualReport

if TYPE_CHECKING:
    from matplotlib.figure import Figure

CHARTS_DIR = "reports/charts"
# What browsers should draw the labels with: common Chinese UI fonts first.
FONT_STACK = ("'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', "
              "'Source Han Sans SC', 'WenQuanYi Micro Hei', sans-serif")
_MEASURING_FONT = "DejaVu Sans"
PALETTE = (  # matplotlib's tab10 then the light half of tab20: distinct on screen and on paper
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
    "#bcbd22", "#17becf", "#aec7e8", "#ffbb78", "#98df8a", "#ff9896", "#c5b0d5", "#c49c94",
    "#f7b6d2", "#c7c7c7", "#dbdb8d", "#9edae5",
)


@dataclass(frozen=True)
class ChartSeries:
    """One stacked series: its label and one figure per year."""

    label: str
    values: tuple[int, ...]


@dataclass(frozen=True)
class Chart:
    """A year-over-year stacked bar chart and the data table that goes with it."""

    name: str
    title: str
    row_header: str  # the table's first column header (办理结果, 栏目)
    unit: str
    years: tuple[int, ...]
    preview_year: int | None  # a year not over yet, marked with * on the axis
    series: tuple[ChartSeries, ...]

    @property
    def path(self) -> str:
        """Where the SVG is published, below the site root."""
        return f"{CHARTS_DIR}/{self.name}.svg"

    def year_label(self, year: int) -> str:
        """A year as the axis and the table show it (``2026*`` while the year runs)."""
        return f"{year}*" if year == self.preview_year else str(year)

    @property
    def totals(self) -> tuple[int, ...]:
        """The height of each year's bar."""
        return tuple(sum(s.values[i] for s in self.series) for i in range(len(self.years)))

    @property
    def description(self) -> str:
        """A one-sentence text alternative for the image."""
        per_year = "，".join(f"{self.year_label(y)}年{t}{self.unit}"
                            for y, t in zip(self.years, self.totals, strict=True))
        return f"{self.title}（{per_year}），各年明细见下表。"


def applications_chart(reports: Sequence[AnnualReport], preview_year: int | None) -> Chart:
    """Applications answered per year by outcome group (the 总计 column of table 三)."""
    ordered = sorted(reports, key=lambda r: r.year)
    series = tuple(
        ChartSeries(group, tuple(sum(row.values[-1] for row in r.table_b.rows if row.group == group)
                                 for r in ordered))
        for group in OUTCOME_GROUPS
    )
    return Chart("applications", "历年政府信息公开申请办理结果", "办理结果", "件",
                 tuple(r.year for r in ordered), preview_year, series)


def entries_chart(reports: Sequence[AnnualReport], categories: Sequence[str],
                  preview_year: int | None) -> Chart:
    """Entries published per year by category, in the order of ``categories`` (then by name)."""
    ordered = sorted(reports, key=lambda r: r.year)
    counts = [{c.category: c.count for c in r.proactive.categories} for r in ordered]
    used = {name for year in counts for name in year}
    names = [c for c in categories if c in used] + sorted(used - set(categories))
    series = tuple(ChartSeries(name, tuple(year.get(name, 0) for year in counts)) for name in names)
    return Chart("entries", "历年主动公开政府信息数量（按栏目）", "栏目", "条",
                 tuple(r.year for r in ordered), preview_year, series)


def chart_table(chart: Chart) -> dict[str, object]:
    """The chart's figures as a table for the page: header row, one row per series, totals."""
    return {
        "caption": f"{chart.title}（单位：{chart.unit}）",
        "columns": [chart.row_header, *(chart.year_label(y) for y in chart.years)],
        "rows": [[s.label, *s.values] for s in chart.series] + [[TOTAL, *chart.totals]],
    }


# Drawing takes about a second per chart; the same figures give the same bytes, so under
# ``mkdocs serve`` a rebuild whose figures did not change reuses the SVG (keyed by the whole Chart).
@functools.lru_cache(maxsize=16)
def chart_svg(chart: Chart) -> str:
    """The chart as a standalone SVG document (UTF-8 text, no external references)."""
    from matplotlib.ticker import MaxNLocator

    def draw(figure: Figure) -> None:
        figure.subplots_adjust(left=0.08, right=0.70, top=0.95, bottom=0.1)
        axes = figure.add_subplot()
        positions = list(range(len(chart.years)))
        bottoms = [0] * len(chart.years)
        for index, series in enumerate(chart.series):
            axes.bar(positions, series.values, 0.6, bottom=bottoms, label=series.label,
                     color=PALETTE[index % len(PALETTE)])
            bottoms = [b + v for b, v in zip(bottoms, series.values, strict=True)]
        axes.set_xticks(positions, [chart.year_label(y) for y in chart.years])
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))
        axes.set_ylabel(chart.unit, rotation=0, ha="right")
        axes.spines[["top", "right"]].set_visible(False)
        axes.grid(axis="y", color="#dddddd", linewidth=0.6)
        axes.set_axisbelow(True)
        handles, labels = axes.get_legend_handles_labels()
        # Top series first, as the bars stack; no frame, since its width would be measured with
        # the wrong font.
        axes.legend(handles[::-1], labels[::-1], loc="upper left", bbox_to_anchor=(1.02, 1.0),
                    frameon=False, fontsize=9 if len(labels) <= 12 else 7.5)

    return render_svg(chart.title, draw)


def render_svg(title: str, draw: Callable[[Figure], None],
               size: tuple[float, float] = (8, 4)) -> str:
    """Let ``draw`` fill a fresh matplotlib figure and return it as a standalone SVG document.

    The one chart engine of the site (report and budget charts): text kept as text, reproducible
    bytes, no external references, ``title`` as the SVG's ``<title>``.
    """
    # Imported here: matplotlib is only needed when a site is built, not to read or check content.
    import matplotlib
    from matplotlib.figure import Figure

    with matplotlib.rc_context({
        "svg.fonttype": "none",
        "svg.hashsalt": "gongkai",
        "font.family": [_MEASURING_FONT],
        "font.size": 9,
    }), warnings.catch_warnings():
        # The measuring font has no CJK glyphs; the browser draws them, so the warning is noise.
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .*missing from font")
        figure = Figure(figsize=size)
        draw(figure)
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    return _finish_svg(buffer.getvalue(), title)


def _finish_svg(svg: str, title: str) -> str:
    # The DOCTYPE and the RDF metadata only carry URLs of external vocabularies; the site must not
    # reference external addresses, and browsers need neither.
    svg = re.sub(r"<!DOCTYPE[^>]*>\s*", "", svg, count=1)
    svg = re.sub(r"\s*<metadata>.*?</metadata>", "", svg, count=1, flags=re.DOTALL)
    svg = svg.replace(f"font-family: '{_MEASURING_FONT}'", f"font-family: {FONT_STACK}")
    svg = re.sub(r"(<svg\b[^>]*>)", lambda m: f'{m.group(1)}\n <title>{escape(title)}</title>',
                 svg, count=1)
    return svg
