"""The lobby kiosk (条例第二十五条 电子信息屏): tap-only search index, QR codes, links that stay home.

Pure functions of the finished model and of rendered HTML; the engine adapter decides when to call
them.  The kiosk is the same site with a different skin, so nothing here changes what the public
site publishes: it only adds ``kiosk/search.json`` and ``kiosk/qr/*.svg`` to the kiosk build.
"""

from __future__ import annotations

import hashlib
import html
import io
import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import urljoin, urlsplit

from .model import CatalogueEntry, Site
from .pages import FileSpec, compact_json
from .settings import Settings
from .views import SiteIndex, category_url, entry_url, home_context, listing_row

SEARCH_INDEX_PATH = "kiosk/search.json"
QR_DIR = "kiosk/qr/"
# Entries shown large by the attract screen of an idle kiosk.
ATTRACT_SIZE = 6
# `GONGKAI_KIOSK=1 mkdocs build -d site-kiosk` builds the kiosk of any site without a kiosk.yml.
KIOSK_VARIABLE = "GONGKAI_KIOSK"
_SWITCH_ON = ("1", "true", "yes", "on")
_SWITCH_OFF = ("", "0", "false", "no", "off")
# The kiosk home screen's heading: the first entry of its table of contents, so the skip link
# and anything else built from the page's outline points at something the screen shows.
HOME_HEADING_ID = "gk-kiosk-home"

