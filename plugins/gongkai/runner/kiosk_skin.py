"""The lobby kiosk skin of a build: called by the adapter (:mod:`gongkai.mkdocs.plugin`) only
when kiosk is enabled, engine-neutral.

Kept apart from the adapter so the public site's build stays as it is; the kiosk logic itself
(search index, QR codes, link rules) lives in :mod:`gongkai.core.kiosk`.
"""

from __future__ import annotations

from typing import Any

from ..core import kiosk
from ..core.model import Site
from ..core.pages import FileSpec, write_files
from ..core.settings import Settings
from ..core.views import SiteIndex, entry_url

STYLESHEET = "assets/gongkai/kiosk/kiosk.css"
SCRIPT = "assets/gongkai/kiosk/kiosk.js"
ASSET_FOLDER = "assets/gongkai/kiosk/"
HOME_TEMPLATE = "gongkai/kiosk/home.html"
CONFIG_PATH = "plugins.gongkai.kiosk"


class KioskSkin:
    """Collects what the kiosk build adds: index, home screen, QR codes of entries and links."""

    def __init__(self, settings: Settings, options: dict[str, Any]) -> None:
        for name, example in (("idle_seconds", 90), ("countdown_seconds", 30)):
            if options[name] <= 0:  # ValueError: the adapter reports it as a configuration error
                raise ValueError(f"{CONFIG_PATH}.{name}: {options[name]} is not a number of "
                                  f"seconds above zero — write e.g. '{name}: {example}'")
        self.settings = settings
        self.qr_urls: dict[str, str] = {}

    def files(self, site: Site, index: SiteIndex) -> list[FileSpec]:
        """Files generated before rendering: the search index."""
        return [kiosk.search_index_file(site, index, self.settings)]

    def home_context(self, site: Site, index: SiteIndex) -> dict[str, Any]:
        """Context of the kiosk home screen."""
        return kiosk.home_view(site, index, self.settings)

    def page_context(self, gongkai: dict[str, Any]) -> dict[str, Any]:
        """Add the 带走这份文件 QR code to an entry page's context."""
        if gongkai.get("kind") != "entry":
            return gongkai
        url = kiosk.public_url(self.settings.site_url, entry_url(gongkai["entry"]))
        path = kiosk.qr_path(url)
        self.qr_urls[path] = url
        return {**gongkai, "takeaway": {"url": url, "qr": path}}

    def post_page(self, output: str, page_url: str) -> str:
        """Mark links that would leave the kiosk; remember the QR codes they need."""
        marked, needed = kiosk.mark_leaving_links(output, page_url, self.settings.site_url)
        self.qr_urls.update(needed)
        return marked

    def write(self, site_dir: str) -> int:
        """Write the QR code files into the built site; returns how many."""
        return write_files(kiosk.qr_files(self.qr_urls), site_dir)
