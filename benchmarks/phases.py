"""Time two build phases: reading + validating the content, and building the search index.

    python benchmarks/phases.py 10000                 # generate a 10,000-entry site in a temp folder
    python benchmarks/phases.py 10000 --keep /tmp/sp10k   # generate there once, reuse it afterwards
    python benchmarks/phases.py --site /tmp/sp10k     # any existing site folder (with mkdocs.yml)

Prints the median of ``--runs`` runs (default 3) of:

- ``read_site cold``: no cached entries (the first build of a process, i.e. every ``mkdocs build``);
- ``read_site warm``: right after another read of the same folder in the same process: every
  entry comes from the in-process entry cache (:mod:`gongkai.core.entrycache`, keyed by content
  folder and file, checked against each file's bytes), as in ``mkdocs serve`` after a save;
- ``search index cold`` / ``warm``: :func:`build_search_index` on that site, without and with the
  attachment texts already extracted in this process.

The settings are the ones ``mkdocs build`` would use (the plugin's ``on_config`` runs on the
site's mkdocs.yml).  Figures only: nothing is asserted (the machine is shared and timings vary).
"""

from __future__ import annotations

import argparse
import inspect
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def settings_of(folder: Path) -> tuple[object, Path]:
    """The plugin's settings and the content folder for the site in ``folder``."""
    from mkdocs.config import load_config

    config = load_config(str(folder / "mkdocs.yml"))
    config = config.plugins.on_config(config)
    plugin = config.plugins["gongkai"]
    return plugin.settings, Path(config.docs_dir)


def cpu_seconds() -> float:
    """CPU time of this process and of its finished children (the forked workers)."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def median_time(runs: int, prepare: Callable[[], None], work: Callable[[], object]) -> str:
    """Median wall and CPU seconds of ``runs`` runs, as a table cell."""
    walls, cpus = [], []
    for _ in range(runs):
        prepare()
        started, cpu = time.perf_counter(), cpu_seconds()
        work()
        walls.append(time.perf_counter() - started)
        cpus.append(cpu_seconds() - cpu)
    return f"{statistics.median(walls):7.2f} s wall {statistics.median(cpus):7.2f} s CPU"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("entries", type=int, nargs="?", default=10000)
    parser.add_argument("--site", type=Path, help="an existing site folder (skips generating)")
    parser.add_argument("--keep", type=Path, help="generate into this folder, or reuse it if it exists")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workers", type=int, help="processes to use (default: one per core)")
    args = parser.parse_args()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

    folder = args.site or args.keep
    if folder is None:
        folder = Path(tempfile.mkdtemp(prefix="gongkai-phases-"))
    if not (folder / "mkdocs.yml").is_file():
        subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate.py"), str(args.entries),
                        str(folder)], check=True)

    from gongkai.core.entrycache import ENTRY_CACHE
    from gongkai.core.load import read_site
    from gongkai.core.search import build_search_index
    from gongkai.core.search import index as search_index

    settings, content = settings_of(folder)
    # Older versions (to compare against) have no ``workers`` parameter.
    options = ({"workers": args.workers}
               if "workers" in inspect.signature(read_site).parameters else {})
    result: dict[str, object] = {}

    def forget_entries() -> None:
        ENTRY_CACHE._entries.clear()  # noqa: SLF001 - older versions have no clear()

    def read() -> None:
        result["site"] = read_site(content, settings, **options)[0]  # type: ignore[arg-type]

    def forget_attachments() -> None:
        clear = getattr(search_index, "clear_attachment_cache", None)
        if clear is not None:
            clear()

    def search() -> None:
        # Older versions read attachments here and take the content folder.
        given = ((content,) if "content_dir" in inspect.signature(build_search_index).parameters
                 else ())
        result["index"] = build_search_index(result["site"], *given, settings,  # type: ignore[arg-type]
                                             **options)

    cold = median_time(args.runs, forget_entries, read)
    read()  # the cache is full now
    warm = median_time(args.runs, lambda: None, read)
    site = result["site"]
    search_cold = median_time(args.runs, forget_attachments, search)
    search_warm = median_time(args.runs, lambda: None, search)
    index = result["index"]
    print(f"site: {folder} ({len(site.entries)} entries published, "  # type: ignore[attr-defined]
          f"{len(site.withheld)} withheld)")  # type: ignore[attr-defined]
    print(f"medians of {args.runs} runs, workers: {args.workers or 'one per core'}")
    print(f"read_site cold      {cold}")
    print(f"read_site warm      {warm}")
    print(f"search index cold   {search_cold}")
    print(f"search index warm   {search_warm}")
    print(f"search index: {index.terms} terms, {index.shards} shards, "  # type: ignore[attr-defined]
          f"{index.size / 1e6:.1f} MB")  # type: ignore[attr-defined]


if __name__ == "__main__":
    main()
