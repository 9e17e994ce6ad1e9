"""The report pages and files of a site: ``/reports/``, ``/reports/<year>/`` and their data.

Pure: from the finished model to page specs, file specs and problems.  The engine renders the pages
with ``gongkai/report.html`` and ``gongkai/reports.html``, which see the context as ``gongkai``.
"""

from __future__ import annotations

import functools
from typing import Any

from ..model import Site
from ..pages import FileSpec, PageSpec
from ..problems import Problem
from ..settings import Settings
from ..zh import zh_date
from .charts import Chart, applications_chart, chart_svg, chart_table, entries_chart
from .checks import check_report
from .compile import compile_report
from .labels import FIRST_REPORT_YEAR, SECTION_TITLES, ReportFormat
from .layout import layout_tables
from .narrative import (
    application_sentence,
    fee_sentence,
    preview_sentence,
    proactive_sentences,
    review_sentence,
)
from .outputs import CSV_FILES, report_csv, report_json
from .tables import AnnualReport
from .word import report_docx

REPORTS_URL = "reports/"
INDEX_TITLE = "政府信息公开工作年度报告"
DOCX_FILE = "report.docx"
FORMAT_NAMES: dict[ReportFormat, str] = {
    "2021": "国办公开办函〔2021〕30号格式",
    "2019": "国办公开办函〔2019〕60号试行格式",
}
_TABLE_NAMES = ("表二 主动公开政府信息情况", "表三 收到和处理政府信息公开申请情况",
                "表四 政府信息公开行政复议、行政诉讼情况")


def report_years(site: Site, settings: Settings) -> list[int]:
    """The years that get an annual report, oldest first: ``settings.report_years`` when given,
    else every year with ``registers/<year>.yml`` or ``reports/<year>.md``.

    The agency chooses its report years: catalogue entries alone make none (an imported catalogue
    reaches back decades, and an all-zero report for each of those years would be false).  Years
    before 2019 have no format the build produces, and years after this one have not begun.
    """
    years = (set(settings.report_years) if settings.report_years is not None
             else set(site.registers) | set(site.narratives))
    return sorted(y for y in years if FIRST_REPORT_YEAR <= y <= settings.today.year)


def _chart_view(chart: Chart, href: str, as_of: str) -> dict[str, Any]:
    note = f"* {chart.preview_year}年尚未结束，数据截至{as_of}。" if chart.preview_year else ""
    return {"title": chart.title, "href": href, "alt": chart.description,
            "table": chart_table(chart), "note": note}


def _sections(report: AnnualReport) -> list[dict[str, Any]]:
    table_2, table_3, table_4 = layout_tables(report)
    narrative = report.narrative

    def section(number: int, paragraphs: list[str], markdown: str = "",
                table: Any = None) -> dict[str, Any]:
        return {"id": f"section-{number}", "heading": SECTION_TITLES[number - 1],
                "paragraphs": paragraphs, "markdown": markdown, "table": table}

    return [
        section(1, [], narrative.overview),
        section(2, [proactive_sentences(report.proactive)], table=table_2),
        section(3, [application_sentence(report)], table=table_3),
        section(4, [review_sentence(report)], table=table_4),
        section(5, [], narrative.problems),
        section(6, [fee_sentence(report)], narrative.other),
    ]


def report_context(report: AnnualReport, charts: list[dict[str, Any]]) -> dict[str, Any]:
    """What ``gongkai/report.html`` reads as ``gongkai``: the report, its sections and downloads."""
    downloads = [{"label": "全部数据（JSON）", "href": "report.json"}]
    downloads += [{"label": f"{name}（CSV）", "href": file}
                  for name, file in zip(_TABLE_NAMES, CSV_FILES, strict=True)]
    downloads.append({"label": "Word 文档（审签稿）", "href": DOCX_FILE})
    return {
        "kind": "report",
        "report": report,
        "year": report.year,
        "title": report.title,
        "agency": report.agency,
        "preview": report.preview,
        "preview_note": preview_sentence(report.year, report.as_of) if report.preview else "",
        "deadline": report.deadline,
        "format": report.format,
        "format_name": FORMAT_NAMES[report.format],
        "period": f"{zh_date(report.as_of.replace(month=1, day=1))}至{zh_date(report.as_of)}",
        "sections": _sections(report),
        "downloads": downloads,
        "charts": charts,
        "index_href": "../",
    }


