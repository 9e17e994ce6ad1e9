"""One catalogue entry: its front matter checked field by field into a
:class:`~gongkai.core.model.CatalogueEntry` with the line of every key (:func:`read_entry`)."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path, PurePosixPath

from .. import identifiers, privacy, privacy_scan, zh
from ..entrycache import decode_text
from ..model import (
    CLEANUP_DECISIONS,
    INFERABLE_FIELDS,
    NOT_IN_FORCE,
    REVIEW_RESULTS,
    UNSTATABLE_FIELDS,
    VALIDITIES,
    Attachment,
    CatalogueEntry,
    Cleanup,
    SecrecyReview,
    SourceLines,
)
from ..problems import Problems
from ..publish import (
    MARKDOWN_SUFFIXES,
    attachment_problem,
)
from ..regulations import CLEANUP_CATEGORIES
from ..settings import Settings
from ..yamlsource import split_front_matter
from .fields import Fields, mapping_document, read_text

ENTRY_KEYS: dict[str, str] = {
    "title": "标题",
    "index_no": "索引号",
    "category": "主题分类",
    "created": "成文日期",
    "published": "公开日期",
    "summary": "内容概述",
    "issuer": "发布机构",
    "doc_no": "文号",
    "form": "体裁",
    "validity": "有效性",
    "abolished": "废止/失效日期",
    "superseded_by": "替代文件",
    "interprets": "政策解读",
    "review": "保密审查",
    "attachments": "附件",
    "keywords": "关键词",
    "privacy_allow": "允许公开的号码",
    "also_in": "同时列入",
    "unstated": "未注明",
    "inferred": "推定",
    "valid_until": "有效期至",
    "cleanup": "清理",
}
REQUIRED_ENTRY_KEYS = ("title", "index_no", "category", "created", "published", "summary")
# Chinese labels a webmaster may type as keys, mapped to the key they mean.
CHINESE_KEY_ALIASES: dict[str, str] = {
    **{label: key for key, label in ENTRY_KEYS.items()},
    "分类": "category",
    "成文日期": "created",
    "生成日期": "created",
    "发布日期": "published",
    "摘要": "summary",
    "概述": "summary",
    "废止日期": "abolished",
    "失效日期": "abolished",
    "解读": "interprets",
}


def _attachments(fields: Fields, entry_rel: str, root: Path) -> tuple[Attachment, ...]:
    result: list[Attachment] = []
    if fields.data.get("attachments") is None:  # most entries: no path to work out
        return ()
    entry_dir = PurePosixPath(entry_rel).parent
    for index, item, sub in fields.items("attachments"):
        key = f"attachments.{index}"
        if sub is not None:
            sub.unknown_keys(("path", "title", "checked"))
            path_text, title = sub.text("path", required=True), sub.text("title")
            checked = sub.date("checked")
        elif isinstance(item, (str, int, float)):
            path_text, title, checked = str(item).strip(), "", None
        else:
            fields.error(key, "must be a file path or {path, title}",
                         "write '- file.pdf' or '- {path: file.pdf, title: 附件名称}'")
            continue
        if not path_text:
            continue
        rel = os.path.normpath(str(entry_dir / path_text)).replace(os.sep, "/")
        if rel.startswith("../") or rel == ".." or os.path.isabs(path_text):
            fields.error(key, f"'{path_text}' points outside the content folder",
                         "put the attachment in content/ next to the entry")
            continue
        if rel.lower().endswith((".yml", ".yaml", *MARKDOWN_SUFFIXES)):
            fields.error(key, f"'{path_text}' cannot be an attachment (YAML and Markdown are content)",
                         "attach a PDF, Word, Excel or image file")
            continue
        target = root / rel
        if not target.is_file():
            fields.error(key, f"attachment '{path_text}' not found (looked for content/{rel})",
                         "add the file next to the entry or correct the path")
            continue
        refused = attachment_problem(root, rel)
        if refused is not None:  # a symlink to a register or out of content/ (core/publish.py)
            fields.error(key, f"'{path_text}' {refused}",
                         "attach a real file: a copy of the document to publish")
            continue
        result.append(Attachment(rel, title or PurePosixPath(rel).name, target.stat().st_size,
                                 fields.line(key), checked))
    return tuple(result)


def read_entry(root: Path, rel: str, settings: Settings, code: str, agency_name: str,
               index_pattern: re.Pattern[str], data: bytes | None,
               problems: Problems) -> CatalogueEntry | None:
    """One entry file (``data``: its bytes if already read) validated into an entry; None on errors."""
    if data is None:
        text = read_text(root / rel)
    else:
        try:
            text = decode_text(data)
        except UnicodeDecodeError:
            text = None
    if text is None:
        problems.error(rel, 0, "", "not UTF-8 text", "save the file as UTF-8")
        return None
    before = len(problems.errors)
    source = split_front_matter(text, rel, problems)
    if source.meta is None:
        if len(problems.errors) == before and text.lstrip("\ufeff").startswith("---"):
            problems.error(rel, 1, "", "the front matter that starts here is never closed",
                           "add a line '---' after the last field, before the full text")
        elif len(problems.errors) == before:
            problems.error(rel, 1, "", "no front matter",
                           "start the file with '---', the fields (title, index_no, …) and '---'")
        return None
    fields = mapping_document(source.meta, rel, problems, "front matter")
    if fields is None:
        return None
    fields.unknown_keys(ENTRY_KEYS, CHINESE_KEY_ALIASES)
    # fields.line(key) for each key (top-level keys have no parent to fall back to).
    lines = SourceLines(tuple((key, source.meta.lines[key]) for key in ENTRY_KEYS
                              if key in source.meta.lines),
                        source.meta.first_line, source.body_first_line)
    unstated = _unstated(fields)
    values = {key: fields.text(key, required=key not in unstated, what=ENTRY_KEYS[key])
              for key in ("title", "index_no", "category", "summary")}
    created = fields.date("created", required=True, what="成文日期")
    published = fields.date("published", required=True, what="公开日期")
    index_no = values["index_no"]
    if index_no and not index_pattern.fullmatch(index_no):
        fields.error("index_no", f"'{index_no}' does not match the pattern {settings.index_no_pattern}",
                     f"write it like {identifiers.describe_index_no_pattern(settings.index_no_pattern, code)}")
    category = values["category"]
    if category and settings.category(category) is None:
        names = [c.name for c in settings.categories]
        near = zh.nearest(category, names)
        fields.error("category", f"unknown category '{category}'",
                     (f"did you mean '{near}'? " if near else "")
                     + "valid categories: " + "、".join(names))
    also_in = _also_in(fields, category, settings)
    if created and published and published < created:
        fields.error("published", f"公开日期 {published} is before 成文日期 {created}",
                     "a document cannot be published before it was written; check both dates")
    if published and published > settings.today:
        fields.error("published", f"公开日期 {published} is in the future (today is {settings.today})",
                     "publish the entry on or after that date, or correct the date")
    summary = values["summary"]
    if len(summary) > settings.summary_max_length:
        fields.warning("summary", f"内容概述 has {len(summary)} characters, more than "
                       f"{settings.summary_max_length}",
                       "shorten it to one or two sentences; the full text goes in the body")
    validity_text = fields.text("validity") or "有效"
    validity = validity_text if validity_text in VALIDITIES else "有效"
    if validity_text not in VALIDITIES:
        fields.error("validity", f"unknown 有效性 '{validity_text}'",
                     "use one of " + "、".join(VALIDITIES))
    abolished = fields.date("abolished")
    if validity in NOT_IN_FORCE and abolished is None and "abolished" not in fields.data:
        fields.error("validity", f"有效性 is {validity} but no abolished date is given",
                     "add 'abolished: YYYY-MM-DD' (the date it ceased to be in force)")
    if abolished and validity == "有效" and "validity" not in unstated:
        fields.warning("abolished", "an abolished date is given but 有效性 is 有效",
                       "set 'validity: 废止' or '失效', or remove the date")
    if abolished and created and abolished < created:
        fields.error("abolished", f"废止日期 {abolished} is before 成文日期 {created}",
                     "check both dates")
    valid_until = fields.date("valid_until")
    if valid_until and created and valid_until < created:
        fields.error("valid_until", f"有效期至 {valid_until} is before 成文日期 {created}",
                     "check both dates")
    elif (valid_until and valid_until < settings.today and validity == "有效"
          and "validity" not in unstated and abolished is None):
        fields.warning("valid_until", f"有效期至 {valid_until} has passed but 有效性 is 有效",
                       f"write 'validity: 失效' and 'abolished: {valid_until + dt.timedelta(days=1)}'")
    cleanup = _cleanup(fields, settings, (category, *also_in), validity, abolished, created)
    inferred = _inferred(fields, unstated)
    review = SecrecyReview("待审", "", None)
    review_fields = fields.mapping("review")
    if review_fields is None and "review" not in fields.data:
        fields.warning("review", "no 保密审查 record: the entry is not published",
                       "after the review add 'review: {result: 通过, by: 审查人, date: YYYY-MM-DD}'")
    if review_fields is not None:
        review_fields.unknown_keys(("result", "by", "date", "previously_published"))
        result = review_fields.text("result", required=True, what="审查结果")
        if result and result not in REVIEW_RESULTS:
            review_fields.error("result", f"unknown 保密审查 result '{result}'",
                                "use one of " + "、".join(REVIEW_RESULTS))
        review = SecrecyReview(
            result if result in REVIEW_RESULTS else "待审",
            review_fields.text("by"),
            review_fields.date("date"),
        )
        # A document the agency published before it moved in (an old CMS's catalogue) is reviewed
        # again for this site after its 公开日期; the import records that.
        previously_published = review_fields.data.get("previously_published", False)
        if not isinstance(previously_published, bool):
            review_fields.error("previously_published", f"'{previously_published}' is not true or "
                                "false", "write 'previously_published: true' or leave it out")
        if review.date and published and review.date > published and previously_published is not True:
            review_fields.error("date", f"保密审查 date {review.date} is after 公开日期 {published}",
                                "the review must come before publication (未经审核的信息不准上网); "
                                "check both dates, or add 'previously_published: true' to the "
                                "review of a document published before the move to this site")
    attachments = _attachments(fields, rel, root)
    privacy_allow = fields.text_list("privacy_allow")
    if len(problems.errors) > before or created is None or published is None:
        return None
    entry = CatalogueEntry(
        source=rel,
        title=values["title"],
        index_no=index_no,
        slug=identifiers.index_no_slug(index_no),
        category=category,
        created=created,
        published=published,
        summary=summary,
        issuer="" if "issuer" in unstated else fields.text("issuer") or agency_name,
        body=source.body,
        doc_no=fields.text("doc_no"),
        form=fields.text("form"),
        validity=validity,
        abolished=abolished,
        superseded_by=fields.text("superseded_by"),
        interprets=fields.text("interprets"),
        review=review,
        attachments=attachments,
        keywords=fields.text_list("keywords"),
        privacy_allow=privacy_allow,
        also_in=also_in,
        unstated=frozenset(unstated),
        inferred=inferred,
        valid_until=valid_until,
        cleanup=cleanup,
        lines=lines,
    )
    if entry.is_published:
        _scan_privacy(entry, fields, problems)
    return entry


def _unstated(fields: Fields) -> tuple[str, ...]:
    """``unstated:``: known fields only, none of them also given a value."""
    unstated: list[str] = []
    for name in fields.text_list("unstated"):
        if name not in UNSTATABLE_FIELDS:
            near = zh.nearest(name, list(UNSTATABLE_FIELDS))
            fields.error("unstated", f"'{name}' cannot be unstated",
                         (f"did you mean '{near}'? " if near else "")
                         + "list only " + ", ".join(UNSTATABLE_FIELDS))
        elif fields.has(name):
            fields.error("unstated", f"lists '{name}', but {name} also has a value "
                         f"(line {fields.line(name)})",
                         f"remove '{name}' from unstated or remove its value")
        elif name not in unstated:
            unstated.append(name)
    return tuple(unstated)


def _also_in(fields: Fields, category: str, settings: Settings) -> tuple[str, ...]:
    """``also_in:``: further configured categories, none of them the entry's own, none twice."""
    names = [c.name for c in settings.categories]
    also_in: list[str] = []
    for name in fields.text_list("also_in"):
        if settings.category(name) is None:
            near = zh.nearest(name, names)
            fields.error("also_in", f"unknown category '{name}'",
                         (f"did you mean '{near}'? " if near else "")
                         + "valid categories: " + "、".join(names))
        elif name == category:
            fields.error("also_in", f"'{name}' is already the entry's category",
                         "list only the other columns the entry belongs to")
        elif name in also_in:
            fields.error("also_in", f"'{name}' is listed twice", "list each column once")
        else:
            also_in.append(name)
    return tuple(also_in)


