"""What the agency's Markdown may put into a page: the HTML Markdown itself writes, nothing that runs
or loads from another host.

Bodies exported from a CMS, pasted from Word or written by hand can hold raw HTML, which
Python-Markdown passes through verbatim: ``<script>``, ``onerror`` handlers, ``javascript:``
links, iframes and images from other hosts, ``<pre class="mermaid">`` (for which Material loads
mermaid from a CDN).  :func:`sanitize_html` cleans the HTML converted from every body, page,
budget note and report narrative with `nh3` (ammonia, a maintained allow-list sanitizer): the
elements and attributes Python-Markdown's extensions produce are kept — headings with ids,
paragraphs, lists, tables with ``rowspan``/``colspan`` and their ``text-align``, links, local
images, code, quotes, abbreviations, footnotes, ``details`` — everything else is dropped.  An image
from another host becomes a plain link to it (the reader can still open it; the page loads
nothing from there).

What was removed is reported (:class:`Removal`): what runs or loads elsewhere as a warning, so that
an author knows and ``--strict`` fails; formatting the site does not publish (``style``
attributes, ``<font>``, Word's ``<o:p>``) only in one info line, since a CMS export is full of it.

Sanitizing costs a parse; :func:`may_hold_html` tells the Markdown that cannot produce anything
to remove (no ``<``, ``[`` or ``{``: no raw HTML, no link or image, no attribute list) when the
site's extensions are Python-Markdown's own, whose output then holds only plain elements.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urlsplit

import nh3
from markupsafe import escape

from .problems import Problem

# Elements Python-Markdown and its bundled extensions write (and harmless inline ones CMS exports
# use); anything else is dropped, its text kept.
TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd",
    "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3",
    "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s",
    "samp", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot",
    "th", "thead", "time", "tr", "u", "ul", "var", "wbr",
})
ATTRIBUTES = {
    "*": {"id", "class", "title", "lang", "dir"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan", "align", "style", "headers"},
    "th": {"colspan", "rowspan", "align", "style", "headers", "scope"},
    "col": {"span"}, "colgroup": {"span"},
    "ol": {"start", "type", "reversed"}, "li": {"value"},
    "details": {"open"}, "time": {"datetime"}, "ins": {"datetime"}, "del": {"datetime"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
# The tables extension aligns columns with style="text-align: …"; no other style survives.
STYLE_PROPERTIES = {"text-align"}

# Removing these is worth a warning: they run code, send data or load from elsewhere.
ACTIVE_TAGS = frozenset({
    "script", "iframe", "frame", "frameset", "object", "embed", "applet", "form", "input",
    "button", "textarea", "select", "base", "link", "meta", "svg", "math", "video", "audio",
    "source", "track", "picture", "portal", "noscript", "template",
})
_BAD_SCHEME = re.compile(r"^\s*(javascript|vbscript|data)\s*:", re.IGNORECASE)
_URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "poster", "background",
                             "srcset", "data", "xlink:href", "cite"})
# Markdown that may yield HTML beyond plain elements: raw HTML, links, images, attribute lists.
_MAY_HOLD_HTML = re.compile(r"[<\[{]")
# Python-Markdown's own extensions: none writes an attribute or URL without one of those.
_BUILT_IN = re.compile(r"(markdown\.extensions\.)?(abbr|admonition|attr_list|codehilite|def_list|"
                       r"extra|fenced_code|footnotes|legacy_attrs|legacy_em|md_in_html|meta|nl2br|"
                       r"sane_lists|smarty|tables|toc|wikilinks)")


@dataclass(frozen=True)
class Removal:
    """One kind of thing the sanitizer removed: what (for the author), a piece of the source to
    find its line by, and whether it is worth a warning."""

    what: str
    needle: str
    warn: bool


def only_built_in_extensions(extensions: Sequence[object]) -> bool:
    """Whether every Markdown extension is one of Python-Markdown's own (see :func:`may_hold_html`)."""
    return all(isinstance(name, str) and _BUILT_IN.fullmatch(name) for name in extensions)


def may_hold_html(markdown: str) -> bool:
    """Whether Markdown converted with Python-Markdown's own extensions may hold anything
    :func:`sanitize_html` would change beyond serialization: raw HTML, a link, an image or an
    attribute list."""
    return _MAY_HOLD_HTML.search(markdown) is not None


def foreign(url: str, own_host: str) -> bool:
    """Whether loading ``url`` would contact another host than ``own_host`` (relative: never)."""
    parts = urlsplit(url.strip())
    return bool(parts.netloc) and parts.hostname != (own_host or None)


