"""``gongkai platform``: build the 本级政府 platform and write its CI matrices.

    gongkai platform build platform.yml [--jobs N]     # every agency's mkdocs build, then federate
    gongkai platform build platform.yml --agency scjgj # one agency only (a CI matrix job)
    gongkai platform build platform.yml --no-agency-builds   # federate the outputs there (CI)
    gongkai platform matrix platform.yml               # the GitHub Actions matrix (JSON)
    gongkai platform gitlab-ci platform.yml            # the GitLab pipeline with parallel:matrix

Problems are printed as the build prints them (``LEVEL   -  gongkai: where: field: what — how
to fix``); the exit status is 1 when an agency build failed or the configuration is wrong.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import time
from pathlib import Path

from .core.parallel import worker_count
from .core.platform import build_agencies, federate, read_config
from .core.platform.build import AgencyBuild
from .core.platform.config import PlatformConfig
from .core.problems import Problem

log = logging.getLogger("mkdocs.plugins.gongkai")
PREFIX = "gongkai: "
LEVELS = {"error": logging.ERROR, "warning": logging.WARNING, "info": logging.INFO}

GITLAB_TEMPLATE = """\
# The 本级政府 platform on GitLab: one job per agency (parallel:matrix), then the platform job.
# Written by `gongkai platform gitlab-ci platform.yml > .gitlab-ci.yml`: run it again when
# platform.yml gains or loses an agency (the matrix lists them; a test keeps them in step).
image: python:3.11

variables:
  NO_MKDOCS_2_WARNING: "1"
  GIT_DEPTH: "0"  # full history: each agency's change record is read from git
  PIP_CACHE_DIR: "$CI_PROJECT_DIR/.cache/pip"

cache:
  key: pip
  paths:
    - .cache/pip

stages:
  - agencies
  - platform

agency:
  stage: agencies
  parallel:
    matrix:
      - AGENCY: {agencies}
  script:
    - pip install -e .
    - gongkai platform build platform.yml --agency "$AGENCY" --strict
    - for a in $AGENCY; do python -m gongkai.core.linkcheck "build/$a" --json "build/$a/data/linkcheck.json"; done
  artifacts:
    paths:
      - build/  # this job's agencies only: build/<path>/
    expire_in: 1 week

