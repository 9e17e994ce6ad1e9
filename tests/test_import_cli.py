"""``gongkai import`` as a webmaster runs it on an old CMS export (issue 13).

What is asserted is what the webmaster sees: the mapping printed first, the messages (one per
unknown value, not one per row), the summary, the report file, the mapping template and the entry
files written (the loader's reading of also_in/unstated/inferred is tested elsewhere).
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import yaml

from conftest import AGENCY_CODE, write_site
from test_cli import gongkai, site
from test_import_reading import excel_csv, front, report

DATA = Path(__file__).parent / "data" / "import"

CSV_HEADER = ["索引号", "文件名称", "文号", "主题分类", "成文日期", "发布日期", "内容概述", "发布机构", "有效性"]
CSV_ROWS = [
    # row 2: converted (dates in two CMS spellings)
    [f"{AGENCY_CODE}/2025-00001", "临川市测试局2025年行政许可实施情况", "", "行政许可", "2025/3/8",
     "2025年3月9日", "公布2025年行政许可实施情况。", "临川市测试局", "现行有效"],
    # row 3: 30 February
    [f"{AGENCY_CODE}/2025-00002", "关于开展计量检查的通知", "临测〔2025〕2号", "其他法定公开信息",
     "2025-02-30", "2025-03-02", "部署计量检查。", "", "有效"],
    # row 4: a category the site does not have
    [f"{AGENCY_CODE}/2025-00003", "部门动态一则", "", "部门动态", "2025-04-01", "2025-04-02", "本局动态。",
     "", "有效"],
    # row 5: the 索引号 of an entry already in the catalogue, another title
    [f"{AGENCY_CODE}/2024-00001", "重复导入", "", "行政许可", "2024-03-01", "2024-03-08", "重复。", "",
     "有效"],
    # row 6: converted; no 发布机构 in the cell
    [f"{AGENCY_CODE}/2025-00005", "临川市测试局规范性文件清理结果", "临测规〔2025〕1号", "行政规范性文件",
     "2025-06-01", "2025-06-03", "公布规范性文件清理结果。", "", "有效"],
    # row 7: 废止 needs a 废止日期
    [f"{AGENCY_CODE}/2025-00006", "旧办法", "", "行政规范性文件", "2020-06-01", "2020-06-03", "旧办法。",
     "", "已废止"],
    # row 8: no title
    [f"{AGENCY_CODE}/2025-00007", "", "", "行政许可", "2025-07-01", "2025-07-02", "无标题。", "", "有效"],
]


def write_csv(root: Path, rows: list[list[str]], name: str = "old.csv",
              header: list[str] | None = None) -> None:
    (root / name).write_text(excel_csv([header or CSV_HEADER, *rows]), encoding="utf-8")


def test_import_converts_good_rows_reports_bad_ones_by_row_and_summarises(tmp_path):
    root = site(tmp_path)
    write_csv(root, CSV_ROWS)
    result = gongkai(root, "import", "old.csv")
    assert result.returncode == 1  # some rows could not be converted
    lines = result.stderr.splitlines()
    # The mapping used comes first.
    assert lines[:10] == [
        "old.csv: header in row 1, 7 row(s) below; columns:",
        "  索引号 → index_no", "  文件名称 → title", "  文号 → doc_no", "  主题分类 → category",
        "  成文日期 → created", "  发布日期 → published", "  内容概述 → summary", "  发布机构 → issuer",
        "  有效性 → validity"]
    errors = [line for line in lines if line.startswith("ERROR")]
    assert errors == [
        "ERROR   -  gongkai: old.csv:3: 成文日期: '2025-02-30' is not a date — write a date such as "
        "2023-09-26 or 2023年9月26日",
        "ERROR   -  gongkai: old.csv: 主题分类: unknown category '部门动态' in 1 row(s) (row 4) — map it "
        "under 'categories:' in import-map.yml and run the import again (a template is written "
        "next to the export)",
        "ERROR   -  gongkai: old.csv:7: 有效性: 有效性 is 废止 but there is no 废止日期 — add a "
        "废止日期/失效时间 column with the date it ceased to be in force",
        "ERROR   -  gongkai: old.csv:8: 文件名称: empty — fill in the 标题 of this row",
        f"ERROR   -  gongkai: old.csv:5: 索引号: 索引号 '{AGENCY_CODE}/2024-00001' is already used by "
        "catalogue/2024/a.md ('关于开展2024年计量器具检定工作的通知') — 索引号 are permanent and "
        "unique; correct the number in the sheet",
    ]
    assert ("gongkai import: 7 row(s) read, wrote 2 entries, 0 merged into another row's entry "
            "(also_in or listed twice), 0 imported before, 5 skipped") in lines
    assert "  mapped: 有效性 '现行有效' → 有效: 1" in lines
    assert "  unstated: issuer: 1" in lines
    assert "Row by row: import-report.csv" in lines
    assert "review result 待审" in result.stderr
    assert result.stdout == ""
    assert [(r["行"], r["结果"], r["条目文件"]) for r in report(root)] == [
        ("2", "写入", "catalogue/2025/2025-00001.md"), ("3", "跳过", ""), ("4", "跳过", ""),
        ("5", "跳过", ""), ("6", "写入", "catalogue/2025/2025-00005.md"), ("7", "跳过", ""),
        ("8", "跳过", "")]

    assert front(root, "catalogue/2025/2025-00001.md") == {
        "title": "临川市测试局2025年行政许可实施情况",
        "index_no": f"{AGENCY_CODE}/2025-00001",
        "category": "行政许可",
        "created": dt.date(2025, 3, 8),
        "published": dt.date(2025, 3, 9),
        "summary": "公布2025年行政许可实施情况。",
        "issuer": "临川市测试局",
        "review": {"result": "待审", "previously_published": True},
    }
    # No 发布机构 in the cell: unstated, not the agency's own name.
    assert front(root, "catalogue/2025/2025-00005.md")["unstated"] == ["issuer"]
    assert "issuer" not in front(root, "catalogue/2025/2025-00005.md")

    # Run again after the sheet is corrected: rows imported before are skipped, not errors.
    fixed = [CSV_ROWS[0], CSV_ROWS[4], [*CSV_ROWS[1][:4], "2025-02-28", *CSV_ROWS[1][5:]]]
    write_csv(root, fixed)
    again = gongkai(root, "import", "old.csv")
    assert again.returncode == 0, again.stderr
    assert ("3 row(s) read, wrote 1 entry, 0 merged into another row's entry (also_in or listed "
            "twice), 2 imported before, 0 skipped") in again.stderr
    assert [(r["行"], r["结果"], r["说明"]) for r in report(root)] == [
        ("2", "已导入", "imported before: skipped"), ("3", "已导入", "imported before: skipped"),
        ("4", "写入", "")]


def test_unknown_categories_are_reported_once_each_with_their_count_and_mapped_once(tmp_path):
    """884 rows of 18 主题 values gave 1,768 lines; now one line per value and a template."""
    root = site(tmp_path)
    themes = ["工业、交通"] * 5 + ["综合政务"] * 3 + ["行政许可"]
    rows = [[f"{AGENCY_CODE}/2025-{n:05d}", f"文件{n}", "", theme, "2025-03-08", "2025-03-09", "概述。",
             "临川市测试局", "有效"] for n, theme in enumerate(themes, start=1)]
    write_csv(root, rows)
    result = gongkai(root, "import", "old.csv")
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("ERROR")]
    assert errors == [
        "ERROR   -  gongkai: old.csv: 主题分类: unknown category '工业、交通' in 5 row(s) (rows 2, 3, 4, "
        "…) — map it under 'categories:' in import-map.yml and run the import again (a template is "
        "written next to the export)",
        "ERROR   -  gongkai: old.csv: 主题分类: unknown category '综合政务' in 3 row(s) (rows 7, 8, 9) — "
        "map it under 'categories:' in import-map.yml and run the import again (a template is "
        "written next to the export)",
    ]
    assert "Unknown values are listed in import-map.yml: fill them in and run the import again" \
        in result.stderr
    template = (root / "import-map.yml").read_text(encoding="utf-8")
    assert "  工业、交通: null   # 5 row(s)\n  综合政务: null   # 3 row(s)\n" in template
    assert yaml.safe_load(template)["columns"]["主题分类"] == "category"

    # The webmaster fills the template in once and runs the import again.
    edited = template.replace("工业、交通: null", "工业、交通: [行政许可, 监督检查]") \
        .replace("综合政务: null", "综合政务: 其他法定公开信息")
    (root / "import-map.yml").write_text(edited, encoding="utf-8")
    again = gongkai(root, "import", "old.csv")
    assert again.returncode == 0, again.stderr
    assert "wrote 8 entries" in again.stderr and "1 imported before" in again.stderr
    assert "  mapped: 主题分类 '工业、交通' → 行政许可、监督检查: 5" in again.stderr.splitlines()
    one = front(root, "catalogue/2025/2025-00001.md")
    assert (one["category"], one["also_in"]) == ("行政许可", ["监督检查"])
    assert front(root, "catalogue/2025/2025-00006.md")["category"] == "其他法定公开信息"


def test_a_document_listed_under_two_columns_becomes_one_entry_with_also_in(tmp_path):
    root = site(tmp_path)
    same = [f"{AGENCY_CODE}/2025-00001", "临川市测试局行政规范性文件管理办法", "临测规〔2025〕1号"]
    rows = [[*same, "行政规范性文件", "2025-03-08", "2025-03-09", "管理办法。", "临川市测试局", "有效"],
            [*same, "民生政策", "2025-03-08", "2025-03-09", "管理办法。", "临川市测试局", "有效"],
            [*same, "行政规范性文件", "2025-03-08", "2025-03-09", "管理办法。", "临川市测试局", "有效"]]
    write_csv(root, rows)
    result = gongkai(root, "import", "old.csv")
    assert result.returncode == 0, result.stderr
    assert ("3 row(s) read, wrote 1 entry, 2 merged into another row's entry (also_in or listed "
            "twice), 0 imported before, 0 skipped") in result.stderr
    entry = front(root, "catalogue/2025/2025-00001.md")
    assert (entry["category"], entry["also_in"]) == ("行政规范性文件", ["民生政策"])
    assert [(r["行"], r["结果"], r["说明"]) for r in report(root)] == [
        ("2", "写入", ""),
        ("3", "合并", "the same document as row 2 (listed under 民生政策: also_in)"),
        ("4", "合并", "the same document as row 2 (listed twice)")]


def test_a_real_duplicate_index_no_is_an_error_naming_both_rows(tmp_path):
    root = site(tmp_path)
    rows = [[f"{AGENCY_CODE}/2025-00001", "甲文件", "", "行政许可", "2025-03-08", "2025-03-09", "甲。",
             "临川市测试局", "有效"],
            [f"{AGENCY_CODE}/2025-00002", "乙文件", "", "行政许可", "2025-03-08", "2025-03-09", "乙。",
             "临川市测试局", "有效"],
            [f"{AGENCY_CODE}/2025-00001", "丙文件", "", "民生政策", "2025-03-08", "2025-03-09", "丙。",
             "临川市测试局", "有效"]]
    write_csv(root, rows)
    result = gongkai(root, "import", "old.csv")
    assert result.returncode == 1
    message = (f"索引号: 索引号 '{AGENCY_CODE}/2025-00001' is in row 2 ('甲文件') and row 4 ('丙文件') — "
               "every document needs its own 索引号; correct one of the rows")
    errors = [line for line in result.stderr.splitlines() if line.startswith("ERROR")]
    assert errors == [f"ERROR   -  gongkai: old.csv:2: {message}"]  # once, naming both rows
    assert "  skipped: duplicate 索引号: 2" in result.stderr.splitlines()
    assert [r["结果"] for r in report(root)] == ["跳过", "写入", "跳过"]
    assert not (root / "content/catalogue/2025/2025-00001.md").exists()
    assert (root / "content/catalogue/2025/2025-00002.md").exists()


def test_fields_the_export_lacks_are_unstated_or_given_by_an_option(tmp_path):
    """No 有效性, 发布机构, 内容概述, 文号 or 成文日期 column: a 1991 notice is not printed as 有效,
    the agency's name is not printed as another ministry's 发布机构, and no row is rejected for a
    missing 内容概述 column."""
    root = site(tmp_path)
    header = ["索引号", "标题", "栏目名称", "时间"]
    rows = [[f"{AGENCY_CODE}/1991-00001", "关于加强计量管理的通知", "其他法定公开信息", "1991-10-01"],
            [f"{AGENCY_CODE}/2025-00001", "关于开展计量检查的通知", "行政许可", "2025/3/9 0:00:00"]]
    write_csv(root, rows, header=header)

    refused = gongkai(root, "import", "old.csv")
    assert refused.returncode == 1
    assert ("ERROR   -  gongkai: old.csv: 成文日期: no 成文日期 in 2 row(s) (rows 2, 3) — add a 成文日期 "
            "column, or run with --created-from-published (writes inferred: {created: 按公开日期推定})"
            ) in refused.stderr
    assert "  skipped: no 成文日期: 2" in refused.stderr.splitlines()
    assert not (root / "content/catalogue/1991").exists()

    result = gongkai(root, "import", "old.csv", "--created-from-published")
    assert result.returncode == 0, result.stderr
    old = front(root, "catalogue/1991/1991-00001.md")
    assert old == {
        "title": "关于加强计量管理的通知", "index_no": f"{AGENCY_CODE}/1991-00001",
        "category": "其他法定公开信息", "created": dt.date(1991, 10, 1),
        "published": dt.date(1991, 10, 1),
        "unstated": ["summary", "issuer", "doc_no", "validity"],
        "inferred": {"created": "按公开日期推定"}, "review": {"result": "待审", "previously_published": True}}
    lines = result.stderr.splitlines()
    assert "  inferred: created: 按公开日期推定: 2" in lines
    assert "  unstated: validity: 2" in lines and "  unstated: issuer: 2" in lines

    # Stated by the webmaster for the whole export: written as values, nothing unstated.
    other = site(tmp_path / "other")
    write_csv(other, rows, header=header)
    given = gongkai(other, "import", "old.csv", "--created-from-published", "--issuer",
                    "临川市测试局", "--validity", "失效")
    assert given.returncode == 1  # 失效 needs a 废止日期
    assert "有效性 is 失效 but there is no 废止日期" in given.stderr
    given = gongkai(other, "import", "old.csv", "--created-from-published", "--issuer", "临川市测试局",
                    "--validity", "已修改")
    assert given.returncode == 0, given.stderr
    entry = front(other, "catalogue/2025/2025-00001.md")
    assert (entry["issuer"], entry["validity"], entry["unstated"]) == \
        ("临川市测试局", "已修改", ["summary", "doc_no"])


def test_an_empty_validity_cell_is_unstated_not_valid(tmp_path):
    root = site(tmp_path)
    rows = [[f"{AGENCY_CODE}/2025-00001", "甲文件", "", "行政许可", "2025-03-08", "2025-03-09", "甲。",
             "临川市测试局", ""]]
    write_csv(root, rows)
    assert gongkai(root, "import", "old.csv").returncode == 0
    assert front(root, "catalogue/2025/2025-00001.md")["unstated"] == ["validity"]


def test_the_mapping_file_names_columns_the_vocabulary_lacks(tmp_path):
    root = site(tmp_path)
    header = ["文件题目", "编码", "栏目", "公开时间", "成文时间", "备注"]
    rows = [["关于开展计量检查的通知", f"{AGENCY_CODE}/2025-00001", "行政许可", "2025-03-09",
             "2025-03-08", "无"]]
    write_csv(root, rows, name="export.csv", header=header)
    (root / "my-map.yml").write_text("columns: {文件题目: title, 编码: 索引号, 备注: ignore}\n"
                                     "defaults: {issuer: 临川市测试局}\n", encoding="utf-8")
    result = gongkai(root, "import", "export.csv", "--map", "my-map.yml")
    assert result.returncode == 0, result.stderr
    assert "  文件题目 → title" in result.stderr.splitlines()
    assert "  编码 → index_no" in result.stderr.splitlines()
    assert "  备注 (ignored) → not imported" in result.stderr.splitlines()
    entry = front(root, "catalogue/2025/2025-00001.md")
    assert (entry["title"], entry["issuer"]) == ("关于开展计量检查的通知", "临川市测试局")

    (root / "bad-map.yml").write_text("columns: {文件题目: 题目}\n", encoding="utf-8")
    bad = gongkai(root, "import", "export.csv", "--map", "bad-map.yml")
    assert bad.returncode == 1
    assert "bad-map.yml: columns: 文件题目: '题目' is not a field" in bad.stderr


def test_real_hebei_exports_import_after_one_mapping(tmp_path):
    """Real exports of two Hebei agencies (tests/data/import/README.txt): no 索引号, one date
    column, 一级类别/主题 values to map, the same document in two columns and twice in one, a
    repeated header row, cells with line breaks."""
    root = tmp_path
    files = {rel: text for rel, text in __import__("conftest").minimal_site().items()}
    write_site(root, files, {"categories": [
        "规章", "行政规范性文件", "其他法定公开信息", {"name": "科技政策", "slug": "keji-zhengce"}]})
    for name in ("hebei-kjt-规范性文件汇总表.csv", "hebei-kjt-科技政策.csv", "hebei-szf-办公厅文件.csv"):
        shutil.copy(DATA / name, root / name)
    kjt = ["hebei-kjt-规范性文件汇总表.csv", "hebei-kjt-科技政策.csv"]

    first = gongkai(root, "import", *kjt, "--number")
    assert first.returncode == 1
    lines = first.stderr.splitlines()
    assert "hebei-kjt-科技政策.csv: header in row 1, 52 row(s) below; columns:" in lines
    assert lines[1:5] == ["  标题 → title", "  时间 → published", "  内容 → body",
                          "  一级类别 → category"]
    assert "  来源网站 (ignored) → not imported" in lines
    assert [line for line in lines if "unknown category" in line] == [
        "ERROR   -  gongkai: hebei-kjt-规范性文件汇总表.csv: 一级类别: unknown category '规范性文件汇总表' "
        "in 30 row(s) (rows 2, 3, 4, …) — did you mean '行政规范性文件'? map it under 'categories:' "
        "in import-map.yml and run the import again (a template is written next to the export)",
        "  skipped: unknown category: 30"]
    template = yaml.safe_load((root / "import-map.yml").read_text(encoding="utf-8"))
    assert template["categories"] == {"规范性文件汇总表": None}

    (root / "import-map.yml").write_text(
        (root / "import-map.yml").read_text(encoding="utf-8")
        .replace("规范性文件汇总表: null", "规范性文件汇总表: 行政规范性文件"), encoding="utf-8")
    second = gongkai(root, "import", *kjt, "--number", "--created-from-published",
                     "--issuer", "河北省科学技术厅")
    assert second.returncode == 0, second.stderr
    rows = report(root)
    assert sum(r["结果"] == "表头" for r in rows) == 1  # the header the scraper wrote again
    assert ("hebei-kjt-科技政策.csv", "49", "表头") in [(r["文件"], r["行"], r["结果"]) for r in rows]
    written = [r for r in rows if r["结果"] == "写入"]
    merged = [r for r in rows if r["结果"] == "合并"]
    assert len(written) + len(merged) == 30 + 51
    laboratory = next(r for r in written if r["标题"] == "关于印发《河北省实验室建设工作指引》的通知")
    assert [r["说明"] for r in merged if r["标题"] == laboratory["标题"]] == [
        f"the same document as hebei-kjt-规范性文件汇总表.csv row {laboratory['行']} (listed under "
        "科技政策: also_in)", "the same document as hebei-kjt-规范性文件汇总表.csv row "
        f"{laboratory['行']} (listed under 科技政策: also_in)"]
    entry = front(root, laboratory["条目文件"])
    assert (entry["category"], entry["also_in"]) == ("行政规范性文件", ["科技政策"])
    assert entry["published"] == entry["created"] == dt.date(2024, 8, 22)
    assert entry["inferred"] == {"created": "按公开日期推定", "index_no": "导入时编号"}
    assert entry["unstated"] == ["summary", "doc_no", "validity"]
    body = (root / "content" / laboratory["条目文件"]).read_text(encoding="utf-8").split("---\n", 2)[2]
    assert body.startswith("冀科平规〔2024〕1号河北省科学技术厅关于印发")

    # The 办公厅 export: 发文日期 is the only date, 主题 values of the old system, 效力状态.
    third = gongkai(root, "import", "hebei-szf-办公厅文件.csv", "--map", "import-map.yml",
                    "--number", "--published-from-created", "--issuer", "河北省人民政府办公厅")
    assert third.returncode == 1
    unknown = [line for line in third.stderr.splitlines()
               if line.startswith("ERROR") and "unknown category" in line]
    assert len(unknown) == len(set(unknown)) < 20  # one line per value, not per row
    assert "其他: null   # 22 row(s)" in (root / "import-map.yml").read_text(encoding="utf-8")
    assert "60 row(s) read, wrote 0 entries" in third.stderr
    # The 60 rows are 293 lines of the file: rows are counted as Excel shows them.
    szf = [r for r in report(root) if r["文件"] == "hebei-szf-办公厅文件.csv"]
    assert [r["行"] for r in szf] == [str(n) for n in range(2, 62)]


def test_dry_run_writes_no_entry_and_a_damaged_file_is_one_message(tmp_path):
    root = site(tmp_path)
    (root / "old.csv").write_bytes(excel_csv([CSV_HEADER, CSV_ROWS[0]]).encode("gb18030"))
    result = gongkai(root, "import", "old.csv", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "1 row(s) read, would write 1 entry" in result.stderr
    assert not (root / "content/catalogue/2025").exists()
    with (root / "import-report.csv").open(encoding="utf-8-sig", newline="") as handle:
        assert [r[4] for r in csv.reader(handle)] == ["结果", "写入"]

    (root / "broken.xlsx").write_bytes(b"this is not a zip file")
    broken = gongkai(root, "import", "broken.xlsx")
    assert broken.returncode == 1
    assert "broken.xlsx: cannot be read" in broken.stderr
    assert "Traceback" not in broken.stderr
