"""MkDocs adapter: turns MkDocs events into calls of :mod:`gongkai.core`.

Everything domain-specific lives in the core; this module only maps the model onto MkDocs files,
pages, navigation and templates.  Handlers appear in the order MkDocs fires them.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import logging
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import markdown as markdown_lib
from jinja2 import Environment
from markupsafe import Markup, escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException, PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from . import kiosk_skin
from .background import Background, cancel_all
from .config import GongkaiConfig
from .core import zh
from .core.check import InspectionOptions
from .core.exports import export_files
from .core.history import NO_HISTORY_MESSAGE, Change, change_record
from .core.linkcheck import check_site, line_of_link
from .core.metadata import (
    dublin_core,
    entry_json_ld,
    json_for_script,
    page_date,
    page_meta_tags,
    site_meta_tags,
)
from .core.model import CatalogueEntry, Site
from .core.pages import FileSpec, drawn
from .core.parallel import can_fork, cpu_seconds
from .core.plan import (
    GENERATED_FOLDERS,
    BuildOptions,
    BuildPlan,
    OptionsError,
    SiteConfig,
    build_options,
    plan_build,
)
from .core.problems import Problem
from .core.publish import output_path_problem
from .core.sanitize import may_hold_html, only_built_in_extensions, removal_problems, sanitize_html
from .core.search import SearchIndex, build_search_index, search_page
from .core.settings import Settings
from .core.views import category_url, entry_context, home_context
from .entrypages import EntryPage, EntryRenderer, default_workers, only_gongkai_handles_pages
from .fragments import SharedFragments
from .search import disable_material_search, index_into_site
from .servecache import PREVIEW_SEARCH, RENDERED_PAGES, TEMPLATE_CACHE, fingerprint, folder_stamps
from .staging import StagedSite

log = get_plugin_logger(__name__)

PACKAGE_DIR = Path(__file__).parent
TEMPLATES_DIR = PACKAGE_DIR / "templates"
ASSETS_DIR = PACKAGE_DIR / "assets"
STYLESHEETS = ("assets/gongkai/gongkai.css", "assets/gongkai/regulations-budgets.css",
               "assets/gongkai/a11y.css", "assets/gongkai/elder.css", "assets/gongkai/search.css")
SCRIPTS: tuple[str, ...] = ("assets/gongkai/elder.js",)



class GongkaiPlugin(BasePlugin[GongkaiConfig]):
    """Builds a 政府信息公开 site from the content model."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.options = BuildOptions(Settings(), InspectionOptions(), {})
        self.plan: BuildPlan | None = None
        self.site: Site | None = None  # the plan's model, once the content is valid
        self.data_files: list[FileSpec] = []  # the plan's, the search index's and the kiosk's
        self.context_by_src: dict[str, dict[str, Any]] = {}
        self.template_by_src: dict[str, str] = {}
        # Titles as text, by source path: Material gets them escaped (it prints them unescaped).
        self.text_titles: dict[str, str] = {}
        self._nav_titles: dict[str, str] = {}
        self._markdown: markdown_lib.Markdown | None = None
        self.kiosk: kiosk_skin.KioskSkin | None = None
        self._search: Background[tuple[SearchIndex, int]] | None = None
        self._charts: Background[list[str]] | None = None
        self._charts_later: list[FileSpec] = []
        self._site_is_clean: Any = None  # a multiprocessing Event: MkDocs has emptied site/
        self._search_page = search_page(SearchIndex())  # a new spec once the index is ready
        self._search_files: list[FileSpec] = []
        self._search_started = 0.0
        self._reused = 0
        self._preview_search = False
        self._copied: list[str] = []
        self._own_host = ""  # the site's host: images from it are not foreign loads
        self._quick_sanitize = False  # Markdown without '<', '[' or '{' needs no sanitizing

        self.source_by_dest: dict[str, str] = {}
        self.command = "build"
        self.dirty = False
        self.entry_pages: list[EntryPage] = []
        self.nav: Navigation | None = None
        self.staged: StagedSite | None = None
        self._site_dir = ""  # the site folder the build replaces (config.site_dir is its stage)
        self._outputs: set[str] = set()  # what this build writes (--dirty drops the rest)
        self._warnings = _WarningCount()

    @property
    def settings(self) -> Settings:
        """The core's settings of this build (from the plugin's options)."""
        return self.options.settings

    # -- MkDocs events -------------------------------------------------------------------------

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # A plain `mkdocs serve` renders a page again only when its inputs changed.
        RENDERED_PAGES.active = command == "serve" and not dirty
        self.command = command
        self.dirty = dirty
        self._warnings.install()
        if command != "serve" and threading.current_thread() is threading.main_thread() \
                and signal.getsignal(signal.SIGTERM) == signal.SIG_DFL:
            # SIGTERM (a CI job cancelled, systemd stopping) unwinds the build like Ctrl-C does,
            # so that its working folder and helper processes are removed (on_shutdown, atexit).
            signal.signal(signal.SIGTERM, _exit_on_signal)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        try:
            self.options = build_options(dict(self.config), site_config(config))
        except OptionsError as error:
            raise PluginError(str(error)) from None
        # Material prints these mkdocs.yml values unescaped on every page: they are text.
        for key in ("site_name", "site_description", "copyright"):
            if config[key] is not None and not isinstance(config[key], Markup):
                config[key] = escape(config[key])
        self._own_host = urlsplit(config.site_url or "").hostname or ""
        self._quick_sanitize = only_built_in_extensions(config.markdown_extensions)
        # Plugin templates sit after the site's overrides and before the theme, so overrides win.
        custom = [config.theme.custom_dir] if config.theme.custom_dir else []
        position = len([d for d in config.theme.dirs[: len(custom)] if d in custom])
        if str(TEMPLATES_DIR) not in config.theme.dirs:
            config.theme.dirs.insert(position, str(TEMPLATES_DIR))
        for sheet in STYLESHEETS:
            if sheet not in config.extra_css:
                config.extra_css.append(sheet)
        for script in SCRIPTS:
            if script not in [str(s) for s in config.extra_javascript]:
                config.extra_javascript.append(script)
        disable_material_search(config)
        if config.nav is not None:  # a site's own nav: Material prints its titles unescaped
            self._nav_titles = _nav_titles(config.nav)
            config.nav = _escaped_nav(config.nav)
        self.kiosk = (kiosk_skin.KioskSkin(self.settings, dict(self.config.kiosk))
                      if self.config.kiosk.enabled else None)
        if self.kiosk is not None:  # the lobby skin: same site, its own stylesheet and script
            RENDERED_PAGES.active = False  # its QR codes are collected from every rendered page
            config.extra_css.append(kiosk_skin.STYLESHEET)
            config.extra_javascript.append(kiosk_skin.SCRIPT)
        if config.theme.name == "material" and config.theme.get("font") is not False:
            log.warning("mkdocs.yml: theme.font: Material loads Google Fonts, which are blocked in "
                        "mainland China and unreachable offline — set 'font: false' under theme")
        if config.theme.name == "material" and config.repo_url:
            log.warning("mkdocs.yml: repo_url: Material fetches the repository's facts from "
                        f"{urlsplit(config.repo_url).hostname or 'its host'} on every page, a load "
                        "from another host — remove repo_url (link the repository in a page instead)")
        self._warnings.install()  # a build started without on_startup (MkDocs' Python API)
        if self.command in ("build", "gh-deploy") and self.staged is None:
            # Every later step of every plugin writes into the stage; on_post_build swaps it in.
            self._site_dir = config.site_dir
            self.staged = StagedSite(config.site_dir)
            config.site_dir = self.staged.open(seed=self.dirty, skip=("search",))
            log.info(f"building into {os.path.basename(config.site_dir)}: "
                     f"{os.path.basename(self._site_dir)}/ is replaced only when the build passes")
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        PREVIEW_SEARCH.stop()  # a preview's search thread of an earlier build
        if RENDERED_PAGES.active:
            # A preview rebuild: no cyclic garbage collection while it runs (each full collection
            # walks the whole model kept from earlier builds, 0.3–0.4 s at 10,000 entries); it
            # resumes once the search thread is done, between saves (PreviewSearch.update).
            gc.disable()
        # Validate before MkDocs cleans site/: bad content leaves the last good site untouched.
        self._markdown = markdown_lib.Markdown(
            extensions=config.markdown_extensions, extension_configs=config.mdx_configs or {})
        self._preview_search = RENDERED_PAGES.active and PREVIEW_SEARCH.context is not None
        # A preview rebuild shows the previous data files until its thread has written new ones,
        # unless entries came or went: their links would point to pages that no longer exist.
        previous = ((PREVIEW_SEARCH.export_urls, PREVIEW_SEARCH.exports)
                    if self._preview_search else None)
        plan = plan_build(self.options, config.docs_dir, markdown=self._markdown_html,
                          own_host=self._own_host, quick_sanitize=self._quick_sanitize,
                          # the search index is built beside the rest (stopped if that fails)
                          on_valid=lambda site: self._start_search(site, config),
                          previous_exports=previous)
        self._report(list(plan.problems))
        if plan.errors:
            raise PluginError(f"{len(plan.errors)} content error(s): nothing was built. Fix the "
                              "problems listed above and build again.")
        assert plan.site is not None and plan.index is not None
        self.plan, self.site = plan, plan.site
        if plan.history is None:
            log.info(NO_HISTORY_MESSAGE)
        if RENDERED_PAGES.active:
            PREVIEW_SEARCH.exports = list(plan.exports)
            PREVIEW_SEARCH.export_urls = [e.slug for e in plan.site.entries]
        self.data_files = self._start_charts(plan.data_files)
        if self._search is None:  # built here: its files are written by MkDocs
            self.data_files += self._search_files
        if self.kiosk is not None:
            self.data_files += self.kiosk.files(plan.site, plan.index)
        log.info(f"{len(plan.site.entries)} entries published, {len(plan.site.withheld)} withheld, "
                 f"{len(plan.pages)} section pages")
        RENDERED_PAGES.set_aside(config.site_dir)  # content is valid: MkDocs empties site/ next

    def _entry_context(self, entry: CatalogueEntry, changes: list[Change] | None) -> dict[str, Any]:
        assert self.plan is not None and self.plan.index is not None
        context = entry_context(entry, self.plan.index, self.settings)
        context["history"] = change_record(entry.published, changes)
        return context

    def _start_charts(self, files: list[FileSpec]) -> list[FileSpec]:
        """Draw the charts (matplotlib: a second to load, more to draw) in another process while
        MkDocs reads files and pages; they are added as drawn files in on_env.  Returns the
        files MkDocs writes now."""
        later = [spec for spec in files if spec.draw is not None]
        if self.command == "serve" or not later or not can_fork():  # drawn here (serve: once)
            return [drawn(spec) for spec in files]
        self._charts = Background(_draw_all, [spec.draw for spec in later])
        self._charts_later = later
        return [spec for spec in files if spec.draw is None]

    def _start_search(self, site: Site, config: MkDocsConfig) -> None:
        """Build the search index — on the other core, beside the rest of the build, when it can.

        Its page and its files come when it is ready (:meth:`_search_ready`).
        """
        self._search_started = time.perf_counter()
        self._search_page = search_page(SearchIndex())
        self._search_files = []
        if self._preview_search:  # a preview rebuild: the index is brought up to date after it
            self._search_page = replace(self._search_page, context=dict(PREVIEW_SEARCH.context or {}))
        elif self.command == "serve" or not can_fork() or not self.config.search_beside:
            # in this process (with its workers), ready now
            self._search_ready(build_search_index(
                site, self.settings,
                workers=None if self.command == "serve" else default_workers()))
            if RENDERED_PAGES.active:
                PREVIEW_SEARCH.context = dict(self._search_page.context)
        else:  # the other process also writes the index files, once MkDocs has emptied site/
            self._site_is_clean = multiprocessing.get_context("fork").Event()
            # Its own workers on every core: this process mostly waits on MkDocs meanwhile.
            self._search = Background(index_into_site, site, self.settings,
                                      config.site_dir, self._site_is_clean,
                                      default_workers() if len(site.entries) >= 400 else 1)

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        plan = self.plan
        assert plan is not None and plan.site is not None and plan.index is not None
        assert plan.policy is not None
        if self._site_is_clean is not None:  # MkDocs has emptied site/: the index may be written
            self._site_is_clean.set()
        site, index, policy = plan.site, plan.index, plan.policy  # policy: core/publish.py
        self.context_by_src = {}
        self.template_by_src = {}
        self.source_by_dest = {}
        self.text_titles = {}
        self.entry_pages = []
        fast = self.config.fast_entry_pages and only_gongkai_handles_pages(config, self)
        if RENDERED_PAGES.active:
            RENDERED_PAGES.start_build(self._serve_site_key(config))
        published_sources = {e.source: e for e in site.entries}
        docs_dir = os.path.normpath(config.docs_dir)
        for file in list(files):
            if file.generated_by is not None or file.src_dir is None \
                    or os.path.normpath(file.src_dir) != docs_dir:  # the theme's own files
                continue
            rel = file.src_uri
            decision = policy.decide(rel)
            if decision == "skip":  # withheld, unlisted, data, registers, out of content/
                files.remove(file)
            elif decision == "entry":
                entry = published_sources.get(rel)
                if entry is not None:
                    self._place_entry(file, entry.slug, config)
                    changes = None if plan.history is None else plan.history.get(rel, [])
                    context: dict[str, Any] | None = None
                    if RENDERED_PAGES.active:
                        links = index.links_of(entry)
                        made_from = (entry, links.interprets, links.superseded_by,
                                     *links.interpretations, *links.supersedes)
                        key = RENDERED_PAGES.known_fingerprint(rel, made_from, changes)
                        if key is None:
                            context = self._entry_context(entry, changes)
                            key = fingerprint(context)
                            RENDERED_PAGES.remember_fingerprint(rel, made_from, changes, key)
                        if RENDERED_PAGES.reuse(rel, file.dest_uri, key):
                            files.remove(file)  # unchanged since the last build: its HTML is kept
                            continue
                    if context is None:
                        context = self._entry_context(entry, changes)
                    self.context_by_src[rel] = context
                    self.template_by_src[rel] = "gongkai/entry.html"
                    self.text_titles[rel] = entry.title
                    self.source_by_dest[file.dest_uri] = rel
                    if fast:  # rendered by EntryRenderer in on_env, not in MkDocs' page loop
                        self.entry_pages.append(
                            EntryPage(file, config, title=entry.title, body=entry.body))
        self._check_generated_paths(files, docs_dir)
        if config.nav is None:
            self._nav_titles = _nav_titles(list(plan.navigation))
            config.nav = _escaped_nav(list(plan.navigation))
        in_nav = set(_nav_sources(config.nav))
        late = {self._search_page.url_path: self._search_page}  # the search page, once ready
        for spec in plan.pages:
            spec = late.get(spec.url_path, spec)
            src = spec.url_path + "index.md"
            if src not in in_nav and RENDERED_PAGES.active and RENDERED_PAGES.reuse(
                    src, spec.url_path + "index.html", fingerprint(spec)):
                continue  # unchanged since the last build: its file is kept
            content = f"---\ntitle: {json.dumps(spec.title, ensure_ascii=False)}\n---\n"
            file = File.generated(
                config, src, content=content,
                inclusion=InclusionLevel.INCLUDED if src in in_nav else InclusionLevel.NOT_IN_NAV)
            files.append(file)
            if fast and src not in in_nav:  # listing pages etc.: rendered like the entries
                self.entry_pages.append(EntryPage(file, config, title=spec.title, body=""))
            self.context_by_src[src] = spec.context
            self.template_by_src[src] = spec.template
            self.text_titles[src] = spec.title
        if files.get_file_from_path("index.md") is None:
            files.append(File.generated(config, "index.md", content="---\ntitle: 首页\n---\n"))
        self.context_by_src["index.md"] = home_context(site, index, self.settings)
        self.template_by_src["index.md"] = "gongkai/home.html"
        if self.kiosk is not None:
            self.context_by_src["index.md"] = self.kiosk.home_context(site, index)
            self.template_by_src["index.md"] = kiosk_skin.HOME_TEMPLATE
        if site.guide is not None:
            self.context_by_src[site.guide.source] = {"kind": "guide", "agency": site.agency}
            self.template_by_src[site.guide.source] = "gongkai/guide.html"
        for data in self.data_files:
            files.append(File.generated(config, data.path, content=data.content))
        for asset in sorted(ASSETS_DIR.rglob("*")):
            if asset.is_file():
                rel = asset.relative_to(PACKAGE_DIR).as_posix()
                if self.kiosk is None and rel.startswith(kiosk_skin.ASSET_FOLDER):
                    continue
                files.append(File.generated(config, rel, abs_src_path=str(asset)))
        # with the charts drawn beside the build, added in on_env
        self._outputs = {f.dest_uri for f in files} | {spec.path for spec in self._charts_later}
        return files

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig,
                         files: Files) -> str | None:
        template = self.template_by_src.get(page.file.src_uri)
        if self.plan is not None and self.plan.content_day is not None:
            # MkDocs dates pages by the clock (sitemap.xml, rendered before the pages); the
            # content's own date keeps two builds of the same commit identical.
            page.update_date = page_date(self.context_by_src.get(page.file.src_uri, {}),
                                         self.plan.content_day).isoformat()
        if template and "template" not in page.meta:
            page.meta["template"] = template
        if page.meta.get("title") is not None:
            # Material prints page.meta.title unescaped (header, <title>): a title is text.
            self.text_titles[page.file.src_uri] = str(page.meta["title"])
            page.meta["title"] = escape(str(page.meta["title"]))
        return markdown

    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig,
                        files: Files) -> str | None:
        # Raw HTML of bodies and pages is sanitized (EntryRenderer calls this for its pages too).
        if not html or (self._quick_sanitize and not may_hold_html(page.markdown or "")):
            return html
        clean, removals = sanitize_html(html, self._own_host)
        if removals and page.file.abs_src_path and os.path.isfile(page.file.abs_src_path):
            text = Path(page.file.abs_src_path).read_text(encoding="utf-8", errors="replace")
            body_line = len(text.splitlines()) - len((page.markdown or "").splitlines()) + 1
            self._report(removal_problems(page.file.src_uri, text, removals, "全文",
                                          max(1, body_line)))
        return clean

    def on_page_context(self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig,
                        nav: Navigation) -> TemplateContext | None:
        gongkai = self.context_by_src.get(page.file.src_uri, {})
        if self.kiosk is not None:
            gongkai = self.kiosk.page_context(gongkai)
        src = page.file.src_uri  # the title as text: Material's copy is escaped
        title = self.text_titles.get(src) or self._nav_titles.get(src) or str(page.title or "")
        context["gongkai"] = gongkai  # type: ignore[typeddict-unknown-key]
        # What the content templates read of the page: they use no MkDocs variable.
        context["gongkai_page"] = {  # type: ignore[typeddict-unknown-key]
            "title": title, "content": page.content or "", "root": context["base_url"]}
        self._add_page_metadata(context, page, gongkai, title)
        return context

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation | None:
        self.nav = nav
        return nav

    @event_priority(-90)  # after other plugins' on_env: entry pages are rendered here
    def on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment | None:
        if self.command == "serve":  # templates compiled once, not at every rebuild
            env.bytecode_cache = TEMPLATE_CACHE
        env.filters["zh_date"] = zh.zh_date
        env.filters["zh_number"] = zh.zh_number
        env.filters["zh_item"] = zh.zh_item_number
        env.filters["markdown"] = self._render_markdown
        env.globals["gongkai_fragments"] = SharedFragments()
        env.globals["gongkai_site"] = {
            "agency": self.site.agency if self.site else None,
            "site_name": config.site_name,
            "footer": dict(self.config.footer),
            "kiosk": dict(self.config.kiosk),
            "categories": [{"name": c.name, "url": category_url(c)} for c in self.settings.categories],
            "meta": meta_html(site_meta_tags(config.site_name, config.site_url or "",
                                             self.config.footer.site_id)),
        }
        if self._search is not None:  # built beside the build, which waits for it here
            search, size = self._search.result()
            self._search = None
            self._search_ready(search, size)
        if self._charts is not None:  # drawn beside the build: MkDocs writes them next
            for spec, svg in zip(self._charts_later, self._charts.result(), strict=True):
                files.append(File.generated(config, spec.path, content=svg))
            self._charts = None
        self._copied = [f.dest_uri for f in files if not f.is_documentation_page()]
        # sitemap.xml lists every page, the entry pages taken out of MkDocs' files below included.
        env.globals["gongkai_sitemap_files"] = list(files.documentation_pages())
        if RENDERED_PAGES.active:  # pages kept from the previous build go back first
            self._reused = RENDERED_PAGES.restore(
                config.site_dir, {f.dest_uri for f in files.documentation_pages()},
                folders=("search",) if self._preview_search else ())
            if self._reused:
                log.info(f"{self._reused} unchanged pages kept from the previous build")
        if self.entry_pages:
            self._render_entries(env, config, files)
        return env

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str | None:
        if self.kiosk is not None:  # on the kiosk, links that leave the site become QR codes
            output = self.kiosk.post_page(output, page.url)
        RENDERED_PAGES.keep(page.file.src_uri, page.file.dest_uri)
        return output

    # Last of every plugin's on_post_build: what they write is checked, and the site is swapped in
    # here.  MkDocs raises its --strict abort right after this event (nothing is logged between),
    # so counting the warnings ourselves decides as MkDocs will; on_shutdown would be later but
    # is not called by builds through MkDocs' Python API, and runs after failed builds too.
    @event_priority(-100)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        reused = self._reused
        if self.kiosk is not None:
            self.kiosk.write(config.site_dir)
        # Defence in depth: no YAML file may ever reach the published site.
        if reused:  # a preview rebuild: what MkDocs copied (kept pages were checked before)
            leaked = [os.path.join(config.site_dir, dest) for dest in self._copied
                      if dest.lower().endswith((".yml", ".yaml"))]
        else:
            leaked = [os.path.join(folder, name) for folder, _dirs, names in os.walk(config.site_dir)
                      for name in names if name.lower().endswith((".yml", ".yaml"))]
        if leaked:
            raise PluginError(f"{leaked[0]}: a YAML file was written to the site — remove it from "
                              "the copied assets; registers and data must never be published")
        if self.config.link_check and reused:
            log.info("link check: not run on a preview rebuild that kept pages — mkdocs build "
                     "checks every link")
        elif self.config.link_check:
            self._check_links(config)
        if self._preview_search:  # last: the thread swaps the search folder when it is done
            self._update_preview_search(config)
        else:
            gc.enable()
        if self.staged is not None:
            self._swap_in(config)

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        if self.config.serve_watcher == "native":
            from .watcher import use_native_watcher  # watchdog: only needed by mkdocs serve
            log.info(use_native_watcher(server))
        # MkDocs holds back every page request after a failed rebuild until a build passes (the
        # preview would hang); the last good version is served instead, the error logged.
        server.builder = _keep_last_good(server.builder)
        return server

    def on_build_error(self, *, error: Exception) -> None:
        gc.enable()
        if self._search is not None:  # the search process waits for a site folder: stop it
            self._search.cancel()
            self._search = None
        if self._charts is not None:
            self._charts.cancel()
            self._charts = None
        self._discard_stage()

    def on_shutdown(self) -> None:
        # After an interrupted build (SIGTERM, Ctrl-C: no on_build_error) as after any other.
        cancel_all()
        self._discard_stage()

    # -- helpers -------------------------------------------------------------------------------

    def _swap_in(self, config: MkDocsConfig) -> None:
        """Replace the site by the stage — unless --strict will abort the build (a warning)."""
        assert self.staged is not None
        if config.strict and self._warnings.count:
            self._discard_stage(config)
            return
        if self.dirty:  # the stage began as a copy of the site: what this build no longer makes
            _drop_stale(config.site_dir, self._outputs, ("doc/", "catalogue/", "budgets/"))
        self.staged.commit()
        config.site_dir = self._site_dir
        self.staged = None

    def _discard_stage(self, config: MkDocsConfig | None = None) -> None:
        if self.staged is not None:
            self.staged.discard()
            self.staged = None
        if config is not None and self._site_dir:
            config.site_dir = self._site_dir

    def _check_generated_paths(self, files: Files, docs_dir: str) -> None:
        """Every path gongkai writes stays inside the output folder, and no content file sits
        where gongkai writes one (it would silently replace a generated page or script)."""
        assert self.plan is not None
        generated = self.plan.generated_paths([asset.relative_to(PACKAGE_DIR).as_posix()
                                               for asset in ASSETS_DIR.rglob("*") if asset.is_file()])
        # the search index built here and the kiosk's files
        generated.update({spec.path: "a data file" for spec in self.data_files + self._search_files
                          if spec.path not in generated})
        errors = [f"mkdocs.yml: generated path {why}" for path in generated
                  if (why := output_path_problem(path))]
        for file in files:
            if file.generated_by is not None or file.src_dir is None \
                    or os.path.normpath(file.src_dir) != docs_dir or file.inclusion.is_excluded():
                continue
            what = generated.get(file.dest_uri)
            if what is None and file.dest_uri.startswith(GENERATED_FOLDERS):
                what = "the site search" if file.dest_uri.startswith("search/") else "its scripts"
            if what is not None and file.dest_uri != "index.html":
                errors.append(f"{file.src_uri}: this path is generated by gongkai ({what}) — "
                              "rename or move the file in content/")
        for error in errors:
            log.error(error)
        if errors:
            raise PluginError(f"{len(errors)} file(s) at paths gongkai generates: nothing was "
                              "published. Fix the problems listed above and build again.")

    def _report(self, problems: list[Problem]) -> None:
        for problem in problems:
            if problem.severity == "error":
                log.error(str(problem))
            elif problem.severity == "warning":
                log.warning(str(problem))
            else:
                log.info(str(problem))

    def _place_entry(self, file: File, slug: str, config: MkDocsConfig) -> None:
        """Give an entry its permanent URL from the 索引号, whatever its file is called."""
        file.dest_uri = f"doc/{slug}/index.html"
        file.url = f"doc/{slug}/" if config.use_directory_urls else f"doc/{slug}/index.html"
        # MkDocs derives abs_dest_path from dest_uri once (a cached property): set it as well.
        file.abs_dest_path = os.path.normpath(os.path.join(file.dest_dir, file.dest_uri))
        file.inclusion = InclusionLevel.NOT_IN_NAV

    def _add_page_metadata(self, context: TemplateContext, page: Page,
                           gongkai: dict[str, Any], title: str) -> None:
        """政府网站 meta tags, Dublin Core and JSON-LD; the page's date in sitemap.xml."""
        if self.site is None:
            return
        date = dt.date.fromisoformat(page.update_date)
        if page.file.generated_by is None:
            self.source_by_dest[page.file.dest_uri] = page.file.src_uri
        # Written here rather than by a template loop: this runs for each of 10,000 entry pages.
        tags = page_meta_tags(gongkai, title, date, self.site.agency.name)
        entry = gongkai.get("entry") if gongkai.get("kind") == "entry" else None
        json_ld = ""
        if entry is not None:
            tags += dublin_core(entry, self.site.agency.name)
            json_ld = json_for_script(entry_json_ld(entry, self.site, self.settings))
        context["gongkai_meta"] = {"html": meta_html(tags, json_ld)}  # type: ignore[typeddict-unknown-key]

    def _check_links(self, config: MkDocsConfig) -> None:
        """Every internal link of the built site must resolve where it is deployed (site_url)."""
        report = check_site(Path(config.site_dir), config.site_url or "")
        for broken in report.broken:
            source = self.source_by_dest.get(broken.page)
            where = f"site/{broken.page}"
            if source is not None:
                text = Path(config.docs_dir, source).read_text(encoding="utf-8", errors="replace")
                line = line_of_link(text, broken.link)
                where = f"{source}:{line}" if line else source
            log.error(f"{where}: {broken.attribute}: '{broken.link}' {broken.reason} — fix or remove "
                      "the link")
        if report.broken:
            raise PluginError(f"{len(report.broken)} broken internal link(s) in the built site — fix "
                              "the links listed above and build again")
        log.info(f"link check: {report.pages} pages, {report.links} links, none broken")

    def _update_preview_search(self, config: MkDocsConfig) -> None:
        """Under serve: build the search index and the data files (catalogue.json, feed.xml…) in a
        thread now that the pages are shown."""
        site, settings = self.site, self.settings
        assert site is not None

        def build() -> tuple[dict[str, Any], list[FileSpec], list[FileSpec]]:
            exports = export_files(site, settings)
            search = build_search_index(site, settings)
            return dict(search_page(search).context), search.files, exports

        PREVIEW_SEARCH.update(build, config.site_dir, log.info)

    def _search_ready(self, search: SearchIndex, size: int | None = None) -> None:
        """The search page of the finished index, its files; log what the index found."""
        self._search_page = search_page(search)
        if self._search_page.url_path + "index.md" in self.context_by_src:  # ready after on_files
            self.context_by_src[self._search_page.url_path + "index.md"] = self._search_page.context
        self._search_files = search.files
        log.info(f"search index: {search.documents} entries, {search.terms} terms in "
                 f"{search.shards} shards, {(search.size if size is None else size) / 1e6:.1f} MB, "
                 f"ready after {time.perf_counter() - self._search_started:.2f} s")

    def _render_entries(self, env: Environment, config: MkDocsConfig, files: Files) -> None:
        """Write the entry pages with EntryRenderer (entrypages.py) and take them out of MkDocs'."""
        assert self.nav is not None
        started, cpu = time.perf_counter(), cpu_seconds()
        all_files = Files(list(files))  # links between entries resolve against every file
        for page in self.entry_pages:
            files.remove(page.file)
        dynamic = ["site_meta", "site_nav", "content"] + (["footer"] if self.kiosk else [])
        kiosk = self.kiosk
        renderer = EntryRenderer(
            config=config, env=env, nav=self.nav, files=all_files,
            doc_files=files.documentation_pages(), dynamic_blocks=dynamic,
            # --dirty: as MkDocs does, only pages whose source is newer than their output
            pages=[p for p in self.entry_pages if not self.dirty or p.file.is_modified()],
            after_page=lambda output, page: config.plugins.on_post_page(output, page=page,
                                                                        config=config),
            kiosk_urls=(lambda: kiosk.qr_urls) if kiosk is not None else None)
        renderer.verify()
        if renderer.fallback_reason:
            log.info(renderer.fallback_reason)
        workers = self.config.build_workers
        if self.command == "serve":
            workers = 1  # the preview server's threads do not mix with fork
        results = renderer.run(workers)
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

    def _serve_site_key(self, config: MkDocsConfig) -> bytes:
        """Everything besides its own context that an entry page is rendered from."""
        assert self.site is not None and self.plan is not None
        config_dir = Path(config.config_file_path or "mkdocs.yml").parent
        return fingerprint(
            [(p.name, p.read_bytes()) for p in sorted(config_dir.glob("*.yml"))],
            config.nav if config.nav is not None else list(self.plan.navigation),
            config.site_url, self.site.agency, self.settings,
            [(e.source, e.slug) for e in self.site.entries],
            folder_stamps([d for d in (config.theme.custom_dir, str(TEMPLATES_DIR)) if d]),
        )

    def _render_markdown(self, text: str) -> Markup:
        """The ``markdown`` filter (budget notes, report narratives): sanitized HTML; what was
        removed was reported with the plan (:func:`~gongkai.core.plan.plan_build`)."""
        html = self._markdown_html(text)
        if not self._quick_sanitize or may_hold_html(text or ""):
            html = sanitize_html(html, self._own_host)[0]
        return Markup(html)

    def _markdown_html(self, text: str) -> str:
        assert self._markdown is not None
        self._markdown.reset()
        html: str = self._markdown.convert(text or "")
        return html



