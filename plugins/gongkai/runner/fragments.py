"""Template fragments shared by many pages of one build, rendered once.

Material renders the whole navigation (sidebar and tabs) on every page.  For a page that is not
itself in the navigation — every catalogue entry — the navigation HTML depends only on the
navigation and on the folder the page sits in (links are relative), so with 10,000 entries it
would be rendered 10,000 times to the same bytes.  The
templates ask this cache instead; it is created afresh for every build (``on_env``), so it can
never outlive the navigation it was rendered from.

Material's navigation templates indent every line of their output and leave blank lines where
template tags stood: half of the navigation's bytes are whitespace, written into every page.  A
fragment is stored with each run of whitespace after a line break cut to the line break, which a
browser renders the same (whitespace between tags, or around words, collapses to one space) —
unless it holds an element whose whitespace counts (``pre``, ``textarea``, scripts, styles),
then it is kept as rendered.  It is about 5 KB less in each of 10,000 entry pages.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from markupsafe import Markup

_INDENT = re.compile(r"\n\s+")
_KEEPS_WHITESPACE = re.compile(r"<(?:pre|textarea|script|style|code|plaintext|xmp|listing)\b",
                               re.IGNORECASE)


class SharedFragments:
    """Rendered fragments of one build, by key (fragment name and parent folder of the page)."""

    def __init__(self) -> None:
        self._rendered: dict[str, Markup] = {}

    def shared(self, key: str, render: Callable[[], object]) -> Markup:
        """The fragment ``key``, rendered by ``render`` the first time it is asked for."""
        fragment = self._rendered.get(key)
        if fragment is None:
            fragment = self._rendered[key] = Markup(compact(str(render())))
        return fragment

    def __len__(self) -> int:
        return len(self._rendered)


def compact(html: str) -> str:
    """``html`` with each run of whitespace after a line break cut to the line break, unless it
    holds an element in which whitespace is kept (then unchanged)."""
    if _KEEPS_WHITESPACE.search(html):
        return html
    return _INDENT.sub("\n", html)
