"""Claims in the desktop app, as a delegate uses them: rate a selection high risk in one step
and watch the at-risk band and the Checks panel change; undo puts both back."""
from __future__ import annotations

import numpy as np
import openpyxl
import pytest
from PySide6.QtCore import Qt

from nato_planner.core.claims import Risk
from nato_planner.core.money import money_text
from nato_planner.core.taxonomy import Bucket
from nato_planner.ui.line_items_model import ColumnKind, LineFilter
from nato_planner.ui.main_window import MainWindow


@pytest.fixture
def window(qtbot, budget):
    from nato_planner.io.budget_import import ImportResult  # noqa: F401 - the real type
    window = MainWindow()
    window.show()
    window.install_plan("northland.xlsx", _Result(budget))
    yield window
    window.session.stack.mark_clean()
    window.close()
    window.deleteLater()


class _Result:
    """What install_plan reads from an import result."""

    def __init__(self, budget) -> None:
        self.budget = budget


def _core_lines(window, count: int) -> np.ndarray:
    b = window.session.plan.budget
    return np.flatnonzero((b.buckets == Bucket.CORE) & ~b.excluded)[:count]


def _high_risk_items(window):
    from PySide6.QtWidgets import QApplication
    window.claims.checks_dock.raise_()  # a tab behind another redraws when it is shown
    QApplication.processEvents()  # the tab brought to the front is painted
    tree = window.claims.checks_panel.tree
    return [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())
            if tree.topLevelItem(i).text(0) == "High-risk claims above the alert share"]


def test_rating_in_bulk_moves_the_band_and_the_checks_and_undo_restores_both(qtbot, window):
    session, year = window.session, 2026  # 2027 has no GDP in this budget
    session.select_year(year)
    band_before = window.dashboard.band.label.text()
    trajectory_before = window.trajectory.band.summary_label.text()
    assert band_before == "No counted money rests on high-risk claims."
    assert not _high_risk_items(window)
    lines = _core_lines(window, 40)
    window.table_view.select_lines(lines)
    window.claims.actions.risk_actions[Risk.HIGH].trigger()
    assert session.stack.history == ["Rate 40 lines as high risk"]
    b = session.plan.budget
    at_risk = float((b.amounts[lines, b.year_index(year)] * b.shares[lines]).sum())
    text = window.dashboard.band.label.text()
    assert text.startswith(f"At risk: {money_text(at_risk, 'EUR')} on high-risk claims")
    assert window.dashboard.band.bar.isVisible()
    assert "Money at risk" in window.trajectory.band.summary_label.text()
    assert _high_risk_items(window), "40 core lines are far above 10% of counted money"
    assert window.model.data(window.model.index(window.model.row_of(int(lines[0])),
                                                window.model.column_of(ColumnKind.RISK))) == "high"
    window.undo_action.trigger()
    assert window.dashboard.band.label.text() == band_before
    assert window.trajectory.band.summary_label.text() == trajectory_before
    assert not window.dashboard.band.bar.isVisible()
    assert not _high_risk_items(window)


def test_clicking_a_check_selects_the_lines_behind_it(qtbot, window):
    window.claims.checks_dock.raise_()
    tree = window.claims.checks_panel.tree
    groups = {tree.topLevelItem(i).text(0): tree.topLevelItem(i)
              for i in range(tree.topLevelItemCount())}
    unclassified = groups["Unclassified money left"]
    child = unclassified.child(0)
    year = int(child.text(0))
    window.claims.checks_panel.tree.itemClicked.emit(child, 0)
    b = window.session.plan.budget
    expected = np.flatnonzero((b.buckets == Bucket.UNCLASSIFIED) & ~b.excluded
                              & (b.amounts[:, b.year_index(year)] != 0))
    assert np.array_equal(window.table_view.selected_lines(), expected)
    assert f"Selected {len(expected):,} lines: the unclassified lines ({year})" in \
        window.statusBar().currentMessage()


def test_alert_share_is_an_undoable_setting(qtbot, window):
    window.table_view.select_lines(_core_lines(window, 3))
    window.claims.actions.risk_actions[Risk.HIGH].trigger()
    spin = window.claims.checks_panel.alert_spin
    found = bool(_high_risk_items(window))
    spin.setValue(99.0)
    assert not _high_risk_items(window)
    assert window.session.stack.undo_label == "Flag high-risk claims above 99% of counted money"
    window.undo_action.trigger()
    assert bool(_high_risk_items(window)) == found and spin.value() == 10.0


