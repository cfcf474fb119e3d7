"""The selected year at a glance: core, security-related and counted % of GDP against the
pledge, the gaps in money and in % of GDP, the equipment share, a draggable breakdown by
sub-category, and every year's counted % in a compact table.

Every number comes from the engine (core.trajectory / core.pledge); the widget only draws.
Redraws update the existing items (setData/setText), the scene is built once.
"""
from __future__ import annotations

import os

import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView, QFrame, QGridLayout, QHeaderView, QLabel, QScrollArea, QTableWidget,
    QTableWidgetItem, QVBoxLayout, QWidget,
)

from ..core.errors import PlannerError
from ..core.money import money_text
from ..core.planning_commands import SetCategoryTotal
from ..core.pledge import YearFigures
from ..core.taxonomy import CORE_SLOTS, SECURITY_SLOTS, SLOTS
from ..core.trajectory import TrajectoryYear, gap_pcts, pct_of_gdp, trajectory
from .at_risk_band import DashboardBand
from .chart_bars import (
    CORE_COLOR, OK_COLOR, SECURITY_COLOR, TARGET_COLOR, Bar, DragCancelFilter,
    DraggableBarsItem, money_scale, palette_colors, place_readout, round_step, snap_to,
    style_plot,
)
from .actual_years import confirm_actual_year_edit, is_actual, past_year_note
from .plan_session import PlanSession
from .target_words import TargetWords

WIDE_LAYOUT_MIN_WIDTH = 1000  # px: below this the dashboard becomes one scrolling column
GAUGE_ROWS = ("Counted total", "Security-related", "Core defence")  # bottom to top
BREAKDOWN_SLOTS = list(reversed(CORE_SLOTS + SECURITY_SLOTS))  # core on top


