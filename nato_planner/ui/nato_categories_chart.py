"""NATO's own view of core spending (Tables 8a/8b): equipment, personnel, infrastructure,
other and unassigned as % of core, per year, stacked, with the 20% equipment guideline.

Equipment sits at the bottom of each bar so its top meets the guideline line directly.
Figures come from core (claim_figures_for, category_shares_pct); the chart only draws them.
"""
from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ..core.claim_figures import claim_figures_for
from ..core.money import money_text
from ..core.pledge import category_shares_pct
from ..core.taxonomy import NATO_CATEGORIES, NATO_CATEGORY_LABELS
from .chart_bars import TARGET_COLOR, palette_colors, style_plot
from .plan_session import PlanSession
from .seen_refresh import RefreshWhenSeen

CATEGORY_COLORS = {"equipment": QColor("#2f6db5"), "personnel": QColor("#8e6cc0"),
                   "infrastructure": QColor("#3a9d8f"), "other": QColor("#c9a227"),
                   "unassigned": QColor("#9a9a9a")}
BAR_WIDTH = 0.62


class NatoCategoriesChart(QWidget):
    """Stacked % of core per year, the guideline line, and the selected year in words."""

    def __init__(self, session: PlanSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.shares: dict[int, dict[str, float]] = {}
        self.plot = pg.PlotWidget()
        style_plot(self.plot)
        item = self.plot.getPlotItem()
        item.setTitle("Core defence by NATO category (% of core)",
                      color=palette_colors()[1].name(), bold=True)
        item.setLabel("left", "% of core defence")
        item.setLabel("bottom", "Year (lighter: planned years)")
        self._outline = pg.mkPen(palette_colors()[0], width=1)
        self.bars = {key: pg.BarGraphItem(x=[], height=[], width=BAR_WIDTH, y0=[])
                     for key in NATO_CATEGORIES}
        for bar in self.bars.values():
            item.addItem(bar)
        self.guideline = pg.InfiniteLine(angle=0, movable=False,
                                         pen=pg.mkPen(TARGET_COLOR, width=2,
                                                      style=Qt.PenStyle.DashLine))
        item.addItem(self.guideline)
        background = QColor(palette_colors()[0])
        background.setAlpha(220)
        self.guideline_label = pg.TextItem(color=TARGET_COLOR, anchor=(0, 1),
                                           fill=pg.mkBrush(background))
        item.addItem(self.guideline_label, ignoreBounds=True)
        self.legend_label = QLabel(self._legend_html())
        self.legend_label.setWordWrap(True)
        self.year_label = QLabel()
        self.year_label.setWordWrap(True)
        self.year_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.legend_label)
        layout.addWidget(self.year_label)
        self._redraw = RefreshWhenSeen(self, self.refresh)
        session.plan_did_change.connect(self._on_plan_did_change)
        session.selected_year_did_change.connect(lambda _year: self._refresh_year_text())
        self.refresh()

    def _on_plan_did_change(self, change) -> None:
        if change.figures_changed:  # a rationale or evidence edit moves nothing here
            self._redraw.figures_changed()  # now if on screen, else when shown

    def _legend_html(self) -> str:
        guideline = self.session.plan.targets.equipment_guideline_pct
        entries = [f'<span style="color:{CATEGORY_COLORS[k].name()}">■</span>&nbsp;'
                   f"{NATO_CATEGORY_LABELS[k]}" for k in NATO_CATEGORIES]
        entries.append(f'<span style="color:{TARGET_COLOR.name()}">╌╌</span>&nbsp;'
                       f"equipment guideline {guideline:g}% of core")
        return " &nbsp;&nbsp; ".join(entries)

    def refresh(self) -> None:
        plan = self.session.plan
        years = plan.trajectory_years
        self.money = {y: claim_figures_for(plan, y).core_by_category for y in years}
        self.shares = {y: s for y, s in ((y, category_shares_pct(m)) for y, m in
                                         self.money.items()) if s is not None}
        shown = sorted(self.shares)
        bottom = [0.0] * len(shown)
        for key in NATO_CATEGORIES:
            heights = [self.shares[y][key] for y in shown]
            brushes = [self._brush(key, plan.is_planned_year(y)) for y in shown]
            self.bars[key].setOpts(x=shown, height=heights, y0=list(bottom), width=BAR_WIDTH,
                                   brushes=brushes, pen=self._outline)
            bottom = [b + h for b, h in zip(bottom, heights)]
        guideline = plan.targets.equipment_guideline_pct
        self.guideline.setValue(guideline)
        self.guideline_label.setText(f"equipment guideline {guideline:g}%")
        if shown:
            self.guideline_label.setPos(shown[0] - 0.45, guideline)
            self.plot.getPlotItem().setXRange(shown[0] - 0.6, shown[-1] + 0.6, padding=0)
        self.plot.getPlotItem().setYRange(0, 104, padding=0)
        self.plot.getPlotItem().getAxis("bottom").setTicks(
            [[(y, str(y)) for y in shown if (y - shown[0]) % (2 if len(shown) > 8 else 1) == 0]])
        self._refresh_year_text()

    def _brush(self, key: str, planned: bool):
        """Made once per colour: 60 mkBrush calls a redraw cost more than the figures."""
        brushes = self.__dict__.setdefault("_brushes", {})
        if (key, planned) not in brushes:
            color = QColor(CATEGORY_COLORS[key])
            if planned:
                color.setAlpha(120)
            brushes[(key, planned)] = pg.mkBrush(color)
        return brushes[(key, planned)]

    def _refresh_year_text(self) -> None:
        year, plan = self.session.selected_year, self.session.plan
        shares = self.shares.get(year)
        if shares is None:
            self.year_label.setText(f"{year}: no core defence money to break down.")
            return
        currency = plan.budget.source.currency
        parts = [f"{NATO_CATEGORY_LABELS[k]} {money_text(self.money[year][k], currency)} "
                 f"({shares[k]:.1f}%)" for k in NATO_CATEGORIES if self.money[year][k]]
        guideline = plan.targets.equipment_guideline_pct
        verdict = ("meets" if shares["equipment"] >= guideline else "is below")
        self.year_label.setText(f"<b>{year}</b>: " + "; ".join(parts)
                                + f". Equipment {verdict} the {guideline:g}% guideline.")
