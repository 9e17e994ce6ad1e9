"""Convert a catalogue exported from a CMS (CSV or Excel) into entry files, for ``gongkai import``.

Each row becomes one entry whose 保密审查 result is 待审, so nothing imported is published before a
reviewer has looked at it.  A row that cannot become a valid entry is reported as
``<file>:<row>: <column>: what is wrong — how to fix`` (row numbers as the spreadsheet shows them)
and skipped; the other rows are converted.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from . import identifiers, zh
from .model import NOT_IN_FORCE, VALIDITIES
from .new_entry import new_entry_path
from .problems import Problem
from .settings import Settings

# The entry key each header means; headers are compared after normalising (see _header_key).
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "index_no": ("索引号", "索引编号", "索取号", "信息索引号", "index_no"),
    "title": ("标题", "名称", "文件名称", "文件标题", "信息名称", "信息标题", "title"),
    "doc_no": ("文号", "发文字号", "发文文号", "文件编号", "文件字号", "doc_no"),
    "category": ("主题分类", "分类", "信息分类", "公开类别", "所属栏目", "栏目", "category"),
    "created": ("成文日期", "生成日期", "发文日期", "印发日期", "created"),
    "published": ("公开日期", "发布日期", "发布时间", "公开时间", "published"),
    "summary": ("内容概述", "内容摘要", "摘要", "概述", "内容描述", "summary"),
    "issuer": ("发布机构", "发文机关", "发布单位", "发文单位", "公开主体", "issuer"),
    "validity": ("有效性", "时效性", "效力状态", "validity"),
    "abolished": ("废止日期", "失效日期", "废止/失效日期", "abolished"),
    "form": ("体裁", "文种", "信息体裁", "form"),
    "keywords": ("关键词", "主题词", "keywords"),
    "body": ("全文", "正文", "内容", "body"),
}
REQUIRED_COLUMNS = ("index_no", "title", "category", "created", "published", "summary")
COLUMN_LABELS: dict[str, str] = {key: names[0] for key, names in HEADER_ALIASES.items()}
# CMS wordings of 有效性.
VALIDITY_ALIASES: dict[str, str] = {
    "现行有效": "有效", "有效": "有效", "": "有效",
    "失效": "失效", "已失效": "失效",
    "废止": "废止", "已废止": "废止",
    "已修改": "已修改", "修改": "已修改", "已修订": "已修改", "修订": "已修改",
}
_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T].*)?$")
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_LIST_SEPARATORS = re.compile(r"[,，、;；\s]+")
# A header row is the first of the first rows that names at least this many known columns
# (exports often start with a title line above the table).
_HEADER_MIN_KNOWN = 3
_HEADER_SEARCH_ROWS = 10


@dataclass(frozen=True)
class ImportedEntry:
    """One converted row: where its file goes (relative to the content folder) and its text."""

    row: int
    index_no: str
    path: str
    text: str


@dataclass(frozen=True)
class ImportResult:
    """What ``gongkai import`` converted and which rows it could not convert (with why)."""

    entries: list[ImportedEntry]
    problems: list[Problem]
    rows: int


def read_rows(path: Path) -> list[tuple[int, list[Any]]]:
    """The rows of a ``.csv`` or ``.xlsx`` file with their row numbers (1 = the first row).

    CSV files may be UTF-8 (with or without BOM) or GB18030 (what Excel on Chinese Windows
    writes); the delimiter (comma, tab, semicolon) is detected.  For Excel the first sheet is read.
    Raises ValueError for another kind of file.
    """
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        from openpyxl import load_workbook

        workbook = load_workbook(path, read_only=True, data_only=True)
        try:
            sheet = workbook.worksheets[0]
            return [(number, list(row)) for number, row in
                    enumerate(sheet.iter_rows(values_only=True), start=1)]
        finally:
            workbook.close()
    if suffix in (".csv", ".txt"):
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("gb18030")
        try:
            dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
        except csv.Error:
            dialect = csv.excel
        reader = csv.reader(io.StringIO(text, newline=""), dialect)
        # reader.line_num is the physical line a row ends on, as an editor shows it.
        return [(reader.line_num, row) for row in reader]
    raise ValueError(f"'{path.name}' is not a .csv or .xlsx file — export the catalogue from the "
                     "CMS as Excel (.xlsx) or CSV")


def _header_key(header: object) -> str | None:
    """The entry key a column header means: 'index_no' for '索引号', ' 索 引 号 *', '索引号（必填）'."""
    text = unicodedata.normalize("NFKC", str(header or "")).strip().lower()
    text = re.sub(r"[(（\[【].*?[)）\]】]", "", text)
    text = re.sub(r"[\s*:：]", "", text)
    for key, names in HEADER_ALIASES.items():
        if text in {name.lower() for name in names}:
            return key
    return None


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def parse_cell_date(value: object) -> dt.date | None:
    """A date from an Excel date cell or text such as 2024-03-08, 2024/3/8, 2024年3月8日, 20240308."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = unicodedata.normalize("NFKC", _cell_text(value))
    match = _DATE.match(text) or _COMPACT_DATE.match(text)
    if not match:
        return None
    try:
        return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def _existing_title(path: Path) -> str:
    """The title in an entry file's front matter ('' if it cannot be read)."""
    try:
        front = yaml.safe_load(path.read_text(encoding="utf-8").split("---", 2)[1])
    except (OSError, UnicodeDecodeError, IndexError, yaml.YAMLError):
        return ""
    return str(front.get("title", "")).strip() if isinstance(front, dict) else ""