pages:
  stage: platform
  needs: [agency]
  script:
    - pip install -e .
    - gongkai platform build platform.yml --no-agency-builds
    - mv platform-site public  # GitLab Pages publishes the folder public/
  artifacts:
    paths:
      - public
  rules:
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The arguments of ``gongkai platform``."""
    parser.add_argument("action", choices=("build", "matrix", "gitlab-ci"),
                        help="build the platform, or print the CI matrix of its agencies")
    parser.add_argument("platform_config", nargs="?", default="platform.yml",
                        help="the platform configuration (default: platform.yml)")
    parser.add_argument("--jobs", type=int, default=None,
                        help="agency builds run at the same time (default: the build's one worker "
                        "policy — GONGKAI_WORKERS, else the idle cores, at most 8)")
    parser.add_argument("--agency", action="append", default=[], metavar="PATH",
                        help="build only this agency (repeatable, or several paths separated by "
                        "spaces) and do not federate: a CI matrix job")
    parser.add_argument("--no-agency-builds", action="store_true",
                        help="federate the outputs already in each agency's site folder")
    parser.add_argument("--strict", action="store_true", help="agency builds with mkdocs build --strict")
    parser.add_argument("--per-job", type=int, default=1, metavar="N",
                        help="matrix, gitlab-ci: agencies built one after the other in one CI job "
                        "(default 1; each job pays the set-up once)")
    parser.add_argument("--no-link-check", action="store_true",
                        help="do not check the pages of agencies that published no link-check output")
    parser.add_argument("--today", type=dt.date.fromisoformat, default=None,
                        help="judge the inspection findings on this day (YYYY-MM-DD)")


def _report(problems: list[Problem]) -> int:
    for problem in problems:
        log.log(LEVELS[problem.severity], PREFIX + str(problem))
    return sum(p.severity == "error" for p in problems)


# Jobs one matrix may create: GitHub Actions 256, GitLab's parallel:matrix 200.  Past that an
# agency job builds several agencies, one after the other ("a001 a002").
GITHUB_MATRIX_LIMIT = 256
GITLAB_MATRIX_LIMIT = 200


def matrix_groups(config: PlatformConfig, limit: int, per_job: int = 1) -> list[list[str]]:
    """The paths of the agencies built in CI, ``per_job`` to a job (more when that would make more
    than ``limit`` jobs), consecutive agencies together."""
    paths = [a.path for a in config.agencies if a.config is not None]
    size = max(1, per_job, -(-len(paths) // limit))
    return [paths[start:start + size] for start in range(0, len(paths), size)]


def gitlab_ci(config: PlatformConfig, per_job: int = 1) -> str:
    """The GitLab pipeline of ``config``: a ``parallel:matrix`` job per agency built here (or per
    ``per_job`` agencies)."""
    groups = [" ".join(group) for group in matrix_groups(config, GITLAB_MATRIX_LIMIT, per_job)]
    return GITLAB_TEMPLATE.replace("{agencies}", json.dumps(groups))


def ci_problems(config: PlatformConfig) -> list[Problem]:
    """Agencies whose output a CI platform job would not find: artifacts land in build/<path>/."""
    return [Problem("platform.yml", a.line, "site", f"{a.path}: '{a.site.relative_to(config.root)}' "
                    f"is not build/{a.path}, where CI collects the agency's artifact",
                    "leave 'site' out (the default is build/<path>)")
            for a in config.agencies
            if a.config is not None and a.site != config.root / "build" / a.path]


def matrix(config: PlatformConfig, per_job: int = 1) -> str:
    """The GitHub Actions matrix of ``config`` (``strategy.matrix: ${{ fromJSON(…) }}``)."""
    include = [{"agencies": " ".join(group),
                "name": "、".join(a.name for path in group if (a := config.agency(path)) is not None)}
               for group in matrix_groups(config, GITHUB_MATRIX_LIMIT, per_job)]
    return json.dumps({"include": include}, ensure_ascii=False)


def run(args: argparse.Namespace) -> int:
    """Run ``gongkai platform``."""
    config, problems = read_config(Path(args.platform_config), args.today)
    if _report(problems) or config is None:
        return 1
    if args.action in ("matrix", "gitlab-ci") and _report(ci_problems(config)):
        return 1
    if args.action == "matrix":
        print(matrix(config, args.per_job))
        return 0
    if args.action == "gitlab-ci":
        print(gitlab_ci(config, args.per_job), end="")
        return 0
    args.agency = [path for value in args.agency for path in value.replace(",", " ").split()]
    unknown = [path for path in args.agency if config.agency(path) is None]
    if unknown:
        log.error(PREFIX + f"{args.platform_config}: agencies: no agency has the path "
                  f"{', '.join(unknown)} — use a path listed in platform.yml")
        return 1
    failed = 0
    if not args.no_agency_builds:
        started = time.perf_counter()

        def progress(result: AgencyBuild) -> None:
            level = logging.INFO if result.exit_code == 0 else logging.ERROR
            log.log(level, PREFIX + f"{result.agency.path}: mkdocs build "
                    f"{'done' if result.exit_code == 0 else 'failed'} in {result.seconds:.1f} s")
            if result.exit_code:
                for line in result.log.splitlines()[-15:]:
                    log.error(PREFIX + f"{result.agency.path}: {line}")

        args.jobs = worker_count(None, args.jobs)
        builds = build_agencies(config, args.jobs, args.strict, args.agency, progress)
        failed = sum(b.exit_code != 0 for b in builds)
        log.info(PREFIX + f"{len(builds)} agency build(s) in {time.perf_counter() - started:.1f} s "
                 f"with {args.jobs} job(s), {failed} failed")
        if args.agency or failed:
            return 1 if failed else 0
    result = federate(config, check_links=not args.no_link_check)
    errors = _report(result.problems)
    entries = sum(len(s.published.entries) for s in result.statuses)
    findings = sum(len(s.findings) for s in result.statuses)
    log.info(PREFIX + f"platform: {len(result.statuses)} agencies, {entries} entries, {findings} "
             f"inspection finding(s), search index {result.search.size / 1e6:.1f} MB; wrote "
             f"{result.files} files to {config.output} in {sum(result.seconds.values()):.1f} s")
    return 1 if errors else 0
