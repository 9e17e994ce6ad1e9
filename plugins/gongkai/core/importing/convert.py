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
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .. import identifiers, zh
from ..dates import parse_date
from ..model import NOT_IN_FORCE, VALIDITIES
from ..new_entry import new_entry_path, next_index_no
from ..problems import Problem
from ..settings import Settings
from .frontmatter import front_matter
from .sheets import Sheet, cell_text
from .vocabulary import (
    FIELD_LABELS,
    IGNORE,
    VALIDITY_WORDS,
    ImportMap,
    field_of,
    header_text,
)

_LIST_SEPARATORS = re.compile(r"[,，、;；\s]+")
_HEADER_SEARCH_ROWS = 20
_LOGGED_PER_KIND = 5  # row messages printed per kind of problem; all are in the report file
_LEADING_BLANK_LINES = re.compile(r"\A\s*\n")


@dataclass(frozen=True)
class ImportOptions:
    """Values the webmaster states for fields the export lacks (``gongkai import`` options)."""

    issuer: str = ""
    validity: str = ""
    category: str = ""
    created_from_published: bool = False
    published_from_created: bool = False
    number: bool = False


@dataclass(frozen=True)
class Table:
    """A sheet with a recognised header: which column holds which field."""

    source: str  # the file, with [sheet] for workbooks of several sheets
    header_row: int
    headers: list[str]
    columns: dict[str, int]
    ignored: list[str]  # "header (why)" for every column no field reads
    data: list[tuple[int, list[Any]]]


@dataclass(frozen=True)
class ImportedEntry:
    """One entry to write: its file (relative to the content folder) and text."""

    row: int
    index_no: str
    path: str
    text: str


@dataclass
class RowOutcome:
    """What became of one row: a line of the report file."""

    source: str
    row: int
    index_no: str
    title: str
    result: str  # 写入 | 合并 | 已导入 | 跳过 | 表头
    file: str = ""
    reason: str = ""


@dataclass
class ImportRun:
    """Everything ``gongkai import`` reports: tables read, entries, outcomes, messages, counts."""

    tables: list[Table] = field(default_factory=list)
    skipped_sheets: list[str] = field(default_factory=list)
    entries: list[ImportedEntry] = field(default_factory=list)
    outcomes: list[RowOutcome] = field(default_factory=list)
    messages: list[Problem] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)
    unknown_categories: Counter[str] = field(default_factory=Counter)
    unknown_validity: Counter[str] = field(default_factory=Counter)
    mapped: Counter[str] = field(default_factory=Counter)
    inferred: Counter[str] = field(default_factory=Counter)
    unstated: Counter[str] = field(default_factory=Counter)
    columns: dict[str, str] = field(default_factory=dict)  # header → field, for the map template

    @property
    def rows(self) -> int:
        return sum(1 for o in self.outcomes if o.result != "表头")


class _Skip(Exception):
    """A row that cannot become an entry: ``kind`` groups it in the summary."""

    def __init__(self, kind: str, field_key: str, message: str, fix: str) -> None:
        super().__init__(message)
        self.kind, self.field_key, self.message, self.fix = kind, field_key, message, fix


@dataclass
class _Candidate:
    table: Table
    row: int
    key: tuple[str, ...]
    front: dict[str, Any]
    body: str
    categories: list[str]


# -- headers ---------------------------------------------------------------------------------------


def _recognise(parts: list[str], import_map: ImportMap) -> str | None:
    """The field a header (one or two stacked header cells) means, the mapping file first."""
    names = [header_text(p) for p in parts if header_text(p)]
    if not names:
        return None
    tries = ["｜".join(parts), "|".join(names)]
    tries += [names[-1], "".join(names), "".join(reversed(names)), names[0]] if len(names) > 1 \
        else names
    for name in tries:
        key = header_text(name)
        if key in import_map.columns:
            return import_map.columns[key]
    for name in tries:
        found = field_of(header_text(name))
        if found:
            return found
    return None


def _header_cells(rows: list[tuple[int, list[Any]]], at: int, depth: int) -> list[list[str]]:
    """Per column, the texts of the ``depth`` header rows from ``at`` (repeated values of a
    merged group cell once)."""
    width = max(len(rows[at + d][1]) for d in range(depth))
    columns = []
    for c in range(width):
        parts: list[str] = []
        for d in range(depth):
            cells = rows[at + d][1]
            text = cell_text(cells[c]) if c < len(cells) else ""
            if text and text not in parts:
                parts.append(text)
        columns.append(parts)
    return columns


