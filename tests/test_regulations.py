"""法规文件: lifecycle lists, the banner of a document no longer in force, interpretations both ways,
the validity-period (清理) report and the 法律法规 the agency applies.

The fixture site is built on 2026-11-25 (conftest) with the default five-year validity period.
"""

from __future__ import annotations

import re

import pytest

from conftest import AGENCY_CODE, BuildResult, entry, minimal_site, run_build, validate, write_site


def slug(number: str) -> str:
    return f"{AGENCY_CODE.lower()}-{number}"


REGULATIONS = {
    # Abolished on 2024-06-01 and replaced by 2024-00003.
    "catalogue/2023/old.md": entry(
        f"{AGENCY_CODE}/2023-00002", title="旧版价格监督检查办法", category="行政规范性文件",
        created="2023-01-05", published="2023-01-10",
        extra=f"doc_no: 临测规〔2023〕2号\nvalidity: 废止\nabolished: 2024-06-01\n"
              f"superseded_by: {AGENCY_CODE}/2024-00003\n"),
    "catalogue/2024/new.md": entry(
        f"{AGENCY_CODE}/2024-00003", title="新版价格监督检查办法", category="行政规范性文件",
        created="2024-05-20", published="2024-05-25", extra="doc_no: 临测规〔2024〕3号\n"),
    "catalogue/2024/reading.md": entry(
        f"{AGENCY_CODE}/2024-00004", title="《新版价格监督检查办法》政策解读", category="政策解读",
        created="2024-05-26", published="2024-05-27", extra=f"interprets: {AGENCY_CODE}/2024-00003\n"),
    # A 规章 amended by a decision: 已修改, its date is the decision's 成文日期 (2025-04-21).
    "catalogue/2022/rule.md": entry(
        f"{AGENCY_CODE}/2022-00001", title="临川市测试摊贩管理办法", category="规章",
        created="2022-08-22", published="2022-08-30",
        extra=f"validity: 已修改\nsuperseded_by: {AGENCY_CODE}/2025-00001\n"),
    "catalogue/2025/amendment.md": entry(
        f"{AGENCY_CODE}/2025-00001", title="关于修改《临川市测试摊贩管理办法》的决定", category="规章",
        created="2025-04-21", published="2025-04-28"),
    # 成文 2019-03-01: five years ended 2024-03-01, still 有效 → 清理 review due.
    "catalogue/2019/expired.md": entry(
        f"{AGENCY_CODE}/2019-00001", title="临川市测试广告监督管理规定", category="行政规范性文件",
        created="2019-03-01", published="2019-03-05", extra="doc_no: 临测规〔2019〕1号\n"),
    # 成文 2021-12-10: the period ends 2026-12-10, within six months of the build date.
    "catalogue/2021/ending.md": entry(
        f"{AGENCY_CODE}/2021-00001", title="临川市测试计量监督规定", category="行政规范性文件",
        created="2021-12-10", published="2021-12-15"),
    "laws.yml": (
        "- title: 中华人民共和国计量法<script>\n"
        "  issuer: 全国人民代表大会常务委员会\n"
        "  url: https://flk.npc.gov.cn/detail?id=1&x=2\n"
        "  effective: 2018-10-26\n"
        "- {title: 中华人民共和国行政许可法, url: 'https://flk.npc.gov.cn/'}\n"),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    root = tmp_path_factory.mktemp("regulations")
    write_site(root, {**minimal_site(), **REGULATIONS})
    result = run_build(root)
    assert result.exit_code == 0, result.log
    return result


def table_rows(html: str, heading: str) -> list[list[str]]:
    """Text of the cells of the first table after ``heading``."""
    part = html.split(heading, 1)[1].split("</table>", 1)[0].split("<tbody>", 1)[1]
    return [[re.sub(r"<[^>]+>", "", cell).strip()
             for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.DOTALL)]
            for row in re.findall(r"<tr>(.*?)</tr>", part, re.DOTALL)]


def test_current_list_holds_documents_in_force_with_their_validity_period(built):
    rows = table_rows(built.page("regulations/"), ">现行有效</h2>")
    titles = [row[0] for row in rows]
    assert "新版价格监督检查办法" in titles and "关于修改《临川市测试摊贩管理办法》的决定" in titles
    assert "旧版价格监督检查办法" not in titles and "临川市测试摊贩管理办法" not in titles
    new = next(row for row in rows if row[0] == "新版价格监督检查办法")
    # 标题 · 文号 · 类别 · 成文日期 · 有效期至 (2024-05-20 + 5 years) · 政策解读
    assert new == ["新版价格监督检查办法", "临测规〔2024〕3号", "行政规范性文件", "2024年5月20日",
                   "2029年5月20日", "《新版价格监督检查办法》政策解读"]
    amendment = next(row for row in rows if row[0].startswith("关于修改"))
    assert amendment[4] == "—"  # 规章 have no validity period


