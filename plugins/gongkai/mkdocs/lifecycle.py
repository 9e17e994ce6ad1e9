"""The build's lifecycle under MkDocs: problems logged as the build's lines, warnings counted
as ``--strict`` counts them, SIGTERM, the preview's last good version, and the checks of the
written site (no YAML file, every internal link resolves)."""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException, PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation

from ..core.linkcheck import check_site
from ..core.model import Site, SourceLines
from ..core.parallel import cpu_seconds
from ..runner.kiosk_skin import KioskSkin
from ..runner.staging import StagedSite, drop_stale
from .entrypages import ENGINE_LOGGER, EntryPage, EntryRenderer

Log = logging.Logger | logging.LoggerAdapter[Any]


class WarningCount(logging.Handler):
    """Counts the warnings and errors logged under the engine's logger (as its --strict does)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def install(self) -> None:
        logger = logging.getLogger(ENGINE_LOGGER)
        if self not in logger.handlers:
            logger.addHandler(self)

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def keep_last_good(builder: Callable[[], None], log: Log) -> Callable[[], None]:
    """``builder`` of ``mkdocs serve``, whose failures are logged rather than raised."""

    def build() -> None:
        try:
            builder()
        except MkDocsException as error:  # content problems: listed above by the build
            log.error(f"{error.format_message()} — the preview keeps showing the last good "
                      "version until the build passes")
        except Exception:  # noqa: BLE001 - a bug: its traceback, and the preview goes on
            log.exception("the rebuild failed — the preview keeps showing the last good version")

    return build


def render_entry_pages(env: Environment, config: MkDocsConfig, files: Files, nav: Navigation | None,
                       pages: list[EntryPage], kiosk: KioskSkin | None, *, dirty: bool,
                       workers: int, log: Log) -> None:
    """Write the entry pages with EntryRenderer (entrypages.py) and take them out of MkDocs'."""
    assert nav is not None
    started, cpu = time.perf_counter(), cpu_seconds()
    all_files = Files(list(files))  # links between entries resolve against every file
    for page in pages:
        files.remove(page.file)
    dynamic = ["site_meta", "site_nav", "content"] + (["footer"] if kiosk else [])
    renderer = EntryRenderer(
        config=config, env=env, nav=nav, files=all_files,
        doc_files=files.documentation_pages(), dynamic_blocks=dynamic,
        # --dirty: as MkDocs does, only pages whose source is newer than their output
        pages=[p for p in pages if not dirty or p.file.is_modified()],
        after_page=lambda output, page: config.plugins.on_post_page(output, page=page,
                                                                    config=config),
        kiosk_urls=(lambda: kiosk.qr_urls) if kiosk is not None else None)
    renderer.verify()
    if renderer.fallback_reason:
        log.info(renderer.fallback_reason)
    results = renderer.run(workers)  # 1 under serve: its server threads do not mix with fork
    for result in results:
        if result.forked:
            for name, level, message in result.records:
                logging.getLogger(name).log(level, message)
            if kiosk is not None:
                kiosk.qr_urls.update(result.qr_urls)
        if result.error:
            log.error(result.error)
            raise PluginError(result.error.splitlines()[0])
    log.info(f"{sum(r.written for r in results)} pages (entries and listings) in "
             f"{len(results)} process(es){'' if renderer.fast else ' (rendered in full)'}, "
             f"{time.perf_counter() - started:.2f} s ({cpu_seconds() - cpu:.1f} CPU-s)")


def check_no_yaml(site_dir: str, copied: list[str] | None) -> None:
    """Defence in depth: no YAML file may ever reach the published site.  ``copied``: only these
    paths were written (a preview rebuild that kept pages checked before); None: all of it."""
    if copied is not None:
        leaked = [os.path.join(site_dir, dest) for dest in copied
                  if dest.lower().endswith((".yml", ".yaml"))]
    else:
        leaked = [os.path.join(folder, name) for folder, _dirs, names in os.walk(site_dir)
                  for name in names if name.lower().endswith((".yml", ".yaml"))]
    if leaked:
        raise PluginError(f"{leaked[0]}: a YAML file was written to the site — remove it from "
                          "the copied assets; registers and data must never be published")


def check_links(config: MkDocsConfig, source_by_dest: Mapping[str, str], site: Site | None,
                log: Log) -> None:
    """Every internal link of the built site must resolve where it is deployed (site_url); a
    broken one is reported at its line in the model's sources."""
    checked = check_site(Path(config.site_dir), config.site_url or "")
    sources = site.markdown_sources() if checked.broken and site is not None else {}
    for broken in checked.broken:
        source = source_by_dest.get(broken.page)
        where = f"site/{broken.page}"
        if source is not None:
            body, lines = sources.get(source, ("", SourceLines()))
            line = lines.in_body(body, broken.link)
            where = f"{source}:{line}" if line else source
        log.error(f"{where}: {broken.attribute}: '{broken.link}' {broken.reason} — fix or remove "
                  "the link")
    if checked.broken:
        raise PluginError(f"{len(checked.broken)} broken internal link(s) in the built site — fix "
                          "the links listed above and build again")
    log.info(f"link check: {checked.pages} pages, {checked.links} links, none broken")


class Stage:
    """The working folder of a build in MkDocs' ``site_dir`` (:class:`~gongkai.staging.StagedSite`):
    every later step of every plugin writes into it; it replaces the site when the build passes."""

    def __init__(self) -> None:
        self.staged: StagedSite | None = None
        self.site_dir = ""  # the site folder the build replaces (config.site_dir is the stage)

    def open(self, config: MkDocsConfig, dirty: bool, log: Log) -> None:
        """Point ``config.site_dir`` at a new stage (seeded with the site on ``--dirty``)."""
        if self.staged is not None:
            return
        self.site_dir = config.site_dir
        self.staged = StagedSite(config.site_dir)
        config.site_dir = self.staged.open(seed=dirty, skip=("search",))
        log.info(f"building into {os.path.basename(config.site_dir)}: "
                 f"{os.path.basename(self.site_dir)}/ is replaced only when the build passes")

    def swap_in(self, config: MkDocsConfig, failed: bool, outputs: set[str] | None) -> None:
        """Replace the site by the stage — unless the build ``failed`` (--strict will abort it).
        ``outputs``: on ``--dirty``, what this build wrote (the rest is no longer made)."""
        if self.staged is None:
            return
        if failed:
            self.discard(config)
            return
        if outputs is not None:  # the stage began as a copy of the site
            drop_stale(config.site_dir, outputs, ("doc/", "catalogue/", "budgets/"))
        self.staged.commit()
        config.site_dir = self.site_dir
        self.staged = None

    def discard(self, config: MkDocsConfig | None = None) -> None:
        """Remove the stage; the site stays as it was."""
        if self.staged is not None:
            self.staged.discard()
            self.staged = None
        if config is not None and self.site_dir:
            config.site_dir = self.site_dir
