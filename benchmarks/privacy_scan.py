"""Cost of the personal-data scan over every published text, attachments included.

    python benchmarks/privacy_scan.py /tmp/bench-privacy --entries 10000 --attachments 1000

Generates a site (benchmarks/generate.py) and gives ``--attachments`` entries an attachment of
their own (PDF, DOCX and XLSX in turn, each with distinct bytes, so none is read from another's
cache entry), then prints the median of ``--runs`` timings of:

- ``read_site, no attachments``: reading and validating the content with every attachment
  reference removed (what the build cost before attachments were scanned);
- ``read_site, cold``: with the attachments, text cache empty (every file extracted and scanned);
- ``read_site, warm``: the same with the cache folder filled by a previous build (a rebuild in CI
  or on a webmaster's machine, in a new process: only the cache files are read);
- ``of which extraction and scan``: the part of the two above spent in
  :func:`gongkai.core.privacy_scan.scan_files` (reading, extracting or fetching from the cache,
  scanning the published files), the rest being the usual reading of entries;
- ``scan of attachment texts``: the scanner alone (texts already in memory).
"""

from __future__ import annotations

import argparse
import io
import re
import shutil
import statistics
import sys
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "plugins"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import SAMPLE, generate  # noqa: E402

from gongkai.core import load, privacy, privacy_scan  # noqa: E402
from gongkai.core.entrycache import ENTRY_CACHE  # noqa: E402
from gongkai.core.load import read_site  # noqa: E402
from gongkai.core.search import extract  # noqa: E402
from gongkai.core.settings import Settings  # noqa: E402


def distinct_copy(source: bytes, suffix: str, number: int) -> bytes:
    """``source`` with bytes of its own: a PDF comment after %%EOF, an extra part in a zip."""
    if suffix == ".pdf":
        return source + f"%gongkai-bench {number}\n".encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source)) as original, \
            zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as copy:
        for item in original.infolist():
            copy.writestr(item, original.read(item.filename))
        copy.writestr(f"docProps/bench-{number}.xml", f"<n>{number}</n>")
    return buffer.getvalue()


def attach(content: Path, count: int) -> int:
    sources = {path.suffix.lower(): path.read_bytes()
               for path in sorted((SAMPLE / "catalogue").rglob("*"))
               if path.suffix.lower() in (".pdf", ".docx", ".xlsx")}
    kinds = sorted(sources)
    entries = sorted((content / "catalogue").rglob("e*.md"))
    step = max(1, len(entries) // count)
    done = 0
    for number, path in enumerate(entries[::step][:count]):
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"^attachments:\n(?:(?:  |- ).*\n)*", "", text, flags=re.M)
        suffix = kinds[number % len(kinds)]
        name = f"{path.stem}-附件{suffix}"
        (path.parent / name).write_bytes(distinct_copy(sources[suffix], suffix, number))
        text = text.replace("\n---\n", f"\nattachments:\n  - {{path: {name}, title: 附件}}\n---\n", 1)
        path.write_text(text, encoding="utf-8")
        done += 1
    return done


def strip_attachments(content: Path) -> None:
    for path in (content / "catalogue").rglob("*.md"):
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"^attachments:\n(?:(?:  |- ).*\n)*", "", text, flags=re.M),
                        encoding="utf-8")


def median(runs: int, prepare, work) -> float:
    times = []
    for _ in range(runs):
        prepare()
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--attachments", type=int, default=1_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    cache = args.folder / ".cache" / "text"
    settings = Settings(today=__import__("datetime").date(2026, 11, 25), text_cache=cache)
    content = args.folder / "content"

    def fresh() -> None:  # a new build process: nothing in memory
        ENTRY_CACHE.clear()
        extract.clear_memory()

    def cold() -> None:
        fresh()
        shutil.rmtree(cache, ignore_errors=True)

    def read() -> None:
        site, problems = read_site(content, settings)
        assert not problems.errors, problems.errors[:3]
        result.append(site)

    result: list[object] = []
    spent: list[float] = []
    scan_files = privacy_scan.scan_files

    def timed_scan_files(*given, **options):  # type: ignore[no-untyped-def]
        start = time.perf_counter()
        found = scan_files(*given, **options)
        spent.append(time.perf_counter() - start)
        return found

    load.privacy_scan.scan_files = timed_scan_files  # type: ignore[attr-defined]
    generate(args.entries, args.folder)
    strip_attachments(content)
    base = median(args.runs, fresh, read)
    attached = attach(content, args.attachments)
    spent.clear()
    cold_time = median(args.runs, cold, read)
    cold_scan = statistics.median(spent)
    spent.clear()
    warm_time = median(args.runs, fresh, read)
    warm_scan = statistics.median(spent)
    texts = result[-1].attachment_texts  # type: ignore[attr-defined]
    scan = median(args.runs, lambda: None,
                  lambda: [privacy.find_personal_data(text) for text in texts.values()])
    size = sum(len(text) for text in texts.values())
    print(f"{args.entries} entries, {attached} attachments ({size / 1e6:.1f} M characters of text)")
    print(f"read_site, no attachments:  {base:6.2f} s")
    print(f"read_site, cold text cache: {cold_time:6.2f} s  (of which extraction and scan "
          f"{cold_scan:.2f} s)")
    print(f"read_site, warm text cache: {warm_time:6.2f} s  (of which extraction and scan "
          f"{warm_scan:.2f} s)")
    print(f"scan of attachment texts:   {scan:6.2f} s")


if __name__ == "__main__":
    main()