def test_in_cell_editors_set_risk_and_declaration_one_undo_step_each(qtbot, window):
    model, session = window.model, window.session
    b = session.plan.budget
    line = int(np.flatnonzero(b.buckets == Bucket.SECURITY)[0])
    row = model.row_of(line)
    assert model.setData(model.index(row, model.column_of(ColumnKind.RISK)), int(Risk.MEDIUM))
    assert model.setData(model.index(row, model.column_of(ColumnKind.DECLARATION)), "cyber")
    assert model.setData(model.index(row, model.column_of(ColumnKind.EVIDENCE)), "NIS2 act")
    assert (int(b.risks[line]), b.declarations[line], b.evidence[line]) == (
        Risk.MEDIUM, "Networks and cyber", "NIS2 act")
    assert len(session.stack.history) == 3
    assert model.headerData(model.column_of(ColumnKind.RISK), Qt.Orientation.Horizontal) == \
        "Challenge\nrisk"


def test_claims_register_filters_the_table_and_exports_the_claims_sheet(qtbot, window,
                                                                        tmp_path):
    b = window.session.plan.budget
    lines = _core_lines(window, 2)
    window.table_view.select_lines(lines)
    window.claims.actions.risk_actions[Risk.HIGH].trigger()
    window.claims.actions.register_action.trigger()
    assert window.model.line_filter == LineFilter.CLAIMS
    expected = np.flatnonzero((b.buckets == Bucket.SECURITY) | (b.risks == Risk.HIGH))
    assert window.model.rowCount() == len(expected)
    count = window.claims.actions.export_claims_to(str(tmp_path / "claims.xlsx"))
    assert count == len(expected)
    book = openpyxl.load_workbook(tmp_path / "claims.xlsx")
    assert book.sheetnames == ["Claims"]
    codes = [row[0].value for row in book["Claims"].iter_rows(min_row=2, max_row=count + 1)]
    assert codes == [b.codes[i] for i in expected]


def test_claim_history_dialog_lists_who_rated_it_and_why(qtbot, window):
    from nato_planner.core.claim_commands import SetChallengeRisk
    from nato_planner.ui.claim_actions import ClaimHistoryDialog
    session = window.session
    line = int(_core_lines(window, 1)[0])
    session.execute(SetChallengeRisk(session.plan, [line], Risk.HIGH, reason="pensions moved",
                                     user="anna"))
    dialog = ClaimHistoryDialog(session, line, window)
    cells = [dialog.table.item(0, c).text() for c in range(4)]
    assert cells[1:] == ["anna", "challenge risk: (blank) -> high", "pensions moved"]
    dialog.deleteLater()


def test_nato_categories_chart_follows_reclassification(qtbot, window):
    from nato_planner.core.commands import ClassifyLines
    from nato_planner.core.taxonomy import SUBCATEGORY_INDEX
    chart, session = window.claims.categories_chart, window.session
    year = session.selected_year
    window.claims.categories_dock.raise_()
    before = dict(chart.shares[year])
    b = session.plan.budget
    personnel = np.flatnonzero((b.buckets == Bucket.CORE)
                               & (b.subcategories == SUBCATEGORY_INDEX["personnel"]))[:5]
    session.execute(ClassifyLines(session.plan, personnel, Bucket.CORE,
                                  SUBCATEGORY_INDEX["equipment"]))
    assert chart.shares[year]["equipment"] > before["equipment"]
    assert sum(chart.shares[year].values()) == pytest.approx(100.0)
    assert f"<b>{year}</b>" in chart.year_label.text()


def test_a_hidden_checks_tab_catches_up_when_shown(qtbot, window):
    window.claims.checks_dock.raise_()
    assert not _high_risk_items(window)
    window.history_dock.raise_()  # the Checks tab goes behind History, or Dashboard
    window.dashboard_dock.raise_()
    window.table_view.select_lines(_core_lines(window, 40))
    window.claims.actions.risk_actions[Risk.HIGH].trigger()
    assert _high_risk_items(window)  # raised: redrawn with the rating
