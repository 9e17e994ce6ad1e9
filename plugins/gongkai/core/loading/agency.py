"""``agency.yml`` (the agency's name, code and contacts) and ``guide.md`` (the 政府信息公开指南)."""

from __future__ import annotations

from pathlib import Path

from .. import identifiers
from ..model import (
    Affiliate,
    Agency,
    ApplicationWindow,
    Department,
    Guide,
    Leader,
    SourceLines,
)
from ..problems import Problems
from ..samplesite import SAMPLE_AGENCY_CODE, is_sample_agency
from ..yamlsource import split_front_matter
from .fields import mapping_document, read_published_yaml, read_text, scan_page

AGENCY_FILE = "agency.yml"
GUIDE_FILE = "guide.md"
AGENCY_KEYS = (
    "name", "code", "address", "postcode", "office_hours", "phone", "fax", "email", "website",
    "application_window", "duties", "leaders", "departments", "affiliates", "privacy_allow",
)
# 条例第十二条: what the 指南 must give; the contact block comes from agency.yml.
GUIDE_AGENCY_FIELDS: dict[str, str] = {
    "name": "机构名称",
    "address": "办公地址",
    "office_hours": "办公时间",
    "phone": "联系电话",
    "fax": "传真",
}
GUIDE_SECTIONS: dict[str, tuple[str, ...]] = {
    "分类与编排体系": ("分类", "编排"),
    "获取方式": ("获取方式",),
}


def read_agency(root: Path, problems: Problems) -> Agency:
    """``agency.yml`` as an :class:`Agency` (empty fields where it is missing or broken)."""
    rel = AGENCY_FILE
    empty = Agency("", "", "", "", "", "", "", "", "")
    if not (root / rel).is_file():
        problems.error(rel, 0, "", "file missing",
                       "create content/agency.yml with the agency's name, code, address and contacts")
        return empty
    fields = mapping_document(read_published_yaml(root, rel, problems), rel, problems,
                              "agency.yml")
    if fields is None:
        return empty
    fields.unknown_keys(AGENCY_KEYS)
    for key, label in GUIDE_AGENCY_FIELDS.items():
        if not fields.has(key):
            fields.error(key, f"missing: the 政府信息公开指南 must give the {label} (条例第十二条)",
                         f"add '{key}: …' to agency.yml")
    if not fields.has("email") and not fields.has("website"):
        fields.error("email", "missing: the 指南 must give an 互联网联系方式 (条例第十二条)",
                     "add 'email: …' or 'website: …' to agency.yml")
    code = fields.text("code", required=True, what="统一社会信用代码")
    if code and not identifiers.is_valid_uscc(code):
        fields.error("code", f"'{code}' is not a valid 统一社会信用代码 (18 characters, check digit)",
                     "copy the code exactly from the agency's registration certificate")
    name = fields.text("name")
    if code == SAMPLE_AGENCY_CODE and name and not is_sample_agency(name):
        fields.warning("code", f"'{code}' is the sample agency's 统一社会信用代码, not {name}'s (it "
                       "begins every default 索引号)",
                       "copy the code from the agency's registration certificate, before the "
                       "first publication: 索引号 never change once published")
    window = None
    window_fields = fields.mapping("application_window")
    if window_fields is not None:
        window_fields.unknown_keys(("address", "hours", "phone"))
        window = ApplicationWindow(window_fields.text("address"), window_fields.text("hours"),
                                   window_fields.text("phone"))
    leaders = tuple(
        Leader(sub.text("name", True), sub.text("title"), sub.text("duties"))
        for _, _, sub in fields.items("leaders") if sub is not None
    )
    departments = tuple(
        Department(sub.text("name", True), sub.text("duties"), sub.text("phone"))
        for _, _, sub in fields.items("departments") if sub is not None
    )
    affiliates = tuple(
        Affiliate(sub.text("name", True), sub.text("address"), sub.text("phone"))
        for _, _, sub in fields.items("affiliates") if sub is not None
    )
    for key in ("leaders", "departments", "affiliates"):
        for index, item, sub in fields.items(key):
            if sub is None:
                fields.error(f"{key}.{index}", f"'{item}' must be a mapping with a name",
                             "write '- name: …' and the other fields indented below it")
    return Agency(
        name=name,
        code=code,
        address=fields.text("address"),
        postcode=fields.text("postcode"),
        office_hours=fields.text("office_hours"),
        phone=fields.text("phone"),
        fax=fields.text("fax"),
        email=fields.text("email"),
        website=fields.text("website"),
        application_window=window,
        duties=fields.text_list("duties"),
        leaders=leaders,
        departments=departments,
        affiliates=affiliates,
    )


def read_guide(root: Path, problems: Problems) -> Guide | None:
    """``guide.md``, which must describe the 指南's sections (条例第十二条); None if unreadable."""
    rel = GUIDE_FILE
    if not (root / rel).is_file():
        problems.error(rel, 0, "", "file missing: every agency must publish a 政府信息公开指南 (条例第十二条)",
                       "create content/guide.md with the sections 分类与编排体系 and 获取方式")
        return None
    text = read_text(root / rel)
    if text is None:
        problems.error(rel, 0, "", "not UTF-8 text", "save the file as UTF-8")
        return None
    source = split_front_matter(text, rel, problems)
    scan_page(rel, source, problems)
    for element, words in GUIDE_SECTIONS.items():
        if not all(word in source.body for word in words):
            problems.error(rel, source.body_first_line, element,
                           f"the guide does not describe its {element} (条例第十二条)",
                           f"add a section headed '{element}' to guide.md")
    title = "政府信息公开指南"
    if source.meta and isinstance(source.meta.data, dict) and source.meta.data.get("title"):
        title = str(source.meta.data["title"])
    return Guide(rel, title, source.body, SourceLines(body_line=source.body_first_line))
