"""CI templates: a push to the default branch builds strictly, link-checks and publishes.

The workflow files are parsed as CI reads them, and their commands must be the README's
"Publishing by git push" commands, in the same order, so that what a webmaster runs by hand is
exactly what publishes the site.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
from typing import Any

import yaml

from conftest import ROOT
from gongkai.cli import main

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


# -- the 本级政府 platform: one CI job per agency, then the platform job --------------------------


def platform_cli(*args: str) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["platform", *args]) == 0
    return out.getvalue()


def example_agencies() -> list[dict[str, Any]]:
    return load(".ci/platform/platform.yml")["agencies"]


def test_github_platform_workflow_runs_one_job_per_agency_then_the_platform_job():
    workflow = load(".github/workflow-templates/platform.yml")
    jobs = workflow["jobs"]
    plan = [s.get("run", "") for s in jobs["plan"]["steps"]]
    assert 'echo "matrix=$(gongkai platform matrix platform.yml)" >> "$GITHUB_OUTPUT"' in plan
    assert jobs["plan"]["outputs"]["matrix"] == "${{ steps.matrix.outputs.matrix }}"
    agency = jobs["agency"]
    assert agency["needs"] == "plan"
    assert agency["strategy"]["matrix"] == "${{ fromJSON(needs.plan.outputs.matrix) }}"
    runs = [s["run"] for s in agency["steps"] if "run" in s]
    assert runs[:2] == ["pip install -e .",
                        'gongkai platform build platform.yml --agency "${{ matrix.agencies }}" --strict']
    assert "--json" in runs[2] and "gongkai.core.linkcheck" in runs[2]
    upload = next(s for s in agency["steps"] if s.get("uses", "").startswith("actions/upload-artifact"))
    assert upload["with"]["path"].startswith("build/")
    platform = jobs["platform"]
    assert "agency" in platform["needs"]  # the platform job waits for every agency job
    download = next(s for s in platform["steps"] if s.get("uses", "").startswith("actions/download-artifact"))
    assert download["with"] == {"pattern": "agency-*", "merge-multiple": True, "path": "build"}
    assert upload["with"]["name"].startswith("agency-")
    assert [s["run"] for s in platform["steps"] if "run" in s] == [
        "pip install -e .", "gongkai platform build platform.yml --no-agency-builds"]
    pages = next(s for s in platform["steps"] if s.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert pages["with"]["path"] == "platform-site"
    assert jobs["deploy"]["needs"] == "platform"


def test_the_github_matrix_enumerates_the_agencies_of_platform_yml():
    matrix = json.loads(platform_cli("matrix", str(ROOT / ".ci/platform/platform.yml")))
    assert matrix == {"include": [{"agencies": a["path"], "name": a["name"]} for a in example_agencies()]}


def test_the_gitlab_template_is_the_one_written_from_the_example_platform_yml():
    shipped = (ROOT / ".ci/platform/gitlab-ci.yml").read_text(encoding="utf-8")
    assert shipped == platform_cli("gitlab-ci", str(ROOT / ".ci/platform/platform.yml"))
    pipeline = yaml.safe_load(shipped)
    agency = pipeline["agency"]
    assert agency["parallel"]["matrix"] == [{"AGENCY": [a["path"] for a in example_agencies()]}]
    assert agency["script"][:2] == ["pip install -e .",
                                    'gongkai platform build platform.yml --agency "$AGENCY" --strict']
    assert agency["artifacts"]["paths"] == ["build/"]
    pages = pipeline["pages"]
    assert pages["needs"] == ["agency"]  # all parallel:matrix jobs of `agency`, with their artifacts
    assert pages["script"] == ["pip install -e .", "gongkai platform build platform.yml --no-agency-builds",
                               "mv platform-site public"]
    assert pipeline["stages"] == ["agencies", "platform"]


def test_past_the_matrix_limits_a_job_builds_several_agencies(tmp_path):
    agencies = [{"name": f"部门{n}", "code": "X", "path": f"a{n:03d}", "config": f"agencies/a{n:03d}/mkdocs.yml"}
                for n in range(300)]
    (tmp_path / "platform.yml").write_text(yaml.safe_dump({"name": "平台", "agencies": agencies},
                                                          allow_unicode=True), encoding="utf-8")
    github = json.loads(platform_cli("matrix", str(tmp_path / "platform.yml")))["include"]
    assert len(github) == 150 and {len(job["agencies"].split()) for job in github} == {2}
    assert " ".join(job["agencies"] for job in github).split() == [a["path"] for a in agencies]
    gitlab = yaml.safe_load(platform_cli("gitlab-ci", str(tmp_path / "platform.yml")))
    groups = gitlab["agency"]["parallel"]["matrix"][0]["AGENCY"]
    assert len(groups) == 150 and groups[0] == "a000 a001"
    assert " ".join(groups).split() == [a["path"] for a in agencies]
    agencies = agencies[:256]  # GitHub's limit exactly: one agency a job
    (tmp_path / "platform.yml").write_text(yaml.safe_dump({"name": "平台", "agencies": agencies},
                                                          allow_unicode=True), encoding="utf-8")
    assert len(json.loads(platform_cli("matrix", str(tmp_path / "platform.yml")))["include"]) == 256


def test_agencies_can_share_a_job_to_pay_the_set_up_once():
    matrix = json.loads(platform_cli("matrix", str(ROOT / ".ci/platform/platform.yml"), "--per-job", "2"))
    assert [job["agencies"] for job in matrix["include"]] == ["zfb scjgj", "jyj"]  # two a job
    assert matrix["include"][0]["name"] == "临川市人民政府办公室、临川市市场监督管理局"
    gitlab = yaml.safe_load(platform_cli("gitlab-ci", str(ROOT / ".ci/platform/platform.yml"), "--per-job", "3"))
    assert gitlab["agency"]["parallel"]["matrix"] == [{"AGENCY": ["zfb scjgj jyj"]}]
