"""Edit nominal GDP per year; the whole dialog is one undo step (CompositeCommand of SetGdp).

A budget year without GDP has no percentages or gaps, so it is flagged in red. Planning years
to 2035 are listed too: left blank, they take GDP grown at the nominal growth assumption.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QHeaderView, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout,
    QWidget,
)

from ..core.commands import Command, CompositeCommand, SetGdp
from .money_text import currency_text
from .plan_session import PlanSession

GDP_SCALE = 1e9  # delegates think of GDP in billions
_MISSING_TIP = ("No GDP for {year}: its percentages and gaps cannot be computed. Enter nominal "
                "GDP at current prices in {currency} billion.")


class GdpDialog(QDialog):
    def __init__(self, session: PlanSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._currency = currency_text(session.plan.budget)
        self.setWindowTitle("GDP per year")
        intro = QLabel(f"Nominal GDP at current prices, in {self._currency} billion. "
                       "Leave a year blank if it is unknown; a blank planning year uses the "
                       "projection shown in grey.")
        intro.setWordWrap(True)
        self.table = self._build_table()
        self.table.itemChanged.connect(self._on_item_changed)
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (intro, self.table, self.error_label, buttons):
            layout.addWidget(widget)

    @property
    def years(self) -> list[int]:
        plan = self._session.plan
        return list(plan.years) + plan.planned_years

    def _build_table(self) -> QTableWidget:
        table = QTableWidget(len(self.years), 2, self)
        table.setHorizontalHeaderLabels([f"GDP ({self._currency} billion)", "Projected"])
        table.setVerticalHeaderLabels([str(y) for y in self.years])
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        table.setToolTip("Double-click a year's GDP to edit it")
        for row, year in enumerate(self.years):
            gdp = self._session.plan.gdp_of(year)
            table.setItem(row, 0, QTableWidgetItem("" if gdp is None else f"{gdp / GDP_SCALE:,.3f}"))
            table.setItem(row, 1, self._projection_item(year))
        self._flag_all(table)
        self._original_text = [table.item(r, 0).text() for r in range(table.rowCount())]
        return table

    def _flag_all(self, table: QTableWidget) -> None:
        for row in range(table.rowCount()):
            self._flag(table.item(row, 0), self.years[row])

    def _flag(self, item: QTableWidgetItem, year: int) -> None:
        value = self._parse(item.text())
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if value is None and not item.text().strip() and self._projected(year) is not None:
            item.setData(Qt.ItemDataRole.BackgroundRole, None)
            item.setToolTip(f"{year} GDP projected at the nominal growth assumption: "
                            f"{self._currency} {self._projected(year) / GDP_SCALE:,.3f} billion. "
                            "Type a figure to replace it.")
        elif value is None:
            missing = not item.text().strip()
            item.setBackground(QBrush(QColor(255, 205, 205)))
            item.setForeground(QBrush(QColor(120, 0, 0)))
            item.setToolTip(_MISSING_TIP.format(year=year, currency=self._currency) if missing
                            else f"'{item.text()}' is not an amount: type e.g. 760.5")
        else:
            item.setData(Qt.ItemDataRole.BackgroundRole, None)
            item.setData(Qt.ItemDataRole.ForegroundRole, None)
            item.setToolTip(f"{year} GDP: {self._currency} {value / GDP_SCALE:,.3f} billion")

    def _projection_item(self, year: int) -> QTableWidgetItem:
        """What a blank planning year takes instead: visible, read-only, greyed."""
        projected = self._projected(year)
        item = QTableWidgetItem("" if projected is None else f"{projected / GDP_SCALE:,.3f}")
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        item.setForeground(QBrush(QColor(128, 128, 128)))
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if projected is not None:
            item.setToolTip("Last known GDP grown at the nominal growth assumption; used while "
                            "the year's GDP is blank")
        return item

    def _projected(self, year: int) -> float | None:
        plan = self._session.plan
        return plan.gdp(year) if plan.is_planned_year(year) else None

    @staticmethod
    def _parse(text: str) -> float | None:
        try:
            value = float(text.replace(",", "").replace(" ", "").replace("\u00a0", ""))
        except ValueError:
            return None
        return value * GDP_SCALE if value > 0 else None

    def _on_item_changed(self, item: QTableWidgetItem) -> None:
        self.table.blockSignals(True)
        self._flag(item, self.years[item.row()])
        self.table.blockSignals(False)

    def entered_gdp(self) -> dict[int, float | None]:
        """What the dialog holds per year; None where blank (unreadable text counts as blank)."""
        return {year: self._parse(self.table.item(row, 0).text())
                for row, year in enumerate(self.years)}

    def command(self) -> Command | None:
        """One command for every year that changed, or None when nothing did."""
        plan, entered = self._session.plan, self.entered_gdp()
        steps = [SetGdp(plan, year, entered[year]) for row, year in enumerate(self.years)
                 if self.table.item(row, 0).text() != self._original_text[row]
                 and not _same(entered[year], plan.gdp_of(year))]
        if not steps:
            return None
        years = ", ".join(str(s.year) for s in steps)
        return CompositeCommand(f"Set GDP for {years}", steps)

    def accept(self) -> None:
        bad = [str(y) for row, y in enumerate(self.years)
               if self.table.item(row, 0).text().strip() and self.entered_gdp()[y] is None]
        if bad:
            self.error_label.setText(f"GDP for {', '.join(bad)} is not a positive amount.")
            return
        command = self.command()
        if command is not None:
            self._session.execute(command)
        super().accept()


def _same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return abs(a - b) <= 1e-9 * max(abs(a), abs(b))
