"""One search across all agencies: the site search's own index over every agency's entries.

The index is built by :func:`gongkai.core.search.build_search_index` — the same files, read by
the same ``search.js`` — over the entries of all agencies, numbered agency by agency.  The only
addition is ``search/agencies.json``: each agency's name, the link to its site and the number of
its first entry, from which ``search.js`` tells an entry's agency (for the 部门 filter and the
result's link) without a byte per entry.  Entries are indexed by what each agency published as
data (标题, 文号, 索引号, 关键词, 内容概述, 附件 titles, 主题分类, 发布机构); the full text stays
in each agency's own site search.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from ..model import Agency, CatalogueEntry, Category, Site
from ..pages import FileSpec, compact_json
from ..search import build_search_index, search_page
from ..settings import Settings
from .published import Published

AGENCIES_FILE = "search/agencies.json"


@dataclass(frozen=True)
class PlatformSearch:
    """The index files and what the search page needs to read them."""

    files: list[FileSpec]
    documents: int
    # The layout search.js reads from the results page (the site search's own page context, the
    # version covering agencies.json too): written as data-<key> attributes.
    layout: dict[str, object]

    @property
    def size(self) -> int:
        """Bytes of all index files."""
        return sum(len(f.content.encode("utf-8") if isinstance(f.content, str) else f.content)
                   for f in self.files)



def build_platform_search(name: str, agencies: Sequence[Published], hrefs: Sequence[str],
                          workers: int | None = None) -> PlatformSearch:
    """The cross-agency index of ``agencies`` (``hrefs``: each one's link, relative to the
    platform root or absolute)."""
    categories: dict[str, None] = {}
    entries: list[CatalogueEntry] = []
    starts: list[int] = []
    for published in agencies:
        starts.append(len(entries))
        categories.update(dict.fromkeys(published.categories))
        for entry in published.entries:
            categories.update(dict.fromkeys(entry.categories))
        entries += published.entries
    settings = Settings(categories=tuple(Category(n, f"c{i}") for i, n in enumerate(categories)))
    site = Site(agency=Agency(name, "", "", "", "", "", "", "", ""), guide=None,
                categories=settings.categories, entries=tuple(entries), withheld=(), registers={})
    index = build_search_index(site, settings, workers)
    table = compact_json({"names": [p.agency.name for p in agencies], "hrefs": list(hrefs),
                          "starts": starts})
    layout = {key: value for key, value in search_page(index).context.items() if key != "kind"}
    layout["version"] = hashlib.sha1(f"{index.version}\n{table}".encode()).hexdigest()[:10]
    return PlatformSearch([*index.files, FileSpec(AGENCIES_FILE, table)], index.documents, layout)
