"""Working days of the official calendar, for the 条例's time limits (第二十六条, 第三十三条).

A working day is a weekday that is not a statutory holiday, plus the make-up working days (调休)
the State Council announces with each year's holiday plan.  The ``chinesecalendar`` library knows the
published plans (2004–2026 in version 1.11); ``content/calendar.yml`` adds the years it does not know
yet, because the next year's plan appears late in the current one.  A day in a year neither knows is
never guessed: :class:`UnknownCalendarYear` is raised so that the caller can say which year is missing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import chinese_calendar

from .dates import parse_date
from .model import CalendarAdditions
from .problems import Problems

_CALENDAR_KEYS = ("years",)
_YEAR_KEYS = ("holidays", "workdays")


class UnknownCalendarYear(Exception):
    """A date falls in a year for which no official holiday plan is known."""

    def __init__(self, year: int) -> None:
        self.year = year
        super().__init__(f"no official holiday calendar for {year}")


def _library_years() -> frozenset[int]:
    # Read the range from the library's own data, so that upgrading chinesecalendar extends it.
    known = {day.year for day in chinese_calendar.holidays}
    return frozenset(range(min(known), max(known) + 1)) if known else frozenset()


_LIBRARY_WORKDAYS: dict[dt.date, bool] = {}  # chinesecalendar's answers, by day


class WorkCalendar:
    """The official calendar: ``chinesecalendar`` plus the agency's local additions.

    A day listed in the additions wins over the library, so an agency can also correct or extend a
    year the library knows (e.g. a plan revised after the library's release).
    """

    def __init__(self, additions: CalendarAdditions | None = None) -> None:
        self.additions = additions if additions is not None else CalendarAdditions()
        self.library_years = _library_years()
        self._cache: dict[dt.date, bool] = {}
        self._added: dict[tuple[dt.date, int], dt.date] = {}

    def knows(self, year: int) -> bool:
        """Whether the holiday plan of ``year`` is known (library or local additions)."""
        return year in self.library_years or year in self.additions.years

    def is_workday(self, day: dt.date) -> bool:
        """Whether ``day`` is a working day; raises :class:`UnknownCalendarYear` for unknown years."""
        cached = self._cache.get(day)
        if cached is not None:
            return cached
        if day in self.additions.workdays:
            result = True
        elif day in self.additions.holidays:
            result = False
        elif day.year in self.library_years:
            known = _LIBRARY_WORKDAYS.get(day)
            if known is None:  # the library's answer never changes: kept for every build
                known = _LIBRARY_WORKDAYS[day] = bool(chinese_calendar.is_workday(day))
            result = known
        elif day.year in self.additions.years:
            result = day.weekday() < 5
        else:
            raise UnknownCalendarYear(day.year)
        self._cache[day] = result
        return result

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """The number of working days in (start, end]: the day after ``start`` is day 1.

        Raises ValueError when ``end`` is before ``start``; :class:`UnknownCalendarYear` when a day in
        between lies in an unknown year.
        """
        if end < start:
            raise ValueError(f"end {end} is before start {start}")
        count = 0
        day = start
        while day < end:
            day += dt.timedelta(days=1)
            if self.is_workday(day):
                count += 1
        return count

    def add_working_days(self, start: dt.date, n: int) -> dt.date:
        """The date of the ``n``-th working day after ``start`` (``n`` = 0 gives ``start``).

        An application received on ``start`` must be answered by ``add_working_days(start, 20)``.
        """
        if n < 0:
            raise ValueError(f"n must not be negative, not {n}")
        known = self._added.get((start, n))
        if known is not None:
            return known
        day = start
        remaining = n
        while remaining:
            day += dt.timedelta(days=1)
            if self.is_workday(day):
                remaining -= 1
        self._added[(start, n)] = day
        return day


def _parse_year(key: object) -> int | None:
    if isinstance(key, bool):
        return None
    if isinstance(key, int):
        year = key
    elif isinstance(key, str) and key.strip().isdigit():
        year = int(key.strip())
    else:
        return None
    return year if 1900 <= year <= 2200 else None


def load_calendar_additions(
    data: object,
    path: str,
    problems: Problems,
    lines: Callable[[str], int] | None = None,
) -> CalendarAdditions:
    """Read ``calendar.yml``: ``{years: {2027: {holidays: [dates], workdays: [dates]}}}``.

    Dates may be ISO strings (``2027-01-01``) or date objects.  Every bad value is reported to
    ``problems`` (error) and left out.  ``lines`` maps a dotted key path (``years.2027.holidays.0``)
    to its line in the file; without it problems carry line 0.
    """

    def line(key: str) -> int:
        return lines(key) if lines is not None else 0

    example = "write e.g. 'years: {2027: {holidays: [2027-01-01], workdays: [2027-02-07]}}'"
    if data is None:
        return CalendarAdditions()
    if not isinstance(data, dict):
        problems.error(path, line(""), "", "the calendar must be a mapping with the key 'years'",
                       example)
        return CalendarAdditions()
    for key in data:
        if key not in _CALENDAR_KEYS:
            problems.error(path, line(str(key)), str(key), "unknown key",
                           "the only key is 'years'; " + example)
    years_data = data.get("years")
    if years_data is None:
        return CalendarAdditions()
    if not isinstance(years_data, dict):
        problems.error(path, line("years"), "years", "must be a mapping of year to holidays/workdays",
                       example)
        return CalendarAdditions()

    holidays: set[dt.date] = set()
    workdays: set[dt.date] = set()
    years: set[int] = set()
    for year_key, plan in years_data.items():
        where = f"years.{year_key}"
        year = _parse_year(year_key)
        if year is None:
            problems.error(path, line(where), where, f"'{year_key}' is not a year",
                           "write the year as four digits, e.g. 2027")
            continue
        if plan is None:
            plan = {}
        if not isinstance(plan, dict):
            problems.error(path, line(where), where, "must be a mapping with holidays and workdays",
                           example)
            continue
        for key in plan:
            if key not in _YEAR_KEYS:
                problems.error(path, line(f"{where}.{key}"), f"{where}.{key}", "unknown key",
                               "use 'holidays' (放假的日期) and 'workdays' (调休上班的日期)")
        if not plan.get("holidays"):
            # A year without holidays would silently count every weekday as working.
            problems.warning(path, line(where), where, f"{year} lists no holidays",
                             "copy the State Council's 节假日安排 for the year: every 放假 date "
                             "under 'holidays', every 调休上班 date under 'workdays'")
        found: dict[str, set[dt.date]] = {"holidays": set(), "workdays": set()}
        for kind in _YEAR_KEYS:
            values = plan.get(kind) or []
            if not isinstance(values, list):
                problems.error(path, line(f"{where}.{kind}"), f"{where}.{kind}",
                               "must be a list of dates", f"write '{kind}: [{year}-01-01, …]'")
                continue
            for index, value in enumerate(values):
                item = f"{where}.{kind}.{index}"
                day = parse_date(value)
                if day is None:
                    problems.error(path, line(item), f"{where}.{kind}", f"'{value}' is not a date",
                                   "write a real calendar date as YYYY-MM-DD, e.g. "
                                   f"{year}-01-01")
                elif day.year != year:
                    problems.error(path, line(item), f"{where}.{kind}",
                                   f"{day.isoformat()} is not in {year}",
                                   f"move it under 'years: {day.year}:'")
                else:
                    found[kind].add(day)
        for day in sorted(found["holidays"] & found["workdays"]):
            problems.error(path, line(where), where,
                           f"{day.isoformat()} is listed both as a holiday and as a workday",
                           "keep it in one list only")
        both = found["holidays"] & found["workdays"]
        holidays |= found["holidays"] - both
        workdays |= found["workdays"] - both
        years.add(year)
    return CalendarAdditions(frozenset(holidays), frozenset(workdays), frozenset(years))
