"""``mkdocs serve``: an edit shows at once, and pages kept from the previous build are never stale.

Under a plain ``mkdocs serve`` entry and listing pages whose inputs did not change are not rendered
again (gongkai/servecache.py).  Each step edits one thing and waits until the served site shows it,
then checks every page that depends on it — and one that does not.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from conftest import AGENCY_CODE, AGENCY_YML, entry, minimal_site, write_site

A = f"doc/{AGENCY_CODE.lower()}-2024-00001/"  # catalogue/2024/a.md, unrelated to the edits
C = f"doc/{AGENCY_CODE.lower()}-2023-00001/"  # catalogue/2023/c.md, the regulation
D = f"doc/{AGENCY_CODE.lower()}-2024-00009/"  # catalogue/2024/d.md, interprets c
B = f"doc/{AGENCY_CODE.lower()}-2024-00002/"  # catalogue/2024/b.md, deleted at the end
TIMEOUT = 600  # seconds; the shared test machine can be very slow


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(url: str) -> str | None:
    """The page as served, without the build counter of the live-reload script."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            html = response.read().decode("utf-8")
    except OSError:
        return None
    return re.sub(r"livereload\(\d+, \d+\)", "livereload()", html)


def wait_for(url: str, text: str) -> str:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        html = fetch(url)
        if html is not None and text in html:
            return html
        time.sleep(0.3)
    raise AssertionError(f"{url} never showed {text!r}")


def regulation(title: str) -> str:
    return entry(f"{AGENCY_CODE}/2023-00001", title=title, category="行政规范性文件",
                 created="2023-05-01", published="2023-05-06", summary="规范性文件的制定和管理。")


def test_edits_show_under_serve_and_kept_pages_are_never_stale(tmp_path: Path):
    files: dict[str, str | bytes] = {
        **minimal_site(),
        "catalogue/2023/c.md": regulation("临川市测试局规范性文件管理办法"),
        "catalogue/2024/d.md": entry(f"{AGENCY_CODE}/2024-00009", title="《规范性文件管理办法》政策解读",
                                     category="政策解读",
                                     extra=f"interprets: {AGENCY_CODE}/2023-00001\n"),
    }
    write_site(tmp_path, files)
    port = free_port()
    log = tmp_path / "serve.log"
    env = {**os.environ, "PYTHONWARNINGS": "ignore", "NO_MKDOCS_2_WARNING": "1"}
    with log.open("wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr",
                                 f"127.0.0.1:{port}"], cwd=tmp_path, env=env, stdout=out,
                                stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}/"
    content = tmp_path / "content"
    try:
        unrelated = wait_for(base + A, "计量器具检定工作")
        wait_for(base + D, "临川市测试局规范性文件管理办法")

        # 1. The regulation gets a new title: its page, the interpretation that links it and
        #    the listings show it; the unrelated entry is kept byte for byte.
        (content / "catalogue/2023/c.md").write_text(regulation("临川市测试局规范性文件管理规定"),
                                                      encoding="utf-8")
        wait_for(base + C, "临川市测试局规范性文件管理规定")
        wait_for(base + D, "临川市测试局规范性文件管理规定")
        assert "临川市测试局规范性文件管理规定" in wait_for(base + "catalogue/2023/", "管理规定")
        assert fetch(base + A) == unrelated
        # entries a and b, and listing pages outside the navigation that show neither c nor d, are kept
        kept = re.findall(r"(\d+) unchanged pages kept from the previous build",
                          log.read_text(encoding="utf-8"))
        assert kept and int(kept[-1]) >= 2, kept

        # 2. The agency's phone number changes: every page's footer shows it, kept ones too.
        (content / "agency.yml").write_text(AGENCY_YML.replace("0794-8000001", "0794-8999999"),
                                            encoding="utf-8")
        wait_for(base + "agency/", "0794-8999999")
        for page in (A, C, D):
            assert "0794-8999999" in (fetch(base + page) or ""), page

        # 3. New words in a body: the page shows them at once, the preview's search index a moment
        #    later (it is rebuilt after the pages) — in the snippet texts it fetches for results.
        (content / "catalogue/2024/a.md").write_text(entry(body="预览检索标记词。\n"), encoding="utf-8")
        wait_for(base + A, "预览检索标记词")
        deadline = time.monotonic() + TIMEOUT
        texts: list[str] = []
        while time.monotonic() < deadline:
            texts = [fetch(base + "search/text/0.json") or ""]  # the four entries' passages
            if any("预览检索标记词" in text for text in texts):
                break
            time.sleep(0.3)
        assert any("预览检索标记词" in text for text in texts), texts
        assert 'data-documents="4"' in (fetch(base + "search/") or "")

        # 4. An entry is deleted: its page is gone from the preview, the others stay.
        (content / "catalogue/2024/b.md").unlink()
        deadline = time.monotonic() + TIMEOUT
        while fetch(base + B) is not None and time.monotonic() < deadline:
            time.sleep(0.3)
        assert fetch(base + B) is None
        # (B disappears while the rebuild runs: A shows again once it is done)
        wait_for(base + A, "计量器具检定工作")
        assert fetch(base + B) is None
    finally:
        proc.terminate()
        proc.wait(timeout=60)


