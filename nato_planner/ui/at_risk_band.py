"""The "at risk" band: counted % of GDP with and without the high-risk claims, and the money
at risk, drawn on the dashboard's gauges and on the trajectory. Figures come from core
(claim_figures_for); these helpers only place items on plots the widgets own."""
from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QLabel

from ..core.claim_figures import claim_figures_for, trajectory_claim_figures
from ..core.money import money_text
from ..core.pledge import ClaimFigures
from ..core.plan import Plan

AT_RISK_COLOR = QColor("#d1495b")
BAND_LEGEND = (AT_RISK_COLOR, "▨", "at risk: counted % without high-risk claims")


def band_sentence(f: ClaimFigures, currency: str | None) -> str:
    """'At risk: EUR 2.1 bn on high-risk claims; counted 3.85% of GDP, 3.52% without them.'"""
    if not f.at_risk:
        return "No counted money rests on high-risk claims."
    if f.counted_pct_gdp is None:
        return f"At risk: {money_text(f.at_risk, currency)} of counted money on high-risk claims."
    return (f"At risk: {money_text(f.at_risk, currency)} on high-risk claims; counted "
            f"{f.counted_pct_gdp:.2f}% of GDP, {f.counted_pct_gdp_without_high_risk:.2f}% "
            "without them.")


class DashboardBand:
    """A hatched stretch on the counted gauge from 'without high-risk' to 'with', and a
    sentence for the summary."""

    def __init__(self, item: pg.PlotItem, row: float, height: float = 0.45) -> None:
        self.row, self.height = row, height
        brush = QBrush(AT_RISK_COLOR, Qt.BrushStyle.BDiagPattern)
        self.bar = pg.BarGraphItem(x0=[0], x1=[0], y=[row], height=[height], brush=brush,
                                   pen=pg.mkPen(AT_RISK_COLOR, width=2))
        self.bar.setZValue(5)
        self.bar.setToolTip("Counted % of GDP resting on high-risk claims (the at-risk band)")
        item.addItem(self.bar)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setStyleSheet(f"color: {AT_RISK_COLOR.name()};")
        self.label.setToolTip("High-risk claims are likely to be contested by allies; the band "
                              "shows the counted % if they were struck")
        self.figures: ClaimFigures | None = None

    def update(self, plan: Plan, year: int) -> None:
        f = self.figures = claim_figures_for(plan, year)
        currency = plan.budget.source.currency
        self.label.setText(band_sentence(f, currency))
        shown = f.at_risk > 0 and f.counted_pct_gdp is not None
        self.bar.setVisible(shown)
        if shown:
            self.bar.setOpts(x0=[f.counted_pct_gdp_without_high_risk], x1=[f.counted_pct_gdp],
                             y=[self.row], height=[self.height])
            self.bar.setToolTip(band_sentence(f, currency))


class TrajectoryBand:
    """A shaded band under the counted line down to the counted % without high-risk claims,
    its lower edge dotted, and the money at risk written under each year that has some."""

    def __init__(self, item: pg.PlotItem) -> None:
        self.item = item
        self.top = pg.PlotCurveItem(pen=pg.mkPen(None))
        self.bottom = pg.PlotCurveItem(pen=pg.mkPen(AT_RISK_COLOR, width=2,
                                                    style=Qt.PenStyle.DotLine))
        fill = QColor(AT_RISK_COLOR)
        fill.setAlpha(70)
        self.fill = pg.FillBetweenItem(self.top, self.bottom, brush=pg.mkBrush(fill))
        self.points = pg.ScatterPlotItem(symbol="d", size=9, brush=pg.mkBrush(AT_RISK_COLOR),
                                         pen=pg.mkPen(None), hoverable=True, tip=self._tip)
        for element in (self.top, self.bottom, self.fill, self.points):
            element.setZValue(8)
            item.addItem(element)
        self.summary_label = QLabel()  # the money at risk per year, under the chart
        self.summary_label.setWordWrap(True)
        self.summary_label.setContentsMargins(8, 0, 8, 0)
        self.summary_label.setStyleSheet(f"color: {AT_RISK_COLOR.name()};")
        self.summary_label.setToolTip("Counted money resting on high-risk claims, per year")
        self.rows: list[ClaimFigures] = []

    @staticmethod
    def _tip(x: float, y: float, data: str) -> str:
        return data

    def update(self, plan: Plan) -> None:
        currency = plan.budget.source.currency
        self.rows = [f for f in trajectory_claim_figures(plan) if f.counted_pct_gdp is not None]
        years = [f.year for f in self.rows]
        self.top.setData(years, [f.counted_pct_gdp for f in self.rows])
        self.bottom.setData(years, [f.counted_pct_gdp_without_high_risk for f in self.rows])
        risky = [f for f in self.rows if f.at_risk > 0]
        self.points.setData([f.year for f in risky],
                            [f.counted_pct_gdp_without_high_risk for f in risky],
                            data=[f"{f.year}: {band_sentence(f, currency)}" for f in risky])
        visible = bool(risky)
        for element in (self.top, self.bottom, self.fill):
            element.setVisible(visible)
        self.summary_label.setText(self._summary(risky, currency))

    @staticmethod
    def _summary(risky: list[ClaimFigures], currency: str | None) -> str:
        if not risky:
            return "No counted money rests on high-risk claims."
        years = " · ".join(f"{f.year} {money_text(f.at_risk, None, digits=2)} "
                           f"({f.counted_pct_gdp_without_high_risk:.2f}%)" for f in risky)
        unit = f" ({currency})" if currency else ""
        return (f"<b>Money at risk{unit}</b>, and counted % of GDP without the high-risk "
                f"claims: {years}")
