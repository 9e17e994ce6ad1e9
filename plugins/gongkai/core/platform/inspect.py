"""The inspection view of the 政务公开办: every agency's findings, computed from its output.

Per agency: 空白栏目 (a column with no entry), stale columns (nothing new for longer than the
platform's limit), the annual report of the year just ended missing after its deadline
(条例第四十九条: 31 January for departments, 31 March for the 本级政府) — 逾期 — or a gap in the
series of earlier reports — 缺失 — and broken links of its published pages.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .config import PlatformConfig
from .published import Published

EMPTY = "空白栏目"
STALE = "栏目更新不及时"
OVERDUE = "年报逾期未公开"
MISSING = "年报缺失"
BROKEN = "链接失效"
UNREADABLE = "未能读取发布内容"
KINDS = (UNREADABLE, EMPTY, STALE, OVERDUE, MISSING, BROKEN)


@dataclass(frozen=True)
class Column:
    """One column of an agency: how many entries and the newest 公开日期."""

    name: str
    count: int
    newest: dt.date | None
    limit: int  # days it may go without a new entry
    idle: int | None  # days since the newest entry

    @property
    def stale(self) -> bool:
        return self.idle is not None and self.idle > self.limit


@dataclass(frozen=True)
class Finding:
    """One inspection finding: its kind, what it is about and the detail."""

    kind: str
    subject: str
    detail: str


@dataclass
class AgencyStatus:
    """An agency as the platform shows it: columns, reports and findings."""

    published: Published
    columns: list[Column] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    report_due: tuple[int, dt.date] = (0, dt.date.min)  # the year asked for and its deadline

    @property
    def newest(self) -> dt.date | None:
        dates = [c.newest for c in self.columns if c.newest]
        return max(dates) if dates else None

    def count(self, kind: str) -> int:
        return sum(f.kind == kind for f in self.findings)


def columns(published: Published, config: PlatformConfig) -> list[Column]:
    """Every column the agency publishes, in its own order, with count and freshness."""
    counts: dict[str, int] = dict.fromkeys(published.categories, 0)
    newest: dict[str, dt.date] = {}
    for entry in published.entries:
        for name in entry.categories:  # an entry also listed elsewhere (also_in) fills that column too
            counts[name] = counts.get(name, 0) + 1
            if name not in newest or entry.published > newest[name]:
                newest[name] = entry.published
    return [Column(name, count, newest.get(name), config.stale.get(name, config.stale_days),
                   (config.today - newest[name]).days if name in newest else None)
            for name, count in counts.items()]


def report_due(published: Published, today: dt.date) -> tuple[int, dt.date]:
    """The year whose report is asked for now and its deadline (条例第四十九条)."""
    year = today.year - 1
    month, day = published.agency.report_deadline
    return year, dt.date(year + 1, month, day)


def report_findings(published: Published, today: dt.date) -> list[Finding]:
    """逾期: the report of the year just ended is not published after its deadline; 缺失: a year
    before it (from the agency's first published report on; the year before the one due when it
    published none) has none."""
    year, deadline = report_due(published, today)
    years = sorted(published.reports)
    findings = []
    if today > deadline and year not in years:
        findings.append(Finding(OVERDUE, f"{year}年度报告",
                                f"应于{deadline.isoformat()}前公开（条例第四十九条），至"
                                f"{today.isoformat()}仍未公开"))
    first = years[0] if years else (year if today > deadline else year - 1)
    for missing in range(first, year):
        if missing not in years:
            findings.append(Finding(MISSING, f"{missing}年度报告",
                                    f"未公开{missing}年政府信息公开工作年度报告"))
    return findings


def inspect(published: Published, config: PlatformConfig) -> AgencyStatus:
    """Every finding about one agency, in the order they are shown."""
    status = AgencyStatus(published, columns(published, config),
                          report_due=report_due(published, config.today))
    status.findings += [Finding(UNREADABLE, p.field, str(p)) for p in published.problems
                        if p.severity == "error"]
    if any(f.kind == UNREADABLE for f in status.findings):
        return status
    status.findings += [Finding(EMPTY, c.name, "栏目无任何已公开信息（单项否决）")
                        for c in status.columns if c.count == 0]
    status.findings += [Finding(STALE, c.name,
                                f"最近公开于{c.newest.isoformat()}，已{c.idle}天未更新（要求{c.limit}天内）")
                        for c in status.columns if c.stale and c.newest]
    status.findings += report_findings(published, config.today)
    status.findings += [Finding(BROKEN, b.page, f"{b.link}：{b.reason}") for b in published.broken]
    return status
