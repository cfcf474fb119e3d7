"""The path to 2035: stacked core + security-related bars (% of GDP) for every year, the
counted % line, the targets and the credible path; drag a bar's top to change a year.

Every figure comes from core.trajectory / core.pledge; a drag moves only its bar and the
readout until release, then runs ONE command (core.planning_commands.set_category_total).
"""
from __future__ import annotations

import os

import pyqtgraph as pg
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics
from PySide6.QtWidgets import (
    QComboBox, QDialog, QDoubleSpinBox, QLabel, QMessageBox, QPushButton,
    QVBoxLayout, QWidget,
)

from ..core.errors import PlannerError
from ..core.planning_commands import (
    CloseTheGap, SetCategoryTotal, SetPlanningAssumption, amount_for_pct,
)
from ..core.money import money_text
from ..core.taxonomy import Bucket
from ..core.trajectory import TrajectoryYear, path_shortfall, pct_of_gdp, trajectory
from .flow_layout import FlowLayout, control_group
from .at_risk_band import BAND_LEGEND, TrajectoryBand
from .chart_bars import (
    CORE_COLOR, PATH_COLOR, SECURITY_COLOR, TARGET_COLOR, Bar, DragCancelFilter,
    DraggableBarsItem, palette_colors, place_readout, round_step, snap_to, style_plot,
)
from .actual_years import confirm_actual_year_edit, is_actual, past_year_note
from .chart_gap_dialog import CloseTheGapDialog
from .spread_dialog import SpreadDialog
from ..core.spread import SPREAD_MODES, SpreadRequest, preview_spread
from .plan_session import PlanSession
from .target_words import TargetWords

BUCKETS = (Bucket.CORE, Bucket.SECURITY)


class EnterSpinBox(QDoubleSpinBox):
    """A spin box whose Enter means 'Set': outside a dialog Enter pressed no button."""

    enter_was_pressed = Signal()

    def keyPressEvent(self, event) -> None:
        super().keyPressEvent(event)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.enter_was_pressed.emit()


