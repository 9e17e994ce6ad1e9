"""Plugin options of a configuration file that inherits another (``INHERIT: mkdocs.yml``).

MkDocs and ProperDocs merge an inheriting file into its parent key by key, but a list replaces the
parent's list: a ``kiosk.yml`` with its own ``plugins:`` list would lose every gongkai option of
``mkdocs.yml`` (the agency's columns, footer codes, inspection rules).  The adapter therefore merges
the plugin's options itself, the parent's first and the inheriting file's over them, so that
``kiosk.yml`` holds only what differs.  Pure functions of the parsed YAML; reading the files is the
adapter's job.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import yaml


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


def kiosk_mapping(value: object) -> object:
    """The ``kiosk`` option as a mapping (``true`` stands for ``{enabled: true}``)."""
    return {"enabled": value} if isinstance(value, bool) else value


def inherited_options(options: dict[str, Any], config_file_path: str | None, plugin: str,
                      loader: Callable[[], Any]) -> dict[str, Any]:
    """The options of ``plugin`` over those of the files ``config_file_path`` inherits from, read
    with the engine's YAML ``loader`` (for its ``!ENV`` tag).

    MkDocs' ``INHERIT`` replaces the parent's plugin list, so ``kiosk.yml`` (``INHERIT:
    mkdocs.yml``, ``plugins: [gongkai: {kiosk: true}]``) would build without the agency's columns
    and footer; merged here, it needs only its own lines, and a file that restates every option
    builds as before.  The files were read by the engine already, so they exist and parse (a
    configuration read from standard input or a stream has no file, and nothing to inherit).
    """
    inherited = (_inherited_options(config_file_path, plugin, loader)
                 if config_file_path and os.path.isfile(config_file_path) else {})
    return merged_options(inherited, _normalized(options))


def _inherited_options(path: str, plugin: str, loader: Callable[[], Any]) -> dict[str, Any]:
    """The gongkai options of the chain of files ``path`` inherits from, nearest last."""
    parent = _read_yaml(path, loader).get("INHERIT")
    if not isinstance(parent, str):
        return {}
    parent_path = os.path.normpath(Path(path).parent / parent)
    own = plugin_options(_read_yaml(parent_path, loader).get("plugins"), plugin) or {}
    return merged_options(_inherited_options(parent_path, plugin, loader), _normalized(own))


def _read_yaml(path: str, loader_class: Callable[[], Any]) -> dict[str, Any]:
    """One configuration file as written, its INHERIT not followed."""
    # The engine's loader, for its !ENV tag; other tags (!relative) are not plugin options.
    loader = loader_class()
    loader.add_multi_constructor("!", lambda _loader, _suffix, _node: None)
    with open(path, "rb") as stream:
        data = yaml.load(stream, Loader=loader)
    return data if isinstance(data, dict) else {}


def _normalized(options: dict[str, Any]) -> dict[str, Any]:
    """``options`` with ``kiosk: true`` as a mapping, so that it merges with mkdocs.yml's timers."""
    if "kiosk" not in options:
        return options
    return {**options, "kiosk": kiosk_mapping(options["kiosk"])}
