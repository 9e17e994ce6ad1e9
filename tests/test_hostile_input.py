"""Hostile and careless input: YAML that expands or nests without end, numbers and characters no
page can hold, odd options, formulas in CSV cells, circular replacements.

Each case ends in one message ``path:line: field: what — how to fix`` (or ``mkdocs.yml:
plugins.gongkai.<option>: …``), fast, never in a traceback; and ``gongkai check`` fails exactly
where ``mkdocs build`` does.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from conftest import AGENCY_CODE, entry, minimal_site, run_build, write_files, write_site
from gongkai.core.budgetexports import budget_csv
from gongkai.core.exports import spreadsheet_text
from gongkai.core.load import read_site
from gongkai.core.problems import Problems
from gongkai.core.settings import Settings, option_problems
from gongkai.core.yamlsource import MAX_ALIAS_USES, MAX_DEPTH, parse_yaml, split_front_matter

TODAY = dt.date(2026, 11, 25)
SETTINGS = Settings(today=TODAY)
GONGKAI = Path(sys.executable).with_name("gongkai")

# Nine anchors, each a list of nine of the one before: 9⁹ (387 million) values once expanded.
BILLION_LAUGHS = 'a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n' + "".join(
    f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]\n" for n in range(1, 10))


def parsed(text: str, source: str = "data.yml") -> tuple[object, list[str]]:
    """The data of a YAML document (``None`` if it was not built) and its problems as printed."""
    problems = Problems()
    document = parse_yaml(text, source, problems)
    return (None if document is None else document.data), [str(p) for p in problems.items]


# -- YAML limits ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text,message", [
    # the expansion is stopped after the hundredth alias, long before memory runs out
    (BILLION_LAUGHS, f"data.yml:4: a3.0.0: too many aliases: the document repeats anchored values "
                     f"more than {MAX_ALIAS_USES} times"),
    # few aliases, but each of a long list: the expansion is bounded too
    ("big: &big [" + ", ".join(["x"] * 2000) + "]\nuse: [*big, *big, *big, *big, *big, *big]\n",
     "data.yml:2: use.5: too many aliases"),
    # a list that contains itself
    ("a: &a\n  - *a\n", "data.yml:1: a.0: an alias ('*name') refers to the value that contains it"),
    # a mapping that contains itself
    ("a: &a\n  b: *a\n", "data.yml:2: a.b: an alias ('*name') refers to the value that contains it"),
    # deeper than any content field (libyaml accepts up to 1,000 levels)
    ("a: " + "[" * 60 + "]" * 60 + "\n", f"data.yml:1: a.0.0.0.…: nested more than {MAX_DEPTH} levels"),
    ("a:\n" + "".join("  " * n + "- \n" for n in range(1, 70)), f"data.yml:52: a.0.0.0.…: nested more than {MAX_DEPTH} levels"),
    # beyond libyaml's own limit: the pure-Python reader would recurse until RecursionError
    ("a: " + "[" * 5000 + "]" * 5000 + "\n", f"data.yml:1: YAML syntax error: nested more than {MAX_DEPTH} levels"),
])
def test_documents_that_would_expand_or_nest_without_end_are_refused(text, message):
    started = time.perf_counter()
    data, problems = parsed(text)
    assert time.perf_counter() - started < 1.0
    assert data is None
    assert len(problems) == 1 and problems[0].startswith(message), problems


@pytest.mark.parametrize("text,message", [
    # Python refuses to convert integers of more than 4,300 digits (ValueError)
    ("fee: " + "9" * 5000 + "\n", "data.yml:1: fee: the number has 5000 characters, far more than any"),
    ("<<: {a: 1}\nb: 2\n", "data.yml:1: <<: '<<' merge keys are not supported — write every field out"),
    ("base: &base {a: 1}\nentry:\n  <<: *base\n  b: 2\n",
     "data.yml:3: entry: '<<' merge keys are not supported"),
    ("a: !!binary aGVsbG8=\n", "data.yml:1: a: the YAML tag 'tag:yaml.org,2002:binary' is not supported"),
    ("a: !!python/object:os.system ls\n", "data.yml:1: a: the YAML tag 'tag:yaml.org,2002:python/object"),
    ("a: !local x\n", "data.yml:1: a: the YAML tag '!local' is not supported"),
    ("a: !!set {x, y}\n", "data.yml:1: a: the YAML tag 'tag:yaml.org,2002:set' is not supported"),
    ("? [a, b]\n: 1\n", "data.yml:1: <key>: a key must be a single word, not a list or mapping"),
    # control characters from YAML escapes, in values and keys
    ('title: "a\\0b"\n', "data.yml:1: title: contains the control character U+0000, which cannot be "
                         "published"),
    ('title: "bell\\x07"\n', "data.yml:1: title: contains the control character U+0007"),
    ('x: 1\nsummary: "next\\u0085line"\n', "data.yml:2: summary: contains the control character U+0085"),
    ('title: "del\\x7f"\n', "data.yml:1: title: contains the control character U+007F"),
    ('title: "\\ufffe"\n', "data.yml:1: title: contains the control character U+FFFE"),
    ('list: ["ok", "\\e[31m"]\n', "data.yml:1: list.1: contains the control character U+001B"),
    ('"k\\0": v\n', "data.yml:1: <key>: contains the control character U+0000"),
])
def test_values_no_page_can_hold_are_content_errors(text, message):
    _data, problems = parsed(text)
    assert len(problems) == 1 and problems[0].startswith(message), problems


@pytest.mark.parametrize("text", [
    'title: "tab\\there"\nsummary: "two\\nlines"\n',  # tab and line breaks are text
    "a: &a [1, 2]\nb: *a\nc: *a\n",  # a few aliases are fine
    "title: 第一行\\x07 is not an escape in plain text\n",
    "rows:\n" + "".join("  " * n + "- \n" for n in range(1, 40)),  # 40 levels: within the limit
])
def test_ordinary_yaml_is_read_as_before(text):
    data, problems = parsed(text)
    assert data is not None and problems == []


def test_a_control_character_in_a_markdown_body_is_an_error_naming_its_line():
    problems = Problems()
    text = "---\ntitle: x\n---\n第一段。\n\n第二段\x0c含分页符。\n第三段\x00。\n"
    split_front_matter(text, "catalogue/a.md", problems)
    assert [str(p) for p in problems.items] == [
        "catalogue/a.md:6: 全文: contains the control character U+000C, which cannot be published "
        "(it breaks feeds and pages) — delete it: it is invisible in most editors; retype the "
        "characters around it",
        "catalogue/a.md:7: 全文: contains the control character U+0000, which cannot be published "
        "(it breaks feeds and pages) — delete it: it is invisible in most editors; retype the "
        "characters around it",
    ]


# -- whole content folders: amounts, links, dates -------------------------------------------------

BUDGET = textwrap.dedent("""\
    year: 2025
    kind: 预算
    approved: 2025-01-20
    published: 2025-02-05
    tables:
      - name: 收支总表
        rows:
          - {{item: 收入合计, amount: {amount}}}
    """)


def read(tmp_path: Path, files: dict[str, str | None]) -> tuple[object, list[str]]:
    """``read_site`` of the minimal site changed by ``files``: the site and its errors as printed."""
    merged: dict[str, str | bytes | None] = {**minimal_site(), **files}
    write_files(tmp_path / "content", merged)
    site, problems = read_site(tmp_path / "content", SETTINGS, workers=1)
    return site, [str(p) for p in problems.errors]


@pytest.mark.parametrize("amount,message", [
    (".inf", "'inf' is not a finite amount"),
    ("-.inf", "'-inf' is not a finite amount"),
    (".nan", "'nan' is not a finite amount"),
    ("1e308", "'1e308' is larger than any amount (10¹⁵ or more)"),
    ("1.0e+20", "'1e+20' is larger than any amount (10¹⁵ or more)"),
    ("1e-999999", "'1e-999999' has more than 6 decimal places"),
    ('"12,5"', "'12,5' is not a number"),
])
def test_amounts_must_be_finite_and_plausible(tmp_path, amount, message):
    _site, errors = read(tmp_path, {"budgets/2025-预算.yml": BUDGET.format(amount=amount)})
    assert errors == [f"budgets/2025-预算.yml:8: tables.0.rows.0.amount: {message} — write the "
                      "amount as a number, e.g. 12.34"]


@pytest.mark.parametrize("line,message", [
    ("    fee: .nan\n", "'nan' is not a finite amount (an amount in 元)"),
    ("    fee: 1e300\n", "'1e300' is larger than any amount (10¹⁵ or more) (an amount in 元)"),
])
def test_register_amounts_must_be_finite(tmp_path, line, message):
    register = minimal_site()["registers/2024.yml"].replace("    fee: 0\n", line)
    _site, errors = read(tmp_path, {"registers/2024.yml": register})
    assert errors == [f"registers/2024.yml:11: applications.0.fee: {message} — write e.g. 'fee: 0'"]


def test_register_statistics_must_be_finite(tmp_path):
    register = minimal_site()["registers/2024.yml"].replace("行政事业性收费: 1.5", "行政事业性收费: .inf")
    _site, errors = read(tmp_path, {"registers/2024.yml": register})
    assert errors == ["registers/2024.yml:13: statistics.行政事业性收费: 'inf' is not a finite amount — "
                      "write a count or an amount, e.g. 12"]


def test_a_control_character_in_an_entry_names_file_line_and_field(tmp_path):
    _site, errors = read(tmp_path, {"catalogue/2024/a.md": entry(title='"通知\\u0007"')})
    assert errors == ["catalogue/2024/a.md:2: title: contains the control character U+0007, which "
                      "cannot be published (it breaks feeds and pages) — remove the escape (\\0, "
                      "\\x07, \\u0085 …) from the quoted text"]


def test_a_billion_laughs_entry_fails_fast(tmp_path):
    laughs = "---\n" + BILLION_LAUGHS.replace("a9:", "keywords:") + entry()[4:]
    started = time.perf_counter()
    _site, errors = read(tmp_path, {"catalogue/2024/a.md": laughs})
    assert time.perf_counter() - started < 5.0
    assert errors == [f"catalogue/2024/a.md:5: a3.0.0: too many aliases: the document repeats anchored "
                      f"values more than {MAX_ALIAS_USES} times or expands to more than 10,000 values "
                      "— write the values out instead of repeating them with '*' aliases"]


B2 = f"{AGENCY_CODE}/2024-00002"
A1 = f"{AGENCY_CODE}/2024-00001"
C1 = f"{AGENCY_CODE}/2023-00001"


@pytest.mark.parametrize("links,expected", [
    # an entry replaced by itself
    ({"a": f"superseded_by: {A1}\n"},
     [f"catalogue/2024/a.md:9: superseded_by: names the entry's own 索引号 '{A1}': a document cannot be "
      "replaced by itself — name another entry's 索引号 or remove 'superseded_by'"]),
    # an interpretation of itself
    ({"a": f"interprets: {A1}\n"},
     [f"catalogue/2024/a.md:9: interprets: names the entry's own 索引号 '{A1}': a document cannot be "
      "an interpretation of itself — name another entry's 索引号 or remove 'interprets'"]),
    # A → B → A
    ({"a": f"superseded_by: {B2}\n", "b": f"superseded_by: {A1}\n"},
     [f"catalogue/2024/{name}.md:9: superseded_by: replacements go round in a circle ({loop}): none of "
      "these documents would be the current one — remove 'superseded_by' from the entry that is in force"
      for name, loop in (("a", f"{A1} → {B2} → {A1}"), ("b", f"{A1} → {B2} → {A1}"))]),
    # C → A → B → C, and each entry reported once
    ({"c": f"superseded_by: {A1}\n", "a": f"superseded_by: {B2}\n", "b": f"superseded_by: {C1}\n"},
     [f"catalogue/{path}.md:{line}: superseded_by: replacements go round in a circle "
      f"({C1} → {A1} → {B2} → {C1})" for path, line in (("2023/c", 10), ("2024/a", 9), ("2024/b", 9))]),
])
def test_replacements_and_interpretations_must_lead_elsewhere(tmp_path, links, expected):
    paths = {"a": "catalogue/2024/a.md", "b": "catalogue/2024/b.md", "c": "catalogue/2023/c.md"}
    files = {paths[name]: minimal_site()[paths[name]].replace(
        "\n---\n", "\n" + extra + "---\n", 1) for name, extra in links.items()}
    _site, errors = read(tmp_path, files)
    assert len(errors) == len(expected)
    for error, start in zip(sorted(errors), sorted(expected), strict=True):
        assert error.startswith(start), error


def test_a_chain_of_replacements_is_fine(tmp_path):
    files = {"catalogue/2023/c.md": minimal_site()["catalogue/2023/c.md"].replace(
        "\n---\n", f"\nvalidity: 已修改\nabolished: 2024-03-01\nsuperseded_by: {A1}\n---\n", 1)}
    _site, errors = read(tmp_path, files)
    assert errors == []


def test_a_review_after_publication_is_an_error(tmp_path):
    text = entry().replace("date: 2024-03-08}", "date: 2024-03-09}")
    _site, errors = read(tmp_path, {"catalogue/2024/a.md": text})
    assert errors == ["catalogue/2024/a.md:8: review.date: 保密审查 date 2024-03-09 is after 公开日期 "
                      "2024-03-08 — the review must come before publication (未经审核的信息不准上网); "
                      "check both dates, or add 'previously_published: true' to the review of a "
                      "document published before the move to this site"]


def test_a_document_published_before_the_move_is_reviewed_after_its_publication(tmp_path):
    # Imported from the old CMS: published there in 2024, reviewed for this site later.
    text = entry().replace("date: 2024-03-08}", "date: 2026-11-20, previously_published: true}")
    site, errors = read(tmp_path, {"catalogue/2024/a.md": text})
    assert errors == []
    assert [e.title for e in site.entries if e.source == "catalogue/2024/a.md"]
    text = entry().replace("date: 2024-03-08}", "date: 2024-03-09, previously_published: 是}")
    _site, errors = read(tmp_path, {"catalogue/2024/a.md": text})
    assert errors == ["catalogue/2024/a.md:8: review.previously_published: '是' is not true or "
                      "false — write 'previously_published: true' or leave it out",
                      "catalogue/2024/a.md:8: review.date: 保密审查 date 2024-03-09 is after 公开日期 "
                      "2024-03-08 — the review must come before publication (未经审核的信息不准上网); "
                      "check both dates, or add 'previously_published: true' to the review of a "
                      "document published before the move to this site"]


# -- CSV exports ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text,cell", [
    ("=HYPERLINK(\"http://x\",\"y\")", "'=HYPERLINK(\"http://x\",\"y\")"),
    ("+1+2", "'+1+2"), ("-1+2", "'-1+2"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1", "'\t=1"), ("\r=1", "'\r=1"),
    ("收入合计", "收入合计"), ("1+1", "1+1"), ("", ""),
])
def test_text_cells_a_spreadsheet_would_run_are_quoted(text, cell):
    assert spreadsheet_text(text) == cell


def test_budget_csv_quotes_formulas_and_keeps_negative_amounts(tmp_path):
    budget = BUDGET.format(amount="-12.5").replace("收入合计", '"=SUM(1,2)"').replace(
        "name: 收支总表", "name: \"@收支总表\"")
    site, errors = read(tmp_path, {"budgets/2025-预算.yml": budget})
    assert errors == []
    lines = budget_csv(site.budgets[0]).splitlines()  # type: ignore[attr-defined]
    assert lines[1] == "'@收支总表,\"'=SUM(1,2)\",,0,-12.50"


# -- options -------------------------------------------------------------------------------------

@pytest.mark.parametrize("options,message", [
    ({"page_size": 0}, "mkdocs.yml: plugins.gongkai.page_size: 0 is not a number above zero — write "
                       "e.g. 'page_size: 50'"),
    ({"feed_size": -5}, "mkdocs.yml: plugins.gongkai.feed_size: -5 is not a number above zero"),
    ({"latest_size": 0}, "mkdocs.yml: plugins.gongkai.latest_size: 0 is not a number above zero"),
    ({"summary_max_length": 0}, "mkdocs.yml: plugins.gongkai.summary_max_length: 0 is not a number"),
    ({"regulation_validity_years": -1},
     "mkdocs.yml: plugins.gongkai.regulation_validity_years: -1 is negative — write 0 or more"),
    ({"build_workers": -2}, "mkdocs.yml: plugins.gongkai.build_workers: -2 is negative"),
    ({"index_no_pattern": "<code>/<YYYY>-<BAD>"},
     "mkdocs.yml: plugins.gongkai.index_no_pattern: '<code>/<YYYY>-<BAD>' has an unknown placeholder "
     "<BAD> — use <code>, <YYYY>, <MM> or <N…> (one N per digit), e.g. '<code>/<YYYY>-<NNNNN>'"),
])
def test_option_values_that_cannot_work_are_configuration_errors(options, message):
    problems = option_problems(options, TODAY, TODAY)
    assert len(problems) == 1 and problems[0].startswith(message), problems


@pytest.mark.parametrize("today,ok", [
    (dt.date(2026, 11, 25), True),
    (dt.date(2027, 12, 1), True),  # a preview of next year
    (dt.date(2028, 1, 1), False),
    (dt.date(9999, 12, 31), False),
    (dt.date(1, 1, 1), False),
])
def test_the_build_date_must_be_plausible(today, ok):
    problems = option_problems({}, today, dt.date(2026, 12, 5))
    assert problems == [] if ok else problems == [
        f"mkdocs.yml: plugins.gongkai.today: {today.isoformat()} is not a plausible build date — use a "
        "date from 2000-01-01 to 2027-12-06, or leave 'today' out to build for the current date"]


def gongkai_check(root: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    return subprocess.run([str(GONGKAI), "check"], cwd=root, capture_output=True, text=True, env=env,
                          timeout=300)


# What a build and `gongkai check` must both refuse: (files changed, options, first line expected).
REFUSED = [
    ({}, {"page_size": 0}, "mkdocs.yml: plugins.gongkai.page_size: 0 is not a number above zero"),
    ({}, {"today": "9999-12-31"}, "mkdocs.yml: plugins.gongkai.today: 9999-12-31 is not a plausible"),
    ({}, {"index_no_pattern": "<code>/<YYYY>-<BAD>"},
     "mkdocs.yml: plugins.gongkai.index_no_pattern: '<code>/<YYYY>-<BAD>' has an unknown placeholder"),
    ({"catalogue/2024/a.md": "---\n" + BILLION_LAUGHS.replace("a9:", "keywords:") + entry()[4:]}, {},
     "catalogue/2024/a.md:5: a3.0.0: too many aliases"),
    ({"catalogue/2024/a.md": entry(title='"通知\\u0085"')}, {},
     "catalogue/2024/a.md:2: title: contains the control character U+0085"),
    ({"budgets/2025-预算.yml": BUDGET.format(amount=".inf")}, {},
     "budgets/2025-预算.yml:8: tables.0.rows.0.amount: 'inf' is not a finite amount"),
    # a body link to a file that is not published: the build's link check fails after rendering
    ({"catalogue/2024/a.md": entry(body="见[附件](missing.pdf)。\n")}, {},
     "catalogue/2024/a.md:10: href: 'missing.pdf' does not exist in the built site"),
    ({"guide.md": minimal_site()["guide.md"] + "见[规定](registers/2024.yml)。\n",
      "catalogue/2024/b.md": minimal_site()["catalogue/2024/b.md"] + "\n见[草稿](../2023/c.md)。\n",
      "catalogue/2023/c.md": minimal_site()["catalogue/2023/c.md"].replace("result: 通过", "result: 待审")},
     {}, "guide.md:8: href: 'registers/2024.yml' does not exist in the built site"),
    # a page MkDocs renders itself
    ({"about.md": "# 关于本站\n\n本站\x07由临川市测试局主办。\n"}, {},
     "about.md:3: 全文: contains the control character U+0007"),
    ({"registers/2024.yml": minimal_site()["registers/2024.yml"].replace("reviews: []",
                                                                         "reviews: &r [*r]")}, {},
     "registers/2024.yml:12: reviews.0: an alias ('*name') refers to the value that contains it"),
]


@pytest.mark.parametrize("files,options,message", REFUSED, ids=[r[2].split(":")[0] + ":" + r[2].split(":")[2]
                                                                for r in REFUSED])
def test_build_and_check_refuse_hostile_input_with_one_clear_line(tmp_path, files, options, message):
    write_site(tmp_path, {**minimal_site(), **files}, options)
    built = run_build(tmp_path)
    checked = gongkai_check(tmp_path)
    for name, code, log in (("build", built.exit_code, built.log),
                            ("check", checked.returncode, checked.stdout + checked.stderr)):
        assert code != 0, f"{name} passed:\n{log}"
        assert "Traceback" not in log, log
        assert message in log, f"{name}:\n{log}"


# Links both must accept: attachments, published entries and pages, generated files, code, URLs.
ACCEPTED_BODY = textwrap.dedent("""\
    见[检定申请表](files/form.txt)、[另一文件](b.md)、[指南](../../guide.md)、[目录](../../data/catalogue.csv)、
    [站外](https://www.gov.cn/a.pdf)、<a href="mailto:x@example.com">邮件</a>、`[代码](nothing.pdf)`。

    ```
    [示例](example.pdf)
    ```
    """)


def test_build_and_check_accept_links_that_resolve(tmp_path):
    files = {**minimal_site(),
             "catalogue/2024/a.md": entry(body=ACCEPTED_BODY, extra="attachments: [files/form.txt]\n"),
             "catalogue/2024/files/form.txt": "申请表\n"}
    write_site(tmp_path, files)
    built = run_build(tmp_path, "--strict")
    checked = gongkai_check(tmp_path)
    assert built.exit_code == 0, built.log
    assert checked.returncode == 0, checked.stderr


def test_a_control_character_never_reaches_the_feed(tmp_path):
    """Before: the entry was published and feed.xml held U+0007, which no XML reader accepts."""
    write_site(tmp_path, {**minimal_site(), "catalogue/2024/a.md": entry(summary='"部署\\a工作。"')})
    built = run_build(tmp_path)
    assert built.exit_code != 0
    assert "catalogue/2024/a.md:7: summary: contains the control character U+0007" in built.log
