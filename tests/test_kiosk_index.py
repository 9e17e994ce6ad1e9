"""The kiosk's pure rules: what a visitor may type for a title, and which links leave the kiosk."""

from __future__ import annotations

import pytest

from gongkai.core.kiosk import (
    classify_link,
    digit_runs,
    mark_leaving_links,
    pinyin_keys,
    qr_path,
    qr_svg,
)

SITE = "https://scjgj.linchuan.gov.cn/xxgk/"


@pytest.mark.parametrize(("text", "full", "initials"), [
    # 多音字 settled by the phrase: 重 is chong in 重庆, 行 is hang in 银行 and 行长, 长 is zhang in 行长.
    ("重庆", "chongqing", "cq"),
    ("银行行长", "yinhanghangzhang", "yhhz"),
    ("长春市长", "changchunshizhang", "ccsz"),
    ("政府信息公开", "zhengfuxinxigongkai", "zfxxgk"),
    # Latin letters count as typed, in both keys; digits and brackets do not (they have their own key).
    ("政府信息公开ABC", "zhengfuxinxigongkaiabc", "zfxxgkabc"),
    ("临市监规〔2024〕3号", "linshijianguihao", "lsjgh"),
    # Full-width letters are the same letters.
    ("ＡＢ计量", "abjiliang", "abjl"),
    ("", "", ""),
])
def test_pinyin_keys_of_a_title(text, full, initials):
    keys = pinyin_keys(text)
    assert (keys.full, keys.initials) == (full, initials)


@pytest.mark.parametrize(("texts", "runs"), [
    (("临测规〔2023〕1号", "2023"), ["2023", "1"]),  # the year of the 文号 and the publication year once
    (("湘质监〔２０２４〕１２号",), ["2024", "12"]),  # full-width digits are digits
    (("没有数字",), []),
])
def test_digit_runs(texts, runs):
    assert digit_runs(*texts) == runs


@pytest.mark.parametrize(("href", "page_url", "kind", "public"), [
    ("https://www.gov.cn/", "doc/x/", "external", "https://www.gov.cn/"),
    ("//www.gov.cn/zhengce/", "doc/x/", "external", "//www.gov.cn/zhengce/"),
    ("mailto:xxgk@example.cn", "", "external", "mailto:xxgk@example.cn"),
    ("tel:07948123456", "agency/", "external", "tel:07948123456"),
    # Pages of the site stay on the kiosk.
    ("../../catalogue/", "doc/x/", "page", ""),
    ("#gk-fulltext-title", "doc/x/", "page", ""),
    ("../guide/index.html", "apply/", "page", ""),
    # Files are taken away by QR code, at their public address.
    ("files/a.pdf", "doc/x/", "file", SITE + "doc/x/files/a.pdf"),
    ("../../catalogue/2024/files/表.docx", "doc/x/", "file", SITE + "catalogue/2024/files/表.docx"),
    ("feed.xml", "", "file", SITE + "feed.xml"),
])
def test_classify_link(href, page_url, kind, public):
    assert classify_link(href, page_url, SITE) == (kind, public)


def test_leaving_links_are_marked_with_their_qr_code_and_pages_are_left_alone():
    html = ('<p><a href="../../guide/">指南</a> <a class="x" href="https://www.gov.cn/?a=1&amp;b=2">国务院</a>'
            " <a href='mailto:a@b.cn'>邮件</a></p>")
    marked, needed = mark_leaving_links(html, "doc/x/", SITE)
    assert '<a href="../../guide/">指南</a>' in marked
    gov = "https://www.gov.cn/?a=1&b=2"
    assert (f'<a class="x" href="https://www.gov.cn/?a=1&amp;b=2" data-gk-leave="external" '
            f'data-gk-public="https://www.gov.cn/?a=1&amp;b=2" data-gk-qr="{qr_path(gov)}">') in marked
    assert needed == {qr_path(gov): gov, qr_path("mailto:a@b.cn"): "mailto:a@b.cn"}


def test_an_attribute_cannot_be_broken_out_of_by_a_link_address():
    marked, _ = mark_leaving_links('<a href="https://e.cn/&quot;onclick=&quot;x">e</a>', "", SITE)
    assert 'data-gk-public="https://e.cn/&quot;onclick=&quot;x"' in marked
    assert ' onclick=' not in marked.replace("&quot;onclick=", "")


def test_qr_codes_are_svg_files_named_by_their_url():
    svg = qr_svg("https://scjgj.linchuan.gov.cn/xxgk/doc/x/")
    assert svg.startswith("<svg") and "<path" in svg and svg.rstrip().endswith("</svg>")
    assert qr_path("https://a.cn/") == qr_path("https://a.cn/")
    assert qr_path("https://a.cn/") != qr_path("https://b.cn/")
    assert qr_path("https://a.cn/").startswith("kiosk/qr/") and qr_path("https://a.cn/").endswith(".svg")
