"""What a tester hit (issue 10, item 7), each as the delegate would notice it."""
from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtWidgets import QMessageBox, QStyleOptionViewItem

from nato_planner.core.commands import SetAmounts, SetGdp
from nato_planner.core.taxonomy import Bucket
from nato_planner.ui.bucket_lanes import LANE_BUCKETS, BucketLanesWidget
from nato_planner.ui.line_items_delegate import LineItemsDelegate
from nato_planner.ui.line_items_model import ColumnKind, LineItemsTableModel
from nato_planner.ui.trajectory_widget import TrajectoryWidget
from nato_planner.ui.wording import count_text, gui_wording
from test_drag_support import allow_instant_drags, drag, to_viewport


@pytest.fixture
def table(qtbot, session, monkeypatch):
    from PySide6.QtWidgets import QWidget
    monkeypatch.setattr("nato_planner.ui.actual_years.current_year", lambda: 2026)
    model = LineItemsTableModel(session)
    parent = QWidget()
    qtbot.addWidget(parent)
    return model, LineItemsDelegate(model, parent), parent


def type_into(qtbot, table, line: int, column: int, text: str):
    model, delegate, parent = table
    index = model.index(model.row_of(line), column)
    editor = delegate.createEditor(parent, QStyleOptionViewItem(), index)
    delegate.setEditorData(editor, index)
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    delegate.setModelData(editor, model, index)


def readable_core_line(session) -> int:
    b = session.plan.budget
    return int(np.flatnonzero((b.buckets == Bucket.CORE) & ~b.excluded)[0])


@pytest.fixture
def trajectory(qtbot, session):
    view = TrajectoryWidget(session)
    qtbot.addWidget(view)
    view.resize(1200, 760)
    view.show()
    qtbot.waitExposed(view)
    allow_instant_drags(view.plot)
    return view


def test_an_absurd_amount_is_refused_with_a_sentence(qtbot, table, session):
    model = table[0]
    line = readable_core_line(session)
    before = session.plan.budget.amounts[line].copy()
    with qtbot.waitSignal(model.edit_was_refused) as said:
        type_into(qtbot, table, line, model.column_of(ColumnKind.AMOUNT, 2026), "1e20")
    assert "not plausible" in said.args[0] and "unit" in said.args[0]
    assert (session.plan.budget.amounts[line] == before).all()
    assert session.stack.history == []


def test_an_actual_year_is_only_changed_after_the_delegate_says_so(qtbot, table, session,
                                                                    message_boxes, monkeypatch):
    model = table[0]
    line = readable_core_line(session)
    column = model.column_of(ColumnKind.AMOUNT, 2024)
    before = session.plan.budget.amounts[line, 0]
    type_into(qtbot, table, line, column, "1234")
    assert [kind for kind, _ in message_boxes] == ["question"]  # asked, answered No
    assert "2024 is a past year" in message_boxes[0][1]
    assert session.plan.budget.amounts[line, 0] == before
    monkeypatch.setattr(QMessageBox, "question",
                        staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes))
    type_into(qtbot, table, line, column, "1234")
    assert session.plan.budget.amounts[line, 0] == 1234 * 1000.0  # the table is in thousands


def test_a_planning_year_edit_asks_nothing(qtbot, table, session, message_boxes):
    model = table[0]
    line = readable_core_line(session)
    type_into(qtbot, table, line, model.column_of(ColumnKind.AMOUNT, 2027), "1234")
    assert message_boxes == []
    assert session.plan.budget.amounts[line, 3] == 1234 * 1000.0


def test_changed_column_speaks_the_tables_unit(session, table):
    model = table[0]
    line = readable_core_line(session)
    old = session.plan.budget.amounts[line, 3]
    session.execute(SetAmounts(session.plan, [line], 2027, 1_250_000.0))
    text = model.index(model.row_of(line), model.column_of(ColumnKind.CHANGED)).data()
    assert f"2027: {old / 1000:,.0f} -> 1,250" in text  # EUR thousand, like the amount columns
    assert "1,250,000" not in text


def test_a_spread_leaves_whole_units_of_the_table_not_cents(qtbot, trajectory, session, table):
    model = table[0]
    b, column = session.plan.budget, model.column_of(ColumnKind.AMOUNT, 2026)
    session.execute(SetGdp(session.plan, 2026, 761_234_567_891.0))  # 3.3% of it: odd cents
    before = b.amounts[:, b.year_index(2026)].copy()
    trajectory.year_combo.setCurrentIndex(trajectory.year_combo.findData(2026))
    trajectory.unit_combo.setCurrentIndex(trajectory.unit_combo.findText("% of GDP"))
    trajectory.value_spin.setValue(3.3)
    trajectory.set_button.click()
    changed = np.flatnonzero(b.amounts[:, b.year_index(2026)] != before)
    assert len(changed) > 1
    shown = [model.index(model.row_of(int(line)), column).data() for line in changed]
    assert [t for t in shown if "." in t] == []  # EUR thousand, no decimals
    core = session.plan.figures(2026).core
    assert core == pytest.approx(0.033 * 761_234_567_891.0, abs=1e3)  # within one unit
    assert core % 1e3 == 0


def test_gui_never_tells_the_user_to_give_command_line_options():
    importer_sentences = [
        "No GDP for 2027: percentages of GDP and gaps are null for those years; give --gdp "
        "YEAR=AMOUNT or add a GDP sheet.",
        "x.xlsx has no sheet named 'B' (it has: A, C): give one of those with --sheet",
        "x.xlsx has a table ... or choose it with --sheet",
    ]
    for sentence in importer_sentences:
        shown = gui_wording(sentence)
        assert "--" not in shown
    assert "Edit > GDP per year" in gui_wording(importer_sentences[0])


