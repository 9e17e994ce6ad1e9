"""The JSON Schema of the entry front matter that editors use for completion and checks.

It must accept every entry of the sample site, reject what the build rejects, and name exactly
the keys the loader accepts (no more, no fewer), both as shipped in the package and as written
by ``gongkai schema`` for a site.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from gongkai.core.loading.entry import ENTRY_KEYS

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "plugins/gongkai/data/entry.schema.json"
SAMPLE_CODE = "11360100MB1C38423B"
# The front-matter keys of the content model (PRODUCT.md, README), written out by hand.
DOCUMENTED_KEYS = {"title", "index_no", "category", "created", "published", "summary", "issuer",
                   "doc_no", "form", "validity", "abolished", "superseded_by", "interprets",
                   "review", "attachments", "keywords", "privacy_allow",
                   "also_in", "unstated", "inferred", "valid_until", "cleanup"}


def editor_view(front: Any) -> Any:
    """Front matter as an editor's YAML 1.2 parser sees it: dates are plain strings."""
    if isinstance(front, dict):
        return {key: editor_view(value) for key, value in front.items()}
    if isinstance(front, list):
        return [editor_view(value) for value in front]
    if isinstance(front, dt.date):
        return front.isoformat()
    return front


def front_matter(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])
    return data


@pytest.fixture(scope="module")
def site_schema() -> dict[str, Any]:
    """``gongkai schema`` for the sample site."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([str(Path(sys.executable).with_name("gongkai")), "schema"], cwd=ROOT,
                            capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stderr
    schema: dict[str, Any] = json.loads(result.stdout)
    return schema


def test_the_schema_names_exactly_the_keys_the_loader_accepts(site_schema):
    shipped = json.loads(SHIPPED.read_text(encoding="utf-8"))
    assert set(shipped["properties"]) == DOCUMENTED_KEYS == set(ENTRY_KEYS)
    assert set(site_schema["properties"]) == DOCUMENTED_KEYS
    assert shipped["additionalProperties"] is False
    # summary is required unless it is listed as unstated (a rule of its own, see below).
    assert shipped["required"] == ["title", "index_no", "category", "created", "published"]


def test_every_sample_entry_validates(site_schema):
    shipped = json.loads(SHIPPED.read_text(encoding="utf-8"))
    entries = sorted((ROOT / "content/catalogue").rglob("*.md"))
    assert len(entries) > 100
    for path in entries:
        front = editor_view(front_matter(path))
        jsonschema.validate(front, shipped, format_checker=jsonschema.FormatChecker())
        jsonschema.validate(front, site_schema, format_checker=jsonschema.FormatChecker())


GOOD = {"title": "关于开展计量检查的通知", "index_no": f"{SAMPLE_CODE}/2024-00012",
        "category": "行政许可", "created": "2024-03-01", "published": "2024-03-08",
        "summary": "部署计量检查。", "review": {"result": "通过", "by": "王某", "date": "2024-03-07"}}


@pytest.mark.parametrize("change", [
    {"unstated": ["issuer", "validity", "doc_no"]},
    {"unstated": ["summary"], "summary": None},
    {"also_in": ["民生政策"], "valid_until": "2029-12-31",
     "inferred": {"created": "按公开日期推定"}, "cleanup": {"decision": "保留", "date": "2025-01-01"}},
])
def test_the_site_schema_accepts_the_import_keys(site_schema, change):
    good = {key: value for key, value in {**GOOD, **change}.items() if value is not None}
    jsonschema.validate(good, site_schema, format_checker=jsonschema.FormatChecker())


@pytest.mark.parametrize(("change", "why"), [
    ({"titel": "x"}, "a misspelt key"),
    ({"summary": None}, "a required key left empty"),
    ({"category": "部门动态"}, "a category the site does not have"),
    ({"created": "2024-3-1x"}, "not a date"),
    ({"index_no": "2024-00012"}, "an index number without the agency code"),
    ({"index_no": "11360100MB1C38423B/2024-12"}, "a serial of the wrong width"),
    ({"validity": "作废"}, "an unknown 有效性"),
    ({"validity": "废止"}, "废止 without the abolished date"),
    ({"review": {"result": "ok"}}, "an unknown review result"),
    ({"attachments": [{"file": "a.pdf"}]}, "an attachment without path"),
    ({"summary": "很" * 101}, "a summary over 100 characters"),
    ({"also_in": ["部门动态"]}, "also_in naming a category the site does not have"),
    ({"also_in": ["民生政策", "民生政策"]}, "also_in naming a column twice"),
    ({"unstated": ["title"]}, "a field that cannot be unstated"),
    ({"unstated": ["summary"]}, "an unstated summary that has a value"),
    ({"issuer": "临川市财政局", "unstated": ["issuer"]}, "an unstated issuer that has a value"),
    ({"inferred": {"title": "按文件名推定"}}, "a field that cannot be marked inferred"),
    ({"valid_until": "2029-02-30x"}, "valid_until not a date"),
    ({"cleanup": {"decision": "继续有效", "date": "2025-01-01"}}, "an unknown 清理 decision"),
    ({"cleanup": {"decision": "保留"}}, "a 清理 decision without its date"),
])
def test_the_site_schema_rejects_what_the_build_rejects(site_schema, change, why):
    jsonschema.validate(GOOD, site_schema, format_checker=jsonschema.FormatChecker())
    bad = {**GOOD, **change}
    if change.get("summary", "") is None:
        del bad["summary"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, site_schema, format_checker=jsonschema.FormatChecker())
