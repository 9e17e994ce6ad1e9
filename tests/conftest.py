"""Fixture sites: a small valid agency site written into ``tmp_path`` and built with ``mkdocs``.

Tests change single files of the minimal site and assert on what a user sees: the exit code, the
build log and the files in ``site/``.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import textwrap
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from gongkai.core.load import read_site
from gongkai.core.problems import Problem
from gongkai.core.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
# Material's end-of-life banner (printed by every build) contains the word WARNING, which tests of
# a clean --strict log look for: silenced for every build the tests run, as in .ci/run.
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
AGENCY_CODE = "11360100MB00000016"  # a checksum-valid 统一社会信用代码 (GB 32100-2015)


def entry(index_no: str = f"{AGENCY_CODE}/2024-00001", *, title: str = "关于开展2024年计量器具检定工作的通知",
          category: str = "其他法定公开信息", created: str = "2024-03-01", published: str = "2024-03-08",
          summary: str = "部署2024年度强制检定计量器具的检定工作。", body: str = "为做好计量器具检定工作，现通知如下。\n",
          review: str = "通过", extra: str = "") -> str:
    """Text of one catalogue entry file (front matter + body)."""
    return (
        "---\n"
        f"title: {title}\n"
        f"index_no: {index_no}\n"
        f"category: {category}\n"
        f"created: {created}\n"
        f"published: {published}\n"
        f"summary: {summary}\n"
        f"review: {{result: {review}, by: 王审查, date: {published}}}\n"
        f"{extra}"
        "---\n"
        f"{body}"
    )


AGENCY_YML = textwrap.dedent(f"""\
    name: 临川市测试局
    code: {AGENCY_CODE}
    address: 临川市人民路1号
    postcode: "344000"
    office_hours: 工作日 8:30-12:00，14:30-17:30
    phone: 0794-8000001
    fax: 0794-8000002
    email: xxgk@test.linchuan.gov.cn
    website: https://test.linchuan.gov.cn
    application_window: {{address: 临川市人民路1号一楼, hours: 工作日, phone: 0794-8000003}}
    duties: [负责测试工作, 负责公开工作]
    leaders:
      - {{name: 李某, title: 局长, duties: 主持全面工作}}
    departments:
      - {{name: 办公室, duties: 综合协调, phone: 0794-8000004}}
    affiliates: []
    """)

GUIDE_MD = textwrap.dedent("""\
    ---
    title: 政府信息公开指南
    ---
    ## 一、信息分类与编排体系
    按主题分类编排。
    ## 二、获取方式
    网站、公共查阅室。
    """)


def minimal_site() -> dict[str, str]:
    """A small valid site: agency, guide, three entries, one register."""
    return {
        "agency.yml": AGENCY_YML,
        "guide.md": GUIDE_MD,
        "catalogue/2024/a.md": entry(),
        "catalogue/2024/b.md": entry(f"{AGENCY_CODE}/2024-00002", title="临川市测试局行政许可事项清单",
                                     category="行政许可", created="2024-04-01", published="2024-04-02",
                                     summary="公布本局行政许可事项。"),
        "catalogue/2023/c.md": entry(f"{AGENCY_CODE}/2023-00001", title="临川市测试局规范性文件管理办法",
                                     category="行政规范性文件", created="2023-05-01",
                                     published="2023-05-06", summary="规范性文件的制定和管理。",
                                     extra="doc_no: 临测规〔2023〕1号\n"),
        "registers/2024.yml": textwrap.dedent("""\
            applications:
              - id: 2024-001
                received: 2024-03-04
                applicant: 自然人
                name: 张某某
                contact: zhang@example.com
                channel: 网上
                request: 申请公开某检查记录
                outcome: 予以公开
                replied: 2024-03-15
                fee: 0
            reviews: []
            statistics: {行政许可: 10, 行政处罚: 2, 行政强制: 0, 行政事业性收费: 1.5}
            """),
    }


@dataclass
class BuildResult:
    """What a webmaster sees after ``mkdocs build``."""

    exit_code: int
    log: str
    root: Path
    site_dir: Path

    def page(self, url_path: str) -> str:
        """HTML of the page at ``url_path`` (``"doc/x/"``, ``""`` for home)."""
        return (self.site_dir / url_path / "index.html").read_text(encoding="utf-8")

    def text(self, path: str) -> str:
        return (self.site_dir / path).read_text(encoding="utf-8")

    def all_bytes(self) -> list[tuple[Path, bytes]]:
        """Every file of site/; a build that wrote no site/ fails here (a check of every byte of
        nothing would pass)."""
        assert self.site_dir.is_dir(), f"no site/ was written\n{self.log}"
        return [(p, p.read_bytes()) for p in sorted(self.site_dir.rglob("*")) if p.is_file()]


def write_files(folder: Path, files: Mapping[str, str | bytes | None]) -> None:
    """Write ``files`` (path → text or bytes) below ``folder``; ``None`` deletes that file."""
    for rel, data in files.items():
        path = folder / rel
        if data is None:
            path.unlink(missing_ok=True)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")


def write_site(root: Path, files: dict[str, str | bytes], plugin_options: dict[str, Any] | None = None,
               mkdocs_extra: dict[str, Any] | None = None) -> None:
    """Write a fixture site: ``content/`` from ``files`` and an ``mkdocs.yml``."""
    write_files(root / "content", files)
    # The minimal site leaves most columns empty on purpose: inspection findings (空白栏目, late
    # report) are logged as info here; tests of the inspection rules ask for "warn".
    options: dict[str, Any] = {"today": "2026-11-25", "inspections": "info"}
    options.update(plugin_options or {})
    config: dict[str, Any] = {
        "site_name": "测试站点",
        "site_url": "https://test.linchuan.gov.cn/",
        "docs_dir": "content",
        "theme": {"name": "material", "language": "zh", "font": False},
        "plugins": [{"search": {}}, {"gongkai": options}],
        "extra": {"generator": False},
    }
    config.update(mkdocs_extra or {})
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")


def run_build(root: Path, *args: str, config_file: str = "mkdocs.yml") -> BuildResult:
    """Run ``mkdocs build`` as a webmaster would and capture exit code and log."""
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", config_file, *args],
        cwd=root, capture_output=True, text=True, env=env, timeout=600,
    )
    return BuildResult(proc.returncode, proc.stdout + proc.stderr, root, root / "site")


BuildSite = Callable[..., BuildResult]
# The fixture site's build day (its mkdocs.yml: today) and address, as the build's settings.
FIXTURE_SETTINGS = Settings(today=dt.date(2026, 11, 25), site_url="https://test.linchuan.gov.cn/")


def validate(root: Path, files: Mapping[str, str | bytes | None]) -> list[Problem]:
    """What the build's validation reports, before it renders, for the minimal site changed by
    ``files``: the core alone (no MkDocs), as ``gongkai check`` reads it."""
    content = root / "content"
    write_files(content, {**minimal_site(), **files})
    return read_site(content, FIXTURE_SETTINGS, workers=1)[1].items


def found(problems: list[Problem], message: str, severity: str = "error") -> list[Problem]:
    """The problems of ``severity`` whose line (``path:line: field: message — fix``) holds
    ``message``."""
    return [p for p in problems if p.severity == severity and message in str(p)]


@pytest.fixture
def build_site(tmp_path: Path) -> BuildSite:
    """Build a fixture site: ``build_site(files=None, plugin_options=None, strict=False)``.

    ``files`` is merged over :func:`minimal_site`; a value ``None`` deletes that file.
    """

    def build(files: dict[str, str | bytes | None] | None = None,
              plugin_options: dict[str, Any] | None = None, strict: bool = False,
              mkdocs_extra: dict[str, Any] | None = None) -> BuildResult:
        merged: dict[str, str | bytes] = dict(minimal_site())
        for rel, data in (files or {}).items():
            if data is None:
                merged.pop(rel, None)
            else:
                merged[rel] = data
        write_site(tmp_path, merged, plugin_options, mkdocs_extra)
        return run_build(tmp_path, *(["--strict"] if strict else []))

    return build


class _QuietHandler(__import__("http.server").server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - signature of the base
        """Keep test output free of one line per request."""


@pytest.fixture
def serve(tmp_path: Path):
    """Serve a built site folder on 127.0.0.1 (a free port); yields a function dir → base URL."""
    import functools
    import http.server
    import threading

    servers: list[http.server.ThreadingHTTPServer] = []

    def start(directory: Path) -> str:
        handler = functools.partial(_QuietHandler, directory=str(directory))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/"

    yield start
    for server in servers:
        server.shutdown()


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (``playwright install`` cannot download browsers here)."""
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "install Debian's chromium: apt-get install chromium"
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture(scope="session")
def sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The repository's sample site (mkdocs.yml, content/, overrides/) built with ``--strict``
    in a copy, once per test session: (site folder, build log)."""
    import shutil

    work = tmp_path_factory.mktemp("sample")
    for name in ("mkdocs.yml", "content", "overrides"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, work / name)
        else:
            shutil.copy(source, work / name)
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=work,
                          capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return work / "site", proc.stdout + proc.stderr
