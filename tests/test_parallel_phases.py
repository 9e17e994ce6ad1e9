"""Reading the content and building the search index in several processes changes no output.

Both phases split their per-entry work over forked workers (``gongkai.core.parallel``) and keep
what they parsed (entries, attachment texts) for the next build of the process.  Each test runs
the plain path — one process, nothing cached — and the fast path on the same fixture site and
compares everything a webmaster or a visitor gets: the site model, every validation message in
order, and every search index file byte for byte.  The fixture has entries with errors and
warnings, a withheld entry, readable and unreadable attachments, 繁体 and full-width text.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import threading
from pathlib import Path

import pytest

from conftest import AGENCY_CODE, entry, minimal_site, write_files
from gongkai.core import parallel
from gongkai.core.entrycache import ENTRY_CACHE
from gongkai.core.load import read_site
from gongkai.core.search import build_search_index, extract
from gongkai.core.search import index as search_index
from gongkai.core.search.normalize import fold
from gongkai.core.settings import Settings
from search_fixture import search_site

SETTINGS = Settings(today=dt.date(2026, 11, 25))
BODIES = [
    "为进一步加强食品安全监督抽检工作，现将有关事项通知如下。\n\n## 一、工作目标\n\n确保抽检合格率不低于98%。\n",
    "本局與香港、澳門計量機構簽署合作備忘錄，推動計量標準互認。網路資訊公開。\n",
    "检验依据ＧＢ　２７６０－２０２４《食品添加剂使用标准》执行……详见[附件](a.pdf)。\n",
    "| 项目 | 数量 |\n|---|---|\n| 电梯 | 120 |\n\n<b>加粗</b>、*强调*与`代码`。\n",
    "全文含一个控制字符\x00在正文中，索引仍须照常。ΑΣ ΟΔΟΣ。\n",
]


write = write_files


def fixture_site() -> dict[str, str | bytes | None]:
    files: dict[str, str | bytes | None] = {**minimal_site(), **search_site()}
    for number in range(1, 61):
        extra = ""
        if number % 10 == 0:
            extra = f"attachments:\n  - {{path: notes-{number}.txt, title: 附件说明{number}}}\n"
            files[f"catalogue/2022/notes-{number}.txt"] = f"附件正文第{number}号：计量检定记录表。\n"
        files[f"catalogue/2022/gen-{number:03}.md"] = entry(
            f"{AGENCY_CODE}/2022-{number:05}", title=f"关于做好第{number}批产品质量监督抽查工作的通知",
            category="监督检查", created="2022-02-01", published=f"2022-03-{number % 28 + 1:02}",
            summary=f"部署第{number}批产品质量监督抽查。", body=BODIES[number % len(BODIES)], extra=extra)
    files.update({
        # problems a webmaster is told about, in file order
        "catalogue/2021/bad-date.md": entry(f"{AGENCY_CODE}/2021-00001", created="2021-13-01"),
        "catalogue/2021/bad-category.md": entry(f"{AGENCY_CODE}/2021-00002", category="其它信息"),
        "catalogue/2021/long-summary.md": entry(f"{AGENCY_CODE}/2021-00003", summary="很长的概述" * 30),
        "catalogue/2021/phone.md": entry(f"{AGENCY_CODE}/2021-00004", body="联系人手机13812345678。\n"),
        "catalogue/2021/same-number.md": entry(f"{AGENCY_CODE}/2022-00001"),
        "catalogue/2021/latin1.md": "---\ntitle: caf\xe9\n---\n".encode("latin-1"),
        "catalogue/2021/no-review.md": entry(f"{AGENCY_CODE}/2021-00005", review="待审"),
        "catalogue/2021/damaged.md": entry(
            f"{AGENCY_CODE}/2021-00006",
            extra="attachments:\n  - {path: damaged.pdf, title: 损坏的附件}\n"),
        "catalogue/2021/damaged.pdf": b"%PDF-1.4 this is not really a PDF",
    })
    return files


def messages(problems: object) -> list[str]:
    return [str(p) for p in problems.items]  # type: ignore[attr-defined]


def index_files(index: search_index.SearchIndex) -> list[tuple[str, str | bytes]]:
    return [(f.path, f.content) for f in index.files]


@pytest.fixture
def content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    write(tmp_path, fixture_site())
    # Fork for any number of entries: the fixture is small.
    monkeypatch.setattr(parallel, "PARALLEL_MIN_ITEMS", 2)
    ENTRY_CACHE.clear()
    extract.clear_memory()
    return tmp_path


def plain_read(content: Path) -> tuple[object, list[str]]:
    ENTRY_CACHE.clear()
    site, problems = read_site(content, SETTINGS, workers=1)
    return site, messages(problems)


def test_the_fixture_has_errors_warnings_and_a_withheld_entry(content):
    _, found = plain_read(content)
    text = "\n".join(found)
    assert "catalogue/2021/bad-date.md:5: created: '2021-13-01' is not a valid date" in text
    assert "catalogue/2021/bad-category.md:4: category: unknown category '其它信息'" in text
    assert "catalogue/2021/long-summary.md:7: summary: 内容概述 has 150 characters" in text
    assert "catalogue/2021/phone.md:10: 全文: looks like personal data: a 手机号码" in text
    assert ("catalogue/2022/gen-001.md:3: index_no: 索引号 '11360100MB00000016/2022-00001' is already used "
            "by catalogue/2021/same-number.md:3") in text
    assert "catalogue/2021/latin1.md: not UTF-8 text" in text
    assert "not published: 保密审查 is '待审'" in text


def test_entries_read_in_workers_give_the_same_site_and_messages(content):
    site, found = plain_read(content)
    ENTRY_CACHE.clear()
    forks = parallel.forks
    parallel_site, parallel_problems = read_site(content, SETTINGS, workers=3)
    assert parallel.forks == forks + 2  # three chunks: two in children, one here
    assert messages(parallel_problems) == found
    assert parallel_site == site


def test_entries_from_the_cache_give_the_same_site_and_messages(content):
    site, found = plain_read(content)
    hits = ENTRY_CACHE.hits
    cached_site, cached_problems = read_site(content, SETTINGS, workers=2)
    assert ENTRY_CACHE.hits > hits
    assert messages(cached_problems) == found
    assert cached_site == site


def test_search_index_built_in_workers_is_byte_identical(content):
    site, _ = plain_read(content)
    plain = build_search_index(site, SETTINGS, workers=1)
    forks = parallel.forks
    fast = build_search_index(site, SETTINGS, workers=3)
    assert parallel.forks == forks + 2  # three chunks: two in children, one here
    assert index_files(fast) == index_files(plain)
    assert (fast.terms, fast.shards, fast.version) == (plain.terms, plain.shards, plain.version)


def test_attachment_texts_read_in_workers_give_the_same_site_and_messages(content):
    site, found = plain_read(content)
    # The damaged PDF is reported once, in the parallel reading as in the plain one.
    assert sum("damaged.pdf' cannot be scanned" in message for message in found) == 1
    extract.clear_memory()
    ENTRY_CACHE.clear()
    again, problems = read_site(content, SETTINGS, workers=3)
    assert messages(problems) == found
    assert again.attachment_texts == site.attachment_texts
    assert index_files(build_search_index(again, SETTINGS, workers=2)) == index_files(
        build_search_index(site, SETTINGS, workers=1))


def search_text(index: search_index.SearchIndex) -> str:
    return "".join(str(f.content) for f in index.files if f.path.startswith("search/meta/"))


def test_an_attachment_changed_in_place_is_read_again(content):
    site, _ = plain_read(content)
    assert "计量检定记录表" in search_text(build_search_index(site, SETTINGS, workers=2))
    # Same size, other words: only its bytes tell the change.
    write(content, {"catalogue/2022/notes-10.txt": "附件正文第10号：电梯维保记录表。\n"})
    site, _ = read_site(content, SETTINGS, workers=2)
    changed = build_search_index(site, SETTINGS, workers=2)
    assert "电梯维保记录表" in search_text(changed)
    assert search_text(changed).count("计量检定记录表") == 5  # notes-20 … notes-60 are unchanged


def test_a_damaged_attachment_replaced_by_a_readable_one_is_no_longer_reported(content):
    _, found = plain_read(content)
    assert any("damaged.pdf' cannot be scanned" in message for message in found)
    write(content, {"catalogue/2021/damaged.pdf": None})
    (content / "catalogue/2021/damaged.pdf").write_bytes(
        (content / "catalogue/2025/elevator-units.pdf").read_bytes())
    site, found = plain_read(content)
    assert not any("damaged.pdf" in message for message in found)
    assert "PDF-VERIFY-2025" in search_text(build_search_index(site, SETTINGS, workers=2))


def test_a_changed_category_setting_changes_the_messages_of_cached_entries(content):
    read_site(content, SETTINGS, workers=2)
    fewer = Settings(today=SETTINGS.today,
                     categories=tuple(c for c in SETTINGS.categories if c.name != "监督检查"))
    _, problems = read_site(content, fewer, workers=2)
    unknown = [p for p in problems.errors if p.field == "category"]
    # 监督检查: the 60 generated entries, 7 search fixture entries and the withheld one; plus the
    # misspelt category, reported before as now.
    assert len(unknown) == 60 + 7 + 1 + 1


@pytest.mark.parametrize("gap", [1, 1023, 1024, 5000])
def test_postings_encoded_by_two_workers_join_into_those_encoded_by_one(gap):
    # Entry numbers · 32 + weight; the second worker's first entry is ``gap`` after the first's last.
    first = [3 * 32 + 2, 7 * 32 + 31]
    second = [(7 + gap) * 32 + 1, (9 + gap) * 32 + 4]
    joined = search_index.encode_postings(first) + search_index._joined(
        search_index.encode_postings(second), second[0], first[-1])
    assert joined == search_index.encode_postings(first + second)


def test_work_is_cut_into_consecutive_chunks_in_order():
    chunks = parallel.fork_map(list, range(10), workers=3, min_items=0)
    assert chunks == [[0, 1, 2, 3], [4, 5, 6], [7, 8, 9]]


def test_a_chunk_whose_worker_fails_is_done_again_in_the_parent():
    parent = os.getpid()

    def squares(part):
        if os.getpid() != parent:
            raise RuntimeError("worker lost")
        return [n * n for n in part]

    assert parallel.fork_map(squares, range(6), workers=2, min_items=0) == [[0, 1, 4], [9, 16, 25]]


def test_one_worker_or_few_items_never_fork():
    forks = parallel.forks
    assert parallel.fork_map(list, range(10), workers=1, min_items=0) == [list(range(10))]
    assert parallel.fork_map(list, range(10), workers=4, min_items=11) == [list(range(10))]
    assert parallel.forks == forks


def test_a_daemonic_process_does_the_work_itself():
    # The build computes the search index in a daemonic background process, which may not fork.
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)

    def child():
        send.send(parallel.fork_map(list, range(10), workers=2, min_items=0))

    process = context.Process(target=child, daemon=True)
    process.start()
    assert receive.recv() == [list(range(10))]
    process.join()


def test_no_workers_by_default_while_other_threads_run(monkeypatch):
    monkeypatch.delenv("GONGKAI_WORKERS", raising=False)
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert parallel.worker_count() == 1
    finally:
        stop.set()
        thread.join()


def test_full_width_text_folds_as_nfkc_does():
    assert fold("ＧＢ　２７６０－２０２４，ＡＢＣ") == "gb 2760-2024,abc"
    assert fold("详见……") == "详见......"
    assert fold("網路資訊") == "网络信息"


@pytest.mark.parametrize(("items", "requested", "min_items", "variable", "workers"), [
    (399, None, None, "4", 1),  # fewer than PARALLEL_MIN_ITEMS: one process
    (400, None, None, "4", 4),  # GONGKAI_WORKERS decides the automatic count
    (3, None, None, "", 1),
    (3, 2, None, "4", 2),  # asked for (build_workers: 2, a test): no threshold
    (3, 8, None, "", 3),  # never more processes than items
    (10, 4, 11, "", 1),  # an explicit threshold holds for an explicit count too
    (10, 1, None, "4", 1),
    (None, None, None, "3", 3),
])
def test_one_policy_decides_how_many_processes(monkeypatch, items, requested, min_items, variable,
                                               workers):
    monkeypatch.setenv("GONGKAI_WORKERS", variable)
    assert parallel.worker_count(items, requested, min_items) == workers


def test_every_pool_of_the_build_takes_its_count_from_the_one_policy():
    # Rendering, link check and background work start processes through core/parallel only.
    package = Path(parallel.__file__).resolve().parents[1]
    starts = [str(path.relative_to(package)) for path in sorted(package.rglob("*.py"))
              if path.name != "parallel.py"
              and any(word in path.read_text(encoding="utf-8")
                      for word in ("multiprocessing.get_context(", ".Pool(", "import multiprocessing\n",
                                   "usable_cores", "MAX_WORKERS ="))]
    assert starts == []
