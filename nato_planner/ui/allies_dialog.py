"""Where this plan stands among allies: NATO's core defence % of GDP per ally for a year, this
plan's year placed among them, and the reference table with its edition and NATO's credit.

The reference can be replaced by a newer edition (NATO's workbook or a CSV); the choice is
remembered in QSettings. Figures: the plan's from the engine (Plan/trajectory), the allies'
from the reference file; the dialog only draws them.
"""
from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFileDialog, QHBoxLayout, QHeaderView, QLabel,
    QMessageBox, QPushButton, QTableWidget, QTableWidgetItem, QTabWidget, QVBoxLayout, QWidget,
)

from ..core.allies import AGGREGATES, AlliesReference, standing
from ..core.errors import PlannerError
from ..io.allies_reference import load_allies_reference
from .chart_bars import CORE_COLOR, TARGET_COLOR, palette_colors, style_plot
from .plan_session import PlanSession

SETTINGS_KEY = "allies/reference_path"
PLAN_COLOR = QColor("#d9822b")
AGGREGATE_COLOR = QColor("#8c8c8c")


def reference_from_settings(settings: QSettings) -> AlliesReference:
    """The edition the user chose, or the shipped one when none was chosen (or it is gone)."""
    path = settings.value(SETTINGS_KEY, "", str)
    if path:
        try:
            return load_allies_reference(path)
        except PlannerError:
            settings.remove(SETTINGS_KEY)
    return load_allies_reference()


