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

import gc
import hashlib
import os
import pickle
import re
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from jinja2.bccache import Bucket, BytecodeCache

from ..core.model import CatalogueEntry, Site
from ..core.pages import FileSpec, write_files
from ..core.settings import Settings
from ..core.views import SiteIndex


def fingerprint(*parts: object) -> bytes:
    """A digest of ``parts`` (dataclasses, dicts, dates, Markup …).

    Pickled, which is several times faster than ``repr`` for 10,000 entry contexts.  Equal
    values pickle alike within a process (the only place a fingerprint is compared); where they
    might not — a set in another order — the page is merely rendered again.  What cannot be
    pickled falls back to ``repr``.
    """
    try:
        data = pickle.dumps(parts, protocol=pickle.HIGHEST_PROTOCOL)
    except (pickle.PicklingError, TypeError, AttributeError):
        data = repr(parts).encode("utf-8")
    return hashlib.blake2b(data, digest_size=16).digest()


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


def site_key(config_dir: Path, nav: Any, site_url: str | None, site: Site, settings: Settings,
             template_dirs: Iterable[str]) -> bytes:
    """Everything besides its own context that a page is rendered from: the configuration files,
    the navigation, the agency and settings, every entry's 索引号 (links), the templates."""
    return fingerprint(
        [(p.name, p.read_bytes()) for p in sorted(config_dir.glob("*.yml"))],
        nav, site_url, site.agency, settings, [(e.source, e.slug) for e in site.entries],
        folder_stamps(template_dirs))


class RenderedPages:
    """Pages rendered by earlier builds of this ``mkdocs serve`` process, kept on disk."""

    def __init__(self) -> None:
        self.active = False
        self._site_key = b""
        self._pages: dict[str, tuple[bytes, str]] = {}  # src_uri → (fingerprint, dest_uri)
        self._rendering: dict[str, bytes] = {}  # src_uri → fingerprint, rendered in this build
        self._reused: list[str] = []  # dest_uri of pages moved back after this build
        self._aside = ""  # the previous build's site folder, set aside
        # src_uri → (the objects an entry's context was made from, its fingerprint): see
        # known_fingerprint.  Holding the objects keeps them alive, so ``is`` is a sound test.
        self._inputs: dict[str, tuple[tuple[Any, ...], Any, bytes]] = {}
        self._next_inputs: dict[str, tuple[tuple[Any, ...], Any, bytes]] = {}

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
        self._inputs, self._next_inputs = self._next_inputs, {}

    def known_fingerprint(self, src_uri: str, objects: tuple[Any, ...], value: Any) -> bytes | None:
        """The fingerprint of a context made from the very same ``objects`` (compared by
        identity: the validated entry and the entries it links to, which the entry cache hands
        back unchanged while their files are) and an equal ``value`` (its change record) last
        build, else ``None``.  Saves making and pickling 10,000 contexts per rebuild."""
        known = self._inputs.get(src_uri)
        if (known is None or len(known[0]) != len(objects)
                or any(a is not b for a, b in zip(known[0], objects, strict=True))
                or known[1] != value):
            return None
        self._next_inputs[src_uri] = known
        return known[2]

    def remember_fingerprint(self, src_uri: str, objects: tuple[Any, ...], value: Any,
                             page_key: bytes) -> None:
        self._next_inputs[src_uri] = (objects, value, page_key)

    def reuse_entry(self, src_uri: str, dest_uri: str, entry: CatalogueEntry, index: SiteIndex,
                    changes: Any, context: Callable[[], dict[str, Any]],
                    ) -> tuple[bool, dict[str, Any] | None]:
        """Whether the entry page ``src_uri`` is unchanged since the last build (its file is
        kept), and its context if it had to be made (``context``) to tell."""
        links = index.links_of(entry)
        made_from = (entry, links.interprets, links.superseded_by, *links.interpretations,
                     *links.supersedes)
        key = self.known_fingerprint(src_uri, made_from, changes)
        made = None
        if key is None:
            made = context()
            key = fingerprint(made)
            self.remember_fingerprint(src_uri, made_from, changes, key)
        return self.reuse(src_uri, dest_uri, key), made

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

    def restore(self, site_dir: str, pages: set[str], folders: tuple[str, ...] = ()) -> int:
        """Move the reused pages back into ``site_dir`` before the others are written; returns
        how many.  ``pages`` are the destinations of every page of this build.

        Entry pages (``doc/<slug>/``) go back as one folder, from which the pages of entries no
        longer published are removed; pages rendered in this build overwrite theirs.
        """
        made: set[str] = set()
        moved = 0
        reused = self._reused
        pages = pages | set(reused)
        for name in folders:  # kept whole (the preview's search index: PreviewSearch)
            source = os.path.join(self._aside, name)
            if self._aside and os.path.isdir(source) and not os.path.exists(os.path.join(site_dir, name)):
                os.rename(source, os.path.join(site_dir, name))
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
            source = os.path.join(self._aside, dest_uri)
            if not os.path.exists(source):  # it went back with its folder
                moved += 1
                continue
            target = os.path.join(site_dir, dest_uri)
            parent = os.path.dirname(target)
            if parent not in made:
                os.makedirs(parent, exist_ok=True)
                made.add(parent)
            os.replace(source, target)
            moved += 1
        if self._aside:  # what is left of the previous build goes, off the preview's path
            threading.Thread(target=shutil.rmtree, args=(self._aside, True), daemon=True).start()
            self._aside = ""
        self._reused = []
        return moved


