"""Rows of a CMS export → entry files, with nothing guessed silently.

A field the export does not state is taken from an explicit option (``--issuer``, ``--validity``,
``--category``, ``--created-from-published``…) or written as ``unstated: [...]``; a value the
import derived is written with ``inferred: {field: how}``.  The same document listed under several
columns (same 索引号 and title, or — without 索引号 — same title and 公开日期) becomes one entry
with ``also_in``.  Every row ends in the report with what became of it.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import yaml

from ..new_entry import new_entry_path, next_index_no
from ..problems import Problem
from ..settings import Settings
from .frontmatter import front_matter
from .headers import Table, find_table
from .rows import Candidate, RowConverter, SkippedRow
from .run import ImportedEntry, ImportOptions, ImportRun, RowOutcome
from .sheets import Sheet, cell_text
from .vocabulary import (
    FIELD_LABELS,
    ImportMap,
    header_text,
)

_LOGGED_PER_KIND = 5  # row messages printed per kind of problem; all are in the report file
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_TITLE_LINE = re.compile(r"^title:\s*(.+)$", re.M)
_PUBLISHED_LINE = re.compile(r"^published:\s*(\S+)", re.M)


def _existing_front(path: Path) -> dict[str, Any]:
    """The front matter of an entry file ({} if it cannot be read)."""
    try:
        front = yaml.load(path.read_text(encoding="utf-8").split("---", 2)[1], Loader=_LOADER)
    except (OSError, UnicodeDecodeError, IndexError, yaml.YAMLError):
        return {}
    return front if isinstance(front, dict) else {}


def _existing_titles(content_dir: Path, files: set[str]) -> dict[tuple[str, str], str]:
    """(title, 公开日期) → file of existing entries, to recognise rows imported before without
    a 索引号 (read from the two lines only: fast on tens of thousands of files)."""
    found: dict[tuple[str, str], str] = {}
    for rel in files:
        try:
            head = (content_dir / rel).read_text(encoding="utf-8")[:4000]
        except (OSError, UnicodeDecodeError):
            continue
        title, published = _TITLE_LINE.search(head), _PUBLISHED_LINE.search(head)
        if title and published:
            try:
                text = str(yaml.load(title.group(1), Loader=_LOADER))
            except yaml.YAMLError:
                continue
            found[(text, published.group(1).strip("'\""))] = rel
    return found


def import_sheets(sheets: list[tuple[str, list[Sheet]]], settings: Settings, code: str,
                  existing: dict[str, str], content_dir: Path, import_map: ImportMap,
                  options: ImportOptions) -> ImportRun:
    """Convert the sheets of one or more exports (``(file name, sheets)``) into entries.

    ``existing`` maps the 索引号 already in the catalogue to their files.  Nothing is written
    here: the result lists the entries, what became of every row, and the messages to print.
    """
    run = ImportRun()
    converter = RowConverter(settings, code, import_map, options, run)
    row_problems: dict[str, list[Problem]] = {}

    def skip(table: Table, number: int, cells: list[Any], kind: str, field_key: str,
             message: str, fix: str, printed: bool = True) -> None:
        """Record a skipped row; ``printed=False`` for a row another message already names."""
        run.skipped[kind] += 1
        label = table.headers[table.columns[field_key]] if field_key in table.columns \
            else FIELD_LABELS.get(field_key, field_key)
        if printed:
            row_problems.setdefault(kind, []).append(Problem(table.source, number, label,
                                                             message, fix))
        outcome_of(table, number, cells, "跳过", "", f"{label}: {message} — {fix}")

    def outcome_of(table: Table, number: int, cells: list[Any], result: str, file: str,
                   reason: str) -> None:
        def cell(key: str) -> str:
            position = table.columns.get(key)
            return cell_text(cells[position]) if position is not None and position < len(cells) \
                else ""
        run.outcomes.append(RowOutcome(table.source, number, cell("index_no"), cell("title"),
                                       result, file, reason))

    candidates: list[Candidate] = []
    cells_of: dict[tuple[str, int], list[Any]] = {}
    for name, file_sheets in sheets:
        several = len(file_sheets) > 1
        for sheet in file_sheets:
            source = f"{name}[{sheet.name}]" if several else name
            table = find_table(sheet, source, import_map)
            if table is None:
                if any(any(cell_text(c) for c in cells) for _, cells in sheet.rows):
                    run.skipped_sheets.append(source)
                continue
            run.tables.append(table)
            for position, header in enumerate(table.headers):
                key = next((k for k, p in table.columns.items() if p == position), None)
                if header and key:
                    run.columns.setdefault(header, key)
            header_texts = [header_text(h) for h in table.headers]
            title_at = table.columns["title"]
            title_header = table.headers[title_at]
            for number, cells in table.data:
                if not any(cell_text(c) for c in cells):
                    continue
                title = cells[title_at] if title_at < len(cells) else None
                if cell_text(title) == title_header and \
                        [header_text(cell_text(c)) for c in cells][:len(header_texts)] == header_texts:
                    # Exports appended in several runs repeat the header row: not a document.
                    outcome_of(table, number, cells, "表头", "", "the header row again")
                    continue
                extra = [c for c in cells[len(table.headers):] if cell_text(c)]
                if extra:
                    skip(table, number, cells, "more cells than headers", "",
                         f"the row has {len(cells)} cells but the header has "
                         f"{len(table.headers)}", "a cell probably contains an unquoted "
                         "delimiter: quote it or export again as .xlsx")
                    continue
                try:
                    candidate = converter.convert(table, number, cells)
                except SkippedRow as problem:
                    skip(table, number, cells, problem.kind, problem.field_key, problem.message,
                         problem.fix)
                    continue
                candidates.append(candidate)
                cells_of[(table.source, number)] = cells

    groups: dict[tuple[str, ...], list[Candidate]] = {}
    for candidate in candidates:
        groups.setdefault(candidate.key, []).append(candidate)
    titles_of_existing: dict[tuple[str, str], str] | None = None
    used = dict(existing)
    last_number: dict[int, str] = {}
    for group in groups.values():
        first = group[0]

        def where(c: Candidate, seen_from: Candidate) -> str:
            """Row ``c`` as named in a message about ``seen_from`` (the file if another one)."""
            return f"{c.table.source} row {c.row}" if c.table.source != seen_from.table.source \
                else f"row {c.row}"

        other = next((c for c in group[1:] if c.front["title"] != first.front["title"]), None)
        if other is not None:
            for c in group:
                skip(c.table, c.row, cells_of[(c.table.source, c.row)], "duplicate 索引号",
                     "index_no", f"索引号 '{first.front['index_no']}' is in {where(first, first)} "
                     f"('{first.front['title']}') and {where(other, first)} "
                     f"('{other.front['title']}')",
                     "every document needs its own 索引号; correct one of the rows", c is first)
            continue
        also_in: list[str] = []
        for c in group:
            for name in c.categories:
                if name != first.front["category"] and name not in also_in:
                    also_in.append(name)
        front = first.front
        if also_in:
            front = _with_also_in(front, also_in)
        for c in group[1:]:
            outcome_of(c.table, c.row, cells_of[(c.table.source, c.row)], "合并", "",
                       f"the same document as {where(first, c)}" + (
                           f" (listed under {c.categories[0]}: also_in)"
                           if c.categories[0] != first.front["category"] else " (listed twice)"))
        index_no = front.get("index_no", "")
        cells = cells_of[(first.table.source, first.row)]
        if index_no and index_no in existing:
            existing_title = str(_existing_front(content_dir / existing[index_no]).get("title", ""))
            if existing_title == front["title"]:
                run.skipped["imported before"] += 1
                outcome_of(first.table, first.row, cells, "已导入", existing[index_no],
                           "imported before: skipped")
                continue
            skip(first.table, first.row, cells, "索引号 already used", "index_no",
                 f"索引号 '{index_no}' is already used by {existing[index_no]} ('{existing_title}')",
                 "索引号 are permanent and unique; correct the number in the sheet")
            continue
        if not index_no:
            if titles_of_existing is None:
                titles_of_existing = _existing_titles(content_dir, set(existing.values()))
            before = titles_of_existing.get((front["title"], front["published"].isoformat()))
            if before:
                run.skipped["imported before"] += 1
                outcome_of(first.table, first.row, cells, "已导入", before,
                           "imported before (same 标题 and 公开日期): skipped")
                continue
            try:
                index_no = _next_number(settings, code, used, last_number, front["published"])
            except ValueError as error:
                skip(first.table, first.row, cells, "no free 索引号", "index_no", str(error),
                     "see index_no_pattern in the README")
                continue
            front = {"title": front["title"], "index_no": index_no,
                     **{k: v for k, v in front.items() if k != "title"}}
            front["inferred"] = {**front.get("inferred", {}), "index_no": "导入时编号"}
        path = new_entry_path(index_no, code, front["published"])
        if (content_dir / path).exists():
            skip(first.table, first.row, cells, "file exists", "index_no",
                 f"content/{path} already exists", "move that file or remove the row")
            continue
        used[index_no] = path
        # Published before by the old CMS: its review for this site comes after its 公开日期.
        front["review"] = {"result": "待审", "previously_published": True}
        for key in front.get("inferred", {}):
            run.inferred[f"{key}: {front['inferred'][key]}"] += 1
        for key in front.get("unstated", []):
            run.unstated[key] += 1
        text = "---\n" + front_matter(front) + "---\n" + (first.body + "\n" if first.body else "")
        run.entries.append(ImportedEntry(first.row, index_no, path, text))
        outcome_of(first.table, first.row, cells, "写入", path, "")
    run.outcomes.sort(key=lambda o: (o.source, o.row))
    run.messages += _condensed(row_problems, run)
    return run


def _with_also_in(front: dict[str, Any], also_in: list[str]) -> dict[str, Any]:
    """``front`` with ``also_in`` right after ``category``."""
    result: dict[str, Any] = {}
    for key, value in front.items():
        result[key] = value
        if key == "category":
            result["also_in"] = also_in
    return result


def _next_number(settings: Settings, code: str, used: dict[str, str], last: dict[int, str],
                 day: dt.date) -> str:
    """The next free 索引号 of ``day``'s year: the whole catalogue is scanned once per year,
    then numbering continues from the last one given (fast for tens of thousands of rows)."""
    period = day.year * 100 + (day.month if "<MM>" in settings.index_no_pattern else 0)
    scope: set[str] | dict[str, str] = {last[period]} if period in last else used
    number = next_index_no(settings.index_no_pattern, code, scope, day)
    last[period] = number
    return number


def _rows(problems: list[Problem]) -> str:
    numbers = [str(p.line) for p in problems]
    return "row " + numbers[0] if len(numbers) == 1 else \
        "rows " + ", ".join(numbers[:3]) + (", …" if len(numbers) > 3 else "")


def _condensed(row_problems: dict[str, list[Problem]], run: ImportRun) -> list[Problem]:
    """The messages to print: rows with the same problem in one line with their count (an unknown
    value once, whichever file has it), at most a few lines of each kind (the report file has
    every row)."""
    messages: list[Problem] = []
    for kind, problems in row_problems.items():
        unknown_value = kind in ("unknown category", "unknown 有效性")
        groups: dict[tuple[str, ...], list[Problem]] = {}
        for problem in problems:
            key = (problem.message,) if unknown_value else \
                (problem.path, problem.field, problem.message, problem.fix)
            groups.setdefault(key, []).append(problem)
        lines: list[tuple[Problem, int]] = []
        for found in groups.values():
            first = found[0]
            if len(found) == 1 and not unknown_value:
                lines.append((first, 1))
                continue
            paths = ", ".join(dict.fromkeys(p.path for p in found))
            where = _rows(found) if paths == first.path else f"{paths} (first: {_rows(found)})"
            lines.append((Problem(paths if paths == first.path else first.path, 0, first.field,
                                  f"{first.message} in {len(found)} row(s) ({where})",
                                  first.fix + (" and run the import again (a template is written "
                                               "next to the export)" if unknown_value else "")),
                          len(found)))
        messages += [problem for problem, _ in lines[:_LOGGED_PER_KIND]]
        rest = len(problems) - sum(count for _, count in lines[:_LOGGED_PER_KIND])
        if rest:
            messages.append(Problem(problems[0].path, 0, "", f"… and {rest} more row(s) skipped "
                                    f"for '{kind}'", "see the report file"))
    return messages


def report_rows(run: ImportRun) -> list[list[str]]:
    """The report file's rows (header first): one line per row of the export."""
    rows = [["文件", "行", "索引号", "标题", "结果", "条目文件", "说明"]]
    rows += [[o.source, str(o.row), o.index_no, o.title, o.result, o.file, o.reason]
             for o in run.outcomes]
    return rows
