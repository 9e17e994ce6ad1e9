"""MkDocs adapter: turns MkDocs events into calls of :mod:`gongkai.core`.

Everything domain-specific lives in the core; this module only maps the model onto MkDocs files,
pages, navigation and templates.  Handlers appear in the order MkDocs fires them.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import logging
import os
import signal
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import markdown as markdown_lib
from jinja2 import Environment
from markupsafe import Markup, escape
from mkdocs.config.base import ConfigErrors, ConfigWarnings
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException, PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from . import kiosk_skin
from .background import Background, cancel_all
from .config import GongkaiConfig, with_inherited_options
from .core import zh
from .core.budgets import budget_outputs
from .core.check import InspectionOptions, site_findings
from .core.exports import export_files
from .core.history import NO_HISTORY_MESSAGE, Change, change_record, entry_history
from .core.linkcheck import check_site
from .core.load import read_site
from .core.metadata import (
    content_date,
    dublin_core,
    entry_json_ld,
    json_for_script,
    page_date,
    page_meta_tags,
    site_meta_tags,
    source_date_epoch_day,
)
from .core.model import CatalogueEntry, Site, SourceLines
from .core.pages import FileSpec, PageSpec, drawn
from .core.parallel import can_fork, cpu_seconds, fork_context
from .core.problems import ContentError, Problem
from .core.publish import PublishPolicy, output_path_problem
from .core.report import report_pages
from .core.samplesite import SiteSetting, line_of_setting
from .core.sanitize import may_hold_html, only_built_in_extensions, removal_problems, sanitize_html
from .core.search import SearchIndex, build_search_index, search_page
from .core.search.expand import abbreviation_groups
from .core.settings import Settings, option_problems, resolve_categories, resolve_report_years
from .core.views import (
    SiteIndex,
    build_index,
    category_url,
    entry_context,
    home_context,
    section_pages,
)
from .entrypages import ENGINE_LOGGER, EntryPage, EntryRenderer, only_gongkai_handles_pages
from .fragments import SharedFragments
from .search import disable_material_search, index_into_site
from .servecache import PREVIEW_SEARCH, RENDERED_PAGES, TEMPLATE_CACHE, fingerprint, folder_stamps
from .staging import StagedSite

log = get_plugin_logger(__name__)

PACKAGE_DIR = Path(__file__).parent
TEMPLATES_DIR = PACKAGE_DIR / "templates"
ASSETS_DIR = PACKAGE_DIR / "assets"
STYLESHEETS = ("assets/gongkai/gongkai.css", "assets/gongkai/regulations-budgets.css",
               "assets/gongkai/a11y.css", "assets/gongkai/elder.css", "assets/gongkai/a11y-toolbar.css",
               "assets/gongkai/search.css")
SCRIPTS: tuple[str, ...] = ("assets/gongkai/elder.js", "assets/gongkai/a11y-toolbar.js")

# Output folders written by gongkai as a whole: no content file may put anything there.
GENERATED_FOLDERS = ("search/", "assets/gongkai/")

DEFAULT_NAV_LABELS = {
    "home": "首页",
    "guide": "政府信息公开指南",
    "rules": "政府信息公开制度",
    "statutory": "法定主动公开内容",
    "agency": "机构职能",
    "regulations": "法规文件",
    "budgets": "财政预决算",
    "catalogue": "政府信息公开目录",
    "reports": "政府信息公开年报",
    "apply": "依申请公开",
}


class GongkaiPlugin(BasePlugin[GongkaiConfig]):
    """Builds a 政府信息公开 site from the content model."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.settings = Settings()
        self.site: Site | None = None
        self.index: SiteIndex | None = None
        self.pages: list[PageSpec] = []
        self.data_files: list[FileSpec] = []
        self.context_by_src: dict[str, dict[str, Any]] = {}
        self.template_by_src: dict[str, str] = {}
        self._markdown: markdown_lib.Markdown | None = None
        self.content_day: dt.date | None = None
        self.history: dict[str, list[Change]] | None = None
        self.kiosk: kiosk_skin.KioskSkin | None = None
        self._search: Background[tuple[SearchIndex, int]] | None = None
        self._charts: Background[list[str | bytes]] | None = None
        self._chart_paths: list[str] = []
        self._site_is_clean: Any = None  # a multiprocessing Event: MkDocs has emptied site/
        self._search_spec = search_page(SearchIndex())
        self._search_files: list[FileSpec] = []
        self._search_started = 0.0
        self._reused = 0
        self._preview_search = False
        self._copied: list[str] = []
        self._own_host = ""  # the site's host: images from it are not foreign loads
        self._quick_sanitize = False  # Markdown without '<', '[' or '{' needs no sanitizing
        self._site_settings: tuple[SiteSetting, ...] = ()
        self._config_file = "mkdocs.yml"

        self.source_by_dest: dict[str, str] = {}
        # Each Markdown file's body and lines in the model, by source (messages find lines there).
        self._markdown_sources: dict[str, tuple[str, SourceLines]] = {}
        self.command = "build"
        self.dirty = False
        self.entry_pages: list[EntryPage] = []
        self.nav: Navigation | None = None
        self.staged: StagedSite | None = None
        self._site_dir = ""  # the site folder the build replaces (config.site_dir is its stage)
        self._outputs: set[str] = set()  # what this build writes (--dirty drops the rest)
        self._warnings = _WarningCount()

    # -- MkDocs events -------------------------------------------------------------------------

    def load_config(self, options: dict[str, Any], config_file_path: str | None = None
                    ) -> tuple[ConfigErrors, ConfigWarnings]:
        # A kiosk.yml that inherits mkdocs.yml holds only its own options: the rest are inherited.
        return super().load_config(with_inherited_options(options, config_file_path),
                                   config_file_path)

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
        categories, problems = resolve_categories(self.config.categories)  # type: ignore[arg-type]
        # SOURCE_DATE_EPOCH (reproducible builds) stands for the build date when it is set.
        today = source_date_epoch_day(os.environ) or dt.date.today()
        if self.config.today:
            try:
                today = dt.date.fromisoformat(self.config.today)
            except ValueError as error:
                raise PluginError(f"mkdocs.yml: plugins.gongkai.today: '{self.config.today}' is not a "
                                  "date — write YYYY-MM-DD") from error
        problems += option_problems(self.config, today, dt.date.today())
        try:
            month, day = (int(part) for part in self.config.report_deadline.split("-"))
            dt.date(2001, month, day)
        except ValueError as error:
            raise PluginError(f"mkdocs.yml: plugins.gongkai.report_deadline: "
                              f"'{self.config.report_deadline}' is not a month-day — write MM-DD, "
                              "e.g. 01-31") from error
        years, year_problems = resolve_report_years(self.config.report_years, today)
        problems += year_problems
        problems += abbreviation_groups(self.config.search_abbreviations)[1]
        if problems:
            raise PluginError("\n".join(str(p) for p in problems))
        # Material prints these mkdocs.yml values unescaped on every page: they are text.
        for key in ("site_name", "site_description", "copyright"):
            if config[key] is not None and not isinstance(config[key], Markup):
                config[key] = escape(config[key])
        site_url = config.site_url or ""
        self._own_host = urlsplit(site_url).hostname or ""
        self._quick_sanitize = only_built_in_extensions(config.markdown_extensions)
        if site_url and not site_url.endswith("/"):
            site_url += "/"
        self.settings = Settings(
            categories=categories,
            index_no_pattern=self.config.index_no_pattern,
            summary_max_length=self.config.summary_max_length,
            page_size=self.config.page_size,
            feed_size=self.config.feed_size,
            latest_size=self.config.latest_size,
            report_deadline=(month, day),
            regulation_validity_years=self.config.regulation_validity_years,
            today=today,
            site_url=site_url,
            text_cache=self._text_cache(config),
            report_years=years,
            search_abbreviations=self.config.search_abbreviations,
            markdown_extensions=tuple(config.markdown_extensions),
            markdown_configs=dict(config.mdx_configs or {}),
        )
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
            config.nav = _escaped_nav(config.nav)
        self._resolve_site_settings(config)
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

    def _text_cache(self, config: MkDocsConfig) -> Path | None:
        """The attachment-text cache folder; never inside docs_dir or site_dir (it would be
        published, or emptied by every build)."""
        if not self.config.text_cache:
            return None
        base = Path(config.config_file_path or ".").resolve().parent
        folder = (base / self.config.text_cache).resolve()
        for name, inside in (("docs_dir", config.docs_dir), ("site_dir", config.site_dir)):
            if folder.is_relative_to(Path(inside).resolve()):
                raise PluginError(f"mkdocs.yml: plugins.gongkai.text_cache: '{self.config.text_cache}' "
                                  f"is inside {name} — choose a folder outside it, e.g. "
                                  "'.cache/gongkai/text'")
        return folder

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        PREVIEW_SEARCH.stop()  # a preview's search thread of an earlier build
        if RENDERED_PAGES.active:
            # A preview rebuild: no cyclic garbage collection while it runs (each full collection
            # walks the whole model kept from earlier builds, 0.3–0.4 s at 10,000 entries); it
            # resumes once the search thread is done, between saves (PreviewSearch.update).
            gc.disable()
        # Validate before MkDocs cleans site/: bad content leaves the last good site untouched.
        try:
            site, problems = read_site(config.docs_dir, self.settings)
            self._report(problems.items)
            problems.raise_if_errors()
            self._start_search(site, config)  # beside what follows (stopped if that fails)

            report_specs, report_files, report_problems = report_pages(site, self.settings,
                                                                       draw_charts=False)
            self._report(report_problems)
            findings = site_findings(site, self.settings, self.inspection_options())
            self._report(findings)
            errors = [p for p in report_problems + findings if p.severity == "error"]
            if errors:
                raise ContentError(errors)
        except ContentError as error:
            count = len([p for p in error.problems if p.severity == "error"])
            raise PluginError(f"{count} content error(s): nothing was built. Fix the problems "
                              "listed above and build again.") from None
        self._markdown = markdown_lib.Markdown(
            extensions=config.markdown_extensions, extension_configs=config.mdx_configs or {})
        self._report(self._markup_problems(site, config))
        self.site = site
        self._markdown_sources = {}
        self.content_day = content_date(site)  # once per build: every page falls back to it
        self.index = build_index(site)
        self.history = entry_history(Path(config.docs_dir), [e.source for e in site.entries])
        if self.history is None:
            log.info(NO_HISTORY_MESSAGE)
        budget_specs, budget_files, _ = budget_outputs(site, draw_charts=False)  # problems: findings
        self.pages = section_pages(site, self.index, self.settings) + report_specs + budget_specs
        # A preview rebuild shows the previous data files until its thread has written new ones,
        # unless entries came or went: their links would point to pages that no longer exist.
        urls = [e.slug for e in site.entries]
        if self._preview_search and PREVIEW_SEARCH.export_urls == urls:
            exports = PREVIEW_SEARCH.exports
        else:
            exports = export_files(site, self.settings)
        if RENDERED_PAGES.active:
            PREVIEW_SEARCH.exports, PREVIEW_SEARCH.export_urls = exports, urls
        self.data_files = exports + report_files + budget_files
        self._start_charts()
        self.pages.append(self._search_spec)
        if self._search is None:  # built here: its files are written by MkDocs
            self.data_files += self._search_files
        if self.kiosk is not None:
            self.data_files += self.kiosk.files(site, self.index)
        log.info(f"{len(site.entries)} entries published, {len(site.withheld)} withheld, "
                 f"{len(self.pages)} section pages")
        RENDERED_PAGES.set_aside(config.site_dir)  # content is valid: MkDocs empties site/ next

    def _entry_context(self, entry: CatalogueEntry, changes: list[Change] | None) -> dict[str, Any]:
        assert self.index is not None
        context = entry_context(entry, self.index, self.settings)
        context["history"] = change_record(entry.published, changes)
        return context

    def _start_charts(self) -> None:
        """Draw the charts (matplotlib: a second to load, more to draw) in another process while
        MkDocs reads files and pages; their files are filled in on_env."""
        later = [spec for spec in self.data_files if spec.draw is not None]
        if self.command == "serve" or not later or not can_fork():  # drawn here (serve: once)
            self.data_files = [drawn(spec) for spec in self.data_files]
            return
        self._charts = Background(_draw_all, [spec.draw for spec in later])
        self._chart_paths = [spec.path for spec in later]

    def _start_search(self, site: Site, config: MkDocsConfig) -> None:
        """Build the search index — on the other core, beside the rest of the build, when it can.

        Its page's context and its files are filled in when it is ready (:meth:`_search_ready`).
        """
        self._search_started = time.perf_counter()
        self._search_spec = search_page(SearchIndex())
        self._search_files = []
        self._preview_search = RENDERED_PAGES.active and PREVIEW_SEARCH.context is not None
        if self._preview_search:  # a preview rebuild: the index is brought up to date after it
            self._search_spec.context.update(PREVIEW_SEARCH.context or {})
        elif self.command == "serve" or not can_fork() or not self.config.search_beside:
            # in this process (with its workers), ready now
            self._search_ready(build_search_index(site, self.settings))
            if RENDERED_PAGES.active:
                PREVIEW_SEARCH.context = dict(self._search_spec.context)
        else:  # the other process also writes the index files, once MkDocs has emptied site/
            self._site_is_clean = fork_context().Event()
            self._search = Background(index_into_site, site, self.settings,
                                      config.site_dir, self._site_is_clean)

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        assert self.site is not None and self.index is not None
        if self._site_is_clean is not None:  # MkDocs has emptied site/: the index may be written
            self._site_is_clean.set()
        site, index = self.site, self.index
        self.context_by_src = {}
        self.template_by_src = {}
        self.source_by_dest = {}
        self.entry_pages = []
        fast = self.config.fast_entry_pages and only_gongkai_handles_pages(config, self)
        if RENDERED_PAGES.active:
            RENDERED_PAGES.start_build(self._serve_site_key(config))
        published_sources = {e.source: e for e in site.entries}
        policy = PublishPolicy(config.docs_dir, site)  # what may be published: core/publish.py
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
                    changes = None if self.history is None else self.history.get(rel, [])
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
                    self.source_by_dest[file.dest_uri] = rel
                    if fast:  # rendered by EntryRenderer in on_env, not in MkDocs' page loop
                        self.entry_pages.append(
                            EntryPage(file, config, title=entry.title, body=entry.body))
        self._check_generated_paths(files, docs_dir)
        if config.nav is None:
            config.nav = self._navigation()
        in_nav = set(_nav_sources(config.nav))
        for spec in self.pages:
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
        self._outputs = {f.dest_uri for f in files}
        return files

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig,
                         files: Files) -> str | None:
        template = self.template_by_src.get(page.file.src_uri)
        if self.content_day is not None:
            # MkDocs dates pages by the clock (sitemap.xml, rendered before the pages); the
            # content's own date keeps two builds of the same commit identical.
            page.update_date = page_date(self.context_by_src.get(page.file.src_uri, {}),
                                         self.content_day).isoformat()
        if template and "template" not in page.meta:
            page.meta["template"] = template
        if page.meta.get("title") is not None:
            # Material prints page.meta.title unescaped (header, <title>): a title is text.
            page.meta["title"] = escape(str(page.meta["title"]))
        return markdown

    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig,
                        files: Files) -> str | None:
        # Raw HTML of bodies and pages is sanitized (EntryRenderer calls this for its pages too).
        if not html or (self._quick_sanitize and not may_hold_html(page.markdown or "")):
            return html
        clean, removals = sanitize_html(html, self._own_host)
        if removals and self.site is not None:
            if not self._markdown_sources:  # once per build, in the process that finds removals
                self._markdown_sources = self.site.markdown_sources()
            found = self._markdown_sources.get(page.file.src_uri)
            if found is not None:
                body, lines = found
                self._report(removal_problems(page.file.src_uri, body, removals, "全文",
                                              lines.body_line))
        return clean

    def on_page_context(self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig,
                        nav: Navigation) -> TemplateContext | None:
        gongkai = self.context_by_src.get(page.file.src_uri, {})
        if self.kiosk is not None:
            gongkai = self.kiosk.page_context(gongkai)
            if gongkai.get("kind") == "home":  # its screen, not the Markdown's headings
                page.toc = self.kiosk.home_toc(gongkai)
        context["gongkai"] = gongkai  # type: ignore[typeddict-unknown-key]
        self._add_page_metadata(context, page, gongkai)
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
            for path, content in zip(self._chart_paths, self._charts.result(), strict=True):
                file = files.get_file_from_path(path)
                assert file is not None
                if isinstance(content, bytes):  # report.docx
                    file.content_bytes = content
                else:
                    file.content_string = content
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
        generated = {spec.url_path + "index.html": f"'{spec.title}'" for spec in self.pages}
        generated.update({spec.path: "a data file" for spec in self.data_files + self._search_files})
        generated.update({asset.relative_to(PACKAGE_DIR).as_posix(): "a script or stylesheet"
                          for asset in ASSETS_DIR.rglob("*") if asset.is_file()})
        generated["index.html"] = "the home page"
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

    def inspection_options(self) -> InspectionOptions:
        """The inspection rules as configured (``gongkai check`` uses the same)."""
        return InspectionOptions(dict(self.config.freshness),
                                 "warning" if self.config.inspections == "warn" else "info",
                                 self.config.footer.site_id, self.config.link_check,
                                 self._site_settings,
                                 self._config_file)

    def _resolve_site_settings(self, config: MkDocsConfig) -> None:
        """The configuration values that must not stay the sample agency's, with their lines."""
        path = Path(config.config_file_path or "mkdocs.yml")
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            text = ""
        footer = self.config.footer
        values = {"site_name": config.site_name, "site_description": config.site_description,
                  "copyright": config.copyright, "site_url": config.site_url,
                  **{f"plugins.gongkai.footer.{key}": footer[key]
                     for key in ("site_id", "icp", "psb", "organizer")}}
        self._config_file = path.name
        self._site_settings = tuple(SiteSetting(key, str(value), line_of_setting(text, key, str(value)))
                                    for key, value in values.items() if value)

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
        file.__dict__.pop("abs_dest_path", None)
        file.inclusion = InclusionLevel.NOT_IN_NAV

    def _add_page_metadata(self, context: TemplateContext, page: Page,
                           gongkai: dict[str, Any]) -> None:
        """政府网站 meta tags, Dublin Core and JSON-LD; the page's date in sitemap.xml."""
        if self.site is None:
            return
        date = dt.date.fromisoformat(page.update_date)
        if page.file.generated_by is None:
            self.source_by_dest[page.file.dest_uri] = page.file.src_uri
        raw_title = page.meta.get("title") or page.title or ""
        # on_page_markdown escaped our titles for Material; the template escapes them itself.
        title = raw_title.unescape() if isinstance(raw_title, Markup) else str(raw_title)
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
        sources = self.site.markdown_sources() if report.broken and self.site is not None else {}
        for broken in report.broken:
            source = self.source_by_dest.get(broken.page)
            where = f"site/{broken.page}"
            if source is not None:
                body, lines = sources.get(source, ("", SourceLines()))
                line = lines.in_body(body, broken.link)
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
        """Fill in the search page and log what the index found."""
        self._search_spec.context.update(search_page(search).context)
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
        assert self.site is not None
        config_dir = Path(config.config_file_path or "mkdocs.yml").parent
        return fingerprint(
            [(p.name, p.read_bytes()) for p in sorted(config_dir.glob("*.yml"))],
            config.nav if config.nav is not None else self._navigation(),
            config.site_url, self.site.agency, self.settings,
            [(e.source, e.slug) for e in self.site.entries],
            folder_stamps([d for d in (config.theme.custom_dir, str(TEMPLATES_DIR)) if d]),
        )

    def _render_markdown(self, text: str) -> Markup:
        """The ``markdown`` filter (budget notes, report narratives): sanitized HTML; what was
        removed was reported in on_pre_build (:meth:`_markup_problems`)."""
        html = self._markdown_html(text)
        if not self._quick_sanitize or may_hold_html(text or ""):
            html = sanitize_html(html, self._own_host)[0]
        return Markup(html)

    def _markdown_html(self, text: str) -> str:
        assert self._markdown is not None
        self._markdown.reset()
        html: str = self._markdown.convert(text or "")
        return html

    def _markup_problems(self, site: Site, config: MkDocsConfig) -> list[Problem]:
        """What the sanitizer will remove from budget notes and report narratives, at its line."""
        texts = [(b.source, "notes", b.notes) for b in site.budgets]
        texts += [(n.source, "全文", part) for n in site.narratives.values()
                  for part in (n.overview, n.problems, n.other)]
        problems: list[Problem] = []
        for source, field, text in texts:
            if not text or (self._quick_sanitize and not may_hold_html(text)):
                continue
            removals = sanitize_html(self._markdown_html(text), self._own_host)[1]
            if removals:
                path = Path(config.docs_dir, source)
                raw = path.read_text(encoding="utf-8", errors="replace") if path.is_file() else ""
                problems += removal_problems(source, raw, removals, field)
        return problems

    def _navigation(self) -> list[Any]:
        # Material prints navigation titles unescaped: labels and category names are text.
        labels = {**DEFAULT_NAV_LABELS, **{str(k): escape(str(v))
                                           for k, v in self.config.nav_labels.items()}}
        rules = self.settings.category("政府信息公开制度")
        catalogue: list[Any] = [{labels["catalogue"]: "catalogue/index.md"}]
        catalogue += [{escape(c.name): f"{category_url(c)}index.md"} for c in self.settings.categories
                      if c is not rules]
        nav: list[Any] = [{labels["home"]: "index.md"}]
        if self.site is not None and self.site.guide is not None:
            nav.append({labels["guide"]: self.site.guide.source})
        if rules is not None:
            nav.append({labels["rules"]: f"{category_url(rules)}index.md"})
        nav.append({labels["statutory"]: [
            {labels["agency"]: "agency/index.md"},
            {labels["regulations"]: "regulations/index.md"},
            {labels["budgets"]: "budgets/index.md"},
            {labels["catalogue"]: catalogue},
        ]})
        nav.append({labels["reports"]: "reports/index.md"})
        nav.append({labels["apply"]: "apply/index.md"})
        return nav



