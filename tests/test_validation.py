"""Bad input: one message naming file, line and field; non-zero exit; nothing (half-)published.

Each rule is checked on the core (:func:`conftest.validate`: what the build reports before it
renders, without MkDocs); what a build does with the messages — exit code, log, the last good
site untouched, ``--strict`` — is checked by one build for each kind of failure.

Line numbers refer to the fixture entry of ``conftest.entry``: 1 ``---``, 2 title, 3 index_no,
4 category, 5 created, 6 published, 7 summary, 8 review, 9+ extra fields.
"""

from __future__ import annotations

import pytest

from conftest import AGENCY_CODE, entry, found, validate

A = "catalogue/2024/a.md"
REG = "registers/2024.yml"


def register(**fields: str) -> str:
    record = {"id": "2024-009", "received": "2024-05-06", "applicant": "自然人", "channel": "网上",
              "outcome": "予以公开", "replied": "2024-05-10"}
    record.update(fields)
    lines = "\n".join(f"    {key}: {value}" for key, value in record.items())
    return f"applications:\n  - {lines.strip()}\n".replace("\n    ", "\n    ")


CASES = [
    # (case, files to change, expected message fragment)
    ("malformed YAML", {A: entry(title="[未闭合")}, "catalogue/2024/a.md:3: YAML syntax error"),
    ("full-width colon", {A: entry().replace("title: ", "标题：", 1)},
     "catalogue/2024/a.md:2: 标题: full-width colon '：'"),
    ("missing summary", {A: entry().replace("summary: 部署2024年度强制检定计量器具的检定工作。\n", "")},
     "catalogue/2024/a.md:2: summary: missing (内容概述)"),
    ("unknown key, nearest suggested", {A: entry(extra="titel: 重复\n")},
     "catalogue/2024/a.md:9: titel: unknown key — did you mean 'title'?"),
    ("Chinese label as key", {A: entry(extra="文号: 临测发〔2024〕1号\n")},
     "catalogue/2024/a.md:9: 文号: unknown key — did you mean 'doc_no'?"),
    ("impossible date", {A: entry(created="2024-13-01")},
     "catalogue/2024/a.md:5: created: '2024-13-01' is not a valid date"),
    ("published before created", {A: entry(created="2024-03-09", published="2024-03-08")},
     "catalogue/2024/a.md:6: published: 公开日期 2024-03-08 is before 成文日期 2024-03-09"),
    ("published in the future", {A: entry(published="2027-01-04")},
     "catalogue/2024/a.md:6: published: 公开日期 2027-01-04 is in the future"),
    ("duplicate index_no names both files", {"catalogue/2024/dup.md": entry(title="重复索引号")},
     f"索引号 '{AGENCY_CODE}/2024-00001' is already used by catalogue/2024/"),
    ("index_no not matching the pattern", {A: entry(index_no="2024-0001")},
     "catalogue/2024/a.md:3: index_no: '2024-0001' does not match the pattern <code>/<YYYY>-<NNNNN>"),
    ("unknown category lists the valid ones", {A: entry(category="行政执法")},
     "catalogue/2024/a.md:4: category: unknown category '行政执法'"),
    ("missing attachment", {A: entry(extra="attachments: [通知附件.pdf]\n")},
     "catalogue/2024/a.md:9: attachments.0: attachment '通知附件.pdf' not found"),
    ("superseded_by naming no entry", {A: entry(extra=f"superseded_by: {AGENCY_CODE}/2024-09999\n")},
     f"catalogue/2024/a.md:9: superseded_by: names 索引号 '{AGENCY_CODE}/2024-09999', which no entry has"),
    ("interprets naming no entry", {A: entry(extra=f"interprets: {AGENCY_CODE}/2022-00001\n")},
     f"catalogue/2024/a.md:9: interprets: names 索引号 '{AGENCY_CODE}/2022-00001', which no entry has"),
    ("unknown applicant type", {REG: register(applicant="个人")},
     "registers/2024.yml:4: applications.0.applicant: unknown applicant type '个人'"),
    ("unknown outcome code", {REG: register(outcome="不予公开/9")},
     "registers/2024.yml:6: applications.0.outcome: unknown outcome code '不予公开/9'"),
    ("unknown channel", {REG: register(channel="微信")},
     "registers/2024.yml:5: applications.0.channel: unknown channel '微信'"),
    ("replied before received", {REG: register(replied="2024-05-01")},
     "registers/2024.yml:7: applications.0.replied: replied 2024-05-01 is before received 2024-05-06"),
    ("agency.yml lacks a field the guide needs", {"agency.yml": "\n".join(
        line for line in __import__("conftest").AGENCY_YML.splitlines() if not line.startswith("fax"))},
     "agency.yml:1: fax: missing: the 政府信息公开指南 must give the 传真 (条例第十二条)"),
    ("guide lacks 获取方式", {"guide.md": "---\ntitle: 指南\n---\n## 信息分类与编排体系\n按主题。\n"},
     "guide.md:4: 获取方式: the guide does not describe its 获取方式"),
    ("front matter never closed", {A: "---\ntitle: 未闭合的文件头\n正文。\n"},
     "catalogue/2024/a.md:1: the front matter that starts here is never closed"),
    ("ID number in the full text", {A: entry(body="当事人身份证号11010519491231002X，特此公告。\n")},
     "catalogue/2024/a.md:10: 全文: looks like personal data: a 身份证号"),
    ("mobile number in front matter", {A: entry(summary="咨询电话13812345678。")},
     "catalogue/2024/a.md:7: summary: looks like personal data: a 手机号码"),
    ("bank card number", {A: entry(body="\n\n退款账户6222020200112233446。\n")},
     "catalogue/2024/a.md:12: 全文: looks like personal data: a 银行卡号"),
]


