"""The dashboard shows the engine's figures for the selected year, follows edits, and a drag
on a sub-category bar changes that sub-category by the dragged amount in one undo step."""
from __future__ import annotations

import pytest

from nato_planner.core.commands import ClassifyLines
from nato_planner.core.money import money_text
from nato_planner.core.taxonomy import EQUIPMENT_SLOT, SLOTS, Bucket
from nato_planner.ui.dashboard_widget import BREAKDOWN_SLOTS, DashboardWidget
from test_drag_support import (
    allow_instant_drags, drag, press_escape, readout_is_on_screen, release, same_figures,
    to_viewport,
)


@pytest.fixture
def dashboard(qtbot, session):
    session.select_year(2026)
    view = DashboardWidget(session)
    qtbot.addWidget(view)
    view.resize(1200, 800)
    view.show()
    qtbot.waitExposed(view)
    allow_instant_drags(view.breakdown_plot)
    return view


def shown_matches_engine(view, session) -> None:
    f = session.plan.figures(session.selected_year)
    counted, security, core = (b.value for b in view.gauge_bars.bars)
    assert (core, security, counted) == pytest.approx(
        (f.core_pct_gdp, f.security_pct_gdp, f.counted_pct_gdp))
    assert money_text(f.core, "EUR") in view.gauge_value_labels[2].toPlainText()
    assert view.gap_labels["total"].text().startswith(money_text(f.total_gap, "EUR"))
    assert f"{100 * f.core_gap / f.gdp:.2f}% of GDP" in view.gap_labels["core"].text()
    assert view.equipment_bars.bars[0].value == pytest.approx(f.equipment_share_of_core)
    totals = session.plan.slot_totals(session.selected_year)
    shown = [b.value * view._scale for b in view.breakdown_bars.bars]
    assert shown == pytest.approx([totals[s] for s in BREAKDOWN_SLOTS])


def test_numbers_equal_the_engine_and_follow_edits(dashboard, session):
    shown_matches_engine(dashboard, session)
    unclassified = [i for i, b in enumerate(session.plan.budget.buckets) if b == Bucket.UNCLASSIFIED]
    session.execute(ClassifyLines(session.plan, unclassified[:20], Bucket.SECURITY))
    shown_matches_engine(dashboard, session)
    session.select_year(2025)
    assert dashboard.title_label.text().startswith("2025")
    shown_matches_engine(dashboard, session)


def test_security_above_the_ceiling_is_shown_as_not_counted(dashboard, session):
    gdp = session.plan.gdp_of(2026)
    lines = [i for i, b in enumerate(session.plan.budget.buckets) if b == Bucket.UNCLASSIFIED]
    from nato_planner.core.planning_commands import SpreadCategoryTotal
    session.execute(ClassifyLines(session.plan, lines, Bucket.SECURITY))
    session.execute(SpreadCategoryTotal(session.plan, 2026, Bucket.SECURITY, None, 0.02 * gdp))
    f = session.plan.figures(2026)
    bar = dashboard.gauge_bars.bars[1]
    assert bar.cap == 1.5 and bar.value == pytest.approx(2.0)
    assert "not counted" in dashboard.gauge_value_labels[1].toPlainText()
    assert money_text(f.security_excess, "EUR") in dashboard.gauge_value_labels[1].toPlainText()


def test_dragging_a_sub_category_changes_it_by_the_dragged_amount(dashboard, session):
    before = session.plan.figures(2026)
    index = BREAKDOWN_SLOTS.index(EQUIPMENT_SLOT)
    end = dashboard.breakdown_bars.bar_end(index)
    start = to_viewport(dashboard.breakdown_plot, end.x() * 0.99, end.y())
    target = to_viewport(dashboard.breakdown_plot, end.x() * 1.3, end.y())
    drag(dashboard.breakdown_plot, start, target)
    after = session.plan.figures(2026)
    assert session.stack.undo_label.startswith("Set 2026 Equipment to EUR")
    step = dashboard._step * dashboard._scale
    assert after.equipment == pytest.approx(before.equipment * 1.3, rel=0.02)
    assert after.core - before.core == pytest.approx(after.equipment - before.equipment, abs=1.0)
    assert after.security == pytest.approx(before.security)
    assert after.equipment / step == pytest.approx(round(after.equipment / step), abs=1e-6)
    assert dashboard.breakdown_bars.bars[index].value * dashboard._scale == pytest.approx(after.equipment)
    session.undo()
    assert same_figures(session.plan.figures(2026), before)
    shown_matches_engine(dashboard, session)


def test_escape_cancels_a_breakdown_drag(dashboard, session):
    before = session.plan.figures(2026)
    index = BREAKDOWN_SLOTS.index(EQUIPMENT_SLOT)
    end = dashboard.breakdown_bars.bar_end(index)
    start = to_viewport(dashboard.breakdown_plot, end.x() * 0.99, end.y())
    target = to_viewport(dashboard.breakdown_plot, end.x() * 0.5, end.y())
    drag(dashboard.breakdown_plot, start, target, finish=False)
    assert readout_is_on_screen(dashboard.breakdown_plot, dashboard.readout)
    press_escape(dashboard.breakdown_plot)
    release(dashboard.breakdown_plot, target)
    assert session.stack.history == []
    assert session.plan.figures(2026) == before
    assert dashboard.breakdown_bars.bars[index].value * dashboard._scale == pytest.approx(before.equipment)


def test_missing_gdp_is_a_message_not_a_crash(dashboard, session):
    session.select_year(2027)  # the fixture budget has no GDP for 2027
    assert "No GDP for 2027" in dashboard.gdp_label.text()
    assert dashboard.no_gdp_text.isVisible() and not dashboard.gauge_bars.isVisible()
    assert dashboard.gap_labels["core"].text() == "needs GDP"
    f = session.plan.figures(2027)
    core_bars = [b for b, s in zip(dashboard.breakdown_bars.bars, BREAKDOWN_SLOTS)
                 if SLOTS[s].bucket == Bucket.CORE]
    assert sum(b.value * dashboard._scale for b in core_bars) == pytest.approx(f.core)


@pytest.mark.parametrize("width", [420, 1200])
def test_breakdown_money_labels_fit_in_the_plot(qtbot, session, width):
    """In the narrow dock of a 1400 px window the largest sub-category's label read 'EUR 16.'."""
    session.select_year(2026)
    view = DashboardWidget(session)
    qtbot.addWidget(view)
    view.resize(width, 900)
    view.show()
    qtbot.waitExposed(view)
    qtbot.wait(20)
    box = view.breakdown_plot.getPlotItem().getViewBox()
    shown = box.sceneBoundingRect()
    for label in view.breakdown_value_labels:
        drawn = label.sceneBoundingRect()
        assert drawn.right() <= shown.right() + 1, label.toPlainText()


@pytest.mark.parametrize("width", [420, 1200])
def test_equipment_label_fits_in_its_plot(qtbot, session, width):
    """A 40% equipment share put its label past the right edge of the narrow dock."""
    session.select_year(2026)
    view = DashboardWidget(session)
    qtbot.addWidget(view)
    view.resize(width, 900)
    view.show()
    qtbot.waitExposed(view)
    qtbot.wait(20)
    assert view.figures.equipment_share_of_core > 35
    box = view.equipment_plot.getPlotItem().getViewBox().sceneBoundingRect()
    drawn = view.equipment_label.sceneBoundingRect()
    assert box.left() <= drawn.left() and drawn.right() <= box.right() + 1
