"""The 本级政府 platform: three fixture agencies built with the plugin, then federated.

The agencies and every figure asserted here are in ``platform_fixture.py`` (computed by hand).
The platform reads only what the agencies published: a register planted inside and next to an
agency's output never reaches it.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from gongkai.core.platform.config import AgencyConfig, read_config
from gongkai.core.platform.inspect import report_findings
from gongkai.core.platform.published import Published, read_published
from platform_fixture import SECRET, write_platform

BROKEN = '<a href="../doc/11360100mb00000117-2019-00009/">2019年旧文件</a>'


def gongkai(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins"), "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-m", "gongkai.cli", *args], cwd=cwd, capture_output=True,
                          text=True, env=env, timeout=600)


@dataclass
class Platform:
    root: Path
    site: Path
    build_log: str
    log: str

    def json(self, path: str) -> dict:
        return json.loads((self.site / path).read_text(encoding="utf-8"))

    def page(self, path: str) -> str:
        return (self.site / path / "index.html").read_text(encoding="utf-8")

    def agency(self, path: str) -> dict:
        return next(a for a in self.json("data/agencies.json")["agencies"] if a["path"] == path)


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory) -> Platform:
    """Built as on a developer's machine: every agency with mkdocs build, two at a time; then a
    broken link appears on a published page and registers lie in and beside an output, and the
    platform is federated again from the outputs alone, as the CI platform job does."""
    root = tmp_path_factory.mktemp("platform")
    write_platform(root)
    built = gongkai("platform", "build", "platform.yml", "--jobs", "2", cwd=root)
    assert built.returncode == 0, built.stdout + built.stderr
    page = root / "build/scjgj/agency/index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("</main>", BROKEN + "</main>", 1),
                    encoding="utf-8")
    register = (root / "agencies/jyj/content/registers/2024.yml").read_text(encoding="utf-8")
    for stray in ("build/jyj/registers/2024.yml", "build/jyj/data/register.yaml", "build/registers/2024.yml"):
        (root / stray).parent.mkdir(parents=True, exist_ok=True)
        (root / stray).write_text(register, encoding="utf-8")
    federated = gongkai("platform", "build", "platform.yml", "--no-agency-builds", cwd=root)
    assert federated.returncode == 0, federated.stdout + federated.stderr
    return Platform(root, root / "platform-site", built.stderr, federated.stderr)


def test_each_agency_is_built_in_its_own_process_then_federated(platform):
    for path in ("scjgj", "jyj", "zfb"):
        assert f"gongkai: {path}: mkdocs build done in" in platform.build_log
        assert (platform.root / "build" / path / "data/catalogue.json").is_file()
    assert "3 agency build(s)" in platform.build_log and "with 2 job(s), 0 failed" in platform.build_log
    assert "platform: 3 agencies, 7 entries, 5 inspection finding(s)" in platform.log
    assert "mkdocs build" not in platform.log  # --no-agency-builds: the outputs only


def test_departments_list_counts_and_freshness(platform):
    home = platform.page("")
    for name, count, newest in (("临川市市场监督管理局", 3, "2026-11-01"), ("临川市教育局", 2, "2026-11-20"),
                                ("临川市人民政府办公室", 2, "2026-09-01")):
        row = home.split(f">{name}</a>", 1)[1].split("</tr>", 1)[0]
        assert f"<td class=\"gp-num\" data-count>{count}</td>" in row
        assert f"<td class=\"gp-nowrap\" data-newest>{newest}</td>" in row
    assert "（本级政府）" in home.split("临川市人民政府办公室", 1)[1].split("</tr>", 1)[0]
    columns = {c["name"]: (c["count"], c["newest"]) for c in platform.agency("scjgj")["columns"]}
    assert columns == {"行政许可": (2, "2026-11-01"), "行政处罚": (0, None), "部门动态": (1, "2026-03-01")}
    columns = {c["name"]: (c["count"], c["newest"]) for c in platform.agency("zfb")["columns"]}
    assert columns == {"政府信息公开制度": (1, "2025-12-01"), "通知公告": (1, "2026-09-01")}
    department = platform.page("departments/scjgj/")
    assert '<tr data-column="行政处罚"><th scope="row">行政处罚</th><td class="gp-num">0</td>' in department
    assert "269天未更新</strong>（要求90天内）" in department


def test_one_catalogue_across_agencies_newest_first_with_working_links(platform):
    rows = []
    for path in ("catalogue/", "catalogue/2/"):
        html = platform.page(path)
        body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
        for row in body.split("<tr>")[1:]:
            cells = [c.split(">", 1)[1].split("<", 1)[0] for c in row.split("<td")[1:]]
            href = row.split('<a href="', 1)[1].split('"', 1)[0]
            assert (platform.site / path / href / "index.html").resolve().is_file(), href
            rows.append((cells[0], cells[-1]))
    assert rows == [("临川市教育局", "2026-11-20"), ("临川市市场监督管理局", "2026-11-01"),
                    ("临川市教育局", "2026-10-15"), ("临川市人民政府办公室", "2026-09-01"),
                    ("临川市市场监督管理局", "2026-06-01"), ("临川市市场监督管理局", "2026-03-01"),
                    ("临川市人民政府办公室", "2025-12-01")]
    csv = (platform.site / "data/catalogue.csv").read_text(encoding="utf-8-sig").splitlines()
    assert len(csv) == 8 and csv[1].startswith("临川市教育局,11360100MB0000012A/2026-00002,")


def test_inspection_findings_per_agency(platform):
    findings = {path: [(f["kind"], f["subject"]) for f in platform.agency(path)["findings"]]
                for path in ("scjgj", "jyj", "zfb")}
    assert findings == {
        "scjgj": [("空白栏目", "行政处罚"), ("栏目更新不及时", "部门动态"),
                  ("链接失效", "agency/index.html")],
        "jyj": [("年报逾期未公开", "2025年度报告")],
        "zfb": [("年报缺失", "2024年度报告")],
    }
    assert platform.agency("scjgj")["findings"][2]["detail"].startswith(
        "../doc/11360100mb00000117-2019-00009/：")
    assert platform.agency("jyj")["findings"][0]["detail"] == (
        "应于2026-01-31前公开（条例第四十九条），至2026-11-25仍未公开")
    assert platform.agency("zfb")["report_due"] == {"year": 2025, "deadline": "2026-03-31"}
    assert [platform.agency(p)["reports"] for p in ("scjgj", "jyj", "zfb")] == [[2024, 2025], [2024], [2023, 2025]]
    html = platform.page("inspection/")
    summary = html.split("<tfoot>", 1)[1].split("</tfoot>", 1)[0]
    assert summary.count('<td class="gp-num">1</td>') == 5 and '<td class="gp-num">5</td>' in summary
    for path, count in (("scjgj", 3), ("jyj", 1), ("zfb", 1)):
        section = html.split(f'<section class="gp-agency" id="{path}"', 1)[1].split("</section>", 1)[0]
        assert section.count('<tr data-kind="') == count


def test_registers_in_or_beside_an_output_never_reach_the_platform(platform):
    assert (platform.root / "build/jyj/registers/2024.yml").is_file()
    published = [p for p in platform.site.rglob("*") if p.is_file()]
    assert published and not [p for p in published if p.suffix in (".yml", ".yaml") or "registers" in p.parts]
    assert not [p for p in published if SECRET.encode() in p.read_bytes()]
    assert (platform.site / "jyj/index.html").is_file()  # the agency's site itself is there


def test_agency_index_table_names_the_agencies_in_entry_order(platform):
    table = platform.json("search/agencies.json")
    assert table == {"names": ["临川市市场监督管理局", "临川市教育局", "临川市人民政府办公室"],
                     "hrefs": ["scjgj/", "jyj/", "zfb/"], "starts": [0, 3, 5]}
    # The three agencies' 7 entries are one index, numbered agency by agency.
    assert 'data-documents="7"' in (platform.site / "search/index.html").read_text(encoding="utf-8")


def test_published_link_check_output_is_used_instead_of_checking_again(platform, tmp_path):
    output = platform.root / "build/zfb"
    (output / "data/linkcheck.json").write_text(json.dumps({"broken": [
        {"page": "guide/index.html", "attribute": "href", "link": "../old/", "reason": "没有这个页面"}]}),
        encoding="utf-8")
    try:
        federated = gongkai("platform", "build", "platform.yml", "--no-agency-builds", cwd=platform.root)
        assert federated.returncode == 0, federated.stderr
        zfb = platform.agency("zfb")
        assert zfb["links"] == "published" and platform.agency("scjgj")["links"] == "checked"
        assert ("链接失效", "guide/index.html", "../old/：没有这个页面") in [
            (f["kind"], f["subject"], f["detail"]) for f in zfb["findings"]]
    finally:
        (output / "data/linkcheck.json").unlink()
        gongkai("platform", "build", "platform.yml", "--no-agency-builds", cwd=platform.root)


def test_a_missing_output_is_a_finding_and_an_error(tmp_path):
    write_platform(tmp_path)
    result = gongkai("platform", "build", "platform.yml", "--no-agency-builds", cwd=tmp_path)
    assert result.returncode == 1
    assert "ERROR   -  gongkai: scjgj: " in result.stderr and "data/catalogue.json: is missing" in result.stderr
    scjgj = json.loads((tmp_path / "platform-site/data/agencies.json").read_text(encoding="utf-8"))["agencies"][0]
    assert [f["kind"] for f in scjgj["findings"]] == ["未能读取发布内容"]


AGENCY = AgencyConfig("临川市测试局", "X", "x", Path("."))
GOVERNMENT = AgencyConfig("临川市人民政府", "Y", "y", Path("."), government=True)


@pytest.mark.parametrize(("agency", "years", "today", "expected"), [
    (AGENCY, [2024, 2025], "2026-11-25", []),
    (AGENCY, [2024], "2026-01-31", []),  # the deadline day itself is still in time
    (AGENCY, [2024], "2026-02-01", [("年报逾期未公开", "2025年度报告")]),
    (GOVERNMENT, [2024], "2026-02-01", []),  # the 本级政府 has until 31 March
    (GOVERNMENT, [2024], "2026-04-01", [("年报逾期未公开", "2025年度报告")]),
    (AGENCY, [2022, 2025], "2026-11-25", [("年报缺失", "2023年度报告"), ("年报缺失", "2024年度报告")]),
    (AGENCY, [2023], "2026-11-25", [("年报逾期未公开", "2025年度报告"), ("年报缺失", "2024年度报告")]),
    (AGENCY, [], "2026-11-25", [("年报逾期未公开", "2025年度报告")]),
    (AGENCY, [], "2026-01-10", [("年报缺失", "2024年度报告")]),
])
def test_report_findings(agency, years, today, expected):
    published = Published(agency, reports={year: {} for year in years})
    found = report_findings(published, dt.date.fromisoformat(today))
    assert [(f.kind, f.subject) for f in found] == expected


@pytest.mark.parametrize(("text", "message"), [
    ("agencies: []\n", "platform.yml: name: is missing"),
    ("name: 平台\nagencies: []\n", "platform.yml: agencies: lists no agency"),
    ("name: 平台\nagencies:\n  - {name: 甲, code: A, path: a}\n  - {name: 乙, code: B, path: a}\n",
     "platform.yml:4: agencies.1.path: 'a' is already the path of the agency in line 3"),
    ("name: 平台\nagencies:\n  - {name: 甲, code: A, path: search}\n",
     "platform.yml:3: agencies.0.path: 'search' is not a usable folder name (the platform's own pages use it)"),
    ("name: 平台\nagencies:\n  - {name: 甲, path: a}\n", "platform.yml:3: agencies.0.code: is missing"),
    ("name: 平台\nagencies:\n  - {name: 甲, code: A, path: a, url: ftp://x}\n",
     "platform.yml:3: agencies.0.url: 'ftp://x' is not an http(s) address"),
    ("name: 平台\nstale_days: 0\nagencies:\n  - {name: 甲, code: A, path: a}\n",
     "platform.yml: stale_days: '0' is not a whole number above 0"),
    ("name: [平台\n", "platform.yml:2: is not valid YAML"),
])
def test_configuration_problems_name_line_and_field(tmp_path, text, message):
    file = tmp_path / "platform.yml"
    file.write_text(text, encoding="utf-8")
    config, problems = read_config(file)
    assert config is None
    assert any(str(p).startswith(message) for p in problems), [str(p) for p in problems]



@pytest.mark.browser
def test_one_search_across_agencies_and_the_agency_filter(platform, browser, serve):
    base = serve(platform.site)
    tab = browser.new_context().new_page()

    def results(**params: str) -> list[tuple[str, str, str]]:
        tab.goto(f"{base}search/?{urllib.parse.urlencode(params)}")
        tab.wait_for_selector("[data-gk-search][data-state=results], [data-gk-search][data-state=none]",
                              timeout=20000)
        return tab.eval_on_selector_all(".gk-result", """items => items.map(item => [
            item.querySelector('a').textContent, item.querySelector('a').href,
            item.querySelector('.gk-result__meta').innerText])""")

    found = results(q="许可")
    assert sorted(title for title, _, _ in found) == sorted(
        ["食品经营许可办理指南", "药品零售企业许可事项清单", "关于做好行政许可事项清单管理工作的通知"])
    assert {meta.split("部门：", 1)[1].split()[0] for _, _, meta in found} == {"临川市市场监督管理局",
                                                                              "临川市人民政府办公室"}
    options = tab.eval_on_selector_all("select[name=agency] option", "o => o.map(x => x.textContent)")
    assert options == ["全部", "临川市市场监督管理局（2）", "临川市人民政府办公室（1）"]
    tab.select_option("select[name=agency]", "临川市市场监督管理局")
    tab.wait_for_function("document.querySelectorAll('.gk-result').length === 2")
    assert "agency=" in tab.url
    narrowed = results(q="许可", agency="临川市市场监督管理局")
    assert sorted(title for title, _, _ in narrowed) == ["药品零售企业许可事项清单", "食品经营许可办理指南"]
    href = next(h for t, h, _ in narrowed if t == "食品经营许可办理指南")
    assert href == f"{base}scjgj/doc/11360100mb00000117-2026-00001/"
    tab.goto(href)
    assert "食品经营许可办理指南" in tab.title()
    tab.context.close()


@pytest.mark.browser
def test_the_category_filter_of_a_large_platform_is_fetched_when_asked(platform, browser, serve,
                                                                        tmp_path):
    # At 300 agencies the category column is 300 KB: written apart, fetched for the filter only.
    # Three agencies are small, so the federation runs with GONGKAI_FACETS_INLINE=0.
    root = tmp_path / "copy"
    shutil.copytree(platform.root, root, symlinks=True)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins"), "GONGKAI_FACETS_INLINE": "0"}
    federated = subprocess.run([sys.executable, "-m", "gongkai.cli", "platform", "build",
                                "platform.yml", "--no-agency-builds"], cwd=root, env=env,
                               capture_output=True, text=True, timeout=600)
    assert federated.returncode == 0, federated.stderr
    assert (root / "platform-site/search/facets/category.json").is_file()
    tab = browser.new_context().new_page()
    fetched: list[str] = []
    tab.on("request", lambda request: fetched.append(urllib.parse.urlparse(request.url).path))
    tab.goto(f"{serve(root / 'platform-site')}search/?q=%E8%AE%B8%E5%8F%AF")  # 许可
    tab.wait_for_selector("[data-gk-search][data-state=results]", timeout=20000)
    assert tab.locator(".gk-result").count() == 3
    assert "主题分类：行政许可" in tab.inner_text(".gk-search__results")
    assert not any("/facets/" in path for path in fetched)
    assert tab.is_visible("select[name=agency]") and not tab.is_visible("select[name=category]")
    tab.click("[data-gk-load-filter=category]")
    tab.wait_for_selector("select[name=category]", state="visible")
    assert "/search/facets/category.json" in fetched
    counts = tab.eval_on_selector_all("select[name=category] option", "o => o.map(x => x.textContent)")
    assert counts[0] == "全部" and sum(int(c.split("（")[1].rstrip("）")) for c in counts[1:]) == 3
    tab.context.close()


def test_a_ci_matrix_job_builds_its_agency_only(tmp_path):
    write_platform(tmp_path)
    result = gongkai("platform", "build", "platform.yml", "--agency", "jyj", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "build/jyj/index.html").is_file()
    assert not (tmp_path / "build/scjgj").exists() and not (tmp_path / "platform-site").exists()
    wrong = gongkai("platform", "build", "platform.yml", "--agency", "jyj kjj", cwd=tmp_path)
    assert wrong.returncode == 1
    assert "no agency has the path kjj — use a path listed in platform.yml" in wrong.stderr


@pytest.mark.browser
def test_platform_pages_have_no_serious_accessibility_violation(platform, browser, serve):
    axe = ROOT / "tests" / "a11y" / "node_modules" / "axe-core" / "axe.min.js"
    assert axe.exists(), "install axe-core: npm ci --prefix tests/a11y"
    base = serve(platform.site)
    tab = browser.new_page(viewport={"width": 1280, "height": 900})
    found = []
    for url in ("", "departments/scjgj/", "catalogue/", "catalogue/2/", "inspection/", "search/?q=许可"):
        response = tab.goto(base + url)
        assert response is not None and response.status == 200, url
        if url.startswith("search/"):
            tab.wait_for_selector("[data-gk-search][data-state=results]", timeout=20000)
        requested = tab.evaluate("performance.getEntriesByType('resource').map(r => r.name)")
        assert all(name.startswith(base) for name in requested), requested  # nothing from another host
        tab.add_script_tag(path=str(axe))
        result = tab.evaluate("axe.run(document, {resultTypes: ['violations']})")
        found += [f"/{url}: {v['id']} {v['help']}" for v in result["violations"]
                  if v["impact"] in ("serious", "critical")]
    tab.close()
    assert found == [], "\n".join(found)


def test_a_killed_platform_build_leaves_nothing_behind_the_next_one(platform):
    leftover = platform.root / ".platform-site.building-999999999"
    (leftover / "search").mkdir(parents=True)
    federated = gongkai("platform", "build", "platform.yml", "--no-agency-builds", cwd=platform.root)
    assert federated.returncode == 0, federated.stderr
    assert not leftover.exists()
    assert sorted(p.name for p in platform.root.iterdir() if p.name.startswith(".platform-site")) == []


def test_an_agency_hosted_elsewhere_is_read_from_its_data_and_linked_at_its_url(platform, tmp_path):
    for part in ("data", "reports"):
        shutil.copytree(platform.root / "build/jyj" / part, tmp_path / "jyj" / part)
    (tmp_path / "platform.yml").write_text(yaml.safe_dump({
        "name": "平台", "today": "2026-11-25",
        "agencies": [{"name": "临川市教育局", "code": "11360100MB0000012A", "path": "jyj", "site": "jyj",
                      "url": "https://jyj.linchuan.gov.cn/xxgk"}]}, allow_unicode=True), encoding="utf-8")
    result = gongkai("platform", "build", "platform.yml", cwd=tmp_path)  # nothing to build: no config
    assert result.returncode == 0, result.stderr
    site = tmp_path / "platform-site"
    assert not (site / "jyj").exists()  # not copied: it is served at its url
    catalogue = (site / "catalogue/index.html").read_text(encoding="utf-8")
    assert 'href="https://jyj.linchuan.gov.cn/xxgk/doc/11360100mb0000012a-2026-00002/"' in catalogue
    agencies = json.loads((site / "data/agencies.json").read_text(encoding="utf-8"))["agencies"]
    assert agencies[0]["href"] == "https://jyj.linchuan.gov.cn/xxgk/" and agencies[0]["links"] == ""
    assert [f["kind"] for f in agencies[0]["findings"]] == ["年报逾期未公开"]
    table = json.loads((site / "search/agencies.json").read_text(encoding="utf-8"))
    assert table["hrefs"] == ["https://jyj.linchuan.gov.cn/xxgk/"]


def write_output(folder: Path, files: dict[str, object]) -> None:
    for rel, data in files.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_text(data if isinstance(data, str) else json.dumps(data, ensure_ascii=False),
                                  encoding="utf-8")


CATALOGUE = {"agency": {"name": "临川市测试局", "code": "X"}, "categories": [{"name": "行政许可"}],
             "entries": [{"index_no": "X/2026-00001", "title": "甲", "category": "行政许可",
                          "created": "2026-01-02", "published": "2026-01-03", "url": "doc/x-2026-00001/",
                          "validity": None, "unstated": ["validity"]}]}


@pytest.mark.parametrize(("files", "reports", "problem"), [
    ({"data/catalogue.json": CATALOGUE, "reports/2025/report.json": {"preview": False},
      "reports/2026/report.json": {"preview": True}}, [2025], ""),  # the current year's preview is no report
    ({"reports/2025/report.json": {}}, [], "data/catalogue.json: is missing"),
    ({"data/catalogue.json": "{not json"}, [], "data/catalogue.json: is not a gongkai catalogue"),
    ({"data/catalogue.json": {**CATALOGUE, "agency": {"name": "别的局", "code": "Y"}}}, [],
     "code: the output is of 别的局 (Y), not 临川市测试局 (X)"),
])
def test_what_is_read_of_an_output(tmp_path, files, reports, problem):
    write_output(tmp_path, files)
    published = read_published(AgencyConfig("临川市测试局", "X", "x", tmp_path))
    assert sorted(published.reports) == reports
    assert [str(p) for p in published.problems if problem in str(p)] if problem else not published.problems
    if published.entries:
        entry = published.entries[0]
        assert (entry.slug, entry.validity_stated, entry.published) == ("x-2026-00001", False, dt.date(2026, 1, 3))


def cell(report: dict, table: str, row: str, column: str) -> tuple[object, dict]:
    found = next(c for c in report["breakdown"]
                 if (c["table"], c["row"], c["column"]) == (table, row, column))
    return found["total"], found["parts"]


def test_the_government_report_sums_the_government_and_its_departments(platform):
    # Each register holds one application of a 自然人 and 10 行政许可 decisions (platform_fixture.py).
    total = ("表三", "（七）总计", "自然人")
    permits = ("表二", "行政许可", "本年处理决定数量")
    report = platform.json("government-report/2025/report.json")
    assert report["title"] == "临川市人民政府2025年政府信息公开工作年度报告"
    assert report["parts"] == ["临川市人民政府", "临川市市场监督管理局"] and report["excluded"] == []
    assert cell(report, *total) == (2, {"临川市人民政府": 1, "临川市市场监督管理局": 1})
    assert cell(report, *permits) == (20, {"临川市人民政府": 10, "临川市市场监督管理局": 10})
    report = platform.json("government-report/2024/report.json")  # the government published none
    assert report["parts"] == ["临川市市场监督管理局", "临川市教育局"]
    assert cell(report, *total) == (2, {"临川市市场监督管理局": 1, "临川市教育局": 1})
    report = platform.json("government-report/2023/report.json")
    assert cell(report, *total) == (1, {"临川市人民政府": 1})
    for name in ("index.html", "report.docx", "breakdown.csv", "table-3.csv"):
        assert (platform.site / "government-report/2025" / name).is_file()
    listing = platform.page("government-report/")
    assert '<tr data-year="2025"><th scope="row"><a href="2025/">2025年度报告</a></th>' in listing
    assert "2个：临川市人民政府、临川市市场监督管理局" in listing
    assert '<a href="government-report/">年度报告</a>' in platform.page("")


def test_a_department_report_with_a_wrong_total_is_left_out_and_named(platform):
    path = platform.root / "build/scjgj/reports/2025/report.json"
    original = path.read_text(encoding="utf-8")
    data = json.loads(original)
    row = next(r for r in data["table_3"]["rows"] if r["label"] == "（七）总计")
    row["values"]["自然人"] = 5  # its rows sum to 1
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    try:
        federated = gongkai("platform", "build", "platform.yml", "--no-agency-builds", cwd=platform.root)
        assert federated.returncode == 0, federated.stderr
        assert "WARNING -  gongkai: 临川市市场监督管理局 reports/2025/report.json" in federated.stderr
        report = platform.json("government-report/2025/report.json")
        assert report["parts"] == ["临川市人民政府"]
        assert [e["name"] for e in report["excluded"]] == ["临川市市场监督管理局"]
        assert cell(report, "表三", "（七）总计", "自然人") == (1, {"临川市人民政府": 1})
        assert '<strong class="gp-bad">临川市市场监督管理局</strong>' in platform.page("government-report/")
    finally:
        path.write_text(original, encoding="utf-8")
        gongkai("platform", "build", "platform.yml", "--no-agency-builds", cwd=platform.root)


def test_the_link_check_writes_the_findings_the_platform_reads(platform, tmp_path):
    # What an agency's CI job runs after its build (the templates); the platform reads the file.
    site = tmp_path / "scjgj"
    shutil.copytree(platform.root / "build/scjgj", site)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins")}
    result = subprocess.run([sys.executable, "-m", "gongkai.core.linkcheck", str(site), "--json",
                             str(site / "data/linkcheck.json")], capture_output=True, text=True, env=env)
    assert result.returncode == 1  # the planted broken link
    findings = json.loads((site / "data/linkcheck.json").read_text(encoding="utf-8"))
    assert [(b["page"], b["link"]) for b in findings["broken"]] == [
        ("agency/index.html", "../doc/11360100mb00000117-2019-00009/")]
    published = read_published(AgencyConfig("临川市市场监督管理局", "11360100MB00000117", "scjgj", site))
    assert published.links == "published"
    assert [(b.page, b.link) for b in published.broken] == [
        ("agency/index.html", "../doc/11360100mb00000117-2019-00009/")]
