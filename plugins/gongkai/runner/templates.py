"""What the content templates (templates/gongkai/) get from any engine's Jinja environment:
gongkai's filters and the site-wide variables (the page's own come with its context)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from jinja2 import Environment
from markupsafe import Markup

from ..core import zh
from ..core.metadata import meta_html, site_meta_tags
from ..core.model import Site
from ..core.settings import Settings
from ..core.views import category_url
from .fragments import SharedFragments


def install(env: Environment, markdown: Callable[[str], Markup], site: Site | None,
            settings: Settings, site_name: str, site_url: str, footer: Mapping[str, Any],
            kiosk: Mapping[str, Any]) -> None:
    """The filters ``zh_date``, ``zh_number``, ``zh_item`` and ``markdown``, and the globals
    ``gongkai_site`` and ``gongkai_fragments`` (created afresh for every build)."""
    env.filters["zh_date"] = zh.zh_date
    env.filters["zh_number"] = zh.zh_number
    env.filters["zh_item"] = zh.zh_item_number
    env.filters["markdown"] = markdown
    env.globals["gongkai_fragments"] = SharedFragments()
    env.globals["gongkai_site"] = {
        "agency": site.agency if site else None,
        "site_name": site_name,
        "footer": dict(footer),
        "kiosk": dict(kiosk),
        "categories": [{"name": c.name, "url": category_url(c)} for c in settings.categories],
        "meta": meta_html(site_meta_tags(site_name, site_url, str(footer.get("site_id", "")))),
    }
