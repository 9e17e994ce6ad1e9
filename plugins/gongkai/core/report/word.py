"""The annual report as a Word document for 审签 (sign-off) before publication.

Agencies sign their report off on paper or in Word before it goes online, so the build writes
``reports/<year>/report.docx`` next to the page: A4 with the margins of 党政机关公文格式
(GB/T 9704-2012), the title in 方正小标宋简体, section headings in 黑体, text in 仿宋_GB2312, and
tables 二、三、四 with the national format's labels and merged header cells, laid out by the same
:func:`~.layout.layout_tables` as the page.  A font the reader's Word lacks falls back to another
Chinese font; the names are what a 审签 reviewer checks.

The file is reproducible: the package's core properties carry the report's own dates and every zip
member the same fixed timestamp, so two builds of the same content give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

from .labels import SECTION_TITLES
from .layout import Cell, TableLayout, layout_tables
from .narrative import application_sentence, fee_sentence, proactive_sentences, review_sentence
from .tables import AnnualReport

FONT_TITLE = "方正小标宋简体"
FONT_HEADING = "黑体"
FONT_BODY = "仿宋_GB2312"
STYLE_TABLE_TEXT = "表格文字"
# Zip members carry a date; the earliest a zip can hold, the same on every build.
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def _east_asian(style_or_run: Any, font: str) -> None:
    """Set the Latin and the East Asian font (Word keeps them apart; python-docx sets only Latin)."""
    from docx.oxml.ns import qn

    style_or_run.font.name = font
    properties = style_or_run.element.get_or_add_rPr()
    fonts = properties.find(qn("w:rFonts"))
    if fonts is None:
        fonts = properties.makeelement(qn("w:rFonts"), {})
        properties.append(fonts)
    fonts.set(qn("w:eastAsia"), font)


def _styles(document: Any) -> None:
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt, RGBColor

    normal = document.styles["Normal"]
    _east_asian(normal, FONT_BODY)
    normal.font.size = Pt(16)  # 三号
    title = document.styles["Title"]
    _east_asian(title, FONT_TITLE)
    title.font.size = Pt(22)  # 二号
    title.font.bold = False
    title.font.color.rgb = RGBColor(0, 0, 0)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    heading = document.styles["Heading 1"]
    _east_asian(heading, FONT_HEADING)
    heading.font.size = Pt(16)
    heading.font.bold = False
    heading.font.color.rgb = RGBColor(0, 0, 0)
    table_text = document.styles.add_style(STYLE_TABLE_TEXT, WD_STYLE_TYPE.PARAGRAPH)
    table_text.base_style = normal
    _east_asian(table_text, FONT_BODY)
    table_text.font.size = Pt(10.5)  # 五号
    table_text.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    table_text.paragraph_format.space_after = Pt(0)


def _page(document: Any) -> None:
    from docx.shared import Cm

    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)


def grid(layout: TableLayout) -> list[list[tuple[Cell, int, int] | None]]:
    """The layout's rows placed on a grid as HTML does (rowspan/colspan): each slot holds
    ``(cell, row, column)`` of the cell's top-left slot, or None where nothing was placed."""
    rows = [*layout.head, *layout.body]
    width = max(sum(c.colspan for c in row) for row in rows)
    slots: list[list[tuple[Cell, int, int] | None]] = [[None] * width for _ in rows]
    for r, row in enumerate(rows):
        column = 0
        for cell in row:
            while column < width and slots[r][column] is not None:
                column += 1
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    if r + dr < len(rows) and column + dc < width:
                        slots[r + dr][column + dc] = (cell, r, column)
            column += cell.colspan
    return slots


