"""Template fragments shared by many pages of one build, rendered once.

Material renders the whole navigation (sidebar and tabs) on every page.  For a page that is not
itself in the navigation — every catalogue entry — the navigation HTML depends only on the
navigation and on the folder the page sits in (links are relative), so with 10,000 entries it
would be rendered 10,000 times to the same bytes.  The
templates ask this cache instead; it is created afresh for every build (``on_env``), so it can
never outlive the navigation it was rendered from.
"""

from __future__ import annotations

from collections.abc import Callable

from markupsafe import Markup


class SharedFragments:
    """Rendered fragments of one build, by key (fragment name and parent folder of the page)."""

    def __init__(self) -> None:
        self._rendered: dict[str, Markup] = {}

    def shared(self, key: str, render: Callable[[], object]) -> Markup:
        """The fragment ``key``, rendered by ``render`` the first time it is asked for."""
        fragment = self._rendered.get(key)
        if fragment is None:
            fragment = self._rendered[key] = Markup(str(render()))
        return fragment

    def __len__(self) -> int:
        return len(self._rendered)
