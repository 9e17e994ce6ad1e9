"""How a kiosk.yml that inherits mkdocs.yml gets its gongkai options, and the GONGKAI_KIOSK switch
(pure functions of the parsed YAML and the environment)."""

from __future__ import annotations

import pytest

from gongkai.core.kiosk import kiosk_switch
from gongkai.core.options import merged_options, plugin_options


@pytest.mark.parametrize(("plugins", "expected"), [
    ([{"search": {}}, {"gongkai": {"page_size": 20}}], {"page_size": 20}),
    (["search", "gongkai"], {}),                          # listed without options
    ([{"gongkai": None}], {}),                            # `- gongkai:` with nothing under it
    ({"search": {}, "gongkai": {"page_size": 20}}, {"page_size": 20}),  # the dict form
    (["search"], None),                                   # not listed
    (None, None),                                         # no plugins key
])
def test_plugin_options_of_a_plugins_list(plugins, expected):
    assert plugin_options(plugins, "gongkai") == expected


@pytest.mark.parametrize(("inherited", "own", "expected"), [
    # kiosk.yml's own lines over mkdocs.yml's options
    ({"categories": ["部门动态"], "footer": {"site_id": "1"}}, {"kiosk": {"enabled": True}},
     {"categories": ["部门动态"], "footer": {"site_id": "1"}, "kiosk": {"enabled": True}}),
    # mappings merge key by key: mkdocs.yml's timer stays when kiosk.yml switches the kiosk on
    ({"kiosk": {"idle_seconds": 45}}, {"kiosk": {"enabled": True}},
     {"kiosk": {"idle_seconds": 45, "enabled": True}}),
    # a list is replaced whole, as MkDocs merges an inheriting file
    ({"categories": ["部门动态", "政策法规"]}, {"categories": ["政策法规"]}, {"categories": ["政策法规"]}),
    # a kiosk.yml that restates every option gives the same options as before
    ({"page_size": 20, "footer": {"icp": "x"}}, {"page_size": 20, "footer": {"icp": "x"}},
     {"page_size": 20, "footer": {"icp": "x"}}),
    ({}, {}, {}),
])
def test_own_options_over_inherited_ones(inherited, own, expected):
    assert merged_options(inherited, own) == expected


@pytest.mark.parametrize(("value", "on"), [
    (None, False),     # unset: the configuration decides
    ("", False),
    ("0", False), ("false", False), ("off", False), ("no", False),
    ("1", True), ("true", True), ("TRUE", True), (" yes ", True), ("on", True),
])
def test_gongkai_kiosk_variable(value, on):
    assert kiosk_switch(value) is on


def test_an_unclear_gongkai_kiosk_value_says_what_to_write():
    with pytest.raises(ValueError, match="GONGKAI_KIOSK: 'kiosk' is neither on nor off — write "
                                         "GONGKAI_KIOSK=1 to build the lobby kiosk, or unset it"):
        kiosk_switch("kiosk")


def test_options_come_down_a_chain_of_inheriting_files(tmp_path, monkeypatch):
    from mkdocs.utils.yaml import get_yaml_loader

    from gongkai.core.options import inherited_options

    def with_inherited_options(options, path):
        return inherited_options(options, path, "gongkai", get_yaml_loader)

    monkeypatch.setenv("TEST_ICP", "赣ICP备12345678号")
    (tmp_path / "base.yml").write_text(
        "plugins:\n"
        "  - gongkai:\n"
        "      categories: [部门动态, 政策法规]\n"
        "      footer: {icp: !ENV [TEST_ICP, none]}\n"
        "      kiosk: {idle_seconds: 45}\n"
        "markdown_extensions:\n"
        "  - pymdownx.snippets: {base_path: !relative $config_dir}\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        "INHERIT: base.yml\nplugins:\n  - search\n  - gongkai: {page_size: 20}\n", encoding="utf-8")
    (tmp_path / "kiosk.yml").write_text(
        "INHERIT: mkdocs.yml\nsite_dir: site-kiosk\nplugins:\n  - gongkai: {kiosk: true}\n",
        encoding="utf-8")
    assert with_inherited_options({"kiosk": True}, str(tmp_path / "kiosk.yml")) == {
        "categories": ["部门动态", "政策法规"], "footer": {"icp": "赣ICP备12345678号"},
        "page_size": 20, "kiosk": {"idle_seconds": 45, "enabled": True}}
    # A file that inherits nothing keeps its options as they are.
    assert with_inherited_options({"page_size": 20}, str(tmp_path / "base.yml")) == {"page_size": 20}
    # So does a configuration read from standard input (mkdocs build -f -) or from a stream.
    assert with_inherited_options({"page_size": 20}, "<stdin>") == {"page_size": 20}
    assert with_inherited_options({"kiosk": True}, None) == {"kiosk": {"enabled": True}}
