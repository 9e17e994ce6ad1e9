"""Plugin options of a configuration file that inherits another (``INHERIT: mkdocs.yml``).

MkDocs and ProperDocs merge an inheriting file into its parent key by key, but a list replaces the
parent's list: a ``kiosk.yml`` with its own ``plugins:`` list would lose every gongkai option of
``mkdocs.yml`` (the agency's columns, footer codes, inspection rules).  The adapter therefore merges
the plugin's options itself, the parent's first and the inheriting file's over them, so that
``kiosk.yml`` holds only what differs.  Pure functions of the parsed YAML; reading the files is the
adapter's job.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def plugin_options(plugins: object, name: str) -> dict[str, Any] | None:
    """The options ``plugins`` (a parsed ``plugins:`` value) gives the plugin ``name``.

    ``None`` when the plugin is not listed; ``{}`` when it is listed without options.  Both forms
    MkDocs accepts are read: a list of names and ``{name: options}`` items, or one mapping.
    """
    items: list[object]
    if isinstance(plugins, Mapping):
        items = [{key: value} for key, value in plugins.items()]
    elif isinstance(plugins, list):
        items = plugins
    else:
        return None
    for item in items:
        if item == name:
            return {}
        if isinstance(item, Mapping) and name in item:
            options = item[name]
            return dict(options) if isinstance(options, Mapping) else {}
    return None


def merged_options(inherited: Mapping[str, Any], own: Mapping[str, Any]) -> dict[str, Any]:
    """``own`` options over ``inherited`` ones: mappings merge key by key, anything else
    (a list of categories, a number) is replaced whole — as MkDocs merges an inheriting file."""
    merged = dict(inherited)
    for key, value in own.items():
        below = merged.get(key)
        if isinstance(below, Mapping) and isinstance(value, Mapping):
            merged[key] = merged_options(below, value)
        else:
            merged[key] = value
    return merged
