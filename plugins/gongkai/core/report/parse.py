"""Read an annual report in the national format: our ``report.json``, a published page (HTML), or
text copied from such a page or from the report's PDF.

Published tables vary: merged cells (rowspan/colspan), full-width digits, blank cells for 0, labels
with other spacing, numbering and punctuation (``(三)``, ``1、``, ``，`` for ``、``), labels broken
over lines or mistyped, units after a figure, a table copied from the browser as tab-separated lines
or one cell per line, or as Markdown, 表三 of a 2021-format report in the 2019 layout.
The reader therefore ignores the table structure: it turns the page into a stream of cell texts
(an HTML cell, a tab-separated field, a Markdown field, or a run of words) and finds each row of the
format by its label, in the format's order, taking the figures that follow it.  Which table a row
belongs to is told by its label, never by its position on the page.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from difflib import SequenceMatcher
from typing import Any

from ..model import REVIEW_KINDS
from .cells import PLACEHOLDERS, clean, decode, figure, is_figure
from .cells import cells as cells_of
from .labels import (
    TABLE_B_COLUMNS,
    TABLE_C_COLUMNS,
    TABLE_C_KIND_LABELS,
    ReportFormat,
    report_format,
    table_a_spec,
    table_b_spec,
)
from .tables import (
    CategoryShare,
    Number,
    ProactiveSummary,
    ReportTableA,
    ReportTableB,
    ReportTableC,
    TableABlock,
    TableARow,
    TableBRow,
    TableCGroup,
)


class ReportReadError(ValueError):
    """The input cannot be read as a report in the national format; the message says why."""


@dataclass(frozen=True)
class ParsedReport:
    """The figures of one published report.  ``year`` is 0 when the text does not say it.

    ``table_a``, ``proactive`` and ``fee_yuan`` are None when the source does not give them in a
    form the reader knows (only ``report.json`` gives the last two).
    """

    source: str
    year: int
    agency: str
    format: ReportFormat
    table_b: ReportTableB
    table_c: ReportTableC
    table_a: ReportTableA | None = None
    proactive: ProactiveSummary | None = None
    fee_yuan: Decimal | None = None

    @property
    def layout(self) -> str:
        """The format the tables were read in: ``2021 format``, and the layout of 表三 when a
        2021-format report keeps the 2019 one."""
        if self.table_b.format == self.format:
            return f"{self.format} format"
        return f"{self.format} format, 表三 in the {self.table_b.format} layout (（六）其他处理 one row)"


# -- report.json -----------------------------------------------------------------------------------


def _json_int(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ReportReadError(f"{where}: {value!r} is not a whole number ≥ 0")
    return value


def _json_number(value: Any, where: str) -> Number:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ReportReadError(f"{where}: {value!r} is not a number")
    return value if isinstance(value, int) else Decimal(str(value))


def parse_report_data(data: Any, source: str) -> ParsedReport:
    """A ``report.json`` as the build writes it (:func:`~.outputs.report_data`)."""
    if not isinstance(data, Mapping):
        raise ReportReadError(f"{source}: not a report.json (a JSON object was expected)")
    year = data.get("year")
    if isinstance(year, bool) or not isinstance(year, int):
        raise ReportReadError(f"{source}: year: missing — not a report.json written by gongkai")
    try:
        fmt = report_format(year)
    except ValueError as error:
        raise ReportReadError(f"{source}: year: {error}") from None
    try:
        table_3, table_4 = data["table_3"], data["table_4"]
        by_key = {row["key"]: row for row in table_3["rows"]}
        rows_b = []
        for key, label, group in table_b_spec(fmt):
            if key not in by_key:
                raise ReportReadError(f"{source}: table_3: row “{label}” ({key}) missing")
            values = by_key[key]["values"]
            rows_b.append(TableBRow(key, label, group, tuple(
                _json_int(values.get(c), f"{source}: table_3: “{label}” × “{c}”")
                for c in TABLE_B_COLUMNS)))
        by_kind = {row["kind"]: row for row in table_4["rows"]}
        groups = []
        for kind in REVIEW_KINDS:
            label = TABLE_C_KIND_LABELS[kind]
            if kind not in by_kind:
                raise ReportReadError(f"{source}: table_4: row “{label}” missing")
            values = by_kind[kind]["values"]
            groups.append(TableCGroup(kind, label, tuple(
                _json_int(values.get(c), f"{source}: table_4: “{label}” × “{c}”")
                for c in TABLE_C_COLUMNS)))
        blocks = []
        for block in data.get("table_2", {}).get("blocks", []):
            columns = tuple(block["columns"])
            blocks.append(TableABlock(block["item"], columns, tuple(
                TableARow(row["label"], tuple(
                    _json_number(row["values"].get(c), f"{source}: table_2: “{row['label']}”")
                    for c in columns))
                for row in block["rows"])))
        proactive = data.get("proactive") or {}
        summary = ProactiveSummary(
            total=_json_int(proactive.get("total", 0), f"{source}: proactive.total"),
            categories=tuple(
                CategoryShare(c["category"], _json_int(c["count"], f"{source}: proactive"),
                              Decimal(str(c["share_percent"])))
                for c in proactive.get("categories", [])))
        fee = data.get("information_processing_fee_yuan", 0)
    except (KeyError, TypeError, AttributeError, InvalidOperation) as error:
        raise ReportReadError(f"{source}: not a report.json written by gongkai ({error!r} "
                              "missing or of the wrong type)") from None
    fee_value = _json_number(fee, f"{source}: information_processing_fee_yuan")
    return ParsedReport(
        source=source, year=year, agency=str(data.get("agency", "")), format=fmt,
        table_b=ReportTableB(fmt, tuple(rows_b)), table_c=ReportTableC(tuple(groups)),
        table_a=ReportTableA(fmt, tuple(blocks)) if blocks else None, proactive=summary,
        fee_yuan=Decimal(fee_value) if isinstance(fee_value, int) else fee_value)


# -- finding rows by their labels ------------------------------------------------------------------

_NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]+[、.]|\([一二三四五六七八九十]+\)|\d+[.、]?)")
_PUNCTUATION = re.compile(r"[()、,.。:;“”\"'‘’「」《》\-—_/|]")
_NOTE = re.compile(r"[（(][^（）()]*[）)]$")


def _core(label: str) -> str:
    """A label without numbering, punctuation, spacing and a closing note in brackets."""
    text = clean(label)
    text = _NUMBERING.sub("", text, count=1)
    return _PUNCTUATION.sub("", text)


def _spec_core(label: str) -> str:
    text = _NUMBERING.sub("", clean(label), count=1)
    return _PUNCTUATION.sub("", _NOTE.sub("", text))


def _matches(cell: str, core: str, first: bool = False) -> bool:
    found = _core(cell)
    if not found:
        return False
    # Extra words after the label (a note), or a label cut short at either end (规范性文件 for
    # 行政规范性文件, 申请人无正当理由逾期不补正 for the whole item), or the tail of a group heading
    # broken over lines before it (法提供 2.没有现成信息需要另行制作, text copied from a PDF).  Before
    # the first row the narrative runs on, broken over lines too ("…受理政府" / "信息公开申请" /
    # "17"): there a label cut short must keep half of it.
    cut_short = len(found) >= 4 and found in core and (not first or 2 * len(found) >= len(core))
    return found.startswith(core) or cut_short or (len(core) >= 4 and found.endswith(core))


_ITEM = re.compile(r"^(\d+)[.、]")


def _item_number(label: str) -> str:
    """The item number a label starts with (``3`` of ``3.其他``), or ""."""
    match = _ITEM.match(clean(label))
    return match.group(1) if match else ""


def _label_match(cells: list[str], index: int, cores: list[str], numbers: list[str],
                 candidates: range) -> int | None:
    """The row of ``candidates`` whose label is ``cells[index]`` — or, for a label broken over
    cells (lines of a PDF, paragraphs of a cell), that cell joined to the one or two before it.
    A numbered label matches an item of its own number only (``2.其他法律…`` is not ``3.其他``)."""
    text = ""
    for start in range(index, max(index - 3, -1), -1):
        if start < index and is_figure(cells[start]):
            break
        text = cells[start] + text
        number = _item_number(text)
        match = next((k for k in candidates if _matches(text, cores[k], candidates.stop == 1)
                      and not (number and numbers[k] and number != numbers[k])), None)
        if match is not None:
            return match
    # A typing error in the label of the row expected next (2.其他法律行政止公开, as published):
    # the same item number and most of its words.
    expected = candidates.start
    cell = cells[index]
    if (_item_number(cell) and _item_number(cell) == numbers[expected]
            and SequenceMatcher(None, _core(cell), cores[expected]).ratio() >= 0.75):
        return expected
    return None


@dataclass(frozen=True)
class _Row:
    label: str
    figures: tuple[Decimal, ...]
    at: int


def _find_rows(cells: list[str], start: int, labels: list[str], width: int,
               source: str, table: str) -> tuple[list[_Row], int]:
    """Each of ``labels`` in order from ``cells[start]``: the cell matching it and the ``width``
    figures after it.  A label cell followed by another label (a merged group heading, a column
    header) is not a row.  Returns the rows and the index after the last one."""
    cores = [_spec_core(label) for label in labels]
    numbers = [_item_number(label) for label in labels]
    rows: list[_Row] = []
    position = 0
    index = start
    while index < len(cells) and position < len(labels):
        cell = cells[index]
        if is_figure(cell):
            index += 1
            continue
        figures: list[str] = []
        after = index + 1
        while after < len(cells) and len(figures) < width and is_figure(cells[after]):
            figures.append(cells[after])
            after += 1
        if not figures:
            index += 1
            continue
        # Until the first row is found, column headers (总计, 其他) must not pass for rows.
        candidates = range(position, len(labels) if rows else 1)
        match = _label_match(cells, index, cores, numbers, candidates)
        if match is None:
            index += 1
            continue
        if len(figures) < width:
            raise ReportReadError(
                f"{source}: {table} row “{labels[match]}”: {len(figures)} figure(s) found, "
                f"{width} expected — were blank cells lost when the table was copied? Copy the "
                "table from the browser (cells separated by tabs) or save the page as HTML")
        rows.append(_Row(labels[match], tuple(figure(f) for f in figures), index))
        position = match + 1
        index = after
    return rows, index


def _whole(value: Decimal, source: str, table: str, row: str) -> int:
    if value != value.to_integral_value() or value < 0:
        raise ReportReadError(f"{source}: {table} row “{row}”: {value} is not a count")
    return int(value)


def _read_table_b(cells: list[str], source: str, fmt: ReportFormat
                  ) -> tuple[ReportTableB | None, int, list[str]]:
    """Table 三 with the rows of ``fmt``, or None and the labels of the rows not found."""
    spec = table_b_spec(fmt)
    labels = [label for _, label, _ in spec]
    rows, end = _find_rows(cells, 0, labels, len(TABLE_B_COLUMNS), source, "表三")
    found = {row.label: row for row in rows}
    missing = [label for label in labels if label not in found]
    if missing:
        return None, end, missing
    return ReportTableB(fmt, tuple(
        TableBRow(key, label, group,
                  tuple(_whole(v, source, "表三", label) for v in found[label].figures))
        for key, label, group in spec)), end, []


def _table_b(cells: list[str], source: str, fmt: ReportFormat) -> tuple[ReportTableB, int]:
    table, end, missing = _read_table_b(cells, source, fmt)
    items = {label for _, label, group in table_b_spec(fmt) if group == "其他处理"}
    if table is None and fmt == "2021" and set(missing) <= items:
        # Some reports in the 2021 format keep 表三 in the 2019 layout: （六）其他处理 as one row
        # where the items of （六） are missing (and only they).
        older, older_end, _ = _read_table_b(cells, source, "2019")
        if older is not None:
            return older, older_end
    if table is not None:
        return table, end
    labels = [label for _, label, _ in table_b_spec(fmt)]
    if len(missing) == len(labels):
        raise ReportReadError(
            f"{source}: no table 三 (收到和处理政府信息公开申请情况) found — the row "
            f"“{labels[0]}” followed by its 7 figures was expected; is this an annual report?")
    raise ReportReadError(f"{source}: table 三: row(s) not found: " + "、".join(
        f"“{label}”" for label in missing))


def _table_c(cells: list[str], start: int, source: str) -> ReportTableC:
    """The 15 figures of table 四: the runs of figures after its heading, skipping header cells
    and runs of blank header cells, up to the next section."""
    index = next((i for i in range(start, len(cells)) if "行政复议" in clean(cells[i])), None)
    if index is None:
        raise ReportReadError(f"{source}: no table 四 (政府信息公开行政复议、行政诉讼情况) found "
                              "after table 三")
    figures: list[str] = []
    run: list[str] = []
    for cell in [*cells[index:], "。"]:
        text = clean(cell)
        if is_figure(cell):
            run.append(cell)
            continue
        if any(clean(f) not in PLACEHOLDERS for f in run) or len(run) == 15 and not figures:
            figures += run
        run = []
        if len(figures) >= 15 or re.match(r"^(五、|[(]?五[)])", text) or "存在的主要问题" in text:
            break
    if len(figures) != 15:
        raise ReportReadError(f"{source}: table 四: {len(figures)} figure(s) found, 15 expected "
                              "(行政复议 and two kinds of 行政诉讼, five columns each)")
    groups = []
    for number, kind in enumerate(REVIEW_KINDS):
        label = TABLE_C_KIND_LABELS[kind]
        values = tuple(_whole(figure(f), source, "表四", label)
                       for f in figures[number * 5:number * 5 + 5])
        groups.append(TableCGroup(kind, label, values))
    return ReportTableC(tuple(groups))


def _table_a(cells: list[str], fmt: ReportFormat) -> ReportTableA | None:
    """Table 二 if every row of the format is found with its figures, else None (the auditor does
    not need it: table 二 has no arithmetic)."""
    blocks = []
    for item, columns, labels in table_a_spec(fmt):
        try:
            rows, _ = _find_rows(cells, 0, list(labels), len(columns), "", "表二")
        except ReportReadError:
            return None
        if len(rows) != len(labels):
            return None
        blocks.append(TableABlock(item, columns, tuple(
            TableARow(row.label, tuple(int(v) if v == v.to_integral_value() and "金额" not in c
                                       else v for v, c in zip(row.figures, columns, strict=True)))
            for row in rows)))
    return ReportTableA(fmt, tuple(blocks))


# ``某某局2023年政府信息公开工作年度报告`` or ``2019年某某局政府信息公开工作年度报告``.
_TITLE = re.compile(r"([^\s，。：:；;（）()]{2,40}?)?\s*(20\d\d)\s*年\s*度?\s*([^\s，。：:；;（）()]{2,40}?)?"
                    r"\s*政府信息公开(?:工作)?年度?报告")


def _year_and_agency(cells: list[str]) -> tuple[int, str]:
    for index, cell in enumerate(cells[:400]):
        text = cell
        # A title with spaces around the year (``某某县人民政府 2025 年 政府信息公开…``, copied
        # from a PDF or Markdown) is three cells: the year is a figure of its own.
        if index + 2 < len(cells) and re.fullmatch(r"20\d\d", clean(cells[index + 1])):
            text = "".join(cells[index:index + 3])
        match = _TITLE.search(unicodedata.normalize("NFKC", text))
        if match:
            agency = (match.group(1) or match.group(3) or "").strip()
            return int(match.group(2)), re.sub(r"^[#>*\-\s]*(?:名称|标题)?", "", agency)
    return 0, ""


def _format(cells: list[str], year: int) -> ReportFormat:
    """2021 when the page has the three items of （六）其他处理 or 本年制发件数, 2019 when it has
    本年新制作数量; else by year (2021 when unknown)."""
    text = "".join(clean(c) for c in cells)
    if "逾期不补正" in text or "本年制发件数" in text:
        return "2021"
    if "本年新制作数量" in text:
        return "2019"
    return report_format(year) if year >= 2019 else "2021"


def parse_report_text(text: str, source: str, year: int = 0) -> ParsedReport:
    """A report from a saved page (HTML) or from text copied from one.  ``year`` (when given)
    replaces the year read from the title."""
    cells = cells_of(text)
    found_year, agency = _year_and_agency(cells)
    year = year or found_year
    fmt = _format(cells, year)
    table_b, end = _table_b(cells, source, fmt)
    table_c = _table_c(cells, end, source)
    return ParsedReport(source=source, year=year, agency=agency, format=fmt, table_b=table_b,
                        table_c=table_c, table_a=_table_a(cells, fmt))


def parse_report(data: bytes, source: str, year: int = 0) -> ParsedReport:
    """A report from the bytes of a ``report.json``, a saved page or copied text; raises
    :class:`ReportReadError` with a sentence naming ``source`` when it cannot be read as one."""
    text = decode(data)
    if text.lstrip().startswith("{"):
        try:
            parsed = json.loads(text)
        except json.JSONDecodeError as error:
            raise ReportReadError(f"{source}: not valid JSON ({error})") from None
        return parse_report_data(parsed, source)
    return parse_report_text(text, source, year)
