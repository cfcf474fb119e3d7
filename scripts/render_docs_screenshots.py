"""Render the help screenshots in docs/ offscreen: the welcome page, an Explain panel, the
glossary, the import preview and the main window at 1366 x 768 (a common laptop screen).

    QT_QPA_PLATFORM=offscreen python scripts/render_docs_screenshots.py [OUT_DIR]

Uses a throw-away settings folder, so your recent files never appear in a picture.
"""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_budgets"


def _settings() -> QSettings:
    QCoreApplication.setOrganizationName("nato-planner-docs")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tempfile.mkdtemp())
    settings = QSettings()
    settings.setValue("recent_files", [str(SAMPLES / "westmark_budget_fy2025.xlsx"),
                                       str(SAMPLES / "northland_mod_2026.xlsx")])
    return settings


def _save(widget, path: Path, app: QApplication) -> None:
    widget.show()
    for _ in range(5):
        app.processEvents()
    widget.grab().save(str(path))
    print(f"wrote {path} ({path.stat().st_size:,} bytes, {widget.width()}x{widget.height()})")


def main(out: Path) -> None:
    app = QApplication.instance() or QApplication([])
    from nato_planner.io.budget_import import read_budget
    from nato_planner.ui.glossary_dialog import GlossaryDialog
    from nato_planner.ui.import_dialog import ImportDialog
    from nato_planner.ui.main_window import MainWindow
    window = MainWindow(_settings())
    window.resize(1366, 768)
    _save(window, out / "welcome.png", app)
    westmark = str(SAMPLES / "westmark_budget_fy2025.xlsx")
    window.install_plan(westmark, read_budget(westmark))
    _save(window, out / "main_window_1366.png", app)
    dialog = window.figure_menus.open_explain("counted", window.session.selected_year)
    dialog.resize(940, 660)
    _save(dialog, out / "explain.png", app)
    dialog.close()
    glossary = GlossaryDialog(window, "ceiling")
    glossary.resize(780, 480)
    _save(glossary, out / "glossary.png", app)
    northland = str(SAMPLES / "northland_mod_2026.xlsx")
    preview = ImportDialog(northland, read_budget(northland), window)
    preview.resize(1180, 720)
    _save(preview, out / "import_preview.png", app)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs")
