"""What the build produces, independent of the engine: pages to render and files to write."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any


def compact_json(data: object) -> str:
    """``data`` as the files the browser reads are written: compact, UTF-8 characters as they are
    (no ``\\uXXXX``: a third of the bytes for Chinese text)."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


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


def write_files(specs: Iterable[FileSpec], folder: str,
                rename: Callable[[str], str] | None = None) -> int:
    """Write each of ``specs`` below ``folder`` (at ``rename(spec.path)`` if given), making the
    folders it needs; text as UTF-8.  Returns how many files were written.

    The one writer of file specs outside the engine's own: the search index written beside the
    build, the preview's swapped-in data files, the kiosk's QR codes.
    """
    made: set[str] = set()
    written = 0
    for spec in specs:
        target = os.path.join(folder, rename(spec.path) if rename is not None else spec.path)
        parent = os.path.dirname(target)
        if parent not in made:  # one makedirs per folder: the index has thousands of shards
            os.makedirs(parent, exist_ok=True)
            made.add(parent)
        content = spec.content
        with open(target, "wb") as output:
            output.write(content.encode("utf-8") if isinstance(content, str) else content)
        written += 1
    return written
