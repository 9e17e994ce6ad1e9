"""What one search query fetches at 50,000 entries: at most 500 KB.

The index of 50,000 generated entries (the vocabulary of ``benchmarks/generate.py``: Chinese titles
and texts, 文号 in every bracket style, 索引号 of one agency, 2012–2026) is built by the core, no
MkDocs.  For each query the bytes are those of the files ``search.js`` fetches, named by
:func:`gongkai.core.search.index.query_files` (``tests/test_search_passages.py`` checks that the
browser fetches exactly those): the facets, the folding tables, one shard per distinct term, then
— whatever the ranking — at most ``RERANK`` metadata chunks and ``PAGE`` passage files, counted
here as the largest of the index.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import random
import statistics
from pathlib import Path

import pytest

from gongkai.core.model import Agency, CatalogueEntry, Site
from gongkai.core.search.index import PAGE, RERANK, build_search_index, query_files
from gongkai.core.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
ENTRIES = 50_000
BUDGET = 500 * 1024

_spec = importlib.util.spec_from_file_location("generate", ROOT / "benchmarks" / "generate.py")
assert _spec is not None and _spec.loader is not None
generate = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(generate)

# Typical queries: words, several words, 文号 in other brackets, 索引号 whole and short, 繁體.
QUERIES = [
    "食品安全监督抽检", "计量器具强制检定", "电梯 安全", "明码标价 检查", "价格监督检查 通报 2021年",
    "校园食品安全 整改 立案", "临市监规〔2020〕5号", "临市监函[2019]12号", "临市财发（2023）7",
    f"{generate.CODE}/2019-00012", "2019-00012", "2024年", "特種設備安全監察", "政府資訊公開",
    "計量器具強制檢定", "網路交易監督管理",
]


def synthetic_site(count: int, settings: Settings) -> Site:
    """``count`` entries as ``benchmarks/generate.py`` writes them, made in memory."""
    rng = random.Random(20261125)
    categories = [c.name for c in settings.categories]
    entries = []
    for number in range(count):
        year = 2026 - number * 15 // count  # newest first, as the catalogue numbers them
        category = categories[number % len(categories)]
        topic, verb, form = rng.choice(generate.TOPICS), rng.choice(generate.VERBS), "通知"
        left, right = rng.choice(generate.BRACKETS)
        values = {"verb": verb, "topic": topic, "form": form, "dept": rng.choice(generate.DEPARTMENTS),
                  "tail": f"{rng.randint(400, 499)}", "n1": rng.randint(50, 3000),
                  "n2": rng.randint(1, 300), "n3": rng.randint(1, 200), "n4": rng.randint(0, 80),
                  "n5": rng.randint(1, 500)}
        paragraphs = rng.sample(generate.PARAGRAPHS, rng.randint(4, len(generate.PARAGRAPHS)))
        published = dt.date(year, rng.randint(1, 12), rng.randint(1, 28))
        index_no = f"{generate.CODE}/{year}-{count - number:05d}"
        entries.append(CatalogueEntry(
            source=f"catalogue/{year}/e{number}.md", title=f"{generate.AGENCY}关于{verb}{year}年{topic}工作的{form}",
            index_no=index_no, slug=index_no.lower().replace("/", "-"), category=category,
            created=published, published=published,
            summary=f"{verb}{topic}工作的主要任务、职责分工和工作要求。", issuer=generate.AGENCY,
            body="\n\n".join(p.format(**values) for p in paragraphs),
            doc_no=f"{rng.choice(generate.DOC_PREFIXES)}{left}{year}{right}{rng.randint(1, 180)}号",
            form=form, keywords=(topic, form)))
    agency = Agency(generate.AGENCY, generate.CODE, "临川市", "344000", "工作日", "0794-1", "0794-2",
                    "a@b.cn", "https://example.gov.cn")
    return Site(agency, None, settings.categories, tuple(entries), (), {})


@pytest.fixture(scope="module")
def index_files() -> tuple[dict[str, int], int]:
    """Bytes of every index file (by path below search/) of 50,000 entries, and the shards."""
    settings = Settings(today=dt.date(2026, 11, 25))
    index = build_search_index(synthetic_site(ENTRIES, settings), settings)
    sizes = {spec.path.removeprefix("search/"): len(str(spec.content).encode("utf-8"))
             for spec in index.files}
    return sizes, index.shards


def test_every_typical_query_fetches_at_most_500_kb_at_50000_entries(index_files):
    sizes, shards = index_files
    largest_meta = sorted((size for path, size in sizes.items() if path.startswith("meta/")),
                          reverse=True)[:RERANK]
    largest_text = sorted((size for path, size in sizes.items() if path.startswith("text/")),
                          reverse=True)[:PAGE]
    fetched = {query: sum(sizes[path] for path in query_files(query, shards))
                      + sum(largest_meta) + sum(largest_text)
               for query in QUERIES}
    kilobytes = sorted(size / 1024 for size in fetched.values())
    print(f"KB per query at {ENTRIES:,} entries: median {statistics.median(kilobytes):.0f}, "
          f"max {kilobytes[-1]:.0f}; {fetched}")
    assert max(fetched.values()) <= BUDGET, {q: round(b / 1024) for q, b in fetched.items()}


def test_no_index_file_grows_with_the_site_beyond_what_a_query_can_afford(index_files):
    sizes, _ = index_files
    # The files every query fetches, and any one shard, stay far below the budget.
    assert sizes["facets.json"] + sizes["fold.json"] <= 100 * 1024
    assert max(size for path, size in sizes.items() if path.startswith("terms/")) <= 60 * 1024
    assert max(size for path, size in sizes.items() if path.startswith("text/")) <= 8 * 1024
