"""Compile the annual report of one year from the catalogue and the registers.

Sources (issue 3): table 二 （一） from the lifecycle of 规章 / 行政规范性文件 entries, （五）（六）（八）
from ``registers/<year>.yml`` ``statistics``; table 三 from the application records of *all*
registers (an application is counted in the year it is answered, and is carried over while open);
table 四 from the review cases filed in the year.  Only counts leave this module: no application id,
applicant, contact or request text is part of a report.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal, localcontext

from ..model import APPLICANT_TYPES, ApplicationRecord, CatalogueEntry, Site
from ..settings import Settings
from .labels import (
    KEY_CARRIED_IN,
    KEY_CARRIED_OUT,
    KEY_NEW,
    KEY_OUTCOME_TOTAL,
    TABLE_C_KIND_LABELS,
    TABLE_C_KINDS,
    TABLE_C_RESULTS,
    ReportFormat,
    report_format,
    report_title,
    table_a_spec,
    table_b_spec,
)
from .narrative import with_defaults
from .tables import (
    AnnualReport,
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

_HUNDREDTH = Decimal("0.01")


def share_percent(part: int, total: int) -> Decimal:
    """``part`` as a percentage of ``total`` to two places, rounded half up (1/8 → 12.50).

    Statistical tables round half up, not half to even as Python's ``round`` does; a total of 0
    gives 0.00.
    """
    if total == 0:
        return Decimal("0.00")
    # A fixed precision, so that a caller's decimal context cannot change a published figure.
    with localcontext() as context:
        context.prec = 28
        return (Decimal(part) * 100 / Decimal(total)).quantize(_HUNDREDTH, rounding=ROUND_HALF_UP)


def proactive_summary(site: Site, year: int, settings: Settings) -> ProactiveSummary:
    """Entries published in ``year``: the total and, per category with entries, count and share.

    Categories come in the configured order; a category no longer configured comes last.
    """
    counts = Counter(e.category for e in site.entries if e.published.year == year)
    total = sum(counts.values())
    order = [c.name for c in settings.categories]
    names = [n for n in order if counts[n]] + sorted(n for n in counts if n not in order)
    return ProactiveSummary(
        total=total,
        categories=tuple(CategoryShare(n, counts[n], share_percent(counts[n], total)) for n in names),
    )


def _statistic(site: Site, year: int, key: str) -> Decimal:
    register = site.registers.get(year)
    if register is None:
        return Decimal(0)
    return register.statistics.get(key, Decimal(0))


def _count(value: Decimal) -> int:
    # The loader accepts only whole numbers for counts; amounts keep their places.
    return int(value)


def _regulations(site: Site, category: str) -> list[CatalogueEntry]:
    return [e for e in site.entries if e.category == category]


def _lifecycle_2021(entries: list[CatalogueEntry], year: int) -> tuple[Number, ...]:
    end = dt.date(year, 12, 31)
    made = sum(1 for e in entries if e.created.year == year)
    # When the document stopped being in force, whether 失效 or 废止 or by its own 有效期至.
    abolished = sum(1 for e in entries if e.ceased is not None and e.ceased.year == year)
    in_force = sum(1 for e in entries if e.in_force_on(end))
    return (made, abolished, in_force)


def _hand_entered(site: Site, year: int, category: str) -> tuple[Number, ...] | None:
    """The figures of ``registers/<year>.yml`` ``regulations`` for ``category``, if given."""
    register = site.registers.get(year)
    counts = register.regulations.get(category) if register is not None else None
    return None if counts is None else (counts.made, counts.abolished, counts.in_force)


def _lifecycle_2019(entries: list[CatalogueEntry], year: int) -> tuple[Number, ...]:
    end = dt.date(year, 12, 31)
    made = sum(1 for e in entries if e.created.year == year)
    published = sum(1 for e in entries if e.published.year == year)
    disclosed = sum(1 for e in entries if e.published <= end)
    return (made, published, disclosed)


def compile_table_a(site: Site, year: int, fmt: ReportFormat) -> ReportTableA:
    """Table 二 of ``year`` in ``fmt``.

    2021 format: every cell has a source; the （一） rows given by hand in the register's
    ``regulations`` replace the counts from the catalogue (which may not hold every document).  2019 trial format: 本年新制作数量 = entries created in the
    year, 本年新公开数量 = published in the year, 对外公开总数量 = published by 31 December (规范性文件
    are the entries of 行政规范性文件); 处理决定数量 and （九）项 come from the register statistics
    (其他对外管理服务事项, 政府集中采购项目数量, 政府集中采购总金额).  The cells 上一年项目数量 and
    本年增/减 of （五）（六）（八）项 count *items* of the agency's 权责清单, which the content model does
    not hold: they are printed as 0.
    """

    def stat(key: str) -> Decimal:
        return _statistic(site, year, key)

    blocks: list[TableABlock] = []
    for item, columns, labels in table_a_spec(fmt):
        rows: list[TableARow] = []
        for label in labels:
            values: tuple[Number, ...]
            if item == "第二十条第（一）项":
                category = "行政规范性文件" if label == "规范性文件" else label
                entries = _regulations(site, category)
                if fmt == "2021":
                    values = (_hand_entered(site, year, category)
                              or _lifecycle_2021(entries, year))
                else:
                    values = _lifecycle_2019(entries, year)
            elif fmt == "2021":
                amount = stat(label)
                values = (amount if label == "行政事业性收费" else _count(amount),)
            elif item == "第二十条第（九）项":
                values = (_count(stat("政府集中采购项目数量")), stat("政府集中采购总金额"))
            elif item == "第二十条第（八）项":
                values = (0, 0)
            else:
                values = (0, 0, _count(stat(label)))
            rows.append(TableARow(label, values))
        blocks.append(TableABlock(item, columns, tuple(rows)))
    return ReportTableA(fmt, tuple(blocks))


def _outcome_key(application: ApplicationRecord, fmt: ReportFormat) -> str | None:
    outcome = application.outcome
    if outcome is None:
        return None
    if outcome.item is None or (fmt == "2019" and outcome.group == "其他处理"):
        return outcome.group
    return f"{outcome.group}/{outcome.item}"


def all_applications(site: Site) -> list[ApplicationRecord]:
    """Every application record of every register, in register order."""
    return [a for year in sorted(site.registers) for a in site.registers[year].applications]


def compile_table_b(site: Site, year: int, fmt: ReportFormat) -> ReportTableB:
    """Table 三 of ``year`` from the application records of all registers.

    本年新收 = received in the year; 上年结转 = received before the year and not answered before
    1 January; the outcome rows count the applications answered in the year; 结转下年度 = received by
    31 December and not answered by then.  An answered record without an outcome (which the loader
    rejects) is counted in no outcome row, so that the 勾稽关系 check reports it.
    """
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    spec = table_b_spec(fmt)
    keys = [key for key, _, _ in spec]
    counts: dict[str, list[int]] = {key: [0] * len(APPLICANT_TYPES) for key in keys}
    for application in all_applications(site):
        column = APPLICANT_TYPES.index(application.applicant)
        replied = application.replied
        if application.received.year == year:
            counts[KEY_NEW][column] += 1
        if application.received < start and (replied is None or replied >= start):
            counts[KEY_CARRIED_IN][column] += 1
        if replied is not None and replied.year == year:
            key = _outcome_key(application, fmt)
            if key is not None:
                counts[key][column] += 1
        if application.received <= end and (replied is None or replied > end):
            counts[KEY_CARRIED_OUT][column] += 1
    outcome_keys = [k for k in keys if k not in (KEY_NEW, KEY_CARRIED_IN, KEY_OUTCOME_TOTAL,
                                                 KEY_CARRIED_OUT)]
    counts[KEY_OUTCOME_TOTAL] = [sum(counts[k][c] for k in outcome_keys)
                                 for c in range(len(APPLICANT_TYPES))]
    rows = tuple(TableBRow(key, label, group, (*counts[key], sum(counts[key])))
                 for key, label, group in spec)
    return ReportTableB(fmt, rows)


def compile_table_c(site: Site, year: int) -> ReportTableC:
    """Table 四 of ``year``: review cases filed in the year, by kind and result."""
    counts: Counter[tuple[str, str]] = Counter(
        (case.kind, case.result)
        for register in site.registers.values()
        for case in register.reviews
        if case.year == year
    )
    groups = []
    for kind in TABLE_C_KINDS:
        values = [counts[(kind, result)] for result in TABLE_C_RESULTS]
        groups.append(TableCGroup(kind, TABLE_C_KIND_LABELS[kind], (*values, sum(values))))
    return ReportTableC(tuple(groups))


def fee_total(site: Site, year: int) -> Decimal:
    """信息处理费 charged (元) for the applications answered in ``year``."""
    return sum((a.fee for a in all_applications(site)
                if a.replied is not None and a.replied.year == year), Decimal(0))


def register_source(site: Site, year: int) -> str:
    """The register file of ``year``, named in problems even when it does not exist yet."""
    register = site.registers.get(year)
    return register.source if register is not None else f"registers/{year}.yml"


def report_deadline(year: int, settings: Settings) -> dt.date:
    """By when the report on ``year`` must be published (条例第四十九条: 31 January by default)."""
    month, day = settings.report_deadline
    return dt.date(year + 1, month, day)


def compile_report(site: Site, year: int, settings: Settings) -> AnnualReport:
    """The annual report of ``year`` in its national format (2019 trial format for 2019–2020).

    Raises ValueError for years before 2019, which have no format the build produces.  A year that
    is not over on ``settings.today`` is compiled as a preview with the figures up to that day.
    """
    fmt = report_format(year)
    preview = year >= settings.today.year
    source = register_source(site, year)
    narrative = site.narratives.get(year)
    return AnnualReport(
        year=year,
        format=fmt,
        agency=site.agency.name,
        title=report_title(site.agency.name, year),
        source=source,
        preview=preview,
        as_of=min(settings.today, dt.date(year, 12, 31)) if preview else dt.date(year, 12, 31),
        deadline=report_deadline(year, settings),
        proactive=proactive_summary(site, year, settings),
        table_a=compile_table_a(site, year, fmt),
        table_b=compile_table_b(site, year, fmt),
        table_c=compile_table_c(site, year),
        fee_total=fee_total(site, year),
        narrative=with_defaults(narrative, year, f"reports/{year}.md"),
        narrative_is_default=narrative is None,
    )