@pytest.mark.parametrize("case,files,message", CASES, ids=[c[0] for c in CASES])
def test_bad_input_is_one_clear_error(tmp_path, case, files, message):
    problems = validate(tmp_path, files)
    assert len(found(problems, message)) == 1, f"{case}: expected {message!r} in\n" + "\n".join(
        str(p) for p in problems)


def test_a_content_error_fails_the_build_and_leaves_the_last_good_site(build_site):
    good = build_site()
    assert good.exit_code == 0, good.log
    before = {p: b for p, b in good.all_bytes()}
    result = build_site({A: entry(created="2024-13-01"), "catalogue/2024/b.md": entry(
        f"{AGENCY_CODE}/2024-00002", category="不存在的栏目")})
    assert result.exit_code != 0, result.log
    # Every problem of the run, each once, without a traceback.
    for message in ("catalogue/2024/a.md:5: created: '2024-13-01' is not a valid date",
                    "catalogue/2024/b.md:4: category: unknown category '不存在的栏目'"):
        assert result.log.count(message) == 1, f"expected {message!r} in\n{result.log}"
    assert "2 content error(s)" in result.log
    assert "Traceback" not in result.log
    # Validation runs before site/ is touched: the last good site stays as it was.
    assert {p: b for p, b in result.all_bytes()} == before


def test_personal_data_can_be_allowed_explicitly(tmp_path):
    body = "监督电话13812345678（本局公开的投诉专线）。\n"
    problems = validate(tmp_path, {A: entry(body=body, extra='privacy_allow: ["13812345678"]\n')})
    assert [p for p in problems if p.severity == "error"] == []


@pytest.mark.parametrize("text", [
    "联系电话0794-8123456。",  # landline
    "依据临测发〔2024〕13812345号文件。",  # digits inside a 文号-like run are not a mobile number
    "于2024-03-08发布，编号20240308。",  # dates
    "证号110105194912310021。",  # 18 digits with a wrong check digit (X is right)
    "账号6222020200112233445。",  # fails the Luhn check (…446 passes)
])
def test_numbers_that_are_not_personal_data_pass(tmp_path, text):
    problems = validate(tmp_path, {A: entry(body=text + "\n")})
    assert [p for p in problems if p.severity == "error"] == []


def test_long_summary_is_a_warning(tmp_path):
    problems = validate(tmp_path, {A: entry(summary="很长的概述" * 30)})
    assert len(found(problems, "catalogue/2024/a.md:7: summary: 内容概述 has 150 characters",
                     "warning")) == 1
    assert [p for p in problems if p.severity == "error"] == []


def test_a_warning_passes_the_build_and_fails_strict(build_site):
    long = "很长的概述" * 30
    lenient = build_site({A: entry(summary=long)})
    assert lenient.exit_code == 0, lenient.log
    assert "catalogue/2024/a.md:7: summary: 内容概述 has 150 characters" in lenient.log
    assert build_site({A: entry(summary=long)}, strict=True).exit_code != 0
