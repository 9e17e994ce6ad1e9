"""Line numbers travel in the model: each message about a page's field or body finds its line in
the validated site, not by reading the file again (engine-free: the core only)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conftest import AGENCY_CODE, entry, minimal_site, write_files
from gongkai.core.check import source_link_problems
from gongkai.core.entrycache import ENTRY_CACHE
from gongkai.core.load import read_site
from gongkai.core.model import SourceLines
from gongkai.core.settings import Settings

SETTINGS = Settings(today=dt.date(2026, 11, 25))
ENTRY = "catalogue/2024/a.md"


def read(tmp_path: Path, files: dict[str, str]):
    write_files(tmp_path, {**minimal_site(), **files})
    ENTRY_CACHE.clear()
    site, problems = read_site(tmp_path, SETTINGS, workers=1)
    assert not problems.errors, [str(p) for p in problems.errors]
    return site


@pytest.mark.parametrize(("key", "line"), [
    ("title", 2), ("index_no", 3), ("category", 4), ("created", 5), ("published", 6),
    ("summary", 7), ("review", 8), ("doc_no", 9),
    ("keywords", 2),  # not written: the first line of the front matter
])
def test_an_entry_records_the_line_of_each_key(tmp_path, key, line):
    site = read(tmp_path, {ENTRY: entry(extra="doc_no: 临测〔2024〕1号\n")})
    (found,) = [e for e in site.entries if e.source == ENTRY]
    assert found.lines.line(key) == line


def test_an_entry_records_where_its_body_starts(tmp_path):
    site = read(tmp_path, {ENTRY: entry(body="第一行。\n\n第三行 [链接](x.pdf)。\n")})
    (found,) = [e for e in site.entries if e.source == ENTRY]
    assert found.lines.body_line == 10
    assert found.lines.in_body(found.body, "x.pdf") == 12
    assert found.lines.in_body(found.body, "nowhere.pdf") == 0


def test_entries_from_the_cache_keep_their_lines(tmp_path):
    first = read(tmp_path, {})
    again, _ = read_site(tmp_path, SETTINGS, workers=1)
    assert [e.lines for e in again.entries] == [e.lines for e in first.entries]
    assert all(e.lines != SourceLines() for e in again.entries)


def test_withheld_entries_guide_and_pages_are_in_the_sources(tmp_path):
    withheld = f"catalogue/2024/{'w'}.md"
    site = read(tmp_path, {
        withheld: entry(f"{AGENCY_CODE}/2024-00009", review="待审"),
        "about.md": "---\ntitle: 关于\n---\n# 关于本站\n\n见[说明](about.pdf)。\n",
        "index.md": "# 首页\n",
    })
    sources = site.markdown_sources()
    assert {withheld, "guide.md", "about.md", "index.md", ENTRY} <= set(sources)
    body, lines = sources["about.md"]
    assert lines.body_line == 4
    assert lines.in_body(body, "about.pdf") == 6
    assert sources["index.md"][1].body_line == 1
    assert sources["guide.md"][1].body_line == 4


def test_a_broken_file_link_is_placed_without_reading_the_file_again(tmp_path):
    body = "正文第一行。\n\n附件见[通知](missing.pdf)。\n"
    site = read(tmp_path, {ENTRY: entry(body=body),
                           "about.md": "---\ntitle: 关于\n---\n见[说明](gone.docx)。\n"})
    # The sources are gone after reading: the lines come from the model.
    (tmp_path / ENTRY).unlink()
    (tmp_path / "about.md").unlink()
    found = sorted(str(p) for p in source_link_problems(tmp_path, site))
    assert found == [
        "about.md:4: href: 'gone.docx' does not exist in the built site (content/gone.docx is not "
        "a published file) — fix or remove the link",
        f"{ENTRY}:12: href: 'missing.pdf' does not exist in the built site "
        "(content/catalogue/2024/missing.pdf is not a published file) — fix or remove the link",
    ]
