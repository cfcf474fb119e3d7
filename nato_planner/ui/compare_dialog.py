"""Compare two scenarios or versions: figures per year to 2035 side by side, and the bridge
(waterfall) of one year from A's counted money to B's, exportable as an Excel sheet.
Every number comes from core.plan_compare (the engine); this dialog only shows it."""
from __future__ import annotations

from pathlib import Path

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QDialog, QFileDialog, QHBoxLayout, QHeaderView, QLabel,
    QMessageBox, QPushButton, QSplitter, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from ..core.errors import PlannerError
from ..core.money import money_text, signed_money_text
from ..core.plan import Plan
from ..core.plan_compare import Bridge, YearComparison, bridge, compare_years
from ..io.project_file import ProjectFile, ScenarioInfo
from .chart_bars import OK_COLOR, TARGET_COLOR, money_scale, palette_colors, style_plot
from .money_text import percent_text

HEADERS = ["Year", "Counted % A", "Counted % B", "Change", "Core % A", "Core % B",
           "Counted money A", "Counted money B", "Change in money"]
TOTAL_COLOR = QColor("#7f8c8d")


class CompareDialog(QDialog):
    def __init__(self, project: ProjectFile, current: ScenarioInfo,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Compare scenarios and versions")
        self.project = project
        self.scenarios = project.scenarios()
        self._plans: dict[str, Plan] = {}
        self.years: list[YearComparison] = []
        self.current_bridge: Bridge | None = None
        self.a_combo, self.b_combo, self.year_combo = QComboBox(), QComboBox(), QComboBox()
        for combo in (self.a_combo, self.b_combo):
            combo.addItems([s.name for s in self.scenarios])
        baseline = next((s.name for s in self.scenarios if s.kind == "baseline"), current.name)
        self.a_combo.setCurrentText(baseline)
        self.b_combo.setCurrentText(current.name)
        self.a_combo.setToolTip("The plan compared from")
        self.b_combo.setToolTip("The plan compared to")
        self.year_combo.setToolTip("The year the bridge explains")
        self.export_button = QPushButton("Export to Excel…")
        self.export_button.setToolTip("Write the comparison and the bridge as an Excel sheet")
        self.export_button.clicked.connect(self._on_export)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setDefaultSectionSize(QFontMetrics(self.font()).height() + 8)
        self.bridge_title = QLabel()
        self.bridge_title.setWordWrap(True)
        self.chart = pg.PlotWidget()
        style_plot(self.chart)
        self._lay_out()
        self.resize(1200, 820)
        for combo in (self.a_combo, self.b_combo):
            combo.currentIndexChanged.connect(self._on_plans_did_change)
        self.year_combo.currentIndexChanged.connect(self._on_year_did_change)
        self._on_plans_did_change()

    def _lay_out(self) -> None:
        top = QHBoxLayout()
        for label, widget in (("A:", self.a_combo), ("B:", self.b_combo),
                              ("Bridge of:", self.year_combo)):
            top.addWidget(QLabel(label))
            top.addWidget(widget, 1 if widget is not self.year_combo else 0)
        top.addStretch()
        top.addWidget(self.export_button)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.bridge_title)
        lower_layout.addWidget(self.chart)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(lower)
        splitter.setSizes([330, 470])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter)

    # --- data ---------------------------------------------------------------------------------
    def plan_of(self, name: str) -> Plan:
        if name not in self._plans:
            self._plans[name] = self.project.load(name).plan
        return self._plans[name]

    @property
    def currency(self) -> str | None:
        return self.plan_of(self.b_combo.currentText()).budget.source.currency

    def choose(self, a: str, b: str, year: int | None = None) -> None:
        self.a_combo.setCurrentText(a)
        self.b_combo.setCurrentText(b)
        if year is not None:
            self.year_combo.setCurrentIndex(self.year_combo.findData(year))

    def _on_plans_did_change(self) -> None:
        a, b = self.plan_of(self.a_combo.currentText()), self.plan_of(self.b_combo.currentText())
        self.years = compare_years(a, b)
        self._fill_table()
        chosen = self.year_combo.currentData()
        self.year_combo.blockSignals(True)
        self.year_combo.clear()
        for y in self.years:
            self.year_combo.addItem(f"{y.year}{' (planned)' if y.planned else ''}", y.year)
        index = self.year_combo.findData(chosen)
        self.year_combo.setCurrentIndex(index if index >= 0 else self._largest_change_index())
        self.year_combo.blockSignals(False)
        self._on_year_did_change()

    def _largest_change_index(self) -> int:
        changes = [abs(y.b.counted - y.a.counted) for y in self.years]
        return changes.index(max(changes)) if changes else -1

    def _fill_table(self) -> None:
        currency = self.currency
        self.table.setRowCount(len(self.years))
        for row, y in enumerate(self.years):
            change = (None if y.a.counted_pct_gdp is None or y.b.counted_pct_gdp is None
                      else y.b.counted_pct_gdp - y.a.counted_pct_gdp)
            cells = [f"{y.year}{' planned' if y.planned else ''}",
                     percent_text(y.a.counted_pct_gdp), percent_text(y.b.counted_pct_gdp),
                     "n/a" if change is None else f"{change:+.2f} pp",
                     percent_text(y.a.core_pct_gdp), percent_text(y.b.core_pct_gdp),
                     money_text(y.a.counted, currency), money_text(y.b.counted, currency),
                     signed_money_text(y.b.counted - y.a.counted, currency)]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, col, item)

    def _on_year_did_change(self) -> None:
        year = self.year_combo.currentData()
        if year is None:
            return
        a_name, b_name = self.a_combo.currentText(), self.b_combo.currentText()
        try:
            self.current_bridge = bridge(self.plan_of(a_name), self.plan_of(b_name), year)
        except ValueError as error:
            self.current_bridge = None
            self.bridge_title.setText(str(error))
            self.chart.clear()
            return
        currency = self.currency
        self.bridge_title.setText(
            f"<b>{year}: counted money from A ({a_name}) to B ({b_name})</b> — "
            f"{money_text(self.current_bridge.start, currency)} → "
            f"{money_text(self.current_bridge.end, currency)}; the largest changes one by one.")
        draw_bridge(self.chart, self.current_bridge, a_name, b_name, currency)

    # --- export ---------------------------------------------------------------------------------
    def _on_export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export the comparison",
                                              str(Path(self.project.path).with_name(
                                                  "comparison.xlsx")), "Excel workbook (*.xlsx)")
        if path:
            self.export_to(path if path.lower().endswith(".xlsx") else path + ".xlsx")

    def export_to(self, path: str) -> None:
        from ..io.compare_export import write_comparison
        try:
            write_comparison(path, self.a_combo.currentText(), self.b_combo.currentText(),
                             self.years, self.current_bridge, self.currency)
        except PlannerError as error:
            QMessageBox.warning(self, "Export failed", str(error))


