"""An agency's published output, as the platform reads it.

Only what the agency published is read: ``data/catalogue.json`` (its entries and columns),
``reports/<year>/report.json`` (its annual reports, previews skipped) and, for broken links,
``data/linkcheck.json`` when the agency's CI published one — else the published pages are checked
here.  Nothing else of the folder is opened: sources, registers or any YAML lying next to or inside
the output never reach the platform.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from typing import Any

from ..linkcheck import check_site, infer_site_url
from ..model import VALIDITIES, Attachment, CatalogueEntry
from ..problems import Problem
from .config import AgencyConfig

CATALOGUE = "data/catalogue.json"
LINKCHECK = "data/linkcheck.json"  # written by `python -m gongkai.core.linkcheck site --json …`
REPORT = re.compile(r"reports/(\d{4})/report\.json")


@dataclass(frozen=True)
class BrokenLink:
    """A link of a published page that does not resolve."""

    page: str
    link: str
    reason: str


@dataclass
class Published:
    """What one agency published."""

    agency: AgencyConfig
    categories: tuple[str, ...] = ()
    entries: tuple[CatalogueEntry, ...] = ()  # newest first, as in its catalogue.json
    reports: dict[int, dict[str, Any]] = field(default_factory=dict)  # year → report.json
    broken: list[BrokenLink] = field(default_factory=list)
    links: str = ""  # how broken links were found: "published", "checked" or "" (no pages)
    has_pages: bool = False  # the output is a whole site (copied onto the platform)
    problems: list[Problem] = field(default_factory=list)


def read_published(agency: AgencyConfig, check_links: bool = True) -> Published:
    """Read ``agency``'s published output folder (see the module docstring)."""
    result = Published(agency)
    folder = agency.site
    shown = f"{agency.path}: {folder}"
    catalogue = folder / CATALOGUE
    try:
        data = json.loads(catalogue.read_text(encoding="utf-8"))
        result.categories = tuple(str(c["name"]) for c in data["categories"])
        result.entries = tuple(_entry(record, agency) for record in data["entries"])
    except OSError:
        result.problems.append(Problem(shown, 0, CATALOGUE, "is missing: nothing of this agency is "
                                       "published on the platform", "build the agency's site "
                                       "(mkdocs build) or fetch its published output to this folder"))
        return result
    except (ValueError, KeyError, TypeError) as error:
        result.problems.append(Problem(shown, 0, CATALOGUE, f"is not a gongkai catalogue ({error})",
                                       "publish the data/catalogue.json the gongkai build writes"))
        return result
    if data.get("agency", {}).get("code") not in (None, agency.code):
        result.problems.append(Problem(
            shown, 0, "code", f"the output is of {data['agency'].get('name')} "
            f"({data['agency'].get('code')}), not {agency.name} ({agency.code})",
            "point 'site' at this agency's output, or correct its code in platform.yml", "warning"))
    for path in sorted(folder.glob("reports/*/report.json")):
        match = REPORT.fullmatch(path.relative_to(folder).as_posix())
        if not match:
            continue
        try:
            report = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            result.problems.append(Problem(shown, 0, path.relative_to(folder).as_posix(),
                                           f"cannot be read ({error})", "publish the report again"))
            continue
        if isinstance(report, dict) and not report.get("preview"):
            result.reports[int(match.group(1))] = report
    result.has_pages = (folder / "index.html").is_file()
    published_check = folder / LINKCHECK
    if published_check.is_file():
        try:
            links = json.loads(published_check.read_text(encoding="utf-8"))
            result.broken = [BrokenLink(b["page"], b["link"], b["reason"]) for b in links["broken"]]
            result.links = "published"
        except (OSError, ValueError, KeyError, TypeError) as error:
            result.problems.append(Problem(shown, 0, LINKCHECK, f"cannot be read ({error})",
                                           "publish the file `python -m gongkai.core.linkcheck "
                                           "site --json site/data/linkcheck.json` writes", "warning"))
    elif result.has_pages and check_links:
        report = check_site(folder, infer_site_url(folder))
        result.broken = [BrokenLink(b.page, b.link, b.reason) for b in report.broken]
        result.links = "checked"
    return result


def _date(value: object) -> dt.date:
    return dt.date.fromisoformat(str(value))


def _entry(record: dict[str, Any], agency: AgencyConfig) -> CatalogueEntry:
    """One published catalogue record as the model's entry (no full text: it was not published
    as data)."""
    unstated = frozenset(record.get("unstated") or ())
    url = str(record.get("url") or "")
    slug = url.rstrip("/").rsplit("/", 1)[-1] if "doc/" in url else str(record["index_no"]).lower()
    validity = record.get("validity") or "有效"
    return CatalogueEntry(
        source=f"{agency.path}/{CATALOGUE}", title=str(record["title"]), index_no=str(record["index_no"]),
        slug=slug, category=str(record["category"]), created=_date(record["created"]),
        published=_date(record["published"]), summary=str(record.get("summary") or ""),
        issuer=str(record.get("issuer") or ""), body="", doc_no=str(record.get("doc_no") or ""),
        form=str(record.get("form") or ""),
        validity=validity if validity in VALIDITIES else "有效",
        keywords=tuple(str(k) for k in record.get("keywords") or ()),
        attachments=tuple(Attachment(str(a.get("path", "")), str(a.get("title", "")),
                                     int(a.get("size") or 0))
                          for a in record.get("attachments") or ()),
        also_in=tuple(str(c) for c in record.get("also_in") or ()),
        unstated=unstated)
