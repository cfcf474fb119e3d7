"""The layering rule checked by machine: core and io import without Qt, and core imports no
file-format library (ARCHITECTURE.md: ui -> io -> core)."""
from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import nato_planner

PACKAGE = Path(nato_planner.__file__).resolve().parent
QT_LIBRARIES = ("PySide6", "PySide2", "PyQt5", "PyQt6", "shiboken6", "pyqtgraph", "pytestqt")
FORMAT_LIBRARIES = ("openpyxl", "xlsxwriter", "python_calamine", "xlrd", "odf", "pyexcel",
                    "defusedxml", "csv", "sqlite3", "zipfile")
PANDAS_IO = ("read_excel", "read_csv", "read_table", "read_fwf", "read_json", "read_sql",
             "read_parquet", "read_html", "read_xml", "read_ods", "to_excel", "to_csv",
             "ExcelFile", "ExcelWriter")  # pandas itself is fine in core; its file I/O is not


def modules_of(subpackage: str) -> list[str]:
    path = PACKAGE / subpackage
    return [f"nato_planner.{subpackage}.{m.name}" for m in pkgutil.iter_modules([str(path)])]


def run_with_qt_blocked(modules: list[str]) -> subprocess.CompletedProcess:
    code = textwrap.dedent(f"""
        import importlib, sys
        BLOCKED = {QT_LIBRARIES!r}

        class BlockQt:
            def find_spec(self, name, path=None, target=None):
                if name.split(".")[0] in BLOCKED:
                    raise ImportError(f"{{name}} is blocked: core and io must not need Qt")
                return None

        sys.meta_path.insert(0, BlockQt())
        for module in {modules!r}:
            importlib.import_module(module)
        leaked = sorted(m for m in sys.modules if m.split(".")[0] in BLOCKED)
        assert not leaked, leaked
        print("ok", len({modules!r}))
    """)
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=PACKAGE.parent, timeout=120)


@pytest.mark.parametrize("subpackage", ["core", "io"])
def test_imports_without_qt(subpackage):
    modules = [f"nato_planner.{subpackage}"] + modules_of(subpackage)
    result = run_with_qt_blocked(modules)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.startswith("ok")


def test_the_blocker_really_blocks():
    """Guard against a test that cannot fail: the ui session module needs Qt."""
    result = run_with_qt_blocked(["nato_planner.ui.plan_session"])
    assert result.returncode != 0 and "blocked" in result.stderr


def imported_roots(source: Path) -> set[str]:
    roots = set()
    for node in ast.walk(ast.parse(source.read_text("utf-8"), str(source))):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            roots.add(node.module.split(".")[0])
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "import_module":
            roots |= {a.value.split(".")[0] for a in node.args if isinstance(a, ast.Constant)}
    return roots


@pytest.mark.parametrize("source", sorted((PACKAGE / "core").glob("*.py")), ids=lambda p: p.name)
def test_core_imports_no_file_format_or_qt_library(source):
    forbidden = imported_roots(source) & set(FORMAT_LIBRARIES + QT_LIBRARIES)
    assert not forbidden, f"{source.name} imports {sorted(forbidden)}"


@pytest.mark.parametrize("source", sorted((PACKAGE / "core").glob("*.py")), ids=lambda p: p.name)
def test_core_uses_no_pandas_file_io(source):
    tree = ast.parse(source.read_text("utf-8"))
    used = {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)}
    used |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
             and (node.module or "").startswith("pandas") for alias in node.names}
    modules = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert not used & set(PANDAS_IO), f"{source.name} uses {sorted(used & set(PANDAS_IO))}"
    assert not any((m or "").startswith("pandas.io") for m in modules)


def test_core_does_not_reach_up_into_io_or_ui():
    for source in (PACKAGE / "core").glob("*.py"):
        tree = ast.parse(source.read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                target = ("." * node.level) + (node.module or "")
                assert not target.startswith(("..io", "..ui", "nato_planner.io",
                                              "nato_planner.ui")), f"{source.name}: {target}"


def test_io_never_imports_ui():
    for source in (PACKAGE / "io").glob("*.py"):
        tree = ast.parse(source.read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                target = ("." * node.level) + (node.module or "")
                assert not target.startswith(("..ui", "nato_planner.ui")), \
                    f"{source.name}: {target}"
