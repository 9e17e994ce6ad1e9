"""What the build produces, independent of the engine: pages to render and files to write."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class PageSpec:
    """A page the site generates from the model.

    ``url_path`` is the directory URL without leading slash (``"reports/2024/"``); the adapter
    writes it as ``<url_path>index.html``.  ``template`` is looked up through the theme, so a
    site's ``overrides/`` can replace it; the template sees ``context`` as ``gongkai``.
    """

    url_path: str
    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    in_nav: bool = False
    description: str = ""


@dataclass(frozen=True)
class FileSpec:
    """A non-HTML file the site publishes (JSON, CSV, SVG, XML), at ``path`` below the site root."""

    path: str
    content: str | bytes
    # Content made later, on demand (a chart: matplotlib is slow to load and to draw; a Word
    # report); ``content`` is empty until then.  See :func:`drawn`.
    draw: Callable[[], str | bytes] | None = field(default=None, compare=False, repr=False)


def drawn(spec: FileSpec) -> FileSpec:
    """``spec`` with its content made, if it was left for later."""
    return spec if spec.draw is None else FileSpec(spec.path, spec.draw())
