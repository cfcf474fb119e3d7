"""Issue 10, the desktop half: every year to the target year on the dashboard, the gap table,
spreading with holds, close the gap both ways, targets and assumptions from dialogs, and views
that redraw from the change record. Each edit is one undo step."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt

from nato_planner.core.commands import ClassifyLines, SetHolds, SetRationale
from nato_planner.core.money import money_text
from nato_planner.core.taxonomy import SLOTS, SUBCATEGORY_INDEX, Bucket, Slot, SLOT_INDEX
from nato_planner.core.trajectory import gap_table, trajectory

EQUIPMENT = SLOT_INDEX[Slot(Bucket.CORE, SUBCATEGORY_INDEX["equipment"])]
OPERATIONS = SLOT_INDEX[Slot(Bucket.CORE, SUBCATEGORY_INDEX["operations"])]
PERSONNEL = SLOT_INDEX[Slot(Bucket.CORE, SUBCATEGORY_INDEX["personnel"])]


@pytest.fixture
def window(qtbot, budget):
    from nato_planner.io.budget_import import Detection, ImportResult
    from nato_planner.ui.main_window import MainWindow
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    detection = Detection("Budget", ["Budget"], 4, [], {}, {}, 1000.0, "", "EUR", None)
    window.install_plan("northland.xlsx", ImportResult(budget, detection, [], [], []))
    yield window
    window.session.stack.mark_clean()


def gap_widget(window):
    from nato_planner.ui.gap_table_widget import GapTableWidget
    return window.gap_dock.findChild(GapTableWidget)


def test_the_year_box_offers_every_year_to_2035_and_shows_2035(window):
    combo = window.year_combo
    years = [combo.itemData(i) for i in range(combo.count())]
    assert years == list(range(2024, 2036))
    combo.setCurrentIndex(combo.findData(2035))
    assert window.session.selected_year == 2035
    assert window.dashboard.title_label.text().startswith("2035 (planned year)")
    f = window.session.plan.figures(2035)
    assert window.dashboard.gap_labels["total"].text().startswith(money_text(f.total_gap, "EUR"))
    assert "2035" in window.lanes.lane(Bucket.CORE).total_label.text()


def test_gap_table_shows_every_year_and_clicking_one_selects_it(window):
    widget = gap_widget(window)
    rows = gap_table(window.session.plan)
    assert widget.table.rowCount() == len(rows) == 12
    for r, row in enumerate(rows):
        cells = [widget.table.item(r, c).text() for c in range(widget.table.columnCount())]
        assert cells[0].rstrip("*") == str(row.year)
        if row.gdp is not None:
            assert cells[1] == f"{money_text(row.core_gap)} · {row.core_gap_pct:.2f}%"
            assert cells[3] == f"{money_text(row.total_gap)} · {row.total_gap_pct:.2f}%"
        assert cells[5] == {True: "yes", False: "no", None: "n/a"}[row.on_path]
    widget.table.cellClicked.emit(rows.index(next(r for r in rows if r.year == 2030)), 2)
    assert window.session.selected_year == 2030
    assert window.dashboard.title_label.text().startswith("2030")


def test_gap_table_money_is_in_view_at_1366x768(window, qtbot):
    qtbot.waitExposed(window)
    widget = gap_widget(window)
    table = widget.table
    viewport = table.viewport().rect()
    for column in (1, 2, 3):  # the money gaps: never scrolled out of view
        left = table.columnViewportPosition(column)
        assert 0 <= left and left + table.columnWidth(column) <= viewport.width() + 1
    last = table.rowCount() - 1
    assert table.rowViewportPosition(last) + table.rowHeight(last) <= viewport.height() + 1


def test_spread_with_a_held_sub_category_moves_only_the_free_ones(window, qtbot):
    from nato_planner.ui.spread_dialog import SpreadDialog
    session = window.session
    plan = session.plan
    before = plan.slot_totals(2030).copy()
    dialog = SpreadDialog(session, 2030, Bucket.CORE, 2e9)
    qtbot.addWidget(dialog)
    assert "Equipment +" in dialog.summary_label.text()  # default: new core money, not pay
    dialog.set_hold(EQUIPMENT, True)
    assert (2030, EQUIPMENT) in plan.planning.held_slots
    assert "Equipment" not in dialog.summary_label.text()
    assert dialog.summary_label.text().startswith("Adds EUR 2.00 bn")
    history = len(session.stack.history)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)  # Enter applies
    after = plan.slot_totals(2030)
    assert after[EQUIPMENT] == before[EQUIPMENT] and after[PERSONNEL] == before[PERSONNEL]
    assert after.sum() - before.sum() == pytest.approx(2e9)
    assert len(session.stack.history) == history + 1  # the spread is one step
    session.undo()
    assert np.array_equal(plan.slot_totals(2030), before)


def test_spread_onto_chosen_sub_categories_in_a_budget_year_keeps_held_lines(window, qtbot):
    from nato_planner.ui.spread_dialog import SpreadDialog
    session = window.session
    plan, b = session.plan, session.plan.budget
    equipment_lines = np.flatnonzero((b.buckets == Bucket.CORE) & ~b.excluded
                                     & (b.subcategories == SUBCATEGORY_INDEX["equipment"]))
    held = equipment_lines[:3]
    session.execute(SetHolds(plan, held, True))
    kept = b.amounts[held, b.year_index(2026)].copy()
    dialog = SpreadDialog(session, 2026, Bucket.CORE, 5e8, mode="chosen")
    qtbot.addWidget(dialog)
    dialog.choose_slots([EQUIPMENT])
    assert dialog.preview is not None and [m.slot for m in dialog.preview.moves if m.delta] == [EQUIPMENT]
    before = plan.figures(2026)
    dialog.accept()
    after = plan.figures(2026)
    assert after.equipment - before.equipment == pytest.approx(5e8)
    assert (b.amounts[held, b.year_index(2026)] == kept).all()
    session.undo()
    assert plan.figures(2026).core == before.core


@pytest.mark.parametrize("mode", ["path", "now"])
def test_close_the_gap_both_ways_in_one_undo_step(window, qtbot, mode):
    session = window.session
    plan = session.plan
    targets = plan.targets
    before = [plan.figures(y) for y in plan.trajectory_years]
    dialog = window.planning_actions.close_the_gap(mode)
    qtbot.addWidget(dialog)
    assert dialog.mode == mode and dialog.table.rowCount() == len(dialog.proposal.steps) > 0
    assert "Equipment" in dialog.table.item(0, 2).text()  # where the core money goes, shown first
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    assert session.stack.undo_label.startswith("Close the gap")
    for row in trajectory(plan)[1:]:
        f = row.figures
        if f.gdp is None:
            continue
        if mode == "path":
            assert row.on_path, row.year
        else:
            assert f.core_pct_gdp >= targets.core_floor_pct - 1e-9, row.year
            assert f.security_pct_gdp >= targets.security_ceiling_pct - 1e-9, row.year
    session.undo()
    assert [plan.figures(y) for y in plan.trajectory_years] == before


def test_targets_dialog_changes_every_label_and_undoes(window, qtbot):
    from nato_planner.ui.targets_dialog import TargetsDialog
    session = window.session
    session.select_year(2026)
    dialog = TargetsDialog(session, window)
    qtbot.addWidget(dialog)
    dialog.spins["core_floor_pct"].setValue(3.0)
    dialog.spins["target_year"].setValue(2032)
    dialog.accept()
    assert session.plan.targets.core_floor_pct == 3.0
    assert window.lanes.lane(Bucket.CORE).pct_label.text().endswith("floor 3%")
    assert window.dashboard.gap_names["core"].text() == "Gap to 3% core floor:"
    assert "3% core floor" in [t for lvl in window.trajectory.target_axis._tickLevels for _, t in lvl]
    assert window.gap_dock.windowTitle() == "Gaps to 2032"
    assert [window.year_combo.itemData(i) for i in range(window.year_combo.count())][-1] == 2032
    session.undo()
    assert window.lanes.lane(Bucket.CORE).pct_label.text().endswith("floor 3.5%")
    assert window.gap_dock.windowTitle() == "Gaps to 2035"


def test_assumptions_dialog_sets_rates_per_year_and_a_pasted_gdp_series(window, qtbot):
    from nato_planner.ui.assumptions_dialog import AssumptionsDialog
    session = window.session
    plan = session.plan
    growth_before = next(r for r in trajectory(plan) if r.year == 2030).real_growth_pct
    dialog = AssumptionsDialog(session, window)
    qtbot.addWidget(dialog)
    assert "+0.1 percentage point of GDP costs" in dialog.sensitivity_label.text()
    assert "1 point faster" in dialog.sensitivity_label.text()
    row = dialog.years.index(2030)
    dialog.year_table.item(row, 2).setText("4.5")  # inflation 2030
    dialog.slot_table.item(dialog.slots.index(EQUIPMENT), 0).setText("6")
    dialog.source_buttons.buttons()[2].setChecked(True)  # a pasted series
    dialog.series_label_edit.setText("IMF WEO October 2026")
    dialog.series_text.setPlainText("2028\t810\n2029\t835")
    dialog.accept()
    assert session.stack.undo_label.startswith("Change planning assumptions")
    assert plan.planning.inflation_for(2030) == 4.5
    assert plan.planning.spending_growth_for(2031, EQUIPMENT) == 6.0
    assert plan.gdp(2028) == pytest.approx(810e9)
    growth_after = next(r for r in trajectory(plan) if r.year == 2030).real_growth_pct
    assert growth_after != growth_before
    session.undo()  # the whole dialog was one step
    assert plan.planning.gdp_series is None and plan.planning.inflation_for(2030) != 4.5


def test_a_bad_pasted_series_is_refused_with_its_line(window, qtbot):
    from nato_planner.ui.assumptions_dialog import AssumptionsDialog
    dialog = AssumptionsDialog(window.session, window)
    qtbot.addWidget(dialog)
    dialog.source_buttons.buttons()[2].setChecked(True)
    dialog.series_text.setPlainText("2028 810\nabout 835 in 2029")
    dialog.accept()
    assert "Line 2" in dialog.error_label.text()
    assert window.session.stack.history == []


def test_a_rationale_edit_redraws_no_chart_and_a_history_jump_redraws_once(window, monkeypatch):
    session = window.session
    counts = {"dashboard": 0, "trajectory": 0, "gaps": 0}
    for name, view in (("dashboard", window.dashboard), ("trajectory", window.trajectory),
                       ("gaps", gap_widget(window))):
        original = view.refresh

        def counted(*args, _name=name, _original=original):
            counts[_name] += 1
            return _original(*args)
        monkeypatch.setattr(view, "refresh", counted)
    session.execute(SetRationale(session.plan, [3], "Pensions of military retirees: NATO definition"))
    assert counts == {"dashboard": 0, "trajectory": 0, "gaps": 0}
    lines = np.flatnonzero(session.plan.budget.buckets == Bucket.UNCLASSIFIED)[:40]
    for line in lines:
        session.execute(ClassifyLines(session.plan, [int(line)], Bucket.CORE))
    counts.update(dashboard=0, trajectory=0, gaps=0)
    window.history_panel.go_to_step(1)
    assert counts == {"dashboard": 1, "trajectory": 1, "gaps": 1}


def test_no_target_figure_is_written_into_the_ui_code():
    """Labels read the plan's targets: no '3.5%', '1.5%', '5%', '20%', 2029 or 2035 in a
    string of nato_planner/ui (docstrings aside)."""
    pattern = re.compile(r"(?<![\d.])(3\.5|1\.5|5|20)\s?%|\b2035\b|\b2029\b")
    found = []
    for path in sorted((Path(__file__).parents[2] / "nato_planner" / "ui").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                      if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef))
                      and node.body and isinstance(node.body[0], ast.Expr)
                      and isinstance(node.body[0].value, ast.Constant)}
        found += [f"{path.name}:{node.lineno}" for node in ast.walk(tree)
                  if isinstance(node, ast.Constant) and isinstance(node.value, str)
                  and id(node) not in docstrings and pattern.search(node.value)]
    assert found == []
