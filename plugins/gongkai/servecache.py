"""Under ``mkdocs serve``, entry pages whose inputs did not change are not rendered again.

MkDocs rebuilds the whole site after every save; with 10,000 entries that is a minute of
Markdown and Jinja before the edited page shows.  An entry page is a pure function of

- the site-wide inputs: the configuration files, the navigation, the agency, the settings, every
  entry's 索引号 (links between pages), and the templates of the site and of the plugin, and
- the page's own context: the validated entry (front matter and full text) with the rows of the
  entries it links to and its attachments' sizes.

So the first build keeps each entry page's HTML (compressed, in memory) with a fingerprint of its
own context; a rebuild with the same site-wide inputs takes an entry out of MkDocs' files when its
fingerprint is unchanged and writes the kept HTML instead.  A change to any site-wide input drops
everything.  Only a plain ``mkdocs serve`` uses this: ``mkdocs build`` renders every page, and
``--dirty`` has MkDocs' own shortcut.  While serving, pages taken out are missing from that
preview's search index and sitemap; the built site is never affected.
"""

from __future__ import annotations

import hashlib
import os
import zlib
from collections.abc import Iterable
from pathlib import Path


def fingerprint(*parts: object) -> bytes:
    """A digest of the ``repr`` of ``parts`` (dataclasses, dicts, dates: deterministic reprs)."""
    return hashlib.blake2b(repr(parts).encode("utf-8"), digest_size=16).digest()


def folder_stamps(folders: Iterable[str | Path]) -> list[tuple[str, int, int]]:
    """(path, size, mtime) of every file below ``folders``: templates a page is rendered with."""
    stamps: list[tuple[str, int, int]] = []
    for folder in folders:
        for directory, dirnames, filenames in os.walk(folder):
            dirnames.sort()
            for name in sorted(filenames):
                path = os.path.join(directory, name)
                try:
                    stat = os.stat(path)
                except OSError:
                    continue
                stamps.append((path, stat.st_size, stat.st_mtime_ns))
    return stamps


class RenderedEntries:
    """Entry pages rendered by earlier builds of this ``mkdocs serve`` process."""

    def __init__(self) -> None:
        self.active = False
        self._site_key = b""
        self._pages: dict[str, tuple[bytes, bytes]] = {}  # src_uri → (fingerprint, zlib HTML)
        self._rendering: dict[str, bytes] = {}  # src_uri → fingerprint, rendered in this build
        self._reused: dict[str, bytes] = {}  # dest_uri → zlib HTML, written after this build

    def start_build(self, site_key: bytes) -> None:
        """Begin a build; kept pages survive only if the site-wide inputs are the same."""
        if site_key != self._site_key:
            self._pages.clear()
            self._site_key = site_key
        self._rendering = {}
        self._reused = {}

    def reuse(self, src_uri: str, dest_uri: str, page_key: bytes) -> bool:
        """True if the page kept for ``src_uri`` was rendered from the same ``page_key``."""
        if not self.active:
            return False
        kept = self._pages.get(src_uri)
        if kept is not None and kept[0] == page_key:
            self._reused[dest_uri] = kept[1]
            return True
        self._rendering[src_uri] = page_key
        return False

    def keep(self, src_uri: str, html: str) -> None:
        """Keep the HTML of a page rendered in this build (only pages :meth:`reuse` declined)."""
        page_key = self._rendering.pop(src_uri, None)
        if page_key is not None:
            self._pages[src_uri] = (page_key, zlib.compress(html.encode("utf-8"), 1))

    def write_reused(self, site_dir: str) -> int:
        """Write the kept pages of this build into ``site_dir``; returns how many."""
        for dest_uri, data in self._reused.items():
            path = os.path.join(site_dir, dest_uri)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as output:
                output.write(zlib.decompress(data))
        return len(self._reused)


# One per process: under ``mkdocs serve`` every rebuild loads the configuration again.
RENDERED_ENTRIES = RenderedEntries()