def find_table(sheet: Sheet, source: str, import_map: ImportMap) -> Table | None:
    """The table of a sheet: the header row (or two stacked header rows) naming most fields among
    the first rows, with 标题 among them; None if the sheet has none (e.g. a notes sheet)."""
    rows = sheet.rows
    best: tuple[int, int, int] | None = None  # (fields named, -depth, -position)
    for at in range(min(_HEADER_SEARCH_ROWS, len(rows))):
        for depth in (1, 2):
            if at + depth > len(rows):
                continue
            fields = {_recognise(parts, import_map) for parts in _header_cells(rows, at, depth)}
            fields.discard(None)
            fields.discard(IGNORE)
            if "title" in fields and len(fields) >= 2:
                score = (len(fields), -depth, -at)
                if best is None or score > best:
                    best = score
    if best is None:
        return None
    depth, at = -best[1], -best[2]
    headers: list[str] = []
    columns: dict[str, int] = {}
    ignored: list[str] = []
    for position, parts in enumerate(_header_cells(rows, at, depth)):
        label = "｜".join(parts)
        headers.append(label)
        key = _recognise(parts, import_map)
        if not label:
            continue
        if key is None:
            ignored.append(f"{label} (not recognised)")
        elif key == IGNORE:
            ignored.append(f"{label} (ignored)")
        elif key in columns:
            ignored.append(f"{label} (also {FIELD_LABELS[key]}: the column "
                           f"'{headers[columns[key]]}' is used)")
        else:
            columns[key] = position
    return Table(source, rows[at + depth - 1][0], headers, columns, ignored, rows[at + depth:])


# -- rows ------------------------------------------------------------------------------------------


