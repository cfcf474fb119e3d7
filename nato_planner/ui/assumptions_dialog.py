"""Planning assumptions per year: GDP growth, spending growth (per year and per sub-category),
inflation (the GDP deflator, for real growth), and which GDP series the plan uses (the
workbook's, a typed national forecast, or a series pasted from the IMF or the European
Commission). A readout says what +0.1 percentage point of GDP costs and how the path moves if
GDP grows one point faster or slower, for the values in the boxes, before anything changes.

OK runs every change as ONE undo step (a CompositeCommand of core planning commands).
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QButtonGroup, QDialog, QDialogButtonBox, QDoubleSpinBox, QFormLayout, QHBoxLayout,
    QHeaderView, QLabel, QLineEdit, QPlainTextEdit, QRadioButton, QTableWidget,
    QTableWidgetItem, QTabWidget, QVBoxLayout, QWidget,
)

from ..core.assumptions import GdpSeries, parse_gdp_series
from ..core.commands import Command, CompositeCommand
from ..core.errors import PlannerError
from ..core.money import money_text
from ..core.planning_commands import SetGdpSeries, SetPlanningAssumption
from ..core.taxonomy import CORE_SLOTS, SECURITY_SLOTS, SLOTS
from .plan_session import PlanSession
from .sensitivity_text import sensitivity_lines

YEAR_RATES = (("gdp_growth_pct", "GDP growth %"), ("spending_growth_pct", "Spending growth %"),
              ("inflation_pct", "Inflation %"))
_BLANK_NOTE = "\n(blank: general rate)"
_GREY = QColor(130, 130, 130)
_SCALES = {"plain currency units": 1.0, "thousands": 1e3, "millions": 1e6, "billions": 1e9}


def _number(text: str) -> float | None:
    cleaned = text.strip().replace("%", "").replace(",", ".").replace(" ", "")
    if not cleaned:
        return None
    return float(cleaned)


class AssumptionsDialog(QDialog):
    def __init__(self, session: PlanSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle("Planning assumptions")
        plan = session.plan
        self.years = [y for y in plan.trajectory_years if y != plan.trajectory_years[0]]
        tabs = QTabWidget()
        tabs.addTab(self._build_rates_tab(), "Growth and inflation by year")
        tabs.addTab(self._build_slots_tab(), "Spending growth by sub-category")
        tabs.addTab(self._build_series_tab(), "GDP series")
        self.sensitivity_label = QLabel()
        self.sensitivity_label.setWordWrap(True)
        self.sensitivity_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.sensitivity_label.setToolTip("For the values in the boxes, before you press OK")
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #c0392b;")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(tabs, 1)
        layout.addWidget(QLabel("<b>Sensitivity</b> (for the values above)"))
        layout.addWidget(self.sensitivity_label)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.resize(860, 640)
        self._update_readout()

    # --- building ---------------------------------------------------------------------------
    def _rate_spin(self, value: float, tip: str) -> QDoubleSpinBox:
        spin = QDoubleSpinBox()
        spin.setRange(-50.0, 100.0)
        spin.setDecimals(2)
        spin.setSingleStep(0.1)
        spin.setSuffix(" % a year")
        spin.setValue(value)
        spin.setToolTip(tip)
        spin.valueChanged.connect(lambda _v: self._on_entries_changed())
        return spin

    def _build_rates_tab(self) -> QWidget:
        p = self.session.plan.planning
        self.general = {
            "gdp_growth_pct": self._rate_spin(p.gdp_growth_pct, "Nominal GDP growth a year, "
                                              "for years without a GDP figure"),
            "spending_growth_pct": self._rate_spin(p.spending_growth_pct, "Growth a year of "
                                                   "the last budget year's money per sub-category"),
            "inflation_pct": self._rate_spin(p.inflation_pct, "GDP deflator rise a year: real "
                                             "growth is counted growth after it"),
        }
        form = QFormLayout()
        for name, title in YEAR_RATES:
            form.addRow(f"{title.replace(' %', '')} (every year unless set below):",
                        self.general[name])
        self.year_table = QTableWidget(len(self.years), len(YEAR_RATES) + 2)
        self.year_table.setHorizontalHeaderLabels([t + _BLANK_NOTE for _, t in YEAR_RATES]
                                                  + ["GDP used", "Real growth\n(after inflation)"])
        self.year_table.setVerticalHeaderLabels([str(y) for y in self.years])
        self.year_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.year_table.setToolTip("Type a rate to set that year; leave blank (grey) to use the "
                                   "general rate above")
        for row, year in enumerate(self.years):
            for column, (name, _title) in enumerate(YEAR_RATES):
                value = getattr(p, {"gdp_growth_pct": "gdp_growth_by_year", "spending_growth_pct":
                                    "spending_growth_by_year", "inflation_pct":
                                    "inflation_by_year"}[name]).get(year)
                self.year_table.setItem(row, column, QTableWidgetItem("" if value is None else f"{value:g}"))
            for column in (3, 4):
                item = QTableWidgetItem()
                item.setFlags(Qt.ItemFlag.ItemIsEnabled)
                item.setForeground(QBrush(_GREY))
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.year_table.setItem(row, column, item)
        self._year_texts = self._table_texts(self.year_table, len(YEAR_RATES))
        self.year_table.itemChanged.connect(lambda _i: self._on_entries_changed())
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addLayout(form)
        layout.addWidget(self.year_table, 1)
        return page

    def _build_slots_tab(self) -> QWidget:
        p = self.session.plan.planning
        self.slots = list(CORE_SLOTS) + list(SECURITY_SLOTS)
        self.slot_table = QTableWidget(len(self.slots), 1)
        self.slot_table.setHorizontalHeaderLabels(["Spending growth % a year"])
        self.slot_table.setVerticalHeaderLabels([f"{SLOTS[s].bucket.label}: {SLOTS[s].label}"
                                                 for s in self.slots])
        self.slot_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.slot_table.setToolTip("Type a rate for a sub-category (e.g. equipment +6% a year); "
                                   "blank uses the year's or the general spending growth")
        for row, slot in enumerate(self.slots):
            value = p.spending_growth_by_slot.get(slot)
            self.slot_table.setItem(row, 0, QTableWidgetItem("" if value is None else f"{value:g}"))
        self._slot_texts = self._table_texts(self.slot_table, 1)
        self.slot_table.itemChanged.connect(lambda _i: self._on_entries_changed())
        return self.slot_table

    def _build_series_tab(self) -> QWidget:
        series = self.session.plan.planning.gdp_series
        self.source_buttons = QButtonGroup(self)
        row = QHBoxLayout()
        for key, text in (("workbook", "The workbook's GDP"), ("national", "A national forecast"),
                          ("pasted", "A pasted series (IMF, European Commission…)")):
            button = QRadioButton(text)
            button.setProperty("source", key)
            button.setChecked(key == (series.kind if series else "workbook"))
            self.source_buttons.addButton(button)
            row.addWidget(button)
        self.source_buttons.buttonClicked.connect(lambda _b: self._on_entries_changed())
        self.series_label_edit = QLineEdit(series.label if series else "")
        self.series_label_edit.setPlaceholderText("Name, e.g. 'IMF WEO October 2026'")
        self.series_label_edit.setToolTip("Which edition and vintage this GDP is: the plan says "
                                          "what it compares against")
        self.series_text = QPlainTextEdit()
        self.series_text.setPlaceholderText("One year and GDP per line, as copied from a table:\n"
                                            "2026  4,521.3\n2027  4,650.0")
        if series:
            self.series_text.setPlainText("\n".join(f"{y}\t{v / 1e9:,.3f}"
                                                    for y, v in sorted(series.values.items())))
        self.series_scale = QLineEdit("billions")
        self.series_scale.setToolTip("The unit of the pasted figures: billions, millions, "
                                     "thousands or plain currency units")
        self.series_text.textChanged.connect(self._on_entries_changed)
        self.series_scale.textChanged.connect(lambda _t: self._on_entries_changed())
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addLayout(row)
        form = QFormLayout()
        form.addRow("Series name:", self.series_label_edit)
        form.addRow("Figures are in:", self.series_scale)
        layout.addLayout(form)
        layout.addWidget(self.series_text, 1)
        note = QLabel("NATO computes shares on European Commission, OECD and IMF GDP, not on "
                      "national forecasts: the same money gives another % on another GDP. Years "
                      "after the series grow at the GDP growth rate.")
        note.setWordWrap(True)
        layout.addWidget(note)
        return page

    @staticmethod
    def _table_texts(table: QTableWidget, columns: int) -> list[list[str]]:
        return [[table.item(r, c).text() for c in range(columns)] for r in range(table.rowCount())]

    # --- reading the boxes ------------------------------------------------------------------
    @property
    def source(self) -> str:
        return str(self.source_buttons.checkedButton().property("source"))

    def _series(self) -> GdpSeries | None:
        if self.source == "workbook":
            return None
        scale = _SCALES.get(self.series_scale.text().strip().lower(), None)
        if scale is None:
            raise PlannerError("Say the unit of the GDP series: billions, millions, thousands "
                               "or plain currency units.")
        values = parse_gdp_series(self.series_text.toPlainText(), scale)
        return GdpSeries(self.source, self.series_label_edit.text().strip(), values)

    def commands(self) -> list[Command]:
        """One core command per changed value (raises PlannerError on a bad entry)."""
        plan, p = self.session.plan, self.session.plan.planning
        found: list[Command] = []
        for name, spin in self.general.items():
            if abs(spin.value() - getattr(p, name)) > 1e-12:
                found.append(SetPlanningAssumption(plan, name, spin.value()))
        for row, year in enumerate(self.years):
            for column, (name, title) in enumerate(YEAR_RATES):
                text = self.year_table.item(row, column).text()
                if text != self._year_texts[row][column]:
                    found.append(SetPlanningAssumption(plan, name, self._rate(text, f"{title} {year}"),
                                                       year=year))
        for row, slot in enumerate(self.slots):
            text = self.slot_table.item(row, 0).text()
            if text != self._slot_texts[row][0]:
                found.append(SetPlanningAssumption(plan, "spending_growth_pct",
                                                   self._rate(text, SLOTS[slot].label), slot=slot))
        series = self._series()
        if series != p.gdp_series:
            found.append(SetGdpSeries(plan, series))
        return found

    @staticmethod
    def _rate(text: str, what: str) -> float | None:
        try:
            return _number(text)
        except ValueError:
            raise PlannerError(f"{what}: '{text}' is not a rate; type e.g. 2.5 (or leave it "
                               "blank for the general rate).") from None

    def command(self) -> Command | None:
        found = self.commands()
        if not found:
            return None
        return found[0] if len(found) == 1 else CompositeCommand(
            f"Change planning assumptions ({len(found)} values)", found)

    # --- live readout ---------------------------------------------------------------------
    def _on_entries_changed(self) -> None:
        self._update_readout()

    def _scratch(self):
        """The plan as it would be with the boxes' values (a working copy; nothing changes)."""
        scratch = self.session.plan.working_copy()
        for command in self.commands():
            command.do(scratch)
        return scratch

    def _update_readout(self) -> None:
        try:
            scratch = self._scratch()
        except (PlannerError, ValueError) as error:
            self.error_label.setText(str(error))
            return
        self.error_label.setText("")
        self.sensitivity_label.setText("<br>".join(sensitivity_lines(scratch)))
        self._fill_results(scratch)

    def _fill_results(self, scratch) -> None:
        from ..core.trajectory import trajectory
        rows = {r.year: r for r in trajectory(scratch)}
        currency = scratch.budget.source.currency
        self.year_table.blockSignals(True)
        for row, year in enumerate(self.years):
            r = rows.get(year)
            gdp = "n/a" if r is None or r.figures.gdp is None else money_text(r.figures.gdp, currency)
            growth = "n/a" if r is None or r.real_growth_pct is None else f"{r.real_growth_pct:+.1f}%"
            self.year_table.item(row, 3).setText(gdp)
            self.year_table.item(row, 4).setText(growth)
        self.year_table.blockSignals(False)

    def accept(self) -> None:
        try:
            command = self.command()
        except PlannerError as error:
            self.error_label.setText(str(error))
            return
        if command is not None:
            try:
                self.session.execute(command)
            except PlannerError as error:
                self.error_label.setText(str(error))
                return
        super().accept()
