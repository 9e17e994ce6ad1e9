"""Read and validate the whole content folder into a :class:`~gongkai.core.model.Site`.

First stage of the pipeline (read → validate → model): every file is read once, every problem is
collected with its file, line and field, and a :class:`~gongkai.core.problems.ContentError` is
raised before anything could be rendered or written.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path, PurePosixPath
from typing import Any

from . import identifiers, privacy, privacy_scan, zh
from .calendar import load_calendar_additions
from .dates import parse_date
from .entrycache import ENTRY_CACHE, ReadEntry, decode_text
from .model import (
    APPLICANT_TYPES,
    CHANNELS,
    CLEANUP_DECISIONS,
    INFERABLE_FIELDS,
    NOT_IN_FORCE,
    REVIEW_CASE_RESULTS,
    REVIEW_KINDS,
    REVIEW_RESULTS,
    UNSTATABLE_FIELDS,
    VALIDITIES,
    Affiliate,
    Agency,
    ApplicationRecord,
    ApplicationWindow,
    Attachment,
    Budget,
    BudgetRow,
    BudgetTable,
    CalendarAdditions,
    CatalogueEntry,
    Cleanup,
    Department,
    Guide,
    Law,
    Leader,
    MarkdownPage,
    Register,
    RegulationCounts,
    ReportNarrative,
    ReviewCase,
    SecrecyReview,
    Site,
    SourceLines,
)
from .money import money
from .outcomes import parse_outcome, valid_outcome_codes
from .parallel import fork_map
from .problems import Problems
from .publish import (
    BUDGETS_DIR,
    CATALOGUE_DIR,
    MARKDOWN_SUFFIXES,
    REGISTERS_DIR,
    REPORTS_DIR,
    attachment_problem,
    is_content_data,
    is_markdown,
    link_problems,
)
from .regulations import CLEANUP_CATEGORIES, LAWS_FILE, read_laws
from .samplesite import SAMPLE_AGENCY_CODE, is_sample_agency
from .search.extract import IMAGE_SUFFIXES, READABLE_SUFFIXES
from .settings import Settings
from .yamlsource import (
    MarkdownSource,
    YamlDocument,
    check_control_characters,
    parse_yaml,
    split_front_matter,
)

AGENCY_FILE = "agency.yml"
GUIDE_FILE = "guide.md"
CALENDAR_FILE = "calendar.yml"

ENTRY_KEYS: dict[str, str] = {
    "title": "标题",
    "index_no": "索引号",
    "category": "主题分类",
    "created": "成文日期",
    "published": "公开日期",
    "summary": "内容概述",
    "issuer": "发布机构",
    "doc_no": "文号",
    "form": "体裁",
    "validity": "有效性",
    "abolished": "废止/失效日期",
    "superseded_by": "替代文件",
    "interprets": "政策解读",
    "review": "保密审查",
    "attachments": "附件",
    "keywords": "关键词",
    "privacy_allow": "允许公开的号码",
    "also_in": "同时列入",
    "unstated": "未注明",
    "inferred": "推定",
    "valid_until": "有效期至",
    "cleanup": "清理",
}
REQUIRED_ENTRY_KEYS = ("title", "index_no", "category", "created", "published", "summary")
# Chinese labels a webmaster may type as keys, mapped to the key they mean.
CHINESE_KEY_ALIASES: dict[str, str] = {
    **{label: key for key, label in ENTRY_KEYS.items()},
    "分类": "category",
    "成文日期": "created",
    "生成日期": "created",
    "发布日期": "published",
    "摘要": "summary",
    "概述": "summary",
    "废止日期": "abolished",
    "失效日期": "abolished",
    "解读": "interprets",
}

AGENCY_KEYS = (
    "name", "code", "address", "postcode", "office_hours", "phone", "fax", "email", "website",
    "application_window", "duties", "leaders", "departments", "affiliates", "privacy_allow",
)
# 条例第十二条: what the 指南 must give; the contact block comes from agency.yml.
GUIDE_AGENCY_FIELDS: dict[str, str] = {
    "name": "机构名称",
    "address": "办公地址",
    "office_hours": "办公时间",
    "phone": "联系电话",
    "fax": "传真",
}
GUIDE_SECTIONS: dict[str, tuple[str, ...]] = {
    "分类与编排体系": ("分类", "编排"),
    "获取方式": ("获取方式",),
}

APPLICATION_KEYS = ("id", "received", "applicant", "name", "contact", "channel", "request",
                    "extended", "outcome", "replied", "fee")
REVIEW_CASE_KEYS = ("kind", "result", "concluded")
STATISTICS_KEYS = ("行政许可", "行政处罚", "行政强制", "行政事业性收费", "其他对外管理服务事项",
                   "政府集中采购项目数量", "政府集中采购总金额")
MONEY_STATISTICS = ("行政事业性收费", "政府集中采购总金额")
REGISTER_KEYS = ("applications", "reviews", "statistics", "regulations")
# registers/<year>.yml regulations: the rows of report table 二（一） and their three figures.
REGULATION_KINDS = ("规章", "行政规范性文件")
REGULATION_COUNT_KEYS = {"made": "本年制发件数", "abolished": "本年废止件数", "in_force": "现行有效件数"}
# The 2019 trial format (reports on 2019 and 2020) counts other figures in its table 二（一）.
FIRST_REGULATION_COUNTS_YEAR = 2021
BUDGET_KEYS = ("year", "kind", "approved", "published", "unit", "tables", "notes", "attachments",
               "privacy_allow")

_REGISTER_NAME = re.compile(r"^(\d{4})\.ya?ml$")
_BUDGET_NAME = re.compile(r"^(\d{4})-(预算|决算)\.ya?ml$")
_REPORT_NAME = re.compile(r"^(\d{4})\.md$")


# The dates read so far, by their text: 10,000 entries have a few thousand distinct days.
_PARSED_DATES: dict[str, dt.date] = {}


@dataclass
class _Fields:
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

    def has(self, key: str) -> bool:
        return self.data.get(key) not in (None, "")

    def text(self, key: str, required: bool = False, what: str = "") -> str:
        value = self.data.get(key)
        if value is None or value == "":
            if required:
                self.problems.error(
                    self.source,
                    self.doc.line(self.prefix) if self.prefix else self.doc.first_line,
                    self._path(key),
                    f"missing{' (' + what + ')' if what else ''}",
                    f"add '{key}: …'",
                )
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
                self.problems.error(
                    self.source,
                    self.doc.line(self.prefix) if self.prefix else self.doc.first_line,
                    self._path(key),
                    f"missing{' (' + what + ')' if what else ''}",
                    f"add '{key}: YYYY-MM-DD'",
                )
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

    def mapping(self, key: str) -> _Fields | None:
        value = self.data.get(key)
        if value is None:
            return None
        if not isinstance(value, dict):
            self.error(key, "must be a mapping of fields", f"indent the fields of '{key}' below it")
            return None
        return _Fields(value, self.doc, self.source, self.problems, self._path(key))

    def items(self, key: str) -> Iterator[tuple[int, Any, _Fields | None]]:
        value = self.data.get(key)
        if value is None:
            return
        if not isinstance(value, list):
            self.error(key, "must be a list", f"write each item of '{key}' on its own line as '- …'")
            return
        for index, item in enumerate(value):
            sub = (_Fields(item, self.doc, self.source, self.problems, self._path(f"{key}.{index}"))
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


def _decimal(value: object) -> Decimal | None:
    """``value`` as a finite amount within :data:`MAX_AMOUNT`, else ``None`` (see :func:`_not_amount`)."""
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


def _not_amount(value: object) -> str:
    """Why :func:`_decimal` refused ``value``, quoted for a message."""
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


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return None


def _read_yaml_file(root: Path, rel: str, problems: Problems) -> YamlDocument | None:
    return _read_published_yaml(root, rel, problems, scan=False)


def _read_published_yaml(root: Path, rel: str, problems: Problems,
                         scan: bool = True) -> YamlDocument | None:
    """A YAML file; one whose values are published is scanned for personal data, every value
    (numbers listed under its top-level ``privacy_allow`` excepted)."""
    text = _read(root / rel)
    if text is None:
        problems.error(rel, 0, "", "not UTF-8 text", "save the file as UTF-8")
        return None
    doc = parse_yaml(text, rel, problems)
    if scan and doc is not None:
        _scan_yaml(rel, doc, problems)
    return doc


def _scan_yaml(rel: str, doc: YamlDocument, problems: Problems) -> frozenset[str]:
    """Scan the values of a YAML document; returns the numbers its ``privacy_allow`` lists."""
    allow = doc.data.get(privacy_scan.ALLOW_KEY) if isinstance(doc.data, dict) else None
    if allow is None or isinstance(allow, dict):
        allowed: frozenset[str] = frozenset()
    else:
        allowed = privacy_scan.allowed_numbers(allow if isinstance(allow, list) else [allow])
    privacy_scan.scan_yaml(problems, rel, doc.data, doc.line, allowed)
    return allowed


def _scan_page(rel: str, source: MarkdownSource, problems: Problems) -> None:
    """Scan a Markdown page: the values of its front matter and its body, with the numbers its
    front matter's ``privacy_allow`` lists excepted."""
    allowed = _scan_yaml(rel, source.meta, problems) if source.meta is not None else frozenset()
    privacy_scan.scan_text(problems, rel, source.body, allowed, first_line=source.body_first_line)


