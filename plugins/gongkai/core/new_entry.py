"""A new catalogue entry for ``gongkai new``: the next free 索引号 and a file to fill in.

The new entry's 保密审查 result is 待审, so it is published nowhere until a reviewer sets 通过.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from . import identifiers
from .publish import CATALOGUE_DIR, is_markdown

_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)^---[ \t]*$", re.S | re.M)
# The key as a webmaster may have typed it, even wrongly (Chinese key, full-width colon): a
# number written in a broken file is still taken.
_INDEX_NO_LINE = re.compile(r"^\s*(?:index_no|索引号)\s*[:：]\s*(.+?)\s*(?:#.*)?$", re.M)


def used_index_numbers(content_dir: str | Path) -> dict[str, str]:
    """Every 索引号 written in a catalogue file (published or not), with the file that has it."""
    root = Path(content_dir)
    used: dict[str, str] = {}
    for path in sorted(p for p in (root / CATALOGUE_DIR).rglob("*") if is_markdown(p.name)):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        front = _FRONT_MATTER.match(text)
        found = _INDEX_NO_LINE.search(front.group(1)) if front else None
        if found:
            used.setdefault(found.group(1).strip("'\""), path.relative_to(root).as_posix())
    return used


def next_index_no(pattern: str, code: str, used: set[str] | dict[str, str], today: dt.date) -> str:
    """The next free 索引号 of ``today``'s year (and month, if the pattern has ``<MM>``).

    The serial is one more than the highest serial already used in that period, so numbers are
    never reused even after an entry is deleted from the middle.  Raises ValueError when the
    pattern has no ``<N…>`` serial or the serials of the period are used up.
    """
    width = identifiers.serial_width(pattern)
    if not width:
        raise ValueError(f"index_no_pattern '{pattern}' has no serial <N…> — write the 索引号 "
                         "yourself or add a serial to the pattern")
    regex = identifiers.index_no_regex(pattern, code)
    highest = 0
    for index_no in used:
        match = regex.fullmatch(index_no)
        if match is None:
            continue
        groups = match.groupdict()
        if groups.get("year") is not None and int(groups["year"]) != today.year:
            continue
        if groups.get("month") is not None and int(groups["month"]) != today.month:
            continue
        highest = max(highest, int(groups["serial"]))
    serial = highest + 1
    if serial >= 10 ** width:
        raise ValueError(f"all {10 ** width - 1} serials of {today.year} are used — "
                         "widen the serial in index_no_pattern")
    return identifiers.fill_index_no(pattern, code, today.year, today.month, serial)


def new_entry_path(index_no: str, code: str, day: dt.date) -> str:
    """Where an entry goes, relative to the content folder: ``catalogue/<year of day>/<索引号>.md``.

    The file name is the 索引号's URL slug without the agency code, e.g. ``2026-00004.md``.
    """
    slug = identifiers.index_no_slug(index_no)
    name = slug.removeprefix(identifiers.index_no_slug(code) + "-") if code else slug
    return f"{CATALOGUE_DIR}/{day.year}/{name or slug}.md"


def new_entry_text(index_no: str, category: str, today: dt.date, title: str = "") -> str:
    """Front matter and body of a new entry, with today's dates and comments on what to fill in."""
    title_text = json.dumps(title, ensure_ascii=False) if title else "（请填写标题）"
    return (
        "---\n"
        f"title: {title_text}\n"
        f"index_no: {index_no}          # 索引号: permanent, never change it\n"
        f"category: {json.dumps(category, ensure_ascii=False)}\n"
        f"created: {today.isoformat()}          # 成文日期\n"
        f"published: {today.isoformat()}        # 公开日期\n"
        "summary: （请用一两句话概述内容）   # 内容概述, at most 100 characters\n"
        "# doc_no: 文号, e.g. 临市监规〔2026〕1号\n"
        "# form: 体裁 (通知, 公告, 决定, 办法…)\n"
        "# attachments: [附件.pdf]\n"
        "# 保密审查: the entry is published only after the review, as\n"
        "#   review: {result: 通过, by: 审查人, date: YYYY-MM-DD}\n"
        "review: {result: 待审}\n"
        "---\n"
        "（全文）\n"
    )
