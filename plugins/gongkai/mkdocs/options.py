"""The ``gongkai`` plugin options in ``mkdocs.yml`` (one typed MkDocs Config), and MkDocs'
configuration as the build plan reads it (:class:`~gongkai.core.plan.SiteConfig`)."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException

from ..core.plan import BuildOptions, OptionsError, SiteConfig, build_options


class FooterConfig(base.Config):
    """Identifiers every government site shows in its footer."""

    site_id = c.Type(str, default="")  # 网站标识码
    icp = c.Type(str, default="")  # ICP备案号
    psb = c.Type(str, default="")  # 公安机关备案号
    organizer = c.Type(str, default="")  # 主办单位 (defaults to the agency name)


class KioskConfig(base.Config):
    """The lobby reading point (kiosk.yml turns it on)."""

    enabled = c.Type(bool, default=False)
    idle_seconds = c.Type(int, default=90)
    countdown_seconds = c.Type(int, default=30)


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
    kiosk = c.SubConfig(KioskConfig)
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
