"""The core says each thing once: one worker policy, one 索引号 pattern language, one date
parser, one writer of file specs, modules of one concern and of readable length."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import ROOT

CORE = ROOT / "plugins" / "gongkai" / "core"
MAX_LINES = 450


def core_modules() -> list[Path]:
    return sorted(CORE.rglob("*.py"))


def defining(pattern: str) -> list[str]:
    """The core modules whose text matches ``pattern``."""
    return [str(path.relative_to(CORE)) for path in core_modules()
            if re.search(pattern, path.read_text(encoding="utf-8"), re.M)]


def test_no_core_module_is_longer_than_450_lines():
    long = {str(path.relative_to(CORE)): n for path in core_modules()
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}


@pytest.mark.parametrize(("what", "pattern", "home"), [
    ("the 索引号 placeholders are read", r"re\.compile\(r\"<\(\[\^<>\]\*\)>\"\)", ["identifiers.py"]),
    ("dates are parsed", r"^def parse_date\(", ["dates.py"]),
    ("amounts are formatted", r"^def money\(", ["money.py"]),
    ("worker counts are decided", r"usable_cores\(\)|os\.cpu_count\(\)", ["parallel.py"]),
])
def test_one_home_for_each_rule(what, pattern, home):
    assert defining(pattern) == home, what


def test_one_writer_of_files_in_the_whole_package():
    # The engine writes what it renders; every other file of the site goes through
    # core/pages.write_files (the search index beside the build, the preview, QR codes).
    package = CORE.parent
    writers = [str(path.relative_to(package)) for path in sorted(package.rglob("*.py"))
               if re.search(r"\"wb\"|\.write_bytes\(", path.read_text(encoding="utf-8"))]
    assert writers == ["core/pages.py"]


def test_the_loader_does_not_import_the_budget_pages():
    # load.py reads budgets; it needs amounts (money.py), not the budgets' pages and charts.
    assert [m for m in defining(r"^from \.budgets import")
            if m.startswith(("load", "loading"))] == []
