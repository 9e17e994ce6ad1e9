"""The content model v1: typed records for everything an agency keeps in ``content/``.

Records are built by :mod:`gongkai.core.load` after validation, so every value here is already
checked: dates are real dates, categories exist, outcome codes are known.  Nothing in this module
reads files or knows about MkDocs.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal
from urllib.parse import quote

Validity = Literal["有效", "失效", "废止", "已修改"]
VALIDITIES: tuple[Validity, ...] = ("有效", "失效", "废止", "已修改")
NOT_IN_FORCE: tuple[Validity, ...] = ("失效", "废止")

ReviewResult = Literal["通过", "不通过", "待审"]
REVIEW_RESULTS: tuple[ReviewResult, ...] = ("通过", "不通过", "待审")

ApplicantType = Literal["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
APPLICANT_TYPES: tuple[ApplicantType, ...] = (
    "自然人",
    "商业企业",
    "科研机构",
    "社会公益组织",
    "法律服务机构",
    "其他",
)

Channel = Literal["网上", "信函", "当面", "传真", "电子邮件"]
CHANNELS: tuple[Channel, ...] = ("网上", "信函", "当面", "传真", "电子邮件")

ReviewKind = Literal["行政复议", "直接起诉", "复议后起诉"]
REVIEW_KINDS: tuple[ReviewKind, ...] = ("行政复议", "直接起诉", "复议后起诉")

ReviewCaseResult = Literal["维持", "纠正", "其他", "未审结"]
REVIEW_CASE_RESULTS: tuple[ReviewCaseResult, ...] = ("维持", "纠正", "其他", "未审结")

BudgetKind = Literal["预算", "决算"]

CleanupDecision = Literal["保留", "修改", "废止"]
CLEANUP_DECISIONS: tuple[CleanupDecision, ...] = ("保留", "修改", "废止")
# Fields an entry may leave visibly unstated (``unstated:``) and fields whose value may be marked
# as derived rather than read from the source (``inferred:``).
UNSTATABLE_FIELDS: tuple[str, ...] = ("issuer", "validity", "summary", "doc_no")
INFERABLE_FIELDS: tuple[str, ...] = ("index_no", "created", "published", "issuer", "validity", "doc_no", "category")


@dataclass(frozen=True)
class Category:
    """A column of the catalogue (主题分类), optionally tied to an item of 条例第二十条."""

    name: str
    slug: str
    article_item: int | None = None
    description: str = ""


@dataclass(frozen=True)
class Attachment:
    """A file published with an entry; ``path`` is relative to the content folder (POSIX)."""

    path: str
    title: str
    size: int
    line: int = 0  # where the owner's file names it
    # The reviewer checked it by hand for personal data (a file whose text cannot be read).
    checked: dt.date | None = None

    @property
    def url(self) -> str:
        """``path`` as a link: the characters that end or break a URL path percent-encoded (a
        real 3#地块.pdf is not a link to '3' with a fragment), Chinese kept as it is."""
        return re.sub(r'[\s#?%"<>\\^`{|}]', lambda char: quote(char[0]), self.path)


@dataclass(frozen=True)
class SecrecyReview:
    """保密审查 record; ``by`` is internal and never rendered."""

    result: ReviewResult
    by: str
    date: dt.date | None


@dataclass(frozen=True)
class Cleanup:
    """The recorded 清理 decision about a 规章 or 行政规范性文件 and the day it was taken."""

    decision: CleanupDecision
    date: dt.date


@dataclass(frozen=True)
class SourceLines:
    """Where a record's values came from in its file: the line of each front-matter key and the
    line its body starts on, so messages about it need not read the file again."""

    keys: tuple[tuple[str, int], ...] = ()  # (key, line), for the keys the file writes
    first_line: int = 1  # of the front matter: the line of a key the file does not write
    body_line: int = 1

    def line(self, key: str) -> int:
        """The line of ``key`` (a key the file does not write: the front matter's first line)."""
        return next((line for name, line in self.keys if name == key), self.first_line)

    def in_body(self, body: str, text: str) -> int:
        """The line of the body ``body`` (of this file) on which ``text`` first appears, or 0."""
        for number, line in enumerate(body.splitlines(), start=self.body_line):
            if text in line:
                return number
        return 0


@dataclass(frozen=True)
class CatalogueEntry:
    """One document of the 政府信息公开目录 (one Markdown file)."""

    source: str  # path relative to the content folder, POSIX
    title: str
    index_no: str
    slug: str  # URL segment derived from index_no; permanent
    category: str
    created: dt.date
    published: dt.date
    summary: str
    issuer: str
    body: str  # Markdown full text without front matter
    doc_no: str = ""
    form: str = ""
    validity: Validity = "有效"
    abolished: dt.date | None = None
    superseded_by: str = ""
    interprets: str = ""
    review: SecrecyReview = SecrecyReview("通过", "", None)
    attachments: tuple[Attachment, ...] = ()
    keywords: tuple[str, ...] = ()
    privacy_allow: tuple[str, ...] = ()
    also_in: tuple[str, ...] = ()  # further columns the entry is listed under (one page, one URL)
    # Fields the source did not state: shown as 未注明; their value here is empty, or 有效 for
    # validity (an unstated 有效性 counts as in force, and 法规文件 marks it 有效性未注明).
    unstated: frozenset[str] = frozenset()
    inferred: tuple[tuple[str, str], ...] = ()  # (field, how the value was derived), in file order
    valid_until: dt.date | None = None  # 有效期至 stated by the document: its last day in force
    cleanup: Cleanup | None = None
    lines: SourceLines = SourceLines()

    @property
    def is_published(self) -> bool:
        """Only entries that passed 保密审查 reach any output."""
        return self.review.result == "通过"

    @property
    def categories(self) -> tuple[str, ...]:
        """Every column the entry is listed under: its category first, then ``also_in``."""
        return (self.category, *self.also_in)

    @property
    def validity_stated(self) -> bool:
        """False when the source gave no 有效性 (``unstated: [validity]``)."""
        return "validity" not in self.unstated

    def inferred_note(self, name: str) -> str:
        """How the value of field ``name`` was derived, or "" when it was read from the source."""
        return next((note for key, note in self.inferred if key == name), "")

    @property
    def ceased(self) -> dt.date | None:
        """The first day the document is no longer in force by a date it carries: its abolished
        date, or the day after its 有效期至, whichever comes first."""
        after = self.valid_until + dt.timedelta(days=1) if self.valid_until is not None else None
        days = [day for day in (self.abolished, after) if day is not None]
        return min(days) if days else None

    def in_force_on(self, day: dt.date) -> bool:
        """Whether the document was current on ``day``: written, not abolished, not past 有效期至."""
        if self.created > day:
            return False
        ceased = self.ceased
        if ceased is not None and ceased <= day:
            return False
        return not (self.validity in NOT_IN_FORCE and self.abolished is None)


@dataclass(frozen=True)
class ApplicationWindow:
    """依申请公开受理窗口."""

    address: str
    hours: str
    phone: str


@dataclass(frozen=True)
class Leader:
    name: str
    title: str
    duties: str


@dataclass(frozen=True)
class Department:
    name: str
    duties: str
    phone: str


@dataclass(frozen=True)
class Affiliate:
    name: str
    address: str
    phone: str


@dataclass(frozen=True)
class Agency:
    """机构信息 from ``agency.yml``: the single source for guide, 机构职能, footer and report."""

    name: str
    code: str
    address: str
    postcode: str
    office_hours: str
    phone: str
    fax: str
    email: str
    website: str
    application_window: ApplicationWindow | None = None
    duties: tuple[str, ...] = ()
    leaders: tuple[Leader, ...] = ()
    departments: tuple[Department, ...] = ()
    affiliates: tuple[Affiliate, ...] = ()


@dataclass(frozen=True)
class Outcome:
    """办理结果 of an application: a group of table B and, for the itemised groups, the item number."""

    group: str  # 予以公开 部分公开 不予公开 无法提供 不予处理 其他处理
    item: int | None = None


@dataclass(frozen=True)
class ApplicationRecord:
    """One 依申请公开 application. Personal fields (name, contact, request) are never kept."""

    id: str
    received: dt.date
    applicant: ApplicantType
    channel: Channel
    source: str
    line: int
    extended: bool = False
    outcome: Outcome | None = None
    replied: dt.date | None = None
    fee: Decimal = Decimal(0)

    @property
    def is_open(self) -> bool:
        return self.replied is None


@dataclass(frozen=True)
class ReviewCase:
    """A 行政复议 or 行政诉讼 about disclosure, counted in the year it was filed."""

    kind: ReviewKind
    result: ReviewCaseResult
    year: int
    source: str
    line: int
    concluded: dt.date | None = None


@dataclass(frozen=True)
class RegulationCounts:
    """Hand-entered figures of report table 二（一） for one kind of regulation in one year."""

    made: int  # 本年制发件数
    abolished: int  # 本年废止件数
    in_force: int  # 现行有效件数


@dataclass(frozen=True)
class Register:
    """``registers/<year>.yml``: report inputs that are never published."""

    year: int
    source: str
    applications: tuple[ApplicationRecord, ...] = ()
    reviews: tuple[ReviewCase, ...] = ()
    statistics: dict[str, Decimal] = field(default_factory=dict)
    # 规章 / 行政规范性文件 → figures that replace the catalogue's counts in table 二（一）.
    regulations: dict[str, RegulationCounts] = field(default_factory=dict)


@dataclass(frozen=True)
class BudgetRow:
    item: str
    amount: Decimal
    level: int = 0  # 0 = total line, 1 = item, 2 = sub-item


@dataclass(frozen=True)
class BudgetTable:
    name: str
    rows: tuple[BudgetRow, ...]


@dataclass(frozen=True)
class Budget:
    """``budgets/<year>-<预算|决算>.yml``."""

    year: int
    kind: BudgetKind
    approved: dt.date
    published: dt.date
    source: str
    unit: str = "万元"
    tables: tuple[BudgetTable, ...] = ()
    notes: str = ""
    attachments: tuple[Attachment, ...] = ()
    published_line: int = 0  # where ``published`` is written, for the deadline report
    privacy_allow: tuple[str, ...] = ()  # numbers that look personal but are meant to be public


@dataclass(frozen=True)
class Law:
    """A 法律法规 the agency applies, listed on 法规文件 as a link to its official text elsewhere."""

    title: str
    url: str
    issuer: str = ""
    effective: dt.date | None = None  # 施行日期 (of the version in force)


@dataclass(frozen=True)
class Guide:
    """``guide.md``: the agency's own text of the 政府信息公开指南."""

    source: str
    title: str
    body: str
    lines: SourceLines = SourceLines()


@dataclass(frozen=True)
class MarkdownPage:
    """Another Markdown page of ``content/`` the engine publishes as it is (``index.md``, …)."""

    source: str
    body: str  # without front matter
    lines: SourceLines = SourceLines()


@dataclass(frozen=True)
class ReportNarrative:
    """``reports/<year>.md``: sections 一、五、六 written by the agency (Markdown)."""

    year: int
    source: str
    overview: str = ""
    problems: str = ""
    other: str = ""


@dataclass(frozen=True)
class CalendarAdditions:
    """``calendar.yml``: official holidays and 调休 working days for years the library lacks."""

    holidays: frozenset[dt.date] = frozenset()
    workdays: frozenset[dt.date] = frozenset()
    years: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Site:
    """The whole validated content of one agency site."""

    agency: Agency
    guide: Guide | None
    categories: tuple[Category, ...]
    entries: tuple[CatalogueEntry, ...]  # published (保密审查 通过) only
    withheld: tuple[CatalogueEntry, ...]  # everything else; never rendered
    registers: dict[int, Register]
    budgets: tuple[Budget, ...] = ()
    narratives: dict[int, ReportNarrative] = field(default_factory=dict)
    calendar: CalendarAdditions = CalendarAdditions()
    laws: tuple[Law, ...] = ()
    # The text of every file published as it is (attachments, documents), by path: search reads it.
    attachment_texts: dict[str, str] = field(default_factory=dict)
    pages: tuple[MarkdownPage, ...] = ()

    def markdown_sources(self) -> dict[str, tuple[str, SourceLines]]:
        """The body and its lines of each Markdown file the model holds (entries, withheld ones
        too, the guide, other pages), by source: where a message about a page finds its line."""
        found: dict[str, tuple[str, SourceLines]] = {
            e.source: (e.body, e.lines) for e in (*self.entries, *self.withheld)}
        if self.guide is not None:
            found[self.guide.source] = (self.guide.body, self.guide.lines)
        found.update((page.source, (page.body, page.lines)) for page in self.pages)
        return found
