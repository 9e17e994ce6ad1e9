"""The package is typed (mypy --strict) and lint-clean, as the house style asks."""

from __future__ import annotations

import ast
import inspect
import re
import subprocess
import sys
from pathlib import Path

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


# -- the engine boundary -------------------------------------------------------------------------

PACKAGE = ROOT / "plugins" / "gongkai"
ADAPTER = PACKAGE / "mkdocs"  # everything that imports MkDocs or Material, and nothing else
ENGINE_PACKAGES = ("mkdocs", "material")
# Template variables of MkDocs and Material: the content templates read only gongkai's.
ENGINE_VARIABLES = re.compile(r"(?<![\w.])(config|page|nav|base_url|features)\b\s*[.|\[}]")


def _engine_imports(path: Path) -> list[str]:
    """The MkDocs and Material modules ``path`` imports (absolute imports only)."""
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.append(node.module)
    return [n for n in names if n.split(".")[0] in ENGINE_PACKAGES]


def _lines(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def test_only_the_mkdocs_adapter_imports_mkdocs_or_material():
    assert (ADAPTER / "plugin.py").is_file()  # the plugin the entry point names lives there
    outside = {path.relative_to(PACKAGE).as_posix(): _engine_imports(path)
               for path in sorted(PACKAGE.rglob("*.py")) if ADAPTER not in path.parents}
    assert {name: imports for name, imports in outside.items() if imports} == {}


def test_the_adapter_is_thin_and_no_module_is_long():
    adapter = {path.name: _lines(path) for path in ADAPTER.glob("*.py")}
    assert sum(adapter.values()) <= 1300, adapter
    assert {name: n for name, n in adapter.items() if n > 400} == {}
    assert {path.relative_to(PACKAGE).as_posix(): _lines(path) for path in PACKAGE.rglob("*.py")
            if _lines(path) > 450} == {}


def test_content_templates_use_no_engine_variables():
    content = [path for path in (PACKAGE / "templates" / "gongkai").rglob("*.html")
               if "material" not in path.relative_to(PACKAGE / "templates" / "gongkai").parts]
    assert content
    found = {path.name: [m.group(0) for m in ENGINE_VARIABLES.finditer(path.read_text("utf-8"))]
             for path in content}
    assert {name: hits for name, hits in found.items() if hits} == {}


def test_engine_internals_the_adapter_relies_on_are_still_there():
    """Each private name of MkDocs, Jinja or Python-Markdown the adapter uses (the comment where
    it is used says why): a release that renames or changes one fails here, not in a build."""
    from jinja2 import Environment
    from markdown.treeprocessors import InlineProcessor
    from mkdocs.commands import build
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure import pages

    for name in ("_ExtractAnchorsTreeprocessor", "_ExtractTitleTreeprocessor",
                 "_RawHTMLPreprocessor", "_RelativePathTreeprocessor"):
        assert callable(getattr(getattr(pages, name), "_register", None)), name
    assert "_title_from_render" in inspect.getsource(pages.Page)
    assert "_current_page" in MkDocsConfig.__annotations__
    assert "config._current_page = page" in inspect.getsource(build._build_page)
    assert callable(getattr(InlineProcessor, "_InlineProcessor__handleInline", None))
    server_source = inspect.getsource(LiveReloadServer)
    assert "self._watched_paths" in server_source and "self._watch_refs" in server_source
    template = Environment().from_string("{% block b %}x{% endblock %}")
    context = template.new_context({})
    context.blocks["b"] = [lambda _context: iter(["y"])]
    assert "".join(template.root_render_func(context)) == "y"
