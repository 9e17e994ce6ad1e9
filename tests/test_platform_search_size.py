"""What one cross-agency query fetches on a 本级政府 platform of 300 agencies × 1,000 entries: at
most 500 KB (issue 18).

The agencies' published ``catalogue.json`` are generated as ``benchmarks/platform_scale.py`` does
(the vocabulary of ``benchmarks/generate.py``), read by the platform's own reader and indexed by
:func:`gongkai.core.platform.search.build_platform_search` — no MkDocs, no browser.  For each
query the bytes are those of the files ``search.js`` fetches: ``agencies.json``, the files
:func:`~gongkai.core.search.index.query_files` names (``tests/test_search_passages.py`` checks the
browser fetches exactly those), then — whatever the ranking — the ``RERANK`` largest metadata
chunks and the ``PAGE`` largest passage files.  ``benchmarks/platform_scale.py`` measures the same
in Chromium.
"""

from __future__ import annotations

import importlib.util
import statistics
import sys
from pathlib import Path

import pytest

from gongkai.core.platform.config import AgencyConfig
from gongkai.core.platform.published import read_published
from gongkai.core.platform.search import AGENCIES_FILE, build_platform_search
from gongkai.core.search.index import PAGE, RERANK, query_files
from test_search_size import BUDGET, QUERIES

ROOT = Path(__file__).resolve().parent.parent
AGENCIES, ENTRIES = 300, 1000


def _benchmark() -> object:
    sys.path.insert(0, str(ROOT / "benchmarks"))  # platform_scale imports generate
    try:
        spec = importlib.util.spec_from_file_location("platform_scale", ROOT / "benchmarks/platform_scale.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))


@pytest.fixture(scope="module")
def index_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, int], int]:
    """Bytes of every platform search file (by path below search/), and the shards."""
    work = tmp_path_factory.mktemp("platform-size")
    items = _benchmark().generate_published(AGENCIES, ENTRIES, work, {}, 20261125)  # type: ignore[attr-defined]
    published = [read_published(AgencyConfig(str(i["name"]), str(i["code"]), str(i["path"]),
                                             work / str(i["site"]), url=str(i["url"])), False)
                 for i in items]
    assert sum(len(p.entries) for p in published) == AGENCIES * ENTRIES
    search = build_platform_search("临川市", published, [p.agency.href for p in published])
    sizes = {spec.path.removeprefix("search/"): len(str(spec.content).encode("utf-8"))
             for spec in search.files}
    return sizes, int(search.layout["shards"])  # type: ignore[call-overload]


def test_every_typical_query_fetches_at_most_500_kb_across_300_agencies(index_files):
    sizes, shards = index_files
    largest_meta = sorted((s for p, s in sizes.items() if p.startswith("meta/")), reverse=True)[:RERANK]
    largest_text = sorted((s for p, s in sizes.items() if p.startswith("text/")), reverse=True)[:PAGE]
    agencies = sizes[AGENCIES_FILE.removeprefix("search/")]
    fetched = {query: agencies + sum(sizes[path] for path in query_files(query, shards))
                      + sum(largest_meta) + sum(largest_text)
               for query in QUERIES}
    kilobytes = sorted(size / 1024 for size in fetched.values())
    print(f"KB per query at {AGENCIES} × {ENTRIES:,} entries: median "
          f"{statistics.median(kilobytes):.0f}, max {kilobytes[-1]:.0f}")
    assert max(fetched.values()) <= BUDGET, sorted((round(b / 1024), q) for q, b in fetched.items())[-4:]


def test_the_category_column_is_not_fetched_by_every_query(index_files):
    sizes, _ = index_files
    # 300,000 interleaved categories: about 300 KB, fetched only for the 主题分类 filter.
    assert sizes["facets/category.json"] > 250 * 1024
    assert sizes["facets.json"] <= 32 * 1024
    assert "facets/category.json" not in query_files("食品安全监督抽检", 8)
