"""The ``gongkai`` console script as a webmaster runs it: ``new``, ``check`` and ``import``.

Each test writes a fixture site into ``tmp_path``, runs the installed console script as a
subprocess in that folder and asserts on its exit status, its output and the files it wrote.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

from conftest import AGENCY_CODE, entry, minimal_site, run_build, write_site

GONGKAI = Path(sys.executable).with_name("gongkai")
TODAY = "2026-11-25"  # the fixture sites' build date (plugin option `today`)


def gongkai(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run ``gongkai <args>`` in the site folder ``root``."""
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    return subprocess.run([str(GONGKAI), *args], cwd=root, capture_output=True, text=True,
                          env=env, timeout=300)


def site(root: Path, files: dict[str, str | bytes | None] | None = None) -> Path:
    merged: dict[str, str | bytes] = dict(minimal_site())
    for rel, data in (files or {}).items():
        if data is None:
            merged.pop(rel, None)
        else:
            merged[rel] = data
    write_site(root, merged)
    return root


def gongkai_lines(text: str) -> list[str]:
    """The content-problem lines (``LEVEL - gongkai: path:…``) of a log, in order."""
    return [line.rstrip() for line in text.splitlines()
            if re.match(r"^(ERROR|WARNING|INFO) +-  gongkai: [^ ]+\.(md|yml)", line)]


# -- gongkai check ---------------------------------------------------------------------------------


def test_check_passes_a_valid_site_and_writes_nothing(tmp_path):
    root = site(tmp_path)
    result = gongkai(root, "check")
    assert result.returncode == 0, result.stderr
    assert "gongkai check: 0 error(s), 0 warning(s)" in result.stderr
    assert not (root / "site").exists()


def test_check_reports_the_same_lines_as_the_build_and_fails_on_errors(tmp_path):
    root = site(tmp_path, {
        "catalogue/2024/a.md": entry(created="2024-13-01"),
        "catalogue/2024/b.md": entry(f"{AGENCY_CODE}/2024-00002", category="行政许诺"),
        "catalogue/2023/c.md": entry(f"{AGENCY_CODE}/2023-00001", summary="很长的概述" * 21),
    })
    checked = gongkai(root, "check")
    built = run_build(root)
    assert checked.returncode == 1 and built.exit_code == 1
    lines = gongkai_lines(checked.stderr)
    assert lines == gongkai_lines(built.log)
    assert "ERROR   -  gongkai: catalogue/2024/a.md:5: created: '2024-13-01' is not a valid date" \
           " — write a real calendar date as YYYY-MM-DD, e.g. 2024-03-08" in lines
    assert "WARNING -  gongkai: catalogue/2023/c.md:7: summary: 内容概述 has 105 characters, more " \
           "than 100 — shorten it to one or two sentences; the full text goes in the body" in lines
    assert any("catalogue/2024/b.md:4: category: unknown category '行政许诺' — did you mean '行政许可'?"
               in line for line in lines)
    assert "gongkai check: 2 error(s), 1 warning(s)" in checked.stderr
    assert "Traceback" not in checked.stderr


def test_check_strict_fails_on_warnings_like_the_strict_build(tmp_path):
    root = site(tmp_path, {"catalogue/2023/c.md": entry(f"{AGENCY_CODE}/2023-00001",
                                                        summary="很长的概述" * 21)})
    assert gongkai(root, "check").returncode == 0
    strict = gongkai(root, "check", "--strict")
    assert strict.returncode == 1
    assert "0 error(s), 1 warning(s)" in strict.stderr


def test_check_reports_the_site_findings_of_the_build(tmp_path):
    # Findings that need the whole model: empty columns (inspections as warnings), a 行政规范性文件
    # still 有效 seven years after it was made (清理 due), a 预算 published 25 days after approval.
    budget = textwrap.dedent("""\
        year: 2025
        kind: 预算
        approved: 2025-01-20
        published: 2025-02-14
        tables:
          - name: 收支总表
            rows: [{item: 收入合计, amount: 100}]
        """)
    root = tmp_path
    write_site(root, {**minimal_site(),
                      "catalogue/2019/old.md": entry(f"{AGENCY_CODE}/2019-00001", category="行政规范性文件",
                                                     created="2019-03-01", published="2019-03-05",
                                                     title="临川市测试局旧规范性文件"),
                      "budgets/2025-预算.yml": budget},
               plugin_options={"inspections": "warn"})
    checked = gongkai(root, "check")
    built = run_build(root)
    assert checked.returncode == 0 and built.exit_code == 0, built.log

    def findings(log: str) -> list[str]:
        return [line for line in log.splitlines()
                if re.match(r"^(WARNING|INFO) +-  gongkai: ", line)
                and ("清理" in line or "栏目" in line or "days after" in line or "empty" in line)]

    lines = findings(checked.stderr)
    assert lines == findings(built.log)
    assert any("catalogue/2019/old.md" in line and "清理" in line for line in lines), lines
    assert any("budgets/2025-预算.yml" in line for line in lines), lines
    assert any(line.startswith("WARNING") and "重大建设项目" in line for line in lines), lines


