"""Dragging a year's bar on the path-to-2035 chart: one command on release, Esc cancels,
the typed twin gives the same result, close-the-gap applies as one step."""
from __future__ import annotations

import pytest

from nato_planner.core.taxonomy import Bucket
from nato_planner.core.trajectory import trajectory
from nato_planner.ui.trajectory_widget import TrajectoryWidget
from test_drag_support import (
    allow_instant_drags, drag, press_escape, readout_is_on_screen, release, same_figures,
    same_trajectory, to_viewport,
)


@pytest.fixture
def widget(qtbot, session):
    view = TrajectoryWidget(session)
    qtbot.addWidget(view)
    view.resize(1200, 760)
    view.show()
    qtbot.waitExposed(view)
    allow_instant_drags(view.plot)
    return view


def drag_core_top(widget, year: int, by_pct: float, finish: bool = True):
    index = [r.year for r in widget.rows].index(year)
    top = widget.core_bars.bar_end(index)
    start = to_viewport(widget.plot, top.x(), top.y() - 0.02)
    end = to_viewport(widget.plot, top.x(), top.y() - 0.02 + by_pct)
    drag(widget.plot, start, end, steps=10, finish=finish)
    return index, end


def test_bars_show_the_engine_figures_for_every_year_to_2035(widget, session):
    rows = trajectory(session.plan)
    assert [b.position for b in widget.core_bars.bars] == list(range(2024, 2036))
    for bar, row in zip(widget.security_bars.bars, rows):
        assert bar.value == pytest.approx(row.figures.security_pct_gdp or 0.0)
        assert bar.base == pytest.approx(row.figures.core_pct_gdp or 0.0)
    assert [b.planned for b in widget.core_bars.bars] == [r.planned for r in rows]
    below = [r.year for r in rows if r.on_path is False]
    assert list(widget.below_markers.data["x"]) == below
    assert [b.outline is not None for b in widget.core_bars.bars] == [r.on_path is False for r in rows]


def test_drag_changes_the_year_by_the_dragged_amount_in_one_undo_step(widget, session):
    before = session.plan.figures(2025)
    step = widget._step(widget.rows[1])
    index, _ = drag_core_top(widget, 2025, 0.5)
    after = session.plan.figures(2025)
    assert len(session.stack.history) == 1
    assert session.stack.undo_label.startswith("Set 2025 Core defence to EUR")
    # moved by half a percent of GDP, give or take a snapping step and a pixel
    assert after.core - before.core == pytest.approx(0.005 * before.gdp, abs=2 * step)
    assert after.core / step == pytest.approx(round(after.core / step), abs=1e-6)  # a round amount
    assert widget.core_bars.bars[index].value == pytest.approx(after.core_pct_gdp)
    session.undo()
    assert same_figures(session.plan.figures(2025), before)


def test_intermediate_moves_run_no_command_and_esc_cancels(widget, session):
    before = session.plan.figures(2025)
    index, end = drag_core_top(widget, 2025, 0.8, finish=False)
    assert session.stack.history == []
    assert readout_is_on_screen(widget.plot, widget.readout)
    assert "% of GDP" in widget.readout.textItem.toPlainText()
    assert widget.core_bars.bars[index].value > before.core_pct_gdp + 0.5
    press_escape(widget.plot)
    release(widget.plot, end)
    assert session.stack.history == []
    assert same_figures(session.plan.figures(2025), before)
    assert widget.core_bars.bars[index].value == pytest.approx(before.core_pct_gdp)
    assert not widget.readout.isVisible()


def test_typed_twin_gives_exactly_the_drag_result(widget, session):
    drag_core_top(widget, 2025, 0.6)
    dragged = session.plan.figures(2025)
    amounts = session.plan.budget.amounts.copy()
    session.undo()
    widget.year_combo.setCurrentIndex(widget.year_combo.findData(2025))
    widget.category_combo.setCurrentIndex(0)
    widget.unit_combo.setCurrentIndex(widget.unit_combo.findData(1.0))
    widget.value_spin.setValue(dragged.core)
    widget.set_button.click()
    assert same_figures(session.plan.figures(2025), dragged)
    assert (session.plan.budget.amounts == amounts).all()


def test_dragging_a_planned_year_sets_its_planned_money(widget, session):
    before = session.plan.figures(2030)
    drag_core_top(widget, 2030, 1.0)
    after = session.plan.figures(2030)
    assert after.core_pct_gdp - before.core_pct_gdp == pytest.approx(1.0, abs=0.05)
    assert session.plan.planning.planned_amounts
    session.undo()
    assert same_figures(session.plan.figures(2030), before)


def test_growth_rate_controls_are_undoable_commands(widget, session):
    gdp_before = session.plan.figures(2035).gdp
    widget.gdp_growth_spin.setValue(4.5)
    widget.gdp_growth_spin.editingFinished.emit()
    assert session.plan.planning.gdp_growth_pct == 4.5
    assert session.plan.figures(2035).gdp > gdp_before
    assert session.stack.undo_label == "Set nominal GDP growth to 4.5% a year"
    session.undo()
    assert widget.gdp_growth_spin.value() == 3.0
    assert session.plan.figures(2035).gdp == gdp_before


def test_close_the_gap_applies_the_shown_proposal_as_one_step(widget, session):
    from nato_planner.core.close_gap import propose_close_gap
    before = trajectory(session.plan)
    proposal = propose_close_gap(session.plan, "path")
    assert proposal.steps
    widget.apply_proposal(proposal)
    assert all(r.on_path for r in trajectory(session.plan) if r.on_path is not None)
    assert len(session.stack.history) == 1
    assert widget.below_markers.data.size == 0
    session.undo()
    assert same_trajectory(trajectory(session.plan), before)


