"""Benchmark of the link check on a synthetic site of 10,000 entry pages (prints figures).

Each page looks like a built gongkai page: ~80 navigation links, stylesheet and script tags, a
metadata table, links to its category, two attachments and an anchor link.  Run:

    python benchmarks/linkcheck_bench.py [pages]
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from pathlib import Path

from gongkai.core.linkcheck import check_site

SITE_URL = "https://www.example.gov.cn/xxgk/"
CATEGORIES = 18


def write_site(root: Path, pages: int) -> None:
    nav = "".join(f'<li><a href="../../catalogue/c{n}/">栏目{n}</a></li>' for n in range(CATEGORIES))
    nav += "".join(f'<li><a href="../../catalogue/{y}/">{y}年</a></li>' for y in range(2000, 2062))
    head = ('<link rel="stylesheet" href="../../assets/site.css"><script src="../../assets/site.js">'
            '</script><link rel="canonical" href="' + SITE_URL + 'doc/{slug}/">')
    (root / "assets").mkdir(parents=True)
    (root / "assets/site.css").write_text("body{}")
    (root / "assets/site.js").write_text("")
    (root / "index.html").write_text("<html><body>首页</body></html>")
    for n in range(CATEGORIES):
        folder = root / f"catalogue/c{n}"
        folder.mkdir(parents=True)
        (folder / "index.html").write_text("<html><body>栏目</body></html>")
    for y in range(2000, 2062):
        folder = root / f"catalogue/{y}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "index.html").write_text("<html><body>年度</body></html>")
    files = root / "files"
    files.mkdir()
    for number in range(pages):
        slug = f"11360100mb00000016-2024-{number:05d}"
        (files / f"{number}.pdf").write_bytes(b"%PDF")
        folder = root / "doc" / slug
        folder.mkdir(parents=True)
        body = (f'<html><head>{head.format(slug=slug)}</head><body><nav><ul>{nav}</ul></nav>'
                f'<h1 id="title">文件{number}</h1><table><tr><td><a href="../../catalogue/c{number % CATEGORIES}/">'
                f'栏目</a></td></tr></table><h2 id="gk-fulltext-title">全文</h2><p>{"正文。" * 200}</p>'
                f'<a href="#title">回到顶部</a><a href="../../files/{number}.pdf" download>附件</a>'
                f'<a href="../{slug}/#gk-fulltext-title">全文</a></body></html>')
        (folder / "index.html").write_text(body, encoding="utf-8")


def main() -> None:
    pages = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        start = time.perf_counter()
        write_site(root, pages)
        written = time.perf_counter() - start
        start, cpu = time.perf_counter(), time.process_time()
        report = check_site(root, SITE_URL)
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"synthetic site: {pages} entry pages written in {written:.1f} s")
    print(f"link check: {report.pages} pages, {report.links} links to {report.targets} distinct "
          f"targets, {len(report.broken)} broken, {elapsed:.2f} s "
          f"({elapsed / max(report.pages, 1) * 1000:.2f} ms/page), CPU {cpu:.2f} s, peak RSS {peak:.0f} MB")


if __name__ == "__main__":
    main()
