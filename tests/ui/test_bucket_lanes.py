"""Bucket lanes: a drop reclassifies the dragged lines in one step; totals come from the engine."""
from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent

from nato_planner.core.taxonomy import Bucket
from nato_planner.ui.bucket_lanes import BucketLanesWidget
from nato_planner.ui.line_items_model import LineItemsTableModel
from nato_planner.core.money import money_text


@pytest.fixture
def lanes(qtbot, session):
    widget = BucketLanesWidget(session)
    qtbot.addWidget(widget)
    return widget


def _drop(lane, mime):
    event = QDropEvent(QPointF(5, 5), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    lane.dropEvent(event)
    return event


def test_drop_event_reclassifies_the_dragged_rows_as_one_step(lanes, session):
    model = LineItemsTableModel(session)
    b = session.plan.budget
    lines = np.flatnonzero((b.buckets == Bucket.UNCLASSIFIED) & ~b.excluded)[:6]
    mime = model.mimeData([model.index(model.row_of(int(line)), 2) for line in lines])
    year = session.selected_year
    expected_core = session.plan.figures(year).core + float(
        (b.amounts[lines, b.year_index(year)] * b.shares[lines]).sum())
    lane = lanes.lane(Bucket.CORE)
    enter = QDragEnterEvent(QPoint(5, 5), Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    lane.dragEnterEvent(enter)
    assert enter.isAccepted()
    assert _drop(lane, mime).isAccepted()
    assert set(b.buckets[lines]) == {Bucket.CORE}
    assert session.plan.figures(year).core == pytest.approx(expected_core)
    assert lane.total_label.text() == f"{year}: {money_text(session.plan.figures(year).core, 'EUR')}"
    assert session.stack.history == ["Reclassify 6 lines as Core defence"]


def test_a_foreign_drag_is_refused(lanes, session):
    mime = QMimeData()
    mime.setText("not lines")
    lane = lanes.lane(Bucket.SECURITY)
    enter = QDragEnterEvent(QPoint(5, 5), Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    enter.ignore()
    lane.dragEnterEvent(enter)
    assert not enter.isAccepted()
    assert not lane.drop_mime(mime) and session.stack.history == []


def test_lanes_show_percent_of_gdp_or_say_why_not(lanes, session):
    session.select_year(2025)
    figures = session.plan.figures(2025)
    assert lanes.lane(Bucket.CORE).pct_label.text() == f"{figures.core_pct_gdp:.2f}% of GDP · floor 3.5%"
    session.select_year(2027)  # no GDP in the fixture for 2027
    assert lanes.lane(Bucket.SECURITY).pct_label.text() == "% of GDP: n/a (no GDP)"
    assert lanes.lane(Bucket.NOT_COUNTED).total_label.text() == \
        f"2027: {money_text(session.plan.figures(2027).not_counted, 'EUR')}"
