"""Fixture agencies of the 本级政府 platform: three small sites whose figures are known by hand.

Judged on 2026-11-25 with columns stale after 365 days (部门动态: 90 days):

| agency | columns (entries, newest 公开日期) | reports | findings |
|---|---|---|---|
| scjgj 市场监督管理局 | 行政许可 2 (2026-11-01), 行政处罚 0, 部门动态 1 (2026-03-01) | 2024, 2025 | 空白栏目 行政处罚; 部门动态 269 days old; one broken link planted in agency/index.html |
| jyj 教育局 | 招生考试 1 (2026-10-15), 部门动态 1 (2026-11-20) | 2024 | 2025 report overdue (31 Jan 2026) |
| zfb 人民政府办公室 (本级政府) | 政府信息公开制度 1 (2025-12-01), 通知公告 1 (2026-09-01) | 2023, 2025 | 2024 report missing |
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import yaml

from conftest import AGENCY_YML, GUIDE_MD, entry, write_site

TODAY = "2026-11-25"
REGISTER = textwrap.dedent("""\
    applications:
      - {id: YEAR-001, received: YEAR-03-04, applicant: 自然人, name: 张某某, contact: zhang@example.com,
         channel: 网上, request: 申请公开某检查记录, outcome: 予以公开, replied: YEAR-03-15, fee: 0}
    reviews: []
    statistics: {行政许可: 10, 行政处罚: 2, 行政强制: 0, 行政事业性收费: 1.5}
    """)
SECRET = "张某某"  # the applicant's name in every register: never on the platform

AGENCIES = {
    "scjgj": {
        "name": "临川市市场监督管理局", "code": "11360100MB00000117",
        "categories": ["行政许可", "行政处罚", "部门动态"], "report_years": None, "registers": [2024, 2025],
        "entries": [("行政许可", "2026-11-01", "食品经营许可办理指南"),
                    ("行政许可", "2026-06-01", "药品零售企业许可事项清单"),
                    ("部门动态", "2026-03-01", "市场监管局开展春季食品安全检查")],
    },
    "jyj": {
        "name": "临川市教育局", "code": "11360100MB0000012A",
        "categories": ["招生考试", "部门动态"], "report_years": None, "registers": [2024],
        "entries": [("招生考试", "2026-10-15", "2026年中考招生政策解答"),
                    ("部门动态", "2026-11-20", "教育局召开校园安全工作会议")],
    },
    "zfb": {
        "name": "临川市人民政府办公室", "code": "11360100MB0000013D", "government": True,
        "categories": ["政府信息公开制度", "通知公告"], "report_years": [2023, 2025],
        "registers": [2023, 2025],
        "entries": [("政府信息公开制度", "2025-12-01", "临川市政府信息公开工作制度"),
                    ("通知公告", "2026-09-01", "关于做好行政许可事项清单管理工作的通知")],
    },
}


def write_agency(folder: Path, path: str) -> None:
    """The content and mkdocs.yml of fixture agency ``path``."""
    spec = AGENCIES[path]
    agency_yml = AGENCY_YML.replace("临川市测试局", str(spec["name"])).replace(
        "11360100MB00000016", str(spec["code"]))
    files: dict[str, str | bytes] = {"agency.yml": agency_yml, "guide.md": GUIDE_MD}
    for number, (category, published, title) in enumerate(spec["entries"], start=1):  # type: ignore[arg-type]
        year = published[:4]
        files[f"catalogue/{year}/e{number}.md"] = entry(
            f"{spec['code']}/{year}-{number:05d}", title=title, category=category,
            created=published, published=published, summary=f"{title}的主要内容。")
    for year in spec["registers"]:  # type: ignore[attr-defined]
        files[f"registers/{year}.yml"] = REGISTER.replace("YEAR", str(year))
    options: dict[str, object] = {"categories": spec["categories"], "today": TODAY}
    if spec["report_years"]:
        options["report_years"] = spec["report_years"]
    write_site(folder, files, options, {"site_name": f"{spec['name']}政府信息公开",
                                        "site_url": f"https://xxgk.linchuan.gov.cn/{path}/"})


def write_platform(root: Path) -> Path:
    """Three agencies under ``root/agencies/`` and ``root/platform.yml``; returns its path."""
    agencies = []
    for path, spec in AGENCIES.items():
        write_agency(root / "agencies" / path, path)
        agencies.append({"name": spec["name"], "code": spec["code"], "path": path,
                         "config": f"agencies/{path}/mkdocs.yml",
                         **({"government": True} if spec.get("government") else {})})
    config = {"name": "临川市人民政府信息公开平台", "government": "临川市人民政府", "today": TODAY,
              "stale": {"部门动态": 90},
              "page_size": 5, "agencies": agencies}
    file = root / "platform.yml"
    file.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return file
