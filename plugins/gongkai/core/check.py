"""Validate the content without building: the problems the build reports before it renders.

``gongkai check`` and the build share these functions, so both print the same lines.
:func:`check_content` reads and validates every file (:func:`~gongkai.core.load.read_site`), runs
the annual-report checks and every site finding (time limits, 清理 due, late 预决算, inspection
rules), but draws no chart and renders no page, which makes it several times faster than a build.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .budgets import publication_problems
from .calendar import WorkCalendar
from .inspection import inspection_problems
from .load import read_site
from .model import Site
from .problems import Problem, Severity
from .regulations import validity_problems
from .report import compile_report, report_years, time_limit_problems
from .report.pages import report_problems
from .samplesite import SiteSetting, sample_value_problems
from .settings import Settings


@dataclass(frozen=True)
class InspectionOptions:
    """How the 政府网站 inspection rules run: freshness limits, severity, the 网站标识码 and the
    configuration values that must not be the sample agency's."""

    freshness: Mapping[str, int] = field(default_factory=dict)
    severity: Severity = "warning"
    site_id: str = ""
    # The configuration values checked for the sample agency's (site_name, footer codes…).
    site_settings: tuple[SiteSetting, ...] = ()
    config_file: str = "mkdocs.yml"


def site_findings(site: Site, settings: Settings, inspections: InspectionOptions) -> list[Problem]:
    """What the build reports about a valid site besides the report arithmetic, in build order."""
    return (time_limit_problems(site, WorkCalendar(site.calendar))
            + validity_problems(site, settings)
            + publication_problems(site.budgets)
            + inspection_problems(site, settings, inspections.freshness, inspections.severity,
                                  inspections.site_id)
            + sample_value_problems(site.agency.name, inspections.site_settings,
                                    inspections.config_file))


def check_content(content_dir: str | Path, settings: Settings,
                  inspections: InspectionOptions | None = None) -> list[Problem]:
    """Every problem the build would report before rendering, in the build's order.

    As in the build, the report checks and findings run only when the content itself has no
    error (they need a complete model).
    """
    site, problems = read_site(content_dir, settings)
    found = list(problems.items)
    if problems.errors:
        return found
    reports = [compile_report(site, year, settings) for year in report_years(site, settings)]
    found += report_problems(site, reports, settings)
    found += site_findings(site, settings, inspections or InspectionOptions())
    return found