class AlliesDialog(QDialog):
    def __init__(self, session: PlanSession, settings: QSettings,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("This plan among allies")
        self.session, self.settings = session, settings
        self.reference = reference_from_settings(settings)
        self._build()
        self._fill_years()
        self.resize(980, 860)

    # --- building -----------------------------------------------------------------------------
    def _build(self) -> None:
        self.year_combo = QComboBox()
        self.year_combo.setToolTip("The year of NATO's figures to compare with")
        self.year_combo.currentIndexChanged.connect(self._on_year_did_change)
        self.standing_label = QLabel()
        self.standing_label.setWordWrap(True)
        self.standing_label.setStyleSheet("font-weight: bold;")
        top = QHBoxLayout()
        top.addWidget(QLabel("NATO figures for"))
        top.addWidget(self.year_combo)
        top.addWidget(self.standing_label, 1)
        self.plot = pg.PlotWidget()
        style_plot(self.plot)
        self.plot.setMinimumHeight(560)
        self.table = QTableWidget()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        tabs = QTabWidget()
        tabs.addTab(self.plot, "Core defence % of GDP")
        tabs.addTab(self.table, "Reference table")
        self.credit_label = QLabel()
        self.credit_label.setWordWrap(True)
        self.credit_label.setStyleSheet("font-size: 8pt;")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        load = QPushButton("Load a newer edition…")
        load.setToolTip("NATO's published workbook, or a CSV with a row per ally and a column "
                        "per year")
        load.clicked.connect(self._on_load_edition)
        shipped = QPushButton("Use the shipped edition")
        shipped.clicked.connect(self._on_use_shipped)
        buttons.addButton(load, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(shipped, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(tabs, 1)
        layout.addWidget(self.credit_label)
        layout.addWidget(buttons)

    def _fill_years(self) -> None:
        self.year_combo.blockSignals(True)
        self.year_combo.clear()
        plan_years = set(self.session.plan.trajectory_years)
        years = self.reference.years
        for year in years:
            estimate = any(f.estimate for f in self.reference.figures if f.year == year)
            self.year_combo.addItem(f"{year}{'e' if estimate else ''}", year)
        shared = [y for y in years if y in plan_years]
        chosen = max(shared) if shared else (max(years) if years else None)
        self.year_combo.setCurrentIndex(max(0, self.year_combo.findData(chosen)))
        self.year_combo.blockSignals(False)
        self.credit_label.setText(
            f"{self.reference.source}. {self.reference.attribution} "
            f"({self.reference.edition_text}; 'e' marks NATO estimates.)")
        self._fill_table()
        self.refresh()

    # --- drawing ------------------------------------------------------------------------------
    @property
    def year(self) -> int | None:
        return self.year_combo.currentData()

    def plan_core_pct(self, year: int) -> float | None:
        if year not in self.session.plan.trajectory_years:
            return None
        return self.session.plan.figures(year).core_pct_gdp

    def refresh(self) -> None:
        year = self.year
        self.plot.clear()
        if year is None:
            self.standing_label.setText("The reference table holds no figures.")
            return
        rows = [(f.ally, f.core_pct_gdp or 0.0) for f in self.reference.of_year(year)]
        mine = self.plan_core_pct(year)
        if mine is not None:
            rows.append((f"This plan ({year})", mine))
        rows.sort(key=lambda r: r[1])
        self._draw_bars(rows, year)
        self.standing_label.setText(self._standing_text(year, mine))

    def _draw_bars(self, rows: list[tuple[str, float]], year: int) -> None:
        _, text = palette_colors()
        for i, (name, value) in enumerate(rows):
            color = (PLAN_COLOR if name.startswith("This plan") else
                     AGGREGATE_COLOR if name in AGGREGATES else CORE_COLOR)
            self.plot.addItem(pg.BarGraphItem(x0=[0], y=[i], height=0.72, width=[value],
                                              brush=color, pen=pg.mkPen(color.darker(130))))
            label = pg.TextItem(f"{value:.2f}%", color=text, anchor=(0, 0.5))
            label.setPos(value + 0.05, i)
            self.plot.addItem(label)
        floor = self.session.plan.targets.core_floor_pct
        self.plot.addItem(pg.InfiniteLine(pos=floor, angle=90,
                                          pen=pg.mkPen(TARGET_COLOR, width=2, style=Qt.PenStyle.DashLine),
                                          label=f"{floor:g}% core floor",
                                          labelOpts={"position": 0.02, "color": TARGET_COLOR,
                                                     "anchors": [(0, 1), (0, 1)]}))
        axis = self.plot.getPlotItem().getAxis("left")
        axis.setTicks([[(i, name) for i, (name, _) in enumerate(rows)]])
        axis.setStyle(hideOverlappingLabels=False)
        axis.setWidth(max(self.fontMetrics().horizontalAdvance(name) for name, _ in rows) + 16)
        self.plot.setLabel("bottom", f"Core defence expenditure, % of GDP ({year})")
        top = max([v for _, v in rows] + [floor])
        self.plot.setXRange(0, top * 1.15, padding=0)
        self.plot.setYRange(-0.6, len(rows) - 0.4, padding=0)

    def _standing_text(self, year: int, mine: float | None) -> str:
        if mine is None:
            return (f"This plan has no figure for {year} (no budget or planning year, or no "
                    "GDP): the bars show the allies only.")
        found = standing(self.reference, year, mine)
        if found is None:
            return f"No ally figures for {year}."
        return (f"This plan's {year}: {mine:.2f}% of GDP on core defence, which would rank "
                f"{found.rank} of {found.allies + 1} beside the {found.allies} allies' "
                f"{year} figures ({found.above} above it).")

    def _fill_table(self) -> None:
        years = self.reference.years
        allies = [f.ally for f in self.reference.of_year(max(years))] if years else []
        headers = ["Ally"] + [f"{y} core %" for y in years] + [f"{y} equipment %" for y in years]
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setRowCount(len(allies))
        values = {(f.ally, f.year): f for f in self.reference.figures}
        for r, ally in enumerate(allies):
            self.table.setItem(r, 0, QTableWidgetItem(ally))
            for c, year in enumerate(years):
                figure = values.get((ally, year))
                for offset, value in ((1, figure and figure.core_pct_gdp),
                                      (1 + len(years), figure and figure.equipment_pct_of_core)):
                    item = QTableWidgetItem("" if value is None else f"{value:.2f}%")
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                    self.table.setItem(r, offset + c, item)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)

    # --- handlers -----------------------------------------------------------------------------
    def _on_year_did_change(self, _index: int) -> None:
        self.refresh()

    def _on_load_edition(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Load NATO's allies table", "",
            "NATO table (*.xlsx *.xls *.ods *.csv);;All files (*)")
        if path:
            self.load_edition(path)

    def load_edition(self, path: str) -> bool:
        try:
            self.reference = load_allies_reference(path)
        except PlannerError as error:
            QMessageBox.warning(self, "Allies table not loaded", str(error))
            return False
        self.settings.setValue(SETTINGS_KEY, path)
        self._fill_years()
        return True

    def _on_use_shipped(self) -> None:
        self.settings.remove(SETTINGS_KEY)
        self.reference = load_allies_reference()
        self._fill_years()
