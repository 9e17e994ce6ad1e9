"""The repository's own sample site builds strictly and keeps every non-negotiable."""

from __future__ import annotations

import json

import yaml

from conftest import ROOT


def test_sample_builds_strict_without_warnings(sample):
    _, log = sample
    assert "WARNING" not in log


def test_sample_has_realistic_volume(sample):
    site, _ = sample
    data = json.loads((site / "data/catalogue.json").read_text(encoding="utf-8"))
    assert data["count"] >= 80
    years = {e["published"][:4] for e in data["entries"]}
    assert len(years) >= 3
    categories = {e["category"] for e in data["entries"]}
    assert {"规章", "行政规范性文件", "政策解读"} <= categories
    assert any(e["validity"] in ("废止", "失效") for e in data["entries"])
    assert any(e["interprets"] for e in data["entries"])
    assert any(e["attachments"] for e in data["entries"])


def test_sample_publishes_no_register_data_and_no_yaml(sample):
    site, _ = sample
    secrets: set[str] = set()
    for register in (ROOT / "content/registers").glob("*.yml"):
        data = yaml.safe_load(register.read_text(encoding="utf-8")) or {}
        for record in data.get("applications") or []:
            secrets.update(str(record[k]) for k in ("name", "contact", "request") if record.get(k))
    assert secrets
    files = [p for p in site.rglob("*") if p.is_file()]
    assert not [p for p in files if p.suffix in (".yml", ".yaml")]
    for path in files:
        text = path.read_bytes().decode("utf-8", errors="ignore")
        for secret in secrets:
            assert secret not in text, (path, secret)


def test_sample_withholds_unreviewed_entries(sample):
    site, log = sample
    assert "内部待审稿" in log  # listed for the webmaster
    for path in site.rglob("*"):
        if path.is_file():
            assert "内部待审稿" not in path.read_bytes().decode("utf-8", errors="ignore"), path
