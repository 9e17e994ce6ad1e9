"""Personal data scanner: finds 身份证号, 手机号码 and 银行卡号 in text an agency is about to publish.

A published ID or phone number cannot be taken back, so the scanner errs towards reporting; but each
false alarm teaches webmasters to ignore it, so every kind is confirmed by its own check (GB 11643
check digit and birth date, mobile prefixes, Luhn) and numbers that are only part of a longer token
(索引号, 文号, amounts, other numbers) are left alone.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

PersonalDataKind = Literal["身份证号", "手机号码", "银行卡号"]


@dataclass(frozen=True)
class PersonalDataHit:
    """One piece of personal data found in a text.

    ``value`` is as written (spaces, hyphens, full-width digits included; a line break inside the
    number and the indentation after it left out); ``line`` and
    ``column`` are 1-based and count characters, so they can be added to a file position.
    """

    kind: PersonalDataKind
    value: str
    line: int
    column: int


# Full-width ASCII (０-９, Ａ-Ｚ, －, ＋ …) and the ideographic space are how Chinese input methods
# often type numbers; text pasted from Word brings no-break and other Unicode spaces.  All map one
# character to one, so match positions stay those of the text.
_SPACES = "\u00a0\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u200b\u202f\u3000"
_HALF_WIDTH = ({code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
               | {ord(space): ord(" ") for space in _SPACES})

# A match must not touch digits, nor continue a number through '.' (amounts) or '-' (索引号
# serials, dates); Chinese characters and punctuation around it are fine.  Letters right before it
# are allowed only when they are a label (:data:`_LABELS`), letters after it never are.
_BEFORE = r"(?<![0-9])(?<!\d[.-])"
_AFTER = r"(?![0-9A-Za-z])(?![.-]\d)"

# Labels written before a number without a space ("Tel13912345678", "ID110105…", "No.…"): one or
# more of these words and nothing else, so "ABC13912345678" stays a code.
_LABELS = re.compile(
    r"(?:tel|telephone|phone|ph|mobile|mob|cell|fax|contact|id|card|no|num|number)+", re.I)
_LABEL_REACH = 24  # letters looked at before a number; a longer run is a word, not a label

_ID_NUMBER = re.compile(
    _BEFORE + r"(?P<number>\d{6}(?P<sep>[ -]?)(?:\d{8}|\d{4}(?P=sep)\d{4})(?P=sep)\d{3}[\dXx])"
    + _AFTER
)
# Cards are printed in groups of four (the last group of a 19-digit card has three).  A grouped
# number must not continue a group before it or go on with one after it: "2019 2020 2021 2022"
# is a list of years, however its digits add up.
_BANK_CARD = re.compile(
    _BEFORE
    + r"(?P<number>\d{16,19}"
    + r"|(?<!\d[ -])\d{4}(?P<sep>[ -])\d{4}(?P=sep)\d{4}(?P=sep)\d{4}(?:(?P=sep)\d{1,3})?"
    + r"(?!(?P=sep)\d))"
    + _AFTER
)
# 3-4-4 groups are separated by spaces or hyphens, or by dots on both sides ("139.1234.5678"; a
# single dot is a decimal point).
_MOBILE = re.compile(
    _BEFORE + r"(?P<number>(?:(?:\+|00)?86[ -]?)?1[3-9]\d(?:[ -]?\d{4}[ -]?|\.\d{4}\.)\d{4})"
    + _AFTER
)

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK_CHARS = "10X98765432"


def is_valid_id_number(number: str) -> bool:
    """Tell whether ``number`` (18 characters, no separators) is a plausible 居民身份证号.

    It must have a correct GB 11643 check character, a birth date that exists in 1900–2099 and a
    region code whose first digit is 1–8 (the provinces).  A lowercase ``x`` is accepted.
    """
    if len(number) != 18 or not number[:17].isascii() or not number[:17].isdigit():
        return False
    if number[0] not in "12345678":
        return False
    total = sum(int(digit) * weight for digit, weight in zip(number[:17], _ID_WEIGHTS, strict=True))
    if _ID_CHECK_CHARS[total % 11] != number[17].upper():
        return False
    return _is_birth_date(number[6:14])


def _is_birth_date(digits: str) -> bool:
    """Whether 8 digits are a date (YYYYMMDD) that exists in 1900–2099."""
    year, month, day = int(digits[:4]), int(digits[4:6]), int(digits[6:8])
    if not 1900 <= year <= 2099:
        return False
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def passes_luhn(digits: str) -> bool:
    """Tell whether a string of ASCII digits passes the Luhn check used by bank card numbers."""
    if not digits.isascii() or not digits.isdigit():
        return False
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 1:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def _digits(number: str) -> str:
    return "".join(c for c in number if c not in " -")


def _is_id_number(number: str) -> bool:
    return is_valid_id_number(_digits(number))


def _is_bank_card(number: str) -> bool:
    return passes_luhn(_digits(number))


# Every kind has at least 11 digits, at most one separator between two of them: a text without
# such a run (most titles, summaries and bodies) needs no closer look.  ``\d`` matches full-width
# digits too; the separators are those that _HALF_WIDTH turns into ' ', '-' and '.'.
_CANDIDATE = re.compile(r"\d(?:[ \-.\uff0d\uff0e" + _SPACES + r"]?\d){10}")

# Characters a number of any kind is written with (before _HALF_WIDTH: full-width forms too):
# digits, the separators, '+' of +86 and the X of an ID number.
_NUMBER_CHARACTERS = frozenset(" -.+Xx\uff0b\uff0d\uff0e\uff38\uff58" + _SPACES)
# Characters the scanners' look-arounds read on either side of a number.
_CONTEXT = 2

# A line break inside a number (a paragraph wrapped by hand, a PDF's or spreadsheet's line): a
# line that starts with a digit (after indentation or a quote marker) and a line before it that
# ends with a digit or group separator, then perhaps a Markdown line continuation ('\\' or
# trailing spaces, <br>).  The first is looked for in the whole text, the second only there.
_DIGIT_LINE = re.compile(r"\n[ \t>]*(?=\d)")
_BROKEN_LINE_END = re.compile(r"[\d\-\uff0d][ \t\\]*(?:<br\s*/?>)?[ \t]*\r?$")
# Characters of a line kept on either side of a break: more than any number and its label.
_BREAK_REACH = 48


def _windows(text: str) -> list[tuple[int, str, int]]:
    """The parts of ``text`` the scanners need to read: ``(offset, part, start)`` for each run of
    number characters that holds a candidate, ``part`` (half-width) starting at ``offset`` of
    ``text`` with :data:`_CONTEXT` characters before and after the run, which starts at ``start``
    of ``part``.

    Every match is made of number characters only and holds a candidate, so it lies inside such
    a run; the look-arounds read at most two characters beyond it.  Scanning the runs alone finds
    exactly what scanning the whole text finds, without running three regexes over every
    character of a body that merely contains a phone number somewhere.
    """
    windows: list[tuple[int, str, int]] = []
    end = 0
    for candidate in _CANDIDATE.finditer(text):
        if candidate.start() < end:
            continue  # inside the run of the previous window
        start, end = candidate.span()
        while start > 0 and (text[start - 1] in _NUMBER_CHARACTERS or text[start - 1].isdecimal()):
            start -= 1
        while end < len(text) and (text[end] in _NUMBER_CHARACTERS or text[end].isdecimal()):
            end += 1
        offset = max(0, start - _CONTEXT)
        windows.append((offset, text[offset:end + _CONTEXT].translate(_HALF_WIDTH), start - offset))
    return windows


# Order matters: a number is reported once, as the first kind it passes, so an all-digit ID
# that happens to pass Luhn is an ID, not a card.  Mobile numbers need no check beyond the regex:
# prefix and length already say what they are.
_SCANNERS: tuple[tuple[PersonalDataKind, re.Pattern[str], Callable[[str], bool] | None], ...] = (
    ("身份证号", _ID_NUMBER, _is_id_number),
    ("银行卡号", _BANK_CARD, _is_bank_card),
    ("手机号码", _MOBILE, None),
)


def _label_allows(text: str, start: int) -> bool:
    """Whether the letters right before ``text[start]`` (if any) are a label such as ``Tel``."""
    first = start
    while first > 0 and start - first <= _LABEL_REACH:
        char = text[first - 1].translate(_HALF_WIDTH)
        if not (char.isascii() and char.isalpha()):
            break
        first -= 1
    if first == start:
        return True
    return start - first <= _LABEL_REACH and _LABELS.fullmatch(
        text[first:start].translate(_HALF_WIDTH)) is not None


def _spans(text: str) -> list[tuple[int, int, PersonalDataKind]]:
    """``(start, end, kind)`` of each number in ``text`` (positions in ``text``), unsorted."""
    windows = _windows(text)
    if not windows:
        return []
    found: list[tuple[int, int, PersonalDataKind]] = []
    for kind, regex, confirm in _SCANNERS:
        for offset, searchable, start_at in windows:
            for match in regex.finditer(searchable, start_at):
                start, end = match.span("number")
                start, end = start + offset, end + offset
                if any(start < other_end and other_start < end
                       for other_start, other_end, _ in found):
                    continue
                if (confirm is None or confirm(match.group("number"))) and _label_allows(text, start):
                    found.append((start, end, kind))
    return found


def _spans_across_breaks(text: str) -> list[tuple[int, int, PersonalDataKind, str]]:
    """Numbers broken by one line break: ``(start, end, kind, value without the break)``.

    The two lines around each break between digits are joined and scanned; only numbers that span
    the join count (the others are found in the text as it is).
    """
    found: list[tuple[int, int, PersonalDataKind, str]] = []
    for line in _DIGIT_LINE.finditer(text):
        right_start = line.end()
        left_start = max(text.rfind("\n", 0, line.start()) + 1, line.start() - _BREAK_REACH)
        tail = _BROKEN_LINE_END.search(text, left_start, line.start())
        if tail is None:
            continue
        left_end = tail.start() + 1
        right_end = text.find("\n", right_start)
        right_end = min(len(text) if right_end < 0 else right_end, right_start + _BREAK_REACH)
        left = text[left_start:left_end]
        joined = left + text[right_start:right_end]
        for start, end, kind in _spans(joined):
            if start < len(left) < end:
                found.append((left_start + start, right_start + end - len(left), kind,
                              joined[start:end]))
    return found


def find_personal_data(text: str) -> list[PersonalDataHit]:
    """Find 身份证号, 手机号码 and 银行卡号 in ``text``, in reading order.

    - 身份证号: 18 characters (17 digits and a digit or X/x, optionally grouped 6-8-4 or 6-4-4-4 by
      spaces or hyphens) that pass :func:`is_valid_id_number`.
    - 手机号码: ``1[3-9]`` and nine more digits, optionally grouped 3-4-4 by spaces, hyphens or
      two dots and prefixed ``+86``, ``0086`` or ``86`` (with or without a space or hyphen).
    - 银行卡号: 16–19 digits, contiguous or in groups of four, that pass :func:`passes_luhn`.

    A candidate that touches a digit, or continues a number through ``.`` or ``-``, is part of
    something longer and is not reported; neither are landlines, dates, 文号 or amounts.  Letters
    right before a number are allowed only when they are a label (``Tel``, ``Mobile``, ``ID``,
    ``No`` …: "ABC13912345678" is a code).  Full-width digits count as digits, no-break and other
    Unicode spaces as spaces.  A number broken by a line break (with indentation or a Markdown
    line continuation) is found too; its ``value`` is given without the break.  Overlapping
    candidates are reported once, preferring ID over card over mobile.
    """
    found = [(start, end, kind, text[start:end]) for start, end, kind in _spans(text)]
    if "\n" in text:
        for start, end, kind, value in _spans_across_breaks(text):
            if not any(start < other_end and other_start < end
                       for other_start, other_end, _, _ in found):
                found.append((start, end, kind, value))
    hits: list[PersonalDataHit] = []
    for start, _end, kind, value in sorted(found):
        line_start = text.rfind("\n", 0, start) + 1
        hits.append(
            PersonalDataHit(
                kind=kind,
                value=value,
                line=text.count("\n", 0, start) + 1,
                column=start - line_start + 1,
            )
        )
    return hits


# What OCR makes of an ID number a scanned table cell wraps: its first line (region code and birth
# date, 14 digits or more) beside the cell's border, the rest garbled or not read at all.
_FOURTEEN_DIGITS = re.compile(r"\d{14}")  # full-width digits too, as \d matches them
_ID_START = re.compile(_BEFORE + r"(?P<number>[1-8]\d{13}\d{0,3})(?![0-9Xx])(?![.-]\d)")


def find_id_number_starts(text: str) -> list[PersonalDataHit]:
    """The starts of 身份证号 in text read by OCR: 14 to 17 digits, not part of a longer number,
    a region code (first digit 1–8) and a birth date that exists, where :func:`find_personal_data`
    found no number.  No check character confirms them, so only the text of pages (PDFs, images),
    which OCR may have read, is searched for them; the reviewer sees the whole number on the
    page."""
    if not _FOURTEEN_DIGITS.search(text):  # most pages: no closer look
        return []
    whole = [(start, end) for start, end, _ in _spans(text)]
    whole += [(start, end) for start, end, _, _ in _spans_across_breaks(text)]
    hits = []
    for match in _ID_START.finditer(text.translate(_HALF_WIDTH)):
        start, end = match.span("number")
        if _is_birth_date(match["number"][6:14]) and not any(
                start < other_end and other_start < end for other_start, other_end in whole):
            hits.append(PersonalDataHit("身份证号", text[start:end], text.count("\n", 0, start) + 1,
                                        start - text.rfind("\n", 0, start)))
    return hits


def mask(value: str) -> str:
    """Hide a number for log messages: keep the first 3 and last 2 characters, star the rest.

    Spaces and hyphens inside stay, so the shape of the number is still recognisable:
    ``13812345678`` → ``138******78``, ``138 1234 5678`` → ``138 **** **78``.  Values of five
    characters or fewer are starred completely, since 3 + 2 would show all of them.
    """
    if len(value) <= 5:
        return "*" * len(value)
    middle = "".join(c if c in " -" else "*" for c in value[3:-2])
    return value[:3] + middle + value[-2:]
