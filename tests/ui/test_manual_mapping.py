"""When detection fails, the import preview lets the user map the table by hand (header row,
each column's role and year), reads it, and remembers the mapping for the same layout."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

from nato_planner.io.budget_import import ColumnRole
from nato_planner.ui.import_dialog import FIRST_CELL_ROW, SCALES
from nato_planner.ui.main_window import MainWindow

ROWS = [["Ministry of Defence: budget tables", "", "", ""],
        ["Zeile", "Posten", "Betragszahl", "Folgejahr"],  # headers no vocabulary knows
        ["A-1", "Main battle tanks", "100", "120"],
        ["A-2", "Frigate maintenance", "40", "44"],
        ["A-3", "Cyber range", "7", "9"]]


@pytest.fixture
def unrecognised(tmp_path) -> Path:
    path = tmp_path / "unrecognised.csv"
    with open(path, "w", newline="", encoding="utf-8") as file:
        csv.writer(file).writerows(ROWS)
    return path


def choose(dialog, column: int, role: ColumnRole, year: int | None = None) -> None:
    combo = dialog.role_combos[column]
    combo.setCurrentIndex(combo.findData(role.value))
    if year is not None:
        dialog.year_spins[column].setValue(year)


def open_manual(qtbot, window, path):
    with qtbot.waitSignal(window.import_preview_did_open, timeout=20000) as shown:
        window.open_path(str(path))
    return shown.args[0]


def test_a_table_detection_fails_on_is_mapped_by_hand_and_remembered(qtbot, unrecognised):
    window = MainWindow()
    qtbot.addWidget(window)
    dialog = open_manual(qtbot, window, unrecognised)

    assert dialog.result is None
    assert "could not be found" in dialog.summary_label.text()
    assert dialog.error_label.isVisibleTo(dialog) and "unrecognised.csv" in dialog.error_label.text()
    assert dialog.grid.item(FIRST_CELL_ROW + 2, 1).text() == "Main battle tanks"
    assert not dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()

    dialog.header_spin.setValue(2)
    assert dialog.grid.item(FIRST_CELL_ROW + 1, 0).font().bold()  # the chosen header row
    choose(dialog, 0, ColumnRole.CODE)
    choose(dialog, 1, ColumnRole.DESCRIPTION)
    choose(dialog, 2, ColumnRole.AMOUNT, 2025)
    choose(dialog, 3, ColumnRole.AMOUNT, 2026)
    dialog.scale_combo.setCurrentIndex(dialog.scale_combo.findData(1e6))
    dialog.currency_edit.setText("EUR")
    dialog.currency_edit.textEdited.emit("EUR")
    with qtbot.waitSignal(dialog.result_did_change, timeout=20000):
        dialog.reread_button.click()

    result = dialog.result
    assert result.line_items == 3 and result.budget.years == [2025, 2026]
    assert result.budget.amounts.sum(axis=0).tolist() == [147e6, 173e6]
    assert list(result.budget.descriptions) == ["Main battle tanks", "Frigate maintenance",
                                                "Cyber range"]
    assert result.budget.source.currency == "EUR"
    with qtbot.waitSignal(window.plan_did_open, timeout=20000):
        dialog.accept()

    again = open_manual(qtbot, window, unrecognised)  # the same layout: mapping applied
    assert again.result is not None and again.result.line_items == 3
    assert "last time" in again.note_label.text()
    assert again.scale_combo.currentData() == 1e6 and again.currency_edit.text() == "EUR"
    again.reject()


def test_a_long_table_mapped_by_hand_pivots_its_years(qtbot, tmp_path):
    path = tmp_path / "long.csv"
    rows = [["Jaartal", "Post", "Geld"], ["2025", "Tanks", "10"], ["2026", "Tanks", "12"],
            ["2025", "Ships", "5"], ["2026", "Ships", "6"]]
    with open(path, "w", newline="", encoding="utf-8") as file:
        csv.writer(file).writerows(rows)
    window = MainWindow()
    qtbot.addWidget(window)
    dialog = open_manual(qtbot, window, path)
    choose(dialog, 0, ColumnRole.YEAR)
    choose(dialog, 1, ColumnRole.DESCRIPTION)
    choose(dialog, 2, ColumnRole.AMOUNT)
    with qtbot.waitSignal(dialog.result_did_change, timeout=20000):
        dialog.reread_button.click()
    budget = dialog.result.budget
    assert budget.years == [2025, 2026] and len(budget) == 2
    assert budget.amounts.tolist() == [[10, 12], [5, 6]]


def test_the_scale_choices_name_their_unit():
    assert [scale for _, scale in SCALES] == [1.0, 1e3, 1e6, 1e9]
