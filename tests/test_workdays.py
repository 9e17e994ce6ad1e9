"""Working days (条例第二十六条、第三十三条) and the time-limit findings built on them.

Expected dates are counted by hand from the State Council's holiday plans; the library under test
is never used to compute an expected value.
"""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.core.calendar import UnknownCalendarYear, WorkCalendar, load_calendar_additions
from gongkai.core.model import (
    Agency,
    ApplicationRecord,
    CalendarAdditions,
    CatalogueEntry,
    Outcome,
    Register,
    Site,
)
from gongkai.core.problems import Problems
from gongkai.core.report import late_applications, late_publications, time_limit_problems

D = dt.date
CALENDAR = WorkCalendar(CalendarAdditions())


@pytest.mark.parametrize(
    ("day", "workday"),
    [
        (D(2025, 9, 28), True),  # Sunday, 调休上班 before National Day 2025
        (D(2025, 10, 11), True),  # Saturday, 调休上班 after National Day 2025
        (D(2025, 10, 1), False),  # 国庆节
        (D(2025, 10, 8), False),  # last day of the 2025 National Day holiday (Wednesday)
        (D(2025, 10, 9), True),  # first working day after it
        (D(2025, 10, 12), False),  # an ordinary Sunday
        (D(2024, 2, 4), True),  # Sunday, 调休上班 before Spring Festival 2024
        (D(2024, 2, 12), False),  # Monday inside the Spring Festival holiday (2月10日—17日)
        (D(2024, 2, 18), True),  # Sunday, 调休上班 after it
        (D(2025, 3, 4), True),  # an ordinary Tuesday
    ],
)
def test_is_workday(day: dt.date, workday: bool) -> None:
    assert CALENDAR.is_workday(day) is workday


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        # National Day 2025: 9/28 (Sun, 调休) 1, 9/29 2, 9/30 3, 10/1–10/8 off, 10/9 4, 10/10 5,
        # 10/11 (Sat, 调休) 6, 10/13–17 7–11, 10/20–24 12–16, 10/27 17, 28 18, 29 19, 10/30 20.
        (D(2025, 9, 26), 20, D(2025, 10, 30)),
        (D(2025, 9, 26), 21, D(2025, 10, 31)),
        (D(2025, 9, 26), 1, D(2025, 9, 28)),  # the 调休 Sunday is the first working day
        (D(2025, 9, 30), 1, D(2025, 10, 9)),  # the whole holiday is skipped
        # extended limit: 10/31 21, 11/3–7 22–26, 11/10–14 27–31, 11/17–21 32–36, 11/24–27 37–40
        (D(2025, 9, 26), 40, D(2025, 11, 27)),
        # Spring Festival 2024: 2/6–2/9 1–4, 2/10–17 off, 2/18 (Sun, 调休) 5, 2/19–23 6–10,
        # 2/26–3/1 11–15, 3/4–3/8 16–20.
        (D(2024, 2, 5), 20, D(2024, 3, 8)),
        (D(2025, 3, 3), 5, D(2025, 3, 10)),  # an ordinary week: Monday + 5 = next Monday
        (D(2025, 3, 3), 0, D(2025, 3, 3)),  # zero working days: the start itself
    ],
)
def test_add_working_days(start: dt.date, n: int, expected: dt.date) -> None:
    assert CALENDAR.add_working_days(start, n) == expected


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (D(2025, 9, 26), D(2025, 10, 30), 20),  # the day after receipt is day 1
        (D(2025, 9, 26), D(2025, 9, 26), 0),
        (D(2025, 3, 7), D(2025, 3, 10), 1),  # Friday → Monday: only Monday counts
        (D(2025, 9, 30), D(2025, 10, 8), 0),  # inside the National Day holiday
    ],
)
def test_working_days_between(start: dt.date, end: dt.date, expected: int) -> None:
    assert CALENDAR.working_days_between(start, end) == expected


def test_working_days_between_rejects_reversed_dates() -> None:
    with pytest.raises(ValueError):
        CALENDAR.working_days_between(D(2025, 3, 10), D(2025, 3, 7))