def _serve(root: Path, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONWARNINGS": "ignore", "NO_MKDOCS_2_WARNING": "1"}
    with (root / "serve.log").open("wb") as out:
        return subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr",
                                 f"127.0.0.1:{port}"], cwd=root, env=env, stdout=out,
                                stderr=subprocess.STDOUT)


def test_serve_notices_saves_by_file_events_and_reading_is_not_a_change(tmp_path: Path):
    """The native watcher: a save, a save by rename (as many editors do), a new entry folder and
    an edit of mkdocs.yml each rebuild; the build reading every file does not."""
    write_site(tmp_path, minimal_site())
    port = free_port()
    proc = _serve(tmp_path, port)
    base = f"http://127.0.0.1:{port}/"
    log = tmp_path / "serve.log"
    content = tmp_path / "content"
    try:
        wait_for(base + A, "计量器具检定工作")
        assert "changes are noticed by the system's file events" in log.read_text(encoding="utf-8")
        (content / "catalogue/2024/a.md").write_text(entry(title="关于开展计量器具检定工作的通知（修订）"),
                                                    encoding="utf-8")
        wait_for(base + A, "（修订）")
        time.sleep(3)  # that rebuild read every file (watched now): no rebuild may follow from it
        assert log.read_text(encoding="utf-8").count("Building documentation") == 2
        # saved as a new file renamed over the old one
        fresh = content / "catalogue/2024/.a.md.swp"
        fresh.write_text(entry(title="关于开展计量器具检定工作的通知（再修订）"), encoding="utf-8")
        os.replace(fresh, content / "catalogue/2024/a.md")
        wait_for(base + A, "（再修订）")
        # a whole folder of entries moved in at once
        staged = tmp_path / "staged" / "2025"
        staged.mkdir(parents=True)
        (staged / "e.md").write_text(entry(f"{AGENCY_CODE}/2025-00001", title="二〇二五年新文件",
                                           created="2025-02-01", published="2025-02-03"),
                                     encoding="utf-8")
        os.rename(staged, content / "catalogue/2025")
        wait_for(base + f"doc/{AGENCY_CODE.lower()}-2025-00001/", "二〇二五年新文件")
        # mkdocs.yml saved by rename, twice: its watch survives the first
        config = tmp_path / "mkdocs.yml"
        for name in ("政务公开测试一", "政务公开测试二"):
            text = re.sub(r"^site_name: .*$", f"site_name: {name}", config.read_text(encoding="utf-8"),
                          flags=re.MULTILINE)
            (tmp_path / "mkdocs.yml.new").write_text(text, encoding="utf-8")
            os.replace(tmp_path / "mkdocs.yml.new", config)
            wait_for(base, name)
    finally:
        proc.terminate()
        proc.wait(timeout=60)


def test_serve_watcher_polling_is_mkdocs_own_poller(tmp_path: Path):
    """``serve_watcher: polling`` (network shares, container mounts) keeps MkDocs' poller."""
    write_site(tmp_path, minimal_site(), plugin_options={"serve_watcher": "polling"})
    port = free_port()
    proc = _serve(tmp_path, port)
    base = f"http://127.0.0.1:{port}/"
    try:
        wait_for(base + A, "计量器具检定工作")
        (tmp_path / "content/catalogue/2024/a.md").write_text(entry(title="轮询发现的修改"),
                                                             encoding="utf-8")
        wait_for(base + A, "轮询发现的修改")
        assert "file events" not in (tmp_path / "serve.log").read_text(encoding="utf-8")
    finally:
        proc.terminate()
        proc.wait(timeout=60)