def _inferred(fields: Fields, unstated: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """``inferred:``: a note (how the value was derived) for fields that have a value."""
    notes = fields.mapping("inferred")
    if notes is None:
        return ()
    inferred: list[tuple[str, str]] = []
    for key in notes.data:
        name = str(key)
        note = notes.text(name)
        if name not in INFERABLE_FIELDS:
            near = zh.nearest(name, list(INFERABLE_FIELDS))
            notes.error(name, "this field cannot be marked as inferred",
                        (f"did you mean '{near}'? " if near else "")
                        + "use one of " + ", ".join(INFERABLE_FIELDS))
        elif name in unstated or not fields.has(name):
            notes.error(name, f"{name} has no value to be inferred",
                        f"give '{name}: …' a value, or remove it from inferred")
        elif not note:
            notes.error(name, "says nothing about how the value was derived",
                        f"write e.g. '{name}: 按公开日期推定'")
        else:
            inferred.append((name, note))
    return tuple(inferred)


def _cleanup(fields: Fields, settings: Settings, categories: tuple[str, ...], validity: str,
             abolished: dt.date | None, created: dt.date | None) -> Cleanup | None:
    """``cleanup: {decision, date}``: the 清理 decision about a 规章 or 行政规范性文件."""
    sub = fields.mapping("cleanup")
    if sub is None:
        return None
    sub.unknown_keys(("decision", "date"))
    decision = sub.text("decision", required=True, what="清理结论")
    day = sub.date("date", required=True, what="清理日期")
    if decision and decision not in CLEANUP_DECISIONS:
        near = zh.nearest(decision, list(CLEANUP_DECISIONS))
        sub.error("decision", f"unknown 清理 decision '{decision}'",
                  (f"did you mean '{near}'? " if near else "") + "use one of " + "、".join(CLEANUP_DECISIONS))
    if day and day > settings.today:
        sub.error("date", f"清理 date {day} is in the future (today is {settings.today})",
                  "record the decision once it is taken")
    if day and created and day < created:
        sub.error("date", f"清理 date {day} is before 成文日期 {created}", "check both dates")
    if decision == "废止" and validity != "废止" and abolished is None:
        sub.error("decision", f"the 清理 decided 废止, but 有效性 is {validity}",
                  f"write 'validity: 废止' and 'abolished: {day or 'YYYY-MM-DD'}'")
    if not any(name in CLEANUP_CATEGORIES for name in categories):
        fields.warning("cleanup", "a 清理 decision is recorded for a document that is neither 规章 "
                       "nor 行政规范性文件", "remove it, or correct the category")
    if decision not in CLEANUP_DECISIONS or day is None:
        return None
    return Cleanup(decision, day)


def _scan_privacy(entry: CatalogueEntry, fields: Fields, problems: Problems) -> None:
    allowed = privacy_scan.allowed_numbers(entry.privacy_allow)
    for hit in privacy.find_personal_data(entry.body):
        if not privacy_scan.is_allowed(hit, allowed):
            privacy_scan.report_hit(problems, entry.source, entry.lines.body_line + hit.line - 1,
                                    "全文", hit)
    texts: list[tuple[str, str]] = []
    for key in ENTRY_KEYS:
        if key in ("privacy_allow", "review"):
            continue
        value = fields.data.get(key)
        for text in value if isinstance(value, list) else [value]:
            if isinstance(text, dict):
                text = " ".join(str(v) for v in text.values())
            if text is not None:
                texts.append((key, str(text)))
    # One scan of all fields joined by blank lines finds every number a scan of each field finds
    # (a number broken by a line break joins two lines, never across an empty one); most entries
    # have none, and the fields are scanned one by one only to name the field of a hit.
    if privacy.find_personal_data("\n\n".join(text for _, text in texts)):
        for key, text in texts:
            for hit in privacy.find_personal_data(text):
                if not privacy_scan.is_allowed(hit, allowed):
                    privacy_scan.report_hit(problems, entry.source, fields.line(key), key, hit)
