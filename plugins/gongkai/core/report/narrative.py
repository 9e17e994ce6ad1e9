"""Sections 一、五、六 of the report: the agency's Markdown, default texts, and the build's sentences.

The agency writes ``content/reports/<year>.md`` with one H2 heading per section; the build adds the
figures itself (section 二's entry counts and shares, section 三's application counts, section 六's
信息处理费), so a figure in the text can never disagree with the tables.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from ..model import ReportNarrative
from ..zh import zh_date
from .tables import AnnualReport, ProactiveSummary

# An H2 heading belongs to a section when it contains that section's key words, so that
# "## 一、总体情况" and "## 总体情况" both work.
_SECTION_MARKERS: tuple[tuple[str, str], ...] = (
    ("总体情况", "overview"),
    ("存在的主要问题", "problems"),
    ("其他需要报告", "other"),
)
_H2 = re.compile(r"^ {0,3}##(?!#)\s*(.*?)\s*#*\s*$")
_H1 = re.compile(r"^ {0,3}#(?!#)")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def parse_narrative(text: str, year: int, source: str) -> ReportNarrative:
    """Split ``reports/<year>.md`` (without front matter) into the sections 一、五、六.

    A section starts at an H2 heading containing 总体情况, 存在的主要问题 or 其他需要报告 and runs to
    the next such heading; other H2 headings stay inside the section they appear in.  Text before the
    first section heading (apart from an H1 title) opens 总体情况, so that a file without headings
    is still published.  Headings inside fenced code blocks are ignored.
    """
    parts: dict[str, list[str]] = {"overview": [], "problems": [], "other": []}
    current = "overview"
    fence: str | None = None
    for line in text.splitlines():
        fence_match = _FENCE.match(line)
        if fence_match:
            marker = fence_match.group(1)
            if fence is None:
                fence = marker[0] * 3
            elif marker.startswith(fence):
                fence = None
            parts[current].append(line)
            continue
        if fence is None:
            heading = _H2.match(line)
            if heading:
                section = next((name for words, name in _SECTION_MARKERS
                                if words in heading.group(1)), None)
                if section is not None:
                    current = section
                    continue
            elif _H1.match(line) and not any(seen.strip() for lines in parts.values()
                                              for seen in lines):
                # The file's own title ("# 2024年度报告"): the page has its title already.
                continue
        parts[current].append(line)
    overview, problems, other = ("\n".join(parts[name]).strip() for name in
                                 ("overview", "problems", "other"))
    return ReportNarrative(year=year, source=source, overview=overview, problems=problems,
                           other=other)


def default_overview(year: int) -> str:
    """The preamble agencies print when they have nothing more to say in section 一."""
    return (
        f"本报告根据《中华人民共和国政府信息公开条例》第五十条的规定编制。全文包括总体情况、"
        f"主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、"
        f"存在的主要问题及改进情况、其他需要报告的事项。本报告中所列数据的统计期限自{year}年1月1日起"
        f"至{year}年12月31日止。"
    )


# No invented self-assessment: an honest placeholder, and the build log says what to add.
DEFAULT_PROBLEMS = "本部分内容待补充。"


def with_defaults(narrative: ReportNarrative | None, year: int, source: str) -> ReportNarrative:
    """The narrative with the default text in each section the agency left empty."""
    given = narrative or ReportNarrative(year=year, source=source)
    return ReportNarrative(
        year=year,
        source=given.source,
        overview=given.overview or default_overview(year),
        problems=given.problems or DEFAULT_PROBLEMS,
        other=given.other,
    )


def format_amount(amount: Decimal) -> str:
    """An amount as a figure in running text: whole amounts without places, else two places."""
    if amount == amount.to_integral_value():
        return str(int(amount))
    return str(amount.quantize(Decimal("0.01")))


def proactive_sentences(summary: ProactiveSummary) -> str:
    """Section 二's opening, e.g. ``…其中，“行政执法”栏目发布信息398条，占总数的77.89%。``"""
    text = f"本年度共主动公开政府信息{summary.total}条。"
    if summary.categories:
        parts = [f"“{c.category}”栏目发布信息{c.count}条，占总数的{c.share}%"
                 for c in summary.categories]
        text += "其中，" + "；".join(parts) + "。"
    return text


def application_sentence(report: AnnualReport) -> str:
    """Section 三's opening: applications received, carried over, answered and carried on."""
    return (f"本年度新收政府信息公开申请{report.received}件，上年结转{report.carried_in}件，"
            f"办结{report.answered}件，结转下年度继续办理{report.carried_out}件。")


def review_sentence(report: AnnualReport) -> str:
    """Section 四's opening: 行政复议 and 行政诉讼 cases filed in the year."""
    reviews = report.table_c.value("行政复议", "总计")
    lawsuits = report.table_c.value("直接起诉", "总计") + report.table_c.value("复议后起诉", "总计")
    return f"本年度发生政府信息公开行政复议{reviews}件，行政诉讼{lawsuits}件。"


def fee_sentence(report: AnnualReport) -> str:
    """Section 六's statement of 信息处理费 (国办函〔2020〕109号), e.g. ``本年度共收取信息处理费0元。``"""
    return f"本年度共收取信息处理费{format_amount(report.fee_total)}元。"


def preview_sentence(year: int, as_of: dt.date) -> str:
    """The notice on the report of a year that is not over yet."""
    return f"{year}年尚未结束，本报告为预览，数据截至{zh_date(as_of)}。"