def test_unknown_year_raises_instead_of_guessing() -> None:
    with pytest.raises(UnknownCalendarYear) as info:
        CALENDAR.is_workday(D(2031, 3, 3))
    assert info.value.year == 2031
    assert not CALENDAR.knows(2031)
    with pytest.raises(UnknownCalendarYear):
        CALENDAR.is_workday(D(2003, 6, 2))  # before the library's first year


def test_local_additions_make_a_year_known() -> None:
    # A 2027 plan as content/calendar.yml would give it: New Year's Day on Friday 1 January, and a
    # made-up 调休 Saturday.
    additions = CalendarAdditions(
        holidays=frozenset({D(2027, 1, 1)}),
        workdays=frozenset({D(2027, 1, 9)}),
        years=frozenset({2027}),
    )
    calendar = WorkCalendar(additions)
    assert calendar.knows(2027)
    assert calendar.is_workday(D(2027, 1, 1)) is False
    assert calendar.is_workday(D(2027, 1, 4)) is True  # an ordinary Monday
    assert calendar.is_workday(D(2027, 1, 9)) is True  # the 调休 Saturday
    assert calendar.is_workday(D(2027, 1, 10)) is False  # an ordinary Sunday
    # 2026-12-31 (Thu) + 1: Fri 1/1 holiday, weekend → Monday 2027-01-04
    assert calendar.add_working_days(D(2026, 12, 31), 1) == D(2027, 1, 4)


# -- calendar.yml ----------------------------------------------------------------------------


def test_load_calendar_additions_reads_strings_and_dates() -> None:
    problems = Problems()
    additions = load_calendar_additions(
        {"years": {2027: {"holidays": ["2027-01-01", D(2027, 2, 6)], "workdays": ["2027-02-20"]}}},
        "calendar.yml",
        problems,
    )
    assert problems.items == []
    assert additions.years == frozenset({2027})
    assert additions.holidays == frozenset({D(2027, 1, 1), D(2027, 2, 6)})
    assert additions.workdays == frozenset({D(2027, 2, 20)})


def test_load_calendar_additions_reports_bad_dates_with_lines() -> None:
    problems = Problems()
    lines = {"years.2027.holidays.1": 4, "years.2027.workdays.0": 6}
    additions = load_calendar_additions(
        {"years": {2027: {"holidays": ["2027-01-01", "2027-13-01"], "workdays": ["2028-01-02"]}}},
        "calendar.yml",
        problems,
        lines=lambda key: lines.get(key, 0),
    )
    messages = [str(p) for p in problems.errors]
    assert messages == [
        "calendar.yml:4: years.2027.holidays: '2027-13-01' is not a date — write a real calendar "
        "date as YYYY-MM-DD, e.g. 2027-01-01",
        "calendar.yml:6: years.2027.workdays: 2028-01-02 is not in 2027 — move it under "
        "'years: 2028:'",
    ]
    assert additions.holidays == frozenset({D(2027, 1, 1)})  # the good date is kept


def test_load_calendar_additions_rejects_other_shapes() -> None:
    problems = Problems()
    load_calendar_additions(["2027-01-01"], "calendar.yml", problems)
    assert [p.message for p in problems.errors] == [
        "the calendar must be a mapping with the key 'years'"]
    problems = Problems()
    assert load_calendar_additions(None, "calendar.yml", problems) == CalendarAdditions()
    assert problems.items == []


# -- late findings ------------------------------------------------------------------------------

AGENCY = Agency("测试局", "123", "地址", "100000", "9:00-17:00", "010-1", "010-2", "a@b.cn", "w")


def _application(ident: str, received: dt.date, replied: dt.date | None,
                 extended: bool = False) -> ApplicationRecord:
    return ApplicationRecord(
        id=ident, received=received, applicant="自然人", channel="网上",
        source=f"registers/{received.year}.yml", line=7, extended=extended,
        outcome=Outcome("予以公开") if replied else None, replied=replied)


