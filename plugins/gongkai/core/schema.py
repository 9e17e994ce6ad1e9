"""JSON Schema of a catalogue entry's front matter, for editors (completion and checks as you type).

The schema is made from the loader's own key list
(:data:`~gongkai.core.loading.entry.ENTRY_KEYS`), so the editor accepts exactly the keys the build
accepts.  ``gongkai schema`` writes it with the site's
categories and 索引号 pattern; ``gongkai/data/entry.schema.json`` is the same for the default
settings.  Editors read YAML 1.2, where ``2024-03-08`` is a string, so dates are strings in
``YYYY-MM-DD`` format here.  The build remains the judge: the schema cannot check that a 索引号 is
unique or that an attachment exists.
"""

from __future__ import annotations

import json
import re
from typing import Any

from .identifiers import USCC_CHARSET, index_no_parts
from .loading.entry import ENTRY_KEYS, REQUIRED_ENTRY_KEYS
from .model import (
    CLEANUP_DECISIONS,
    INFERABLE_FIELDS,
    NOT_IN_FORCE,
    REVIEW_RESULTS,
    UNSTATABLE_FIELDS,
    VALIDITIES,
)
from .settings import Settings

_REGEX_SPECIAL = re.compile(r"([.^$*+?()\[\]{}|\\])")

_DESCRIPTIONS: dict[str, str] = {
    "title": "标题 (required)",
    "index_no": "索引号 (required, unique, permanent: the page URL is made from it)",
    "category": "主题分类 (required): one of the categories configured in mkdocs.yml",
    "created": "成文日期/生成日期 (required), YYYY-MM-DD",
    "published": "公开日期 (required), YYYY-MM-DD, not before 成文日期, not in the future",
    "summary": "内容概述 (required, 条例第十二条): one or two sentences",
    "issuer": "发布机构 (default: the agency name)",
    "doc_no": "文号, e.g. 临市监规〔2024〕3号",
    "form": "体裁 (通知, 公告, 决定, 办法…)",
    "validity": "有效性 (default 有效)",
    "abolished": "废止/失效日期, YYYY-MM-DD: required when 有效性 is 失效 or 废止",
    "superseded_by": "替代文件: 索引号 of the entry that replaces this one",
    "interprets": "政策解读: 索引号 of the policy this entry explains",
    "review": "保密审查: only result 通过 is published; 'by' is never shown",
    "attachments": "附件: file paths relative to this entry, or {path, title, checked}",
    "keywords": "关键词: a list, or one text separated by commas",
    "privacy_allow": "numbers that look personal but are meant to be public (e.g. a hotline)",
    "also_in": "同时列入: further categories the same document is listed under (one page)",
    "unstated": "未注明: fields the source did not state (shown as 未注明; give them no value)",
    "inferred": "推定: field → how its value was derived (shown as （推定：…）)",
    "valid_until": "有效期至 stated by the document, YYYY-MM-DD: not in force after that day",
    "cleanup": "清理 decision about a 规章 or 行政规范性文件: {decision: 保留|修改|废止, date}",
}


def _index_no_regex(pattern: str, code: str) -> str:
    """An ECMA-262 regex (what JSON Schema uses) for the 索引号 pattern; any valid code if none."""

    def literal(text: str) -> str:
        return _REGEX_SPECIAL.sub(r"\\\1", text)

    regex = {"code": literal(code) if code else f"[{USCC_CHARSET}]{{18}}",
             "YYYY": r"\d{4}", "MM": "(0[1-9]|1[0-2])"}
    parts = [literal(text) if kind == "text" else rf"\d{{{len(text)}}}" if kind == "serial"
             else regex[kind] for kind, text in index_no_parts(pattern, strict=False)]
    return "^" + "".join(parts) + "$"


