"""Re-import in the desktop app: the review comes first, Apply is one undo step, the table
shows the revised lines (and the old ones again after Undo)."""
from __future__ import annotations

from pathlib import Path

import pytest

from nato_planner.core.taxonomy import Bucket
from nato_planner.ui.main_window import MainWindow

from test_main_window import open_through_preview

import sys
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "io"))
from importer_workbooks import budget_rows, write_xlsx  # noqa: E402


@pytest.fixture
def window(qtbot):
    window = MainWindow()
    qtbot.addWidget(window)
    yield window
    window.close()


def test_reimport_reviews_then_replaces_the_lines_in_one_step(qtbot, window, tmp_path):
    first = write_xlsx(tmp_path / "budget.xlsx", {"Budget": budget_rows()})
    open_through_preview(qtbot, window, first)
    lines = len(window.session.plan.budget)
    border = list(window.session.plan.budget.codes).index("0603")
    window.table_view.select_lines([border])
    window.classify_actions.bucket_actions[Bucket.CORE].trigger()
    rows = budget_rows()
    rows.insert(8, ["0604", "Cyber range", "", 0, 90])
    revised = write_xlsx(tmp_path / "budget_v2.xlsx", {"Budget": rows})
    reviewed = []
    assert window.projects.reimport(str(revised), ask=lambda d: reviewed.append(d) or True)
    tabs = reviewed[0].tabs
    assert tabs.tabText(0) == "New lines (1)" and tabs.widget(0).item(0).text() == "0604 Cyber range"
    b = window.session.plan.budget
    assert len(b) == lines + 1 and window.model.rowCount() == lines + 1
    assert b.buckets[list(b.codes).index("0603")] == Bucket.CORE  # carried across
    window.session.undo()
    assert len(window.session.plan.budget) == lines and window.model.rowCount() == lines


def test_cancelling_the_review_changes_nothing(qtbot, window, tmp_path):
    first = write_xlsx(tmp_path / "budget.xlsx", {"Budget": budget_rows()})
    open_through_preview(qtbot, window, first)
    history = window.session.stack.history
    assert not window.projects.reimport(str(first), ask=lambda d: False)
    assert window.session.stack.history == history
