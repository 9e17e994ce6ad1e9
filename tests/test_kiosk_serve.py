"""Running the kiosk PC: ``python -m gongkai.kiosk serve`` serves on 127.0.0.1 and locks Chromium."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import urllib.error
import urllib.request

import pytest


def _kiosk_folder(tmp_path):
    site = tmp_path / "site-kiosk"
    (site / "assets").mkdir(parents=True)
    (site / "index.html").write_text("<!doctype html><title>首页</title>", encoding="utf-8")
    (site / "assets" / "kiosk.js").write_text("// script", encoding="utf-8")
    return site


def test_serve_prints_the_chromium_command_and_writes_a_policy_that_blocks_other_urls(tmp_path):
    site = _kiosk_folder(tmp_path)
    policy_file = tmp_path / "policy.json"
    proc = subprocess.Popen(
        [sys.executable, "-m", "gongkai.kiosk", "serve", str(site), "--port", "0",
         "--policy-file", str(policy_file)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        lines = [proc.stdout.readline() for _ in range(5)]
        output = "".join(lines)
        served = re.search(r"at (http://127\.0\.0\.1:(\d+)/)", output)
        assert served is not None, output
        url, port = served.group(1), served.group(2)
        command = lines[-1].split()
        assert command[0] == "chromium" and "--kiosk" in command and command[-1] == url
        assert "--incognito" in command and "--disable-pinch" in command
        assert "--overscroll-history-navigation=0" in command  # no swipe back out of the kiosk
        assert "/etc/chromium/policies/managed/gongkai-kiosk.json" in output

        policy = json.loads(policy_file.read_text(encoding="utf-8"))
        assert policy["URLBlocklist"] == ["*"]
        assert policy["URLAllowlist"] == [f"http://127.0.0.1:{port}"]
        assert policy["DownloadRestrictions"] == 3

        with urllib.request.urlopen(url, timeout=10) as response:
            assert response.status == 200 and "首页" in response.read().decode("utf-8")
        with urllib.request.urlopen(url + "assets/kiosk.js", timeout=10) as response:
            assert response.status == 200
        with pytest.raises(urllib.error.HTTPError) as listing:
            urllib.request.urlopen(url + "assets/", timeout=10)  # folders are not listed
        assert listing.value.code == 404
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_serve_refuses_a_folder_that_is_not_a_built_kiosk(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "gongkai.kiosk", "serve", str(tmp_path / "nothing"),
                           "--port", "0", "--policy-file", str(tmp_path / "p.json")],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert "no index.html — build the kiosk first: mkdocs build -f kiosk.yml" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not (tmp_path / "p.json").exists()


def test_policy_command_prints_the_policy_for_a_port():
    proc = subprocess.run([sys.executable, "-m", "gongkai.kiosk", "policy", "--port", "9000"],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0
    assert json.loads(proc.stdout)["URLAllowlist"] == ["http://127.0.0.1:9000"]
