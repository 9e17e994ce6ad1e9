"""A safe first publication (issue 13 item 4): an agency that imported years of old documents.

- Annual reports only for the years the agency chooses: those with ``registers/<year>.yml`` or
  ``reports/<year>.md``, or the ``report_years`` option — never one per year of old entries.
- Table 二（一） (规章 / 行政规范性文件) figures entered by hand in the register when the catalogue
  does not hold every document.
- 修改记录 shows changes of the document itself: not the import commit, not the review commit.
- Values of the sample agency left in mkdocs.yml or agency.yml are warnings.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
import subprocess
import textwrap
from pathlib import Path

import pytest

from conftest import (
    AGENCY_CODE,
    AGENCY_YML,
    BuildSite,
    entry,
    found,
    minimal_site,
    run_build,
    validate,
    write_files,
    write_site,
)
from gongkai.core.history import same_document
from gongkai.core.inspection import missing_report_problems
from gongkai.core.load import read_site
from gongkai.core.settings import Settings, resolve_report_years
from test_history import history_items
from test_report_site import figures, row_labelled, tables

TODAY = dt.date(2026, 11, 25)  # the fixture sites' build date


def old_entries(first: int = 2003, last: int = 2024) -> dict[str, str]:
    """One imported document per year, published on 1 June of each year."""
    return {f"catalogue/{year}/old.md": entry(
        f"{AGENCY_CODE}/{year}-00009", title=f"{year}年市场监管工作要点", created=f"{year}-05-20",
        published=f"{year}-06-01", summary=f"部署{year}年市场监管工作。")
        for year in range(first, last + 1)}


# -- report years ------------------------------------------------------------------------------

def test_an_imported_catalogue_gets_reports_only_for_the_register_years(build_site: BuildSite):
    # Entries of 2003–2024 and a register for 2024 only (the fixture's): one report, 2024.
    result = build_site(old_entries(), strict=True)
    assert result.exit_code == 0, result.log
    reports = sorted(p.name for p in (result.site_dir / "reports").iterdir() if p.name[0].isdigit())
    assert reports == ["2024"]
    index = result.page("reports/")
    assert 'href="2024/"' in index
    assert not re.search(r'href="20(?:19|2[0-3])/"', index)
    assert "no annual reports for 2003–2018" in result.log  # the years before the national format


def test_report_years_lists_the_years_explicitly(build_site: BuildSite):
    # 2023 has entries but no register: its report is built, and the build says what is missing.
    result = build_site(old_entries(2021, 2024), plugin_options={"report_years": [2023, 2024]})
    assert result.exit_code == 0, result.log
    assert (result.site_dir / "reports/2023/index.html").is_file()
    assert (result.site_dir / "reports/2024/index.html").is_file()
    assert not (result.site_dir / "reports/2022").exists()
    assert ("WARNING -  gongkai: registers/2023.yml: the 2023 annual report is built without this "
            "register") in result.log
    assert "registers/2024.yml: the 2024 annual report is built without" not in result.log
    strict = run_build(result.root, "--strict")
    assert strict.exit_code != 0  # an all-zero 依申请 table without its register is not published


@pytest.mark.parametrize(("raw", "years", "problem"), [
    (None, None, ""),                   # not given: the register and narrative years
    ([2024, 2023, 2024], (2023, 2024), ""),  # sorted, once each
    ([2019, 2026], (2019, 2026), ""),   # the first national format … this year
    ([2018], (), "2018 has no national report format (the first is 2019)"),
    ([2027], (), "2027 has not begun (today is 2026-11-25)"),
    (["2024"], (), "'2024' is not a year"),
    ([True], (), "'True' is not a year"),
    ("2024", None, "'2024' is not a list of years"),
])
def test_report_years_option_is_validated(raw, years, problem):
    resolved, problems = resolve_report_years(raw, TODAY)
    assert resolved == years
    assert [p for p in problems if problem not in p] == []
    assert bool(problems) is bool(problem)


def test_a_report_year_that_has_not_begun_stops_the_build(build_site: BuildSite):
    result = build_site(plugin_options={"report_years": [2024, 2027]})
    assert result.exit_code != 0
    assert ("mkdocs.yml: plugins.gongkai.report_years[1]: 2027 has not begun (today is 2026-11-25) — "
            "list years up to this one") in result.log
    assert not (result.site_dir / "index.html").exists()


def test_a_narrative_outside_the_listed_years_is_a_warning(build_site: BuildSite):
    narrative = "---\ntitle: 2023年报告\n---\n## 一、总体情况\n本局……\n"
    result = build_site({"reports/2023.md": narrative}, plugin_options={"report_years": [2024]})
    assert result.exit_code == 0, result.log
    assert ("WARNING -  gongkai: reports/2023.md: not published: 2023 is not a report year (not in "
            "plugins.gongkai.report_years) — add 2023 to plugins.gongkai.report_years, or delete the "
            "file") in result.log
    assert not (result.site_dir / "reports/2023").exists()


@pytest.fixture(scope="module")
def content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture content (register for 2024 only) and the same with registers/2025.yml."""
    root = tmp_path_factory.mktemp("years")
    write_site(root / "only-2024", minimal_site())
    write_site(root / "with-2025", {**minimal_site(), "registers/2025.yml": "applications: []\n"})
    return root


