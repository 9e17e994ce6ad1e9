"""Build the platform: the agencies' own builds (in parallel), then the federation.

:func:`build_agencies` runs ``mkdocs build`` for every agency that names its ``config``, each in
its own process, ``jobs`` at a time — the CI matrix on one machine.  :func:`federate` reads what
the agencies published and writes the platform into a folder beside ``output`` that replaces it only
when every file was written (an interrupted federation leaves the last platform as it was).  An
agency whose output is missing is an error of the result, shown as 未能读取发布内容, and the
platform is still written so that the inspection view shows it: the command exits with 1, and CI
publishes nothing (its platform job runs only when every agency job passed).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from ..pages import write_files
from ..problems import Problem
from .config import AgencyConfig, PlatformConfig
from .government import GovernmentReports, government_reports
from .inspect import AgencyStatus, inspect
from .published import read_published
from .render import data_files, page_files
from .search import PlatformSearch, build_platform_search

ASSETS = Path(__file__).resolve().parent.parent.parent / "assets" / "gongkai"
# The plugin's files the platform's pages use (no CDN: everything is served by the platform).
PLATFORM_ASSETS = ("platform.css", "search.css", "search.js")
# Never taken from an agency's folder onto the platform, whatever lies there: configuration and
# registers (gongkai never publishes them; a stray copy must go no further).
NEVER_COPIED = (".yml", ".yaml")
NEVER_COPIED_FOLDERS = ("registers",)


@dataclass
class AgencyBuild:
    """The outcome of one agency's ``mkdocs build``."""

    agency: AgencyConfig
    exit_code: int
    seconds: float
    log: str = ""


def build_agency(agency: AgencyConfig, strict: bool = False) -> AgencyBuild:
    """``mkdocs build`` of one agency into its ``site`` folder, in a process of its own."""
    assert agency.config is not None
    command = [sys.executable, "-m", "mkdocs", "build", "-f", str(agency.config),
               "-d", str(agency.site.resolve()), *(["--strict"] if strict else [])]
    started = time.perf_counter()
    proc = subprocess.run(command, capture_output=True, text=True, cwd=agency.config.parent)
    return AgencyBuild(agency, proc.returncode, time.perf_counter() - started, proc.stdout + proc.stderr)


def build_agencies(config: PlatformConfig, jobs: int, strict: bool = False,
                   only: Sequence[str] = (),
                   progress: Callable[[AgencyBuild], None] | None = None) -> list[AgencyBuild]:
    """Build every agency that has a ``config`` (or those whose path is in ``only``), ``jobs`` at
    a time; results in the order of ``platform.yml``."""
    agencies = [a for a in config.agencies if a.config is not None and (not only or a.path in only)]

    def run(agency: AgencyConfig) -> AgencyBuild:
        result = build_agency(agency, strict)
        if progress is not None:
            progress(result)
        return result

    with ThreadPoolExecutor(max(1, jobs)) as pool:
        return list(pool.map(run, agencies))


@dataclass
class PlatformResult:
    """What a federation wrote and found."""

    statuses: list[AgencyStatus]
    search: PlatformSearch
    government: GovernmentReports
    problems: list[Problem] = field(default_factory=list)
    files: int = 0
    seconds: dict[str, float] = field(default_factory=dict)


def federate(config: PlatformConfig, check_links: bool = True,
             workers: int | None = None) -> PlatformResult:
    """Write the platform of ``config``'s agencies to ``config.output``: pages, search, data,
    the 本级政府's annual report of every year, and the agencies' sites."""
    seconds: dict[str, float] = {}
    started = time.perf_counter()
    published = [read_published(a, check_links) for a in config.agencies]
    statuses = [inspect(p, config) for p in published]
    problems = [problem for p in published for problem in p.problems]
    problems += [Problem(f"{p.agency.path}: {p.agency.site}", 0, "url",
                         "the output has no pages and platform.yml gives no url: its entries cannot "
                         "be linked", "publish the whole site folder, or give the agency's url",
                         "warning")
                 for p in published if p.entries and not p.has_pages and not p.agency.url]
    seconds["read"] = time.perf_counter() - started
    started = time.perf_counter()
    search = build_platform_search(config.name, published, [p.agency.href for p in published], workers)
    seconds["search"] = time.perf_counter() - started
    started = time.perf_counter()
    government = government_reports(config, statuses)
    problems += government.problems
    files = [*page_files(config, statuses, search, government), *search.files,
             *data_files(config, statuses), *government.files]
    seconds["pages"] = time.perf_counter() - started  # the government's reports included
    started = time.perf_counter()
    output = config.output
    _remove_leftovers(output)
    staging = output.parent / f".{output.name}.building-{os.getpid()}"
    try:
        write_files(files, str(staging))
        for name in PLATFORM_ASSETS:
            target = staging / "assets" / "gongkai" / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(ASSETS / name, target)
        copied = sum(_copy_site(p.agency, staging / p.agency.path)
                     for p in published if p.has_pages and not p.agency.url)
        _swap(staging, output)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    seconds["write"] = time.perf_counter() - started
    return PlatformResult(statuses, search, government, problems, len(files) + copied, seconds)


def _copy_site(agency: AgencyConfig, target: Path) -> int:
    """Copy an agency's published site folder onto the platform (hard links where possible);
    YAML files and ``registers/`` folders are left behind.  Returns the number of files."""
    count = 0

    def copy(source: str, destination: str) -> None:
        nonlocal count
        count += 1
        try:
            os.link(source, destination)
        except OSError:
            shutil.copy2(source, destination)

    def ignored(folder: str, names: list[str]) -> set[str]:
        return {n for n in names if n.lower().endswith(NEVER_COPIED) or n in NEVER_COPIED_FOLDERS}

    shutil.copytree(agency.site, target, ignore=ignored, copy_function=copy)
    return count


def _remove_leftovers(output: Path) -> None:
    """Remove the folders of platform builds that were killed (their process is gone)."""
    for folder in output.parent.glob(f".{output.name}.*-*"):
        kind, _, pid = folder.name[len(output.name) + 2:].rpartition("-")
        if kind not in ("building", "old") or not pid.isdigit():
            continue
        try:
            os.kill(int(pid), 0)
            if int(pid) != os.getpid():
                continue  # another platform build is running
        except ProcessLookupError:
            pass
        except PermissionError:
            continue
        shutil.rmtree(folder, ignore_errors=True)


def _swap(staging: Path, output: Path) -> None:
    """Put ``staging`` in the place of ``output``; the old platform is removed afterwards."""
    old = output.parent / f".{output.name}.old-{os.getpid()}"
    if output.exists():
        output.rename(old)
    staging.rename(output)
    shutil.rmtree(old, ignore_errors=True)