def sanitize_html(html: str, own_host: str = "") -> tuple[str, list[Removal]]:
    """``html`` with everything outside the allow-list removed, and what was removed (one
    :class:`Removal` per kind, in the order first met).  ``own_host`` is the site's host: images
    from it are kept."""
    scan = _Scan(own_host)
    scan.feed(html)
    scan.close()
    source = scan.splice(html)

    def keep(tag: str, attribute: str, value: str) -> str | None:
        if attribute == "class":  # Material loads mermaid from a CDN for an element of this class
            kept = " ".join(c for c in value.split() if c != "mermaid")
            return kept or None
        if attribute == "src" and foreign(value, own_host):
            return None
        return value

    clean = nh3.clean(source, tags=set(TAGS), attributes={k: set(v) for k, v in ATTRIBUTES.items()},
                      attribute_filter=keep, url_schemes=set(URL_SCHEMES), link_rel=None,
                      filter_style_properties=set(STYLE_PROPERTIES))
    # A cell whose style held no text-align keeps an empty attribute (nh3's output is normalized).
    return clean.replace(' style=""', ""), list(scan.removals.values())


class _Scan(HTMLParser):
    """Lists what :func:`sanitize_html` will remove, and finds images from other hosts."""

    def __init__(self, own_host: str) -> None:
        super().__init__(convert_charrefs=True)
        self.own_host = own_host
        self.removals: dict[str, Removal] = {}
        self.images: list[tuple[tuple[int, int], str, str]] = []  # (position, tag text, link)

    def note(self, what: str, needle: str, warn: bool) -> None:
        self.removals.setdefault(what, Removal(what, needle, warn))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in TAGS:
            active = tag in ACTIVE_TAGS
            self.note(f"<{tag}>", f"<{tag}", active)
        allowed = ATTRIBUTES["*"] | ATTRIBUTES.get(tag, set())
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.note(f"{name} handler", name, True)
            elif name in _URL_ATTRIBUTES and _BAD_SCHEME.match(value):
                scheme = _BAD_SCHEME.match(value).group(1).lower()  # type: ignore[union-attr]
                self.note(f"{scheme}: URL", f"{scheme}:", True)
            elif name == "src" and tag == "img" and foreign(value, self.own_host):
                self.note(f"image loaded from another host ({value.strip()})", value.strip(), True)
                alt = dict(attrs).get("alt") or value.strip()
                text = self.get_starttag_text() or ""
                self.images.append((self.getpos(), text, f'<a href="{escape(value.strip())}">'
                                                         f'{escape(alt)}</a>'))
            elif name == "class" and "mermaid" in value.split():
                self.note('class "mermaid" (a diagram drawn by a script from another host)',
                          "mermaid", True)
            elif name == "style" and tag in ("td", "th"):
                continue  # its text-align is kept, the rest dropped silently
            elif tag in TAGS and name not in allowed:
                self.note(f"{name} attributes", name, False)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_comment(self, data: str) -> None:
        self.note("HTML comments", "<!--", False)

    def splice(self, html: str) -> str:
        """``html`` with each image from another host replaced by a link to it."""
        if not self.images:
            return html
        starts = [0] + [m.end() for m in re.finditer("\n", html)]
        out, done = [], 0
        for (line, column), text, link in self.images:
            at = starts[line - 1] + column
            if html.startswith(text, at):
                out += [html[done:at], link]
                done = at + len(text)
        return "".join(out) + html[done:]


def removal_problems(path: str, text: str, removals: list[Removal], field: str,
                     first_line: int = 1) -> list[Problem]:
    """What :func:`sanitize_html` removed from ``text`` (the part of the file ``path`` that starts
    on line ``first_line``: a page's body): a warning for each active kind at the line where it
    first appears, and one info line for the formatting that was dropped."""
    lines = text.splitlines()
    problems = []
    quiet = []
    for removal in removals:
        if not removal.warn:
            quiet.append(removal.what)
            continue
        needle = removal.needle.lower()
        line = next((number for number, content in enumerate(lines, first_line)
                     if needle in content.lower()), 0)
        if removal.what.startswith("image loaded"):
            message = f"{removal.what} is shown as a link to it"
            fix = "save the image in content/ next to this file and link it there"
        elif removal.needle == "mermaid":
            message = f"{removal.what} removed: the diagram shows as its source text"
            fix = "save the diagram as an image in content/ and link it"
        else:
            message = f"{removal.what} removed from the published page"
            fix = "delete it from the source: pages run no scripts and load nothing from other hosts"
        problems.append(Problem(path, line, field, message, fix, "warning"))
    if quiet:
        problems.append(Problem(path, 0, field, f"formatting the site does not publish was removed "
                                f"({', '.join(quiet)})", "the site's own style applies", "info"))
    return problems
