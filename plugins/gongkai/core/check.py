"""What ``gongkai check`` adds to the build's plan, and the inspection options both use.

``gongkai check`` runs :func:`~gongkai.core.plan.plan_build` with ``check_only``: every problem
the build reports before it renders, in the build's words and order, without drawing a chart or
rendering a page — several times faster than a build.  It adds the link problems the sources
decide (:func:`source_link_problems`); the build checks every link of the built site instead.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .loading.agency import GUIDE_FILE
from .model import Site
from .problems import Problem, Severity
from .publish import CATALOGUE_DIR, is_content_data
from .samplesite import SiteSetting


@dataclass(frozen=True)
class InspectionOptions:
    """How the 政府网站 inspection rules run: freshness limits, severity, the 网站标识码 and the
    configuration values that must not be the sample agency's."""

    freshness: Mapping[str, int] = field(default_factory=dict)
    severity: Severity = "warning"
    site_id: str = ""
    # The build checks every link of the built site (plugins.gongkai.link_check).
    link_check: bool = True
    # The configuration values checked for the sample agency's (site_name, footer codes…).
    site_settings: tuple[SiteSetting, ...] = ()
    config_file: str = "mkdocs.yml"


# Links in Markdown: [text](target "title"), ![alt](target), [id]: target, and HTML href/src.
_MARKDOWN_LINK = re.compile(r"!?\[[^\]\n]*\]\(\s*<?([^)\s>]+)")
_REFERENCE_LINK = re.compile(r"^ {0,3}\[[^\]\n]+\]:\s*<?([^\s>]+)", re.M)
_HTML_LINK = re.compile(r"""\b(?:href|src)\s*=\s*["']([^"']+)["']""", re.I)
_CODE = re.compile(r"^(```|~~~).*?^\1[^\n]*$|`[^`\n]+`", re.M | re.S)
# Folders and files the build generates: a link into them cannot be judged from the sources.
_GENERATED_TOPS = frozenset({"data", "reports", "budgets", "assets", "search", "feed.xml",
                             "sitemap.xml", "charts"})


def _source_links(body: str) -> Iterator[str]:
    if "](" not in body and "]:" not in body and "=" not in body:
        return
    text = _CODE.sub("", body) if "`" in body or "~~~" in body else body
    for pattern in (_MARKDOWN_LINK, _REFERENCE_LINK, _HTML_LINK):
        for match in pattern.finditer(text):
            yield match.group(1)


def source_link_problems(root: Path, site: Site, severity: Severity = "error") -> list[Problem]:
    """Relative links to files in the Markdown of entries, the guide and other pages that no
    build can resolve: the target is no file the build publishes.

    The subset of the build's link check (run on the built site) that the sources decide: a
    link to a file (a name with a suffix) resolved against its page's source folder, outside
    the folders the build generates.  MkDocs warns of these links and the build's link check
    fails on them, so ``gongkai check`` reports them as the build would.
    """
    published_pages = {entry.source for entry in site.entries}
    copied = {a.path for e in site.entries for a in e.attachments}
    copied |= {a.path for b in site.budgets for a in b.attachments}
    sources = [(e.source, e.body, e.lines) for e in site.entries]
    if site.guide is not None:
        sources.append((site.guide.source, site.guide.body, site.guide.lines))
    sources += [(page.source, page.body, page.lines) for page in site.pages]
    published_pages |= {page.source for page in site.pages}
    published_pages.add(GUIDE_FILE)

    def published(rel: str) -> bool:
        if rel.endswith(".md"):
            return rel in published_pages
        top = rel.split("/")[0]
        if is_content_data(rel) or not (root / rel).is_file():
            return False
        return rel in copied if top in (CATALOGUE_DIR, "budgets") else True

    problems: list[Problem] = []
    for source, body, lines in sources:
        for link in _source_links(body):
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or link.startswith(("/", "#", "?")):
                continue
            link_path = unquote(parts.path)
            name = link_path.rsplit("/", 1)[-1]
            if "." not in name.strip("."):
                continue  # a folder or page URL: resolved in the built site only
            target = posixpath.normpath(posixpath.join(posixpath.dirname(source), link_path))
            if target.split("/")[0] in _GENERATED_TOPS or target.startswith("../"):
                continue
            if published(target):
                continue
            problems.append(Problem(source, lines.in_body(body, link), "href",
                                    f"'{link}' does not exist in the built site (content/{target} "
                                    "is not a published file)", "fix or remove the link", severity))
    return problems
