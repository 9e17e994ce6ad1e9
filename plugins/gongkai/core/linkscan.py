"""What a file of a built site links to, and the ids a page has: one pass over its bytes.

Pages are scanned as bytes, in a lower-case copy, for ``href``, ``src``, ``srcset``, ``style``,
``id`` and ``name`` attributes together; script text and comments are skipped as regions, style
blocks read as CSS.  CSS files give their ``url(…)``, data files (feeds, sitemaps, exports) their
absolute URLs of the site itself.  See :mod:`gongkai.core.linkcheck` for what is checked.
"""

from __future__ import annotations

import functools
import html
import re

# Pages are scanned as bytes, in a lower-case copy (names in any case; the values are taken from
# the page itself and decoded one by one).  One pattern per name: a pattern that starts with a
# literal is searched for quickly, one that starts with alternatives (or re.IGNORECASE, or a
# lookbehind) makes sre try nearly every position.  That the name does not continue a longer
# one (data-src) is checked in Python.
_ATTRIBUTES = [(name, re.compile(name.encode() + rb"""\s*=\s*(?:"([^"]*)"|'([^']*)')"""))
               for name in ("srcset", "src", "href", "style", "id", "name")]

# Script text and comments may contain strings that look like attributes; they are not links
# (the opening tag stays, so that <script src> is checked).  Style blocks are CSS.  Each body
# runs to the first end tag (or -->), matched as runs of other bytes: faster than a lazy .*?.
_RAW_TEXT = re.compile(rb"<(?:(script\b[^>]*>)[^<]*(?:<(?!/script>)[^<]*)*</script>"
                       rb"|(style\b[^>]*>)([^<]*(?:<(?!/style>)[^<]*)*)</style>"
                       rb"|!--[^-]*(?:-(?!->)[^-]*)*-->)")

# ASCII bytes that continue an attribute name (\w and -); bytes above 127 are decoded to tell.
_NAME_BYTES = frozenset(b"-_0123456789abcdefghijklmnopqrstuvwxyz")
_CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^"'()\s]*))\s*\)""", re.IGNORECASE)
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
_SRCSET_URL = re.compile(r"[\s,]*(\S*)")


def scan_html(page: bytes) -> tuple[list[tuple[str, str]], tuple[bytes, ...]]:
    """The links of an HTML page as ``(attribute, link)`` in document order, and its ids as
    written (decoded only for a page that a #fragment points into: see :func:`page_anchors`)."""
    lower = page.lower()  # ASCII only: every byte stays where it is
    links: list[tuple[str, str]] = []
    ids: list[bytes] = []
    start = 0
    for raw in _RAW_TEXT.finditer(lower):
        # Attributes up to the end of an opening <script> or <style> tag, or up to a comment.
        stop = raw.end(1) if raw.start(1) >= 0 else raw.end(2) if raw.start(2) >= 0 else raw.start()
        _scan_attributes(page, lower, start, stop, links, ids)
        if raw.start(3) >= 0:
            css = page[raw.start(3):raw.end(3)]
            links += [("url", link) for link in css_urls(_decode(css))]
        start = raw.end()
    _scan_attributes(page, lower, start, len(page), links, ids)
    return links, tuple(ids)


def _scan_attributes(page: bytes, lower: bytes, start: int, stop: int,
                     links: list[tuple[str, str]], ids: list[bytes]) -> None:
    # Runs for every attribute of every page: kept inline.
    found: list[tuple[int, str, int, int]] = []  # (where, name, where the value starts, ends)
    for name, pattern in _ATTRIBUTES:
        position = start
        while True:
            for match in pattern.finditer(lower, position, stop):
                at = match.start()
                before = lower[at - 1] if at else 32
                if before in _NAME_BYTES or (before > 127 and _continues_name(page, at)):
                    # data-src= is not src=; an attribute may still begin inside what was matched.
                    position = at + 1
                    break
                value_start, value_end = match.span(1)
                if value_start < 0:
                    value_start, value_end = match.span(2)
                found.append((at, name, value_start, value_end))
            else:
                break
    found.sort()
    for _at, name, value_start, value_end in found:
        raw = page[value_start:value_end]
        if name == "id" or name == "name":
            ids.append(raw)
            continue
        value = raw.decode("utf-8", errors="replace")
        if "&" in value:
            value = html.unescape(value)
        if name == "srcset":
            links += [("srcset", link) for link in srcset_urls(value)]
        elif name == "style":
            links += [("style", link) for link in css_urls(value)]
        else:
            links.append((name, value))


def _continues_name(page: bytes, at: int) -> bool:
    """Whether the character before ``page[at]`` is a word character or ``-``."""
    byte = page[at - 1]
    if byte < 128:
        return byte in _NAME_BYTES
    first = at - 1
    while first > max(at - 4, 0) and 0x80 <= page[first] < 0xC0:
        first -= 1  # back to the first byte of the UTF-8 sequence
    return page[first:at].decode("utf-8", errors="replace")[-1:].isalnum()


def _decode(value: bytes) -> str:
    text = value.decode("utf-8", errors="replace")
    return html.unescape(text) if "&" in text else text


@functools.lru_cache(maxsize=4)  # a page's own #links: decoded once, however many
def page_anchors(ids: tuple[bytes, ...]) -> frozenset[str]:
    """The anchors of a page: its ids and names as written, decoded and unescaped."""
    return frozenset(_decode(value) for value in ids)


def srcset_urls(srcset: str) -> list[str]:
    """The URLs of a ``srcset``: comma-separated candidates, each a URL and optional descriptors
    (``a.png 1x, b.png 2x``), split as the HTML standard splits them (a URL may hold commas)."""
    urls: list[str] = []
    position = 0
    while True:
        match = _SRCSET_URL.match(srcset, position)
        assert match is not None  # the pattern matches the empty string
        url = match.group(1)
        if not url:
            return urls
        position = match.end()
        if url.endswith(","):
            url = url.rstrip(",")  # no descriptors
        else:
            comma = srcset.find(",", position)  # the descriptors end at the next comma
            position = len(srcset) if comma < 0 else comma + 1
        urls.append(url)


def css_urls(css: str) -> list[str]:
    """The URLs of ``url(…)`` in CSS, quoted or not, outside comments."""
    if "url(" not in css.lower():
        return []
    if "/*" in css:
        css = _CSS_COMMENT.sub("", css)
    return [next(group for group in match.groups() if group is not None).strip()
            for match in _CSS_URL.finditer(css)]


def data_links(path: str, site_url: str) -> list[tuple[str, str]]:
    with open(path, "rb") as file:
        data = file.read()
    if site_url.rstrip("/").encode() not in data:
        return []  # most files (search shards): no need to decode them
    text = data.decode("utf-8", errors="replace")
    pattern = re.compile(re.escape(site_url.rstrip("/")) + r"""[^\s"'<>,)]*""")
    return [("url", html.unescape(m.group(0))) for m in pattern.finditer(text)]
