"""Machine-readable exports: the catalogue as JSON and CSV, and the Atom feed.

Every value is escaped by the serializer that writes it (json, csv, ElementTree), never by hand.
Dates are ISO 8601 in data files.  No build timestamp is written, so two builds of the same
content give identical bytes.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any
from xml.etree import ElementTree as ET

from .model import CatalogueEntry, Site
from .pages import FileSpec
from .settings import Settings
from .views import entry_url

CSV_COLUMNS: tuple[tuple[str, str], ...] = (
    ("index_no", "索引号"),
    ("title", "标题"),
    ("doc_no", "文号"),
    ("category", "主题分类"),
    ("issuer", "发布机构"),
    ("form", "体裁"),
    ("created", "成文日期"),
    ("published", "公开日期"),
    ("validity", "有效性"),
    ("abolished", "废止日期"),
    ("superseded_by", "替代文件"),
    ("interprets", "解读对象"),
    ("summary", "内容概述"),
    ("keywords", "关键词"),
    ("url", "网址"),
    # Added with the import (issue 13); after the original columns so that their order holds.
    ("also_in", "同时列入"),
    ("valid_until", "有效期至"),
    ("cleanup", "清理"),
    ("inferred", "推定"),
)
CSV_LABELS = dict(CSV_COLUMNS)
# How the CSV (read by people, in a spreadsheet) shows a field the source did not state; the JSON
# gives null for it and lists it in "unstated".
UNSTATED_CELL = "未注明"


def entry_record(entry: CatalogueEntry, site_url: str = "") -> dict[str, Any]:
    """The public metadata of one entry (never the 保密审查 reviewer).

    A field the source did not state (``unstated``) is ``None``; ``unstated`` names those fields and
    ``inferred`` says how derived values were derived.
    """
    record: dict[str, Any] = {
        "index_no": entry.index_no,
        "title": entry.title,
        "doc_no": entry.doc_no,
        "category": entry.category,
        "issuer": entry.issuer,
        "form": entry.form,
        "created": entry.created.isoformat(),
        "published": entry.published.isoformat(),
        "validity": entry.validity,
        "abolished": entry.abolished.isoformat() if entry.abolished else "",
        "superseded_by": entry.superseded_by,
        "interprets": entry.interprets,
        "summary": entry.summary,
        "keywords": list(entry.keywords),
        "attachments": [{"path": a.path, "title": a.title, "size": a.size} for a in entry.attachments],
        "url": site_url + entry_url(entry),
        "also_in": list(entry.also_in),
        "valid_until": entry.valid_until.isoformat() if entry.valid_until else "",
        "cleanup": ({"decision": entry.cleanup.decision, "date": entry.cleanup.date.isoformat()}
                    if entry.cleanup else None),
        "unstated": sorted(entry.unstated),
        "inferred": dict(entry.inferred),
    }
    for name in entry.unstated:
        record[name] = None
    return record


def catalogue_json(site: Site, settings: Settings) -> str:
    """``/data/catalogue.json``: agency, categories and every published entry."""
    document = {
        "agency": {"name": site.agency.name, "code": site.agency.code},
        "categories": [{"name": c.name, "item": c.article_item} for c in site.categories],
        "count": len(site.entries),
        "entries": [entry_record(e, settings.site_url) for e in site.entries],
    }
    # No indent: an indented dump runs in pure Python, a compact one in C (seconds at 10,000 entries).
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n"


def catalogue_csv(site: Site, settings: Settings) -> str:
    """``/data/catalogue.csv`` with Chinese headers; a BOM so that Excel reads it as UTF-8."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([label for _, label in CSV_COLUMNS])
    for entry in site.entries:
        record = entry_record(entry, settings.site_url)
        record["keywords"] = "；".join(record["keywords"])
        record["also_in"] = "；".join(record["also_in"])
        record["cleanup"] = (f"{entry.cleanup.decision}（{entry.cleanup.date.isoformat()}）"
                             if entry.cleanup else "")
        record["inferred"] = "；".join(f"{CSV_LABELS[name]}：{note}" for name, note in entry.inferred)
        writer.writerow([spreadsheet_text(UNSTATED_CELL if record[key] is None else str(record[key]))
                         for key, _ in CSV_COLUMNS])
    return "\ufeff" + buffer.getvalue()


# A text cell starting with one of these is run as a formula by Excel and LibreOffice (CSV
# injection: "=HYPERLINK(…)", "@SUM(…)", "-2+3"; tab and CR as well, per OWASP).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(value: str) -> str:
    """A text cell of a published CSV, prefixed with ``'`` if a spreadsheet would run it.

    Only text cells go through this: a number column keeps ``-12.5`` as the number it is.
    """
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


ATOM = "http://www.w3.org/2005/Atom"


def atom_feed(site: Site, settings: Settings) -> str:
    """``/feed.xml``: the latest entries as an Atom feed (RFC 4287)."""
    ET.register_namespace("", ATOM)
    base = settings.site_url or ""
    feed = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": "zh-CN"})
    entries = list(site.entries[: settings.feed_size])
    ET.SubElement(feed, f"{{{ATOM}}}title").text = f"{site.agency.name}政府信息公开"
    ET.SubElement(feed, f"{{{ATOM}}}id").text = base or f"urn:gongkai:{site.agency.code}"
    updated = entries[0].published.isoformat() if entries else "1970-01-01"
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = f"{updated}T00:00:00+08:00"
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "self", "href": base + "feed.xml"})
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "alternate", "href": base or "./"})
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = site.agency.name
    for entry in entries:
        item = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(item, f"{{{ATOM}}}title").text = entry.title
        ET.SubElement(item, f"{{{ATOM}}}id").text = f"urn:gongkai:{entry.index_no}"
        ET.SubElement(item, f"{{{ATOM}}}link", {"href": base + entry_url(entry)})
        stamp = f"{entry.published.isoformat()}T00:00:00+08:00"
        ET.SubElement(item, f"{{{ATOM}}}published").text = stamp
        ET.SubElement(item, f"{{{ATOM}}}updated").text = stamp
        for name in entry.categories:
            ET.SubElement(item, f"{{{ATOM}}}category", {"term": name})
        summary = entry.summary + (f"（{entry.doc_no}）" if entry.doc_no else "")
        ET.SubElement(item, f"{{{ATOM}}}summary").text = summary
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def export_files(site: Site, settings: Settings) -> list[FileSpec]:
    """Every data file of the catalogue."""
    return [
        FileSpec("data/catalogue.json", catalogue_json(site, settings)),
        FileSpec("data/catalogue.csv", catalogue_csv(site, settings)),
        FileSpec("feed.xml", atom_feed(site, settings)),
    ]
