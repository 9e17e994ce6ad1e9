"""The text of a Markdown body as its page shows it: one rendering for the page and for search.

An entry's page shows its body as Python-Markdown renders it with the site's extensions (and
``sanitize.py`` cleans); search indexes and quotes the text of that same HTML, so a word is found
exactly when the page shows it.  A regular expression over the Markdown drifts from the page on
tables, footnotes, entities (``&amp;``), reference links, admonitions and code.

Most bodies of government documents are plain paragraphs of prose, without a character any
Markdown rule starts with.  Their rendering is known without running the parser: each paragraph
becomes one ``<p>`` holding its own text.  :func:`body_text` takes that shortcut only for such
bodies and only with Python-Markdown's own extensions, whose syntax all starts with a character
the shortcut excludes; ``tests/test_bodytext.py`` compares it with the full rendering.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

import markdown as markdown_lib

from .sanitize import may_hold_html, only_built_in_extensions, sanitize_html

# Elements that end a line of text: a reader sees their text apart from the text around them.
BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "br", "caption", "dd", "details", "div", "dl",
    "dt", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
    "li", "ol", "p", "pre", "section", "summary", "table", "td", "th", "tr", "ul",
})
# Elements whose content is not shown as text (the sanitizer drops them anyway).
HIDDEN = frozenset({"script", "style", "template", "noscript"})

# What makes Markdown more than plain paragraphs for Python-Markdown and its own extensions:
# inline syntax (code, escapes, links, raw HTML, entities, emphasis, attribute lists, tables,
# fences, abbreviations), a hard line break, and block syntax at the start of a line (headings,
# quotes, lists, rules, setext underlines, tables, admonitions, definitions, fences, indented code).
_NOT_PLAIN = re.compile(
    r"[`\\\[\]<>&*_{}|~\x00]|  \n|^ {0,3}(?:[#>+=:!-]|\d+[.)])|^(?: {4}|\t)", re.M)
# Extensions of Python-Markdown that change plain prose too (quotes, line breaks, a metadata head).
_CHANGE_PROSE = re.compile(r"(markdown\.extensions\.)?(smarty|nl2br|meta|legacy_em)")
_BLANK_LINES = re.compile(r"\n\s*\n")
_SPACES = re.compile(r"\s+")
_PARAGRAPH = "\x00"  # marks where a paragraph ends while spaces are collapsed (not a space)


def markdown_parser(extensions: Sequence[Any], configs: Mapping[str, Any]) -> markdown_lib.Markdown:
    """The Markdown parser that renders bodies: Python-Markdown with the site's extensions."""
    return markdown_lib.Markdown(extensions=list(extensions), extension_configs=dict(configs))


class BodyText:
    """Text of bodies rendered with one site's Markdown extensions (a parser kept per instance)."""

    def __init__(self, extensions: Sequence[Any] = (), configs: Mapping[str, Any] | None = None,
                 site_url: str = "") -> None:
        self.extensions = tuple(extensions)
        self.configs = dict(configs or {})
        self.own_host = urlsplit(site_url).hostname or ""
        built_in = only_built_in_extensions(self.extensions)
        self.shortcut = built_in and not any(
            isinstance(name, str) and _CHANGE_PROSE.fullmatch(name) for name in self.extensions)
        self.quick_sanitize = built_in  # as the plugin: see sanitize.may_hold_html
        self._parser: markdown_lib.Markdown | None = None

    def html(self, markdown: str) -> str:
        """``markdown`` rendered and cleaned as the page renders it."""
        if self._parser is None:
            self._parser = markdown_parser(self.extensions, self.configs)
        self._parser.reset()
        html: str = self._parser.convert(markdown)
        if html and (not self.quick_sanitize or may_hold_html(markdown)):
            html = sanitize_html(html, self.own_host)[0]
        return html

    def text(self, markdown: str) -> str:
        """The text of ``markdown`` as its page shows it: one line per block (paragraph, heading,
        list item, table cell…), spaces collapsed."""
        if self.shortcut and not _NOT_PLAIN.search(markdown):
            return plain_paragraphs(markdown)
        return html_text(self.html(markdown))


def plain_paragraphs(markdown: str) -> str:
    """Text of Markdown made of plain paragraphs only: what :func:`html_text` gives for the
    ``<p>`` elements Python-Markdown renders from it."""
    text = _SPACES.sub(" ", _BLANK_LINES.sub(_PARAGRAPH, markdown))
    return "\n".join(filter(None, (line.strip() for line in text.split(_PARAGRAPH))))


def html_text(html: str) -> str:
    """The text a reader sees in ``html``: one line per block element, spaces collapsed,
    entities decoded, nothing of scripts or styles."""
    reader = _TextReader()
    reader.feed(html)
    reader.close()
    return reader.result()


class _TextReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.current: list[str] = []
        self.hidden = 0

    def _end_line(self) -> None:
        line = _SPACES.sub(" ", "".join(self.current)).strip()
        if line:
            self.lines.append(line)
        self.current = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in HIDDEN:
            self.hidden += 1
        elif tag in BLOCKS:
            self._end_line()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in BLOCKS:
            self._end_line()

    def handle_endtag(self, tag: str) -> None:
        if tag in HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in BLOCKS:
            self._end_line()

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.current.append(data)

    def result(self) -> str:
        self._end_line()
        return "\n".join(self.lines)