@pytest.mark.parametrize(("folder", "years", "expected"), [
    # 2025 has no register and no narrative: no report at all
    ("only-2024", None, "registers/2025.yml: 年度报告: the 2025 annual report was due by 2026-01-31 "
                        "(条例第四十九条) and none is built"),
    # 2025 has its register but no narrative
    ("with-2025", None, "reports/2025.md: 年度报告: the 2025 annual report was due by 2026-01-31 "
                        "(条例第四十九条) and its narrative is missing"),
    # the agency's first report year is 2026: nothing is asked for 2025
    ("only-2024", (2026,), ""),
    # listed years that leave 2025 out, after the first one
    ("with-2025", (2024,), "mkdocs.yml: plugins.gongkai.report_years: the 2025 annual report was "
                           "due by 2026-01-31 (条例第四十九条) and none is built: 2025 is not listed — "
                           "add 2025 to plugins.gongkai.report_years"),
])
def test_last_years_report_is_asked_from_the_first_report_year_on(content, folder, years, expected):
    settings = Settings(today=TODAY, report_years=years)
    site, problems = read_site(content / folder / "content", settings)
    assert problems.errors == []
    found = [str(p) for p in missing_report_problems(site, settings)]
    if expected:
        assert len(found) == 1 and found[0].startswith(expected), found
    else:
        assert found == []


# -- table 二（一） entered by hand ----------------------------------------------------------------

REGULATIONS_2024 = textwrap.dedent("""\
    applications: []
    statistics: {行政许可: 10}
    regulations:            # 报告表二（一）: the catalogue holds only some of the documents
      规章: {made: 0, abolished: 0, in_force: 3}
      行政规范性文件:
        made: 2
        abolished: 1
        in_force: 15
    """)


