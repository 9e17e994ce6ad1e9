"""Nothing half-published, and one place decides what may be published.

``mkdocs build`` writes into a fresh folder beside site/ and swaps it in only when everything
passed; a failed, aborted or killed build leaves the last good site/ byte for byte as it was.
What may be copied from content/ is decided by one policy (core/publish.py): no symlink out of
content/, nothing of registers/, no YAML, nothing of withheld entries.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import (
    AGENCY_CODE,
    BuildResult,
    BuildSite,
    entry,
    minimal_site,
    run_build,
    write_site,
)
from test_serve import fetch, free_port, wait_for

A_SLUG = f"{AGENCY_CODE.lower()}-2024-00001"  # catalogue/2024/a.md
WITH_ATTACHMENT = entry(extra="attachments:\n  - {path: files/表格.pdf, title: 检定申请表}\n")
PDF = b"%PDF-1.4\n% a form\n"
BROKEN_LINK = entry(f"{AGENCY_CODE}/2024-00002", title="临川市测试局行政许可事项清单", category="行政许可",
                    created="2024-04-01", published="2024-04-02", summary="公布本局行政许可事项。",
                    body="见[申请](../../nowhere/)。\n")


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file below ``folder`` (relative path → bytes)."""
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def leftovers(root: Path) -> list[str]:
    """Folders a build left beside site/ (its working copies; the attachment-text cache .cache/ is
    meant to stay)."""
    return sorted(p.name for p in root.iterdir() if p.name not in ("content", "site", "mkdocs.yml",
                                                                     "kiosk.yml", "site-kiosk",
                                                                     ".cache"))


def good_site(build_site: BuildSite) -> tuple[BuildResult, dict[str, bytes]]:
    result = build_site({"catalogue/2024/a.md": WITH_ATTACHMENT, "catalogue/2024/files/表格.pdf": PDF})
    assert result.exit_code == 0, result.log
    return result, snapshot(result.site_dir)


# -- a failed build leaves the last good site/ ---------------------------------------------------


@pytest.mark.parametrize("files, strict, message", [
    # found by the link check, after MkDocs has written the pages
    ({"catalogue/2024/b.md": BROKEN_LINK}, False, "broken internal link"),
    # a content page at a generated page's path
    ({"agency/index.md": "# 机构\n"}, False, "agency/index.md"),
    # an attachment that is a symlink to a register
    ({"catalogue/2024/files/表格.pdf": "->../../../registers/2024.yml"}, False, "registers"),
], ids=["broken-link", "generated-path", "symlink-to-register"])
def test_a_failed_build_leaves_the_last_good_site_as_it_was(build_site: BuildSite, tmp_path: Path,
                                                           files: dict[str, str], strict: bool,
                                                           message: str):
    _, before = good_site(build_site)
    links = {rel: target[2:] for rel, target in files.items() if target.startswith("->")}
    plain = {rel: text for rel, text in files.items() if rel not in links}
    for rel, target in links.items():
        (tmp_path / "content" / rel).unlink()
        (tmp_path / "content" / rel).symlink_to(target)
    result = build_site({"catalogue/2024/a.md": WITH_ATTACHMENT, **plain}, strict=strict)
    assert result.exit_code != 0, result.log
    assert message in result.log
    assert snapshot(result.site_dir) == before
    assert leftovers(tmp_path) == []


def test_a_strict_warning_leaves_the_last_good_site_as_it_was(build_site: BuildSite, tmp_path: Path):
    _, before = good_site(build_site)
    # Material's web fonts: a warning, raised by MkDocs only after on_post_build under --strict
    result = build_site({"catalogue/2024/a.md": WITH_ATTACHMENT}, strict=True,
                        mkdocs_extra={"theme": {"name": "material", "language": "zh"}})
    assert result.exit_code != 0, result.log
    assert "theme.font" in result.log and "strict mode" in result.log
    assert snapshot(result.site_dir) == before
    assert leftovers(tmp_path) == []


def test_a_good_build_replaces_the_site_and_leaves_no_working_folder(build_site: BuildSite,
                                                                    tmp_path: Path):
    good_site(build_site)
    (tmp_path / "site" / "stale.html").write_text("old", encoding="utf-8")
    # what a killed build left beside site/
    for name in (".site.building-999999", ".site.old-999999"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "index.html").write_text("half", encoding="utf-8")
    result = build_site({"catalogue/2024/a.md": entry(title="新标题的通知")})
    assert result.exit_code == 0, result.log
    assert "新标题的通知" in result.page(f"doc/{A_SLUG}/")
    assert not (result.site_dir / "stale.html").exists()
    assert not (result.site_dir / "catalogue/2024/files/表格.pdf").exists()
    assert (result.site_dir / "search/facets.json").is_file()  # written by the search process
    assert leftovers(tmp_path) == []