_HAN_RUN = re.compile("([\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]+)")
_LETTERS = re.compile(r"[a-z]+")
_DIGITS = re.compile(r"[0-9]+")
_ANCHOR = re.compile(r"<a(\s[^>]*)?>", re.IGNORECASE)
_HREF = re.compile(r"""\shref\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
# Pages are HTML; anything else a link points to (PDF, DOCX, feed, CSV) is a file to take away.
_PAGE_SUFFIXES = ("", ".html", ".htm")

LinkKind = Literal["page", "external", "file"]


@dataclass(frozen=True)
class PinyinKeys:
    """What a visitor may type for a text: its full toneless pinyin and its initials."""

    full: str
    initials: str


def pinyin_keys(text: str) -> PinyinKeys:
    """Full pinyin and initials of ``text``, letters only, lower case.

    Each run of Han characters is converted as a whole so pypinyin's phrase dictionary settles
    多音字 by context (重庆 → chongqing, 银行行长 → yinhanghangzhang, 长春 → changchun).
    Latin letters count as they are (``ABC`` → ``abc`` in both keys); digits and punctuation are
    left out, since digits have their own key (:func:`digit_runs`).
    """
    # Imported here, not at the top: loading pypinyin's phrase dictionary costs 0.4 s, and only
    # kiosk builds need it.
    from pypinyin import lazy_pinyin

    full: list[str] = []
    initials: list[str] = []
    normal = unicodedata.normalize("NFKC", text).lower()
    for position, run in enumerate(_HAN_RUN.split(normal)):
        if position % 2:  # a Han run
            syllables = [s for s in lazy_pinyin(run) if s]
            full.extend(syllables)
            initials.extend(s[0] for s in syllables)
        else:
            words = _LETTERS.findall(run)
            full.extend(words)
            initials.extend(words)
    return PinyinKeys("".join(full), "".join(initials))


def kiosk_switch(value: str | None) -> bool:
    """Whether the environment variable GONGKAI_KIOSK (``value``; ``None`` when unset) switches
    the kiosk on.  An off value leaves it to the configuration; anything else is a mistake.

    Raises ValueError with the message for the webmaster.
    """
    word = (value or "").strip().lower()
    if word in _SWITCH_ON:
        return True
    if word in _SWITCH_OFF:
        return False
    raise ValueError(f"{KIOSK_VARIABLE}: '{value}' is neither on nor off — write "
                     f"{KIOSK_VARIABLE}=1 to build the lobby kiosk, or unset it")


def digit_runs(*texts: str) -> list[str]:
    """The runs of digits in ``texts`` (full-width digits count), each once, in order."""
    runs: list[str] = []
    for text in texts:
        for run in _DIGITS.findall(unicodedata.normalize("NFKC", text)):
            if run not in runs:
                runs.append(run)
    return runs


def search_record(entry: CatalogueEntry) -> dict[str, Any]:
    """What the on-screen keyboard search knows of one entry (public metadata only)."""
    keys = pinyin_keys(entry.title)
    serial = entry.index_no.rsplit("/", 1)[-1]
    return {
        "title": entry.title,
        "url": entry_url(entry),
        "category": entry.category,
        "doc_no": entry.doc_no,
        "published": entry.published.isoformat(),
        "pinyin": keys.full,
        "initials": keys.initials,
        # Leading and trailing spaces let the browser match a digit query at a run's start.
        "digits": " " + " ".join(digit_runs(entry.doc_no, str(entry.published.year),
                                            str(entry.created.year), serial, entry.title)) + " ",
    }


def search_index(site: Site, index: SiteIndex, settings: Settings) -> dict[str, Any]:
    """The kiosk's search index: categories and entries with their pinyin and digit keys."""
    categories = []
    for category in settings.categories:
        count = len(index.by_category.get(category.name, []))
        if count:
            keys = pinyin_keys(category.name)
            categories.append({"name": category.name, "url": category_url(category), "count": count,
                               "pinyin": keys.full, "initials": keys.initials})
    return {"categories": categories, "entries": [search_record(e) for e in site.entries]}


def search_index_file(site: Site, index: SiteIndex, settings: Settings) -> FileSpec:
    """``kiosk/search.json``; json escapes every value, so titles cannot break out of it."""
    data = search_index(site, index, settings)
    return FileSpec(SEARCH_INDEX_PATH, compact_json(data))


def home_view(site: Site, index: SiteIndex, settings: Settings) -> dict[str, Any]:
    """The kiosk home screen: its heading, section tiles, category tiles and the latest
    entries, large.  It replaces the home page's Markdown, which the kiosk does not show."""
    context = home_context(site, index, settings)
    context["heading"] = {"id": HOME_HEADING_ID, "title": f"{site.agency.name}政府信息公开查阅"}
    context["categories"] = [
        {"name": c.name, "url": category_url(c), "count": len(index.by_category[c.name])}
        for c in settings.categories if index.by_category.get(c.name)
    ]
    context["attract"] = [listing_row(e) for e in site.entries[:ATTRACT_SIZE]]
    return context


def qr_path(url: str) -> str:
    """Site path of the QR code SVG for ``url`` (stable: the same URL gives the same file)."""
    return f"{QR_DIR}{hashlib.sha1(url.encode('utf-8')).hexdigest()[:16]}.svg"


def qr_svg(url: str) -> str:
    """A QR code of ``url`` as a standalone SVG document (segno, error correction level M)."""
    import segno  # here, not at the top: only kiosk builds need it

    buffer = io.BytesIO()
    segno.make(url, error="m", micro=False).save(
        buffer, kind="svg", scale=10, border=4, dark="#000", light="#fff", xmldecl=False)
    return buffer.getvalue().decode("utf-8")


def public_url(site_url: str, path: str) -> str:
    """The address of a site path on the public website (what a visitor's phone opens)."""
    return urljoin(site_url or "/", path)


def classify_link(href: str, page_url: str, site_url: str) -> tuple[LinkKind, str]:
    """Where a link on the kiosk page ``page_url`` leads, and the public URL to offer as QR code.

    ``page`` links stay on the kiosk; ``external`` ones (other hosts, ``mailto:``, ``tel:``) and
    ``file`` ones (attachments, feeds, data files) are shown as a QR code instead of being opened.
    """
    parts = urlsplit(href)
    if parts.scheme or href.startswith("//"):
        if parts.scheme.lower() in ("javascript",):
            return "page", ""
        return "external", href
    if not parts.path:  # "#section" or "?query" of the same page
        return "page", ""
    target = urljoin(public_url(site_url, page_url), href)
    last = urlsplit(target).path.rsplit("/", 1)[-1]
    suffix = last[last.rfind("."):].lower() if "." in last else ""
    if suffix in _PAGE_SUFFIXES:
        return "page", ""
    return "file", target


def mark_leaving_links(page_html: str, page_url: str, site_url: str) -> tuple[str, dict[str, str]]:
    """Tag every link of a kiosk page that would leave the site with its QR code.

    Returns the HTML, with ``data-gk-leave`` (external/file), ``data-gk-public`` and ``data-gk-qr``
    (site path of the SVG) on those links, and the QR files it needs as ``{path: url}``.
    """
    needed: dict[str, str] = {}

    def mark(match: re.Match[str]) -> str:
        tag = match.group(0)
        found = _HREF.search(tag)
        if found is None or "data-gk-leave" in tag:
            return tag
        href = html.unescape(found.group(1) if found.group(1) is not None else found.group(2))
        kind, target = classify_link(href.strip(), page_url, site_url)
        if kind == "page":
            return tag
        path = qr_path(target)
        needed[path] = target
        attributes = (f' data-gk-leave="{kind}" data-gk-public="{html.escape(target, quote=True)}"'
                      f' data-gk-qr="{path}"')
        return tag[:-1] + attributes + ">"

    return _ANCHOR.sub(mark, page_html), needed


def qr_files(urls: dict[str, str]) -> list[FileSpec]:
    """The QR code SVG files for ``{path: url}``, sorted by path for reproducible builds."""
    return [FileSpec(path, qr_svg(url)) for path, url in sorted(urls.items())]
