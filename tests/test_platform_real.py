"""The 本级政府 platform on a real catalogue: the three Hebei columns of
tests/data/search/hebei-catalogue.csv as three agencies' published output, federated, searched in
Chromium with the real query set (tests/search_real_queries.py).

The platform indexes what each agency published as data (标题, 文号, 索引号, 关键词, 内容概述,
主题分类, 发布机构), not the full text, which stays in each agency's own site search: the queries of
kind 正文 (words of the text only) are left out here. Each remaining query must find its document
among the first three results, linked at its own agency's site and labelled with that agency; with
the 部门 filter set to that agency, it must still be there.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.parse
from collections import Counter, defaultdict
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from search_real_queries import QUERIES, catalogue_rows

pytestmark = pytest.mark.browser
DONE = "[data-gk-search][data-state=results], [data-gk-search][data-state=none]"
# The three columns as agencies: (path, name, 统一社会信用代码 with its check character).
AGENCIES = {
    "省政府·办公厅文件": ("szfbgt", "河北省人民政府办公厅", "11360100MB0000013D"),
    "人社厅·政策法规": ("rst", "河北省人力资源和社会保障厅", "11360100MB00000117"),
    "科技厅·国家政策文件": ("kjt", "河北省科学技术厅", "11360100MB0000012A"),
}


def _record(row: dict[str, str], code: str, name: str, number: int) -> dict[str, object]:
    """One ``catalogue.json`` record as gongkai publishes it, from a real row (内容概述 unstated, as
    after an import)."""
    year = row["published"][:4]
    index_no = f"{code}/{year}-{number:05d}"
    return {
        "index_no": index_no, "title": row["title"], "doc_no": row["doc_no"],
        "category": row["category"], "issuer": name, "form": "", "created": row["published"],
        "published": row["published"], "validity": row["validity"] or "有效", "abolished": "",
        "superseded_by": "", "interprets": "", "summary": "", "keywords": [], "attachments": [],
        "url": f"doc/{index_no.lower().replace('/', '-')}/", "also_in": [], "valid_until": "",
        "cleanup": None, "unstated": ["summary"] + ([] if row["validity"] else ["validity"]),
        "inferred": {},
    }


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[tuple[str, str], tuple[str, str]]]:
    """The federated platform, and per (title, 公开日期) the agency's name and the page's URL."""
    root = tmp_path_factory.mktemp("platform-real")
    where: dict[tuple[str, str], tuple[str, str]] = {}
    records: dict[str, list[dict[str, object]]] = defaultdict(list)
    for row in catalogue_rows():
        path, name, code = AGENCIES[row["source"]]
        record = _record(row, code, name, len(records[path]) + 1)
        records[path].append(record)
        where[(row["title"], row["published"])] = (name, f"https://xxgk.hebei.example/{path}/{record['url']}")
    items = []
    for path, name, code in AGENCIES.values():
        ordered = sorted(records[path], key=lambda r: str(r["published"]), reverse=True)
        categories = sorted({str(r["category"]) for r in ordered})
        document = {"agency": {"name": name, "code": code},
                    "categories": [{"name": c, "item": None} for c in categories],
                    "count": len(ordered), "entries": ordered}
        (root / "published" / path / "data").mkdir(parents=True)
        (root / "published" / path / "data" / "catalogue.json").write_text(
            json.dumps(document, ensure_ascii=False), encoding="utf-8")
        items.append({"name": name, "code": code, "path": path, "site": f"published/{path}",
                      "url": f"https://xxgk.hebei.example/{path}/",
                      **({"government": True} if path == "szfbgt" else {})})
    config = {"name": "河北省政府信息公开平台", "today": "2026-11-25", "agencies": items}
    (root / "platform.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins"), "NO_MKDOCS_2_WARNING": "1"}
    built = subprocess.run([sys.executable, "-m", "gongkai.cli", "platform", "build", "platform.yml",
                            "--no-agency-builds"], cwd=root, env=env, capture_output=True, text=True,
                           timeout=600)
    assert built.returncode == 0, built.stdout + built.stderr
    return root / "platform-site", where


def _results(tab, base: str, **params: str) -> list[tuple[str, str]]:
    """(link, 部门) of the results shown, in order."""
    tab.goto(f"{base}search/?{urllib.parse.urlencode(params)}")
    tab.wait_for_selector(DONE, timeout=20000)
    shown = tab.eval_on_selector_all(".gk-result", """items => items.map(item => [
        item.querySelector('a').href,
        item.querySelector('.gk-result__meta').innerText.split('部门：')[1].split('\\n')[0]])""")
    return [(link, agency) for link, agency in shown]


def test_real_queries_find_the_document_at_its_own_agency(platform, browser, serve):
    site, where = platform
    base = serve(site)
    tab = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    queries = [q for q in QUERIES if q[0] != "正文"]
    misses: dict[str, list[str]] = defaultdict(list)
    empty, unfiltered = [], []
    for kind, query, title, published in queries:
        name, url = next(v for (t, p), v in where.items()
                         if t == title and (published is None or p == published))
        shown = _results(tab, base, q=query)
        if not shown:
            empty.append(query)
        if (url, name) not in shown[:3]:
            misses[kind].append(query)
        elif kind == "词" and (url, name) not in _results(tab, base, q=query, agency=name)[:3]:
            unfiltered.append(query)
    tab.context.close()
    kinds = Counter(kind for kind, *_ in queries)
    recall = 1 - sum(map(len, misses.values())) / len(queries)
    report = {kind: f"{1 - len(misses[kind]) / n:.0%}" for kind, n in kinds.items()}
    print(f"platform recall@3 {recall:.1%} over {len(queries)} queries; by kind {report}; "
          f"missed {dict(misses)}")
    assert recall >= 0.95, f"recall@3 {recall:.1%}; by kind {report}; missed {dict(misses)}"
    assert empty == [], f"queries that showed nothing: {empty}"
    assert unfiltered == [], f"lost when filtered by their agency: {unfiltered}"
