"""A large agency: no page grows with the number of entries, and shared page parts stay right."""

from __future__ import annotations

import re
from urllib.parse import urljoin

from conftest import AGENCY_CODE, entry

A1 = f"{AGENCY_CODE.lower()}-2024-00001"


def regulations(count: int, abolished_every: int = 3) -> dict[str, str | bytes | None]:
    """``count`` 行政规范性文件 of 2024; every third one 废止."""
    files: dict[str, str | bytes | None] = {}
    for n in range(count):
        extra = "validity: 废止\nabolished: 2025-01-01\n" if n % abolished_every == 0 else ""
        files[f"catalogue/2024/r{n:03d}.md"] = entry(
            f"{AGENCY_CODE}/2024-{n + 100:05d}", title=f"规范性文件第{n:03d}号",
            category="行政规范性文件", extra=extra)
    return files


def test_regulations_page_shows_one_page_of_each_list_and_links_the_full_lists(build_site):
    result = build_site(regulations(12), plugin_options={"page_size": 5}, strict=True)
    assert result.exit_code == 0, result.log
    page = result.page("regulations/")
    current, former = page.split("已废止、失效的文件")
    # 12 documents + the minimal site's c.md; 4 of the 12 are 废止: 9 current, 4 former.
    assert len(re.findall(r"规范性文件第\d{3}号", current)) == 5
    assert len(re.findall(r"规范性文件第\d{3}号", former)) == 4
    assert "查看全部9件现行有效的文件" in current
    assert "查看全部" not in former  # 4 fit on the page
    full = result.page("regulations/in-force/") + result.page("regulations/in-force/page/2/")
    assert "共9条" in full
    listed = set(re.findall(r"规范性文件第(\d{3})号", full))
    assert listed == {f"{n:03d}" for n in range(12) if n % 3 != 0}
    assert not (result.site_dir / "regulations/former").exists()


def test_largest_page_with_many_regulations_does_not_grow(build_site, tmp_path_factory):
    def largest(count: int) -> int:
        result = build_site(regulations(count), plugin_options={"page_size": 10})
        assert result.exit_code == 0, result.log
        return max(p.stat().st_size for p in result.site_dir.rglob("*.html"))

    small, big = largest(40), largest(160)
    assert big <= small * 1.05, (small, big)


def test_entry_pages_link_the_same_sections_as_every_other_page(build_site):
    """Entry pages reuse one rendering of the navigation; its links must still resolve right."""
    result = build_site()

    def nav_targets(url_path: str) -> list[str]:
        html = result.page(url_path)
        base = "https://example.test/" + url_path
        hrefs = re.findall(r'<a href="([^"]+)"[^>]*class="md-(?:nav|tabs)__link', html)
        return sorted(urljoin(base, href) for href in hrefs)

    agency = nav_targets("agency/")
    assert "https://example.test/catalogue/xingzheng-xuke/" in agency
    for url_path in (f"doc/{A1}/", f"doc/{AGENCY_CODE.lower()}-2023-00001/", "catalogue/2024/"):
        assert nav_targets(url_path) == agency, url_path
