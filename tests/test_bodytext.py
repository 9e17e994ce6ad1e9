"""The text of a body as its page shows it (gongkai/core/bodytext.py).

The oracle is the rendering itself: Python-Markdown with the site's extensions, then the HTML's
text.  The shortcut for plain paragraphs must give exactly that text, and Markdown that is more
than plain paragraphs must not take it.
"""

from __future__ import annotations

import pytest

from gongkai.core.bodytext import BodyText, html_text

EXTENSIONS = ["toc", "tables", "fenced_code", "attr_list", "footnotes", "admonition", "abbr",
              "def_list"]

PLAIN = [
    "为进一步做好计量器具检定工作，现通知如下。\n\n各单位要高度重视，联系电话：0794-8123408。\n",
    "第一行\n第二行在同一段。\n\n\n\n第三段。",
    "  缩进不足四格的段落。\n\n\t\n末段",                                  # a blank line of a tab
    "全角符号：＊重点＊、＿下划线＿、［方括号］、＜尖括号＞、＆、＃、＞。\n",
    "中文　全角空格　与\u00a0不换行空格。\n",
    "GB 7588-2020 与 ISO9001 认证、12315 投诉、2024年12月。\n",
    "",
]

MARKUP = [
    "研发&amp;创新",                                                     # entity
    "| 项目 | 金额 |\n|---|---|\n| 设备 | 12 |\n",                       # table
    "正文[^1]。\n\n[^1]: 脚注。\n",                                       # footnote
    "见[指南][g]。\n\n[g]: https://www.gov.cn/\n",                        # reference link
    '!!! note "注意"\n    申报材料须加盖公章。\n',                             # admonition
    "```yaml\n期限: 三十日\n```\n",                                       # fenced code
    "    缩进代码块\n",                                                   # indented code
    "# 一、总体情况\n\n正文。\n",                                          # heading
    "- 列表一\n- 列表二\n",                                               # list
    "1. 第一\n2. 第二\n",                                                 # ordered list
    "> 引用。\n",                                                         # quote
    "标题\n===\n",                                                        # setext heading
    "术语\n:   定义。\n",                                                 # definition list
    "*[HTML]: 超文本\n\nHTML 页面。\n",                                   # abbreviation
    "段落 {: .note }\n",                                                  # attribute list
    "第一行末尾两个空格  \n第二行。\n",                                    # hard line break
    "**加粗**与`代码`与\\*转义\\*。\n",                                    # emphasis, code, escape
    '<span title="x">行内</span> HTML。\n',                                # raw HTML
]


@pytest.fixture(scope="module")
def body_text() -> BodyText:
    return BodyText(EXTENSIONS, {"toc": {"permalink": False}})


@pytest.mark.parametrize("markdown", PLAIN + MARKUP)
def test_text_is_the_text_of_the_rendered_html(body_text: BodyText, markdown: str) -> None:
    assert body_text.text(markdown) == html_text(body_text.html(markdown))


@pytest.mark.parametrize("markdown", MARKUP)
def test_markup_is_rendered_not_taken_for_plain_paragraphs(body_text: BodyText,
                                                           markdown: str) -> None:
    rendered = html_text(body_text.html(markdown))
    shortcut = "\n".join(" ".join(p.split()) for p in markdown.split("\n\n") if p.strip())
    assert body_text.text(markdown) == rendered
    if markdown.strip() and shortcut != rendered:
        assert not body_text.shortcut or body_text.text(markdown) != shortcut


@pytest.mark.parametrize(("html", "text"), [
    ("<p>甲</p>\n<p>乙</p>", "甲\n乙"),
    ("<table><tr><td>项目</td><td>金额</td></tr></table>", "项目\n金额"),  # cells apart
    ("<p>研发&amp;创新 &lt;试行&gt;</p>", "研发&创新 <试行>"),               # entities decoded
    ("<p>正文<sup>1</sup>。</p>", "正文1。"),                                # inline stays inline
    ("<p>a<script>alert(1)</script>b</p><style>p{}</style>", "ab"),         # nothing of scripts
    ("<p>多个   空格\n与换行</p>", "多个 空格 与换行"),
])
def test_html_text(html: str, text: str) -> None:
    assert html_text(html) == text


def test_extensions_that_change_prose_are_always_rendered() -> None:
    smarty = BodyText(["smarty"])
    assert not smarty.shortcut
    assert smarty.text("甲 -- 乙") == "甲 – 乙"  # en dash: the page does not show --