def test_year_without_gdp_is_labelled_and_cannot_be_dragged(widget, session):
    session.plan.budget.gdp.pop(2025)
    widget.refresh()
    index = [r.year for r in widget.rows].index(2025)
    assert not widget.core_bars.bars[index].draggable
    assert any(label.isVisible() and label.pos().x() == 2025 for label in widget.no_gdp_labels)
    assert "No GDP" in widget.core_bars.bars[index].tooltip


def test_double_click_on_a_bar_opens_its_typed_twin(widget, session):
    from PySide6.QtCore import QEvent
    from test_drag_support import LEFT, NONE, send_mouse
    index = [r.year for r in widget.rows].index(2026)
    bar = widget.security_bars.bar_rect(index).center()
    pos = to_viewport(widget.plot, bar.x(), bar.y())
    send_mouse(widget.plot, QEvent.Type.MouseButtonPress, pos, LEFT, LEFT)
    send_mouse(widget.plot, QEvent.Type.MouseButtonRelease, pos, LEFT, NONE)
    send_mouse(widget.plot, QEvent.Type.MouseButtonDblClick, pos, LEFT, LEFT)
    send_mouse(widget.plot, QEvent.Type.MouseButtonRelease, pos, LEFT, NONE)
    assert widget.year_combo.currentData() == 2026
    assert widget.category_combo.currentText() == "Security-related"
    factor = widget.unit_combo.currentData()
    assert widget.value_spin.value() == pytest.approx(session.plan.figures(2026).security / factor,
                                                      abs=1e-3)
    assert session.stack.history == []


def test_typing_a_percent_of_gdp_sets_that_share(widget, session):
    widget.year_combo.setCurrentIndex(widget.year_combo.findData(2030))
    widget.category_combo.setCurrentIndex(0)
    widget.unit_combo.setCurrentIndex(widget.unit_combo.findText("% of GDP"))
    widget.value_spin.setValue(3.2)
    before = session.plan.figures(2030).core
    widget.set_button.click()
    after, unit = session.plan.figures(2030), session.plan.display_unit
    # 3.2% to within one unit of the table (the money moves in whole units, no stray cents)
    assert unit == session.plan.budget.source.scale == 1e3
    assert after.core_pct_gdp == pytest.approx(3.2, abs=100 * unit / after.gdp)
    moved = (after.core - before) / unit
    assert moved == pytest.approx(round(moved), abs=1e-6)
    assert widget.core_bars.bars[[r.year for r in widget.rows].index(2030)].value == \
        pytest.approx(after.core_pct_gdp, abs=1e-12)


def test_path_baseline_choice_moves_the_path_and_undoes(widget, session):
    start = widget.path_line.yData[0]
    widget.baseline_combo.activated.emit(widget.baseline_combo.findData(2026))
    rows = trajectory(session.plan)
    assert rows[2].path_counted_pct == pytest.approx(session.plan.figures(2026).counted_pct_gdp)
    assert list(widget.path_line.yData) == pytest.approx([r.path_counted_pct for r in rows
                                                          if r.path_counted_pct is not None])
    session.undo()
    assert widget.path_line.yData[0] == start
    assert widget.baseline_combo.currentData() is None


def test_close_the_gap_dialog_lists_every_year_below_the_path(widget, session, qtbot):
    from nato_planner.core.close_gap import propose_close_gap
    from nato_planner.ui.trajectory_widget import CloseTheGapDialog
    proposal = propose_close_gap(session.plan, "path")
    dialog = CloseTheGapDialog(session, widget)
    qtbot.addWidget(dialog)
    years = [dialog.table.item(r, 0).text()[:4] for r in range(dialog.table.rowCount())]
    assert years == [str(s.year) for s in proposal.steps]
    assert dialog.table.item(0, 1).text().startswith("EUR")
    assert session.stack.history == []  # showing the proposal changes nothing


def test_a_drag_released_where_it_started_adds_no_undo_step(widget, session):
    from test_drag_support import move
    before = session.plan.figures(2025)
    index, end = drag_core_top(widget, 2025, 0.5, finish=False)
    top = widget.rows[index].figures.core_pct_gdp
    back = to_viewport(widget.plot, 2025, top)
    move(widget.plot, back)
    release(widget.plot, back)
    assert session.stack.history == []
    assert same_figures(session.plan.figures(2025), before)
    assert widget.core_bars.bars[index].value == pytest.approx(before.core_pct_gdp)


def test_typed_twin_starts_from_the_chosen_years_total(widget, session):
    """It read 0.000 whatever the year: pressing Set as shown wiped the year's core defence."""
    widget.year_combo.setCurrentIndex(widget.year_combo.findData(2025))
    widget.category_combo.setCurrentIndex(widget.category_combo.findData(int(Bucket.CORE)))
    widget.unit_combo.setCurrentIndex(widget.unit_combo.findData(1e9))
    f = session.plan.figures(2025)
    assert widget.value_spin.value() == pytest.approx(f.core / 1e9, abs=1e-3)
    widget.unit_combo.setCurrentIndex(widget.unit_combo.findText("% of GDP"))
    assert widget.value_spin.value() == pytest.approx(f.core_pct_gdp, abs=1e-3)
    widget.category_combo.setCurrentIndex(widget.category_combo.findData(int(Bucket.SECURITY)))
    assert widget.value_spin.value() == pytest.approx(f.security_pct_gdp, abs=1e-3)
    widget.set_button.click()  # Set as shown changes nothing worth a step
    assert session.plan.figures(2025).core == f.core
    assert same_figures(session.plan.figures(2025), f)