def site_config(config: MkDocsConfig) -> SiteConfig:
    """What the build plan needs of MkDocs' own configuration."""
    return SiteConfig(Path(config.config_file_path or "mkdocs.yml"), Path(config.docs_dir),
                      Path(config.site_dir), config.site_url or "",
                      {key: config[key] for key in ("site_name", "site_description", "copyright")})


def read_options(config_file: Path) -> tuple[Path, BuildOptions]:
    """The content folder and the build's options of the site configured by ``config_file``,
    read with MkDocs' own loader (``!ENV``, ``INHERIT``); raises ValueError with what is wrong."""
    from mkdocs.config import load_config

    try:
        config = load_config(str(config_file))
    except MkDocsException as error:
        raise ValueError(str(error)) from None
    plugin = config.plugins.get("gongkai")
    if plugin is None:
        raise ValueError(f"{config_file}: plugins: gongkai is not enabled — add '- gongkai' "
                         "under 'plugins:'")
    try:
        return Path(config.docs_dir), build_options(dict(plugin.config), site_config(config))
    except OptionsError as error:
        raise ValueError(str(error)) from None


def meta_html(tags: list[tuple[str, str]], json_ld: str = "") -> Markup:
    """``<meta>`` tags (escaped) and a JSON-LD script (already safe for a script element)."""
    html = "".join(f'  <meta name="{escape(name)}" content="{escape(value)}">\n'
                   for name, value in tags)
    if json_ld:
        html += f'  <script type="application/ld+json">{json_ld}</script>\n'
    return Markup(html)


