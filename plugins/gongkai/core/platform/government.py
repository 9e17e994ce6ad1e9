"""The 本级政府's annual report on the platform: its own figures plus its departments', summed.

For every year some agency of the platform published a report for (previews aside), the report
of the government (the agency marked ``government: true``, named by ``government:`` in
platform.yml) is compiled by :func:`gongkai.core.report.federate.federated_report` from the
``report.json`` files the agencies published — each audited first; a department with a wrong
cell is left out and named — and written under ``government-report/<year>/`` (page, JSON, CSVs,
明细 and the Word 审签稿), with ``government-report/`` listing the years.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ..pages import FileSpec
from ..problems import Problem
from ..report.federate import FederatedReport, federated_report, federated_report_files
from .config import PlatformConfig
from .inspect import AgencyStatus

FIRST_YEAR = 2019  # the first year of a national report format


@dataclass
class GovernmentReports:
    """The government-wide reports of every year, their files and what they reported."""

    name: str
    reports: list[FederatedReport] = field(default_factory=list)
    files: list[FileSpec] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def government_reports(config: PlatformConfig, statuses: Sequence[AgencyStatus]) -> GovernmentReports:
    """The 本级政府's report of each year with a published report (none without a government)."""
    government = next((s for s in statuses if s.published.agency.government), None)
    name = config.government or (government.published.agency.name if government else "")
    result = GovernmentReports(name)
    if not name:
        return result
    years = sorted({year for s in statuses for year in s.published.reports if year >= FIRST_YEAR})
    for year in years:
        own = government.published.reports.get(year) if government else None
        departments = [(s.published.agency.name, s.published.reports[year]) for s in statuses
                       if s is not government and year in s.published.reports]
        report = federated_report(own, departments, year, government=name)
        result.reports.append(report)
        result.files += federated_report_files(report)
        result.problems += report.problems
    return result
