"""CI templates: a push to the default branch builds strictly, link-checks and publishes.

The workflow files are parsed as CI reads them, and their commands must be the README's
"Publishing by git push" commands, in the same order, so that what a webmaster runs by hand is
exactly what publishes the site.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from conftest import ROOT

README_COMMANDS = ["pip install -e .", "mkdocs build --strict", "python -m gongkai.core.linkcheck site"]


def readme_publish_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Publishing by git push\n", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.DOTALL)
    assert block is not None
    return [line.split("#", 1)[0].strip() for line in block.group(1).splitlines() if line.strip()]


def load(path: str) -> dict[Any, Any]:
    data = yaml.safe_load((ROOT / path).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_the_readme_lists_install_build_and_link_check():
    assert readme_publish_commands() == README_COMMANDS


def test_github_workflow_builds_checks_and_deploys_to_pages_on_push_to_main():
    workflow = load(".github/workflows/publish.yml")
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert triggers["push"]["branches"] == ["main"]
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    build = workflow["jobs"]["build"]["steps"]
    runs = [step["run"] for step in build if "run" in step]
    assert runs == readme_publish_commands()
    uses = [step["uses"].split("@")[0] for step in build if "uses" in step]
    assert uses == ["actions/checkout", "actions/setup-python", "actions/configure-pages",
                    "actions/upload-pages-artifact"]
    upload = next(s for s in build if s.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["with"]["path"] == "site"  # the folder `mkdocs build` wrote and the check read
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]


def test_gitlab_pages_job_publishes_public_from_the_default_branch_only():
    pipeline = load(".gitlab-ci.yml")
    pages = pipeline["pages"]
    assert pages["script"][:3] == readme_publish_commands()
    assert pages["script"][3:] == ["mv site public"]
    assert pages["artifacts"]["paths"] == ["public"]
    assert pages["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]
    # Other branches and merge requests run the same checks without publishing.
    check = pipeline["check"]
    assert check["script"] == readme_publish_commands()
    assert "artifacts" not in check


def test_the_repository_ci_still_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first_block = readme.split("```sh\n", 1)[1].split("```", 1)[0]
    commands = [line.split("  #", 1)[0].strip() for line in first_block.splitlines() if line.strip()]
    assert len(commands) == 2, commands  # the README starts with exactly two set-up commands
    assert commands[1].startswith('pip install -e ".[test]"') and "pytest" in commands[1]
    ci = (ROOT / ".ci/run").read_text(encoding="utf-8")
    assert commands[1] in ci.splitlines()
