"""The gap table to the target year, always in view: per year the core gap, the room under
the security-related ceiling and the total gap (money and % of GDP), real growth and whether
the year is on the credible path. Clicking a year shows it on the dashboard.

A delegate's first question, "how far are we each year?", was answered below the fold of the
dashboard. Every figure comes from core.trajectory.gap_table; this widget only writes text.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView, QHeaderView, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from ..core.money import money_text
from ..core.trajectory import GapRow, gap_table
from .chart_bars import OK_COLOR, TARGET_COLOR
from .plan_session import PlanSession
from .target_words import TargetWords

COLUMNS = ("Year", "Core gap", "Security room", "Total gap", "Real growth", "On path")
_MONEY_COLUMNS = (1, 2, 3)


class GapTableWidget(QWidget):
    def __init__(self, session: PlanSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.rows: list[GapRow] = []
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        compact = QFont(self.table.font())  # a little smaller: every column fits at 1366 px
        compact.setPointSizeF(compact.pointSizeF() * 0.92)
        self.table.setFont(compact)
        self.table.horizontalHeader().setFont(compact)
        self.table.verticalHeader().setDefaultSectionSize(QFontMetrics(compact).height() + 4)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.cellClicked.connect(self._on_cell_clicked)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.caption)
        layout.addWidget(self.table, 1)
        session.plan_did_change.connect(self._on_plan_did_change)
        session.selected_year_did_change.connect(self._on_selected_year_did_change)
        self.refresh()

    # --- refreshing -----------------------------------------------------------------------
    def _on_plan_did_change(self, change) -> None:
        if change.figures_changed:  # a rationale edit changes no figure
            self.refresh()

    def _on_selected_year_did_change(self, _year: int) -> None:
        self._mark_selected_year()

    def refresh(self) -> None:
        plan = self.session.plan
        self.rows = gap_table(plan) if plan.years else []
        words = TargetWords.of(plan.targets)
        currency = plan.budget.source.currency or "money"
        self.caption.setText(f"{currency} and % of GDP · * planned year · click a year")
        self._set_headers(words)
        table = self.table
        if table.rowCount() != len(self.rows):
            table.setRowCount(len(self.rows))
            for r in range(len(self.rows)):
                for c in range(len(COLUMNS)):
                    table.setItem(r, c, QTableWidgetItem())
        for r, row in enumerate(self.rows):
            for c, text in enumerate(self._cells(row)):
                self._update_item(table.item(r, c), row, c, text)
        self._mark_selected_year()

    def _set_headers(self, words: TargetWords) -> None:
        tips = (f"Fiscal year (* planned: after the budget's own years)",
                f"Core defence money missing to reach the {words.floor} floor",
                f"Room left under the {words.ceiling} security-related ceiling",
                f"Counted money missing to reach {words.total} of GDP",
                "Growth of counted spending over the year before, after inflation (GDP deflator)",
                "At or above the credible path (counted and core) that year")
        titles = ("Year", f"Core gap\nto {words.floor}", f"Security room\nto {words.ceiling}",
                  f"Total gap\nto {words.total}", "Real\ngrowth", "On\npath")
        for c, (title, tip) in enumerate(zip(titles, tips)):
            item = QTableWidgetItem(title)
            item.setToolTip(tip)
            self.table.setHorizontalHeaderItem(c, item)

    def _cells(self, row: GapRow) -> tuple[str, ...]:
        planned = row.basis == "planned"
        return (f"{row.year}{'*' if planned else ''}",
                self._gap_text(row.core_gap, row.core_gap_pct),
                self._gap_text(row.security_room, row.security_room_pct),
                self._gap_text(row.total_gap, row.total_gap_pct),
                "n/a" if row.real_growth_pct is None else f"{row.real_growth_pct:+.1f}%",
                {True: "yes", False: "no", None: "n/a"}[row.on_path])

    def _gap_text(self, money: float | None, pct: float | None) -> str:
        if money is None or pct is None:
            return "needs GDP"
        return f"{money_text(money)} · {pct:.2f}%"

    def _update_item(self, item: QTableWidgetItem, row: GapRow, column: int, text: str) -> None:
        """Update in place: building 70 new items per edit cost 50 ms on a loaded machine."""
        if item.text() == text and item.data(Qt.ItemDataRole.UserRole) == row.year:
            return
        item.setText(text)
        item.setData(Qt.ItemDataRole.UserRole, row.year)
        if column in _MONEY_COLUMNS or column == 4:
            item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if column == 5 and row.on_path is not None:
            item.setForeground(OK_COLOR if row.on_path else TARGET_COLOR)
        gap = {1: row.core_gap, 3: row.total_gap}.get(column)
        if column in (1, 3):  # money still missing reads red
            item.setData(Qt.ItemDataRole.ForegroundRole, TARGET_COLOR if gap else None)
        if row.basis == "planned":
            font = QFont(item.font())
            font.setItalic(True)
            item.setFont(font)
        item.setToolTip(self._tooltip(row))

    def _tooltip(self, row: GapRow) -> str:
        currency = self.session.plan.budget.source.currency
        kind = "planned year" if row.basis == "planned" else "budget year"
        if row.gdp is None:
            return f"{row.year} ({kind}): no GDP, so no gaps. Enter GDP (Ctrl+G)."
        return (f"{row.year} ({kind}), GDP {money_text(row.gdp, currency)}\n"
                f"Core gap: {money_text(row.core_gap, currency)} ({row.core_gap_pct:.2f}% of GDP)\n"
                f"Security room: {money_text(row.security_room, currency)} "
                f"({row.security_room_pct:.2f}% of GDP)\n"
                f"Total gap: {money_text(row.total_gap, currency)} ({row.total_gap_pct:.2f}% of GDP)")

    def _mark_selected_year(self) -> None:
        year = self.session.selected_year
        for r, row in enumerate(self.rows):
            for c in range(self.table.columnCount()):
                item = self.table.item(r, c)
                if item.font().bold() != (row.year == year):
                    font = QFont(item.font())
                    font.setBold(row.year == year)
                    item.setFont(font)
        years = [row.year for row in self.rows]
        if year in years:
            self.table.blockSignals(True)
            self.table.selectRow(years.index(year))
            self.table.blockSignals(False)

    def _on_cell_clicked(self, row: int, _column: int) -> None:
        if 0 <= row < len(self.rows):
            self.session.select_year(self.rows[row].year)
