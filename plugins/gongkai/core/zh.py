"""Chinese display helpers: dates, figures, item numerals, shares and "did you mean" suggestions.

Pure formatting with no locale lookups, so a page renders the same on every build machine.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal, localcontext

_DIGITS = "零一二三四五六七八九"


def zh_date(d: dt.date | None) -> str:
    """Format a date as Chinese sites print it: ``2024年3月8日`` (no zero padding); None → ``""``."""
    if d is None:
        return ""
    return f"{d.year}年{d.month}月{d.day}日"


def zh_month(year: int, month: int) -> str:
    """Format a month as ``2024年3月``; raises ValueError for a month outside 1–12."""
    if not 1 <= month <= 12:
        raise ValueError(f"month must be 1–12, not {month}")
    return f"{year}年{month}月"


def zh_number(n: int | Decimal) -> str:
    """Format a figure with thousands separators: ``12345`` → ``12,345``.

    Decimals keep the places they were given (``Decimal("12.50")`` → ``12.50``) and are never
    written with an exponent (``Decimal("1E+3")`` → ``1,000``), as report tables show them.
    """
    if isinstance(n, Decimal):
        return format(n, ",f")
    return format(n, ",d")


def zh_item_number(n: int) -> str:
    """Write 1–99 in Chinese numerals as 条例 items are numbered: 1 → 一, 10 → 十, 25 → 二十五.

    Raises ValueError outside 1–99, the range item numbers of the 条例 and its reports need.
    """
    if not 1 <= n <= 99:
        raise ValueError(f"item numbers are 1–99, not {n}")
    tens, units = divmod(n, 10)
    # 十一 not 一十一: a leading 一 is dropped before 十, and 二十 has no trailing 零.
    return ("" if tens == 0 else "十" if tens == 1 else _DIGITS[tens] + "十") + (
        _DIGITS[units] if units else ""
    )


def percent(part: int, total: int) -> str:
    """Return ``part`` as a share of ``total`` to two decimals: percent(1, 3) → ``33.33%``.

    Rounds half up, as 统计 tables do, rather than Python's round-half-even: percent(1, 800) is
    0.125% and prints ``0.13%``.  Always two places (percent(1, 8) → ``12.50%``).  A total of 0
    gives ``0.00%``.
    """
    if total == 0:
        return "0.00%"
    # A fixed precision, so that a caller's decimal context cannot change what is printed.
    with localcontext() as context:
        context.prec = 28
        share = (Decimal(part) * 100 / Decimal(total)).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP
        )
    return f"{share}%"


def nearest(word: str, candidates: Iterable[str]) -> str | None:
    """Return the candidate most like ``word`` (difflib ratio ≥ 0.6), or None, for "did you mean"."""
    matches = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return matches[0] if matches else None