class _WarningCount(logging.Handler):
    """Counts the warnings and errors logged under 'mkdocs' (as MkDocs' --strict does)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def install(self) -> None:
        logger = logging.getLogger("mkdocs")
        if self not in logger.handlers:
            logger.addHandler(self)

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def _keep_last_good(builder: Callable[[], None]) -> Callable[[], None]:
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


def _exit_on_signal(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


def _drop_stale(site_dir: str, outputs: set[str], folders: tuple[str, ...]) -> None:
    """Delete the files in ``folders`` of ``site_dir`` that are not among ``outputs`` (a --dirty
    build: pages and attachments of entries withdrawn or deleted since the last build)."""
    for folder in folders:
        for directory, _dirs, names in os.walk(os.path.join(site_dir, folder), topdown=False):
            rel_dir = os.path.relpath(directory, site_dir).replace(os.sep, "/")
            for name in names:
                if f"{rel_dir}/{name}" not in outputs:
                    os.remove(os.path.join(directory, name))
            if not os.listdir(directory):
                os.rmdir(directory)


def _draw_all(draws: list[Callable[[], str]]) -> list[str]:
    return [draw() for draw in draws]


def _escaped_nav(nav: Any) -> Any:
    """A ``nav`` configuration whose titles are text (escaped Markup); page paths stay as they are."""
    if isinstance(nav, dict):
        return {escape(str(title)): _escaped_nav(value) for title, value in nav.items()}
    if isinstance(nav, list):
        return [_escaped_nav(item) for item in nav]
    return nav


def _nav_titles(nav: Any) -> dict[str, str]:
    """The title a ``nav`` configuration gives each page path (the first, if it gives several)."""
    titles: dict[str, str] = {}
    for item in nav if isinstance(nav, list) else [nav]:
        if isinstance(item, dict):
            for title, value in item.items():
                if isinstance(value, str):
                    titles.setdefault(value, str(title))
                else:
                    titles = {**_nav_titles(value), **titles}
    return titles


def _nav_sources(nav: Any) -> list[str]:
    """Every page path a ``nav`` configuration names."""
    if isinstance(nav, str):
        return [nav]
    if isinstance(nav, dict):
        return [src for value in nav.values() for src in _nav_sources(value)]
    if isinstance(nav, list):
        return [src for item in nav for src in _nav_sources(item)]
    return []
