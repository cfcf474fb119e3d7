"""GDP editor, rationale and share dialogs, the error log: what a delegate would notice."""
from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget

from nato_planner.core.taxonomy import Bucket
from nato_planner.ui import error_reporting
from nato_planner.ui.classify_actions import ClassifyActions
from nato_planner.ui.gdp_dialog import GDP_SCALE, GdpDialog
from nato_planner.ui.rationale_dialog import RationaleDialog


@pytest.fixture
def gdp_dialog(qtbot, session):
    dialog = GdpDialog(session)
    qtbot.addWidget(dialog)
    return dialog


def _row(dialog, year):
    return dialog.years.index(year)


def test_missing_gdp_is_flagged_red_with_a_tooltip(gdp_dialog, session):
    missing = [y for y in session.plan.years if session.plan.gdp_of(y) is None]
    assert missing == [2027]
    item = gdp_dialog.table.item(_row(gdp_dialog, 2027), 0)
    assert item.background().color().red() > item.background().color().green()
    assert "No GDP for 2027" in item.toolTip()
    known = gdp_dialog.table.item(_row(gdp_dialog, 2025), 0)
    assert float(known.text().replace(",", "")) * GDP_SCALE == pytest.approx(session.plan.gdp_of(2025))


def test_the_whole_dialog_is_one_undo_step(gdp_dialog, session):
    before = session.plan.figures(2027)
    assert before.core_pct_gdp is None
    gdp_dialog.table.item(_row(gdp_dialog, 2027), 0).setText("790")
    gdp_dialog.table.item(_row(gdp_dialog, 2026), 0).setText("765.5")
    gdp_dialog.accept()
    assert session.plan.gdp_of(2027) == 790e9 and session.plan.gdp_of(2026) == 765.5e9
    after = session.plan.figures(2027)
    assert after.core_pct_gdp == pytest.approx(100 * after.core / 790e9)
    assert session.stack.history == ["Set GDP for 2026, 2027"]
    session.undo()
    assert session.plan.gdp_of(2027) is None and session.plan.gdp_of(2026) == 7.6e11


def test_planning_years_to_2035_are_listed_and_a_typed_gdp_replaces_the_projection(
        gdp_dialog, session):
    from nato_planner.core.trajectory import trajectory
    assert gdp_dialog.years[-1] == 2035
    item = gdp_dialog.table.item(_row(gdp_dialog, 2030), 0)
    assert item.text() == "" and "projected" in item.toolTip()
    assert item.background().style() == Qt.BrushStyle.NoBrush  # not red: growth gives it
    item.setText("900")
    gdp_dialog.accept()
    row_2030 = next(r for r in trajectory(session.plan) if r.year == 2030)
    assert row_2030.figures.gdp == 900e9
    assert session.stack.history == ["Set GDP for 2030"]


def test_untouched_dialog_adds_no_step_and_bad_text_is_refused(gdp_dialog, session):
    gdp_dialog.table.item(_row(gdp_dialog, 2024), 0).setText("lots")
    gdp_dialog.accept()
    assert "2024" in gdp_dialog.error_label.text() and session.stack.history == []
    gdp_dialog.table.item(_row(gdp_dialog, 2024), 0).setText(
        gdp_dialog._original_text[_row(gdp_dialog, 2024)])
    gdp_dialog.accept()
    assert session.stack.history == []


def _actions(qtbot, session, lines):
    parent = QWidget()
    qtbot.addWidget(parent)
    return ClassifyActions(lambda: np.asarray(lines), parent, session)


def test_rationale_for_a_selection_records_who_and_when(qtbot, session, monkeypatch):
    lines = [1, 2, 3]
    monkeypatch.setattr(RationaleDialog, "ask", classmethod(
        lambda cls, budget, chosen, parent: "Border guard: 40% military-trained"))
    _actions(qtbot, session, lines).rationale_action.trigger()
    b = session.plan.budget
    assert set(b.rationales[lines]) == {"Border guard: 40% military-trained"}
    assert all(b.rationale_authors[lines]) and all(b.rationale_times[lines])
    assert session.stack.undo_label == "Edit rationale of 3 lines"


def test_rationale_dialog_shows_the_common_text(qtbot, session):
    b = session.plan.budget
    dialog = RationaleDialog(b, np.array([0]))
    qtbot.addWidget(dialog)
    assert dialog.editor.toPlainText() == b.rationales[0]


def test_set_share_for_a_selection_is_one_command(qtbot, session, monkeypatch):
    b = session.plan.budget
    lines = np.flatnonzero((b.buckets == Bucket.CORE) & ~b.excluded)[:5]
    monkeypatch.setattr(QInputDialog, "getDouble", lambda *a, **k: (30.0, True))
    before = session.plan.figures(2025).core
    full = float((b.amounts[lines, 1] * b.shares[lines]).sum())
    _actions(qtbot, session, lines).share_action.trigger()
    assert np.all(b.shares[lines] == 0.3)
    assert session.plan.figures(2025).core == pytest.approx(before - full + 0.3 * b.amounts[lines, 1].sum())
    assert session.stack.history == ["Set counted share of 5 lines to 30%"]


def test_hold_and_release(qtbot, session):
    actions = _actions(qtbot, session, [4, 5])
    actions.hold_action.trigger()
    assert session.plan.budget.holds[[4, 5]].all()
    actions.release_action.trigger()
    assert not session.plan.budget.holds[[4, 5]].any()


def test_unexpected_error_goes_to_the_log_and_one_short_message(qapp, monkeypatch, isolated_settings):
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *a, **k: shown.append(a[2]))
    try:
        raise ZeroDivisionError("boom in a slot")
    except ZeroDivisionError as error:
        error_reporting._excepthook(type(error), error, error.__traceback__)
    log = error_reporting.log_path()
    assert str(isolated_settings) in str(log)
    assert "boom in a slot" in log.read_text() and "Traceback" in log.read_text()
    assert len(shown) == 1 and str(log) in shown[0] and "Traceback" not in shown[0]


def test_a_user_error_reaching_the_hook_shows_its_sentence(qapp, monkeypatch):
    from nato_planner.core.errors import ExportError
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))
    error = ExportError("plan.xlsx is open in Excel; close it and export again.")
    error_reporting._excepthook(ExportError, error, None)
    assert shown == ["plan.xlsx is open in Excel; close it and export again."]


def test_close_the_gap_proposal_reads_without_scrolling_sideways(qtbot, session):
    from nato_planner.core.close_gap import propose_close_gap
    from nato_planner.ui.chart_gap_dialog import CloseTheGapDialog
    proposal = propose_close_gap(session.plan, "path")
    assert proposal.steps and not any(step.note for step in proposal.steps)
    dialog = CloseTheGapDialog(session)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert not dialog.table.horizontalScrollBar().isVisible()
    headers = [dialog.table.horizontalHeaderItem(c).text() for c in range(dialog.table.columnCount())
               if not dialog.table.isColumnHidden(c)]
    assert headers[-1] == "Counted %"  # the empty Note column is hidden
    assert dialog.table.rowCount() == len(proposal.steps)