def draw_bridge(chart: pg.PlotWidget, bridge_: Bridge, a_name: str, b_name: str,
                currency: str | None) -> None:
    """A horizontal waterfall: A's total, each change floating from the running total, B's."""
    chart.clear()
    scale, unit = money_scale(max(abs(bridge_.start), abs(bridge_.end), 1.0), currency)
    labels = [f"A: {_short(a_name)}"] + [_short(s.label) for s in bridge_.steps] + [f"B: {_short(b_name)}"]
    starts, widths, colors, texts = [0.0], [bridge_.start], [TOTAL_COLOR], [money_text(bridge_.start, currency)]
    running = bridge_.start
    for step in bridge_.steps:
        starts.append(min(running, running + step.amount))
        widths.append(abs(step.amount))
        colors.append(OK_COLOR if step.amount >= 0 else TARGET_COLOR)
        texts.append(signed_money_text(step.amount, currency))
        running += step.amount
    starts.append(0.0)
    widths.append(bridge_.end)
    colors.append(TOTAL_COLOR)
    texts.append(money_text(bridge_.end, currency))
    rows = list(range(len(labels)))
    chart.addItem(pg.BarGraphItem(x0=[s / scale for s in starts], y=rows, height=0.6,
                                  width=[w / scale for w in widths], brushes=colors,
                                  pens=[pg.mkPen(c.darker(130)) for c in colors]))
    _, text_color = palette_colors()
    # The changes are small beside the totals: the axis starts near the lowest running total
    # (the totals' bars run off to the left, as in any bridge chart) so the steps can be seen.
    ends = [bridge_.start, bridge_.end] + [s for s in starts[1:-1]] + \
        [s + w for s, w in zip(starts[1:-1], widths[1:-1])]
    low, high = min(ends) / scale, max(ends) / scale
    span = (high - low) or abs(high) or 1.0
    left, right = low - span * 0.15, high + span * 0.45
    if low - span * 0.15 < 0 or low < span * 2:
        left = min(0.0, low)  # totals near zero: show the whole bars
    for row, (start, width, text) in enumerate(zip(starts, widths, texts)):
        label = pg.TextItem(text, color=text_color, anchor=(0, 0.5))
        label.setPos((start + width) / scale + span * 0.02, row)
        chart.addItem(label)
    item = chart.getPlotItem()
    left_axis = item.getAxis("left")
    left_axis.setTicks([list(zip(rows, labels))])
    # pyqtgraph sizes the axis for numbers: make room for the longest step name
    width = max(QFontMetrics(chart.font()).horizontalAdvance(t) for t in labels)
    left_axis.setWidth(width + 24)
    item.getAxis("bottom").setLabel(f"Counted money, {unit}")
    item.getViewBox().invertY(True)
    item.setXRange(left, right, padding=0)  # room for the money labels right of the bars
    item.setYRange(-0.6, len(rows) - 0.4, padding=0)


def _short(text: str, limit: int = 38) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
