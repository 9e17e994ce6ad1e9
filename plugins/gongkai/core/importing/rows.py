"""One row of a CMS export → the front matter and body of a candidate entry, or the reason it is
skipped (:class:`SkippedRow`): dates, 有效性, categories and 索引号 read as the options and the
mapping file say."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from .. import identifiers, zh
from ..dates import parse_date
from ..model import NOT_IN_FORCE, VALIDITIES
from ..problems import Problem
from ..settings import Settings
from .headers import Table
from .run import ImportOptions, ImportRun
from .sheets import cell_text
from .vocabulary import (
    FIELD_LABELS,
    VALIDITY_WORDS,
    ImportMap,
)

_LIST_SEPARATORS = re.compile(r"[,，、;；\s]+")
_LEADING_BLANK_LINES = re.compile(r"\A\s*\n")


class SkippedRow(Exception):
    """A row that cannot become an entry: ``kind`` groups it in the summary."""

    def __init__(self, kind: str, field_key: str, message: str, fix: str) -> None:
        super().__init__(message)
        self.kind, self.field_key, self.message, self.fix = kind, field_key, message, fix


@dataclass
class Candidate:
    """A row read as an entry, before rows of the same document are merged (``key``)."""

    table: Table
    row: int
    key: tuple[str, ...]
    front: dict[str, Any]
    body: str
    categories: list[str]


class RowConverter:
    """Reads rows as entries under the settings, the mapping file and the options; counts
    what it mapped, inferred and left unstated in ``run``."""

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
            raise SkippedRow("unknown category", "category", f"unknown category '{value}'",
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
            raise SkippedRow("category mapped to an unknown category", "category",
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
        raise SkippedRow("unknown 有效性", "validity", f"unknown 有效性 '{word}'",
                    "map it under 'validity:' in import-map.yml")

    def convert(self, table: Table, number: int, cells: list[Any]) -> Candidate:
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
                raise SkippedRow("not a date", key, f"'{raw}' is not a date",
                            "write a date such as 2023-09-26 or 2023年9月26日")
            return value

        front: dict[str, Any] = {}
        inferred: dict[str, str] = {}
        unstated: list[str] = []
        title = text("title") or ""
        if not title:
            raise SkippedRow("no 标题", "title", "empty", "fill in the 标题 of this row")
        front["title"] = title
        index_no = text("index_no") or ""
        if index_no:
            if not self.regex.fullmatch(index_no):
                raise SkippedRow("索引号 not in the pattern", "index_no",
                            f"'{index_no}' does not match the pattern "
                            f"{self.settings.index_no_pattern}",
                            "set index_no_pattern in mkdocs.yml to the pattern of your existing "
                            "numbers (索引号 never change)")
            front["index_no"] = index_no
        elif not self.options.number:
            raise SkippedRow("no 索引号", "index_no", "no 索引号" if "index_no" in columns
                        else "the export has no 索引号 column",
                        "run with --number to give rows without one the next free 索引号 "
                        "(recorded as inferred)")
        value = text("category") or self.defaults.get("category", "")
        if not value:
            raise SkippedRow("no category", "category", "empty" if "category" in columns else
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
            raise SkippedRow("no 公开日期", "published", "no 公开日期",
                        "add a 公开日期/发布日期 column, or run with --published-from-created"
                        if created else "add a 公开日期/发布日期 column")
        if created is None:
            raise SkippedRow("no 成文日期", "created", "no 成文日期",
                        "add a 成文日期 column, or run with --created-from-published "
                        "(writes inferred: {created: 按公开日期推定})")
        if published < created:
            raise SkippedRow("公开日期 before 成文日期", "published",
                        f"公开日期 {published} is before 成文日期 {created}", "check both dates")
        if published > self.settings.today:
            raise SkippedRow("公开日期 in the future", "published",
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
            raise SkippedRow("废止 without 废止日期", "validity",
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
        return Candidate(table, number, key, front, body, categories)