def test_check_without_a_config_says_where_it_looked(tmp_path):
    result = gongkai(tmp_path, "check")
    assert result.returncode == 1
    assert "ERROR   -  gongkai: mkdocs.yml: not found — run gongkai in the site's folder" in result.stderr
    assert "Traceback" not in result.stderr


# -- gongkai new -----------------------------------------------------------------------------------


def test_new_writes_an_unreviewed_entry_with_the_next_free_index_no_and_todays_dates(tmp_path):
    root = site(tmp_path, {
        "catalogue/2026/x.md": entry(f"{AGENCY_CODE}/2026-00001", created="2026-01-05",
                                     published="2026-01-06"),
        # Serials are never reused: after 00007 comes 00008, even with 00002–00006 unused…
        "catalogue/2026/y.md": entry(f"{AGENCY_CODE}/2026-00007", created="2026-02-05",
                                     published="2026-02-06"),
        # …and a withheld entry keeps its number too.
        "catalogue/2026/z.md": entry(f"{AGENCY_CODE}/2026-00008", created="2026-03-05",
                                     published="2026-03-06", review="待审"),
    })
    result = gongkai(root, "new", "行政许可", "--title", "关于公布行政许可事项的通告")
    assert result.returncode == 0, result.stderr
    written = root / "content/catalogue/2026/2026-00009.md"
    assert result.stdout.strip() == str(Path("content/catalogue/2026/2026-00009.md"))
    front = yaml.safe_load(written.read_text(encoding="utf-8").split("---")[1])
    assert front["index_no"] == f"{AGENCY_CODE}/2026-00009"
    assert front["title"] == "关于公布行政许可事项的通告"
    assert front["category"] == "行政许可"
    assert front["created"] == front["published"] == dt.date(2026, 11, 25)
    assert front["review"] == {"result": "待审"}

    # The next one follows it; a category may be named by its URL slug.
    second = gongkai(root, "new", "xingzheng-xuke")
    assert second.returncode == 0, second.stderr
    assert (root / "content/catalogue/2026/2026-00010.md").is_file()

    # The new files pass the check and are published nowhere until reviewed.
    assert gongkai(root, "check").returncode == 0
    built = run_build(root, "--strict")
    assert built.exit_code == 0, built.log
    assert not (built.site_dir / f"doc/{AGENCY_CODE.lower()}-2026-00009").exists()
    assert "2026-00009" not in (built.site_dir / "data/catalogue.json").read_text(encoding="utf-8")


def test_new_starts_a_year_at_serial_one(tmp_path):
    root = site(tmp_path)  # entries of 2023 and 2024 only
    result = gongkai(root, "new", "行政许可")
    assert result.returncode == 0, result.stderr
    assert f"index_no: {AGENCY_CODE}/2026-00001" in \
        (root / "content/catalogue/2026/2026-00001.md").read_text(encoding="utf-8")


def test_new_with_an_unknown_category_suggests_the_nearest(tmp_path):
    root = site(tmp_path)
    result = gongkai(root, "new", "行政许诺")
    assert result.returncode == 1
    assert "unknown category '行政许诺' — did you mean '行政许可'?" in result.stderr
    assert not (root / "content/catalogue/2026").exists()


# -- gongkai import --------------------------------------------------------------------------------

