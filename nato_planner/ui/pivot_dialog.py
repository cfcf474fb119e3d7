"""Subtotals for a briefing: money per organisation, sub-category, NATO category or
classification and per year, the lines behind a subtotal (drill-down), and an export.

The subtotals come from core.pivot (a pandas group-by); the dialog only shows them. It
follows the plan: a reclassification elsewhere refreshes the open table.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QDialog, QDialogButtonBox, QFileDialog, QHBoxLayout,
    QHeaderView, QLabel, QMessageBox, QPushButton, QSplitter, QTableWidget, QTableWidgetItem,
    QVBoxLayout, QWidget,
)

from ..core.errors import PlannerError
from ..core.pivot import DIMENSIONS, MEASURES, PivotTable, line_money, pivot_table
from .money_text import table_scale, unit_caption
from .plan_session import PlanSession

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def _amount(value: float, scale: float) -> str:
    """One decimal in a scaled unit (EUR million), whole units otherwise: a column of
    subtotals reads evenly ('1,327.0' beside '1,228.7', not '1,327')."""
    return f"{value / scale:,.1f}" if scale > 1 else f"{value:,.0f}"


def _cell(text: str, right: bool = False, bold: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if right:
        item.setTextAlignment(_RIGHT)
    if bold:
        font = QFont()
        font.setBold(True)
        item.setFont(font)
    return item


class PivotDialog(QDialog):
    lines_chosen = Signal(list)  # line indices to select in the main table

    def __init__(self, session: PlanSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Subtotals")
        self.session = session
        self.pivot: PivotTable | None = None
        self._build()
        session.plan_did_change.connect(self._on_plan_did_change)
        self.refresh()
        self.resize(1100, 720)

    def _build(self) -> None:
        self.dimension_combo = QComboBox()
        for key, (label, _) in DIMENSIONS.items():
            self.dimension_combo.addItem(label, key)
        self.measure_combo = QComboBox()
        for key, label in MEASURES.items():
            self.measure_combo.addItem(label, key)
        for combo in (self.dimension_combo, self.measure_combo):
            combo.currentIndexChanged.connect(self.refresh)
        top = QHBoxLayout()
        top.addWidget(QLabel("Subtotals by"))
        top.addWidget(self.dimension_combo)
        top.addWidget(QLabel("of"))
        top.addWidget(self.measure_combo)
        top.addStretch(1)
        self.unit_label = QLabel()
        top.addWidget(self.unit_label)
        self.groups_table = self._table()
        self.groups_table.itemSelectionChanged.connect(self._on_group_did_change)
        self.lines_table = self._table()
        self.lines_table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.lines_table.doubleClicked.connect(self._on_show_lines)
        self.lines_label = QLabel("Choose a subtotal to see the lines behind it.")
        lines_box = QWidget()
        lines_layout = QVBoxLayout(lines_box)
        lines_layout.setContentsMargins(0, 0, 0, 0)
        lines_layout.addWidget(self.lines_label)
        lines_layout.addWidget(self.lines_table)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.groups_table)
        splitter.addWidget(lines_box)
        splitter.setSizes([380, 300])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.show_button = QPushButton("Show lines in the table")
        self.show_button.setToolTip("Select these lines in the main table (double-click a "
                                    "line does the same)")
        self.show_button.clicked.connect(self._on_show_lines)
        export = QPushButton("Export to Excel…")
        export.setToolTip("The subtotals and the lines behind them, as a workbook")
        export.clicked.connect(self._on_export)
        buttons.addButton(self.show_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(export, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addWidget(buttons)

    @staticmethod
    def _table() -> QTableWidget:
        table = QTableWidget()
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.verticalHeader().setVisible(False)
        table.setWordWrap(False)
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
        table.horizontalHeader().setMinimumSectionSize(90)
        return table

    # --- filling --------------------------------------------------------------------------
    def refresh(self) -> None:
        budget = self.session.plan.budget
        self.pivot = pivot_table(self.session.plan, self.dimension_combo.currentData(),
                                 self.measure_combo.currentData())
        self.unit_label.setText(f"Amounts in {unit_caption(budget)}")
        self._fill_groups(self.pivot, table_scale(budget))
        self._fill_lines([])

    def _fill_groups(self, pivot: PivotTable, scale: float) -> None:
        table = self.groups_table
        table.clearContents()
        table.setColumnCount(2 + len(pivot.years))
        table.setHorizontalHeaderLabels([pivot.dimension, "Lines"] + [str(y) for y in pivot.years])
        table.setRowCount(len(pivot.groups) + 1)
        for r, group in enumerate(pivot.groups):
            table.setItem(r, 0, _cell(group))
            table.setItem(r, 1, _cell(f"{pivot.line_counts[r]:,}", right=True))
            for c, value in enumerate(pivot.values[r], start=2):
                table.setItem(r, c, _cell(_amount(float(value), scale), right=True))
        last = len(pivot.groups)
        table.setItem(last, 0, _cell("All lines", bold=True))
        table.setItem(last, 1, _cell(f"{int(pivot.line_counts.sum()):,}", right=True, bold=True))
        for c, value in enumerate(pivot.totals, start=2):
            table.setItem(last, c, _cell(_amount(float(value), scale), right=True, bold=True))
        self._size_columns(table)

    @staticmethod
    def _size_columns(table: QTableWidget) -> None:
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)

    def chosen_group(self) -> str | None:
        rows = self.groups_table.selectionModel().selectedRows()
        if not rows or self.pivot is None or rows[0].row() >= len(self.pivot.groups):
            return None
        return self.pivot.groups[rows[0].row()]

    def _fill_lines(self, lines) -> None:
        plan, table = self.session.plan, self.lines_table
        self._lines = [int(i) for i in lines]
        years = plan.years
        table.clearContents()
        table.setColumnCount(2 + len(years))
        table.setHorizontalHeaderLabels(["Code", "Description"] + [str(y) for y in years])
        table.setRowCount(len(self._lines))
        measure = self.measure_combo.currentData()
        money, scale = line_money(plan, measure), table_scale(plan.budget)
        for r, line in enumerate(self._lines):
            table.setItem(r, 0, _cell(str(plan.budget.codes[line])))
            table.setItem(r, 1, _cell(str(plan.budget.descriptions[line])))
            for c, value in enumerate(money[line], start=2):
                table.setItem(r, c, _cell(_amount(float(value), scale), right=True))
        self._size_columns(table)
        self.show_button.setEnabled(bool(self._lines))

    # --- handlers -----------------------------------------------------------------------------
    def _on_group_did_change(self) -> None:
        group = self.chosen_group()
        if group is None or self.pivot is None:
            self.lines_label.setText("Choose a subtotal to see the lines behind it.")
            self._fill_lines([])
            return
        lines = self.pivot.lines_of[group]
        self.lines_label.setText(f"{group}: {len(lines):,} line{'s' if len(lines) != 1 else ''}")
        self._fill_lines(lines)

    def _on_show_lines(self, *_args) -> None:
        rows = sorted({i.row() for i in self.lines_table.selectedIndexes()})
        chosen = [self._lines[r] for r in rows] if rows else list(self._lines)
        if chosen:
            self.lines_chosen.emit(chosen)

    def _on_plan_did_change(self, _change) -> None:
        group = self.chosen_group()
        self.refresh()
        if group is not None and self.pivot is not None and group in self.pivot.groups:
            self.groups_table.selectRow(self.pivot.groups.index(group))

    def _on_export(self) -> None:
        source = Path(self.session.source_path or "plan")
        path, _ = QFileDialog.getSaveFileName(
            self, "Export subtotals", str(source.with_name(f"{source.stem}_subtotals.xlsx")),
            "Excel workbook (*.xlsx)")
        if path:
            self.export_to(path if path.lower().endswith(".xlsx") else path + ".xlsx")

    def export_to(self, path: str) -> bool:
        from ..io.pivot_export import export_pivot  # XlsxWriter only when asked
        try:
            export_pivot(self.session.plan, self.pivot, path)
        except PlannerError as error:
            QMessageBox.warning(self, "Subtotals not exported", str(error))
            return False
        return True