def test_the_kiosk_build_is_swapped_into_its_own_folder(tmp_path: Path):
    from kiosk_fixture import build_kiosk
    result = build_kiosk(tmp_path)
    assert result.exit_code == 0, result.log
    assert (tmp_path / "site-kiosk/index.html").is_file()
    assert not (tmp_path / "site").exists()
    before = snapshot(tmp_path / "site-kiosk")
    (tmp_path / "content/catalogue/2024/b.md").write_text(BROKEN_LINK, encoding="utf-8")
    failed = run_build(tmp_path, "--strict", config_file="kiosk.yml")
    assert failed.exit_code != 0
    assert snapshot(tmp_path / "site-kiosk") == before
    assert leftovers(tmp_path) == []


# -- a killed build --------------------------------------------------------------------------------


def _descendants(pid: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found: set[int] = set()
    todo = [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def many_entries(count: int) -> dict[str, str]:
    return {f"catalogue/2025/e{n:05d}.md": entry(f"{AGENCY_CODE}/2025-{n:05d}", title=f"第{n}号测试通知",
                                                 created="2025-01-02", published="2025-01-03",
                                                 body="为做好测试工作，现通知如下。" * 40 + "\n")
            for n in range(1, count + 1)}


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_killed_build_leaves_the_site_and_no_process_behind(tmp_path: Path, sig: signal.Signals):
    write_site(tmp_path, {**minimal_site(), **many_entries(1200)})
    first = run_build(tmp_path)
    assert first.exit_code == 0, first.log
    before = snapshot(tmp_path / "site")
    (tmp_path / "content/catalogue/2024/a.md").write_text(entry(title="改过的通知"), encoding="utf-8")
    env = {**os.environ, "PYTHONWARNINGS": "ignore", "GONGKAI_WORKERS": "2"}
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "build"], cwd=tmp_path, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    assert proc.stderr is not None
    helpers: set[int] = set()
    for line in proc.stderr:  # killed while MkDocs writes pages and the search process works
        helpers |= _descendants(proc.pid)
        if "Building documentation to directory" in line:
            break
    time.sleep(1.0)
    helpers |= _descendants(proc.pid)
    proc.send_signal(sig)
    proc.communicate(timeout=120)
    assert proc.returncode != 0
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(_alive(pid) for pid in helpers):
        time.sleep(0.2)
    assert helpers, "the build started no helper process: the test did not test that"
    assert [pid for pid in helpers if _alive(pid)] == []
    assert snapshot(tmp_path / "site") == before
    assert leftovers(tmp_path) == []


# -- --dirty ------------------------------------------------------------------------------------


def test_a_dirty_build_drops_a_withdrawn_entry_and_its_attachment(build_site: BuildSite,
                                                                  tmp_path: Path):
    result, _ = good_site(build_site)
    assert (result.site_dir / f"doc/{A_SLUG}/index.html").is_file()
    assert (result.site_dir / "catalogue/2024/files/表格.pdf").is_file()
    withdrawn = entry(review="待审", extra="attachments:\n  - {path: files/表格.pdf, title: 检定申请表}\n")
    (tmp_path / "content/catalogue/2024/a.md").write_text(withdrawn, encoding="utf-8")
    dirty = run_build(tmp_path, "--dirty")
    assert dirty.exit_code == 0, dirty.log
    assert not (dirty.site_dir / f"doc/{A_SLUG}").exists()
    assert not (dirty.site_dir / "catalogue/2024/files/表格.pdf").exists()
    assert "计量器具检定" not in (dirty.site_dir / "data/catalogue.json").read_text(encoding="utf-8")
    # the other entries are still there, unchanged
    assert (dirty.site_dir / f"doc/{AGENCY_CODE.lower()}-2024-00002/index.html").is_file()
    assert leftovers(tmp_path) == []


# -- what may be published -----------------------------------------------------------------------


def _link(root: Path, rel: str, target: str | Path) -> None:
    path = root / "content" / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    path.symlink_to(target)


@pytest.mark.parametrize("name", ["表格.pdf", "名单.txt"])
def test_an_attachment_symlinked_to_a_register_fails_the_build(build_site: BuildSite, tmp_path: Path,
                                                               name: str):
    write_site(tmp_path, minimal_site())
    _link(tmp_path, f"catalogue/2024/files/{name}", "../../../registers/2024.yml")
    text = entry(extra=f"attachments:\n  - {{path: files/{name}, title: 名单}}\n")
    result = build_site({"catalogue/2024/a.md": text})
    assert result.exit_code != 0, result.log
    assert re.search(r"catalogue/2024/a\.md:\d+: attachments\.0: .*symlink.*registers/2024\.yml",
                     result.log), result.log
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize("rel, target", [
    ("assets/host.txt", "OUTSIDE/secret.txt"),  # a file symlink out of content/
    ("files", "OUTSIDE"),  # a directory symlink out of content/
    ("extra/名单.pdf", "../registers/2024.yml"),  # a symlink into registers/, referenced by nothing
])
def test_a_symlink_out_of_content_or_into_registers_is_an_error(build_site: BuildSite, tmp_path: Path,
                                                                rel: str, target: str):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("root:x:0:0 host secret", encoding="utf-8")
    write_site(tmp_path, minimal_site())
    _link(tmp_path, rel, str(outside / Path(target).relative_to("OUTSIDE"))
          if target.startswith("OUTSIDE") else target)
    result = build_site()
    assert result.exit_code != 0, result.log
    assert re.search(rf"{re.escape(rel)}: .*symlink .*— replace it by", result.log), result.log
    assert not (tmp_path / "site").exists()


def test_a_symlink_inside_content_is_published_as_its_file(build_site: BuildSite, tmp_path: Path):
    write_site(tmp_path, {**minimal_site(), "shared/表格.pdf": PDF})
    _link(tmp_path, "catalogue/2024/files/表格.pdf", "../../../shared/表格.pdf")
    result = build_site({"catalogue/2024/a.md": WITH_ATTACHMENT, "shared/表格.pdf": PDF})
    assert result.exit_code == 0, result.log
    assert (result.site_dir / "catalogue/2024/files/表格.pdf").read_bytes() == PDF


def test_unreferenced_and_withheld_files_in_the_catalogue_are_not_copied(build_site: BuildSite):
    withheld = entry(f"{AGENCY_CODE}/2024-00003", title="待审文件", review="待审",
                     extra="attachments:\n  - {path: files/secret.pdf, title: 内部}\n")
    result = build_site({"catalogue/2024/w.md": withheld, "catalogue/2024/files/secret.pdf": PDF,
                         "catalogue/2024/notes.txt": "草稿", "catalogue/2024/files/old.pdf": PDF})
    assert result.exit_code == 0, result.log
    copied = snapshot(result.site_dir)
    assert not [p for p in copied if p.startswith("catalogue/2024/") and not p.endswith(".html")]
    assert not [p for p in copied if p.endswith((".yml", ".yaml"))]
    assert "待审文件" not in "".join(v.decode("utf-8", "replace") for v in copied.values())


# -- generated paths ------------------------------------------------------------------------------


@pytest.mark.parametrize("slug", ["../../../../x", "../agency", "a/b", "2024", ""])
def test_a_category_slug_must_stay_a_plain_folder_name(build_site: BuildSite, tmp_path: Path,
                                                       slug: str):
    _, before = good_site(build_site)
    categories = [{"name": "其他法定公开信息", "slug": slug}, "行政许可", "行政规范性文件"]
    result = build_site({"catalogue/2024/a.md": WITH_ATTACHMENT},
                        plugin_options={"categories": categories})
    assert result.exit_code != 0, result.log
    assert "plugins.gongkai.categories[0]: slug:" in result.log, result.log
    assert snapshot(result.site_dir) == before
    assert not (tmp_path.parent.parent / "x").exists()
    assert not (tmp_path / "x").exists()


@pytest.mark.parametrize("rel", [
    "assets/gongkai/search.js", "search/index.md", "search/facets.json", "data/catalogue.json",
    "agency/index.md", "feed.xml",
])
def test_a_content_file_at_a_generated_path_is_an_error(build_site: BuildSite, rel: str):
    _, before = good_site(build_site)
    result = build_site({"catalogue/2024/a.md": WITH_ATTACHMENT, rel: "# 手写的文件\n"})
    assert result.exit_code != 0, result.log
    assert f"{rel}: this path is generated by gongkai" in result.log, result.log
    assert snapshot(result.site_dir) == before


# -- entry file names -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["d.MD", "d.markdown", "d.Markdown"])
def test_markdown_entries_with_other_extensions_are_entries(build_site: BuildSite, name: str):
    text = entry(f"{AGENCY_CODE}/2024-00007", title="扩展名不同的通知")
    result = build_site({f"catalogue/2024/{name}": text})
    assert result.exit_code == 0, result.log
    assert "扩展名不同的通知" in result.page(f"doc/{AGENCY_CODE.lower()}-2024-00007/")


# -- mkdocs serve ---------------------------------------------------------------------------------


def test_serve_keeps_serving_the_last_good_version_after_a_broken_save(tmp_path: Path):
    write_site(tmp_path, minimal_site())
    port = free_port()
    env = {**os.environ, "PYTHONWARNINGS": "ignore", "NO_MKDOCS_2_WARNING": "1"}
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr",
                                 f"127.0.0.1:{port}"], cwd=tmp_path, env=env, stdout=out,
                                stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}/"
    page = base + f"doc/{A_SLUG}/"
    try:
        wait_for(page, "计量器具检定工作")
        broken = entry(extra="attachments: [missing.pdf]\n")
        (tmp_path / "content/catalogue/2024/a.md").write_text(broken, encoding="utf-8")
        deadline = time.monotonic() + 300
        while "content error" not in log.read_text(encoding="utf-8"):
            assert time.monotonic() < deadline, log.read_text(encoding="utf-8")
            time.sleep(0.3)
        time.sleep(1)
        html = fetch(page)
        assert html is not None and "计量器具检定工作" in html
        assert "keeps showing the last good version" in log.read_text(encoding="utf-8")
        (tmp_path / "content/catalogue/2024/a.md").write_text(entry(title="修好后的通知"),
                                                            encoding="utf-8")
        wait_for(page, "修好后的通知")
    finally:
        proc.terminate()
        proc.wait(timeout=60)

