"""The ``markdown`` template filter (budget notes, report narratives): Python-Markdown with the
site's extensions, one parser for the whole build, the HTML sanitized."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import markdown as markdown_lib
from markupsafe import Markup

from ..core.sanitize import may_hold_html, only_built_in_extensions, sanitize_html


class MarkdownFilter:
    """Markdown to sanitized HTML as the site's pages are converted."""

    def __init__(self, extensions: Sequence[Any], configs: Mapping[str, Any], own_host: str) -> None:
        self._markdown = markdown_lib.Markdown(extensions=list(extensions),
                                               extension_configs=dict(configs))
        self.own_host = own_host  # the site's host: images from it are not foreign loads
        # Markdown without '<', '[' or '{' needs no sanitizing when the extensions are built in
        self.quick = only_built_in_extensions(extensions)

    def html(self, text: str) -> str:
        """``text`` converted, not yet sanitized (the plan reports what sanitizing removes)."""
        self._markdown.reset()
        html: str = self._markdown.convert(text or "")
        return html

    def __call__(self, text: str) -> Markup:
        """``text`` converted and sanitized; what was removed was reported with the plan
        (:func:`~gongkai.core.plan.plan_build`)."""
        html = self.html(text)
        if not self.quick or may_hold_html(text or ""):
            html = sanitize_html(html, self.own_host)[0]
        return Markup(html)
