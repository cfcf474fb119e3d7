"""Render the Suggestion column and the rules preview offscreen into docs/.

    QT_QPA_PLATFORM=offscreen python docs/make_rules_screenshots.py [--budget FILE] [--out DIR]

Writes rules_suggestions.png (the line items filtered to unclassified lines, with what the
default rulebook suggests and why) and rules_preview.png (what accepting all would change).
Look at both before committing.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QEventLoop, QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from nato_planner.io.budget_import import read_budget  # noqa: E402
from nato_planner.ui.line_items_model import ColumnKind, LineFilter  # noqa: E402
from nato_planner.ui.main_window import MainWindow  # noqa: E402


def settle(app: QApplication) -> None:
    for _ in range(6):
        app.sendPostedEvents()
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--budget", default=str(ROOT / "sample_budgets" / "northland_mod_2026.xlsx"))
    parser.add_argument("--out", default=str(ROOT / "docs"))
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv)
    out = Path(args.out)
    settings = QSettings(str(out / ".screenshot-settings.ini"), QSettings.Format.IniFormat)
    settings.clear()
    window = MainWindow(settings)
    window.resize(1500, 500)
    window.show()
    window.install_plan(args.budget, read_budget(args.budget))
    settle(app)
    for dock in (window.dashboard_dock, window.trajectory_dock, window.history_dock):
        dock.hide()
    window.rule_suggestions.show_suggestions()
    window.model.set_filter(line_filter=LineFilter.UNCLASSIFIED)
    view, model = window.table_view, window.model
    for kind in (ColumnKind.ORGANISATION, ColumnKind.SHARE, ColumnKind.RATIONALE,
                 ColumnKind.SUBCATEGORY):
        view.setColumnHidden(model.column_of(kind), True)
    view.setColumnWidth(model.column_of(ColumnKind.DESCRIPTION), 250)
    view.setColumnWidth(model.column_of(ColumnKind.SUGGESTION), 560)
    settle(app)
    window.statusBar().showMessage(f"Rulebook '{window.rule_suggestions.rulebook.name}': "
                                   f"suggestions shown for unclassified lines")
    settle(app)
    window.grab().save(str(out / "rules_suggestions.png"))
    dialog = window.rule_suggestions.preview_dialog()
    dialog.show()
    settle(app)
    dialog.grab().save(str(out / "rules_preview.png"))
    dialog.close()
    window.session.stack.mark_clean()
    window.close()
    settings.clear()
    (out / ".screenshot-settings.ini").unlink(missing_ok=True)


if __name__ == "__main__":
    main()
