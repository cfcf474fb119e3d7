"""Edits of actual (past) years are asked about first: their amounts record what was spent,
and a tester changed 2024 without a word from the app."""
from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QMessageBox, QWidget

from ..core.edit_checks import is_actual_year


def current_year() -> int:
    return QDate.currentDate().year()


def confirm_actual_year_edit(parent: QWidget | None, year: int | None) -> bool:
    """True when `year` is not an actual year, or the delegate says to change it anyway."""
    if year is None or not is_actual_year(year, current_year()):
        return True
    answer = QMessageBox.question(
        parent, "Change an actual year?",
        f"{year} is a past year: its amounts record what was actually spent. Change them "
        "anyway (for example to correct an import)? Planning belongs in the current and "
        "later years.",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes
