"""Scale benchmark of the 本级政府 platform: agencies built in parallel, then federated.

    python benchmarks/platform_scale.py --built 50 --federated 300 --jobs 2 --work /tmp/bench-platform

1. ``--built`` real-size agencies (300–1,000 entries each, ``benchmarks/generate.py`` with their
   own name and 统一社会信用代码) are built with ``mkdocs build``, ``--jobs`` at a time, as
   ``gongkai platform build`` does: wall time per agency, entries per second, peak memory.
2. ``--federated`` agencies × ``--entries`` entries of published output (``data/catalogue.json``
   and ``reports/2025/report.json`` as gongkai writes them, generated directly: building 300 sites
   on this machine would take hours) are federated in a fresh process: time, peak memory, the
   size of the platform's search index and files, and the bytes one query fetches in headless
   Chromium (``benchmarks/search.py``'s measurement) — the target is at most 500 KB.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "plugins"), str(ROOT / "benchmarks")]

import generate  # noqa: E402  (benchmarks/generate.py)

from gongkai.core.identifiers import uscc_check_char  # noqa: E402
from gongkai.core.platform import build_agencies, read_config  # noqa: E402

SAMPLE_NAME = generate.AGENCY
SAMPLE_CODE = generate.CODE
AGENCY_KINDS = ["市场监督管理局", "教育局", "民政局", "财政局", "人力资源和社会保障局", "自然资源局",
                "生态环境局", "住房和城乡建设局", "交通运输局", "水利局", "农业农村局", "商务局",
                "文化广电旅游局", "卫生健康委员会", "应急管理局", "审计局", "统计局", "医疗保障局"]


def agency_identity(number: int) -> tuple[str, str, str]:
    """(path, name, 统一社会信用代码) of synthetic agency ``number``."""
    base = f"11360100MB{number:07d}"
    kind = AGENCY_KINDS[number % len(AGENCY_KINDS)]
    return f"a{number:03d}", f"临川市第{number + 1}{kind}", base + uscc_check_char(base)


def generate_built(count: int, work: Path, seed: int) -> list[dict[str, object]]:
    """Write ``count`` agency sites below ``work/agencies``; their platform.yml items."""
    rng = random.Random(seed)
    items = []
    for number in range(count):
        path, name, code = agency_identity(number)
        entries = rng.randint(300, 1000)
        generate.CODE, generate.AGENCY = code, name
        target = work / "agencies" / path
        generate.generate(entries, target, seed + number)
        agency_yml = target / "content" / "agency.yml"
        agency_yml.write_text(agency_yml.read_text(encoding="utf-8").replace(SAMPLE_CODE, code)
                              .replace(SAMPLE_NAME, name), encoding="utf-8")
        items.append({"name": name, "code": code, "path": path, "config": f"agencies/{path}/mkdocs.yml",
                      "entries": entries})
    generate.CODE, generate.AGENCY = SAMPLE_CODE, SAMPLE_NAME
    return items


def write_config(file: Path, name: str, agencies: list[dict[str, object]]) -> None:
    items = [{k: v for k, v in a.items() if k != "entries"} for a in agencies]
    config = {"name": name, "today": generate.TODAY, "agencies": items}
    file.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")


def published_record(rng: random.Random, code: str, name: str, number: int) -> dict[str, object]:
    """One ``catalogue.json`` record as gongkai writes it (same vocabulary as generate.py)."""
    year = 2012 + number % 15
    category, form = generate.CATEGORIES[(number * 7) % len(generate.CATEGORIES)]
    topic, verb = rng.choice(generate.TOPICS), rng.choice(generate.VERBS)
    left, right = rng.choice(generate.BRACKETS)
    index_no = f"{code}/{year}-{number:05d}"
    day = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    return {
        "index_no": index_no, "title": f"{name}关于{verb}{year}年{topic}工作的{form}",
        "doc_no": f"{rng.choice(generate.DOC_PREFIXES)}{left}{year}{right}{rng.randint(1, 180)}号",
        "category": category, "issuer": name, "form": form, "created": day, "published": day,
        "validity": "有效", "abolished": "", "superseded_by": "", "interprets": "",
        "summary": f"{verb}{topic}工作的主要任务、职责分工和工作要求。", "keywords": [topic, form],
        "attachments": [], "url": f"doc/{index_no.lower().replace('/', '-')}/", "also_in": [],
        "valid_until": "", "cleanup": None, "unstated": [], "inferred": {},
    }


def generate_published(count: int, entries: int, work: Path, report: dict[str, object],
                       seed: int) -> list[dict[str, object]]:
    """Published output of ``count`` agencies below ``work/published``; their platform.yml items."""
    rng = random.Random(seed)
    categories = [{"name": c, "item": None} for c, _ in generate.CATEGORIES]
    items = []
    for number in range(count):
        path, name, code = agency_identity(number)
        folder = work / "published" / path
        (folder / "data").mkdir(parents=True, exist_ok=True)
        records = sorted((published_record(rng, code, name, n) for n in range(1, entries + 1)),
                         key=lambda r: str(r["published"]), reverse=True)
        document = {"agency": {"name": name, "code": code}, "categories": categories,
                    "count": entries, "entries": records}
        (folder / "data" / "catalogue.json").write_text(
            json.dumps(document, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        (folder / "reports" / "2025").mkdir(parents=True, exist_ok=True)
        (folder / "reports" / "2025" / "report.json").write_text(
            json.dumps({**report, "agency": name}, ensure_ascii=False), encoding="utf-8")
        items.append({"name": name, "code": code, "path": path, "site": f"published/{path}",
                      "url": f"https://xxgk.linchuan.gov.cn/{path}/", "entries": entries,
                      **({"government": True} if number == 0 else {})})
    return items


FEDERATE = """
import json, resource, sys, time
sys.path.insert(0, sys.argv[2])
from pathlib import Path
from gongkai.core.platform import federate, read_config
config, problems = read_config(Path(sys.argv[1]))
started = time.perf_counter()
result = federate(config, check_links=sys.argv[3] == "check")
wall = time.perf_counter() - started
own = resource.getrusage(resource.RUSAGE_SELF)
children = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"wall": wall, "phases": result.seconds, "files": result.files,
                  "cpu": own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime,
                  "rss_mb": max(own.ru_maxrss, children.ru_maxrss) / 1024,
                  "index_bytes": result.search.size, "index_files": len(result.search.files),
                  "entries": result.search.documents,
                  "government": [[r.year, len(r.parts), len(r.excluded)] for r in result.government.reports]}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--built", type=int, default=50, help="real-size agencies built (default 50)")
    parser.add_argument("--federated", type=int, default=300, help="agencies federated (default 300)")
    parser.add_argument("--entries", type=int, default=1000, help="entries per federated agency")
    parser.add_argument("--jobs", type=int, default=2, help="agency builds at a time")
    parser.add_argument("--work", type=Path, default=Path("/tmp/bench-platform"))
    parser.add_argument("--seed", type=int, default=20261125)
    parser.add_argument("--no-queries", action="store_true", help="skip the Chromium measurement")
    parser.add_argument("--report", type=Path, default=None,
                        help="the report.json each federated agency publishes (default: one of "
                        "the agencies built, else a built copy of the sample site's)")
    parser.add_argument("--queries-only", action="store_true",
                        help="only measure the queries on the platform already in --work")
    args = parser.parse_args()
    work = args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    if args.queries_only:
        print_queries(work / "platform-site")
        return
    report: dict[str, object] = (json.loads(args.report.read_text(encoding="utf-8"))
                                 if args.report else {})
    if args.built:
        print(f"== {args.built} real-size agencies built, {args.jobs} at a time ==", flush=True)
        built = generate_built(args.built, work, args.seed)
        write_config(work / "built.yml", "临川市（构建）", built)
        config, problems = read_config(work / "built.yml")
        assert config is not None, problems
        started = time.perf_counter()
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        results = build_agencies(config, args.jobs)
        wall = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        failed = [r.agency.path for r in results if r.exit_code]
        sizes = {str(a["path"]): int(a["entries"]) for a in built}  # type: ignore[call-overload]
        seconds = [r.seconds for r in results]
        rates = [sizes[r.agency.path] / r.seconds for r in results]
        print(f"entries per agency: {min(sizes.values())}–{max(sizes.values())}, "
              f"total {sum(sizes.values()):,}; failed: {failed or 'none'}")
        print(f"wall {wall:.1f} s for {len(results)} agencies with {args.jobs} jobs; "
              f"CPU {after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime:.1f} s; "
              f"peak RSS of one build {after.ru_maxrss / 1024:.0f} MB")
        print(f"per agency (wall of its own build, beside {args.jobs - 1} other(s)): median "
              f"{statistics.median(seconds):.1f} s, min {min(seconds):.1f}, max {max(seconds):.1f}; "
              f"{statistics.median(rates):.0f} entries/s median")
        reports = sorted((work / "build").glob("*/reports/2025/report.json"))
        if reports and not report:
            report = json.loads(reports[0].read_text(encoding="utf-8"))
        print_federation(work / "built.yml", check=True)
    if args.federated and not report:
        report = sample_report(work)
    if args.federated:
        print(f"\n== {args.federated} agencies × {args.entries} entries federated ==", flush=True)
        started = time.perf_counter()
        items = generate_published(args.federated, args.entries, work, report, args.seed)
        write_config(work / "federated.yml", "临川市人民政府信息公开平台", items)
        print(f"(published output generated in {time.perf_counter() - started:.1f} s)", flush=True)
        print_federation(work / "federated.yml", check=False)
        if not args.no_queries:
            print_queries(work / "platform-site")


def sample_report(work: Path) -> dict[str, object]:
    """The 2025 report.json of the sample site, built once into ``work/sample``."""
    built = work / "sample" / "site" / "reports" / "2025" / "report.json"
    if not built.is_file():
        generate.generate(10, work / "sample")
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=work / "sample",
                       check=True, capture_output=True)
    return dict(json.loads(built.read_text(encoding="utf-8")))


def print_federation(config: Path, check: bool) -> None:
    """Federate ``config`` in a fresh process and print its time, memory and index size."""
    proc = subprocess.run([sys.executable, "-c", FEDERATE, str(config), str(ROOT / "plugins"),
                           "check" if check else "no-check"], capture_output=True, text=True,
                          check=True)
    figures = json.loads(proc.stdout.strip().splitlines()[-1])
    phases = ", ".join(f"{k} {v:.1f} s" for k, v in figures["phases"].items())
    print(f"federation{' (pages copied, links checked)' if check else ''}: {figures['wall']:.1f} s "
          f"wall ({phases}), {figures['cpu']:.1f} s CPU, peak RSS {figures['rss_mb']:.0f} MB, "
          f"{figures['entries']:,} entries, {figures['files']:,} files written; government "
          f"report (year, parts summed, excluded): {figures['government']}")
    print(f"platform search index: {figures['index_bytes'] / 1e6:.1f} MB in "
          f"{figures['index_files']:,} files", flush=True)


