"""Benchmark of the link check on a synthetic site of 10,000 entry pages (prints figures).

Each page looks like a built gongkai page of Material for MkDocs, about 23 KB: ~25 meta tags,
stylesheets, inline scripts (the theme's JSON configuration, JSON-LD), SVG icons, navigation with
its toggles and ids, a metadata table, the full text, attachments and anchor links, ~50 links and
~35 ids in all.  The check runs sequentially (one process), then split over worker processes::

    python benchmarks/linkcheck_bench.py [pages]

or on a site built elsewhere (``python benchmarks/generate.py 10000 /tmp/lc10k && cd /tmp/lc10k &&
mkdocs build`` gives real pages)::

    python benchmarks/linkcheck_bench.py --site /tmp/lc10k/site

Wall time on a machine shared with other work varies; CPU time (of the workers too) varies less.
"""

from __future__ import annotations

import argparse
import os
import resource
import tempfile
import time
from pathlib import Path

from gongkai.core.linkcheck import check_site, infer_site_url
from gongkai.core.parallel import MAX_WORKERS

SITE_URL = "https://www.example.gov.cn/xxgk/"
CATEGORIES = 18
ICON = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="'
        + "M12 2A10 10 0 0 0 2 12a10 10 0 0 0 10 10 10 10 0 0 0 10-10A10 10 0 0 0 12 2m0 2a8 8 0 0 1 "
        * 14 + 'z"/></svg>')
CONFIG = ('{"base": "../..", "features": ["navigation.tabs", "navigation.top", "search.suggest", '
          '"content.code.copy"], "search": "../../assets/javascripts/workers/search.f8cc74c7.min.js", '
          '"translations": {' + ", ".join(f'"key.{n}": "复制到剪贴板{n}"' for n in range(100)) + "}}")


def entry_page(number: int, slug: str) -> str:
    """One entry page, as the theme and the plugin write it."""
    meta = "".join(f'<meta name="DC.field{n}" content="{slug} 字段{n}">' for n in range(23))
    head = (f'<head><meta charset="utf-8">{meta}<link rel="canonical" href="{SITE_URL}doc/{slug}/">'
            '<link rel="icon" href="../../assets/images/favicon.png">'
            '<link rel="stylesheet" href="../../assets/stylesheets/main.css">'
            '<link rel="stylesheet" href="../../assets/gongkai/gongkai.css">'
            f'<script type="application/ld+json">{{"@type": "GovernmentService", "name": "文件{number}",'
            f' "url": "{SITE_URL}doc/{slug}/"}}</script>'
            "<script>__md_scope=new URL(\"../..\",location),__md_hash=e=>[...e].reduce(((e,_)=>"
            "(e<<5)-e+_.charCodeAt(0)),0),__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse"
            "(_.getItem(t.pathname+\".\"+e))</script></head>")
    toggles = "".join(f'<input class="md-toggle" data-md-toggle="{name}" type="checkbox" id="__{name}" '
                      f'autocomplete="off">' for name in ("drawer", "search"))
    header = (f'<header class="md-header md-header--shadow" data-md-component="header">{toggles}'
              '<nav class="md-header__inner md-grid" aria-label="页眉"><a href="../.." title="信息公开" '
              f'class="md-header__button md-logo" aria-label="信息公开" data-md-component="logo">{ICON}</a>'
              f'<label class="md-header__button md-icon" for="__drawer">{ICON}</label>'
              '<form class="md-search__form" name="search"><input type="text" class="md-search__input" '
              'name="query" id="gk-search-input" aria-label="搜索" placeholder="搜索" autocapitalize="off">'
              f'<label class="md-search__icon md-icon" for="__search">{ICON}</label></form></nav></header>')
    items = "".join(
        f'<li class="md-nav__item"><a href="../../catalogue/c{n}/" class="md-nav__link">'
        f'<span class="md-ellipsis">栏目{n}</span></a></li>' for n in range(CATEGORIES))
    nav = ('<nav class="md-nav md-nav--primary" aria-label="导航" data-md-level="0"><ul class="md-nav__list">'
           '<li class="md-nav__item md-nav__item--active md-nav__item--nested">'
           '<input class="md-nav__toggle md-toggle" type="checkbox" id="__nav_4" checked>'
           '<label class="md-nav__link" for="__nav_4" id="__nav_4_label" tabindex="0">'
           '<span class="md-ellipsis">目录</span><span class="md-nav__icon md-icon"></span></label>'
           f'<nav class="md-nav" data-md-level="1" aria-labelledby="__nav_4_label" aria-expanded="true">'
           f'<ul class="md-nav__list" data-md-scrollfix>{items}</ul></nav></li>'
           + "".join(f'<li class="md-nav__item"><a href="../../{part}/" class="md-nav__link">'
                     f'<span class="md-ellipsis">{part}</span></a></li>'
                     for part in ("guide", "apply", "agency", "reports", "budgets", "regulations"))
           + "</ul></nav>")
    table = "".join(f'<tr><th scope="row">字段{n}</th><td>{slug}-{n}</td></tr>' for n in range(5))
    text = "".join(f"<p>本办法自印发之日起施行，有效期五年。第{n}条：此前发布的有关规定与本办法不一致的，"
                   f"以本办法为准。对检查中发现的问题，依法依规严肃处理。</p>" for n in range(30))
    body = (f'<article class="md-content__inner md-typeset"><h1 id="title">文件{number}</h1>'
            f'<table class="gk-meta"><tbody>{table}<tr><th scope="row">分类</th><td>'
            f'<a href="../../catalogue/c{number % CATEGORIES}/">栏目</a></td></tr></tbody></table>'
            f'<h2 id="gk-summary-title">摘要</h2><p>摘要。</p><h2 id="gk-fulltext-title">全文</h2>{text}'
            f'<a href="../../files/{number}.pdf" download>附件</a><a href="#title">回到顶部</a>'
            f'<a href="../{slug}/#gk-fulltext-title">全文</a></article>')
    scripts = (f'<script id="__config" type="application/json">{CONFIG}</script>'
               '<script src="../../assets/javascripts/bundle.js"></script>'
               '<script src="../../assets/gongkai/elder.js"></script>')
    return (f'<!doctype html><html lang="zh">{head}<body dir="ltr">{header}<div class="md-container">'
            f'<main class="md-main"><div class="md-main__inner md-grid"><div class="md-sidebar">{nav}'
            f'</div><div class="md-content">{body}</div></div></main>'
            f'<footer class="md-footer">{ICON}<a href="../../agency/">机构信息</a></footer></div>'
            f'{scripts}</body></html>')


