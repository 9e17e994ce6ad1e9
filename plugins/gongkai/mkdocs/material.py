"""What Material needs besides the plan: its configuration, and titles escaped for it.

Material prints ``site_name``, navigation titles and ``page.meta.title`` unescaped: the plan's
titles are text, so they are escaped once, here, where they are handed to Material.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from markupsafe import Markup, escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.toc import AnchorLink, TableOfContents

PACKAGE_DIR = Path(__file__).resolve().parent.parent  # gongkai/: templates/ and assets/
TEMPLATES_DIR = PACKAGE_DIR / "templates"
STYLESHEETS = ("assets/gongkai/gongkai.css", "assets/gongkai/regulations-budgets.css",
               "assets/gongkai/a11y.css", "assets/gongkai/elder.css", "assets/gongkai/a11y-toolbar.css",
               "assets/gongkai/search.css")
SCRIPTS: tuple[str, ...] = ("assets/gongkai/elder.js", "assets/gongkai/a11y-toolbar.js")


def configure(config: MkDocsConfig, log: logging.Logger | logging.LoggerAdapter[Any]) -> None:
    """Plugin templates, stylesheets and scripts in ``config``; its text values escaped; a
    warning for each setting that would load from another host."""
    for key in ("site_name", "site_description", "copyright"):
        if config[key] is not None and not isinstance(config[key], Markup):
            config[key] = escape(config[key])
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
    if config.theme.name == "material" and config.theme.get("font") is not False:
        log.warning("mkdocs.yml: theme.font: Material loads Google Fonts, which are blocked in "
                    "mainland China and unreachable offline — set 'font: false' under theme")
    if config.theme.name == "material" and config.repo_url:
        log.warning("mkdocs.yml: repo_url: Material fetches the repository's facts from "
                    f"{urlsplit(config.repo_url).hostname or 'its host'} on every page, a load "
                    "from another host — remove repo_url (link the repository in a page instead)")


def escaped_nav(nav: Any) -> Any:
    """A ``nav`` configuration whose titles are text (escaped Markup); page paths stay as they are."""
    if isinstance(nav, dict):
        return {escape(str(title)): escaped_nav(value) for title, value in nav.items()}
    if isinstance(nav, list):
        return [escaped_nav(item) for item in nav]
    return nav


def nav_titles(nav: Any) -> dict[str, str]:
    """The title a ``nav`` configuration gives each page path (the first, if it gives several)."""
    titles: dict[str, str] = {}
    for item in nav if isinstance(nav, list) else [nav]:
        if isinstance(item, dict):
            for title, value in item.items():
                if isinstance(value, str):
                    titles.setdefault(value, str(title))
                else:
                    titles = {**nav_titles(value), **titles}
    return titles


def nav_sources(nav: Any) -> list[str]:
    """Every page path a ``nav`` configuration names."""
    if isinstance(nav, str):
        return [nav]
    if isinstance(nav, dict):
        return [src for value in nav.values() for src in nav_sources(value)]
    if isinstance(nav, list):
        return [src for item in nav for src in nav_sources(item)]
    return []


def disable_material_search(config: MkDocsConfig) -> None:
    """Keep sites that list ``search`` working, without Material's one-file index.

    Material's index is one JSON file of about 5.5 MB per 1,000 entries that the browser downloads
    and re-indexes on every visit, and it finds no 2-character word inside a longer one.  Its
    plugin checks ``enabled`` in every event, so switching it off here skips the index and the
    header's search dialog; gongkai's header form (``partials/header.html``) takes its place.
    """
    for name, plugin in config.plugins.items():
        if name in ("search", "material/search") and "enabled" in plugin.config:
            plugin.config["enabled"] = False
            logging.getLogger(__name__).debug(f"'{name}' disabled: gongkai builds the site search")


def kiosk_home_toc(home: dict[str, Any]) -> TableOfContents:
    """The kiosk home's outline, its own heading: Material's skip link targets what is shown."""
    return TableOfContents([AnchorLink(home["heading"]["title"], home["heading"]["id"], 1)])