def _site(applications: tuple[ApplicationRecord, ...] = (),
          entries: tuple[CatalogueEntry, ...] = ()) -> Site:
    registers: dict[int, Register] = {}
    for application in applications:
        year = application.received.year
        old = registers.get(year, Register(year, f"registers/{year}.yml"))
        registers[year] = Register(year, old.source, (*old.applications, application))
    return Site(AGENCY, None, (), entries, (), registers)


def _entry(index_no: str, created: dt.date, published: dt.date) -> CatalogueEntry:
    return CatalogueEntry(
        source=f"catalogue/{index_no}.md", title="通知", index_no=index_no, slug=index_no,
        category="机构职能", created=created, published=published, summary="概述", issuer="测试局",
        body="正文")


@pytest.mark.parametrize(
    ("received", "replied", "extended", "over"),
    [
        (D(2025, 9, 26), D(2025, 10, 30), False, None),  # exactly the 20th working day: on time
        (D(2025, 9, 26), D(2025, 10, 31), False, "1 working day over the limit of 20"),  # 21st
        (D(2025, 9, 26), D(2025, 11, 4), False, "3 working days over the limit of 20"),
        # received Fri 2/28: 3/3–7, 3/10–14, 3/17–21, 3/24–28 → due Fri 3/28; answered Sat 3/29
        (D(2025, 2, 28), D(2025, 3, 29), False, "after the limit, on a non-working day"),
        (D(2025, 9, 26), D(2025, 11, 27), True, None),  # extended: exactly the 40th working day
        (D(2025, 9, 26), D(2025, 11, 28), True, "1 working day over the limit of 40"),
    ],
)
def test_late_applications(received: dt.date, replied: dt.date, extended: bool,
                           over: str | None) -> None:
    site = _site((_application("申-2025-07", received, replied, extended),))
    problems = late_applications(site, CALENDAR)
    if over is None:
        assert problems == []
        return
    (problem,) = problems
    assert problem.severity == "info"  # a fact to report, not a content error
    assert (problem.path, problem.line, problem.field) == ("registers/2025.yml", 7, "replied")
    assert "申-2025-07" in problem.message
    assert f"received {received.isoformat()}" in problem.message
    assert over in problem.message


def test_open_applications_are_not_late_findings() -> None:
    assert late_applications(_site((_application("x", D(2025, 1, 6), None),)), CALENDAR) == []


def test_late_publication_names_the_index_number() -> None:
    site = _site(entries=(
        _entry("ABC/2025-00001", D(2025, 9, 26), D(2025, 10, 30)),  # 20th working day: on time
        _entry("ABC/2025-00002", D(2025, 9, 26), D(2025, 10, 31)),  # 21st: late
    ))
    (problem,) = late_publications(site, CALENDAR)
    assert problem.severity == "info"
    assert problem.path == "catalogue/ABC/2025-00002.md"
    assert "ABC/2025-00002" in problem.message
    assert "1 working day over the limit of 20" in problem.message


def test_unknown_year_gives_one_warning_per_year_and_no_crash() -> None:
    site = _site(
        applications=(
            _application("a", D(2031, 3, 3), D(2031, 3, 20)),
            _application("b", D(2031, 5, 6), D(2031, 5, 30)),
            _application("c", D(2025, 9, 26), D(2025, 10, 31)),  # still judged: 1 day late
        ),
        entries=(_entry("ABC/2031-00001", D(2031, 4, 1), D(2031, 4, 2)),),
    )
    problems = time_limit_problems(site, CALENDAR)
    warnings = [p for p in problems if p.severity == "warning"]
    assert len(warnings) == 1
    (warning,) = warnings
    assert warning.path == "calendar.yml"
    assert "no official holiday calendar for 2031" in warning.message
    assert "content/calendar.yml" in warning.fix and "2031" in warning.fix
    assert [p.severity for p in problems if "c received" in p.message] == ["info"]


def test_calendar_additions_remove_the_unknown_year_warning() -> None:
    additions = CalendarAdditions(holidays=frozenset({D(2031, 1, 1)}), years=frozenset({2031}))
    site = _site((_application("a", D(2031, 3, 3), D(2031, 3, 20)),))
    assert time_limit_problems(site, WorkCalendar(additions)) == []