class _Converter:
    def __init__(self, settings: Settings, code: str, import_map: ImportMap,
                 options: ImportOptions, run: ImportRun) -> None:
        self.settings, self.code, self.map, self.options, self.run = \
            settings, code, import_map, options, run
        self.regex = identifiers.index_no_regex(settings.index_no_pattern, code)
        self.defaults = {**import_map.defaults,
                         **{k: v for k, v in (("issuer", options.issuer), ("validity", options.validity),
                                              ("category", options.category)) if v}}
        self.checked_map_targets: set[str] = set()

    def categories(self, value: str) -> list[str]:
        if self.settings.category(value):
            return [value]
        targets = self.map.categories.get(value)
        if not targets:
            self.run.unknown_categories[value] += 1
            near = zh.nearest(value, [c.name for c in self.settings.categories])
            raise _Skip("unknown category", "category", f"unknown category '{value}'",
                        (f"did you mean '{near}'? " if near else "")
                        + "map it under 'categories:' in import-map.yml")
        bad = [t for t in targets if self.settings.category(t) is None]
        if bad:
            if value not in self.checked_map_targets:
                self.checked_map_targets.add(value)
                self.run.messages.append(Problem(
                    "import-map.yml", 0, "categories", f"'{value}' maps to '{bad[0]}', which is "
                    "not a configured category", "use a category of mkdocs.yml (plugins.gongkai."
                    "categories) or add it there"))
            raise _Skip("category mapped to an unknown category", "category",
                        f"'{value}' maps to '{bad[0]}'", "correct import-map.yml")
        self.run.mapped[f"{FIELD_LABELS['category']} '{value}' → {'、'.join(targets)}"] += 1
        return list(targets)

    def validity(self, word: str) -> tuple[str, str]:
        """(validity, note) for a 有效性 word; note is '' unless the mapping narrowed it."""
        plain = re.sub(r"\s", "", word)
        if plain in VALIDITIES:
            return plain, ""
        mapped = self.map.validity.get(plain) or self.map.validity.get(word)
        if mapped:
            self.run.mapped[f"{FIELD_LABELS['validity']} '{word}' → {mapped}"] += 1
            return mapped, ""
        if plain in VALIDITY_WORDS:
            validity, note = VALIDITY_WORDS[plain]
            self.run.mapped[f"{FIELD_LABELS['validity']} '{word}' → {validity}"] += 1
            return validity, note
        self.run.unknown_validity[word] += 1
        raise _Skip("unknown 有效性", "validity", f"unknown 有效性 '{word}'",
                    "map it under 'validity:' in import-map.yml")

    def convert(self, table: Table, number: int, cells: list[Any]) -> _Candidate:
        columns = table.columns

        def text(key: str) -> str | None:
            """The cell of ``key`` as text; None when the export has no such column."""
            if key not in columns:
                return None
            position = columns[key]
            return cell_text(cells[position]) if position < len(cells) else ""

        def date(key: str) -> dt.date | None:
            raw = text(key)
            if not raw:
                return None
            value = parse_date(cells[columns[key]], lenient=True)
            if value is None:
                raise _Skip("not a date", key, f"'{raw}' is not a date",
                            "write a date such as 2023-09-26 or 2023年9月26日")
            return value

        front: dict[str, Any] = {}
        inferred: dict[str, str] = {}
        unstated: list[str] = []
        title = text("title") or ""
        if not title:
            raise _Skip("no 标题", "title", "empty", "fill in the 标题 of this row")
        front["title"] = title
        index_no = text("index_no") or ""
        if index_no:
            if not self.regex.fullmatch(index_no):
                raise _Skip("索引号 not in the pattern", "index_no",
                            f"'{index_no}' does not match the pattern "
                            f"{self.settings.index_no_pattern}",
                            "set index_no_pattern in mkdocs.yml to the pattern of your existing "
                            "numbers (索引号 never change)")
            front["index_no"] = index_no
        elif not self.options.number:
            raise _Skip("no 索引号", "index_no", "no 索引号" if "index_no" in columns
                        else "the export has no 索引号 column",
                        "run with --number to give rows without one the next free 索引号 "
                        "(recorded as inferred)")
        value = text("category") or self.defaults.get("category", "")
        if not value:
            raise _Skip("no category", "category", "empty" if "category" in columns else
                        "the export has no category column",
                        "give --category, or name the column in import-map.yml (columns:)")
        categories = self.categories(value)
        front["category"] = categories[0]
        created, published = date("created"), date("published")
        abolished, valid_until = date("abolished"), date("valid_until")
        if published is None and created is not None and self.options.published_from_created:
            published, inferred["published"] = created, "按成文日期推定"
        if created is None and published is not None and self.options.created_from_published:
            created, inferred["created"] = published, "按公开日期推定"
        if published is None:
            raise _Skip("no 公开日期", "published", "no 公开日期",
                        "add a 公开日期/发布日期 column, or run with --published-from-created"
                        if created else "add a 公开日期/发布日期 column")
        if created is None:
            raise _Skip("no 成文日期", "created", "no 成文日期",
                        "add a 成文日期 column, or run with --created-from-published "
                        "(writes inferred: {created: 按公开日期推定})")
        if published < created:
            raise _Skip("公开日期 before 成文日期", "published",
                        f"公开日期 {published} is before 成文日期 {created}", "check both dates")
        if published > self.settings.today:
            raise _Skip("公开日期 in the future", "published",
                        f"公开日期 {published} is in the future (today is {self.settings.today})",
                        "correct the date")
        front["created"], front["published"] = created, published
        summary = text("summary")
        if summary:
            front["summary"] = summary
        else:
            unstated.append("summary")
        issuer = text("issuer") or self.defaults.get("issuer", "")
        if issuer:
            front["issuer"] = issuer
        else:
            unstated.append("issuer")
        doc_no = text("doc_no")
        if doc_no:
            front["doc_no"] = doc_no
        elif doc_no is None:
            unstated.append("doc_no")
        if text("form"):
            front["form"] = text("form")
        word = text("validity") or ""
        if word:
            validity, note = self.validity(word)
            if note:
                inferred["validity"] = note
        else:
            validity = self.defaults.get("validity", "")
            if not validity:
                unstated.append("validity")
        if validity and (validity != "有效" or "validity" in inferred):
            front["validity"] = validity
        if validity in NOT_IN_FORCE and abolished is None:
            raise _Skip("废止 without 废止日期", "validity",
                        f"有效性 is {validity} but there is no 废止日期",
                        "add a 废止日期/失效时间 column with the date it ceased to be in force")
        if abolished:
            front["abolished"] = abolished
        if valid_until:
            front["valid_until"] = valid_until
        keywords = [k for k in _LIST_SEPARATORS.split(text("keywords") or "") if k]
        if keywords:
            front["keywords"] = keywords
        if unstated:
            front["unstated"] = unstated
        if inferred:
            front["inferred"] = inferred
        body = ""
        if "body" in columns and columns["body"] < len(cells) and cells[columns["body"]]:
            body = _LEADING_BLANK_LINES.sub("", str(cells[columns["body"]])).rstrip()
        key = ("索引号", index_no) if index_no else ("标题", title, published.isoformat())
        return _Candidate(table, number, key, front, body, categories)


# -- the whole import ------------------------------------------------------------------------------


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
    converter = _Converter(settings, code, import_map, options, run)
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

    candidates: list[_Candidate] = []
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
                except _Skip as problem:
                    skip(table, number, cells, problem.kind, problem.field_key, problem.message,
                         problem.fix)
                    continue
                candidates.append(candidate)
                cells_of[(table.source, number)] = cells

    groups: dict[tuple[str, ...], list[_Candidate]] = {}
    for candidate in candidates:
        groups.setdefault(candidate.key, []).append(candidate)
    titles_of_existing: dict[tuple[str, str], str] | None = None
    used = dict(existing)
    last_number: dict[int, str] = {}
    for group in groups.values():
        first = group[0]

        def where(c: _Candidate, seen_from: _Candidate) -> str:
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

