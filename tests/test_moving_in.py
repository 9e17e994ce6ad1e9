"""An agency moves in (issue 13): a real CMS export imported, reviewed and published, end to end.

The exports are real (tests/data/import/README.txt: the 河北省科学技术厅 catalogue, 规范性文件汇总表
and 科技政策 columns, the same documents listed in both). What a webmaster sees is asserted: the
import writes nothing under site/, nothing imported is published before review, and the first
publication after review passes ``mkdocs build --strict`` with one page per document, reachable
from both columns, with what the export did not say shown as 未注明 or 推定 — never as a fact.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from conftest import run_build
from test_cli import gongkai, site

DATA = Path(__file__).parent / "data" / "import"
EXPORTS = ("hebei-kjt-规范性文件汇总表.csv", "hebei-kjt-科技政策.csv")
# Listed in both exports (same title and date): one document.
IN_BOTH = "关于公布2021年行政规范性文件清理结果的通知"
MAPPING = """\
columns: {标题: title, 时间: published, 内容: body, 一级类别: category}
categories:
  规范性文件汇总表: 行政规范性文件
  科技政策: 其他法定公开信息
"""


def _import(root: Path) -> None:
    for name in EXPORTS:
        shutil.copy(DATA / name, root / name)
    (root / "import-map.yml").write_text(MAPPING, encoding="utf-8")
    result = gongkai(root, "import", *EXPORTS, "--number", "--created-from-published")
    assert result.returncode == 0, result.stderr
    assert "wrote 0 entries" not in result.stderr


def _review_all(root: Path, day: str) -> list[Path]:
    """What the reviewer does: each imported entry's review result set to 通过."""
    imported = [p for p in (root / "content" / "catalogue").rglob("*.md")
                if "result: 待审" in p.read_text(encoding="utf-8")]
    for path in imported:
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("review: {result: 待审,",
                                     f"review: {{result: 通过, by: 王审查, date: {day},"),
                        encoding="utf-8")
    return imported


def _site_text(root: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8", errors="replace")
                     for p in (root / "site").rglob("*") if p.is_file()
                     and p.suffix in (".html", ".json", ".csv", ".xml", ".js"))


def test_import_writes_no_site_and_publishes_nothing_before_review(tmp_path):
    root = site(tmp_path)
    _import(root)
    assert not (root / "site").exists()
    assert not [p.name for p in root.iterdir() if ".building-" in p.name or ".old-" in p.name]
    result = run_build(root, "--strict")
    assert result.exit_code == 0, result.log
    assert "withheld" in result.log
    assert IN_BOTH not in _site_text(root)


def test_first_publication_of_a_real_export_after_review(tmp_path):
    root = site(tmp_path)
    _import(root)
    imported = _review_all(root, "2026-11-20")  # reviewed now, years after the old CMS published
    assert len(imported) > 20
    result = run_build(root, "--strict")
    assert result.exit_code == 0, result.log

    pages = [p for p in (root / "site" / "doc").rglob("index.html")
             if IN_BOTH in p.read_text(encoding="utf-8")]
    assert len(pages) == 1  # one document, one page, although listed in two columns
    page = pages[0].read_text(encoding="utf-8")
    url = pages[0].parent.name
    cells = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))
    assert "发布机构 未注明" in cells  # not the agency's own name
    assert "有效性 未注明" in cells  # not 「有效」
    assert "（推定：按公开日期推定）" in cells  # 成文日期 derived from 公开日期, and said so
    assert "临川市测试局" not in cells.split("发布机构", 1)[1].split("文号", 1)[0]

    listings = [p for p in (root / "site" / "catalogue").rglob("index.html")
                if f"doc/{url}/" in p.read_text(encoding="utf-8")]
    columns = {p.relative_to(root / "site" / "catalogue").parts[0] for p in listings}
    assert {"guifanxing-wenjian", "qita-fading-gongkai"} <= columns

    # Reports only for the years the agency keeps registers of, not for 2011–2023's documents.
    reports = sorted(p.name for p in (root / "site" / "reports").iterdir() if p.is_dir()
                     and p.name.isdigit())
    assert reports == ["2024"]
