"""Time-limit findings: applications answered late and entries published late.

条例第三十三条: an application is answered within 20 working days of receipt (40 when the extension
was approved); 条例第二十六条: proactive information is published within 20 working days of being
formed.  Late answers and publications are historical facts the report must state, not content
errors, so they are ``info`` problems (``mkdocs build --strict`` does not fail on them).  A date in
a year without an official calendar is never guessed: it yields one ``warning`` per year that says
how to add that year to ``content/calendar.yml``.  These findings go to the build log only; nothing
here reaches the site.
"""

from __future__ import annotations

import datetime as dt

from ..calendar import UnknownCalendarYear, WorkCalendar
from ..model import ApplicationRecord, CatalogueEntry, Site
from ..problems import Problem
from .compile import all_applications

ANSWER_LIMIT = 20
EXTENDED_ANSWER_LIMIT = 40
PUBLICATION_LIMIT = 20
# The 条例 (and with it the time limits) took effect on 1 May 2008; documents formed before then
# had no publication limit.
REGULATION_IN_FORCE = dt.date(2008, 5, 1)
CALENDAR_FILE = "calendar.yml"


def _over(calendar: WorkCalendar, deadline: dt.date, done: dt.date) -> str:
    days = calendar.working_days_between(deadline, done)
    if days == 0:
        return "after the limit, on a non-working day"
    return f"{days} working day{'s' if days > 1 else ''} over the limit"


def _application_finding(application: ApplicationRecord, calendar: WorkCalendar) -> Problem | None:
    replied = application.replied
    if replied is None:
        return None
    limit = EXTENDED_ANSWER_LIMIT if application.extended else ANSWER_LIMIT
    deadline = calendar.add_working_days(application.received, limit)
    if replied <= deadline:
        return None
    return Problem(
        application.source, application.line, "replied",
        f"application {application.id} received {application.received.isoformat()} was answered "
        f"{replied.isoformat()}, {_over(calendar, deadline, replied)} of {limit} working days "
        f"(due {deadline.isoformat()})",
        "this is reported as a fact; if an approved extension applied, set 'extended: true'",
        "info")


def _entry_finding(entry: CatalogueEntry, calendar: WorkCalendar) -> Problem | None:
    if entry.created < REGULATION_IN_FORCE:
        return None
    deadline = calendar.add_working_days(entry.created, PUBLICATION_LIMIT)
    if entry.published <= deadline:
        return None
    return Problem(
        entry.source, 0, "published",
        f"{entry.index_no} created {entry.created.isoformat()} was published "
        f"{entry.published.isoformat()}, {_over(calendar, deadline, entry.published)} of "
        f"{PUBLICATION_LIMIT} working days (due {deadline.isoformat()}, 条例第二十六条)",
        "this is reported as a fact; check that 'created' and 'published' are the real dates",
        "info")


def _late_applications(site: Site, calendar: WorkCalendar, unknown: set[int]) -> list[Problem]:
    problems: list[Problem] = []
    for application in all_applications(site):
        try:
            problem = _application_finding(application, calendar)
        except UnknownCalendarYear as error:
            unknown.add(error.year)
            continue
        if problem is not None:
            problems.append(problem)
    return problems


def _late_publications(site: Site, calendar: WorkCalendar, unknown: set[int]) -> list[Problem]:
    problems: list[Problem] = []
    for entry in site.entries:
        try:
            problem = _entry_finding(entry, calendar)
        except UnknownCalendarYear as error:
            unknown.add(error.year)
            continue
        if problem is not None:
            problems.append(problem)
    return problems


def unknown_year_problems(years: set[int]) -> list[Problem]:
    """One warning per year without an official calendar, saying how to add it."""
    return [
        Problem(CALENDAR_FILE, 0, f"years.{year}",
                f"no official holiday calendar for {year}: working-day limits that reach into "
                f"{year} were not checked",
                f"add the State Council's 节假日安排 for {year} to content/calendar.yml: 'years: "
                f"{{{year}: {{holidays: [{year}-01-01, …], workdays: […]}}}}' (放假 dates under "
                "holidays, 调休上班 dates under workdays), or upgrade chinesecalendar",
                "warning")
        for year in sorted(years)
    ]


def late_applications(site: Site, calendar: WorkCalendar) -> list[Problem]:
    """Applications answered after 20 working days from receipt (40 when ``extended``).

    An answer on exactly the last working day is on time.  Each finding names the id, the dates,
    the limit and the working days over (info); each unknown calendar year adds one warning.
    """
    unknown: set[int] = set()
    return _late_applications(site, calendar, unknown) + unknown_year_problems(unknown)


def late_publications(site: Site, calendar: WorkCalendar) -> list[Problem]:
    """Entries published more than 20 working days after ``created`` (条例第二十六条), by 索引号.

    Entries formed before the 条例 took effect (2008-05-01) are not judged.  Findings are info; each
    unknown calendar year adds one warning.
    """
    unknown: set[int] = set()
    return _late_publications(site, calendar, unknown) + unknown_year_problems(unknown)


def time_limit_problems(site: Site, calendar: WorkCalendar) -> list[Problem]:
    """Both kinds of findings, with one warning per unknown year for the two together.

    This is what a build calls; :func:`late_applications` and :func:`late_publications` each warn
    about the unknown years they met on their own.
    """
    unknown: set[int] = set()
    findings = _late_applications(site, calendar, unknown) + _late_publications(site, calendar,
                                                                                unknown)
    return findings + unknown_year_problems(unknown)