class TrajectoryWidget(QWidget):
    """Chart + growth controls + typed twin + close-the-gap, over one PlanSession."""

    drag_did_finish = Signal()  # after a drag's command ran (or failed): tests and status bars

    def __init__(self, session: PlanSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.rows: list[TrajectoryYear] = []
        self._shown_total: tuple[float | None, float | None] = (None, None)  # spin value, amount
        self._drag_target: tuple[int, Bucket, float] | None = None
        self._preview_timer = QTimer(self, singleShot=True, interval=120)
        self._preview_timer.timeout.connect(self._on_preview_timeout)
        self._build_chart()
        self._build_controls()
        self.legend_label = self._build_legend()
        self.chart_box = QWidget()
        chart_layout = QVBoxLayout(self.chart_box)
        chart_layout.setContentsMargins(0, 0, 0, 0)
        self.title_label = self._build_title()
        chart_layout.addWidget(self.title_label)
        chart_layout.addWidget(self.plot, 1)
        chart_layout.addWidget(self.legend_label)
        chart_layout.addWidget(self.band.summary_label)
        layout = QVBoxLayout(self)
        layout.addWidget(self.chart_box, 1)
        layout.addWidget(self.status_label)
        layout.addLayout(self._controls_layout)
        layout.addWidget(self.preview_label)
        session.plan_did_change.connect(self._on_plan_did_change)
        self.refresh()

    # --- building ----------------------------------------------------------------------------
    def _build_chart(self) -> None:
        self.plot = pg.PlotWidget()
        style_plot(self.plot)
        self.plot.setToolTip("")
        item = self.plot.getPlotItem()
        item.setLabel("left", "% of GDP")
        item.setLabel("bottom", "Year (shaded: planned years after the budget)")
        self.planned_region = pg.LinearRegionItem(movable=False, brush=pg.mkBrush(128, 128, 128, 28),
                                                  pen=pg.mkPen(None))
        self.planned_region.setZValue(-20)
        self.planned_region.setToolTip("Planned years: money per sub-category, starting from the "
                                       "last budget year grown at the spending growth rate")
        item.addItem(self.planned_region)
        self.core_bars = DraggableBarsItem(snap=self._snap)
        self.security_bars = DraggableBarsItem(snap=self._snap)
        for bars, bucket in ((self.core_bars, Bucket.CORE), (self.security_bars, Bucket.SECURITY)):
            item.addItem(bars)
            bars.value_is_changing.connect(lambda i, v, b=bucket: self._on_bar_is_changing(b, i, v))
            bars.value_did_commit.connect(lambda i, v, b=bucket: self._on_bar_did_commit(b, i, v))
            bars.drag_did_cancel.connect(self._on_drag_did_cancel)
            bars.bar_was_double_clicked.connect(lambda i, b=bucket: self._on_bar_double_clicked(b, i))
        self._add_lines(item)
        self.band = TrajectoryBand(item)  # counted with and without high-risk claims
        self._cancel_filter = DragCancelFilter(self.plot, [self.core_bars, self.security_bars])

    def _build_title(self) -> QLabel:
        """The chart's title as a wrapping label: a pyqtgraph title holds the plot at least
        as wide as its text, which pushed the later years out of a narrow dock."""
        source = self.session.plan.budget.source
        name = os.path.basename(source.path or self.session.source_path or "")
        unit = f", {source.currency}" if source.currency else ""
        self._title_suffix = f" — {name}{unit}" if name else ""
        title = QLabel()
        title.setWordWrap(True)
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        title.setFont(font)
        return title

    def chart_area(self) -> QWidget:
        """What a chart image shows: the plot and its legend, without the controls."""
        return self.chart_box

    @property
    def words(self) -> TargetWords:
        return TargetWords.of(self.session.plan.targets)

    def _add_lines(self, item: pg.PlotItem) -> None:
        _, text = palette_colors()
        self.ceiling_marks = pg.PlotDataItem(connect="pairs", pen=pg.mkPen(SECURITY_COLOR.darker(150),
                                             width=2, style=Qt.PenStyle.DotLine))
        self.counted_line = pg.PlotDataItem(pen=pg.mkPen(text, width=2), symbol="o", symbolSize=7,
                                            symbolBrush=pg.mkBrush(text))
        self.path_line = pg.PlotDataItem(pen=pg.mkPen(PATH_COLOR, width=2, style=Qt.PenStyle.DashLine))
        self.core_path_line = pg.PlotDataItem(pen=pg.mkPen(CORE_COLOR.lighter(115), width=2,
                                                           style=Qt.PenStyle.DashDotLine))
        self.below_markers = pg.ScatterPlotItem(symbol="t", size=15, brush=pg.mkBrush(TARGET_COLOR),
                                                pen=pg.mkPen(TARGET_COLOR.darker(130)),
                                                hoverable=True, tip=lambda x, y, data: data)
        self.total_target = self._target_line()
        self.core_target = self._target_line()
        for line in (self.total_target, self.core_target):
            item.addItem(line)
        # The targets are named on a right-hand axis: a label on the line itself hid behind
        # the bars ("3.5% core floor" under 2024's bar) whatever its position.
        item.showAxis("right")
        self.target_axis = item.getAxis("right")
        self.target_axis.setPen(pg.mkPen(TARGET_COLOR))
        self.target_axis.setTextPen(pg.mkPen(TARGET_COLOR))
        self.target_axis.setStyle(tickLength=-6)
        for element in (self.ceiling_marks, self.path_line, self.core_path_line, self.counted_line,
                        self.below_markers):
            item.addItem(element)
        self._line_tips = ((self.counted_line, "Counted % of GDP: core plus security-related up "
                            "to the {w.ceiling} ceiling"),
                           (self.path_line, "Credible path: a straight line from the baseline "
                            "year's counted % to {w.total} in {w.year} ('Path from' sets the baseline)"),
                           (self.core_path_line, "Credible path for core defence: from the baseline "
                            "year's core % to {w.floor} in {w.year}"),
                           (self.ceiling_marks, "Core + {w.ceiling} of GDP: security-related money "
                            "above this mark does not count toward {w.total}"))
        self.readout = pg.TextItem(anchor=(0.5, 1.15), fill=pg.mkBrush(255, 255, 224, 235),
                                   color=(20, 20, 20), border=pg.mkPen(90, 90, 90))
        self.readout.setZValue(50)
        self.readout.hide()
        item.addItem(self.readout, ignoreBounds=True)
        self.no_gdp_labels: list[pg.TextItem] = []
        self.counted_labels: list[pg.TextItem] = []

    @staticmethod
    def _target_line() -> pg.InfiniteLine:
        line = pg.InfiniteLine(angle=0, movable=False,
                               pen=pg.mkPen(TARGET_COLOR, width=1.5, style=Qt.PenStyle.DashLine))
        line.setZValue(-5)
        return line

    def _name_targets(self) -> None:
        """Every target word from the plan's settings: title, axis, lines, tooltips, legend."""
        w, t = self.words, self.session.plan.targets
        self.title_label.setText(f"Path to the {w.total} pledge by {w.year}{self._title_suffix}")
        self.target_axis.setTicks([[(t.core_floor_pct, f"{w.floor} core floor"),
                                    (t.total_pct, f"{w.total} pledge")], []])
        self.target_axis.setWidth(QFontMetrics(self.font()).horizontalAdvance(
            f"{w.floor} core floor") + 16)
        self.baseline_combo.setToolTip(
            f"The year the credible path starts from: a straight line from its counted % (and "
            f"core %) to {w.total} (and {w.floor}) in {w.year} (undoable)")
        for line, tip in self._line_tips:
            line.curve.setToolTip(tip.format(w=w))
        for line, name in ((self.total_target, f"{w.total} total pledge"),
                           (self.core_target, f"{w.floor} core floor")):
            line.setToolTip(f"Target: {name} of GDP (Hague pledge, by {w.year})")
        self.legend_label.setText(self._legend_html())

    def _build_legend(self) -> QLabel:
        """A legend under the plot (wraps with the width) instead of one covering the bars."""
        legend = QLabel()
        legend.setWordWrap(True)
        legend.setContentsMargins(8, 4, 8, 4)
        legend.setToolTip("How to read the chart; hover any bar, line or marker for its figures")
        return legend

    def _legend_html(self) -> str:
        w = self.words

        def swatch(color: QColor, symbol: str, name: str) -> str:
            return f'<span style="color:{color.name()}">{symbol}</span>&nbsp;{name}'
        _, text = palette_colors()
        grey = QColor(150, 150, 150)
        entries = [swatch(CORE_COLOR, "■", "Core defence"),
                   swatch(SECURITY_COLOR, "■", "Security-related"),
                   swatch(grey, "▨", f"above {w.ceiling} ceiling (not counted)"),
                   swatch(CORE_COLOR.lighter(130), "▧", "planned year (lighter, hatched, shaded)"),
                   swatch(text, "●━", "counted % of GDP"),
                   swatch(*BAND_LEGEND),
                   swatch(PATH_COLOR, "╍╍", "credible path (counted)"),
                   swatch(CORE_COLOR.lighter(115), "╍·", "credible path (core)"),
                   swatch(SECURITY_COLOR.darker(150), "┄┄", f"core + {w.ceiling} ceiling"),
                   swatch(TARGET_COLOR, "▼", "below the path (red outline)"),
                   swatch(TARGET_COLOR, "╌╌", f"targets {w.floor} and {w.total}")]
        return " &nbsp;&nbsp; ".join(entries)

    def _build_controls(self) -> None:
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.status_label.setToolTip("What the last drag or command did, or why it could not")
        planning = self.session.plan.planning
        self.gdp_growth_spin = self._percent_spin(planning.gdp_growth_pct,
            "Nominal GDP growth a year, used for years without a GDP figure (undoable)")
        self.spending_growth_spin = self._percent_spin(planning.spending_growth_pct,
            "Growth a year of the last budget year's money, the starting point of planned "
            "years (undoable)")
        self.gdp_growth_spin.editingFinished.connect(
            lambda: self._on_assumption_edited("gdp_growth_pct", self.gdp_growth_spin))
        self.spending_growth_spin.editingFinished.connect(
            lambda: self._on_assumption_edited("spending_growth_pct", self.spending_growth_spin))
        self.baseline_combo = QComboBox()
        self.baseline_combo.activated.connect(self._on_baseline_activated)
        self.close_gap_button = QPushButton("Close the gap…")
        self.close_gap_button.setToolTip("Propose the extra core and security-related money that "
                                         "puts every year on the credible path; review it before "
                                         "applying (one undo step)")
        self.close_gap_button.clicked.connect(self._on_close_gap_clicked)
        self._build_typed_twin()
        # One flow: a line in a wide window, wrapped in a narrow dock or at 200% scaling.
        self._controls_layout = FlowLayout()
        for group in ((QLabel("GDP growth:"), self.gdp_growth_spin),
                      (QLabel("Spending growth:"), self.spending_growth_spin),
                      (QLabel("Path from:"), self.baseline_combo), (self.close_gap_button,),
                      *self._typed_groups):
            self._controls_layout.addWidget(control_group(*group))

    @staticmethod
    def _percent_spin(value: float, tip: str) -> QDoubleSpinBox:
        spin = QDoubleSpinBox()
        spin.setRange(-20.0, 30.0)
        spin.setDecimals(1)
        spin.setSingleStep(0.1)
        spin.setSuffix("% a year")
        spin.setValue(value)
        spin.setToolTip(tip)
        return spin

    def _build_typed_twin(self) -> None:
        """The drag's keyboard twin: year, category, amount or % of GDP, Set."""
        self.year_combo = QComboBox()
        self.year_combo.setToolTip("The year to change")
        self.category_combo = QComboBox()
        for bucket in BUCKETS:
            self.category_combo.addItem(bucket.label, int(bucket))
        self.category_combo.setToolTip("Which total to set: its lines (budget years) or "
                                       "sub-categories (planned years) move in proportion")
        self.value_spin = EnterSpinBox()
        self.value_spin.setRange(0.0, 1e15)
        self.value_spin.setDecimals(3)
        self.value_spin.setToolTip("The new counted total, in the unit on the right")
        self.unit_combo = QComboBox()
        self.unit_combo.setToolTip("Type the total as money or as % of that year's GDP")
        self.set_button = QPushButton("Set")
        self.set_button.setToolTip("Set the total exactly as a drag would (one undo step)")
        self.set_button.clicked.connect(self._on_set_clicked)
        self.value_spin.enter_was_pressed.connect(self._on_set_clicked)  # Enter confirms Set
        for combo in (self.year_combo, self.category_combo, self.unit_combo):
            combo.currentIndexChanged.connect(self._show_current_total)
        self.spread_combo = QComboBox()
        for key in ("default", "proportional", "equal", "growth"):
            self.spread_combo.addItem(SPREAD_MODES[key], key)
        self.spread_combo.setToolTip("Where money added or removed by a drag or Set goes; "
                                     "'Spread…' also offers chosen sub-categories and holds")
        self.spread_button = QPushButton("Spread…")
        self.spread_button.setToolTip("Choose where the difference to the typed total goes and "
                                      "see it before applying (one undo step)")
        self.spread_button.clicked.connect(self._on_spread_clicked)
        self.preview_label = QLabel()
        self.preview_label.setToolTip("Where Set (or the drag) would put the money")
        self.preview_label.setWordWrap(True)
        self.value_spin.valueChanged.connect(lambda _v: self._show_twin_preview())
        self.spread_combo.currentIndexChanged.connect(lambda _i: self._show_twin_preview())
        self._typed_groups = ((QLabel("Set"), self.category_combo, QLabel("in"), self.year_combo),
                              (QLabel("to"), self.value_spin, self.unit_combo, self.set_button),
                              (QLabel("spread:"), self.spread_combo, self.spread_button))

    # --- refreshing ------------------------------------------------------------------------------
    def _on_plan_did_change(self, change) -> None:
        if change.figures_changed:  # a rationale or a hold changes no figure: nothing to draw
            self.refresh()

    def refresh(self) -> None:
        """Redraw from the engine by updating the existing items (no scene rebuild)."""
        self.rows = trajectory(self.session.plan)
        self.readout.hide()
        self._name_targets()
        self.core_bars.set_bars([self._bar(r, Bucket.CORE) for r in self.rows])
        self.security_bars.set_bars([self._bar(r, Bucket.SECURITY) for r in self.rows])
        self._refresh_lines()
        self.band.update(self.session.plan)
        self._refresh_no_gdp_labels()
        self._refresh_counted_labels()
        self._refresh_axes()
        self._refresh_typed_twin()
        self._sync_spins()

    def _bar(self, row: TrajectoryYear, bucket: Bucket) -> Bar:
        f = row.figures
        pct = f.core_pct_gdp if bucket == Bucket.CORE else f.security_pct_gdp
        has_gdp = pct is not None
        color = CORE_COLOR if bucket == Bucket.CORE else SECURITY_COLOR
        return Bar(position=row.year, value=pct or 0.0,
                   base=(f.core_pct_gdp or 0.0) if bucket == Bucket.SECURITY else 0.0,
                   color=color, planned=row.planned, draggable=has_gdp,
                   cap=self.session.plan.targets.security_ceiling_pct if bucket == Bucket.SECURITY else None,
                   outline=TARGET_COLOR if row.on_path is False else None,
                   tooltip=self._bar_tooltip(row, bucket))

    def _money(self, amount: float | None) -> str:
        return "n/a" if amount is None else money_text(amount, self.session.plan.budget.source.currency)

    def _bar_tooltip(self, row: TrajectoryYear, bucket: Bucket) -> str:
        f = row.figures
        kind = "planned year" if row.planned else "budget year"
        amount = f.core if bucket == Bucket.CORE else f.security
        pct = f.core_pct_gdp if bucket == Bucket.CORE else f.security_pct_gdp
        lines = [f"{row.year} ({kind}) — {bucket.label}: {self._money(amount)}"]
        if pct is None:
            lines.append("No GDP for this year: enter GDP to see % of GDP and to drag.")
            return "\n".join(lines)
        lines.append(f"{pct:.2f}% of GDP (GDP {self._money(f.gdp)}"
                     f"{', projected' if self.session.plan.is_gdp_projected(row.year) else ''})")
        if bucket == Bucket.CORE:
            lines.append(f"Gap to the {self.words.floor} floor: {self._money(f.core_gap)}")
            if row.path_core_pct is not None:
                lines.append(f"Credible path (core): {row.path_core_pct:.2f}% of GDP")
        else:
            lines.append(f"Above the {self.words.ceiling} ceiling, not counted: "
                         f"{self._money(f.security_excess)}")
        lines.append(f"Counted: {f.counted_pct_gdp:.2f}% of GDP; gap to {self.words.total}: "
                     f"{self._money(f.total_gap)}")
        lines.append("Drag the top to change this total; double-click to type it.")
        return "\n".join(lines)

    def _refresh_lines(self) -> None:
        with_gdp = [r for r in self.rows if r.figures.gdp]
        years = [r.year for r in with_gdp]
        self.counted_line.setData(years, [r.figures.counted_pct_gdp for r in with_gdp])
        with_path = [r for r in self.rows if r.path_counted_pct is not None]
        self.path_line.setData([r.year for r in with_path], [r.path_counted_pct for r in with_path])
        self.core_path_line.setData([r.year for r in with_path], [r.path_core_pct for r in with_path])
        ceiling = self.session.plan.targets.security_ceiling_pct
        xs, ys = [], []
        for r in with_gdp:
            top = r.figures.core_pct_gdp + ceiling
            xs += [r.year - 0.36, r.year + 0.36]
            ys += [top, top]
        self.ceiling_marks.setData(xs, ys)
        below = [r for r in with_gdp if r.on_path is False]
        self.below_markers.setData([r.year for r in below],
                                   [r.figures.counted_pct_gdp for r in below],
                                   data=[self._below_tooltip(r) for r in below])
        self.total_target.setValue(self.session.plan.targets.total_pct)
        self.core_target.setValue(self.session.plan.targets.core_floor_pct)

    def _below_tooltip(self, row: TrajectoryYear) -> str:
        short = path_shortfall(row)
        f = row.figures
        return (f"{row.year} is below the credible path: counted {f.counted_pct_gdp:.2f}% of GDP "
                f"against {row.path_counted_pct:.2f}%, core {f.core_pct_gdp:.2f}% against "
                f"{row.path_core_pct:.2f}%.\nShort: {self._money(short[0])} counted, "
                f"{self._money(short[1])} core. 'Close the gap…' proposes the money.")

    def _refresh_counted_labels(self) -> None:
        """The counted % written above each year, so a printed chart reads without hovering."""
        _, text = palette_colors()
        while len(self.counted_labels) < len(self.rows):
            background, _ = palette_colors()
            background.setAlpha(215)  # readable where a path line or ceiling mark passes
            label = pg.TextItem(color=text, anchor=(0.5, 1.0), fill=pg.mkBrush(background))
            label.setZValue(20)
            self.plot.getPlotItem().addItem(label, ignoreBounds=True)
            self.counted_labels.append(label)
        for label, row in zip(self.counted_labels, self.rows):
            f = row.figures
            label.setVisible(f.counted_pct_gdp is not None)
            if f.counted_pct_gdp is not None:
                label.setText(f"{f.counted_pct_gdp:.2f}%")
                label.setColor(TARGET_COLOR if row.on_path is False else text)
                top = max(f.counted_pct_gdp, f.core_pct_gdp + f.security_pct_gdp)
                # lifted in pixels, clear of the below-path triangle (a data-unit lift left
                # the triangle over the figure on a short chart)
                lift = (self.below_markers.opts["size"] + 4) if row.on_path is False else 3
                height = label.textItem.boundingRect().height() or 18.0
                label.setAnchor((0.5, 1.0 + lift / height))
                label.setPos(row.year, top)

    def _refresh_no_gdp_labels(self) -> None:
        missing = [r.year for r in self.rows if not r.figures.gdp]
        while len(self.no_gdp_labels) < len(missing):
            label = pg.TextItem("no GDP", color=TARGET_COLOR, anchor=(0.5, 1.0), angle=90)
            label.setToolTip("This year has no GDP: enter GDP to see its % of GDP")
            self.plot.getPlotItem().addItem(label, ignoreBounds=True)
            self.no_gdp_labels.append(label)
        for i, label in enumerate(self.no_gdp_labels):
            label.setVisible(i < len(missing))
            if i < len(missing):
                label.setPos(missing[i], 0.1)

    def _refresh_axes(self) -> None:
        if not self.rows:
            return
        first, last = self.rows[0].year, self.rows[-1].year
        planned = [r.year for r in self.rows if r.planned]
        self.planned_region.setVisible(bool(planned))
        if planned:
            self.planned_region.setRegion((min(planned) - 0.5, last + 0.5))
        ticks = [(r.year, str(r.year)) for r in self.rows]
        self.plot.getPlotItem().getAxis("bottom").setTicks([ticks])
        tops = [self.session.plan.targets.total_pct] + [(r.figures.core_pct_gdp or 0) + (r.figures.security_pct_gdp or 0)
                        for r in self.rows]
        self.plot.getPlotItem().setXRange(first - 0.6, last + 0.6, padding=0)
        self.plot.getPlotItem().setYRange(-0.04, max(tops) * 1.12, padding=0)

    def _sync_baseline_combo(self) -> None:
        combo, plan = self.baseline_combo, self.session.plan
        combo.clear()
        combo.addItem("first budget year with GDP", None)
        for year in plan.years:
            combo.addItem(str(year), year)
        combo.setCurrentIndex(max(0, combo.findData(plan.planning.path_baseline_year)))

    def _on_baseline_activated(self, index: int) -> None:
        year = self.baseline_combo.itemData(index)
        if year != self.session.plan.planning.path_baseline_year:
            self.session.execute(SetPlanningAssumption(self.session.plan, "path_baseline_year", year))

    def _sync_spins(self) -> None:
        self._sync_baseline_combo()
        planning = self.session.plan.planning
        for spin, value in ((self.gdp_growth_spin, planning.gdp_growth_pct),
                            (self.spending_growth_spin, planning.spending_growth_pct)):
            if not spin.hasFocus():
                spin.blockSignals(True)
                spin.setValue(value)
                spin.blockSignals(False)

    def _refresh_typed_twin(self) -> None:
        current = self.year_combo.currentData()
        self.year_combo.blockSignals(True)
        self.year_combo.clear()
        for r in self.rows:
            self.year_combo.addItem(f"{r.year}{' (planned)' if r.planned else ''}", r.year)
        index = self.year_combo.findData(current)
        self.year_combo.setCurrentIndex(index if index >= 0 else 0)
        self.year_combo.blockSignals(False)
        currency = self.session.plan.budget.source.currency or "money"
        if self.unit_combo.count() == 0:
            for text, factor in ((f"{currency} bn", 1e9), (f"{currency} m", 1e6),
                                 (f"{currency}", 1.0), ("% of GDP", None)):
                self.unit_combo.addItem(text, factor)
        if not self.value_spin.hasFocus():
            self._show_current_total()

    def _show_current_total(self) -> None:
        """The twin starts from the chosen year's current total in the chosen unit: it read
        0.000, and pressing Set wiped the year's core defence."""
        year, bucket = self.year_combo.currentData(), self.category_combo.currentData()
        if year is None or bucket is None:
            return
        amount = self.session.plan.category_total(year, Bucket(bucket), None)
        factor = self.unit_combo.currentData()
        if factor is None:
            gdp = next(r.figures.gdp for r in self.rows if r.year == year)
            value = pct_of_gdp(amount, gdp) or 0.0
        else:
            value = amount / factor
        self.value_spin.setValue(value)
        self._shown_total = (self.value_spin.value(), amount)  # Set as shown keeps it exact

    # --- dragging ----------------------------------------------------------------------------------
    def _step(self, row: TrajectoryYear) -> float:
        """A round money step for snapping: about 1/200 of the year's pledge total of GDP."""
        return round_step((row.figures.gdp or 0.0) * self.session.plan.targets.total_pct / 100.0)

    def _amount_of(self, index: int, pct: float) -> float:
        row = self.rows[index]
        amount = amount_for_pct(self.session.plan, row.year, pct)
        return round(snap_to(amount, self._step(row)), 2)

    def _snap(self, index: int, pct: float) -> float:
        gdp = self.rows[index].figures.gdp
        return pct_of_gdp(self._amount_of(index, pct), gdp) if gdp else pct

    def _on_bar_is_changing(self, bucket: Bucket, index: int, pct: float) -> None:
        if bucket == Bucket.CORE:
            self.security_bars.set_bar_base(index, pct)
        self._show_readout(bucket, index, self._amount_of(index, pct))

    def _show_readout(self, bucket: Bucket, index: int, amount: float) -> None:
        row, plan = self.rows[index], self.session.plan
        f = row.figures
        core, security = (amount, f.security) if bucket == Bucket.CORE else (f.core, amount)
        what_if = plan.figures_if(row.year, core=core, security=security)
        pct = what_if.core_pct_gdp if bucket == Bucket.CORE else what_if.security_pct_gdp
        gap = what_if.core_gap if bucket == Bucket.CORE else what_if.security_gap
        target = self.words.floor if bucket == Bucket.CORE else self.words.ceiling
        # short lines: one long line ran off the plot beside the first and last years
        self.readout.setText(
            f"{row.year} {bucket.label}: {self._money(amount)}\n= {pct:.2f}% of GDP; "
            f"gap to {target}: {self._money(gap)}\nCounted {what_if.counted_pct_gdp:.2f}%; "
            f"gap to {self.words.total}: {self._money(what_if.total_gap)}\n"
            "Release to apply, Esc to cancel")
        self._drag_target = (row.year, bucket, amount)
        self._preview_timer.start()  # where the money goes, once the pointer rests
        bars = self.core_bars if bucket == Bucket.CORE else self.security_bars
        place_readout(self.readout, self.plot.getPlotItem().getViewBox(), bars.bar_end(index))
        self.plot.setFocus()

    def where_text(self, year: int, bucket: Bucket, amount: float) -> str:
        """'→ Equipment +EUR 1.2 bn (40 lines), Operations & other +EUR 0.8 bn' for a new
        total, as the chosen spread would place it (core.spread.preview_spread)."""
        delta = amount - self.session.plan.category_total(year, bucket, None)
        if abs(delta) < 0.005:
            return ""
        try:
            preview = preview_spread(self.session.plan,
                                     SpreadRequest(year, bucket, delta, self.spread_mode))
        except PlannerError as error:
            return str(error)
        return "→ " + preview.summary()

    def _on_preview_timeout(self) -> None:
        if self._drag_target is None or not self.readout.isVisible():
            return
        where = self.where_text(*self._drag_target)
        if where:
            text = self.readout.textItem.toPlainText().split("\n→")[0]
            lines = text.split("\n")
            self.readout.setText("\n".join(lines[:-1] + [where, lines[-1]]))

    def _show_twin_preview(self) -> None:
        """Only for what the delegate types or picks: a refresh setting the box says nothing."""
        if not (self.value_spin.hasFocus() or self.spread_combo.hasFocus()):
            self.preview_label.setText("")
            return
        if True:
            try:
                amount = self.typed_amount()
            except (PlannerError, ValueError):
                self.preview_label.setText("")
                return
            year, bucket = self.year_combo.currentData(), self.category_combo.currentData()
            if year is not None and bucket is not None:
                where = self.where_text(year, Bucket(bucket), amount)
                self.preview_label.setText(f"Set would put: {where[2:]}" if where.startswith("→")
                                           else where)

    def _on_bar_did_commit(self, bucket: Bucket, index: int, pct: float) -> None:
        self._drag_target = None
        self.readout.hide()
        self.apply_total(self.rows[index].year, bucket, self._amount_of(index, pct))
        self.drag_did_finish.emit()

    def _on_drag_did_cancel(self, index: int) -> None:
        self.readout.hide()
        self.status_label.setText("Drag cancelled: nothing changed.")
        self.refresh()

    def _on_bar_double_clicked(self, bucket: Bucket, index: int) -> None:
        self.year_combo.setCurrentIndex(self.year_combo.findData(self.rows[index].year))
        self.category_combo.setCurrentIndex(self.category_combo.findData(int(bucket)))
        self._show_current_total()
        self.value_spin.setFocus()
        self.value_spin.selectAll()

    # --- commands --------------------------------------------------------------------------------
    def apply_total(self, year: int, bucket: Bucket, amount: float) -> bool:
        """Run the one command a drag or a typed value stands for; say why if it cannot."""
        if abs(self.session.plan.category_total(year, bucket, None) - amount) < 0.005:
            self.status_label.setText(f"{year} {bucket.label} unchanged: nothing to undo.")
            self.refresh()
            return False
        plan = self.session.plan
        actual = not plan.is_planned_year(year) and is_actual(plan.budget, year, False)
        if actual and not confirm_actual_year_edit(self, plan.budget, year, False):
            self.status_label.setText(f"{year} left as it was.")
            self.refresh()
            return False
        try:
            command = SetCategoryTotal(plan, year, bucket, None, amount, mode=self.spread_mode,
                                       confirm_actual=actual)
            self.session.execute(command)
        except (PlannerError, ValueError) as error:
            self.status_label.setText(str(error))
            self.refresh()
            return False
        self.status_label.setText(f"Done: {command.label}. Undo with Ctrl+Z."
                                  + past_year_note(plan.budget, year))
        return True

    def typed_amount(self) -> float:
        """The money the typed twin stands for (a % of GDP becomes that year's amount)."""
        year, factor = self.year_combo.currentData(), self.unit_combo.currentData()
        shown, amount = self._shown_total
        if self.value_spin.value() == shown:
            return amount
        if factor is None:
            return amount_for_pct(self.session.plan, year, self.value_spin.value())
        return round(self.value_spin.value() * factor, 2)

    def _on_set_clicked(self) -> None:
        try:
            amount = self.typed_amount()
        except ValueError as error:
            self.status_label.setText(str(error))
            return
        self.apply_total(self.year_combo.currentData(), Bucket(self.category_combo.currentData()),
                         amount)

    def _on_assumption_edited(self, name: str, spin: QDoubleSpinBox) -> None:
        if abs(getattr(self.session.plan.planning, name) - spin.value()) > 1e-9:
            self.session.execute(SetPlanningAssumption(self.session.plan, name, spin.value()))

    def _on_close_gap_clicked(self) -> None:
        dialog = CloseTheGapDialog(self.session, self)
        dialog.accepted.connect(lambda: self.status_label.setText(
            f"Done: {self.session.stack.undo_label}. Undo with Ctrl+Z."))
        self.close_gap_dialog = dialog
        dialog.open()

    def apply_proposal(self, proposal) -> None:
        command = CloseTheGap(self.session.plan, proposal)
        self.session.execute(command)
        self.status_label.setText(f"Done: {command.label}. Undo with Ctrl+Z.")

    def _on_spread_clicked(self) -> None:
        """The twin's year and category, and the typed total's difference, in the spread
        dialog: choose where the money goes, see it, then apply."""
        year, bucket = self.year_combo.currentData(), Bucket(self.category_combo.currentData())
        try:
            delta = self.typed_amount() - self.session.plan.category_total(year, bucket, None)
        except (PlannerError, ValueError) as error:
            self.status_label.setText(str(error))
            return
        dialog = SpreadDialog(self.session, year, bucket, delta, parent=self,
                              mode=self.spread_mode)
        self.spread_dialog = dialog
        dialog.open()

    @property
    def spread_mode(self) -> str:
        return str(self.spread_combo.currentData())
