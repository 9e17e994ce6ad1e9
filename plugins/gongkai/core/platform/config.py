"""``platform.yml``: the platform's name and the agencies it federates.

```yaml
name: 临川市人民政府信息公开平台
government: 临川市人民政府   # optional: the name the government-wide annual report carries
today: 2026-11-25            # optional: the day findings are judged on (default: today)
stale_days: 365              # a column with nothing new for longer is stale (default 365)
stale: {部门动态: 30}          # per column, days
page_size: 100               # rows per page of the cross-agency catalogue
agencies:
  - name: 临川市人民政府办公室
    code: 11360100MB0000001X
    path: zfb                # the agency's folder on the platform: <platform>/zfb/
    government: true         # the 本级政府 itself: its annual report is due by 31 March
    config: agencies/zfb/mkdocs.yml   # optional: built by `gongkai platform build` / CI
    site: build/zfb          # its published output (default build/<path>)
  - {name: 临川市市场监督管理局, code: …, path: scjgj, url: https://scjgj.linchuan.gov.cn/}
```

Paths are relative to ``platform.yml``.  An agency with ``url`` is hosted elsewhere: its output is
read (for the catalogue, search and inspection) but not copied, and links go to ``url``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..problems import Problem

CONFIG = "platform.yml"
PATH = re.compile(r"[a-z0-9][a-z0-9_-]*")
# Folders of the platform's own pages: an agency may not take one of them as its path.
RESERVED = frozenset({"assets", "catalogue", "search", "inspection", "data", "reports", "departments",
                      "government-report"})
DEPARTMENT_DEADLINE = (1, 31)  # 条例第四十九条: departments by 31 January
GOVERNMENT_DEADLINE = (3, 31)  # the 本级政府 by 31 March


@dataclass(frozen=True)
class AgencyConfig:
    """One agency of the platform."""

    name: str
    code: str
    path: str  # folder below the platform root (also the CI matrix value)
    site: Path  # its published output (a built site folder, or data/ + reports/)
    config: Path | None = None  # its mkdocs.yml, when the platform builds it
    url: str = ""  # where it is hosted when not on the platform
    government: bool = False
    line: int = 0

    @property
    def report_deadline(self) -> tuple[int, int]:
        """(month, day) by which last year's annual report must be published."""
        return GOVERNMENT_DEADLINE if self.government else DEPARTMENT_DEADLINE

    @property
    def href(self) -> str:
        """The agency's site as the platform links it: its own folder, or ``url``."""
        return self.url or f"{self.path}/"


@dataclass(frozen=True)
class PlatformConfig:
    """The whole ``platform.yml``."""

    name: str
    root: Path  # the folder of platform.yml: paths are relative to it
    agencies: tuple[AgencyConfig, ...]
    today: dt.date = field(default_factory=dt.date.today)
    output: Path = Path("platform-site")
    stale_days: int = 365
    stale: dict[str, int] = field(default_factory=dict)
    page_size: int = 100
    site_url: str = ""
    government: str = ""  # the 本级政府's name on its annual report (default: its agency's name)

    def agency(self, path: str) -> AgencyConfig | None:
        """The agency whose ``path`` is ``path``."""
        return next((a for a in self.agencies if a.path == path), None)


