"""Link check: a broken internal link, anchor, attachment or export link fails the build.

The checker is tested on small hand-written site folders (what a browser would request is obvious
from the HTML), then through the build of a fixture site and as the command CI runs.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import entry
from gongkai.core.linkcheck import check_site, infer_site_url
from gongkai.core.linkscan import css_urls, srcset_urls

SITE_URL = "https://example.gov.cn/xxgk/"


def write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def page(body: str) -> str:
    return f'<!doctype html><html><head></head><body>{body}</body></html>'


TARGETS = {
    "index.html": page('<h2 id="latest">最新</h2>'),
    "doc/a/index.html": page('<h2 id="gk-fulltext-title">全文</h2><a name="old-anchor"></a>'),
    "catalogue/2024/files/申请表.docx": "docx",
    "data/catalogue.json": "{}",
    "assets/site.css": "body{}",
}

# (link written on the page doc/b/index.html, broken?)   — the page sits at /xxgk/doc/b/
CASES = [
    ("../a/", False),                                    # relative page link
    ("../a/index.html", False),                          # the same page, file form
    ("../a", False),                                     # folder without slash: servers redirect
    ("../missing/", True),                               # no such page
    ("../a/#gk-fulltext-title", False),                  # anchor that exists
    ("../a/#old-anchor", False),                         # <a name> anchors count
    ("../a/#nowhere", True),                             # anchor the page lacks
    ("#own", False),                                     # anchor on the page itself
    ("#not-here", True),
    ("../../catalogue/2024/files/%E7%94%B3%E8%AF%B7%E8%A1%A8.docx", False),  # attachment, URL-encoded
    ("../../catalogue/2024/files/缺失.pdf", True),        # attachment not copied
    ("../../data/catalogue.json", False),                # export
    ("/xxgk/assets/site.css", False),                    # root-absolute under the sub-path
    ("/assets/site.css", True),                          # root-absolute, forgets the sub-path
    ("https://example.gov.cn/xxgk/#latest", False),      # absolute URL of the site itself
    ("https://example.gov.cn/xxgk/gone/", True),
    ("https://www.gov.cn/zhengce/", False),              # another host: not fetched
    ("mailto:xxgk@example.gov.cn", False),
    ("../../../../etc/passwd", True),                    # above the site root
]


@pytest.mark.parametrize(("link", "broken"), CASES)
def test_each_kind_of_link_resolves_or_is_reported(tmp_path, link, broken):
    files = dict(TARGETS)
    files["doc/b/index.html"] = page(f'<p id="own"><a href="{link}">链接</a></p>')
    report = check_site(write(tmp_path, files), SITE_URL)
    found = [(b.page, b.link) for b in report.broken]
    assert found == ([("doc/b/index.html", link)] if broken else [])


def test_src_of_images_and_scripts_is_checked_but_script_text_is_not(tmp_path):
    files = dict(TARGETS)
    files["doc/b/index.html"] = page(
        '<img src="../../assets/logo.png" alt="">'
        '<script>var html = \'<a href="nowhere/">x</a>\';</script>'
        '<script src="../../assets/site.css"></script><script src="../../assets/gone.js"></script>'
        '<!-- <a href="commented-out/">x</a> -->')
    report = check_site(write(tmp_path, files), SITE_URL)
    assert [(b.attribute, b.link) for b in report.broken] == [("src", "../../assets/logo.png"),
                                                              ("src", "../../assets/gone.js")]


def test_absolute_urls_in_feed_and_exports_are_checked(tmp_path):
    files = dict(TARGETS)
    files["feed.xml"] = ('<feed><link href="https://example.gov.cn/xxgk/doc/a/"/>'
                         '<link href="https://example.gov.cn/xxgk/doc/zz/"/></feed>')
    report = check_site(write(tmp_path, files), SITE_URL)
    assert [(b.page, b.link) for b in report.broken] == [
        ("feed.xml", "https://example.gov.cn/xxgk/doc/zz/")]


def test_the_site_url_is_read_from_the_sitemap(tmp_path):
    write(tmp_path, {"sitemap.xml": "<urlset><url><loc>https://example.gov.cn/xxgk/</loc></url>"
                                    "<url><loc>https://example.gov.cn/xxgk/doc/a/</loc></url></urlset>"})
    assert infer_site_url(tmp_path) == "https://example.gov.cn/xxgk/"


def test_a_broken_link_in_an_entry_fails_the_build_naming_the_entry_file(build_site):
    body = "详见[计量检定规程](../nowhere/)和[附件](files/缺失.pdf)。\n"
    result = build_site({"catalogue/2024/a.md": entry(body=body)})
    assert result.exit_code != 0
    # Line 10: nine lines of front matter (between the --- lines), then the full text.
    assert ("ERROR   -  gongkai: catalogue/2024/a.md:10: href: '../nowhere/' does not exist in the "
            "built site" in result.log), result.log
    assert "catalogue/2024/a.md:10: href: 'files/缺失.pdf' does not exist" in result.log
    assert "2 broken internal link(s) in the built site" in result.log
    assert "Traceback" not in result.log


def test_the_fixture_site_has_no_broken_link_and_the_command_agrees(build_site):
    result = build_site(strict=True)
    assert result.exit_code == 0, result.log
    assert "link check:" in result.log and "none broken" in result.log
    command = [sys.executable, "-m", "gongkai.core.linkcheck", str(result.site_dir)]
    proc = subprocess.run(command, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "0 broken (site URL https://test.linchuan.gov.cn/)" in proc.stdout
    # Break one page after the build: the command reports it and exits 1.
    home = result.site_dir / "index.html"
    home.write_text(home.read_text(encoding="utf-8").replace("</body>", '<a href="gone/">x</a></body>'),
                    encoding="utf-8")
    proc = subprocess.run(command, capture_output=True, text=True)
    assert proc.returncode == 1
    assert "index.html: href: 'gone/' does not exist" in proc.stderr


def test_the_same_link_on_pages_at_other_depths_is_judged_for_each_page(tmp_path):
    files = dict(TARGETS)
    link = '<a href="../../assets/site.css">x</a><a href="../../../index.html">y</a>'
    files["doc/b/index.html"] = page(link)  # the stylesheet; one level above the site root
    files["deep/er/c/index.html"] = page(link)  # deep/assets/ does not exist; the home page
    files["doc/d/index.html"] = page(link)
    report = check_site(write(tmp_path, files), SITE_URL)
    assert sorted((b.page, b.link) for b in report.broken) == [
        ("deep/er/c/index.html", "../../assets/site.css"),
        ("doc/b/index.html", "../../../index.html"),
        ("doc/d/index.html", "../../../index.html"),
    ]


# --- One pass per page: attribute spellings, srcset, CSS, scripts and comments ------------------

def test_attribute_names_in_any_case_and_single_quotes_are_checked(tmp_path):
    files = dict(TARGETS)
    files["doc/b/index.html"] = page(
        '<A HREF="../gone-a/">a</A><Img Src="../../assets/gone-b.png" alt="">'
        "<a href='../gone-c/'>c</a><a HREF='../a/'>fine</a><a hRef = \"../gone-f/\">f</a>"
        '<img data-src="../gone-d.png" alt=""><a data-href="../gone-e/">not links</a>'
        '<p data-名href="../gone-g/">not a link either</p>')
    report = check_site(write(tmp_path, files), SITE_URL)
    assert [(b.attribute, b.link) for b in report.broken] == [
        ("href", "../gone-a/"), ("src", "../../assets/gone-b.png"), ("href", "../gone-c/"),
        ("href", "../gone-f/")]


def test_links_in_script_text_and_comments_are_not_checked_nor_their_ids_anchors(tmp_path):
    files = dict(TARGETS)
    files["doc/b/index.html"] = page(
        "<script>document.body.innerHTML = '<a href=\"../gone-a/\" id=\"made-by-script\">';</script>"
        '<!-- <img src="../gone-b.png"> <h2 id="commented-out">x</h2> -->'
        '<SCRIPT SRC="../../assets/gone-c.js"></SCRIPT>'
        '<a href="#made-by-script">x</a><a href="#commented-out">y</a>')
    report = check_site(write(tmp_path, files), SITE_URL)
    assert [(b.attribute, b.link, b.reason) for b in report.broken] == [
        ("src", "../../assets/gone-c.js",
         "does not exist in the built site (no file assets/gone-c.js)"),
        ("href", "#made-by-script",
         "names the anchor #made-by-script, which doc/b/index.html does not have"),
        ("href", "#commented-out",
         "names the anchor #commented-out, which doc/b/index.html does not have"),
    ]


def test_a_script_or_comment_ends_at_its_first_end_tag(tmp_path):
    files = dict(TARGETS)
    files["doc/b/index.html"] = page(
        '<!-- <script> -- still a comment --> <a href="../gone-a/">after the comment</a>'
        "<script>if (a<b) { s = '<a href=\"../in-script/\">'; }</script>"
        '<a href="../gone-b/">after the script</a>'
        '<!-- one --><a href="../gone-c/">between comments</a><!-- two -->')
    report = check_site(write(tmp_path, files), SITE_URL)
    assert [b.link for b in report.broken] == ["../gone-a/", "../gone-b/", "../gone-c/"]


def test_entities_in_links_and_ids_are_unescaped(tmp_path):
    files = dict(TARGETS)
    files["doc/b/index.html"] = page(
        '<h2 id="q&amp;a">问答</h2><a href="#q&amp;a">x</a>'
        '<a href="../../catalogue/2024/files/&#30003;&#35831;&#34920;.docx">申请表</a>'
        '<a href="../a/?x=1&amp;y=2">query</a>')
    report = check_site(write(tmp_path, files), SITE_URL)
    assert report.broken == []
    assert report.links == 3


# srcset as the HTML standard splits it: candidates separated by commas, each a URL and optional
# descriptors; a URL may itself hold commas (data: URLs).
SRCSETS = [
    ("a.png", ["a.png"]),
    ("a.png 1x, b.png 2x", ["a.png", "b.png"]),
    ("  a.png   480w ,b.png 800w  ", ["a.png", "b.png"]),
    ("a.png, b.png", ["a.png", "b.png"]),              # a comma right after a URL ends it
    ("data:image/png;base64,AAAA 1x, b.png 2x", ["data:image/png;base64,AAAA", "b.png"]),
    ("", []),
]


@pytest.mark.parametrize(("srcset", "urls"), SRCSETS)
def test_the_urls_of_a_srcset(srcset, urls):
    assert srcset_urls(srcset) == urls


def test_every_url_of_a_srcset_is_checked(tmp_path):
    files = dict(TARGETS)
    files["assets/logo.png"] = "png"
    files["doc/b/index.html"] = page(
        '<img src="../../assets/logo.png" srcset="../../assets/logo.png 1x, '
        '../../assets/logo@2x.png 2x" alt="">'
        "<IMG SRCSET='../../assets/gone-480.png 480w,../../assets/logo.png 800w' alt=''>")
    report = check_site(write(tmp_path, files), SITE_URL)
    assert [(b.attribute, b.link) for b in report.broken] == [
        ("srcset", "../../assets/logo@2x.png"), ("srcset", "../../assets/gone-480.png")]


CSS_URLS = [
    ("body{background:url(a.png)}", ["a.png"]),
    ("a{background:url( 'b c.png' )} b{background:URL(\"d.png\")}", ["b c.png", "d.png"]),
    ("/* url(commented.png) */ i{background:url(e.png)}", ["e.png"]),
    ("@font-face{src:url(f.woff2) format('woff2'),url(\"data:font/woff2;base64,AA\")}",
     ["f.woff2", "data:font/woff2;base64,AA"]),
    ("p{color:red}", []),
]


@pytest.mark.parametrize(("css", "urls"), CSS_URLS)
def test_the_urls_of_css(css, urls):
    assert css_urls(css) == urls


def test_url_in_style_attributes_and_style_blocks_is_checked_relative_to_the_page(tmp_path):
    files = dict(TARGETS)
    files["assets/bg.png"] = "png"
    files["doc/b/index.html"] = page(
        '<style>.hero{background:url(../../assets/bg.png)} .x{background:url("gone-a.png")}'
        '/* .y{background:url(gone-commented.png)} */</style>'
        '<div style="background-image: url(&quot;../../assets/bg.png&quot;)">ok</div>'
        "<div STYLE=\"background: url('../../assets/gone-b.png') no-repeat\">broken</div>"
        '<div style="color: red">no url</div>')
    report = check_site(write(tmp_path, files), SITE_URL)
    assert [(b.page, b.attribute, b.link) for b in report.broken] == [
        ("doc/b/index.html", "url", "gone-a.png"),
        ("doc/b/index.html", "style", "../../assets/gone-b.png")]


def test_url_in_the_sites_css_files_is_checked_relative_to_the_css_file(tmp_path):
    files = dict(TARGETS)
    files["assets/fonts/noto.woff2"] = "font"
    files["assets/site.css"] = (
        "@font-face{font-family:Noto;src:url(fonts/noto.woff2) format('woff2'),"
        "url('fonts/noto-gone.woff') format('woff')}"
        ".logo{background:url(\"/xxgk/assets/fonts/noto.woff2\")}"
        ".icon{background:url(\"data:image/svg+xml;charset=utf-8,<svg xmlns='http://www.w3.org/2000/svg'/>\")}"
        "/* .old{background:url(old.png)} */"
        ".home{background:url(../index.html)}")
    report = check_site(write(tmp_path, files), SITE_URL)
    assert [(b.page, b.attribute, b.link, b.reason) for b in report.broken] == [
        ("assets/site.css", "url", "fonts/noto-gone.woff",
         "does not exist in the built site (no file assets/fonts/noto-gone.woff)")]


# --- Parallel: the same report as sequential -----------------------------------------------

def generated_site(root: Path, pages: int, planted: dict[int, str]) -> Path:
    """``pages`` entry pages like the built ones: navigation, assets, a link into the next page's
    full text and to its own title; ``planted`` adds a link to the page of that number."""
    nav = "".join(f'<li><a href="../../catalogue/c{n}/">栏目{n}</a></li>' for n in range(12))
    files = {f"catalogue/c{n}/index.html": page(f'<h1 id="c{n}">栏目{n}</h1>') for n in range(12)}
    files["assets/site.css"] = "body{background:url(bg.png)}"
    files["assets/bg.png"] = "png"
    files["index.html"] = page('<a href="doc/p00000/">第一篇</a>')
    for number in range(pages):
        extra = planted.get(number, "")
        files[f"doc/p{number:05d}/index.html"] = page(
            f'<link rel="stylesheet" href="../../assets/site.css"><nav><ul>{nav}</ul></nav>'
            f'<h1 id="title">文件{number}</h1><h2 id="gk-fulltext-title">全文</h2>'
            f'<p>{"正文。" * 100}</p><a href="#title">回到顶部</a>'
            f'<a href="../p{(number + 1) % pages:05d}/#gk-fulltext-title">下一篇</a>{extra}')
    return write(root, files)


@pytest.mark.parametrize(("planted", "reason"), [
    ('<a href="../p00012/#nowhere">x</a>',
     "names the anchor #nowhere, which doc/p00012/index.html does not have"),
    ('<img src="../../assets/gone.png" alt="">',
     "does not exist in the built site (no file assets/gone.png)"),
])
def test_a_parallel_check_of_many_pages_reports_exactly_what_a_sequential_one_does(
        tmp_path, planted, reason):
    root = generated_site(tmp_path, 600, {377: planted})
    sequential = check_site(root, SITE_URL, workers=1)
    assert [str(b) for b in sequential.broken] == [
        f"doc/p00377/index.html: {'href' if 'href' in planted else 'src'}: "
        f"'{planted.split(chr(34))[1]}' {reason}"]
    assert sequential.pages == 613  # 600 entries, 12 categories, the home page
    # 600 × (stylesheet, 12 navigation links, 2 anchor links, planted) + CSS url() + home page
    assert sequential.links == 600 * 15 + 1 + 1 + 1
    assert check_site(root, SITE_URL, workers=2) == sequential
    assert check_site(root, SITE_URL, workers=3) == sequential
    assert check_site(root, SITE_URL) == sequential  # however many the machine gives