def convert_rows(rows: list[tuple[int, list[Any]]], source: str, settings: Settings, code: str,
                 existing: dict[str, str], content_dir: Path) -> ImportResult:
    """Convert spreadsheet ``rows`` into entries; ``existing`` maps 索引号 already in use to files.

    ``source`` names the spreadsheet in messages.  Rows with a problem are not converted; each
    gets an error naming its row number.  A row imported before (same 索引号 and title) is skipped
    with an info, so the import can be re-run after the sheet is corrected.
    """
    problems: list[Problem] = []
    header_at = next((i for i, (_, cells) in enumerate(rows[:_HEADER_SEARCH_ROWS])
                      if len({k for k in map(_header_key, cells) if k}) >= _HEADER_MIN_KNOWN), None)
    if header_at is None:
        problems.append(Problem(source, rows[0][0] if rows else 0, "", "no header row found",
                                "the first row must name the columns, e.g. 索引号, 标题, 主题分类, "
                                "成文日期, 公开日期, 内容概述"))
        return ImportResult([], problems, 0)
    header_row, headers = rows[header_at]
    columns: dict[str, int] = {}
    for position, header in enumerate(headers):
        key = _header_key(header)
        if key and key not in columns:
            columns[key] = position
    missing = [COLUMN_LABELS[key] for key in REQUIRED_COLUMNS if key not in columns]
    if missing:
        problems.append(Problem(source, header_row, "", "no column " + "、".join(missing),
                                "add the column(s) to the export; accepted headers: " + "; ".join(
                                    "/".join(HEADER_ALIASES[k][:3]) for k in REQUIRED_COLUMNS)))
        return ImportResult([], problems, 0)
    width = max(columns.values()) + 1
    regex = identifiers.index_no_regex(settings.index_no_pattern, code)
    seen: dict[str, int] = {}
    entries: list[ImportedEntry] = []
    data_rows = [(n, cells) for n, cells in rows[header_at + 1:] if any(_cell_text(c) for c in cells)]
    for number, cells in data_rows:
        extra = [c for c in cells[len(headers):] if _cell_text(c)]
        if extra:
            problems.append(Problem(source, number, "", f"the row has {len(cells)} cells but the "
                                    f"header has {len(headers)}", "a cell probably contains an "
                                    "unquoted comma: quote it or export again as .xlsx"))
            continue
        cells = list(cells) + [None] * (width - len(cells))
        entry, row_problems = _convert_row(number, cells, columns, source, settings, code, regex,
                                           existing, seen, content_dir)
        problems += row_problems
        if entry is None:
            continue
        if (content_dir / entry.path).exists():
            problems.append(Problem(source, number, COLUMN_LABELS["index_no"],
                                    f"content/{entry.path} already exists",
                                    "move that file or remove the row"))
            continue
        entries.append(entry)
    return ImportResult(entries, problems, len(data_rows))


