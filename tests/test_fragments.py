"""The navigation an entry page shares with its folder is written without Material's indentation,
and offers the same links with the same labels as Material's own navigation."""

from __future__ import annotations

import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path

from conftest import AGENCY_CODE, BuildSite

ENTRY = f"doc/{AGENCY_CODE.lower()}-2024-00001/"


class NavLinks(HTMLParser):
    """(absolute path, label) of every link inside the primary navigation sidebar."""

    def __init__(self, page_url: str) -> None:
        super().__init__()
        self.page_url = page_url
        self.depth = 0  # <nav> elements open inside the primary navigation
        self.links: list[tuple[str, str]] = []
        self._href: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = dict(attrs).get("class") or ""
        if tag == "nav" and (self.depth or "md-nav--primary" in classes):
            self.depth += 1
        elif tag == "a" and self.depth:
            self._href, self._text = dict(attrs).get("href") or "", []

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav" and self.depth:
            self.depth -= 1
        elif tag == "a" and self._href is not None:
            target = posixpath.normpath(posixpath.join("/" + self.page_url, self._href))
            self.links.append((target, " ".join("".join(self._text).split())))
            self._href = None

    def handle_data(self, data: str) -> None:
        if self._href is not None:
            self._text.append(data)


def nav_links(html: str, page_url: str) -> list[tuple[str, str]]:
    parser = NavLinks(page_url)
    parser.feed(html)
    return parser.links


def primary_nav(html: str) -> str:
    start = html.index('<nav class="md-nav md-nav--primary')
    end = html.rindex("</nav>", start, html.index("md-sidebar--secondary", start))
    return html[start:end]


def test_entry_navigation_is_compact_and_matches_materials(build_site: BuildSite, tmp_path: Path):
    result = build_site()
    assert result.exit_code == 0, result.log
    entry = result.page(ENTRY)
    section = result.page("agency/")  # in the navigation: Material renders it as usual
    assert not re.search(r"\n[ \t]", primary_nav(entry))  # no indentation, no blank lines
    assert re.search(r"\n[ \t]+\n", primary_nav(section))  # (Material's own has plenty)
    links = nav_links(entry, ENTRY)
    assert len(links) > 10
    assert links == nav_links(section, "agency/")
