"""The ``gongkai`` plugin options in ``mkdocs.yml`` (one typed MkDocs Config)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.utils.yaml import get_yaml_loader

from .core.kiosk import KIOSK_VARIABLE, kiosk_switch
from .core.options import merged_options, plugin_options

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


def kiosk_mapping(value: object) -> object:
    """The ``kiosk`` option as a mapping (``true`` stands for ``{enabled: true}``)."""
    return {"enabled": value} if isinstance(value, bool) else value


def with_inherited_options(options: dict[str, Any], config_file_path: str | None) -> dict[str, Any]:
    """The plugin's ``options`` over those of the files ``config_file_path`` inherits from.

    MkDocs' ``INHERIT`` replaces the parent's plugin list, so ``kiosk.yml`` (``INHERIT:
    mkdocs.yml``, ``plugins: [gongkai: {kiosk: true}]``) would build without the agency's columns
    and footer; merged here, it needs only its own lines, and a file that restates every option
    builds as before.  The files were read by the engine already, so they exist and parse (a
    configuration read from standard input or a stream has no file, and nothing to inherit).
    """
    inherited = (_inherited_options(config_file_path)
                 if config_file_path and os.path.isfile(config_file_path) else {})
    return merged_options(inherited, _normalized(options))


def _inherited_options(path: str) -> dict[str, Any]:
    """The gongkai options of the chain of files ``path`` inherits from, nearest last."""
    parent = _read_yaml(path).get("INHERIT")
    if not isinstance(parent, str):
        return {}
    parent_path = os.path.normpath(Path(path).parent / parent)
    own = plugin_options(_read_yaml(parent_path).get("plugins"), PLUGIN_NAME) or {}
    return merged_options(_inherited_options(parent_path), _normalized(own))


def _read_yaml(path: str) -> dict[str, Any]:
    """One configuration file as written, its INHERIT not followed."""
    # The engine's loader, for its !ENV tag; other tags (!relative) are not plugin options.
    loader = get_yaml_loader()
    loader.add_multi_constructor("!", lambda _loader, _suffix, _node: None)
    with open(path, "rb") as stream:
        data = yaml.load(stream, Loader=loader)
    return data if isinstance(data, dict) else {}


def _normalized(options: dict[str, Any]) -> dict[str, Any]:
    """``options`` with ``kiosk: true`` as a mapping, so that it merges with mkdocs.yml's timers."""
    if "kiosk" not in options:
        return options
    return {**options, "kiosk": kiosk_mapping(options["kiosk"])}
