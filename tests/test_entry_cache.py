"""Entries are parsed and validated once per version of their file (``mkdocs serve`` rebuilds).

A stale cache is a correctness bug: every test changes one thing an entry depends on — its text,
its attachment, the settings — and reads the content again right away, as a rebuild would.
"""

from __future__ import annotations

import datetime as dt

from conftest import AGENCY_CODE, entry, minimal_site, write_files
from gongkai.core.entrycache import ENTRY_CACHE
from gongkai.core.load import read_site
from gongkai.core.settings import Settings

SETTINGS = Settings(today=dt.date(2026, 11, 25))
A = "catalogue/2024/a.md"


write = write_files


def messages(problems) -> list[str]:
    return [str(p) for p in problems.items]


def test_unchanged_entries_come_from_the_cache_and_give_the_same_site(tmp_path):
    write(tmp_path, minimal_site())
    first, first_problems = read_site(tmp_path, SETTINGS)
    hits = ENTRY_CACHE.hits
    second, second_problems = read_site(tmp_path, SETTINGS)
    assert ENTRY_CACHE.hits - hits == 3  # the three entries of the minimal site
    assert second == first
    assert messages(second_problems) == messages(first_problems)


def test_an_edited_entry_is_read_again_even_when_its_size_is_unchanged(tmp_path):
    write(tmp_path, minimal_site())
    site, _ = read_site(tmp_path, SETTINGS)
    assert site.entries[1].title == "关于开展2024年计量器具检定工作的通知"
    # Same byte length, written within the same clock tick as far as mtime can tell.
    write(tmp_path, {A: entry(title="关于开展2024年计量器具检定工作的公告")})
    site, _ = read_site(tmp_path, SETTINGS)
    assert [e.title for e in site.entries if e.source == A] == ["关于开展2024年计量器具检定工作的公告"]


def test_an_entry_whose_attachment_disappears_is_validated_again(tmp_path):
    files = dict(minimal_site())
    files[A] = entry(extra="attachments: [{path: form.pdf, title: 申请表}]\n")
    files["catalogue/2024/form.pdf"] = b"%PDF-1.4 test"
    write(tmp_path, files)
    site, problems = read_site(tmp_path, SETTINGS)
    assert not problems.errors
    assert [a.size for e in site.entries for a in e.attachments] == [13]
    (tmp_path / "catalogue/2024/form.pdf").unlink()
    _, problems = read_site(tmp_path, SETTINGS)
    assert any("attachment 'form.pdf' not found" in m for m in messages(problems))


def test_an_attachment_that_changes_size_shows_its_new_size(tmp_path):
    files = dict(minimal_site())
    files[A] = entry(extra="attachments: [{path: form.pdf, title: 申请表}]\n")
    files["catalogue/2024/form.pdf"] = b"%PDF-1.4 test"
    write(tmp_path, files)
    read_site(tmp_path, SETTINGS)
    write(tmp_path, {"catalogue/2024/form.pdf": b"%PDF-1.4 a longer test file"})
    site, _ = read_site(tmp_path, SETTINGS)
    assert [a.size for e in site.entries for a in e.attachments] == [27]


def test_an_error_fixed_outside_the_entry_file_is_not_remembered(tmp_path):
    files = dict(minimal_site())
    files[A] = entry(extra="attachments: [form.pdf]\n")
    write(tmp_path, files)
    _, problems = read_site(tmp_path, SETTINGS)
    assert len(problems.errors) == 1
    write(tmp_path, {"catalogue/2024/form.pdf": b"%PDF-1.4 test"})
    _, problems = read_site(tmp_path, SETTINGS)
    assert problems.errors == []


def test_changed_settings_validate_every_entry_again(tmp_path):
    write(tmp_path, minimal_site())
    _, problems = read_site(tmp_path, SETTINGS)
    assert problems.warnings == []
    shorter = Settings(today=SETTINGS.today, summary_max_length=10)
    _, problems = read_site(tmp_path, shorter)
    # The summaries of the minimal site have 11 to 20 characters.
    assert sorted(p.path for p in problems.warnings) == [
        "catalogue/2023/c.md", "catalogue/2024/a.md", "catalogue/2024/b.md"]


def test_two_content_folders_do_not_share_entries(tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    write(one, minimal_site())
    write(two, {**minimal_site(), A: entry(title="另一个站点的文件")})
    read_site(one, SETTINGS)
    site, _ = read_site(two, SETTINGS)
    assert "另一个站点的文件" in [e.title for e in site.entries]
    assert AGENCY_CODE in site.entries[0].index_no
