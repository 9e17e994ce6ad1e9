"""Derive what the site shows from the finished model: indexes, cross-links, listings, pages.

Second and third stages of the pipeline (derive → page specs).  Pure functions of a validated
:class:`~gongkai.core.model.Site`; the engine adapter renders the specs with templates.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from .model import NOT_IN_FORCE, CatalogueEntry, Category, Site
from .pages import PageSpec
from .regulations import valid_until
from .settings import (
    INTERPRETATION_CATEGORY,
    REGULATION_CATEGORIES,
    RULES_CATEGORY,
    Settings,
)

# Time limits of the 条例, shown on /apply/ and used by the report's findings.
ANSWER_LIMIT_WORKING_DAYS = 20
EXTENSION_WORKING_DAYS = 20
CORRECTION_REQUEST_WORKING_DAYS = 7
PUBLICATION_LIMIT_WORKING_DAYS = 20


def entry_url(entry: CatalogueEntry) -> str:
    """The permanent URL path of an entry page, derived from its 索引号 only."""
    return f"doc/{entry.slug}/"


def category_url(category: Category, page: int = 1) -> str:
    """URL path of a category listing page (page 1 has no page suffix)."""
    return f"catalogue/{category.slug}/" + (f"page/{page}/" if page > 1 else "")


def year_url(year: int, page: int = 1) -> str:
    """URL path of a year listing page."""
    return f"catalogue/{year}/" + (f"page/{page}/" if page > 1 else "")


@dataclass(frozen=True)
class EntryLinks:
    """Cross-links of one entry, resolved once for every page that needs them."""

    interprets: CatalogueEntry | None = None
    interpretations: tuple[CatalogueEntry, ...] = ()
    superseded_by: CatalogueEntry | None = None
    supersedes: tuple[CatalogueEntry, ...] = ()


@dataclass
class SiteIndex:
    """Indexes over the published entries."""

    by_index_no: dict[str, CatalogueEntry]
    by_category: dict[str, list[CatalogueEntry]]  # an entry's category and each also_in
    by_year: dict[int, list[CatalogueEntry]]
    links: dict[str, EntryLinks] = field(default_factory=dict)

    def links_of(self, entry: CatalogueEntry) -> EntryLinks:
        return self.links.get(entry.index_no, EntryLinks())


def build_index(site: Site) -> SiteIndex:
    """Group entries (newest first, as in the site model) and resolve links both ways."""
    by_index_no = {entry.index_no: entry for entry in site.entries}
    by_category: dict[str, list[CatalogueEntry]] = defaultdict(list)
    by_year: dict[int, list[CatalogueEntry]] = defaultdict(list)
    interpretations: dict[str, list[CatalogueEntry]] = defaultdict(list)
    supersedes: dict[str, list[CatalogueEntry]] = defaultdict(list)
    for entry in site.entries:
        # One page, listed under its category and every ``also_in`` column.
        for name in entry.categories:
            by_category[name].append(entry)
        by_year[entry.published.year].append(entry)
        if entry.interprets:
            interpretations[entry.interprets].append(entry)
        if entry.superseded_by:
            supersedes[entry.superseded_by].append(entry)
    links = {
        entry.index_no: EntryLinks(
            interprets=by_index_no.get(entry.interprets) if entry.interprets else None,
            interpretations=tuple(interpretations.get(entry.index_no, ())),
            superseded_by=by_index_no.get(entry.superseded_by) if entry.superseded_by else None,
            supersedes=tuple(supersedes.get(entry.index_no, ())),
        )
        for entry in site.entries
    }
    return SiteIndex(by_index_no, dict(by_category), dict(sorted(by_year.items(), reverse=True)),
                     links)


def listing_row(entry: CatalogueEntry) -> dict[str, Any]:
    """One row of a catalogue table: 索引号 · 标题 · 文号 · 成文日期 · 公开日期 · 有效性."""
    return {
        "index_no": entry.index_no,
        "title": entry.title,
        "url": entry_url(entry),
        "doc_no": entry.doc_no,
        "created": entry.created,
        "published": entry.published,
        "validity": validity_label(entry),
        "category": entry.category,
    }


def validity_label(entry: CatalogueEntry) -> str:
    """有效性 as the site prints it: 未注明 when the source did not state it."""
    return entry.validity if entry.validity_stated else "未注明"


def has_expired(entry: CatalogueEntry, today: dt.date) -> bool:
    """Whether the 有效期至 the document states has passed (it is no longer in force)."""
    return entry.valid_until is not None and entry.valid_until < today


def _paginate(entries: list[CatalogueEntry], size: int) -> list[list[CatalogueEntry]]:
    if not entries:
        return [[]]
    return [entries[i:i + size] for i in range(0, len(entries), size)]


def _listing_pages(title: str, base_title: str, entries: list[CatalogueEntry], size: int,
                   url_of: Any, extra: dict[str, Any]) -> list[PageSpec]:
    chunks = _paginate(entries, size)
    pages: list[PageSpec] = []
    for number, chunk in enumerate(chunks, start=1):
        pagination = {
            "page": number,
            "pages": len(chunks),
            "total": len(entries),
            "urls": [url_of(n) for n in range(1, len(chunks) + 1)],
            "previous": url_of(number - 1) if number > 1 else "",
            "next": url_of(number + 1) if number < len(chunks) else "",
        }
        page_title = title if number == 1 else f"{title}（第{number}页）"
        pages.append(PageSpec(
            url_path=url_of(number),
            title=page_title,
            template="gongkai/listing.html",
            context={"kind": "listing", "heading": base_title, "rows": [listing_row(e) for e in chunk],
                     "pagination": pagination, **extra},
        ))
    return pages


def regulations_view(site: Site, index: SiteIndex, settings: Settings) -> dict[str, Any]:
    """法规文件: documents in force and those no longer in force, with interpretations."""
    current: list[dict[str, Any]] = []
    former: list[dict[str, Any]] = []
    due: list[dict[str, Any]] = []
    seen: set[str] = set()
    for name in REGULATION_CATEGORIES:
        for entry in index.by_category.get(name, []):
            # Listed once, under the first regulation column it belongs to.
            if entry.index_no in seen:
                continue
            seen.add(entry.index_no)
            links = index.links_of(entry)
            expired = has_expired(entry, settings.today) and entry.validity not in NOT_IN_FORCE
            row = {
                **listing_row(entry),
                "category": name,
                "status": "有效期届满" if expired and entry.validity != "已修改" else validity_label(entry),
                "validity_unstated": not entry.validity_stated,
                "cleanup": entry.cleanup,
                "abolished": entry.abolished,
                "superseded_by": listing_row(links.superseded_by) if links.superseded_by else None,
                "interpretations": [listing_row(e) for e in links.interpretations],
                "valid_until": valid_until(entry, settings.regulation_validity_years),
                # 已修改 has no date of its own: the amending entry's 成文日期 is when it changed.
                "ended": entry.abolished or (links.superseded_by.created
                                             if entry.validity == "已修改" and links.superseded_by
                                             else entry.valid_until if expired else None),
            }
            in_force = entry.in_force_on(settings.today) and entry.validity != "已修改"
            (current if in_force else former).append(row)
            end = row["valid_until"]
            if (end is not None and entry.validity == "有效" and entry.validity_stated
                    and entry.valid_until is None and entry.in_force_on(settings.today)
                    and end <= settings.today):
                due.append(row)
    return {"kind": "regulations", "current": current, "former": former, "review_due": due,
            "validity_years": settings.regulation_validity_years,
            "valid_until_column": bool(settings.regulation_validity_years
                                       or any(row["valid_until"] for row in current)),
            "laws": [{"title": law.title, "url": law.url, "issuer": law.issuer,
                      "effective": law.effective} for law in site.laws]}


REGULATION_LISTS = (("current", "现行有效的规章和行政规范性文件", "in-force"),
                    ("former", "已废止、失效和已修改的规章和行政规范性文件", "former"))


def regulation_pages(site: Site, index: SiteIndex, settings: Settings) -> list[PageSpec]:
    """法规文件, and each of its lists on paginated listing pages when longer than one page.

    The 法规文件 page shows at most ``page_size`` documents per list and links the full list, so
    that no page grows with the number of regulations (10,000 entries hold about 1,000).
    """
    view = regulations_view(site, index, settings)
    pages: list[PageSpec] = []
    for key, title, slug in REGULATION_LISTS:
        rows = view[key]
        view[f"{key}_total"] = len(rows)
        view[f"{key}_more"] = ""
        if len(rows) > settings.page_size:
            entries = [index.by_index_no[row["index_no"]] for row in rows]
            pages.extend(_listing_pages(
                title, title, entries, settings.page_size,
                lambda n, s=slug: f"regulations/{s}/" + (f"page/{n}/" if n > 1 else ""), {}))
            view[key] = rows[: settings.page_size]
            view[f"{key}_more"] = f"regulations/{slug}/"
    return [PageSpec("regulations/", "法规文件", "gongkai/regulations.html", view, in_nav=True),
            *pages]



def section_pages(site: Site, index: SiteIndex, settings: Settings) -> list[PageSpec]:
    """Every generated section page: catalogue, categories, years, regulations, agency, apply.

    The 财政预决算 pages come from :func:`gongkai.core.budgets.budget_outputs`.
    """
    pages: list[PageSpec] = []
    categories = [
        {"name": c.name, "slug": c.slug, "url": category_url(c), "item": c.article_item,
         "description": c.description, "count": len(index.by_category.get(c.name, []))}
        for c in settings.categories
    ]
    years = [{"year": year, "url": year_url(year), "count": len(entries)}
             for year, entries in index.by_year.items()]
    pages.append(PageSpec(
        "catalogue/", "政府信息公开目录", "gongkai/catalogue.html",
        {"kind": "catalogue", "categories": categories, "years": years, "total": len(site.entries),
         "latest": [listing_row(e) for e in site.entries[: settings.latest_size]]},
        in_nav=True,
    ))
    for category in settings.categories:
        entries = index.by_category.get(category.name, [])
        pages.extend(_listing_pages(
            category.name, category.name, entries, settings.page_size,
            lambda n, c=category: category_url(c, n),
            {"category": {"name": category.name, "item": category.article_item,
                          "description": category.description},
             "empty_reason": "本栏目暂无公开信息。本机关在本栏目范围内尚未制作或获取需要主动公开的政府信息，"
                             "产生后将在20个工作日内公开。"},
        ))
    for year, entries in index.by_year.items():
        pages.extend(_listing_pages(
            f"{year}年公开的政府信息", f"{year}年公开的政府信息", entries, settings.page_size,
            lambda n, y=year: year_url(y, n), {"year": year},
        ))
    pages.extend(regulation_pages(site, index, settings))
    pages.append(PageSpec("agency/", "机构职能", "gongkai/agency.html",
                          {"kind": "agency", "agency": site.agency}, in_nav=True))
    pages.append(PageSpec(
        "apply/", "依申请公开", "gongkai/apply.html",
        {"kind": "apply", "agency": site.agency,
         "limits": {"answer": ANSWER_LIMIT_WORKING_DAYS, "extension": EXTENSION_WORKING_DAYS,
                    "correction": CORRECTION_REQUEST_WORKING_DAYS},
         "applicant_types": ["公民", "法人或者其他组织"]},
        in_nav=True,
    ))
    return pages


def entry_context(entry: CatalogueEntry, index: SiteIndex, settings: Settings) -> dict[str, Any]:
    """What an entry page shows besides its full text."""
    links = index.links_of(entry)
    category = settings.category(entry.category)
    also_in = [settings.category(name) for name in entry.also_in]
    expired = has_expired(entry, settings.today)
    return {
        "kind": "entry",
        "entry": entry,
        "url": entry_url(entry),
        "category": {"name": entry.category, "url": category_url(category) if category else ""},
        "interprets": listing_row(links.interprets) if links.interprets else None,
        "interpretations": [listing_row(e) for e in links.interpretations],
        "superseded_by": listing_row(links.superseded_by) if links.superseded_by else None,
        "supersedes": [listing_row(e) for e in links.supersedes],
        "attachments": [{"url": a.url, "title": a.title, "size": size_label(a.size),
                         "ext": a.path.rsplit(".", 1)[-1].upper() if "." in a.path else ""}
                        for a in entry.attachments],
        "in_force": entry.validity not in NOT_IN_FORCE and not expired,
        "expired": expired,
        "also_in": [{"name": c.name, "url": category_url(c)} for c in also_in if c is not None],
        "inferred": dict(entry.inferred),
    }


def size_label(size: int) -> str:
    """A file size as people read it: 13 字节, 12.5 KB, 3.2 MB."""
    if size < 1024:
        return f"{size} 字节"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


def home_context(site: Site, index: SiteIndex, settings: Settings) -> dict[str, Any]:
    """The home page: section tiles and the latest entries."""
    tiles = [
        {"title": "政府信息公开指南", "url": "guide/", "icon": "guide", "text": "公开的方式、程序和获取途径"},
        {"title": "政府信息公开目录", "url": "catalogue/", "icon": "catalogue",
         "text": f"共{len(site.entries)}条主动公开信息"},
        {"title": "机构职能", "url": "agency/", "icon": "agency", "text": "职责、领导、内设机构"},
        {"title": "法规文件", "url": "regulations/", "icon": "regulations", "text": "规章和行政规范性文件"},
        {"title": "财政预决算", "url": "budgets/", "icon": "budgets", "text": "预算、决算和三公经费"},
        {"title": "年度报告", "url": "reports/", "icon": "reports", "text": "政府信息公开工作年度报告"},
        {"title": "依申请公开", "url": "apply/", "icon": "apply", "text": "申请须知和申请表"},
    ]
    rules = index.by_category.get(RULES_CATEGORY, [])
    return {
        "kind": "home",
        "tiles": tiles,
        "latest": [listing_row(e) for e in site.entries[: settings.latest_size]],
        "rules_count": len(rules),
        "interpretations_count": len(index.by_category.get(INTERPRETATION_CATEGORY, [])),
    }
