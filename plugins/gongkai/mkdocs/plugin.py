"""The MkDocs plugin: one call of :func:`~gongkai.core.plan.plan_build` per build, carried out
through MkDocs' files, pages, navigation and templates.  Handlers in the order MkDocs fires them.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment
from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from ..core.check import InspectionOptions
from ..core.exports import export_files
from ..core.history import NO_HISTORY_MESSAGE
from ..core.metadata import page_date, page_meta_html
from ..core.model import Site, SourceLines
from ..core.pages import FileSpec
from ..core.parallel import can_fork
from ..core.plan import BuildOptions, BuildPlan, OptionsError, build_options, plan_build
from ..core.sanitize import may_hold_html, removal_problems, sanitize_html
from ..core.settings import Settings
from ..runner import kiosk_skin, staging, templates
from ..runner.background import cancel_all
from ..runner.charts import Charts
from ..runner.markup import MarkdownFilter
from ..runner.search import SiteSearch, preview_update
from ..runner.servecache import (
    PREVIEW_SEARCH,
    RENDERED_PAGES,
    TEMPLATE_CACHE,
    fingerprint,
    site_key,
)
from . import files as routes
from . import lifecycle, material
from .entrypages import EntryPage, only_gongkai_handles_pages
from .material import TEMPLATES_DIR
from .options import GongkaiConfig, load_config_inherited, site_config

log = get_plugin_logger(__name__)


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
        self._markdown = MarkdownFilter([], {}, "")
        self.kiosk: kiosk_skin.KioskSkin | None = None
        self.search = SiteSearch(log.info)
        self.charts = Charts()
        self._reused = 0
        self._preview_search = False
        self._copied: list[str] = []
        self.source_by_dest: dict[str, str] = {}
        # Each Markdown file's body and lines in the model, by source (messages find lines there).
        self._sources: dict[str, tuple[str, SourceLines]] = {}
        self.command = "build"
        self.dirty = False
        self.entry_pages: list[EntryPage] = []
        self.nav: Navigation | None = None
        self.stage = lifecycle.Stage()
        self._outputs: set[str] = set()  # what this build writes (--dirty drops the rest)
        self._warnings = lifecycle.WarningCount()

    @property
    def settings(self) -> Settings:
        """The core's settings of this build (from the plugin's options)."""
        return self.options.settings

    load_config = load_config_inherited  # a kiosk.yml holds only its own options: see there

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # A plain `mkdocs serve` renders a page again only when its inputs changed.
        RENDERED_PAGES.active = command == "serve" and not dirty
        self.command = command
        self.dirty = dirty
        self._warnings.install()
        if command != "serve":
            staging.unwind_on_sigterm()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        try:
            self.options = build_options(dict(self.config), site_config(config))
        except OptionsError as error:
            raise PluginError(str(error)) from None
        material.configure(config, log)  # templates, stylesheets; its text values escaped
        material.disable_material_search(config)
        if config.nav is not None:  # a site's own nav: Material prints its titles unescaped
            self._nav_titles = material.nav_titles(config.nav)
            config.nav = material.escaped_nav(config.nav)
        try:
            self.kiosk = (kiosk_skin.KioskSkin(self.settings, dict(self.config.kiosk))
                          if self.config.kiosk.enabled else None)
        except ValueError as error:
            raise PluginError(str(error)) from None
        if self.kiosk is not None:  # the lobby skin: same site, its own stylesheet and script
            RENDERED_PAGES.active = False  # its QR codes are collected from every rendered page
            config.extra_css.append(kiosk_skin.STYLESHEET)
            config.extra_javascript.append(kiosk_skin.SCRIPT)
        self._warnings.install()  # a build started without on_startup (MkDocs' Python API)
        if self.command in ("build", "gh-deploy"):  # on_post_build swaps the stage in
            self.stage.open(config, self.dirty, log)
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        PREVIEW_SEARCH.stop()  # a preview's search thread of an earlier build
        if RENDERED_PAGES.active:
            # A preview rebuild: no cyclic garbage collection while it runs (each full collection
            # walks the whole model kept from earlier builds, 0.3–0.4 s at 10,000 entries); it
            # resumes once the search thread is done, between saves (PreviewSearch.update).
            gc.disable()
        # Validate before MkDocs cleans site/: bad content leaves the last good site untouched.
        self._markdown = MarkdownFilter(config.markdown_extensions, config.mdx_configs or {},
                                        urlsplit(config.site_url or "").hostname or "")
        self._preview_search = RENDERED_PAGES.active and PREVIEW_SEARCH.context is not None
        self.search = SiteSearch(log.info)
        # A preview rebuild shows the previous data files until its thread has written new ones,
        # unless entries came or went: their links would point to pages that no longer exist.
        previous = ((PREVIEW_SEARCH.export_urls, PREVIEW_SEARCH.exports)
                    if self._preview_search else None)
        plan = plan_build(self.options, config.docs_dir, markdown=self._markdown.html,
                          own_host=self._markdown.own_host, quick_sanitize=self._markdown.quick,
                          # the search index is built beside the rest (stopped if that fails)
                          on_valid=lambda site: self._start_search(site, config),
                          previous_exports=previous)
        staging.report(list(plan.problems), log)
        if plan.errors:
            raise PluginError(f"{len(plan.errors)} content error(s): nothing was built. Fix the "
                              "problems listed above and build again.")
        assert plan.site is not None and plan.index is not None
        self.plan, self.site, self._sources = plan, plan.site, {}
        if plan.history is None:
            log.info(NO_HISTORY_MESSAGE)
        if RENDERED_PAGES.active:
            PREVIEW_SEARCH.exports = list(plan.exports)
            PREVIEW_SEARCH.export_urls = [e.slug for e in plan.site.entries]
        self.charts = Charts()  # drawn beside MkDocs' reading of files and pages when it can
        self.data_files = self.charts.start(plan.data_files,
                                            here=self.command == "serve" or not can_fork())
        if not self.search.beside:  # built here: its files are written by MkDocs
            self.data_files += self.search.files
        if self.kiosk is not None:
            self.data_files += self.kiosk.files(plan.site, plan.index)
        log.info(f"{len(plan.site.entries)} entries published, {len(plan.site.withheld)} withheld, "
                 f"{len(plan.pages)} section pages")
        RENDERED_PAGES.set_aside(config.site_dir)  # content is valid: MkDocs empties site/ next

    def _start_search(self, site: Site, config: MkDocsConfig) -> None:
        """Build the search index — on the other core, beside the rest of the build, when it can."""
        serve = self.command == "serve"
        here = serve or not can_fork() or not self.config.search_beside
        self.search.start(site, self.settings, config.site_dir, here=here,
                          preview=PREVIEW_SEARCH.context if self._preview_search else None)
        if here and RENDERED_PAGES.active and not self._preview_search:
            PREVIEW_SEARCH.context = dict(self.search.page.context)

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        plan = self.plan
        assert plan is not None and plan.site is not None and plan.index is not None
        assert plan.policy is not None
        self.search.site_emptied()  # MkDocs has emptied site/: the index may be written
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
                    routes.place_entry(file, entry.slug, config)
                    changes = None if plan.history is None else plan.history.get(rel, [])
                    context: dict[str, Any] | None = None
                    if RENDERED_PAGES.active:
                        kept, context = RENDERED_PAGES.reuse_entry(
                            rel, file.dest_uri, entry, index, changes,
                            lambda: plan.entry_context(entry, changes))  # noqa: B023 - called here
                        if kept:
                            files.remove(file)  # unchanged since the last build: its HTML is kept
                            continue
                    self._page(rel, context or plan.entry_context(entry, changes),
                               "gongkai/entry.html", entry.title)
                    self.source_by_dest[file.dest_uri] = rel
                    if fast:  # rendered by EntryRenderer in on_env, not in MkDocs' page loop
                        self.entry_pages.append(
                            EntryPage(file, config, title=entry.title, body=entry.body))
        routes.check_generated_paths(files, docs_dir, plan, self.data_files + self.search.files,
                                     log.error)
        if config.nav is None:
            self._nav_titles = material.nav_titles(list(plan.navigation))
            config.nav = material.escaped_nav(list(plan.navigation))
        in_nav = set(material.nav_sources(config.nav))
        late = {self.search.page.url_path: self.search.page}  # the search page, if ready
        for spec in plan.pages:
            spec = late.get(spec.url_path, spec)
            src = spec.url_path + "index.md"
            if src not in in_nav and RENDERED_PAGES.active and RENDERED_PAGES.reuse(
                    src, spec.url_path + "index.html", fingerprint(spec)):
                continue  # unchanged since the last build: its file is kept
            file = routes.page_file(config, spec, src in in_nav)
            files.append(file)
            if fast and src not in in_nav:  # listing pages etc.: rendered like the entries
                self.entry_pages.append(EntryPage(file, config, title=spec.title, body=""))
            self._page(src, spec.context, spec.template, spec.title)
        if files.get_file_from_path("index.md") is None:
            files.append(routes.home_file(config))
        for src, (template, context) in plan.content_pages.items():  # home page, guide
            self.context_by_src[src], self.template_by_src[src] = context, template
        if self.kiosk is not None:
            self.context_by_src["index.md"] = self.kiosk.home_context(site, index)
            self.template_by_src["index.md"] = kiosk_skin.HOME_TEMPLATE
        for data in self.data_files:
            files.append(routes.data_file(config, data))
        for asset in routes.asset_files(config, kiosk=self.kiosk is not None):
            files.append(asset)
        # with the charts drawn beside the build, added in on_env
        self._outputs = {f.dest_uri for f in files} | {spec.path for spec in self.charts.later}
        return files

    def _page(self, src: str, context: dict[str, Any], template: str, title: str) -> None:
        """What a page of the plan is rendered from: its context, template and title as text."""
        self.context_by_src[src], self.template_by_src[src] = context, template
        self.text_titles[src] = title

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
        if not html or (self._markdown.quick and not may_hold_html(page.markdown or "")):
            return html
        clean, removals = sanitize_html(html, self._markdown.own_host)
        if removals and self.site is not None:
            if not self._sources:  # once per build, in the process that finds removals
                self._sources = self.site.markdown_sources()
            if (found := self._sources.get(page.file.src_uri)) is not None:
                staging.report(removal_problems(page.file.src_uri, found[0], removals, "全文",
                                                  found[1].body_line), log)
        return clean

    def on_page_context(self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig,
                        nav: Navigation) -> TemplateContext | None:
        gongkai = self.context_by_src.get(page.file.src_uri, {})
        if self.kiosk is not None:
            gongkai = self.kiosk.page_context(gongkai)
            if gongkai.get("kind") == "home":  # its screen, not the Markdown's headings
                page.toc = material.kiosk_home_toc(gongkai)
        src = page.file.src_uri  # the title as text: Material's copy is escaped
        title = self.text_titles.get(src) or self._nav_titles.get(src) or str(page.title or "")
        context["gongkai"] = gongkai  # type: ignore[typeddict-unknown-key]
        # What the content templates read of the page: they use no MkDocs variable.
        context["gongkai_page"] = {  # type: ignore[typeddict-unknown-key]
            "title": title, "content": page.content or "", "root": context["base_url"]}
        if self.site is not None:  # 政府网站 meta tags, Dublin Core and JSON-LD
            if page.file.generated_by is None:
                self.source_by_dest[page.file.dest_uri] = page.file.src_uri
            context["gongkai_meta"] = {"html": page_meta_html(  # type: ignore[typeddict-unknown-key]
                gongkai, title, dt.date.fromisoformat(page.update_date), self.site, self.settings)}
        return context

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation | None:
        self.nav = nav
        return nav

    @event_priority(-90)  # after other plugins' on_env: entry pages are rendered here
    def on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment | None:
        if self.command == "serve":  # templates compiled once, not at every rebuild
            env.bytecode_cache = TEMPLATE_CACHE
        templates.install(env, self._markdown, self.site, self.settings, config.site_name,
                          config.site_url or "", self.config.footer, self.config.kiosk)
        if self.search.wait():  # built beside the build, which waits for it here
            search_src = self.search.page.url_path + "index.md"
            if search_src in self.context_by_src:
                self.context_by_src[search_src] = self.search.page.context
        for chart in self.charts.drawn():  # drawn beside the build: MkDocs writes them next
            files.append(routes.data_file(config, chart))
        self._copied = [f.dest_uri for f in files if not f.is_documentation_page()]
        # sitemap.xml lists every page, the entry pages taken out of MkDocs' files below included.
        env.globals["gongkai_sitemap_files"] = list(files.documentation_pages())
        if RENDERED_PAGES.active:  # pages kept from the previous build go back first
            self._reused = RENDERED_PAGES.restore(
                config.site_dir, {f.dest_uri for f in files.documentation_pages()},
                folders=("search",) if self._preview_search else ())
            if self._reused:
                log.info(f"{self._reused} unchanged pages kept from the previous build")
        if self.entry_pages:  # the entries and listings MkDocs' page loop leaves to gongkai
            lifecycle.render_entry_pages(env, config, files, self.nav, self.entry_pages, self.kiosk,
                               dirty=self.dirty, workers=1 if self.command == "serve"
                               else self.config.build_workers, log=log)
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
        # a preview rebuild: only what MkDocs copied (kept pages were checked before)
        lifecycle.check_no_yaml(config.site_dir, self._copied if reused else None)
        if self.config.link_check and reused:
            log.info("link check: not run on a preview rebuild that kept pages — mkdocs build "
                     "checks every link")
        elif self.config.link_check:
            lifecycle.check_links(config, self.source_by_dest, self.site, log)
        if self._preview_search and self.site is not None:
            # last: a thread builds the index and the data files now that the pages are shown,
            # and swaps the search folder when it is done
            PREVIEW_SEARCH.update(preview_update(self.site, self.settings, export_files),
                                  config.site_dir, log.info)
        else:
            gc.enable()
        self.stage.swap_in(config, failed=bool(config.strict and self._warnings.count),
                           outputs=self._outputs if self.dirty else None)

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        if self.config.serve_watcher == "native":
            from ..runner.watcher import use_native_watcher  # watchdog: only needed by mkdocs serve
            log.info(use_native_watcher(server))
        # MkDocs holds back every page request after a failed rebuild until a build passes (the
        # preview would hang); the last good version is served instead, the error logged.
        server.builder = lifecycle.keep_last_good(server.builder, log)
        return server

    def on_build_error(self, *, error: Exception) -> None:
        gc.enable()
        self.search.cancel()  # the search process waits for a site folder: stop it
        self.charts.cancel()
        self.stage.discard()

    def on_shutdown(self) -> None:
        # After an interrupted build (SIGTERM, Ctrl-C: no on_build_error) as after any other.
        cancel_all()
        self.stage.discard()

    def _serve_site_key(self, config: MkDocsConfig) -> bytes:
        """Everything besides its own context that an entry page is rendered from."""
        assert self.site is not None and self.plan is not None
        return site_key(Path(config.config_file_path or "mkdocs.yml").parent,
                        config.nav if config.nav is not None else list(self.plan.navigation),
                        config.site_url, self.site, self.settings,
                        [d for d in (config.theme.custom_dir, str(TEMPLATES_DIR)) if d])
