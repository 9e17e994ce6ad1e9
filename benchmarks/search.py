"""Site search benchmark: index size, bytes one query fetches, time to first results, build time.

    python benchmarks/search.py                 # 1,000 and 10,000 entries (about 15 minutes)
    python benchmarks/search.py --50k           # 1,000, 10,000 and 50,000 (about 40 minutes more)
    python benchmarks/search.py 1000 --keep /tmp/bench-search
    python benchmarks/search.py --site /tmp/sc10k/site   # only the queries, on a built site

For each size it generates a synthetic site (benchmarks/generate.py), builds it once to warm up,
then once with the search index replaced by an empty one and once as is, and prints:

- the index on disk below ``site/search/`` (files and bytes);
- the build time the indexing adds (difference of the two builds, and the plugin's own timing);
- for typical queries (words, several words, 文号 in other brackets, 索引号 whole and short,
  繁體), in headless Chromium against a local static server, each as a first-time visitor (empty
  cache): the bytes of the index files fetched (response bodies, uncompressed), and the time to
  the first results on screen, from navigation start (page load included) and from the end of
  the page's loading (``DOMContentLoaded``);
- the median and the largest of both over the queries.

Figures only: nothing is asserted (the machine is shared and timings vary).
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
QUERIES = [
    "食品安全监督抽检", "计量器具强制检定", "预算", "2024年",                  # words
    "电梯 安全", "明码标价 检查", "价格监督检查 通报 2021年",                  # several words
    "临市监规〔2020〕5号", "临市监函[2019]12号", "临市财发（2023）7",          # 文号, any brackets
    "11360100MB1C38423B/2019-00012", "2019-00012",                          # 索引号
    "特種設備安全監察", "政府資訊公開", "計量器具強制檢定",                     # 繁體
]
WITHOUT_INDEX = (
    "import sys, gongkai.runner.search as search; from gongkai.core.search import SearchIndex;"
    "search.build_search_index = lambda *args: SearchIndex();"
    "from mkdocs.__main__ import cli; sys.argv = ['mkdocs', 'build', '-q']; cli()"
)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - base signature
        """No line per request."""


def build(folder: Path, with_index: bool) -> tuple[float, str]:
    """Build the site in ``folder``; returns wall seconds and the log."""
    command = ([sys.executable, "-m", "mkdocs", "build"] if with_index
               else [sys.executable, "-c", WITHOUT_INDEX])
    started = time.perf_counter()
    proc = subprocess.run(command, cwd=folder, capture_output=True, text=True,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    elapsed = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"build failed in {folder}:\n{proc.stdout}{proc.stderr}")
    return elapsed, proc.stdout + proc.stderr


def index_on_disk(site: Path) -> tuple[int, int]:
    files = [p for p in (site / "search").rglob("*") if p.is_file() and p.name != "index.html"]
    return len(files), sum(p.stat().st_size for p in files)


def measure_queries(site: Path) -> list[tuple[str, int, int, int, float, float]]:
    """(query, results, requests, bytes of index files fetched, ms to first results from
    navigation start, ms from DOMContentLoaded) per query."""
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    rows = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM,
                                             args=["--headless", "--no-sandbox", "--disable-gpu"])
        for query in QUERIES:
            context = browser.new_context()  # a fresh cache: a first-time visitor
            page = context.new_page()
            fetched: list[int] = []
            page.on("requestfinished", lambda request, out=fetched: out.append(
                len(request.response().body()) if request.response() else 0)
                if "/search/" in request.url and "?v=" in request.url else None)
            page.goto(f"{base}search/?q={urllib.parse.quote(query)}")
            page.wait_for_selector("[data-gk-search][data-state=results], "
                                   "[data-gk-search][data-state=none]", timeout=120_000)
            first = page.evaluate("performance.now()")
            loaded = page.evaluate(
                "performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd")
            page.wait_for_load_state("networkidle")
            results = page.locator(".gk-result").count()
            status = page.inner_text(".gk-search__status")
            total = re.search(r"找到(\d+)条", status)
            rows.append((query, int(total.group(1)) if total else results, len(fetched),
                         sum(fetched), first, first - loaded))
            context.close()
        browser.close()
    server.shutdown()
    return rows


def run(count: int, folder: Path) -> None:
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate.py"), str(count),
                    str(folder)], check=True, capture_output=True)
    build(folder, with_index=True)  # warm-up: the first build on a fresh folder is slower
    without, _ = build(folder, with_index=False)
    with_index, log = build(folder, with_index=True)
    own = re.search(r"search index: .*built in ([\d.]+) s", log)
    files, size = index_on_disk(folder / "site")
    print(f"\n== {count:,} entries ==")
    print(f"index on disk: {size / 1e6:.1f} MB in {files:,} files "
          f"({re.search(r'search index: (.*), built', log).group(1) if own else '?'})")
    print(f"build: {with_index:.1f} s with the index, {without:.1f} s without; indexing adds "
          f"{with_index - without:.1f} s (the index builder itself: {own.group(1) if own else '?'} s)")
    print_queries(folder / "site")


def print_queries(site: Path) -> None:
    print(f"{'query':<32}{'results':>8}{'requests':>9}{'KB fetched':>11}{'ms to results':>14}"
          f"{'after load':>11}")
    rows = measure_queries(site)
    for query, results, requests, fetched, first, after in rows:
        print(f"{query:<32}{results:>8}{requests:>9}{fetched / 1024:>11.1f}{first:>14.0f}"
              f"{after:>11.0f}")
    kilobytes = [row[3] / 1024 for row in rows]
    print(f"KB fetched per query: median {statistics.median(kilobytes):.1f}, "
          f"max {max(kilobytes):.1f}")
    for label, column in (("from navigation start", 4), ("after DOMContentLoaded", 5)):
        times = [row[column] for row in rows]
        print(f"ms to first results {label}: median {statistics.median(times):.0f}, "
              f"max {max(times):.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", type=int, nargs="*", default=[1000, 10000])
    parser.add_argument("--50k", dest="fifty", action="store_true", help="add 50,000 entries")
    parser.add_argument("--keep", type=Path, help="build in this folder (kept) instead of a temp one")
    parser.add_argument("--site", type=Path, help="only measure the queries on this built site/")
    args = parser.parse_args()
    if args.site:
        files, size = index_on_disk(args.site)
        print(f"index on disk: {size / 1e6:.1f} MB in {files:,} files")
        print_queries(args.site)
        return
    for count in args.sizes + ([50000] if args.fifty else []):
        if args.keep:
            run(count, args.keep / str(count))
        else:
            with tempfile.TemporaryDirectory() as folder:
                run(count, Path(folder))


if __name__ == "__main__":
    main()
