"""修改记录: every entry page shows its publication and each later change from the git history.

The fixture is a temporary git repository with two commits: the first adds the site, the second
renames one entry's file and corrects its text.  Commit dates are fixed, so the expected dates are
known; a site outside git, and a shallow clone, build and say once that there is no history.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
from pathlib import Path

import pytest

from conftest import AGENCY_CODE, BuildResult, entry, minimal_site, run_build, write_site
from gongkai.core.history import Change, change_record

A1 = f"{AGENCY_CODE.lower()}-2024-00001"
B2 = f"{AGENCY_CODE.lower()}-2024-00002"
NO_HISTORY = "no change history: the content folder is not in a git repository with its full history"


def git(root: Path, *args: str, date: str = "2024-03-08T10:00:00+08:00") -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date,
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    subprocess.run(["git", "-c", "user.name=信息公开办", "-c", "user.email=xxgk@test.example",
                    "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", *args],
                   cwd=root, env=env, check=True, capture_output=True)


def make_repository(root: Path) -> None:
    """Commit 1 (2024-03-08) adds the site; commit 2 (2024-05-10) renames and corrects a.md."""
    write_site(root, minimal_site())
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "公开：关于开展2024年计量器具检定工作的通知等3件")
    text = (root / "content/catalogue/2024/a.md").read_text(encoding="utf-8")
    (root / "content/catalogue/2024/a.md").write_text(
        text.replace("现通知如下。", "现将有关事项通知如下。"), encoding="utf-8")
    git(root, "mv", "content/catalogue/2024/a.md", "content/catalogue/2024/jianding-tongzhi.md")
    git(root, "commit", "-q", "-a", "-m", "更正<b>正文</b>措辞\n\n内部说明：不发布", date="2024-05-10T09:30:00+08:00")


@pytest.fixture(scope="module")
def repository(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("history")
    make_repository(root)
    return root


@pytest.fixture(scope="module")
def built(repository: Path) -> BuildResult:
    result = run_build(repository)
    assert result.exit_code == 0, result.log
    return result


def history_items(html: str) -> list[str]:
    """The rows of the 修改记录 as text, tags replaced by single spaces."""
    section = html.split('<section class="gk-history"', 1)[1].split("</section>", 1)[0]
    return [" ".join(re.sub(r"<[^>]+>", " ", item).split())
            for item in re.findall(r"<li>(.*?)</li>", section, re.DOTALL)]


def test_entry_page_shows_publication_and_each_later_change(built):
    html = built.page(f"doc/{A1}/")
    assert "<h2 id=\"gk-history-title\">修改记录</h2>" in html
    assert history_items(html) == [
        "2024年3月8日 首次公开 公开：关于开展2024年计量器具检定工作的通知等3件",
        "2024年5月10日 修改 更正&lt;b&gt;正文&lt;/b&gt;措辞",  # escaped; the body stays internal
    ]
    assert "内部说明" not in html
    assert "现将有关事项通知如下。" in html


def test_entry_without_later_changes_shows_its_publication_only(built):
    assert history_items(built.page(f"doc/{B2}/")) == [
        "2024年4月2日 首次公开 公开：关于开展2024年计量器具检定工作的通知等3件"]


def test_history_pages_are_the_same_bytes_in_a_second_build(built, repository):
    first = built.page(f"doc/{A1}/").encode()
    again = run_build(repository)
    assert again.exit_code == 0, again.log
    assert again.page(f"doc/{A1}/").encode() == first
    assert NO_HISTORY not in again.log


def test_site_outside_git_builds_and_says_so_once(tmp_path):
    write_site(tmp_path, minimal_site())
    result = run_build(tmp_path, "--strict")
    assert result.exit_code == 0, result.log
    assert result.log.count(NO_HISTORY) == 1
    assert "修改记录" not in result.page(f"doc/{A1}/")


def test_shallow_clone_builds_without_history_and_says_so(repository, tmp_path):
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", repository.as_uri(), str(clone)],
                   check=True, capture_output=True)
    result = run_build(clone)
    assert result.exit_code == 0, result.log
    assert result.log.count(NO_HISTORY) == 1 and "fetch-depth: 0" in result.log
    assert "修改记录" not in result.page(f"doc/{A1}/")


def test_uncommitted_new_entry_shows_its_publication_date(repository, tmp_path):
    # A work tree with an entry that is not committed yet: its page still builds.
    clone = tmp_path / "work"
    subprocess.run(["git", "clone", "-q", repository.as_uri(), str(clone)], check=True,
                   capture_output=True)
    (clone / "content/catalogue/2024/new.md").write_text(
        entry(f"{AGENCY_CODE}/2024-00009", title="新近起草的通知", published="2024-06-01"),
        encoding="utf-8")
    result = run_build(clone)
    assert result.exit_code == 0, result.log
    assert history_items(result.page(f"doc/{AGENCY_CODE.lower()}-2024-00009/")) == ["2024年6月1日 首次公开"]


@pytest.mark.parametrize(("message", "shown"), [
    ("更正附件名称", "更正附件名称"),
    ("按申请人13812345678来电更正", "（说明含个人信息，不予公开）"),  # a mobile number
    ("更正文号临市监规〔2024〕3号", "更正文号临市监规〔2024〕3号"),
])
def test_commit_messages_with_personal_data_are_not_published(message, shown):
    rows = change_record(dt.date(2024, 3, 8), [Change(dt.date(2024, 5, 10), message),
                                               Change(dt.date(2024, 3, 8), "公开")])
    assert rows == [{"date": dt.date(2024, 3, 8), "kind": "首次公开", "message": "公开"},
                    {"date": dt.date(2024, 5, 10), "kind": "修改", "message": shown}]
