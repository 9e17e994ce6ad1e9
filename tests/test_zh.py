"""Chinese display helpers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, localcontext

import pytest

from gongkai.core.zh import (
    nearest,
    percent,
    zh_date,
    zh_item_number,
    zh_month,
    zh_number,
)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        # Month and day are not zero-padded.
        (dt.date(2024, 3, 8), "2024年3月8日"),
        # Two-digit month and day as they are.
        (dt.date(2024, 12, 31), "2024年12月31日"),
        # A datetime (a date subclass, as YAML may give) prints only its date.
        (dt.datetime(2024, 3, 8, 15, 30), "2024年3月8日"),
        # A missing date prints nothing, so templates need no check.
        (None, ""),
    ],
)
def test_zh_date(value: dt.date | None, text: str) -> None:
    assert zh_date(value) == text


@pytest.mark.parametrize(
    ("year", "month", "text"),
    [
        # No zero padding.
        (2024, 3, "2024年3月"),
        # Last month.
        (2024, 12, "2024年12月"),
    ],
)
def test_zh_month(year: int, month: int, text: str) -> None:
    assert zh_month(year, month) == text


@pytest.mark.parametrize("month", [0, 13])  # just outside 1–12 on either side
def test_zh_month_rejects_impossible_months(month: int) -> None:
    with pytest.raises(ValueError, match="1–12"):
        zh_month(2024, month)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        # Below a thousand: no separator.
        (999, "999"),
        # The first separator.
        (1000, "1,000"),
        (12345, "12,345"),
        # Every three digits.
        (1234567, "1,234,567"),
        # Negative figures (changes on last year) keep their sign in front.
        (-1234567, "-1,234,567"),
        # Zero.
        (0, "0"),
        # Decimals keep the places given, trailing zero included.
        (Decimal("12.50"), "12.50"),
        # Separator in the integer part only.
        (Decimal("12345.678"), "12,345.678"),
        # An exponent from arithmetic is written out, never as 1E+3.
        (Decimal("1E+3"), "1,000"),
        # Small values are written out too.
        (Decimal("1E-7"), "0.0000001"),
    ],
)
def test_zh_number(value: int | Decimal, text: str) -> None:
    assert zh_number(value) == text


@pytest.mark.parametrize(
    ("n", "text"),
    [
        # Units.
        (1, "一"),
        (9, "九"),
        # Ten is 十, not 一十.
        (10, "十"),
        # Teens drop the leading 一 too.
        (11, "十一"),
        (15, "十五"),
        # Round tens have no trailing 零.
        (20, "二十"),
        (25, "二十五"),
        # The largest item number.
        (99, "九十九"),
    ],
)
def test_zh_item_number(n: int, text: str) -> None:
    assert zh_item_number(n) == text


@pytest.mark.parametrize("n", [0, 100, -1])  # just outside 1–99, and a negative
def test_zh_item_number_rejects_out_of_range(n: int) -> None:
    with pytest.raises(ValueError, match="1–99"):
        zh_item_number(n)


@pytest.mark.parametrize(
    ("part", "total", "text"),
    [
        # A repeating decimal, rounded down.
        (1, 3, "33.33%"),
        # A repeating decimal, rounded up.
        (2, 3, "66.67%"),
        # Exact, padded to two places.
        (1, 8, "12.50%"),
        # 0.125%: half up gives 0.13 where round-half-even would give 0.12.
        (1, 800, "0.13%"),
        # The whole.
        (5, 5, "100.00%"),
        # Nothing of something.
        (0, 7, "0.00%"),
        # Nothing of nothing: no division by zero.
        (0, 0, "0.00%"),
    ],
)
def test_percent(part: int, total: int, text: str) -> None:
    assert percent(part, total) == text


def test_percent_ignores_the_callers_decimal_context() -> None:
    # A caller that lowered precision must not change what the report prints.
    with localcontext() as context:
        context.prec = 2
        assert percent(1, 3) == "33.33%"


@pytest.mark.parametrize(
    ("word", "candidates", "suggestion"),
    [
        # A misspelt key.
        ("publshed", ["title", "published", "created"], "published"),
        # A category with one character wrong.
        ("部门动向", ["部门动态", "人事信息"], "部门动态"),
        # The closest of several near ones.
        ("summery", ["summary", "summaries", "sum"], "summary"),
        # Nothing close enough: no suggestion rather than a wrong one.
        ("attachments", ["title", "created"], None),
        # No candidates at all.
        ("title", [], None),
    ],
)
def test_nearest(word: str, candidates: list[str], suggestion: str | None) -> None:
    assert nearest(word, candidates) == suggestion


def test_nearest_accepts_any_iterable() -> None:
    # Callers pass generators and dict keys; they are consumed once.
    assert nearest("creatd", (key for key in ("title", "created"))) == "created"
