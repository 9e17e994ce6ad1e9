"""The entry keys of an imported catalogue: ``also_in``, ``unstated``, ``inferred``, ``valid_until``
and ``cleanup`` (README, content/catalogue/**/*.md).

The fixture site is built on 2026-11-25 (conftest) with the default five-year validity period.
Line numbers of bad input refer to ``conftest.entry``: the extra fields start on line 9.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re

import pytest

from conftest import (
    AGENCY_CODE,
    BuildResult,
    entry,
    found,
    minimal_site,
    run_build,
    validate,
    write_site,
)
from gongkai.core.model import CatalogueEntry, Cleanup
from gongkai.core.regulations import valid_until

A = "catalogue/2024/a.md"


def slug(number: str) -> str:
    return f"{AGENCY_CODE.lower()}-{number}"


def without_summary(text: str) -> str:
    return re.sub(r"^summary: .*\n", "", text, count=1, flags=re.M)


ENTRIES = {
    # One document listed under two columns.
    "catalogue/2024/also.md": entry(
        f"{AGENCY_CODE}/2024-00010", title="关于支持科技企业发展的若干措施", category="行政规范性文件",
        created="2024-06-01", published="2024-06-05",
        extra="doc_no: 临测规〔2024〕5号\nalso_in: [民生政策]\n"),
    # Imported from an old CMS that stated neither 发布机构, 有效性, 文号 nor 内容概述; 成文日期 derived.
    "catalogue/2010/old.md": without_summary(entry(
        f"{AGENCY_CODE}/2010-00001", title="临川市测试局关于旧文件的通知", category="行政规范性文件",
        created="2010-05-01", published="2010-05-08",
        extra="unstated: [issuer, validity, doc_no, summary]\n"
              "inferred: {created: 按公开日期<推定>}\n")),
    # Older than five years, but it states its own 有效期: no 清理 is due before it.
    "catalogue/2019/until.md": entry(
        f"{AGENCY_CODE}/2019-00001", title="临川市测试广告监督管理规定", category="行政规范性文件",
        created="2019-03-01", published="2019-03-05", extra="valid_until: 2027-12-31\n"),
    # Its 有效期 ran out: no longer in force, although its 有效性 was never stated.
    "catalogue/2020/expired.md": entry(
        f"{AGENCY_CODE}/2020-00001", title="临川市测试临时价格干预措施", category="行政规范性文件",
        created="2020-01-10", published="2020-01-15", extra="valid_until: 2022-12-31\nunstated: [validity]\n"),
    # Older than five years, kept by the 清理 of 2024-06-01: the period runs again from then.
    "catalogue/2019/kept.md": entry(
        f"{AGENCY_CODE}/2019-00002", title="临川市测试计量监督规定", category="行政规范性文件",
        created="2019-04-01", published="2019-04-05",
        extra="doc_no: 临测规〔2019〕2号\ncleanup: {decision: 保留, date: 2024-06-01}\n"),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    root = tmp_path_factory.mktemp("entry-keys")
    write_site(root, {**minimal_site(), **ENTRIES})
    result = run_build(root, "--strict")
    assert result.exit_code == 0, result.log
    return result


def meta_table(html: str) -> str:
    return html.split('<table class="gk-meta-table">', 1)[1].split("</table>", 1)[0]


def cell(html: str, label: str) -> str:
    """Text of the metadata cell after the header ``label`` on an entry page."""
    found = re.search(rf'<th scope="row">{label}</th><td[^>]*>(.*?)</td>', meta_table(html), re.DOTALL)
    assert found, label
    return found.group(1)


def catalogue_rows(html: str) -> list[list[str]]:
    body = html.split('<table class="gk-table">', 1)[1].split("</table>", 1)[0]
    rows = [[re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.DOTALL)]
            for row in re.findall(r"<tr>(.*?)</tr>", body, re.DOTALL)]
    return [row for row in rows if row]  # not the header row


def table_rows(html: str, heading: str) -> list[list[str]]:
    part = html.split(heading, 1)[1].split("</table>", 1)[0].split("<tbody>", 1)[1]
    return [[re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", c)).strip()
             for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.DOTALL)]
            for row in re.findall(r"<tr>(.*?)</tr>", part, re.DOTALL)]


# -- also_in --------------------------------------------------------------------------------------

def test_a_document_in_two_columns_is_one_page_listed_in_both(built):
    url = f"doc/{slug('2024-00010')}/"
    for column in ("guifanxing-wenjian", "minsheng-zhengce"):
        listing = built.page(f"catalogue/{column}/")
        assert listing.count(f"{slug('2024-00010')}/") == 1, column
    assert [row[1] for row in catalogue_rows(built.page("catalogue/minsheng-zhengce/"))] == [
        "关于支持科技企业发展的若干措施"]
    # One page, which names both columns; the per-year listing has it once.
    assert len(list(built.site_dir.glob("doc/*2024-00010*"))) == 1
    assert re.sub(r"<[^>]+>", "", cell(built.page(url), "主题分类")) == "行政规范性文件、民生政策"
    assert built.page("catalogue/2024/").count(f"{slug('2024-00010')}/") == 1
    # Each column's count is the length of its listing; the catalogue total counts it once.
    catalogue = built.page("catalogue/")
    assert '民生政策</a> <span class="gk-count">1条' in catalogue
    assert "共收录主动公开政府信息8条" in catalogue
    # Not a 空白栏目: the column has a document.
    assert "栏目「民生政策」 has no published entry" not in built.log


def test_exports_hold_the_document_once_with_its_other_columns(built):
    data = json.loads(built.text("data/catalogue.json"))
    mine = [e for e in data["entries"] if e["index_no"] == f"{AGENCY_CODE}/2024-00010"]
    assert len(mine) == 1 and data["count"] == len(data["entries"]) == 8
    assert mine[0]["category"] == "行政规范性文件" and mine[0]["also_in"] == ["民生政策"]
    rows = list(csv.DictReader(io.StringIO(built.text("data/catalogue.csv").lstrip("\ufeff"))))
    assert [row["同时列入"] for row in rows if row["索引号"].endswith("2024-00010")] == ["民生政策"]
    # The original columns keep their order; the new ones follow them.
    assert list(rows[0])[:15] == ["索引号", "标题", "文号", "主题分类", "发布机构", "体裁", "成文日期", "公开日期",
                                  "有效性", "废止日期", "替代文件", "解读对象", "内容概述", "关键词", "网址"]


def test_search_filters_find_the_document_under_each_column(built):
    facets = json.loads(built.text("search/facets.json"))
    data = json.loads(built.text("data/catalogue.json"))
    number = [e["index_no"] for e in data["entries"]].index(f"{AGENCY_CODE}/2024-00010")
    also = facets["also"][str(number)]
    assert [facets["categories"][ord(code) - 48] for code in also] == ["民生政策"]


@pytest.mark.browser
def test_the_search_page_finds_the_document_under_either_column(built, browser, serve):
    base = serve(built.site_dir)
    tab = browser.new_page()
    try:
        for column in ("民生政策", "行政规范性文件"):
            tab.goto(f"{base}search/?q=科技企业&category={column}")
            tab.wait_for_selector("[data-gk-search][data-state=results]", timeout=15000)
            assert tab.eval_on_selector_all(".gk-result a", "as => as.map(a => a.textContent)") == [
                "关于支持科技企业发展的若干措施"]
        options = tab.eval_on_selector_all("[data-gk-filter=category] option",
                                           "os => os.map(o => o.textContent)")
        assert options == ["全部", "行政规范性文件（1）", "民生政策（1）"]
    finally:
        tab.close()


# -- unstated and inferred ---------------------------------------------------------------------------

def test_an_unstated_issuer_is_claimed_for_no_one(built):
    html = built.page(f"doc/{slug('2010-00001')}/")
    assert cell(html, "发布机构") == "未注明"
    assert "临川市测试局" not in meta_table(html)
    assert 'name="ContentSource"' not in html and 'name="DC.creator"' not in html
    ld = json.loads(html.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0])
    assert "author" not in ld and "legislationPassedBy" not in ld
    # A document whose issuer is stated still names it.
    stated = built.page(f"doc/{slug('2024-00010')}/")
    assert '<meta name="ContentSource" content="临川市测试局"' in stated


def test_unstated_fields_show_as_unstated_on_page_listing_and_exports(built):
    html = built.page(f"doc/{slug('2010-00001')}/")
    assert cell(html, "有效性") == "未注明" and cell(html, "文号") == "未注明"
    assert "<p>未注明</p>" in html.split('id="gk-summary-title"', 1)[1]
    row = next(r for r in catalogue_rows(built.page("catalogue/2010/")) if r[0].endswith("2010-00001"))
    assert row[5] == "未注明"
    record = next(e for e in json.loads(built.text("data/catalogue.json"))["entries"]
                  if e["index_no"].endswith("2010-00001"))
    assert record["issuer"] is record["validity"] is record["doc_no"] is record["summary"] is None
    assert record["unstated"] == ["doc_no", "issuer", "summary", "validity"]
    rows = csv.DictReader(io.StringIO(built.text("data/catalogue.csv").lstrip("\ufeff")))
    csv_row = next(r for r in rows if r["索引号"].endswith("2010-00001"))
    assert csv_row["发布机构"] == csv_row["有效性"] == csv_row["内容概述"] == "未注明"


def test_a_regulation_of_unstated_validity_is_marked_and_counted_once(built):
    rows = table_rows(built.page("regulations/"), ">现行有效</h2>")
    assert any(r[0] == "临川市测试局关于旧文件的通知 有效性未注明" for r in rows)
    assert built.log.count("有效性 is not stated for 1 规章/行政规范性文件") == 1
    assert "INFO    -  gongkai: catalogue/2010/old.md: unstated: 有效性 is not stated" in built.log
    assert "2010-00001 临川市测试局关于旧文件的通知 is still marked 有效" not in built.log


def test_an_inferred_value_is_shown_with_how_it_was_derived_escaped(built):
    html = built.page(f"doc/{slug('2010-00001')}/")
    assert cell(html, "成文日期") == '2010年5月1日<span class="gk-inferred">（推定：按公开日期&lt;推定&gt;）</span>'
    record = next(e for e in json.loads(built.text("data/catalogue.json"))["entries"]
                  if e["index_no"].endswith("2010-00001"))
    assert record["inferred"] == {"created": "按公开日期<推定>"}


# -- valid_until and cleanup -------------------------------------------------------------------------

def test_a_stated_validity_period_replaces_the_default_one(built):
    html = built.page(f"doc/{slug('2019-00001')}/")
    assert cell(html, "有效期至") == "2027年12月31日" and "gk-banner" not in html
    rows = table_rows(built.page("regulations/"), ">现行有效</h2>")
    assert next(r for r in rows if r[0] == "临川市测试广告监督管理规定")[4] == "2027年12月31日"
    assert "2019-00001 临川市测试广告监督管理规定 is still marked 有效" not in built.log


def test_a_document_past_its_validity_period_is_no_longer_in_force(built):
    html = built.page(f"doc/{slug('2020-00001')}/")
    banner = html.split('class="gk-banner gk-banner--off"', 1)[1].split("</div>", 1)[0]
    assert "本文件有效期已届满" in banner and "有效期至2022年12月31日" in banner
    current = table_rows(built.page("regulations/"), ">现行有效</h2>")
    former = table_rows(built.page("regulations/"), ">已废止、失效的文件和已修改的文件</h2>")
    assert all(not r[0].startswith("临川市测试临时价格干预措施") for r in current)
    assert ["临川市测试临时价格干预措施", "", "有效期届满", "2020年1月10日", "2022年12月31日", "—"] in former
    ld = json.loads(html.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0])
    assert ld["legislationLegalForce"] == "https://schema.org/NotInForce" and ld["expires"] == "2022-12-31"


def test_a_recorded_cleanup_restarts_the_validity_period(built):
    html = built.page(f"doc/{slug('2019-00002')}/")
    assert cell(html, "清理") == "保留（2024年6月1日）"
    rows = table_rows(built.page("regulations/"), ">现行有效</h2>")
    kept = next(r for r in rows if r[0] == "临川市测试计量监督规定")
    assert kept[4] == "2029年6月1日 2024年6月1日清理：保留"
    assert "2019-00002 临川市测试计量监督规定" not in built.log


def test_valid_until_and_cleanup_answer_the_strict_regulation_warning(tmp_path):
    old = {"catalogue/2019/until.md": ENTRIES["catalogue/2019/until.md"],
           "catalogue/2019/kept.md": ENTRIES["catalogue/2019/kept.md"]}
    plain = {rel: re.sub(r"^(valid_until|cleanup): .*\n", "", text, flags=re.M) for rel, text in old.items()}
    write_site(tmp_path, {**minimal_site(), **plain})
    due = run_build(tmp_path, "--strict")
    assert due.exit_code != 0 and due.log.count("清理 review due") == 2
    write_site(tmp_path, {**minimal_site(), **old})
    answered = run_build(tmp_path, "--strict")
    assert answered.exit_code == 0, answered.log
    assert "清理 review due" not in answered.log


# -- bad input ---------------------------------------------------------------------------------------

BAD = [
    ("also_in names an unknown column", entry(extra="also_in: [民生证策]\n"),
     "catalogue/2024/a.md:9: also_in: unknown category '民生证策' — did you mean '民生政策'?"),
    ("also_in repeats the category", entry(extra="also_in: [其他法定公开信息]\n"),
     "catalogue/2024/a.md:9: also_in: '其他法定公开信息' is already the entry's category"),
    ("also_in names a column twice", entry(extra="also_in: [民生政策, 民生政策]\n"),
     "catalogue/2024/a.md:9: also_in: '民生政策' is listed twice"),
    ("unstated names a field that must be stated", entry(extra="unstated: [title]\n"),
     "catalogue/2024/a.md:9: unstated: 'title' cannot be unstated"),
    ("unstated field with a value", entry(extra="issuer: 临川市财政局\nunstated: [issuer]\n"),
     "catalogue/2024/a.md:10: unstated: lists 'issuer', but issuer also has a value (line 9)"),
    ("inferred names a field that cannot be inferred", entry(extra="inferred: {title: 按文件名推定}\n"),
     "catalogue/2024/a.md:9: inferred.title: this field cannot be marked as inferred"),
    ("inferred field without a value", entry(extra="unstated: [issuer]\ninferred: {issuer: 按网站推定}\n"),
     "catalogue/2024/a.md:10: inferred.issuer: issuer has no value to be inferred"),
    ("inferred without a note", entry(extra="inferred: {created: ''}\n"),
     "catalogue/2024/a.md:9: inferred.created: says nothing about how the value was derived"),
    ("valid_until before created", entry(extra="valid_until: 2023-12-31\n"),
     "catalogue/2024/a.md:9: valid_until: 有效期至 2023-12-31 is before 成文日期 2024-03-01"),
    ("valid_until not a date", entry(extra="valid_until: 2029-02-30\n"),
     "catalogue/2024/a.md:9: valid_until: '2029-02-30' is not a valid date"),
    ("unknown cleanup decision",
     entry(category="行政规范性文件", extra="cleanup: {decision: 继续有效, date: 2025-01-01}\n"),
     "catalogue/2024/a.md:9: cleanup.decision: unknown 清理 decision '继续有效'"),
    ("cleanup without a date", entry(category="行政规范性文件", extra="cleanup: {decision: 保留}\n"),
     "catalogue/2024/a.md:9: cleanup.date: missing (清理日期)"),
    ("cleanup in the future",
     entry(category="行政规范性文件", extra="cleanup: {decision: 保留, date: 2027-01-04}\n"),
     "catalogue/2024/a.md:9: cleanup.date: 清理 date 2027-01-04 is in the future"),
    ("cleanup decided 废止 but still 有效",
     entry(category="行政规范性文件", extra="cleanup: {decision: 废止, date: 2025-01-06}\n"),
     "catalogue/2024/a.md:9: cleanup.decision: the 清理 decided 废止, but 有效性 is 有效 — "
     "write 'validity: 废止' and 'abolished: 2025-01-06'"),
]


@pytest.mark.parametrize("case,text,message", BAD, ids=[c[0] for c in BAD])
def test_bad_use_of_a_key_is_one_clear_error(tmp_path, case, text, message):
    problems = validate(tmp_path, {A: text})
    errors = [p for p in problems if p.severity == "error"]
    assert len(found(problems, message)) == 1 and len(errors) == 1, \
        f"{case}: expected {message!r} in\n" + "\n".join(str(p) for p in problems)


WARNED = [
    ("cleanup of a document that is no regulation", entry(extra="cleanup: {decision: 保留, date: 2025-01-06}\n"),
     "catalogue/2024/a.md:9: cleanup: a 清理 decision is recorded for a document that "
     "is neither 规章 nor 行政规范性文件"),
    ("有效 past its valid_until", entry(extra="valid_until: 2025-12-31\n"),
     "catalogue/2024/a.md:9: valid_until: 有效期至 2025-12-31 has passed but 有效性 is 有效 — "
     "write 'validity: 失效' and 'abolished: 2026-01-01'"),
]


@pytest.mark.parametrize("case,text,message", WARNED, ids=[c[0] for c in WARNED])
def test_questionable_use_is_a_warning(tmp_path, case, text, message):
    # A warning fails a --strict build: tests/test_validation.py builds one.
    problems = validate(tmp_path, {A: text})
    assert len(found(problems, message, "warning")) == 1, \
        f"{case}: expected {message!r} in\n" + "\n".join(str(p) for p in problems)
    assert [p for p in problems if p.severity == "error"] == []


# -- the model -------------------------------------------------------------------------------------

def doc(category: str = "行政规范性文件", *, created: str = "2019-03-01", validity: str = "有效",
        abolished: str = "", until: str = "", cleanup: tuple[str, str] | None = None,
        also_in: tuple[str, ...] = ()) -> CatalogueEntry:
    day = dt.date.fromisoformat
    return CatalogueEntry(
        source="catalogue/x.md", title="文件", index_no=f"{AGENCY_CODE}/2019-00001", slug="x",
        category=category, created=day(created), published=day(created), summary="", issuer="",
        body="", validity=validity,  # type: ignore[arg-type]
        abolished=day(abolished) if abolished else None, valid_until=day(until) if until else None,
        cleanup=Cleanup(cleanup[0], day(cleanup[1])) if cleanup else None,  # type: ignore[arg-type]
        also_in=also_in)


@pytest.mark.parametrize("document,day,in_force", [
    (doc(until="2024-12-31"), "2024-12-31", True),   # its last day
    (doc(until="2024-12-31"), "2025-01-01", False),
    (doc(until="2024-12-31", abolished="2023-06-01", validity="废止"), "2023-06-01", False),
    (doc(until="2030-12-31", validity="已修改"), "2025-01-01", True),
    (doc(), "2019-02-28", False),                    # not yet written
    (doc(), "2030-01-01", True),                      # the period is a review date, not an end
])
def test_in_force_on(document, day, in_force):
    assert document.in_force_on(dt.date.fromisoformat(day)) is in_force


@pytest.mark.parametrize("document,end", [
    (doc(), "2024-03-01"),                                           # 成文日期 + 5 years
    (doc(until="2027-12-31"), "2027-12-31"),                          # its own 有效期至
    (doc("规章", until="2027-12-31"), "2027-12-31"),                   # any document may state one
    (doc(cleanup=("保留", "2024-06-01")), "2029-06-01"),               # kept: counted from the 清理
    (doc(cleanup=("修改", "2024-06-01")), "2024-03-01"),               # to be amended: no new period
    (doc("民生政策", also_in=("行政规范性文件",)), "2024-03-01"),       # listed as 行政规范性文件 too
    (doc("规章"), None),
])
def test_valid_until(document, end):
    assert valid_until(document, 5) == (dt.date.fromisoformat(end) if end else None)
