"""MkDocs side of the site search: replace Material's search by gongkai's sharded index."""

from __future__ import annotations

import dataclasses
import os
from multiprocessing.synchronize import Event

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger

from .core.model import Site
from .core.pages import write_files
from .core.search import SearchIndex, build_search_index
from .core.settings import Settings

log = get_plugin_logger(__name__)


def disable_material_search(config: MkDocsConfig) -> None:
    """Keep sites that list ``search`` working, without Material's one-file index.

    Material's index is one JSON file of about 5.5 MB per 1,000 entries that the browser downloads
    and re-indexes on every visit, and it finds no 2-character word inside a longer one.  Its
    plugin checks ``enabled`` in every event, so switching it off here skips the index and the
    header's search dialog; gongkai's header form (``partials/header.html``) takes its place.
    """
    for name, plugin in config.plugins.items():
        if name in ("search", "material/search") and "enabled" in plugin.config:
            plugin.config["enabled"] = False
            log.debug(f"'{name}' disabled: gongkai builds the site search")


def index_into_site(site: Site, settings: Settings, site_dir: str,
                    site_is_clean: Event) -> tuple[SearchIndex, int]:
    """Build the search index and, once MkDocs has emptied ``site_dir``, write its files there.

    Run in a process beside the build (gongkai/background.py): the index files never travel back
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
