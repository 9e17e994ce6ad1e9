"""Under ``mkdocs serve``, pages whose inputs did not change are not rendered or written again.

MkDocs rebuilds the whole site after every save, into a folder it empties first; with 10,000
entries that is a minute of Markdown and Jinja, and gigabytes written, before the edited page
shows.  A page gongkai renders (an entry, or a listing page outside the navigation) is a pure
function of

- the site-wide inputs: the configuration files, the navigation, the agency, the settings, every
  entry's 索引号 (links between pages), and the templates of the site and of the plugin, and
- the page's own context: for an entry the validated entry (front matter and full text) with the
  rows of the entries it links to and its attachments' sizes; for a listing its rows.

So each build remembers, per page, a fingerprint of its own context.  Before the next build empties
the site folder, the folder is set aside (one rename); a page whose fingerprint and site-wide
inputs are unchanged is taken out of MkDocs' files and its file is moved back from the set-aside
folder before the pages are written (the entry pages' folder in one rename), and the rest of that
folder is deleted in the background.  A change to any site-wide input renders everything again.  Only a plain
``mkdocs serve`` does this: ``mkdocs build`` renders every page, and ``--dirty`` has MkDocs' own
shortcut.  While serving, pages taken out are missing from that preview's sitemap; the built site
is never affected.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import threading
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


class RenderedPages:
    """Pages rendered by earlier builds of this ``mkdocs serve`` process, kept on disk."""

    def __init__(self) -> None:
        self.active = False
        self._site_key = b""
        self._pages: dict[str, tuple[bytes, str]] = {}  # src_uri → (fingerprint, dest_uri)
        self._rendering: dict[str, bytes] = {}  # src_uri → fingerprint, rendered in this build
        self._reused: list[str] = []  # dest_uri of pages moved back after this build
        self._aside = ""  # the previous build's site folder, set aside

    def set_aside(self, site_dir: str) -> None:
        """Move the previous build's site out of the way before MkDocs empties the folder."""
        self._reused = []
        self._aside = ""
        if not self.active or not os.path.isdir(site_dir):
            return
        aside = site_dir.rstrip("/\\") + ".gongkai-previous"
        if os.path.exists(aside):
            shutil.rmtree(aside, ignore_errors=True)
        try:
            os.rename(site_dir, aside)
            os.mkdir(site_dir)
        except OSError:  # e.g. the folder is a mount point: everything is rendered again
            self._pages.clear()
            return
        self._aside = aside

    def start_build(self, site_key: bytes) -> None:
        """Begin a build; kept pages survive only if the site-wide inputs are the same."""
        if site_key != self._site_key or not self._aside:
            self._pages.clear()
            self._site_key = site_key
        self._rendering = {}

    def reuse(self, src_uri: str, dest_uri: str, page_key: bytes) -> bool:
        """True if the page kept for ``src_uri`` was rendered from the same ``page_key``."""
        if not self.active:
            return False
        kept = self._pages.get(src_uri)
        if kept == (page_key, dest_uri) and os.path.isfile(os.path.join(self._aside, dest_uri)):
            self._reused.append(dest_uri)
            return True
        self._rendering[src_uri] = page_key
        return False

    def keep(self, src_uri: str, dest_uri: str) -> None:
        """Remember a page rendered in this build (only pages :meth:`reuse` declined)."""
        page_key = self._rendering.pop(src_uri, None)
        if page_key is not None:
            self._pages[src_uri] = (page_key, dest_uri)

    def restore(self, site_dir: str, pages: set[str]) -> int:
        """Move the reused pages back into ``site_dir`` before the others are written; returns
        how many.  ``pages`` are the destinations of every page of this build.

        Entry pages (``doc/<slug>/``) go back as one folder, from which the pages of entries no
        longer published are removed; pages rendered in this build overwrite theirs.
        """
        made: set[str] = set()
        moved = 0
        reused = self._reused
        pages = pages | set(reused)
        folder = os.path.join(self._aside, "doc")
        if any(dest.startswith("doc/") for dest in reused) and os.path.isdir(folder) and \
                not os.path.exists(os.path.join(site_dir, "doc")):
            os.rename(folder, os.path.join(site_dir, "doc"))
            for name in os.listdir(os.path.join(site_dir, "doc")):
                if f"doc/{name}/index.html" not in pages:
                    shutil.rmtree(os.path.join(site_dir, "doc", name), ignore_errors=True)
            moved = sum(1 for dest in reused if dest.startswith("doc/"))
            reused = [dest for dest in reused if not dest.startswith("doc/")]
        for dest_uri in reused:
            target = os.path.join(site_dir, dest_uri)
            parent = os.path.dirname(target)
            if parent not in made:
                os.makedirs(parent, exist_ok=True)
                made.add(parent)
            os.replace(os.path.join(self._aside, dest_uri), target)
            moved += 1
        if self._aside:  # what is left of the previous build goes, off the preview's path
            threading.Thread(target=shutil.rmtree, args=(self._aside, True), daemon=True).start()
            self._aside = ""
        self._reused = []
        return moved


# One per process: under ``mkdocs serve`` every rebuild loads the configuration again.
RENDERED_PAGES = RenderedPages()
