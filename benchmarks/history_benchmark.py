"""How long reading the change history of a large site takes (one ``git log`` for all entries).

Creates a temporary git repository with N catalogue entries (default 10,000), then commits that
change a quarter of them each and one that renames 500, and times :func:`entry_history`.  Prints
figures; it asserts nothing (speed is measured here, never in unit tests).

    python benchmarks/history_benchmark.py [N]
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from gongkai.core.history import entry_history

ROUNDS = 4  # commits that each change a quarter of the entries
ENV = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=bench", "-c", "user.email=bench@example.org",
                    "-c", "init.defaultBranch=main", "-c", "gc.auto=0", *args], cwd=root, env=ENV, check=True,
                   capture_output=True)


def main(count: int) -> None:
    with tempfile.TemporaryDirectory() as directory:
        root = Path(directory)
        catalogue = root / "content" / "catalogue"
        sources = []
        for n in range(count):
            path = catalogue / str(2020 + n % 6) / f"entry-{n:05d}.md"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(f"---\ntitle: 文件{n}\n---\n正文第{n}号，" + "内容。" * 40 + "\n",
                            encoding="utf-8")
            sources.append(path.relative_to(root / "content").as_posix())
        started = time.perf_counter()
        git(root, "init", "-q")
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", "初始公开")
        for round_ in range(ROUNDS):
            for n in range(round_, count, ROUNDS):
                path = root / "content" / sources[n]
                path.write_text(path.read_text(encoding="utf-8") + f"修改{round_}。\n", encoding="utf-8")
            git(root, "commit", "-q", "-a", "-m", f"第{round_ + 1}次修改")
        for n in range(0, min(count, 500)):
            old = sources[n]
            new = old.replace("entry-", "renamed-")
            os.rename(root / "content" / old, root / "content" / new)
            sources[n] = new
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", "文件改名")
        setup = time.perf_counter() - started

        started = time.perf_counter()
        history = entry_history(root / "content", sources)
        elapsed = time.perf_counter() - started
        assert history is not None
        changes = sum(len(v) for v in history.values())
        renamed_full = sum(1 for s in sources[:500] if len(history[s]) >= 2)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"entries: {count}, commits: {ROUNDS + 2}, repository set-up {setup:.1f} s")
        print(f"entry_history: {elapsed:.2f} s, {changes} changes read "
              f"({changes / count:.1f} per entry), renamed entries with their older commits: "
              f"{renamed_full}/{min(count, 500)}")
        print(f"peak memory of this process: {peak:.0f} MB")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
