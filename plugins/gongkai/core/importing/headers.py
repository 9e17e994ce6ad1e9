"""Where the table of a sheet starts and what its columns mean: the header row recognised
(one or two stacked header rows), each column's field from the built-in vocabulary or the
webmaster's ``import-map.yml``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .sheets import Sheet, cell_text
from .vocabulary import (
    FIELD_LABELS,
    IGNORE,
    ImportMap,
    field_of,
    header_text,
)

_HEADER_SEARCH_ROWS = 20


@dataclass(frozen=True)
class Table:
    """A sheet with a recognised header: which column holds which field."""

    source: str  # the file, with [sheet] for workbooks of several sheets
    header_row: int
    headers: list[str]
    columns: dict[str, int]
    ignored: list[str]  # "header (why)" for every column no field reads
    data: list[tuple[int, list[Any]]]


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
