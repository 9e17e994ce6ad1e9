"""``gongkai import`` reads an export as the webmaster sees it in Excel (issue 13).

CSV in Excel's dialect (doubled quotes, line breaks in cells, BOM, GB18030, UTF-16, tab or
semicolon), row numbers as Excel shows them, workbooks with title rows, several sheets, merged
header cells and the old .xls format.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import AGENCY_CODE
from gongkai.core.importing import read_sheets
from gongkai.core.importing.sheets import delimiter
from test_cli import gongkai, site

DATA = Path(__file__).parent / "data" / "import"
HEADER = ["索引号", "标题", "主题分类", "成文日期", "发布日期", "内容概述", "发布机构", "有效性"]


def row(serial: int, title: str = "关于开展计量检查的通知", summary: str = "部署计量检查。",
        **cells: str) -> list[str]:
    values = {"索引号": f"{AGENCY_CODE}/2025-{serial:05d}", "标题": title, "主题分类": "行政许可",
              "成文日期": "2025-03-08", "发布日期": "2025-03-09", "内容概述": summary,
              "发布机构": "临川市测试局", "有效性": "有效", **cells}
    return [values[h] for h in HEADER]


def excel_csv(rows: list[list[str]], delimiter: str = ",") -> str:
    """CSV as Excel writes it: every cell with a quote, delimiter or line break quoted, quotes
    doubled."""
    out = io.StringIO(newline="")
    csv.writer(out, csv.excel, delimiter=delimiter).writerows(rows)
    return out.getvalue()


def front(root: Path, rel: str) -> dict:
    return yaml.safe_load((root / "content" / rel).read_text(encoding="utf-8").split("---")[1])


def report(root: Path, name: str = "import-report.csv") -> list[dict[str, str]]:
    with (root / name).open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_doubled_quotes_of_an_excel_csv_are_read_exactly(tmp_path):
    """Excel escapes a quote as "" — the sniffer guessed doublequote=False and corrupted such
    cells (or split the row); the text arrives exactly as typed."""
    root = site(tmp_path)
    summary = '引用了"双随机、一公开"的说法。'
    title = '关于"双随机、一公开"监管工作的通知'
    # As in real exports, the first rows (what a sniffer samples) have no quoted quote.
    plain = [row(n, summary="本局部署年度计量器具检定工作，明确检定范围、时间安排和工作要求。" * 2)
             for n in range(1, 31)]
    rows = [HEADER, *plain, row(31, title, summary), row(32, '印发"三定"规定的通知', '"全文"见附件')]
    (root / "old.csv").write_text(excel_csv(rows), encoding="utf-8")
    assert '""双随机、一公开""' in (root / "old.csv").read_text(encoding="utf-8")

    result = gongkai(root, "import", "old.csv")
    quoted = front(root, "catalogue/2025/2025-00031.md")
    assert quoted["title"] == title and quoted["summary"] == summary
    assert front(root, "catalogue/2025/2025-00032.md")["summary"] == '"全文"见附件'
    assert result.returncode == 0, result.stderr
    assert "32 row(s) read, wrote 32 entries" in result.stderr


def test_row_numbers_are_the_rows_excel_shows_not_file_lines(tmp_path):
    """A cell with line breaks is one row in Excel: the third data row is row 4, whatever line of
    the file it starts on."""
    root = site(tmp_path)
    long_text = "第一段。\n第二段。\n\n第三段。\n" * 5
    rows = [HEADER, row(1, summary=long_text.strip()), row(2, summary=long_text.strip()),
            row(3, 成文日期="2025-02-30")]
    (root / "old.csv").write_text(excel_csv(rows), encoding="utf-8")
    assert (root / "old.csv").read_text(encoding="utf-8").count("\n") > 40

    result = gongkai(root, "import", "old.csv")
    assert result.returncode == 1
    assert ("ERROR   -  gongkai: old.csv:4: 成文日期: '2025-02-30' is not a date — write a date "
            "such as 2023-09-26 or 2023年9月26日") in result.stderr
    assert [(r["行"], r["结果"]) for r in report(root)] == [("2", "写入"), ("3", "写入"), ("4", "跳过")]
    assert front(root, "catalogue/2025/2025-00001.md")["summary"] == long_text.strip()


@pytest.mark.parametrize(("encoding", "sep"), [
    ("utf-8", ","), ("utf-8-sig", ","), ("gb18030", ","), ("utf-16", "\t"), ("utf-8", ";"),
])
def test_encodings_and_delimiters_of_real_csv_exports(tmp_path, encoding, sep):
    rows = [HEADER, row(1, '含"引号"与；分号，逗号的标题')]
    path = tmp_path / "old.csv"
    path.write_bytes(excel_csv(rows, sep).encode(encoding))
    [sheet] = read_sheets(path)
    assert sheet.rows == [(1, HEADER), (2, rows[1])]


@pytest.mark.parametrize(("text", "expected"), [
    ("a,b,c\n1,2,3\n", ","),
    ("a\tb\tc\n1\t2,5\t3\n", "\t"),
    ("a;b;c\n1;2;3\n", ";"),
    ("标题\n", ","),  # one column: nothing to split
])
def test_only_the_delimiter_is_detected(text, expected):
    assert delimiter(text) == expected


def test_workbook_title_rows_several_sheets_and_merged_cells(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    root = site(tmp_path)
    book = openpyxl.Workbook()
    notes = book.active
    notes.title = "说明"
    notes.append(["本表由信息公开平台导出，仅供参考。"])
    first = book.create_sheet("行政许可")
    first.append(["临川市测试局政府信息公开目录"])            # row 1: title, merged over the table
    first.merge_cells("A1:F1")
    first.append([None])                                     # row 2: empty
    first.append(["索引号", "文件信息", None, "日期", None, "所属栏目"])  # rows 3-4: two-row header
    first.append([None, "标题", "发文号", "成文", "公开", None])
    for cells in ("A3:A4", "B3:C3", "D3:E3", "F3:F4"):
        first.merge_cells(cells)
    first.append([f"{AGENCY_CODE}/2025-00021", "临川市测试局行政许可事项清单", "临测〔2025〕5号",
                  dt.datetime(2025, 4, 1), "2025.04.02", "行政许可"])
    first.append([f"{AGENCY_CODE}/2025-00022", "关于调整许可流程的公告", None,
                  "二〇二五年四月三日", 45755, None])        # category merged down from above
    first.merge_cells("F5:F6")
    second = book.create_sheet("收费")
    second.append(["索引号", "标题", "主题分类", "成文日期", "发布日期"])
    second.append([f"{AGENCY_CODE}/2025-00023", "临川市测试局收费项目公示", "行政事业性收费",
                   "发文日期：2025-05-06", "45783"])
    book.save(root / "目录.xlsx")

    result = gongkai(root, "import", "目录.xlsx")
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert "目录.xlsx[行政许可]: header in row 4, 2 row(s) below; columns:" in lines
    assert "  文件信息｜标题 → title" in lines and "  日期｜成文 → created" in lines
    assert "  日期｜公开 → published" in lines and "  所属栏目 → category" in lines
    assert "目录.xlsx[收费]: header in row 1, 1 row(s) below; columns:" in lines
    assert any(line.startswith("目录.xlsx[说明]: no header row") for line in lines)
    one = front(root, "catalogue/2025/2025-00021.md")
    assert (one["doc_no"], one["created"], one["published"]) == \
        ("临测〔2025〕5号", dt.date(2025, 4, 1), dt.date(2025, 4, 2))
    two = front(root, "catalogue/2025/2025-00022.md")
    assert (two["category"], two["created"], two["published"]) == \
        ("行政许可", dt.date(2025, 4, 3), dt.date(2025, 4, 8))
    three = front(root, "catalogue/2025/2025-00023.md")
    assert (three["created"], three["published"]) == (dt.date(2025, 5, 6), dt.date(2025, 5, 6))
    assert [(r["文件"], r["行"]) for r in report(root, "import-report.csv")] == [
        ("目录.xlsx[收费]", "2"), ("目录.xlsx[行政许可]", "5"), ("目录.xlsx[行政许可]", "6")]


def legacy_workbook(path: Path) -> None:
    """The workbook of tests/data/import/legacy.xls, as .xlsx (see README.txt there)."""
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "目录"
    sheet.append(["临川市测试局信息公开目录（2019年导出）"])
    sheet.merge_cells("A1:E1")
    sheet.append(["索取号", "信息名称", "日期", None, "时效性"])
    sheet.append([None, None, "印发时间", "发布时间", None])
    for cells in ("A2:A3", "B2:B3", "C2:D2", "E2:E3"):
        sheet.merge_cells(cells)
    sheet.append([f"{AGENCY_CODE}/2019-00001", "临川市测试局2019年行政许可实施情况",
                  dt.datetime(2019, 3, 1), "2019/3/5 0:00:00", "现行有效"])
    sheet.append([f"{AGENCY_CODE}/2019-00002", "关于废止部分规范性文件的决定",
                  dt.datetime(2019, 6, 1), "2019.06.03", "部分失效"])
    book.save(path)


def test_old_xls_reads_as_its_xlsx_twin(tmp_path):
    legacy_workbook(tmp_path / "legacy.xlsx")
    xls, xlsx = read_sheets(DATA / "legacy.xls"), read_sheets(tmp_path / "legacy.xlsx")
    assert [s.name for s in xls] == [s.name for s in xlsx] == ["目录"]
    assert [cells for _, cells in xls[0].rows] == [cells for _, cells in xlsx[0].rows]


def test_old_xls_imports(tmp_path):
    root = site(tmp_path)
    shutil.copy(DATA / "legacy.xls", root / "legacy.xls")
    result = gongkai(root, "import", "legacy.xls", "--category", "其他法定公开信息")
    assert result.returncode == 0, result.stderr
    assert "  印发时间 → created" in result.stderr.splitlines()  # merged down: row 3 names all
    one = front(root, "catalogue/2019/2019-00001.md")
    assert (one["title"], one["created"], one["published"]) == \
        ("临川市测试局2019年行政许可实施情况", dt.date(2019, 3, 1), dt.date(2019, 3, 5))
    assert "validity" not in one and "validity" not in one["unstated"]
    two = front(root, "catalogue/2019/2019-00002.md")
    assert two["validity"] == "已修改"
    assert two["inferred"] == {"validity": "导出为「部分失效」，按已修改录入"}


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_the_committed_xls_is_what_libreoffice_writes_from_the_workbook(tmp_path):
    """Regenerates legacy.xls as README.txt says and compares what the reader sees."""
    legacy_workbook(tmp_path / "legacy.xlsx")
    subprocess.run(["soffice", "--headless", "--convert-to", "xls", "--outdir", str(tmp_path),
                    str(tmp_path / "legacy.xlsx")], check=True, capture_output=True, timeout=180)
    fresh, committed = read_sheets(tmp_path / "legacy.xls"), read_sheets(DATA / "legacy.xls")
    assert [s.rows for s in fresh] == [s.rows for s in committed]
