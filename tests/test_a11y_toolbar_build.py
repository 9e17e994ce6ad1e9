"""Where the build puts the 无障碍 toolbar (issue 16): on every page of the public site, with the
stored settings applied in <head>; replaced by a site's own partial; left out of the lobby kiosk.
What the toolbar does in a browser is tested in test_a11y_toolbar.py."""

from __future__ import annotations

import re

from conftest import write_files

INIT = 'localStorage.getItem("gongkai.a11y")'


def test_every_public_page_carries_the_toolbar_and_the_kiosk_none(build_site):
    result = build_site()
    assert result.exit_code == 0, result.log
    pages = sorted(result.site_dir.rglob("*.html"))
    assert len(pages) > 15
    missing = []
    for path in pages:
        html = path.read_text(encoding="utf-8")
        head, _, body = html.partition("<body")
        if INIT not in head or 'data-gk-a11y="open"' not in body or 'aria-label="无障碍工具条"' not in body:
            missing.append(str(path.relative_to(result.site_dir)))
    assert missing == []
    guide = result.page("guide/")
    assert re.search(r'<button type="button" class="gk-a11y-open" data-gk-a11y="open" aria-expanded="false"', guide)
    for asset in ("a11y-toolbar.js", "a11y-toolbar.css", "cursors/arrow.svg", "cursors/hand.svg"):
        assert (result.site_dir / "assets/gongkai" / asset).is_file(), asset

    # The lobby kiosk has its own large type and touch bar.
    kiosk = build_site(plugin_options={"kiosk": {"enabled": True}})
    assert kiosk.exit_code == 0, kiosk.log
    home = kiosk.page("")
    assert "data-gk-a11y" not in home and INIT not in home
    assert "data-gk-elder-toggle" in home  # as before: the kiosk skin hides it


def test_a_site_replaces_the_toolbar_with_its_own_partial(build_site, tmp_path):
    write_files(tmp_path / "overrides", {
        "partials/a11y-toolbar.html":
            '<button type="button" data-gk-a11y="open" aria-expanded="false">无障碍服务</button>\n',
    })
    result = build_site(mkdocs_extra={"theme": {"name": "material", "language": "zh", "font": False,
                                                "custom_dir": "overrides"}})
    assert result.exit_code == 0, result.log
    guide = result.page("guide/")
    assert "无障碍服务" in guide
    assert "gk-a11y-bar" not in guide