def _mapping_document(doc: YamlDocument | None, rel: str, problems: Problems,
                      what: str) -> _Fields | None:
    if doc is None:
        return None
    if doc.data is None:
        return _Fields({}, doc, rel, problems)
    if not isinstance(doc.data, dict):
        problems.error(rel, doc.first_line, "", f"{what} must be a mapping of 'key: value' lines",
                       "start each line with a key, a colon and a space")
        return None
    return _Fields(doc.data, doc, rel, problems)


# ---------------------------------------------------------------------------------------------
# agency.yml and guide.md


def _read_agency(root: Path, problems: Problems) -> Agency:
    rel = AGENCY_FILE
    empty = Agency("", "", "", "", "", "", "", "", "")
    if not (root / rel).is_file():
        problems.error(rel, 0, "", "file missing",
                       "create content/agency.yml with the agency's name, code, address and contacts")
        return empty
    fields = _mapping_document(_read_published_yaml(root, rel, problems), rel, problems,
                               "agency.yml")
    if fields is None:
        return empty
    fields.unknown_keys(AGENCY_KEYS)
    for key, label in GUIDE_AGENCY_FIELDS.items():
        if not fields.has(key):
            fields.error(key, f"missing: the 政府信息公开指南 must give the {label} (条例第十二条)",
                         f"add '{key}: …' to agency.yml")
    if not fields.has("email") and not fields.has("website"):
        fields.error("email", "missing: the 指南 must give an 互联网联系方式 (条例第十二条)",
                     "add 'email: …' or 'website: …' to agency.yml")
    code = fields.text("code", required=True, what="统一社会信用代码")
    if code and not identifiers.is_valid_uscc(code):
        fields.error("code", f"'{code}' is not a valid 统一社会信用代码 (18 characters, check digit)",
                     "copy the code exactly from the agency's registration certificate")
    name = fields.text("name")
    if code == SAMPLE_AGENCY_CODE and name and not is_sample_agency(name):
        fields.warning("code", f"'{code}' is the sample agency's 统一社会信用代码, not {name}'s (it "
                       "begins every default 索引号)",
                       "copy the code from the agency's registration certificate, before the "
                       "first publication: 索引号 never change once published")
    window = None
    window_fields = fields.mapping("application_window")
    if window_fields is not None:
        window_fields.unknown_keys(("address", "hours", "phone"))
        window = ApplicationWindow(window_fields.text("address"), window_fields.text("hours"),
                                   window_fields.text("phone"))
    leaders = tuple(
        Leader(sub.text("name", True), sub.text("title"), sub.text("duties"))
        for _, _, sub in fields.items("leaders") if sub is not None
    )
    departments = tuple(
        Department(sub.text("name", True), sub.text("duties"), sub.text("phone"))
        for _, _, sub in fields.items("departments") if sub is not None
    )
    affiliates = tuple(
        Affiliate(sub.text("name", True), sub.text("address"), sub.text("phone"))
        for _, _, sub in fields.items("affiliates") if sub is not None
    )
    for key in ("leaders", "departments", "affiliates"):
        for index, item, sub in fields.items(key):
            if sub is None:
                fields.error(f"{key}.{index}", f"'{item}' must be a mapping with a name",
                             "write '- name: …' and the other fields indented below it")
    return Agency(
        name=name,
        code=code,
        address=fields.text("address"),
        postcode=fields.text("postcode"),
        office_hours=fields.text("office_hours"),
        phone=fields.text("phone"),
        fax=fields.text("fax"),
        email=fields.text("email"),
        website=fields.text("website"),
        application_window=window,
        duties=fields.text_list("duties"),
        leaders=leaders,
        departments=departments,
        affiliates=affiliates,
    )