def meta_html(tags: list[tuple[str, str]], json_ld: str = "") -> Markup:
    """``<meta>`` tags (escaped) and a JSON-LD script (already safe for a script element)."""
    html = "".join(f'  <meta name="{escape(name)}" content="{escape(value)}">\n'
                   for name, value in tags)
    if json_ld:
        html += f'  <script type="application/ld+json">{json_ld}</script>\n'
    return Markup(html)


class _WarningCount(logging.Handler):
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


def _draw_all(draws: list[Callable[[], str | bytes]]) -> list[str | bytes]:
    return [draw() for draw in draws]


def _escaped_nav(nav: Any) -> Any:
    """A ``nav`` configuration whose titles are text (escaped Markup); page paths stay as they are."""
    if isinstance(nav, dict):
        return {escape(str(title)): _escaped_nav(value) for title, value in nav.items()}
    if isinstance(nav, list):
        return [_escaped_nav(item) for item in nav]
    return nav


def _nav_sources(nav: Any) -> list[str]:
    """Every page path a ``nav`` configuration names."""
    if isinstance(nav, str):
        return [nav]
    if isinstance(nav, dict):
        return [src for value in nav.values() for src in _nav_sources(value)]
    if isinstance(nav, list):
        return [src for item in nav for src in _nav_sources(item)]
    return []