@pytest.fixture(scope="module")
def hand_entered(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("regulations")
    write_site(root, {**minimal_site(), "registers/2024.yml": REGULATIONS_2024,
                      "registers/2025.yml": "applications: []\n"})
    result = run_build(root, "--strict")
    assert result.exit_code == 0, result.log
    return result


def test_hand_entered_regulation_figures_replace_the_catalogue_counts(hand_entered):
    table_2 = tables(hand_entered.page("reports/2024/"))["table-2"]
    # columns: 本年制发件数 本年废止件数 现行有效件数, as written in registers/2024.yml
    assert figures(row_labelled(table_2, "规章")) == ["0", "0", "3"]
    assert figures(row_labelled(table_2, "行政规范性文件")) == ["2", "1", "15"]
    # 2025 gives none: counted from the catalogue, whose one 行政规范性文件 (created 2023-05-01,
    # still 有效) is in force on 31 December 2025.
    table_2025 = tables(hand_entered.page("reports/2025/"))["table-2"]
    assert figures(row_labelled(table_2025, "规章")) == ["0", "0", "0"]
    assert figures(row_labelled(table_2025, "行政规范性文件")) == ["0", "0", "1"]


def test_hand_entered_regulation_figures_are_in_the_report_data(hand_entered):
    data = json.loads(hand_entered.text("reports/2024/report.json"))
    block = data["table_2"]["blocks"][0]
    assert block["item"] == "第二十条第（一）项"
    assert block["rows"] == [
        {"label": "规章", "values": {"本年制发件数": 0, "本年废止件数": 0, "现行有效件数": 3}},
        {"label": "行政规范性文件", "values": {"本年制发件数": 2, "本年废止件数": 1, "现行有效件数": 15}},
    ]
    rows = list(csv.reader(io.StringIO(hand_entered.text("reports/2024/table-2.csv").lstrip("\ufeff"))))
    assert ["第二十条第（一）项", "行政规范性文件", "现行有效件数", "15"] in rows
    assert ["第二十条第（一）项", "规章", "现行有效件数", "3"] in rows


BAD_REGULATIONS = textwrap.dedent("""\
    applications: []
    regulations:
      规章: {made: -1, abolished: 0, in_force: 2.5}
      行政规范性文件: {made: 2, abolished: 1}
      规范文件: {made: 1, abolished: 0, in_force: 1}
    """)


def test_bad_regulation_figures_are_errors_with_their_lines(tmp_path: Path):
    problems = validate(tmp_path, {"registers/2024.yml": BAD_REGULATIONS})
    for line in (
        "registers/2024.yml:3: regulations.规章.made: '-1' is not a count (本年制发件数) — write a whole "
        "number of documents, 0 or more, e.g. 3",
        "registers/2024.yml:3: regulations.规章.in_force: '2.5' is not a count (现行有效件数)",
        "registers/2024.yml:4: regulations.行政规范性文件.in_force: missing (现行有效件数) — give all "
        "three figures",
        "registers/2024.yml:5: regulations.规范文件: unknown key — did you mean '行政规范性文件'?",
    ):
        assert len(found(problems, line)) == 1, line


def test_regulation_figures_for_the_2019_format_are_not_used(tmp_path: Path):
    register = "applications: []\nregulations:\n  规章: {made: 1, abolished: 0, in_force: 1}\n"
    problems = validate(tmp_path, {"registers/2020.yml": register})
    assert [p for p in problems if p.severity == "error"] == []
    assert found(problems, "registers/2020.yml:2: regulations: not used: the 2020 report follows "
                 "the 2019 trial format", "warning")


# -- 修改记录 ---------------------------------------------------------------------------------------

def git(root: Path, *args: str, date: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date,
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    subprocess.run(["git", "-c", "user.name=信息公开办", "-c", "user.email=xxgk@test.example",
                    "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", *args],
                   cwd=root, env=env, check=True, capture_output=True)


OLD = f"{AGENCY_CODE}/2003-00009"
FIXED = f"{AGENCY_CODE}/2010-00009"
NEW = f"{AGENCY_CODE}/2026-00001"


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory):
    """An import (2026-11-20, every entry 待审), the review (11-21), a folder tidy-up that moves
    one file (11-22), a correction of one document's text (11-23) and a new document published
    and committed on 11-24."""
    root = tmp_path_factory.mktemp("imported")
    files = {**minimal_site(), **old_entries(2003, 2012)}
    files = {rel: text.replace("review: {result: 通过, by: 王审查, date: ", "review: {result: 待审, date: ")
             for rel, text in files.items()}
    write_site(root, files)
    git(root, "init", "-q", date="2026-11-20T09:00:00+08:00")
    git(root, "add", "-A", date="2026-11-20T09:00:00+08:00")
    git(root, "commit", "-q", "-m", "导入旧目录", date="2026-11-20T09:00:00+08:00")
    catalogue = root / "content/catalogue"
    for path in catalogue.rglob("*.md"):
        text = path.read_text(encoding="utf-8")
        reviewed = re.sub(r"review: \{result: 待审, date: ([\d-]+)\}",
                          r"review:\n  result: 通过\n  by: 王审查\n  date: 2026-11-21\n  previously_published: true", text)
        path.write_text(reviewed.replace("---\n", "---\nprivacy_allow: [0794-8000001]\n", 1)
                        if "2003" in path.parent.name else reviewed, encoding="utf-8")
    git(root, "commit", "-q", "-a", "-m", "保密审查通过", date="2026-11-21T16:00:00+08:00")
    (catalogue / "2003/archive").mkdir()
    git(root, "mv", "content/catalogue/2003/old.md", "content/catalogue/2003/archive/old.md",
        date="2026-11-22T10:00:00+08:00")
    git(root, "commit", "-q", "-m", "整理目录", date="2026-11-22T10:00:00+08:00")
    fixed = catalogue / "2010/old.md"
    fixed.write_text(fixed.read_text(encoding="utf-8").replace("为做好", "为切实做好"), encoding="utf-8")
    git(root, "commit", "-q", "-a", "-m", "更正正文措辞", date="2026-11-23T10:00:00+08:00")
    write_files(root / "content", {"catalogue/2026/new.md": entry(
        NEW, title="关于开展2026年冬季食品安全检查的通知", created="2026-11-20", published="2026-11-24")})
    git(root, "add", "-A", date="2026-11-24T10:00:00+08:00")
    git(root, "commit", "-q", "-m", "公开：冬季食品安全检查通知", date="2026-11-24T10:00:00+08:00")
    result = run_build(root, "--strict")
    assert result.exit_code == 0, result.log
    return result




def page_of(index_no: str) -> str:
    return f"doc/{index_no.lower().replace('/', '-')}/"


def test_an_imported_document_shows_its_first_publication_only(imported):
    # Not "首次公开 导入旧目录" on the import day, not "修改 保密审查通过", not the move.
    assert history_items(imported.page(page_of(OLD))) == ["2003年6月1日 首次公开"]


def test_a_correction_after_the_import_is_a_change(imported):
    assert history_items(imported.page(page_of(FIXED))) == [
        "2010年6月1日 首次公开", "2026年11月23日 修改 更正正文措辞"]


def test_a_document_committed_on_its_publication_day_keeps_the_commit_message(imported):
    assert history_items(imported.page(page_of(NEW))) == ["2026年11月24日 首次公开 公开：冬季食品安全检查通知"]
    # The fixture's 2024 entries came with the import (公开日期 in 2024): no message.
    assert history_items(imported.page(page_of(f"{AGENCY_CODE}/2024-00002"))) == ["2024年4月2日 首次公开"]


FRONT = "---\ntitle: 通知\nreview: {result: 待审}\n---\n正文。\n"


@pytest.mark.parametrize(("after", "same"), [
    # the review recorded, in block style
    ("---\ntitle: 通知\nreview:\n  result: 通过\n  by: 王审查\n---\n正文。\n", True),
    # an allow-list, a 清理 decision and the import's notes added
    ("---\ntitle: 通知\nreview: {result: 待审}\nprivacy_allow: ['0794-8000001']\n"
     "cleanup: {decision: 保留, date: 2026-01-05}\nunstated: [issuer]\ninferred: {created: 按公开日期推定}\n"
     "---\n正文。\n", True),
    # the Chinese label of review
    ("---\ntitle: 通知\n保密审查: {result: 通过}\n---\n正文。\n", True),
    ("---\nreview: {result: 待审}\ntitle: 通知\n---\n正文。\n", True),  # keys in another order
    ("---\ntitle: 通知（修订）\nreview: {result: 待审}\n---\n正文。\n", False),  # the title
    ("---\ntitle: 通知\nreview: {result: 待审}\n---\n正文有改。\n", False),  # the body
    ("---\ntitle: 通知\nreview: {result: 待审}\nvalidity: 失效\n---\n正文。\n", False),  # a field added
    ("---\ntitle: [通知\n---\n正文。\n", False),  # front matter that is not YAML
])
def test_only_changes_of_the_document_itself_count(after, same):
    assert same_document(FRONT, after) is same


# -- sample values -----------------------------------------------------------------------------

SAMPLE_CONFIG = textwrap.dedent("""\
    site_name: 临川市市场监督管理局政府信息公开
    site_url: https://scjgj.linchuan.gov.cn/xxgk/
    docs_dir: content
    theme: {name: material, language: zh, font: false}
    plugins:
      - search
      - gongkai:
          today: "2026-11-25"
          inspections: info
          footer:
            site_id: "3610000099"
            icp: 赣ICP备00000000号
            psb: 赣公网安备 36100002000000号
    """)


def with_sample_code(files: dict[str, str]) -> dict[str, str]:
    """``files`` with the sample agency's 统一社会信用代码 (in agency.yml and every 索引号)."""
    return {rel: text.replace(AGENCY_CODE, "11360100MB1C38423B") for rel, text in files.items()}


def test_sample_values_left_for_another_agency_are_warnings(tmp_path: Path):
    write_files(tmp_path / "content", with_sample_code(minimal_site()))
    (tmp_path / "mkdocs.yml").write_text(SAMPLE_CONFIG, encoding="utf-8")
    result = run_build(tmp_path, "--strict")
    assert result.exit_code != 0
    warnings = [line.split("gongkai: ", 1)[1] for line in result.log.splitlines()
                if line.startswith("WARNING") and "sample" in line]
    assert [w.split(" — ")[0] for w in warnings] == [
        "agency.yml:2: code: '11360100MB1C38423B' is the sample agency's 统一社会信用代码, not 临川市测试局's "
        "(it begins every default 索引号)",
        "mkdocs.yml:1: site_name: '临川市市场监督管理局政府信息公开' names the sample agency 临川市市场监督管理局, "
        "but agency.yml names 临川市测试局",
        "mkdocs.yml:2: site_url: 'https://scjgj.linchuan.gov.cn/xxgk/' is the sample site's address "
        "(scjgj.linchuan.gov.cn)",
        "mkdocs.yml:11: plugins.gongkai.footer.site_id: '3610000099' is the sample site's code, not "
        "临川市测试局's",
        "mkdocs.yml:12: plugins.gongkai.footer.icp: '赣ICP备00000000号' is the sample site's code, not "
        "临川市测试局's",
        "mkdocs.yml:13: plugins.gongkai.footer.psb: '赣公网安备 36100002000000号' is the sample site's "
        "code, not 临川市测试局's",
    ]


def test_the_sample_agency_may_keep_its_own_values(tmp_path: Path):
    agency = AGENCY_YML.replace("临川市测试局", "临川市市场监督管理局")
    write_files(tmp_path / "content", with_sample_code({**minimal_site(), "agency.yml": agency}))
    (tmp_path / "mkdocs.yml").write_text(SAMPLE_CONFIG, encoding="utf-8")
    result = run_build(tmp_path, "--strict")
    assert result.exit_code == 0, result.log
    assert "WARNING" not in result.log
