"""A report page or copied text as a stream of cells: an HTML cell, a tab-separated field, a
Markdown field, or a run of words — what :mod:`.parse` finds the rows of the format in — and the
figures in them."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from html.parser import HTMLParser


class _CellStream(HTMLParser):
    """The text of every table cell, and of every paragraph outside tables, in page order."""

    _BLOCKS = frozenset({"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "br",
                         "section", "article", "title", "table"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.cells: list[str] = []
        self._text: list[str] = []
        self._in_cell = 0
        self._skip = 0

    def _flush(self) -> None:
        text = "".join(self._text).strip()
        self._text = []
        if text:
            self.cells.append(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        elif tag in ("td", "th"):
            self._flush()
            self._in_cell += 1
        elif tag in self._BLOCKS and not self._in_cell:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)
        elif tag in ("td", "th") and self._in_cell:
            # An empty cell is a cell too: a blank figure is 0.
            self.cells.append("".join(self._text).strip())
            self._text = []
            self._in_cell -= 1
        elif tag in self._BLOCKS and not self._in_cell:
            self._flush()

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self._text.append(data)


_FIGURE = re.compile(r"-?\d[\d,]*(?:\.\d+)?(?:万元|元|件|个|项|次|条)?")
PLACEHOLDERS = frozenset({"", "-", "—", "——", "－", "/", "／", "无", "\\"})


def clean(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def is_figure(cell: str) -> bool:
    text = clean(cell)
    return text in PLACEHOLDERS or _FIGURE.fullmatch(text) is not None


def figure(cell: str) -> Decimal:
    text = clean(cell)
    if text in PLACEHOLDERS:
        return Decimal(0)
    return Decimal(re.sub(r"[^\d.\-]", "", text))


def text_cells(text: str) -> list[str]:
    """Cells of copied text: tab-separated fields (blank ones kept), fields between ``|``
    (Markdown tables, text extracted from pages), or runs of
    words (words that are not figures are joined: a label with spaces stays one cell); a line of
    spaces is a blank cell."""
    cells: list[str] = []
    for line in text.splitlines():
        if not line:
            continue
        if "\t" in line:
            fields = line.split("\t")
            # A tab closing the line separates its last cell from one on the next line (the
            # browser puts a cell holding paragraphs on lines of its own).
            if fields[-1] == "":
                fields.pop()
            cells += [f.strip() for f in fields]
        elif not line.strip():
            # A copy of a table whose cells are paragraphs puts each cell on a line of its own,
            # and a blank cell (&nbsp;) on a line holding only a space.
            cells.append("")
        elif "|" in line:
            # Markdown tables, and pages extracted as text with " | " between cells (often one
            # cell a line: "8 |").
            fields = [f.strip() for f in line.strip().strip("|").split("|")]
            if all(re.fullmatch(r":?-{3,}:?", f) for f in fields):
                continue
            cells += fields
        else:
            label: list[str] = []
            for word in line.split():
                if is_figure(word) and word.strip():
                    if label:
                        cells.append("".join(label))
                        label = []
                    cells.append(word)
                else:
                    label.append(word)
            if label:
                cells.append("".join(label))
    return cells


def cells(text: str) -> list[str]:
    if re.search(r"<\s*(table|html|body|td)\b", text, re.IGNORECASE):
        stream = _CellStream()
        stream.feed(text)
        stream.close()
        stream._flush()
        return stream.cells
    return text_cells(text)


def decode(data: bytes) -> str:
    """Bytes of a saved page or text file as text: UTF-8 (with or without BOM), else the charset
    the page declares, else GB18030 (a superset of GBK and GB2312, which older sites use)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = re.search(rb"charset\s*=\s*[\"']?([A-Za-z0-9_-]+)", data[:4096])
    for encoding in ([declared.group(1).decode("ascii")] if declared else []) + ["gb18030"]:
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode("utf-8", errors="replace")