def test_former_list_shows_status_dates_and_replacement(built):
    html = built.page("regulations/")
    rows = table_rows(html, ">已废止、失效的文件和已修改的文件</h2>")
    # 标题 · 文号 · 状态 · 成文日期 · 废止、失效或修改日期 · 替代文件
    assert ["旧版价格监督检查办法", "临测规〔2023〕2号", "废止", "2023年1月5日", "2024年6月1日",
            "新版价格监督检查办法（临测规〔2024〕3号）"] in rows
    assert ["临川市测试摊贩管理办法", "", "已修改", "2022年8月22日", "2025年4月21日",
            "关于修改《临川市测试摊贩管理办法》的决定"] in rows
    former = html.split(">已废止、失效的文件和已修改的文件</h2>", 1)[1]
    assert f'href="../doc/{slug("2024-00003")}/">新版价格监督检查办法</a>' in former


def test_page_of_an_abolished_document_has_a_banner_with_date_and_replacement(built):
    html = built.page(f"doc/{slug('2023-00002')}/")
    banner = html.split('class="gk-banner gk-banner--off"', 1)[1].split("</div>", 1)[0]
    assert "本文件已废止" in banner and "2024年6月1日起" in banner
    assert f'<a href="../{slug("2024-00003")}/">新版价格监督检查办法</a>（临测规〔2024〕3号）' in banner
    # The replacement says what it replaced; a document in force has no banner.
    new = built.page(f"doc/{slug('2024-00003')}/")
    assert "gk-banner" not in new and "本文件替代" in new and "旧版价格监督检查办法" in new


def test_page_of_an_amended_document_links_the_amendment(built):
    html = built.page(f"doc/{slug('2022-00001')}/")
    assert 'class="gk-banner gk-banner--changed"' in html
    assert "<strong>本文件已修改</strong>（2025年4月21日）。" in html  # the amending decision's date
    assert f'href="../{slug("2025-00001")}/">关于修改《临川市测试摊贩管理办法》的决定</a>' in html


def test_interpretation_and_policy_link_each_other(built):
    policy = built.page(f"doc/{slug('2024-00003')}/")
    assert f'政策解读：<a href="../{slug("2024-00004")}/">《新版价格监督检查办法》政策解读</a>' in policy
    reading = built.page(f"doc/{slug('2024-00004')}/")
    assert f'本文是对<a href="../{slug("2024-00003")}/">新版价格监督检查办法</a>（临测规〔2024〕3号）的政策解读' \
        in reading


def test_expired_validity_period_is_a_warning_naming_the_file(built):
    assert (f"WARNING -  gongkai: catalogue/2019/expired.md: validity: {AGENCY_CODE}/2019-00001 "
            "临川市测试广告监督管理规定（临测规〔2019〕1号） is still marked 有效, but its 5-year validity "
            "period ended on 2024-03-01: 清理 review due — if it lapsed, write 'validity: 失效' and "
            "'abolished: 2024-03-01'") in built.log


def test_period_ending_within_six_months_is_information(built):
    assert (f"INFO    -  gongkai: catalogue/2021/ending.md: validity: {AGENCY_CODE}/2021-00001 "
            "临川市测试计量监督规定: its 5-year validity period ends on 2026-12-10") in built.log
    # Documents with years left, and abolished ones, are not reported.
    assert "2024-00003 新版" not in built.log and "2023-00002 旧版" not in built.log


def test_strict_build_fails_on_a_due_review_and_the_period_is_configurable(tmp_path):
    files = {**minimal_site(), "catalogue/2019/expired.md": REGULATIONS["catalogue/2019/expired.md"]}
    write_site(tmp_path, files)
    strict = run_build(tmp_path, "--strict")
    assert strict.exit_code != 0 and "清理 review due" in strict.log
    # An agency whose province sets ten years: 2019-03-01 + 10 years is 2029, nothing is due.
    write_site(tmp_path, files, {"regulation_validity_years": 10})
    ten = run_build(tmp_path, "--strict")
    assert ten.exit_code == 0, ten.log
    assert "2029年3月1日" in ten.page("regulations/")


def test_laws_are_listed_as_escaped_external_links(built):
    html = built.page("regulations/")
    laws = html.split(">本机关执行的法律法规</h2>", 1)[1]
    assert ('<a class="gk-external" href="https://flk.npc.gov.cn/detail?id=1&amp;x=2" '
            'rel="external noopener">中华人民共和国计量法&lt;script&gt;</a>') in laws
    assert "全国人民代表大会常务委员会，2018年10月26日起施行" in laws
    assert ">中华人民共和国行政许可法</a>" in laws
    assert "计量法<script>" not in html


@pytest.mark.parametrize(("laws", "message"), [
    ("- {title: 计量法, url: ftp://example.org/}\n",
     "laws.yml:1: url: 'ftp://example.org/' is not a web address — write the full address, starting with https://"),
    ("- {url: 'https://flk.npc.gov.cn/'}\n",
     "laws.yml:1: title: a law needs its title (名称)"),
    ("- {title: 计量法, url: 'https://flk.npc.gov.cn/', effective: 2018-13-01}\n",
     "laws.yml:1: effective: '2018-13-01' is not a date — write YYYY-MM-DD"),
    ("- {title: 计量法, url: 'https://flk.npc.gov.cn/', link: x}\n",
     "laws.yml:1: link: unknown key — use title, url, issuer, effective"),
])
def test_bad_laws_file_is_one_clear_error(tmp_path, laws, message):
    problems = validate(tmp_path, {"laws.yml": laws})
    errors = [str(p) for p in problems if p.severity == "error"]
    assert len(errors) == 1 and errors[0].startswith(message), errors
