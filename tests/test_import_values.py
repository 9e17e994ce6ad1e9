"""What the cells of an export mean to ``gongkai import``: dates, 有效性 words, headers (issue 13).

Pure tables over the core (no site, no subprocess): each line is a spelling seen in real exports.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from conftest import AGENCY_CODE
from gongkai.core.dates import parse_date
from gongkai.core.importing import (
    HEADER_ALIASES,
    ImportMap,
    ImportOptions,
    import_sheets,
)
from gongkai.core.importing.sheets import Sheet
from gongkai.core.importing.vocabulary import field_of, header_text
from gongkai.core.settings import Settings

SETTINGS = Settings(today=dt.date(2026, 11, 25))


@pytest.mark.parametrize(("cell", "expected"), [
    (dt.datetime(2024, 3, 8, 10, 30), dt.date(2024, 3, 8)),  # an Excel date cell
    (dt.date(2024, 3, 8), dt.date(2024, 3, 8)),
    ("2024-03-08", dt.date(2024, 3, 8)),
    (" 2009-06-15", dt.date(2009, 6, 15)),                   # as the Hebei export has it
    ("2024/3/8", dt.date(2024, 3, 8)),
    ("2023/9/26 0:00:00", dt.date(2023, 9, 26)),              # Excel's text of a datetime
    ("2023-09-26T10:00:00", dt.date(2023, 9, 26)),
    ("2024-03-08 09:00:00.0", dt.date(2024, 3, 8)),           # a database timestamp
    ("2023.09.26", dt.date(2023, 9, 26)),
    ("2024年3月8日", dt.date(2024, 3, 8)),
    ("2024年05月07日", dt.date(2024, 5, 7)),
    ("２０２４年３月８日", dt.date(2024, 3, 8)),               # full-width digits
    ("20240308", dt.date(2024, 3, 8)),
    ("发文日期：2023-08-25", dt.date(2023, 8, 25)),            # the label inside the cell
    ("成文日期: 2023年8月25日", dt.date(2023, 8, 25)),
    ("二〇二三年九月二十六日", dt.date(2023, 9, 26)),
    ("二〇二〇年十二月三十一日", dt.date(2020, 12, 31)),
    ("二〇二四年三月八日", dt.date(2024, 3, 8)),
    ("一九九一年十月一日", dt.date(1991, 10, 1)),
    (45195, dt.date(2023, 9, 26)),                           # an Excel serial as a number
    (45195.0, dt.date(2023, 9, 26)),
    ("45195", dt.date(2023, 9, 26)),                         # … and stored as text
    ("45195.0", dt.date(2023, 9, 26)),
    ("2024-02-30", None),                                    # no such day
    ("二〇二四年三月", None),                                  # no day: not guessed
    ("2024年", None),
    (12, None),                                              # a number, not a serial of 1954–2119
    ("123", None),
    (45195.5, None),                                         # a time of day, not a day
    ("", None),
    (None, None),
    ("见附件", None),
])
def test_dates_as_exports_write_them(cell, expected):
    assert parse_date(cell, lenient=True) == expected


def one_row(header: list[str], cells: list[object], options: ImportOptions | None = None,
            import_map: ImportMap | None = None):
    sheet = Sheet("", [(1, header), (2, cells)])
    return import_sheets([("x.csv", [sheet])], SETTINGS, AGENCY_CODE, {}, Path("/nonexistent"),
                         import_map or ImportMap(), options or ImportOptions())


HEADER = ["索引号", "标题", "主题分类", "成文日期", "公开日期", "有效性", "废止日期"]


@pytest.mark.parametrize(("word", "validity", "note"), [
    ("有效", None, None),
    ("现行有效", None, None),
    ("全文有效", None, None),
    (" 现行 有效 ", None, None),
    ("尚未生效", "有效", "导出为「尚未生效」，按有效录入"),
    ("部分失效", "已修改", "导出为「部分失效」，按已修改录入"),
    ("已被修改", "已修改", None),
    ("已修改", "已修改", None),
    ("已修订", "已修改", None),
    ("失效", "失效", None),
    ("全文失效", "失效", None),
    ("宣布失效", "失效", None),
    ("废止", "废止", None),
    ("已废止", "废止", None),
    ("全文废止", "废止", None),
])
def test_validity_words_in_use(word, validity, note):
    run = one_row(HEADER, [f"{AGENCY_CODE}/2020-00001", "某办法", "行政规范性文件", "2020-01-02",
                           "2020-01-03", word, "2024-01-01" if validity in ("失效", "废止") else ""])
    [entry] = run.entries
    text = entry.text
    assert (f"validity: {validity}\n" in text) if validity else ("validity" not in text)
    assert (f"inferred: {{validity: {note}}}" in text) if note else ("inferred" not in text)
    assert "unstated: [" in text and "validity" not in text.split("unstated:")[1].split("\n")[0]


def test_an_unknown_validity_word_is_reported_once_and_can_be_mapped():
    header = ["索引号", "标题", "主题分类", "成文日期", "公开日期", "有效性"]
    sheet = Sheet("", [(1, header)] + [
        (n, [f"{AGENCY_CODE}/2020-{n:05d}", f"文件{n}", "行政许可", "2020-01-02", "2020-01-03", "暂行"])
        for n in range(2, 5)])
    run = import_sheets([("x.csv", [sheet])], SETTINGS, AGENCY_CODE, {}, Path("/nonexistent"),
                        ImportMap(), ImportOptions())
    assert run.entries == [] and dict(run.unknown_validity) == {"暂行": 3}
    assert [str(m) for m in run.messages] == [
        "x.csv: 有效性: unknown 有效性 '暂行' in 3 row(s) (rows 2, 3, 4) — map it under "
        "'validity:' in import-map.yml and run the import again (a template is written next to "
        "the export)"]
    mapped = import_sheets([("x.csv", [sheet])], SETTINGS, AGENCY_CODE, {}, Path("/nonexistent"),
                           ImportMap(validity={"暂行": "有效"}), ImportOptions())
    assert len(mapped.entries) == 3 and dict(mapped.mapped) == {"有效性 '暂行' → 有效": 3}


@pytest.mark.parametrize(("field", "alias"), [
    (field, alias) for field, aliases in HEADER_ALIASES.items() for alias in aliases])
def test_header_vocabulary(field, alias):
    assert field_of(header_text(alias)) == field


@pytest.mark.parametrize(("header", "field"), [
    (" 索 引 号 *", "index_no"),
    ("索引号（必填）", "index_no"),
    ("发布日期：", "published"),
    ("信息名称(必填)", "title"),
    ("【主题】", None),  # a header that is all note is no header
    ("序号", "ignore"),
    ("访问地址", "ignore"),
    ("浏览量", None),
])
def test_header_spellings(header, field):
    assert field_of(header_text(header)) == field


def test_the_vocabulary_covers_the_headers_of_the_issue():
    issue = ["主题", "一级类别", "信息类别", "栏目名称", "所属栏目", "时间", "日期", "成文时间", "印发时间",
             "发布日期", "发文机构", "发文号", "关键字", "失效时间", "有效期", "效力状态", "时效性",
             "信息名称", "索取号"]
    assert {h: field_of(header_text(h)) for h in issue} == {
        "主题": "category", "一级类别": "category", "信息类别": "category", "栏目名称": "category",
        "所属栏目": "category", "时间": "published", "日期": "published", "成文时间": "created",
        "印发时间": "created", "发布日期": "published", "发文机构": "issuer", "发文号": "doc_no",
        "关键字": "keywords", "失效时间": "abolished", "有效期": "valid_until",
        "效力状态": "validity", "时效性": "validity", "信息名称": "title", "索取号": "index_no"}


def test_surrounding_whitespace_is_trimmed_and_nothing_else():
    header = ["索引号", "标题", "主题分类", "成文日期", "公开日期", "内容概述", "正文"]
    body = "\n\n\u3000\u3000第一条　为了……\n\n第二条　本办法自发布之日起施行。\n\n"
    run = one_row(header, [f" {AGENCY_CODE}/2020-00001 ", "\u3000关于“双随机”的通知 ", "行政许可",
                           "2020-01-02", "2020-01-03", ' 含"引号"和\n换行的概述。 ', body])
    [entry] = run.entries
    front = yaml.safe_load(entry.text.split("---")[1])
    assert front["index_no"] == f"{AGENCY_CODE}/2020-00001"
    assert front["title"] == "关于“双随机”的通知"
    assert front["summary"] == '含"引号"和\n换行的概述。'
    assert entry.text.endswith("---\n\u3000\u3000第一条　为了……\n\n第二条　本办法自发布之日起施行。\n")


@pytest.mark.parametrize("text", [
    "关于开展计量检查的通知", "2024年行政许可实施情况", "临测〔2025〕1号", "a: b", "时间：2020", "#1", "x #y",
    "- 列表", "yes", "No", "null", "~", "1e3", "0x1F", "2024-03-08", "12:30", "a,b", "[x]", "{x}",
    "引用了\"双随机、一公开\"的说法。", "单引号'在内", "\\反斜杠", "a\tb", "a\rb", "line\nbreak",
    "a\x85b", "x\u2028y", "\ufeffbom", "@x", "%x", "`x`", "!tag", "&anchor", "*alias", "|", ">",
    "?", "标题\u3000", " 前后空格 ", "",
])
def test_front_matter_strings_read_back_exactly(text):
    """The importer writes front matter itself (50,000 files): every cell reads back unaltered."""
    from gongkai.core.importing.frontmatter import front_matter

    written = front_matter({"title": text, "keywords": [text, "b"], "inferred": {"created": text}})
    assert yaml.safe_load(written) == {"title": text, "keywords": [text, "b"],
                                       "inferred": {"created": text}}


def test_validity_period_and_abolition_dates_from_their_columns():
    header = ["索引号", "标题", "主题分类", "成文时间", "发布时间", "效力状态", "失效时间", "有效期", "关键字"]
    run = one_row(header, [f"{AGENCY_CODE}/2020-00001", "某办法", "行政规范性文件", "2020-01-02",
                           "2020-01-03", "全文废止", "2023-06-30", "有效期至：2025年1月2日",
                           "计量，检定、收费"])
    [entry] = run.entries
    front = yaml.safe_load(entry.text.split("---")[1])
    assert (front["validity"], front["abolished"], front["valid_until"], front["keywords"]) == \
        ("废止", dt.date(2023, 6, 30), dt.date(2025, 1, 2), ["计量", "检定", "收费"])