def _days(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1


def read_config(file: Path, today: dt.date | None = None) -> tuple[PlatformConfig | None, list[Problem]]:
    """The platform configuration in ``file``, or None and the problems that prevent it.

    ``today`` overrides the file's ``today`` (tests, rebuilding an old state).
    """
    where = file.name
    try:
        text = file.read_text(encoding="utf-8")
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        raw = yaml.safe_load(text)
    except OSError as error:
        return None, [Problem(where, 0, "", f"cannot be read ({error.strerror})",
                              "write the platform configuration, see the README (本级政府平台)")]
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        return None, [Problem(where, mark.line + 1 if mark else 0, "", f"is not valid YAML ({error})",
                              "fix the YAML syntax")]
    if not isinstance(raw, dict):
        return None, [Problem(where, 1, "", "is not a mapping of options",
                              "write 'name:' and 'agencies:' at the top level")]
    problems: list[Problem] = []
    lines = _agency_lines(node)
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        problems.append(Problem(where, 0, "name", "is missing", "write the platform's name, e.g. "
                                "临川市人民政府信息公开平台"))
        name = ""
    agencies: list[AgencyConfig] = []
    items = raw.get("agencies")
    if not isinstance(items, list) or not items:
        problems.append(Problem(where, 0, "agencies", "lists no agency",
                                "list each agency with name, code and path"))
        items = []
    seen: dict[str, int] = {}
    for number, item in enumerate(items):
        line = lines[number] if number < len(lines) else 0
        agency, found = _agency(item, number, line, file.resolve().parent, where)
        problems += found
        if agency is None:
            continue
        if agency.path in seen:
            problems.append(Problem(where, line, f"agencies.{number}.path",
                                    f"'{agency.path}' is already the path of the agency in line "
                                    f"{seen[agency.path]}", "give every agency its own path"))
            continue
        seen[agency.path] = line
        agencies.append(agency)
    if sum(a.government for a in agencies) > 1:
        problems.append(Problem(where, 0, "agencies", "more than one agency is marked government: true",
                                "mark only the 本级政府 itself"))
    options: dict[str, Any] = {}
    for key in ("stale_days", "page_size"):
        if key in raw:
            if _days(raw[key]):
                options[key] = raw[key]
            else:
                problems.append(Problem(where, 0, key, f"'{raw[key]}' is not a whole number above 0",
                                        "write a whole number, e.g. 365"))
    stale = raw.get("stale") or {}
    if not isinstance(stale, dict) or not all(_days(v) for v in stale.values()):
        problems.append(Problem(where, 0, "stale", "is not a mapping of column names to days",
                                "write e.g. stale: {部门动态: 30}"))
        stale = {}
    day = today or raw.get("today") or dt.date.today()
    if isinstance(day, str):
        try:
            day = dt.date.fromisoformat(day)
        except ValueError:
            pass
    if not isinstance(day, dt.date):
        problems.append(Problem(where, 0, "today", f"'{day}' is not a date", "write YYYY-MM-DD"))
        day = dt.date.today()
    site_url = str(raw.get("site_url") or "")
    if site_url and not site_url.endswith("/"):
        site_url += "/"
    if any(p.severity == "error" for p in problems):
        return None, problems
    return PlatformConfig(name=name, root=file.resolve().parent, agencies=tuple(agencies), today=day,
                          output=file.resolve().parent / str(raw.get("output") or "platform-site"),
                          stale={str(k): int(v) for k, v in stale.items()}, site_url=site_url,
                          government=str(raw.get("government") or ""),
                          **options), problems


def _agency_lines(node: yaml.Node | None) -> list[int]:
    """The line of each item of ``agencies:`` (1-based)."""
    if not isinstance(node, yaml.MappingNode):
        return []
    for key, value in node.value:
        if key.value == "agencies" and isinstance(value, yaml.SequenceNode):
            return [item.start_mark.line + 1 for item in value.value]
    return []


def _agency(item: object, number: int, line: int, root: Path,
            where: str) -> tuple[AgencyConfig | None, list[Problem]]:
    field_ = f"agencies.{number}"
    if not isinstance(item, dict):
        return None, [Problem(where, line, field_, "is not a mapping",
                              "write {name: …, code: …, path: …}")]
    problems = [Problem(where, line, f"{field_}.{key}", "is missing", f"write the agency's {what}")
                for key, what in (("name", "name"), ("code", "统一社会信用代码"),
                                  ("path", "folder name on the platform, e.g. scjgj"))
                if not str(item.get(key) or "").strip()]
    path = str(item.get("path") or "")
    if path and (not PATH.fullmatch(path) or path in RESERVED):
        problems.append(Problem(where, line, f"{field_}.path",
                                f"'{path}' is not a usable folder name"
                                + (" (the platform's own pages use it)" if path in RESERVED else ""),
                                "use lower-case letters, digits, - and _ (e.g. scjgj), and none of "
                                + ", ".join(sorted(RESERVED))))
    url = str(item.get("url") or "")
    if url and not re.match(r"https?://", url):
        problems.append(Problem(where, line, f"{field_}.url", f"'{url}' is not an http(s) address",
                                "write the address the agency's site is served at"))
    if problems:
        return None, problems
    config = item.get("config")
    return AgencyConfig(
        name=str(item["name"]).strip(), code=str(item["code"]).strip(), path=path,
        site=root / str(item.get("site") or f"build/{path}"),
        config=root / str(config) if config else None,
        url=url if not url or url.endswith("/") else url + "/",
        government=item.get("government") is True, line=line), []