def _table(document: Any, layout: TableLayout) -> None:
    # python-docx's Table.cell() rebuilds the whole grid on every call and Paragraph.style looks
    # the default style up each time (seconds for table 三).  So this function holds the <w:tc>
    # elements of the unmerged grid (each region's corners stay in the tree while the others are
    # merged) and sets the paragraph style by id; the Word tests pin texts, merges and style.
    from docx.table import _Cell

    slots = grid(layout)
    table = document.add_table(rows=len(slots), cols=len(slots[0]))
    table.style = document.styles["Table Grid"]
    table.autofit = False
    style_id = document.styles[STYLE_TABLE_TEXT].style_id
    elements = [list(row.tc_lst) for row in table._tbl.tr_lst]
    merges = []
    for top, row in enumerate(slots):
        for left, slot in enumerate(row):
            if slot is None or (slot[1], slot[2]) != (top, left):
                continue
            cell = slot[0]
            target = _Cell(elements[top][left], table)
            paragraph = target.paragraphs[0]
            paragraph._p.get_or_add_pPr().style = style_id
            paragraph.add_run(cell.text).bold = cell.header and cell.scope in ("col", "colgroup")
            if cell.rowspan > 1 or cell.colspan > 1:
                bottom = min(top + cell.rowspan, len(slots)) - 1
                right = min(left + cell.colspan, len(row)) - 1
                merges.append((target, _Cell(elements[bottom][right], table)))
    widths = _widths(layout, len(slots[0]))
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width  # the grid, which LibreOffice and WPS follow
    for row_elements in elements:
        for element, width in zip(row_elements, widths, strict=True):
            _Cell(element, table).width = width  # each cell, which Word follows
    for first, last in merges:
        first.merge(last)


def _widths(layout: TableLayout, columns: int) -> list[Any]:
    """Column widths across the text width: the label columns of 表二 and 表三 wide enough for
    their labels, the figures narrow (Word would otherwise give every column the same width)."""
    from docx.shared import Cm

    text = 21 - 2.8 - 2.6
    labels = {"table-2": [4.6], "table-3": [1.6, 2.0, 4.0]}.get(layout.id, [])
    figure = (text - sum(labels)) / (columns - len(labels))
    return [Cm(w) for w in [*labels, *[figure] * (columns - len(labels))]]


def _markdown_paragraphs(text: str) -> list[str]:
    """The agency's Markdown as plain paragraphs: blank-line separated, marks of emphasis and
    heading hashes removed (Word gets the words; the page keeps the formatting)."""
    paragraphs = []
    for block in text.split("\n\n"):
        lines = [line.strip().lstrip("#").strip().replace("**", "") for line in block.splitlines()]
        joined = "".join(line for line in lines if line)
        if joined:
            paragraphs.append(joined)
    return paragraphs


def report_docx(report: AnnualReport, note: str = "") -> bytes:
    """``report`` as a .docx (bytes), the same for the same report.  ``note`` is printed under
    the title (the government-wide report names what it sums)."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    document = docx.Document()
    _styles(document)
    _page(document)
    document.add_paragraph(report.title, style="Title")
    if note:
        document.add_paragraph(note).alignment = WD_ALIGN_PARAGRAPH.CENTER
    table_2, table_3, table_4 = layout_tables(report)
    narrative = report.narrative
    body: list[tuple[list[str], TableLayout | None]] = [
        (_markdown_paragraphs(narrative.overview), None),
        ([proactive_sentences(report.proactive)], table_2),
        ([application_sentence(report)], table_3),
        ([review_sentence(report)], table_4),
        (_markdown_paragraphs(narrative.problems), None),
        ([fee_sentence(report), *_markdown_paragraphs(narrative.other)], None),
    ]
    for heading, (paragraphs, table) in zip(SECTION_TITLES, body, strict=True):
        document.add_heading(heading, level=1)
        for text in paragraphs:
            document.add_paragraph(text).paragraph_format.first_line_indent = (
                document.styles["Normal"].font.size * 2)
        if table is not None:
            document.add_paragraph(table.caption, style=STYLE_TABLE_TEXT)
            _table(document, table)
    properties = document.core_properties
    properties.title = report.title
    properties.author = report.agency
    properties.last_modified_by = report.agency
    properties.revision = 1
    stamp = dt.datetime.combine(report.as_of, dt.time(), tzinfo=dt.timezone.utc)
    properties.created = properties.modified = stamp
    written = io.BytesIO()
    document.save(written)
    return _fixed_dates(written.getvalue())


def _fixed_dates(package: bytes) -> bytes:
    """The package re-zipped with one fixed date on every member (python-docx stamps the time
    of saving), members in the order python-docx wrote them."""
    source = zipfile.ZipFile(io.BytesIO(package))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=_ZIP_DATE)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            target.writestr(member, source.read(info.filename))
    return out.getvalue()
