"""The site search of a build: gongkai's sharded index, built beside the rest of the build when
it can (engine-neutral: the adapter calls it; Material's own search is switched off there)."""

from __future__ import annotations

import dataclasses
import os
import time
from collections.abc import Callable
from multiprocessing.synchronize import Event
from typing import Any

from ..core.model import Site
from ..core.pages import FileSpec, PageSpec, write_files
from ..core.parallel import fork_context
from ..core.search import SearchIndex, build_search_index, search_page
from ..core.settings import Settings
from .background import Background


def index_into_site(site: Site, settings: Settings, site_dir: str,
                    site_is_clean: Event) -> tuple[SearchIndex, int]:
    """Build the search index and, once MkDocs has emptied ``site_dir``, write its files there.

    Run in a process beside the build (background.py): the index files never travel back
    to the build process.  Returns the index without its files, and their size in bytes.
    """
    parent = os.getppid()
    index = build_search_index(site, settings)
    size = index.size
    while not site_is_clean.wait(timeout=1.0):
        if os.getppid() != parent:  # the build ended (failed) before emptying site/
            raise SystemExit(1)
    write_files(index.files, site_dir)
    return dataclasses.replace(index, files=[]), size


class SiteSearch:
    """The search index of one build and its page: a new spec once the index is ready."""

    def __init__(self, log: Callable[[str], None] = print) -> None:
        self.log = log  # where what the index found is reported
        self.page: PageSpec = search_page(SearchIndex())
        self.files: list[FileSpec] = []  # the index files MkDocs writes (built in this process)
        self._beside: Background[tuple[SearchIndex, int]] | None = None
        self._site_is_clean: Event | None = None
        self._started = 0.0

    @property
    def beside(self) -> bool:
        """Whether the index is being built (and written) by a process beside the build."""
        return self._beside is not None

    def start(self, site: Site, settings: Settings, site_dir: str, *, here: bool,
              preview: dict[str, Any] | None = None) -> None:
        """Build the index: in this process when ``here``, otherwise in a
        process beside the build that writes its files once MkDocs has emptied ``site_dir``.
        ``preview``: the search page's context of the last preview build, kept until its thread
        brings the index up to date."""
        self._started = time.perf_counter()
        self.page, self.files = search_page(SearchIndex()), []
        if preview is not None:
            self.page = dataclasses.replace(self.page, context=dict(preview))
        elif here:
            self.ready(build_search_index(site, settings))
        else:
            self._site_is_clean = fork_context().Event()
            self._beside = Background(index_into_site, site, settings, site_dir,
                                      self._site_is_clean)

    def site_emptied(self) -> None:
        """MkDocs has emptied the site folder: the process beside may write the index."""
        if self._site_is_clean is not None:
            self._site_is_clean.set()

    def wait(self) -> bool:
        """Wait for the index built beside the build; whether there was one."""
        if self._beside is None:
            return False
        search, size = self._beside.result()
        self._beside = None
        self.ready(search, size)
        return True

    def ready(self, search: SearchIndex, size: int | None = None) -> None:
        """The search page of the finished index, its files; log what the index found."""
        self.page = search_page(search)
        self.files = search.files
        self.log(f"search index: {search.documents} entries, {search.terms} terms in "
                 f"{search.shards} shards, {(search.size if size is None else size) / 1e6:.1f} MB, "
                 f"ready after {time.perf_counter() - self._started:.2f} s")

    def cancel(self) -> None:
        """Stop the process beside the build (it waits for a site folder that will not come)."""
        if self._beside is not None:
            self._beside.cancel()
            self._beside = None


def preview_update(site: Site, settings: Settings,
                   exports: Callable[[Site, Settings], list[FileSpec]],
                   ) -> Callable[[], tuple[dict[str, Any], list[FileSpec], list[FileSpec]]]:
    """Under serve: what the preview's thread builds once the pages are shown — the search
    page's context, the index files and the data files (catalogue.json, feed.xml…)."""

    def build() -> tuple[dict[str, Any], list[FileSpec], list[FileSpec]]:
        data = exports(site, settings)
        search = build_search_index(site, settings)
        return dict(search_page(search).context), search.files, data

    return build
