"""Pure functions behind ``gongkai new`` and ``gongkai import``: next 索引号, dates in CMS cells."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.core.new_entry import new_entry_path, next_index_no

CODE = "11360100MB00000016"
DAY = dt.date(2026, 11, 25)


@pytest.mark.parametrize(("pattern", "used", "expected"), [
    # nothing yet this year: serial 1, zero-padded to the pattern's width
    ("<code>/<YYYY>-<NNNNN>", [], f"{CODE}/2026-00001"),
    # one more than the highest, gaps are not filled (numbers are never reused)
    ("<code>/<YYYY>-<NNNNN>", [f"{CODE}/2026-00001", f"{CODE}/2026-00007"], f"{CODE}/2026-00008"),
    # other years do not count
    ("<code>/<YYYY>-<NNNNN>", [f"{CODE}/2025-00099", f"{CODE}/2026-00002"], f"{CODE}/2026-00003"),
    # numbers of another pattern (e.g. from before a change of pattern) are ignored
    ("<code>/<YYYY>-<NNNNN>", ["000014349/2026-00050", f"{CODE}/2026-00004"], f"{CODE}/2026-00005"),
    # a monthly pattern counts within the month
    ("<code>-<YYYY><MM>-<NNN>", [f"{CODE}-202610-015", f"{CODE}-202611-002"], f"{CODE}-202611-003"),
    # a pattern without <YYYY> counts over all numbers
    ("LC-<NNNN>", ["LC-0041", "LC-0007"], "LC-0042"),
])
def test_next_index_no(pattern, used, expected):
    assert next_index_no(pattern, CODE, used, DAY) == expected


@pytest.mark.parametrize(("pattern", "used", "message"), [
    ("<code>/<YYYY>", [], "has no serial"),
    ("<code>/<YYYY>-<NN>", [f"{CODE}/2026-99"], "all 99 serials of 2026 are used"),
])
def test_next_index_no_refuses(pattern, used, message):
    with pytest.raises(ValueError, match=message):
        next_index_no(pattern, CODE, used, DAY)


@pytest.mark.parametrize(("index_no", "expected"), [
    (f"{CODE}/2026-00041", "catalogue/2026/2026-00041.md"),  # the agency code is left out
    ("LC-0042", "catalogue/2026/lc-0042.md"),                 # no code in the number: whole slug
])
def test_new_entry_path(index_no, expected):
    assert new_entry_path(index_no, CODE, DAY) == expected
