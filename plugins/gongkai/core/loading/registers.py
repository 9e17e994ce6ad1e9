"""``registers/<year>.yml``: applications, review cases, statistics and regulation counts."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from .. import zh
from ..model import (
    APPLICANT_TYPES,
    CHANNELS,
    REVIEW_CASE_RESULTS,
    REVIEW_KINDS,
    ApplicationRecord,
    Register,
    RegulationCounts,
    ReviewCase,
)
from ..outcomes import parse_outcome, valid_outcome_codes
from ..problems import Problems
from .fields import Fields, decimal_amount, mapping_document, not_amount, read_yaml_file

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


def read_register(root: Path, rel: str, year: int, problems: Problems,
                  seen_ids: dict[str, str]) -> Register | None:
    """``registers/<year>.yml``; ``seen_ids`` finds application ids used in two registers."""
    fields = mapping_document(read_yaml_file(root, rel, problems), rel, problems, "a register")
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
            number = decimal_amount(value)
            if number is None or number < 0:
                stats.error(str(key), not_amount(value) if number is None else f"'{value}' is negative",
                            "write a count or an amount, e.g. 12")
                continue
            if key not in MONEY_STATISTICS and number != number.to_integral_value():
                stats.error(str(key), f"'{value}' must be a whole count", "write a whole number")
                continue
            statistics[str(key)] = number
    return Register(year, rel, tuple(applications), tuple(reviews), statistics,
                    _read_regulation_counts(fields, year))


def _read_regulation_counts(fields: Fields, year: int) -> dict[str, RegulationCounts]:
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


def _read_application(sub: Fields, year: int, rel: str,
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
    fee = decimal_amount(sub.data.get("fee", 0) if sub.data.get("fee") is not None else 0)
    if fee is None or fee < 0:
        fee_value = sub.data.get("fee")
        sub.error("fee", (not_amount(fee_value) if fee is None else f"'{fee_value}' is negative")
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