def write_site(root: Path, pages: int) -> int:
    """Write the synthetic site; the size of an entry page in bytes."""
    for rel in ("assets/stylesheets/main.css", "assets/gongkai/gongkai.css",
                "assets/images/favicon.png", "assets/javascripts/bundle.js",
                "assets/gongkai/elder.js"):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text("body{background:url(../images/favicon.png)}" if rel.endswith(".css")
                                else "")
    (root / "index.html").write_text("<html><body>首页</body></html>")
    folders = [f"catalogue/c{n}" for n in range(CATEGORIES)]
    folders += ["guide", "apply", "agency", "reports", "budgets", "regulations"]
    for folder in folders:
        (root / folder).mkdir(parents=True)
        (root / folder / "index.html").write_text("<html><body>栏目</body></html>")
    files = root / "files"
    files.mkdir()
    size = 0
    for number in range(pages):
        slug = f"11360100mb00000016-2024-{number:05d}"
        (files / f"{number}.pdf").write_bytes(b"%PDF")
        folder = root / "doc" / slug
        folder.mkdir(parents=True)
        data = entry_page(number, slug).encode()
        (folder / "index.html").write_bytes(data)
        size = len(data)
    return size


def timed(site: Path, site_url: str, workers: int) -> None:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start, cpu = time.perf_counter(), time.process_time()
    report = check_site(site, site_url, workers=workers)
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu += (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    pages = max(report.pages, 1)
    print(f"  {workers} process(es): {elapsed:.2f} s, {elapsed / pages * 1000:.3f} ms/page "
          f"(CPU {cpu:.2f} s, {cpu / pages * 1000:.3f} ms/page); {report.pages} pages, "
          f"{report.links} links to {report.targets} distinct targets, {len(report.broken)} broken")


def main() -> None:
    parser = argparse.ArgumentParser(description="Time the link check, sequential and parallel.")
    parser.add_argument("pages", nargs="?", type=int, default=10_000)
    parser.add_argument("--site", type=Path, help="a built site to check instead of a synthetic one")
    args = parser.parse_args()
    workers = min(os.cpu_count() or 1, MAX_WORKERS)
    with tempfile.TemporaryDirectory() as tmp:
        if args.site is not None:
            site, site_url = args.site, infer_site_url(args.site)
            print(f"built site {site} ({site_url})")
        else:
            site, site_url = Path(tmp), SITE_URL
            start = time.perf_counter()
            size = write_site(site, args.pages)
            print(f"synthetic site: {args.pages} entry pages of {size / 1024:.1f} KB written in "
                  f"{time.perf_counter() - start:.1f} s")
        print("link check:")
        timed(site, site_url, 1)
        if workers > 1:
            timed(site, site_url, workers)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS of the checking process {peak:.0f} MB")


if __name__ == "__main__":
    main()
