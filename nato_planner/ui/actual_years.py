"""Edits of actual (past) years are asked about first: their amounts record what was spent,
and a tester changed 2024 without a word from the app. A year is actual when the workbook
marks its column so ("2024 Actual", core Budget.is_actual_year) or when it lies before the
current calendar year."""
from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QMessageBox, QWidget

from ..core.budget import Budget
from ..core.edit_checks import is_actual_year


def current_year() -> int:
    return QDate.currentDate().year()


def is_actual(budget: Budget, year: int | None, by_calendar: bool = True) -> bool:
    """A column marked actual, or (`by_calendar`) a budget year before this one."""
    if year is None or year not in budget.years:
        return False
    return budget.is_actual_year(year) or (by_calendar and is_actual_year(year, current_year()))


def past_year_note(budget: Budget, year: int) -> str:
    """A word after a chart edit of a past year (charts ask only for columns marked actual)."""
    return (f" Note: {year} is a past year; its amounts were actual spending."
            if is_actual(budget, year) else "")


def confirm_actual_year_edit(parent: QWidget | None, budget: Budget, year: int | None,
                             by_calendar: bool = True) -> bool:
    """True when `year` is not an actual year, or the delegate says to change it anyway."""
    if not is_actual(budget, year, by_calendar):
        return True
    answer = QMessageBox.question(
        parent, "Change an actual year?",
        f"{year} is a past year: its amounts record what was actually spent. Change them "
        "anyway (for example to correct an import)? Planning belongs in the current and "
        "later years.",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes
