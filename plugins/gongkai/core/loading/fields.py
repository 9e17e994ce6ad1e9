"""Typed, line-aware reading of the content's YAML values, and the files they come from.

:class:`Fields` gives the values of one YAML mapping as texts, dates, lists and mappings and
reports every problem at its file, line and key; the helpers read a file as UTF-8, parse YAML
with lines and scan what is published for personal data.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from .. import privacy_scan, zh
from ..dates import parse_date
from ..problems import Problems
from ..yamlsource import (
    MarkdownSource,
    YamlDocument,
    parse_yaml,
)

# The dates read so far, by their text: 10,000 entries have a few thousand distinct days.
_PARSED_DATES: dict[str, dt.date] = {}


@dataclass
class Fields:
    """Typed access to one YAML mapping, reporting problems against its file and lines."""

    data: dict[str, Any]
    doc: YamlDocument
    source: str
    problems: Problems
    prefix: str = ""

    def _path(self, key: str) -> str:
        return f"{self.prefix}.{key}" if self.prefix else key

    def line(self, key: str) -> int:
        return self.doc.line(self._path(key))

    def error(self, key: str, message: str, fix: str = "") -> None:
        self.problems.error(self.source, self.line(key), self._path(key), message, fix)

    def warning(self, key: str, message: str, fix: str = "") -> None:
        self.problems.warning(self.source, self.line(key), self._path(key), message, fix)

    def _missing(self, key: str, what: str, example: str) -> None:
        """A required field is absent: the error names the line of its mapping."""
        self.problems.error(self.source,
                            self.doc.line(self.prefix) if self.prefix else self.doc.first_line,
                            self._path(key), f"missing{' (' + what + ')' if what else ''}",
                            f"add '{key}: {example}'")

    def has(self, key: str) -> bool:
        return self.data.get(key) not in (None, "")

    def text(self, key: str, required: bool = False, what: str = "") -> str:
        value = self.data.get(key)
        if value is None or value == "":
            if required:
                self._missing(key, what, "…")
            return ""
        if isinstance(value, (dict, list)):
            self.error(key, "must be a single text value, not a list or mapping",
                       f"write '{key}: text'")
            return ""
        if isinstance(value, bool):
            return "是" if value else "否"
        return str(value).strip()

    def date(self, key: str, required: bool = False, what: str = "") -> dt.date | None:
        value = self.data.get(key)
        if value is None or value == "":
            if required:
                self._missing(key, what, "YYYY-MM-DD")
            return None
        parsed = _PARSED_DATES.get(value) if isinstance(value, str) else None
        if parsed is None:
            parsed = parse_date(value)
            if parsed is not None and isinstance(value, str) and len(_PARSED_DATES) < 100_000:
                _PARSED_DATES[value] = parsed
        if parsed is None:
            self.error(key, f"'{value}' is not a valid date",
                       "write a real calendar date as YYYY-MM-DD, e.g. 2024-03-08")
        return parsed

    def text_list(self, key: str) -> tuple[str, ...]:
        value = self.data.get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            return tuple(part.strip() for part in re.split(r"[,，、;；]", value) if part.strip())
        if not isinstance(value, list) or any(isinstance(v, (dict, list)) for v in value):
            self.error(key, "must be a list of texts", f"write '{key}: [a, b]'")
            return ()
        return tuple(str(v).strip() for v in value if str(v).strip())

    def mapping(self, key: str) -> Fields | None:
        value = self.data.get(key)
        if value is None:
            return None
        if not isinstance(value, dict):
            self.error(key, "must be a mapping of fields", f"indent the fields of '{key}' below it")
            return None
        return Fields(value, self.doc, self.source, self.problems, self._path(key))

    def items(self, key: str) -> Iterator[tuple[int, Any, Fields | None]]:
        value = self.data.get(key)
        if value is None:
            return
        if not isinstance(value, list):
            self.error(key, "must be a list", f"write each item of '{key}' on its own line as '- …'")
            return
        for index, item in enumerate(value):
            sub = (Fields(item, self.doc, self.source, self.problems, self._path(f"{key}.{index}"))
                   if isinstance(item, dict) else None)
            yield index, item, sub

    def unknown_keys(self, allowed: tuple[str, ...] | dict[str, str],
                     aliases: dict[str, str] | None = None) -> None:
        for key in self.data:
            if key in allowed:
                continue
            suggestion = (aliases or {}).get(str(key)) or zh.nearest(str(key), list(allowed))
            hint = f"did you mean '{suggestion}'?" if suggestion else (
                "allowed keys: " + ", ".join(allowed))
            self.error(str(key), "unknown key", hint)


# No agency's amount or count comes near this (the central government's yearly budget is about
# 4×10¹³ 元); a larger one is a typing slip or a hostile file, and would print as a wall of digits.
MAX_AMOUNT = Decimal(10) ** 15


# More places than anyone writes; a tiny exponent (1e-999999) would print as a million zeros.
MAX_DECIMAL_PLACES = 6


def decimal_amount(value: object) -> Decimal | None:
    """``value`` as a finite amount within :data:`MAX_AMOUNT`, else ``None`` (see :func:`not_amount`)."""
    if isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    exponent = number.as_tuple().exponent
    if (not number.is_finite() or abs(number) >= MAX_AMOUNT
            or (isinstance(exponent, int) and exponent < -MAX_DECIMAL_PLACES)):
        return None
    return number


def not_amount(value: object) -> str:
    """Why :func:`decimal_amount` refused ``value``, quoted for a message."""
    if value is None or value == "":
        return "missing"
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        return f"'{value}' is not a number"
    if not number.is_finite():
        return f"'{value}' is not a finite amount"
    if abs(number) >= MAX_AMOUNT:
        return f"'{value}' is larger than any amount (10¹⁵ or more)"
    return f"'{value}' has more than {MAX_DECIMAL_PLACES} decimal places"


def read_text(path: Path) -> str | None:
    """The file as UTF-8 text; None when it is not UTF-8."""
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return None


def read_yaml_file(root: Path, rel: str, problems: Problems) -> YamlDocument | None:
    """A YAML file with lines, not scanned for personal data (it is not published)."""
    return read_published_yaml(root, rel, problems, scan=False)


def read_published_yaml(root: Path, rel: str, problems: Problems,
                        scan: bool = True) -> YamlDocument | None:
    """A YAML file; one whose values are published is scanned for personal data, every value
    (numbers listed under its top-level ``privacy_allow`` excepted)."""
    text = read_text(root / rel)
    if text is None:
        problems.error(rel, 0, "", "not UTF-8 text", "save the file as UTF-8")
        return None
    doc = parse_yaml(text, rel, problems)
    if scan and doc is not None:
        scan_yaml(rel, doc, problems)
    return doc


def scan_yaml(rel: str, doc: YamlDocument, problems: Problems) -> frozenset[str]:
    """Scan the values of a YAML document; returns the numbers its ``privacy_allow`` lists."""
    allow = doc.data.get(privacy_scan.ALLOW_KEY) if isinstance(doc.data, dict) else None
    if allow is None or isinstance(allow, dict):
        allowed: frozenset[str] = frozenset()
    else:
        allowed = privacy_scan.allowed_numbers(allow if isinstance(allow, list) else [allow])
    privacy_scan.scan_yaml(problems, rel, doc.data, doc.line, allowed)
    return allowed


def scan_page(rel: str, source: MarkdownSource, problems: Problems) -> None:
    """Scan a Markdown page: the values of its front matter and its body, with the numbers its
    front matter's ``privacy_allow`` lists excepted."""
    allowed = scan_yaml(rel, source.meta, problems) if source.meta is not None else frozenset()
    privacy_scan.scan_text(problems, rel, source.body, allowed, first_line=source.body_first_line)


def mapping_document(doc: YamlDocument | None, rel: str, problems: Problems,
                     what: str) -> Fields | None:
    """The top-level mapping of ``doc`` as :class:`Fields`; None (reported) if it is no mapping."""
    if doc is None:
        return None
    if doc.data is None:
        return Fields({}, doc, rel, problems)
    if not isinstance(doc.data, dict):
        problems.error(rel, doc.first_line, "", f"{what} must be a mapping of 'key: value' lines",
                       "start each line with a key, a colon and a space")
        return None
    return Fields(doc.data, doc, rel, problems)
