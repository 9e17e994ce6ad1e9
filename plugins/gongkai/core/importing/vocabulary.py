"""What the columns and cells of a CMS export mean: headers, 有效性 words, the mapping file.

Everything here is a table a webmaster can read in the README (迁移指南): the headers each entry
field is recognised under and how each 有效性 word maps onto the contract's four values (the
spellings of a date: :func:`gongkai.core.dates.parse_date`).  What the tables do not cover is
said in ``import-map.yml``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..model import VALIDITIES

# The entry field each header means (compared after normalising, see header_text).  The first
# name of each tuple is the field's label in messages.
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "index_no": ("索引号", "索引编号", "索取号", "信息索引号", "索引"),
    "title": ("标题", "名称", "文件名称", "文件标题", "信息名称", "信息标题", "题名", "文件题名"),
    "doc_no": ("文号", "发文字号", "发文号", "发文文号", "文件编号", "文件字号", "文件文号"),
    "category": ("主题分类", "主题", "分类", "信息分类", "信息类别", "公开类别", "类别", "一级类别",
                 "所属一级类别", "栏目", "栏目名称", "所属栏目", "目录分类"),
    "created": ("成文日期", "成文时间", "生成日期", "发文日期", "发文时间", "印发日期", "印发时间",
                "签发日期"),
    "published": ("公开日期", "公开时间", "发布日期", "发布时间", "时间", "日期", "上网时间"),
    "summary": ("内容概述", "内容摘要", "摘要", "概述", "内容描述", "简介"),
    "issuer": ("发布机构", "发文机关", "发文机构", "发布单位", "发文单位", "公开主体", "发布部门",
               "制发机关"),
    "validity": ("有效性", "时效性", "效力状态", "效力", "时效", "有效状态"),
    "abolished": ("废止日期", "失效日期", "失效时间", "废止时间", "废止/失效日期"),
    "valid_until": ("有效期至", "有效期", "有效期限", "有效截止日期"),
    "form": ("体裁", "文种", "信息体裁", "公文种类"),
    "keywords": ("关键词", "关键字", "主题词"),
    "body": ("全文", "正文", "内容", "文件内容"),
}
FIELD_LABELS: dict[str, str] = {key: names[0] for key, names in HEADER_ALIASES.items()}
# A column mapped to this (or to nothing) in import-map.yml is read by no field.
IGNORE = "ignore"

# 有效性 words in use, onto the contract's VALIDITIES.  A word whose meaning is narrowed by the
# mapping carries the note recorded as `inferred: {validity: …}` so the reviewer sees the original.
VALIDITY_WORDS: dict[str, tuple[str, str]] = {
    "有效": ("有效", ""), "现行有效": ("有效", ""), "全文有效": ("有效", ""),
    "尚未生效": ("有效", "导出为「尚未生效」，按有效录入"),
    "失效": ("失效", ""), "已失效": ("失效", ""), "全文失效": ("失效", ""), "宣布失效": ("失效", ""),
    "废止": ("废止", ""), "已废止": ("废止", ""), "全文废止": ("废止", ""), "宣布废止": ("废止", ""),
    "已修改": ("已修改", ""), "已被修改": ("已修改", ""), "修改": ("已修改", ""),
    "已修订": ("已修改", ""), "修订": ("已修改", ""), "部分修改": ("已修改", ""),
    "部分失效": ("已修改", "导出为「部分失效」，按已修改录入"),
}



def header_text(header: object) -> str:
    """A header as compared with the vocabulary: NFKC, lower case, no notes in brackets, no spaces.

    ``' 索 引 号 *'``, ``'索引号（必填）'`` and ``'索引号：'`` all become ``'索引号'``.
    """
    text = unicodedata.normalize("NFKC", str(header if header is not None else "")).strip().lower()
    text = re.sub(r"[(\[【].*?[)\]】]", "", text)
    return re.sub(r"[\s*:：]", "", text)


# Columns of exports that are no field of an entry: listed as ignored without a hint to map them.
IGNORED_HEADERS = ("序号", "来源网站", "访问地址", "链接", "网址", "url", "附件链接", "附件", "浏览次数")
_ALIAS_TO_FIELD: dict[str, str] = {header_text(name): key for key, names in HEADER_ALIASES.items()
                                   for name in names} | {key: key for key in HEADER_ALIASES} \
    | {header_text(name): IGNORE for name in IGNORED_HEADERS}


def field_of(header: str) -> str | None:
    """The entry field a (normalised) header names in the built-in vocabulary, if any."""
    return _ALIAS_TO_FIELD.get(header)


    return None


@dataclass
class ImportMap:
    """``import-map.yml``: what the webmaster says about columns and values the tables lack.

    ``columns`` maps a header (normalised) to a field or ``ignore``; ``categories`` maps a value
    of the category column to one configured category or a list (the first is the entry's
    category, the others its ``also_in``); ``validity`` maps a 有效性 word to one of VALIDITIES;
    ``defaults`` gives values for fields the export does not state (issuer, validity, category).
    Unfilled values (``null``/empty) are kept so that the template can list them.
    """

    columns: dict[str, str] = field(default_factory=dict)
    categories: dict[str, list[str]] = field(default_factory=dict)
    validity: dict[str, str] = field(default_factory=dict)
    defaults: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    raw_columns: dict[str, str] = field(default_factory=dict)


def _target_field(target: object) -> str | None:
    """The field a mapping target names: a field key, its Chinese label or alias; 'ignore'."""
    text = header_text(target)
    if text in ("", IGNORE, "忽略", "none", "null"):
        return IGNORE
    return field_of(text)


def load_map(path: Path) -> ImportMap:
    """Read ``import-map.yml`` (a missing file is an empty map); problems are listed, not raised."""
    result = ImportMap()
    if not path.is_file():
        return result
    where = path.name
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        result.problems.append(f"{where}: cannot be read ({error}) — correct the YAML or delete "
                               "the file to have it written again")
        return result
    if not isinstance(data, dict):
        result.problems.append(f"{where}: expected keys columns, categories, validity, defaults")
        return result
    for header, target in (data.get("columns") or {}).items():
        key = _target_field(target)
        if key is None:
            result.problems.append(f"{where}: columns: {header}: '{target}' is not a field — use "
                                   "one of " + ", ".join(HEADER_ALIASES) + " or ignore")
            continue
        result.columns[header_text(header)] = key
        result.raw_columns[str(header)] = key
    for value, target in (data.get("categories") or {}).items():
        names = target if isinstance(target, list) else [target] if target else []
        result.categories[str(value).strip()] = [str(n).strip() for n in names if n]
    for word, target in (data.get("validity") or {}).items():
        if target and str(target) not in VALIDITIES:
            result.problems.append(f"{where}: validity: {word}: '{target}' is not one of "
                                   + "、".join(VALIDITIES))
            continue
        result.validity[str(word).strip()] = str(target) if target else ""
    for key, value in (data.get("defaults") or {}).items():
        if value not in (None, ""):
            result.defaults[str(key)] = str(value)
    return result


def map_template(used: ImportMap, columns: dict[str, str], unknown_categories: dict[str, int],
                 unknown_validity: dict[str, int]) -> str:
    """The text of ``import-map.yml``: the mapping used, with unknown values listed to be filled.

    ``columns`` is header → field as read in this run; unknown values get an empty target and a
    comment with their row count, so the webmaster fills them in and runs the import again.
    """
    def dump(data: dict[str, Any]) -> str:
        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000).rstrip("\n")

    lines = [
        "# gongkai import: how the columns and values of the export map onto entry fields.",
        "# Edit this file and run the import again (README, 迁移指南).",
        "# columns: header → field (" + ", ".join(HEADER_ALIASES) + ") or ignore",
        dump({"columns": {**columns, **used.raw_columns}}),
        "# categories: value in the export → a configured category, or a list",
        "#   [category, also-in, …]; values left empty were not found in mkdocs.yml",
        "categories:",
    ]
    for value, targets in used.categories.items():
        if value not in unknown_categories:
            lines.append(f"  {dump({value: targets[0] if len(targets) == 1 else targets})}")
    for value, count in sorted(unknown_categories.items(), key=lambda item: -item[1]):
        lines.append(f"  {dump({value: None})}   # {count} row(s)")
    lines.append("# validity: 有效性 word → " + " | ".join(VALIDITIES))
    lines.append("validity:")
    for word, target in used.validity.items():
        if word not in unknown_validity:
            lines.append(f"  {dump({word: target or None})}")
    for word, count in sorted(unknown_validity.items(), key=lambda item: -item[1]):
        lines.append(f"  {dump({word: None})}   # {count} row(s)")
    lines.append("# defaults: values for fields the export does not state (issuer, validity, "
                 "category); otherwise they are written as unstated")
    lines.append(dump({"defaults": used.defaults}) if used.defaults else "defaults: {}")
    return "\n".join(lines) + "\n"
