"""Cost of the safe swap (gongkai/runner/staging.py) for a site of 10,000 entry pages.

Fills a stand-in site (10,000 pages of 30 kB and 2,891 search files, about what a 10,000-entry
build writes), then times the swap (two renames, the old site deleted), MkDocs' own
``clean_directory`` of the same site (what every build did before the swap) and the copy a
``--dirty`` build starts from.  Run: ``PYTHONPATH=plugins python benchmarks/swap.py``.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time

from mkdocs.utils import clean_directory

from gongkai.runner.staging import StagedSite


def fill(folder: str) -> None:
    for number in range(10_000):
        page = os.path.join(folder, "doc", f"e{number:05d}")
        os.makedirs(page)
        with open(os.path.join(page, "index.html"), "wb") as out:
            out.write(b"x" * 30_000)
    os.makedirs(os.path.join(folder, "search", "terms"))
    for number in range(2_891):
        with open(os.path.join(folder, "search", "terms", f"{number}.json"), "wb") as out:
            out.write(b"y" * 5_000)


def main() -> None:
    root = tempfile.mkdtemp(prefix="gongkai-swap-")
    site = os.path.join(root, "site")
    try:
        fill(site)
        started = time.perf_counter()
        clean_directory(site)
        print(f"MkDocs clean_directory: {time.perf_counter() - started:.2f} s")
        fill(site)
        stage = StagedSite(site)
        fill(stage.open())
        started = time.perf_counter()
        stage.commit()
        print(f"swap (two renames, old site deleted): {time.perf_counter() - started:.2f} s")
        stage = StagedSite(site)
        started = time.perf_counter()
        stage.open(seed=True, skip=("search",))
        print(f"--dirty: copy of the site to start from: {time.perf_counter() - started:.2f} s")
        stage.discard()
    finally:
        shutil.rmtree(root)


if __name__ == "__main__":
    main()
