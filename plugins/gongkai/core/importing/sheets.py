"""Reading a CMS export as the webmaster sees it in Excel: sheets of numbered rows.

CSV is read in Excel's own dialect (``""`` is a quote inside a quoted cell, cells may hold line
breaks); only the delimiter is detected.  ``csv.Sniffer`` is not used: it guesses
``doublequote=False`` on real exports and then corrupts every cell with an escaped quote.  A row
number is the row Excel shows: CSV records are counted (a cell with line breaks stays one row),
not file lines.  XLSX/XLS: every sheet is read, merged cells give their value to every cell
they cover (a merged header or a category merged down a block of rows).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SUFFIXES = (".csv", ".txt", ".xlsx", ".xlsm", ".xls")
_DELIMITERS = (",", "\t", ";")


@dataclass(frozen=True)
class Sheet:
    """One sheet of an export: ``rows`` are (row number as Excel shows it, cells)."""

    name: str
    rows: list[tuple[int, list[Any]]]


def decode(raw: bytes) -> str:
    """Text of a CSV file: UTF-16 with BOM (Excel's 'Unicode text'), UTF-8 with or without BOM,
    else GB18030 (what Excel on Chinese Windows writes as 'CSV')."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("gb18030")


def delimiter(text: str) -> str:
    """The delimiter of a CSV text: the one of comma, tab, semicolon most used in its first lines."""
    sample = "\n".join(text[:8192].splitlines()[:20])
    counts = {d: sample.count(d) for d in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_csv(text: str) -> list[tuple[int, list[Any]]]:
    """Rows of a CSV text with their record numbers (1 = first record, blank records counted)."""
    reader = csv.reader(io.StringIO(text, newline=""), csv.excel, delimiter=delimiter(text))
    return list(enumerate(reader, start=1))


def _fill_merged(rows: list[list[Any]], ranges: list[tuple[int, int, int, int]]) -> None:
    """Give every cell of each merged range (1-based min_row, min_col, max_row, max_col) its
    top-left value, as Excel shows it."""
    for min_row, min_col, max_row, max_col in ranges:
        if min_row > len(rows):
            continue
        value = rows[min_row - 1][min_col - 1] if min_col <= len(rows[min_row - 1]) else None
        for r in range(min_row, min(max_row, len(rows)) + 1):
            cells = rows[r - 1]
            if len(cells) < max_col:
                cells.extend([None] * (max_col - len(cells)))
            for c in range(min_col, max_col + 1):
                cells[c - 1] = value


def read_xlsx(path: Path) -> list[Sheet]:
    """Every sheet of an .xlsx workbook (values, not formulas), merged cells filled."""
    from openpyxl import load_workbook

    # Not read-only: only the full worksheet knows its merged cells.
    workbook = load_workbook(path, data_only=True)
    try:
        sheets = []
        for sheet in workbook.worksheets:
            rows = [list(row) for row in sheet.iter_rows(values_only=True)]
            _fill_merged(rows, [(r.min_row, r.min_col, r.max_row, r.max_col)
                                for r in sheet.merged_cells.ranges])
            sheets.append(Sheet(sheet.title, list(enumerate(rows, start=1))))
        return sheets
    finally:
        workbook.close()


def read_xls(path: Path) -> list[Sheet]:
    """Every sheet of an old .xls workbook (Excel 97–2003), dates as dates, merged cells filled."""
    import xlrd

    book = xlrd.open_workbook(str(path), formatting_info=True)
    sheets = []
    for sheet in book.sheets():
        rows: list[list[Any]] = []
        for r in range(sheet.nrows):
            cells: list[Any] = []
            for c in range(sheet.ncols):
                cell = sheet.cell(r, c)
                if cell.ctype == xlrd.XL_CELL_DATE:
                    value: Any = xlrd.xldate_as_datetime(cell.value, book.datemode)
                elif cell.ctype == xlrd.XL_CELL_EMPTY or cell.ctype == xlrd.XL_CELL_BLANK:
                    value = None
                else:
                    value = cell.value
                cells.append(value)
            rows.append(cells)
        # xlrd gives (row_lo, row_hi, col_lo, col_hi), 0-based, high ends excluded.
        _fill_merged(rows, [(rlo + 1, clo + 1, rhi, chi) for rlo, rhi, clo, chi in sheet.merged_cells])
        sheets.append(Sheet(sheet.name, list(enumerate(rows, start=1))))
    return sheets


def read_sheets(path: Path) -> list[Sheet]:
    """The sheets of a ``.csv``/``.txt``, ``.xlsx`` or ``.xls`` export (a CSV is one sheet).

    Raises ValueError for another kind of file; a damaged file raises what its reader raises.
    """
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return read_xlsx(path)
    if suffix == ".xls":
        return read_xls(path)
    if suffix in (".csv", ".txt"):
        return [Sheet("", read_csv(decode(path.read_bytes())))]
    raise ValueError(f"'{path.name}' is not a .csv, .xlsx or .xls file — export the catalogue "
                     "from the CMS as Excel or CSV")


def cell_text(value: object) -> str:
    """A cell as text, exactly as the sheet holds it except surrounding whitespace.

    Numbers Excel stores as floats lose a trailing ``.0`` (a 文号 serial 12 is not "12.0");
    date cells become YYYY-MM-DD.
    """
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()
