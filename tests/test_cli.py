"""The ``gongkai`` console script as a webmaster runs it: ``new``, ``check`` (``import``: test_import_*).

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
