"""``gongkai import`` benchmark: 50,000 rows of a CMS export, as CSV and as XLSX.

    python benchmarks/import.py              # 50,000 rows (about two minutes)
    python benchmarks/import.py 10000 --keep /tmp/bench-import

Writes a site (the test fixture's minimal site) and an export shaped like real ones: a title row
above the header, headers of the vocabulary (信息名称, 发文号, 主题, 成文时间, 发布日期, 效力状态,
内容概述 with quotes, commas and line breaks), one document in ten listed under a second column,
no 发布机构 column.  Then times, as a webmaster runs them (``gongkai`` in a subprocess):

1. the CSV import (every row written);
2. the same import again (every row already imported: skipped);
3. the XLSX import into a fresh site.

Figures only: nothing is asserted (the machine is shared and timings vary).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "plugins")]

from conftest import AGENCY_CODE, minimal_site, write_site  # noqa: E402

HEADER = ["序号", "索引号", "信息名称", "发文号", "主题", "成文时间", "发布日期", "效力状态", "内容概述"]
THEMES = ["行政许可", "行政处罚和行政强制", "民生政策", "监督检查", "其他法定公开信息"]
WORDS = ["现行有效", "有效", "全文有效", "部分失效", "已修改"]


def rows(count: int) -> list[list[object]]:
    """``count`` documents (plus one extra row per ten: the same document in a second column)."""
    out: list[list[object]] = []
    start = dt.date(2005, 1, 1)
    for n in range(1, count + 1):
        day = start + dt.timedelta(days=n * 7000 // count)
        index_no = f"{AGENCY_CODE}/{day.year}-{n:05d}"
        row = [n, index_no, f"关于“双随机、一公开”监管工作第{n}号的通知", f"临测〔{day.year}〕{n}号",
               THEMES[n % len(THEMES)], day.isoformat(), (day + dt.timedelta(days=2)).strftime("%Y/%m/%d"),
               WORDS[n % len(WORDS)], f'引用了"双随机、一公开"的说法，第{n}号。\n第二行。']
        out.append(row)
        if n % 10 == 0:
            out.append([*row[:4], "规划计划", *row[5:]])
    return out


def write_exports(folder: Path, count: int) -> tuple[Path, Path]:
    data = rows(count)
    csv_path = folder / "export.csv"
    with csv_path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["临川市测试局政府信息公开目录导出"])
        writer.writerow(HEADER)
        writer.writerows(data)
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("目录")
    sheet.append(["临川市测试局政府信息公开目录导出"])
    sheet.append(HEADER)
    for row in data:
        sheet.append(row)
    xlsx_path = folder / "export.xlsx"
    book.save(xlsx_path)
    return csv_path, xlsx_path


def site(folder: Path) -> Path:
    write_site(folder, minimal_site())
    return folder


def timed(root: Path, export: Path) -> tuple[float, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins"), "PYTHONWARNINGS": "ignore"}
    command = [sys.executable, "-m", "gongkai.cli", "import", str(export), "--created-from-published"]
    started = time.perf_counter()
    result = subprocess.run(command, cwd=root, capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - started
    summary = next((line for line in result.stderr.splitlines()
                    if line.startswith("gongkai import:")), result.stderr[-500:])
    return seconds, summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rows", nargs="?", type=int, default=50_000)
    parser.add_argument("--keep", default="", help="folder to keep the sites and exports in")
    args = parser.parse_args()
    folder = Path(args.keep or tempfile.mkdtemp(prefix="bench-import-"))
    folder.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    csv_path, xlsx_path = write_exports(folder, args.rows)
    print(f"exports of {args.rows:,} documents written in {time.perf_counter() - started:.1f} s: "
          f"CSV {csv_path.stat().st_size / 1e6:.1f} MB, XLSX {xlsx_path.stat().st_size / 1e6:.1f} MB")
    for name, export, runs in (("csv", csv_path, ("first", "again")), ("xlsx", xlsx_path, ("first",))):
        root = site(folder / f"site-{name}")
        for run in runs:
            seconds, summary = timed(root, export)
            print(f"{name.upper():4} {run:5}: {seconds:6.1f} s   {summary}")
    if not args.keep:
        shutil.rmtree(folder)


if __name__ == "__main__":
    main()