CSV_HEADER = "索引号,文件名称,文号,主题分类,成文日期,发布日期,内容概述,发布机构,有效性\n"
CSV_ROWS = [
    # row 2: converted (dates in two CMS spellings)
    f"{AGENCY_CODE}/2025-00001,临川市测试局2025年行政许可实施情况,,行政许可,2025/3/8,2025年3月9日,"
    "公布2025年行政许可实施情况。,临川市测试局,现行有效\n",
    # row 3: 30 February
    f"{AGENCY_CODE}/2025-00002,关于开展计量检查的通知,临测〔2025〕2号,其他法定公开信息,2025-02-30,"
    "2025-03-02,部署计量检查。,,有效\n",
    # row 4: a category the site does not have
    f"{AGENCY_CODE}/2025-00003,部门动态一则,,部门动态,2025-04-01,2025-04-02,本局动态。,,有效\n",
    # row 5: an unquoted comma in the title splits the row
    f"{AGENCY_CODE}/2025-00004,关于甲,乙事项的通知,,行政许可,2025-05-01,2025-05-02,甲乙事项。,,有效\n",
    # row 6: the 索引号 of an entry already in the catalogue
    f"{AGENCY_CODE}/2024-00001,重复导入,,行政许可,2024-03-01,2024-03-08,重复。,,有效\n",
    # row 7: converted
    f"{AGENCY_CODE}/2025-00005,临川市测试局规范性文件清理结果,临测规〔2025〕1号,行政规范性文件,"
    "2025-06-01,2025-06-03,公布规范性文件清理结果。,,有效\n",
    # row 8: 废止 needs a 废止日期
    f"{AGENCY_CODE}/2025-00006,旧办法,,行政规范性文件,2020-06-01,2020-06-03,旧办法。,,已废止\n",
    # row 9: no title
    f"{AGENCY_CODE}/2025-00007,,,行政许可,2025-07-01,2025-07-02,无标题。,,有效\n",
]


def test_import_csv_converts_good_rows_and_reports_each_bad_row_by_number(tmp_path):
    root = site(tmp_path)
    (root / "old.csv").write_text(CSV_HEADER + "".join(CSV_ROWS), encoding="utf-8")
    result = gongkai(root, "import", "old.csv")
    assert result.returncode == 1  # some rows could not be converted
    assert result.stdout.splitlines() == [
        str(Path("content/catalogue/2025/2025-00001.md")),
        str(Path("content/catalogue/2025/2025-00005.md")),
    ]
    errors = [line for line in result.stderr.splitlines() if line.startswith("ERROR")]
    assert errors == [
        "ERROR   -  gongkai: old.csv:3: 成文日期: '2025-02-30' is not a date — write a real date as YYYY-MM-DD",
        "ERROR   -  gongkai: old.csv:4: 主题分类: unknown category '部门动态' — use a configured "
        "category or add it to 'categories' in mkdocs.yml",
        "ERROR   -  gongkai: old.csv:5: the row has 10 cells but the header has 9 — a cell probably "
        "contains an unquoted comma: quote it or export again as .xlsx",
        f"ERROR   -  gongkai: old.csv:6: 索引号: 索引号 '{AGENCY_CODE}/2024-00001' is already used by "
        "catalogue/2024/a.md ('关于开展2024年计量器具检定工作的通知') — 索引号 are permanent and "
        "unique; correct the number in the sheet",
        "ERROR   -  gongkai: old.csv:8: 有效性: 有效性 is 废止 but there is no 废止日期 — add a 废止日期 "
        "column with the date it ceased to be in force",
        "ERROR   -  gongkai: old.csv:9: 标题: empty — fill in the 标题 of this row",
    ]
    assert "8 row(s): wrote 2 entries, 6 row(s) not converted (listed above), 0 imported before" \
        in result.stderr
    assert "review result 待审" in result.stderr

    text = (root / "content/catalogue/2025/2025-00001.md").read_text(encoding="utf-8")
    front = yaml.safe_load(text.split("---")[1])
    assert front == {
        "title": "临川市测试局2025年行政许可实施情况",
        "index_no": f"{AGENCY_CODE}/2025-00001",
        "category": "行政许可",
        "created": dt.date(2025, 3, 8),
        "published": dt.date(2025, 3, 9),
        "summary": "公布2025年行政许可实施情况。",
        "issuer": "临川市测试局",
        "review": {"result": "待审"},
    }
    # Run again after the sheet is corrected: rows imported before are skipped, not errors.
    fixed = [row for number, row in enumerate(CSV_ROWS, start=2) if number in (2, 7)]
    (root / "old.csv").write_text(CSV_HEADER + "".join(fixed), encoding="utf-8")
    again = gongkai(root, "import", "old.csv")
    assert again.returncode == 0, again.stderr
    assert again.stdout == ""
    assert "INFO    -  gongkai: old.csv:2: 索引号: already imported as catalogue/2025/2025-00001.md" \
           " — skipped" in again.stderr
    assert "2 row(s): wrote 0 entries, 0 row(s) not converted (listed above), 2 imported before" \
        in again.stderr

    # The imported entries are valid content, and unreviewed: the build publishes neither.
    assert gongkai(root, "check").returncode == 0
    built = run_build(root, "--strict")
    assert built.exit_code == 0, built.log
    assert "2025-00001" not in (built.site_dir / "data/catalogue.json").read_text(encoding="utf-8")


