"""The first run on a common laptop screen (1366 x 768): the money gaps are in view at once."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QTableWidget

from nato_planner.io.budget_import import read_budget
from nato_planner.ui.main_window import MainWindow

WESTMARK = Path(__file__).resolve().parents[2] / "sample_budgets" / "westmark_budget_fy2025.xlsx"


def test_money_gaps_show_without_scrolling_at_1366_by_768(qtbot):
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    window.install_plan(str(WESTMARK), read_budget(str(WESTMARK)))
    table = window.gap_dock.widget().findChild(QTableWidget)
    qtbot.waitUntil(table.isVisible)
    assert table.visibleRegion().boundingRect() == table.rect(), "the gap table is cut off"
    year = window.session.selected_year
    row = next(r for r in range(table.rowCount()) if table.item(r, 0).text().startswith(str(year)))
    for column in (1, 2, 3):  # core gap, security room, total gap: money in view
        cell = table.visualItemRect(table.item(row, column))
        assert table.viewport().rect().contains(cell), f"column {column} scrolled away"
        assert "bn" in table.item(row, column).text()
    window.session.stack.mark_clean()
