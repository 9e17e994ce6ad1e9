"""The package is typed (mypy --strict) and lint-clean, as the house style asks."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT


def test_mypy_strict_passes():
    proc = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_ruff_passes():
    proc = subprocess.run([sys.executable, "-m", "ruff", "check", "plugins", "tests"], cwd=ROOT,
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_core_does_not_import_mkdocs():
    code = ("import sys, importlib, pkgutil, gongkai.core as c\n"
            "for m in pkgutil.walk_packages(c.__path__, 'gongkai.core.'): importlib.import_module(m.name)\n"
            "print(sorted(n for n in sys.modules if n == 'mkdocs' or n.startswith('mkdocs.')))")
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"