class PreviewSearch:
    """Under ``mkdocs serve``, the search index and the data files are brought up to date after
    the pages are shown.

    Rebuilding the index of 10,000 entries takes seconds, the catalogue's exports (JSON, CSV, the
    feed) most of a second; an author who saved an entry wants to see the page.  So a rebuild
    keeps the previous build's index (its files go back with the kept pages, its page shows the
    same figures) and data files, and a thread builds the new ones once the build is done, then
    swaps them in and updates the figures on the search page.  The next save stops a thread that
    has not finished (its result would be out of date anyway).  The first build, and ``mkdocs
    build`` always, build everything before the pages.
    """

    def __init__(self) -> None:
        self.context: dict[str, Any] | None = None  # the search page's figures of the index
        self.exports: list[FileSpec] = []  # the data files the pages were last built with
        self.export_urls: list[str] = []  # the entries they link to
        self._generation = 0
        self._lock = threading.Lock()  # held while a thread swaps files in the site folder
        self._thread: threading.Thread | None = None

    def stop(self) -> None:
        """Stop a thread still working for an earlier build (before the site folder moves)."""
        self._generation += 1
        with self._lock:  # a swap in progress (a few renames) finishes first
            pass

    def update(self, build: Callable[[], tuple[dict[str, Any], list[FileSpec], list[FileSpec]]],
               site_dir: str, done: Callable[[str], None]) -> None:
        """Build index and data files in a thread; swap them into ``site_dir`` unless a newer
        build began meanwhile."""
        generation = self._generation

        def work() -> None:
            try:
                swap(*build())
            finally:
                if generation == self._generation:  # (a newer build sees to it itself)
                    gc.enable()  # disabled for the rebuild (plugin.on_pre_build)

        def swap(context: dict[str, Any], search_files: list[FileSpec],
                 exports: list[FileSpec]) -> None:
            if generation != self._generation:
                return
            search_dir = os.path.join(site_dir, "search")
            # Written beside the site folder (same file system: renamed in), outside the lock.
            fresh = tempfile.mkdtemp(prefix="gongkai-preview-", dir=os.path.dirname(site_dir))
            os.chmod(fresh, 0o755)
            old = fresh + "-old"
            if generation != self._generation:
                shutil.rmtree(fresh, ignore_errors=True)
                return
            write_files(search_files, fresh, lambda path: path.removeprefix("search/"))
            write_files(exports, os.path.join(fresh, ".data"))
            with self._lock:
                if generation != self._generation or not os.path.isdir(site_dir):
                    shutil.rmtree(fresh, ignore_errors=True)
                    return
                page = os.path.join(search_dir, "index.html")
                html = ""
                if os.path.isfile(page):
                    with open(page, encoding="utf-8") as source:
                        html = source.read()
                    for name in ("documents", "shards", "version"):
                        html = re.sub(f'data-{name}="[^"]*"', f'data-{name}="{context[name]}"', html)
                for spec in exports:
                    target = os.path.join(site_dir, spec.path)
                    os.makedirs(os.path.dirname(target), exist_ok=True)
                    os.replace(os.path.join(fresh, ".data", spec.path), target)
                shutil.rmtree(os.path.join(fresh, ".data"), ignore_errors=True)
                if os.path.isdir(search_dir):
                    os.rename(search_dir, old)
                os.rename(fresh, search_dir)
                if html:
                    write_files([FileSpec("index.html", html)], search_dir)
                self.context = context
                self.exports = exports
            shutil.rmtree(old, ignore_errors=True)
            done(f"preview: search index and data files updated ({context['documents']} entries)")

        self._thread = threading.Thread(target=work, daemon=True)
        self._thread.start()


class TemplateCache(BytecodeCache):
    """Compiled templates kept in memory from one rebuild to the next.

    MkDocs makes a new Jinja environment for every build, which compiles every template again
    (≈ 0.7 s for Material's and ours).  Jinja checks each cached template against its source's
    checksum, so an edited template is compiled afresh.
    """

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


# One per process: under ``mkdocs serve`` every rebuild loads the configuration again.
RENDERED_PAGES = RenderedPages()
PREVIEW_SEARCH = PreviewSearch()
TEMPLATE_CACHE = TemplateCache()
