"""Dates as the content and the old CMS exports write them: the one date parser of the core.

Entry fields, registers, budgets and ``calendar.yml`` are written ``YYYY-MM-DD`` (or read as
dates by YAML); :func:`parse_date` reads them.  A catalogue exported from an old CMS writes dates
in many ways (``2023/9/26``, ``2023年9月26日``, Excel serial numbers); ``parse_date(value,
lenient=True)`` reads those for ``gongkai import``.  Either way a value that is no real calendar
date gives ``None`` and the caller reports it in its own words.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_LABEL_PREFIX = re.compile(r"^[^\d〇零一二三四五六七八九十]{1,12}?[:：]\s*")
_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
                   r"(?:(?:\s+|T)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_SERIAL_TEXT = re.compile(r"^(\d{5})(?:\.\d+)?$")
_HAN_DATE = re.compile(r"^([〇零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月"
                       r"([一二三四五六七八九十]{1,3})日$")
_HAN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0}
# Excel's day 0 (its serials count from 1900-01-01 = 1, with the 1900 leap-year bug, so day 60 is
# the phantom 29 February and this epoch is right from 1900-03-01 on).
_EXCEL_EPOCH = dt.date(1899, 12, 30)
# Serials read as dates: 1954-10-03 … 2119-01-05, so that a 5-digit number can hardly be a
# serial by accident and an 8-digit 20240308 is read as a compact date instead.
_SERIAL_RANGE = range(20000, 80000)


def parse_date(value: object, lenient: bool = False) -> dt.date | None:
    """The date ``value`` states; ``None`` if it is not a real calendar date.

    Read always: date and datetime objects, and ``YYYY-MM-DD`` (one or two digits for month and
    day).  With ``lenient`` also what CMS exports write: Excel serial numbers (as numbers and as
    text, ``45195``); ``2023/9/26``, ``2023.09.26``, ``2023年9月26日`` with or without a time
    (``2023/9/26 0:00:00``, ``2023-09-26T10:00:00``); ``20230926``; ``二〇二三年九月二十六日``;
    and any of these after a label in the cell (``发文日期：2023-08-25``).
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not lenient:
        match = _ISO_DATE.match(str(value).strip())
        return _calendar_date(match.group(1), match.group(2), match.group(3)) if match else None
    return _cms_date(value)


def _calendar_date(year: str, month: str, day: str) -> dt.date | None:
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None


def _cms_date(value: object) -> dt.date | None:
    """A date as a CMS export writes it in a cell (see :func:`parse_date`)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return excel_serial_date(value) if float(value) == int(value) else None
    text = unicodedata.normalize("NFKC", str(value or "")).strip()
    text = _LABEL_PREFIX.sub("", text)
    try:
        if match := _DATE.match(text) or _COMPACT_DATE.match(text):
            return _calendar_date(match.group(1), match.group(2), match.group(3))
        if match := _SERIAL_TEXT.match(text):
            return excel_serial_date(int(match.group(1)))
        if match := _HAN_DATE.match(text):
            year = int("".join(str(_HAN_DIGITS[c]) for c in match.group(1)))
            return dt.date(year, _han_number(match.group(2)), _han_number(match.group(3)))
    except (ValueError, KeyError):
        return None
    return None


def excel_serial_date(serial: float) -> dt.date | None:
    """The date of an Excel serial day number (the 1900 date system), None outside 1954–2119."""
    if int(serial) not in _SERIAL_RANGE:
        return None
    return _EXCEL_EPOCH + dt.timedelta(days=int(serial))


def _han_number(text: str) -> int:
    """一 → 1, 十 → 10, 十二 → 12, 二十 → 20, 二十六 → 26."""
    if "十" not in text:
        return _HAN_DIGITS[text]
    tens, _, units = text.partition("十")
    return (_HAN_DIGITS[tens] if tens else 1) * 10 + (_HAN_DIGITS[units] if units else 0)
