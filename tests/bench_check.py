"""Benchmark: ``gongkai check`` against ``mkdocs build`` on the sample site (prints figures).

Run from the repository root: ``python tests/bench_check.py [runs]``.  Reports wall-clock and CPU
seconds (user + system of the child process) per run and the median of each; the CPU figure is the
one to compare on a busy machine.  Not a test: speed goals are read, never asserted.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GONGKAI = Path(sys.executable).with_name("gongkai")


def measure(command: list[str]) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one run of ``command`` in the repository root."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{result.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    entries = len(list((ROOT / "content/catalogue").rglob("*.md")))
    print(f"sample site: {entries} entry files, {runs} run(s) each")
    with tempfile.TemporaryDirectory() as out:
        commands = {
            "gongkai check": [str(GONGKAI), "check"],
            "mkdocs build": [sys.executable, "-m", "mkdocs", "build", "-q", "-d", out],
        }
        medians: dict[str, tuple[float, float]] = {}
        for name, command in commands.items():
            figures = [measure(command) for _ in range(runs)]
            walls, cpus = [f[0] for f in figures], [f[1] for f in figures]
            medians[name] = (statistics.median(walls), statistics.median(cpus))
            print(f"{name:14} wall {' '.join(f'{w:5.2f}' for w in walls)} s   "
                  f"cpu {' '.join(f'{c:5.2f}' for c in cpus)} s   "
                  f"median wall {medians[name][0]:.2f} s, cpu {medians[name][1]:.2f} s")
    check, build = medians["gongkai check"], medians["mkdocs build"]
    print(f"check / build: wall {check[0] / build[0]:.0%}, cpu {check[1] / build[1]:.0%}")


if __name__ == "__main__":
    main()