def _convert_row(number: int, cells: list[Any], columns: dict[str, int], source: str,
                 settings: Settings, code: str, regex: re.Pattern[str], existing: dict[str, str],
                 seen: dict[str, int], content_dir: Path) -> tuple[ImportedEntry | None, list[Problem]]:
    problems: list[Problem] = []

    def cell(key: str) -> Any:
        return cells[columns[key]] if key in columns else None

    def text(key: str) -> str:
        return _cell_text(cell(key))

    def problem(key: str, message: str, fix: str) -> None:
        problems.append(Problem(source, number, COLUMN_LABELS[key], message, fix))

    for key in REQUIRED_COLUMNS:
        if not text(key):
            problem(key, "empty", f"fill in the {COLUMN_LABELS[key]} of this row")
    index_no = text("index_no")
    if index_no:
        if index_no in existing:
            title = _existing_title(content_dir / existing[index_no])
            if title == text("title"):
                # Imported by an earlier run: re-running after fixing other rows is normal.
                return None, [Problem(source, number, COLUMN_LABELS["index_no"],
                                      f"already imported as {existing[index_no]}", "skipped", "info")]
            problem("index_no", f"索引号 '{index_no}' is already used by {existing[index_no]} "
                    f"('{title}')", "索引号 are permanent and unique; correct the number in the sheet")
        elif index_no in seen:
            problem("index_no", f"索引号 '{index_no}' is also in row {seen[index_no]}",
                    "every entry needs its own 索引号; correct one of the rows")
        elif not regex.fullmatch(index_no):
            problem("index_no", f"'{index_no}' does not match the pattern {settings.index_no_pattern}",
                    "set index_no_pattern in mkdocs.yml to the pattern of your existing numbers "
                    "(索引号 never change)")
        seen.setdefault(index_no, number)
    category = text("category")
    if category and settings.category(category) is None:
        near = zh.nearest(category, [c.name for c in settings.categories])
        problem("category", f"unknown category '{category}'",
                (f"did you mean '{near}'? " if near else "")
                + "use a configured category or add it to 'categories' in mkdocs.yml")
    dates: dict[str, dt.date | None] = {}
    for key in ("created", "published", "abolished"):
        dates[key] = parse_cell_date(cell(key)) if text(key) else None
        if text(key) and dates[key] is None:
            problem(key, f"'{text(key)}' is not a date", "write a real date as YYYY-MM-DD")
    created, published, abolished = dates["created"], dates["published"], dates["abolished"]
    if created and published and published < created:
        problem("published", f"公开日期 {published} is before 成文日期 {created}", "check both dates")
    if published and published > settings.today:
        problem("published", f"公开日期 {published} is in the future (today is {settings.today})",
                "correct the date")
    validity = VALIDITY_ALIASES.get(text("validity").replace(" ", ""))
    if validity is None:
        problem("validity", f"unknown 有效性 '{text('validity')}'", "use one of " + "、".join(VALIDITIES))
    elif validity in NOT_IN_FORCE and abolished is None and not text("abolished"):
        problem("validity", f"有效性 is {validity} but there is no 废止日期",
                "add a 废止日期 column with the date it ceased to be in force")
    if problems or created is None or published is None:
        return None, problems
    front: dict[str, Any] = {
        "title": text("title"),
        "index_no": index_no,
        "category": category,
        "created": created,
        "published": published,
        "summary": text("summary"),
    }
    for key in ("issuer", "doc_no", "form"):
        if text(key):
            front[key] = text(key)
    if validity and validity != "有效":
        front["validity"] = validity
    if abolished:
        front["abolished"] = abolished
    keywords = [k for k in _LIST_SEPARATORS.split(text("keywords")) if k]
    if keywords:
        front["keywords"] = keywords
    front["review"] = {"result": "待审"}
    body = text("body")
    entry_text = ("---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=1000)
                  + "---\n" + (body + "\n" if body else ""))
    path = new_entry_path(index_no, code, published)
    return ImportedEntry(number, index_no, path, entry_text), problems