def _read_guide(root: Path, problems: Problems) -> Guide | None:
    rel = GUIDE_FILE
    if not (root / rel).is_file():
        problems.error(rel, 0, "", "file missing: every agency must publish a 政府信息公开指南 (条例第十二条)",
                       "create content/guide.md with the sections 分类与编排体系 and 获取方式")
        return None
    text = _read(root / rel)
    if text is None:
        problems.error(rel, 0, "", "not UTF-8 text", "save the file as UTF-8")
        return None
    source = split_front_matter(text, rel, problems)
    _scan_page(rel, source, problems)
    for element, words in GUIDE_SECTIONS.items():
        if not all(word in source.body for word in words):
            problems.error(rel, source.body_first_line, element,
                           f"the guide does not describe its {element} (条例第十二条)",
                           f"add a section headed '{element}' to guide.md")
    title = "政府信息公开指南"
    if source.meta and isinstance(source.meta.data, dict) and source.meta.data.get("title"):
        title = str(source.meta.data["title"])
    return Guide(rel, title, source.body, SourceLines(body_line=source.body_first_line))


# ---------------------------------------------------------------------------------------------
# catalogue entries


def _attachments(fields: _Fields, entry_rel: str, root: Path) -> tuple[Attachment, ...]:
    result: list[Attachment] = []
    if fields.data.get("attachments") is None:  # most entries: no path to work out
        return ()
    entry_dir = PurePosixPath(entry_rel).parent
    for index, item, sub in fields.items("attachments"):
        key = f"attachments.{index}"
        if sub is not None:
            sub.unknown_keys(("path", "title", "checked"))
            path_text, title = sub.text("path", required=True), sub.text("title")
            checked = sub.date("checked")
        elif isinstance(item, (str, int, float)):
            path_text, title, checked = str(item).strip(), "", None
        else:
            fields.error(key, "must be a file path or {path, title}",
                         "write '- file.pdf' or '- {path: file.pdf, title: 附件名称}'")
            continue
        if not path_text:
            continue
        rel = os.path.normpath(str(entry_dir / path_text)).replace(os.sep, "/")
        if rel.startswith("../") or rel == ".." or os.path.isabs(path_text):
            fields.error(key, f"'{path_text}' points outside the content folder",
                         "put the attachment in content/ next to the entry")
            continue
        if rel.lower().endswith((".yml", ".yaml", *MARKDOWN_SUFFIXES)):
            fields.error(key, f"'{path_text}' cannot be an attachment (YAML and Markdown are content)",
                         "attach a PDF, Word, Excel or image file")
            continue
        target = root / rel
        if not target.is_file():
            fields.error(key, f"attachment '{path_text}' not found (looked for content/{rel})",
                         "add the file next to the entry or correct the path")
            continue
        refused = attachment_problem(root, rel)
        if refused is not None:  # a symlink to a register or out of content/ (core/publish.py)
            fields.error(key, f"'{path_text}' {refused}",
                         "attach a real file: a copy of the document to publish")
            continue
        result.append(Attachment(rel, title or PurePosixPath(rel).name, target.stat().st_size,
                                 fields.line(key), checked))
    return tuple(result)