def report_pages(site: Site, settings: Settings, draw_charts: bool = True,
                 ) -> tuple[list[PageSpec], list[FileSpec], list[Problem]]:
    """Pages, data files and problems of every annual report of ``site``.

    One page per report year (:func:`report_years`) at ``reports/<year>/`` with ``report.json``,
    ``table-2.csv``/``table-3.csv``/``table-4.csv`` and ``report.docx`` (for 审签) beside it, the index ``reports/`` (newest
    first), and the charts ``reports/charts/applications.svg`` and ``entries.svg``.  Problems: every
    broken rule of the format (error), and an info for each finished year without a narrative.
    With ``draw_charts`` false the charts and Word documents are left to be made
    (:func:`~..pages.drawn`).
    """
    years = report_years(site, settings)
    reports: list[AnnualReport] = [compile_report(site, year, settings) for year in years]
    problems = report_problems(site, reports, settings)
    if not reports:
        index = PageSpec(REPORTS_URL, INDEX_TITLE, "gongkai/reports.html",
                         {"kind": "reports", "title": INDEX_TITLE, "reports": [], "charts": []},
                         in_nav=True)
        return [index], [], problems

    preview_year = next((r.year for r in reports if r.preview), None)
    as_of = zh_date(reports[-1].as_of)
    charts = [applications_chart(reports, preview_year),
              entries_chart(reports, [c.name for c in settings.categories], preview_year)]
    files = [FileSpec(chart.path, chart_svg(chart)) if draw_charts
             else FileSpec(chart.path, "", draw=functools.partial(chart_svg, chart)) for chart in charts]
    pages: list[PageSpec] = []
    for report in reports:
        url = f"{REPORTS_URL}{report.year}/"
        views = [_chart_view(c, f"../charts/{c.name}.svg", as_of) for c in charts]
        pages.append(PageSpec(url, report.title, "gongkai/report.html",
                              report_context(report, views),
                              description=f"{report.agency}{report.year}年度政府信息公开工作情况"))
        files.append(FileSpec(f"{url}report.json", report_json(report)))
        files += [FileSpec(f"{url}{name}", text) for name, text in report_csv(report).items()]
        # Like the charts, the Word document can be made beside the build (python-docx is slow).
        files.append(FileSpec(f"{url}{DOCX_FILE}", report_docx(report)) if draw_charts else
                     FileSpec(f"{url}{DOCX_FILE}", b"", draw=functools.partial(report_docx, report)))
    listing = [
        {"year": r.year, "title": r.title, "href": f"{r.year}/", "deadline": r.deadline,
         "preview": r.preview, "format_name": FORMAT_NAMES[r.format],
         "entries": r.proactive.total, "received": r.received, "answered": r.answered}
        for r in reversed(reports)
    ]
    index_context = {
        "kind": "reports",
        "title": INDEX_TITLE,
        "reports": listing,
        "charts": [_chart_view(c, f"charts/{c.name}.svg", as_of) for c in charts],
    }
    pages.insert(0, PageSpec(REPORTS_URL, INDEX_TITLE, "gongkai/reports.html", index_context,
                             in_nav=True))
    return pages, files, problems


def report_problems(site: Site, reports: list[AnnualReport], settings: Settings) -> list[Problem]:
    """Problems of the compiled ``reports`` (oldest first): every broken rule of the format
    (error), a warning for each report built without its register and for each narrative that is
    not published, an info for each finished year without a narrative and one for years before
    the national format.  Charts and pages are not needed for them (``gongkai check`` uses this).
    """
    problems: list[Problem] = []
    for previous, report in zip([None, *reports], reports, strict=False):
        problems += check_report(report, previous)
        if report.year not in site.registers:
            problems.append(Problem(
                f"registers/{report.year}.yml", 0, "",
                f"the {report.year} annual report is built without this register: its 依申请公开 "
                "figures (表三, only applications carried over from earlier registers), 表四 and "
                "the statistics of 表二 are all 0",
                f"write content/registers/{report.year}.yml ('applications: []' if no application "
                f"was received), or leave {report.year} out of plugins.gongkai.report_years",
                "warning"))
        if report.narrative_is_default and not report.preview:
            problems.append(Problem(
                f"reports/{report.year}.md", 0, "",
                f"the {report.year} report has no narrative: sections 一 and 五 show a default text",
                f"write content/reports/{report.year}.md with the headings '## 一、总体情况', "
                "'## 五、存在的主要问题及改进情况' and '## 六、其他需要报告的事项'", "info"))
    built = {report.year for report in reports}
    for year in sorted(set(site.narratives) - built):
        narrative = site.narratives[year]
        problems.append(Problem(
            narrative.source, 0, "", f"not published: {year} is not a report year ("
            + ("not in plugins.gongkai.report_years)" if settings.report_years is not None
               else f"reports are built for {FIRST_REPORT_YEAR} up to this year)"),
            f"add {year} to plugins.gongkai.report_years, or delete the file"
            if settings.report_years is not None else "delete the file", "warning"))
    earliest = [e.published.year for e in site.entries if e.published.year < FIRST_REPORT_YEAR]
    if earliest:
        problems.append(Problem(
            "catalogue", 0, "", f"no annual reports for {min(earliest)}–{FIRST_REPORT_YEAR - 1}: "
            f"the national report format starts with {FIRST_REPORT_YEAR}",
            "publish those years' reports as catalogue entries if they exist", "info"))
    return problems