def entry_schema(settings: Settings, code: str = "") -> dict[str, Any]:
    """The JSON Schema (draft-07) of an entry's front matter under ``settings``."""
    date: dict[str, Any] = {"type": "string", "format": "date",
                            "pattern": r"^\d{4}-\d{1,2}-\d{1,2}$"}
    index_no = {"type": "string", "pattern": _index_no_regex(settings.index_no_pattern, code)}
    text_list = {"anyOf": [{"type": "array", "items": {"type": ["string", "number"]}},
                           {"type": "string"}]}
    properties: dict[str, dict[str, Any]] = {
        "title": {"type": "string", "minLength": 1},
        "index_no": index_no,
        "category": {"type": "string", "enum": [c.name for c in settings.categories]},
        "created": date,
        "published": date,
        "summary": {"type": "string", "minLength": 1, "maxLength": settings.summary_max_length},
        "issuer": {"type": "string"},
        "doc_no": {"type": "string"},
        "form": {"type": "string", "examples": ["通知", "公告", "决定", "办法", "意见", "报告"]},
        "validity": {"type": "string", "enum": list(VALIDITIES), "default": "有效"},
        "abolished": date,
        "superseded_by": index_no,
        "interprets": index_no,
        "review": {
            "type": "object",
            "additionalProperties": False,
            "required": ["result"],
            "properties": {
                "result": {"type": "string", "enum": list(REVIEW_RESULTS)},
                "by": {"type": "string", "description": "审查人 (never shown on the site)"},
                "date": date,
                "previously_published": {
                    "type": "boolean",
                    "description": "published before the move to this site (e.g. by the old CMS): "
                                   "the review may come after 公开日期"},
            },
        },
        "attachments": {"type": "array", "items": {"anyOf": [
            {"type": "string"},
            {"type": "object", "additionalProperties": False, "required": ["path"],
             "properties": {"path": {"type": "string"}, "title": {"type": "string"},
                            "checked": {**date, "description": "checked by hand for personal "
                                        "data (a file whose text cannot be read)"}}},
        ]}},
        "keywords": text_list,
        "privacy_allow": text_list,
        "also_in": {"type": "array", "uniqueItems": True,
                    "items": {"type": "string", "enum": [c.name for c in settings.categories]}},
        "unstated": {"type": "array", "uniqueItems": True,
                     "items": {"type": "string", "enum": list(UNSTATABLE_FIELDS)}},
        "inferred": {"type": "object", "additionalProperties": False,
                     "properties": {name: {"type": "string", "minLength": 1}
                                    for name in INFERABLE_FIELDS}},
        "valid_until": date,
        "cleanup": {
            "type": "object",
            "additionalProperties": False,
            "required": ["decision", "date"],
            "properties": {"decision": {"type": "string", "enum": list(CLEANUP_DECISIONS)},
                           "date": date},
        },
    }
    # A field listed as unstated has no value; an unstated summary is not required.
    unstated_rules: list[dict[str, Any]] = [
        {"if": {"required": ["unstated"],
                "properties": {"unstated": {"contains": {"const": name}}}},
         "then": {"not": {"required": [name]}}}
        for name in UNSTATABLE_FIELDS
    ]
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "gongkai 政府信息公开目录条目 (front matter of content/catalogue/**/*.md)",
        "type": "object",
        "additionalProperties": False,
        "required": [key for key in REQUIRED_ENTRY_KEYS if key != "summary"],
        "properties": {
            key: {"title": label, "description": _DESCRIPTIONS[key], **properties[key]}
            for key, label in ENTRY_KEYS.items()
        },
        "if": {"properties": {"validity": {"enum": list(NOT_IN_FORCE)}}, "required": ["validity"]},
        "then": {"required": ["abolished"]},
        "allOf": [
            *unstated_rules,
            {"if": {"required": ["unstated"],
                    "properties": {"unstated": {"contains": {"const": "summary"}}}},
             "else": {"required": ["summary"]}},
        ],
    }


def entry_schema_text(settings: Settings, code: str = "") -> str:
    """:func:`entry_schema` as indented JSON text with a final newline."""
    return json.dumps(entry_schema(settings, code), ensure_ascii=False, indent=2) + "\n"
