"""The ``gongkai`` plugin options in ``mkdocs.yml`` (one typed MkDocs Config), and MkDocs'
configuration as the build plan reads it (:class:`~gongkai.core.plan.SiteConfig`)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException
from mkdocs.plugins import BasePlugin
from mkdocs.utils.yaml import get_yaml_loader

from ..core.kiosk import KIOSK_VARIABLE, kiosk_switch
from ..core.options import inherited_options, kiosk_mapping
from ..core.plan import BuildOptions, OptionsError, SiteConfig, build_options

PLUGIN_NAME = "gongkai"


class FooterConfig(base.Config):
    """Identifiers every government site shows in its footer."""

    site_id = c.Type(str, default="")  # 网站标识码
    icp = c.Type(str, default="")  # ICP备案号
    psb = c.Type(str, default="")  # 公安机关备案号
    organizer = c.Type(str, default="")  # 主办单位 (defaults to the agency name)


class KioskConfig(base.Config):
    """The lobby reading point (kiosk.yml or GONGKAI_KIOSK=1 turns it on)."""

    enabled = c.Type(bool, default=False)
    idle_seconds = c.Type(int, default=90)
    countdown_seconds = c.Type(int, default=30)


class KioskOption(c.SubConfig[KioskConfig]):
    """``kiosk: true`` or the mapping ``{enabled, idle_seconds, countdown_seconds}``; the
    environment variable GONGKAI_KIOSK=1 switches the kiosk on whatever the files say."""

    def run_validation(self, value: object) -> KioskConfig:
        value = kiosk_mapping(value)
        try:
            switched = kiosk_switch(os.environ.get(KIOSK_VARIABLE))
        except ValueError as error:
            raise base.ValidationError(str(error)) from None
        if switched and isinstance(value, dict):
            value = {**value, "enabled": True}
        return super().run_validation(value)


class GongkaiConfig(base.Config):
    """Options of the gongkai plugin; every one has a default that suits most agencies."""

    # Ordered category names, or mappings {name, slug, item, description}.
    categories = c.Optional(c.ListOfItems(c.Type((str, dict))))
    index_no_pattern = c.Type(str, default="<code>/<YYYY>-<NNNNN>")
    summary_max_length = c.Type(int, default=100)
    page_size = c.Type(int, default=50)
    feed_size = c.Type(int, default=50)
    latest_size = c.Type(int, default=10)
    report_deadline = c.Type(str, default="01-31")  # MM-DD of the year after the report year
    regulation_validity_years = c.Type(int, default=5)
    # The years that get an annual report, e.g. [2024, 2025]; default: the years that have
    # registers/<year>.yml or reports/<year>.md.
    report_years = c.Optional(c.Type(list))
    # Build date override (YYYY-MM-DD), for previews of a future date and for tests.
    today = c.Optional(c.Type(str))
    nav_labels = c.Type(dict, default={})
    footer = c.SubConfig(FooterConfig)
    kiosk = KioskOption()
    # Inspection rules (政府网站检查): 工作动态-type categories and the days they may go without news.
    freshness = c.Type(dict, default={})
    # Severity of inspection findings (空白栏目, stale columns, late report): "warn" fails --strict.
    inspections = c.Choice(("warn", "info"), default="warn")
    # Check every internal link of the built site after the build; a broken one fails it.
    link_check = c.Type(bool, default=True)
    # Entry pages rendered by gongkai's renderer (same HTML as MkDocs', a fraction of the work,
    # on every core); false renders them in MkDocs' page loop like any other page.
    fast_entry_pages = c.Type(bool, default=True)
    # Worker processes for entry pages; 0 = one per core (at most 4) from 400 entries on.
    build_workers = c.Type(int, default=0)
    # Build the search index in a process beside MkDocs' reading of files and pages (true), or
    # before them in this process and its workers (false).
    search_beside = c.Type(bool, default=True)
    # How `mkdocs serve` notices edits: the system's file events ("native": inotify, FSEvents…,
    # nothing to do between edits) or MkDocs' poller ("polling": for network or container folders
    # that send no events; it lists every file twice a second).
    serve_watcher = c.Choice(("native", "polling"), default="native")
    # Cache of attachment texts (read for search and the personal-data scan), relative to
    # mkdocs.yml; keyed by each file's bytes, so rebuilds read only new or changed attachments.
    # Must lie outside docs_dir and site_dir; "" keeps the texts in memory only.
    text_cache = c.Type(str, default=".cache/gongkai/text")
    # Short names for search, {简称: [全称, …]}, added to (or replacing, or with [] removing lines
    # of) the shipped table plugins/gongkai/data/abbreviations.yml.
    search_abbreviations = c.Optional(c.Type(dict))


def load_config_inherited(plugin: Any, options: dict[str, Any], config_file_path: str | None = None
                          ) -> tuple[base.ConfigErrors, base.ConfigWarnings]:
    """The plugin's ``load_config``: a kiosk.yml that inherits mkdocs.yml holds only its own
    options, the rest are inherited (:func:`gongkai.core.options.inherited_options`)."""
    merged = inherited_options(options, config_file_path, PLUGIN_NAME, get_yaml_loader)
    return BasePlugin.load_config(plugin, merged, config_file_path)


def site_config(config: MkDocsConfig) -> SiteConfig:
    """What the build plan needs of MkDocs' own configuration."""
    return SiteConfig(Path(config.config_file_path or "mkdocs.yml"), Path(config.docs_dir),
                      Path(config.site_dir), config.site_url or "",
                      {key: config[key] for key in ("site_name", "site_description", "copyright")},
                      tuple(config.markdown_extensions), dict(config.mdx_configs or {}))


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
