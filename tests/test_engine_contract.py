"""The adapter contract: the same site built through MkDocs and through ProperDocs gives the same.

ProperDocs (PyPI ``properdocs``) is the maintained fork of MkDocs 1.6; it runs MkDocs plugins and
themes unchanged by aliasing the ``mkdocs`` modules to its own.  Both engines build the sample site
(public and kiosk) to the same files with the same bytes, except one engine-versioned line that
Material writes into every HTML page, ``<meta name="generator" content="mkdocs-1.6.1, …">`` (under
ProperDocs ``mkdocs-ProperDocs 1.6.7, …``); and bad content fails both the same way: exit code,
every warning and error line, and nothing published.

Skipped where ProperDocs is not installed (``pip install -e ".[test]"`` installs it next to
MkDocs); under CI (``CI=true``) a missing ProperDocs fails instead, so CI always runs both ways.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import AGENCY_CODE, ROOT, entry, minimal_site, write_site

ENGINES = ("mkdocs", "properdocs")
GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')
# One date for both builds of a pair (a build dates its pages by the day it runs).
BUILD_DAY = {"SOURCE_DATE_EPOCH": str(int(time.time()) // 86400 * 86400)}


@pytest.fixture(scope="module", autouse=True)
def properdocs_installed() -> None:
    if importlib.util.find_spec("properdocs") is not None:
        return
    reason = ("ProperDocs is not installed, so the engine contract cannot run through it — "
              "pip install -e \".[test]\" installs it")
    if os.environ.get("CI") == "true":
        pytest.fail(reason + " (CI runs the contract both ways)", pytrace=False)
    pytest.skip(reason)


def engine_build(engine: str, root: Path, *args: str, config_file: str = "mkdocs.yml"
                 ) -> tuple[int, str]:
    """``<engine> build -f <config_file> <args>`` in ``root``: exit code and log."""
    env = {**os.environ, "PYTHONWARNINGS": "ignore", "NO_MKDOCS_2_WARNING": "1", **BUILD_DAY}
    proc = subprocess.run([sys.executable, "-m", engine, "build", "-f", config_file, *args],
                          cwd=root, capture_output=True, text=True, env=env, timeout=600)
    return proc.returncode, proc.stdout + proc.stderr


def site_files(site_dir: Path) -> dict[str, bytes]:
    """Every file of a built site by its path, the engine's generator tag taken out."""
    return {path.relative_to(site_dir).as_posix(): GENERATOR.sub(b"", path.read_bytes())
            for path in sorted(site_dir.rglob("*")) if path.is_file()}


def problem_lines(log: str) -> list[str]:
    """What a webmaster acts on: every warning and error line and the engine's abort line."""
    return [line for line in log.splitlines()
            if line.startswith(("WARNING", "ERROR", "Aborted"))]


def copy_sample(folder: Path) -> Path:
    folder.mkdir()
    for name in ("mkdocs.yml", "kiosk.yml", "content", "overrides"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, folder / name)
        else:
            shutil.copy(source, folder / name)
    return folder


@pytest.mark.parametrize(("config_file", "site_dir"), [("mkdocs.yml", "site"),
                                                       ("kiosk.yml", "site-kiosk")])
def test_the_sample_site_builds_to_the_same_bytes_through_both_engines(tmp_path, config_file,
                                                                       site_dir):
    sites: dict[str, dict[str, bytes]] = {}
    for engine in ENGINES:  # each in its own copy: no cache or output of the other is seen
        root = copy_sample(tmp_path / engine)
        code, log = engine_build(engine, root, "--strict", config_file=config_file)
        assert code == 0, f"{engine}:\n{log}"
        assert problem_lines(log) == [], engine
        html = (root / site_dir / "index.html").read_bytes()
        assert GENERATOR.search(html) is not None  # what is taken out is there, once per page
        sites[engine] = site_files(root / site_dir)
    mkdocs, properdocs = sites["mkdocs"], sites["properdocs"]
    assert len(mkdocs) > 200
    assert sorted(mkdocs) == sorted(properdocs)
    assert [path for path in mkdocs if mkdocs[path] != properdocs[path]] == []


BAD_CONTENT = {
    # an error: nothing can be built
    "unknown category": ({"catalogue/2024/bad.md": entry(f"{AGENCY_CODE}/2024-00009",
                                                        category="不存在的栏目")}, {}),
    # a warning, which --strict turns into a failure after the site was built in its stage
    "summary too long": ({"catalogue/2024/bad.md": entry(f"{AGENCY_CODE}/2024-00009",
                                                        summary="本局" * 60)}, {}),
    # a warning logged while worker processes render the entry pages
    "raw script in a body": ({"catalogue/2024/bad.md": entry(
        f"{AGENCY_CODE}/2024-00009", body="正文。\n\n<script>alert(1)</script>\n")},
        {"build_workers": 2}),
    # a broken link: the engine's own warning, and gongkai's link check
    "broken links": ({"catalogue/2024/bad.md": entry(
        f"{AGENCY_CODE}/2024-00009", body="见[不存在的页面](../nowhere.md)和[本页锚点](#none)。\n")},
        {}),
}


@pytest.mark.parametrize("case", list(BAD_CONTENT))
def test_bad_content_fails_the_same_way_through_both_engines(tmp_path, case):
    files, options = BAD_CONTENT[case]
    results: dict[str, tuple[int, list[str]]] = {}
    for engine in ENGINES:
        root = tmp_path / engine
        write_site(root, {**minimal_site(), **files}, options)
        code, log = engine_build(engine, root, "--strict")
        assert "Traceback" not in log, log
        assert not (root / "site").exists(), f"{engine} published a failed build:\n{log}"
        results[engine] = (code, problem_lines(log))
    code, lines = results["mkdocs"]
    assert code == 1 and any("bad.md" in line for line in lines), lines
    assert results["properdocs"] == results["mkdocs"]
