"""Validate the content without building: the problems the build reports before it renders.

``gongkai check`` uses this; it reads and validates every file (:func:`~gongkai.core.load.read_site`)
and runs the annual-report and time-limit checks, but draws no chart and renders no page, which is
what makes it several times faster than ``mkdocs build``.
"""

from __future__ import annotations

from pathlib import Path

from .calendar import WorkCalendar
from .load import read_site
from .problems import Problem
from .report import compile_report, report_years, time_limit_problems
from .report.pages import report_problems
from .settings import Settings


def check_content(content_dir: str | Path, settings: Settings) -> list[Problem]:
    """Every problem the build would report before rendering, in the build's order.

    As in the build, the report checks run only when the content itself has no error (they
    need a complete model).
    """
    site, problems = read_site(content_dir, settings)
    found = list(problems.items)
    if problems.errors:
        return found
    reports = [compile_report(site, year, settings) for year in report_years(site, settings)]
    found += report_problems(site, reports)
    found += time_limit_problems(site, WorkCalendar(site.calendar))
    return found