def measure_queries(site: Path) -> list[tuple[str, int, dict[str, tuple[int, int]]]]:
    """Per query of ``benchmarks/search.py``: the results and every index file fetched, with its
    body size and its size gzip-compressed (what a server that compresses JSON sends).  After
    the first query the visitor presses 按主题分类筛选 when it is offered: its files are a row of
    their own ("+ 主题分类 filter")."""
    import functools
    import gzip
    import http.server
    import re
    import threading
    import urllib.parse

    import search  # benchmarks/search.py: the same queries and server as the site search's
    from playwright.sync_api import sync_playwright

    handler = functools.partial(search._Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    rows = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=search.CHROMIUM,
                                             args=["--headless", "--no-sandbox", "--disable-gpu"])
        for query in search.QUERIES:
            context = browser.new_context()  # a fresh cache: a first-time visitor
            page = context.new_page()
            fetched: dict[str, tuple[int, int]] = {}

            def finished(request: object, out: dict[str, tuple[int, int]] = fetched) -> None:
                response = request.response()  # type: ignore[attr-defined]
                url = request.url  # type: ignore[attr-defined]
                if response and "/search/" in url and "?v=" in url:
                    body = response.body()
                    out[url.split("/search/", 1)[1].split("?", 1)[0]] = (
                        len(body), len(gzip.compress(body, 6)))

            page.on("requestfinished", finished)
            page.goto(f"{base}search/?q={urllib.parse.quote(query)}")
            page.wait_for_selector("[data-gk-search][data-state=results], "
                                   "[data-gk-search][data-state=none]", timeout=300_000)
            page.wait_for_load_state("networkidle")
            total = re.search(r"找到(\d+)条", page.inner_text(".gk-search__status"))
            rows.append((query, int(total.group(1)) if total else 0, dict(fetched)))
            button = page.locator("[data-gk-load-filter=category]")
            if not rows[1:] and button.is_visible():
                before = dict(fetched)
                button.click()
                page.wait_for_selector("select[name=category]", state="visible", timeout=300_000)
                page.wait_for_load_state("networkidle")
                options = page.eval_on_selector_all("select[name=category] option", "o => o.length")
                rows.append(("+ 主题分类 filter", options - 1,
                             {k: v for k, v in fetched.items() if k not in before}))
            context.close()
        browser.close()
    server.shutdown()
    return rows


def print_queries(site: Path) -> None:
    """The bytes each query fetches: all, the facets, the term shards, the rest; raw and gzip."""
    print(f"{'query':<22}{'results':>8}{'files':>6}{'KB':>8}{'gzip KB':>9}{'facets':>8}"
          f"{'terms':>8}{'other':>8}")
    rows = measure_queries(site)
    raw, packed = [], []
    for query, results, fetched in rows:
        size = sum(r for r, _ in fetched.values()) / 1024
        gz = sum(g for _, g in fetched.values()) / 1024
        part = {kind: sum(r for name, (r, _) in fetched.items() if name.startswith(kind)) / 1024
                for kind in ("facets", "terms/")}
        if not query.startswith("+"):  # the filter is an action of its own, not a query
            raw.append(size)
            packed.append(gz)
        print(f"{query:<22}{results:>8}{len(fetched):>6}{size:>8.1f}{gz:>9.1f}{part['facets']:>8.1f}"
              f"{part['terms/']:>8.1f}{size - sum(part.values()):>8.1f}")
    print(f"KB fetched per query: median {statistics.median(raw):.1f}, max {max(raw):.1f}; "
          f"gzip-compressed: median {statistics.median(packed):.1f}, max {max(packed):.1f}")


if __name__ == "__main__":
    main()
