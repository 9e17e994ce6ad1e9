"""Site search: a build-time index split into small files, queried by a small script in the browser.

:mod:`.normalize` folds text (full-width, case, 繁体 → 简体, Taiwan terms) and cuts it into terms,
:mod:`.extract` reads the text of attachments (once, for search and the personal-data scan alike),
:mod:`.index` writes the sharded index.
The browser client (``assets/gongkai/search.js``) applies the same folding and term rules.
"""

from .index import SearchIndex, build_search_index, search_page

__all__ = ["SearchIndex", "build_search_index", "search_page"]
