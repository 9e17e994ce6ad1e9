"""Page metadata: the 政府网站 meta tags, Dublin Core and schema.org JSON-LD, and page dates.

The 政府网站发展指引 (国办发〔2017〕47号) asks every page of a government site to carry
``SiteName``, ``SiteDomain`` and ``SiteIDCode``, column pages ``ColumnName`` and article pages
``ArticleTitle``, ``PubDate`` and ``ContentSource``, so that the national 普查 crawler can index
them.  Entry pages also describe themselves as Dublin Core (``DC.*`` meta tags) and as schema.org
JSON-LD: ``Legislation`` for 规章 and 行政规范性文件 (with its legal force from 有效性),
``DigitalDocument`` for everything else.

Dates come from the content only, never from the clock, so two builds of the same commit give the
same bytes (``SOURCE_DATE_EPOCH`` stands for the build date where a build date is needed).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from markupsafe import Markup, escape

from .model import CatalogueEntry, Site
from .settings import REGULATION_CATEGORIES, Settings
from .views import entry_url

MetaTags = list[tuple[str, str]]

# Columns of the pages that are not a category listing, by the ``kind`` of their context.
COLUMN_OF_KIND: dict[str, str] = {
    "home": "首页",
    "guide": "政府信息公开指南",
    "catalogue": "政府信息公开目录",
    "regulations": "法规文件",
    "agency": "机构职能",
    "apply": "依申请公开",
    "budgets": "财政预决算",
    "budget": "财政预决算",
    "reports": "政府信息公开年报",
    "report": "政府信息公开年报",
}
CHINA_STANDARD_TIME = dt.timezone(dt.timedelta(hours=8))


def source_date_epoch_day(environ: Mapping[str, str]) -> dt.date | None:
    """The day (China Standard Time) of ``SOURCE_DATE_EPOCH``, if the build environment sets it."""
    value = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return None
    try:
        return dt.datetime.fromtimestamp(int(value), CHINA_STANDARD_TIME).date()
    except (ValueError, OverflowError, OSError):
        return None


def content_date(site: Site) -> dt.date:
    """The newest date the content itself carries: the last 公开日期 of an entry or a budget."""
    dates = [entry.published for entry in site.entries] + [budget.published for budget in site.budgets]
    return max(dates) if dates else dt.date(1970, 1, 1)


def page_date(context: Mapping[str, Any], fallback: dt.date) -> dt.date:
    """The date a page last changed, for ``sitemap.xml``: its entry's 公开日期, its listing's newest
    公开日期, or ``fallback`` (the newest date of the whole content) for every other page."""
    entry = context.get("entry")
    if isinstance(entry, CatalogueEntry):
        return entry.published
    rows = context.get("rows") or context.get("latest")
    dates = [row["published"] for row in rows or () if isinstance(row.get("published"), dt.date)]
    return max(dates) if dates else fallback


def site_domain(site_url: str) -> str:
    """The host name of the site (``SiteDomain``)."""
    return urlsplit(site_url).hostname or ""


def column_name(context: Mapping[str, Any], title: str) -> str:
    """The column (栏目) a page belongs to: an entry's category, a listing's category, a section."""
    entry = context.get("entry")
    if isinstance(entry, CatalogueEntry):
        return entry.category
    category = context.get("category")
    if isinstance(category, Mapping) and category.get("name"):
        return str(category["name"])
    if "year" in context and context.get("kind") == "listing":
        return COLUMN_OF_KIND["catalogue"]
    return COLUMN_OF_KIND.get(str(context.get("kind", "")), title)


def site_meta_tags(site_name: str, site_url: str, site_id: str) -> MetaTags:
    """``SiteName``, ``SiteDomain`` and ``SiteIDCode`` (网站标识码; left out while not configured)."""
    tags = [("SiteName", site_name), ("SiteDomain", site_domain(site_url))]
    if site_id:
        tags.append(("SiteIDCode", site_id))
    return [(name, value) for name, value in tags if value]


def page_meta_tags(context: Mapping[str, Any], title: str, date: dt.date, agency_name: str) -> MetaTags:
    """``ColumnName``, ``ArticleTitle``, ``PubDate`` and ``ContentSource`` of one page."""
    entry = context.get("entry")
    if isinstance(entry, CatalogueEntry):
        tags = [("ColumnName", entry.category), ("ArticleTitle", entry.title),
                ("PubDate", f"{entry.published.isoformat()} 00:00")]
        if entry.issuer:  # an unstated 发布机构 is not claimed for anyone
            tags.append(("ContentSource", entry.issuer))
        if entry.keywords:
            tags.append(("Keywords", ",".join(entry.keywords)))
        return tags
    return [("ColumnName", column_name(context, title)), ("ArticleTitle", title),
            ("PubDate", f"{date.isoformat()} 00:00"), ("ContentSource", agency_name)]


def is_legislation(entry: CatalogueEntry) -> bool:
    """Regulations (规章, 行政规范性文件, 法律法规) are ``Legislation`` in schema.org terms."""
    return entry.category in REGULATION_CATEGORIES


def legal_force(entry: CatalogueEntry, today: dt.date) -> str:
    """schema.org ``LegalForceStatus`` from 有效性: in force until abolished or 失效."""
    return "https://schema.org/InForce" if entry.in_force_on(today) else "https://schema.org/NotInForce"


def dublin_core(entry: CatalogueEntry, agency_name: str) -> MetaTags:
    """Dublin Core elements of an entry page (``<meta name="DC.title">`` …)."""
    tags = [
        ("DC.title", entry.title),
        ("DC.identifier", entry.index_no),
        ("DC.creator", entry.issuer),  # left out below when the 发布机构 is unstated
        ("DC.publisher", agency_name),
        ("DC.date.created", entry.created.isoformat()),
        ("DC.date.issued", entry.published.isoformat()),
        ("DC.type", entry.form or entry.category),
        ("DC.subject", "；".join((entry.category, *entry.keywords))),
        ("DC.description", entry.summary),
        ("DC.language", "zh-CN"),
    ]
    if entry.doc_no:
        tags.append(("DC.identifier.docNumber", entry.doc_no))
    end = entry.abolished or entry.valid_until
    if end:
        tags.append(("DCTERMS.valid", f"end={end.isoformat()}"))
    # Fields the source did not state (empty here) are left out, not printed empty.
    return [(name, value) for name, value in tags if value]


def entry_json_ld(entry: CatalogueEntry, site: Site, settings: Settings) -> dict[str, Any]:
    """schema.org description of an entry: ``Legislation`` or ``DigitalDocument``."""
    publisher = {"@type": "GovernmentOrganization", "name": site.agency.name}
    document: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Legislation" if is_legislation(entry) else "DigitalDocument",
        "name": entry.title,
        "identifier": entry.index_no,
        "dateCreated": entry.created.isoformat(),
        "datePublished": entry.published.isoformat(),
        "genre": entry.category,
        "inLanguage": "zh-CN",
        "publisher": publisher,
    }
    # Unstated fields are left out: no author is claimed for a document whose 发布机构 is unknown.
    if entry.summary:
        document["description"] = entry.summary
    if entry.issuer:
        document["author"] = {"@type": "GovernmentOrganization", "name": entry.issuer}
    if settings.site_url:
        document["url"] = settings.site_url + entry_url(entry)
    if entry.keywords:
        document["keywords"] = ",".join(entry.keywords)
    end = entry.abolished or entry.valid_until
    if end is not None:
        document["expires"] = end.isoformat()
    if is_legislation(entry):
        document["legislationIdentifier"] = entry.doc_no or entry.index_no
        document["legislationDate"] = entry.created.isoformat()
        document["legislationType"] = entry.form or entry.category
        if entry.issuer:
            document["legislationPassedBy"] = {"@type": "GovernmentOrganization", "name": entry.issuer}
        if entry.validity_stated or not entry.in_force_on(settings.today):
            document["legislationLegalForce"] = legal_force(entry, settings.today)
    elif entry.validity_stated:
        document["creativeWorkStatus"] = entry.validity
    return document


def json_for_script(value: Any) -> str:
    """JSON that is safe inside ``<script type="application/ld+json">``: no ``</script>``, no ``<!--``,
    no line separators that end a JavaScript string."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    for raw, escaped in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(raw, escaped)
    return text


def meta_html(tags: list[tuple[str, str]], json_ld: str = "") -> Markup:
    """``<meta>`` tags (escaped) and a JSON-LD script (already safe for a script element)."""
    html = "".join(f'  <meta name="{escape(name)}" content="{escape(value)}">\n'
                   for name, value in tags)
    if json_ld:
        html += f'  <script type="application/ld+json">{json_ld}</script>\n'
    return Markup(html)


def page_meta_html(context: Mapping[str, Any], title: str, date: dt.date, site: Site,
                   settings: Settings) -> Markup:
    """The 政府网站 meta tags of one page (``context``: its context from the plan; ``title`` as
    text), and Dublin Core and JSON-LD on an entry page.  Written here rather than by a
    template loop: this runs for each of 10,000 entry pages."""
    tags = page_meta_tags(context, title, date, site.agency.name)
    entry = context.get("entry") if context.get("kind") == "entry" else None
    json_ld = ""
    if isinstance(entry, CatalogueEntry):
        tags += dublin_core(entry, site.agency.name)
        json_ld = json_for_script(entry_json_ld(entry, site, settings))
    return meta_html(tags, json_ld)
