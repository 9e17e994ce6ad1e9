"""The quick inline pass (gongkai/runner/inline.py) gives Python-Markdown's HTML, byte for byte.

The oracle is Python-Markdown itself with its own inline pass; the texts cover every character an
inline pattern starts with, each alone and in Chinese prose, and prose with none of them.
"""

from __future__ import annotations

import markdown
import pytest

from gongkai.runner.inline import QuickInlineProcessor, use_quick_inline

EXTENSIONS = ["tables", "attr_list", "toc"]

TEXTS = [
    "为进一步做好计量器具检定工作，现通知如下。\n\n各单位要高度重视，联系电话：0794-8123408。\n",
    "第一行末尾两个空格  \n第二行（硬换行）。\n",
    "全角符号不是标记：＊重点＊、＿下划线＿、［方括号］、＜尖括号＞、＆。\n",
    "**加粗的通知**和*强调*，以及__另一种加粗__和_另一种强调_。\n",
    "代码 `mkdocs build` 与转义 \\*不是强调\\*。\n",
    "见[政府信息公开指南](../guide/)和![图](a.png)，参考[链接][1]。\n\n[1]: https://www.gov.cn/\n",
    "自动链接 <https://www.gov.cn/> 与邮箱 <xxgk@example.gov.cn>，实体 &copy; 与 &amp;。\n",
    "行内 HTML <span class=\"x\">标注</span> 与注释 <!-- 备注 -->。\n",
    "## 一、总体情况 {#overview}\n\n正文段落。\n\n| 项目 | 数量 |\n|---|---|\n| 申请 | 12 |\n",
    "- 列表一\n- 列表二：无标记\n\n> 引用的段落。\n",
    "snake_case_name 与 2*3*4 与 a<b 与 R&D。\n",
]


def convert(text: str, quick: bool) -> str:
    md = markdown.Markdown(extensions=EXTENSIONS, extension_configs={"toc": {"permalink": False}})
    if quick:
        assert use_quick_inline(md)
        assert isinstance(md.treeprocessors["inline"], QuickInlineProcessor)
    return md.convert(text)


@pytest.mark.parametrize("text", TEXTS)
def test_quick_inline_gives_python_markdowns_html(text: str):
    assert convert(text, quick=True) == convert(text, quick=False)


def test_text_without_markup_skips_the_patterns_and_text_with_markup_does_not():
    md = markdown.Markdown(extensions=EXTENSIONS)
    use_quick_inline(md)
    tried: list[str] = []
    for pattern in md.inlinePatterns:
        original = pattern.getCompiledRegExp().finditer

        def spy(data: str, *args: object, _original=original) -> object:  # type: ignore[no-untyped-def]
            tried.append(data)
            return _original(data, *args)

        pattern.compiled_re = type("Spy", (), {"finditer": staticmethod(spy),
                                              "pattern": pattern.compiled_re.pattern})()
    md.convert("各单位要高度重视。\n")
    assert tried == []
    md.reset()
    md.convert("各单位要**高度**重视。\n")
    assert tried


def test_other_inline_patterns_keep_the_full_pass():
    md = markdown.Markdown(extensions=EXTENSIONS + ["md_in_html"])
    from markdown.inlinepatterns import SimpleTagInlineProcessor

    md.inlinePatterns.register(SimpleTagInlineProcessor(r"(~~)(.+?)~~", "del"), "del", 65)
    assert not use_quick_inline(md)
    assert "<del>删除</del>" in md.convert("~~删除~~\n")