def _read_entry(root: Path, rel: str, settings: Settings, code: str, agency_name: str,
                index_pattern: re.Pattern[str], data: bytes | None,
                problems: Problems) -> CatalogueEntry | None:
    if data is None:
        text = _read(root / rel)
    else:
        try:
            text = decode_text(data)
        except UnicodeDecodeError:
            text = None
    if text is None:
        problems.error(rel, 0, "", "not UTF-8 text", "save the file as UTF-8")
        return None
    before = len(problems.errors)
    source = split_front_matter(text, rel, problems)
    if source.meta is None:
        if len(problems.errors) == before and text.lstrip("\ufeff").startswith("---"):
            problems.error(rel, 1, "", "the front matter that starts here is never closed",
                           "add a line '---' after the last field, before the full text")
        elif len(problems.errors) == before:
            problems.error(rel, 1, "", "no front matter",
                           "start the file with '---', the fields (title, index_no, …) and '---'")
        return None
    fields = _mapping_document(source.meta, rel, problems, "front matter")
    if fields is None:
        return None
    fields.unknown_keys(ENTRY_KEYS, CHINESE_KEY_ALIASES)
    # fields.line(key) for each key (top-level keys have no parent to fall back to).
    lines = SourceLines(tuple((key, source.meta.lines[key]) for key in ENTRY_KEYS
                              if key in source.meta.lines),
                        source.meta.first_line, source.body_first_line)
    unstated = _unstated(fields)
    values = {key: fields.text(key, required=key not in unstated, what=ENTRY_KEYS[key])
              for key in ("title", "index_no", "category", "summary")}
    created = fields.date("created", required=True, what="成文日期")
    published = fields.date("published", required=True, what="公开日期")
    index_no = values["index_no"]
    if index_no and not index_pattern.fullmatch(index_no):
        fields.error("index_no", f"'{index_no}' does not match the pattern {settings.index_no_pattern}",
                     f"write it like {identifiers.describe_index_no_pattern(settings.index_no_pattern, code)}")
    category = values["category"]
    if category and settings.category(category) is None:
        names = [c.name for c in settings.categories]
        near = zh.nearest(category, names)
        fields.error("category", f"unknown category '{category}'",
                     (f"did you mean '{near}'? " if near else "")
                     + "valid categories: " + "、".join(names))
    also_in = _also_in(fields, category, settings)
    if created and published and published < created:
        fields.error("published", f"公开日期 {published} is before 成文日期 {created}",
                     "a document cannot be published before it was written; check both dates")
    if published and published > settings.today:
        fields.error("published", f"公开日期 {published} is in the future (today is {settings.today})",
                     "publish the entry on or after that date, or correct the date")
    summary = values["summary"]
    if len(summary) > settings.summary_max_length:
        fields.warning("summary", f"内容概述 has {len(summary)} characters, more than "
                       f"{settings.summary_max_length}",
                       "shorten it to one or two sentences; the full text goes in the body")
    validity_text = fields.text("validity") or "有效"
    validity = validity_text if validity_text in VALIDITIES else "有效"
    if validity_text not in VALIDITIES:
        fields.error("validity", f"unknown 有效性 '{validity_text}'",
                     "use one of " + "、".join(VALIDITIES))
    abolished = fields.date("abolished")
    if validity in NOT_IN_FORCE and abolished is None and "abolished" not in fields.data:
        fields.error("validity", f"有效性 is {validity} but no abolished date is given",
                     "add 'abolished: YYYY-MM-DD' (the date it ceased to be in force)")
    if abolished and validity == "有效" and "validity" not in unstated:
        fields.warning("abolished", "an abolished date is given but 有效性 is 有效",
                       "set 'validity: 废止' or '失效', or remove the date")
    if abolished and created and abolished < created:
        fields.error("abolished", f"废止日期 {abolished} is before 成文日期 {created}",
                     "check both dates")
    valid_until = fields.date("valid_until")
    if valid_until and created and valid_until < created:
        fields.error("valid_until", f"有效期至 {valid_until} is before 成文日期 {created}",
                     "check both dates")
    elif (valid_until and valid_until < settings.today and validity == "有效"
          and "validity" not in unstated and abolished is None):
        fields.warning("valid_until", f"有效期至 {valid_until} has passed but 有效性 is 有效",
                       f"write 'validity: 失效' and 'abolished: {valid_until + dt.timedelta(days=1)}'")
    cleanup = _cleanup(fields, settings, (category, *also_in), validity, abolished, created)
    inferred = _inferred(fields, unstated)
    review = SecrecyReview("待审", "", None)
    review_fields = fields.mapping("review")
    if review_fields is None and "review" not in fields.data:
        fields.warning("review", "no 保密审查 record: the entry is not published",
                       "after the review add 'review: {result: 通过, by: 审查人, date: YYYY-MM-DD}'")
    if review_fields is not None:
        review_fields.unknown_keys(("result", "by", "date", "previously_published"))
        result = review_fields.text("result", required=True, what="审查结果")
        if result and result not in REVIEW_RESULTS:
            review_fields.error("result", f"unknown 保密审查 result '{result}'",
                                "use one of " + "、".join(REVIEW_RESULTS))
        review = SecrecyReview(
            result if result in REVIEW_RESULTS else "待审",
            review_fields.text("by"),
            review_fields.date("date"),
        )
        # A document the agency published before it moved in (an old CMS's catalogue) is reviewed
        # again for this site after its 公开日期; the import records that.
        previously_published = review_fields.data.get("previously_published", False)
        if not isinstance(previously_published, bool):
            review_fields.error("previously_published", f"'{previously_published}' is not true or "
                                "false", "write 'previously_published: true' or leave it out")
        if review.date and published and review.date > published and previously_published is not True:
            review_fields.error("date", f"保密审查 date {review.date} is after 公开日期 {published}",
                                "the review must come before publication (未经审核的信息不准上网); "
                                "check both dates, or add 'previously_published: true' to the "
                                "review of a document published before the move to this site")
    attachments = _attachments(fields, rel, root)
    privacy_allow = fields.text_list("privacy_allow")
    if len(problems.errors) > before or created is None or published is None:
        return None
    entry = CatalogueEntry(
        source=rel,
        title=values["title"],
        index_no=index_no,
        slug=identifiers.index_no_slug(index_no),
        category=category,
        created=created,
        published=published,
        summary=summary,
        issuer="" if "issuer" in unstated else fields.text("issuer") or agency_name,
        body=source.body,
        doc_no=fields.text("doc_no"),
        form=fields.text("form"),
        validity=validity,
        abolished=abolished,
        superseded_by=fields.text("superseded_by"),
        interprets=fields.text("interprets"),
        review=review,
        attachments=attachments,
        keywords=fields.text_list("keywords"),
        privacy_allow=privacy_allow,
        also_in=also_in,
        unstated=frozenset(unstated),
        inferred=inferred,
        valid_until=valid_until,
        cleanup=cleanup,
        lines=lines,
    )
    if entry.is_published:
        _scan_privacy(entry, fields, problems)
    return entry


def _unstated(fields: _Fields) -> tuple[str, ...]:
    """``unstated:``: known fields only, none of them also given a value."""
    unstated: list[str] = []
    for name in fields.text_list("unstated"):
        if name not in UNSTATABLE_FIELDS:
            near = zh.nearest(name, list(UNSTATABLE_FIELDS))
            fields.error("unstated", f"'{name}' cannot be unstated",
                         (f"did you mean '{near}'? " if near else "")
                         + "list only " + ", ".join(UNSTATABLE_FIELDS))
        elif fields.has(name):
            fields.error("unstated", f"lists '{name}', but {name} also has a value "
                         f"(line {fields.line(name)})",
                         f"remove '{name}' from unstated or remove its value")
        elif name not in unstated:
            unstated.append(name)
    return tuple(unstated)


def _also_in(fields: _Fields, category: str, settings: Settings) -> tuple[str, ...]:
    """``also_in:``: further configured categories, none of them the entry's own, none twice."""
    names = [c.name for c in settings.categories]
    also_in: list[str] = []
    for name in fields.text_list("also_in"):
        if settings.category(name) is None:
            near = zh.nearest(name, names)
            fields.error("also_in", f"unknown category '{name}'",
                         (f"did you mean '{near}'? " if near else "")
                         + "valid categories: " + "、".join(names))
        elif name == category:
            fields.error("also_in", f"'{name}' is already the entry's category",
                         "list only the other columns the entry belongs to")
        elif name in also_in:
            fields.error("also_in", f"'{name}' is listed twice", "list each column once")
        else:
            also_in.append(name)
    return tuple(also_in)


