"""The compare dialog: two scenarios side by side, the bridge of a year, the Excel sheet."""
from __future__ import annotations

import pytest
from python_calamine import CalamineWorkbook

from nato_planner.core.money import money_text
from nato_planner.core.taxonomy import Bucket
from nato_planner.ui.compare_dialog import CompareDialog
from nato_planner.ui.main_window import MainWindow

from test_main_window import _sample, _unclassified_lines, open_through_preview


@pytest.fixture
def compared(qtbot):
    window = MainWindow()
    qtbot.addWidget(window)
    open_through_preview(qtbot, window, _sample("westmark"))
    window.projects.new_scenario("More core")
    lines = _unclassified_lines(window.session, 5)
    window.table_view.select_lines(lines)
    window.classify_actions.bucket_actions[Bucket.CORE].trigger()
    dialog = CompareDialog(window.projects.project, window.projects.scenario, window)
    qtbot.addWidget(dialog)
    year = window.session.plan.years[0]
    dialog.choose("Working plan", "More core", year)
    yield window, dialog, year, lines
    window.close()


def test_the_table_shows_both_plans_every_year_to_2035(compared):
    window, dialog, year, _ = compared
    assert dialog.table.rowCount() == 2035 - window.session.plan.years[0] + 1
    first = [dialog.table.item(0, c).text() for c in range(dialog.table.columnCount())]
    plan = window.session.plan
    working = window.projects.project.load("Working plan").plan
    assert first[6] == money_text(working.figures(year).counted, "EUR")
    assert first[7] == money_text(plan.figures(year).counted, "EUR")
    assert first[8].startswith("+")


def test_the_bridge_names_the_reclassified_lines_and_adds_up(compared):
    window, dialog, year, lines = compared
    b = dialog.current_bridge
    budget = window.session.plan.budget
    named = {f"{budget.codes[i]} {budget.descriptions[i]}".strip() for i in lines}
    assert {s.label for s in b.steps} <= named and len(b.steps) == len(lines)
    assert b.start + sum(s.amount for s in b.steps) == pytest.approx(b.end)


def test_the_comparison_exports_as_an_excel_sheet(compared, tmp_path):
    _, dialog, year, _ = compared
    target = tmp_path / "comparison.xlsx"
    dialog.export_to(str(target))
    rows = CalamineWorkbook.from_path(str(target)).get_sheet_by_name("Compare").to_python()
    assert "Working plan" in rows[0][0] and "More core" in rows[0][0]
    bridge_row = next(i for i, r in enumerate(rows) if str(r[0]).startswith(f"Bridge {year}"))
    assert rows[bridge_row + 2][2] == pytest.approx(dialog.current_bridge.start)
    last = next(r for r in rows[bridge_row:] if r[0] == "B")
    assert last[2] == pytest.approx(dialog.current_bridge.end)
