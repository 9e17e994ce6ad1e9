"""Python-Markdown's inline pass, skipping text in which no inline pattern can match.

Python-Markdown tries every inline pattern (code, escapes, links, images, autolinks, line breaks,
raw HTML, entities, emphasis: fourteen regular expressions) on every piece of text, even when the
text holds none of the characters those patterns start with.  Chinese government documents are
mostly such text: paragraph after paragraph without a ``*``, a ``[`` or a ``<``.  For a parser
whose inline patterns are exactly Python-Markdown's defaults, :class:`QuickInlineProcessor`
returns such text unchanged at once — which is what the fourteen searches would conclude — and
hands any other text to the normal pass.  With other inline patterns registered (an extension
such as pymdownx's), nothing is skipped.

Each default pattern needs one of these to match: a backtick (code), a backslash (escape), ``[``
(links, images, references), ``<`` (autolinks, raw HTML), ``&`` (entities), ``*`` or ``_``
(emphasis), or two spaces before a line break (a hard line break).
"""

from __future__ import annotations

import re

import markdown as markdown_lib
from markdown.treeprocessors import InlineProcessor

# The default inline patterns of Python-Markdown 3.x.
DEFAULT_PATTERNS = ("backtick", "escape", "reference", "link", "image_link", "image_reference",
                    "short_reference", "short_image_ref", "autolink", "automail", "linebreak",
                    "html", "entity", "em_strong")
_MAY_MATCH = re.compile(r"[`\\\[<&*_]|  \n")


class QuickInlineProcessor(InlineProcessor):  # type: ignore[misc]  # markdown has no types
    """:class:`InlineProcessor` that passes over text no default pattern can match."""

    # InlineProcessor's private __handleInline (name-mangled): the one place every piece of text
    # passes through; run() would have to be copied whole.  tests/test_code_quality.py fails
    # loudly if Python-Markdown renames it.
    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:  # noqa: N802, N803
        if patternIndex == 0 and not _MAY_MATCH.search(data):
            return data
        handle = InlineProcessor._InlineProcessor__handleInline
        result: str = handle(self, data, patternIndex)
        return result


def use_quick_inline(md: markdown_lib.Markdown) -> bool:
    """Put :class:`QuickInlineProcessor` in place of ``md``'s inline pass when its inline patterns
    are the defaults; whether it did."""
    names = {item.name for item in md.inlinePatterns._priority}
    if names != set(DEFAULT_PATTERNS) or "inline" not in md.treeprocessors:
        return False
    current = md.treeprocessors["inline"]
    if type(current) is not InlineProcessor:
        return False
    priority = next(item.priority for item in md.treeprocessors._priority if item.name == "inline")
    md.treeprocessors.register(QuickInlineProcessor(md), "inline", priority)
    return True