def _inferred(fields: _Fields, unstated: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """``inferred:``: a note (how the value was derived) for fields that have a value."""
    notes = fields.mapping("inferred")
    if notes is None:
        return ()
    inferred: list[tuple[str, str]] = []
    for key in notes.data:
        name = str(key)
        note = notes.text(name)
        if name not in INFERABLE_FIELDS:
            near = zh.nearest(name, list(INFERABLE_FIELDS))
            notes.error(name, "this field cannot be marked as inferred",
                        (f"did you mean '{near}'? " if near else "")
                        + "use one of " + ", ".join(INFERABLE_FIELDS))
        elif name in unstated or not fields.has(name):
            notes.error(name, f"{name} has no value to be inferred",
                        f"give '{name}: …' a value, or remove it from inferred")
        elif not note:
            notes.error(name, "says nothing about how the value was derived",
                        f"write e.g. '{name}: 按公开日期推定'")
        else:
            inferred.append((name, note))
    return tuple(inferred)


def _cleanup(fields: _Fields, settings: Settings, categories: tuple[str, ...], validity: str,
             abolished: dt.date | None, created: dt.date | None) -> Cleanup | None:
    """``cleanup: {decision, date}``: the 清理 decision about a 规章 or 行政规范性文件."""
    sub = fields.mapping("cleanup")
    if sub is None:
        return None
    sub.unknown_keys(("decision", "date"))
    decision = sub.text("decision", required=True, what="清理结论")
    day = sub.date("date", required=True, what="清理日期")
    if decision and decision not in CLEANUP_DECISIONS:
        near = zh.nearest(decision, list(CLEANUP_DECISIONS))
        sub.error("decision", f"unknown 清理 decision '{decision}'",
                  (f"did you mean '{near}'? " if near else "") + "use one of " + "、".join(CLEANUP_DECISIONS))
    if day and day > settings.today:
        sub.error("date", f"清理 date {day} is in the future (today is {settings.today})",
                  "record the decision once it is taken")
    if day and created and day < created:
        sub.error("date", f"清理 date {day} is before 成文日期 {created}", "check both dates")
    if decision == "废止" and validity != "废止" and abolished is None:
        sub.error("decision", f"the 清理 decided 废止, but 有效性 is {validity}",
                  f"write 'validity: 废止' and 'abolished: {day or 'YYYY-MM-DD'}'")
    if not any(name in CLEANUP_CATEGORIES for name in categories):
        fields.warning("cleanup", "a 清理 decision is recorded for a document that is neither 规章 "
                       "nor 行政规范性文件", "remove it, or correct the category")
    if decision not in CLEANUP_DECISIONS or day is None:
        return None
    return Cleanup(decision, day)


def _scan_privacy(entry: CatalogueEntry, fields: _Fields, problems: Problems) -> None:
    allowed = privacy_scan.allowed_numbers(entry.privacy_allow)
    for hit in privacy.find_personal_data(entry.body):
        if not privacy_scan.is_allowed(hit, allowed):
            privacy_scan.report_hit(problems, entry.source, entry.lines.body_line + hit.line - 1,
                                    "全文", hit)
    texts: list[tuple[str, str]] = []
    for key in ENTRY_KEYS:
        if key in ("privacy_allow", "review"):
            continue
        value = fields.data.get(key)
        for text in value if isinstance(value, list) else [value]:
            if isinstance(text, dict):
                text = " ".join(str(v) for v in text.values())
            if text is not None:
                texts.append((key, str(text)))
    # One scan of all fields joined by blank lines finds every number a scan of each field finds
    # (a number broken by a line break joins two lines, never across an empty one); most entries
    # have none, and the fields are scanned one by one only to name the field of a hit.
    if privacy.find_personal_data("\n\n".join(text for _, text in texts)):
        for key, text in texts:
            for hit in privacy.find_personal_data(text):
                if not privacy_scan.is_allowed(hit, allowed):
                    privacy_scan.report_hit(problems, entry.source, fields.line(key), key, hit)


def _check_links(entries: list[CatalogueEntry], problems: Problems) -> None:
    def line(entry: CatalogueEntry, key: str) -> int:
        return entry.lines.line(key)

    by_index: dict[str, CatalogueEntry] = {}
    by_slug: dict[str, CatalogueEntry] = {}
    for entry in entries:
        other = by_index.get(entry.index_no)
        if other is not None:
            problems.error(entry.source, line(entry, "index_no"), "index_no",
                           f"索引号 '{entry.index_no}' is already used by "
                           f"{other.source}:{line(other, 'index_no')}",
                           "every entry needs its own permanent 索引号; give this one the next free number")
            continue
        by_index[entry.index_no] = entry
        clash = by_slug.get(entry.slug)
        if clash is not None:
            problems.error(entry.source, line(entry, "index_no"), "index_no",
                           f"索引号 '{entry.index_no}' gives the same URL as '{clash.index_no}' "
                           f"({clash.source})", "make the 索引号 differ in letters or digits")
        by_slug[entry.slug] = entry
    for entry in entries:
        for key, target in (("superseded_by", entry.superseded_by), ("interprets", entry.interprets)):
            if not target:
                continue
            if target == entry.index_no:
                what = "replaced by" if key == "superseded_by" else "an interpretation of"
                problems.error(entry.source, line(entry, key), key,
                               f"names the entry's own 索引号 '{target}': a document cannot be {what} "
                               "itself", f"name another entry's 索引号 or remove '{key}'")
                continue
            found = by_index.get(target)
            if found is None:
                near = zh.nearest(target, list(by_index))
                problems.error(entry.source, line(entry, key), key, f"names 索引号 '{target}', which no entry has",
                               f"did you mean '{near}'?" if near else "use the 索引号 of an existing entry")
            elif entry.is_published and not found.is_published:
                problems.error(entry.source, line(entry, key), key,
                               f"names '{target}' ({found.source}), which has not passed 保密审查",
                               "link only to published entries, or complete that entry's review")
    _check_supersession_cycles(entries, by_index, problems, line)


def _check_supersession_cycles(entries: list[CatalogueEntry], by_index: dict[str, CatalogueEntry],
                               problems: Problems, line: Callable[[CatalogueEntry, str], int]) -> None:
    """Report each entry on a loop of ``superseded_by`` (A → B → A): no document of it is current.

    Each chain is followed once (entries already followed are skipped), so a catalogue of long
    chains costs one step per entry.
    """
    followed: set[str] = set()
    for start in entries:
        chain: list[CatalogueEntry] = []
        on_chain: dict[str, int] = {}
        current: CatalogueEntry | None = start
        while (current is not None and current.index_no not in followed
               and current.index_no not in on_chain):
            on_chain[current.index_no] = len(chain)
            chain.append(current)
            target = current.superseded_by
            current = by_index.get(target) if target and target != current.index_no else None
        if current is not None and current.index_no in on_chain:
            loop = chain[on_chain[current.index_no]:]
            names = " → ".join(e.index_no for e in [*loop, loop[0]])
            for entry in loop:
                problems.error(entry.source, line(entry, "superseded_by"), "superseded_by",
                               f"replacements go round in a circle ({names}): none of these "
                               "documents would be the current one",
                               "remove 'superseded_by' from the entry that is in force")
        followed.update(on_chain)


# ---------------------------------------------------------------------------------------------
# registers, budgets, narratives


def _read_register(root: Path, rel: str, year: int, problems: Problems,
                   seen_ids: dict[str, str]) -> Register | None:
    fields = _mapping_document(_read_yaml_file(root, rel, problems), rel, problems, "a register")
    if fields is None:
        return None
    fields.unknown_keys(REGISTER_KEYS)
    applications: list[ApplicationRecord] = []
    for index, item, sub in fields.items("applications"):
        if sub is None:
            fields.error(f"applications.{index}", f"'{item}' must be a mapping",
                         "write '- id: …' with the fields indented below it")
            continue
        record = _read_application(sub, year, rel, seen_ids)
        if record is not None:
            applications.append(record)
    reviews: list[ReviewCase] = []
    for index, item, sub in fields.items("reviews"):
        if sub is None:
            fields.error(f"reviews.{index}", f"'{item}' must be a mapping",
                         "write '- kind: 行政复议' with result and concluded below it")
            continue
        sub.unknown_keys(REVIEW_CASE_KEYS)
        kind, result = sub.text("kind", True, "类型"), sub.text("result", True, "结果")
        if kind and kind not in REVIEW_KINDS:
            sub.error("kind", f"unknown kind '{kind}'", "use one of " + "、".join(REVIEW_KINDS))
        if result and result not in REVIEW_CASE_RESULTS:
            sub.error("result", f"unknown result '{result}'",
                      "use one of " + "、".join(REVIEW_CASE_RESULTS))
        concluded = sub.date("concluded")
        if kind in REVIEW_KINDS and result in REVIEW_CASE_RESULTS:
            reviews.append(ReviewCase(kind, result, year, rel,
                                      sub.line("kind"), concluded))
    statistics: dict[str, Decimal] = {}
    stats = fields.mapping("statistics")
    if stats is not None:
        stats.unknown_keys(STATISTICS_KEYS)
        for key, value in stats.data.items():
            number = _decimal(value)
            if number is None or number < 0:
                stats.error(str(key), _not_amount(value) if number is None else f"'{value}' is negative",
                            "write a count or an amount, e.g. 12")
                continue
            if key not in MONEY_STATISTICS and number != number.to_integral_value():
                stats.error(str(key), f"'{value}' must be a whole count", "write a whole number")
                continue
            statistics[str(key)] = number
    return Register(year, rel, tuple(applications), tuple(reviews), statistics,
                    _read_regulation_counts(fields, year))


def _read_regulation_counts(fields: _Fields, year: int) -> dict[str, RegulationCounts]:
    """``regulations:`` of a register: {规章|行政规范性文件: {made, abolished, in_force}}."""
    kinds = fields.mapping("regulations")
    if kinds is None:
        return {}
    if year < FIRST_REGULATION_COUNTS_YEAR:
        fields.warning("regulations", f"not used: the {year} report follows the 2019 trial format, "
                       "whose table 二（一） has other columns (本年新制作数量, 本年新公开数量, 对外公开总数量)",
                       f"delete 'regulations:' — hand-entered figures are for reports on "
                       f"{FIRST_REGULATION_COUNTS_YEAR} and later")
        return {}
    kinds.unknown_keys(REGULATION_KINDS)
    counts: dict[str, RegulationCounts] = {}
    for kind in REGULATION_KINDS:
        if kind not in kinds.data:
            continue
        figures = kinds.mapping(kind)
        if figures is None:
            continue
        figures.unknown_keys(tuple(REGULATION_COUNT_KEYS))
        values: dict[str, int] = {}
        for key, label in REGULATION_COUNT_KEYS.items():
            value = figures.data.get(key)
            if value is None:
                fields.problems.error(fields.source, kinds.line(kind), f"regulations.{kind}.{key}",
                                      f"missing ({label})",
                                      f"give all three figures: '{kind}: {{made: 0, abolished: 0, "
                                      "in_force: 0}'")
            elif isinstance(value, bool) or not isinstance(value, int) or value < 0:
                figures.error(key, f"'{value}' is not a count ({label})",
                              "write a whole number of documents, 0 or more, e.g. 3")
            else:
                values[key] = value
        if len(values) == len(REGULATION_COUNT_KEYS):
            counts[kind] = RegulationCounts(**values)
    return counts


def _read_application(sub: _Fields, year: int, rel: str,
                      seen_ids: dict[str, str]) -> ApplicationRecord | None:
    problems = sub.problems
    before = len(problems.errors)
    sub.unknown_keys(APPLICATION_KEYS)
    record_id = sub.text("id", True, "编号")
    if record_id in seen_ids:
        sub.error("id", f"application id '{record_id}' is already used in {seen_ids[record_id]}",
                  "give every application its own id")
    elif record_id:
        seen_ids[record_id] = rel
    received = sub.date("received", True, "收到日期")
    if received and received.year != year:
        sub.error("received", f"received {received} belongs in registers/{received.year}.yml",
                  "keep each application in the file of the year it was received")
    applicant = sub.text("applicant", True, "申请人类型")
    if applicant and applicant not in APPLICANT_TYPES:
        near = zh.nearest(applicant, list(APPLICANT_TYPES))
        sub.error("applicant", f"unknown applicant type '{applicant}'",
                  (f"did you mean '{near}'? " if near else "") + "use one of " + "、".join(APPLICANT_TYPES))
    channel = sub.text("channel", True, "申请方式")
    if channel and channel not in CHANNELS:
        sub.error("channel", f"unknown channel '{channel}'", "use one of " + "、".join(CHANNELS))
    outcome_text = sub.text("outcome")
    outcome = parse_outcome(outcome_text) if outcome_text else None
    if outcome_text and outcome is None:
        sub.error("outcome", f"unknown outcome code '{outcome_text}'",
                  "use one of " + "、".join(valid_outcome_codes()))
    replied = sub.date("replied")
    if replied and received and replied < received:
        sub.error("replied", f"replied {replied} is before received {received}", "check both dates")
    if outcome_text and not sub.has("replied"):
        sub.error("replied", "an outcome is given but no reply date", "add 'replied: YYYY-MM-DD'")
    if sub.has("replied") and not outcome_text:
        sub.error("outcome", "a reply date is given but no outcome",
                  "add 'outcome: …' (e.g. 予以公开, 不予公开/3)")
    extended_value = sub.data.get("extended", False)
    if not isinstance(extended_value, bool):
        sub.error("extended", f"'{extended_value}' must be true or false", "write 'extended: true'")
    fee = _decimal(sub.data.get("fee", 0) if sub.data.get("fee") is not None else 0)
    if fee is None or fee < 0:
        fee_value = sub.data.get("fee")
        sub.error("fee", (_not_amount(fee_value) if fee is None else f"'{fee_value}' is negative")
                  + " (an amount in 元)", "write e.g. 'fee: 0'")
    if len(problems.errors) > before or received is None:
        return None
    return ApplicationRecord(
        id=record_id,
        received=received,
        applicant=applicant,  # type: ignore[arg-type]
        channel=channel,  # type: ignore[arg-type]
        source=rel,
        line=sub.line("id"),
        extended=bool(extended_value),
        outcome=outcome,
        replied=replied,
        fee=fee or Decimal(0),
    )


def _budget_rows(fields: _Fields, key: str, level: int, table: str,
                 out: list[BudgetRow]) -> Decimal:
    total = Decimal(0)
    for index, item, sub in fields.items(key):
        if sub is None:
            fields.error(f"{key}.{index}", f"'{item}' must be a mapping {{item, amount}}",
                         "write '- {item: 名称, amount: 12.34}'")
            continue
        sub.unknown_keys(("item", "amount", "items"))
        name = sub.text("item", True, "项目")
        amount = _decimal(sub.data.get("amount"))
        if amount is None:
            sub.error("amount", _not_amount(sub.data.get("amount")),
                      "write the amount as a number, e.g. 12.34")
            continue
        out.append(BudgetRow(name, amount, level))
        if "items" in sub.data:
            children = _budget_rows(sub, "items", level + 1, table, out)
            if children != amount:
                sub.error("amount",
                          f"table '{table}', row '{name}': {money(amount, grouping=False)} is not the sum "
                          f"of its items ({money(children, grouping=False)})",
                          "correct the total or the items so that they add up")
        total += amount
    return total


def _read_budget(root: Path, rel: str, year: int, kind: str, problems: Problems) -> Budget | None:
    fields = _mapping_document(_read_published_yaml(root, rel, problems), rel, problems, "a budget")
    if fields is None:
        return None
    before = len(problems.errors)
    fields.unknown_keys(BUDGET_KEYS)
    if fields.has("year") and fields.text("year") != str(year):
        fields.error("year", f"year {fields.text('year')} does not match the file name ({year})",
                     "rename the file or correct the year")
    if fields.has("kind") and fields.text("kind") != kind:
        fields.error("kind", f"kind {fields.text('kind')} does not match the file name ({kind})",
                     "rename the file or correct the kind")
    approved = fields.date("approved", True, "批复日期")
    published = fields.date("published", True, "公开日期")
    tables: list[BudgetTable] = []
    for index, _item, sub in fields.items("tables"):
        if sub is None:
            fields.error(f"tables.{index}", "must be a mapping {name, rows}", "write '- name: 收支总表'")
            continue
        sub.unknown_keys(("name", "rows"))
        name = sub.text("name", True, "表名")
        rows: list[BudgetRow] = []
        _budget_rows(sub, "rows", 0, name, rows)
        tables.append(BudgetTable(name, tuple(rows)))
    attachments = _attachments(fields, rel, root)
    if len(problems.errors) > before or approved is None or published is None:
        return None
    return Budget(year, kind, approved, published, rel,  # type: ignore[arg-type]
                  fields.text("unit") or "万元", tuple(tables), fields.text("notes"), attachments,
                  fields.line("published"), fields.text_list("privacy_allow"))


def _read_narrative(root: Path, rel: str, year: int, problems: Problems) -> ReportNarrative | None:
    from .report import parse_narrative

    text = _read(root / rel)
    if text is None:
        problems.error(rel, 0, "", "not UTF-8 text", "save the file as UTF-8")
        return None
    source = split_front_matter(text, rel, problems)
    _scan_page(rel, source, problems)
    return parse_narrative(source.body, year, rel)


# ---------------------------------------------------------------------------------------------


def _walk(root: Path) -> list[str]:
    found: list[str] = []
    for directory, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        # The folder relative to root, once per folder (relpath per file is slow at 10,000 files).
        prefix = os.path.relpath(directory, root).replace(os.sep, "/")
        prefix = "" if prefix == "." else prefix + "/"
        found += [prefix + name for name in sorted(filenames) if not name.startswith(".")]
    return found


def _is_entry_file(rel: str) -> bool:
    # Any name MkDocs reads as Markdown (d.MD, d.markdown): none may be silently left out.
    return rel.startswith(CATALOGUE_DIR + "/") and is_markdown(rel)


def _is_page(rel: str) -> bool:
    """A Markdown page MkDocs publishes as it is (index.md, extra pages; not guide.md, entries or
    narratives, which have their own readers)."""
    top = rel.partition("/")[0]
    return (is_markdown(rel) and rel != GUIDE_FILE
            and top not in (CATALOGUE_DIR, REPORTS_DIR, REGISTERS_DIR))


def _published_files(files: list[str], entries: list[CatalogueEntry],
                     budgets: list[Budget]) -> list[privacy_scan.PublishedFile]:
    """Every file published as it is whose text can be read: the attachments of published
    entries and budgets, and documents in content/ outside the catalogue, budgets and registers
    (images there are pictures of a page, not documents, and are not read)."""
    found: dict[str, privacy_scan.PublishedFile] = {}
    owners: list[CatalogueEntry | Budget] = [*entries, *budgets]
    for owner in owners:
        allowed = privacy_scan.allowed_numbers(owner.privacy_allow)
        for attachment in owner.attachments:
            # An attachment two owners share is scanned once, for the first (newest) of them.
            found.setdefault(attachment.path, privacy_scan.PublishedFile(
                attachment.path, owner.source, attachment, allowed))
    for rel in files:
        top = rel.partition("/")[0]
        if (top in (CATALOGUE_DIR, BUDGETS_DIR, REGISTERS_DIR) or is_content_data(rel)
                or is_markdown(rel) or rel.lower().endswith(IMAGE_SUFFIXES)
                or not rel.lower().endswith(READABLE_SUFFIXES)):
            continue
        found.setdefault(rel, privacy_scan.PublishedFile(rel, rel))
    return list(found.values())


def read_site(content_dir: str | Path, settings: Settings,
              on_file: Callable[[str], None] | None = None,
              workers: int | None = None) -> tuple[Site, Problems]:
    """Read, validate and model the content folder.

    Returns the site and every problem found; the caller decides how to report them and must
    call :meth:`Problems.raise_if_errors` before rendering.  Catalogue entries are read in
    ``workers`` processes (default: one per core, see :mod:`gongkai.core.parallel`); the result
    does not depend on how many.
    """
    root = Path(content_dir)
    problems = Problems()
    agency = _read_agency(root, problems)
    guide = _read_guide(root, problems)
    index_pattern = identifiers.index_no_regex(settings.index_no_pattern, agency.code or "")
    context = (settings, agency.code, agency.name)

    def reader(rel: str) -> ReadEntry:
        return lambda data, own: _read_entry(
            root, rel, settings, agency.code, agency.name, index_pattern, data, own)

    problems.extend(link_problems(root))
    files = _walk(root)
    entry_files = [rel for rel in files if _is_entry_file(rel)]
    resolved = {
        rel: outcome
        for outcomes in fork_map(
            lambda part: list(zip(part, ENTRY_CACHE.resolve_many(root, part, context, reader),
                                  strict=True)),
            entry_files, workers)
        for rel, outcome in outcomes
    }
    entries: list[CatalogueEntry] = []
    registers: dict[int, Register] = {}
    budgets: list[Budget] = []
    narratives: dict[int, ReportNarrative] = {}
    calendar = CalendarAdditions()
    laws: tuple[Law, ...] = ()
    seen_ids: dict[str, str] = {}
    pages: list[MarkdownPage] = []
    for rel in files:
        if on_file is not None:
            on_file(rel)
        parts = PurePosixPath(rel).parts
        name = parts[-1]
        if _is_entry_file(rel):
            entry = ENTRY_CACHE.apply(root, rel, resolved[rel], problems)
            if entry is not None:
                entries.append(entry)
        elif parts[0] == REGISTERS_DIR and len(parts) == 2:
            match = _REGISTER_NAME.match(name)
            if not match:
                problems.error(rel, 0, "", "a register file must be named <year>.yml",
                               "rename it, e.g. registers/2024.yml")
                continue
            register = _read_register(root, rel, int(match.group(1)), problems, seen_ids)
            if register is not None:
                registers[register.year] = register
        elif parts[0] == BUDGETS_DIR and name.endswith((".yml", ".yaml")):
            match = _BUDGET_NAME.match(name)
            if not match:
                problems.error(rel, 0, "", "a budget file must be named <year>-预算.yml or <year>-决算.yml",
                               "rename it, e.g. budgets/2024-预算.yml")
                continue
            budget = _read_budget(root, rel, int(match.group(1)), match.group(2), problems)
            if budget is not None:
                budgets.append(budget)
        elif parts[0] == REPORTS_DIR and name.endswith(".md"):
            match = _REPORT_NAME.match(name)
            if not match:
                problems.error(rel, 0, "", "a report narrative must be named <year>.md",
                               "rename it, e.g. reports/2024.md")
                continue
            narrative = _read_narrative(root, rel, int(match.group(1)), problems)
            if narrative is not None:
                narratives[narrative.year] = narrative
        elif _is_page(rel):
            text = _read(root / rel)
            if text is None:
                problems.error(rel, 0, "", "not UTF-8 text", "save the file as UTF-8")
            else:
                page = split_front_matter(text, rel, problems)
                _scan_page(rel, page, problems)
                pages.append(MarkdownPage(rel, page.body, SourceLines(body_line=page.body_first_line)))
        elif rel == CALENDAR_FILE:
            doc = _read_yaml_file(root, rel, problems)
            if doc is not None:
                calendar = load_calendar_additions(doc.data, rel, problems, lines=doc.line)
        elif rel == LAWS_FILE:
            doc = _read_published_yaml(root, rel, problems)
            if doc is not None:
                laws = read_laws(doc.data, rel, problems, lines=doc.line)
        elif (name.endswith(".md") and rel != GUIDE_FILE
              and parts[0] not in (REGISTERS_DIR, BUDGETS_DIR, REPORTS_DIR)):
            # Other pages (index.md, about.md…) are rendered by MkDocs; what no page may hold
            # is found here, before anything is written.
            page_text = _read(root / rel)
            if page_text is not None:
                check_control_characters(page_text, rel, 1, problems)
    _check_links(entries, problems)
    published = [e for e in entries if e.is_published]
    published_files = _published_files(files, published, budgets)
    attachment_texts = privacy_scan.scan_files(root, published_files, problems,
                                               settings.text_cache, workers)
    withheld = [e for e in entries if not e.is_published]
    for entry in withheld:
        problems.info(entry.source, entry.lines.line("review"), "review",
                      f"not published: 保密审查 is '{entry.review.result}' ({entry.index_no} {entry.title})",
                      "it appears nowhere on the site until the review result is 通过")
    published.sort(key=lambda e: (e.published, e.index_no), reverse=True)
    site = Site(
        agency=agency,
        guide=guide,
        categories=settings.categories,
        entries=tuple(published),
        withheld=tuple(withheld),
        registers=registers,
        budgets=tuple(sorted(budgets, key=lambda b: (b.year, b.kind))),
        narratives=narratives,
        calendar=calendar,
        laws=laws,
        attachment_texts=attachment_texts,
        pages=tuple(pages),
    )
    return site, problems
