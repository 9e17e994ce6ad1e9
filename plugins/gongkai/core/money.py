"""Amounts as budget tables and reports print them: money, signed changes, percentages.

Amounts stay :class:`~decimal.Decimal` until a page or file prints them, so 0.1 + 0.2 is 0.3.
Neutral: the loader (register statistics), the budgets and the report all print with these.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


def change_percent(current: Decimal, previous: Decimal | None) -> Decimal | None:
    """Change from ``previous`` in percent, rounded half up to one place; None without a base."""
    if previous is None or previous == 0:
        return None
    return ((current - previous) * 100 / previous).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def money(value: Decimal | None, grouping: bool = True) -> str:
    """An amount as budget tables print it, to two places at least: ``8,682.40``; None → ``—``.

    YAML reads ``8682.40`` as the number 8682.4, so the places are restored here.  Data files
    are written without thousands separators (``grouping=False``).
    """
    if value is None:
        return "—"
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent > -2:
        value = value.quantize(Decimal("0.01"))
    return format(value, ",f" if grouping else "f")


def signed(value: Decimal | None, suffix: str = "", places: bool = True) -> str:
    """A change with its sign: ``+2.83``, ``-4.70``, ``0.00``, ``-6.8%``; None → ``—``."""
    if value is None:
        return "—"
    return ("+" if value > 0 else "") + (money(value) if places else format(value, "f")) + suffix