def test_import_xlsx_with_a_title_line_date_cells_and_a_malformed_row(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    root = site(tmp_path)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["临川市测试局政府信息公开目录（导出）"])  # row 1: a title line above the table
    sheet.append(["序号", "索引号", "标题", "发文字号", "信息分类", "生成日期", "公开日期", "摘要", "时效性"])
    sheet.append([1, f"{AGENCY_CODE}/2025-00011", "临川市测试局2025年度收费项目公示", "",
                  "行政事业性收费", dt.datetime(2025, 1, 10), dt.datetime(2025, 1, 12),
                  "公示本局行政事业性收费项目。", "有效"])
    sheet.append([2, f"{AGENCY_CODE}/2025-00012", "关于规范计量收费的通知", "临测〔2025〕3号",
                  "行政事业性收费", "二〇二五年一月", dt.datetime(2025, 1, 20),
                  "规范计量收费。", "有效"])
    sheet.append([3, "2025-13", "索引号写错的文件", "", "行政许可", dt.datetime(2025, 2, 1),
                  dt.datetime(2025, 2, 2), "示例。", "有效"])
    book.save(root / "目录.xlsx")

    result = gongkai(root, "import", "目录.xlsx")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [str(Path("content/catalogue/2025/2025-00011.md"))]
    errors = [line for line in result.stderr.splitlines() if line.startswith("ERROR")]
    assert errors == [
        "ERROR   -  gongkai: 目录.xlsx:4: 成文日期: '二〇二五年一月' is not a date — write a real date as YYYY-MM-DD",
        "ERROR   -  gongkai: 目录.xlsx:5: 索引号: '2025-13' does not match the pattern "
        "<code>/<YYYY>-<NNNNN> — set index_no_pattern in mkdocs.yml to the pattern of your existing "
        "numbers (索引号 never change)",
    ]
    front = yaml.safe_load((root / "content/catalogue/2025/2025-00011.md")
                           .read_text(encoding="utf-8").split("---")[1])
    assert front["created"] == dt.date(2025, 1, 10) and front["category"] == "行政事业性收费"
    assert front["review"] == {"result": "待审"}


def test_import_reads_gb18030_csv_and_dry_run_writes_nothing(tmp_path):
    root = site(tmp_path)
    (root / "old.csv").write_bytes((CSV_HEADER + CSV_ROWS[0]).encode("gb18030"))
    result = gongkai(root, "import", "old.csv", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "1 row(s): would write 1 entry, 0 row(s) not converted (listed above), 0 imported before" \
        in result.stderr
    assert not (root / "content/catalogue/2025").exists()


def test_import_without_a_required_column_converts_nothing(tmp_path):
    root = site(tmp_path)
    header = CSV_HEADER.replace(",内容概述", "").replace(",发布机构", "")
    (root / "old.csv").write_text(header + "a,b,c,d,2025-01-01,2025-01-02,有效\n", encoding="utf-8")
    result = gongkai(root, "import", "old.csv")
    assert result.returncode == 1
    assert "old.csv:1: no column 内容概述 — add the column(s) to the export" in result.stderr
    assert not (root / "content/catalogue/2025").exists()


def test_import_of_a_damaged_spreadsheet_is_one_message(tmp_path):
    root = site(tmp_path)
    (root / "broken.xlsx").write_bytes(b"this is not a zip file")
    result = gongkai(root, "import", "broken.xlsx")
    assert result.returncode == 1
    assert "broken.xlsx: cannot be read" in result.stderr
    assert "Traceback" not in result.stderr
