"""The first run on a common laptop screen (1366 x 768): the money gaps are in view at once."""
from __future__ import annotations

from pathlib import Path

from nato_planner.io.budget_import import read_budget
from nato_planner.ui.main_window import MainWindow

WESTMARK = Path(__file__).resolve().parents[2] / "sample_budgets" / "westmark_budget_fy2025.xlsx"


def test_money_gaps_show_without_scrolling_at_1366_by_768(qtbot):
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    window.install_plan(str(WESTMARK), read_budget(str(WESTMARK)))
    qtbot.waitUntil(lambda: window.dashboard.gaps_box.isVisible())
    gaps = window.dashboard.gaps_box
    for label in window.dashboard.gap_labels.values():
        assert "EUR" in label.text(), "each gap in money, with its currency"
        shown = label.visibleRegion().boundingRect()
        assert shown == label.rect(), f"'{label.text()}' is cut off or scrolled away"
    assert gaps.visibleRegion().boundingRect().height() == gaps.height()
    window.session.stack.mark_clean()