def test_counts_use_the_singular_for_one():
    assert count_text(1, "row") == "1 row"
    assert count_text(2, "row") == "2 rows"
    assert count_text(1204, "line") == "1,204 lines"


def test_the_line_count_reads_the_same_in_lanes_filter_and_preview(qtbot, session):
    from nato_planner.ui.wording import line_count_text
    lanes = BucketLanesWidget(session)
    qtbot.addWidget(lanes)
    counts = [int(lanes.lane(b).count_label.text().split()[0].replace(",", "")) for b in LANE_BUCKETS]
    unclassified = int(lanes.unclassified_label.text().split("\n")[1].split()[0])
    budget = session.plan.budget
    assert sum(counts) + unclassified == len(budget)
    assert line_count_text(budget).startswith(f"{len(budget):,} lines (2 with an unreadable")


def test_lane_cards_do_not_overlap_their_text_at_1366x768(qtbot, session):
    lanes = BucketLanesWidget(session)
    qtbot.addWidget(lanes)
    lanes.resize(lanes.minimumWidth(), 330)  # the room the lanes get at 1366 x 768
    lanes.show()
    qtbot.waitExposed(lanes)
    for bucket in LANE_BUCKETS:
        lane = lanes.lane(bucket)
        labels = [lane.title_label, lane.total_label, lane.pct_label, lane.count_label]
        for upper, lower in zip(labels, labels[1:]):
            assert upper.geometry().bottom() < lower.geometry().top()
        for label in labels:
            assert label.height() >= label.sizeHint().height()
            assert label.width() >= label.sizeHint().width()  # not clipped sideways


def test_status_bar_forgets_the_gdp_warning_once_gdp_is_entered_and_follows_undo(qtbot, budget):
    from nato_planner.io.budget_import import Detection, ImportResult
    from nato_planner.ui.main_window import MainWindow
    window = MainWindow()
    qtbot.addWidget(window)
    detection = Detection("Budget", ["Budget"], 4, [], {}, {}, 1000.0, "", "EUR", None)
    session = window.install_plan("northland.xlsx", ImportResult(budget, detection, [], [], []))
    assert "No GDP for 2027" in window.statusBar().currentMessage()
    session.execute(SetGdp(session.plan, 2027, 7.9e11))
    assert "No GDP" not in window.statusBar().currentMessage()
    assert window.statusBar().currentMessage().startswith("Done: Set 2027 GDP")
    window.undo_action.trigger()
    assert window.statusBar().currentMessage().startswith("Undone: Set 2027 GDP")
    assert "No GDP for 2027" in window.statusBar().currentMessage()  # true again after undo
    session.stack.mark_clean()


def test_ctrl_y_redoes(qtbot, budget):
    from PySide6.QtGui import QKeySequence
    from nato_planner.ui.main_window import MainWindow
    window = MainWindow()
    qtbot.addWidget(window)
    assert QKeySequence("Ctrl+Y") in window.redo_action.shortcuts()


def test_enter_in_the_typed_twin_sets_the_total(qtbot, trajectory, session):
    trajectory.year_combo.setCurrentIndex(trajectory.year_combo.findData(2026))
    trajectory.unit_combo.setCurrentIndex(trajectory.unit_combo.findData(1e9))
    trajectory.value_spin.setFocus()
    trajectory.value_spin.selectAll()
    qtbot.keyClicks(trajectory.value_spin, "30")
    qtbot.keyClick(trajectory.value_spin, Qt.Key.Key_Return)
    assert session.stack.undo_label.startswith("Set 2026 Core defence")
    assert session.plan.figures(2026).core == pytest.approx(30e9)


def test_enter_confirms_the_close_the_gap_dialog(qtbot, trajectory, session):
    from nato_planner.ui.chart_gap_dialog import CloseTheGapDialog
    dialog = CloseTheGapDialog(session, trajectory)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.table.setFocus()
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    assert dialog.result() == dialog.DialogCode.Accepted


def test_grabbing_the_core_bars_top_moves_core_not_security(trajectory, session):
    index = [r.year for r in trajectory.rows].index(2026)
    top = trajectory.core_bars.bar_end(index)  # exactly where the security part starts
    before = session.plan.figures(2026)
    drag(trajectory.plot, to_viewport(trajectory.plot, top.x(), top.y()),
         to_viewport(trajectory.plot, top.x(), top.y() + 0.5))
    after = session.plan.figures(2026)
    assert after.core > before.core
    assert after.security == pytest.approx(before.security)


def scene_rect_of_marker(plot, x: float, y: float, size: float) -> QRectF:
    centre = plot.getPlotItem().getViewBox().mapViewToScene(QPointF(x, y))
    return QRectF(centre.x() - size / 2, centre.y() - size / 2, size, size)


def test_percent_labels_sit_clear_of_the_below_path_triangles(trajectory):
    below = [(i, r) for i, r in enumerate(trajectory.rows) if r.on_path is False]
    assert below, "the fixture has years below the path"
    size = trajectory.below_markers.opts["size"]
    for i, row in below:
        label = trajectory.counted_labels[i].sceneBoundingRect()
        marker = scene_rect_of_marker(trajectory.plot, row.year, row.figures.counted_pct_gdp, size)
        assert not label.intersects(marker), row.year


def test_the_targets_are_named_where_no_bar_can_cover_them(trajectory):
    ticks = [text for level in trajectory.target_axis._tickLevels for _, text in level]
    assert "3.5% core floor" in ticks and "5% pledge" in ticks
    plot_area = trajectory.plot.getPlotItem().getViewBox().sceneBoundingRect()
    assert trajectory.target_axis.scenePos().x() >= plot_area.right() - 1  # right of the bars
