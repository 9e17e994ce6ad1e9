"""MkDocs side of the site search: replace Material's search by gongkai's sharded index."""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger

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