class DashboardWidget(QWidget):
    drag_did_finish = Signal()

    def __init__(self, session: PlanSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.figures: YearFigures | None = None
        self._scale, self._unit = 1.0, ""
        self._build()
        session.plan_did_change.connect(self._on_plan_did_change)
        session.selected_year_did_change.connect(self._on_selected_year_did_change)
        self.refresh()

    # --- building -------------------------------------------------------------------------------
    def _build(self) -> None:
        self.title_label = QLabel()
        self.title_label.setStyleSheet("font-size: 15pt; font-weight: bold;")
        self.title_label.setToolTip("The year the dashboard shows; pick another in the gap table "
                                    "or the year box of the status bar")
        self.gdp_label = QLabel()
        self.gdp_label.setWordWrap(True)
        self._build_gauges()
        self._build_equipment()
        self._build_gap_labels()
        self._build_breakdown()
        self.status_label = QLabel("Drag a sub-category's bar to change its total for this year.")
        self.status_label.setWordWrap(True)
        self.status_label.setToolTip("What the last drag did, or why it could not")
        self.title_label.setWordWrap(True)
        self.summary_box = QWidget()
        left = QVBoxLayout(self.summary_box)
        left.setContentsMargins(0, 0, 0, 0)
        for widget, stretch in ((self.title_label, 0), (self.gdp_label, 0),
                                (self.band.label, 0), (self.gauge_plot, 3),
                                (self.equipment_plot, 1), (self.gaps_box, 0)):
            left.addWidget(widget, stretch)
        self._content = QWidget()
        self._grid = QGridLayout(self._content)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self._content)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self._wide: bool | None = None
        self._arrange(wide=True)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._arrange(self.width() >= WIDE_LAYOUT_MIN_WIDTH)

    def _arrange(self, wide: bool) -> None:
        """Side by side when there is room; one scrolling column in a narrow dock."""
        if wide == self._wide:
            return
        self._wide, grid = wide, self._grid
        parts = (self.summary_box, self.breakdown_box, self.status_label)
        for widget in parts:
            grid.removeWidget(widget)
        for row in range(4):
            grid.setRowStretch(row, 0)
        if wide:
            places = ((0, 0, 1, 1), (0, 1, 1, 1), (1, 0, 1, 2))
            grid.setColumnStretch(0, 5)
            grid.setColumnStretch(1, 6)
            grid.setRowStretch(0, 1)
        else:
            places = ((0, 0, 1, 1), (1, 0, 1, 1), (2, 0, 1, 1))
            grid.setColumnStretch(1, 0)
        for widget, place in zip(parts, places):
            grid.addWidget(widget, *place)
        self.gauge_plot.setMinimumHeight(0 if wide else 210)
        self.breakdown_plot.setMinimumHeight(0 if wide else 420)

    def _build_gauges(self) -> None:
        self.gauge_plot = pg.PlotWidget()
        style_plot(self.gauge_plot)
        item = self.gauge_plot.getPlotItem()
        item.setTitle("Share of GDP vs the pledge", color=palette_colors()[1].name(), bold=True)
        item.setLabel("bottom", "% of GDP")
        item.getAxis("left").setTicks([[(i, name) for i, name in enumerate(GAUGE_ROWS)]])
        item.getAxis("left").setWidth(118)
        self.gauge_bars = DraggableBarsItem(horizontal=True, width=0.45)
        item.addItem(self.gauge_bars)
        self.band = DashboardBand(item, row=0)  # counted with and without high-risk claims
        self.target_marks = pg.PlotDataItem(connect="pairs",
                                            pen=pg.mkPen(TARGET_COLOR, width=3))
        item.addItem(self.target_marks)
        _, text = palette_colors()
        self.gauge_value_labels = [self._text(item, text, (0, 0.0)) for _ in GAUGE_ROWS]
        self.target_labels = [self._text(item, TARGET_COLOR, (0.5, 1.0)) for _ in GAUGE_ROWS]
        self.no_gdp_text = self._text(item, TARGET_COLOR, (0.5, 0.5))
        self.no_gdp_text.setPos(2.5, 1.0)
        item.setYRange(-0.5, 2.6, padding=0)
        item.getViewBox().sigResized.connect(self._wrap_gauge_labels)

    def _wrap_gauge_labels(self, *_args) -> None:
        """The value labels wrap at the plot's width: the security-related one (with the
        money above the ceiling) ran off a narrow dock."""
        width = self.gauge_plot.getPlotItem().getViewBox().width()
        for label in self.gauge_value_labels:
            label.setTextWidth(max(width - 6, 80))

    @staticmethod
    def _text(item: pg.PlotItem, color, anchor) -> pg.TextItem:
        label = pg.TextItem(color=color, anchor=anchor)
        item.addItem(label, ignoreBounds=True)
        return label

    def _build_equipment(self) -> None:
        self.equipment_plot = pg.PlotWidget()
        style_plot(self.equipment_plot)
        item = self.equipment_plot.getPlotItem()
        item.setLabel("bottom", "Equipment (incl. R&D) as % of core defence")
        item.getAxis("left").setTicks([[(0, "Equipment")]])
        item.getAxis("left").setWidth(118)
        self.equipment_bars = DraggableBarsItem(horizontal=True, width=0.5)
        item.addItem(self.equipment_bars)
        self.equipment_guideline = pg.InfiniteLine(
            angle=90, movable=False, pen=pg.mkPen(TARGET_COLOR, width=2),
            label="{value:g}% guideline", labelOpts={"position": 0.85, "color": TARGET_COLOR})
        item.addItem(self.equipment_guideline)
        self.equipment_label = self._text(item, palette_colors()[1], (0, 0.5))
        item.setXRange(0, 100, padding=0.02)
        item.setYRange(-0.6, 0.6, padding=0)
        self.equipment_plot.setMaximumHeight(120)
        item.getViewBox().sigResized.connect(self._place_equipment_label)

    def _build_gap_labels(self) -> None:
        self.gaps_box = QWidget()
        layout = QGridLayout(self.gaps_box)
        layout.setContentsMargins(0, 0, 0, 0)
        self.gap_labels: dict[str, QLabel] = {}
        self.gap_names: dict[str, QLabel] = {}
        for row, key in enumerate(("core", "security", "total")):
            name, value = QLabel(), QLabel()
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            layout.addWidget(name, row, 0)
            layout.addWidget(value, row, 1)
            self.gap_labels[key], self.gap_names[key] = value, name
        layout.setColumnStretch(1, 1)

    def _build_breakdown(self) -> None:
        self.breakdown_plot = pg.PlotWidget()
        style_plot(self.breakdown_plot)
        item = self.breakdown_plot.getPlotItem()
        item.getAxis("left").setTicks([[(i, SLOTS[s].label) for i, s in enumerate(BREAKDOWN_SLOTS)]])
        item.getAxis("left").setWidth(215)
        self.breakdown_bars = DraggableBarsItem(horizontal=True, width=0.7, snap=self._snap)
        item.addItem(self.breakdown_bars)
        self.breakdown_bars.value_is_changing.connect(self._on_breakdown_is_changing)
        self.breakdown_bars.value_did_commit.connect(self._on_breakdown_did_commit)
        self.breakdown_bars.drag_did_cancel.connect(self._on_drag_did_cancel)
        _, text = palette_colors()
        self.breakdown_value_labels = [self._text(item, text, (0, 0.5)) for _ in BREAKDOWN_SLOTS]
        self.readout = pg.TextItem(anchor=(0, 1.1), fill=pg.mkBrush(255, 255, 224, 235),
                                   color=(20, 20, 20), border=pg.mkPen(90, 90, 90))
        self.readout.setZValue(50)
        self.readout.hide()
        item.addItem(self.readout, ignoreBounds=True)
        item.setYRange(-0.7, len(BREAKDOWN_SLOTS) - 0.3, padding=0)
        self._cancel_filter = DragCancelFilter(self.breakdown_plot, [self.breakdown_bars])
        item.getViewBox().sigResized.connect(self._fit_breakdown_range)
        heading = QLabel("<b>Counted money by sub-category</b> — drag a bar to change it")
        heading.setWordWrap(True)
        heading.setToolTip("Dragging spreads the change over the sub-category's lines in "
                           "proportion; held lines stay. One undo step per drag.")
        self.breakdown_box = QWidget()
        box = QVBoxLayout(self.breakdown_box)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(heading)
        box.addWidget(self.breakdown_plot, 1)

    # --- refreshing -------------------------------------------------------------------------------
    def _on_plan_did_change(self, change) -> None:
        if change.figures_changed:  # a rationale or a hold changes no figure: nothing to draw
            self.refresh()

    def _on_selected_year_did_change(self, year: int) -> None:
        self.refresh()

    @property
    def year(self) -> int:
        return self.session.selected_year

    def _money(self, amount: float | None) -> str:
        return "n/a" if amount is None else money_text(amount, self.session.plan.budget.source.currency)

    def refresh(self) -> None:
        plan = self.session.plan
        if not plan.years:
            self.title_label.setText("No budget loaded")
            return
        self.figures = plan.figures(self.year)
        self.readout.hide()
        self._name_targets()
        self._refresh_title()
        self._refresh_gauges()
        self._refresh_equipment()
        self._refresh_gaps()
        self._refresh_breakdown()

    def _name_targets(self) -> None:
        """Every target word from the plan's settings (floor, ceiling, total, year, guideline)."""
        w = TargetWords.of(self.session.plan.targets)
        tips = {"core": f"Core defence money missing to reach {w.floor} of GDP (the floor)",
                "security": f"Room left under the {w.ceiling} ceiling for security-related spending",
                "total": f"Counted money missing to reach {w.total} of GDP"}
        names = {"core": f"Gap to {w.floor} core floor:", "security": f"Room under {w.ceiling} ceiling:",
                 "total": f"Gap to {w.total} pledge:"}
        for key, label in self.gap_names.items():
            label.setText(names[key])
            label.setToolTip(tips[key])
            self.gap_labels[key].setToolTip(tips[key])
        self.equipment_guideline.setToolTip(
            f"NATO guideline: at least {w.equipment} of defence expenditure on major equipment "
            "incl. related R&D")

    def _refresh_title(self) -> None:
        f, plan = self.figures, self.session.plan
        kind = "planned year" if plan.is_planned_year(self.year) else "budget year"
        name = os.path.basename(plan.budget.source.path or self.session.source_path or "")
        self.title_label.setText(f"{self.year} ({kind})" + (f" — {name}" if name else ""))
        if f.gdp is None:
            self.gdp_label.setText(f"No GDP for {self.year}: enter the year's GDP to see the "
                                   "shares of GDP and the gaps. Money totals are shown below.")
            self.gdp_label.setStyleSheet(f"color: {TARGET_COLOR.name()}; font-weight: bold;")
            return
        projected = " (projected from the growth assumption)" if plan.is_gdp_projected(self.year) else ""
        self.gdp_label.setText(f"GDP {self._money(f.gdp)}{projected}. Core {self._money(f.core)}, "
                               f"security-related {self._money(f.security)}, counted "
                               f"{self._money(f.counted)}.")
        self.gdp_label.setStyleSheet("")

    def _refresh_gauges(self) -> None:
        f, t = self.figures, self.session.plan.targets
        has_gdp = f.gdp is not None
        values = (f.counted_pct_gdp, f.security_pct_gdp, f.core_pct_gdp)
        targets = (t.total_pct, t.security_ceiling_pct, t.core_floor_pct)
        colors = (QColor("#5b5b8f"), SECURITY_COLOR, CORE_COLOR)
        meets = (f.counted_pct_gdp or 0) >= t.total_pct, True, (f.core_pct_gdp or 0) >= t.core_floor_pct
        bars = [Bar(i, v or 0.0, color=c, draggable=False,
                    cap=t.security_ceiling_pct if i == 1 else None,
                    outline=None if ok else TARGET_COLOR,
                    tooltip=self._gauge_tooltip(i))
                for i, (v, c, ok) in enumerate(zip(values, colors, meets))]
        self.gauge_bars.set_bars(bars)
        self.gauge_bars.setVisible(has_gdp)
        self.band.update(self.session.plan, self.year)
        marks_x, marks_y = [], []
        for i, target in enumerate(targets):
            marks_x += [target, target]
            marks_y += [i - 0.3, i + 0.3]
            w = TargetWords.of(t)
            self.target_labels[i].setText((f"{w.total} pledge", f"{w.ceiling} ceiling",
                                           f"{w.floor} floor")[i])
            self.target_labels[i].setPos(target, i + 0.3)
            self.target_labels[i].setVisible(has_gdp)
            self.gauge_value_labels[i].setText(self._gauge_value_text(i))
            self.gauge_value_labels[i].setPos(0.0, i - 0.24)
            self.gauge_value_labels[i].setVisible(has_gdp)
        self.target_marks.setData(marks_x, marks_y)
        self.target_marks.setVisible(has_gdp)
        self.no_gdp_text.setText(f"No GDP for {self.year}:\nenter GDP to see % of GDP")
        self.no_gdp_text.setVisible(not has_gdp)
        top = max([t.total_pct] + [v or 0.0 for v in values])
        self.gauge_plot.getPlotItem().setXRange(0, top * 1.45, padding=0)

    def _gauge_value_text(self, row: int) -> str:
        f = self.figures
        if row == 0:
            return f"{f.counted_pct_gdp or 0:.2f}%  ({self._money(f.counted)})"
        if row == 1:
            excess = f"; {self._money(f.security_excess)} not counted" \
                if f.security_excess > 0 else ""
            return f"{f.security_pct_gdp or 0:.2f}%  ({self._money(f.security)}{excess})"
        return f"{f.core_pct_gdp or 0:.2f}%  ({self._money(f.core)})"

    def _gauge_tooltip(self, row: int) -> str:
        w = TargetWords.of(self.session.plan.targets)
        return (f"{GAUGE_ROWS[row]} {self.year}: {self._gauge_value_text(row)} of GDP.\n"
                + (f"Counts toward {w.total}: core plus security-related up to the {w.ceiling} "
                   "ceiling.",
                   f"Only the part up to {w.ceiling} of GDP counts (grey hatched part does not).",
                   f"Core defence must reach at least {w.floor} of GDP by {w.year}.")[row])

    def _refresh_equipment(self) -> None:
        f, guideline = self.figures, self.session.plan.targets.equipment_guideline_pct
        share = f.equipment_share_of_core
        ok = share is not None and share >= guideline
        self.equipment_bars.set_bars([Bar(0, share or 0.0, color=OK_COLOR if ok else SECURITY_COLOR,
                                          draggable=False, tooltip=self._equipment_text())])
        self.equipment_label.setText(self._equipment_text())
        self._place_equipment_label()
        self.equipment_guideline.setValue(guideline)

    def _place_equipment_label(self, *_args) -> None:
        """Right of the bar while the text fits, else pulled back over it: after a fixed
        60% the label ran off a narrow dock ('40.4% of core (EUR 475 m')."""
        box = self.equipment_plot.getPlotItem().getViewBox()
        (left, right), _ = box.viewRange()
        text = QFontMetrics(self.equipment_label.textItem.font()).horizontalAdvance(
            self.equipment_label.toPlainText()) + 8
        fits = right - (right - left) * text / box.width() if box.width() > 0 else right
        share = (self.figures.equipment_share_of_core or 0.0) if self.figures else 0.0
        self.equipment_label.setPos(max(min(share + 1.0, fits), left), 0)

    def _equipment_text(self) -> str:
        f = self.figures
        if f.equipment_share_of_core is None:
            return "No core defence money this year"
        return f"{f.equipment_share_of_core:.1f}% of core ({self._money(f.equipment)})"

    def _refresh_gaps(self) -> None:
        f = self.figures
        pcts = gap_pcts(f)
        gaps = (f.core_gap, f.security_gap, f.total_gap)
        for i, key in enumerate(("core", "security", "total")):
            if pcts is None:
                self.gap_labels[key].setText("needs GDP")
                continue
            self.gap_labels[key].setText(f"{self._money(gaps[i])}  ({pcts[i]:.2f}% of GDP)")

    def _refresh_breakdown(self) -> None:
        totals = self.session.plan.slot_totals(self.year)
        values = [float(totals[s]) for s in BREAKDOWN_SLOTS]
        currency = self.session.plan.budget.source.currency
        self._scale, self._unit = money_scale(max([abs(v) for v in values] + [1.0]), currency)
        self._step = round_step(max(abs(v) for v in values + [1.0]) / self._scale)
        bars = [Bar(i, v / self._scale, color=CORE_COLOR if SLOTS[s].bucket == 1 else SECURITY_COLOR,
                    planned=self.session.plan.is_planned_year(self.year),
                    tooltip=self._slot_tooltip(s, v))
                for i, (s, v) in enumerate(zip(BREAKDOWN_SLOTS, values))]
        self.breakdown_bars.set_bars(bars)
        for label, bar, value in zip(self.breakdown_value_labels, bars, values):
            label.setText(self._money(value))
            label.setPos(max(bar.value, 0.0), bar.position)
        item = self.breakdown_plot.getPlotItem()
        item.setLabel("bottom", f"Counted money, {self._unit}")
        self._fit_breakdown_range()

    def _fit_breakdown_range(self, *_args) -> None:
        """Room right of each bar for its money label: a fixed 45% margin clipped the largest
        sub-category's label ('EUR 16.') in the narrow dock."""
        bars = self.breakdown_bars.bars
        width = self.breakdown_plot.getPlotItem().getViewBox().width()
        right = max([b.value for b in bars] + [1e-9]) * 1.45  # room to drag the largest up
        for bar, label in zip(bars, self.breakdown_value_labels):
            text = QFontMetrics(label.textItem.font()).horizontalAdvance(label.toPlainText()) + 8
            room = max(width - text, width * 0.35)  # never squeeze the bars to nothing
            if bar.value > 0 and width > 0:
                right = max(right, bar.value * width / room)
        self.breakdown_plot.getPlotItem().setXRange(0, right, padding=0)

    def _slot_tooltip(self, slot: int, value: float) -> str:
        s = SLOTS[slot]
        return (f"{s.bucket.label} — {s.label}, {self.year}: {self._money(value)} counted.\n"
                "Drag the bar's end to set this sub-category's total: its lines move in "
                "proportion, held lines stay (one undo step). Esc or right-click cancels.")

    # --- dragging the breakdown ---------------------------------------------------------------
    def _snap(self, index: int, value: float) -> float:
        return snap_to(value, self._step)

    def _amount(self, value: float) -> float:
        return round(value * self._scale, 2)

    def _on_breakdown_is_changing(self, index: int, value: float) -> None:
        slot = SLOTS[BREAKDOWN_SLOTS[index]]
        amount = self._amount(value)
        share = pct_of_gdp(amount, self.figures.gdp)
        pct = "" if share is None else f" = {share:.2f}% of GDP"
        self.readout.setText(f"{slot.label} {self.year}: {self._money(amount)}{pct}\n"
                             "Release to apply, Esc to cancel")
        place_readout(self.readout, self.breakdown_plot.getPlotItem().getViewBox(),
                      QPointF(value, index + 0.35))
        self.breakdown_plot.setFocus()

    def _on_breakdown_did_commit(self, index: int, value: float) -> None:
        self.readout.hide()
        slot = SLOTS[BREAKDOWN_SLOTS[index]]
        if abs(self.session.plan.category_total(self.year, slot.bucket, slot.subcategory)
               - self._amount(value)) < 0.005:
            self.status_label.setText(f"{slot.label} unchanged: nothing to undo.")
            self.refresh()
            self.drag_did_finish.emit()
            return
        plan = self.session.plan
        actual = not plan.is_planned_year(self.year) and is_actual(plan.budget, self.year, False)
        if actual and not confirm_actual_year_edit(self, plan.budget, self.year, False):
            self.status_label.setText(f"{self.year} left as it was.")
            self.refresh()
            self.drag_did_finish.emit()
            return
        try:
            command = SetCategoryTotal(plan, self.year, slot.bucket, slot.subcategory,
                                       self._amount(value), confirm_actual=actual)
            self.session.execute(command)
            self.status_label.setText(f"Done: {command.label}. Undo with Ctrl+Z."
                                      + past_year_note(plan.budget, self.year))
        except (PlannerError, ValueError) as error:
            self.status_label.setText(str(error))
            self.refresh()
        self.drag_did_finish.emit()

    def _on_drag_did_cancel(self, index: int) -> None:
        self.status_label.setText("Drag cancelled: nothing changed.")
        self.refresh()


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}%"
